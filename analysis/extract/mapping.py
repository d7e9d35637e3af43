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

from . import discourse as D
from . import measures as M
from . import orders as O
from . import targets as T
from .numbers import Figure, find_figures
from .subjects import Subject, find_subjects
from .times import Period, TimeExpr, find_times, resolve, since_target

TIC_LAG_DAYS = T.TIC_LAG_DAYS

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
#: Between a level and the change said with it: "$1.1157 trillion, down $41.3 billion".
TWIN_CHANGE = re.compile(r"^\s*,?\s*(?:down|up|a\s+(?:rise|fall|drop|decline|increase|decrease)\s+of)\s+"
                         r"(?:by\s+)?$", re.I)
#: Before a period: it is the base of a comparison, not what the sentence is about.
FROM_PERIOD = re.compile(r"(?:\bfrom|\bcompared\s+(?:to|with)|\bthan|\bsince|\bversus|\bvs\.?|\bover)\s+"
                         r"(?:the\s+)?$", re.I)
#: Between a change and the level it led to: "by $18.9 billion to $765.4 billion in March".
TO_PARTNER = re.compile(r"^\s*,?\s*(?:to|to\s+reach|reaching|bringing\s+(?:its|the)\s+(?:total\s+)?(?:holdings?\s+)?to|"
                        r"with\s+the\s+total\s+holding\s+(?:down|up)\s+to|to\s+a\s+(?:total|record)\s+of)\s+$", re.I)

#: The latest month published by the article's date (a figure "compared to last month" with no month named).
LATEST = TimeExpr((0, 0), "", "latest")
#: A group of the holders just named.
GROUP_OF = re.compile(r"\b(?:the\s+(?P<n>two|three|four|five)|(?P<n2>both))\s+"
                      r"(?:countries|economies|nations|holders)\b",
                      re.I)
#: The step after a named period: the later figure of "to X from Y in March".
NEXT = TimeExpr((0, 0), "", "next_step")
POINT_KINDS = frozenset({"month", "day", "range", "quarter", "half", "year", "ytd", "last_month", "weekday", "iso"})
RELATION_KINDS = frozenset({"prev_month", "prev_year", "prev_quarter"})
DATELINE = re.compile(r"\s*(?:\([\w .]+\))?\s*[-–—]")
BOUND_GAP = re.compile(r"^\s*(?:(?:peak|high|low|level|record|mark|seen|recorded|registered|logged|reported)\s+)?"
                       r"(?:(?:in|at|on|as\s+of|by|for|during|through|over|at\s+the\s+end\s+of)\s+)?$"
                       r"|^\s*,\s*(?:(?:in|at|on|as\s+of|by|for|during|through|over)\s+)?$(?<!,\s)(?<!,)", re.I)
#: Between a record's 'since' and the figure it was then: ", when it was".
WHEN_IT_WAS = re.compile(r",?\s+when\s+(?:it|they|the\s+\w+|holdings)\s+(?:was|were|stood\s+at|reached|hit)\s+", re.I)
#: A period just before a figure: "August's 6.1964 trillion dollars", "the previous month's $1.134 trillion".
BOUND_BEFORE = re.compile(r"(?:'s|’s)\s*$")

