"""Gold reserves: official holdings by economy over time (IMF IRFCL), in tonnes, ounces or an index."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

import pandas as pd

from analysis import gold as ops
from analysis import maps
from analysis.verdicts import Check
from charts import gold as charts
from charts import maps as charts_maps
from data_sources.economies import economy_name
from data_sources.result import Result
from data_sources.sources.imf import signed

from . import memo
from .chart import Load, Main, context_key, lead_sentence, memoized, quarter_end, versions
from .declare import Page, Section, Sections, View
from .urlstate import (
    Notice,
    Param,
    choice,
    choices,
    day,
    encode_flag,
    encode_list,
    encode_slug,
    flag,
    integer,
    month,
    ordered_range,
)

PAGE = "gold"
DATASETS = ("gold_reserves",)
DEFAULT_ECONOMIES = ("CHN", "RUS", "IND", "TUR", "POL", "JPN")
ALIASES = {
    "china": "CHN",
    "russia": "RUS",
    "india": "IND",
    "turkey": "TUR",
    "turkiye": "TUR",
    "poland": "POL",
    "japan": "JPN",
    "us": "USA",
    "usa": "USA",
    "united-states": "USA",
    "world": "G001",
    "euro-area": "G163",
    "germany": "DEU",
    "italy": "ITA",
    "france": "FRA",
    "uk": "GBR",
    "switzerland": "CHE",
}

#: The parameters the main chart depends on (the API's canonical state, ETags and preview keys).
MAIN_PARAMS = ("economies", "unit", "from", "to", "log", "base")
#: The map view's own state (`section=map`): its link, preview and exports show the map.
MAP_PARAMS = ("section", "map", "map_date", "map_since")
#: The map's measures, short enough for three buttons in a row (its title says them in full).
MAP_MEASURES = {"tonnes": "tonnes", "change": "change since {since}, tonnes", "value": "value, USD bn"}


@dataclass(frozen=True)
class Context:
    result: Result
    frame: pd.DataFrame
    codes: list[str]  # economies by name, then the aggregates
    names: dict[str, str]
    report_dates: list[pd.Timestamp]  # newest first
    value_options: list[str]
    months: list[str]
    params: list[Param]

    @property
    def first(self) -> pd.Timestamp:
        return self.frame["date"].min()

    @property
    def last(self) -> pd.Timestamp:
        return self.frame["date"].max()


def context(load: Load) -> Context:
    return memo.cached(context_key(PAGE, DATASETS), lambda: _context(load))


def _context(load: Load) -> Context:
    result = load("gold_reserves")
    frame = result.frame
    codes = sorted(frame["series"].unique(), key=lambda c: (c in ("G001", "G163"), economy_name(c)))
    names = {c: economy_name(c) for c in codes}
    first, last = frame["date"].min(), frame["date"].max()
    report_dates = ops.report_dates(frame)
    latest = report_dates[0]
    year_before = next((d for d in report_dates if d <= latest - pd.DateOffset(months=12)), report_dates[-1])
    value_options = [c for c in codes if c != "G163"]
    params = [
        Param("economies", DEFAULT_ECONOMIES, choices(codes, {**ALIASES, **{names[c]: c for c in codes}}),
              encode_list, "economies", multi=True),
        Param("unit", "t", choice(list(ops.UNITS)), label="unit"),
        Param("from", "2000-01", month(first, last), group="range", label="date range"),
        Param("to", f"{last:%Y-%m}", month(first, last), group="range", label="date range"),
        Param("date", f"{latest:%Y-%m-%d}", day(first, last), label="date of the ranking"),
        Param("n", 15, integer(5, 40), label="number of holders"),
        Param("since", f"{year_before:%Y-%m-%d}", day(first, last), group="window", label="window"),
        Param("until", f"{latest:%Y-%m-%d}", day(first, last), group="window", label="window"),
        Param("value", "CHN", choice(value_options, ALIASES), encode_slug, "economy for the value chart"),
        Param("log", False, flag, encode_flag, "log scale"),
        Param("base", "", month(first, last), label="base month of the index"),
        SECTIONS.param(),
        Param("map", "tonnes", choice(list(maps.GOLD_MEASURES)), label="map measure"),
        Param("map_date", f"{latest:%Y-%m-%d}", day(first, last), label="map date"),
        Param("map_since", f"{year_before:%Y-%m-%d}", day(first, last), label="start of the map's window"),
    ]
    months = pd.date_range(first, last, freq="MS").strftime("%Y-%m").tolist()
    return Context(result, frame, codes, names, report_dates, value_options, months, params)


def check(ctx: Context, values: dict[str, Any], notices: list[Notice]) -> None:
    ordered_range(values, "from", "to", ctx.params, notices)
    ordered_range(values, "since", "until", ctx.params, notices)
    ordered_range(values, "map_since", "map_date", ctx.params, notices)
    reported = {f"{d:%Y-%m-%d}" for d in ctx.report_dates}
    for key in ("date", "since", "until", "map_date", "map_since"):  # after the order checks: defaults are ordered
        if values[key] not in reported:
            notices.append(Notice(f"Ignored `{key}={values[key]}`: economies report at quarter ends; pick one of "
                                  "those.", param=key, found=str(values[key]),
                                  problem="not a report date (economies report at quarter ends)",
                                  allowed=f"a report date, such as {ctx.report_dates[0]:%Y-%m-%d}"))
            values[key] = next(p.default for p in ctx.params if p.key == key)


@memoized(PAGE, DATASETS)
def main(ctx: Context, values: dict[str, Any]) -> Main:
    """Holdings of the chosen economies over the state's months, in its unit or as an index."""
    chosen, unit, start, end = tuple(values["economies"] or ()), values["unit"] or "t", values["from"], values["to"]
    base_month, log = values["base"], bool(values["log"])
    label = f"index, first report from {base_month} = 100" if base_month else ops.UNITS[unit]
    series = _series(ctx, chosen, unit, start, end, base_month)
    drawn = {c: v for c, v in series.items() if not v.dropna().empty}
    silent = [ctx.names[c] for c in series if c not in drawn]
    notes = [f"No report between {start} and {end} from: {', '.join(silent)}."] if silent else []
    notes += negative_notes(ctx, tuple(drawn), unit, start, end) + bridge_notes(ctx, drawn)
    notes = tuple(notes)
    name = f"gold-holdings_{unit}_{start}_{end}"
    prov = ctx.result.provenance
    if not drawn:
        why = ("Pick at least one economy to draw the chart." if not chosen else
               "None of the chosen economies reported in these months.")
        return Main(None, name, (prov,), "Official gold holdings", empty=why, notes=notes)
    fig = memo.frozen(
        (PAGE, tuple(drawn), unit, start, end, base_month, log, versions(DATASETS)),
        lambda: charts.holdings(drawn, ctx.names, label, prov.attribution,
                                title=f"Official gold holdings, {label}, {start} to {end}", log=log),
    )
    main = Main(fig, name, (prov,), f"Official gold holdings, {label}, {start} to {end}", notes=notes)
    return replace(main, lead=lead_sentence(main, said))


