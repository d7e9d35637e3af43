"""Japan Ministry of Finance: foreign exchange interventions and official reserve assets.

Publisher: Ministry of Finance Japan (財務省). Public Data License 1.0; attribution
"Source: Ministry of Finance Japan".

``feio/foreign_exchange_intervention_operations.csv`` - every intervention since 1991-05.
CP932 (Shift-JIS), CRLF, 3 header lines. Columns: era year (令和4年), month (9月), day (22日),
Year, Month (Sep), Day, amount, pair in Japanese, pair in English. Year and month are written on
the first row they apply to and carried down. Amounts are in 100 million yen (億円) with
thousands separators. Quarter subtotal rows (``令和6年4月～6月期計``) and note rows (``(注1)``)
sit between the operations. Updated quarterly (daily detail) and monthly (monthly totals).

``official_reserve_assets/historical.csv`` - Japan's reserves, monthly since 2000. CP932, 19
bilingual header lines, then rows: era year (first row of each year), month (4月), Year (often
blank after 2022), English month (``Apr`` in early years, ``August`` later, one ``Feburuary``),
then US$ millions: total, foreign currency reserves, securities, …, gold, gold volume (million
fine troy ounces), other reserve assets. Released on the 7th business day of each month.
"""

from __future__ import annotations

import csv
import io
import itertools
import re

import pandas as pd

from ..errors import ParseError
from ._common import decode, month_end, parse_number, reader, tidy

INTERVENTIONS_URL = (
    "https://www.mof.go.jp/policy/international_policy/reference/feio/"
    "foreign_exchange_intervention_operations.csv"
)
RESERVES_URL = "https://www.mof.go.jp/policy/international_policy/reference/official_reserve_assets/historical.csv"

ENCODING = "cp932"
OKU_YEN_PER_BILLION = 10.0  # 1 億円 = JPY 100 million, so JPY bn = 億円 / 10
USD_MILLIONS_PER_BILLION = 1000.0

#: Japanese era → Gregorian year of its first year (元年 = 1).
ERAS = {"昭和": 1925, "平成": 1988, "令和": 2018}
ERA_YEAR = re.compile(r"^(昭和|平成|令和)(元|\d+)年")
SUBTOTAL_MARK = "期計"  # "…期計": a fiscal-quarter total, not an operation
NOTE_MARK = ("(注", "（注", "※")
QUARTER_LABEL = re.compile(r"^([A-Z][a-z]+) - ([A-Z][a-z]+) (\d{4})$")  # "April - June 2024"

