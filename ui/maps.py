"""The map view shared by the Treasury and gold pages: a date slider bound to the URL, a Play
button that steps through the dates, the map, and what it cannot paint listed beside it."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pandas as pd
import streamlit as st

from analysis.maps import MapData

from .state import Bound

STEP_SECONDS = 1.2


def timeline(url: Bound, param: str, options: Sequence[str], label: str,
             draw: Callable[[str], None]) -> None:
    """`draw(date)` for the date the slider holds; Play moves it on one step every STEP_SECONDS
    (in a fragment: only the map reruns) until the last date, keeping the URL in step."""
    key, playing_key = url.key(param), url.key(f"{param}.playing")
    if st.session_state.get(key, url[param]) not in options:  # the choices narrowed (a later window start)
        st.session_state[key] = options[-1]
    playing = bool(st.session_state.get(playing_key))

    def toggle() -> None:
        at_end = st.session_state.get(key, url[param]) == options[-1]
        if not st.session_state.get(playing_key) and at_end:
            st.session_state[key] = options[0]  # Play from the end starts again at the beginning
        st.session_state[playing_key] = not st.session_state.get(playing_key)

    @st.fragment(run_every=STEP_SECONDS if playing else None)
    def frame() -> None:
        if st.session_state.get(playing_key):
            current = st.session_state.get(key, url[param])
            position = list(options).index(current) if current in options else len(options) - 1
            if position + 1 < len(options):
                st.session_state[key] = options[position + 1]
            else:
                st.session_state[playing_key] = False
                st.rerun(scope="app")  # stop the timer
        st.select_slider(label, options, key=key, **({} if key in st.session_state else {"value": url[param]}))
        if not st.session_state.get(playing_key):
            # While playing, the URL is left alone (each write is a browser-history entry: Back would
            # step through every frame); the stop's full rerun writes it once.
            url.write_url()
        draw(st.session_state[key])

    # Outside the fragment: Play and Pause rerun the whole page, which sets the fragment's timer.
    st.button("Pause" if playing else "Play", key=f"{key}.play", on_click=toggle, help="Step through the dates",
              icon=":material/pause:" if playing else ":material/play_arrow:")
    frame()


def beside(data: MapData, unit: str, decimals: int = 1) -> None:
    """What the map leaves unpainted, in words: groups with their values, old reports, no data."""
    old = data.painted[data.painted["old"]]
    lines = []
    if not old.empty:
        lines.append("Painted with their latest report, older than this date: "
                     + ", ".join(f"{r.name} ({pd.Timestamp(r.reported):%Y-%m-%d})" for r in old.itertuples()) + ".")
    if data.no_data:
        lines.append("No data for this date (grey): " + ", ".join(data.no_data) + ".")
    if data.no_change:
        lines.append("No like-for-like change this month (grey; the series changes basis here, see the "
                     "chart's break notes): " + ", ".join(data.no_change) + ".")
    if data.left_out:
        lines.append(f"{data.left_out} economies whose last report is over two years old are left out.")
    if not data.groups.empty:
        lines.append("Not countries, so not painted: " + "; ".join(
            f"{r.name} {r.value:,.{decimals}f} {unit}" for r in data.groups.itertuples()) + ".")
    for line in lines:
        st.caption(line)
