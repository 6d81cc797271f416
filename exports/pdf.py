"""The transition agenda as a PDF: Jinja2 renders the HTML here, WeasyPrint lays it out in a child process.

WeasyPrint holds the interpreter for seconds and can use a lot of memory on a large arena, so it never
runs in the server process. A warm renderer (`python -m exports.pdf`, started on the first render and kept)
has imported WeasyPrint and loaded its fonts once; for every job it forks a child, which works under a
memory limit, a CPU limit and a lower priority, and dies when done. Starting Python and importing WeasyPrint
cost about a second of CPU per render otherwise (a sixth of a large agenda's). The server polls the job in
short sleeps (which eventlet and gevent patch, or the app's socketio.sleep) and kills it at the time limit.
The child's URL fetcher serves only the assets we wrote for it, under our own scheme; file:, http:, data:
and everything else is refused, so no text typed into the arena can make the PDF read the disk or the
network.
"""
from __future__ import annotations

import json
import os
import pickle
import re
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Callable

from babel.dates import format_date
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from facilitation.schemas import LANGUAGES

from .agenda import Agenda, Pathway
from .i18n import document_lang, locale, translations
from .timeline import Mark, pathway_timeline, shorten

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = Path(__file__).resolve().parent / "templates"
ASSET_SCHEME = "agenda-asset"
TIME_LIMIT = 60.0
MEMORY_LIMIT = 1536 * 1024 * 1024
POLL_INTERVAL = 0.05
_FAILED, _OUT_OF_MEMORY = 1, 3


class RenderError(Exception):
    """The PDF could not be made; `reason` is "timeout", "memory" or "failed" (for the person's message)."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"PDF rendering {reason}" + (f": {detail}" if detail else ""))
        self.reason = reason
        self.detail = detail


@dataclass
class Rendered:
    pdf: bytes
    seconds: float
    peak_memory_kb: int


# ------------------------------------------------------------------------------------------------- HTML

def css_string(text: str) -> Markup:
    """Text as a CSS string literal, safe inside a <style> element (which HTML does not unescape)."""
    escaped = "".join(f"\\{ord(c):x} " if c in '"\\<>&\n' else c for c in text)
    return Markup(f'"{escaped}"')


def _counter_content(template: str) -> Markup:
    """A CSS `content` value from a translated "… {page} … {pages} …" text, keeping its word order."""
    parts = []
    for token in re.split(r"(\{pages?\})", str(template)):
        if token in ("{page}", "{pages}"):
            parts.append(f"counter({token[1:-1]})")
        elif token:
            parts.append(css_string(token))
    return Markup(" ".join(parts))


@lru_cache(maxsize=8)
def environment(lang: str) -> Environment:
    """The Jinja2 environment of one language: autoescaping, gettext from its catalog, its date format."""
    env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=True, undefined=StrictUndefined,
                      extensions=["jinja2.ext.i18n"], trim_blocks=True, lstrip_blocks=True)
    env.install_gettext_translations(translations(lang), newstyle=True)
    where = locale(lang)
    env.filters["date"] = lambda moment, style="long": format_date(moment, style, locale=where)
    env.filters["shorten"] = shorten
    env.filters["css_string"] = css_string
    env.globals["counter_content"] = _counter_content
    env.globals["language_name"] = where.get_display_name(where).capitalize()
    return env


def _timeline(pathway: Pathway, lang: str, this_year: int) -> str:
    _ = translations(lang).gettext
    marks = [Mark(m.field("year"), f"{m.ref} · {m.field('year')}", m.text)
             for m in pathway.milestones if m.field("year") is not None]
    return pathway_timeline(marks, this_year, pathway.horizon, start_label=_("Today"),
                            end_label=_("Vision %(year)s") % {"year": pathway.horizon},
                            title=shorten(pathway.entry.text, 120))


def render_html(agenda: Agenda, lang: str) -> tuple[str, dict[str, tuple[bytes, str]]]:
    """The agenda's HTML in a language, and the assets it refers to (name → bytes, media type)."""
    lang = document_lang(lang)
    this_year = agenda.cover.printed_on.year
    assets = {"agenda.css": ((TEMPLATES / "agenda.css").read_bytes(), "text/css")}
    timelines = {}
    for pathway in agenda.pathways:
        name = f"timeline-{pathway.entry.id}.svg"
        assets[name] = (_timeline(pathway, lang, this_year).encode("utf-8"), "image/svg+xml")
        timelines[pathway.entry.id] = f"{ASSET_SCHEME}:{name}"
    html = environment(lang).get_template("agenda.html").render(
        agenda=agenda, lang=lang, asset=lambda name: f"{ASSET_SCHEME}:{name}", timelines=timelines)
    return html, assets


