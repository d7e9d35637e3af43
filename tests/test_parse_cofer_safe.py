"""IMF COFER and SAFE's Official Reserve Assets: readers on real excerpts, damaged input, discovery of
SAFE's moved file, the whole real files (hand-checked values), and SAFE's gold against the IMF's."""

from __future__ import annotations

import io
from datetime import date

import openpyxl
import pandas as pd
import pytest

from analysis import china
from data_sources import api, catalogue
from data_sources.errors import CombineError, ParseError
from data_sources.refresh import refresh
from data_sources.schedule import Cadence
from data_sources.sources import cofer, imf, safe
from data_sources.store import Store
from tests.helpers import FIXTURE_MIRROR, FaultAdapter, fixture_bytes, settings_for

COFER = "imf/COFER_G001_Q.csv"
SAFE_2024, SAFE_2025, SAFE_2026 = (f"safe/official_reserve_assets_{y}.xlsx" for y in (2024, 2025, 2026))
OLD_METHOD = "raw/imf/COFER_portal-csv_7.0.0_published-2025-07-09__Humble-Conviction-Portfolio.csv"
NEW_METHOD_PORTAL = "raw/imf/COFER_portal-csv_7.0.1_published-2025-12-19__transobserver.csv"


def value(frame: pd.DataFrame, series: str, day: str) -> float:
    rows = frame[(frame["series"] == series) & (frame["date"] == pd.Timestamp(day))]
    assert len(rows) == 1, (series, day, len(rows))
    return float(rows["value"].iloc[0])


# -- COFER --------------------------------------------------------------------------------------------

def test_cofer_shares_amounts_and_quarter_end_dates():
    frame = cofer.parse_sdmx_csv(fixture_bytes(COFER))
    assert value(frame, "USD_share", "1999-03-31") == pytest.approx(71.1888689871011)
    assert value(frame, "USD_share", "2026-03-31") == pytest.approx(57.130786895752)
    assert value(frame, "USD_amount", "2026-03-31") == pytest.approx(7486.93155480115)  # US dollars → bn
    assert value(frame, "total", "1999-03-31") == pytest.approx(1605.91582177076)
    assert value(frame, "unallocated", "1999-03-31") == pytest.approx(366.501397136527)  # 1999: still reported
    assert value(frame, "unallocated", "2026-03-31") == 0.0
    assert value(frame, "imputed_share", "2026-03-31") == pytest.approx(10.65)
    assert frame["date"].dt.is_quarter_end.all()
    cny = frame[frame["series"] == "CNY_share"]
    assert cny["date"].min() == pd.Timestamp("2016-12-31")  # the renminbi from 2016-Q4
    assert {"other_share", "allocated_share", "unallocated_share"} <= set(frame["series"])


def test_cofer_records_the_method_change_for_the_provenance():
    frame = cofer.parse_sdmx_csv(fixture_bytes(COFER))
    assert frame.attrs["cofer_method"]["method"] == cofer.METHOD_IMPUTED
    assert frame.attrs["cofer_method"]["dataflow"] == "IMF.STA:COFER(7.0.1)"
    change = frame.attrs["definition_changes"][0]
    assert change["release"] == "2025-Q3" and change["revised_from"] == "2000-03-31"
    assert "USD_share" in change["series_ids"]
    assert "2025-Q3" in frame.attrs["series_notes"]["USD_share"][0]


def _old_method(raw: bytes) -> bytes:
    """The excerpt as an old-method release would have it: no TFXRA_IMP, unallocated reported."""
    table = pd.read_csv(io.BytesIO(raw), dtype=str)
    table = table[table["INDICATOR"] != cofer.IMPUTED]
    ufx = (table["INDICATOR"] == cofer.UNALLOCATED) & (table["TIME_PERIOD"] == "2025-Q2")
    table.loc[ufx & (table["TYPE_OF_TRANSFORMATION"] == "SHRO_PT"), "OBS_VALUE"] = "7.2"
    return table.to_csv(index=False).encode()


def test_an_old_method_release_is_recognised_and_refused():
    raw = _old_method(fixture_bytes(COFER))
    with pytest.raises(ParseError, match="2025-Q3") as caught:
        cofer.parse_sdmx_csv(raw)
    assert "before the 2025-Q3 release" in caught.value.found
    frame = cofer.read_sdmx_csv(raw, require=None)  # read on purpose: flagged, never joined
    assert frame.attrs["cofer_method"]["method"] == cofer.METHOD_REPORTED
    assert "definition_changes" not in frame.attrs


