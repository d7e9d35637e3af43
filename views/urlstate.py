"""A page's state in its URL: typed parameters, parsed leniently, encoded minimally.

Pure (no streamlit): `read()` turns query parameters into values plus short notices for anything
it had to ignore; `encode()` writes back only what differs from the defaults.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import urlencode

import pandas as pd

MAX_CHARS = 400  # a longer value is junk or an attack; ignore it whole
MAX_SHOWN = 40  # how much of a bad value a notice repeats


class Invalid(ValueError):
    """A URL value that cannot be used; the message is shown to the reader."""


class Notice(str):
    """What a page says about a URL value it ignored or trimmed: the text the reader sees, plus
    the parameter, the value found (cut short) and the problem, for a 400 answer of the API."""

    param: str
    found: str
    problem: str
    allowed: str

    def __new__(cls, text: str, *, param: str, found: str, problem: str, allowed: str = "") -> Notice:
        notice = super().__new__(cls, text)
        notice.param, notice.found, notice.problem, notice.allowed = param, _cut(found), problem, allowed
        return notice

    def as_dict(self) -> dict[str, str]:
        return {"parameter": self.param, "found": self.found, "problem": self.problem, "allowed": self.allowed,
                "message": str(self)}


@dataclass(frozen=True)
class Partial:
    """A URL value that could be used in part; `notice` says what was dropped."""

    value: Any
    notice: str


@dataclass(frozen=True)
class Param:
    """One URL parameter. Params sharing a `group` feed one widget whose value is the tuple of
    their values in order (a from/to range slider); `multi` marks a list-valued widget."""

    key: str
    default: Any
    parse: Callable[[str], Any]
    encode: Callable[[Any], str] = str
    label: str = ""
    group: str | None = None
    multi: bool = False


def read(params: Sequence[Param], query: Mapping[str, str | list[str]]) -> tuple[dict[str, Any], list[Notice]]:
    values: dict[str, Any] = {}
    notices: list[Notice] = []
    for p in params:
        raw = query.get(p.key)
        if raw is None:
            values[p.key] = p.default
            continue
        text = ",".join(raw) if isinstance(raw, list) else str(raw)
        label = p.label or p.key
        if len(text) > MAX_CHARS:
            notices.append(Notice(f"Ignored `{p.key}`: {len(text):,} characters is too long; showing the default "
                                  f"{label}.", param=p.key, found=text, problem=f"longer than {MAX_CHARS} characters",
                                  allowed=getattr(p.parse, "allowed", "")))
            values[p.key] = p.default
            continue
        try:
            parsed = p.parse(text)
            if isinstance(parsed, Partial):
                notices.append(Notice(f"In `{p.key}`: {parsed.notice}", param=p.key, found=text,
                                      problem=parsed.notice.rstrip("."), allowed=getattr(p.parse, "allowed", "")))
                parsed = parsed.value
            values[p.key] = parsed
        except Invalid as exc:
            notices.append(Notice(f"Ignored `{p.key}={_code(text)}`: {exc}. Showing the default {label}.",
                                  param=p.key, found=text, problem=str(exc).replace("\\", ""),
                                  allowed=getattr(p.parse, "allowed", "")))
            values[p.key] = p.default
    return values, notices


def encode(params: Sequence[Param], values: Mapping[str, Any]) -> dict[str, str]:
    """Only the values that differ from their defaults, in the parameters' order. Compared as the URL
    writes them: a tab's label (what its widget holds) and its id (the default) are one value."""
    out = {}
    for p in params:
        if p.key in values and values[p.key] != p.default:
            text = p.encode(values[p.key])
            if text != p.encode(p.default):
                out[p.key] = text
    return out


def query_string(encoded: Mapping[str, str]) -> str:
    return urlencode(encoded, safe=",:") if encoded else ""


MARKDOWN = re.compile(r"([\\`*_{}\[\]()<>#+!|~$:])")


def _cut(text: str) -> str:
    return text if len(text) <= MAX_SHOWN else text[:MAX_SHOWN] + "…"


def _code(text: str) -> str:
    """A URL value inside a code span (where markdown is not rendered): cut short, no backticks."""
    text = text if len(text) <= MAX_SHOWN else text[:MAX_SHOWN] + "…"
    return " ".join(text.replace("`", "'").split()) or " "


def _shown(text: str) -> str:
    """A URL value as a notice repeats it: cut short, and escaped so that it is shown as typed,
    never rendered (no links, images or formatting smuggled in through a shared link)."""
    text = text if len(text) <= MAX_SHOWN else text[:MAX_SHOWN] + "…"
    text = " ".join(text.replace("`", "'").split())
    return MARKDOWN.sub(r"\\\1", text)


# -- parsers ---------------------------------------------------------------------------------