# ------------------------------------------------------------------------------------------------- PDF

class WarmRenderer:
    """The process that forks the render jobs: started when first needed, started again if it died.

    Its protocol is one line each way: the parent writes "JOBDIR<TAB>MEMORY<TAB>CPU", the renderer forks
    and answers the child's pid. The child writes its exit status to JOBDIR/exit before it ends; one that
    left no status was killed (by a limit, or by us at the time limit).
    """

    def __init__(self) -> None:
        self._process: subprocess.Popen | None = None
        # One job handed over at a time: a request and its answer must not interleave with another's.
        self._lock = threading.Lock()

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process is not None and self._process.poll() is None else None

    def submit(self, job: Path, memory_limit: int, cpu_limit: int) -> int:
        """Start a job; returns the pid of the child rendering it."""
        with self._lock:
            for _attempt in range(2):  # a renderer that died since the last job is replaced once
                if self.pid is None:
                    self._start()
                try:
                    self._process.stdin.write(f"{job}\t{memory_limit}\t{cpu_limit}\n".encode())
                    self._process.stdin.flush()
                    answer = self._process.stdout.readline().strip()
                except OSError:
                    answer = b""
                if answer.isdigit():
                    return int(answer)
                self.stop()
        raise RenderError("failed", "the renderer process did not start")

    def _start(self) -> None:
        self._process = subprocess.Popen(
            [sys.executable, "-m", "exports.pdf"], cwd=str(ROOT), stdin=subprocess.PIPE,
            stdout=subprocess.PIPE, start_new_session=True)

    def stop(self) -> None:
        """End the renderer (jobs in flight finish or meet their limits on their own)."""
        process, self._process = self._process, None
        if process is not None:
            process.kill()
            process.wait(timeout=10)
            for pipe in (process.stdin, process.stdout):
                pipe.close()


RENDERER = WarmRenderer()


def _alive(pid: int) -> bool:
    # The renderer lets the kernel reap its children, so a finished child's pid is gone at once.
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def _kill(pid: int, sleep: Callable[[float], None]) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        return
    deadline = time.monotonic() + 10
    while _alive(pid) and time.monotonic() < deadline:
        sleep(POLL_INTERVAL / 5)


def html_to_pdf(html: str, assets: dict[str, tuple[bytes, str]], **limits) -> Rendered:
    """Lay out HTML as PDF in a child process (limits as for _render_job)."""
    def write(job: Path) -> None:
        (job / "assets").mkdir()
        (job / "input.html").write_text(html, encoding="utf-8")
        listing = {}
        for index, (name, (body, media_type)) in enumerate(assets.items()):
            (job / "assets" / str(index)).write_bytes(body)
            listing[name] = [str(index), media_type]
        (job / "assets.json").write_text(json.dumps(listing), encoding="utf-8")

    return _render_job(write, **limits)


def render_agenda_pdf(agenda: Agenda, lang: str, **limits) -> Rendered:
    """The agenda as a PDF in a language (limits as for _render_job).

    The child renders the HTML too: templates and timelines take a tenth of a second or more on a large
    arena, which the server would otherwise spend away from its live connections.
    """
    def write(job: Path) -> None:
        (job / "agenda.pickle").write_bytes(pickle.dumps((agenda, lang), protocol=pickle.HIGHEST_PROTOCOL))

    return _render_job(write, **limits)


def _render_job(write: Callable[[Path], None], *, time_limit: float = TIME_LIMIT,
                memory_limit: int = MEMORY_LIMIT, sleep: Callable[[float], None] = time.sleep) -> Rendered:
    """Write a job's input with `write`, render it in a child; raises RenderError on a timeout, lack of
    memory or failure.

    `sleep` is how the caller waits without blocking its server: time.sleep (patched by eventlet and
    gevent) or the app's socketio.sleep.
    """
    job = Path(tempfile.mkdtemp(prefix="agenda-pdf-"))
    try:
        write(job)
        started = time.monotonic()
        pid = RENDERER.submit(job, int(memory_limit), int(time_limit) + 5)
        status = job / "exit"
        while not status.exists() and _alive(pid):
            if time.monotonic() - started > time_limit:
                _kill(pid, sleep)
                raise RenderError("timeout", f"over {time_limit:g} s")
            sleep(POLL_INTERVAL)
        seconds = time.monotonic() - started
        code = int(status.read_text()) if status.exists() else None
        if code == _OUT_OF_MEMORY:
            raise RenderError("memory", f"over {memory_limit // 2**20} MB")
        output = job / "output.pdf"
        if code != 0 or not output.is_file():
            detail = (job / "stderr").read_text(encoding="utf-8", errors="replace").strip().splitlines() \
                if (job / "stderr").exists() else []
            raise RenderError("failed", detail[-1] if detail else
                              "killed before it finished" if code is None else f"exit status {code}")
        peak = json.loads((job / "usage.json").read_text())["peak_memory_kb"]
        return Rendered(output.read_bytes(), seconds, peak)
    finally:
        shutil.rmtree(job, ignore_errors=True)


