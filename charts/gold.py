"""Gold: holdings by economy (drawn only where reported), top holders, buyers and sellers, price."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from .common import DOWN, PALETTE, UP, base_layout, data_range, figure, series_trace, vmark
from .meta import trace_meta

#: A step between two reports this many times the economy's usual one skips at least one report.
GAP_FACTOR = 1.5
#: How many steps around a report its usual interval is taken over (the median): the world total
#: went from quarterly to monthly in 2000, and a gap is judged against the cadence of its own time.
USUAL_STEPS = 9
#: The longest silence a dotted segment bridges: up to three missing quarters (a late or skipped
#: report). Longer, the economy stopped reporting for a while, and the line stops.
BRIDGE_MAX = pd.Timedelta(days=370)
BRIDGE_DASH = "dot"


def gaps(series: pd.Series) -> list[tuple[pd.Timestamp, pd.Timestamp]]:
    """(last report, next report) wherever a series skips one of its usual reporting periods."""
    reports = series.dropna().sort_index().index
    if len(reports) < 3:
        return []
    steps = reports.to_series().diff().dt.days.iloc[1:]
    usual = steps.rolling(USUAL_STEPS, center=True, min_periods=1).median()
    skipped = (steps > usual * GAP_FACTOR).to_numpy()
    return [(reports[i], reports[i + 1]) for i in np.flatnonzero(skipped)]


def with_breaks(series: pd.Series) -> pd.Series:
    """Insert a gap wherever a series skips one of its usual reporting periods, so that a line is
    never drawn across a missing quarter (nothing is interpolated)."""
    series = series.dropna().sort_index()
    found = gaps(series)
    if not found:
        return series
    breaks = pd.Series(np.nan, index=pd.DatetimeIndex([end for _, end in found]) - pd.Timedelta(days=1))
    return pd.concat([series, breaks]).sort_index()


def bridges(series: pd.Series) -> list[tuple[pd.Timestamp, pd.Timestamp]]:
    """The gaps a chart bridges with a dotted segment: up to `BRIDGE_MAX` long, between two reports
    that are drawn (a negative volume, as published now and then, is not a holding and is not drawn)."""
    values = series.dropna()
    return [(a, b) for a, b in gaps(values) if b - a <= BRIDGE_MAX and values[a] >= 0 and values[b] >= 0]


def isolated(drawn: pd.Series) -> pd.Series:
    """The values with no value on either side (a line through them has no length)."""
    present = drawn.notna().to_numpy()
    before = np.concatenate([[False], present[:-1]])
    after = np.concatenate([present[1:], [False]])
    return drawn[present & ~before & ~after]


def report_labels(drawn: pd.Series, found: list[tuple[pd.Timestamp, pd.Timestamp]]) -> list[str]:
    """Each point's report date for the hover; a report after a missing one names the one before
    ("2026-06-30, previous report 2025-12-31"), so a bridged quarter is never read as reported."""
    after = {end: start for start, end in found}
    return ["" if np.isnan(value) else
            f"{day:%Y-%m-%d}" + (f", previous report {after[day]:%Y-%m-%d}" if day in after else "")
            for day, value in drawn.items()]


def bridge_shape(start: pd.Timestamp, end: pd.Timestamp, y0: float, y1: float, color: str, group: str,
                 log: bool) -> dict:
    """A dotted segment between two reports either side of a missing one. A layout shape, not a
    trace: it is no data (the export and the link preview leave it out), and in the legend group of
    its economy it hides with the line. On a log axis a shape takes log10 coordinates."""
    if log:
        y0, y1 = float(np.log10(y0)), float(np.log10(y1))
    return {"type": "line", "xref": "x", "yref": "y", "x0": f"{start:%Y-%m-%d}", "x1": f"{end:%Y-%m-%d}",
            "y0": y0, "y1": y1, "line": {"color": color, "width": 1.5, "dash": BRIDGE_DASH},
            "legendgroup": group, "showlegend": False, "layer": "above"}


def holdings(
    table: Mapping[str, pd.Series],
    names: Mapping[str, str],
    unit_label: str,
    source: str,
    title: str = "Official gold holdings",
    log: bool = False,
) -> go.Figure:
    """One line per economy through its consecutive reports; a report missing (a late quarter) is
    bridged by a dotted segment (`bridges`), a long silence leaves the line open. A report with no
    solid line to it gets a dot, so no report is invisible; only those get a marker: a marker on
    each of ~650 monthly reports doubled the time the browser took to draw the chart. A negative
    volume (published now and then) is not a holding: it is left out of the line (the view says so
    under the chart). The hover names each point's report date."""
    traces, shapes = [], []
    for i, (code, series) in enumerate(table.items()):
        found = gaps(series)
        drawn = with_breaks(series)
        drawn = drawn.where(drawn >= 0)
        name, color = names.get(code, code), PALETTE[i % len(PALETTE)]
        hover = f"%{{customdata}}: %{{y:,.1f}} {unit_label}"
        traces.append(series_trace(drawn, name, line={"color": color}, connectgaps=False, hovertemplate=hover,
                                   customdata=report_labels(drawn, found), meta=trace_meta(decimals=3),
                                   legendgroup=code))
        alone = isolated(drawn)
        if not alone.empty:
            # The line's own point carries the hover; the dot only shows where the report is.
            traces.append(series_trace(alone, name, "markers", marker={"size": 6, "color": color}, showlegend=False,
                                       hoverinfo="skip", legendgroup=code, meta=trace_meta(export=False)))
        values = series.dropna()
        shapes += [bridge_shape(a, b, float(values[a]), float(values[b]), color, code, log)
                   for a, b in bridges(values) if not log or (values[a] > 0 and values[b] > 0)]
    layout = base_layout(title, unit_label)
    reported = [s.dropna().index for s in table.values() if not s.dropna().empty]
    if reported:
        first, last = min(i.min() for i in reported), max(i.max() for i in reported)
        pad = max(pd.Timedelta(days=20), (last - first) * 0.01)
        layout["xaxis"] = {**layout["xaxis"], "range": [f"{first - pad:%Y-%m-%d}", f"{last + pad:%Y-%m-%d}"]}
    if shapes:
        layout["shapes"] = shapes
    if log:
        layout["yaxis"]["type"] = "log"
    return figure(traces, layout, source)


