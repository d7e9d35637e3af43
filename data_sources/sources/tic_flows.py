"""US Treasury TIC: who bought and who sold Treasuries, by holder and month.

Publisher: U.S. Department of the Treasury / Federal Reserve Board, Treasury International
Capital (TIC) system. Public domain (US government work); attribution "Source: U.S. Department of
the Treasury (TIC)".

A fall in a holder's Treasuries is not a sale: bonds and notes are counted at market value, so
their prices move holdings too. TIC publishes the split. Two files, two different measures:

* ``slt_table3.txt`` (Form SLT, February 2023 on) - long format, **millions** of dollars; per
  country and month: total holdings (``for_treas_pos``) and **net U.S. sales** (``for_treas_net``:
  a positive number is a net *purchase* by the foreign holder), long-term holdings, net sales and
  **valuation change** (``for_lt_treas_valchg``), short-term holdings and net sales. Before 2023-02
  the flow columns are ``n.a.``. Treasury's identity: holdings change = net U.S. sales + valuation
  change + "other changes", where "other" is a residual (survey re-bases, reporting changes); the
  valuation change is published for long-term Treasuries only (bills are counted at face value).
  Attributed to the holder, by where the securities are held in custody.
* ``s1_globl.txt`` (legacy Form S, 1977-01 .. 2023-01, frozen when Form SLT replaced it) -
  tab-separated, ~20 header lines, one row per country and month, newest month first; columns
  [1]..[6] gross purchases by foreigners from U.S. residents, [7]..[12] gross sales by foreigners,
  USD millions, figures over 999 quoted with thousands separators (``"1,480"``). Net foreign
  purchases of Treasury bonds and notes = [1] - [7]. Long-term only, and attributed to the
  *counterparty's* country (custodial bias: London and the Caribbean centres show trades made for
  investors elsewhere). Not the same measure as Form SLT's: the two are never one line.

Release cadence: Table 3 monthly, around the 18th, for the month two months earlier; Form S never.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import CombineError, ParseError
from ._common import conform, decode, reader
from .tic import ENCODING, MISSING, TABLE3, canonical_name, is_aggregate, table3_rows

FORM_S_URL = "https://ticdata.treasury.gov/resource-center/data-chart-center/tic/Documents/s1_globl.txt"
FORM_S = "s1_globl"  # the `source` column's name for Form S rows (= the catalogue's resource key)

MILLIONS_PER_BN = 1000.0
#: Table 3's machine names (its header's third row) for what this reader takes.
HOLDINGS, NET, NET_LONG, VALUATION, NET_SHORT = (
    "for_treas_pos", "for_treas_net", "for_lt_treas_net", "for_lt_treas_valchg", "for_st_treas_net")
TABLE3_COLUMNS = ("country", "date", HOLDINGS, NET, NET_LONG, VALUATION, NET_SHORT)
#: Form S's columns are numbered "[1]" .. "[12]" on the header row under the titles.
FORM_S_NUMBERS = "[1]"
FORM_S_PURCHASES, FORM_S_SALES = 3, 9  # 0-based cells of [1] and [7] (after name, code, month)
FORM_S_CELLS = 15
#: The flows Table 3 publishes start here: "n.a." before.
TABLE3_FLOWS_FROM = pd.Timestamp("2023-02-28")
FORM_S_UNTIL = pd.Timestamp("2023-01-31")

#: The dataset's columns beyond date, series (holder) and value (net purchases, USD bn).
EXTRA = {
    "is_aggregate": "bool",
    "source": "str",  # slt_table3 or s1_globl: the table each figure comes from
    "net_long_term": "float64",
    "net_short_term": "float64",
    "valuation": "float64",  # long-term Treasuries' valuation change (Form SLT only)
    "holdings": "float64",  # Table 3's total holdings at the month's end
    "holdings_change": "float64",  # Table 3's total holdings, month on month
    "other": "float64",  # holdings change - net purchases - valuation: Treasury's residual
    "gross_purchases": "float64",  # Form S [1]
    "gross_sales": "float64",  # Form S [7]
}
FLOAT_EXTRAS = tuple(k for k, v in EXTRA.items() if v == "float64")
#: All foreign holders' residual ("other") is a small part of what trades and prices move: 14-18 % of
#: them over any 12 months of the real file. Flows divided by 1000 leave the whole change to "other"
#: (×700), a flipped sign about doubles it (0.97): over half is a broken file, not a revision.
RESIDUAL_SHARE = 0.5
RESIDUAL_MONTHS, RESIDUAL_MIN_MONTHS = 12, 6


def _numbers(column: pd.Series) -> pd.Series:
    """Table cells → floats; TIC's "n.a." and "*" (under $50 million) → NaN, never zero."""
    text = column.astype("str").str.strip().str.strip('"').str.replace(",", "")
    text = text.where(~text.isin(MISSING))
    numbers = pd.to_numeric(text, errors="coerce")
    bad = numbers.isna() & text.notna()
    if bad.any():
        raise ParseError("numbers of millions (or n.a.)", str(column[bad].iloc[0]))
    return numbers


