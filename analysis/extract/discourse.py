"""Reading an article as discourse: the subject and the measure a figure is about, carried across clauses
and sentences.

* The subject of a figure: an economy (or group) attached to it ("China's $1.113T", "Canada by $24.7
  billion"), else the subject of its clause, else (for "it", "its holdings", "the nation", "the biggest
  holder", or a sentence that names none) the running subject of the sentences before. A name after
  "after", "than", "behind", "of", "compared to"… is a comparison, not the subject ("Japan, the largest
  holder after China, …"). "… respectively" pairs a list of subjects with a list of figures in order.
* The measure: Treasury holdings, reserves, gold, a currency's share of reserves; said in the sentence
  (nearest to the figure) or carried from the last sentence that said one.
* "Our country": the economy the text sets against the United States in a contest ("the financial
  competition between China and the United States"), when exactly one is; else unnamed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from . import measures as M
from .subjects import Subject
from .targets import SHARE_WORDS

#: Words before a name that make it a comparison, not the subject.
COMPARED = re.compile(
    r"(?:\bafter|\bthan|\bbehind|\bahead\s+of|\bovertook|\bovertakes|\bovertaking|\bsurpassed|\bsurpassing|"
    r"\bpassed|\bvs\.?|\bversus|\bcompared\s+(?:to|with)|\breplaces|\breplacing|\bof|\bfrom|"
    r"\bagainst|\bwith|\bto|\bbetween|\band\s+(?=the\s+United\s+States|America))\s+(?:the\s+)?$", re.I)
#: Words before a figure that refer back to the running subject.
BACK = re.compile(
    r"\b(?:it|its|their|they|theirs|the\s+country|the\s+nation|the\s+latter|the\s+former|the\s+central\s+bank|"
    r"the\s+holder|the\s+tally|the\s+amount|the\s+figure|the\s+stockpile|the\s+total\s+holding|these\s+reserves|"
    r"the\s+(?:(?:second|third|fourth|fifth)[- ])?(?:biggest|largest|top)\s+(?:foreign\s+)?"
    r"(?:holder|owner|creditor|buyer))\b", re.I)
OUR = re.compile(r"\b(?:our|my)\s+(?:country|nation|government|central\s+bank)(?:'s)?\b", re.I)
WE = re.compile(r"\bwe\b", re.I)
VERSUS_US = re.compile(r"\b(?:competition|rivalry|contest|confrontation|struggle|battle|war|game|showdown)\s+"
                       r"(?:\w+\s+){0,2}?between\s+(?P<x>[A-Z][\w ]{1,30}?)\s+and\s+"
                       r"(?:the\s+United\s+States|the\s+U\.?S\.?|America)\b"
                       r"|\b(?P<y>[A-Z][\w]{2,20})-(?:U\.?S\.?|American)\s+(?:rivalry|competition|relations|ties)\b")
CLAUSE_BREAK = re.compile(r"[;:]|\bwhile\b|\bwhereas\b|\bbut\b", re.I)

MEASURES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("treasuries", M.TREASURIES),
    ("reserves", M.FX_RESERVES),
    ("reserves", re.compile(r"\breserves\b", re.I)),
    ("gold", M.GOLD),
    ("share", SHARE_WORDS),
)


@dataclass(frozen=True)
class Mention:
    at: int  # position in the sentence body
    measure: str


def measures_in(body: str) -> list[Mention]:
    out = [Mention(m.start(), name) for name, pattern in MEASURES for m in pattern.finditer(body)]
    return sorted(out, key=lambda m: m.at)


def nearest_measure(body: str, at: int, allowed: Sequence[str]) -> str | None:
    """The measure said nearest to position `at` of the sentence (before it counts double the distance
    after)."""
    best: tuple[float, str] | None = None
    for m in measures_in(body):
        if m.measure not in allowed:
            continue
        distance = at - m.at if m.at <= at else 2 * (m.at - at)
        if best is None or distance < best[0]:
            best = (distance, m.measure)
    return best[1] if best else None


def is_compared(text: str, subject: Subject, sentence_start: int) -> bool:
    before = text[max(sentence_start, subject.span[0] - 24):subject.span[0]]
    return bool(COMPARED.search(before))


def home_country(text: str, subjects: Sequence[Subject]) -> Subject | None:
    """The economy "our country" stands for: the one the text sets against the United States, if one."""
    if not OUR.search(text):
        return None
    names = {m.group("x") or m.group("y") for m in VERSUS_US.finditer(text)}
    found = {s.iso3: s for s in subjects if s.iso3 and s.iso3 != "USA"
             and any(s.printed.rstrip("'s’") in n or n.startswith(s.label) for n in names)}
    return next(iter(found.values())) if len(found) == 1 else None


def clause_start(body: str, at: int) -> int:
    """Where the clause holding position `at` of the sentence starts."""
    start = 0
    for m in CLAUSE_BREAK.finditer(body, 0, at):
        start = m.end()
    return start
