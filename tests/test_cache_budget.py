"""The pages' loaders (ui/data.py) keep what they load in views.memo: one copy shared with the API,
counted against the one budget (DOLLAR_TIDE_CACHE_MB), never a pickled copy per hit."""

from __future__ import annotations

import pytest

from views import memo


@pytest.fixture
def fresh(tmp_path, monkeypatch):
    monkeypatch.setenv("DOLLAR_TIDE_HOME", str(tmp_path))
    memo.clear()
    yield
    memo.clear()


def test_pages_and_api_share_one_copy_of_a_release(fresh):
    from ui import data
    from web import data as api_data

    first = data.load("treasury_holdings")
    assert data.load("treasury_holdings") is first, "a hit is the kept object, not an unpickled copy"
    assert api_data.load("treasury_holdings") is first, "the API serves the same copy"
    assert data.wide("treasury_holdings") is data.wide("treasury_holdings")
    assert data.provenance("treasury_holdings") == first.provenance


def test_the_pages_loaders_stay_inside_the_budget(fresh, monkeypatch):
    from ui import data

    budget = 3 * 2**20
    monkeypatch.setattr(memo, "MAX_BYTES", budget)
    for name in ("treasury_holdings", "gold_reserves", "usdjpy", "rates", "japan_reserves"):
        data.load(name)
        data.wide(name, "ME")
        data.date_span(name)
        entries, kept = memo.held()
        assert kept <= budget or entries == 1, f"{kept:,} bytes kept over a {budget:,} budget"
