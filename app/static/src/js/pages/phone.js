// The participant's phone: the phase, the prompt, the open boards, one's own contributions, co-written
// texts, dot voting, the timer, and whether everything is saved. Every word shown comes translated from
// the page (#phone-strings); nothing here is in one language.
import { ArenaClient } from "../lib/arena-client.js";
import { moveCaret } from "../lib/merge.js";

const SHARED_KINDS = new Set(["principle", "vision", "pathway", "milestone", "action", "experiment", "lesson"]);

const root = document.getElementById("phone");
const t = JSON.parse(document.getElementById("phone-strings").textContent);
const $ = (id) => document.getElementById(id);

const client = new ArenaClient({
  joinCode: root.dataset.code,
  name: root.dataset.name || null,
  lang: root.dataset.lang || null,
});

let board = null; // the kind whose board is shown
let chosenBoard = null; // the board the user picked, unless the facilitator brings everyone to another
let lastFocus = null;
let editing = null; // the item whose text is open for writing

function format(text, values) {
  return text.replace(/%\((\w+)\)s/g, (_, key) => String(values[key]));
}

function el(tag, attrs = {}, children = []) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "text") node.textContent = value;
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children) if (child) node.append(child);
  return node;
}

function say(message, tone = "info") {
  const notice = $("notice");
  notice.textContent = message;
  notice.className = `notice notice-${tone}`;
  notice.hidden = !message;
}

function errorText(error) {
  return t.errors[error.code] || t.errors.other;
}

// ------------------------------------------------------------------------------------------- header

function renderStatus({ connected, pending }) {
  const status = $("status");
  let text;
  let tone;
  if (pending) {
    text = format(t.not_saved, { n: pending });
    tone = "pending";
  } else {
    text = t.saved;
    tone = "ok";
  }
  if (!connected) {
    text = `${t.offline} · ${text}`;
    tone = pending ? "pending" : "offline";
  }
  status.textContent = text;
  status.dataset.tone = tone;
}

function renderTimer() {
  const left = client.timerRemaining();
  const timer = $("timer");
  if (left === null || (!client.state.arena.timer.running && left <= 0)) {
    timer.hidden = true;
    return;
  }
  const seconds = Math.ceil(left);
  timer.hidden = false;
  timer.textContent = `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, "0")}`;
  timer.setAttribute("aria-label", format(t.time_left, { time: timer.textContent }));
}

function renderHeader(arena) {
  $("arena-title").textContent = arena.title;
  $("phase").textContent = t.phases[arena.phase] || arena.phase;
  $("prompt").textContent = arena.prompt || "";
  $("prompt").hidden = !arena.prompt;
  const rules = [];
  if (arena.locked) rules.push(t.locked);
  if (arena.write_alone) rules.push(t.write_alone);
  $("rules").textContent = rules.join(" ");
  $("rules").hidden = !rules.length;
}

// ------------------------------------------------------------------------------------------- boards

function chooseBoard(arena) {
  const kinds = arena.open_kinds || [];
  if (arena.focus_kind && arena.focus_kind !== lastFocus) chosenBoard = arena.focus_kind;
  lastFocus = arena.focus_kind || null;
  const visible = new Set(kinds);
  for (const item of client.state.items.values()) visible.add(item.kind);
  if (arena.focus_kind) visible.add(arena.focus_kind);
  board = visible.has(chosenBoard) ? chosenBoard : kinds[0] || [...visible][0] || null;
  return [...new Set([...kinds, ...[...visible].filter((k) => !kinds.includes(k))])];
}

function renderTabs(kinds) {
  const tabs = $("boards");
  tabs.replaceChildren(...kinds.map((kind) => el("button", {
    type: "button",
    class: "tab",
    "aria-pressed": String(kind === board),
    text: t.kinds[kind] || kind,
    onclick: () => {
      chosenBoard = kind;
      editing = null;
      render();
    },
  })));
  tabs.hidden = kinds.length < 2;
  // With tabs, the pressed tab already names the board; the heading stays for screen readers.
  $("board-title").classList.toggle("visually-hidden", kinds.length >= 2);
}

function isMine(item) {
  return (client.state.me.own_item_ids || []).includes(item.id);
}

function mayEdit(item) {
  return isMine(item) || SHARED_KINDS.has(item.kind) || ["facilitator", "organiser"].includes(client.state.me.role);
}

function voteButtons(item) {
  const mine = client.myDots(item.id);
  const left = client.dotsLeft(item.kind);
  const label = t.kinds[item.kind] || item.kind;
  return el("div", { class: "votes" }, [
    el("button", {
      type: "button", class: "dot-button", text: "−", disabled: mine <= 0,
      "aria-label": t.remove_dot, onclick: () => client.vote(item.id, -1),
    }),
    el("span", { class: "dot-count", "aria-live": "polite", text: format(t.dots_of_item, { mine, total: item.votes }) }),
    el("button", {
      type: "button", class: "dot-button", text: "+", disabled: left <= 0,
      "aria-label": format(t.add_dot, { kind: label }), onclick: () => client.vote(item.id, 1),
    }),
  ]);
}

