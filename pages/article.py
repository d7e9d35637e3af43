"""Article check: every numeric claim of a viral commentary against the official data."""

import json
import urllib.parse
import zlib
from collections import Counter
from dataclasses import replace
from datetime import date

import pandas as pd
import streamlit as st

from analysis import verdicts as V
from analysis.extract import MAX_CHARS, FoundClaim, InputError, data_versions, to_dict, validate
from analysis.verdicts.units import chart_unit, native_unit
from charts import still
from charts.claims import claim_chart
from data_sources import CATALOGUE
from ui import chrome, data, state, texts
from views import memo, textmarks
from views.links import TOPIC_PAGES, claim_link
from views.urlstate import MARKDOWN, Param, choice, choices, claim_value, encode_list, period, read

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
MODES = ("example", "text")
MODE_LABELS = {"example": "The worked example", "text": "Check any article"}
TEXT_KEYS = ("text", "published", "doc")  # a checked text's link (managed by the page, not `PARAMS`)
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
    Param("mode", "example", choice(MODES), label="part of the page"),
]


def _shared_text_opens_its_part(values: dict, notices: list) -> None:
    """A link with a text (or a kept text's id) opens the "Check any article" part."""
    if values["mode"] == "example" and any(k in st.query_params for k in TEXT_KEYS):
        values["mode"] = "text"


url = state.bind(PAGE, PARAMS, _shared_text_opens_its_part)


# -- Check any article ---------------------------------------------------------------------------
# A reader's text: the extractor (`analysis.extract`) finds its figures, the verdict engine checks
# each. Sharing: a short text travels in the link; a long one is kept under its SHA-256 when the
# reader asks for a link (`ui.texts` says why).

OP_WORDS = {"level": "the level", "change": "the change", "max": "the highest", "min": "the lowest",
            "mean": "the average", "total": "the total", "highest_since": "the highest since",
            "lowest_since": "the lowest since", "declines": "the months of decline", "top_buyers": "the top buyers"}


def _md(text: str) -> str:
    """A reader's text (or what we read from it) shown as typed: never rendered as markdown."""
    return MARKDOWN.sub(r"\\\1", " ".join(str(text).split()))


def shared_from_url() -> tuple[tuple[str, date] | None, list[str]]:
    """The text and date a link carries (`text` + `published`, or `doc`), and notices for what it
    carried that cannot be used. Hostile values give a notice, never an exception."""
    notes: list[str] = []
    doc = st.query_params.get("doc")
    if doc is not None:
        kept = texts.load(doc)
        if kept is None:
            notes.append(f"The text of the link's `doc` ({_md(doc[:40])}) is not kept here (any more): paste it again "
                         "to check it.")
        return kept, notes
    raw, when = st.query_params.get("text"), st.query_params.get("published")
    if raw is None:
        return None, notes
    if when is None:
        notes.append("The link has a text but no `published` date: pick the publication date and press Check.")
        st.session_state.setdefault("article.text", raw[:MAX_CHARS])
        return None, notes
    try:
        return validate(raw, when), notes
    except InputError as exc:
        notes.append(f"Not checked: {_md(str(exc))}")
        return None, notes


def text_card(number: int, found: FoundClaim, text: str) -> None:
    colour, icon = BADGES.get(found.verdict, BADGES["not checkable"])
    spec = CATALOGUE.get(found.dataset) if found.dataset else None
    with st.container(border=True):
        st.badge(f"{number} · {V.STATUS_LABELS.get(found.verdict, found.verdict)}", icon=icon, color=colour)
        quote = " ".join(text[found.sentence[0]:found.sentence[1]].split()) or found.number
        st.markdown(f"> {_md(quote)}")
        when = found.date or (f"{found.start} to {found.end}" if found.start and found.end else found.start or "")
        understood = ", ".join(x for x in (
            _md(found.subject) if found.subject else "",
            f"{OP_WORDS.get(found.op or '', found.op or '')} in {spec.title if spec else found.dataset}",
            when) if x)
        st.markdown(f"**The figure:** {_md(found.number)} · **What we understood:** {understood}")
        st.markdown(f"**Official:** {_official(found, spec.unit if spec else '')}")
        if found.reason:
            st.markdown(_md(found.reason))
        if found.chart:
            path, _, query = found.chart.partition("?")
            page = f"pages/{path.strip('/')}.py"
            if page in TOPIC_PAGES.values():
                st.page_link(page, label="Open this series and period", icon=":material/open_in_new:",
                             query_params=dict(urllib.parse.parse_qsl(query)))


