"""schemathesis against the live app: every operation of /api/v1/openapi.json, with values drawn
from the document's own schemas, answers without a server error and as the document says.

(schemathesis's own pytest plugin does not run under pytest 9: the operations are driven here with
its Hypothesis strategies and its checks.)"""

from __future__ import annotations

import os

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import positive_data_acceptance

from tests.helpers import ROOT
from tests.services import app_server

pytestmark = [pytest.mark.enable_socket, pytest.mark.allow_hosts(["127.0.0.1"])]
EXAMPLES = 12  # per operation: ~20 operations, a few hundred requests in all


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    folder = tmp_path_factory.mktemp("live")
    env = {**os.environ, "DOLLAR_TIDE_HOME": str(folder / "home"), "DOLLAR_TIDE_AUTO_REFRESH": "0"}
    with app_server(ROOT, env, folder / "app.log") as port:
        yield schemathesis.openapi.from_url(f"http://127.0.0.1:{port}/api/v1/openapi.json")


def exercise(operation, seen: dict[str, set[int]]) -> None:
    @given(operation.as_strategy())
    @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    def run(case):
        # A value can fit the schema and still be refused, as documented: a month outside the data
        # (400), `from` after `to` (400), holders with no figures in the months chosen (422).
        response = case.call_and_validate(excluded_checks=[positive_data_acceptance])
        seen.setdefault(operation.label, set()).add(response.status_code)

    run()


def test_no_server_error_and_every_answer_fits_the_document(live):
    operations = [result.ok() for result in live.get_all_operations()]
    assert len(operations) >= 16, [op.label for op in operations]
    seen: dict[str, set[int]] = {}
    for operation in operations:
        exercise(operation, seen)
    assert all(code < 500 or code == 503 for codes in seen.values() for code in codes), seen
    assert any(200 in codes for label, codes in seen.items() if "charts" in label), seen
