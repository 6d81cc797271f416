/*
 * ArenaClient: one live connection to an arena, shared by the phone, the console and the screen pages.
 *
 *   import { ArenaClient } from "../lib/arena-client.js";
 *   const client = new ArenaClient({ joinCode, name, lang });         // a participant's phone
 *   new ArenaClient({ joinCode, staff: true })                         // facilitator: browser session cookie
 *   new ArenaClient({ joinCode, token })                               // facilitator: personal API token
 *   new ArenaClient({ joinCode, view: "screen", storage: null })       // projector, read-only
 *   client.on("change", (reason) => render(client.state));  // after arena:state, sync, any event or ack
 *   client.on("status", ({ connected, pending }) => ...);   // pending = changes not yet saved
 *   client.on("refused", ({ op, error }) => ...);           // a change the server will never accept
 *   client.on("text", ({ itemId, before, text }) => ...);   // a co-written text changed under the user
 *   client.on("connect_error", (data) => ...);              // {code, message} of a refused connection
 *   client.connect();
 *
 * State (read-only for pages): client.state = { arena, me, items: Map(id → item), links, participants },
 * plus client.timerRemaining() (seconds, counting down locally).
 * Changes (queued in the outbox, resent with their op_id until acknowledged; the result arrives as "change"):
 *   client.add(kind, text, { parent_id, fields })   client.remove(itemId)   client.vote(itemId, ±1)
 *   client.type(itemId, text)    the user's text of an item; sent debounced as item:edit with base_rev
 *   client.textOf(itemId)        the text to show: the user's own typing merged with the server's
 *   client.pendingOps(event?)    queued changes, e.g. adds to show as "not yet saved"
 *   client.myDots(itemId) / client.dotsLeft(kind)   dots including those not yet acknowledged
 * Staff controls (not queued; resolve with the acknowledgement): client.request("arena:update", {...}).
 */
import { io } from "socket.io-client";
import { Outbox } from "./outbox.js";
import { SharedText } from "./shared-text.js";

// Refusals that no resend will change: the change is dropped and the user told.
const PERMANENT = new Set(["unauthorized", "forbidden", "not_found", "invalid", "too_long", "locked"]);
const ACK_TIMEOUT_MS = 10000;
const RETRY_MS = 2000;
const EDIT_DEBOUNCE_MS = 400;

function storageOrNull() {
  try {
    return window.localStorage;
  } catch (error) {
    return null; // Disabled storage (some private modes) must not stop the page.
  }
}

export class ArenaClient {
  constructor({ joinCode, name = null, lang = null, token = null, staff = false, view = null,
    storage = storageOrNull(), url = undefined, ackTimeout = ACK_TIMEOUT_MS, editDelay = EDIT_DEBOUNCE_MS,
    retryDelay = RETRY_MS }) {
    this.joinCode = joinCode.toUpperCase();
    this.name = name;
    this.lang = lang;
    this.token = token;
    this.staff = staff || Boolean(token);
    this.view = view;
    this.storage = storage;
    this.url = url;
    this.ackTimeout = ackTimeout;
    this.editDelay = editDelay;
    this.retryDelay = retryDelay;
    this.outbox = new Outbox(view ? null : storage, `arena:${this.joinCode}:outbox`);
    this.state = { arena: null, me: null, items: new Map(), links: [], participants: [] };
    this.shared = new Map();
    this.editTimers = new Map();
    this.listeners = new Map();
    this.everConnected = false;
    this.syncAfterDrain = false;
    this.inFlight = null;
    this.retryTimer = null;
    this.timerAt = 0;
  }

  // ------------------------------------------------------------------------------------------ events

  get connected() {
    return Boolean(this.socket && this.socket.connected);
  }

  on(name, listener) {
    if (!this.listeners.has(name)) this.listeners.set(name, []);
    this.listeners.get(name).push(listener);
    return this;
  }

  emit(name, data) {
    for (const listener of this.listeners.get(name) || []) listener(data);
  }

  changed(reason) {
    this.emit("change", reason);
  }

  status() {
    this.emit("status", { connected: this.connected, pending: this.pending });
  }

  // -------------------------------------------------------------------------------------- connection

