"""The contract between a chart builder and what reads its figure back: each trace's `meta`.

The CSV export (`charts.export`), the alt text (`charts.alt`), the link preview and the claim stills
(`web.preview`, `charts.still`) read a figure, not the data it was drawn from; what they need to know
of a trace beyond plotly's own fields travels in its `meta`, built by `trace_meta` and read by
`meta_of`, never as a dict literal (a misspelt key would silently change an export).
"""

from __future__ import annotations

from typing import Any, TypedDict


class TraceMeta(TypedDict, total=False):
    series: str  # the dataset's series id the trace draws (a title can change; the id does not)
    column: str  # the export's column name, when not the trace's name (+ unit)
    unit: str  # the values' unit, when not the axis title's
    decimals: int  # as the publisher gives them: exports and previews round to this
    export: bool  # False: drawn, but no data of its own (a gap's dotted bridge, a hover layer)
    notes: bool  # its `text` holds per-point notes the export lists
    spikes: bool  # drawn as one path of spikes (base, top, base per value): the export reads the tops


KEYS = frozenset(TraceMeta.__annotations__)


def trace_meta(*, series: str | None = None, column: str | None = None, unit: str | None = None,
               decimals: int | None = None, export: bool = True, notes: bool = False,
               spikes: bool = False) -> TraceMeta:
    """A trace's meta, with only what differs from the defaults."""
    meta: TraceMeta = {}
    if series is not None:
        meta["series"] = series
    if column is not None:
        meta["column"] = column
    if unit is not None:
        meta["unit"] = unit
    if decimals is not None:
        meta["decimals"] = int(decimals)
    if not export:
        meta["export"] = False
    if notes:
        meta["notes"] = True
    if spikes:
        meta["spikes"] = True
    return meta


def meta_of(trace: object) -> TraceMeta:
    """A trace's meta (from a plotly trace object or its dict form); {} if it has none."""
    meta: Any = trace.get("meta") if isinstance(trace, dict) else getattr(trace, "meta", None)
    return meta if isinstance(meta, dict) else {}  # type: ignore[return-value]
