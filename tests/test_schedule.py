"""Freshness from the publication cadence: when is the next observation due, and how late is it."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pandas as pd
import pytest

from data_sources import catalogue
from data_sources.result import headline_ends, provenance_from_manifest
from data_sources.schedule import Cadence, behind_text

MONTHLY = Cadence("month", 49, 14, "TIC")


@pytest.mark.parametrize(("as_of", "due"), [
    (date(2026, 4, 30), date(2026, 7, 19)),  # TIC: May is out about 49 days after May ends
    (date(2026, 6, 1), date(2026, 9, 18)),  # June dated on its 1st: July is next, due in September
])
def test_next_release_counts_from_the_end_of_the_next_month(as_of, due):
    assert MONTHLY.next_release(as_of) == due


def test_days_behind_only_after_the_grace_period():
    assert MONTHLY.days_behind(date(2026, 4, 30), date(2026, 7, 30)) == 0  # 11 days late: within grace
    assert MONTHLY.days_behind(date(2026, 4, 30), date(2026, 8, 19)) == 31
    assert Cadence("event", 0, 0, "").days_behind(date(2020, 1, 1), date(2026, 1, 1)) == 0


def test_expected_as_of():
    assert MONTHLY.expected_as_of(date(2026, 11, 26)) == date(2026, 9, 30)
    daily = Cadence("business_day", 3, 4, "")
    assert daily.expected_as_of(date(2026, 11, 30)) == date(2026, 11, 27)  # a Friday


def test_behind_text():
    assert [behind_text(d) for d in (1, 5, 20, 413)] == ["1 day", "5 days", "2 weeks", "14 months"]


def _frame(ends: dict[str, str]) -> pd.DataFrame:
    rows = [{"date": pd.Timestamp(end), "series": s, "value": 1.0} for s, end in ends.items()]
    return pd.DataFrame(rows)


def _prov(name: str, frame: pd.DataFrame, now: str):
    spec = catalogue.get(name)
    as_of, lagging = headline_ends(spec, frame)
    return provenance_from_manifest(spec, {"retrieved_at": now}, "live", None,
                                    datetime.fromisoformat(now).replace(tzinfo=UTC), as_of=as_of, lagging=lagging)


def test_rates_are_judged_by_their_daily_series_not_the_monthly_ones():
    """Daily rates to Friday, monthly averages dated the 1st of last month: on schedule."""
    frame = _frame({"DFF": "2026-07-17", "DGS10": "2026-07-17", "FEDFUNDS": "2026-06-01",
                    "IRLTLT01JPM156N": "2026-06-01"})
    prov = _prov("rates", frame, "2026-07-20T12:00:00")
    assert not prov.behind and prov.lagging is None


def test_the_gold_price_through_june_is_on_schedule_in_july():
    prov = _prov("gold_price", _frame({"GOLD": "2026-06-01"}), "2026-07-20T12:00:00")
    assert not prov.behind
    assert prov.next_release == date(2026, 8, 5)


def test_a_daily_rate_a_year_old_is_behind_although_just_retrieved():
    prov = _prov("usdjpy", _frame({"USDJPY": "2025-09-26"}), "2026-11-26T12:00:00")
    assert prov.behind and prov.stale
    assert "14 months behind its usual schedule; retrieved 0 h ago" in prov.freshness_text(
        datetime(2026, 11, 26, 12, tzinfo=UTC))
