"""Treasury holders: holders over time as level, change, share or index (U.S. Treasury TIC)."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any

import pandas as pd

from analysis import flows as f
from analysis import maps
from analysis import series as s
from analysis.breaks import Breaks
from analysis.verdicts import Check
from charts import flows as charts_flows
from charts import maps as charts_maps
from charts import treasury as charts
from data_sources.result import Result

from . import memo
from .chart import Load, Main, context_key, lead_sentence, memoized, month_end, months_apart, versions
from .declare import Page, Section, Sections, View
from .urlstate import Notice, Param, choice, choices, encode_flag, encode_list, flag, month, ordered_range

PAGE = "treasuries"
DATASETS = ("treasury_holdings", "treasury_flows", "fed_custody")
DEFAULT_HOLDERS = ("Japan", "China, Mainland", "United Kingdom", "Canada")
DEFAULT_FROM = "2015-01"
AGGREGATE_ORDER = ("Grand Total", "Foreign Official", "Treasury Bills", "T-Bonds & Notes", "All Other")
FLOW_VIEWS = {"monthly": "Each month", "cumulative": "Running total"}
DEFAULT_FLOWS_FROM = "2023-02"  # Table 3's first month with net purchases and price changes
DEFAULT_CUSTODY_FROM = "2015-01"
MAX_PANELS = 6  # holders drawn in the selling view; more would make a chart taller than a screen
ALIASES = {
    "china": "China, Mainland",
    "uk": "United Kingdom",
    "britain": "United Kingdom",
    "korea": "Korea, South",
    "south-korea": "Korea, South",
    "total": "Grand Total",
    "official": "Foreign Official",
    "bills": "Treasury Bills",
    "bonds": "T-Bonds & Notes",
}

#: The parameters the main chart depends on (the API's canonical state, ETags and preview keys).
MAIN_PARAMS = ("countries", "transform", "from", "to", "log", "base")
#: The map view's own state (`section=map`): its link, preview and exports show the map.
MAP_PARAMS = ("section", "map", "map_month")
#: The selling view's state (`section=was-it-selling`) and the custody view's.
SELLING_PARAMS = ("section", "countries", "flow", "flow_from", "flow_to")
CUSTODY_PARAMS = ("section", "custody_from")


@dataclass(frozen=True)
class Context:
    result: Result
    table: pd.DataFrame  # month ends × holders
    breaks: Breaks
    point_notes: tuple[tuple[pd.Timestamp, str, str], ...]  # figures where two tables disagree
    countries: list[str]  # by latest holding, then the rest by name
    aggregates: list[str]
    titles: dict[str, str]
    labels: dict[str, str]  # titles, with "(until 2002-06)" for holders that stopped reporting
    months: list[str]
    params: list[Param]
    flows: Result
    custody: Result
    flow_months: list[str]

    @property
    def options(self) -> list[str]:
        return self.countries + self.aggregates


def context(load: Load) -> Context:
    return memo.cached(context_key(PAGE, DATASETS), lambda: _context(load))


def _context(load: Load) -> Context:
    result, flows, custody = load("treasury_holdings"), load("treasury_flows"), load("fed_custody")
    table = s.wide(result.frame)
    kinds = result.frame.drop_duplicates("series").set_index("series")["is_aggregate"]
    latest = table.index.max()
    countries = [h for h in table.loc[latest].dropna().sort_values(ascending=False).index if not kinds[h]]
    countries += sorted(h for h in table.columns if not kinds[h] and h not in countries)
    aggregates = [a for a in AGGREGATE_ORDER if a in table.columns]
    options = countries + aggregates
    first, last = table.index.min(), latest
    ends = table.notna()[::-1].idxmax()  # each holder's last month with a figure
    titles = {h: result.series_info(h).title for h in options}
    labels = {h: titles[h] + (f" (until {ends[h]:%Y-%m})" if ends[h] < last - pd.DateOffset(years=1) else "")
              for h in options}
    flow_dates = flows.frame["date"]
    flow_first, flow_last = flow_dates.min(), flow_dates.max()
    custody_first, custody_last = custody.frame["date"].min(), custody.frame["date"].max()
    params = [
        Param("countries", DEFAULT_HOLDERS, choices(options, ALIASES), encode_list, "holders", multi=True),
        Param("transform", "level", choice(list(s.TRANSFORMS)), label="transform"),
        Param("from", DEFAULT_FROM, month(first, last), group="range", label="date range"),
        Param("to", f"{last:%Y-%m}", month(first, last), group="range", label="date range"),
        Param("month", f"{last:%Y-%m}", month(first, last), label="month for the ranking"),
        Param("log", False, flag, encode_flag, "log scale"),
        Param("base", "", month(first, last), label="base month of the index"),
        SECTIONS.param(),
        Param("map", "level", choice(list(maps.TREASURY_MEASURES)), label="map measure"),
        Param("map_month", f"{last:%Y-%m}", month(first, last), label="map month"),
        Param("flow", "monthly", choice(list(FLOW_VIEWS)), label="selling view"),
        Param("flow_from", DEFAULT_FLOWS_FROM, month(flow_first, flow_last), group="flow_range", label="months"),
        Param("flow_to", f"{flow_last:%Y-%m}", month(flow_first, flow_last), group="flow_range", label="months"),
        Param("flow_month", f"{flow_last:%Y-%m}", month(flow_first, flow_last), label="month for the sellers"),
        Param("custody_from", DEFAULT_CUSTODY_FROM, month(custody_first, custody_last), label="custody from"),
    ]
    frame = result.frame
    noted = frame[(frame["note"] != "") & (frame["break_kind"] == "")] if "note" in frame.columns else frame.iloc[:0]
    point_notes = tuple((pd.Timestamp(r.date), str(r.series), str(r.note)) for r in noted.itertuples(index=False))
    flow_months = [f"{d:%Y-%m}" for d in pd.DatetimeIndex(flow_dates.unique()).sort_values()]
    return Context(result, table, Breaks.from_frame(result.frame), point_notes, countries, aggregates, titles, labels,
                   [f"{d:%Y-%m}" for d in table.index], params, flows, custody, flow_months)


def check(ctx: Context, values: dict[str, Any], notices: list[Notice]) -> None:
    ordered_range(values, "from", "to", ctx.params, notices)
    ordered_range(values, "flow_from", "flow_to", ctx.params, notices)


@memoized(PAGE, DATASETS)
def main(ctx: Context, values: dict[str, Any]) -> Main:
    """Holders over time for one state (holders, transform, months, log scale, base month)."""
    prov = ctx.result.provenance
    holders, transform, start, end = list(values["countries"] or ()), values["transform"], values["from"], values["to"]
    transform = transform or "level"
    table = ctx.table
    window = table.loc[month_end(start): month_end(end)]
    # A holder with no figure in the window is left out of the chart (no empty legend entry) and named.
    empty = [h for h in holders if window[h].isna().all()]
    drawn = [h for h in holders if h not in empty]
    notes = []
    if empty:
        notes.append(f"No figures between {start} and {end} for: " + ", ".join(ctx.labels[h] for h in empty) + ".")
    name = f"treasury-holders_{transform}_{start}_{end}"
    if not drawn:
        why = ("Pick at least one holder to draw the chart." if not holders else
               "None of the chosen holders has figures in these months.")
        return Main(None, name, (prov,), "US Treasury holdings", empty=why, notes=tuple(notes))
    base = month_end(values["base"] or start)
    base = base if base in window.index else window.index[0]
    log = bool(values["log"])

    def build() -> Any:
        source = table[drawn] if transform in ("mom", "yoy") else window[drawn]
        shown = s.transform(source, transform, total=table.get("Grand Total"), breaks=ctx.breaks, base=base)
        what = s.TRANSFORMS[transform].lower() if transform != "index" else f"index, {base:%Y-%m} = 100"
        marks = [*shown.attrs.get("notes", []), *((d, h, n) for d, h, n in ctx.point_notes if h in drawn)]
        fig = memo.freeze(charts.holders(shown.loc[window.index], transform, ctx.titles, prov.attribution,
                                         title=f"US Treasury holdings: {what}, {start} to {end}",
                                         breaks=ctx.breaks, log=log, notes=marks))
        return (fig, shown.attrs.get("late_base", []), shown.attrs.get("cut_at_break", []),
                shown.attrs.get("chained", []))

    fig, late_base, cut_at_break, chained = memo.cached(
        (PAGE, "main", tuple(drawn), transform, start, end, f"{base:%Y-%m}", log, versions(DATASETS)), build)
    if transform == "index" and chained:
        notes.append("Indexed like for like: across each series break the re-base's jump is taken out, from "
                     "Treasury's old-series figure for the month, so the index moves only with holdings: "
                     + ", ".join(ctx.labels[h] for h in chained) + ".")
    if transform == "index" and cut_at_break:
        notes.append("Indexed only on the base month's side of a series break with no old-series figure (the "
                     "definition changes there): " + ", ".join(ctx.labels[h] for h in cut_at_break) + ".")
    if transform == "index" and late_base:
        notes.append(f"No figure for {base:%Y-%m} from: " + ", ".join(ctx.labels[h] for h in late_base)
                     + "; each is indexed to its own first month instead.")
    notes += told(ctx, drawn, window.index[0], window.index[-1])
    subject = f"US Treasury holdings, {s.TRANSFORMS[transform].lower()}, {start} to {end}"
    main = Main(fig, name, (prov,), subject, notes=tuple(notes))
    return replace(main, lead=lead_sentence(main, lambda *end: said(ctx, transform, *end)))


def said(ctx: Context, transform: str, name: str, unit: str, value: float, day: str) -> str:
    """One holder's last plotted value as words: 'Japan held $1,209.9 bn in April 2026, up $18.3 bn
    on the month'."""
    when = f"{pd.Timestamp(day):%B %Y}"
    if transform in ("mom", "yoy"):
        how = "rose" if value > 0 else "fell" if value < 0 else "kept"
        return f"{name}'s holdings {how} ${abs(value):,.1f} bn in the {'month' if transform == 'mom' else 'year'} " \
               f"to {when}"
    if transform == "share":
        return f"{name} held {value:.1f}% of all foreign holdings in {when}"
    if transform == "index":
        return f"{name} at {value:.1f} in {when}"
    holder = next((h for h, t in ctx.titles.items() if t == name), name)
    text = f"{name} held ${value:,.1f} bn in {when}"
    series = ctx.table[holder].dropna() if holder in ctx.table else pd.Series(dtype=float)
    at = pd.Timestamp(day)
    if at in series.index and at - pd.offsets.MonthEnd(1) in series.index:
        moved = ctx.breaks.series_change(series.rename(holder), at - pd.offsets.MonthEnd(1), at)
        if moved is not None and abs(moved) >= 0.05:
            text += f", {'up' if moved > 0 else 'down'} ${abs(moved):,.1f} bn on the month"
    return text


