"""Which central banks hold and buy gold: holdings over time, top holders, buyers and sellers."""

import pandas as pd
import streamlit as st

import data_sources
from analysis import gold as ops
from charts import gold as charts
from data_sources.economies import economy_name
from ui import chrome, controls, data, figures, state
from ui.urlstate import (
    Param,
    choice,
    choices,
    day,
    encode_flag,
    encode_list,
    encode_slug,
    flag,
    integer,
    month,
    ordered_range,
)

PAGE = "gold"
SECTIONS = ("Largest holders", "Buyers and sellers", "Price and value", "World total", "About these numbers")
DEFAULT_ECONOMIES = ("CHN", "RUS", "IND", "TUR", "POL", "JPN")
ALIASES = {
    "china": "CHN",
    "russia": "RUS",
    "india": "IND",
    "turkey": "TUR",
    "turkiye": "TUR",
    "poland": "POL",
    "japan": "JPN",
    "us": "USA",
    "usa": "USA",
    "united-states": "USA",
    "world": "G001",
    "euro-area": "G163",
    "germany": "DEU",
    "italy": "ITA",
    "france": "FRA",
    "uk": "GBR",
    "switzerland": "CHE",
}

chrome.setup("Gold reserves")
holdings = data.load("gold_reserves")
price_result = data.load("gold_price")
frame = holdings.frame
price = data.series("gold_price", "GOLD")
codes = sorted(frame["series"].unique(), key=lambda c: (c in ("G001", "G163"), economy_name(c)))
names = {c: economy_name(c) for c in codes}
first, last = frame["date"].min(), frame["date"].max()
report_dates = ops.report_dates(frame)
latest_report = report_dates[0]
value_options = [c for c in codes if c != "G163"]
year_before = next((d for d in report_dates if d <= latest_report - pd.DateOffset(months=12)), report_dates[-1])

PARAMS = [
    Param(
        "economies",
        DEFAULT_ECONOMIES,
        choices(codes, {**ALIASES, **{names[c]: c for c in codes}}),
        encode_list,
        "economies",
        multi=True,
    ),
    Param("unit", "t", choice(list(ops.UNITS)), label="unit"),
    Param("from", "2000-01", month(first, last), group="range", label="date range"),
    Param("to", f"{last:%Y-%m}", month(first, last), group="range", label="date range"),
    Param("date", f"{latest_report:%Y-%m-%d}", day(first, last), label="date of the ranking"),
    Param("n", 15, integer(5, 40), label="number of holders"),
    Param("since", f"{year_before:%Y-%m-%d}", day(first, last), group="window", label="window"),
    Param("until", f"{latest_report:%Y-%m-%d}", day(first, last), group="window", label="window"),
    Param("value", "CHN", choice(value_options, ALIASES), encode_slug, "economy for the value chart"),
    Param("log", False, flag, encode_flag, "log scale"),
    Param("base", "", month(first, last), label="base month of the index"),
    Param("section", SECTIONS[0], choice(SECTIONS), encode_slug, "section"),
]


def check(values: dict, notices: list[str]) -> None:
    ordered_range(values, "from", "to", PARAMS, notices)
    ordered_range(values, "since", "until", PARAMS, notices)
    reported = {f"{d:%Y-%m-%d}" for d in report_dates}
    for key in ("date", "since", "until"):
        if values[key] not in reported:
            notices.append(f"Ignored `{key}={values[key]}`: economies report at quarter ends; pick one of those.")
            values[key] = next(p.default for p in PARAMS if p.key == key)


url = state.bind(PAGE, PARAMS, check=check)

chrome.header(
    "Which central banks hold and buy gold",
    (
        "Gold in official reserves, as reported to the IMF. Most economies report at the end of each "
        "quarter; the chart draws only what was reported and never fills the gaps."
    ),
    url.notices,
)

months = pd.date_range(first, last, freq="MS").strftime("%Y-%m").tolist()
# The chart first, its controls below: the browser paints the chart without waiting for the
# widgets' code. The controls' values are known before they are drawn.
chosen, unit, (start, end) = url.live("economies"), url.live("unit"), url.live("range")
share = url.share_url(f"/{PAGE}")

