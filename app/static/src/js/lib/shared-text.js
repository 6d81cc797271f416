// One text being written on this phone while others may write in it too (differential synchronisation):
// `shadow` is the last text the server confirmed, at `rev`; `local` is what the user sees; `sent` is the
// text of the edit on its way, if any; `previous` is the user's text before the last merge (to move
// the caret). Whatever arrives from the server is merged with the user's typing
// by the same three-way merge the server uses, so no one's words are lost.
import { merge } from "./merge.js";

export class SharedText {
  constructor(text, rev) {
    this.shadow = text;
    this.rev = rev;
    this.local = text;
    this.sent = null;
    this.previous = text;
  }

  /** Whether there is typing the server has not been sent yet. */
  get dirty() {
    return this.sent === null && this.local !== this.shadow;
  }

  /** The payload part of the next item:edit, and mark it as on its way. */
  startSend() {
    this.sent = this.local;
    return { base_rev: this.rev, text: this.local };
  }

  /** Someone else's revision arrived: fold it into the user's text (and into the edit on its way). */
  receive(text, rev) {
    if (rev <= this.rev) return false;
    this.previous = this.local;
    if (this.sent !== null) this.sent = merge(this.shadow, this.sent, text);
    this.local = merge(this.shadow, this.local, text);
    this.shadow = text;
    this.rev = rev;
    return true;
  }

  /** The server accepted our edit and answered with the merged text. */
  acknowledged(text, rev) {
    if (this.sent === null) return this.receive(text, rev);
    if (rev < this.rev) {
      // A later revision, which already holds our edit, arrived before this answer.
      this.sent = null;
      return false;
    }
    this.previous = this.local;
    this.local = merge(this.sent, this.local, text);
    this.shadow = text;
    this.rev = rev;
    this.sent = null;
    return true;
  }

  /** The edit was refused: the user's text goes back to what the server has. */
  refused() {
    this.sent = null;
    this.local = this.shadow;
  }
}
