"""What a chart exports: exactly the plotted points, in a spreadsheet-friendly wide table.

One row per date (or category), one column per plotted series, never two units in one column.
Traces that only decorate another series (intervention markers sitting on the rate line) are
marked `trace_meta(export=False)` by their builder (`charts.meta`, the contract) and left out.
Points outside the x-range the figure shows are left out too. A `meta` "decimals" rounds a column
as its publisher does; a trace drawn as spikes (`meta` "spikes": base, top, base per value, one path) exports its tops.
"""

from __future__ import annotations

import base64
import html
import re
from collections.abc import Iterator, Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from .common import PALETTE
from .meta import meta_of

DATE_COLUMN, LABEL_COLUMN, NOTE_COLUMN = "date", "label", "note"
TAGS = re.compile(r"<[^>]+>")
DEFAULT_DECIMALS = 4


def array(values: object) -> list:
    """A trace's x or y as a list: plain sequences, numpy arrays, or plotly's typed-array JSON."""
    if isinstance(values, dict) and "bdata" in values:
        decoded = np.frombuffer(base64.b64decode(values["bdata"]), dtype=np.dtype(values["dtype"]))
        return decoded.tolist()
    return list(values)  # type: ignore[call-overload]


def points(trace: object) -> tuple[list, list] | None:
    """A trace's (x, y) values as data, not as drawn: a spikes trace gives its tops; None when the
    trace has no x or y."""
    get = trace.get if isinstance(trace, dict) else lambda key: getattr(trace, key, None)
    x, y = get("x"), get("y")
    if x is None or y is None:
        return None
    x, y = array(x), array(y)
    if meta_of(trace).get("spikes"):
        return x[1::3], y[1::3]
    return x, y


def visible_range(fig: go.Figure) -> tuple[pd.Timestamp, pd.Timestamp] | None:
    axis = fig.layout.xaxis
    if axis is None or axis.range is None or len(axis.range) != 2:
        return None
    try:
        return pd.Timestamp(axis.range[0]), pd.Timestamp(axis.range[1])
    except (ValueError, TypeError):
        return None


def text(value: object) -> str:
    """A plotly label as plain text: tags stripped, whitespace collapsed."""
    return " ".join(TAGS.sub(" ", str(value or "")).split())


def x_values(values: object) -> np.ndarray:
    """A trace's x as datetime64 when they are dates, else as they are."""
    keys = array(values)
    if not (len(keys) and _is_date(str(keys[0]))):  # labels ("Matches", "Japan"): no date to read
        return np.asarray(keys, dtype=object)
    try:
        return pd.to_datetime(pd.Series(keys, dtype="object")).to_numpy()
    except (ValueError, TypeError):
        return np.asarray(keys, dtype=object)


def drawn(fig: go.Figure) -> Iterator[tuple[dict, np.ndarray, np.ndarray, str]]:
    """(trace, x, y, colour) for every trace with points, inside the x-range the figure shows."""
    spec = fig.to_dict()
    colorway = spec.get("layout", {}).get("colorway") or PALETTE
    shown = visible_range(fig)
    for i, trace in enumerate(spec.get("data", [])):
        found = points(trace)
        if found is None:
            continue
        x = x_values(found[0])
        y = pd.to_numeric(pd.Series(found[1], dtype="object"), errors="coerce").to_numpy(dtype=float)
        if shown is not None and np.issubdtype(x.dtype, np.datetime64):
            keep = (x >= np.datetime64(shown[0])) & (x <= np.datetime64(shown[1]))
            x, y = x[keep], y[keep]
        if not len(x):
            continue
        color = (trace.get("line") or {}).get("color") or (trace.get("marker") or {}).get("color")
        yield trace, x, y, color if isinstance(color, str) else colorway[i % len(colorway)]


