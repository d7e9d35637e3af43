"""The article page's parts: its words and a reader's claim's codec without AppTest, and every dataset a
reader can state a claim about picked and checked through the page's form."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import pytest

import data_sources
from analysis import verdicts as V
from analysis.extract import FoundClaim
from data_sources.catalogue import CATALOGUE, DATASETS
from tests.helpers import run_page
from views import article as view
from views import custom_claim
from views.urlstate import Notice


@pytest.fixture(autouse=True)
def empty_user_store(tmp_path, monkeypatch):
    """No user store: the page and the codec read data_sources/snapshot alone."""
    monkeypatch.setenv("DOLLAR_TIDE_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("DOLLAR_TIDE_SNAPSHOT", raising=False)


CHECKABLE = [spec.name for spec in DATASETS if spec.checkable]


def last_day(name: str) -> str:
    """The last date of the series a claim about the dataset starts from."""
    result = data_sources.load(name)
    frame = result.frame[result.frame["series"] == CATALOGUE[name].claim_series]
    return f"{frame['date'].max():%Y-%m-%d}"


def official_number(name: str) -> tuple[str, str]:
    """The official figure at the claim series' last date, as the verdict prints it, and its number."""
    asked = custom_claim.read_query({"dataset": name, "op": "level", "end": last_day(name), "value": "1"},
                                    data_sources.load)
    printed = custom_claim.check(asked, data_sources.load).official_text
    return printed, printed.split(" ")[0]


# -- a reader's claim's codec (views.custom_claim) ----------------------------------------------------

def test_the_datasets_a_reader_can_pick_are_the_catalogues_checkable_ones():
    assert custom_claim.datasets() == CHECKABLE
    assert "fx_interventions" not in CHECKABLE and {"treasury_flows", "fed_custody"} <= set(CHECKABLE)


@pytest.mark.parametrize("name", CHECKABLE)
def test_every_checkable_dataset_starts_from_a_series_and_unit_it_has(name):
    result = data_sources.load(name)
    assert custom_claim.default_series(name) in result.series_ids()
    assert custom_claim.default_unit(result) in custom_claim.units_for(result)
    asked = custom_claim.read_query({"dataset": name}, data_sources.load)
    assert (asked.dataset, asked.series, asked.op, asked.notices) == (name, CATALOGUE[name].claim_series, "level", [])
    assert asked.stated and not asked.value


@pytest.mark.parametrize("name", CHECKABLE)
def test_a_claim_can_be_checked_for_every_checkable_dataset(name):
    printed, number = official_number(name)
    assert printed, f"{name}: no official figure at its last date"
    asked = custom_claim.read_query({"dataset": name, "op": "level", "end": last_day(name), "value": number},
                                    data_sources.load)
    verdict = custom_claim.check(asked, data_sources.load)
    assert verdict.status == "matches", (name, verdict.status, verdict.reasons)
    assert verdict.claim.check.dataset == name and verdict.claim.id == "custom"


def test_the_claims_query_is_read_in_two_steps_and_hostile_parts_are_set_aside():
    asked = custom_claim.read_query({"dataset": "gold-price", "op": "max", "series": "drachma", "start": "2024-13",
                                     "value": "1e9", "unit": "JPY bn"}, data_sources.load)
    assert (asked.dataset, asked.op, asked.series, asked.unit) == ("gold_price", "max", "GOLD", "USD per troy oz")
    assert {n.param for n in asked.notices} == {"series", "start", "value", "unit"}
    assert all(isinstance(n, Notice) for n in asked.notices)
    assert asked.set_aside and (asked.start, asked.value) == ("", "")
    nothing = custom_claim.read_query({"dataset": "fx_interventions"}, data_sources.load)
    assert nothing.dataset == custom_claim.DEFAULT_DATASET and nothing.notices[0].param == "dataset"
    assert not custom_claim.read_query({}, data_sources.load).stated


