"""The small chart on each claim card: the series around the period, the claimed value marked."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd
import plotly.graph_objects as go

from analysis.verdicts import Mark

from .common import DOWN, PALETTE, base_layout, dates, figure, series_trace
from .meta import trace_meta

ARTICLE_COLOUR = DOWN


def claim_chart(evidence: Mapping[str, pd.Series], marks: Sequence[Mark], titles: Mapping[str, str], unit: str,
                source: str, title: str = "", change_from: pd.Timestamp | None = None,
                events: bool = False) -> go.Figure:
    """The series around the claim's period with the article's and the official figure marked.

    A claimed change (`change_from`: its start) is drawn as a change: each series minus its value
    at the start, with a zero line, so the claimed and the official change are read off directly.
    `events` (interventions: amounts on the days they happened) are bars, never a line joining
    one operation to the next."""
    if change_from is not None and evidence:
        base = {n: s.loc[:change_from] for n, s in evidence.items()}
        first = next(iter(evidence))
        if not base[first].empty:
            zero = float(base[first].iloc[-1])
            evidence = {n: s - float(base[n].iloc[-1]) for n, s in evidence.items() if not base[n].empty}
            marks = [Mark(m.x, None if m.y is None else m.y - zero, m.label, m.kind) for m in marks]
            unit = f"change since {change_from:%Y-%m}, {unit}"
    traces: list = []
    for i, (name, series) in enumerate(evidence.items()):
        colour = PALETTE[i % len(PALETTE)]
        hover = f"%{{x}}: %{{y:,.2f}} {unit}<extra></extra>"
        if events:
            traces.append(dict(type="bar", x=dates(series.index), y=series.to_numpy(dtype=float),
                               name=titles.get(name, name), marker={"color": colour}, hovertemplate=hover))
            continue
        traces.append(series_trace(series, titles.get(name, name), "lines+markers" if len(series) < 40 else "lines",
                                   marker={"size": 4}, line={"color": colour}, hovertemplate=hover))
    for kind, symbol, colour, label in (("article", "x", ARTICLE_COLOUR, "Article"),
                                        ("official", "circle-open", "#7F7F7F", "Official")):
        points = [m for m in marks if m.kind == kind and m.y is not None]
        if points:
            traces.append(dict(type="scatter", x=dates([m.x for m in points]), y=[m.y for m in points], name=label,
                               mode="markers", marker={"symbol": symbol, "size": 11, "color": colour,
                                                       "line": {"width": 2, "color": colour}},
                               text=[m.label for m in points], hovertemplate="%{text}<extra></extra>"))
    layout = base_layout(title, unit, height=260)
    if change_from is not None:
        layout["yaxis"]["zeroline"] = True
    layout["margin"] = {"l": 50, "r": 10, "t": 50 if title else 30, "b": 50}
    layout["hovermode"] = "closest"
    layout["legend"] = {"orientation": "h", "y": 1.02, "yanchor": "bottom", "x": 0, "font": {"size": 11}}
    return figure(traces, layout, source)


def verdict_counts(counts: Mapping[str, int], labels: Mapping[str, str], title: str, source: str) -> go.Figure:
    """How an article's claims fared: one bar per verdict (the article check's link preview)."""
    colours = {"matches": "#009E73", "close": "#56B4E9", "revised": "#E69F00", "differs": "#D55E00",
               "not checkable": "#7F7F7F"}
    statuses = list(counts)
    bar = dict(type="bar", x=[labels.get(s, s) for s in statuses], y=[counts[s] for s in statuses],
               marker={"color": [colours.get(s, "#7F7F7F") for s in statuses]}, name="claims",
               text=[str(counts[s]) for s in statuses], textposition="outside", meta=trace_meta(decimals=0))
    layout = base_layout(title, "claims", height=420, legend=False)
    return figure([bar], layout, source)
