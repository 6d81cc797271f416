"""A pathway's milestones on a timeline from today to the vision year, as a self-contained SVG.

Labels are laid out in lanes above and below the axis so that none overlaps another, however close the
years; every text is escaped, so a participant's words can never become markup.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional, Sequence
from xml.sax.saxutils import escape

WIDTH = 680
MARGIN = 24
AXIS_GAP = 26          # from the axis to the nearest lane of labels
LANE_HEIGHT = 34       # two lines of text and some air
CHAR_WIDTH = 6.1       # DejaVu Sans at 10.5 px, an average glyph: generous enough for accents and capitals
LABEL_GAP = 10
MAX_LABEL_CHARS = 34
INK, ACCENT, MUTED = "#1f3b2d", "#2f7d4f", "#6b7a72"


@dataclass(frozen=True)
class Mark:
    """A milestone on the timeline: its year, a heading (reference and year) and a short text."""

    year: int
    heading: str
    text: str


def shorten(text: str, limit: int = MAX_LABEL_CHARS) -> str:
    """The first words of a text that fit in `limit` characters, with an ellipsis when cut."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit - 1]
    if " " in cut[limit // 2:]:
        cut = cut[:cut.rindex(" ")]
    return cut.rstrip(" ,;:.-") + "…"


def _ticks(start: int, end: int) -> list[int]:
    span = max(end - start, 1)
    step = next(s for s in (1, 2, 5, 10, 20, 25, 50, 100) if span / s <= 8)
    first = -(-start // step) * step
    return list(range(first, end + 1, step))


def _lanes(spans: list[tuple[float, float]]) -> list[int]:
    """A lane for each label (0, 1, … above the axis; −1, −2, … below) so that no two in one lane
    overlap; labels alternate above and below first, then move outwards."""
    right_edge: dict[int, float] = {}
    lanes = []
    for index, (left, right) in enumerate(spans):
        preferred = (1, -1) if index % 2 == 0 else (-1, 1)
        depth = 1
        while True:
            lane = next((side * depth for side in preferred
                         if right_edge.get(side * depth, float("-inf")) + LABEL_GAP <= left), None)
            if lane is not None:
                break
            depth += 1
        right_edge[lane] = right
        lanes.append(lane)
    return lanes


def pathway_timeline(marks: Sequence[Mark], start_year: int, end_year: int, *, start_label: str,
                     end_label: str, title: Optional[str] = None) -> str:
    """The SVG of one pathway: an axis from start_year to end_year (stretched to every mark's year),
    a dot per milestone and its label, the start and the vision year named at the ends."""
    years = [m.year for m in marks]
    start = min([start_year, *years])
    end = max([end_year, start + 1, *years])
    scale = (WIDTH - 2 * MARGIN) / (end - start)

    def x_of(year: int) -> float:
        return MARGIN + (year - start) * scale

    ordered = sorted(marks, key=lambda m: m.year)
    texts = [(m.heading, shorten(m.text)) for m in ordered]
    spans = []
    for mark, (heading, text) in zip(ordered, texts):
        width = max(len(heading), len(text)) * CHAR_WIDTH
        left = min(max(x_of(mark.year) - 8, 0), WIDTH - width)
        spans.append((left, left + width))
    lanes = _lanes(spans)
    above = max([lane for lane in lanes if lane > 0], default=0)
    below = -min([lane for lane in lanes if lane < 0], default=0)
    axis_y = 20 + AXIS_GAP + above * LANE_HEIGHT
    height = axis_y + 30 + below * LANE_HEIGHT + (AXIS_GAP if below else 0)

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
             f'width="{WIDTH}" height="{height}" font-family="DejaVu Sans, sans-serif" font-size="10.5">']
    if title:
        parts.append(f"<title>{escape(title)}</title>")
    parts.append(f'<line x1="{MARGIN}" y1="{axis_y}" x2="{WIDTH - MARGIN}" y2="{axis_y}" '
                 f'stroke="{INK}" stroke-width="2.5" stroke-linecap="round"/>')
    for year in _ticks(start, end):
        x = x_of(year)
        parts.append(f'<line x1="{x:.1f}" y1="{axis_y - 4}" x2="{x:.1f}" y2="{axis_y + 4}" stroke="{INK}"/>')
        parts.append(f'<text x="{x:.1f}" y="{axis_y + 16}" text-anchor="middle" fill="{MUTED}">{year}</text>')
    for x, label, anchor in ((x_of(start), start_label, "start"), (x_of(end), end_label, "end")):
        parts.append(f'<circle cx="{x:.1f}" cy="{axis_y}" r="5" fill="#ffffff" stroke="{INK}" '
                     'stroke-width="2"/>')
        parts.append(f'<text x="{x:.1f}" y="{axis_y + 28}" text-anchor="{anchor}" fill="{INK}" '
                     f'font-weight="bold">{escape(label)}</text>')
    for mark, (heading, text), (left, _right), lane in zip(ordered, texts, spans, lanes):
        x = x_of(mark.year)
        if lane > 0:
            top = axis_y - AXIS_GAP - lane * LANE_HEIGHT + 8
            line_end = top + 26
            line_start = axis_y
        else:
            top = axis_y + AXIS_GAP + (-lane - 1) * LANE_HEIGHT + 14
            # Start below the year labels of the axis, so the leader never strikes through them.
            line_start, line_end = axis_y + 20, top - 2
        parts.append(f'<line x1="{x:.1f}" y1="{line_start}" x2="{x:.1f}" y2="{line_end:.1f}" '
                     f'stroke="{ACCENT}" stroke-width="1" stroke-dasharray="2 2"/>')
        parts.append(f'<circle cx="{x:.1f}" cy="{axis_y}" r="6" fill="{ACCENT}"/>')
        parts.append(f'<text x="{left:.1f}" y="{top + 10:.1f}" fill="{ACCENT}" font-weight="bold">'
                     f'{escape(heading)}</text>')
        parts.append(f'<text x="{left:.1f}" y="{top + 23:.1f}" fill="{INK}">{escape(text)}</text>')
    parts.append("</svg>")
    return "".join(parts)
