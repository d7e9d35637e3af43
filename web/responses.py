"""HTTP answers shared by the routes: JSON errors that never reflect input unescaped, and caching
headers (ETag from the data version and the canonical query, max-age from the data's cadence)."""

from __future__ import annotations

import hashlib
import re
import time
from collections.abc import Mapping, Sequence
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.types import Scope

from views.chart import STALENESS_BUCKET_S

HOST = re.compile(r"[A-Za-z0-9.\-:\[\]]{1,255}")


def site(scope: Scope) -> str:
    """This deployment's root URL as the client reached it (behind a proxy: its forwarded host and
    scheme). A Host header that is not a host name is never echoed: localhost instead."""
    headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
    scheme = headers.get("x-forwarded-proto", scope.get("scheme", "http")).split(",")[0].strip()
    host = headers.get("x-forwarded-host", headers.get("host", "localhost")).split(",")[0].strip()
    if not HOST.fullmatch(host) or scheme not in ("http", "https"):
        host, scheme = "localhost", "http"
    return f"{scheme}://{host}{scope.get('root_path', '')}"


def error(status: int, message: str, **detail: Any) -> JSONResponse:
    """A JSON error; values come out JSON-escaped and (where they repeat input) already cut short."""
    return JSONResponse({"error": message, **detail}, status_code=status,
                        headers={"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"})


def etag(*parts: object) -> str:
    """A strong tag over `parts` plus the staleness bucket (provenance's 'stale'/'behind' follow the clock)."""
    stamped = (*parts, int(time.time() // STALENESS_BUCKET_S))
    return '"' + hashlib.sha256(repr(stamped).encode()).hexdigest()[:32] + '"'


def cached(request: Request, tag: str, max_age: int, build: Any, media_type: str,
           headers: Mapping[str, str] | None = None) -> Response:
    """304 when the client already holds `tag`; otherwise `build()`'s body with the caching headers."""
    common = {"ETag": tag, "Cache-Control": f"public, max-age={max_age}", "X-Content-Type-Options": "nosniff",
              "Access-Control-Allow-Origin": "*", **(headers or {})}
    held = _tags(request.headers.get("if-none-match", ""))
    if tag in held or "*" in held:
        return Response(status_code=304, headers=common)
    return Response(build(), media_type=media_type, headers=common)


def _tags(header: str) -> Sequence[str]:
    if header.strip() == "*":
        return ["*"]
    return [t.strip().removeprefix("W/") for t in header.split(",") if t.strip()]
