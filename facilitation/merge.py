"""Three-way, character-level text merge, so that two people writing in one text both keep their words.

An edit arrives as the text its author saw change: `mine`, typed on top of revision `base`, while the server
has meanwhile moved on to `current`. diff-match-patch gives the character changes base→mine and
base→current; changes that touch different parts of the base are both applied. Where both sides changed the
same stretch, both versions are kept, the server's first: the merge may repeat a word, but never drops one.
"""
from __future__ import annotations

from dataclasses import dataclass

from diff_match_patch import diff_match_patch

_dmp = diff_match_patch()
# Texts are at most a few thousand characters; a coarser diff after 0.5 s is still a correct one.
_dmp.Diff_Timeout = 0.5


@dataclass(frozen=True)
class Hunk:
    """Replace base[start:end] with `text`."""

    start: int
    end: int
    text: str


def hunks(base: str, changed: str) -> list[Hunk]:
    """The changes from base to changed, as non-overlapping hunks in base order."""
    result: list[Hunk] = []
    position = 0
    pending: Hunk | None = None
    diffs = _dmp.diff_main(base, changed, False)
    # Slide each change to word boundaries ("we Ex[xxx Ex]" becomes "we [Exxxx ]Ex"): the same characters,
    # but hunks that match the words people typed, so a conflict keeps words whole.
    _dmp.diff_cleanupSemanticLossless(diffs)
    for op, chunk in diffs:
        if op == _dmp.DIFF_EQUAL:
            if pending:
                result.append(pending)
                pending = None
            position += len(chunk)
            continue
        if pending is None:
            pending = Hunk(position, position, "")
        if op == _dmp.DIFF_DELETE:
            position += len(chunk)
            pending = Hunk(pending.start, position, pending.text)
        else:
            pending = Hunk(pending.start, pending.end, pending.text + chunk)
    if pending:
        result.append(pending)
    return result


def _joins(hunk: Hunk, end: int) -> bool:
    """Whether a hunk belongs to the group of hunks that so far reaches `end`.

    Touching counts, as in diff3: hunks of one side never touch, so a touching hunk is the other side's.
    Two insertions at one point conflict (their order is a choice), and so do changes on either side of one
    point: a raw diff cuts a reworded word into pieces ("big"→"grand" keeps the g), and applying those pieces
    apart would interleave two people's letters ("gboldrand") instead of keeping both versions.
    """
    return hunk.start <= end


def _render(base: str, start: int, end: int, side: list[Hunk]) -> str:
    """base[start:end] with one side's hunks (all inside that range) applied."""
    out, position = [], start
    for hunk in side:
        out.append(base[position:hunk.start])
        out.append(hunk.text)
        position = hunk.end
    out.append(base[position:end])
    return "".join(out)


def merge(base: str, mine: str, current: str) -> str:
    """Apply the change base→mine onto current, keeping current's own changes."""
    if mine == base or mine == current:
        return current
    if current == base:
        return mine
    theirs = [(h, 0) for h in hunks(base, current)]
    ours = [(h, 1) for h in hunks(base, mine)]
    events = sorted(theirs + ours, key=lambda pair: (pair[0].start, pair[0].end, pair[1]))

    out: list[str] = []
    position = 0
    index = 0
    while index < len(events):
        # Gather a group of hunks that overlap one another (transitively).
        group = [events[index]]
        start, end = events[index][0].start, events[index][0].end
        index += 1
        while index < len(events) and _joins(events[index][0], end):
            group.append(events[index])
            end = max(end, events[index][0].end)
            index += 1
        out.append(base[position:start])
        sides = {side for _, side in group}
        if len(sides) == 1:
            out.append(_render(base, start, end, [h for h, _ in group]))
        else:
            server_version = _render(base, start, end, [h for h, s in group if s == 0])
            client_version = _render(base, start, end, [h for h, s in group if s == 1])
            both = server_version + client_version
            out.append(both if server_version != client_version else server_version)
        position = end
    out.append(base[position:])
    return "".join(out)
