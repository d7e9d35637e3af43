"""The preview renderer's worker processes: drawings off the GIL, a dead worker replaced."""

from __future__ import annotations

import io
import os
import signal
import time

import pytest
from PIL import Image

from web import api, render


@pytest.fixture
def pool(monkeypatch):
    monkeypatch.setenv(render.WORKERS_ENV, "2")
    render.shutdown()
    yield
    render.shutdown()


def main_chart(page: str, query: dict[str, list[str]]):
    resolved = api.resolve(page, query)
    assert not hasattr(resolved, "status_code"), resolved
    return resolved[1]


def test_previews_are_drawn_in_worker_processes_and_survive_a_killed_worker(pool):
    main = main_chart("usdjpy", {})
    png = render.draw_now(main.fig, main.provs)
    assert Image.open(io.BytesIO(png)).size == (1200, 630)
    executor = render._pool
    assert executor is not None
    pids = list(executor._processes)  # the pool's workers, not this process
    assert pids and os.getpid() not in pids
    os.kill(pids[0], signal.SIGKILL)
    time.sleep(0.5)
    again = render.draw_now(main.fig, main.provs)  # drawn here while the broken pool is replaced
    assert Image.open(io.BytesIO(again)).size == (1200, 630)
    third = render.draw_now(main.fig, main.provs)
    assert third[:8] == b"\x89PNG\r\n\x1a\n" and render._pool is not executor, "a fresh pool"
    assert render.queued() == 0, "every drawing gave its queue slot back"


def test_a_retired_pool_never_gets_a_drawing_and_the_crowd_still_gets_its_previews(pool, monkeypatch):
    import asyncio

    monkeypatch.setattr(render, "TASKS_PER_WORKER", 1)  # retire the pool after every two drawings
    mains = [main_chart("treasuries", {"countries": [holder]}) for holder in ("japan", "canada", "france", "taiwan")]

    async def crowd() -> list[bytes]:
        return await asyncio.gather(*(render.draw(m.fig, m.provs) for m in mains * 2))

    pictures = asyncio.run(crowd())
    assert all(p[:4] == b"\x89PNG" for p in pictures) and len(pictures) == 8
    assert render.queued() == 0


def test_the_default_previews_are_drawn_at_start_and_when_data_changes():
    version = ["a"]
    drawn: list[str] = []
    warmer = render.DefaultsWarmer(lambda: drawn.append(version[0]), lambda: version[0], every=0.05).start()
    try:
        deadline = time.monotonic() + 5
        while not drawn and time.monotonic() < deadline:
            time.sleep(0.02)
        version[0] = "b"  # a refresh landed
        while len(drawn) < 2 and time.monotonic() < deadline:
            time.sleep(0.02)
        time.sleep(0.2)
    finally:
        warmer.stop()
    assert drawn == ["a", "b"], "once at start, once after the change, not on every check"


def test_a_worker_imports_only_what_drawing_needs_and_draws_what_the_server_draws(pool):
    import hashlib
    import subprocess
    import sys

    from web import preview

    probe = ("import sys, web.draw, web.preview_map; "
             "print(sorted(m for m in ('pandas', 'streamlit', 'plotly.graph_objects', 'views', 'data_sources') "
             "if m in sys.modules))")
    loaded = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert loaded.strip() == "[]", "a preview worker loads no pandas, Streamlit, plotly figures or datasets"
    for page, query in (("usdjpy", {}), ("gold", {"section": ["map"]})):
        main = main_chart(page, query)
        here = preview.render(main.fig, main.provs, main.subject)
        there = render.draw_now(main.fig, main.provs, main.subject)
        assert hashlib.sha1(here).digest() == hashlib.sha1(there).digest(), f"{page}: the same picture"


def test_a_worker_past_its_memory_budget_retires_its_pool(pool, monkeypatch):
    monkeypatch.setenv(render.WORKER_MB_ENV, "100000")  # well within, whatever ran in this process before
    main = main_chart("usdjpy", {})
    render.draw_now(main.fig, main.provs)
    first = render._pool
    assert render.worker_pids() and all(render.rss_mb(pid) > 10 for pid in render.worker_pids())
    render.draw_now(main.fig, main.provs)
    assert render._pool is first, "within the budget the pool is kept"
    monkeypatch.setenv(render.WORKER_MB_ENV, "10")  # every worker is over this
    render.draw_now(main.fig, main.provs)
    assert render._pool is not first, "a worker over its budget retires the pool"
    assert render.queued() == 0


def test_a_still_groups_thousands_on_its_value_axis_as_the_page_does():
    """The still stands in for the page's chart (on a phone until tapped): 2,000 as the chart writes it."""
    from matplotlib.figure import Figure

    from web.draw import _style

    for top, shown in ((2500.0, "2,000"), (0.9, "0.4")):
        ax = Figure().add_subplot()
        ax.plot([0, 1], [0, top])
        _style(ax, "tonnes", log=False)
        labels = [ax.yaxis.get_major_formatter()(v, i) for i, v in enumerate(ax.get_yticks())]
        assert shown in labels, labels
