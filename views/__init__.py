"""A page's state and its main chart, shared by the page, the HTTP API and the link previews.

Pure (no streamlit): each view module names the datasets it reads, derives a context from them
(options, defaults, date spans), declares its URL parameters, and builds its main chart for one
state. The page draws that chart, `/api/v1/charts/{page}.csv|json|png` serve it, and the page's
link preview describes it: one code path, so the three never disagree.
"""

from __future__ import annotations

from types import ModuleType

from . import gold, reserves, treasuries, usdjpy
from .chart import Main

VIEWS: dict[str, ModuleType] = {"treasuries": treasuries, "usdjpy": usdjpy, "gold": gold, "reserves": reserves}

__all__ = ["VIEWS", "Main"]
