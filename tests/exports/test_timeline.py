"""The pathway timeline: a valid SVG with escaped text and labels that never overlap."""
import re
import xml.etree.ElementTree as ET

import pytest

from exports.timeline import CHAR_WIDTH, Mark, pathway_timeline, shorten

NS = "{http://www.w3.org/2000/svg}"


def label_boxes(svg: str):
    """(left, right, top, bottom) of each milestone label (heading and text lines together)."""
    root = ET.fromstring(svg)
    texts = [t for t in root.iter(NS + "text") if t.get("font-weight") == "bold" and "·" in (t.text or "")]
    boxes = []
    for heading in texts:
        siblings = list(root)
        body = siblings[siblings.index(heading) + 1]
        left = float(heading.get("x"))
        width = max(len(heading.text), len(body.text or "")) * CHAR_WIDTH
        boxes.append((left, left + width, float(heading.get("y")) - 10, float(body.get("y")) + 3))
    return boxes


@pytest.mark.parametrize("years", [
    [2030, 2031, 2032, 2033, 2034],
    [2030, 2030, 2030, 2030],
    [2026, 2049, 2050, 2038, 2039, 2040],
])
def test_labels_do_not_overlap_however_close_the_years(years):
    marks = [Mark(y, f"5.1.{n} · {y}", "Een tussendoel met een vrij lange omschrijving")
             for n, y in enumerate(years, 1)]
    svg = pathway_timeline(marks, 2025, 2050, start_label="Today", end_label="Vision 2050")
    boxes = label_boxes(svg)
    assert len(boxes) == len(years)
    for a in range(len(boxes)):
        for b in range(a + 1, len(boxes)):
            (l1, r1, t1, b1), (l2, r2, t2, b2) = boxes[a], boxes[b]
            assert r1 <= l2 or r2 <= l1 or b1 <= t2 or b2 <= t1, (boxes[a], boxes[b])
    width = float(ET.fromstring(svg).get("width"))
    assert all(0 <= left and right <= width for left, right, _, _ in boxes)


def test_text_is_escaped_and_the_axis_stretches_to_every_milestone():
    hostile = '<image href="file:///etc/passwd"/>&amp; "quoted"'
    svg = pathway_timeline([Mark(2070, "1 · 2070", hostile)], 2025, 2050,
                           start_label="<b>Today</b>", end_label="Vision 2050", title=hostile)
    root = ET.fromstring(svg)  # well-formed
    assert not list(root.iter(NS + "image"))
    assert "<image" not in svg and "&lt;image" in svg
    years = [t.text for t in root.iter(NS + "text") if re.fullmatch(r"\d{4}", t.text or "")]
    assert years[-1] == "2070"


def test_shorten_keeps_short_text_and_cuts_long_text_at_a_word():
    assert shorten("Æblegrød på Østerbro", 40) == "Æblegrød på Østerbro"
    cut = shorten("Geen doorgaand autoverkeer meer in de hele binnenstad", 30)
    assert cut.endswith("…") and len(cut) <= 30 and "binnenstad" not in cut
