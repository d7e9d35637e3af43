"""US Treasury TIC: major foreign holders of Treasury securities.

Publisher: U.S. Department of the Treasury / Federal Reserve Board, Treasury International
Capital (TIC) system. Public domain (US government work); attribution "Source: U.S. Department of
the Treasury (TIC)".

Files (plain text, tab-separated, CRLF, ASCII):

* ``slt_table5.txt`` - Table 5, the latest 13 months of the ~20 major holders plus aggregates,
  newest month first, header ``Country<TAB>2026-04<TAB>2026-03…``, billions of dollars.
* ``mfhhis01.txt`` - the historical table from 2000-03 to last December in year blocks, newest
  year first. Each block has a month row (``Dec Nov … Jan``) over a ``Country 2025 2025 …`` row.
  Around each annual benchmark the same month appears twice (a *series break*): the left column is
  the new series, the right one the old series "shown for comparison only". Blocks list different
  countries; a country absent from a block is missing, not zero. ``n.a.`` marks a missing value.
  Names may be quoted (``"China, Mainland"``), carry footnote markers (``United Kingdom 2/``) and
  trailing spaces (``"Korea, South "``). The old fixed-width ``mfh.txt`` says ``Korea``.
* ``slt_table3.txt`` - Table 3, every country since 2020 in long format, **millions** of dollars.

Release cadence: monthly, around the 18th, for the month two months earlier; mfhhis01 is revised
each year (its footer lists ``(2024 revised January 15, 2026)`` lines), so past months change.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator

import pandas as pd

from ..errors import CombineError, ParseError
from ._common import conform, decode, month_end, month_shift, parse_number, reader, tidy

BASE_URL = "https://ticdata.treasury.gov/resource-center/data-chart-center/tic/Documents/"
TABLE5_URL = BASE_URL + "slt_table5.txt"
MFHHIS01_URL = BASE_URL + "mfhhis01.txt"
TABLE3_URL = BASE_URL + "slt_table3.txt"

ENCODING = "cp1252"
MISSING = ("n.a.", "*")  # "*" is TIC's "less than $50 million": too small to show, not zero
TABLE3_MILLIONS_PER_UNIT = 1000.0  # Table 3 is in millions; the dataset is in billions
TABLE3_VALUE_COLUMN = "for_treas_pos"  # total (bills + bonds & notes) holdings

FOOTNOTE_MARKER = re.compile(r"\s+\d+/$")  # "United Kingdom 2/", "Belgium  5/"
MONTHS = {m: i for i, m in enumerate(
    ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"), start=1)}
TABLE5_PERIOD = re.compile(r"^(\d{4})-(\d{2})$")
REVISION_NOTE = re.compile(r"\((\d{4}) revised ([A-Z][a-z]+ \d{1,2}, \d{4})\)")

#: Other spellings of the same holder across files and years → the Table 5 spelling.
ALIASES = {
    "Korea": "Korea, South",
    "For. Official": "Foreign Official",
    "Of Which: Foreign Official": "Foreign Official",
    "Of Which: Foreign Official Treasury Bills": "Treasury Bills",
    "Of Which: Foreign Official T-Bonds & Notes": "T-Bonds & Notes",
}
#: Table 5 / mfhhis01 rows that sum or split other rows rather than name one holder.
AGGREGATES = frozenset({
    "Grand Total", "Foreign Official", "Treasury Bills", "T-Bonds & Notes", "All Other",
    "Oil Exporters", "Carib Bnkng Ctrs",
})
#: Table 3's regional and memo rows: "Total Asia", "Memo: Euro Area", "Of Which: …", "All Countries".
TABLE3_AGGREGATE = re.compile(r"^(Total |Memo: |Of Which: |All Countries|Grand Total|International$)")
#: Where Table 5 and mfhhis01 cover the same months, a row whose figures differ by more than this
#: (median, relative) is defined differently in the two tables: "All Other" is 651 in mfhhis01 and
#: 1,754.6 in Table 5 for 2025-04. The stitch is then a series break, not a movement.
DEFINITION_BREAK = 0.05
#: Before June 2002 the "Belgium" row held Belgium and Luxembourg together (mfhhis01 footnote 5).
BELGIUM_LUXEMBOURG_UNTIL = pd.Timestamp("2002-05-31")


def canonical_name(cell: str) -> str:
    """'"Korea, South "' → 'Korea, South'; 'United Kingdom 2/' → 'United Kingdom'."""
    name = cell.strip().strip('"').strip()
    name = FOOTNOTE_MARKER.sub("", name)
    name = " ".join(name.split())
    return ALIASES.get(name, name)


def is_aggregate(name: str) -> bool:
    return name in AGGREGATES or bool(TABLE3_AGGREGATE.match(name))


def _cells(line: str) -> list[str]:
    """Tab-separated rows; the old fixed-width layout separates columns by runs of spaces."""
    if "\t" in line:
        return [c.strip() for c in line.rstrip("\r\n").split("\t")]
    return [c.strip() for c in re.split(r"\s{2,}", line.strip())]


def _lines(raw: bytes, what: str) -> list[list[str]]:
    return [_cells(line) for line in decode(raw, ENCODING, what).splitlines()]


def _record(date: pd.Timestamp, name: str, value: float) -> dict[str, object]:
    return {"date": date, "series": name, "value": value, "is_aggregate": is_aggregate(name)}


EXTRA = {"is_aggregate": "bool"}


@reader
def parse_table5(raw: bytes) -> pd.DataFrame:
    """Table 5 (`slt_table5.txt`) → tidy frame, billions of dollars, month-end dates."""
    rows = _lines(raw, "TIC Table 5 text")
    header_at = next((i for i, r in enumerate(rows) if r and r[0].lower() == "country"), None)
    if header_at is None:
        raise ParseError("a 'Country<TAB>YYYY-MM…' header row", rows[:6])
    dates = []
    for cell in rows[header_at][1:]:
        if not cell:
            continue
        match = TABLE5_PERIOD.match(cell)
        if not match:
            raise ParseError("YYYY-MM month columns in the header", rows[header_at])
        dates.append(month_end(int(match[1]), int(match[2])))
    records = []
    for row in rows[header_at + 1:]:
        if not any(row):
            break  # the notes follow the first blank row
        name = canonical_name(row[0])
        for date, cell in zip(dates, row[1:], strict=False):
            value = parse_number(cell, MISSING)
            if value is not None:
                records.append(_record(date, name, value))
    frame = tidy(records, EXTRA)
    _require(frame, ("Japan", "Grand Total"), "TIC Table 5")
    return frame


def _blocks(rows: list[list[str]]) -> Iterator[tuple[list[pd.Timestamp | None], list[list[str]]]]:
    """mfhhis01 year blocks: (the date of each value column, the block's data rows)."""
    i = 0
    while i < len(rows):
        months = [c for c in rows[i] if c]
        if len(months) >= 2 and all(c in MONTHS for c in months) and i + 1 < len(rows):
            years = rows[i + 1]
            if not years or years[0].lower() != "country":
                raise ParseError("a 'Country' row of years under the month row", years)
            year_cells = [c for c in years[1:] if c]
            if len(year_cells) != len(months):
                raise ParseError(f"{len(months)} years under {len(months)} months", years)
            seen: set[pd.Timestamp] = set()
            dates: list[pd.Timestamp | None] = []
            for month, year in zip(months, year_cells, strict=True):
                if not year.isdigit():
                    raise ParseError("a four-digit year", year)
                date = month_end(int(year), MONTHS[month])
                # A series break repeats a month: the left column is the new series, keep it.
                dates.append(None if date in seen else date)
                seen.add(date)
            j = i + 2
            body = []
            while j < len(rows):
                cells = [c for c in rows[j] if c]
                if len(cells) >= 2 and all(c in MONTHS for c in cells):
                    break
                body.append(rows[j])
                j += 1
            yield dates, body
            i = j
        else:
            i += 1


@reader
def parse_mfhhis01(raw: bytes) -> pd.DataFrame:
    """The historical table (`mfhhis01.txt`, also the old fixed-width `mfh.txt`) → tidy frame.

    `frame.attrs["revisions"]` maps each year to the date TIC last revised it, from the footer.
    """
    rows = _lines(raw, "TIC mfhhis01 text")
    records = []
    for dates, body in _blocks(rows):
        for row in body:
            if not row or not row[0] or row[0].startswith("-"):
                continue
            values = row[1:]
            if not any(_looks_numeric(c) for c in values):
                continue  # notes, "Of which:", series-break labels
            name = canonical_name(row[0])
            for date, cell in zip(dates, values, strict=False):
                if date is None:
                    continue
                value = parse_number(cell, MISSING)
                if value is None:
                    continue
                holder = name
                if name == "Belgium" and date <= BELGIUM_LUXEMBOURG_UNTIL:
                    holder = "Belgium-Luxembourg"
                records.append(_record(date, holder, value))
    if not records:
        raise ParseError("year blocks with a month row over a 'Country' row of years", rows[:8])
    frame = tidy(records, EXTRA)
    if frame.duplicated(["date", "series"]).any():
        dupes = frame[frame.duplicated(["date", "series"], keep=False)].head(4)
        raise ParseError("one value per holder and month", dupes.to_dict("records"))
    _require(frame, ("Japan", "Grand Total"), "TIC mfhhis01")
    text = "\n".join("\t".join(r) for r in rows)
    frame.attrs["revisions"] = dict(REVISION_NOTE.findall(text))
    return frame


@reader
def parse_table3(raw: bytes) -> pd.DataFrame:
    """Table 3 (`slt_table3.txt`, long format, millions) → tidy frame in billions."""
    lines = decode(raw, ENCODING, "TIC Table 3 text").splitlines()
    header_at = next((i for i, line in enumerate(lines) if line.startswith("country\t")), None)
    if header_at is None:
        raise ParseError("a machine-name header row 'country<TAB>country_code<TAB>date…'", lines[:10])
    end = next((i for i in range(header_at + 1, len(lines)) if not lines[i].strip("\t\r ")), len(lines))
    header = lines[header_at].split("\t")
    if "date" not in header or TABLE3_VALUE_COLUMN not in header:
        raise ParseError(f"columns 'date' and '{TABLE3_VALUE_COLUMN}'", header)
    try:
        table = pd.read_csv(io.StringIO("\n".join(lines[header_at:end])), sep="\t", dtype="str",
                            usecols=["country", "date", TABLE3_VALUE_COLUMN], keep_default_na=False)
    except (ValueError, pd.errors.ParserError) as exc:
        raise ParseError(f"{len(header)} tab-separated columns", str(exc)) from None
    values = table[TABLE3_VALUE_COLUMN].str.strip()
    table = table[~values.isin(MISSING)]
    numbers = pd.to_numeric(values[table.index].str.replace(",", ""), errors="coerce")
    dates = pd.to_datetime(table["date"], format="%Y-%m", errors="coerce")
    bad = numbers.isna() | dates.isna()
    if bad.any():
        row = table[bad].iloc[0]
        raise ParseError("a YYYY-MM date and a number of millions", f"{row['date']} {row[TABLE3_VALUE_COLUMN]}")
    names = table["country"].map(canonical_name)
    frame = pd.DataFrame({"date": dates + pd.offsets.MonthEnd(0), "series": names,
                          "value": numbers / TABLE3_MILLIONS_PER_UNIT, "is_aggregate": names.map(is_aggregate)})
    frame = conform(frame, EXTRA)
    _require(frame, ("Japan",), "TIC Table 3")
    return frame


def stitch(table5: pd.DataFrame, mfhhis01: pd.DataFrame, table3: pd.DataFrame | None = None) -> pd.DataFrame:
    """One history per holder: Table 5 wins over mfhhis01 where both have a month; Table 3 only
    adds holders that neither of the other two lists (it is in millions and less rounded).

    `series_break` is True on the first Table 5 month of a holder that the two tables define
    differently. Table 5's month labels are checked against mfhhis01 where both cover a month."""
    shift = month_shift(table5, mfhhis01)
    if shift:
        moved = "later" if shift > 0 else "earlier"
        raise CombineError("slt_table5", "Table 5 to carry mfhhis01's figures under the same months",
                           f"mfhhis01's figures one month {moved} (Table 5's month labels shifted by one?)")
    parts = [table5, mfhhis01]
    if table3 is not None and not table3.empty:
        known = set(table5["series"]) | set(mfhhis01["series"])
        parts.append(table3[~table3["series"].isin(known)])
    frame = pd.concat(parts, ignore_index=True)
    frame = frame.drop_duplicates(["date", "series"], keep="first")
    frame["series_break"] = False
    for name, first in definition_breaks(table5, mfhhis01).items():
        frame.loc[(frame["series"] == name) & (frame["date"] == first), "series_break"] = True
    out = conform(frame, {**EXTRA, "series_break": "bool"})
    out.attrs["revisions"] = dict(mfhhis01.attrs.get("revisions", {}))
    return out


def definition_breaks(table5: pd.DataFrame, mfhhis01: pd.DataFrame) -> dict[str, pd.Timestamp]:
    """Holders whose Table 5 and mfhhis01 figures disagree on shared months → Table 5's first month."""
    keys = ["date", "series"]
    both = table5[[*keys, "value"]].merge(mfhhis01[[*keys, "value"]], on=keys, suffixes=("", "_hist"))
    both = both[both["value_hist"].abs() > 1e-9]
    gap = ((both["value"] - both["value_hist"]).abs() / both["value_hist"].abs()).groupby(both["series"]).median()
    firsts = table5.groupby("series")["date"].min()
    return {str(name): firsts[name] for name in gap[gap > DEFINITION_BREAK].index}


def _looks_numeric(cell: str) -> bool:
    text = cell.replace(",", "").strip()
    if text in MISSING:
        return True
    try:
        float(text)
    except ValueError:
        return False
    return True


def _require(frame: pd.DataFrame, names: tuple[str, ...], what: str) -> None:
    missing = [n for n in names if n not in set(frame["series"])]
    if missing:
        raise ParseError(f"{what} rows for {', '.join(names)}", f"no rows for {', '.join(missing)}")
