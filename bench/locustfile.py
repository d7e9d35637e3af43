"""A shared link's crowd, as operators load-test one: `locust -f bench/locustfile.py --host URL`.

The mix (weights per simulated client): unfurling bots fetching a page's HTML (its preview tags)
and then its preview image, for popular states (each page's default and a few shared ones) and for
the long tail (a distinct state each time); readers' scripts fetching chart CSV/JSON; and whole
dataset downloads. `bench/bench_load.py` runs it headless against 1 and 2 replicas behind nginx.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

from locust import HttpUser, between, task
from states import DATASETS, long_tail, popular, suffix  # bench/ is on locust's path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the views declare the popular states
POPULAR = popular()


class LinkBot(HttpUser):
    """A chat app unfurling a shared link: the page's HTML, then the og:image it names."""

    weight = 5
    wait_time = between(0.2, 1.0)

    def unfurl(self, page: str, query: str, label: str) -> None:
        self.client.get(f"/{page}{suffix(query)}", name=f"page html ({label})")
        self.client.get(f"/api/v1/charts/{page}.png{suffix(query)}", name=f"preview png ({label})")

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
        self.client.get(f"/api/v1/charts/{page}.csv{suffix(query)}", name="chart csv")

    @task(2)
    def chart_json(self) -> None:
        page, query = random.choice(POPULAR) if random.random() < 0.5 else long_tail()
        self.client.get(f"/api/v1/charts/{page}.json{suffix(query)}", name="chart json")

    @task(1)
    def dataset(self) -> None:
        name = random.choice(DATASETS)
        self.client.get(f"/api/v1/datasets/{name}.{random.choice(['csv', 'json'])}", name="dataset download")
