"""A refresh that runs beside the UI: started by a button, never blocking a page render.

One job at a time per process; the page polls `current()` for progress and results.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from .refresh import Report, Settings, default_settings, refresh


@dataclass
class Job:
    names: tuple[str, ...]
    started: datetime
    finished: datetime | None = None
    reports: list[Report] = field(default_factory=list)
    crash: str | None = None

    @property
    def running(self) -> bool:
        return self.finished is None


_guard = threading.Lock()
_job: Job | None = None


def current() -> Job | None:
    return _job


def start(names: Sequence[str] | None = None,
          settings: Callable[[], Settings] = default_settings) -> Job:
    """Start refreshing `names` (all if None) in a daemon thread; returns the running job.

    If a refresh is already running, that job is returned instead of starting another.
    """
    global _job
    with _guard:
        if _job is not None and _job.running:
            return _job
        job = Job(names=tuple(names or ()), started=datetime.now(UTC))
        _job = job

    def run() -> None:
        try:
            job.reports = refresh(job.names or None, settings())
        except Exception as exc:
            job.crash = f"{type(exc).__name__}: {exc}"
        finally:
            job.finished = datetime.now(UTC)

    threading.Thread(target=run, name="dollar-tide-refresh", daemon=True).start()
    return job
