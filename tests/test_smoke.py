from facilitation.phases import ENVISIONING


def test_participant_adds_a_challenge_that_reaches_the_facilitator(connect, in_phase):
    in_phase(ENVISIONING)
    facilitator = connect("facilitator")
    phone = connect(name="Ann")
    item = phone.add("challenge", "Too many cars in the centre")
    assert item["author"]["name"] == "Ann"
    assert facilitator.events("item:added")[-1]["item"] == item
