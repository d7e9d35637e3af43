"""The verdict engine on small hand-made frames, then the article's claims on the bundled snapshot."""

from __future__ import annotations

from datetime import UTC, datetime

import pandas as pd
import pytest

from analysis import verdicts as V
from data_sources import catalogue, load
from data_sources.result import Provenance, Result
from data_sources.sources._common import tidy
from data_sources.store import Store


def make(name: str, values: dict[str, dict[str, float]], notes: dict | None = None,
         extra: dict[str, object] | None = None) -> Result:
    """A Result for dataset `name` from {series: {date: value}}."""
    spec = catalogue.get(name)
    rows = [{"date": pd.Timestamp(d), "series": s, "value": v, **(extra or {})}
            for s, points in values.items() for d, v in points.items()]
    frame = tidy(rows, {k: ("bool" if isinstance(v, bool) else "str") for k, v in (extra or {}).items()})
    prov = Provenance(dataset=name, title=spec.title, source=spec.source.name, url=spec.url, urls=(spec.url,),
                      attribution=spec.source.attribution, licence="", homepage="",
                      retrieved_at=datetime(2026, 11, 1, tzinfo=UTC), as_of=frame["date"].max(), origin="live",
                      stale=False, vintage="abc123", notes=notes or {})
    return Result(spec=spec, frame=frame, provenance=prov)


def months(start: str, values: list[float]) -> dict[str, float]:
    index = pd.date_range(start, periods=len(values), freq="ME")
    return {f"{d:%Y-%m-%d}": v for d, v in zip(index, values, strict=True)}


def claim(op: str, dataset: str = "treasury_holdings", series: tuple[str, ...] = ("Japan",), explain=(),
          alternatives=(), **check) -> V.Claim:
    return V.Claim(id="t", topic="x", quote="q", check=V.Check(dataset=dataset, series=series, op=op, **check),
                   explain=tuple(explain), alternatives=tuple(alternatives))


def run(c: V.Claim, *results: Result, published: str | None = "2024-06") -> V.Verdict:
    by_name = {r.name: r for r in results}
    return V.evaluate(c, lambda n: by_name[n], published)


TIC = make("treasury_holdings", {"Japan": months("2024-01-31", [1140.6, 1147.6, 1167.0, 1126.1]),
                                 "Canada": months("2024-01-31", [351.3, 365.3, 369.4, 341.6]),
                                 "China, Mainland": months("2024-01-31", [797.7, 775.0, 767.4, 770.7])},
           notes={"revisions": {"2024": "January 15, 2026", "2023": "March 1, 2024"}}, extra={"is_aggregate": False})


# -- level -----------------------------------------------------------------------------------------

@pytest.mark.parametrize(("printed", "tolerance", "status"), [
    ("1167", None, "matches"),    # ±0.5 at the article's precision
    ("1167.04", None, "differs"),  # printed to two decimals: 0.04 off is more than half a cent
    ("1166.6", 1.0, "close"),
    ("1160", 1.0, "differs"),
])
def test_level_rounding_and_tolerance(printed, tolerance, status):
    v = run(claim("level", date="2024-03", article=printed, unit="USD bn", tolerance=tolerance), TIC)
    assert v.status == status
    assert v.official == 1167.0


def test_level_converts_units_and_spots_a_factor_of_ten():
    v = run(claim("level", date="2024-03", article="11.67", unit="USD trn"), TIC)
    assert v.status == "differs" and v.article == pytest.approx(11670.0)
    assert v.official_text == "1.167 USD trn"
    assert any("about 10×" in r for r in v.reasons)
    ok = run(claim("level", date="2024-03", article="1.167", unit="USD trn"), TIC)
    assert ok.status == "matches" and ok.reasons == []


