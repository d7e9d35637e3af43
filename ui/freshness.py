"""The overview's data-freshness panel and its non-blocking refresh button."""

from __future__ import annotations

import os
from collections.abc import Sequence
from datetime import UTC, datetime
from types import ModuleType

import pandas as pd
import streamlit as st

from data_sources import scheduler
from data_sources.catalogue import CATALOGUE, key_envs
from data_sources.refresh import Settings, default_settings
from data_sources.result import Provenance

from .chrome import offline, plain_error, when

POLL_SECONDS = 2


def table(provs: Sequence[Provenance], now: datetime | None = None) -> pd.DataFrame:
    now = now or datetime.now(UTC)
    rows = []
    for p in provs:
        status = ("offline" if p.last_error and offline(p) else "not updated" if p.last_error
                  else "see notes" if p.problems
                  else "behind schedule" if p.behind else "stale" if p.stale else "fresh")
        rows.append({
            "dataset": p.title,
            "data to": (p.as_of.strftime("%Y-%m-%d") if p.as_of is not None else "")
            + (f" ({p.lagging[0]} to {p.lagging[1]:%Y-%m-%d})" if p.lagging else ""),
            "schedule": p.schedule_text(now),
            "retrieved": when(p.retrieved_at),
            "age": p.age_text(now),
            "origin": p.origin_label,
            "status": status,
            "source": p.source,
            "last error": plain_error(p.last_error) if p.last_error else "; ".join(p.problems),
        })
    return pd.DataFrame(rows)


def age_line(provs: Sequence[Provenance], now: datetime | None = None) -> str:
    """How old the figures are, for the overview's first screen: 'Figures retrieved 2026-12-07 08:37
    UTC (bundled snapshot), 5 h ago; the oldest data: ...'."""
    now = now or datetime.now(UTC)
    kept = [p for p in provs if p.retrieved_at is not None]
    if not kept:
        return "No figures retrieved yet."
    oldest = min(kept, key=lambda p: p.retrieved_at or now)
    origins = sorted({p.origin_label for p in kept})
    behind = [p for p in kept if p.behind]
    tail = (f"; {len(behind)} of {len(provs)} datasets behind their publisher's schedule" if behind
            else "; every dataset on its publisher's schedule")
    return (f":material/schedule: Figures retrieved {when(oldest.retrieved_at)} ({', '.join(origins)}), "
            f"{oldest.age_text(now)} ago{tail}. Details under *Data freshness* below.")


def schedule_caption(now: datetime | None = None) -> str:
    """What the server's automatic refresh will do next (or why it does not run here)."""
    job = scheduler.current()
    if not scheduler.enabled():
        return "Automatic refresh is off (DOLLAR_TIDE_AUTO_REFRESH=0): refresh here or run `refresh --due` from cron."
    if job is None or not job.running:
        return "Automatic refresh runs in the server started with `streamlit run app.py`; not in this process."
    when_next = f"next check at {when(job.next_check)}" if job.next_check else "first check shortly"
    last = f"; last check {when(job.last_check)}" if job.last_check else ""
    return (f"Automatic refresh: {when_next} (every {job.interval / 60:.0f} min, only datasets whose next "
            f"release is due — see *schedule* above — or whose last attempt failed){last}.")


def _settings() -> Settings:
    """The UI's refresh: network (or $DOLLAR_TIDE_MIRROR), API keys (each keyed resource's variable,
    `catalogue.key_envs`) from the environment or Streamlit secrets."""
    keys = {}
    for env in key_envs():
        try:
            key = st.secrets.get(env)
        except (FileNotFoundError, st.errors.StreamlitSecretNotFoundError):
            key = None  # no secrets file: the environment variable may still hold it
        if key or os.environ.get(env):
            keys[env] = str(key or os.environ[env])
    return default_settings(api_keys=keys, quick=True)


def refresh_controls(background: ModuleType) -> None:
    job = background.current()
    running = job is not None and job.running
    if st.button("Refresh all datasets from the official sources", icon=":material/refresh:", disabled=running,
                 help="Runs in the background; the pages keep working with the data they have."):
        settings = _settings()
        background.start(settings=lambda: settings)
        st.rerun()  # draw the button disabled at once
    if running:
        _progress(background)
    elif job is not None and job.finished is not None:
        _report(job)


@st.fragment(run_every=POLL_SECONDS)
def _progress(background: ModuleType) -> None:
    job = background.current()
    if job is None:
        return
    if job.running:
        seconds = (datetime.now(UTC) - job.started).total_seconds()
        st.info(f"Refreshing in the background for {seconds:.0f} s… the dashboard stays usable.",
                icon=":material/hourglass_top:")
    else:
        st.rerun(scope="app")  # new releases change the data version: every view reloads them


def _report(job: object, now: datetime | None = None) -> None:
    """The last refresh in plain words; each source's full error behind an expander."""
    reports = getattr(job, "reports", [])
    crash = getattr(job, "crash", None)
    finished = getattr(job, "finished", None)
    if crash:
        st.error(f"The refresh stopped ({when(finished)}): {crash}")
        return
    failed = [r for r in reports if not r.ok]
    if not failed:
        st.success(f"Last refresh ({when(finished)}): all {len(reports)} datasets checked.")
        return
    if all(r.unreachable for r in failed) and len(failed) == len(reports):
        st.warning(f"The official sources could not be reached ({when(finished)}; no network?). The dashboard "
                   "keeps showing the releases it has — see *data to* in the table above.", icon=":material/wifi_off:")
    else:
        names = ", ".join(CATALOGUE[r.name].title for r in failed if r.name in CATALOGUE)
        st.warning(f"Last refresh ({when(finished)}): {len(reports) - len(failed)} of {len(reports)} datasets "
                   f"updated. Not updated, and still showing their previous release: {names}.")
    with st.expander("Details of what failed"):
        for r in failed:
            st.markdown(f"**{r.name}**")
            st.code(r.error or "", language=None, wrap_lines=True)
