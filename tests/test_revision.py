"""A real TIC revision: the mfhhis01 release of 2026-03-18 against the one of 2026-05-18."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest

from data_sources import api
from data_sources.refresh import refresh
from data_sources.sources import tic
from tests.helpers import FIXTURE_MIRROR, fixture_bytes, settings_for


def test_parsed_releases_differ_where_treasury_revised():
    old = tic.parse_mfhhis01(fixture_bytes("variants/mfhhis01__vintage-2026-03-18.txt"))
    new = tic.parse_mfhhis01(fixture_bytes("treasury/mfhhis01.txt"))
    merged = old.merge(new, on=["date", "series"], suffixes=("_old", "_new"))
    uk_dec = merged[(merged["series"] == "United Kingdom") & (merged["date"] == "2025-12-31")].iloc[0]
    assert (uk_dec["value_old"], uk_dec["value_new"]) == (866.0, 863.1)
    unchanged = merged[(merged["series"] == "Japan") & (merged["date"].dt.year == 2024)]
    assert (unchanged["value_old"] == unchanged["value_new"]).all()
    assert old.attrs["revisions"]["2025"] == "March 18, 2026"
    assert new.attrs["revisions"]["2025"] == "May 18, 2026"


@pytest.fixture
def two_releases(tmp_path):
    older_mirror = tmp_path / "mirror-2026-03"
    shutil.copytree(FIXTURE_MIRROR, older_mirror)
    shutil.copy(FIXTURE_MIRROR / "variants/mfhhis01__vintage-2026-03-18.txt", older_mirror / "treasury/mfhhis01.txt")
    first = refresh(["treasury_holdings"], settings_for(tmp_path / "a", mirror=older_mirror,
                                                        store=None))[0]
    store = settings_for(tmp_path / "a").store
    second = refresh(["treasury_holdings"], settings_for(tmp_path / "b", store=store))[0]
    return store, first, second


def test_each_release_is_kept_as_a_vintage_and_the_newer_one_is_served(two_releases):
    store, first, second = two_releases
    assert first.ok
    assert second.ok
    assert first.new_vintage
    assert second.new_vintage
    kept = api.vintages("treasury_holdings", store=store)
    assert len(kept) == 2
    assert kept[0]["vintage"] != kept[1]["vintage"]
    assert kept[0]["notes"]["revisions"]["2025"] == "March 18, 2026"
    current = api.load("treasury_holdings", store=store)
    assert current.provenance.vintage == kept[1]["vintage"]
    older = api.load("treasury_holdings", store=store, vintage=kept[0]["vintage"])
    assert older.provenance.notes["revisions"]["2025"] == "March 18, 2026"


def test_compare_vintages_shows_what_the_revision_changed(two_releases):
    store, _, _ = two_releases
    old, new = (v["vintage"] for v in api.vintages("treasury_holdings", store=store))
    changed = api.compare_vintages("treasury_holdings", old, new, store=store)
    row = changed[(changed["series"] == "Foreign Official") & (changed["date"] == pd.Timestamp("2025-01-31"))].iloc[0]
    assert (row["value_old"], row["value_new"]) == (3818.7, 3803.8)
    assert row["change"] == pytest.approx(-14.9)
    assert not (changed["series"] == "Japan").any(), "Japan was not revised"
