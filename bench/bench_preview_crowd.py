"""One cold link preview asked for by a crowd at once: an unfurling storm after a link is shared.

    python bench/bench_preview_crowd.py [--clients 40] [--rounds 5] [--workers N]

One app process on loopback, as deployed (default previews warmed at start). Each round picks a
state nobody asked for yet and releases `--clients` threads at once (a barrier) on its PNG; it
prints the statuses, the median and slowest answer, whether every client got the same bytes, and
how many drawings the server started for it (/readyz counts them; `web.api.png` single-flights a
key). Goal (issue 31): all 200 within 3 s, one drawing. Then the medians over the rounds.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.bench_memory import cold_previews  # noqa: E402
from tests.services import app_server  # noqa: E402


def crowd(url: str, clients: int) -> tuple[list[int], list[float], int]:
    """(statuses, seconds per client from the common start, distinct bodies)."""
    barrier = threading.Barrier(clients + 1)
    start: list[float] = []

    def one(_: int) -> tuple[int, float, bytes]:
        session = requests.Session()
        barrier.wait()
        answer = session.get(url, timeout=60)
        return answer.status_code, time.perf_counter(), answer.content

    with ThreadPoolExecutor(clients) as pool:
        futures = [pool.submit(one, i) for i in range(clients)]
        barrier.wait()
        start.append(time.perf_counter())
        results = [f.result() for f in futures]
    return [r[0] for r in results], [r[1] - start[0] for r in results], len({r[2] for r in results})


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=40)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "DOLLAR_TIDE_HOME": f"{tmp}/home", "DOLLAR_TIDE_AUTO_REFRESH": "0",
               "DOLLAR_TIDE_PREVIEW_WORKERS": str(args.workers)}
        with app_server(ROOT, env, Path(tmp) / "app.log") as port:
            base = f"http://127.0.0.1:{port}"
            for _ in range(600):  # the default previews and stills are drawn at start, in the workers
                previews = requests.get(f"{base}/readyz", timeout=60).json()["previews"]
                if previews["default_rounds"] >= 1 and previews["waiting_or_drawing"] == 0:
                    break
                time.sleep(0.5)
            def started() -> int:
                return requests.get(f"{base}/readyz", timeout=60).json()["previews"]["drawings_started"]

            slowest, medians = [], []
            print(f"{args.clients} clients at once on one cold preview, {args.workers} preview workers:")
            for path in cold_previews(args.rounds, seed=17):
                before = started()
                codes, times, bodies = crowd(base + path, args.clients)
                drawings = started() - before
                tally = {c: codes.count(c) for c in sorted(set(codes))}
                slowest.append(max(times))
                medians.append(statistics.median(times))
                print(f"  {path[15:75]:<60} {tally} median {medians[-1]:.2f} s, slowest {slowest[-1]:.2f} s, "
                      f"{bodies} distinct answer{'s' if bodies != 1 else ''}, {drawings} drawing(s)")
            print(f"over {args.rounds} rounds: median of medians {statistics.median(medians):.2f} s, "
                  f"median slowest {statistics.median(slowest):.2f} s, worst {max(slowest):.2f} s (goal 3 s)")


if __name__ == "__main__":
    main()
