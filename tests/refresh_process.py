"""A refresh in its own process, against a loopback server standing in for FRED (for test_redis).

    python -m tests.refresh_process BASE_URL HOME [--hold SECONDS]

Refreshes `usdjpy` with the settings a replica uses (`default_settings`: Redis when
DOLLAR_TIDE_REDIS_URL is set) and prints one JSON line: ok, error, and when it held the lock.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import sys
import time
from pathlib import Path

from data_sources import catalogue, refresh, shared


def main() -> None:
    base, home = sys.argv[1], Path(sys.argv[2])
    spec = catalogue.get("usdjpy")
    resource = dataclasses.replace(spec.resources[0], url=f"{base}/graph/fredgraph.csv?id=DEXJPUS", keyed=None)
    spec = dataclasses.replace(spec, resources=(resource,))
    held: list[float] = []
    real_lock = shared.refresh_lock

    @contextlib.contextmanager
    def timed_lock(name: str, url: str | None, **kw: float):
        with real_lock(name, url, **kw):
            held.append(time.time())
            try:
                yield
            finally:
                held.append(time.time())

    refresh.shared.refresh_lock = timed_lock  # the real lock, with its holding time noted
    report = refresh.refresh_one(spec, refresh.default_settings(home=home))
    print(json.dumps({"ok": report.ok, "error": report.error, "held": held}))


if __name__ == "__main__":
    main()
