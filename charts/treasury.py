"""Treasury holders: lines over time, buyers and sellers, official vs total, bills vs bonds."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from .common import DOWN, UP, base_layout, dates, figure, hline, series_trace

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
    breaks: Mapping[str, pd.Timestamp] | None = None,
    log: bool = False,
) -> go.Figure:
    """One line per holder; `table` is wide (month-end dates × holders), already transformed.

    Where a holder's series changes definition (`breaks`: first date of the new one), its line
    stops and restarts, and a dotted line labels the break: two tables' figures are not a movement."""
    traces, shapes, notes = [], [], []
    shown_breaks = {n: d for n, d in (breaks or {}).items()
                    if n in table.columns and len(table.index) and table.index[0] < d <= table.index[-1]}
    for name in table.columns:
        column = table[name]
        if name in shown_breaks:
            gap = pd.Series([np.nan], index=[shown_breaks[name] - pd.Timedelta(days=1)])
            column = pd.concat([column, gap]).sort_index()
        traces.append(dict(
            type="scatter",
            x=dates(column.index),
            y=column.to_numpy(dtype=float),
            name=titles.get(name, name),
            mode="lines",
            connectgaps=False,
            hovertemplate=f"%{{y:,.1f}} {UNITS[transform].split(',')[0]}",
            meta={"decimals": 1 if transform in ("level", "mom", "yoy") else 2},  # TIC publishes 0.1 bn
        ))
    for name, first in shown_breaks.items():
        day = f"{first:%Y-%m-%d}"
        shapes.append({"type": "line", "xref": "x", "x0": day, "x1": day, "yref": "paper", "y0": 0, "y1": 1,
                       "line": {"width": 1, "dash": "dot", "color": "#7F7F7F"}})
        notes.append({"text": f"series break: {titles.get(name, name)}", "x": day, "xref": "x", "y": 0,
                      "yref": "paper", "yanchor": "bottom", "showarrow": False, "font": {"size": 11},
                      "xanchor": "right"})  # at the foot of the plot: clear of the legend above it
    layout = base_layout(title, UNITS[transform])
    if log and transform in LOG_OK:
        layout["yaxis"]["type"] = "log"
    if transform in ("mom", "yoy"):
        layout["yaxis"]["zeroline"] = True
    if transform == "index":
        shape, _ = hline(100, dash="dot")
        shapes.append(shape)
    if shapes:
        layout["shapes"] = shapes
    if notes:
        layout["annotations"] = notes
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
