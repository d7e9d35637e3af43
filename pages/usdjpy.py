"""How the yen moves against the dollar: daily USD/JPY, Japan's interventions, rates, reserves."""

import streamlit as st

from analysis import fx
from ui import chrome, data, page, progressive
from views import usdjpy as view

PAGE = view.PAGE
RANGE_CHOICES = view.RANGE_CHOICES

ctx, url = page.open_view(view.VIEW)
first_day, rate_end, last_day = ctx.first_day, ctx.rate_end, ctx.last_day

# The chart first, its controls below: the browser paints the chart without waiting for the
# widgets' code. The controls' values are known before they are drawn.
values = url.current()
shown = view.window(ctx, values)
end, span = shown.end, shown.span
# An embed ends after the chart; a browser's first view waits there until the chart is drawn.
progressive.main_chart(PAGE, view.main(ctx, values), url, key="usdjpy")

st.pills(  # its own row, so the buttons wrap on a phone instead of pushing "Custom" off-screen
    "Range", RANGE_CHOICES, default=url["range"], key=url.key("range"), selection_mode="single"
)
controls = st.container(horizontal=True, vertical_alignment="bottom", gap="medium")
controls.toggle("Interventions", value=url["interventions"], key=url.key("interventions"))
controls.toggle("Events", value=url["events"], key=url.key("events"))
controls.toggle("150 line", value=url["line150"], key=url.key("line150"))
controls.toggle("160 line", value=url["line160"], key=url.key("line160"))
controls.toggle("Log scale", value=url["log"], key=url.key("log"))
if span == "Custom":
    st.date_input(
        "Custom dates",
        value=url["window"],
        min_value=first_day.date(),
        max_value=last_day.date(),
        key=url.key("window"),
        persist_state="page",
        format="YYYY-MM-DD",
    )
url.write_url()
st.caption(
    "The rate is the noon buying rate in New York (H.10), not the day's high or low: intraday extremes, "
    "such as 160.2 on 2024-04-29 in Tokyo, can lie outside this line. Ranges count back from the last day of the "
    f"rate ({rate_end:%Y-%m-%d}) and reach on to the newest date shown ({end:%Y-%m-%d}); YTD is since 1 January "
    f"{min(end, rate_end).year}."
)

section, pane = chrome.section_tabs(url, view.SECTIONS)
with pane:  # only the open tab runs
    if section == "rates":
        shown = view.rates(ctx, values, data.load)
        if shown.fig is None:
            st.info(shown.empty)
        else:
            chrome.chart(shown.fig, name=shown.name, provs=shown.provs, key="rates")
        st.caption(
            "Effective federal funds rate: monthly average (FRED FEDFUNDS). Spread: the US 10-year Treasury "
            "yield (DGS10, monthly average of daily yields) minus Japan's 10-year yield (OECD, monthly)."
        )

    elif section == "japan-s-reserves":
        shown = view.reserves(ctx, values, data.load)
        if shown.fig is None:
            st.info(shown.empty)
        else:
            chrome.chart(shown.fig, name=shown.name, provs=shown.provs, key="reserves")

    elif section == "largest-daily-moves":
        shown = view.largest_moves(ctx, values)
        st.dataframe(
            shown.frame,
            hide_index=True,
            column_config={
                "date": st.column_config.DateColumn("Date", format="YYYY-MM-DD"),
                "rate": st.column_config.NumberColumn("USD/JPY", format="%.2f"),
                "change": st.column_config.NumberColumn("Change, yen", format="%+.2f"),
                "change_pct": st.column_config.NumberColumn("Change, %", format="%+.2f%%"),
                "direction": st.column_config.TextColumn("Yen"),
            },
        )
        st.caption(shown.notes[0])
        chrome.table_download(shown.exported, name=shown.name, key="moves-csv")

    else:
        shown = view.after_interventions(ctx, values)
        if shown.warning:
            st.caption(shown.warning)
        st.dataframe(
            shown.frame,
            hide_index=True,
            placeholder="—",  # an episode after the rate's last day has no rate to measure, not a "None"
            column_config={
                "start": st.column_config.DateColumn("From", format="YYYY-MM-DD"),
                "end": st.column_config.DateColumn("To", format="YYYY-MM-DD"),
                "days": st.column_config.NumberColumn("Days", format="%d"),
                "direction": "Direction",
                "amount_jpy_bn": st.column_config.NumberColumn("JPY bn", format="%,.1f"),
                "rate": st.column_config.NumberColumn("USD/JPY on day 1", format="%.2f"),
                **{
                    f"after_{h}d": st.column_config.NumberColumn(f"+{h} day{'s' if h > 1 else ''}", format="%+.2f")
                    for h in fx.HORIZONS
                },
            },
        )
        left, right = st.columns([3, 2])
        with left:
            st.caption(shown.notes[0])
            chrome.table_download(shown.exported, name=shown.name, key="study-csv")
        averages = view.after_interventions_chart(ctx, values)
        if averages.fig is not None:
            with right:
                chrome.chart(averages.fig, name=averages.name, provs=averages.provs, key="study")
