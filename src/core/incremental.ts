// Incremental mention update after one edit: rescan only the region the edit can influence and
// shift the rest. The result is exactly that of a full rescan (proven by a property test): the
// window reaches one longest form to each side of the edit and grows until the old and the new
// scan agree that no mention crosses its right end.

import { FOLDED_SPACE, charTables } from './charTables';
import { attributeBlockRanges } from './markup';
import type { Matcher } from './matcher';
import type { Mention } from './types';

export interface TextEdit {
  /** Offset of the edit in the old text (and the new). */
  start: number;
  /** Length of the replaced text in the old text. */
  deletedLength: number;
  /** Length of the inserted text. */
  insertedLength: number;
}

export interface MentionState {
  mentions: Mention[];
  /** Attribute blocks of tags: not scanned (SPEC §2). */
  excluded: Array<[number, number]>;
}

/** All mentions of a text, from scratch. */
export function scanAll(matcher: Matcher, text: string): MentionState {
  const excluded = attributeBlockRanges(text);
  return { mentions: matcher.scan(text, excluded.length > 0 ? { excluded } : undefined), excluded };
}

/**
 * The mentions of `text` (the text after `edit`), given those of the text before it. Falls back
 * to a full rescan where the edit changed which attribute blocks exist.
 */
export function updateMentions(matcher: Matcher, previous: MentionState, text: string, edit: TextEdit, previousText?: string): MentionState {
  const delta = edit.insertedLength - edit.deletedLength;
  const editEnd = edit.start + edit.insertedLength; // in the new text
  const excluded = shiftedBlocks(previous.excluded, edit, text, previousText) ?? attributeBlockRanges(text);
  if (!sameBlocksOutside(previous.excluded, excluded, edit, delta)) return { mentions: scanAll(matcher, text).mentions, excluded };

  const reach = matcher.maxFormLength + 1;
  let left = backwards(text, edit.start, reach);
  let right = forwards(text, editEnd, reach);
  // An attribute block that touches the edit may have appeared or gone: rescan all it covers.
  for (const [s, e] of excluded) {
    if (e >= edit.start && s <= editEnd) {
      left = Math.min(left, s);
      right = Math.max(right, e);
    }
  }
  for (const [s, e] of previous.excluded) {
    if (e >= edit.start && s <= edit.start + edit.deletedLength) {
      left = Math.min(left, s);
      right = Math.max(right, Math.min(text.length, s >= edit.start + edit.deletedLength ? e + delta : Math.max(e + delta, editEnd)));
    }
  }
  left = wordStartAtOrBefore(text, left);

  // Old mentions, in new coordinates; those wholly inside the window are recomputed.
  const old = previous.mentions;
  const shifted = (m: Mention): Mention => (delta === 0 ? m : { start: m.start + delta, end: m.end + delta, entityId: m.entityId });
  // A kept mention on the left must end before the window: move the window over straddlers.
  let firstAffected = lowerBound(old, left);
  while (firstAffected > 0 && old[firstAffected - 1].end > left) {
    firstAffected--;
    left = Math.min(left, old[firstAffected].start);
  }

  for (;;) {
    const fresh = matcher.scan(text, { from: left, startBefore: right, excluded });
    const freshEnd = fresh.length > 0 ? fresh[fresh.length - 1].end : right;
    // The first old mention starting at or after the window, in new coordinates.
    let resume = firstAffected;
    // Old mentions that started in the deleted text are gone, also when the window is empty at
    // the end of the text (found by fuzzing: deleting a text's last mention left it at -4…0).
    const deletedEnd = edit.start + edit.deletedLength;
    while (resume < old.length && (old[resume].start < deletedEnd || shiftedStart(old[resume], edit, delta) < right)) resume++;
    const oldStraddles = right < text.length && resume > firstAffected && shiftedEnd(old[resume - 1], edit, delta) > right;
    if (freshEnd > right || oldStraddles) {
      // A mention crosses the window's end in one scan: widen and rescan.
      right = forwards(text, Math.max(freshEnd, oldStraddles ? shiftedEnd(old[resume - 1], edit, delta) : right), 1);
      continue;
    }
    const mentions = old.slice(0, firstAffected);
    for (const m of fresh) mentions.push(m);
    for (let k = resume; k < old.length; k++) mentions.push(shifted(old[k]));
    return { mentions, excluded };
  }
}

// Where an old mention lies in the new text. One that overlapped the edit is squeezed onto it:
// it lies inside the window, which always covers the edit.
function shiftedStart(m: Mention, edit: TextEdit, delta: number): number {
  if (m.start >= edit.start + edit.deletedLength) return m.start + delta;
  return Math.min(m.start, edit.start);
}

function shiftedEnd(m: Mention, edit: TextEdit, delta: number): number {
  if (m.end <= edit.start) return m.end;
  if (m.end >= edit.start + edit.deletedLength) return m.end + delta;
  return edit.start + edit.insertedLength;
}

