"""What every page shares: page setup, navigation, notices, and the frame around each chart
(source line, freshness warning, CSV / HTML download, copy link)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import UTC

import pandas as pd
import plotly.graph_objects as go
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from charts.alt import alt_text
from charts.common import plot_config, slug
from charts.export import DATE_COLUMN, table, text
from charts.maps import map_config
from data_sources import scheduler
from data_sources.result import Provenance
from data_sources.schedule import behind_text
from views import Main, Sections, cite, pages
from views.chart import embed_height
from views.cite import APP_NAME, as_of_text, csv_bytes, html_bytes, when

from .plot import per_figure, plot
from .state import Bound

__all__ = ["APP_NAME", "as_of_text", "csv_bytes", "html_bytes", "when"]
def setup(title: str) -> None:
    """Page config and the sidebar navigation; call first on every page."""
    st.set_page_config(page_title=f"{title} · {APP_NAME}", page_icon="🌊", layout="wide")
    if embedded():
        return
    with st.sidebar:
        st.markdown(f"### :material/waves: {APP_NAME}")
        st.caption("Official numbers on Treasury holders, the yen, central-bank gold and reserve currencies.")
        for page in pages():  # every page, in its declared order
            st.page_link(page.file, label=page.nav, icon=page.icon)


def embedded() -> bool:
    """`?embed=true`: show the page's main chart and its source line only."""
    return bool(st.context.is_embedded)


def header(title: str, intro: str, messages: Sequence[str], provs: Sequence[Provenance] = ()) -> None:
    """The page's title and one-paragraph introduction (not when embedded), then any URL notices, and
    one freshness notice for the datasets the page shows."""
    if not embedded():
        st.title(title)
        st.markdown(intro)
        freshness_notice(provs)
    notices(messages)


def notices(messages: Sequence[str]) -> None:
    if messages:
        st.warning("  \n".join(messages), icon=":material/link_off:")


def source_line(provs: Sequence[Provenance], *, warn: bool = False) -> None:
    """Attribution with links, the data's last date and retrieval time; with `warn`, the freshness
    notice for these datasets (an embed, or a chart whose page says nothing else about them)."""
    provs = list({p.dataset: p for p in provs}.values())
    parts = []
    for prov in provs:
        upcoming = (f" (next release usually around {prov.next_release:%Y-%m-%d})"
                    if prov.next_release is not None and not prov.behind else "")
        parts.append(f"[{prov.credit}]({prov.homepage}) — *{prov.title}*, "
                     f"data to **{as_of_text(prov)}**{upcoming}, retrieved {when(prov.retrieved_at)}")
    st.caption("Source: " + " · ".join(parts))
    if warn:
        freshness_notice(provs)


#: What a refresh error means for a reader, by the data layer's error kinds (data_sources.errors):
#: the messages themselves ("expected a connection; found connection failed") are for the log.
PLAIN_ERRORS = (
    ("connection failed", "no connection to the publisher (offline?)"),
    ("timed out", "the publisher did not answer in time"),
    ("timeout", "the publisher did not answer in time"),
    ("fetch failed", "no connection to the publisher (offline?)"),
    ("unexpected content", "the publisher sent something that is not the data file"),
    ("layout changed", "the publisher's file is laid out differently now; the last good release is kept"),
    ("validation failed", "the new figures did not pass the plausibility checks and were not used"),
    ("disagree", "two of the publisher's files disagree; the last good release is kept"),
)
OFFLINE_ERRORS = ("connection failed", "fetch failed", "timed out", "timeout")
PLAIN_MAX = 120


def plain_error(message: str | None) -> str:
    """A refresh error in plain words: 'no connection to the publisher (offline?)', 'the publisher's
    server answered with an error (HTTP 503)'; an unknown one, shortened."""
    text = " ".join(str(message or "").split())
    lowered = text.lower()
    if "http error" in lowered:
        status = re.search(r"found HTTP (\d{3})", text)
        return "the publisher's server answered with an error" + (f" (HTTP {status.group(1)})" if status else "")
    for marker, plain in PLAIN_ERRORS:
        if marker in lowered:
            return plain
    return text if len(text) <= PLAIN_MAX else text[: PLAIN_MAX - 1].rsplit(" ", 1)[0] + "…"


