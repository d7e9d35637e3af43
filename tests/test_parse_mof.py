"""MOF readers on real CP932 excerpts: carried-down dates, era years, 億円, subtotals, notes."""

from __future__ import annotations

import pandas as pd
import pytest

from data_sources.errors import ParseError
from data_sources.sources import mof
from tests.helpers import fixture_bytes

INTERVENTIONS = "mof/foreign_exchange_intervention_operations.csv"
RESERVES = "mof/historical.csv"


def test_era_years():
    assert mof.era_year("令和6年") == 2024
    assert mof.era_year("平成3年") == 1991
    assert mof.era_year("平成元年") == 1989
    assert mof.era_year("令和元年") == 2019
    assert mof.era_year("2024") is None


def test_interventions_carry_year_and_month_down_and_convert_oku_yen():
    frame = mof.parse_interventions(fixture_bytes(INTERVENTIONS))
    ops = frame.set_index(["date", "series"])
    assert ops.loc[(pd.Timestamp("2024-04-29"), "USD/JPY"), "value"] == 5918.5  # "59,185" 億円
    # 2024-05-01 has no year or month of its own: both are carried down from 2024-04-29.
    assert ops.loc[(pd.Timestamp("2024-05-01"), "USD/JPY"), "value"] == 3870.0
    # 2024-07-12 carries year and month.
    assert ops.loc[(pd.Timestamp("2024-07-12"), "USD/JPY"), "value"] == 2367.0
    assert ops.loc[(pd.Timestamp("2024-04-29"), "USD/JPY"), "direction"] == "yen bought"
    assert ops.loc[(pd.Timestamp("1991-05-13"), "USD/JPY"), "direction"] == "yen bought"
    assert len(frame) == len(frame.drop_duplicates(["date", "series"]))


def test_interventions_skip_subtotal_and_note_rows():
    frame = mof.parse_interventions(fixture_bytes(INTERVENTIONS))
    # The excerpt holds 3 operations in 1991 and 10 from 2022 on; the 期計 and 注 rows are not operations.
    assert len(frame) == 13
    assert frame["date"].dt.year.isin([1991, 2022, 2024, 2026]).all()


def test_interventions_subtotals_catch_a_dropped_row():
    lines = fixture_bytes(INTERVENTIONS).split(b"\r\n")
    dropped = b"\r\n".join(line for line in lines if b"38,700" not in line)  # 2024-05-01
    with pytest.raises(ParseError, match="April - June 2024"):
        mof.parse_interventions(dropped)


def test_interventions_cut_mid_character_is_a_parse_error():
    raw = fixture_bytes(INTERVENTIONS)
    cut = raw[: raw.index("期計".encode("cp932")) + 1]  # half of a two-byte character
    with pytest.raises(ParseError, match="cp932"):
        mof.parse_interventions(cut)


def test_interventions_other_pairs_keep_their_own_direction():
    assert mof._pair("the US dollar (sold) the Indonesian rupiah (bought)") == ("USD/IDR", "USD", "IDR")
    assert mof._pair("the Japanese yen (sold) the euro (bought)") == ("EUR/JPY", "JPY", "EUR")
    assert mof._direction("USD", "IDR") == "IDR bought"
    with pytest.raises(ParseError):
        mof._pair("the yen (sold) the won (bought)")


def test_reserves_skip_the_19_line_header_and_read_us_dollar_billions():
    frame = mof.parse_reserves(fixture_bytes(RESERVES))
    total = frame[frame["series"] == "total"].set_index("date")["value"]
    assert total[pd.Timestamp("2024-05-31")] == pytest.approx(1231.572)
    assert total[pd.Timestamp("2024-05-31")] - total[pd.Timestamp("2024-04-30")] == pytest.approx(-47.405)
    assert total.index.min() == pd.Timestamp("2000-04-30")  # first row after the header
    gold_oz = frame[frame["series"] == "gold_volume_moz"].set_index("date")["value"]
    assert gold_oz[pd.Timestamp("2000-04-30")] == 24.23  # volume stays in million ounces


def test_reserves_month_names_vary_and_years_come_from_era_cells():
    frame = mof.parse_reserves(fixture_bytes(RESERVES))
    dates = set(frame["date"])
    # "Apr" (2000), "August" (2020), "Feburuary" (2026), and 2023-2026 rows with a blank year column.
    for d in ("2000-04-30", "2020-08-31", "2023-02-28", "2026-02-28", "2026-03-31"):
        assert pd.Timestamp(d) in dates
    components = frame[frame["date"] == pd.Timestamp("2020-08-31")].set_index("series")["value"]
    parts = components[["foreign_currency_reserves", "imf_reserve_position", "sdrs", "gold", "other_reserve_assets"]]
    assert parts.sum() == pytest.approx(components["total"])


def test_reserves_unknown_month_or_moved_columns_are_parse_errors():
    raw = fixture_bytes(RESERVES)
    with pytest.raises(ParseError, match="month"):
        mof.parse_reserves(raw.replace(b",May,", b",Mai,"))
    with pytest.raises(ParseError, match="headings"):
        mof.parse_reserves(raw.replace(b"(3) SDRs,(4) Gold", b"(3) SDRs,(3b) other,(4) Gold"))
