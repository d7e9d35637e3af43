"""`load()`: answer at once from the store or the bundled snapshot, never from the network."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd

from . import catalogue, paths
from .errors import DataUnavailable
from .result import Provenance, Result, provenance_from_manifest
from .store import Store


def user_store(home: Path | None = None) -> Store:
    return Store(paths.store_dir(home))


def snapshot_store() -> Store:
    return Store(paths.snapshot_dir(), keep_vintages=False)


def _choose(name: str, store: Store, snapshot: Store) -> tuple[Store, dict[str, Any], str]:
    """The store's release, unless the snapshot's is newer (an upgraded app) or the store has none."""
    mine, bundled = store.manifest(name), snapshot.manifest(name)
    has_mine = bool(mine and mine.get("vintage"))
    has_bundled = bool(bundled and bundled.get("vintage"))
    if has_mine and (not has_bundled or str(mine["as_of"]) >= str(bundled["as_of"])):  # type: ignore[index]
        return store, mine, mine.get("origin", "live")  # type: ignore[return-value]
    if has_bundled:
        return snapshot, bundled, "snapshot"  # type: ignore[return-value]
    raise DataUnavailable(
        f"no data for {name!r}: nothing in {store.root} and no bundled snapshot; "
        f"run `python -m data_sources refresh {name}`"
    )


def load(name: str, *, store: Store | None = None, snapshot: Store | None = None,
         vintage: str | None = None, now: datetime | None = None) -> Result:
    """The dataset `name` as a Result (frame + provenance). Never touches the network."""
    spec = catalogue.get(name)
    store = store or user_store()
    snapshot = snapshot or snapshot_store()
    source, manifest, origin = _choose(name, store, snapshot)
    if vintage and vintage != manifest.get("vintage"):
        entry = next((v for v in store.vintages(name) if v.get("vintage") == vintage), None)
        if entry is None:
            raise DataUnavailable(f"{name!r} has no stored release {vintage!r}")
        frame = store.read_vintage(name, vintage)
        manifest = {**manifest, **entry}
        source = store
    else:
        frame = source.read_vintage(name, manifest["vintage"])
    provenance = provenance_from_manifest(spec, manifest, origin, store.manifest(name), now or datetime.now(UTC))  # type: ignore[arg-type]
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
