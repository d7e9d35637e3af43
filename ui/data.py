"""Loading for the pages: the data layer's `load()`, cached per release, never the network.

Frames, series and answers are kept in `views.memo` (shared with the HTTP API under the same keys,
one byte budget: `DOLLAR_TIDE_CACHE_MB`), not in `st.cache_data`: that kept each value pickled
beside the API's own copy, outside any byte budget (64 frames, a new entry per dataset every
staleness bucket), and unpickled a fresh copy of a whole frame on every hit. A value from here is
shared by every session: never mutate it."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, TypeVar

import pandas as pd
import streamlit as st

import data_sources
from analysis import series as series_ops
from analysis import verdicts
from analysis.breaks import Breaks
from analysis.extract import FoundClaim, check_text, validate
from analysis.extract.score import seed_comparison
from data_sources import catalogue
from data_sources.errors import DataUnavailable
from data_sources.result import Provenance, Result
from views import memo
from views.links import chart_link
from views.memo import freshness_bucket

F = TypeVar("F", bound=Callable[..., Any])


def _kept(what: str) -> Callable[[F], F]:
    """`f(*args)` once per arguments (which name their data versions), in `views.memo`'s budget."""

    def wrap(build: F) -> F:
        @functools.wraps(build)
        def kept(*args: Any) -> Any:
            return memo.cached((what, *args), lambda: build(*args))

        return kept  # type: ignore[return-value]

    return wrap


@_kept("load")  # web.data.load's key and value: the pages and the API share one copy of each release
def _load(name: str, version: str, bucket: int) -> Result:
    return data_sources.load(name, now=datetime.now(UTC))


def load(name: str) -> Result:
    """The dataset as the data layer serves it now (store or bundled snapshot). If nothing intact
    is left to serve, the page says so and stops (never a traceback)."""
    with _or_stop(name):
        return _load(name, data_sources.version(name), freshness_bucket())


@contextmanager
def _or_stop(name: str) -> Iterator[None]:
    """Nothing intact to serve: say so on the page and stop it (never a traceback)."""
    try:
        yield
    except DataUnavailable as exc:
        st.error(f"{catalogue.get(name).title}: no data to show. {exc}", icon=":material/database_off:")
        st.stop()


@_kept("ui-provenance")
def _provenance(name: str, version: str, bucket: int) -> Provenance:
    return _load(name, version, bucket).provenance


def provenance(name: str) -> Provenance:
    """Just the provenance of the release `load` serves."""
    with _or_stop(name):
        return _provenance(name, data_sources.version(name), freshness_bucket())


@_kept("ui-date-span")
def _date_span(name: str, version: str) -> tuple[pd.Timestamp, pd.Timestamp]:
    dates = load(name).frame["date"]
    return dates.min(), dates.max()


def date_span(name: str) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The first and last date of a dataset (once per release)."""
    return _date_span(name, data_sources.version(name))


@_kept("ui-wide")
def _wide(name: str, version: str, freq: str) -> pd.DataFrame:
    return series_ops.wide(load(name).frame, freq=freq)


def wide(name: str, freq: str = "ME") -> pd.DataFrame:
    """Dates × series on a complete calendar (month ends by default)."""
    return _wide(name, data_sources.version(name), freq)


@_kept("ui-changes")
def _changes(name: str, version: str, months: int) -> pd.DataFrame:
    frame = load(name).frame
    return Breaks.from_frame(frame).change(series_ops.wide(frame), months)


def changes(name: str, months: int = 1) -> pd.DataFrame:
    """Each series' change over `months` months, like for like across its series breaks."""
    return _changes(name, data_sources.version(name), months)


@_kept("ui-series")
def _series(name: str, version: str, series_id: str) -> pd.Series:
    return load(name).series(series_id)


def series(name: str, series_id: str) -> pd.Series:
    return _series(name, data_sources.version(name), series_id)


@_kept("ui-article")
def _article(versions: tuple[str, ...], claims_mtime: int) -> tuple[dict, list[verdicts.Verdict]]:
    meta, claims = verdicts.load_claims()
    return meta, verdicts.evaluate_all(claims, load, meta.get("published"))


def article() -> tuple[dict, list[verdicts.Verdict]]:
    """The article's claims and their verdicts, recomputed whenever a dataset or the claims change."""
    versions = tuple(data_sources.version(name) for name in catalogue.CATALOGUE)
    return _article(versions, verdicts.CLAIMS_FILE.stat().st_mtime_ns)


#: The worked example's text (the claims file's `source`, beside the repository).
ROOT = Path(__file__).resolve().parents[2]


@_kept("ui-seed-comparison")
def _seed_comparison(versions: tuple[str, ...], claims_mtime: int) -> dict[str, tuple[FoundClaim | None, bool]] | None:
    meta, verdicts_ = article()
    path = ROOT / str(meta.get("source", ""))
    if not meta.get("source") or not path.is_file():
        return None
    text = path.read_text(encoding="utf-8")
    published = date.fromisoformat(str(meta.get("checked_on") or f"{meta.get('published')}-28"))
    found = check_text(text, published, load)
    return seed_comparison(text, found, [v.claim for v in verdicts_], {v.claim.id: v.status for v in verdicts_})


def seed_extraction() -> dict[str, tuple[FoundClaim | None, bool]] | None:
    """Per hand-written claim of the worked example: what the extractor, reading the article's text by
    itself, made of it (None: not found) and whether its verdict agrees; None without the text."""
    versions = tuple(data_sources.version(name) for name in catalogue.CATALOGUE)
    return _seed_comparison(versions, verdicts.CLAIMS_FILE.stat().st_mtime_ns)


@_kept("ui-check")
def _check(text: str, published: date, versions: tuple[str, ...]) -> list[FoundClaim]:
    return check_text(text, published, load, link=lambda verdict: chart_link(verdict, load))


def check(text: str, published: date) -> list[FoundClaim]:
    """Every figure of a reader's text with its verdict, once per (text, date, data versions).
    Raises `InputError` (the reader's words) for empty or too long text."""
    text, published = validate(text, published)
    return _check(text, published, tuple(data_sources.version(name) for name in catalogue.CATALOGUE))
