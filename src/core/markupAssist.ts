// Editor assistance for claim and event tags (SPEC §3): what the VS Code layer needs to check
// tags against the registry, offer quick fixes, complete inside attribute blocks and describe a
// tag on hover. Pure core: no `vscode`, no Node built-ins (the CLI can reuse the checks).
//
// All offsets are UTF-16 code units, end exclusive, as in markup.ts.

import { showBidiControls } from './safeText';
import type { Registry } from './registry';
import { readFrontMatterRefs } from './frontMatterRefs';
import { formatPartialDate, parsePartialDate } from './dates';
import { escapeMarkdown } from './hoverCard';
import { LineIndex } from './sourceText';
import {
  CLAIM_ATTRIBUTES,
  codeRanges,
  CONFIDENCE_TERMS,
  CREDIBILITY,
  ENTITY_ATTRIBUTES,
  NOT_AN_ENTITY,
  REF_ATTRIBUTES,
  ENTITY_LIST_ATTRIBUTES,
  entityIdRanges,
  EVENT_ATTRIBUTES,
  generateTagId,
  MarkupDiagnostic,
  MarkupEdit,
  MarkupParseResult,
  PLOVER_EVENT_TYPES,
  RELIABILITY,
  REQUIRED_ATTRIBUTE,
  TagAttribute,
  TagKind,
  TagSpan,
} from './markup';
import type { EntityType, EventType } from './types';

// ---------------------------------------------------------------------------------------------
// String similarity: "did you mean …"

/** Optimal-string-alignment distance (Levenshtein plus adjacent transpositions). */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  if (a.length === 0) return b.length;
  if (b.length === 0) return a.length;
  let prevPrev: number[] = new Array<number>(b.length + 1).fill(0);
  let prev: number[] = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = new Array<number>(b.length + 1);
    cur[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, prevPrev[j - 2] + 1);
      cur[j] = d;
    }
    prevPrev = prev;
    prev = cur;
  }
  return prev[b.length];
}

function ratio(a: string, b: string): number {
  const longest = Math.max(a.length, b.length);
  return longest === 0 ? 1 : 1 - editDistance(a, b) / longest;
}

/**
 * How alike two identifiers are, from 0 to 1 (1: equal ignoring case). Besides the edit distance
 * it rewards one containing the other (`larijani` ~ `ali-larijani`) and a close match with one
 * `-`/`.`/`_`-separated part (`larijan` ~ `ali-larijani`).
 */
export function idSimilarity(a: string, b: string): number {
  a = a.toLowerCase();
  b = b.toLowerCase();
  if (a === b) return 1;
  let score = ratio(a, b);
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  if (short.length >= 3 && long.includes(short)) score = Math.max(score, 0.5 + 0.45 * (short.length / long.length));
  if (short.length >= 3) {
    for (const part of long.split(/[-._]+/)) {
      if (part.length >= 3) score = Math.max(score, 0.85 * ratio(short, part));
    }
  }
  return Math.min(score, 0.99);
}

/**
 * The candidates most like `target` (best first; ties by edit distance, then alphabetically),
 * at most `limit`, none below `threshold`.
 */
