"""The verdict engine: a claim's computable check, evaluated against the loaded official data.

A check names a dataset, series, an operation (OPS) and its dates, and the article's value as
printed with its unit. The engine computes the official figure, converts units, and decides:

* matches  — equal within the article's own rounding (half a unit of its last printed digit);
* close    — within the check's tolerance;
* differs  — further off (or, for qualitative and list claims, not the same);
* not checkable — our sources cannot speak to it, or the data does not cover it.

Every reason shown with a verdict is computed from the data and its provenance (revision dates,
reporting frequency, a factor-of-ten slip, what related series did); the hand-written
EXPLANATIONS are attached only when the figures do differ.
"""

from __future__ import annotations

import math
import tomllib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import pandas as pd

from data_sources.result import Result

from . import series as series_ops
from .breaks import Breaks

CLAIMS_FILE = Path(__file__).with_name("article_claims.toml")
STATUSES = ("matches", "close", "differs", "not checkable")
OUNCES_PER_TONNE = 32_150.7466

#: Article units → (the dataset unit they convert to, factor).
UNITS: dict[str, tuple[str, float]] = {
    "USD bn": ("USD bn", 1.0),
    "USD trn": ("USD bn", 1000.0),
    "USD 100m": ("USD bn", 0.1),  # 億ドル
    "USD m": ("USD bn", 0.001),
    "tonnes": ("tonnes", 1.0),
    "m oz": ("tonnes", 1e6 / OUNCES_PER_TONNE),
    "oz": ("tonnes", 1 / OUNCES_PER_TONNE),
    "JPY bn": ("JPY bn", 1.0),
    "JPY trn": ("JPY bn", 1000.0),
    "JPY 100m": ("JPY bn", 0.1),  # 億円
    "JPY per USD": ("JPY per USD", 1.0),
    "%": ("%", 1.0),
}
QUALITATIVE = {"up": 1, "rising": 1, "positive": 1, "down": -1, "falling": -1, "negative": -1, "flat": 0}
#: Operations and what each needs besides dataset and series.
OPS: dict[str, str] = {
    "level": "the value at a date (a month for monthly data)",
    "change": "end minus start, summed across series",
    "max": "the highest value in a window",
    "min": "the lowest value in a window",
    "mean": "the average over a window",
    "total": "the sum of values in a window (e.g. intervention amounts)",
    "highest_since": "the last earlier date with a value at least as high",
    "lowest_since": "the last earlier date with a value at most as low",
    "declines": "the months in a window whose value fell",
    "decline_streak": "consecutive months of decline up to a date",
    "rank": "rank among all countries at a date",
    "top_buyers": "the largest increases over a window",
}
#: Computed reasons a claim can ask for ("revision": the source revised the period after the article).
COMPUTED_EXPLANATIONS = frozenset({"revision"})
#: Known reasons a quoted figure can differ, shown only when it does.
EXPLANATIONS = {
    "noon-rate": "FRED's DEXJPUS is the noon buying rate in New York: intraday highs and lows (in Tokyo, say) "
    "can lie beyond it — on 2024-04-29 USD/JPY traded above 160 in Asian hours.",
    "wgc-estimate": "Figures like this are often the World Gold Council's estimates of central-bank purchases, "
    "which include buying that is not reported; the IMF figures here are what each central bank "
    "itself reported.",
    "custody": "TIC counts Treasuries by where they are held in custody, so a country's line can include other "
    "countries' holdings (the UK and Belgium hold for many) and miss some of its own.",
    "valuation": "Bonds and notes are counted at market value: holdings fall when bond prices fall, without any "
    "selling.",
}


class ClaimError(ValueError):
    """A check that cannot be evaluated as written (unknown op, missing dates, bad value)."""


