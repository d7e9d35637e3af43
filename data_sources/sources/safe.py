"""SAFE (China): official reserve assets, month-end, from the yearly "Official Reserve Assets" files.

Publisher: State Administration of Foreign Exchange (SAFE), People's Republic of China;
attribution "Source: State Administration of Foreign Exchange (SAFE), China".

URLs: one workbook per year, "Official Reserve Assets (YYYY)", linked from that year's page on
SAFE's English site (``YEAR_PAGES``; index ``INDEX_PAGE``). Each file's URL is new
(``/en/file/file/<YYYYMMDD>/<hex>.xlsx``), and the current year's file is replaced as months are
added, so its configured URL goes stale: when it fails, the current link is looked for on that
year's page (``find_workbook_link``); a page without one fails, naming the page. The configured URLs
are the ones recorded on 2026-07-02 (the mirror's).

Layout (2021-2026 files alike): sheet ``Sheet1``; a bilingual title; a header row ``项目 Item`` with
one pair of columns per month, labelled ``2026.01`` (a number, except October, which is the text
``2026.10`` so as not to read as 2026.1), over two unit rows (``亿美元`` / ``亿SDR``, then ``100million
USD`` / ``100million SDR``). Then a Chinese label row per item with the figures (``1. 外汇储备``),
its English label on the row below (``Foreign currency reserves``): foreign currency reserves, IMF
reserve position, SDRs, gold, other reserve assets, total (``合计``). The USD column of each pair is
read; the SDR column is not. Numbers are text with a trailing non-breaking space (``'32106.71\\xa0'``);
two cells of the 2025 file keep Excel's text prefix as a character (``"'-3.00"``, 2025.05 other assets).
Gold's volume is its own unlabelled row under gold's English label, as text ``7419万盎司`` (万盎司 =
10,000 fine troy ounces). A month the file has not reached yet is empty; so is December in the 2024
file, as published: an empty cell is no observation (no row), never 0.

Units: 亿美元 = USD 100 million → USD bn (/10). Gold volume in million fine troy ounces (万盎司/100)
and tonnes (ounces / 32,150.7466). Dates: month-end (the stock at the month's last day), as the
project dates monthly stocks. Cadence: monthly, on the 7th or so, for the month before.

Several years → one dataset (``combine``): each file gives its own year; where two files give the
same month, the later year's file wins (a revision published with the next year's file).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import pandas as pd

from ..errors import CombineError, ParseError
from ._common import conform, month_end, open_workbook, reader, reading

INDEX_PAGE = "https://www.safe.gov.cn/en/ForexReserves/index.html"
#: Each year's English page, which links that year's file (as recorded on 2026-07-02).
YEAR_PAGES: Mapping[int, str] = {
    2021: "https://www.safe.gov.cn/en/2021/0203/1798.html",
    2022: "https://www.safe.gov.cn/en/2021/0203/2113.html",
    2023: "https://www.safe.gov.cn/en/2021/0203/2174.html",
    2024: "https://www.safe.gov.cn/en/2021/0203/2280.html",
    2025: "https://www.safe.gov.cn/en/2021/0203/2386.html",
    2026: "https://www.safe.gov.cn/en/2021/0203/2045.html",
}
#: Each year's file as published (the mirror's urls.tsv); the current year's is replaced monthly.
FILE_URLS: Mapping[int, str] = {
    2021: "https://www.safe.gov.cn/en/file/file/20220128/b62ccc0d28dc401ba16712f592ecd2a0.xlsx",
    2022: "https://www.safe.gov.cn/en/file/file/20230131/99ae51feb9114aad94ef12715ab95cda.xlsx",
    2023: "https://www.safe.gov.cn/en/file/file/20240124/612f20d0024b41ec9d8ece9250b922cf.xlsx",
    2024: "https://www.safe.gov.cn/en/file/file/20250107/cccae56ba9204e43821b62c8441bbea8.xlsx",
    2025: "https://www.safe.gov.cn/en/file/file/20260207/532af9a5edf040fb95117264b66a748c.xlsx",
    2026: "https://www.safe.gov.cn/en/file/file/20260607/2990f3246e4746ffb39dbc70d1b390f8.xlsx",
}
URL_ENV = "DOLLAR_TIDE_SAFE_RESERVES_URL"  # overrides the newest year's file URL
SHEET = "Sheet1"
HEADER = "Item"  # the header row's first cell reads '项目  Item'
UNIT_USD, UNIT_SDR = "亿美元", "亿SDR"
USD_PER_UNIT_BN = 0.1  # 亿美元 = USD 100 million = USD 0.1 bn
OUNCES_PER_TONNE = 32_150.7466
NBSP = "\xa0"
#: The 2025 file has two cells typed with Excel's text prefix kept as a character: "'-3.00" (2025.05).
TEXT_PREFIX = "'"
MONTH_LABEL = re.compile(r"^(\d{4})\.(\d{1,2})$")
#: The Chinese label that starts each item's figures row → series id.
ITEMS: Mapping[str, str] = {
    "外汇储备": "foreign_currency_reserves",
    "基金组织储备头寸": "imf_reserve_position",
    "特别提款权": "sdrs",
    "黄金": "gold",
    "其他储备资产": "other_reserve_assets",
    "合计": "total",
}
GOLD_VOLUME = re.compile(r"^\s*([\d.,]+)\s*万盎司\s*$")  # '7419万盎司' = 74.19 million fine troy oz
WAN = 10_000
VOLUME_MOZ, VOLUME_TONNES = "gold_volume_moz", "gold_volume_tonnes"
SEARCH_ROWS = 40
COMPONENTS = ("foreign_currency_reserves", "imf_reserve_position", "sdrs", "gold", "other_reserve_assets")
SUM_TOLERANCE = 0.01  # USD bn: six figures rounded to 0.01 亿 (USD 1 million) each
LINK = re.compile(r"""href\s*=\s*["']([^"']*/file/file/(\d{8})/[0-9A-Za-z]+\.xlsx)["']""", re.IGNORECASE)


def _label(cell: object) -> str:
    """'1.\\xa0\\xa0外汇储备\\xa0' → '外汇储备'."""
    text = str(cell or "").replace(NBSP, " ").strip()
    return re.sub(r"^\d+\.\s*", "", text).strip()


def _month(cell: object) -> tuple[int, int] | None:
    """A month label: 2021.01 (a number), '2021.10' (text) → (2021, 1), (2021, 10); else None."""
    if isinstance(cell, bool) or cell is None:
        return None
    text = f"{cell:.2f}" if isinstance(cell, (int, float)) else str(cell).replace(NBSP, " ").strip()
    match = MONTH_LABEL.match(text)
    if not match or not 1 <= int(match[2]) <= 12:
        return None
    return int(match[1]), int(match[2])


def _number(cell: object, where: str) -> float | None:
    """'32106.71\\xa0' → 32106.71; empty → None; anything else → ParseError."""
    if cell is None:
        return None
    if isinstance(cell, (int, float)) and not isinstance(cell, bool):
        return float(cell)
    text = str(cell).replace(NBSP, "").replace(",", "").strip().removeprefix(TEXT_PREFIX)
    if text == "":
        return None
    try:
        return float(text)
    except ValueError:
        raise ParseError(f"a number in 亿美元 ({where})", cell) from None


@reader
def parse_reserves(raw: bytes) -> pd.DataFrame:
    """One year's "Official Reserve Assets" workbook → tidy frame (USD bn; gold volume in million
    troy oz and tonnes), month-end dates, months with no figure left out."""
    with reading(open_workbook(raw)) as book:
        if SHEET not in book.sheetnames:
            raise ParseError(f"a sheet named '{SHEET}'", book.sheetnames)
        rows = [list(r) for r in book[SHEET].iter_rows(max_row=SEARCH_ROWS, values_only=True)]
    return _read_rows(rows)


def _read_rows(rows: list[list[Any]]) -> pd.DataFrame:
    at = next((i for i, r in enumerate(rows) if r and HEADER in _label(r[0])), None)
    if at is None:
        first = _label(rows[0][0]) if rows and rows[0] else ""
        raise ParseError(f"a header row '项目 Item' in the first {SEARCH_ROWS} rows", first)
    header, units = rows[at], rows[at + 1] if at + 1 < len(rows) else []
    months: dict[int, tuple[int, int]] = {}
    for col, cell in enumerate(header):
        month = _month(cell)
        if month is None:
            continue
        unit = _label(units[col]) if col < len(units) else ""
        if unit != UNIT_USD:
            raise ParseError(f"the unit {UNIT_USD} (USD 100 million) under {month[0]}.{month[1]:02d}", unit)
        months[col] = month
    if not months:
        raise ParseError("month columns labelled like 2026.01", [c for c in header if c is not None][:6])
    if len(set(months.values())) != len(months):
        raise ParseError("each month once in the header", sorted(months.values()))
    records: list[dict[str, object]] = []
    seen: set[str] = set()
    for i in range(at + 2, len(rows)):
        row = rows[i]
        series = ITEMS.get(_label(row[0]) if row else "")
        if series is None:
            continue
        if series in seen:
            raise ParseError("each item once", _label(row[0]))
        seen.add(series)
        for col, (year, month) in months.items():
            value = _number(row[col] if col < len(row) else None, f"{_label(row[0])} {year}.{month:02d}")
            if value is not None:
                records.append({"date": month_end(year, month), "series": series, "value": value * USD_PER_UNIT_BN})
        if series == "gold":
            records += _gold_volume(rows, i, months)
    missing = [s for s in ITEMS.values() if s not in seen]
    if missing:
        raise ParseError(f"rows {', '.join(ITEMS)}", f"none for {', '.join(missing)}")
    if not any(r["series"] == "total" for r in records):
        raise ParseError("at least one month with figures", "none")
    return conform(pd.DataFrame.from_records(records, columns=["date", "series", "value"]))


def _gold_volume(rows: list[list[Any]], gold_at: int, months: Mapping[int, tuple[int, int]]) -> list[dict[str, object]]:
    """The volume row: the first row below gold's with '…万盎司' in a month's USD column."""
    for row in rows[gold_at + 1:gold_at + 4]:
        cells = {col: row[col] for col in months if col < len(row) and row[col] not in (None, "")}
        if not cells or not any("万盎司" in str(c) for c in cells.values()):
            continue
        out: list[dict[str, object]] = []
        for col, cell in cells.items():
            match = GOLD_VOLUME.match(str(cell).replace(NBSP, " "))
            year, month = months[col]
            if not match:
                raise ParseError(f"gold's volume like 7419万盎司 ({year}.{month:02d})", cell)
            ounces = float(match[1].replace(",", "")) * WAN
            out += [{"date": month_end(year, month), "series": VOLUME_MOZ, "value": ounces / 1e6},
                    {"date": month_end(year, month), "series": VOLUME_TONNES, "value": ounces / OUNCES_PER_TONNE}]
        return out
    raise ParseError("gold's volume row (…万盎司) under gold", "none")


def combine(parts: Mapping[str, pd.DataFrame | None]) -> pd.DataFrame:
    """The yearly files as one frame; where two give the same month, the later year's file wins.

    `parts` maps resource keys ('2021' … '2026') to their frames. A file whose months all lie
    outside its own year is a mix-up of URLs (a CombineError naming it)."""
    frames = []
    for key, frame in sorted(parts.items(), key=lambda kv: kv[0]):
        if frame is None:
            continue
        years = set(frame["date"].dt.year)
        if key.isdigit() and int(key) not in years:
            raise CombineError(key, f"figures for {key}", f"only {', '.join(map(str, sorted(years)))}")
        frames.append(frame)
    both = pd.concat(frames, ignore_index=True)
    newest = conform(both.drop_duplicates(["date", "series"], keep="last"))  # parts were added oldest year first
    newest.attrs = gap_notes(newest)
    return newest


def gap_notes(frame: pd.DataFrame) -> dict[str, object]:
    """Months inside the span with no figures (December 2024: the 2024 file leaves it empty), as
    provenance notes: ``gaps`` (['2024-12']) and a note on every series. Never filled in."""
    span = pd.date_range(frame["date"].min(), frame["date"].max(), freq="ME")
    missing = [f"{d:%Y-%m}" for d in span.difference(pd.DatetimeIndex(frame["date"].unique()))]
    if not missing:
        return {}
    note = (f"No figures for {', '.join(missing)}: SAFE's English yearly file leaves "
            f"{'that month' if len(missing) == 1 else 'those months'} empty, as published; a gap, not zero.")
    return {"gaps": missing, "series_notes": {s: [note] for s in sorted(frame["series"].unique())}}


def sum_problem(frame: pd.DataFrame) -> tuple[str, str, pd.DataFrame] | None:
    """(expected, found, rows) for a month whose components do not add up to the total; else None."""
    wide = frame[frame["series"].isin([*COMPONENTS, "total"])].pivot_table(
        index="date", columns="series", values="value", aggfunc="first")
    if "total" not in wide or not set(COMPONENTS) <= set(wide.columns):
        return None
    wide = wide.dropna()
    gap = (wide[list(COMPONENTS)].sum(axis=1) - wide["total"]).abs()
    off = gap[gap > SUM_TOLERANCE + 1e-9]
    if off.empty:
        return None
    date = off.index[0]
    return (f"the five components adding up to the total (± USD {SUM_TOLERANCE} bn) each month",
            f"{off.iloc[0]:.2f} bn apart at {date:%Y-%m-%d} ({len(off)} months)", frame[frame["date"] == date])


def find_workbook_link(page: bytes, base_url: str = INDEX_PAGE) -> str | None:
    """The year's workbook on its SAFE page (the newest-dated one if several), or None."""
    from urllib.parse import urljoin

    links = LINK.findall(page.decode("utf-8", errors="replace"))
    if not links:
        return None
    href, _ = max(links, key=lambda link: link[1])
    return urljoin(base_url, href)
