"""Shared look and layout rules, and the source line inside every figure (exports: charts.export)."""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go

# Streamlit's theme (light or dark) styles the charts in the app; exports get this template. Builders
# leave the template out: validating one costs ~6 ms per figure, on every rerun.
TEMPLATE = "plotly_white"
FONT = "Source Sans Pro, Helvetica, Arial, sans-serif"
#: Colour-blind-safe palette (Okabe–Ito), readable on light and dark backgrounds.
PALETTE = (
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#D55E00",
    "#CC79A7",
    "#56B4E9",
    "#F0E442",
    "#7F7F7F",
    "#332288",
    "#117733",
    "#882255",
    "#44AA99",
)
UP, DOWN = "#009E73", "#D55E00"
LEGEND_ABOVE_MAX = 6  # more series than this and the legend moves below the plot
LEGEND_ROW_PX = 20
PNG_SCALE = 2


def dates(values: pd.Index | pd.Series | Sequence[pd.Timestamp]) -> np.ndarray:
    """Dates as 'YYYY-MM-DD' strings: a third of the JSON of nanosecond timestamps."""
    return pd.DatetimeIndex(values).strftime("%Y-%m-%d").to_numpy(dtype=object)


def series_trace(series: pd.Series, name: str, mode: str = "lines", **extra: object) -> dict:
    """A scatter trace of one date-indexed series (dates as strings, values as a float array)."""
    return dict(type="scatter", x=dates(series.index), y=series.to_numpy(dtype=float), name=name, mode=mode, **extra)


def base_layout(title: str, y_title: str, *, height: int = 460, legend: bool = True) -> dict:
    return {
        "title": {
            "text": title,
            "x": 0,
            "xanchor": "left",
            "y": 1,
            "yanchor": "top",
            "yref": "container",
            "pad": {"t": 10},  # a wrapped title's first line is not clipped at the top
            "font": {"size": 16},
        },
        "font": {"family": FONT, "size": 13},
        "height": height,
        "margin": {"l": 60, "r": 20, "t": 90, "b": 70},
        "hovermode": "x unified",
        "yaxis": {"title": {"text": y_title}, "zeroline": False, "separatethousands": True},
        "xaxis": {"title": {"text": ""}},
        "showlegend": legend,
        "legend": {"orientation": "h", "yanchor": "bottom", "y": 1.01, "x": 0, "xanchor": "left"},
        "colorway": list(PALETTE),
    }


X_TITLE_PX = 22
#: A legend under the plot holds two entries a row on a phone-wide chart if they are this short;
#: longer names take a row each (China's reserves' five series ran into the source line).
LEGEND_PAIR_CHARS = 16


