"""UI timings for the dashboard-pages issue, on the bundled snapshot.

    python bench/bench_ui.py [--runs 7] [--pages treasuries,usdjpy] [--first-only]

1. Each page: navigation (page.goto) → first chart visible in headless Chromium (the server's still
   of it, web/pages.py, or the interactive chart, whichever is first; and the interactive one), as a
   ratio to a bare page drawing one 100-point plotly chart, measured alternately in the same run (median);
   the same read by the page's own clock (chart in the document, from navigation start); server
   CPU per view from /proc; the bare page with the app's TCP_NODELAY fix, for comparison.
2. Warm rerun after a widget change, via Streamlit's AppTest (median).
3. Size of the full-history USD/JPY figure's JSON.
"""

from __future__ import annotations

import argparse
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
FIRST_CHART = ".js-plotly-plot .main-svg, [data-testid='stMetric']"
PAGES = {"overview": "/", "treasuries": "/treasuries", "usdjpy": "/usdjpy", "gold": "/gold", "article": "/article"}
MORE_PAGES = {"reserves": "/reserves"}  # measured when asked for (--pages)


def serve(script: str, home: str) -> tuple[subprocess.Popen, str]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    # No scheduled refresh in the middle of a measurement.
    env = {**os.environ, "DOLLAR_TIDE_HOME": home, "DOLLAR_TIDE_AUTO_REFRESH": "0"}
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            script,
            "--server.headless",
            "true",
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    import requests

    for _ in range(200):
        try:
            if requests.get(f"http://127.0.0.1:{port}/_stcore/health", timeout=1).ok:
                break
        except requests.RequestException:  # not up yet, or busy starting
            time.sleep(0.1)
    return proc, f"http://127.0.0.1:{port}"


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far, from /proc (Linux)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


# The page's own clock: when the first chart (or tile) enters the document, from navigation start.
# Playwright's wall clock above adds its own round trips; this one is read in the page.
IN_PAGE = """window.__first = null; new MutationObserver((_, seen) => {
  if (document.querySelector(FIRST)) { window.__first = window.__first || performance.now(); seen.disconnect(); }
}).observe(document, {subtree: true, childList: true});
document.addEventListener("load", e => {  // a chart page's still (web/pages.py): its first paint
  if (e.target.closest && e.target.closest(".dt-still") && !window.__first)
    requestAnimationFrame(() => { window.__first = window.__first || performance.now(); });
}, true);""".replace("FIRST", repr(FIRST_CHART))
#: The first chart on screen: the still painted (loaded, in the page), or the interactive one.
FIRST_VISIBLE = """() => { const i = document.querySelector(".dt-still img");
  if (i && i.complete && i.naturalWidth > 0) return true;
  const c = document.querySelector(FIRST); return !!c && c.getBoundingClientRect().height > 0; }""".replace(
    "FIRST", repr(FIRST_CHART))


# The page is complete: no script run going, and a first view's second run (ui/progressive.py: its
# waiting script is removed when that run ends) is done too, so its CPU counts and it never spills
# into the next view's measurement.
SETTLED = """() => !document.querySelector("[data-testid='stStatusWidget']")
    && !document.querySelector("[data-testid='stBidiComponentIsolated']")"""


