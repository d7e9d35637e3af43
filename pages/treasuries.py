"""Who holds US Treasury debt: holders over time, the monthly ranking, buyers and sellers."""

import pandas as pd
import streamlit as st

import data_sources
from analysis import series as s
from charts import treasury as charts
from ui import chrome, controls, data, figures, state
from ui.urlstate import Param, choice, choices, encode_flag, encode_list, encode_slug, flag, month, ordered_range

PAGE = "treasuries"
PAGE_DATA = "treasury_holdings"
DEFAULT_HOLDERS = ("Japan", "China, Mainland", "United Kingdom", "Canada")
DEFAULT_FROM = "2015-01"
AGGREGATE_ORDER = ("Grand Total", "Foreign Official", "Treasury Bills", "T-Bonds & Notes", "All Other")
SECTIONS = ("Ranking", "Buyers and sellers", "Official and bills", "Selling streaks", "What the numbers mean")
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

chrome.setup("Treasury holders")
result = data.load("treasury_holdings")
table = data.wide("treasury_holdings")
prov = result.provenance
breaks = s.break_dates(result.frame)
kinds = result.frame.drop_duplicates("series").set_index("series")["is_aggregate"]
latest = table.index.max()
latest_levels = table.loc[latest].dropna()
countries = [h for h in latest_levels.sort_values(ascending=False).index if not kinds[h]]
countries += sorted(h for h in table.columns if not kinds[h] and h not in countries)
aggregates = [a for a in AGGREGATE_ORDER if a in table.columns]
options = countries + aggregates
first_month, last_month = table.index.min(), latest
# Holders whose figures stopped long ago (Belgium-Luxembourg until 2002) say so where they are offered.
ends = table.notna()[::-1].idxmax()  # each holder's last month with a figure
titles = {h: result.series_info(h).title for h in options}
labels = {h: titles[h] + (f" (until {ends[h]:%Y-%m})" if ends[h] < last_month - pd.DateOffset(years=1) else "")
          for h in options}

PARAMS = [
    Param("countries", DEFAULT_HOLDERS, choices(options, ALIASES), encode_list, "holders", multi=True),
    Param("transform", "level", choice(list(s.TRANSFORMS)), label="transform"),
    Param("from", DEFAULT_FROM, month(first_month, last_month), group="range", label="date range"),
    Param("to", f"{last_month:%Y-%m}", month(first_month, last_month), group="range", label="date range"),
    Param("month", f"{last_month:%Y-%m}", month(first_month, last_month), label="month for the ranking"),
    Param("log", False, flag, encode_flag, "log scale"),
    Param("base", "", month(first_month, last_month), label="base month of the index"),
    Param("section", SECTIONS[0], choice(SECTIONS), encode_slug, "section"),
]
url = state.bind(PAGE, PARAMS, check=lambda v, n: ordered_range(v, "from", "to", PARAMS, n))

chrome.header(
    "Who holds US Treasury debt",
    (
        "Foreign holdings of US Treasury bills, bonds and notes by country, at the end of each month, "
        "as reported by the US Treasury's TIC system."
    ),
    url.notices,
)

months = [f"{d:%Y-%m}" for d in table.index]
# The chart comes first and its controls below it: the browser then paints the chart without
# waiting for the widgets' code to load. The widgets' values are known before they are drawn.
chosen, transform, (start, end) = url.live("countries"), url.live("transform"), url.live("range")
share = url.share_url(f"/{PAGE}")

