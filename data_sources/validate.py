"""Checks a new release must pass before it replaces the stored one.

The frame handed in carries a `RESOURCE_COLUMN` naming the resource each row came from, so an
error names the file that is wrong (mfhhis01, not Table 5; DGS10, not DFF).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, timedelta

import numpy as np
import pandas as pd

from .catalogue import DatasetSpec
from .errors import ValidationError
from .sources._common import month_shift

RESOURCE_COLUMN = "_resource"
POINT_JUMP = 50.0  # one value this many times its previous release's figure = a unit change
STRETCH_JUMP = 200.0  # newest stretch vs the stretch before it (real data peaks near 13×)
STRETCH = 12  # observations in the newest stretch
BEFORE = 24  # observations it is compared with
DAILY_SLACK = timedelta(days=1)  # the publisher's day can be ahead of ours in UTC

Fail = Callable[..., ValidationError]


def validate(frame: pd.DataFrame, spec: DatasetSpec, previous: pd.DataFrame | None,
             urls: Mapping[str, str], today: date, *, accept_dropped: bool = False) -> list[str]:
    """Raise ValidationError if `frame` is not fit to serve; return warnings worth logging.

    `urls` maps resource keys to the URLs fetched; `today` is the fetch day (UTC). A series missing
    against the previous release fails it, unless the operator says it really left the publisher's
    files (`accept_dropped`, the CLI's --accept-dropped)."""
    first_url = next(iter(urls.values()), spec.url)

    def fail(expected: str, found: str, rows: pd.DataFrame | None = None) -> ValidationError:
        url = first_url
        if rows is not None and RESOURCE_COLUMN in rows and not rows.empty:
            url = urls.get(str(rows[RESOURCE_COLUMN].iloc[0]), first_url)
        return ValidationError(spec.source.name, url, expected, found)

    missing = [c for c in ("date", "series", "value", *spec.extra_columns) if c not in frame.columns]
    if missing:
        raise fail("columns date, series, value", f"missing {missing}")
    if frame.empty:
        raise fail("rows", "none")
    if not pd.api.types.is_datetime64_any_dtype(frame["date"]) or frame["date"].isna().any():
        raise fail("a date on every row", "missing or non-date values")
    if not pd.api.types.is_float_dtype(frame["value"]) or not np.isfinite(frame["value"].to_numpy()).all():
        raise fail("finite float values", "NaN or infinite values", frame[~np.isfinite(frame["value"])])
    dupes = frame.duplicated(["date", "series"])
    if dupes.any():
        row = frame.loc[dupes].iloc[0]
        example = f"{row['series']} {row['date'].date()}"
        raise fail("one row per date and series", f"{int(dupes.sum())} duplicates, e.g. {example}", frame[dupes])
    absent = [s for s in spec.required_series if s not in set(frame["series"])]
    if absent:
        raise fail(f"series {', '.join(spec.required_series)}", f"no rows for {', '.join(absent)}")
    _check_ranges(frame, spec, fail)
    for check in spec.checks:  # the dataset's own consistency rules (shares add up to 100, …)
        problem = check(frame)
        if problem is not None:
            raise fail(*problem)
    _check_future(frame, spec, today, fail)
    if spec.cadence.period != "event":
        _check_newest_stretch(frame, spec, fail)
    warnings: list[str] = []
    if previous is not None and not previous.empty:
        warnings += _against_previous(frame, previous, spec, fail, accept_dropped)
    return warnings


def latest_allowed(spec: DatasetSpec, today: date) -> date:
    """No official series has an observation after the day it was fetched, except that monthly
    stocks of the current month may be stamped at its end."""
    if spec.cadence.period == "month":
        return (pd.Timestamp(today) + pd.offsets.MonthEnd(0)).date()
    return today + DAILY_SLACK


def _check_ranges(frame: pd.DataFrame, spec: DatasetSpec, fail: Fail) -> None:
    for series_id, rows in frame.groupby("series", sort=False):
        low, high = spec.range_for(str(series_id))
        values = rows["value"]
        if values.min() < low or values.max() > high:
            worst = values.max() if values.max() > high else values.min()
            raise fail(f"{series_id} between {low:g} and {high:g} {spec.unit}", f"{worst:g}",
                       rows[rows["value"] == worst])


def _check_future(frame: pd.DataFrame, spec: DatasetSpec, today: date, fail: Fail) -> None:
    limit = pd.Timestamp(latest_allowed(spec, today))
    ahead = frame[frame["date"] > limit]
    if not ahead.empty:
        row = ahead.sort_values("date").iloc[-1]
        raise fail(f"no observation after the fetch day {today} (latest allowed {limit.date()})",
                   f"{row['series']} dated {row['date'].date()}", ahead)


def _check_newest_stretch(frame: pd.DataFrame, spec: DatasetSpec, fail: Fail) -> None:
    """A unit change confined to the newest observations (×1000 in the last year) stands out
    against the stretch before it, even when the whole history's median hides it."""
    column = spec.level_column
    for series_id, rows in frame[frame[column].notna()].groupby("series", sort=False):
        if len(rows) < STRETCH + BEFORE:
            continue
        values = rows.sort_values("date")[column].abs().to_numpy()
        newest, before = np.median(values[-STRETCH:]), np.median(values[-STRETCH - BEFORE:-STRETCH])
        if newest <= 0 or before <= 0:
            continue
        ratio = newest / before
        if ratio > STRETCH_JUMP or ratio < 1 / STRETCH_JUMP:
            tail = rows.sort_values("date").tail(STRETCH)
            raise fail(f"{series_id}'s newest {STRETCH} observations on the scale of the {BEFORE} before them",
                       f"×{ratio:.4g} from {tail['date'].iloc[0].date()} (a unit change?)", tail)


def _against_previous(frame: pd.DataFrame, previous: pd.DataFrame, spec: DatasetSpec, fail: Fail,
                      accept_dropped: bool = False) -> list[str]:
    new_series, old_series = set(frame["series"]), set(previous["series"])
    dropped = sorted(old_series - new_series)
    warnings = []
    if dropped and not accept_dropped:
        raise fail(f"every series of the previous release ({len(old_series)})",
                   f"{len(dropped)} missing, e.g. {', '.join(dropped[:3])} (if the publisher really dropped "
                   "them: refresh --accept-dropped)")
    if dropped:
        warnings.append(f"accepted {len(dropped)} series no longer published: {', '.join(dropped[:5])}")
        previous = previous[previous["series"].isin(new_series)]
    keys = ["date", "series"]
    level = spec.level_column
    if level not in previous.columns:  # a release from before the column existed: nothing to compare
        return warnings
    both_values = (frame[[*keys, level]].rename(columns={level: "value"})
                   .merge(previous[[*keys, level]].rename(columns={level: "value"}), on=keys, suffixes=("", "_old"))
                   .dropna(subset=["value", "value_old"]))
    if spec.cadence.period == "month":
        shift = month_shift(frame, previous)
        if shift:
            moved = "later" if shift > 0 else "earlier"
            changed = both_values[(both_values["value"] - both_values["value_old"]).abs() > 1e-9]
            raise fail("the previous release's figures under the same months",
                       f"{len(changed)} figures each under the month {moved} (month labels shifted by one?)",
                       changed)
    spans_new = frame.groupby("series")["date"].agg(["min", "max"])
    spans_old = previous.groupby("series")["date"].agg(["min", "max"])
    both = spans_new.merge(spans_old, left_index=True, right_index=True, suffixes=("_new", "_old"))
    shrunk = both[(both["min_new"] > both["min_old"]) | (both["max_new"] < both["max_old"])]
    if not shrunk.empty:
        name, s = shrunk.index[0], shrunk.iloc[0]
        rows = frame[frame["series"] == name].sort_values("date")
        edge = rows.head(1) if s["min_new"] > s["min_old"] else rows.tail(1)
        raise fail(f"history of {name} from {s['min_old'].date()} to {s['max_old'].date()} or longer",
                   f"{s['min_new'].date()} to {s['max_new'].date()} (history shrank)", edge)
    merged = both_values[(both_values["value"].abs() > 1e-9) & (both_values["value_old"].abs() > 1e-9)]
    ratio = (merged["value"] / merged["value_old"]).abs()
    jumped = merged[(ratio > POINT_JUMP) | (ratio < 1 / POINT_JUMP)]
    if not jumped.empty:
        row = jumped.iloc[-1]
        raise fail("values on the previous release's scale",
                   f"{row['series']} {row['date'].date()}: {row['value_old']:g} → {row['value']:g} "
                   f"(×{row['value'] / row['value_old']:.4g}; {len(jumped)} such values; a unit change?)", jumped)
    return warnings
