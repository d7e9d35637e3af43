"""Article check: every numeric claim of a viral commentary against the official data."""

import zlib

import pandas as pd
import streamlit as st

from analysis import verdicts as V
from charts import still
from charts.claims import claim_chart
from data_sources import CATALOGUE
from ui import chrome, data, state
from views import memo
from views.links import claim_link
from views.urlstate import Param, choice, choices, claim_value, encode_list, period, read

PAGE = "article"
BADGES = {
    "matches": ("green", ":material/check_circle:"),
    "close": ("blue", ":material/adjust:"),
    "revised": ("orange", ":material/history:"),
    "differs": ("red", ":material/cancel:"),
    "not checkable": ("gray", ":material/help:"),
}
#: In the table, a verdict's sign beside its word: colour is never the only cue.
SIGNS = {"matches": "✓", "close": "≈", "revised": "↻", "differs": "✗", "not checkable": "?"}
TOPICS = ("treasuries", "usdjpy", "gold", "not checkable")
TOPIC_LABELS = {
    "treasuries": "Treasury holders",
    "usdjpy": "Yen and rates",
    "gold": "Gold",
    "not checkable": "Not checkable",
}
CUSTOM_OPS = ("level", "change", "max", "min", "mean", "highest_since", "lowest_since", "declines")
REASON_CHARS = 110  # the table's one-line reason; the card says it in full
TILE_PX = 150  # "Revised since" and "Not checkable" on one line; three tiles in a row on a phone

chrome.setup("Article check")
meta, verdicts = data.article()
counts = V.summary(verdicts)
by_id = {v.claim.id: v for v in verdicts}

PARAMS = [
    Param(
        "topics",
        TOPICS,
        choices(TOPICS, {"yen": "usdjpy", "treasury": "treasuries"}),
        encode_list,
        "topics",
        multi=True,
    ),
    Param("verdicts", V.STATUSES, choices(V.STATUSES), encode_list, "verdicts", multi=True),
    Param("claim", "", choice(["", *by_id]), label="claim"),
]
url = state.bind(PAGE, PARAMS)

st.title("Article check")
st.markdown(
    f"*{meta.get('title', 'The article')}* ({meta.get('published', '')}) makes many numeric claims about foreign "
    "holders of US Treasuries, the yen and gold. Here is each one next to the official figure, computed now from "
    "the data on this site, with the reason where they differ. Pick a claim in the table for its card and chart."
)
chrome.notices(url.notices)
# Said once for the whole page, not under each claim's chart.
chrome.freshness_notice([data.provenance(name) for name in CATALOGUE if name != "fx_interventions"])

# A row that wraps: on a phone the five counts take two short rows, not five screens' tops.
tiles = st.container(horizontal=True, gap="small")
for status in V.STATUSES:
    tiles.metric(V.STATUS_LABELS[status], counts[status], border=True, width=TILE_PX)

left, right = st.columns([2, 3])  # five verdicts need the wider half
topics = left.pills(
    "Topic", TOPICS, default=url["topics"], key=url.key("topics"), selection_mode="multi", format_func=TOPIC_LABELS.get
)
wanted = right.pills(
    "Verdict",
    V.STATUSES,
    default=url["verdicts"],
    key=url.key("verdicts"),
    selection_mode="multi",
    format_func=V.STATUS_LABELS.get,
)
CLAIM_KEYS = ("dataset", "series", "op", "start", "end", "value", "unit")


def drawn_data(verdict: V.Verdict) -> tuple:
    """What a claim's small chart is drawn from, as a cache key: its series (by content), its marks."""
    series = tuple((name, int(pd.util.hash_pandas_object(s).sum())) for name, s in verdict.evidence.items())
    return series, tuple(verdict.marks), verdict.change_from


def one_line(verdict: V.Verdict) -> str:
    """The table's reason: the first one, cut at a word."""
    if not verdict.reasons:
        return "The same figure, to the precision the article printed." if verdict.status == "matches" else ""
    text = " ".join(verdict.reasons[0].split())
    return text if len(text) <= REASON_CHARS else text[:REASON_CHARS].rsplit(" ", 1)[0] + "…"


