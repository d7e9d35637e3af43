"""Link-preview images: a chart state drawn as a 1200×630 PNG on the server, readable as a thumbnail.

Drawn from the same plotly figure the page shows (its traces, names, colours and title), with
matplotlib's Agg canvas: a pip-installed library, no browser. Big title, the lines, each line's
last value, the source line. Decorations that the CSV leaves out (markers sitting on a line) are
left out here too; bars on a second axis (intervention amounts) are drawn faintly behind.

Two steps: `payload` reads the figure here, in the server (the points inside the shown range,
names, colours, labels, the source line: a few KB of numbers and words); `web.draw.picture` draws
that payload, in a preview worker that imports only numpy and matplotlib (`web.render`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import plotly.graph_objects as go

from charts.export import drawn, text
from charts.meta import meta_of
from data_sources.result import Provenance
from views.cite import APP_NAME, as_of_text

from . import draw, preview_map
from .draw import MUTED, SIZE_PX, warm

__all__ = ["SIZE_PX", "STILL_WIDTHS", "Sized", "payload", "render", "warm"]
assert draw.MARK == APP_NAME

#: The in-page stills, by name: as wide as the page's chart on a 1280 px screen beside the sidebar,
#: and on a phone (412 px, Lighthouse's); as tall as the chart. Other widths show the nearer one
#: scaled into the chart's box.
STILL_WIDTHS = {"wide": 820, "narrow": 380}


class Sized:
    """`fig` with its layout's width and height set: what `render` draws as an in-page still (a chart
    page's first paint, `web.pages`). Only the spec's top level is copied; the figure (shared,
    `views.memo`) is never changed."""

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
    return draw.picture(payload(fig, provs, title))


def payload(fig: go.Figure, provs: Sequence[Provenance], title: str | None = None) -> dict[str, Any]:
    """What a preview draws, read from the figure: plain values and numpy arrays, picklable and small."""
    spec = fig.to_dict()
    layout = spec.get("layout", {})
    out: dict[str, Any] = {
        "title": title or text(layout.get("title", {}).get("text")) or "Dollar Tide chart",
        "source": " · ".join(f"{p.credit} (data to {as_of_text(p)})" for p in provs),
    }
    if layout.get("width"):  # sized by its layout: an in-page still, drawn at that size
        out["size"] = (int(layout["width"]), int(layout.get("height") or 450))
    if any(trace.get("type") == "choropleth" for trace in spec.get("data", [])):
        return out | {"map": preview_map.payload(spec)}
    panels = {t.get("xaxis") or "x" for t in spec.get("data", [])}
    if len(panels) > 1:
        first = next((a for a in layout.get("annotations", []) if a.get("yref") == "y domain"), None)
        if first is not None:
            out["panel"] = f"{text(first.get('text'))} (first of {len(panels)})"
    traces = []
    for trace, x, y, color in drawn(fig):
        meta = meta_of(trace)
        if meta.get("export") is False or (trace.get("xaxis") or "x") != "x":
            continue
        traces.append({"x": x, "y": y, "color": color, "name": text(trace.get("name")),
                       "bars": trace.get("type") == "bar" or bool(meta.get("spikes")), "yaxis": trace.get("yaxis"),
                       "mode": str(trace.get("mode")), "decimals": int(meta.get("decimals", 2))})
    yaxis = layout.get("yaxis") or {}
    return out | {"traces": traces, "stacked": layout.get("barmode") == "relative", "bridges": _bridges(layout),
                  "unit": text(yaxis.get("title", {}).get("text")), "log": yaxis.get("type") == "log"}


def _bridges(layout: dict) -> list[tuple]:
    """The chart's dotted segments in data coordinates (a missing report bridged, as on the page)."""
    out = []
    for shape in layout.get("shapes") or []:
        if shape.get("type") != "line" or shape.get("xref") != "x" or shape.get("yref") != "y":
            continue
        line = shape.get("line") or {}
        out.append((np.datetime64(str(shape["x0"])), np.datetime64(str(shape["x1"])), shape["y0"], shape["y1"],
                    line.get("color", MUTED)))
    return out
