"""One real browser: the app served by Streamlit, a deep link opened in headless Chromium."""

from __future__ import annotations

import itertools
import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

import pytest
import requests

from tests.helpers import ROOT

CHROMIUM = Path(os.environ.get("DOLLAR_TIDE_CHROMIUM", "/usr/bin/chromium"))
ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]

pytestmark = [pytest.mark.browser, pytest.mark.enable_socket, pytest.mark.allow_hosts(["127.0.0.1"])]


def _need_browser() -> None:
    if CHROMIUM.exists():
        return
    message = f"{CHROMIUM} is absent (apt-get install -y chromium)"
    if os.environ.get("DOLLAR_TIDE_REQUIRE_BROWSER") == "1":
        pytest.fail(message)
    pytest.skip(message)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    _need_browser()
    port = _free_port()
    env = {**os.environ, "DOLLAR_TIDE_HOME": str(tmp_path_factory.mktemp("home"))}
    env.pop("DOLLAR_TIDE_SNAPSHOT", None)
    log = tmp_path_factory.mktemp("log") / "streamlit.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true", "--server.port",
             str(port), "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false"],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if requests.get(f"{base}/_stcore/health", timeout=2).ok:
                    break
            except (requests.ConnectionError, requests.Timeout):  # starting, or a busy machine's slow answer
                time.sleep(0.3)
        else:
            pytest.fail(f"streamlit did not start: {log.read_text()[-2000:]}")
        yield base
    finally:
        process.terminate()
        process.wait(10)


@pytest.fixture(scope="module")
def browser(server):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def open_page(browser, url: str, width: int = 1400, height: int = 1000):
    """Open `url` and wait for a chart's legend, failing at once on a Streamlit exception."""
    page = browser.new_page(viewport={"width": width, "height": height})
    page.goto(url)
    page.wait_for_selector(".js-plotly-plot .legendtext, [data-testid='stException']", timeout=60_000)
    errors = page.locator("[data-testid='stException']")
    assert errors.count() == 0, errors.first.inner_text()[:500]
    settled(page)
    page.wait_for_timeout(500)
    ARTIFACTS.mkdir(exist_ok=True)
    return page


AFTER_PAINT = "[data-testid='stBidiComponentIsolated']"  # ui/progressive.py's script, on a first view
WHOLE_PAGE = "[data-testid='stTabs'], [data-testid='stMetric'], [data-testid='stImage']"


def settled(page) -> None:
    """A first view draws the chart, then the rest of the page (ui/progressive.py): wait for the
    rest (an embed has none), not only for the script that asks for it to be gone."""
    page.wait_for_function(f"""() => !document.querySelector({json.dumps(AFTER_PAINT)}) &&
        (document.querySelector({json.dumps(WHOLE_PAGE)}) || new URL(location).searchParams.get('embed'))""",
                           timeout=30_000)
FIRST_SEEN = """window.__seen = {};
const WATCH = {chart: ".js-plotly-plot .main-svg", tabs: "[data-testid='stTabs']", waited: AFTER_PAINT,
               controls: "[data-testid='stButtonGroup'], [data-testid='stMultiSelect']",
               exports: "[data-testid='stDownloadButton'], [data-testid='stLinkButton']"};
new MutationObserver(() => {
  for (const [name, css] of Object.entries(WATCH))
    if (!window.__seen[name] && document.querySelector(css)) window.__seen[name] = performance.now();
}).observe(document, {subtree: true, childList: true});""".replace("AFTER_PAINT", json.dumps(AFTER_PAINT))


@pytest.mark.parametrize("path", ["/treasuries?countries=japan,united-kingdom&transform=yoy", "/usdjpy?range=1Y",
                                  "/gold?economies=chn,pol", "/reserves"])
def test_a_first_view_draws_the_chart_then_the_rest_of_the_page(server, browser, path):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.add_init_script(FIRST_SEEN)
    page = context.new_page()
    page.goto(server + path)
    page.wait_for_function("['chart', 'controls', 'tabs', 'exports'].every(k => k in window.__seen)",
                           timeout=60_000)
    page.wait_for_selector(AFTER_PAINT, state="detached", timeout=30_000)
    seen = page.evaluate("window.__seen")
    assert seen["chart"] < min(seen["controls"], seen["tabs"], seen["exports"]), seen
    assert seen["tabs"] - seen["chart"] < 5_000, seen  # never left waiting: MAX_WAIT_MS at the latest
    assert page.locator(".js-plotly-plot").first.locator(".main-svg").first.is_visible()
    assert urllib.parse.unquote(page.url).endswith(path), "the link's state is kept"
    assert page.locator("[data-testid='stException']").count() == 0
    assert "waited" in seen
    # A later view in the same session (the sidebar's link: no reload) draws at once.
    page.evaluate("window.__seen = {}")
    page.locator("[data-testid='stSidebar'] a").filter(has_text="Article check").click()
    page.wait_for_selector("[data-testid='stMetric']", timeout=60_000)
    page.locator("[data-testid='stSidebar'] a").filter(has_text="Treasury holders").click()
    page.wait_for_selector("[data-testid='stTabs']", timeout=60_000)
    assert "waited" not in page.evaluate("window.__seen")
    context.close()


def test_deep_link_reproduces_the_chart_on_the_first_request(server, browser):
    page = open_page(browser, f"{server}/treasuries?countries=japan,china-mainland&transform=yoy&from=2020-01")
    page.screenshot(path=str(ARTIFACTS / "browser-treasuries.png"))

    assert page.locator("[data-testid='stException']").count() == 0
    assert "Page not found" not in page.content()
    lines = page.locator(".js-plotly-plot .gtitle tspan.line").all_text_contents()
    title = " ".join(lines) or page.locator(".js-plotly-plot .gtitle").first.text_content()
    assert title == "US Treasury holdings: change on year, 2020-01 to 2026-04"
    legend = page.locator(".js-plotly-plot").first.locator(".legendtext").all_text_contents()
    assert legend == ["Japan", "China"]
    chips = page.locator("[data-testid='stMultiSelect'] .react-aria-ComboBox [data-tag]")
    assert [chips.nth(i).get_attribute("aria-label") for i in range(chips.count())] == ["Japan", "China"]
    assert page.locator("[data-testid='stSelectbox'] input").first.input_value() == "Change on year"
    assert page.get_by_text("U.S. Department of the Treasury (TIC)").first.is_visible()
    page.close()


