"""A shared link's crowd, as operators load-test one: `locust -f bench/locustfile.py --host URL`.

The mix (weights per simulated client): unfurling bots fetching a page's HTML (its preview tags)
and then its preview image, for popular states (each page's default and a few shared ones) and for
the long tail (a distinct state each time); readers' scripts fetching chart CSV/JSON; and whole
dataset downloads. `bench/bench_load.py` runs it headless against 1 and 2 replicas behind nginx.
"""

from __future__ import annotations

import random

from locust import HttpUser, between, task

POPULAR = [
    ("treasuries", ""),
    ("usdjpy", ""),
    ("gold", ""),
    ("treasuries", "countries=japan,china-mainland&transform=yoy"),
    ("usdjpy", "range=1Y"),
    ("gold", "economies=chn,ind,tur&from=2015-01"),
]
HOLDERS = ["japan", "china-mainland", "united-kingdom", "canada", "belgium", "luxembourg", "cayman-islands",
           "france", "ireland", "taiwan", "switzerland", "singapore", "hong-kong", "norway", "india", "brazil"]
ECONOMIES = ["chn", "ind", "tur", "pol", "rus", "jpn", "deu", "usa", "che", "fra", "ita", "kaz", "uzb", "cze"]
DATASETS = ["treasury_holdings", "usdjpy", "gold_reserves", "gold_price", "japan_reserves"]


def long_tail() -> tuple[str, str]:
    """A state nobody asked for before: a random set of holders or economies and a random start."""
    year = random.randint(2001, 2024)
    if random.random() < 0.5:
        holders = ",".join(random.sample(HOLDERS, random.randint(1, 4)))
        transform = random.choice(["level", "mom", "yoy", "share"])
        return "treasuries", f"countries={holders}&transform={transform}&from={year}-{random.randint(1, 12):02d}"
    economies = ",".join(random.sample(ECONOMIES, random.randint(1, 4)))
    return "gold", f"economies={economies}&from={year}-01&unit={random.choice(['t', 'moz'])}"


def _query(query: str) -> str:
    return f"?{query}" if query else ""


class LinkBot(HttpUser):
    """A chat app unfurling a shared link: the page's HTML, then the og:image it names."""

    weight = 5
    wait_time = between(0.2, 1.0)

    def unfurl(self, page: str, query: str, label: str) -> None:
        self.client.get(f"/{page}{_query(query)}", name=f"page html ({label})")
        self.client.get(f"/api/v1/charts/{page}.png{_query(query)}", name=f"preview png ({label})")

    @task(3)
    def popular(self) -> None:
        self.unfurl(*random.choice(POPULAR), "popular")

    @task(2)
    def distinct(self) -> None:
        self.unfurl(*long_tail(), "long tail")


class Reader(HttpUser):
    """A reader's script or a journalist's spreadsheet: chart data and whole datasets."""

    weight = 2
    wait_time = between(0.5, 2.0)

    @task(3)
    def chart_csv(self) -> None:
        page, query = random.choice(POPULAR) if random.random() < 0.5 else long_tail()
        self.client.get(f"/api/v1/charts/{page}.csv{_query(query)}", name="chart csv")

    @task(2)
    def chart_json(self) -> None:
        page, query = random.choice(POPULAR) if random.random() < 0.5 else long_tail()
        self.client.get(f"/api/v1/charts/{page}.json{_query(query)}", name="chart json")

    @task(1)
    def dataset(self) -> None:
        name = random.choice(DATASETS)
        self.client.get(f"/api/v1/datasets/{name}.{random.choice(['csv', 'json'])}", name="dataset download")
