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
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

import numpy as np
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

FOOTNOTE_MARKER = re.compile(r"\s+(\d+)/$")  # "United Kingdom 2/", "Belgium  5/"
#: The notes under mfhhis01's tables: "2/   United Kingdom includes Channel Islands and Isle of Man. …"
FOOTNOTE = re.compile(r"^(\d+)/\s+(.*)$")
#: A label above a year block's columns: "Series 16/" starts a new series at that column.
SERIES_LABEL = re.compile(r"^Series\s+(\d+)/$")
#: What a series-break footnote re-bases on: "based on the end-June 2011 annual survey".
SURVEY = re.compile(r"based on the (end-[A-Z][a-z]+ \d{4} (?:annual|benchmark) survey)")
#: The release's date line under the table ("5/18/2026").
RELEASE_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})\t*$", re.MULTILINE)
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
#: Footnotes that speak of part of a row's months only: 5/ is about Belgium-Luxembourg before June
#: 2002, though the 2002 row carries it for the whole year.
FOOTNOTE_UNTIL = {"5": BELGIUM_LUXEMBOURG_UNTIL}
#: Table 5 and mfhhis01 round to 0.1 bn, Table 3 gives millions: closer than this is the same figure.
ROUNDING = 0.05 + 1e-9

#: The files, as the `source` column names them (= the catalogue's resource keys).
TABLE5, MFHHIS01, TABLE3 = "slt_table5", "mfhhis01", "slt_table3"
#: Kinds of series break, as the `break_kind` column names them, in a reader's words.
BREAK_KINDS = {
    "survey": "survey re-base",
    "definition": "definition change",
    "stitch": "stitch between tables",
    "footnote": "footnote change",
}


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
#: mfhhis01's own columns: its series breaks (see parse_mfhhis01).
HISTORY_EXTRA = {**EXTRA, "break_kind": "str", "old_basis": "float64", "note": "str"}
#: The stitched dataset: each point also names the file it came from.
STITCHED_EXTRA = {**HISTORY_EXTRA, "source": "str"}


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


@dataclass(frozen=True)
class Column:
    """One value column of an mfhhis01 year block."""

    date: pd.Timestamp
    old_basis: bool  # the right-hand twin of a repeated month: the old series, "for comparison only"
    footnote: str | None  # N of a "Series N/" label above the column: a series break starts here


def _labels(rows: list[list[str]], month_at: int) -> dict[int, str]:
    """Cell position → footnote number of the "Series N/" labels in the rows just above a month row
    (tab layout only: the fixed-width mfh.txt has no labels and its cells do not line up)."""
    out: dict[int, str] = {}
    j = month_at - 1
    while j >= 0 and any(rows[j]):
        for k, cell in enumerate(rows[j]):
            match = SERIES_LABEL.match(cell)
            if match:
                out[k] = match[1]
        j -= 1
    return out if rows[month_at] and rows[month_at][0] == "" else {}


def _blocks(rows: list[list[str]]) -> Iterator[tuple[list[Column], list[list[str]]]]:
    """mfhhis01 year blocks: (each value column, the block's data rows)."""
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
            labels = _labels(rows, i)
            positions = [k for k, c in enumerate(rows[i]) if c]
            seen: set[pd.Timestamp] = set()
            columns: list[Column] = []
            for month, year, at in zip(months, year_cells, positions, strict=True):
                if not year.isdigit():
                    raise ParseError("a four-digit year", year)
                date = month_end(int(year), MONTHS[month])
                # A series break repeats a month: the left column is the new series, the right the old.
                columns.append(Column(date, date in seen, None if date in seen else labels.get(at)))
                seen.add(date)
            j = i + 2
            body = []
            while j < len(rows):
                cells = [c for c in rows[j] if c]
                if len(cells) >= 2 and all(c in MONTHS for c in cells):
                    break
                body.append(rows[j])
                j += 1
            yield columns, body
            i = j
        else:
            i += 1


