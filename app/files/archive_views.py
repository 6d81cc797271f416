"""Downloads of an arena's data (JSON export, CSV of items, Markdown agenda) and the import of an export.

For the arena's organiser and facilitators only, logged in through the browser or with a Bearer token.
An unknown arena is 404, someone else's 403. The import creates a new arena owned by whoever uploads it.
"""
from __future__ import annotations

from flask import Blueprint, Response, abort, current_app, flash, jsonify, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.exceptions import RequestEntityTooLarge

from exports import archive, i18n, tabular
from facilitation.access import arena_by_code, role_of
from facilitation.models import Arena, User
from facilitation.schemas import CommandError

from ..auth.users import load_user_from_request
from ..extensions import csrf, db
from ..i18n import in_language

bp = Blueprint("archive", __name__)

# Room for the multipart envelope around a file of the largest size accepted.
_UPLOAD_MARGIN = 64 * 1024


def _staff_arena(session, code: str) -> Arena:
    try:
        arena = arena_by_code(session, code)
    except CommandError:
        abort(404)
    if role_of(arena, session.get(User, current_user.id)) is None:
        abort(403)
    return arena


def _download(body: str, mimetype: str, filename: str) -> Response:
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    # The arena's contents are personal data: no shared cache keeps them.
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/arenas/<code>/export.json")
@login_required
def export_json(code: str):
    """Everything the arena holds, enough to restore it (see exports/archive.py)."""
    with db.session() as session:
        arena = _staff_arena(session, code)
        return _download(archive.export_json(session, arena), "application/json",
                         f"arena-{arena.join_code}.json")


@bp.route("/arenas/<code>/items.csv")
@login_required
def items_csv(code: str):
    """All contributions, one row each, safe to open in a spreadsheet."""
    with db.session() as session:
        arena = _staff_arena(session, code)
        gettext = i18n.translations(i18n.document_lang(request.args.get("lang"), arena.lang)).gettext
        # The byte-order mark makes spreadsheet programs read the file as UTF-8 (ø, ß, ñ, œ …).
        body = "\ufeff" + tabular.items_csv(session, arena, gettext)
        return _download(body, "text/csv", f"arena-{arena.join_code}-items.csv")


@bp.route("/arenas/<code>/agenda.md")
@login_required
def agenda_md(code: str):
    """The transition agenda as Markdown, headings in ?lang= or the arena's language."""
    with db.session() as session:
        arena = _staff_arena(session, code)
        gettext = i18n.translations(i18n.document_lang(request.args.get("lang"), arena.lang)).gettext
        return _download(tabular.agenda_markdown(session, arena, gettext), "text/markdown",
                         f"arena-{arena.join_code}-agenda.md")


def _by_token() -> bool:
    """Whether the request is authenticated by a valid Bearer token, which a browser never adds by itself."""
    return request.headers.get("Authorization", "").startswith("Bearer ") and \
        load_user_from_request(request) is not None


def _import_refused(message: str, by_token: bool):
    if by_token:
        return jsonify({"ok": False, "error": {"message": message}}), 400
    flash(message, "error")
    return redirect(url_for("staff.arenas"))


@bp.route("/arenas/import", methods=["POST"])
@csrf.exempt
@login_required
def import_arena():
    """Restore an uploaded export as a new arena of the logged-in organiser."""
    request.max_content_length = archive.MAX_ARCHIVE_BYTES + _UPLOAD_MARGIN
    by_token = _by_token()
    try:
        # A browser form must carry its CSRF token; a script with a Bearer token cannot be forged by a page.
        # protect() itself ignores the setting, so honour it here as the automatic check would.
        if not by_token and current_app.config.get("WTF_CSRF_ENABLED", True):
            csrf.protect()
        upload = request.files.get("file")
    except RequestEntityTooLarge:
        return _import_refused(_("The file is larger than %(mb)d MB.", mb=archive.MAX_ARCHIVE_BYTES // 2**20),
                               by_token)
    if upload is None or not upload.filename:
        return _import_refused(_("Choose an export file (.json) to import."), by_token)
    with db.session() as session:
        try:
            arena = archive.import_arena(session, archive.read_limited(upload.stream),
                                         session.get(User, current_user.id))
        except CommandError as error:
            return _import_refused(_("The file was not imported: %(reason)s", reason=in_language(error)),
                                   by_token)
        if by_token:
            return jsonify({"ok": True, "id": arena.id, "join_code": arena.join_code}), 201
        flash(_("Imported as a new arena with join code %(code)s.", code=arena.join_code), "success")
        return redirect(url_for("staff.console", code=arena.join_code))
