"""The Treasury page's tabs that have no chart of their own in the API: each builds its table or
charts for one state (cached per data version), the page only draws them.

Ranking, Buyers and sellers, Official and bills, Selling streaks and What the numbers mean. The tabs
with a chart of their own ("Was it selling?", "Fed custody", the map) are `Section.main`s in
`views.treasuries`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd
import plotly.graph_objects as go

import data_sources
from analysis import series as s
from analysis.breaks import summary as breaks_summary
from charts import treasury as charts
from data_sources.store import DamagedRelease

from . import memo
from .chart import Main, month_end
from .tables import Table
from .treasuries import DATASETS, PAGE, Context

HOLDINGS = DATASETS[:1]  # every tab here reads the holdings only
STREAK_HOLDERS = 20  # the largest holders a streak is counted for

#: What the ranking's columns mean (the page labels them so).
RANKING_COLUMNS = {
    "rank": "Rank",
    "holder": "Holder",
    "holding": "Holding, USD bn",
    "change_on_month": "Change on month, USD bn",
    "change_on_year": "Change on year, USD bn",
    "share_pct": "Share of foreign total, %",
    "rank_change": "Places gained (+) or lost (−) since the month before",
    "trend": "Last 24 months",
}
STREAK_COLUMNS = {
    "holder": "Holder",
    "current streak (months)": "Consecutive months of decline through the month",
    "falling since": "First month of the current streak",
    "longest streak (months)": "The longest run of declines",
    "longest: from": "First month of the longest run",
    "longest: to": "Last month of the longest run",
}
REVISION_COLUMNS = {
    "date": "Month",
    "series": "Holder",
    "value_old": "Before, USD bn",
    "value_new": "After, USD bn",
    "change": "Revision, USD bn",
}


def _window(ctx: Context, values: dict[str, Any]) -> pd.DataFrame:
    """The state's months of the holdings table."""
    return ctx.table.loc[month_end(values["from"]): month_end(values["to"])]


def ranking(ctx: Context, month: str) -> Table:
    """The holders ranked at `month`: holding, changes on month and year, share, places moved, and the
    last 24 months as a sparkline; holders named as in the legends."""
    at = month_end(month)

    def build() -> pd.DataFrame:
        ranked = s.ranked(ctx.table[ctx.countries], at, total=ctx.table.get("Grand Total"), breaks=ctx.breaks)
        return ranked.assign(holder=lambda r: r["holder"].map(lambda h: ctx.titles.get(h, h)))

    frame = memo.cached(memo.keyed(PAGE, "ranking", month, datasets=HOLDINGS), build)
    return Table(frame, f"treasury-ranking_{month}", (ctx.result.provenance,), RANKING_COLUMNS,
                 unexported=("trend",))


def movers(ctx: Context, month: str) -> Main:
    """The month's largest increases and decreases of holdings, like for like across series breaks.
    `data` is the movers' frame (None when the data has no month before `month`)."""
    prov = ctx.result.provenance
    at = month_end(month)
    previous = at - pd.offsets.MonthEnd(1)
    period = f"{previous:%b %Y} → {at:%b %Y}"
    name, subject = f"treasury-buyers-sellers_{month}", f"Buyers and sellers of US Treasuries, {period}"
    if previous not in ctx.table.index:
        return Main(None, name, (prov,), subject, empty=f"No month before {month} in the data.")

    def build() -> tuple[Any, pd.DataFrame]:
        moved = s.movers(ctx.table[ctx.countries], previous, at, n=8, breaks=ctx.breaks)
        fig = None if moved.empty else memo.freeze(charts.movers(moved, period, ctx.titles, prov.attribution))
        return fig, moved

    fig, moved = memo.cached(memo.keyed(PAGE, "movers", month, datasets=HOLDINGS), build)
    if fig is None:
        crossed = {b.label for h in ctx.countries for b in ctx.breaks.within(h, previous, at)}
        why = (f"No like-for-like changes from {previous:%b %Y} to {at:%b %Y}"
               + (f": Treasury's figures change basis there ({', '.join(sorted(crossed))}) and it gives no "
                  "old-series figure to compare with." if crossed else "."))
        return Main(None, name, (prov,), subject, empty=why, data=moved)
    return Main(fig, name, (prov,), subject, data=moved)


def official(ctx: Context, values: dict[str, Any]) -> Main:
    """The foreign total beside foreign official holdings over the state's months."""
    return _pair(ctx, values, "official", ("Grand Total", "Foreign Official"), charts.official_vs_total,
                 "treasury-official-vs-total", "Foreign total and foreign official holdings of US Treasuries")


def bills(ctx: Context, values: dict[str, Any]) -> Main:
    """Foreign official holdings split into bills and bonds & notes over the state's months."""
    return _pair(ctx, values, "bills", ("Treasury Bills", "T-Bonds & Notes"), charts.bills_vs_bonds,
                 "treasury-bills-vs-bonds", "Foreign official holdings of US Treasuries: bills vs bonds & notes")


