"""The CSV of items (safe in a spreadsheet) and the Markdown agenda (in phase order, inert text)."""
from __future__ import annotations

import csv
import io
import re
from datetime import date

import pytest
import sqlalchemy as sa

from app.extensions import db
from exports import tabular
from facilitation import commands, schemas
from facilitation.access import arena_by_code, join_as_participant, join_as_user
from facilitation.models import Item, User
from facilitation.phases import ENVISIONING


@pytest.mark.parametrize("value, cell", [
    ("=HYPERLINK(\"http://evil\",\"x\")", "'=HYPERLINK(\"http://evil\",\"x\")"),
    ("+1+1", "'+1+1"), ("-2+3", "'-2+3"), ("@SUM(A1)", "'@SUM(A1)"), ("\t=1", "'\t=1"),
    ("plain text", "plain text"), ("a = b", "a = b"), (7, 7),
])
def test_spreadsheet_cells_never_start_a_formula(value, cell):
    assert tabular.spreadsheet_cell(value) == cell


def _arena_with(texts: list[str], *, anonymous: bool, owner_id: int, name: str = "@Mallory") -> str:
    with db.session() as session:
        arena = commands.create_arena(session, session.get(User, owner_id), "CSV arena", anonymous=anonymous)
        staff = join_as_user(session, arena.join_code, arena.owner)
        commands.set_phase(session, staff, schemas.SetPhase(phase=ENVISIONING))
        phone, _token = join_as_participant(session, arena.join_code, name=name)
        for n, text in enumerate(texts):
            commands.add_item(session, phone, schemas.AddItem(kind="challenge", text=text, op_id=f"op{n}",
                                                              fields={"cluster": "=Cluster"}))
        return arena.join_code


def _rows(code: str) -> list[list[str]]:
    with db.session() as session:
        return list(csv.reader(io.StringIO(tabular.items_csv(session, arena_by_code(session, code)))))


def test_csv_quotes_formulas_in_every_column(app, owner_id):
    code = _arena_with(["=1+2", "-cmd", "A fair city"], anonymous=False, owner_id=owner_id)
    header, *rows = _rows(code)
    assert header == ["id", "kind", "text", "parent", "cluster", "fields", "votes", "author", "created",
                      "updated"]
    assert [row[2] for row in rows] == ["'=1+2", "'-cmd", "A fair city"]
    assert {row[4] for row in rows} == {"'=Cluster"} and {row[7] for row in rows} == {"'@Mallory"}
    assert all(row[1] == "challenge" and row[6] == "0" and row[8].endswith("Z") for row in rows)


def test_csv_leaves_authors_out_of_an_anonymous_arena_and_deleted_items_out(app, owner_id):
    code = _arena_with(["kept", "gone"], anonymous=True, owner_id=owner_id, name="Secret Sam")
    with db.session() as session:
        arena = arena_by_code(session, code)
        gone = session.scalar(sa.select(Item.id).where(Item.arena_id == arena.id, Item.text == "gone"))
        staff = join_as_user(session, code, arena.owner)
        commands.delete_item(session, staff, schemas.DeleteItem(item_id=gone, op_id="del"))
    _header, *rows = _rows(code)
    assert [row[2] for row in rows] == ["kept"] and rows[0][7] == ""


def test_csv_translates_its_header(app, demo_code):
    with db.session() as session:
        text = tabular.items_csv(session, arena_by_code(session, demo_code), gettext=str.upper)
    assert text.startswith("ID,KIND,TEXT,PARENT,CLUSTER,")


def _markdown(code: str, gettext=tabular._identity) -> str:
    with db.session() as session:
        return tabular.agenda_markdown(session, arena_by_code(session, code), gettext, today=date(2025, 5, 1))


def test_markdown_agenda_follows_the_phases(demo_code):
    text = _markdown(demo_code)
    headings = [line for line in text.splitlines() if line.startswith("## ")]
    assert headings == ["## Challenges", "## Guiding principles", "## Vision", "## Pathways", "## Actions",
                        "## Experiments", "## Lessons"]
    assert text.startswith("# Eastbridge Energy Transition Arena\n\n"
                           "Eastbridge · Transition agenda 2050 · 2025-05-01")
    # The most voted cluster first, its most voted challenge first.
    assert "### Homes and heat (16 votes)\n\n" \
           "- Most terraced houses leak heat and nobody knows where to start (7 votes)" in text
    assert "- 2026: One-stop retrofit shop open in the town hall" in text
    assert "- **Open the retrofit advice desk with free home surveys** — " \
           "who: City Council and Eastbridge Homes; when: 2025–2026; pathway 5.1: Street by street" in text
    assert "status: running; indicator: Heat demand per home down 50%" in text
    assert "(2050)" in text.split("## Vision")[1].split("## Pathways")[0]


def test_markdown_headings_go_through_gettext(demo_code):
    text = _markdown(demo_code, gettext=lambda s: f"«{s}»")
    assert "## «Challenges»" in text and "## «Lessons»" in text and "status: «running»" not in text
    assert "«status»: «running»" in text


def test_markdown_keeps_what_people_wrote_inert(app, owner_id):
    code = _arena_with(["# Heading <script>alert(1)</script> [link](javascript:x)", "1. not a list"],
                       anonymous=False, owner_id=owner_id)
    text = _markdown(code)
    # No "<", "[" or "]" that is not escaped: no HTML tag, no link.
    assert not re.search(r"(?<!\\)[<\[\]]", text)
    assert "- \\# Heading \\<script\\>alert(1)\\</script\\> \\[link\\](javascript:x)" in text
    assert "- 1\\. not a list" in text
