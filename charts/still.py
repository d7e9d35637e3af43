"""Still pictures of a chart: a plotly figure drawn as a PNG on the server (matplotlib's Agg canvas).

The article check's cards show their small charts as stills. Plotly's browser bundle costs about a
second of the browser's main thread before its first chart; on a page whose first view is a
summary, that second was spent before the summary showed. A still loads like any image, beside
the page, and the card's link opens the same series and period as an interactive chart.

Drawn from the figure itself: what a claim's chart holds (its lines and markers with their names,
colours, symbols and labels, the axis title, zero line, log axis), so a still and the interactive
chart of the same figure show the same numbers. Bars, shapes and annotations are not drawn. The
background is transparent and the text mid-grey: one picture reads in the light and the dark
theme. The source line is the page's, under the picture (not drawn into it), as under every
interactive chart.
"""

from __future__ import annotations

import io
import threading
from typing import TYPE_CHECKING

import numpy as np
import plotly.graph_objects as go

from .export import array, drawn, points, text

if TYPE_CHECKING:
    from matplotlib.axes import Axes

WIDTH_PX, HEIGHT_PX = 340, 240  # CSS px: a card's chart column on a laptop, a phone's width
DPI = 100  # pixels per inch at 1x: a 9 pt font is 12.5 CSS px
GREY = "#808495"  # Streamlit's secondary text colour: legible on its light and dark backgrounds
GRID = (0.5, 0.52, 0.58, 0.25)
MARKERS = {"x": "x", "cross": "P", "circle": "o", "circle-open": "o", "square": "s", "diamond": "D"}
MAX_MARK_LABELS = 4  # more markers than this are a pattern, not points to read one by one
LABEL_LINE_PT = 10
MARK_CHAR_PX = 6 * 2  # an 8 pt mark label's character, in the still's pixels (drawn at 2x)
LEGEND_ROW_PX = 16  # one more row of legend takes this much height from the plot
CHAR_PX, ENTRY_PX = 6.5, 34  # a 9 pt legend label's character, and its symbol and gap, in CSS px
PX_PER_PT = 4 / 3  # plotly sizes markers in CSS px, matplotlib in points
# matplotlib is not thread-safe (its text-metrics cache is shared by every canvas): one drawing at
# a time, stills and link previews alike (web.api takes it with a timeout).
DRAWING = threading.Lock()


BAR_HOURS = 36  # wide enough to see at a window of months, narrow enough that two days in a row stay apart