def first_chart_seconds(browser, url: str, pid: int | None = None) -> tuple[float, float, float, float]:
    """A cold browser context per view: (seconds to the first visible chart, still or interactive,
    server CPU seconds for the view, measured from navigation until the page's script has finished
    and gone quiet, the page's own time to its first chart, and seconds to the interactive chart)."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.add_init_script(IN_PAGE)
    page = context.new_page()
    cpu_before = cpu_seconds(pid) if pid else 0.0
    start = time.perf_counter()
    page.goto(url, wait_until="commit")
    page.wait_for_function(FIRST_VISIBLE, timeout=60_000, polling="raf")
    elapsed = time.perf_counter() - start
    page.wait_for_selector(FIRST_CHART, state="visible", timeout=60_000)
    interactive = time.perf_counter() - start
    in_page = page.evaluate("window.__first") / 1000
    page.wait_for_function(SETTLED, timeout=60_000)
    page.wait_for_timeout(300)  # the last deltas and the session's bookkeeping
    cpu = (cpu_seconds(pid) - cpu_before) if pid else 0.0
    context.close()
    return elapsed, cpu, in_page, interactive


CLICKS = {  # page, the control's button, and what the redrawn chart's title then says
    "gold (unit)": ("/gold", ("million troy oz", "tonnes"), ("million troy oz", "tonnes")),
    "treasuries (range 1Y/5Y)": ("/treasuries", ("1Y", "5Y"), ("2025-05 to", "2021-05 to")),
}


def _button(page, text: str):
    pattern = re.compile(f"^{re.escape(text)}$")
    return page.locator("[data-testid='stButtonGroup'] button").filter(has_text=pattern).first


def click_to_redraw(browser, url: str, buttons: tuple[str, str], titles: tuple[str, str], i: int) -> float:
    """Seconds from a click on a control to the chart's title showing the new state."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.goto(url)
    page.wait_for_selector(".js-plotly-plot .main-svg", state="visible", timeout=60_000)
    page.wait_for_function(SETTLED, timeout=60_000)
    button, title = buttons[i % 2], titles[i % 2]
    if i % 2:  # the second state: first go to the first one
        _button(page, buttons[0]).click()
        page.wait_for_function("t => document.querySelector('.js-plotly-plot .gtitle').textContent.includes(t)",
                               arg=titles[0], timeout=60_000)
    start = time.perf_counter()
    _button(page, button).click()
    page.wait_for_function("t => document.querySelector('.js-plotly-plot .gtitle').textContent.includes(t)",
                           arg=title, timeout=60_000)
    elapsed = time.perf_counter() - start
    context.close()
    return elapsed


def bench_browser(runs: int, pages: dict[str, str] = PAGES, first_only: bool = False,
                  app_root: Path | None = None) -> None:
    global ROOT
    from playwright.sync_api import sync_playwright

    home = tempfile.mkdtemp()
    ours, ROOT = ROOT, (app_root or ROOT).resolve()
    app, app_url = serve("app.py", home)
    ROOT = ours
    bare, bare_url = serve("bench/bare_page.py", home)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            for path in pages.values():  # warm the servers' caches: we measure warm navigation
                first_chart_seconds(browser, app_url + path)
            first_chart_seconds(browser, bare_url)
            print(f"cold browser context per view, median of {runs}; ratios to the bare page in the same run "
                  "(issue 31's goal: first chart, still or interactive, <= 0.5; server CPU per view <= 1.0):")
            for name, path in pages.items():
                page_runs, bare_runs = [], []
                for _ in range(runs):
                    bare_runs.append(first_chart_seconds(browser, bare_url, bare.pid))
                    page_runs.append(first_chart_seconds(browser, app_url + path, app.pid))
                page_s, bare_s = (statistics.median(r[0] for r in runs_) for runs_ in (page_runs, bare_runs))
                page_cpu, bare_cpu = (statistics.median(r[1] for r in runs_) for runs_ in (page_runs, bare_runs))
                page_in, bare_in = (statistics.median(r[2] for r in runs_) for runs_ in (page_runs, bare_runs))
                page_live = statistics.median(r[3] for r in page_runs)
                print(f"  {name:<11} first chart {page_s * 1000:5.0f} ms / bare {bare_s * 1000:5.0f} ms = "
                      f"{page_s / bare_s:4.2f}   CPU {page_cpu * 1000:4.0f} ms / bare {bare_cpu * 1000:4.0f} ms = "
                      f"{page_cpu / max(bare_cpu, 1e-3):4.2f}   in the page {page_in * 1000:5.0f} / "
                      f"{bare_in * 1000:5.0f} ms = {page_in / bare_in:4.2f}   interactive {page_live * 1000:5.0f} ms = "
                      f"{page_live / bare_s:4.2f}")
            if first_only:
                browser.close()
                return
            # The pages' server answers without the 40 ms delayed-ACK stall (web/tcp.py); the bare page,
            # plain Streamlit, does not. The same bare page with that fix shows how much it alone explains.
            fixed, fixed_url = serve("bench/bare_app.py", home)
            try:
                first_chart_seconds(browser, fixed_url)
                plain, with_fix = [], []
                for _ in range(runs):
                    plain.append(first_chart_seconds(browser, bare_url)[0])
                    with_fix.append(first_chart_seconds(browser, fixed_url)[0])
                fix_s, plain_s = statistics.median(with_fix), statistics.median(plain)
                print(f"  bare page with TCP_NODELAY: first chart {fix_s * 1000:5.0f} ms / bare "
                      f"{plain_s * 1000:5.0f} ms = {fix_s / plain_s:4.2f}")
            finally:
                fixed.terminate()
            print(f"click to redrawn chart in the browser, median of {runs} (goal <= 1.2 s):")
            for name, (path, button, expect) in CLICKS.items():
                times = [click_to_redraw(browser, app_url + path, button, expect, i) for i in range(runs)]
                print(f"  {name:<24} {statistics.median(times) * 1000:6.0f} ms")
            contexts = []
            for i in range(20):  # 20 sessions across all pages, kept open
                context = browser.new_context(viewport={"width": 1400, "height": 1000})
                page = context.new_page()
                page.goto(app_url + list(PAGES.values())[i % len(PAGES)])
                page.wait_for_selector(FIRST_CHART, state="visible", timeout=60_000)
                contexts.append(context)
            time.sleep(2)
            print(f"server memory with 20 open sessions across all pages: {rss_mb(app.pid):.0f} MB (goal <= 400 MB)")
            for context in contexts:
                context.close()
            browser.close()
    finally:
        app.terminate()
        bare.terminate()


