"""The sample arenas: complete, valid, written in their language."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from app.extensions import db
from facilitation.demo import build_demo_arena, build_large_arena, demo_content
from facilitation.models import Item, Link, Meeting, Participant, User, Vote
from facilitation.phases import EXPERIMENT_STATUSES, EXPERIMENTING, KINDS
from facilitation.schemas import CommandError

# A word of each language that only a text really written in it contains.
LANGUAGES = {
    "en": ("Eastbridge", "homes"),
    "nl": ("Veldhaven", "woningen"),
    "fr": ("Montclair-sur-Loire", "logements"),
    "de": ("Lindenau", "Wohnungen"),
    "nb": ("Fjordvik", "boliger"),
    "es": ("Villaverde del Río", "viviendas"),
}
# The language's own letters, as they appear in the participants' names.
LETTERS = {"nl": "ë", "fr": "œ", "de": "ß", "nb": "ø", "es": "ñ", "en": "á"}


def _kinds(session, arena_id: int) -> dict[str, int]:
    return dict(session.execute(sa.select(Item.kind, sa.func.count()).where(
        Item.arena_id == arena_id, Item.deleted_at.is_(None)).group_by(Item.kind)).all())


@pytest.mark.parametrize("lang", sorted(LANGUAGES))
def test_demo_arena_is_complete_and_in_its_language(app, owner_id, lang):
    city, word = LANGUAGES[lang]
    with db.session() as session:
        arena = build_demo_arena(session, session.get(User, owner_id), lang)
        assert (arena.city, arena.lang, arena.phase) == (city, lang, EXPERIMENTING)
        counts = _kinds(session, arena.id)
        assert set(counts) == set(KINDS)
        assert 8 <= counts["actor"] <= 12 and counts["trend"] == 5 and 10 <= counts["challenge"] <= 12
        assert 4 <= counts["principle"] <= 5 and 2 <= counts["vision"] <= 3 and counts["pathway"] == 3
        assert 8 <= counts["action"] <= 10 and 4 <= counts["experiment"] <= 5 and counts["lesson"] == 5
        texts = " ".join(session.scalars(sa.select(Item.text).where(Item.arena_id == arena.id)))
        assert word in texts
        names = session.scalars(sa.select(Participant.name).where(
            Participant.arena_id == arena.id, Participant.user_id.is_(None))).all()
        assert 8 <= len(names) <= 12 and any(LETTERS[lang] in name for name in names)
        meetings = session.scalars(sa.select(Meeting.number).where(Meeting.arena_id == arena.id)).all()
        assert sorted(meetings) == [1, 2]


def test_demo_arena_holds_the_chain_votes_and_fields(app, owner_id):
    content = demo_content("en")
    with db.session() as session:
        arena = build_demo_arena(session, session.get(User, owner_id), "en")
        items = {i.id: i for i in session.scalars(sa.select(Item).where(Item.arena_id == arena.id))}
        pairs = {(items[s].kind, items[t].kind) for s, t in session.execute(
            sa.select(Link.source_id, Link.target_id).where(Link.arena_id == arena.id))}
        assert {("vision", "challenge"), ("pathway", "vision"), ("action", "milestone"),
                ("action", "pathway"), ("experiment", "pathway")} <= pairs
        by_kind = lambda kind: [i for i in items.values() if i.kind == kind]  # noqa: E731
        assert all(items[m.parent_id].kind == "pathway" and 2025 <= m.fields["year"] <= 2050
                   for m in by_kind("milestone"))
        assert all(c.fields["cluster"] for c in by_kind("challenge"))
        assert len({c.fields["cluster"] for c in by_kind("challenge")}) == len(content["challenges"])
        assert all(v.fields["horizon"] == 2050 for v in by_kind("vision"))
        assert all(a.fields["owner"] and a.fields["start"] <= a.fields["end"] for a in by_kind("action"))
        assert all(e.fields["status"] in EXPERIMENT_STATUSES and e.fields["lead"] and e.fields["indicator"]
                   for e in by_kind("experiment"))
        # Every dot was placed by a participant within the dot budget, and the counts agree.
        wanted = sum(d for entries in content["challenges"].values() for _t, d in entries)
        assert sum(c.votes for c in by_kind("challenge")) == wanted
        spent = session.execute(sa.select(Vote.participant_id, sa.func.sum(Vote.dots))
                                .join(Item, Item.id == Vote.item_id).where(Item.arena_id == arena.id)
                                .group_by(Vote.participant_id)).all()
        assert sum(n for _p, n in spent) == wanted and all(n <= arena.dot_budget for _p, n in spent)
        authors = {i.author_id for i in by_kind("challenge")}
        assert len(authors) > 5  # written by the room, not by one account


def test_demo_refuses_an_unknown_language(app, owner_id):
    with db.session() as session, pytest.raises(CommandError):
        build_demo_arena(session, session.get(User, owner_id), "xx")


def test_large_arena_has_the_requested_size(app, owner_id):
    with db.session() as session:
        arena = build_large_arena(session, session.get(User, owner_id), "de", participants=6, challenges=20,
                                  principles=3, visions=2, pathways=2, milestones_per_pathway=3, actions=5,
                                  experiments=4, lessons=2)
        counts = _kinds(session, arena.id)
        assert counts == {"actor": 10, "trend": 5, "challenge": 20, "principle": 3, "vision": 2, "pathway": 2,
                          "milestone": 6, "action": 5, "experiment": 4, "lesson": 2}
        people = session.scalar(sa.select(sa.func.count()).select_from(Participant).where(
            Participant.arena_id == arena.id))
        assert people == 6 + 1  # and the organiser
        assert arena.lang == "de"
