"""Which language a person reads: their own choice, their account's, their browser's, else the arena's.

Each person has their own: a phone, the projector and the facilitator's console in one arena can each be
in another language. Pages choose through Flask-Babel's locale selector (select_locale); Socket.IO
connections have no page, so the handlers translate their refusals with in_language().
"""
from __future__ import annotations

from typing import Callable, Optional, TypeVar, Union

from flask import g, has_request_context, request
from flask_babel import force_locale, gettext
from flask_login import current_user

from facilitation.schemas import CommandError, Phrase, normalise_lang

DEFAULT_LANG = "en"
T = TypeVar("T")


def browser_lang() -> Optional[str]:
    """The supported language the browser prefers most (Accept-Language), `no` taken as `nb`."""
    if not has_request_context():
        return None
    # By preference and primary tag: "es-ES, en;q=0.1" is Spanish, though only "en" matches exactly.
    for value, _quality in request.accept_languages:
        if normalise_lang(value):
            return normalise_lang(value)
    return None


def account_lang() -> Optional[str]:
    """The language the logged-in account prefers, if any."""
    if current_user and current_user.is_authenticated:
        return normalise_lang(current_user.lang)
    return None


def select_locale() -> str:
    """Flask-Babel's locale selector, in order of how personal the choice is.

    1. the person's own choice: `?lang=` on the page, or what the view set as `g.lang` (a participant's
       choice on the join page, kept with the participant; the projector's chosen language);
    2. the account's preference (User.lang);
    3. the browser's Accept-Language;
    4. the arena's language (`g.arena_lang`, set by views that show an arena), else English.
    """
    return (normalise_lang(request.args.get("lang")) or normalise_lang(getattr(g, "lang", None))
            or account_lang() or browser_lang()
            or normalise_lang(getattr(g, "arena_lang", None)) or DEFAULT_LANG)


def connection_lang(own: Optional[str], *fallbacks: Optional[str]) -> str:
    """A Socket.IO connection's language: the one it asked for, else the first fallback that is set
    (the participant's, the account's, the arena's), else the browser's, else English."""
    for code in (own, *fallbacks):
        if normalise_lang(code):
            return normalise_lang(code)
    return browser_lang() or DEFAULT_LANG


def in_language(text: Union[CommandError, Phrase], lang: Optional[str] = None) -> str:
    """A refusal's (or phrase's) message in `lang`, or in the page's language when no `lang` is given."""
    if lang is None:
        return text.render(gettext)
    with force_locale(normalise_lang(lang) or DEFAULT_LANG):
        return text.render(gettext)


def error_ack(error: CommandError, lang: Optional[str]) -> dict:
    """The acknowledgement of a refused event, its message in the connection's language."""
    return {"ok": False, "error": {"code": error.code, "message": in_language(error, lang)}}


def translator(lang: str) -> Callable[..., str]:
    """A gettext for one other language than the page's: the projector's second language (?lang2=)."""
    def gettext_in(string: str, **variables) -> str:
        with force_locale(lang):
            return gettext(string, **variables)
    return gettext_in


def in_languages(lang: str, make: Callable[[], T]) -> T:
    """What `make` builds (e.g. a dict of labels), with every gettext in it in `lang`."""
    with force_locale(lang):
        return make()