@reader
def parse_table3_flows(raw: bytes) -> pd.DataFrame:
    """Table 3 (`slt_table3.txt`) → net purchases per holder and month, USD bn, with the long-term
    valuation change and the residual; only months whose flows are published (2023-02 on)."""
    table = table3_rows(raw, TABLE3_COLUMNS)
    dates = pd.to_datetime(table["date"], format="%Y-%m", errors="coerce")
    if dates.isna().any():
        raise ParseError("a YYYY-MM date on every row", str(table.loc[dates.isna(), "date"].iloc[0]))
    numbers = pd.DataFrame({c: _numbers(table[c]) / MILLIONS_PER_BN for c in TABLE3_COLUMNS[2:]})
    frame = numbers.assign(date=dates + pd.offsets.MonthEnd(0), series=table["country"].map(canonical_name))
    if frame.duplicated(["date", "series"]).any():
        row = frame[frame.duplicated(["date", "series"])].iloc[0]
        raise ParseError("one row per country and month", f"{row['series']} {row['date']:%Y-%m} twice")
    frame = frame.sort_values(["series", "date"])
    previous = frame.groupby("series")[HOLDINGS].shift(1)
    follows = frame.groupby("series")["date"].shift(1) == frame["date"] - pd.offsets.MonthEnd(1)
    change = (frame[HOLDINGS] - previous).where(follows)
    flows = frame[frame[NET].notna()]
    out = pd.DataFrame({
        "date": flows["date"], "series": flows["series"], "value": flows[NET],
        "is_aggregate": flows["series"].map(is_aggregate), "source": TABLE3,
        "net_long_term": flows[NET_LONG], "net_short_term": flows[NET_SHORT], "valuation": flows[VALUATION],
        "holdings": flows[HOLDINGS], "holdings_change": change[flows.index],
        # Treasury's "other changes" is what holdings did beyond trades and prices; the valuation
        # change is published for long-term holdings only, so "other" is blank without it.
        "other": (change - frame[NET] - frame[VALUATION])[flows.index],
        "gross_purchases": np.nan, "gross_sales": np.nan,
    })
    if out.empty:
        raise ParseError("net U.S. sales figures (for_treas_net) for some month", "n.a. in every row")
    out = conform(out, EXTRA)
    if "Japan" not in set(out["series"]):
        raise ParseError("TIC Table 3 flows for Japan", "no rows for Japan")
    return out


