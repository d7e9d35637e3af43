"""Selling and buying are trades: a figure said with "sold", "bought", "net seller", "dumped" or
"offloaded" is checked against TIC's net purchases (`treasury_flows`), not the holdings change.

"Japan sold $40.9 billion in April 2024" reads, in the mapping, as Japan's holdings change of −40.9
bn; here it becomes a claim about Japan's net purchases that month (−11.8 bn: "differs", with both
figures in the reason). "Reduced", "cut" and "fell" stay claims about holdings.
"""

from __future__ import annotations

import re
from dataclasses import replace

import pandas as pd

from analysis.verdicts import Check

from .mapping import Mapped

FLOWS = "treasury_flows"
#: Words that say a trade happened, read in the words just before the figure.
SOLD = re.compile(r"\b(?:sold|sells?|selling|dump(?:ed|ing|s)?|offload(?:ed|ing|s)?|unload(?:ed|ing|s)?|"
                  r"net\s+sell(?:er|ers|ing)|net\s+sales)\b(?:\s+(?:of|off|a\s+net|a\s+total\s+of|about|some|"
                  r"nearly|around|roughly|over|more\s+than|an\s+estimated|net))*\s*$", re.I)
BOUGHT = re.compile(r"\b(?:bought|buys?|buying|purchased|purchases?|acquired|net\s+buy(?:er|ers|ing)|"
                    r"net\s+purchases)\b(?:\s+(?:of|a\s+net|a\s+total\s+of|about|some|nearly|around|roughly|over|"
                    r"more\s+than|an\s+estimated|net))*\s*$", re.I)
#: The yen is sold and bought in interventions: those are not Treasury trades.
YEN = re.compile(r"\byen\b|\bcurrency\b|\bdollars?\s+(?:for|against)\b", re.I)
WINDOW = 40  # characters before the figure where the trade verb must sit


def _month_after(month: str) -> str:
    return f"{pd.Period(month, 'M') + 1}"


def as_trade(text: str, mapped: Mapped) -> Mapped:
    """A Treasury holdings claim said as a trade becomes a net-purchases claim; anything else is
    returned as it is."""
    check = mapped.check
    if check is None or check.dataset != "treasury_holdings" or check.op not in ("change", "level"):
        return mapped
    before = text[max(mapped.sentence[0], mapped.span[0] - WINDOW):mapped.span[0]]
    sold, bought = SOLD.search(before), BOUGHT.search(before)
    if not (sold or bought) or YEN.search(before):
        return mapped
    sign = -1 if sold else 1
    if check.op == "level":
        if check.date is None:
            return mapped
        start = end = check.date
    else:
        if check.start is None or check.end is None:
            return mapped
        start, end = _month_after(check.start), check.end
    value = abs(float(mapped.value))
    article = f"{'-' if sign < 0 else ''}{check.article.lstrip('-') if isinstance(check.article, str) else value}"
    trade = Check(FLOWS, check.series, "net_purchases", start=start, end=end, article=article, unit=check.unit,
                  tolerance=check.tolerance)
    return replace(mapped, value=sign * value, check=trade, explain=())
