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
        assert prov.attribution in drawn, (main.name, prov.attribution, drawn)
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


# -- USD/JPY -------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def usdjpy(load):
    from views import usdjpy

    return usdjpy.context(load)


def state(ctx, **values):
    return {p.key: p.default for p in ctx.params} | values


def test_rates_and_japan_s_reserves_over_the_whole_history(usdjpy, load):
    from views import usdjpy as view

    rates = view.rates(usdjpy, state(usdjpy, range="Max"), load)
    assert rates.name == "us-rates-and-us-japan-spread_Max"
    assert [t.name for t in sourced(rates).data] == ["Effective fed funds rate", "US – Japan 10-year yield spread"]
    reserves = view.reserves(usdjpy, state(usdjpy, range="Max"), load)
    assert reserves.name == "japan-reserves_Max" and reserves.provs[0].dataset == "japan_reserves"
    assert pd.DatetimeIndex(sourced(reserves).data[0].x).max() == pd.Timestamp("2026-08-31"), "to their own end"
    assert view.rates(usdjpy, state(usdjpy, range="Max"), load) is rates  # built once per state and data version


def test_a_window_without_rates_or_reserves_says_so(usdjpy, load):
    from datetime import date

    from views import usdjpy as view

    before = state(usdjpy, range="Custom", **{"from": date(1971, 1, 4), "to": date(1971, 3, 1)})
    reserves = view.reserves(usdjpy, before, load)
    assert reserves.fig is None and reserves.empty.startswith("No reserves data between 1971-01 and 1971-03")
    assert reserves.name == "japan-reserves_1971-01-04_1971-03-01"


def test_the_largest_daily_moves_are_sorted_by_size(usdjpy):
    from views import usdjpy as view

    shown = view.largest_moves(usdjpy, state(usdjpy, range="Max"))
    assert isinstance(shown, Table) and shown.name == "usdjpy-largest-moves_Max" and len(shown.frame) == 10
    sizes = shown.frame["change_pct"].abs().tolist()
    assert sizes == sorted(sizes, reverse=True)
    assert shown.frame.iloc[0]["date"] == pd.Timestamp("1973-02-13")
    assert set(shown.frame["direction"]) <= {"yen weaker", "yen stronger"}
    assert shown.notes == ("Day-on-day changes of the noon rate between 1971-01-04 and 2026-09-25.",)
    assert set(shown.frame.columns) == set(shown.columns)


def test_after_interventions_a_table_and_the_averages(usdjpy):
    from views import usdjpy as view

    values = state(usdjpy, range="Max")
    study = view.after_interventions(usdjpy, values)
    row = study.frame[study.frame["start"] == pd.Timestamp("2024-04-29")].iloc[0]
    assert row["days"] == 2 and row["amount_jpy_bn"] == pytest.approx(9788.5)
    assert row["after_5d"] == pytest.approx(153.85 - 156.71)
    assert study.warning == ""  # every episode has its rate in this release
    assert "Average over these 91 measured episodes" in study.notes[0]
    assert set(study.frame.columns) == set(study.columns)
    chart = view.after_interventions_chart(usdjpy, values)
    assert chart.name == study.name == "usdjpy-after-interventions_Max"
    assert [t.type for t in sourced(chart).data] == ["bar"]
    assert [p.dataset for p in chart.provs] == ["usdjpy", "fx_interventions"]


def test_episodes_after_the_rate_s_last_day_are_listed_not_averaged(usdjpy):
    from dataclasses import replace

    from views import usdjpy as view

    cut = replace(usdjpy, rate=usdjpy.rate.loc[:"2026-04-01"], rate_end=pd.Timestamp("2026-04-01"))
    values = state(usdjpy, range="Custom", **{"from": pd.Timestamp("2026-04-15").date(),
                                              "to": pd.Timestamp("2026-06-30").date()})
    from views import memo

    memo.clear()  # the cut context shares the real one's data versions
    try:
        study = view.after_interventions(cut, values)
        assert study.warning.startswith(":orange[:material/info: 1 episode from 2026-04-30 comes after the rate's")
        assert study.notes[0].endswith("None of these episodes can be measured against the rate in this release.")
        chart = view.after_interventions_chart(cut, values)
        assert chart.fig is None and chart.empty
    finally:
        memo.clear()


# -- gold ----------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def gold(load):
    from views import gold

    return gold.context(load)


def test_the_largest_gold_holders_at_a_date(gold):
    from views import gold as view

    shown = view.largest_holders(gold, "2024-06-30", 10, "t")
    fig = sourced(shown)
    assert shown.name == "gold-top-10_2024-06-30_t" and "2024-06-30" in fig.layout.title.text
    assert list(fig.data[0].y)[::-1][:4] == ["United States", "Germany", "Italy", "France"]
    assert list(shown.data["series"][:2]) == ["USA", "DEU"] and len(shown.data) == 10
    assert shown.notes[0].startswith("Each economy's latest report up to 2024-06-30. ")
    ounces = view.largest_holders(gold, "2024-06-30", 10, "moz")
    assert ounces.data["value"].iloc[0] == pytest.approx(shown.data["value"].iloc[0] * 32_150.7466 / 1e6)


def test_the_latest_ranking_names_late_reporters(gold):
    from views import gold as view

    shown = view.largest_holders(gold, "2026-06-30", 15, "t")
    assert list(sourced(shown).data[0].y)[::-1][:2] == ["United States", "Germany (2025-12-31)"]
    assert "had not reported for 2026-06-30 yet" in shown.notes[0]


def test_gold_buyers_and_sellers_between_two_dates(gold):
    from views import gold as view

    shown = view.buyers_and_sellers(gold, "2023-12-31", "2024-06-30", "t")
    fig = sourced(shown)
    assert shown.name == "gold-buyers-sellers_2023-12-31_2024-06-30_t"
    bars = dict(zip(fig.data[0].y, fig.data[0].x, strict=True))
    assert bars["China"] == pytest.approx((72.80e6 - 71.87e6) / 32_150.7466)
    assert shown.data["series"].iloc[0] == "TUR" and len(shown.data) <= 20
    none = view.buyers_and_sellers(gold, "2024-06-30", "2024-06-30", "t")
    assert none.fig is None and none.empty == "No economy reported a change between these dates."


def test_gold_price_and_value(gold, load):
    from views import gold as view

    shown = view.price_and_value(gold, "TUR", "2020-01", "2024-12", load)
    fig = sourced(shown)
    assert shown.name == "gold-price-and-value_TUR_2020-01_2024-12"
    assert "Türkiye" in fig.layout.title.text
    assert [p.dataset for p in shown.provs] == ["gold_price", "gold_reserves"]
    assert shown.notes[0].startswith("Value = reported volume") and "World Bank" in shown.notes[0]
    assert view.price_and_value(gold, "TUR", "2020-01", "2024-12", load) is shown  # once per state and version


def test_the_world_total_and_what_the_gold_numbers_mean(gold):
    from views import gold as view

    shown = view.world_total(gold, "t", "2000-01", "2024-12")
    assert shown.name == "gold-world-total_t_2000-01_2024-12"
    assert [t.name for t in sourced(shown).data if t.mode == "lines"] == ["World"]
    assert "(Luxembourg, 1999-03)" in view.about(gold)  # the negative volume, as published
