"""Figures as articles print them: the number, its currency, scale and unit, and where it stands.

`find_figures(text)` returns every figure with its span (Python string indices [start, end) of the
figure as printed, currency sign and unit words included: `text[start:end] == printed`), the
number as printed (no thousands separators: what the verdict engine reads for its rounding), the
value in the article's unit, and the unit in the verdict engine's vocabulary (`verdicts.UNITS`:
"USD bn", "JPY trn", "tonnes", "m oz", "JPY per USD", …) or a word saying what else it counts
("%", "years", "people", "count", …).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: A number: thousands separated by commas, or a plain run of digits; an optional decimal part.
NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"

#: Currency signs before a number.
CURRENCY_SIGN = r"US\s?\$|U\.S\.\s?\$|\$|¥|JPY\s?|USD\s?|Y(?=\d)"

#: A figure's head: currency sign, number, and the scale glued to it or after a space.
FIGURE = re.compile(
    rf"(?<![\w.,])(?P<cur>{CURRENCY_SIGN})?(?P<num>{NUMBER})"
    r"(?:(?:\s|-)?(?P<scale>trillion|billion|million|thousand|tn|trn|bn|bln|mln|mn|m|k|兆|億|亿|万)(?![A-Za-z])"
    r"|(?P<glued>[TB])(?![A-Za-z0-9]))?"
)

SCALES: dict[str, str] = {
    "trillion": "trn", "tn": "trn", "trn": "trn", "兆": "trn",
    "billion": "bn", "bn": "bn", "bln": "bn",
    "million": "m", "mn": "m", "mln": "m", "m": "m",
    "thousand": "k", "k": "k", "T": "trn", "B": "bn",
    "億": "100m", "亿": "100m", "万": "10k",
}

#: What may follow a figure (after its scale) and the unit it names. Tried in order at the figure's end.
SUFFIXES: tuple[tuple[re.Pattern[str], str], ...] = tuple((re.compile(p, re.IGNORECASE), u) for p, u in (
    (r"\s?(?:yen|円)\s+(?:per|to\s+the|to\s+one|against\s+the|a)\s+(?:U\.?S\.?\s+)?dollar\b", "JPY per USD"),
    (r"\s?(?:yen|円)", "JPY"),
    (r"\s+(?:U\.?S\.?\s+|American\s+)?dollars?\b|-dollars?\b|\s?ドル|\s?美元", "USD"),
    (r"\s+(?:an|per|a|/)\s*(?:troy\s+)?ounce\b|\s?/\s?oz\b|\s+(?:per|an)\s+oz\b", "per oz"),
    (r"\s+(?:metric\s+)?(?:tonnes|tons|tonne|ton)\b|\s?t\b(?!\w)", "tonnes"),
    (r"\s+(?:fine\s+)?(?:troy\s+)?ounces\b|\s?oz\b", "oz"),
    (r"\s?%|\s+per\s?cent\b|\s+percentage\s+points?\b|\s+basis\s+points?\b", "%"),
    (r"\s+per\s+dollar\b|\s+to\s+the\s+dollar\b|\s+against\s+the\s+dollar\b", "per USD"),
))

#: Count words: a number followed by one of these counts something our data does not.
COUNT_WORDS = re.compile(
    r"\s+(?:(?:more|fewer|other|new|full|straight|consecutive|(?:[a-z]+-)?(?:year|month)-old)\s+)?"
    r"(?P<word>years?|months?|weeks?|days?|decades?|people|persons|companies|firms|banks|countries|economies|"
    r"respondents|economists|analysts|investors|traders|workers|employees|jobs|members|households|votes|seats|"
    r"times|sessions|points|of\s+the\s+\d+|out\s+of\s+\d+|of\s+\d+)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Figure:
    span: tuple[int, int]
    printed: str  # the figure as printed: text[span[0]:span[1]]
    number: str  # the number without separators, e.g. "1.21"
    value: float
    unit: str  # an engine unit ("USD trn", "JPY per USD", …) or what it counts ("%", "years", "count")
    currency: str | None = None  # "USD" / "JPY" when a sign or currency word says so
    scale: str | None = None  # "trn", "bn", "m", "100m", "k", "10k"

    @property
    def decimals(self) -> int:
        return len(self.number.split(".")[1]) if "." in self.number else 0


def _unit(currency: str | None, scale: str | None, suffix: str | None) -> str:
    """The engine's unit for a currency, scale and what followed the number."""
    if suffix == "per oz":
        return "USD per troy oz" if currency in (None, "USD") and scale is None else "unknown"
    if suffix in ("tonnes", "%"):
        return suffix if currency is None and scale is None else "unknown"
    if suffix == "oz":
        return {None: "oz", "m": "m oz"}.get(scale, "unknown") if currency is None else "unknown"
    if suffix in ("JPY per USD", "per USD"):
        return "JPY per USD" if scale is None and currency in (None, "JPY") else "unknown"
    if currency in ("USD", "JPY"):
        if scale is None:
            return "JPY" if currency == "JPY" else "USD"
        return f"{currency} {scale}" if scale in ("trn", "bn", "m", "100m") else "unknown"
    return "count" if scale is None else "count scaled"


def _currency(sign: str | None) -> str | None:
    if not sign:
        return None
    return "JPY" if sign.strip() in ("¥", "JPY", "Y") else "USD"


def find_figures(text: str) -> list[Figure]:
    """Every figure in `text`, in order."""
    out: list[Figure] = []
    for m in FIGURE.finditer(text):
        if out and m.start() < out[-1].span[1]:
            continue  # inside the figure before ("12 of the 20")
        number = m.group("num").replace(",", "")
        if m.group("glued") and not m.group("cur"):
            continue  # "5T", "3B" without a currency sign: a label, not an amount
        scale_word = m.group("scale") or m.group("glued")
        lower = scale_word.lower() if scale_word and scale_word.isascii() else ""
        scale = SCALES.get(scale_word or "") or SCALES.get(lower)
        if scale_word == "m" and not m.group("cur"):
            scale = None  # "5m" alone is more often metres or minutes than millions: no unit
            end = m.end("num")
        else:
            end = m.end()
        currency = _currency(m.group("cur"))
        suffix = None
        for pattern, unit in SUFFIXES:
            s = pattern.match(text, end)
            if s:
                suffix = unit
                if unit in ("JPY", "USD"):
                    currency = currency or unit
                    suffix = None
                end = s.end()
                break
        unit = _unit(currency, scale, suffix)
        if unit == "count" and re.fullmatch(r"(?:19|20)\d\d", printed := text[m.start():end]) and printed == number:
            continue  # a year is a date, not a figure (the time expressions read it)
        if unit == "count" and end < len(text) and text[end].isalpha():
            continue  # "1980s", "3rd", "G7"-like tokens: no figure
        if unit == "count" and re.match(r"-(?:year|month|day|week)", text[end:end + 6]):
            unit = "years" if text[end + 1] == "y" else "months" if text[end + 1] == "m" else "days"
        elif unit in ("count", "count scaled"):
            word = COUNT_WORDS.match(text, end)
            if word:
                w = word.group("word").lower()
                unit = "years" if w.startswith(("year", "decade")) else (
                    "months" if w.startswith("month") else "of a group" if "of" in w else w)
                end = word.end()
        value = float(number)
        printed = text[m.start():end]
        out.append(Figure((m.start(), end), printed, number, value, unit, currency, scale))
    return out
