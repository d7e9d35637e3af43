"""The chart states a shared link's crowd asks for: popular ones, and a long tail of distinct ones
(used by bench/locustfile.py and bench/bench_crowd.py)."""

from __future__ import annotations

import random


def popular() -> list[tuple[str, str]]:
    """Every chart page's default state, then the states each view declares popular (`View.popular`)."""
    from views import VIEWS

    return [(page, "") for page in VIEWS] + [(page, q) for page, view in VIEWS.items() for q in view.popular]


HOLDERS = ["japan", "china-mainland", "united-kingdom", "canada", "belgium", "luxembourg", "cayman-islands",
           "france", "ireland", "taiwan", "switzerland", "singapore", "hong-kong", "norway", "india", "brazil"]
ECONOMIES = ["chn", "ind", "tur", "pol", "rus", "jpn", "deu", "usa", "che", "fra", "ita", "kaz", "uzb", "cze"]
DATASETS = ["treasury_holdings", "usdjpy", "gold_reserves", "gold_price", "japan_reserves", "reserve_currencies"]


def long_tail() -> tuple[str, str]:
    """A state nobody asked for before: a random set of holders or economies and a random start."""
    year = random.randint(2001, 2024)
    if random.random() < 0.5:
        holders = ",".join(random.sample(HOLDERS, random.randint(1, 4)))
        transform = random.choice(["level", "mom", "yoy", "share"])
        return "treasuries", f"countries={holders}&transform={transform}&from={year}-{random.randint(1, 12):02d}"
    economies = ",".join(random.sample(ECONOMIES, random.randint(1, 4)))
    return "gold", f"economies={economies}&from={year}-01&unit={random.choice(['t', 'moz'])}"


def suffix(query: str) -> str:
    return f"?{query}" if query else ""