log, base_month = url.live("log"), url.live("base")
holders = list(chosen)
window = table.loc[pd.Timestamp(start) + pd.offsets.MonthEnd(0) : pd.Timestamp(end) + pd.offsets.MonthEnd(0)]
# A holder with no figure in the window is left out of the chart (no empty legend entry) and named.
empty = [h for h in holders if window[h].isna().all()]
drawn = [h for h in holders if h not in empty]
base = pd.Timestamp(base_month or start) + pd.offsets.MonthEnd(0)
base = base if base in window.index else window.index[0]
if drawn:
    needs_history = transform in ("mom", "yoy")
    source = table[drawn] if needs_history else window[drawn]
    shown = s.transform(source, transform, total=table.get("Grand Total"), breaks=breaks, base=base)
    late_base = shown.attrs.get("late_base", [])
    cut_at_break = shown.attrs.get("cut_at_break", [])
    shown = shown.loc[window.index]
    what = s.TRANSFORMS[transform].lower() if transform != "index" else f"index, {base:%Y-%m} = 100"
    title = f"US Treasury holdings: {what}, {start} to {end}"
    fig = figures.frozen(
        ("treasuries", tuple(drawn), transform, start, end, f"{base:%Y-%m}", log, data_sources.version(PAGE_DATA)),
        lambda: charts.holders(shown, transform, titles, prov.attribution, title=title, breaks=breaks, log=log),
    )
    chrome.chart(fig, name=f"treasury-holders_{transform}_{start}_{end}", provs=[prov], share=share, key="holders")
else:
    st.info("Pick at least one holder below to draw the chart." if not holders else
            "None of the chosen holders has figures in these months.", icon=":material/touch_app:")
if empty:
    st.caption(f"No figures between {start} and {end} for: " + ", ".join(labels[h] for h in empty) + ".")
if drawn and transform == "index" and cut_at_break:
    st.caption("Indexed only on the base month's side of a series break (the definition changes there): "
               + ", ".join(labels[h] for h in cut_at_break) + ".")
if drawn and transform == "index" and late_base:
    st.caption(f"No figure for {base:%Y-%m} from: " + ", ".join(labels[h] for h in late_base)
               + "; each is indexed to its own first month instead.")
if chrome.embedded():
    st.stop()

with st.container(border=True):
    picked, how = st.columns([3, 2])
    picked.multiselect(
        "Holders",
        options,
        default=url["countries"],
        key=url.key("countries"),
        format_func=labels.get,
        max_selections=12,
        placeholder="Pick holders",
    )
    how.selectbox(
        "Show",
        list(s.TRANSFORMS),
        index=url.index("transform", list(s.TRANSFORMS)),
        key=url.key("transform"),
        format_func=s.TRANSFORMS.get,
    )
    st.select_slider("Months", options=months, value=url["range"], key=url.key("range"))
    presets, scale, rebase = st.columns([2, 1, 2], vertical_alignment="bottom")
    with presets:
        controls.range_presets(url, months)
    scale.toggle("Log scale", value=url["log"], key=url.key("log"), disabled=transform not in charts.LOG_OK,
                 help="For levels, shares and indexes")
    if transform == "index":
        in_range = [m for m in months if start <= m <= end]
        rebase.selectbox("Base month (= 100)", in_range, key=url.key("base"),
                         index=in_range.index(url["base"]) if url["base"] in in_range else 0, persist_state="page")
url.write_url()

