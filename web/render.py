"""Drawing link previews for a crowd: off the event loop, off the GIL, in a bounded queue.

A shared link arrives as a crowd of unfurling bots, each fetching its preview once and waiting a
few seconds at most. matplotlib holds the GIL while it draws, so previews are drawn in a pool of
worker processes, one per core (`DOLLAR_TIDE_PREVIEW_WORKERS`; 0 draws in-process, one at a time).
`views.memo` makes one drawing per state however many ask (single flight); a request waits for its
drawing up to `WAIT_S`, and only when `QUEUE_MAX` drawings are already waiting or under way does a
preview answer 503 (with Retry-After). Each page's default preview is drawn at start and again
whenever its data changes (`keep_defaults_warm`), so the most shared images never wait at all.

A worker is handed a drawing's payload (`preview.payload`: the points, names and words, read from
the figure in the server), not the figure: it imports `web.draw` (numpy, matplotlib) and nothing of
the app, no pandas, no plotly figures, no dataset (~70 MB of RSS instead of ~190 MB). matplotlib's
caches still grow with every new drawing: the pool is replaced when a worker passes its memory
budget (`DOLLAR_TIDE_PREVIEW_WORKER_MB`) or after `TASKS_PER_WORKER` drawings each.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any

import plotly.graph_objects as go

from charts import still
from data_sources.result import Provenance

from . import draw as drawing
from . import preview

log = logging.getLogger(__name__)

WORKERS_ENV = "DOLLAR_TIDE_PREVIEW_WORKERS"
QUEUE_MAX = 64  # drawings waiting or under way; a bot past this gets 503 and Retry-After
WAIT_S = 20.0  # how long a request waits for its drawing: unfurling bots give up after 10-30 s
RETRY_AFTER_S = 5
WARM_EVERY_S = 30.0  # how often the default previews' data versions are checked
#: The pool is replaced after this many drawings per worker: matplotlib's caches grow with every new
#: figure (2 workers went from 185 to 443 MB over ~500 drawings), a fresh worker starts small.
#: (Not `max_tasks_per_child`: on Python 3.11 it stalls the pool while a worker is replaced.)
TASKS_PER_WORKER = 32
WORKER_MB_ENV = "DOLLAR_TIDE_PREVIEW_WORKER_MB"
#: A worker past this much RSS retires its pool at the next drawing (a fresh one starts at ~70 MB).
WORKER_MB = 110


class Busy(Exception):
    """The drawing queue is full, or a drawing took longer than a bot would wait."""


_lock = threading.Lock()
_pool: ProcessPoolExecutor | None = None
_queued = 0  # drawings waiting or under way
_drawn = 0  # drawings handed to the current pool
_started = 0  # drawings begun since the process started (a pool's or in-process), for /readyz
_serving: DefaultsWarmer | None = None  # the warmer of the app being served, for /readyz


def workers() -> int:
    raw = os.environ.get(WORKERS_ENV, "").strip()
    if raw.isdigit():
        return int(raw)
    return os.cpu_count() or 1


def worker_budget_mb() -> int:
    raw = os.environ.get(WORKER_MB_ENV, "").strip()
    return int(raw) if raw.isdigit() else WORKER_MB


def rss_mb(pid: int) -> float:
    """A process's resident set, MB (0 when it is gone)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def worker_pids() -> list[int]:
    """The current pool's worker processes."""
    pool = _pool
    return list((getattr(pool, "_processes", None) or {}) if pool is not None else ())


def _worn_out(count: int) -> bool:
    """Whether the current pool should be replaced: too many drawings, or a worker over its budget."""
    if _drawn >= TASKS_PER_WORKER * count:
        return True
    budget = worker_budget_mb()
    return any(rss_mb(pid) > budget for pid in worker_pids())


def _submit(job: dict[str, Any]) -> Future | None:
    """Hand a drawing to the pool (None: no pool, draw in-process). Under the lock, so that a pool
    retired here is never handed a drawing by another thread."""
    global _pool, _drawn
    count = workers()
    if count == 0:
        return None
    with _lock:
        if _pool is not None and _worn_out(count):
            log.info("replacing the preview workers (%d drawings, %s MB)", _drawn,
                     [round(rss_mb(pid)) for pid in worker_pids()])
            _pool.shutdown(wait=False)  # its drawings run to completion, then its workers exit
            _pool = None
        if _pool is None:
            # spawn: the app's threads (uvicorn, Streamlit, the scheduler) are never forked mid-lock;
            # a spawned worker imports web.draw only
            _pool = ProcessPoolExecutor(count, mp_context=multiprocessing.get_context("spawn"),
                                        initializer=drawing.warm)
            _drawn = 0
        _drawn += 1
        return _pool.submit(drawing.picture, job)


