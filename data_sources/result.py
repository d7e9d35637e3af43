"""What `load()` returns: the data together with where it came from (pandas-datareader style)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, Literal

import pandas as pd

from .catalogue import DatasetSpec, SeriesInfo

Origin = Literal["live", "cache", "snapshot"]
ORIGIN_LABELS = {"live": "fetched live", "cache": "from the HTTP cache", "snapshot": "bundled snapshot"}


@dataclass(frozen=True)
class Provenance:
    dataset: str
    title: str
    source: str
    url: str
    urls: tuple[str, ...]
    attribution: str
    licence: str
    homepage: str
    retrieved_at: datetime | None
    as_of: pd.Timestamp | None
    origin: Origin
    stale: bool
    last_error: str | None = None
    last_error_at: datetime | None = None
    vintage: str | None = None
    notes: dict[str, Any] = field(default_factory=dict)
    via: str = "network"

    def age(self, now: datetime | None = None) -> timedelta | None:
        if self.retrieved_at is None:
            return None
        return (now or datetime.now(UTC)) - self.retrieved_at

    def age_text(self, now: datetime | None = None) -> str:
        """'5 h' under two days, else '12 days'; '' if never retrieved."""
        age = self.age(now)
        if age is None:
            return ""
        hours = age.total_seconds() / 3600
        return f"{hours:.0f} h" if hours < 48 else f"{hours / 24:.0f} days"

    @property
    def origin_label(self) -> str:
        return ORIGIN_LABELS[self.origin]


@dataclass(frozen=True)
class Result:
    """A dataset frame (`date`, `series`, `value`, extras) and its provenance."""

    spec: DatasetSpec
    frame: pd.DataFrame
    provenance: Provenance

    @property
    def name(self) -> str:
        return self.spec.name

    def series_info(self, series_id: str) -> SeriesInfo:
        return self.spec.series_info(series_id)

    def series_ids(self) -> list[str]:
        return sorted(self.frame["series"].unique().tolist())

    def series(self, series_id: str) -> pd.Series:
        """One series as a date-indexed float Series."""
        rows = self.frame.loc[self.frame["series"] == series_id]
        return pd.Series(rows["value"].to_numpy(), index=pd.DatetimeIndex(rows["date"]), name=series_id)


def parse_time(value: str | None) -> datetime | None:
    if not value:
        return None
    parsed = datetime.fromisoformat(value)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def provenance_from_manifest(spec: DatasetSpec, manifest: dict[str, Any], origin: Origin,
                             status: dict[str, Any] | None, now: datetime) -> Provenance:
    """Provenance of a stored release; `status` is the user store's manifest, which carries the
    last refresh error even while the snapshot is what gets served."""
    retrieved = parse_time(manifest.get("retrieved_at"))
    error = (status or {}).get("last_error") or None
    error_at = parse_time(error["at"]) if error else None
    if error and retrieved and error_at and error_at < retrieved:
        error, error_at = None, None  # a later refresh succeeded
    too_old = retrieved is None or now - retrieved > spec.stale_after
    urls = tuple(u["url"] for u in manifest.get("urls", [])) or tuple(r.url for r in spec.resources)
    as_of = manifest.get("as_of")
    return Provenance(
        dataset=spec.name, title=spec.title, source=spec.source.name, url=urls[0], urls=urls,
        attribution=spec.source.attribution, licence=spec.source.licence, homepage=spec.source.homepage,
        retrieved_at=retrieved, as_of=pd.Timestamp(as_of) if as_of else None, origin=origin,
        stale=bool(error) or too_old, last_error=error["message"] if error else None, last_error_at=error_at,
        vintage=manifest.get("vintage"), notes=dict(manifest.get("notes") or {}),
        via=manifest.get("via", "network"),
    )
