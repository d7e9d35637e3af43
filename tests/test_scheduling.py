"""Staying fresh by itself: `refresh --due` and the server's scheduler, on the fixture mirror."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta

import pytest

from data_sources import api, catalogue, due, scheduler
from data_sources.refresh import refresh
from tests.helpers import FIXTURE_MIRROR, ROOT, settings_for


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("DOLLAR_TIDE_HOME", str(tmp_path))
    monkeypatch.delenv("DOLLAR_TIDE_SNAPSHOT", raising=False)
    return tmp_path


def names_due(now: datetime | None = None) -> list[str]:
    return [d.name for d in due.decisions(api.user_store(), now) if d.due]


def test_a_store_that_never_refreshed_is_all_due(home):
    decided = due.decisions(api.user_store())
    assert [d.name for d in decided if d.due] == list(catalogue.CATALOGUE)
    assert all("bundled snapshot" in d.reason for d in decided)


def test_after_a_refresh_nothing_is_due_until_the_next_release_and_a_recheck(home):
    assert all(r.ok for r in refresh(None, settings_for(home)))
    now = datetime.now(UTC)
    assert names_due(now) == []
    decided = {d.name: d for d in due.decisions(api.user_store(), now)}
    tic = decided["treasury_holdings"]
    # The fixture's TIC data ends long before today: its next release is overdue, so it is looked
    # for again after the recheck interval, not on every tick.
    assert tic.next_release is not None and tic.next_release < now
    assert tic.next_check == pytest.approx(now + due.RECHECK, abs=timedelta(minutes=1))
    later = now + due.RECHECK + timedelta(minutes=1)
    assert "treasury_holdings" in names_due(later)
    assert "fx_interventions" not in names_due(later), "event data: once a day"
    assert "fx_interventions" in names_due(now + due.EVENT_RECHECK + timedelta(minutes=1))


def test_a_release_not_yet_due_waits_for_its_date(home):
    refresh(["gold_price"], settings_for(home))
    store = api.user_store()
    manifest = store.manifest("gold_price")
    as_of = datetime.fromisoformat(manifest["as_of"]).replace(tzinfo=UTC)
    spec = catalogue.get("gold_price")
    release = datetime.combine(spec.cadence.next_release(as_of.date()), datetime.min.time(), UTC)
    before = due.decide("gold_price", store, min(release - timedelta(days=1),
                                                 datetime.fromisoformat(manifest["retrieved_at"]) + timedelta(hours=7)))
    if before.next_release and before.next_release > datetime.fromisoformat(manifest["retrieved_at"]):
        assert not before.due and "next release usually around" in before.reason


def test_failures_back_off_doubling(home):
    refresh(["usdjpy"], settings_for(home))
    store = api.user_store()
    failed_at = datetime.now(UTC) + timedelta(days=1)  # well after the successful retrieval
    store.record_error("usdjpy", "FRED: HTTP 503", at=failed_at)
    first = due.decide("usdjpy", store, failed_at + timedelta(minutes=59))
    assert not first.due and first.next_check == failed_at + timedelta(hours=1)
    assert due.decide("usdjpy", store, failed_at + timedelta(minutes=61)).due
    store.record_error("usdjpy", "FRED: HTTP 503", at=failed_at)
    assert not due.decide("usdjpy", store, failed_at + timedelta(minutes=119)).due
    assert due.decide("usdjpy", store, failed_at + timedelta(minutes=121)).due
    assert due.backoff(10) == due.BACKOFF_MAX
    assert all(r.ok for r in refresh(["usdjpy"], settings_for(home)))
    assert "failures" not in store.manifest("usdjpy"), "a success starts the count again"


def test_refresh_due_on_the_command_line_is_a_quick_no_op_when_nothing_is_due(home, monkeypatch):
    # The fixture excerpts are short: compare them with no bundled snapshot, not the real one.
    monkeypatch.setenv("DOLLAR_TIDE_SNAPSHOT", str(home / "no-snapshot"))

    def run() -> tuple[subprocess.CompletedProcess, float]:
        start = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "data_sources", "--home", str(home), "refresh", "--due",
                               "--mirror", str(FIXTURE_MIRROR)], cwd=ROOT, capture_output=True, text=True, timeout=120)
        return done, time.perf_counter() - start

    first, _ = run()
    assert first.returncode == 0, first.stderr
    assert first.stdout.count("due  ") == len(catalogue.CATALOGUE) and "new release" in first.stdout
    again, seconds = run()
    assert again.returncode == 0 and "nothing due; next check" in again.stdout
    assert "refreshing" not in again.stdout and seconds < 10


def test_the_scheduler_refreshes_what_is_due_then_rests(home):
    job = scheduler.Scheduler(settings=lambda: settings_for(home))
    reports = job.check()
    assert [r.name for r in reports] == list(catalogue.CATALOGUE) and all(r.ok for r in reports)
    assert job.check() == [] and job.last_check is not None


def test_the_scheduler_thread_checks_on_its_own_and_stops(home):
    job = scheduler.Scheduler(interval=0.2, first=0.05, settings=lambda: settings_for(home)).start()
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and api.user_store().manifest("gold_price") is None:
            time.sleep(0.1)
        assert api.user_store().manifest("gold_price") is not None, "refreshed in the background"
        assert job.running and job.next_check is not None
    finally:
        job.stop()
    assert not job.running


def test_auto_refresh_follows_the_environment_and_the_app_lifespan(home, monkeypatch):
    import web

    monkeypatch.setenv(scheduler.AUTO_ENV, "0")
    assert scheduler.start_from_env() is None

    async def serve() -> bool:
        async with web.lifespan(None):
            return scheduler.current() is not None and scheduler.current().running

    assert asyncio.run(serve()) is False
    monkeypatch.setenv(scheduler.AUTO_ENV, "1")
    monkeypatch.setenv(scheduler.INTERVAL_ENV, "3600")
    assert asyncio.run(serve()) is True
    assert scheduler.current() is None, "stopped with the app"


def test_overview_says_what_the_automatic_refresh_does(home, monkeypatch):
    from ui import freshness

    monkeypatch.setenv(scheduler.AUTO_ENV, "0")
    assert "off" in freshness.schedule_caption()
    monkeypatch.setenv(scheduler.AUTO_ENV, "1")
    monkeypatch.setenv(scheduler.INTERVAL_ENV, "3600")
    scheduler.start_from_env()
    try:
        caption = freshness.schedule_caption()
        assert caption.startswith("Automatic refresh: next check at ") and "every 60 min" in caption
    finally:
        scheduler.stop()
