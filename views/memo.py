"""Figures and derived data built once per chart state and data version, shared by every session
and by the HTTP API (a plain in-process LRU map: nothing is pickled, nothing is copied).

Building a plotly Figure validates every trace, and `st.plotly_chart` then calls `to_dict()`, which
deep-copies it: for the full USD/JPY history that is most of a page view's server CPU. A frozen
figure is built once per key; its `to_dict()` hands back the same dict every time (nobody mutates
it: Streamlit and the API only serialise it).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import TypeVar

import plotly.graph_objects as go

T = TypeVar("T")
MAX_ENTRIES = 256
MAX_BYTES = 96 * 2**20  # answers kept as bytes (CSVs, JSON, PNGs) are capped by size, not only by count

_lock = threading.Lock()
_values: OrderedDict[Hashable, object] = OrderedDict()
_bytes = 0


def cached(key: Hashable, build: Callable[[], T]) -> T:
    """`build()` once per key (which must name its inputs' data versions); the result is shared, so
    callers must not mutate it."""
    with _lock:
        if key in _values:
            _values.move_to_end(key)
            return _values[key]  # type: ignore[return-value]
    global _bytes
    value = build()
    with _lock:
        if key not in _values:
            _values[key] = value
            _bytes += _size(value)
        while len(_values) > MAX_ENTRIES or (_bytes > MAX_BYTES and len(_values) > 1):
            _bytes -= _size(_values.popitem(last=False)[1])
    return value


def _size(value: object) -> int:
    if isinstance(value, tuple):  # e.g. a picture with its text alternative
        return sum(_size(part) for part in value)
    return len(value) if isinstance(value, bytes) else 0


def freeze(fig: go.Figure) -> go.Figure:
    """Serialise once: later `to_dict()` calls return the same dict."""
    spec = fig.to_dict()
    fig.to_dict = lambda: spec  # type: ignore[method-assign]
    return fig


def frozen(key: Hashable, build: Callable[[], go.Figure]) -> go.Figure:
    """The figure for `key` (which must name the chart, its state and its data's version)."""
    return cached(("figure", key), lambda: freeze(build()))