FOOTNOTE_SPAN = re.compile(r"for (\d{4}-\d{2}) to (\d{4}-\d{2})\)$")


def told(ctx: Context, drawn: list[str], start: pd.Timestamp, end: pd.Timestamp) -> list[str]:
    """What the chart's months need said about the drawn holders: series breaks, the publisher's
    footnotes, figures two tables disagree on, and when Treasury last revised those years."""
    prov = ctx.result.provenance
    out = []
    crossed = ctx.breaks.shown(drawn, start, end)
    if crossed:
        listed = "; ".join(f"{ctx.titles[b.series]} {b.date:%Y-%m} ({b.label.split(' of ')[0]})" for b in crossed[:8])
        more = f" and {len(crossed) - 8} more" if len(crossed) > 8 else ""
        out.append(f"Series breaks in these months (◇ on the chart; hover for why): {listed}{more}. A level is "
                   "not joined across a break; a change across one is measured like for like (the old series' "
                   "figure for the month) or left blank where Treasury gives none.")
    for holder in drawn:
        for text in prov.series_notes(holder):
            span = FOOTNOTE_SPAN.search(text)
            if span is None or (month_end(span[1]) <= end and month_end(span[2]) >= start):
                out.append(f"{ctx.titles[holder]}: {text}")
    out += [f"{ctx.titles[h]}, {d:%Y-%m}: {n}." for d, h, n in ctx.point_notes if h in drawn and start <= d <= end]
    revised = prov.revision_text(range(start.year, end.year + 1))
    if revised:
        out.append(f"Treasury revises past years; last revised: {revised}.")
    return out


