"""Liveness and readiness for load balancers and orchestrators."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from data_sources import catalogue

from . import data, render

NO_STORE = {"Cache-Control": "no-store"}


async def healthz(request: Request) -> Response:
    """The process serves HTTP (nothing else is checked: a slow dataset must not get it restarted)."""
    return JSONResponse({"status": "ok"}, headers=NO_STORE)


def readyz(request: Request) -> Response:
    """200 with each dataset's freshness when every dataset loads; 503 naming the ones that don't.
    Also the preview queue: drawings started since start (a crowd on one cold preview adds one) and
    drawings waiting or under way (a full queue answers 503 to bots), and how many times the default
    previews have been drawn (0: this replica is not warm yet; its first shared links wait)."""
    report, failing = {}, []
    for name in catalogue.CATALOGUE:
        result = data.try_load(name)
        if isinstance(result, str):
            failing.append(name)
            report[name] = {"ready": False, "reason": result}
            continue
        prov = result.provenance
        report[name] = {"ready": True, "as_of": prov.as_of.strftime("%Y-%m-%d") if prov.as_of is not None else None,
                        "origin": prov.origin, "stale": prov.stale, "freshness": prov.freshness_text(),
                        "problems": list(prov.problems)}
    status = 503 if failing else 200
    previews = {"drawings_started": render.started(), "waiting_or_drawing": render.queued(),
                "default_rounds": render.default_rounds()}
    return JSONResponse({"status": "not ready" if failing else "ready", "not_ready": failing, "datasets": report,
                         "previews": previews},
                        status_code=status, headers=NO_STORE)


def routes() -> list[Route]:
    return [Route("/healthz", healthz, methods=["GET", "HEAD"]), Route("/readyz", readyz, methods=["GET", "HEAD"])]
