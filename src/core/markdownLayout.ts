// The block structure of a text as Pandoc's Markdown reader sees it, as far as tags care (issue
// 17): where paragraphs end (a span never crosses a paragraph break), which lines are code (a
// fenced or indented code block, or YAML front matter: no tag inside), and which characters are
// block-quote markers (`>` at the start of a quoted line is not part of a tag's text).
// Pure core, one pass over the lines, linear in the text (fence closers are looked up in a list
// of fence lines with a memo, so unclosed fences cannot make it quadratic).
//
// Pandoc rules followed (checked against pandoc 2.17 by test/unit/pandocCompare.test.ts):
// - a blank line ends a paragraph; in a block quote, a line of only `>` markers is blank;
// - a block quote, a heading and a list need a blank line before them (blank_before_blockquote,
//   blank_before_header): `a\n> b` is one paragraph whose second line starts with a literal `>`;
// - a fenced code block (``` or ~~~, at least three) may interrupt a paragraph and is code only
//   when a closing fence (same character, at least as long) follows;
// - an indented code block (4 spaces or a tab; inside a list item, 4 more than the item's text)
//   starts after a blank line (or at the start) and runs while lines stay indented or blank;
// - a list item line (`-`, `*`, `+`, `1.`, `1)`, `#.`) inside a list starts a new paragraph;
// - YAML front matter (`---` on the first line, closed by `---` or `...`) is metadata, not text.

export interface MarkdownLayout {
  /** Offsets where a paragraph ends (the start of a blank line, a block or a new list item), sorted. */
  breaks: number[];
  /** `[start, end)` of code blocks and front matter, sorted, disjoint: nothing there is markup. */
  code: Array<[number, number]>;
  /** `[start, end)` of the block-quote markers at the starts of quoted lines, sorted. */
  quoteMarks: Array<[number, number]>;
}

const EMPTY: MarkdownLayout = Object.freeze({ breaks: [], code: [], quoteMarks: [] });

interface Line {
  start: number;
  end: number; // before the LF (and a CR before it)
  next: number; // start of the next line
}

function splitLines(s: string): Line[] {
  const lines: Line[] = [];
  let start = 0;
  while (start <= s.length) {
    const lf = s.indexOf('\n', start);
    const stop = lf < 0 ? s.length : lf;
    const end = stop > start && s.charCodeAt(stop - 1) === 0x0d ? stop - 1 : stop;
    lines.push({ start, end, next: lf < 0 ? s.length + 1 : lf + 1 });
    if (lf < 0) break;
    start = lf + 1;
  }
  return lines;
}

/** Columns of leading white space (a tab to the next multiple of 4) and where the text starts. */
function indentOf(s: string, from: number, to: number): { columns: number; at: number } {
  let columns = 0;
  let i = from;
  while (i < to) {
    const c = s.charCodeAt(i);
    if (c === 0x20) columns++;
    else if (c === 0x09) columns += 4 - (columns % 4);
    else break;
    i++;
  }
  return { columns, at: i };
}

/** End of the block-quote markers (`>` after up to 3 spaces, an optional space, repeated) from `from`. */
function quotePrefixEnd(s: string, from: number, to: number): number {
  let i = from;
  for (;;) {
    let j = i;
    let spaces = 0;
    while (j < to && s.charCodeAt(j) === 0x20 && spaces < 3) {
      j++;
      spaces++;
    }
    if (j >= to || s.charCodeAt(j) !== 0x3e) return i;
    j++;
    if (j < to && (s.charCodeAt(j) === 0x20 || s.charCodeAt(j) === 0x09)) j++;
    i = j;
  }
}

