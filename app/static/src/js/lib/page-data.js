/*
 * What a page's template hands its script: <script type="application/json" id="page-data">, holding the
 * arena's code, the names of phases and boards and every sentence the script shows, already translated
 * on the server (so no English is hard-coded here).
 *
 *   import { readPageData, clock } from "../lib/page-data.js";
 *   const data = readPageData();            // the parsed JSON, plus data.t(key, {name: value})
 *   clock(95) === "1:35"
 */
export function readPageData(id = "page-data") {
  const data = JSON.parse(document.getElementById(id).textContent);
  const strings = data.strings || {};
  // Fill %(name)s marks, as gettext's Python formatting writes them, so translators see one syntax.
  data.t = (key, values = {}) =>
    (strings[key] || key).replace(/%\((\w+)\)s/g, (mark, name) => (name in values ? String(values[name]) : mark));
  return data;
}

/** Seconds as m:ss (or h:mm:ss), rounded up so that 0:00 is shown only when the time is over. */
export function clock(seconds) {
  const total = Math.max(0, Math.ceil(seconds));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const rest = String(total % 60).padStart(2, "0");
  return hours ? `${hours}:${String(minutes).padStart(2, "0")}:${rest}` : `${minutes}:${rest}`;
}

/** The element for a tag with attributes and children (strings become text, never HTML). */
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
    else if (name === "className") node.className = value;
    else node.setAttribute(name, value === true ? "" : value);
  }
  for (const child of children.flat()) {
    if (child !== null && child !== undefined && child !== false) {
      node.append(child instanceof Node ? child : String(child));
    }
  }
  return node;
}
