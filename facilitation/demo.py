"""Sample arenas: a complete, plausible one per language for demonstrations, and a large one for benchmarks.

Both are built through the same commands a live session uses (join, add, vote, link, set the phase), so
what they hold is valid data that every page and export can rely on.
"""
from __future__ import annotations

import importlib
import random
import uuid
from datetime import timedelta
from typing import Any, Optional

import sqlalchemy.orm as so

from . import commands, controls, schemas
from .access import Actor, join_as_participant, join_as_user
from .models import Arena, User, utcnow
from .phases import BACKCASTING, ENVISIONING, EXPERIMENT_STATUSES, EXPERIMENTING, PREPARATION

VISION_YEAR = 2050


def demo_content(lang: str) -> dict[str, Any]:
    """The texts of the sample arena in a language (nl, fr, de, nb, es, en; `no` is taken as nb)."""
    code = schemas.normalise_lang(lang)
    if code is None:
        raise schemas.CommandError("invalid", "Unsupported language “%(lang)s”; use one of %(languages)s.",
                                   lang=lang, languages=", ".join(schemas.LANGUAGES))
    return importlib.import_module(f"{__package__}.demo_content.{code}").CONTENT


def build_demo_arena(session: so.Session, owner: User, lang: str = "en") -> Arena:
    """A complete sample arena of an invented city's energy transition, written in `lang`.

    It stands in the experimenting & mobilising phase, after two meetings, with every kind of item,
    dot votes on the challenges and the links of the chain from challenge to experiment.
    """
    return _build(session, owner, schemas.normalise_lang(lang) or "en", demo_content(lang))


def build_large_arena(session: so.Session, owner: User, lang: str = "en", participants: int = 25,
                      challenges: int = 150, principles: int = 12, visions: int = 10, pathways: int = 8,
                      milestones_per_pathway: int = 6, actions: int = 60, experiments: int = 20,
                      lessons: int = 30) -> Arena:
    """A large arena with generated text, for benchmarks of pages, exports and the PDF."""
    content = _generated_content(participants, challenges, principles, visions, pathways,
                                 milestones_per_pathway, actions, experiments, lessons)
    return _build(session, owner, schemas.normalise_lang(lang) or "en", content)


class _Builder:
    """Runs commands as the arena's participants in turn (authors rotate) or as its organiser."""

    def __init__(self, session: so.Session, staff: Actor, people: list[Actor]) -> None:
        self.session = session
        self.staff = staff
        self.people = people
        self._turn = 0

    def next_person(self) -> Actor:
        actor = self.people[self._turn % len(self.people)]
        self._turn += 1
        return actor

    def add(self, kind: str, text: str, *, parent_id: Optional[int] = None, by_staff: bool = False,
            **fields: Any) -> int:
        actor = self.staff if by_staff else self.next_person()
        payload = schemas.AddItem(kind=kind, text=text, parent_id=parent_id, fields=fields, op_id=_op())
        return commands.add_item(self.session, actor, payload).ack["item"]["id"]

    def vote(self, item_id: int, dots: int, budget: dict[int, int]) -> None:
        """Spend `dots` on an item, each from the next participant with dots left on this board."""
        for _ in range(dots):
            actor = next((p for p in self._rotation() if budget[p.participant_id] > 0), None)
            if actor is None:
                return
            budget[actor.participant_id] -= 1
            commands.vote_item(self.session, actor, schemas.VoteItem(item_id=item_id, delta=1, op_id=_op()))

    def _rotation(self) -> list[Actor]:
        start = self._turn % len(self.people)
        self._turn += 1
        return self.people[start:] + self.people[:start]

    def link(self, source_id: int, target_id: int) -> None:
        payload = schemas.LinkItems(source_id=source_id, target_id=target_id)
        controls.link_items(self.session, self.staff, payload)

    def phase(self, phase: str) -> None:
        commands.set_phase(self.session, self.staff, schemas.SetPhase(phase=phase))

    def next_meeting(self) -> None:
        controls.start_meeting(self.session, self.staff, schemas.Empty())


def _op() -> str:
    return str(uuid.uuid4())


