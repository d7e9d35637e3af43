"""A phone's main thread, before and after the reader's first move, on every chart page.

    python bench/bench_touch.py [--runs 5] [--pages treasuries,usdjpy,gold,reserves] [--compare ../other-checkout]

Headless Chromium as a phone (412x823, touch, `(pointer: coarse)`), its CPU 4x slower (CDP), no
network throttling. Each view: navigation, then nothing until the main thread has been quiet for
`QUIET_MS` ("load": what Lighthouse's TBT sees), then one touch swipe up the screen and again until
quiet ("after the swipe": on this revision, what ui.progressive defers until the reader moves).
Long tasks come from the page's own PerformanceObserver; blocking is the sum of (task - 50 ms).
Printed: medians of each phase and of their sum, for this checkout and `--compare`'s, alternated
in one run; the sum is what a reader who scrolls on pays either way.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from bench import bench_ui  # noqa: E402
from bench.bench_lighthouse import PATHS, warm  # noqa: E402
from bench.bench_ui import ARGS, CHROMIUM, serve  # noqa: E402

PHONE = {"viewport": {"width": 412, "height": 823}, "has_touch": True, "is_mobile": True}
CPU_SLOWDOWN = 4  # Lighthouse mobile's
QUIET_MS = 3000  # no long task for this long: the phase is over
LONG_TASKS = """window.__long = [];
new PerformanceObserver(list => { for (const t of list.getEntries()) window.__long.push([t.startTime, t.duration]); })
  .observe({type: "longtask", buffered: true});"""


def blocking(page, since: float) -> float:
    return sum(max(0.0, d - 50) for s, d in page.evaluate("window.__long") if s >= since)


def quiet(page, timeout_s: float = 90) -> None:
    """Until no long task has started for QUIET_MS."""
    end = time.monotonic() + timeout_s
    while time.monotonic() < end:
        last = page.evaluate("Math.max(0, ...window.__long.map(([s, d]) => s + d))")
        if page.evaluate("performance.now()") - last > QUIET_MS:
            return
        page.wait_for_timeout(250)


def view(browser, url: str) -> tuple[float, float]:
    context = browser.new_context(**PHONE)
    context.add_init_script(LONG_TASKS)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
    page.goto(url)
    page.wait_for_selector(".dt-plot", timeout=120_000)
    quiet(page)
    loaded = blocking(page, 0)
    moved_at = page.evaluate("performance.now()")
    cdp.send("Input.synthesizeScrollGesture",
             {"x": 200, "y": 600, "yDistance": -300, "gestureSourceType": "touch", "speed": 1200})
    page.wait_for_selector("[data-testid='stTabs']", timeout=120_000)
    quiet(page)
    after = blocking(page, moved_at)
    context.close()
    return loaded, after


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--pages", default="treasuries,usdjpy,gold,reserves")
    parser.add_argument("--compare", type=Path, default=None, help="also measure this checkout's app, alternately")
    args = parser.parse_args()
    pages = args.pages.split(",")
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as home:
        servers = {"this": serve("app.py", home)}
        if args.compare is not None:
            bench_ui.ROOT = args.compare.resolve()
            servers["base"] = serve("app.py", home)
            bench_ui.ROOT = ROOT
        for _, url in servers.values():
            warm(url, pages)
        results: dict[tuple[str, str], list[tuple[float, float]]] = {}
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
                for _ in range(args.runs):
                    for page in pages:
                        for name, (_, url) in servers.items():
                            results.setdefault((page, name), []).append(view(browser, url + PATHS[page]))
                browser.close()
        finally:
            for proc, _ in servers.values():
                proc.terminate()
    print(f"{'page':<12} {'app':<5} {'load ms':>8} {'swipe ms':>9} {'sum ms':>7}   (blocking, median of {args.runs})")
    for (page, name), runs in results.items():
        load = statistics.median(r[0] for r in runs)
        swipe = statistics.median(r[1] for r in runs)
        total = statistics.median(r[0] + r[1] for r in runs)
        print(f"{page:<12} {name:<5} {load:>8.0f} {swipe:>9.0f} {total:>7.0f}")


if __name__ == "__main__":
    main()