def test_level_between_quarterly_reports_is_never_interpolated():
    gold = make("gold_reserves", {"CHN": {"2024-03-31": 72.74e6 / 32150.7466, "2024-06-30": 72.80e6 / 32150.7466}})
    inside = run(claim("level", "gold_reserves", ("CHN",), date="2024-04", article="72.8", unit="m oz",
                       tolerance=0.3), gold)
    assert inside.status == "close" and inside.official is None
    assert inside.official_text == "72.74 m oz (2024-03) – 72.80 m oz (2024-06)"
    assert any("nothing is interpolated" in r for r in inside.reasons)
    far = run(claim("level", "gold_reserves", ("CHN",), date="2024-04", article="80", unit="m oz",
                    tolerance=0.3), gold)
    assert far.status == "differs"


def test_level_outside_the_data_is_not_checkable():
    v = run(claim("level", date="2019-03", article="1000", unit="USD bn"), TIC)
    assert v.status == "not checkable" and "2024-01" in v.reasons[0]


def test_incompatible_unit_is_not_checkable():
    v = run(claim("level", date="2024-03", article="5", unit="tonnes"), TIC)
    assert v.status == "not checkable" and "does not convert" in v.reasons[0]


# -- change ----------------------------------------------------------------------------------------

def test_change_single_and_summed_across_series():
    v = run(claim("change", start="2024-03", end="2024-04", article="-40.9", unit="USD bn", tolerance=2.0), TIC)
    assert v.status == "matches" and v.official == pytest.approx(-40.9)
    assert v.marks[0].y == pytest.approx(1167.0 - 40.9)  # where the article's change would land
    both = run(claim("change", series=("Japan", "Canada"), start="2024-03", end="2024-04", article="-60",
                     unit="USD bn", tolerance=5.0), TIC)
    assert both.official == pytest.approx(-68.7) and both.status == "differs"
    assert both.reasons[0].startswith("By series: Japan -40.9 USD bn; Canada -27.8 USD bn")


def test_change_with_a_missing_month_is_not_checkable():
    late = make("treasury_holdings", {"Japan": months("2024-03-31", [1167.0, 1126.1])}, extra={"is_aggregate": False})
    v = run(claim("change", start="2024-02", end="2024-04", article="-20", unit="USD bn"), late)
    assert v.status == "not checkable" and "no figure for 2024-02" in v.reasons[0]


def test_revision_reason_only_when_revised_after_the_article_and_only_when_differing():
    v = run(claim("change", start="2024-03", end="2024-04", article="-37.5", unit="USD bn", tolerance=2.0,
                  explain=["revision"]), TIC)
    assert v.status == "revised", "the article may have quoted the figure of its day: its own verdict"
    assert "revised its figures for 2024 on 15 January 2026" in v.reasons[0] and "vintage abc123" in v.reasons[0]
    early = make("treasury_holdings", {"Japan": months("2023-01-31", [1.0, 2.0])},
                 notes={"revisions": {"2023": "March 1, 2024"}}, extra={"is_aggregate": False})
    v = run(claim("change", start="2023-01", end="2023-02", article="5", unit="USD bn", explain=["revision"]), early)
    assert v.status == "differs" and not any("revised" in r for r in v.reasons)  # revised before the article


def test_explanations_only_when_the_figures_differ():
    c = claim("change", start="2024-03", end="2024-04", article="-40.9", unit="USD bn", explain=["valuation"])
    assert run(c, TIC).reasons == []
    c = claim("change", start="2024-03", end="2024-04", article="-30", unit="USD bn", explain=["valuation"])
    assert V.EXPLANATIONS["valuation"] in run(c, TIC).reasons


def test_qualitative_direction_and_the_last_rise_of_a_rate():
    dff = make("rates", {"DFF": {"2023-07-26": 5.08, "2023-07-27": 5.33, "2024-01-02": 5.33, "2024-05-31": 5.33}})
    v = run(claim("change", "rates", ("DFF",), start="2024-01-01", end="2024-05-31", expect="rising"), dff)
    assert v.status == "differs"
    assert any("2023-07-27, from 5.08% to 5.33%" in r for r in v.reasons)
    v = run(claim("change", start="2024-03", end="2024-04", expect="down"), TIC)
    assert v.status == "matches"


