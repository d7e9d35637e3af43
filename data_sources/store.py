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

import contextlib
import errno
import hashlib
import io
import json
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd
from filelock import FileLock, Timeout

#: (manifest path, its stat token) → the release it names: a version check reads no JSON once seen.
_NAMED: dict[tuple[str, str], str] = {}
NAMED_MAX = 256
FORMAT = 2  # 2: each release file's sha256 is kept in the manifest and the vintage list
LOCK_TIMEOUT_S = 120
TEMP_GLOB = ".*.tmp"  # what atomic writes leave behind when a writer is killed mid-write


UNWRITABLE = (errno.EACCES, errno.EPERM, errno.EROFS)


def unwritable(exc: OSError) -> bool:
    return exc.errno in UNWRITABLE


class StoreUnwritable(OSError):
    """The store folder cannot be written (read-only volume, wrong owner)."""

    def __init__(self, root: Path, exc: OSError) -> None:
        self.root = root
        reason = exc.strerror or type(exc).__name__
        super().__init__(f"cannot write to the data store at {root}: {reason}. Point DOLLAR_TIDE_HOME at a "
                         "writable folder; pages keep serving what is stored and the bundled snapshot")


class StoreBusy(OSError):
    """Another writer has held a dataset's lock for longer than LOCK_TIMEOUT_S."""


@dataclass
class Release:
    """A stored release that passed its checksum, and what had to be skipped to find it."""

    frame: pd.DataFrame
    manifest: dict[str, Any]
    problems: list[str] = field(default_factory=list)


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


