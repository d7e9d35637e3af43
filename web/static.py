"""Streamlit's frontend bundles served from memory, gzip-compressed once.

Profiling cold page views (py-spy on the server, bench/bench_ui.py) put ~40 % of the server's CPU
in serving `/static/...`: Starlette's FileResponse hands each 64 KiB piece of a multi-megabyte
bundle between threads, uncompressed, on every first visit. The bundles are content-hashed and
immutable, so each is read and compressed once per process and sent in one piece. Streamlit's own
handler still answers everything this one does not know (and keeps its path checks).
"""

from __future__ import annotations

import gzip
import mimetypes
import re
import threading
from dataclasses import dataclass
from pathlib import Path

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Receive, Scope, Send

PREFIX = "/static/"
APP_PREFIX = "/app/static/"  # the project's own static/ folder (Streamlit's static serving): the map topology
APP_STATIC = Path(__file__).resolve().parents[1] / "static"
DAILY = "public, max-age=86400"  # not content-hashed: a day
SAFE_NAME = re.compile(r"[A-Za-z0-9_\-]+(/[A-Za-z0-9_\-]+)*(\.[A-Za-z0-9_\-]+)+")
COMPRESSIBLE = {".js", ".css", ".json", ".svg", ".map", ".txt", ".html", ".ttf", ".wasm"}
IMMUTABLE = "public, max-age=31536000, immutable"  # as Streamlit serves its hashed bundles


@dataclass(frozen=True)
class Asset:
    body: bytes
    gzipped: bool
    media_type: str
    etag: str
    cache_control: str = IMMUTABLE


def static_root() -> Path:
    from streamlit import file_util

    return Path(file_util.get_static_dir())


class StaticAssets:
    """ASGI middleware: `GET /static/<hashed bundle>` from memory."""

    def __init__(self, app: ASGIApp, root: Path | None = None, app_static: Path = APP_STATIC) -> None:
        self.app = app
        self.root = (root or static_root()).resolve()
        self.app_static = app_static.resolve()
        self._assets: dict[str, Asset] = {}
        self._lock = threading.Lock()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "") if scope["type"] == "http" else ""
        if not path.startswith((PREFIX, APP_PREFIX)) or scope["method"] not in ("GET", "HEAD"):
            await self.app(scope, receive, send)
            return
        relative = path.removeprefix("/")
        asset = self._assets.get(relative)
        if asset is None:  # first request for this file: read and compress it off the event loop
            asset = await run_in_threadpool(self.asset, relative)
        if asset is None:  # no such file: a real 404, not Streamlit's page shell with a 200
            body = b"Not found\n"
            await send({"type": "http.response.start", "status": 404, "headers": [
                (b"content-type", b"text/plain; charset=utf-8"), (b"content-length", str(len(body)).encode()),
                (b"cache-control", b"no-store"), (b"x-content-type-options", b"nosniff")]})
            await send({"type": "http.response.body", "body": b"" if scope["method"] == "HEAD" else body})
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
        accepts_gzip = "gzip" in headers.get("accept-encoding", "")
        if asset.gzipped and not accepts_gzip:
            await self.app(scope, receive, send)  # rare: let Streamlit send the plain file
            return
        out = [(b"content-type", asset.media_type.encode()), (b"cache-control", asset.cache_control.encode()),
               (b"etag", asset.etag.encode()), (b"vary", b"Accept-Encoding")]
        if headers.get("if-none-match") == asset.etag:
            await send({"type": "http.response.start", "status": 304, "headers": out})
            await send({"type": "http.response.body", "body": b""})
            return
        if asset.gzipped:
            out.append((b"content-encoding", b"gzip"))
        out.append((b"content-length", str(len(asset.body)).encode()))
        await send({"type": "http.response.start", "status": 200, "headers": out})
        await send({"type": "http.response.body", "body": b"" if scope["method"] == "HEAD" else asset.body})

    def asset(self, relative: str) -> Asset | None:
        """The bundle at `static/...` (None: not a plain file under the static folder)."""
        if relative in self._assets:
            return self._assets[relative]
        with self._lock:  # one reader per bundle; unknown names are not remembered (no memory to fill)
            if relative not in self._assets:
                asset = self._read(relative)
                if asset is None:
                    return None
                self._assets[relative] = asset
        return self._assets[relative]

    def _read(self, relative: str) -> Asset | None:
        if not SAFE_NAME.fullmatch(relative):
            return None
        root, cache_control = self.root, IMMUTABLE
        if relative.startswith(APP_PREFIX.strip("/") + "/"):
            root, cache_control = self.app_static, DAILY
            relative = relative.removeprefix(APP_PREFIX.strip("/") + "/")
        file = (root / relative).resolve()
        if not file.is_relative_to(root) or not file.is_file():
            return None
        raw = file.read_bytes()
        media_type = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
        if media_type.startswith("text/") or media_type in ("application/javascript", "application/json"):
            media_type += "; charset=utf-8"
        tag = f'"{file.stem}-{len(raw)}-{file.stat().st_mtime_ns}"'
        if file.suffix in COMPRESSIBLE:
            return Asset(gzip.compress(raw, compresslevel=6, mtime=0), True, media_type, tag, cache_control)
        return Asset(raw, False, media_type, tag, cache_control)


#: Crawlers may read every page and fetch its preview image; whole-dataset downloads are for people
#: and scripts that ask for them, not for indexing.
ROBOTS = """User-agent: *
Allow: /
Disallow: /api/v1/datasets/
Disallow: /_stcore/
"""


def robots(request: Request) -> Response:
    return PlainTextResponse(ROBOTS, headers={"Cache-Control": "public, max-age=86400"})


def routes() -> list[Route]:
    return [Route("/robots.txt", robots, methods=["GET", "HEAD"])]
