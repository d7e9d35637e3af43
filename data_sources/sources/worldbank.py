"""World Bank Commodity Price Data (the "Pink Sheet"): monthly gold price.

Publisher: World Bank, Prospects Group. Licence CC BY 4.0; attribution "World Bank (CC BY 4.0)".

URL: ``CMO-Historical-Data-Monthly.xlsx`` under ``thedocs.worldbank.org/en/doc/<id>/related/``;
the ``<id>`` part changes with each year's release, so the configured URL can go stale. When it
does, the current link is found on the commodity-markets page (``COMMODITY_PAGE_URL``).
Layout: sheet ``Monthly Prices``; a title block, then a header row of commodity names (row 5 in
the 2026 file) over a units row (``($/troy oz)``); then one row per month, dated ``1960M01`` in the
first column. ``…`` marks a missing price. Gold is the monthly average, US dollars per troy ounce,
dated here on the first of the month like FRED's monthly averages. Updated early each month.

Definition: the sheet ``Description`` describes each series in one cell. Gold's has read, since the
June 2025 edition, "Gold, spot average of daily rates, from June 2025; previously (UK), 99.5% fine,
London afternoon fixing, average of daily rates": one series, two definitions. The reader takes the
change from that cell (``GOLD_DEFINITION``) into ``frame.attrs`` (see ``parse_pink_sheet``); a workbook
whose notes say nothing about gold, or say it in other words, is read all the same, with no change
recorded (or the wording kept as a plain note).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pandas as pd

from ..errors import ParseError
from ._common import conform, open_workbook, reader, reading

if TYPE_CHECKING:
    from openpyxl import Workbook

URL = (
    "https://thedocs.worldbank.org/en/doc/74e8be41ceb20fa0da750cda2f6b9e4e-0050012026/related/"
    "CMO-Historical-Data-Monthly.xlsx"
)
COMMODITY_PAGE_URL = "https://www.worldbank.org/en/research/commodity-markets"
SHEET = "Monthly Prices"
COLUMN = "Gold"
UNIT = "($/troy oz)"
HEADER_SEARCH_ROWS = 20  # the header has moved between releases; look for it near the top
PERIOD = re.compile(r"^(\d{4})M(\d{2})$")
MISSING = ("…", "...", "", None)
#: The sheet of series descriptions, and the cell that describes gold (it starts "Gold,").
NOTES_SHEET = "Description"
GOLD_NOTE = re.compile(r"^\s*Gold\b")
#: A change of definition in that cell: "Gold, <new basis>, from <Month YYYY>; previously <old>".
GOLD_DEFINITION = re.compile(
    r"^\s*Gold\s*,\s*(?P<now>.+?)\s*,\s*from\s+(?P<month>[A-Z][a-z]+)\s+(?P<year>\d{4})\s*;"
    r"\s*previously\s*,?\s*(?P<before>.+?)\s*\.?\s*$"
)
#: Which part of the old definition names its price basis ("London afternoon fixing"), for a
#: short note; without one, the whole old wording is quoted.
PRICE_BASIS = re.compile(r"[^,;]*\bfixing\b[^,;]*", re.IGNORECASE)
NOTES_SEARCH_ROWS = 600  # the 2026 sheet has ~400 rows; a description sheet past this is not one
SERIES = "GOLD"
LINK = re.compile(r"""href=["']([^"']*CMO-Historical-Data-Monthly\.xlsx)["']""", re.IGNORECASE)


@reader
def parse_pink_sheet(raw: bytes) -> pd.DataFrame:
    """The Pink Sheet workbook → tidy frame with series ``GOLD`` in US$ per troy ounce."""
    with reading(open_workbook(raw)) as book:
        if SHEET not in book.sheetnames:
            raise ParseError(f"a sheet named '{SHEET}'", book.sheetnames)
        rows = book[SHEET].iter_rows(values_only=True)
        column = None
        for i, row in enumerate(rows):
            if COLUMN in row:
                column = row.index(COLUMN)
                units = next(rows)
                if units[column] != UNIT:
                    raise ParseError(f"the unit {UNIT} under '{COLUMN}'", units[column])
                break
            if i >= HEADER_SEARCH_ROWS:
                break
        if column is None:
            raise ParseError(f"a header row with '{COLUMN}' in the first {HEADER_SEARCH_ROWS} rows", SHEET)
        dates, values = [], []
        for row in rows:
            label = row[0]
            if label is None:
                continue
            match = PERIOD.match(str(label).strip())
            if not match:
                raise ParseError("month labels like 1960M01 in the first column", label)
            cell = row[column]
            if cell in MISSING:
                continue
            if not isinstance(cell, (int, float)):
                raise ParseError("a numeric gold price", cell)
            dates.append(pd.Timestamp(year=int(match[1]), month=int(match[2]), day=1))
            values.append(float(cell))
        wording = gold_note(book)
    if not values:
        raise ParseError("monthly gold prices", "none")
    frame = conform(pd.DataFrame({"date": pd.to_datetime(dates), "series": SERIES, "value": values}))
    frame.attrs.update(definition_notes(wording))
    return frame


def gold_note(book: Workbook) -> str | None:
    """The text of the Description sheet's gold cell, or None when the workbook has none."""
    if NOTES_SHEET not in book.sheetnames:
        return None
    rows = book[NOTES_SHEET].iter_rows(max_row=NOTES_SEARCH_ROWS, values_only=True)
    for row in rows:
        for cell in row:
            if isinstance(cell, str) and GOLD_NOTE.match(cell):
                return " ".join(cell.split())
    return None


