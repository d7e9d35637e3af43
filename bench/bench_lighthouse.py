"""Lighthouse (npm `lighthouse`, driving Chromium) on every chart page beside a bare page.

    python bench/bench_lighthouse.py [--runs 3] [--pages treasuries,usdjpy,gold] [--app-root ../other-checkout]

The bare page is bench/bare_page.py: Streamlit and one 100-point plotly chart, nothing of ours.
Pages and the bare page are measured alternately, in the same run, `--runs` times each with the
mobile preset (the default: simulated slow 4G and a 4x slower CPU) and once more each with the
desktop preset. Printed: the median Total Blocking Time, its ratio to the bare page's, the median
performance score, the blocking time of the whole load (long tasks from navigation on, whatever
the first paint: TBT starts counting at FCP, so a still painted early brings all of Streamlit's
boot into TBT), LCP (and what it was), TTI, CLS on both presets, and which scripts took the main
thread's time. `--app-root` serves another checkout's app (a revision to compare with) beside the bare page.

Needs `npm ci --prefix js` (Lighthouse 12.8) and Chromium at CHROME_PATH (default /usr/bin/chromium).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from bench import bench_ui  # noqa: E402
from bench.bench_ui import serve  # noqa: E402  (the same servers bench_ui starts)

LIGHTHOUSE = ROOT / "js" / "node_modules" / ".bin" / "lighthouse"
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-sync"
PATHS = {"treasuries": "/treasuries", "usdjpy": "/usdjpy", "gold": "/gold", "reserves": "/reserves", "overview": "/",
         "article": "/article"}


def lighthouse(url: str, preset: str) -> dict:
    with tempfile.NamedTemporaryFile(suffix=".json") as out:
        command = [str(LIGHTHOUSE), url, "--quiet", "--only-categories=performance", "--output=json",
                   f"--output-path={out.name}", f"--chrome-flags={CHROME_FLAGS}"]
        if preset == "desktop":
            command.append("--preset=desktop")
        env = {**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")}
        subprocess.run(command, check=True, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       timeout=240)
        report = json.loads(Path(out.name).read_text())
    audits = report["audits"]
    boot = audits.get("bootup-time", {}).get("details", {}).get("items", [])
    lcp_items = audits.get("largest-contentful-paint-element", {}).get("details", {}).get("items", [])
    lcp_node = next((i.get("node") for t in lcp_items for i in t.get("items", []) if i.get("node")), {})
    long_tasks = audits.get("long-tasks", {}).get("details", {}).get("items", [])
    return {"score": round(report["categories"]["performance"]["score"] * 100),
            "tbt": audits["total-blocking-time"]["numericValue"],
            # TBT counts long tasks between the first contentful paint and TTI only: a page whose
            # still paints at 0.9 s has all of Streamlit's boot counted, one that paints after it
            # has none. This sum (Lighthouse lists the 20 longest tasks) does not depend on FCP.
            "blocking_all": sum(max(0.0, t["duration"] - 50) for t in long_tasks),
            "tti": audits["interactive"]["numericValue"],
            "lcp": audits["largest-contentful-paint"]["numericValue"],
            "fcp": audits["first-contentful-paint"]["numericValue"],
            "lcp_node": (lcp_node.get("nodeLabel") or lcp_node.get("selector") or "?")[:24],
            "cls": audits["cumulative-layout-shift"]["numericValue"],
            "scripts": {item["url"].rsplit("/", 1)[-1][:40]: round(item.get("scripting", 0)) for item in boot[:4]}}


def warm(app_url: str, pages: list[str]) -> None:
    """Each page's HTML and every image it preloads (a chart page's still, web.pages), fetched once:
    a replica draws its default stills at start (web.api.warm_defaults); measured views find them."""
    import html
    import re
    from urllib.parse import urljoin

    import requests

    for page in pages:
        page_html = requests.get(app_url + PATHS[page], timeout=60).text
        for href in re.findall(r'<link rel="preload" as="image" href="([^"]+)"', page_html):
            requests.get(urljoin(app_url + PATHS[page], html.unescape(href)), timeout=60)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--pages", default="treasuries,usdjpy,gold,reserves")
    parser.add_argument("--app-root", type=Path, default=None, help="serve the app from this checkout")
    parser.add_argument("--compare", type=Path, default=None,
                        help="also serve this checkout's app and measure its pages alternately (as page@base)")
    parser.add_argument("--no-desktop", action="store_true")
    args = parser.parse_args()
    pages = args.pages.split(",")
    with tempfile.TemporaryDirectory() as home:
        bare, bare_url = serve("bench/bare_page.py", home)
        if args.app_root is not None:
            bench_ui.ROOT = args.app_root.resolve()
        app, app_url = serve("app.py", home)
        base = base_url = None
        if args.compare is not None:
            bench_ui.ROOT = args.compare.resolve()
            base, base_url = serve("app.py", home)
        bench_ui.ROOT = ROOT
        warm(app_url, pages)
        try:
            mobile: dict[str, list[dict]] = {"bare": [], **{p: [] for p in pages}}
            if base_url:
                mobile |= {f"{p}@base": [] for p in pages}
            for _ in range(args.runs):  # alternated, so that drift in the machine's load hits both alike
                mobile["bare"].append(lighthouse(bare_url + "/", "mobile"))
                for page in pages:
                    mobile[page].append(lighthouse(app_url + PATHS[page], "mobile"))
                    if base_url:
                        mobile[f"{page}@base"].append(lighthouse(base_url + PATHS[page], "mobile"))
            desktop = {} if args.no_desktop else {"bare": lighthouse(bare_url + "/", "desktop"),
                                                  **{p: lighthouse(app_url + PATHS[p], "desktop") for p in pages}}
        finally:
            app.terminate()
            bare.terminate()
            if base is not None:
                base.terminate()
    bare_tbt = statistics.median(r["tbt"] for r in mobile["bare"])
    bare_all = statistics.median(r["blocking_all"] for r in mobile["bare"])
    print(f"{'page':<12} {'TBT ms':>8} {'x bare':>7} {'all ms':>7} {'x bare':>7} {'score':>6} {'FCP s':>6} "
          f"{'LCP s':>6} {'TTI s':>6} {'CLS mob':>8} {'CLS desk':>9}  LCP element; main-thread scripting (ms)")
    for name, runs in mobile.items():
        tbt = statistics.median(r["tbt"] for r in runs)
        blocking = statistics.median(r["blocking_all"] for r in runs)
        tti = statistics.median(r["tti"] for r in runs) / 1000
        score = statistics.median(r["score"] for r in runs)
        lcp = statistics.median(r["lcp"] for r in runs) / 1000
        fcp = statistics.median(r["fcp"] for r in runs) / 1000
        cls = max(r["cls"] for r in runs)
        desk = f"{desktop[name]['cls']:>9.3f}" if name in desktop else f"{'-':>9}"
        print(f"{name:<12} {tbt:>8.0f} {tbt / bare_tbt:>7.2f} {blocking:>7.0f} {blocking / bare_all:>7.2f} "
              f"{score:>6.0f} {fcp:>6.2f} {lcp:>6.2f} {tti:>6.2f} {cls:>8.3f} "
              f"{desk}  "
              f"{runs[len(runs) // 2]['lcp_node']}; "
              + ", ".join(f"{k} {v}" for k, v in runs[len(runs) // 2]["scripts"].items()))


if __name__ == "__main__":
    main()
