"""`load()`: answer at once from the store or the bundled snapshot, never from the network."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd

from . import catalogue, paths
from .errors import DataUnavailable
from .result import Provenance, Result, headline_ends, provenance_from_manifest
from .store import DamagedRelease, Release, Store


def user_store(home: Path | None = None) -> Store:
    return Store(paths.store_dir(home))


def snapshot_store() -> Store:
    return Store(paths.snapshot_dir(), keep_vintages=False)


def _as_of(frame: pd.DataFrame) -> pd.Timestamp | None:
    return pd.Timestamp(frame["date"].max()) if not frame.empty else None


def _choose(name: str, store: Store, snapshot: Store) -> tuple[Store, Release, str, list[str]]:
    """The store's newest intact release, unless the snapshot's is newer (an upgraded app) or the
    store has none; damaged files on the way are skipped and named."""
    mine, problems = store.inspect(name)
    bundled_manifest = snapshot.manifest(name) or {}
    bundled_as_of = str(bundled_manifest.get("as_of") or "")
    missing = [c for c in catalogue.get(name).extra_columns if mine is not None and c not in mine.frame.columns]
    if missing and snapshot.manifest(name):
        # Stored by an older version of the app: the bundled snapshot has what this version serves
        # (series breaks, each figure's table) until the next refresh.
        old = mine.manifest.get("vintage") if mine is not None else None
        problems = [*problems, f"the stored release {old} predates this version (no {', '.join(missing)})"]
        mine = None
    if mine is not None:
        mine_as_of = _as_of(mine.frame)
        if not bundled_as_of or (mine_as_of is not None and str(mine_as_of.date()) >= bundled_as_of):
            if problems:
                problems = [*problems, f"serving the stored release {mine.manifest.get('vintage')} instead"]
            return store, mine, mine.manifest.get("origin", "live"), problems
    bundled, bundled_problems = snapshot.inspect(name)
    if bundled is not None:
        if problems:
            problems = [*problems, "serving the bundled snapshot instead"]
        return snapshot, bundled, "snapshot", problems + bundled_problems
    if mine is not None:
        return store, mine, mine.manifest.get("origin", "live"), problems + bundled_problems
    detail = "; ".join(problems + bundled_problems)
    raise DataUnavailable(
        f"no data for {name!r}: nothing intact in {store.root} and no bundled snapshot"
        f"{' (' + detail + ')' if detail else ''}; run `python -m data_sources refresh {name}`"
    )


def load(name: str, *, store: Store | None = None, snapshot: Store | None = None,
         vintage: str | None = None, now: datetime | None = None) -> Result:
    """The dataset `name` as a Result (frame + provenance). Never touches the network.

    A damaged release (checksum mismatch, cut-short file, garbled manifest) is never served: the
    newest intact stored release or the bundled snapshot is, and the provenance says so."""
    spec = catalogue.get(name)
    store = store or user_store()
    snapshot = snapshot or snapshot_store()
    _, release, origin, problems = _choose(name, store, snapshot)
    frame, manifest = release.frame, release.manifest
    if vintage and vintage != manifest.get("vintage"):
        entry = next((v for v in store.vintages(name) if v.get("vintage") == vintage), None)
        if entry is None:
            raise DataUnavailable(f"{name!r} has no stored release {vintage!r}")
        try:
            frame = store.read_vintage(name, vintage)
        except DamagedRelease as exc:
            raise DataUnavailable(str(exc)) from None
        manifest = {**manifest, **entry}
    as_of, lagging = headline_ends(spec, frame)
    provenance = provenance_from_manifest(spec, manifest, origin, store.manifest(name),  # type: ignore[arg-type]
                                          now or datetime.now(UTC), as_of=as_of, problems=tuple(problems),
                                          lagging=lagging)
    return Result(spec=spec, frame=frame, provenance=provenance)


def version(name: str, *, store: Store | None = None, snapshot: Store | None = None) -> str:
    """Changes whenever what `load(name)` would return changes; costs two stat() calls."""
    return f"{(store or user_store()).version(name)}|{(snapshot or snapshot_store()).version(name)}"


def vintages(name: str, *, store: Store | None = None) -> list[dict[str, Any]]:
    """Every stored release of `name`, oldest first."""
    catalogue.get(name)
    return (store or user_store()).vintages(name)


def status(*, store: Store | None = None, snapshot: Store | None = None,
           now: datetime | None = None) -> list[Provenance | tuple[str, str]]:
    """Provenance of every dataset; (name, reason) where nothing can be served."""
    rows: list[Provenance | tuple[str, str]] = []
    for name in catalogue.CATALOGUE:
        try:
            rows.append(load(name, store=store, snapshot=snapshot, now=now).provenance)
        except DataUnavailable as exc:
            rows.append((name, str(exc)))
        except Exception as exc:  # one unreadable dataset must not hide the others' status
            rows.append((name, f"cannot be read: {type(exc).__name__}: {exc}"))
    return rows


def compare_vintages(name: str, old: str, new: str, *, store: Store | None = None) -> pd.DataFrame:
    """What a revision changed: rows whose value differs between two stored releases."""
    store = store or user_store()
    a, b = store.read_vintage(name, old), store.read_vintage(name, new)
    merged = a[["date", "series", "value"]].merge(b[["date", "series", "value"]], on=["date", "series"],
                                                  how="outer", suffixes=("_old", "_new"))
    changed = merged[~((merged["value_old"] - merged["value_new"]).abs() < 1e-9)]
    changed = changed.assign(change=changed["value_new"] - changed["value_old"])
    return changed.sort_values(["series", "date"]).reset_index(drop=True)