  tokenKey() {
    return `arena:${this.joinCode}:participant`;
  }

  participantToken() {
    if (this.staff || this.view || !this.storage) return null;
    try {
      return this.storage.getItem(this.tokenKey());
    } catch (error) {
      return null;
    }
  }

  rememberToken(token) {
    if (!token || this.staff || this.view || !this.storage) return;
    try {
      this.storage.setItem(this.tokenKey(), token);
    } catch (error) {
      // Without storage the person is new after a reload; nothing else breaks.
    }
  }

  forgetToken() {
    try {
      if (this.storage) this.storage.removeItem(this.tokenKey());
    } catch (error) {
      // Nothing to forget.
    }
  }

  auth() {
    const auth = { join_code: this.joinCode };
    if (this.view) auth.view = this.view;
    if (this.token) auth.token = this.token;
    if (this.name) auth.name = this.name;
    if (this.lang) auth.lang = this.lang;
    const participantToken = this.participantToken();
    if (participantToken) auth.participant_token = participantToken;
    return auth;
  }

  connect() {
    this.socket = io(this.url, {
      path: "/socket.io",
      auth: (send) => send(this.auth()),
      // Venue Wi-Fi drops often: keep trying, not too eagerly.
      reconnectionDelay: 500,
      reconnectionDelayMax: 5000,
    });
    // socket.io delivers arena:state (sent while the server accepts us) just before "connect".
    this.socket.on("connect", () => {
      this.status();
      this.pump();
    });
    this.socket.on("disconnect", () => {
      this.inFlight = null;
      this.status();
    });
    this.socket.on("connect_error", (error) => this.connectRefused(error));
    this.socket.on("arena:state", (state) => this.arrived(state));
    for (const [name, handler] of Object.entries(this.roomHandlers())) {
      this.socket.on(name, (payload) => {
        handler(payload || {});
        this.changed(name);
      });
    }
    if (typeof window !== "undefined") {
      // A phone that knows it is offline stops waiting on a dead socket, and is back at once when online.
      window.addEventListener("offline", () => this.socket.disconnect());
      window.addEventListener("online", () => this.reconnect());
      document.addEventListener("visibilitychange", () => {
        if (document.visibilityState === "visible") this.reconnect();
      });
    }
    return this;
  }

  reconnect() {
    if (this.socket && !this.socket.connected) this.socket.connect();
  }

  connectRefused(error) {
    const data = (error && error.data) || {};
    if (data.code === "unauthorized" && this.participantToken()) {
      // A token this arena no longer knows: join as a new person rather than not at all.
      this.forgetToken();
      this.socket.connect();
      return;
    }
    if (data.code) {
      this.emit("connect_error", data);
      return;
    }
    this.status(); // A network failure: socket.io retries by itself.
  }

  arrived(state) {
    const reconnected = this.everConnected;
    this.everConnected = true;
    this.rememberToken(state.me && state.me.participant_token);
    this.applyState(state);
    // What happened while away is in this state; what we sent while away is not yet: sync once resent.
    this.syncAfterDrain = reconnected;
    this.pump();
  }

  applyState(state) {
    const items = new Map();
    for (const item of state.items || []) {
      items.set(item.id, item);
      const shared = this.shared.get(item.id);
      if (shared && shared.receive(item.text, item.rev)) this.textMoved(item.id, shared);
    }
    for (const id of this.shared.keys()) if (!items.has(id)) this.shared.delete(id);
    const token = this.state.me && this.state.me.participant_token;
    this.state = {
      arena: state.arena,
      me: { ...state.me, participant_token: (state.me && state.me.participant_token) || token },
      items,
      links: state.links || [],
      participants: state.participants || [],
    };
    this.timerAt = Date.now();
    this.changed("state");
  }

  /** Ask the server for the whole state again and merge it in. */
  sync() {
    return this.request("arena:sync").then((ack) => {
      if (ack.ok) this.applyState(ack.state);
      return ack;
    });
  }