def _take_slot() -> None:
    global _queued
    with _lock:
        if _queued >= QUEUE_MAX:
            raise Busy
        _queued += 1


def _free_slot(*_: object) -> None:
    global _queued
    with _lock:
        _queued -= 1


async def draw(fig: go.Figure, provs: Sequence[Provenance], title: str | None = None) -> bytes:
    """The preview PNG of `fig`, awaited without holding a thread; raises Busy when the queue is
    full or the drawing took longer than a bot waits. A drawing holds its queue slot until it has
    really finished (or was cancelled before it started), not only until its request gave up."""
    global _started
    _take_slot()
    with _lock:
        _started += 1
    loop = asyncio.get_running_loop()
    future = None
    try:
        if workers():
            # Read off the event loop (pandas, plotly): the pages' websockets are served meanwhile.
            job = await loop.run_in_executor(None, preview.payload, fig, tuple(provs), title)
            future = _submit(job)
    except (BrokenProcessPool, RuntimeError):  # a worker died; the pool is replaced
        log.warning("preview worker pool broke; restarting it and drawing this one here")
        shutdown()
    except BaseException:  # the figure cannot be read (or the request was cancelled): no drawing
        _free_slot()
        raise
    if future is None:
        try:
            return await asyncio.wait_for(loop.run_in_executor(None, _draw_here, fig, provs, title), WAIT_S)
        except TimeoutError:
            raise Busy from None
        finally:
            _free_slot()
    future.add_done_callback(_free_slot)
    try:
        return await asyncio.wait_for(asyncio.wrap_future(future), WAIT_S)  # timing out cancels it
    except TimeoutError:
        raise Busy from None
    except BrokenProcessPool:
        log.warning("preview worker pool broke; restarting it and drawing this one here")
        shutdown()
        return await loop.run_in_executor(None, _draw_here, fig, provs, title)


def draw_now(fig: go.Figure, provs: Sequence[Provenance], title: str | None = None) -> bytes:
    """`draw` for a thread with no event loop (the defaults warmer)."""
    return asyncio.run(draw(fig, provs, title))


def _draw_here(fig: go.Figure, provs: Sequence[Provenance], title: str | None = None) -> bytes:
    # In-process drawings share one lock with the article's stills (matplotlib is not thread-safe).
    if not still.DRAWING.acquire(timeout=WAIT_S):
        raise Busy
    try:
        return preview.render(fig, provs, title)
    finally:
        still.DRAWING.release()


def queued() -> int:
    return _queued


def default_rounds() -> int:
    """How many times the served app's warmer has drawn every page's default preview: 0 until this
    replica is warm."""
    warmer = _serving
    return warmer.rounds if warmer is not None else 0


def started() -> int:
    """Drawings begun since the process started: a crowd asking for one cold preview adds one."""
    return _started


STOP_WAIT_S = 2.0  # a worker told to stop gets this long, then is killed


def shutdown(*, exiting: bool = False) -> None:
    """Let the pool's drawings finish and its workers exit; `exiting` (the server stops): stop the
    workers now. Left to finish a drawing, a worker (and multiprocessing's resource tracker, which
    waits for every process holding its pipe) outlived a SIGTERM'd server by up to a minute."""
    global _pool
    with _lock:
        pool, _pool = _pool, None
    if pool is None:
        return
    workers = list((getattr(pool, "_processes", None) or {}).values())  # before shutdown forgets them
    pool.shutdown(wait=False, cancel_futures=True)
    if not exiting:
        return
    for worker in workers:
        if worker.is_alive():
            worker.terminate()
    for worker in workers:
        worker.join(STOP_WAIT_S)
        if worker.is_alive():
            worker.kill()
            worker.join(STOP_WAIT_S)


class DefaultsWarmer:
    """Draws each page's default preview at start, and again whenever a dataset it shows changes
    (a refresh in this process, another replica's, or a new snapshot)."""

    def __init__(self, warm: Callable[[], object], versions: Callable[[], object],
                 every: float = WARM_EVERY_S) -> None:
        self._warm, self._versions, self._every = warm, versions, every
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="preview-defaults", daemon=True)
        self.rounds = 0  # how many times the defaults were drawn

    def start(self, *, serving: bool = False) -> DefaultsWarmer:
        """`serving`: the served app's warmer, the one /readyz reports on."""
        global _serving
        if serving:
            _serving = self
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()

    def _loop(self) -> None:
        seen = None
        while not self._stop.is_set():
            try:
                now = self._versions()
                if now != seen:
                    self._warm()
                    seen = now
                    self.rounds += 1
            except Exception:  # a dataset that cannot load now may load later: keep checking
                log.exception("drawing the default previews failed")
            self._stop.wait(self._every)
