// Pure helpers of the tagging commands (SPEC §4): reading the commands' argument objects, where a
// selection (or an empty cursor) puts a tag, the edits of several selections as one edit, the
// sentence and paragraph around a cursor, and the ranking of entities for the prompts.
// No `vscode`, no Node built-ins: offsets are UTF-16 code units, end exclusive.
//
// An EMPTY selection tags the sentence around the cursor: it ends at `.`, `!`, `?`, `…` (and
// `。！？؟۔`) followed by white space (a `.` after an initial or a common abbreviation such as
// "Dr." or "Gen.", or before a lower-case word, does not end it), at a blank line, at the end of
// a Markdown heading or a dated line (`Publish Date : 12 August 2025`), before a list item, and
// never runs across a tag's boundary: inside a tag it stays inside the tag's text, other tags
// count as a whole (a period inside one does not end the sentence around it), and a tag it
// would cut is left out. Surrounding white space is never tagged.

import {
  CLAIM_ATTRIBUTES,
  CONFIDENCE_TERMS,
  CREDIBILITY,
  EVENT_ATTRIBUTES,
  MarkupEdit,
  PLOVER_EVENT_TYPES,
  RELIABILITY,
  TagKind,
  AssertionKind,
  TagSpan,
  TagSpec,
  crossesTagBoundary,
  entityIdList,
  isTagDate,
  removeTag,
  wrapInTag,
  quoteMarkTrim,
  untaggableRange,
} from './markup';
import { dateOfDatedLine } from './documentDate';
import type { EventType, Mention } from './types';
import { appendAll } from './arrays';

/** Entity IDs as the registry allows them (SPEC §1). */
const ENTITY_ID_RE = /^[a-z0-9][a-z0-9._-]*$/;
/** Event types as written in the markup: lower case, like the PLOVER categories. */
const EVENT_TYPE_RE = /^[a-z0-9][a-z0-9._-]*$/;

/** A command argument that cannot be used; the message names the argument and what is expected. */
export class ArgumentError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ArgumentError';
  }
}

// ---------------------------------------------------------------------------------------------
// Argument objects

/** What a tag command's argument object asks for, checked and in canonical order. */
export interface TagArguments {
  kind: TagKind;
  /** `[key, value]` in the order SPEC §3 lists the attributes; lists are space-separated. */
  attributes: [string, string][];
  /** Every entity ID the arguments name (to warn about IDs the registry does not know). */
  entityIds: string[];
}

/** Entity ID lists: an array of strings or one string of IDs separated by spaces (or commas). */
export function idListArgument(name: string, value: unknown): string[] {
  if (value === undefined || value === null) return [];
  let ids: string[];
  if (typeof value === 'string') ids = entityIdList(value);
  else if (Array.isArray(value)) {
    ids = [];
    for (const item of value) {
      if (typeof item !== 'string') throw new ArgumentError(`“${name}” must be a list of entity IDs (strings); got ${describe(item)} in it.`);
      appendAll(ids, entityIdList(item));
    }
  } else throw new ArgumentError(`“${name}” must be a list of entity IDs: an array of strings or a space-separated string; got ${describe(value)}.`);
  const seen = new Set<string>(); // not out.includes: a list may hold a million IDs
  for (const id of ids) {
    if (!ENTITY_ID_RE.test(id)) throw new ArgumentError(`“${name}”: “${id}” is not an entity ID (lower case letters, digits, “.”, “_” and “-”).`);
    seen.add(id);
  }
  return [...seen];
}

