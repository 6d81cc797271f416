// The facilitator's console: steers the room (phase, boards, prompt, timer, rules, meetings) and tends the
// contributions (hide, cluster, link). Every control is a staff event; its acknowledgement updates the page,
// since the room's broadcast of one's own change goes to the others only.
import { ArenaClient } from "../lib/arena-client.js";
import { clock, el, readPageData } from "../lib/page-data.js";

const data = readPageData();
const { t } = data;
const $ = (id) => document.getElementById(id);
const kindName = (kind) => (data.kinds[kind] ? data.kinds[kind].name : kind);
const TEXT_PREVIEW = 70;

const client = new ArenaClient({ joinCode: data.join_code, staff: true, storage: null });
let board = null; // the kind whose contributions are listed
const cards = new Map(); // item id → {signature, node}: a card is rebuilt only when what it shows changed

function preview(text) {
  return text.length > TEXT_PREVIEW ? `${text.slice(0, TEXT_PREVIEW - 1)}…` : text;
}

function say(message, isError = false) {
  const node = $("feedback");
  node.textContent = message;
  node.classList.toggle("error", isError);
}

function setArena(arena) {
  client.state.arena = { ...client.state.arena, ...arena };
  client.timerAt = Date.now(); // the timer in an acknowledgement counts from now
}

/** Send a staff event; on success apply its acknowledgement to the page, else say why not. */
async function act(event, payload = {}, apply = null) {
  const ack = await client.request(event, payload);
  if (ack.ok) {
    if (apply) apply(ack);
    say(t("saved"));
    client.changed(event);
  } else {
    say(t("error", { message: ack.error.message }), true);
    client.changed("refused"); // put controls back to what the server holds
  }
  return ack;
}

const applyArena = (ack) => setArena(ack.arena);
const applyItem = (ack) => client.upsert(ack.item);

// ------------------------------------------------------------------------------------------ controls

function wireControls() {
  document.querySelectorAll(".phase-button").forEach((button) => {
    button.addEventListener("click", () => act("phase:set", { phase: button.dataset.phase }, applyArena));
  });
  $("open-kinds").addEventListener("change", () => {
    const kinds = [...$("open-kinds").querySelectorAll("input:checked")].map((input) => input.value);
    act("arena:update", { open_kinds: kinds }, applyArena);
  });
  $("phase-boards").addEventListener("click", () => act("arena:update", { open_kinds: null }, applyArena));
  $("focus-apply").addEventListener("click", () => {
    const kind = $("focus-kind").value || null;
    act("board:focus", { kind }, (ack) => {
      setArena(ack.arena);
      if (kind) board = kind;
    });
  });
  $("prompt-save").addEventListener("click", () => act("arena:update", { prompt: $("prompt").value }, applyArena));
  $("prompt-clear").addEventListener("click", () => {
    $("prompt").value = "";
    act("arena:update", { prompt: null }, applyArena);
  });
  $("timer-start").addEventListener("click", () => {
    const seconds = Math.round(Number($("timer-minutes").value) * 60);
    act("timer:start", { seconds }, (ack) => setArena({ timer: ack.timer }));
  });
  $("timer-stop").addEventListener("click", () => act("timer:stop", {}, (ack) => setArena({ timer: ack.timer })));
  const rules = { "rule-locked": "locked", "rule-write-alone": "write_alone", "rule-anonymous": "anonymous" };
  for (const [id, setting] of Object.entries(rules)) {
    $(id).addEventListener("change", () => act("arena:update", { [setting]: $(id).checked }, applyArena));
  }
  $("reveal").addEventListener("click", () => act("items:reveal", {}, (ack) => {
    for (const id of ack.revealed) {
      const item = client.state.items.get(id);
      if (item) client.upsert({ ...item, pending: false });
    }
    say(t("revealed", { n: ack.revealed.length }));
  }));
  $("dot-budget-save").addEventListener("click", () => {
    act("arena:update", { dot_budget: Number($("dot-budget").value) }, applyArena);
  });
  $("meeting-start").addEventListener("click", () => {
    const next = ((client.state.arena.meeting && client.state.arena.meeting.number) || 0) + 1;
    if (!window.confirm(t("confirm_meeting", { n: next }))) return;
    act("meeting:start", {}, (ack) => {
      setArena({ meeting: ack.meeting });
      showChanges(ack.meeting.number - 1, ack.changes);
    });
  });
  $("meeting-changes").addEventListener("click", () => act("meeting:changes", {}, (ack) => {
    showChanges(ack.since, ack.changes);
  }));
  document.querySelectorAll("#board-tabs .tab").forEach((tab) => {
    tab.addEventListener("click", () => {
      board = tab.dataset.kind;
      render();
    });
  });
  // A card is not rebuilt while someone types in it; catch up once they leave it.
  $("items").addEventListener("focusout", () => setTimeout(renderItems, 0));
}

