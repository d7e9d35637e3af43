"""FRED CSV in both header layouts and both missing-value markers; the API's JSON."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from data_sources.errors import ParseError
from data_sources.sources import fred
from tests.helpers import fixture_bytes


def test_current_layout_with_empty_cells_for_holidays():
    frame = fred.parse_graph_csv(fixture_bytes("fred/DEXJPUS.csv"), series="DEXJPUS")
    by_date = frame.set_index("date")["value"]
    assert by_date[pd.Timestamp("2024-07-10")] == 161.73
    assert pd.Timestamp("2024-07-04") not in by_date.index  # Independence Day: empty cell
    assert frame["series"].eq("DEXJPUS").all()
    assert frame["value"].dtype == "float64"
    assert frame["date"].dtype == "datetime64[ns]"


def test_older_layout_with_DATE_header_and_dot_for_missing():
    frame = fred.parse_graph_csv(fixture_bytes("variants/DEXJPUS_old_layout.csv"))
    by_date = frame.set_index("date")["value"]
    assert by_date[pd.Timestamp("2022-12-01")] == 135.55
    assert pd.Timestamp("2022-12-26") not in by_date.index  # "." in the old layout
    assert pd.Timestamp("2023-01-02") not in by_date.index


def test_wrong_series_or_header_is_a_parse_error():
    raw = fixture_bytes("fred/DEXJPUS.csv")
    with pytest.raises(ParseError, match="DFF"):
        fred.parse_graph_csv(raw, series="DFF")
    with pytest.raises(ParseError, match="observation_date"):
        fred.parse_graph_csv(raw.replace(b"observation_date", b"period"))
    with pytest.raises(ParseError, match="YYYY-MM-DD"):
        fred.parse_graph_csv(raw + b"2024-13-45,1.0\n")


def test_api_json_reads_observations_and_dot_missing():
    payload = {"observations": [
        {"date": "2024-07-10", "value": "161.73"}, {"date": "2024-07-04", "value": "."},
    ]}
    frame = fred.parse_api_json(json.dumps(payload).encode(), series="DEXJPUS")
    assert frame["value"].tolist() == [161.73]
    with pytest.raises(ParseError):
        fred.parse_api_json(b"<html>", series="DEXJPUS")