@dataclass(frozen=True)
class Check:
    dataset: str
    series: tuple[str, ...]
    op: str
    date: str | None = None
    start: str | None = None
    end: str | None = None
    article: str | tuple[str, ...] | None = None
    unit: str | None = None
    tolerance: float | None = None  # in the article's unit
    tolerance_months: int = 0
    expect: str | None = None  # a qualitative claim: up / down / flat (rising, falling, positive…)
    says: str | None = None  # how to show a qualitative claim
    direction: str | None = None  # filter on a 'direction' column (interventions)

    @staticmethod
    def from_dict(raw: Mapping[str, Any]) -> Check:
        article = raw.get("article")
        return Check(
            dataset=str(raw["dataset"]),
            series=tuple(raw["series"]),
            op=str(raw["op"]),
            date=raw.get("date"),
            start=raw.get("start"),
            end=raw.get("end"),
            article=tuple(str(a) for a in article)
            if isinstance(article, list)
            else (None if article is None else str(article)),
            unit=raw.get("unit"),
            tolerance=raw.get("tolerance"),
            tolerance_months=int(raw.get("tolerance_months", 0)),
            expect=raw.get("expect"),
            says=raw.get("says"),
            direction=raw.get("direction"),
        )


@dataclass(frozen=True)
class Claim:
    id: str
    topic: str
    quote: str
    check: Check | None = None
    note: str = ""
    not_checkable: str | None = None
    explain: tuple[str, ...] = ()
    alternatives: tuple[str, ...] = ()


@dataclass(frozen=True)
class Mark:
    """Something to draw on a claim's small chart: a point, or a date to highlight."""

    x: pd.Timestamp
    y: float | None
    label: str
    kind: str = "article"  # "article" (the claimed value) or "official"


@dataclass
class Verdict:
    claim: Claim
    status: str
    article_text: str = ""
    official_text: str = ""
    official: float | None = None
    article: float | None = None
    difference: float | None = None
    reasons: list[str] = field(default_factory=list)
    evidence: dict[str, pd.Series] = field(default_factory=dict)
    marks: list[Mark] = field(default_factory=list)
    window: tuple[pd.Timestamp, pd.Timestamp] | None = None
    unit: str = ""
    source: str = ""
    decimals: int | None = None  # how precisely to print figures in the article's unit
    change_from: pd.Timestamp | None = None  # a claimed change: its start, so the chart draws the change


Loader = Callable[[str], Result]


# -- loading the claims -------------------------------------------------------------------------


def load_claims(path: Path = CLAIMS_FILE) -> tuple[dict[str, Any], list[Claim]]:
    with path.open("rb") as handle:
        raw = tomllib.load(handle)
    claims = [
        Claim(
            id=c["id"],
            topic=c["topic"],
            quote=c["quote"],
            note=c.get("note", ""),
            check=Check.from_dict(c["check"]) if "check" in c else None,
            not_checkable=c.get("not_checkable"),
            explain=tuple(c.get("explain", ())),
            alternatives=tuple(c.get("alternatives", ())),
        )
        for c in raw["claim"]
    ]
    return raw.get("article", {}), claims


# -- helpers --------------------------------------------------------------------------------------


def _is_monthly(result: Result, series: str | None = None) -> bool:
    frequency = result.series_info(series).frequency if series else result.spec.frequency
    return frequency not in ("daily", "event")


def _when(text: str, monthly: bool) -> pd.Timestamp:
    """'2024-04' → the month end (monthly data) or the month's first day (daily data); a full date as is."""
    try:
        when = pd.Timestamp(text + "-01") if len(text) == 7 else pd.Timestamp(text)
    except ValueError:
        raise ClaimError(f"not a date: {text!r}") from None
    if len(text) == 7 and monthly:
        return when + pd.offsets.MonthEnd(0)
    return when


def _window_end(text: str, monthly: bool) -> pd.Timestamp:
    when = _when(text, monthly)
    return when + pd.offsets.MonthEnd(0) if len(text) == 7 else when


def _decimals(printed: str) -> int:
    try:
        parsed = Decimal(printed)
    except InvalidOperation:
        raise ClaimError(f"not a number: {printed!r}") from None
    if not parsed.is_finite():
        raise ClaimError(f"not a finite number: {printed!r}")
    return max(0, -int(parsed.as_tuple().exponent))