  /** Emit an event and resolve with its acknowledgement; a timeout resolves as {ok: false, unavailable}. */
  request(event, payload = {}) {
    return new Promise((resolve) => {
      if (!this.socket || !this.socket.connected) {
        resolve({ ok: false, error: { code: "unavailable", message: "offline" } });
        return;
      }
      this.socket.timeout(this.ackTimeout).emit(event, payload, (error, ack) => {
        resolve(error || !ack ? { ok: false, error: { code: "unavailable", message: "no answer" } } : ack);
      });
    });
  }

  // ------------------------------------------------------------------------------------ room events

  roomHandlers() {
    const arena = () => this.state.arena || {};
    return {
      "item:added": ({ item }) => this.upsert(item),
      "item:edited": ({ item }) => this.upsert(item),
      "item:voted": ({ item }) => this.upsert(item),
      "item:deleted": ({ item_id: id }) => this.drop(id),
      "items:revealed": ({ items }) => (items || []).forEach((item) => this.upsert(item)),
      "item:hidden": ({ item_id: id, hidden, item }) => {
        if (item) this.upsert(item);
        else if (hidden && this.staff && this.state.items.has(id)) this.state.items.get(id).hidden = true;
        else if (hidden) this.drop(id);
      },
      "item:linked": (link) => {
        this.state.links = this.state.links.filter((l) => !sameLink(l, link)).concat([link]);
      },
      "item:unlinked": (link) => {
        this.state.links = this.state.links.filter((l) => !sameLink(l, link));
      },
      "phase:changed": ({ phase }) => {
        this.state.arena = { ...arena(), phase };
        this.sync(); // The phase brings its own boards and prompt.
      },
      "arena:updated": ({ arena: updated }) => {
        this.state.arena = { ...arena(), ...updated };
        if (updated && updated.timer) this.timerAt = Date.now();
      },
      "board:focus": ({ kind }) => {
        this.state.arena = { ...arena(), focus_kind: kind || null };
      },
      timer: (timer) => {
        this.state.arena = { ...arena(), timer };
        this.timerAt = Date.now();
      },
      "meeting:started": ({ meeting }) => {
        this.state.arena = { ...arena(), meeting };
      },
      presence: ({ participants }) => {
        this.state.participants = participants || [];
      },
    };
  }

  upsert(item) {
    if (!item) return;
    const shared = this.shared.get(item.id);
    if (shared && shared.receive(item.text, item.rev)) this.textMoved(item.id, shared);
    this.state.items.set(item.id, item);
  }

  drop(id) {
    this.state.items.delete(id);
    this.shared.delete(id);
    if (this.state.me && this.state.me.own_item_ids) {
      this.state.me.own_item_ids = this.state.me.own_item_ids.filter((own) => own !== id);
    }
  }

  textMoved(itemId, shared) {
    this.emit("text", { itemId, before: shared.previous, text: shared.local });
  }

  // ---------------------------------------------------------------------------------------- changes

  add(kind, text, { parent_id: parentId = null, fields = null } = {}) {
    const payload = { kind, text };
    if (parentId) payload.parent_id = parentId;
    if (fields) payload.fields = fields;
    return this.queue("item:add", payload);
  }

  remove(itemId) {
    return this.queue("item:delete", { item_id: itemId });
  }

  vote(itemId, delta) {
    return this.queue("item:vote", { item_id: itemId, delta });
  }

  /** The user's text of an item changed; it is sent after a short pause in typing. */
  type(itemId, text) {
    const shared = this.sharedText(itemId);
    if (!shared) return;
    shared.local = text;
    clearTimeout(this.editTimers.get(itemId));
    this.editTimers.set(itemId, setTimeout(() => this.sendEdit(itemId), this.editDelay));
    this.status();
  }

  textOf(itemId) {
    const shared = this.shared.get(itemId);
    if (shared) return shared.local;
    const item = this.state.items.get(itemId);
    return item ? item.text : "";
  }

  sharedText(itemId) {
    if (!this.shared.has(itemId)) {
      const item = this.state.items.get(itemId);
      if (!item) return null;
      this.shared.set(itemId, new SharedText(item.text, item.rev));
    }
    return this.shared.get(itemId);
  }

  sendEdit(itemId) {
    this.editTimers.delete(itemId);
    const shared = this.shared.get(itemId);
    // One edit per text on its way at a time: the next is based on the answer to this one.
    if (!shared || !shared.dirty) return;
    this.queue("item:edit", { item_id: itemId, ...shared.startSend() });
  }

