"""A board for the contract tests: an arena in the envisioning phase with items of each sort, a phone for
every role, a watcher in the room, and a second arena (in backcasting) with its own phones and item."""
from __future__ import annotations

from dataclasses import dataclass

import pytest

from facilitation.phases import BACKCASTING, ENVISIONING

from .support import set_arena

ROLES = ("author", "peer", "facilitator", "organiser", "stranger")


@dataclass
class Board:
    phones: dict
    watcher: object
    other_watcher: object
    challenge: dict
    vision: dict
    pathway: dict
    foreign: dict


@pytest.fixture
def board(connect, in_phase, world) -> Board:
    in_phase(ENVISIONING)
    set_arena(world.other_arena_id, phase=BACKCASTING)
    author = connect(name="Ann")
    challenge = author.add("challenge", "Too many cars in the centre")
    vision = author.add("vision", "A centre where children play in the street")
    facilitator = connect("facilitator")
    pathway = facilitator.add("pathway", "Close one street a year")
    stranger = connect(code=world.other_code, name="Sam")
    foreign = stranger.add("pathway", "Another city's pathway")
    phones = {"author": author, "peer": connect(name="Ben"), "facilitator": facilitator,
              "organiser": connect("organiser"), "stranger": stranger}
    return Board(phones, connect(name="Wes"), connect(code=world.other_code, name="Owen"),
                 challenge, vision, pathway, foreign)
