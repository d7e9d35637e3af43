"""The public HTTP API: datasets with provenance, and every page's main chart as CSV, JSON or PNG.

    GET /api/v1/datasets                     every dataset: provenance and series
    GET /api/v1/datasets/{name}.csv|.json    the whole dataset, tidy, with provenance
    GET /api/v1/charts/{page}.csv|.json|.png?<the page's own query>

A chart's query is read by the page's own codec into the page's own state, and drawn by the page's
own builder (`views`): the CSV is the page's Download CSV, the PNG its link preview.
"""

from __future__ import annotations

import asyncio
import json
import math
import unicodedata
from collections.abc import Callable
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from charts.export import table
from data_sources import catalogue
from views import VIEWS, cite, memo, urlstate
from views.chart import Main, embed_height, headline, versions

from . import data, preview, render, responses
from .responses import cached, cached_async, error, etag

MAX_QUERY_CHARS = 8000  # well past any real state; each value is also capped (urlstate.MAX_CHARS)
CHART_FORMATS = {"csv": "text/csv; charset=utf-8", "json": "application/json", "png": "image/png",
                 "html": "text/html; charset=utf-8"}
#: Answers a browser saves rather than shows (the page's Download CSV / HTML point here).
ATTACHMENTS = {"csv", "html"}
DATASET_FORMATS = {"csv": "text/csv; charset=utf-8", "json": "application/json"}


def site(request: Request) -> str:
    return responses.site(request.scope)


def _split(file: str, formats: dict[str, str]) -> tuple[str, str] | None:
    stem, dot, ext = file.rpartition(".")
    return (stem, ext) if dot and ext in formats else None


