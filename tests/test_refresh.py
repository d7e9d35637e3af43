"""Refresh end to end through the real HTTP path, answered by the committed excerpt mirror."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from data_sources import api, catalogue
from data_sources.errors import DataUnavailable, FetchError
from data_sources.http import USER_AGENT, fetch, make_session
from data_sources.mirror import MirrorAdapter
from data_sources.refresh import refresh
from data_sources.sources import imf, worldbank
from data_sources.store import Store
from tests.helpers import FIXTURE_MIRROR, FaultAdapter, fixture_bytes, settings_for


def value(frame: pd.DataFrame, series: str, date: str) -> float:
    return float(frame.loc[(frame["series"] == series) & (frame["date"] == pd.Timestamp(date)), "value"].iloc[0])


@pytest.fixture
def refreshed(tmp_path):
    settings = settings_for(tmp_path)
    reports = refresh(None, settings)
    return settings, reports


def test_every_dataset_refreshes_from_the_mirror(refreshed):
    _settings, reports = refreshed
    assert [r.name for r in reports] == list(catalogue.CATALOGUE)
    assert all(r.ok for r in reports), [r.line() for r in reports if not r.ok]
    assert all(r.origin == "live" and r.new_vintage for r in reports)
    lines = [r.line() for r in reports]
    assert lines[0].startswith("ok  treasury_holdings")
    assert "rows" in lines[0]
    assert " s" in lines[0]


def test_loaded_frames_carry_the_contract_and_their_provenance(refreshed):
    settings, _ = refreshed
    for name in catalogue.CATALOGUE:
        result = api.load(name, store=settings.store, snapshot=Store(settings.store.root / "none"))
        frame = result.frame
        assert list(frame.columns[:3]) == ["date", "series", "value"]
        assert frame["date"].dtype == "datetime64[ns]"
        assert frame["value"].dtype == "float64"
        assert not frame.duplicated(["date", "series"]).any()
        prov = result.provenance
        assert prov.origin == "live"
        assert prov.last_error is None
        assert not prov.problems
        # The excerpts end years ago: retrieved just now, yet behind schedule, hence stale.
        assert prov.stale == prov.behind, name
        assert "retrieved 0 h ago" in prov.freshness_text()
        assert prov.as_of == frame["date"].max()
        assert prov.url.startswith("https://")
        assert prov.attribution.startswith("Source:")
        assert prov.retrieved_at is not None
        assert prov.vintage


def test_spot_values_from_the_excerpts(refreshed):
    store = refreshed[0].store
    nothing = Store(store.root / "none")
    tic_frame = api.load("treasury_holdings", store=store, snapshot=nothing).frame
    assert value(tic_frame, "Japan", "2024-04-30") == 1126.1
    assert value(tic_frame, "Japan", "2026-04-30") == 1209.9
    assert value(api.load("usdjpy", store=store, snapshot=nothing).frame, "USDJPY", "2024-07-10") == 161.73
    ops = api.load("fx_interventions", store=store, snapshot=nothing).frame
    assert value(ops, "USD/JPY", "2024-04-29") == 5918.5
    notes = api.load("treasury_holdings", store=store, snapshot=nothing).provenance.notes
    assert notes["revisions"]["2024"] == "January 15, 2026"


def test_a_second_refresh_is_answered_by_the_http_cache(refreshed):
    settings, _first = refreshed
    second = refresh(["usdjpy"], settings)
    assert second[0].ok
    assert second[0].origin == "cache"
    assert not second[0].new_vintage


def test_imf_is_asked_for_sdmx_csv_with_our_user_agent(tmp_path):
    adapter = MirrorAdapter(FIXTURE_MIRROR)
    settings = settings_for(tmp_path, transport=adapter)
    assert refresh(["gold_reserves"], settings)[0].ok
    request = adapter.requests[-1]
    assert request.url == imf.URL
    assert request.headers["Accept"] == "application/vnd.sdmx.data+csv;version=1.0.0"
    assert request.headers["User-Agent"] == USER_AGENT


def test_the_mirror_refuses_urls_it_does_not_hold(tmp_path):
    session = make_session(tmp_path / "c.sqlite", mirror=FIXTURE_MIRROR)
    with pytest.raises(FetchError, match="no entry"):
        fetch(session, "https://example.org/data.csv", source="Example", expect="CSV")


def test_load_serves_the_snapshot_when_the_store_is_empty(refreshed, tmp_path):
    snapshot = refreshed[0].store  # stands in for data_sources/snapshot
    empty = Store(tmp_path / "empty")
    result = api.load("usdjpy", store=empty, snapshot=snapshot)
    assert result.provenance.origin == "snapshot"
    with pytest.raises(DataUnavailable, match="refresh"):
        api.load("usdjpy", store=empty, snapshot=Store(tmp_path / "also-empty"))


def test_a_newer_snapshot_wins_over_an_older_store(refreshed, tmp_path):
    newer = refreshed[0].store
    older = Store(tmp_path / "older")
    frame, manifest = newer.read("usdjpy")
    cut = frame[frame["date"] < "2024-07-01"]
    with older.lock("usdjpy"):
        older.write("usdjpy", cut, {**manifest, "vintage": "old", "as_of": "2024-06-28"})
    assert api.load("usdjpy", store=older, snapshot=newer).provenance.origin == "snapshot"
    assert api.load("usdjpy", store=newer, snapshot=older).provenance.origin == "live"


def test_a_moved_pink_sheet_is_found_on_the_commodity_page(tmp_path):
    new_url = "https://thedocs.worldbank.org/en/doc/new-0050012027/related/CMO-Historical-Data-Monthly.xlsx"
    page = f'<html><a href="{new_url}">Monthly prices (xlsx)</a></html>'.encode()
    adapter = FaultAdapter(FIXTURE_MIRROR, faults={worldbank.URL: "404"},
                           bodies={worldbank.COMMODITY_PAGE_URL: page, new_url: fixture_bytes(
                               "worldbank/CMO-Historical-Data-Monthly.xlsx")})
    settings = settings_for(tmp_path, transport=adapter)
    report = refresh(["gold_price"], settings)[0]
    assert report.ok, report.error
    assert json.loads((tmp_path / "store/gold_price/manifest.json").read_text())["urls"][0]["url"] == new_url


def test_the_pink_sheet_url_can_be_configured(tmp_path, monkeypatch):
    url = "https://example.org/pink.xlsx"
    monkeypatch.setenv("DOLLAR_TIDE_PINK_SHEET_URL", url)
    adapter = FaultAdapter(FIXTURE_MIRROR, bodies={url: fixture_bytes("worldbank/CMO-Historical-Data-Monthly.xlsx")})
    assert refresh(["gold_price"], settings_for(tmp_path, transport=adapter))[0].ok
    assert adapter.requests[-1].url == url


def test_an_optional_table_failing_is_a_warning_not_a_failure(tmp_path):
    adapter = FaultAdapter(FIXTURE_MIRROR, faults={catalogue.get("treasury_holdings").resources[2].url: "503"})
    report = refresh(["treasury_holdings"], settings_for(tmp_path, transport=adapter))[0]
    assert report.ok
    assert "optional slt_table3 skipped" in report.warnings[0]
    assert "503" in report.warnings[0]


SECRET = "abcdef0123456789abcdef0123456789"


def test_a_fred_api_key_is_used_but_never_stored_or_shown(tmp_path):
    api_url = "https://api.stlouisfed.org/fred/series/observations?series_id=DEXJPUS&file_type=json"
    body = json.dumps({"observations": [{"date": "2024-07-10", "value": "161.73"},
                                        {"date": "2024-07-11", "value": "158.58"}]}).encode()
    adapter = FaultAdapter(FIXTURE_MIRROR, bodies={f"{api_url}&api_key={SECRET}": body})
    settings = settings_for(tmp_path, transport=adapter, api_keys={"FRED_API_KEY": SECRET}, use_keys=True)
    report = refresh(["usdjpy"], settings)[0]
    assert report.ok, report.error
    assert SECRET in adapter.requests[-1].url
    stored = b"".join(p.read_bytes() for p in (tmp_path / "store").rglob("*") if p.is_file())
    assert SECRET.encode() not in stored
    cache = (tmp_path / "http-cache.sqlite").read_bytes()
    assert SECRET.encode() not in cache
    prov = api.load("usdjpy", store=settings.store, snapshot=Store(tmp_path / "none")).provenance
    assert "api_key" not in prov.url
    assert prov.url.startswith("https://api.stlouisfed.org/")


def test_a_fred_api_key_never_appears_in_errors(tmp_path):
    url = f"https://api.stlouisfed.org/fred/series/observations?series_id=DEXJPUS&file_type=json&api_key={SECRET}"
    for fault in ("500", "timeout", "refused", "html"):
        adapter = FaultAdapter(FIXTURE_MIRROR, faults={url: fault})
        settings = settings_for(tmp_path / fault, transport=adapter, api_keys={"FRED_API_KEY": SECRET}, use_keys=True)
        report = refresh(["usdjpy"], settings)[0]
        assert not report.ok
        assert "api.stlouisfed.org" in report.error
        assert SECRET not in report.error
        assert SECRET not in (tmp_path / fault / "store/usdjpy/manifest.json").read_text()
