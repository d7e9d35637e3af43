"""Selling and buying are trades: a figure said with "sold", "bought", "net seller", "dumped" or
"offloaded" is checked against TIC's net purchases (`treasury_flows`), not the holdings change.

"Japan sold $40.9 billion in April 2024" reads, in the mapping, as Japan's holdings change of −40.9
bn; here it becomes a claim about Japan's net purchases that month (−11.8 bn: "differs", with both
figures in the reason). "Reduced", "cut" and "fell" stay claims about holdings.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

import pandas as pd

from analysis.flows import SLT_FROM
from analysis.verdicts import Check
from data_sources.catalogue import CATALOGUE

from .mapping import Mapped
from .times import find_times, resolve

#: Words that say a trade happened, read in the words just before the figure.
SOLD = re.compile(r"\b(?:sold|sells?|selling|dump(?:ed|ing|s)?|offload(?:ed|ing|s)?|unload(?:ed|ing|s)?|"
                  r"net\s+sell(?:er|ers|ing)|net\s+sales)\b(?:\s+(?:of|off|a\s+net|a\s+total\s+of|about|some|"
                  r"nearly|around|roughly|over|more\s+than|an\s+estimated|net))*\s*$", re.I)
BOUGHT = re.compile(r"\b(?:bought|buys?|buying|purchased|purchases?|acquired|net\s+buy(?:er|ers|ing)|"
                    r"net\s+purchases)\b(?:\s+(?:of|a\s+net|a\s+total\s+of|about|some|nearly|around|roughly|over|"
                    r"more\s+than|an\s+estimated|net))*\s*$", re.I)
#: The yen is sold and bought in interventions: those are not Treasury trades.
YEN = re.compile(r"\byen\b|\bcurrency\b|\bdollars?\s+(?:for|against)\b|interven", re.I)
#: "never sold", "did not sell", "didn't dump": a denied trade is no claim of one.
NEGATED = re.compile(r"\b(?:not|never|n't|no|nor|denied|den(?:y|ies))\s+(?:\w+\s+)?$", re.I)
WINDOW = 40  # characters before the figure where the trade verb must sit
#: Where a clause ends: the trade and the yen must be said in the same one to be one act.
CLAUSE_END = re.compile(r"[;,.]\s|[;.]$|\band\s+(?:its|their|the)\b")


def _month_after(month: str) -> str:
    return f"{pd.Period(month, 'M') + 1}"


def _clause(text: str, mapped: Mapped) -> str:
    """The clause the figure sits in: from the last break before it to the first after it."""
    start, end = mapped.sentence if mapped.sentence != (0, 0) else (0, len(text))
    before = text[start:mapped.span[0]]
    cut = max((m.end() for m in re.finditer(r"[;,]\s", before)), default=0)
    after = text[mapped.span[1]:end]
    stop = CLAUSE_END.search(after)
    return before[cut:] + text[mapped.span[0]:mapped.span[1]] + (after[:stop.start()] if stop else after)


def _months(clause: str, published: date, check: Check) -> tuple[str, str] | None:
    """The months traded: a range said in the clause ("from January to March 2023") whole; else the
    months of the holdings check (the month after its base month to its end)."""
    for expr in find_times(clause):
        if expr.kind == "range":
            period = resolve(expr, published)
            if period is not None:
                return f"{period.start:%Y-%m}", f"{period.end:%Y-%m}"
    if check.op == "level":
        return (check.date, check.date) if check.date else None
    if check.start is None or check.end is None:
        return None
    return _month_after(check.start), check.end


def as_trade(text: str, mapped: Mapped, published: date) -> Mapped:
    """A Treasury holdings claim said as a trade becomes a net-purchases claim; a denied trade is not
    checked; anything else is returned as it is. Before February 2023 TIC has no net purchases by
    holder (Form S's long-term trades by counterparty cannot refute a holdings figure): the claim stays
    a holdings claim, and its verdict says what Form S shows."""
    check = mapped.check
    spec = CATALOGUE.get(check.dataset) if check is not None else None
    if check is None or spec is None or spec.traded_in is None or check.op not in ("change", "level"):
        return mapped
    flows = spec.traded_in
    before = text[max(mapped.sentence[0], mapped.span[0] - WINDOW):mapped.span[0]]
    sold, bought = SOLD.search(before), BOUGHT.search(before)
    if not (sold or bought) or YEN.search(_clause(text, mapped)):
        return mapped
    verb = (sold or bought)
    assert verb is not None
    if NEGATED.search(before[:verb.start()]):
        return replace(mapped, check=None, explain=(),
                       reason="a trade the sentence denies ('never sold'): no figure is claimed to check")
    months = _months(_clause(text, mapped), published, check)
    if months is None:
        return mapped
    start, end = months
    if pd.Timestamp(end + "-01") + pd.offsets.MonthEnd(0) < SLT_FROM:
        return mapped
    sign = -1 if sold else 1
    value = abs(float(mapped.value))
    article = f"{'-' if sign < 0 else ''}{check.article.lstrip('-') if isinstance(check.article, str) else value}"
    trade = Check(flows, check.series, "net_purchases", start=start, end=end, article=article, unit=check.unit,
                  tolerance=check.tolerance)
    return replace(mapped, value=sign * value, check=trade, explain=())
