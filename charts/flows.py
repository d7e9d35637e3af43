"""Was it selling? Holdings changes split into net purchases, price changes and other; the Fed's
weekly custody count beside TIC's monthly foreign official holdings. Pure: data in, figure out."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import plotly.graph_objects as go

from analysis.flows import FORM_S, PARTS, SLT, cumulative

from .common import PALETTE, base_layout, dates, figure, series_trace, vmark
from .meta import trace_meta

COLOURS = {"net": PALETTE[0], "valuation": PALETTE[1], "other": "#9A9A9A", "form_s": PALETTE[5]}
FORM_S_NAME = "Form S: net purchases of bonds & notes (by counterparty)"
CHANGE_NAME = "Change in holdings"
PANEL_PX, PANEL_GAP = 190, 0.08
MONTH = {"xperiod": "M1", "xperiodalignment": "middle"}  # a month's bar sits over its month


def _axes(rows: int) -> tuple[dict, list[tuple[str, str]]]:
    """Stacked panels sharing one time axis: layout entries, and each panel's (xaxis, yaxis) ids."""
    layout: dict = {}
    ids = []
    step = (1 - PANEL_GAP * (rows - 1)) / rows
    for i in range(rows):
        n = "" if i == 0 else str(i + 1)
        top = 1 - i * (step + PANEL_GAP)
        layout[f"yaxis{n}"] = {"domain": [max(top - step, 0), top], "zeroline": True, "zerolinecolor": "#9A9A9A",
                               "separatethousands": True, "title": {"text": "USD bn"}, "anchor": f"x{n}"}
        layout[f"xaxis{n}"] = {"anchor": f"y{n}", "showticklabels": i == rows - 1, "type": "date",
                               **({"matches": "x"} if i else {})}
        ids.append((f"x{n}", f"y{n}"))
    return layout, ids


def _panel_title(text: str, yaxis: str) -> dict:
    ref = "y domain" if yaxis == "y" else f"{yaxis} domain"
    return {"text": f"<b>{text}</b>", "xref": "paper", "x": 0, "xanchor": "left", "yref": ref, "y": 1,
            "yanchor": "bottom", "showarrow": False, "font": {"size": 12}}