def _official(found: FoundClaim, unit: str) -> str:
    if found.official is None:
        return "—"
    value = found.official
    signed = found.op == "change"
    digits = 2 if abs(value) < 1_000 else 1
    shown = f"{value:{'+' if signed else ''},.{digits}f}"
    shown = shown.rstrip("0").rstrip(".") if "." in shown else shown
    return f"{shown} {unit}".strip()


def share(text: str, published: date, found: list[FoundClaim]) -> None:
    """The link to this check, and the check as JSON (the permanent record)."""
    doc = st.session_state.get("article.doc")
    if not texts.fits_url(text) and doc != texts.doc_id(text, published):
        st.caption(f"This text is too long to travel in a link ({len(text):,} characters). A link keeps it on this "
                   "site under its SHA-256 fingerprint, so the same text always gets the same link.")
        if st.button("Make a link to this text", icon=":material/link:"):
            try:
                st.session_state["article.doc"] = doc = texts.save(text, published)
            except (OSError, InputError):
                st.warning("The text could not be kept on this site just now: download the check instead.")
    shared = _shared_query(text, published)
    if shared:
        st.caption("Link to this check:")
        st.code(state.full_link(f"/{PAGE}", {**url.current_encoded(), **shared}), language=None, wrap_lines=True)
    record = to_dict(found, published, data_versions(found, data.load)) | {"text": text}
    st.download_button("Download the check (JSON)", json.dumps(record, ensure_ascii=False, indent=1),
                       file_name=f"dollar-tide-check-{texts.doc_id(text, published)[:12]}.json",
                       mime="application/json", icon=":material/download:")


def _shared_query(text: str, published: date) -> dict[str, str]:
    if texts.fits_url(text):
        return {"text": text, "published": f"{published:%Y-%m-%d}"}
    doc = st.session_state.get("article.doc")
    return {"doc": doc} if doc == texts.doc_id(text, published) else {}


def own_text() -> None:
    st.markdown(
        "Paste an article's text and the date it was published. Every figure we can read in it is checked "
        "against the official data on this site, highlighted in the text by its verdict, and explained below. "
        "Months without a year are read as the latest one before publication."
    )
    chrome.freshness_notice([data.provenance(name) for name in CATALOGUE if name != "fx_interventions"])
    from_url, notes = shared_from_url()
    chrome.notices(notes)
    if from_url is not None and from_url != st.session_state.get("article.from_url"):
        # A shared link, or Back/Forward to one: its text fills the form and is checked.
        st.session_state["article.own"] = from_url
        st.session_state["article.text"], st.session_state["article.published"] = from_url
    st.session_state["article.from_url"] = from_url
    st.session_state.setdefault("article.published", date.today())
    with st.form("article-text"):
        st.text_area("Article text", key="article.text", max_chars=MAX_CHARS, height=240,
                     placeholder="Paste the article here (at most 20,000 characters)")
        st.date_input("Published on", key="article.published", min_value=date(1950, 1, 1),
                      max_value=date(2100, 12, 31), format="YYYY-MM-DD")
        submitted = st.form_submit_button("Check", icon=":material/fact_check:", type="primary")
    if submitted:
        st.session_state["article.own"] = (st.session_state["article.text"], st.session_state["article.published"])
    own = st.session_state.get("article.own")
    if own is None:
        _write_shared({})
        return
    text, published = own
    try:
        found = data.check(text, published)
    except InputError as exc:
        st.warning(str(exc), icon=":material/edit:")
        _write_shared({})
        return
    counts = Counter(f.verdict for f in found)
    tiles = st.container(horizontal=True, gap="small")
    for status in V.STATUSES:
        tiles.metric(V.STATUS_LABELS[status], counts[status], border=True, width=TILE_PX)
    if not found:
        st.info("No figures found in this text: nothing to check.", icon=":material/search_off:")
    st.html(textmarks.marked(text, found))
    numbered = textmarks.numbered(found)
    checked = [(n, f) for n, f in numbered if f.verdict != "not checkable"]
    if checked:
        st.subheader(f"{len(checked)} figure{'' if len(checked) == 1 else 's'} checked")
    for n, f in checked:
        text_card(n, f, text)
    unchecked = [(n, f) for n, f in numbered if f.verdict == "not checkable"]
    if unchecked:
        st.subheader(f"{len(unchecked)} figures we could not check")
        st.markdown("\n".join(f"- **{n}** {_md(f.number)}: {_md(f.reason)}" for n, f in unchecked))
    share(text, published, found)
    _write_shared(_shared_query(text, published))


