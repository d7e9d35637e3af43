"""Sharing routes: link-preview PNG cold and warm, chart CSV and dataset API latency, through the
real server (`streamlit run app.py`) on the bundled snapshot.

    python bench/bench_web.py [--runs 7]

Cold = a chart state not asked for before in this process (a different start month each time);
warm = the same URL again. Goals (issue 9): PNG warm <= 50 ms, cold <= 1.5 s.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.bench_ui import serve  # noqa: E402

STATES = {"treasuries": ("countries=japan,china-mainland&from=", "month"),
          "usdjpy": ("range=Custom&to=2025-09-26&from=", "day"),
          "gold": ("economies=chn,pol,ind&from=", "month")}


def timed(url: str, **headers: str) -> tuple[float, requests.Response]:
    start = time.perf_counter()
    answer = requests.get(url, headers=headers, timeout=60)
    return time.perf_counter() - start, answer


def starts(kind: str, runs: int) -> list[str]:
    years = range(2001, 2001 + runs)
    return [f"{y}-01" if kind == "month" else f"{y}-01-04" for y in years]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    server, base = serve("app.py", tempfile.mkdtemp())
    try:
        timed(f"{base}/api/v1/charts/gold.png")  # first use loads matplotlib and the data contexts
        print(f"median of {args.runs} (ms); cold = a state not seen before, warm = the same URL again")
        for page, (prefix, kind) in STATES.items():
            for fmt in ("png", "csv", "json"):
                cold, warm, not_modified = [], [], []
                for start in starts(kind, args.runs):
                    url = f"{base}/api/v1/charts/{page}.{fmt}?{prefix}{start}"
                    seconds, answer = timed(url)
                    assert answer.status_code == 200, (url, answer.text[:300])
                    cold.append(seconds)
                    warm.append(timed(url)[0])
                    not_modified.append(timed(url, **{"If-None-Match": answer.headers["etag"]})[0])
                print(f"  {page:<10} {fmt:<4} cold {statistics.median(cold) * 1000:6.0f}   warm "
                      f"{statistics.median(warm) * 1000:5.0f}   304 {statistics.median(not_modified) * 1000:4.0f}")
        for path in ("/api/v1/datasets", "/api/v1/datasets/usdjpy.csv", "/api/v1/datasets/gold_reserves.json",
                     "/treasuries?countries=japan", "/readyz"):
            times = [timed(f"{base}{path}")[0] for _ in range(args.runs)]
            print(f"  {path:<40} {statistics.median(times) * 1000:6.0f}")
    finally:
        server.terminate()


if __name__ == "__main__":
    main()