# -- windows on daily data ---------------------------------------------------------------------------

RATE = make("usdjpy", {"USDJPY": {"2024-04-26": 157.62, "2024-04-29": 156.71, "2024-05-01": 157.65,
                                  "2024-05-02": 153.77, "2024-05-03": 152.85, "2024-05-06": 153.85,
                                  "1990-04-02": 160.35, "1990-05-08": 157.90}})


def test_max_min_mean_over_a_window():
    v = run(claim("max", "usdjpy", ("USDJPY",), start="2024-04-01", end="2024-05-31", article="160",
                  unit="JPY per USD", tolerance=3.0), RATE)
    assert v.status == "close" and v.official == 157.65 and "2024-05-01" in v.official_text
    v = run(claim("min", "usdjpy", ("USDJPY",), start="2024-04-29", end="2024-05-10", article="153",
                  unit="JPY per USD"), RATE)
    assert v.status == "matches" and v.official == 152.85
    v = run(claim("mean", "usdjpy", ("USDJPY",), start="2024-05-02", end="2024-05-03", article="153.31",
                  unit="JPY per USD"), RATE)
    assert v.status == "matches"


def test_highest_since_with_a_window_and_a_year():
    v = run(claim("highest_since", "usdjpy", ("USDJPY",), start="2024-04-01", end="2024-05-31", article="1990",
                  tolerance_months=12), RATE)
    assert v.status == "matches" and v.official_text == "since 1990-05-08"
    v = run(claim("highest_since", "usdjpy", ("USDJPY",), start="2024-04-01", end="2024-05-31", article="1991",
                  tolerance_months=12), RATE)
    assert v.status == "close"
    v = run(claim("highest_since", "usdjpy", ("USDJPY",), start="2024-04-01", end="2024-05-31", article="2000"), RATE)
    assert v.status == "differs"


def test_lowest_since_and_a_record():
    v = run(claim("lowest_since", series=("China, Mainland",), date="2024-03", article="2024-01"), TIC)
    assert v.status == "differs" and "on record" in v.official_text  # nothing lower earlier in this frame


def test_total_with_a_direction_filter():
    ops = make("fx_interventions", {"USD/JPY": {"2024-04-29": 5918.5, "2024-05-01": 3870.0}},
               extra={"direction": "yen bought", "sold": "USD", "bought": "JPY"})
    v = run(claim("total", "fx_interventions", ("USD/JPY",), start="2024-04-22", end="2024-05-10",
                  direction="yen bought", expect="up"), ops)
    assert v.status == "matches" and v.official == pytest.approx(9788.5)
    v = run(claim("total", "fx_interventions", ("USD/JPY",), start="2024-04-22", end="2024-05-10",
                  direction="yen sold", expect="up"), ops)
    assert v.status == "not checkable"  # no yen-selling rows at all


# -- lists, streaks, ranks ---------------------------------------------------------------------------

def test_declines_lists_extra_and_missing_months_and_gaps_do_not_count():
    japan = make("treasury_holdings", {"Japan": {"2023-01-31": 10, "2023-02-28": 9, "2023-03-31": 11,
                                                 "2023-05-31": 8, "2023-06-30": 7}}, extra={"is_aggregate": False})
    v = run(claim("declines", start="2023-01", end="2023-06", article=("2023-02", "2023-05")), japan)
    assert v.official_text == "2023-02, 2023-06"  # April is missing: May's fall is not a fall from April
    assert v.status == "differs"
    assert any("also show declines in 2023-06" in r for r in v.reasons)
    assert any("No decline in 2023-05" in r for r in v.reasons)


def test_decline_streak():
    v = run(claim("decline_streak", series=("China, Mainland",), date="2024-03", article="2"), TIC)
    assert v.official_text == "2 months (since 2024-02)" and v.status == "matches"


