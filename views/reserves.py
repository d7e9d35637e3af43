"""The dollar's share: the currencies of the world's reserves (IMF COFER), and China's reserves."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

import pandas as pd

from analysis import china as china_ops
from analysis.breaks import Breaks
from analysis.verdicts import Check
from charts import reserves as charts
from data_sources.result import Provenance, Result

from . import memo
from .chart import Load, Main, context_key, lead_sentence, memoized, versions
from .declare import Page, Section, Sections, View
from .urlstate import Notice, Param, choice, choices, encode_list, month, ordered_range

PAGE = "reserves"
DATASETS = ("reserve_currencies",)
#: What the China section draws (the page's header names them too).
CHINA_DATASETS = ("china_reserves", "treasury_holdings", "gold_reserves")
CURRENCIES = {"USD": "US dollar", "EUR": "Euro", "JPY": "Japanese yen", "GBP": "Pound sterling",
              "CNY": "Chinese renminbi", "AUD": "Australian dollar", "CAD": "Canadian dollar", "CHF": "Swiss franc",
              "other": "Other currencies"}
DEFAULT_CURRENCIES = ("USD", "EUR", "JPY", "GBP", "CNY")
ALIASES = {"dollar": "USD", "usd": "USD", "euro": "EUR", "yen": "JPY", "pound": "GBP", "sterling": "GBP",
           "renminbi": "CNY", "yuan": "CNY", "rmb": "CNY", "others": "other", **{v: k for k, v in CURRENCIES.items()}}
MEASURES = {"share": "% of allocated reserves", "amount": "USD bn"}
MEASURE_LABELS = {"share": "Share of allocated", "amount": "Amount, USD bn"}
TIC_CHINA = "China, Mainland"
CHINA_FX, CHINA_TREASURIES, CHINA_GOLD_VALUE = ("Foreign-currency reserves (SAFE)", "US Treasuries held (TIC)",
                                                "Gold, value (SAFE)")
CHINA_GOLD_SAFE, CHINA_GOLD_IMF = "Gold, tonnes (SAFE)", "Gold, tonnes (IMF)"

#: The parameters the main chart depends on (the API's canonical state, ETags and preview keys).
MAIN_PARAMS = ("currencies", "measure", "from", "to")


@dataclass(frozen=True)
class Context:
    result: Result
    wide: pd.DataFrame  # quarter ends × series
    quarters: list[str]  # 'YYYY-MM' of each quarter end, oldest first
    method: dict[str, Any]  # the IMF's method note (provenance 'cofer_method')
    params: list[Param]

    @property
    def first(self) -> pd.Timestamp:
        return self.wide.index.min()

    @property
    def last(self) -> pd.Timestamp:
        return self.wide.index.max()


def context(load: Load) -> Context:
    return memo.cached(context_key(PAGE, DATASETS), lambda: _context(load))


def _context(load: Load) -> Context:
    result = load("reserve_currencies")
    wide = result.frame.pivot_table(index="date", columns="series", values="value", aggfunc="last").sort_index()
    first, last = wide.index.min(), wide.index.max()
    quarters = [f"{d:%Y-%m}" for d in wide.index]
    method = result.provenance.notes.get("cofer_method") or {}
    params = [
        Param("currencies", DEFAULT_CURRENCIES, choices(list(CURRENCIES), ALIASES), encode_list, "currencies",
              multi=True),
        Param("measure", "share", choice(list(MEASURES)), label="measure"),
        Param("from", quarters[0], month(first, last), group="range", label="date range"),
        Param("to", quarters[-1], month(first, last), group="range", label="date range"),
        SECTIONS.param(),
    ]
    return Context(result, wide, quarters, dict(method) if isinstance(method, dict) else {}, params)


def check(ctx: Context, values: dict[str, Any], notices: list[Notice]) -> None:
    ordered_range(values, "from", "to", ctx.params, notices)


@memoized(PAGE, DATASETS)
def main(ctx: Context, values: dict[str, Any]) -> Main:
    """Each chosen currency's share of allocated reserves (or the amount held in it) by quarter."""
    chosen = tuple(values["currencies"] or ())
    measure, start, end = values["measure"] or "share", values["from"], values["to"]
    unit = MEASURES[measure]
    lo, hi = pd.Timestamp(start), pd.Timestamp(end) + pd.offsets.MonthEnd(0)
    series = {c: ctx.wide[f"{c}_{measure}"].loc[lo:hi] if f"{c}_{measure}" in ctx.wide else pd.Series(dtype=float)
              for c in chosen}
    drawn = {c: s for c, s in series.items() if not s.dropna().empty}
    what = "Currency shares of allocated reserves" if measure == "share" else "Reserves by currency, USD bn"
    title = f"{what}, {_quarter(lo)} to {_quarter(min(hi, ctx.last))}"
    name = f"reserve-currencies_{measure}_{start}_{end}"
    prov = ctx.result.provenance
    silent = [CURRENCIES[c] for c in series if c not in drawn]
    notes = [f"No figures between {start} and {end} for: {', '.join(silent)} (the IMF reports the renminbi from "
             "2016-Q4)."] if silent else []
    notes += method_notes(ctx, lo)
    if not drawn:
        why = "Pick at least one currency to draw the chart." if not chosen else \
            "None of the chosen currencies has figures in these quarters."
        return Main(None, name, (prov,), what, empty=why, notes=tuple(notes))
    marks = tuple(_marks(ctx))
    fig = memo.frozen(
        (PAGE, tuple(drawn), measure, start, end, versions(DATASETS)),
        lambda: charts.currencies({CURRENCIES[c]: s for c, s in drawn.items()}, unit, prov.attribution, title,
                                  marks=marks),
    )
    main = Main(fig, name, (prov,), title, notes=tuple(notes))
    return replace(main, lead=lead_sentence(main, said).replace("; The ", "; the "))


