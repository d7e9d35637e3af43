"""Operations sizing: server CPU seconds per cold page view and memory per session, with 1 and 2
replicas behind nginx (deploy/nginx.conf), sharing one store and one Redis, on loopback.

    python bench/bench_deploy.py [--views 10] [--sessions 10]

On a 2-core machine the point is per-view cost and correctness, not throughput. Needs redis-server,
nginx and Chromium (apt).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.bench_ui import ARGS, CHROMIUM, FIRST_CHART, PAGES, cpu_seconds, rss_mb  # noqa: E402
from tests.services import app_server, nginx, pid_on, redis_server  # noqa: E402


def view(browser, url: str) -> None:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.goto(url)
    page.wait_for_selector(FIRST_CHART, state="visible", timeout=60_000)
    page.wait_for_selector("[data-testid='stStatusWidget']", state="detached", timeout=60_000)
    page.wait_for_timeout(300)
    context.close()


def measure(browser, proxy: int, pids: list[int], views: int, sessions: int) -> tuple[float, float]:
    urls = [f"http://127.0.0.1:{proxy}{path}" for path in PAGES.values()]
    for url in urls:  # warm each replica's caches a little: we measure steady cold views
        view(browser, url)
    before = sum(cpu_seconds(p) for p in pids)
    for i in range(views):
        view(browser, urls[i % len(urls)])
    cpu = (sum(cpu_seconds(p) for p in pids) - before) / views
    memory_before = sum(rss_mb(p) for p in pids)
    contexts = []
    for i in range(sessions):
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        page = context.new_page()
        page.goto(urls[i % len(urls)])
        page.wait_for_selector(FIRST_CHART, state="visible", timeout=60_000)
        contexts.append(context)
    time.sleep(2)
    per_session = (sum(rss_mb(p) for p in pids) - memory_before) / sessions
    for context in contexts:
        context.close()
    return cpu, per_session


def main() -> None:
    from playwright.sync_api import sync_playwright

    parser = argparse.ArgumentParser()
    parser.add_argument("--views", type=int, default=10)
    parser.add_argument("--sessions", type=int, default=10)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp())
    env = {**os.environ, "DOLLAR_TIDE_HOME": str(folder / "store"), "DOLLAR_TIDE_AUTO_REFRESH": "0"}
    with redis_server(folder) as redis_url:
        env["DOLLAR_TIDE_REDIS_URL"] = redis_url
        with app_server(ROOT, env, folder / "a.log") as a, app_server(ROOT, env, folder / "b.log") as b, \
                sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            pids = {a: pid_on(a), b: pid_on(b)}
            print(f"{args.views} cold views across all pages through nginx; memory with {args.sessions} open sessions")
            for ports in ([a], [a, b]):
                with nginx(ROOT / "deploy" / "nginx.conf", ports, folder / f"nginx{len(ports)}") as proxy:
                    runs = [measure(browser, proxy, [pids[q] for q in ports], args.views, args.sessions)
                            for _ in range(2)]
                cpu = statistics.median(r[0] for r in runs)
                memory = statistics.median(r[1] for r in runs)
                rss = ", ".join(f"{rss_mb(pids[q]):.0f}" for q in ports)
                print(f"  {len(ports)} replica{'s' if len(ports) > 1 else ''}: {cpu * 1000:4.0f} ms CPU per cold view "
                      f"(all replicas), {memory:5.1f} MB per open session; RSS now {rss} MB")
            browser.close()



if __name__ == "__main__":
    main()