def card(verdict: V.Verdict, *, own: bool = False) -> None:
    claim = verdict.claim
    colour, icon = BADGES[verdict.status]
    with st.container(border=True):
        text, chart = st.columns([3, 2]) if verdict.evidence else (st.container(), None)
        with text:
            st.badge(V.STATUS_LABELS[verdict.status], icon=icon, color=colour)
            st.markdown(f"> {claim.quote}")
            quoted, official = st.columns(2)
            quoted.markdown(f"**{'Your figure' if own else 'Article'}:** {verdict.article_text or '—'}")
            official.markdown(f"**Official:** {verdict.official_text or '—'}")
            for reason in verdict.reasons:
                st.markdown(f"- {reason}")
            if claim.note:
                st.caption(f"How we read it: {claim.note}")
        if chart is not None:
            spec = CATALOGUE[claim.check.dataset]  # type: ignore[union-attr]
            prov = data.provenance(spec.name)  # not the frame: 28 cards would unpickle it 28 times
            titles = {s: spec.series_info(s).title for s in verdict.evidence}
            with chart:
                def build() -> tuple[bytes, str]:
                    fig = claim_chart(verdict.evidence, verdict.marks, titles, spec.unit, prov.attribution,
                                      change_from=verdict.change_from, events=spec.frequency == "event")
                    return still.png(fig), still.describe(fig)

                # Drawn on the server (no plotly in the browser: the table above shows first), once
                # per claim and drawn data for the article's claims, shared by sessions; a reader's own
                # claim is kept in the session only, so made-up claims never crowd the shared cache.
                key = ("claim-still", claim, drawn_data(verdict))
                if own:
                    if st.session_state.get("claim-still", (None,))[0] != key:
                        st.session_state["claim-still"] = (key, build())
                    picture, alt = st.session_state["claim-still"][1]
                else:
                    picture, alt = memo.cached(key, build)
                chrome.still(picture, alt=alt, provs=[prov], warn=own)  # the page warns once for the article's
                link = claim_link(verdict, *data.date_span(spec.name))
                if link is not None:
                    page, query = link
                    st.page_link(
                        page, label="Open this series and period", icon=":material/open_in_new:", query_params=query
                    )


shown = [v for v in verdicts if v.claim.topic in (topics or TOPICS) and v.status in (wanted or V.STATUSES)]
ids = [v.claim.id for v in shown]
st.caption(f"{len(shown)} of {len(verdicts)} claims match the filters. Sort by a column's header; pick a row for "
           "its card and chart.")
table = pd.DataFrame({
    "#": [verdicts.index(v) + 1 for v in shown],
    "verdict": [f"{SIGNS[v.status]} {V.STATUS_LABELS[v.status]}" for v in shown],
    "claim": [v.claim.quote for v in shown],
    "article": [v.article_text or "—" for v in shown],
    "official": [v.official_text or "—" for v in shown],
    "why": [one_line(v) for v in shown],
})
chosen = url.live("claim")
# A new table (other filters) starts from the URL's claim; its selection is the claim shown below.
widget = f"article.table.{zlib.crc32(','.join(ids).encode())}.{url.generation}"
picked = st.dataframe(
    table, hide_index=True, on_select="rerun", selection_mode="single-row", key=widget,
    selection_default={"selection": {"rows": [ids.index(chosen)]}} if chosen in ids else None,
    height=38 + 35 * max(1, len(shown)), placeholder="—",
    column_config={
        "#": st.column_config.NumberColumn("#", width=36),
        "verdict": st.column_config.TextColumn("Verdict", width=125),
        "claim": st.column_config.TextColumn("Claim", width=300),
        "article": st.column_config.TextColumn("Article", width=110),
        "official": st.column_config.TextColumn("Official", width=130),
        "why": st.column_config.TextColumn("Why", width=380),
    },
)
if widget in st.session_state:  # the reader's pick (or un-pick) from this table
    rows = picked.selection.rows
    chosen = ids[rows[0]] if rows else ""
st.session_state[url.key("claim")] = chosen
if chosen:
    card(by_id[chosen])
else:
    st.caption("Pick a claim in the table: its card opens here, with both figures marked on the official series.")
url.write_url(keep=CLAIM_KEYS)

st.divider()
st.header("Check your own claim")
st.markdown(
    "Pick a dataset, a series, what to compute and the value you read somewhere: the same engine gives the "
    "verdict, and the link below carries the claim so you can share it."
)

DATASETS = [n for n in CATALOGUE if n != "fx_interventions"]
UNITS_FOR = {name: [u for u, (native, _) in V.UNITS.items() if native == CATALOGUE[name].unit] for name in DATASETS}
SERIES_DEFAULT = {"treasury_holdings": "Japan", "usdjpy": "USDJPY", "japan_reserves": "total", "rates": "DFF",
                  "gold_reserves": "CHN", "gold_price": "GOLD"}
query = {k: st.query_params.get(k) for k in CLAIM_KEYS}
# The series and units to accept depend on the dataset, so the claim's URL is read in two steps.
first, notes = read([Param("dataset", "treasury_holdings", choice(DATASETS)),
                     Param("op", "level", choice(CUSTOM_OPS))], {k: v for k, v in query.items() if v is not None})
dataset, op = first["dataset"], first["op"]
result = data.load(dataset)
second, more = read([Param("series", SERIES_DEFAULT[dataset], choice(result.series_ids())),
                     Param("unit", result.spec.unit, choice(UNITS_FOR[dataset])),
                     Param("start", "", period, label="start"), Param("end", "", period, label="end"),
                     Param("value", "", claim_value(op), label="value (nothing is checked)")],
                    {k: v for k, v in query.items() if v is not None})
