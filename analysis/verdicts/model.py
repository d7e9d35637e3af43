"""The claim model: what a claim says, how it is checked (`Check`), and what comes out (`Verdict`)."""

from __future__ import annotations

import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from data_sources.result import Result

CLAIMS_FILE = Path(__file__).parents[1] / "article_claims.toml"


STATUSES = ("matches", "close", "revised", "differs", "not checkable")
#: How a verdict is named to a reader. "Revised since": the figures differ, and the publisher revised
#: the months the claim is about after the article appeared, so the article may well have quoted
#: the figure of its day: not the same story as an article that got it wrong.
STATUS_LABELS = {"matches": "Matches", "close": "Close", "revised": "Revised since", "differs": "Differs",
                 "not checkable": "Not checkable"}


QUALITATIVE = {"up": 1, "rising": 1, "positive": 1, "down": -1, "falling": -1, "negative": -1, "flat": 0}


#: Operations and what each needs besides dataset and series.
OPS: dict[str, str] = {
    "level": "the value at a date (a month for monthly data)",
    "change": "end minus start, summed across series",
    "pct_change": "the change from start to end as a percentage of start (series summed)",
    "max": "the highest value in a window",
    "min": "the lowest value in a window",
    "mean": "the average over a window",
    "total": "the sum of values in a window (e.g. intervention amounts)",
    "highest_since": "the last earlier date with a value at least as high",
    "lowest_since": "the last earlier date with a value at most as low",
    "declines": "the months in a window whose value fell",
    "decline_streak": "consecutive months of decline up to a date",
    "rank": "rank among all countries at a date",
    "top_buyers": "the largest increases over a window",
    "net_purchases": "what a holder bought minus what it sold over a window of months (TIC flows)",
}


#: Computed reasons a claim can ask for ("revision": the source revised the period after the article).
COMPUTED_EXPLANATIONS = frozenset({"revision"})


#: Known reasons a quoted figure can differ, shown only when it does.
EXPLANATIONS = {
    "noon-rate": "FRED's DEXJPUS is the noon buying rate in New York: intraday highs and lows (in Tokyo, say) "
    "can lie beyond it — on 2024-04-29 USD/JPY traded above 160 in Asian hours.",
    "wgc-estimate": "Figures like this are often the World Gold Council's estimates of central-bank purchases, "
    "which include buying that is not reported; the IMF figures here are what each central bank "
    "itself reported.",
    "custody": "TIC counts Treasuries by where they are held in custody, so a country's line can include other "
    "countries' holdings (the UK and Belgium hold for many) and miss some of its own.",
    "valuation": "Bonds and notes are counted at market value: holdings fall when bond prices fall, without any "
    "selling.",
}


class ClaimError(ValueError):
    """A check that cannot be evaluated as written (unknown op, missing dates, bad value)."""


@dataclass(frozen=True)
class Check:
    dataset: str
    series: tuple[str, ...]
    op: str
    date: str | None = None
    start: str | None = None
    end: str | None = None
    article: str | tuple[str, ...] | None = None
    unit: str | None = None
    tolerance: float | None = None  # in the article's unit
    tolerance_months: int = 0
    expect: str | None = None  # a qualitative claim: up / down / flat (rising, falling, positive…)
    says: str | None = None  # how to show a qualitative claim
    direction: str | None = None  # filter on a 'direction' column (interventions)

    @staticmethod
    def from_dict(raw: Mapping[str, Any]) -> Check:
        article = raw.get("article")
        return Check(
            dataset=str(raw["dataset"]),
            series=tuple(raw["series"]),
            op=str(raw["op"]),
            date=raw.get("date"),
            start=raw.get("start"),
            end=raw.get("end"),
            article=tuple(str(a) for a in article)
            if isinstance(article, list)
            else (None if article is None else str(article)),
            unit=raw.get("unit"),
            tolerance=raw.get("tolerance"),
            tolerance_months=int(raw.get("tolerance_months", 0)),
            expect=raw.get("expect"),
            says=raw.get("says"),
            direction=raw.get("direction"),
        )


