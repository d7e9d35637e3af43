"""Against real servers on loopback: a key that is echoed back never leaks, a dripping or throttling
server cannot stall a refresh, and a bad 200 body is never replayed from the HTTP cache."""

from __future__ import annotations

import dataclasses
import logging
import time
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest

from data_sources import api, catalogue
from data_sources.catalogue import KeyedAlternative
from data_sources.errors import FetchError
from data_sources.http import MAX_RETRY_AFTER_S, CappedRetry, fetch, make_session, retry_policy
from data_sources.refresh import Settings, refresh_one
from data_sources.sources import fred
from data_sources.store import Store
from tests.services import Scripted, reply

pytestmark = [pytest.mark.enable_socket, pytest.mark.allow_hosts(["127.0.0.1"])]

SECRET = "a1b2c3d4e5f60718293a4b5c6d7e8f90"
GOOD_JSON = b'{"observations": [{"date": "2024-07-10", "value": "161.73"}, {"date": "2024-07-11", "value": "158.90"}]}'


@pytest.fixture
def server():
    started: list[Scripted] = []

    def start(answer):
        started.append(Scripted(answer))
        return started[-1]

    yield start
    for s in started:
        s.close()


ECHOES = {
    "400 echo": lambda h: reply(h, 400, f'{{"error_message": "Bad Request. {h.path} api_key={SECRET}"}}'.encode()),
    "500 echo": lambda h: reply(h, 500, f"<html><title>Error for {SECRET}</title></html>".encode()),
    "redirect then 500": lambda h: (
        reply(h, 302, b"", {"Location": f"/moved?api_key={SECRET}&x=1"}) if not h.path.startswith("/moved")
        else reply(h, 500, f"<html><title>moved {h.path}</title></html>".encode())),
    "200 html echo": lambda h: reply(h, 200, f"<!DOCTYPE html><html><title>{h.path} {SECRET}</title></html>".encode()),
    "redirect then good": lambda h: (
        reply(h, 301, b"", {"Location": f"/moved?series_id=DEXJPUS&api_key={SECRET}"})
        if not h.path.startswith("/moved") else reply(h, 200, GOOD_JSON)),
}


@pytest.mark.parametrize("behaviour", list(ECHOES))
def test_an_echoed_api_key_appears_nowhere(behaviour, server, tmp_path, caplog, capsys):
    srv = server(ECHOES[behaviour])
    base = catalogue.get("usdjpy")
    keyed = KeyedAlternative("FRED_API_KEY", f"{srv.base}/fred/series/observations?series_id=DEXJPUS&file_type=json",
                             base.resources[0].keyed.parse)  # type: ignore[union-attr]
    spec = dataclasses.replace(base, resources=(dataclasses.replace(base.resources[0], keyed=keyed),))
    session = make_session(tmp_path / "http-cache.sqlite", retry=retry_policy(total=2, backoff=0.01))
    settings = Settings(session=session, store=Store(tmp_path / "store"), api_keys={"FRED_API_KEY": SECRET})
    logging.getLogger("urllib3").setLevel(logging.DEBUG)
    with caplog.at_level(logging.DEBUG):
        report = refresh_one(spec, settings)
        print(report.line())
    if behaviour == "redirect then good":
        assert report.ok, report.error
    else:
        assert not report.ok
    assert any(SECRET in path for path in srv.seen), "the key was really sent and echoed"
    captured = capsys.readouterr()
    assert SECRET not in captured.out + captured.err
    assert SECRET not in caplog.text
    assert any("api_key" in r.getMessage() for r in caplog.records) or behaviour.startswith("200"), \
        "the HTTP stack did log the keyed URL (scrubbed)"
    for path in tmp_path.rglob("*"):
        if path.is_file():
            assert SECRET.encode() not in path.read_bytes(), f"key stored in {path.name}"


