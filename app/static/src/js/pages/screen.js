// The projector: what the room sees, live, read from ten metres. No controls; it follows the facilitator.
import { ArenaClient } from "../lib/arena-client.js";
import { clock, el, readPageData } from "../lib/page-data.js";

const data = readPageData();
const { t } = data;
const $ = (id) => document.getElementById(id);
const phaseNames = Object.fromEntries(data.phases.map((phase) => [phase.id, phase.name]));
// A bilingual projector (?lang2=) shows the phase and board names in a second language beneath.
const second = data.second || null;

const client = new ArenaClient({ joinCode: data.join_code, view: "screen", storage: null });
const cards = new Map(); // item id → its card, kept across renders so that only new cards move in
let connection = "connecting";

/** The boards on the wall: the one everyone was brought to, else those open now, else the phase's. */
function boardsShown(arena) {
  if (arena.focus_kind) return [arena.focus_kind];
  if (arena.open_kinds && arena.open_kinds.length) return arena.open_kinds;
  return Object.keys(data.kinds).filter((kind) => data.kinds[kind].phase === arena.phase);
}

function card(item, anonymous) {
  let node = cards.get(item.id);
  if (!node) {
    node = el("li", { className: "card entering", "data-id": item.id },
      el("p", { className: "card-text" }), el("p", { className: "card-meta" }));
    cards.set(item.id, node);
    // Let the browser lay the card out where it starts, then move it in (see screen.css).
    requestAnimationFrame(() => requestAnimationFrame(() => node.classList.remove("entering")));
  }
  const [text, meta] = node.children;
  if (text.textContent !== item.text) text.textContent = item.text;
  const author = !anonymous && item.author && item.author.name ? item.author.name : "";
  const votes = item.votes ? t(item.votes === 1 ? "votes_one" : "votes", { n: item.votes }) : "";
  const metaText = [author, votes].filter(Boolean).join(" · ");
  if (meta.textContent !== metaText) {
    meta.textContent = metaText;
    if (votes && node.dataset.votes && node.dataset.votes !== String(item.votes)) {
      node.classList.remove("voted");
      void node.offsetWidth; // restart the highlight for a new dot
      node.classList.add("voted");
    }
  }
  node.dataset.votes = String(item.votes || 0);
  meta.hidden = !metaText;
  return node;
}

function clusters(items) {
  const groups = new Map();
  for (const item of items) {
    const name = (item.fields && item.fields.cluster) || "";
    if (!groups.has(name)) groups.set(name, []);
    groups.get(name).push(item);
  }
  // Named clusters alphabetically, what is not yet clustered last.
  return [...groups.entries()].sort(([a], [b]) => (!a) - (!b) || a.localeCompare(b));
}

function renderBoard(kind, items, anonymous) {
  const section = el("section", { className: "board", "aria-labelledby": `board-${kind}` },
    el("h2", { id: `board-${kind}` }, data.kinds[kind].name,
      ...(second ? [el("span", { className: "second", lang: second.lang }, second.kinds[kind])] : [])));
  if (!items.length) {
    section.append(el("p", { className: "empty" }, t("no_items")));
  } else if (kind === "challenge" && items.some((item) => item.fields && item.fields.cluster)) {
    for (const [name, members] of clusters(items)) {
      section.append(el("div", { className: "cluster" },
        el("h3", {}, name || t("no_cluster")),
        el("ul", { className: "cards" }, members.map((item) => card(item, anonymous)))));
    }
  } else {
    section.append(el("ul", { className: "cards" }, items.map((item) => card(item, anonymous))));
  }
  return section;
}

function renderBoards(arena) {
  const kinds = boardsShown(arena);
  const byKind = new Map(kinds.map((kind) => [kind, []]));
  for (const item of client.state.items.values()) {
    if (byKind.has(item.kind) && !item.hidden && !item.pending) byKind.get(item.kind).push(item);
  }
  const seen = new Set();
  const boards = kinds.map((kind) => {
    const items = byKind.get(kind).sort((a, b) => a.id - b.id);
    items.forEach((item) => seen.add(item.id));
    return renderBoard(kind, items, arena.anonymous);
  });
  // A column's share grows with its cards (up to five times an empty one's).
  const weights = kinds.map((kind) => Math.min(5, 1 + byKind.get(kind).length / 2));
  for (const id of [...cards.keys()]) if (!seen.has(id)) cards.delete(id);
  const container = $("boards");
  container.style.gridTemplateColumns = weights.map((weight) => `minmax(0, ${weight.toFixed(2)}fr)`).join(" ");
  container.replaceChildren(...boards);
  // A board that does not fit switches to smaller (still ≥ 24 px) cards, so that more of it is on the wall.
  for (const section of boards) section.classList.toggle("dense", section.scrollHeight > section.clientHeight + 1);
}

function renderStatus(arena) {
  const notes = [];
  if (connection === "offline") notes.push(t("offline"));
  if (arena.locked) notes.push(t("locked"));
  else if (arena.write_alone) notes.push(t("write_alone"));
  $("status").textContent = notes.join(" · ");
  $("status").hidden = !notes.length;
}

function renderTimer() {
  const arena = client.state.arena;
  const timer = arena && arena.timer;
  const node = $("timer");
  if (!timer || !timer.running) {
    node.hidden = true;
    return;
  }
  const left = client.timerRemaining();
  node.hidden = false;
  node.textContent = left > 0 ? clock(left) : t("timer_done");
  node.classList.toggle("ending", left <= 30);
}

function render() {
  const arena = client.state.arena;
  if (!arena) return;
  $("phase").textContent = phaseNames[arena.phase] || "";
  if (second) $("phase2").textContent = second.phases[arena.phase] || "";
  $("prompt").textContent = arena.prompt || arena.title;
  const present = client.state.participants.filter((p) => p.online && p.role === "participant").length;
  $("present").textContent = t("present", { n: present });
  renderStatus(arena);
  renderBoards(arena);
  renderTimer();
}

client.on("change", render);
client.on("status", ({ connected }) => {
  connection = connected ? "live" : "offline";
  if (client.state.arena) renderStatus(client.state.arena);
});
client.on("connect_error", (error) => {
  $("status").hidden = false;
  $("status").textContent = t("refused", { message: error.message });
});
setInterval(renderTimer, 250);
client.connect();
