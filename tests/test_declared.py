"""Pages and datasets are declared once (`views.declare`, `data_sources.catalogue`): these tests check, in
datasette's manner, that every declaration is complete and consistent with what reads it, and name what
is missing; and that links shared before sections had stable ids open what they opened then."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from urllib.parse import parse_qs

import pytest

from data_sources import catalogue
from views import PLAIN, VIEWS, pages, view_for
from views.declare import Section, Sections

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures"
SHARED = json.loads((FIXTURES / "shared_links.json").read_text(encoding="utf-8"))["links"]


@pytest.fixture(scope="module")
def bundled(tmp_path_factory):
    """The app's data as a fresh machine has it: the bundled snapshot, no store of its own."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DOLLAR_TIDE_HOME", str(tmp_path_factory.mktemp("home")))
        yield


def _query(link: str) -> tuple[str, dict[str, list[str]]]:
    path, _, query = link.partition("?")
    return path.strip("/"), parse_qs(query, keep_blank_values=True)


@pytest.mark.parametrize("shared", SHARED, ids=[s["link"][:60] for s in SHARED])
def test_a_link_shared_before_opens_the_same_chart(shared, bundled):
    from web.api import resolve

    page, query = _query(shared["link"])
    resolved = resolve(page, query, strict=False)
    assert isinstance(resolved, tuple), shared["link"]
    _, main, state = resolved
    assert state == shared["state"], shared["link"]
    assert main.name.split("_")[0] == shared["chart"], shared["link"]


def test_the_shared_links_cover_every_section():
    linked = {(p, q.get("section", [""])[0]) for p, q in map(_query, (s["link"] for s in SHARED))}
    missing = [f"/{v.id}?section={s.id}" for v in VIEWS.values() for s in v.sections if (v.id, s.id) not in linked]
    assert not missing, f"no shared link in the fixture opens: {missing}"


def test_a_label_is_display_only(bundled):
    """Renaming a tab changes no link: the URL carries the id, and the old label still reads."""
    view = VIEWS["treasuries"]
    renamed = Sections([replace(s, label=s.label + " (renamed)") for s in view.sections])
    param = renamed.param()
    assert param.parse("was-it-selling") == "was-it-selling"
    assert param.parse("map") == "map"
    assert param.encode("Was it selling? (renamed)") == "was-it-selling"  # what the tab widget holds
    assert renamed.get("Map (renamed)").id == "map"


def test_a_former_id_opens_its_section():
    sections = Sections([Section("ranking", "Ranking"), Section("was-it-selling", "Was it selling?",
                                                                was=("selling", "net-sales"))])
    param = sections.param()
    assert param.parse("net-sales") == "was-it-selling"
    assert param.parse("Selling") == "was-it-selling"
    assert sections.id_of("nothing-like-it") == "ranking"
    with pytest.raises(ValueError, match="is not one of"):
        param.parse("nothing-like-it")


def test_section_ids_are_unique_slugs():
    with pytest.raises(ValueError, match="unique slugs"):
        Sections([Section("map", "Map"), Section("map", "Another map")])
    with pytest.raises(ValueError, match="unique slugs"):
        Sections([Section("Was it selling?", "Was it selling?")])


# -- consistency: every declaration complete ------------------------------------------------------

def test_every_page_has_its_file_and_a_navigation_entry():
    problems = [f"{p.path}: no file {p.file}" for p in pages() if not (ROOT / p.file).is_file()]
    files = {p.file for p in pages()}
    problems += [f"pages/{f.name}: not declared as a page (views.declare.Page)" for f in (ROOT / "pages").glob("*.py")
                 if f"pages/{f.name}" not in files]
    problems += [f"{p.path}: navigation label or icon missing" for p in pages() if not p.nav or not p.icon]
    assert not problems, problems
    assert len({p.order for p in pages()}) == len(pages()), "two pages share a navigation position"