def legend_rows(names: Sequence[str]) -> int:
    """How many rows a legend under the plot takes on a phone-wide chart."""
    per_row = 2 if all(len(name) <= LEGEND_PAIR_CHARS for name in names) else 1
    return -(-len(names) // per_row)


PHONE_LEGEND_PX, LEGEND_CHAR_PX, LEGEND_SYMBOL_PX = 330, 6.5, 46


def phone_legend_rows(names: Sequence[str]) -> int:
    """How many rows a horizontal legend takes on a phone-wide chart (entries packed left to right)."""
    rows, used = 1, 0.0
    for name in names:
        width = LEGEND_SYMBOL_PX + LEGEND_CHAR_PX * len(name)
        if used and used + width > PHONE_LEGEND_PX:
            rows, used = rows + 1, 0.0
        used += width
    return rows


SOURCE_LINE_CHARS = 70  # fits a phone-wide chart at 10 px; longer sources wrap instead of being cut
SOURCE_LINE_PX = 13
SOURCE_BOTTOM_PX = 17  # the last line's top above the figure's bottom: a 13 px line and its padding, inside
TITLE_LINE_CHARS = 42  # a 16 px title this long fits a phone-wide chart beside the toolbar
TITLE_LINE_PX = 20


def wrap(text: str, width: int = SOURCE_LINE_CHARS) -> list[str]:
    """Greedy word wrap (plotly never wraps annotation text by itself)."""
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [""]


def source_note(source: str, bottom_margin: int, right_margin: int = 0) -> dict:
    """The attribution inside the figure (bottom, flush with the figure's right edge), so exported
    PNGs keep it. Anchored on the right: plotly widens the left margin for long category labels
    (the top-holders bars), so a left-anchored note would run off a phone-wide chart."""
    lines = wrap(source)
    return {
        "text": "<br>".join(lines),
        "xref": "paper",
        "yref": "paper",
        "x": 1,
        "y": 0,
        "yshift": -(bottom_margin - SOURCE_BOTTOM_PX - SOURCE_LINE_PX * (len(lines) - 1)),  # last line at the bottom
        "xshift": max(right_margin - 4, 0),
        "xanchor": "right",
        "yanchor": "top",
        "showarrow": False,
        "font": {"size": 10, "color": "#7F7F7F"},
        "align": "right",
    }


def hline(y: float, label: str | None = None, dash: str = "dash") -> tuple[dict, list[dict]]:
    """A horizontal reference line across the plot, and its label."""
    shape = {
        "type": "line",
        "xref": "paper",
        "x0": 0,
        "x1": 1,
        "yref": "y",
        "y0": y,
        "y1": y,
        "line": {"width": 1, "dash": dash, "color": "#7F7F7F"},
    }
    notes = (
        [
            {
                "text": label,
                "xref": "paper",
                "x": 0,
                "xanchor": "left",
                "yref": "y",
                "y": y,
                "yanchor": "bottom",
                "showarrow": False,
                "font": {"size": 11, "color": "#7F7F7F"},
            }
        ]
        if label
        else []
    )
    return shape, notes


def figure(traces: list, layout: dict, source: str) -> go.Figure:
    """Build the figure in one step: plotly validates a layout passed to the constructor about ten
    times faster than one applied with update_layout (~0.7 ms against ~7 ms), on every rerun."""
    extra = SOURCE_LINE_PX * (len(wrap(source)) - 1)
    margin = {**layout["margin"]}
    named = [t for t in traces if t.get("showlegend", True) is not False] if isinstance(traces, list) else []
    if len(named) > LEGEND_ABOVE_MAX and layout.get("showlegend", True) and "legend" in layout:
        # Many series: the legend goes under the plot, in rows two entries wide on a phone, so it
        # never squashes the lines; the margin keeps room for it above the source line.
        rows = legend_rows([str(t.get("name") or "") for t in named])
        layout["legend"] = {**layout["legend"], "y": -0.08, "yanchor": "top", "font": {"size": 11}}
        margin["t"], extra = 50, extra + LEGEND_ROW_PX * rows - (layout["margin"]["t"] - 50)
        margin["b"] += LEGEND_ROW_PX * rows
    elif layout.get("showlegend", True) and (layout.get("legend") or {}).get("y", 0) >= 1 and len(named) > 1:
        # A legend above the plot grows upwards: room for as many rows as it takes on a phone.
        more = LEGEND_ROW_PX * (phone_legend_rows([str(t.get("name") or "") for t in named]) - 1)
        margin["t"] += more
        extra += more
    margin["b"] += SOURCE_LINE_PX * (len(wrap(source)) - 1)
    if ((layout.get("xaxis") or {}).get("title") or {}).get("text"):
        # An x axis title sits under the dates: room for it above the source line, which is placed
        # from the bottom (automargin only keeps the title inside the figure, not off the note).
        margin["b"] += X_TITLE_PX
        extra += X_TITLE_PX
    title = layout.get("title", {}).get("text") or ""
    title_lines = wrap(title, TITLE_LINE_CHARS) if title else [""]
    if len(title_lines) > 1:
        layout = {**layout, "title": {**layout["title"], "text": "<br>".join(title_lines)}}
        margin["t"] += TITLE_LINE_PX * (len(title_lines) - 1)
        extra += TITLE_LINE_PX * (len(title_lines) - 1)
    note = source_note(source, margin["b"], margin.get("r", 0))
    layout = with_axes_fitted(layout)
    if isinstance(traces, list) and as_periods(traces):
        layout = {**layout, "xaxis": period_axis(layout.get("xaxis", {}), traces)}
    layout = {**layout, "margin": margin, "height": layout.get("height", 450) + extra,
              "annotations": [*layout.get("annotations", []), note],
              "modebar": {"orientation": "v", **layout.get("modebar", {})}}
    return go.Figure(data=traces, layout=layout)


AXIS_KEY = re.compile(r"^[xy]axis\d*$")


def with_axes_fitted(layout: dict) -> dict:
    """Every axis widens the margin it needs for its tick labels and title (`automargin`): plotly.js
    defaults to fixed margins, so long category names ("United States (2025-12-31)") and a right
    axis's "300" were cut at the chart's edge. Streamlit's default plotly template (which our
    figures carry, `pio.templates.default == "streamlit"`) has no `automargin`, unlike plotly's
    own templates; st.plotly_chart added it in the browser, our own plot component must not rely on
    either. A figure with `margin.autoexpand` off (USD/JPY) keeps its fixed margins."""
    axes = {key for key in layout if AXIS_KEY.match(key)} | {"xaxis", "yaxis"}
    return {**layout, **{key: {"automargin": True, **layout.get(key, {})} for key in sorted(axes)}}


QUARTER_MONTHS = frozenset({3, 6, 9, 12})
PERIOD_HOVER = {"M1": "%b %Y", "M3": "Q%q %Y"}


def period_of(x: object) -> str | None:
    """"M1" for dates that are all one day of their month (month ends, or month starts: the
    publishers date a month either way), "M3" when those are all quarter ends; None otherwise
    (daily rates, categories)."""
    if not isinstance(x, (list, tuple, np.ndarray)) or len(x) == 0 or not isinstance(x[0], str) or len(x[0]) != 10:
        return None
    try:
        days = pd.DatetimeIndex(list(x))
    except (ValueError, TypeError):
        return None
    if days.hasnans:
        return None
    if bool(days.is_month_end.all()):
        return "M3" if len(days) > 1 and set(days.month) <= QUARTER_MONTHS else "M1"
    if bool((days.day == 1).all()):
        return "M3" if len(days) > 1 and set(days.month) <= {1, 4, 7, 10} else "M1"
    return None


def as_periods(traces: list) -> bool:
    """Monthly and quarterly series drawn as periods: each point in the middle of its month or
    quarter, so a month-end figure sits above its own month's label (ticklabelmode "period"), not a
    day before the next month's; hovers name the period in one format per frequency ("Apr 2024",
    "Q2 2024"), whatever the zoom. The trace's x values (and so its CSV) are unchanged. Whether any
    trace was made a period series."""
    kinds = []
    for trace in traces:
        if not isinstance(trace, dict) or trace.get("type") not in ("scatter", "bar") or "xperiod" in trace:
            continue
        if trace.get("orientation") == "h":
            continue
        period = period_of(trace.get("x"))
        if period is not None:
            kinds.append((trace, period))
    monthly = any(period == "M1" for _, period in kinds)
    for trace, period in kinds:
        if monthly:  # a quarter-end report beside monthly series is its quarter's last month (the IMF's
            period = "M1"  # end-June tonnes on SAFE's June, not in mid-May)
        trace["xperiod"] = period
        trace["xperiod0"] = "2000-01-01"
        trace["xperiodalignment"] = "middle"
        trace.setdefault("xhoverformat", PERIOD_HOVER[period])
    return bool(kinds)


def period_axis(axis: dict, traces: list) -> dict:
    """The x axis of a chart of periods: labels under their period, and a range of whole periods,
    from the start of the first shown to the end of the last (its own range widened to them, else
    the data's): a month-end range cut the first and last months in half, and plotly's autorange
    ran years past quarterly data."""
    axis = {"ticklabelmode": "period", **axis}
    on_x = [t for t in traces if isinstance(t, dict) and t.get("xaxis", "x") == "x" and t.get("x") is not None
            and len(t["x"])]
    kinds = {t.get("xperiod") for t in on_x}
    if not on_x or len(kinds) != 1 or None in kinds or axis.get("rangeslider"):
        return axis
    if axis.get("type") not in (None, "date"):
        return axis
    freq = "Q" if kinds == {"M3"} else "M"
    if axis.get("range"):
        lo, hi = (pd.Timestamp(axis["range"][0]), pd.Timestamp(axis["range"][1]))
    else:
        every = pd.DatetimeIndex([day for t in on_x for day in t["x"]])
        lo, hi = every.min(), every.max()
    first, last = lo.to_period(freq).start_time, (hi.to_period(freq) + 1).start_time
    return {**axis, "range": [f"{first:%Y-%m-%d}", f"{last:%Y-%m-%d}"]}


def plot_config(filename: str) -> dict:
    """plotly.js config: PNG download with a meaningful name at 2× scale, no logo."""
    return {
        "displaylogo": False,
        "toImageButtonOptions": {"format": "png", "filename": filename, "scale": PNG_SCALE},
        # Two buttons (PNG, reset): a short toolbar that stays clear of the title on a phone.
        "modeBarButtonsToRemove": ["lasso2d", "select2d", "zoom2d", "pan2d", "zoomIn2d", "zoomOut2d",
                                   "autoScale2d", "hoverClosestCartesian", "hoverCompareCartesian",
                                   "toggleSpikelines", "sendChartToCloud", "sendDataToCloud"],
        # Nothing leaves the page for Chart Studio (plotly.js's own "Share chart..." button).
        "showSendToCloud": False,
    }


def to_html(fig: go.Figure, title: str) -> str:
    """A standalone interactive page: plotly.js inlined, so it works offline."""
    fig = go.Figure(fig)
    # A page of its own has no Streamlit padding above the chart: without more room, plotly set a
    # wrapped title's first line half above the top edge.
    top = int((fig.layout.margin.t if fig.layout.margin and fig.layout.margin.t is not None else 90) or 90)
    fig.update_layout(template=TEMPLATE, title_y=1, title_yref="container", title_yanchor="top", title_pad_t=24,
                      margin_t=top + 16)
    return fig.to_html(
        full_html=True, include_plotlyjs=True, config=plot_config(title), default_width="100%", default_height="100%"
    )


def slug(text: str) -> str:
    keep = "".join(c.lower() if c.isalnum() else "-" for c in text)
    return "-".join(part for part in keep.split("-") if part)


def vmark(day: pd.Timestamp, label: str, hover: str = "", *, left: bool = False) -> tuple[dict, dict]:
    """A thin dotted vertical line across the plot at `day` (a change of definition, say), and its
    short label at the top, right of the line (with `left`, left of it: a mark near the plot's right
    end); hovering the label shows `hover`. Layout, not a trace: never exported.

    plotly.js widens an autoranged axis to hold every annotation placed on it: a chart with a mark
    must set its x range (`data_range`), or a label right of a line near the end stretches the axis
    years past the data (gold's price and value ran to 2036)."""
    x = f"{day:%Y-%m-%d}"
    shape = {"type": "line", "xref": "x", "x0": x, "x1": x, "yref": "paper", "y0": 0, "y1": 1,
             "line": {"width": 1, "dash": "dot", "color": "#7F7F7F"}}
    note = {"text": label, "xref": "x", "x": x, "xanchor": "right" if left else "left", "xshift": -3 if left else 3,
            "yref": "paper", "y": 1, "yanchor": "top", "showarrow": False, "font": {"size": 11, "color": "#7F7F7F"},
            "align": "right" if left else "left"}
    if hover:
        note["hovertext"] = hover
    return shape, note


def data_range(index: pd.Index, pad_days: int = 20) -> list[str]:
    """An x range from the first to the last date shown, a little either side (half a month: a
    monthly point drawn in the middle of its month stays inside)."""
    pad = pd.Timedelta(days=pad_days)
    return [f"{index.min() - pad:%Y-%m-%d}", f"{index.max() + pad:%Y-%m-%d}"]


def on_calendar(series: pd.Series, freq: str) -> pd.Series:
    """The series on its full regular calendar (NaN where a period is missing), so that a line
    stops at a gap instead of being drawn straight across it."""
    series = series.sort_index()
    if series.empty:
        return series
    calendar = pd.date_range(series.index.min(), series.index.max(), freq=freq)
    return series.reindex(calendar.union(series.index))


def missing_spans(index: pd.DatetimeIndex | pd.Index, freq: str, min_missing: int = 3
                  ) -> list[tuple[pd.Timestamp, pd.Timestamp, pd.Timestamp, pd.Timestamp]]:
    """Runs of at least `min_missing` consecutive missing periods inside a regular series (between
    its first and last observation): (first missing, last missing, last observation before, first
    observation after) for each. Shorter holes are left to the chart (a missing bar shows itself)."""
    present = pd.DatetimeIndex(index).dropna().unique().sort_values()
    if len(present) < 2:
        return []
    calendar = pd.date_range(present[0], present[-1], freq=freq)
    missing = ~calendar.isin(present)
    spans = []
    i = 0
    while i < len(calendar):
        if not missing[i]:
            i += 1
            continue
        j = i
        while j + 1 < len(calendar) and missing[j + 1]:
            j += 1
        if j - i + 1 >= min_missing:
            before, after = present[present < calendar[i]][-1], present[present > calendar[j]][0]
            spans.append((calendar[i], calendar[j], before, after))
        i = j + 1
    return spans


LABELLED_GAP_SHARE = 0.12  # a gap's label needs this share of the shown window


def gap_bands(index: pd.DatetimeIndex | pd.Index, freq: str, label: str, *, hover: str = "", min_missing: int = 3,
              x_range: tuple[pd.Timestamp, pd.Timestamp] | None = None, date_format: str = "%Y-%m"
              ) -> tuple[list[dict], list[dict]]:
    """A shaded band and a label over each gap of a regular series (`missing_spans`), so a chart
    says where it has no data instead of drawing across or leaving the reader guessing.

    `label` and `hover` are formatted with `first` and `last`, the first and last missing period
    ("no data {first} – {last}"). A band runs between the observations either side, from halfway
    to the first missing period to halfway past the last, over the whole plot height (every panel).
    With `x_range`, bands outside it are left out and a label sits in the middle of the band's
    visible part."""
    shapes, notes = [], []
    for first, last, before, after in missing_spans(index, freq, min_missing):
        x0, x1 = before + (first - before) / 2, last + (after - last) / 2
        lo, hi = (max(x0, x_range[0]), min(x1, x_range[1])) if x_range else (x0, x1)
        if lo >= hi:
            continue
        names = {"first": f"{first:{date_format}}", "last": f"{last:{date_format}}"}
        labelled = x_range is None or (hi - lo) >= LABELLED_GAP_SHARE * (x_range[1] - x_range[0])
        shapes.append({"type": "rect", "xref": "x", "x0": f"{x0:%Y-%m-%d}", "x1": f"{x1:%Y-%m-%d}", "yref": "paper",
                       "y0": 0, "y1": 1, "fillcolor": "#7F7F7F", "opacity": 0.15, "line": {"width": 0},
                       "layer": "below"})
        note = {"text": label.format(**names), "xref": "x", "x": f"{lo + (hi - lo) / 2:%Y-%m-%d}",
                "xanchor": "center", "yref": "paper", "y": 0.98, "yanchor": "top", "showarrow": False,
                "font": {"size": 11, "color": "#7F7F7F"}}
        if hover:
            note["hovertext"] = hover.format(**names)
        if labelled:  # a sliver of a band at the window's edge has no room: its label would sit on the bars
            notes.append(note)
    return shapes, notes