def map_main(ctx: Context, values: dict[str, Any], month: str | None = None, load: Load | None = None) -> Main:
    """The map of holdings by economy at `month` (the state's map month by default)."""
    prov = ctx.result.provenance
    measure, month = values["map"] or "level", month or values["map_month"]
    unit = "%" if measure == "share" else "USD bn"
    what = "" if measure == "level" else maps.TREASURY_MEASURES[measure].split(",")[0].lower() + ", "
    title = f"US Treasury holdings by holder, {what}{month}"

    def build() -> tuple[Any, maps.MapData]:
        shown = maps.treasury(ctx.table, ctx.titles, month_end(month), measure, ctx.breaks)
        fig = charts_maps.choropleth(shown.painted, title=title, unit=unit, source=prov.attribution,
                                     diverging=measure in maps.DIVERGING)
        return memo.freeze(fig), shown

    fig, shown = memo.cached((PAGE, "map", measure, month, versions(DATASETS)), build)
    lead = maps.lead(shown, unit, f"{pd.Timestamp(month):%B %Y}", measure in maps.DIVERGING)
    return Main(fig, f"treasury-map_{measure}_{month}", (prov,), title, lead=lead, data=shown)


def selling_main(ctx: Context, values: dict[str, Any], load: Load | None = None) -> Main:
    """Was it selling? For the chosen holders, each month's holdings change split into net
    purchases, price changes and other changes (TIC Table 3; Form S's long-term trades before 2023-02)."""
    prov = ctx.flows.provenance
    frame = ctx.flows.frame
    start, end = month_end(values["flow_from"]), month_end(values["flow_to"])
    running = values["flow"] == "cumulative"
    chosen = list(values["countries"] or ())
    inside = frame[(frame["date"] >= start) & (frame["date"] <= end)]
    have = set(inside["series"])
    drawn = [h for h in chosen if h in have][:MAX_PANELS]
    notes = []
    absent = [h for h in chosen if h not in have]
    if absent:
        notes.append("TIC publishes no net purchases in these months for: "
                     + ", ".join(ctx.labels.get(h, h) for h in absent)
                     + " (Table 3 leaves out some holders' totals; bills and bonds are not holders).")
    if len([h for h in chosen if h in have]) > MAX_PANELS:
        notes.append(f"The first {MAX_PANELS} holders chosen are drawn.")
    what = "running total" if running else "each month"
    title = f"Was it selling? Holdings change split, {what}, {values['flow_from']} to {values['flow_to']}"
    name = f"treasury-selling_{values['flow']}_{values['flow_from']}_{values['flow_to']}"
    if not drawn:
        return Main(None, name, (prov,), "Net purchases of US Treasuries", notes=tuple(notes),
                    empty="Pick a holder that TIC reports net purchases for in these months (Japan, China, the UK…).")

    def build() -> Any:
        parts = {h: f.split(frame, h, start, end) for h in drawn}
        fig = charts_flows.selling(parts, ctx.titles, prov.attribution, title=title, running=running,
                                   x_range=(start - pd.offsets.MonthBegin(1), end))
        return memo.freeze(fig), parts

    fig, parts = memo.cached((PAGE, "selling", tuple(drawn), values["flow"], values["flow_from"], values["flow_to"],
                              versions(DATASETS)), build)
    said = []
    for holder in drawn:
        rows = parts[holder]
        latest = f.month(frame, holder, rows.index[-1])
        if latest is not None:
            said.append(f.sentence(latest, ctx.titles[holder]))
    notes[:0] = said
    if start < f.SLT_FROM:
        notes.append("Before February 2023 TIC published no price split by country: the bars there are TIC Form S's "
                     "net purchases of long-term Treasuries (bonds and notes), attributed to the country of the "
                     "counterparty, so trades through London, Belgium or the Caribbean centres count there, not "
                     "where the owner is. A different measure from Form SLT's, drawn in its own colour, never "
                     "summed with it.")
    if running:
        notes.append("Running totals add up Form SLT months only (from February 2023).")
    notes.append("Net purchases: what the holder bought minus what it sold (TIC's \"net U.S. sales\" to foreigners). "
                 "Price changes: TIC's valuation change of long-term holdings (bills are at face value). Other: "
                 "Treasury's residual (reporting and survey adjustments). A fall in holdings is not a sale.")
    lead = said[0] if said else ""
    subject = f"Was it selling? Net purchases and price changes, {values['flow_from']} to {values['flow_to']}"
    return Main(fig, name, (prov,), subject, notes=tuple(notes), lead=lead)