/** One entity ID: a string (or an array of exactly one). */
export function idArgument(name: string, value: unknown): string | undefined {
  const ids = idListArgument(name, value);
  if (ids.length > 1) throw new ArgumentError(`“${name}” takes one entity ID; got ${ids.length}: ${ids.join(', ')}.`);
  return ids[0];
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 39)}…` : value);
  // eslint-disable-next-line @typescript-eslint/no-base-to-string -- a primitive or a function here (objects are handled above)
  return typeof value === 'object' ? 'an object' : `${typeof value} ${String(value)}`;
}

function stringArgument(name: string, value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string') throw new ArgumentError(`“${name}” must be a string; got ${describe(value)}.`);
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

/** An ICD 203 term; also accepts other spellings of one (`Very likely`, `very_likely`). */
export function confidenceArgument(value: unknown): string | undefined {
  const s = stringArgument('confidence', value);
  if (s === undefined) return undefined;
  const term = s.toLowerCase().replace(/[\s_]+/g, '-');
  if (!Object.prototype.hasOwnProperty.call(CONFIDENCE_TERMS, term)) {
    throw new ArgumentError(`“confidence” must be an ICD 203 term: ${Object.keys(CONFIDENCE_TERMS).join(', ')}; got “${s}”.`);
  }
  return term;
}

export function reliabilityArgument(value: unknown): string | undefined {
  const s = stringArgument('reliability', value);
  if (s === undefined) return undefined;
  const grade = s.toUpperCase();
  if (!Object.prototype.hasOwnProperty.call(RELIABILITY, grade)) throw new ArgumentError(`“reliability” must be an Admiralty grade A–F; got “${s}”.`);
  return grade;
}

export function credibilityArgument(value: unknown): string | undefined {
  const s = stringArgument('credibility', value);
  if (s === undefined) return undefined;
  if (!Object.prototype.hasOwnProperty.call(CREDIBILITY, s)) throw new ArgumentError(`“credibility” must be an Admiralty grade 1–6; got “${s}”.`);
  return s;
}

export function dateArgument(value: unknown): string | undefined {
  const s = stringArgument('date', value);
  if (s === undefined) return undefined;
  if (!isTagDate(s)) throw new ArgumentError(`“date” must be yyyy, yyyy-mm or yyyy-mm-dd (a real date); got “${s}”.`);
  return s;
}

/** The event types on offer: the PLOVER categories, then the registry's `eventTypes:`. */
export interface EventTypeChoice {
  id: string;
  label?: string;
  description?: string;
  source: 'plover' | 'registry';
}

export function eventTypeChoices(registryTypes: readonly EventType[] = []): EventTypeChoice[] {
  const out: EventTypeChoice[] = Object.entries(PLOVER_EVENT_TYPES).map(([id, description]) => ({ id, description, source: 'plover' }));
  const index = new Map(out.map((c, i) => [c.id, i]));
  for (const t of registryTypes) {
    const known = index.get(t.id);
    if (known !== undefined) {
      // The registry may describe a PLOVER category in its own words.
      const c = out[known];
      out[known] = { ...c, label: t.label ?? c.label, description: t.description ?? c.description };
      continue;
    }
    index.set(t.id, out.length);
    out.push({ id: t.id, label: t.label, description: t.description, source: 'registry' });
  }
  return out;
}

export function eventTypeArgument(value: unknown, types: readonly EventTypeChoice[]): string | undefined {
  const s = stringArgument('type', value);
  if (s === undefined) return undefined;
  const type = s.toLowerCase();
  if (!EVENT_TYPE_RE.test(type) || !types.some((t) => t.id === type)) {
    throw new ArgumentError(`“type” must be an event type of the taxonomy (${types.map((t) => t.id).join(', ')}); got “${s}”.`);
  }
  return type;
}

const ARGUMENT_KEYS: Readonly<Record<AssertionKind, readonly string[]>> = {
  claim: CLAIM_ATTRIBUTES,
  event: EVENT_ATTRIBUTES,
};

/**
 * Reads the argument object of `analystMarkup.tagClaim` (`{ by, about, confidence, reliability,
 * credibility, date }`) or `analystMarkup.tagEvent` (`{ type, actors, targets, date, place }`,
 * and `note`). Throws ArgumentError on an unknown key, a missing `by`/`type` or a bad value.
 */
export function readTagArguments(kind: AssertionKind, args: unknown, eventTypes: readonly EventTypeChoice[] = eventTypeChoices()): TagArguments {
  if (args === null || typeof args !== 'object' || Array.isArray(args)) {
    throw new ArgumentError(`The argument must be an object such as ${kind === 'claim' ? '{ "by": "ali-larijani" }' : '{ "type": "agree" }'}.`);
  }
  const o = args as Record<string, unknown>;
  const allowed = ARGUMENT_KEYS[kind];
  for (const key of Object.keys(o)) {
    if (!allowed.includes(key)) throw new ArgumentError(`Unknown argument “${key}” for a ${kind}; expected ${allowed.join(', ')}.`);
  }
  const attributes: [string, string][] = [];
  const entityIds: string[] = [];
  const addIds = (key: string, ids: string[]): void => {
    if (ids.length === 0) return;
    attributes.push([key, ids.join(' ')]);
    for (const id of ids) if (!entityIds.includes(id)) entityIds.push(id);
  };
  const add = (key: string, value: string | undefined): void => {
    if (value !== undefined) attributes.push([key, value]);
  };
  for (const key of allowed) {
    const value = o[key];
    switch (key) {
      case 'by':
      case 'place': {
        const id = idArgument(key, value);
        if (id !== undefined) addIds(key, [id]);
        break;
      }
      case 'about':
      case 'actors':
      case 'targets':
        addIds(key, idListArgument(key, value));
        break;
      case 'confidence':
        add(key, confidenceArgument(value));
        break;
      case 'reliability':
        add(key, reliabilityArgument(value));
        break;
      case 'credibility':
        add(key, credibilityArgument(value));
        break;
      case 'date':
        add(key, dateArgument(value));
        break;
      case 'type':
        add(key, eventTypeArgument(value, eventTypes));
        break;
      case 'note': {
        const note = stringArgument(key, value);
        add(key, note);
        break;
      }
    }
  }
  const required = kind === 'claim' ? 'by' : 'type';
  if (!attributes.some(([key]) => key === required)) {
    throw new ArgumentError(
      kind === 'claim'
        ? '“by” (the claimant’s entity ID) is required, e.g. { "by": "ali-larijani" }.'
        : '“type” (the event type) is required, e.g. { "type": "agree" }.',
    );
  }
  return { kind, attributes, entityIds };
}

// ---------------------------------------------------------------------------------------------
// Sentences and paragraphs

const TERMINATORS = new Set(['.', '!', '?', '…', '。', '！', '？', '؟', '۔']);
/** May follow a terminator before the white space: closing quotes and brackets. */
const CLOSERS = new Set(['"', "'", '”', '’', '»', '›', ')', ']', '}', '」', '』', '）']);
/** Words whose `.` does not end a sentence (compared in lower case). */
const ABBREVIATIONS = new Set([
  'mr',
  'mrs',
  'ms',
  'dr',
  'prof',
  'gen',
  'col',
  'lt',
  'maj',
  'capt',
  'cpt',
  'sgt',
  'adm',
  'cmdr',
  'brig',
  'gov',
  'sen',
  'rep',
  'pres',
  'amb',
  'sr',
  'jr',
  'st',
  'no',
  'nos',
  'vs',
  'etc',
  'inc',
  'ltd',
  'co',
  'corp',
  'dept',
  'approx',
  'est',
  'fig',
  'vol',
  'jan',
  'feb',
  'mar',
  'apr',
  'jun',
  'jul',
  'aug',
  'sep',
  'sept',
  'oct',
  'nov',
  'dec',
  'e.g',
  'i.e',
  'cf',
  'al',
]);
const LETTER_RE = /[\p{L}\p{M}]/u;
const LOWER_RE = /\p{Ll}/u;
/** A Markdown heading or list item at the start of a line (after indentation). */
const BLOCK_START_RE = /^[ \t]*(?:#{1,6}[ \t]|[-*+][ \t]|\d{1,3}[.)][ \t]|>[ \t]?)/;
const HEADING_RE = /^[ \t]*#{1,6}[ \t]/;

function isSpace(ch: string | undefined): boolean {
  return (
    ch === ' ' ||
    ch === '\t' ||
    ch === '\n' ||
    ch === '\r' ||
    ch === '\f' ||
    ch === '\v' ||
    ch === '\u00a0' ||
    ch === '\u2028' ||
    ch === '\u2029' ||
    ch === '\u3000'
  );
}

/** Regions that are markup, not text: each tag's `[` and its `]{…}` block; sorted, disjoint. */
function markupRegions(spans: readonly TagSpan[]): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (const sp of spans) {
    out.push([sp.start, sp.contentStart]);
    out.push([sp.contentEnd, sp.end]);
  }
  return out.sort((a, b) => a[0] - b[0]);
}

/** The blank-line-delimited paragraph around `offset`, within `[lo, hi)`, without surrounding white space. */
export function paragraphRange(text: string, offset: number, lo = 0, hi = text.length): [number, number] {
  offset = Math.max(lo, Math.min(offset, hi));
  let start = lo;
  // Back to the line break that ends a blank line.
  for (let i = offset - 1; i >= lo; i--) {
    if (text[i] !== '\n') continue;
    let j = i - 1;
    while (j >= lo && (text[j] === ' ' || text[j] === '\t' || text[j] === '\r')) j--;
    if (j < lo || text[j] === '\n') {
      start = i + 1;
      break;
    }
  }
  let end = hi;
  for (let i = offset; i < hi; i++) {
    if (text[i] !== '\n') continue;
    let j = i + 1;
    while (j < hi && (text[j] === ' ' || text[j] === '\t' || text[j] === '\r')) j++;
    if (j >= hi || text[j] === '\n') {
      end = i;
      break;
    }
  }
  return trimRange(text, start, end);
}

/** `[start, end)` without white space at either end (may become empty). */
export function trimRange(text: string, start: number, end: number): [number, number] {
  while (start < end && isSpace(text[start])) start++;
  while (end > start && isSpace(text[end - 1])) end--;
  return [start, end];
}

function isAbbreviation(text: string, dot: number, lo: number): boolean {
  let i = dot;
  while (i > lo && (LETTER_RE.test(text[i - 1]) || (text[i - 1] === '.' && i - 2 >= lo && LETTER_RE.test(text[i - 2])))) i--;
  const word = text.slice(i, dot).toLowerCase();
  if (word.length === 0) return false;
  if (ABBREVIATIONS.has(word)) return true;
  // An initial (“J. Smith”) or the last letter of dotted capitals (“U.S.”).
  const last = word.slice(word.lastIndexOf('.') + 1);
  return last.length === 1 && text[dot - 1] !== text[dot - 1].toLowerCase();
}

/**
 * Sentence ends (exclusive offsets) in `[lo, hi)`, found in one pass. Markup regions are skipped:
 * a period inside an attribute block never ends a sentence, and a tag's `]{…}` after a
 * terminator counts as closing punctuation.
 */
function sentenceEnds(text: string, lo: number, hi: number, regions: Array<[number, number]>): number[] {
  const ends: number[] = [];
  let r = 0;
  const regionAt = (i: number): [number, number] | undefined => {
    while (r < regions.length && regions[r][1] <= i) r++;
    return r < regions.length && regions[r][0] <= i ? regions[r] : undefined;
  };
  let i = lo;
  let lineStart = text.lastIndexOf('\n', lo - 1) + 1;
  while (i < hi) {
    const region = regionAt(i);
    if (region) {
      i = Math.min(hi, region[1]);
      continue;
    }
    const ch = text[i];
    if (ch === '\n') {
      // A heading ends with its line; a blank line, or a heading or list item on the next line,
      // starts a new sentence.
      let j = i + 1;
      while (j < hi && (text[j] === ' ' || text[j] === '\t' || text[j] === '\r')) j++;
      // So does a dated line (`Publish Date : 12 August 2025`) at the head of an article.
      const line = text.slice(lineStart, i);
      const heading = HEADING_RE.test(line) || (line.length <= 80 && dateOfDatedLine(line) !== undefined);
      if (heading || (j < hi && (text[j] === '\n' || BLOCK_START_RE.test(text.slice(i + 1, Math.min(hi, i + 12)))))) ends.push(i);
      i++;
      lineStart = i;
      continue;
    }
    if (!TERMINATORS.has(ch)) {
      i++;
      continue;
    }
    let j = i + 1;
    for (;;) {
      if (j >= hi) break;
      const inner = regionAt(j);
      if (inner) {
        j = Math.min(hi, inner[1]);
        continue;
      }
      if (TERMINATORS.has(text[j]) || CLOSERS.has(text[j])) {
        j++;
        continue;
      }
      break;
    }
    const cjk = ch === '。' || ch === '！' || ch === '？';
    if (j < hi && !isSpace(text[j]) && !cjk) {
      i = j;
      continue;
    }
    if (ch === '.' && j === i + 1 && isAbbreviation(text, i, lo)) {
      i = j;
      continue;
    }
    // “… said the U.S. official”: a lower-case word after the stop continues the sentence.
    let k = j;
    while (k < hi && isSpace(text[k]) && text[k] !== '\n') k++;
    if (ch === '.' && k < hi && LOWER_RE.test(text[k])) {
      i = j;
      continue;
    }
    ends.push(j);
    i = j;
  }
  return ends;
}

/**
 * The sentence around `offset` (see the file comment), trimmed; within `[lo, hi)` when given.
 * `spans` (the document's tags) keep periods inside attribute blocks from ending sentences.
 */
export function sentenceRange(text: string, offset: number, spans: readonly TagSpan[] = [], lo = 0, hi = text.length): [number, number] {
  offset = Math.max(lo, Math.min(offset, hi));
  const [ps, pe] = paragraphRange(text, offset, lo, hi);
  const paraStart = offset < ps ? lo : ps;
  const paraEnd = offset > pe ? hi : pe;
  // Other tags are atomic: a sentence end inside one does not end the sentence around it.
  const others = spans.filter((sp) => !(sp.contentStart <= offset && offset <= sp.contentEnd));
  const ends = sentenceEnds(text, paraStart, paraEnd, markupRegions(spans)).filter((e) => !others.some((sp) => sp.start < e && e < sp.end));
  let start = paraStart;
  let end = paraEnd;
  for (const e of ends) {
    if (e < offset) start = e;
    else {
      end = e;
      break;
    }
  }
  return trimRange(text, start, end);
}

// ---------------------------------------------------------------------------------------------
// Where tags go

export interface TextSelection {
  /** Offsets of the selection; anchor/active order does not matter. */
  start: number;
  end: number;
}

export type TargetResult =
  | { ok: true; targets: Array<[number, number]> }
  | { ok: false; message: string; /** The selection (index into the input) at fault. */ selection?: number; span?: TagSpan };

/**
 * The range an empty selection at `offset` tags: its sentence, kept inside the innermost tag
 * whose text holds the cursor and clear of tags the sentence would cut. undefined when the
 * cursor is in a tag's attribute block or there is no text around it.
 */
export function sentenceTarget(text: string, spans: readonly TagSpan[], offset: number): [number, number] | undefined {
  if (crossesTagBoundary(spans, offset, offset)) return undefined;
  let lo = 0;
  let hi = text.length;
  for (const sp of spans) {
    if (sp.contentStart <= offset && offset <= sp.contentEnd) {
      lo = Math.max(lo, sp.contentStart);
      hi = Math.min(hi, sp.contentEnd);
    }
  }
  let [start, end] = sentenceRange(text, offset, spans, lo, hi);
  // Leave out tags the sentence would cut (whole tags inside it stay: they nest).
  for (const sp of spans) {
    if (sp.end <= start || sp.start >= end) continue;
    if (sp.contentStart <= offset && offset <= sp.contentEnd) continue; // an enclosing tag
    if (start <= sp.start && sp.end <= end) continue;
    if (sp.start < start || sp.end <= offset) start = Math.max(start, sp.end);
    else end = Math.min(end, sp.start);
  }
  [start, end] = trimRange(text, start, Math.max(start, end));
  // Leading Markdown block markers (`# `, `- `, `1. `, `> `) are not part of the sentence.
  for (;;) {
    const lineStart = text.lastIndexOf('\n', start - 1) + 1;
    if (text.slice(lineStart, start).trim() !== '') break;
    const m = BLOCK_START_RE.exec(text.slice(lineStart, Math.min(end, lineStart + 12)));
    if (!m || lineStart + m[0].length > end || lineStart + m[0].length <= start) break;
    [start, end] = trimRange(text, lineStart + m[0].length, end);
  }
  if (start >= end || crossesTagBoundary(spans, start, end)) return undefined;
  return [start, end];
}