@pytest.mark.parametrize("path", ["/treasuries?countries=japan&transform=mom", "/gold", "/article", "/"])
def test_a_deep_link_loads_without_console_errors_or_failed_requests(server, browser, path):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    errors, failed = [], []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    page.goto(server + path)
    page.wait_for_selector("[data-testid='stMainBlockContainer'] h1", timeout=60_000)
    settled(page)
    page.wait_for_timeout(1000)
    assert failed == [] and errors == [], (failed, errors)
    levels = page.evaluate("() => [...document.querySelectorAll('[data-testid=stMain] h1, [data-testid=stMain] h2,"
                           " [data-testid=stMain] h3, [data-testid=stMain] h4')].map(h => +h.tagName[1])")
    assert levels and levels[0] == 1 and all(b - a <= 1 for a, b in itertools.pairwise(levels)), \
        f"{path}: headings skip a level: {levels}"
    page.close()


def test_embed_shows_the_chart_alone(server, browser):
    page = open_page(browser, f"{server}/usdjpy?embed=true&range=1Y&events=0", 1000, 800)
    page.screenshot(path=str(ARTIFACTS / "browser-usdjpy-embed.png"))
    assert page.locator(".js-plotly-plot").count() == 1
    assert page.locator("[data-testid='stSidebar']").count() == 0
    assert page.locator("[data-testid='stButtonGroup'], [data-testid='stCheckbox']").count() == 0  # no controls
    assert page.get_by_text("How the yen moves against the dollar").count() == 0
    assert page.get_by_text("Board of Governors of the Federal Reserve System").first.is_visible()
    text = page.inner_text("body")
    assert "publisher's schedule" in text and "Overview" not in text, "said once, nowhere to go"
    page.close()


# -- phone and desktop, light and dark -----------------------------------------------------------

VIEWS = [  # (path, a selector that shows the page has drawn)
    ("/", "[data-testid='stMetric']"),
    ("/treasuries?countries=japan,china,uk,canada,belgium,luxembourg,cayman-islands,ireland,switzerland,taiwan,"
     "hong-kong,france", ".js-plotly-plot .gtitle"),
    ("/usdjpy", ".js-plotly-plot .gtitle"),
    ("/gold", ".js-plotly-plot .gtitle"),
    ("/reserves?section=china-s-reserves", ".js-plotly-plot .gtitle"),
    ("/article?claim=japan-april-decrease", "[data-testid='stImage'] img"),
]
SIZES = {"phone": (390, 844), "desktop": (1280, 900)}


def _box(locator):
    return locator.first.bounding_box() if locator.count() and locator.first.is_visible() else None


def _overlap(a, b) -> bool:
    return bool(a and b) and a["x"] < b["x"] + b["width"] and b["x"] < a["x"] + a["width"] and \
        a["y"] < b["y"] + b["height"] and b["y"] < a["y"] + a["height"]


def _luminance(css: str) -> float:
    channels = [float(c) for c in css[css.index("(") + 1: css.index(")")].split(",")[:3]]
    return sum(w * c / 255 for w, c in zip((0.2126, 0.7152, 0.0722), channels, strict=True))


@pytest.mark.parametrize(("size", "scheme"), [("phone", "dark"), ("desktop", "light")])
@pytest.mark.parametrize(("path", "ready"), VIEWS)
def test_every_page_on_a_phone_and_a_desktop_in_dark_and_light(server, browser, path, ready, size, scheme):
    width, height = SIZES[size]
    context = browser.new_context(viewport={"width": width, "height": height}, color_scheme=scheme)
    page = context.new_page()
    page.goto(server + path)
    page.wait_for_selector(f"{ready}, [data-testid='stException']", timeout=60_000)
    settled(page)
    page.wait_for_timeout(1500)
    assert page.locator("[data-testid='stException']").count() == 0
    name = (path.strip("/").split("?")[0] or "overview")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"browser-{name}-{size}-{scheme}.png"))

    background = page.evaluate("getComputedStyle(document.querySelector('.stApp')).backgroundColor")
    assert (_luminance(background) < 0.3) == (scheme == "dark"), background

    charts = page.locator(".js-plotly-plot")
    for i in range(min(charts.count(), 2)):
        chart = charts.nth(i)
        chart.scroll_into_view_if_needed()
        chart.hover()
        page.wait_for_timeout(300)
        svg = _box(chart.locator(".main-svg"))
        title = _box(chart.locator(".gtitle"))
        plot = _box(chart.locator(".nsewdrag"))
        legend = _box(chart.locator(".legend"))
        toolbar = _box(page.locator("[data-testid='stElementToolbar']").nth(i)) if size == "phone" else None
        modebar = _box(chart.locator(".modebar"))
        assert not _overlap(title, modebar), f"{path}: the chart's toolbar covers its title"
        assert not _overlap(title, toolbar), f"{path}: Streamlit's toolbar covers the title"
        assert not _overlap(legend, plot), f"{path}: the legend covers the plot"
        assert not _overlap(legend, title), f"{path}: the legend covers the title"
        source = None
        for note in chart.locator(".annotation-text").all():
            if "Source" in (note.text_content() or ""):
                source = box = note.bounding_box()
                assert box and svg, path
                inside = box["x"] >= svg["x"] - 1 and box["x"] + box["width"] <= svg["x"] + svg["width"] + 1
                assert inside and box["y"] + box["height"] <= svg["y"] + svg["height"] + 1, \
                    f"{path}: the source line is cut off"
        slider = _box(chart.locator(".rangeslider-bg"))
        if slider:  # USD/JPY's margins are fixed (charts.fx): they must hold the slider by themselves
            assert slider["y"] + slider["height"] <= svg["y"] + svg["height"], f"{path}: the range slider is cut off"
            assert not _overlap(slider, source), f"{path}: the range slider covers the source line"
            for tick in chart.locator(".xtick text").all():
                assert not _overlap(slider, _box(tick)), f"{path}: the range slider covers the dates"
    if path.startswith("/article"):  # the cards' small charts are stills: each one loaded, drawn at 2x, described
        stills = page.locator("[data-testid='stImage'] img")
        assert stills.count() == 1, "one claim picked: its card, with its still"
        for image in stills.all():
            image.scroll_into_view_if_needed()
            natural, shown = image.evaluate("i => [i.complete && i.naturalWidth, i.getBoundingClientRect().width]")
            assert natural and shown and natural >= 1.5 * shown, (natural, shown)
            assert (image.get_attribute("alt") or "").startswith("Chart of ")
        assert page.locator(".js-plotly-plot").count() == 0
    if path == "/usdjpy" and size == "phone":
        custom = page.locator("[data-testid='stButtonGroup'] button").filter(has_text="Custom").first
        box = custom.bounding_box()
        assert box and box["x"] + box["width"] <= width, "the Custom range button is on screen"
    context.close()


