// Drives ArenaClient's outbox against a scripted fake socket (no server, no browser) and prints, per
// scenario, what was sent and what the client ended with. Run by test_client_outbox.py.
import { ArenaClient } from "../../app/static/src/js/lib/arena-client.js";
import { merge } from "../../app/static/src/js/lib/merge.js";

class MemoryStorage {
  constructor() { this.data = new Map(); }
  getItem(key) { return this.data.has(key) ? this.data.get(key) : null; }
  setItem(key, value) { this.data.set(key, String(value)); }
  removeItem(key) { this.data.delete(key); }
}

// A socket whose answers come from `answer(event, payload, attempt)`: an ack object, or null for silence.
function fakeSocket(answer, delay) {
  const sent = [];
  const socket = {
    connected: true,
    sent,
    timeout(ms) {
      return {
        emit(event, payload, callback) {
          sent.push({ event, payload: JSON.parse(JSON.stringify(payload)) });
          const ack = answer(event, payload, sent.length);
          if (ack === null) setTimeout(() => callback(new Error("timeout")), ms);
          else setTimeout(() => callback(null, ack), delay);
        },
      };
    },
  };
  return socket;
}

function client(answer, storage = new MemoryStorage(), delay = 1) {
  const c = new ArenaClient({ joinCode: "abc123", storage, ackTimeout: 30, retryDelay: 50, editDelay: 5 });
  c.socket = fakeSocket(answer, delay);
  c.state = { arena: { dot_budget: 3 }, me: { own_item_ids: [], dots: {} }, items: new Map(), links: [],
    participants: [] };
  c.refusals = [];
  c.on("refused", ({ error }) => c.refusals.push(error.code));
  return c;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const item = (id, text, rev = 1) => ({ id, kind: "vision", text, rev, votes: 0 });

const scenarios = {
  // No answer twice, then an answer: the same op_id every time, removed only on the ack.
  async silence_then_ack() {
    let id = 1;
    const c = client((event, payload, attempt) => (attempt < 3 ? null : { ok: true, item: item(id++, payload.text) }));
    c.add("challenge", "one");
    await sleep(300);
    return { sent: c.socket.sent.map((s) => s.payload.op_id), pending: c.pending, items: c.state.items.size };
  },
  // unavailable → retried; a permanent refusal → dropped and reported; the next change still goes.
  async transient_and_permanent() {
    const answers = [{ ok: false, error: { code: "unavailable" } }, { ok: true, item: item(5, "a") },
      { ok: false, error: { code: "locked", message: "paused" } }];
    const c = client(() => answers.shift() || { ok: true, item: item(6, "c") });
    c.add("challenge", "a");
    c.add("challenge", "b");
    c.add("challenge", "c");
    await sleep(300);
    return { sent: c.socket.sent.map((s) => s.payload.text), pending: c.pending, refusals: c.refusals,
      own: c.state.me.own_item_ids };
  },
  // rate_limited: wait retry_after seconds before sending again, not sooner.
  async rate_limited() {
    const times = [];
    const c = client(() => {
      times.push(Date.now());
      return times.length === 1 ? { ok: false, error: { code: "rate_limited", retry_after: 0.3 } }
        : { ok: true, item: item(7, "x") };
    });
    c.add("challenge", "x");
    await sleep(600);
    return { attempts: times.length, waited_ms: times[1] - times[0], pending: c.pending };
  },
  // Offline: changes stay in localStorage; a new page (new client, same storage) sends them, same op_ids.
  async survives_a_reload() {
    const storage = new MemoryStorage();
    const offline = client(() => null, storage);
    offline.socket.connected = false;
    offline.add("challenge", "kept");
    offline.vote(3, 1);
    const queued = offline.pendingOps().map((op) => op.op_id);
    const again = client((event, payload) => (event === "item:vote"
      ? { ok: true, item: { ...item(3, "v"), votes: 1 }, my_dots: 1, dots_left: 2 }
      : { ok: true, item: item(8, payload.text) }), storage);
    again.pump();
    await sleep(50);
    return { queued, resent: again.socket.sent.map((s) => s.payload.op_id), pending: again.pending,
      stored: storage.getItem("arena:ABC123:outbox"), dots: again.myDots(3) };
  },
  // Co-writing: the user typed more while the edit was on its way; the answer merges, nothing is lost.
  async typing_during_an_edit() {
    // The server as facilitation/commands.py has it: the edit is merged from base_rev onto the current text;
    // a co-writer's revision 2 is already there.
    const revisions = { 1: "The city is green.", 2: "Together: The city is green." };
    let rev = 2;
    const c = client((event, payload) => {
      rev += 1;
      revisions[rev] = merge(revisions[payload.base_rev], payload.text, revisions[rev - 1]);
      return { ok: true, item: item(1, revisions[rev], rev) };
    }, new MemoryStorage(), 20);
    c.state.items.set(1, item(1, revisions[1], 1));
    c.type(1, "The city is green. And quiet.");
    await sleep(8); // the edit leaves; its answer is on its way while the user goes on typing
    c.type(1, "The city is green. And quiet. Safe too.");
    await sleep(120);
    return { text: c.textOf(1), server: revisions[rev], pending: c.pending,
      sent: c.socket.sent.map((s) => [s.payload.base_rev, s.payload.text]) };
  },
};

const results = {};
for (const [name, run] of Object.entries(scenarios)) results[name] = await run();
process.stdout.write(JSON.stringify(results));
