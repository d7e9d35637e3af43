"""Property-based tests: the readers and the validator on generated damage.

Readers take bytes from outside: whatever arrives, they return a frame that meets the contract or
raise ParseError, never anything else. The validator accepts a healthy release against itself and
rejects every unit change confined to the newest stretch, every month relabelling and every
observation after the fetch day.
"""

from __future__ import annotations

from datetime import date
from functools import partial

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from data_sources import catalogue
from data_sources.errors import ParseError, ValidationError
from data_sources.sources import cofer, fred, imf, mof, safe, tic, worldbank
from data_sources.sources._common import month_shift, tidy
from data_sources.validate import RESOURCE_COLUMN, validate
from tests.helpers import fixture_bytes

READERS = {
    "treasury/slt_table5.txt": tic.parse_table5,
    "treasury/mfhhis01.txt": tic.parse_mfhhis01,
    "treasury/slt_table3.txt": tic.parse_table3,
    "fred/DEXJPUS.csv": partial(fred.parse_graph_csv, series="DEXJPUS"),
    "mof/foreign_exchange_intervention_operations.csv": mof.parse_interventions,
    "mof/historical.csv": mof.parse_reserves,
    "imf/IL_RGV_REVS_FTO_M.csv": imf.parse_sdmx_csv,
    "worldbank/CMO-Historical-Data-Monthly.xlsx": worldbank.parse_pink_sheet,
    "imf/COFER_G001_Q.csv": cofer.parse_sdmx_csv,
    "safe/official_reserve_assets_2024.xlsx": safe.parse_reserves,
}
FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _check_contract(frame: pd.DataFrame) -> None:
    assert list(frame.columns[:3]) == ["date", "series", "value"]
    assert frame["date"].dtype == "datetime64[ns]"
    assert frame["value"].dtype == "float64"
    assert np.isfinite(frame["value"].to_numpy()).all()


def _read(reader, raw: bytes) -> None:
    try:
        frame = reader(raw)
    except ParseError:
        return
    _check_contract(frame)


@st.composite
def damaged(draw, body: bytes) -> bytes:
    """The healthy body with a few of the real world's edits: cut, spliced, bytes flipped or dropped."""
    data = bytearray(body)
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["cut", "flip", "drop", "insert", "dup"]))
        if not data:
            break
        at = draw(st.integers(0, len(data) - 1))
        if kind == "cut":
            data = data[:at]
        elif kind == "flip":
            data[at] ^= draw(st.integers(1, 255))
        elif kind == "drop":
            del data[at: at + draw(st.integers(1, 40))]
        elif kind == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=20))
        else:
            end = min(len(data), at + draw(st.integers(1, 200)))
            data[at:at] = data[at:end]
    return bytes(data)


@pytest.mark.parametrize("rel", list(READERS))
@FAST
@given(data=st.data())
def test_readers_on_damaged_files_return_the_contract_or_a_parse_error(rel, data):
    _read(READERS[rel], data.draw(damaged(fixture_bytes(rel))))


@pytest.mark.parametrize("rel", list(READERS))
@FAST
@given(raw=st.binary(max_size=400))
def test_readers_on_arbitrary_bytes(rel, raw):
    _read(READERS[rel], raw)


@FAST
@given(text=st.text(max_size=30))
def test_fred_values_in_any_spelling(text):
    raw = f"observation_date,DEXJPUS\n2024-07-10,{text}\n".encode("utf-8", "surrogatepass")
    _read(partial(fred.parse_graph_csv, series="DEXJPUS"), raw)


# -- the validator --------------------------------------------------------------------------------
TODAY = date(2026, 11, 26)
SPEC = catalogue.get("gold_reserves")


def monthly(values: list[float], series: str = "CHN", end: str = "2026-06-30") -> pd.DataFrame:
    dates = pd.date_range(end=end, periods=len(values), freq="ME")
    return tidy([{"date": d, "series": series, "value": v, "ounces": v * 32150.7466}
                 for d, v in zip(dates, values, strict=True)], {"ounces": "float64"})


def release(chn: list[float]) -> pd.DataFrame:
    parts = [monthly(chn), monthly([8133.5] * len(chn), "USA"), monthly([36000.0] * len(chn), "G001")]
    frame = pd.concat(parts, ignore_index=True)
    return frame.assign(**{RESOURCE_COLUMN: "il_gold"})


levels = st.lists(st.floats(500, 5000), min_size=40, max_size=80)
URLS = {"il_gold": "https://api.imf.org/x"}


@FAST
@given(values=levels)
def test_a_healthy_release_passes_against_itself(values):
    good = release(values)
    assert validate(good, SPEC, good.drop(columns=RESOURCE_COLUMN), URLS, TODAY) == []


@FAST
@given(values=levels, factor=st.sampled_from([1000.0, 0.001, 1e6, 1e-6]), newest=st.integers(1, 12))
def test_a_unit_change_on_the_newest_months_is_rejected(values, factor, newest):
    good = release(values)
    bad = good.copy()
    chn = bad.index[bad["series"] == "CHN"][-newest:]
    bad.loc[chn, "value"] *= factor
    with pytest.raises(ValidationError, match=r"unit change|between"):
        validate(bad, SPEC, good.drop(columns=RESOURCE_COLUMN), URLS, TODAY)


@FAST
@given(values=st.lists(st.floats(500, 5000), min_size=40, max_size=80, unique=True), shift=st.sampled_from([1, -1]))
def test_months_relabelled_by_one_are_rejected(values, shift):
    good = release(values).drop(columns=RESOURCE_COLUMN)
    moved = good.assign(date=good["date"] + pd.offsets.MonthEnd(shift))
    assert month_shift(moved, good) == shift
    if shift > 0:  # a later last month would also be legal as new data; the shift is what's wrong
        with pytest.raises(ValidationError, match="shifted"):
            validate(moved.assign(**{RESOURCE_COLUMN: "il_gold"}), SPEC, good, URLS, TODAY)


@FAST
@given(days=st.integers(1, 3000))
def test_observations_after_the_fetch_day_are_rejected(days):
    good = release([1000.0] * 40)
    late = pd.Timestamp(TODAY) + pd.offsets.MonthEnd(0) + pd.Timedelta(days=days)
    row = good.iloc[[0]].assign(date=late)
    with pytest.raises(ValidationError, match="after the fetch day"):
        validate(pd.concat([good, row], ignore_index=True), SPEC, None, URLS, TODAY)


@FAST
@given(values=levels, revision=st.floats(0.9, 1.1))
def test_ordinary_revisions_pass(values, revision):
    good = release(values)
    revised = good.assign(value=good["value"] * revision)
    validate(revised, SPEC, good.drop(columns=RESOURCE_COLUMN), URLS, TODAY)