# -- what the browser draws: every label inside its chart and clear of the others -------------------

#: One evaluation per page state: for every chart drawn, its tick labels, legend entries, axis and
#: chart titles and source line, each inside the chart's own box and none overlapping another; and
#: every date axis within a year of its data (plotly widens an axis for annotations placed on it).
DRAWN = """() => {
  // Every axis's ticks: a second axis's are .y2tick (a panel under the chart, a right-hand axis).
  const LABELS = "[class*='axislayer'] g[class$='tick'] text, .legendtext, .infolayer g[class$='title'] text, " +
    ".annotation-text";
  const DAY = 86400000, SLACK = 1, problems = [], seen = [];
  const visible = (e) => {
    const r = e.getBoundingClientRect(), s = getComputedStyle(e);
    return r.width > 0 && r.height > 0 && s.display !== "none" && s.visibility !== "hidden" && +s.opacity > 0;
  };
  const overlap = (a, b) => a.left < b.right - SLACK && b.left < a.right - SLACK &&
    a.top < b.bottom - SLACK && b.top < a.bottom - SLACK;
  const kind = (e) => e.closest(".legend") ? "legend" : e.classList.contains("annotation-text") ? "source"
    : e.closest("[class$='title']") ? "title" : "tick";
  const when = (v) => typeof v === "number" ? v
    : Date.parse(String(v).replace(" ", "T") + (String(v).length <= 10 ? "T00:00:00Z" : "Z"));
  const day = (t) => new Date(t).toISOString().slice(0, 10);
  document.querySelectorAll(".js-plotly-plot").forEach((gd, n) => {
    const svg = gd.querySelector(".main-svg");
    if (!svg || !visible(svg) || !gd._fullLayout) return;
    const title = ((gd._fullLayout.title || {}).text || `chart ${n}`).replace(/<br>/g, " ");
    seen.push(title);
    const box = svg.getBoundingClientRect();
    const labels = [...gd.querySelectorAll(LABELS)].filter(visible)
      .filter((e) => !e.classList.contains("annotation-text") || /^Source/.test(e.textContent))
      .map((e) => ({text: e.textContent.trim(), kind: kind(e), r: e.getBoundingClientRect()}))
      .filter((l) => l.text);
    for (const l of labels)
      if (l.r.left < box.left - SLACK || l.r.right > box.right + SLACK || l.r.top < box.top - SLACK ||
          l.r.bottom > box.bottom + SLACK) problems.push(`${title}: "${l.text}" (${l.kind}) lies outside the chart`);
    for (let i = 0; i < labels.length; i++)
      for (let j = i + 1; j < labels.length; j++)
        if (overlap(labels[i].r, labels[j].r))
          problems.push(`${title}: "${labels[i].text}" (${labels[i].kind}) overlaps "${labels[j].text}" ` +
                        `(${labels[j].kind})`);
    const full = gd._fullLayout;
    for (const key of Object.keys(full).filter((k) => /^xaxis\\d*$/.test(k))) {
      const ax = full[key];
      if (ax.type !== "date" || !ax.range) continue;
      const xs = gd._fullData.filter((t) => (t.xaxis || "x") === ax._id && t.visible !== false && t.x)
        .flatMap((t) => Array.from(t.x)).map(when).filter(Number.isFinite);
      if (!xs.length) continue;
      const lo = Math.min(...xs), hi = Math.max(...xs), r0 = when(ax.range[0]), r1 = when(ax.range[1]);
      if (r1 - hi > 366 * DAY || lo - r0 > 366 * DAY)
        problems.push(`${title}: ${key} runs ${day(r0)} to ${day(r1)}, its data ${day(lo)} to ${day(hi)}`);
    }
  });
  return {seen, problems};
}"""


def _idle(page) -> None:
    """The script has finished its run and every chart on the page is drawn."""
    page.wait_for_function("""() => {
        const app = document.querySelector('[data-testid=stApp]');
        return app && app.getAttribute('data-test-script-state') === 'notRunning' &&
          [...document.querySelectorAll('.dt-plot')].every(p => p.querySelector('.main-svg'));
    }""", timeout=60_000)
    page.wait_for_timeout(700)  # plotly's second pass (automargin) and the fonts


def _drawn_pages() -> list[tuple[str, list[tuple[str, str]]]]:
    from views import VIEWS

    return [(page, [(s.label, s.id) for s in view.sections]) for page, view in VIEWS.items()]


@pytest.mark.parametrize(("width", "scheme"), [(1280, "light"), (1280, "dark"), (390, "light"), (390, "dark")])
@pytest.mark.parametrize(("page_name", "sections"), _drawn_pages(), ids=lambda v: v if isinstance(v, str) else "")
def test_every_chart_on_every_tab_draws_its_labels_readable(server, browser, page_name, sections, width, scheme):
    """Every chart on every page and tab, on a phone and a desktop, light and dark: one page load,
    then each tab opened in turn (a rerun, not a reload)."""
    context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
    page = context.new_page()
    page.goto(f"{server}/{page_name}")
    settled(page)
    found: dict[str, list[str]] = {}
    checked = 0
    for i, (label, slug) in enumerate(sections):
        if i:
            page.get_by_role("tab", name=label, exact=True).click()
            page.wait_for_function(f"new URL(location).searchParams.get('section') === {json.dumps(slug)}",
                                   timeout=30_000)
        _idle(page)
        assert page.locator("[data-testid='stException']").count() == 0, f"{page_name} {label}"
        result = page.evaluate(DRAWN)
        checked += len(result["seen"])
        if result["problems"]:
            found[label] = result["problems"]
            page.screenshot(path=str(ARTIFACTS / f"drawn-{page_name}-{slug}-{width}-{scheme}.png"), full_page=True)
    context.close()
    assert checked >= len(sections), f"{page_name}: charts were drawn and checked"
    assert not found, json.dumps(found, indent=1)


