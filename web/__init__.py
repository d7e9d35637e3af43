"""The HTTP side of Dollar Tide, beside Streamlit's pages in one ASGI app (`app.py`): the data API,
link previews, health checks, and static bundles served from memory. No page code runs here.

The submodules are imported when the app asks for its routes, not when the package is: a preview
worker process imports `web.draw` (numpy and matplotlib) without Streamlit, pandas or plotly's
figures, ~70 MB instead of ~190 MB (bench/bench_memory.py)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from starlette.middleware import Middleware
from starlette.routing import BaseRoute


def routes() -> list[BaseRoute]:
    from . import api, check, health, openapi, static

    return [*health.routes(), *api.routes(), *check.routes(), *openapi.routes(), *static.routes()]


def middleware() -> list[Middleware]:
    from .pages import LinkPreviews
    from .static import StaticAssets

    return [Middleware(StaticAssets), Middleware(LinkPreviews)]


@asynccontextmanager
async def lifespan(app: Any) -> AsyncIterator[None]:
    """On start, draw each page's default preview in the background (starting the renderer's worker
    processes, whose first matplotlib import builds its font cache), and again whenever its data
    changes: the most shared previews never wait. Page views never wait on it. Then start the
    scheduled refresh."""
    from data_sources import scheduler

    from . import api, render, tcp

    tcp.no_delay_on_listeners()
    warmer = render.DefaultsWarmer(api.warm_defaults, api.default_versions).start(serving=True)
    scheduler.start_from_env()  # refreshes what is due, in the background (DOLLAR_TIDE_AUTO_REFRESH=0: off)
    try:
        yield
    finally:
        scheduler.stop()
        warmer.stop()
        render.shutdown(exiting=True)
