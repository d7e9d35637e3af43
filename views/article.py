"""The article check's words and tables (no streamlit): what its cards, table and tiles say.

`ui.article` draws them; everything here is plain text or plain data, testable without AppTest.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

import pandas as pd

from analysis import verdicts as V
from analysis.extract import FoundClaim
from analysis.verdicts.units import chart_unit
from charts import still
from charts.claims import claim_chart
from data_sources.catalogue import DatasetSpec
from views.urlstate import MARKDOWN, Param, choice, choices, encode_list

PAGE = "article"
BADGES = {
    "matches": ("green", ":material/check_circle:"),
    "close": ("blue", ":material/adjust:"),
    "revised": ("orange", ":material/history:"),
    "differs": ("red", ":material/cancel:"),
    "not checkable": ("gray", ":material/help:"),
}
#: In the table, a verdict's sign beside its word: colour is never the only cue.
SIGNS = {"matches": "✓", "close": "≈", "revised": "↻", "differs": "✗", "not checkable": "?"}
MODES = ("example", "text")
MODE_LABELS = {"example": "The worked example", "text": "Check any article"}
TEXT_KEYS = ("text", "published", "doc")  # a checked text's link (managed by the page, not `params`)
TOPICS = ("treasuries", "usdjpy", "gold", "not checkable")
TOPIC_LABELS = {
    "treasuries": "Treasury holders",
    "usdjpy": "Yen and rates",
    "gold": "Gold",
    "not checkable": "Not checkable",
}
REASON_CHARS = 110  # the table's one-line reason; the card says it in full
OP_WORDS = {"level": "the level", "change": "the change", "max": "the highest", "min": "the lowest",
            "mean": "the average", "total": "the total", "highest_since": "the highest since",
            "lowest_since": "the lowest since", "declines": "the months of decline", "top_buyers": "the top buyers"}

#: What the extractor made of the worked example's claims reading the text alone: claim id → (what it
#: found, whether it agrees with the hand-written claim); None when the comparison is not available.
Extracted = Mapping[str, tuple[FoundClaim | None, bool]] | None


def params(claim_ids: Sequence[str]) -> list[Param]:
    """The page's URL parameters (a checked text's and a reader's claim's keys are managed apart)."""
    return [
        Param(
            "topics",
            TOPICS,
            choices(TOPICS, {"yen": "usdjpy", "treasury": "treasuries"}),
            encode_list,
            "topics",
            multi=True,
        ),
        Param("verdicts", V.STATUSES, choices(V.STATUSES), encode_list, "verdicts", multi=True),
        Param("claim", "", choice(["", *claim_ids]), label="claim"),
        Param("mode", "example", choice(MODES), label="part of the page"),
    ]


def md(text: str) -> str:
    """A reader's text (or what we read from it) shown as typed: never rendered as markdown."""
    return MARKDOWN.sub(r"\\\1", " ".join(str(text).split()))


# -- the worked example ---------------------------------------------------------------------------

def one_line(verdict: V.Verdict) -> str:
    """The table's reason: the first one, cut at a word."""
    if not verdict.reasons:
        return "The same figure, to the precision the article printed." if verdict.status == "matches" else ""
    text = " ".join(verdict.reasons[0].split())
    return text if len(text) <= REASON_CHARS else text[:REASON_CHARS].rsplit(" ", 1)[0] + "…"


def by_itself(verdict: V.Verdict, extracted: Extracted) -> str:
    """What the extractor, reading the article's text alone, made of a hand-written claim."""
    if extracted is None:
        return "—"
    found, agrees = extracted[verdict.claim.id]
    if verdict.claim.check is None:
        return "✓ gave no verdict either" if agrees else "✗ gave a verdict"
    if found is None:
        return "not found by itself"
    return f"✓ found, {V.STATUS_LABELS[found.verdict].lower()}" if agrees else (
        f"found, but {V.STATUS_LABELS[found.verdict].lower()}")


def extractor_summary(verdicts: Sequence[V.Verdict], extracted: Extracted) -> str | None:
    """How the extractor alone did on the worked example (the table's column "By itself")."""
    if extracted is None:
        return None
    agreeing = sum(1 for _, agrees in extracted.values() if agrees)
    checkable = [v for v in verdicts if v.claim.check is not None]
    found_alone = sum(1 for v in checkable if extracted[v.claim.id][0] is not None)
    return (f"The extractor alone (Check any article, reading this text with no hand-written claims) finds "
            f"{found_alone} of the {len(checkable)} checkable claims "
            f"and agrees with the worked example on {agreeing} of all {len(verdicts)}: the column "
            "“By itself”.")


