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
    #: per dataset of the key ("none" for claims no dataset answers): [claims, right verdicts, wrong matches]
    by_dataset: dict[str, list[int]] = field(default_factory=dict)
    missed: list[str] = field(default_factory=list)  # key claims without the right verdict: "number: got"

    def add(self, other: Score) -> None:
        for name, counts in other.by_dataset.items():
            mine = self.by_dataset.setdefault(name, [0, 0, 0])
            for i, n in enumerate(counts):
                mine[i] += n
        self.missed += other.missed
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
    if "dataset" not in key:
        return False
    return (found.dataset == key["dataset"] and list(found.series) == list(key["series"]) and found.op == key["op"]
            and found.date == key.get("date") and found.start == key.get("start") and found.end == key.get("end"))


def score(text: str, found: Sequence[FoundClaim], key: dict[str, Any]) -> Score:
    s = Score()
    right_matches: set[int] = set()
    for claim in key.get("claim", []):
        span = _span(text, claim["number"])
        s.claims += 1
        counts = s.by_dataset.setdefault(claim.get("dataset") or "none", [0, 0, 0])
        counts[0] += 1
        hits = [f for f in found if _overlaps(f.span, span)]
        good = [f for f in hits if _same(f, claim)]
        right = False
        if good:
            s.mapped += 1
            right = good[0].verdict == claim["verdict"]
            if claim["verdict"] == "matches":
                right_matches.add(id(good[0]))
        elif claim["verdict"] == "not checkable" and all(f.verdict == "not checkable" for f in hits):
            right = True
        if right:
            s.verdicts += 1
            counts[1] += 1
        else:
            got = "; ".join(f"{f.verdict} {f.dataset or ''} {','.join(f.series)} {f.op or ''} "
                            f"{f.date or ''}{f.start or ''}..{f.end or ''} {f.reason[:90] if not f.dataset else ''}"
                            for f in hits) or "not found"
            s.missed.append(f"{claim['number']!r} want {claim['verdict']} {claim.get('dataset', '')} "
                            f"{claim.get('series', '')} {claim.get('op', '')} | got {got}")
    for f in found:
        if f.verdict == "matches" and id(f) not in right_matches:
            s.wrong_matches.append(f"{f.number} ({f.dataset} {','.join(f.series)} {f.op})")
            s.by_dataset.setdefault(f.dataset or "none", [0, 0, 0])[2] += 1
    for nonclaim in key.get("nonclaim", []):
        span = _span(text, nonclaim["number"])
        s.nonclaims += 1
        for f in found:
            if _overlaps(f.span, span) and f.verdict != "not checkable":
                s.nonclaim_verdicts.append(f"{f.number}: {f.verdict}")
    return s


def _quote_span(text: str, claim: Claim) -> tuple[int, int] | None:
    pieces = sorted((p.strip(" .!\"") for p in claim.quote.split("…")), key=len, reverse=True)
    at = text.find(pieces[0]) if pieces and pieces[0] else -1
    return (at, at + len(pieces[0])) if at >= 0 else None


def seed_match(text: str, found: Sequence[FoundClaim], claim: Claim) -> FoundClaim | None:
    """The extractor's claim standing for a hand-written one: the same dataset, series and operation
    inside the claim's quote (and the same dates when the claim gives them)."""
    span = _quote_span(text, claim)
    check = claim.check
    if span is None or check is None:
        return None
    for f in found:
        if (_overlaps(f.span, span) and f.dataset == check.dataset and tuple(f.series) == check.series
                and f.op == check.op and (check.date is None or f.date == check.date)
                and (check.start is None or f.start == check.start) and (check.end is None or f.end == check.end)):
            return f
    return None


def seed_found(text: str, found: Sequence[FoundClaim], claims: Sequence[Claim]) -> list[str]:
    """The hand-written seed claims the extractor found by itself (`seed_match`)."""
    return [c.id for c in claims if seed_match(text, found, c) is not None]


def seed_comparison(text: str, found: Sequence[FoundClaim], claims: Sequence[Claim],
                    worked: dict[str, str]) -> dict[str, tuple[FoundClaim | None, bool]]:
    """Per hand-written claim: the extractor's own claim standing for it (None: not found by itself) and
    whether it agrees with the worked example's verdict `worked[id]`."""
    return {c.id: (seed_match(text, found, c), seed_agrees(text, found, c, worked[c.id])) for c in claims}


def seed_agrees(text: str, found: Sequence[FoundClaim], claim: Claim, verdict: str) -> bool:
    """The extractor agrees with a hand-written claim whose worked-example verdict is `verdict`: it found
    the claim and came to the same verdict; for a claim no data can check, it gave no verdict to any
    figure of the quote either."""
    if claim.check is None:
        span = _quote_span(text, claim)
        return span is not None and all(f.verdict == "not checkable" for f in found if _overlaps(f.span, span))
    f = seed_match(text, found, claim)
    return f is not None and f.verdict == verdict