def said(name: str, unit: str, value: float, day: str) -> str:
    """'China held 2,346.5 tonnes of gold at the end of June 2026'."""
    what = unit if unit and unit not in ("tonnes",) else "tonnes of gold"
    return f"{name} held {value:,.1f} {what} at the end of {pd.Timestamp(day):%B %Y}"


#: How a negative report is written under the chart, per unit: its abbreviation and format.
SHORT_UNITS = {"t": ("t", ",.1f"), "moz": ("million troy oz", ",.3f")}
#: A quarter this recent that most economies have not reported is "not reported so far".
RECENT = pd.DateOffset(years=1)


def negative_notes(ctx: Context, codes: tuple[str, ...], unit: str, start: str, end: str) -> list[str]:
    """A note per negative volume in the range, as published ("Luxembourg reported −8.6 t for
    1999-03, as published by the IMF; not drawn"): the data keeps it, the chart leaves it out."""
    lo, hi = pd.Timestamp(start), pd.Timestamp(end) + pd.offsets.MonthEnd(0)
    frame = ctx.frame
    rows = frame[frame["series"].isin(codes) & (frame["value"] < 0) & frame["date"].between(lo, hi)]
    short, fmt = SHORT_UNITS.get(unit, SHORT_UNITS["t"])
    return [f"{ctx.names.get(row.series, row.series)} reported {signed(float(ops.convert(row.value, unit)), fmt)} "
            f"{short} for {row.date:%Y-%m}, as published by the IMF; not drawn."
            for row in rows.itertuples(index=False)]


