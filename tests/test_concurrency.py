"""Two refreshes at once, in two processes, never leave a store that cannot be read."""

from __future__ import annotations

import multiprocessing as mp
import shutil
import time
from pathlib import Path

import pandas as pd

from data_sources import api, catalogue
from data_sources.store import Store
from tests.helpers import FIXTURE_MIRROR

ROUNDS = 3


def _refresh(home: str, cache: str, mirror: str, barrier: mp.Barrier) -> list[tuple[str, bool, str | None]]:
    from data_sources.refresh import refresh
    from tests.helpers import settings_for

    settings = settings_for(Path(home) / cache, mirror=Path(mirror), store=Store(Path(home) / "store"))
    barrier.wait()
    return [(r.name, r.ok, r.error) for r in refresh(None, settings)]


def _reader(home: str, stop: mp.Event, failures: mp.Value) -> None:
    store = Store(Path(home) / "store")
    nothing = Store(Path(home) / "none")
    while not stop.is_set():
        for name in catalogue.CATALOGUE:
            try:
                if store.manifest(name) and store.manifest(name).get("vintage"):
                    api.load(name, store=store, snapshot=nothing)
            except Exception:
                with failures.get_lock():
                    failures.value += 1
        time.sleep(0.001)


def test_two_processes_refreshing_at_once(tmp_path):
    revised = tmp_path / "mirror-b"
    shutil.copytree(FIXTURE_MIRROR, revised)
    shutil.copy(FIXTURE_MIRROR / "variants/mfhhis01__vintage-2026-03-18.txt", revised / "treasury/mfhhis01.txt")
    mirrors = [str(FIXTURE_MIRROR), str(revised)]  # different releases, so both write
    ctx = mp.get_context("spawn")
    stop, failures = ctx.Event(), ctx.Value("i", 0)
    reader = ctx.Process(target=_reader, args=(str(tmp_path), stop, failures))
    reader.start()
    try:
        store = Store(tmp_path / "store")
        for round_no in range(ROUNDS):
            with ctx.Manager() as manager:
                barrier = manager.Barrier(2)
                # Round 0 shares one HTTP cache, as the CLI and the UI's refresh would; later rounds
                # use one cache each so that the two processes write different releases.
                caches = ["cache", "cache"] if round_no == 0 else ["cache-a", "cache-b"]
                jobs = [(str(tmp_path), c, m, barrier) for c, m in zip(caches, mirrors, strict=True)]
                with ctx.Pool(2) as pool:
                    results = pool.starmap(_refresh, jobs)
            for per_process in results:
                assert all(ok for _, ok, _ in per_process), (round_no, per_process)
            for name in catalogue.CATALOGUE:
                result = api.load(name, store=store, snapshot=Store(tmp_path / "none"))
                assert len(result.frame) == store.manifest(name)["rows"]
                assert not result.frame.duplicated(["date", "series"]).any()
                assert store.vintages(name), name
            assert not list((tmp_path / "store").rglob("*.tmp")), "no half-written files"
    finally:
        stop.set()
        reader.join(10)
    assert failures.value == 0, f"{failures.value} reads failed while writing"
    tic_vintages = Store(tmp_path / "store").vintages("treasury_holdings")
    assert len(tic_vintages) == 2  # both releases kept, whichever came last is current


def _refresh_one(home: str, cache: str, mirror: str, barrier: mp.Barrier) -> tuple[bool, str | None]:
    from data_sources.refresh import refresh
    from tests.helpers import settings_for

    settings = settings_for(Path(home) / cache, mirror=Path(mirror), store=Store(Path(home) / "store"))
    barrier.wait()
    report = refresh(["usdjpy"], settings)[0]
    return report.ok, report.error


RACES = 12


def test_a_failing_refresh_racing_a_successful_one_never_undoes_it(tmp_path):
    """The manifest must end on the successful release, whichever process finishes last."""
    older = tmp_path / "mirror-old"
    shutil.copytree(FIXTURE_MIRROR, older)
    dex = older / "fred" / "DEXJPUS.csv"
    dex.write_bytes(b"\n".join(dex.read_bytes().rstrip(b"\n").split(b"\n")[:-3]) + b"\n")
    broken = tmp_path / "mirror-broken"
    shutil.copytree(FIXTURE_MIRROR, broken)
    (broken / "fred" / "DEXJPUS.csv").write_bytes(b"<!DOCTYPE html><html><title>down</title></html>")
    ctx = mp.get_context("spawn")
    with ctx.Pool(2) as pool, ctx.Manager() as manager:
        for race in range(RACES):
            store_dir = tmp_path / f"race{race}"
            shutil.rmtree(store_dir, ignore_errors=True)
            barrier = manager.Barrier(2)
            pool.starmap(_refresh_one, [(str(store_dir), "seed", str(older), manager.Barrier(1))])
            seeded = Store(store_dir / "store").manifest("usdjpy")["vintage"]
            results = pool.starmap(_refresh_one, [(str(store_dir), "a", str(FIXTURE_MIRROR), barrier),
                                                  (str(store_dir), "b", str(broken), barrier)])
            assert results[0][0] and not results[1][0], results
            store = Store(store_dir / "store")
            manifest = store.manifest("usdjpy")
            assert manifest["vintage"] != seeded, f"race {race}: the failing refresh put the old release back"
            assert api.load("usdjpy", store=store, snapshot=Store(tmp_path / "none")).frame["date"].max() == \
                pd.Timestamp("2024-07-31")
