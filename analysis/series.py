"""Monthly series: wide tables, calendar-aware changes, transforms, rankings, streaks, movers.

Missing months stay missing: a change needs both months to exist (TIC year blocks list different
countries; the IMF reports some economies only at quarter ends). Every change here is measured
like for like across series breaks (`analysis.breaks`): never a re-base served as a movement.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .breaks import Breaks

TRANSFORMS: dict[str, str] = {
    "level": "Level",
    "mom": "Change on month",
    "yoy": "Change on year",
    "share": "% of foreign total",
    "index": "Index (a chosen month = 100)",
}


def wide(frame: pd.DataFrame, series: Iterable[str] | None = None, freq: str = "ME") -> pd.DataFrame:
    """Long → wide (dates × series), on a complete calendar so that shifts are calendar shifts."""
    rows = frame if series is None else frame[frame["series"].isin(list(series))]
    table = rows.pivot(index="date", columns="series", values="value")
    if table.empty:
        return table
    calendar = pd.date_range(table.index.min(), table.index.max(), freq=freq)
    table = table.reindex(calendar)
    table.index.name = "date"
    table.columns.name = "series"
    if series is not None:
        table = table[[s for s in series if s in table.columns]]
    return table


def long(table: pd.DataFrame) -> pd.DataFrame:
    """Wide → long, dropping the gaps."""
    out = table.stack(future_stack=True).rename("value").reset_index()
    out.columns = ["date", "series", "value"]
    return out.dropna(subset=["value"]).reset_index(drop=True)


def change(table: pd.DataFrame, months: int) -> pd.DataFrame:
    """Change over `months` calendar months; NaN where either end is missing."""
    return table - table.shift(months)


def transform(table: pd.DataFrame, kind: str, total: pd.Series | None = None,
              breaks: Breaks | None = None, base: pd.Timestamp | None = None) -> pd.DataFrame:
    """Apply one of TRANSFORMS to a wide monthly table (already cut to the wanted dates for
    'index', whose base is each series' first value in the table). Changes across a series
    break are like for like, or blank where there is no old-basis figure (`attrs["notes"]`)."""
    breaks = breaks or Breaks()
    if kind == "level":
        return table
    if kind in ("mom", "yoy"):
        return breaks.change(table, 1 if kind == "mom" else 12)
    if kind == "share":
        if total is None:
            raise ValueError("the share needs the foreign total")
        return table.div(total.reindex(table.index), axis=0) * 100
    if kind == "index":
        # Each series = 100 at the base month, or at its own first figure after it where it has none
        # then (a holder first reported later); `late_base` names those for the page to say so.
        start = table.loc[base:] if base is not None and base in table.index else table
        adjusted, cut, chained = like_for_like_levels(table, start, breaks)
        first = adjusted.loc[start.index] if len(start) else adjusted
        firsts = first.apply(lambda col: col.loc[col.first_valid_index()] if col.first_valid_index() is not None
                             else np.nan)
        out = adjusted / firsts * 100
        at_base = start.iloc[0] if len(start) else pd.Series(dtype=float)
        out.attrs["late_base"] = [c for c in table.columns if pd.isna(at_base.get(c)) and pd.notna(firsts[c])]
        out.attrs["cut_at_break"], out.attrs["chained"] = cut, chained
        return out
    raise ValueError(f"unknown transform {kind!r}; known: {', '.join(TRANSFORMS)}")


def like_for_like_levels(table: pd.DataFrame, start: pd.DataFrame, breaks: Breaks
                         ) -> tuple[pd.DataFrame, list[str], list[str]]:
    """Each series put on the basis of its base month (its first figure in `start`): across a break,
    the re-base's jump is taken out (from the file's old-basis figure); where there is none, the
    side of the break away from the base is left blank. Returns the levels, the series cut and the
    series chained."""
    out = table.copy()
    cut: list[str] = []
    chained: list[str] = []
    for name in table.columns:
        anchor = start[name].first_valid_index() if len(start) else None
        if anchor is None:
            continue
        for brk in breaks[name]:
            if not table.index[0] < brk.date <= table.index[-1]:
                continue
            side = out.index >= brk.date if brk.date > anchor else out.index < brk.date
            if brk.jump is None:
                out.loc[side, name] = np.nan
                cut += [name] if name not in cut else []
            else:  # after the base: back to its basis (minus the jump); before it: forward (plus)
                out.loc[side, name] = out.loc[side, name] + (-brk.jump if brk.date > anchor else brk.jump)
                chained += [name] if name not in chained else []
    return out, cut, chained


def ranked(table: pd.DataFrame, month: pd.Timestamp, total: pd.Series | None = None,
           spark_months: int = 24, breaks: Breaks | None = None) -> pd.DataFrame:
    """Holders ranked at `month`: holding, change on month and year (like for like across
    breaks), share, rank change, sparkline."""
    if month not in table.index:
        raise KeyError(f"{month.date()} is not in the table")
    breaks = breaks or Breaks()
    level = table.loc[month].dropna()
    previous = table.shift(1).loc[month]
    on_month = breaks.change(table, 1).loc[month]
    on_year = breaks.change(table, 12).loc[month]
    rank = level.rank(ascending=False, method="min").astype(int)
    prev_levels = previous.reindex(level.index).dropna()
    prev_rank = prev_levels.rank(ascending=False, method="min")
    start = month - pd.DateOffset(months=spark_months - 1)
    spark = table.loc[start:month]
    out = pd.DataFrame({
        "rank": rank,
        "holder": level.index,
        "holding": level,
        "change_on_month": on_month.reindex(level.index),
        "change_on_year": on_year.reindex(level.index),
        "share_pct": (level / total.loc[month] * 100) if total is not None and month in total.index else np.nan,
        "rank_change": (prev_rank.reindex(level.index) - rank),
        "trend": [spark[h].dropna().round(1).tolist() for h in level.index],
    })
    return out.sort_values(["rank", "holder"]).reset_index(drop=True)


def movers(table: pd.DataFrame, start: pd.Timestamp, end: pd.Timestamp, n: int = 5,
           breaks: Breaks | None = None) -> pd.DataFrame:
    """Largest increases and decreases between two dates (both must exist for a holder; like for
    like across breaks, and none across a break without an old-basis figure)."""
    delta = (breaks or Breaks()).between(table, start, end).dropna()
    buyers = delta[delta > 0].sort_values(ascending=False).head(n)
    sellers = delta[delta < 0].sort_values().head(n)
    both = pd.concat([buyers, sellers])
    return pd.DataFrame({"series": both.index, "change": both.to_numpy(),
                         "side": np.where(both.to_numpy() > 0, "increase", "decrease")})


@dataclass(frozen=True)
class Streak:
    series: str
    current: int
    current_start: pd.Timestamp | None
    longest: int
    longest_start: pd.Timestamp | None
    longest_end: pd.Timestamp | None


def decline_streaks(table: pd.DataFrame, through: pd.Timestamp | None = None,
                    breaks: Breaks | None = None) -> list[Streak]:
    """Consecutive months of decline per series: the run ending at `through` (default: the last
    month) and the longest run. A missing month, or a break with no like-for-like change, ends a run."""
    out = []
    diffs = (breaks or Breaks()).change(table, 1)
    if through is not None:
        diffs = diffs.loc[:through]
    dates_ = diffs.index
    falling = (diffs < 0).to_numpy()  # NaN compares False: a gap ends a run
    for j, name in enumerate(table.columns):
        down = falling[:, j]
        # Run length ending at each month: count since the last month that did not fall.
        positions = np.arange(len(down))
        last_break = np.maximum.accumulate(np.where(~down, positions, -1))
        runs = positions - last_break
        current = int(runs[-1]) if len(runs) else 0
        best = int(runs.max()) if len(runs) else 0
        end = int(np.argmax(runs)) if best else None  # the first of equally long runs
        out.append(Streak(
            str(name), current, dates_[len(runs) - current] if current else None, best,
            dates_[end - best + 1] if end is not None else None, dates_[end] if end is not None else None))
    return out


def months_with_decline(series: pd.Series, start: pd.Timestamp, end: pd.Timestamp,
                        breaks: Breaks | None = None) -> list[pd.Timestamp]:
    """Months in [start, end] whose value fell from the month before (like for like)."""
    monthly = series.reindex(pd.date_range(series.index.min(), series.index.max(), freq="ME"))
    diffs = (breaks or Breaks()).change(monthly.to_frame(series.name), 1).iloc[:, 0].loc[start:end]
    return [d for d, v in diffs.items() if pd.notna(v) and v < 0]


def last_at_or_beyond(series: pd.Series, date: pd.Timestamp, direction: str) -> pd.Timestamp | None:
    """For 'highest since': the last date before `date` with a value at least as high
    (direction='high'), or at most as low (direction='low'). None if there is none."""
    value = series.loc[date]
    before = series.loc[: date - pd.Timedelta(days=1)]
    hits = before[before >= value] if direction == "high" else before[before <= value]
    return hits.index.max() if not hits.empty else None
