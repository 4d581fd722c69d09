// A tagged document's text as a reader (and brat, and a W3C annotation client) sees it: the tag
// markup removed, with every offset of the source mapped onto it. Shared by the W3C Web
// Annotation export (exportW3c.ts) and the brat standoff export (exportBrat.ts). Pure core.
//
// What is removed, and nothing else:
// - the `[` and the `]{…}` of every closed tag (claims, events, links, and broken tags of ours
//   with a closing `}`); an unterminated block stays as written (it has a diagnostic);
// - inside a tag's text, the backslash of each Pandoc escape pair (`\[` → `[`, `\\` → `\`), as
//   the JSON/CSV export's `text` does; outside tags backslashes stay (a .txt is plain text);
// - the CR of each CRLF; a lone CR becomes LF. brat's readers differ on newline translation and
//   the HTML parser turns CRLF into LF, so LF-only text gives one set of offsets for everyone.
//
// Offsets: `toPlain` maps a UTF-16 offset of the source to a UTF-16 offset of `text`; a source
// offset inside removed markup maps to where the markup was. `codePoints` converts UTF-16 offsets
// of `text` into Unicode code point offsets, which brat and the W3C model count in (an emoji is
// one code point and two UTF-16 code units).

import { parseMarkup, TagSpan } from './markup';

export interface TextWithoutMarkup {
  /** The text without markup. */
  readonly text: string;
  /** The source's tags, as parsed. */
  readonly spans: readonly TagSpan[];
  /** The UTF-16 offset in `text` of a UTF-16 offset of the source. */
  toPlain(sourceOffset: number): number;
}

/** ASCII punctuation: what a Pandoc backslash escape applies to. */
function isAsciiPunctuation(code: number): boolean {
  return (code >= 0x21 && code <= 0x2f) || (code >= 0x3a && code <= 0x40) || (code >= 0x5b && code <= 0x60) || (code >= 0x7b && code <= 0x7e);
}

/** The plain text of `source` (see the top of this file). `spans` when the caller has parsed it. */
export function textWithoutMarkup(source: string, spans: readonly TagSpan[] = parseMarkup(source).spans): TextWithoutMarkup {
  const n = source.length;
  // 1 = removed, 2 = inside a tag's text (escapes apply). One byte per code unit: linear.
  const marks = new Uint8Array(n);
  for (const span of spans) if (span.closed) marks.fill(2, span.contentStart, span.contentEnd);
  for (const span of spans) {
    if (!span.closed) continue;
    marks.fill(1, span.start, span.contentStart);
    marks.fill(1, span.contentEnd, span.end);
  }
  for (let i = 0; i < n; i++) {
    const code = source.charCodeAt(i);
    if (marks[i] === 2 && code === 0x5c && i + 1 < n && marks[i + 1] === 2 && isAsciiPunctuation(source.charCodeAt(i + 1))) {
      marks[i] = 1;
      i++; // the escaped character stays, whatever it is
    } else if (code === 0x0d && marks[i] !== 1 && i + 1 < n && source.charCodeAt(i + 1) === 0x0a) {
      marks[i] = 1;
    }
  }
  // Removed runs, with the count removed before each run's end, for toPlain's binary search.
  const runStarts: number[] = [];
  const removedThrough: number[] = [];
  let text = '';
  let removed = 0;
  let keptFrom = 0;
  for (let i = 0; i < n; i++) {
    if (marks[i] !== 1) continue;
    let j = i;
    while (j < n && marks[j] === 1) j++;
    text += source.slice(keptFrom, i);
    keptFrom = j;
    removed += j - i;
    runStarts.push(i);
    removedThrough.push(removed);
    i = j - 1;
  }
  text += source.slice(keptFrom);
  if (text.indexOf('\r') >= 0) text = text.replace(/\r/g, '\n');
  const runEnds = runStarts.map((start, k) => start + removedThrough[k] - (k > 0 ? removedThrough[k - 1] : 0));
  return {
    text,
    spans,
    toPlain(offset: number): number {
      offset = Math.max(0, Math.min(n, offset));
      // The last run starting before `offset`.
      let lo = 0;
      let hi = runStarts.length - 1;
      let k = -1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        if (runStarts[mid] < offset) {
          k = mid;
          lo = mid + 1;
        } else hi = mid - 1;
      }
      if (k < 0) return offset;
      const before = k > 0 ? removedThrough[k - 1] : 0;
      if (offset < runEnds[k]) return runStarts[k] - before; // inside removed markup
      return offset - removedThrough[k];
    },
  };
}

/** Converts UTF-16 offsets of one text into Unicode code point offsets (a surrogate pair counts once). */
export class CodePoints {
  /** UTF-16 offsets of the low surrogate of each pair, ascending. */
  private readonly lows: number[] = [];

  constructor(readonly text: string) {
    for (let i = 0; i + 1 < text.length; i++) {
      const code = text.charCodeAt(i);
      if (code >= 0xd800 && code <= 0xdbff) {
        const next = text.charCodeAt(i + 1);
        if (next >= 0xdc00 && next <= 0xdfff) this.lows.push(++i);
      }
    }
  }

  /** The code point offset of a UTF-16 offset (one inside a pair counts as after its high surrogate). */
  of(utf16: number): number {
    let lo = 0;
    let hi = this.lows.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.lows[mid] < utf16) lo = mid + 1;
      else hi = mid;
    }
    return utf16 - lo;
  }

  /** The code point length of the text. */
  get length(): number {
    return this.text.length - this.lows.length;
  }
}

/** Up to `count` code points of `text` before UTF-16 offset `at` (never half a surrogate pair). */
export function codePointsBefore(text: string, at: number, count: number): string {
  let start = at;
  for (let k = 0; k < count && start > 0; k++) {
    start--;
    const code = text.charCodeAt(start);
    if (code >= 0xdc00 && code <= 0xdfff && start > 0) {
      const high = text.charCodeAt(start - 1);
      if (high >= 0xd800 && high <= 0xdbff) start--;
    }
  }
  return text.slice(start, at);
}

/** Up to `count` code points of `text` from UTF-16 offset `at` on. */
export function codePointsAfter(text: string, at: number, count: number): string {
  let end = at;
  for (let k = 0; k < count && end < text.length; k++) {
    const code = text.charCodeAt(end);
    end++;
    if (code >= 0xd800 && code <= 0xdbff && end < text.length) {
      const low = text.charCodeAt(end);
      if (low >= 0xdc00 && low <= 0xdfff) end++;
    }
  }
  return text.slice(at, end);
}