def said(name: str, unit: str, value: float, day: str) -> str:
    """'The US dollar was 57.13% of allocated reserves at the end of 2026-Q1'."""
    when = _quarter(pd.Timestamp(day))
    if unit.startswith("%"):
        article = "The " if name[0].isupper() and name not in ("Other currencies",) else ""
        return f"{article}{name} was {value:.2f}% of allocated reserves at the end of {when}"
    return f"Reserves held in {name}: ${value:,.1f} bn at the end of {when}"


def _quarter(day: pd.Timestamp) -> str:
    return f"{day.year}-Q{day.quarter}"


def _marks(ctx: Context) -> list[tuple[pd.Timestamp, str, str]]:
    """Where the IMF's revised (imputed) history begins, with its own note as the hover."""
    start = ctx.method.get("revised_from")
    if not start:
        return []
    return [(pd.Timestamp(start), f"IMF estimate from {pd.Timestamp(start):%Y}", str(ctx.method.get("note", "")))]


def method_notes(ctx: Context, lo: pd.Timestamp) -> list[str]:
    """What the 2025 method change means for what is shown, from the release's own notes."""
    if not ctx.method:
        return []
    release, revised_from = ctx.method.get("release", ""), ctx.method.get("revised_from")
    notes = [f"**Method ({release} release):** {ctx.method.get('note', '')} Every figure here is from the current "
             f"release, so the line is on one method throughout; a COFER figure quoted from a release before {release} "
             "(then a share of the reserves whose currency was *reported*) is from the old series and can differ by "
             "a few points."]
    if revised_from and lo < pd.Timestamp(revised_from):
        before = ctx.wide.loc[:pd.Timestamp(revised_from) - pd.Timedelta(days=1)]
        unallocated = before["unallocated_share"].dropna() if "unallocated_share" in before else pd.Series()
        quarters = len(before.index)
        if quarters and not unallocated.empty:
            notes.append(f"The {quarters} quarters before {_quarter(pd.Timestamp(revised_from))} were not revised: "
                         f"their shares are of the reserves whose currency was reported, with {unallocated.min():.1f}"
                         f"–{unallocated.max():.1f}% of the total unallocated and left out; the dotted line marks "
                         "where the IMF's estimate begins.")
    return notes


# -- China's reserves ------------------------------------------------------------------------------

def china(load: Load) -> Main:
    """China on one time axis: SAFE's foreign-currency reserves and gold value, its Treasury holdings
    (TIC), and its gold in tonnes as SAFE and the IMF report it; a month SAFE left empty is a gap."""
    results = {name: load(name) for name in CHINA_DATASETS}
    provs = tuple(results[name].provenance for name in CHINA_DATASETS)

    def build() -> tuple[Any, tuple[str, ...]]:
        safe, tic, imf = (results[n] for n in CHINA_DATASETS)
        fx = safe.series("foreign_currency_reserves").sort_index()
        first = fx.index.min()
        treasuries = _tic_levels(tic, first)
        value = safe.series("gold").sort_index()
        tonnes_safe = safe.series("gold_volume_tonnes").sort_index()
        imf_rows = imf.frame[imf.frame["series"] == "CHN"]
        tonnes_imf = pd.Series(imf_rows["value"].to_numpy(), index=pd.DatetimeIndex(imf_rows["date"])).sort_index()
        tonnes_imf = tonnes_imf.loc[first:]
        last = max(fx.index.max(), tonnes_imf.index.max())
        title = f"China's reserves, Treasuries and gold, {first:%Y-%m} to {last:%Y-%m}"
        source = "; ".join(p.attribution for p in provs)
        decimals = {CHINA_FX: safe.decimals("foreign_currency_reserves"), CHINA_TREASURIES: tic.decimals(TIC_CHINA),
                    CHINA_GOLD_VALUE: safe.decimals("gold"), CHINA_GOLD_SAFE: safe.decimals("gold_volume_tonnes"),
                    CHINA_GOLD_IMF: 1}  # the IMF's ounces are converted to tonnes: shown to 0.1 t
        fig = charts.china({CHINA_FX: fx, CHINA_TREASURIES: treasuries, CHINA_GOLD_VALUE: value},
                           {CHINA_GOLD_SAFE: tonnes_safe, CHINA_GOLD_IMF: tonnes_imf}, source, title,
                           reported=(CHINA_GOLD_IMF,), decimals=decimals)
        return memo.freeze(fig), tuple(china_notes(safe, imf))

    fig, notes = memo.cached((PAGE, "china", versions(CHINA_DATASETS)), build)
    return Main(fig, "china-reserves-treasuries-gold", provs, "China's reserves, Treasuries and gold", notes=notes)