function showChanges(since, changes) {
  const kinds = new Set();
  for (const counts of Object.values(changes || {})) Object.keys(counts || {}).forEach((k) => kinds.add(k));
  const count = (what, kind) => (changes[what] && changes[what][kind]) || 0;
  const box = $("changes");
  if (!kinds.size) {
    box.replaceChildren(el("p", {}, t("changes_none", { n: since })));
    return;
  }
  box.replaceChildren(el("p", {}, t("changes_since", { n: since })), el("ul", {}, [...kinds].map((kind) =>
    el("li", {}, t("changes_line", { board: kindName(kind), added: count("added", kind),
      edited: count("edited", kind), deleted: count("deleted", kind) })))));
}

// ------------------------------------------------------------------------------------------- render

function renderControls(arena) {
  document.querySelectorAll(".controls [disabled], #focus-kind, #focus-apply").forEach((node) => {
    node.disabled = false;
  });
  document.querySelectorAll(".phase-button").forEach((button) => {
    const current = button.dataset.phase === arena.phase;
    button.setAttribute("aria-pressed", String(current));
    if (current) button.setAttribute("aria-current", "step");
    else button.removeAttribute("aria-current");
  });
  const open = new Set(arena.open_kinds || []);
  $("open-kinds").querySelectorAll("input").forEach((input) => {
    input.checked = open.has(input.value);
  });
  $("focus-kind").value = arena.focus_kind || "";
  if (document.activeElement !== $("prompt")) $("prompt").value = arena.prompt || "";
  $("rule-locked").checked = Boolean(arena.locked);
  $("rule-write-alone").checked = Boolean(arena.write_alone);
  $("rule-anonymous").checked = Boolean(arena.anonymous);
  if (document.activeElement !== $("dot-budget")) $("dot-budget").value = arena.dot_budget;
  $("meeting-number").textContent = arena.meeting ? t("meeting", { n: arena.meeting.number }) : "";
}

function renderTimer() {
  const arena = client.state.arena;
  if (!arena) return;
  const running = arena.timer && arena.timer.running;
  const left = client.timerRemaining();
  $("timer-display").textContent = running ? (left > 0 ? clock(left) : t("timer_done")) : "–";
}

function renderPeople() {
  const people = [...client.state.participants].sort((a, b) => b.online - a.online);
  $("people-count").textContent = `(${people.filter((p) => p.online).length}/${people.length})`;
  $("people").replaceChildren(...people.map((person) => el("li", { className: person.online ? "online" : "away" },
    el("span", { className: "presence-dot", "aria-hidden": "true" }),
    el("span", { className: "person-name" }, person.name || "—"),
    el("span", { className: "person-role" },
      `${t(`role_${person.role}`)} · ${person.online ? t("online") : t("away")}`))));
}

/** What an item may be linked to (one step back along the chain), grouped by kind. */
function targetsFor(kind, items) {
  const kinds = data.chain.filter(([source]) => source === kind).map(([, target]) => target);
  return kinds.map((target) => [target, items.filter((item) => item.kind === target)])
    .filter(([, list]) => list.length);
}

