"""USD/JPY: the daily rate with Japan's interventions, events and reference lines (FRED, MOF)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

import pandas as pd

from analysis import fx
from charts import fx as charts
from data_sources.result import Result

from . import memo
from .chart import Load, Main, context_key, lead_sentence, memoized, versions
from .urlstate import Notice, Param, calendar_day, choice, encode_day, encode_flag, encode_slug, flag, ordered_range

PAGE = "usdjpy"
DATASETS = ("usdjpy", "fx_interventions")
REFERENCE_LINES = (150.0, 160.0)
SECTIONS = ("Rates", "Japan's reserves", "Largest daily moves", "After interventions")
RANGE_CHOICES = [*fx.RANGES, "Custom"]

#: The parameters the main chart depends on (the API's canonical state, ETags and preview keys).
MAIN_PARAMS = ("range", "from", "to", "interventions", "events", "line150", "line160", "log")


@dataclass(frozen=True)
class Context:
    rate_result: Result
    ops_result: Result
    rate: pd.Series
    ops: pd.DataFrame  # USD/JPY operations only
    events: list[fx.Event]
    first_day: pd.Timestamp
    rate_end: pd.Timestamp
    ops_end: pd.Timestamp
    last_day: pd.Timestamp  # the range covers every series shown, each drawn to its own end
    params: list[Param]


@dataclass(frozen=True)
class Window:
    start: pd.Timestamp
    end: pd.Timestamp
    span: str  # a range button, or "Custom"
    period: str  # for file names: "5Y" or "2024-01-01_2024-12-31"


def context(load: Load) -> Context:
    return memo.cached(context_key(PAGE, DATASETS), lambda: _context(load))


def _context(load: Load) -> Context:
    rate_result, ops_result = load("usdjpy"), load("fx_interventions")
    rate = rate_result.series("USDJPY")
    ops = ops_result.frame[ops_result.frame["series"] == "USD/JPY"]
    first_day, rate_end, ops_end = rate.index.min(), rate.index.max(), ops["date"].max()
    last_day = max(rate_end, ops_end)
    params = [
        Param("range", "5Y", choice(RANGE_CHOICES), label="range"),
        # A custom window starts as the rate's last year: not months after its last day, with no rate.
        Param("from", (rate_end - pd.DateOffset(years=1)).date(), calendar_day(first_day, last_day), encode_day,
              group="window", label="custom dates"),
        Param("to", rate_end.date(), calendar_day(first_day, last_day), encode_day, group="window",
              label="custom dates"),
        Param("interventions", True, flag, encode_flag, "intervention markers"),
        Param("events", True, flag, encode_flag, "event notes"),
        Param("line150", True, flag, encode_flag, "150-yen line"),
        Param("line160", True, flag, encode_flag, "160-yen line"),
        Param("log", False, flag, encode_flag, "log scale"),
        Param("section", SECTIONS[0], choice(SECTIONS), encode_slug, "section"),
    ]
    return Context(rate_result, ops_result, rate, ops, fx.load_events(), first_day, rate_end, ops_end, last_day,
                   params)


def check(ctx: Context, values: dict[str, Any], notices: list[Notice]) -> None:
    ordered_range(values, "from", "to", ctx.params, notices)


def window(ctx: Context, values: dict[str, Any]) -> Window:
    """The dates a state shows. A range counts back from the rate's last day (a month of the rate,
    not a month of no rate) and reaches on to the latest intervention shown."""
    span = values["range"] or "5Y"
    if span == "Custom" and values["from"] and values["to"]:
        start, end = pd.Timestamp(values["from"]), pd.Timestamp(values["to"])
        return Window(start, end, span, f"{start:%Y-%m-%d}_{end:%Y-%m-%d}")
    end = ctx.last_day if values["interventions"] else ctx.rate_end
    start = fx.range_start("5Y" if span == "Custom" else span, min(end, ctx.rate_end), ctx.first_day)
    return Window(start, end, span, span if span != "Custom" else f"{start:%Y-%m-%d}_{end:%Y-%m-%d}")


@memoized(PAGE, DATASETS)
def main(ctx: Context, values: dict[str, Any]) -> Main:
    """The daily rate over the state's window, with its interventions, events and lines."""
    shown = window(ctx, values)
    start, end = shown.start, shown.end
    show_ops, show_events, log = bool(values["interventions"]), bool(values["events"]), bool(values["log"])
    lines = tuple(v for v, on in zip(REFERENCE_LINES, (values["line150"], values["line160"]), strict=True) if on)
    provs = (ctx.rate_result.provenance, ctx.ops_result.provenance)
    fig = memo.frozen(
        (PAGE, start, end, show_ops, show_events, lines, log, versions(DATASETS)),
        lambda: charts.usdjpy(
            ctx.rate, ctx.ops, ctx.events if show_events else [], x_range=(start, end), reference_lines=list(lines),
            show_interventions=show_ops, log=log,
            source=f"{provs[0].attribution}; interventions: {provs[1].credit}",
        ),
    )
    notes = []
    numbered = charts.events_in(ctx.events, start, end) if show_events else []
    if numbered:
        notes.append("  \n".join(f"**{i}** · {e.date:%Y-%m-%d} · {e.label}" for i, e in numbered))
    late = ctx.ops[ctx.ops["date"] > ctx.rate_end]
    if show_ops and not late.empty and start <= late["date"].max() and end > ctx.rate_end:
        many = len(late) != 1
        notes.append(
            f":orange[:material/info: The USD/JPY rate in this release ends {ctx.rate_end:%Y-%m-%d} (FRED); the "
            f"Ministry of Finance's data runs to {ctx.ops_end:%Y-%m-%d}. {len(late)} operation{'s' if many else ''} "
            f"after the rate's last day (JPY {late['value'].sum():,.1f} bn) {'are' if many else 'is'} drawn as bars "
            "only.]"
        )
    main = Main(fig, f"usdjpy_{shown.period}", provs, f"USD/JPY {_described(shown, ctx)}", notes=tuple(notes))
    return replace(main, lead=lead_sentence(main, said))


def said(name: str, unit: str, value: float, day: str) -> str:
    """'A dollar bought 149.52 yen on 26 September 2025 (noon rate, New York)'."""
    when = f"{pd.Timestamp(day):%-d %B %Y}"
    if unit.startswith("yen per"):
        return f"A dollar bought {value:,.2f} yen on {when} (noon rate, New York)"
    return f"Japan's last intervention: {value:,.1f} bn yen on {when}"


SPANS = {"1M": "over the last month", "6M": "over the last 6 months", "1Y": "over the last year",
         "5Y": "over the last 5 years", "10Y": "over the last 10 years", "Max": "since 1971"}


def _described(shown: Window, ctx: Context) -> str:
    if shown.span == "YTD":
        return f"in {min(shown.end, ctx.rate_end).year}"
    if shown.span == "Custom":
        return f"from {shown.start:%Y-%m-%d} to {shown.end:%Y-%m-%d}"
    return SPANS.get(shown.span, shown.span)
