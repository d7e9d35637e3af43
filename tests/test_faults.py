"""Every source, every way a fetch can go wrong: a clear error, and the last good data stays."""

from __future__ import annotations

import shutil

import pytest

from data_sources import api, catalogue
from data_sources.refresh import refresh
from data_sources.store import Store
from tests.damage import LAYOUT_DAMAGES, renamed_sheet
from tests.helpers import FIXTURE_MIRROR, FaultAdapter, settings_for

#: A plausible body in a layout the parser does not know, per dataset's first resource.
CHANGED_LAYOUT = {
    "treasury_holdings": lambda b: b.replace(b"Country", b"Holder"),
    "usdjpy": lambda b: b.replace(b"observation_date", b"period"),
    "fx_interventions": lambda b: b.replace(b"Intervention Date", b"Date of intervention"),
    "japan_reserves": lambda b: b.replace(b"(3) SDRs,(4) Gold", b"(3) SDRs,(3b) Other,(4) Gold"),
    "rates": lambda b: b.replace(b"observation_date,DFF", b"observation_date,DFF,DFF_NOTE"),
    "gold_reserves": lambda b: b.replace(b"OBS_VALUE", b"VALUE"),
    "gold_price": renamed_sheet,
    "reserve_currencies": lambda b: b.replace(b"OBS_VALUE", b"VALUE"),
    "china_reserves": LAYOUT_DAMAGES["china_reserves"]["relabelled"],  # the unit row reads 万美元
    "treasury_flows": LAYOUT_DAMAGES["treasury_flows"]["relabelled"],  # for_treas_net renamed
    "fed_custody": LAYOUT_DAMAGES["fed_custody"]["relabelled"],
}
FAULTS = ("500", "503", "timeout", "refused", "truncated", "truncated-unannounced", "html", "empty", "layout")
EXPECT = {  # what the error says was found
    "500": "HTTP 500", "503": "HTTP 503", "timeout": "timed out", "refused": "Connection refused",
    "truncated": "cut short", "html": "HTML page", "empty": "empty body",
}


@pytest.fixture(scope="module")
def good_store(tmp_path_factory):
    """One good refresh of everything, copied into each test's folder."""
    root = tmp_path_factory.mktemp("good")
    assert all(r.ok for r in refresh(None, settings_for(root)))
    return root / "store"


@pytest.mark.parametrize("fault", FAULTS)
@pytest.mark.parametrize("name", list(catalogue.CATALOGUE))
def test_fault_gives_a_named_error_and_keeps_serving_the_last_good_release(name, fault, good_store, tmp_path):
    shutil.copytree(good_store, tmp_path / "store")
    store = Store(tmp_path / "store")
    before = store.read(name)[0]
    spec = catalogue.get(name)
    url = spec.resources[0].url
    if fault == "layout":
        body = CHANGED_LAYOUT[name](FaultAdapter(FIXTURE_MIRROR).body_for(url))
        adapter = FaultAdapter(FIXTURE_MIRROR, bodies={url: body})
    else:
        adapter = FaultAdapter(FIXTURE_MIRROR, faults={url: fault})
    # The Pink Sheet's fallback page is not in the mirror: the configured URL's error is reported.
    report = refresh([name], settings_for(tmp_path, transport=adapter, store=store))[0]

    assert not report.ok
    assert spec.source.name in report.error, report.error
    assert "expected" in report.error
    assert "found" in report.error
    assert f" at {url}:" in report.error
    if fault in EXPECT:
        assert EXPECT[fault] in report.error
    if fault == "layout":
        assert "layout changed" in report.error

    result = api.load(name, store=store, snapshot=Store(tmp_path / "no-snapshot"))
    assert result.frame.equals(before), "the previous good release is still served"
    assert result.provenance.stale
    assert result.provenance.last_error == report.error
