"""The load test operators run: bench/locustfile.py (locust, headless) against 1 and 2 replicas
behind nginx (deploy/nginx.conf as shipped), on loopback; throughput, p50/p95, errors and RSS.

    python bench/bench_load.py [--users 40] [--seconds 60]

Each replica gets cores / replicas preview workers (DOLLAR_TIDE_PREVIEW_WORKERS), so that two
replicas on one machine do not draw on more processes than it has cores. Needs nginx (apt).
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.bench_crowd import children  # noqa: E402
from bench.bench_ui import rss_mb  # noqa: E402
from tests.services import app_server, nginx, pid_on  # noqa: E402


def run(replicas: int, users: int, seconds: int, folder: Path) -> None:
    workers = max(1, (os.cpu_count() or 1) // replicas)
    env = {**os.environ, "DOLLAR_TIDE_HOME": str(folder / "home"), "DOLLAR_TIDE_AUTO_REFRESH": "0",
           "DOLLAR_TIDE_PREVIEW_WORKERS": str(workers)}
    with contextlib.ExitStack() as stack:
        ports = [stack.enter_context(app_server(ROOT, env, folder / f"app{i}.log")) for i in range(replicas)]
        proxy = stack.enter_context(nginx(ROOT / "deploy" / "nginx.conf", ports, folder / "nginx"))
        for port in ports:
            requests.get(f"http://127.0.0.1:{port}/readyz", timeout=60)
        time.sleep(8)  # default previews drawn, workers up
        out = folder / f"locust-{replicas}"
        subprocess.run([sys.executable, "-m", "locust", "-f", str(ROOT / "bench" / "locustfile.py"), "--headless",
                        "-u", str(users), "-r", str(max(1, users // 5)), "-t", f"{seconds}s", "--host",
                        f"http://127.0.0.1:{proxy}", "--csv", str(out), "--only-summary"],
                       check=False, capture_output=True, cwd=ROOT / "bench")
        pids = [pid_on(port) for port in ports]
        rss = [rss_mb(pid) for pid in pids]
        worker_rss = [sum(rss_mb(c) for c in children(pid)) for pid in pids]
    with open(f"{out}_stats.csv") as handle:
        rows = list(csv.DictReader(handle))
    print(f"\n{replicas} replica(s) x {workers} preview worker(s), {users} users, {seconds} s:")
    print(f"  {'request':32} {'count':>6} {'fail':>5} {'p50 ms':>7} {'p95 ms':>7} {'req/s':>6}")
    for row in rows:
        print(f"  {row['Name'][:32]:32} {row['Request Count']:>6} {row['Failure Count']:>5} "
              f"{row['50%']:>7} {row['95%']:>7} {float(row['Requests/s']):>6.1f}")
    print(f"  server RSS per replica: {', '.join(f'{r:.0f} MB' for r in rss)}; preview workers: "
          f"{', '.join(f'{r:.0f} MB' for r in worker_rss)}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=40)
    parser.add_argument("--seconds", type=int, default=60)
    args = parser.parse_args()
    for replicas in (1, 2):
        with tempfile.TemporaryDirectory() as tmp:
            run(replicas, args.users, args.seconds, Path(tmp))


if __name__ == "__main__":
    main()
