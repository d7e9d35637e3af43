"""The operations a check can ask for (OPS): each fills in a Verdict from the loaded data."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from data_sources.result import Result

from .. import series as series_ops
from ..breaks import Breaks
from .model import QUALITATIVE, Check, ClaimError, Mark, Verdict
from .read import _is_monthly, _label, _need, _series, _when, _window, _window_end
from .reasons import _last_step, _like_for_like
from .trades import op_net_purchases
from .units import _article_value, _compare, _fmt, _number, _qualitative


def op_level(v: Verdict, check: Check, result: Result) -> None:
    monthly = _is_monthly(result, check.series[0])
    when = _when(_need(check.date, "a date"), monthly)
    name = check.series[0]
    series = _series(result, name)
    if monthly and len(check.date or "") == 7 and when not in series.index:
        # A month named by a reader is that month's figure, whichever day the publisher dates it on (the
        # Pink Sheet's months are dated on the 1st).
        same = series.index[series.index.to_period("M") == when.to_period("M")]
        when = same[0] if len(same) else when
    article, factor, tolerance, unit = _article_value(v, check, result)
    v.evidence = {name: series.loc[when - pd.DateOffset(months=18) : when + pd.DateOffset(months=6)]}
    v.window = (when - pd.DateOffset(months=18), when + pd.DateOffset(months=6))
    v.marks = [Mark(when, article, f"article: {check.article} {unit}")]
    if when in series.index:
        official = float(series.loc[when])
        v.official_text = _fmt(official / factor, unit, decimals=v.decimals)
        v.marks.append(Mark(when, official, f"official: {v.official_text}", "official"))
        _compare(v, article, official, tolerance, factor, unit)
        return
    before, after = series.loc[:when], series.loc[when:]
    if before.empty or after.empty:
        raise ClaimError(
            f"no figure for {name} around {check.date} (data runs {series.index.min():%Y-%m} to "
            f"{series.index.max():%Y-%m})"
        )
    lo_d, lo, hi_d, hi = before.index[-1], float(before.iloc[-1]), after.index[0], float(after.iloc[0])
    low_text, high_text = (_fmt(x / factor, unit, decimals=v.decimals) for x in (lo, hi))
    v.official_text = f"{low_text} ({lo_d:%Y-%m}) – {high_text} ({hi_d:%Y-%m})"
    v.reasons.append(
        f"No figure for {check.date}: {_label(result, name)} is reported for {lo_d:%Y-%m} and "
        f"{hi_d:%Y-%m} only here (quarterly); nothing is interpolated."
    )
    low, high = min(lo, hi), max(lo, hi)
    tol = tolerance or 0.0
    v.article, v.official = article, None
    v.difference = 0.0 if low <= article <= high else min(abs(article - low), abs(article - high))
    v.status = "close" if low - tol <= article <= high + tol else "differs"


def op_change(v: Verdict, check: Check, result: Result) -> None:
    monthly = _is_monthly(result, check.series[0])
    start = _when(_need(check.start, "a start"), monthly)
    end = _when(_need(check.end, "an end"), monthly) if monthly else _window_end(_need(check.end, "an end"), False)
    if start > end:
        raise ClaimError(f"the start {check.start} is after the end {check.end}")
    total, parts = 0.0, []
    evidence = {}
    breaks = Breaks.from_frame(result.frame)
    for name in check.series:
        series = _series(result, name, check.direction)
        if monthly:
            if start not in series.index or end not in series.index:
                raise ClaimError(f"{_label(result, name)} has no figure for {check.start} or {check.end}")
            a, b = float(series.loc[start]), float(series.loc[end])
            b = a + _like_for_like(v, result, breaks, series, start, end)
        else:
            a_rows, b_rows = series.loc[:start], series.loc[:end]
            if a_rows.empty or b_rows.empty:
                raise ClaimError(f"no data for {name} before {check.start}")
            a, b = float(a_rows.iloc[-1]), float(b_rows.iloc[-1])
        total += b - a
        parts.append((name, b - a))
        evidence[name] = series.loc[start - pd.DateOffset(months=12) : end + pd.DateOffset(months=3)]
    v.evidence, v.window = evidence, (start - pd.DateOffset(months=12), end + pd.DateOffset(months=3))
    if len(parts) > 1:
        v.reasons.append(
            "By series: " + "; ".join(f"{_label(result, n)} {_fmt(c, v.unit, signed=True)}" for n, c in parts) + "."
        )
    if check.expect:
        _qualitative(
            v, check, total, f"{' + '.join(_label(result, n) for n in check.series)}, {check.start} to {check.end},"
        )
        v.official_text = _fmt(total, v.unit, signed=True)
        if v.status == "differs" and len(check.series) == 1:
            _last_step(v, _series(result, check.series[0]), end, QUALITATIVE[check.expect.lower()], check.end,
                       breaks)
        return
    article, factor, tolerance, unit = _article_value(v, check, result)
    v.official_text = _fmt(total / factor, unit, signed=True, decimals=v.decimals)
    before = evidence[check.series[0]].loc[:start]
    if len(check.series) == 1 and not before.empty:
        base = float(before.iloc[-1])
        v.change_from = start
        v.marks = [
            Mark(end, base + article, f"article: {_fmt(article / factor, unit, signed=True, decimals=v.decimals)}"),
            Mark(end, base + total, f"official: {_fmt(total / factor, unit, signed=True, decimals=v.decimals)}",
                 "official"),
        ]
    _compare(v, article, total, tolerance, factor, unit)


def _extreme(v: Verdict, check: Check, result: Result, how: str) -> None:
    start, end, series = _window(check, result)
    inside = series.loc[start:end]
    if inside.empty:
        raise ClaimError(f"no data for {check.series[0]} between {check.start} and {check.end}")
    article, factor, tolerance, unit = _article_value(v, check, result)
    if how == "mean":
        official, when = float(inside.mean()), None
    else:
        when = inside.idxmax() if how == "max" else inside.idxmin()
        official = float(inside.loc[when])
    v.official_text = _fmt(official / factor, unit, decimals=v.decimals) + (
        f" on {when:%Y-%m-%d}" if when is not None else ""
    )
    v.evidence = {check.series[0]: series.loc[start - pd.DateOffset(days=60) : end + pd.DateOffset(days=30)]}
    v.window = (start - pd.DateOffset(days=60), end + pd.DateOffset(days=30))
    v.marks = [
        Mark(when if when is not None else start + (end - start) / 2, article, f"article: {check.article} {unit}")
    ]
    what = {"max": "Highest", "min": "Lowest", "mean": "Average"}[how]
    v.reasons.append(
        f"{what} {_label(result, check.series[0])} from {check.start} to {check.end}: "
        f"{v.official_text} ({len(inside)} observations)."
    )
    _compare(v, article, official, tolerance, factor, unit)
    if v.status == "matches":
        v.reasons.clear()


def op_total(v: Verdict, check: Check, result: Result) -> None:
    start, end, series = _window(check, result)
    inside = series.loc[start:end]
    total = float(inside.sum())
    v.evidence = {check.series[0]: series.loc[start - pd.DateOffset(days=90) : end + pd.DateOffset(days=90)]}
    v.window = (start - pd.DateOffset(days=90), end + pd.DateOffset(days=90))
    v.official_text = f"{_fmt(total, v.unit)} on {len(inside)} day(s)" + (
        ": " + ", ".join(f"{d:%Y-%m-%d} {x:,.1f}" for d, x in inside.items()) if 0 < len(inside) <= 5 else ""
    )
    if check.expect:
        _qualitative(
            v,
            check,
            total,
            f"Total{' ' + check.direction if check.direction else ''} from {check.start} to {check.end}",
        )
        v.official_text = f"{_fmt(total, v.unit)} ({check.direction or 'total'}, {len(inside)} day(s))"
        return
    article, factor, tolerance, unit = _article_value(v, check, result)
    _compare(v, article, total, tolerance, factor, unit)


def _since(v: Verdict, check: Check, result: Result, direction: str) -> None:
    monthly = _is_monthly(result, check.series[0])
    name = check.series[0]
    series = _series(result, name).dropna()
    if check.date:
        at = _when(check.date, monthly)
        if at not in series.index:
            raise ClaimError(f"no figure for {name} at {check.date}")
    else:
        start, end, _ = _window(check, result)
        inside = series.loc[start:end]
        if inside.empty:
            raise ClaimError(f"no data for {name} between {check.start} and {check.end}")
        at = inside.idxmax() if direction == "high" else inside.idxmin()
    found = series_ops.last_at_or_beyond(series, at, direction)
    printed = check.article if isinstance(check.article, str) else ""
    v.article_text = f"since {printed}"
    word = "highest" if direction == "high" else "lowest"
    value = float(series.loc[at])
    fmt_at = f"{at:%Y-%m}" if monthly else f"{at:%Y-%m-%d}"
    if found is None:
        v.official_text = f"the {word} on record ({fmt_at})"
        v.status = "differs"
        v.reasons.append(
            f"{_label(result, name)} at {fmt_at} ({value:,.2f}) was its {word} in the data, which "
            f"starts {series.index.min():%Y-%m}."
        )
        return
    v.official_text = f"since {found:%Y-%m}" if monthly else f"since {found:%Y-%m-%d}"
    v.evidence = {name: series.loc[found - pd.DateOffset(months=12) : at + pd.DateOffset(months=6)]}
    v.window = (found - pd.DateOffset(months=12), at + pd.DateOffset(months=6))
    v.marks = [
        Mark(at, value, f"{fmt_at}: {value:,.2f}", "official"),
        Mark(
            found,
            float(series.loc[found]),
            f"last {'higher' if direction == 'high' else 'lower'}: {found:%Y-%m}",
            "official",
        ),
    ]
    period = pd.Period(printed, freq="Y" if len(printed) == 4 else "M")
    months_off = (
        0
        if period.start_time <= found <= period.end_time
        else min(
            abs((found.to_period("M") - period.start_time.to_period("M")).n),
            abs((found.to_period("M") - period.end_time.to_period("M")).n),
        )
    )
    v.difference = float(months_off)
    v.status = "matches" if months_off == 0 else "close" if months_off <= check.tolerance_months else "differs"
    v.reasons.append(
        f"{_label(result, name)} at {fmt_at}: {value:,.2f}; the last time it was "
        f"{'as high or higher' if direction == 'high' else 'as low or lower'}: {found:%Y-%m-%d} "
        f"({float(series.loc[found]):,.2f})."
    )


def op_declines(v: Verdict, check: Check, result: Result) -> None:
    monthly = _is_monthly(result, check.series[0])
    start, end = _when(_need(check.start, "a start"), monthly), _window_end(_need(check.end, "an end"), monthly)
    name = check.series[0]
    series = _series(result, name)
    months = series_ops.months_with_decline(series, start, end, Breaks.from_frame(result.frame))
    official = [f"{m:%Y-%m}" for m in months]
    article = list(check.article) if isinstance(check.article, tuple) else []
    v.article_text = ", ".join(article) or "none"
    v.official_text = ", ".join(official) or "none"
    v.evidence = {name: series.loc[start - pd.DateOffset(months=2) : end + pd.DateOffset(months=1)]}
    v.window = (start - pd.DateOffset(months=2), end + pd.DateOffset(months=1))
    v.marks = [Mark(m, float(series.loc[m]), f"fell in {m:%b %Y}", "official") for m in months]
    extra, missing = sorted(set(official) - set(article)), sorted(set(article) - set(official))
    v.difference = float(len(extra) + len(missing))
    v.status = "matches" if not extra and not missing else "differs"
    if extra:
        v.reasons.append(f"The official data also show declines in {', '.join(extra)}.")
    if missing:
        v.reasons.append(f"No decline in {', '.join(missing)} in the official data.")


def op_decline_streak(v: Verdict, check: Check, result: Result) -> None:
    monthly = _is_monthly(result, check.series[0])
    at = _when(_need(check.date, "a date"), monthly)
    name = check.series[0]
    table = series_ops.wide(result.frame, [name])
    streak = series_ops.decline_streaks(table, through=at, breaks=Breaks.from_frame(result.frame))[0]
    article = int(_number(check.article)) if isinstance(check.article, str) else 0
    v.article_text = f"{article} months"
    v.official_text = f"{streak.current} months" + (
        f" (since {streak.current_start:%Y-%m})" if streak.current_start is not None else ""
    )
    v.official, v.article = float(streak.current), float(article)
    v.difference = float(streak.current - article)
    series = table[name].dropna()
    v.evidence = {name: series.loc[at - pd.DateOffset(months=12) : at + pd.DateOffset(months=3)]}
    v.window = (at - pd.DateOffset(months=12), at + pd.DateOffset(months=3))
    v.status = "matches" if streak.current == article else "close" if abs(streak.current - article) == 1 else "differs"


def op_rank(v: Verdict, check: Check, result: Result) -> None:
    at = _when(_need(check.date, "a date"), True)
    frame = result.frame
    rows = frame[(frame["date"] == at)]
    if "is_aggregate" in rows.columns:
        rows = rows[~rows["is_aggregate"]]
    ranks = rows.set_index("series")["value"].rank(ascending=False, method="min")
    article = [int(a) for a in check.article] if isinstance(check.article, tuple) else []
    official = [int(ranks[s]) if s in ranks.index else 0 for s in check.series]
    names = [_label(result, s) for s in check.series]
    v.article_text = ", ".join(f"{n} #{r}" for n, r in zip(names, article, strict=False))
    v.official_text = ", ".join(f"{n} #{r}" for n, r in zip(names, official, strict=True))
    v.status = "matches" if official == article else "differs"
    top = rows.nlargest(3, "value")
    v.reasons.append(
        f"Largest holders in {at:%B %Y}: "
        + ", ".join(f"{_label(result, s)} {x:,.1f}" for s, x in zip(top["series"], top["value"], strict=True))
        + " (USD bn)."
    )
    v.evidence = {
        s: _series(result, s).loc[at - pd.DateOffset(months=12) : at + pd.DateOffset(months=3)] for s in check.series
    }
    v.window = (at - pd.DateOffset(months=12), at + pd.DateOffset(months=3))


def op_top_buyers(v: Verdict, check: Check, result: Result) -> None:
    monthly = _is_monthly(result, check.series[0])
    start, end = _when(_need(check.start, "a start"), monthly), _when(_need(check.end, "an end"), monthly)
    frame = result.frame
    exclude = {s for s in frame["series"].unique() if result.series_info(s).aggregate}
    rows = frame[~frame["series"].isin(exclude)]
    a = rows[rows["date"] == start].set_index("series")["value"]
    b = rows[rows["date"] == end].set_index("series")["value"]
    change = (b - a).dropna().sort_values(ascending=False)
    article = list(check.article) if isinstance(check.article, tuple) else []
    n = len(article)
    top = list(change.index[:n])
    v.article_text = ", ".join(_label(result, s) for s in article)
    v.official_text = ", ".join(f"{_label(result, s)} {change[s]:+,.1f} t" for s in change.index[: n + 2])
    near = set(change.index[: n + 2])
    v.status = "matches" if set(top) == set(article) else "close" if set(article) <= near else "differs"
    if v.status != "matches":
        v.reasons.append(f"The {n} largest reported increases: {', '.join(_label(result, s) for s in top)}.")
    v.evidence = {
        s: _series(result, s).loc[start - pd.DateOffset(months=12) : end + pd.DateOffset(months=6)]
        for s in article
        if s in set(frame["series"])
    }
    v.window = (start - pd.DateOffset(months=12), end + pd.DateOffset(months=6))


def op_pct_change(v: Verdict, check: Check, result: Result) -> None:
    """The change from `start` to `end` as a percentage of `start` (the series summed), like for like
    across series breaks; the article's value is in % ("fell 9.3 percent")."""
    monthly = _is_monthly(result, check.series[0])
    start, end = _when(_need(check.start, "a start"), monthly), _when(_need(check.end, "an end"), monthly)
    if start >= end:
        raise ClaimError(f"the start {check.start} is not before the end {check.end}")
    breaks = Breaks.from_frame(result.frame)
    base = moved = 0.0
    evidence = {}
    for name in check.series:
        series = _series(result, name)
        if start not in series.index or end not in series.index:
            raise ClaimError(f"{_label(result, name)} has no figure for {check.start} or {check.end}")
        base += float(series.loc[start])
        moved += _like_for_like(v, result, breaks, series, start, end)
        evidence[name] = series.loc[start - pd.DateOffset(months=12) : end + pd.DateOffset(months=3)]
    if not base:
        raise ClaimError(f"no percentage change from a zero figure ({check.start})")
    official = 100.0 * moved / base
    v.unit = "%"
    v.evidence, v.window = evidence, (start - pd.DateOffset(months=12), end + pd.DateOffset(months=3))
    if not isinstance(check.article, str):
        raise ClaimError("the check needs the article's value as printed")
    article = _number(check.article)
    v.article_text = f"{check.article} %"
    v.official_text = f"{official:+.2f} %"
    v.reasons.append(f"From {_fmt(base, result.series_info(check.series[0]).unit)} in {start:%Y-%m} by "
                     f"{_fmt(moved, result.series_info(check.series[0]).unit, signed=True)} to {end:%Y-%m}.")
    _compare(v, article, official, check.tolerance, 1.0, "%")


OPERATIONS: dict[str, Callable[[Verdict, Check, Result], None]] = {
    "level": op_level,
    "change": op_change,
    "pct_change": op_pct_change,
    "max": lambda v, c, r: _extreme(v, c, r, "max"),
    "min": lambda v, c, r: _extreme(v, c, r, "min"),
    "mean": lambda v, c, r: _extreme(v, c, r, "mean"),
    "total": op_total,
    "highest_since": lambda v, c, r: _since(v, c, r, "high"),
    "lowest_since": lambda v, c, r: _since(v, c, r, "low"),
    "declines": op_declines,
    "decline_streak": op_decline_streak,
    "rank": op_rank,
    "top_buyers": op_top_buyers,
    "net_purchases": op_net_purchases,
}
