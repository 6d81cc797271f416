"""The three-way merge: worked examples, then properties over generated texts and simulated phones."""
from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from facilitation.merge import hunks, merge

# Bounded so that the whole module stays well under 20 s on a shared 2-core machine.
PROPERTY = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Overlapping letters make diff-match-patch's alignment ambiguous; astral characters, a combining mark,
# a skin-tone modifier and a zero-width joiner check that nothing is cut inside a code point.
ALPHABET = "ab æøåßñœë😀🎉👍🏽\u0301\u200d"
texts = st.text(alphabet=ALPHABET, max_size=24)


def apply_hunks(base: str, changes) -> str:
    """Apply hunks from the end backwards, so earlier offsets stay valid (independent of merge's code)."""
    text = base
    for hunk in sorted(changes, key=lambda h: h.start, reverse=True):
        text = text[:hunk.start] + hunk.text + text[hunk.end:]
    return text


def is_subsequence(small: str, big: str) -> bool:
    remaining = iter(big)
    return all(char in remaining for char in small)


def insert_at(text: str, insertions: list[tuple[int, str]]) -> str:
    """Insert strings at offsets of the original text (offsets taken modulo its length + 1)."""
    points = sorted(((offset % (len(text) + 1), piece) for offset, piece in insertions), key=lambda p: p[0])
    out, position = [], 0
    for point, piece in points:
        out.append(text[position:point])
        out.append(piece)
        position = point
    out.append(text[position:])
    return "".join(out)


# ------------------------------------------------------------------------------------------- examples

@pytest.mark.parametrize("base, mine, current, merged", [
    # Changes in different places are both applied.
    ("the cat sat", "the big cat sat", "the cat sat down", "the big cat sat down"),
    ("one two three", "one 2 three", "one two 3", "one 2 3"),
    # Two insertions at one point: both kept, the server's first.
    ("ab", "aXb", "aYb", "aYXb"),
    ("vision", "vision 2050", "vision now", "vision now 2050"),
    # The same change on both sides is kept once.
    ("a city", "a green city", "a green city", "a green city"),
    # Different insertions at one point are both kept, even when one extends the other.
    ("plan", "plan A", "plan AB", "plan AB A"),
    # A deletion against an edit inside it: the edit wins, no word is dropped.
    ("hello world", "hello", "hello brave world", "hello brave world"),
    ("keep this text", "keep text", "keep thiss text", "keep thiss text"),
    # Changes that touch conflict, as in diff3: the deleted text stays beside the new words.
    ("hello world", "hello there world", "world", "hello there world"),
    ("x", "", "xy", "xy"),
    ("text", "", "text!", "text!"),
    # A deletion apart from an edit: both apply.
    ("red green blue", "red blue", "red green blue!", "red blue!"),
    ("one two three", "one three", "one two three four", "one three four"),
    # Rewordings of the same word: both whole versions, the server's first, never interleaved letters.
    ("a big plan", "a bold plan", "a grand plan", "a grandbold plan"),
    ("a big plan", "a bit plan", "a grand plan", "a grandbit plan"),
    # Empty texts.
    ("", "", "", ""),
    ("", "mine", "", "mine"),
    ("", "", "theirs", "theirs"),
    ("", "mine", "theirs", "theirsmine"),
    ("gone", "", "", ""),
])
def test_merge_examples(base, mine, current, merged):
    assert merge(base, mine, current) == merged