def sellers(ctx: Context, month: str) -> pd.DataFrame:
    """The month's largest net sellers, holdings falls and net buyers (Form SLT months)."""
    at = month_end(month)
    return memo.cached((PAGE, "sellers", month, versions(DATASETS)),
                       lambda: f.rankings(ctx.flows.frame, at, ctx.titles))


def custody_main(ctx: Context, values: dict[str, Any], load: Load | None = None) -> Main:
    """The Fed's weekly custody count for foreign official accounts beside TIC's monthly foreign
    official holdings."""
    prov, tic = ctx.custody.provenance, ctx.result.provenance
    start = month_end(values["custody_from"]) - pd.offsets.MonthBegin(1)
    weekly = ctx.custody.frame.set_index("date")["value"].sort_index()
    official = ctx.table["Foreign Official"].dropna() if "Foreign Official" in ctx.table else pd.Series(dtype=float)
    last = max(weekly.index.max(), official.index.max() if not official.empty else weekly.index.max())
    title = f"Foreign official Treasuries: the Fed's weekly count and TIC, {values['custody_from']} on"

    def build() -> Any:
        fig = charts_flows.custody(weekly.loc[start - pd.Timedelta(days=7):], official.loc[start:],
                                   f"{prov.attribution}; {tic.attribution}", title=title,
                                   x_range=(start, last + pd.Timedelta(days=3)))
        return memo.freeze(fig)

    fig = memo.cached((PAGE, "custody", values["custody_from"], versions(DATASETS)), build)
    latest_day, latest = weekly.index[-1], float(weekly.iloc[-1])
    week = float(latest - weekly.iloc[-2]) if len(weekly) > 1 else 0.0
    peak_day = weekly.idxmax()
    peak = float(weekly.loc[peak_day])
    lead = (f"The Fed held ${latest:,.1f} bn for foreign official accounts on {latest_day:%d %b %Y}, "
            f"{'up' if week >= 0 else 'down'} ${abs(week):,.1f} bn on the week; ${peak - latest:,.1f} bn below its "
            f"{peak_day:%B %Y} peak")
    notes = [
        lead + ".",
        "Two counts of the same holders, not one: the H.4.1 figure is what foreign central banks and international "
        "bodies keep in custody at the New York Fed, at face value, every Wednesday; TIC's foreign official "
        "holdings count all their Treasuries wherever held (Euroclear, private custodians), with bonds and notes "
        "at market value, at each month's end, two months later. A fall in custody can be a move to another "
        "custodian rather than a sale, and the gap between the lines is what they keep elsewhere.",
    ]
    if not official.empty and official.index.max() < latest_day:
        notes.append(f"TIC's latest month is {official.index.max():%B %Y}; the Fed's weekly count runs to "
                     f"{latest_day:%d %B %Y}.")
    subject = "Foreign official Treasuries in custody at the New York Fed, weekly"
    return Main(fig, f"fed-custody_{values['custody_from']}", (prov, tic), subject, notes=tuple(notes),
                lead=lead + ".")


