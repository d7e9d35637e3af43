"""A shared link's crowd against one app process (`streamlit run app.py`) on loopback:

1. 40 distinct cold preview states at once: statuses, slowest answer;
2. 40 requests for one cold state at once: statuses, slowest, how many drawings (from the log);
3. server RSS at start, after 1,000 distinct chart CSV/JSON states, and after a mixed load.

    python bench/bench_crowd.py [--states 1000] [--workers N]

Preview workers default to the machine's cores (DOLLAR_TIDE_PREVIEW_WORKERS); their RSS is
reported beside the server's.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.bench_ui import rss_mb  # noqa: E402
from bench.states import ECONOMIES, HOLDERS, long_tail  # noqa: E402
from tests.services import app_server, pid_on  # noqa: E402


def children(pid: int) -> list[int]:
    found = []
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                stat = (proc / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(stat[1]) == pid:
                found.append(int(proc.name))
    return found


def timed(url: str) -> tuple[int, float]:
    started = time.perf_counter()
    answer = requests.get(url, timeout=120)
    return answer.status_code, time.perf_counter() - started


def crowd(urls: list[str]) -> tuple[dict[int, int], float, float]:
    with ThreadPoolExecutor(len(urls)) as pool:
        results = list(pool.map(timed, urls))
    codes: dict[int, int] = {}
    for code, _ in results:
        codes[code] = codes.get(code, 0) + 1
    times = [t for _, t in results]
    return codes, statistics.median(times), max(times)


def distinct_states(n: int, seed: int = 7) -> list[str]:
    """n different chart states (CSV or JSON), none repeated."""
    rng = random.Random(seed)
    random.seed(seed)
    seen: set[str] = set()
    out = []
    while len(out) < n:
        page, query = long_tail()
        if rng.random() < 0.2:
            page, query = "usdjpy", f"from={rng.randint(1972, 2024)}-{rng.randint(1, 12):02d}-01&range=custom"
        path = f"/api/v1/charts/{page}.{rng.choice(['csv', 'json'])}?{query}"
        if path not in seen:
            seen.add(path)
            out.append(path)
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--states", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "DOLLAR_TIDE_HOME": f"{tmp}/home", "DOLLAR_TIDE_AUTO_REFRESH": "0",
               "DOLLAR_TIDE_PREVIEW_WORKERS": str(args.workers)}
        with app_server(ROOT, env, Path(tmp) / "app.log") as port:
            base = f"http://127.0.0.1:{port}"
            pid = pid_on(port)
            time.sleep(8)  # the default previews are drawn at start; the workers are up
            print(f"RSS at start: server {rss_mb(pid):.0f} MB, preview workers "
                  f"{sum(rss_mb(c) for c in children(pid)):.0f} MB ({len(children(pid))} processes)")

            random.seed(1)
            cold = []
            while len(cold) < 40:
                holders = ",".join(random.sample(HOLDERS, random.randint(1, 4)))
                query = f"countries={holders}&from={random.randint(2001, 2023)}-{random.randint(1, 12):02d}"
                if random.random() < 0.4:
                    economies = ",".join(random.sample(ECONOMIES, random.randint(1, 4)))
                    query = f"economies={economies}&from={random.randint(1990, 2020)}-01"
                    cold.append(f"{base}/api/v1/charts/gold.png?{query}")
                else:
                    cold.append(f"{base}/api/v1/charts/treasuries.png?{query}")
            codes, median, slowest = crowd(cold)
            print(f"40 distinct cold previews at once: {codes}, median {median:.2f} s, slowest {slowest:.2f} s")

            one = f"{base}/api/v1/charts/treasuries.png?countries=japan,belgium,ireland&from=2004-07"
            codes, median, slowest = crowd([one] * 40)
            print(f"40 requests for one cold preview at once: {codes}, median {median:.2f} s, slowest {slowest:.2f} s")

            states = distinct_states(args.states)
            started = time.perf_counter()
            with ThreadPoolExecutor(4) as pool:
                answers = list(pool.map(lambda path: requests.get(base + path, timeout=60).status_code, states))
            tally: dict[int, int] = {}
            for code in answers:
                tally[code] = tally.get(code, 0) + 1
            print(f"{len(states)} distinct chart CSV/JSON states in {time.perf_counter() - started:.0f} s: {tally}; "
                  f"RSS after: server {rss_mb(pid):.0f} MB, workers {sum(rss_mb(c) for c in children(pid)):.0f} MB")

            mixed = [f"/treasuries?{long_tail()[1]}" for _ in range(100)]
            mixed += [p.replace(".csv", ".png").replace(".json", ".png") for p in distinct_states(200, seed=11)]
            mixed += [f"/api/v1/datasets/{name}.{fmt}" for name in ("treasury_holdings", "gold_reserves", "rates")
                      for fmt in ("csv", "json")] * 10
            mixed += distinct_states(200, seed=13)
            random.shuffle(mixed)
            with ThreadPoolExecutor(8) as pool:
                answers = list(pool.map(lambda path: requests.get(base + path, timeout=120).status_code, mixed))
            tally = {}
            for code in answers:
                tally[code] = tally.get(code, 0) + 1
            print(f"mixed load of {len(mixed)} requests: {tally}; RSS after: server {rss_mb(pid):.0f} MB, "
                  f"workers {sum(rss_mb(c) for c in children(pid)):.0f} MB")


if __name__ == "__main__":
    main()
