"""The fault matrix: every publisher × every way its file goes wrong, through the real command line.

Each case starts from a store holding a good release, damages the publisher's file in the offline
mirror (the same HTTP, cache, parse, validate and store path as the network), and checks:
exit status 1; an error naming the source, the failing URL, what was expected and what was found;
the store's files unchanged; `load()` serving the last good release marked stale; and recovery on
the next good refresh from the same HTTP cache (a bad body is never replayed).
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from data_sources import api, catalogue
from data_sources.__main__ import main
from data_sources.mirror import read_index
from data_sources.store import Store
from tests.damage import DAMAGES, damage
from tests.helpers import FIXTURE_MIRROR, settings_for

NAMES = list(catalogue.CATALOGUE)


@pytest.fixture(scope="module")
def good_store(tmp_path_factory) -> Path:
    from data_sources.refresh import refresh

    root = tmp_path_factory.mktemp("good")
    assert all(r.ok for r in refresh(None, settings_for(root)))
    return root / "store"


def damaged_mirror(tmp: Path, url: str, change) -> Path:
    mirror = tmp / "mirror"
    shutil.copytree(FIXTURE_MIRROR, mirror)
    path = read_index(mirror)[url]
    path.write_bytes(change(path.read_bytes()))
    return mirror


def file_hashes(folder: Path) -> dict[str, str]:
    """Every file of a dataset's store except the manifest (which records the error) and the lock."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file() and p.name not in ("manifest.json", ".lock")}


def refresh_cli(home: Path, name: str, mirror: Path, capsys) -> tuple[int, str]:
    code = main(["--home", str(home), "refresh", name, "--mirror", str(mirror)])
    return code, capsys.readouterr().out


@pytest.mark.parametrize("kind", DAMAGES)
@pytest.mark.parametrize("name", NAMES)
def test_damaged_source(name, kind, good_store, tmp_path, capsys):
    home = tmp_path / "home"
    shutil.copytree(good_store, home / "store")
    store, nothing = Store(home / "store"), Store(tmp_path / "none")
    before_files = file_hashes(home / "store" / name)
    before = api.load(name, store=store, snapshot=nothing)
    spec = catalogue.get(name)
    url = spec.resources[0].url

    code, out = refresh_cli(home, name, damaged_mirror(tmp_path, url, lambda b: damage(name, kind, b)), capsys)

    assert code == 1, out
    line = next(line for line in out.splitlines() if line.startswith("ERR"))
    assert spec.source.name in line, line
    assert f" at {url}:" in line, line
    assert "expected" in line and "; found" in line, line
    assert file_hashes(home / "store" / name) == before_files, "the store's release files are untouched"
    served = api.load(name, store=store, snapshot=nothing)
    assert served.provenance.vintage == before.provenance.vintage
    assert served.frame.equals(before.frame)
    assert served.provenance.stale
    assert served.provenance.last_error and f" at {url}:" in served.provenance.last_error

    # The publisher fixes the file: the same home (same HTTP cache) refreshes cleanly.
    code, out = refresh_cli(home, name, FIXTURE_MIRROR, capsys)
    assert code == 0, out
    recovered = api.load(name, store=store, snapshot=nothing)
    assert recovered.provenance.last_error is None
    assert recovered.frame.equals(before.frame)


#: A broken file that is not the dataset's first: the error must name it, not the first URL.
OTHER_RESOURCES = [
    ("treasury_holdings", "mfhhis01", "shrunk_blocks"),
    ("treasury_holdings", "mfhhis01", "html200"),
    ("treasury_holdings", "slt_table5", "months+1"),
    ("rates", "FEDFUNDS", "x1000"),
    ("rates", "DGS10", "future"),
    ("rates", "IRLTLT01JPM156N", "relabelled"),
]


