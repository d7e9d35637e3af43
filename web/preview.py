"""Link-preview images: a chart state drawn as a 1200×630 PNG on the server, readable as a thumbnail.

Drawn from the same plotly figure the page shows (its traces, names, colours and title), with
matplotlib's Agg canvas: a pip-installed library, no browser. Big title, the lines, each line's
last value, the source line. Decorations that the CSV leaves out (markers sitting on a line) are
left out here too; bars on a second axis (intervention amounts) are drawn faintly behind.
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Sequence

import numpy as np
import plotly.graph_objects as go

from charts.export import drawn, meta_of, text
from data_sources.result import Provenance
from views.cite import APP_NAME, as_of_text

SIZE_PX = (1200, 630)  # Open Graph's recommended preview size
DPI = 100
#: An in-page still (a chart page's first paint, `web.pages`) is the same drawing at the size of the
#: page's chart: the figure's own layout width and height (CSS pixels), drawn at twice as many pixels
#: (sharp on phones), its type smaller than a thumbnail's (a still is seen at its own size, not
#: shrunk into a chat), and stored with a palette: a third of the bytes, and the bytes are what a
#: phone on a slow network waits for.
STILL_PIXEL_RATIO, STILL_TYPE, STILL_COLOURS = 2, 0.6, 128
INK, MUTED, GRID = "#1F2937", "#6B7280", "#E5E7EB"
BAR_WIDTH = np.timedelta64(12, "D")  # an intervention's bar, visible at a window of years
SOURCE_CHARS = 108  # a source line stops short of the "Dollar Tide" mark on its right


#: The in-page stills, by name: as wide as the page's chart on a 1280 px screen beside the sidebar,
#: and on a phone (412 px, Lighthouse's); as tall as the chart. Other widths show the nearer one
#: scaled into the chart's box.
STILL_WIDTHS = {"wide": 820, "narrow": 380}


class Sized:
    """`fig` with its layout's width and height set: what `render` draws as an in-page still. Only
    the spec's top level is copied; the figure (shared, `views.memo`) is never changed."""

    def __init__(self, fig: go.Figure, width: int, height: int | None = None) -> None:
        self._fig = fig
        spec = fig.to_dict()
        layout = spec.get("layout", {})
        self._spec = {**spec, "layout": {**layout, "width": width, "height": height or layout.get("height") or 450}}

    def to_dict(self) -> dict:
        return self._spec

    def __getattr__(self, name: str) -> object:
        return getattr(self._fig, name)