def stale_pattern(old: np.ndarray) -> dict:
    """Hatching for the bars of reports older than a quarter: it reads the same in both themes (a
    fainter bar looked lighter on white and darker on the dark theme)."""
    return {"shape": ["/" if stale else "" for stale in old], "solidity": 0.45, "fillmode": "replace"}


def top_holders(
    top: pd.DataFrame, names: Mapping[str, str], date_label: str, unit_label: str, source: str
) -> go.Figure:
    """Bars of each economy's latest report up to the date; a report older than a quarter is
    labelled with its own date and drawn hatched, so a late reporter is neither dropped nor passed
    off as current."""
    ordered = top.sort_values("value")
    old = ordered["old"].to_numpy(dtype=bool) if "old" in ordered else np.zeros(len(ordered), dtype=bool)
    reported = pd.to_datetime(ordered["reported"]) if "reported" in ordered else pd.Series([pd.NaT] * len(ordered))
    labels = [f"{names.get(c, c)} ({d:%Y-%m-%d})" if stale else names.get(c, c)
              for c, d, stale in zip(ordered["series"], reported, old, strict=True)]
    bar = dict(
        type="bar",
        x=ordered["value"].to_numpy(dtype=float),
        y=labels,
        orientation="h",
        marker={"color": PALETTE[1], "pattern": stale_pattern(old)},
        name=unit_label,
        customdata=[f"{d:%Y-%m-%d}" if pd.notna(d) else "" for d in reported],
        hovertemplate=f"%{{y}}: %{{x:,.1f}} {unit_label}, reported for %{{customdata}}<extra></extra>",
    )
    layout = base_layout(
        f"Largest official gold holders, latest reports up to {date_label}", "",
        height=max(300, 26 * len(top) + 120), legend=False
    )
    layout["xaxis"] = {"title": {"text": unit_label}}
    layout["hovermode"] = "closest"
    return figure([bar], layout, source)


