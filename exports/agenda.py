"""The printed transition agenda's content, built from an arena: plain data, no Flask, no HTML.

The agenda follows the cycle's phases. Every item gets a reference number of its section ("2.3", "5.1.2"),
so that an action can name the pathway, vision and challenges it serves and a reader can look them up:
that chain (challenge → principle / vision → pathway → milestone → action or experiment) is what the
document exists to show. Deleted, hidden and not-yet-revealed contributions are left out.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Iterable, Optional

import sqlalchemy as sa
import sqlalchemy.orm as so

from facilitation.models import Arena, Item, Link, Meeting, Participant

# The sections in the cycle's order, with the kinds each one shows. Appendices follow.
SECTIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("system", ("trend", "actor")),
    ("challenges", ("challenge",)),
    ("principles", ("principle",)),
    ("visions", ("vision",)),
    ("pathways", ("pathway", "milestone")),
    ("actions", ("action",)),
    ("experiments", ("experiment",)),
    ("learning", ("lesson",)),
)
APPENDICES = ("people", "contributions")
CHAIN_KINDS = ("action", "milestone", "pathway", "vision", "principle", "challenge")


@dataclass
class Entry:
    """One contribution as the agenda shows it."""

    id: int
    kind: str
    text: str
    votes: int
    author: Optional[str]
    created_at: datetime
    fields: dict[str, Any]
    parent_id: Optional[int]
    ref: str = ""

    def field(self, name: str) -> Any:
        value = self.fields.get(name)
        return None if value in (None, "") else value


@dataclass
class Chain:
    """What an item serves, one list per kind, each in reference order."""

    actions: list[Entry] = field(default_factory=list)
    milestones: list[Entry] = field(default_factory=list)
    pathways: list[Entry] = field(default_factory=list)
    visions: list[Entry] = field(default_factory=list)
    principles: list[Entry] = field(default_factory=list)
    challenges: list[Entry] = field(default_factory=list)

    def __bool__(self) -> bool:
        return any(getattr(self, kind + "s") for kind in CHAIN_KINDS)


@dataclass
class Cluster:
    """Challenges that the group put together, most voted first."""

    name: Optional[str]
    challenges: list[Entry]

    @property
    def votes(self) -> int:
        return sum(c.votes for c in self.challenges)


@dataclass
class Vision:
    entry: Entry
    horizon: int
    chain: Chain


@dataclass
class Pathway:
    entry: Entry
    horizon: int
    milestones: list[Entry]
    chain: Chain


@dataclass
class Step:
    """An action or a transition experiment: what, who, when, and the chain it serves."""

    entry: Entry
    who: Optional[str]
    start: Optional[int]
    end: Optional[int]
    status: Optional[str]
    indicator: Optional[str]
    chain: Chain


@dataclass
class Cover:
    title: str
    city: Optional[str]
    lang: str
    vision_year: int
    meeting_dates: list[date]
    printed_on: date


@dataclass
class Person:
    name: str
    role: str


@dataclass
class Agenda:
    """Everything the printed agenda shows, in the order it shows it."""

    cover: Cover
    anonymous: bool
    numbers: dict[str, str]          # section key → its number ("2") or appendix letter ("A")
    trends: list[Entry]
    actors: list[Entry]
    clusters: list[Cluster]
    principles: list[Step]
    visions: list[Vision]
    pathways: list[Pathway]
    actions: list[Step]
    experiments: list[Step]
    lessons: list[Step]
    people: list[Person]             # empty when the arena is anonymous
    participant_count: int
    contributions: list[Entry]

    @property
    def challenge_count(self) -> int:
        return sum(len(c.challenges) for c in self.clusters)


def build_agenda(session: so.Session, arena: Arena, *, today: Optional[date] = None) -> Agenda:
    """The agenda of an arena as it stands now; `today` is the printing date (for tests)."""
    today = today or date.today()
    items = _visible_entries(session, arena)
    by_kind: dict[str, list[Entry]] = {}
    for entry in items.values():
        by_kind.setdefault(entry.kind, []).append(entry)
    targets = _targets(session, arena, items)

    clusters = _clusters(by_kind.get("challenge", []))
    principles = _by_votes(by_kind.get("principle", []))
    visions = _by_votes(by_kind.get("vision", []))
    pathways = _by_votes(by_kind.get("pathway", []))
    milestones = {p.id: _by_year([m for m in by_kind.get("milestone", []) if m.parent_id == p.id])
                  for p in pathways}
    actions = sorted(by_kind.get("action", []), key=lambda e: (e.field("start") or 9999, e.id))
    experiments = sorted(by_kind.get("experiment", []), key=lambda e: e.id)
    lessons = sorted(by_kind.get("lesson", []), key=lambda e: e.id)
    shown = {
        "system": by_kind.get("trend", []) + by_kind.get("actor", []),
        "challenges": [c for cluster in clusters for c in cluster.challenges],
        "principles": principles, "visions": visions, "pathways": pathways,
        "actions": actions, "experiments": experiments, "learning": lessons,
    }
    numbers = _number_sections(shown, milestones)

    def chain(entry: Entry) -> Chain:
        return _chain(entry, items, targets)

    vision_steps = [Vision(v, v.field("horizon") or arena.vision_year, chain(v)) for v in visions]
    horizons = {v.entry.id: v.horizon for v in vision_steps}
    pathway_steps = []
    for p in pathways:
        served = chain(p)
        horizon = max([horizons[v.id] for v in served.visions] or [arena.vision_year])
        pathway_steps.append(Pathway(p, horizon, milestones[p.id], served))

    people, count = _people(session, arena)
    contributions = sorted(items.values(), key=lambda e: (_kind_order(e.kind), _ref_key(e.ref), e.id))
    return Agenda(
        cover=Cover(arena.title, arena.city, arena.lang, arena.vision_year, _meeting_dates(session, arena),
                    today),
        anonymous=arena.anonymous,
        numbers=numbers,
        trends=by_kind.get("trend", []),
        actors=by_kind.get("actor", []),
        clusters=clusters,
        principles=[_step(p, chain(p)) for p in principles],
        visions=vision_steps,
        pathways=pathway_steps,
        actions=[_step(a, chain(a)) for a in actions],
        experiments=[_step(e, chain(e)) for e in experiments],
        lessons=[_step(lesson, chain(lesson)) for lesson in lessons],
        people=[] if arena.anonymous else people,
        participant_count=count,
        contributions=contributions,
    )


# ------------------------------------------------------------------------------------------- loading

def _visible_entries(session: so.Session, arena: Arena) -> dict[int, Entry]:
    """The arena's items that everyone may see, as entries; authors withheld in an anonymous arena."""
    rows = session.scalars(sa.select(Item).where(
        Item.arena_id == arena.id, Item.deleted_at.is_(None), Item.hidden.is_(False),
        Item.pending_reveal.is_(False)).options(so.joinedload(Item.author)).order_by(Item.id)).all()
    entries = {}
    for item in rows:
        author = None if arena.anonymous or item.author is None else item.author.name
        entries[item.id] = Entry(item.id, item.kind, item.text, item.votes, author, item.created_at,
                                 dict(item.fields or {}), item.parent_id)
    return entries