/** The 1-based line of `offset`, for messages. */
export function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

function tagName(sp: TagSpan): string {
  return `${sp.kind ? `${sp.kind} ` : 'tag '}${sp.id ? `#${sp.id}` : ''}`.trim();
}

/**
 * The ranges a tag command wraps, one per selection, sorted: non-empty selections without the
 * white space at their ends, empty ones as their sentence (sentenceTarget); identical ranges
 * once. Fails — for all selections, so that nothing is edited — when a range would cut across a
 * tag's boundary, when two ranges overlap, or when a selection holds only white space.
 */
export function tagTargets(text: string, spans: readonly TagSpan[], selections: readonly TextSelection[]): TargetResult {
  const ranges: Array<{ range: [number, number]; index: number }> = [];
  for (let index = 0; index < selections.length; index++) {
    const s = Math.min(selections[index].start, selections[index].end);
    const e = Math.max(selections[index].start, selections[index].end);
    const where = selections.length > 1 ? `Selection ${index + 1} (line ${lineOf(text, s)})` : 'The selection';
    let range: [number, number] | undefined;
    if (s === e) {
      const crossed = crossesTagBoundary(spans, s, s);
      if (crossed) {
        return {
          ok: false,
          selection: index,
          span: crossed,
          message: `The cursor${selections.length > 1 ? ` ${index + 1} (line ${lineOf(text, s)})` : ''} is inside the attributes of the ${tagName(crossed)}: put it in the text to tag, or select the text.`,
        };
      }
      range = sentenceTarget(text, spans, s);
      if (!range)
        return { ok: false, selection: index, message: `There is no sentence to tag at the cursor (line ${lineOf(text, s)}): select the text to tag.` };
    } else {
      range = trimRange(text, s, e);
      if (range[0] >= range[1]) return { ok: false, selection: index, message: `${where} holds only white space: select the text to tag.` };
      const crossed = crossesTagBoundary(spans, range[0], range[1]) ?? crossesTagBoundary(spans, s, e);
      if (crossed) {
        return {
          ok: false,
          selection: index,
          span: crossed,
          message: `${where} cuts across the ${tagName(crossed)} (line ${lineOf(text, crossed.start)}): tags may nest but not overlap. Select the whole tag or only text inside it. Nothing was tagged.`,
        };
      }
    }
    range = quoteMarkTrim(text, range[0], range[1]);
    const problem = range[0] < range[1] ? untaggableRange(text, range[0], range[1]) : undefined;
    if (problem) {
      const why =
        problem === 'paragraph'
          ? 'runs over a paragraph break, where Pandoc ends a span: tag each paragraph on its own.'
          : 'starts or ends inside code (inline code or a code block), where Pandoc reads no tags: select text outside the code, or the whole code span.';
      return { ok: false, selection: index, message: `${where} ${why} Nothing was tagged.` };
    }
    ranges.push({ range, index });
  }
  ranges.sort((a, b) => a.range[0] - b.range[0] || a.range[1] - b.range[1]);
  const out: Array<[number, number]> = [];
  for (let k = 0; k < ranges.length; k++) {
    const cur = ranges[k].range;
    const prev = out[out.length - 1];
    if (prev && prev[0] === cur[0] && prev[1] === cur[1]) continue; // two cursors in one sentence
    if (prev && cur[0] < prev[1]) {
      return {
        ok: false,
        selection: ranges[k].index,
        message: `Two selections overlap (line ${lineOf(text, cur[0])}): tag them one at a time. Nothing was tagged.`,
      };
    }
    out.push(cur);
  }
  return { ok: true, targets: out };
}

