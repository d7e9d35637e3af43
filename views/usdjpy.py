"""USD/JPY: the daily rate with Japan's interventions, events and reference lines (FRED, MOF)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

import pandas as pd

from analysis import fx
from analysis.verdicts import Check
from charts import fx as charts
from data_sources.result import Result

from . import memo
from .chart import Load, Main, context_key, lead_sentence, memoized, versions
from .declare import Page, Section, Sections, View
from .tables import Table
from .urlstate import Notice, Param, calendar_day, choice, encode_day, encode_flag, flag, ordered_range

PAGE = "usdjpy"
DATASETS = ("usdjpy", "fx_interventions")
REFERENCE_LINES = (150.0, 160.0)
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
        SECTIONS.param(),
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


# -- the tabs: each built for one state, the page only draws it ----------------------------------

#: What the tables' columns mean (the page labels them so).
MOVES_COLUMNS = {"date": "Date", "rate": "USD/JPY, noon rate in New York", "change": "Change on the day, yen",
                 "change_pct": "Change on the day, %", "direction": "Yen weaker or stronger"}
STUDY_COLUMNS = {"start": "First day of the episode", "end": "Last day of the episode",
                 "days": "Intervention days", "direction": "Yen bought or sold", "amount_jpy_bn": "Amount, JPY bn",
                 "rate": "USD/JPY on day 1",
                 **{f"after_{h}d": f"Change in yen {h} trading day{'s' if h > 1 else ''} later" for h in fx.HORIZONS}}


def rates(ctx: Context, values: dict[str, Any], load: Load) -> Main:
    """The fed funds rate and the US – Japan 10-year yield spread over the state's window (a preset
    range reaches on to the rates' own last month)."""
    shown = window(ctx, values)
    start, end, custom = shown.start, shown.end, shown.span == "Custom"

    def build() -> Main:
        result = load("rates")
        prov = result.provenance
        fed = result.series("FEDFUNDS")
        spread = fx.yield_spread(result.series("DGS10"), result.series("IRLTLT01JPM156N"))
        window_end = max(max(fed.index.max(), spread.index.max()) if not custom else end, end)
        name, subject = f"us-rates-and-us-japan-spread_{shown.period}", "US rates and the US – Japan yield spread"
        if fed.loc[start:window_end].empty and spread.loc[start:window_end].empty:
            return Main(None, name, (prov,), subject,
                        empty=f"No rates in this release between {start:%Y-%m-%d} and {window_end:%Y-%m-%d} (fed "
                              f"funds to {fed.index.max():%Y-%m}, the spread to {spread.index.max():%Y-%m}).")
        fig = memo.freeze(charts.context(fed, spread, (start, window_end), prov.attribution))
        return Main(fig, name, (prov,), subject)

    return memo.cached(memo.keyed(PAGE, "rates", start, end, custom, shown.period, datasets=("rates",), fresh=True),
                       build)


def reserves(ctx: Context, values: dict[str, Any], load: Load) -> Main:
    """Japan's reserves over the state's window: a preset range shows them to their own last month,
    a custom window is respected."""
    shown = window(ctx, values)
    start, end, custom = shown.start, shown.end, shown.span == "Custom"

    def build() -> Main:
        result = load("japan_reserves")
        prov = result.provenance
        total, fx_part = result.series("total"), result.series("foreign_currency_reserves")
        own_end = total.index.max() if not custom else end + pd.DateOffset(months=1)
        cut = slice(start - pd.DateOffset(months=1), max(own_end, end))
        name, subject = f"japan-reserves_{shown.period}", "Japan's foreign reserves"
        if total.loc[cut].empty:
            return Main(None, name, (prov,), subject,
                        empty=f"No reserves data between {start:%Y-%m} and {end:%Y-%m} in this release (it covers "
                              f"{total.index.min():%Y-%m} to {total.index.max():%Y-%m}, with gaps).")
        # The whole series with the window: a gap reaching into the window is labelled in full.
        fig = memo.freeze(charts.reserves(total, fx_part, prov.attribution, x_range=(cut.start, cut.stop)))
        return Main(fig, name, (prov,), subject)

    return memo.cached(memo.keyed(PAGE, "reserves", start, end, custom, shown.period, datasets=("japan_reserves",),
                                  fresh=True), build)


def largest_moves(ctx: Context, values: dict[str, Any]) -> Table:
    """The ten largest day-on-day moves of the noon rate in the state's window, largest first."""
    shown = window(ctx, values)
    start, end = shown.start, shown.end
    frame = memo.cached(memo.keyed(PAGE, "moves", start, end, datasets=DATASETS[:1]),
                        lambda: fx.largest_moves(ctx.rate, start, end, n=10))
    return Table(frame, f"usdjpy-largest-moves_{shown.period}", (ctx.rate_result.provenance,), MOVES_COLUMNS,
                 notes=(f"Day-on-day changes of the noon rate between {start:%Y-%m-%d} and {end:%Y-%m-%d}.",))


