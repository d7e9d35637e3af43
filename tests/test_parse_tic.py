"""TIC readers on real excerpts (tests/fixtures/mirror/treasury, variants/)."""

from __future__ import annotations

import pandas as pd
import pytest

from data_sources.errors import ParseError
from data_sources.sources import tic
from tests.helpers import fixture_bytes


def value(frame: pd.DataFrame, series: str, date: str) -> float:
    rows = frame[(frame["series"] == series) & (frame["date"] == pd.Timestamp(date))]
    assert len(rows) == 1, f"{series} {date}: {len(rows)} rows"
    return float(rows["value"].iloc[0])


@pytest.fixture(scope="module")
def table5():
    return tic.parse_table5(fixture_bytes("treasury/slt_table5.txt"))


@pytest.fixture(scope="module")
def history():
    return tic.parse_mfhhis01(fixture_bytes("treasury/mfhhis01.txt"))


def test_table5_reads_the_13_month_columns_in_billions(table5):
    assert value(table5, "Japan", "2026-04-30") == 1209.9
    assert value(table5, "Japan", "2025-04-30") == 1134.5
    assert table5["date"].nunique() == 13
    assert (table5["date"] == table5["date"] + pd.offsets.MonthEnd(0)).all(), "month-end dates"


def test_table5_names_aggregates_as_treasury_does(table5):
    names = set(table5["series"])
    assert {"China, Mainland", "Korea, South", "Grand Total", "Foreign Official", "Treasury Bills",
            "T-Bonds & Notes", "All Other"} <= names
    assert not any(n.startswith("Of Which") for n in names)
    flags = table5.drop_duplicates("series").set_index("series")["is_aggregate"]
    assert flags["Grand Total"]
    assert flags["Foreign Official"]
    assert not flags["Japan"]


def test_table5_without_header_is_a_parse_error():
    raw = fixture_bytes("treasury/slt_table5.txt").replace(b"Country", b"Holder")
    with pytest.raises(ParseError, match="Country"):
        tic.parse_table5(raw)


def test_mfhhis01_series_break_keeps_the_left_new_series(history):
    # June 2011 appears twice; the left column (Series XII) is the one Treasury carries forward.
    assert value(history, "Japan", "2011-06-30") == 881.5
    assert value(history, "United Kingdom", "2011-06-30") == 135.7  # not 347.0 (old series)
    assert value(history, "United Kingdom", "2011-05-31") == 344.5
    # March 2000: Series II (left, 1085.0) over Series I (right, 1252.1) for the grand total.
    assert value(history, "Grand Total", "2000-03-31") == 1085.0


def test_mfhhis01_names_lose_quotes_footnotes_and_trailing_spaces(history):
    names = set(history["series"])
    assert "United Kingdom" in names
    assert "United Kingdom 2/" not in names
    assert "Korea, South" in names
    assert "Korea, South " not in names
    assert "China, Mainland" in names
    assert '"China, Mainland"' not in names
    assert value(history, "Korea, South", "2002-12-31") == 38.0  # from the '"Korea, South "' row


def test_mfhhis01_na_is_missing_not_zero(history):
    lux = history[history["series"] == "Luxembourg"].set_index("date")["value"]
    assert pd.Timestamp("2002-06-30") in lux.index
    assert pd.Timestamp("2002-05-31") not in lux.index  # n.a.
    assert (lux > 0).all()


def test_mfhhis01_belgium_before_june_2002_is_belgium_luxembourg(history):
    assert value(history, "Belgium", "2002-06-30") == 11.3
    assert value(history, "Belgium-Luxembourg", "2002-05-31") == 21.7  # footnote 5
    assert value(history, "Belgium-Luxembourg", "2000-12-31") == 29.6
    belgium = history[history["series"] == "Belgium"]
    assert belgium["date"].min() == pd.Timestamp("2002-06-30")


def test_mfhhis01_blocks_listing_different_countries_leave_gaps(history):
    # El Salvador is listed only in the 2025 block: it has 12 months, and no zero-filled others.
    salvador = history[history["series"] == "El Salvador"]
    assert len(salvador) == 12
    assert salvador["date"].dt.year.eq(2025).all()


