// A big text edited in place, one small change at a time, without copying all of it per change:
// the text is kept as chunks of about CHUNK_TARGET code units, and its line starts as one sorted
// array. A change rewrites the chunks it touches and the line starts it can move; the whole text
// as one string is joined only when something asks for it, and kept until the next change.
//
// Positions follow the Language Server Protocol (what vscode-languageserver-textdocument does):
// lines end at "\r\n", "\r" or "\n"; a character is a UTF-16 code unit; a position past a line's
// end, or inside its line break, means the end of its text.

const LF = 0x0a;
const CR = 0x0d;
/** Chunks are cut to about this many code units: an edit copies at most a few of them. */
const CHUNK_TARGET = 16 * 1024;

export interface LineCharacter {
  line: number;
  character: number;
}

export class ChunkedText {
  private chunks: string[];
  /** The offset of each chunk's first code unit. */
  private starts: number[];
  /** Found on first use (a text read only for its mentions never needs them), then kept up to date. */
  private lines: number[] | undefined;
  private joined: string | undefined;
  private size: number;
  /** A chunk that grows past `max` is cut again; one that shrinks under `min` joins a neighbour. */
  private readonly target: number;
  private readonly max: number;
  private readonly min: number;

  /** `chunkTarget`: the chunk size (small ones for tests). */
  constructor(text: string, chunkTarget = CHUNK_TARGET) {
    this.target = Math.max(1, Math.floor(chunkTarget));
    this.max = 4 * this.target;
    this.min = Math.floor(this.target / 4);
    this.chunks = this.cut(text);
    this.starts = [];
    this.size = text.length;
    this.restart(0);
    this.joined = text;
  }

  private get lineStarts(): number[] {
    if (this.lines === undefined) this.lines = lineStartsOf(this.text());
    return this.lines;
  }

  get length(): number {
    return this.size;
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  /** The whole text (joined once per change). */
  text(): string {
    if (this.joined === undefined) this.joined = this.chunks.join('');
    return this.joined;
  }

  /** The text of `[from, to)`, clamped into the text, copied from the chunks it spans only. */
  slice(from: number, to: number = this.size): string {
    const start = clamp(from, this.size);
    const end = Math.max(start, clamp(to, this.size));
    if (this.joined !== undefined) return this.joined.slice(start, end);
    if (start === end) return '';
    let k = this.chunkAt(start);
    const first = this.chunks[k];
    const firstEnd = this.starts[k] + first.length;
    if (end <= firstEnd) return first.slice(start - this.starts[k], end - this.starts[k]);
    const parts = [first.slice(start - this.starts[k])];
    for (k++; k < this.chunks.length && this.starts[k] + this.chunks[k].length <= end; k++) parts.push(this.chunks[k]);
    if (k < this.chunks.length && this.starts[k] < end) parts.push(this.chunks[k].slice(0, end - this.starts[k]));
    return parts.join('');
  }

  charCodeAt(offset: number): number {
    if (offset < 0 || offset >= this.size) return NaN;
    if (this.joined !== undefined) return this.joined.charCodeAt(offset);
    const k = this.chunkAt(offset);
    return this.chunks[k].charCodeAt(offset - this.starts[k]);
  }

  /** The offset of the first `search` (one code unit or more, not spanning chunks longer than itself) at or after `from`, or -1. */
  indexOf(search: string, from = 0): number {
    if (this.joined !== undefined) return this.joined.indexOf(search, from);
    const start = clamp(from, this.size);
    for (let k = this.chunkAt(start); k < this.chunks.length; k++) {
      // Read a little of the next chunk too, for a match across the border.
      const base = this.starts[k];
      const piece = this.chunks[k] + (search.length > 1 && k + 1 < this.chunks.length ? this.chunks[k + 1].slice(0, search.length - 1) : '');
      const found = piece.indexOf(search, Math.max(0, start - base));
      if (found >= 0) return base + found;
    }
    return -1;
  }

  /** The offset of the last `search` starting at or before `from`, or -1. */
  lastIndexOf(search: string, from = this.size): number {
    if (this.joined !== undefined) return this.joined.lastIndexOf(search, from);
    if (from < 0) return -1;
    const start = clamp(from, this.size);
    for (let k = this.chunkAt(start); k >= 0; k--) {
      const base = this.starts[k];
      const piece = this.chunks[k] + (search.length > 1 && k + 1 < this.chunks.length ? this.chunks[k + 1].slice(0, search.length - 1) : '');
      const found = piece.lastIndexOf(search, start - base);
      if (found >= 0) return base + found;
    }
    return -1;
  }

  /** Replaces `[start, end)` (clamped into the text) by `inserted`. */
  replace(start: number, end: number, inserted: string): void {
    const from = clamp(start, this.size);
    const to = Math.max(from, clamp(end, this.size));
    if (from === to && inserted.length === 0) return;
    const delta = inserted.length - (to - from);
    this.replaceChunks(from, to, inserted);
    this.size += delta;
    this.joined = undefined;
    if (this.lines !== undefined) this.replaceLineStarts(from, to, inserted.length, delta);
  }

  /** The offset of a position, clamped into its line (before its line break) and into the text. */
  offsetAt(position: LineCharacter): number {
    const lines = this.lineStarts;
    if (position.line >= lines.length) return this.size;
    if (position.line < 0) return 0;
    const lineStart = lines[position.line];
    if (position.character <= 0) return lineStart;
    const nextLineStart = position.line + 1 < lines.length ? lines[position.line + 1] : this.size;
    return this.beforeLineBreak(Math.min(lineStart + position.character, nextLineStart), lineStart);
  }

  /** The position of an offset (clamped into the text). */
  positionAt(offset: number): LineCharacter {
    const at = Math.max(Math.min(offset, this.size), 0);
    const line = this.lineOf(at);
    const lineStart = this.lineStarts[line];
    return { line, character: this.beforeLineBreak(at, lineStart) - lineStart };
  }

  /** The line that `offset` lies on. */
  lineOf(offset: number): number {
    const lines = this.lineStarts;
    let low = 0;
    let high = lines.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (lines[mid] > offset) high = mid;
      else low = mid + 1;
    }
    return low - 1;
  }