def test_the_real_old_method_file_is_recognised(shared_data):
    old = cofer.read_portal_csv((shared_data / OLD_METHOD).read_bytes())
    assert cofer.method_of(old) == cofer.METHOD_REPORTED
    new = cofer.read_portal_csv((shared_data / NEW_METHOD_PORTAL).read_bytes())
    assert cofer.method_of(new) == cofer.METHOD_IMPUTED
    mirror = pd.read_csv(shared_data / "mirror" / COFER, dtype=str, keep_default_na=False)
    assert cofer.method_of(mirror) == cofer.METHOD_IMPUTED


def test_cofer_damaged_input_names_what_was_expected():
    raw = fixture_bytes(COFER)
    with pytest.raises(ParseError, match="OBS_VALUE"):
        cofer.parse_sdmx_csv(raw.replace(b"OBS_VALUE", b"VALUE"))
    with pytest.raises(ParseError, match="2024-Q4"):
        cofer.parse_sdmx_csv(raw.replace(b"2026-Q1", b"2026-M03"))
    with pytest.raises(ParseError, match="world only"):
        cofer.parse_sdmx_csv(raw.replace(b",G001,", b",G110,"))
    with pytest.raises(ParseError, match="NV_USD"):
        cofer.parse_sdmx_csv(raw.replace(b",NV_USD,", b",NV_XDR,"))
    with pytest.raises(ParseError):
        cofer.parse_sdmx_csv(b"<!DOCTYPE html><html>maintenance</html>")


def test_cofer_shares_must_add_up_to_100():
    frame = cofer.parse_sdmx_csv(fixture_bytes(COFER))
    assert cofer.share_sum_problem(frame) is None
    sums = frame[frame["series"].isin(cofer.SHARE_IDS)].groupby("date")["value"].sum()
    assert sums.sub(100).abs().max() < 0.01
    bad = frame.copy()
    bad.loc[(bad["series"] == "EUR_share") & (bad["date"] == pd.Timestamp("2025-06-30")), "value"] += 5
    expected, found, rows = cofer.share_sum_problem(bad)
    assert "100" in expected and "2025-06-30" in found and len(rows) >= 9


def test_quarterly_cadence():
    quarter = catalogue.get("reserve_currencies").cadence
    assert quarter.period == "quarter"
    assert quarter.next_release(date(2026, 3, 31)) == date(2026, 9, 30)  # Q2 out about three months after June
    assert quarter.expected_as_of(date(2026, 7, 15)) == date(2026, 3, 31)
    assert quarter.days_behind(date(2026, 3, 31), date(2026, 10, 15)) == 0  # within grace
    assert Cadence("quarter", 92, 31, "").period_end(date(2026, 5, 2)) == date(2026, 6, 30)


# -- SAFE ---------------------------------------------------------------------------------------------

def test_safe_newest_month_usd_bn_and_gold_volume():
    frame = safe.parse_reserves(fixture_bytes(SAFE_2026))
    assert value(frame, "foreign_currency_reserves", "2026-04-30") == pytest.approx(3410.547)  # 34105.47 亿美元
    assert value(frame, "total", "2026-04-30") == pytest.approx(3821.717)
    assert value(frame, "gold", "2026-04-30") == pytest.approx(344.172)
    assert value(frame, "gold_volume_moz", "2026-04-30") == pytest.approx(74.64)  # '7464万盎司'
    assert value(frame, "gold_volume_tonnes", "2026-04-30") == pytest.approx(74.64e6 / 32_150.7466)
    assert value(frame, "other_reserve_assets", "2026-04-30") == pytest.approx(0.027)
    assert frame["date"].max() == pd.Timestamp("2026-04-30")  # May-December: empty, no rows
    assert safe.sum_problem(frame) is None


def test_safe_2024_december_stays_a_gap():
    frame = safe.parse_reserves(fixture_bytes(SAFE_2024))
    assert frame["date"].max() == pd.Timestamp("2024-11-30")
    assert not (frame["date"] == pd.Timestamp("2024-12-31")).any()
    assert value(frame, "gold_volume_moz", "2024-11-30") == pytest.approx(72.96)


def test_safe_text_prefix_quirk_2025():
    frame = safe.parse_reserves(fixture_bytes(SAFE_2025))
    assert value(frame, "other_reserve_assets", "2025-05-31") == pytest.approx(-0.3)  # "'-3.00"


