"""Shared test helpers: fixture locations, offline sessions, and a fault-injecting transport."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import requests
from urllib3.exceptions import NewConnectionError

from data_sources.http import make_session
from data_sources.mirror import MirrorAdapter, make_response
from data_sources.refresh import Settings
from data_sources.store import Store

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
FIXTURE_MIRROR = FIXTURES / "mirror"
SHARED_DATA = Path(os.environ.get("DOLLAR_TIDE_SHARED_DATA", ROOT.parent / "shared" / "data"))
SHARED_MISSING = f"real data folder {SHARED_DATA} is absent (set DOLLAR_TIDE_SHARED_DATA)"


def fixture_bytes(rel: str) -> bytes:
    return (FIXTURE_MIRROR / rel).read_bytes()


def settings_for(tmp: Path, *, mirror: Path = FIXTURE_MIRROR, transport: requests.adapters.BaseAdapter | None = None,
                 store: Store | None = None, fallback: Store | None = None, api_keys: dict[str, str] | None = None,
                 use_keys: bool = False) -> Settings:
    """Settings writing into `tmp`, answering from `mirror` (or `transport`), with a fresh cache."""
    session = make_session(tmp / "http-cache.sqlite", mirror=None if transport else mirror, transport=transport)
    return Settings(session=session, store=store or Store(tmp / "store"), fallback=fallback,
                    api_keys=api_keys or {}, use_keys=use_keys, via="offline mirror of the official URLs (test)")


Fault = Callable[[requests.PreparedRequest, bytes], requests.Response]


class FaultAdapter(MirrorAdapter):
    """The mirror, except that URLs in `faults` misbehave in a chosen way."""

    def __init__(self, root: Path, faults: dict[str, str] | None = None,
                 bodies: dict[str, bytes] | None = None) -> None:
        super().__init__(root)
        self.faults = dict(faults or {})
        self.bodies = dict(bodies or {})

    def body_for(self, url: str) -> bytes | None:
        if url in self.bodies:
            return self.bodies[url]
        return super().body_for(url)

    def send(self, request, stream=False, timeout=None, verify=True, cert=None, proxies=None):
        fault = self.faults.get(request.url or "")
        if fault is None:
            if request.url in self.bodies:
                self.requests.append(request)
                return make_response(request, 200, self.bodies[request.url])
            return super().send(request, stream, timeout, verify, cert, proxies)
        self.requests.append(request)
        body = super().body_for(request.url or "") or b""
        if fault == "timeout":
            raise requests.exceptions.ReadTimeout("Read timed out. (read timeout=60)", request=request)
        if fault == "refused":
            reason = NewConnectionError(None, "Failed to establish a new connection: [Errno 111] Connection refused")
            raise requests.exceptions.ConnectionError(reason, request=request)
        if fault in ("500", "503", "404"):
            page = b"<!DOCTYPE html><html><head><title>Service Unavailable</title></head><body>down</body></html>"
            return make_response(request, int(fault), page, {"Content-Type": "text/html"}, reason="Error")
        if fault == "html":
            page = b"<!DOCTYPE html>\n<html><head><title>Site maintenance</title></head><body>Back soon</body></html>"
            return make_response(request, 200, page, {"Content-Type": "text/html"})
        if fault == "empty":
            return make_response(request, 200, b"")
        if fault == "truncated":
            cut = body[: len(body) // 2]
            return make_response(request, 200, cut, {"Content-Length": str(len(body))})
        if fault == "truncated-unannounced":
            return make_response(request, 200, body[: len(body) // 2])
        raise ValueError(f"unknown fault {fault}")


def run_page(script: str, **query: str) -> object:
    """A page run through AppTest as a browser opening its link: the app's entry point, the page's
    query, then the page; no exception allowed."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "overview.py"), default_timeout=60)
    for key, value in query.items():
        at.query_params[key] = value
    at.switch_page(script).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


@dataclass(frozen=True)
class Drawn:
    """A chart as the page sent it to the browser (`ui.plot`'s component): the plotly figure as a
    dict, the plotly.js config, the text alternative and which partial bundle draws it."""

    spec: dict
    config: dict
    alt: str
    bundle: str


def charts(at: object) -> list[Drawn]:
    """Every plotly chart on an AppTest page, in page order."""
    from ui.plot import NAME

    drawn = []
    for element in at.get("bidi_component"):  # type: ignore[attr-defined]
        if element.proto.component_name != NAME:
            continue
        data = json.loads(element.proto.json)
        drawn.append(Drawn(json.loads(data["figure"]), data["config"], data["alt"], data["bundle"]))
    return drawn
