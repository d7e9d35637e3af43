"""Every page through Streamlit's AppTest, on the bundled snapshot: defaults, URL state, bad URLs."""

from __future__ import annotations

import base64
import json

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from tests.helpers import ROOT

APP = str(ROOT / "app.py")
TIMEOUT = 60


@pytest.fixture(autouse=True)
def empty_user_store(tmp_path, monkeypatch):
    """No user store: every page must render from data_sources/snapshot alone."""
    monkeypatch.setenv("DOLLAR_TIDE_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("DOLLAR_TIDE_SNAPSHOT", raising=False)


def run(page: str | None = None, **query: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    for key, value in query.items():
        at.query_params[key] = value
    if page:
        at.switch_page(page)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def figures(at: AppTest) -> list[dict]:
    return [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]


def values(trace: dict, axis: str = "y") -> list:
    """A trace's x or y as plotted: plain lists, or plotly's base64 typed arrays."""
    raw = trace[axis]
    if isinstance(raw, dict) and "bdata" in raw:
        return np.frombuffer(base64.b64decode(raw["bdata"]), dtype=np.dtype(raw["dtype"])).tolist()
    return list(raw)


def trace_names(figure: dict) -> list[str]:
    return [t.get("name") for t in figure["data"]]


def captions(at: AppTest) -> str:
    return " ".join(c.value for c in at.caption)


# -- overview ------------------------------------------------------------------------------

def test_overview_tiles_freshness_and_links():
    at = run()
    labels = [m.label for m in at.metric]
    assert len(labels) == 9
    assert labels[0] == "Japan, Apr 2026" and at.metric[0].value == "$1,209.9 bn"
    assert at.metric[0].delta == "+18.3 bn on month"
    assert any(label.startswith("USD/JPY") for label in labels)
    table = at.dataframe[0].value
    assert len(table) == 7 and set(table["origin"]) == {"bundled snapshot"}
    assert {"as of", "retrieved", "origin", "status"} <= set(table.columns)
    assert at.button[0].label.startswith("Refresh all datasets")


# -- Treasury holders ----------------------------------------------------------------------

def test_treasuries_defaults():
    at = run("pages/treasuries.py")
    assert at.multiselect[0].value == ["Japan", "China, Mainland", "United Kingdom", "Canada"]
    assert at.selectbox[0].value == "level"
    assert at.select_slider[0].value == ("2015-01", "2026-04")
    assert dict(at.query_params) == {}  # defaults stay out of the URL
    main = figures(at)[0]
    assert trace_names(main) == ["Japan", "China", "United Kingdom", "Canada"]
    assert main["data"][0]["x"][0] == "2015-01-31" and main["data"][0]["x"][-1] == "2026-04-30"
    assert "U.S. Department of the Treasury (TIC)" in captions(at)
    assert "bundled snapshot" in captions(at)
    assert not at.warning


def test_treasuries_from_the_url():
    at = run("pages/treasuries.py", countries="japan,korea-south", transform="share", **{"from": "2020-01"},
             to="2024-12", month="2024-04")
    assert at.multiselect[0].value == ["Japan", "Korea, South"]
    assert at.selectbox[0].value == "share"
    assert at.select_slider[0].value == ("2020-01", "2024-12")
    main = figures(at)[0]
    assert trace_names(main) == ["Japan", "Korea, South"]
    assert main["layout"]["yaxis"]["title"]["text"] == "% of foreign total"
    assert main["data"][0]["x"][0] == "2020-01-31" and main["data"][0]["x"][-1] == "2024-12-31"
    assert dict(at.query_params) == {"countries": "japan,korea-south", "transform": "share", "from": "2020-01",
                                     "to": "2024-12", "month": "2024-04"}
    ranking = at.dataframe[0].value
    assert ranking.iloc[0]["holder"] == "Japan" and ranking.iloc[0]["holding"] == 1126.1


def test_treasuries_widget_change_updates_the_url():
    at = run("pages/treasuries.py")
    at.selectbox[0].select("yoy").run()
    assert not at.exception
    assert dict(at.query_params) == {"transform": "yoy"}
    assert "change on year" in figures(at)[0]["layout"]["title"]["text"]


@pytest.mark.parametrize(("query", "notice"), [
    ({"countries": "atlantis"}, "no known item"),
    ({"countries": "japan,atlantis"}, "ignored unknown 'atlantis'"),
    ({"transform": "<b>x</b>"}, "not one of"),
    ({"from": "2099-13"}, "not a month"),
    ({"from": "2024-01", "to": "2020-01"}, "start is after the end"),
    ({"month": "1999-12"}, "runs from"),
    ({"countries": "j" * 10_000}, "too long"),
])
def test_treasuries_bad_url_values_give_a_notice_not_an_error(query, notice):
    at = run("pages/treasuries.py", **query)
    assert any(notice in w.value for w in at.warning), [w.value for w in at.warning]
    assert len(figures(at)) >= 2


# -- USD/JPY -------------------------------------------------------------------------------

def test_usdjpy_defaults_and_sections():
    at = run("pages/usdjpy.py")
    assert at.get("button_group")[0].value == "5Y"
    assert [t.value for t in at.toggle] == [True, True, True, True]
    main = figures(at)[0]
    assert trace_names(main)[:2] == ["USD/JPY", "Intervention: yen bought"]
    assert main["layout"]["xaxis"]["range"] == ["2020-09-26", "2025-09-26"]
    assert len(figures(at)) == 4  # main, rates, reserves, event study
    assert len(at.dataframe) == 2  # largest moves, event study
    assert "Ministry of Finance Japan" in captions(at)


def test_usdjpy_from_the_url():
    at = run("pages/usdjpy.py", range="Max", interventions="0", line150="0")
    main = figures(at)[0]
    assert main["layout"]["xaxis"]["range"] == ["1971-01-04", "2025-09-26"]
    assert trace_names(main) == ["USD/JPY"]
    assert [s["y0"] for s in main["layout"]["shapes"]] == [160]
    assert dict(at.query_params) == {"range": "Max", "interventions": "0", "line150": "0"}


def test_usdjpy_bad_url_values():
    at = run("pages/usdjpy.py", range="2W", events="perhaps")
    notes = " ".join(w.value for w in at.warning)
    assert "`range=2W`" in notes and "`events=perhaps`" in notes
    assert at.get("button_group")[0].value == "5Y"


# -- gold ----------------------------------------------------------------------------------

def test_gold_defaults():
    at = run("pages/gold.py")
    assert at.multiselect[0].value == ["CHN", "RUS", "IND", "TUR", "POL", "JPN"]
    main = figures(at)[0]
    assert trace_names(main) == ["China", "Russia", "India", "Türkiye", "Poland", "Japan"]
    assert main["layout"]["yaxis"]["title"]["text"] == "tonnes"
    assert len(figures(at)) == 4
    assert "International Monetary Fund" in captions(at) and "World Bank" in captions(at)


def test_gold_from_the_url_in_million_ounces():
    at = run("pages/gold.py", economies="china,usa", unit="moz", date="2024-06-30", since="2023-12-31",
             until="2024-06-30", value="tur", n="10")
    main = figures(at)[0]
    assert trace_names(main) == ["China", "United States"]
    china = dict(zip(values(main["data"][0], "x"), values(main["data"][0]), strict=True))
    assert main["layout"]["yaxis"]["title"]["text"] == "million troy oz"
    assert china["2024-06-30"] == pytest.approx(72.8)  # the PBoC's 72.80 m oz, via the IMF
    top = figures(at)[1]
    assert len(top["data"][0]["y"]) == 10 and "2024-06-30" in top["layout"]["title"]["text"]
    assert "Türkiye" in figures(at)[3]["layout"]["title"]["text"]
    assert dict(at.query_params)["value"] == "tur"


def test_gold_dates_must_be_report_dates():
    at = run("pages/gold.py", date="2024-05-31", economies="nowhere")
    notes = " ".join(w.value for w in at.warning)
    assert "quarter ends" in notes and "no known item" in notes
