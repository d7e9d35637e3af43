from __future__ import annotations

import os

import pytest
from hypothesis import settings

from tests.helpers import SHARED_DATA, SHARED_MISSING

# No test process (nor the app servers they start) refreshes by itself: tests say when to refresh.
os.environ.setdefault("DOLLAR_TIDE_AUTO_REFRESH", "0")
# In-process previews, so that tests can count drawings; tests/test_render.py runs the worker pool.
os.environ.setdefault("DOLLAR_TIDE_PREVIEW_WORKERS", "0")

# CI replays the same generated examples every run (a property failure there is reproducible);
# locally each run explores new ones.
settings.register_profile("ci", derandomize=True)
if os.environ.get("CI"):
    settings.load_profile("ci")


@pytest.fixture
def shared_data():
    """The real data folder (../shared/data); tests that need whole files skip without it."""
    if not (SHARED_DATA / "mirror" / "urls.tsv").exists():
        pytest.skip(SHARED_MISSING)
    return SHARED_DATA
