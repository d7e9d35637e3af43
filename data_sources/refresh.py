"""Refresh: fetch each dataset's resources, parse, validate against the stored release, store."""

from __future__ import annotations

import contextlib
import hashlib
import os
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import numpy as np
import pandas as pd
import requests

from . import catalogue, due, paths, shared
from .catalogue import DatasetSpec, Resource
from .errors import (
    CombineError,
    ConnectionFailed,
    ContentError,
    DataSourceError,
    HTTPStatusError,
    LayoutError,
    ParseError,
)
from .http import RESOURCE_DEADLINE_S, Fetched, fetch, forget, make_session, retry_policy, scrub
from .sources._common import conform
from .store import Store
from .validate import RESOURCE_COLUMN, validate

DISCOVER_ON_STATUS = (404, 410)
UNREACHABLE_HOSTS_TO_STOP = 2  # this many publishers' hosts without a connection: the network is down

QUICK_LOCK_WAIT_S = 30.0  # the UI's refresh button: say "busy" rather than spin for minutes


@dataclass
class Report:
    """One line of the refresh log."""

    name: str
    ok: bool
    rows: int = 0
    first: pd.Timestamp | None = None
    last: pd.Timestamp | None = None
    origin: str = ""
    seconds: float = 0.0
    error: str | None = None
    warnings: list[str] = field(default_factory=list)
    new_vintage: bool = False
    unreachable: bool = False  # no connection at all (DNS, refused, unreachable), not a bad answer
    skipped: str = ""  # not fetched: why (another replica refreshed it while this one waited)

    def line(self) -> str:
        if self.skipped:
            return f"ok  {self.name:<18} skipped: {self.skipped}"
        has_span = self.first is not None and self.last is not None
        span = f"{self.first.date()} → {self.last.date()}" if has_span else "-"  # type: ignore[union-attr]
        status = "ok " if self.ok else "ERR"
        origin = self.origin or "-"
        text = f"{status} {self.name:<18} {self.rows:>7,} rows  {span:<25} {origin:<6} {self.seconds:6.2f} s"
        if self.new_vintage:
            text += "  new release"
        if self.error:
            text += f"  error: {self.error}"
        for warning in self.warnings:
            text += f"  warning: {warning}"
        return text


@dataclass(frozen=True)
class Settings:
    """What a refresh needs besides the catalogue; all explicit so tests can swap each one."""

    session: requests.Session
    store: Store
    fallback: Store | None = None  # compared against when `store` has no release yet (the snapshot)
    api_keys: Mapping[str, str] = field(default_factory=dict)
    use_keys: bool = True
    via: str = "network"  # recorded in the manifest: the official URLs, or an offline mirror of them
    deadline: float = RESOURCE_DEADLINE_S  # seconds for one resource, retries and slow bodies included
    accept_dropped: bool = False  # the operator confirms that series really left the publisher's files
    redis_url: str | None = None  # replicas share the HTTP cache and take a per-dataset refresh lock there
    lock_wait: float = shared.LOCK_WAIT_S  # how long to wait for another replica's refresh of a dataset
    recheck_due: bool = False  # scheduled refreshes: once the lock is ours, fetch only if still due


def default_settings(*, mirror: Path | None = None, snapshot: bool = False, home: Path | None = None,
                     api_keys: Mapping[str, str] | None = None, quick: bool = False) -> Settings:
    """Settings for the command line and the UI: user cache dir, real network unless `mirror`.
    `quick` (the UI's button): one retry, short backoff, so an offline reader hears so in seconds."""
    mirror = mirror or paths.mirror_dir()
    retry = retry_policy(total=1, backoff=0.3) if quick else None
    redis = shared.redis_url()
    session = make_session(paths.http_cache_path(home), mirror=mirror, retry=retry, redis_url=redis)
    snapshot_store = Store(paths.snapshot_dir(), keep_vintages=False)
    store = snapshot_store if snapshot else Store(paths.store_dir(home))
    keys = dict(api_keys or {})
    for env in catalogue.key_envs():  # each keyed resource names its own variable (a publisher's keyed API)
        if env not in keys and os.environ.get(env):
            keys[env] = os.environ[env]
    via = f"offline mirror of the official URLs ({mirror.resolve().name})" if mirror else "network"
    return Settings(session=session, store=store, fallback=None if snapshot else snapshot_store,
                    api_keys=keys, use_keys=mirror is None, via=via, redis_url=redis,
                    lock_wait=QUICK_LOCK_WAIT_S if quick else shared.LOCK_WAIT_S)