REASONS = {
    "%": "a percentage that is neither the change of Treasury holdings or of Japan's or China's reserves nor a "
         "currency's share of the world's reserves (the percentages checked here)",
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
    #: Checks to try, in order, when `check` finds no official figure (China's gold: SAFE's monthly
    #: series, then the IMF's).
    fallbacks: tuple[Check, ...] = ()


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
            glued_ok = re.search(r"[a-z]{2}$", before) or text[m.start() - 1:m.start()] in ("%", ")")
            if m.end() < len(text) and not text[m.end()].isspace() and not glued_ok:
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
        gap = text[fig.span[1]:t.span[0]]
        if 0 <= t.span[0] - fig.span[1] <= 30 and (BOUND_GAP.match(gap) or (
                re.fullmatch(r"\s*,\s*", gap) and re.match(r"(?:at\s+)?the\s+end|end-", t.printed, re.I))):
            return t
    for t in sentence.times:
        if 0 <= fig.span[0] - t.span[1] <= 4 and BOUND_BEFORE.match(text[t.span[1]:fig.span[0]]):
            return t
        if t.kind == "since" and t.get("month") and 0 <= fig.span[0] - t.span[1] <= 30 and WHEN_IT_WAS.fullmatch(
                text[t.span[1]:fig.span[0]]):  # "the most since September 2015, when it was $1.177 trillion"
            return TimeExpr(t.span, t.printed, "month", (("m", t.get("month") or ""), ("year", t.get("year") or "")))
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
        self.home = D.home_country(self.text, [x for s in self.sentences for x in s.subjects])

    # -- context -----------------------------------------------------------------------------

    def _candidates(self, index: int, treasury: bool = False) -> list[Subject]:
        """The sentence's subjects that can be a figure's subject ('our country' resolved)."""
        sentence = self.sentences[index]
        out = [s for s in sentence.subjects if not _ignored(self.text, s) and not (treasury and s.iso3 == "USA")]
        if self.home is not None:
            body = self.text[sentence.span[0]:sentence.span[1]]
            for m in D.OUR.finditer(body):
                at = sentence.span[0] + m.start()
                out.append(replace(self.home, span=(at, sentence.span[0] + m.end()), printed=m.group(0)))
            out.sort(key=lambda s: s.span)
        return out

    def _main_subject(self, index: int, treasury: bool = False) -> Subject | None:
        """A sentence's own subject: its first name that is no comparison."""
        sentence = self.sentences[index]
        for s in self._candidates(index, treasury):
            if not D.is_compared(self.text, s, sentence.span[0]):
                return s
        return None

    def _running_subject(self, index: int, treasury: bool = False, back: int = 3) -> Subject | None:
        for i in range(index - 1, max(-1, index - 1 - back), -1):
            found = self._main_subject(i, treasury)
            if found is not None:
                return found
        return None

    def _subject(self, index: int, at: int, treasury: bool = False) -> Subject | None:
        sentence = self.sentences[index]
        text = self.text
        body = text[sentence.span[0]:sentence.span[1]]
        if UNNAMED.search(body) and self.home is None:
            return None
        candidates = self._candidates(index, treasury)
        respectively = self._respectively(index, at, candidates)
        if respectively is not None:
            return respectively
        previous = [f for f in sentence.figures if f.span[1] <= at]
        if previous and TWIN_CHANGE.match(text[previous[-1].span[1]:at]):  # "China's $1.1157 trillion, down $41.3 bn"
            return self._subject(index, previous[-1].span[0], treasury)
        clause = sentence.span[0] + D.clause_start(body, at - sentence.span[0])
        before = [s for s in candidates if s.span[1] <= at]
        attached = [s for s in before if at - s.span[1] <= 2]  # "China's $1.113T"
        if attached:
            return attached[-1]
        in_clause = [s for s in before if s.span[0] >= clause and not D.is_compared(text, s, sentence.span[0])]
        if in_clause:
            return in_clause[-1]
        if D.BACK.search(text[clause:at]):
            own = self._main_subject(index, treasury)
            if own is not None and own.span[1] <= clause:
                return own
            carried = self._running_subject(index, treasury) if index > 0 else None
            if carried is not None:
                return carried
        free = [s for s in before if not D.is_compared(text, s, sentence.span[0])]
        if free:
            return free[0]
        if before:
            return before[-1]
        after = [s for s in candidates if s.span[0] >= at]
        if after:
            return after[0]
        if index > 0 and not candidates:  # none named, or only the United States in a Treasury story
            return self._running_subject(index, treasury, back=2)
        return None

    def _respectively(self, index: int, at: int, candidates: Sequence[Subject]) -> Subject | None:
        """'… of Germany and the United States … at 3,387 tonnes and 8,133 tonnes respectively'."""
        sentence = self.sentences[index]
        if "respectively" not in self.text[sentence.span[0]:sentence.span[1]]:
            return None
        figures = [f for f in sentence.figures if f.unit not in REASONS]
        named = [s for s in candidates if s.span[1] <= figures[0].span[0]] if figures else []
        position = next((i for i, f in enumerate(figures) if f.span[0] == at), None)
        if position is None or len(named) < len(figures):
            return None
        return named[len(named) - len(figures) + position]

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
        others = {id(b): f for f in sentence.figures if f is not fig for b in [_bound(self.text, f, sentence)] if b}
        if relation is None and self._is_change(index, fig):  # "Compared with a year earlier, … rose $818 billion"
            loose = [t for t in sentence.times if t.kind in RELATION_KINDS and id(t) not in others
                     and t.span[1] <= fig.span[0]]
            said = [t for t in sentence.times if t.kind in RELATION_KINDS and t.span[1] <= fig.span[0]
                    and others.get(id(t)) is not None and others[id(t)].unit == fig.unit]
            relation = loose[-1] if loose else said[-1] if said else None  # "… 9.15% year-over-year while … -6.89%"
        heading = [t for t in sentence.times if self._usable(t, daily) and 0 <= fig.span[0] - t.span[1] <= 40
                   and not re.search(r"[,;:]|\d", self.text[t.span[1]:fig.span[0]]) and t.kind in ("month", "day")]
        if heading and not FROM_PERIOD.search(self.text[max(sentence.span[0], heading[-1].span[0] - 16):
                                                        heading[-1].span[0]]):
            return heading[-1], relation
        same = [t for t in sentence.times if t.kind == "same" and t.span[0] >= fig.span[1]]
        if own is None and same and index > 0:  # "… over the same period": the previous sentence's
            earlier = [t for t in self.sentences[index - 1].times if self._usable(t, daily)]
            return (_main(self, index - 1, earlier) if earlier else None), relation
        later = [f for f in sentence.figures if f.span[0] >= fig.span[1]]
        if later and TO_PARTNER.match(self.text[fig.span[1]:later[0].span[0]]):
            partner = _bound(self.text, later[0], sentence)
            if partner is not None and self._usable(partner, daily):
                return partner, relation
        points = [t for t in sentence.times if self._usable(t, daily)]
        based = [t for t in points if FROM_PERIOD.search(self.text[max(sentence.span[0], t.span[0] - 16):t.span[0]])]
        free = [t for t in points if id(t) not in others and t not in based]
        if free:
            return free[0], relation
        if based and len(based) == len(points) and not self._is_from(fig, index):
            running = self._running_period(index, daily)
            return (running, relation) if running is not None else (based[0], NEXT)
        if not points:
            if any(t.kind == "prev_month" and "last month" in t.printed.lower() for t in sentence.times):
                return LATEST, relation  # "… compared to last month": the latest month out on the article's date
            running = self._running_period(index, daily)
            return running, relation
        froms = [t for t in points if id(t) in others and self._is_from(others[id(t)], index)]
        if froms and len(froms) == len(points) and not self._is_from(fig, index) and relation is None:
            # "rose to $937.5 billion from $926.9 billion in March": the period named is the earlier one's
            running = self._running_period(index, daily)
            earlier = resolve(froms[0], self.published)
            later = resolve(running, self.published) if running is not None else None
            if later is not None and earlier is not None and later.end > earlier.end:
                return running, None
            return froms[0], NEXT
        return _main(self, index, points), relation

    def _running_period(self, index: int, daily: bool, back: int = 8) -> TimeExpr | None:
        """The period the sentences before were about, nearest first."""
        for i in range(index - 1, max(-1, index - 1 - back), -1):
            sentence = self.sentences[i]
            bound_from = {id(b) for f in sentence.figures if self._is_from(f, i) or re.search(
                              r"\bsince\s*$", self.text[max(sentence.span[0], f.span[0] - 8):f.span[0]])
                          for b in [_bound(self.text, f, sentence)] if b}
            earlier = [t for t in sentence.times if self._usable(t, daily) and id(t) not in bound_from
                       and not FROM_PERIOD.search(self.text[max(sentence.span[0], t.span[0] - 16):t.span[0]])]
            if earlier:
                return _main(self, i, earlier)
        return None

    def _is_from(self, fig: Figure, index: int) -> bool:
        sentence = self.sentences[index]
        return M.reading(_clause_before(self.text, sentence, fig.span[0], 24), "")[0] == "from"

    def _is_change(self, index: int, fig: Figure) -> bool:
        return self._reading(index, fig)[0] == "change"

    def _reading(self, index: int, fig: Figure) -> tuple[str | None, int]:
        """('level' | 'change' | 'from' | None, sign): the words around the figure, or those of the figure
        it restates ("$818 billion, or 10.2%", "69.62 million ounces (2,165 tons)", "at 3 t and 8 t")."""
        sentence = self.sentences[index]
        text = self.text
        before = re.sub(r"\s[-−]$", " ", _clause_before(text, sentence, fig.span[0]))  # "decreased by -6.89%"
        after = text[fig.span[1]:min(sentence.span[1], fig.span[1] + 60)]
        how, sign = M.reading(before, after)
        if how is None and re.search(r"(?:'s|’s)\s*$", before):
            how = "level"  # "China's $1.113T", "August's 6.1964 trillion dollars"
        earlier = [f for f in sentence.figures if f.span[1] <= fig.span[0] and fig.span[0] - f.span[1] <= 6]
        gap = text[earlier[-1].span[1]:fig.span[0]] if earlier else ""
        if how is None and earlier and re.fullmatch(r"\s*(?:,|and|,\s*and|,?\s*or|\()\s*", gap):
            how, sign = self._reading(index, earlier[-1])
        if how == "change" and sign == 0 and re.search(r"\bby\s*$", before):  # "…, and the UK by $17.9 billion"
            sign = M._sign(text[sentence.span[0]:fig.span[0]])
        return how, sign

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
            for read in (O.ranks, O.top_buyers, O.declines, O.streaks, O.year_records):
                out += [replace(found, sentence=sentence.span) for found in read(self, index)]
        return sorted(out, key=lambda m: m.span)

    def _nc(self, fig: Figure, reason: str, subject: str = "") -> Mapped:
        return Mapped(fig.span, fig.printed, fig.value, fig.unit, subject, None, reason)

    def _unit(self, index: int, fig: Figure) -> str:
        """A figure's unit, or its partner's in 'from X to Y' when printed once ("$4,228 an ounce in
        June, down from $4,587 in May"; "74.19 million troy ounces from 74.15 million")."""
        unit = fig.unit
        if unit not in ("USD", "count scaled", "count"):
            return unit
        sentence = self.sentences[index]
        before = self.text[max(sentence.span[0], fig.span[0] - 14):fig.span[0]]
        if not re.search(r"\b(?:from|to|and|versus|vs\.?|against)\s+(?:a\s+revised\s+|the\s+)?$", before, re.I):
            return unit
        partners = [f for f in sentence.figures if f is not fig and abs(f.span[0] - fig.span[0]) < 90]
        for other in sorted(partners, key=lambda f: abs(f.span[0] - fig.span[0])):
            if unit == "USD" and other.currency == "USD" and other.unit != "USD" and other.scale is not None:
                return other.unit
            if unit == "USD" and other.unit == "USD per troy oz":
                return other.unit
            if unit == "count scaled" and fig.scale == "m" and other.unit == "m oz":
                return other.unit
            if unit == "count" and other.unit == "%":
                return "%"
        return unit

    def _map(self, index: int, fig: Figure) -> Mapped:
        sentence = self.sentences[index]
        text = self.text
        body = text[sentence.span[0]:sentence.span[1]]
        unit = self._unit(index, fig)
        if unit != fig.unit:
            fig = replace(fig, unit=unit, scale=fig.scale or ("m" if unit == "m oz" else None))
        if unit == "count" and fig.decimals == 2 and 1000 <= fig.value <= 50000 and re.search(
                r"reserves", body, re.I):
            fig = replace(fig, unit="USD 100m")  # "reserves became 12315.72": 億ドル / 亿美元 as printed
            unit = fig.unit
        if M.FORECAST.search(_clause_before(text, sentence, fig.span[0], 50)):
            return self._nc(fig, "a forecast or an estimate, not a reported figure")
        if unit == "%":
            return self._share(index, fig, body)
        if unit in REASONS:
            return self._nc(fig, REASONS[unit])
        if unit not in ("USD bn", "USD trn", "USD m", "USD 100m", "JPY bn", "JPY trn", "JPY 100m", "tonnes",
                        "m oz", "oz", "JPY per USD", "JPY", "USD per troy oz"):
            if unit == "USD" and M.GOLD.search(body) and re.search(r"ounce|oz", body, re.I):
                return self._nc(fig, "a gold price without 'an ounce': not read as a price")
            return self._nc(fig, f"a figure in {unit}: no series here is in this unit"
                            if unit not in ("count scaled", "unknown", "USD", "JPY") else
                            "an amount our data does not give at this scale")
        how, sign = self._reading(index, fig)
        if unit in ("JPY per USD", "JPY") and (unit == "JPY per USD" or 50 <= fig.value <= 400) and (
                fig.scale is None):
            return self._usdjpy(index, fig, how, body)
        if unit == "JPY":
            return self._nc(fig, "a yen amount at no scale our data uses")
        if unit in ("JPY bn", "JPY trn", "JPY 100m"):
            if not M.INTERVENTION.search(body) and not (
                    re.search(r"\bspen[dt]\b|\bspending\b", body, re.I) and self._said(index, M.INTERVENTION)):
                return self._nc(fig, "a yen amount that is not a currency intervention: no series of ours")
            if M.BUDGET.search(body):
                return self._nc(fig, "a budget for interventions, not an intervention")
            return self._intervention(index, fig, body)
        if unit == "USD per troy oz":
            return self._gold_price(index, fig, body)
        converted = [f for f in sentence.figures if f.span[1] <= fig.span[0] and f.currency == "JPY"]
        if converted and re.fullmatch(r"\s*\((?:about\s+|approximately\s+|roughly\s+|some\s+)?",
                                      text[converted[-1].span[1]:fig.span[0]]):
            return self._nc(fig, "a dollar conversion of the yen amount before it")  # "9.79 trillion yen ($62.2 bn)"
        return self._target(index, fig, how, sign, body)

    def _said(self, index: int, pattern: re.Pattern[str], back: int = 3) -> bool:
        """Whether one of the last few sentences (or this one) says `pattern`."""
        return any(pattern.search(self.text[self.sentences[i].span[0]:self.sentences[i].span[1]])
                   for i in range(max(0, index - back), index + 1))

    def _measure(self, index: int, fig: Figure) -> str | None:
        """What the figure measures: said in its sentence (nearest), else carried from the last sentence
        that said one."""
        sentence = self.sentences[index]
        body = self.text[sentence.span[0]:sentence.span[1]]
        at = fig.span[0] - sentence.span[0]
        weight = fig.unit in T.WEIGHT_UNITS
        allowed = ("gold",) if weight else ("treasuries", "reserves", "gold")
        found = D.nearest_measure(body, at, allowed)
        held = re.search(r"\bholdings?\b|\bholders?\b|\bstash\b|\bstockpile\b", body, re.I)
        if found is None and not weight and held and M.TREASURIES.search(self.text, 0, self.sentences[index].span[0]):
            return "treasuries"  # "Canada's holdings fell …" in a text on Treasuries
        if found is None:
            for i in range(index - 1, -1, -1):
                earlier = self.text[self.sentences[i].span[0]:self.sentences[i].span[1]]
                found = D.nearest_measure(earlier, len(earlier), allowed)
                if found == "gold" and not weight and not re.search(r"reserves|holdings?|held", earlier, re.I):
                    found = None  # a gold price said before: no measure for a dollar amount
                    continue
                if found is not None:
                    break
        if found == "gold" and not weight:
            reserves = D.nearest_measure(body, at, ("treasuries", "reserves"))
            return reserves or ("reserves" if re.search(r"\bvalue\b|\bworth\b", body, re.I) else None)
        return found
    def _period(self, index: int, fig: Figure, lag: int = 0,
                daily: bool = False) -> tuple[Period | None, TimeExpr | None, str]:
        expr, relation = self._period_expr(index, fig, daily)
        if expr is None:
            return None, relation, "the sentence names no period"
        if expr is LATEST:
            month = pd.Period(f"{self.published:%Y-%m}", "M") - 1
            while _unpublished(f"{month}", self.published, lag):
                month -= 1
            return Period(month.start_time.date(), month.end_time.date(), "month"), relation, ""
        period = resolve(expr, self.published)
        if period is None:
            return None, relation, f"cannot read the period {expr.printed!r}"
        if period.start > self.published:
            return None, relation, f"{expr.printed!r} is after the article's date"
        return period, relation, ""

    def _target(self, index: int, fig: Figure, how: str | None, sign: int, body: str) -> Mapped:
        """A dollar amount or a weight of gold: through the declared targets (`targets.TARGETS`)."""
        measure = self._measure(index, fig)
        subject = self._subject(index, fig.span[0], treasury=measure == "treasuries")
        label = subject.label if subject else ""
        if measure is None:
            reason = ("tonnes or ounces of what is not said" if fig.unit in T.WEIGHT_UNITS else
                      "a dollar amount on a subject none of our datasets speaks to")
            return self._nc(fig, reason, label)
        if measure == "gold":
            if M.OTHER_COMMODITY.search(body) and not M.GOLD.search(body):
                return self._nc(fig, "tonnes of something other than gold", label)
            if M.NOT_OFFICIAL_GOLD.search(body):
                return self._nc(fig, "gold demand, trade or investment: not official reserves", label)
        if measure == "treasuries" and M.INTERVENTION.search(body) and not re.search(r"hold|own", body, re.I):
            return self._nc(fig, "a dollar conversion of an intervention, not a holding", label)
        if measure == "reserves" and M.INTERVENTION.search(body) and how not in ("level", "change"):
            return self._nc(fig, "a dollar conversion of an intervention", label)
        sentence = self.sentences[index]
        before = self.text[max(sentence.span[0], fig.span[0] - 70):fig.span[0]]
        listed = self.text[sentence.span[0]:sentence.span[1]]
        component = T.component_at(before, sentence=listed) if measure == "reserves" else None
        china_component = T.component_at(before, china=True) if measure == "reserves" else None
        back = re.search(r"\b(?:these|those|the|its|their)\s+(?:reserves|holdings)\b", before, re.I)
        if component == "total" and back and index > 0 and M.GOLD.search(
                self.text, self.sentences[index - 1].span[0], self.sentences[index - 1].span[1]):
            component = china_component = "gold"  # "… its gold reserves. The value of these reserves …"
        group = self._named_group(index, fig.span[0]) if measure == "treasuries" else None
        if group:
            target = T.targets_for("treasuries", fig.unit)[0]
            return self._monthly(index, fig, how, sign, target.dataset, group, f"the {len(group)} holders named",
                                 target.lag, target.explain, fig.unit)
        why = ""
        fitting: list[Mapped] = []
        for target in T.targets_for(measure, fig.unit):
            if target.subject == "china" and target.measure == "gold":
                series = T.china_gold_series(fig.unit) if subject is not None and subject.iso3 == "CHN" else None
            elif target.subject == "china":
                series, _ = T.subject_series(target, subject, china_component)
            else:
                series, why_not = T.subject_series(target, subject, component)
                why = why or why_not
            if series is None:
                continue
            period, _, _ = self._period(index, fig, target.lag)
            if period is not None and period.end < target.first:
                why = f"{target.label or target.dataset}: the figures here start in {target.first:%Y}"
                continue
            mapped = self._monthly(index, fig, how, sign, target.dataset, series,
                                   label if target.subject in ("tic", "gold") else target.label, target.lag,
                                   target.explain, fig.unit)
            if mapped.check is None and not fitting:
                return mapped
            if mapped.check is not None:
                fitting.append(mapped)
        if fitting:
            return replace(fitting[0], fallbacks=tuple(m.check for m in fitting[1:] if m.check is not None))
        if measure == "reserves" and subject is not None:
            return self._nc(fig, why or f"reserves of {subject.label}: no series here (Japan's and China's are)",
                            label)
        if measure == "treasuries":
            return self._nc(fig, f"a Treasury holding, but {why or 'no holder is named'}", label)
        if measure == "gold" and fig.unit in T.USD_UNITS:
            return self._nc(fig, "a dollar amount on gold: values of gold holdings are a series here for Japan "
                            "and China only", label)
        return self._nc(fig, f"gold, but {why or 'no economy (or central banks worldwide) is named'}", label)

    def _percent(self, index: int, fig: Figure) -> Mapped:
        """'Foreign holdings rose 3.4% in February', 'China's holdings increased by 9.15% year-over-year':
        a percentage change of a holding or of reserves."""
        sentence = self.sentences[index]
        before = _clause_before(self.text, sentence, fig.span[0])
        after = self.text[fig.span[1]:min(sentence.span[1], fig.span[1] + 60)]
        how, sign = self._reading(index, fig)
        if re.search(r"\b(?:share|accounting\s+for|accounted\s+for|of\s+the\s+total)\b", before[-40:] + after[:25],
                     re.I):
            return self._nc(fig, "a share of a total (a holder's share of all foreign holdings, say): no check here "
                            "computes one; only currencies' shares of the world's reserves (COFER) are checked")
        if how != "change" or sign == 0:
            return self._nc(fig, REASONS["%"])
        pseudo = replace(fig, unit="USD bn")
        measure = self._measure(index, pseudo)
        if measure not in ("treasuries", "reserves"):
            return self._nc(fig, REASONS["%"])
        if self._measure(index, replace(fig, unit="tonnes")) == "gold" and not M.FX_RESERVES.search(
                self.text, sentence.span[0], sentence.span[1]) and not M.TREASURIES.search(
                self.text, sentence.span[0], sentence.span[1]):
            return self._nc(fig, "a percentage change of gold holdings: not read (gold is checked in tonnes and "
                            "ounces)")
        subject = self._subject(index, fig.span[0], treasury=measure == "treasuries")
        target = T.targets_for(measure, "USD bn")
        found = [(t, T.subject_series(t, subject, T.component_at(before, china=t.subject == "china"))[0])
                 for t in target]
        found = [(t, s) for t, s in found if s]
        if not found:
            return self._nc(fig, REASONS["%"], subject.label if subject else "")
        target_, series = found[0]
        label = subject.label if subject else ""
        period, relation, why = self._period(index, fig, target_.lag)
        if period is None:
            return self._nc(fig, why, label)
        if period.end < target_.first:
            return self._nc(fig, f"{target_.label or target_.dataset}: the figures here start in {target_.first:%Y}",
                            label)
        end = period.month
        if relation is not None and relation.kind == "prev_year":
            start = _months_before(end, 12)
        elif period.grain in ("month", "day"):
            start = self._from_month(index, fig, target_.lag) or _months_before(end, 1)
        else:
            start = _months_before(f"{period.start:%Y-%m}", 1)
        if target_.lag and _unpublished(end, self.published, target_.lag):
            return self._nc(fig, f"{end} was not yet published on the article's date", label)
        value = f"-{fig.number}" if sign < 0 else fig.number
        check = Check(target_.dataset, (series,), "pct_change", start=start, end=end, article=value, unit="%",
                      tolerance=_tolerance(fig, True))
        return Mapped(fig.span, fig.printed, sign * fig.value, "%", target_.label or label, check,
                      explain=target_.explain)

    def _named_group(self, index: int, at: int) -> tuple[str, ...] | None:
        """'the three countries', 'both countries': the holders named just before, as series."""
        sentence = self.sentences[index]
        m = GROUP_OF.search(self.text, sentence.span[0], at)
        if m is None:
            return None
        word = (m.group("n") or m.group("n2") or "").lower()
        n = {"both": 2, "two": 2, "three": 3, "four": 4, "five": 5}[word]
        names: list[str] = []
        for i in range(index - 1, max(-1, index - 3), -1):
            found = [s.tic for s in self._candidates(i, True) if s.tic and s.tic not in names]
            names = [*dict.fromkeys(found), *names]
            if len(names) >= n:
                break
        return tuple(names[-n:]) if len(names) >= n and len(dict.fromkeys(names)) == len(names) else None

    def _share(self, index: int, fig: Figure, body: str) -> Mapped:
        """A currency's share of the world's allocated reserves (COFER), or a percentage we do not check."""
        sentence = self.sentences[index]
        before = self.text[max(sentence.span[0], fig.span[0] - 60):fig.span[0]]
        series = T.currency_at(before) or T.currency_at(body)
        if not T.SHARE_WORDS.search(body) or not re.search(r"reserves|COFER", body, re.I) or series is None or (
                M.TREASURIES.search(body) and not re.search(r"COFER|allocated", body, re.I)):
            return self._percent(index, fig)
        how, _ = M.reading(_clause_before(self.text, sentence, fig.span[0]), "")
        if how == "change":
            return self._nc(fig, "a change in a currency's share: the shares are checked as levels", "")
        target = T.targets_for("share", "%")[0]
        period, relation, why = self._period(index, fig, target.lag)
        if period is None:
            return self._nc(fig, why, "")
        month = period.month
        if period.grain == "year" and relation is None:
            month = f"{period.end:%Y}-12"
        if relation is not None and relation.kind in ("prev_quarter", "prev_month"):
            month = _months_before(month, 3)
        elif relation is NEXT:
            month = _months_before(month, -3)
        label = f"{series.split('_')[0]} {target.label}"
        check = Check(target.dataset, (series,), "level", date=month, article=fig.number, unit="%",
                      tolerance=_tolerance(fig, False))
        return Mapped(fig.span, fig.printed, fig.value, "%", label, check)

    def _monthly(self, index: int, fig: Figure, how: str | None, sign: int, dataset: str, series: str | tuple[str, ...],
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
            elif relation is NEXT:
                month = _months_before(month, -1)
            elif how == "from" and _bound(self.text, fig, self.sentences[index]) is None:
                month = _months_before(month, 1)  # "China held $784.3 billion, up from $760.8 billion"
            elif relation is not None and relation.kind == "prev_year":
                month = _months_before(month, 12)
            if lag and _unpublished(month, self.published, lag):
                return self._nc(fig, f"{month} was not yet published on the article's date", label)
            check = Check(dataset, _series(series), "level", date=month, article=number, unit=unit, tolerance=tolerance)
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
        check = Check(dataset, _series(series), "change", start=start, end=end, article=value, unit=unit,
                      tolerance=tolerance)
        return Mapped(fig.span, fig.printed, sign * fig.value, unit, label, check, explain=explain)

    def _from_month(self, index: int, fig: Figure, lag: int) -> str | None:
        """A change's start from a 'from $X in March' elsewhere in the sentence."""
        sentence = self.sentences[index]
        for other in sentence.figures:
            if other is fig:
                continue
            how, _ = M.reading(_clause_before(self.text, sentence, other.span[0], 24), "")
            bound = _bound(self.text, other, sentence)
            if how == "from" and bound is not None and bound.kind in ("month", "day"):
                period = resolve(bound, self.published)
                if period is not None:
                    return period.month
        return None

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
        words = sorted([*M.SUPERLATIVE_HIGH.finditer(before), *M.SUPERLATIVE_LOW.finditer(before)],
                       key=lambda m: m.end())
        if target is None or not words:
            return None
        word = words[-1].group(0).lower()  # the nearest: "a five-month high while … the lowest since 2011"
        return self._since_claim(index, expr.span, expr.printed, word, target)

    def _since_claim(self, index: int, span: tuple[int, int], printed: str, word: str, target: str,
                     tolerance: int | None = None) -> Mapped | None:
        """A record ('highest'/'lowest'/'weakest'… `word`) since `target` ('1986-12', '2009')."""
        sentence = self.sentences[index]
        before = self.text[max(sentence.span[0], span[0] - 60):span[0]]
        high = bool(M.SUPERLATIVE_HIGH.fullmatch(word) or word in ("strongest", "highs"))
        value = float(target[:4])
        months = tolerance if tolerance is not None else 2 if "-" in target else 6
        figs = [f for f in sentence.figures if f.span[1] <= span[0]]
        mapped = [self._map(index, f) for f in figs]
        checks = [m for m in mapped if m.check is not None and m.check.op in ("level", "max", "min")]
        pseudo = Figure(span, printed, target[:4], value, "since")
        if checks:
            base = checks[-1]
            assert base.check is not None
            check = base.check
            if check.dataset == "usdjpy":  # the yen's weakest is USD/JPY's highest, unless the dollar is meant
                currencies = re.findall(r"\b(dollar|greenback|yen)\b", self.text[sentence.span[0]:span[0]], re.I)
                dollar = re.search(rf"dollar(?:'s)?\s+(?:\w+\s+){{0,3}}{word}", before, re.I) or (
                    currencies and currencies[0].lower() != "yen" and not re.search(r"\byen(?:'s)?\s+(?:\w+\s+){0,3}"
                                                                                   + word, before, re.I))
                yen_low = word in ("weakest", "lowest", "low", "lows")
                direction = ("high" if high else "low") if dollar else ("high" if yen_low else "low")
            else:
                direction = "high" if high else "low"
            op = f"{'highest' if direction == 'high' else 'lowest'}_since"
            window = {"date": check.date} if check.date else {"start": check.start, "end": check.end}
            if check.dataset == "gold_price" or check.op == "mean":
                return None
            new = Check(check.dataset, check.series, op, article=target, tolerance_months=months, **window)
            return Mapped(span, printed, value, "since", base.subject, new, explain=base.explain)
        subject = self._subject(index, span[0], treasury=True)
        if subject is None or subject.tic is None or self._measure(index, replace(pseudo, unit="USD bn")) != (
                "treasuries") or word in ("weakest", "strongest"):
            return None
        period, _, _ = self._period(index, pseudo, TIC_LAG_DAYS)
        if period is not None and _unpublished(period.month, self.published, TIC_LAG_DAYS):
            return None
        if period is None or period.grain != "month":
            return None
        op = "highest_since" if high else "lowest_since"
        check = Check("treasury_holdings", (subject.tic,), op, date=period.month, article=target,
                      tolerance_months=months)
        return Mapped(span, printed, value, "since", subject.label, check, explain=("revision",))


def _main(reader: Reader, index: int, times: Sequence[TimeExpr]) -> TimeExpr:
    """The period a sentence is about: one bound to a figure that is no 'from' figure, else its first."""
    sentence = reader.sentences[index]
    for f in sentence.figures:
        bound = _bound(reader.text, f, sentence)
        if bound is not None and bound in times and M.reading(
                _clause_before(reader.text, sentence, f.span[0], 12), "")[0] != "from":
            return bound
    return times[0]


def _series(series: str | tuple[str, ...]) -> tuple[str, ...]:
    return series if isinstance(series, tuple) else (series,)


def _ignored(text: str, subject: Subject) -> bool:
    """'the U.S. Treasury', 'the U.S. dollar', 'the Japanese yen': a name that is no subject here."""
    tail = text[subject.span[1]:subject.span[1] + 25]
    if subject.printed.endswith(("'s", "’s")):  # "China's Treasury holdings", "China's official gold"
        return subject.iso3 is not None and bool(re.match(r"\s+(?:dollar|yen|yuan|currency|economy)\b", tail))
    return subject.iso3 is not None and bool(re.match(
        r"\s+(?:\(\w+\)\s+)?(?:Treasury|Treasuries|dollars?|debt|government|bonds|securities|Federal|economy|yen|"
        r"yuan|Ministry|Finance|officials?|authorities|banks|life\s+insurers|funds?)\b", tail))


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
