"""Time expressions in an article and the periods they name, resolved against its publication date.

`find_times(text)` finds the expressions ("in April", "at the end of June 2026", "July 10",
"between April 26 and May 29", "last year", "the first quarter", "since December 1986",
"a month earlier", "on Wednesday") with their spans; `resolve(expr, published, lag_days)` turns
one into a `Period` (first and last day, and its grain). A month or day named without a year is the
latest such month or day on or before publication; with `lag_days` (a dataset's publication lag,
e.g. TIC's ~49 days) the month must also have been published by then: TIC's April appears around
18 June, so an article of 10 June saying "in April" means the April of the year before.
Relative expressions ("a month earlier", "the previous month") are relations, resolved by the
mapping against the sentence's own month.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

import pandas as pd

MONTH_NAMES = {
    "January": 1, "Jan": 1, "February": 2, "Feb": 2, "March": 3, "Mar": 3, "April": 4, "Apr": 4, "May": 5,
    "June": 6, "Jun": 6, "July": 7, "Jul": 7, "August": 8, "Aug": 8, "September": 9, "Sept": 9, "Sep": 9,
    "October": 10, "Oct": 10, "November": 11, "Nov": 11, "December": 12, "Dec": 12,
}
#: A month name, capitalised (lower-case "may" is a verb), full or abbreviated with a dot.
MONTH = (r"(?:January|February|March|April|May|June|July|August|September|October|November|December|"
         r"(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?)")
WEEKDAYS = {"Monday": 0, "Tuesday": 1, "Wednesday": 2, "Thursday": 3, "Friday": 4, "Saturday": 5, "Sunday": 6}
ORDINALS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4, "final": 4,
            "last": 4}

# "April 20" is a day, "April 2021" a month: the day's digits end there.
DAY = rf"(?:{MONTH}\s+\d{{1,2}}(?!\d)(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?|\d{{1,2}}\s+{MONTH}(?:\s+\d{{4}})?)"
MONTH_YEAR = rf"{MONTH}(?:\s+of)?(?:\s+\d{{4}})?"
YEAR_REF = r"(?:(?:of\s+)?(?P<qyear>\d{4})|of\s+(?P<qrel>this|last)\s+year|(?P<qrel2>this|last)\s+year's)"

#: (kind, pattern), tried in this order; an earlier match wins over a later overlapping one.
PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple((k, re.compile(p)) for k, p in (
    ("range", rf"\b(?:[Bb]etween|[Ff]rom)\s+(?P<a>{DAY}|{MONTH_YEAR})\s+(?:and|to|through|until)\s+"
              rf"(?P<b>{DAY}|{MONTH_YEAR})"),
    ("range", rf"(?P<a>{DAY})\s?[-–]\s?(?P<b>{DAY})"),
    ("range", rf"\b(?:on\s+)?(?P<a>{MONTH}\s+\d{{1,2}})(?:st|nd|rd|th)?\s+(?:and|-|–)\s+"
              rf"(?P<bday>\d{{1,2}})(?:st|nd|rd|th)?(?![\d%]|[.,]\d)\b"
              rf"(?!\s*(?:,\s*)?\d{{4}})(?!\s+(?:{MONTH}|years?|months?|days?|percent|per|%|trillion|billion|"
              rf"million|yen|tonnes|tons|ounces))"),
    ("since", rf"\bsince\s+(?:(?P<month>{MONTH})\s+)?(?:(?P<day>\d{{1,2}}),?\s+)?(?P<year>\d{{4}})\b"),
    ("month", rf"(?:\b(?:at\s+)?the\s+end\s+of\s+|\bend-|\bend\s+)(?P<m>{MONTH})(?:\s+(?P<year>\d{{4}}))?"),
    ("day", rf"\b(?P<d>{DAY})"),
    ("month", rf"\b(?P<m>{MONTH})(?:\s+of)?(?:\s+(?P<year>\d{{4}}))?\b"),
    ("quarter", rf"\b(?:the\s+)?(?P<q>first|second|third|fourth|final|1st|2nd|3rd|4th)\s+quarter(?:\s+{YEAR_REF})?"),
    ("quarter", r"\bQ(?P<q>[1-4])(?:\s+(?P<qyear>\d{4}))?\b"),
    ("quarter", r"\b(?P<qyear>(?:19|20)\d{2})\s?Q(?P<q>[1-4])\b"),
    ("half", rf"\b(?:the\s+)?(?P<h>first|second)\s+half(?:\s+{YEAR_REF})?"),
    ("year", r"\b(?:[Ll]ast|[Tt]his|[Pp]revious|[Tt]he\s+previous|[Tt]he\s+past)\s+year\b"),
    ("year", r"\b(?:in|during|for|through|throughout|over|(?:the\s+)?(?:beginning|start|end)\s+of)\s+"
             r"(?P<year>(?:19|20)\d{2})\b(?![-–/])"),
    ("ytd", r"\b(?:so\s+far\s+this\s+year|year\s+to\s+date|this\s+year\s+so\s+far|year-to-date)\b"),
    ("prev_month", r"\b(?:a|one|the)\s+month\s+(?:earlier|before|ago|prior)\b|\bthe\s+(?:previous|prior|preceding)"
                   r"\s+month\b|\b(?:compared\s+(?:to|with)\s+|from\s+|than\s+)last\s+month\b|\bmonth-on-month\b"
                   r"|\bmonth\s+on\s+month\b"),
    ("prev_year", r"\b(?:a|one|the)\s+year\s+(?:earlier|before|ago|previously)\b|\byear-(?:on|over)-year\b|"
                  r"\by/y\b|\byear\s+on\s+year\b|"
                  r"\bthe\s+same\s+month\s+(?:the|a|of\s+the)\s+(?:previous|prior)\s+year\b|\bthe\s+same\s+month\s+"
                  r"(?:the\s+)?year\s+(?:previously|before|earlier)\b|\bthe\s+same\s+month\s+last\s+year\b"),
    ("prev_quarter", r"\b(?:a|one|the)\s+quarter\s+(?:earlier|before|ago)\b|\bthe\s+(?:previous|prior|preceding)"
                     r"\s+(?:quarter|three\s+months)\b"),
    ("last_month", r"\blast\s+month\b"),
    ("same", r"\b(?:over|in|during|for)\s+the\s+same\s+(?:period|time|months?|quarter|half|year)\b"),
    ("reported", r"\b(?:said|says|showed|shows|announced|confirmed|reported|released|published|revealed|"
                 r"disclosed|data\s+on|statistics\s+on)\s+(?:on\s+|late\s+on\s+|early\s+on\s+|last\s+)?"
                 r"(?P<w>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b|\b(?:released|published|"
                 r"announced)\s+on\s+the\s+\d{1,2}(?:st|nd|rd|th)\b|\bon\s+the\s+\d{1,2}(?:st|nd|rd|th)\b(?=,?\s+"
                 r"(?:stating|showing|saying))"),
    ("weekday", r"\b(?:on|last|since|from|until|by)\s+"
                r"(?P<w>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"),
    ("iso", r"\b(?P<iso>(?:19|20)\d{2}-\d{2}-\d{2})\b"),
))


@dataclass(frozen=True)
class TimeExpr:
    span: tuple[int, int]
    printed: str
    kind: str  # see PATTERNS: range, since, same, month, day, quarter, half, year, ytd, prev_month, …
    groups: tuple[tuple[str, str], ...] = ()

    def get(self, key: str) -> str | None:
        return dict(self.groups).get(key)


@dataclass(frozen=True)
class Period:
    start: date
    end: date
    grain: str  # "day", "month", "quarter", "half", "year"

    @property
    def month(self) -> str:
        """The period's last month, 'YYYY-MM'."""
        return f"{self.end:%Y-%m}"


