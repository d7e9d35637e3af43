"""The chart pages' tabs as the views build them, without AppTest: on the bundled snapshot."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import pytest

from views.chart import Main
from views.tables import Table


@pytest.fixture(scope="module")
def bundled(tmp_path_factory):
    """The app's data as a fresh machine has it: the bundled snapshot, no store of its own."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DOLLAR_TIDE_HOME", str(tmp_path_factory.mktemp("home")))
        mp.delenv("DOLLAR_TIDE_SNAPSHOT", raising=False)
        yield


@pytest.fixture(scope="module")
def load(bundled):
    from web.data import load

    return load


def sourced(main: Main) -> go.Figure:
    """The chart's figure, after checking that its source line names every dataset it draws."""
    assert main.fig is not None, main.empty
    drawn = " ".join(" ".join((a.text or "").replace("<br>", " ").split()) for a in main.fig.layout.annotations)
    assert "Source" in drawn, f"{main.name}: no source line"
    for prov in main.provs:
        assert prov.source in drawn, (main.name, prov.source, drawn)
    return main.fig


# -- Treasury holders ----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def treasuries(load):
    from views import treasuries

    return treasuries.context(load)


TREASURY_STATE = {"from": "2020-01", "to": "2024-12"}


def test_the_treasury_ranking_of_a_month(treasuries):
    from views import treasuries_tabs as tabs

    shown = tabs.ranking(treasuries, "2024-04")
    assert isinstance(shown, Table) and shown.name == "treasury-ranking_2024-04"
    first = shown.frame.iloc[0]
    assert (first["rank"], first["holder"], first["holding"]) == (1, "Japan", 1126.1)  # the bundled snapshot
    assert set(shown.frame.columns) <= set(shown.columns), "every column says what it means"
    assert "trend" in shown.frame.columns and "trend" not in shown.exported.columns  # no sparkline in the CSV
    assert tabs.ranking(treasuries, "2024-04").frame is shown.frame  # built once per month and data version


def test_the_treasury_movers_of_a_month(treasuries):
    from views import treasuries_tabs as tabs

    shown = tabs.movers(treasuries, "2024-04")
    fig = sourced(shown)
    assert shown.name == "treasury-buyers-sellers_2024-04"
    assert "Mar 2024 → Apr 2024" in fig.layout.title.text
    bars = dict(zip(fig.data[0].y, fig.data[0].x, strict=True))
    assert bars["Japan"] == pytest.approx(-40.9) and bars["United Kingdom"] == pytest.approx(-21.8)
    moved = shown.data.set_index("series")["change"]
    assert moved["Japan"] == pytest.approx(-40.9) and moved.idxmin() == "Japan"


def test_the_first_month_has_no_movers(treasuries):
    from views import treasuries_tabs as tabs

    shown = tabs.movers(treasuries, treasuries.months[0])
    assert shown.fig is None and shown.data is None
    assert shown.empty == f"No month before {treasuries.months[0]} in the data."


def test_official_and_bills_over_the_state_s_months(treasuries):
    from views import treasuries_tabs as tabs

    official, bills = tabs.official(treasuries, TREASURY_STATE), tabs.bills(treasuries, TREASURY_STATE)
    assert official.name == "treasury-official-vs-total_2020-01_2024-12"
    assert bills.name == "treasury-bills-vs-bonds_2020-01_2024-12"
    assert [t.name for t in sourced(official).data] == ["Foreign total", "Foreign official"]
    assert [t.name for t in sourced(bills).data] == ["Bonds & notes", "Bills"]
    for main in (official, bills):
        days = pd.DatetimeIndex(main.fig.data[0].x)
        assert days.min() == pd.Timestamp("2020-01-31") and days.max() == pd.Timestamp("2024-12-31")


def test_selling_streaks_through_the_end_of_the_months(treasuries):
    from views import treasuries_tabs as tabs

    shown = tabs.streaks(treasuries, TREASURY_STATE)
    assert shown.notes[0].startswith("Consecutive months of decline through 2024-12 (the end of the chosen months)")
    assert len(shown.frame) == 20
    current = shown.frame["current streak (months)"].tolist()
    assert current == sorted(current, reverse=True)
    assert set(shown.frame.columns) == set(shown.columns)


def test_what_the_treasury_numbers_mean(treasuries):
    from views import treasuries_tabs as tabs

    text = tabs.meaning(treasuries)
    assert text.startswith("- **Custody, not ownership.**") and "In this release: " in text
    revised = tabs.last_revision(treasuries)  # the bundled snapshot is one release
    assert revised.frame is None and revised.empty.startswith("One release of this dataset is stored")
