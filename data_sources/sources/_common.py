"""Helpers shared by the pure readers: the tidy frame contract, numbers, month ends."""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ..errors import ParseError

if TYPE_CHECKING:
    from openpyxl import Workbook

#: The columns every dataset frame has, in this order; readers may add more after them.
CORE_COLUMNS = ("date", "series", "value")
DATE_DTYPE = "datetime64[ns]"


def tidy(records: Iterable[Mapping[str, Any]], extra: Mapping[str, str] | None = None) -> pd.DataFrame:
    """Records → the tidy frame: date (datetime64), series (str), value (float64), extras.

    `extra` maps additional column names to their dtypes. Rows come out sorted by series, date.
    """
    extra = dict(extra or {})
    frame = pd.DataFrame.from_records(list(records), columns=[*CORE_COLUMNS, *extra])
    return conform(frame, extra)


def conform(frame: pd.DataFrame, extra: Mapping[str, str] | None = None) -> pd.DataFrame:
    """Cast an existing frame to the contract's dtypes and canonical order."""
    extra = dict(extra or {})
    try:
        out = frame.astype({"date": DATE_DTYPE, "series": "str", "value": "float64", **extra})
    except (ValueError, TypeError, OverflowError) as exc:  # OutOfBoundsDatetime is a ValueError
        raise ParseError("dates between 1677 and 2262 and numeric values", str(exc)) from None
    out = out.sort_values(["series", "date"], kind="stable").reset_index(drop=True)
    return out


def month_end(year: int, month: int) -> pd.Timestamp:
    """Month-end stocks are dated on the month's last day."""
    return pd.Timestamp(year=year, month=month, day=1) + pd.offsets.MonthEnd(0)


def parse_number(cell: str, missing: Iterable[str] = ()) -> float | None:
    """'1,234.5' → 1234.5; a missing marker → None; anything else → ParseError."""
    text = cell.strip().strip('"').replace(",", "")
    if text == "" or text in missing:
        return None
    try:
        value = float(text)
    except ValueError:
        raise ParseError("a number", cell) from None
    if not math.isfinite(value):
        raise ParseError("a finite number", cell)
    return value


def decode(raw: bytes, encoding: str, what: str) -> str:
    """Bytes → text in the publisher's encoding; a body cut mid-character is a ParseError."""
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError as exc:
        raise ParseError(f"{what} encoded as {encoding}", f"undecodable bytes at offset {exc.start}") from None


def month_shift(new: pd.DataFrame, reference: pd.DataFrame, *, min_rows: int = 6) -> int:
    """+1 or -1 if `new` looks like `reference` with its months relabelled one month later or
    earlier (a header shifted by a column); 0 otherwise.

    Only rows whose value differs from the reference at the same date and series count: a real
    revision rarely lands exactly on the neighbouring month's figure, a relabelled column always does.
    """
    keys = ["date", "series"]
    same = new[[*keys, "value"]].merge(reference[[*keys, "value"]], on=keys, suffixes=("", "_ref"))
    changed = same[(same["value"] - same["value_ref"]).abs() > 1e-9][[*keys, "value"]]
    if len(changed) < min_rows:
        return 0
    month_ends = bool(reference["date"].dt.is_month_end.all())
    for shift in (1, -1):
        step = pd.offsets.MonthEnd(shift) if month_ends else pd.DateOffset(months=shift)
        moved = reference.assign(date=reference["date"] + step)
        hits = changed.merge(moved[[*keys, "value"]], on=keys, suffixes=("", "_ref"))
        matches = int(((hits["value"] - hits["value_ref"]).abs() <= 1e-9).sum())
        if matches >= min_rows and matches > len(changed) / 2:
            return shift
    return 0


def reader(parse: Callable[..., pd.DataFrame]) -> Callable[..., pd.DataFrame]:
    """Decorates a pure reader so that, whatever bytes arrive, it returns a frame that meets the
    contract (datetime64 dates, finite float values) or raises ParseError, never anything else."""

    @functools.wraps(parse)
    def read(raw: bytes, *args: Any, **kwargs: Any) -> pd.DataFrame:
        try:
            frame = parse(raw, *args, **kwargs)
        except ParseError:
            raise
        except Exception as exc:  # library errors on damaged input: dates out of range, bad CSV…
            raise ParseError("a file in the documented layout", f"{type(exc).__name__}: {exc}") from None
        if frame["date"].dtype != DATE_DTYPE:
            raise ParseError("dates between 1677 and 2262", str(frame["date"].dtype))
        values = frame["value"].to_numpy()
        if frame["value"].dtype != "float64" or not np.isfinite(values).all():
            bad = frame.loc[~np.isfinite(values)].head(1).to_dict("records")
            raise ParseError("finite numbers", bad)
        return frame

    return read


def open_workbook(raw: bytes) -> Workbook:
    """An .xlsx's bytes as a read-only openpyxl workbook, or a ParseError saying what is wrong with
    them (cut short, not a zip, a damaged archive). The caller closes it."""
    import io
    import zipfile

    import openpyxl  # imported here: only the refresh path reads workbooks

    if not zipfile.is_zipfile(io.BytesIO(raw)):
        raise ParseError("an .xlsx workbook (a complete zip archive)",
                         f"{len(raw):,} bytes that are not one (starts {raw[:8]!r}; cut short?)")
    try:
        return openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except Exception as exc:  # zipfile, zlib, XML and openpyxl's own errors alike
        raise ParseError("a readable .xlsx workbook", f"{type(exc).__name__}: {exc}") from None


@contextmanager
def reading(book: Workbook) -> Iterator[Workbook]:
    """Read an opened workbook: a damaged archive fails lazily, inside openpyxl, zipfile or zlib,
    and says so as a ParseError; the workbook is closed either way."""
    try:
        yield book
    except ParseError:
        raise
    except Exception as exc:
        raise ParseError("a readable .xlsx workbook", f"{type(exc).__name__}: {exc}") from None
    finally:
        book.close()
