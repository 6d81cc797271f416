"""How long the transition agenda of a large arena takes to print, per language, what our child process
costs on top of a bare WeasyPrint render, and how much printing slows live editing (issue 4). A script,
not a test:

    .venv/bin/python bench/pdf.py [--parts render,live] [--langs en,nl,...] [--async-mode eventlet]
                                  [--writers 10] [--rate 2] [--idle 15] [--rounds 2]

Builds an arena of 25 participants, 150 challenges, 12 guiding principles, 10 visions, 8 pathways with
6 milestones each, 60 actions, 20 experiments and 30 lessons on a temporary SQLite database, through the
same commands the room uses. Then:

- render: per language, the time and peak memory of one render by exports.pdf (warm renderer, forked
  child, limits, locked-down fetcher) and of a bare in-process WeasyPrint render of the same HTML;
- live: the real server (`python wsgi.py`) on that database, phones editing vision items, and the p50, p95,
  p99 and max of their acknowledgements idle and while six agenda PDFs are downloaded at once
  (bench/pdf_live.py).

Prints a table of the targets, writes the figures to bench/out/pdf-<time>.json and a PNG plot of the
render part to bench/out/pdf.png when matplotlib is installed.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import resource
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import pdf_live  # noqa: E402
from exports.agenda import build_agenda  # noqa: E402
from exports.pdf import asset_fetcher, html_to_pdf, render_agenda_pdf, render_html  # noqa: E402
from facilitation import access, accounts, commands, controls, migrate, schemas  # noqa: E402
from facilitation.db import Database  # noqa: E402
from facilitation.models import Arena  # noqa: E402
from facilitation.phases import ENVISIONING, EXPERIMENT_STATUSES  # noqa: E402
from facilitation.schemas import LANGUAGES  # noqa: E402

OUT = Path(__file__).resolve().parent / "out"
WORDS = ("straße", "fietsstraat", "cœur", "niño", "grønn", "ideeën", "energie", "wijk", "plein", "tram",
         "bibliothèque", "solar", "agua", "school", "markt", "Gärten", "bosque", "værtøy", "coopérative")


def sentence(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def build_large_arena(database: Database) -> tuple[int, str, str]:
    """The benchmark arena; returns its id, its join code and an API token of its organiser."""
    rng = random.Random(2050)
    with database.session() as session:
        owner = accounts.create_user(session, "bench@example.org", "bench-password", name="Bench Organiser")
        token = accounts.issue_token(session, owner)
        arena = commands.create_arena(session, owner, "Transitiearena Binnenstad 2050", city="Rotterdam",
                                      lang="nl")
        staff = access.join_as_user(session, arena.join_code, owner)
        commands.set_phase(session, staff, schemas.SetPhase(phase=ENVISIONING))
        people = [access.join_as_participant(session, arena.join_code, name=f"Deelnemer {n} Ødegård")[0]
                  for n in range(24)]

        def add(actor, kind, text, parent=None, **fields):
            outcome = commands.add_item(session, actor, schemas.AddItem(
                kind=kind, text=text, parent_id=parent, fields=fields, op_id=uuid.uuid4().hex))
            return outcome.ack["item"]["id"]

        def link(source, target):
            controls.link_items(session, staff, schemas.LinkItems(source_id=source, target_id=target))

        clusters = ["Mobiliteit", "Energie", "Wonen", "Groen", "Economie", "Zorg"]
        challenges = [add(people[n % 24], "challenge", sentence(rng, rng.randint(6, 30)),
                          cluster=clusters[n % 6]) for n in range(150)]
        for voter in people:
            for item in rng.sample(challenges, 5):
                commands.vote_item(session, voter,
                                   schemas.VoteItem(item_id=item, delta=1, op_id=uuid.uuid4().hex))
        principles = [add(staff, "principle", sentence(rng, 12)) for _ in range(12)]
        visions = [add(staff, "vision", sentence(rng, rng.randint(60, 160)), horizon=2050) for _ in range(10)]
        for vision in visions:
            for target in rng.sample(challenges, 4) + rng.sample(principles, 2):
                link(vision, target)
        pathways, milestones = [], []
        for _ in range(8):
            pathway = add(staff, "pathway", sentence(rng, rng.randint(8, 40)))
            pathways.append(pathway)
            link(pathway, rng.choice(visions))
            for _ in range(6):
                milestones.append(add(staff, "milestone", sentence(rng, 10), pathway,
                                      year=rng.randint(2026, 2050)))
        actions = []
        for n in range(60):
            start = rng.randint(2025, 2030)
            action = add(staff, "action", sentence(rng, rng.randint(8, 25)),
                         owner=f"Gemeente team {n % 7}", start=start, end=start + rng.randint(0, 4))
            link(action, rng.choice(milestones))
            actions.append(action)
        experiments = [add(staff, "experiment", sentence(rng, 18), rng.choice(pathways),
                           lead="Buurtcoöperatie", status=rng.choice(EXPERIMENT_STATUSES),
                           indicator=sentence(rng, 6)) for _ in range(20)]
        for _ in range(30):
            lesson = add(staff, "lesson", sentence(rng, 25))
            link(lesson, rng.choice(experiments + actions))
        return arena.id, arena.join_code, token


def peak_kb() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def bare_render(html: str, assets) -> float:
    """WeasyPrint in this process, nothing around it: the baseline for our overhead. (This process also
    holds the arena and its agenda; a fresh child's smaller heap can make ours the faster of the two.)"""
    import weasyprint

    started = time.perf_counter()
    weasyprint.HTML(string=html, base_url="agenda-asset:", url_fetcher=asset_fetcher(assets)).write_pdf()
    return time.perf_counter() - started


def page_count(pdf: bytes) -> int:
    try:
        import io

        import pypdf
    except ImportError:
        return pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages")
    return len(pypdf.PdfReader(io.BytesIO(pdf)).pages)


def plot(rows, path: Path) -> None:
    try:
        import matplotlib
    except ImportError:
        print("matplotlib is not installed: no plot written (pip install matplotlib to get one).")
        return
    matplotlib.use("Agg")
    from matplotlib import pyplot

    langs = [row["lang"] for row in rows]
    figure, axis = pyplot.subplots(figsize=(7, 3.5))
    positions = range(len(langs))
    axis.bar([p - 0.2 for p in positions], [r["ours"] for r in rows], 0.4,
             label="exports.pdf (child process)")
    axis.bar([p + 0.2 for p in positions], [r["bare"] for r in rows], 0.4, label="bare WeasyPrint")
    axis.set_xticks(list(positions), langs)
    axis.set_ylabel("seconds per render")
    axis.set_title("Transition agenda of a large arena")
    axis.legend()
    figure.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, dpi=120)
    print(f"plot written to {path}")


