"""Several replicas, one cache, one refresh at a time — on Redis, when `DOLLAR_TIDE_REDIS_URL` is set.

With it, the HTTP cache lives in Redis (requests-cache's Redis backend), so N replicas fetch each
release once, and each dataset's refresh (fetch, validate, write) holds a Redis lock (redis-py's
`Lock`): a second replica waits, then finds the responses in the shared cache. The lock expires
`LOCK_TTL_S` after its holder stops renewing it (a crashed replica never blocks the others for
long); a live holder renews it every `LOCK_TTL_S / 3`. Without the variable nothing here runs: the
SQLite cache and the store's file lock, as on one machine, and redis-py need not be installed.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import urlsplit

REDIS_ENV = "DOLLAR_TIDE_REDIS_URL"
NAMESPACE = "dollar-tide"
LOCK_TTL_S = 120.0
LOCK_WAIT_S = 900.0  # a refresh waits this long for another replica's refresh of the same dataset


class CoordinationError(OSError):
    """Redis cannot be reached, or another replica's refresh held the lock for too long."""


def redis_url() -> str | None:
    return os.environ.get(REDIS_ENV) or None


def shown(url: str) -> str:
    """The Redis URL without a password."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    return f"{parts.scheme}://{host}{f':{parts.port}' if parts.port else ''}{parts.path}"


def connect(url: str) -> Any:
    import redis

    return redis.Redis.from_url(url, socket_timeout=10, socket_connect_timeout=5)


def http_cache(url: str) -> Any:
    """requests-cache's Redis backend on `url`."""
    from requests_cache.backends.redis import RedisCache

    return RedisCache(namespace=f"{NAMESPACE}:http", connection=connect(url))


@contextmanager
def refresh_lock(name: str, url: str | None, *, ttl: float = LOCK_TTL_S,
                 wait: float = LOCK_WAIT_S) -> Iterator[None]:
    """Hold dataset `name`'s refresh lock across replicas (a no-op without Redis)."""
    if not url:
        yield
        return
    import redis
    from redis.exceptions import LockError, LockNotOwnedError

    lock = connect(url).lock(f"{NAMESPACE}:refresh:{name}", timeout=ttl, blocking_timeout=wait, thread_local=False)
    try:
        acquired = lock.acquire()
    except redis.RedisError as exc:
        raise CoordinationError(f"cannot take the refresh lock for {name} at {shown(url)}: {exc}") from None
    if not acquired:
        raise CoordinationError(f"another replica has been refreshing {name} for over {wait:.0f} s")
    stop = threading.Event()

    def renew() -> None:
        while not stop.wait(ttl / 3):
            try:
                lock.reacquire()
            except LockNotOwnedError:
                return  # expired or taken over (Redis restarted): the store's file lock still guards the write
            except (LockError, redis.RedisError):
                continue  # a passing network error: try again at the next beat, well before the TTL runs out

    renewer = threading.Thread(target=renew, name=f"lock-renew-{name}", daemon=True)
    renewer.start()
    try:
        yield
    finally:
        stop.set()
        renewer.join(timeout=5)
        with contextlib.suppress(LockError, redis.RedisError):  # expired or Redis gone: nothing to release
            lock.release()
