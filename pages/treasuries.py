"""Who holds US Treasury debt: holders over time, the monthly ranking, buyers and sellers."""

import pandas as pd
import streamlit as st

import data_sources
from analysis import maps
from analysis import series as s
from analysis.breaks import summary as breaks_summary
from charts import treasury as charts
from ui import chrome, controls, data, flows, page, progressive
from ui import maps as map_view
from views import memo
from views import treasuries as view

PAGE = view.PAGE

ctx, url = page.open_view(view.VIEW, freshness=view.DATASETS[:1])  # the tabs say their own datasets' age
result, table, titles, labels, months = ctx.result, ctx.table, ctx.titles, ctx.labels, ctx.months
prov = result.provenance
countries, options = ctx.countries, ctx.options

# The chart comes first and its controls below it: the browser then paints the chart without
# waiting for the widgets' code to load. The widgets' values are known before they are drawn.
values = url.current()
transform, start, end = values["transform"], values["from"], values["to"]
window = table.loc[pd.Timestamp(start) + pd.offsets.MonthEnd(0) : pd.Timestamp(end) + pd.offsets.MonthEnd(0)]
# An embed ends after the chart; a browser's first view waits there until the chart is drawn. An
# embed of a section with a chart of its own ("Was it selling?", the map) shows that chart.
first = view.VIEW.build(ctx, values, data.load)[0] if chrome.embedded() else view.main(ctx, values)
progressive.main_chart(PAGE, first, url, key="holders")

with st.container(border=True):
    picked, how = st.columns([3, 2])
    picked.multiselect(
        "Holders",
        options,
        default=url["countries"],
        key=url.key("countries"),
        format_func=labels.get,
        max_selections=12,
        **controls.PICK_BY_NAME,
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

section, pane = chrome.section_tabs(url, view.SECTIONS)
with pane:  # only the open tab runs
    if section == "ranking":
        ranking_month = st.selectbox(
            "Month", months[::-1], index=url.index("month", months[::-1]), key=url.key("month"),
            persist_state="page"
        )
        at = pd.Timestamp(ranking_month) + pd.offsets.MonthEnd(0)
        ranking = memo.cached(("treasury-ranking", ranking_month, data_sources.version(view.DATASETS[0])),
                              lambda: s.ranked(table[countries], at, total=table.get("Grand Total"), breaks=ctx.breaks)
                              .assign(holder=lambda r: r["holder"].map(lambda h: titles.get(h, h))))  # as in legends
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

    elif section == "was-it-selling":
        flows.selling(ctx, url, values)

    elif section == "fed-custody":
        flows.custody(ctx, url, values)

    elif section == "map":
        measure = st.segmented_control("Measure", list(maps.TREASURY_MEASURES), default=url["map"],
                                       key=url.key("map"), format_func=maps.TREASURY_MEASURES.get,
                                       persist_state="page") or "level"
        unit = "%" if measure == "share" else "USD bn"

        def draw(month: str) -> None:
            shown = view.map_main(ctx, {**values, "map": measure}, month)
            chrome.chart(shown.fig, name=shown.name, provs=shown.provs, key="map",
                         share=chrome.page_share(PAGE, url, shown.provs, shown.subject))
            map_view.beside(shown.data, unit)

        map_view.timeline(url, "map_month", months, "Month", draw)
        st.caption("Holdings are by where securities are held in custody (Belgium, Luxembourg, the Cayman Islands "
                   "hold for investors elsewhere).")

    elif section == "buyers-and-sellers":
        ranking_month = st.selectbox(
            "Month", months[::-1], index=url.index("month", months[::-1]), key=url.key("month"),
            persist_state="page"
        )
        at = pd.Timestamp(ranking_month) + pd.offsets.MonthEnd(0)
        previous = at - pd.offsets.MonthEnd(1)
        if previous in table.index:
            moved = s.movers(table[countries], previous, at, n=8, breaks=ctx.breaks)
            if moved.empty:
                crossed = {b.label for h in countries for b in ctx.breaks.within(h, previous, at)}
                st.info(f"No like-for-like changes from {previous:%b %Y} to {at:%b %Y}"
                        + (f": Treasury's figures change basis there ({', '.join(sorted(crossed))}) and it gives "
                           "no old-series figure to compare with." if crossed else "."), icon=":material/info:")
            else:
                fig = charts.movers(moved, f"{previous:%b %Y} → {at:%b %Y}", titles, prov.attribution)
                chrome.chart(fig, name=f"treasury-buyers-sellers_{ranking_month}", provs=[prov], key="movers")
        else:
            st.info(f"No month before {ranking_month} in the data.")

    elif section == "official-and-bills":
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

    elif section == "selling-streaks":
        through = window.index.max()
        st.caption(
            f"Consecutive months of decline through {through:%Y-%m} (the end of the chosen months), for the 20 "
            "largest holders. A month missing from the data ends a streak, and so does a series break with no "
            "like-for-like figure; across a survey re-base the month's change is measured on the old basis."
        )
        st.space("small")  # the table's toolbar floats above its top edge: keep it off the caption
        streaks = s.decline_streaks(table[countries[:20]], through=through, breaks=ctx.breaks)
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
        st.header("What the last revision changed")  # h2: the page's title is the h1
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