section, pane = chrome.section_tabs(url, SECTIONS)
with pane:  # only the open tab runs
    if section == "Ranking":
        ranking_month = st.selectbox(
            "Month", months[::-1], index=url.index("month", months[::-1]), key=url.key("month"),
            persist_state="page"
        )
        at = pd.Timestamp(ranking_month) + pd.offsets.MonthEnd(0)
        ranking = s.ranked(table[countries], at, total=table.get("Grand Total"))
        st.dataframe(
            ranking,
            hide_index=True,
            column_config={
                "rank": st.column_config.NumberColumn("Rank", format="%d"),
                "holder": st.column_config.TextColumn("Holder"),
                "holding": st.column_config.NumberColumn("Holding, USD bn", format="%.1f"),
                "change_on_month": st.column_config.NumberColumn("Change on month", format="%+.1f"),
                "change_on_year": st.column_config.NumberColumn("Change on year", format="%+.1f"),
                "share_pct": st.column_config.NumberColumn("Share of foreign total", format="%.1f%%"),
                "rank_change": st.column_config.NumberColumn(
                    "Rank change", format="%+d", help="Places gained (+) or lost (−) since the month before"
                ),
                "trend": st.column_config.LineChartColumn("Last 24 months"),
            },
            height=420,
        )
        chrome.table_download(
            ranking.drop(columns="trend"), name=f"treasury-ranking_{ranking_month}", key="ranking-csv"
        )

    elif section == "Buyers and sellers":
        ranking_month = st.selectbox(
            "Month", months[::-1], index=url.index("month", months[::-1]), key=url.key("month"),
            persist_state="page"
        )
        at = pd.Timestamp(ranking_month) + pd.offsets.MonthEnd(0)
        previous = at - pd.offsets.MonthEnd(1)
        if previous in table.index:
            moved = s.movers(table[countries], previous, at, n=8)
            fig = charts.movers(moved, f"{previous:%b %Y} → {at:%b %Y}", titles, prov.attribution)
            chrome.chart(fig, name=f"treasury-buyers-sellers_{ranking_month}", provs=[prov], key="movers")
        else:
            st.info(f"No month before {ranking_month} in the data.")

    elif section == "Official and bills":
        left, right = st.columns(2)
        with left:
            fig = charts.official_vs_total(
                window["Grand Total"].dropna(), window["Foreign Official"].dropna(), prov.attribution
            )
            chrome.chart(fig, name=f"treasury-official-vs-total_{start}_{end}", provs=[prov], key="official")
        with right:
            fig = charts.bills_vs_bonds(
                window["Treasury Bills"].dropna(), window["T-Bonds & Notes"].dropna(), prov.attribution
            )
            chrome.chart(fig, name=f"treasury-bills-vs-bonds_{start}_{end}", provs=[prov], key="bills")

    elif section == "Selling streaks":
        through = window.index.max()
        st.caption(
            f"Consecutive months of decline through {through:%Y-%m} (the end of the chosen months), for the 20 "
            "largest holders. A month missing from the data ends a streak."
        )
        st.space("small")  # the table's toolbar floats above its top edge: keep it off the caption
        streaks = s.decline_streaks(table[countries[:20]], through=through)
        streak_table = pd.DataFrame(
            [
                {
                    "holder": titles.get(k.series, k.series),
                    "current streak (months)": k.current,
                    "falling since": f"{k.current_start:%Y-%m}" if k.current_start is not None else "",
                    "longest streak (months)": k.longest,
                    "longest: from": f"{k.longest_start:%Y-%m}" if k.longest_start is not None else "",
                    "longest: to": f"{k.longest_end:%Y-%m}" if k.longest_end is not None else "",
                }
                for k in streaks
            ]
        ).sort_values(["current streak (months)", "longest streak (months)"], ascending=False)
        st.dataframe(streak_table, hide_index=True)

    else:
        revisions = prov.notes.get("revisions", {})
        st.markdown(
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
            "- **Series breaks.** Where a month appears twice in Treasury's history table, the new series is shown.\n"
            "- **Gaps.** A holder missing from a month's table is missing, not zero.\n"
            "- **Coverage.** Major holders since 2000-03 (Treasury's history table and Table 5); other countries "
            "since 2020 (Table 3)."
        )
        st.subheader("What the last revision changed")
        changes = data.revision("treasury_holdings")
        if changes is None:
            st.caption(
                "One release of this dataset is stored on this machine so far; after a refresh brings a "
                "revised release, the months it changed are listed here."
            )
        elif changes.empty:
            st.caption("The last two stored releases agree on every month.")
        else:
            st.dataframe(
                changes.assign(series=changes["series"].map(lambda h: titles.get(h, h))),
                hide_index=True,
                column_config={
                    "date": st.column_config.DateColumn("Month", format="YYYY-MM"),
                    "series": "Holder",
                    "value_old": st.column_config.NumberColumn("Before", format="%.1f"),
                    "value_new": st.column_config.NumberColumn("After", format="%.1f"),
                    "change": st.column_config.NumberColumn("Revision", format="%+.1f"),
                },
            )
