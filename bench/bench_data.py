"""Data-layer timings for the data-layer issue: refresh, load, and parsers against read_csv.

    python bench/bench_data.py [--mirror ../shared/data/mirror] [--runs 5]

Reports medians; every ratio is against a baseline measured in the same process on the same
bytes (plain `pandas.read_csv`), because these 2-core machines are noisy.
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import pandas as pd  # noqa: E402

from data_sources import api, catalogue  # noqa: E402
from data_sources.http import make_session  # noqa: E402
from data_sources.mirror import read_index  # noqa: E402
from data_sources.refresh import Settings, refresh  # noqa: E402
from data_sources.store import Store  # noqa: E402


def median_time(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def bench_refresh(mirror: Path, runs: int) -> tuple[float, Store]:
    times, store = [], None
    for _ in range(runs):
        tmp = Path(tempfile.mkdtemp())
        store = Store(tmp / "store")
        settings = Settings(session=make_session(tmp / "cache.sqlite", mirror=mirror), store=store)
        start = time.perf_counter()
        reports = refresh(None, settings)
        times.append(time.perf_counter() - start)
        assert all(r.ok for r in reports), [r.line() for r in reports if not r.ok]
    return statistics.median(times), store  # type: ignore[return-value]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mirror", type=Path, default=ROOT.parent / "shared" / "data" / "mirror")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    seconds, store = bench_refresh(args.mirror, args.runs)
    print(f"full refresh of {len(catalogue.CATALOGUE)} datasets from the mirror: median {seconds:.2f} s "
          f"over {args.runs} runs (goal <= 3 s)")

    nothing = Store(Path(tempfile.mkdtemp()))
    print("\nload(name) from the store, median of 50 calls (goal <= 50 ms):")
    for name in catalogue.CATALOGUE:
        ms = 1000 * median_time(lambda n=name: api.load(n, store=store, snapshot=nothing), 50)
        print(f"  {name:<18} {ms:6.1f} ms")

    print("\nparsers against pandas.read_csv of the same bytes (median of 7; ratio = parser / read_csv):")
    index = read_index(args.mirror)
    for spec in catalogue.DATASETS:
        for resource in spec.resources:
            raw = index[resource.url].read_bytes()
            parse_s = median_time(lambda r=resource, b=raw: r.parse(b), 7)
            if resource.body == "xlsx":
                base_s = median_time(lambda b=raw: pd.read_excel(io.BytesIO(b), sheet_name="Monthly Prices",
                                                                 header=4), 7)
                base = "read_excel"
            else:
                tabbed = b"\t" in raw[:2000]
                options = {"sep": "\t" if tabbed else ",", "header": None, "on_bad_lines": "skip",
                           "encoding": "cp932" if "mof.go.jp" in resource.url else "latin-1"}
                base_s = median_time(lambda b=raw, o=options: pd.read_csv(io.BytesIO(b), **o), 7)
                base = "read_csv"
            print(f"  {spec.name:<18} {resource.key:<16} {len(raw) / 1024:7.0f} KiB  parser {parse_s * 1000:7.1f} ms"
                  f"  {base} {base_s * 1000:7.1f} ms  ratio {parse_s / base_s:5.2f}")


if __name__ == "__main__":
    main()
