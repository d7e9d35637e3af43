"""From a figure in its sentence to a `Check` of the verdict engine, or to a reason it is none.

Conservative by design: a figure becomes a check only when its unit, subject, measure and period
are all read from the text (the sentence, or the one or two before it for the period, and for the
subject only when the sentence refers back with "it", "its", "the country"…). Anything short of
that is "not checkable" with the reason: better to miss a claim than to check the wrong thing.

Tolerance ("close"): the engine calls a figure "matches" within half a unit of its last printed
digit; `tolerance` widens that for "close" to two units of the last digit, or 1% of a level (5% of
a change), whichever is larger.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

import pandas as pd

from analysis.verdicts import Check

from . import measures as M
from .numbers import Figure, find_figures
from .subjects import Subject, find_subjects
from .times import Period, TimeExpr, find_times, resolve, since_target

#: Publication lags (days after a month's end) for resolving a month named without a year: a
#: TIC month must already have been published (catalogue's Cadence: ~49 days).
TIC_LAG_DAYS = 49

#: Abbreviations after which a full stop does not end a sentence.
ABBREVIATIONS = frozenset({"U.S", "U.K", "U.N", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept",
                           "Oct", "Nov", "Dec", "No", "Mr", "Mrs", "Ms", "Dr", "St", "Inc", "Corp", "Co", "Ltd",
                           "vs", "approx", "est", "Gov", "Sen", "Rep", "Jr", "Sr", "e.g", "i.e", "etc"})
SENTENCE_END = re.compile(r"[.!?。！？]+[\"”’')\]]*(?=\s+|[A-Z\"“]|$)|\n\s*\n|\n")
#: Words before a figure that refer back to the previous sentence's subject…
PRONOUN = re.compile(r"\b(?:it|its|their|they|the\s+country|the\s+nation|the\s+latter|the\s+former|"
                     r"the\s+central\s+bank|the\s+holder)\b", re.I)
#: …unless the sentence has a subject of its own we cannot name ("our country", "we").
UNNAMED = re.compile(r"\b(?:our|my)\s+(?:country|nation|government|central\s+bank)\b|\bwe\b", re.I)
POINT_KINDS = frozenset({"month", "day", "range", "quarter", "half", "year", "ytd", "last_month", "weekday", "iso"})
RELATION_KINDS = frozenset({"prev_month", "prev_year"})
DATELINE = re.compile(r"\s*(?:\([\w .]+\))?\s*[-–—]")
BOUND_GAP = re.compile(r"^[\s,]*(?:(?:in|at|on|as\s+of|by|for|during|through|over|at\s+the\s+end\s+of)\s+)?$", re.I)

REASONS = {
    "%": "a percentage: none of the checks here computes a share or a percentage change",
    "years": "a length of time, not a figure in our data",
    "months": "a length of time, not a figure in our data",
    "weeks": "a length of time, not a figure in our data",
    "days": "a length of time, not a figure in our data",
    "of a group": "a count out of a group, not a figure in our data",
    "count": "a number with no unit our data speaks to (a count, a year, a label)",
}


@dataclass(frozen=True)
class Mapped:
    span: tuple[int, int]
    printed: str
    value: float
    unit: str
    subject: str
    check: Check | None
    reason: str = ""  # why it is not checkable (when check is None)
    explain: tuple[str, ...] = ()
    sentence: tuple[int, int] = (0, 0)


@dataclass(frozen=True)
class Sentence:
    span: tuple[int, int]
    figures: tuple[Figure, ...]
    times: tuple[TimeExpr, ...]
    subjects: tuple[Subject, ...]


def sentence_spans(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for m in SENTENCE_END.finditer(text):
        if m.group(0).startswith("."):
            word = re.search(r"([\w.]+)$", text[start:m.start()])
            before = word.group(1) if word else ""
            if before in ABBREVIATIONS or re.fullmatch(r"[A-Z]", before) or (
                    m.end() < len(text) and text[m.end()].isdigit()):
                continue
            if m.end() < len(text) and not text[m.end()].isspace() and not re.search(r"[a-z]{2}$", before):
                continue  # "U.S" — a glued full stop ends a sentence only after a lower-case word ("debt.The")
        if text[start:m.end()].strip():
            spans.append((start, m.end()))
        start = m.end()
    if text[start:].strip():
        spans.append((start, len(text)))
    return spans


def _inside(span: tuple[int, int], outer: tuple[int, int]) -> bool:
    return outer[0] <= span[0] and span[1] <= outer[1]


def split(text: str) -> list[Sentence]:
    times = find_times(text)
    figures = [f for f in find_figures(text)
               if not any(t.span[0] < f.span[1] and f.span[0] < t.span[1] for t in times)]
    subjects = find_subjects(text)
    out = []
    for span in sentence_spans(text):
        out.append(Sentence(span, tuple(f for f in figures if _inside(f.span, span)),
                            tuple(t for t in times if _inside(t.span, span)),
                            tuple(s for s in subjects if _inside(s.span, span))))
    return out


def _clause_before(text: str, sentence: Sentence, at: int, width: int = 80) -> str:
    return text[max(sentence.span[0], at - width):at]


def _bound(text: str, fig: Figure, sentence: Sentence) -> TimeExpr | None:
    for t in sentence.times:
        if 0 <= t.span[0] - fig.span[1] <= 30 and BOUND_GAP.match(text[fig.span[1]:t.span[0]]):
            return t
    return None


def _months_before(month: str, n: int) -> str:
    return f"{pd.Period(month, 'M') - n}"


@dataclass
class Reader:
    """Reads the figures of one article, sentence by sentence, carrying context forward."""

    text: str
    published: date

    def __post_init__(self) -> None:
        self.sentences = split(self.text)
        self.datelines = {t.span for s in self.sentences[:1] for t in s.times
                          if t.span[0] < 80 and DATELINE.match(self.text, t.span[1])}

    # -- context -----------------------------------------------------------------------------

    def _subject(self, index: int, at: int) -> Subject | None:
        sentence = self.sentences[index]
        before = [s for s in sentence.subjects if s.span[1] <= at and not _ignored(self.text, s)]
        if before:
            return before[-1]
        after = [s for s in sentence.subjects if s.span[0] >= at and not _ignored(self.text, s)]
        if after:
            return after[0]
        if index > 0 and PRONOUN.search(self.text[sentence.span[0]:at]) and not UNNAMED.search(
                self.text[sentence.span[0]:sentence.span[1]]):
            previous = [s for s in self.sentences[index - 1].subjects if not _ignored(self.text, s)]
            return previous[-1] if previous else None
        return None

    def _usable(self, t: TimeExpr, daily: bool) -> bool:
        """A period a figure can be about: no dateline, and a weekday only for daily data."""
        if t.kind not in POINT_KINDS or t.span in self.datelines:
            return False
        return daily or t.kind != "weekday"

    def _period_expr(self, index: int, fig: Figure, daily: bool = False) -> tuple[TimeExpr | None, TimeExpr | None]:
        """(the period expression for a figure, a relation such as 'a month earlier')."""
        sentence = self.sentences[index]
        own = _bound(self.text, fig, sentence)
        relation = own if own is not None and own.kind in RELATION_KINDS else None
        if own is not None and self._usable(own, daily):
            return own, None
        same = [t for t in sentence.times if t.kind == "same" and t.span[0] >= fig.span[1]]
        if own is None and same and index > 0:  # "… over the same period": the previous sentence's
            earlier = [t for t in self.sentences[index - 1].times if self._usable(t, daily)]
            return (_main(self, index - 1, earlier) if earlier else None), relation
        others = {id(b) for f in sentence.figures if f is not fig for b in [_bound(self.text, f, sentence)] if b}
        points = [t for t in sentence.times if self._usable(t, daily)]
        free = [t for t in points if id(t) not in others]
        if free:
            return free[0], relation
        if not points:
            for back in (1, 2, 3):
                if index - back >= 0:
                    earlier = [t for t in self.sentences[index - back].times if self._usable(t, daily)]
                    if earlier:
                        return _main(self, index - back, earlier), relation
            return None, relation
        return _main(self, index, points), relation

    # -- mapping -----------------------------------------------------------------------------

    def mapped(self) -> list[Mapped]:
        out: list[Mapped] = []
        for index, sentence in enumerate(self.sentences):
            for fig in sentence.figures:
                out.append(replace(self._map(index, fig), sentence=sentence.span))
            for t in sentence.times:
                if t.kind == "since":
                    found = self._since(index, t)
                    if found is not None:
                        out.append(replace(found, sentence=sentence.span))
        return sorted(out, key=lambda m: m.span)

    def _nc(self, fig: Figure, reason: str, subject: str = "") -> Mapped:
        return Mapped(fig.span, fig.printed, fig.value, fig.unit, subject, None, reason)

    def _map(self, index: int, fig: Figure) -> Mapped:
        sentence = self.sentences[index]
        text = self.text
        body = text[sentence.span[0]:sentence.span[1]]
        unit = fig.unit
        if unit in REASONS:
            return self._nc(fig, REASONS[unit])
        if unit not in ("USD bn", "USD trn", "USD m", "USD 100m", "JPY bn", "JPY trn", "JPY 100m", "tonnes",
                        "m oz", "oz", "JPY per USD", "JPY", "USD per troy oz"):
            if unit == "USD" and M.GOLD.search(body) and re.search(r"ounce|oz", body, re.I):
                return self._nc(fig, "a gold price without 'an ounce': not read as a price")
            return self._nc(fig, f"a figure in {unit}: no series here is in this unit"
                            if unit not in ("count scaled", "unknown", "USD", "JPY") else
                            "an amount our data does not give at this scale")
        before = _clause_before(text, sentence, fig.span[0])
        after = text[fig.span[1]:min(sentence.span[1], fig.span[1] + 60)]
        how, sign = M.reading(before, after)
        subject = self._subject(index, fig.span[0])
        label = subject.label if subject else ""
        if unit in ("JPY per USD", "JPY") and (unit == "JPY per USD" or 50 <= fig.value <= 400) and (
                fig.scale is None):
            return self._usdjpy(index, fig, how, body)
        if unit == "JPY":
            return self._nc(fig, "a yen amount at no scale our data uses", label)
        if unit in ("JPY bn", "JPY trn", "JPY 100m"):
            if not M.INTERVENTION.search(body):
                return self._nc(fig, "a yen amount that is not a currency intervention: no series of ours", label)
            return self._intervention(index, fig, body)
        if unit == "USD per troy oz":
            return self._gold_price(index, fig, body)
        if unit in ("tonnes", "m oz", "oz"):
            return self._gold_reserves(index, fig, how, sign, subject, body)
        return self._usd(index, fig, how, sign, subject, body)

    def _period(self, index: int, fig: Figure, lag: int = 0,
                daily: bool = False) -> tuple[Period | None, TimeExpr | None, str]:
        expr, relation = self._period_expr(index, fig, daily)
        if expr is None:
            return None, relation, "the sentence names no period"
        period = resolve(expr, self.published, lag)
        if period is None:
            return None, relation, f"cannot read the period {expr.printed!r}"
        if period.start > self.published:
            return None, relation, f"{expr.printed!r} is after the article's date"
        return period, relation, ""

    def _topic(self, index: int, back: int = 3) -> str | None:
        """'treasury' or 'reserves': what the last few sentences were about, nearest first."""
        for i in range(index - 1, max(-1, index - 1 - back), -1):
            body = self.text[self.sentences[i].span[0]:self.sentences[i].span[1]]
            if M.GOLD.search(body):
                return None
            t, r = M.TREASURIES.search(body), M.FX_RESERVES.search(body)
            if t and not r:
                return "treasury"
            if r and not t:
                return "reserves"
        return None

    def _tic_series(self, subject: Subject | None) -> tuple[str | None, str]:
        if subject is None:
            return None, "no holder is named"
        if subject.tic is None:
            return None, f"Treasury's holder table has no line for {subject.label}"
        return subject.tic, ""

    def _usd(self, index: int, fig: Figure, how: str | None, sign: int, subject: Subject | None,
             body: str) -> Mapped:
        label = subject.label if subject else ""
        at = fig.span[0] - self.sentences[index].span[0]
        treasury = _nearest(M.TREASURIES, body, at)
        reserves = _nearest(M.FX_RESERVES, body, at)
        if treasury is None and reserves is None and M.HOLDINGS.search(body) and not M.GOLD.search(body):
            earlier = self._topic(index)  # "Britain's holdings rose…" after a sentence on Treasuries
            treasury, reserves = (1000, None) if earlier == "treasury" else (None, 1000) if earlier else (None, None)
        if treasury is None and reserves is None:
            reason = ("a dollar amount on gold: values of gold holdings are not a series here" if M.GOLD.search(body)
                      else "a dollar amount on a subject none of our datasets speaks to")
            return self._nc(fig, reason, label)
        use_reserves = reserves is not None and (treasury is None or reserves < treasury)
        if use_reserves:
            if subject is None or subject.iso3 != "JPN":
                return self._nc(fig, "reserves of an economy other than Japan: not a series here", label)
            if M.INTERVENTION.search(body) and how != "level" and how != "change":
                return self._nc(fig, "a dollar conversion of an intervention", label)
            dataset, series, lag, explain = "japan_reserves", "total", 0, ()
            label = "Japan's reserves"
        else:
            if M.INTERVENTION.search(body) and not re.search(r"hold|own", body, re.I):
                return self._nc(fig, "a dollar conversion of an intervention, not a holding", label)
            series, why = self._tic_series(subject)
            if series is None:
                return self._nc(fig, f"a Treasury holding, but {why}", label)
            dataset, lag, explain = "treasury_holdings", TIC_LAG_DAYS, ("revision",)
        return self._monthly(index, fig, how, sign, dataset, series, label, lag, explain, fig.unit)

    def _monthly(self, index: int, fig: Figure, how: str | None, sign: int, dataset: str, series: str,
                 label: str, lag: int, explain: tuple[str, ...], unit: str, monthly_only: bool = True) -> Mapped:
        """A level or change of a monthly series (TIC holdings, Japan's reserves, gold reserves)."""
        if how is None:
            return self._nc(fig, "cannot tell whether the figure is a level or a change", label)
        if how == "change" and sign == 0:
            return self._nc(fig, "a change with no direction (rise or fall) in the sentence", label)
        period, relation, why = self._period(index, fig, lag)
        if period is None:
            return self._nc(fig, why, label)
        number = fig.number
        tolerance = _tolerance(fig, how == "change")
        if how in ("level", "from"):
            if period.grain in ("ytd", "year") and relation is None and how == "from":
                return self._nc(fig, f"a level over {period.grain}: which month is meant is not said", label)
            month = period.month
            if relation is not None and relation.kind == "prev_month":
                month = _months_before(month, 1)
            elif relation is not None and relation.kind == "prev_year":
                month = _months_before(month, 12)
            if lag and _unpublished(month, self.published, lag):
                return self._nc(fig, f"{month} was not yet published on the article's date", label)
            check = Check(dataset, (series,), "level", date=month, article=number, unit=unit, tolerance=tolerance)
            return Mapped(fig.span, fig.printed, fig.value, unit, label, check, explain=explain)
        end = period.month
        if period.grain in ("month", "day"):
            start = _months_before(end, 12 if relation is not None and relation.kind == "prev_year" else 1)
            start = self._from_month(index, fig, lag) or start
        elif period.grain == "ytd":
            if lag:
                return self._nc(fig, "a change so far this year: the latest month meant is not said", label)
            start = _months_before(f"{period.start:%Y-%m}", 1)
        else:
            start = _months_before(f"{period.start:%Y-%m}", 1)
        if lag and _unpublished(end, self.published, lag):
            return self._nc(fig, f"{end} was not yet published on the article's date", label)
        value = f"-{number}" if sign < 0 else number
        check = Check(dataset, (series,), "change", start=start, end=end, article=value, unit=unit,
                      tolerance=tolerance)
        return Mapped(fig.span, fig.printed, sign * fig.value, unit, label, check, explain=explain)

    def _from_month(self, index: int, fig: Figure, lag: int) -> str | None:
        """A change's start from a 'from $X in March' elsewhere in the sentence."""
        sentence = self.sentences[index]
        for other in sentence.figures:
            if other is fig:
                continue
            how, _ = M.reading(_clause_before(self.text, sentence, other.span[0], 12), "")
            bound = _bound(self.text, other, sentence)
            if how == "from" and bound is not None and bound.kind in ("month", "day"):
                period = resolve(bound, self.published, lag)
                if period is not None:
                    return period.month
        return None

    def _gold_reserves(self, index: int, fig: Figure, how: str | None, sign: int, subject: Subject | None,
                       body: str) -> Mapped:
        label = subject.label if subject else ""
        if M.OTHER_COMMODITY.search(body) and not M.GOLD.search(body):
            return self._nc(fig, "tonnes of something other than gold", label)
        if M.NOT_OFFICIAL_GOLD.search(body):
            return self._nc(fig, "gold demand, trade or investment: not official reserves", label)
        if not M.GOLD.search(body) and not re.search(r"reserves|central\s+bank", body, re.I):
            return self._nc(fig, "tonnes or ounces of what is not said", label)
        if subject is None or subject.gold is None:
            return self._nc(fig, "gold, but no economy (or central banks worldwide) is named", label)
        if subject.gold == "USA" and not M.GOLD.search(body):
            return self._nc(fig, "no gold holding is named", label)
        explain = ("wgc-estimate",) if how == "change" else ()
        return self._monthly(index, fig, how, sign, "gold_reserves", subject.gold, label, 0, explain, fig.unit)

    def _intervention(self, index: int, fig: Figure, body: str) -> Mapped:
        period, _, why = self._period(index, fig, daily=True)
        if period is None:
            return self._nc(fig, why, "Japan's interventions")
        check = Check("fx_interventions", ("USD/JPY",), "total", start=f"{period.start:%Y-%m-%d}",
                      end=f"{period.end:%Y-%m-%d}", article=fig.number, unit=fig.unit,
                      tolerance=_tolerance(fig, False),
                      direction="yen sold" if M.YEN_SOLD.search(body) else "yen bought")
        return Mapped(fig.span, fig.printed, fig.value, fig.unit, "Japan's interventions", check)

    def _usdjpy(self, index: int, fig: Figure, how: str | None, body: str) -> Mapped:
        label = "the dollar/yen"
        if not M.YEN.search(body):
            return self._nc(fig, "a rate with no currency named", label)
        period, _, why = self._period(index, fig, daily=True)
        if period is None:
            return self._nc(fig, why, label)
        tolerance = _tolerance(fig, False, share=0.005)
        common = {"article": fig.number, "unit": "JPY per USD", "tolerance": tolerance}
        if M.AVERAGE.search(body):
            check = Check("usdjpy", ("USDJPY",), "mean", start=f"{period.start:%Y-%m-%d}",
                          end=f"{period.end:%Y-%m-%d}", **common)
        elif period.grain == "day":
            check = Check("usdjpy", ("USDJPY",), "level", date=f"{period.start:%Y-%m-%d}", **common)
        elif M.YEN_WEAK.search(body) or M.YEN_STRONG.search(body):
            op = "max" if M.YEN_WEAK.search(body) else "min"
            check = Check("usdjpy", ("USDJPY",), op, start=f"{period.start:%Y-%m-%d}",
                          end=f"{min(period.end, self.published):%Y-%m-%d}", **common)
        else:
            return self._nc(fig, "a rate over a period with no day, average, high or low said", label)
        return Mapped(fig.span, fig.printed, fig.value, "JPY per USD", label, check, explain=("noon-rate",))

    def _gold_price(self, index: int, fig: Figure, body: str) -> Mapped:
        label = "gold price"
        if not M.AVERAGE.search(body):
            return self._nc(fig, "a day's gold price: our gold price is the World Bank's monthly average", label)
        period, _, why = self._period(index, fig)
        if period is None:
            return self._nc(fig, why, label)
        common = {"article": fig.number, "unit": "USD per troy oz", "tolerance": _tolerance(fig, False)}
        if period.grain == "month":
            check = Check("gold_price", ("GOLD",), "level", date=f"{period.start:%Y-%m-%d}", **common)
        else:
            check = Check("gold_price", ("GOLD",), "mean", start=f"{period.start:%Y-%m-%d}",
                          end=f"{period.end:%Y-%m-%d}", **common)
        return Mapped(fig.span, fig.printed, fig.value, "USD per troy oz", label, check)

    def _since(self, index: int, expr: TimeExpr) -> Mapped | None:
        """'the weakest since December 1986', 'the lowest since 2009': a *_since claim on the series
        the sentence's figure (or subject) is about."""
        target = since_target(expr)
        sentence = self.sentences[index]
        before = self.text[max(sentence.span[0], expr.span[0] - 60):expr.span[0]]
        high, low = M.SUPERLATIVE_HIGH.search(before), M.SUPERLATIVE_LOW.search(before)
        if target is None or (high is None) == (low is None):
            return None
        word = (high or low).group(0).lower()  # type: ignore[union-attr]
        value = float(target[:4])
        figs = [f for f in sentence.figures if f.span[1] <= expr.span[0]]
        mapped = [self._map(index, f) for f in figs]
        checks = [m for m in mapped if m.check is not None and m.check.op in ("level", "max", "min")]
        pseudo = Figure(expr.span, expr.printed, target[:4], value, "since")
        if checks:
            base = checks[-1]
            assert base.check is not None
            check = base.check
            if check.dataset == "usdjpy":  # the yen's weakest is USD/JPY's highest, unless the dollar is meant
                dollar = re.search(rf"dollar(?:'s)?\s+(?:\w+\s+){{0,3}}{word}", before, re.I)
                yen_low = word in ("weakest", "lowest", "low")
                direction = ("high" if high else "low") if dollar else ("high" if yen_low else "low")
            else:
                direction = "high" if high else "low"
            op = f"{'highest' if direction == 'high' else 'lowest'}_since"
            window = {"date": check.date} if check.date else {"start": check.start, "end": check.end}
            if check.dataset == "gold_price" or check.op == "mean":
                return None
            new = Check(check.dataset, check.series, op, article=target,
                        tolerance_months=2 if "-" in target else 6, **window)
            return Mapped(expr.span, expr.printed, value, "since", base.subject, new, explain=base.explain)
        subject = self._subject(index, expr.span[0])
        body = self.text[sentence.span[0]:sentence.span[1]]
        if subject is None or subject.tic is None or not M.TREASURIES.search(body) or word == "weakest":
            return None
        period, _, _ = self._period(index, pseudo, TIC_LAG_DAYS)
        if period is None or period.grain != "month":
            return None
        op = "highest_since" if high else "lowest_since"
        check = Check("treasury_holdings", (subject.tic,), op, date=period.month, article=target,
                      tolerance_months=2 if "-" in target else 6)
        return Mapped(expr.span, expr.printed, value, "since", subject.label, check, explain=("revision",))


def _main(reader: Reader, index: int, times: Sequence[TimeExpr]) -> TimeExpr:
    """The period a sentence is about: one bound to a figure that is no 'from' figure, else its first."""
    sentence = reader.sentences[index]
    for f in sentence.figures:
        bound = _bound(reader.text, f, sentence)
        if bound is not None and bound in times and M.reading(
                _clause_before(reader.text, sentence, f.span[0], 12), "")[0] != "from":
            return bound
    return times[0]


def _ignored(text: str, subject: Subject) -> bool:
    """'the U.S. Treasury', 'the U.S. dollar', 'the Japanese yen': a name that is no subject here."""
    tail = text[subject.span[1]:subject.span[1] + 25]
    return subject.iso3 is not None and bool(re.match(
        r"\s+(?:Treasury|Treasuries|dollars?|debt|government|bonds|securities|Federal|economy|yen|yuan|"
        r"Ministry|Finance|officials?|authorities|investors|banks|life\s+insurers|funds?)\b", tail))


def _nearest(pattern: re.Pattern[str], body: str, at: int) -> int | None:
    distances = [min(abs(m.start() - at), abs(m.end() - at)) for m in pattern.finditer(body)]
    return min(distances) if distances else None


def _unpublished(month: str, published: date, lag: int) -> bool:
    end = pd.Period(month, "M").end_time.normalize()
    return (end + pd.Timedelta(days=lag)).date() > published


def _tolerance(fig: Figure, change: bool, share: float | None = None) -> float:
    """'close' within two units of the last printed digit or a share of the value (1% of a level,
    5% of a change), whichever is larger — in the article's unit."""
    digit = 10.0 ** -fig.decimals
    share = share if share is not None else (0.05 if change else 0.01)
    return round(max(2 * digit, share * abs(fig.value)), 6)


def extract(text: str, published: date) -> list[Mapped]:
    """Every figure of `text`, mapped to a check or to the reason it is none; a figure said as a
    trade ("sold", "net seller") is checked against net purchases (`trades`)."""
    from .trades import as_trade  # trades builds on this module's Mapped

    return [as_trade(text, m, published) for m in Reader(text, published).mapped()]
