"""Check an article's text: extract its claims, evaluate each with the verdict engine, serialise.

`check_text(text, published, load)` → one `FoundClaim` per figure (and per "since …" claim);
`to_dict(found, published, versions)` → the API's JSON shape; `validate(text, published)` raises
`InputError` with a reader-facing message for empty, too long or undated input.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from analysis.verdicts import Claim, Loader, Verdict, evaluate

from .mapping import Mapped, extract

MAX_CHARS = 20_000
#: Builds the `chart` link of a checked claim (a relative URL of the topic page set to its series and
#: period). Passed in by the caller (`views.links.chart_link` with a loader): analysis never imports
#: the layers above it.
Link = Callable[[Verdict], str | None]


class InputError(ValueError):
    """Text or date a check cannot start from; the message is for the reader."""


@dataclass(frozen=True)
class FoundClaim:
    span: tuple[int, int]
    number: str  # as printed
    value: float  # in the article's unit, signed for a change
    unit: str
    subject: str
    dataset: str | None
    series: tuple[str, ...]
    op: str | None
    date: str | None
    start: str | None
    end: str | None
    official: float | None  # in the dataset's unit
    verdict: str
    reason: str
    chart: str | None
    sentence: tuple[int, int] = (0, 0)


def validate(text: object, published: object) -> tuple[str, date]:
    """(text, publication date) checked; `published` may be a date or 'YYYY-MM-DD' text."""
    if not isinstance(text, str) or not text.strip():
        raise InputError("No text: paste the article's text to check.")
    if len(text) > MAX_CHARS:
        raise InputError(f"The text is {len(text):,} characters long; at most {MAX_CHARS:,} can be checked at once.")
    if isinstance(published, date):
        return text, published
    if not isinstance(published, str):
        raise InputError("No publication date: give it as YYYY-MM-DD.")
    try:
        when = date.fromisoformat(published.strip())
    except ValueError:
        raise InputError(f"Not a date: {published!r}; give the publication date as YYYY-MM-DD.") from None
    if not date(1950, 1, 1) <= when <= date(2100, 12, 31):
        raise InputError(f"The publication date {when} is out of range.")
    return text, when


def _found(m: Mapped, verdict: Verdict | None, chart: str | None) -> FoundClaim:
    check = verdict.claim.check if verdict is not None and verdict.claim.check is not None else m.check
    if verdict is None or check is None:
        return FoundClaim(m.span, m.printed, m.value, m.unit, m.subject, None, (), None, None, None, None, None,
                          "not checkable", m.reason, None, m.sentence)
    reason = " ".join(verdict.reasons) if verdict.reasons else (
        f"Official: {verdict.official_text}." if verdict.official_text else "")
    return FoundClaim(m.span, m.printed, m.value, m.unit, m.subject, check.dataset, check.series, check.op,
                      check.date, check.start, check.end, verdict.official, verdict.status, reason, chart, m.sentence)


def _once(load: Loader) -> Loader:
    """`load` asked once per dataset for one article: every claim is checked against the same data, and a
    1,000-word article reads each dataset once, not once per figure."""
    loaded: dict[str, Any] = {}

    def once(name: str) -> Any:
        if name not in loaded:
            loaded[name] = load(name)
        return loaded[name]

    return once


def _evaluate(m: Mapped, text: str, published: date, load: Loader) -> Verdict:
    """The verdict on a mapped claim; its fallbacks in turn while a check finds no official figure. A
    month between two reported ones (a quarterly series, a gap) has no official figure: no verdict."""
    verdict = None
    for check in (m.check, *m.fallbacks):
        assert check is not None
        claim = Claim(id=f"c{m.span[0]}", topic=check.dataset, quote=text[m.sentence[0]:m.sentence[1]].strip(),
                      check=check, explain=m.explain)
        verdict = evaluate(claim, load, f"{published:%Y-%m-%d}")
        if verdict.official is None and verdict.reasons and verdict.reasons[0].startswith("No figure for"):
            verdict.status = "not checkable"  # between two reported months: nothing to compare with
            verdict.reasons.insert(0, "No official figure for that month here (the series is reported "
                                      "quarterly there, or has a gap).")
        if verdict.status != "not checkable" or not m.fallbacks:
            return verdict
    assert verdict is not None
    return verdict


def check_text(text: str, published: date, load: Loader, link: Link | None = None) -> list[FoundClaim]:
    """Every figure of an article with its verdict against the official data `load` returns; each
    checked claim's `chart` is `link(verdict)` (None without `link`)."""
    text, published = validate(text, published)
    load = _once(load)
    out = []
    for m in extract(text, published):
        if m.check is None:
            out.append(_found(m, None, None))
            continue
        verdict = _evaluate(m, text, published, load)
        linked = link is not None and verdict.status != "not checkable"
        out.append(_found(m, verdict, link(verdict) if linked else None))
    return out


def data_versions(found: Sequence[FoundClaim], load: Loader) -> dict[str, str]:
    versions = {}
    for name in sorted({f.dataset for f in found if f.dataset}):
        try:
            versions[name] = load(name).provenance.vintage
        except (KeyError, LookupError):
            continue
    return versions


def to_dict(found: Sequence[FoundClaim], published: date, versions: dict[str, str]) -> dict[str, Any]:
    """The API's response body (`POST /api/v1/check`)."""
    return {
        "claims": [
            {"span": list(f.span), "number": f.number, "value": f.value, "unit": f.unit, "subject": f.subject,
             "dataset": f.dataset, "series": list(f.series), "op": f.op, "date": f.date, "start": f.start,
             "end": f.end, "official": f.official, "verdict": f.verdict, "reason": f.reason, "chart": f.chart}
            for f in found
        ],
        "published": f"{published:%Y-%m-%d}",
        "data_versions": dict(versions),
    }
