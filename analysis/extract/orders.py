"""Claims about order, not amount: ranks ("Japan ranks first", "the second-largest holder"), the largest
buyers ("leading the world in gold purchases"), the months holdings fell ("only in February, May and
September"), streaks ("fell for a third straight month") and records said in years ("a 34-year low",
"the lowest in 17 years").

Each reader takes the article's `Reader` (mapping) and a sentence and returns claims (`Mapped`) spanning
the words that say them. Selling and buying verbs ("sold for three months") are claims about net
purchases, not about holdings: they are not read here.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pandas as pd

from analysis.verdicts import Check

from . import measures as M
from .numbers import Figure
from .targets import RESERVES_LAG_DAYS, TIC_LAG_DAYS
from .times import MONTH, MONTH_NAMES

if TYPE_CHECKING:
    from .mapping import Mapped, Reader

ORDINAL = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
           "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "top": 1, "two": 2, "three": 3, "four": 4,
           "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12}
_ORD = r"first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|\d{1,2}(?:st|nd|rd|th)"
RANK = re.compile(
    rf"\brank(?:s|ing)?\s+(?:No\.\s*(?P<no>\d{{1,2}})|(?P<a>{_ORD}))\b"
    rf"|\b(?:is\s+|was\s+)?ranked\s+(?P<b>{_ORD})\b"
    rf"|\bin\s+(?:the\s+)?(?:a\s+distant\s+)?(?P<c>{_ORD})\s+(?:place|spot)\b"
    rf"|\b(?P<d>{_ORD})[- ](?:largest|biggest)\s+(?:foreign\s+|overseas\s+|non-U\.S\.\s+)?(?:holder|owner|creditor)s?\b"
    r"|\bthe\s+(?:largest|biggest|top)\s+(?:foreign\s+|overseas\s+|non-U\.S\.\s+)?(?:holder|owner|creditor)\b"
    r"(?!\s+(?:after|behind))", re.I)
TOP_BUYERS = re.compile(r"\b(?:lead(?:ing|s)?|led|top|biggest|largest)\s+(?:the\s+world\s+in\s+)?(?:gold\s+)?"
                        r"(?:purchases|buying|buyers|purchasers)\b", re.I)
MONTH_LIST = re.compile(rf"\b(?:in\s+)?(?P<list>{MONTH}(?:\s*,\s*{MONTH})*,?\s+and\s+{MONTH})\b")
REDUCING = re.compile(r"\b(?:reduc\w*|cut\w*|fell|declin\w*|decreas\w*|dropp\w*|trimm\w*|pared)\s+"
                      r"(?:(?:its|their)\s+)?holdings?\b|\bholdings?\s+(?:fell|declined|decreased|dropped)\b", re.I)
SELLING = re.compile(r"\b(?:sold|sell(?:s|ing)?|dump\w*|offload\w*|net\s+sell\w*)\b", re.I)
STREAK = re.compile(
    rf"\bfor\s+(?:the|a)\s+(?P<o>{_ORD})\s+(?:straight|consecutive|successive)\s+month\b"
    r"|\bfor\s+(?P<n>two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\d{1,2})\s+(?:straight|consecutive|"
    r"successive)\s+months\b|\b(?P<m>two|three|four|five|six|seven|eight|nine|ten|\d{1,2})\s+months\s+running\b", re.I)
DECLINE = re.compile(r"\b(?:fell|fall(?:s|ing)?|declin\w*|decreas\w*|dropp\w*|cut\w*|reduc\w*|shr[ai]nk\w*|lower\w*|"
                     r"pared|trimm\w*|shed)\b", re.I)
YEARS_RECORD = re.compile(
    r"\b(?:(?:a|its|their|the)\s+)?(?:new\s+)?(?P<n>\d{1,2})-year\s+(?P<w>low|high|lows|highs)\b"
    r"|\b(?P<w2>lowest|highest|weakest|strongest)\s+(?:level\s+)?in\s+(?:more\s+than\s+|over\s+|nearly\s+)?"
    r"(?P<n2>\d{1,2})\s+years\b|\b(?:a\s+)?new\s+(?P<w3>low|high)\s+in\s+(?P<n3>\d{1,2})\s+years\b", re.I)


def _ordinal(word: str) -> int:
    word = word.lower()
    return ORDINAL.get(word) or int(re.sub(r"\D", "", word) or 0)


def _pseudo(span: tuple[int, int], printed: str, unit: str = "USD bn") -> Figure:
    return Figure(span, printed, "0", 0.0, unit)


def ranks(reader: Reader, index: int) -> list[Mapped]:
    """All the ranks one sentence gives, as one rank claim on Treasury holdings."""
    from .mapping import Mapped

    sentence = reader.sentences[index]
    text = reader.text
    found: list[tuple[str, int, tuple[int, int]]] = []
    for m in RANK.finditer(text, sentence.span[0], sentence.span[1]):
        word = next((g for g in m.groups() if g), None) if m.lastindex else None
        rank = _ordinal(word) if word else 1
        pseudo = _pseudo(m.span(), m.group(0))
        if not rank or reader._measure(index, pseudo) != "treasuries":
            continue
        subject = reader._subject(index, m.start(), treasury=True)
        if subject is None or subject.tic is None or any(s == subject.tic for s, _, _ in found):
            continue
        found.append((subject.tic, rank, m.span()))
    if not found:
        return []
    pseudo = _pseudo(found[0][2], "")
    period, _, _ = reader._period(index, pseudo, TIC_LAG_DAYS)
    if period is None or period.grain not in ("month", "day"):
        return []
    from .mapping import _unpublished

    if _unpublished(period.month, reader.published, TIC_LAG_DAYS):
        return []
    span = (found[0][2][0], found[-1][2][1])
    check = Check("treasury_holdings", tuple(s for s, _, _ in found), "rank", date=period.month,
                  article=tuple(str(r) for _, r, _ in found))
    return [Mapped(span, text[span[0]:span[1]], float(found[0][1]), "rank", "holders' ranks", check,
                   explain=("custody",))]


def top_buyers(reader: Reader, index: int) -> list[Mapped]:
    """'Turkey, China and India are leading the world in gold purchases': the largest increases in
    reported gold holdings over the period the text is about."""
    from .mapping import Mapped

    sentence = reader.sentences[index]
    text = reader.text
    m = TOP_BUYERS.search(text, sentence.span[0], sentence.span[1])
    if m is None or not M.GOLD.search(text, sentence.span[0], sentence.span[1]):
        return []
    named = [s.gold for s in reader._candidates(index) if s.gold and s.is_economy]
    named = list(dict.fromkeys(named))
    if len(named) < 2:
        return []
    period, _, _ = reader._period(index, _pseudo(m.span(), m.group(0), "tonnes"))
    if period is None:
        return []
    start = f"{pd.Period(f'{period.start:%Y-%m}', 'M') - 1}"
    check = Check("gold_reserves", tuple(named), "top_buyers", start=start, end=period.month, article=tuple(named))
    return [Mapped(m.span(), m.group(0), float(len(named)), "rank", "central banks' gold", check,
                   explain=("wgc-estimate",))]


def declines(reader: Reader, index: int) -> list[Mapped]:
    """'Japan … only in February, May, and September, reducing its holdings': the months of a year in
    which the holder's Treasury holdings fell."""
    from .mapping import Mapped

    sentence = reader.sentences[index]
    text = reader.text
    body = text[sentence.span[0]:sentence.span[1]]
    listed = MONTH_LIST.search(body)
    if listed is None or not REDUCING.search(body) or not re.search(r"\bonly\b", body, re.I):
        return []
    at = sentence.span[0] + listed.start("list")
    if reader._measure(index, _pseudo((at, at), "")) != "treasuries":
        return []
    subject = reader._subject(index, at, treasury=True)
    years = [t for t in sentence.times if t.kind == "year" and t.get("year")]
    if subject is None or subject.tic is None or not years:
        return []
    year = int(years[0].get("year") or 0)
    months = [MONTH_NAMES[w.rstrip(".")] for w in re.findall(MONTH, listed.group("list"))]
    check = Check("treasury_holdings", (subject.tic,), "declines", start=f"{year}-01", end=f"{year}-12",
                  article=tuple(f"{year}-{n:02d}" for n in months))
    span = (at, sentence.span[0] + listed.end("list"))
    return [Mapped(span, text[span[0]:span[1]], float(len(months)), "months", subject.label, check,
                   explain=("revision", "valuation"))]


