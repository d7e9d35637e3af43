"""IMF gold as published: a negative volume (Luxembourg 1999-03) is kept in the data but not drawn
as a holding, and a quarter most economies have not reported yet (2026-03) is bridged, dotted,
not a reason to break every line — with notes under the chart saying both."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from charts import export, gold
from data_sources import load
from data_sources.sources import imf
from tests.helpers import fixture_bytes
from views import gold as view
from views import urlstate

SDMX = "imf/IL_RGV_REVS_FTO_M.csv"
LUX_NOTE = ("Luxembourg reported −8.6 t (−277,000 fine troy oz) for 1999-03, as published by the IMF; "
            "kept as published, not drawn as a holding.")
QUARTERS = pd.to_datetime(["2025-03-31", "2025-06-30", "2025-09-30", "2025-12-31", "2026-06-30"])


def test_the_reader_keeps_the_negative_and_names_it_in_the_series_notes():
    frame = imf.parse_sdmx_csv(fixture_bytes(SDMX))
    lux = frame[(frame["series"] == "LUX") & (frame["date"] == pd.Timestamp("1999-03-31"))]
    assert lux["ounces"].iloc[0] == -277_000 and lux["value"].iloc[0] == pytest.approx(-277_000 / 32_150.7466)
    assert frame.attrs["series_notes"] == {"LUX": [LUX_NOTE]}


def test_the_whole_real_file_has_one_negative(shared_data):
    frame = imf.parse_sdmx_csv((shared_data / "mirror" / SDMX).read_bytes())
    assert frame.attrs["series_notes"] == {"LUX": [LUX_NOTE]}


def test_the_served_value_stays_exact():
    frame = load("gold_reserves").frame
    lux = frame[(frame["series"] == "LUX") & (frame["date"] == pd.Timestamp("1999-03-31"))]
    assert lux["ounces"].iloc[0] == -277_000


def _lux() -> pd.Series:
    days = pd.to_datetime(["1998-09-30", "1998-12-31", "1999-03-31", "1999-06-30", "1999-09-30", "1999-12-31"])
    return pd.Series([9.5, 9.5, -8.615663, 2.36, 2.36, 2.36], index=days)


def test_a_negative_volume_is_not_drawn_nor_exported_nor_bridged():
    fig = gold.holdings({"LUX": _lux()}, {"LUX": "Luxembourg"}, "tonnes", "Source: test")
    line = fig.data[0]
    drawn = dict(zip(line.x, line.y, strict=True))
    assert np.isnan(drawn["1999-03-31"]), "the published negative is not drawn as a holding"
    assert all(v >= 0 for v in line.y if not np.isnan(v))
    assert not any(t.y is not None and min(t.y) < 0 for t in fig.data)
    assert not fig.layout.shapes, "no dotted segment to or from a point that is not drawn"
    csv = export.table(fig)
    assert "1999-03-31" not in set(csv["date"]) and (csv["Luxembourg (tonnes)"] >= 0).all()


def test_a_missing_quarter_is_bridged_dotted_and_the_hover_names_the_report_dates():
    china = pd.Series([2290, 2299, 2304, 2306, 2346.0], index=QUARTERS)
    fig = gold.holdings({"CHN": china}, {"CHN": "China"}, "tonnes", "Source: test")
    (bridge,) = fig.layout.shapes
    assert (bridge.x0, bridge.x1, bridge.y0, bridge.y1) == ("2025-12-31", "2026-06-30", 2306, 2346)
    assert bridge.line.dash == "dot" and bridge.line.color == fig.data[0].line.color
    assert bridge.legendgroup == "CHN", "it hides with China's line"
    line = fig.data[0]
    labels = dict(zip(line.x, line.customdata, strict=True))
    assert labels["2025-09-30"] == "2025-09-30"
    assert labels["2026-06-30"] == "2026-06-30, previous report 2025-12-31"
    assert line.hovertemplate.startswith("%{customdata}")
    # The segment is drawing, not data: the export has each report once and nothing for 2026-03.
    assert export.table(fig)["date"].tolist() == [f"{d:%Y-%m-%d}" for d in QUARTERS]


def test_a_long_silence_is_not_bridged_and_a_log_axis_takes_log_coordinates():
    years = pd.to_datetime(["2010-03-31", "2010-06-30", "2010-09-30", "2010-12-31", "2014-03-31", "2014-06-30"])
    fig = gold.holdings({"X": pd.Series([10, 10, 10, 10, 20, 20.0], index=years)}, {}, "tonnes", "Source: test")
    assert not fig.layout.shapes, "three years without a report: the line stops"
    china = pd.Series([2290, 2299, 2304, 2306, 2346.0], index=QUARTERS)
    fig = gold.holdings({"CHN": china}, {}, "tonnes", "Source: test", log=True)
    assert fig.layout.shapes[0].y1 == pytest.approx(np.log10(2346.0))


def test_the_world_total_is_quarterly_then_monthly_without_a_gap():
    quarterly = pd.date_range("1998-03-31", "1999-12-31", freq="QE")
    monthly = pd.date_range("2000-01-31", "2000-12-31", freq="ME")
    world = pd.Series(100.0, index=quarterly.append(monthly))
    assert gold.gaps(world) == [], "a change of cadence is not a missing report"
    assert gold.gaps(world.drop(pd.Timestamp("2000-06-30"))) == [(pd.Timestamp("2000-05-31"),
                                                                   pd.Timestamp("2000-07-31"))]


@pytest.fixture(scope="module")
def ctx() -> view.Context:
    return view.context(load)


def _main(ctx: view.Context, **query: str) -> view.Main:
    return view.main(ctx, urlstate.read(ctx.params, query)[0])


def test_the_default_chart_bridges_the_quarter_only_the_world_has_reported(ctx):
    frame = ctx.frame
    assert set(frame.loc[frame["date"] == pd.Timestamp("2026-03-31"), "series"]) == {"G001"}
    main = _main(ctx)
    bridged = {s.legendgroup for s in main.fig.layout.shapes if (s.x0, s.x1) == ("2025-12-31", "2026-06-30")}
    assert bridged == {"CHN", "IND", "TUR", "POL", "JPN"}, "each line reaches its own 2026-06 report"
    assert "RUS" not in bridged, "Russia has not reported since 2025-09: nothing to join"
    (note,) = [n for n in main.notes if "2026-03" in n]
    assert note.startswith("2026-03: only the world total is reported so far.") and "dotted" in note


def test_luxembourg_is_named_under_the_chart_and_left_out_of_the_line(ctx):
    main = _main(ctx, economies="lux", **{"from": "1995-01", "to": "2001-12"})
    assert "Luxembourg reported −8.6 t for 1999-03, as published by the IMF; not drawn." in main.notes
    line = main.fig.data[0]
    assert np.isnan(dict(zip(line.x, line.y, strict=True))["1999-03-31"])
    in_ounces = _main(ctx, economies="lux", unit="moz", **{"from": "1995-01", "to": "2001-12"})
    assert any("−0.277 million troy oz for 1999-03" in n for n in in_ounces.notes)
    later = _main(ctx, economies="lux", **{"from": "2000-01"})
    assert not any("Luxembourg reported" in n for n in later.notes), "only when the month is shown"


def test_an_index_is_never_based_on_a_negative_report(ctx):
    main = _main(ctx, economies="lux", base="1999-03", **{"from": "1995-01", "to": "2001-12"})
    line = main.fig.data[0]
    drawn = dict(zip(line.x, line.y, strict=True))
    assert drawn["1999-06-30"] == pytest.approx(100.0), "based on the first report that is a holding"