function itemCard(item, items, clusterNames) {
  const linked = client.state.links.filter((link) => link.source_id === item.id);
  const linkedIds = new Set(linked.map((link) => link.target_id));
  const targets = targetsFor(item.kind, items).map(([kind, list]) =>
    [kind, list.filter((target) => !linkedIds.has(target.id))]).filter(([, list]) => list.length);
  const flags = [item.hidden && t("hidden"), item.pending && t("pending")].filter(Boolean);
  const author = item.author && item.author.name ? item.author.name : t("anonymous_author");
  const parts = [
    el("p", { className: "item-text" }, item.text),
    el("p", { className: "item-meta" }, [author, t(item.votes === 1 ? "votes_one" : "votes", { n: item.votes }), ...flags].join(" · ")),
    el("div", { className: "row" },
      el("button", { type: "button", className: "secondary", "data-control": "hide",
        onclick: () => act("item:hide", { item_id: item.id, hidden: !item.hidden }, applyItem) },
      item.hidden ? t("restore") : t("hide"))),
  ];
  if (item.kind === "challenge") {
    const inputId = `cluster-${item.id}`;
    const input = el("input", { id: inputId, maxlength: "80", list: "cluster-names", "data-control": "cluster",
      value: (item.fields && item.fields.cluster) || "" });
    parts.push(el("div", { className: "row" }, el("label", { for: inputId }, t("cluster")), input,
      el("button", { type: "button", "data-control": "cluster-set", onclick: () => act("item:cluster",
        { item_id: item.id, cluster: input.value.trim() || null }, applyItem) }, t("set_cluster"))));
  }
  if (linked.length) {
    parts.push(el("ul", { className: "links", "aria-label": t("links") }, linked.map((link) => {
      const target = client.state.items.get(link.target_id);
      const label = target ? `${kindName(target.kind)}: ${preview(target.text)}` : `#${link.target_id}`;
      return el("li", {}, `→ ${label} `, el("button", { type: "button", className: "unlink",
        "data-control": `unlink-${link.target_id}`,
        "aria-label": t("unlink", { text: label }),
        onclick: () => act("item:unlink", link, () => {
          client.state.links = client.state.links.filter((l) =>
            !(l.source_id === link.source_id && l.target_id === link.target_id));
        }) }, "×"));
    })));
  }
  if (targets.length) {
    const selectId = `link-${item.id}`;
    const select = el("select", { id: selectId, "data-control": "link-target" }, el("option", { value: "" }, t("link_to")),
      targets.map(([kind, list]) => el("optgroup", { label: kindName(kind) },
        list.map((target) => el("option", { value: target.id }, preview(target.text))))));
    parts.push(el("div", { className: "row" }, el("label", { for: selectId, className: "visually-hidden" },
      t("link_to")), select, el("button", { type: "button", "data-control": "link", onclick: () => {
      if (!select.value) return;
      act("item:link", { source_id: item.id, target_id: Number(select.value) }, (ack) => {
        client.state.links = client.state.links.concat([ack.link]);
      });
    } }, t("link"))));
  }
  const classes = ["item", item.hidden && "is-hidden", item.pending && "is-pending"].filter(Boolean).join(" ");
  const node = el("li", { className: classes, "data-id": item.id }, parts);
  return { node, signature: JSON.stringify([item, linked, targets.map(([k, l]) => [k, l.map((i) =>
    [i.id, i.text])]), clusterNames.length, client.state.arena.anonymous]) };
}

function renderItems() {
  const arena = client.state.arena;
  if (!arena) return;
  const items = [...client.state.items.values()].sort((a, b) => a.id - b.id);
  document.querySelectorAll("#board-tabs .tab").forEach((tab) => {
    tab.setAttribute("aria-pressed", String(tab.dataset.kind === board));
    const count = items.filter((item) => item.kind === tab.dataset.kind).length;
    tab.querySelector(".count").textContent = count ? `(${count})` : "";
  });
  const clusterNames = [...new Set(items.map((item) => item.fields && item.fields.cluster).filter(Boolean))].sort();
  let datalist = $("cluster-names");
  if (!datalist) {
    datalist = el("datalist", { id: "cluster-names" });
    document.body.append(datalist);
  }
  datalist.replaceChildren(...clusterNames.map((name) => el("option", { value: name })));
  const shown = items.filter((item) => item.kind === board);
  const active = document.activeElement;
  // Someone typing or choosing in a card keeps it until they leave it; a pressed button moves to the new card.
  const typing = active && ["INPUT", "SELECT", "TEXTAREA"].includes(active.tagName);
  let refocus = null;
  const nodes = shown.map((item) => {
    const fresh = itemCard(item, items, clusterNames);
    const old = cards.get(item.id);
    if (old && old.signature === fresh.signature) return old.node;
    if (old && old.node.contains(active)) {
      if (typing) return old.node;
      refocus = fresh.node.querySelector(`[data-control="${active.dataset.control}"]`) || fresh.node;
    }
    cards.set(item.id, fresh);
    if (old && old.node.isConnected) old.node.replaceWith(fresh.node);
    return fresh.node;
  });
  const list = $("items");
  if (!nodes.length) {
    list.replaceChildren(el("li", { className: "empty" }, t("no_items")));
    return;
  }
  // Move only what is out of place: a card that is moved loses the focus of whoever is typing in it.
  nodes.forEach((node, i) => {
    if (list.children[i] !== node) list.insertBefore(node, list.children[i] || null);
  });
  while (list.children.length > nodes.length) list.lastElementChild.remove();
  if (refocus) {
    if (!refocus.matches("button, input, select")) refocus.tabIndex = -1;
    refocus.focus();
  }
}

