"""The organiser's import form on the arena list: it is there, in the person's language, and submitting it
as a browser would (multipart, with the page's CSRF token) makes a copy of an exported arena, or, for a bad
file, says why and changes nothing."""
from __future__ import annotations

import io
from html.parser import HTMLParser

import pytest
import sqlalchemy as sa

from app.extensions import db
from facilitation.models import Arena, Base

from .test_staff_pages import log_in


class _ImportForm(HTMLParser):
    """The form on the page whose action is /arenas/import: its attributes, its inputs and its labels."""

    def __init__(self) -> None:
        super().__init__()
        self.form: dict | None = None
        self.inputs: list[dict] = []
        self.labels: list[str] = []
        self._inside = self._in_label = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "form" and attributes.get("action") == "/arenas/import":
            self.form, self._inside = attributes, True
        elif self._inside and tag == "input":
            self.inputs.append(attributes)
        elif self._inside and tag in ("label", "button"):
            self._in_label = True
            self.labels.append("")

    def handle_endtag(self, tag):
        if tag == "form":
            self._inside = False
        elif tag in ("label", "button"):
            self._in_label = False

    def handle_data(self, data):
        if self._in_label:
            self.labels[-1] += data.strip()


def import_form(client, lang: str = "en") -> _ImportForm:
    page = _ImportForm()
    page.feed(client.get("/arenas", headers={"Accept-Language": lang}).text)
    assert page.form is not None, "no import form on /arenas"
    return page


def row_counts() -> dict[str, int]:
    with db.engine.connect() as connection:
        return {table.name: connection.scalar(sa.select(sa.func.count()).select_from(table))
                for table in Base.metadata.sorted_tables}


def submit(client, form: _ImportForm, body: bytes, filename: str = "export.json"):
    """Post the form as a browser does: its hidden fields as they are, the file under its input's name."""
    data = {field["name"]: field.get("value", "") for field in form.inputs if field.get("type") == "hidden"}
    (file_input,) = [field for field in form.inputs if field.get("type") == "file"]
    data[file_input["name"]] = (io.BytesIO(body), filename)
    return client.post(form.form["action"], data=data, content_type=form.form["enctype"])


@pytest.fixture
def guarded(app, client, world):
    """The organiser logged in, with CSRF checks on as in production."""
    log_in(client, "organiser@example.org")
    app.config["WTF_CSRF_ENABLED"] = True
    return client


@pytest.mark.parametrize("lang, labels", [
    ("en", ["Export file (.json)", "Import the arena"]),
    ("de", ["Exportdatei (.json)", "Arena importieren"]),
    ("nl", ["Exportbestand (.json)", "Arena importeren"]),
])
def test_the_arena_list_offers_an_import_form_in_the_persons_language(guarded, lang, labels):
    form = import_form(guarded, lang)
    assert form.form["method"] == "post" and form.form["enctype"] == "multipart/form-data"
    assert [field for field in form.inputs if field.get("type") == "file" and "required" in field]
    assert any(field.get("name") == "csrf_token" and field.get("value") for field in form.inputs)
    assert form.labels == labels


def test_uploading_an_export_through_the_form_makes_a_copy(guarded, world):
    export = guarded.get(f"/arenas/{world.code}/export.json").data
    response = submit(guarded, import_form(guarded), export)
    assert response.status_code == 302 and response.headers["Location"].endswith("/console")
    with db.session() as session:
        copies = session.scalars(sa.select(Arena).where(Arena.title == "Energy arena")).all()
        assert len(copies) == 2
        (copy,) = [arena for arena in copies if arena.join_code != world.code]
        assert copy.owner.email == "organiser@example.org" and copy.city == "Veldhoven"
    assert response.headers["Location"] == f"/arenas/{copy.join_code}/console"
    console = guarded.get(response.headers["Location"])
    assert f"Imported as a new arena with join code {copy.join_code}." in console.text
    assert copy.join_code in guarded.get("/arenas").text


@pytest.mark.parametrize("body, filename", [
    (b"this is not JSON", "export.json"),
    (b'{"format": "something else", "arena": {}}', "export.json"),
    (b"", ""),
])
def test_a_bad_file_is_refused_with_a_message_and_changes_nothing(guarded, body, filename):
    before = row_counts()
    response = submit(guarded, import_form(guarded), body, filename)
    assert response.status_code == 302 and response.headers["Location"] == "/arenas"
    page = guarded.get("/arenas").text
    assert 'class="flash flash-error" role="alert"' in page
    assert ("The file was not imported: " in page) if filename else ("Choose an export file (.json)" in page)
    assert row_counts() == before
