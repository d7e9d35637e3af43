"""Pure computations on small hand-made frames."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis import fx, gold
from analysis import series as s


def monthly(values: dict[str, list[float | None]], start: str = "2024-01-31") -> pd.DataFrame:
    index = pd.date_range(start, periods=len(next(iter(values.values()))), freq="ME")
    return pd.DataFrame(values, index=index, dtype=float)


def test_wide_puts_series_on_a_full_calendar_with_gaps():
    frame = pd.DataFrame({"date": pd.to_datetime(["2024-01-31", "2024-03-31"]), "series": ["A", "A"],
                          "value": [1.0, 3.0]})
    table = s.wide(frame)
    assert list(table.index) == list(pd.date_range("2024-01-31", "2024-03-31", freq="ME"))
    assert np.isnan(table.loc["2024-02-29", "A"])
    assert s.long(table)["value"].tolist() == [1.0, 3.0]


def test_changes_need_both_months():
    table = monthly({"A": [10, None, 12, 15]})
    mom = s.transform(table, "mom")["A"].tolist()
    assert np.isnan(mom[0]) and np.isnan(mom[1]) and np.isnan(mom[2]) and mom[3] == 3


def test_yoy_is_twelve_calendar_months():
    table = monthly({"A": list(range(1, 15))})
    assert s.transform(table, "yoy")["A"].iloc[12] == 12


def test_share_and_index():
    table = monthly({"A": [10, 20], "B": [30, 60]})
    total = pd.Series([100.0, 200.0], index=table.index)
    assert s.transform(table, "share", total)["A"].tolist() == [10.0, 10.0]
    late = monthly({"A": [None, 5, 10]})
    assert s.transform(late, "index")["A"].tolist()[1:] == [100.0, 200.0]  # base: its own first value
    with pytest.raises(ValueError, match="unknown transform"):
        s.transform(table, "log")


def test_ranked_table():
    table = monthly({"Japan": [100, 90], "China": [95, 96], "UK": [50, None]})
    total = pd.Series([300.0, 300.0], index=table.index)
    ranking = s.ranked(table, table.index[1], total).set_index("holder")
    assert list(ranking.index) == ["China", "Japan"]  # UK has no figure this month
    assert ranking.loc["China", "rank_change"] == 1 and ranking.loc["Japan", "rank_change"] == -1
    assert ranking.loc["Japan", "change_on_month"] == -10
    assert ranking.loc["China", "share_pct"] == pytest.approx(32.0)
    assert ranking.loc["Japan", "trend"] == [100.0, 90.0]


def test_movers_largest_first_both_ways():
    table = monthly({"A": [10, 15], "B": [10, 8], "C": [10, 30], "D": [10, 10]})
    moved = s.movers(table, table.index[0], table.index[1], n=2)
    assert moved["series"].tolist() == ["C", "A", "B"]
    assert moved["side"].tolist() == ["increase", "increase", "decrease"]


def test_decline_streaks_current_longest_and_gaps():
    table = monthly({"A": [10, 9, 8, 9, 8, 7, 6], "B": [5, 4, None, 3, 2, 1, 2]})
    streaks = {k.series: k for k in s.decline_streaks(table)}
    assert streaks["A"].current == 3 and streaks["A"].longest == 3
    assert streaks["A"].current_start == table.index[4]
    assert streaks["B"].current == 0 and streaks["B"].longest == 2  # the gap ends a run
    ties = {k.series: k for k in s.decline_streaks(monthly({"C": [5, 4, 5, 4, 5]}))}
    assert ties["C"].longest == 1 and ties["C"].longest_start == pd.Timestamp("2024-02-29")  # first of equals


def test_months_with_decline_and_highest_since():
    values = pd.Series([5, 4, 6, 3, 7], index=pd.date_range("2023-01-31", periods=5, freq="ME"), dtype=float)
    assert s.months_with_decline(values, values.index[0], values.index[-1]) == [values.index[1], values.index[3]]
    assert s.last_at_or_beyond(values, values.index[2], "high") is None  # 6 is the highest so far
    assert s.last_at_or_beyond(values, values.index[3], "low") is None
    assert s.last_at_or_beyond(values, values.index[1], "high") == values.index[0]


def test_range_starts():
    last, first = pd.Timestamp("2024-07-10"), pd.Timestamp("1971-01-04")
    assert fx.range_start("YTD", last, first) == pd.Timestamp("2024-01-01")
    assert fx.range_start("5Y", last, first) == pd.Timestamp("2019-07-10")
    assert fx.range_start("Max", last, first) == first
    with pytest.raises(ValueError, match="unknown range"):
        fx.range_start("2W", last, first)


def test_largest_moves_sorted_by_absolute_percent():
    rate = pd.Series([100, 102, 101, 95, 96], index=pd.bdate_range("2024-01-01", periods=5), dtype=float)
    moves = fx.largest_moves(rate, rate.index[0], rate.index[-1], n=2)
    assert moves["date"].tolist() == [rate.index[3], rate.index[1]]
    assert moves["direction"].tolist() == ["yen stronger", "yen weaker"]


def test_episodes_cluster_close_days_of_the_same_direction():
    ops = pd.DataFrame({"date": pd.to_datetime(["2024-04-29", "2024-05-01", "2024-07-11", "2024-07-12"]),
                        "series": "USD/JPY", "value": [5918.5, 3870.0, 3167.8, 2367.0], "direction": "yen bought"})
    eps = fx.episodes(ops)
    assert [(e.start, e.end, e.days) for e in eps] == [
        (pd.Timestamp("2024-04-29"), pd.Timestamp("2024-05-01"), 2), (pd.Timestamp("2024-07-11"),
                                                                      pd.Timestamp("2024-07-12"), 2)]
    assert eps[0].amount_jpy_bn == pytest.approx(9788.5)


def test_event_study_counts_trading_days_and_stops_at_the_end():
    rate = pd.Series(np.arange(100, 130, dtype=float), index=pd.bdate_range("2024-04-29", periods=30))
    ep = fx.Episode(pd.Timestamp("2024-04-27"), pd.Timestamp("2024-04-27"), 1, 1.0, "yen bought")  # a Saturday
    table = fx.event_study(rate, [ep])
    assert table.loc[0, "rate"] == 100 and table.loc[0, "after_1d"] == 1 and table.loc[0, "after_20d"] == 20
    late = fx.Episode(rate.index[-3], rate.index[-3], 1, 1.0, "yen bought")
    assert np.isnan(fx.event_study(rate, [late]).loc[0, "after_5d"])


def test_events_are_data():
    events = fx.load_events()
    assert [e.date for e in events][:2] == [pd.Timestamp("1985-09-22"), pd.Timestamp("1987-02-22")]
    assert {"Plaza Accord", "Louvre Accord", "G7 joint intervention"} <= {e.label for e in events}


def test_gold_units_and_value():
    assert gold.convert(1.0, "moz") == pytest.approx(0.0321507466)
    tonnes = pd.Series([100.0, 110.0], index=pd.to_datetime(["2024-03-31", "2024-06-30"]))
    price = pd.Series([2000.0, 2100.0, 2300.0], index=pd.to_datetime(["2024-03-01", "2024-04-01", "2024-06-01"]))
    value = gold.holdings_value(tonnes, price)
    assert value.iloc[0] == pytest.approx(100 * 32_150.7466 * 2000 / 1e9)
    assert list(value.index) == [pd.Timestamp("2024-03-31"), pd.Timestamp("2024-06-30")]


def test_gold_rankings_skip_aggregates_and_missing_reporters():
    frame = pd.DataFrame({"date": pd.to_datetime(["2024-03-31"] * 3 + ["2024-06-30"] * 2),
                          "series": ["G001", "CHN", "TUR", "G001", "CHN"], "value": [1000, 300, 200, 1010, 310.0]})
    assert gold.top_holders(frame, pd.Timestamp("2024-03-31"), 5)["series"].tolist() == ["CHN", "TUR"]
    changes = gold.net_changes(frame, pd.Timestamp("2024-03-31"), pd.Timestamp("2024-06-30"))
    assert changes[["series", "change"]].to_dict("records") == [{"series": "CHN", "change": 10.0}]  # no TUR report
    assert gold.report_dates(frame, min_economies=1) == [pd.Timestamp("2024-06-30"), pd.Timestamp("2024-03-31")]


def test_gold_ranking_takes_each_economys_latest_report_and_flags_late_ones():
    """The ragged edge: Germany has not reported for June yet; it must not vanish from the ranking."""
    frame = pd.DataFrame({
        "date": pd.to_datetime(["2025-12-31"] * 4 + ["2026-06-30"] * 2 + ["2019-09-30"]),
        "series": ["USA", "DEU", "ITA", "CHN", "USA", "ITA", "VEN"],
        "value": [8133.5, 3350.3, 2451.8, 2300.0, 8133.5, 2451.9, 161.0],
    })
    top = gold.top_holders(frame, pd.Timestamp("2026-06-30"), 10)
    assert top["series"].tolist() == ["USA", "DEU", "ITA", "CHN"]
    assert top.set_index("series")["old"].to_dict() == {"USA": False, "DEU": True, "ITA": False, "CHN": True}
    assert top.set_index("series").loc["DEU", "reported"] == pd.Timestamp("2025-12-31")
    assert top.attrs["left_out"] == 1  # Venezuela's 2019 report is too old to rank
    changes = gold.net_changes(frame, pd.Timestamp("2025-12-31"), pd.Timestamp("2026-06-30"))
    assert changes["series"].tolist() == ["ITA"], "only economies with a report inside the window"
