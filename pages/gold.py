"""Which central banks hold and buy gold: holdings over time, top holders, buyers and sellers."""

import pandas as pd
import streamlit as st

import data_sources
from analysis import gold as ops
from analysis import maps
from charts import gold as charts
from ui import chrome, controls, data, page, progressive
from ui import maps as map_view
from views import gold as view
from views import memo

PAGE = view.PAGE
MEASURE_LABELS = {"tonnes": "Tonnes", "change": "Change", "value": "Value, USD"}

ctx, url = page.open_view(view.VIEW)
holdings, frame, codes, names = ctx.result, ctx.frame, ctx.codes, ctx.names
price_prov = data.provenance("gold_price")
report_dates, value_options, months = ctx.report_dates, ctx.value_options, ctx.months

# The chart first, its controls below: the browser paints the chart without waiting for the
# widgets' code. The controls' values are known before they are drawn.
values = url.current()
unit, start, end = values["unit"] or "t", values["from"], values["to"]
unit_label = ops.UNITS[unit]
lo, hi = pd.Timestamp(start), pd.Timestamp(end) + pd.offsets.MonthEnd(0)
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
        version = data_sources.version("gold_reserves")
        top = memo.cached(("gold-top", top_date, n, unit, version), lambda: ops.top_holders(
            frame, pd.Timestamp(top_date), n).pipe(lambda t: t.assign(value=ops.convert(t["value"], unit))))
        with right:
            fig = memo.frozen(("gold-top", top_date, n, unit, version), lambda: charts.top_holders(
                top, names, top_date, unit_label, holdings.provenance.attribution))
            chrome.chart(fig, name=f"gold-top-{n}_{top_date}_{unit}", provs=[holdings.provenance], key="top")
            late = top[top["old"]]
            st.caption(
                f"Each economy's latest report up to {top_date}. "
                + (f"{len(late)} shown with the date of an earlier report (hatched bars): they had not reported "
                   f"for {top_date} yet. " if len(late) else "")
                + f"{top.attrs.get('left_out', 0)} economies whose last report is over two years old are left out."
            )

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
        changes = ops.net_changes(frame, pd.Timestamp(since), pd.Timestamp(until))
        changes = changes.assign(change=ops.convert(changes["change"], unit)).head(20)
        if changes.empty:
            st.info("No economy reported a change between these dates.")
        else:
            fig = charts.net_changes(changes, names, f"{since} → {until}", unit_label, holdings.provenance.attribution)
            chrome.chart(
                fig, name=f"gold-buyers-sellers_{since}_{until}_{unit}", provs=[holdings.provenance], key="changes"
            )
            st.caption("The 20 largest net changes between each economy's latest report up to each date; an "
                       "economy that had not reported for the end date yet is shown to its latest report (hatched, "
                       "with that date).")

    elif section == "price-and-value":
        value_code = st.selectbox(
            "Economy",
            value_options,
            index=url.index("value", value_options),
            key=url.key("value"),
            persist_state="page",
            format_func=names.get,
        )
        price = data.series("gold_price", "GOLD")
        tonnes = frame[frame["series"] == value_code].set_index("date")["value"]
        value = ops.holdings_value(tonnes, price)
        # The Pink Sheet's own notes, as read with the price: where its definition changed.
        changes = [c for c in price_prov.notes.get("definition_changes", []) if c.get("series") == "GOLD"]
        fig = charts.price_and_value(
            price.loc[lo:hi],
            value.loc[lo:hi],
            names[value_code],
            f"{price_prov.attribution}; {holdings.provenance.attribution}",
            changes=changes,
        )
        chrome.chart(
            fig,
            name=f"gold-price-and-value_{value_code}_{start}_{end}",
            provs=[price_prov, holdings.provenance],
            key="value",
        )
        st.caption(" ".join([
            "Value = reported volume at the end of the month × that month's average price (World Bank). "
            "Months without a reported volume have no value; none is estimated.",
            *(c["note"] for c in changes if c.get("note")),
            *view.negative_notes(ctx, (value_code,), "t", start, end),
        ]))

    elif section == "world-total":
        world = ops.convert(frame[frame["series"] == "G001"].set_index("date")["value"].loc[lo:hi], unit)
        fig = charts.holdings(
            {"G001": world},
            names,
            unit_label,
            holdings.provenance.attribution,
            title=f"World official gold holdings, {unit_label}, {start} to {end}",
        )
        chrome.chart(fig, name=f"gold-world-total_{unit}_{start}_{end}", provs=[holdings.provenance], key="world")
        st.caption("The IMF's world aggregate: quarterly before 2000, monthly since.")

    else:
        negative = frame[frame["value"] < 0]
        published = "; ".join(f"{names.get(r.series, r.series)}, {r.date:%Y-%m}" for r in negative.itertuples())
        st.markdown(
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
