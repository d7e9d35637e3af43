"""How the pages word a dataset's freshness and its refresh errors (ui.chrome, ui.freshness)."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime

import pandas as pd
import pytest

from data_sources.errors import ConnectionFailed, HTTPStatusError, LayoutError
from data_sources.result import Provenance
from ui import chrome, freshness

BASE = Provenance("usdjpy", "US dollar / Japanese yen, daily", "FRED", "https://fred", (), "Source: FRED",
                  "public", "https://fred", datetime(2026, 12, 7, 8, 37, tzinfo=UTC), pd.Timestamp("2026-09-25"),
                  "snapshot", False)
OFFLINE = str(ConnectionFailed("FRED", "https://api.stlouisfed.org/fred", "a connection",
                               "connection failed: [Errno -3] Temporary failure in name resolution"))


def test_offline_is_one_calm_line_with_the_data_date_and_no_failure_count():
    provs = [dataclasses.replace(BASE, dataset=f"d{i}", last_error=OFFLINE) for i in range(4)]
    summary = chrome.freshness_summary(provs)
    assert summary.startswith("offline: showing the bundled data of 2026-12-07; "), summary
    assert "failed" not in summary and "4" not in summary and "expected" not in summary
    assert "try again" in summary


@pytest.mark.parametrize(("error", "plain"), [
    (OFFLINE, "no connection to the publisher (offline?)"),
    (str(HTTPStatusError("FRED", "https://fred", 503, "Service Unavailable")),
     "the publisher's server answered with an error (HTTP 503)"),
    (str(LayoutError("TIC", "https://tic", "a header row", "none")), "laid out differently"),
])
def test_errors_in_plain_words(error, plain):
    said = chrome.plain_error(error)
    assert plain in said and "expected" not in said and "http" not in said.split("(")[0].lower()


def test_a_real_failure_names_the_dataset_and_the_overview_says_how_old_the_figures_are():
    broken = dataclasses.replace(BASE, last_error=str(LayoutError("FRED", "https://fred", "a date column", "x")))
    assert chrome.freshness_summary([broken]) == "could not update US dollar / Japanese yen, daily"
    line = freshness.age_line([BASE], now=datetime(2026, 12, 7, 13, 37, tzinfo=UTC))
    assert "2026-12-07 08:37 UTC (bundled snapshot), 5 h ago" in line
    table = freshness.table([dataclasses.replace(BASE, last_error=OFFLINE)])
    assert table.loc[0, "status"] == "offline" and table.loc[0, "last error"] == chrome.plain_error(OFFLINE)