def _header_value(text: str) -> str:
    """HTTP headers are Latin-1: provenance in headers is kept to ASCII."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return " ".join(ascii_text.split())[:500]


def _json_bytes(payload: Any) -> bytes:
    return json.dumps(payload, ensure_ascii=False, allow_nan=False, default=str).encode("utf-8")


# -- datasets ----------------------------------------------------------------------------------

def datasets(request: Request) -> Response:
    names = tuple(catalogue.CATALOGUE)
    listing, failed, served = [], [], []
    for name in names:
        spec = catalogue.get(name)
        entry: dict[str, Any] = {"name": name, "title": spec.title, "description": spec.description,
                                 "unit": spec.unit, "frequency": spec.frequency,
                                 "csv": f"{site(request)}/api/v1/datasets/{name}.csv",
                                 "json": f"{site(request)}/api/v1/datasets/{name}.json"}
        result = data.try_load(name)
        if isinstance(result, str):
            entry |= {"provenance": None, "error": result, "series": []}
            failed.append(name)
        else:
            entry |= {"provenance": data.provenance_json(result.provenance), "series": data.series_json(result)}
            served.append(result.provenance.vintage)
        listing.append(entry)
    tag = etag("datasets", served, site(request), failed, weak=True)
    return cached(request, tag, data.max_age(names), lambda: _json_bytes({"datasets": listing}), "application/json")


def dataset(request: Request) -> Response:
    split = _split(request.path_params["file"], DATASET_FORMATS)
    if split is None:
        return error(404, "unknown format: use .csv or .json", formats=list(DATASET_FORMATS))
    name, fmt = split
    if name not in catalogue.CATALOGUE:
        return error(404, "unknown dataset", found=name[:40], datasets=list(catalogue.CATALOGUE))
    result = data.try_load(name)
    if isinstance(result, str):
        return error(503, f"{name}: no data to serve", reason=result)
    prov = result.provenance
    # The release served, by its content hash: the same on every replica and host, changed only by data.
    tag = etag("dataset", name, fmt, prov.vintage, site(request), weak=fmt == "json")
    frame = result.frame

    def body() -> bytes:
        if fmt == "csv":
            return memo.cached(("dataset-csv", tag), lambda: frame.to_csv(index=False, date_format="%Y-%m-%d").encode())
        def whole() -> bytes:
            rows = json.loads(frame.to_json(orient="records", date_format="iso", date_unit="s"))
            return _json_bytes({"dataset": name, "provenance": data.provenance_json(prov),
                                "series": data.series_json(result), "columns": list(frame.columns), "rows": rows})
        return memo.cached(("dataset-json", tag, data.bucket()), whole)

    sidecar = f"{site(request)}/api/v1/datasets/{name}.json"
    headers = {"Link": f'<{sidecar}>; rel="describedby"; type="application/json"',
               "Content-Disposition": f'inline; filename="dollar-tide_{name}.{fmt}"'}
    if fmt == "csv":
        headers |= {f"X-Dollar-Tide-{k}": _header_value(str(v)) for k, v in (
            ("Source", prov.source), ("Attribution", prov.attribution), ("Licence", prov.licence),
            ("Source-URL", prov.url), ("As-Of", cite.as_of_text(prov)), ("Retrieved-At", cite.when(prov.retrieved_at)),
            ("Origin", prov.origin), ("Stale", str(prov.stale).lower()))}
    return cached(request, tag, data.max_age((name,)), body, DATASET_FORMATS[fmt], headers)


# -- charts ------------------------------------------------------------------------------------

def _query(request: Request) -> dict[str, list[str]]:
    return {key: request.query_params.getlist(key) for key in request.query_params}


def resolve(page: str, query: dict[str, list[str]], *,
            strict: bool = True) -> tuple[Any, Main, dict[str, str]] | JSONResponse:
    """The page's state for a query, read as the page reads its URL, and its main chart; or the error.
    `strict`: a value the page would ignore (with a notice) is a 400 here, not a different chart."""
    view = VIEWS.get(page)
    if view is None:
        return error(404, "unknown page", found=page[:40], pages=list(VIEWS))
    ctx = view.context(data.load)
    values, notices = urlstate.read(ctx.params, query)
    view.check(ctx, values, notices)
    if notices and strict:
        return error(400, "bad query value", problems=[n.as_dict() for n in notices],
                     parameters=[p.key for p in ctx.params])
    main, kept = view.build(ctx, values, data.load)
    if main.fig is None:
        return error(422, main.empty, notes=list(main.notes))
    state = urlstate.encode(ctx.params, values)
    return view, main, {k: v for k, v in state.items() if k in kept}


async def chart(request: Request) -> Response:
    """The page's main chart for the query. Building it runs in the thread pool; a preview's drawing
    is awaited without holding a thread, so a crowd of previews never starves pages and health checks."""
    split = _split(request.path_params["file"], CHART_FORMATS)
    if split is None:
        return error(404, "unknown format: use .csv, .json, .png or .html", formats=list(CHART_FORMATS))
    page, fmt = split
    if len(request.url.query) > MAX_QUERY_CHARS:
        return error(400, f"query longer than {MAX_QUERY_CHARS} characters", problems=[])
    # `still=wide|narrow`: the same picture at the size of the page's chart (its first paint, web.pages)
    still = request.query_params.get(STILL) if fmt == "png" else None
    if still is not None and still not in preview.STILL_WIDTHS:
        return error(400, "bad query value", problems=[{"param": STILL, "found": still[:40],
                                                        "allowed": ", ".join(preview.STILL_WIDTHS)}],
                     parameters=[STILL])
    route = still_route(request, page, still) if still else None
    if route is not None:  # a still drawn for this query: answered without building the state again
        kept = memo.get(route)
        picture = memo.get(("png", kept[3])) if isinstance(kept, tuple) else None
        if isinstance(picture, bytes):
            tag, max_age, headers = kept[:3]
            return await cached_async(request, tag, max_age, lambda: _ready(picture), CHART_FORMATS[fmt], headers)
    try:
        resolved = await run_in_threadpool(resolve, page, _query(request))
    except Exception as exc:  # a dataset the view needs cannot be loaded
        return error(503, "no data to serve", reason=data.reason(exc))
    if isinstance(resolved, Response):
        return resolved
    view, main, state = resolved
    share = cite.share(site(request), page, state, main.provs, cite.chart_title(main.fig), height=embed_height(main))
    canonical = urlstate.query_string(state)
    served = tuple(p.vintage for p in main.provs)  # the releases drawn, by content: the same on every replica
    tag = etag("chart", page, fmt, served, canonical, site(request) if fmt != "png" else "",
               *([still] if still else []), weak=fmt == "json")
    disposition = "attachment" if fmt in ATTACHMENTS else "inline"
    headers = {"Content-Disposition": f'{disposition}; filename="{cite.file_stem(main.fig, main.name)}.{fmt}"',
               "Link": f'<{share.link}>; rel="alternate"; type="text/html"'}
    max_age = data.max_age(view.datasets)
    if fmt == "png":
        key = png_key(page, served, canonical, still)
        if route is not None:
            memo.put(route, (tag, max_age, headers, key))
        try:
            return await cached_async(request, tag, max_age, lambda: png(key, main, still), CHART_FORMATS[fmt], headers)
        except render.Busy:
            busy = error(503, "the preview renderer is busy; try again shortly")
            busy.headers["Retry-After"] = str(render.RETRY_AFTER_S)
            return busy
    builders: dict[str, Callable[[], bytes]] = {
        "csv": lambda: memo.cached(("csv", tag), lambda: cite.csv_bytes(main.fig, main.provs, share.link, main.notes)),
        "json": lambda: memo.cached(("json", tag, data.bucket()),
                                    lambda: _json_bytes(chart_json(page, main, state, share))),
        "html": lambda: memo.cached(("html", tag), lambda: cite.html_bytes(main.fig)),
    }
    return await run_in_threadpool(cached, request, tag, max_age, builders[fmt], CHART_FORMATS[fmt], headers)


def chart_json(page: str, main: Main, state: dict[str, str], share: cite.Share) -> dict[str, Any]:
    frame = table(main.fig)
    rows = [{k: (None if isinstance(v, float) and math.isnan(v) else v) for k, v in row.items()}
            for row in frame.to_dict(orient="records")]
    return {"page": page, "title": cite.chart_title(main.fig), "subject": main.subject, "headline": headline(main),
            "lead": main.lead,
            "state": state, "link": share.link, "csv": share.csv, "png": share.png, "citation": share.citation,
            "columns": list(frame.columns), "rows": rows, "notes": list(main.notes),
            "provenance": [data.provenance_json(p) for p in main.provs]}


_drawing: dict[tuple, asyncio.Future] = {}  # previews being drawn now, by key: one drawing per state
STILL = "still"  # the query parameter naming an in-page still's size (preview.STILL_WIDTHS)


def png_key(page: str, served: tuple[str, ...], canonical: str, still: str | None = None) -> tuple:
    """A picture's key: the page, the releases drawn, the canonical state, and a still's size."""
    return (page, served, canonical) + ((still,) if still else ())


def still_route(request: Request, page: str, still: str) -> tuple | None:
    """Where a still's answer for this exact query is kept (its tag, headers and picture's key):
    every page view asks for its still, and building the state again for it cost as much server
    time as the page's own HTML. Keyed by the query as sent and the page's data versions."""
    view = VIEWS.get(page)
    if view is None:
        return None
    query = tuple(sorted((k, tuple(v)) for k, v in _query(request).items() if k != STILL))
    return ("still-route", page, query, still, versions(view.datasets), site(request))


async def _ready(value: bytes) -> bytes:
    return value


def figure_for(main: Main, still: str | None) -> Any:
    """What is drawn: the chart, or the chart sized as the page's (`preview.Sized`)."""
    return preview.Sized(main.fig, preview.STILL_WIDTHS[still]) if still else main.fig


