"""The dollar's share: the currencies of the world's reserves, and China's reserves, Treasuries and gold."""

import streamlit as st

from ui import chrome, controls, data, page, progressive
from views import reserves as view

PAGE = view.PAGE

ctx, url = page.open_view(view.VIEW)

# The chart first, its controls below: the browser paints the chart without waiting for the
# widgets' code. The controls' values are known before they are drawn.
values = url.current()
# An embed ends after the chart; a browser's first view waits there until the chart is drawn.
progressive.main_chart(PAGE, view.main(ctx, values), url, key="currencies")

with st.container(border=True):
    # One control a row: beside the currencies, the measure's two options ran out of their column and
    # the chips hid the renminbi.
    st.multiselect("Currencies", list(view.CURRENCIES), default=url["currencies"], key=url.key("currencies"),
                   format_func=view.CURRENCIES.get, **controls.PICK_BY_NAME)
    st.segmented_control("Measure", list(view.MEASURES), default=url["measure"], key=url.key("measure"),
                         format_func=view.MEASURE_LABELS.get)
    # A month from a link that is no quarter end (from=2024-01) is the quarter it falls in.
    quarters = tuple(next((q for q in ctx.quarters if q >= month), ctx.quarters[-1]) for month in url["range"])
    st.select_slider("Quarters", options=ctx.quarters, value=quarters, key=url.key("range"))
url.write_url()

section, pane = chrome.section_tabs(url, view.SECTIONS)
with pane:  # only the open tab runs
    if section == "china-s-reserves":
        shown = view.china(data.load)
        chrome.chart(shown.fig, name=shown.name, provs=shown.provs, key="china",
                     share=chrome.page_share(PAGE, url, shown.provs, shown.subject), notes=shown.notes)
        st.caption(
            "Above, in USD bn: China's foreign-currency reserves and the value of its gold, as SAFE publishes them at "
            "each month end, and China's holdings of US Treasuries as the US Treasury counts them (TIC, by custody: "
            "Treasuries China holds through custodians elsewhere are counted there). Below, in tonnes: China's gold "
            "as SAFE publishes it (million ounces, converted) and as China reports it to the IMF."
        )
        for note in shown.notes:
            st.caption(note)

    elif section == "unallocated-and-imputed":
        shown = view.allocation(ctx, values)
        chrome.chart(shown.fig, name=shown.name, provs=shown.provs, key="allocation")
        st.caption(
            "Allocated reserves are those whose currency is known; unallocated, those whose currency reporters do "
            "not state. Under the IMF's method since the 2025-Q3 release, unallocated reserves are shared out among "
            "the currencies by estimate back to 2000 (so unallocated is 0 from 2000, and every currency's share is "
            "of the total), and the *imputed share* says how much of the total was estimated: published from the "
            "2025-Q3 release on. Before 2000 the history was not revised: unallocated reserves are shown apart."
        )

    else:
        method = ctx.method
        st.markdown(
            "- **Source:** IMF, Currency Composition of Official Foreign Exchange Reserves (COFER), the world "
            "total, quarterly; shares are of allocated reserves (%), amounts in USD bn at quarter ends.\n"
            f"- **Method:** {method.get('note', 'as published by the IMF.')}\n"
            "- **Exchange rates move shares:** amounts are in US dollars, so a stronger dollar lowers the other "
            "currencies' amounts and raises the dollar's share without any central bank buying or selling.\n"
            "- **The renminbi** is reported separately from 2016-Q4 (before, it is in 'other currencies').\n"
            "- **China (SAFE):** State Administration of Foreign Exchange, Official Reserve Assets, month ends, "
            "USD bn; gold in million fine troy ounces, tonnes = ounces / 32,150.7466. SAFE's file leaves "
            "December 2024 empty: a gap, never filled.\n"
            "- **China's Treasuries (TIC)** are counted by custody: holdings through custodians in Belgium, "
            "the UK or elsewhere are counted under those countries."
        )