def _other_damage(key: str, kind: str):
    from tests import damage as d

    if kind == "shrunk_blocks":  # drop the oldest year block of mfhhis01
        def cut(body: bytes) -> bytes:
            marker = body.rfind(b"\r\n Dec") if b"\r\n Dec" in body else body.rfind(b"Dec\t")
            return body[:marker]
        return lambda b: (lambda out: out if out != b else b[: len(b) * 2 // 3])(cut(b))
    if kind == "months+1":
        return d.table5_months(1)
    if kind == "html200":
        return lambda _: d.HTML
    if kind == "relabelled":
        return d._replace(f"observation_date,{key}".encode(), b"date,value")
    return {"x1000": d.fred_scale(1000), "future": d.fred_future}[kind]


@pytest.mark.parametrize(("name", "key", "kind"), OTHER_RESOURCES)
def test_error_names_the_resource_that_failed(name, key, kind, good_store, tmp_path, capsys):
    home = tmp_path / "home"
    shutil.copytree(good_store, home / "store")
    spec = catalogue.get(name)
    url = next(r.url for r in spec.resources if r.key == key)
    code, out = refresh_cli(home, name, damaged_mirror(tmp_path, url, _other_damage(key, kind)), capsys)
    assert code == 1, out
    line = next(line for line in out.splitlines() if line.startswith("ERR"))
    assert f" at {url}:" in line, line
    if kind == "months+1":
        assert "shifted" in line


@pytest.mark.parametrize("kind", ["html200", "truncated", "empty", "relabelled", "garbage"])
def test_a_broken_optional_table_keeps_its_holders(kind, good_store, tmp_path, capsys):
    """Table 3 answers HTML (or is cut short…): the release keeps every holder it had."""
    home = tmp_path / "home"
    shutil.copytree(good_store, home / "store")
    store, nothing = Store(home / "store"), Store(tmp_path / "none")
    before = api.load("treasury_holdings", store=store, snapshot=nothing).frame
    table3 = catalogue.get("treasury_holdings").resources[2]
    relabel = lambda b: b.replace(b"country\t", b"economy\t")  # noqa: E731
    change = relabel if kind == "relabelled" else (lambda b: damage("treasury_holdings", kind, b))
    code, out = refresh_cli(home, "treasury_holdings", damaged_mirror(tmp_path, table3.url, change), capsys)
    assert code == 0, out
    assert "kept its" in out and table3.url in out
    after = api.load("treasury_holdings", store=store, snapshot=nothing)
    assert set(after.frame["series"]) == set(before["series"])
    assert len(after.frame) == len(before)
    carried = after.provenance.notes["carried_over"]
    assert carried["resources"] == ["slt_table3"] and carried["series"] > 0
    assert any("slt_table3" in p for p in after.provenance.problems)
    assert after.provenance.stale
    # Table 3 is back: the release no longer says anything was carried over.
    code, out = refresh_cli(home, "treasury_holdings", FIXTURE_MIRROR, capsys)
    assert code == 0
    assert not api.load("treasury_holdings", store=store, snapshot=nothing).provenance.problems


def test_matrix_size():
    assert len(NAMES) * len(DAMAGES) == 99


def test_table3_failing_twice_keeps_the_date_its_figures_were_really_fetched(good_store, tmp_path, capsys):
    home = tmp_path / "home"
    shutil.copytree(good_store, home / "store")
    store = Store(home / "store")
    fetched_at = store.manifest("treasury_holdings")["retrieved_at"]
    table3 = catalogue.get("treasury_holdings").resources[2]
    for attempt in range(2):
        broken = damaged_mirror(tmp_path / f"m{attempt}", table3.url, lambda _: b"<!DOCTYPE html><title>x</title>")
        # Table 5 changes too, so that each refresh is a new release.
        t5 = read_index(broken)[catalogue.get("treasury_holdings").resources[0].url]
        t5.write_bytes(t5.read_bytes().replace(b"1209.9", f"1209.{attempt}".encode()))
        assert refresh_cli(home, "treasury_holdings", broken, capsys)[0] == 0
    carried = store.manifest("treasury_holdings")["notes"]["carried_over"]
    assert carried["from_retrieved_at"] == fetched_at
    assert carried["series"] == len(store.manifest("treasury_holdings")["notes"]["optional_series"]["slt_table3"])


def test_a_series_really_dropped_by_the_publisher_is_accepted_only_when_the_operator_says_so(good_store, tmp_path,
                                                                                           capsys):
    home = tmp_path / "home"
    shutil.copytree(good_store, home / "store")
    url = catalogue.get("gold_reserves").resources[0].url

    def drop_lux(body: bytes) -> bytes:
        return b"\n".join(line for line in body.split(b"\n") if b",LUX," not in line)

    mirror = damaged_mirror(tmp_path, url, drop_lux)
    code, out = refresh_cli(home, "gold_reserves", mirror, capsys)
    assert code == 1 and "LUX" in out and "--accept-dropped" in out
    assert main(["--home", str(home), "refresh", "gold_reserves", "--mirror", str(mirror), "--accept-dropped"]) == 0
    assert "accepted 1 series no longer published: LUX" in capsys.readouterr().out
    assert "LUX" not in set(Store(home / "store").read("gold_reserves")[0]["series"])