def refresh(names: Iterable[str] | None = None, settings: Settings | None = None) -> list[Report]:
    """Refresh each dataset in turn. Once two publishers' hosts cannot be reached at all, the rest
    are not tried (the network is down): their reports say so and their stores are untouched."""
    settings = settings or default_settings()
    specs = [catalogue.get(n) for n in names] if names else list(catalogue.DATASETS)
    reports: list[Report] = []
    unreachable: set[str] = set()
    for spec in specs:
        if len(unreachable) >= UNREACHABLE_HOSTS_TO_STOP:
            reports.append(Report(spec.name, ok=False, unreachable=True,
                                  error=f"{spec.source.name}: not tried: {len(unreachable)} other official sources "
                                        "could not be reached (no network?)"))
            continue
        report = refresh_one(spec, settings)
        if report.unreachable:
            unreachable.add(urlsplit(spec.url).hostname or spec.url)
        reports.append(report)
    return reports


def refresh_one(spec: DatasetSpec, settings: Settings) -> Report:
    """Fetch, parse, validate and store one dataset. Never raises: one dataset's failure (or a bug
    it hits) is its own report line, and the other datasets still refresh."""
    started = time.perf_counter()
    report = Report(spec.name, ok=False)
    fetched: dict[str, Fetched] = {}
    source_failed = True  # recorded against the dataset (and its backoff) unless the failure was ours
    try:
        with shared.refresh_lock(spec.name, settings.redis_url, wait=settings.lock_wait):  # one replica at a time
            if settings.recheck_due and not due.decide(spec.name, settings.store, datetime.now(UTC)).due:
                report.ok, report.skipped = True, "no longer due (refreshed meanwhile, by another replica)"
            else:
                _refresh_locked(spec, settings, fetched, report)
    except DataSourceError as exc:
        report.error = str(exc)
        report.unreachable = isinstance(exc, ConnectionFailed)
    except shared.CoordinationError as exc:  # waited on another replica: not this source's failure
        report.error, source_failed = f"{spec.source.name}: {exc}", False
    except OSError as exc:  # the store cannot be written or is locked: nothing to record it in
        report.error = f"{spec.source.name}: {exc}"
    except Exception as exc:  # a bug in one reader must not stop the other datasets
        report.error = f"{spec.source.name}: unexpected {type(exc).__name__} while refreshing: {exc}"
    if report.error:
        report.error = scrub(report.error, tuple(settings.api_keys.values()))
    if report.error and source_failed:
        forget(settings.session, [got.cache_key for got in fetched.values() if got.cache_key])
        _record_error(settings.store, spec.name, report.error)
    report.seconds = time.perf_counter() - started
    return report


def _refresh_locked(spec: DatasetSpec, settings: Settings, fetched: dict[str, Fetched], report: Report) -> None:
    """Fetch, parse, combine, validate and write, filling in `report`; raises on any failure."""
    parts, skipped = _fetch_and_parse(spec, settings, fetched)
    frame = _combine(spec, parts, fetched)
    notes = _notes({**parts, "": frame})  # the combiner may note what only the files together show (gaps)
    # Which series each optional file gave this release: if it fails later, exactly these are kept.
    notes["optional_series"] = {r.key: sorted(frame.loc[frame[RESOURCE_COLUMN] == r.key, "series"].unique())
                                for r in spec.resources if r.optional and r.key not in skipped}
    with settings.store.lock(spec.name):
        previous, previous_manifest = _previous(spec.name, settings)
        frame, warnings = _carry_over(frame, previous, previous_manifest, skipped, notes)
        urls = {key: got.url for key, got in fetched.items()}
        urls.update({key: _shown_url(spec, key) for key in skipped})
        today = datetime.now(UTC).date()
        warnings += validate(frame, spec, previous, urls, today, accept_dropped=settings.accept_dropped)
        frame = frame.drop(columns=RESOURCE_COLUMN)
        manifest = _manifest(spec, frame, list(fetched.values()), notes, settings)
        report.new_vintage = settings.store.write(spec.name, frame, manifest)
    report.ok, report.rows, report.origin = True, len(frame), manifest["origin"]
    report.first, report.last = frame["date"].min(), frame["date"].max()
    report.warnings = warnings


def _record_error(store: Store, name: str, message: str) -> None:
    with contextlib.suppress(OSError):  # read-only or locked store: the report line still says it
        store.record_error(name, message)


def _shown_url(spec: DatasetSpec, key: str) -> str:
    return next(r.url for r in spec.resources if r.key == key)