def test_a_claim_the_engine_cannot_compute_is_not_checkable_never_an_exception():
    asked = custom_claim.read_query({"dataset": "treasury_holdings", "op": "change", "start": "2026-03",
                                     "end": "2024-01", "value": "5"}, data_sources.load)
    assert custom_claim.check(asked, data_sources.load).status == "not checkable"


def test_a_claim_is_written_back_trimmed_with_empty_parts_left_out():
    assert custom_claim.encode("usdjpy", "USDJPY", "max", " 2024-04-01 ", "", " 160.2 ", "JPY per USD") == {
        "dataset": "usdjpy", "series": "USDJPY", "op": "max", "start": "2024-04-01", "value": "160.2",
        "unit": "JPY per USD"}
    asked = custom_claim.read_query({"dataset": "usdjpy", "op": "max", "start": "2024-04-01", "value": "160.2"},
                                    data_sources.load)
    assert asked.query() == {"dataset": "usdjpy", "series": "USDJPY", "op": "max", "start": "2024-04-01",
                             "value": "160.2", "unit": "JPY per USD"}


# -- the page's words (views.article) ---------------------------------------------------------------------

def claim(claim_id: str = "x", check: bool = True) -> V.Claim:
    return V.custom_claim("usdjpy", "USDJPY", "level", "2024-04", "", "155", "JPY per USD", "USD/JPY") if check else (
        V.Claim(id=claim_id, topic="gold", quote="q", check=None, not_checkable="no data"))


def found(**changes) -> FoundClaim:
    base = dict(span=(0, 5), number="$1.21 trillion", value=1.21, unit="USD trn", subject="Japan",
                dataset="treasury_holdings", series=("Japan",), op="level", date="2026-04", start=None, end=None,
                official=1209.94, verdict="matches", reason="", chart=None, sentence=(0, 0))
    return FoundClaim(**{**base, **changes})


def test_one_line_says_the_first_reason_cut_at_a_word():
    assert view.one_line(V.Verdict(claim(), "matches")) == "The same figure, to the precision the article printed."
    assert view.one_line(V.Verdict(claim(), "differs")) == ""
    long = V.Verdict(claim(), "differs", reasons=["word " * 40, "second"])
    line = view.one_line(long)
    assert line.endswith("…") and len(line) <= view.REASON_CHARS + 1 and "  " not in line


def test_by_itself_says_what_the_extractor_made_of_a_claim():
    checked, unchecked = V.Verdict(claim(), "matches"), V.Verdict(claim(check=False), "not checkable")
    assert view.by_itself(checked, None) == "—"
    assert view.by_itself(checked, {"custom": (None, False)}) == "not found by itself"
    assert view.by_itself(checked, {"custom": (found(), True)}) == "✓ found, matches"
    assert view.by_itself(checked, {"custom": (found(verdict="differs"), False)}) == "found, but differs"
    assert view.by_itself(unchecked, {"x": (None, True)}) == "✓ gave no verdict either"
    assert view.by_itself(unchecked, {"x": (found(), False)}) == "✗ gave a verdict"
    summary = view.extractor_summary([checked, unchecked], {"custom": (found(), True), "x": (None, True)})
    assert "finds 1 of the 1 checkable claims" in summary and "on 2 of all 2" in summary
    assert view.extractor_summary([checked], None) is None


def test_the_claims_table_numbers_rows_as_in_the_article_with_a_sign_beside_each_verdict():
    yen = replace(claim(), id="yen", topic="usdjpy")
    verdicts = [V.Verdict(yen, "matches", article_text="155"), V.Verdict(claim(check=False), "not checkable")]
    table = view.claims_table(verdicts[1:], verdicts, None)
    assert list(table.columns) == ["#", "verdict", "claim", "article", "official", "why", "alone"]
    assert table.iloc[0].to_dict() == {"#": 2, "verdict": "? Not checkable", "claim": "q", "article": "—",
                                       "official": "—", "why": "", "alone": "—"}
    assert view.filtered(verdicts, ["gold"], None) == verdicts[1:]
    assert view.filtered(verdicts, None, ["matches"]) == verdicts[:1] == view.filtered(verdicts, (), ["matches"])