def test_every_dataset_is_shown_checked_fixtured_damaged_and_bundled():
    from tests.damage import LAYOUT_DAMAGES

    fixtured = {line.split("\t")[0] for line in (FIXTURES / "mirror" / "urls.tsv").read_text().splitlines() if line}
    snapshot = ROOT / "data_sources" / "snapshot"
    problems = []
    for spec in catalogue.DATASETS:
        view = view_for(spec.name)
        if view is None:
            problems.append(f"{spec.name}: its topic {spec.topic!r} is no page (views.VIEWS)")
        elif spec.name not in view.all_datasets:
            problems.append(f"{spec.name}: /{view.id} neither reads it nor has a tab that shows it")
        if spec.checkable and spec.claim_series not in {*spec.series, *spec.required_series}:
            problems.append(f"{spec.name}: checkable, but its claim series {spec.claim_series!r} is not one of its "
                            "series (DatasetSpec.claim_series)")
        if not (snapshot / spec.name).is_dir() or not any((snapshot / spec.name).iterdir()):
            problems.append(f"{spec.name}: not in the bundled snapshot (python -m data_sources snapshot)")
        if spec.resources[0].url not in fixtured:
            problems.append(f"{spec.name}: no reader fixture for {spec.resources[0].url} in "
                            "tests/fixtures/mirror/urls.tsv (tests/fixtures/cut_excerpts.py)")
        if spec.traded_in is not None and spec.traded_in not in catalogue.CATALOGUE:
            problems.append(f"{spec.name}: traded_in names no dataset ({spec.traded_in})")
        if spec.name not in LAYOUT_DAMAGES:
            problems.append(f"{spec.name}: no damage case in tests/damage.py LAYOUT_DAMAGES (the fault matrix)")
    assert not problems, "\n".join(problems)


def test_every_section_a_claim_opens_is_on_its_datasets_page():
    problems = []
    for view in VIEWS.values():
        for section in view.sections:
            for name in section.datasets:
                if name not in catalogue.CATALOGUE:
                    problems.append(f"/{view.id} {section.id}: unknown dataset {name}")
                elif catalogue.CATALOGUE[name].topic != view.id:
                    problems.append(f"/{view.id} {section.id}: {name} belongs to /{catalogue.CATALOGUE[name].topic}")
    assert not problems, problems


def test_every_view_is_in_openapi_with_its_sections_and_params(bundled):
    from web import data
    from web.openapi import document

    doc = document("http://test")
    problems = []
    for view in VIEWS.values():
        path = doc["paths"].get(f"/api/v1/charts/{view.id}.json")
        if path is None:
            problems.append(f"/{view.id}: no chart route in OpenAPI")
            continue
        params = {p["name"]: p for p in path["get"]["parameters"]}
        ctx = view.context(data.load)
        problems += [f"/{view.id}: parameter {p.key} missing from OpenAPI" for p in ctx.params if p.key not in params]
        enum = params.get("section", {}).get("schema", {}).get("enum", [])
        problems += [f"/{view.id}: section {s.id} missing from OpenAPI" for s in view.sections if s.id not in enum]
        drawn = {*view.main_params, *(k for s in view.sections.with_main for k in s.params)}
        problems += [f"/{view.id}: {k} shapes a chart but is no parameter" for k in drawn if k not in params]
    assert not problems, problems


def test_every_view_declares_what_the_shared_code_reads(bundled):
    from web import data

    for view in VIEWS.values():
        assert view.page.file == f"pages/{view.id}.py" and view.page.title and view.page.description, view.id
        assert view.datasets and all(n in catalogue.CATALOGUE for n in view.all_datasets), view.id
        ctx = view.context(data.load)
        keys = [p.key for p in ctx.params]
        assert "section" in keys and len(keys) == len(set(keys)), view.id
        assert next(p for p in ctx.params if p.key == "section").default == view.sections[0].id, view.id


def test_the_plain_pages_are_the_ones_without_a_chart_state():
    assert {p.path for p in PLAIN} == {"/", "/article"}
    assert not {p.id for p in PLAIN} & set(VIEWS)


def test_every_trace_meta_keeps_to_the_contract(bundled):
    """What the exports, alt text and previews read back from a figure is declared (`charts.meta`)."""
    from charts.meta import KEYS, meta_of
    from web import data

    problems = []
    for view in VIEWS.values():
        ctx = view.context(data.load)
        for section in (None, *view.sections.with_main):
            values = {p.key: p.default for p in ctx.params} | ({"section": section.id} if section else {})
            main, _ = view.build(ctx, values, data.load)
            for trace in main.fig.data if main.fig is not None else ():
                extra = set(meta_of(trace)) - KEYS
                if extra:
                    problems.append(f"/{view.id} {section.id if section else 'main'} {trace.name}: {sorted(extra)}")
    assert not problems, problems
    literal = [f.name for f in (ROOT / "charts").glob("*.py")
               if f.name != "meta.py" and ("meta={" in f.read_text() or '"meta": {' in f.read_text())]
    assert not literal, f"a trace's meta written as a dict literal, not trace_meta(): {literal}"
