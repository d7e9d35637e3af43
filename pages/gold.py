"""Which central banks hold and buy gold: holdings over time, top holders, buyers and sellers."""

import streamlit as st

from analysis import gold as ops
from analysis import maps
from ui import chrome, controls, data, page, progressive
from ui import maps as map_view
from views import gold as view

PAGE = view.PAGE
MEASURE_LABELS = {"tonnes": "Tonnes", "change": "Change", "value": "Value, USD"}

ctx, url = page.open_view(view.VIEW)
codes, names = ctx.codes, ctx.names
report_dates, value_options, months = ctx.report_dates, ctx.value_options, ctx.months

# The chart first, its controls below: the browser paints the chart without waiting for the
# widgets' code. The controls' values are known before they are drawn.
values = url.current()
unit, start, end = values["unit"] or "t", values["from"], values["to"]
# An embed ends after the chart; a browser's first view waits there until the chart is drawn.
progressive.main_chart(PAGE, view.main(ctx, values), url, key="holdings")

with st.container(border=True):
    picked, unit_col = st.columns([2, 1])  # "million troy oz" whole, beside "tonnes"
    picked.multiselect(
        "Economies", codes, default=url["economies"], key=url.key("economies"), format_func=names.get,
        max_selections=12, **controls.PICK_BY_NAME,
    )
    unit_col.segmented_control(
        "Unit", list(ops.UNITS), default=url["unit"], key=url.key("unit"), format_func=ops.UNITS.get
    )
    st.select_slider("Months", options=months, value=url["range"], key=url.key("range"))
    presets, scale, rebase = st.columns([3, 1, 2], vertical_alignment="bottom")
    with presets:
        controls.range_presets(url, months)
    scale.toggle("Log scale", value=url["log"], key=url.key("log"))
    in_range = ["", *[m for m in months if start <= m <= end]]
    rebase.selectbox("Index: base month (= 100)", in_range, key=url.key("base"),
                     index=in_range.index(url["base"]) if url["base"] in in_range else 0,
                     format_func=lambda m: m or "off (levels)")
url.write_url()

report_labels = [f"{d:%Y-%m-%d}" for d in report_dates]
section, pane = chrome.section_tabs(url, view.SECTIONS)
with pane:  # only the open tab runs
    if section == "largest-holders":
        left, right = st.columns([1, 3])
        top_date = left.selectbox("As of", report_labels, index=url.index("date", report_labels), key=url.key("date"),
                                 persist_state="page")
        n = left.slider("How many", 5, 40, value=url["n"], key=url.key("n"), persist_state="page")
        shown = view.largest_holders(ctx, top_date, n, unit)
        with right:
            chrome.chart(shown.fig, name=shown.name, provs=shown.provs, key="top")
            st.caption(shown.notes[0])

    elif section == "map":
        left, right = st.columns([3, 2], vertical_alignment="bottom")
        # Short labels, all three in view (the map's title says the measure in full).
        measure = left.segmented_control("Measure", list(maps.GOLD_MEASURES), default=url["map"], key=url.key("map"),
                                         format_func=MEASURE_LABELS.get, persist_state="page") or "tonnes"
        since = url["map_since"]
        if measure == "change":
            since = right.selectbox("Change since", report_labels, index=url.index("map_since", report_labels),
                                    key=url.key("map_since"), persist_state="page")
        unit = "USD bn" if measure == "value" else "tonnes"
        chosen = {**values, "map": measure, "map_since": since}

        def draw(date: str) -> None:
            shown = view.map_main(ctx, chosen, date, data.load)
            chrome.chart(shown.fig, name=shown.name, provs=shown.provs, key="map",
                         share=chrome.page_share(PAGE, url, shown.provs, shown.subject))
            map_view.beside(shown.data, unit, decimals=0 if unit == "tonnes" else 1)

        # A change needs a date after the window's start: only those are offered (and played through).
        dates = [d for d in report_labels[::-1] if measure != "change" or d > since] or report_labels[:1]
        map_view.timeline(url, "map_date", dates, "Date", draw)
        st.caption("Each economy's latest report up to the date (most report quarterly, some late); a report "
                   "older than a quarter is listed under the map with its date.")

    elif section == "buyers-and-sellers":
        since, until = st.select_slider(
            "Between", options=report_labels[::-1], value=url["window"], key=url.key("window"),
            persist_state="page",
        )
        shown = view.buyers_and_sellers(ctx, since, until, unit)
        if shown.fig is None:
            st.info(shown.empty)
        else:
            chrome.chart(shown.fig, name=shown.name, provs=shown.provs, key="changes")
            st.caption(shown.notes[0])

    elif section == "price-and-value":
        value_code = st.selectbox(
            "Economy",
            value_options,
            index=url.index("value", value_options),
            key=url.key("value"),
            persist_state="page",
            format_func=names.get,
        )
        shown = view.price_and_value(ctx, value_code, start, end, data.load)
        chrome.chart(shown.fig, name=shown.name, provs=shown.provs, key="value")
        st.caption(" ".join(shown.notes))

    elif section == "world-total":
        shown = view.world_total(ctx, unit, start, end)
        chrome.chart(shown.fig, name=shown.name, provs=shown.provs, key="world")
        st.caption("The IMF's world aggregate: quarterly before 2000, monthly since.")

    else:
        st.markdown(view.about(ctx))
