"""`POST /api/v1/check`: any article's text checked against the official data.

    POST /api/v1/check   {"text": "...", "published": "YYYY-MM-DD"}
      200  {"claims": [{"span": [s, e], "number", "value", "unit", "subject", "dataset", "series",
             "op", "date", "start", "end", "official", "verdict", "reason", "chart"}, ...],
            "published": "YYYY-MM-DD", "data_versions": {dataset: vintage}}
      400  {"error": "...", "field": "body" | "text" | "published"}   not JSON, not an object, no text,
           text over 20,000 characters, text that is not valid Unicode, a missing or bad date
      413  {"error": "...", "field": "body", "limit": 102400}            a body over 100 kB (never parsed)
      503  {"error": "...", "reason": "..."}                             the data cannot be loaded

`span` is the figure's range in `text` as Python string indices (code points): `text[s:e] == number`.
The check runs in the thread pool (the engine is plain CPU work), once per (text, date, data
versions) in the process's memo, with the same loader as the chart routes (`web.data.load`).
"""

from __future__ import annotations

import hashlib
import json
import math
from datetime import date
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from analysis.extract import MAX_CHARS, InputError, check_text, data_versions, to_dict, validate
from data_sources import catalogue
from views import memo
from views.chart import versions
from views.links import chart_link

from . import data
from .responses import error

MAX_BODY_BYTES = 100 * 1024  # 20,000 characters of text are at most 80 kB in UTF-8, plus JSON escapes
SHOWN = 40  # how much of a bad value an error repeats


def _finite(value: Any) -> Any:
    """JSON has no NaN or infinity: such a float (none is expected) goes out as null, never a 500."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, list):
        return [_finite(v) for v in value]
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    return value


def run(text: str, published: date) -> dict[str, Any]:
    """The API's answer for a validated text and date (cached per data versions)."""
    names = tuple(catalogue.CATALOGUE)
    key = ("check", hashlib.sha256(text.encode("utf-8")).hexdigest(), f"{published:%Y-%m-%d}", versions(names))

    def build() -> dict[str, Any]:
        found = check_text(text, published, data.load, link=lambda verdict: chart_link(verdict, data.load))
        return _finite(to_dict(found, published, data_versions(found, data.load)))

    return memo.cached(key, build)


async def _body(request: Request) -> bytes | None:
    """The request body, or None once it passes `MAX_BODY_BYTES` (read no further)."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > MAX_BODY_BYTES:
        return None
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_BODY_BYTES:
            return None
        chunks.append(chunk)
    return b"".join(chunks)


def parse(body: bytes) -> tuple[str, date] | Response:
    """(text, publication date) from a request body, or the 400 that names the problem."""
    try:
        payload = json.loads(body.decode("utf-8"))
    except (ValueError, RecursionError):  # not UTF-8, not JSON, nested past the parser's depth
        return error(400, 'the body is not JSON: send {"text": "...", "published": "YYYY-MM-DD"}', field="body")
    if not isinstance(payload, dict):
        return error(400, f'the body is a JSON {type(payload).__name__}, not an object: send '
                          '{"text": "...", "published": "YYYY-MM-DD"}', field="body")
    text, published = payload.get("text"), payload.get("published")
    if text is not None and not isinstance(text, str):
        return error(400, f"`text` must be a string, not {type(text).__name__}", field="text")
    try:
        validate(text, date(2000, 1, 1))  # the text's own problems first: missing, empty, too long
    except InputError as exc:
        return error(400, str(exc), field="text", max_chars=MAX_CHARS)
    assert isinstance(text, str)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate ("\ud800" in the JSON): not text anyone wrote
        return error(400, "`text` is not valid Unicode (it holds a lone surrogate escape)", field="text")
    if published is None:
        return error(400, "No publication date: give `published` as YYYY-MM-DD.", field="published")
    if not isinstance(published, str):
        return error(400, f"`published` must be a string YYYY-MM-DD, not {type(published).__name__}",
                     field="published")
    if len(published) > SHOWN:
        return error(400, f"`published` is {len(published):,} characters long; give it as YYYY-MM-DD.",
                     field="published")
    try:
        return validate(text, published)
    except InputError as exc:
        return error(400, str(exc), field="published")


async def check(request: Request) -> Response:
    body = await _body(request)
    if body is None:
        return error(413, f"the body is over {MAX_BODY_BYTES:,} bytes; a text of at most {MAX_CHARS:,} characters "
                          "fits well within it", field="body", limit=MAX_BODY_BYTES)
    parsed = parse(body)
    if isinstance(parsed, Response):
        return parsed
    text, published = parsed
    try:
        answer = await run_in_threadpool(run, text, published)
    except Exception as exc:  # a dataset the engine needs cannot be loaded
        return error(503, "no data to check against", reason=data.reason(exc))
    body_out = json.dumps(answer, ensure_ascii=False, allow_nan=False).encode("utf-8")
    return Response(body_out, media_type="application/json",
                    headers={"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"})


def routes() -> list[Route]:
    return [Route("/api/v1/check", check, methods=["POST"])]
