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

The package: `model` (claims, checks, verdicts), `units` (numbers as printed, conversions,
comparing), `read` (a check's series and dates), `ops` (the operations), `reasons` (computed
reasons); this module evaluates a claim with them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from data_sources.catalogue import CATALOGUE
from data_sources.result import Result

from .model import (
    CLAIMS_FILE,
    COMPUTED_EXPLANATIONS,
    EXPLANATIONS,
    OPS,
    STATUS_LABELS,
    STATUSES,
    Check,
    Claim,
    ClaimError,
    Loader,
    Mark,
    Verdict,
    custom_claim,
    load_claims,
)
from .ops import OPERATIONS
from .read import _label, _maybe
from .reasons import _revision_reason, first_published, revision_sized
from .trades import traded
from .units import UNITS, native_unit

__all__ = [
    "CLAIMS_FILE",
    "COMPUTED_EXPLANATIONS",
    "EXPLANATIONS",
    "OPS",
    "STATUSES",
    "STATUS_LABELS",
    "UNITS",
    "Check",
    "Claim",
    "ClaimError",
    "Loader",
    "Mark",
    "Verdict",
    "custom_claim",
    "evaluate",
    "evaluate_all",
    "load_claims",
    "summary",
]


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
    unit = _unit_of(result, check.series[0] if check.series else None)
    v = Verdict(claim, "differs", source=result.provenance.attribution, unit=unit)
    try:
        OPERATIONS[check.op](v, check, result)
    except ClaimError as exc:
        v.status = "not checkable"
        v.reasons.append(str(exc))
        return v
    if v.status != "matches" and v.status != "not checkable":
        if "revision" in claim.explain and not first_published(v, check, result, published):
            dates = [d for d in (_maybe(check.date, True), _maybe(check.start, True), _maybe(check.end, True)) if d]
            reason = _revision_reason(result, dates, published)
            if reason and not v.slip and revision_sized(v, check):
                v.reasons.insert(0, reason)
                v.status = "revised"
            elif reason:
                v.reasons.append(reason)
        for alt in claim.alternatives:
            alt_v = Verdict(claim, "differs", unit=unit)
            try:
                OPERATIONS[check.op](alt_v, replace(check, series=(alt,)), result)
            except ClaimError:
                continue
            v.reasons.append(f"For comparison, {_label(result, alt)} in the same window: {alt_v.official_text}.")
        v.reasons += [EXPLANATIONS[key] for key in claim.explain if key in EXPLANATIONS]
    _say_what_was_traded(v, check, load)
    return v


def _say_what_was_traded(v: Verdict, check: Check, load: Loader) -> None:
    """A holdings change is not a trade: beside a claim about one, what TIC says was bought or sold."""
    flows = CATALOGUE[check.dataset].traded_in if check.dataset in CATALOGUE else None
    if v.status == "not checkable" or flows is None:
        return
    try:
        said = traded(v, check, load(flows))
    except (KeyError, LookupError, ClaimError):
        return
    if said:
        v.reasons.append(said)


def _unit_of(result: Result, series: str | None) -> str:
    """The unit a verdict's figures are said in: its series' (a dataset of shares and amounts has no
    one unit), as the article units name it."""
    try:
        native, scale = native_unit(result, series) if series else (result.spec.unit, 1.0)
    except LookupError:
        return result.spec.unit
    return next((u for u, (n, f) in UNITS.items() if n == native and abs(f - scale) < 1e-9), native)


def evaluate_all(claims: Sequence[Claim], load: Loader, published: str | None = None) -> list[Verdict]:
    return [evaluate(c, load, published) for c in claims]


def summary(verdicts: Sequence[Verdict]) -> dict[str, int]:
    counts = dict.fromkeys(STATUSES, 0)
    for v in verdicts:
        counts[v.status] += 1
    return counts
