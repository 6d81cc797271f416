from facilitation.phases import ENVISIONING


def test_controls_round(connect, in_phase):
    in_phase(ENVISIONING)
    fac = connect("facilitator")
    screen = connect(view="screen")
    a = connect(name="Ann")
    b = connect(name="Bo")
    assert screen.me["role"] == "screen"
    assert fac.send("arena:update", {"write_alone": True, "prompt": "What keeps you awake?"})["ok"]
    item = a.add("challenge", "Heat in summer")
    assert item["pending"] is True
    assert not [e for e in b.events("item:added")]
    assert fac.events("item:added")[-1]["item"]["id"] == item["id"]
    ack = fac.send("items:reveal", {})
    assert ack["revealed"] == [item["id"]]
    assert b.events("items:revealed")[-1]["items"][0]["id"] == item["id"]
    assert screen.events("items:revealed")
    assert a.send("arena:update", {"locked": True})["error"]["code"] == "forbidden"
    assert screen.send("item:add", kind="challenge", text="x")["error"]["code"] == "forbidden"
    clustered = fac.send("item:cluster", {"item_id": item["id"], "cluster": "Climate"})["item"]
    assert clustered["fields"]["cluster"] == "Climate"
    assert fac.send("timer:start", {"seconds": 300})["timer"]["running"]
    assert b.events("timer")[-1]["remaining"] in (299, 300)
    assert fac.send("board:focus", {"kind": "challenge"})["arena"]["focus_kind"] == "challenge"
    assert fac.send("item:hide", {"item_id": item["id"], "hidden": True})["ok"]
    assert b.events("item:hidden")[-1] == {"item_id": item["id"], "hidden": True}
    assert b.send("arena:sync")["state"]["items"] == []
    meeting = fac.send("meeting:start", {})
    assert meeting["meeting"]["number"] == 2 and meeting["changes"]["added"] == {"challenge": 1}
    assert fac.send("meeting:changes", {})["changes"]["added"] == {"challenge": 1}
    assert a.send("me:update", {"name": "Anna"})["me"]["name"] == "Anna"