async def png(key: tuple, main: Main, still: str | None = None) -> bytes:
    """The preview (or a still), drawn once per (page, releases, canonical state, size), however many
    ask at once: every request for a picture being drawn awaits that one drawing."""
    kept = memo.get(("png", key))
    if isinstance(kept, bytes):
        return kept
    drawing = _drawing.get(key)
    if drawing is None:
        drawing = _drawing[key] = asyncio.ensure_future(render.draw(figure_for(main, still), main.provs,
                                                                    main.subject))

        def done(task: asyncio.Future) -> None:
            _drawing.pop(key, None)
            if not task.cancelled() and task.exception() is None:
                memo.put(("png", key), task.result())

        drawing.add_done_callback(done)
    return await asyncio.shield(drawing)


def article_summary() -> Main:
    """The article check at a glance, for its link preview: how many claims got each verdict."""
    from analysis import verdicts as checks
    from charts.claims import verdict_counts

    names = tuple(spec.name for spec in catalogue.DATASETS if spec.checkable)

    def build() -> Main:
        meta, claims = checks.load_claims()
        counts = checks.summary(checks.evaluate_all(claims, data.load, meta.get("published")))
        provs = tuple(data.load(n).provenance for n in names)
        subject = f"Article check: {len(claims)} claims against the official data"
        fig = verdict_counts(counts, checks.STATUS_LABELS, subject, "Source: " + "; ".join(
            dict.fromkeys(p.credit.split(" (")[0] for p in provs)))
        lead = (f"{counts['matches']} of {len(claims)} claims match the official figures, {counts['revised']} "
                f"were revised since, {counts['differs']} differ.")
        return Main(memo.freeze(fig), "article-check", provs, subject, lead=lead)

    return memo.cached(("article-summary", versions(names), checks.CLAIMS_FILE.stat().st_mtime_ns), build)


