"""HTTP answers shared by the routes: JSON errors that never reflect input unescaped, and caching
headers (ETag from the data version and the canonical query, max-age from the data's cadence)."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response


def error(status: int, message: str, **detail: Any) -> JSONResponse:
    """A JSON error; values come out JSON-escaped and (where they repeat input) already cut short."""
    return JSONResponse({"error": message, **detail}, status_code=status,
                        headers={"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"})


def etag(*parts: object) -> str:
    return '"' + hashlib.sha256(repr(parts).encode()).hexdigest()[:32] + '"'


def cached(request: Request, tag: str, max_age: int, build: Any, media_type: str,
           headers: Mapping[str, str] | None = None) -> Response:
    """304 when the client already holds `tag`; otherwise `build()`'s body with the caching headers."""
    common = {"ETag": tag, "Cache-Control": f"public, max-age={max_age}", "X-Content-Type-Options": "nosniff",
              "Access-Control-Allow-Origin": "*", **(headers or {})}
    if tag in _tags(request.headers.get("if-none-match", "")):
        return Response(status_code=304, headers=common)
    return Response(build(), media_type=media_type, headers=common)


def _tags(header: str) -> Sequence[str]:
    if header.strip() == "*":
        return ["*"]
    return [t.strip().removeprefix("W/") for t in header.split(",") if t.strip()]
