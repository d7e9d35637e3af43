"""Reasons computed from the data and its provenance: revisions, the last move, series breaks."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import numpy as np
import pandas as pd

from data_sources.first_published import Release, tic_releases
from data_sources.result import Result

from ..breaks import Breaks
from .model import Check, ClaimError, Verdict
from .read import _label
from .units import UNITS, _decimals

#: A level further than this share from today's figure is not explained by a revision alone when no
#: release of the article's day is at hand: it stays "differs" (with the revision noted).
REVISION_SIZED = 0.10


def _revision_reason(result: Result, dates: Sequence[pd.Timestamp], published: str | None) -> str | None:
    revisions = result.provenance.notes.get("revisions", {})
    if not revisions or not published:
        return None
    article_month = pd.Timestamp(published[:7] + "-01") + pd.offsets.MonthEnd(0)
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


def revision_sized(v: Verdict, check: Check) -> bool:
    """Whether the gap between the article and today's figure is of a size a revision makes (a level
    within REVISION_SIZED of it; a percentage change of the same sign within a point or half of it;
    any change in amount, since revised levels move changes freely)."""
    if v.official is None or v.article is None or check.op not in ("level", "pct_change"):
        return True
    if check.op == "pct_change":  # a revision moves a percentage change a little, never across zero
        return v.article * v.official > 0 and abs(v.article - v.official) <= max(1.0, 0.5 * abs(v.official))
    return abs(v.article - v.official) <= REVISION_SIZED * abs(v.official)


def _release_of_the_day(check: Check, published: str) -> tuple[Release, float] | None:
    """The latest TIC release out on the article's date that gives the check's figure, and that figure."""
    try:
        when = date.fromisoformat(published[:10])
    except ValueError:
        return None
    months = [check.date] if check.op == "level" else [check.start, check.end]
    if any(m is None for m in months):
        return None
    for release in reversed([r for r in tic_releases() if r.released <= when]):
        got = [[release.get(s, str(m)[:7]) for m in months] for s in check.series]
        if any(x is None for row in got for x in row):
            continue
        rows = [[float(x) for x in row if x is not None] for row in got]
        value = sum(row[0] for row in rows) if check.op == "level" else sum(row[1] - row[0] for row in rows)
        return release, value
    return None


def first_published(v: Verdict, check: Check, result: Result, published: str | None) -> bool:
    """The article against the figure of its day, where we hold that release: equal to it → "matches
    as first published; revised since to …"; not equal to it either → "differs" (no revision explains
    it). False where no release of the article's day is at hand (Treasury holdings only)."""
    if (check.dataset != "treasury_holdings" or check.op not in ("level", "change") or not published
            or len(published) < 10 or v.article is None or v.official is None or not isinstance(check.article, str)
            or check.unit not in UNITS):
        return False
    found = _release_of_the_day(check, published)
    if found is None:
        return False
    release, then = found
    if abs(then - v.official) < 1e-6:
        return False  # the figure was not revised since: nothing to add
    factor = UNITS[check.unit][1]
    rounding = 0.5 * 10 ** -_decimals(check.article) * factor
    tolerance = (check.tolerance or 0.0) * factor
    gap = abs(then - v.article)
    revised = _revision_reason(result, [pd.Timestamp(str(d)[:7] + "-01") for d in (check.date, check.end) if d],
                               release.released.isoformat())
    since = f" ({revised.split(', after the article')[0]})" if revised else ""
    said = f"{release.label} gave {then:,.1f} USD bn; revised since to {v.official:,.1f} USD bn{since}."
    if gap <= rounding + 1e-9:
        v.status = "matches"
        v.reasons.insert(0, f"Matches as first published; {said}")
    elif gap <= tolerance + 1e-9:
        v.status = "close"
        v.reasons.insert(0, f"Close to the figure first published: {said}")
    else:
        v.status = "differs"
        v.reasons.insert(0, f"Differs from the figure of the article's day too: {said}")
    return True


def _last_step(v: Verdict, series: pd.Series, end: pd.Timestamp, direction: int, label: str | None,
               breaks: Breaks | None = None) -> None:
    """When a claimed rise (or fall) did not happen in the window: when did it last happen? (A
    series break's re-base is no rise or fall: its step is measured like for like, or skipped.)"""
    if direction == 0:
        return
    steps = series.diff()
    for brk in (breaks or Breaks())[str(series.name)]:
        if brk.date in steps.index:
            steps.loc[brk.date] = np.nan if brk.jump is None else steps.loc[brk.date] - brk.jump
    steps = steps.loc[:end]
    moves = steps[steps * direction > 0]
    if moves.empty:
        return
    last = moves.index[-1]
    unit = "%" if v.unit == "%" else f" {v.unit}"
    before, after = float(series.shift(1).loc[last]), float(series.loc[last])
    v.reasons.append(f"The last {'rise' if direction > 0 else 'fall'} before {label}: {last:%Y-%m-%d}, from "
                     f"{before:,.2f}{unit} to {after:,.2f}{unit}.")


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
