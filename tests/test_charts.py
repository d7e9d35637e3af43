"""Chart builders: traces, axes and data — and what a reader would download."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from analysis import fx as fx_ops
from charts import common, export, fx, gold, treasury
from data_sources import load
from data_sources.store import Store

SOURCE = "Source: test"


def monthly(values: dict[str, list[float | None]]) -> pd.DataFrame:
    index = pd.date_range("2024-01-31", periods=len(next(iter(values.values()))), freq="ME")
    return pd.DataFrame(values, index=index, dtype=float)


def test_holders_one_line_per_holder_with_titles_units_and_source():
    table = monthly({"Japan": [1100, 1150, None], "China, Mainland": [800, 790, 780]})
    fig = treasury.holders(table, "level", {"China, Mainland": "China"}, SOURCE)
    assert [t.name for t in fig.data] == ["Japan", "China"]
    assert list(fig.data[0].x) == ["2024-01-31", "2024-02-29", "2024-03-31"]
    assert fig.data[1].y.tolist() == [800, 790, 780]
    assert np.isnan(fig.data[0].y[2]) and fig.data[0].connectgaps is False  # a gap stays a gap
    assert fig.layout.yaxis.title.text == "USD bn"
    assert fig.layout.annotations[-1].text == SOURCE


def test_holders_index_and_change_axes():
    table = monthly({"Japan": [100, 110]})
    fig = treasury.holders(table, "index", {}, SOURCE)
    assert fig.layout.yaxis.title.text == "index, base month = 100"
    assert [s.y0 for s in fig.layout.shapes] == [100]
    assert treasury.holders(table, "mom", {}, SOURCE).layout.yaxis.zeroline is True


def test_movers_bars_coloured_by_sign_in_order():
    changes = pd.DataFrame({"series": ["Japan", "Canada", "China, Mainland"], "change": [18.3, -42.3, 3.3]})
    fig = treasury.movers(changes, "Mar 2026 → Apr 2026", {"China, Mainland": "China"}, SOURCE)
    bar = fig.data[0]
    assert list(bar.y) == ["Canada", "China", "Japan"] and bar.x.tolist() == [-42.3, 3.3, 18.3]
    assert list(bar.marker.color) == [common.DOWN, common.UP, common.UP]
    assert "Buyers and sellers" in fig.layout.title.text


def ops_frame() -> pd.DataFrame:
    return pd.DataFrame({"date": pd.to_datetime(["2022-09-22", "2024-04-29", "2011-03-18"]),
                         "series": "USD/JPY", "value": [2838.2, 5918.5, 692.5],
                         "direction": ["yen bought", "yen bought", "yen sold"]})


def test_usdjpy_line_markers_bars_lines_and_events():
    rate = pd.Series(np.linspace(80, 160, 4000), index=pd.bdate_range("2010-01-01", periods=4000))
    events = [fx_ops.Event(pd.Timestamp("2011-03-18"), "G7", "joint"), fx_ops.Event(pd.Timestamp("1985-09-22"),
                                                                                      "Plaza", "out of range")]
    start, end = pd.Timestamp("2011-01-01"), rate.index.max()
    fig = fx.usdjpy(rate, ops_frame(), events, x_range=(start, end), reference_lines=[150, 160],
                    show_interventions=True, source=SOURCE)
    names = [t.name for t in fig.data]
    assert names[0] == "USD/JPY" and len(fig.data[0].y) == 4000  # full history, for zooming out
    bought = fig.data[names.index("Intervention: yen bought")]
    assert list(bought.x) == ["2022-09-22", "2024-04-29"]
    assert bought.marker.size[1] > bought.marker.size[0]  # sized by amount
    assert bought.customdata[1][0] == 5918.5 and bought.customdata[1][1] == "yen bought"
    spikes = [t for t in fig.data if (t.meta or {}).get("spikes")]
    assert sorted(export.points(b)[1][0] for b in spikes) == [692.5, 2838.2]
    assert [t.type for t in fig.data].count("bar") == 0  # one path per direction, not a shape per operation
    assert sorted(s.y0 for s in fig.layout.shapes if s.yref == "y") == [150, 160]
    events = [a for a in fig.layout.annotations if a.hovertext]
    assert [(a.text, a.x) for a in events] == [("2", "2011-03-18")], \
        "numbered by date over the whole list (the Plaza accord, 1, is out of range)"
    assert "G7" in events[0].hovertext
    assert fig.layout.xaxis.range == ("2011-01-01", f"{end:%Y-%m-%d}")
    assert fig.layout.xaxis.rangeslider.visible is True
    # Plotly's automatic margins would draw the slider under two panels twice (tests/test_browser.py
    # checks in Chromium that the fixed margins hold the slider clear of the dates and the source line).
    assert fig.layout.margin.autoexpand is False
    assert {b.yaxis for b in spikes} == {"y2"} and fig.data[0].yaxis in (None, "y")  # amounts in the lower panel


def test_usdjpy_marks_interventions_near_the_shown_dates_and_keeps_every_amount():
    rate = pd.Series(np.linspace(80, 160, 4000), index=pd.bdate_range("2010-01-01", periods=4000))
    start, end = pd.Timestamp("2023-01-01"), rate.index.max()  # the 2011 operation is years before
    fig = fx.usdjpy(rate, ops_frame(), [], x_range=(start, end), reference_lines=[], show_interventions=True,
                    source=SOURCE)
    names = [t.name for t in fig.data]
    assert "Intervention: yen sold" not in names, "no marker to draw near these dates"
    # 2022-09-22 is more than a tenth of the span before the start: its amount is drawn, its marker not
    assert list(fig.data[names.index("Intervention: yen bought")].x) == ["2024-04-29"]
    sold = fig.data[names.index("JPY bn, yen sold")]
    assert list(sold.x) == ["2011-03-18"] * 3 and list(sold.y) == [0, 692.5, 0]  # base, top, base
    assert sold.customdata.tolist() == [692.5] * 3  # the amount on hover wherever the spike is touched
    bought = fig.data[names.index("JPY bn, yen bought")]
    assert list(export.points(bought)[0]) == ["2022-09-22", "2024-04-29"]  # left to right along zero
    table = export.table(fig).set_index("date")
    assert table.loc["2024-04-29", "JPY bn, yen bought"] == 5918.5
    assert "2011-03-18" not in table.index and "2022-09-22" not in table.index  # outside the shown dates


def test_usdjpy_without_interventions_or_lines():
    rate = pd.Series([150.0, 151.0], index=pd.to_datetime(["2024-04-26", "2024-04-29"]))
    fig = fx.usdjpy(rate, ops_frame(), [], x_range=(rate.index[0], rate.index[-1]), reference_lines=[],
                    show_interventions=False, source=SOURCE)
    assert [t.name for t in fig.data] == ["USD/JPY"] and not fig.layout.shapes


def test_full_history_usdjpy_figure_is_under_one_megabyte(tmp_path):
    result = load("usdjpy", store=Store(tmp_path))  # the bundled snapshot
    rate = result.series("USDJPY")
    ops = load("fx_interventions", store=Store(tmp_path)).frame
    fig = fx.usdjpy(rate, ops[ops["series"] == "USD/JPY"], fx_ops.load_events(),
                    x_range=(rate.index.min(), rate.index.max()), reference_lines=[150, 160],
                    show_interventions=True, source=SOURCE)
    size = len(fig.to_json())
    assert len(fig.data[0].y) == len(rate) > 13_000
    assert size < 1_000_000, f"{size:,} bytes"


def test_reserves_change_bars_by_sign():
    total = pd.Series([1278.977, 1231.572, 1231.495], index=pd.to_datetime(["2024-04-30", "2024-05-31",
                                                                             "2024-06-30"]))
    fig = fx.reserves(total, total * 0.9, SOURCE)
    change = fig.data[2]
    assert change.name == "Change on month" and change.y.round(3).tolist() == [-47.405, -0.077]
    assert list(change.marker.color) == [common.DOWN, common.DOWN]


def test_gold_lines_break_at_a_missing_quarter_and_never_interpolate():
    quarters = pd.to_datetime(["2025-03-31", "2025-06-30", "2025-09-30", "2025-12-31", "2026-06-30"])
    series = pd.Series([2290, 2299, 2304, 2306, 2346.0], index=quarters)
    drawn = gold.with_breaks(series)
    assert drawn.isna().sum() == 1 and drawn.index[drawn.isna()][0] < pd.Timestamp("2026-06-30")
    assert drawn.dropna().tolist() == series.tolist()
    fig = gold.holdings({"CHN": series}, {"CHN": "China"}, "tonnes", SOURCE)
    assert fig.data[0].name == "China" and fig.data[0].mode == "lines"
    assert fig.data[0].connectgaps is False and np.isnan(fig.data[0].y).sum() == 1
    # The report after the missing quarter has no neighbour to draw a line to: it is a dot, not nothing.
    dot = fig.data[1]
    assert dot.mode == "markers" and list(dot.x) == ["2026-06-30"] and list(dot.y) == [2346.0]
    assert dot.marker.color == fig.data[0].line.color and dot.legendgroup == fig.data[0].legendgroup
    assert dot.showlegend is False and dot.meta["export"] is False  # its value is the line's, exported once
    assert len(fig.data) == 2


def test_gold_top_holders_and_net_changes_order():
    top = pd.DataFrame({"series": ["USA", "DEU", "CHN"], "value": [8133.5, 3350.3, 2346.0]})
    fig = gold.top_holders(top, {"USA": "United States", "DEU": "Germany", "CHN": "China"}, "2026-06-30",
                           "tonnes", SOURCE)
    assert list(fig.data[0].y) == ["China", "Germany", "United States"]  # largest at the top
    changes = pd.DataFrame({"series": ["POL", "TUR"], "change": [117.0, -58.8]})
    fig = gold.net_changes(changes, {}, "2025-06-30 → 2026-06-30", "tonnes", SOURCE)
    assert list(fig.data[0].y) == ["TUR", "POL"] and list(fig.data[0].marker.color) == [common.DOWN, common.UP]


def test_price_and_value_on_two_axes():
    price = pd.Series([2000.0, 2100.0], index=pd.to_datetime(["2024-05-01", "2024-06-01"]))
    value = pd.Series([150.0], index=pd.to_datetime(["2024-06-30"]))
    fig = gold.price_and_value(price, value, "China", SOURCE)
    assert fig.data[1].yaxis == "y2" and fig.layout.yaxis2.overlaying == "y"


def test_figure_data_is_exactly_what_is_plotted():
    table = monthly({"Japan": [1100, None, 1150]})
    fig = treasury.holders(table, "level", {}, SOURCE)
    data = export.table(fig)
    assert data.to_dict("records") == [{"date": "2024-01-31", "Japan (USD bn)": 1100.0},
                                       {"date": "2024-03-31", "Japan (USD bn)": 1150.0}]


def test_png_export_config_and_standalone_html():
    config = common.plot_config("dollar-tide_usdjpy_5Y_asof-2025-09-26")
    assert config["toImageButtonOptions"] == {"format": "png", "filename": "dollar-tide_usdjpy_5Y_asof-2025-09-26",
                                              "scale": 2}
    fig = treasury.holders(monthly({"Japan": [1.0, 2.0]}), "level", {}, SOURCE)
    html = common.to_html(fig, "x")
    assert html.lower().startswith("<!doctype html>")
    assert "plotly.js" in html and len(html) > 1_000_000  # plotly.js inlined: works offline
    assert '<script src="https://cdn.plot.ly' not in html


@pytest.mark.parametrize("builder", ["holders", "movers", "official", "bills"])
def test_every_treasury_chart_carries_its_source(builder):
    t = monthly({"Japan": [1.0, 2.0]})
    s = t["Japan"]
    fig = {"holders": lambda: treasury.holders(t, "level", {}, SOURCE),
           "movers": lambda: treasury.movers(pd.DataFrame({"series": ["Japan"], "change": [1.0]}), "p", {}, SOURCE),
           "official": lambda: treasury.official_vs_total(s, s, SOURCE),
           "bills": lambda: treasury.bills_vs_bonds(s, s, SOURCE)}[builder]()
    assert any(a.text == SOURCE for a in fig.layout.annotations)
    json.loads(fig.to_json())


def test_a_series_break_stops_the_line_and_is_labelled():
    from analysis import series as s
    from analysis.breaks import Break, Breaks
    from charts import treasury
    from charts.export import table as exported

    idx = pd.date_range("2025-01-31", periods=6, freq="ME")
    table = pd.DataFrame({"All Other": [650.0, 651.0, 651.0, 1754.6, 1760.0, 1770.0],
                          "Japan": [1100.0, 1101.0, 1102.0, 1103.0, 1104.0, 1105.0]}, index=idx)
    stitch = Break("All Other", pd.Timestamp("2025-04-30"), "stitch", "Table 5 defines it differently", 1754.6 - 654.2)
    breaks = Breaks([stitch])
    fig = treasury.holders(table, "level", {"All Other": "All other holders"}, "Source: x", breaks=breaks)
    other = fig.data[0]
    assert list(other.x).index("2025-04-29") == 3 and np.isnan(other.y[3]), "a gap just before the break"
    assert len(fig.data[1].x) == 6, "holders without a break are drawn as they are"
    assert any("series break: All other holders" in (a.text or "") for a in fig.layout.annotations)
    assert fig.layout.shapes[0].x0 == "2025-04-30"
    marker = fig.data[2]
    assert marker.meta["export"] is False and list(marker.x) == ["2025-04-30"] and marker.y[0] == 1754.6
    assert "Table 5 defines it differently" in marker.hovertext[0]
    csv = exported(fig)
    assert list(csv.columns) == ["date", "All other holders (USD bn)", "Japan (USD bn)", "note"]
    assert "stitch between tables" in csv.set_index("date").loc["2025-04-30", "note"]
    mom = s.transform(table, "mom", breaks=breaks)
    assert mom.loc["2025-04-30", "All Other"] == pytest.approx(654.2 - 651.0), "like for like: mfhhis01's figure"
    assert mom.loc["2025-04-30", "Japan"] == 1.0
    unknown = Breaks([Break("All Other", pd.Timestamp("2025-04-30"), "stitch", "no old figure", None)])
    assert np.isnan(s.transform(table, "mom", breaks=unknown).loc["2025-04-30", "All Other"]), "no +1,100 'change'"
    assert s.transform(table, "yoy", breaks=unknown)["All Other"].isna().all()


def test_change_charts_mark_the_cells_that_crossed_a_break():
    from analysis import series as s
    from analysis.breaks import Break, Breaks
    from charts import treasury
    from charts.export import table as exported

    idx = pd.date_range("2011-03-31", periods=5, freq="ME")
    table = pd.DataFrame({"United Kingdom": [326.2, 333.2, 344.5, 135.7, 141.0]}, index=idx)
    breaks = Breaks([Break("United Kingdom", pd.Timestamp("2011-06-30"), "survey", "re-based", 135.7 - 347.0)])
    mom = s.transform(table, "mom", breaks=breaks)
    assert mom.loc["2011-06-30", "United Kingdom"] == pytest.approx(2.5), "not -208.8: the survey's re-base"
    fig = treasury.holders(mom, "mom", {}, "Source: x", breaks=breaks, notes=mom.attrs["notes"])
    marker = fig.data[-1]
    assert list(marker.x) == ["2011-06-30"] and marker.y[0] == pytest.approx(2.5)
    note = exported(fig).set_index("date").loc["2011-06-30", "note"]
    assert "like for like" in note and "survey re-base of 2011-06" in note


def test_frozen_figures_are_built_once_per_key_and_hand_streamlit_the_same_dict():
    from views import memo as figures

    built = []

    def build():
        built.append(1)
        return common.figure([{"type": "scatter", "x": ["2024-01-31"], "y": [1.0], "name": "a"}],
                             common.base_layout("t", "u"), SOURCE)

    first = figures.frozen(("test", 1, "v1"), build)
    again = figures.frozen(("test", 1, "v1"), build)
    assert first is again and len(built) == 1
    assert first.to_dict() is first.to_dict(), "no deep copy per render"
    assert figures.frozen(("test", 1, "v2"), build) is not first, "a new data version builds anew"
    assert len(built) == 2


def test_usdjpy_sends_every_day_it_shows_and_one_in_five_outside():
    import numpy as np
    import pandas as pd

    from charts.fx import OUTSIDE_STEP, thinned

    days = pd.bdate_range("1971-01-04", "2025-09-26")
    rate = pd.Series(np.linspace(360, 150, len(days)), index=days)
    start, end = pd.Timestamp("2020-09-28"), pd.Timestamp("2025-09-26")
    kept = thinned(rate, start, end)
    assert kept.loc[start:end].equals(rate.loc[start:end]), "every shown day is sent"
    assert len(kept) < len(rate) / 3
    outside = kept.loc[: start - (end - start) * 0.1 - pd.Timedelta(days=1)]
    assert len(outside) == pytest.approx(len(rate.loc[: outside.index.max()]) / OUTSIDE_STEP, abs=2)
    assert kept.index[0] == rate.index[0], "the range slider still reaches back to 1971"


# -- stills: the article's small charts, drawn on the server ---------------------------------------

def _png(data: bytes) -> np.ndarray:
    from PIL import Image

    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    import io

    return np.asarray(Image.open(io.BytesIO(data)).convert("RGBA"))


def _claim(marks: list, **extra: object):
    from charts.claims import claim_chart

    japan = monthly({"Japan": [1100, 1120, 1150, 1167, 1130, 1110]})["Japan"]
    return claim_chart({"Japan": japan}, marks, {"Japan": "Japan"}, "USD bn", SOURCE, **extra)


def _pixels(image: np.ndarray, colour: str) -> np.ndarray:
    """Where the image is opaque and of this colour (anti-aliasing aside)."""
    rgb = np.array([int(colour[i:i + 2], 16) for i in (1, 3, 5)])
    return (image[..., 3] > 200) & (np.abs(image[..., :3].astype(int) - rgb).sum(axis=-1) < 40)


def test_a_still_is_a_transparent_png_at_twice_its_size_with_the_claim_marked():
    from analysis.verdicts import Mark
    from charts import still
    from charts.claims import ARTICLE_COLOUR

    when = pd.Timestamp("2024-04-30")
    bare = _png(still.png(_claim([])))
    marked = _png(still.png(_claim([Mark(when, 1180.0, "article: 1,180", "article"),
                                    Mark(when, 1167.0, "official: 1,167", "official")])))
    assert bare.shape == marked.shape == (480, 680, 4), "340 x 240 CSS px at 2x"
    assert bare[0, 0, 3] == 0 and bare[-1, -1, 3] == 0, "no background: it sits on the light or the dark theme"
    assert _pixels(bare, common.PALETTE[0]).sum() > 500, "the line is drawn in its colour"
    assert _pixels(bare, ARTICLE_COLOUR).sum() == 0
    assert _pixels(marked, ARTICLE_COLOUR).sum() > 200, "the article's figure is marked, and labelled"


def test_a_still_turns_a_mark_label_near_the_edge_inwards():
    from analysis.verdicts import Mark
    from charts import still
    from charts.claims import ARTICLE_COLOUR

    ink = {}
    for when in ("2024-03-31", "2024-06-30"):  # mid-chart, and the last date
        for label in ("article: 1,180 USD bn, as printed", ""):
            image = _png(still.png(_claim([Mark(pd.Timestamp(when), 1180.0, label, "article")])))
            ink[when, label] = _pixels(image, ARTICLE_COLOUR)
            assert not ink[when, label][:, -4:].any(), "nothing runs off the right edge"
    mid, edge = (ink[when, "article: 1,180 USD bn, as printed"].sum() - ink[when, ""].sum()
                 for when in ("2024-03-31", "2024-06-30"))
    assert mid > 300, "the mark is labelled"
    assert edge == pytest.approx(mid, rel=0.15), "the whole label is there at the edge too"


def test_a_still_says_in_words_what_it_shows():
    from analysis.verdicts import Mark
    from charts import still

    change = _claim([Mark(pd.Timestamp("2024-04-30"), 1130.0, "article: -37.5 USD bn", "article")],
                    change_from=pd.Timestamp("2024-03-31"))
    assert still.describe(change) == ("Chart of Japan from 2024-01-31 to 2024-06-30 (change since 2024-03, USD bn). "
                                      "Marked: article: -37.5 USD bn.")
    assert still.describe(_claim([])) == "Chart of Japan from 2024-01-31 to 2024-06-30 (USD bn)."


def test_the_downloaded_html_chart_leaves_room_above_its_title():
    from charts.common import to_html

    idx = pd.date_range("2025-01-31", periods=3, freq="ME")
    fig = treasury_chart(idx)
    page = to_html(fig, "t")
    assert '"pad":{"t":24}' in page.replace(" ", "") and '"yref":"container"' in page.replace(" ", "")


def treasury_chart(idx):
    from charts import treasury

    table = pd.DataFrame({"Japan": [1.0, 2.0, 3.0]}, index=idx)
    return treasury.holders(table, "level", {}, "Source: x", title="A title long enough to wrap onto two lines here")


def test_gold_buyers_above_sellers_each_bar_labelled():
    from charts import gold

    changes = pd.DataFrame({"series": ["POL", "RUS", "CHN", "TUR"], "change": [-5.0, 12.0, -20.0, 40.0]})
    fig = gold.net_changes(changes, {"CHN": "China"}, "2025 to 2026", "tonnes", "Source: x")
    bar = fig.data[0]
    assert list(bar.y) == ["China", "POL", "RUS", "TUR"], "from the largest sale at the bottom to the top buyer"
    assert list(bar.text) == ["-20.0", "-5.0", "+12.0", "+40.0"]


def test_intervention_bubbles_stay_small():
    from charts import fx

    sizes = fx.marker_sizes(np.array([0.0, 5_000.0, 10_000.0]))
    assert sizes[0] == fx.BUBBLE_PX[0] and sizes[-1] == fx.BUBBLE_PX[1] <= 20, "the range slider's strip holds them"


def test_events_are_numbered_once_by_date_and_sit_between_the_panels():
    from analysis.fx import Event
    from charts import fx

    days = pd.date_range("2020-01-01", "2024-12-31", freq="D")
    rate = pd.Series(np.linspace(100, 160, len(days)), index=days)
    events = [Event(pd.Timestamp(d), f"event {d}", "text") for d in ("2024-07-11", "2022-09-22", "2024-04-29",
                                                                      "2024-05-01")]
    ops = pd.DataFrame(columns=["date", "value", "direction"])

    def numbers(start: str, end: str) -> dict[str, str]:
        fig = fx.usdjpy(rate, ops, events, x_range=(pd.Timestamp(start), pd.Timestamp(end)), reference_lines=[],
                        show_interventions=False, source="Source: x")
        return {a.x: (a.text, a.y) for a in fig.layout.annotations if a.hovertext}

    whole, late = numbers("2020-01-01", "2024-12-31"), numbers("2024-01-01", "2024-12-31")
    assert [whole[d][0] for d in ("2022-09-22", "2024-04-29", "2024-05-01", "2024-07-11")] == ["1", "2", "3", "4"]
    assert {d: t for d, (t, _) in late.items()} == {"2024-04-29": "2", "2024-05-01": "3", "2024-07-11": "4"}, \
        "the same numbers in a shorter range"
    assert all(y in fx.EVENT_ROWS for _, y in whole.values()), "between the panels, on no data"
    assert whole["2024-04-29"][1] != whole["2024-05-01"][1], "two days apart: one number in each row"
