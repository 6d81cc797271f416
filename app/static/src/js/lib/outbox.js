// The changes a phone has made that the server has not yet acknowledged, in order, kept in memory and in
// localStorage (per join code) so that a dropped connection or a closed tab loses nothing.
import { newOpId } from "./op-id.js";

export class Outbox {
  /** storage: a Storage (localStorage) or null; key: where this arena's outbox is kept. */
  constructor(storage, key) {
    this.storage = storage;
    this.key = key;
    this.ops = this.load();
  }

  load() {
    try {
      const saved = JSON.parse((this.storage && this.storage.getItem(this.key)) || "[]");
      return Array.isArray(saved) ? saved.filter((op) => op && op.op_id && op.event && op.payload) : [];
    } catch (error) {
      return []; // A corrupt entry must not stop the page; there is nothing in it we could use.
    }
  }

  persist() {
    if (!this.storage) return;
    try {
      if (this.ops.length) this.storage.setItem(this.key, JSON.stringify(this.ops));
      else this.storage.removeItem(this.key);
    } catch (error) {
      // Storage full or disabled (private mode): the outbox still lives in memory.
    }
  }

  /** Queue a change; its op_id goes into the payload and stays the same for every resend. */
  push(event, payload) {
    const opId = newOpId();
    const op = { op_id: opId, event, payload: { ...payload, op_id: opId }, not_before: 0 };
    this.ops.push(op);
    this.persist();
    return op;
  }

  remove(opId) {
    const before = this.ops.length;
    this.ops = this.ops.filter((op) => op.op_id !== opId);
    if (this.ops.length !== before) this.persist();
    return this.ops.length !== before;
  }

  has(opId) {
    return this.ops.some((op) => op.op_id === opId);
  }

  first() {
    return this.ops[0] || null;
  }

  get size() {
    return this.ops.length;
  }
}