def test_rank_with_ties_and_aggregates_left_out():
    tied = make("treasury_holdings", {"Japan": {"2024-03-31": 100}, "China, Mainland": {"2024-03-31": 100},
                                      "UK": {"2024-03-31": 50}}, extra={"is_aggregate": False})
    v = run(claim("rank", series=("Japan", "China, Mainland"), date="2024-03", article=("1", "2")), tied)
    assert v.official_text == "Japan #1, China #1" and v.status == "differs"


def test_top_buyers():
    gold = make("gold_reserves", {c: {"2023-12-31": 100, "2024-03-31": 100 + d}
                                  for c, d in {"TUR": 40, "CHN": 27, "IND": 18, "KAZ": 16, "G001": 300}.items()})
    assert run(claim("top_buyers", "gold_reserves", ("TUR",), start="2023-12", end="2024-03",
                     article=("TUR", "CHN", "IND")), gold).status == "matches"
    assert run(claim("top_buyers", "gold_reserves", ("TUR",), start="2023-12", end="2024-03",
                     article=("TUR", "CHN", "KAZ")), gold).status == "close"
    v = run(claim("top_buyers", "gold_reserves", ("TUR",), start="2023-12", end="2024-03", article=("G001",)), gold)
    assert v.status == "differs"  # the world total is not a buyer


def test_alternatives_are_computed_the_same_way():
    gold = make("gold_reserves", {"CHN": {"2023-12-31": 2235.4, "2024-03-31": 2262.5},
                                  "G001": {"2023-12-31": 36000.0, "2024-03-31": 36034.6}})
    v = run(claim("change", "gold_reserves", ("CHN",), start="2023-12", end="2024-03", article="290",
                  unit="tonnes", tolerance=15, alternatives=["G001"]), gold)
    assert v.status == "differs"
    assert "For comparison, World in the same window: +34.6 tonnes." in v.reasons


def test_not_checkable_and_bad_specs():
    c = V.Claim(id="b", topic="not checkable", quote="q", not_checkable="No source counts bankruptcies.")
    assert V.evaluate(c, lambda n: TIC).reasons == ["No source counts bankruptcies."]
    with pytest.raises(V.ClaimError, match="unknown op"):
        run(claim("median", start="2024-01", end="2024-02", article="1"), TIC)
    v = run(claim("level", date="2024-03", article="lots", unit="USD bn"), TIC)
    assert v.status == "not checkable" and "not a number" in v.reasons[0]


# -- the article ---------------------------------------------------------------------------------------

EXPECTED = {
    # A tenfold slip stays "differs" even though Treasury revised March 2024 since.
    "japan-march-level": "differs", "japan-march-change": "revised", "japan-highest-since": "matches",
    "ranking": "matches", "china-selling-3-months": "matches", "china-lowest-since-2009": "matches",
    "japan-sold-only-three-months-2023": "revised", "japan-2023-increase": "revised",
    "china-april-increase": "matches", "japan-april-decrease": "revised", "canada-april-decrease": "revised",
    "uk-april-decrease": "revised", "three-countries-april-decrease": "revised",
    "japan-sold-us-debt-in-may": "matches", "yen-160": "close", "yen-34-year-low": "matches",
    "japan-bought-yen": "matches", "yen-back-to-153": "matches", "original-130": "matches",
    "japan-reserves-level": "matches", "japan-reserves-change": "matches", "us-keeps-raising-rates": "differs",
    "china-gold-april": "matches",  # SAFE's monthly figure: April is between two IMF quarters
    "china-gold-q1": "differs", "gold-leaders": "matches",
    "japan-bankruptcies": "not checkable", "dollar-declining": "not checkable", "us-contraction": "not checkable",
}


@pytest.fixture(scope="module")
def article_verdicts(tmp_path_factory):
    meta, claims = V.load_claims()
    empty = Store(tmp_path_factory.mktemp("empty"))
    cache: dict[str, Result] = {}

    def snapshot(name: str) -> Result:
        cache.setdefault(name, load(name, store=empty))
        return cache[name]

    return {v.claim.id: v for v in V.evaluate_all(claims, snapshot, meta["published"])}


