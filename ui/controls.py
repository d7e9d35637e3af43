"""Controls shared by the time-series pages: range presets, log scale and rebasing."""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from .state import Bound

PRESETS = {"1Y": 1, "5Y": 5, "10Y": 10, "Max": None}


def preset_range(months: Sequence[str], preset: str) -> tuple[str, str]:
    """(first, last) month of a preset counted back from the newest month."""
    years = PRESETS[preset]
    first = 0 if years is None else max(0, len(months) - 12 * years)
    return months[first], months[-1]


def range_presets(url: Bound, months: Sequence[str], name: str = "range") -> None:
    """1Y / 5Y / 10Y / Max buttons that set the page's month-range slider (and so its URL)."""
    key = url.key(f"{name}_preset")

    def apply() -> None:
        preset = st.session_state.get(key)
        if preset:
            url.restart(name, preset_range(months, preset))  # a fresh slider at the preset's months
            st.session_state[key] = None  # a preset is an action, not a state: the slider holds it

    st.segmented_control("Range", list(PRESETS), key=key, on_change=apply, selection_mode="single",
                         help="Set the months below to the last 1, 5 or 10 years, or the whole history")


#: Typing in a list of names picks by name: "Germ" + Enter is Germany. Streamlit's defaults (fuzzy
#: matching, a "Select N matches" entry first) made it Germany and "Foreign official (central banks,
#: governments)", whose letters g-e-r-m come in that order.
PICK_BY_NAME: dict = {"filter_mode": "contains", "select_all": False}
