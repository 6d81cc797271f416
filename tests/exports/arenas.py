"""Small arenas for the export tests, built the way the room builds them: through the commands."""
from __future__ import annotations

import uuid
from dataclasses import dataclass, field

import sqlalchemy.orm as so

from facilitation import access, accounts, commands, controls, schemas
from facilitation.models import Arena, User
from facilitation.phases import ENVISIONING

# The participants' own words, in the languages of the arena's readers.
PEOPLE = ("Åse Ødegård", "Jürgen Weiß", "Begoña Muñoz", "Zoë Lefèvre")
CHALLENGES = {
    "Mobilität": ("Die Straßenbahn fährt abends zu selten, also nehmen Pendler das Auto", 3),
    "Mobilitet": ("Bilene dominerer gatene på Grünerløkka, og barna får ikke sykle trygt", 2),
    "Espacio público": ("Los niños no pueden ir solos en bici a la escuela del barrio", 1),
    None: ("Le cœur de ville manque d'arbres et d'ombre en été", 0),
}
PRINCIPLE = "Wie de straat deelt, deelt ook de ideeën van de koplopers"
VISION = "In 2050 is de binnenstad autovrij en groen; ideeën van bewoners worden België-breed gedeeld"
PATHWAY = "Fietsstraten overal"
MILESTONES = ((2030, "Alle schoolroutes zijn fietsstraten"), (2032, "Parkeerplaatsen worden pleinen"),
              (2033, "Ringweg op één rijstrook"), (2040, "Geen doorgaand autoverkeer meer"))
ACTION = "Proefproject schoolstraat bij de Sint-Jozefschool"
EXPERIMENT = "Zomerstraat: een maand lang speelstraat met bomen in bakken"
LESSON = "Bewoners vooraf betrekken scheelt maanden discussie"
HOSTILE = (
    '<img src="file:///etc/hostname"> and <a rel="attachment" href="file:///etc/passwd">passwd</a>',
    '<style>@import url("file:///etc/passwd"); '
    'body { background: url(http://127.0.0.1:{port}/bg.png) }</style>',
    '<link rel="stylesheet" href="http://127.0.0.1:{port}/evil.css"> '
    '@import "https://127.0.0.1:{port}/x.css";',
)
HIDDEN, DELETED, UNREVEALED = "Verborgen bijdrage", "Verwijderde bijdrage", "Nog niet onthulde bijdrage"


@dataclass
class SampleArena:
    arena_id: int
    join_code: str
    ids: dict[str, int] = field(default_factory=dict)


def add(session: so.Session, actor: access.Actor, kind: str, text: str, parent: int | None = None,
        **fields) -> int:
    outcome = commands.add_item(session, actor, schemas.AddItem(
        kind=kind, text=text, parent_id=parent, fields=fields, op_id=uuid.uuid4().hex))
    return outcome.ack["item"]["id"]


def link(session: so.Session, actor: access.Actor, source: int, target: int) -> None:
    controls.link_items(session, actor, schemas.LinkItems(source_id=source, target_id=target))


def vote(session: so.Session, voters: list[access.Actor], item: int, dots: int) -> None:
    """One dot from each of the first `dots` voters."""
    for voter in voters[:dots]:
        commands.vote_item(session, voter, schemas.VoteItem(item_id=item, delta=1, op_id=uuid.uuid4().hex))


def build_sample_arena(session: so.Session, owner: User, *, title: str = "Arena Veldhoven-Zuid",
                       anonymous: bool = False, port: int = 9) -> SampleArena:
    """An arena with the whole chain (challenge → … → action, experiment, lesson), votes, people with
    accented names, hostile texts, and items that must stay out (hidden, deleted, not yet revealed)."""
    arena: Arena = commands.create_arena(session, owner, title, city="Veldhoven", lang="nl",
                                         anonymous=anonymous)
    staff = access.join_as_user(session, arena.join_code, owner)
    commands.set_phase(session, staff, schemas.SetPhase(phase=ENVISIONING))
    people = [access.join_as_participant(session, arena.join_code, name=name)[0] for name in PEOPLE]
    sample = SampleArena(arena.id, arena.join_code)
    ids = sample.ids
    for (cluster, (text, dots)), person in zip(CHALLENGES.items(), people):
        ids[text] = add(session, person, "challenge", text, **({"cluster": cluster} if cluster else {}))
        vote(session, people, ids[text], dots)
    for index, text in enumerate(HOSTILE):
        ids[f"hostile{index}"] = add(session, people[index], "challenge", text.replace("{port}", str(port)),
                                     cluster="</style><script>x</script>")
    ids["principle"] = add(session, staff, "principle", PRINCIPLE)
    ids["vision"] = add(session, staff, "vision", VISION, horizon=2050)
    ids["pathway"] = add(session, staff, "pathway", PATHWAY)
    for year, text in MILESTONES:
        ids[text] = add(session, staff, "milestone", text, ids["pathway"], year=year)
    ids["action"] = add(session, staff, "action", ACTION, owner="Gemeente Veldhoven", start=2025, end=2026)
    ids["experiment"] = add(session, staff, "experiment", EXPERIMENT, ids["pathway"], lead="Buurtcomité",
                            status="running", indicator="Aantal kinderen dat buiten speelt")
    ids["lesson"] = add(session, staff, "lesson", LESSON)
    first_challenge = ids[CHALLENGES["Mobilität"][0]]
    link(session, staff, ids["principle"], first_challenge)
    link(session, staff, ids["vision"], first_challenge)
    link(session, staff, ids["vision"], ids[CHALLENGES["Mobilitet"][0]])
    link(session, staff, ids["vision"], ids["principle"])
    link(session, staff, ids["pathway"], ids["vision"])
    link(session, staff, ids["action"], ids[MILESTONES[0][1]])
    link(session, staff, ids["lesson"], ids["experiment"])

    ids["hidden"] = add(session, people[1], "challenge", HIDDEN)
    controls.hide_item(session, staff, schemas.HideItem(item_id=ids["hidden"], hidden=True))
    ids["deleted"] = add(session, people[1], "challenge", DELETED)
    commands.delete_item(session, people[1],
                         schemas.DeleteItem(item_id=ids["deleted"], op_id=uuid.uuid4().hex))
    controls.update_arena(session, staff, schemas.UpdateArena(write_alone=True))
    ids["unrevealed"] = add(session, people[2], "challenge", UNREVEALED)
    return sample


def make_owner(session: so.Session, email: str = "owner@example.org") -> User:
    return accounts.create_user(session, email, "owner-password", name="Olga Organiser")