def test_claims_file_is_well_formed():
    meta, claims = V.load_claims()
    assert meta["published"] == "2024-06"
    assert len({c.id for c in claims}) == len(claims)
    for c in claims:
        assert c.quote and (c.check is not None) != (c.not_checkable is not None), c.id
        if c.check:
            assert c.check.op in V.OPS and c.check.dataset in catalogue.CATALOGUE, c.id
            assert set(c.explain) <= set(V.EXPLANATIONS) | V.COMPUTED_EXPLANATIONS, c.id


def test_every_claim_gets_its_expected_verdict(article_verdicts):
    assert {k: v.status for k, v in article_verdicts.items()} == EXPECTED


def test_key_figures_of_the_article(article_verdicts):
    v = article_verdicts
    assert v["japan-april-decrease"].official == pytest.approx(-40.9)
    assert v["canada-april-decrease"].official == pytest.approx(-27.8)
    assert v["uk-april-decrease"].official == pytest.approx(-21.8)
    assert v["three-countries-april-decrease"].official == pytest.approx(-90.5)
    assert v["china-april-increase"].official == pytest.approx(3.3)
    assert v["japan-reserves-level"].official_text == "12,315.72 USD 100m"
    assert v["japan-reserves-change"].official == pytest.approx(-47.405)
    assert v["china-gold-q1"].official == pytest.approx((72.74e6 - 71.87e6) / 32150.7466)
    assert v["japan-sold-only-three-months-2023"].official_text == "2023-02, 2023-05, 2023-09, 2023-12"
    assert v["yen-34-year-low"].official_text == "since 1990-05-08"
    assert any("15 January 2026" in r for r in v["japan-april-decrease"].reasons)
    assert any("noon buying rate" in r for r in v["yen-160"].reasons)
    assert all(x.evidence for x in v.values() if x.status != "not checkable")


# -- reserve currencies (IMF COFER, quarterly) and China's reserves (SAFE, monthly) ------------------

@pytest.fixture(scope="module")
def bundled(tmp_path_factory):
    empty = Store(tmp_path_factory.mktemp("empty-reserves"))
    cache: dict[str, Result] = {}

    def snapshot(name: str) -> Result:
        cache.setdefault(name, load(name, store=empty))
        return cache[name]

    return snapshot


@pytest.mark.parametrize(("date", "printed", "tolerance", "status"), [
    ("2026-03", "57.13", 0.5, "matches"),   # the quarter's last month
    ("2026-Q1", "57.1", 0.5, "matches"),    # or the quarter itself
    ("2026-Q1", "57.4", 0.5, "close"),
    ("2026-03", "62", 0.5, "differs"),
    ("1999-03", "71.19", 0.5, "matches"),
    ("1999-Q1", "71.0", 0.5, "close"),
    ("1999-Q1", "65", 0.5, "differs"),
])
def test_the_dollars_share_of_reserves_at_a_quarter(bundled, date, printed, tolerance, status):
    v = V.evaluate(claim("level", "reserve_currencies", ("USD_share",), date=date, article=printed, unit="%",
                         tolerance=tolerance), bundled)
    assert v.status == status, v.reasons
    assert v.official == pytest.approx(71.19 if date.startswith("1999") else 57.13, abs=0.005)
    assert v.unit == "%" and v.official_text.endswith(" %")


def test_a_share_between_quarter_ends_is_never_interpolated(bundled):
    v = V.evaluate(claim("level", "reserve_currencies", ("USD_share",), date="2026-02", article="57.1", unit="%",
                         tolerance=0.5), bundled)
    assert v.official is None and v.status == "close"
    assert "2025-12" in v.official_text and "2026-03" in v.official_text
    wrong_unit = V.evaluate(claim("level", "reserve_currencies", ("USD_share",), date="2026-03", article="57",
                                  unit="USD bn"), bundled)
    assert wrong_unit.status == "not checkable" and "does not convert" in wrong_unit.reasons[0]


