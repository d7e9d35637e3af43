"""Two refreshes at once, in two processes, never leave a store that cannot be read."""

from __future__ import annotations

import multiprocessing as mp
import shutil
import time
from pathlib import Path

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
