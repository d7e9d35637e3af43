"""The store's layout and atomicity, and the checks a release must pass."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from data_sources import catalogue
from data_sources.errors import ValidationError
from data_sources.sources._common import tidy
from data_sources.store import Store
from data_sources.validate import validate

TODAY = pd.Timestamp("2026-11-26").date()

SPEC = catalogue.get("usdjpy")


def frame(values: dict[str, float], series: str = "USDJPY") -> pd.DataFrame:
    return tidy({"date": pd.Timestamp(d), "series": series, "value": v} for d, v in values.items())


def manifest(vintage: str, as_of: str = "2024-07-10") -> dict:
    return {"dataset": "usdjpy", "vintage": vintage, "retrieved_at": f"2026-01-0{vintage[-1]}T00:00:00+00:00",
            "as_of": as_of, "rows": 2, "origin": "live", "urls": [], "last_error": None}


def test_write_read_roundtrip_keeps_every_distinct_vintage(tmp_path):
    store = Store(tmp_path)
    first, second = frame({"2024-07-09": 161.0, "2024-07-10": 161.73}), frame({"2024-07-10": 161.73})
    with store.lock("usdjpy"):
        assert store.write("usdjpy", first, manifest("v1")) is True
        assert store.write("usdjpy", second, manifest("v2")) is True
        assert store.write("usdjpy", second, manifest("v2")) is False  # same release again
    current, meta = store.read("usdjpy")
    pd.testing.assert_frame_equal(current, second)
    assert meta["vintage"] == "v2"
    assert [v["vintage"] for v in store.vintages("usdjpy")] == ["v1", "v2"]
    pd.testing.assert_frame_equal(store.read_vintage("usdjpy", "v1"), first)
    assert not list(tmp_path.rglob("*.tmp")), "no temp files left behind"


def test_snapshot_layout_keeps_only_the_current_vintage(tmp_path):
    store = Store(tmp_path, keep_vintages=False)
    with store.lock("usdjpy"):
        store.write("usdjpy", frame({"2024-07-10": 1.0}), manifest("v1"))
        store.write("usdjpy", frame({"2024-07-10": 2.0}), manifest("v2"))
    assert [p.stem for p in (tmp_path / "usdjpy" / "vintages").glob("*.parquet")] == ["v2"]
    assert [v["vintage"] for v in store.vintages("usdjpy")] == ["v2"]


def test_recording_an_error_keeps_the_data_and_changes_the_version(tmp_path):
    store = Store(tmp_path)
    with store.lock("usdjpy"):
        store.write("usdjpy", frame({"2024-07-10": 161.73}), manifest("v1"))
    before = store.version("usdjpy")
    store.record_error("usdjpy", "FRED: HTTP error at …")
    current, meta = store.read("usdjpy")
    assert current["value"].tolist() == [161.73]
    assert meta["last_error"]["message"].startswith("FRED")
    assert store.version("usdjpy") != before
    assert json.loads((tmp_path / "usdjpy" / "manifest.json").read_text())["vintage"] == "v1"


def test_error_before_any_data_leaves_nothing_to_read(tmp_path):
    store = Store(tmp_path)
    store.record_error("usdjpy", "refused")
    assert store.read("usdjpy") is None
    assert store.manifest("usdjpy")["last_error"]["message"] == "refused"


def good() -> pd.DataFrame:
    return frame({"2024-07-09": 161.0, "2024-07-10": 161.73})


def test_validate_accepts_a_good_release_against_itself():
    assert validate(good(), SPEC, good(), {"DEXJPUS": "u"}, TODAY) == []


@pytest.mark.parametrize(("mutate", "message"), [
    (lambda f: f.iloc[0:0], "rows"),
    (lambda f: f.drop(columns="value"), "columns"),
    (lambda f: pd.concat([f, f.iloc[:1]]), "one row per date and series"),
    (lambda f: f.assign(value=[161.0, float("nan")]), "finite"),
    (lambda f: f.assign(value=[161.0, 16173.0]), "between 50 and 500"),
    (lambda f: f.assign(series="DEXJPUS"), "USDJPY"),
    (lambda f: f.assign(date=pd.to_datetime(["2099-01-01", "2099-01-02"]).astype("datetime64[ns]")),
     "after the fetch day"),
])
def test_validate_rejects_bad_releases(mutate, message):
    with pytest.raises(ValidationError, match=message):
        validate(mutate(good()), SPEC, None, {"DEXJPUS": "https://example/x.csv"}, TODAY)


def test_validate_rejects_shrinking_history():
    shorter = good().iloc[1:]
    with pytest.raises(ValidationError, match="history shrank"):
        validate(shorter, SPEC, good(), {"DEXJPUS": "u"}, TODAY)


def test_validate_rejects_a_thousandfold_jump_against_the_previous_release():
    spec = catalogue.get("treasury_holdings")
    prev = tidy(({"date": pd.Timestamp(f"2024-0{m}-01") + pd.offsets.MonthEnd(0), "series": s, "value": v,
                  "is_aggregate": False, "break_kind": "", "old_basis": float("nan"), "note": "",
                  "source": "slt_table5"} for m in (1, 2, 3) for s, v in
                 (("Japan", 1100.0), ("China, Mainland", 770.0), ("United Kingdom", 700.0),
                  ("Grand Total", 8000.0), ("Foreign Official", 3800.0))),
                dict(spec.extra_columns))
    revised = prev.assign(value=prev["value"] * 1.1)  # a large revision is still a revision
    assert validate(revised, spec, prev, {"slt_table5": "u"}, TODAY) == []
    jumped = prev.assign(value=prev["value"] / 1000)  # billions read as millions: ×0.001
    with pytest.raises(ValidationError, match="unit change"):
        validate(jumped, spec, prev, {"slt_table5": "u"}, TODAY)


def test_validate_rejects_a_release_that_loses_a_series():
    spec = catalogue.get("rates")
    rows = [{"date": pd.Timestamp("2024-01-01"), "series": s, "value": 5.0}
            for s in ("DFF", "FEDFUNDS", "DGS10", "IRLTLT01JPM156N", "EXTRA")]
    prev = tidy(rows)
    with pytest.raises(ValidationError, match=r"1 missing, e\.g\. EXTRA"):
        validate(prev[prev["series"] != "EXTRA"], spec, prev, {"DFF": "u"}, TODAY)
