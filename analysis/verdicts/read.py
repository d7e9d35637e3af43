"""Reading a check's series and dates from a loaded dataset."""

from __future__ import annotations

import re

import pandas as pd

from data_sources.result import Result

from .model import Check, ClaimError


def _is_monthly(result: Result, series: str | None = None) -> bool:
    frequency = result.series_info(series).frequency if series else result.spec.frequency
    return frequency not in ("daily", "event")


QUARTER = re.compile(r"(\d{4})-?Q([1-4])", re.IGNORECASE)


def _when(text: str, monthly: bool) -> pd.Timestamp:
    """'2024-04' → the month end (monthly data) or the month's first day (daily data); a full date as
    is; '2026-Q1' → the quarter's last day (quarterly data is dated at quarter ends)."""
    quarter = QUARTER.fullmatch(text.strip())
    if quarter:
        return pd.Period(f"{quarter[1]}Q{quarter[2]}", "Q").end_time.normalize()
    try:
        when = pd.Timestamp(text + "-01") if len(text) == 7 else pd.Timestamp(text)
    except ValueError:
        raise ClaimError(f"not a date: {text!r}") from None
    if len(text) == 7 and monthly:
        return when + pd.offsets.MonthEnd(0)
    return when


def _window_end(text: str, monthly: bool) -> pd.Timestamp:
    when = _when(text, monthly)
    if QUARTER.fullmatch(text.strip()):
        return when
    return when + pd.offsets.MonthEnd(0) if len(text) == 7 else when


def _series(result: Result, name: str, direction: str | None = None) -> pd.Series:
    frame = result.frame
    rows = frame[frame["series"] == name]
    if direction is not None and "direction" in rows.columns:
        rows = rows[rows["direction"] == direction]
    if rows.empty:
        raise ClaimError(f"no data for {name!r} in {result.name}")
    return pd.Series(rows["value"].to_numpy(), index=pd.DatetimeIndex(rows["date"]), name=name).sort_index()


def _label(result: Result, name: str) -> str:
    return result.series_info(name).title


def _maybe(text: str | None, monthly: bool) -> pd.Timestamp | None:
    return _when(text, monthly) if text else None


def _need(value: str | None, what: str) -> str:
    if not value:
        raise ClaimError(f"the check needs {what}")
    return value


def _window(check: Check, result: Result) -> tuple[pd.Timestamp, pd.Timestamp, pd.Series]:
    monthly = _is_monthly(result, check.series[0])
    start = _when(_need(check.start, "a start"), monthly)
    end = _window_end(_need(check.end, "an end"), monthly)
    if start > end:
        raise ClaimError(f"the start {check.start} is after the end {check.end}")
    series = _series(result, check.series[0], check.direction)
    return start, end, series
