from __future__ import annotations

import pytest

from tests.helpers import SHARED_DATA, SHARED_MISSING


@pytest.fixture
def shared_data():
    """The real data folder (../shared/data); tests that need whole files skip without it."""
    if not (SHARED_DATA / "mirror" / "urls.tsv").exists():
        pytest.skip(SHARED_MISSING)
    return SHARED_DATA