@pytest.mark.parametrize("base, mine, current, merged", [
    ("Gent", "Gent én Brussel", "Gent, Luik", "Gent, Luik én Brussel"),
    ("København", "København ø", "Køben havn", "Køben havn ø"),
    ("Straße", "große Straße", "Straße 1", "große Straße 1"),
    ("año", "el año", "año nuevo", "el año nuevo"),
    ("cœur", "cœur ouvert", "le cœur", "le cœur ouvert"),
    ("Noël", "Noël 2050", "Joyeux Noël", "Joyeux Noël 2050"),
    ("a😀b", "a😀🎉b", "a🌍😀b", "a🌍😀🎉b"),
    ("🌍🌍", "🌍🚲🌍", "🌍🌍🌳", "🌍🚲🌍🌳"),
    ("𝔘𝔫𝔦", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢", "ℌ𝔘𝔫𝔦", "ℌ𝔘𝔫𝔦𝔠𝔬𝔡𝔢"),
])
def test_merge_unicode(base, mine, current, merged):
    result = merge(base, mine, current)
    assert result == merged
    result.encode("utf-8")  # raises on a lone surrogate


def test_hunks_count_code_points_not_utf16_units():
    """Python's diff-match-patch works on code points: an emoji is one position, never two halves."""
    assert [(h.start, h.end, h.text) for h in hunks("a😀b", "a😀🎉b")] == [(2, 2, "🎉")]
    assert [(h.start, h.end, h.text) for h in hunks("😀😁", "😀")] == [(1, 2, "")]


@pytest.mark.parametrize("base, mine, current", [
    # Each pair differs in the low surrogate only: a UTF-16 diff would cut between the halves.
    ("😀", "😁", "😂"),
    ("x😀y", "x😁y", "x😀😀y"),
    ("🎉🎊", "🎊🎉", "🎉🎊🎈"),
])
def test_astral_characters_are_never_split(base, mine, current):
    result = merge(base, mine, current)
    result.encode("utf-8")
    assert not any("\ud800" <= char <= "\udfff" for char in result)
    assert Counter(result) >= Counter(mine) - Counter(base)


# ----------------------------------------------------------------------------------------- properties

@PROPERTY
@given(texts, texts)
def test_hunks_rebuild_the_changed_text(base, changed):
    assert apply_hunks(base, hunks(base, changed)) == changed


@PROPERTY
@given(texts, texts, texts)
def test_merge_identities(base, mine, current):
    assert merge(base, base, current) == current
    assert merge(base, mine, base) == mine
    assert merge(base, mine, mine) == mine
    merge(base, mine, current).encode("utf-8")


insertions = st.lists(st.tuples(st.integers(0, 100), st.text(alphabet=ALPHABET, min_size=1, max_size=6)),
                      max_size=4)


@PROPERTY
@given(texts, insertions, insertions)
def test_pure_insertions_lose_no_character(base, my_insertions, their_insertions):
    """Whatever overlaps, every character either side typed is in the merge, in the order typed."""
    mine, current = insert_at(base, my_insertions), insert_at(base, their_insertions)
    merged = merge(base, mine, current)
    assert is_subsequence(mine, merged)
    assert is_subsequence(current, merged)


# Client i writes only in slot i, in letters of its own. Each slot opens with its own fence ("[2]"): in a
# text of identical slots no diff can tell which "we" was meant, so a word may land in a twin slot.
FILLER = st.lists(st.sampled_from(["we", "the", "city", "green", "by", "2050", "fair"]),
                  min_size=1, max_size=4)
CLIENT_LETTERS = ["ABC", "DEF", "GHÆ", "ØÅÑ", "ŒËẞ"]


@st.composite
def disjoint_edits(draw):
    clients = draw(st.integers(2, 5))
    slots = [draw(FILLER) for _ in range(clients)]
    edits = []
    for client in range(clients):
        words = st.text(alphabet=CLIENT_LETTERS[client], min_size=1, max_size=5)
        places = st.integers(0, len(slots[client]))
        edits.append(draw(st.lists(st.tuples(places, words), min_size=1, max_size=3)))
    order = draw(st.permutations(range(clients)))
    return slots, edits, order


def render_slots(slots: list[list[str]]) -> str:
    return " ".join(f"[{index}] " + " ".join(words) for index, words in enumerate(slots))


def with_words(slot: list[str], edits: list[tuple[int, str]]) -> list[str]:
    """The slot's words with each new word put before the word at its index (or at the end)."""
    out = list(slot)
    for index, word in sorted(edits, key=lambda e: e[0], reverse=True):
        out.insert(index, word)
    return out


@PROPERTY
@given(disjoint_edits())
def test_clients_in_disjoint_regions_all_keep_their_words(case):
    """N phones edit the same revision in their own parts; the server merges them one after another."""
    slots, edits, order = case
    base = render_slots(slots)
    current = base
    for client in order:
        mine = render_slots([with_words(s, edits[client]) if i == client else s for i, s in enumerate(slots)])
        current = merge(base, mine, current)
    assert current == render_slots([with_words(s, edits[i]) for i, s in enumerate(slots)])


class Server:
    """The server's side of item:edit: every revision kept, each edit merged from its base onto the
    current text."""

    def __init__(self, text: str) -> None:
        self.revisions = [text]

    @property
    def text(self) -> str:
        return self.revisions[-1]

    def edit(self, base_rev: int, text: str) -> tuple[str, int]:
        merged = merge(self.revisions[base_rev], text, self.text)
        if merged != self.text:
            self.revisions.append(merged)
        return self.text, len(self.revisions) - 1


class Phone:
    """The phone's side, as app/static/src/js/lib/shared-text.js does it: `shadow` is the last text the
    server confirmed, `local` what the user sees, `sent` the edit on its way; all folded with merge()."""

    def __init__(self, text: str) -> None:
        self.shadow, self.rev, self.local = text, 0, text
        self.sent: str | None = None
        self.inbox: list[tuple[str, str, int]] = []  # ("ack" | "edited", text, rev), in server order

    def send(self, server: Server, phones: list[Phone]) -> None:
        if self.sent is not None or self.local == self.shadow:
            return
        self.sent = self.local
        text, rev = server.edit(self.rev, self.sent)
        self.inbox.append(("ack", text, rev))
        for other in phones:
            if other is not self:
                other.inbox.append(("edited", text, rev))

    def receive(self) -> None:
        name, text, rev = self.inbox.pop(0)
        if name == "ack" and self.sent is not None:
            if rev < self.rev:
                self.sent = None  # a later revision, which holds this edit, came first
                return
            self.local = merge(self.sent, self.local, text)
            self.shadow, self.rev, self.sent = text, rev, None
        elif rev > self.rev:
            if self.sent is not None:
                self.sent = merge(self.shadow, self.sent, text)
            self.local = merge(self.shadow, self.local, text)
            self.shadow, self.rev = text, rev


actions = st.lists(st.one_of(
    st.tuples(st.just("type"), st.integers(0, 4), st.integers(0, 50)),
    st.tuples(st.just("send"), st.integers(0, 4), st.just(0)),
    st.tuples(st.just("receive"), st.integers(0, 4), st.just(0)),
), max_size=40)


@PROPERTY
@given(st.integers(2, 5), FILLER, actions)
def test_phones_converge_on_the_server_text(count, words, steps):
    base = " ".join(words)
    server, phones = Server(base), [Phone(base) for _ in range(count)]
    typed = Counter(base)
    serial = 0
    for action, who, where in steps:
        phone = phones[who % count]
        if action == "type":
            # Whole words at word boundaries, each one unique, in the phone's own letters.
            serial += 1
            letters = CLIENT_LETTERS[who % count]
            word = letters[0] + "".join(letters[int(digit)] for digit in f"{serial:b}")
            tokens = phone.local.split(" ")
            tokens.insert(where % (len(tokens) + 1), word)
            phone.local = " ".join(tokens)
            typed.update(word + " ")
        elif action == "send":
            phone.send(server, phones)
        elif phone.inbox:
            phone.receive()
    # The meeting ends: everything pending is sent and every echo arrives.
    for _ in range(4 * count + 4):
        for phone in phones:
            phone.send(server, phones)
            while phone.inbox:
                phone.receive()
    assert all(phone.local == server.text for phone in phones)
    assert all(phone.sent is None and not phone.inbox for phone in phones)
    # Every typed character survives. Whole words need not: a word typed next to a look-alike ("DEE" before
    # "DE") may be diffed as a change at the other end of it and meet another phone's words there.
    assert Counter(server.text) >= typed
