"""What a view builds for one state: the main chart with everything said around it."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import pandas as pd
import plotly.graph_objects as go

from charts.export import table
from charts.meta import meta_of
from data_sources import version
from data_sources.result import Provenance, Result

from . import memo, urlstate
from .memo import keyed

Load = Callable[[str], Result]


@dataclass(frozen=True)
class Main:
    """A page's main chart for one state. `fig` is None when there is nothing to draw, and `empty`
    says why; `notes` are what the page says under the chart (markdown)."""

    fig: go.Figure | None
    name: str  # file-name stem of the exports
    provs: tuple[Provenance, ...]
    subject: str  # what the chart shows, for link previews ("USD/JPY, last 5 years")
    empty: str = ""
    notes: tuple[str, ...] = ()
    lead: str = ""  # the chart's news in one sentence, for a link preview ("Japan held $1,209.9 bn …")
    data: Any = None  # what the chart was drawn from, when the page says more of it (a map's unpainted economies)




def versions(datasets: tuple[str, ...]) -> tuple[str, ...]:
    """The data versions a view's charts are keyed by."""
    return tuple(version(name) for name in datasets)


def context_key(page: str, datasets: tuple[str, ...]) -> tuple:
    """A view's context carries provenance, whose freshness depends on the clock as well."""
    return keyed(page, "context", datasets=datasets, fresh=True)


C = TypeVar("C")


def memoized(page: str, datasets: tuple[str, ...]) -> Callable[[Callable[[C, dict[str, Any]], Main]],
                                                              Callable[[C, dict[str, Any]], Main]]:
    """A view's `main(ctx, values)` built once per state and data version, shared by every session,
    the API and the previews. The figure was already kept (`memo.frozen`), but what is said around it
    (its lead: the shown table's last values; notes such as gold's bridged reports) was made again on
    every run of every session: 15-40 % of a chart page's server CPU per view (py-spy, AppTest).
    Only for the view's shared context (`context_key`): a context built by hand (tests) is its own."""

    def wrap(build: Callable[[C, dict[str, Any]], Main]) -> Callable[[C, dict[str, Any]], Main]:
        @functools.wraps(build)
        def main(ctx: C, values: dict[str, Any]) -> Main:
            key = context_key(page, datasets)
            if memo.get(key) is not ctx:
                return build(ctx, values)
            state = tuple(urlstate.encode(ctx.params, values).items())  # type: ignore[attr-defined]
            return memo.cached((page, "main", key, state), lambda: build(ctx, values))

        return main

    return wrap


def month_end(month: str) -> pd.Timestamp:
    return pd.Timestamp(month) + pd.offsets.MonthEnd(0)


def months_apart(a: str, b: str) -> int:
    return (pd.Period(b[:7], "M") - pd.Period(a[:7], "M")).n


def quarter_end(month: str) -> str:
    return f"{month_end(month[:7] + '-01'):%Y-%m-%d}"


def headline(main: Main, limit: int = 4) -> str:
    """'USD/JPY over the last 5 years: 149.52 on 2025-09-26': the chart's subject and the last value
    of each plotted series within the shown range (a link preview's description)."""
    if main.fig is None:
        return f"{main.subject}: {main.empty}"
    ends = []
    for name, unit, day, value, decimals in last_values(main.fig)[:limit]:
        ends.append(f"{name} {value:,.{decimals}f}{f' {unit}' if unit else ''} on {day}")
    return f"{main.subject}: " + "; ".join(ends) if ends else main.subject


#: An embed 900 px wide shows its chart, then the source line and freshness (~110 px) and each note
#: under the chart (~105 px: two lines and the gap); measured in Chromium on the three chart pages.
EMBED_CHROME_PX, EMBED_NOTE_PX = 110, 105


def embed_height(main: Main) -> int:
    """How tall an embed of this chart must be to show it with its source line, without scrolling."""
    figure_px = int(main.fig.layout.height or 460) if main.fig is not None else 200
    return -(-(figure_px + EMBED_CHROME_PX + EMBED_NOTE_PX * len(main.notes)) // 10) * 10


def short(text: str, limit: int) -> str:
    """`text` cut at a word to at most `limit` characters (with '…' where cut), never mid-word."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def lead_sentence(main: Main, describe: Callable[[str, str, float, str], str], limit: int = 150) -> str:
    """One sentence from the plotted series' last values: `describe(name, unit, value, day)` says
    one series; the first is said in full, the others added while the sentence stays short."""
    ends = [(name, unit, value, day) for name, unit, day, value, _ in last_values(main.fig)] if main.fig else []
    if not ends:
        return ""
    said = describe(*ends[0])
    for end in ends[1:]:
        longer = f"{said}; {describe(*end)}"
        if len(longer) > limit:
            break
        said = longer
    return said + "."


def last_values(fig: go.Figure) -> list[tuple[str, str, str, float, int]]:
    """(series name, unit, ISO date, value, decimals) of each exported line's last point in the shown
    range (lines only: bars of amounts beside a rate are not its headline)."""
    shown = table(fig)  # the same table the CSV is made of
    if "date" not in shown.columns:
        return []
    decimals = {str(t.name): int(meta_of(t).get("decimals", 2)) for t in fig.data if t.type == "scatter"}
    out = []
    for column in shown.columns[1:]:
        values = shown[["date", column]].dropna()
        if values.empty:
            continue
        name = next((n for n in decimals if column == n or column.startswith(f"{n} (")), None)
        if name is None:
            continue
        unit = column.removeprefix(name).strip().removeprefix("(").removesuffix(")")
        out.append((name, unit, str(values["date"].iloc[-1]), float(values[column].iloc[-1]),
                    min(decimals[name], 2)))
    return out
