"""Who is selling: TIC's net purchases (Table 3, Form S), the Fed's custody count, and the checks
that read "sold" as a trade. Figures pinned here were read by hand from the official files."""

from __future__ import annotations

import re
from datetime import date
from functools import partial

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis import flows as f
from analysis.extract import check_text
from analysis.verdicts import Check, Claim, evaluate
from data_sources import catalogue
from data_sources.errors import CombineError, ParseError
from data_sources.schedule import Cadence
from data_sources.sources import fred, tic_flows
from data_sources.validate import RESOURCE_COLUMN, validate
from tests.helpers import fixture_bytes, settings_for

FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
APRIL = pd.Timestamp("2024-04-30")


@pytest.fixture(scope="module")
def table3() -> pd.DataFrame:
    return tic_flows.parse_table3_flows(fixture_bytes("treasury/slt_table3.txt"))


@pytest.fixture(scope="module")
def form_s() -> pd.DataFrame:
    return tic_flows.parse_form_s(fixture_bytes("treasury/s1_globl.txt"))


def _row(frame: pd.DataFrame, holder: str, at: str) -> pd.Series:
    rows = frame[(frame["series"] == holder) & (frame["date"] == pd.Timestamp(at))]
    assert len(rows) == 1, (holder, at)
    return rows.iloc[0]


# -- readers -----------------------------------------------------------------------------------

def test_table3_flows_split_japans_april_2024(table3):
    # slt_table3.txt: Japan 2024-04 holdings 1,126,094, net -11,830, LT valuation -29,824; 2024-03 1,167,015.
    japan = _row(table3, "Japan", "2024-04-30")
    assert japan["value"] == pytest.approx(-11.830)
    assert japan["valuation"] == pytest.approx(-29.824)
    assert japan["holdings_change"] == pytest.approx(1126.094 - 1167.015)
    assert japan["other"] == pytest.approx(-40.921 + 11.830 + 29.824)
    assert japan["net_long_term"] == pytest.approx(0.246) and japan["net_short_term"] == pytest.approx(-12.076)
    assert japan["source"] == "slt_table3"
    china = _row(table3, "China, Mainland", "2024-04-30")
    assert china["value"] == pytest.approx(21.575) and china["holdings_change"] == pytest.approx(3.333)


def test_table3_flows_leave_out_the_months_without_flows_and_keep_the_official_split(table3):
    assert table3["date"].min() >= tic_flows.TABLE3_FLOWS_FROM
    # Of Which: Foreign Official is the official aggregate, as Table 5 names it.
    assert "Foreign Official" in set(table3["series"])
    assert table3.loc[table3["series"] == "Foreign Official", "is_aggregate"].all()
    # The month before a holder's first row in the excerpt is missing: no change, no residual.
    first = table3[table3["series"] == "Japan"].sort_values("date").iloc[0]
    assert np.isnan(first["holdings_change"]) and np.isnan(first["other"])


def test_form_s_net_purchases_are_bonds_and_notes_bought_minus_sold(form_s):
    # s1_globl.txt: Japan 2023-01 column [1] "15,179", column [7] "13,732".
    japan = _row(form_s, "Japan", "2023-01-31")
    assert japan["value"] == pytest.approx(15.179 - 13.732)
    assert japan["gross_purchases"] == pytest.approx(15.179) and japan["gross_sales"] == pytest.approx(13.732)
    assert japan["source"] == "s1_globl" and np.isnan(japan["valuation"])
    assert "China, Mainland" in set(form_s["series"])  # quoted names, canonical
    assert form_s["date"].max() == tic_flows.FORM_S_UNTIL


def test_the_two_measures_never_overlap(table3, form_s):
    both = tic_flows.combine(table3, form_s)
    assert set(both["source"]) == {"slt_table3", "s1_globl"}
    late = form_s.assign(date=form_s["date"].where(form_s["date"] != form_s["date"].max(), table3["date"].min()))
    with pytest.raises(CombineError, match="Form S to end before"):
        tic_flows.combine(table3, late)


def test_form_s_without_its_header_is_a_parse_error():
    body = fixture_bytes("treasury/s1_globl.txt").replace(b"\t[1]\t", b"\t(1)\t")
    with pytest.raises(ParseError, match=r"column-number header"):
        tic_flows.parse_form_s(body)


