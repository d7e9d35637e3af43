"""Gold holdings: units, top holders, net buyers and sellers, and the value of holdings."""

from __future__ import annotations

import pandas as pd

OUNCES_PER_TONNE = 32_150.7466
UNITS = {"t": "tonnes", "moz": "million troy oz"}


def convert(tonnes: pd.Series | pd.DataFrame | float, unit: str) -> pd.Series | pd.DataFrame | float:
    if unit == "t":
        return tonnes
    if unit == "moz":
        return tonnes * OUNCES_PER_TONNE / 1e6
    raise ValueError(f"unknown unit {unit!r}; known: {', '.join(UNITS)}")


def report_dates(frame: pd.DataFrame, min_economies: int = 20) -> list[pd.Timestamp]:
    """Dates with enough reporters to rank economies, newest first: quarter ends (about 150
    economies before 2019-12, about 48 since in the IMF's IL table), never the world-only months."""
    counts = frame.loc[~frame["series"].isin(["G001", "G163"])].groupby("date").size()
    return sorted(counts[counts >= min_economies].index, reverse=True)


def top_holders(frame: pd.DataFrame, date: pd.Timestamp, n: int = 15, exclude: tuple[str, ...] = ("G001", "G163")
                ) -> pd.DataFrame:
    rows = frame[(frame["date"] == date) & ~frame["series"].isin(exclude)]
    return rows.nlargest(n, "value")[["series", "value"]].reset_index(drop=True)


def net_changes(frame: pd.DataFrame, start: pd.Timestamp, end: pd.Timestamp,
                exclude: tuple[str, ...] = ("G001", "G163")) -> pd.DataFrame:
    """Change in tonnes between two dates for economies reporting on both, largest first."""
    rows = frame[~frame["series"].isin(exclude)]
    a = rows[rows["date"] == start].set_index("series")["value"]
    b = rows[rows["date"] == end].set_index("series")["value"]
    delta = (b - a).dropna()
    delta = delta[delta.abs() > 1e-9]
    out = delta.reindex(delta.abs().sort_values(ascending=False).index)
    return pd.DataFrame({"series": out.index, "change": out.to_numpy()})


def holdings_value(tonnes: pd.Series, price_usd_oz: pd.Series) -> pd.Series:
    """Value of holdings in USD bn: volume at month end × that month's average price."""
    volume = tonnes.copy()
    volume.index = volume.index.to_period("M")
    price = price_usd_oz.copy()
    price.index = price.index.to_period("M")
    value = (volume * OUNCES_PER_TONNE * price / 1e9).dropna()
    value.index = value.index.to_timestamp(how="end").normalize()
    return value