def bench_reruns(runs: int) -> None:
    from streamlit.testing.v1 import AppTest

    os.environ["DOLLAR_TIDE_HOME"] = tempfile.mkdtemp()
    app = str(ROOT / "overview.py")

    def page(path: str | None) -> AppTest:
        at = AppTest.from_file(app, default_timeout=60)
        if path:
            at.switch_page(path)
        return at.run()

    def verdicts(at: object) -> object:
        return next(b for b in at.get("button_group") if "differs" in list(b.options))  # type: ignore[attr-defined]

    changes = {
        "treasuries (transform)": (
            "pages/treasuries.py",
            lambda at, i: at.selectbox[0].select(["mom", "yoy", "level"][i % 3]),
        ),
        "usdjpy (range)": (
            "pages/usdjpy.py",
            lambda at, i: at.get("button_group")[0].set_value(["1Y", "5Y", "10Y"][i % 3]),
        ),
        "gold (unit)": ("pages/gold.py", lambda at, i: at.get("button_group")[0].set_value(["moz", "t"][i % 2])),
        "article (verdict filter)": ("pages/article.py", lambda at, i: verdicts(at).set_value(
            [["differs"], ["matches", "close"]][i % 2])),
    }
    print(f"\nwarm rerun after a widget change, AppTest, median of {runs} (goal <= 100 ms):")
    for name, (path, change) in changes.items():
        at = page(path)
        change(at, 0).run()  # warm
        times = []
        for i in range(1, runs + 1):
            change(at, i)
            start = time.perf_counter()
            at.run()
            times.append(time.perf_counter() - start)
            assert not at.exception, at.exception
        print(f"  {name:<24} {statistics.median(times) * 1000:6.0f} ms")


def bench_size() -> None:
    from analysis import fx as fx_ops
    from charts import fx
    from data_sources import load
    from data_sources.store import Store

    empty = Store(Path(tempfile.mkdtemp()))
    rate = load("usdjpy", store=empty).series("USDJPY")
    ops = load("fx_interventions", store=empty).frame
    fig = fx.usdjpy(
        rate,
        ops[ops["series"] == "USD/JPY"],
        fx_ops.load_events(),
        x_range=(rate.index.min(), rate.index.max()),
        reference_lines=[150, 160],
        show_interventions=True,
        source="Source",
    )
    size = len(fig.to_json())
    print(
        f"\nfull-history USD/JPY figure: {len(rate):,} daily points, JSON {size / 1024:.0f} KiB "
        f"({size:,} bytes; goal <= 1 MB)"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--pages", default=",".join(PAGES))
    parser.add_argument("--first-only", action="store_true", help="only the first chart of each page")
    parser.add_argument("--app-root", type=Path, default=None, help="serve the app from this checkout")
    args = parser.parse_args()
    pages = {p: (PAGES | MORE_PAGES)[p] for p in args.pages.split(",")}
    bench_browser(args.runs, pages, args.first_only, args.app_root)
    if args.first_only:
        return
    bench_reruns(args.runs * 2)
    bench_size()


if __name__ == "__main__":
    main()
