"""Who holds US Treasury debt: holders over time, the monthly ranking, buyers and sellers."""

import streamlit as st

from analysis import maps
from analysis import series as s
from charts import treasury as charts
from ui import chrome, controls, data, flows, page, progressive
from ui import maps as map_view
from views import treasuries as view
from views import treasuries_tabs as tabs

PAGE = view.PAGE

ctx, url = page.open_view(view.VIEW, freshness=view.DATASETS[:1])  # the tabs say their own datasets' age
labels, months, options = ctx.labels, ctx.months, ctx.options

# The chart comes first and its controls below it: the browser then paints the chart without
# waiting for the widgets' code to load. The widgets' values are known before they are drawn.
values = url.current()
transform, start, end = values["transform"], values["from"], values["to"]
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
        shown = tabs.ranking(ctx, ranking_month)
        st.dataframe(
            shown.frame,
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
        chrome.table_download(shown.exported, name=shown.name, key="ranking-csv")

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
        shown = tabs.movers(ctx, ranking_month)
        if shown.fig is not None:
            chrome.chart(shown.fig, name=shown.name, provs=shown.provs, key="movers")
        elif shown.data is None:  # the data's first month: no month before it to compare with
            st.info(shown.empty)
        else:  # no change like for like (a series break)
            st.info(shown.empty, icon=":material/info:")

    elif section == "official-and-bills":
        left, right = st.columns(2)
        with left:
            shown = tabs.official(ctx, values)
            chrome.chart(shown.fig, name=shown.name, provs=shown.provs, key="official")
        with right:
            shown = tabs.bills(ctx, values)
            chrome.chart(shown.fig, name=shown.name, provs=shown.provs, key="bills")

    elif section == "selling-streaks":
        shown = tabs.streaks(ctx, values)
        st.caption(shown.notes[0])
        st.space("small")  # the table's toolbar floats above its top edge: keep it off the caption
        st.dataframe(shown.frame, hide_index=True)

    else:
        st.markdown(tabs.meaning(ctx))
        st.header("What the last revision changed")  # h2: the page's title is the h1
        shown = tabs.last_revision(ctx)
        if shown.frame is None:
            st.caption(shown.empty)
        else:
            st.dataframe(
                shown.frame,
                hide_index=True,
                column_config={
                    "date": st.column_config.DateColumn("Month", format="YYYY-MM"),
                    "series": "Holder",
                    "value_old": st.column_config.NumberColumn("Before", format="%.1f"),
                    "value_new": st.column_config.NumberColumn("After", format="%.1f"),
                    "change": st.column_config.NumberColumn("Revision", format="%+.1f"),
                },
            )
