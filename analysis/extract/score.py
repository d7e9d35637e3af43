"""Scoring the extractor against hand-written answer keys (tests/articles/*.toml) and the seed's claims."""

from __future__ import annotations

import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from analysis.verdicts import Claim

from .check import FoundClaim


@dataclass
class Score:
    claims: int = 0  # claims in the keys
    mapped: int = 0  # found and mapped to the key's dataset, series, op and dates
    verdicts: int = 0  # of the key's claims, the verdict the key expects
    wrong_matches: list[str] = field(default_factory=list)  # "matches" on anything the key does not call a match
    nonclaims: int = 0
    nonclaim_verdicts: list[str] = field(default_factory=list)  # non-claims given a verdict

    def add(self, other: Score) -> None:
        self.claims += other.claims
        self.mapped += other.mapped
        self.verdicts += other.verdicts
        self.wrong_matches += other.wrong_matches
        self.nonclaims += other.nonclaims
        self.nonclaim_verdicts += other.nonclaim_verdicts


def load_key(path: Path) -> dict[str, Any]:
    with path.open("rb") as handle:
        return tomllib.load(handle)


def _span(text: str, number: str) -> tuple[int, int]:
    at = text.find(number)
    if at < 0:
        raise ValueError(f"{number!r} is not in the article")
    return at, at + len(number)


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _same(found: FoundClaim, key: dict[str, Any]) -> bool:
    return (found.dataset == key["dataset"] and list(found.series) == list(key["series"]) and found.op == key["op"]
            and found.date == key.get("date") and found.start == key.get("start") and found.end == key.get("end"))


def score(text: str, found: Sequence[FoundClaim], key: dict[str, Any]) -> Score:
    s = Score()
    right_matches: set[int] = set()
    for claim in key.get("claim", []):
        span = _span(text, claim["number"])
        s.claims += 1
        hits = [f for f in found if _overlaps(f.span, span)]
        good = [f for f in hits if _same(f, claim)]
        if good:
            s.mapped += 1
            if good[0].verdict == claim["verdict"]:
                s.verdicts += 1
            if claim["verdict"] == "matches":
                right_matches.add(id(good[0]))
        elif claim["verdict"] == "not checkable" and all(f.verdict == "not checkable" for f in hits):
            s.verdicts += 1
    for f in found:
        if f.verdict == "matches" and id(f) not in right_matches:
            s.wrong_matches.append(f"{f.number} ({f.dataset} {','.join(f.series)} {f.op})")
    for nonclaim in key.get("nonclaim", []):
        span = _span(text, nonclaim["number"])
        s.nonclaims += 1
        for f in found:
            if _overlaps(f.span, span) and f.verdict != "not checkable":
                s.nonclaim_verdicts.append(f"{f.number}: {f.verdict}")
    return s


def seed_found(text: str, found: Sequence[FoundClaim], claims: Sequence[Claim]) -> list[str]:
    """The hand-written seed claims the extractor found by itself: a claim of the same dataset,
    series and operation inside the claim's quote."""
    out = []
    for claim in claims:
        if claim.check is None:
            continue
        pieces = sorted((p.strip(" .!\"") for p in claim.quote.split("…")), key=len, reverse=True)
        at = text.find(pieces[0]) if pieces and pieces[0] else -1
        if at < 0:
            continue
        span = (at, at + len(pieces[0]))
        check = claim.check
        if any(_overlaps(f.span, span) and f.dataset == check.dataset and tuple(f.series) == check.series
               and f.op == check.op for f in found):
            out.append(claim.id)
    return out
