"""Hostile URLs: whatever a link carries, every page renders (no exception) and says what it ignored."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from streamlit.testing.v1 import AppTest

from tests.helpers import ROOT
from views import VIEWS, pages

#: The plain pages' URL keys (the chart pages' are their views' declared parameters).
PLAIN_KEYS = {
    "overview.py": [],
    "pages/article.py": ["topics", "verdicts", "dataset", "series", "op", "start", "end", "value", "unit", "mode",
                         "text", "published", "doc"],
}
#: Every page, from the registry: a new page is attacked without being listed here.
PAGES = [page.file for page in pages()]


def keys_of(file: str) -> list[str]:
    from web import data

    view = next((v for v in VIEWS.values() if v.page.file == file), None)
    return [p.key for p in view.context(data.load).params] if view is not None else PLAIN_KEYS[file]


EXOTIC = ["nan", "NaN", "inf", "-inf", "1e999", "-1e-999", "١٢٣", "0x1F", "1_000", "  ", "🙂", "1,5", "+-3",
          "2024-02-30", "2024-13", "9999-12", "0000-01", "1e5", "' OR 1=1 --", "<script>alert(1)</script>",
          "%00", "\x00", "a" * 500, "-", ",", ",,,", "true", "2024-04-29T00:00", "−5"]
values = st.one_of(st.sampled_from(EXOTIC), st.text(max_size=30), st.integers().map(str),
                   st.floats(allow_nan=True, allow_infinity=True).map(repr), st.dates().map(str))


def run(page: str, query: dict[str, list[str]]) -> AppTest:
    at = AppTest.from_file(str(ROOT / "overview.py"), default_timeout=60)
    for key, value in query.items():
        at.query_params[key] = value
    if page != "overview.py":
        at.switch_page(page)
    at.run()
    return at


@pytest.mark.parametrize("page", PAGES)
@settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_any_url_values_render_without_an_exception(page, data):
    keys = keys_of(page) or ["x"]
    query = data.draw(st.dictionaries(st.sampled_from(keys), st.lists(values, min_size=1, max_size=3),
                                      max_size=len(keys)))
    at = run(page, query)
    assert not at.exception, (query, [e.value for e in at.exception])


@pytest.mark.parametrize("value", EXOTIC)
def test_exotic_claim_values_give_a_notice_not_a_traceback(value):
    at = run("pages/article.py", {"dataset": ["treasury_holdings"], "series": ["Japan"], "op": ["level"],
                                   "start": ["2024-04"], "value": [value], "unit": ["USD bn"]})
    assert not at.exception, [e.value for e in at.exception]
    said = " ".join(w.value for w in at.warning) + " ".join(m.value for m in at.markdown)
    assert "Ignored `value=" in said or "Not checkable" in said or "not checkable" in said.lower(), said[-300:]
