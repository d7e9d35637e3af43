"""Link previews: the HTML of every page path carries a title, a description and Open Graph /
Twitter card tags describing that exact chart state, with the chart's PNG as the image.

Streamlit answers every page path with the same index.html; this middleware answers `GET /{page}`
itself with that file plus the tags, so the link people already copy is the one that previews.
Chart pages also fetch their plotly.js bundle early (`chart_head`).
"""

from __future__ import annotations

import html
import re
from functools import cache
from urllib.parse import parse_qs

from starlette.concurrency import run_in_threadpool
from starlette.types import ASGIApp, Receive, Scope, Send

from ui.plot import BUNDLES
from views import INTRO, PLAIN, VIEWS, pages
from views.chart import headline, short
from views.cite import APP_NAME
from views.urlstate import query_string

from . import keyboard, styles
from .api import article_summary, resolve
from .responses import site
from .static import static_root

#: The link preview of a page without a chart state: its declared title and description.
PLAIN_PAGES = {page.path: (page.title, page.description) for page in PLAIN}
PREVIEW_OF_PLAIN_PAGES = "treasuries"  # the headline chart stands for the overview
TITLE_CHARS, DESCRIPTION_CHARS = 70, 200  # what link previews show before they cut
TITLE_SUFFIX = f" · {APP_NAME}"


@cache
def index_html() -> str:
    return (static_root() / "index.html").read_text(encoding="utf-8")




def chart_head(path: str, query: str = "") -> str:
    """Markup for the end of <head> on a page whose first view is a plotly chart: the partial
    plotly.js bundle that will draw it (`ui.plot`) is fetched while the page connects and the
    server runs the page, not when the chart's data arrives. A map view's is the geo bundle."""
    if path.strip("/") not in VIEWS:  # the article check draws its small charts as stills
        return ""
    asked = parse_qs(query).get("section", [""])[-1]
    section = VIEWS[path.strip("/")].sections.get(asked)
    kind = "geo" if section is not None and section.geo else "basic"
    return f'<link rel="preload" as="script" href="./{BUNDLES[kind]}" />'


def describe(path: str, query: str) -> tuple[str, str, str]:
    """(title, description, preview image path with query) of a page path and query. A bad query
    value is read as the page reads it (that value falls back to its default, the rest is kept),
    so the preview shows what the link opens."""
    page = path.strip("/")
    if path == "/article":  # its own picture: how the claims fared
        summary = article_summary()
        description = (f"{summary.lead} Each claim beside the official figure (US Treasury, FRED, MOF, IMF, World "
                       "Bank), and why they differ.")
        return PLAIN_PAGES[path][0], short(description, DESCRIPTION_CHARS), "/api/v1/previews/article.png"
    if page not in VIEWS:
        title, description = PLAIN_PAGES.get(path, PLAIN_PAGES["/"])
        return title, description, f"/api/v1/charts/{PREVIEW_OF_PLAIN_PAGES}.png"
    params = {k: v for k, v in parse_qs(query, keep_blank_values=True).items()
              if k not in ("embed", "theme", "embed_options")}
    resolved = resolve(page, params, strict=False)
    if not isinstance(resolved, tuple):  # nothing drawn for this state (no holder picked)
        return PLAIN_PAGES["/"][0], INTRO, f"/api/v1/charts/{page}.png"
    _, main, state = resolved
    qs = query_string(state)
    source = "Source: " + "; ".join(dict.fromkeys(p.credit.split(" (")[0] for p in main.provs)) + "."
    news = main.lead or f"{headline(main)}."
    while len(news) + 1 + len(source) > DESCRIPTION_CHARS and "; " in news:  # drop whole clauses, not words
        news = news.rsplit("; ", 1)[0] + "."
    description = short(f"{news} {source}", DESCRIPTION_CHARS)
    return (short(main.subject, TITLE_CHARS), description,
            f"/api/v1/charts/{page}.png" + (f"?{qs}" if qs else ""))


def page_title(title: str) -> str:
    """The title with the site's name, within TITLE_CHARS (chat apps cut at 70): a subject too long
    for both keeps its own words and drops the name."""
    return title + TITLE_SUFFIX if len(title) + len(TITLE_SUFFIX) <= TITLE_CHARS else title


