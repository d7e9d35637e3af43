"""Dollar Tide — overview: the latest official numbers, how fresh they are, and a refresh."""

from datetime import UTC, datetime

import pandas as pd
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from data_sources import CATALOGUE, background
from ui import chrome, data, freshness
from views import OVERVIEW
from views.urlstate import slugify

chrome.setup(OVERVIEW.nav)
st.title(":material/waves: Dollar Tide", anchor=False)
st.markdown("Who holds US Treasury debt, how the yen moves against the dollar, which central banks hold and buy "
            "gold, and the dollar's share of the world's reserves — from the official sources, with the date and "
            "origin of every number.")
everything = [data.provenance(name) for name in CATALOGUE]
st.caption(freshness.age_line(everything))  # on the first screen: how old these numbers are
chrome.freshness_notice(everything)


def tile(column: DeltaGenerator, label: str, value: float, delta: float | None, fmt: str, delta_fmt: str,
         help_text: str, page: str, query: dict[str, str], delta_color: str = "normal") -> None:
    with column.container(border=True):
        st.metric(label, fmt.format(value), None if delta is None else delta_fmt.format(delta),
                  delta_color=delta_color, help=help_text)
        st.page_link(page, label="Open chart", icon=":material/show_chart:", query_params=query)


def last_two(series: pd.Series, months: int = 1) -> tuple[pd.Timestamp, float, float | None]:
    """The latest value, its date, and its change against the same series `months` months earlier
    (None if that month is not in the data)."""
    series = series.dropna()
    date = series.index.max()
    by_month = pd.Series(series.to_numpy(), index=series.index.to_period("M"))
    target = date.to_period("M") - months
    change = float(series.iloc[-1] - by_month[target]) if target in by_month.index else None
    return date, float(series.iloc[-1]), change


tic = data.wide("treasury_holdings")
tic_moves = data.changes("treasury_holdings")  # like for like: a survey's re-base is no month's move
st.header("US Treasury holdings")  # h2 under the page's h1: no level skipped
cols = st.columns(4)
for column, (holder, slug) in zip(cols, (("Japan", "japan"), ("China, Mainland", "china-mainland"),
                                         ("United Kingdom", "united-kingdom"), ("Grand Total", "grand-total")),
                                  strict=True):
    date, level, _ = last_two(tic[holder])
    moved = tic_moves.at[date, holder]
    change = None if pd.isna(moved) else float(moved)
    # Short names: a tile's label must fit four tiles to a row beside the sidebar.
    name = {"Grand Total": "Foreign total", "China, Mainland": "China", "United Kingdom": "UK"}.get(holder, holder)
    tile(column, f"{name}, {date:%b %Y}", level, change, "${:,.1f} bn", "{:+,.1f} bn on month",
         "End-of-month holdings of US Treasury securities (TIC).", "pages/treasuries.py",
         {"countries": slug, "transform": "level"})

# Who is selling: a fall in holdings is not a sale (prices move), so the trades have tiles of their own.
flows = data.load("treasury_flows").frame
custody = data.series("fed_custody", "WMTSECL1")
cols = st.columns(4)
week, level = custody.index.max(), float(custody.iloc[-1])
tile(cols[0], f"Fed custody, {week:%d %b %Y}", level, float(custody.iloc[-1] - custody.iloc[-2]), "${:,.1f} bn",
     "{:+,.1f} bn on week", "Treasuries held at the New York Fed for foreign central banks and international "
     "accounts (H.4.1), each Wednesday: the first sign of official selling, weeks before TIC.", "pages/treasuries.py",
     {"section": "fed-custody"})
newest = flows[(flows["source"] == "slt_table3") & ~flows["is_aggregate"]]
newest = newest[newest["date"] == newest["date"].max()]
for column, row in zip(cols[1:3], (newest.nsmallest(1, "value").iloc[0], newest.nlargest(1, "value").iloc[0]),
                       strict=True):
    name = {"China, Mainland": "China", "United Kingdom": "UK"}.get(row["series"], row["series"])
    what = "sold" if row["value"] < 0 else "bought"
    tile(column, f"Top net {'seller' if row['value'] < 0 else 'buyer'}, {row['date']:%b %Y}", abs(row["value"]),
         float(row["holdings_change"]), f"{name} {what} ${{:,.1f}} bn", "holdings {:+,.1f} bn",
         "Net purchases (TIC Table 3): what the holder bought minus what it sold; its holdings change also counts "
         "price changes.", "pages/treasuries.py",
         {"section": "was-it-selling", "countries": slugify(row["series"]), "flow_month": f"{row['date']:%Y-%m}"},
         delta_color="off")