def _footnotes(rows: list[list[str]]) -> dict[str, str]:
    """The notes under the tables: footnote number → its text, continuation lines joined."""
    notes: dict[str, list[str]] = {}
    current: str | None = None
    for row in rows:
        text = " ".join(c for c in row if c).strip().strip('"').replace('""', '"')
        match = FOOTNOTE.match(text)
        if match:
            current = match[1]
            notes[current] = [match[2]]
        elif current and text:
            notes[current].append(text)
        else:
            current = None
    return {n: " ".join(" ".join(parts).split()) for n, parts in notes.items()}


def _holder(name: str, date: pd.Timestamp) -> str:
    return "Belgium-Luxembourg" if name == "Belgium" and date <= BELGIUM_LUXEMBOURG_UNTIL else name


def break_reason(kind: str, footnote: str, text: str) -> str:
    """A reader's sentence for a series break, from the footnote that announces it."""
    if kind == "survey":
        survey = SURVEY.search(text)
        what = f"re-based on the {survey[1]}" if survey else "re-based on a new survey"
        return f"Survey re-base: {what} (mfhhis01 footnote {footnote}/)"
    first = text.removeprefix("Denotes series break.").strip().split(", ")[0].rstrip(".")
    return f"Definition change: {first} (mfhhis01 footnote {footnote}/)"


@reader
def parse_mfhhis01(raw: bytes) -> pd.DataFrame:
    """The historical table (`mfhhis01.txt`, also the old fixed-width `mfh.txt`) → tidy frame.

    Each series break the file defines is kept on the first month of the new series:
    `break_kind` ("survey" where the file repeats the month with the old series beside it,
    "definition" where a "Series N/" label starts a series with no old figure, "footnote" where a
    holder's footnote stops applying), `old_basis` (the month's figure on the old series, NaN where
    the file gives none) and `note` (why, citing the footnote). `frame.attrs`: "revisions" (year →
    the date TIC last revised it), "released" (the file's date line, ISO), "footnotes" (series →
    the footnotes its row carries, with the months they cover).
    """
    rows = _lines(raw, "TIC mfhhis01 text")
    footnotes = _footnotes(rows)
    records: list[dict[str, object]] = []
    old: dict[tuple[pd.Timestamp, str], float | None] = {}
    starts: dict[tuple[pd.Timestamp, str], str] = {}  # (first month of a series, holder) → footnote
    marked: dict[str, dict[str, list[pd.Timestamp]]] = {}  # holder → footnote → months its row carries it
    for columns, body in _blocks(rows):
        for row in body:
            if not row or not row[0] or row[0].startswith("-"):
                continue
            values = row[1:]
            if not any(_looks_numeric(c) for c in values):
                continue  # notes, "Of which:", series-break labels
            name = canonical_name(row[0])
            marker = FOOTNOTE_MARKER.search(row[0].strip().strip('"'))
            for column, cell in zip(columns, values, strict=False):
                value = parse_number(cell, MISSING)
                holder = _holder(name, column.date)
                if column.old_basis:
                    old[(column.date, holder)] = value
                    continue
                if column.footnote:
                    starts[(column.date, holder)] = column.footnote
                if value is None:
                    continue
                if marker and _footnote_applies(marker[1], column.date):
                    marked.setdefault(holder, {}).setdefault(marker[1], []).append(column.date)
                records.append(_record(column.date, holder, value))
    if not records:
        raise ParseError("year blocks with a month row over a 'Country' row of years", rows[:8])
    frame = tidy(records, EXTRA)
    if frame.duplicated(["date", "series"]).any():
        dupes = frame[frame.duplicated(["date", "series"], keep=False)].head(4)
        raise ParseError("one value per holder and month", dupes.to_dict("records"))
    _require(frame, ("Japan", "Grand Total"), "TIC mfhhis01")
    frame = _mark_breaks(frame, old, starts, marked, footnotes)
    text = "\n".join("\t".join(r) for r in rows)
    frame.attrs["revisions"] = dict(REVISION_NOTE.findall(text))
    released = RELEASE_DATE.search(text)
    frame.attrs["released"] = (f"{int(released[3]):04d}-{int(released[1]):02d}-{int(released[2]):02d}"
                               if released else None)
    frame.attrs["footnotes"] = {
        holder: [f"{footnotes.get(n, f'footnote {n}/')} (mfhhis01 footnote {n}/, on its figures for "
                 f"{min(ds):%Y-%m} to {max(ds):%Y-%m})" for n, ds in sorted(notes.items())]
        for holder, notes in sorted(marked.items())}
    return frame