function render() {
  const arena = client.state.arena;
  if (!arena) return;
  if (!board) board = arena.focus_kind || (arena.open_kinds && arena.open_kinds[0]) || "challenge";
  renderControls(arena);
  renderTimer();
  renderPeople();
  renderItems();
}

// ------------------------------------------------------------------------------------------ the agenda PDF

/** The sentence of the server's error page (files/pdf_failed.html or error.html): <main>'s first paragraph. */
function serverMessage(html) {
  const paragraph = new DOMParser().parseFromString(html, "text/html").querySelector("main p");
  return paragraph ? paragraph.textContent.trim() : "";
}

/** The file name the server gives in Content-Disposition, else the fallback. */
function downloadName(response, fallback) {
  const header = response.headers.get("Content-Disposition") || "";
  const match = /filename="?([^";]+)"?/i.exec(header);
  return match ? match[1] : fallback;
}

/** Hand the PDF to the browser as a download, through a temporary link to a blob URL. */
function save(blob, name) {
  const url = URL.createObjectURL(blob);
  const link = el("a", { href: url, download: name, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  // The browser reads the blob once the click is handled; free it a while later, not at once.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** The PDF button fetches the agenda in the background, so the console stays live while the server prints
 * it, and says what is happening: preparing (with the time waited so far), ready, or the server's reason. */
function wireAgenda() {
  const form = $("agenda-form");
  const button = form.querySelector("button[type=submit]");
  const show = (message, { busy = false, isError = false } = {}) => {
    $("agenda-status").hidden = false;
    $("agenda-progress").hidden = !busy;
    $("agenda-waited").hidden = !busy;
    $("agenda-message").textContent = message;
    $("agenda-status").classList.toggle("error", isError);
    button.disabled = busy;
    form.setAttribute("aria-busy", String(busy));
  };
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const url = new URL(form.action);
    url.searchParams.set("lang", $("agenda-lang").value);
    // The time waited so far is shown beside the status, outside it: a screen reader hears the status once.
    const started = Date.now();
    const tick = () => { $("agenda-waited").textContent = clock((Date.now() - started) / 1000); };
    tick();
    show(t("pdf_preparing"), { busy: true });
    const ticking = setInterval(tick, 1000);
    try {
      const response = await fetch(url, { credentials: "same-origin" });
      if (response.ok && response.headers.get("Content-Type") === "application/pdf") {
        const name = downloadName(response, `agenda-${url.searchParams.get("lang")}.pdf`);
        save(await response.blob(), name);
        show(t("pdf_ready", { file: name }));
      } else {
        // The route says why in the person's language; the status code is the last resort.
        const reason = serverMessage(await response.text()) || t("pdf_status", { status: response.status });
        show(reason, { isError: true });
      }
    } catch {
      show(t("pdf_unreachable"), { isError: true });
    } finally {
      clearInterval(ticking);
    }
  });
}

client.on("change", render);
client.on("status", ({ connected }) => {
  $("connection").textContent = connected ? t("connected") : t("offline");
  $("connection").classList.toggle("offline", !connected);
});
client.on("connect_error", (error) => {
  $("connection").textContent = t("refused", { message: error.message });
  $("connection").classList.add("offline");
});
wireControls();
wireAgenda();
setInterval(renderTimer, 500);
client.connect();