def test_mfhhis01_aggregates_and_revision_notes(history):
    assert value(history, "Foreign Official", "2025-12-31") == 3877.6
    assert value(history, "Treasury Bills", "2024-04-30") == 262.7
    assert history.attrs["revisions"]["2024"] == "January 15, 2026"
    assert history.attrs["revisions"]["2025"] == "May 18, 2026"


def test_old_fixed_width_table_says_korea():
    old = tic.parse_mfhhis01(fixture_bytes("variants/mfh.txt"))
    assert value(old, "Korea, South", "2023-01-31") == 105.8
    assert value(old, "Japan", "2023-01-31") == 1104.4
    assert "Korea" not in set(old["series"])


def test_table3_is_converted_from_millions(tmp_path):
    t3 = tic.parse_table3(fixture_bytes("treasury/slt_table3.txt"))
    assert value(t3, "Japan", "2026-04-30") == pytest.approx(1209.889)
    assert value(t3, "Austria", "2026-04-30") == pytest.approx(6.294)
    assert "Greece" not in set(t3["series"])  # total holdings are n.a. for Greece


def test_stitch_prefers_table5_and_adds_only_new_holders_from_table3(table5, history):
    t3 = tic.parse_table3(fixture_bytes("treasury/slt_table3.txt"))
    # Make an overlapping month disagree to see who wins.
    older = history.copy()
    older.loc[(older["series"] == "Japan") & (older["date"] == "2025-12-31"), "value"] = 1.0
    stitched = tic.stitch(table5, older, t3)
    assert value(stitched, "Japan", "2025-12-31") == 1185.5  # Table 5's figure
    assert value(stitched, "Japan", "2026-04-30") == 1209.9  # not Table 3's 1209.889
    assert value(stitched, "Japan", "2011-06-30") == 881.5
    assert value(stitched, "Austria", "2026-04-30") == pytest.approx(6.294)
    assert not stitched.duplicated(["date", "series"]).any()
    assert stitched.attrs["revisions"]["2024"] == "January 15, 2026"


def test_canonical_name_cases():
    assert tic.canonical_name('"Korea, South "') == "Korea, South"
    assert tic.canonical_name("Belgium  5/") == "Belgium"
    assert tic.canonical_name("Korea") == "Korea, South"
    assert tic.canonical_name("  For. Official") == "Foreign Official"
    assert tic.is_aggregate("Total Asia")
    assert tic.is_aggregate("Memo: Euro Area")
    assert not tic.is_aggregate("Japan")


def test_all_other_is_a_series_break_where_the_two_tables_define_it_differently():
    table5 = tic.parse_table5(fixture_bytes("treasury/slt_table5.txt"))
    history = tic.parse_mfhhis01(fixture_bytes("treasury/mfhhis01.txt"))
    assert tic.definition_breaks(table5, history) == {"All Other": pd.Timestamp("2025-04-30")}
    stitched = tic.stitch(table5, history)
    flagged = stitched[stitched["break_kind"] == "stitch"]
    assert flagged[["series", "value"]].values.tolist() == [["All Other", 1754.6]]
    assert flagged["old_basis"].iloc[0] == value(history, "All Other", "2025-04-30"), "mfhhis01's own figure"
    assert "Table 5" in flagged["note"].iloc[0]
    japan = stitched[stitched["series"] == "Japan"]
    assert not (japan["break_kind"] == "stitch").any(), "Table 5 and mfhhis01 agree on Japan: one continuous series"


def row(frame: pd.DataFrame, series: str, date: str) -> pd.Series:
    found = frame[(frame["series"] == series) & (frame["date"] == pd.Timestamp(date))]
    assert len(found) == 1, f"{series} {date}: {len(found)} rows"
    return found.iloc[0]