def _targets(session: so.Session, arena: Arena, items: dict[int, Entry]) -> dict[int, list[int]]:
    """For each visible item, the visible items it serves: its links, then its parent."""
    targets: dict[int, list[int]] = {}
    links = session.execute(sa.select(Link.source_id, Link.target_id).where(Link.arena_id == arena.id)
                            .order_by(Link.id)).all()
    for source, target in links:
        if source in items and target in items:
            targets.setdefault(source, []).append(target)
    for entry in items.values():
        if entry.parent_id in items and entry.parent_id not in targets.get(entry.id, []):
            targets.setdefault(entry.id, []).append(entry.parent_id)
    return targets


def _meeting_dates(session: so.Session, arena: Arena) -> list[date]:
    started = session.scalars(sa.select(Meeting.started_at).where(Meeting.arena_id == arena.id)
                              .order_by(Meeting.number)).all()
    return [moment.date() for moment in started]


def _people(session: so.Session, arena: Arena) -> tuple[list[Person], int]:
    """Who took part, by name (the nameless are only counted), and how many joined in all."""
    staff = {arena.owner_id: "organiser", **{u.id: "facilitator" for u in arena.facilitators}}
    rows = session.scalars(sa.select(Participant).where(Participant.arena_id == arena.id)
                           .order_by(Participant.id)).all()
    people = [Person(p.name, staff.get(p.user_id, "participant") if p.user_id else "participant")
              for p in rows if p.name]
    people.sort(key=lambda person: (person.role == "participant", person.name.casefold()))
    return people, len(rows)


