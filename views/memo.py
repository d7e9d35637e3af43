"""Figures and derived data built once per chart state and data version, shared by every session
and by the HTTP API (a plain in-process LRU map: nothing is pickled, nothing is copied).

Building a plotly Figure validates every trace, and `st.plotly_chart` then calls `to_dict()`, which
deep-copies it: for the full USD/JPY history that is most of a page view's server CPU. A frozen
figure is built once per key; its `to_dict()` hands back the same dict every time (nobody mutates
it: Streamlit and the API only serialise it).

One budget holds for everything kept here, each entry counted by what it really takes in memory
(figures' specs, frames, answers as bytes): a crowd of distinct chart states evicts the oldest
instead of growing the process. A key being built is built once: a second caller waits for the
first one's value (single flight), so a crowd asking for one new preview makes one drawing.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import sys
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from concurrent.futures import Future
from typing import TypeVar

import numpy as np
import pandas as pd
import plotly.graph_objects as go

T = TypeVar("T")
MAX_ENTRIES = 512
MAX_BYTES = int(os.environ.get("DOLLAR_TIDE_CACHE_MB", "40")) * 2**20  # everything kept here, by its real size
SIZE_DEPTH = 12  # plotly specs nest about 6 deep; deeper than this is not data worth counting
#: A Figure keeps its validated traces and layout beside the frozen spec: measured with tracemalloc,
#: 1.9-4.1x the spec's own size (gold, Treasury holders, the whole USD/JPY history).
FIGURE_OVERHEAD = 3
TRIM_EVERY = 16 * 2**20  # after evicting this much, hand freed heap pages back to the OS

_lock = threading.Lock()
_values: OrderedDict[Hashable, tuple[object, int]] = OrderedDict()
_building: dict[Hashable, Future] = {}
_bytes = 0
_evicted = 0


#: Provenance ('stale', 'behind') depends on the clock as well as the data: whatever carries it is
#: recomputed at least this often on a long-running server.
STALENESS_BUCKET_S = 600


def freshness_bucket() -> int:
    """The clock's part of every cache key that carries provenance: one function for every cache."""
    return int(time.time() // STALENESS_BUCKET_S)


def keyed(*parts: Hashable, datasets: tuple[str, ...] = (), fresh: bool = False) -> tuple:
    """A cache key: its parts, the data versions of `datasets`, and (`fresh`) the freshness bucket."""
    from data_sources import version

    return (*parts, *(version(name) for name in datasets), *((freshness_bucket(),) if fresh else ()))


def cached(key: Hashable, build: Callable[[], T]) -> T:
    """`build()` once per key (which must name its inputs' data versions); the result is shared, so
    callers must not mutate it. Concurrent callers of a key being built wait for that build."""
    with _lock:
        if key in _values:
            _values.move_to_end(key)
            return _values[key][0]  # type: ignore[return-value]
        pending = _building.get(key)
        if pending is None:
            pending = _building[key] = Future()
            mine = True
        else:
            mine = False
    if not mine:
        try:
            return pending.result()  # type: ignore[no-any-return]
        except _Abandoned:  # the builder was stopped (a Streamlit rerun), not failed: build it here
            return cached(key, build)
    try:
        value = build()
        _keep(key, value)
    except Exception as exc:  # the waiters get the same error: the same inputs would fail again
        pending.set_exception(exc)
        raise
    except BaseException:  # a rerun or stop of the builder's own script is no answer for the others
        pending.set_exception(_Abandoned())
        raise
    else:
        pending.set_result(value)
    finally:
        with _lock:
            _building.pop(key, None)
    return value


class _Abandoned(Exception):
    """The build a waiter was waiting for was stopped before it finished."""


def _keep(key: Hashable, value: object) -> None:
    global _bytes, _evicted
    size = size_of(value)
    with _lock:
        if key in _values:
            return
        _values[key] = (value, size)
        _bytes += size
        while len(_values) > MAX_ENTRIES or (_bytes > MAX_BYTES and len(_values) > 1):
            dropped = _values.popitem(last=False)[1][1]
            _bytes -= dropped
            _evicted += dropped
        trim = _evicted >= TRIM_EVERY
        if trim:
            _evicted = 0
    if trim:
        _trim()


def _trim() -> None:
    """glibc keeps freed memory in its arenas: give it back, so the process's size follows the budget."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6").malloc_trim(0)


def get(key: Hashable) -> object | None:
    """What is kept under `key`, or None (nothing is built)."""
    with _lock:
        if key in _values:
            _values.move_to_end(key)
            return _values[key][0]
    return None


def put(key: Hashable, value: object) -> None:
    """Keep `value` under `key`, counted against the budget like any built value."""
    _keep(key, value)


def held() -> tuple[int, int]:
    """(entries, bytes) kept now."""
    with _lock:
        return len(_values), _bytes


def clear() -> None:
    global _bytes
    with _lock:
        _values.clear()
        _bytes = 0


def size_of(value: object, depth: int = 0, seen: set[int] | None = None) -> int:
    """Bytes `value` keeps alive: containers with their contents, arrays and frames by their buffers,
    a frozen figure by its spec. Shared objects are counted once."""
    seen = set() if seen is None else seen
    if id(value) in seen or depth > SIZE_DEPTH:
        return 0
    seen.add(id(value))
    if isinstance(value, bytes | bytearray | str):
        return sys.getsizeof(value)
    if isinstance(value, np.ndarray):
        return int(value.nbytes) + 112
    if isinstance(value, pd.DataFrame):
        return int(value.memory_usage(deep=True).sum())
    if isinstance(value, pd.Series | pd.Index):
        return int(value.memory_usage(deep=True))
    if isinstance(value, go.Figure):
        return FIGURE_OVERHEAD * size_of(value.to_dict(), depth + 1, seen) + 4096
    if isinstance(value, dict):
        return sys.getsizeof(value) + sum(size_of(k, depth + 1, seen) + size_of(v, depth + 1, seen)
                                          for k, v in value.items())
    if isinstance(value, list | tuple | set | frozenset):
        return sys.getsizeof(value) + sum(size_of(v, depth + 1, seen) for v in value)
    fields = getattr(value, "__dict__", None) or (
        {name: getattr(value, name) for name in getattr(value, "__dataclass_fields__", {})})
    if fields:
        return sys.getsizeof(value) + size_of(fields, depth + 1, seen)
    return sys.getsizeof(value)


def freeze(fig: go.Figure) -> go.Figure:
    """Serialise once: later `to_dict()` calls return the same dict."""
    spec = fig.to_dict()
    fig.to_dict = lambda: spec  # type: ignore[method-assign]
    return fig


def frozen(key: Hashable, build: Callable[[], go.Figure]) -> go.Figure:
    """The figure for `key` (which must name the chart, its state and its data's version)."""
    return cached(("figure", key), lambda: freeze(build()))
