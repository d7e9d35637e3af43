"""A page's state and its main chart, shared by the page, the HTTP API and the link previews.

Pure (no streamlit): each view module names the datasets it reads, derives a context from them
(options, defaults, date spans), declares its URL parameters, and builds its main chart for one
state. The page draws that chart, `/api/v1/charts/{page}.csv|json|png` serve it, and the page's
link preview describes it: one code path, so the three never disagree.

The registry: every module here that declares a `VIEW` (`views.declare.View`) is a chart page, found
by looking, not by a hand-kept list; `PLAIN` are the pages without a chart state. Navigation, the
chart routes, OpenAPI, claim links, link previews and the bench's states all read `VIEWS`/`PAGES`.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterator, Mapping
from functools import cache

from .chart import Main
from .declare import Page, Section, Sections, View

INTRO = ("Who holds US Treasury debt, how the yen moves against the dollar, which central banks buy gold and the "
         "dollar's share of world reserves, from the official sources, each number dated.")
OVERVIEW = Page("", "overview.py", "Overview", ":material/waves:", "Treasury holders, the yen and central-bank gold",
                INTRO, order=0)
ARTICLE = Page("article", "pages/article.py", "Article check", ":material/fact_check:",
               "Article check: a viral article against the official data",
               "Each numeric claim of an article about Japan selling Treasuries and China buying gold, next to the "
               "official figure (US Treasury, FRED, Japan's MOF, IMF, World Bank) and why they differ.", order=90)
#: Pages with no chart state of their own.
PLAIN: tuple[Page, ...] = (OVERVIEW, ARTICLE)


@cache
def _views() -> dict[str, View]:
    found = []
    for info in pkgutil.iter_modules(__path__):
        module = importlib.import_module(f"{__name__}.{info.name}")
        view = getattr(module, "VIEW", None)
        if isinstance(view, View):
            found.append(view)
    return {v.id: v for v in sorted(found, key=lambda v: (v.page.order, v.id))}


class _Registry(Mapping[str, View]):
    """The chart pages by id, in navigation order; looked up when first used (no imports at import time)."""

    def __getitem__(self, page: str) -> View:
        return _views()[page]

    def __iter__(self) -> Iterator[str]:
        return iter(_views())

    def __len__(self) -> int:
        return len(_views())


VIEWS: Mapping[str, View] = _Registry()


def pages() -> tuple[Page, ...]:
    """Every page, in navigation order."""
    return tuple(sorted((*PLAIN, *(v.page for v in VIEWS.values())), key=lambda p: p.order))


def view_for(dataset: str) -> View | None:
    """The chart page that shows a dataset (the catalogue's `topic`)."""
    from data_sources.catalogue import CATALOGUE

    spec = CATALOGUE.get(dataset)
    return VIEWS.get(spec.topic) if spec is not None else None


__all__ = ["ARTICLE", "OVERVIEW", "PLAIN", "VIEWS", "Main", "Page", "Section", "Sections", "View", "pages",
           "view_for"]