def _allowing(parse: Callable[[str], Any], allowed: str, schema: dict[str, Any] | None = None) -> Callable[[str], Any]:
    """Attach what a parser accepts, in words (the API's 400 answers say it) and as a JSON Schema
    for the API's OpenAPI document."""
    parse.allowed = allowed  # type: ignore[attr-defined]
    parse.schema = {"type": "string", **(schema or {})}  # type: ignore[attr-defined]
    return parse


def _listed(options: Sequence[str], most: int = 40) -> str:
    return ", ".join(slugify(o) for o in options[:most]) + ("…" if len(options) > most else "")


def slugify(text: str) -> str:
    return "-".join(part for part in re.split(r"[^a-z0-9]+", text.lower()) if part)


CHOICES_LISTED = 8  # a notice names this many of the choices, then says how many there are


def choice(options: Sequence[str], aliases: Mapping[str, str] | None = None) -> Callable[[str], str]:
    """One of `options` (matched by value or slug, case-insensitively, or an alias)."""
    lookup = _lookup(options, aliases)

    def parse(text: str) -> str:
        key = slugify(text)
        if key not in lookup:
            named = [o for o in options if o]  # an empty option ("none") is no name to offer
            more = f", … ({len(named)} in all)" if len(named) > CHOICES_LISTED else ""
            raise Invalid(f"'{_shown(text)}' is not one of {', '.join(named[:CHOICES_LISTED])}{more}")
        return lookup[key]

    return _allowing(parse, "one of: " + _listed(options), {"enum": [slugify(o) for o in options]})


def choices(options: Sequence[str], aliases: Mapping[str, str] | None = None, *,
            limit: int = 12) -> Callable[[str], tuple[str, ...] | Partial]:
    """Comma-separated options (repeated keys are joined with commas too). Unknown items are
    dropped with a notice; if none is known the whole value is invalid."""
    lookup = _lookup(options, aliases)
    # Names such as "Korea, South" contain the separator: turn whole names into slugs first.
    with_commas = sorted((o for o in options if "," in o), key=len, reverse=True)
    patterns = [(re.compile(re.escape(o), re.IGNORECASE), slugify(o)) for o in with_commas]

    def parse(text: str) -> tuple[str, ...] | Partial:
        for pattern, replacement in patterns:
            text = pattern.sub(replacement, text)
        items = [t for t in (s.strip() for s in text.split(",")) if t]
        known = tuple(dict.fromkeys(lookup[slugify(t)] for t in items if slugify(t) in lookup))
        unknown = [t for t in items if slugify(t) not in lookup]
        if not known:
            raise Invalid(f"no known item in '{_shown(text)}'")
        dropped = []
        if unknown:
            quoted = ", ".join("'" + _shown(u) + "'" for u in unknown[:5])
            dropped.append(f"ignored unknown {quoted}")
        if len(known) > limit:
            dropped.append(f"kept the first {limit} of {len(known)}")
        return Partial(known[:limit], "; ".join(dropped) + ".") if dropped else known

    return _allowing(parse, f"up to {limit}, comma-separated, of: " + _listed(options),
                     {"pattern": r"^[A-Za-z0-9 ,.'()\-]+$", "maxLength": MAX_CHARS,
                      "examples": [",".join(slugify(o) for o in options[:2])]})


def _lookup(options: Iterable[str], aliases: Mapping[str, str] | None) -> dict[str, str]:
    lookup = {slugify(o): o for o in options}
    for alias, target in (aliases or {}).items():
        if target in set(options):
            lookup.setdefault(slugify(alias), target)
    return lookup


def month(first: pd.Timestamp, last: pd.Timestamp) -> Callable[[str], str]:
    """'YYYY-MM' within [first, last]."""

    def parse(text: str) -> str:
        if not re.fullmatch(r"\d{4}-\d{2}", text.strip()):
            raise Invalid("a month looks like 2024-04")
        try:
            when = pd.Timestamp(text.strip() + "-01")
        except ValueError:
            raise Invalid(f"{_shown(text)} is not a month") from None
        if not (first.to_period("M") <= when.to_period("M") <= last.to_period("M")):
            raise Invalid(f"the data runs from {first:%Y-%m} to {last:%Y-%m}")
        return when.strftime("%Y-%m")

    return _allowing(parse, f"a month YYYY-MM from {first:%Y-%m} to {last:%Y-%m}",
                     {"pattern": r"^\d{4}-\d{2}$", "examples": [f"{last:%Y-%m}"]})