  /** The offset where line `line` starts (clamped to the text's lines). */
  lineStart(line: number): number {
    const lines = this.lineStarts;
    return lines[Math.max(0, Math.min(lines.length - 1, line))];
  }

  /** The range of a line's text without its line break (past the last line: the last line's whole text). */
  lineRange(line: number): { start: LineCharacter; end: LineCharacter } {
    const lines = this.lineStarts;
    if (line >= lines.length) {
      const last = lines.length - 1;
      return { start: { line: last, character: 0 }, end: { line: last, character: this.size - lines[last] } };
    }
    if (line < 0) return { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    const lineStart = lines[line];
    const end = this.beforeLineBreak(line + 1 < lines.length ? lines[line + 1] : this.size, lineStart);
    return { start: { line, character: 0 }, end: { line, character: end - lineStart } };
  }

  /** The line break ending a line ("" for the last line and out of range). */
  lineBreak(line: number): string {
    const lines = this.lineStarts;
    if (line < 0 || line >= lines.length) return '';
    const next = line + 1 < lines.length ? lines[line + 1] : this.size;
    return this.slice(this.beforeLineBreak(next, lines[line]), next);
  }

  private beforeLineBreak(offset: number, lineStart: number): number {
    let at = offset;
    while (at > lineStart && isLineBreak(this.charCodeAt(at - 1))) at--;
    return at;
  }

  /** The chunk holding `offset` (the last chunk for the text's end). */
  private chunkAt(offset: number): number {
    const starts = this.starts;
    let low = 0;
    let high = starts.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (starts[mid] > offset) high = mid;
      else low = mid + 1;
    }
    return Math.max(0, low - 1);
  }