def _number(printed: str) -> float:
    try:
        value = float(Decimal(printed))
    except InvalidOperation:
        raise ClaimError(f"not a number: {printed!r}") from None
    if not math.isfinite(value):
        raise ClaimError(f"not a finite number: {printed!r}")
    return value


#: Decimals to show per unit, at least; more if the article printed more.
UNIT_DECIMALS = {
    "USD bn": 1,
    "USD trn": 3,
    "USD 100m": 2,
    "USD m": 0,
    "tonnes": 1,
    "m oz": 2,
    "oz": 0,
    "JPY bn": 1,
    "JPY trn": 2,
    "JPY 100m": 0,
    "JPY per USD": 2,
    "%": 2,
}


def _fmt(value: float, unit: str, signed: bool = False, decimals: int | None = None) -> str:
    decimals = UNIT_DECIMALS.get(unit, 2) if decimals is None else decimals
    text = f"{value:+,.{decimals}f}" if signed else f"{value:,.{decimals}f}"
    return f"{text} {unit}"


def _shown_decimals(check: Check, unit: str) -> int:
    printed = check.article if isinstance(check.article, str) else None
    return max(UNIT_DECIMALS.get(unit, 2), _decimals(printed) if printed else 0)


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


def _factor_slip(article: float, official: float) -> str | None:
    """'about 10× the official figure' when the two differ by a power of ten (a unit or decimal slip)."""
    if not article or not official or (article > 0) != (official > 0):
        return None
    ratio = abs(article / official)
    k = round(math.log10(ratio))
    if k != 0 and abs(ratio / 10**k - 1) < 0.05:
        return (
            f"The article's figure is about {10**k:g}× the official one: a misplaced decimal point or a "
            "slip between units (billions, trillions, hundreds of millions) would explain it."
        )
    return None


def _revision_reason(result: Result, dates: Sequence[pd.Timestamp], published: str | None) -> str | None:
    revisions = result.provenance.notes.get("revisions", {})
    if not revisions or not published:
        return None
    article_month = pd.Timestamp(published + "-01") + pd.offsets.MonthEnd(0)
    later = []
    for year in sorted({d.year for d in dates}):
        when = revisions.get(str(year))
        if when and pd.Timestamp(when) > article_month:
            later.append(f"{year} on {pd.Timestamp(when):%d %B %Y}")
    if not later:
        return None
    prov = result.provenance
    retrieved = f"{prov.retrieved_at:%Y-%m-%d}" if prov.retrieved_at else "unknown"
    return (
        f"Treasury revised its figures for {', '.join(later)}, after the article ({published}); the article "
        f"quotes an earlier release. The official figure here is from the release retrieved {retrieved} "
        f"(vintage {prov.vintage})."
    )


def _compare(
    v: Verdict, article_native: float, official: float, tol_native: float | None, factor: float, unit: str
) -> None:
    """matches within the article's rounding, close within the tolerance, else differs."""
    printed = v.claim.check.article  # type: ignore[union-attr]
    assert isinstance(printed, str)
    rounding = 0.5 * 10 ** -_decimals(printed) * factor
    diff = official - article_native
    v.official, v.article, v.difference = official, article_native, diff
    if abs(diff) <= rounding + 1e-9 * max(1.0, abs(official)):
        v.status = "matches"
    elif tol_native is not None and abs(diff) <= tol_native + 1e-9:
        v.status = "close"
    else:
        v.status = "differs"
    if v.status != "matches":
        v.reasons.append(
            f"Official {_fmt(official / factor, unit, decimals=v.decimals)} against the article's {printed} {unit}: "
            f"a difference of {_fmt(diff / factor, unit, signed=True, decimals=v.decimals)}."
        )
        slip = _factor_slip(article_native, official)
        if slip:
            v.reasons.append(slip)


# -- operations -----------------------------------------------------------------------------------


