"""The printed agenda: its text, the chain, anonymity, hostile content, and the child process's limits."""
from __future__ import annotations

import io
import os
import re
import signal
from pathlib import Path

import pypdf
import pytest

from exports.pdf import (ASSET_SCHEME, RENDERER, RenderError, asset_fetcher, html_to_pdf, render_agenda_pdf,
                         render_html)

from .arenas import ACTION, CHALLENGES, EXPERIMENT, LESSON, MILESTONES, PATHWAY, PEOPLE, PRINCIPLE, VISION

SECTION_TITLES = {
    "en": ["About this agenda", "Contents", "Why change is urgent: the challenges", "Guiding principles",
           "Our vision", "Pathways and milestones", "The transition agenda: actions",
           "Transition experiments",
           "Monitoring and lessons learned", "Who took part", "Every contribution"],
}


def flat(text: str) -> str:
    return " ".join(text.split())


def pdf_text(pdf: bytes) -> str:
    return flat(" ".join(page.extract_text() or "" for page in pypdf.PdfReader(io.BytesIO(pdf)).pages))


def attachments(pdf: bytes) -> list[str]:
    """Every embedded file or file-attachment annotation in a PDF."""
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    found = []
    names = reader.trailer["/Root"].get("/Names")
    if names is not None and "/EmbeddedFiles" in names.get_object():
        found.append("/EmbeddedFiles")
    for page in reader.pages:
        for annotation in page.get("/Annots") or []:
            if annotation.get_object().get("/Subtype") == "/FileAttachment":
                found.append("/FileAttachment")
    return found


@pytest.fixture(scope="module")
def rendered(agendas):
    """(named PDF text, named PDF bytes, anonymous PDF text), rendered once for the module."""
    named, anonymous = agendas
    named_pdf = render_agenda_pdf(named, "en").pdf
    return pdf_text(named_pdf), named_pdf, pdf_text(render_agenda_pdf(anonymous, "en").pdf)


def test_the_pdf_has_every_section_and_page_numbers(rendered):
    text, pdf, _ = rendered
    assert pdf.startswith(b"%PDF-")
    for title in SECTION_TITLES["en"]:
        assert title in text
    pages = len(pypdf.PdfReader(io.BytesIO(pdf)).pages)
    assert f"Page 1 of {pages}" not in text  # the cover has no footer
    assert f"Page 2 of {pages}" in text and f"Page {pages} of {pages}" in text


def test_the_participants_words_appear_exactly_as_written(rendered):
    text, _, _ = rendered
    words = [text for text, _ in CHALLENGES.values()]
    words += [PRINCIPLE, VISION, PATHWAY, ACTION, EXPERIMENT, LESSON]
    words += [text for _, text in MILESTONES] + list(PEOPLE)
    for phrase in words:
        assert flat(phrase) in text, phrase


def test_each_action_shows_the_chain_it_serves(rendered):
    text, _, _ = rendered
    row = text[text.index("5.1 " + ACTION):]
    row = row[:row.index("Page ")]
    assert "Gemeente Veldhoven" in row and "2025–2026" in row
    for step in ("Milestone 4.1.1 (2030)", "Pathway 4.1 " + PATHWAY, "Vision 3.1 (2050)",
                 "Guiding principle 2.1", "Challenges 1.1, 1.2"):
        assert step.casefold() in row.casefold(), step  # the kind labels are set in capitals


def test_no_author_names_when_the_arena_is_anonymous(rendered):
    _, _, anonymous = rendered
    assert CHALLENGES["Mobilität"][0] in anonymous
    for name in PEOPLE + ("Olga Organiser",):
        assert name not in anonymous
    assert "This arena worked anonymously. 5 people took part" in anonymous


def test_hostile_text_is_printed_as_text_and_nothing_is_fetched(rendered, web_trap):
    text, pdf, _ = rendered
    port, requests = web_trap
    assert '<img src="file:///etc/hostname">' in text
    assert '<a rel="attachment" href="file:///etc/passwd">passwd</a>' in text
    assert '<style>@import url("file:///etc/passwd");' in text
    assert f'<link rel="stylesheet" href="http://127.0.0.1:{port}/evil.css">' in text
    assert "</style><script>x</script>" in text  # a hostile cluster name
    assert attachments(pdf) == []
    assert requests == []
    hostname = Path("/etc/hostname").read_text().strip()
    if len(hostname) >= 4:
        assert hostname not in text
    assert "root:x:0:0" not in text


