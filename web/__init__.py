"""The HTTP side of Dollar Tide, beside Streamlit's pages in one ASGI app (`app.py`): the data API,
link previews, health checks, and static bundles served from memory. No page code runs here."""

from __future__ import annotations

from starlette.middleware import Middleware
from starlette.routing import BaseRoute

from . import api, health
from .pages import LinkPreviews
from .static import StaticAssets


def routes() -> list[BaseRoute]:
    return [*health.routes(), *api.routes()]


def middleware() -> list[Middleware]:
    return [Middleware(StaticAssets), Middleware(LinkPreviews)]
