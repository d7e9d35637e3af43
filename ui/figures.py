"""Figures built once per chart state and data version, and shared by every session.

Building a plotly Figure validates every trace, and `st.plotly_chart` then calls `to_dict()`, which
deep-copies it: for the full USD/JPY history that is most of a page view's server CPU. A frozen
figure is built once per key; its `to_dict()` hands back the same dict every time (nobody mutates
it: Streamlit only serialises it).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable

import plotly.graph_objects as go

MAX_FIGURES = 256

_lock = threading.Lock()
_figures: OrderedDict[Hashable, go.Figure] = OrderedDict()


def frozen(key: Hashable, build: Callable[[], go.Figure]) -> go.Figure:
    """The figure for `key` (which must name the chart, its state and its data's version)."""
    with _lock:
        hit = _figures.get(key)
        if hit is not None:
            _figures.move_to_end(key)
            return hit
    fig = build()
    spec = fig.to_dict()
    fig.to_dict = lambda: spec  # type: ignore[method-assign]
    with _lock:
        _figures[key] = fig
        while len(_figures) > MAX_FIGURES:
            _figures.popitem(last=False)
    return fig
