"""Which language a person reads: their own choice, their account's, their browser's, else the arena's."""
from __future__ import annotations

from flask import g, request
from flask_login import current_user

from facilitation.schemas import LANGUAGES, normalise_lang


def select_locale() -> str:
    """Flask-Babel's locale selector, in order of how personal the choice is."""
    chosen = normalise_lang(request.args.get("lang")) or getattr(g, "lang", None)
    if chosen:
        return chosen
    if current_user and current_user.is_authenticated and current_user.lang:
        return current_user.lang
    browser = request.accept_languages.best_match(list(LANGUAGES) + ["no"])
    return normalise_lang(browser) or getattr(g, "arena_lang", None) or "en"
