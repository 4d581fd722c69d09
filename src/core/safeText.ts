// Untrusted text (registry, dictionaries, documents, file names: they arrive through git from
// anyone) made safe to show (issue 17, output hygiene). Pure core.
//
// - Terminal output: control characters (C0 but line feed and tab, DEL, C1) are shown as
//   escapes, never sent: `\0` for NUL, `\e` for ESC (so an ESC sequence prints as `\e[2J`, not
//   a cleared screen), `\r`, `\xNN` / `\u{NNNN}` for the rest; so are U+2028/U+2029.
// - Everywhere (terminal, hover cards, diagnostics): the bidirectional controls, which can make
//   text read in another order than it is stored (“Trojan Source”), are shown as `⟨U+202E⟩`:
//   U+202A–U+202E (embeddings, overrides), U+2066–U+2069 (isolates), U+200E/U+200F (LRM, RLM),
//   U+061C (Arabic letter mark).

const BIDI = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/g;
const BIDI_TEST = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/;
// eslint-disable-next-line no-control-regex -- control characters are what it finds
const CONTROL_TEST = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u2028\u2029]/;

function hex(code: number, width: number): string {
  return code.toString(16).toUpperCase().padStart(width, '0');
}

/** `⟨U+202E⟩` for a bidi control. */
function bidiName(ch: string): string {
  return `⟨U+${hex(ch.charCodeAt(0), 4)}⟩`;
}

/** The text with its bidirectional controls shown as `⟨U+202E⟩` (hover cards, diagnostics). */
export function showBidiControls(text: string): string {
  return BIDI_TEST.test(text) ? text.replace(BIDI, bidiName) : text;
}

function controlEscape(ch: string): string {
  const code = ch.charCodeAt(0);
  if (code === 0) return '\\0';
  if (code === 0x1b) return '\\e';
  if (code === 0x0d) return '\\r';
  if (code < 0x80) return `\\x${hex(code, 2)}`;
  return `\\u{${hex(code, 4)}}`;
}

/**
 * Text for a terminal: control characters escaped (line feeds and tabs kept), bidi controls
 * shown. A CR before a LF is kept (CRLF line ends), any other CR is shown as `\r`.
 */
export function terminalSafe(text: string): string {
  let out = text;
  if (CONTROL_TEST.test(out)) {
    // eslint-disable-next-line no-control-regex -- control characters are what it escapes
    out = out.replace(/\r(?!\n)|[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u2028\u2029]/g, controlEscape);
  }
  return showBidiControls(out);
}

/**
 * JSON text with the characters JSON.stringify leaves raw but a terminal acts on (C1 controls,
 * bidi controls, U+2028/U+2029) written as `\uXXXX` escapes: the same data, inert on screen.
 */
export function jsonSafe(json: string): string {
  return json.replace(/[\u007F-\u009F\u2028\u2029\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/g, (ch) => `\\u${hex(ch.charCodeAt(0), 4).toLowerCase()}`);
}
