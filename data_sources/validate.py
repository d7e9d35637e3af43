"""Checks a new release must pass before it replaces the stored one."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .catalogue import DatasetSpec
from .errors import ValidationError

MIN_SHARED_SERIES = 0.6  # a release may drop a few series (optional tables), not most of them
SCALE_JUMP = 50.0  # a median ratio this far from 1 against the previous release = a unit change


def validate(frame: pd.DataFrame, spec: DatasetSpec, previous: pd.DataFrame | None, url: str) -> list[str]:
    """Raise ValidationError if `frame` is not fit to serve; return warnings worth logging."""

    def fail(expected: str, found: str) -> ValidationError:
        return ValidationError(spec.source.name, url, expected, found)

    missing = [c for c in ("date", "series", "value", *spec.extra_columns) if c not in frame.columns]
    if missing:
        raise fail("columns date, series, value", f"missing {missing}")
    if frame.empty:
        raise fail("rows", "none")
    if not pd.api.types.is_datetime64_any_dtype(frame["date"]) or frame["date"].isna().any():
        raise fail("a date on every row", "missing or non-date values")
    if not pd.api.types.is_float_dtype(frame["value"]) or not np.isfinite(frame["value"].to_numpy()).all():
        raise fail("finite float values", "NaN or infinite values")
    dupes = frame.duplicated(["date", "series"])
    if dupes.any():
        row = frame.loc[dupes].iloc[0]
        example = f"{row['series']} {row['date'].date()}"
        raise fail("one row per date and series", f"{int(dupes.sum())} duplicates, e.g. {example}")
    absent = [s for s in spec.required_series if s not in set(frame["series"])]
    if absent:
        raise fail(f"series {', '.join(spec.required_series)}", f"no rows for {', '.join(absent)}")
    _check_ranges(frame, spec, fail)
    if frame["date"].max() > pd.Timestamp.now() + pd.Timedelta(days=400):
        raise fail("dates not far in the future", str(frame["date"].max().date()))
    warnings: list[str] = []
    if previous is not None and not previous.empty:
        warnings += _against_previous(frame, previous, fail)
    return warnings


def _check_ranges(frame: pd.DataFrame, spec: DatasetSpec, fail) -> None:  # noqa: ANN001
    for series_id, values in frame.groupby("series", sort=False)["value"]:
        low, high = spec.range_for(str(series_id))
        if values.min() < low or values.max() > high:
            worst = values.max() if values.max() > high else values.min()
            raise fail(f"{series_id} between {low:g} and {high:g} {spec.unit}", f"{worst:g}")


def _against_previous(frame: pd.DataFrame, previous: pd.DataFrame, fail) -> list[str]:  # noqa: ANN001
    new_series, old_series = set(frame["series"]), set(previous["series"])
    shared = new_series & old_series
    if len(shared) < MIN_SHARED_SERIES * len(old_series):
        raise fail(f"most of the previous release's {len(old_series)} series",
                   f"only {len(shared)} of them (dropped e.g. {sorted(old_series - new_series)[:3]})")
    spans_new = frame.groupby("series")["date"].agg(["min", "max"])
    spans_old = previous.groupby("series")["date"].agg(["min", "max"])
    both = spans_new.merge(spans_old, left_index=True, right_index=True, suffixes=("_new", "_old"))
    shrunk = both[(both["min_new"] > both["min_old"]) | (both["max_new"] < both["max_old"])]
    if not shrunk.empty:
        s = shrunk.iloc[0]
        raise fail(f"history of {shrunk.index[0]} from {s['min_old'].date()} to {s['max_old'].date()} or longer",
                   f"{s['min_new'].date()} to {s['max_new'].date()} (history shrank)")
    merged = frame[["date", "series", "value"]].merge(previous[["date", "series", "value"]],
                                                     on=["date", "series"], suffixes=("", "_old"))
    merged = merged[(merged["value"].abs() > 1e-9) & (merged["value_old"].abs() > 1e-9)]
    if not merged.empty:
        ratio = (merged["value"] / merged["value_old"]).abs()
        medians = ratio.groupby(merged["series"]).median()
        jumped = medians[(medians > SCALE_JUMP) | (medians < 1 / SCALE_JUMP)]
        if not jumped.empty:
            raise fail("values on the previous release's scale",
                       f"{jumped.index[0]} ×{jumped.iloc[0]:.4g} against the previous release (a unit change?)")
    warnings = []
    dropped = old_series - new_series
    if dropped:
        warnings.append(f"{len(dropped)} series no longer published, e.g. {sorted(dropped)[:3]}")
    return warnings
