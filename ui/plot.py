"""A plotly figure drawn in the page by plotly.js's partial bundles, not Streamlit's full one.

Streamlit's `st.plotly_chart` loads the whole plotly.js (4.7 MB): evaluating it blocked a phone's
main thread for about as long as everything else on a chart page (Lighthouse, mobile preset). The
charts use scatter and bar traces, and the maps choropleth and scattergeo: the `basic` bundle (1.2
MB) draws the first, the `geo` bundle (1.4 MB) the second (`static/plotly/`). The figure is the
same plotly figure the API, the CSV and the previews are made of (`fig.to_json()`); this module
only draws it, themed like the page around it (its font and ink, a transparent background, faint
grid lines), with the chart's text alternative as the figure's accessible name, and its height
reserved before the bundle arrives (no layout shift).

A Streamlit custom component (v2, no iframe): the script runs in the page, loads a bundle once per
page, and redraws with `Plotly.react` when the figure changes. On a touch screen (a phone, a tablet)
the main chart's still (`web.pages`) stays until the chart is tapped, and other charts are drawn
when they come near the screen: a phone's processor and data go to what its reader asks for.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from functools import cache
from typing import Any, TypeVar

import plotly.graph_objects as go
import streamlit as st
from streamlit.components.v2.types import ComponentRenderer

from charts.common import TITLE_LINE_CHARS, TITLE_LINE_PX

T = TypeVar("T")
NAME = "dollar_tide.plot"
VERSION = "4.1.1"  # the plotly.js Streamlit 1.67 bundles; js/package.json pins the same
BUNDLES = {"basic": f"app/static/plotly/plotly-basic-{VERSION}.min.js",
           "geo": f"app/static/plotly/plotly-geo-{VERSION}.min.js"}
GEO_TRACES = frozenset({"choropleth", "scattergeo"})
#: Lines and ticks in the text's colour at these strengths: readable in both themes.
GRID_ALPHA, LINE_ALPHA = 0.14, 0.35
#: A chart title in the page's font, as heavy as Streamlit's theme drew it, a few pixels lower: the
#: page font's ascenders sat above the top of the picture.
TITLE_WEIGHT, TITLE_ROOM_PX = 600, 6
#: An embedded chart takes its frame's height (less its source line and notes), but never less than
#: this: below it a two-panel chart has no plot left to read, and the frame scrolls instead.
MIN_FIT_PX, MIN_PLOT_PX = 240, 150
STILL_ID = "dt-still"  # the element web.pages paints the main chart's still in
#: A touch screen (a phone, a tablet): its still waits for a tap, and so does much else (`ui.progressive`,
#: `web.pages`).
TOUCH = "(pointer: coarse)"

JS = """
const BUNDLES = __BUNDLES__;
const bundles = (window.__dollarTidePlotly = window.__dollarTidePlotly || {});
function plotly(kind) {
  if (!bundles[kind]) bundles[kind] = new Promise((resolve, reject) => {
    const script = document.createElement("script");
    script.src = new URL(BUNDLES[kind], document.baseURI).href;
    script.async = true;
    const before = window.Plotly;
    script.onload = () => {
      const loaded = window.Plotly || window.moduleName;  // two bundles, one global: keep each apart
      window.Plotly = before;
      loaded ? resolve(loaded) : reject(new Error("plotly.js did not load"));
    };
    script.onerror = () => reject(new Error("plotly.js could not be fetched"));
    document.head.appendChild(script);
  });
  return bundles[kind];
}
const alpha = (rgb, a) => {
  const m = rgb.match(/[\\d.]+/g) || [127, 127, 127];
  return `rgba(${m[0]},${m[1]},${m[2]},${a})`;
};
function backdrop(el) {
  for (let node = el; node && node.nodeType === 1; node = node.parentElement) {
    const bg = getComputedStyle(node).backgroundColor;
    if (bg && !/rgba\\(0, 0, 0, 0\\)|transparent/.test(bg)) return bg;
  }
  return "rgb(255,255,255)";
}
// charts.common.figure wraps a title for a phone (TITLE_LINE_CHARS); a wider chart gets it on fewer
// lines, and the room the extra lines took goes to the plot.
const TITLE_CHARS = __TITLE_CHARS__, TITLE_LINE = __TITLE_LINE__, TITLE_CHAR_PX = 8.8, TOOLBAR_PX = 40;
function rewrap(layout, el) {
  const title = layout.title;
  if (!title || typeof title !== "object" || !/<br>/.test(title.text || "") || !layout.margin) return;
  const fits = Math.max(TITLE_CHARS, Math.floor((el.clientWidth - TOOLBAR_PX) / TITLE_CHAR_PX));
  const lines = [];
  for (const word of title.text.split(/<br>|\\s+/).filter(Boolean)) {
    if (lines.length && lines[lines.length - 1].length + 1 + word.length <= fits) lines[lines.length - 1] += " " + word;
    else lines.push(word);
  }
  const fewer = title.text.split("<br>").length - lines.length;
  if (fewer <= 0) return;
  title.text = lines.join("<br>");
  layout.margin = Object.assign({}, layout.margin, {t: layout.margin.t - TITLE_LINE * fewer});
}
function themed(layout, el) {
  const style = getComputedStyle(el), ink = style.color, paper = backdrop(el);
  layout.paper_bgcolor = layout.paper_bgcolor || "rgba(0,0,0,0)";
  layout.plot_bgcolor = layout.plot_bgcolor || "rgba(0,0,0,0)";
  layout.font = Object.assign({color: ink}, layout.font || {}, {family: style.fontFamily});
  if (!layout.font.color) layout.font.color = ink;
  layout.hoverlabel = Object.assign({bgcolor: paper, bordercolor: alpha(ink, __LINE__), font: {color: ink}},
                                    layout.hoverlabel || {});
  layout.legend = Object.assign({bgcolor: "rgba(0,0,0,0)"}, layout.legend || {});
  layout.modebar = Object.assign({bgcolor: "rgba(0,0,0,0)", color: alpha(ink, 0.55), activecolor: ink},
                                 layout.modebar || {});
  for (const key of Object.keys(layout).concat(["xaxis", "yaxis"])) {
    if (!/^[xy]axis\\d*$/.test(key)) continue;
    layout[key] = Object.assign({gridcolor: alpha(ink, __GRID__), linecolor: alpha(ink, __LINE__),
                                 zerolinecolor: alpha(ink, __LINE__), tickcolor: alpha(ink, __LINE__)},
                                layout[key] || {});
  }
  if (layout.geo) layout.geo = Object.assign({bgcolor: "rgba(0,0,0,0)"}, layout.geo);
  rewrap(layout, el);
  if (layout.title && typeof layout.title === "object") {  // the page's heading weight; room for its ascenders
    layout.title.font = Object.assign({weight: __TITLE_WEIGHT__}, layout.title.font || {});
    const pad = layout.title.pad || {};
    layout.title.pad = Object.assign({}, pad, {t: (pad.t || 0) + __TITLE_ROOM__});
  }
  return layout;
}
// In an embed the chart's height follows the frame: the frame's height less what the page shows
// besides the chart (its source line, freshness, notes, Streamlit's padding), never under MIN_FIT.
// A chart keeps at least MIN_PLOT px of plot between its margins (then the frame scrolls).
const MIN_FIT = __MIN_FIT__, MIN_PLOT = __MIN_PLOT__;
function fitted(root, layout) {
  const main = root.closest('[data-testid="stMainBlockContainer"]') || document.body;
  const scroller = main.closest('[data-testid="stMain"]');
  const top = scroller ? scroller.getBoundingClientRect().top - scroller.scrollTop : -window.scrollY;
  const others = main.getBoundingClientRect().bottom - top - root.getBoundingClientRect().height;
  const margin = layout.margin || {};
  const least = Math.max(MIN_FIT, (margin.t || 0) + (margin.b || 0) + MIN_PLOT);
  return Math.max(least, Math.floor(window.innerHeight - others - 4));
}
function follow(root) {  // refit when the frame or what is under the chart changes size
  if (root.__fitting) return;
  root.__fitting = true;
  let queued = 0;
  const refit = () => {
    cancelAnimationFrame(queued);
    queued = requestAnimationFrame(() => {
      const P = root.__plotly;
      if (!P || !root.isConnected || !root._fullLayout) return;
      const height = fitted(root, root.__layout);
      if (Math.abs(height - root._fullLayout.height) < 3) return;
      root.style.minHeight = `${height}px`;
      P.relayout(root, {height});
    });
  };
  window.addEventListener("resize", refit);
  const main = root.closest('[data-testid="stMainBlockContainer"]');
  if (main && window.ResizeObserver) new ResizeObserver(refit).observe(main);
  refit();
}
// The page's HTML painted the server's still of the main chart where this chart goes (web/pages.py).
// The first chart drawn takes it: into its own box at once (it may have been placed a little off), no
// longer read by screen readers (the chart's own name says the same), and gone once the chart is drawn.
const STILL = "__STILL_ID__";
function takeStill(box) {
  const still = document.getElementById(STILL);
  if (!still || still.parentElement !== document.body) return null;
  still.id = `${STILL}-taken`;
  still.setAttribute("aria-hidden", "true");
  still.querySelector("img").alt = "";
  if (getComputedStyle(box).position === "static") box.style.position = "relative";
  Object.assign(still.style, {top: "0", left: "0", right: "0", height: "100%", transform: "none"});
  box.appendChild(still);
  return still;
}
const dropStill = (still) => still && requestAnimationFrame(() => requestAnimationFrame(() => still.remove()));
// On a touch screen the still stays until the chart is tapped or given the keyboard's focus, and only
// then is plotly.js fetched, evaluated and drawn: on a phone (Lighthouse mobile) that took the blocking
// time from 1.1-1.4x a bare Streamlit page's to 0.67-0.82x, for values a finger asks for by tapping anyway.
// The tap that draws the chart shows the values where it tapped. A tap, not a touch: a finger that
// scrolls the page over the chart draws nothing.
const WAKE = ["click", "focusin"];
const onTouch = () => !!window.matchMedia && matchMedia("__TOUCH__").matches;
function whenTouched(box, root, still, draw) {
  const img = still.querySelector("img");
  if (!onTouch() || (img.complete && !img.naturalWidth)) return null;
  root.tabIndex = 0;  // so that a keyboard reaches it too
  root.dataset.waiting = "tap";  // shown as far as it will be until then (ui.progressive waits for this)
  const wake = (event) => {
    if (event.type === "focusin" && !root.matches(":focus-visible")) return;  // a tap's focus: its click follows
    stop();
    draw(event.type === "click" ? event : null);
  };
  const stop = () => {
    for (const type of WAKE) box.removeEventListener(type, wake);
    for (const type of ["error", "gone"]) still.removeEventListener(type, wake, true);
  };
  for (const type of WAKE) box.addEventListener(type, wake);
  // A still that cannot be shown, or that web.pages took away (the page shows an error), waits for nothing.
  for (const type of ["error", "gone"]) still.addEventListener(type, wake, true);
  return stop;
}
// There, a chart without a still is drawn when it comes near the screen: one further down a phone's
// page, or in a closed tab, costs nothing until it is scrolled to or opened.
function whenNear(root, draw) {
  if (root.__plotly || !window.IntersectionObserver || !onTouch()) return null;
  const seen = new IntersectionObserver((entries) => {
    if (!entries.some((entry) => entry.isIntersecting)) return;
    seen.disconnect();
    draw(null);
  }, {rootMargin: "50% 0px"});
  seen.observe(root);
  return () => seen.disconnect();
}
function showAt(Plotly, root, touch) {  // the hover label of the point the waking touch was on
  const size = root._fullLayout && root._fullLayout._size, box = root.getBoundingClientRect();
  if (!touch || !size || !Plotly.Fx) return;
  try { Plotly.Fx.hover(root, {xpx: touch.clientX - box.left - size.l, ypx: touch.clientY - box.top - size.t}); }
  catch (error) { /* outside the plot area: nothing to show */ }
}
export default function (component) {
  const { data, parentElement } = component;
  let root = parentElement.querySelector(":scope > .dt-plot");
  if (!root) {
    root = document.createElement("div");
    root.className = "dt-plot";
    parentElement.appendChild(root);
  }
  root.setAttribute("role", "figure");
  root.setAttribute("aria-label", data.alt || "Chart");
  root.style.minHeight = `${data.height}px`;
  const taken = takeStill(parentElement);
  if (taken) root.__still = taken;
  let live = true;
  const draw = (touch) => plotly(data.bundle).then((Plotly) => {
    if (!live) return;
    const figure = JSON.parse(data.figure);
    const config = Object.assign({}, data.config, {responsive: true});
    const layout = themed(figure.layout || {}, root);
    if (data.fit) {
      root.__layout = {margin: layout.margin};
      layout.height = fitted(root, root.__layout);
      root.style.minHeight = `${layout.height}px`;
    }
    return Plotly.react(root, figure.data || [], layout, config).then(() => {
      root.__plotly = Plotly;
      root.removeAttribute("tabindex");
      delete root.dataset.waiting;
      if (data.fit) follow(root);
      dropStill(root.__still);
      root.__still = null;
      showAt(Plotly, root, touch);
    });
  }).catch((error) => {
    dropStill(root.__still);
    root.__still = null;
    root.textContent = `The chart could not be drawn (${error.message}). The Table view beside it has its numbers.`;
  });
  // A still taken by an earlier run is of the state the page opened with: once the figure is another
  // (a control changed), the chart is drawn.
  const waiting = taken ? whenTouched(parentElement, root, taken, draw) : whenNear(root, draw);
  if (!waiting) draw(null);
  return () => {
    live = false;
    if (waiting) waiting();
    setTimeout(() => { if (!root.isConnected && root.__plotly) root.__plotly.purge(root); }, 0);
  };
}
"""
JS = (JS.replace("__BUNDLES__", repr(BUNDLES).replace("'", '"')).replace("__STILL_ID__", STILL_ID)
      .replace("__TOUCH__", TOUCH)
      .replace("__GRID__", str(GRID_ALPHA)).replace("__LINE__", str(LINE_ALPHA))
      .replace("__TITLE_WEIGHT__", str(TITLE_WEIGHT)).replace("__TITLE_ROOM__", str(TITLE_ROOM_PX))
      .replace("__MIN_FIT__", str(MIN_FIT_PX))
      .replace("__MIN_PLOT__", str(MIN_PLOT_PX))
      .replace("__TITLE_CHARS__", str(TITLE_LINE_CHARS)).replace("__TITLE_LINE__", str(TITLE_LINE_PX)))


#: What is made from a figure (its JSON, its text alternative), once per figure: the pages' figures
#: are built once per state and kept (views.memo), and serialising the full USD/JPY history and
#: tabling it for the alt text on every rerun was most of that page's server time.
_MADE: dict[tuple[int, str], tuple[weakref.ref, Any]] = {}  # by (id(figure), what); figures are not hashable


def per_figure(fig: go.Figure, what: str, make: Callable[[go.Figure], T]) -> T:
    """`make(fig)`, remembered for as long as `fig` lives."""
    key = (id(fig), what)
    kept = _MADE.get(key)
    if kept is not None and kept[0]() is fig:
        return kept[1]
    made = make(fig)
    _MADE[key] = (weakref.ref(fig, lambda _: _MADE.pop(key, None)), made)
    return made


def figure_json(fig: go.Figure) -> str:
    return per_figure(fig, "json", lambda f: f.to_json())


@cache
def _component() -> ComponentRenderer:  # needs a running Streamlit: registered on first use
    return st.components.v2.component(NAME, js=JS, isolate_styles=False)


def bundle_for(fig: go.Figure) -> str:
    """Which partial bundle draws this figure."""
    return "geo" if any(getattr(trace, "type", None) in GEO_TRACES for trace in fig.data) else "basic"


def plot(fig: go.Figure, *, config: dict[str, Any], key: str, alt: str, fit: bool = False) -> None:
    """Draw `fig` full width at its own height, named `alt` for screen readers; with `fit` (an
    embed), as tall as the frame leaves room for."""
    height = int(fig.layout.height or 450)
    # The element takes its height at once, before the bundle arrives: what follows never moves.
    # Fitted, the wrapper takes the chart's own height (a fixed one would keep the figure's).
    data = {"figure": figure_json(fig), "config": config, "alt": alt, "bundle": bundle_for(fig), "height": height,
            "fit": fit}
    _component()(key=key, height="content" if fit else height, data=data)
