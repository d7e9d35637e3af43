"""The server's own refresh: a background thread that runs `refresh --due`'s check every
`interval` seconds (plus jitter, so replicas started together do not check together) and refreshes
what is due. Started by the app's lifespan (`web.lifespan`); `DOLLAR_TIDE_AUTO_REFRESH=0` turns it
off. Pages never wait on it: they read whatever release the store holds when they run.
"""

from __future__ import annotations

import dataclasses
import logging
import os
import random
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from . import api, due
from .refresh import Report, Settings, default_settings, refresh

AUTO_ENV = "DOLLAR_TIDE_AUTO_REFRESH"
INTERVAL_ENV = "DOLLAR_TIDE_REFRESH_INTERVAL"  # seconds between checks (default 15 minutes)
DEFAULT_INTERVAL_S = 900.0
MIN_INTERVAL_S = 1.0  # never a busy loop, whatever the variable says
FIRST_CHECK_S = 30.0  # after start: the server answers its first visitors before it fetches anything

log = logging.getLogger(__name__)


@dataclass
class Scheduler:
    interval: float = DEFAULT_INTERVAL_S
    jitter: float = 0.2  # each wait is `interval` × (1 ± jitter)
    first: float = FIRST_CHECK_S
    settings: Callable[[], Settings] = lambda: dataclasses.replace(default_settings(), recheck_due=True)
    next_check: datetime | None = None
    last_check: datetime | None = None
    last_reports: list[Report] = field(default_factory=list)
    _stop: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None

    def start(self) -> Scheduler:
        self._thread = threading.Thread(target=self._loop, name="dollar-tide-scheduler", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=30)

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def _wait(self, seconds: float) -> bool:
        self.next_check = datetime.now(UTC) + timedelta(seconds=seconds)
        return not self._stop.wait(seconds)

    def _loop(self) -> None:
        wait = self.first * random.uniform(1, 1 + 2 * self.jitter)
        while self._wait(wait):
            try:
                self.check()
            except Exception:  # the scheduler must outlive any one bad check
                log.exception("scheduled refresh check failed")
            wait = self.interval * random.uniform(1 - self.jitter, 1 + self.jitter)

    def check(self) -> list[Report]:
        """One due-check; refreshes what is due. Returns the refresh reports (empty: nothing due)."""
        self.last_check = datetime.now(UTC)
        due_now = [d.name for d in due.decisions(api.user_store()) if d.due]
        self.last_reports = refresh(due_now, self.settings()) if due_now else []
        for report in self.last_reports:
            log.info("scheduled refresh: %s", report.line())
        return self.last_reports


_current: Scheduler | None = None


def enabled() -> bool:
    return os.environ.get(AUTO_ENV, "1").strip().lower() not in ("0", "false", "no", "off")


def start_from_env() -> Scheduler | None:
    """Start the process's scheduler unless `DOLLAR_TIDE_AUTO_REFRESH=0`."""
    global _current
    if not enabled() or (_current is not None and _current.running):
        return _current
    interval = max(float(os.environ.get(INTERVAL_ENV) or DEFAULT_INTERVAL_S), MIN_INTERVAL_S)
    _current = Scheduler(interval=interval, first=min(FIRST_CHECK_S, interval)).start()
    return _current


def stop() -> None:
    global _current
    if _current is not None:
        _current.stop()
    _current = None


def current() -> Scheduler | None:
    return _current