@reader
def parse_form_s(raw: bytes) -> pd.DataFrame:
    """Form S (`s1_globl.txt`) → net foreign purchases of Treasury bonds and notes ([1] - [7]),
    per country and month, USD bn."""
    rows = [line.rstrip("\r").split("\t") for line in decode(raw, ENCODING, "TIC Form S text").split("\n")]
    header_at = next((i for i, r in enumerate(rows) if len(r) > FORM_S_PURCHASES
                      and r[FORM_S_PURCHASES].strip() == FORM_S_NUMBERS), None)
    if header_at is None:
        raise ParseError("a column-number header row 'name<TAB>code<TAB>month<TAB>[1]…[12]'", rows[:24])
    records = []
    for row in rows[header_at + 1:]:
        cells = [c.strip() for c in row]
        if not any(cells) or cells[0].startswith("-"):
            continue
        if len(cells) < FORM_S_CELLS or not cells[2][:4].isdigit():
            if sum(bool(c) for c in cells) < 3:  # a note or a stray line under the table
                continue
            raise ParseError(f"{FORM_S_CELLS} cells: country, code, YYYY-MM and 12 amounts", "\t".join(row)[:120])
        records.append((cells[0], cells[2], cells[FORM_S_PURCHASES], cells[FORM_S_SALES]))
    if not records:
        raise ParseError("rows of country, code, month and amounts", "none under the header")
    table = pd.DataFrame(records, columns=["country", "month", "bought", "sold"])
    dates = pd.to_datetime(table["month"], format="%Y-%m", errors="coerce")
    if dates.isna().any():
        raise ParseError("a YYYY-MM month on every row", str(table.loc[dates.isna(), "month"].iloc[0]))
    bought, sold = _numbers(table["bought"]) / MILLIONS_PER_BN, _numbers(table["sold"]) / MILLIONS_PER_BN
    names = table["country"].map(canonical_name)
    keep = bought.notna() & sold.notna()
    out = pd.DataFrame({
        "date": (dates + pd.offsets.MonthEnd(0))[keep], "series": names[keep], "value": (bought - sold)[keep],
        "is_aggregate": names[keep].map(is_aggregate), "source": FORM_S,
        **dict.fromkeys(("net_long_term", "net_short_term", "valuation", "holdings", "holdings_change", "other"),
                        np.nan),
        "gross_purchases": bought[keep], "gross_sales": sold[keep],
    })
    out["net_long_term"] = out["value"]  # Form S counts long-term securities only
    dupes = out.duplicated(["date", "series"])
    if dupes.any():
        row = out[dupes].iloc[0]
        raise ParseError("one row per country and month", f"{row['series']} {row['date']:%Y-%m} twice")
    out = conform(out, EXTRA)
    if "Japan" not in set(out["series"]):
        raise ParseError("TIC Form S rows for Japan", "no rows for Japan")
    return out


def residual_problem(frame: pd.DataFrame) -> tuple[str, str, pd.DataFrame] | None:
    """(expected, found, rows) when all foreign holders' net purchases and price changes no longer
    explain their holdings change over the newest 12 Form SLT months (a unit or sign slip in the flow
    columns, which the holdings alone never show); else None."""
    total = frame[(frame["series"] == "Grand Total") & (frame["source"] == TABLE3)].dropna(subset=["other"])
    newest = total.sort_values("date").tail(RESIDUAL_MONTHS)
    if len(newest) < RESIDUAL_MIN_MONTHS:
        return None
    moved = float((newest["value"].abs() + newest["valuation"].abs()).sum())
    share = float(newest["other"].abs().sum()) / moved if moved else np.inf
    if share <= RESIDUAL_SHARE:
        return None
    return (f"all foreign holders' net purchases and price changes explaining their holdings change (the residual at "
            f"most {RESIDUAL_SHARE:.0%} of them over the newest {RESIDUAL_MONTHS} months)",
            f"a residual {share:.0%} of them (the flows' unit or sign changed?)", newest)


def combine(table3: pd.DataFrame | None, form_s: pd.DataFrame | None) -> pd.DataFrame:
    """Form S until it stopped, Form SLT's Table 3 after: one frame, each row naming its table. The
    two measure different things (see the module's docstring); they must not overlap in months."""
    parts = [p for p in (form_s, table3) if p is not None and not p.empty]
    if table3 is not None and form_s is not None and not table3.empty and not form_s.empty:
        overlap = form_s["date"].max() >= table3["date"].min()
        if overlap:
            raise CombineError(FORM_S, "Form S to end before Table 3's flows begin (2023-02)",
                               f"Form S to {form_s['date'].max():%Y-%m}, Table 3 from {table3['date'].min():%Y-%m}")
    if not parts:
        raise CombineError(TABLE3, "net purchases from Table 3 or Form S", "neither file")
    return conform(pd.concat(parts, ignore_index=True), EXTRA)