def _write_shared(shared: dict[str, str]) -> None:
    """The link holds the checked text (short), its kept id (long), or neither."""
    for key in TEXT_KEYS:
        if key not in shared and key in st.query_params:
            del st.query_params[key]
    for key, value in shared.items():
        if st.query_params.get(key) != value:
            st.query_params[key] = value
    if shared:
        st.session_state["article.from_url"] = (
            texts.load(shared["doc"]) if "doc" in shared else validate(shared["text"], shared["published"]))

st.title("Article check")
mode = st.segmented_control("Part of the page", MODES, default=url["mode"], key=url.key("mode"), required=True,
                            format_func=MODE_LABELS.get, label_visibility="collapsed") or "example"
if mode == "text":
    chrome.notices(url.notices)
    own_text()
    url.write_url(keep=TEXT_KEYS)
else:
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

    # One row each: in two columns the topics' fourth pill was cut to "N" (pills do not wrap there).
    left = right = st.container()
    topics = left.pills(
        "Topic", TOPICS, default=url["topics"], key=url.key("topics"), selection_mode="multi",
        format_func=TOPIC_LABELS.get,
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
                        first = next(iter(verdict.evidence), None)
                        unit, per = chart_unit(spec.series_info(first).unit if first else spec.unit,
                                               claim.check.unit if claim.check else None)
                        evidence = {n: v / per for n, v in verdict.evidence.items()}
                        marks = [replace(m, y=None if m.y is None else m.y / per) for m in verdict.marks]
                        fig = claim_chart(evidence, marks, titles, unit, prov.attribution,
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
    extracted = data.seed_extraction()

    def by_itself(verdict: V.Verdict) -> str:
        """What the extractor, reading the article's text alone, made of a hand-written claim."""
        if extracted is None:
            return "—"
        found, agrees = extracted[verdict.claim.id]
        if verdict.claim.check is None:
            return "✓ gave no verdict either" if agrees else "✗ gave a verdict"
        if found is None:
            return "not found by itself"
        return f"✓ found, {V.STATUS_LABELS[found.verdict].lower()}" if agrees else (
            f"found, but {V.STATUS_LABELS[found.verdict].lower()}")

    if extracted is not None:
        agreeing = sum(1 for _, agrees in extracted.values() if agrees)
        found_alone = sum(1 for v in verdicts if v.claim.check is not None and extracted[v.claim.id][0] is not None)
        st.caption(f"The extractor alone (Check any article, reading this text with no hand-written claims) finds "
                   f"{found_alone} of the {sum(1 for v in verdicts if v.claim.check is not None)} checkable claims "
                   f"and agrees with the worked example on {agreeing} of all {len(verdicts)}: the column "
                   "“By itself”.")
    st.caption(f"{len(shown)} of {len(verdicts)} claims match the filters. Sort by a column's header; pick a row for "
               "its card and chart.")
    table = pd.DataFrame({
        "#": [verdicts.index(v) + 1 for v in shown],
        "verdict": [f"{SIGNS[v.status]} {V.STATUS_LABELS[v.status]}" for v in shown],
        "claim": [v.claim.quote for v in shown],
        "article": [v.article_text or "—" for v in shown],
        "official": [v.official_text or "—" for v in shown],
        "why": [one_line(v) for v in shown],
        "alone": [by_itself(v) for v in shown],
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
            "alone": st.column_config.TextColumn("By itself", width=170,
                                                 help="What the extractor made of the claim reading the text alone"),
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
    SERIES_DEFAULT = {"treasury_holdings": "Japan", "usdjpy": "USDJPY", "japan_reserves": "total", "rates": "DFF",
                      "gold_reserves": "CHN", "gold_price": "GOLD", "reserve_currencies": "USD_share",
                      "china_reserves": "foreign_currency_reserves"}

    def units_for(name: str) -> list[str]:
        """The article units a claim about this dataset can be in (a dataset may mix shares and amounts)."""
        loaded = data.load(name)
        natives = {native_unit(loaded, s)[0] for s in loaded.series_ids()}
        return [u for u, (native, _) in V.UNITS.items() if native in natives]

    query = {k: st.query_params.get(k) for k in CLAIM_KEYS}
    # The series and units to accept depend on the dataset, so the claim's URL is read in two steps.
    first, notes = read([Param("dataset", "treasury_holdings", choice(DATASETS)),
                         Param("op", "level", choice(CUSTOM_OPS))], {k: v for k, v in query.items() if v is not None})
    dataset, op = first["dataset"], first["op"]
    result = data.load(dataset)
    second, more = read([Param("series", SERIES_DEFAULT[dataset], choice(result.series_ids())),
                         Param("unit", native_unit(result, SERIES_DEFAULT[dataset])[0],
                               choice(units_for(dataset))),
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
    units = units_for(picked)
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
