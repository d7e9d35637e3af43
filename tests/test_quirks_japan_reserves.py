"""Japan's reserves: the bundled MOF file has no months 2002-07 .. 2020-07 (an excerpt). The chart
shades and labels the gap instead of leaving a reader guessing, and draws nothing across it."""

from __future__ import annotations

import numpy as np
import pandas as pd

from charts import common, export, fx
from data_sources import load
from data_sources.sources import mof
from tests.helpers import charts, fixture_bytes, run_page

MONTHS = pd.date_range("2020-01-31", "2020-12-31", freq="ME")


def test_missing_spans_finds_runs_of_a_few_missing_periods_only():
    kept = MONTHS.delete([3, 4, 5, 6, 9])  # April–July missing, and October alone
    assert common.missing_spans(kept, "ME") == [(pd.Timestamp("2020-04-30"), pd.Timestamp("2020-07-31"),
                                                  pd.Timestamp("2020-03-31"), pd.Timestamp("2020-08-31"))]
    assert common.missing_spans(kept, "ME", min_missing=1)[-1][:2] == (pd.Timestamp("2020-10-31"),) * 2
    assert common.missing_spans(MONTHS, "ME") == []


def test_gap_bands_shade_between_the_observations_and_label_with_the_missing_months():
    kept = MONTHS.delete([3, 4, 5, 6])
    shapes, notes = common.gap_bands(kept, "ME", "no data {first} – {last}", hover="none from {first}")
    (band,) = shapes
    assert band["type"] == "rect" and band["yref"] == "paper" and (band["y0"], band["y1"]) == (0, 1)
    assert band["x0"] > "2020-03-31" and band["x1"] < "2020-08-31", "the reports either side stay clear"
    assert band["x0"] < "2020-04-30" and band["x1"] > "2020-07-31"
    (label,) = notes
    assert label["text"] == "no data 2020-04 – 2020-07" and label["hovertext"] == "none from 2020-04"
    # A window that shows part of the gap: the label sits in the part shown and names the whole gap.
    shapes, notes = common.gap_bands(kept, "ME", "{first}–{last}",
                                     x_range=(pd.Timestamp("2020-06-15"), pd.Timestamp("2020-12-31")))
    assert notes[0]["text"] == "2020-04–2020-07" and notes[0]["x"] > "2020-06-15"
    assert common.gap_bands(kept, "ME", "x", x_range=(pd.Timestamp("2020-09-01"), pd.Timestamp("2020-12-31"))) \
        == ([], [])


def test_on_calendar_puts_a_blank_where_a_period_is_missing():
    series = pd.Series(1.0, index=MONTHS.delete([3, 4]))
    full = common.on_calendar(series, "ME")
    assert len(full) == 12 and full.isna().sum() == 2 and np.isnan(full["2020-04-30"])


def test_the_excerpt_and_the_bundled_data_have_the_gap():
    fixture = mof.parse_reserves(fixture_bytes("mof/historical.csv"))
    total = fixture[fixture["series"] == "total"].set_index("date")["value"]
    assert common.missing_spans(total.index, "ME")[0][:2] == (pd.Timestamp("2000-07-31"), pd.Timestamp("2020-07-31"))
    bundled = load("japan_reserves").series("total")
    assert common.missing_spans(bundled.index, "ME")[0][:2] == (pd.Timestamp("2002-07-31"),
                                                                pd.Timestamp("2020-07-31"))


def _chart(start: str = "1971-01-01") -> object:
    result = load("japan_reserves")
    total, part = result.series("total"), result.series("foreign_currency_reserves")
    return fx.reserves(total, part, result.provenance.attribution, x_range=(pd.Timestamp(start), total.index.max()))


def test_the_reserves_chart_shades_and_labels_the_gap_and_draws_nothing_across_it():
    fig = _chart()
    (band,) = [s for s in fig.layout.shapes if s.type == "rect"]
    assert "2002-06-30" < band.x0 < "2002-07-31" and "2020-07-31" < band.x1 < "2020-08-31"
    (label,) = [a for a in fig.layout.annotations if "no data" in (a.text or "")]
    assert label.text == "no data 2002-07 – 2020-07<br>in MOF's file"
    assert "2002-07 to 2020-07" in label.hovertext
    for bars in fig.data:
        inside = [x for x in bars.x if "2002-07-01" <= x <= "2020-07-31"]
        assert not inside, f"{bars.name} has nothing to draw in the gap"
    change = dict(zip(fig.data[2].x, fig.data[2].y, strict=True))
    assert "2020-08-31" not in change and "2020-09-30" in change, "no change on month across 18 years"
    assert fig.layout.xaxis.range[0] < "2000-04-30", "the chart starts where the series does, not in 1971"
    csv = export.table(fig)
    assert not any("2002-07" <= d <= "2020-07-31" for d in csv["date"]), "the band is not data"


def test_a_window_starting_inside_the_gap_labels_it_in_full():
    fig = _chart("2015-08-31")
    assert fig.layout.xaxis.range[0] == "2015-08-01"  # monthly data spans whole months (drawn as periods)
    (label,) = [a for a in fig.layout.annotations if "no data" in (a.text or "")]
    assert label.text.startswith("no data 2002-07 – 2020-07") and label.x > "2015-08-01"
    assert not [a for a in _chart("2021-01-31").layout.annotations if "no data" in (a.text or "")]


def test_the_usdjpy_page_draws_the_band(tmp_path, monkeypatch):
    monkeypatch.setenv("DOLLAR_TIDE_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("DOLLAR_TIDE_SNAPSHOT", raising=False)
    at = run_page("pages/usdjpy.py", section="japan-s-reserves", range="Max")
    reserves = charts(at)[1].spec
    assert [s["type"] for s in reserves["layout"]["shapes"]] == ["rect"]
    assert any("no data 2002-07 – 2020-07" in a.get("text", "") for a in reserves["layout"]["annotations"])