def claim_query(check: Check, start: pd.Timestamp, end: pd.Timestamp, section: str | None) -> dict[str, str]:
    """A checked claim's link: its holders and months, on the tab its dataset opens."""
    if section == "fed-custody":
        return {"section": section, "custody_from": f"{start:%Y-%m}"}
    if section == "was-it-selling":  # a claim of selling
        if check.start and month_end(check.start[:7]) >= f.SLT_FROM:
            start = max(start, f.SLT_FROM)  # Form SLT months stay apart from Form S's measure
        query = {"section": section, "countries": encode_list(check.series),
                 "flow_from": f"{start:%Y-%m}", "flow_to": f"{end:%Y-%m}"}
        if check.end:
            query["flow_month"] = check.end[:7]
        return query
    query = {"countries": encode_list(check.series), "from": f"{start:%Y-%m}", "to": f"{end:%Y-%m}"}
    if check.date or check.end:
        query["month"] = (check.date or check.end)[:7]
    if check.op == "change" and check.start and check.end and months_apart(check.start, check.end) == 1:
        query["section"] = "buyers-and-sellers"  # the month's movers, as in the claim
    return query


#: The tabs, in order. A tab with a chart of its own (`main`) is what its link, API answers, preview and
#: embed show.
SECTIONS = Sections((
    Section("ranking", "Ranking"),
    Section("was-it-selling", "Was it selling?", selling_main, SELLING_PARAMS, datasets=("treasury_flows",)),
    Section("map", "Map", map_main, MAP_PARAMS, geo=True),
    Section("buyers-and-sellers", "Buyers and sellers"),
    Section("fed-custody", "Fed custody", custody_main, CUSTODY_PARAMS, datasets=("fed_custody",)),
    Section("official-and-bills", "Official and bills"),
    Section("selling-streaks", "Selling streaks"),
    Section("what-the-numbers-mean", "What the numbers mean"),
))

VIEW = View(
    page=Page(PAGE, f"pages/{PAGE}.py", "Treasury holders", ":material/account_balance:",
              "Who holds US Treasury debt",
              "Foreign holdings of US Treasury bills, bonds and notes by country, at the end of each month, "
              "as reported by the US Treasury's TIC system.", order=10),
    datasets=DATASETS, context=context, check=check, main=main, main_params=MAIN_PARAMS, sections=SECTIONS,
    claim_query=claim_query,
    popular=("countries=japan,china-mainland&transform=yoy",),
)
