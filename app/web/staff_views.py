"""The staff's pages: the organiser's list of arenas, the facilitator console and the projector screen."""
from __future__ import annotations

import secrets
from typing import Optional

import sqlalchemy as sa
from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from flask_babel import format_date, get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required

from facilitation import accounts, commands
from facilitation.access import ORGANISER, arena_by_code, role_of
from facilitation.models import Arena, User, arena_facilitator
from facilitation.phases import CHAIN_LINKS, KINDS, PHASES
from facilitation.schemas import CommandError, normalise_lang

from ..extensions import db
from ..i18n import in_language, in_languages, translator
from . import labels
from .qr import join_qr_svg

bp = Blueprint("staff", __name__)

# Each language named in itself: an organiser looks for their own language's name, not a translation of it.
LANGUAGE_NAMES = {"nl": "Nederlands", "fr": "Français", "de": "Deutsch", "nb": "Norsk bokmål",
                  "es": "Español", "en": "English"}


def _arena_or_404(session, code: str) -> Arena:
    try:
        return arena_by_code(session, code)
    except CommandError:
        abort(404)


def _staff_arena(session, code: str) -> tuple[Arena, str]:
    """The arena and the logged-in account's role in it; 403 for an account that is not its staff."""
    arena = _arena_or_404(session, code)
    role = role_of(arena, session.get(User, current_user.id))
    if role is None:
        abort(403)
    return arena, role


def _join_url(arena: Arena) -> str:
    return url_for("web.join", code=arena.join_code, _external=True)


@bp.route("/arenas")
@login_required
def arenas():
    """The arenas this account organises or facilitates, and a form to create one."""
    return _arenas_page()


def _arenas_page(status: int = 200, new_account: Optional[dict] = None):
    with db.session() as session:
        facilitated = sa.select(arena_facilitator.c.arena_id).where(
            arena_facilitator.c.user_id == current_user.id)
        rows = session.scalars(sa.select(Arena).where(
            (Arena.owner_id == current_user.id) | Arena.id.in_(facilitated)).order_by(Arena.created_at.desc())
        ).all()
        listed = [{"title": a.title, "city": a.city, "join_code": a.join_code,
                   "owned": a.owner_id == current_user.id,
                   "phase": labels.phase_names()[a.phase],
                   "meeting": a.meetings[-1].number if a.meetings else None,
                   "meeting_date": format_date(a.meetings[-1].started_at, "medium") if a.meetings else None,
                   "facilitators": [u.name or u.email for u in a.facilitators]} for a in rows]
    return render_template("organiser/arenas.html", arenas=listed, languages=LANGUAGE_NAMES,
                           new_account=new_account, default_lang=current_user.lang or "en"), status


@bp.route("/arenas", methods=["POST"])
@login_required
def create_arena():
    form = request.form
    try:
        year = int(form.get("vision_year") or 2050)
    except ValueError:
        year = 0
    # The page is rendered after the session closes: SQLite allows one writing transaction at a time.
    try:
        with db.session() as session:
            arena = commands.create_arena(session, session.get(User, current_user.id), form.get("title", ""),
                                          city=form.get("city"), lang=form.get("lang") or None,
                                          vision_year=year, anonymous=form.get("anonymous") == "on")
    except CommandError as error:
        flash(in_language(error), "error")
        return _arenas_page(400)
    flash(_("The arena “%(title)s” is ready. Its join code is %(code)s.",
            title=arena.title, code=arena.join_code), "success")
    return redirect(url_for("staff.arenas"))


@bp.route("/arenas/<code>/facilitators", methods=["POST"])
@login_required
def invite_facilitator(code: str):
    """Add a facilitator by e-mail: an existing account is added; otherwise one is created, and its
    one-time password is shown to the organiser on this response only (it is never stored in clear)."""
    email = request.form.get("email", "")
    new_account = None
    try:
        with db.session() as session:
            arena, role = _staff_arena(session, code)
            if role != ORGANISER:
                abort(403)
            user = accounts.user_by_email(session, email)
            if user is None:
                password = secrets.token_urlsafe(12)
                user = accounts.create_user(session, email, password)
                new_account = {"email": user.email, "password": password, "arena": arena.title}
            commands.add_facilitator(session, arena, user)
            flash(_("%(email)s now facilitates “%(title)s”.", email=user.email, title=arena.title), "success")
    except CommandError as error:
        flash(in_language(error), "error")
        return _arenas_page(400)
    if new_account:
        return _arenas_page(new_account=new_account)
    return redirect(url_for("staff.arenas"))


def _page_data(arena: Arena) -> dict:
    """What the page's script needs: the arena's code and every string it shows, translated here."""
    return {
        "join_code": arena.join_code,
        "vision_year": arena.vision_year,
        "phases": [{"id": p, "name": labels.phase_names()[p]} for p in PHASES],
        "kinds": {k: {"name": labels.kind_names()[k], "phase": KINDS[k].phase} for k in KINDS},
        "chain": sorted([source, target] for source, target in CHAIN_LINKS),
        "strings": labels.ui_strings(),
    }


@bp.route("/arenas/<code>/screen")
def screen(code: str):
    """The projector: readable from ten metres, no controls, open to whoever has the join code."""
    # Every template loads the logged-in account; load it before the session below opens, since on
    # SQLite that load would wait on the session's write lock until it times out.
    current_user.get_id()
    with db.session() as session:
        arena = _arena_or_404(session, code)
        # The room reads the arena's language unless the page is asked for another (?lang=).
        g.lang = arena.lang
        join_url = _join_url(arena)
        data = _page_data(arena)
        # A bilingual city shows the fixed texts in a second language too (?lang2=), beneath the first.
        lang2 = normalise_lang(request.args.get("lang2"))
        if lang2 == str(get_locale()):
            lang2 = None
        if lang2:
            data["second"] = {"lang": lang2, "phases": in_languages(lang2, labels.phase_names),
                              "kinds": in_languages(lang2, labels.kind_names)}
        return render_template("screen.html", arena=arena, join_url=join_url, data=data, lang2=lang2,
                               _2=translator(lang2) if lang2 else None,
                               qr=join_qr_svg(join_url, label=_("QR code to join: %(url)s", url=join_url)))


@bp.route("/arenas/<code>/console")
@login_required
def console(code: str):
    """The facilitator's console, for the arena's organiser and facilitators only."""
    with db.session() as session:
        arena, role = _staff_arena(session, code)
        data = _page_data(arena)
        data["strings"].update(_agenda_strings())
        return render_template("console.html", arena=arena, role=role, join_url=_join_url(arena),
                               data=data, languages=LANGUAGE_NAMES)


def _agenda_strings() -> dict[str, str]:
    """What the console's PDF button says while fetching the agenda (%(name)s marks: filled by the script)."""
    return {
        "pdf_preparing": _("Preparing the agenda…"),
        "pdf_ready": _("Ready: %(file)s"),
        "pdf_status": _("The agenda could not be downloaded (the server answered %(status)s)."),
        "pdf_unreachable": _("The agenda could not be downloaded: the server did not answer."),
    }