def test_safe_combine_later_year_wins_and_gaps_are_noted():
    old, new = safe.parse_reserves(fixture_bytes(SAFE_2024)), safe.parse_reserves(fixture_bytes(SAFE_2025))
    overlap = old[old["date"] == pd.Timestamp("2024-11-30")].assign(value=lambda f: f["value"] + 1)
    revised = pd.concat([new, overlap], ignore_index=True)  # the 2025 file restating 2024-11
    both = safe.combine({"2024": old, "2025": revised})
    assert value(both, "total", "2024-11-30") == pytest.approx(value(old, "total", "2024-11-30") + 1)
    assert "2024-12" in both.attrs["gaps"]
    assert "gap, not zero" in both.attrs["series_notes"]["total"][0]
    with pytest.raises(CombineError, match="2023"):
        safe.combine({"2023": old})


def _edited(rel: str, edit) -> bytes:
    book = openpyxl.load_workbook(io.BytesIO(fixture_bytes(rel)))
    edit(book.worksheets[0])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _set_where(sheet, old: str, new: object) -> None:
    for row in sheet.iter_rows():
        for cell in row:
            if cell.value == old:
                cell.value = new


def test_safe_damaged_input_names_what_was_expected():
    with pytest.raises(ParseError, match="zip"):
        safe.parse_reserves(b"<!DOCTYPE html><html>maintenance</html>")
    with pytest.raises(ParseError, match="亿美元"):
        safe.parse_reserves(_edited(SAFE_2026, lambda s: _set_where(s, "亿美元", "万美元")))
    with pytest.raises(ParseError, match="7419万盎司"):
        safe.parse_reserves(_edited(SAFE_2026, lambda s: _set_where(s, "7464万盎司", "2321吨")))
    with pytest.raises(ParseError, match="number"):
        safe.parse_reserves(_edited(SAFE_2026, lambda s: _set_where(s, "3441.72\xa0", "n/a")))
    with pytest.raises(ParseError, match="Item"):
        safe.parse_reserves(_edited(SAFE_2026, lambda s: _set_where(s, "项目\xa0\xa0Item", "项目")))
    with pytest.raises(ParseError, match="Sheet1"):
        safe.parse_reserves(_edited(SAFE_2026, lambda s: setattr(s, "title", "Data")))


PAGE = """<!DOCTYPE html><html><head><title>Official Reserve Assets (2026)</title></head><body>
<div class="detail_tit">Official Reserve Assets (2026)</div>
<div class="detail_content"><p>Updated 2026-07-07</p>
<p><a href="/en/file/file/20260607/2990f3246e4746ffb39dbc70d1b390f8.xlsx">Official Reserve Assets (2026).xlsx</a></p>
<p><a href="/en/file/file/20260707/0a1b2c3d4e5f60718293a4b5c6d7e8f9.xlsx">Official Reserve Assets (2026).xlsx</a></p>
</div></body></html>"""
NEW_FILE = "https://www.safe.gov.cn/en/file/file/20260707/0a1b2c3d4e5f60718293a4b5c6d7e8f9.xlsx"


def test_the_link_finder_takes_the_newest_file_on_the_years_page():
    page_url = safe.YEAR_PAGES[2026]
    assert safe.find_workbook_link(PAGE.encode(), page_url) == NEW_FILE
    assert safe.find_workbook_link(b"<html><a href='/en/2026/0107/2271.html'>news</a></html>", page_url) is None


def test_a_moved_safe_file_is_found_on_its_page(tmp_path):
    adapter = FaultAdapter(FIXTURE_MIRROR, faults={safe.FILE_URLS[2026]: "404"},
                           bodies={safe.YEAR_PAGES[2026]: PAGE.encode(), NEW_FILE: fixture_bytes(SAFE_2026)})
    report = refresh(["china_reserves"], settings_for(tmp_path, transport=adapter))[0]
    assert report.ok, report.error
    urls = [u["url"] for u in Store(tmp_path / "store").manifest("china_reserves")["urls"]]
    assert NEW_FILE in urls and safe.FILE_URLS[2026] not in urls


