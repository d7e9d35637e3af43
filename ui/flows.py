"""The Treasury page's "Was it selling?" and "Fed custody" tabs: their controls, charts and tables."""

from __future__ import annotations

from typing import Any

import streamlit as st

from analysis import flows as f
from ui import chrome
from ui.state import Bound
from views import treasuries as view


def selling(ctx: view.Context, url: Bound, values: dict[str, Any]) -> None:
    """Each month's holdings change of the chosen holders split into net purchases, price changes and
    other; then the month's largest net sellers beside its largest holdings falls."""
    st.caption("A fall in holdings is not a sale: bonds and notes are counted at market value, so holdings fall "
               "when bond prices fall. TIC publishes the split, holder by holder.")
    how, months = st.columns([2, 3], vertical_alignment="bottom")
    flow = how.segmented_control("Show", list(view.FLOW_VIEWS), default=url["flow"], key=url.key("flow"),
                                 format_func=view.FLOW_VIEWS.get, persist_state="page") or "monthly"
    months.select_slider("Months", options=ctx.flow_months, value=url["flow_range"], key=url.key("flow_range"),
                         persist_state="page")
    shown = view.selling_main(ctx, {**values, "flow": flow})
    if shown.fig is None:
        st.info(shown.empty, icon=":material/info:")
    else:
        chrome.chart(shown.fig, name=shown.name, provs=shown.provs, key="selling", notes=shown.notes,
                     share=chrome.page_share(view.PAGE, url, shown.provs, shown.subject))
    for note in shown.notes:
        st.caption(note)
    st.subheader("Sellers and holdings falls, one month")
    month = st.selectbox("Month", ctx.flow_months[::-1], index=url.index("flow_month", ctx.flow_months[::-1]),
                         key=url.key("flow_month"), persist_state="page")
    if month < view.DEFAULT_FLOWS_FROM:
        st.info("Holder by holder, TIC publishes the split into net purchases and price changes from February "
                "2023 (Form SLT). Pick a later month.", icon=":material/info:")
        return
    ranked = view.sellers(ctx, month)
    apart = f.disagreements(ranked)
    if apart:
        st.caption("Among the largest holdings falls but not the largest net sellers (their holdings fell on prices "
                   "or other changes more than on sales): " + ", ".join(apart) + ".")
    st.dataframe(ranked, hide_index=True, column_config={
        "ranking": st.column_config.TextColumn("Ranking"),
        "rank": st.column_config.NumberColumn("Rank", format="%d"),
        "holder": st.column_config.TextColumn("Holder"),
        "net_purchases": st.column_config.NumberColumn("Net purchases, USD bn", format="%+.1f"),
        "holdings_change": st.column_config.NumberColumn("Holdings change", format="%+.1f"),
        "valuation": st.column_config.NumberColumn("Price changes", format="%+.1f"),
        "other": st.column_config.NumberColumn("Other", format="%+.1f"),
    })
    chrome.table_download(ranked, name=f"treasury-sellers_{month}", key="sellers-csv")


def custody(ctx: view.Context, url: Bound, values: dict[str, Any]) -> None:
    """The Fed's weekly custody count for foreign official accounts beside TIC's foreign official line."""
    months = sorted({f"{d:%Y-%m}" for d in ctx.custody.frame["date"]})  # the weeks' months, as the URL allows
    since = st.selectbox("From", months, index=url.index("custody_from", months), key=url.key("custody_from"),
                         persist_state="page")
    shown = view.custody_main(ctx, {**values, "custody_from": since})
    chrome.chart(shown.fig, name=shown.name, provs=shown.provs, key="custody", notes=shown.notes,
                 share=chrome.page_share(view.PAGE, url, shown.provs, shown.subject))
    for note in shown.notes:
        st.caption(note)
