"""An arena as a spreadsheet (CSV, one row per item) and as a Markdown transition agenda.

Both are for organisers who want to work on the results in their own tools. The CSV is safe to open in a
spreadsheet: a cell that starts like a formula is quoted. The Markdown follows the printed agenda
(exports/agenda.py) section by section and escapes what people wrote, so that a contribution cannot turn
into a heading, a link or raw HTML. Headings go through a `gettext` callable, so the caller picks the
language (exports/i18n.py); by default they stay in English.
"""
from __future__ import annotations

import csv
import io
import re
from datetime import date
from typing import Any, Callable, Iterable, Optional

import sqlalchemy as sa
import sqlalchemy.orm as so

from facilitation.models import Arena, Item
from facilitation.views import timestamp

from .agenda import Entry, Step, build_agenda

Gettext = Callable[[str], str]

# A spreadsheet reads a cell that starts with one of these as a formula (or a DDE command).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# Characters that mean something in Markdown (and HTML) wherever they are.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|~!&])")
# What makes a line start a list or a quote: escaped when a text begins with it.
_LINE_START = re.compile(r"^(?:(\d+)([.)])|([-+>]))")


def _identity(text: str) -> str:
    return text


# -------------------------------------------------------------------------------------------------- CSV

def spreadsheet_cell(value: Any) -> Any:
    """A value as a cell a spreadsheet will not execute: text that starts like a formula gets a quote."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _other_fields(fields: dict[str, Any]) -> str:
    return "; ".join(f"{name}: {value}" for name, value in sorted(fields.items())
                     if name != "cluster" and value not in (None, ""))


def items_csv(session: so.Session, arena: Arena, gettext: Gettext = _identity) -> str:
    """Every contribution of the arena (deleted, hidden and unrevealed ones left out), one row each."""
    _ = gettext
    header = [_("id"), _("kind"), _("text"), _("parent"), _("cluster"), _("fields"), _("votes"), _("author"),
              _("created"), _("updated")]
    items = session.scalars(sa.select(Item).where(
        Item.arena_id == arena.id, Item.deleted_at.is_(None), Item.hidden.is_(False),
        Item.pending_reveal.is_(False)).options(so.joinedload(Item.author)).order_by(Item.id)).all()
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    for item in items:
        fields = dict(item.fields or {})
        author = None if arena.anonymous or item.author is None else item.author.name
        row = [item.id, item.kind, item.text, item.parent_id or "", fields.get("cluster") or "",
               _other_fields(fields), item.votes, author or "", timestamp(item.created_at),
               timestamp(item.updated_at)]
        writer.writerow([spreadsheet_cell(cell) for cell in row])
    return out.getvalue()


# --------------------------------------------------------------------------------------------- Markdown

def markdown_text(text: Optional[str]) -> str:
    """What someone wrote, as inert Markdown on one line: no heading, list, link, emphasis or HTML."""
    if not text:
        return ""
    flat = " ".join(str(text).split())
    escaped = _MARKDOWN_SPECIAL.sub(r"\\\1", flat)
    return _LINE_START.sub(lambda m: f"{m[1]}\\{m[2]}" if m[1] else f"\\{m[3]}", escaped, count=1)


def _short(entry: Entry, limit: int = 80) -> str:
    text = " ".join(entry.text.split())
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def _bullets(lines: Iterable[str]) -> list[str]:
    return [f"- {line}" for line in lines]


def _step_line(step: Step, _: Gettext, statuses: dict[str, str]) -> str:
    """An action or experiment with who, when, status, indicator and the pathway it serves."""
    details = []
    if step.who:
        details.append(f"{_('who')}: {markdown_text(step.who)}")
    if step.start or step.end:
        details.append(f"{_('when')}: {step.start or '…'}–{step.end or '…'}")
    if step.status:
        details.append(f"{_('status')}: {markdown_text(statuses.get(step.status, step.status))}")
    if step.indicator:
        details.append(f"{_('indicator')}: {markdown_text(step.indicator)}")
    for pathway in step.chain.pathways:
        details.append(f"{_('pathway')} {pathway.ref}: {markdown_text(_short(pathway))}")
    line = f"**{markdown_text(step.entry.text)}**"
    return line + (" — " + "; ".join(details) if details else "")


def agenda_markdown(session: so.Session, arena: Arena, gettext: Gettext = _identity,
                    today: Optional[date] = None) -> str:
    """The transition agenda as Markdown: challenges by cluster and votes, principles, vision, pathways
    with milestones, actions and experiments (who, when, which pathway), lessons."""
    _ = gettext
    statuses = {"idea": _("idea"), "planned": _("planned"), "running": _("running"),
                "completed": _("completed"), "stopped": _("stopped")}
    agenda = build_agenda(session, arena, today=today)
    cover = agenda.cover
    lines = [f"# {markdown_text(cover.title)}", ""]
    subtitle = [markdown_text(cover.city)] if cover.city else []
    subtitle.append(f"{_('Transition agenda')} {cover.vision_year}")
    subtitle.append(cover.printed_on.isoformat())
    lines += [" · ".join(subtitle), ""]

    def section(title: str, body: list[str]) -> None:
        if body:
            lines.extend([f"## {title}", "", *body, ""])

    challenges: list[str] = []
    for cluster in agenda.clusters:
        name = markdown_text(cluster.name) if cluster.name else _("Other challenges")
        challenges += [f"### {name} ({cluster.votes} {_('votes')})", ""]
        challenges += _bullets(f"{markdown_text(c.text)} ({c.votes} {_('votes')})"
                               for c in cluster.challenges)
        challenges.append("")
    section(_("Challenges"), challenges[:-1])
    section(_("Guiding principles"), _bullets(markdown_text(p.entry.text) for p in agenda.principles))
    section(_("Vision"), _bullets(f"{markdown_text(v.entry.text)} ({v.horizon})" for v in agenda.visions))

    pathways: list[str] = []
    for pathway in agenda.pathways:
        pathways += [f"### {pathway.entry.ref} {markdown_text(pathway.entry.text)}", ""]
        pathways += _bullets(f"{m.field('year') or '…'}: {markdown_text(m.text)}" for m in pathway.milestones)
        pathways.append("")
    section(_("Pathways"), pathways[:-1])
    section(_("Actions"), _bullets(_step_line(a, _, statuses) for a in agenda.actions))
    section(_("Experiments"), _bullets(_step_line(e, _, statuses) for e in agenda.experiments))
    section(_("Lessons"), _bullets(markdown_text(lesson.entry.text) for lesson in agenda.lessons))
    return "\n".join(lines).rstrip("\n") + "\n"
