"""Several replicas on one Redis (a real redis-server on loopback): each URL fetched once, refreshes
of one dataset serialized, a crashed holder's lock expiring, and the file-lock path without Redis."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import pytest

from data_sources import shared
from tests.helpers import ROOT, fixture_bytes
from tests.services import Scripted, redis_server, reply

pytestmark = [pytest.mark.enable_socket, pytest.mark.allow_hosts(["127.0.0.1"])]
BODY = fixture_bytes("fred/DEXJPUS.csv")


def slow_fred(delay: float = 1.0) -> Scripted:
    """Stands in for FRED: the DEXJPUS CSV after `delay` seconds; `seen` counts the requests."""
    def answer(handler) -> None:
        time.sleep(delay)
        reply(handler, 200, BODY, {"Content-Type": "text/csv"})

    return Scripted(answer)


@pytest.fixture
def redis(tmp_path):
    with redis_server(tmp_path) as url:
        yield url


@pytest.fixture
def fred():
    server = slow_fred()
    yield server
    server.close()


def replicas(fred: Scripted, home, n: int, redis_url: str | None) -> list[dict]:
    env = {**os.environ, "DOLLAR_TIDE_SNAPSHOT": str(home / "no-snapshot")}  # the excerpt is short
    env.pop(shared.REDIS_ENV, None)
    if redis_url:
        env[shared.REDIS_ENV] = redis_url
    processes = [subprocess.Popen([sys.executable, "-m", "tests.refresh_process", fred.base, str(home)], cwd=ROOT,
                                  env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                 for _ in range(n)]
    results = []
    for process in processes:
        out, err = process.communicate(timeout=120)
        assert process.returncode == 0, err
        results.append(json.loads(out.strip().splitlines()[-1]))
    return results


def test_two_replicas_on_one_redis_fetch_each_url_once_and_take_turns(fred, redis, tmp_path):
    results = replicas(fred, tmp_path, 2, redis)
    assert all(r["ok"] for r in results), results
    assert len(fred.seen) == 1, "the second replica found the response in the shared cache"
    (a0, a1), (b0, _) = sorted(tuple(r["held"]) for r in results)
    assert a1 <= b0, "one refresh of the dataset at a time"
    assert b0 - a0 >= 0.9, "the second waited for the first's fetch"


def test_without_redis_each_process_fetches_for_itself(fred, tmp_path):
    # The control: separate machines (separate homes) with no shared cache fetch twice.
    results = replicas(fred, tmp_path / "a", 1, None) + replicas(fred, tmp_path / "b", 1, None)
    assert all(r["ok"] for r in results) and len(fred.seen) == 2


def test_the_shared_cache_is_in_redis(fred, redis, tmp_path):
    replicas(fred, tmp_path, 1, redis)
    client = shared.connect(redis)
    assert any(key.startswith(b"dollar-tide:http") for key in client.keys("*"))
    assert not (tmp_path / "http-cache.sqlite").exists()


def test_a_crashed_holders_lock_expires(redis, tmp_path):
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sys, time\nfrom data_sources import shared\n"
         f"with shared.refresh_lock('usdjpy', {redis!r}, ttl=1.5):\n"
         "    print('held', flush=True)\n    time.sleep(600)\n"],
        cwd=ROOT, stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "held"
    with pytest.raises(shared.CoordinationError), shared.refresh_lock("usdjpy", redis, wait=0.5):
        pass  # a live holder renews its lock: others wait
    holder.send_signal(signal.SIGKILL)  # crash: no release, no more renewals
    holder.wait(10)
    start = time.monotonic()
    with shared.refresh_lock("usdjpy", redis, wait=10):
        waited = time.monotonic() - start
    assert waited < 3, "the lock expired about `ttl` after the last renewal"


def test_a_live_holder_keeps_its_lock_past_the_ttl(redis):
    with shared.refresh_lock("rates", redis, ttl=0.6):
        time.sleep(1.5)  # well past the ttl: renewed meanwhile
        with pytest.raises(shared.CoordinationError), shared.refresh_lock("rates", redis, wait=0.3):
            pass


def test_unreachable_redis_is_one_dataset_error_not_a_crash(tmp_path):
    import dataclasses

    from data_sources import catalogue
    from data_sources.refresh import Settings, refresh_one
    from data_sources.store import Store
    from tests.helpers import settings_for

    settings: Settings = dataclasses.replace(settings_for(tmp_path), redis_url="redis://127.0.0.1:1/0")
    report = refresh_one(catalogue.get("usdjpy"), settings)
    assert not report.ok and "cannot take the refresh lock for usdjpy at redis://127.0.0.1:1/0" in report.error
    assert Store(tmp_path / "store").manifest("usdjpy") is None, "not FRED's failure: no backoff for FRED"


def test_a_scheduled_refresh_that_waited_for_another_replica_skips_what_is_no_longer_due(tmp_path):
    import dataclasses

    from data_sources import catalogue
    from data_sources.refresh import refresh_one
    from tests.helpers import settings_for

    settings = dataclasses.replace(settings_for(tmp_path), recheck_due=True)
    first = refresh_one(catalogue.get("gold_price"), settings)
    assert first.ok and not first.skipped and first.new_vintage
    again = refresh_one(catalogue.get("gold_price"), settings)  # as a replica that queued behind the first
    assert again.ok and again.skipped.startswith("no longer due") and "skipped" in again.line()
