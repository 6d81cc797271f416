"""Issue 4, "What must hold 1": no message in any catalog is missing, empty or fuzzy, and no visible string
in the templates or the Python code escapes translation.

The messages are extracted afresh, in-process, with the project's own babel.cfg and setup.cfg keywords, and
compared with every catalog; the templates are lexed with Jinja's own lexer; the Python code is read with ast.
"""
from __future__ import annotations

import ast
import configparser
import io
import re
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_keywords, parse_mapping_cfg
from babel.messages.mofile import read_mo, write_mo
from jinja2 import Environment

from facilitation.schemas import LANGUAGES

from .conftest import ROOT, TRANSLATIONS, po_path, read_catalog

SOURCE_DIRS = ("app", "facilitation", "exports")
TEMPLATE_DIRS = ("app/templates", "app/files/templates", "exports/templates")
PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|\{\w+\}")
LETTER = re.compile(r"[^\W\d_]")
# Texts that are the same in every language (none so far: the brand is translated too).
UNTRANSLATED = frozenset()
# Blocks whose content base.html puts into an attribute, not onto the page.
ATTRIBUTE_BLOCKS = ("body_class",)


def _keywords() -> dict:
    config = configparser.ConfigParser()
    config.read(ROOT / "setup.cfg")
    return {**DEFAULT_KEYWORDS, **parse_keywords(config["extract_messages"]["keywords"].split())}


@lru_cache(maxsize=1)
def fresh_extraction() -> dict:
    """msgid (a tuple for plurals) → where it was found, as `pybabel extract` would find it today."""
    with (ROOT / "babel.cfg").open() as file:
        method_map, options_map = parse_mapping_cfg(file)
    found: dict = {}
    for filename, lineno, message, _comments, _context in extract_from_dir(
            str(ROOT), method_map, options_map, keywords=_keywords(),
            directory_filter=lambda path: Path(path).relative_to(ROOT).parts[0] in SOURCE_DIRS):
        found.setdefault(message, f"{filename}:{lineno}")
    return found


def _key(message_id) -> object:
    return message_id if isinstance(message_id, str) else tuple(message_id)


def _placeholders(text: str) -> set[str]:
    return set(PLACEHOLDER.findall(text))


def test_the_extraction_finds_the_interface():
    found = fresh_extraction()
    assert "Join code" in found and "This text can have at most %(limit)s characters." in found
    assert ("%(n)s dot", "%(n)s dots") in found
    assert len(found) > 250


@pytest.mark.parametrize("name", ["messages.pot", *(f"{lang}/LC_MESSAGES/messages.po" for lang in LANGUAGES)])
def test_every_catalog_holds_exactly_the_extracted_messages(name):
    catalog = read_catalog(TRANSLATIONS / name)
    held = {_key(message.id) for message in catalog if message.id}
    found = fresh_extraction()
    missing = {message: found[message] for message in found if message not in held}
    assert not missing, f"{name} lacks messages (re-extract and update the catalogs): {missing}"
    assert not held - set(found), f"{name} holds messages no longer in the code: {held - set(found)}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_message_is_empty_or_fuzzy(lang):
    catalog = read_catalog(po_path(lang))
    assert not catalog.fuzzy, f"{lang}: the catalog header is fuzzy"
    for message in catalog:
        if not message.id:
            continue
        assert not message.fuzzy, f"{lang}: fuzzy {message.id!r}"
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        assert all(strings), f"{lang}: no translation for {message.id!r}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_placeholders_are_kept_exactly(lang):
    for message in read_catalog(po_path(lang)):
        if not message.id:
            continue
        ids = (message.id,) if isinstance(message.id, str) else tuple(message.id)
        expected = set().union(*map(_placeholders, ids))
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for string in strings:
            assert _placeholders(string) == expected, f"{lang}: {message.id!r} → {string!r}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_header_names_the_language_and_its_plural_forms(lang):
    catalog = read_catalog(po_path(lang))
    assert str(catalog.locale) == lang
    assert catalog.num_plurals == 2
    assert catalog.plural_expr == ("(n > 1)" if lang == "fr" else "(n != 1)")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_catalog_compiles_and_passes_babels_checks(lang):
    catalog = read_catalog(po_path(lang))
    problems = [(message.id, [str(error) for error in errors]) for message, errors in catalog.check()]
    assert not problems, problems
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    assert len(read_mo(compiled)) == len(catalog)


@pytest.mark.parametrize("lang, msgid, expected", [
    ("nl", "Challenges", "Opgaven"), ("fr", "Challenges", "Défis"),
    ("de", "Challenges", "Herausforderungen"), ("nb", "Challenges", "Utfordringer"),
    ("es", "Challenges", "Desafíos"), ("en", "Challenges", "Challenges"),
    ("nl", "Join code", "Deelnamecode"), ("nb", "Join code", "Deltakerkode"),
    ("es", "Join code", "Código de acceso"),
    ("de", "Milestones", "Zwischenziele"), ("fr", "Pathways", "Chemins de transition"),
])
def test_the_glossary_terms_are_used(lang, msgid, expected):
    assert read_catalog(po_path(lang))[msgid].string == expected


# --------------------------------------------------------------------------------------- templates