def test_a_dripping_server_hits_the_deadline(server, tmp_path):
    def drip(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Length", "1000")
        handler.end_headers()
        for _ in range(1000):
            try:
                handler.wfile.write(b"1")
                handler.wfile.flush()
            except OSError:
                return
            time.sleep(0.1)

    srv = server(drip)
    session = make_session(tmp_path / "c.sqlite", retry=retry_policy(total=0))
    started = time.monotonic()
    with pytest.raises(FetchError, match="deadline") as err:
        fetch(session, f"{srv.base}/slow.csv", source="FRED", expect="CSV", total_deadline=1.5)
    assert time.monotonic() - started < 4
    assert "bytes received" in str(err.value)


def test_retry_after_is_capped_and_counts_against_the_deadline(server, tmp_path):
    srv = server(lambda h: reply(h, 503, b"busy", {"Retry-After": "21600"}))
    session = make_session(tmp_path / "c.sqlite", retry=retry_policy(total=3, backoff=0.01))
    started = time.monotonic()
    with pytest.raises(FetchError, match="retry after 60 s"):
        fetch(session, f"{srv.base}/x.csv", source="FRED", expect="CSV", total_deadline=5)
    assert time.monotonic() - started < 3, "did not sleep for six hours, nor for the capped minute"
    assert len(srv.seen) == 1


def test_capped_retry_after_value():
    class Response:
        headers = {"Retry-After": "21600"}  # noqa: RUF012

    assert CappedRetry().get_retry_after(Response()) == MAX_RETRY_AFTER_S


def test_a_bad_200_is_not_replayed_after_the_source_recovers(server, tmp_path):
    """FRED answers a maintenance page with status 200, then recovers within the cache lifetime."""
    state = {"down": True}
    good = (Path(__file__).parent / "fixtures/mirror/fred/DEXJPUS.csv").read_bytes()

    def answer(handler: BaseHTTPRequestHandler) -> None:
        if state["down"]:
            page = b"<!DOCTYPE html><html><title>Maintenance</title></html>"
            reply(handler, 200, page, {"Content-Type": "text/html"})
        else:
            reply(handler, 200, good, {"Content-Type": "text/csv"})

    srv = server(answer)
    base = catalogue.get("usdjpy")
    url = f"{srv.base}/graph/fredgraph.csv?id=DEXJPUS"
    spec = dataclasses.replace(base, resources=(dataclasses.replace(base.resources[0], url=url),))
    session = make_session(tmp_path / "http-cache.sqlite", retry=retry_policy(total=0))
    settings = Settings(session=session, store=Store(tmp_path / "store"))
    assert not refresh_one(spec, settings).ok
    state["down"] = False
    report = refresh_one(spec, settings)
    assert report.ok, report.error
    assert len(srv.seen) == 2, "the recovered source was asked again, not the cached HTML replayed"
    assert api.load("usdjpy", store=settings.store, snapshot=Store(tmp_path / "none")).provenance.last_error is None


def test_a_body_that_fails_validation_is_dropped_from_the_cache(server, tmp_path):
    """A CSV that parses but is implausible (×1000) must not be replayed either."""
    good = (Path(__file__).parent / "fixtures/mirror/fred/DEXJPUS.csv").read_bytes()
    bad = good.replace(b",161.73", b",161730")
    state = {"body": bad}
    srv = server(lambda h: reply(h, 200, state["body"]))
    base = catalogue.get("usdjpy")
    spec = dataclasses.replace(base, resources=(dataclasses.replace(base.resources[0], url=f"{srv.base}/d.csv"),))
    settings = Settings(session=make_session(tmp_path / "c.sqlite", retry=retry_policy(total=0)),
                        store=Store(tmp_path / "store"))
    first = refresh_one(spec, settings)
    assert not first.ok and "161730" in (first.error or "")
    state["body"] = good
    assert refresh_one(spec, settings).ok
    assert len(srv.seen) == 2


def test_fred_api_url_is_the_official_one():
    assert fred.API_URL.startswith("https://api.stlouisfed.org/")


def test_a_body_that_stalls_halfway_is_a_timeout_not_a_crash(server, tmp_path):
    def stall(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Length", "1000")
        handler.end_headers()
        handler.wfile.write(b"observation_date,DEXJPUS\n" * 7)
        handler.wfile.flush()
        time.sleep(2)

    srv = server(stall)
    session = make_session(tmp_path / "c.sqlite", retry=retry_policy(total=0))
    with pytest.raises(FetchError, match="timed out"):
        fetch(session, f"{srv.base}/stall.csv", source="FRED", expect="CSV", timeout=(1, 0.5))