def bridge_notes(ctx: Context, drawn: dict[str, pd.Series]) -> list[str]:
    """What the dotted segments bridge: the quarters most economies have not reported (yet), by
    name ("2026-03: only the world total is reported so far"), else a line saying what they are."""
    spans = [span for series in drawn.values() for span in charts.bridges(series)]
    if not spans:
        return []
    one_day = pd.Timedelta(days=1)
    skipped = sorted({q for a, b in spans for q in pd.date_range(a + one_day, b - one_day, freq="QE")})
    thin = []
    for quarter in skipped:
        count, world = ops.reporters(ctx.frame, quarter)
        if count >= ops.MIN_REPORTERS:
            continue
        so_far = " so far" if quarter > ctx.last - RECENT else ""
        if count:
            who = f"only {count} {'economy has' if count == 1 else 'economies have'} reported"
        else:
            who = "only the world total is reported" if world else "no economy has reported"
        thin.append(f"{quarter:%Y-%m}: {who}{so_far}")
    hover = "hover a point for its report date."
    if thin:
        return ["; ".join(thin) + ". A dotted segment joins each economy's reports either side of it (a quarter "
                "not reported is not a holding of zero); " + hover]
    return ["A dotted segment joins an economy's reports either side of a missing one; " + hover]


def _series(ctx: Context, chosen: tuple[str, ...], unit: str, start: str, end: str,
            base_month: str) -> dict[str, pd.Series]:
    lo, hi = pd.Timestamp(start), pd.Timestamp(end) + pd.offsets.MonthEnd(0)
    frame = ctx.frame
    series = {c: ops.convert(frame[frame["series"] == c].set_index("date")["value"].loc[lo:hi], unit) for c in chosen}
    if not base_month:
        return series
    # Each economy = 100 at its first report in or after the base month (a negative volume, as
    # published now and then, is no base: it would turn the whole line upside down).
    base_at = pd.Timestamp(base_month)
    firsts = {c: v.loc[base_at:].dropna().loc[lambda r: r > 0] for c, v in series.items()}
    return {c: v / firsts[c].iloc[0] * 100 if not firsts[c].empty and firsts[c].iloc[0] != 0 else v.iloc[0:0]
            for c, v in series.items()}


def map_main(ctx: Context, values: dict[str, Any], date: str | None = None, load: Load | None = None) -> Main:
    """The map of official gold by economy at `date` (the state's map date by default); the value
    measure prices each report at the World Bank's average for its month (`load` gives the price)."""
    measure, date, since = values["map"] or "tonnes", date or values["map_date"], values["map_since"]
    unit = "USD bn" if measure == "value" else "tonnes"
    price_result = load("gold_price") if measure == "value" and load is not None else None
    provs = (ctx.result.provenance,) + ((price_result.provenance,) if price_result is not None else ())
    title = f"Official gold holdings by economy, {MAP_MEASURES[measure].format(since=since)}, {date}"
    decimals = 0 if unit == "tonnes" else 1

    def build() -> tuple[Any, maps.MapData]:
        price = price_result.series("GOLD") if price_result is not None else None
        shown = maps.gold(ctx.frame, ctx.names, pd.Timestamp(date), measure, since=pd.Timestamp(since), price=price)
        source = "Source: " + "; ".join(p.credit for p in provs)
        fig = charts_maps.choropleth(shown.painted, title=title, unit=unit, source=source,
                                     diverging=measure in maps.DIVERGING, decimals=decimals)
        return memo.freeze(fig), shown

    key = (PAGE, "map", measure, date, since if measure == "change" else "", versions(DATASETS),
           provs[-1].vintage if price_result is not None else "")
    fig, shown = memo.cached(key, build)
    lead = maps.lead(shown, unit, f"{pd.Timestamp(date):%B %Y}", measure in maps.DIVERGING)
    return Main(fig, f"gold-map_{measure}_{date}", provs, title, lead=lead, data=shown)


