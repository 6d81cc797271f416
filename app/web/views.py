"""The pages: home with a join-code field."""
from __future__ import annotations

from flask import Blueprint, redirect, render_template, request, url_for

bp = Blueprint("web", __name__)


@bp.route("/")
def home():
    return render_template("home.html")


@bp.route("/join", methods=["POST"])
def join_form():
    code = "".join(request.form.get("code", "").split()).upper()[:16]
    if not code:
        return redirect(url_for("web.home"))
    return redirect(url_for("web.join", code=code))


@bp.route("/join/<code>")
def join(code: str):
    return render_template("join.html", code=code.upper()[:16])


@bp.route("/healthz")
def healthz():
    return {"ok": True}
