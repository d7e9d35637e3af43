"""Gold: holdings by economy (drawn only where reported), top holders, buyers and sellers, price."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from .common import DOWN, PALETTE, UP, base_layout, figure, series_trace


def with_breaks(series: pd.Series) -> pd.Series:
    """Insert a gap wherever a series skips one of its usual reporting periods, so that a line is
    never drawn across a missing quarter (nothing is interpolated)."""
    series = series.dropna().sort_index()
    if len(series) < 3:
        return series
    steps = series.index.to_series().diff().dt.days.dropna()
    usual = steps.median()
    gaps = steps[steps > usual * 1.5]
    if gaps.empty:
        return series
    breaks = pd.Series(np.nan, index=gaps.index - pd.Timedelta(days=1))
    return pd.concat([series, breaks]).sort_index()


def holdings(
    table: Mapping[str, pd.Series],
    names: Mapping[str, str],
    unit_label: str,
    source: str,
    title: str = "Official gold holdings",
) -> go.Figure:
    traces = []
    for code, series in table.items():
        drawn = with_breaks(series)
        traces.append(series_trace(drawn, names.get(code, code), "lines+markers", marker={"size": 4},
                                   connectgaps=False, hovertemplate="%{y:,.1f}"))
    return figure(traces, base_layout(title, unit_label), source)


def top_holders(
    top: pd.DataFrame, names: Mapping[str, str], date_label: str, unit_label: str, source: str
) -> go.Figure:
    ordered = top.sort_values("value")
    bar = dict(
        type="bar",
        x=ordered["value"].to_numpy(dtype=float),
        y=[names.get(c, c) for c in ordered["series"]],
        orientation="h",
        marker={"color": PALETTE[1]},
        name=unit_label,
        hovertemplate="%{y}: %{x:,.1f}<extra></extra>",
    )
    layout = base_layout(
        f"Largest official gold holders, {date_label}", "", height=max(300, 26 * len(top) + 120), legend=False
    )
    layout["xaxis"] = {"title": {"text": unit_label}}
    layout["hovermode"] = "closest"
    return figure([bar], layout, source)


def net_changes(
    changes: pd.DataFrame, names: Mapping[str, str], window_label: str, unit_label: str, source: str
) -> go.Figure:
    ordered = changes.iloc[::-1]
    values = ordered["change"].to_numpy(dtype=float)
    bar = dict(
        type="bar",
        x=values,
        y=[names.get(c, c) for c in ordered["series"]],
        orientation="h",
        marker={"color": [UP if v > 0 else DOWN for v in values]},
        name=f"net change, {unit_label}",
        hovertemplate="%{y}: %{x:+,.1f}<extra></extra>",
    )
    layout = base_layout(
        f"Net buyers and sellers, {window_label}", "", height=max(300, 26 * len(changes) + 120), legend=False
    )
    layout["xaxis"] = {"title": {"text": f"net change, {unit_label}"}, "zeroline": True}
    layout["hovermode"] = "closest"
    return figure([bar], layout, source)


def price_and_value(price: pd.Series, value: pd.Series, economy: str, source: str) -> go.Figure:
    """Gold price (left axis) and the value of one economy's holdings (right axis)."""
    drawn = with_breaks(value)
    traces = [
        series_trace(price, "Gold price, USD/oz", line={"color": PALETTE[1]}, hovertemplate="$%{y:,.0f}/oz"),
        series_trace(drawn, f"Value of {economy}'s gold, USD bn", "lines+markers", marker={"size": 4}, yaxis="y2",
                     line={"color": PALETTE[0]}, hovertemplate="$%{y:,.1f} bn"),
    ]
    layout = base_layout(f"Gold price and the value of {economy}'s holdings", "USD per troy oz", height=420)
    layout["yaxis"]["rangemode"] = "tozero"
    layout["yaxis2"] = {
        "title": {"text": "USD bn"},
        "overlaying": "y",
        "side": "right",
        "showgrid": False,
        "rangemode": "tozero",
        "tickmode": "auto",
    }
    return figure(traces, layout, source)