def _footnote_applies(number: str, date: pd.Timestamp) -> bool:
    until = FOOTNOTE_UNTIL.get(number)
    return until is None or date <= until


def _mark_breaks(frame: pd.DataFrame, old: dict[tuple[pd.Timestamp, str], float | None],
                 starts: dict[tuple[pd.Timestamp, str], str], marked: dict[str, dict[str, list[pd.Timestamp]]],
                 footnotes: dict[str, str]) -> pd.DataFrame:
    kinds, olds, notes = [], [], []
    firsts = frame.groupby("series")["date"].transform("min")
    previous_marks: dict[str, frozenset[str]] = {}
    for row, first in zip(frame.itertuples(index=False), firsts, strict=True):
        key = (row.date, row.series)
        marks = frozenset(n for n, ds in marked.get(row.series, {}).items() if row.date in ds)
        gone = previous_marks.get(row.series, frozenset()) - marks
        previous_marks[row.series] = marks
        kind, old_value, note = "", np.nan, ""
        if row.date > first:  # a break at a series' first figure changes nothing
            if key in old:
                number = starts.get(key, "")
                kind = "survey" if number == "" or SURVEY.search(footnotes.get(number, "")) else "definition"
                old_value = np.nan if old[key] is None else old[key]
                note = break_reason(kind, number or "?", footnotes.get(number, ""))
                note += f"; on the old series {old[key]:,.1f}" if old[key] is not None else "; no old-series figure"
            elif key in starts:
                kind, note = "definition", break_reason("definition", starts[key], footnotes.get(starts[key], ""))
            elif gone:
                number = min(gone)
                kind = "footnote"
                note = (f"Footnote change: the row no longer carries mfhhis01 footnote {number}/ "
                        f"(\"{footnotes.get(number, '').split('. ')[0]}\")")
        kinds.append(kind)
        olds.append(old_value)
        notes.append(note)
    out = frame.assign(break_kind=kinds, old_basis=olds, note=notes)
    return conform(out, HISTORY_EXTRA)


def table3_rows(raw: bytes, columns: tuple[str, ...]) -> pd.DataFrame:
    """Table 3's rows as text, in the named machine columns (the header's third row); a ParseError
    naming the columns missing. Shared by the holdings and the flows readers."""
    lines = decode(raw, ENCODING, "TIC Table 3 text").splitlines()
    header_at = next((i for i, line in enumerate(lines) if line.startswith("country\t")), None)
    if header_at is None:
        raise ParseError("a machine-name header row 'country<TAB>country_code<TAB>date…'", lines[:10])
    end = next((i for i in range(header_at + 1, len(lines)) if not lines[i].strip("\t\r ")), len(lines))
    header = lines[header_at].split("\t")
    absent = [c for c in columns if c not in header]
    if absent:
        raise ParseError(f"columns {', '.join(columns)}", f"no {', '.join(absent)}")
    try:
        return pd.read_csv(io.StringIO("\n".join(lines[header_at:end])), sep="\t", dtype="str",
                           usecols=list(columns), keep_default_na=False)
    except (ValueError, pd.errors.ParserError) as exc:
        raise ParseError(f"{len(header)} tab-separated columns", str(exc)) from None