def definition_notes(wording: str | None) -> dict[str, object]:
    """What the Pink Sheet's own note on gold says, as provenance notes (`frame.attrs`):

    - ``series_notes``: ``{"GOLD": ["Gold: London afternoon fixing until May 2025; spot average of
      daily rates from June 2025 (World Bank Pink Sheet notes)."]}``;
    - ``definition_changes``: ``[{"series": "GOLD", "date": "2025-06-30", "month": "2025-06", "basis":
      "spot average of daily rates", "previous": "London afternoon fixing", "note": …, "wording": …}]``.
      ``date`` is the change month's last day, as the project dates monthly stocks; this frame dates
      a month's average on its first day, so the first price on the new definition is the one dated
      on ``month``'s first day.

    No note: nothing. A note that names no change: that wording as the series note, and no change."""
    if not wording:
        return {}
    change = GOLD_DEFINITION.match(wording)
    if change is None:
        return {"series_notes": {SERIES: [f"Gold: {wording.removeprefix('Gold').lstrip(' ,')} "
                                          "(World Bank Pink Sheet notes)."]}}
    try:
        start = pd.Timestamp(f"{change['month']} 1, {change['year']}")
    except ValueError:  # not a month name: keep what it says rather than guess a date
        return {"series_notes": {SERIES: [f"{wording} (World Bank Pink Sheet notes)."]}}
    before = PRICE_BASIS.search(change["before"])
    old = before[0].strip() if before else change["before"]
    previous = start - pd.DateOffset(months=1)
    note = (f"Gold: {old} until {previous:%B %Y}; {change['now']} from {start:%B %Y} "
            "(World Bank Pink Sheet notes).")
    return {
        "series_notes": {SERIES: [note]},
        "definition_changes": [{"series": SERIES, "date": f"{start + pd.offsets.MonthEnd(0):%Y-%m-%d}",
                                "month": f"{start:%Y-%m}", "basis": change["now"], "previous": old, "note": note,
                                "wording": wording}],
    }


def find_workbook_link(page: bytes, base_url: str = COMMODITY_PAGE_URL) -> str | None:
    """The monthly workbook's URL from the commodity-markets page, or None."""
    from urllib.parse import urljoin

    match = LINK.search(page.decode("utf-8", errors="replace"))
    return urljoin(base_url, match[1]) if match else None
