"""The suite runs offline: a test that tries the network fails instead of quietly using it."""

from __future__ import annotations

import pytest
import requests
from pytest_socket import SocketBlockedError


def test_tests_cannot_open_a_real_socket():
    with pytest.raises(SocketBlockedError):
        requests.get("https://fred.stlouisfed.org/", timeout=1)
