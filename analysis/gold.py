"""Gold holdings: units, top holders, net buyers and sellers, and the value of holdings."""

from __future__ import annotations

import pandas as pd

OUNCES_PER_TONNE = 32_150.7466
UNITS = {"t": "tonnes", "moz": "million troy oz"}
AGGREGATES = ("G001", "G163")
#: Economies report late and unevenly (34 for 2026-06-30, 44 for 2025-12-31): a ranking at a date
#: takes each economy's latest report up to it. Older than a quarter before the date: flagged.
#: Older than two years (the ~100 economies the IMF's table stopped covering in 2019): left out.
OLD_REPORT = pd.Timedelta(days=92)
MAX_REPORT_AGE = pd.Timedelta(days=731)


def convert(tonnes: pd.Series | pd.DataFrame | float, unit: str) -> pd.Series | pd.DataFrame | float:
    if unit == "t":
        return tonnes
    if unit == "moz":
        return tonnes * OUNCES_PER_TONNE / 1e6
    raise ValueError(f"unknown unit {unit!r}; known: {', '.join(UNITS)}")


#: A date with fewer economies reporting than this is not a report date (a ranking at it would
#: leave most holders out): the world total's own months, or a quarter most have not reported yet.
MIN_REPORTERS = 20


def report_dates(frame: pd.DataFrame, min_economies: int = MIN_REPORTERS) -> list[pd.Timestamp]:
    """Dates with enough reporters to rank economies, newest first: quarter ends (about 150
    economies before 2019-12, about 48 since in the IMF's IL table), never the world-only months."""
    counts = frame.loc[~frame["series"].isin(["G001", "G163"])].groupby("date").size()
    return sorted(counts[counts >= min_economies].index, reverse=True)


def reporters(frame: pd.DataFrame, date: pd.Timestamp, aggregates: tuple[str, ...] = AGGREGATES
              ) -> tuple[int, bool]:
    """How many economies (aggregates aside) reported for `date`, and whether the world total did."""
    at = frame.loc[frame["date"] == date, "series"]
    return int((~at.isin(aggregates)).sum()), bool((at == "G001").any())


def latest_reports(frame: pd.DataFrame, date: pd.Timestamp, exclude: tuple[str, ...] = AGGREGATES) -> pd.DataFrame:
    """Each economy's latest report on or before `date`: series, value, reported (its date) and
    old (reported more than a quarter before `date`). Reports older than two years are left out;
    `attrs["left_out"]` counts them."""
    rows = frame[(frame["date"] <= date) & ~frame["series"].isin(exclude)]
    last = rows.sort_values("date").drop_duplicates("series", keep="last")
    age = date - last["date"]
    recent = age <= MAX_REPORT_AGE
    kept = last[recent]
    out = pd.DataFrame({"series": kept["series"].to_numpy(), "value": kept["value"].to_numpy(),
                        "reported": kept["date"].to_numpy(), "old": (age[recent] > OLD_REPORT).to_numpy()})
    out.attrs["left_out"] = int((age > MAX_REPORT_AGE).sum())
    return out


def top_holders(frame: pd.DataFrame, date: pd.Timestamp, n: int = 15, exclude: tuple[str, ...] = AGGREGATES
                ) -> pd.DataFrame:
    """The largest holders on each economy's latest report up to `date` (see `latest_reports`)."""
    reports = latest_reports(frame, date, exclude)
    top = reports.nlargest(n, "value").reset_index(drop=True)
    top.attrs = dict(reports.attrs)
    return top


def net_changes(frame: pd.DataFrame, start: pd.Timestamp, end: pd.Timestamp,
                exclude: tuple[str, ...] = AGGREGATES) -> pd.DataFrame:
    """Change in tonnes from each economy's latest report up to `start` to its latest up to `end`,
    for economies with a report after `start`; largest first. `from`/`to` are the reports used,
    `old` marks an end report more than a quarter before `end`."""
    before = latest_reports(frame, start, exclude).set_index("series")
    after = latest_reports(frame, end, exclude).set_index("series")
    both = after.join(before, lsuffix="", rsuffix="_start", how="inner")
    both = both[both["reported"] > start]
    delta = both["value"] - both["value_start"]
    both = both.assign(change=delta)[delta.abs() > 1e-9]
    both = both.reindex(both["change"].abs().sort_values(ascending=False).index)
    return pd.DataFrame({"series": both.index, "change": both["change"].to_numpy(),
                         "from": both["reported_start"].to_numpy(), "to": both["reported"].to_numpy(),
                         "old": both["old"].to_numpy()})


def holdings_value(tonnes: pd.Series, price_usd_oz: pd.Series) -> pd.Series:
    """Value of holdings in USD bn: volume at month end × that month's average price."""
    volume = tonnes.copy()
    volume.index = volume.index.to_period("M")
    price = price_usd_oz.copy()
    price.index = price.index.to_period("M")
    value = (volume * OUNCES_PER_TONNE * price / 1e9).dropna()
    value.index = value.index.to_timestamp(how="end").normalize()
    return value
