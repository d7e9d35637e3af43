"""The HTTP side of Dollar Tide, beside Streamlit's pages in one ASGI app (`app.py`): the data API,
link previews, health checks, and static bundles served from memory. No page code runs here."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from starlette.middleware import Middleware
from starlette.routing import BaseRoute

from data_sources import scheduler

from . import api, check, health, openapi, render, static, tcp
from .pages import LinkPreviews
from .static import StaticAssets


def routes() -> list[BaseRoute]:
    return [*health.routes(), *api.routes(), *check.routes(), *openapi.routes(), *static.routes()]


def middleware() -> list[Middleware]:
    return [Middleware(StaticAssets), Middleware(LinkPreviews)]


@asynccontextmanager
async def lifespan(app: Any) -> AsyncIterator[None]:
    """On start, draw each page's default preview in the background (starting the renderer's worker
    processes, whose first matplotlib import builds its font cache), and again whenever its data
    changes: the most shared previews never wait. Page views never wait on it. Then start the
    scheduled refresh."""
    tcp.no_delay_on_listeners()
    warmer = render.DefaultsWarmer(api.warm_defaults, api.default_versions).start()
    scheduler.start_from_env()  # refreshes what is due, in the background (DOLLAR_TIDE_AUTO_REFRESH=0: off)
    try:
        yield
    finally:
        scheduler.stop()
        warmer.stop()
        render.shutdown(exiting=True)