async def article_png(request: Request) -> Response:
    """The article check's link preview: its verdicts counted."""
    try:
        main = await run_in_threadpool(article_summary)
    except Exception as exc:
        return error(503, "no data to serve", reason=data.reason(exc))
    served = tuple(p.vintage for p in main.provs)
    tag = etag("article-png", served)
    try:
        return await cached_async(request, tag, data.max_age(tuple(p.dataset for p in main.provs)),
                                  lambda: png(("article", served, ""), main), CHART_FORMATS["png"])
    except render.Busy:
        busy = error(503, "the preview renderer is busy; try again shortly")
        busy.headers["Retry-After"] = str(render.RETRY_AFTER_S)
        return busy


def warm_defaults() -> None:
    """Draw every chart page's default preview (the link people share most), and the stills its page
    opens with (a chart page's first paint, `web.pages`), if not drawn yet."""
    for page in VIEWS:
        resolved = resolve(page, {})
        if isinstance(resolved, Response):
            continue
        _, main, state = resolved
        for still in (None, *preview.STILL_WIDTHS):
            key = png_key(page, tuple(p.vintage for p in main.provs), urlstate.query_string(state), still)
            if memo.get(("png", key)) is None:
                memo.put(("png", key), render.draw_now(figure_for(main, still), main.provs, main.subject))


def default_versions() -> tuple[str, ...]:
    return tuple(v for view in VIEWS.values() for v in versions(view.datasets))


def routes() -> list[Route]:
    """Plain (sync) endpoints: Starlette runs them in its thread pool, off the event loop that
    serves the pages' websockets."""
    return [
        Route("/api/v1/datasets", datasets, methods=["GET", "HEAD"]),
        Route("/api/v1/datasets/{file}", dataset, methods=["GET", "HEAD"]),
        Route("/api/v1/charts/{file}", chart, methods=["GET", "HEAD"]),
        Route("/api/v1/previews/article.png", article_png, methods=["GET", "HEAD"]),
    ]