def test_a_changed_safe_site_fails_naming_the_page(tmp_path):
    page = b"<!DOCTYPE html><html><body><p>This page has moved to our new data portal.</p></body></html>"
    adapter = FaultAdapter(FIXTURE_MIRROR, faults={safe.FILE_URLS[2026]: "404"},
                           bodies={safe.YEAR_PAGES[2026]: page})
    report = refresh(["china_reserves"], settings_for(tmp_path, transport=adapter))[0]
    assert not report.ok
    assert f"at {safe.YEAR_PAGES[2026]}:" in report.error
    assert "expected a link to the current file" in report.error and "no such link" in report.error
    assert safe.FILE_URLS[2026] in report.error and "404" in report.error


# -- the whole real files -----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def real(tmp_path_factory):
    from tests.helpers import SHARED_DATA, SHARED_MISSING

    if not (SHARED_DATA / "mirror" / "urls.tsv").exists():
        pytest.skip(SHARED_MISSING)
    root = tmp_path_factory.mktemp("real")
    reports = refresh(["reserve_currencies", "china_reserves", "gold_reserves"],
                      settings_for(root, mirror=SHARED_DATA / "mirror"))
    assert all(r.ok for r in reports), [r.line() for r in reports]
    store, nothing = Store(root / "store"), Store(root / "none")
    return {name: api.load(name, store=store, snapshot=nothing)
            for name in ("reserve_currencies", "china_reserves", "gold_reserves")}


def test_real_dollar_share(real):
    frame = real["reserve_currencies"].frame
    assert value(frame, "USD_share", "1999-03-31") == pytest.approx(71.19, abs=0.005)
    assert value(frame, "USD_share", "2026-03-31") == pytest.approx(57.13, abs=0.005)
    assert value(frame, "total", "2026-03-31") == pytest.approx(13104.898, abs=0.001)
    assert frame["date"].min() == pd.Timestamp("1999-03-31") and frame["date"].max() == pd.Timestamp("2026-03-31")
    assert real["reserve_currencies"].provenance.notes["cofer_method"]["method"] == "imputed"
    assert real["reserve_currencies"].provenance.series_notes("USD_share")


def test_real_china_newest_month_and_gap(real):
    frame = real["china_reserves"].frame
    # Hand-checked in the 2026 workbook (Sheet1, column 2026.04, 亿美元): 34105.47, 38217.17, 3441.72, 7464万盎司.
    assert value(frame, "foreign_currency_reserves", "2026-04-30") == pytest.approx(3410.547)
    assert value(frame, "total", "2026-04-30") == pytest.approx(3821.717)
    assert value(frame, "gold", "2026-04-30") == pytest.approx(344.172)
    assert value(frame, "gold_volume_moz", "2026-04-30") == pytest.approx(74.64)
    assert value(frame, "gold_volume_tonnes", "2026-04-30") == pytest.approx(2321.56, abs=0.01)
    assert not (frame["date"] == pd.Timestamp("2024-12-31")).any()
    assert frame["date"].dt.to_period("M").nunique() == 63  # 2021-01 .. 2026-04 less 2024-12
    assert real["china_reserves"].provenance.notes["gaps"] == ["2024-12"]
    assert safe.sum_problem(frame) is None


def test_real_safe_gold_against_the_imfs(real):
    comparison = china.gold_volume_comparison(real["china_reserves"].frame, real["gold_reserves"].frame)
    assert china.differences(comparison).empty  # every shared quarter end agrees to the ounce
    assert (comparison["status"] == "same").sum() == 19  # 2021-03 .. 2025-12 quarter ends, less 2024-12
    assert china.describe(comparison) == ["2024-12: IMF 2,279.6 t (73.29 m oz); SAFE has no figure"]
    assert comparison.loc[comparison["date"] == pd.Timestamp("2026-03-31"), "status"].item() == "SAFE only"
    assert imf.OUNCES_PER_TONNE == china.OUNCES_PER_TONNE


def test_comparison_reports_a_difference_beyond_rounding():
    safe_frame = pd.DataFrame({"date": pd.to_datetime(["2025-03-31", "2025-06-30"]),
                               "series": "gold_volume_moz", "value": [73.70, 73.91]})
    imf_frame = pd.DataFrame({"date": pd.to_datetime(["2025-03-31", "2025-06-30"]), "series": "CHN",
                              "value": [73.70e6 / 32_150.7466, 73.90e6 / 32_150.7466],
                              "ounces": [73_704_000.0, 73_900_000.0]})
    comparison = china.gold_volume_comparison(safe_frame, imf_frame)
    assert comparison["status"].tolist() == ["same", "differs"]  # 4,000 oz is rounding; 10,000 oz is not
    assert china.differences(comparison)["diff_oz"].item() == pytest.approx(10_000)