def day(first: pd.Timestamp, last: pd.Timestamp) -> Callable[[str], str]:
    """'YYYY-MM-DD' within [first, last]."""

    def parse(text: str) -> str:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text.strip()):
            raise Invalid("a date looks like 2024-04-29")
        try:
            when = pd.Timestamp(text.strip())
        except ValueError:
            raise Invalid(f"{_shown(text)} is not a date") from None
        if not (first.normalize() <= when <= last.normalize()):
            raise Invalid(f"the data runs from {first:%Y-%m-%d} to {last:%Y-%m-%d}")
        return when.strftime("%Y-%m-%d")

    return _allowing(parse, f"a day YYYY-MM-DD from {first:%Y-%m-%d} to {last:%Y-%m-%d}",
                     {"pattern": r"^\d{4}-\d{2}-\d{2}$", "examples": [f"{last:%Y-%m-%d}"]})


def calendar_day(first: pd.Timestamp, last: pd.Timestamp) -> Callable[[str], date]:
    """'YYYY-MM-DD' within [first, last], as a date (the type of st.date_input's value)."""
    parse_text = day(first, last)

    def parse(text: str) -> date:
        return date.fromisoformat(parse_text(text))

    return _allowing(parse, getattr(parse_text, "allowed", ""), getattr(parse_text, "schema", None))


def encode_day(value: date) -> str:
    return value.isoformat()


def integer(low: int, high: int) -> Callable[[str], int]:
    def parse(text: str) -> int:
        if not re.fullmatch(r"\d{1,6}", text.strip()):
            raise Invalid("a whole number")
        value = int(text)
        if not low <= value <= high:
            raise Invalid(f"between {low} and {high}")
        return value

    return _allowing(parse, f"a whole number from {low} to {high}", {"pattern": r"^\d{1,6}$"})


def flag(text: str) -> bool:
    lowered = text.strip().lower()
    if lowered in ("1", "true", "yes", "on"):
        return True
    if lowered in ("0", "false", "no", "off"):
        return False
    raise Invalid("on or off (1 or 0)")


flag.allowed = "1 or 0 (also true/false, on/off, yes/no)"  # type: ignore[attr-defined]
flag.schema = {"type": "string", "enum": ["1", "0", "true", "false", "yes", "no", "on", "off"]}  # type: ignore[attr-defined]


def encode_flag(value: bool) -> str:
    return "1" if value else "0"


def encode_list(values: Sequence[str]) -> str:
    return ",".join(slugify(v) for v in values)


def encode_slug(value: str) -> str:
    return slugify(value)


def ordered_range(values: dict[str, Any], start_key: str, end_key: str, params: Sequence[Param],
                  notices: list[Notice]) -> None:
    """If a URL's start is after its end, swap nothing silently: fall back to the defaults."""
    if values[start_key] > values[end_key]:
        notices.append(Notice(f"Ignored `{start_key}={values[start_key]}` / `{end_key}={values[end_key]}`: the "
                              "start is after the end. Showing the default range.", param=start_key,
                              found=f"{values[start_key]} > {end_key}={values[end_key]}",
                              problem="the start is after the end",
                              allowed=f"`{start_key}` on or before `{end_key}`"))
        for p in params:
            if p.key in (start_key, end_key):
                values[p.key] = p.default


NUMBER = re.compile(r"[+-]?(\d{1,3}(,\d{3})+|\d{1,15})(\.\d{1,10})?")
PERIOD = re.compile(r"\d{4}-\d{2}(-\d{2})?")


def number(text: str) -> str:
    """A plain decimal number as people type it ('1,234.5', '-40.9'); kept as typed (its digits
    set the precision a claim is checked to). No exponents, no NaN or infinity, no other scripts."""
    cleaned = text.strip()
    if not NUMBER.fullmatch(cleaned):
        raise Invalid("a plain number such as 1,126.1 or -40.9")
    return cleaned.replace(",", "")


def period(text: str) -> str:
    """'YYYY-MM' or 'YYYY-MM-DD', a real calendar date."""
    cleaned = text.strip()
    if not PERIOD.fullmatch(cleaned):
        raise Invalid("a month like 2024-04 or a day like 2024-04-29")
    try:
        date.fromisoformat(cleaned if len(cleaned) == 10 else cleaned + "-01")
    except ValueError:
        raise Invalid(f"{_shown(cleaned)} is not a date") from None
    if not 1900 <= int(cleaned[:4]) <= 2100:
        raise Invalid("a year between 1900 and 2100")
    return cleaned


def year_or_period(text: str) -> str:
    cleaned = text.strip()
    if re.fullmatch(r"\d{4}", cleaned) and 1900 <= int(cleaned) <= 2100:
        return cleaned
    return period(cleaned)


def periods(text: str, limit: int = 24) -> str:
    """Comma-separated months or days, at most `limit`."""
    items = [t.strip() for t in text.split(",") if t.strip()]
    if not items or len(items) > limit:
        raise Invalid(f"1 to {limit} months separated by commas")
    return ",".join(period(t) for t in items)


def claim_value(op: str) -> Callable[[str], str]:
    """What 'the value you read' must look like for an operation of the article check."""
    if op.endswith("_since"):
        return year_or_period
    if op == "declines":
        return periods
    return number
