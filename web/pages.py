"""Link previews: the HTML of every page path carries a title, a description and Open Graph /
Twitter card tags describing that exact chart state, with the chart's PNG as the image.

Streamlit answers every page path with the same index.html; this middleware answers `GET /{page}`
itself with that file plus the tags, so the link people already copy is the one that previews.
Chart pages also fetch their plotly.js bundle early (`chart_head`), and paint the server's still of
their main chart where that chart will be drawn, until it is (`still_html`).
"""

from __future__ import annotations

import html
import json
import re
from functools import cache
from urllib.parse import parse_qs

from starlette.concurrency import run_in_threadpool
from starlette.types import ASGIApp, Receive, Scope, Send

from charts.alt import alt_text
from ui.plot import BUNDLES, STILL_ID, TOUCH, per_figure
from views import INTRO, PLAIN, VIEWS, pages
from views.chart import EMBED_CHROME_PX, EMBED_NOTE_PX, headline, short
from views.cite import APP_NAME
from views.urlstate import query_string

from . import keyboard, preview, styles
from .api import STILL, article_summary, resolve
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




#: Where a still stands in for the chart, a touch screen draws the chart when it is tapped (`ui.plot`):
#: a phone then fetches the bundle (1.2 MB) only for that.
UNLESS_TOUCH = f"not all and {TOUCH}"


def chart_head(path: str, query: str = "", still: bool = False) -> str:
    """Markup for the end of <head> on a page whose first view is a plotly chart: the partial
    plotly.js bundle that will draw it (`ui.plot`) is fetched while the page connects and the
    server runs the page, not when the chart's data arrives. A map view's is the geo bundle."""
    if path.strip("/") not in VIEWS:  # the article check draws its small charts as stills
        return ""
    asked = parse_qs(query).get("section", [""])[-1]
    section = VIEWS[path.strip("/")].sections.get(asked)
    kind = "geo" if section is not None and section.geo else "basic"
    media = f' media="{UNLESS_TOUCH}"' if still else ""
    return f'<link rel="preload" as="script" href="./{BUNDLES[kind]}"{media} />'


def describe(path: str, query: str, known: tuple | None = None) -> tuple[str, str, str]:
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
    # `known`: this query's state already resolved (the still's, `first_chart`): the same answer
    resolved = known if known is not None and "section" not in params else resolve(page, params, strict=False)
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


def tags(path: str, query: str, root: str, known: tuple | None = None) -> str:
    """The <title> and meta tags for one page path and query (every value HTML-escaped)."""
    title, description, image = describe(path, query, known)
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


# -- the still: a chart page's first paint -------------------------------------------------------
#
# Streamlit's index.html is an empty shell until its scripts (~0.5 MB compressed) have loaded, the
# page's script has run and plotly.js has drawn. The server already has a picture of that exact
# chart (`web.preview`): the page's HTML shows it where the chart will be, at the chart's size, from
# the first paint. It lies over the page, outside Streamlit's root (React owns that), so nothing
# moves when it goes. When the chart's own element appears, `ui.plot` moves the still into it (its
# exact box from then on) and removes it once plotly.js has drawn the chart there.

#: Where the main chart's top is on a first view, in CSS pixels from the page's top, measured in
#: Chromium on the bundled snapshot (a title, the introduction and a freshness notice above it):
#: beside the sidebar (a screen 768 px wide or more; 1280 px) and on a phone (412 px, Lighthouse's).
#: Another width wraps the introduction differently: the still moves into the chart's own box as
#: soon as Streamlit draws that (tests/test_browser.py checks these stay close).
STILL_TOP = {"treasuries": (308, 401), "usdjpy": (308, 424), "gold": (308, 528), "reserves": (308, 396)}
EMBED_TOP_PX = 16  # an embed's chart, at the top of the frame: Streamlit's padding only
#: Until the chart is drawn: gone if the page shows an error instead, navigates away (Streamlit's
#: own links), or the picture cannot be had, and says so (a "gone" event on it: on a touch screen
#: `ui.plot` waits for a tap while the still is there); moved with the page when it scrolls
#: (Streamlit scrolls its main area, not the document).
STILL_SCRIPT = ("<script>(()=>{const s=document.getElementById('dt-still');if(!s)return;const at=location.pathname;"
                "const gone=()=>{s.dispatchEvent(new Event('gone'));s.remove();o.disconnect();"
                "document.removeEventListener('scroll',f,true)};"
                "const f=e=>{const m=e.target;if(s.parentElement===document.body&&m&&m.matches&&"
                "m.matches('[data-testid=stMain]'))s.style.transform=`translateY(${-m.scrollTop}px)`};"
                "document.addEventListener('scroll',f,true);"
                "const o=new MutationObserver(()=>{if(!s.isConnected||location.pathname!==at||"
                "document.querySelector('[data-testid=stException]'))gone()});"
                "o.observe(document.documentElement,{childList:true,subtree:true});"
                "s.querySelector('img').addEventListener('error',gone)})();</script>").replace("dt-still", STILL_ID)


