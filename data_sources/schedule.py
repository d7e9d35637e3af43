"""Release cadences: when each publisher usually puts out the next observation.

Freshness is judged from the *data*, not from when it was fetched: a file retrieved an hour ago
whose newest observation is a year old is not fresh. Each dataset's cadence lives in the
catalogue as data (a period, a publication lag and some slack), and these pure functions turn it
into "the newest observation we should have by now" and "when the next one is expected".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

import pandas as pd

Period = Literal["business_day", "week", "month", "quarter", "event"]
#: A period's frequency in words (series' `frequency` starts with it) and how long an HTTP answer
#: built from such data may be cached (1 h for data that can change daily, 6 h otherwise).
FREQUENCY = {"business_day": "daily", "week": "weekly", "month": "monthly", "quarter": "quarterly"}
MAX_AGE_S = {"business_day": 3600, "week": 6 * 3600, "month": 6 * 3600, "quarter": 6 * 3600, "event": 6 * 3600}


@dataclass(frozen=True)
class Cadence:
    """How often a series gets a new observation and how long publication takes.

    `period`: "quarter" is for quarterly stocks dated on the quarter's last day (COFER); "week" for
    weekly levels dated on one weekday (`weekday`, 0 = Monday: H.4.1's Wednesdays).
    `lag_days`: days after a period ends until the publisher usually has it out (TIC: about 49 days
    after month-end; FRED's daily H.10 rate: about a week). `grace_days`: how late a release may be
    before we call the data behind schedule. Event data (interventions) has no schedule of its own:
    only a failed or long-ago retrieval makes it stale.
    """

    period: Period
    lag_days: int
    grace_days: int
    text: str
    weekday: int = 2

    @property
    def frequency(self) -> str | None:
        return FREQUENCY.get(self.period)

    @property
    def max_age_s(self) -> int:
        return MAX_AGE_S[self.period]

    def period_end(self, day: date) -> date:
        if self.period == "month":
            return (pd.Timestamp(day) + pd.offsets.MonthEnd(0)).date()
        if self.period == "quarter":
            return (pd.Timestamp(day) + pd.offsets.QuarterEnd(0)).date()
        return day

    def next_period_end(self, as_of: date) -> date:
        if self.period == "month":  # from the month's end: the Pink Sheet dates months on the 1st
            return (pd.Timestamp(self.period_end(as_of)) + pd.offsets.MonthEnd(1)).date()
        if self.period == "quarter":
            return (pd.Timestamp(self.period_end(as_of)) + pd.offsets.QuarterEnd(1)).date()
        if self.period == "week":
            return as_of + timedelta(days=7)
        return (pd.Timestamp(as_of) + pd.offsets.BDay(1)).date()

    def expected_as_of(self, today: date) -> date | None:
        """The newest observation the publisher has usually released by `today` (None for events)."""
        if self.period == "event":
            return None
        cutoff = pd.Timestamp(today - timedelta(days=self.lag_days))
        if self.period == "month":
            return (cutoff if cutoff.is_month_end else cutoff - pd.offsets.MonthEnd(1)).date()
        if self.period == "quarter":
            return (cutoff if cutoff.is_quarter_end else cutoff - pd.offsets.QuarterEnd(1)).date()
        if self.period == "week":
            return (cutoff - timedelta(days=(cutoff.weekday() - self.weekday) % 7)).date()
        return pd.offsets.BDay().rollback(cutoff).date()

    def next_release(self, as_of: date) -> date | None:
        """When the observation after `as_of` is usually published (None for events)."""
        if self.period == "event":
            return None
        return self.next_period_end(as_of) + timedelta(days=self.lag_days)

    def days_behind(self, as_of: date | None, today: date) -> int:
        """Days since the observation after `as_of` was due, once past the grace period; else 0."""
        due = self.next_release(as_of) if as_of is not None else None
        if due is None:
            return 0
        late = (today - due).days
        return late if late > self.grace_days else 0


def behind_text(days: int) -> str:
    """'3 days', '5 weeks', '14 months'."""
    if days < 14:
        return f"{days} day{'s' if days != 1 else ''}"
    if days < 62:
        return f"{days // 7} weeks"
    return f"{round(days / 30.44)} months"