def evaluate(claim: Claim, load: Loader, published: str | None = None) -> Verdict:
    """The verdict on one claim, computed from the data `load` returns."""
    if claim.check is None:
        return Verdict(claim, "not checkable", reasons=[claim.not_checkable or "No check is defined."])
    check = claim.check
    try:
        result = load(check.dataset)
    except (KeyError, LookupError) as exc:
        return Verdict(claim, "not checkable", reasons=[f"No data: {exc}"])
    if check.op not in OPS:
        raise ClaimError(f"unknown op {check.op!r}; known: {', '.join(OPS)}")
    v = Verdict(claim, "differs", source=result.provenance.attribution, unit=result.spec.unit)
    try:
        OPERATIONS[check.op](v, check, result)
    except ClaimError as exc:
        v.status = "not checkable"
        v.reasons.append(str(exc))
        return v
    if v.status != "matches" and v.status != "not checkable":
        if "revision" in claim.explain:
            dates = [d for d in (_maybe(check.date, True), _maybe(check.start, True), _maybe(check.end, True)) if d]
            reason = _revision_reason(result, dates, published)
            if reason:
                v.reasons.append(reason)
        for alt in claim.alternatives:
            alt_v = Verdict(claim, "differs", unit=result.spec.unit)
            try:
                OPERATIONS[check.op](alt_v, replace(check, series=(alt,)), result)
            except ClaimError:
                continue
            v.reasons.append(f"For comparison, {_label(result, alt)} in the same window: {alt_v.official_text}.")
        v.reasons += [EXPLANATIONS[key] for key in claim.explain if key in EXPLANATIONS]
    return v


def _maybe(text: str | None, monthly: bool) -> pd.Timestamp | None:
    return _when(text, monthly) if text else None


def _need(value: str | None, what: str) -> str:
    if not value:
        raise ClaimError(f"the check needs {what}")
    return value


def _article_value(v: Verdict, check: Check, result: Result) -> tuple[float, float, float | None, str]:
    """The article's value and tolerance in the dataset's unit; the factor; the article's unit."""
    if not isinstance(check.article, str):
        raise ClaimError("the check needs the article's value as printed")
    unit = check.unit or result.spec.unit
    if unit not in UNITS:
        raise ClaimError(f"unknown unit {unit!r}")
    native, factor = UNITS[unit]
    if native != result.spec.unit:
        raise ClaimError(f"{unit} does not convert to the dataset's unit ({result.spec.unit})")
    value = _number(check.article) * factor
    tolerance = None if check.tolerance is None else float(check.tolerance) * factor
    v.article_text = f"{check.article} {unit}"
    v.decimals = _shown_decimals(check, unit)
    return value, factor, tolerance, unit


def _qualitative(v: Verdict, check: Check, official: float, what: str, threshold: float = 1e-9) -> None:
    expected = QUALITATIVE.get((check.expect or "").lower())
    if expected is None:
        raise ClaimError(f"unknown expectation {check.expect!r}")
    actual = 1 if official > threshold else -1 if official < -threshold else 0
    v.article_text = check.says or check.expect or ""
    v.official = official
    v.status = "matches" if actual == expected else "differs"
    word = {1: "rose", -1: "fell", 0: "did not change"}[actual]
    v.reasons.insert(0, f"{what} {word}: {_fmt(official, v.unit, signed=True)}.")


def op_level(v: Verdict, check: Check, result: Result) -> None:
    monthly = _is_monthly(result, check.series[0])
    when = _when(_need(check.date, "a date"), monthly)
    name = check.series[0]
    series = _series(result, name)
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


def _last_step(v: Verdict, series: pd.Series, end: pd.Timestamp, direction: int, label: str | None) -> None:
    """When a claimed rise (or fall) did not happen in the window: when did it last happen?"""
    if direction == 0:
        return
    steps = series.diff().loc[:end]
    moves = steps[steps * direction > 0]
    if moves.empty:
        return
    last = moves.index[-1]
    unit = "%" if v.unit == "%" else f" {v.unit}"
    before, after = float(series.shift(1).loc[last]), float(series.loc[last])
    v.reasons.append(f"The last {'rise' if direction > 0 else 'fall'} before {label}: {last:%Y-%m-%d}, from "
                     f"{before:,.2f}{unit} to {after:,.2f}{unit}.")


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
            _last_step(v, _series(result, check.series[0]), end, QUALITATIVE[check.expect.lower()], check.end)
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