def streaks(reader: Reader, index: int) -> list[Mapped]:
    """'… fell for a third straight month', 'cut its holding for four consecutive months': consecutive
    monthly declines up to the month the sentence is about (holdings or reserves; never selling verbs)."""
    from .mapping import Mapped

    sentence = reader.sentences[index]
    text = reader.text
    out = []
    for m in STREAK.finditer(text, sentence.span[0], sentence.span[1]):
        before = text[sentence.span[0]:m.start()]
        if SELLING.search(before) or not DECLINE.search(before):
            continue
        n = _ordinal(m.group("o") or m.group("n") or m.group("m") or "")
        pseudo = _pseudo(m.span(), m.group(0))
        measure = reader._measure(index, pseudo)
        subject = reader._subject(index, m.start(), treasury=measure == "treasuries")
        if measure == "treasuries" and subject is not None and subject.tic:
            dataset, series, lag, explain = "treasury_holdings", subject.tic, TIC_LAG_DAYS, ("revision",)
        elif measure == "reserves" and subject is not None and subject.iso3 == "JPN":
            dataset, series, lag, explain = "japan_reserves", "total", RESERVES_LAG_DAYS, ()
        else:
            continue
        period, _, _ = reader._period(index, pseudo, lag)
        from .mapping import _unpublished

        if period is None or period.grain not in ("month", "day") or _unpublished(period.month, reader.published, lag):
            continue
        month = period.month
        if re.match(r"\s*after\b", before, re.I) and M.UP.search(text, m.end(), sentence.span[1]):
            month = f"{pd.Period(month, 'M') - 1}"  # "After decreasing for six months, … rebounded in December"
        check = Check(dataset, (series,), "decline_streak", date=month, article=str(n))
        out.append(Mapped(m.span(), m.group(0), float(n), "months", subject.label, check, explain=explain))
    return out


def year_records(reader: Reader, index: int) -> list[Mapped]:
    """'a 34-year low', 'the lowest level in 17 years': a record since the year that many years back,
    on the series the sentence's figure is about."""
    sentence = reader.sentences[index]
    out = []
    for m in YEARS_RECORD.finditer(reader.text, sentence.span[0], sentence.span[1]):
        n = int(m.group("n") or m.group("n2") or m.group("n3") or 0)
        word = (m.group("w") or m.group("w2") or m.group("w3") or "").lower()
        if not n:
            continue
        found = reader._since_claim(index, m.span(), m.group(0), word, str(reader.published.year - n), tolerance=12)
        if found is not None:
            out.append(found)
    return out
