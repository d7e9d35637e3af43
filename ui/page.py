"""The preamble every chart page shares, from its declaration (`views.declare.View`): page config and
navigation, the view's context, the URL bound to its parameters, the title, introduction, URL notices
and one freshness line for what the page shows."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from views import View

from . import chrome, data, state
from .state import Bound


def open_view(view: View, freshness: Sequence[str] | None = None) -> tuple[Any, Bound]:
    """Call first on a chart page: returns its context and its bound URL. `freshness`: the datasets the
    header's freshness line speaks for (the view's datasets and those its tabs show, unless given)."""
    chrome.setup(view.page.nav)
    ctx = view.context(data.load)
    url = state.bind(view.id, ctx.params, check=lambda values, notices: view.check(ctx, values, notices))
    names = (*view.datasets, *view.shows) if freshness is None else tuple(freshness)
    chrome.header(view.page.title, view.page.description, url.notices, [data.provenance(n) for n in names])
    return ctx, url