def filtered(verdicts: Sequence[V.Verdict], topics: Sequence[str] | None,
             statuses: Sequence[str] | None) -> list[V.Verdict]:
    """The claims the filters let through (no filter picked: all of them)."""
    return [v for v in verdicts if v.claim.topic in (topics or TOPICS) and v.status in (statuses or V.STATUSES)]


def claims_table(shown: Sequence[V.Verdict], verdicts: Sequence[V.Verdict], extracted: Extracted) -> pd.DataFrame:
    """One row per shown claim, numbered as in the article."""
    return pd.DataFrame({
        "#": [verdicts.index(v) + 1 for v in shown],
        "verdict": [f"{SIGNS[v.status]} {V.STATUS_LABELS[v.status]}" for v in shown],
        "claim": [v.claim.quote for v in shown],
        "article": [v.article_text or "—" for v in shown],
        "official": [v.official_text or "—" for v in shown],
        "why": [one_line(v) for v in shown],
        "alone": [by_itself(v, extracted) for v in shown],
    })


def drawn_data(verdict: V.Verdict) -> tuple:
    """What a claim's small chart is drawn from, as a cache key: its series (by content), its marks."""
    series = tuple((name, int(pd.util.hash_pandas_object(s).sum())) for name, s in verdict.evidence.items())
    return series, tuple(verdict.marks), verdict.change_from


def still_key(verdict: V.Verdict) -> tuple:
    """The key a claim's small chart is kept under: the claim and what it is drawn from."""
    return ("claim-still", verdict.claim, drawn_data(verdict))


def claim_still(verdict: V.Verdict, spec: DatasetSpec, attribution: str) -> tuple[bytes, str]:
    """A claim's small chart as a picture and its alt text: the evidence in the claim's unit where it
    measures the same thing, both figures marked."""
    claim = verdict.claim
    titles = {s: spec.series_info(s).title for s in verdict.evidence}
    first = next(iter(verdict.evidence), None)
    unit, per = chart_unit(spec.series_info(first).unit if first else spec.unit,
                           claim.check.unit if claim.check else None)
    evidence = {n: v / per for n, v in verdict.evidence.items()}
    marks = [replace(m, y=None if m.y is None else m.y / per) for m in verdict.marks]
    fig = claim_chart(evidence, marks, titles, unit, attribution,
                      change_from=verdict.change_from, events=spec.frequency == "event")
    return still.png(fig), still.describe(fig)


# -- check any article ------------------------------------------------------------------------------

def official(found: FoundClaim, unit: str) -> str:
    """The official figure of a found claim, as its card says it."""
    if found.official is None:
        return "—"
    value = found.official
    signed = found.op == "change"
    digits = 2 if abs(value) < 1_000 else 1
    shown = f"{value:{'+' if signed else ''},.{digits}f}"
    shown = shown.rstrip("0").rstrip(".") if "." in shown else shown
    return f"{shown} {unit}".strip()


def quote(found: FoundClaim, text: str) -> str:
    """The sentence a figure was found in (the figure itself if there is none), escaped."""
    return md(" ".join(text[found.sentence[0]:found.sentence[1]].split()) or found.number)


def understood(found: FoundClaim, spec: DatasetSpec | None) -> str:
    """What we read a figure as: its subject, what it measures in which dataset, when."""
    when = found.date or (f"{found.start} to {found.end}" if found.start and found.end else found.start or "")
    return ", ".join(x for x in (
        md(found.subject) if found.subject else "",
        f"{OP_WORDS.get(found.op or '', found.op or '')} in {spec.title if spec else found.dataset}",
        when) if x)


def unchecked_list(unchecked: Sequence[tuple[int, FoundClaim]]) -> str:
    """The figures we could not check, one bullet each with the reason."""
    return "\n".join(f"- **{n}** {md(f.number)}: {md(f.reason)}" for n, f in unchecked)


def checked_and_not(numbered: Sequence[tuple[int, FoundClaim]]) -> tuple[list[tuple[int, FoundClaim]],
                                                                          list[tuple[int, FoundClaim]]]:
    """A text's numbered figures: those given a verdict, and those we could not check."""
    return ([(n, f) for n, f in numbered if f.verdict != "not checkable"],
            [(n, f) for n, f in numbered if f.verdict == "not checkable"])


def checked_heading(count: int) -> str:
    return f"{count} figure{'' if count == 1 else 's'} checked"
