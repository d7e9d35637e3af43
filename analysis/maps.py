"""What a map paints: one value per economy at one date, with what cannot be painted listed.

Pure. Aggregates and groups (totals, regions, the euro area, the world) are never painted; an
economy with no report at the date is "no data", not zero; for gold, each economy's latest report
up to the date stands (the ragged-edge rule of the rankings), flagged when older than a quarter.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from data_sources.economies import iso3

from . import gold as gold_ops
from . import series as series_ops
from .breaks import Breaks

TREASURY_MEASURES = {"level": "Holdings, USD bn", "mom": "Change on month, USD bn",
                     "yoy": "Change on year, USD bn", "share": "Share of the foreign total, %"}
GOLD_MEASURES = {"tonnes": "Gold, tonnes", "change": "Change over the window, tonnes",
                 "value": "Value at the month's average price, USD bn"}
DIVERGING = {"mom", "yoy", "change"}  # changes: a scale centred on zero


@dataclass(frozen=True)
class MapData:
    """`painted`: iso3, name, value, reported (date), old (bool); `groups`: name, value (listed beside
    the map); `no_data`: economies known to the dataset without a value at the date."""

    painted: pd.DataFrame
    groups: pd.DataFrame
    no_data: list[str] = field(default_factory=list)
    left_out: int = 0  # gold: economies whose last report is over two years old
    no_change: list[str] = field(default_factory=list)  # a change across a series break with no like-for-like figure


def treasury(table: pd.DataFrame, titles: dict[str, str], at: pd.Timestamp, measure: str,
             breaks: Breaks | None = None) -> MapData:
    """TIC holdings by holder at month `at`, as a level, a change on month/year (like for like
    across series breaks) or a share of the foreign total (the same transforms as the chart)."""
    history = table.loc[:at]
    shown = series_ops.transform(history, measure, total=table.get("Grand Total"), breaks=breaks)
    painted, groups, no_data, no_change = [], [], [], []
    for holder in table.columns:
        code = iso3("treasury_holdings", holder)
        column = shown[holder].dropna()
        if code is not None and measure in DIVERGING and _blank_at_break(breaks, holder, at, measure):
            # Its level is reported, its change is not a movement (a break with no old-basis figure):
            # not painted with an older month's change either.
            no_change.append(titles.get(holder, holder))
            continue
        reported = column.index.max() if len(column) else None
        # The ragged-edge rule of the gold ranking: a holder missing from the month's table stands
        # with its latest figure (flagged with its month); one silent for two years is no data.
        recent = reported is not None and at - reported <= gold_ops.MAX_REPORT_AGE
        if code is None:
            if reported == at:
                groups.append({"name": titles.get(holder, holder), "value": float(column.loc[at])})
            continue
        if recent:
            painted.append({"iso3": code, "name": titles.get(holder, holder), "value": float(column.loc[reported]),
                            "reported": reported, "old": bool(reported != at)})
        elif history[holder].notna().any():
            no_data.append(titles.get(holder, holder))
    return MapData(_frame(painted), pd.DataFrame(groups, columns=["name", "value"]), sorted(no_data),
                   no_change=sorted(no_change))


def gold(frame: pd.DataFrame, names: dict[str, str], at: pd.Timestamp, measure: str,
         since: pd.Timestamp | None = None, price: pd.Series | None = None) -> MapData:
    """Official gold by economy on each one's latest report up to `at`: tonnes, the change since
    `since` (between the latest reports up to each date), or the value in USD bn at the average
    price of the report's month (where the World Bank has that month)."""
    reports = gold_ops.latest_reports(frame, at)
    values = reports.set_index("series")
    if measure == "change":
        start = gold_ops.latest_reports(frame, since if since is not None else at).set_index("series")["value"]
        both = values.join(start.rename("start"), how="inner")
        values = both.assign(value=both["value"] - both["start"])
    elif measure == "value":
        months = pd.DatetimeIndex(values["reported"]).to_period("M")
        by_month = pd.Series(price.to_numpy(), index=price.index.to_period("M")) if price is not None else None
        prices = by_month.reindex(months).to_numpy() if by_month is not None else float("nan")
        values = values.assign(value=values["value"] * gold_ops.OUNCES_PER_TONNE * prices / 1e9)
    painted = [{"iso3": code, "name": names.get(code, code), "value": float(row["value"]),
                "reported": pd.Timestamp(row["reported"]), "old": bool(row["old"])}
               for code, row in values.iterrows() if pd.notna(row["value"])]
    groups = []
    for code in sorted(gold_ops.AGGREGATES):
        reported = frame[(frame["series"] == code) & (frame["date"] <= at)]
        if measure == "tonnes" and not reported.empty:
            groups.append({"name": names.get(code, code), "value": float(reported.iloc[-1]["value"])})
    shown = {p["iso3"] for p in painted}
    no_data = sorted(names.get(c, c) for c in set(reports["series"]) if c not in shown)
    return MapData(_frame(painted), pd.DataFrame(groups, columns=["name", "value"]), no_data,
                   reports.attrs.get("left_out", 0))


def _blank_at_break(breaks: Breaks | None, holder: str, at: pd.Timestamp, measure: str) -> bool:
    """Whether `holder`'s change to `at` crosses a series break that has no old-basis figure."""
    months = 1 if measure == "mom" else 12
    crossed = (breaks or Breaks()).within(holder, at - pd.offsets.MonthEnd(months), at)
    return any(b.jump is None for b in crossed)


def _frame(rows: list[dict]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["iso3", "name", "value", "reported", "old"])
    return frame.sort_values("value", ascending=False, ignore_index=True)


def lead(data: MapData, unit: str, when: str, diverging: bool, top: int = 4) -> str:
    """The map's news in one sentence, for its link preview: the largest values, or for a change the
    largest rise and fall ("Largest rise: …; largest fall: …")."""
    painted = data.painted
    if painted.empty:
        return ""

    def amount(value: float, sign: bool = False) -> str:
        text = f"{abs(value):,.1f}" if unit != "%" else f"{abs(value):.1f}%"
        return (("+" if value >= 0 else "\N{MINUS SIGN}") if sign else "") + text

    suffix = "" if unit == "%" else f" {unit}"
    if diverging:
        rise, fall = painted.iloc[0], painted.iloc[-1]
        parts = []
        if rise["value"] > 0:
            parts.append(f"largest rise {rise['name']} {amount(rise['value'], True)}{suffix}")
        if fall["value"] < 0:
            parts.append(f"largest fall {fall['name']} {amount(fall['value'], True)}{suffix}")
        said = "; ".join(parts) or "no change"
        return f"{when}: {said}."
    largest = ", ".join(f"{r.name} {amount(r.value)}" for r in painted.head(top).itertuples())
    return f"Largest in {when}: {largest}{suffix}."
