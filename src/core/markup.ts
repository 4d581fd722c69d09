// Claim and event markup (SPEC §3): Pandoc bracketed spans such as
//   [tagged text]{.claim #c91x by=ali-larijani confidence=likely}
//   [tagged text]{.event #e7k2 type=agree actors="iran iraq" date=2025-08-11}
// Parser, validator and serializer. Pure core: no `vscode`, no Node built-ins.
//
// Span-detection rule
// -------------------
// The text is read once, left to right, with a stack of open brackets:
// - `\` followed by ASCII punctuation is an escape pair (Pandoc): `\[`, `\]`, `\{`, `\\` … never
//   count as markup. A backslash before anything else is a literal backslash.
// - `[` is pushed. `]` pops the innermost open `[` (if any). Blank lines do not reset the stack
//   (Pandoc 2.17 matches a span's brackets over them too), but a span over a paragraph break (a
//   blank line, a heading's end, a new list item: markdownLayout.ts) is a `crosses-paragraph`
//   error: Pandoc keeps only the text before the break and drops the rest (issue 17).
// - Code is not markup (issue 17): inline code spans (a run of n backticks to the next run of
//   exactly n in the paragraph), fenced and indented code blocks and YAML front matter are skipped.
// - Only when a `]` is IMMEDIATELY followed by `{` is an attribute block read. It runs to the first
//   `}` outside quoted values; newlines are allowed inside it, but a blank line, an unquoted `{`,
//   `[` or `]`, or the end of the text stops it (an unterminated block). Everything else —
//   `[1]`, `[sic]`, `[a](b)`, `[a][b]`, `[x]` followed by ` {` — is ordinary text.
// - A block is OURS when it has the class `.claim` or `.event`, or when it has no class at all and
//   either an attribute key from CLAIM_ATTRIBUTES/EVENT_ATTRIBUTES or an id shaped like ours
//   (`c`/`e` + 3 or 4 base36 characters, one a digit). Other Pandoc spans (`[x]{.smallcaps}`, `[x]{#sec}`,
//   `[x]{lang=fr}`) are skipped silently: no span, no diagnostic.
// - An ours block after a matched `]` is a TagSpan (kept even when broken, with diagnostics). An
//   ours block after an unmatched `]` gives an `unmatched-bracket` diagnostic and no span.
// - The scanner never re-reads a region except in bounded, non-overlapping ways, so the whole parse
//   is O(n) (plus an O(k log k) sort of the k spans found).
//
// Attribute-block grammar (whitespace separated): `.class`, `#id`, `key=value`, `key="v w"`,
// `key='v w'` (inside quotes `\"`/`\'` and `\\` are escapes; any other backslash is literal),
// `-` (Pandoc's `.unnumbered`). Unquoted values run to whitespace, `}`, `{`, `[` or `]` and are
// taken as written; outside quotes `\` + punctuation is one unit (`\}` does not close the block).
//
// All offsets are UTF-16 code units (JavaScript string indices), end exclusive.

import { markdownLayout, MarkdownLayout } from './markdownLayout';
import { showBidiControls } from './safeText';

/** The two tag kinds. */
export type TagKind = 'claim' | 'event' | 'ref';

/** Kinds of tags that say something (claims and events); a `ref` only says who a mention is. */
export type AssertionKind = 'claim' | 'event';

export const TAG_KINDS: readonly TagKind[] = Object.freeze(['claim', 'event', 'ref'] as const);

/** A link's `to` value for "not an entity here" (SPEC §3, 0.2). */
export const NOT_AN_ENTITY = 'none';

/** Attributes a claim may carry (SPEC §3); `by` is required. */
export const CLAIM_ATTRIBUTES = Object.freeze(['by', 'about', 'confidence', 'reliability', 'credibility', 'date'] as const);

/** Attributes an event may carry (SPEC §3); `type` is required. */
export const EVENT_ATTRIBUTES = Object.freeze(['type', 'actors', 'targets', 'date', 'place', 'note'] as const);

/** Attributes of a link (`[Larijani]{.ref to=sadegh-larijani}`); `to` is required. */
export const REF_ATTRIBUTES = Object.freeze(['to'] as const);

export type ClaimAttribute = (typeof CLAIM_ATTRIBUTES)[number];
export type EventAttribute = (typeof EVENT_ATTRIBUTES)[number];

/** The attribute each kind requires. */
export const REQUIRED_ATTRIBUTE: Readonly<Record<TagKind, string>> = Object.freeze({ claim: 'by', event: 'type', ref: 'to' });

/** Attributes whose value is ONE entity ID. */
export const ENTITY_ATTRIBUTES: Readonly<Record<TagKind, readonly string[]>> = Object.freeze({
  claim: Object.freeze(['by']),
  event: Object.freeze(['place']),
  ref: Object.freeze(['to']),
});

/** Attributes whose value is a space-separated LIST of entity IDs (see entityIdList). */
export const ENTITY_LIST_ATTRIBUTES: Readonly<Record<TagKind, readonly string[]>> = Object.freeze({
  claim: Object.freeze(['about']),
  event: Object.freeze(['actors', 'targets']),
  ref: Object.freeze([]),
});

/** ICD 203 expressions of likelihood: attribute value → the directive's wording. In order. */
export const CONFIDENCE_TERMS: Readonly<Record<string, string>> = Object.freeze({
  'almost-no-chance': 'Almost no chance / remote (01–05%)',
  'very-unlikely': 'Very unlikely / highly improbable (05–20%)',
  unlikely: 'Unlikely / improbable (20–45%)',
  'roughly-even': 'Roughly even chance / roughly even odds (45–55%)',
  likely: 'Likely / probable (55–80%)',
  'very-likely': 'Very likely / highly probable (80–95%)',
  'almost-certain': 'Almost certain / nearly certain (95–99%)',
});

/** Admiralty (NATO) source reliability grades. */
export const RELIABILITY: Readonly<Record<string, string>> = Object.freeze({
  A: 'Completely reliable',
  B: 'Usually reliable',
  C: 'Fairly reliable',
  D: 'Not usually reliable',
  E: 'Unreliable',
  F: 'Reliability cannot be judged',
});

/** Admiralty (NATO) information credibility grades. */
export const CREDIBILITY: Readonly<Record<string, string>> = Object.freeze({
  '1': 'Confirmed by other sources',
  '2': 'Probably true',
  '3': 'Possibly true',
  '4': 'Doubtful',
  '5': 'Improbable',
  '6': 'Truth cannot be judged',
});

/** The default event taxonomy: the PLOVER categories, lower case, with a one-line description. */
export const PLOVER_EVENT_TYPES: Readonly<Record<string, string>> = Object.freeze({
  agree: 'Agree to, promise or sign an agreement; express willingness or commitment to cooperate',
  consult: 'Meet, visit, telephone, negotiate or mediate: talks between the parties',
  support: 'Express verbal support: praise, endorse, approve or defend an actor or a policy',
  concede: 'Yield: make concessions, ease restrictions, release people or property, accept demands',
  cooperate: 'Start or sustain material cooperation: economic, military, judicial or intelligence',
  aid: 'Provide humanitarian, economic, military or other material aid',
  retreat: 'Withdraw, demobilize, disarm, retreat or surrender',
  request: 'Ask for, appeal for or demand cooperation, aid, a meeting or a change of policy',
  accuse: 'Criticize, denounce, blame or accuse of wrongdoing',
  reject: 'Refuse, reject, veto or deny a request, proposal, demand or accusation',
  threaten: 'Threaten force, sanctions, coercion or other negative action',
  protest: 'Demonstrate, rally, strike, boycott or riot in public protest',
  sanction: 'Impose sanctions or embargoes, break or reduce relations, expel diplomats, cut aid',
  mobilize: 'Mobilize or deploy forces, raise the alert level, put troops on standby',
  coerce: 'Repress or coerce short of violence: arrest, detain, deport, ban, seize property',
  assault: 'Use violence against people or property: attack, bomb, kill, abduct',
});

