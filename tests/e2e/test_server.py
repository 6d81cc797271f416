"""The real server process (`python wsgi.py`) under each async server: one meeting round over WebSocket."""
from __future__ import annotations

import signal
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest

from facilitation.phases import ENVISIONING

pytestmark = pytest.mark.e2e


def op() -> str:
    return str(uuid.uuid4())


def online_names(presence: dict) -> set[str]:
    return {p["name"] for p in presence["participants"] if p["online"]}


@pytest.mark.parametrize("async_mode", ["eventlet", "gevent"])
def test_a_round_on_the_real_server(seeded, async_mode):
    deployment = seeded(async_mode=async_mode)
    server, code = deployment.server, deployment.code
    server.start()
    assert f"({async_mode})" in server.output()

    # A refused connection is told why, in the contract's shape, and nothing else.
    for auth, error in [({"join_code": "NOSUCH"}, "not_found"),
                        ({"join_code": code, "token": "ta_not-a-real-token"}, "unauthorized")]:
        refusal = server.refusal(**auth)
        assert set(refusal) == {"code", "message"}, refusal
        assert refusal["code"] == error and refusal["message"], refusal

    facilitator = server.connect(join_code=code, token=deployment.token)
    ann = server.connect(join_code=code, name="Ann")
    ben = server.connect(join_code=code, name="Ben")
    assert facilitator.state["me"]["role"] == "organiser"
    assert ann.state["me"]["role"] == "participant" and ann.state["me"]["participant_token"]
    assert ann.state["arena"]["join_code"] == code
    facilitator.wait_for("presence", where=lambda p: {"Ann", "Ben"} <= online_names(p))

    ack = facilitator.call("phase:set", {"phase": ENVISIONING})
    assert ack["ok"] and ack["arena"]["phase"] == ENVISIONING, ack
    assert ann.wait_for("phase:changed")[0]["phase"] == ENVISIONING
    assert ben.wait_for("phase:changed")[0]["phase"] == ENVISIONING

    ack = ann.call("item:add", {"kind": "vision", "text": "A centre without cars", "op_id": op()})
    assert ack["ok"], ack
    vision = ack["item"]
    assert (vision["kind"], vision["rev"], vision["author"]["name"]) == ("vision", 1, "Ann")
    assert ben.wait_for("item:added")[0]["item"] == vision
    assert facilitator.wait_for("item:added")[0]["item"] == vision

    # Both phones type into the same vision at once, each on top of revision 1.
    edits = [(ann, "A green centre without cars"), (ben, "A centre without cars by 2040")]
    with ThreadPoolExecutor(2) as pool:
        acks = list(pool.map(lambda edit: edit[0].call("item:edit", {
            "item_id": vision["id"], "base_rev": 1, "text": edit[1], "op_id": op()}), edits))
    assert all(a["ok"] for a in acks), acks
    assert sorted(a["item"]["rev"] for a in acks) == [2, 3]
    final = max((a["item"] for a in acks), key=lambda item: item["rev"])
    assert final["text"] == "A green centre without cars by 2040"
    facilitator.wait_for("item:edited", where=lambda e: e["item"]["rev"] == 3)

    ack = ben.call("item:vote", {"item_id": vision["id"], "delta": 1, "op_id": op()})
    assert ack["ok"] and ack["item"]["votes"] == 1, ack
    assert ann.wait_for("item:voted")[0]["item"]["votes"] == 1

    ack = ben.call("arena:sync")
    assert ack["ok"], ack
    state = ack["state"]
    assert state["arena"]["phase"] == ENVISIONING
    assert [(i["id"], i["text"], i["rev"], i["votes"]) for i in state["items"]] == [
        (vision["id"], final["text"], 3, 1)]
    assert state["me"]["participant_id"] == ben.state["me"]["participant_id"]
    assert {"Femi", "Ann", "Ben"} <= {p["name"] for p in state["participants"]}

    ben.close()
    facilitator.wait_for("presence", where=lambda p: online_names(p) == {"Femi", "Ann"})

    # SIGTERM ends the server promptly, phones still connected (stop() falls back to SIGKILL after 10 s).
    assert server.stop() in (0, -signal.SIGTERM), server.output()
    assert "Traceback" not in server.output(), server.output()  # no error was swallowed into a log line