def test_custody_drops_freds_placeholder_zeros_and_is_in_billions():
    raw = fred.parse_graph_csv(fixture_bytes("fred/WMTSECL1.csv"), series="WMTSECL1")
    assert (raw["value"] == 0).sum() == 3  # 2002-12-18, 2002-12-25, 2007-06-27
    spec = catalogue.get("fed_custody")
    frame = spec.combine({"WMTSECL1": raw})
    assert frame["date"].min() == pd.Timestamp("2007-07-04")
    assert (frame["value"] > 0).all()
    newest = frame.set_index("date")["value"]
    assert newest[pd.Timestamp("2026-06-24")] == pytest.approx(2636.947)
    assert newest.idxmax() == pd.Timestamp("2021-03-10") and newest.max() == pytest.approx(3135.486)


@pytest.mark.parametrize(("rel", "reader"), [
    ("treasury/slt_table3.txt", tic_flows.parse_table3_flows),
    ("treasury/s1_globl.txt", tic_flows.parse_form_s),
    ("fred/WMTSECL1.csv", partial(fred.parse_graph_csv, series="WMTSECL1")),
])
@FAST
@given(data=st.data())
def test_flow_readers_on_damaged_bytes_return_the_contract_or_a_parse_error(rel, reader, data):
    body = fixture_bytes(rel)
    cut = data.draw(st.integers(0, len(body)))
    flip = data.draw(st.integers(0, max(len(body) - 1, 0)))
    damaged = bytearray(body[:cut] + body[cut:])
    if damaged:
        damaged[flip % len(damaged)] ^= data.draw(st.integers(1, 255))
    try:
        frame = reader(bytes(damaged))
    except ParseError:
        return
    assert frame["date"].dtype == "datetime64[ns]" and frame["value"].dtype == "float64"
    assert np.isfinite(frame["value"].to_numpy()).all()


# -- validation: flows are revised, not rescaled ----------------------------------------------------

