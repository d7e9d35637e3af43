"""The API describes itself: an OpenAPI 3.1 document built from the same catalogue and page codecs
the routes use, so it cannot drift from them (GET /api/v1/openapi.json)."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from analysis.extract import MAX_CHARS
from analysis.verdicts import STATUSES
from data_sources import catalogue
from views import VIEWS

from . import data
from .responses import error, site

ERROR = {"$ref": "#/components/schemas/Error"}
_TEXT_OR_NULL = {"type": ["string", "null"]}
CHECK = {"type": "object", "required": ["claims", "published", "data_versions"], "properties": {
    "claims": {"type": "array", "items": {"type": "object", "required": [
        "span", "number", "value", "unit", "subject", "dataset", "series", "op", "date", "start", "end", "official",
        "verdict", "reason", "chart"], "properties": {
        "span": {"type": "array", "items": {"type": "integer", "minimum": 0}, "minItems": 2, "maxItems": 2},
        "number": {"type": "string"}, "value": {"type": "number"}, "unit": {"type": "string"},
        "subject": {"type": "string"}, "dataset": _TEXT_OR_NULL,
        "series": {"type": "array", "items": {"type": "string"}}, "op": _TEXT_OR_NULL, "date": _TEXT_OR_NULL,
        "start": _TEXT_OR_NULL, "end": _TEXT_OR_NULL, "official": {"type": ["number", "null"]},
        "verdict": {"type": "string", "enum": list(STATUSES)}, "reason": {"type": "string"},
        "chart": {**_TEXT_OR_NULL, "description": "a relative link to the topic page on that series and period"}}}},
    "published": {"type": "string", "format": "date"},
    "data_versions": {"type": "object", "additionalProperties": {"type": "string"}}}}
CACHED = {
    "ETag": {"description": "data versions and the canonical query", "schema": {"type": "string"}},
    "Cache-Control": {"description": "public, max-age from the data's cadence", "schema": {"type": "string"}},
}


def _error(description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": ERROR}}}


def _page_parameters(page: str) -> list[dict[str, Any]]:
    view = VIEWS[page]
    ctx = view.context(data.load)
    out = []
    drawn = set(view.main_params).union(*(s.params for s in view.sections.with_main))
    for param in ctx.params:
        shapes = param.key in drawn
        out.append({
            "name": param.key, "in": "query", "required": False, "style": "form", "explode": False,
            "description": (f"{param.label or param.key}: {getattr(param.parse, 'allowed', '')}"
                            + ("" if shapes else " (read as the page reads it; does not change this chart)")),
            "schema": dict(getattr(param.parse, "schema", {"type": "string"})),
        })
    return out


def document(root: str) -> dict[str, Any]:
    """The OpenAPI 3.1 document of this deployment's API (`root`: its public URL)."""
    datasets = list(catalogue.CATALOGUE)
    paths: dict[str, Any] = {
        "/api/v1/datasets": {"get": {
            "summary": "Every dataset with its provenance and series",
            "responses": {"200": {"description": "the catalogue", "headers": CACHED, "content": {
                "application/json": {"schema": {"type": "object", "required": ["datasets"], "properties": {
                    "datasets": {"type": "array", "items": {"$ref": "#/components/schemas/DatasetEntry"}}}}}}},
                "304": {"description": "not modified (If-None-Match)"}}}},
        "/api/v1/datasets/{file}": {"get": {
            "summary": "A whole dataset, tidy: CSV (provenance in X-Dollar-Tide-* headers) or JSON",
            "parameters": [{"name": "file", "in": "path", "required": True, "schema": {
                "type": "string", "enum": [f"{n}.{fmt}" for n in datasets for fmt in ("csv", "json")]}}],
            "responses": {
                "200": {"description": "the dataset", "headers": CACHED, "content": {
                    "text/csv": {"schema": {"type": "string"}},
                    "application/json": {"schema": {"type": "object", "required": ["dataset", "rows"]}}}},
                "304": {"description": "not modified"},
                "404": _error("unknown dataset or format"),
                "503": _error("the dataset cannot be loaded")}}},
        "/api/v1/openapi.json": {"get": {"summary": "This document", "responses": {
            "200": {"description": "the OpenAPI 3.1 document", "content": {"application/json": {
                "schema": {"type": "object", "required": ["openapi", "paths"]}}}},
            "503": _error("a page's data cannot be loaded")}}},
        "/api/v1/previews/article.png": {"get": {
            "summary": "The article check's link preview: claims by verdict",
            "responses": {
                "200": {"description": "a 1200x630 PNG", "headers": CACHED,
                        "content": {"image/png": {"schema": {"type": "string", "format": "binary"}}}},
                "304": {"description": "not modified"},
                "503": _error("no data, or the preview queue is full")}}},
        "/api/v1/check": {"post": {
            "summary": "Any article's text: every figure found, with its verdict against the official data",
            "requestBody": {"required": True, "content": {"application/json": {"schema": {
                "type": "object", "required": ["text", "published"], "properties": {
                    "text": {"type": "string", "minLength": 1, "maxLength": MAX_CHARS,
                             "description": "the article's text"},
                    "published": {"type": "string", "format": "date",
                                  "description": "its publication date, YYYY-MM-DD (months without a year "
                                                 "are read against it)"}}}}}},
            "responses": {
                "200": {"description": "the claims found, each with its span (Python string indices) in `text`",
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Check"}}}},
                "400": _error("not JSON, not an object, no text, text over 20,000 characters, a missing or bad "
                              "date; `field` names which"),
                "413": _error("a body over 100 kB"),
                "503": _error("the data cannot be loaded")}}},
        "/robots.txt": {"get": {"summary": "What crawlers may read", "responses": {"200": {
            "description": "robots rules", "content": {"text/plain": {"schema": {"type": "string"}}}}}}},
        "/healthz": {"get": {"summary": "200 while the process serves",
                             "responses": {"200": {"description": "ok", "content": {"application/json": {
                                 "schema": {"type": "object", "required": ["status"]}}}}}}},
        "/readyz": {"get": {"summary": "200 when every dataset loads; 503 naming those that don't",
                            "responses": {"200": {"description": "ready", "content": {"application/json": {
                                "schema": {"type": "object"}}}},
                                "503": {"description": "not ready", "content": {"application/json": {
                                    "schema": {"type": "object"}}}}}}},
    }
    for page in VIEWS:
        for fmt, media, schema in (("csv", "text/csv", {"type": "string"}),
                                   ("json", "application/json", {"$ref": "#/components/schemas/Chart"}),
                                   ("png", "image/png", {"type": "string", "format": "binary"}),
                                   ("html", "text/html", {"type": "string"})):
            own = ", ".join(f"`section={s.id}` ({s.label})" for s in VIEWS[page].sections.with_main)
            paths[f"/api/v1/charts/{page}.{fmt}"] = {"get": {
                "summary": f"What /{page} draws as its main chart for this state, as {fmt.upper()}",
                "description": f"Tabs with a chart of their own: {own}; any other state draws the page's main chart."
                               if own else "The page's main chart.",
                "parameters": _page_parameters(page),
                "responses": {
                    "200": {"description": "the chart", "headers": CACHED, "content": {media: {"schema": schema}}},
                    "304": {"description": "not modified"},
                    "400": _error("a value the page would ignore; names the parameter and what is allowed"),
                    "422": _error("nothing to draw for this state (e.g. no figures in the months chosen)"),
                    "503": {**_error("no data to serve, or the preview queue is full"),
                            "headers": {"Retry-After": {"schema": {"type": "string"}}}}}}}
    return {
        "openapi": "3.1.0",
        "info": {"title": "Dollar Tide API", "version": "1",
                 "description": "Official data on Treasury holders, the yen and central-bank gold, with provenance. "
                                "Every chart's state is its page's URL query."},
        "servers": [{"url": root}],
        "paths": paths,
        "components": {"schemas": {
            "Error": {"type": "object", "required": ["error"], "properties": {"error": {"type": "string"}}},
            "DatasetEntry": {"type": "object", "required": ["name", "title", "series"], "properties": {
                "name": {"type": "string", "enum": datasets}, "title": {"type": "string"},
                "provenance": {"type": ["object", "null"]}, "series": {"type": "array"}}},
            "Check": CHECK,
            "Chart": {"type": "object", "required": ["page", "title", "columns", "rows", "provenance"],
                      "properties": {"page": {"type": "string"}, "title": {"type": "string"},
                                     "columns": {"type": "array", "items": {"type": "string"}},
                                     "rows": {"type": "array", "items": {"type": "object"}},
                                     "notes": {"type": "array", "items": {"type": "string"}},
                                     "provenance": {"type": "array"}}},
        }},
    }


def openapi(request: Request) -> Response:
    try:  # each page's parameters are read from its data (the months it covers)
        doc = document(site(request.scope))
    except Exception as exc:
        return error(503, "the API document needs every page's data, and some cannot be loaded",
                     reason=data.reason(exc))
    return JSONResponse(doc, headers={"Cache-Control": "public, max-age=3600"})


def routes() -> list[Route]:
    return [Route("/api/v1/openapi.json", openapi, methods=["GET", "HEAD"])]