series, unit = second["series"], second["unit"]
# From here on the claim is what the codec accepted, never the raw URL text.
query.update({k: second[k] or None for k in ("start", "end", "value")})
chrome.notices(notes + more)

# The dataset is picked outside the form: changing it lists that dataset's series and units at
# once, so a claim is never checked with another dataset's series, value and unit.
picked = st.selectbox("Dataset", DATASETS, index=DATASETS.index(dataset), format_func=lambda n: CATALOGUE[n].title,
                      key="claim.dataset")
if picked != dataset:
    result = data.load(picked)
options = result.series_ids()
units = UNITS_FOR[picked]
with st.form("custom-claim"):
    c1, c2 = st.columns([1, 1])
    new_series = c1.selectbox(
        "Series",
        options,
        index=options.index(series) if picked == dataset else options.index(SERIES_DEFAULT[picked]),
        format_func=lambda s: result.series_info(s).title,
        key=f"claim.series.{picked}",
    )
    new_op = c2.selectbox("What to compute", CUSTOM_OPS, index=CUSTOM_OPS.index(op), format_func=lambda o: V.OPS[o])
    c4, c5, c6, c7 = st.columns(4)
    new_start = c4.text_input(
        "From (YYYY-MM or YYYY-MM-DD)", value=query.get("start") or "", help="For changes, windows and declines"
    )
    new_end = c5.text_input("To", value=query.get("end") or "")
    new_value = c6.text_input(
        "Value you read",
        value=query.get("value") or "" if picked == dataset else "",
        help="A number; for 'since' checks a year or month (e.g. 2009); for declines, months separated by commas",
    )
    new_unit = c7.selectbox("Unit of that value", units,
                            index=units.index(unit) if picked == dataset else 0, key=f"claim.unit.{picked}")
    submitted = st.form_submit_button("Check", icon=":material/fact_check:")

if submitted and not new_value.strip():
    st.warning("Type the value you read, then press Check.", icon=":material/edit:")
elif submitted:
    claim_query = {
        "dataset": picked,
        "series": new_series,
        "op": new_op,
        "start": new_start.strip(),
        "end": new_end.strip(),
        "value": new_value.strip(),
        "unit": new_unit,
    }
    st.query_params.from_dict({**url.current_encoded(), **{k: v for k, v in claim_query.items() if v}})
    st.rerun()

# A claim is checked only as the URL states it in full: not while the picker shows another dataset
# (the card would sit under a form about something else), not when the codec set a part aside.
set_aside = [n for n in more if n.startswith(("Ignored `start", "Ignored `end", "Ignored `value"))]
if picked != dataset and query.get("value"):
    st.info(f"Pick a series and the value you read for *{CATALOGUE[picked].title}*, then press Check.")
elif set_aside and query.get("dataset"):
    st.info("Not checked: part of this claim could not be read (see the note above).")
elif query.get("value") and query.get("dataset"):
    claim = V.custom_claim(
        dataset,
        series,
        op,
        query.get("start") or "",
        query.get("end") or "",
        query.get("value") or "",
        unit,
        data.load(dataset).series_info(series).title,  # the claim's dataset, whatever the picker shows now
    )
    try:
        custom = V.evaluate(claim, data.load, None)
    except V.ClaimError as exc:
        custom = V.Verdict(claim, "not checkable", reasons=[str(exc)])
    except (ValueError, LookupError, ArithmeticError) as exc:  # a combination the engine cannot compute
        custom = V.Verdict(claim, "not checkable", reasons=[f"This combination cannot be computed ({exc})."])
    card(custom, own=True)
    st.caption("Link to this check:")
    st.code(state.full_link(f"/{PAGE}", {k: st.query_params[k] for k in st.query_params}), language=None,
            wrap_lines=True)

with st.expander("How verdicts are computed"):
    st.markdown(
        "- **Matches**: the official figure equals the article's to the precision the article printed it "
        "(±½ of its last digit).\n"
        "- **Close**: within a tolerance set per claim (shown in `analysis/article_claims.toml`).\n"
        "- **Revised since**: the figures differ, and the publisher revised the months the claim is about after "
        "the article appeared: the article may have quoted the figure published at the time.\n"
        "- **Differs**: further apart, or for lists and directions, not the same.\n"
        "- **Not checkable**: no dataset here covers it, or the data has no figure for the date.\n\n"
        "Official figures come from the data currently loaded (see the Overview page for dates and origin): when a "
        "source revises a month, the verdict follows. Reasons are computed — revision dates from Treasury's own "
        "notes, reporting frequency, unit slips — and known caveats (noon rate vs intraday, custody, reported vs "
        "estimated purchases) are added only where the figures differ."
    )