class _VisibleText(HTMLParser):
    """Collects the text a reader sees, and the attributes a screen reader or a tooltip reads out."""

    SPOKEN = {"title", "alt", "aria-label", "placeholder"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        self.texts += [value for name, value in attrs if name in self.SPOKEN and value]

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip = max(0, self._skip - 1)

    def handle_data(self, data):
        if not self._skip:
            self.texts.append(data)


def unmarked_texts(source: str) -> list[str]:
    """The texts of a template that a reader sees and that are neither an expression nor marked."""
    env = Environment(extensions=["jinja2.ext.i18n"])
    parts: list[str] = []
    hidden = False  # inside {% trans %} (marked) or a block that fills an attribute (not seen)
    tag: list[str] = []  # the names in the last {% ... %} tag
    for _lineno, token, value in env.lex(source):
        if token == "block_begin":
            tag = []
        elif token == "name":
            tag.append(value)
        if tag == ["trans"] or (tag[:1] == ["block"] and tag[1:2] and tag[1] in ATTRIBUTE_BLOCKS):
            hidden = True
        elif tag in (["endtrans"], ["endblock"]):
            hidden = False
        # Whatever Jinja outputs or marks stands as a blank: it is translated, or it is data.
        parts.append(value if token == "data" and not hidden else "\x00")
    parser = _VisibleText()
    parser.feed("".join(parts))
    parser.close()
    texts = (" ".join(text.replace("\x00", " ").split()) for text in parser.texts)
    return [text for text in texts if LETTER.search(text) and text not in UNTRANSLATED]


def _templates() -> list[Path]:
    return sorted(path for folder in TEMPLATE_DIRS for path in (ROOT / folder).rglob("*.html"))


@pytest.mark.parametrize("path", _templates(), ids=lambda path: str(path.relative_to(ROOT)))
def test_no_template_shows_unmarked_text(path):
    assert unmarked_texts(path.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize("source, unmarked", [
    ('<p>{{ _("Join code") }}: <b>{{ code }}</b></p>', []),
    ("<p>Join code: {{ code }}</p>", ["Join code:"]),
    ('<button title="Close">{{ _("Close") }}</button>', ["Close"]),
    ("<p>{% trans %}Hello {{ name }}{% endtrans %}</p>", []),
    ('<script>const a = "text";</script><p>·</p>', []),
    ('{% block body_class %}page{% endblock %}{% block main %}Welcome{% endblock %}', ["Welcome"]),
])
def test_the_template_check_catches_unmarked_text(source, unmarked):
    assert unmarked_texts(source) == unmarked


# ------------------------------------------------------------------------------------------ python

GETTEXT = {"_", "gettext", "ngettext", "lazy_gettext", "_l", "_2"}
NEEDS_LITERAL = GETTEXT | {"CommandError", "Phrase"}  # their message must be a literal pybabel can extract
SHOWN = {"flash", "abort"}                               # their message is shown as it is given


def _name(call: ast.Call) -> str:
    func = call.func
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""


def _is_text(node: ast.AST) -> bool:
    """A literal text, an f-string or a text built with % or +: not translated when shown as it is."""
    if isinstance(node, ast.BinOp):
        return _is_text(node.left) or _is_text(node.right)
    return isinstance(node, ast.JoinedStr) or (isinstance(node, ast.Constant) and isinstance(node.value, str))


def _parameters(function: ast.AST) -> set[str]:
    arguments = function.args
    return {arg.arg for arg in [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs]}


def unextractable_calls(source: str, filename: str = "<source>") -> list[str]:
    """Calls whose visible message pybabel cannot extract, or that show a text without translating it.

    A wrapper that hands its own parameter on (CommandError to Phrase, a translator to gettext) is fine:
    its callers' literals are what pybabel extracts.
    """
    problems = []

    def check(node: ast.AST, forwarded: set[str]) -> None:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            forwarded = forwarded | _parameters(node)
        if isinstance(node, ast.Call):
            name = _name(node)
            index = 1 if name == "CommandError" else 0
            if name in NEEDS_LITERAL and len(node.args) > index:
                message = node.args[index]
                literal = isinstance(message, ast.Constant) and isinstance(message.value, str)
                if not literal and not (isinstance(message, ast.Name) and message.id in forwarded):
                    problems.append(f"{filename}:{node.lineno} {name}() without a literal message")
            elif name == "flash" and node.args and _is_text(node.args[0]):
                problems.append(f"{filename}:{node.lineno} flash() of an untranslated text")
            elif name == "abort" and any(map(_is_text, [*node.args[1:], *(k.value for k in node.keywords)])):
                problems.append(f"{filename}:{node.lineno} abort() with an untranslated description")
        for child in ast.iter_child_nodes(node):
            check(child, forwarded)

    check(ast.parse(source, filename), set())
    return problems


def _python_files() -> list[Path]:
    return sorted(path for folder in SOURCE_DIRS for path in (ROOT / folder).rglob("*.py")
                  if "migrations" not in path.parts)


@pytest.mark.parametrize("path", _python_files(), ids=lambda path: str(path.relative_to(ROOT)))
def test_no_python_message_escapes_extraction(path):
    assert unextractable_calls(path.read_text(encoding="utf-8"), str(path.relative_to(ROOT))) == []


@pytest.mark.parametrize("source, found", [
    ('CommandError("invalid", "Too long: %(n)s.", n=3)', 0),
    ('CommandError("invalid", f"Too long: {n}.")', 1),
    ('flash(_("Saved."), "success")', 0),
    ('flash("Saved.", "success")', 1),
    ('flash(f"Saved {n}.")', 1),
    ('flash(message, "error")', 0),
    ('abort(404)', 0),
    ('abort(400, "Bad file")', 1),
    ('_("Hello %s" % name)', 1),
    ('Phrase("item")', 0),
    ('def wrap(template):\n    return Phrase(template)', 0),
    ('def wrap(template):\n    return Phrase(other)', 1),
])
def test_the_python_check_catches_unextractable_messages(source, found):
    assert len(unextractable_calls(source)) == found