def offline(prov: Provenance) -> bool:
    """Whether the dataset's last refresh failed for want of a connection (a normal state, not a fault)."""
    lowered = (prov.last_error or "").lower()
    return any(marker in lowered for marker in OFFLINE_ERRORS)


def next_try() -> str:
    """When the server's automatic refresh tries again, or how to."""
    job = scheduler.current()
    if job is not None and job.running and job.next_check is not None:
        return f"we will try again at {job.next_check.astimezone(UTC):%H:%M UTC}"
    return "Refresh on the Overview page to try again"


def offline_line(provs: Sequence[Provenance]) -> str:
    """'offline: showing the bundled data of 2026-12-07; we will try again at 10:42 UTC'."""
    kept = [p.retrieved_at for p in provs if p.retrieved_at is not None]
    what = "the bundled data" if all(p.origin == "snapshot" for p in provs) else "the stored data"
    of = f" of {min(kept).astimezone(UTC):%Y-%m-%d}" if kept else ""
    return f"offline: showing {what}{of}; {next_try()}"


def freshness_lines(provs: Sequence[Provenance]) -> list[str]:
    """One line per dataset that is behind its publisher's schedule, could not be refreshed, had
    damage skipped or is served from the bundled snapshot, saying what and how far, in plain words."""
    lines = []
    for prov in {p.dataset: p for p in provs}.values():
        if prov.last_error:
            lines.append(f"{prov.title}: not updated at {when(prov.last_error_at)}: {plain_error(prov.last_error)}; "
                         f"showing the release with data to {as_of_text(prov)}.")
        lines += [f"{prov.title}: {problem}." for problem in prov.problems]
        bundled = "from the bundled snapshot; " if prov.origin == "snapshot" else ""
        if prov.behind:
            lines.append(f"{prov.title}: {bundled}{prov.freshness_text()}.")
        elif bundled and not prov.last_error and not embedded():
            lines.append(f"{prov.title}: from the bundled snapshot (data to {as_of_text(prov)}); the Overview "
                         "page's refresh fetches newer figures.")
    return lines


def freshness_summary(provs: Sequence[Provenance]) -> str:
    """'2 of 3 datasets on this page are behind their publisher's schedule (the furthest: USD/JPY,
    14 months)', or what else is worth knowing; '' when every figure is current."""
    provs = list({p.dataset: p for p in provs}.values())
    behind = sorted((p for p in provs if p.behind), key=lambda p: -p.behind_days)
    unreachable = [p for p in provs if p.last_error and offline(p)]
    failed = [p for p in provs if p.last_error and not offline(p)]
    damaged = [p for p in provs if p.problems]
    parts = []
    if unreachable:
        parts.append(offline_line(unreachable))
    if behind and len(provs) == 1:
        parts.append(f"{behind[0].title}: {behind_text(behind[0].behind_days)} behind the publisher's schedule")
    elif behind:
        furthest = behind[0]
        parts.append(f"{len(behind)} of {len(provs)} datasets here are behind their publisher's schedule (the "
                     f"furthest: {furthest.title}, {behind_text(furthest.behind_days)})")
    if failed:
        parts.append("could not update " + ", ".join(p.title for p in failed[:2]) + (" and others" if len(failed) > 2
                                                                                   else ""))
    if damaged:
        parts.append(f"{len(damaged)} served from an earlier intact release")
    if not parts and any(p.origin == "snapshot" for p in provs) and not embedded():
        parts.append("figures from the bundled snapshot")
    return "; ".join(parts)


