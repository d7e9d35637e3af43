"""World Bank Commodity Price Data (the "Pink Sheet"): monthly gold price.

Publisher: World Bank, Prospects Group. Licence CC BY 4.0; attribution "World Bank (CC BY 4.0)".

URL: ``CMO-Historical-Data-Monthly.xlsx`` under ``thedocs.worldbank.org/en/doc/<id>/related/``;
the ``<id>`` part changes with each year's release, so the configured URL can go stale. When it
does, the current link is found on the commodity-markets page (``COMMODITY_PAGE_URL``).
Layout: sheet ``Monthly Prices``; a title block, then a header row of commodity names (row 5 in
the 2026 file) over a units row (``($/troy oz)``); then one row per month, dated ``1960M01`` in the
first column. ``…`` marks a missing price. Gold is the monthly average, US dollars per troy ounce,
dated here on the first of the month like FRED's monthly averages. Updated early each month.
"""

from __future__ import annotations

import io
import re
import zipfile

import pandas as pd

from ..errors import ParseError
from ._common import conform, reader

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
LINK = re.compile(r"""href=["']([^"']*CMO-Historical-Data-Monthly\.xlsx)["']""", re.IGNORECASE)


@reader
def parse_pink_sheet(raw: bytes) -> pd.DataFrame:
    """The Pink Sheet workbook → tidy frame with series ``GOLD`` in US$ per troy ounce."""
    import openpyxl  # imported here: only the refresh path reads workbooks

    if not zipfile.is_zipfile(io.BytesIO(raw)):
        raise ParseError("an .xlsx workbook (a complete zip archive)",
                         f"{len(raw):,} bytes that are not one (starts {raw[:8]!r}; cut short?)")
    try:
        book = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except Exception as exc:  # zipfile, zlib, XML and openpyxl's own errors alike
        raise ParseError("a readable .xlsx workbook", f"{type(exc).__name__}: {exc}") from None
    try:
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
    except ParseError:
        raise
    except Exception as exc:  # a damaged archive fails lazily, inside openpyxl, zipfile or zlib
        raise ParseError("a readable .xlsx workbook", f"{type(exc).__name__}: {exc}") from None
    finally:
        book.close()
    if not values:
        raise ParseError("monthly gold prices", "none")
    frame = pd.DataFrame({"date": pd.to_datetime(dates), "series": "GOLD", "value": values})
    return conform(frame)


def find_workbook_link(page: bytes, base_url: str = COMMODITY_PAGE_URL) -> str | None:
    """The monthly workbook's URL from the commodity-markets page, or None."""
    from urllib.parse import urljoin

    match = LINK.search(page.decode("utf-8", errors="replace"))
    return urljoin(base_url, match[1]) if match else None