/** Index of the first mention that starts at or after `offset`. */
function lowerBound(mentions: Mention[], offset: number): number {
  let low = 0;
  let high = mentions.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (mentions[mid].start < offset) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** Goes back `units` folded code units from `offset`; a run of white space counts as one unit. */
function backwards(text: string, offset: number, units: number): number {
  const fold = charTables().foldInsensitive;
  let i = Math.min(offset, text.length);
  while (i > 0 && units > 0) {
    i--;
    if (fold[text.charCodeAt(i)] === FOLDED_SPACE) while (i > 0 && fold[text.charCodeAt(i - 1)] === FOLDED_SPACE) i--;
    units--;
  }
  return i;
}

function forwards(text: string, offset: number, units: number): number {
  const fold = charTables().foldInsensitive;
  let i = Math.max(0, offset);
  while (i < text.length && units > 0) {
    if (fold[text.charCodeAt(i)] === FOLDED_SPACE) while (i + 1 < text.length && fold[text.charCodeAt(i + 1)] === FOLDED_SPACE) i++;
    i++;
    units--;
  }
  return Math.min(i, text.length);
}

/** The start of the run of non-space characters containing `offset`: a safe place to start scanning. */
function wordStartAtOrBefore(text: string, offset: number): number {
  const fold = charTables().foldInsensitive;
  let i = offset;
  while (i > 0 && fold[text.charCodeAt(i - 1)] !== FOLDED_SPACE) i--;
  return i;
}

/** Characters that can make or break a tag's attribute block. */
const MARKUP_CHARS = /[[\]{}\\]/;

/**
 * The attribute blocks after the edit without rescanning the text: possible when the edit
 * neither adds nor removes a bracket, brace or backslash and stays away from every block.
 * Undefined when the blocks must be found again.
 */
function shiftedBlocks(blocks: Array<[number, number]>, edit: TextEdit, text: string, previousText: string | undefined): Array<[number, number]> | undefined {
  if (previousText === undefined) return undefined;
  const oldEnd = edit.start + edit.deletedLength;
  if (MARKUP_CHARS.test(previousText.slice(edit.start, oldEnd)) || MARKUP_CHARS.test(text.slice(edit.start, edit.start + edit.insertedLength)))
    return undefined;
  // Every `]{` must have given a block: after an unterminated one (an open quote, a blank line)
  // or a span of another kind, any edit might change what is a block.
  let openings = 0;
  for (let i = previousText.indexOf(']{'); i !== -1 && openings <= blocks.length; i = previousText.indexOf(']{', i + 2)) openings++;
  if (openings !== blocks.length) return undefined;
  // An unterminated block reaches as far as the text lets it: any edit after it may move its end.
  if (blocks.some(([, e]) => previousText.charCodeAt(e - 1) !== 0x7d /* } */)) return undefined;
  // A deletion can bring a `]` and a `{` together.
  if (text.slice(Math.max(0, edit.start - 1), edit.start + edit.insertedLength + 1).includes(']{')) return undefined;
  const delta = edit.insertedLength - edit.deletedLength;
  const out: Array<[number, number]> = [];
  for (const [s, e] of blocks) {
    if (e + 1 < edit.start) out.push([s, e]);
    else if (s - 1 > oldEnd) out.push([s + delta, e + delta]);
    else return undefined; // the edit touches a block (or the `]` before it)
  }
  return out;
}

/** Whether the attribute blocks away from the edit are the same before and after it. */
function sameBlocksOutside(before: Array<[number, number]>, after: Array<[number, number]>, edit: TextEdit, delta: number): boolean {
  const oldEditEnd = edit.start + edit.deletedLength;
  const newEditEnd = edit.start + edit.insertedLength;
  const outsideOld = before
    .filter(([s, e]) => e < edit.start || s > oldEditEnd)
    .map(([s, e]): [number, number] => (s > oldEditEnd ? [s + delta, e + delta] : [s, e]));
  const outsideNew = after.filter(([s, e]) => e < edit.start || s > newEditEnd);
  if (outsideOld.length !== outsideNew.length) return false;
  for (let k = 0; k < outsideOld.length; k++) {
    if (outsideOld[k][0] !== outsideNew[k][0] || outsideOld[k][1] !== outsideNew[k][1]) return false;
  }
  return true;
}

/** One edit covering `first` followed by `second` (each in the coordinates of the text before it). */
export function mergeEdits(first: TextEdit, second: TextEdit): TextEdit {
  const start = Math.min(first.start, second.start);
  const middleEnd = Math.max(first.start + first.insertedLength, second.start + second.deletedLength);
  const originalEnd = middleEnd - first.insertedLength + first.deletedLength;
  const finalEnd = middleEnd + second.insertedLength - second.deletedLength;
  return { start, deletedLength: originalEnd - start, insertedLength: finalEnd - start };
}