def first_chart(path: str, query: str) -> tuple | None:
    """The page's main chart for this query, as its first view draws it (`api.resolve`'s answer);
    None when the page opens with no chart, or when its query has a value the page would replace
    (the page then shows a notice above a default chart)."""
    page = path.strip("/")
    if page not in VIEWS:
        return None
    params = parse_qs(query, keep_blank_values=True)
    if params.get("embed") == ["true"] and VIEWS[page].section_main({"section": params.get("section", [""])[-1]}):
        return None  # an embed of a section with a chart of its own shows that chart: no still
    state = {k: v for k, v in params.items() if k not in ("embed", "theme", "embed_options", "section")}
    resolved = resolve(page, state, strict=True)
    return resolved if isinstance(resolved, tuple) else None


def still_html(path: str, query: str, resolved: tuple | None = None) -> tuple[str, str]:
    """(markup for the top of <head>, markup after Streamlit's root) showing the still of this exact
    state's main chart (`first_chart`) in its place; ('', '') with no chart to show."""
    resolved = resolved if resolved is not None else first_chart(path, query)
    if resolved is None:
        return "", ""
    page = path.strip("/")
    embed = parse_qs(query).get("embed") == ["true"]
    _, main, canonical = resolved
    qs = query_string(canonical)
    e = html.escape
    src = {name: e(f"./api/v1/charts/{page}.png?" + (f"{qs}&" if qs else "") + f"{STILL}={name}")
           for name in preview.STILL_WIDTHS}
    height = int(main.fig.layout.height or 450)
    alt = e(per_figure(main.fig, "alt", alt_text))
    wide, narrow = STILL_TOP.get(page, (0, 0))
    phone = f"(max-width:{styles.WIDE_PX - 0.02}px)"
    desk = f"(min-width:{styles.WIDE_PX}px)"
    left = ("1rem", "1rem") if embed else (f"calc({styles.SIDEBAR_PX}px + {styles.WIDE_PADDING_REM}rem)", "1rem")
    # An embed's chart is as tall as its frame leaves room for (ui.plot), at least MIN_FIT_PX.
    box = (f"top:{EMBED_TOP_PX}px;height:max(240px,calc(100vh - "
           f"{EMBED_TOP_PX + EMBED_CHROME_PX + EMBED_NOTE_PX * len(main.notes)}px))" if embed else f"height:{height}px")
    css = (f"<style>.{STILL_ID}{{position:absolute;z-index:2;pointer-events:none;background:#fff}}"
           f".{STILL_ID} img{{display:block;width:100%;height:100%;object-fit:contain;object-position:left top}}"
           f"#{STILL_ID}{{{box};left:{left[1]};right:1rem}}"
           + ("" if embed else f"#{STILL_ID}{{top:{narrow}px}}")
           + f"@media {desk}{{#{STILL_ID}{{left:{left[0]};right:{styles.WIDE_PADDING_REM}rem"
           + ("" if embed else f";top:{wide}px") + "}}</style>")
    # Fetched first, before Streamlit's scripts: it is what the first paint shows.
    head = (f'<link rel="preload" as="image" href="{src["narrow"]}" media="{phone}" fetchpriority="high" />'
            f'<link rel="preload" as="image" href="{src["wide"]}" media="{desk}" fetchpriority="high" />{css}')
    # The phone's picture is the <img>'s own: under Lighthouse's phone emulation, Chromium's preload
    # scanner fetched the <img> src beside the <source> it then showed.
    body = (f'<div id="{STILL_ID}" class="{STILL_ID}"><picture><source media="{desk}" srcset="{src["wide"]}" />'
            f'<img src="{src["narrow"]}" alt="{alt}" width="{preview.STILL_WIDTHS["narrow"]}" height="{height}" '
            f'fetchpriority="high" /></picture></div>{STILL_SCRIPT}')
    return head, body