def _tic_levels(tic: Result, first: pd.Timestamp) -> pd.Series:
    """China's Treasury holdings from `first`, the line stopped before any series break (a re-base is
    not a month's move: the level is never joined across it)."""
    levels = tic.series(TIC_CHINA).sort_index().loc[first:]
    if levels.empty:
        return levels
    stops = [b.date - pd.Timedelta(days=1) for b in Breaks.from_frame(tic.frame).shown([TIC_CHINA], first,
                                                                                      levels.index.max())]
    if stops:
        levels = pd.concat([levels, pd.Series(float("nan"), index=pd.DatetimeIndex(stops))]).sort_index()
    return levels


def china_notes(safe: Result, imf: Result) -> list[str]:
    """Where SAFE's gold and the IMF's differ, and SAFE's own gaps, said from the data."""
    comparison = china_ops.gold_volume_comparison(safe.frame, imf.frame)
    both = comparison[comparison["status"].isin(["same", "differs"])]
    differ = china_ops.differences(comparison)
    lines = china_ops.describe(comparison)
    notes = []
    gaps = safe.provenance.notes.get("gaps") or []
    if gaps:
        notes.append(f"SAFE published no figures for {', '.join(gaps)}: the lines break there (a gap, not zero; "
                     "nothing is filled in).")
    if both.empty:
        notes.append("SAFE and the IMF have no month in common here.")
    elif differ.empty:
        notes.append(f"Gold: in the {len(both)} months both publish, SAFE's tonnes and the IMF's agree to SAFE's "
                     "rounding (10,000 oz, about 0.3 t); the IMF's are China's quarter-end reports (◆).")
    else:
        notes.append(f"Gold: SAFE and the IMF differ beyond SAFE's rounding in {len(differ)} of the {len(both)} "
                     "months both publish.")
    if lines:
        notes.append("Where they are not the same: " + "; ".join(lines) + ".")
    return notes


def allocation(ctx: Context, values: dict[str, Any]) -> Main:
    """Allocated and unallocated reserves over the state's quarters, and the imputed share."""
    lo, hi = pd.Timestamp(values["from"]), pd.Timestamp(values["to"]) + pd.offsets.MonthEnd(0)
    shown = ctx.wide.loc[lo:hi]
    title = f"Allocated and unallocated reserves, {_quarter(shown.index.min())} to {_quarter(shown.index.max())}" \
        if not shown.empty else "Allocated and unallocated reserves"
    prov: Provenance = ctx.result.provenance

    def build() -> Any:
        return memo.freeze(charts.allocation({"Allocated": shown["allocated"], "Unallocated": shown["unallocated"]},
                                             shown["imputed_share"], prov.attribution, title))

    fig = memo.cached((PAGE, "allocation", values["from"], values["to"], versions(DATASETS)), build)
    return Main(fig, f"reserves-allocated-unallocated_{values['from']}_{values['to']}", (prov,), title)



def claim_query(check: Check, start: pd.Timestamp, end: pd.Timestamp, section: str | None) -> dict[str, str]:
    """A checked claim's link: a currency's share or amount as its line; totals and the imputed share on
    their tab; China's reserves on China's."""
    if section:
        return {"section": section}
    measure = check.series[0].partition("_")[2]
    query = {"from": f"{start:%Y-%m}", "to": f"{end:%Y-%m}"}
    if measure in ("share", "amount"):  # a currency's line
        return {"currencies": ",".join(dict.fromkeys(s.partition("_")[0].lower() for s in check.series)),
                **({"measure": "amount"} if measure == "amount" else {}), **query}
    return query | {"section": "unallocated-and-imputed"}  # total, allocated, unallocated, the imputed share


#: The tabs, in order.
SECTIONS = Sections((
    Section("china-s-reserves", "China's reserves", datasets=("china_reserves",)),
    Section("unallocated-and-imputed", "Unallocated and imputed"),
    Section("about-these-numbers", "About these numbers"),
))

VIEW = View(
    page=Page(PAGE, f"pages/{PAGE}.py", "The dollar's share", ":material/pie_chart:", "The dollar's share",
              "Which currencies the world's central banks hold their foreign-exchange reserves in, as reported to the "
              "IMF (COFER) every quarter since 1999, and China's own reserves, Treasury holdings and gold, month by "
              "month.", order=40),
    datasets=DATASETS, context=context, check=check, main=main, main_params=MAIN_PARAMS, sections=SECTIONS,
    claim_query=claim_query, shows=CHINA_DATASETS,
)