def find_times(text: str) -> list[TimeExpr]:
    found: list[TimeExpr] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in PATTERNS:
        for m in pattern.finditer(text):
            a, b = m.span()
            if any(a < y and x < b for x, y in taken):
                continue
            taken.append((a, b))
            groups = tuple((k, v) for k, v in m.groupdict().items() if v is not None)
            found.append(TimeExpr((a, b), m.group(0), kind, groups))
    return sorted(found, key=lambda t: t.span)


def _month_end(year: int, month: int) -> date:
    return (pd.Timestamp(year=year, month=month, day=1) + pd.offsets.MonthEnd(0)).date()


def latest_month(month: int, published: date, lag_days: int = 0) -> tuple[int, int]:
    """(year, month): the latest `month` on or before `published`; with a publication lag, the
    latest one whose data was out by then (its month end + lag ≤ published)."""
    year = published.year
    while True:
        if lag_days:
            if _month_end(year, month) + timedelta(days=lag_days) <= published:
                return year, month
        elif date(year, month, 1) <= published:
            return year, month
        year -= 1


def _latest_day(month: int, day: int, published: date) -> date | None:
    for year in (published.year, published.year - 1):
        try:
            when = date(year, month, day)
        except ValueError:
            return None
        if when <= published:
            return when
    return None


