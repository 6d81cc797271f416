"""The agenda's view model: what is in it, in which order, and the chain each action serves."""
from exports.agenda import build_agenda
from facilitation.models import Arena

from .arenas import ACTION, CHALLENGES, DELETED, EXPERIMENT, HIDDEN, LESSON, MILESTONES, PEOPLE, UNREVEALED


def texts(agenda):
    return [entry.text for entry in agenda.contributions]


def test_sections_are_numbered_in_phase_order_and_empty_ones_left_out(agendas):
    named, _anonymous = agendas
    assert "system" not in named.numbers  # no trends or actors in the sample
    assert [named.numbers[k] for k in ("challenges", "principles", "visions", "pathways", "actions",
                                       "experiments", "learning", "people", "contributions")] == \
        ["1", "2", "3", "4", "5", "6", "7", "A", "B"]


def test_deleted_hidden_and_unrevealed_items_stay_out(agendas):
    for agenda in agendas:
        assert not {HIDDEN, DELETED, UNREVEALED} & set(texts(agenda))
        assert CHALLENGES["Mobilität"][0] in texts(agenda)


def test_challenges_are_grouped_by_cluster_and_ranked_by_votes(agendas):
    named, _ = agendas
    names = [cluster.name for cluster in named.clusters]
    assert names[:3] == ["Mobilität", "Mobilitet", "Espacio público"]
    assert names[-1] is None  # the unclustered come last
    hostile = next(c for c in named.clusters if c.name and c.name.startswith("</style>"))
    assert len(hostile.challenges) == 3
    refs = [c.ref for cluster in named.clusters for c in cluster.challenges]
    assert refs == [f"1.{n}" for n in range(1, len(refs) + 1)]


def test_milestones_follow_their_pathway_by_year(agendas):
    named, _ = agendas
    (pathway,) = named.pathways
    assert [m.field("year") for m in pathway.milestones] == [year for year, _ in MILESTONES]
    assert [m.ref for m in pathway.milestones] == ["4.1.1", "4.1.2", "4.1.3", "4.1.4"]
    assert pathway.horizon == 2050


def test_an_action_serves_its_milestone_pathway_vision_principle_and_challenges(agendas):
    named, _ = agendas
    (action,) = named.actions
    assert action.entry.text == ACTION and action.who == "Gemeente Veldhoven"
    assert (action.start, action.end) == (2025, 2026)
    chain = action.chain
    assert [m.text for m in chain.milestones] == [MILESTONES[0][1]]
    assert [p.ref for p in chain.pathways] == ["4.1"]
    assert [v.ref for v in chain.visions] == ["3.1"]
    assert [p.ref for p in chain.principles] == ["2.1"]
    assert [c.text for c in chain.challenges] == [CHALLENGES["Mobilität"][0], CHALLENGES["Mobilitet"][0]]


def test_an_experiment_under_a_pathway_and_a_lesson_about_it_have_their_chains(agendas):
    named, _ = agendas
    (experiment,) = named.experiments
    assert experiment.entry.text == EXPERIMENT and experiment.status == "running"
    assert [p.ref for p in experiment.chain.pathways] == ["4.1"] and experiment.chain.challenges
    (lesson,) = named.lessons
    assert lesson.entry.text == LESSON
    assert [p.ref for p in lesson.chain.pathways] == ["4.1"]


def test_names_appear_only_when_the_arena_is_not_anonymous(agendas):
    named, anonymous = agendas
    assert {p.name for p in named.people} >= set(PEOPLE)
    assert {e.author for e in named.contributions} >= set(PEOPLE)
    assert anonymous.people == []
    assert {e.author for e in anonymous.contributions} == {None}
    assert anonymous.participant_count == named.participant_count == len(PEOPLE) + 1


def test_an_empty_arena_gives_an_agenda_with_only_the_appendices(domain_db, sample):
    from facilitation import commands
    from facilitation.models import User

    with domain_db.session() as session:
        arena = commands.create_arena(session, session.get(User, 1), "Lege arena")
        agenda = build_agenda(session, session.get(Arena, arena.id))
    assert agenda.numbers == {"people": "A", "contributions": "B"}
    assert agenda.contributions == [] and agenda.cover.meeting_dates
