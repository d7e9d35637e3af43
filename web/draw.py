"""A link preview drawn from its compact payload (`web.preview.payload`): numpy and matplotlib only.

This is all a preview worker process imports (with `web.preview_map` for maps): no Streamlit, no
pandas, no plotly figures, no dataset. The server reads the plotly figure into the payload (the
points inside the shown range, names, colours, labels, the source line); a worker only draws it.
A spawned worker that imported `web.preview` (and through it the app) took ~190 MB of RSS before
its first drawing; one that imports this takes ~70 MB.
"""

from __future__ import annotations

import io
import textwrap
from typing import Any

import numpy as np

SIZE_PX = (1200, 630)  # Open Graph's recommended preview size
DPI = 100
INK, MUTED, GRID = "#1F2937", "#6B7280", "#E5E7EB"
BAR_WIDTH = np.timedelta64(12, "D")  # an intervention's bar, visible at a window of years
SOURCE_CHARS = 108  # a source line stops short of the "Dollar Tide" mark on its right
MARK = "Dollar Tide"  # views.cite.APP_NAME (not imported: views loads pandas)
#: An in-page still (a chart page's first paint, `web.pages`) is the same drawing at the size of the
#: page's chart (the payload's `size`, CSS pixels), drawn at twice as many pixels (sharp on phones),
#: its type smaller than a thumbnail's (a still is seen at its own size, not shrunk into a chat), and
#: stored with a palette: a third of the bytes, and the bytes are what a phone on a slow network waits for.
STILL_PIXEL_RATIO, STILL_TYPE, STILL_COLOURS = 2, 0.6, 128


class _Place:
    """Distances given in a 1200×630 preview's pixels, as fractions of a picture of any size."""

    def __init__(self, width: int, height: int, em: float) -> None:
        self.width, self.height, self.em, self.still = width, height, em, em != 1.0

    def x(self, px: float) -> float:
        return px * self.em / self.width

    def y(self, px: float) -> float:
        return px * self.em / self.height


def picture(payload: dict[str, Any]) -> bytes:
    """The PNG bytes of a preview payload. In-process, the caller holds `charts.still.DRAWING`."""
    from matplotlib.figure import Figure  # imported on first use: the pages never pay for it

    still = payload.get("size") is not None
    width, height = payload["size"] if still else SIZE_PX
    # A preview's proportions at any size: type scaled by `em`, distances given in a preview's pixels.
    em = STILL_TYPE if still else 1.0
    canvas = Figure(figsize=(width / DPI, height / DPI), dpi=DPI, facecolor="white")
    at = _Place(width, height, em)
    lines = textwrap.wrap(payload["title"], max(24, round(52 * width / SIZE_PX[0] / em)))[:2]
    canvas.text(at.x(48), 1 - at.y(31.5), "\n".join(lines), fontsize=26 * em, fontweight="bold", color=INK,
                va="top", ha="left", linespacing=1.1)
    top = 1 - at.y(126 + 50.4 * (len(lines) - 1))
    if payload.get("map") is not None:
        from .preview_map import draw as draw_map

        draw_map(canvas, payload["map"], top)
        return _finish(canvas, payload["source"], at)
    if payload.get("panel"):  # stacked panels (one per holder): a preview shows the first, named
        canvas.text(at.x(84), top + at.y(6.3), payload["panel"], fontsize=16 * em, color=INK, va="bottom",
                    ha="left")
    # Right of the plot, each line's last value: a phone's narrow still gives them less room.
    room = at.x(324 if width >= 600 else 250)
    left = 64 / width if still else at.x(84)  # room for the unit beside the ticks
    ax = canvas.add_axes((left, at.y(107.1), 1 - left - room, top - at.y(107.1)))
    bars_ax = None
    labels: list[tuple[float, str, str]] = []
    stacked = payload.get("stacked", False)
    ups: dict[object, float] = {}
    downs: dict[object, float] = {}
    for trace in payload["traces"]:
        x, y, color, name = trace["x"], trace["y"], trace["color"], trace["name"]
        if trace["bars"]:
            width = BAR_WIDTH if dated(x) else 0.8  # date axes take bar widths as time (a plain 12 is zero-wide)
            if trace["yaxis"] == "y2":
                bars_ax = bars_ax or ax.twinx()
                bars_ax.bar(x, y, width=width, color=color, alpha=0.45)
            elif stacked:  # plotly's relative bars: positive parts stacked up, negative ones down
                values = np.nan_to_num(y)
                base = np.array([(ups if v >= 0 else downs).get(k, 0.0) for k, v in zip(x, values, strict=True)])
                ax.bar(x, values, width=width, bottom=base, color=color, label=name)
                for k, v, b in zip(x, values, base, strict=True):
                    (ups if v >= 0 else downs)[k] = b + v
            else:
                ax.bar(x, y, width=width, color=color)
            continue
        if trace["mode"] == "markers":
            ax.plot(x, y, linestyle="none", marker="D", color=INK, markersize=6 * em, label=name)
            continue
        ax.plot(x, y, color=color, linewidth=3 * max(em, 0.7), label=name,
                marker="o" if "markers" in trace["mode"] else None, markersize=3 * em)
        finite = np.flatnonzero(np.isfinite(y))
        if len(finite):
            last = finite[-1]
            decimals = min(int(trace["decimals"]), 2)
            short = name if len(name) <= 16 else name[:15] + "…"
            labels.append((float(y[last]), f"{short}: {y[last]:,.{decimals}f}", color))
            ax.plot([x[last]], [y[last]], "o", color=color, markersize=8 * em)
    for x0, x1, y0, y1, color in payload.get("bridges", ()):  # a missing report bridged, as on the page
        ax.plot([x0, x1], [y0, y1], color=color, linewidth=2.5, linestyle=":")
    if stacked:  # what each colour is: the parts of a change have no line end to carry a label
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False, fontsize=14 * em)
    if bars_ax is not None:
        bars_ax.set_axis_off()
        ax.set_zorder(bars_ax.get_zorder() + 1)
        ax.patch.set_visible(False)
    _style(ax, payload.get("unit", ""), payload.get("log", False), em)
    _label_ends(ax, labels, em)
    return _finish(canvas, payload["source"], at)