function editor(item) {
  const area = el("textarea", { class: "edit-text", rows: 4, "aria-label": t.edit_label, maxlength: 4000 });
  area.value = client.textOf(item.id);
  area.dataset.item = item.id;
  area.addEventListener("input", () => client.type(item.id, area.value));
  return el("div", { class: "editor" }, [
    area,
    el("button", {
      type: "button", class: "secondary", text: t.done,
      onclick: () => {
        client.type(item.id, area.value);
        editing = null;
        render();
      },
    }),
  ]);
}

function card(item) {
  const mine = isMine(item);
  const author = item.author && item.author.name ? item.author.name : null;
  const meta = [];
  if (mine) meta.push(t.yours);
  else if (author) meta.push(author);
  if (item.pending) meta.push(t.not_revealed);
  const actions = [];
  if (mayEdit(item) && editing !== item.id) {
    actions.push(el("button", {
      type: "button", class: "secondary", text: SHARED_KINDS.has(item.kind) ? t.write_along : t.edit,
      onclick: () => {
        editing = item.id;
        render();
        const area = document.querySelector(`textarea[data-item="${item.id}"]`);
        if (area) area.focus();
      },
    }));
  }
  if (mine) {
    actions.push(el("button", {
      type: "button", class: "secondary danger", text: t.delete,
      onclick: () => {
        if (window.confirm(t.confirm_delete)) client.remove(item.id);
      },
    }));
  }
  return el("li", { class: `card${mine ? " mine" : ""}`, "data-id": item.id }, [
    editing === item.id ? editor(item) : el("p", { class: "card-text", text: client.textOf(item.id) }),
    meta.length ? el("p", { class: "meta", text: meta.join(" · ") }) : null,
    el("div", { class: "card-actions" }, [
      client.state.arena.dot_budget ? voteButtons(item) : null,
      actions.length ? el("div", { class: "card-buttons" }, actions) : null,
    ]),
  ]);
}

function pendingCard(op) {
  return el("li", { class: "card pending" }, [
    el("p", { class: "card-text", text: op.payload.text }),
    el("p", { class: "meta", text: t.not_saved_item }),
  ]);
}

function renderBoard(arena) {
  const section = $("board");
  const open = (arena.open_kinds || []).includes(board);
  $("board-title").textContent = board ? t.kinds[board] || board : t.no_board;
  $("add-form").hidden = !board || !open;
  $("add-kind").value = board || "";
  $("add-text").disabled = Boolean(arena.locked);
  $("add-button").disabled = Boolean(arena.locked);
  const budget = arena.dot_budget || 0;
  $("budget").hidden = !budget || !board;
  $("budget").textContent = format(t.dots_left, { n: client.dotsLeft(board), budget });
  const deleting = new Set(client.pendingOps("item:delete").map((op) => op.payload.item_id));
  const items = [...client.state.items.values()].filter((item) => item.kind === board && !deleting.has(item.id));
  items.sort((a, b) => a.id - b.id);
  const adds = client.pendingOps("item:add").filter((op) => op.payload.kind === board);
  const list = $("items");
  const active = document.activeElement;
  const keep = active && active.matches && active.matches("textarea.edit-text") ? active : null;
  list.replaceChildren(...items.map((item) => {
    if (keep && Number(keep.dataset.item) === item.id) return keep.closest("li");
    return card(item);
  }), ...adds.map(pendingCard));
  if (keep && document.activeElement !== keep) keep.focus();
  $("empty").hidden = Boolean(items.length || adds.length);
  section.hidden = !board;
}

function render() {
  const { arena } = client.state;
  if (!arena) return;
  renderHeader(arena);
  renderTabs(chooseBoard(arena));
  renderBoard(arena);
  renderTimer();
  $("loading").hidden = true;
  $("live").hidden = false;
}

// --------------------------------------------------------------------------------------- wiring

client.on("change", render);
client.on("status", renderStatus);
client.on("text", ({ itemId, before, text }) => {
  // A co-writer's words arrived while this user writes: keep the caret at the same place in the text.
  const area = document.querySelector(`textarea[data-item="${itemId}"]`);
  if (!area || area.value === text) return;
  const focused = document.activeElement === area;
  const start = moveCaret(before, text, area.selectionStart);
  const end = moveCaret(before, text, area.selectionEnd);
  area.value = text;
  if (focused) area.setSelectionRange(start, end);
});
client.on("refused", ({ op, error }) => {
  say(errorText(error), "error");
  if (op.event === "item:add" && !$("add-text").value) $("add-text").value = op.payload.text;
});
client.on("connect_error", () => {
  $("loading").textContent = t.cannot_join;
});

$("add-form").addEventListener("submit", (event) => {
  event.preventDefault();
  const text = $("add-text").value.trim();
  if (!text) return;
  if (client.state.arena.locked) {
    say(t.errors.locked, "error");
    return;
  }
  client.add($("add-kind").value, text);
  $("add-text").value = "";
  say("");
  $("add-text").focus();
});

setInterval(renderTimer, 1000);
renderStatus({ connected: false, pending: client.pending });
client.connect();