def _combine(spec: DatasetSpec, parts: Mapping[str, pd.DataFrame | None],
             fetched: Mapping[str, Fetched]) -> pd.DataFrame:
    """The dataset's frame, each row tagged with the resource it came from."""
    tagged = {key: None if part is None else part.assign(**{RESOURCE_COLUMN: key}) for key, part in parts.items()}
    try:
        return conform(spec.combine(tagged), spec.extra_columns)
    except CombineError as exc:
        got = fetched.get(exc.resource)
        url = got.url if got else _shown_url(spec, exc.resource)
        raise LayoutError(spec.source.name, url, exc.expected, exc.found) from None


def _carry_over(frame: pd.DataFrame, previous: pd.DataFrame | None, previous_manifest: dict[str, Any] | None,
                skipped: Mapping[str, str], notes: dict[str, Any]) -> tuple[pd.DataFrame, list[str]]:
    """When an optional resource failed, keep the series it gave the previous release, so that a
    source's hiccup never makes holders vanish; the manifest notes say what was carried over and
    from when (the date those figures were really fetched, across several failures in a row)."""
    if not skipped:
        return frame, []
    key = ", ".join(skipped)
    reason = "; ".join(skipped.values())
    if previous is None or previous.empty:
        notes["carried_over"] = {"resources": list(skipped), "reason": reason, "series": 0}
        return frame, [f"optional {key} skipped ({reason}); no earlier release to keep its series from"]
    old_notes = (previous_manifest or {}).get("notes") or {}
    given = old_notes.get("optional_series") or {}
    if "source" in previous.columns and "source" in frame.columns:
        # Each point names its file: keep exactly the figures the failed file gave, where no other does.
        mine = previous[previous["source"].isin(list(skipped))]
        have = pd.MultiIndex.from_frame(frame[["date", "series"]])
        kept = mine[~pd.MultiIndex.from_frame(mine[["date", "series"]]).isin(have)]
    else:
        wanted: set[str] = set()
        for resource in skipped:
            wanted |= set(given.get(resource, [])) if resource in given else set(previous["series"])
        kept = previous[previous["series"].isin(wanted - set(frame["series"]))]
    kept = kept.assign(**{RESOURCE_COLUMN: next(iter(skipped))})
    for column in frame.columns.difference(kept.columns):  # a release from before a column existed
        kind = frame[column].dtype
        empty = False if pd.api.types.is_bool_dtype(kind) else np.nan if pd.api.types.is_float_dtype(kind) else ""
        kept[column] = empty
    if "source" in frame.columns and "source" not in previous.columns:
        kept["source"] = next(iter(skipped))  # the series the failed file gave, in a release from before `source`
    out = conform(pd.concat([frame, kept[frame.columns]], ignore_index=True), None)
    earlier = old_notes.get("carried_over") or {}
    since = (earlier.get("from_retrieved_at") if earlier.get("series") and set(earlier.get("resources", []))
             >= set(skipped) else None) or (previous_manifest or {}).get("retrieved_at")
    notes["optional_series"] = {**notes.get("optional_series", {}), **{k: given[k] for k in skipped if k in given}}
    notes["carried_over"] = {"resources": list(skipped), "reason": reason, "series": int(kept["series"].nunique()),
                             "rows": len(kept), "from_vintage": (previous_manifest or {}).get("vintage"),
                             "from_retrieved_at": since}
    return out, [f"optional {key} failed ({reason}); kept its {kept['series'].nunique()} series from the "
                 f"release retrieved {since}"]


def _fetch_and_parse(spec: DatasetSpec, settings: Settings, fetched: dict[str, Fetched]
                     ) -> tuple[dict[str, pd.DataFrame | None], dict[str, str]]:
    """Each resource's frame (None where an optional one failed) and why the optional ones failed."""
    parts: dict[str, pd.DataFrame | None] = {}
    skipped: dict[str, str] = {}
    for resource in spec.resources:
        try:
            got, parse = _get(spec, resource, settings)
            fetched[resource.key] = got
            parts[resource.key] = _parse(spec, parse, got)
        except DataSourceError as exc:
            if not resource.optional:
                raise
            forget(settings.session, [got.cache_key] if (got := fetched.pop(resource.key, None)) else [])
            parts[resource.key] = None
            skipped[resource.key] = f"{exc.kind} at {exc.url}: expected {exc.expected}; found {exc.found}"
    return parts, skipped


