"""The HTTP layer against a real server on loopback: retries, Retry-After, User-Agent, timeouts."""

from __future__ import annotations

import socket
import time
from datetime import timedelta
from http.server import BaseHTTPRequestHandler

import pytest

from data_sources.errors import FetchError, HTTPStatusError
from data_sources.http import USER_AGENT, fetch, make_session, redact, retry_policy
from tests.services import Scripted, reply

BODY = b"observation_date,DEXJPUS\n2024-07-10,161.73\n"


class Server:
    """Answers GET with a scripted sequence of (status, headers, body) — status 0: never in time —
    recording when each request came and its headers."""

    def __init__(self, script: list[tuple[int, dict[str, str], bytes]]) -> None:
        self.script = list(script)
        self.seen: list[tuple[float, dict[str, str]]] = []
        self._server = Scripted(self._answer)
        self.url = f"{self._server.base}/fredgraph.csv?id=DEXJPUS"

    def _answer(self, handler: BaseHTTPRequestHandler) -> None:
        self.seen.append((time.monotonic(), dict(handler.headers)))
        status, headers, body = self.script.pop(0) if len(self.script) > 1 else self.script[0]
        if status == 0:
            time.sleep(2)  # never answer in time
            return
        reply(handler, status, body, headers)

    def close(self) -> None:
        self._server.close()


pytestmark = [pytest.mark.enable_socket, pytest.mark.allow_hosts(["127.0.0.1"])]


@pytest.fixture
def serve():
    servers = []

    def start(script):
        servers.append(Server(script))
        return servers[-1]

    yield start
    for s in servers:
        s.close()


def test_503_with_retry_after_is_retried_after_the_wait(serve, tmp_path):
    server = serve([(503, {"Retry-After": "1"}, b"busy"), (200, {}, BODY)])
    session = make_session(tmp_path / "c.sqlite", retry=retry_policy(total=3, backoff=0.01))
    got = fetch(session, server.url, source="FRED", expect="CSV")
    assert got.body == BODY
    (t1, _), (t2, headers) = server.seen
    assert t2 - t1 >= 0.9, "Retry-After: 1 was honoured"
    assert headers["User-Agent"] == USER_AGENT


def test_429_then_success(serve, tmp_path):
    server = serve([(429, {"Retry-After": "0"}, b"slow down"), (200, {}, BODY)])
    session = make_session(tmp_path / "c.sqlite", retry=retry_policy(total=2, backoff=0.01))
    assert fetch(session, server.url, source="FRED", expect="CSV").body == BODY
    assert len(server.seen) == 2


def test_persistent_500_ends_as_an_http_error_after_the_retries(serve, tmp_path):
    server = serve([(500, {}, b"<html><title>Oops</title></html>")])
    session = make_session(tmp_path / "c.sqlite", retry=retry_policy(total=2, backoff=0.01))
    with pytest.raises(HTTPStatusError, match="HTTP 500") as err:
        fetch(session, server.url, source="FRED", expect="CSV")
    assert err.value.status == 500
    assert len(server.seen) == 3


def test_read_timeout_is_a_fetch_error(serve, tmp_path):
    server = serve([(0, {}, b"")])
    session = make_session(tmp_path / "c.sqlite", retry=retry_policy(total=0))
    with pytest.raises(FetchError, match="timed out"):
        fetch(session, server.url, source="FRED", expect="CSV", timeout=(1, 0.3))


def test_refused_connection_is_a_fetch_error(tmp_path):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed again: nothing listens there
    session = make_session(tmp_path / "c.sqlite", retry=retry_policy(total=0))
    with pytest.raises(FetchError, match="refused"):
        fetch(session, f"http://127.0.0.1:{port}/x.csv", source="FRED", expect="CSV")


def test_stale_cache_answers_when_the_server_fails(serve, tmp_path):
    server = serve([(200, {}, BODY), (503, {}, b"down")])
    session = make_session(tmp_path / "c.sqlite", retry=retry_policy(total=0))
    fetch(session, server.url, source="FRED", expect="CSV", expire_after=timedelta(seconds=1))
    time.sleep(1.2)
    again = fetch(session, server.url, source="FRED", expect="CSV", expire_after=timedelta(seconds=1))
    assert again.body == BODY
    assert again.from_cache
    assert len(server.seen) == 2


def test_redact_drops_only_the_key():
    url = "https://api.stlouisfed.org/fred/series/observations?series_id=DGS10&api_key=SECRET&file_type=json"
    assert redact(url) == "https://api.stlouisfed.org/fred/series/observations?series_id=DGS10&file_type=json"
    assert redact("https://api.imf.org/external/sdmx/2.1/data/IMF.STA,IL/.RGV_REVS.FTO.M") == \
        "https://api.imf.org/external/sdmx/2.1/data/IMF.STA,IL/.RGV_REVS.FTO.M"
