"""Was it selling? A holder's change in Treasury holdings split into trades, prices and the rest.

Pure: frames in, frames and words out. The flows frame is the `treasury_flows` dataset: one row per
holder and month, `value` = net purchases (USD bn, positive = bought), and for Form SLT months
(`source` slt_table3) the long-term `valuation` change, Treasury's residual `other` and the month's
`holdings_change`. Form S months (`source` s1_globl) carry net purchases of bonds and notes only,
by the counterparty's country: a different measure, never summed with Form SLT's.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

SLT, FORM_S = "slt_table3", "s1_globl"
#: The parts of a month's holdings change, as columns of `split` and in a reader's words.
PARTS = {"net": "Net purchases", "valuation": "Price changes", "other": "Other changes"}
SLT_FROM = pd.Timestamp("2023-02-28")  # Table 3's first month with net sales published
COVERAGE = {
    SLT: "TIC Table 3 (Form SLT) publishes net purchases by holder from February 2023",
    FORM_S: "TIC Form S gave net purchases of long-term Treasuries (bonds and notes) by the counterparty's "
            "country from 1977 to January 2023",
}


def split(flows: pd.DataFrame, holder: str, start: pd.Timestamp, end: pd.Timestamp) -> pd.DataFrame:
    """Month ends × (net, valuation, other, change, source) for one holder between start and end."""
    rows = flows[(flows["series"] == holder) & (flows["date"] >= start) & (flows["date"] <= end)]
    out = pd.DataFrame({
        "net": rows["value"].to_numpy(),
        "valuation": rows["valuation"].to_numpy(),
        "other": rows["other"].to_numpy(),
        "change": rows["holdings_change"].to_numpy(),
        "source": rows["source"].to_numpy(),
    }, index=pd.DatetimeIndex(rows["date"]))
    return out.sort_index()


def cumulative(parts: pd.DataFrame) -> pd.DataFrame:
    """Running sums over the window of each part and of the holdings change (Form SLT months only:
    Form S's long-term trades by counterparty are another measure, not added in)."""
    slt = parts[parts["source"] == SLT]
    return slt[["net", "valuation", "other", "change"]].cumsum()


@dataclass(frozen=True)
class Month:
    """One holder's month, as a reader asks of it."""

    holder: str
    date: pd.Timestamp
    change: float | None
    net: float
    valuation: float | None
    other: float | None
    source: str


def month(flows: pd.DataFrame, holder: str, at: pd.Timestamp) -> Month | None:
    rows = flows[(flows["series"] == holder) & (flows["date"] == at)]
    if rows.empty:
        return None
    row = rows.iloc[0]

    def maybe(value: object) -> float | None:
        number = float(value)  # type: ignore[arg-type]
        return None if np.isnan(number) else number

    return Month(holder, at, maybe(row["holdings_change"]), float(row["value"]), maybe(row["valuation"]),
                 maybe(row["other"]), str(row["source"]))


def _bn(value: float, signed: bool = False) -> str:
    text = f"{abs(value):,.1f} bn"
    if not signed:
        return text
    return ("+" if value > 0 else "−" if value < 0 else "") + text


def sentence(m: Month, title: str) -> str:
    """"Japan's holdings fell 40.9 bn in April 2024: net sales 11.8 bn, price changes −29.8 bn,
    other +0.7 bn." One plain sentence for one holder's month."""
    when = f"{m.date:%B %Y}"
    trade = f"net {'purchases' if m.net >= 0 else 'sales'} {_bn(m.net)}"
    if m.source == FORM_S:
        return (f"{title}, {when}: {trade} of Treasury bonds and notes (TIC Form S, by the counterparty's "
                "country; no price split before February 2023).")
    if m.change is None:
        return f"{title}, {when}: {trade}."
    moved = "rose" if m.change > 0 else "fell" if m.change < 0 else "did not change"
    text = f"{title}'s holdings {moved}{' ' + _bn(m.change) if m.change else ''} in {when}: {trade}"
    if m.valuation is not None:
        text += f", price changes {_bn(m.valuation, signed=True)}"
    if m.other is not None:
        text += f", other {_bn(m.other, signed=True)}"
    return text + "."


def verdict_words(m: Month) -> str:
    """What the month was, in one word a headline would use: selling, buying, or prices."""
    if m.change is None or m.valuation is None:
        return "net seller" if m.net < 0 else "net buyer"
    if m.change < 0 <= m.net:
        return "holdings fell while it bought"
    if m.change < 0 and abs(m.net) < abs(m.change) / 2:
        return "holdings fell mostly on prices"
    return "net seller" if m.net < 0 else "net buyer"


def rankings(flows: pd.DataFrame, at: pd.Timestamp, titles: dict[str, str], n: int = 8) -> pd.DataFrame:
    """The month's holders (no aggregates) ranked three ways: the largest net sellers, net buyers
    and holdings falls, each row with all three figures so a reader sees where the rankings differ."""
    rows = flows[(flows["date"] == at) & (~flows["is_aggregate"]) & (flows["source"] == SLT)]
    table = pd.DataFrame({
        "holder": rows["series"].map(lambda h: titles.get(h, h)).to_numpy(),
        "net_purchases": rows["value"].round(1).to_numpy(),
        "holdings_change": rows["holdings_change"].round(1).to_numpy(),
        "valuation": rows["valuation"].round(1).to_numpy(),
        "other": rows["other"].round(1).to_numpy(),
    })
    sellers = table.nsmallest(n, "net_purchases").assign(ranking="Largest net sellers")
    buyers = table.nlargest(n, "net_purchases").assign(ranking="Largest net buyers")
    falls = table.nsmallest(n, "holdings_change").assign(ranking="Largest holdings falls")
    out = pd.concat([sellers, falls, buyers], ignore_index=True)
    out.insert(1, "rank", out.groupby("ranking").cumcount() + 1)
    return out[["ranking", "rank", "holder", "net_purchases", "holdings_change", "valuation", "other"]]


def disagreements(ranked: pd.DataFrame) -> list[str]:
    """Holders among the largest holdings falls who were not among the largest net sellers."""
    sellers = set(ranked.loc[ranked["ranking"] == "Largest net sellers", "holder"])
    falls = ranked[ranked["ranking"] == "Largest holdings falls"]
    return [str(r.holder) for r in falls.itertuples() if r.holder not in sellers]
