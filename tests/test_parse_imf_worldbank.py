"""IMF SDMX-CSV gold volumes and the World Bank Pink Sheet workbook, on real excerpts."""

from __future__ import annotations

import io

import openpyxl
import pandas as pd
import pytest

from data_sources.errors import ParseError
from data_sources.sources import imf, worldbank
from tests.helpers import fixture_bytes

SDMX = "imf/IL_RGV_REVS_FTO_M.csv"
PINK = "worldbank/CMO-Historical-Data-Monthly.xlsx"


def test_sdmx_periods_and_ounces_to_tonnes():
    frame = imf.parse_sdmx_csv(fixture_bytes(SDMX))
    china = frame[frame["series"] == "CHN"].set_index("date")
    assert china.loc[pd.Timestamp("2024-06-30"), "ounces"] == 72_800_000
    assert china.loc[pd.Timestamp("2024-06-30"), "value"] == pytest.approx(72_800_000 / 32_150.7466)
    assert pd.Timestamp("2024-04-30") not in china.index  # quarter ends only: April has no figure
    assert {"G001", "CHN", "TUR", "LUX"} <= set(frame["series"])


def test_sdmx_keeps_a_published_negative():
    frame = imf.parse_sdmx_csv(fixture_bytes(SDMX))
    lux = frame[(frame["series"] == "LUX") & (frame["date"] == pd.Timestamp("1999-03-31"))]
    assert lux["ounces"].iloc[0] == -277_000


def test_sdmx_other_unit_or_columns_are_parse_errors():
    raw = fixture_bytes(SDMX)
    with pytest.raises(ParseError, match="FTO"):
        imf.parse_sdmx_csv(raw.replace(b",FTO,", b",USD,"))
    with pytest.raises(ParseError, match="OBS_VALUE"):
        imf.parse_sdmx_csv(raw.replace(b"OBS_VALUE", b"VALUE"))
    with pytest.raises(ParseError, match="2024-M06"):
        imf.parse_sdmx_csv(raw.replace(b"2024-M06", b"2024-Q2"))


def test_pink_sheet_gold_column_and_1960M01_dates():
    frame = worldbank.parse_pink_sheet(fixture_bytes(PINK))
    by_date = frame.set_index("date")["value"]
    assert by_date[pd.Timestamp("1960-01-01")] == 35.0
    assert by_date[pd.Timestamp("2024-04-01")] == pytest.approx(2331.0)
    assert frame["series"].eq("GOLD").all()


def _workbook(rows: list[list[object]], sheet: str = "Monthly Prices") -> bytes:
    book = openpyxl.Workbook()
    book.active.title = sheet
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_pink_sheet_finds_a_moved_header_and_skips_ellipsis():
    rows = [["title"], [], [None, "Gold"], [None, "($/troy oz)"], ["2024M01", 2000.0], ["2024M02", "…"]]
    frame = worldbank.parse_pink_sheet(_workbook(rows))
    assert frame["value"].tolist() == [2000.0]


def test_pink_sheet_layout_errors():
    with pytest.raises(ParseError, match="zip"):
        worldbank.parse_pink_sheet(b"<html>not a workbook</html>")
    with pytest.raises(ParseError, match="Monthly Prices"):
        worldbank.parse_pink_sheet(_workbook([[None, "Gold"]], sheet="Prices"))
    with pytest.raises(ParseError, match="troy oz"):
        worldbank.parse_pink_sheet(_workbook([[None, "Gold"], [None, "($/kg)"], ["2024M01", 1.0]]))


def test_workbook_link_is_discovered_on_the_commodity_page():
    page = b'<a href="/en/doc/abc-0050012027/related/CMO-Historical-Data-Monthly.xlsx">Monthly prices</a>'
    url = worldbank.find_workbook_link(page, "https://thedocs.worldbank.org/en/research/commodity-markets")
    assert url == "https://thedocs.worldbank.org/en/doc/abc-0050012027/related/CMO-Historical-Data-Monthly.xlsx"
    assert worldbank.find_workbook_link(b"<html>nothing</html>") is None