# ------------------------------------------------------------------------------------------ ordering

def _by_votes(entries: Iterable[Entry]) -> list[Entry]:
    return sorted(entries, key=lambda e: (-e.votes, e.id))


def _by_year(entries: Iterable[Entry]) -> list[Entry]:
    return sorted(entries, key=lambda e: (e.field("year") is None, e.field("year") or 0, e.id))


def _clusters(challenges: list[Entry]) -> list[Cluster]:
    """Challenges grouped by their cluster (spelling variants of a name together), the most voted
    clusters first; challenges without a cluster come last."""
    groups: dict[str, Cluster] = {}
    for challenge in _by_votes(challenges):
        name = (challenge.field("cluster") or "").strip() or None
        key = name.casefold() if name else ""
        groups.setdefault(key, Cluster(name, [])).challenges.append(challenge)
    return sorted(groups.values(), key=lambda c: (c.name is None, -c.votes, (c.name or "").casefold()))


def _number_sections(shown: dict[str, list[Entry]], milestones: dict[int, list[Entry]]) -> dict[str, str]:
    """Number the sections that have content, and give each entry in them its reference."""
    numbers: dict[str, str] = {}
    for key, _kinds in SECTIONS:
        entries = shown[key]
        if not entries:
            continue
        number = str(len(numbers) + 1)
        numbers[key] = number
        for position, entry in enumerate(entries, start=1):
            entry.ref = f"{number}.{position}"
            for step, milestone in enumerate(milestones.get(entry.id, []) if key == "pathways" else [], 1):
                milestone.ref = f"{entry.ref}.{step}"
    for letter, key in zip("AB", APPENDICES):
        numbers[key] = letter
    return numbers


def _kind_order(kind: str) -> int:
    order = [k for _key, kinds in SECTIONS for k in kinds]
    return order.index(kind) if kind in order else len(order)


def _ref_key(ref: str) -> tuple[int, ...]:
    return tuple(int(part) for part in ref.split(".")) if ref else (10**9,)


# ------------------------------------------------------------------------------------------- chains

def _chain(entry: Entry, items: dict[int, Entry], targets: dict[int, list[int]]) -> Chain:
    """Everything an item serves, followed link by link (and parent by parent) back to the challenges."""
    found: dict[str, dict[int, Entry]] = {kind: {} for kind in CHAIN_KINDS}
    seen, frontier = {entry.id}, [entry.id]
    while frontier:
        current = frontier.pop()
        for target_id in targets.get(current, []):
            if target_id in seen:
                continue
            seen.add(target_id)
            target = items[target_id]
            if target.kind in found:
                found[target.kind][target.id] = target
            frontier.append(target_id)
    ordered = {kind: sorted(found[kind].values(), key=lambda e: (_ref_key(e.ref), e.id)) for kind in found}
    return Chain(**{kind + "s": ordered[kind] for kind in CHAIN_KINDS})


def _step(entry: Entry, chain: Chain) -> Step:
    who = entry.field("owner") if entry.kind == "action" else entry.field("lead")
    return Step(entry, who, entry.field("start"), entry.field("end"), entry.field("status"),
                entry.field("indicator"), chain)
