"""Two replicas behind nginx (deploy/nginx.conf as shipped), one shared store, one Redis — all real,
on loopback: a page opens through the proxy in Chromium (WebSocket upgrade, sticky replica), a
refresh made by one replica is served by the other, and /readyz answers through the proxy."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
import requests

from data_sources import catalogue
from tests.helpers import FIXTURE_MIRROR, ROOT
from tests.services import app_server, nginx, redis_server
from tests.test_browser import CHROMIUM, CHROMIUM_ARGS, _need_browser

pytestmark = [pytest.mark.browser, pytest.mark.enable_socket, pytest.mark.allow_hosts(["127.0.0.1"])]


def wait_until(check, seconds: float = 60, every: float = 0.5):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        result = check()
        if result:
            return result
        time.sleep(every)
    return check()


def ready(port: int) -> int:
    return requests.get(f"http://127.0.0.1:{port}/readyz", timeout=10).status_code


def test_two_replicas_behind_nginx_share_one_store_and_one_redis(tmp_path):
    _need_browser()
    home = tmp_path / "shared-volume"
    common = {**os.environ, "DOLLAR_TIDE_HOME": str(home), "DOLLAR_TIDE_MIRROR": str(FIXTURE_MIRROR),
              # No bundled snapshot: until a replica refreshes, there is nothing to serve.
              "DOLLAR_TIDE_SNAPSHOT": str(tmp_path / "no-snapshot"), "DOLLAR_TIDE_AUTO_REFRESH": "0"}
    with redis_server(tmp_path) as redis_url:
        common["DOLLAR_TIDE_REDIS_URL"] = redis_url
        with app_server(ROOT, common, tmp_path / "b.log") as b:
            assert ready(b) == 503 and set(requests.get(f"http://127.0.0.1:{b}/readyz").json()["not_ready"]) \
                == set(catalogue.CATALOGUE)
            # Replica A refreshes by itself (its scheduler, a 2-second interval): replica B serves it.
            a_env = {**common, "DOLLAR_TIDE_AUTO_REFRESH": "1", "DOLLAR_TIDE_REFRESH_INTERVAL": "2"}
            with app_server(ROOT, a_env, tmp_path / "a.log") as a, \
                    nginx(ROOT / "deploy" / "nginx.conf", [a, b], tmp_path / "nginx") as proxy:
                assert wait_until(lambda: ready(b) == 200, 90), (tmp_path / "a.log").read_text()[-2000:]
                assert ready(proxy) == 200, "readiness through the proxy"
                listing = requests.get(f"http://127.0.0.1:{b}/api/v1/datasets").json()["datasets"]
                assert all(d["provenance"]["origin"] in ("live", "cache") for d in listing), "B serves A's refresh"

                through = requests.get(f"http://127.0.0.1:{proxy}/treasuries?countries=japan")
                assert through.status_code == 200 and "og:image" in through.text
                assert "dt_replica=" in through.headers["set-cookie"]
                png = requests.get(f"http://127.0.0.1:{proxy}/api/v1/charts/usdjpy.png?range=1Y")
                again = requests.get(f"http://127.0.0.1:{proxy}/api/v1/charts/usdjpy.png?range=1Y")
                assert png.status_code == 200 and again.headers.get("x-cache") == "HIT", "served by the proxy's cache"

                from playwright.sync_api import sync_playwright

                with sync_playwright() as p:
                    browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
                    page = browser.new_page(viewport={"width": 1280, "height": 900})
                    page.goto(f"http://127.0.0.1:{proxy}/treasuries?countries=japan,china-mainland&from=2024-01")
                    page.wait_for_selector(".js-plotly-plot .legendtext, [data-testid='stException']",
                                           timeout=60_000)
                    assert page.locator("[data-testid='stException']").count() == 0
                    assert page.locator(".js-plotly-plot .legendtext").all_text_contents() == ["Japan", "China"]
                    # The session stays on its replica: a control change redraws over the same WebSocket.
                    page.locator("[data-testid='stButtonGroup'] button").filter(has_text="1Y").first.click()
                    page.wait_for_function("() => document.querySelector('.js-plotly-plot .gtitle')"
                                           ".textContent.includes('2025-05 to')", timeout=30_000)
                    page.screenshot(path=str(ROOT / "tests" / "artifacts" / "browser-through-nginx.png"))
                    browser.close()


def websocket_replica(ports: list[int]) -> int | None:
    """The replica holding a long-lived connection from nginx (the page's WebSocket)."""
    lines = Path("/proc/net/tcp").read_text().splitlines()[1:]
    held = {int(line.split()[1].rsplit(":", 1)[1], 16) for line in lines if line.split()[3] == "01"}
    found = [port for port in ports if port in held]
    return found[0] if len(found) == 1 else None


def test_the_page_downloads_survive_a_replica_killed_and_back(tmp_path):
    """kill -9 of the replica holding the session: the page reconnects through nginx to the other
    one, and its Download CSV (the API's URL for the same state) still answers; after the replica
    returns, the cookie routes plain requests to it again while the socket stays: still answers."""
    _need_browser()
    import signal

    from playwright.sync_api import sync_playwright

    from tests.services import free_port, pid_on

    env = {**os.environ, "DOLLAR_TIDE_HOME": str(tmp_path / "home"), "DOLLAR_TIDE_AUTO_REFRESH": "0"}
    ports = [free_port(), free_port()]
    with app_server(ROOT, env, tmp_path / "a.log", ports[0]), app_server(ROOT, env, tmp_path / "b.log", ports[1]), \
            nginx(ROOT / "deploy" / "nginx.conf", ports, tmp_path / "nginx") as proxy, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(f"http://127.0.0.1:{proxy}/treasuries?countries=japan,uk&from=2010-01&transform=mom")
        link = page.get_by_role("link", name="Download CSV")
        link.wait_for(timeout=60_000)
        href = link.get_attribute("href")
        assert "/api/v1/charts/treasuries.csv?" in href and "transform=mom" in href

        def download() -> str:
            answer = page.request.get(href)  # the browser's own request: its cookie, through nginx
            assert answer.status == 200, answer.status
            assert "attachment" in answer.headers["content-disposition"]
            return answer.text()

        before = download()
        assert "United Kingdom (USD bn, change on month)" in before and "like for like" in before
        held = wait_until(lambda: websocket_replica(ports), 20)
        assert held, "the page's WebSocket is on one replica"
        os.kill(pid_on(held), signal.SIGKILL)
        # The page reconnects, through nginx, to the surviving replica and shows the chart again.
        page.wait_for_function("() => !document.querySelector('[data-testid=\"stConnectionStatus\"]')",
                               timeout=60_000)
        assert wait_until(lambda: websocket_replica(ports) not in (None, held), 60), "socket moved over"
        assert download() == before, "after failover"
        with app_server(ROOT, env, tmp_path / f"{held}.log", held):
            assert ready(held) == 200
            assert download() == before, "after failback: the cookie routes to the returned replica"
            assert websocket_replica(ports) != held, "the socket stayed where it was"
        browser.close()


def test_a_poisoned_forwarded_header_never_reaches_another_client(tmp_path):
    env = {**os.environ, "DOLLAR_TIDE_HOME": str(tmp_path / "home"), "DOLLAR_TIDE_AUTO_REFRESH": "0"}
    poison = {"X-Forwarded-Proto": "https", "X-Forwarded-Host": "evil.example", "Forwarded": "host=evil.example"}
    with app_server(ROOT, env, tmp_path / "app.log") as app, \
            nginx(ROOT / "deploy" / "nginx.conf", [app], tmp_path / "nginx") as proxy:
        for port, through in ((proxy, "nginx"), (app, "direct")):
            url = f"http://127.0.0.1:{port}/api/v1/charts/usdjpy.json?range=1Y"
            attacked = requests.get(url, headers=poison)
            clean = requests.get(url)
            assert clean.status_code == 200 and "evil.example" not in clean.text, through
            assert clean.json()["link"] == f"http://127.0.0.1:{port}/usdjpy?range=1Y", through
            if through == "nginx":
                assert "evil.example" not in attacked.text, "nginx replaces the client's forwarded headers"
                assert attacked.json()["link"].startswith(f"http://127.0.0.1:{port}/"), "and its scheme"
                assert clean.headers.get("x-cache") in ("HIT", "REVALIDATED", "MISS")
            page = requests.get(f"http://127.0.0.1:{port}/treasuries?countries=japan")
            assert "evil.example" not in page.text and f"http://127.0.0.1:{port}/treasuries" in page.text