def _day(text: str, published: date) -> date | None:
    """'July 10', 'July 10, 2024', '10 July 2024' → a date."""
    m = re.match(rf"(?P<m>{MONTH})\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(?P<y>\d{{4}}))?$", text) or re.match(
        rf"(?P<d>\d{{1,2}})\s+(?P<m>{MONTH})(?:\s+(?P<y>\d{{4}}))?$", text)
    if not m:
        return None
    month, day = MONTH_NAMES[m.group("m").rstrip(".")], int(m.group("d"))
    if m.group("y"):
        try:
            return date(int(m.group("y")), month, day)
        except ValueError:
            return None
    return _latest_day(month, day, published)


def _month_period(text: str, published: date, lag_days: int) -> Period | None:
    m = re.match(rf"(?P<m>{MONTH})(?:\s+of)?(?:\s+(?P<y>\d{{4}}))?$", text)
    if not m:
        return None
    month = MONTH_NAMES[m.group("m").rstrip(".")]
    year = int(m.group("y")) if m.group("y") else latest_month(month, published, lag_days)[0]
    return Period(date(year, month, 1), _month_end(year, month), "month")


def _year_of(expr: TimeExpr, published: date) -> int:
    if expr.get("qyear"):
        return int(expr.get("qyear") or 0)
    rel = expr.get("qrel") or expr.get("qrel2")
    return published.year - 1 if rel == "last" else published.year


def resolve(expr: TimeExpr, published: date, lag_days: int = 0) -> Period | None:
    """The period an expression names (None for relations and 'since', which the mapping reads)."""
    kind = expr.kind
    if kind == "month":
        month = MONTH_NAMES[(expr.get("m") or "").rstrip(".")]
        year = int(expr.get("year") or 0) or latest_month(month, published, lag_days)[0]
        return Period(date(year, month, 1), _month_end(year, month), "month")
    if kind == "day":
        when = _day(expr.get("d") or expr.printed, published)
        return Period(when, when, "day") if when else None
    if kind == "iso":
        try:
            when = date.fromisoformat(expr.get("iso") or "")
        except ValueError:
            return None
        return Period(when, when, "day")
    if kind == "weekday":
        back = (published.weekday() - WEEKDAYS[expr.get("w") or "Monday"]) % 7
        when = published - timedelta(days=back)
        return Period(when, when, "day")
    if kind == "range" and expr.get("bday"):
        first = _day(expr.get("a") or "", published)
        if first is None:
            return None
        try:
            last = first.replace(day=int(expr.get("bday") or 0))
        except ValueError:
            return None
        return Period(first, last, "day") if last >= first else None
    if kind == "range":
        end = _day(expr.get("b") or "", published) or _endpoint(expr.get("b") or "", published, lag_days, last=True)
        if end is None:
            return None
        start = _day(expr.get("a") or "", end) or _endpoint(expr.get("a") or "", end, 0, last=False)
        if start is None or start > end:
            return None
        grain = "day" if _day(expr.get("a") or "", end) else "month"
        return Period(start, end, grain)
    if kind in ("quarter", "half"):
        year = _year_of(expr, published)
        if kind == "quarter":
            q = ORDINALS.get(expr.get("q") or "", 0) or int(expr.get("q") or 0)
            first, last = 3 * q - 2, 3 * q
        else:
            first, last = (1, 6) if expr.get("h") == "first" else (7, 12)
        if not (expr.get("qyear") or expr.get("qrel") or expr.get("qrel2")) and _month_end(year, last) > published:
            year -= 1  # "the first quarter" read in February: last year's
        return Period(date(year, first, 1), _month_end(year, last), kind)
    if kind == "year":
        if expr.get("year"):
            year = int(expr.get("year") or 0)
        else:
            year = published.year if expr.printed.lower().startswith("this") else published.year - 1
        return Period(date(year, 1, 1), min(date(year, 12, 31), published), "year")
    if kind == "ytd":
        return Period(date(published.year, 1, 1), published, "ytd")
    if kind == "last_month":
        year, month = (published.year, published.month - 1) if published.month > 1 else (published.year - 1, 12)
        return Period(date(year, month, 1), _month_end(year, month), "month")
    return None


def _endpoint(text: str, published: date, lag_days: int, last: bool) -> date | None:
    period = _month_period(text, published, lag_days)
    if period is None:
        return None
    return period.end if last else period.start


def since_target(expr: TimeExpr) -> str | None:
    """'since December 1986' → '1986-12'; 'since 2009' → '2009' (the engine's *_since reading)."""
    if expr.kind != "since":
        return None
    year = expr.get("year") or ""
    month = expr.get("month")
    return f"{year}-{MONTH_NAMES[month.rstrip('.')]:02d}" if month else year