def _get(spec: DatasetSpec, resource: Resource, settings: Settings) -> tuple[Fetched, Any]:
    """Fetch one resource: keyed API if configured, else the public URL; rediscover a moved URL."""
    secrets = tuple(settings.api_keys.values())
    common = {"source": spec.source.name, "expect": resource.expect, "body": resource.body,
              "headers": dict(resource.headers), "expire_after": spec.expire_after, "secrets": secrets,
              "total_deadline": settings.deadline}
    keyed = resource.keyed
    if keyed and settings.use_keys and settings.api_keys.get(keyed.env):
        sep = "&" if "?" in keyed.url else "?"
        url = f"{keyed.url}{sep}{keyed.param}={settings.api_keys[keyed.env]}"
        return fetch(settings.session, url, **{**common, "expect": keyed.expect}), keyed.parse
    url = os.environ.get(resource.url_env, "") if resource.url_env else ""
    url = url or resource.url
    try:
        return fetch(settings.session, url, **common), resource.parse
    except (HTTPStatusError, ContentError) as exc:
        moved = isinstance(exc, ContentError) or exc.status in DISCOVER_ON_STATUS
        if not (moved and resource.discovery_page and resource.discover):
            raise
        try:
            page = fetch(settings.session, resource.discovery_page, source=spec.source.name,
                         expect="the page that links the current file", body="html", secrets=secrets,
                         total_deadline=settings.deadline)
        except DataSourceError:
            raise exc from None  # the configured URL's failure is the one worth reporting
        found = resource.discover(page.body, resource.discovery_page)
        if not found:  # the site changed: say which page was searched, and for what
            raise LayoutError(spec.source.name, resource.discovery_page,
                              f"a link to the current file ({resource.expect}) on this page, since {url} failed "
                              f"({exc.found})", "no such link on the page") from None
        if found == url:
            raise
        return fetch(settings.session, found, **common), resource.parse


def _parse(spec: DatasetSpec, parse: Any, got: Fetched) -> pd.DataFrame:
    try:
        return parse(got.body)
    except ParseError as exc:
        raise LayoutError(spec.source.name, got.url, exc.expected, exc.found) from None
    except Exception as exc:  # garbage bytes can trip a library reader anywhere
        raise LayoutError(spec.source.name, got.url, "a readable file",
                          f"{type(exc).__name__}: {str(exc)[:120]}") from None


def _previous(name: str, settings: Settings) -> tuple[pd.DataFrame | None, dict[str, Any] | None]:
    """The release a new one is checked against: the store's newest intact one, else the snapshot's."""
    for store in (settings.store, settings.fallback):
        if store is None:
            continue
        release = store.current(name)
        if release is not None:
            return release.frame, release.manifest
    return None, None


def _notes(parts: Mapping[str, pd.DataFrame | None]) -> dict[str, Any]:
    """Each resource's `frame.attrs`, merged: several files' notes on the same key add up (lists are
    joined, dicts merged key by key) rather than the last file's replacing the others'."""
    notes: dict[str, Any] = {}
    for frame in parts.values():
        if frame is None:
            continue
        for key, value in frame.attrs.items():
            before = notes.get(key)
            if isinstance(before, list) and isinstance(value, list):
                notes[key] = before + [v for v in value if v not in before]
            elif isinstance(before, dict) and isinstance(value, dict):
                merged = dict(before)
                for k, v in value.items():
                    old = merged.get(k)
                    both = isinstance(old, list) and isinstance(v, list)
                    merged[k] = old + [x for x in v if x not in old] if both else v
                notes[key] = merged
            else:
                notes[key] = value
    return notes


def _manifest(spec: DatasetSpec, frame: pd.DataFrame, fetched: list[Fetched], notes: dict[str, Any],
              settings: Settings) -> dict[str, Any]:
    # The release id covers the bytes fetched *and* the frame made of them: a parser fix, or series
    # carried over from an earlier release, is a different release even when the files are not.
    content = pd.util.hash_pandas_object(frame, index=False).to_numpy().tobytes() + ",".join(frame.columns).encode()
    digest = hashlib.sha256("".join(f.sha256 for f in fetched).encode() + content).hexdigest()
    retrieved = max(f.fetched_at for f in fetched)
    return {
        "dataset": spec.name,
        "title": spec.title,
        "source": spec.source.name,
        "attribution": spec.source.attribution,
        "licence": spec.source.licence,
        "urls": [{"url": f.url, "sha256": f.sha256, "bytes": len(f.body), "from_cache": f.from_cache,
                  "fetched_at": f.fetched_at.isoformat()} for f in fetched],
        "retrieved_at": retrieved.isoformat(),
        "as_of": str(frame["date"].max().date()),
        "first_date": str(frame["date"].min().date()),
        "rows": len(frame),
        "series": int(frame["series"].nunique()),
        "vintage": digest[:16],
        "origin": "cache" if all(f.from_cache for f in fetched) else "live",
        "via": settings.via,
        "notes": notes,
        "last_error": None,
        "last_attempt": datetime.now(UTC).isoformat(),
    }
