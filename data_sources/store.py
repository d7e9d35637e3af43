"""The store: the last good parsed release of each dataset, and every earlier distinct release.

Layout, per dataset::

    <root>/<name>/manifest.json        the current release: provenance, vintage id, last error
    <root>/<name>/vintages.json        every release kept: id, retrieved_at, as_of, rows
    <root>/<name>/vintages/<id>.parquet one immutable file per distinct release (content hash)
    <root>/<name>/.lock                held while writing

A vintage file is written once under its content hash and never changed, and manifest.json is
replaced atomically (temp file + rename) after it, so a reader that reads the manifest and then
the file it names always gets a complete release, without taking the lock. Writers take the lock,
so two refreshes at once queue instead of interleaving. The bundled snapshot uses the same layout
with only the current vintage kept.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd
from filelock import FileLock

FORMAT = 1
LOCK_TIMEOUT_S = 120


def atomic_write(path: Path, data: bytes) -> None:
    """Write to a temp file beside `path`, fsync, then rename over it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _json(obj: Any) -> bytes:
    return json.dumps(obj, indent=1, ensure_ascii=False, sort_keys=True, default=str).encode("utf-8")


class Store:
    def __init__(self, root: Path, *, keep_vintages: bool = True) -> None:
        self.root = Path(root)
        self.keep_vintages = keep_vintages

    def __repr__(self) -> str:
        return f"Store({str(self.root)!r})"

    def _dir(self, name: str) -> Path:
        return self.root / name

    def _vintage_path(self, name: str, vintage: str) -> Path:
        return self._dir(name) / "vintages" / f"{vintage}.parquet"

    # -- reading (no lock) -------------------------------------------------------------------
    def manifest(self, name: str) -> dict[str, Any] | None:
        path = self._dir(name) / "manifest.json"
        try:
            return json.loads(path.read_bytes())
        except FileNotFoundError:
            return None

    def version(self, name: str) -> str:
        """A cheap token that changes whenever the current release or its status changes."""
        try:
            stat = (self._dir(name) / "manifest.json").stat()
        except FileNotFoundError:
            return "none"
        return f"{stat.st_mtime_ns}-{stat.st_size}"

    def read(self, name: str) -> tuple[pd.DataFrame, dict[str, Any]] | None:
        """The current release and its manifest, or None if there is none."""
        manifest = self.manifest(name)
        if not manifest or not manifest.get("vintage"):
            return None
        return self.read_vintage(name, manifest["vintage"]), manifest

    def read_vintage(self, name: str, vintage: str) -> pd.DataFrame:
        return pd.read_parquet(self._vintage_path(name, vintage))

    def vintages(self, name: str) -> list[dict[str, Any]]:
        try:
            return json.loads((self._dir(name) / "vintages.json").read_bytes())
        except FileNotFoundError:
            return []

    # -- writing (under the lock) -------------------------------------------------------------
    @contextmanager
    def lock(self, name: str) -> Iterator[None]:
        self._dir(name).mkdir(parents=True, exist_ok=True)
        with FileLock(str(self._dir(name) / ".lock"), timeout=LOCK_TIMEOUT_S):
            yield

    def write(self, name: str, frame: pd.DataFrame, manifest: dict[str, Any]) -> bool:
        """Make `frame` the current release. Returns True if it is a new vintage.

        The caller holds `lock(name)` across reading the previous release, validating and this
        write, so that validation and replacement are one step.
        """
        vintage = manifest["vintage"]
        path = self._vintage_path(name, vintage)
        is_new = not path.exists()
        if is_new:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{vintage}.", suffix=".tmp")
            os.close(fd)
            try:
                frame.to_parquet(tmp, index=False, compression="zstd")
                with open(tmp, "rb") as handle:
                    os.fsync(handle.fileno())
                os.replace(tmp, path)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
        entry = {k: manifest.get(k) for k in ("vintage", "retrieved_at", "as_of", "first_date", "rows", "notes")}
        history = [v for v in self.vintages(name) if v.get("vintage") != vintage]
        if self.keep_vintages:
            history.append(entry)
        else:
            for old in history:
                self._vintage_path(name, old["vintage"]).unlink(missing_ok=True)
            history = [entry]
        history.sort(key=lambda v: str(v.get("retrieved_at")))
        atomic_write(self._dir(name) / "vintages.json", _json(history))
        atomic_write(self._dir(name) / "manifest.json", _json({**manifest, "format": FORMAT}))
        return is_new

    def record_error(self, name: str, message: str, at: datetime | None = None) -> None:
        """Note a failed refresh; the current release (if any) stays and keeps being served."""
        at = at or datetime.now(UTC)
        manifest = self.manifest(name) or {"dataset": name, "vintage": None, "format": FORMAT}
        manifest["last_error"] = {"at": at.isoformat(), "message": message}
        manifest["last_attempt"] = at.isoformat()
        atomic_write(self._dir(name) / "manifest.json", _json(manifest))
