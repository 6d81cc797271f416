"""The gettext catalogs and locales that documents are written in, shared by the PDF and the app.

Catalogs live in translations/<lang>/LC_MESSAGES/messages.mo; a missing catalog falls back to the
English text in the source, so a new language can be added before it is translated.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from babel import Locale
from babel.support import NullTranslations, Translations

from facilitation.schemas import LANGUAGES, normalise_lang

TRANSLATIONS_DIR = Path(__file__).resolve().parent.parent / "translations"
DEFAULT_LANG = "en"


def document_lang(lang: str | None, fallback: str = DEFAULT_LANG) -> str:
    """One of LANGUAGES for a requested code (`no` → `nb`), else the fallback."""
    return normalise_lang(lang) or normalise_lang(fallback) or DEFAULT_LANG


@lru_cache(maxsize=len(LANGUAGES))
def translations(lang: str) -> NullTranslations:
    """The compiled catalog of a language, or the source texts (English) when it has none."""
    path = TRANSLATIONS_DIR / lang / "LC_MESSAGES" / "messages.mo"
    if lang == DEFAULT_LANG or not path.is_file():
        return NullTranslations()
    with path.open("rb") as catalog:
        return Translations(catalog, domain="messages")


def locale(lang: str) -> Locale:
    """The Babel locale for dates and numbers (Norwegian is Bokmål, `nb`)."""
    return Locale.parse(document_lang(lang))