def test_a_hover_names_each_series_own_month(server, browser):
    """China's reserves: monthly SAFE and TIC figures, the IMF's quarter-end reports. SAFE published
    nothing for December 2024: hovering December 2024 must not pass off January's figures as
    December's, and every line names its own month or quarter, the one hovered."""
    page = open_page(browser, f"{server}/reserves?section=china-s-reserves", 1280, 1000)
    chart = page.locator(".js-plotly-plot").filter(has_text="China's reserves").first
    chart.scroll_into_view_if_needed()
    page.wait_for_timeout(300)

    def hover(day: str, panel: str) -> list[str]:
        x, y = chart.evaluate("""(gd, [day, panel]) => {
            const L = gd._fullLayout, svg = gd.querySelector('.main-svg').getBoundingClientRect(), ya = L[panel];
            return [svg.left + L.xaxis._offset + L.xaxis.d2p(day), svg.top + ya._offset + ya._length / 2];
        }""", [day, panel])
        page.mouse.move(x, y)
        page.wait_for_selector(".hoverlayer .legend", timeout=5_000)
        lines = page.locator(".hoverlayer .legend text").all_text_contents()
        page.mouse.move(5, 5)
        page.wait_for_timeout(200)
        return lines

    december = hover("2024-12-15", "yaxis")
    assert december[0] == "Dec 2024" and len(december) > 1, december
    assert not any("SAFE" in line for line in december), f"SAFE has no December 2024: {december}"
    assert all(line.endswith("(Dec 2024)") for line in december[1:]), december
    for day, month in (("2025-05-15", "May 2025"), ("2025-06-15", "Jun 2025")):  # tonnes: SAFE monthly, IMF June
        lines = hover(day, "yaxis2")
        assert lines[0] == month and all(line.endswith(f"({month})") for line in lines[1:]), lines
        assert any("IMF" in line for line in lines[1:]) == (month == "Jun 2025"), \
            f"the IMF's end-June report on June, not on another month: {lines}"
    page.close()


@pytest.mark.parametrize(("frame", "path"), [((600, 450), "/gold?embed=true&economies=chn,pol"),
                                             ((900, 700), "/gold?embed=true&economies=chn,pol"),
                                             ((600, 450), "/usdjpy?embed=true"),
                                             ((900, 700), "/usdjpy?embed=true")])
def test_an_embed_fits_its_frame(server, browser, tmp_path, frame, path):
    """The chart's height follows the frame; its dates and in-figure source line are inside the
    frame without scrolling; what does not fit under it (notes) can be scrolled to."""
    width, height = frame
    host = tmp_path / "post.html"
    host.write_text(f'<!doctype html><html><head><title>post</title></head><body style="margin:0">'
                    f'<iframe src="{server}{path}" width="{width}" height="{height}" style="border:0"></iframe>'
                    f"</body></html>")
    reader = browser.new_page(viewport={"width": 1000, "height": 800})
    reader.goto(host.as_uri())
    frame_page = reader.frames[1]
    frame_page.wait_for_selector(".js-plotly-plot .main-svg", timeout=60_000)
    _idle(frame_page)
    drawn = frame_page.evaluate("""() => {
        const gd = document.querySelector('.js-plotly-plot');
        const svg = gd.querySelector('.main-svg').getBoundingClientRect();
        const source = [...gd.querySelectorAll('.annotation-text')].find(e => /^Source/.test(e.textContent));
        const ticks = [...gd.querySelectorAll('.xtick text')].map(e => e.getBoundingClientRect().bottom);
        const main = document.querySelector('[data-testid=stMain]');
        const content = document.querySelector('[data-testid=stMainBlockContainer]').getBoundingClientRect();
        return {svg: svg.height, bottom: svg.bottom, content: content.bottom,
                source: source.getBoundingClientRect().bottom,
                ticks: Math.max(...ticks), width: svg.width, scrolls: getComputedStyle(main).overflowY,
                overflowX: document.scrollingElement.scrollWidth > innerWidth + 1};
    }""")
    labels = frame_page.evaluate(DRAWN)
    # Axis titles a few pixels apart, not only apart: at 600x450 USD/JPY's "yen per US dollar" ran into
    # "JPY bn" under it, which read as one title, "JPY bnyen per US dollar".
    crowded = frame_page.evaluate("""() => {
        const GAP = 6, box = (e) => e.getBoundingClientRect();
        const titles = [...document.querySelectorAll(".js-plotly-plot .infolayer g[class$='title'] text")]
          .filter((e) => /^[xy]\\d*title$/.test(e.getAttribute("class")) && e.textContent.trim());
        const ticks = [...document.querySelectorAll(".js-plotly-plot [class*='axislayer'] g[class$='tick'] text")];
        const near = (a, b, gap) => a.left < b.right + gap && b.left < a.right + gap &&
          a.top < b.bottom + gap && b.top < a.bottom + gap;
        const out = [];
        titles.forEach((t, i) => {
          for (const u of titles.slice(i + 1))
            if (near(box(t), box(u), GAP)) out.push(`"${t.textContent}" runs into "${u.textContent}"`);
          for (const tick of ticks)
            if (tick.textContent.trim() && near(box(t), box(tick), 0))
              out.push(`"${t.textContent}" covers the tick "${tick.textContent}"`);
        });
        return {titles: titles.length, crowded: out};
    }""")
    name = path.split("?")[0].strip("/")
    reader.screenshot(path=str(ARTIFACTS / f"embed-{name}-{width}x{height}.png"))
    reader.close()
    assert not labels["problems"], f"labels inside the chart and clear of each other: {labels['problems']}"
    assert crowded["titles"] >= 1 and not crowded["crowded"], crowded
    assert drawn["source"] <= height and drawn["ticks"] <= height, f"dates and source line inside: {drawn}"
    assert drawn["bottom"] <= height + 1, f"the whole chart inside the frame: {drawn}"
    assert drawn["svg"] >= 0.5 * height, f"the chart takes the frame's height: {drawn}"
    assert not drawn["overflowX"] and drawn["width"] <= width, drawn
    assert drawn["scrolls"] in ("auto", "scroll"), "what is under the chart can be scrolled to"
    if height >= 700:  # the size the share panel's embed code gives: everything fits, nothing to scroll to
        assert drawn["content"] <= height + 1, f"the chart, its source and notes inside the frame: {drawn}"


