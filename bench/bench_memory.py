"""A replica's memory: the whole process tree (the server, its preview workers, multiprocessing's
resource tracker) after 1,000 distinct chart states and 40 cold previews.

    python bench/bench_memory.py [--states 1000] [--previews 40] [--workers N] [--cache-mb MB]

One app process (`streamlit run app.py`) on loopback, as deployed (default previews warmed at
start, preview workers at DOLLAR_TIDE_PREVIEW_WORKERS, default the machine's cores). Then

1. `--states` distinct chart states through the chart API (`/api/v1/charts/{page}.json|.csv?...`,
   bench/states.py's long tail, 4 at a time);
2. `--previews` distinct cold previews (`/api/v1/charts/{page}.png?...`), 8 at a time;

and after each step every process of the tree with its RSS and PSS (/proc/<pid>/smaps_rollup: a
page shared by n processes counts 1/n in each, so PSS sums to what the tree really takes) and the
sums. The budget (issue 31) is 512 MiB of RSS for the whole tree.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.bench_crowd import distinct_states  # noqa: E402
from bench.states import ECONOMIES, HOLDERS  # noqa: E402
from tests.services import app_server, pid_on  # noqa: E402

BUDGET_MIB = 512


def tree(pid: int) -> list[int]:
    """`pid` and all its descendants."""
    parents: dict[int, list[int]] = {}
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                ppid = int((proc / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except OSError:
                continue
            parents.setdefault(ppid, []).append(int(proc.name))
    out, todo = [], [pid]
    while todo:
        current = todo.pop()
        out.append(current)
        todo += parents.get(current, [])
    return out


def memory_kib(pid: int) -> tuple[int, int]:
    """(RSS, PSS) in KiB, from smaps_rollup."""
    rss = pss = 0
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
        if line.startswith("Rss:"):
            rss = int(line.split()[1])
        elif line.startswith("Pss:"):
            pss = int(line.split()[1])
    return rss, pss


def name(pid: int) -> str:
    cmd = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    if "multiprocessing" in cmd and "resource_tracker" in cmd:
        return "resource tracker"
    if "multiprocessing" in cmd or "spawn_main" in cmd or "forkserver" in cmd:
        return "preview worker"
    if "streamlit" in cmd:
        return "server"
    return cmd[:40] or "?"


def report(label: str, pid: int) -> tuple[float, float]:
    rows = []
    for member in tree(pid):
        try:
            rss, pss = memory_kib(member)
            rows.append((member, name(member), rss, pss))
        except OSError:  # exited meanwhile
            continue
    total_rss, total_pss = sum(r[2] for r in rows) / 1024, sum(r[3] for r in rows) / 1024
    print(f"{label}: tree RSS {total_rss:.0f} MiB, PSS {total_pss:.0f} MiB "
          f"({'within' if total_rss <= BUDGET_MIB else 'OVER'} the {BUDGET_MIB} MiB budget)")
    for member, what, rss, pss in rows:
        print(f"    {member:>7} {what:<17} RSS {rss / 1024:6.0f} MiB   PSS {pss / 1024:6.0f} MiB")
    return total_rss, total_pss


def cold_previews(n: int, seed: int = 3) -> list[str]:
    """n distinct preview states nobody asked for yet (Treasury holders or gold economies)."""
    rng = random.Random(seed)
    seen: set[str] = set()
    while len(seen) < n:
        if rng.random() < 0.4:
            economies = ",".join(rng.sample(ECONOMIES, rng.randint(1, 4)))
            seen.add(f"/api/v1/charts/gold.png?economies={economies}&from={rng.randint(1990, 2020)}-01")
        else:
            holders = ",".join(rng.sample(HOLDERS, rng.randint(1, 4)))
            seen.add(f"/api/v1/charts/treasuries.png?countries={holders}"
                     f"&from={rng.randint(2001, 2023)}-{rng.randint(1, 12):02d}")
    return sorted(seen)


def tally(codes: list[int]) -> dict[int, int]:
    out: dict[int, int] = {}
    for code in codes:
        out[code] = out.get(code, 0) + 1
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--states", type=int, default=1000)
    parser.add_argument("--previews", type=int, default=40)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--cache-mb", type=int, default=None, help="DOLLAR_TIDE_CACHE_MB (default: the app's)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "DOLLAR_TIDE_HOME": f"{tmp}/home", "DOLLAR_TIDE_AUTO_REFRESH": "0",
               "DOLLAR_TIDE_PREVIEW_WORKERS": str(args.workers)}
        if args.cache_mb is not None:
            env["DOLLAR_TIDE_CACHE_MB"] = str(args.cache_mb)
        with app_server(ROOT, env, Path(tmp) / "app.log") as port:
            base = f"http://127.0.0.1:{port}"
            pid = pid_on(port)
            for _ in range(120):  # the default previews are drawn at start, in the workers
                if requests.get(f"{base}/api/v1/charts/usdjpy.png", timeout=60).ok:
                    break
                time.sleep(0.5)
            time.sleep(2)
            report("at start (default previews drawn)", pid)

            states = distinct_states(args.states)
            started = time.perf_counter()
            with ThreadPoolExecutor(4) as pool:
                codes = list(pool.map(lambda path: requests.get(base + path, timeout=120).status_code, states))
            print(f"\n{len(states)} distinct chart states (CSV/JSON) in {time.perf_counter() - started:.0f} s: "
                  f"{tally(codes)}")
            report(f"after {len(states)} distinct chart states", pid)

            previews = cold_previews(args.previews)
            started = time.perf_counter()
            with ThreadPoolExecutor(8) as pool:
                codes = list(pool.map(lambda path: requests.get(base + path, timeout=120).status_code, previews))
            print(f"\n{len(previews)} distinct cold previews in {time.perf_counter() - started:.0f} s: {tally(codes)}")
            time.sleep(1)
            rss, pss = report(f"after {len(states)} states and {len(previews)} cold previews", pid)
            print(f"\nwhole tree: RSS {rss:.0f} MiB, PSS {pss:.0f} MiB (budget {BUDGET_MIB} MiB RSS)")


if __name__ == "__main__":
    main()
