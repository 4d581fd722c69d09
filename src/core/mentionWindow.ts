// Mentions of a big document without scanning all of it at once (plain logic on strings, shared
// by the VS Code layer and the language server; tested in the extension host against a full scan):
// - `windowMentions`: exactly the mentions a full scan finds around the visible lines, computed
//   from those lines and their neighbourhood only, for the first highlights;
// - `ChunkedScan`: the full scan in slices, so the extension host never stalls for long.
//
// Both rest on two facts about the full scan (core/matcher.ts, core/markup.ts):
// - The matcher's scan is a walk whose only state is its position: two scans that reach the same
//   position (outside a mention and a word) go on identically. A position after white space is
//   never inside a word, so a scan steps onto it unless one of its mentions spans it. A mention
//   covers at most `maxFormLength` folded units (a run of white space is one unit, ignorable
//   marks none), and the matcher reads no further than that past a mention's start (plus the
//   word it ends in).
// - Attribute blocks `{...}` never reach past a blank line ("a blank line ends the block", quotes
//   included), so the blocks after a blank line are those of the text from there on.

import { FOLDED_IGNORE, FOLDED_SPACE, charTables } from './charTables';
import { attributeBlockRanges } from './markup';
import type { Matcher } from './matcher';
import type { Mention } from './types';

export type Block = [number, number];

/** Part of a document's text: `text` starts at document offset `start`. */
export interface TextSlice {
  text: string;
  start: number;
  /** Whether the slice ends where the document ends. */
  reachesEnd: boolean;
}

const LF = 0x0a;
const CR = 0x0d;
const SP = 0x20;
const TAB = 0x09;

function isBlankFiller(code: number): boolean {
  return code === SP || code === TAB || code === CR;
}

/**
 * Whether `offset` is the start of a line that follows a blank line: the scans of attribute
 * blocks from the start and from there agree on every block after it.
 */
export function isBlockBoundary(text: string, offset: number): boolean {
  if (offset <= 1 || offset > text.length || text.charCodeAt(offset - 1) !== LF) return false;
  let i = offset - 2;
  while (i >= 0 && isBlankFiller(text.charCodeAt(i))) i--;
  return i >= 0 && text.charCodeAt(i) === LF;
}

/** The first block boundary at or after `offset`, or -1. */
export function nextBlockBoundary(text: string, offset: number): number {
  let lf = text.indexOf('\n', Math.max(0, offset - 1));
  while (lf >= 0) {
    if (lf + 1 >= offset && isBlockBoundary(text, lf + 1)) return lf + 1;
    lf = text.indexOf('\n', lf + 1);
  }
  return -1;
}

/** The last block boundary at or before `offset` (and after `floor`), or -1. */
export function previousBlockBoundary(text: string, offset: number, floor = 0): number {
  let lf = text.lastIndexOf('\n', Math.min(text.length, offset) - 1);
  while (lf >= floor) {
    if (isBlockBoundary(text, lf + 1)) return lf + 1;
    if (lf === 0) break;
    lf = text.lastIndexOf('\n', lf - 1);
  }
  return -1;
}

/** The attribute blocks of `text` within `[from, to)`, both block boundaries (or 0 / the text's end). */
export function blocksBetween(text: string, from: number, to: number): Block[] {
  const local = from === 0 && to === text.length ? text : text.slice(from, to);
  const found = attributeBlockRanges(local);
  return from === 0 ? found : found.map(([s, e]): Block => [s + from, e + from]);
}

/** Goes back `units` folded units from `offset`: a run of white space is one, ignorable marks none. */
export function unitsBack(text: string, offset: number, units: number): number {
  const fold = charTables().foldInsensitive;
  let i = Math.min(offset, text.length);
  while (i > 0 && units > 0) {
    i--;
    const folded = fold[text.charCodeAt(i)];
    if (folded === FOLDED_IGNORE) continue;
    if (folded === FOLDED_SPACE) while (i > 0 && fold[text.charCodeAt(i - 1)] === FOLDED_SPACE) i--;
    units--;
  }
  return i;
}