def file_sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


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
    def _read_json(self, path: Path, kind: type) -> tuple[Any, str | None]:
        """(content, None), (None, None) if absent, or (None, what is wrong) if damaged."""
        try:
            data = json.loads(path.read_bytes())
        except FileNotFoundError:
            return None, None
        except (OSError, ValueError) as exc:
            return None, f"{path.name} is damaged ({type(exc).__name__})"
        if not isinstance(data, kind):
            return None, f"{path.name} is damaged (not a JSON {kind.__name__})"
        return data, None

    def manifest(self, name: str) -> dict[str, Any] | None:
        """The current release's metadata; None if absent or unreadable (see `current()`)."""
        return self._read_json(self._dir(name) / "manifest.json", dict)[0]

    def version(self, name: str) -> str:
        """A cheap token that changes whenever the current release or its status changes, and
        whenever the release file the manifest names is touched (damaged, replaced, deleted): every
        process then re-reads and checks it at once, instead of serving what it read before."""
        path = self._dir(name) / "manifest.json"
        try:
            stat = path.stat()
        except OSError:
            return "none"
        token = f"{stat.st_mtime_ns}-{stat.st_size}-{stat.st_ino}"
        named = _NAMED.get((str(path), token))
        if named is None:
            manifest, _ = self._read_json(path, dict)
            named = str((manifest or {}).get("vintage") or "")
            if len(_NAMED) > NAMED_MAX:
                _NAMED.clear()
            _NAMED[(str(path), token)] = named
        try:
            release = self._vintage_path(name, named).stat()
            file = f"{release.st_mtime_ns}-{release.st_size}-{release.st_ino}"
        except OSError:
            file = "missing"
        return f"{token}-{file}"

    def read(self, name: str) -> tuple[pd.DataFrame, dict[str, Any]] | None:
        """The current good release and its manifest, or None if there is none."""
        release = self.current(name)
        return (release.frame, release.manifest) if release else None

    def current(self, name: str) -> Release | None:
        """The newest release whose file is intact (see `inspect`)."""
        return self.inspect(name)[0]

    def inspect(self, name: str) -> tuple[Release | None, list[str]]:
        """The newest release whose file is intact: the manifest's, else the newest good vintage.

        A damaged manifest, vintage list or release file (cut short, flipped bytes, garbled JSON)
        is skipped and named in the problems; (None, problems) if nothing intact is left.
        """
        manifest, problem = self._read_json(self._dir(name) / "manifest.json", dict)
        problems = [problem] if problem else []
        if manifest and manifest.get("vintage"):
            frame, problem = self._verified(name, manifest)
            if frame is not None:
                return Release(frame, manifest, problems), problems
            problems.append(problem or "")
        for entry in reversed(self.vintages(name)):
            if manifest and entry.get("vintage") == manifest.get("vintage"):
                continue
            frame, problem = self._verified(name, entry)
            if frame is not None:
                base = manifest or {"dataset": name}
                fallback = {**base, **entry, "last_error": base.get("last_error")}
                return Release(frame, fallback, problems), problems
            problems.append(problem or "")
        return None, problems

    def _verified(self, name: str, entry: dict[str, Any]) -> tuple[pd.DataFrame | None, str | None]:
        """The release file named by `entry` if its checksum matches (or, before format 2, if it reads)."""
        vintage = str(entry.get("vintage"))
        path = self._vintage_path(name, vintage)
        try:
            data = path.read_bytes()
        except OSError as exc:
            return None, f"release {vintage} is missing ({type(exc).__name__})"
        expected = entry.get("sha256")
        if expected and hashlib.sha256(data).hexdigest() != expected:
            return None, f"release {vintage} is damaged (checksum mismatch)"
        try:
            return pd.read_parquet(io.BytesIO(data)), None
        except Exception as exc:  # any reader failure means the same: unusable file
            return None, f"release {vintage} is unreadable ({type(exc).__name__})"

    def read_vintage(self, name: str, vintage: str) -> pd.DataFrame:
        entry = next((v for v in self.vintages(name) if v.get("vintage") == vintage), {"vintage": vintage})
        frame, problem = self._verified(name, entry)
        if frame is None:
            raise DamagedRelease(f"{name}: {problem}")
        return frame

    def vintages(self, name: str) -> list[dict[str, Any]]:
        """Every release kept, oldest first; rebuilt from the release files if the list is damaged."""
        entries, problem = self._read_json(self._dir(name) / "vintages.json", list)
        if problem is None:
            return [e for e in entries or [] if isinstance(e, dict) and e.get("vintage")]
        return self._scan_vintages(name)

    def _scan_vintages(self, name: str) -> list[dict[str, Any]]:
        entries = []
        for path in (self._dir(name) / "vintages").glob("*.parquet"):
            with contextlib.suppress(OSError):
                stamp = datetime.fromtimestamp(path.stat().st_mtime, UTC).isoformat()
                entries.append({"vintage": path.stem, "retrieved_at": stamp, "recovered": True})
        return sorted(entries, key=lambda v: v["retrieved_at"])

    # -- writing (under the lock) -------------------------------------------------------------
    @contextmanager
    def lock(self, name: str) -> Iterator[None]:
        try:
            self._dir(name).mkdir(parents=True, exist_ok=True)
            lock = FileLock(str(self._dir(name) / ".lock"), timeout=LOCK_TIMEOUT_S)
            lock.acquire()
        except Timeout:
            raise StoreBusy(f"another refresh has held {self._dir(name)} for over {LOCK_TIMEOUT_S} s") from None
        except OSError as exc:
            if not unwritable(exc):
                raise
            raise StoreUnwritable(self.root, exc) from None
        try:
            yield
        finally:
            lock.release()

    def write(self, name: str, frame: pd.DataFrame, manifest: dict[str, Any]) -> bool:
        """Make `frame` the current release. Returns True if its file was (re)written.

        The caller holds `lock(name)` across reading the previous release, validating and this
        write, so that validation and replacement are one step. A release file that exists but
        fails its checksum (damaged on disk) is written again.
        """
        try:
            return self._write(name, frame, manifest)
        except OSError as exc:
            if not unwritable(exc):
                raise
            raise StoreUnwritable(self.root, exc) from None

    def _write(self, name: str, frame: pd.DataFrame, manifest: dict[str, Any]) -> bool:
        self._clean_temp(name)
        vintage = manifest["vintage"]
        path = self._vintage_path(name, vintage)
        buffer = io.BytesIO()
        frame.to_parquet(buffer, index=False, compression="zstd")
        data = buffer.getvalue()
        digest = hashlib.sha256(data).hexdigest()
        is_new = not path.exists()
        if is_new:
            atomic_write(path, data)
        elif file_sha256(path) != (next((v.get("sha256") for v in self.vintages(name)
                                         if v.get("vintage") == vintage), None) or digest):
            atomic_write(path, data)  # damaged on disk: repair it
            is_new = True
        else:
            digest = file_sha256(path)  # same content, written earlier (parquet bytes may differ by writer)
        manifest = {**manifest, "sha256": digest, "format": FORMAT}
        entry = {k: manifest.get(k) for k in ("vintage", "sha256", "retrieved_at", "as_of", "first_date", "rows",
                                              "notes")}
        history = [v for v in self.vintages(name) if v.get("vintage") != vintage]
        if self.keep_vintages:
            history.append(entry)
        else:
            for old in history:
                self._vintage_path(name, old["vintage"]).unlink(missing_ok=True)
            history = [entry]
        history.sort(key=lambda v: str(v.get("retrieved_at")))
        atomic_write(self._dir(name) / "vintages.json", _json(history))
        atomic_write(self._dir(name) / "manifest.json", _json(manifest))
        return is_new

    def record_error(self, name: str, message: str, at: datetime | None = None) -> None:
        """Note a failed refresh; the current release (if any) stays and keeps being served.

        Takes the lock: a failing refresh must never write back a manifest that a concurrent
        successful one has just replaced."""
        at = at or datetime.now(UTC)
        with self.lock(name):
            try:
                self._clean_temp(name)
                manifest = self.manifest(name)
                if manifest is None:  # absent or damaged: point at the newest intact release, if any
                    release = self.current(name)
                    manifest = release.manifest if release else {"dataset": name, "vintage": None, "format": FORMAT}
                manifest["last_error"] = {"at": at.isoformat(), "message": message}
                manifest["last_attempt"] = at.isoformat()
                # Failures in a row (a successful write starts a fresh manifest): the scheduler's backoff.
                manifest["failures"] = int(manifest.get("failures") or 0) + 1
                atomic_write(self._dir(name) / "manifest.json", _json(manifest))
            except OSError as exc:
                if not unwritable(exc):
                    raise
                raise StoreUnwritable(self.root, exc) from None

    def _clean_temp(self, name: str) -> None:
        """Remove temp files left by a killed writer; safe because the caller holds the lock."""
        for folder in (self._dir(name), self._dir(name) / "vintages"):
            for tmp in folder.glob(TEMP_GLOB):
                tmp.unlink(missing_ok=True)


class DamagedRelease(ValueError):
    """A stored release file failed its checksum or cannot be read."""