def tags(path: str, query: str, root: str) -> str:
    """The <title> and meta tags for one page path and query (every value HTML-escaped)."""
    title, description, image = describe(path, query)
    url = f"{root}{path}" + (f"?{query}" if query else "")
    image = f"{root}{image}"
    full_title = page_title(title)
    e = html.escape
    meta = [
        f"<title>{e(full_title)}</title>",
        f'<meta name="description" content="{e(description)}" />',
        f'<meta property="og:site_name" content="{APP_NAME}" />',
        '<meta property="og:type" content="website" />',
        f'<meta property="og:title" content="{e(full_title)}" />',
        f'<meta property="og:description" content="{e(description)}" />',
        f'<meta property="og:url" content="{e(url)}" />',
        f'<meta property="og:image" content="{e(image)}" />',
        '<meta property="og:image:width" content="1200" />',
        '<meta property="og:image:height" content="630" />',
        f'<meta property="og:image:alt" content="{e(title)}" />',
        '<meta name="twitter:card" content="summary_large_image" />',
        f'<meta name="twitter:title" content="{e(full_title)}" />',
        f'<meta name="twitter:description" content="{e(description)}" />',
        f'<meta name="twitter:image" content="{e(image)}" />',
    ]
    return "\n    ".join(meta)


#: Streamlit's frontend finds its server by trying the page's own path first (`/treasuries/_stcore/
#: health`, `…/host-config`: two 404s in every deep link's console) unless told where it is. Every
#: page here is one level below the app's root, whatever prefix a proxy serves it under.
BACKEND_BASE = '<script>window.__streamlit={BACKEND_BASE_URL:new URL(".",location.href).href};</script>'
#: An embed is drawn light unless its URL says `theme=dark`, whatever the reader's system prefers (it
#: sits in someone else's page): Streamlit's own `embed_options`, set before Streamlit starts.
EMBED_THEME = ("<script>(()=>{const u=new URL(location.href),q=u.searchParams;"
               "if(q.get('embed')==='true'&&!q.has('embed_options')){"
               "q.append('embed_options',q.get('theme')==='dark'?'dark_theme':'light_theme');"
               "history.replaceState(history.state,'',u)}})();</script>")


def page_html(path: str, query: str, root: str) -> bytes:
    place = styles.WIDE_FROM_START + ("" if "embed=true" in query else styles.SIDEBAR_PLACE)
    early = f"{BACKEND_BASE}{EMBED_THEME}{keyboard.SCRIPT}{styles.CSS}{place}"
    page = index_html().replace("<head>", f"<head>\n    {early}", 1)
    page = page.replace("<title>Streamlit</title>", tags(path, query, root), 1)
    page = page.replace("</head>", f"{chart_head(path, query)}\n  </head>", 1)
    return page.encode("utf-8")


PAGE_PATH = re.compile(r"/[A-Za-z0-9][A-Za-z0-9_-]*/?")
NOT_PAGES = frozenset({"/healthz", "/readyz"})  # routes of web.health, beside the pages


def not_found_html(path: str) -> str:
    """A short page for a path that is no page: Streamlit would have shown the overview under it."""
    links = "".join(f'<li><a href="{href}">{html.escape(label)}</a></li>'
                    for href, label in ((page.path, page.nav) for page in pages()))
    return (f"<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Page not found · {APP_NAME}"
            f"</title></head><body style=\"font-family:sans-serif;max-width:40rem;margin:3rem auto\">"
            f"<h1>Page not found</h1><p><code>{html.escape(path[:200])}</code> is not a page of {APP_NAME}.</p>"
            f"<ul>{links}</ul></body></html>")


class LinkPreviews:
    """ASGI middleware: `GET /{page}` → Streamlit's index.html with this state's preview tags."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.paths = {page.path for page in pages()}

    def no_such_page(self, path: str) -> bool:
        """A page-like path (one name, no file extension) that is neither a page nor a route."""
        return (PAGE_PATH.fullmatch(path) is not None and path.rstrip("/") not in self.paths
                and path.rstrip("/") not in NOT_PAGES)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] in ("GET", "HEAD") and self.no_such_page(scope["path"]):
            body = not_found_html(scope["path"]).encode()
            await send({"type": "http.response.start", "status": 404, "headers": [
                (b"content-type", b"text/html; charset=utf-8"), (b"content-length", str(len(body)).encode()),
                (b"cache-control", b"no-cache")]})
            await send({"type": "http.response.body", "body": b"" if scope["method"] == "HEAD" else body})
            return
        if scope["type"] != "http" or scope["method"] not in ("GET", "HEAD") or scope["path"] not in self.paths:
            await self.app(scope, receive, send)
            return
        query = scope.get("query_string", b"").decode("latin-1")[:4000]
        try:
            body = await run_in_threadpool(page_html, scope["path"], query, site(scope))
        except Exception:  # no data to describe: the page itself says what is wrong
            await self.app(scope, receive, send)
            return
        headers = [(b"content-type", b"text/html; charset=utf-8"), (b"cache-control", b"no-cache"),
                   (b"content-length", str(len(body)).encode())]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": b"" if scope["method"] == "HEAD" else body})
