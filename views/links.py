"""Links from a checked claim to the topic page, set to that series and period (pure).

The extractor (`analysis.extract`) takes a link builder as an argument rather than importing this
module: analysis sits below views in the layers (pages → ui → charts/views → analysis → data_sources).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis.flows import SLT_FROM
from analysis.verdicts import Loader, Verdict
from data_sources.catalogue import DATASETS
from views.urlstate import encode_list, query_string, slugify

#: Each dataset's page (the catalogue's `topic`).
TOPIC_PAGES = {spec.name: spec.page for spec in DATASETS}


def claim_link(verdict: Verdict, first: pd.Timestamp | None = None,
               last: pd.Timestamp | None = None) -> tuple[str, dict[str, str]] | None:
    """(page, query parameters) for the claim's topic page, or None if it has no data link."""
    check = verdict.claim.check
    if check is None or verdict.window is None or check.dataset not in TOPIC_PAGES:
        return None
    start, end = verdict.window
    if first is not None:
        start = max(start, first)
    if last is not None:
        end = min(end, last)
    page = TOPIC_PAGES[check.dataset]
    if check.dataset == "treasury_holdings":
        query = {"countries": encode_list(check.series), "from": f"{start:%Y-%m}", "to": f"{end:%Y-%m}"}
        if check.date or check.end:
            month = check.date or check.end
            query["month"] = month[:7]
        if check.op == "change" and check.start and check.end and _months_apart(check.start, check.end) == 1:
            query["section"] = "buyers-and-sellers"  # the month's movers, as in the claim
        return page, query
    if check.dataset == "treasury_flows":  # a claim of selling: the page's "Was it selling?" view
        if check.start and pd.Timestamp(check.start[:7]) + pd.offsets.MonthEnd(0) >= SLT_FROM:
            start = max(start, SLT_FROM)  # Form SLT months stay apart from Form S's measure
        query = {"section": slugify("Was it selling?"), "countries": encode_list(check.series),
                 "flow_from": f"{start:%Y-%m}", "flow_to": f"{end:%Y-%m}"}
        if check.end:
            query["flow_month"] = check.end[:7]
        return page, query
    if check.dataset == "gold_reserves":
        query = {"economies": ",".join(s.lower() for s in check.series), "from": f"{start:%Y-%m}",
                 "to": f"{end:%Y-%m}"}
        if check.unit == "m oz":
            query["unit"] = "moz"
        if check.op in ("change", "top_buyers") and check.start and check.end:
            query |= {"section": "buyers-and-sellers", "since": _quarter_end(check.start),
                      "until": _quarter_end(check.end)}
        return page, query
    if check.dataset == "china_reserves":
        return page, {"section": slugify("China's reserves")}
    if check.dataset == "reserve_currencies":
        measure = check.series[0].partition("_")[2]
        query = {"from": f"{start:%Y-%m}", "to": f"{end:%Y-%m}"}
        if measure in ("share", "amount"):  # a currency's line
            query = {"currencies": ",".join(dict.fromkeys(s.partition("_")[0].lower() for s in check.series)),
                     **({"measure": "amount"} if measure == "amount" else {}), **query}
        else:  # total, allocated, unallocated, the imputed share
            query["section"] = slugify("Unallocated and imputed")
        return page, query
    query = {"range": "Custom", "from": f"{start:%Y-%m-%d}", "to": f"{end:%Y-%m-%d}"}
    if check.dataset == "japan_reserves":
        query["section"] = slugify("Japan's reserves")
    elif check.dataset == "rates":
        query["section"] = "rates"
    elif check.dataset == "fx_interventions":
        query["section"] = "after-interventions"
    return page, query


def _months_apart(a: str, b: str) -> int:
    return (pd.Period(b[:7], "M") - pd.Period(a[:7], "M")).n


def _quarter_end(month: str) -> str:
    return f"{pd.Timestamp(month[:7] + '-01') + pd.offsets.MonthEnd(0):%Y-%m-%d}"


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