def render(fig: go.Figure, provs: Sequence[Provenance], title: str | None = None) -> bytes:
    """The PNG bytes of the figure's preview, titled `title` (what the chart shows and over which
    dates; the figure's own title by default). In-process, the caller holds `charts.still.DRAWING`."""
    from matplotlib.figure import Figure  # imported on first use: the pages never pay for it

    spec = fig.to_dict()
    layout = spec.get("layout", {})
    still = bool(layout.get("width"))  # sized by its layout: an in-page still, drawn at that size
    width, height = (int(layout["width"]), int(layout.get("height") or 450)) if still else SIZE_PX
    # A preview's proportions at any size: type scaled by `em`, distances given in a preview's pixels.
    em = STILL_TYPE if still else 1.0
    canvas = Figure(figsize=(width / DPI, height / DPI), dpi=DPI, facecolor="white")
    at = _Place(width, height, em)
    title = title or text(layout.get("title", {}).get("text")) or "Dollar Tide chart"
    lines = textwrap.wrap(title, max(24, round(52 * width / SIZE_PX[0] / em)))[:2]
    canvas.text(at.x(48), 1 - at.y(31.5), "\n".join(lines), fontsize=26 * em, fontweight="bold", color=INK, va="top",
                ha="left", linespacing=1.1)
    top = 1 - at.y(126 + 50.4 * (len(lines) - 1))
    spec_types = {trace.get("type") for trace in spec.get("data", [])}
    if "choropleth" in spec_types:
        from .preview_map import draw as draw_map

        draw_map(canvas, spec, top)
        return _finish(canvas, provs, at)
    panels = {t.get("xaxis") or "x" for t in spec.get("data", [])}
    if len(panels) > 1:  # stacked panels (one per holder): a preview shows the first, named
        first = next((a for a in layout.get("annotations", []) if a.get("yref") == "y domain"), None)
        if first is not None:
            canvas.text(at.x(84), top + at.y(6.3), f"{text(first.get('text'))} (first of {len(panels)})",
                        fontsize=16 * em, color=INK, va="bottom", ha="left")
    # Right of the plot, each line's last value: a phone's narrow still gives them less room.
    labels = at.x(324 if width >= 600 else 250)
    left = 64 / width if still else at.x(84)  # room for the unit beside the ticks
    ax = canvas.add_axes((left, at.y(107.1), 1 - left - labels, top - at.y(107.1)))
    bars_ax = None
    ends: list[tuple[float, str, str]] = []
    stacked = layout.get("barmode") == "relative"
    ups: dict[object, float] = {}
    downs: dict[object, float] = {}
    for trace, x, y, color in drawn(fig):
        if meta_of(trace).get("export") is False or (trace.get("xaxis") or "x") != "x":
            continue
        if trace.get("type") == "bar" or meta_of(trace).get("spikes"):
            width = BAR_WIDTH if dated(x) else 0.8  # date axes take bar widths as time (a plain 12 is zero-wide)
            if trace.get("yaxis") == "y2":
                bars_ax = bars_ax or ax.twinx()
                bars_ax.bar(x, y, width=width, color=color, alpha=0.45)
            elif stacked:  # plotly's relative bars: positive parts stacked up, negative ones down
                values = np.nan_to_num(y)
                base = np.array([(ups if v >= 0 else downs).get(k, 0.0) for k, v in zip(x, values, strict=True)])
                ax.bar(x, values, width=width, bottom=base, color=color, label=text(trace.get("name")))
                for k, v, b in zip(x, values, base, strict=True):
                    (ups if v >= 0 else downs)[k] = b + v
            else:
                ax.bar(x, y, width=width, color=color)
            continue
        name = text(trace.get("name"))
        if str(trace.get("mode")) == "markers":
            ax.plot(x, y, linestyle="none", marker="D", color=INK, markersize=6 * em, label=name)
            continue
        ax.plot(x, y, color=color, linewidth=3 * max(em, 0.7), label=name,
                marker="o" if "markers" in str(trace.get("mode")) else None, markersize=3 * em)
        finite = np.flatnonzero(np.isfinite(y))
        if len(finite):
            last = finite[-1]
            decimals = min(int(meta_of(trace).get("decimals", 2)), 2)
            short = name if len(name) <= 16 else name[:15] + "…"
            ends.append((float(y[last]), f"{short}: {y[last]:,.{decimals}f}", color))
            ax.plot([x[last]], [y[last]], "o", color=color, markersize=8 * em)
    _bridges(ax, layout)
    if stacked:  # what each colour is: the parts of a change have no line end to carry a label
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False, fontsize=14 * em)
    if bars_ax is not None:
        bars_ax.set_axis_off()
        ax.set_zorder(bars_ax.get_zorder() + 1)
        ax.patch.set_visible(False)
    _style(ax, layout, em)
    _label_ends(canvas, ax, ends, em)
    return _finish(canvas, provs, at)


class _Place:
    """Distances given in a 1200×630 preview's pixels, as fractions of a picture of any size."""

    def __init__(self, width: int, height: int, em: float) -> None:
        self.width, self.height, self.em, self.still = width, height, em, em != 1.0

    def x(self, px: float) -> float:
        return px * self.em / self.width

    def y(self, px: float) -> float:
        return px * self.em / self.height