/**
 * Edits that wrap each target (sorted, disjoint: from tagTargets) in its tag, merged into
 * insertions at distinct offsets: where one tag ends and the next begins, one insertion
 * `]{…}[`, so that applying them in any order gives the same text.
 */
export function tagEdits(text: string, targets: ReadonlyArray<readonly [number, number]>, specs: readonly TagSpec[]): MarkupEdit[] {
  if (specs.length !== targets.length) throw new RangeError('One tag spec per target');
  const out: MarkupEdit[] = [];
  targets.forEach(([start, end], i) => {
    for (const edit of wrapInTag(text, start, end, specs[i])) {
      const last = out[out.length - 1];
      if (last && last.start === edit.start && last.end === last.start && edit.end === edit.start) last.newText += edit.newText;
      else out.push({ ...edit });
    }
  });
  return out;
}

// ---------------------------------------------------------------------------------------------
// Untagging

export type UntagResult =
  | {
      ok: true;
      edits: MarkupEdit[];
      spans: TagSpan[];
      /** Selections with no tag around them. */
      missed: number[];
      /** Where the text of each removed tag (in `spans` order) is once the edits are applied: select these afterwards, and tag then untag gives back the selection too. */
      texts: Array<[number, number]>;
    }
  | { ok: false; message: string };