def render_table(agenda, langs: list[str]) -> list[dict]:
    """Per language: one render by exports.pdf and one bare WeasyPrint render of the same HTML."""
    bare_render(*render_html(agenda, "en"))  # warm the font caches, so the first language is not penalised
    # Start the warm renderer, as a server's first PDF does; its start-up is timed on its own.
    started = time.perf_counter()
    html_to_pdf("<p>warm</p>", {})
    print(f"first render of a one-line page (starts the renderer): {time.perf_counter() - started:.2f} s")
    rows = []
    print(f"{'lang':5} {'pages':>5} {'ours s':>7} {'child MB':>8} {'bare s':>7} {'ratio':>6} {'KB':>6}")
    for lang in langs:
        # Ours is the whole path a download takes: HTML and timelines, then layout, both in the child.
        started = time.perf_counter()
        rendered = render_agenda_pdf(agenda, lang)
        ours = time.perf_counter() - started
        bare = bare_render(*render_html(agenda, lang))
        pages = page_count(rendered.pdf)
        rows.append({"lang": lang, "pages": pages, "ours": round(ours, 3), "bare": round(bare, 3),
                     "child_mb": round(rendered.peak_memory_kb / 1024), "kb": len(rendered.pdf) // 1024})
        print(f"{lang:5} {pages:>5} {ours:7.2f} {rendered.peak_memory_kb / 1024:8.0f} {bare:7.2f} "
              f"{ours / bare:6.2f} {len(rendered.pdf) // 1024:>6}")
    print(f"bare renders' peak memory in this process: {peak_kb() / 1024:.0f} MB")
    return rows


def live_table(result, rows: list[dict]) -> tuple[str, dict]:
    """The targets of issue 4 as a Markdown table, and the same figures as a dict."""
    idle, loaded = pdf_live.summary(result.idle), pdf_live.summary(result.loaded)
    ratio = loaded["p99"] / idle["p99"] if idle["p99"] else float("inf")
    worst_alone = max((row["ours"] for row in rows), default=0.0)
    overhead = max((row["ours"] / row["bare"] for row in rows), default=0.0)
    concurrent = {lang: round(max(times), 2) for lang, times in result.pdf_seconds.items()}
    lines = ["| figure | measured | target | met |", "| --- | --- | --- | --- |"]

    def line(name, value, target, met):
        lines.append(f"| {name} | {value} | {target} | {'yes' if met else 'NO'} |")

    for name, figures in (("idle", idle), ("six PDFs rendering", loaded)):
        lines.append(f"| edit ack {name}: p50 / p95 / p99 / max ms (n, failed) | {figures['p50']:.0f} / "
                     f"{figures['p95']:.0f} / {figures['p99']:.0f} / {figures['max']:.0f} "
                     f"({figures['count']}, {figures['failed']}) | | |")
    line("ack p99 with six PDFs ÷ idle p99", f"{ratio:.2f}×", "≤ 1.5×", ratio <= 1.5)
    if rows:
        line("one PDF alone, slowest language", f"{worst_alone:.2f} s", "≤ 5 s", worst_alone <= 5)
        line("our render ÷ bare WeasyPrint, worst language", f"{overhead:.2f}×", "≤ 1.2×", overhead <= 1.2)
    if concurrent:
        lines.append(f"| six at once, slowest download (each waits for one of 2 render slots) | "
                     f"{max(concurrent.values()):.2f} s | | |")
    if result.pdf_failures:
        lines.append(f"| failed downloads | {', '.join(result.pdf_failures)} | none | NO |")
    figures = {"idle": idle, "loaded": loaded, "ratio": round(ratio, 3), "concurrent_seconds": concurrent,
               "failures": result.pdf_failures}
    return "\n".join(lines), figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--langs", default=",".join(LANGUAGES))
    default_plot = OUT / "pdf.png"
    parser.add_argument("--out", default=str(default_plot), help="where the plot goes")
    parser.add_argument("--parts", default="render,live", help="render (one PDF at a time), live, or both")
    parser.add_argument("--async-mode", default="eventlet", choices=("eventlet", "gevent", "threading"))
    parser.add_argument("--writers", type=int, default=10, help="phones editing, one vision item each")
    parser.add_argument("--rate", type=float, default=2.0, help="edits a second per phone")
    parser.add_argument("--idle", type=float, default=15.0, help="seconds of the idle window")
    parser.add_argument("--rounds", type=int, default=2, help="rounds of six concurrent PDFs")
    options = parser.parse_args()
    parts, langs = options.parts.split(","), options.langs.split(",")
    rows, result = [], None
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{folder}/bench.sqlite3"
        migrate.upgrade(url)
        database = Database(url)
        started = time.perf_counter()
        arena_id, join_code, token = build_large_arena(database)
        print(f"arena built in {time.perf_counter() - started:.1f} s")
        with database.session() as session:
            agenda = build_agenda(session, session.get(Arena, arena_id))
        database.dispose()
        if "render" in parts:
            rows = render_table(agenda, langs)
            plot(rows, Path(options.out))
        if "live" in parts:
            result = pdf_live.run_live(url, Path(folder), join_code, token, langs=langs,
                                       async_mode=options.async_mode, writers=options.writers,
                                       rate=options.rate, idle_seconds=options.idle, rounds=options.rounds)
    # Other people's work on the same two cores shows here; a loaded machine makes every figure worse.
    load = os.getloadavg()[1]
    print(f"machine load average over the last 5 minutes: {load:.1f} (2 cores)")
    report = {"date": time.strftime("%Y-%m-%d %H:%M"), "async_mode": options.async_mode, "load5": load,
              "writers": options.writers, "rate": options.rate, "render": rows}
    if result is not None:
        table, report["live"] = live_table(result, rows)
        print(table)
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"pdf-{time.strftime('%Y%m%d-%H%M%S')}.json"
    path.write_text(json.dumps(report, indent=1))
    print(f"figures written to {path}")


if __name__ == "__main__":
    main()