def _finish(canvas: object, provs: Sequence[Provenance], at: _Place) -> bytes:
    """The source line and the mark under the picture, and the PNG's bytes."""
    source = " · ".join(f"{p.credit} (data to {as_of_text(p)})" for p in provs)
    chars = max(40, round((SOURCE_CHARS + 12 * at.still) * at.width / SIZE_PX[0] / at.em))
    canvas.text(at.x(48), at.y(18.9), "\n".join(textwrap.wrap(f"Source: {source}", chars)[:2]),  # type: ignore[attr-defined]
                fontsize=12 * at.em, color=MUTED, va="bottom", ha="left")
    out = io.BytesIO()
    if not at.still:  # a still sits in the app's own page: no mark
        canvas.text(1 - at.x(48), at.y(18.9), APP_NAME, fontsize=16 * at.em, color="#0072B2",  # type: ignore[attr-defined]
                    fontweight="bold", va="bottom", ha="right")
    if not at.still:
        canvas.savefig(out, format="png", dpi=DPI, facecolor="white")  # type: ignore[attr-defined]
        return out.getvalue()
    from PIL import Image  # matplotlib's own dependency

    canvas.savefig(out, format="png", dpi=DPI * STILL_PIXEL_RATIO, facecolor="white")  # type: ignore[attr-defined]
    picture = Image.open(io.BytesIO(out.getvalue())).convert("RGB").quantize(STILL_COLOURS)
    small = io.BytesIO()
    picture.save(small, format="PNG", optimize=True)
    return small.getvalue()


def dated(x: np.ndarray) -> bool:
    return np.issubdtype(x.dtype, np.datetime64)


def _bridges(ax: object, layout: dict) -> None:
    """The chart's dotted segments in data coordinates (a missing report bridged, as on the page)."""
    for shape in layout.get("shapes") or []:
        if shape.get("type") != "line" or shape.get("xref") != "x" or shape.get("yref") != "y":
            continue
        line = shape.get("line") or {}
        ax.plot([np.datetime64(str(shape["x0"])), np.datetime64(str(shape["x1"]))],  # type: ignore[attr-defined]
                [shape["y0"], shape["y1"]], color=line.get("color", MUTED), linewidth=2.5, linestyle=":")


def _style(ax: object, layout: dict, em: float = 1.0) -> None:
    ax.grid(axis="y", color=GRID, linewidth=1)  # type: ignore[attr-defined]
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)  # type: ignore[attr-defined]
    ax.tick_params(labelsize=14 * em, colors=MUTED, length=0)  # type: ignore[attr-defined]
    if ax.xaxis.get_converter() is not None and "date" in type(ax.xaxis.get_converter()).__name__.lower():  # type: ignore[attr-defined]
        from matplotlib.dates import AutoDateLocator, ConciseDateFormatter

        # a thumbnail's dates never overlap, nor a phone's still's
        locator = AutoDateLocator(minticks=3, maxticks=max(3, min(7, int(ax.bbox.width / 90))))  # type: ignore[attr-defined]
        ax.xaxis.set_major_locator(locator)  # type: ignore[attr-defined]
        ax.xaxis.set_major_formatter(ConciseDateFormatter(locator))  # type: ignore[attr-defined]
    unit = text((layout.get("yaxis") or {}).get("title", {}).get("text"))
    if unit:
        ax.set_ylabel(unit, fontsize=14 * em, color=MUTED)  # type: ignore[attr-defined]
    if (layout.get("yaxis") or {}).get("type") == "log":
        ax.set_yscale("log")  # type: ignore[attr-defined]


def _label_ends(canvas: object, ax: object, labels: list[tuple[float, str, str]], em: float = 1.0) -> None:
    """Each line's last value, right of the plot, in its colour, spread so that labels never overlap."""
    if not labels:
        return
    low, high = ax.get_ylim()  # type: ignore[attr-defined]
    log = ax.get_yscale() == "log"  # type: ignore[attr-defined]

    def where(value: float) -> float:
        if log and value > 0 and low > 0:
            return (np.log(value) - np.log(low)) / (np.log(high) - np.log(low))
        return (value - low) / (high - low) if high != low else 0.5

    placed: list[float] = []
    step = 0.075 if em == 1.0 else 30 * em / max(ax.bbox.height, 1)  # type: ignore[attr-defined]  # ~30 px apart
    for value, label, color in sorted(labels[:8], key=lambda item: -item[0]):
        y = min(max(where(value), 0.0), 1.0)
        if placed and y > placed[-1] - step:
            y = placed[-1] - step
        placed.append(y)
        ax.text(1.02, y, label, transform=ax.transAxes, fontsize=15 * em, color=color,  # type: ignore[attr-defined]
                fontweight="bold", va="center", ha="left", clip_on=False)


def warm() -> None:
    """Import matplotlib and draw once, so the first real preview pays for neither."""
    from matplotlib.figure import Figure

    Figure(figsize=(1, 1)).savefig(io.BytesIO(), format="png")
