// Three-way, character-level text merge: a line-by-line port of facilitation/merge.py, so that the phone
// predicts exactly what the server makes of an edit. Changes to different parts of the base are both
// applied; where both sides changed the same stretch, both versions are kept, the server's first.
import DiffMatchPatch from "diff-match-patch";

const dmp = new DiffMatchPatch();
// The same budget as the server: texts are short, and a coarser diff is still a correct one.
dmp.Diff_Timeout = 0.5;

/** The changes from base to changed, as non-overlapping {start, end, text} hunks in base order. */
export function hunks(base, changed) {
  const result = [];
  let position = 0;
  let pending = null;
  for (const [op, chunk] of dmp.diff_main(base, changed, false)) {
    if (op === 0) {
      if (pending) result.push(pending);
      pending = null;
      position += chunk.length;
      continue;
    }
    if (!pending) pending = { start: position, end: position, text: "" };
    if (op === -1) {
      position += chunk.length;
      pending = { start: pending.start, end: position, text: pending.text };
    } else {
      pending = { start: pending.start, end: pending.end, text: pending.text + chunk };
    }
  }
  if (pending) result.push(pending);
  return result.map((hunk) => wholeCodePoints(base, hunk));
}

const isHigh = (code) => code >= 0xd800 && code <= 0xdbff;
const isLow = (code) => code >= 0xdc00 && code <= 0xdfff;

// JavaScript diffs UTF-16 units, so a hunk can cut an emoji in half ("😀"→"😁" differ in the low half only);
// merged, such halves make lone surrogates, which the server refuses. Widen the hunk to whole characters.
function wholeCodePoints(base, hunk) {
  let { start, end, text } = hunk;
  if (start > 0 && isHigh(base.charCodeAt(start - 1)) && isLow(base.charCodeAt(start))) {
    start -= 1;
    text = base[start] + text;
  }
  if (end > 0 && end < base.length && isHigh(base.charCodeAt(end - 1)) && isLow(base.charCodeAt(end))) {
    text += base[end];
    end += 1;
  }
  return { start, end, text };
}

// Touching counts, as in diff3 (see _joins in facilitation/merge.py): a hunk that touches the group is
// the other side's, and applying the pieces of a reworded word apart would interleave two people's letters.
// Touching counts, as in diff3 (hunks of one side never touch, so a touching hunk is the other side's):
// applying the pieces of two rewordings of one word apart would interleave two people's letters.
function joins(hunk, end) {
  return hunk.start <= end;
}

function render(base, start, end, side) {
  let out = "";
  let position = start;
  for (const hunk of side) {
    out += base.slice(position, hunk.start) + hunk.text;
    position = hunk.end;
  }
  return out + base.slice(position, end);
}

/** Apply the change base→mine onto current, keeping current's own changes. */
export function merge(base, mine, current) {
  if (mine === base || mine === current) return current;
  if (current === base) return mine;
  const events = [
    ...hunks(base, current).map((h) => [h, 0]),
    ...hunks(base, mine).map((h) => [h, 1]),
  ].sort((a, b) => a[0].start - b[0].start || a[0].end - b[0].end || a[1] - b[1]);
  let out = "";
  let position = 0;
  let index = 0;
  while (index < events.length) {
    const group = [events[index]];
    const start = events[index][0].start;
    let end = events[index][0].end;
    index += 1;
    while (index < events.length && joins(events[index][0], end)) {
      group.push(events[index]);
      end = Math.max(end, events[index][0].end);
      index += 1;
    }
    out += base.slice(position, start);
    const server = render(base, start, end, group.filter(([, s]) => s === 0).map(([h]) => h));
    const client = render(base, start, end, group.filter(([, s]) => s === 1).map(([h]) => h));
    const sides = new Set(group.map(([, s]) => s));
    if (sides.size === 1) out += sides.has(0) ? server : client;
    else out += server !== client ? server + client : server;
    position = end;
  }
  return out + base.slice(position);
}

/** Where a caret at `caret` in `before` belongs in `after`, so typing goes on at the same word. */
export function moveCaret(before, after, caret) {
  if (before === after) return caret;
  return dmp.diff_xIndex(dmp.diff_main(before, after, false), caret);
}
