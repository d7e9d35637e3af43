"""The HTTP side of Dollar Tide, beside Streamlit's pages in one ASGI app (`app.py`): the data API,
link previews, health checks, and static bundles served from memory. No page code runs here."""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from starlette.middleware import Middleware
from starlette.routing import BaseRoute

from data_sources import scheduler

from . import api, health, preview, tcp
from .pages import LinkPreviews
from .static import StaticAssets


def routes() -> list[BaseRoute]:
    return [*health.routes(), *api.routes()]


def middleware() -> list[Middleware]:
    return [Middleware(StaticAssets), Middleware(LinkPreviews)]


@asynccontextmanager
async def lifespan(app: Any) -> AsyncIterator[None]:
    """On start, load the preview renderer in the background (matplotlib's first import builds its
    font cache, a second or more on a fresh machine): the first link preview then draws in well
    under the 1.5 s a link-unfurling bot waits. Page views never wait on it. Then start the
    scheduled refresh."""
    tcp.no_delay_on_listeners()
    threading.Thread(target=preview.warm, name="preview-warm", daemon=True).start()
    scheduler.start_from_env()  # refreshes what is due, in the background (DOLLAR_TIDE_AUTO_REFRESH=0: off)
    try:
        yield
    finally:
        scheduler.stop()