/** Every diagnostic code parseMarkup may produce. */
export const MARKUP_DIAGNOSTIC_CODES = Object.freeze([
  'unterminated-attributes',
  'unterminated-quote',
  'malformed-attribute',
  'unmatched-bracket',
  'crosses-paragraph',
  'conflicting-kind',
  'missing-kind',
  'multiple-ids',
  'missing-id',
  'duplicate-tag-id',
  'duplicate-attribute',
  'missing-attribute',
  'unknown-attribute',
  'invalid-confidence',
  'invalid-reliability',
  'invalid-credibility',
  'invalid-date',
] as const);

export type MarkupDiagnosticCode = (typeof MARKUP_DIAGNOSTIC_CODES)[number];

export interface MarkupDiagnostic {
  message: string;
  start: number;
  end: number;
  severity: 'error' | 'warning';
  code: MarkupDiagnosticCode;
  /** Index into `spans` of the tag the diagnostic belongs to, when there is one. */
  span?: number;
}

/** One `key=value` of an attribute block, in source order (duplicates included). */
export interface TagAttribute {
  key: string;
  /** The value, unescaped. */
  value: string;
  keyStart: number;
  keyEnd: number;
  /** The value as written: inside the quotes when quoted. */
  valueStart: number;
  valueEnd: number;
  quoted: boolean;
  /** The quote character when quoted. */
  quote?: '"' | "'";
  /** End of the whole token (after the closing quote when quoted). */
  end: number;
}

/** A `.class` or `#id` token; start/end cover the name without the `.` or `#`. */
export interface TagName {
  name: string;
  start: number;
  end: number;
}

export interface TagSpan {
  /** undefined when the block has neither or both of `.claim` / `.event` (there is a diagnostic). */
  kind?: TagKind;
  /** The first `#id`. */
  id?: string;
  /** Range of the id name, without `#`. */
  idStart?: number;
  idEnd?: number;
  /** All classes in source order, without dots (includes `claim`/`event`). */
  classes: string[];
  classList: TagName[];
  /** First value of each key. */
  attributes: Record<string, string>;
  /** Every attribute in source order. */
  attributeList: TagAttribute[];
  /** Offset of `[`. */
  start: number;
  /** start + 1. */
  contentStart: number;
  /** Offset of the `]`. */
  contentEnd: number;
  /** Offset of `{` (contentEnd + 1). */
  attrStart: number;
  /** After `}`; for an unterminated block, after its last token. */
  end: number;
  /** False when the block has no closing `}` (there is a diagnostic). */
  closed: boolean;
  /** Index (into the same `spans` array) of the innermost enclosing tag. */
  parent?: number;
  /** 0 for a top-level tag. */
  depth: number;
}

export interface MarkupParseResult {
  /** Tags in document order of `start` (a parent precedes its children). */
  spans: TagSpan[];
  /** Sorted by start. */
  diagnostics: MarkupDiagnostic[];
}

/** A replacement of `[start, end)` of the original text; edits never overlap and are sorted. */
export interface MarkupEdit {
  start: number;
  end: number;
  newText: string;
}

type AttributeValue = string | readonly string[] | undefined;

/** Attributes in order: an object (insertion order), `[key, value]` pairs or `{key, value}` items. */
export type AttributeInput =
  Readonly<Record<string, AttributeValue>> | ReadonlyArray<readonly [string, AttributeValue] | { readonly key: string; readonly value: AttributeValue }>;

/** What serializeSpan / formatAttributes / wrapInTag write. */
export interface TagSpec {
  kind: TagKind;
  id?: string;
  /** Further classes, written after the id; `kind` itself is skipped if listed. */
  classes?: readonly string[];
  attributes?: AttributeInput;
}

// ---------------------------------------------------------------------------------------------
// Character codes and small helpers

const BS = 0x5c; // \
const LBRACK = 0x5b; // [
const RBRACK = 0x5d; // ]
const LBRACE = 0x7b; // {
const RBRACE = 0x7d; // }
const DQ = 0x22; // "
const SQ = 0x27; // '
const EQ = 0x3d; // =
const HASH = 0x23; // #
const DOT = 0x2e; // .
const DASH = 0x2d; // -
const SP = 0x20;
const TAB = 0x09;
const LF = 0x0a;
const CR = 0x0d;

const ALL_ATTRIBUTE_KEYS: ReadonlySet<string> = new Set<string>([...CLAIM_ATTRIBUTES, ...EVENT_ATTRIBUTES]);
const KIND_ATTRIBUTES: Readonly<Record<TagKind, ReadonlySet<string>>> = {
  claim: new Set<string>(CLAIM_ATTRIBUTES),
  event: new Set<string>(EVENT_ATTRIBUTES),
  ref: new Set<string>(REF_ATTRIBUTES),
};
const KIND_CLASSES: ReadonlySet<string> = new Set<string>(TAG_KINDS);
/** IDs shaped like ours (SPEC examples `c91x`, 0.1's `c4k2`, generateTagId's `c4k2q9x7m`), with at least one digit. */
const TAG_ID_RE = /^[ce](?=[0-9a-z]*[0-9])(?:[0-9a-z]{3,4}|[0-9a-z]{8,12})$/;
const NAME_RE = /^[\p{L}\p{N}_][\p{L}\p{N}_.:-]*$/u;
const KEY_RE = /^[\p{L}_][\p{L}\p{N}_.:-]*$/u;
const DATE_RE = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;

function isAsciiPunct(c: number): boolean {
  return (c >= 33 && c <= 47) || (c >= 58 && c <= 64) || (c >= 91 && c <= 96) || (c >= 123 && c <= 126);
}

function isWs(c: number): boolean {
  return c === SP || c === TAB || c === LF || c === CR;
}

/** `{`, `[`, `]`: characters that end an attribute block when met outside quotes. */
function isHardStop(c: number): boolean {
  return c === LBRACE || c === LBRACK || c === RBRACK;
}

/** Whitespace, `}`, a hard stop or the end of the text: where a token must end. */
function isTokenEnd(s: string, i: number): boolean {
  if (i >= s.length) return true;
  const c = s.charCodeAt(i);
  return isWs(c) || c === RBRACE || isHardStop(c);
}

/** `s[i]` is a line feed: is the following line empty (spaces, tabs and CR only)? */
function isBlankLineAt(s: string, i: number): boolean {
  let j = i + 1;
  while (j < s.length) {
    const c = s.charCodeAt(j);
    if (c === LF) return true;
    if (c !== SP && c !== TAB && c !== CR) return false;
    j++;
  }
  return false;
}

/** Sets a property, `__proto__` included (as an own property, not the prototype). */
function setOwn(obj: Record<string, string>, key: string, value: string): void {
  if (key === '__proto__') {
    Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  } else {
    obj[key] = value;
  }
}

function hasOwn(obj: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(obj, key);
}

function quoteForMessage(s: string): string {
  const short = s.length > 40 ? `${s.slice(0, 39)}…` : s;
  return `“${showBidiControls(short)}”`;
}

// ---------------------------------------------------------------------------------------------
// Attribute block parsing

interface BlockDiag {
  message: string;
  start: number;
  end: number;
  code: MarkupDiagnosticCode;
}