  private replaceChunks(from: number, to: number, inserted: string): void {
    let first = this.chunkAt(from);
    // An edit at a chunk's start that deletes nothing can go at the end of the chunk before it.
    if (first > 0 && from === this.starts[first] && to === from) first--;
    let last = to === from ? first : this.chunkAt(to - 1);
    let text = this.chunks[first].slice(0, from - this.starts[first]) + inserted + this.chunks[last].slice(to - this.starts[last]);
    // Small leftovers join a neighbour, so chunks stay few.
    if (text.length < this.min && this.chunks.length > last - first + 1) {
      if (last + 1 < this.chunks.length) text = text + this.chunks[++last];
      else text = this.chunks[--first] + text;
    }
    const pieces = text.length === 0 ? [] : text.length > this.max ? this.cut(text) : [text];
    if (pieces.length === 0 && this.chunks.length === last - first + 1) pieces.push('');
    if (pieces.length === 1 && first === last) this.chunks[first] = pieces[0];
    else this.chunks = this.chunks.slice(0, first).concat(pieces, this.chunks.slice(last + 1));
    this.restart(first);
  }

  /** A text cut into chunks of `target` code units (anywhere: the line starts are kept apart). */
  private cut(text: string): string[] {
    if (text.length <= this.max) return [text];
    const out: string[] = [];
    let at = 0;
    while (at < text.length) {
      let end = Math.min(text.length, at + this.target);
      if (text.length - end < this.min) end = text.length;
      out.push(text.slice(at, end));
      at = end;
    }
    return out;
  }

  /** Recomputes the chunk starts from chunk `from` on. */
  private restart(from: number): void {
    const starts = this.starts;
    starts.length = this.chunks.length;
    let at = from === 0 ? 0 : starts[from - 1] + this.chunks[from - 1].length;
    for (let k = from; k < this.chunks.length; k++) {
      starts[k] = at;
      at += this.chunks[k].length;
    }
  }

  /**
   * Line starts after the change (the text is changed already). Whether `p` starts a line
   * depends on the code units at p - 1 and p only: starts before `from` stay, those after the old
   * end shift, and those from `from` to the end of the inserted text are found again.
   */
  private replaceLineStarts(from: number, oldEnd: number, insertedLength: number, delta: number): void {
    const lines = this.lineStarts;
    const newEnd = from + insertedLength; // the last position to look at again (inclusive)
    let keepBefore = lowerBound(lines, from);
    if (keepBefore === 0) keepBefore = 1; // line 0 always starts at 0
    const firstShifted = lowerBound(lines, oldEnd + 1);
    const found: number[] = [];
    const lookFrom = Math.max(1, from);
    if (lookFrom <= newEnd) {
      const window = this.slice(lookFrom - 1, newEnd + 1);
      for (let p = lookFrom; p <= newEnd && p <= this.size; p++) {
        const before = window.charCodeAt(p - 1 - (lookFrom - 1));
        if (before === LF || (before === CR && window.charCodeAt(p - (lookFrom - 1)) !== LF)) found.push(p);
      }
    }
    // Move the shifted tail into place (and shift it) in one pass, then write the found starts.
    const tail = Math.max(keepBefore, firstShifted);
    const move = keepBefore + found.length - tail;
    const oldLength = lines.length;
    if (move > 0) {
      for (let k = 0; k < move; k++) lines.push(0);
      for (let k = oldLength - 1; k >= tail; k--) lines[k + move] = lines[k] + delta;
    } else if (move < 0 || delta !== 0) {
      for (let k = tail; k < oldLength; k++) lines[k + move] = lines[k] + delta;
      lines.length = oldLength + move;
    }
    for (let k = 0; k < found.length; k++) lines[keepBefore + k] = found[k];
  }
}

function isLineBreak(code: number): boolean {
  return code === LF || code === CR;
}

function clamp(offset: number, length: number): number {
  return offset < 0 ? 0 : offset > length ? length : Math.floor(offset);
}

/** Index of the first value ≥ `value` in an ascending list. */
function lowerBound(list: readonly number[], value: number): number {
  let low = 0;
  let high = list.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (list[mid] < value) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** The offsets of the line starts of `text`. */
function lineStartsOf(text: string): number[] {
  const out = [0];
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === CR) {
      if (i + 1 < text.length && text.charCodeAt(i + 1) === LF) i++;
      out.push(i + 1);
    } else if (code === LF) out.push(i + 1);
  }
  return out;
}
