"""Every page through Streamlit's AppTest, on the bundled snapshot: defaults, URL state, bad URLs."""

from __future__ import annotations

import base64
import io
import urllib.parse

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest
from streamlit.testing.v1 import AppTest

from tests.helpers import ROOT, charts

APP = str(ROOT / "overview.py")
TIMEOUT = 60


@pytest.fixture(autouse=True)
def empty_user_store(tmp_path, monkeypatch):
    """No user store: every page must render from data_sources/snapshot alone."""
    monkeypatch.setenv("DOLLAR_TIDE_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("DOLLAR_TIDE_SNAPSHOT", raising=False)


def run(script: str | None = None, /, **query: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    for key, value in query.items():
        at.query_params[key] = value
    if script:
        at.switch_page(script)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def figures(at: AppTest) -> list[dict]:
    return [chart.spec for chart in charts(at)]


def values(trace: dict, axis: str = "y") -> list:
    """A trace's x or y as plotted: plain lists, or plotly's base64 typed arrays."""
    raw = trace[axis]
    if isinstance(raw, dict) and "bdata" in raw:
        return np.frombuffer(base64.b64decode(raw["bdata"]), dtype=np.dtype(raw["dtype"])).tolist()
    return list(raw)


def trace_names(figure: dict) -> list[str]:
    """The series a reader finds in the legend (not the dots and spikes drawn for them)."""
    return [t.get("name") for t in figure["data"] if t.get("showlegend") is not False]


def captions(at: AppTest) -> str:
    return " ".join(c.value for c in at.caption)


def freshness(at: AppTest) -> str:
    """The page's freshness notice: its one line (an expander's label) and the lines inside it."""
    notices = [e for e in at.expander if ":material/schedule:" in e.label]
    return " ".join(e.label for e in notices) + " " + " ".join(m.value for e in notices for m in e.markdown)


# -- overview ------------------------------------------------------------------------------

def test_overview_tiles_freshness_and_links():
    at = run()
    labels = [m.label for m in at.metric]
    assert len(labels) == 14
    assert labels[4:7] == ["Fed custody, 24 Jun 2026", "Top net seller, Apr 2026", "Top net buyer, Apr 2026"]
    assert [m.value for m in at.metric[4:7]] == ["$2,636.9 bn", "Canada sold $43.8 bn", "UK bought $17.1 bn"]
    assert [m.delta for m in at.metric[4:7]] == ["+5.7 bn on week", "holdings -42.4 bn", "holdings +10.6 bn"]
    assert labels[-2:] == ["Dollar's share of reserves, 2026-Q1", "China's FX reserves, Apr 2026"]
    assert [at.metric[-2].value, at.metric[-1].value] == ["57.13%", "$3,410.5 bn"]
    assert labels[0] == "Japan, Apr 2026" and at.metric[0].value == "$1,209.9 bn"
    assert at.metric[0].delta == "+18.3 bn on month"
    assert any(label.startswith("USD/JPY") for label in labels)
    table = at.table[0].value  # a static table: its cells wrap, no column scrolls off
    from data_sources import catalogue

    assert len(table) == len(catalogue.CATALOGUE) and set(table["origin"]) == {"bundled snapshot"}
    assert {"data to", "schedule", "retrieved", "origin", "status"} <= set(table.columns)
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
    assert "bundled snapshot" in freshness(at)
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


@pytest.mark.parametrize(("section", "charts", "tables"), [
    ("ranking", 1, 1), ("buyers-and-sellers", 2, 0), ("official-and-bills", 3, 0), ("selling-streaks", 1, 1),
    ("what-the-numbers-mean", 1, 0)])
def test_treasuries_sections_are_lazy_tabs_in_the_url(section, charts, tables):
    at = run("pages/treasuries.py", section=section, month="2024-04")
    assert len(figures(at)) == charts and len(at.dataframe) == tables  # only the open tab ran
    if section == "buyers-and-sellers":
        movers = figures(at)[1]
        assert "Mar 2024 → Apr 2024" in movers["layout"]["title"]["text"]
        bars = dict(zip(movers["data"][0]["y"], values(movers["data"][0], "x"), strict=True))
        assert bars["Japan"] == pytest.approx(-40.9) and bars["United Kingdom"] == pytest.approx(-21.8)
    expected = {"month": "2024-04"} | ({} if section == "ranking" else {"section": section})
    assert dict(at.query_params) == expected


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
    assert len(figures(at)) == 1 and len(at.dataframe) == 1  # the chart and the default tab still render


# -- USD/JPY -------------------------------------------------------------------------------

def test_usdjpy_defaults_and_sections():
    at = run("pages/usdjpy.py")
    assert at.get("button_group")[0].value == "5Y"
    assert [t.value for t in at.toggle if t.label != "Table view"] == [True, True, True, True, False]
    main = figures(at)[0]
    assert trace_names(main)[:2] == ["USD/JPY", "Intervention: yen bought"]
    # The rate runs to 2026-09-25 (the snapshot of 2026-12), past the last interventions (2026-05-06).
    assert main["layout"]["xaxis"]["range"] == ["2021-09-25", "2026-09-25"]
    amounts = [t for t in main["data"] if t["name"].startswith("JPY bn")]
    assert "2026-05-06" in values(amounts[0], "x"), "the latest interventions are in the chart, not only the slider"
    assert not any("no rate in this release" in a.get("text", "") for a in main["layout"]["annotations"])
    assert "YTD is since 1 January 2026" in captions(at)
    assert len(figures(at)) == 2  # the main chart and the open tab's (rates)
    assert trace_names(figures(at)[1]) == ["Effective fed funds rate", "US – Japan 10-year yield spread"]
    assert "Ministry of Finance Japan" in captions(at)


@pytest.mark.parametrize(("section", "charts", "tables"), [
    ("japan-s-reserves", 2, 0), ("largest-daily-moves", 1, 1), ("after-interventions", 2, 1)])
def test_usdjpy_sections(section, charts, tables):
    at = run("pages/usdjpy.py", section=section, range="Max")
    assert len(figures(at)) == charts and len(at.dataframe) == tables
    if section == "after-interventions":
        study = at.dataframe[0].value
        row = study[study["start"] == pd.Timestamp("2024-04-29")].iloc[0]
        assert row["days"] == 2 and row["amount_jpy_bn"] == pytest.approx(9788.5)
        assert row["after_5d"] == pytest.approx(153.85 - 156.71)  # 2024-05-06 vs 2024-04-29 noon rates
        late = study[study["start"] >= pd.Timestamp("2026-04-30")].iloc[0]
        # FRED to 2026-09-25: the 2026 episode now has its rate and the 20 days after it.
        assert late["rate"] == pytest.approx(156.66) and late["after_20d"] == pytest.approx(2.57)
        assert "Federal Reserve" in figures(at)[1]["layout"]["annotations"][-1]["text"]
    if section == "largest-daily-moves":
        assert at.dataframe[0].value.iloc[0]["date"] == pd.Timestamp("1973-02-13")
    if section == "japan-s-reserves":
        reserves = figures(at)[1]
        assert values(reserves["data"][0], "x")[-1] == "2026-08-31", "reserves drawn to their own end"


def test_usdjpy_from_the_url():
    at = run("pages/usdjpy.py", range="Max", interventions="0", line150="0")
    main = figures(at)[0]
    assert main["layout"]["xaxis"]["range"] == ["1971-01-04", "2026-09-25"]
    assert trace_names(main) == ["USD/JPY"]
    assert [s["y0"] for s in main["layout"]["shapes"] if s.get("yref") == "y"] == [160]  # events' leaders: paper
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
    lines = [t for t in main["data"] if t["mode"] == "lines"]
    assert [t["name"] for t in lines] == ["China", "Russia", "India", "Türkiye", "Poland", "Japan"]
    # 2026-05 is missing for most: their 2026-06 report has no line to it and is drawn as a dot.
    dots = {t["name"]: values(t, "x") for t in main["data"] if t["mode"] == "markers"}
    assert dots["China"] == ["2026-06-30"] and "Russia" not in dots
    assert main["layout"]["yaxis"]["title"]["text"] == "tonnes"
    assert len(figures(at)) == 2  # holdings and the open tab's largest holders
    assert "International Monetary Fund" in captions(at)
    # The ragged edge: only 34 economies reported for 2026-06-30; the late big holders still rank.
    top = figures(at)[1]["data"][0]["y"][::-1]
    assert top[:4] == ["United States", "Germany (2025-12-31)", "Italy", "France (2025-12-31)"]
    assert any(label.startswith("Russia (") for label in top)
    assert any(label.startswith("Netherlands (") for label in top)
    assert "had not reported for 2026-06-30 yet" in captions(at)


def test_gold_from_the_url_in_million_ounces():
    at = run("pages/gold.py", economies="china,usa", unit="moz", date="2024-06-30", n="10")
    main = figures(at)[0]
    assert trace_names(main) == ["China", "United States"]
    china = dict(zip(values(main["data"][0], "x"), values(main["data"][0]), strict=True))
    assert main["layout"]["yaxis"]["title"]["text"] == "million troy oz"
    assert china["2024-06-30"] == pytest.approx(72.8)  # the PBoC's 72.80 m oz, via the IMF
    top = figures(at)[1]
    assert len(top["data"][0]["y"]) == 10 and "2024-06-30" in top["layout"]["title"]["text"]
    assert dict(at.query_params) == {"economies": "chn,usa", "unit": "moz", "date": "2024-06-30", "n": "10"}


@pytest.mark.parametrize("section", ["buyers-and-sellers", "price-and-value", "world-total", "about-these-numbers"])
def test_gold_sections(section):
    at = run("pages/gold.py", section=section, since="2023-12-31", until="2024-06-30", value="tur")
    if section == "buyers-and-sellers":
        changes = figures(at)[1]
        bars = dict(zip(changes["data"][0]["y"], values(changes["data"][0], "x"), strict=True))
        assert bars["China"] == pytest.approx((72.80e6 - 71.87e6) / 32_150.7466)
    elif section == "price-and-value":
        assert "Türkiye" in figures(at)[1]["layout"]["title"]["text"]
        assert "World Bank" in captions(at)
    elif section == "world-total":
        assert trace_names(figures(at)[1]) == ["World"]
    else:
        assert len(figures(at)) == 1


def test_gold_dates_must_be_report_dates():
    at = run("pages/gold.py", date="2024-05-31", economies="nowhere")
    notes = " ".join(w.value for w in at.warning)
    assert "quarter ends" in notes and "no known item" in notes


# -- article check -------------------------------------------------------------------------------

def test_article_summary_table_and_a_claim_on_demand():
    at = run("pages/article.py")
    counts = {m.label: m.value for m in at.metric}
    # China's April gold is SAFE's monthly figure (April lies between two IMF quarters): it matches
    assert counts == {"Matches": "14", "Close": "1", "Revised since": "7", "Differs": "3", "Not checkable": "3"}
    table = at.dataframe[0].value
    assert len(table) == 28 and list(table.columns) == ["#", "verdict", "claim", "article", "official", "why", "alone"]
    assert table["verdict"].str.startswith(("✓", "≈", "↻", "✗", "?")).all(), "a sign beside each verdict's word"
    japan = table[table["claim"].str.contains("37.5")].iloc[0]
    assert japan["verdict"] == "↻ Revised since" and "revised its figures for 2024" in japan["why"]
    # beside each hand-written claim: what the extractor made of it reading the text alone
    assert japan["alone"] == "✓ found, revised since"
    assert (table["alone"].str.startswith("✓")).sum() >= 20
    yen = table[table["claim"].str.contains("yen could only be exchanged")]
    assert yen["alone"].tolist() == ["not found by itself"]
    assert any("agrees with the worked example on" in c.value for c in at.caption)
    assert not [m for m in at.markdown if "-badge[" in m.value], "no card until a claim is picked"
    assert not at.get("image") and not figures(at), "the first screen is the table: no charts"

    one = run("pages/article.py", claim="japan-march-level")
    badges = [m.value for m in one.markdown if "-badge[" in m.value]
    assert badges == [":red-badge[:material/cancel: Differs]"]
    alt = one.get("image")[0].proto.imgs[0].alt
    assert alt == ("Chart of Japan from 2022-09-30 to 2024-09-30 (USD bn). "
                   "Marked: article: 11.878 USD trn; official: 1.167 USD trn."), "the alt text says what is drawn"
    assert "**Article:** 11.878 USD trn" in [m.value for m in one.markdown]
    assert dict(one.query_params) == {"claim": "japan-march-level"}, "the picked claim stays in the link"
    revised = run("pages/article.py", claim="japan-april-decrease")
    assert ":orange-badge[:material/history: Revised since]" in [m.value for m in revised.markdown]


def test_article_filters_from_the_url():
    at = run("pages/article.py", topics="gold", verdicts="differs")
    assert at.dataframe[0].value["claim"].str.contains("290").tolist() == [True]  # China's "290 tons"
    assert dict(at.query_params) == {"topics": "gold", "verdicts": "differs"}


def test_article_custom_claim_from_the_url():
    at = run("pages/article.py", dataset="usdjpy", series="USDJPY", op="max", start="2024-04-01",
             end="2024-05-31", value="157.65", unit="JPY per USD")
    texts = [m.value for m in at.markdown]
    assert "**Official:** 157.65 JPY per USD on 2024-05-01" in texts
    assert ":green-badge[:material/check_circle: Matches]" in texts[-20:]
    code = at.get("code")[0].value
    assert "dataset=usdjpy" in code and "value=157.65" in code


@pytest.mark.parametrize(("query", "notice"), [
    ({"dataset": "junk", "value": "1"}, "`dataset=junk`"),
    ({"verdicts": "maybe"}, "no known item"),
    ({"dataset": "usdjpy", "op": "drop-tables", "value": "1"}, "`op=drop-tables`"),
])
def test_article_bad_url_gives_a_notice(query, notice):
    at = run("pages/article.py", **query)
    assert any(notice in w.value for w in at.warning), [w.value for w in at.warning]


def test_article_custom_claim_with_junk_value_is_not_checkable():
    at = run("pages/article.py", dataset="treasury_holdings", series="japan", op="level", start="2024-04",
             value="lots")
    notes = " ".join(w.value for w in at.warning)
    assert "Ignored `value=lots`: a plain number" in notes, "the codec names the bad value"
    assert not any("-badge[" in m.value and "custom" in m.value for m in at.markdown), "nothing is checked"


def test_every_claim_link_opens_its_page_cleanly_on_that_series_and_period():
    from analysis import verdicts as V

    links = [link.proto for claim in V.load_claims()[1] for link in run("pages/article.py", claim=claim.id)
             .get("page_link") if link.proto.label == "Open this series and period"]
    assert len(links) == 25
    for link in links:
        query = dict(urllib.parse.parse_qsl(link.query_string))
        page = "pages/" + link.page.strip("/").split("/")[-1] + ".py"
        target = run(page, **query)
        assert not target.warning, (page, query, [w.value for w in target.warning])
        main = figures(target)[0]
        if "from" in query and page.endswith(("treasuries.py", "gold.py")):
            assert main["data"][0]["x"][0] >= query["from"], (page, query)


def test_a_readers_own_claim_is_labelled_as_theirs():
    at = run("pages/article.py", dataset="treasury_holdings", series="japan", op="level", start="2024-03",
             value="1187.8")
    texts = [m.value for m in at.markdown]
    assert "**Your figure:** 1,187.8 USD bn" in texts or any(t.startswith("**Your figure:**") for t in texts)
    assert not any(t.startswith("**Article:**") for t in texts)


def test_treasuries_shows_what_the_last_revision_changed(tmp_path, monkeypatch):
    import shutil

    from data_sources.refresh import refresh
    from data_sources.store import Store
    from tests.helpers import FIXTURE_MIRROR, settings_for

    home = tmp_path / "home"
    monkeypatch.setenv("DOLLAR_TIDE_HOME", str(home))
    older = tmp_path / "mirror-2026-03"
    shutil.copytree(FIXTURE_MIRROR, older)
    shutil.copy(FIXTURE_MIRROR / "variants/mfhhis01__vintage-2026-03-18.txt", older / "treasury/mfhhis01.txt")
    store = Store(home / "store")
    assert refresh(["treasury_holdings"], settings_for(tmp_path / "a", mirror=older, store=store))[0].ok
    assert refresh(["treasury_holdings"], settings_for(tmp_path / "b", store=store))[0].ok
    at = run("pages/treasuries.py", section="what-the-numbers-mean")
    changes = at.dataframe[0].value
    row = changes[(changes["series"] == "Foreign official (central banks, governments)")
                  & (changes["date"] == pd.Timestamp("2025-01-31"))].iloc[0]
    assert (row["value_old"], row["value_new"]) == (3818.7, 3803.8)


def test_treasuries_all_other_shows_its_series_break():
    at = run("pages/treasuries.py", countries="all-other,japan", **{"from": "2024-01"})
    main = figures(at)[0]
    notes = [a.get("text", "") for a in main["layout"].get("annotations", [])]
    assert "series break: All other holders" in notes
    assert "2025-04-29" in values(main["data"][0], "x")
    assert "behind its usual schedule" in freshness(at), "the data's own age is shown, not only retrieval"


#: Each overview tile's subject: the trace its link must open (on the main chart or the open tab).
TILE_SUBJECTS = {
    "Japan": "Japan", "China": "China", "UK": "United Kingdom",
    "Foreign total": "Foreign total (all holders)",
    "USD/JPY": "USD/JPY", "Reserves": "Total reserves", "China's gold": "China", "World gold": "World",
    "Gold price": "Gold price, USD/oz", "Dollar's share of reserves": "US dollar",
    "China's FX reserves": "Foreign-currency reserves (SAFE)",
    "Fed custody": "Held in custody at the New York Fed (weekly, H.4.1)",
    "Top net seller": "Net purchases", "Top net buyer": "Net purchases",
}


def test_every_overview_link_opens_a_chart_of_its_tile():
    overview = run()
    tiles = [m.label for m in overview.metric]
    links = overview.get("page_link")
    chart_links = [pl.proto for pl in links if pl.proto.label == "Open chart"]
    assert len(chart_links) == len(tiles) == len(TILE_SUBJECTS)
    for label, link in zip(tiles, chart_links, strict=True):
        subject = TILE_SUBJECTS[label.split(",")[0]]
        query = dict(pair.split("=", 1) for pair in link.query_string.split("&") if pair)
        at = run(f"pages/{link.page}.py", **query)
        drawn = [name for fig in figures(at) for name in trace_names(fig)]
        assert subject in drawn, (label, link.query_string, drawn)
        assert not at.warning, (label, [w.value for w in at.warning])


# -- exports -----------------------------------------------------------------------------------

EXPORT_STATES = [
    ("pages/usdjpy.py", {"range": "1M"}),
    ("pages/usdjpy.py", {"range": "5Y"}),
    ("pages/usdjpy.py", {"range": "Max", "interventions": "0"}),
    ("pages/treasuries.py", {"countries": "japan,all-other", "transform": "mom", "from": "2024-01"}),
    ("pages/gold.py", {}),
    ("pages/gold.py", {"section": "buyers-and-sellers", "unit": "moz"}),
    ("pages/reserves.py", {}),
    ("pages/reserves.py", {"currencies": "usd,cny,chf", "measure": "amount", "from": "2015-03",
                           "section": "unallocated-and-imputed"}),
]


@pytest.mark.parametrize(("page", "query"), EXPORT_STATES)
def test_every_csv_is_exactly_the_plotted_traces(page, query):
    from charts import export
    from ui import chrome

    at = run(page, **query)
    for spec in figures(at):
        fig = go.Figure(spec)
        table = export.table(fig)
        shown = fig.layout.xaxis.range
        expected_columns = 0
        for trace in spec["data"]:
            if (trace.get("meta") or {}).get("export") is False:
                continue
            expected_columns += 1
            horizontal = trace.get("orientation") == "h"
            keys = values(trace, "y" if horizontal else "x")
            ys = values(trace, "x" if horizontal else "y")
            if (trace.get("meta") or {}).get("spikes"):  # drawn base, top, base: the tops are the data
                keys, ys = keys[1::3], ys[1::3]
            points = {str(k): v for k, v in zip(keys, ys, strict=True) if v is not None and np.isfinite(v)}
            if shown and not horizontal:
                points = {k: v for k, v in points.items() if str(shown[0]) <= k <= str(shown[1])}
            column = next(c for c in table.columns[1:] if c.startswith(trace["name"]))
            got = dict(zip(table.iloc[:, 0], table[column], strict=True))
            got = {k: v for k, v in got.items() if pd.notna(v)}
            assert got.keys() == points.keys(), (page, query, column)
            decimals = (trace.get("meta") or {}).get("decimals", export.DEFAULT_DECIMALS)
            assert all(abs(v - points[k]) <= 0.5 * 10 ** -decimals + 1e-9 for k, v in got.items()), \
                "rounded as published, nothing else"
        columns = [c for c in table.columns if c != export.NOTE_COLUMN]
        assert len(columns) == 1 + expected_columns, "one column per plotted series, none twice"
        csv = chrome.csv_bytes(fig).decode()
        assert pd.read_csv(io.StringIO(csv), comment="#").shape == table.shape


def test_usdjpy_1m_export_is_the_visible_month_not_the_whole_history():
    from charts import export

    at = run("pages/usdjpy.py", range="1M")
    table = export.table(go.Figure(figures(at)[0]))
    assert len(table) < 40, "the visible month of the rate and the later interventions, not 13,721 rows"
    assert table["date"].min() >= "2025-08-26"
    assert table["USD/JPY (yen per US dollar)"].notna().sum() >= 20, "a month of the rate, not an empty chart"
    assert [c for c in table.columns if "Intervention" in c] == [], "markers on the line are not exported twice"


def test_csv_header_names_title_units_source_and_dates():
    from data_sources import load
    from ui import chrome

    at = run("pages/treasuries.py")
    fig = go.Figure(figures(at)[0])
    csv = chrome.csv_bytes(fig, [load("treasury_holdings").provenance], "http://x/treasuries").decode()
    head = [line for line in csv.splitlines() if line.startswith("#")]
    text = "\n".join(head)
    assert "# source: Source:" not in text
    for needed in ("# title: US Treasury holdings", "# source: U.S. Department of the Treasury (TIC)",
                   "# data to: Foreign holdings of US Treasury securities: 2026-04-30", "# retrieved:",
                   "# link: http://x/treasuries", "slt_table5.txt"):
        assert needed in text, needed
    body = pd.read_csv(io.StringIO(csv), comment="#")
    assert list(body.columns) == ["date", "Japan (USD bn)", "China (USD bn)", "United Kingdom (USD bn)",
                                  "Canada (USD bn)", "note"]
    canada = body.set_index("date").loc["2024-12-31"]
    assert canada["Canada (USD bn)"] == 380.3 and "Table 3 (release of 2026-05-18)" in canada["note"], \
        "where two tables disagree, the served figure says so"
    assert "# revised: 2025 on 2026-05-18, 2024 on 2026-01-15" in text
    html = chrome.html_bytes(fig).decode()
    assert "<title>US Treasury holdings: level, 2015-01 to 2026-04 · Dollar Tide</title>" in html


# -- state that must not get lost ----------------------------------------------------------------

def test_a_choice_inside_a_tab_survives_switching_tabs_and_stays_in_the_url():
    at = run("pages/gold.py")
    at.selectbox(key="gold.date").set_value("2024-06-30").run()
    assert dict(at.query_params) == {"date": "2024-06-30"}
    at.session_state["gold.section"] = "World total"
    at.run()
    assert dict(at.query_params) == {"date": "2024-06-30", "section": "world-total"}
    at.session_state["gold.section"] = "Largest holders"
    at.run()
    assert at.selectbox(key="gold.date").value == "2024-06-30"
    assert dict(at.query_params) == {"date": "2024-06-30"}


def test_the_back_button_undoes_one_step():
    at = run("pages/treasuries.py")
    at.selectbox[0].set_value("yoy").run()
    assert dict(at.query_params) == {"transform": "yoy"}
    at.query_params.clear()  # the browser's Back: the previous URL, a rerun with it
    at.query_params["countries"] = "japan"
    at.run()
    assert at.selectbox[0].value == "level"
    assert at.multiselect[0].value == ["Japan"]
    assert trace_names(figures(at)[0]) == ["Japan"]
    assert dict(at.query_params) == {"countries": "japan"}
    assert not at.warning


def test_clearing_every_holder_draws_nothing_and_says_so():
    at = run("pages/treasuries.py")
    at.multiselect[0].set_value([]).run()
    assert not [f for f in figures(at) if trace_names(f) and "Japan" in trace_names(f)]
    assert any("Pick at least one holder" in i.value for i in at.info)
    gold = run("pages/gold.py")
    gold.multiselect[0].set_value([]).run()
    assert any("Pick at least one economy" in i.value for i in gold.info)


def test_holders_that_stopped_long_ago_say_so_and_add_no_empty_legend_entry():
    at = run("pages/treasuries.py", countries="japan,belgium-luxembourg")
    options = at.multiselect[0]
    assert "Belgium-Luxembourg (until 2002-05)" in [options.format_func(o) for o in options.options] or \
        "Belgium-Luxembourg (until 2002-05)" in options.options
    assert trace_names(figures(at)[0]) == ["Japan"]
    assert "No figures between 2015-01 and 2026-04 for: Belgium-Luxembourg (until 2002-05)." in captions(at)


def test_log_scale_rebase_and_range_presets():
    at = run("pages/treasuries.py", transform="index", base="2020-01", log="1")
    main = figures(at)[0]
    assert main["layout"]["yaxis"]["type"] == "log"
    japan = dict(zip(values(main["data"][0], "x"), values(main["data"][0]), strict=True))
    assert japan["2020-01-31"] == pytest.approx(100.0)
    assert "2020-01 = 100" in main["layout"]["title"]["text"].replace("<br>", " ")
    at.get("button_group")[0].set_value("1Y").run()
    assert at.select_slider[0].value == ("2025-05", "2026-04")
    assert dict(at.query_params)["from"] == "2025-05"
    gold = run("pages/gold.py", log="1")
    assert figures(gold)[0]["layout"]["yaxis"]["type"] == "log"
    gold.get("button_group")[-1].set_value("5Y").run()
    assert gold.select_slider[0].value == ("2021-07", "2026-06")


@pytest.mark.parametrize("script", ["pages/treasuries.py", "pages/gold.py"])
def test_a_range_preset_sets_the_slider_without_streamlits_warning(script, monkeypatch):
    """Streamlit logged 'The widget with key "treasuries.range" was created with a default value but
    also had its value set via the Session State API' when a preset wrote the slider's key."""
    import logging

    from streamlit.elements.lib import policies

    monkeypatch.setattr(policies, "_shown_default_value_warning", False)  # it warns once per process
    logged: list[str] = []
    handler = logging.Handler()
    handler.emit = lambda record: logged.append(record.getMessage())
    logger = logging.getLogger(policies.__name__)
    logger.addHandler(handler)
    try:
        at = run(script, **{"from": "2019-01", "to": "2021-06"})
        assert at.select_slider[0].value == ("2019-01", "2021-06"), "a deep link's months are the slider's"
        for preset in ("1Y", "Max", "5Y"):
            next(b for b in at.get("button_group") if b.key.endswith(".range_preset")).set_value(preset).run()
            assert not at.exception
            slider = at.select_slider[0]
            start, end = slider.value
            assert end == slider.options[-1] and (preset != "Max" or start == slider.options[0]), preset
            if preset != "Max":  # the whole history may be the page's default: then the URL says nothing
                assert dict(at.query_params).get("from") == start and "to" not in dict(at.query_params)
        at.select_slider[0].set_value(("2019-01", "2021-06")).run()  # the reader moves it after a preset
        assert dict(at.query_params) == {"from": "2019-01", "to": "2021-06"}
    finally:
        logger.removeHandler(handler)
    assert not [m for m in logged if "Session State" in m], logged


def test_the_overview_says_plainly_when_the_sources_could_not_be_reached():
    from datetime import UTC, datetime

    from streamlit.testing.v1 import AppTest

    from data_sources import background, catalogue
    from data_sources.refresh import Report

    error = ("U.S. Department of the Treasury (TIC): fetch failed at https://ticdata.treasury.gov/x: expected a "
             "connection; found connection failed: Name or service not known")
    job = background.Job(names=(), started=datetime.now(UTC), finished=datetime.now(UTC),
                         reports=[Report(n, ok=False, error=error, unreachable=True) for n in catalogue.CATALOGUE])
    background._job = job
    try:
        at = AppTest.from_file(str(ROOT / "overview.py"), default_timeout=60).run()
    finally:
        background._job = None
    assert not at.exception, [e.value for e in at.exception]
    said = " ".join(w.value for w in at.warning)
    assert "The official sources could not be reached" in said
    assert "Name or service not known" not in said, "the raw errors stay behind the expander"
    assert any(e.label == "Details of what failed" for e in at.expander)
    assert any("Name or service not known" in c.value for c in at.code)
    assert not any(b.disabled for b in at.button)


def test_deselecting_the_range_pill_falls_back_to_the_default():
    at = run("pages/usdjpy.py", range="1Y")
    at.get("button_group")[0].set_value(None).run()
    assert "range" not in dict(at.query_params)
    assert not at.exception


def test_index_of_a_holder_first_reported_after_the_base_month():
    at = run("pages/treasuries.py", countries="japan,austria", transform="index", **{"from": "2015-01"})
    main = figures(at)[0]
    assert trace_names(main) == ["Japan", "Austria"]
    austria = [v for v in values(main["data"][1]) if v is not None and np.isfinite(v)]
    assert austria and austria[0] == pytest.approx(100.0), "indexed to its own first month"
    assert "each is indexed to its own first month instead" in captions(at)


def test_a_change_claim_whose_start_is_after_its_end_is_not_checkable():
    at = run("pages/article.py", dataset="treasury_holdings", series="japan", op="change", start="2026-03",
             end="2024-04", value="5", unit="USD bn")
    assert any("is after the end" in m.value for m in at.markdown)


def test_gold_rebased_and_usdjpy_on_a_log_scale():
    at = run("pages/gold.py", economies="china,poland", base="2020-01", **{"from": "2015-01"})
    main = figures(at)[0]
    assert "= 100" in main["layout"]["yaxis"]["title"]["text"]
    line = next(t for t in main["data"] if t["name"] == "Poland" and t["mode"] == "lines")
    poland = {x: v for x, v in zip(values(line, "x"), values(line), strict=True) if v is not None and np.isfinite(v)}
    from_base = [v for x, v in sorted(poland.items()) if x >= "2020-01"]
    assert from_base[0] == pytest.approx(100.0) and from_base[-1] > 200, "Poland more than doubled its gold"
    fx = run("pages/usdjpy.py", log="1", range="Max")
    assert figures(fx)[0]["layout"]["yaxis"]["type"] == "log"
    assert dict(fx.query_params) == {"log": "1", "range": "Max"}


def test_a_claim_is_not_checked_when_part_of_it_was_set_aside_or_the_picker_moved_on():
    at = run("pages/article.py", dataset="usdjpy", series="usdjpy", op="level", start="2024-13", value="155")
    assert any("could not be read" in i.value for i in at.info)
    assert not any("was 155" in m.value for m in at.markdown)
    at = run("pages/article.py", dataset="treasury_holdings", series="japan", op="level", start="2024-03",
             value="1187.8")
    assert any("Japan was 1187.8 USD bn in 2024-03" in m.value for m in at.markdown)
    at.selectbox(key="claim.dataset").set_value("usdjpy").run()
    assert not any("Japan was 1187.8" in m.value for m in at.markdown)
    assert any("Pick a series and the value you read" in i.value for i in at.info)


# -- a browser's first view: the main chart, then the rest -----------------------------------------

def waiting(at: AppTest) -> list:
    """The script that tells the server the browser has drawn the chart (ui/progressive.py)."""
    return [b for b in at.get("bidi_component") if b.proto.component_name == "dollar_tide.after_paint"]


@pytest.mark.parametrize(("script", "query"), [
    ("pages/treasuries.py", {"countries": "japan,china-mainland", "transform": "yoy"}),
    ("pages/usdjpy.py", {"range": "1Y"}),
    ("pages/gold.py", {"economies": "chn,pol"}),
    ("pages/reserves.py", {"currencies": "usd,eur"}),
])
def test_a_browsers_first_view_stops_after_the_chart_until_the_browser_has_drawn_it(monkeypatch, script, query):
    from ui import progressive

    full = run(script, **query)  # no browser (AppTest sends no User-Agent): the whole page at once
    assert full.get("tabs") and not waiting(full)

    monkeypatch.setattr(progressive, "in_browser", lambda: True)
    first = run(script, **query)
    assert figures(first) and figures(first)[0] == figures(full)[0], "the same main chart, with its source"
    assert "Source:" in captions(first)
    assert len(waiting(first)) == 1, "the script that says when the chart is drawn"
    assert not first.get("tabs") and not first.get("button_group") and not first.get("multiselect"), \
        "nothing below the chart yet"
    assert not first.get("download_button") and not first.get("link_button") and not first.get("popover"), \
        "its downloads and share panel come next"
    assert dict(first.query_params) == query, "the link's state is kept while the page waits"

    rest = first.run()  # the rerun the browser's "painted" trigger asks for
    assert not rest.exception and not waiting(rest)
    assert figures(rest)[0] == figures(full)[0] and rest.get("tabs"), "then the whole page, the chart unchanged"
    links = [(b.proto.label, b.proto.url) for b in rest.get("link_button")]
    assert [label for label, _ in links[:2]] == ["Download CSV", "Download HTML"]
    assert "/api/v1/charts/" in links[0][1] and links[0][1].split("?")[0].endswith(".csv"), \
        "the main chart's downloads are the API's answers for the same state"
    assert links == [(b.proto.label, b.proto.url) for b in full.get("link_button")]
    assert len(rest.get("popover")) == len(full.get("popover")) >= 1, "the share panel"
    assert [w.value for w in rest.get("button_group")] == [w.value for w in full.get("button_group")]
    assert dict(rest.query_params) == query


def test_later_views_in_the_session_draw_at_once_and_nothing_waits_without_a_chart(monkeypatch):
    from ui import progressive

    monkeypatch.setattr(progressive, "in_browser", lambda: True)
    at = run("pages/gold.py")
    assert waiting(at) and not at.get("tabs")
    at.switch_page("pages/usdjpy.py").run()
    assert at.get("tabs") and not waiting(at), "one first view per session"



def test_with_no_chart_to_draw_nothing_waits(monkeypatch):
    from ui import progressive

    def page() -> None:
        import streamlit as st

        from ui import progressive

        st.info("Pick at least one holder to draw the chart.")
        progressive.below_the_chart(False)
        st.markdown("the controls")

    monkeypatch.setattr(progressive, "in_browser", lambda: True)
    at = AppTest.from_function(page, default_timeout=TIMEOUT).run()
    assert [m.value for m in at.markdown] == ["the controls"] and not waiting(at)
    assert progressive.PAINTED not in at.session_state, "the first view is kept for a page with a chart"


def test_treasuries_shows_survey_breaks_like_for_like_with_their_reasons():
    at = run("pages/treasuries.py", countries="uk,china", transform="mom", **{"from": "2010-01", "to": "2012-12"})
    assert not at.exception
    main = figures(at)[0]
    uk = next(t for t in main["data"] if t["name"] == "United Kingdom")
    x, y = values(uk, "x"), values(uk)
    assert y[x.index("2011-06-30")] == pytest.approx(2.5), "not the survey's -208.8"
    assert np.isnan(y[x.index("2011-12-31")]), "SLT reporting from December 2011: no like-for-like figure"
    marks = next(t for t in main["data"] if t["name"] == "series break")
    assert any("end-June 2011 annual survey" in t for t in marks["text"])
    text = captions(at)
    assert "Series breaks in these months" in text and "United Kingdom 2011-06 (survey re-base)" in text
    assert "Channel Islands and Isle of Man" in text, "the UK's footnote, for the months it covers"
    assert "last revised: 2011 on 2018-08-15" in text
    level = figures(run("pages/treasuries.py", countries="uk", **{"from": "2011-01", "to": "2011-12"}))[0]
    line = level["data"][0]
    assert "2011-06-29" in values(line, "x") and np.isnan(values(line)[values(line, "x").index("2011-06-29")]), \
        "the level is not joined across the re-base"


def test_treasuries_lines_run_to_the_newest_month_any_table_publishes():
    at = run("pages/treasuries.py", countries="russia,germany", **{"from": "2018-01"})
    assert not at.exception
    main = figures(at)[0]
    for trace in main["data"][:2]:
        assert values(trace, "x")[-1] == "2026-04-30", trace["name"]
    russia = dict(zip(values(main["data"][0], "x"), values(main["data"][0]), strict=True))
    assert np.isnan(russia.get("2019-06-30", np.nan)), "2019: in no table, so no line across it"


def test_one_calm_freshness_notice_per_page():
    at = run("pages/article.py")
    notices = [e for e in at.expander if ":material/schedule:" in e.label]
    assert len(notices) == 1, "one notice for the page, not a line per dataset and chart"
    assert "datasets here are behind their publisher's schedule (the furthest: " in notices[0].label
    assert len(notices[0].markdown) >= 3, "opening to the per-dataset lines"
    assert not [c for c in at.caption if ":material/warning:" in c.value]
    usdjpy = run("pages/usdjpy.py", section="rates")
    assert len([e for e in usdjpy.expander if ":material/schedule:" in e.label]) == 1, "however many charts"


@pytest.mark.parametrize("path", ["pages/treasuries.py", "pages/usdjpy.py", "pages/gold.py", "pages/reserves.py"])
def test_every_main_chart_has_a_table_view_of_its_csv_numbers_and_a_text_alternative(path):
    from charts.alt import alt_text
    from charts.export import table

    at = run(path)
    chart = charts(at)[0]
    figure = go.Figure(chart.spec)
    assert chart.alt == alt_text(figure) and chart.alt.startswith(("Line chart: ", "Bar chart: "))
    assert "Latest: " in chart.alt and " on 20" in chart.alt, "what it shows and its latest values"
    views = [t for t in at.toggle if t.label == "Table view"]
    assert views and not views[0].value
    charts_before = len(charts(at))
    views[0].set_value(True).run()
    assert not at.exception
    frame = at.dataframe[0].value
    assert list(frame.columns) == list(table(figure).columns)
    assert frame.equals(table(figure).iloc[::-1].reset_index(drop=True)) or \
        frame.reset_index(drop=True).equals(table(figure).iloc[::-1].reset_index(drop=True)), "the CSV's rows"
    assert len(charts(at)) == charts_before - 1, "the table replaces the chart"


# -- The dollar's share ----------------------------------------------------------------------------

def test_reserves_defaults_show_the_dollar_from_1999_to_2026():
    at = run("pages/reserves.py")
    assert at.multiselect[0].value == ["USD", "EUR", "JPY", "GBP", "CNY"]
    assert at.get("button_group")[0].value == "share"
    assert at.select_slider[0].value == ("1999-03", "2026-03")
    assert dict(at.query_params) == {} and not at.warning
    main = figures(at)[0]
    assert trace_names(main) == ["US dollar", "Euro", "Japanese yen", "Pound sterling", "Chinese renminbi"]
    assert main["layout"]["yaxis"]["title"]["text"] == "% of allocated reserves"
    dollar = dict(zip(values(main["data"][0], "x"), values(main["data"][0]), strict=True))
    assert round(dollar["1999-03-31"], 2) == 71.19 and round(dollar["2026-03-31"], 2) == 57.13
    renminbi = [x for x, y in zip(values(main["data"][4], "x"), values(main["data"][4]), strict=True)
                if y is not None and np.isfinite(y)]
    assert renminbi[0] == "2016-12-31", "reported from 2016-Q4, nothing before"
    marks = [a.get("text", "") for a in main["layout"]["annotations"]]
    assert "IMF estimate from 2000" in marks, "where the revised history begins"
    text = captions(at)
    assert "Method (2025-Q3 release)" in text and "different series" in text
    assert "The 4 quarters before 2000-Q1 were not revised" in text
    assert "International Monetary Fund" in text


def test_reserves_state_round_trips_through_the_url():
    query = {"currencies": "usd,cny", "measure": "amount", "from": "2010-03", "to": "2020-12",
             "section": "unallocated-and-imputed"}
    at = run("pages/reserves.py", **query)
    assert dict(at.query_params) == query and not at.warning
    assert at.multiselect[0].value == ["USD", "CNY"] and at.select_slider[0].value == ("2010-03", "2020-12")
    main = figures(at)[0]
    assert main["layout"]["yaxis"]["title"]["text"] == "USD bn"
    assert values(main["data"][0], "x")[0] == "2010-03-31" and values(main["data"][0], "x")[-1] == "2020-12-31"
    at.multiselect[0].set_value(["USD"]).run()
    assert dict(at.query_params) == {**query, "currencies": "usd"}
    at.get("button_group")[0].set_value("share").run()
    assert "measure" not in dict(at.query_params), "a default leaves the URL"


@pytest.mark.parametrize(("section", "charts"), [
    ("china-s-reserves", 2), ("unallocated-and-imputed", 2), ("about-these-numbers", 1)])
def test_reserves_sections_are_lazy_tabs_in_the_url(section, charts):
    at = run("pages/reserves.py", section=section)
    assert len(figures(at)) == charts and not at.warning
    assert dict(at.query_params) == ({} if section == "china-s-reserves" else {"section": section})
    if section == "unallocated-and-imputed":
        names = trace_names(figures(at)[1])
        assert names == ["Allocated", "Unallocated", "Imputed by the IMF"]
        assert "imputed share" in captions(at)


def test_chinas_reserves_share_one_time_axis_and_december_2024_is_a_gap():
    at = run("pages/reserves.py", section="china-s-reserves")
    china = figures(at)[1]
    assert trace_names(china) == ["Foreign-currency reserves (SAFE)", "US Treasuries held (TIC)",
                                  "Gold, value (SAFE)", "Gold, tonnes (SAFE)", "Gold, tonnes (IMF)"]
    assert {t.get("xaxis", "x") for t in china["data"]} == {"x"}, "one time axis"
    assert {t.get("yaxis", "y") for t in china["data"]} == {"y", "y2"}, "USD bn above, tonnes below"
    for trace in china["data"]:
        if "SAFE" not in trace["name"]:
            continue
        points = dict(zip(values(trace, "x"), values(trace), strict=True))
        assert trace.get("connectgaps") is False
        assert "2024-12-31" in points and (points["2024-12-31"] is None or not np.isfinite(points["2024-12-31"])), \
            "December 2024 is drawn as a gap, never joined"
        assert np.isfinite(points["2024-11-30"]) and np.isfinite(points["2025-01-31"])
    fx = next(t for t in china["data"] if t["name"].startswith("Foreign-currency"))
    assert values(fx, "x")[-1] == "2026-04-30" and values(fx)[-1] == pytest.approx(3410.547)
    gold = next(t for t in china["data"] if t["name"] == "Gold, tonnes (SAFE)")
    assert values(gold)[-1] == pytest.approx(2321.56, abs=0.01)
    text = captions(at)
    assert "SAFE published no figures for 2024-12" in text
    assert "2024-12: IMF 2,279.6 t" in text and "agree to SAFE's rounding" in text
    from charts import export

    table = export.table(go.Figure(china))
    assert "2024-12-31" not in set(table.loc[table["Foreign-currency reserves (SAFE) (USD bn)"].notna(), "date"])


def test_reserves_bad_url_values_give_a_notice_not_an_error():
    at = run("pages/reserves.py", currencies="usd,drachma", measure="<b>x</b>", to="1990-01")
    notes = " ".join(w.value for w in at.warning)
    assert "drachma" in notes and "not one of" in notes and "runs from" in notes
    assert trace_names(figures(at)[0]) == ["US dollar"]

# -- check any article ----------------------------------------------------------------------------

ARTICLES = ROOT / "tests" / "articles"


def article_text(name: str) -> tuple[str, str]:
    import tomllib

    return (ARTICLES / f"{name}.txt").read_text(), tomllib.loads((ARTICLES / f"{name}.toml").read_text())[
        "article"]["published"]


def marks(at: AppTest) -> str:
    return " ".join(h.proto.body for h in at.get("html"))


def test_check_any_article_from_the_form_marks_counts_cards_and_a_link():
    from datetime import date

    text, published = article_text("tic_reuters")
    at = run("pages/article.py", mode="text")
    assert not at.dataframe, "the worked example's table is in the other part"
    at.text_area[0].input(text)
    at.date_input[0].set_value(date.fromisoformat(published))
    next(b for b in at.button if b.label == "Check").click()
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    counts = {m.label: int(m.value) for m in at.metric}
    assert counts["Matches"] >= 10 and counts["Differs"] >= 1 and counts["Not checkable"] >= 4, counts
    body = marks(at)
    assert body.count('<mark class="dt-mark dt-matches"') == counts["Matches"]
    assert body.count('class="dt-mark dt-not-checkable"') == counts["Not checkable"]
    assert '<mark class="dt-mark dt-matches" title="Claim 1: ✓ Matches. Official: 1.210 USD trn.">$1.21 trillion' \
           "<sup>1\u202f✓" in body
    texts = [m.value for m in at.markdown]
    assert "**The figure:** \\$1.21 trillion · **What we understood:** Japan, the level in " in " ".join(texts)
    assert "**Official:** 1,209.9 USD bn" in texts
    links = [pl.proto for pl in at.get("page_link") if pl.proto.label == "Open this series and period"]
    assert len(links) == sum(counts[s] for s in ("Matches", "Close", "Revised since", "Differs"))
    assert dict(at.query_params)["published"] == published and dict(at.query_params)["text"] == text
    assert any("not checkable" not in t and t.startswith("- **") for t in texts), "figures we could not check"

    # The link opens the same check in a fresh session
    shared = run("pages/article.py", **dict(at.query_params))
    assert {m.label: int(m.value) for m in shared.metric} == counts
    assert marks(shared) == body
    assert shared.text_area[0].value == text


def test_a_readers_text_is_escaped_not_rendered():
    at = run("pages/article.py", text="<img src=x onerror=alert(1)> **Japan** held $1.21 trillion in April 2026.",
             published="2026-06-18")
    body = marks(at)
    assert "<img" not in body and "&lt;img src=x onerror=alert(" in body
    assert not any("<img" in m.value for m in at.markdown)


def test_a_long_text_gets_a_content_addressed_link():
    text, published = article_text("yen_bloomberg")
    long_text = (text + "\n\n") * 3
    at = run("pages/article.py", mode="text")
    at.text_area[0].input(long_text)
    from datetime import date

    at.date_input[0].set_value(date.fromisoformat(published))
    next(b for b in at.button if b.label == "Check").click()
    at.run()
    assert "text" not in at.query_params, "too long for a link"
    next(b for b in at.button if b.label == "Make a link to this text").click()
    at.run()
    doc = at.query_params["doc"]
    assert len(doc) == 64 and "text" not in at.query_params
    shared = run("pages/article.py", doc=doc)
    assert shared.text_area[0].value == long_text.replace("\r\n", "\n")
    assert {m.label: m.value for m in shared.metric} == {m.label: m.value for m in at.metric}


@pytest.mark.parametrize(("query", "notice"), [
    ({"text": "Japan held $1.21 trillion.", "published": "June"}, "Not a date"),
    ({"text": "Japan held $1.21 trillion."}, "no `published` date"),
    ({"text": "x" * 20_001, "published": "2026-06-18"}, "20,001 characters"),
    ({"text": " ", "published": "2026-06-18"}, "No text"),
    ({"doc": "../../etc/passwd"}, "not kept here"),
    ({"doc": "a" * 64}, "not kept here"),
])
def test_hostile_text_links_give_a_notice(query, notice):
    at = run("pages/article.py", **query)
    said = " ".join(w.value for w in at.warning)
    assert notice in said, said
    assert not at.dataframe, "a text link opens the text part"


def test_worked_example_is_the_default_part_and_marks_have_contrast():
    from views.textmarks import INK, TINTS, contrast

    at = run("pages/article.py")
    assert len(at.dataframe[0].value) == 28 and not at.get("html")
    assert all(contrast(INK, tint) >= 4.5 for tint, _ in TINTS.values())


@pytest.mark.parametrize(("query", "official"), [
    ({"dataset": "reserve_currencies", "series": "USD_share", "op": "level", "end": "2026-03", "value": "57.1",
      "unit": "%"}, "57.13 %"),
    ({"dataset": "china_reserves", "series": "gold_volume_tonnes", "op": "level", "end": "2026-04",
      "value": "2321.6", "unit": "tonnes"}, "2,321.6 tonnes"),
    ({"dataset": "reserve-currencies"}, None),
])
def test_your_own_claim_about_reserves_is_checked(query, official):
    from tests.helpers import run_page

    at = run_page("pages/article.py", **query)
    said = [str(m.value) for m in at.markdown if str(m.value).startswith("**Official:**")]
    if official is None:
        assert not said, "no figure yet: the form is shown for the dataset"
    else:
        assert said == [f"**Official:** {official}"]


# -- was it selling; the Fed's custody count -------------------------------------------------------

def test_the_selling_tab_splits_each_holders_change_and_ranks_the_sellers():
    at = run("pages/treasuries.py", section="was-it-selling", countries="japan,poland", flow_from="2024-01",
             flow_to="2024-04", flow_month="2024-04")
    selling = figures(at)[1]
    panels = [a["text"] for a in selling["layout"]["annotations"] if a["text"].startswith("<b>")]
    assert panels == ["<b>Japan</b>"], "Poland: Table 3 gives no total for it, so no empty panel"
    said = captions(at)
    assert "Japan's holdings fell 40.9 bn in April 2024: net sales 11.8 bn, price changes −29.8 bn" in said
    assert "no net purchases in these months for: Poland" in said
    ranked = at.dataframe[0].value
    assert set(ranked["ranking"]) == {"Largest net sellers", "Largest holdings falls", "Largest net buyers"}
    assert ranked.iloc[0]["holder"] == "Canada" and ranked.iloc[0]["net_purchases"] == -21.3
    assert dict(at.query_params)["section"] == "was-it-selling"


def test_the_custody_tab_opens_on_any_month_the_url_allows():
    at = run("pages/treasuries.py", section="fed-custody", custody_from="2026-05")  # after TIC's last month
    assert at.selectbox[-1].value == "2026-05"
    custody = figures(at)[1]
    assert trace_names(custody) == ["Held in custody at the New York Fed (weekly, H.4.1)",
                                    "All foreign official holdings (monthly, TIC)"]
    assert "face value" in captions(at)


def test_reserves_takes_a_month_that_is_no_quarter_end():
    """`from=2024-01` (a month, as the other pages' links have it) is the quarter it falls in."""
    from tests.helpers import run_page

    at = run_page("pages/reserves.py", **{"from": "2024-01", "to": "2025-05"})
    slider = next(s for s in at.select_slider if s.label == "Quarters")
    assert slider.value == ("2024-03", "2025-06")