interface Block {
  /** Offset of `{`. */
  start: number;
  /** After `}`, or after the last token when unterminated. */
  end: number;
  /** Where the main scan continues. */
  resume: number;
  closed: boolean;
  /** Unterminated block or quote: structural trouble (value checks still run). */
  broken: boolean;
  classes: TagName[];
  ids: TagName[];
  attrs: TagAttribute[];
  diags: BlockDiag[];
}

interface ScanState {
  /** Some quoted value ran to the end of the text without closing. */
  quoteHitEof: boolean;
}

function unescapeQuoted(raw: string, q: number): string {
  if (raw.indexOf('\\') < 0) return raw;
  let out = '';
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c === BS && i + 1 < raw.length) {
      const d = raw.charCodeAt(i + 1);
      if (d === BS || d === q) {
        out += raw[i + 1];
        i++;
        continue;
      }
    }
    out += raw[i];
  }
  return out;
}

/** Finds the closing quote `q` from `from`; -1 when a blank line or the end of text comes first. */
function findClosingQuote(s: string, from: number, q: number, st: ScanState): number {
  const n = s.length;
  let i = from;
  while (i < n) {
    const c = s.charCodeAt(i);
    if (c === BS) {
      const d = s.charCodeAt(i + 1);
      i += d === BS || d === q ? 2 : 1;
      continue;
    }
    if (c === q) return i;
    if (c === LF && isBlankLineAt(s, i)) return -1;
    i++;
  }
  st.quoteHitEof = true;
  return -1;
}

// Outside quotes, `\` + ASCII punctuation is one unit, as in running text: `\]` neither ends a
// token nor stops the block, and the main scan never resumes between a backslash and its char.

/** End of a run of name characters (not whitespace, braces, brackets, quotes or `=`). */
function scanName(s: string, i: number): number {
  const n = s.length;
  while (i < n) {
    const c = s.charCodeAt(i);
    if (c === BS && i + 1 < n && isAsciiPunct(s.charCodeAt(i + 1))) {
      i += 2;
      continue;
    }
    if (isWs(c) || c === RBRACE || isHardStop(c) || c === DQ || c === SQ || c === EQ) break;
    i++;
  }
  return i;
}

/** End of an unquoted value (runs to whitespace, `}`, `{`, `[`, `]`). */
function scanUnquoted(s: string, i: number): number {
  const n = s.length;
  while (!isTokenEnd(s, i)) {
    i += s.charCodeAt(i) === BS && i + 1 < n && isAsciiPunct(s.charCodeAt(i + 1)) ? 2 : 1;
  }
  return i;
}

/** Reads the attribute block whose `{` is at `brace`. */
function parseBlock(s: string, brace: number, st: ScanState): Block {
  const n = s.length;
  const b: Block = {
    start: brace,
    end: brace + 1,
    resume: brace + 1,
    closed: false,
    broken: false,
    classes: [],
    ids: [],
    attrs: [],
    diags: [],
  };
  let i = brace + 1;
  let lastEnd = brace + 1;
  const malformed = (from: number, message?: string, skipFrom = from): number => {
    const to = scanUnquoted(s, skipFrom);
    const tokenEnd = Math.max(to, from + 1);
    b.diags.push({
      code: 'malformed-attribute',
      start: from,
      end: tokenEnd,
      message: message ?? `Malformed attribute ${quoteForMessage(s.slice(from, tokenEnd))}: expected .class, #id, key=value or key="value"`,
    });
    return tokenEnd;
  };
  const unterminated = (stop: number): Block => {
    b.end = lastEnd;
    b.resume = stop;
    b.broken = true;
    b.diags.push({
      code: 'unterminated-attributes',
      start: brace,
      end: lastEnd,
      message: 'Attribute block is not closed with “}”',
    });
    return b;
  };
  for (;;) {
    // Whitespace, newlines included; a blank line ends the block.
    while (i < n) {
      const c = s.charCodeAt(i);
      if (c === SP || c === TAB || c === CR) {
        i++;
      } else if (c === LF) {
        if (isBlankLineAt(s, i)) return unterminated(i);
        i++;
      } else {
        break;
      }
    }
    if (i >= n) return unterminated(n);
    const c = s.charCodeAt(i);
    if (c === RBRACE) {
      b.end = i + 1;
      b.resume = i + 1;
      b.closed = true;
      return b;
    }
    if (isHardStop(c)) return unterminated(i);

    if (c === HASH || c === DOT) {
      const j = scanName(s, i + 1);
      const name = s.slice(i + 1, j);
      if (j > i + 1 && isTokenEnd(s, j) && NAME_RE.test(name)) {
        (c === HASH ? b.ids : b.classes).push({ name, start: i + 1, end: j });
        lastEnd = i = j;
      } else {
        lastEnd = i = malformed(i);
      }
      continue;
    }
    if (c === DASH && isTokenEnd(s, i + 1)) {
      b.classes.push({ name: 'unnumbered', start: i, end: i + 1 });
      lastEnd = i = i + 1;
      continue;
    }

    const keyEnd = scanName(s, i);
    if (keyEnd > i && keyEnd < n && s.charCodeAt(keyEnd) === EQ && KEY_RE.test(s.slice(i, keyEnd))) {
      const key = s.slice(i, keyEnd);
      const v = keyEnd + 1;
      const q = v < n ? s.charCodeAt(v) : -1;
      if (q === DQ || q === SQ) {
        const close = findClosingQuote(s, v + 1, q, st);
        if (close >= 0 && isTokenEnd(s, close + 1)) {
          b.attrs.push({
            key,
            value: unescapeQuoted(s.slice(v + 1, close), q),
            keyStart: i,
            keyEnd,
            valueStart: v + 1,
            valueEnd: close,
            quoted: true,
            quote: q === DQ ? '"' : "'",
            end: close + 1,
          });
          lastEnd = i = close + 1;
          continue;
        }
        if (close >= 0 && s.slice(v + 1, close).indexOf('}') < 0) {
          // `key="a"b`: the quote closed but the token goes on.
          lastEnd = i = malformed(i, undefined, close + 1);
          continue;
        }
        // The quote never closes (or closes far away, past a `}`): recover at the first `}`,
        // bracket, brace or line end after the opening quote.
        const limit = close >= 0 ? close : n;
        let r = v + 1;
        while (r < limit) {
          const d = s.charCodeAt(r);
          if (d === BS && r + 1 < n && isAsciiPunct(s.charCodeAt(r + 1))) {
            r += 2;
            continue;
          }
          if (d === RBRACE || isHardStop(d) || d === LF) break;
          r++;
        }
        if (r > n) r = n;
        b.broken = true;
        b.diags.push({
          code: 'unterminated-quote',
          start: v,
          end: Math.max(r, v + 1),
          message: `Quoted value of “${key}” is not closed with ${q === DQ ? '"' : "'"}`,
        });
        if (r < n && s.charCodeAt(r) === RBRACE) {
          b.end = r + 1;
          b.resume = r + 1;
          b.closed = true;
        } else {
          b.end = Math.max(r, v + 1);
          b.resume = r;
        }
        return b;
      }
      const valueEnd = scanUnquoted(s, v);
      if (valueEnd === v) {
        lastEnd = i = malformed(i, `Attribute “${key}” has no value: write ${key}=value or ${key}=""`);
        continue;
      }
      b.attrs.push({
        key,
        value: s.slice(v, valueEnd),
        keyStart: i,
        keyEnd,
        valueStart: v,
        valueEnd,
        quoted: false,
        end: valueEnd,
      });
      lastEnd = i = valueEnd;
      continue;
    }
    lastEnd = i = malformed(i);
  }
}