#: Streamlit's scripts, their imports and its font (about 0.7 MB) start downloading once the still has
#: painted, or after this long from the navigation's start, whichever comes first. Fetched with the
#: page, they took a phone's slow network from the still (30-40 kB) and the still came late; in
#: Lighthouse's simulation, anything fetched before the first paint is waited for by it.
STILL_FIRST_MS = 1200
#: Streamlit's tags are added in slices of this many milliseconds, each its own task: a phone's main
#: thread stays free for a tap in between (tasks over 50 ms are what Lighthouse counts as blocking).
BOOT_SLICE_MS = 12
BOOT_TAG = re.compile(r'<script type="module"[^>]*></script>|<link\s+rel="(?:modulepreload|preload)"[^>]*>', re.S)
ATTRIBUTE = re.compile(r'([a-z-]+)(?:="([^"]*)")?')


def boot_after_still(page: str) -> str:
    """Streamlit's index.html with its scripts, module preloads and font preload (and our plotly.js
    preload) taken out of <head>, and a script after the still that adds them, in their order,
    once the still has painted (or could not load, or after STILL_FIRST_MS)."""
    tags_ = []
    for tag in BOOT_TAG.findall(page):
        if 'as="image"' in tag:  # the still's own: fetched first
            continue
        name = "script" if tag.startswith("<script") else "link"
        inner = tag[len(name) + 1:].split(">", 1)[0].rstrip("/ ")
        tags_.append([name, {k: html.unescape(v or "") for k, v in ATTRIBUTE.findall(" ".join(inner.split()))}])
    page = BOOT_TAG.sub(lambda m: m.group(0) if 'as="image"' in m.group(0) else "", page)
    loader = ("<script>(()=>{const B=" + json.dumps(tags_, separators=(",", ":")).replace("</", "<\\/") + ";"
              # Added a slice at a time: each tag costs the browser a little (a fetch set up, a module
              # preloaded), and all 60 at once were one task of 0.65 s on a 4x slowed CPU (a phone's).
              "let done=false,n=0;const slice=()=>{const end=performance.now()+" + str(BOOT_SLICE_MS) + ";"
              "while(n<B.length&&performance.now()<end){const[t,a]=B[n++];"
              "const e=document.createElement(t);for(const k in a)e.setAttribute(k,a[k]);"
              "document.head.appendChild(e)}if(n<B.length)setTimeout(slice,0)};"
              "const boot=()=>{if(done)return;done=true;slice()};"
              f"const i=document.querySelector('#{STILL_ID} img');"
              # painted: the browser's own word for it (the still's largest-contentful-paint entry);
              # where there is none (Safari), the frame after it loaded
              "const P=window.PerformanceObserver,"
              "lcp=P&&(P.supportedEntryTypes||[]).includes('largest-contentful-paint');"
              "if(!i)boot();else if(lcp)new P((l,o)=>{if(l.getEntries().some(e=>e.element===i||e.url===i.currentSrc))"
              "{o.disconnect();boot()}}).observe({type:'largest-contentful-paint',buffered:true});"
              "else{const painted=()=>requestAnimationFrame(()=>setTimeout(boot,0));"
              "if(i.complete&&i.naturalWidth)painted();else i.addEventListener('load',painted)}"
              "if(i)i.addEventListener('error',boot);"
              f"setTimeout(boot,Math.max(0,{STILL_FIRST_MS}-performance.now()))}})();</script>")
    return page.replace("</body>", f"  {loader}\n  </body>", 1)


def page_html(path: str, query: str, root: str) -> bytes:
    place = styles.WIDE_FROM_START + ("" if "embed=true" in query else styles.SIDEBAR_PLACE)
    known = first_chart(path, query)
    still_head, still_body = still_html(path, query, known)
    early = f"{BACKEND_BASE}{EMBED_THEME}{still_head}{keyboard.SCRIPT}{styles.CSS}{place}"
    page = index_html().replace("<head>", f"<head>\n    {early}", 1)
    page = page.replace("<title>Streamlit</title>", tags(path, query, root, known), 1)
    page = page.replace("</head>", f"{chart_head(path, query, still=bool(still_body))}\n  </head>", 1)
    if still_body:
        page = page.replace('<div id="root"></div>', f'<div id="root"></div>\n    {still_body}', 1)
        page = boot_after_still(page)
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
