"""The shared client library's outbox and co-writing, run in node against a scripted fake socket
(tests/browser/outbox_scenarios.mjs): what is resent, with which op_id, when, and what is kept."""
from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.backends import require

HERE = Path(__file__).resolve().parent


@pytest.fixture(scope="module")
def outcome() -> dict:
    node = shutil.which("node")
    require(node is not None, "node is needed to run the client library")
    require((HERE.parents[1] / "node_modules" / "socket.io-client").exists(), "run `npm ci` first")
    result = subprocess.run([node, str(HERE / "outbox_scenarios.mjs")], capture_output=True, text=True,
                            cwd=HERE, timeout=60)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_unanswered_change_is_resent_with_its_op_id_until_acknowledged(outcome):
    run = outcome["silence_then_ack"]
    assert len(run["sent"]) == 3 and len(set(run["sent"])) == 1
    assert run["pending"] == 0 and run["items"] == 1


def test_transient_errors_retry_and_permanent_ones_are_reported_and_dropped(outcome):
    run = outcome["transient_and_permanent"]
    assert run["sent"] == ["a", "a", "b", "c"]
    assert run["refusals"] == ["locked"]
    assert run["pending"] == 0
    assert run["own"] == [5, 6]


def test_rate_limited_change_waits_retry_after(outcome):
    run = outcome["rate_limited"]
    assert run["attempts"] == 2
    assert 290 <= run["waited_ms"] < 600
    assert run["pending"] == 0


def test_offline_changes_survive_a_reload_and_keep_their_op_ids(outcome):
    run = outcome["survives_a_reload"]
    assert len(run["queued"]) == 2
    assert run["resent"] == run["queued"]
    assert run["pending"] == 0 and run["stored"] is None
    assert run["dots"] == 1


def test_typing_during_an_edit_is_merged_onto_the_servers_text(outcome):
    run = outcome["typing_during_an_edit"]
    assert run["text"] == run["server"] == "Together: The city is green. And quiet. Safe too."
    # One edit at a time, the second based on the revision the first produced.
    assert [base_rev for base_rev, _ in run["sent"]] == [1, 3]
    assert run["pending"] == 0
