"""A claim about selling or buying is a claim about net purchases, not about the change in holdings.

"Japan sold $40.9 billion in April 2024" is checked against what TIC says Japan bought minus what it
sold that month (`treasury_flows`), and the reasons always give the holdings change beside it, split
into net purchases, price changes and other: a fall in holdings is not a sale.
"""

from __future__ import annotations

import pandas as pd

from data_sources.catalogue import CATALOGUE
from data_sources.result import Result

from .. import flows as f
from .model import Check, ClaimError, Mark, Verdict
from .read import _label, _need, _when
from .units import _article_value, _compare, _fmt, _qualitative


def _bn(value: float) -> str:
    return ("+" if value > 0 else "−" if value < 0 else "") + f"{abs(value):,.1f} bn"


def _months(check: Check) -> tuple[pd.Timestamp, pd.Timestamp]:
    start = _when(_need(check.start or check.date, "a start"), True)
    end = _when(_need(check.end or check.date, "an end"), True)
    if start > end:
        raise ClaimError(f"the start {check.start} is after the end {check.end}")
    return start, end


def _span(start: pd.Timestamp, end: pd.Timestamp) -> str:
    return f"{start:%B %Y}" if start == end else f"{start:%B %Y} to {end:%B %Y}"


def op_net_purchases(v: Verdict, check: Check, result: Result) -> None:
    """Net purchases (positive: bought) summed over the months from start to end, across series."""
    start, end = _months(check)
    if start < f.SLT_FROM <= end:
        raise ClaimError(f"{_span(start, end)} spans TIC Form S (to January 2023) and Form SLT (from February "
                         "2023): two different measures of net purchases, not added together")
    months = pd.date_range(start, end, freq="ME")
    frame = result.frame
    total, said, evidence = 0.0, [], {}
    sources: set[str] = set()  # one measure in a window: Form S before 2023-02, Form SLT after
    for name in check.series:
        rows = frame[(frame["series"] == name)].set_index("date").sort_index()
        inside = rows.loc[start:end]
        if len(inside) < len(months):
            newest = frame["date"].max()
            if not rows.empty and end > rows.index.max() and rows.index.max() >= newest:
                raise ClaimError(f"no net purchases for {_label(result, name)} in {_span(start, end)}: TIC's "
                                 f"latest month here is {rows.index.max():%B %Y}")
            if not rows.empty and end > rows.index.max():
                raise ClaimError(f"no net purchases for {_label(result, name)} in {_span(start, end)}: TIC's Table 3 "
                                 f"gives no total for it after {rows.index.max():%B %Y} (it leaves out some "
                                 "holders' totals)")
            raise ClaimError(f"no net purchases for {_label(result, name)} in {_span(start, end)}: "
                             f"{f.COVERAGE[f.SLT]}; {f.COVERAGE[f.FORM_S]}"
                             + ("" if rows.empty else f"; for {_label(result, name)}, from {rows.index.min():%B %Y}"))
        sources |= set(inside["source"])
        net = float(inside["value"].sum())
        total += net
        part = f"{_label(result, name)}: net {'purchases' if net >= 0 else 'sales'} {abs(net):,.1f} bn"
        if set(inside["source"]) == {f.SLT} and inside["holdings_change"].notna().all():
            change, valuation, other = (float(inside[c].sum()) for c in ("holdings_change", "valuation", "other"))
            moved = "rose" if change > 0 else "fell" if change < 0 else "did not change"
            part += (f"; its holdings {moved} {abs(change):,.1f} bn (price changes {_bn(valuation)}, "
                     f"other {_bn(other)})")
            v.change_holdings = (v.change_holdings or 0.0) + change
        said.append(part)
        evidence[name] = rows["value"].loc[start - pd.DateOffset(months=12): end + pd.DateOffset(months=3)]
    v.evidence, v.window = evidence, (start - pd.DateOffset(months=12), end + pd.DateOffset(months=3))
    v.reasons.append("TIC's net purchases, " + _span(start, end) + ": " + "; ".join(said) + ". A fall in holdings "
                     "is not a sale: bonds and notes are counted at market value.")
    if sources == {f.FORM_S}:
        v.reasons.append("From TIC Form S: net purchases of long-term Treasuries (bonds and notes), attributed to "
                         "the counterparty's country, so trades made through London or the Caribbean centres count "
                         "there; bills are not in it.")
    if check.expect:
        who = " + ".join(_label(result, n) for n in check.series)
        _qualitative(v, check, total, f"{who}'s net purchases, {_span(start, end)},")
        v.reasons[0] = v.reasons[0].replace(" rose:", " were positive (net buying):").replace(
            " fell:", " were negative (net selling):")
        v.official_text = _bn(total)
        return
    article, factor, tolerance, unit = _article_value(v, check, result)
    v.official_text = _fmt(total / factor, unit, signed=True, decimals=v.decimals)
    v.marks = [Mark(end, article, f"article: {_fmt(article / factor, unit, signed=True, decimals=v.decimals)}"),
               Mark(end, total, f"official: {v.official_text}", "official")]
    _compare(v, article, total, tolerance, factor, unit)
    change = v.change_holdings
    if v.status != "matches" and change is not None and abs(article - change) <= max(abs(change) * 0.05, 0.15):
        mostly = abs(change - total) > abs(change) / 2
        v.reasons.insert(0, f"The article's figure is the change in holdings ({_bn(change)}), not net purchases "
                            f"({_bn(total)})" + (": most of the move was prices and other changes, not trading."
                                                 if mostly else "."))


