"""The overview's data-freshness panel and its non-blocking refresh button."""

from __future__ import annotations

import os
from collections.abc import Sequence
from datetime import UTC, datetime
from types import ModuleType

import pandas as pd
import streamlit as st

from data_sources.refresh import Settings, default_settings
from data_sources.result import Provenance

from .chrome import when

POLL_SECONDS = 2


def table(provs: Sequence[Provenance], now: datetime | None = None) -> pd.DataFrame:
    now = now or datetime.now(UTC)
    rows = []
    for p in provs:
        status = ("refresh failed" if p.last_error else "damaged file skipped" if p.problems
                  else "behind schedule" if p.behind else "stale" if p.stale else "fresh")
        rows.append({
            "dataset": p.title,
            "data to": p.as_of.strftime("%Y-%m-%d") if p.as_of is not None else "",
            "schedule": p.schedule_text(now),
            "retrieved": when(p.retrieved_at),
            "age": p.age_text(now),
            "origin": p.origin_label,
            "status": status,
            "source": p.source,
            "last error": p.last_error or "; ".join(p.problems),
        })
    return pd.DataFrame(rows)


def _settings() -> Settings:
    """The UI's refresh: network (or $DOLLAR_TIDE_MIRROR), FRED key from env or Streamlit secrets."""
    keys = {}
    try:
        key = st.secrets.get("FRED_API_KEY")
    except (FileNotFoundError, st.errors.StreamlitSecretNotFoundError):
        key = None  # no secrets file: the environment variable may still hold it
    if key or os.environ.get("FRED_API_KEY"):
        keys["FRED_API_KEY"] = str(key or os.environ["FRED_API_KEY"])
    return default_settings(api_keys=keys)


def refresh_controls(background: ModuleType) -> None:
    job = background.current()
    running = job is not None and job.running
    if st.button("Refresh all datasets from the official sources", icon=":material/refresh:", disabled=running,
                 help="Runs in the background; the pages keep working with the data they have."):
        settings = _settings()
        job = background.start(settings=lambda: settings)
        running = True
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


def _report(job: object) -> None:
    reports = getattr(job, "reports", [])
    crash = getattr(job, "crash", None)
    if crash:
        st.error(f"The refresh stopped: {crash}")
        return
    failed = [r for r in reports if not r.ok]
    finished = getattr(job, "finished", None)
    if failed:
        st.warning(f"Last refresh ({when(finished)}): {len(reports) - len(failed)} of {len(reports)} datasets "
                   "updated; the others keep their previous release.  \n" +
                   "  \n".join(f"**{r.name}**: {r.error}" for r in failed))
    else:
        st.success(f"Last refresh ({when(finished)}): all {len(reports)} datasets checked.")
