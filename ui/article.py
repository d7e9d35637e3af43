"""The article page's cards, tiles, table and forms, and the session state the page keeps.

The words they show are `views.article`'s, a reader's claim is `views.custom_claim`'s; here they are
drawn with Streamlit. The page (`pages/article.py`) puts them in order.
"""

from __future__ import annotations

import json
import urllib.parse
import zlib
from collections import Counter
from collections.abc import Callable, Sequence
from datetime import date

import streamlit as st

from analysis import verdicts as V
from analysis.extract import MAX_CHARS, FoundClaim, InputError, data_versions, to_dict, validate
from data_sources import CATALOGUE
from data_sources.result import Provenance, Result
from ui import chrome, data, state, texts
from ui.state import Bound
from views import VIEWS, custom_claim, memo
from views import article as view
from views.links import claim_link

TILE_PX = 150  # "Revised since" and "Not checkable" on one line; three tiles in a row on a phone

# -- what the page keeps in the session ---------------------------------------------------------------
# A checked text: the form's two widgets, the text last checked, the text a link carried (so that a
# link's text is checked once, and again on Back/Forward to it), and a long text's kept id.
TEXT, PUBLISHED = "article.text", "article.published"
OWN, FROM_URL, DOC = "article.own", "article.from_url", "article.doc"
#: A reader's own claim's small chart: kept in the session only (made-up claims never crowd the shared cache).
OWN_STILL = "claim-still"
#: The claim form's widgets: the dataset picker, and per dataset its series and unit.
DATASET_PICKER = "claim.dataset"

Own = tuple[str, date]


def own_text() -> Own | None:
    """The text and publication date last asked to be checked (by the form or a link)."""
    return st.session_state.get(OWN)


def keep_own_text(own: Own) -> None:
    st.session_state[OWN] = own


def fill_form(text: str, published: date) -> None:
    """Put a text and its date in the form's widgets (before they are drawn)."""
    st.session_state[TEXT], st.session_state[PUBLISHED] = text, published


def form_text() -> Own:
    """What the text form holds now."""
    return st.session_state[TEXT], st.session_state[PUBLISHED]


def kept_doc() -> str | None:
    """The id a long text was kept under on this site, if the reader asked for a link."""
    return st.session_state.get(DOC)


def keep_doc(doc: str) -> None:
    st.session_state[DOC] = doc


def last_from_url() -> Own | None:
    """The text a link carried on the last run (or the text this page last put in the link)."""
    return st.session_state.get(FROM_URL)


def remember_from_url(own: Own | None) -> None:
    st.session_state[FROM_URL] = own


def own_still(key: tuple, build: Callable[[], tuple[bytes, str]]) -> tuple[bytes, str]:
    """A reader's own claim's still: drawn once while the claim stays the same, kept in this session."""
    if st.session_state.get(OWN_STILL, (None,))[0] != key:
        st.session_state[OWN_STILL] = (key, build())
    return st.session_state[OWN_STILL][1]


def series_key(dataset: str) -> str:
    return f"claim.series.{dataset}"


def unit_key(dataset: str) -> str:
    return f"claim.unit.{dataset}"


# -- both parts -----------------------------------------------------------------------------------------

def checkable_provenances() -> list[Provenance]:
    """The datasets a claim can be checked against, for the page's one freshness notice."""
    return [data.provenance(name) for name in custom_claim.datasets()]


def summary_tiles(counts: Counter | dict[str, int]) -> None:
    """A count per verdict, in a row that wraps: on a phone the five take two short rows, not five screens' tops."""
    tiles = st.container(horizontal=True, gap="small")
    for status in V.STATUSES:
        tiles.metric(V.STATUS_LABELS[status], counts[status], border=True, width=TILE_PX)


def shared_text_opens_its_part(values: dict, notices: list) -> None:
    """A link with a text (or a kept text's id) opens the "Check any article" part."""
    if values["mode"] == "example" and any(k in st.query_params for k in view.TEXT_KEYS):
        values["mode"] = "text"


# -- the worked example -------------------------------------------------------------------------------

