"""Damaged store files: never served, never sticky, never stopping the other datasets."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from data_sources import api, catalogue
from data_sources.__main__ import main
from data_sources.refresh import refresh
from data_sources.store import Store
from tests.helpers import FIXTURE_MIRROR, ROOT, settings_for

NAME = "usdjpy"


@pytest.fixture(scope="module")
def two_releases(tmp_path_factory) -> Path:
    """A store with two releases of usdjpy (the older one a shorter excerpt) and one of the rest."""
    root = tmp_path_factory.mktemp("two")
    older = root / "older-mirror"
    shutil.copytree(FIXTURE_MIRROR, older)
    dex = older / "fred" / "DEXJPUS.csv"
    dex.write_bytes(b"\n".join(dex.read_bytes().rstrip(b"\n").split(b"\n")[:-2]) + b"\n")
    assert all(r.ok for r in refresh(None, settings_for(root / "a", mirror=older, store=Store(root / "store"))))
    assert refresh([NAME], settings_for(root / "b", store=Store(root / "store")))[0].ok
    return root / "store"


@pytest.fixture
def home(two_releases, tmp_path) -> Path:
    shutil.copytree(two_releases, tmp_path / "home" / "store")
    return tmp_path / "home"


def current_file(store: Store) -> Path:
    return store.root / NAME / "vintages" / f"{store.manifest(NAME)['vintage']}.parquet"


def flip_bytes(path: Path) -> None:
    data = bytearray(path.read_bytes())
    for offset in (len(data) // 3, len(data) // 2):
        data[offset] ^= 0x5A
    path.write_bytes(bytes(data))


DAMAGES = {
    "truncated": lambda p: p.write_bytes(p.read_bytes()[: p.stat().st_size // 2]),
    "flipped": flip_bytes,
    "deleted": lambda p: p.unlink(),
}


@pytest.mark.parametrize("how", list(DAMAGES))
def test_a_damaged_release_file_is_never_served_and_the_next_refresh_repairs_it(how, home, tmp_path, capsys):
    store, nothing = Store(home / "store"), Store(tmp_path / "none")
    good = api.load(NAME, store=store, snapshot=nothing)
    older = store.vintages(NAME)[0]["vintage"]
    DAMAGES[how](current_file(store))

    served = api.load(NAME, store=store, snapshot=nothing)
    assert served.provenance.vintage == older, "the previous intact release is served"
    assert served.provenance.stale
    assert any(good.provenance.vintage in p for p in served.provenance.problems)
    assert any("serving the stored release" in p for p in served.provenance.problems)
    # With a bundled snapshot newer than the older release, the snapshot is served instead.
    bundled = api.load(NAME, store=store)
    assert bundled.provenance.origin == "snapshot" and bundled.provenance.problems
    assert main(["--home", str(home), "status"]) == 0  # no crash; every dataset listed
    listed = [line for line in capsys.readouterr().out.splitlines() if line.split()[0] in catalogue.CATALOGUE]
    assert len(listed) == len(catalogue.CATALOGUE)

    # The same release again: the refresh rewrites the damaged file although its id is unchanged.
    assert main(["--home", str(home), "refresh", NAME, "--mirror", str(FIXTURE_MIRROR)]) == 0
    repaired = api.load(NAME, store=store, snapshot=nothing)
    assert repaired.provenance.vintage == good.provenance.vintage
    assert repaired.frame.equals(good.frame)
    assert not repaired.provenance.problems


def test_flipped_bytes_do_not_block_later_good_refreshes(home, tmp_path):
    """Garbage that still parses (dates to 2157) used to be compared against and reject good data."""
    store = Store(home / "store")
    flip_bytes(current_file(store))
    report = refresh([NAME], settings_for(tmp_path, store=store))[0]
    assert report.ok, report.error


@pytest.mark.parametrize("content", [b"", b"{not json", b"[1, 2", b"\x00\xff" * 20, b"[]", b"null"])
@pytest.mark.parametrize("which", ["manifest.json", "vintages.json"])
def test_garbled_metadata_neither_crashes_nor_sticks(which, content, home, tmp_path, capsys):
    store, nothing = Store(home / "store"), Store(tmp_path / "none")
    good = api.load(NAME, store=store, snapshot=nothing)
    (home / "store" / NAME / which).write_bytes(content)

    served = api.load(NAME, store=store, snapshot=nothing)
    assert len(served.frame) > 0
    if which == "manifest.json":
        assert any("manifest.json is damaged" in p for p in served.provenance.problems)
    assert main(["--home", str(home), "status"]) == 0
    capsys.readouterr()
    # A refresh of everything where one source fails still refreshes the others.
    broken = tmp_path / "mirror"
    shutil.copytree(FIXTURE_MIRROR, broken)
    (broken / "fred" / "DEXJPUS.csv").write_bytes(b"<html><title>down</title></html>")
    code = main(["--home", str(home), "refresh", "--mirror", str(broken)])
    out = capsys.readouterr().out
    assert code == 1
    assert [line[:3] for line in out.splitlines()[1:8]].count("ok ") == 6, out
    # …and once the source is back, the store is whole again.
    assert main(["--home", str(home), "refresh", NAME, "--mirror", str(FIXTURE_MIRROR)]) == 0
    healed = api.load(NAME, store=store, snapshot=nothing)
    assert healed.frame.equals(good.frame) and not healed.provenance.problems
    assert isinstance(json.loads((home / "store" / NAME / which).read_bytes()), (dict, list))


def test_times_in_the_future_do_not_hide_errors_or_staleness(home, tmp_path):
    store, nothing = Store(home / "store"), Store(tmp_path / "none")
    path = home / "store" / NAME / "manifest.json"
    manifest = json.loads(path.read_bytes())
    manifest["retrieved_at"] = "2099-01-01T00:00:00+00:00"
    manifest["as_of"] = "2099-01-01"
    path.write_text(json.dumps(manifest))
    store.record_error(NAME, "FRED: fetch failed at https://x: expected a connection; found refused")
    prov = api.load(NAME, store=store, snapshot=nothing).provenance
    assert prov.last_error and "refused" in prov.last_error
    assert prov.stale
    assert prov.as_of == pd.Timestamp("2024-07-31"), "as-of comes from the data, not the edited file"
    assert any("in the future" in p for p in prov.problems)


def test_leftover_temp_files_are_cleaned_on_the_next_write(home, tmp_path):
    store = Store(home / "store")
    leftovers = [home / "store" / NAME / ".manifest.json.abc.tmp", home / "store" / NAME / "vintages" / ".x.tmp"]
    for path in leftovers:
        path.write_bytes(b"half")
    store.record_error(NAME, "x")
    assert not any(p.exists() for p in leftovers)


@pytest.fixture
def read_only(home):
    """`home` made read-only for real: a read-only bind mount as root (root ignores file modes),
    file modes otherwise."""
    if os.geteuid() != 0:
        for path in [home, *home.rglob("*")]:
            path.chmod(0o555 if path.is_dir() else 0o444)
        yield home
        return
    bind = subprocess.run(["mount", "--bind", str(home), str(home)], capture_output=True, check=False)
    if bind.returncode != 0:
        pytest.skip(f"cannot bind-mount here: {bind.stderr.decode().strip()}")
    try:
        subprocess.run(["mount", "-o", "remount,ro,bind", str(home)], check=True, capture_output=True)
        yield home
    finally:
        subprocess.run(["umount", str(home)], check=False, capture_output=True)


def test_a_read_only_store_gives_a_clear_message(read_only):
    cmd = [sys.executable, "-m", "data_sources", "--home", str(read_only), "refresh", NAME,
           "--mirror", str(FIXTURE_MIRROR)]
    done = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, timeout=120, check=False)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr + done.stdout, done.stderr
    assert "cannot write" in done.stdout + done.stderr, done.stdout + done.stderr
    served = api.load(NAME, store=Store(read_only / "store"))
    assert len(served.frame) > 0, "reading a read-only store still works"