/** The kind of a block: its one kind class (undefined with none or several). */
function kindOf(b: Block): TagKind | undefined {
  let kind: TagKind | undefined;
  for (const c of b.classes) {
    if (!KIND_CLASSES.has(c.name) || c.name === kind) continue;
    if (kind !== undefined) return undefined;
    kind = c.name as TagKind;
  }
  return kind;
}

function isOurs(b: Block): boolean {
  for (const c of b.classes) if (KIND_CLASSES.has(c.name)) return true;
  if (b.classes.length > 0) return false;
  for (const a of b.attrs) if (ALL_ATTRIBUTE_KEYS.has(a.key)) return true;
  for (const id of b.ids) if (TAG_ID_RE.test(id.name)) return true;
  return false;
}

// ---------------------------------------------------------------------------------------------
// The scanner

interface RawSpan {
  start: number;
  contentEnd: number;
  block: Block;
  parent: number; // index into the raw (end-ordered) list, -1 for none
}

interface ScanResult {
  /** Ours spans in the order of their `]` (sortSpans puts them in document order). */
  spans: RawSpan[];
  /** Ours blocks after a `]` with no open `[`: offset of that `]` and the block. */
  orphans: { close: number; block: Block }[];
  /** Inline code spans `[start, end)`, backticks included. */
  codeSpans: Array<[number, number]>;
  // The following are for escaping (track mode):
  unmatchedOpen: number[];
  unmatchedClose: number[];
  /** Offsets of backslashes that start an escape pair in running text. */
  escapes: number[];
  /** A `]` without an open `[` was followed by `{` (any block, ours or not). */
  unmatchedCloseBeforeBlock: boolean;
  quoteHitEof: boolean;
}

const BACKTICK = 0x60;

/** Starts of the maximal backtick runs of `s`, by run length (the closers of code spans). */
function backtickRuns(s: string): Map<number, number[]> {
  const runs = new Map<number, number[]>();
  for (let i = s.indexOf('`'); i >= 0; i = s.indexOf('`', i)) {
    let j = i + 1;
    while (j < s.length && s.charCodeAt(j) === BACKTICK) j++;
    const list = runs.get(j - i);
    if (list) list.push(i);
    else runs.set(j - i, [i]);
    i = j;
  }
  return runs;
}

/**
 * Scans `s` for spans. With a layout (a whole document) the stack of open brackets is emptied at
 * each paragraph break and code blocks are skipped; without one (the text of a selection) only
 * inline code is special. Inline code (Pandoc): a run of n backticks opens a code span closed by
 * the next run of exactly n in the same paragraph; nothing inside is markup. An unclosed run is
 * literal. Linear: the closers are found through per-length pointers that only move forward.
 */
function scan(s: string, track: boolean, layout?: MarkdownLayout): ScanResult {
  const n = s.length;
  const st: ScanState = { quoteHitEof: false };
  const stack: number[] = [];
  const found: RawSpan[] = []; // in order of their `]`
  const pending: number[] = []; // indices into `found` still without a parent
  const res: ScanResult = {
    spans: [],
    orphans: [],
    codeSpans: [],
    unmatchedOpen: [],
    unmatchedClose: [],
    escapes: [],
    unmatchedCloseBeforeBlock: false,
    quoteHitEof: false,
  };
  const breaks = layout?.breaks ?? [];
  const blocks = layout?.code ?? [];
  let nextBreak = 0;
  let nextBlock = 0;
  const stopAt = (): number => Math.min(nextBreak < breaks.length ? breaks[nextBreak] : n, nextBlock < blocks.length ? blocks[nextBlock][0] : n);
  let stop = stopAt();
  let runs: Map<number, number[]> | undefined;
  const runPointer = new Map<number, number>();
  let i = 0;
  while (i < n) {
    if (i >= stop) {
      // Passed a paragraph break (inline code ends there), or at a code block (skipped). The
      // stack of brackets stays: Pandoc 2.17 matches a span's brackets over blank lines too (and
      // then keeps only the first paragraph of its text: parseMarkup reports that).
      while (nextBreak < breaks.length && breaks[nextBreak] <= i) nextBreak++;
      while (nextBlock < blocks.length && blocks[nextBlock][1] <= i) nextBlock++;
      if (nextBlock < blocks.length && blocks[nextBlock][0] <= i) {
        i = blocks[nextBlock][1];
        nextBlock++;
        while (nextBreak < breaks.length && breaks[nextBreak] <= i) nextBreak++;
      }
      stop = stopAt();
      continue;
    }
    const c = s.charCodeAt(i);
    if (c === BS) {
      if (i + 1 < n && isAsciiPunct(s.charCodeAt(i + 1))) {
        if (track) res.escapes.push(i);
        i += 2;
      } else {
        i++;
      }
      continue;
    }
    if (c === BACKTICK) {
      let j = i + 1;
      while (j < n && s.charCodeAt(j) === BACKTICK) j++;
      const length = j - i;
      runs ??= backtickRuns(s);
      const list = runs.get(length) ?? [];
      let p = runPointer.get(length) ?? 0;
      while (p < list.length && list[p] < j) p++;
      runPointer.set(length, p);
      const close = p < list.length ? list[p] : -1;
      if (close >= 0 && close + length <= stop) {
        res.codeSpans.push([i, close + length]);
        i = close + length;
      } else {
        i = j;
      }
      continue;
    }
    if (c === LBRACK) {
      stack.push(i);
      i++;
      continue;
    }
    if (c === RBRACK) {
      const open = stack.length > 0 ? (stack.pop() as number) : -1;
      if (open < 0 && track) res.unmatchedClose.push(i);
      if (i + 1 < n && s.charCodeAt(i + 1) === LBRACE) {
        const block = parseBlock(s, i + 1, st);
        const ours = isOurs(block);
        if (open < 0) {
          res.unmatchedCloseBeforeBlock = true;
          if (ours) res.orphans.push({ close: i, block });
        } else if (ours) {
          const index = found.length;
          found.push({ start: open, contentEnd: i, block, parent: -1 });
          while (pending.length > 0 && found[pending[pending.length - 1]].start > open) {
            found[pending.pop() as number].parent = index;
          }
          pending.push(index);
        }
        i = block.resume;
        continue;
      }
      i++;
      continue;
    }
    i++;
  }
  res.quoteHitEof = st.quoteHitEof;
  if (track) res.unmatchedOpen = stack;
  // Parents point at indices of this list until sortSpans remaps them.
  res.spans = found;
  return res;
}

/** Sorts raw spans by start and remaps parent indices; returns [sorted, oldIndex → newIndex]. */
function sortSpans(found: RawSpan[]): { sorted: RawSpan[]; parents: (number | undefined)[] } {
  const order = found.map((_, k) => k).sort((a, b) => found[a].start - found[b].start);
  const newIndex = new Array<number>(found.length);
  order.forEach((old, k) => (newIndex[old] = k));
  const sorted = order.map((k) => found[k]);
  const parents = sorted.map((r) => (r.parent >= 0 ? newIndex[r.parent] : undefined));
  return { sorted, parents };
}

// ---------------------------------------------------------------------------------------------
// Public: parsing