def png(fig: go.Figure, width_px: int = WIDTH_PX, height_px: int = HEIGHT_PX, scale: int = 2) -> bytes:
    """The figure as a PNG of `width_px` × `height_px` CSS pixels, drawn at `scale` for sharp screens."""
    from matplotlib.dates import AutoDateLocator, ConciseDateFormatter  # on first use: pages never pay for it
    from matplotlib.figure import Figure

    layout = fig.to_dict().get("layout", {})
    with DRAWING:
        canvas = Figure(figsize=(width_px / DPI, height_px / DPI), dpi=DPI * scale, facecolor="none")
        ax = canvas.add_axes((0.19, 0.13, 0.78, 0.66))
        legend, marked, dated = [], [], False
        for trace, x, y, color in drawn(fig):
            dated = dated or np.issubdtype(x.dtype, np.datetime64)
            mode = str(trace.get("mode") or "lines")
            marker = trace.get("marker") or {}
            symbol = str(marker.get("symbol") or "circle")
            size = (marker.get("size") if isinstance(marker.get("size"), int | float) else 6) / PX_PER_PT
            if trace.get("type") == "bar":  # events (interventions): one bar a day, nothing joined
                dated_x = np.issubdtype(x.dtype, np.datetime64)
                handle = ax.bar(x, y, width=np.timedelta64(BAR_HOURS, "h") if dated_x else 0.8, color=color)
            elif "lines" in mode:
                (handle,) = ax.plot(x, y, color=color, linewidth=1.6, marker="o" if "markers" in mode else None,
                                    markersize=min(size, 3))
            else:
                (handle,) = ax.plot(x, y, linestyle="none", marker=MARKERS.get(symbol, "o"), markersize=size,
                                    color=color, markerfacecolor="none" if symbol.endswith("-open") else color,
                                    markeredgewidth=1.6)
                marked.append((trace, x, y, color))
            if trace.get("showlegend") is not False and trace.get("name"):
                legend.append((handle, text(trace["name"])))
        yaxis = layout.get("yaxis") or {}
        if yaxis.get("type") == "log":
            ax.set_yscale("log")
        if yaxis.get("zeroline"):
            ax.axhline(0, color=GREY, linewidth=0.8)
        if dated:
            locator = AutoDateLocator(minticks=3, maxticks=6)
            ax.xaxis.set_major_locator(locator)
            ax.xaxis.set_major_formatter(ConciseDateFormatter(locator))
        unit = text((yaxis.get("title") or {}).get("text"))
        if unit:
            ax.set_ylabel(unit, fontsize=9, color=GREY)
        _label_marks(ax, marked)
        ax.patch.set_visible(False)
        ax.grid(axis="y", color=GRID, linewidth=0.8)
        for side in ("top", "right", "left"):
            ax.spines[side].set_visible(False)
        ax.spines["bottom"].set_color(GRID)
        ax.tick_params(labelsize=9, colors=GREY, length=0)
        ax.xaxis.get_offset_text().set_color(GREY)
        if legend:
            handles, labels = zip(*legend, strict=True)
            columns = _legend_columns([len(label) for label in labels], width_px)
            rows = -(-len(labels) // columns)
            plot = ax.get_position()
            ax.set_position((plot.x0, plot.y0, plot.width, plot.height - LEGEND_ROW_PX * (rows - 1) / height_px))
            canvas.legend(handles, labels, loc="upper left", bbox_to_anchor=(0.17, 1.0), ncols=columns,
                          frameon=False, fontsize=9, labelcolor=GREY, handlelength=1.4, columnspacing=1.0)
        out = io.BytesIO()
        canvas.savefig(out, format="png", transparent=True)
    return out.getvalue()


def _legend_columns(lengths: list[int], width_px: int) -> int:
    """As many legend entries side by side as fit the picture's width (matplotlib never wraps)."""
    widest = max(lengths) * CHAR_PX + ENTRY_PX
    for columns in range(min(len(lengths), 3), 1, -1):
        if widest * columns <= width_px * 0.8:
            return columns
    return 1


def _label_marks(ax: Axes, marked: list[tuple[dict, np.ndarray, np.ndarray, str]]) -> None:
    """What a marker stands for, written beside it (the interactive chart says it on hover): the
    first marker trace's labels above their points and the others' below, so that an article's
    figure and the official one at the same date do not write over each other; a label near an
    edge of the plot is turned inwards instead of being cut off."""
    ax.autoscale_view()  # the limits the points are placed against
    placed: list[tuple[float, float, bool]] = []
    to_axes = ax.transData + ax.transAxes.inverted()
    for n, (trace, x, y, color) in enumerate(marked):
        labels = array(trace.get("text") or [])
        if len(labels) != len(x) or len(labels) > MAX_MARK_LABELS:
            continue
        for when, value, label in zip(x, y, labels, strict=True):
            if not np.isfinite(value):
                continue
            across, up = to_axes.transform((ax.xaxis.convert_units(when), value))
            above = (n == 0 and up < 0.9) or up < 0.15
            # Centred only where half the label fits on either side ("Article: 1.2 moz" was cut to "rticle:").
            half = len(text(label)) * MARK_CHAR_PX / 2 / max(ax.get_window_extent().width, 1.0) + 0.02
            ha = "left" if across < max(0.2, half) else "right" if across > min(0.8, 1 - half) else "center"
            # Another label already on this side of a nearby point: this one goes a line further out.
            crowd = sum(1 for a, u, side in placed if side == above and abs(a - across) < 0.3 and abs(u - up) < 0.12)
            placed.append((across, up, above))
            shift = 7 + LABEL_LINE_PT * crowd
            ax.annotate(text(label), (when, value), xytext=(0, shift if above else -shift - 1),
                        textcoords="offset points", ha=ha, va="bottom" if above else "top", fontsize=8,
                        color=color, annotation_clip=False)


def describe(fig: go.Figure) -> str:
    """A text alternative for the still: what is drawn, over which dates, and what is marked."""
    spec = fig.to_dict()
    unit = text(((spec.get("layout") or {}).get("yaxis") or {}).get("title", {}).get("text"))
    names, spans, marks = [], set(), []
    for trace in spec.get("data", []):
        found = points(trace)
        if found is None or not len(found[0]):
            continue
        if "lines" in str(trace.get("mode") or "lines"):
            names.append(text(trace.get("name")))
            spans.add((str(found[0][0])[:10], str(found[0][-1])[:10]))
        else:
            marks += [text(label) for label in array(trace.get("text") or [])]
    said = "Chart"
    if names:
        listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
        when = f" from {min(spans)[0]} to {max(s[1] for s in spans)}"
        said = f"Chart of {listed}{when}" + (f" ({unit})" if unit else "")
    return said + (". Marked: " + "; ".join(marks) + "." if marks else ".")
