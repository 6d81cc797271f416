"""The participant's pages: home with a join-code field, joining an arena, and the phone view.

Joining is two steps: /join/<code> asks for an optional name and a language, then /arenas/<code>/phone is
the live phone view in that language. The choice is kept in the browser session per arena, so a reload
or a returning phone lands in the phone view again; who the person is (their participant token) is kept
by the phone itself, in localStorage.
"""
from __future__ import annotations

from flask import Blueprint, abort, g, redirect, render_template, request, session, url_for
from flask_babel import gettext as _

from facilitation.access import arena_by_code
from facilitation.models import Arena
from facilitation.schemas import MAX_NAME, CommandError, clean_text, normalise_lang

from ..extensions import db
from . import labels

bp = Blueprint("web", __name__)

# Each language named in itself: a person looks for their own language's name, not a translation of it.
LANGUAGE_NAMES = {"nl": "Nederlands", "fr": "Français", "de": "Deutsch", "nb": "Norsk bokmål",
                  "es": "Español", "en": "English"}


def _clean_code(code: str) -> str:
    return "".join(code.split()).upper()[:16]


def _arena(code: str) -> dict:
    """What the join and phone pages need of an arena, or a 404 page for an unknown code."""
    with db.session() as db_session:
        try:
            arena: Arena = arena_by_code(db_session, code)
        except CommandError:
            abort(404)
        return {"title": arena.title, "city": arena.city, "join_code": arena.join_code,
                "anonymous": arena.anonymous, "lang": arena.lang}


def _choice_key(code: str) -> str:
    return f"join:{code}"


@bp.route("/")
def home():
    return render_template("home.html")


@bp.route("/join", methods=["POST"])
def join_form():
    code = _clean_code(request.form.get("code", ""))
    if not code:
        return redirect(url_for("web.home"))
    return redirect(url_for("web.join", code=code))


@bp.route("/join/<code>")
def join(code: str):
    arena = _arena(_clean_code(code))
    g.arena_lang = arena["lang"]
    chosen = session.get(_choice_key(arena["join_code"]), {})
    return render_template("join.html", arena=arena, languages=LANGUAGE_NAMES,
                           name=chosen.get("name", ""), chosen_lang=chosen.get("lang"))


@bp.route("/join/<code>", methods=["POST"])
def join_submit(code: str):
    arena = _arena(_clean_code(code))
    try:
        name = clean_text(request.form.get("name", "")).strip()[:MAX_NAME]
    except ValueError:
        name = ""
    lang = normalise_lang(request.form.get("lang")) or arena["lang"]
    session[_choice_key(arena["join_code"])] = {"name": "" if arena["anonymous"] else name, "lang": lang}
    return redirect(url_for("web.phone", code=arena["join_code"], lang=lang))


@bp.route("/healthz")
def healthz():
    return {"ok": True}


@bp.route("/arenas/<code>/phone")
def phone(code: str):
    arena = _arena(_clean_code(code))
    chosen = session.get(_choice_key(arena["join_code"]), {})
    g.lang = normalise_lang(request.args.get("lang")) or chosen.get("lang")
    g.arena_lang = arena["lang"]
    return render_template("phone.html", arena=arena, name=chosen.get("name", ""), strings=phone_strings(),
                           lang=g.lang or "")


def phone_strings() -> dict:
    """Every sentence the phone's script shows, translated; %(name)s marks are filled in by the script."""
    return {
        "phases": labels.phase_names(),
        "kinds": labels.kind_names(),
        "saved": _("All saved"),
        "not_saved": _("Not yet saved (%(n)s)"),
        "offline": _("Offline"),
        "time_left": _("Time left: %(time)s"),
        "locked": _("The facilitator has paused contributions."),
        "write_alone": _("Write alone first: the others see your contributions when the facilitator reveals "
                         "them."),
        "dots_left": _("Dots left on this board: %(n)s of %(budget)s"),
        "dots_of_item": _("%(mine)s mine · %(total)s in all"),
        "add_dot": _("Give a dot"),
        "remove_dot": _("Take back a dot"),
        "edit": _("Edit"),
        "write_along": _("Write along"),
        "edit_label": _("Text, written together"),
        "done": _("Done"),
        "delete": _("Delete"),
        "confirm_delete": _("Delete this contribution?"),
        "yours": _("Yours"),
        "not_revealed": _("Only you see this until it is revealed"),
        "not_saved_item": _("Not yet saved: it will be sent when the connection is back"),
        "no_board": _("No board is open right now"),
        "connecting": _("Connecting…"),
        "cannot_join": _("This arena cannot be joined with this code. Check the code on the screen."),
        "errors": {
            "locked": _("The facilitator has paused contributions."),
            "forbidden": _("This is not possible in the current step of the session."),
            "not_found": _("This contribution no longer exists."),
            "too_long": _("This text is too long."),
            "invalid": _("This could not be saved as it is."),
            "unauthorized": _("Your place in this arena could not be found; reload the page to join again."),
            "rate_limited": _("Many changes at once; they are being sent a little slower."),
            "other": _("This change could not be saved."),
        },
    }