const LIST_MARKER = /^(?:[-*+]|\d{1,9}[.)]|#[.)]|\(\d{1,9}\))(?=[ \t]|$)/;
const FOOTNOTE_DEFINITION = /^\[\^[^\]\s]+\]:/;
const HEADING = /^#{1,6}(?:[ \t]|$)/;
const FENCE = /^(`{3,}|~{3,})/;

function isBlank(s: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c !== 0x20 && c !== 0x09) return false;
  }
  return true;
}

/** The layout of `text`; cheap (an indexOf or two) for text without line breaks. */
export function markdownLayout(text: string): MarkdownLayout {
  if (text.indexOf('\n') < 0 && !/^\s*(?:>|`{3}|~{3}| {4}|\t)/.test(text)) return EMPTY;
  const lines = splitLines(text);
  const breaks: number[] = [];
  const code: Array<[number, number]> = [];
  const quoteMarks: Array<[number, number]> = [];
  let para = false;
  let paraQuoted = false;
  let listIndent = -1; // content column of the list item the text is in; -1 outside lists
  let afterBlank = true;
  // Fence lines by character, for closers: indices into `lines`, and a memo of failed lengths.
  let fences: Map<string, number[]> | undefined;
  const failedLength = new Map<string, number>();
  const fencePointer = new Map<string, number>();
  const fenceAt = (k: number, from: number): { char: string; length: number } | undefined => {
    const line = lines[k];
    const ind = indentOf(text, from, line.end);
    const first = text.charCodeAt(ind.at);
    if (first !== 0x60 && first !== 0x7e) return undefined; // ` or ~
    if (ind.columns > 3 + Math.max(0, listIndent)) return undefined;
    const m = FENCE.exec(text.slice(ind.at, Math.min(line.end, ind.at + 200)));
    if (!m) return undefined;
    let length = m[1].length;
    while (ind.at + length < line.end && text.charCodeAt(ind.at + length) === m[1].charCodeAt(0)) length++;
    if (m[1][0] === '`' && text.slice(ind.at + length, line.end).includes('`')) return undefined;
    return { char: m[1][0], length };
  };
  const closingFence = (k: number, char: string, length: number): number => {
    if ((failedLength.get(char) ?? Infinity) <= length) return -1;
    if (!fences) {
      fences = new Map();
      for (let j = 0; j < lines.length; j++) {
        const from = quotePrefixEnd(text, lines[j].start, lines[j].end);
        const ind = indentOf(text, from, lines[j].end);
        const c = text[ind.at];
        if ((c === '`' || c === '~') && text.startsWith(c.repeat(3), ind.at)) {
          const list = fences.get(c) ?? [];
          list.push(j);
          fences.set(c, list);
        }
      }
    }
    const list = fences.get(char) ?? [];
    let p = fencePointer.get(char) ?? 0;
    while (p < list.length && list[p] <= k) p++;
    fencePointer.set(char, p);
    for (let q = p; q < list.length; q++) {
      const line = lines[list[q]];
      const from = quotePrefixEnd(text, line.start, line.end);
      const ind = indentOf(text, from, line.end);
      let run = 0;
      while (ind.at + run < line.end && text[ind.at + run] === char) run++;
      if (run >= length && isBlank(text, ind.at + run, line.end)) return list[q];
    }
    failedLength.set(char, Math.min(failedLength.get(char) ?? Infinity, length));
    return -1;
  };

  for (let k = 0; k < lines.length; k++) {
    const line = lines[k];
    // YAML front matter: metadata, not text.
    if (k === 0 && /^---[ \t]*$/.test(text.slice(line.start, line.end))) {
      let close = -1;
      for (let j = 1; j < lines.length; j++) {
        const t = text.slice(lines[j].start, lines[j].end);
        if (/^(?:---|\.\.\.)[ \t]*$/.test(t)) {
          close = j;
          break;
        }
      }
      if (close > 0 && !isBlank(text, lines[1].start, lines[1].end)) {
        code.push([line.start, lines[close].end]);
        breaks.push(line.start);
        k = close;
        afterBlank = true;
        continue;
      }
    }
    const lead = indentOf(text, line.start, line.end);
    const quoted: boolean = para ? paraQuoted : text.charCodeAt(lead.at) === 0x3e && lead.columns <= 3;
    const contentStart = quoted ? quotePrefixEnd(text, line.start, line.end) : line.start;
    if (isBlank(text, contentStart, line.end)) {
      if (para) breaks.push(line.start);
      para = false;
      afterBlank = true;
      continue;
    }
    const ind = indentOf(text, contentStart, line.end);
    const fence = fenceAt(k, contentStart);
    if (fence) {
      const close = closingFence(k, fence.char, fence.length);
      if (close > k) {
        breaks.push(line.start);
        code.push([line.start, lines[close].end]);
        para = false;
        afterBlank = false;
        k = close;
        continue;
      }
    }
    if (!para && afterBlank && ind.columns >= (listIndent >= 0 ? listIndent : 0) + 4) {
      // An indented code block: indented lines and the blank lines between them.
      const need = (listIndent >= 0 ? listIndent : 0) + 4;
      let last = k;
      for (let j = k + 1; j < lines.length; j++) {
        const from = quoted ? quotePrefixEnd(text, lines[j].start, lines[j].end) : lines[j].start;
        if (isBlank(text, from, lines[j].end)) continue;
        if (indentOf(text, from, lines[j].end).columns < need) break;
        last = j;
      }
      breaks.push(line.start);
      code.push([line.start, lines[last].end]);
      k = last;
      afterBlank = false;
      continue;
    }
    if (contentStart > line.start) quoteMarks.push([line.start, contentStart]);
    // Only a line starting with - * + # ( [ or a digit can be a list item, a note or a heading.
    const lead0 = text.charCodeAt(ind.at);
    const special =
      lead0 === 0x2d || lead0 === 0x2a || lead0 === 0x2b || lead0 === 0x23 || lead0 === 0x28 || lead0 === 0x5b || (lead0 >= 0x30 && lead0 <= 0x39);
    const rest = special ? text.slice(ind.at, Math.min(line.end, ind.at + 64)) : '';
    const marker = special ? (LIST_MARKER.exec(rest) ?? FOOTNOTE_DEFINITION.exec(rest)) : null;
    if (!para) {
      if (afterBlank && listIndent >= 0 && ind.columns < listIndent && !marker) listIndent = -1;
      if (marker) listIndent = itemIndent(text, ind, marker[0], line.end);
      para = true;
      paraQuoted = quoted;
      if (special && HEADING.test(rest)) {
        breaks.push(line.next - 1 < text.length ? line.end : text.length);
        para = false;
      }
    } else if (marker && listIndent >= 0 && special && LIST_MARKER.test(rest)) {
      breaks.push(line.start); // a new item of the list
      listIndent = itemIndent(text, ind, marker[0], line.end);
    }
    afterBlank = false;
  }
  return { breaks, code, quoteMarks };
}

/** The column where a list item's text starts (its continuation paragraphs' indent). */
function itemIndent(text: string, ind: { columns: number; at: number }, marker: string, lineEnd: number): number {
  if (marker.startsWith('[^')) return 4;
  let spaces = 0;
  let i = ind.at + marker.length;
  while (i < lineEnd && text.charCodeAt(i) === 0x20) {
    spaces++;
    i++;
  }
  if (spaces === 0 || spaces > 4 || i >= lineEnd) spaces = 1;
  return ind.columns + marker.length + spaces;
}