def _like_for_like(v: Verdict, result: Result, breaks: Breaks, series: pd.Series, start: pd.Timestamp,
                   end: pd.Timestamp) -> float:
    """The change from `start` to `end`, like for like across series breaks; a change across a
    break with no old-basis figure cannot be stated, so it is no claim to check."""
    label, published = _label(result, str(series.name)), float(series.loc[end]) - float(series.loc[start])
    crossed = breaks.within(str(series.name), start, end)
    moved = breaks.series_change(series, start, end)
    if moved is None:
        gap = next(b for b in crossed if b.jump is None)
        raise ClaimError(f"{label} changes basis between {start:%Y-%m} and {end:%Y-%m} ({gap.label}: {gap.note}); "
                         "Treasury gives no like-for-like figure, so no change across it can be stated.")
    if crossed:
        v.reasons.append(
            f"{label} changes basis in between ({'; '.join(f'{b.label}: {b.note}' for b in crossed)}). The published "
            f"levels differ by {published:+,.1f}, of which {published - moved:+,.1f} is the re-basing: like for "
            f"like the change is {moved:+,.1f}.")
    return moved


def _window(check: Check, result: Result) -> tuple[pd.Timestamp, pd.Timestamp, pd.Series]:
    monthly = _is_monthly(result, check.series[0])
    start = _when(_need(check.start, "a start"), monthly)
    end = _window_end(_need(check.end, "an end"), monthly)
    if start > end:
        raise ClaimError(f"the start {check.start} is after the end {check.end}")
    series = _series(result, check.series[0], check.direction)
    return start, end, series


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


OPERATIONS: dict[str, Callable[[Verdict, Check, Result], None]] = {
    "level": op_level,
    "change": op_change,
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
}


#: How a reader's own claim reads back, per operation.
SENTENCES = {
    "level": "{series} was {value} in {at}.",
    "change": "{series} changed by {value} from {start} to {end}.",
    "max": "{series} peaked at {value} between {start} and {end}.",
    "min": "{series} bottomed at {value} between {start} and {end}.",
    "mean": "{series} averaged {value} between {start} and {end}.",
    "highest_since": "In {at}, {series} was the highest since {value}.",
    "lowest_since": "In {at}, {series} was the lowest since {value}.",
    "declines": "{series} fell in {value}, between {start} and {end}.",
}


def custom_claim(dataset: str, series: str, op: str, start: str, end: str, value: str, unit: str,
                 title: str) -> Claim:
    """A reader's own claim, as the page's form (and URL) states it. It counts as close within 2%
    of the value typed, or 12 months for 'since' checks."""
    start, end, value = start.strip()[:10], end.strip()[:10], value.strip()[:60]
    single_date = op == "level" or op.endswith("_since")
    unitless = op in ("declines", "highest_since", "lowest_since")
    article: str | tuple[str, ...] = tuple(x.strip() for x in value.split(",")) if op == "declines" else value
    try:
        tolerance = None if unitless else abs(float(value)) * 0.02
    except ValueError:
        tolerance = None
    check = Check(dataset=dataset, series=(series,), op=op, date=(start or end) if single_date else None,
                  start=None if single_date else start, end=None if single_date else end, article=article,
                  unit=None if unitless else unit, tolerance=tolerance,
                  tolerance_months=12 if op.endswith("_since") else 0)
    quote = SENTENCES[op].format(series=title, at=start or end, start=start, end=end,
                                 value=f"{value}{'' if unitless else ' ' + unit}")
    return Claim(id="custom", topic="custom", quote=quote, check=check, explain=("revision",))


def evaluate_all(claims: Sequence[Claim], load: Loader, published: str | None = None) -> list[Verdict]:
    return [evaluate(c, load, published) for c in claims]


def summary(verdicts: Sequence[Verdict]) -> dict[str, int]:
    counts = dict.fromkeys(STATUSES, 0)
    for v in verdicts:
        counts[v.status] += 1
    return counts