def test_raw_hostile_html_cannot_reach_disk_or_network_through_the_renderer(web_trap):
    """Defence in depth: even markup that escaped the template would load nothing."""
    port, requests = web_trap
    html = (f'<html><head><link rel="stylesheet" href="http://127.0.0.1:{port}/a.css">'
            f'<style>@import url("http://127.0.0.1:{port}/b.css"); @import "file:///etc/passwd";'
            f'body {{ background: url("file:///etc/hostname") }}</style></head><body><p>safe words</p>'
            f'<img src="file:///etc/hostname"><img src="http://127.0.0.1:{port}/c.png">'
            f'<object data="file:///etc/passwd"></object><iframe src="file:///etc/passwd"></iframe>'
            f'<a rel="attachment" href="file:///etc/passwd">a</a>'
            f'<img src="data:image/svg+xml,%3Csvg xmlns=%22http://www.w3.org/2000/svg%22%3E'
            f'%3Cimage href=%22file:///etc/hostname%22/%3E%3C/svg%3E"></body></html>')
    pdf = html_to_pdf(html, {}).pdf
    assert "safe words" in pdf_text(pdf)
    assert attachments(pdf) == [] and requests == []
    assert b"root:x:0:0" not in pdf


@pytest.mark.parametrize("url", [
    "file:///etc/passwd", "http://127.0.0.1:9/x.css", "https://127.0.0.1:9/x.css", "data:text/css,body{}",
    "ftp://127.0.0.1/x", f"{ASSET_SCHEME}:other.css", f"{ASSET_SCHEME}:../../etc/passwd", "agenda.css",
])
def test_the_url_fetcher_refuses_everything_but_our_assets(url):
    fetcher = asset_fetcher({"agenda.css": (b"body {}", "text/css")})
    with pytest.raises(Exception) as refused:
        fetcher(url)
    assert isinstance(refused.value, (PermissionError, ValueError))
    served = fetcher(f"{ASSET_SCHEME}:agenda.css")
    assert served.read() == b"body {}" and served.content_type == "text/css"


def test_the_html_has_only_our_own_asset_urls(agendas):
    html, assets = render_html(agendas[0], "en")
    assert set(assets) == {"agenda.css"} | {f"timeline-{p.entry.id}.svg" for p in agendas[0].pathways}
    urls = re.findall(r'(?:src|href)="([^"]*)"', html)
    assert urls and all(url.startswith((f"{ASSET_SCHEME}:", "#s-")) for url in urls), urls
    assert html.count("<link") == 1 and html.count("<style>") == 1
    assert "&lt;img src=&#34;file:///etc/hostname&#34;&gt;" in html


def render_jobs() -> list[int]:
    """Render processes left behind: our children and the warm renderer's, less the renderer itself."""
    parents = {os.getpid(), RENDERER.pid}
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == RENDERER.pid:
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if int(stat.rsplit(")", 1)[1].split()[1]) in parents and "exports.pdf" in cmdline:
            found.append(int(entry.name))
    return found


def test_a_render_over_the_time_limit_fails_cleanly_and_leaves_no_process():
    naps = []
    with pytest.raises(RenderError) as failed:
        html_to_pdf("<p>" + "lang " * 200_000 + "</p>", {}, time_limit=1.0, sleep=lambda s: naps.append(s))
    assert failed.value.reason == "timeout"
    assert len(naps) > 5  # the parent waited in short sleeps, never in one blocking wait
    assert render_jobs() == []


def test_a_render_over_the_memory_limit_fails_cleanly():
    # The limit counts the whole address space, and a job's child starts with the warm renderer's (WeasyPrint
    # and its fonts, under 300 MB): twenty thousand paragraphs need far more than what is left.
    with pytest.raises(RenderError) as failed:
        html_to_pdf("<p>x</p>" * 20_000, {}, memory_limit=300 * 2**20)
    assert failed.value.reason in ("memory", "failed")
    assert render_jobs() == []


def test_the_warm_renderer_serves_job_after_job_and_is_replaced_when_it_dies():
    assert html_to_pdf("<p>one</p>", {}).pdf.startswith(b"%PDF-")
    renderer = RENDERER.pid
    assert renderer is not None
    assert html_to_pdf("<p>two</p>", {}).pdf.startswith(b"%PDF-")
    assert RENDERER.pid == renderer  # kept warm, not started again
    os.kill(renderer, signal.SIGKILL)
    assert html_to_pdf("<p>three</p>", {}).pdf.startswith(b"%PDF-")
    assert RENDERER.pid not in (None, renderer)
    assert render_jobs() == []