# -- the tabs: each built for one state, the page only draws it ----------------------------------

BUYERS_SHOWN = 20  # the largest net changes drawn


def largest_holders(ctx: Context, date: str, n: int, unit: str) -> Main:
    """The `n` largest holders on each economy's latest report up to `date`, in `unit`; `data` is the
    ranked frame (`old`: a report from before the date)."""
    prov = ctx.result.provenance

    def build() -> tuple[Any, pd.DataFrame]:
        top = ops.top_holders(ctx.frame, pd.Timestamp(date), n).pipe(
            lambda t: t.assign(value=ops.convert(t["value"], unit)))
        return memo.freeze(charts.top_holders(top, ctx.names, date, ops.UNITS[unit], prov.attribution)), top

    fig, top = memo.cached(memo.keyed(PAGE, "top", date, n, unit, datasets=DATASETS), build)
    late = top[top["old"]]
    note = (f"Each economy's latest report up to {date}. "
            + (f"{len(late)} shown with the date of an earlier report (hatched bars): they had not reported "
               f"for {date} yet. " if len(late) else "")
            + f"{top.attrs.get('left_out', 0)} economies whose last report is over two years old are left out.")
    return Main(fig, f"gold-top-{n}_{date}_{unit}", (prov,), f"The {n} largest official gold holders, {date}",
                notes=(note,), data=top)


def buyers_and_sellers(ctx: Context, since: str, until: str, unit: str) -> Main:
    """The largest net changes between each economy's latest reports up to `since` and `until`, in
    `unit`; `data` is the changes' frame."""
    prov = ctx.result.provenance
    name, subject = f"gold-buyers-sellers_{since}_{until}_{unit}", f"Buyers and sellers of gold, {since} → {until}"

    def build() -> tuple[Any, pd.DataFrame]:
        changes = ops.net_changes(ctx.frame, pd.Timestamp(since), pd.Timestamp(until))
        changes = changes.assign(change=ops.convert(changes["change"], unit)).head(BUYERS_SHOWN)
        if changes.empty:
            return None, changes
        return memo.freeze(charts.net_changes(changes, ctx.names, f"{since} → {until}", ops.UNITS[unit],
                                              prov.attribution)), changes

    fig, changes = memo.cached(memo.keyed(PAGE, "changes", since, until, unit, datasets=DATASETS), build)
    if fig is None:
        return Main(None, name, (prov,), subject, empty="No economy reported a change between these dates.",
                    data=changes)
    note = (f"The {BUYERS_SHOWN} largest net changes between each economy's latest report up to each date; an "
            "economy that had not reported for the end date yet is shown to its latest report (hatched, with that "
            "date).")
    return Main(fig, name, (prov,), subject, notes=(note,), data=changes)


def price_and_value(ctx: Context, code: str, start: str, end: str, load: Load) -> Main:
    """The gold price beside the value of one economy's reported gold over the months, with the price's
    definition changes and the economy's negative reports as notes."""
    lo, hi = pd.Timestamp(start), pd.Timestamp(end) + pd.offsets.MonthEnd(0)

    def build() -> Main:
        price_result = load("gold_price")
        price_prov, holdings = price_result.provenance, ctx.result.provenance
        price = price_result.series("GOLD")
        tonnes = ctx.frame[ctx.frame["series"] == code].set_index("date")["value"]
        value = ops.holdings_value(tonnes, price)
        # The Pink Sheet's own notes, as read with the price: where its definition changed.
        changes = [c for c in price_prov.notes.get("definition_changes", []) if c.get("series") == "GOLD"]
        fig = charts.price_and_value(price.loc[lo:hi], value.loc[lo:hi], ctx.names[code],
                                     f"{price_prov.attribution}; {holdings.attribution}", changes=changes)
        notes = ("Value = reported volume at the end of the month × that month's average price (World Bank). "
                 "Months without a reported volume have no value; none is estimated.",
                 *(c["note"] for c in changes if c.get("note")),
                 *negative_notes(ctx, (code,), "t", start, end))
        return Main(memo.freeze(fig), f"gold-price-and-value_{code}_{start}_{end}", (price_prov, holdings),
                    f"The gold price and the value of {ctx.names[code]}'s gold, {start} to {end}", notes=notes)

    return memo.cached(memo.keyed(PAGE, "value", code, start, end, datasets=(*DATASETS, "gold_price"), fresh=True),
                       build)