def _release(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.assign(**{RESOURCE_COLUMN: frame["source"]})


def test_a_small_flow_revised_many_times_over_is_a_revision_not_a_unit_change(table3, form_s):
    spec = catalogue.get("treasury_flows")
    before = tic_flows.combine(table3, form_s)
    after = before.copy()
    tiny = after.index[after["value"].abs() < 0.5][0]
    after.loc[tiny, "value"] = after.loc[tiny, "value"] * 400 + 0.3  # e.g. 0.002 → 1.1: revised, still flows
    urls = {r.key: r.url for r in spec.resources}
    assert validate(_release(after), spec, _release(before), urls, date(2026, 7, 1)) == []


def test_holdings_divided_by_a_thousand_are_refused(table3, form_s):
    from data_sources.errors import ValidationError

    spec = catalogue.get("treasury_flows")
    before = tic_flows.combine(table3, form_s)
    after = before.assign(holdings=before["holdings"] / 1000)
    urls = {r.key: r.url for r in spec.resources}
    with pytest.raises(ValidationError, match="unit change"):
        validate(_release(after), spec, _release(before), urls, date(2026, 7, 1))


def test_weekly_cadence_expects_wednesdays():
    cadence = Cadence("week", 1, 4, "weekly")
    assert cadence.expected_as_of(date(2026, 7, 2)) == date(2026, 7, 1)  # Thursday: Wednesday's level is out
    assert cadence.expected_as_of(date(2026, 7, 1)) == date(2026, 6, 24)
    assert cadence.next_release(date(2026, 6, 24)) == date(2026, 7, 2)
    assert cadence.frequency == "weekly" and cadence.max_age_s == 6 * 3600


# -- analysis -----------------------------------------------------------------------------------

def test_a_month_in_words(table3):
    m = f.month(table3, "Japan", APRIL)
    assert m is not None
    assert f.sentence(m, "Japan") == ("Japan's holdings fell 40.9 bn in April 2024: net sales 11.8 bn, price changes "
                                      "−29.8 bn, other +0.7 bn.")
    china = f.month(table3, "China, Mainland", APRIL)
    assert china is not None and f.verdict_words(china) == "net buyer"
    assert f.verdict_words(m) == "holdings fell mostly on prices"


def test_rankings_show_where_sellers_and_falls_disagree():
    rows = pd.DataFrame({
        "date": [APRIL] * 3, "series": ["A", "B", "C"], "value": [-5.0, 2.0, -1.0],
        "holdings_change": [-6.0, -20.0, -1.5], "valuation": [-1.0, -22.0, 0.0], "other": [0.0, 0.0, -0.5],
        "is_aggregate": [False] * 3, "source": ["slt_table3"] * 3})
    ranked = f.rankings(rows, APRIL, {}, n=1)
    assert ranked.loc[ranked["ranking"] == "Largest net sellers", "holder"].tolist() == ["A"]
    assert ranked.loc[ranked["ranking"] == "Largest holdings falls", "holder"].tolist() == ["B"]
    assert f.disagreements(ranked) == ["B"]


# -- the claim check ---------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def loader(tmp_path_factory):
    from data_sources import api
    from data_sources.refresh import refresh
    from data_sources.store import Store

    root = tmp_path_factory.mktemp("flows")
    assert all(r.ok for r in refresh(None, settings_for(root)))
    store, nothing = Store(root / "store"), Store(root / "none")
    return lambda name: api.load(name, store=store, snapshot=nothing)


def _verdict(loader, **check):
    return evaluate(Claim("t", "treasuries", "q", check=Check(**check)), loader, "2024-06-20")


def test_sold_the_holdings_fall_is_not_a_match(loader):
    v = _verdict(loader, dataset="treasury_flows", series=("Japan",), op="net_purchases", start="2024-04",
                 end="2024-04", article="-40.9", unit="USD bn", tolerance=1.0)
    assert v.status == "differs"
    assert "change in holdings (−40.9 bn), not net purchases (−11.8 bn)" in v.reasons[0]
    assert "price changes −29.8 bn" in " ".join(v.reasons)


def test_net_seller_of_the_net_sales_matches(loader):
    v = _verdict(loader, dataset="treasury_flows", series=("Japan",), op="net_purchases", start="2024-04",
                 end="2024-04", article="-11.8", unit="USD bn", tolerance=0.5)
    assert v.status == "matches"


def test_selling_across_the_two_forms_is_not_added_up(loader):
    v = _verdict(loader, dataset="treasury_flows", series=("Japan",), op="net_purchases", start="2023-01",
                 end="2023-02", article="-5", unit="USD bn", tolerance=1.0)
    assert v.status == "not checkable" and "two different measures" in v.reasons[0]


def test_selling_in_a_form_s_month_says_what_form_s_measures(loader):
    v = _verdict(loader, dataset="treasury_flows", series=("Japan",), op="net_purchases", start="2023-01",
                 end="2023-01", expect="down", says="Japan sold in January 2023")
    assert v.status == "differs"  # Form S: Japan bought 1.4 bn net of bonds and notes
    assert any("counterparty's country" in r for r in v.reasons)


def test_selling_in_a_month_with_no_flows_says_why(loader):
    v = _verdict(loader, dataset="treasury_flows", series=("Japan",), op="net_purchases", start="2026-06",
                 end="2026-06", expect="down")
    assert v.status == "not checkable" and "latest month here is April 2026" in v.reasons[0]


def test_a_holdings_fall_claim_says_what_was_traded(loader):
    v = _verdict(loader, dataset="treasury_holdings", series=("Japan",), op="change", start="2024-03",
                 end="2024-04", article="-40.9", unit="USD bn", tolerance=2.0)
    assert v.reasons[-1] == ("What was traded, April 2024 (TIC net purchases): Japan net sales 11.8 bn (price changes "
                             "−29.8 bn, other +0.7 bn).")


@pytest.mark.parametrize(("text", "dataset", "verdict"), [
    ("Japan sold $40.9 billion of US Treasuries in April 2024.", "treasury_flows", "differs"),
    ("Japan was a net seller of $11.8 billion of Treasuries in April 2024.", "treasury_flows", "matches"),
    ("China bought $21.6 billion of US Treasuries in April 2024.", "treasury_flows", "matches"),
    ("Japan offloaded $30 billion of Treasuries in April 2024.", "treasury_flows", "differs"),
    ("Japan cut its holdings of US Treasuries by $40.9 billion in April 2024.", "treasury_holdings", "matches"),
    ("Japan's holdings of US Treasuries fell $40.9 billion in April 2024.", "treasury_holdings", "matches"),
    # The yen bought in the same clause is an intervention; in another clause it is not this trade.
    ("After selling dollars for yen, Japan sold $11.8 billion of Treasuries in April 2024.", "treasury_flows",
     "matches"),
    ("Japan never sold $40.9 billion of Treasuries in April 2024; its holdings fell on prices.", None,
     "not checkable"),
    ("Poland sold $1 billion of US Treasuries in April 2024.", "treasury_flows", "not checkable"),
])
def test_the_extractor_reads_trade_verbs_as_net_purchases(loader, text, dataset, verdict):
    found = check_text(text, date(2024, 6, 25), loader)
    assert len(found) == 1, found
    assert (found[0].dataset, found[0].verdict) == (dataset, verdict), found[0].reason


def test_a_trade_over_a_range_counts_every_month_of_it():
    from analysis.extract import extract

    for text in ("China dumped $50 billion of Treasuries from January to March 2024.",
                 "China dumped $50 billion of Treasuries between January 2024 and March 2024."):
        (found,) = extract(text, date(2024, 6, 25))
        assert found.check is not None
        assert (found.check.op, found.check.start, found.check.end) == ("net_purchases", "2024-01", "2024-03")


def test_an_intervention_in_the_same_clause_is_no_treasury_trade():
    from analysis.extract import extract

    found = extract("Tokyo sold $62.2 billion to prop up the yen in April 2024, and its Treasury holdings fell "
                    "$40.9 billion.", date(2024, 6, 25))
    assert all(m.check is None or m.check.dataset != "treasury_flows" for m in found), found


def test_a_holdings_claim_before_form_slt_says_what_form_s_shows(loader):
    from analysis.verdicts import Verdict
    from analysis.verdicts.trades import traded

    check = Check("treasury_holdings", ("Japan",), "change", start="2022-11", end="2023-01", article="-10")
    said = traded(Verdict(Claim("t", "treasuries", "q", check=check), "differs"), check, loader("treasury_flows"))
    assert said is not None
    assert said.startswith("What was traded, December 2022 to January 2023, as far as TIC Form S shows")
    assert "Japan −8.0 bn" in said  # Form S: −9.424 + 1.447


def test_a_month_and_year_is_not_read_as_a_day():
    from analysis.extract import extract

    # "April 20" of "April 2021" was read as a day without a year: April 2024, a wrong month checked.
    (found,) = extract("Japan held $1,200 billion of US Treasuries in April 2021.", date(2024, 6, 25))
    assert found.check is not None and found.check.date == "2021-04"
    (trade,) = extract("Japan sold $20 billion of US Treasuries in April 2021.", date(2024, 6, 25))
    # Before Form SLT's flows, a "sold" figure stays a holdings claim (Form S cannot refute it).
    assert trade.check is not None and (trade.check.dataset, trade.check.start, trade.check.end) == (
        "treasury_holdings", "2021-03", "2021-04")


# -- the real files ------------------------------------------------------------------------------

def test_the_real_files_give_the_april_2024_split_and_the_newest_sellers(shared_data):
    table3 = tic_flows.parse_table3_flows((shared_data / "mirror/treasury/slt_table3.txt").read_bytes())
    # By hand from slt_table3.txt (millions): holdings 2024-03 → 2024-04, net U.S. sales, LT valuation change.
    for holder, change, net, valuation in (("Japan", -40.921, -11.830, -29.824),
                                           ("China, Mainland", 3.333, 21.575, -18.842),
                                           ("United Kingdom", -21.876, -10.791, -9.778),
                                           ("Canada", -27.805, -21.347, -4.428)):
        row = _row(table3, holder, "2024-04-30")
        assert (row["holdings_change"], row["value"], row["valuation"]) == pytest.approx((change, net, valuation))
        assert row["other"] == pytest.approx(change - net - valuation)
    assert table3.loc[table3["series"] == "Japan", "date"].min() == pd.Timestamp("2023-02-28")  # n.a. before
    newest = table3[(table3["date"] == table3["date"].max()) & ~table3["is_aggregate"]]
    assert newest.nsmallest(1, "value")["series"].item() == "Canada"  # −43.8 bn in April 2026
    assert newest.nsmallest(1, "holdings_change")["series"].item() == "Canada"
    form_s = tic_flows.parse_form_s((shared_data / "mirror/treasury/s1_globl.txt").read_bytes())
    assert (form_s["date"].min(), form_s["date"].max()) == (pd.Timestamp("1977-01-31"), tic_flows.FORM_S_UNTIL)


def test_the_next_releases_real_revisions_pass_validation(shared_data):
    """TIC's July 2026 release (its Table 1 carries Table 3's long-term Treasury columns) revised 146 rows
    of net purchases: applied to this release's Table 3, they are a revision, not a broken file."""
    body = (shared_data / "mirror/treasury/slt_table3.txt").read_bytes()
    later = (shared_data / "raw/treasury/slt_table1__release-2026-07_data-to-2026-05.txt").read_bytes()
    header = next(line for line in later.decode("cp1252").splitlines() if line.startswith("country\t")).split("\t")
    net_at, val_at = header.index("for_lt_treas_net"), header.index("for_lt_treas_valchg")
    revised = {}
    for line in later.decode("cp1252").splitlines():
        cells = line.split("\t")
        if len(cells) > val_at and re.fullmatch(r"\d{4}-\d{2}", cells[2]):
            revised[(cells[0], cells[2])] = (cells[net_at], cells[val_at])
    rows = body.decode("cp1252").split("\r\n")
    t3 = rows[next(i for i, r in enumerate(rows) if r.startswith("country\t"))].split("\t")
    changed = 0
    for i, line in enumerate(rows):
        cells = line.split("\t")
        key = (cells[0], cells[2]) if len(cells) > 8 else None
        if key in revised and "n.a." not in (cells[t3.index("for_lt_treas_net")], cells[t3.index("for_treas_net")],
                                             *revised[key]):
            net, val = revised[key]
            delta = int(net) - int(cells[t3.index("for_lt_treas_net")])
            if delta or val != cells[t3.index("for_lt_treas_valchg")]:
                changed += 1
                cells[t3.index("for_lt_treas_net")] = net
                cells[t3.index("for_treas_net")] = str(int(cells[t3.index("for_treas_net")]) + delta)
                cells[t3.index("for_lt_treas_valchg")] = val
                rows[i] = "\t".join(cells)
    assert changed >= 100, changed  # PROVENANCE: 146 rows revised
    spec = catalogue.get("treasury_flows")
    form_s = tic_flows.parse_form_s((shared_data / "mirror/treasury/s1_globl.txt").read_bytes())
    before = tic_flows.combine(tic_flows.parse_table3_flows(body), form_s)
    after = tic_flows.combine(tic_flows.parse_table3_flows("\r\n".join(rows).encode("cp1252")), form_s)
    assert (after["value"] != before["value"]).sum() >= 100
    urls = {r.key: r.url for r in spec.resources}
    assert validate(_release(after), spec, _release(before), urls, date(2026, 7, 20)) == []


@pytest.mark.parametrize(("damage", "why"), [
    (lambda t: t.assign(value=t["value"] / 1000, valuation=t["valuation"] / 1000), "divided by 1000"),
    (lambda t: t.assign(value=-t["value"]), "the sign of net U.S. sales flipped"),
])
def test_a_unit_or_sign_slip_in_the_flows_alone_is_refused(shared_data, damage, why):
    """Validation compares holdings with the last release; the flows are checked against holdings'
    own change: trades and prices must explain most of it."""
    from data_sources.errors import ValidationError

    spec = catalogue.get("treasury_flows")
    good = tic_flows.parse_table3_flows((shared_data / "mirror/treasury/slt_table3.txt").read_bytes())
    slt = damage(good)
    broken = slt.assign(other=slt["holdings_change"] - slt["value"] - slt["valuation"])  # as the reader computes it
    urls = {r.key: r.url for r in spec.resources}
    assert validate(_release(good), spec, None, urls, date(2026, 7, 1)) == []
    with pytest.raises(ValidationError, match="residual"):
        validate(_release(broken), spec, None, urls, date(2026, 7, 1))
