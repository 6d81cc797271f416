"""Login and logout for organisers and facilitators."""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_user, logout_user

from facilitation import accounts

from ..extensions import db
from ..security import client_address, guess_limit
from .users import SessionUser

bp = Blueprint("auth", __name__)


def _safe_next(target: str | None) -> str:
    """Only a path on this site, never another host, is a place to go after login."""
    if target and target.startswith("/") and not target.startswith("//") and not urlsplit(target).netloc:
        return target
    return url_for("web.home")


@bp.route("/login", methods=["GET", "POST"])
def login():
    if request.method == "POST":
        email = request.form.get("email", "")[:254].strip().lower()
        by_address, by_account = guess_limit("login_address"), guess_limit("login_account")
        if by_address.blocked(client_address()) or by_account.blocked(email):
            flash(_("Too many attempts; wait a few minutes and try again."), "error")
            return render_template("auth/login.html"), 429
        with db.session() as session:
            user = accounts.authenticate(session, email, request.form.get("password", ""))
            if user is not None:
                login_user(SessionUser(user))
                return redirect(_safe_next(request.args.get("next")))
        by_address.check(client_address())
        by_account.check(email)
        flash(_("That e-mail address and password do not match an account."), "error")
        return render_template("auth/login.html"), 401
    return render_template("auth/login.html")


@bp.route("/logout", methods=["POST"])
def logout():
    logout_user()
    return redirect(url_for("web.home"))