# ------------------------------------------------------------------------------------------- the child

def asset_fetcher(assets: dict[str, tuple[bytes, str]]):
    """A WeasyPrint URL fetcher that serves exactly these assets under our scheme and refuses any other
    URL (file:, http:, https:, data:, ftp:, another asset name, …)."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class AssetFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            scheme, _, name = url.partition(":")
            if scheme != ASSET_SCHEME or name not in assets:
                raise PermissionError(f"Refused to fetch {url[:80]!r}: only the agenda's own assets load.")
            body, media_type = assets[name]
            return URLFetcherResponse(url, body, {"Content-Type": media_type})

    return AssetFetcher(allowed_protocols=(ASSET_SCHEME,), allow_redirects=False)


def _read_job(job: Path) -> tuple[str, dict[str, tuple[bytes, str]]]:
    """The job's HTML and assets: rendered here from its agenda, or as the parent wrote them."""
    agenda_file = job / "agenda.pickle"
    if agenda_file.exists():
        # Written by our own server into a folder only it can read (mkdtemp): trusted input.
        agenda, lang = pickle.loads(agenda_file.read_bytes())
        return render_html(agenda, lang)
    listing = json.loads((job / "assets.json").read_text(encoding="utf-8"))
    assets = {name: ((job / "assets" / file_name).read_bytes(), media_type)
              for name, (file_name, media_type) in listing.items()}
    return (job / "input.html").read_text(encoding="utf-8"), assets


def _child(job: Path, memory_limit: int, cpu_limit: int) -> int:
    """Render one job under limits; the exit status tells the parent how it went."""
    resource.setrlimit(resource.RLIMIT_AS, (memory_limit, memory_limit))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_limit, cpu_limit))
    # The live session on the same two cores comes first: by the scheduler's weights, a server at nice 0
    # sharing a core with a render at 10 gets nine tenths of it (at 5, three quarters).
    os.nice(10)
    try:
        import weasyprint

        html, assets = _read_job(job)
        document = weasyprint.HTML(string=html, base_url=f"{ASSET_SCHEME}:",
                                   url_fetcher=asset_fetcher(assets))
        document.write_pdf(str(job / "output.pdf"))
    except MemoryError:
        print("MemoryError: the memory limit was reached", file=sys.stderr)
        return _OUT_OF_MEMORY
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    (job / "usage.json").write_text(json.dumps({"peak_memory_kb": peak}))
    return 0


def _run_forked(job: Path, memory_limit: int, cpu_limit: int) -> None:
    """In the forked child: render, leave the exit status in the job folder, and end without cleanup."""
    code = _FAILED
    try:
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        # Its output goes to the job's folder; the renderer's pipes are the renderer's alone.
        with (job / "stderr").open("wb") as stderr, open(os.devnull, "rb+") as null:
            os.dup2(stderr.fileno(), 2)
            os.dup2(null.fileno(), 0)
            os.dup2(null.fileno(), 1)
        code = _child(job, memory_limit, cpu_limit)
    except BaseException:  # whatever happens, the parent must learn that this job failed
        traceback.print_exc()
    finally:
        sys.stderr.flush()
        try:
            (job / "exit.part").write_text(str(code))
            os.replace(job / "exit.part", job / "exit")
        finally:
            os._exit(code)


def _serve() -> int:
    """The warm renderer: load WeasyPrint and the fonts once, then fork one child per job line on stdin."""
    import weasyprint

    weasyprint.HTML(string="<p>Agenda</p>").write_pdf()  # fontconfig and Pango load here, not per job
    for lang in LANGUAGES:  # and the templates and catalogs, compiled once
        environment(lang).get_template("agenda.html")
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # the kernel reaps finished jobs: no zombies
    for line in sys.stdin:  # ends when the server closes the pipe or dies
        job, memory_limit, cpu_limit = line.rstrip("\n").split("\t")
        pid = os.fork()
        if pid == 0:
            _run_forked(Path(job), int(memory_limit), int(cpu_limit))
        sys.stdout.write(f"{pid}\n")
        sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(_serve())