def test_copied_embed_code_shows_the_chart_in_another_page(server, browser, tmp_path):
    page = open_page(browser, f"{server}/gold?economies=chn,pol&unit=moz")
    page.get_by_role("button", name="Share").first.click()
    snippet = page.locator("[data-testid='stCode'] code").filter(has_text="<iframe").first.inner_text()
    page.close()
    assert snippet.startswith("<iframe ") and "embed=true" in snippet
    host = tmp_path / "article.html"
    host.write_text(f"<!doctype html><html><head><title>A blog post</title></head><body><h1>My post</h1>"
                    f"{snippet}</body></html>")
    reader = browser.new_page(viewport={"width": 1100, "height": 900})
    reader.goto(host.as_uri())
    frame = reader.frame_locator("iframe")
    frame.locator(".js-plotly-plot .legendtext").first.wait_for(timeout=60_000)
    assert frame.locator(".js-plotly-plot .legendtext").all_text_contents() == ["China", "Poland"]
    assert "million troy oz" in frame.locator(".js-plotly-plot .gtitle").first.text_content()
    assert frame.locator("[data-testid='stSidebar']").count() == 0
    assert frame.get_by_text("International Monetary Fund").first.is_visible()
    # The embed fits its own snippet: the source line sits inside the iframe, nothing to scroll to.
    iframe = reader.locator("iframe").bounding_box()
    source = frame.get_by_text("International Monetary Fund").first.bounding_box()
    assert iframe and source and source["y"] + source["height"] <= iframe["y"] + iframe["height"], (iframe, source)
    assert frame.locator("[data-testid='stMainBlockContainer']").evaluate(
        "m => m.getBoundingClientRect().bottom") <= iframe["height"] + 1, "nothing below the fold of the embed"
    reader.screenshot(path=str(ARTIFACTS / "browser-embed-in-a-page.png"))
    reader.close()


# -- maps, with no network at all ------------------------------------------------------------------

def offline_page(browser, url: str, width: int, scheme: str = "light"):
    """A page whose every request off loopback is refused (the topology must come from the app)."""
    context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
    refused: list[str] = []

    def route(r):
        if r.request.url.startswith("http://127.0.0.1"):
            r.continue_()
        else:
            refused.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.goto(url)
    page.wait_for_selector(".js-plotly-plot .choroplethlocation, [data-testid='stException']", timeout=60_000)
    assert page.locator("[data-testid='stException']").count() == 0
    page.wait_for_timeout(1000)
    return context, page, refused


@pytest.mark.parametrize(("path", "least"), [("/treasuries?section=map", 40), ("/gold?section=map&map=change", 30)])
@pytest.mark.parametrize(("width", "scheme"), [(1280, "light"), (390, "dark")])
def test_maps_draw_filled_countries_offline(server, browser, path, least, width, scheme):
    context, page, refused = offline_page(browser, server + path, width, scheme)
    shapes = page.locator(".js-plotly-plot .choroplethlocation")
    fills = {shapes.nth(i).evaluate("e => getComputedStyle(e).fill") for i in range(shapes.count())}
    assert shapes.count() >= least, "countries painted, not a blank map"
    assert len(fills) > 5, "a colour scale, not one colour"
    assert page.locator(".js-plotly-plot .geo .countries path, .js-plotly-plot .geo .land path").count() > 0
    assert refused == [], f"the map asked the network for {refused[:3]}"
    chart = page.locator(".js-plotly-plot").filter(has=page.locator(".choroplethlocation")).first
    chart.scroll_into_view_if_needed()
    name = path.split("?")[0].strip("/")
    page.screenshot(path=str(ARTIFACTS / f"browser-map-{name}-{width}-{scheme}.png"))
    context.close()


def test_map_play_moves_through_the_months_and_the_url_follows(server, browser):
    context, page, _ = offline_page(browser, f"{server}/treasuries?section=map&map_month=2025-12", 1280)
    before = page.evaluate("history.length")
    page.get_by_role("button", name="Play").click()
    page.get_by_role("button", name="Pause").wait_for(timeout=30_000)
    page.get_by_role("button", name="Play").wait_for(timeout=30_000)  # it stopped at the last month
    # The URL follows: the last month is the default, so the link no longer needs to name it.
    page.wait_for_function("() => (m => m === null || m >= '2026-02')(new URL(location.href).searchParams"
                           ".get('map_month'))", timeout=30_000)
    assert page.evaluate("history.length") <= before + 1, "one history entry for the whole play, not a frame each"
    page.wait_for_function("() => document.querySelector('.js-plotly-plot .gtitle').textContent.includes('2026-0')",
                           timeout=30_000)
    context.close()


# -- accessibility: axe-core on every page and tab, light and dark; the keyboard -------------------

AXE = ROOT / "js" / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def _sections() -> list[str]:
    from views import VIEWS

    return [f"/{page}?section={s.id}" for page, view in VIEWS.items() for s in view.sections]


def serious_violations(page) -> list[str]:
    """axe-core's serious and critical WCAG 2.0/2.1 A and AA violations on the page as it is now."""
    if not AXE.exists():
        message = f"{AXE} is absent (npm ci --prefix js)"
        if os.environ.get("DOLLAR_TIDE_REQUIRE_BROWSER") == "1":
            pytest.fail(message)
        pytest.skip(message)
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    result = page.evaluate(f"axe.run(document, {{runOnly: {{type: 'tag', values: {json.dumps(AXE_TAGS)}}}}})")
    return [f"{v['id']} ({v['impact']}): " + "; ".join(
                f"{n['target']} {(n.get('any') or [{}])[0].get('message', '')[:120]}" for n in v["nodes"][:3])
            for v in result["violations"] if v["impact"] in ("serious", "critical")]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_nothing_serious_on_any_page_or_tab(server, browser, scheme):
    context = browser.new_context(viewport={"width": 1280, "height": 1000}, color_scheme=scheme)
    page = context.new_page()
    found = {}
    for path in ["/", "/article", "/article?claim=japan-march-level", *_sections()]:
        page.goto(server + path)
        page.wait_for_selector("[data-testid='stMain'] h1, [data-testid='stException']", timeout=60_000)
        if path != "/" and not path.startswith("/article"):
            settled(page)
        page.wait_for_timeout(800)
        assert page.locator("[data-testid='stException']").count() == 0, path
        found[path] = serious_violations(page)
    # A chart's Table view too.
    page.goto(server + "/treasuries")
    settled(page)
    page.get_by_text("Table view").first.click()
    page.wait_for_selector("[data-testid='stDataFrame']", timeout=30_000)
    page.wait_for_timeout(800)
    found["/treasuries (Table view)"] = serious_violations(page)
    context.close()
    bad = {path: v for path, v in found.items() if v}
    assert not bad, json.dumps(bad, indent=1)


