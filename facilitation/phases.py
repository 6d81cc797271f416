"""The five phases of the transition-management cycle and the kinds of item each one uses, as data.

The order and names follow the Guidance Manual's cycle (see shared/DOMAIN.md). Everything that depends on
"which kinds belong where" reads these tables, so a new kind is added here and nowhere else.
"""
from dataclasses import dataclass

PREPARATION = "preparation_exploration"
ENVISIONING = "problem_structuring_envisioning"
BACKCASTING = "backcasting_pathways_agenda"
EXPERIMENTING = "experimenting_mobilising"
EVALUATING = "evaluating_monitoring_learning"

PHASES: tuple[str, ...] = (PREPARATION, ENVISIONING, BACKCASTING, EXPERIMENTING, EVALUATING)


@dataclass(frozen=True)
class Kind:
    """One kind of item: where it belongs, how long it may be, and how it hangs together with others."""

    name: str
    phase: str
    max_length: int
    # Anyone in the arena may co-write a shared text; the others are their author's own words.
    shared: bool
    # Structured fields a client may set, with their type ("text" or "year").
    fields: dict[str, str]
    # Kinds this kind may hang under through parent_id; required when parent_required is set.
    parents: tuple[str, ...] = ()
    parent_required: bool = False


KINDS: dict[str, Kind] = {k.name: k for k in (
    Kind("actor", PREPARATION, 300, shared=False, fields={"organisation": "text", "role": "text"}),
    Kind("trend", PREPARATION, 1000, shared=False, fields={}),
    Kind("challenge", ENVISIONING, 500, shared=False, fields={"cluster": "text"}),
    Kind("principle", ENVISIONING, 500, shared=True, fields={}),
    Kind("vision", ENVISIONING, 4000, shared=True, fields={"horizon": "year"}),
    Kind("pathway", BACKCASTING, 4000, shared=True, fields={}),
    Kind("milestone", BACKCASTING, 1000, shared=True, fields={"year": "year"},
         parents=("pathway",), parent_required=True),
    Kind("action", BACKCASTING, 1000, shared=True,
         fields={"owner": "text", "start": "year", "end": "year"}, parents=("pathway", "milestone")),
    Kind("experiment", EXPERIMENTING, 2000, shared=True,
         fields={"lead": "text", "status": "text", "indicator": "text"}, parents=("pathway", "milestone")),
    Kind("lesson", EVALUATING, 2000, shared=True, fields={}),
)}

# The chain the agenda must show: a link goes from an item to one it serves, one step back towards the
# challenge. (source kind, target kind) pairs that a facilitator may link.
CHAIN_LINKS: frozenset[tuple[str, str]] = frozenset({
    ("principle", "challenge"),
    ("vision", "challenge"),
    ("vision", "principle"),
    ("pathway", "vision"),
    ("pathway", "principle"),
    ("milestone", "pathway"),
    ("action", "milestone"),
    ("action", "pathway"),
    ("experiment", "milestone"),
    ("experiment", "pathway"),
    ("experiment", "action"),
    ("lesson", "experiment"),
    ("lesson", "action"),
})

# Experiment statuses a client may choose; free text is refused so the agenda can translate them.
EXPERIMENT_STATUSES: tuple[str, ...] = ("idea", "planned", "running", "completed", "stopped")


def kinds_of_phase(phase: str) -> tuple[str, ...]:
    """The kinds that a phase opens for participants by default, in board order."""
    return tuple(name for name, kind in KINDS.items() if kind.phase == phase)


def phase_index(phase: str) -> int:
    """Position of a phase in the cycle (0-based)."""
    return PHASES.index(phase)