/** The innermost tag holding all of `[start, end]` (for an empty selection: tagAt). */
export function tagAround(spans: readonly TagSpan[], start: number, end: number): TagSpan | undefined {
  if (end < start) [start, end] = [end, start];
  let best: TagSpan | undefined;
  for (const sp of spans) {
    if (sp.start > start) break;
    if (end <= sp.end && (!best || sp.depth > best.depth)) best = sp;
  }
  return best;
}

/**
 * Edits that remove the innermost tag at each selection, keeping the tagged text (the escapes
 * tagging added go too, so that tagging then untagging gives back the text byte for byte).
 * Several cursors in one tag remove it once; nested tags at different cursors are all removed.
 */
export function untagEdits(text: string, spans: readonly TagSpan[], selections: readonly TextSelection[]): UntagResult {
  const chosen: TagSpan[] = [];
  const chosenSet = new Set<TagSpan>();
  const missed: number[] = [];
  selections.forEach((sel, index) => {
    const sp = tagAround(spans, sel.start, sel.end);
    if (!sp) missed.push(index);
    else if (!chosenSet.has(sp)) {
      chosenSet.add(sp);
      chosen.push(sp);
    }
  });
  if (chosen.length === 0) {
    return {
      ok: false,
      message:
        selections.length > 1
          ? 'None of the cursors is in a claim or event tag: nothing to untag.'
          : 'The cursor is not in a claim or event tag: nothing to untag.',
    };
  }
  const edits: MarkupEdit[] = [];
  for (const sp of chosen) {
    let own = removeTag(text, sp);
    if (own.some((e) => edits.some((o) => e.start < o.end && o.start < e.end))) own = removeTag(text, sp, { unescape: false });
    appendAll(edits, own);
  }
  edits.sort((a, b) => a.start - b.start || a.end - b.end);
  for (let i = 1; i < edits.length; i++) {
    if (edits[i].start < edits[i - 1].end)
      return { ok: false, message: 'The tags at the cursors overlap in a way that cannot be untagged at once: untag them one at a time.' };
  }
  const removed = chosen.sort((a, b) => a.start - b.start);
  const texts = removed.map((sp): [number, number] => [offsetAfterEdits(edits, sp.contentStart), offsetAfterEdits(edits, sp.contentEnd)]);
  return { ok: true, edits, spans: removed, missed, texts };
}