def _study(ctx: Context, start: pd.Timestamp, end: pd.Timestamp) -> tuple[pd.DataFrame, pd.Series]:
    """The intervention episodes starting in the window (the last five if none) with the rate's change
    after each, and the averages over those measured."""

    def build() -> tuple[pd.DataFrame, pd.Series]:
        found = fx.episodes(ctx.ops_result.frame)
        study = fx.event_study(ctx.rate, [e for e in found if start <= e.start <= end] or found[-5:])
        return study, study[[f"after_{h}d" for h in fx.HORIZONS]].mean()

    return memo.cached(memo.keyed(PAGE, "study", start, end, datasets=DATASETS), build)


def after_interventions(ctx: Context, values: dict[str, Any]) -> Table:
    """Each intervention episode of the window and how far the rate moved 1, 5 and 20 trading days
    after its first day; `warning`: the episodes after the rate's last day (listed, not averaged)."""
    shown = window(ctx, values)
    study, averages = _study(ctx, shown.start, shown.end)
    unmeasured = study[study["rate"].isna()]
    warning = "" if unmeasured.empty else (
        f":orange[:material/info: {len(unmeasured)} episode{'s' if len(unmeasured) != 1 else ''} from "
        f"{unmeasured['start'].min():%Y-%m-%d} come{'s' if len(unmeasured) == 1 else ''} after the rate's "
        f"last day in this release ({ctx.rate_end:%Y-%m-%d}): listed, but not in the averages.]")
    measured = int(study["rate"].notna().sum())
    note = (
        f"Episodes = intervention days at most {fx.CLUSTER_GAP_DAYS} days apart, same direction, in "
        "the chosen range (the last five if none). Change in yen from the noon rate of the first day "
        "to 1, 5 and 20 New York trading days later; + is a weaker yen. "
        + (f"Average over these {measured} measured episodes: "
           + ", ".join(f"{v:+.2f} after {h.split('_')[1]}" for h, v in averages.items() if pd.notna(v))
           + "." if measured else "None of these episodes can be measured against the rate in this release.")
    )
    return Table(study, f"usdjpy-after-interventions_{shown.period}",
                 (ctx.rate_result.provenance, ctx.ops_result.provenance), STUDY_COLUMNS, notes=(note,),
                 warning=warning)


def after_interventions_chart(ctx: Context, values: dict[str, Any]) -> Main:
    """The average move after the window's measured episodes (no figure if none can be measured)."""
    shown = window(ctx, values)
    study, averages = _study(ctx, shown.start, shown.end)
    provs = (ctx.rate_result.provenance, ctx.ops_result.provenance)
    name, subject = f"usdjpy-after-interventions_{shown.period}", "USD/JPY after Japan's interventions"
    if not study["rate"].notna().any():
        return Main(None, name, provs, subject,
                    empty="None of these episodes can be measured against the rate in this release.")
    source = f"{provs[0].attribution}; interventions: {provs[1].attribution}"
    fig = memo.frozen(memo.keyed(PAGE, "study", shown.start, shown.end, datasets=DATASETS),
                      lambda: charts.event_study(averages, source))
    return Main(fig, name, provs, subject)


def claim_query(check: Check, start: pd.Timestamp, end: pd.Timestamp, section: str | None) -> dict[str, str]:
    """A checked claim's link: its days as a custom range, on the tab its dataset opens."""
    query = {"range": "Custom", "from": f"{start:%Y-%m-%d}", "to": f"{end:%Y-%m-%d}"}
    return query | ({"section": section} if section else {})


#: The tabs, in order.
SECTIONS = Sections((
    Section("rates", "Rates", datasets=("rates",)),
    Section("japan-s-reserves", "Japan's reserves", datasets=("japan_reserves",)),
    Section("largest-daily-moves", "Largest daily moves"),
    Section("after-interventions", "After interventions", datasets=("fx_interventions",)),
))

VIEW = View(
    page=Page(PAGE, f"pages/{PAGE}.py", "USD/JPY", ":material/currency_yen:", "How the yen moves against the dollar",
              "Yen per US dollar, every New York business day since 1971, with every operation Japan's Ministry "
              "of Finance has made in the market since 1991. Up is a weaker yen.", order=20),
    datasets=DATASETS, context=context, check=check, main=main, main_params=MAIN_PARAMS, sections=SECTIONS,
    claim_query=claim_query, shows=("rates", "japan_reserves"),
    popular=("range=1Y",),
)
