"""Links from a checked claim to the topic page, set to that series and period (pure).

The extractor (`analysis.extract`) takes a link builder as an argument rather than importing this
module: analysis sits below views in the layers (pages → ui → charts/views → analysis → data_sources).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis.verdicts import Loader, Verdict
from views import view_for
from views.urlstate import query_string


def claim_link(verdict: Verdict, first: pd.Timestamp | None = None,
               last: pd.Timestamp | None = None) -> tuple[str, dict[str, str]] | None:
    """(page, query parameters) for the claim's topic page, or None if it has no data link. The page is
    the dataset's (the catalogue's topic), the tab the one that declares the dataset, the query what
    the view's `claim_query` makes of the claim."""
    check = verdict.claim.check
    view = view_for(check.dataset) if check is not None else None
    if check is None or verdict.window is None or view is None or view.claim_query is None:
        return None
    start, end = verdict.window
    if first is not None:
        start = max(start, first)
    if last is not None:
        end = min(end, last)
    section = view.sections.for_dataset(check.dataset)
    query = view.claim_query(check, start, end, section.id if section is not None else None)
    return (view.page.file, query) if query is not None else None


def chart_link(verdict: Verdict, load: Loader) -> str | None:
    """A relative link (`/treasuries?…`) to the topic page set to the claim's series and period,
    clipped to the dates the dataset covers; None when the claim has no data link."""
    check = verdict.claim.check
    if check is None:
        return None
    try:
        frame = load(check.dataset).frame
    except (KeyError, LookupError):
        return None
    first, last = (pd.Timestamp(frame["date"].min()), pd.Timestamp(frame["date"].max())) if len(frame) else (None,
                                                                                                            None)
    link = claim_link(verdict, first, last)
    if link is None:
        return None
    page, query = link
    qs = query_string(query)
    return f"/{Path(page).stem}" + (f"?{qs}" if qs else "")
