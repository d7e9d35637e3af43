"""The gold price changed definition in June 2025 (London afternoon fixing → spot average of daily
rates), as the Pink Sheet's Description sheet says: read from the workbook, kept in the provenance,
marked on the price chart and left out of its export."""

from __future__ import annotations

import io

import openpyxl
import pandas as pd

from charts import export, gold
from data_sources import api, catalogue, load
from data_sources.refresh import refresh
from data_sources.sources import worldbank
from data_sources.store import Store
from tests.helpers import charts, fixture_bytes, run_page, settings_for

PINK = "worldbank/CMO-Historical-Data-Monthly.xlsx"
NOTE = ("Gold: London afternoon fixing until May 2025; spot average of daily rates from June 2025 "
        "(World Bank Pink Sheet notes).")


def _workbook(description: list[list[object]] | None) -> bytes:
    book = openpyxl.Workbook()
    book.active.title = "Monthly Prices"
    for row in ([None, "Gold"], [None, "($/troy oz)"], ["2025M05", 3309.0], ["2025M06", 3353.0]):
        book.active.append(row)
    if description is not None:
        sheet = book.create_sheet("Description")
        for row in description:
            sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_the_excerpt_states_the_change_and_the_reader_takes_it_from_the_notes():
    frame = worldbank.parse_pink_sheet(fixture_bytes(PINK))
    assert frame.attrs["series_notes"] == {"GOLD": [NOTE]}
    (change,) = frame.attrs["definition_changes"]
    assert change["series"] == "GOLD" and change["date"] == "2025-06-30" and change["month"] == "2025-06"
    assert change["note"] == NOTE and change["basis"] == "spot average of daily rates"
    assert change["previous"] == "London afternoon fixing"
    assert change["wording"].startswith("Gold, spot average of daily rates, from June 2025; previously (UK)")
    # The first price on the new definition is the one this frame dates on the month's first day.
    assert frame.set_index("date").loc[pd.Timestamp(change["month"]), "value"] == 3353.0


def test_the_whole_real_workbook_states_the_change(shared_data):
    raw = (shared_data / "mirror" / PINK).read_bytes()
    frame = worldbank.parse_pink_sheet(raw)
    assert frame.attrs["definition_changes"][0]["date"] == "2025-06-30"
    assert frame.attrs["series_notes"]["GOLD"] == [NOTE]


def test_the_date_comes_from_the_wording_not_from_the_code():
    cell = ("Gold, spot average of daily rates, from March 2027; previously (UK), 99.5% fine, London "
            "afternoon fixing, average of daily rates")
    frame = worldbank.parse_pink_sheet(_workbook([["Precious Metals"], ["   *", cell]]))
    (change,) = frame.attrs["definition_changes"]
    assert change["date"] == "2027-03-31" and "until February 2027" in change["note"]


def test_no_notes_or_other_words_still_read_the_prices():
    no_sheet = worldbank.parse_pink_sheet(_workbook(None))
    assert no_sheet["value"].tolist() == [3309.0, 3353.0] and no_sheet.attrs == {}
    no_gold = worldbank.parse_pink_sheet(_workbook([["Silver (UK), 99.9% refined, London afternoon fixing"]]))
    assert no_gold.attrs == {}
    # The wording before the change (no "from <month>"): kept as the series note, no change invented.
    old = worldbank.parse_pink_sheet(_workbook([[None, "Gold (UK), 99.5% fine, London afternoon fixing, average "
                                                       "of daily rates"]]))
    assert "definition_changes" not in old.attrs
    assert old.attrs["series_notes"]["GOLD"] == [
        "Gold: (UK), 99.5% fine, London afternoon fixing, average of daily rates (World Bank Pink Sheet notes)."]


def test_the_change_reaches_the_provenance_through_a_refresh(tmp_path):
    report = refresh(["gold_price"], settings_for(tmp_path))[0]
    assert report.ok, report.error
    notes = load("gold_price", store=Store(tmp_path / "store"), snapshot=Store(tmp_path / "none")).provenance.notes
    assert notes["series_notes"] == {"GOLD": [NOTE]}
    assert [c["date"] for c in notes["definition_changes"]] == ["2025-06-30"]


def test_the_catalogue_describes_both_definitions():
    description = catalogue.get("gold_price").description
    assert "spot" in description and "London afternoon fixing" in description and "June 2025" in description


def _price_chart(changes: list[dict]) -> object:
    months = pd.date_range("2025-03-01", "2025-09-01", freq="MS")
    price = pd.Series([2983, 3218, 3309, 3353, 3340, 3368, 3668.0], index=months)
    value = pd.Series([250.0, 260.0], index=pd.to_datetime(["2025-03-31", "2025-06-30"]))
    return gold.price_and_value(price, value, "China", "Source: test", changes=changes)


def test_the_price_chart_marks_the_change_month_and_keeps_it_out_of_the_export():
    change = worldbank.parse_pink_sheet(fixture_bytes(PINK)).attrs["definition_changes"][0]
    fig = _price_chart([change])
    (line,) = [s for s in fig.layout.shapes if s.type == "line"]
    assert line.x0 == line.x1 == "2025-06-01" and line.line.dash == "dot" and line.line.width == 1
    assert line.yref == "paper"
    label = next(a for a in fig.layout.annotations if "definition change" in (a.text or ""))
    assert label.text == "definition change: spot average from Jun 2025" and label.x == "2025-06-01"
    assert label.hovertext == NOTE
    # Each month's price says which definition it is on.
    price = fig.data[0]
    bases = dict(zip(price.x, price.customdata, strict=True))
    assert bases["2025-05-01"] == "London afternoon fixing" and bases["2025-06-01"] == "spot average of daily rates"
    assert "%{customdata}" in price.hovertemplate
    csv = export.table(fig)
    assert list(csv.columns) == ["date", "Gold price, USD/oz (USD per troy oz)",
                                 "Value of China's gold, USD bn"]
    assert len(csv) == 9  # seven prices, the two values' month ends; nothing for the mark


def test_no_change_or_one_outside_the_months_shown_draws_no_mark():
    assert not _price_chart([]).layout.shapes
    later = {"series": "GOLD", "date": "2030-01-31", "month": "2030-01", "basis": "x", "note": "later"}
    fig = _price_chart([later])
    assert not fig.layout.shapes and not any("definition" in (a.text or "") for a in fig.layout.annotations)


def test_the_gold_page_passes_the_change_to_its_price_chart(monkeypatch, tmp_path, shared_data):
    """The page reads the change from the price's provenance (a store refreshed from the real
    workbook, as new as the bundled snapshot, so the store's release is the one served)."""
    monkeypatch.setenv("DOLLAR_TIDE_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("DOLLAR_TIDE_SNAPSHOT", raising=False)
    settings = settings_for(tmp_path, mirror=shared_data / "mirror", store=api.user_store())
    assert refresh(["gold_price"], settings)[0].ok
    at = run_page("pages/gold.py", section="price-and-value", **{"from": "2024-01"})
    value = charts(at)[1].spec
    marks = [s for s in value["layout"].get("shapes", []) if s.get("type") == "line"]
    assert [s["x0"] for s in marks] == ["2025-06-01"]
    assert NOTE in " ".join(c.value for c in at.caption)