def _finish(canvas: Any, source: str, at: _Place) -> bytes:
    """The source line and the mark under the picture (a still sits in the app's own page: no mark),
    and the PNG's bytes."""
    chars = max(40, round((SOURCE_CHARS + 12 * at.still) * at.width / SIZE_PX[0] / at.em))
    canvas.text(at.x(48), at.y(18.9), "\n".join(textwrap.wrap(f"Source: {source}", chars)[:2]),
                fontsize=12 * at.em, color=MUTED, va="bottom", ha="left")
    out = io.BytesIO()
    if not at.still:
        canvas.text(1 - at.x(48), at.y(18.9), MARK, fontsize=16, color="#0072B2", fontweight="bold", va="bottom",
                    ha="right")
        canvas.savefig(out, format="png", dpi=DPI, facecolor="white")
        return out.getvalue()
    from PIL import Image  # matplotlib's own dependency

    canvas.savefig(out, format="png", dpi=DPI * STILL_PIXEL_RATIO, facecolor="white")
    picture = Image.open(io.BytesIO(out.getvalue())).convert("RGB").quantize(STILL_COLOURS)
    small = io.BytesIO()
    picture.save(small, format="PNG", optimize=True)
    return small.getvalue()


def dated(x: np.ndarray) -> bool:
    return np.issubdtype(x.dtype, np.datetime64)


def _style(ax: Any, unit: str, log: bool, em: float = 1.0) -> None:
    ax.grid(axis="y", color=GRID, linewidth=1)
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    ax.tick_params(labelsize=14 * em, colors=MUTED, length=0)
    if ax.xaxis.get_converter() is not None and "date" in type(ax.xaxis.get_converter()).__name__.lower():
        from matplotlib.dates import AutoDateLocator, ConciseDateFormatter

        # a thumbnail's dates never overlap, nor a phone's still's
        locator = AutoDateLocator(minticks=3, maxticks=max(3, min(7, int(ax.bbox.width / 90))))
        ax.xaxis.set_major_locator(locator)
        ax.xaxis.set_major_formatter(ConciseDateFormatter(locator))
    if unit:
        ax.set_ylabel(unit, fontsize=14 * em, color=MUTED)
    if log:
        ax.set_yscale("log")
    else:  # thousands grouped as the page's own chart groups them: 2,000, not 2000
        from matplotlib.ticker import FuncFormatter

        ax.yaxis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:,.10g}"))


def _label_ends(ax: Any, labels: list[tuple[float, str, str]], em: float = 1.0) -> None:
    """Each line's last value, right of the plot, in its colour, spread so that labels never overlap."""
    if not labels:
        return
    low, high = ax.get_ylim()
    log = ax.get_yscale() == "log"

    def where(value: float) -> float:
        if log and value > 0 and low > 0:
            return (np.log(value) - np.log(low)) / (np.log(high) - np.log(low))
        return (value - low) / (high - low) if high != low else 0.5

    placed: list[float] = []
    step = 0.075 if em == 1.0 else 30 * em / max(ax.bbox.height, 1)  # ~30 px apart on a still
    for value, label, color in sorted(labels[:8], key=lambda item: -item[0]):
        y = min(max(where(value), 0.0), 1.0)
        if placed and y > placed[-1] - step:
            y = placed[-1] - step
        placed.append(y)
        ax.text(1.02, y, label, transform=ax.transAxes, fontsize=15 * em, color=color,
                fontweight="bold", va="center", ha="left", clip_on=False)


def warm() -> None:
    """Import matplotlib and draw once, so the first real preview pays for neither."""
    from matplotlib.figure import Figure

    Figure(figsize=(1, 1)).savefig(io.BytesIO(), format="png")
