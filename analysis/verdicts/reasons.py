"""Reasons computed from the data and its provenance: revisions, the last move, series breaks."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from data_sources.result import Result

from ..breaks import Breaks
from .model import ClaimError, Verdict
from .read import _label


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