#: Holdings claims that a reader takes for selling or buying: their verdicts say what was traded.
HOLDINGS_OPS = ("change", "declines")


def traded(v: Verdict, check: Check, flows: Result) -> str | None:
    """What TIC says the holders traded over a holdings claim's months (None where it publishes no
    net purchases for them): "what net purchases were" beside every reduced/sold claim."""
    spec = CATALOGUE.get(check.dataset)
    if spec is None or spec.traded_in != flows.name or check.op not in HOLDINGS_OPS:
        return None
    frame = flows.frame[flows.frame["source"] == f.SLT]
    if check.op == "declines":
        months = sorted(m.x for m in v.marks)
        parts = []
        for at in months:
            rows = frame[(frame["series"] == check.series[0]) & (frame["date"] == at)]
            if not rows.empty:
                parts.append(f"{at:%Y-%m} {_bn(float(rows['value'].iloc[0]))}")
        if not parts:
            return None
        return (f"What {_label(flows, check.series[0])} traded in the months its holdings fell (TIC net purchases): "
                + ", ".join(parts) + ". Where a month shows net buying, the fall was prices, not selling.")
    start = _when(_need(check.start, "a start"), True) + pd.offsets.MonthEnd(1)
    end = _when(_need(check.end, "an end"), True)
    months = pd.date_range(start, end, freq="ME")
    if end < f.SLT_FROM:
        return _form_s_traded(flows, check, start, end, months)
    said = []
    for name in check.series:
        rows = frame[(frame["series"] == name) & (frame["date"] >= start) & (frame["date"] <= end)]
        if len(rows) < len(months) or rows.empty:
            return None
        net, valuation, other = (float(rows[c].sum()) for c in ("value", "valuation", "other"))
        said.append(f"{_label(flows, name)} net {'purchases' if net >= 0 else 'sales'} {abs(net):,.1f} bn "
                    f"(price changes {_bn(valuation)}, other {_bn(other)})")
    return f"What was traded, {_span(start, end)} (TIC net purchases): " + "; ".join(said) + "."


def _form_s_traded(flows: Result, check: Check, start: pd.Timestamp, end: pd.Timestamp,
                   months: pd.DatetimeIndex) -> str | None:
    """Before 2023-02: Form S's long-term trades, said as the different measure they are."""
    frame = flows.frame[flows.frame["source"] == f.FORM_S]
    said = []
    for name in check.series:
        rows = frame[(frame["series"] == name) & (frame["date"] >= start) & (frame["date"] <= end)]
        if len(rows) < len(months) or rows.empty:
            return None
        net = float(rows["value"].sum())
        said.append(f"{_label(flows, name)} {_bn(net)}")
    return (f"What was traded, {_span(start, end)}, as far as TIC Form S shows (net purchases of long-term "
            "Treasuries by the counterparty's country, so not the holder's own trades and no bills): "
            + "; ".join(said) + ". TIC publishes no net purchases by holder before February 2023.")