/** Parses every claim/event tag of `text`, with diagnostics. O(n) in the text length. */
export function parseMarkup(text: string): MarkupParseResult {
  if (text.indexOf(']{') < 0) return { spans: [], diagnostics: [] };
  const layout = markdownLayout(text);
  const scanned = scan(text, false, layout);
  const { sorted, parents } = sortSpans(scanned.spans);
  const spans: TagSpan[] = [];
  const diagnostics: MarkupDiagnostic[] = [];

  sorted.forEach((raw, index) => {
    const b = raw.block;
    const attributes: Record<string, string> = {};
    for (const a of b.attrs) if (!hasOwn(attributes, a.key)) setOwn(attributes, a.key, a.value);
    const kind = kindOf(b);
    const parent = parents[index];
    const span: TagSpan = {
      kind,
      classes: b.classes.map((c) => c.name),
      classList: b.classes,
      attributes,
      attributeList: b.attrs,
      start: raw.start,
      contentStart: raw.start + 1,
      contentEnd: raw.contentEnd,
      attrStart: b.start,
      end: b.end,
      closed: b.closed,
      depth: parent === undefined ? 0 : spans[parent].depth + 1,
    };
    if (parent !== undefined) span.parent = parent;
    if (b.ids.length > 0) {
      span.id = b.ids[0].name;
      span.idStart = b.ids[0].start;
      span.idEnd = b.ids[0].end;
    }
    spans.push(span);
    for (const d of b.diags) diagnostics.push({ ...d, severity: 'error', span: index });
    validateSpan(span, index, b, diagnostics);
  });

  for (const o of scanned.orphans) {
    diagnostics.push({
      code: 'unmatched-bracket',
      severity: 'error',
      start: o.close,
      end: o.block.end,
      message: 'Tag has no opening “[”: the tagged text must be written [like this]{…}',
    });
  }
  // A span over a paragraph break: Pandoc keeps only its first paragraph and drops the rest.
  spans.forEach((span, index) => {
    const at = paragraphBreakIn(layout, span.contentStart, span.contentEnd);
    if (at === undefined) return;
    diagnostics.push({
      code: 'crosses-paragraph',
      severity: 'error',
      start: span.contentEnd,
      end: span.end,
      message: `This tag's text runs over a paragraph break (line ${lineNumberAt(text, at)}): Pandoc ends the span's text there and drops the rest up to here. Tag each paragraph on its own, or remove the blank line`,
      span: index,
    });
  });

  // Duplicate IDs within the text: reported at every occurrence.
  const firstWithId = new Map<string, number>();
  let repeated: Map<string, number[]> | undefined;
  for (let k = 0; k < spans.length; k++) {
    const id = spans[k].id;
    if (id === undefined) continue;
    const first = firstWithId.get(id);
    if (first === undefined) {
      firstWithId.set(id, k);
    } else {
      repeated ??= new Map();
      const list = repeated.get(id);
      if (list) list.push(k);
      else repeated.set(id, [first, k]);
    }
  }
  for (const [id, list] of repeated ?? []) {
    for (const k of list) {
      const sp = spans[k];
      diagnostics.push({
        code: 'duplicate-tag-id',
        severity: 'error',
        start: (sp.idStart as number) - 1,
        end: sp.idEnd as number,
        message: `Tag ID “${id}” is used ${list.length} times in this text; IDs must be unique`,
        span: k,
      });
    }
  }

  diagnostics.sort((a, b) => a.start - b.start || a.end - b.end);
  return { spans, diagnostics };
}

function validateSpan(span: TagSpan, index: number, b: Block, out: MarkupDiagnostic[]): void {
  const push = (code: MarkupDiagnosticCode, severity: 'error' | 'warning', start: number, end: number, message: string): void => {
    out.push({ code, severity, start, end, message, span: index });
  };
  const kindClasses = b.classes.filter((c) => KIND_CLASSES.has(c.name));
  const second = kindClasses.find((c) => c.name !== kindClasses[0].name);
  if (second) {
    push(
      'conflicting-kind',
      'error',
      second.start - 1,
      second.end,
      `A tag is one of .claim, .event or .ref, not both .${kindClasses[0].name} and .${second.name}`,
    );
  } else if (kindClasses.length === 0) {
    push('missing-kind', 'error', b.start, b.end, 'Tag has neither .claim nor .event');
  }

  // A link's #id is optional (SPEC §3): it is no claim or event that others cite.
  if (b.ids.length === 0) {
    if (span.kind !== 'ref') push('missing-id', 'warning', b.start, b.end, 'Tag has no #id');
  } else {
    for (const extra of b.ids.slice(1)) {
      push('multiple-ids', 'error', extra.start - 1, extra.end, `Tag has more than one #id (the first, “${b.ids[0].name}”, counts)`);
    }
  }

  const kind = span.kind;
  const allowed = kind ? KIND_ATTRIBUTES[kind] : undefined;
  const seen = new Set<string>();
  for (const a of b.attrs) {
    const valueRange: [number, number] = a.quoted ? [a.valueStart - 1, a.end] : [a.valueStart, a.valueEnd];
    if (seen.has(a.key)) {
      push('duplicate-attribute', 'error', a.keyStart, a.end, `Attribute “${a.key}” is given more than once (the first counts)`);
      continue;
    }
    seen.add(a.key);
    if (allowed && kind && !allowed.has(a.key)) {
      const owner = TAG_KINDS.find((k) => k !== kind && KIND_ATTRIBUTES[k].has(a.key));
      const hint = owner ? ` (it belongs to .${owner})` : '';
      push(
        'unknown-attribute',
        'warning',
        a.keyStart,
        a.keyEnd,
        `Unknown attribute “${a.key}” for a ${kind}${hint}; expected one of: ${[...allowed].join(', ')}`,
      );
      continue;
    }
    const v = a.value;
    switch (a.key) {
      case 'confidence':
        if (!hasOwn(CONFIDENCE_TERMS, v)) {
          push(
            'invalid-confidence',
            'error',
            valueRange[0],
            valueRange[1],
            `Invalid confidence ${quoteForMessage(v)}: use an ICD 203 term: ${Object.keys(CONFIDENCE_TERMS).join(', ')}`,
          );
        }
        break;
      case 'reliability':
        if (!hasOwn(RELIABILITY, v)) {
          push('invalid-reliability', 'error', valueRange[0], valueRange[1], `Invalid reliability ${quoteForMessage(v)}: use an Admiralty grade A–F`);
        }
        break;
      case 'credibility':
        if (!hasOwn(CREDIBILITY, v)) {
          push('invalid-credibility', 'error', valueRange[0], valueRange[1], `Invalid credibility ${quoteForMessage(v)}: use an Admiralty grade 1–6`);
        }
        break;
      case 'date':
        if (!isTagDate(v)) {
          push('invalid-date', 'error', valueRange[0], valueRange[1], `Invalid date ${quoteForMessage(v)}: write yyyy, yyyy-mm or yyyy-mm-dd`);
        }
        break;
    }
  }

  // A broken block lost its tail: a missing required attribute there is noise.
  if (kind && !b.broken) {
    const required = REQUIRED_ATTRIBUTE[kind];
    const attr = b.attrs.find((a) => a.key === required);
    if (!attr || attr.value.trim() === '') {
      const what = kind === 'claim' ? 'the claimant’s entity ID' : kind === 'event' ? 'the event type' : `the entity ID of who is meant, or ${NOT_AN_ENTITY}`;
      push('missing-attribute', 'error', b.start, b.end, `A ${kind} needs ${required}=… (${what})`);
    }
  }
}

