"""Article check: every numeric claim of a viral commentary against the official data."""

from collections import Counter

import streamlit as st

from analysis import verdicts as V
from data_sources import CATALOGUE
from ui import article, chrome, data, state
from views import ARTICLE, custom_claim, textmarks
from views import article as view

chrome.setup(ARTICLE.nav)
meta, verdicts = data.article()
counts = V.summary(verdicts)
by_id = {v.claim.id: v for v in verdicts}
url = state.bind(view.PAGE, view.params(list(by_id)), article.shared_text_opens_its_part)

st.title(ARTICLE.nav)
mode = st.segmented_control("Part of the page", view.MODES, default=url["mode"], key=url.key("mode"), required=True,
                            format_func=view.MODE_LABELS.get, label_visibility="collapsed") or "example"

# -- Check any article: a reader's text, each figure found in it checked ---------------------------
if mode == "text":
    chrome.notices(url.notices)
    st.markdown(
        "Paste an article's text and the date it was published. Every figure we can read in it is checked "
        "against the official data on this site, highlighted in the text by its verdict, and explained below. "
        "Months without a year are read as the latest one before publication."
    )
    chrome.freshness_notice(article.checkable_provenances())
    article.open_shared_text()
    article.text_form()
    checked = article.checked_text()
    if checked is None:
        article.write_shared({})
    else:
        text, published, found = checked
        article.summary_tiles(Counter(f.verdict for f in found))
        if not found:
            st.info("No figures found in this text: nothing to check.", icon=":material/search_off:")
        st.html(textmarks.marked(text, found))
        with_verdict, without = view.checked_and_not(textmarks.numbered(found))
        if with_verdict:
            st.subheader(view.checked_heading(len(with_verdict)))
        for number, figure in with_verdict:
            article.found_card(number, figure, text)
        if without:
            st.subheader(f"{len(without)} figures we could not check")
            st.markdown(view.unchecked_list(without))
        article.share_check(url, text, published, found)
        article.write_shared(article.shared_query(text, published))
    url.write_url(keep=view.TEXT_KEYS)

# -- The worked example: the article's claims, a table to filter and pick from, a claim's card -----
else:
    st.markdown(
        f"*{meta.get('title', 'The article')}* ({meta.get('published', '')}) makes many numeric claims about foreign "
        "holders of US Treasuries, the yen and gold. Here is each one next to the official figure, computed now from "
        "the data on this site, with the reason where they differ. Pick a claim in the table for its card and chart."
    )
    chrome.notices(url.notices)
    chrome.freshness_notice(article.checkable_provenances())  # said once for the page, not under each chart
    article.summary_tiles(counts)

    # One row each: in two columns the topics' fourth pill was cut to "N" (pills do not wrap there).
    filters = st.container()
    topics = filters.pills("Topic", view.TOPICS, default=url["topics"], key=url.key("topics"), selection_mode="multi",
                           format_func=view.TOPIC_LABELS.get)
    wanted = filters.pills("Verdict", V.STATUSES, default=url["verdicts"], key=url.key("verdicts"),
                           selection_mode="multi", format_func=V.STATUS_LABELS.get)

    shown = view.filtered(verdicts, topics, wanted)
    extracted = data.seed_extraction()
    summary = view.extractor_summary(verdicts, extracted)
    if summary:
        st.caption(summary)
    st.caption(f"{len(shown)} of {len(verdicts)} claims match the filters. Sort by a column's header; pick a row for "
               "its card and chart.")
    chosen = article.claims_table(url, shown, verdicts, extracted)
    if chosen:
        article.verdict_card(by_id[chosen])
    else:
        st.caption("Pick a claim in the table: its card opens here, with both figures marked on the official series.")
    url.write_url(keep=custom_claim.KEYS)

    # -- Check your own claim: its link carries it (`views.custom_claim`) ----------------------------
    st.divider()
    st.header("Check your own claim")
    st.markdown(
        "Pick a dataset, a series, what to compute and the value you read somewhere: the same engine gives the "
        "verdict, and the link below carries the claim so you can share it."
    )
    asked = custom_claim.read_query({k: st.query_params.get(k) for k in custom_claim.KEYS}, data.load)
    chrome.notices(asked.notices)
    picked = article.dataset_picker(asked)
    stated = article.claim_form(asked, picked)
    if stated is not None:
        st.query_params.from_dict({**url.current_encoded(), **stated})
        st.rerun()

    # A claim is checked only as the URL states it in full: not while the picker shows another dataset
    # (the card would sit under a form about something else), not when the codec set a part aside.
    if picked != asked.dataset and asked.value:
        st.info(f"Pick a series and the value you read for *{CATALOGUE[picked].title}*, then press Check.")
    elif asked.set_aside and asked.stated:
        st.info("Not checked: part of this claim could not be read (see the note above).")
    elif asked.value and asked.stated:
        article.verdict_card(custom_claim.check(asked, data.load), own=True)
        article.claim_link_code(view.PAGE)

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