/** Where `offset` of the text is once `edits` (sorted, disjoint) are applied; an offset an edit removes goes to the edit's start. */
export function offsetAfterEdits(edits: readonly MarkupEdit[], offset: number): number {
  let shift = 0;
  for (const e of edits) {
    if (e.end <= offset && !(e.start === e.end && e.start === offset)) shift += e.newText.length - (e.end - e.start);
    else if (e.start < offset) return e.start + shift;
    else break;
  }
  return offset + shift;
}

// ---------------------------------------------------------------------------------------------
// Ranking entities for the prompts

/** Where an entity is mentioned, nearest first. */
export type Proximity = 'selection' | 'sentence' | 'paragraph' | 'registry';
export const PROXIMITIES: readonly Proximity[] = ['selection', 'sentence', 'paragraph', 'registry'];

export interface RankedEntity {
  id: string;
  proximity: Proximity;
  /** Mentions in the nearest zone. */
  count: number;
}

export interface RankingZones {
  selection: ReadonlyArray<readonly [number, number]>;
  sentence: ReadonlyArray<readonly [number, number]>;
  paragraph: ReadonlyArray<readonly [number, number]>;
}

/**
 * Entities ranked for a prompt: those mentioned in the selection(s), then in their sentence(s),
 * then paragraph(s), each zone in order of first mention (`preference` breaks ties first, lower
 * first: e.g. people before places for a claimant), then every other id of `allIds` in its
 * given order. Mentions of IDs not in `allIds` are ignored.
 */
