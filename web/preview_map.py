"""A map's link preview: the choropleth the page shows, drawn flat (plate carrée) with matplotlib
from the app's own world topology, each economy in its colour on the figure's scale, the small
economies' circles at their centres, and the scale's bar beneath.

Only what the plotly figure holds is used (locations, values, colour scale, its range): the page,
the CSV and the preview still come from one chart definition. `payload` reads those in the server;
`draw` paints them in a preview worker (numpy, matplotlib and plotly's colour scales only).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import numpy as np
from plotly.colors import sample_colorscale

TOPOLOGY = Path(__file__).resolve().parents[1] / "static" / "topojson" / "world_50m.json"  # what the page's map uses
LATITUDES = (-58.0, 85.0)  # the page's map leaves out Antarctica and the far north the same way
NO_DATA_RGBA = (0.63, 0.63, 0.63, 0.35)  # charts.maps.NO_DATA
Ring = np.ndarray


@cache
def shapes() -> dict[str, tuple[list[Ring], tuple[float, float] | None]]:
    """Each economy's polygons' outer and inner rings as (lon, lat) arrays, and its centre, by ISO3."""
    topology = json.loads(TOPOLOGY.read_text(encoding="utf-8"))
    scale, translate = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:  # quantised, delta-encoded
        points = np.cumsum(np.asarray(arc, dtype=float), axis=0)
        arcs.append(points * scale + translate)
    out: dict[str, tuple[list[Ring], tuple[float, float] | None]] = {}
    for geometry in topology["objects"]["countries"]["geometries"]:
        code = geometry.get("id")
        if not code:
            continue
        rings = [_ring(arcs, ring) for polygon in _polygons(geometry) for ring in polygon]
        centre = (geometry.get("properties") or {}).get("ct")
        out[code] = ([r for r in rings if len(r) > 2], tuple(centre) if centre else None)
    return out


def _polygons(geometry: dict) -> Iterator[list[list[int]]]:
    if geometry["type"] == "Polygon":
        yield geometry["arcs"]
    elif geometry["type"] == "MultiPolygon":
        yield from geometry["arcs"]


def _ring(arcs: list[np.ndarray], indices: list[int]) -> Ring:
    parts = [arcs[i] if i >= 0 else arcs[~i][::-1] for i in indices]
    ring = np.concatenate([p if k == 0 else p[1:] for k, p in enumerate(parts)]) if parts else np.empty((0, 2))
    if len(ring) > 1 and np.abs(np.diff(ring[:, 0])).max() > 180:  # crosses the antimeridian (Russia, Fiji)
        ring = ring.copy()
        ring[ring[:, 0] < 0, 0] += 360  # drawn on, east of 180°, not as a band across the world
    return ring


def colours(trace: dict, values: np.ndarray) -> list[str]:
    """Each value's colour on the trace's scale and range, as plotly.js paints it."""
    scale = trace["colorscale"]
    low = float(trace.get("zmin", trace.get("cmin", np.nanmin(values))))
    high = float(trace.get("zmax", trace.get("cmax", np.nanmax(values))))
    span = (high - low) or 1.0
    return sample_colorscale(scale, [float(np.clip((v - low) / span, 0, 1)) for v in values], colortype="rgb")


def rgb(colour: str) -> tuple[float, float, float]:
    r, g, b = (float(c) for c in colour[colour.index("(") + 1: colour.index(")")].split(",")[:3])
    return r / 255, g / 255, b / 255


def payload(spec: dict) -> dict:
    """What the map's preview paints, read in the server from the figure's dict: each economy's colour,
    the small economies' circles, the scale's colours and range."""
    data = spec.get("data", [])
    choropleth = next(t for t in data if t.get("type") == "choropleth")
    values = np.asarray(choropleth.get("z") or [], dtype=float)
    painted = {code: rgb(colour) for code, colour in zip(
        choropleth.get("locations") or [], colours(choropleth, values) if len(values) else [], strict=True)}
    dots = []
    for trace in data:
        if trace.get("type") != "scattergeo":
            continue
        marker = trace.get("marker") or {}
        found = list(zip(trace.get("locations") or [], marker.get("size") or [], marker.get("color") or [],
                         strict=True))
        if found:
            scale = {"colorscale": marker["colorscale"], "zmin": marker.get("cmin"), "zmax": marker.get("cmax")}
            fill = colours(scale, np.asarray([v for *_, v in found], dtype=float))
            dots += [(code, float(size), rgb(f)) for (code, size, _), f in zip(found, fill, strict=True)]
    scale_values = np.asarray(choropleth.get("z") or [0.0], dtype=float)
    steps = np.linspace(0, 1, 64)
    return {"painted": painted, "dots": dots,
            "bar": [rgb(c) for c in sample_colorscale(choropleth["colorscale"], steps, colortype="rgb")],
            "low": float(choropleth.get("zmin", np.nanmin(scale_values))),
            "high": float(choropleth.get("zmax", np.nanmax(scale_values))),
            "unit": ((choropleth.get("colorbar") or {}).get("title") or {}).get("text", "")}


def draw(canvas: object, payload: dict, top: float) -> None:
    """The map of `payload` (`payload(spec)`) on `canvas`, in the area below `top`."""
    from matplotlib.collections import PolyCollection

    painted = payload["painted"]
    ax = canvas.add_axes((0.02, 0.2, 0.96, top - 0.2))  # type: ignore[attr-defined]
    world = shapes()
    polygons, faces = [], []
    for code, (rings, _) in world.items():
        colour = (*painted[code], 1.0) if code in painted else NO_DATA_RGBA
        for ring in rings:
            polygons.append(ring)
            faces.append(colour)
    ax.add_collection(PolyCollection(polygons, facecolors=faces, edgecolors=(0.5, 0.5, 0.5, 0.6), linewidths=0.3))
    dots = [(world[c][1], size, fill) for c, size, fill in payload["dots"] if c in world and world[c][1] is not None]
    if dots:
        ax.scatter([c[0] for c, *_ in dots], [c[1] for c, *_ in dots], s=[(s * 1.6) ** 2 for _, s, _ in dots],
                   c=[f for *_, f in dots], edgecolors=(0.45, 0.45, 0.45), linewidths=1.2, zorder=3)
    ax.set_xlim(-170, 190)
    ax.set_ylim(*LATITUDES)
    ax.set_aspect("equal")
    ax.set_axis_off()
    _colourbar(canvas, payload)


def _colourbar(canvas: object, payload: dict) -> None:
    """The scale beneath the map, with its unit, as on the page."""
    from matplotlib.colors import LinearSegmentedColormap

    steps = np.linspace(0, 1, 64)
    cmap = LinearSegmentedColormap.from_list("scale", payload["bar"])
    bar = canvas.add_axes((0.3, 0.135, 0.4, 0.03))  # type: ignore[attr-defined]
    bar.imshow(steps[np.newaxis, :], aspect="auto", cmap=cmap, extent=(payload["low"], payload["high"], 0, 1))
    bar.set_yticks([])
    bar.tick_params(labelsize=12, colors="#6B7280", length=0)
    for side in bar.spines.values():
        side.set_visible(False)
    bar.set_title(payload["unit"], fontsize=12, color="#6B7280", pad=3)
