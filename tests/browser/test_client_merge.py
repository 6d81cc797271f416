"""The phone's merge (app/static/src/js/lib/merge.js) is a port of facilitation/merge.py: on the same
three texts both must give the same result, or the phone would predict the server's text wrongly and
show its user something else than everyone else sees."""
from __future__ import annotations

import json
import random
import shutil
import subprocess
from pathlib import Path

from facilitation.merge import merge
from tests.backends import require

ROOT = Path(__file__).resolve().parents[2]
MERGE_JS = ROOT / "app" / "static" / "src" / "js" / "lib" / "merge.js"
WORDS = ["the", "city", "green", "quiet", "in", "2050", "bikes", "trees", "é", "straße", "and", " ", ".",
         "\n"]


def _edit(rng: random.Random, text: str) -> str:
    """One to three insertions, deletions or replacements of words, anywhere in the text."""
    for _ in range(rng.randint(1, 3)):
        start = rng.randint(0, len(text))
        end = min(len(text), start + rng.choice([0, 0, 1, 3, 6]))
        insert = "".join(rng.choice(WORDS) for _ in range(rng.choice([0, 1, 2])))
        text = text[:start] + insert + text[end:]
    return text


# What co-writing looks like: additions at different places, one word reworded two ways, an empty start.
REALISTIC = [
    ["In 2050 the city is green.", "In 2050 the city is green and quiet.",
     "Together: In 2050 the city is green."],
    ["The centre is quiet.", "The centre is quiet and safe.", "The centre is quiet at night."],
    ["big", "grand", "bold"],
    ["abc", "abXc", "abYc"],
    ["", "mine", "theirs"],
    ["Bikes first.", "Bikes and buses first.", "Bikes first. Cars last."],
]


def _random_cases(count: int) -> list[list[str]]:
    rng = random.Random(2050)
    cases = []
    for _ in range(count):
        base = " ".join(rng.choice(WORDS) for _ in range(rng.randint(0, 12)))
        cases.append([base, _edit(rng, base), _edit(rng, base)])
    return cases


def _run_js(cases: list[list[str]], tmp_path: Path) -> list[dict]:
    node = shutil.which("node")
    require(node is not None, "node is needed to run the phone's merge")
    require((ROOT / "node_modules" / "diff-match-patch").exists(), "run `npm ci` first")
    script = tmp_path / "merge_cases.mjs"
    script.write_text(
        f"import {{ merge, hunks }} from {json.dumps(MERGE_JS.as_uri())};\n"
        "import { readFileSync } from 'node:fs';\n"
        "const cases = JSON.parse(readFileSync(0, 'utf8'));\n"
        "const out = cases.map(([b, m, c]) => ({merged: merge(b, m, c), inserted: [...hunks(b, m), "
        "...hunks(b, c)].map((h) => h.text)}));\n"
        "process.stdout.write(JSON.stringify(out));\n")
    result = subprocess.run([node, str(script)], input=json.dumps(cases), capture_output=True, text=True,
                            cwd=ROOT, timeout=60, check=True)
    return json.loads(result.stdout)


def test_the_phone_merges_as_the_server_does(tmp_path):
    phone = [result["merged"] for result in _run_js(REALISTIC, tmp_path)]
    assert phone == [merge(*case) for case in REALISTIC]


def test_the_phone_merge_never_drops_anyones_words(tmp_path):
    # Where a diff has two equally short alignments (a run of spaces), the npm and PyPI ports of
    # diff-match-patch may pick different ones; the texts can then differ by a character's place, but
    # neither side may lose what someone typed.
    cases = _random_cases(400)
    for case, result in zip(cases, _run_js(cases, tmp_path)):
        for text in result["inserted"]:
            assert text in result["merged"], (case, result)
