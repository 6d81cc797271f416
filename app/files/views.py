"""The transition agenda as a PDF download, for an arena's organiser and facilitators.

A finished PDF is kept on disk per (arena, version, language): the version grows with every change, so a
second download of an unchanged arena is instant and a changed one is never served stale. Rendering
happens in a child process (exports.pdf); this request waits for it in short sleeps that let the server
keep serving the live session.
"""
from __future__ import annotations

import os
import re
import tempfile
import threading
import unicodedata
from pathlib import Path

from flask import Blueprint, abort, current_app, render_template, request, send_file
from flask_babel import gettext as _
from flask_login import current_user

from exports.agenda import build_agenda
from exports.pdf import RenderError, render_agenda_pdf
from facilitation import access
from facilitation.models import User
from facilitation.schemas import CommandError, normalise_lang

from ..extensions import db, socketio

bp = Blueprint("files", __name__, template_folder="templates")

# Two cores serve the live sessions too: at most this many renders at once, the others wait their turn.
RENDER_SLOTS = threading.BoundedSemaphore(2)


def _cache_dir() -> Path:
    path = Path(current_app.instance_path) / "agenda-cache"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:60] or "arena"


def _store(directory: Path, name: str, pdf: bytes, arena_id: int) -> Path:
    """Write the PDF atomically, and drop this arena's older versions, which can no longer be asked for."""
    handle, temporary = tempfile.mkstemp(dir=directory, suffix=".part")
    with os.fdopen(handle, "wb") as out:
        out.write(pdf)
    target = directory / name
    os.replace(temporary, target)
    for old in directory.glob(f"{arena_id}-*.pdf"):
        if old.name != name and old.name.rsplit("-", 1)[-1] == name.rsplit("-", 1)[-1]:
            old.unlink(missing_ok=True)
    return target


def _failure(error: RenderError, lang: str):
    messages = {
        "timeout": _("Printing this agenda took too long and was stopped. Try again in a minute."),
        "memory": _("This agenda is too large to print at once. Ask the facilitator to tidy the arena, "
                    "then try again."),
        "busy": _("Other agendas are being printed right now. Try again in a minute."),
    }
    message = messages.get(error.reason, _("The agenda could not be printed. Try again in a minute."))
    current_app.logger.warning("Agenda PDF failed: %s", error)
    return render_template("files/pdf_failed.html", message=message, lang=lang), 503, {"Retry-After": "30"}


@bp.route("/arenas/<join_code>/agenda.pdf")
def agenda_pdf(join_code: str):
    """The arena's transition agenda in ?lang= (default: the arena's language)."""
    if not current_user.is_authenticated:
        abort(403)
    wanted = request.args.get("lang")
    with db.session() as session:
        try:
            arena = access.arena_by_code(session, join_code[:16])
        except CommandError:
            abort(404)
        user = session.get(User, current_user.id)
        if user is None or access.role_of(arena, user) is None:
            abort(403)
        lang = normalise_lang(wanted) if wanted else arena.lang
        if lang is None:
            abort(400)
        name = f"{arena.id}-{arena.version}-{lang}.pdf"
        download_name = f"{_slug(arena.title)}-agenda-{lang}.pdf"
        cached = _cache_dir() / name
        # Built inside the session, rendered after it is closed: no connection is held while printing.
        agenda = None if cached.exists() else build_agenda(session, arena)
        arena_id = arena.id
    if agenda is not None:
        limit = float(current_app.config.get("PDF_TIME_LIMIT", 60))
        if not RENDER_SLOTS.acquire(timeout=limit):
            return _failure(RenderError("busy"), lang)
        try:
            rendered = render_agenda_pdf(agenda, lang, time_limit=limit, sleep=socketio.sleep)
        except RenderError as error:
            return _failure(error, lang)
        finally:
            RENDER_SLOTS.release()
        cached = _store(_cache_dir(), name, rendered.pdf, arena_id)
    return send_file(cached, mimetype="application/pdf", as_attachment=True, download_name=download_name,
                     max_age=0)