def _focused(page) -> str:
    return page.evaluate("document.activeElement.getAttribute('aria-label') || document.activeElement.tagName")


def test_a_keyboard_walk_through_the_treasury_page(server, browser):
    page = open_page(browser, f"{server}/treasuries")
    # Tab from the top of the page to the Months slider's start thumb.
    page.locator("body").focus()
    for _ in range(80):
        page.keyboard.press("Tab")
        if _focused(page) == "Months — start":
            break
    else:
        pytest.fail("the Months slider is not reachable with Tab")
    ring = page.evaluate("getComputedStyle(document.activeElement.closest('[data-testid=stSlider]')).display")
    assert ring != "none"
    # Quick arrow presses, each a rerun: focus stays on the thumb, and the URL follows.
    for _ in range(10):
        page.keyboard.press("ArrowRight")
        page.wait_for_timeout(60)
    page.wait_for_timeout(4000)
    assert _focused(page) == "Months — start", "focus stayed on the slider across the reruns"
    start = page.locator("[data-testid='stSlider'] input[type='range']").first.get_attribute("aria-valuetext")
    assert start > "2015-01"
    page.wait_for_function("new URL(location).searchParams.get('from') !== null", timeout=10_000)
    assert page.evaluate("new URL(location).searchParams.get('from')") == start, "the URL says what the slider says"
    # Tab on to Share; Enter opens it and puts focus inside it; Escape brings focus back.
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("!!document.activeElement.closest('[data-testid=stPopoverButton]')"):
            break
    else:
        pytest.fail("the Share button is not reachable with Tab")
    page.keyboard.press("Enter")
    page.wait_for_function("!!document.activeElement.closest('[data-testid=stPopoverBody]')", timeout=5_000)
    page.keyboard.press("Escape")
    page.wait_for_timeout(500)
    assert page.evaluate("!!document.activeElement.closest('[data-testid=stPopoverButton]')")
    # A navigation link's focus ring is an outline, which the current page's highlight is not.
    link = page.locator("[data-testid='stSidebar'] [data-testid='stPageLink'] a").nth(2)
    link.focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle + ' ' + "
                            "getComputedStyle(document.activeElement).outlineWidth")
    assert outline.startswith("solid") and not outline.endswith(" 0px"), outline
    current = page.locator("[data-testid='stSidebar'] [data-testid='stPageLink'] a[aria-current='page']")
    if current.count():
        assert page.evaluate("el => getComputedStyle(el).outlineStyle", current.first.element_handle()) != "solid"
    page.close()


def test_a_range_preset_moves_the_slider_and_the_url_and_the_keys_take_over(server, browser):
    """A preset starts the slider afresh at its months (ui/state.Bound.restart); the URL says the
    same, and the keyboard moves the new slider with the URL following."""
    page = open_page(browser, f"{server}/treasuries?from=2019-01&to=2021-06")
    thumbs = page.locator("[data-testid='stSlider'] input[type='range']")
    shown = lambda: [thumbs.nth(i).get_attribute("aria-valuetext") for i in (0, 1)]  # noqa: E731
    query = "[new URL(location).searchParams.get('from'), new URL(location).searchParams.get('to')]"
    assert shown() == ["2019-01", "2021-06"], "a deep link's months are the slider's"
    page.locator("[data-testid='stButtonGroup'] button").filter(has_text="5Y").first.click()
    page.wait_for_function("new URL(location).searchParams.get('to') === null", timeout=30_000)
    _idle(page)
    start, end = shown()
    assert start > "2019-01" and end > "2021-06", (start, end)
    assert page.evaluate(query) == [start, None], "the URL says what the slider says"
    thumbs.first.focus()
    for _ in range(3):
        page.keyboard.press("ArrowRight")
        page.wait_for_timeout(60)
    page.wait_for_function(f"new URL(location).searchParams.get('from') > {json.dumps(start)}", timeout=30_000)
    _idle(page)
    assert page.evaluate(query) == [shown()[0], None] and shown()[0] > start, (shown(), page.evaluate(query))
    page.close()


def test_enter_applies_a_typed_date(server, browser):
    page = open_page(browser, f"{server}/usdjpy?range=Custom")
    year = page.locator("[data-range-field='start'] [data-type='year']")
    year.focus()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.wait_for_function("new URL(location).searchParams.get('from') !== null", timeout=10_000)
    assert page.evaluate("new URL(location).searchParams.get('from')").startswith(str(int(
        year.get_attribute("aria-valuenow"))))
    assert page.evaluate("!!document.activeElement.closest('[data-testid=stDateInputField]')"), \
        "focus stays in the field"
    page.close()


@pytest.mark.parametrize("path", ["/treasuries", "/gold"])
def test_a_page_keeps_its_place_while_it_loads(server, browser, path):
    """Layout shift (the Web Vitals sum Lighthouse reports as CLS) on a desktop-wide first view:
    the sidebar's navigation arrives after the first paint and must not push the page aside."""
    context = browser.new_context(viewport={"width": 1350, "height": 940})
    page = context.new_page()
    page.add_init_script("""window.__shift = 0; new PerformanceObserver(list => { for (const e of list.getEntries())
        if (!e.hadRecentInput) window.__shift += e.value; }).observe({type: 'layout-shift', buffered: true});""")
    page.goto(server + path)
    settled(page)
    page.wait_for_timeout(1500)
    assert page.evaluate("window.__shift") <= 0.1
    context.close()


