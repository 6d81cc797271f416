"""The catalogs of the six languages, read and compiled once per session for the i18n tests."""
from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from facilitation.schemas import LANGUAGES

ROOT = Path(__file__).resolve().parents[2]
TRANSLATIONS = ROOT / "translations"


def po_path(lang: str) -> Path:
    return TRANSLATIONS / lang / "LC_MESSAGES" / "messages.po"


def read_catalog(path: Path) -> Catalog:
    with path.open("rb") as file:
        return read_po(file)


@pytest.fixture(scope="session", autouse=True)
def compiled_catalogs() -> None:
    """Compile each catalog that `make` has not compiled yet, so that pages render translated here too."""
    for lang in LANGUAGES:
        po, mo = po_path(lang), po_path(lang).with_suffix(".mo")
        if po.is_file() and (not mo.is_file() or mo.stat().st_mtime < po.stat().st_mtime):
            with mo.open("wb") as file:
                write_mo(file, read_catalog(po))