def _build(session: so.Session, owner: User, lang: str, content: dict[str, Any]) -> Arena:
    arena = commands.create_arena(session, owner, content["title"], city=content["city"], lang=lang,
                                  vision_year=VISION_YEAR)
    arena.prompt = content["prompt"]
    # The first meeting took place some weeks ago; the second is the one running now.
    arena.meetings[0].started_at = utcnow() - timedelta(days=28)
    session.commit()
    staff = join_as_user(session, arena.join_code, owner, lang=lang)
    people = [join_as_participant(session, arena.join_code, name=name, lang=lang)[0]
              for name in content["participants"]]
    build = _Builder(session, staff, people)

    build.phase(PREPARATION)
    for text, organisation, role in content["actors"]:
        build.add("actor", text, organisation=organisation, role=role)
    for text in content["trends"]:
        build.add("trend", text)

    build.phase(ENVISIONING)
    challenge_ids = []
    for cluster, entries in content["challenges"].items():
        for text, _dots in entries:
            challenge_ids.append(build.add("challenge", text, cluster=cluster))
    budget = {p.participant_id: arena.dot_budget for p in people}
    dots = [d for entries in content["challenges"].values() for _text, d in entries]
    for item_id, count in zip(challenge_ids, dots):
        build.vote(item_id, count, budget)
    principle_ids = [build.add("principle", text) for text in content["principles"]]
    vision_ids = []
    for text, served in content["visions"]:
        vision_id = build.add("vision", text, horizon=VISION_YEAR)
        vision_ids.append(vision_id)
        for index in served:
            build.link(vision_id, challenge_ids[index])
    for index, principle_id in enumerate(principle_ids):
        build.link(principle_id, challenge_ids[index % len(challenge_ids)])

    build.next_meeting()
    build.phase(BACKCASTING)
    pathway_ids, milestone_ids = [], []
    for text, vision_index, milestones in content["pathways"]:
        pathway_id = build.add("pathway", text)
        pathway_ids.append(pathway_id)
        build.link(pathway_id, vision_ids[vision_index])
        milestone_ids.append([build.add("milestone", m_text, parent_id=pathway_id, year=year)
                              for m_text, year in milestones])
    for text, owner_name, start, end, path, stone in content["actions"]:
        target = pathway_ids[path] if stone is None else milestone_ids[path][stone]
        action_id = build.add("action", text, parent_id=target, owner=owner_name, start=start, end=end)
        build.link(action_id, target)

    build.phase(EXPERIMENTING)
    for text, lead, status, indicator, path in content["experiments"]:
        experiment_id = build.add("experiment", text, parent_id=pathway_ids[path], lead=lead, status=status,
                                  indicator=indicator)
        build.link(experiment_id, pathway_ids[path])
    # The transition team writes the lessons down as it goes, before the group reaches the last phase.
    for text in content["lessons"]:
        build.add("lesson", text, by_staff=True)
    session.refresh(arena)
    return arena


def _generated_content(participants: int, challenges: int, principles: int, visions: int, pathways: int,
                       milestones_per_pathway: int, actions: int, experiments: int,
                       lessons: int) -> dict[str, Any]:
    """Content of the demo's shape, with numbered texts; the same arguments give the same arena."""
    rng = random.Random(2050)
    clusters = [f"Cluster {n}" for n in range(1, 7)]
    # Four dots in five of everyone's budget go to the challenges, spread unevenly as in a real room.
    dots_left = participants * 4
    challenge_entries: dict[str, list[tuple[str, int]]] = {c: [] for c in clusters}
    for n in range(challenges):
        dots = min(dots_left, rng.choice((0, 0, 1, 1, 2, 3, 5)))
        dots_left -= dots
        challenge_entries[clusters[n % len(clusters)]].append(
            (f"Challenge {n + 1}: a persistent problem of the city's energy system", dots))
    return {
        "city": "Benchmark City",
        "title": "Large benchmark arena",
        "prompt": "A generated arena for measuring pages, exports and the PDF.",
        "participants": [f"Participant {n + 1}" for n in range(participants)],
        "actors": [(f"Actor {n + 1}", f"Organisation {n + 1}", ("niche", "regime", "intermediary")[n % 3])
                   for n in range(10)],
        "trends": [f"Trend {n + 1}: a development from the system analysis" for n in range(5)],
        "challenges": {c: entries for c, entries in challenge_entries.items() if entries},
        "principles": [f"Guiding principle {n + 1}" for n in range(principles)],
        "visions": [(f"Vision {n + 1}: an image of the city in {VISION_YEAR}", [n % max(challenges, 1)])
                    for n in range(visions)] if challenges else [],
        "pathways": [(f"Pathway {n + 1}: a route from today to the vision", n % visions,
                      [(f"Milestone {n + 1}.{m + 1}", 2026 + 3 * m) for m in range(milestones_per_pathway)])
                     for n in range(pathways)] if visions else [],
        "actions": [(f"Action {n + 1}: a step on the transition agenda", f"Owner {n % 7 + 1}", 2025 + n % 5,
                     2027 + n % 5, n % pathways,
                     (n % milestones_per_pathway) if milestones_per_pathway else None)
                    for n in range(actions)] if pathways else [],
        "experiments": [(f"Experiment {n + 1}: a transition experiment", f"Lead {n % 5 + 1}",
                         EXPERIMENT_STATUSES[n % len(EXPERIMENT_STATUSES)], f"Indicator {n + 1}",
                         n % pathways)
                        for n in range(experiments)] if pathways else [],
        "lessons": [f"Lesson {n + 1}: what we learned" for n in range(lessons)],
    }