def test_typing_a_name_and_enter_adds_that_holder_only(server, browser):
    page = open_page(browser, f"{server}/treasuries?countries=japan", 1280, 900)
    page.locator("[data-testid='stMultiSelect'] input").first.click()
    page.keyboard.type("Germ")
    page.wait_for_timeout(400)
    assert page.locator("[role=option]").all_text_contents() == ["Germany"], "one match, no 'Select all matches'"
    page.keyboard.press("Enter")
    page.wait_for_function("(new URL(location).searchParams.get('countries') || '').includes('germany')",
                           timeout=30_000)
    assert page.evaluate("new URL(location).searchParams.get('countries')") == "japan,germany"
    page.close()


STILL_WATCH = """window.__still = {shifts: []};
const rect = e => { const r = e.getBoundingClientRect(); return [r.x, r.y, r.width, r.height].map(Math.round); };
document.addEventListener("load", e => {
  const img = e.target;
  if (!(img instanceof HTMLImageElement) || !img.closest("#dt-still") || window.__still.loaded) return;
  requestAnimationFrame(() => {
    const box = img.closest("#dt-still");
    box.style.pointerEvents = "auto";  // hit-testing skips it otherwise (clicks go through it)
    const [x, y, w, h] = rect(img), hit = document.elementFromPoint(x + w / 2, Math.min(y + h / 2, innerHeight - 2));
    box.style.pointerEvents = "";
    Object.assign(window.__still, {loaded: performance.now(), box: rect(box), alt: img.alt,
      onTop: hit === img, chartThen: !!document.querySelector(".js-plotly-plot .main-svg")});
  });
}, true);
new MutationObserver(() => {
  const s = window.__still, still = document.querySelector(".dt-still"), plot = document.querySelector(".dt-plot");
  if (plot && !s.plot) s.plot = rect(plot);
  if (still && still.id !== "dt-still" && !s.taken) { s.taken = performance.now(); s.takenBox = rect(still); }
  if (document.querySelector(".js-plotly-plot .main-svg") && !s.drawn) s.drawn = performance.now();
}).observe(document, {subtree: true, childList: true, attributes: true});
new PerformanceObserver(list => { for (const e of list.getEntries()) if (!e.hadRecentInput)
  window.__still.shifts.push([e.value, e.sources.map(x => x.node && x.node.nodeType === 1 ?
    (x.node.closest(".dt-still, .dt-plot, [data-testid=stElementContainer]") || x.node).className : "")]); })
  .observe({type: "layout-shift", buffered: true});"""


@pytest.mark.parametrize(("width", "height"), [(412, 823), (1280, 800)])
def test_the_still_is_the_first_paint_in_the_charts_place_then_gives_way_to_the_chart(server, browser, width,
                                                                                       height):
    """The page's HTML paints the server's still of this exact state (web.pages) where the chart
    goes, before Streamlit has started; the chart's element takes it into its box, and it is gone
    once plotly.js has drawn: nothing moved, and the text alternative is read once."""
    path = "/treasuries?countries=japan"
    html = requests.get(server + path, timeout=30).text
    for src in re.findall(r'<link rel="preload" as="image" href="([^"]+)"', html):  # drawn now: warm, as defaults are
        assert requests.get(urllib.parse.urljoin(server + path, src.replace("&amp;", "&")), timeout=60).ok
    context = browser.new_context(viewport={"width": width, "height": height})
    context.add_init_script(STILL_WATCH)
    page = context.new_page()
    page.goto(server + path)
    page.wait_for_selector(".js-plotly-plot .main-svg", timeout=60_000)
    page.wait_for_selector(".dt-still", state="detached", timeout=10_000)
    settled(page)
    page.wait_for_timeout(500)
    seen = page.evaluate("window.__still")
    name = f"still-{width}"
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}-after.png"))
    assert seen.get("loaded") and not seen["chartThen"] and seen["loaded"] < seen["drawn"], seen
    assert seen["onTop"], "the still is what is seen there, not covered"
    assert "Japan" in seen["alt"], "with the chart's text alternative until the chart is there"
    plot = page.locator(".dt-plot").first
    box = plot.bounding_box()
    final = [round(v) for v in (box["x"], box["y"], box["width"], box["height"])]
    assert seen["takenBox"] == seen["plot"] == final, "taken into the chart's box, which never moved"
    assert seen["box"][0] == final[0] and seen["box"][2:] == final[2:], "painted at the chart's size"
    assert abs(seen["box"][1] - final[1]) <= 40, (seen["box"], final, "painted about where the chart goes")
    moved = [s for s in seen["shifts"] if any("dt-still" in c or "dt-plot" in c for c in s[1])]
    assert not moved and sum(v for v, _ in seen["shifts"]) <= 0.1, seen["shifts"]
    # Read once: the figure's own name; no picture left with the same words.
    alt = plot.get_attribute("aria-label")
    assert alt == seen["alt"]
    assert page.locator(f"img[alt={json.dumps(alt)}]").count() == 0
    assert page.get_by_role("img", name=alt).count() == 0 and page.get_by_role("figure", name=alt).count() == 1
    context.close()


TOUCH = {"viewport": {"width": 412, "height": 823}, "has_touch": True, "is_mobile": True}  # a phone
TABLET = {"viewport": {"width": 1024, "height": 1366}, "has_touch": True, "is_mobile": True}


def swipe(context, page, distance: int = 300) -> None:
    """A finger's swipe up the screen: Chromium's own touch scroll gesture, touch events and all."""
    context.new_cdp_session(page).send("Input.synthesizeScrollGesture", {
        "x": 200, "y": 600, "yDistance": -distance, "gestureSourceType": "touch", "speed": 1200})


