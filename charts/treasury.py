"""Treasury holders: lines over time, buyers and sellers, official vs total, bills vs bonds."""

from __future__ import annotations

import textwrap
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from analysis.breaks import Breaks

from .common import DOWN, UP, base_layout, dates, figure, hline, series_trace
from .meta import trace_meta

BREAK_COLOUR = "#7F7F7F"  # the break markers are no series: neutral grey, on light and dark
LOG_OK = ("level", "share", "index")  # changes can be negative: no log scale for them
UNITS = {
    "level": "USD bn",
    "mom": "USD bn, change on month",
    "yoy": "USD bn, change on year",
    "share": "% of foreign total",
    "index": "index, base month = 100",
}


def holders(
    table: pd.DataFrame,
    transform: str,
    titles: Mapping[str, str],
    source: str,
    title: str = "Foreign holdings of US Treasury securities",
    breaks: Breaks | None = None,
    log: bool = False,
    notes: Sequence[tuple[pd.Timestamp, str, str]] = (),
) -> go.Figure:
    """One line per holder; `table` is wide (month-end dates × holders), already transformed.

    A level (share, index) never joins two months on different bases: each line stops before a
    series break and restarts at it, with a marker whose hover says why. Changes (`crossed`: the
    transform's notes on cells that crossed a break) are drawn like for like, a marker on each such
    cell; one left blank gets its marker on the zero line. Stitches between tables also get a
    dotted line and a label. The markers' notes are the CSV's `note` column."""
    breaks = breaks or Breaks()
    traces, shapes, labels = [], [], []
    start, end = (table.index[0], table.index[-1]) if len(table.index) else (None, None)
    shown = breaks.shown(table.columns, start, end) if start is not None else []
    is_change = transform in ("mom", "yoy")
    for name in table.columns:
        column = table[name]
        if not is_change:
            stops = [b.date - pd.Timedelta(days=1) for b in shown if b.series == name]
            if stops:
                column = pd.concat([column, pd.Series(np.nan, index=stops)]).sort_index()
        traces.append(dict(
            type="scatter",
            x=dates(column.index),
            y=column.to_numpy(dtype=float),
            name=titles.get(name, name),
            mode="lines",
            connectgaps=False,
            hovertemplate=f"%{{y:,.1f}} {UNITS[transform].split(',')[0]}",
            meta=trace_meta(decimals=1 if transform in ("level", "mom", "yoy") else 2),  # TIC publishes 0.1 bn
        ))
    marks = [] if is_change else [(b.date, b.series, f"series break, {b.label}: {b.note}") for b in shown]
    marks += [(day, name, note) for day, name, note in notes if start <= day <= end and name in table.columns]
    if marks:
        ys = [table.at[day, name] if day in table.index and pd.notna(table.at[day, name]) else 0.0
              for day, name, _ in marks]
        texts = [f"{titles.get(name, name)}: {note}" for _, name, note in marks]
        traces.append(dict(
            type="scatter", x=dates([m[0] for m in marks]), y=ys, mode="markers", name="series break",
            showlegend=False,  # the note under the chart says what the ◇ are
            marker={"symbol": "diamond-open", "size": 9, "color": BREAK_COLOUR, "line": {"width": 1.5}},
            text=texts, hovertext=["<br>".join(textwrap.wrap(t, 60)) for t in texts],
            hovertemplate="%{hovertext}<extra></extra>", meta=trace_meta(export=False, notes=True),
        ))
    for brk in (b for b in shown if b.kind == "stitch"):
        day = f"{brk.date:%Y-%m-%d}"
        shapes.append({"type": "line", "xref": "x", "x0": day, "x1": day, "yref": "paper", "y0": 0, "y1": 1,
                       "line": {"width": 1, "dash": "dot", "color": "#7F7F7F"}})
        labels.append({"text": f"series break: {titles.get(brk.series, brk.series)}", "x": day, "xref": "x", "y": 0,
                      "yref": "paper", "yanchor": "bottom", "showarrow": False, "font": {"size": 11},
                      "xanchor": "right"})  # at the foot of the plot: clear of the legend above it
    layout = base_layout(title, UNITS[transform])
    if log and transform in LOG_OK:
        layout["yaxis"]["type"] = "log"
    if is_change:
        layout["yaxis"]["zeroline"] = True
    if transform == "index":
        shape, _ = hline(100, dash="dot")
        shapes.append(shape)
    if shapes:
        layout["shapes"] = shapes
    if labels:
        layout["annotations"] = labels
    return figure(traces, layout, source)


def movers(changes: pd.DataFrame, period: str, titles: Mapping[str, str], source: str) -> go.Figure:
    """Horizontal bars: the period's largest increases (green) and decreases (orange-red)."""
    ordered = changes.sort_values("change")
    labels = [titles.get(s, s) for s in ordered["series"]]
    colors = [UP if v > 0 else DOWN for v in ordered["change"]]
    bar = dict(
        type="bar",
        x=ordered["change"].to_numpy(dtype=float),
        y=labels,
        orientation="h",
        marker={"color": colors},
        name="change, USD bn",
        hovertemplate="%{y}: %{x:+,.1f} bn<extra></extra>",
    )
    layout = base_layout(f"Buyers and sellers, {period}", "", height=max(260, 36 * len(labels) + 120), legend=False)
    layout["xaxis"] = {"title": {"text": "change on month, USD bn"}, "zeroline": True}
    layout["hovermode"] = "closest"
    return figure([bar], layout, source)


def _lines(series: list[tuple[pd.Series, str]], **extra: object) -> list[dict]:
    return [series_trace(s, name, hovertemplate="%{y:,.0f}", **extra) for s, name in series]


def official_vs_total(total: pd.Series, official: pd.Series, source: str) -> go.Figure:
    traces = _lines([(total, "Foreign total"), (official, "Foreign official")])
    return figure(traces, base_layout("Foreign total and foreign official holdings", "USD bn", height=380), source)


def bills_vs_bonds(bills: pd.Series, bonds: pd.Series, source: str) -> go.Figure:
    """The foreign official holdings split: bills (face value) and bonds & notes (market value)."""
    traces = _lines([(bonds, "Bonds & notes"), (bills, "Bills")], stackgroup="official")
    return figure(traces, base_layout("Foreign official: bills vs bonds & notes", "USD bn", height=380), source)
