"""Which datasets a scheduled refresh should fetch now: `refresh --due` and the server's scheduler.

A dataset is due when
- this store has never held it (the app serves only the bundled snapshot), or
- its publisher has usually released a newer observation by now (the catalogue's cadence and lag,
  `schedule.Cadence`) and the last look is older than `RECHECK` (a late release is looked for a few
  times a day, not on every tick), or
- event data (interventions, no schedule) was last looked at over `EVENT_RECHECK` ago, or
- its last attempt failed and the backoff since (1 h, doubling per failure in a row, at most a
  day) has passed.
Everything here reads the store's small manifest files: a check that finds nothing due is quick.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pandas as pd

from . import catalogue
from .result import parse_time
from .store import Store

RECHECK = timedelta(hours=6)
EVENT_RECHECK = timedelta(hours=24)
BACKOFF_FIRST = timedelta(hours=1)
BACKOFF_MAX = timedelta(hours=24)


@dataclass(frozen=True)
class Decision:
    name: str
    due: bool
    reason: str
    next_check: datetime  # when this dataset is next worth a look (now, if due)
    next_release: datetime | None  # when its publisher usually has the next observation out


def backoff(failures: int) -> timedelta:
    return min(BACKOFF_FIRST * 2 ** max(failures - 1, 0), BACKOFF_MAX)


def decide(name: str, store: Store, now: datetime) -> Decision:
    spec = catalogue.get(name)
    manifest = store.manifest(name) or {}
    retrieved = parse_time(manifest.get("retrieved_at")) if manifest.get("vintage") else None
    attempted = parse_time(manifest.get("last_attempt")) or retrieved
    error_at = parse_time((manifest.get("last_error") or {}).get("at"))
    as_of = manifest.get("as_of")
    release_day = spec.cadence.next_release(pd.Timestamp(as_of).date()) if as_of else None
    next_release = datetime.combine(release_day, datetime.min.time(), UTC) if release_day else None
    if retrieved is None and error_at is None:
        return Decision(name, True, "never refreshed on this machine (serving the bundled snapshot)", now,
                        next_release)
    if error_at is not None and (retrieved is None or error_at > retrieved):
        failures = int(manifest.get("failures", 1))
        retry_at = error_at + backoff(failures)
        if now >= retry_at:
            return Decision(name, True, f"last attempt failed ({failures} in a row); backoff over", now, next_release)
        return Decision(name, False, f"last attempt failed; retrying after {retry_at:%Y-%m-%d %H:%M} UTC",
                        retry_at, next_release)
    last_look = attempted or retrieved
    assert last_look is not None
    if next_release is None:  # event data: no schedule of its own
        check_at = last_look + EVENT_RECHECK
        reason = "event data, looked at over a day ago" if now >= check_at else "event data, looked at recently"
        return Decision(name, now >= check_at, reason, max(check_at, now), None)
    check_at = max(next_release, last_look + RECHECK)
    if now >= check_at:
        return Decision(name, True, f"the release after {as_of} is usually out by {next_release:%Y-%m-%d}", now,
                        next_release)
    hours = (now - last_look).total_seconds() / 3600
    why = (f"next release usually around {next_release:%Y-%m-%d}" if next_release > now
           else f"release due since {next_release:%Y-%m-%d}, looked {hours:.0f} h ago")
    return Decision(name, False, why, check_at, next_release)


def decisions(store: Store, now: datetime | None = None, names: list[str] | None = None) -> list[Decision]:
    now = now or datetime.now(UTC)
    return [decide(name, store, now) for name in (names or list(catalogue.CATALOGUE))]
