"""An article's text with each figure found marked by its verdict, as HTML (pure, no streamlit).

The reader's text is escaped piece by piece (`html.escape`), never trusted: only our own `<mark>`,
`<sup>`, `<p>` and `<br>` tags reach the page. Colour is never the only cue: each mark carries the
claim's number and the verdict's sign in a visible superscript, and its label in `title`.

The marks are dark text on a light tint in both of Streamlit's themes (the page's own text colour
is not used inside a mark), so each pair's contrast is fixed: every one passes WCAG AA (4.5:1) with
room to spare (`contrast()`; tests/test_pages.py checks them).
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from typing import Protocol

from analysis.verdicts import STATUS_LABELS, STATUSES

#: A verdict's sign beside its word (as in the worked example's table).
SIGNS = {"matches": "✓", "close": "≈", "revised": "↻", "differs": "✗", "not checkable": "?"}
INK = "#1b1b1f"  # text inside every mark
#: (tint, border) per verdict; the border (solid, dashed for "not checkable") separates a mark
#: from a dark page background.
TINTS = {
    "matches": ("#c9efd3", "#1e7b3a"),
    "close": ("#cfe2fb", "#1d5fb4"),
    "revised": ("#ffe1b8", "#a35200"),
    "differs": ("#ffd2d2", "#b3261e"),
    "not checkable": ("#e4e4e7", "#5f6368"),
}
CSS = "".join(
    f".dt-mark.dt-{status.replace(' ', '-')}{{background:{tint};color:{INK};"
    f"border-bottom:2px {'dashed' if status == 'not checkable' else 'solid'} {edge}}}"
    for status, (tint, edge) in TINTS.items()
) + (".dt-text{line-height:1.9;max-width:48rem}"
     ".dt-mark{padding:0 .15em;border-radius:.2em;box-decoration-break:clone;-webkit-box-decoration-break:clone}"
     ".dt-sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}"
     f".dt-mark sup{{font-size:.72em;font-weight:600;margin-left:.15em;color:{INK}}}")


class Found(Protocol):
    span: tuple[int, int]
    verdict: str
    reason: str


def css_class(status: str) -> str:
    return "dt-" + (status if status in STATUSES else "not checkable").replace(" ", "-")


def _luminance(colour: str) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two #rrggbb colours."""
    hi, lo = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def _plain(text: str) -> str:
    return html.escape(text.replace("\r\n", "\n").replace("\r", "\n"))


def marked(text: str, found: Sequence[Found]) -> str:
    """The text as HTML with each figure in a <mark> numbered as its card (1, 2, … in text order).
    A figure overlapping one already marked is not marked again (its card still lists it)."""
    order = sorted(range(len(found)), key=lambda i: found[i].span)
    out, at = [], 0
    for number, i in enumerate(order, start=1):
        start, end = found[i].span
        if not (at <= start < end <= len(text)):
            continue
        status = found[i].verdict if found[i].verdict in STATUSES else "not checkable"
        label = f"{SIGNS[status]} {STATUS_LABELS[status]}"
        title = f"Claim {number}: {label}. {found[i].reason}".strip()
        out.append(_plain(text[at:start]))
        out.append(f'<mark class="dt-mark {css_class(status)}" title="{html.escape(title)}">'
                   f"{_plain(' '.join(text[start:end].split()))}<sup>{number}\u202f{SIGNS[status]}"
                   f'<span class="dt-sr"> (claim {number}: {STATUS_LABELS[status]})</span></sup></mark>')
        at = end
    out.append(_plain(text[at:]))
    paragraphs = re.split(r"\n[ \t]*\n\s*", "".join(out).strip())  # no mark holds a line break
    body = "".join(f"<p>{p.strip().replace(chr(10), '<br>')}</p>" for p in paragraphs if p.strip())
    return f'<style>{CSS}</style><div class="dt-text">{body}</div>'


def numbered(found: Sequence[Found]) -> list[tuple[int, Found]]:
    """Each claim with the number its mark shows (text order)."""
    order = sorted(range(len(found)), key=lambda i: found[i].span)
    return [(n, found[i]) for n, i in enumerate(order, start=1)]
