"""What `load()` returns: the data together with where it came from (pandas-datareader style)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any, Literal

import pandas as pd

from .catalogue import DatasetSpec, SeriesInfo
from .schedule import behind_text

Origin = Literal["live", "cache", "snapshot"]
ORIGIN_LABELS = {"live": "fetched live", "cache": "from the HTTP cache", "snapshot": "bundled snapshot"}
CLOCK_SKEW = timedelta(minutes=10)  # a stored time further ahead than this is not believed


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
    problems: tuple[str, ...] = ()  # damaged store files skipped, parts carried over, clock skew
    cadence: str = ""  # the publisher's release cadence, in words
    expected_as_of: date | None = None  # the newest observation usually out by now
    behind_days: int = 0  # how long the next observation is overdue (0: on schedule)
    next_release: date | None = None  # when the observation after `as_of` is usually published
    lagging: tuple[str, date] | None = None  # a headline series that ends well before `as_of`

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
    def credit(self) -> str:
        """The attribution without its 'Source: ' lead ('U.S. Department of the Treasury (TIC)')."""
        return self.attribution.removeprefix("Source: ")

    @property
    def revisions(self) -> dict[str, str]:
        """Year → the ISO date the publisher last revised it (TIC's footer), newest year first."""
        found = {}
        for year, day in (self.notes.get("revisions") or {}).items():
            parsed = pd.to_datetime(str(day), errors="coerce")
            found[str(year)] = f"{parsed:%Y-%m-%d}" if not pd.isna(parsed) else str(day)
        return dict(sorted(found.items(), reverse=True))

    def revision_text(self, years: Iterable[int] | None = None) -> str:
        """'2025 on 2026-05-18, 2024 on 2026-01-15': when the publisher last revised each year (the
        years given, else all); '' where it says nothing."""
        wanted = None if years is None else {str(y) for y in years}
        return ", ".join(f"{y} on {d}" for y, d in self.revisions.items() if wanted is None or y in wanted)

    def series_notes(self, series_id: str) -> list[str]:
        """What the publisher's footnotes and notes say about one series (composition, definition)."""
        footnotes, notes = self.notes.get("footnotes") or {}, self.notes.get("series_notes") or {}
        return [*footnotes.get(series_id, []), *notes.get(series_id, [])]

    @property
    def origin_label(self) -> str:
        return ORIGIN_LABELS[self.origin]

    @property
    def behind(self) -> bool:
        return self.behind_days > 0

    def schedule_text(self, now: datetime | None = None) -> str:
        """'14 months behind its usual schedule' or 'on schedule; next release usually around …'."""
        if self.behind:
            return f"{behind_text(self.behind_days)} behind its usual schedule"
        if self.next_release is not None:
            today = (now or datetime.now(UTC)).date()
            if self.next_release < today:
                return f"the next release, expected around {self.next_release:%Y-%m-%d}, is not out yet"
            return f"on schedule; next release usually around {self.next_release:%Y-%m-%d}"
        return "published as events happen"

    def freshness_text(self, now: datetime | None = None) -> str:
        """Both ages: 'data to 2025-09-26, 14 months behind its usual schedule; retrieved 4 h ago'."""
        data = f"data to {self.as_of:%Y-%m-%d}" if self.as_of is not None else "no data date"
        if self.lagging is not None:
            data += f" ({self.lagging[0]} to {self.lagging[1]:%Y-%m-%d})"
        age = self.age_text(now)
        retrieved = f"retrieved {age} ago" if age else "retrieval time unknown"
        return f"{data}, {self.schedule_text(now)}; {retrieved}"


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

    def decimals(self, series_id: str) -> int:
        """The decimals its publisher gives this series (the catalogue's)."""
        return self.spec.decimals_for(series_id)

    def series_ids(self) -> list[str]:
        return sorted(self.frame["series"].unique().tolist())

    def series(self, series_id: str) -> pd.Series:
        """One series as a date-indexed float Series."""
        rows = self.frame.loc[self.frame["series"] == series_id]
        return pd.Series(rows["value"].to_numpy(), index=pd.DatetimeIndex(rows["date"]), name=series_id)


def parse_time(value: object) -> datetime | None:
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(str(value))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def headline_ends(spec: DatasetSpec, frame: pd.DataFrame) -> tuple[pd.Timestamp | None, tuple[str, date] | None]:
    """The data's last date, and the required series that ends first if it ends a period earlier."""
    if frame.empty:
        return None, None
    as_of = pd.Timestamp(frame["date"].max())
    # Judge by the series published at the dataset's cadence (rates: the daily ones, not the monthly).
    kind = spec.cadence.frequency
    headline = [s for s in spec.required_series if kind is None or spec.series_info(s).frequency.startswith(kind)]
    ends = frame[frame["series"].isin(headline or spec.required_series)].groupby("series")["date"].max()
    if ends.empty:
        return as_of, None
    first = ends.idxmin()
    if spec.cadence.next_period_end(ends[first].date()) > as_of.date():
        return as_of, None
    return as_of, (spec.series_info(str(first)).title, ends[first].date())


def provenance_from_manifest(spec: DatasetSpec, manifest: dict[str, Any], origin: Origin,
                             status: dict[str, Any] | None, now: datetime, *, as_of: pd.Timestamp | None = None,
                             problems: tuple[str, ...] = (), lagging: tuple[str, date] | None = None) -> Provenance:
    """Provenance of a stored release; `status` is the user store's manifest, which carries the
    last refresh error even while the snapshot is what gets served. `as_of` comes from the data
    itself (a stored date can be edited or skewed); freshness is judged from it and the cadence."""
    problems = tuple(problems)
    retrieved = parse_time(manifest.get("retrieved_at"))
    if retrieved is not None and retrieved > now + CLOCK_SKEW:
        problems += (f"the recorded retrieval time {retrieved:%Y-%m-%d %H:%M} UTC is in the future "
                     "(clock skew or an edited file); not trusted",)
        retrieved = None
    error = (status or {}).get("last_error") or None
    error = error if isinstance(error, dict) and error.get("message") else None
    error_at = parse_time(error.get("at")) if error else None
    carried = (manifest.get("notes") or {}).get("carried_over")
    if carried and carried.get("series"):
        problems += (f"{', '.join(carried['resources'])} could not be read at the last refresh; "
                     f"its {carried['series']} series are kept from the release retrieved "
                     f"{str(carried.get('from_retrieved_at') or '')[:10]}",)
    if as_of is None and manifest.get("as_of"):
        as_of = pd.Timestamp(str(manifest["as_of"]))
    today = now.date()
    cadence = spec.cadence
    judged = lagging[1] if lagging else (as_of.date() if as_of is not None else None)
    behind = cadence.days_behind(judged, today)
    too_old = retrieved is None or now - retrieved > spec.stale_after
    urls = tuple(u["url"] for u in manifest.get("urls", []) if isinstance(u, dict) and u.get("url"))
    urls = urls or tuple(r.url for r in spec.resources)
    return Provenance(
        dataset=spec.name, title=spec.title, source=spec.source.name, url=urls[0], urls=urls,
        attribution=spec.source.attribution, licence=spec.source.licence, homepage=spec.source.homepage,
        retrieved_at=retrieved, as_of=as_of, origin=origin,
        stale=bool(error) or too_old or behind > 0 or bool(problems),
        last_error=error["message"] if error else None, last_error_at=error_at,
        vintage=manifest.get("vintage"), notes=dict(manifest.get("notes") or {}),
        via=manifest.get("via", "network"), problems=problems, cadence=cadence.text,
        expected_as_of=cadence.expected_as_of(today),
        behind_days=behind, next_release=cadence.next_release(judged) if judged is not None else None,
        lagging=lagging,
    )