def _pair(ctx: Context, values: dict[str, Any], chart: str, series: tuple[str, str],
          draw: Callable[[pd.Series, pd.Series, str], go.Figure], stem: str, subject: str) -> Main:
    """A chart of two of the table's series over the state's months."""
    prov = ctx.result.provenance
    start, end = values["from"], values["to"]

    def build() -> go.Figure:
        window = _window(ctx, values)
        return draw(window[series[0]].dropna(), window[series[1]].dropna(), prov.attribution)

    fig = memo.frozen(memo.keyed(PAGE, chart, start, end, datasets=HOLDINGS), build)
    return Main(fig, f"{stem}_{start}_{end}", (prov,), f"{subject}, {start} to {end}")


def streaks(ctx: Context, values: dict[str, Any]) -> Table:
    """Consecutive months of decline through the end of the state's months, for the largest holders
    (the longest run too), longest current streak first."""
    through = _window(ctx, values).index.max()

    def build() -> pd.DataFrame:
        found = s.decline_streaks(ctx.table[ctx.countries[:STREAK_HOLDERS]], through=through, breaks=ctx.breaks)
        return pd.DataFrame(
            [
                {
                    "holder": ctx.titles.get(k.series, k.series),
                    "current streak (months)": k.current,
                    "falling since": f"{k.current_start:%Y-%m}" if k.current_start is not None else "",
                    "longest streak (months)": k.longest,
                    "longest: from": f"{k.longest_start:%Y-%m}" if k.longest_start is not None else "",
                    "longest: to": f"{k.longest_end:%Y-%m}" if k.longest_end is not None else "",
                }
                for k in found
            ]
        ).sort_values(["current streak (months)", "longest streak (months)"], ascending=False)

    frame = memo.cached(memo.keyed(PAGE, "streaks", through, datasets=HOLDINGS), build)
    note = (f"Consecutive months of decline through {through:%Y-%m} (the end of the chosen months), for the "
            f"{STREAK_HOLDERS} largest holders. A month missing from the data ends a streak, and so does a series "
            "break with no like-for-like figure; across a survey re-base the month's change is measured on the old "
            "basis.")
    return Table(frame, f"treasury-selling-streaks_{through:%Y-%m}", (ctx.result.provenance,), STREAK_COLUMNS,
                 notes=(note,))


def meaning(ctx: Context) -> str:
    """What the numbers mean (markdown): custody, valuation, this release's revisions, series breaks,
    gaps and coverage."""
    revisions = ctx.result.provenance.notes.get("revisions", {})
    return (
        "- **Custody, not ownership.** TIC counts securities by where they are held. Custodian centres such as "
        "Belgium (Euroclear), Luxembourg, the Cayman Islands and the UK hold Treasuries for investors elsewhere, "
        "so a country's line can include other countries' holdings — and miss some of its own.\n"
        "- **Valuation.** Bills are counted at face value; bonds and notes at market value, so a holder's line "
        "moves with bond prices even when it neither buys nor sells.\n"
        "- **Revisions.** Treasury revises past months, each year when it benchmarks to its annual survey. "
        + (
            f"In this release: {', '.join(f'{y} revised {d}' for y, d in sorted(revisions.items())[-4:])}. "
            if revisions
            else ""
        )
        + "A figure quoted at the time may differ from today's.\n"
        "- **Series breaks.** Treasury re-based its history on each annual survey (March 2000, then every "
        "June 2002–2011: the history table repeats the month, the old series \"for comparison only\"), counted "
        "holdings from TIC Form SLT from December 2011, and Table 5 defines \"All Other\" differently from the "
        "history table. The level shown is the new series; a change across a break is measured like for like "
        "(the old series' figure for the month) or left blank where there is none, and the charts mark each "
        "break. " + breaks_summary(ctx.breaks) + "\n"
        "- **Gaps.** A holder missing from a month's table is missing, not zero.\n"
        "- **Coverage.** Major holders since 2000-03 (Treasury's history table and Table 5); every holder in "
        "Table 3 monthly since 2020, to the newest month any table publishes. Each figure names its table "
        "(the `source` column of the dataset's CSV); where two tables disagree beyond rounding, the newer "
        "release is served and the figure carries a note."
    )


def last_revision(ctx: Context) -> Table:
    """What the newest stored release of the holdings changed against the one before, holders named
    as in the legends; no frame (and `empty` says why) with a single release or no change."""
    dataset = HOLDINGS[0]

    def build() -> pd.DataFrame | None:
        kept = data_sources.vintages(dataset)
        if len(kept) < 2:
            return None
        try:
            changes = data_sources.compare_vintages(dataset, kept[-2]["vintage"], kept[-1]["vintage"])
        except DamagedRelease:
            return None  # a damaged stored release: nothing reliable to compare
        return changes.assign(series=changes["series"].map(lambda h: ctx.titles.get(h, h)))

    changes = memo.cached(memo.keyed(PAGE, "revision", datasets=HOLDINGS), build)
    name, provs = "treasury-last-revision", (ctx.result.provenance,)
    if changes is None:
        return Table(None, name, provs, REVISION_COLUMNS,
                     empty="One release of this dataset is stored on this machine so far; after a refresh brings a "
                           "revised release, the months it changed are listed here.")
    if changes.empty:
        return Table(None, name, provs, REVISION_COLUMNS, empty="The last two stored releases agree on every month.")
    return Table(changes, name, provs, REVISION_COLUMNS)
