"""Where the data layer keeps things. Nothing is created until something is written."""

from __future__ import annotations

import os
import sys
from pathlib import Path

HOME_ENV = "DOLLAR_TIDE_HOME"  # overrides the default user cache directory
MIRROR_ENV = "DOLLAR_TIDE_MIRROR"  # answer the official URLs from this folder (offline demos)
SNAPSHOT_ENV = "DOLLAR_TIDE_SNAPSHOT"  # another bundled snapshot (tests, a pinned release)
SNAPSHOT_DIR = Path(__file__).resolve().parent / "snapshot"
APP_NAME = "dollar-tide"


def home() -> Path:
    """The per-user folder for the HTTP cache and the store."""
    override = os.environ.get(HOME_ENV)
    if override:
        return Path(override).expanduser()
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA", Path.home() / "AppData" / "Local"))
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Caches"
    else:
        base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / APP_NAME


def snapshot_dir() -> Path:
    override = os.environ.get(SNAPSHOT_ENV)
    return Path(override).expanduser() if override else SNAPSHOT_DIR


def store_dir(base: Path | None = None) -> Path:
    return (base or home()) / "store"


def http_cache_path(base: Path | None = None) -> Path:
    return (base or home()) / "http-cache.sqlite"


def mirror_dir() -> Path | None:
    value = os.environ.get(MIRROR_ENV)
    return Path(value).expanduser() if value else None
