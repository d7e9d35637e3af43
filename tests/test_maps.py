"""Maps: names to ISO3 codes (one tested table), what is painted and what is listed, map state in
the URL, and the map's CSV."""

from __future__ import annotations

import json

import pandas as pd
import plotly.graph_objects as go
import pytest
from streamlit.testing.v1 import AppTest

from analysis import maps
from analysis import series as s
from analysis.breaks import Breaks
from charts import export
from charts.maps import choropleth
from data_sources import load
from data_sources.economies import AGGREGATES, NAMES, TIC_GROUPS, TIC_ISO3, economy_name, iso3
from tests.helpers import ROOT, charts, run_page

TOPOLOGY = ROOT / "static" / "topojson" / "world_50m.json"


@pytest.fixture(autouse=True)
def snapshot_only(tmp_path, monkeypatch):
    monkeypatch.setenv("DOLLAR_TIDE_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("DOLLAR_TIDE_SNAPSHOT", raising=False)


def drawable() -> set[str]:
    topology = json.loads(TOPOLOGY.read_text())
    return {g.get("id") for g in topology["objects"]["countries"]["geometries"]}


def test_every_treasury_holder_maps_to_one_iso3_and_every_group_to_none():
    frame = load("treasury_holdings").frame
    kinds = frame.drop_duplicates("series").set_index("series")["is_aggregate"]
    for holder, aggregate in kinds.items():
        code = iso3("treasury_holdings", holder)
        if aggregate or holder in TIC_GROUPS:
            assert code is None, holder
        else:
            assert code is not None and len(code) == 3 and code.isupper(), holder
    codes = [iso3("treasury_holdings", h) for h in kinds.index if iso3("treasury_holdings", h)]
    assert len(codes) == len(set(codes)), "no two holders share a code"
    assert set(kinds.index[~kinds]) - set(TIC_ISO3) <= TIC_GROUPS, "every country-level holder is in the table"
    for name, code in {"China, Mainland": "CHN", "Korea, South": "KOR", "Taiwan": "TWN", "Hong Kong": "HKG",
                       "Belgium": "BEL", "Cayman Islands": "CYM"}.items():
        assert iso3("treasury_holdings", name) == code
    for group in ("Grand Total", "All Other", "Carib Bnkng Ctrs", "Belgium-Luxembourg", "Memo: Euro Area"):
        assert iso3("treasury_holdings", group) is None


def test_every_imf_economy_is_its_own_iso3_and_aggregates_none():
    codes = set(load("gold_reserves").frame["series"])
    for code in codes:
        mapped = iso3("gold_reserves", code)
        assert (mapped is None) == (code in AGGREGATES), code
    assert iso3("gold_reserves", "G001") is None and iso3("gold_reserves", "G163") is None
    assert set(codes) <= set(NAMES), "every economy has a display name"


def test_the_shipped_topology_draws_every_mapped_economy():
    shapes = drawable()
    tic = set(TIC_ISO3.values())
    imf = {c for c in load("gold_reserves").frame["series"].unique() if c not in AGGREGATES}
    missing = (tic | imf) - shapes
    assert missing <= {"XKX"}, missing  # Natural Earth has no ISO code for Kosovo: listed, not painted
    assert {"CYM", "HKG", "SGP", "BMU", "VGB"} <= shapes, "custody centres are on the 1:50m map"


def test_treasury_map_paints_countries_lists_groups_and_flags_old_reports():
    result = load("treasury_holdings")
    table = s.wide(result.frame)
    titles = {h: result.series_info(h).title for h in table.columns}
    at = table.index.max()
    shown = maps.treasury(table, titles, at, "level", Breaks.from_frame(result.frame))
    painted = shown.painted.set_index("iso3")
    assert painted.loc["JPN", "value"] == pytest.approx(table.loc[at, "Japan"])
    assert not painted.loc["JPN", "old"] and painted.loc["POL", "old"], "Poland's latest figure is older"
    assert painted.loc["POL", "value"] == pytest.approx(table["Poland"].dropna().iloc[-1])
    assert not painted.loc["DEU", "old"], "Table 3 gives Germany's newest months (mfhhis01 stops at December)"
    assert "Foreign total (all holders)" in set(shown.groups["name"]) and "USA" not in painted.index
    assert set(painted.index).isdisjoint({None})
    share = maps.treasury(table, titles, at, "share", Breaks.from_frame(result.frame)).painted.set_index("iso3")
    assert share.loc["JPN", "value"] == pytest.approx(table.loc[at, "Japan"] / table.loc[at, "Grand Total"] * 100)


def test_gold_map_uses_latest_reports_and_no_data_is_not_zero():
    frame = load("gold_reserves").frame
    names = {c: economy_name(c) for c in frame["series"].unique()}
    at = frame["date"].max()
    shown = maps.gold(frame, names, at, "tonnes")
    painted = shown.painted.set_index("iso3")
    assert "G001" not in painted.index and {"World", "Euro area"} <= set(shown.groups["name"])
    assert painted.loc["DEU", "old"], "Germany reported for an earlier quarter"
    assert shown.left_out > 50, "the economies the IMF table stopped covering are left out, not zero"
    assert (painted["value"] >= 0).all() and painted.loc["AZE", "value"] == 0, "a reported zero is a zero"
    change = maps.gold(frame, names, at, "change", since=at - pd.DateOffset(years=1)).painted.set_index("iso3")
    assert change.loc["POL", "value"] > 0
    price = load("gold_price").series("GOLD")
    value = maps.gold(frame, names, at, "value", price=price).painted.set_index("iso3")
    assert value.loc["USA", "value"] > 500  # 8,133 t at over 2,000 USD/oz: over USD 500 bn


def test_map_csv_is_one_row_per_painted_economy():
    painted = pd.DataFrame({"iso3": ["JPN", "CHN"], "name": ["Japan", "China"], "value": [1209.94, 651.12],
                            "reported": [pd.Timestamp("2026-04-30")] * 2, "old": [False, True]})
    fig = choropleth(painted, title="t", unit="USD bn", source="Source: TIC", diverging=False)
    table = export.table(fig)
    assert list(table.columns) == ["label", "value (USD bn)"]
    assert table.to_dict("records") == [{"label": "Japan", "value (USD bn)": 1209.9},
                                        {"label": "China", "value (USD bn)": 651.1}]
    changes = choropleth(painted.assign(value=[-40.0, 12.0]), title="t", unit="USD bn", source="s", diverging=True)
    assert changes.data[0].zmid == 0 and changes.data[0].zmin == -changes.data[0].zmax


def run(page: str, **query: str) -> AppTest:
    return run_page(page, **query)


def map_figure(at: AppTest) -> dict:
    specs = [c.spec for c in charts(at)]
    return next(s for s in specs if s["data"] and s["data"][0].get("type") == "choropleth")


def test_treasury_map_state_lives_in_the_url():
    at = run("pages/treasuries.py", section="map", map="yoy", map_month="2024-01")
    fig = map_figure(at)
    assert fig["layout"]["title"]["text"].replace("<br>", " ").endswith("change on year, 2024-01")
    assert fig["data"][0]["zmid"] == 0, "a change: diverging scale centred on zero"
    config = charts(at)[-1].config
    assert config["topojsonURL"] == "app/static/topojson/"
    assert at.query_params["map_month"] == "2024-01" and at.query_params["map"] == "yoy"
    assert any("Not countries, so not painted" in c.value for c in at.caption)


def test_bad_map_values_are_named_and_the_default_shown():
    at = run("pages/treasuries.py", section="map", map="<b>x</b>", map_month="2099-01")
    warning = at.warning[0].value
    assert "`map=" in warning and "`map_month=2099-01`" in warning  # inside code spans: shown, never rendered
    fig = map_figure(at)
    assert "holdings" in fig["layout"]["title"]["text"]


def test_gold_map_change_over_a_window():
    at = run("pages/gold.py", section="map", map="change", map_since="2025-06-30")
    fig = map_figure(at)
    assert "change since 2025-06-30" in fig["layout"]["title"]["text"].replace("<br>", " ")
    assert "POL" in fig["data"][0]["locations"]


def test_play_steps_the_month_and_keeps_the_url():
    at = run("pages/treasuries.py", section="map", map_month="2026-02")
    at.button(key="treasuries.map_month.play").click().run()
    assert at.button(key="treasuries.map_month.play").label == "Pause"
    fig = go.Figure(map_figure(at))
    assert fig.layout.title.text is not None


def test_a_change_map_offers_only_dates_after_its_window_start():
    at = run("pages/gold.py", section="map", map="change", map_since="2025-12-31")
    slider = at.select_slider(key="gold.map_date")
    assert slider.options and all(d > "2025-12-31" for d in slider.options)
    assert slider.value == "2026-06-30"


def test_small_financial_centres_are_circles_sized_by_value_on_the_map():
    from charts import maps as chart_maps
    from charts.export import table as exported

    result = load("treasury_holdings")
    table = s.wide(result.frame)
    titles = {h: result.series_info(h).title for h in table.columns}
    shown = maps.treasury(table, titles, table.index.max(), "level", Breaks.from_frame(result.frame))
    fig = chart_maps.choropleth(shown.painted, title="t", unit="USD bn", source="Source: x", diverging=False)
    circles = next(t for t in fig.data if t.type == "scattergeo")
    sizes = dict(zip(circles.locations, circles.marker.size, strict=True))
    assert {"CYM", "HKG", "SGP", "LUX"} <= set(sizes), "the 4th-largest holder is on the map, not 3 x 1 px"
    assert sizes["CYM"] > sizes["HKG"] > sizes["BHS"], "bigger holdings, bigger circles"
    assert circles.marker.colorscale == fig.data[0].colorscale and circles.meta["export"] is False
    assert len(exported(fig)) == len(shown.painted), "each economy once in the CSV"
