"""USD/JPY: the daily line with interventions and events, context rates, Japan's reserves."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from analysis.fx import Event

from .common import DOWN, PALETTE, UP, base_layout, dates, figure, gap_bands, hline, on_calendar, series_trace
from .meta import trace_meta

YEN_BOUGHT, YEN_SOLD = "#D55E00", "#009E73"


def events_in(events: Sequence[Event], start: pd.Timestamp, end: pd.Timestamp) -> list[tuple[int, Event]]:
    """The events inside the shown range with their numbers. An event's number is its place in the
    whole list by date, whatever range is shown: two links to different ranges give the same event
    the same number."""
    ordered = sorted(events, key=lambda e: e.date)
    return [(number, e) for number, e in enumerate(ordered, start=1) if start <= e.date <= end]


AXIS_TITLE_PX = 11
EVENT_ROWS = (0.3, 0.22)  # the event numbers' two rows, in the strip between the panels (paper y)
EVENT_LABEL_PX = 22  # an event number's box is about this wide; closer than this, the next takes the other row
NARROWEST_PLOT_PX = 300  # a phone-wide chart's plot area: labels are spaced for it


def event_rows(days: Sequence[pd.Timestamp], start: pd.Timestamp, end: pd.Timestamp) -> list[int]:
    """Which of the two rows each event's number goes in (0: under the rate panel, 1: above the
    amounts): the next row when the last number in a row is nearer than a label's width on the
    narrowest chart, so numbers never overlap each other."""
    span = max((end - start).total_seconds(), 1.0)
    need = EVENT_LABEL_PX / NARROWEST_PLOT_PX * span
    last: list[float] = [-np.inf, -np.inf]
    rows = []
    for day in days:
        at = (day - start).total_seconds()
        row = 0 if at - last[0] >= need else 1 if at - last[1] >= need else int(last[1] < last[0])
        last[row] = at
        rows.append(row)
    return rows


BUBBLE_PX = (5, 20)  # the smallest operation's bubble, and ~JPY 10 trn's: small enough to stay inside the
# range slider's strip (which draws every trace again) and clear of the event numbers above them


def marker_sizes(amounts: np.ndarray) -> np.ndarray:
    """Area proportional to the amount, from BUBBLE_PX[0] to BUBBLE_PX[1] for ~JPY 10 trn."""
    low, high = BUBBLE_PX
    return low + (high - low) * np.sqrt(np.clip(amounts, 0, None) / 10_000)


NEAR = 0.1  # a tenth of the shown span either side: a small pan still finds daily points and markers


def near(days: pd.Series | pd.DatetimeIndex, start: pd.Timestamp, end: pd.Timestamp) -> np.ndarray:
    """Which days are inside the shown dates or within `NEAR` of the span either side."""
    margin = (end - start) * NEAR
    return np.asarray((days >= start - margin) & (days <= end + margin), dtype=bool)


OUTSIDE_STEP = 5  # outside the shown dates, one day in five: the range slider's overview needs no more


def thinned(series: pd.Series, start: pd.Timestamp, end: pd.Timestamp) -> pd.Series:
    """Every point in the shown dates (and a tenth of the span either side, so a small pan stays
    daily); outside, one in `OUTSIDE_STEP`. The default 5-year view sends ~4,000 points, not 14,000;
    what is plotted in the shown range, and so the CSV, is unchanged."""
    every = np.zeros(len(series), dtype=bool)
    every[::OUTSIDE_STEP] = True
    return series[near(series.index, start, end) | every]


SPIKE_WIDTH_PX = 3


def spikes(days: pd.Series, amounts: np.ndarray, name: str, color: str) -> dict:
    """Amounts as spikes from zero in the lower panel: one path through base, top, base for each
    operation. Drawn as 361 bars (in the panel and again in the range slider) the amounts took
    ~0.3 s of the browser's time to draw, more than the rest of the chart; one path takes ~10 ms,
    and a spike keeps its width in pixels at any zoom. `meta.spikes` tells the exports to read every
    third point, the tops."""
    order = np.argsort(days.to_numpy(), kind="stable")  # the path runs left to right along zero
    amounts = amounts[order]
    n = len(amounts)
    y = np.column_stack([np.zeros(n), amounts, np.zeros(n)]).ravel()
    return dict(
        type="scatter",
        x=np.repeat(dates(days.iloc[order]), 3),
        y=y,
        mode="lines",
        name=name,
        yaxis="y2",
        line={"color": color, "width": SPIKE_WIDTH_PX},
        showlegend=False,
        customdata=np.repeat(amounts, 3),
        hovertemplate="%{x}: JPY %{customdata:,.1f} bn<extra></extra>",
        meta=trace_meta(spikes=True),
    )


def usdjpy(
    rate: pd.Series,
    ops: pd.DataFrame,
    events: Sequence[Event],
    *,
    x_range: tuple[pd.Timestamp, pd.Timestamp],
    reference_lines: Sequence[float],
    show_interventions: bool,
    source: str,
    log: bool = False,
) -> go.Figure:
    """Daily USD/JPY (upper panel) with intervention markers and event notes, intervention amounts
    (lower panel), and a range slider showing the whole history.

    `ops` holds USD/JPY operations: date, value (JPY bn), direction. Both panels share one x axis,
    so the range slider draws the rate line and the amounts. Every operation of the history is in
    the amounts panel; its marker on the rate line is drawn near the shown dates only (`near`): a
    marker is a shape of its own to draw, and the 5-year view needs 8 of the 361.
    """
    start, end = x_range
    rate_end = rate.index.max()
    traces: list = [
        series_trace(thinned(rate, start, end), "USD/JPY", line={"width": 1.4, "color": PALETTE[0]},
                     hovertemplate="%{y:.2f} yen", meta=trace_meta(decimals=2))
    ]
    if show_interventions and not ops.empty:
        on_line = rate.reindex(ops["date"]).to_numpy(dtype=float)
        shown = near(ops["date"], start, end)
        for direction, color in (("yen bought", YEN_BOUGHT), ("yen sold", YEN_SOLD)):
            mask = (ops["direction"] == direction).to_numpy()
            if not mask.any():
                continue
            amounts = ops["value"].to_numpy(dtype=float)[mask]
            marked = shown[mask]
            if marked.any():
                custom = np.column_stack([amounts[marked], np.full(marked.sum(), direction, dtype=object)])
                traces.append(
                    dict(
                        type="scatter",
                        x=dates(ops["date"][mask][marked]),
                        y=on_line[mask][marked],
                        mode="markers",
                        # On a twin of the date axis: the range slider draws only its own axis's
                        # traces, so full-size bubbles never spill out of its thin strip.
                        xaxis="x2",
                        name=f"Intervention: {direction}",
                        marker={
                            "size": marker_sizes(amounts[marked]),
                            "color": color,
                            "opacity": 0.75,
                            "line": {"width": 1, "color": "white"},
                        },
                        customdata=custom,
                        hovertemplate="%{x}: %{customdata[1]}, JPY %{customdata[0]:,.1f} bn<extra></extra>",
                        meta=trace_meta(export=False),  # sits on the rate line; the amounts are the spikes' column
                    )
                )
            traces.append(spikes(ops["date"][mask], amounts, f"JPY bn, {direction}", color))
    layout = base_layout("US dollar in yen, daily", "yen per US dollar", height=640)
    shapes, notes = [], []
    for level in reference_lines:
        shape, label = hline(level, f"{level:g} yen")
        shapes.append(shape)
        notes += label
    # Events are numbers in the strip between the two panels, where there is no data to cover, with a
    # faint dotted line up through the rate (the list with dates and text goes under the chart). Above
    # the line they covered its peaks (hovering the 2024 high showed an event, not the rate) and, on a
    # phone, each other and the legend.
    shown_events = events_in(events, start, end)
    for (number, event), row in zip(shown_events, event_rows([e.date for _, e in shown_events], start, end),
                                    strict=True):
        day = event.date.strftime("%Y-%m-%d")
        shapes.append({"type": "line", "xref": "x", "x0": day, "x1": day, "yref": "paper", "y0": 0.3, "y1": 1.0,
                       "line": {"width": 1, "dash": "dot", "color": "rgba(127,127,127,0.45)"}, "layer": "below"})
        notes.append(
            {
                "x": day,
                "xref": "x",
                "y": EVENT_ROWS[row],
                "yref": "paper",
                "yanchor": "top" if row == 0 else "bottom",
                "text": str(number),
                "hovertext": f"{event.date:%Y-%m-%d}: {event.label}. {event.text}",
                "showarrow": False,
                "font": {"size": 11},
                "bgcolor": "rgba(127,127,127,0.25)",
                "borderpad": 2,
            }
        )
    layout["shapes"], layout["annotations"] = shapes, notes
    layout["margin"]["b"] = 120  # room for the range slider and, below it, the source line
    # Fixed margins: with a range slider under two panels, plotly's automatic margins make it draw
    # the whole figure a second time (~60 ms of a cold browser's first draw, a third of the chart's
    # cost). The margins above already hold the slider, the legend and the source line.
    layout["margin"]["autoexpand"] = False
    layout["hovermode"] = "closest"
    # The panels' titles in a smaller type than the ticks, and the amounts' panel with at most three
    # ticks: in an embed's short frame (600x450 leaves the 150 px of plot ui/plot.py keeps at least) the
    # panels are 105 and 33 px tall; "yen per US dollar" at 13 px ran to "JPY bn" below it (they read
    # "JPY bnyen per US dollar") and the amounts' five ticks covered each other.
    layout["yaxis"]["domain"] = [0.3, 1.0]
    layout["yaxis"]["title"]["font"] = {"size": AXIS_TITLE_PX}
    layout["yaxis2"] = {"domain": [0.0, 0.22], "title": {"text": "JPY bn", "font": {"size": AXIS_TITLE_PX}},
                        "anchor": "x", "rangemode": "tozero", "nticks": 3,
                        "separatethousands": True}
    # The slider shows the whole history at its own scale, whatever the panels are zoomed to.
    layout["xaxis"] = {
        "range": [start.strftime("%Y-%m-%d"), end.strftime("%Y-%m-%d")],
        "type": "date",
        "anchor": "y2",
        "rangeslider": {"visible": True, "thickness": 0.07, "yaxis": {"rangemode": "auto"},
                        "range": [rate.index.min().strftime("%Y-%m-%d"), max(end, rate_end).strftime("%Y-%m-%d")]},
    }
    if any(isinstance(trace, dict) and trace.get("xaxis") == "x2" for trace in traces):
        layout["xaxis2"] = {"matches": "x", "overlaying": "x", "visible": False}
    if end > rate_end:  # interventions (or a custom window) reach past the rate's last day
        shapes.append({"type": "rect", "xref": "x", "yref": "paper", "x0": rate_end.strftime("%Y-%m-%d"),
                       "x1": end.strftime("%Y-%m-%d"), "y0": 0.3, "y1": 1.0, "fillcolor": "#7F7F7F",
                       "opacity": 0.12, "line": {"width": 0}, "layer": "below"})
        notes.append({"x": rate_end.strftime("%Y-%m-%d"), "xref": "x", "y": 1.0, "yref": "paper",
                      "text": f"no rate in this release after {rate_end:%Y-%m-%d}", "showarrow": False,
                      "xanchor": "left", "yanchor": "top", "textangle": -90, "font": {"size": 10}})
    visible = rate.loc[start:end]
    if log:  # equal distances are equal percentage moves; plotly takes a log axis range in log10
        layout["yaxis"]["type"] = "log"
        if not visible.empty:
            layout["yaxis"]["range"] = [np.log10(visible.min() * 0.97), np.log10(visible.max() * 1.03)]
    elif not visible.empty:
        pad = (visible.max() - visible.min()) * 0.08 or 1
        layout["yaxis"]["range"] = [visible.min() - pad, visible.max() + pad]
    return figure(traces, layout, source)


def context(
    fed_funds: pd.Series, spread: pd.Series, x_range: tuple[pd.Timestamp, pd.Timestamp], source: str
) -> go.Figure:
    traces = []
    for series, name in ((fed_funds, "Effective fed funds rate"), (spread, "US – Japan 10-year yield spread")):
        cut = series.loc[x_range[0] - pd.DateOffset(months=1) : x_range[1]]
        traces.append(series_trace(cut, name, hovertemplate="%{y:.2f}%"))
    layout = base_layout("Fed funds rate and US–Japan 10-year spread", "%, monthly", height=380)
    layout["yaxis"]["zeroline"] = True
    return figure(traces, layout, source)


#: What a stretch of months missing from MOF's file says on the reserves chart (shaded band).
RESERVES_GAP = "no data {first} – {last}<br>in MOF's file"
RESERVES_GAP_HOVER = ("The Ministry of Finance file this release was read from has no months from {first} to "
                      "{last}: nothing is drawn there, and no change on month is computed across it.")
MONTH_PAD = pd.Timedelta(days=16)  # half a month-end bar, so the first and last bars are not cut


def reserves(total: pd.Series, fx_part: pd.Series, source: str,
             x_range: tuple[pd.Timestamp, pd.Timestamp] | None = None) -> go.Figure:
    """Monthly bars of total reserves and the foreign-currency part (upper panel), and the total's
    change on month (lower panel). A stretch of missing months is shaded across both panels and
    labelled (`common.gap_bands`); no change is computed across it. With `x_range` the chart shows
    that window, cut to the months the series covers, and a gap reaching into it is labelled with
    its whole extent."""
    traces: list = [
        dict(
            type="bar",
            x=dates(s.index),
            y=s.to_numpy(dtype=float),
            name=name,
            marker={"color": color},
            hovertemplate="%{y:,.1f} bn",
        )
        for s, name, color in (
            (total, "Total reserves", PALETTE[0]),
            (fx_part, "Foreign-currency reserves", PALETTE[5]),
        )
    ]
    monthly = on_calendar(total, "ME")
    change = (monthly - monthly.shift(1)).dropna()
    traces.append(
        dict(
            type="bar",
            x=dates(change.index),
            y=change.to_numpy(dtype=float),
            name="Change on month",
            yaxis="y2",
            marker={"color": [UP if v >= 0 else DOWN for v in change]},
            hovertemplate="%{y:+,.1f} bn",
        )
    )
    layout = base_layout("Japan's official reserve assets", "USD bn", height=480)
    layout["barmode"] = "overlay"
    layout["yaxis"]["domain"] = [0.36, 1.0]
    layout["yaxis2"] = {"domain": [0.0, 0.28], "title": {"text": "change, USD bn"}, "anchor": "x"}
    layout["xaxis"] = {"anchor": "y2", "type": "date"}
    shown = None
    if x_range is not None and not total.empty:
        lo, hi = max(x_range[0], total.index.min()), min(x_range[1], total.index.max())
        if lo <= hi:
            shown = (lo - MONTH_PAD, hi + MONTH_PAD)
            layout["xaxis"]["range"] = [f"{shown[0]:%Y-%m-%d}", f"{shown[1]:%Y-%m-%d}"]
    bands, labels = gap_bands(total.index, "ME", RESERVES_GAP, hover=RESERVES_GAP_HOVER, x_range=shown)
    if bands:
        layout["shapes"], layout["annotations"] = bands, labels
    return figure(traces, layout, source)


def event_study(averages: pd.Series, source: str) -> go.Figure:
    """Average USD/JPY change after interventions, by horizon."""
    labels = [f"{h.split('_')[1].rstrip('d')} day{'s' if h != 'after_1d' else ''}" for h in averages.index]
    values = averages.to_numpy(dtype=float)
    bar = dict(
        type="bar",
        x=labels,
        y=values,
        marker={"color": [UP if v >= 0 else DOWN for v in values]},
        name="average change, yen",
        hovertemplate="%{y:+.2f} yen<extra></extra>",
    )
    layout = base_layout(
        "Average USD/JPY change after an intervention", "yen (+ = weaker yen)", height=320, legend=False
    )
    layout["hovermode"] = "closest"
    return figure([bar], layout, source)