def freshness_notice(provs: Sequence[Provenance]) -> None:
    """One calm line for the whole page, opening to the per-dataset lines; in an embed, one line."""
    summary = freshness_summary(provs)
    if not summary:
        return
    text = summary[0].upper() + summary[1:]
    if embedded():
        st.caption(f":material/schedule: {text}.")
        return
    with st.expander(f":material/schedule: {text}", expanded=False):
        for line in freshness_lines(provs):
            st.markdown(f"- {line}")


def chart(fig: go.Figure, *, name: str, provs: Sequence[Provenance], share: cite.Share | None = None,
          key: str | None = None, exports: bool = True, notes: Sequence[str] = ()) -> None:
    """A chart with its source line and exports (CSV of exactly what is plotted, HTML, PNG, link);
    without `exports`, the chart and its source line only (an embed never has them)."""
    filename = cite.file_stem(fig, name)
    is_map = any(getattr(trace, "type", None) == "choropleth" for trace in fig.data)
    as_table_key = f"table-{key or filename}"
    if st.session_state.get(as_table_key) and not embedded():
        data_table(fig)
    else:
        plot(fig, config=map_config(filename) if is_map else plot_config(filename), key=key or f"plot-{filename}",
             alt=per_figure(fig, "alt", alt_text), fit=embedded())
    source_line(provs, warn=embedded())  # on a page, its header says it once for all its charts
    if embedded() or not exports:
        return
    row = st.container(horizontal=True, gap="small", vertical_alignment="center")
    # OWID's Table tab: the chart's own numbers (the CSV's), readable without seeing the chart.
    row.toggle("Table view", key=as_table_key, help="Show the plotted numbers as a table instead of the chart")
    csv_help = ("Exactly the plotted series over the shown range, one column per series, with a header naming "
                "title, units, source and dates")
    html_help = "A standalone interactive chart (works offline)"
    if share is not None and share.csv:
        # A page's main chart: its downloads are the API's answers for the same state. Any replica
        # serves them and a proxy caches them: no file held in one process, so they survive failover.
        row.link_button("Download CSV", share.csv, icon=":material/download:", help=csv_help)
        row.link_button("Download HTML", share.html, icon=":material/code:", help=html_help)
    else:
        link = share.link if share is not None else None
        told = tuple(notes)
        row.download_button("Download CSV", data=lambda f=fig, p=tuple(provs), s=link: csv_bytes(f, p, s, told),
                            file_name=f"{filename}.csv", mime="text/csv", icon=":material/download:",
                            key=f"csv-{key or filename}", on_click="ignore", help=csv_help)
        row.download_button("Download HTML", data=lambda f=fig: html_bytes(f),
                            file_name=f"{filename}.html", mime="text/html", icon=":material/code:",
                            key=f"html-{key or filename}", on_click="ignore", help=html_help)
    if share is not None:
        with row.popover("Share", icon=":material/share:"):
            share_panel(share)


TABLE_DECIMALS_MAX = 3


def data_table(fig: go.Figure) -> None:
    """The chart as a table: its title, then exactly the CSV's rows (newest first for dates)."""
    shown = table(fig)
    dated = DATE_COLUMN in shown.columns
    if dated:
        shown = shown.iloc[::-1]
    title = text(fig.layout.title.text if fig.layout.title is not None else "")
    st.markdown(f"**{title}**" + (" (newest first)" if dated else ""))
    height = int(fig.layout.height or 460) - 40
    # Blanks, not "None", where a row has no value; every number of a column to that column's
    # decimals ("154.00" beside "153.27", not "154").
    text_columns = shown.select_dtypes(exclude="number").columns
    shown = shown.astype(dict.fromkeys(text_columns, object))
    shown[text_columns] = shown[text_columns].where(shown[text_columns].notna(), "")
    config = {c: st.column_config.NumberColumn(format=f"%.{column_decimals(shown[c])}f")
              for c in shown.select_dtypes("float").columns}
    st.dataframe(shown, hide_index=True, height=max(200, height), width="stretch", column_config=config)


