"""USD/JPY: ranges, largest daily moves, intervention clusters and the event study."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

EVENTS_FILE = Path(__file__).with_name("usdjpy_events.toml")

RANGES = ("1M", "6M", "YTD", "1Y", "5Y", "10Y", "Max")
HORIZONS = (1, 5, 20)  # trading days after an intervention
CLUSTER_GAP_DAYS = 4  # operations at most this many calendar days apart form one episode


@dataclass(frozen=True)
class Event:
    date: pd.Timestamp
    label: str
    text: str


def load_events(path: Path = EVENTS_FILE) -> list[Event]:
    """The annotated events, kept as data in usdjpy_events.toml."""
    with path.open("rb") as handle:
        raw = tomllib.load(handle)
    return [Event(pd.Timestamp(e["date"]), e["label"], e["text"]) for e in raw["event"]]


def range_start(choice: str, last: pd.Timestamp, first: pd.Timestamp) -> pd.Timestamp:
    """The first date shown for a range button, relative to the last observation."""
    offsets = {"1M": pd.DateOffset(months=1), "6M": pd.DateOffset(months=6), "1Y": pd.DateOffset(years=1),
               "5Y": pd.DateOffset(years=5), "10Y": pd.DateOffset(years=10)}
    if choice == "Max":
        return first
    if choice == "YTD":
        return max(first, pd.Timestamp(year=last.year, month=1, day=1))
    if choice not in offsets:
        raise ValueError(f"unknown range {choice!r}")
    return max(first, last - offsets[choice])


def largest_moves(rate: pd.Series, start: pd.Timestamp, end: pd.Timestamp, n: int = 10) -> pd.DataFrame:
    """The biggest day-on-day moves (in %) between start and end, against the previous trading day."""
    window = rate.loc[:end]
    pct = window.pct_change() * 100
    diff = window.diff()
    out = pd.DataFrame({"date": window.index, "rate": window.to_numpy(), "change": diff.to_numpy(),
                        "change_pct": pct.to_numpy()}).set_index("date").loc[start:end].dropna()
    out = out.reindex(out["change_pct"].abs().sort_values(ascending=False).index).head(n)
    out["direction"] = np.where(out["change"] > 0, "yen weaker", "yen stronger")
    return out.reset_index()


@dataclass(frozen=True)
class Episode:
    start: pd.Timestamp
    end: pd.Timestamp
    days: int
    amount_jpy_bn: float
    direction: str


def episodes(ops: pd.DataFrame, pair: str = "USD/JPY") -> list[Episode]:
    """Group intervention days into episodes: same direction, gaps of at most a few days."""
    rows = ops[ops["series"] == pair].sort_values("date")
    out: list[Episode] = []
    for _, row in rows.iterrows():
        if out and out[-1].direction == row["direction"] and (row["date"] - out[-1].end).days <= CLUSTER_GAP_DAYS:
            last = out[-1]
            out[-1] = Episode(last.start, row["date"], last.days + 1, last.amount_jpy_bn + row["value"],
                              last.direction)
        else:
            out.append(Episode(row["date"], row["date"], 1, float(row["value"]), str(row["direction"])))
    return out


def event_study(rate: pd.Series, eps: list[Episode], horizons: tuple[int, ...] = HORIZONS) -> pd.DataFrame:
    """USD/JPY change (yen) h trading days after each episode's first day, measured from the
    close of that day; NaN where the horizon runs past the data."""
    rate = rate.dropna().sort_index()
    positions = rate.index
    rows = []
    for ep in eps:
        at = positions.searchsorted(ep.start)  # the first trading day on or after the start
        base = rate.iloc[at] if at < len(positions) else np.nan  # after the rate's end: no base
        row = {"start": ep.start, "end": ep.end, "days": ep.days, "direction": ep.direction,
               "amount_jpy_bn": ep.amount_jpy_bn, "rate": base}
        for h in horizons:
            row[f"after_{h}d"] = rate.iloc[at + h] - base if at + h < len(positions) else np.nan
        rows.append(row)
    table = pd.DataFrame(rows)
    return table


def monthly_mean(series: pd.Series) -> pd.Series:
    return series.resample("MS").mean()


def yield_spread(us_10y_daily: pd.Series, jp_10y_monthly: pd.Series) -> pd.Series:
    """US minus Japan 10-year yield, monthly (the Japanese series is monthly)."""
    us = monthly_mean(us_10y_daily)
    jp = jp_10y_monthly.copy()
    jp.index = jp.index.to_period("M").to_timestamp()
    return (us - jp).dropna()
