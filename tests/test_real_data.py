"""The whole official files (../shared/data): the full refresh and the issue's spot values."""

from __future__ import annotations

import pandas as pd
import pytest

from data_sources import api, catalogue
from data_sources.refresh import refresh
from data_sources.sources import fred, tic
from data_sources.store import Store
from tests.helpers import settings_for


@pytest.fixture(scope="module")
def full_store(tmp_path_factory):
    from tests.helpers import SHARED_DATA, SHARED_MISSING

    if not (SHARED_DATA / "mirror" / "urls.tsv").exists():
        pytest.skip(SHARED_MISSING)
    root = tmp_path_factory.mktemp("full")
    reports = refresh(None, settings_for(root, mirror=SHARED_DATA / "mirror"))
    assert all(r.ok for r in reports), [r.line() for r in reports if not r.ok]
    return Store(root / "store")


def at(store: Store, name: str, series: str, date: str) -> float:
    frame = api.load(name, store=store, snapshot=Store(store.root / "none")).frame
    return float(frame.loc[(frame["series"] == series) & (frame["date"] == pd.Timestamp(date)), "value"].iloc[0])


def test_spot_values(full_store):
    assert at(full_store, "treasury_holdings", "Japan", "2024-04-30") == 1126.1
    assert at(full_store, "treasury_holdings", "Japan", "2026-04-30") == 1209.9
    assert at(full_store, "usdjpy", "USDJPY", "2024-07-10") == 161.73
    assert at(full_store, "fx_interventions", "USD/JPY", "2024-04-29") == 5918.5
    assert at(full_store, "japan_reserves", "total", "2024-05-31") == pytest.approx(1231.572)
    assert at(full_store, "gold_reserves", "CHN", "2024-06-30") == pytest.approx(72.8e6 / 32150.7466)


def test_full_coverage(full_store):
    spans = {name: api.load(name, store=full_store).frame["date"].agg(["min", "max"]) for name in catalogue.CATALOGUE}
    assert spans["treasury_holdings"]["min"] == pd.Timestamp("2000-03-31")
    assert spans["usdjpy"]["min"] == pd.Timestamp("1971-01-04")
    assert spans["fx_interventions"]["min"] == pd.Timestamp("1991-05-13")
    assert spans["gold_price"]["min"] == pd.Timestamp("1960-01-01")
    ops = api.load("fx_interventions", store=full_store).frame
    assert len(ops) == 386


def test_both_fred_layouts_agree_on_shared_dates(shared_data):
    old_layout = shared_data / "raw/fred/DEXJPUS__AlexVazquez19_interest-exchange-rates.csv"
    old = fred.parse_graph_csv(old_layout.read_bytes())
    new = fred.parse_graph_csv((shared_data / "mirror/fred/DEXJPUS.csv").read_bytes())
    merged = old.merge(new, on="date", suffixes=("_old", "_new"))
    assert len(merged) > 12_000
    assert (merged["value_old"] == merged["value_new"]).all()


def test_whole_mfhhis01_revision(shared_data):
    old = tic.parse_mfhhis01((shared_data / "raw/treasury/mfhhis01__vintage-2026-03-18.txt").read_bytes())
    new = tic.parse_mfhhis01((shared_data / "mirror/treasury/mfhhis01.txt").read_bytes())
    merged = old.merge(new, on=["date", "series"], suffixes=("_old", "_new"))
    changed = merged[merged["value_old"] != merged["value_new"]]
    assert 0 < len(changed) < 100
    assert changed["date"].min() >= pd.Timestamp("2025-01-31")