def claims_table(url: Bound, shown: Sequence[V.Verdict], verdicts: Sequence[V.Verdict],
                 extracted: view.Extracted) -> str:
    """The claims the filters let through, one row each; returns the picked claim's id ("" for none).
    A new table (other filters) starts from the URL's claim; its selection is the claim shown below."""
    ids = [v.claim.id for v in shown]
    chosen = url.live("claim")
    widget = f"article.table.{zlib.crc32(','.join(ids).encode())}.{url.generation}"
    picked = st.dataframe(
        view.claims_table(shown, verdicts, extracted), hide_index=True, on_select="rerun",
        selection_mode="single-row", key=widget,
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
    return chosen


def verdict_card(verdict: V.Verdict, *, own: bool = False) -> None:
    """A claim's card: its verdict, both figures, the reasons, and its small chart drawn on the server
    with a link to the series and period as an interactive chart. `own`: a reader's own claim."""
    claim = verdict.claim
    colour, icon = view.BADGES[verdict.status]
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
        if chart is None:
            return
        spec = CATALOGUE[claim.check.dataset]  # type: ignore[union-attr]
        prov = data.provenance(spec.name)  # not the frame: 28 cards would unpickle it 28 times
        with chart:
            def build() -> tuple[bytes, str]:
                return view.claim_still(verdict, spec, prov.attribution)

            # Drawn on the server (no plotly in the browser: the table above shows first), once per
            # claim and drawn data for the article's claims, shared by sessions; a reader's own claim
            # is kept in the session only, so made-up claims never crowd the shared cache.
            key = view.still_key(verdict)
            picture, alt = own_still(key, build) if own else memo.cached(key, build)
            chrome.still(picture, alt=alt, provs=[prov], warn=own)  # the page warns once for the article's
            link = claim_link(verdict, *data.date_span(spec.name))
            if link is not None:
                page, query = link
                st.page_link(page, label="Open this series and period", icon=":material/open_in_new:",
                             query_params=query)


# -- check your own claim -----------------------------------------------------------------------------

def dataset_picker(asked: custom_claim.Asked) -> str:
    """The dataset, picked outside the form: changing it lists that dataset's series and units at once,
    so a claim is never checked with another dataset's series, value and unit."""
    names = custom_claim.datasets()
    return st.selectbox("Dataset", names, index=names.index(asked.dataset), format_func=lambda n: CATALOGUE[n].title,
                        key=DATASET_PICKER)


def claim_form(asked: custom_claim.Asked, picked: str) -> dict[str, str] | None:
    """The rest of the claim, for the picked dataset (starting from the URL's claim when it is about
    that dataset). Returns the claim's query when the reader presses Check with a value."""
    result: Result = data.load(picked)
    same = picked == asked.dataset
    options = result.series_ids()
    units = custom_claim.units_for(result)
    with st.form("custom-claim"):
        c1, c2 = st.columns([1, 1])
        series = c1.selectbox(
            "Series",
            options,
            index=options.index(asked.series if same else custom_claim.default_series(picked)),
            format_func=lambda s: result.series_info(s).title,
            key=series_key(picked),
        )
        op = c2.selectbox("What to compute", custom_claim.OPS, index=custom_claim.OPS.index(asked.op),
                          format_func=lambda o: V.OPS[o])
        c4, c5, c6, c7 = st.columns(4)
        start = c4.text_input("From (YYYY-MM or YYYY-MM-DD)", value=asked.start,
                              help="For changes, windows and declines")
        end = c5.text_input("To", value=asked.end)
        value = c6.text_input(
            "Value you read",
            value=asked.value if same else "",
            help="A number; for 'since' checks a year or month (e.g. 2009); for declines, months separated by commas",
        )
        unit = c7.selectbox("Unit of that value", units, index=units.index(asked.unit) if same else 0,
                            key=unit_key(picked))
        submitted = st.form_submit_button("Check", icon=":material/fact_check:")
    if not submitted:
        return None
    if not value.strip():
        st.warning("Type the value you read, then press Check.", icon=":material/edit:")
        return None
    return custom_claim.encode(picked, series, op, start, end, value, unit)


def claim_link_code(page: str) -> None:
    """The link to the page as it stands (it carries the reader's claim)."""
    st.caption("Link to this check:")
    st.code(state.full_link(f"/{page}", {k: st.query_params[k] for k in st.query_params}), language=None,
            wrap_lines=True)


# -- check any article -------------------------------------------------------------------------------
# A reader's text: the extractor (`analysis.extract`) finds its figures, the verdict engine checks
# each. Sharing: a short text travels in the link; a long one is kept under its SHA-256 when the
# reader asks for a link (`ui.texts` says why).

def shared_from_url() -> tuple[Own | None, list[str]]:
    """The text and date a link carries (`text` + `published`, or `doc`), and notices for what it
    carried that cannot be used. Hostile values give a notice, never an exception."""
    notes: list[str] = []
    doc = st.query_params.get("doc")
    if doc is not None:
        kept = texts.load(doc)
        if kept is None:
            notes.append(f"The text of the link's `doc` ({view.md(doc[:40])}) is not kept here (any more): paste it "
                         "again to check it.")
        return kept, notes
    raw, when = st.query_params.get("text"), st.query_params.get("published")
    if raw is None:
        return None, notes
    if when is None:
        notes.append("The link has a text but no `published` date: pick the publication date and press Check.")
        st.session_state.setdefault(TEXT, raw[:MAX_CHARS])
        return None, notes
    try:
        return validate(raw, when), notes
    except InputError as exc:
        notes.append(f"Not checked: {view.md(str(exc))}")
        return None, notes


def open_shared_text() -> None:
    """What the link carries: notices for what cannot be used; a shared link's text, or Back/Forward
    to one, fills the form and is checked."""
    from_url, notes = shared_from_url()
    chrome.notices(notes)
    if from_url is not None and from_url != last_from_url():
        keep_own_text(from_url)
        fill_form(*from_url)
    remember_from_url(from_url)


def text_form() -> None:
    """The article's text and publication date; Check asks for them to be checked."""
    st.session_state.setdefault(PUBLISHED, date.today())
    with st.form("article-text"):
        st.text_area("Article text", key=TEXT, max_chars=MAX_CHARS, height=240,
                     placeholder="Paste the article here (at most 20,000 characters)")
        st.date_input("Published on", key=PUBLISHED, min_value=date(1950, 1, 1),
                      max_value=date(2100, 12, 31), format="YYYY-MM-DD")
        submitted = st.form_submit_button("Check", icon=":material/fact_check:", type="primary")
    if submitted:
        keep_own_text(form_text())


def checked_text() -> tuple[str, date, list[FoundClaim]] | None:
    """The text asked to be checked, its date and every figure found in it with its verdict; None if
    there is none (or, with a warning, if it cannot be checked)."""
    own = own_text()
    if own is None:
        return None
    text, published = own
    try:
        return text, published, data.check(text, published)
    except InputError as exc:
        st.warning(str(exc), icon=":material/edit:")
        return None


def found_card(number: int, found: FoundClaim, text: str) -> None:
    """A figure found in a reader's text: its sentence, what we read it as, the official figure, why
    they differ, and a link to its series and period."""
    colour, icon = view.BADGES.get(found.verdict, view.BADGES["not checkable"])
    spec = CATALOGUE.get(found.dataset) if found.dataset else None
    with st.container(border=True):
        st.badge(f"{number} · {V.STATUS_LABELS.get(found.verdict, found.verdict)}", icon=icon, color=colour)
        st.markdown(f"> {view.quote(found, text)}")
        st.markdown(f"**The figure:** {view.md(found.number)} · **What we understood:** {view.understood(found, spec)}")
        st.markdown(f"**Official:** {view.official(found, spec.unit if spec else '')}")
        if found.reason:
            st.markdown(view.md(found.reason))
        if found.chart:
            path, _, query = found.chart.partition("?")
            view_page = VIEWS.get(path.strip("/"))
            if view_page is not None:
                st.page_link(view_page.page.file, label="Open this series and period", icon=":material/open_in_new:",
                             query_params=dict(urllib.parse.parse_qsl(query)))


def share_check(url: Bound, text: str, published: date, found: list[FoundClaim]) -> None:
    """The link to this check, and the check as JSON (the permanent record)."""
    doc = kept_doc()
    if not texts.fits_url(text) and doc != texts.doc_id(text, published):
        st.caption(f"This text is too long to travel in a link ({len(text):,} characters). A link keeps it on this "
                   "site under its SHA-256 fingerprint, so the same text always gets the same link.")
        if st.button("Make a link to this text", icon=":material/link:"):
            try:
                doc = texts.save(text, published)
                keep_doc(doc)
            except (OSError, InputError):
                st.warning("The text could not be kept on this site just now: download the check instead.")
    shared = shared_query(text, published)
    if shared:
        st.caption("Link to this check:")
        st.code(state.full_link(f"/{view.PAGE}", {**url.current_encoded(), **shared}), language=None,
                wrap_lines=True)
    record = to_dict(found, published, data_versions(found, data.load)) | {"text": text}
    st.download_button("Download the check (JSON)", json.dumps(record, ensure_ascii=False, indent=1),
                       file_name=f"dollar-tide-check-{texts.doc_id(text, published)[:12]}.json",
                       mime="application/json", icon=":material/download:")


def shared_query(text: str, published: date) -> dict[str, str]:
    """What the link carries of a checked text: the text itself (short), its kept id (long), or nothing."""
    if texts.fits_url(text):
        return {"text": text, "published": f"{published:%Y-%m-%d}"}
    doc = kept_doc()
    return {"doc": doc} if doc == texts.doc_id(text, published) else {}


def write_shared(shared: dict[str, str]) -> None:
    """The link holds the checked text (short), its kept id (long), or neither."""
    for key in view.TEXT_KEYS:
        if key not in shared and key in st.query_params:
            del st.query_params[key]
    for key, value in shared.items():
        if st.query_params.get(key) != value:
            st.query_params[key] = value
    if shared:
        remember_from_url(texts.load(shared["doc"]) if "doc" in shared else validate(shared["text"],
                                                                                     shared["published"]))
