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


def isolated(drawn: pd.Series) -> pd.Series:
    """The values with no value on either side (a line through them has no length)."""
    present = drawn.notna().to_numpy()
    before = np.concatenate([[False], present[:-1]])
    after = np.concatenate([present[1:], [False]])
    return drawn[present & ~before & ~after]


def holdings(
    table: Mapping[str, pd.Series],
    names: Mapping[str, str],
    unit_label: str,
    source: str,
    title: str = "Official gold holdings",
    log: bool = False,
) -> go.Figure:
    """One line per economy, drawn only between consecutive reports; the x-axis spans the reports.
    A report with no neighbour to draw a line to (a break either side) is drawn as a dot, so no report
    is invisible. Only those get a marker: a marker on each of ~650 monthly reports doubled the time
    the browser took to draw the chart."""
    traces = []
    for i, (code, series) in enumerate(table.items()):
        drawn = with_breaks(series)
        name, color = names.get(code, code), PALETTE[i % len(PALETTE)]
        hover = f"%{{x}}: %{{y:,.1f}} {unit_label}"
        traces.append(series_trace(drawn, name, line={"color": color}, connectgaps=False, hovertemplate=hover,
                                   meta={"decimals": 3}, legendgroup=code))
        alone = isolated(drawn)
        if not alone.empty:
            traces.append(series_trace(alone, name, "markers", marker={"size": 6, "color": color}, showlegend=False,
                                       hovertemplate=hover, legendgroup=code, meta={"export": False}))
    layout = base_layout(title, unit_label)
    reported = [s.dropna().index for s in table.values() if not s.dropna().empty]
    if reported:
        first, last = min(i.min() for i in reported), max(i.max() for i in reported)
        pad = max(pd.Timedelta(days=20), (last - first) * 0.01)
        layout["xaxis"] = {**layout["xaxis"], "range": [f"{first - pad:%Y-%m-%d}", f"{last + pad:%Y-%m-%d}"]}
    if log:
        layout["yaxis"]["type"] = "log"
    return figure(traces, layout, source)


def top_holders(
    top: pd.DataFrame, names: Mapping[str, str], date_label: str, unit_label: str, source: str
) -> go.Figure:
    """Bars of each economy's latest report up to the date; a report older than a quarter is
    labelled with its own date and drawn lighter, so a late reporter is neither dropped nor passed
    off as current."""
    ordered = top.sort_values("value")
    old = ordered["old"].to_numpy(dtype=bool) if "old" in ordered else np.zeros(len(ordered), dtype=bool)
    reported = pd.to_datetime(ordered["reported"]) if "reported" in ordered else pd.Series([pd.NaT] * len(ordered))
    labels = [f"{names.get(c, c)} ({d:%Y-%m-%d})" if stale else names.get(c, c)
              for c, d, stale in zip(ordered["series"], reported, old, strict=True)]
    bar = dict(
        type="bar",
        x=ordered["value"].to_numpy(dtype=float),
        y=labels,
        orientation="h",
        marker={"color": PALETTE[1], "opacity": [0.45 if stale else 1.0 for stale in old]},
        name=unit_label,
        customdata=[f"{d:%Y-%m-%d}" if pd.notna(d) else "" for d in reported],
        hovertemplate=f"%{{y}}: %{{x:,.1f}} {unit_label}, reported for %{{customdata}}<extra></extra>",
    )
    layout = base_layout(
        f"Largest official gold holders, latest reports up to {date_label}", "",
        height=max(300, 26 * len(top) + 120), legend=False
    )
    layout["xaxis"] = {"title": {"text": unit_label}}
    layout["hovermode"] = "closest"
    return figure([bar], layout, source)


def net_changes(
    changes: pd.DataFrame, names: Mapping[str, str], window_label: str, unit_label: str, source: str
) -> go.Figure:
    """Bars of the change between each economy's reports; an end report older than a quarter
    before the window's end is labelled with its date."""
    ordered = changes.iloc[::-1]
    values = ordered["change"].to_numpy(dtype=float)
    old = ordered["old"].to_numpy(dtype=bool) if "old" in ordered else np.zeros(len(ordered), dtype=bool)
    ends = pd.to_datetime(ordered["to"]) if "to" in ordered else pd.Series([pd.NaT] * len(ordered))
    labels = [f"{names.get(c, c)} (to {d:%Y-%m-%d})" if stale else names.get(c, c)
              for c, d, stale in zip(ordered["series"], ends, old, strict=True)]
    bar = dict(
        type="bar",
        x=values,
        y=labels,
        orientation="h",
        marker={"color": [UP if v > 0 else DOWN for v in values], "opacity": [0.45 if s else 1.0 for s in old]},
        name=f"net change, {unit_label}",
        hovertemplate=f"%{{y}}: %{{x:+,.1f}} {unit_label}<extra></extra>",
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