def table(fig: go.Figure) -> pd.DataFrame:
    """The figure's plotted data, wide: a `date` (ISO) or `label` column, then one column per series."""
    columns: dict[str, pd.Series] = {}
    dated = True
    order: list[str] = []
    notes: dict[str, list[str]] = {}
    for trace in fig.data:
        meta = meta_of(trace)
        if meta.get("notes") and trace.x is not None and trace.text is not None:
            for key, note in zip(array(trace.x), array(trace.text), strict=False):
                notes.setdefault(str(key), []).append(str(note))
        if meta.get("export") is False:
            continue
        if getattr(trace, "type", None) == "choropleth":  # a map: one row per economy (its name)
            x, y = trace.text if trace.text is not None else trace.locations, trace.z
            if x is None or y is None:
                continue
        else:
            found = points(trace)
            if found is None:
                continue
            x, y = found
        keys, vals = (y, x) if getattr(trace, "orientation", None) == "h" else (x, y)
        values = pd.to_numeric(pd.Series(array(vals), dtype="object"), errors="coerce").to_numpy(dtype=float)
        keys = [str(k) for k in array(keys)]
        dated = dated and all(_is_date(k) for k in keys)
        series = pd.Series(values, index=keys)
        series = series[np.isfinite(series.to_numpy())]
        series = series[~series.index.duplicated(keep="first")]
        # As published where the builder says (TIC 1 decimal, FRED 2…); otherwise no float noise.
        series = series.round(int(meta.get("decimals", DEFAULT_DECIMALS)))
        name = _column_name(trace, meta.get("unit") or _axis_unit(fig, trace), columns)
        columns[name] = series
        order += [k for k in series.index if k not in set(order)]
    if not columns:
        return pd.DataFrame(columns=[DATE_COLUMN])
    wide = pd.DataFrame(columns)
    if dated:
        wide.index = pd.to_datetime(wide.index)
        wide = wide.sort_index()
        shown = visible_range(fig)
        if shown is not None:
            wide = wide.loc[shown[0]:shown[1]]
        if notes:  # a marker's note keeps its month in the table, even where the value is blank
            days = pd.to_datetime(list(notes))
            if shown is not None:
                days = days[(days >= shown[0]) & (days <= shown[1])]
            wide = wide.reindex(wide.index.union(days))
            keep = wide.notna().any(axis=1) | wide.index.isin(days)
        else:
            keep = wide.notna().any(axis=1)
        wide = wide[keep]
        wide.index = wide.index.strftime("%Y-%m-%d")
        wide.index.name = DATE_COLUMN
        if notes:
            wide[NOTE_COLUMN] = [" | ".join(notes.get(day, [])) for day in wide.index]
    else:
        wide = wide.reindex(order)
        wide.index.name = LABEL_COLUMN
    return wide.reset_index()


def _is_date(key: str) -> bool:
    return len(key) >= 10 and key[4] == "-" and key[7] == "-" and key[:4].isdigit()


def _axis_unit(fig: go.Figure, trace: object) -> str | None:
    """The unit a trace is drawn in: its value axis's title."""
    if getattr(trace, "orientation", None) == "h":
        axis = fig.layout.xaxis
    else:
        axis = fig.layout.yaxis2 if getattr(trace, "yaxis", None) == "y2" else fig.layout.yaxis
    text = axis.title.text if axis is not None and axis.title is not None else None
    return str(text) if text else None


def _column_name(trace: object, unit: str | None, taken: dict) -> str:
    # A panel's trace is named for its legend ("Net purchases"); its column says whose it is.
    name = str(meta_of(trace).get("column") or getattr(trace, "name", None) or "value")
    if unit and unit not in name:
        name = f"{name} ({unit})"
    base, n = name, 2
    while name in taken:
        name, n = f"{base} {n}", n + 1
    return name


def csv_text(fig: go.Figure, header: Sequence[tuple[str, str]] = ()) -> str:
    """The wide table as CSV, after a short `# key: value` header block (title, units, source…);
    `pandas.read_csv(..., comment="#")` reads it back."""
    lines = [f"# {key}: {' '.join(str(value).split())}" for key, value in header if value]
    body = table(fig).to_csv(index=False, lineterminator="\n")
    return "\n".join(lines) + ("\n" if lines else "") + body


def last_date(fig: go.Figure) -> str | None:
    """The newest plotted date within the shown range (for file names); cheap: no table built."""
    shown = visible_range(fig)
    upper = f"{shown[1]:%Y-%m-%d}" if shown is not None else None
    lower = f"{shown[0]:%Y-%m-%d}" if shown is not None else None
    newest = None
    for trace in fig.data:
        x = getattr(trace, "x", None)
        if meta_of(trace).get("export") is False or x is None or getattr(trace, "orientation", None) == "h":
            continue
        keys = np.asarray(x, dtype=object) if not isinstance(x, dict) else np.asarray(array(x), dtype=object)
        if not len(keys) or not _is_date(str(keys[-1])):
            continue
        keys = keys.astype(str)  # ISO dates sort as text, and builders emit them in order
        at = len(keys) if upper is None else int(np.searchsorted(keys, upper + "~", side="right"))
        if at and (lower is None or keys[at - 1] >= lower):
            newest = max(newest or keys[at - 1], keys[at - 1])
    return newest


def html_with_title(page: str, title: str) -> str:
    """plotly's standalone page has no <title>: give it the chart's."""
    return page.replace("<head>", f"<head><title>{html.escape(title)}</title>", 1)
