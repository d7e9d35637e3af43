"""Treasury holders: lines over time, buyers and sellers, official vs total, bills vs bonds."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import plotly.graph_objects as go

from .common import DOWN, UP, base_layout, dates, with_source

UNITS = {"level": "USD bn", "mom": "USD bn, change on month", "yoy": "USD bn, change on year",
         "share": "% of foreign total", "index": "index, first month = 100"}


def holders(table: pd.DataFrame, transform: str, titles: Mapping[str, str], source: str,
            title: str = "Foreign holdings of US Treasury securities") -> go.Figure:
    """One line per holder; `table` is wide (month-end dates × holders), already transformed."""
    fig = go.Figure()
    x = dates(table.index)
    for name in table.columns:
        y = table[name].to_numpy(dtype=float)
        fig.add_trace(go.Scatter(x=x, y=y, name=titles.get(name, name), mode="lines",
                                 connectgaps=False, hovertemplate="%{y:,.1f}"))
    layout = base_layout(title, UNITS[transform])
    if transform in ("mom", "yoy"):
        layout["yaxis"]["zeroline"] = True
    if transform == "index":
        fig.add_hline(y=100, line={"width": 1, "dash": "dot", "color": "#7F7F7F"})
    fig.update_layout(layout)
    return with_source(fig, source)


def movers(changes: pd.DataFrame, period: str, titles: Mapping[str, str], source: str) -> go.Figure:
    """Horizontal bars: the period's largest increases (green) and decreases (orange-red)."""
    ordered = changes.sort_values("change")
    labels = [titles.get(s, s) for s in ordered["series"]]
    colors = [UP if v > 0 else DOWN for v in ordered["change"]]
    fig = go.Figure(go.Bar(x=ordered["change"].to_numpy(dtype=float), y=labels, orientation="h",
                           marker={"color": colors}, name="change, USD bn",
                           hovertemplate="%{y}: %{x:+,.1f} bn<extra></extra>"))
    layout = base_layout(f"Buyers and sellers, {period}", "", height=max(260, 36 * len(labels) + 120),
                         legend=False)
    layout["xaxis"] = {"title": {"text": "change on month, USD bn"}, "zeroline": True}
    layout["hovermode"] = "closest"
    fig.update_layout(layout)
    return with_source(fig, source)


def official_vs_total(total: pd.Series, official: pd.Series, source: str) -> go.Figure:
    fig = go.Figure()
    for series, name in ((total, "Foreign total"), (official, "Foreign official")):
        fig.add_trace(go.Scatter(x=dates(series.index), y=series.to_numpy(dtype=float), name=name,
                                 mode="lines", hovertemplate="%{y:,.0f}"))
    fig.update_layout(base_layout("Foreign total and foreign official holdings", "USD bn", height=380))
    return with_source(fig, source)


def bills_vs_bonds(bills: pd.Series, bonds: pd.Series, source: str) -> go.Figure:
    """The foreign official holdings split: bills (face value) and bonds & notes (market value)."""
    fig = go.Figure()
    for series, name in ((bonds, "Bonds & notes"), (bills, "Bills")):
        fig.add_trace(go.Scatter(x=dates(series.index), y=series.to_numpy(dtype=float), name=name,
                                 mode="lines", stackgroup="official", hovertemplate="%{y:,.0f}"))
    fig.update_layout(base_layout("Foreign official holdings: bills vs bonds & notes", "USD bn", height=380))
    return with_source(fig, source)
