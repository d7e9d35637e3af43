"""`python -m data_sources …` and the background refresh the UI starts."""

from __future__ import annotations

import time

import pytest

from data_sources import background, catalogue
from data_sources.__main__ import main
from tests.helpers import FIXTURE_MIRROR, FaultAdapter, settings_for


@pytest.fixture(autouse=True)
def no_bundled_snapshot(tmp_path, monkeypatch):
    """The excerpts are shorter than the bundled snapshot; compare them with nothing."""
    monkeypatch.setenv("DOLLAR_TIDE_SNAPSHOT", str(tmp_path / "no-snapshot"))


def test_refresh_prints_one_line_per_dataset_and_exits_zero(tmp_path, capsys):
    code = main(["--home", str(tmp_path), "refresh", "--mirror", str(FIXTURE_MIRROR)])
    out = capsys.readouterr().out
    assert code == 0
    lines = [line for line in out.splitlines() if line.startswith(("ok", "ERR"))]
    assert len(lines) == len(catalogue.CATALOGUE)
    assert lines[1].startswith("ok  usdjpy")
    assert "57 rows" in lines[1]
    assert "1985-09-20 → 2024-07-31" in lines[1]
    assert "live" in lines[1]


def test_refresh_of_named_datasets_and_status(tmp_path, capsys):
    assert main(["--home", str(tmp_path), "refresh", "usdjpy", "rates", "--mirror", str(FIXTURE_MIRROR)]) == 0
    capsys.readouterr()
    assert main(["--home", str(tmp_path), "status"]) == 0
    out = capsys.readouterr().out
    usdjpy = next(line for line in out.splitlines() if line.startswith("usdjpy"))
    assert "2024-07-31" in usdjpy
    assert "live" in usdjpy


def test_a_failed_dataset_makes_the_exit_code_non_zero(tmp_path, capsys):
    empty_mirror = tmp_path / "mirror"
    empty_mirror.mkdir()
    (empty_mirror / "urls.tsv").write_text("")
    assert main(["--home", str(tmp_path), "refresh", "usdjpy", "--mirror", str(empty_mirror)]) == 1
    captured = capsys.readouterr()
    assert "ERR usdjpy" in captured.out
    assert "no entry" in captured.out
    assert "1 failed: usdjpy" in captured.err


def test_unknown_dataset_is_a_usage_error(tmp_path, capsys):
    assert main(["--home", str(tmp_path), "refresh", "bitcoin"]) == 2
    assert "unknown dataset 'bitcoin'" in capsys.readouterr().err


def test_background_refresh_runs_beside_the_caller(tmp_path):
    adapter = FaultAdapter(FIXTURE_MIRROR)
    job = background.start(["usdjpy", "rates"], settings=lambda: settings_for(tmp_path, transport=adapter))
    assert background.start(["usdjpy"], settings=lambda: settings_for(tmp_path)) is job or not job.running
    deadline = time.monotonic() + 30
    while job.running and time.monotonic() < deadline:
        time.sleep(0.02)
    assert not job.running
    assert job.crash is None
    assert [r.name for r in job.reports] == ["usdjpy", "rates"]
    assert all(r.ok for r in job.reports)
    assert background.current() is job


def test_offline_the_refresh_gives_up_after_two_unreachable_publishers(tmp_path):
    """No network at all: every publisher is refused. Two hosts are tried; the rest are not."""
    from data_sources.refresh import refresh

    nothing = tmp_path / "no-mirror"
    nothing.mkdir()
    (nothing / "urls.tsv").write_text("")
    started = time.monotonic()
    reports = refresh(None, settings_for(tmp_path, mirror=nothing))
    assert time.monotonic() - started < 5
    assert all(not r.ok and r.unreachable for r in reports)
    tried = [r for r in reports if "not tried" not in (r.error or "")]
    assert [r.name for r in tried] == ["treasury_holdings", "usdjpy"]
    assert all("could not be reached" in r.error for r in reports[2:])


def test_with_nothing_to_serve_a_page_says_so_instead_of_a_traceback(tmp_path, monkeypatch):
    from streamlit.testing.v1 import AppTest

    from tests.helpers import ROOT

    monkeypatch.setenv("DOLLAR_TIDE_HOME", str(tmp_path / "empty-home"))
    at = AppTest.from_file(str(ROOT / "overview.py"), default_timeout=60).run()
    assert not at.exception, [e.value for e in at.exception]
    assert "no data to show" in at.error[0].value
