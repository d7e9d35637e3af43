"""A visitor's first view of a chart page: the main chart first, everything below it right after.

Measured in headless Chromium on a cold view (`bench/bench_ui.py`), a chart page's controls and
its open tab (the ranking table, a second chart) cost the browser as much work again as the main
chart, and in one pass they delayed it by a quarter of its time. So on the first chart page a
session shows, the script stops after the main chart; a small browser-side script waits until the
chart is drawn and painted (on a touch screen: until its still waits for a tap, `ui.plot`) and the
browser is idle, then asks for the rest (one more run of the
page: the figure comes from the cache, and the browser keeps the chart it has).

On a touch screen (a phone) the chart fills the screen and the rest is below it: rendering it was
most of what kept a phone's main thread busy after the still (Lighthouse mobile, 4x slower CPU: the
controls, tabs and ranking table, ~2.1 s of the 3.1 s of blocking on /treasuries). So there the rest
is asked for when the reader first touches, scrolls or types (`WAKE_EVENTS`), or at once if the
chart's end is already on the screen (a tablet, a short chart). The chart's own
downloads and share panel come with the rest (`first_view`). The session is
marked before the script stops, so any later run, that one or a later view, draws the whole
page at once: a browser whose script never reports back is left with a chart page that has no
controls only until its next rerun or navigation.

Only a browser runs that script: a session without one (Streamlit's AppTest, which sends no
User-Agent) gets the whole page in one run.
"""

from __future__ import annotations

import json
from functools import cache

import streamlit as st
from streamlit.components.v2.types import ComponentRenderer

from views import Main

from . import chrome
from .plot import TOUCH
from .state import Bound

PAINTED = "progressive.painted"  # session flag: its first chart-page view has been sent
MAX_WAIT_MS = 2500  # whatever happens, the rest is asked for after this (on a touch screen: with the reader's move)
WAKE_EVENTS = ("pointerdown", "touchstart", "wheel", "scroll", "keydown")  # a reader on a touch screen wants more
AFTER_PAINT_JS = ("""
export default function ({ setTriggerValue }) {
  let done = false, observer = null, timer = null, unwatch = null;
  const go = () => {
    if (done) return;
    done = true;
    if (observer) observer.disconnect();
    if (unwatch) unwatch();
    clearTimeout(timer);
    setTriggerValue("painted", true);
  };
  // After the frame that paints the chart, and once the browser has nothing more urgent to do.
  const idle = () => requestAnimationFrame(() => requestAnimationFrame(() =>
    ("requestIdleCallback" in window ? requestIdleCallback(go, { timeout: 300 }) : setTimeout(go, 0))));
  // On a touch screen what follows the chart is below the screen until the reader moves.
  const wanted = () => {
    const chart = document.querySelector(".dt-plot");
    if (!chart || chart.getBoundingClientRect().bottom <= innerHeight) return idle();
    const wake = () => { unwatch(); idle(); };
    const how = { capture: true, passive: true };
    for (const name of WAKE_EVENTS) document.addEventListener(name, wake, how);
    unwatch = () => { for (const name of WAKE_EVENTS) document.removeEventListener(name, wake, how); };
  };
  const ready = () => {
    if (unwatch || done) return;
    clearTimeout(timer);
    matchMedia("__TOUCH__").matches ? wanted() : idle();
  };
  // Drawn, or (on a touch screen) its still waits for a tap to draw it (ui.plot).
  const drawn = () => document.querySelector(".js-plotly-plot .main-svg, .dt-plot[data-waiting]");
  timer = setTimeout(ready, MAX_WAIT_MS);
  if (drawn()) {
    ready();
  } else {
    observer = new MutationObserver(() => { if (drawn()) { observer.disconnect(); ready(); } });
    observer.observe(document.body, { childList: true, subtree: true });
  }
  return () => { done = true; if (observer) observer.disconnect(); if (unwatch) unwatch(); clearTimeout(timer); };
}
""".replace("MAX_WAIT_MS", str(MAX_WAIT_MS)).replace("WAKE_EVENTS", json.dumps(WAKE_EVENTS))
                  .replace("__TOUCH__", TOUCH))


@cache
def _after_paint() -> ComponentRenderer:  # needs a running Streamlit: registered on first use
    return st.components.v2.component("dollar_tide.after_paint", js=AFTER_PAINT_JS)


def in_browser() -> bool:
    return bool(st.context.headers.get("User-Agent"))


def first_view() -> bool:
    """Whether this run is a browser's first view of a chart page, which stops after the main chart.
    The chart's own downloads and share panel wait for the run after it too: rendered in the same
    pass, they kept the chart off the screen longer (alternated views in Chromium, first chart as a
    ratio to a bare page's: USD/JPY 1.06 -> 0.92, gold 1.05 -> 0.85 without them)."""
    return in_browser() and not st.session_state.get(PAINTED)


def main_chart(page: str, main: Main, url: Bound, *, key: str) -> None:
    """A chart page's main chart, where its first view stops (`chrome.main_chart`, then
    `below_the_chart`): a browser's first view draws the chart and its source line only."""
    below_the_chart(chrome.main_chart(page, main, url, key=key, exports=not first_view()))


def below_the_chart(chart_drawn: bool = True) -> None:
    """Call right after a page's main chart: an embedded chart stops here; a browser's first view
    of a chart page stops here until the browser has drawn the chart, then runs again in full.
    With no chart to draw (`chart_drawn` False), there is nothing to wait for."""
    if chrome.embedded():
        st.stop()
    if st.session_state.get(PAINTED) or not in_browser() or not chart_drawn:
        return
    st.session_state[PAINTED] = True
    # The trigger itself reruns the page; there is nothing to do in its callback.
    _after_paint()(key="after-paint", on_painted_change=lambda: None)
    st.stop()