def world_total(ctx: Context, unit: str, start: str, end: str) -> Main:
    """The IMF's world aggregate of official gold over the months, in `unit`."""
    prov, label = ctx.result.provenance, ops.UNITS[unit]
    title = f"World official gold holdings, {label}, {start} to {end}"

    def build() -> Any:
        lo, hi = pd.Timestamp(start), pd.Timestamp(end) + pd.offsets.MonthEnd(0)
        world = ops.convert(ctx.frame[ctx.frame["series"] == "G001"].set_index("date")["value"].loc[lo:hi], unit)
        return charts.holdings({"G001": world}, ctx.names, label, prov.attribution, title=title)

    fig = memo.frozen(memo.keyed(PAGE, "world", unit, start, end, datasets=DATASETS), build)
    return Main(fig, f"gold-world-total_{unit}_{start}_{end}", (prov,), title)


def about(ctx: Context) -> str:
    """About these numbers (markdown): what the volumes are, how reports are drawn, the negative
    volumes as published, and the table's coverage."""
    negative = ctx.frame[ctx.frame["value"] < 0]
    published = "; ".join(f"{ctx.names.get(r.series, r.series)}, {r.date:%Y-%m}" for r in negative.itertuples())
    return (
        "- Volumes are what central banks and governments report to the IMF (International Reserves and Foreign "
        "Currency Liquidity), converted at 1 tonne = 32,150.7466 fine troy ounces.\n"
        "- Estimates of central-bank *purchases* by others (for example the World Gold Council's) include "
        "buyers that do not report, so they can differ from the reported changes shown here.\n"
        "- Most economies report at quarter ends; the charts draw a solid line between consecutive reports, "
        "a dotted one across a missing report (up to three missing quarters; hover a point for its report "
        "date), and leave a gap where an economy stopped reporting for longer.\n"
        "- Volumes are kept as published, a negative one too"
        + (f" ({published})" if published else "")
        + "; a negative volume is not a holding, and the charts do not draw it.\n"
        "- Since 2019-12 the IMF table used here covers about 48 economies; before, about 150."
    )


def claim_query(check: Check, start: pd.Timestamp, end: pd.Timestamp, section: str | None) -> dict[str, str]:
    """A checked claim's link: its economies and months; a change or the top buyers, on Buyers and sellers;
    the gold price on its tab."""
    if section:
        return {"section": section}
    query = {"economies": ",".join(code.lower() for code in check.series), "from": f"{start:%Y-%m}",
             "to": f"{end:%Y-%m}"}
    if check.unit == "m oz":
        query["unit"] = "moz"
    if check.op in ("change", "top_buyers") and check.start and check.end:
        query |= {"section": "buyers-and-sellers", "since": quarter_end(check.start), "until": quarter_end(check.end)}
    return query


#: The tabs, in order. A tab with a chart of its own (`main`) is what its link, API answers, preview and
#: embed show.
SECTIONS = Sections((
    Section("largest-holders", "Largest holders"),
    Section("map", "Map", map_main, MAP_PARAMS, geo=True),
    Section("buyers-and-sellers", "Buyers and sellers"),
    Section("price-and-value", "Price and value", datasets=("gold_price",)),
    Section("world-total", "World total"),
    Section("about-these-numbers", "About these numbers"),
))

VIEW = View(
    page=Page(PAGE, f"pages/{PAGE}.py", "Gold reserves", ":material/savings:", "Which central banks hold and buy gold",
              "Gold in official reserves, as reported to the IMF. Most economies report at the end of each "
              "quarter; the chart draws only what was reported: a dotted segment joins the reports either side "
              "of a missing one, and nothing is filled in.", order=30),
    datasets=DATASETS, context=context, check=check, main=main, main_params=MAIN_PARAMS, sections=SECTIONS,
    claim_query=claim_query, shows=("gold_price",),
    popular=("economies=chn,ind,tur&from=2015-01",),
)