@pytest.mark.parametrize("path", ["/treasuries", "/usdjpy?range=1Y"])
def test_on_a_phone_the_rest_of_the_page_comes_when_the_reader_moves(server, browser, path):
    """The chart fills a phone's screen: the controls and tabs below it are not rendered until the
    reader first touches, scrolls or types (ui.progressive), and then they come; not before, however
    long the page is left. On a tablet, where the chart's end is on the screen, they come at once."""
    context = browser.new_context(**TOUCH)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(server + path)
    page.wait_for_selector(".dt-plot[data-waiting]", timeout=60_000)
    bottom = page.evaluate("document.querySelector('.dt-plot').getBoundingClientRect().bottom")
    assert bottom > 823, f"the chart ends on the phone's screen ({bottom:.0f} px): this test shows nothing"
    page.wait_for_timeout(3_500)  # beyond MAX_WAIT_MS: no timer asks for it either
    assert page.locator(AFTER_PAINT).count() == 1 and page.locator("[data-testid='stTabs']").count() == 0
    swipe(context, page)
    page.wait_for_selector("[data-testid='stTabs']", timeout=30_000)
    settled(page)
    assert page.locator(".dt-plot").first.get_attribute("data-waiting") == "tap", "a swipe is not a tap"
    assert page.locator("[data-testid='stException']").count() == 0 and errors == []
    assert urllib.parse.unquote(page.url).endswith(path), "the link's state is kept"
    context.close()

    context = browser.new_context(**TABLET)
    page = context.new_page()
    page.goto(server + path)
    page.wait_for_selector(".dt-plot[data-waiting]", timeout=60_000)
    settled(page)  # with no move at all
    context.close()


@pytest.mark.parametrize("touch", [False, True])
def test_the_still_waits_for_nothing_that_is_not_there(server, browser, touch):
    """A still that cannot be had (the renderer refused it) is no blank box: it goes, Streamlit starts,
    and the chart is drawn, on a touch screen too (where a still would wait for a tap)."""
    context = browser.new_context(**TOUCH) if touch else browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.route("**/api/v1/charts/*.png?*still=*", lambda route: route.fulfill(status=503, body="busy"))
    page.goto(server + "/gold")
    page.wait_for_selector(".js-plotly-plot .main-svg", timeout=60_000)
    assert page.locator(".dt-still").count() == 0
    context.close()


def test_on_a_touch_screen_the_still_waits_for_a_tap_and_other_charts_for_the_screen(server, browser):
    """On a phone the main chart's still stays until it is tapped: no plotly.js is fetched, evaluated
    or drawn before (ui.plot), the rest of the page comes without waiting for it, and the tap draws
    the chart and shows the values where it tapped. A chart further down is drawn when scrolled to."""
    context = browser.new_context(**TOUCH)
    page = context.new_page()
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(request.url) if "/plotly/" in request.url else None)
    page.goto(server + "/gold")
    page.wait_for_selector(".dt-plot[data-waiting]", timeout=60_000)
    swipe(context, page)  # the rest of the page comes with the reader's first move (ui.progressive)
    settled(page)  # the controls and the open tab: their run did not wait for a chart that waits
    page.wait_for_timeout(1500)
    charts = page.locator(".dt-plot")
    assert charts.count() == 2 and page.locator(".js-plotly-plot").count() == 0 and fetched == []
    main = charts.first
    assert main.get_attribute("data-waiting") == "tap" and main.get_attribute("tabindex") == "0"
    still = page.locator("#dt-still-taken img")
    assert still.evaluate("img => img.complete && img.naturalWidth > 0"), "the still is what is shown"
    name = main.get_attribute("aria-label")  # read once: the figure's name, the still's alt emptied
    assert "China" in name and still.get_attribute("alt") == "" and page.get_by_role("figure", name=name).count() == 1
    still.scroll_into_view_if_needed()
    box = still.bounding_box()
    page.touchscreen.tap(box["x"] + box["width"] * 0.7, min(box["y"] + box["height"] * 0.5, 800))
    main.locator(".main-svg").first.wait_for(timeout=30_000)
    page.wait_for_selector("#dt-still-taken", state="detached", timeout=10_000)
    page.wait_for_function("document.querySelector('.dt-plot .hoverlayer').childElementCount > 0", timeout=10_000)
    assert main.get_attribute("data-waiting") is None and main.get_attribute("tabindex") is None
    assert len(fetched) == 1 and "plotly-basic" in fetched[0], fetched
    assert charts.nth(1).locator(".main-svg").count() == 0, "below the screen: not drawn yet"
    charts.nth(1).scroll_into_view_if_needed()
    charts.nth(1).locator(".main-svg").first.wait_for(timeout=30_000)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "touch-after-tap.png"))
    context.close()


def test_on_a_touch_screen_the_keyboard_draws_the_chart_too(server, browser):
    """A tablet with a keyboard: tabbing to the waiting chart draws it, as a tap does."""
    context = browser.new_context(**TOUCH)
    page = context.new_page()
    page.goto(server + "/treasuries")
    page.wait_for_selector(".dt-plot[data-waiting]", timeout=60_000)
    chart = page.locator(".dt-plot").first
    page.keyboard.press("Tab")  # a keyboard in use: a focus from now on is shown (and wakes the chart)
    settled(page)  # a key is a move too: the rest of the page comes (ui.progressive)
    chart.focus()
    assert page.evaluate("document.activeElement.classList.contains('dt-plot')"), "the waiting chart takes focus"
    page.locator(".dt-plot .main-svg").first.wait_for(timeout=30_000)
    context.close()


def test_streamlits_scripts_are_added_a_slice_at_a_time(server, browser):
    """After the still, Streamlit's ~60 script and preload tags go into <head> in slices, each its own
    task (web.pages.BOOT_SLICE_MS), not in one long task; all of them, in their order."""
    html = requests.get(server + "/usdjpy", timeout=60).text
    listed = re.findall(r'"(?:href|src)":"(\./static/js/[^"]+|\./app/static/plotly/[^"]+)"', html)
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    context.add_init_script("""window.__added = [];
new MutationObserver(records => { const batch = [];
  for (const r of records) for (const n of r.addedNodes)
    if (n.nodeType === 1 && (n.getAttribute("href") || n.getAttribute("src") || "").match(/static\\/(js|plotly)\\//))
      batch.push(n.getAttribute("href") || n.getAttribute("src"));
  if (batch.length) window.__added.push(batch);
}).observe(document, {childList: true, subtree: true});""")
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": 4})  # a phone's CPU: the slices are what it needs
    page.goto(server + "/usdjpy")
    page.wait_for_selector(".js-plotly-plot .main-svg", timeout=90_000)
    batches = page.evaluate("window.__added")
    added = [href for batch in batches for href in batch]
    assert added[:len(listed)] == listed, "every tag, in the page's order"
    assert len(batches) >= 3 and max(len(b) for b in batches) < len(listed), [len(b) for b in batches]
    context.close()