@dataclass(frozen=True)
class Claim:
    id: str
    topic: str
    quote: str
    check: Check | None = None
    note: str = ""
    not_checkable: str | None = None
    explain: tuple[str, ...] = ()
    alternatives: tuple[str, ...] = ()


@dataclass(frozen=True)
class Mark:
    """Something to draw on a claim's small chart: a point, or a date to highlight."""

    x: pd.Timestamp
    y: float | None
    label: str
    kind: str = "article"  # "article" (the claimed value) or "official"


@dataclass
class Verdict:
    claim: Claim
    status: str
    article_text: str = ""
    official_text: str = ""
    official: float | None = None
    article: float | None = None
    difference: float | None = None
    reasons: list[str] = field(default_factory=list)
    evidence: dict[str, pd.Series] = field(default_factory=dict)
    marks: list[Mark] = field(default_factory=list)
    window: tuple[pd.Timestamp, pd.Timestamp] | None = None
    unit: str = ""
    source: str = ""
    decimals: int | None = None  # how precisely to print figures in the article's unit
    change_from: pd.Timestamp | None = None  # a claimed change: its start, so the chart draws the change
    slip: bool = False  # the figures differ by a power of ten: a unit slip, whatever was revised since
    change_holdings: float | None = None  # a trade claim: the holdings change over the same months


Loader = Callable[[str], Result]


def load_claims(path: Path = CLAIMS_FILE) -> tuple[dict[str, Any], list[Claim]]:
    with path.open("rb") as handle:
        raw = tomllib.load(handle)
    claims = [
        Claim(
            id=c["id"],
            topic=c["topic"],
            quote=c["quote"],
            note=c.get("note", ""),
            check=Check.from_dict(c["check"]) if "check" in c else None,
            not_checkable=c.get("not_checkable"),
            explain=tuple(c.get("explain", ())),
            alternatives=tuple(c.get("alternatives", ())),
        )
        for c in raw["claim"]
    ]
    return raw.get("article", {}), claims


#: How a reader's own claim reads back, per operation.
SENTENCES = {
    "level": "{series} was {value} in {at}.",
    "change": "{series} changed by {value} from {start} to {end}.",
    "max": "{series} peaked at {value} between {start} and {end}.",
    "min": "{series} bottomed at {value} between {start} and {end}.",
    "mean": "{series} averaged {value} between {start} and {end}.",
    "highest_since": "In {at}, {series} was the highest since {value}.",
    "lowest_since": "In {at}, {series} was the lowest since {value}.",
    "declines": "{series} fell in {value}, between {start} and {end}.",
}


def custom_claim(dataset: str, series: str, op: str, start: str, end: str, value: str, unit: str,
                 title: str) -> Claim:
    """A reader's own claim, as the page's form (and URL) states it. It counts as close within 2%
    of the value typed, or 12 months for 'since' checks."""
    start, end, value = start.strip()[:10], end.strip()[:10], value.strip()[:60]
    single_date = op == "level" or op.endswith("_since")
    unitless = op in ("declines", "highest_since", "lowest_since")
    article: str | tuple[str, ...] = tuple(x.strip() for x in value.split(",")) if op == "declines" else value
    try:
        tolerance = None if unitless else abs(float(value)) * 0.02
    except ValueError:
        tolerance = None
    check = Check(dataset=dataset, series=(series,), op=op, date=(start or end) if single_date else None,
                  start=None if single_date else start, end=None if single_date else end, article=article,
                  unit=None if unitless else unit, tolerance=tolerance,
                  tolerance_months=12 if op.endswith("_since") else 0)
    quote = SENTENCES[op].format(series=title, at=start or end, start=start, end=end,
                                 value=f"{value}{'' if unitless else ' ' + unit}")
    return Claim(id="custom", topic="custom", quote=quote, check=check, explain=("revision",))
