"""USD/JPY: the daily line with interventions and events, context rates, Japan's reserves."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from analysis.fx import Event

from .common import DOWN, PALETTE, UP, base_layout, dates, with_source

YEN_BOUGHT, YEN_SOLD = "#D55E00", "#009E73"


def marker_sizes(amounts: np.ndarray) -> np.ndarray:
    """Area proportional to the amount: 6 px for the smallest operations, 30 px for ~JPY 10 trn."""
    return 6 + 24 * np.sqrt(np.clip(amounts, 0, None) / 10_000)


def usdjpy(rate: pd.Series, ops: pd.DataFrame, events: Sequence[Event], *, x_range: tuple[pd.Timestamp, pd.Timestamp],
           reference_lines: Sequence[float], show_interventions: bool, source: str) -> go.Figure:
    """Daily USD/JPY (upper panel) with intervention markers and event notes, intervention amounts
    (lower panel), and a range slider showing the whole history.

    `ops` holds USD/JPY operations: date, value (JPY bn), direction. Both panels share one x axis,
    so the range slider draws the rate line, not just the bars.
    """
    start, end = x_range
    # A bar one day wide vanishes on a 50-year axis: keep each at least 1/250 of the visible span.
    bar_ms = max(86_400_000.0, (end - start).total_seconds() * 1000 / 250)
    fig = go.Figure()
    fig.add_trace(go.Scatter(x=dates(rate.index), y=rate.to_numpy(dtype=float), name="USD/JPY", mode="lines",
                             line={"width": 1.4, "color": PALETTE[0]}, hovertemplate="%{y:.2f} yen"))
    if show_interventions and not ops.empty:
        on_line = rate.reindex(ops["date"]).to_numpy(dtype=float)
        for direction, color in (("yen bought", YEN_BOUGHT), ("yen sold", YEN_SOLD)):
            mask = (ops["direction"] == direction).to_numpy()
            if not mask.any():
                continue
            amounts = ops["value"].to_numpy(dtype=float)[mask]
            custom = np.column_stack([amounts, np.full(mask.sum(), direction, dtype=object)])
            fig.add_trace(go.Scatter(
                x=dates(ops["date"][mask]), y=on_line[mask], mode="markers", name=f"Intervention: {direction}",
                marker={"size": marker_sizes(amounts), "color": color, "opacity": 0.75,
                        "line": {"width": 1, "color": "white"}},
                customdata=custom, hovertemplate="%{x}: %{customdata[1]}, JPY %{customdata[0]:,.1f} bn<extra></extra>",
            ))
            fig.add_trace(go.Bar(x=dates(ops["date"][mask]), y=amounts, name=f"JPY bn, {direction}", yaxis="y2",
                                 marker={"color": color}, showlegend=False, width=bar_ms,
                                 hovertemplate="%{x}: JPY %{y:,.1f} bn<extra></extra>"))
    for level in reference_lines:
        fig.add_hline(y=level, line={"width": 1, "dash": "dash", "color": "#7F7F7F"},
                      annotation_text=f"{level:g} yen", annotation_position="top left")
    shown = [e for e in events if start <= e.date <= end]
    for i, event in enumerate(shown):
        near = rate.loc[:event.date]
        y = float(near.iloc[-1]) if not near.empty else float(rate.iloc[0])
        # Alternate the label heights so that events close in time do not print over each other.
        fig.add_annotation(x=event.date.strftime("%Y-%m-%d"), y=y, text=event.label, hovertext=event.text,
                           showarrow=True, arrowhead=2, ax=0, ay=-35 - 28 * (i % 2), font={"size": 11},
                           bgcolor="rgba(255,255,255,0.6)")
    layout = base_layout("US dollar in yen, daily", "yen per US dollar", height=640)
    layout["margin"]["b"] = 120  # room for the range slider and, below it, the source line
    layout["hovermode"] = "closest"
    layout["yaxis"]["domain"] = [0.3, 1.0]
    layout["yaxis2"] = {"domain": [0.0, 0.22], "title": {"text": "JPY bn"}, "anchor": "x", "rangemode": "tozero"}
    # The slider shows the whole history at its own scale, whatever the panels are zoomed to.
    layout["xaxis"] = {"range": [start.strftime("%Y-%m-%d"), end.strftime("%Y-%m-%d")], "type": "date",
                       "anchor": "y2", "rangeslider": {"visible": True, "thickness": 0.07,
                                                       "yaxis": {"rangemode": "auto"}}}
    visible = rate.loc[start:end]
    if not visible.empty:
        pad = (visible.max() - visible.min()) * 0.08 or 1
        layout["yaxis"]["range"] = [visible.min() - pad, visible.max() + pad]
    fig.update_layout(layout)
    return with_source(fig, source)


def context(fed_funds: pd.Series, spread: pd.Series, x_range: tuple[pd.Timestamp, pd.Timestamp],
            source: str) -> go.Figure:
    fig = go.Figure()
    for series, name in ((fed_funds, "Effective fed funds rate"), (spread, "US – Japan 10-year yield spread")):
        cut = series.loc[x_range[0] - pd.DateOffset(months=1): x_range[1]]
        fig.add_trace(go.Scatter(x=dates(cut.index), y=cut.to_numpy(dtype=float), name=name, mode="lines",
                                 hovertemplate="%{y:.2f}%"))
    layout = base_layout("Fed funds rate and US–Japan 10-year spread", "%, monthly", height=380)
    layout["yaxis"]["zeroline"] = True
    fig.update_layout(layout)
    return with_source(fig, source)


def reserves(total: pd.Series, fx_part: pd.Series, source: str) -> go.Figure:
    """Monthly bars of total reserves and the foreign-currency part, and the total's change on month."""
    fig = make_subplots(rows=2, cols=1, shared_xaxes=True, row_heights=[0.7, 0.3], vertical_spacing=0.06)
    for series, name, color in ((total, "Total reserves", PALETTE[0]), (fx_part, "Foreign-currency reserves",
                                                                        PALETTE[5])):
        fig.add_trace(go.Bar(x=dates(series.index), y=series.to_numpy(dtype=float), name=name,
                             marker={"color": color}, hovertemplate="%{y:,.1f} bn"), row=1, col=1)
    monthly = total.reindex(pd.date_range(total.index.min(), total.index.max(), freq="ME"))
    change = (monthly - monthly.shift(1)).dropna()
    fig.add_trace(go.Bar(x=dates(change.index), y=change.to_numpy(dtype=float), name="Change on month",
                         marker={"color": [UP if v >= 0 else DOWN for v in change]},
                         hovertemplate="%{y:+,.1f} bn"), row=2, col=1)
    layout = base_layout("Japan's official reserve assets", "USD bn", height=480)
    layout.pop("xaxis")
    layout["barmode"] = "overlay"
    fig.update_layout(layout)
    fig.update_yaxes(title_text="change, USD bn", row=2, col=1)
    return with_source(fig, source)


def event_study(averages: pd.Series, source: str) -> go.Figure:
    """Average USD/JPY change after interventions, by horizon."""
    labels = [f"{h.split('_')[1].rstrip('d')} day{'s' if h != 'after_1d' else ''}" for h in averages.index]
    values = averages.to_numpy(dtype=float)
    fig = go.Figure(go.Bar(x=labels, y=values, marker={"color": [UP if v >= 0 else DOWN for v in values]},
                           name="average change, yen", hovertemplate="%{y:+.2f} yen<extra></extra>"))
    layout = base_layout("Average USD/JPY change after an intervention", "yen (+ = weaker yen)", height=320,
                         legend=False)
    layout["hovermode"] = "closest"
    fig.update_layout(layout)
    return with_source(fig, source)
