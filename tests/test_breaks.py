"""Series breaks: like-for-like changes (properties), and the real TIC files' breaks and coverage."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis import series as s
from analysis.breaks import Break, Breaks
from analysis.verdicts import Check, Claim, evaluate
from data_sources.sources import tic
from tests.helpers import SHARED_DATA, SHARED_MISSING

MONTHS = pd.date_range("2010-01-31", periods=24, freq="ME")


@st.composite
def tables_with_breaks(draw: st.DrawFn) -> tuple[pd.DataFrame, Breaks]:
    values = draw(st.lists(st.one_of(st.none(), st.floats(0, 2000, allow_nan=False)), min_size=24, max_size=24))
    table = pd.DataFrame({"H": [np.nan if v is None else v for v in values]}, index=MONTHS)
    at = draw(st.lists(st.integers(1, 23), max_size=4, unique=True))
    jumps = [draw(st.one_of(st.none(), st.floats(-500, 500, allow_nan=False))) for _ in at]
    return table, Breaks(Break("H", MONTHS[i], "survey", "re-based", j) for i, j in zip(at, jumps, strict=True))


@settings(max_examples=150, deadline=None)
@given(tables_with_breaks(), st.sampled_from([1, 3, 12]))
def test_no_served_change_crosses_a_break_unless_like_for_like(case: tuple[pd.DataFrame, Breaks], months: int):
    table, breaks = case
    changes = breaks.change(table, months)["H"]
    plain = (table - table.shift(months))["H"]
    for day, got in changes.items():
        crossed = breaks.within("H", day - pd.offsets.MonthEnd(months), day)
        if not crossed:
            assert (np.isnan(got) and np.isnan(plain[day])) or got == plain[day]
        elif any(b.jump is None for b in crossed):
            assert np.isnan(got), f"{day}: a change across a break with no old-basis figure is blank"
        elif not np.isnan(plain[day]):
            assert got == pytest.approx(plain[day] - sum(b.jump for b in crossed), abs=1e-6)
    # Every change the table serves is also what `between` says for the same two months.
    for day in MONTHS[months:]:
        start = day - pd.offsets.MonthEnd(months)
        got = breaks.between(table, start, day)["H"]
        assert (np.isnan(got) and np.isnan(changes[day])) or got == pytest.approx(changes[day], abs=1e-6)


def test_streaks_and_declines_do_not_count_a_re_base_as_a_fall():
    table = pd.DataFrame({"H": [10.0, 9.0, 8.0, 3.0, 2.9]}, index=MONTHS[:5])
    rebase = Breaks([Break("H", MONTHS[3], "survey", "re-based", 3.0 - 8.5)])  # old basis 8.5: a rise
    assert s.decline_streaks(table)[0].current == 4
    assert s.decline_streaks(table, breaks=rebase)[0].current == 1
    assert s.months_with_decline(table["H"], MONTHS[0], MONTHS[4], rebase) == [MONTHS[1], MONTHS[2], MONTHS[4]]


# -- the real files -----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def real() -> dict[str, pd.DataFrame]:
    folder = SHARED_DATA / "mirror" / "treasury"
    if not folder.is_dir():
        pytest.skip(SHARED_MISSING)
    parts = {
        "table5": tic.parse_table5((folder / "slt_table5.txt").read_bytes()),
        "history": tic.parse_mfhhis01((folder / "mfhhis01.txt").read_bytes()),
        "table3": tic.parse_table3((folder / "slt_table3.txt").read_bytes()),
    }
    parts["stitched"] = tic.stitch(parts["table5"], parts["history"], parts["table3"])
    return parts


def test_every_break_the_real_file_defines_is_marked_by_kind(real):
    stitched = real["stitched"]
    counts = stitched[stitched["break_kind"] != ""].groupby("break_kind").size().to_dict()
    assert counts == {"survey": 344, "definition": 41, "footnote": 1, "stitch": 1}
    surveys = stitched[stitched["break_kind"] == "survey"]
    assert sorted(surveys["date"].dt.strftime("%Y-%m").unique()) == [f"{y}-06" for y in range(2002, 2012)]
    uk = stitched[(stitched["series"] == "United Kingdom") & (stitched["break_kind"] == "footnote")]
    assert uk["date"].tolist() == [pd.Timestamp("2012-01-31")], "footnote 2/ stops after 2011-12"


def test_uk_june_2011_and_china_june_2010_are_like_for_like(real):
    stitched = real["stitched"]
    table, breaks = s.wide(stitched), Breaks.from_frame(stitched)
    mom = s.transform(table, "mom", breaks=breaks)
    assert (table - table.shift(1)).loc["2011-06-30", "United Kingdom"] == pytest.approx(-208.8)
    assert mom.loc["2011-06-30", "United Kingdom"] == pytest.approx(2.5), "347.0 - 344.5 on the old series"
    assert (table - table.shift(1)).loc["2010-06-30", "China, Mainland"] == pytest.approx(244.4)
    assert mom.loc["2010-06-30", "China, Mainland"] == pytest.approx(-24.0), "843.7 - 867.7 on the old series"
    assert np.isnan(mom.loc["2011-12-31", "Japan"]), "December 2011: SLT reporting, no old-series figure"
    movers = s.movers(table[["United Kingdom", "Japan"]], pd.Timestamp("2011-05-31"), pd.Timestamp("2011-06-30"),
                      breaks=breaks).set_index("series")["change"]
    assert movers["United Kingdom"] == pytest.approx(2.5)


def test_every_table3_figure_is_served_unless_a_newer_table_gives_the_month(real):
    stitched = real["stitched"].set_index(["date", "series"])
    keys = ["date", "series"]
    others = pd.concat([real["table5"], real["history"]]).drop_duplicates(keys).set_index(keys)["value"]
    for row in real["table3"].itertuples(index=False):
        served = stitched.loc[(row.date, row.series)]
        if served["source"] == tic.TABLE3:
            assert served["value"] == row.value
        else:
            other = others.loc[(row.date, row.series)]
            assert served["value"] == other
            assert abs(other - row.value) <= tic.ROUNDING or "newer release" in served["note"]
    last = real["stitched"].groupby("series")["date"].max()
    newest = real["table3"]["date"].max()
    for holder in ("Russia", "Turkey", "Denmark", "Finland", "Kazakhstan", "Malaysia", "South Africa", "Uruguay",
                   "Germany", "Italy", "Mexico", "Netherlands"):
        assert last[holder] == newest, holder


def test_the_tables_disagreements_are_resolved_by_the_newer_release(real):
    noted = real["stitched"][real["stitched"]["note"].str.contains("newer release")]
    assert set(noted["series"]) == {"Canada", "Grand Total", "Foreign Official"}
    canada = noted.set_index("series").loc["Canada"]
    assert canada["value"] == pytest.approx(380.256) and canada["source"] == tic.TABLE3


def test_a_claim_of_the_survey_re_base_as_selling_never_matches(real):
    from data_sources.catalogue import get
    from data_sources.result import Provenance, Result

    stitched = real["stitched"]
    prov = Provenance("treasury_holdings", "t", "s", "u", (), "a", "l", "h", None, None, "snapshot", False)
    result = Result(get("treasury_holdings"), stitched, prov)
    claim = Claim(id="uk", topic="treasuries", quote="The UK sold $208.8 billion of Treasuries in June 2011.",
                  check=Check("treasury_holdings", ("United Kingdom",), "change", start="2011-05", end="2011-06",
                              article="-208.8", unit="USD bn"))
    verdict = evaluate(claim, lambda name: result)
    assert verdict.status == "differs"
    assert verdict.official == pytest.approx(2.5)
    assert any("like for like" in r for r in verdict.reasons)
    across = Claim(id="dec", topic="treasuries", quote="Japan's holdings fell by $8.1 billion in December 2011.",
                   check=Check("treasury_holdings", ("Japan",), "change", start="2011-11", end="2011-12",
                               article="-8.1", unit="USD bn"))
    assert evaluate(across, lambda name: result).status == "not checkable"


def test_a_release_stored_by_an_older_version_is_not_served_over_the_snapshot(tmp_path):
    from data_sources import api as data_api
    from data_sources.store import Store

    snapshot = data_api.snapshot_store()
    bundled = snapshot.current("treasury_holdings")
    old = bundled.frame.drop(columns=["break_kind", "old_basis", "note", "source"])
    store = Store(tmp_path / "store")
    with store.lock("treasury_holdings"):
        store.write("treasury_holdings", old, {**bundled.manifest, "vintage": "oldformat0000000"})
    result = data_api.load("treasury_holdings", store=store, snapshot=snapshot)
    assert result.provenance.origin == "snapshot" and "break_kind" in result.frame.columns
    assert any("predates this version" in p for p in result.provenance.problems)


def test_rows_without_a_break_kind_are_no_breaks():
    frame = pd.DataFrame({"date": [MONTHS[0], MONTHS[1], MONTHS[2]], "series": ["H", "H", "H"],
                          "value": [1.0, 2.0, 3.0], "break_kind": ["", None, "survey"],
                          "old_basis": [np.nan, np.nan, 2.5], "note": ["", None, "re-based"]})
    breaks = Breaks.from_frame(frame)
    assert [(b.date, b.kind) for b in breaks["H"]] == [(MONTHS[2], "survey")]
