"""How the yen moves against the dollar: daily USD/JPY, Japan's interventions, rates, reserves."""

import pandas as pd
import streamlit as st

from analysis import fx
from charts import fx as charts
from ui import chrome, data, progressive, state
from views import memo
from views import usdjpy as view
from views.chart import versions

PAGE = view.PAGE
SECTIONS = view.SECTIONS
RANGE_CHOICES = view.RANGE_CHOICES

chrome.setup("USD/JPY")
ctx = view.context(data.load)
rate_result, ops_result = ctx.rate_result, ctx.ops_result
rates_prov = data.provenance("rates")  # the tabs read their series when opened: no whole frame per view
reserves_prov = data.provenance("japan_reserves")
rate, ops_all = ctx.rate, ops_result.frame
first_day, rate_end, last_day = ctx.first_day, ctx.rate_end, ctx.last_day
url = state.bind(PAGE, ctx.params, check=lambda v, n: view.check(ctx, v, n))

chrome.header(
    "How the yen moves against the dollar",
    (
        "Yen per US dollar, every New York business day since 1971, with every operation Japan's Ministry "
        "of Finance has made in the market since 1991. Up is a weaker yen."
    ),
    url.notices,
    [data.provenance(n) for n in view.DATASETS] + [rates_prov, reserves_prov],
)

# The chart first, its controls below: the browser paints the chart without waiting for the
# widgets' code. The controls' values are known before they are drawn.
values = url.current()
shown = view.window(ctx, values)
start, end, span, period = shown.start, shown.end, shown.span, shown.period
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

section, pane = chrome.section_tabs(url, SECTIONS)
with pane:  # only the open tab runs
    if section == "Rates":
        fed = data.series("rates", "FEDFUNDS")
        rates_version = versions(("rates",))  # the spread and its chart once per release, not per session
        spread = memo.cached((PAGE, "spread", rates_version), lambda: fx.yield_spread(
            data.series("rates", "DGS10"), data.series("rates", "IRLTLT01JPM156N")))
        rates_end = max(fed.index.max(), spread.index.max()) if span != "Custom" else end
        window_end = max(rates_end, end)
        if fed.loc[start:window_end].empty and spread.loc[start:window_end].empty:
            st.info(f"No rates in this release between {start:%Y-%m-%d} and {window_end:%Y-%m-%d} (fed funds to "
                    f"{fed.index.max():%Y-%m}, the spread to {spread.index.max():%Y-%m}).")
        else:
            fig = memo.frozen((PAGE, "rates", start, window_end, rates_prov.attribution, rates_version),
                              lambda: charts.context(fed, spread, (start, window_end), rates_prov.attribution))
            chrome.chart(fig, name=f"us-rates-and-us-japan-spread_{period}", provs=[rates_prov],
                         key="rates")
        st.caption(
            "Effective federal funds rate: monthly average (FRED FEDFUNDS). Spread: the US 10-year Treasury "
            "yield (DGS10, monthly average of daily yields) minus Japan's 10-year yield (OECD, monthly)."
        )

    elif section == "Japan's reserves":
        total = data.series("japan_reserves", "total")
        fx_part = data.series("japan_reserves", "foreign_currency_reserves")
        # A preset range shows the reserves to their own last month; a custom window is respected.
        own_end = total.index.max() if span != "Custom" else end + pd.DateOffset(months=1)
        cut = slice(start - pd.DateOffset(months=1), max(own_end, end))
        if total.loc[cut].empty:
            st.info(
                f"No reserves data between {start:%Y-%m} and {end:%Y-%m} in this release (it covers "
                f"{total.index.min():%Y-%m} to {total.index.max():%Y-%m}, with gaps)."
            )
        else:
            # The whole series with the window: a gap reaching into the window is labelled in full.
            fig = charts.reserves(total, fx_part, reserves_prov.attribution, x_range=(cut.start, cut.stop))
            chrome.chart(fig, name=f"japan-reserves_{period}", provs=[reserves_prov], key="reserves")

    elif section == "Largest daily moves":
        moves = fx.largest_moves(rate, start, end, n=10)
        st.dataframe(
            moves,
            hide_index=True,
            column_config={
                "date": st.column_config.DateColumn("Date", format="YYYY-MM-DD"),
                "rate": st.column_config.NumberColumn("USD/JPY", format="%.2f"),
                "change": st.column_config.NumberColumn("Change, yen", format="%+.2f"),
                "change_pct": st.column_config.NumberColumn("Change, %", format="%+.2f%%"),
                "direction": st.column_config.TextColumn("Yen"),
            },
        )
        st.caption(f"Day-on-day changes of the noon rate between {start:%Y-%m-%d} and {end:%Y-%m-%d}.")
        chrome.table_download(moves, name=f"usdjpy-largest-moves_{period}", key="moves-csv")

    else:
        episodes = [e for e in fx.episodes(ops_all) if start <= e.start <= end] or fx.episodes(ops_all)[-5:]
        study = fx.event_study(rate, episodes)
        averages = study[[f"after_{h}d" for h in fx.HORIZONS]].mean()
        unmeasured = study[study["rate"].isna()]
        if not unmeasured.empty:
            st.caption(
                f":orange[:material/info: {len(unmeasured)} episode{'s' if len(unmeasured) != 1 else ''} from "
                f"{unmeasured['start'].min():%Y-%m-%d} come{'s' if len(unmeasured) == 1 else ''} after the rate's "
                f"last day in this release ({rate_end:%Y-%m-%d}): listed, but not in the averages.]"
            )
        st.dataframe(
            study,
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
        measured = int(study["rate"].notna().sum())
        left, right = st.columns([3, 2])
        with left:
            st.caption(
                f"Episodes = intervention days at most {fx.CLUSTER_GAP_DAYS} days apart, same direction, in "
                "the chosen range (the last five if none). Change in yen from the noon rate of the first day "
                "to 1, 5 and 20 New York trading days later; + is a weaker yen. "
                + (f"Average over these {measured} measured episodes: "
                   + ", ".join(f"{v:+.2f} after {h.split('_')[1]}" for h, v in averages.items() if pd.notna(v))
                   + "." if measured else "None of these episodes can be measured against the rate in this release.")
            )
            chrome.table_download(study, name=f"usdjpy-after-interventions_{period}", key="study-csv")
        if measured:
            with right:
                source = f"{rate_result.provenance.attribution}; interventions: {ops_result.provenance.attribution}"
                fig = charts.event_study(averages, source)
                chrome.chart(
                    fig,
                    name=f"usdjpy-after-interventions_{period}",
                    provs=[rate_result.provenance, ops_result.provenance],
                    key="study",
                )
