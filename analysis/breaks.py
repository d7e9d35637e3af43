"""Series breaks: where a series changes basis, and changes measured like for like across them.

A break is the first month of a new basis (TIC re-bases holdings at each annual survey, changed
how it measures them in December 2011, and Table 5 defines "All Other" differently from mfhhis01).
The level is what the publisher says; a change across a break is not a movement. Where the file
gives the break month's figure on the old basis too, the change is measured like for like
(the re-base's jump taken out); otherwise it is left blank, with the reason.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from data_sources.sources.tic import BREAK_KINDS

__all__ = ["BREAK_KINDS", "Break", "Breaks"]


@dataclass(frozen=True)
class Break:
    series: str
    date: pd.Timestamp  # the first month on the new basis
    kind: str  # a key of BREAK_KINDS
    note: str  # why, citing the publisher's footnote
    jump: float | None  # the month's figure on the new basis minus on the old; None: no old-basis figure

    @property
    def label(self) -> str:
        """'survey re-base of 2011-06'."""
        return f"{BREAK_KINDS.get(self.kind, self.kind)} of {self.date:%Y-%m}"

    @property
    def like_for_like(self) -> bool:
        return self.jump is not None


class Breaks(Mapping[str, tuple[Break, ...]]):
    """Every break of a dataset, by series; empty for datasets without breaks."""

    def __init__(self, items: Iterable[Break] = ()) -> None:
        by: dict[str, list[Break]] = {}
        for item in sorted(items, key=lambda b: (b.series, b.date)):
            by.setdefault(item.series, []).append(item)
        self._by = {name: tuple(found) for name, found in by.items()}

    @classmethod
    def from_frame(cls, frame: pd.DataFrame) -> Breaks:
        """The breaks a tidy frame marks (`break_kind`, `old_basis`, `note` columns)."""
        if "break_kind" not in frame.columns:
            return cls()
        rows = frame[frame["break_kind"].isin(list(BREAK_KINDS))]  # "", None, NaN: no break
        return cls(Break(str(r.series), pd.Timestamp(r.date), str(r.break_kind), str(r.note),
                         None if pd.isna(r.old_basis) else float(r.value) - float(r.old_basis))
                   for r in rows.itertuples(index=False))

    def __getitem__(self, name: str) -> tuple[Break, ...]:
        return self._by.get(name, ())

    def __iter__(self) -> Iterator[str]:
        return iter(self._by)

    def __len__(self) -> int:
        return len(self._by)

    def __hash__(self) -> int:
        return hash(tuple((n, b) for n, bs in self._by.items() for b in bs))

    def within(self, name: str, start: pd.Timestamp, end: pd.Timestamp) -> tuple[Break, ...]:
        """`name`'s breaks a change from `start` to `end` crosses (start < date <= end)."""
        return tuple(b for b in self[name] if start < b.date <= end)

    def shown(self, names: Iterable[str], start: pd.Timestamp, end: pd.Timestamp) -> list[Break]:
        """The breaks to mark on a chart of `names` from `start` to `end`."""
        return [b for n in names for b in self[n] if start < b.date <= end]

    def change(self, table: pd.DataFrame, months: int) -> pd.DataFrame:
        """Change over `months` calendar months of a wide monthly table (complete calendar), like for
        like across breaks; blank across a break with no old-basis figure. `attrs["notes"]` lists
        every cell that crossed a break: (date, series, note)."""
        out = table - table.shift(months)
        notes: list[tuple[pd.Timestamp, str, str]] = []
        for name in table.columns:
            for brk in self[name]:
                window = (out.index >= brk.date) & (out.index < brk.date + pd.offsets.MonthEnd(months))
                if not window.any():
                    continue
                crossed = out.index[window & out[name].notna().to_numpy()]
                if brk.jump is None:
                    out.loc[window, name] = np.nan
                    verb = "left blank: no like-for-like figure across the"
                else:
                    out.loc[window, name] = out.loc[window, name] - brk.jump
                    verb = "measured like for like across the"
                notes += [(day, str(name), f"{verb} {brk.label} ({brk.note})") for day in crossed]
        out.attrs["notes"] = notes
        return out

    def between(self, table: pd.DataFrame, start: pd.Timestamp, end: pd.Timestamp) -> pd.Series:
        """Each column's change from `start` to `end`, like for like across breaks (NaN where a
        break in between has no old-basis figure, or either end is missing)."""
        delta = table.loc[end] - table.loc[start]
        for name in table.columns:
            crossed = self.within(name, start, end)
            if any(b.jump is None for b in crossed):
                delta[name] = np.nan
            elif crossed:
                delta[name] = delta[name] - sum(b.jump for b in crossed if b.jump is not None)
        return delta

    def series_change(self, series: pd.Series, start: pd.Timestamp, end: pd.Timestamp) -> float | None:
        """One series' change from `start` to `end` (both in its index), like for like; None where
        a break in between has no old-basis figure."""
        crossed = self.within(str(series.name), start, end)
        if any(b.jump is None for b in crossed):
            return None
        return float(series.loc[end]) - float(series.loc[start]) - sum(b.jump or 0.0 for b in crossed)


def summary(breaks: Breaks) -> str:
    """'Marked: 344 survey re-bases, 41 definition changes, …' for a page's notes."""
    counts: dict[str, int] = {}
    for name in breaks:
        for brk in breaks[name]:
            counts[brk.kind] = counts.get(brk.kind, 0) + 1
    if not counts:
        return ""
    parts = [f"{n:,} {BREAK_KINDS.get(k, k)}{'s' if n != 1 else ''}" for k, n in sorted(counts.items(),
                                                                                         key=lambda kv: -kv[1])]
    return f"Marked in this release: {', '.join(parts)} (by holder and month)."
