"""The rule-based claim extractor: figures, periods, subjects, mapping, and whole test articles."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.extract import InputError, check_text, data_versions, extract, to_dict, validate
from analysis.extract.numbers import find_figures
from analysis.extract.score import Score, load_key, score, seed_found
from analysis.extract.subjects import find_subjects
from analysis.extract.times import find_times, latest_month, resolve
from analysis.verdicts import load_claims
from data_sources import load
from views.links import chart_link

ARTICLES = Path(__file__).parent / "articles"
SEED = Path("/work/shared/seed/article.txt")


# -- figures -----------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "printed", "number", "unit"), [
    ("rose to $1.21 trillion in April", "$1.21 trillion", "1.21", "USD trn"),
    ("spent 5.92 trillion yen on", "5.92 trillion yen", "5.92", "JPY trn"),
    ("bought ¥9.8tn of yen", "¥9.8tn", "9.8", "JPY trn"),
    ("held 2,346 tonnes of gold", "2,346 tonnes", "2346", "tonnes"),
    ("amounted to 72.8 million ounces.", "72.8 million ounces", "72.8", "m oz"),
    ("slid to 161.73 yen per dollar", "161.73 yen per dollar", "161.73", "JPY per USD"),
    ("slid to 161.73 yen on", "161.73 yen", "161.73", "JPY"),
    ("averaged $4,228 an ounce in June", "$4,228 an ounce", "4228", "USD per troy oz"),
    ("a decrease of 47.405 billion US dollars", "47.405 billion US dollars", "47.405", "USD bn"),
    ("became 12315.72億ドル", "12315.72億ドル", "12315.72", "USD 100m"),
    ("62% of economists", "62%", "62", "%"),
    ("3.5 percent higher", "3.5 percent", "3.5", "%"),
    ("for 17 years", "17 years", "17", "years"),
    ("12 of the 20 largest", "12 of the 20", "12", "of a group"),
    ("$62.2bn of debt", "$62.2bn", "62.2", "USD bn"),
])
def test_figures(text, printed, number, unit):
    figure = find_figures(text)[0]
    assert (figure.printed, figure.number, figure.unit) == (printed, number, unit)
    assert text[figure.span[0]:figure.span[1]] == printed


def test_years_and_ordinals_are_no_figures():
    assert [f.printed for f in find_figures("In 2023 the 3rd time since the 1980s, 45 people")] == ["45 people"]


WORDS = st.sampled_from(["rose", "to", "$", "¥", "1,234.5", "12", "0.5", "trillion", "bn", "yen", "tonnes", "%",
                         "an ounce", "per dollar", "in", "April", "of the", " ", ",", ".", "m", "億", "ドル", "-"])


@settings(max_examples=300, deadline=None)
@given(st.lists(WORDS, max_size=30).map(" ".join) | st.text(max_size=80))
def test_spans_are_the_figures_as_printed(text):
    last = 0
    for figure in find_figures(text):
        assert text[figure.span[0]:figure.span[1]] == figure.printed
        assert figure.span[0] >= last  # in order, never overlapping
        last = figure.span[1]
        assert float(figure.number) == figure.value


# -- times -------------------------------------------------------------------------------------

def _period(text: str, published: date, lag: int = 0):
    return resolve(find_times(text)[0], published, lag)


def test_month_without_year_is_the_latest_on_or_before_publication():
    assert _period("in April", date(2026, 6, 18)).month == "2026-04"
    assert _period("in July", date(2026, 6, 18)).month == "2025-07"
    assert _period("in June", date(2026, 6, 1)).month == "2026-06"


def test_a_tic_month_must_already_have_been_published():
    # Treasury publishes April around 18 June (49 days after the month's end)
    assert latest_month(4, date(2026, 6, 18), 49) == (2026, 4)
    assert latest_month(4, date(2026, 6, 10), 49) == (2025, 4)
    assert _period("in April", date(2026, 6, 10), 49).month == "2025-04"


@pytest.mark.parametrize(("text", "published", "start", "end"), [
    ("at the end of June 2026", date(2026, 8, 1), date(2026, 6, 1), date(2026, 6, 30)),
    ("last year", date(2024, 6, 20), date(2023, 1, 1), date(2023, 12, 31)),
    ("between April 26 and May 29", date(2024, 6, 1), date(2024, 4, 26), date(2024, 5, 29)),
    ("on July 10", date(2024, 7, 31), date(2024, 7, 10), date(2024, 7, 10)),
    ("in the first quarter of this year", date(2024, 6, 20), date(2024, 1, 1), date(2024, 3, 31)),
    ("in the first half", date(2026, 8, 20), date(2026, 1, 1), date(2026, 6, 30)),
    ("on Wednesday", date(2024, 7, 31), date(2024, 7, 31), date(2024, 7, 31)),
])
def test_periods(text, published, start, end):
    period = _period(text, published)
    assert (period.start, period.end) == (start, end)


def test_since_and_relations():
    kinds = [t.kind for t in find_times("its weakest since December 1986, up from a month earlier")]
    assert kinds == ["since", "prev_month"]


def test_may_the_verb_is_no_month():
    assert find_times("Japan may intervene again") == []


# -- subjects ----------------------------------------------------------------------------------

def test_subjects():
    found = find_subjects("Britain and China's holdings; foreign official holders; central banks worldwide")
    assert [(s.tic, s.gold) for s in found] == [("United Kingdom", "GBR"), ("China, Mainland", "CHN"),
                                                ("Foreign Official", None), (None, "G001")]


# -- mapping -----------------------------------------------------------------------------------

def _checks(text: str, published: date):
    return {m.printed: m.check for m in extract(text, published)}


def test_level_change_and_from_month():
    checks = _checks("Japan's holdings of U.S. Treasuries rose $18.3 billion to $1.21 trillion in April from "
                     "$1.19 trillion in March.", date(2026, 6, 18))
    assert checks["$18.3 billion"].op == "change" and checks["$18.3 billion"].article == "18.3"
    assert (checks["$18.3 billion"].start, checks["$18.3 billion"].end) == ("2026-03", "2026-04")
    assert (checks["$1.21 trillion"].op, checks["$1.21 trillion"].date) == ("level", "2026-04")
    assert checks["$1.21 trillion"].tolerance == pytest.approx(0.02)  # two units of the last digit
    assert checks["$1.19 trillion"].date == "2026-03"


def test_a_fall_is_negative_and_unpublished_months_are_not_checked():
    checks = _checks("China cut its holdings of Treasuries by $1.2 billion in April.", date(2026, 6, 18))
    assert checks["$1.2 billion"].article == "-1.2"
    early = _checks("China cut its holdings of Treasuries by $1.2 billion in April 2026.", date(2026, 6, 1))
    assert early["$1.2 billion"] is None


def test_no_check_without_subject_measure_or_period():
    assert _checks("Holdings of Treasuries rose to $1.2 trillion in April.", date(2026, 6, 18))["$1.2 trillion"] is None
    assert _checks("Japan's exports rose to $1.2 trillion in April.", date(2026, 6, 18))["$1.2 trillion"] is None
    assert _checks("Japan's holdings of Treasuries rose to $1.2 trillion.", date(2026, 6, 18))["$1.2 trillion"] is None
    assert _checks("Gold hit $4,500 an ounce in May.", date(2026, 6, 18))["$4,500 an ounce"] is None


def test_yen_weakest_since_is_usdjpy_highest_since():
    found = extract("The yen slid to 161.73 per dollar on July 10, its weakest since December 1986.",
                    date(2024, 7, 31))
    since = next(m.check for m in found if m.printed == "since December 1986")
    assert (since.op, since.date, since.article) == ("highest_since", "2024-07-10", "1986-12")


# -- input -------------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "published", "message"), [
    ("", "2024-06-01", "No text"),
    ("x" * 20_001, "2024-06-01", "20,000"),
    ("Japan", "June 2024", "Not a date"),
    ("Japan", None, "No publication date"),
])
def test_validation(text, published, message):
    with pytest.raises(InputError, match=message):
        validate(text, published)


# -- whole articles ----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def results():
    out = {}
    for key_path in sorted(ARTICLES.glob("*.toml")):
        key = load_key(key_path)
        text = key_path.with_suffix(".txt").read_text()
        published = date.fromisoformat(key["article"]["published"])
        found = check_text(text, published, load, link=lambda v: chart_link(v, load))
        out[key_path.stem] = (text, published, found, key)
    return out


def test_articles(results):
    total = Score()
    for text, _, found, key in results.values():
        total.add(score(text, found, key))
    assert total.wrong_matches == []
    assert total.nonclaim_verdicts == []
    assert total.claims >= 40
    assert total.mapped / total.claims >= 0.9
    assert total.verdicts / total.claims >= 0.9


def test_api_shape(results):
    text, published, found, _ = results["tic_reuters"]
    body = to_dict(found, published, data_versions(found, load))
    first = body["claims"][0]
    assert body["published"] == "2026-06-18" and "treasury_holdings" in body["data_versions"]
    assert set(first) == {"span", "number", "value", "unit", "subject", "dataset", "series", "op", "date", "start",
                          "end", "official", "verdict", "reason", "chart"}
    assert text[first["span"][0]:first["span"][1]] == first["number"] == "$1.21 trillion"
    assert first["chart"].startswith("/treasuries?") and "countries=japan" in first["chart"]


@pytest.mark.skipif(not SEED.exists(), reason="the seed article is in shared/")
def test_seed_article_finds_some_hand_written_claims_and_no_wrong_match():
    text = SEED.read_text()
    found = check_text(text, date(2024, 6, 20), load)
    _, claims = load_claims()
    assert len(seed_found(text, found, claims)) >= 4
    assert all(f.verdict == "not checkable" for f in found if f.number in ("1,009", "34 years", "3 months"))


def test_analysis_builds_no_links_itself(results):
    """`analysis` sits below `views`: without a link builder a claim has no chart link."""
    text, published, _, _ = results["tic_reuters"]
    assert all(f.chart is None for f in check_text(text, published, load))
    assert "ui." not in (Path(__file__).parents[1] / "analysis/extract/check.py").read_text()