#: MOF's English month names vary by year; the reserves file also has one "Feburuary".
MONTH_NAMES = {
    **{m: i for i, m in enumerate(
        ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"), start=1)},
    **{m: i for i, m in enumerate(
        ("January", "February", "March", "April", "May", "June", "July", "August", "September",
         "October", "November", "December"), start=1)},
    "Sept": 9,
    "Feburuary": 2,
}

#: ISO codes of the currencies MOF names in its pair column.
CURRENCIES = {
    "Japanese yen": "JPY", "US dollar": "USD", "euro": "EUR", "Deutsche Mark": "DEM",
    "Indonesian rupiah": "IDR",
}
#: Market quoting order: the earlier code is the base of the pair (USD/JPY, EUR/JPY, USD/IDR).
QUOTE_ORDER = ("EUR", "USD", "DEM", "IDR", "JPY")
PAIR_TEXT = re.compile(r"^the (?P<sold>.+?) \(sold\) the (?P<bought>.+?) \(bought\)$")

#: historical.csv column positions (0-based) → series id, and the number of columns we read.
RESERVES_COLUMNS = {
    4: "total",
    5: "foreign_currency_reserves",
    6: "securities",
    8: "deposits",
    14: "imf_reserve_position",
    15: "sdrs",
    16: "gold",
    17: "gold_volume_moz",
    18: "other_reserve_assets",
}
GOLD_VOLUME_COLUMN = 17  # already in million fine troy ounces, not US$ millions
#: English headings that pin the column positions above; if they move, the layout changed.
RESERVES_HEADINGS = {
    5: "(1) Foreign currency reserves",
    14: "(2) IMF reserve position",
    15: "(3) SDRs",
    16: "(4) Gold",
    18: "(5) other reserve assets",
}


def era_year(cell: str) -> int | None:
    """'令和6年' → 2024, '平成元年' → 1989; anything else → None."""
    match = ERA_YEAR.match(cell.strip())
    if not match:
        return None
    n = 1 if match[2] == "元" else int(match[2])
    return ERAS[match[1]] + n


def _rows(raw: bytes, what: str) -> list[list[str]]:
    text = decode(raw, ENCODING, what)
    try:
        return list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as exc:
        raise ParseError(f"{what} as comma-separated rows", str(exc)) from None


def _pair(text: str) -> tuple[str, str, str]:
    """'the US dollar (sold) the Japanese yen (bought)' → ('USD/JPY', 'USD', 'JPY')."""
    match = PAIR_TEXT.match(" ".join(text.split()))
    if not match or match["sold"] not in CURRENCIES or match["bought"] not in CURRENCIES:
        raise ParseError("a pair like 'the US dollar (sold) the Japanese yen (bought)'", text)
    sold, bought = CURRENCIES[match["sold"]], CURRENCIES[match["bought"]]
    base, quote = sorted((sold, bought), key=QUOTE_ORDER.index)
    return f"{base}/{quote}", sold, bought


def _direction(sold: str, bought: str) -> str:
    if bought == "JPY":
        return "yen bought"
    if sold == "JPY":
        return "yen sold"
    return f"{bought} bought"


@reader
def parse_interventions(raw: bytes) -> pd.DataFrame:
    """Intervention operations → tidy frame: one row per day and pair, JPY billions.

    Extra columns: ``direction`` ('yen bought' / 'yen sold'; for pairs without the yen,
    '<ISO> bought'), ``sold`` and ``bought`` (ISO codes).
    """
    rows = _rows(raw, "MOF interventions CSV")
    if len(rows) < 4 or not any("Intervention Date" in c for c in rows[1]):
        raise ParseError("MOF's header with 'Intervention Date' on line 2", rows[:3])
    year = month = None
    records: list[dict[str, object]] = []
    subtotals: list[tuple[str, float | None, int]] = []
    for line_no, row in enumerate(rows[3:], start=4):
        cells = [c.strip() for c in row] + [""] * (9 - len(row))
        if not any(cells):
            continue
        if SUBTOTAL_MARK in cells[0]:
            subtotals.append((cells[3], parse_number(cells[6]), line_no))
            continue
        if cells[0].startswith(NOTE_MARK) or cells[3].startswith("(Note"):
            continue
        year = _year(cells[0], cells[3], year, f"line {line_no}")
        if cells[4]:
            if cells[4] not in MONTH_NAMES:
                raise ParseError("an English month name in column 5", f"line {line_no}: {cells[4]}")
            month = MONTH_NAMES[cells[4]]
        if year is None or month is None or not cells[5].isdigit():
            raise ParseError("an operation row: year, month and day carried down", f"line {line_no}: {row}")
        amount = parse_number(cells[6])
        if amount is None:
            raise ParseError("an amount in 100 million yen", f"line {line_no}: {row}")
        try:
            pair, sold, bought = _pair(cells[8])
        except ParseError as exc:
            raise ParseError(exc.expected, f"line {line_no}: {exc.found!r}") from None
        records.append({
            "date": pd.Timestamp(year=year, month=month, day=int(cells[5])),
            "series": pair,
            "value": amount / OKU_YEN_PER_BILLION,
            "direction": _direction(sold, bought),
            "sold": sold,
            "bought": bought,
        })
    if not records:
        raise ParseError("intervention rows", "none")
    frame = tidy(records, {"direction": "str", "sold": "str", "bought": "str"})
    _check_subtotals(frame, subtotals)
    return frame


def _check_subtotals(frame: pd.DataFrame, subtotals: list[tuple[str, float | None, int]]) -> None:
    """Each '…期計' row must equal the operations of its quarter: a dropped or mangled row shows."""
    for label, total, line_no in subtotals:
        match = QUARTER_LABEL.match(label)
        if not match or total is None:
            raise ParseError("a quarter total like 'April - June 2024' with an amount", f"line {line_no}: {label}")
        end = month_end(int(match[3]), MONTH_NAMES[match[2]])
        start = end - pd.offsets.MonthBegin(3)
        in_quarter = frame.loc[frame["date"].between(start, end), "value"].sum() * OKU_YEN_PER_BILLION
        if abs(in_quarter - total) > 0.5:
            raise ParseError(f"operations adding up to the {label} total of {total:,.0f} 億円",
                             f"{in_quarter:,.0f} 億円 (line {line_no})")


@reader
def parse_reserves(raw: bytes) -> pd.DataFrame:
    """Official reserve assets (historical.csv) → tidy frame, month-end dates.

    Values in US$ billions except ``gold_volume_moz`` (million fine troy ounces).
    """
    rows = _rows(raw, "MOF reserves CSV")
    _check_headings(rows)
    year = None
    records = []
    started = False
    for line_no, row in enumerate(rows, start=1):
        cells = [c.strip() for c in row]
        if len(cells) < 19:
            if started and any(cells):
                raise ParseError("19 columns per data row", f"line {line_no}: {len(cells)} columns")
            continue
        if not started:
            # The header is 19 lines in the current file; find the first data row rather than
            # trusting the count: a data row has an English month and a number in the total column.
            if cells[3] not in MONTH_NAMES or parse_number_or_none(cells[4]) is None:
                continue
            started = True
        if not any(cells):
            continue
        year = _year(cells[0], cells[2], year, f"line {line_no}")
        if cells[3] not in MONTH_NAMES:
            raise ParseError("an English month name in column 4", f"line {line_no}: {cells[3]!r}")
        if year is None:
            raise ParseError("a year (era or Gregorian) before the first month", f"line {line_no}")
        date = month_end(year, MONTH_NAMES[cells[3]])
        for col, series in RESERVES_COLUMNS.items():
            value = parse_number(cells[col])
            if value is None:
                continue
            if col != GOLD_VOLUME_COLUMN:
                value /= USD_MILLIONS_PER_BILLION
            records.append({"date": date, "series": series, "value": value})
    if not records:
        raise ParseError("monthly rows after MOF's 19-line header", rows[:3])
    _check_months_increase([r["date"] for r in records])
    return tidy(records)


def _check_headings(rows: list[list[str]]) -> None:
    for row in rows[:40]:
        cells = [c.strip() for c in row]
        if "(4) Gold" in cells or "(1) Foreign currency reserves" in cells:
            misplaced = {i: h for i, h in RESERVES_HEADINGS.items() if i >= len(cells) or cells[i] != h}
            if misplaced:
                expected = ", ".join(f"{i}={h!r}" for i, h in RESERVES_HEADINGS.items())
                raise ParseError(f"MOF's headings at columns {expected}", [c for c in cells if c])
            return
    raise ParseError("MOF's bilingual header with '(1) Foreign currency reserves' … '(4) Gold'", rows[:3])


def parse_number_or_none(cell: str) -> float | None:
    try:
        return parse_number(cell)
    except ParseError:
        return None


def _check_months_increase(dates: list[pd.Timestamp]) -> None:
    """A year carried down wrongly shows up as months going backwards in file order."""
    months = list(dict.fromkeys(dates))
    for before, after in itertools.pairwise(months):
        if after <= before:
            raise ParseError("months in increasing order", f"{after.date()} after {before.date()}")


def _year(era_cell: str, year_cell: str, carried: int | None, where: str) -> int | None:
    """The row's year: its era year or Gregorian year (which must agree), else the carried one."""
    era = era_year(era_cell)
    gregorian = int(year_cell) if year_cell.isdigit() else None
    if era and gregorian and era != gregorian:
        raise ParseError("the era year and the Gregorian year to agree", f"{where}: {era_cell} vs {year_cell}")
    return era or gregorian or carried
