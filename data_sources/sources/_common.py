"""Helpers shared by the pure readers: the tidy frame contract, numbers, month ends."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd

from ..errors import ParseError

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
    out = frame.astype({"date": DATE_DTYPE, "series": "str", "value": "float64", **extra})
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
    for shift in (1, -1):
        moved = reference.assign(date=reference["date"] + pd.offsets.MonthEnd(shift))
        hits = changed.merge(moved[[*keys, "value"]], on=keys, suffixes=("", "_ref"))
        matches = int(((hits["value"] - hits["value_ref"]).abs() <= 1e-9).sum())
        if matches >= min_rows and matches > len(changed) / 2:
            return shift
    return 0