/** Goes forward `units` folded units from `offset` (see unitsBack). */
export function unitsForward(text: string, offset: number, units: number): number {
  const fold = charTables().foldInsensitive;
  let i = Math.max(0, offset);
  while (i < text.length && units > 0) {
    const folded = fold[text.charCodeAt(i)];
    i++;
    if (folded === FOLDED_IGNORE) continue;
    if (folded === FOLDED_SPACE) while (i < text.length && fold[text.charCodeAt(i)] === FOLDED_SPACE) i++;
    units--;
  }
  return i;
}

/** Index of the first block ending after `offset` (blocks are sorted and disjoint). */
function firstBlockEndingAfter(blocks: readonly Block[], offset: number): number {
  let low = 0;
  let high = blocks.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (blocks[mid][1] <= offset) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** Index of the first mention ending after `offset` (mentions are sorted and disjoint). */
export function firstMentionEndingAfter(mentions: readonly Mention[], offset: number): number {
  let low = 0;
  let high = mentions.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (mentions[mid].end <= offset) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** The mentions that overlap `[from, to)`. */
export function mentionsOverlapping(mentions: readonly Mention[], from: number, to: number): Mention[] {
  const first = firstMentionEndingAfter(mentions, from);
  let last = first;
  while (last < mentions.length && mentions[last].start < to) last++;
  return mentions.slice(first, last);
}

/** Whether some mention starts before `offset` and ends after it. */
function spans(mentions: readonly Mention[], offset: number): boolean {
  const i = firstMentionEndingAfter(mentions, offset);
  return i < mentions.length && mentions[i].start < offset;
}

/** Margin, in folded units, beyond what one mention can cover. */
function reachOf(matcher: Matcher): number {
  return matcher.maxFormLength + 2;
}

/**
 * Exactly the mentions of a full scan of the document that overlap the document offsets
 * `[from, to)`, from a slice of the text around them; undefined when the slice is too short to
 * be sure (give a wider one: with the whole document it always succeeds).
 *
 * The scan starts some way before `from`. Where the full scan stands there is unknown: at that
 * position, or at the end of a mention that began before it and spans it. Every such mention
 * is tried; each scan from its end must meet the scan from the start position before the
 * window's mentions can begin.
 */
export function windowMentions(matcher: Matcher, slice: TextSlice, from: number, to: number): Mention[] | undefined {
  const text = slice.text;
  const windowStart = Math.max(0, from - slice.start);
  const windowEnd = Math.min(text.length, to - slice.start);
  const reach = reachOf(matcher);
  // What the mentions starting in the window can reach must lie inside the slice.
  const reached = unitsForward(text, windowEnd, reach);
  if (reached >= text.length && !slice.reachesEnd) return undefined;
  let blocksTo = nextBlockBoundary(text, reached);
  if (blocksTo < 0) {
    if (!slice.reachesEnd) return undefined;
    blocksTo = text.length;
  }
  // Mentions overlapping the window start at or after `settled`: the scans must agree by then.
  const settled = unitsBack(text, windowStart, reach);
  const scanStart = unitsBack(text, settled, 2 * reach);
  const found = scanStart > 0 ? settledScan(matcher, text, scanStart, settled, windowEnd, blocksTo) : undefined;
  if (found) return shifted(mentionsOverlapping(found, windowStart, windowEnd), slice.start);
  if (slice.start > 0) return undefined;
  // The document's start: where the full scan starts.
  const main = matcher.scan(text, { startBefore: windowEnd, excluded: blocksBetween(text, 0, blocksTo) });
  return mentionsOverlapping(main, windowStart, windowEnd);
}

function shifted(mentions: Mention[], by: number): Mention[] {
  return by === 0 ? mentions : mentions.map((m) => ({ start: m.start + by, end: m.end + by, entityId: m.entityId }));
}

/** The scan from `scanStart` to `windowEnd` if every scan the full one may be in meets it by `settled`. */
function settledScan(matcher: Matcher, text: string, scanStart: number, settled: number, windowEnd: number, blocksTo: number): Mention[] | undefined {
  const candidatesFrom = unitsBack(text, scanStart, reachOf(matcher));
  if (candidatesFrom === 0) return undefined;
  const blocksFrom = previousBlockBoundary(text, candidatesFrom);
  if (blocksFrom < 0) return undefined;
  const excluded = blocksBetween(text, blocksFrom, blocksTo);
  const main = matcher.scan(text, { from: scanStart, startBefore: windowEnd, excluded });
  for (let start = candidatesFrom; start < scanStart; start++) {
    const found = matcher.scan(text, { from: start, startBefore: start + 1, excluded });
    const spanning = found.length > 0 && found[0].start === start && found[0].end > scanStart ? found[0] : undefined;
    if (spanning && !meets(text, main, matcher.scan(text, { from: spanning.end, startBefore: settled, excluded }), spanning.end, settled)) return undefined;
  }
  return main;
}

/**
 * Whether the scans `a` and `b` (which starts at `from`) reach a common position by `by`: one
 * that both step onto, i.e. after white space (or `from`, which ends a mention of `b` and so is
 * not inside a word) and inside no mention of either. From there on they are the same scan.
 */
function meets(text: string, a: readonly Mention[], b: readonly Mention[], from: number, by: number): boolean {
  if (!spans(a, from)) return true;
  const fold = charTables().foldInsensitive;
  for (let p = from + 1; p <= by; p++) {
    if (fold[text.charCodeAt(p - 1)] === FOLDED_SPACE && !spans(a, p) && !spans(b, p)) return true;
  }
  return false;
}

/**
 * A full scan (the same mentions and attribute blocks as core/incremental.ts `scanAll`) done
 * a slice at a time: each `step` scans up to the line start after `chars` more characters.
 */
export class ChunkedScan {
  readonly mentions: Mention[] = [];
  /** Attribute blocks found so far (all of them once done). */
  readonly excluded: Block[] = [];
  /** Where the next slice's scan starts: a line start or the end of the last mention. */
  private next = 0;
  /** Mentions starting before this offset are final. */
  private scanned = 0;
  /** Blocks are known up to this block boundary (or the text's end). */
  private blocksKnown = 0;

  constructor(
    private readonly matcher: Matcher,
    readonly text: string,
  ) {}

  get done(): boolean {
    return this.scanned >= this.text.length;
  }

  /** Scans about `chars` more characters; true once the whole text is done. */
  step(chars: number): boolean {
    const text = this.text;
    if (this.done) return true;
    let end = text.indexOf('\n', this.scanned + chars);
    end = end < 0 ? text.length : end + 1;
    // A mention starting before `end` reads at most one mention's reach past it.
    this.knowBlocksUpTo(unitsForward(text, end, reachOf(this.matcher)), chars);
    const from = Math.max(this.next, this.scanned);
    const found = this.matcher.scan(text, { from, startBefore: end, excluded: this.excluded.slice(firstBlockEndingAfter(this.excluded, from)) });
    for (const m of found) this.mentions.push(m);
    const last = found[found.length - 1];
    this.next = last && last.end > end ? last.end : end;
    this.scanned = end;
    return this.done;
  }

  /** Runs the remaining steps at once. */
  finish(): void {
    while (!this.step(1 << 20));
  }

  private knowBlocksUpTo(offset: number, chars: number): void {
    const text = this.text;
    while (this.blocksKnown < Math.min(offset, text.length)) {
      let to = nextBlockBoundary(text, Math.max(offset, this.blocksKnown + chars));
      if (to < 0) to = text.length;
      for (const block of blocksBetween(text, this.blocksKnown, to)) this.excluded.push(block);
      this.blocksKnown = to;
    }
  }
}
