"""Units and numbers as articles print them: conversions, precision, and comparing two figures."""

from __future__ import annotations

import math
from decimal import Decimal, InvalidOperation

from data_sources.result import Result

from .model import QUALITATIVE, Check, ClaimError, Verdict

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
    "USD per troy oz": ("USD per troy oz", 1.0),  # the gold price (read from articles by analysis.extract)
}


#: A series' own unit (its catalogue entry) → the unit the article units above convert to, and how
#: many of those one unit of the series is: COFER shares are "% of allocated reserves", SAFE's gold
#: volume is in million troy ounces.
SERIES_UNITS: dict[str, tuple[str, float]] = {
    "% of allocated reserves": ("%", 1.0),
    "% of total reserves": ("%", 1.0),
    "million troy oz": ("tonnes", 1e6 / OUNCES_PER_TONNE),
}


def native_unit(result: Result, series: str | None = None) -> tuple[str, float]:
    """The unit a check's series is in, as the article units name it, and its scale: the series' own
    unit where the dataset mixes units (shares and amounts, tonnes and USD bn), else the dataset's."""
    unit = result.series_info(series).unit if series else result.spec.unit
    return SERIES_UNITS.get(unit, (unit, 1.0))


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
    "USD per troy oz": 0,
}


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


def _fmt(value: float, unit: str, signed: bool = False, decimals: int | None = None) -> str:
    decimals = UNIT_DECIMALS.get(unit, 2) if decimals is None else decimals
    text = f"{value:+,.{decimals}f}" if signed else f"{value:,.{decimals}f}"
    return f"{text} {unit}"


def _shown_decimals(check: Check, unit: str) -> int:
    printed = check.article if isinstance(check.article, str) else None
    return max(UNIT_DECIMALS.get(unit, 2), _decimals(printed) if printed else 0)


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
            v.slip = True


def _article_value(v: Verdict, check: Check, result: Result) -> tuple[float, float, float | None, str]:
    """The article's value and tolerance in the dataset's unit; the factor; the article's unit."""
    if not isinstance(check.article, str):
        raise ClaimError("the check needs the article's value as printed")
    unit = check.unit or result.spec.unit
    if unit not in UNITS:
        raise ClaimError(f"unknown unit {unit!r}")
    native, factor = UNITS[unit]
    series_unit, scale = native_unit(result, check.series[0] if check.series else None)
    if native != series_unit:
        raise ClaimError(f"{unit} does not convert to the series' unit ({series_unit})")
    factor /= scale
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


def chart_unit(series_unit: str, claim_unit: str | None) -> tuple[str, float]:
    """The unit a claim's small chart is drawn in and what to divide the series' values (and marks) by:
    the claim's own unit where it measures the same thing (a claim in ounces is drawn in ounces, not in
    the series' tonnes), else the series' unit. Amounts of money keep the series' unit (a claim in
    trillions is drawn in billions, as the publisher gives them)."""
    native, scale = SERIES_UNITS.get(series_unit, (series_unit, 1.0))
    same = claim_unit in UNITS and UNITS[claim_unit][0] == native
    if native == "tonnes" and same and abs(UNITS[claim_unit or ""][1] - scale) > 1e-12:
        return claim_unit, UNITS[claim_unit][1] / scale
    return series_unit, 1.0