def net_changes(
    changes: pd.DataFrame, names: Mapping[str, str], window_label: str, unit_label: str, source: str
) -> go.Figure:
    """Bars of the change between each economy's reports, buyers above sellers (largest purchase
    at the top, largest sale at the bottom), each bar labelled with its value; an end report older
    than a quarter before the window's end is labelled with its date."""
    ordered = changes.sort_values("change", kind="stable")  # plotly draws the first row at the bottom
    values = ordered["change"].to_numpy(dtype=float)
    old = ordered["old"].to_numpy(dtype=bool) if "old" in ordered else np.zeros(len(ordered), dtype=bool)
    ends = pd.to_datetime(ordered["to"]) if "to" in ordered else pd.Series([pd.NaT] * len(ordered))
    labels = [f"{names.get(c, c)} (to {d:%Y-%m-%d})" if stale else names.get(c, c)
              for c, d, stale in zip(ordered["series"], ends, old, strict=True)]
    bar = dict(
        type="bar",
        x=values,
        y=labels,
        orientation="h",
        marker={"color": [UP if v > 0 else DOWN for v in values], "pattern": stale_pattern(old)},
        name=f"net change, {unit_label}",
        hovertemplate=f"%{{y}}: %{{x:+,.1f}} {unit_label}<extra></extra>",
        text=[f"{v:+,.1f}" for v in values], textposition="outside", cliponaxis=False,
    )
    layout = base_layout(
        f"Net buyers and sellers, {window_label}", "", height=max(300, 26 * len(changes) + 120), legend=False
    )
    layout["xaxis"] = {"title": {"text": f"net change, {unit_label}"}, "zeroline": True}
    layout["hovermode"] = "closest"
    return figure([bar], layout, source)


def price_and_value(price: pd.Series, value: pd.Series, economy: str, source: str,
                    changes: Sequence[Mapping[str, str]] = ()) -> go.Figure:
    """Gold price (left axis) and the value of one economy's holdings (right axis). `changes` are
    the price's definition changes as the Pink Sheet's notes give them (the reader's
    `definition_changes`): each is a thin dotted line at the change month with a short label, and
    the price's hover says which definition each month's price is on. A negative value (from a
    negative volume as published) is not drawn."""
    drawn = with_breaks(value)
    drawn = drawn.where(drawn >= 0)
    marks = sorted(((change_month(c), c) for c in changes), key=lambda mark: mark[0])
    price_hover = "$%{y:,.0f}/oz"
    extra: dict = {}
    if marks:
        extra["customdata"] = [basis_at(day, marks) for day in price.index]
        price_hover += " (%{customdata})"
    traces = [
        series_trace(price, "Gold price, USD/oz", line={"color": PALETTE[1]}, hovertemplate=price_hover, **extra),
        series_trace(drawn, f"Value of {economy}'s gold, USD bn", "lines+markers", marker={"size": 4}, yaxis="y2",
                     line={"color": PALETTE[0]}, hovertemplate="$%{y:,.1f} bn"),
    ]
    layout = base_layout(f"Gold price and the value of {economy}'s holdings", "USD per troy oz", height=420)
    layout["yaxis"]["rangemode"] = "tozero"
    layout["yaxis2"] = {
        "title": {"text": "USD bn"},
        "overlaying": "y",
        "side": "right",
        "showgrid": False,
        "rangemode": "tozero",
        "tickmode": "auto",
    }
    shown = pd.concat([price.dropna(), drawn.dropna()]).index
    if not shown.empty:
        layout["xaxis"] = {**layout["xaxis"], "range": data_range(shown)}
    for start, change in marks:
        if shown.empty or not shown.min() <= start <= shown.max():
            continue  # a change outside the shown months is not this chart's to mark
        late = start > shown.min() + (shown.max() - shown.min()) / 2  # its label left of the line
        shape, label = vmark(start, definition_label(change, start), str(change.get("note", "")), left=late)
        layout.setdefault("shapes", []).append(shape)
        layout.setdefault("annotations", []).append(label)
    return figure(traces, layout, source)


def change_month(change: Mapping[str, str]) -> pd.Timestamp:
    """The first day of a definition change's month (the Pink Sheet dates a month on its first day)."""
    return pd.Timestamp(change.get("month") or change["date"]).to_period("M").start_time


def definition_label(change: Mapping[str, str], start: pd.Timestamp) -> str:
    """'definition change: spot average from Jun 2025' (the new basis up to its first "of")."""
    basis = str(change.get("basis") or "").split(" of ")[0].strip()
    return f"definition change: {basis} from {start:%b %Y}" if basis else f"definition change from {start:%b %Y}"


def basis_at(day: pd.Timestamp, marks: Sequence[tuple[pd.Timestamp, Mapping[str, str]]]) -> str:
    """Which definition a month's price is on: the latest change on or before it, else the basis the
    first change replaced."""
    current = str(marks[0][1].get("previous") or "before the change")
    for start, change in marks:
        if day >= start:
            current = str(change.get("basis") or "after the change")
    return current