export function closestIds(target: string, candidates: Iterable<string>, limit = 3, threshold = 0.5): string[] {
  const scored: { id: string; score: number; distance: number }[] = [];
  for (const id of candidates) {
    if (id === target) continue;
    const score = idSimilarity(target, id);
    if (score >= threshold) scored.push({ id, score, distance: editDistance(target.toLowerCase(), id.toLowerCase()) });
  }
  scored.sort((x, y) => y.score - x.score || x.distance - y.distance || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
  return scored.slice(0, limit).map((s) => s.id);
}

// ---------------------------------------------------------------------------------------------
// What the checks, fixes, completions and hovers know about the registry

export interface AssistEntity {
  id: string;
  name: string;
  type: EntityType;
  summary?: string;
}

export interface AssistEventType {
  id: string;
  label?: string;
  description?: string;
  /** `plover` for the default taxonomy, `registry` for the registry's `eventTypes:`. */
  source: 'plover' | 'registry';
}

export interface AssistContext {
  /** Resolves an entity ID. */
  entity(id: string): AssistEntity | undefined;
  /** Every entity ID of the registry. */
  entityIds(): Iterable<string>;
  /** The event taxonomy: PLOVER plus the registry's types (see eventTaxonomy). */
  eventTypes: ReadonlyMap<string, AssistEventType>;
  /**
   * Whether entity IDs are checked at all (false when there is no registry: every ID would be
   * unknown). Default true.
   */
  checkEntities?: boolean;
}

/** What the checks know about a registry (shared by the editor and the CLI). */
export function registryAssistContext(registry: Pick<Registry, 'entities' | 'eventTypes' | 'files'>): AssistContext {
  return {
    entity: (id) => registry.entities.get(id),
    entityIds: () => registry.entities.keys(),
    eventTypes: eventTaxonomy(registry.eventTypes),
    // Without any registry every ID would be unknown: say nothing rather than flag them all.
    checkEntities: registry.files.length > 0 || registry.entities.size > 0,
  };
}

/** The PLOVER categories plus the registry's `eventTypes:` (which may refine their wording). */
export function eventTaxonomy(registryTypes: readonly EventType[] = []): Map<string, AssistEventType> {
  const out = new Map<string, AssistEventType>();
  for (const [id, description] of Object.entries(PLOVER_EVENT_TYPES)) out.set(id, { id, description, source: 'plover' });
  for (const t of registryTypes) {
    const known = out.get(t.id);
    out.set(t.id, {
      id: t.id,
      label: t.label ?? known?.label,
      description: t.description ?? known?.description,
      source: known?.source ?? 'registry',
    });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Checks against the registry and the workspace

/** Codes of the diagnostics added to parseMarkup's (markup.ts MARKUP_DIAGNOSTIC_CODES). */
export const ASSIST_DIAGNOSTIC_CODES = Object.freeze(['unknown-entity', 'unknown-event-type', 'invalid-refs'] as const);

export type TagDiagnosticCode = MarkupDiagnostic['code'] | (typeof ASSIST_DIAGNOSTIC_CODES)[number];

/** Where else a tag ID is used (another file of the workspace). */
export interface TagIdUse {
  /** URI (or path) of the other file. */
  file: string;
  /** For the message: a workspace-relative path, say. */
  label: string;
  start?: number;
  end?: number;
  line?: number;
  character?: number;
}

export interface TagDiagnostic {
  code: TagDiagnosticCode;
  message: string;
  start: number;
  end: number;
  severity: 'error' | 'warning';
  /** Index into the parse result's `spans`. */
  span?: number;
  /** The unknown entity ID or event type, or the duplicated tag ID. */
  value?: string;
  /** Attribute the value belongs to. */
  key?: string;
  /** Other uses of a duplicated tag ID in the workspace. */
  related?: TagIdUse[];
}

/**
 * Front matter `refs:` (SPEC §9): an id the registry lacks is an error (as in a tag), an entry
 * that is not `name: id` a warning. Cheap for a text without front matter.
 */
export function checkFrontMatterRefs(text: string, ctx: AssistContext): TagDiagnostic[] {
  const { refs, problems } = readFrontMatterRefs(text);
  const out: TagDiagnostic[] = problems.map((p) => ({ code: 'invalid-refs', severity: 'warning', start: p.start, end: p.end, message: p.message }));
  if (ctx.checkEntities === false) return out;
  for (const ref of refs) {
    if (ref.to === NOT_AN_ENTITY || ctx.entity(ref.to)) continue;
    const guess = closestIds(ref.to, ctx.entityIds(), 1);
    const hint = guess.length > 0 ? `; did you mean “${guess[0]}”?` : '';
    out.push({
      code: 'unknown-entity',
      severity: 'error',
      start: ref.valueStart,
      end: ref.valueEnd,
      message: `Unknown entity ID “${ref.to}” for “${ref.name}” in the front matter refs: (not in the registry; none means not an entity)${hint}`,
      value: ref.to,
      key: 'refs',
    });
  }
  return out.sort((a, b) => a.start - b.start);
}

/** Unknown entity IDs (by, about, actors, targets, place) and unknown event types. */
export function checkTagReferences(parsed: MarkupParseResult, ctx: AssistContext): TagDiagnostic[] {
  const out: TagDiagnostic[] = [];
  parsed.spans.forEach((span, index) => {
    if (!span.kind) return;
    const seen = new Set<string>();
    for (const attr of span.attributeList) {
      if (seen.has(attr.key)) continue; // duplicates are reported by parseMarkup; the first counts
      seen.add(attr.key);
      const single = ENTITY_ATTRIBUTES[span.kind].includes(attr.key);
      const list = ENTITY_LIST_ATTRIBUTES[span.kind].includes(attr.key);
      if ((single || list) && ctx.checkEntities !== false) {
        for (const ref of entityIdRanges(attr)) {
          if (ctx.entity(ref.id) || (span.kind === 'ref' && ref.id === NOT_AN_ENTITY)) continue;
          const guess = closestIds(ref.id, ctx.entityIds(), 1);
          const hint = guess.length > 0 ? `; did you mean “${guess[0]}”?` : '';
          out.push({
            code: 'unknown-entity',
            severity: 'error', // as in `analyst-markup check`: a tag about an unknown actor is broken data
            start: ref.start,
            end: ref.end,
            message: `Unknown entity ID “${ref.id}” in ${attr.key}= (not in the registry)${hint}`,
            span: index,
            value: ref.id,
            key: attr.key,
          });
        }
      }
      if (span.kind === 'event' && attr.key === 'type' && attr.value.trim() !== '' && !ctx.eventTypes.has(attr.value)) {
        const guess = closestIds(attr.value, ctx.eventTypes.keys(), 1);
        const hint = guess.length > 0 ? `; did you mean “${guess[0]}”?` : '';
        out.push({
          code: 'unknown-event-type',
          severity: 'error',
          start: attr.quoted ? attr.valueStart - 1 : attr.valueStart,
          end: attr.quoted ? attr.end : attr.valueEnd,
          message: `Unknown event type “${attr.value}”: use a PLOVER category or a type of the registry's eventTypes${hint}`,
          span: index,
          value: attr.value,
          key: attr.key,
        });
      }
    }
  });
  return out;
}

/**
 * Tag IDs of this text also used elsewhere in the workspace. `elsewhere` maps a tag ID to its
 * uses in OTHER files (duplicates within the text are parseMarkup's `duplicate-tag-id`).
 */
export function workspaceDuplicateIds(parsed: MarkupParseResult, elsewhere: (id: string) => readonly TagIdUse[]): TagDiagnostic[] {
  const out: TagDiagnostic[] = [];
  parsed.spans.forEach((span, index) => {
    if (span.id === undefined || span.idStart === undefined || span.idEnd === undefined) return;
    const uses = elsewhere(span.id);
    if (uses.length === 0) return;
    const where = uses
      .slice(0, 3)
      .map((u) => (u.line !== undefined ? `${u.label}:${u.line + 1}` : u.label))
      .join(', ');
    const more = uses.length > 3 ? ` and ${uses.length - 3} more` : '';
    out.push({
      code: 'duplicate-tag-id',
      severity: 'error',
      start: span.idStart - 1,
      end: span.idEnd,
      message: `Tag ID “${span.id}” is also used in ${where}${more}; IDs must be unique in the workspace`,
      span: index,
      value: span.id,
      related: [...uses],
    });
  });
  return out;
}

/** parseMarkup's diagnostics, the registry checks and the workspace duplicates, sorted. */
export function tagDiagnostics(parsed: MarkupParseResult, ctx: AssistContext, elsewhere: (id: string) => readonly TagIdUse[] = () => []): TagDiagnostic[] {
  const all: TagDiagnostic[] = [...parsed.diagnostics, ...checkTagReferences(parsed, ctx)];
  // An id repeated in this text already has a diagnostic at the same place: merge, do not repeat.
  for (const d of workspaceDuplicateIds(parsed, elsewhere)) {
    const local = all.find((x) => x.code === 'duplicate-tag-id' && x.start === d.start && x.end === d.end);
    if (local) {
      local.message += `; also used in ${d.related?.length ?? 0} other file(s)`;
      local.related = d.related;
      local.value = d.value;
    } else {
      all.push(d);
    }
  }
  all.sort((a, b) => a.start - b.start || a.end - b.end);
  // Ids and values quoted from the text: bidi controls shown, not obeyed (issue 17).
  for (const d of all) d.message = showBidiControls(d.message);
  return all;
}

// ---------------------------------------------------------------------------------------------
// Quick fixes

export interface QuickFix {
  title: string;
  edits: MarkupEdit[];
  /** The one fix to apply with "Auto Fix" (the best guess). */
  preferred?: boolean;
  /** After the edits, put the cursor here (an offset in the EDITED text) and open suggestions. */
  suggestAt?: number;
}

function spanOf(parsed: MarkupParseResult, d: Pick<TagDiagnostic, 'span' | 'start' | 'end'>): TagSpan | undefined {
  if (d.span !== undefined) return parsed.spans[d.span];
  return parsed.spans.find((s) => s.attrStart <= d.start && d.end <= s.end);
}

function valueReplacements(d: Pick<TagDiagnostic, 'start' | 'end'>, current: string, choices: Readonly<Record<string, string>>, what: string): QuickFix[] {
  const keys = Object.keys(choices);
  // Preferred (the one "Auto Fix" applies) only when it is a clear guess: `likley`, `b`.
  const best = keys.find((k) => k.toLowerCase() === current.toLowerCase()) ?? closestIds(current, keys, 1, 0.6)[0];
  const fixes = keys.map((k) => ({
    title: `Change ${what} to “${k}” (${choices[k]})`,
    edits: [{ start: d.start, end: d.end, newText: k }],
    preferred: k === best,
  }));
  // The best guess first, the others in their natural order.
  return [...fixes.filter((f) => f.preferred), ...fixes.filter((f) => !f.preferred)];
}

/** Where a new attribute goes in a block: after the kind class and the id, else after `{`. */
function attributeInsertion(span: TagSpan): { at: number; text: (attr: string) => string } {
  let at = span.attrStart + 1;
  for (const c of span.classList) if ((c.name === 'claim' || c.name === 'event' || c.name === 'ref') && c.end > at) at = c.end;
  if (span.idEnd !== undefined && span.idEnd > at) at = span.idEnd;
  if (at === span.attrStart + 1) return { at, text: (attr) => `${attr} ` };
  return { at, text: (attr) => ` ${attr}` };
}

/**
 * Fixes for one diagnostic of `tagDiagnostics` (matched by code and range). `existingIds` are the
 * tag IDs of the whole workspace, this text included (for "Generate a new id").
 */
export function quickFixes(
  text: string,
  parsed: MarkupParseResult,
  d: Pick<TagDiagnostic, 'code' | 'start' | 'end' | 'span' | 'value' | 'key'>,
  ctx: AssistContext,
  existingIds: ReadonlySet<string> = new Set(),
  random?: () => number,
): QuickFix[] {
  const current = d.value ?? text.slice(d.start, d.end).replace(/^["']|["']$/g, '');
  switch (d.code) {
    case 'unknown-entity': {
      // Not an ID the same list already has (`actors="iran irak"` → iraq, not iran).
      const span = spanOf(parsed, d);
      const attr = span?.attributeList.find((a) => a.key === d.key && a.valueStart <= d.start && d.end <= a.valueEnd);
      const taken = new Set(attr ? entityIdRanges(attr).map((r) => r.id) : []);
      const ids = closestIds(
        current,
        [...ctx.entityIds()].filter((id) => !taken.has(id)),
        3,
      );
      return ids.map((id, k) => {
        const e = ctx.entity(id);
        return {
          title: `Change to “${id}”${e ? ` (${e.name}, ${e.type})` : ''}`,
          edits: [{ start: d.start, end: d.end, newText: id }],
          preferred: k === 0,
        };
      });
    }
    case 'unknown-event-type': {
      const ids = closestIds(current, ctx.eventTypes.keys(), 3, 0.4);
      return ids.map((id, k) => ({
        title: `Change event type to “${id}”`,
        edits: [{ start: d.start, end: d.end, newText: id }],
        preferred: k === 0,
      }));
    }
    case 'invalid-confidence':
      return valueReplacements(d, current, CONFIDENCE_TERMS, 'confidence');
    case 'invalid-reliability':
      return valueReplacements(d, current, RELIABILITY, 'reliability');
    case 'invalid-credibility':
      return valueReplacements(d, current, CREDIBILITY, 'credibility');
    case 'missing-attribute': {
      const span = spanOf(parsed, d);
      if (!span?.kind) return [];
      const key = REQUIRED_ATTRIBUTE[span.kind];
      const existing = span.attributeList.find((a) => a.key === key);
      const what = span.kind === 'claim' ? 'the claimant' : span.kind === 'event' ? 'the event type' : 'who is meant';
      if (existing) {
        // `by=""`: fill in the value that is there.
        return [{ title: `Fill in ${key}= (${what})`, edits: [], suggestAt: existing.valueStart, preferred: true }];
      }
      const { at, text: insert } = attributeInsertion(span);
      const newText = insert(`${key}=`);
      const cursor = at + newText.trimEnd().length;
      return [{ title: `Add ${key}= (${what})`, edits: [{ start: at, end: at, newText }], suggestAt: cursor, preferred: true }];
    }
    case 'duplicate-tag-id': {
      const span = spanOf(parsed, d);
      if (!span || span.idStart === undefined || span.idEnd === undefined) return [];
      const kind: TagKind = span.kind ?? (span.id?.startsWith('e') ? 'event' : 'claim');
      const taken = new Set(existingIds);
      for (const s of parsed.spans) if (s.id) taken.add(s.id);
      const id = generateTagId(kind, taken, random);
      return [{ title: `Generate a new id (#${id})`, edits: [{ start: span.idStart, end: span.idEnd, newText: id }], preferred: true }];
    }
    case 'missing-id': {
      const span = spanOf(parsed, d);
      if (!span?.kind) return [];
      const taken = new Set(existingIds);
      for (const s of parsed.spans) if (s.id) taken.add(s.id);
      const id = generateTagId(span.kind, taken, random);
      let at = span.attrStart + 1;
      for (const c of span.classList) if (c.name === span.kind) at = c.end;
      const newText = at === span.attrStart + 1 ? `#${id} ` : ` #${id}`;
      return [{ title: `Generate an id (#${id})`, edits: [{ start: at, end: at, newText }], preferred: true }];
    }
    default:
      return [];
  }
}

// ---------------------------------------------------------------------------------------------
// Completion: where in an attribute block is the cursor?

/** A token of an attribute block, as the completion sees it (tolerant of half-typed input). */
export interface BlockToken {
  type: 'class' | 'id' | 'attribute' | 'other';
  start: number;
  end: number;
  /** class or id name (without `.`/`#`), or the attribute key. */
  name: string;
  /** For attributes: where the value starts (after `=` and the opening quote). */
  valueStart?: number;
  valueEnd?: number;
  quote?: '"' | "'";
  /** A quoted value whose closing quote is missing. */
  unclosed?: boolean;
}

export interface ScannedBlock {
  /** Offset of `{`. */
  start: number;
  /** After `}`, or where the block stopped. */
  end: number;
  closed: boolean;
  tokens: BlockToken[];
}

const MAX_BLOCK = 4000;

function isSpace(c: string): boolean {
  return c === ' ' || c === '\t' || c === '\r' || c === '\n';
}

function blankLineAt(text: string, i: number): boolean {
  // text[i] is '\n': is the next line blank?
  for (let j = i + 1; j < text.length; j++) {
    const c = text[j];
    if (c === '\n') return true;
    if (c !== ' ' && c !== '\t' && c !== '\r') return false;
  }
  return false;
}

const NAME_STOP = new Set([' ', '\t', '\r', '\n', '}', '{', '[', ']', '"', "'", '=']);

/** Reads the block whose `{` is at `brace` the way the completion needs it (see parseMarkup for the real parse). */
export function scanAttributeBlock(text: string, brace: number): ScannedBlock {
  const limit = Math.min(text.length, brace + MAX_BLOCK);
  const tokens: BlockToken[] = [];
  let i = brace + 1;
  while (i < limit) {
    const c = text[i];
    if (c === '\n' && blankLineAt(text, i)) return { start: brace, end: i, closed: false, tokens };
    if (isSpace(c)) {
      i++;
      continue;
    }
    if (c === '}') return { start: brace, end: i + 1, closed: true, tokens };
    if (c === '{' || c === '[' || c === ']') return { start: brace, end: i, closed: false, tokens };
    const start = i;
    if (c === '.' || c === '#') {
      let j = i + 1;
      while (j < limit && !NAME_STOP.has(text[j])) j++;
      tokens.push({ type: c === '.' ? 'class' : 'id', start, end: j, name: text.slice(i + 1, j) });
      i = Math.max(j, i + 1);
      continue;
    }
    let j = i;
    while (j < limit && !NAME_STOP.has(text[j])) j++;
    if (j < limit && text[j] === '=' && j > i) {
      const key = text.slice(i, j);
      const v = j + 1;
      const q = text[v];
      if (q === '"' || q === "'") {
        let k = v + 1;
        let closedAt = -1;
        while (k < limit) {
          const d = text[k];
          if (d === '\\' && (text[k + 1] === '\\' || text[k + 1] === q)) {
            k += 2;
            continue;
          }
          if (d === q) {
            closedAt = k;
            break;
          }
          if (d === '\n' && blankLineAt(text, k)) break;
          k++;
        }
        if (closedAt >= 0) {
          tokens.push({ type: 'attribute', start, end: closedAt + 1, name: key, valueStart: v + 1, valueEnd: closedAt, quote: q });
          i = closedAt + 1;
        } else {
          // Unclosed: the value runs to the line end (or a `}` on the same line).
          let e = v + 1;
          while (e < limit && text[e] !== '\n' && text[e] !== '}') e++;
          tokens.push({ type: 'attribute', start, end: e, name: key, valueStart: v + 1, valueEnd: e, quote: q, unclosed: true });
          i = e;
        }
        continue;
      }
      let e = v;
      while (e < limit && !isSpace(text[e]) && text[e] !== '}' && text[e] !== '{' && text[e] !== '[' && text[e] !== ']') e++;
      tokens.push({ type: 'attribute', start, end: e, name: key, valueStart: v, valueEnd: e });
      i = e;
      continue;
    }
    // A bare word (an attribute name being typed) or junk such as a stray quote.
    if (j === i) j = i + 1;
    tokens.push({ type: 'other', start, end: j, name: text.slice(i, j) });
    i = j;
  }
  return { start: brace, end: i, closed: false, tokens };
}

export type AttributeContext =
  | {
      /** Typing an attribute name (or between tokens). */
      kind: 'name';
      tagKind?: TagKind;
      prefix: string;
      /** The range the chosen item replaces. */
      start: number;
      end: number;
      /** Keys already in the block (except the one being typed). */
      present: string[];
      block: ScannedBlock;
    }
  | {
      /** Typing a value. */
      kind: 'value';
      tagKind?: TagKind;
      key: string;
      prefix: string;
      start: number;
      end: number;
      /** The value's quote, when quoted. */
      quote?: '"' | "'";
      /** Whether the value is empty and unquoted (`key=` then the cursor). */
      empty: boolean;
      /** The other words of a list value (`actors="iran |"` → ["iran"]). */
      others: string[];
      present: string[];
      block: ScannedBlock;
    }
  | {
      /** After `.`: a class. */
      kind: 'class';
      tagKind?: TagKind;
      prefix: string;
      start: number;
      end: number;
      present: string[];
      block: ScannedBlock;
    };

function blockKind(block: ScannedBlock): TagKind | undefined {
  const classes = block.tokens.filter((t) => t.type === 'class').map((t) => t.name);
  if (classes.includes('ref')) return classes.includes('claim') || classes.includes('event') ? undefined : 'ref';
  const claim = classes.includes('claim');
  const event = classes.includes('event');
  if (claim !== event) return claim ? 'claim' : 'event';
  if (claim && event) return undefined;
  // No kind class yet: guess from the keys.
  const keys = block.tokens.filter((t) => t.type === 'attribute').map((t) => t.name);
  const claimOnly = keys.some((k) => (CLAIM_ATTRIBUTES as readonly string[]).includes(k) && !(EVENT_ATTRIBUTES as readonly string[]).includes(k));
  const eventOnly = keys.some((k) => (EVENT_ATTRIBUTES as readonly string[]).includes(k) && !(CLAIM_ATTRIBUTES as readonly string[]).includes(k));
  if (claimOnly !== eventOnly) return claimOnly ? 'claim' : 'event';
  return undefined;
}

function backslashesBefore(text: string, offset: number): number {
  let k = 0;
  while (offset - k - 1 >= 0 && text[offset - k - 1] === '\\') k++;
  return k;
}

/** The `{` of the attribute block the cursor is in (even a half-typed, unclosed one), if any. */
export function attributeBlockAt(text: string, offset: number): ScannedBlock | undefined {
  const floor = Math.max(0, offset - MAX_BLOCK);
  let from = offset - 1;
  for (let tries = 0; tries < 4 && from >= floor; tries++) {
    const brace = text.lastIndexOf(']{', from - 1) + 1;
    if (brace <= 0 || brace < floor) return undefined;
    from = brace - 1;
    if (backslashesBefore(text, brace - 1) % 2 === 1) continue; // `\]{` is not a tag
    const block = scanAttributeBlock(text, brace);
    const inside = block.closed ? offset < block.end : offset <= block.end;
    if (inside && offset > brace) return block;
    // A block that ends before the cursor: an earlier `]{` could only contain it inside quotes.
    if (block.end <= offset) return undefined;
  }
  return undefined;
}

/**
 * How far before the cursor `insideCode` reads: a completion request in a 5 MB document must not
 * lay out the whole text (300 ms). A code block that opened further up than this is not seen.
 */
const CODE_WINDOW = 16 * 1024;

/** Whether `offset` lies in a code span, a code block or the front matter (codeRanges), read from the lines around it. */
function insideCode(text: string, offset: number): boolean {
  // From a line start (the text's start when near) to the end of the cursor's paragraph (or as far after).
  const from = offset <= CODE_WINDOW ? 0 : text.indexOf('\n', offset - CODE_WINDOW) + 1;
  const after = text.slice(offset, offset + CODE_WINDOW);
  const blank = /\n[ \t]*\r?\n/.exec(after);
  const to = blank ? offset + blank.index : offset + after.length;
  for (const [start, end] of codeRanges(from === 0 && to === text.length ? text : text.slice(from, to))) {
    if (from + start > offset) return false;
    if (offset < from + end) return true;
  }
  return false;
}

/** What the cursor at `offset` is typing inside an attribute block, or undefined outside one. */
export function attributeContextAt(text: string, offset: number): AttributeContext | undefined {
  const block = attributeBlockAt(text, offset);
  if (!block) return undefined;
  // In a code span or block, `]{…}` is code, not markup (as Pandoc reads it): nothing to complete.
  if (insideCode(text, block.start)) return undefined;
  const tagKind = blockKind(block);
  const keys = (except?: BlockToken): string[] => block.tokens.filter((t) => t.type === 'attribute' && t !== except).map((t) => t.name);
  const token = block.tokens.find((t) => t.start < offset && offset <= t.end);
  if (!token) {
    // Between tokens: a new attribute name, unless the cursor is glued to the next token.
    const next = block.tokens.find((t) => t.start === offset);
    if (next && next.type !== 'other') return undefined;
    const end = next ? next.end : offset;
    return { kind: 'name', tagKind, prefix: '', start: offset, end, present: keys(), block };
  }
  switch (token.type) {
    case 'id':
      return undefined;
    case 'class':
      return {
        kind: 'class',
        tagKind,
        prefix: text.slice(token.start + 1, offset),
        start: token.start,
        end: token.end,
        present: keys(),
        block,
      };
    case 'other':
      if (!/^[\p{L}_][\p{L}\p{N}_.:-]*$/u.test(token.name)) return undefined;
      return { kind: 'name', tagKind, prefix: text.slice(token.start, offset), start: token.start, end: token.end, present: keys(), block };
    case 'attribute': {
      const valueStart = token.valueStart as number;
      const valueEnd = token.valueEnd as number;
      if (offset < valueStart) {
        // In the key (or on the `=` / opening quote).
        if (offset > token.start + token.name.length) return undefined;
        return {
          kind: 'name',
          tagKind,
          prefix: text.slice(token.start, offset),
          start: token.start,
          end: token.start + token.name.length,
          present: keys(token),
          block,
        };
      }
      if (offset > valueEnd) return undefined; // after the closing quote
      // The word at the cursor within the value (list values are space separated).
      let s = offset;
      while (s > valueStart && !/[\s,]/.test(text[s - 1])) s--;
      let e = offset;
      while (e < valueEnd && !/[\s,]/.test(text[e])) e++;
      const others: string[] = [];
      const re = /[^\s,]+/g;
      const value = text.slice(valueStart, valueEnd);
      for (let m = re.exec(value); m; m = re.exec(value)) {
        if (valueStart + m.index !== s) others.push(m[0]);
      }
      return {
        kind: 'value',
        tagKind,
        key: token.name,
        prefix: text.slice(s, offset),
        start: s,
        end: e,
        quote: token.quote,
        empty: token.quote === undefined && valueStart === valueEnd,
        others,
        present: keys(token),
        block,
      };
    }
  }
}

/** Whether `key` takes entity IDs, and how many, for a tag of `kind` (unknown kind: either). */
export function entityValueShape(key: string, kind: TagKind | undefined): 'single' | 'list' | undefined {
  const kinds: TagKind[] = kind ? [kind] : ['claim', 'event'];
  for (const k of kinds) {
    if (ENTITY_ATTRIBUTES[k].includes(key)) return 'single';
    if (ENTITY_LIST_ATTRIBUTES[k].includes(key)) return 'list';
  }
  return undefined;
}

/** What each attribute means, for completion details and the hover. */
export const ATTRIBUTE_DESCRIPTIONS: Readonly<Record<string, string>> = Object.freeze({
  by: 'The claimant: the entity ID of who makes the claim (required)',
  about: 'Entity IDs the claim is about (space separated)',
  confidence: 'ICD 203 likelihood of the claim being true',
  reliability: 'Admiralty grade of the source’s reliability, A–F',
  credibility: 'Admiralty grade of the information’s credibility, 1–6',
  date: 'Date of the claim or event: yyyy, yyyy-mm or yyyy-mm-dd',
  type: 'Event type: a PLOVER category or a type of the registry (required)',
  actors: 'Entity IDs of who acted (space separated)',
  targets: 'Entity IDs of whom the event was aimed at (space separated)',
  place: 'Entity ID of where it happened',
  note: 'Free text note',
  to: 'Who the linked words mean: an entity ID, or none (required)',
});

/** The attribute names to offer in a block of `kind` (unknown: all), without those present. */
export function attributeNameChoices(kind: TagKind | undefined, present: readonly string[]): string[] {
  const names: string[] =
    kind === 'claim'
      ? [...CLAIM_ATTRIBUTES]
      : kind === 'event'
        ? [...EVENT_ATTRIBUTES]
        : kind === 'ref'
          ? [...REF_ATTRIBUTES]
          : [...new Set<string>([...CLAIM_ATTRIBUTES, ...EVENT_ATTRIBUTES])];
  return names.filter((n) => !present.includes(n));
}

// ---------------------------------------------------------------------------------------------
// Hover

/** The tag whose `[`, `]` or attribute block holds the character at `offset` (innermost), if any. */
export function tagMarkupAt(spans: readonly TagSpan[], offset: number): TagSpan | undefined {
  let best: TagSpan | undefined;
  for (const sp of spans) {
    if (sp.start > offset) break;
    // `offset` is the character under the mouse: the `[`, or the `]`, `{`, … `}`.
    const onOpen = offset === sp.start;
    const onBlock = sp.contentEnd <= offset && offset < sp.end;
    if ((onOpen || onBlock) && (!best || sp.depth > best.depth)) best = sp;
  }
  return best;
}

/** The attribute (and, in an entity attribute, the entity ID) at `offset` in a tag's block. */
export function attributeAt(span: TagSpan, offset: number): { attr: TagAttribute; entityId?: { id: string; start: number; end: number } } | undefined {
  const attr = span.attributeList.find((a) => a.keyStart <= offset && offset <= a.end);
  if (!attr) return undefined;
  if (span.kind && entityValueShape(attr.key, span.kind) && offset >= attr.valueStart) {
    const entityId = entityIdRanges(attr).find((r) => r.start <= offset && offset <= r.end);
    return { attr, entityId };
  }
  return { attr };
}

const KIND_TITLE: Readonly<Record<TagKind, string>> = { claim: 'Claim', event: 'Event', ref: 'Link' };
const KIND_ICON: Readonly<Record<TagKind, string>> = { claim: '$(quote)', event: '$(zap)', ref: '$(link)' };
const TYPE_ICON: Readonly<Record<EntityType, string>> = {
  person: '$(person)',
  organization: '$(organization)',
  state: '$(globe)',
  place: '$(location)',
  position: '$(briefcase)',
  other: '$(symbol-misc)',
};

const LABELS: Readonly<Record<string, string>> = {
  by: 'By',
  about: 'About',
  confidence: 'Confidence',
  reliability: 'Source reliability',
  credibility: 'Information credibility',
  date: 'Date',
  type: 'Type',
  actors: 'Actors',
  targets: 'Targets',
  place: 'Place',
  note: 'Note',
};

function hasOwn(obj: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(obj, key);
}

/**
 * The hover text of a tag, as Markdown in which every piece of document and registry text is
 * escaped (render it with `supportHtml = false` and never `isTrusted = true`).
 */
export function tagHoverMarkdown(span: TagSpan, ctx: AssistContext): string {
  const lines: string[] = [];
  const kind = span.kind;
  const title = kind ? `${KIND_ICON[kind]} **${KIND_TITLE[kind]}**` : '**Tag** _\\(neither \\.claim nor \\.event\\)_';
  lines.push(`${title}${span.id !== undefined ? ` ${escapeMarkdown(`#${span.id}`)}` : ' _\\(no id\\)_'}`);
  const extra = span.classes.filter((c) => c !== 'claim' && c !== 'event');
  if (extra.length > 0) lines.push(`Classes: ${extra.map((c) => escapeMarkdown(`.${c}`)).join(', ')}`);

  const entity = (id: string): string => {
    const e = ctx.entity(id);
    if (!e) return `${escapeMarkdown(id)} _\\(unknown entity\\)_`;
    return `${TYPE_ICON[e.type] ?? ''} **${escapeMarkdown(e.name)}** \\(${escapeMarkdown(e.type)}\\) · ${escapeMarkdown(id)}`;
  };

  const rows: string[] = [];
  const seen = new Set<string>();
  for (const attr of span.attributeList) {
    if (seen.has(attr.key)) continue;
    seen.add(attr.key);
    // Keys come from the text: `constructor=x` must not read Object.prototype.
    const label = Object.prototype.hasOwnProperty.call(LABELS, attr.key) ? LABELS[attr.key] : attr.key;
    const v = attr.value;
    let shown: string;
    const shape = kind ? entityValueShape(attr.key, kind) : undefined;
    if (shape) {
      const ids = entityIdRanges(attr).map((r) => r.id);
      shown = ids.length === 0 ? '_\\(empty\\)_' : ids.map(entity).join(shape === 'list' ? '; ' : ', ');
    } else if (attr.key === 'confidence') {
      shown = hasOwn(CONFIDENCE_TERMS, v) ? `${escapeMarkdown(CONFIDENCE_TERMS[v])} _\\(ICD 203\\)_` : `${escapeMarkdown(v)} _\\(not an ICD 203 term\\)_`;
    } else if (attr.key === 'reliability') {
      shown = hasOwn(RELIABILITY, v)
        ? `${escapeMarkdown(v)} — ${escapeMarkdown(RELIABILITY[v])} _\\(Admiralty\\)_`
        : `${escapeMarkdown(v)} _\\(not an Admiralty grade A–F\\)_`;
    } else if (attr.key === 'credibility') {
      shown = hasOwn(CREDIBILITY, v)
        ? `${escapeMarkdown(v)} — ${escapeMarkdown(CREDIBILITY[v])} _\\(Admiralty\\)_`
        : `${escapeMarkdown(v)} _\\(not an Admiralty grade 1–6\\)_`;
    } else if (attr.key === 'date') {
      const d = parsePartialDate(v);
      shown = d ? escapeMarkdown(formatPartialDate(d, 'long')) : `${escapeMarkdown(v)} _\\(not a date\\)_`;
    } else if (attr.key === 'type' && kind === 'event') {
      const t = ctx.eventTypes.get(v);
      if (t) {
        const name = t.label ? `${escapeMarkdown(v)} \\(${escapeMarkdown(t.label)}\\)` : escapeMarkdown(v);
        const source = t.source === 'plover' ? ' _\\(PLOVER\\)_' : ' _\\(registry\\)_';
        shown = `**${name}**${t.description ? ` — ${escapeMarkdown(t.description)}` : ''}${source}`;
      } else {
        shown = `${escapeMarkdown(v)} _\\(unknown event type\\)_`;
      }
    } else {
      shown = v === '' ? '_\\(empty\\)_' : escapeMarkdown(v);
    }
    rows.push(`**${escapeMarkdown(label)}:** ${shown}`);
  }
  if (kind) {
    const required = REQUIRED_ATTRIBUTE[kind];
    if (!span.attributeList.some((a) => a.key === required && a.value.trim() !== '')) {
      rows.push(`$(warning) _Missing ${escapeMarkdown(required)}\\=_`);
    }
  }
  if (!span.closed) rows.push('$(warning) _The attribute block is not closed with “\\}”_');
  const blocks = [lines.join('  \n')];
  if (rows.length > 0) blocks.push(rows.join('  \n'));
  return blocks.join('\n\n---\n\n');
}

// ---------------------------------------------------------------------------------------------
// Folding

/** A foldable range of lines (0-based, inclusive); VS Code hides the lines after `startLine`. */
export interface TagFold {
  startLine: number;
  endLine: number;
  /** `attributes`: an attribute block running over several lines; `tag`: a tag over several lines. */
  kind: 'attributes' | 'tag';
}

/**
 * The folding ranges of tags and of their attribute blocks that run over several lines. Folding
 * hides whole lines: when text follows the `}` on its line, the range stops at the line before,
 * so that folding never hides text outside the tag.
 */
export function tagFoldingRanges(text: string, spans: readonly TagSpan[]): TagFold[] {
  if (spans.length === 0) return [];
  const lines = new LineIndex(text);
  const out: TagFold[] = [];
  const lastLine = (from: number, end: number): number => {
    const last = lines.position(Math.max(from, end - 1)).line;
    const rest = text.slice(end, lines.lineEnd(last));
    return rest.trim() === '' ? last : last - 1;
  };
  for (const span of spans) {
    const blockLine = lines.position(span.attrStart).line;
    const blockEnd = lastLine(span.attrStart, span.end);
    if (blockEnd > blockLine) out.push({ startLine: blockLine, endLine: blockEnd, kind: 'attributes' });
    const tagLine = lines.position(span.start).line;
    const tagEnd = lastLine(span.start, span.end);
    if (tagEnd > tagLine && !(tagLine === blockLine && blockEnd > blockLine)) out.push({ startLine: tagLine, endLine: tagEnd, kind: 'tag' });
  }
  out.sort((a, b) => a.startLine - b.startLine || b.endLine - a.endLine);
  return out;
}