def selling(parts: Mapping[str, pd.DataFrame], titles: Mapping[str, str], source: str, *, title: str,
            running: bool = False, x_range: tuple[pd.Timestamp, pd.Timestamp] | None = None) -> go.Figure:
    """One panel per holder: each month's holdings change as stacked bars of net purchases, price
    changes and other changes, with the change itself as a marker (`running`: the same parts summed
    over the window, as lines). Form S months (before 2023-02) show their own measure, alone."""
    holders = list(parts)
    axes, ids = _axes(len(holders))
    traces: list[dict] = []
    shown: set[str] = set()
    annotations, shapes = [], []
    for holder, (x, y) in zip(holders, ids, strict=True):
        frame = parts[holder]
        name = titles.get(holder, holder)
        annotations.append(_panel_title(name, y))

        def legend(key: str) -> dict:
            once = key not in shown
            shown.add(key)
            return {"legendgroup": key, "showlegend": once}

        if running:
            sums = cumulative(frame)
            for key, label in PARTS.items():
                traces.append(series_trace(sums[key], label, xaxis=x, yaxis=y, line={"color": COLOURS[key]},
                                           hovertemplate="%{y:+,.1f} bn", **legend(key),
                                           meta=trace_meta(decimals=1, unit="USD bn",
                                                           column=f"{name}: {label}, running total")))
            traces.append(series_trace(sums["change"], CHANGE_NAME, xaxis=x, yaxis=y,
                                       line={"color": "#222222", "dash": "dot", "width": 2},
                                       hovertemplate="%{y:+,.1f} bn", **legend("change"),
                                       meta=trace_meta(decimals=1, unit="USD bn",
                                                       column=f"{name}: {CHANGE_NAME}, running total")))
            continue
        slt = frame[frame["source"] == SLT]
        for key, label in PARTS.items():
            values = slt[key]
            traces.append(dict(type="bar", x=dates(values.index), y=values.to_numpy(dtype=float), name=label,
                               xaxis=x, yaxis=y, marker={"color": COLOURS[key]}, hovertemplate="%{y:+,.1f} bn",
                               **MONTH, **legend(key),
                               meta=trace_meta(decimals=1, unit="USD bn", column=f"{name}: {label}")))
        old = frame[frame["source"] == FORM_S]["net"]
        if not old.empty:
            traces.append(dict(type="bar", x=dates(old.index), y=old.to_numpy(dtype=float), name=FORM_S_NAME,
                               xaxis=x, yaxis=y, marker={"color": COLOURS["form_s"]}, hovertemplate="%{y:+,.1f} bn",
                               **MONTH, **legend("form_s"),
                               meta=trace_meta(decimals=1, unit="USD bn", column=f"{name}: {FORM_S_NAME}")))
        change = frame["change"].dropna()
        traces.append(series_trace(change, CHANGE_NAME, mode="markers", xaxis=x, yaxis=y, **MONTH,
                                   marker={"symbol": "diamond", "size": 7, "color": "#222222",
                                           "line": {"width": 1, "color": "#FFFFFF"}},
                                   hovertemplate="%{y:+,.1f} bn", **legend("change"),
                                   meta=trace_meta(decimals=1, unit="USD bn", column=f"{name}: {CHANGE_NAME}")))
        if not old.empty and not slt.empty:
            line, note = vmark(pd.Timestamp("2023-02-01"), "Form SLT from here",
                               "Before February 2023: TIC Form S, long-term only, by counterparty; a different "
                               "measure, not joined")
            shapes.append({**line, "xref": x, "yref": f"{y} domain"})
            annotations.append({**note, "xref": x, "yref": f"{y} domain"})
    rows = len(holders)
    layout = base_layout(title, "USD bn", height=110 + PANEL_PX * rows)
    layout.update(axes)
    layout["barmode"] = "relative"
    layout["bargap"] = 0.15
    layout["hovermode"] = "x unified"
    layout["annotations"] = annotations
    layout["shapes"] = shapes
    if x_range is not None:
        layout["xaxis"]["range"] = [f"{x_range[0]:%Y-%m-%d}", f"{x_range[1]:%Y-%m-%d}"]
    for i in range(rows):
        layout["xaxis" if i == 0 else f"xaxis{i + 1}"]["hoverformat"] = "%b %Y"
    return figure(traces, layout, source)


def custody(weekly: pd.Series, official: pd.Series, source: str, *, title: str,
            x_range: tuple[pd.Timestamp, pd.Timestamp] | None = None) -> go.Figure:
    """The Fed's weekly custody holdings for foreign official accounts, and TIC's monthly foreign
    official holdings of Treasuries, on one axis (both USD bn; see the notes under the chart)."""
    traces = [
        series_trace(weekly, "Held in custody at the New York Fed (weekly, H.4.1)", line={"color": PALETTE[0]},
                     hovertemplate="%{y:,.1f} bn<extra>%{x|%d %b %Y}</extra>",
                     meta=trace_meta(decimals=1, unit="USD bn")),
        series_trace(official, "All foreign official holdings (monthly, TIC)", mode="lines+markers",
                     line={"color": PALETTE[3], "width": 1.5}, marker={"size": 4}, **MONTH,
                     hovertemplate="%{y:,.1f} bn<extra>%{x|%b %Y}</extra>", meta=trace_meta(decimals=1, unit="USD bn")),
    ]
    layout = base_layout(title, "USD bn")
    layout["hovermode"] = "closest"
    if x_range is not None:
        layout["xaxis"]["range"] = [f"{x_range[0]:%Y-%m-%d}", f"{x_range[1]:%Y-%m-%d}"]
    return figure(traces, layout, source)