export function rankEntities(
  allIds: readonly string[],
  mentions: readonly Mention[],
  zones: RankingZones,
  preference: (id: string) => number = () => 0,
): RankedEntity[] {
  const known = new Set(allIds);
  const best = new Map<string, { zone: number; first: number; count: number }>();
  const zoneList = [zones.selection, zones.sentence, zones.paragraph];
  for (const m of mentions) {
    let zone = -1;
    for (let z = 0; z < zoneList.length && zone < 0; z++) {
      if (zoneList[z].some(([s, e]) => m.start < e && m.end > s) || zoneList[z].some(([s, e]) => s === e && m.start <= s && s <= m.end)) zone = z;
    }
    if (zone < 0) continue;
    // A name the text leaves ambiguous offers every entity it can mean, best-ranked first.
    const ids = m.resolution === 'ambiguous' && m.candidates ? m.candidates : [m.entityId];
    for (const id of ids) {
      if (!known.has(id)) continue;
      const cur = best.get(id);
      if (!cur || zone < cur.zone) best.set(id, { zone, first: m.start, count: 1 });
      else if (zone === cur.zone) cur.count++;
    }
  }
  const near = [...best.entries()].sort(([a, x], [b, y]) => x.zone - y.zone || preference(a) - preference(b) || x.first - y.first || a.localeCompare(b));
  const out: RankedEntity[] = near.map(([id, v]) => ({ id, proximity: PROXIMITIES[v.zone], count: v.count }));
  for (const id of allIds) if (!best.has(id)) out.push({ id, proximity: 'registry', count: 0 });
  return out;
}
