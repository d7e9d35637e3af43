"""How a chart is cited and shared: its CSV header, a citation line, and the links to it (embed,
data URLs, preview image). Pure: the page's share popover and the HTTP API both use it."""

from __future__ import annotations

import html
import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urlsplit

import plotly.graph_objects as go

from charts import export
from charts.common import slug, to_html
from data_sources.result import Provenance

from .urlstate import query_string

APP_NAME = "Dollar Tide"
#: The deployment's public root (e.g. https://dollar-tide.example.org): when set, every absolute link
#: the app writes (previews, API answers, CSV headers, share panel, embed code) uses it.
PUBLIC_URL_ENV = "DOLLAR_TIDE_PUBLIC_URL"
EMBED_SIZE = (900, 640)  # an embed's size where its chart's height is not known


def public_url() -> str | None:
    """`DOLLAR_TIDE_PUBLIC_URL` without its trailing slash; None when unset or not an http(s) URL."""
    raw = os.environ.get(PUBLIC_URL_ENV, "").strip().rstrip("/")
    parts = urlsplit(raw)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        return None
    return raw


def when(moment: datetime | None) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC") if moment else "unknown"


def as_of_text(prov: Provenance) -> str:
    return prov.as_of.strftime("%Y-%m-%d") if prov.as_of is not None else "unknown"


def chart_title(fig: go.Figure) -> str:
    text = str(fig.layout.title.text or "") if fig.layout.title else ""
    return text.replace("<br>", " ") or "Dollar Tide chart"


def file_stem(fig: go.Figure, name: str) -> str:
    """A chart's download name, the page's buttons and the API alike: 'dollar-tide_<name>_to-<last date>'."""
    newest = export.last_date(fig)
    return f"dollar-tide_{slug(name)}" + (f"_to-{newest}" if newest else "")


def csv_bytes(fig: go.Figure, provs: Sequence[Provenance] = (), link: str | None = None,
              notes: Sequence[str] = ()) -> bytes:
    """The chart's CSV: a `# key: value` header (FRED's downloads are the model), then the table;
    `notes` are what the page says under the chart (breaks, footnotes), one `# note:` line each."""
    header = [("title", chart_title(fig)), ("source", " · ".join(p.credit for p in provs)),
              ("urls", " ".join(u for p in provs for u in p.urls)),
              ("data to", " · ".join(f"{p.title}: {as_of_text(p)}" for p in provs)),
              ("retrieved", " · ".join(f"{p.title}: {when(p.retrieved_at)}" for p in provs)),
              ("licence", " · ".join(dict.fromkeys(p.licence for p in provs))),
              ("revised", " ".join(p.revision_text() for p in provs)),
              ("link", link or ""), ("made with", APP_NAME)]
    header += [("note", plain(note)) for note in notes]
    return export.csv_text(fig, header).encode("utf-8")


STREAMLIT_ICON = re.compile(r":material/[a-z_]+:\s*")
STREAMLIT_COLOUR = re.compile(r":(?:orange|red|blue|green|grey|gray|violet|rainbow)\[(.*?)\]", re.S)


def plain(markdown: str) -> str:
    """A caption's text without Streamlit's colour and icon markup or emphasis (for a CSV header)."""
    text = STREAMLIT_COLOUR.sub(r"\1", STREAMLIT_ICON.sub("", markdown))
    return " ".join(text.replace("**", "").replace("`", "").split())


def html_bytes(fig: go.Figure) -> bytes:
    title = chart_title(fig)
    return export.html_with_title(to_html(fig, title), f"{title} · {APP_NAME}").encode("utf-8")


def citation(provs: Sequence[Provenance], link: str) -> str:
    """'Dollar Tide, from U.S. Treasury TIC, as of 2025-09-30, retrieved 2026-11-26 09:12 UTC, <link>'."""
    provs = list({p.dataset: p for p in provs}.values())
    sources = "; ".join(f"{p.credit}, as of {as_of_text(p)}" for p in provs)
    retrieved = max((p.retrieved_at for p in provs if p.retrieved_at), default=None)
    return f"{APP_NAME}, from {sources}, retrieved {when(retrieved)}, {link}"


@dataclass(frozen=True)
class Share:
    link: str  # the page with this state
    embed: str  # an <iframe> snippet
    csv: str  # what the chart plots, as CSV ('' for a chart the chart API does not serve)
    json: str
    png: str  # the link preview image
    html: str  # the chart as a standalone page
    citation: str


def site_of(page_url: str) -> str:
    """The app's root ('https://host:port/base') from the full URL of one of its pages ('' if none):
    everything before the page's own path segment, so a deployment under a path prefix keeps it."""
    parts = urlsplit(page_url)
    if not (parts.scheme and parts.netloc):
        return ""
    return f"{parts.scheme}://{parts.netloc}{parts.path.rsplit('/', 1)[0]}"


def share(site: str, page: str, query: Mapping[str, str], provs: Sequence[Provenance], title: str, *,
          data_urls: bool = True, height: int = EMBED_SIZE[1]) -> Share:
    """Every way to pass on the chart of `page` in the state `query` (encoded, defaults left out).
    `data_urls=False` for a chart that is not the page's main chart (the chart API serves only that):
    its numbers are its Download CSV."""
    qs = query_string(query)
    suffix = f"?{qs}" if qs else ""
    link = f"{site}/{page}{suffix}"
    embed_query = query_string({**query, "embed": "true"})
    width = EMBED_SIZE[0]
    embed = (f'<iframe src="{html.escape(f"{site}/{page}?{embed_query}")}" width="{width}" height="{height}" '
             f'title="{html.escape(title)} · {APP_NAME}" style="border:0;max-width:100%" loading="lazy"></iframe>')
    api = f"{site}/api/v1/charts/{page}"
    formats = ("csv", "json", "png", "html")
    urls = tuple(f"{api}.{fmt}{suffix}" if data_urls else "" for fmt in formats)
    return Share(link, embed, *urls, citation(provs, link))