st.header("The yen and Japan's reserves")
rate = data.series("usdjpy", "USDJPY")
reserves = data.series("japan_reserves", "total")
gold = data.load("gold_reserves").frame
price = data.series("gold_price", "GOLD")
cols = st.columns(4)
last_day = rate.index.max()
day_change = float(rate.iloc[-1] - rate.iloc[-2])
year_ago = rate.loc[:last_day - pd.DateOffset(years=1)]
year_change = float(rate.iloc[-1] - year_ago.iloc[-1]) if not year_ago.empty else None
with cols[0].container(border=True):
    st.metric(f"USD/JPY, {last_day:%d %b %Y}", f"{rate.iloc[-1]:.2f} yen", f"{day_change:+.2f} on the day",
              delta_color="off", help="Noon buying rate in New York (FRED DEXJPUS). A higher number is a weaker yen.")
    st.caption(f"{year_change:+.2f} yen on the year" if year_change is not None else "")
    st.page_link("pages/usdjpy.py", label="Open chart", icon=":material/show_chart:", query_params={"range": "1Y"})
date, level, change = last_two(reserves)
tile(cols[1], f"Reserves, {date:%b %Y}", level, change, "${:,.1f} bn", "{:+,.1f} bn on month",
     "Japan's official reserve assets, Ministry of Finance Japan.", "pages/usdjpy.py",
     {"range": "5Y", "section": "japan-s-reserves"})
st.header("Gold")
cols = st.columns(4)
for column, code in zip(cols[:2], ("CHN", "G001"), strict=True):
    tonnes = gold[gold["series"] == code].set_index("date")["value"]
    date, level, change = last_two(tonnes, months=12)
    label = "China's gold" if code == "CHN" else "World gold"
    tile(column, f"{label}, {date:%b %Y}", level, change, "{:,.0f} t", "{:+,.0f} t in 12 months",
         "Official gold holdings reported to the IMF, tonnes.", "pages/gold.py",
         {"economies": "chn"} if code == "CHN" else {"economies": "g001", "section": "world-total"})
date, level, change = last_two(price)
tile(cols[2], f"Gold price, {date:%b %Y}", level, change, "${:,.0f}/oz", "{:+,.0f} on month",
     "World Bank Pink Sheet: the month's average price, US dollars per troy ounce.", "pages/gold.py",
     {"section": "price-and-value", "value": "chn"})

st.header("Reserve currencies and China")
shares = data.series("reserve_currencies", "USD_share")
china_fx = data.series("china_reserves", "foreign_currency_reserves")
cols = st.columns(4)
date, level, change = last_two(shares, months=12)
tile(cols[0], f"Dollar's share of reserves, {date.year}-Q{date.quarter}", level, change, "{:.2f}%",
     "{:+.2f} pts on year", "The US dollar's share of the world's allocated foreign-exchange reserves (IMF COFER).",
     "pages/reserves.py", {"currencies": "usd"})
date, level, change = last_two(china_fx)
tile(cols[1], f"China's FX reserves, {date:%b %Y}", level, change, "${:,.1f} bn", "{:+,.1f} bn on month",
     "China's foreign-currency reserves at the month end (SAFE).", "pages/reserves.py",
     {"section": "china-s-reserves"})

with st.container(border=True):
    st.markdown("**Read a viral article about Japan \"dumping\" Treasuries and China buying gold?** Each of its "
                "numbers, next to the official figure and the reason where they differ:")
    st.page_link("pages/article.py", label="Article check", icon=":material/fact_check:")

st.divider()
st.header("Data freshness")
st.caption(f"Every page reads the last good release stored on this machine, or the snapshot bundled with the app; "
           f"opening a page never waits on the network. Now: {datetime.now(UTC):%Y-%m-%d %H:%M UTC}.")
# A static table: its cells wrap, so every column is read at 1280 px and on a phone, none scrolled off.
fresh = freshness.table(everything)
st.table(fresh.drop(columns=["source", "age"]).set_index("dataset"))
st.caption(freshness.schedule_caption())
freshness.refresh_controls(background)
