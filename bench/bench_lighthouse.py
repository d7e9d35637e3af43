"""Lighthouse (npm `lighthouse`, driving Chromium) on every chart page beside a bare page.

    python bench/bench_lighthouse.py [--runs 3] [--pages treasuries,usdjpy,gold]

The bare page is bench/bare_page.py: Streamlit and one 100-point plotly chart, nothing of ours.
Pages and the bare page are measured alternately, in the same run, `--runs` times each with the
mobile preset (the default: simulated slow 4G and a 4x slower CPU) and once more each with the
desktop preset. Printed: the median Total Blocking Time, its ratio to the bare page's, the median
performance score, CLS on both presets, and which scripts took the main thread's time.

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
    return {"score": round(report["categories"]["performance"]["score"] * 100),
            "tbt": audits["total-blocking-time"]["numericValue"],
            "cls": audits["cumulative-layout-shift"]["numericValue"],
            "scripts": {item["url"].rsplit("/", 1)[-1][:40]: round(item.get("scripting", 0)) for item in boot[:4]}}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--pages", default="treasuries,usdjpy,gold,reserves")
    args = parser.parse_args()
    pages = args.pages.split(",")
    with tempfile.TemporaryDirectory() as home:
        app, app_url = serve("app.py", home)
        bare, bare_url = serve("bench/bare_page.py", home)
        try:
            mobile: dict[str, list[dict]] = {"bare": [], **{p: [] for p in pages}}
            for _ in range(args.runs):  # alternated, so that drift in the machine's load hits both alike
                mobile["bare"].append(lighthouse(bare_url + "/", "mobile"))
                for page in pages:
                    mobile[page].append(lighthouse(app_url + PATHS[page], "mobile"))
            desktop = {"bare": lighthouse(bare_url + "/", "desktop"),
                       **{p: lighthouse(app_url + PATHS[p], "desktop") for p in pages}}
        finally:
            app.terminate()
            bare.terminate()
    bare_tbt = statistics.median(r["tbt"] for r in mobile["bare"])
    print(f"{'page':<12} {'TBT ms':>8} {'x bare':>7} {'score':>6} {'CLS mob':>8} {'CLS desk':>9}  "
          "main-thread scripting (ms)")
    for name, runs in mobile.items():
        tbt = statistics.median(r["tbt"] for r in runs)
        score = statistics.median(r["score"] for r in runs)
        cls = max(r["cls"] for r in runs)
        print(f"{name:<12} {tbt:>8.0f} {tbt / bare_tbt:>7.2f} {score:>6.0f} {cls:>8.3f} {desktop[name]['cls']:>9.3f}  "
              + ", ".join(f"{k} {v}" for k, v in runs[len(runs) // 2]["scripts"].items()))


if __name__ == "__main__":
    main()
