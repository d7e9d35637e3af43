"""Gold reserves: official holdings by economy over time (IMF IRFCL), in tonnes, ounces or an index."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

import pandas as pd

from analysis import gold as ops
from analysis import maps
from charts import gold as charts
from charts import maps as charts_maps
from data_sources.economies import economy_name
from data_sources.result import Result
from data_sources.sources.imf import signed

from . import memo
from .chart import Load, Main, context_key, lead_sentence, memoized, versions
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
SECTIONS = ("Largest holders", "Map", "Buyers and sellers", "Price and value", "World total", "About these numbers")
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
        Param("section", SECTIONS[0], choice(SECTIONS), encode_slug, "section"),
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


#: Sections whose content is a chart of its own: its link, API answers and preview are that chart.
SECTION_MAINS = {"Map": (map_main, MAP_PARAMS)}
