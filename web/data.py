"""Datasets and view contexts for the HTTP side, shared with the pages' views (never the network)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pandas as pd

import data_sources
from analysis.breaks import Breaks
from data_sources import catalogue
from data_sources.errors import DataUnavailable
from data_sources.result import Provenance, Result
from views import memo
from views.memo import freshness_bucket


def bucket() -> int:
    """Provenance's words for freshness ('stale', 'behind', 'retrieved 4 h ago') follow the clock:
    what carries them is rebuilt at least this often."""
    return freshness_bucket()


def load(name: str) -> Result:
    """The dataset as `data_sources.load` serves it, once per data version (and staleness bucket)."""
    key = memo.keyed("load", name, datasets=(name,), fresh=True)
    return memo.cached(key, lambda: data_sources.load(name, now=datetime.now(UTC)))


def try_load(name: str) -> Result | str:
    """The dataset, or in words why it cannot be served (never an exception: one unreadable dataset
    is reported by the routes and the readiness check, never a traceback)."""
    try:
        return load(name)
    except Exception as exc:
        return reason(exc)


def reason(exc: Exception) -> str:
    """Why a dataset cannot be served, for a reader: the data layer's own words, or the error's kind."""
    return str(exc) if isinstance(exc, DataUnavailable) else f"cannot be read: {type(exc).__name__}"


def max_age(names: tuple[str, ...]) -> int:
    """How long a CDN may keep an answer built from these datasets: the shortest of their cadences'."""
    return min(catalogue.get(n).cadence.max_age_s for n in names)


def _plain(value: Any) -> Any:
    if isinstance(value, (datetime, pd.Timestamp)):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return value


def provenance_json(prov: Provenance) -> dict[str, Any]:
    return _plain({
        "dataset": prov.dataset, "title": prov.title, "source": prov.source, "url": prov.url, "urls": prov.urls,
        "attribution": prov.attribution, "licence": prov.licence, "homepage": prov.homepage,
        "as_of": prov.as_of, "retrieved_at": prov.retrieved_at, "origin": prov.origin, "stale": prov.stale,
        "behind_days": prov.behind_days, "next_release": prov.next_release, "cadence": prov.cadence,
        "freshness": prov.freshness_text(), "last_error": prov.last_error, "last_error_at": prov.last_error_at,
        "problems": prov.problems, "vintage": prov.vintage,
        "released": prov.notes.get("released"), "revisions": prov.revisions,
        "definition_changes": prov.notes.get("definition_changes", []),
    })


def series_json(result: Result) -> list[dict[str, Any]]:
    """Each series: what it is, the publisher's notes on it, and its breaks (`analysis.breaks`)."""
    infos = (result.series_info(s) for s in result.series_ids())
    breaks = Breaks.from_frame(result.frame)
    return [{"id": i.id, "title": i.title, "unit": i.unit, "frequency": i.frequency, "aggregate": i.aggregate,
             "notes": result.provenance.series_notes(i.id),
             "breaks": [{"date": f"{b.date:%Y-%m-%d}", "kind": b.kind, "like_for_like": b.like_for_like,
                         "note": b.note} for b in breaks[i.id]]}
            for i in infos]