@pytest.mark.parametrize(("series", "printed", "unit", "status", "official"), [
    ("foreign_currency_reserves", "3410.547", "USD bn", "matches", 3410.547),
    ("foreign_currency_reserves", "3.41", "USD trn", "matches", 3410.547),
    ("foreign_currency_reserves", "3405", "USD bn", "close", 3410.547),
    ("foreign_currency_reserves", "3100", "USD bn", "differs", 3410.547),
    ("gold_volume_tonnes", "2321.56", "tonnes", "matches", 2321.56),
    ("gold_volume_tonnes", "74.64", "m oz", "matches", 2321.56),
    ("gold_volume_tonnes", "2318", "tonnes", "close", 2321.56),
    ("gold_volume_tonnes", "2200", "tonnes", "differs", 2321.56),
    ("gold_volume_moz", "74.64", "m oz", "matches", 74.64),
    ("gold_volume_moz", "2321.6", "tonnes", "matches", 74.64),
])
def test_chinas_reserves_and_gold_at_a_month(bundled, series, printed, unit, status, official):
    v = V.evaluate(claim("level", "china_reserves", (series,), date="2026-04", article=printed, unit=unit,
                         tolerance=10.0 if unit in ("USD bn", "tonnes") else None), bundled)
    assert v.status == status, v.reasons
    assert v.official == pytest.approx(official, abs=0.01)


def test_the_month_safe_left_empty_is_no_figure(bundled):
    v = V.evaluate(claim("level", "china_reserves", ("foreign_currency_reserves",), date="2024-12",
                         article="3202", unit="USD bn", tolerance=20.0), bundled)
    assert v.official is None, "December 2024 is a gap: never a value"
    assert "2024-11" in v.official_text and "2025-01" in v.official_text


def test_claim_links_of_reserves_open_the_reserves_page(bundled):
    from ui.links import claim_link

    share = V.evaluate(claim("level", "reserve_currencies", ("USD_share",), date="2026-Q1", article="57.1", unit="%"),
                       bundled)
    page, query = claim_link(share)
    assert page == "pages/reserves.py" and query["currencies"] == "usd"
    assert query["from"] <= "2026-03" <= query["to"]
    gold = V.evaluate(claim("level", "china_reserves", ("gold_volume_tonnes",), date="2026-04", article="2321.6",
                            unit="tonnes"), bundled)
    page, query = claim_link(gold)
    assert page == "pages/reserves.py" and query == {"section": "china-s-reserves"}


def test_a_claims_small_chart_is_drawn_in_the_claims_unit():
    from analysis.verdicts.units import OUNCES_PER_TONNE, chart_unit

    unit, per = chart_unit("tonnes", "m oz")  # IMF tonnes, a claim in million ounces
    assert unit == "m oz" and 2264.3 / per == pytest.approx(2264.3 * OUNCES_PER_TONNE / 1e6)
    assert chart_unit("million troy oz", "m oz") == ("million troy oz", 1.0)  # SAFE's series is in ounces already
    assert chart_unit("USD bn", "%") == ("USD bn", 1.0)  # no conversion between quantities
    assert chart_unit("USD bn", None) == ("USD bn", 1.0)
    assert chart_unit("USD bn", "USD trn") == ("USD bn", 1.0)  # money stays in the publisher's unit


@pytest.mark.parametrize("date", ["2024-04", "2024-04-01"])
def test_a_month_is_that_months_figure_whatever_day_the_publisher_dates_it(bundled, date):
    """The Pink Sheet dates a month's average on its 1st: "2024-04" is April's average, not "no figure"."""
    price = bundled("gold_price").series("GOLD")
    april = float(price.loc["2024-04-01"])
    v = V.evaluate(claim("level", "gold_price", ("GOLD",), date=date, article=f"{april:.2f}",
                         unit="USD per troy oz"), bundled)
    assert v.status == "matches", (v.status, v.reasons)