/** `yyyy`, `yyyy-mm` or `yyyy-mm-dd`, a real calendar date (leap years honoured). */
export function isTagDate(value: string): boolean {
  const m = DATE_RE.exec(value);
  if (!m) return false;
  const year = Number(m[1]);
  if (year < 1) return false;
  if (m[2] === undefined) return true;
  const month = Number(m[2]);
  if (month < 1 || month > 12) return false;
  if (m[3] === undefined) return true;
  const day = Number(m[3]);
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = month === 2 ? (leap ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;
  return day >= 1 && day <= days;
}

/** The entity IDs of a list value (`actors="iran iraq"`): split on white space (and commas). */
export function entityIdList(value: string): string[] {
  return value.split(/[\s,]+/u).filter((x) => x.length > 0);
}

/**
 * The entity IDs of an attribute with their offsets in the source. Exact for values written
 * without backslash escapes (entity IDs never need any).
 */
export function entityIdRanges(attr: Pick<TagAttribute, 'value' | 'valueStart'>): { id: string; start: number; end: number }[] {
  const out: { id: string; start: number; end: number }[] = [];
  const re = /[^\s,]+/gu;
  for (let m = re.exec(attr.value); m; m = re.exec(attr.value)) {
    out.push({ id: m[0], start: attr.valueStart + m.index, end: attr.valueStart + m.index + m[0].length });
  }
  return out;
}

/**
 * The `{…}` ranges `[attrStart, end)` of the tags in `text` (and of tag blocks missing their `[`),
 * sorted and disjoint: mentions are not searched inside them. Costs one indexOf on texts
 * without `]{`.
 */
export function attributeBlockRanges(text: string): Array<[number, number]> {
  if (text.indexOf(']{') < 0) return [];
  const scanned = scan(text, false, markdownLayout(text));
  const out: Array<[number, number]> = scanned.spans.map((r) => [r.block.start, r.block.end]);
  for (const o of scanned.orphans) out.push([o.block.start, o.block.end]);
  out.sort((a, b) => a[0] - b[0]);
  return out;
}

/** The first paragraph break in `(start, end)`, if any. */
export function paragraphBreakIn(layout: MarkdownLayout, start: number, end: number): number | undefined {
  const breaks = layout.breaks;
  let lo = 0;
  let hi = breaks.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (breaks[mid] <= start) lo = mid + 1;
    else hi = mid;
  }
  return lo < breaks.length && breaks[lo] < end ? breaks[lo] : undefined;
}