def test_mfhhis01_marks_each_survey_re_base_with_the_old_series_figure(history):
    uk = row(history, "United Kingdom", "2011-06-30")
    assert (uk["value"], uk["break_kind"], uk["old_basis"]) == (135.7, "survey", 347.0)
    assert "end-June 2011 annual survey" in uk["note"] and "footnote 16/" in uk["note"]
    china = row(history, "China, Mainland", "2002-06-30")
    assert china["break_kind"] == "survey" and "end-June 2002 annual survey" in china["note"]
    assert row(history, "United Kingdom", "2011-05-31")["break_kind"] == "", "the month before is the old series"
    assert row(history, "Grand Total", "2000-03-31")["break_kind"] == "", "a series' first figure has nothing to break"


def test_mfhhis01_marks_the_december_2011_definition_change_without_an_old_figure(history):
    japan = row(history, "Japan", "2011-12-31")
    assert japan["break_kind"] == "definition" and pd.isna(japan["old_basis"])
    assert "TIC Form SLT" in japan["note"] and "footnote 17/" in japan["note"]


def test_mfhhis01_footnotes_travel_with_the_rows_that_carry_them(history):
    notes = history.attrs["footnotes"]
    assert any("Channel Islands and Isle of Man" in n and "2000-03 to 2011-12" in n for n in notes["United Kingdom"])
    assert any("Belgium and Luxembourg" in n for n in notes["Belgium-Luxembourg"])
    assert "Belgium" not in notes, "footnote 5/ speaks of Belgium-Luxembourg before June 2002 only"
    # The excerpt skips 2012-2023: the UK row's next figure no longer carries footnote 2/.
    after = history[(history["series"] == "United Kingdom") & (history["date"] > "2011-12-31")].iloc[0]
    assert after["break_kind"] == "footnote" and "Channel Islands" in after["note"]
    assert history.attrs["released"] == "2026-05-18"


def synthetic_table3(*rows: tuple[str, str, float]) -> pd.DataFrame:
    return pd.DataFrame({"date": [pd.Timestamp(d) for _, d, _ in rows], "series": [s for s, _, _ in rows],
                         "value": [v for _, _, v in rows], "is_aggregate": False})


def test_where_tables_disagree_the_newer_release_wins_and_says_so(table5, history):
    canada = value(history, "Canada", "2024-12-31")
    t3 = synthetic_table3(("Canada", "2024-12-31", canada + 1.456), ("Japan", "2024-12-31",
                                                                     value(history, "Japan", "2024-12-31") + 0.03))
    stitched = tic.stitch(table5, history, t3)
    served = row(stitched, "Canada", "2024-12-31")
    assert served["value"] == pytest.approx(canada + 1.456) and served["source"] == tic.TABLE3
    assert "Table 3 (release of 2026-05-18)" in served["note"] and "2024 revised 2026-01-15" in served["note"]
    japan = row(stitched, "Japan", "2024-12-31")
    assert (japan["source"], japan["note"]) == (tic.MFHHIS01, ""), "within rounding: the same figure"
    newer = history.copy()
    newer.attrs = {**history.attrs, "revisions": {**history.attrs["revisions"], "2024": "June 1, 2026"}}
    kept = row(tic.stitch(table5, newer, t3), "Canada", "2024-12-31")
    assert kept["value"] == canada and kept["source"] == tic.MFHHIS01 and "gave" in kept["note"]


def test_table3_figures_fill_every_month_the_other_tables_lack(table5, history):
    t3 = synthetic_table3(("Japan", "2026-04-30", 1209.889), ("Russia", "2026-04-30", 0.044),
                          ("Luxembourg", "2026-04-30", 431.1))
    stitched = tic.stitch(table5, history, t3)
    assert row(stitched, "Russia", "2026-04-30")["source"] == tic.TABLE3
    assert row(stitched, "Japan", "2026-04-30")["source"] == tic.TABLE5
    assert set(stitched["source"]) == {tic.TABLE5, tic.MFHHIS01, tic.TABLE3}


def test_table5_months_shifted_against_mfhhis01_are_caught():
    from data_sources.errors import CombineError
    from tests.damage import table5_months

    shifted = tic.parse_table5(table5_months(1)(fixture_bytes("treasury/slt_table5.txt")))
    history = tic.parse_mfhhis01(fixture_bytes("treasury/mfhhis01.txt"))
    with pytest.raises(CombineError, match="shifted") as err:
        tic.stitch(shifted, history)
    assert err.value.resource == "slt_table5"