unit = unit or "t"
unit_label = ops.UNITS[unit]
lo, hi = pd.Timestamp(start), pd.Timestamp(end) + pd.offsets.MonthEnd(0)
log, base_month = url.live("log"), url.live("base")
series = {
    c: ops.convert(frame[frame["series"] == c].set_index("date")["value"].loc[lo:hi], unit) for c in chosen
}
if base_month:  # each economy = 100 at its first report in or after the base month
    base_at = pd.Timestamp(base_month)
    firsts = {c: v.loc[base_at:].dropna() for c, v in series.items()}
    series = {c: v / firsts[c].iloc[0] * 100 if not firsts[c].empty and firsts[c].iloc[0] != 0 else v.iloc[0:0]
              for c, v in series.items()}
main_label = f"index, first report from {base_month} = 100" if base_month else unit_label
drawn = {c: v for c, v in series.items() if not v.dropna().empty}
if drawn:
    fig = figures.frozen(
        ("gold", tuple(drawn), unit, start, end, base_month, log, data_sources.version("gold_reserves")),
        lambda: charts.holdings(
            drawn,
            names,
            main_label,
            holdings.provenance.attribution,
            title=f"Official gold holdings, {main_label}, {start} to {end}",
            log=log,
        ),
    )
    chrome.chart(fig, name=f"gold-holdings_{unit}_{start}_{end}", provs=[holdings.provenance], share=share,
                 key="holdings")
else:
    st.info("Pick at least one economy below to draw the chart." if not chosen else
            "None of the chosen economies reported in these months.", icon=":material/touch_app:")
silent = [names[c] for c in series if c not in drawn]
if silent:
    st.caption(f"No report between {start} and {end} from: {', '.join(silent)}.")
if chrome.embedded():
    st.stop()

with st.container(border=True):
    picked, unit_col = st.columns([3, 1])
    picked.multiselect(
        "Economies", codes, default=url["economies"], key=url.key("economies"), format_func=names.get, max_selections=12
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
section, pane = chrome.section_tabs(url, SECTIONS)
with pane:  # only the open tab runs
    if section == "Largest holders":
        left, right = st.columns([1, 3])
        top_date = left.selectbox("As of", report_labels, index=url.index("date", report_labels), key=url.key("date"),
                                 persist_state="page")
        n = left.slider("How many", 5, 40, value=url["n"], key=url.key("n"), persist_state="page")
        top = ops.top_holders(frame, pd.Timestamp(top_date), n)
        top = top.assign(value=ops.convert(top["value"], unit))
        with right:
            fig = charts.top_holders(top, names, top_date, unit_label, holdings.provenance.attribution)
            chrome.chart(fig, name=f"gold-top-{n}_{top_date}_{unit}", provs=[holdings.provenance], key="top")
            late = top[top["old"]]
            st.caption(
                f"Each economy's latest report up to {top_date}. "
                + (f"{len(late)} shown with the date of an earlier report (lighter bars): they had not reported "
                   f"for {top_date} yet. " if len(late) else "")
                + f"{top.attrs.get('left_out', 0)} economies whose last report is over two years old are left out."
            )

    elif section == "Buyers and sellers":
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
                       "economy that had not reported for the end date yet is shown to its latest report (lighter, "
                       "with that date).")

    elif section == "Price and value":
        value_code = st.selectbox(
            "Economy",
            value_options,
            index=url.index("value", value_options),
            key=url.key("value"),
            persist_state="page",
            format_func=names.get,
        )
        tonnes = frame[frame["series"] == value_code].set_index("date")["value"]
        value = ops.holdings_value(tonnes, price)
        fig = charts.price_and_value(
            price.loc[lo:hi],
            value.loc[lo:hi],
            names[value_code],
            f"{price_result.provenance.attribution}; {holdings.provenance.attribution}",
        )
        chrome.chart(
            fig,
            name=f"gold-price-and-value_{value_code}_{start}_{end}",
            provs=[price_result.provenance, holdings.provenance],
            key="value",
        )
        st.caption(
            "Value = reported volume at the end of the month × that month's average price (World Bank). "
            "Months without a reported volume have no value; none is estimated."
        )

    elif section == "World total":
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
        st.markdown(
            "- Volumes are what central banks and governments report to the IMF (International Reserves and Foreign "
            "Currency Liquidity), converted at 1 tonne = 32,150.7466 fine troy ounces.\n"
            "- Estimates of central-bank *purchases* by others (for example the World Gold Council's) include "
            "buyers that do not report, so they can differ from the reported changes shown here.\n"
            "- Most economies report at quarter ends; the charts draw a line only between consecutive reports "
            "and leave a gap where a report is missing.\n"
            "- Since 2019-12 the IMF table used here covers about 48 economies; before, about 150."
        )