def column_decimals(values: pd.Series, most: int = TABLE_DECIMALS_MAX) -> int:
    """The fewest decimals that show every value of a column as it is (at most `most`)."""
    finite = values.dropna().to_numpy(dtype=float)
    for decimals in range(most):
        if (abs(finite - finite.round(decimals)) < 1e-9).all():
            return decimals
    return most


def still(picture: bytes, *, alt: str, provs: Sequence[Provenance], warn: bool = True) -> None:
    """A chart drawn on the server as a picture (`charts.still`), with its source line. Shown as
    wide as the column, up to the picture's own pixels (drawn at 2x): never blurred. A fixed width
    would make Streamlit shrink the picture itself to that many pixels."""
    st.image(picture, alt=alt, width="content")
    source_line(provs, warn=warn)


def share_panel(share: cite.Share) -> None:
    st.caption("Link to this chart, with the same selections:")
    st.code(share.link, language=None, wrap_lines=True)
    st.caption("Embed code (the chart and its source line):")
    st.code(share.embed, language="html", wrap_lines=True)
    if share.csv:
        st.caption("The plotted numbers, for scripts and spreadsheets:")
        st.code(f"{share.csv}\n{share.json}", language=None, wrap_lines=True)
    st.caption("Cite as:")
    st.code(share.citation, language=None, wrap_lines=True)


def main_chart(page: str, main: Main, url: Bound, *, key: str, exports: bool = True) -> bool:
    """A page's main chart (or why there is none), its notes, and (with `exports`) its downloads and
    the share panel for its state; whether there was a chart to draw."""
    if main.fig is None:
        st.info(main.empty, icon=":material/touch_app:")
    else:
        site = cite.public_url() or cite.site_of(st.context.url or "")
        share = (cite.share(site, page, url.current_encoded(), main.provs, cite.chart_title(main.fig),
                            height=embed_height(main))
                 if exports else None)
        chart(main.fig, name=main.name, provs=main.provs, share=share, key=key, exports=exports, notes=main.notes)
    for note in main.notes:
        st.caption(note)
    return main.fig is not None


def page_share(page: str, url: Bound, provs: Sequence[Provenance], title: str) -> cite.Share:
    """Link, embed code and citation for a page's state with a chart in a tab open."""
    site = cite.public_url() or cite.site_of(st.context.url or "")
    return cite.share(site, page, url.current_encoded(), provs, title, data_urls=False)


def section_tabs(url: Bound, sections: Sections, param: str = "section") -> tuple[str, DeltaGenerator]:
    """Tabs for a page's secondary analyses: returns the open tab's id and container.

    Only the open tab's code runs (lazy tabs: `on_change="rerun"`), so the main chart above is not
    kept waiting, and the open tab is part of the page's URL state like any other widget. The tabs
    show labels; the URL and the page's dispatch use the sections' ids."""
    labels = list(sections.labels)
    tabs = st.tabs(labels, default=sections.get(url[param]).label, key=url.key(param), on_change="rerun")
    for section, tab in zip(sections, tabs, strict=True):
        if tab.open:
            return section.id, tab
    opened = sections.get(url.live(param)) or sections[0]
    return opened.id, tabs[labels.index(opened.label)]


TABLE_DECIMALS = 3


def table_download(frame: pd.DataFrame, *, name: str, key: str) -> None:
    """A table as CSV, its numbers without float noise (-40.9, not -40.90000000000009): no official
    figure here has more than three decimals, and a difference of two has no more than they have."""
    clean = frame.round(dict.fromkeys(frame.select_dtypes("float").columns, TABLE_DECIMALS))
    st.download_button("Download table (CSV)", data=lambda f=clean: f.to_csv(index=False).encode("utf-8"),
                       file_name=f"dollar-tide_{slug(name)}.csv", mime="text/csv", icon=":material/download:",
                       key=key, on_click="ignore")