/** 1-based line of `offset`. */
function lineNumberAt(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

/**
 * Where Pandoc reads code, not markup: inline code spans (backticks included), fenced and
 * indented code blocks, YAML front matter; `[start, end)`, sorted. A tag cannot start or end there.
 */
export function codeRanges(text: string): Array<[number, number]> {
  if (text.indexOf('`') < 0 && text.indexOf('~~~') < 0 && text.indexOf('    ') < 0 && text.indexOf('\t') < 0 && !text.startsWith('---')) return [];
  const layout = markdownLayout(text);
  const out: Array<[number, number]> = [...layout.code, ...scan(text, false, layout).codeSpans];
  return out.sort((a, b) => a[0] - b[0]);
}

/**
 * Why `[start, end)` of `text` cannot be tagged as Pandoc reads it, or undefined: an end inside
 * code or a backtick run (the tag would be code, or split the run), a paragraph break inside (Pandoc
 * ends a span there), an end inside a line's block-quote markers (trim it first: quoteMarkTrim).
 */
export function untaggableRange(text: string, start: number, end: number): 'code' | 'paragraph' | undefined {
  if (end < start) [start, end] = [end, start];
  for (const [a, b] of codeRanges(text)) {
    if ((a < start && start < b) || (a < end && end < b)) return 'code';
  }
  for (const at of [start, end]) {
    // Inside a backtick run, or between a backslash and the backtick it escapes: the tag's
    // bracket would change which backticks pair.
    if (text.charCodeAt(at) === BACKTICK && at > 0 && (text.charCodeAt(at - 1) === BACKTICK || backslashesBefore(text, at) % 2 === 1)) return 'code';
  }
  if (/\n[ \t]*\r?\n/.test(text.slice(start, end)) || onBlankLine(text, start) || onBlankLine(text, end)) return 'paragraph';
  // The blocks as they would be with the tag's brackets in place (a `[` can make a blank line
  // text, or indented text code).
  const probe = `${text.slice(0, start)}[${text.slice(start, end)}]${text.slice(end)}`;
  const layout = markdownLayout(probe);
  for (const [a, b] of layout.code) if (a <= end + 1 && start < b) return 'code';
  if (layout.breaks.some((b) => b > start && b <= end + 1)) return 'paragraph';
  // Last, the whole truth: the tag must read back where it was put. (Coding a `]{` that had no
  // `[` can bring backticks it held to life, and they can pair with code after the selection.)
  if (text.indexOf('`') >= 0) {
    const probeTag: TagSpec = { kind: 'claim', id: 'c0probe', attributes: { by: 'x' } };
    const edits = wrapInTag(text, start, end, probeTag);
    const tagged = applyEdits(text, edits);
    const open = edits[0].start + edits[0].newText.length - 1;
    if (!parseMarkup(tagged).spans.some((sp) => sp.id === 'c0probe' && sp.start === open)) return 'code';
  }
  return undefined;
}

/** The line holding `offset` is white space only (a tag's bracket there would join two paragraphs). */
function onBlankLine(text: string, offset: number): boolean {
  const from = text.lastIndexOf('\n', offset - 1) + 1;
  let to = text.indexOf('\n', offset);
  if (to < 0) to = text.length;
  return /^[ \t\r]*$/.test(text.slice(from, to)) && (from > 0 || to < text.length);
}

/** `[start, end)` without the block-quote markers at its ends (`> ` of a quoted line). */
export function quoteMarkTrim(text: string, start: number, end: number): [number, number] {
  const marks = markdownLayout(text).quoteMarks;
  for (const [a, b] of marks) {
    if (a <= start && start < b) start = b;
    if (a < end && end <= b && end > start) end = a;
  }
  return [start, Math.max(start, end)];
}

/** The innermost tag containing `offset` (`start <= offset <= end`), for "untag at cursor". */
export function tagAt(spans: readonly TagSpan[], offset: number): TagSpan | undefined {
  let best: TagSpan | undefined;
  for (const sp of spans) {
    if (sp.start > offset) break;
    if (offset <= sp.end && (!best || sp.depth > best.depth)) best = sp;
  }
  return best;
}

/**
 * A tag whose boundary the selection `[start, end)` would cross — it covers part of the tag's
 * `[`, `]{…}` or text without containing the whole tag or lying inside its text. An empty
 * selection crosses a tag when it sits strictly inside the tag's `]{…}`.
 */
export function crossesTagBoundary(spans: readonly TagSpan[], start: number, end: number): TagSpan | undefined {
  if (end < start) [start, end] = [end, start];
  for (const sp of spans) {
    const overlaps = start === end ? sp.contentEnd < start && start < sp.end : Math.max(start, sp.start) < Math.min(end, sp.end);
    if (!overlaps) continue;
    const inside = sp.contentStart <= start && end <= sp.contentEnd;
    const around = start <= sp.start && sp.end <= end;
    if (!inside && !around) return sp;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Public: serializing and editing

function normalizeAttributes(input: AttributeInput | undefined): [string, string][] {
  const out: [string, string][] = [];
  const add = (key: string, value: AttributeValue): void => {
    if (value === undefined) return;
    out.push([key, typeof value === 'string' ? value : value.join(' ')]);
  };
  if (!input) return out;
  if (Array.isArray(input)) {
    for (const item of input as ReadonlyArray<readonly [string, AttributeValue] | { readonly key: string; readonly value: AttributeValue }>) {
      if (Array.isArray(item)) add(item[0] as string, item[1] as AttributeValue);
      else {
        const kv = item as { readonly key: string; readonly value: AttributeValue };
        add(kv.key, kv.value);
      }
    }
  } else {
    for (const key of Object.keys(input)) add(key, (input as Readonly<Record<string, AttributeValue>>)[key]);
  }
  return out;
}

/**
 * `value` as written after `key=`: bare when safe, else in double quotes with `\"`/`\\`.
 * Lossy in one way only: blank lines inside the value (which cannot be written) become one `\n`.
 */
export function formatAttributeValue(value: string): string {
  // A blank line would end the block (Pandoc: the paragraph): such line breaks collapse to one.
  value = value.replace(/\n(?:[ \t\r]*\n)+/g, '\n');
  if (value.length > 0 && !/[\s"'{}[\]=\\]/u.test(value)) return value;
  let out = '"';
  for (let i = 0; i < value.length; i++) {
    const ch = value[i];
    if (ch === '"') out += '\\"';
    else if (ch === '\\') {
      const next = value[i + 1];
      // A backslash is literal unless it precedes `\`, `"` or the closing quote.
      out += next === undefined || next === '\\' || next === '"' ? '\\\\' : '\\';
    } else out += ch;
  }
  return out + '"';
}

/**
 * The attribute block `{.kind #id .class key=value key="v w"}` in canonical form: kind class,
 * id, further classes, attributes in the given order, single spaces. Throws RangeError on an id,
 * class or key that could not be read back.
 */
export function formatAttributes(tag: TagSpec): string {
  if (!KIND_CLASSES.has(tag.kind)) throw new RangeError(`Invalid tag kind: ${String(tag.kind)}`);
  const parts = [`.${tag.kind}`];
  if (tag.id !== undefined) {
    if (!NAME_RE.test(tag.id)) throw new RangeError(`Invalid tag ID: ${JSON.stringify(tag.id)}`);
    parts.push(`#${tag.id}`);
  }
  for (const c of tag.classes ?? []) {
    if (c === tag.kind) continue;
    if (!NAME_RE.test(c)) throw new RangeError(`Invalid class: ${JSON.stringify(c)}`);
    parts.push(`.${c}`);
  }
  for (const [key, value] of normalizeAttributes(tag.attributes)) {
    if (!KEY_RE.test(key)) throw new RangeError(`Invalid attribute key: ${JSON.stringify(key)}`);
    parts.push(`${key}=${formatAttributeValue(value)}`);
  }
  return `{${parts.join(' ')}}`;
}

// Escaping the tagged text — a reversible code, so that untag(tag(x)) = x for every selection.
//
// Pandoc reads `\` + ASCII punctuation as an escape and any other backslash literally. The text
// of a tag is written as is except in three places, and removeTag undoes exactly these:
//  - a bracket or brace of running text that must not count as markup — a bracket that would
//    not pair, or one the author already escaped — with k backslashes before it (k even: a raw
//    bracket, k odd: an escaped one) gets 2k+1: the run is doubled and one more escapes the
//    bracket. `a [b` → `a \[b`, `a \[b` → `a \\\[b`, `a \\[b` → `a \\\\\[b`.
//  - a run of k backslashes at the very end gets 2k (so it cannot escape the closing `]`).
//  - nothing else: balanced brackets, nested tags, `\*`, `C:\ dir`, `a\b` stay as they are, and
//    so does inline code (brackets inside it are no markup). A backtick run needs no coding: one
//    that opens no code span in the document stays literal once tagged (the tag adds no backtick),
//    and a selection whose end is inside code is refused (untaggableRange).
// Decoding reads a run of m backslashes before an escaped bracket or brace as (m-1)/2 and a
// trailing run of m as m/2. When the text is unsafe as is (a `]{` without its `[`, a quoted
// value running off the end, or the coded text would not read back), every bracket and brace
// is coded that way, which leaves no markup inside at all and decodes by the same rule.

function isBracketOrBrace(c: number): boolean {
  return c === LBRACK || c === RBRACK || c === LBRACE || c === RBRACE;
}

/** Start of the run of `\\` escape pairs (as the scan found them) that ends at `end`. */
function pairedRunStart(escapes: ReadonlySet<number>, text: string, end: number): number {
  let a = end;
  while (a >= 2 && escapes.has(a - 2) && text.charCodeAt(a - 2) === BS && text.charCodeAt(a - 1) === BS) a -= 2;
  return a;
}

/** Pushes `count` copies of `at`. */
function pushTimes(out: number[], at: number, count: number): void {
  for (let k = 0; k < count; k++) out.push(at);
}

/** The coding's insertions when the text's own markup is kept, or undefined when it is unsafe. */
function codedInsertions(text: string): number[] | undefined {
  const r = scan(text, true);
  if (r.quoteHitEof || r.unmatchedCloseBeforeBlock) return undefined;
  const escapes = new Set(r.escapes);
  const out: number[] = [];
  for (const e of r.escapes) {
    if (!isBracketOrBrace(text.charCodeAt(e + 1))) continue;
    const k = e + 1 - pairedRunStart(escapes, text, e);
    pushTimes(out, e + 1, k + 1);
  }
  for (const q of [...r.unmatchedOpen, ...r.unmatchedClose]) {
    pushTimes(out, q, q - pairedRunStart(escapes, text, q) + 1);
  }
  pushTimes(out, text.length, backslashesBefore(text, text.length));
  return out.sort((a, b) => a - b);
}

/** The insertions that code every bracket and brace (no markup left inside). */
function fullInsertions(text: string): number[] {
  const out: number[] = [];
  const code = inlineCodeSpans(text);
  let next = 0;
  for (let i = 0; i < text.length; i++) {
    if (next < code.length && i >= code[next][0]) {
      i = code[next++][1] - 1; // inline code holds no markup
      continue;
    }
    if (isBracketOrBrace(text.charCodeAt(i))) pushTimes(out, i, backslashesBefore(text, i) + 1);
  }
  pushTimes(out, text.length, backslashesBefore(text, text.length));
  return out;
}

/** Inline code spans of `text` read as running text (escapes and backticks only, no blocks). */
function inlineCodeSpans(text: string): Array<[number, number]> {
  if (text.indexOf('`') < 0) return [];
  // With every bracket and brace neutralised the scan sees no attribute block to skip.
  return scan(text.replace(/[[\]{}]/g, ' '), false).codeSpans;
}

/** `[` + coded + `]{…}` is one tag whose text is exactly `coded`, whatever comes around it. */
function isSafeTaggedText(coded: string): boolean {
  const r = scan(coded, true);
  return (
    !r.quoteHitEof &&
    !r.unmatchedCloseBeforeBlock &&
    r.unmatchedOpen.length === 0 &&
    r.unmatchedClose.length === 0 &&
    backslashesBefore(coded, coded.length) % 2 === 0
  );
}

/** Offsets in the text of a tag of the backslashes the coding added (see above), sorted. */
function addedBackslashes(content: string): number[] {
  if (content.indexOf('\\') < 0) return [];
  const r = scan(content, true);
  const escapes = new Set(r.escapes);
  const out: number[] = [];
  for (const e of r.escapes) {
    if (!isBracketOrBrace(content.charCodeAt(e + 1))) continue;
    const a = pairedRunStart(escapes, content, e);
    const k = (e - a) / 2; // the run is 2k+1 long
    for (let p = a + k; p <= e; p++) out.push(p);
  }
  const n = content.length;
  const t = backslashesBefore(content, n);
  if (t % 2 === 0) for (let p = n - t / 2; p < n; p++) out.push(p);
  return out.sort((a, b) => a - b);
}

function deleteAt(text: string, at: readonly number[]): string {
  if (at.length === 0) return text;
  let out = '';
  let last = 0;
  for (const p of at) {
    out += text.slice(last, p);
    last = p + 1;
  }
  return out + text.slice(last);
}

/**
 * Offsets in `text` before which a backslash must go (an offset may repeat) so that
 * `[` + text + `]{…}`, anywhere, is one tag whose text decodes (unescapeTaggedText) to exactly
 * this. Text without brackets, braces or a trailing backslash needs none.
 */
function escapeInsertions(text: string): number[] {
  if (!/[[\]{}]|\\$/.test(text)) return [];
  const coded = codedInsertions(text);
  if (coded) {
    const out = insertBackslashes(text, coded);
    if (isSafeTaggedText(out) && deleteAt(out, addedBackslashes(out)) === text) return coded;
  }
  return fullInsertions(text);
}

function insertBackslashes(text: string, at: readonly number[]): string {
  if (at.length === 0) return text;
  let out = '';
  let last = 0;
  for (const p of at) {
    out += text.slice(last, p) + '\\';
    last = p;
  }
  return out + text.slice(last);
}

/**
 * `text` coded to be the text of a tag (identity for text without brackets, braces or a trailing
 * backslash, and for balanced text whose brackets are not escaped). Reversible:
 * unescapeTaggedText(escapeTaggedText(x)) === x for every string x.
 */
export function escapeTaggedText(text: string): string {
  return insertBackslashes(text, escapeInsertions(text));
}

/**
 * The text a tag's content stands for: the backslashes escapeTaggedText adds, removed (the
 * inverse of escapeTaggedText on what it writes). Other backslashes are kept as written.
 */
export function unescapeTaggedText(content: string): string {
  return deleteAt(content, addedBackslashes(content));
}

/** `[taggedText]{.kind #id …}`; the text is escaped as escapeTaggedText does. */
export function serializeSpan(tag: TagSpec, taggedText: string): string {
  return `[${escapeTaggedText(taggedText)}]${formatAttributes(tag)}`;
}

/** Applies non-overlapping edits (any order) to `text`. */
export function applyEdits(text: string, edits: readonly MarkupEdit[]): string {
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  let out = '';
  let last = 0;
  for (const e of sorted) {
    if (e.start < last) throw new RangeError('Overlapping edits');
    out += text.slice(last, e.start) + e.newText;
    last = e.end;
  }
  return out + text.slice(last);
}

function backslashesBefore(text: string, offset: number): number {
  let k = 0;
  while (offset - k - 1 >= 0 && text.charCodeAt(offset - k - 1) === BS) k++;
  return k;
}

/**
 * Edits that tag `[start, end)` of `text`: `[` at start, `]{…}` at end, and the selection coded
 * as escapeTaggedText does. The run of backslashes right before `start`, if any, is doubled (so
 * that it cannot escape the new `[`; removeTag halves it again). Check crossesTagBoundary first: the
 * selection must not cut an existing tag.
 */
export function wrapInTag(text: string, start: number, end: number, tag: TagSpec): MarkupEdit[] {
  if (end < start) [start, end] = [end, start];
  start = Math.max(0, Math.min(start, text.length));
  end = Math.max(start, Math.min(end, text.length));
  const inserts = new Map<number, string>();
  const add = (at: number, s: string): void => {
    inserts.set(at, (inserts.get(at) ?? '') + s);
  };
  // k backslashes right before the `[` become 2k: the `[` is not escaped, and removeTag can halve them.
  add(start, '\\'.repeat(backslashesBefore(text, start)) + '[');
  for (const p of escapeInsertions(text.slice(start, end))) add(start + p, '\\');
  add(end, `]${formatAttributes(tag)}`);
  return [...inserts.entries()].sort((a, b) => a[0] - b[0]).map(([at, newText]) => ({ start: at, end: at, newText }));
}

/**
 * Edits that untag `span`: delete its `[` and its `]{…}`, keeping the text. With `unescape`
 * (default) the backslashes wrapInTag adds are removed too, so that untagging what wrapInTag
 * wrote gives back the original text byte for byte: the coding of the text, when the text is
 * exactly what escapeTaggedText writes for its decoding (else the text is kept as written), and
 * half of the run of backslashes right before the `[` (wrapInTag doubles that run).
 */
export function removeTag(text: string, span: Pick<TagSpan, 'start' | 'contentStart' | 'contentEnd' | 'end'>, options?: { unescape?: boolean }): MarkupEdit[] {
  const unescape = options?.unescape !== false;
  const before = unescape ? backslashesBefore(text, span.start) : 0;
  const open = before % 2 === 0 ? span.start - before / 2 : span.start;
  const edits: MarkupEdit[] = [{ start: open, end: span.contentStart, newText: '' }];
  if (unescape) {
    const content = text.slice(span.contentStart, span.contentEnd);
    const drop = addedBackslashes(content);
    if (drop.length > 0 && escapeTaggedText(deleteAt(content, drop)) === content) {
      for (const p of drop) edits.push({ start: span.contentStart + p, end: span.contentStart + p + 1, newText: '' });
    }
  }
  edits.push({ start: span.contentEnd, end: span.end, newText: '' });
  return edits;
}

/** Random characters of a new tag ID: 36^8 ≈ 2.8 × 10^12 IDs (SPEC §3 keeps older 4-character IDs valid). */
export const TAG_ID_RANDOM_LENGTH = 8;

type RandomValues = (array: Uint32Array) => Uint32Array;

/** The platform's cryptographic generator where there is one (Node 20, browsers, web workers), feature-checked: the core stays free of imports. */
function platformRandomValues(): RandomValues | undefined {
  const crypto = (globalThis as { crypto?: { getRandomValues?: RandomValues } }).crypto;
  return typeof crypto?.getRandomValues === 'function' ? (array) => crypto.getRandomValues!(array) : undefined;
}

/** `length` base-36 characters from `random` (tests pass a seeded one), else from the platform's cryptographic generator. */
function randomBase36(length: number, random: (() => number) | undefined): string {
  let out = '';
  const values = random ? undefined : platformRandomValues();
  if (values) {
    // Rejection sampling: 2^32 is not a multiple of 36, so the top few values would favour low digits.
    const limit = Math.floor(0x100000000 / 36) * 36;
    const buffer = new Uint32Array(length * 2);
    while (out.length < length) {
      values(buffer);
      for (let i = 0; i < buffer.length && out.length < length; i++) if (buffer[i] < limit) out += (buffer[i] % 36).toString(36);
    }
    return out;
  }
  const draw = random ?? Math.random;
  for (let i = 0; i < length; i++) {
    const r = draw();
    out += (Number.isFinite(r) ? Math.min(35, Math.max(0, Math.floor(r * 36))) : 0).toString(36);
  }
  return out;
}

/**
 * A fresh tag ID: `c` (claim) or `e` (event) + 8 random base-36 characters with at least one
 * digit (what isOurs recognises), not in `existing`. Random enough that analysts tagging on
 * separate branches practically never collide: among 100,000 tags made apart, the chance of any
 * two sharing an ID is about 0.2 %, where 4 characters (1.7 million IDs) made one all but certain.
 * Falls back to longer IDs, so it always terminates.
 */
export function generateTagId(kind: TagKind, existing: ReadonlySet<string>, random?: () => number): string {
  const prefix = kind === 'claim' ? 'c' : 'e';
  for (let length = TAG_ID_RANDOM_LENGTH; ; length++) {
    for (let attempt = 0; attempt < 64; attempt++) {
      const body = randomBase36(length, random);
      if (!/[0-9]/.test(body)) continue;
      const id = prefix + body;
      if (!existing.has(id)) return id;
    }
    // 64 draws taken or without a digit (a broken `random`): a sequential ID of this length that is free.
    for (let k = 0; k < 100_000; k++) {
      const id = prefix + k.toString(36).padStart(length, '0');
      if (!existing.has(id)) return id;
    }
  }
}
