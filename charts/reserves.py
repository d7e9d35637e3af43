"""Reserve currencies (IMF COFER) and China's reserves (SAFE, TIC, IMF): pure figure builders."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd
import plotly.graph_objects as go

from .common import LEGEND_ROW_PX, PALETTE, base_layout, figure, legend_rows, on_calendar, series_trace, vmark
from .meta import trace_meta

#: Decimals as each publisher gives them: COFER shares to 2 (%), amounts to 1 (USD bn). China's lines
#: take theirs from the catalogue (`DatasetSpec.decimals_for`).
SHARE_DECIMALS, AMOUNT_DECIMALS = 2, 1


def legend_below(layout: dict, traces: Sequence[dict]) -> dict:
    """The legend under the plot, two short entries a row on a phone (`legend_rows`): long names such
    as "Chinese renminbi" above the plot wrapped into the title on a 390 px screen (what `figure`
    does past six series)."""
    rows = legend_rows([str(t.get("name") or "") for t in traces])
    layout["legend"] = {**layout["legend"], "y": -0.08, "yanchor": "top", "font": {"size": 11}}
    layout["margin"] = {**layout["margin"], "t": 50, "b": layout["margin"]["b"] + LEGEND_ROW_PX * rows}
    layout["height"] = layout.get("height", 460) + LEGEND_ROW_PX * rows - 40
    return layout


def currencies(table: Mapping[str, pd.Series], unit: str, source: str, title: str, *,
               marks: Sequence[tuple[pd.Timestamp, str, str]] = ()) -> go.Figure:
    """One line per currency through its quarter ends (a currency the IMF does not report yet, the
    renminbi before 2016-Q4, starts where its figures start). `marks`: (date, short label, hover)
    for what changed in the series' definition, drawn as a thin dotted line (never exported)."""
    share = unit.startswith("%")
    decimals = SHARE_DECIMALS if share else AMOUNT_DECIMALS
    hover = "%{y:.2f}%" if share else "$%{y:,.1f} bn"
    traces = [series_trace(on_calendar(series.dropna(), "QE"), name, line={"color": PALETTE[i % len(PALETTE)]},
                           connectgaps=False, hovertemplate=hover, meta=trace_meta(decimals=decimals))
              for i, (name, series) in enumerate(table.items())]
    layout = legend_below(base_layout(title, unit), traces)
    layout["yaxis"]["rangemode"] = "tozero"
    shown = [s.dropna().index for s in table.values() if not s.dropna().empty]
    if shown:
        first, last = min(i.min() for i in shown), max(i.max() for i in shown)
        pad = max(pd.Timedelta(days=20), (last - first) * 0.01)
        layout["xaxis"] = {**layout["xaxis"], "range": [f"{first - pad:%Y-%m-%d}", f"{last + pad:%Y-%m-%d}"]}
        for day, label, text in marks:
            if first <= day <= last:
                shape, note = vmark(day, label, text, left=day > first + (last - first) / 2)
                layout.setdefault("shapes", []).append(shape)
                layout.setdefault("annotations", []).append(note)
    return figure(traces, layout, source)


#: In a unified hover, each line names its own month (or quarter): the heading is the month nearest
#: the pointer, and a series with no figure for it (SAFE's December 2024, the IMF's quarter ends)
#: shows its nearest report, which must not pass for that month's.
OWN_DATE = " (%{x})"


def china(usd: Mapping[str, pd.Series], tonnes: Mapping[str, pd.Series], source: str, title: str, *,
          reported: Sequence[str] = (), decimals: Mapping[str, int] | None = None) -> go.Figure:
    """Two panels on one time axis: USD bn above (SAFE's foreign-currency reserves and gold value,
    TIC's Treasury holdings), tonnes of gold below (SAFE monthly, the IMF's reports). Monthly series
    are put on their full calendar, so a month a publisher left empty (SAFE's December 2024) is a
    gap in the line, never joined across. Series named in `reported` are drawn as their reports
    (markers only: the IMF's quarter ends here). `decimals`: each line's, as its publisher gives it
    (the catalogue's), 1 where not given."""
    decimals = decimals or {}
    traces = []
    for i, (name, series) in enumerate(usd.items()):
        traces.append(series_trace(on_calendar(series.dropna(), "ME"), name, line={"color": PALETTE[i]},
                                   connectgaps=False, hovertemplate=f"$%{{y:,.1f}} bn{OWN_DATE}",
                                   meta=trace_meta(decimals=decimals.get(name, 1), unit="USD bn")))
    for j, (name, series) in enumerate(tonnes.items(), start=len(usd)):
        color = PALETTE[j % len(PALETTE)]
        if name in reported:
            trace = series_trace(series.dropna(), name, "markers", marker={"size": 8, "color": color,
                                                                          "symbol": "diamond"})
        else:
            trace = series_trace(on_calendar(series.dropna(), "ME"), name, line={"color": color},
                                 connectgaps=False)
        traces.append({**trace, "yaxis": "y2", "hovertemplate": f"%{{y:,.1f}} t{OWN_DATE}",
                       "meta": trace_meta(decimals=decimals.get(name, 1), unit="tonnes")})
    layout = legend_below(base_layout(title, "USD bn", height=620), traces)
    layout["yaxis"] = {**layout["yaxis"], "domain": [0.42, 1.0], "rangemode": "tozero"}
    layout["yaxis2"] = {"title": {"text": "tonnes of gold"}, "domain": [0.0, 0.32], "anchor": "x",
                        "separatethousands": True, "zeroline": False}
    layout["xaxis"] = {**layout["xaxis"], "anchor": "y2"}
    everything = [s.dropna().index for s in (*usd.values(), *tonnes.values()) if not s.dropna().empty]
    if everything:
        first, last = min(i.min() for i in everything), max(i.max() for i in everything)
        pad = pd.Timedelta(days=20)
        layout["xaxis"]["range"] = [f"{first - pad:%Y-%m-%d}", f"{last + pad:%Y-%m-%d}"]
    return figure(traces, layout, source)


def allocation(amounts: Mapping[str, pd.Series], imputed: pd.Series, source: str, title: str) -> go.Figure:
    """Allocated and unallocated reserves (USD bn, lines) and the share of the total whose currency
    the IMF imputed (% of total, markers on the right axis: published from the 2025-Q3 release on)."""
    traces = [series_trace(on_calendar(series.dropna(), "QE"), name, line={"color": PALETTE[i]},
                           connectgaps=False, hovertemplate="$%{y:,.1f} bn", meta=trace_meta(decimals=1))
              for i, (name, series) in enumerate(amounts.items())]
    if not imputed.dropna().empty:
        traces.append(series_trace(imputed.dropna(), "Imputed by the IMF", "markers+lines", yaxis="y2",
                                   marker={"size": 7, "color": PALETTE[3]}, line={"color": PALETTE[3], "dash": "dot"},
                                   hovertemplate="%{y:.2f}% of total", meta=trace_meta(decimals=2)))
    layout = legend_below(base_layout(title, "USD bn"), traces)
    layout["yaxis"]["rangemode"] = "tozero"
    layout["yaxis2"] = {"title": {"text": "% of total reserves"}, "overlaying": "y", "side": "right",
                        "showgrid": False, "rangemode": "tozero"}
    layout["margin"] = {**layout["margin"], "r": 60}
    return figure(traces, layout, source)