@reader
def parse_table3(raw: bytes) -> pd.DataFrame:
    """Table 3 (`slt_table3.txt`, long format, millions) → tidy frame in billions."""
    table = table3_rows(raw, ("country", "date", TABLE3_VALUE_COLUMN))
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
    """One history per holder, each point naming the file it came from (`source`).

    Every figure any table publishes is served once: Table 5, then mfhhis01, then Table 3 (which
    alone lists many holders, and the months after mfhhis01's last December). Where two tables
    give a month and differ by more than rounding, the newer release wins (Table 5 and Table 3:
    the release mfhhis01 is dated with; mfhhis01: the date its year was last revised), and the
    served point's `note` names the other figure. Where Table 5 and mfhhis01 define a holder
    differently ("All Other"), Table 5's first month is a `stitch` break whose `old_basis` is
    mfhhis01's figure. Table 5's month labels are checked against mfhhis01 where both cover a month."""
    shift = month_shift(table5, mfhhis01)
    if shift:
        moved = "later" if shift > 0 else "earlier"
        raise CombineError("slt_table5", "Table 5 to carry mfhhis01's figures under the same months",
                           f"mfhhis01's figures one month {moved} (Table 5's month labels shifted by one?)")
    released = _day(mfhhis01.attrs.get("released"))
    revised = {int(year): _day(day) for year, day in mfhhis01.attrs.get("revisions", {}).items()}
    history = _with_history_columns(mfhhis01).assign(source=MFHHIS01)
    history["released"] = [revised.get(d.year) for d in history["date"]]
    parts = [_with_history_columns(table5).assign(source=TABLE5, released=released), history]
    if table3 is not None and not table3.empty:
        parts.append(_with_history_columns(table3).assign(source=TABLE3, released=released))
    frame = pd.concat(parts, ignore_index=True)
    keys = ["date", "series"]
    served = frame.drop_duplicates(keys, keep="first").set_index(keys)
    others = frame[frame.duplicated(keys, keep="first")]
    stitches = definition_breaks(table5, mfhhis01)
    for row in others.itertuples(index=False):
        key = (row.date, row.series)
        first = served.loc[key]
        if row.series in stitches:
            if row.date == stitches[row.series] and row.source == MFHHIS01:
                served.loc[key, ["break_kind", "old_basis", "note"]] = [
                    "stitch", row.value,
                    f"Stitch between tables: from {row.date:%Y-%m} the figures are Table 5's, which defines "
                    f"this row differently from mfhhis01 ({first['value']:,.1f} against {row.value:,.1f} "
                    f"for {row.date:%Y-%m})"]
            continue
        if abs(row.value - first["value"]) <= ROUNDING:
            continue
        newer = row.released is not None and (first["released"] is None or row.released > first["released"])
        current = {**first.to_dict(), "date": row.date}
        keep, drop = (row._asdict(), current) if newer else (current, row._asdict())
        note = (f"{_describe(keep)} gives {keep['value']:,.3f}; {_describe(drop)} gave {drop['value']:,.3f}: "
                "the newer release is served")
        served.loc[key, ["value", "source", "released"]] = [keep["value"], keep["source"], keep["released"]]
        served.loc[key, "note"] = "; ".join(n for n in (str(first["note"]), note) if n)
    out = conform(served.reset_index().drop(columns="released"), STITCHED_EXTRA)
    out.attrs = {k: mfhhis01.attrs[k] for k in ("revisions", "released", "footnotes") if k in mfhhis01.attrs}
    return out


def _with_history_columns(frame: pd.DataFrame) -> pd.DataFrame:
    defaults = {"break_kind": "", "old_basis": np.nan, "note": ""}
    return frame.assign(**{c: v for c, v in defaults.items() if c not in frame.columns})


def _day(text: object) -> pd.Timestamp | None:
    """'May 18, 2026' or '2026-05-18' → a Timestamp; None where there is no date to read."""
    if not text:
        return None
    day = pd.to_datetime(str(text), errors="coerce")
    return None if pd.isna(day) else pd.Timestamp(day)


def _describe(row: Mapping[str, object]) -> str:
    when = row.get("released")
    day = f"{when:%Y-%m-%d}" if isinstance(when, pd.Timestamp) else "date unknown"
    if row["source"] == MFHHIS01:
        return f"mfhhis01 ({row['date']:%Y} revised {day})"
    return f"{'Table 5' if row['source'] == TABLE5 else 'Table 3'} (release of {day})"


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