def test_official_figures_of_found_claims():
    assert view.official(found(), "USD bn") == "1,209.9 USD bn"
    assert view.official(found(official=-40.9, op="change"), "USD bn") == "-40.9 USD bn"
    assert view.official(found(official=12.5, op="change"), "%") == "+12.5 %"
    assert view.official(found(official=3.0), "") == "3"
    assert view.official(found(official=None), "USD bn") == "—"


def test_what_we_understood_is_escaped_never_rendered():
    text = "**Japan** held [$1.21 trillion](http://x) in April."
    figure = found(subject="**Japan**", sentence=(0, len(text)))
    assert view.quote(figure, text).startswith(r"\*\*Japan\*\* held \[")
    assert view.understood(figure, CATALOGUE["treasury_holdings"]).startswith(r"\*\*Japan\*\*, the level in ")
    assert view.understood(found(subject="", op="change", date=None, start="2026-01", end="2026-04"), None) == (
        "the change in treasury_holdings, 2026-01 to 2026-04")
    assert view.unchecked_list([(3, found(number="$5", reason="no `data`"))]) == r"- **3** \$5: no \`data\`"
    assert view.checked_heading(1) == "1 figure checked" and view.checked_heading(2) == "2 figures checked"


def test_a_claims_still_is_keyed_by_what_it_is_drawn_from():
    series = pd.Series([1.0, 2.0], index=pd.to_datetime(["2024-01-31", "2024-02-29"]))
    one = V.Verdict(claim(), "matches", evidence={"USDJPY": series})
    same = V.Verdict(claim(), "matches", evidence={"USDJPY": series.copy()})
    other = V.Verdict(claim(), "matches", evidence={"USDJPY": series * 2})
    assert view.still_key(one) == view.still_key(same) != view.still_key(other)
    assert hash(view.still_key(one))


def test_the_pages_params_keep_their_keys_and_meanings():
    params = {p.key: p for p in view.params(["japan-march-level"])}
    assert list(params) == ["topics", "verdicts", "claim", "mode"]
    assert params["topics"].parse("yen,treasury") == ("usdjpy", "treasuries")
    assert params["claim"].parse("japan-march-level") == "japan-march-level"
    assert params["mode"].default == "example"


# -- every checkable dataset through the page -----------------------------------------------------------------

@pytest.mark.parametrize("name", CHECKABLE)
def test_every_checkable_dataset_opens_in_the_claim_form_and_a_claim_about_it_is_checked(name):
    at = run_page("pages/article.py", dataset=name)
    assert at.selectbox(key="claim.dataset").value == name
    assert at.selectbox(key=f"claim.series.{name}").value == CATALOGUE[name].claim_series
    assert not [m for m in at.markdown if m.value.startswith("**Official:**")], "no value: nothing checked yet"

    printed, number = official_number(name)
    next(t for t in at.text_input if t.label == "To").input(last_day(name))
    next(t for t in at.text_input if t.label == "Value you read").input(number)
    next(b for b in at.button if b.label == "Check").click()
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    unit = custom_claim.default_unit(data_sources.load(name))
    assert dict(at.query_params) == {"dataset": name, "series": CATALOGUE[name].claim_series, "op": "level",
                                     "end": last_day(name), "value": number, "unit": unit}
    assert f"**Official:** {printed}" in [m.value for m in at.markdown]
    badges = [m.value for m in at.markdown if "-badge[" in m.value]
    assert len(badges) == 1 and ":green-badge[" in badges[0] and "Matches" in badges[0], badges


def test_the_picker_lists_every_checkable_dataset_with_its_claim_series():
    at = run_page("pages/article.py")
    assert at.selectbox(key="claim.dataset").options == [CATALOGUE[n].title for n in CHECKABLE]
    for name in CHECKABLE:
        at.selectbox(key="claim.dataset").set_value(name).run()
        assert not at.exception, (name, [e.value for e in at.exception])
        assert at.selectbox(key=f"claim.series.{name}").value == CATALOGUE[name].claim_series