  queue(event, payload) {
    const op = this.outbox.push(event, payload);
    this.status();
    this.changed("queued");
    this.pump();
    return op;
  }

  pendingOps(event = null) {
    return this.outbox.ops.filter((op) => event === null || op.event === event);
  }

  /** Unsaved changes: queued ones plus typing not yet sent. */
  get pending() {
    let typing = 0;
    for (const shared of this.shared.values()) if (shared.dirty) typing += 1;
    return this.outbox.size + typing;
  }

  myDots(itemId) {
    const me = this.state.me || {};
    let dots = (me.dots && me.dots[String(itemId)]) || 0;
    for (const op of this.pendingOps("item:vote")) if (op.payload.item_id === itemId) dots += op.payload.delta;
    return dots;
  }

  dotsLeft(kind) {
    const budget = (this.state.arena && this.state.arena.dot_budget) || 0;
    let used = 0;
    for (const item of this.state.items.values()) if (item.kind === kind) used += this.myDots(item.id);
    return budget - used;
  }

  timerRemaining() {
    const timer = this.state.arena && this.state.arena.timer;
    if (!timer) return null;
    if (!timer.running) return timer.remaining;
    return Math.max(0, timer.remaining - (Date.now() - this.timerAt) / 1000);
  }

  // ------------------------------------------------------------------------------------ the outbox

  /** Send the oldest unacknowledged change, one at a time so that they apply in the order made. */
  pump() {
    if (!this.connected || this.inFlight || !this.outbox.size) {
      if (this.connected && !this.outbox.size && this.syncAfterDrain) {
        this.syncAfterDrain = false;
        this.sync();
      }
      return;
    }
    const op = this.outbox.first();
    const wait = op.not_before - Date.now();
    if (wait > 0) {
      clearTimeout(this.retryTimer);
      this.retryTimer = setTimeout(() => this.pump(), wait);
      return;
    }
    const attempt = {};
    this.inFlight = attempt;
    this.socket.timeout(this.ackTimeout).emit(op.event, op.payload, (error, ack) => {
      if (this.inFlight !== attempt) return; // Lost with a dropped connection; it was resent since.
      this.inFlight = null;
      this.settle(op, error || !ack ? null : ack);
      this.pump();
    });
  }

  settle(op, ack) {
    if (!this.outbox.has(op.op_id)) return;
    if (ack && ack.ok) {
      this.outbox.remove(op.op_id);
      this.applyAck(op, ack);
    } else if (ack && PERMANENT.has(ack.error && ack.error.code)) {
      this.outbox.remove(op.op_id);
      if (op.event === "item:edit") {
        const shared = this.shared.get(op.payload.item_id);
        if (shared) shared.refused();
      }
      this.emit("refused", { op, error: ack.error });
    } else {
      // rate_limited, unavailable or no answer: the change stays queued and goes again.
      const error = (ack && ack.error) || {};
      const delay = error.code === "rate_limited" && error.retry_after ? error.retry_after * 1000 : this.retryDelay;
      op.not_before = Date.now() + delay;
      this.outbox.persist();
    }
    this.status();
    this.changed(op.event);
  }

  applyAck(op, ack) {
    const me = this.state.me || {};
    if (op.event === "item:add" && ack.item) {
      me.own_item_ids = [...(me.own_item_ids || []), ack.item.id];
      this.upsert(ack.item);
    } else if (op.event === "item:edit" && ack.item) {
      const shared = this.shared.get(ack.item.id);
      if (shared) {
        if (shared.acknowledged(ack.item.text, ack.item.rev)) this.textMoved(ack.item.id, shared);
        if (shared.dirty) this.sendEdit(ack.item.id);
      }
      this.state.items.set(ack.item.id, ack.item);
    } else if (op.event === "item:delete") {
      this.drop(op.payload.item_id);
    } else if (op.event === "item:vote" && ack.item) {
      me.dots = { ...(me.dots || {}), [String(ack.item.id)]: ack.my_dots };
      this.upsert(ack.item);
    }
  }
}

function sameLink(a, b) {
  return a.source_id === b.source_id && a.target_id === b.target_id;
}
