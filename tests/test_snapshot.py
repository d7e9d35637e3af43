"""The bundled snapshot: complete, small, served when nothing else is, and reproducible."""

from __future__ import annotations

import pandas as pd

from data_sources import api, catalogue, paths
from data_sources.refresh import refresh
from data_sources.store import Store
from tests.helpers import settings_for

MAX_BYTES = 5 * 1024 * 1024


def test_every_dataset_is_bundled_and_served_with_an_empty_store(tmp_path):
    empty = Store(tmp_path / "empty")
    for name in catalogue.CATALOGUE:
        result = api.load(name, store=empty)
        assert result.provenance.origin == "snapshot", name
        assert result.provenance.as_of == result.frame["date"].max()
        assert "mirror" in result.provenance.via or result.provenance.via == "network"
        assert len(result.frame) > 300, name


def test_snapshot_is_a_few_megabytes_at_most():
    size = sum(p.stat().st_size for p in paths.SNAPSHOT_DIR.rglob("*") if p.is_file())
    assert size < MAX_BYTES


def test_snapshot_holds_the_official_spot_values(tmp_path):
    empty = Store(tmp_path / "empty")
    tic = api.load("treasury_holdings", store=empty).frame
    japan = tic[tic["series"] == "Japan"].set_index("date")["value"]
    assert japan["2024-04-30"] == 1126.1
    assert japan["2026-04-30"] == 1209.9


def test_snapshot_is_what_the_refresh_pipeline_makes_from_the_mirror(shared_data, tmp_path):
    reports = refresh(None, settings_for(tmp_path, mirror=shared_data / "mirror"))
    assert all(r.ok for r in reports)
    bundled = Store(paths.SNAPSHOT_DIR)
    fresh = Store(tmp_path / "store")
    for name in catalogue.CATALOGUE:
        assert fresh.manifest(name)["vintage"] == bundled.manifest(name)["vintage"], name
        # Same bytes in; the parsed frames must match too, or the snapshot needs rebuilding.
        pd.testing.assert_frame_equal(fresh.read(name)[0], bundled.read(name)[0], check_like=False)
