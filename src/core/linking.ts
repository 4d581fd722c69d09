// Linking mentions to who is meant (SPEC §3 `.ref`, §4 `linkMention`): the edits that wrap each
// selection, or the mention at each cursor, in `[…]{.ref to=…}`; relinking an existing link
// rewrites its `to` instead of nesting a second link. Shared by the VS Code command, the hover
// card's links and the quick fixes.

import type { ResolveMentionArgs } from './hoverCard';
import { crossesTagBoundary, formatAttributeValue, MarkupEdit, NOT_AN_ENTITY, TagSpan, wrapInTag } from './markup';
import { ENTITY_ID_PATTERN } from './registry';
import type { TextSelection } from './tagging';
import { lineOf, trimRange } from './tagging';
import type { Mention } from './types';

export type LinkResult =
  { ok: true; edits: MarkupEdit[]; /** The linked ranges, in the text before the edits. */ targets: Array<[number, number]> } | { ok: false; message: string };

/** Whether `to` can be a link's target: an entity id, or `none`. */
export function isLinkTargetText(to: string): boolean {
  return to === NOT_AN_ENTITY || ENTITY_ID_PATTERN.test(to);
}

/** The mention at `offset` (touching counts: the cursor right after a name links it). */
export function mentionAtOffset<M extends Mention>(mentions: readonly M[], offset: number): M | undefined {
  let low = 0;
  let high = mentions.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const m = mentions[mid];
    if (m.end < offset) low = mid + 1;
    else if (m.start > offset) high = mid - 1;
    else return m;
  }
  return undefined;
}

/** The link whose text is exactly `[start, end)`, or that holds it (a mention inside a link). */
function linkAround(spans: readonly TagSpan[], start: number, end: number): TagSpan | undefined {
  let best: TagSpan | undefined;
  for (const span of spans) {
    if (span.start > start) break;
    if (span.kind === 'ref' && span.contentStart <= start && end <= span.contentEnd) best = span;
  }
  return best;
}

/** The edit that sets an existing link's `to`. */
function retarget(span: TagSpan, to: string): MarkupEdit {
  const attribute = span.attributeList.find((a) => a.key === 'to');
  const value = formatAttributeValue(to);
  if (!attribute) return { start: span.end - (span.closed ? 1 : 0), end: span.end - (span.closed ? 1 : 0), newText: ` to=${value}` };
  return attribute.quoted
    ? { start: attribute.valueStart - 1, end: attribute.end, newText: value }
    : { start: attribute.valueStart, end: attribute.valueEnd, newText: value };
}

/**
 * The edits that link each selection (or the mention at each empty cursor) to `to`. Two cursors
 * on one mention link it once; a selection that cuts across a tag, an empty cursor on no
 * mention, or overlapping selections are refused with a message and no edit.
 */
export function linkEdits(text: string, spans: readonly TagSpan[], mentions: readonly Mention[], selections: readonly TextSelection[], to: string): LinkResult {
  if (!isLinkTargetText(to)) return { ok: false, message: `“${to}” is not an entity id (or none): nothing was linked.` };
  const targets: Array<[number, number]> = [];
  for (let index = 0; index < selections.length; index++) {
    const s = Math.min(selections[index].start, selections[index].end);
    const e = Math.max(selections[index].start, selections[index].end);
    let range: [number, number];
    if (s === e) {
      const mention = mentionAtOffset(mentions, s);
      const link = linkAround(spans, s, s);
      if (link) range = [link.contentStart, link.contentEnd];
      else if (mention) range = [mention.start, mention.end];
      else
        return {
          ok: false,
          message: `There is no mention at the cursor${selections.length > 1 ? ` ${index + 1}` : ''} (line ${lineOf(text, s)}): select the words to link.`,
        };
    } else {
      range = trimRange(text, s, e);
      if (range[0] >= range[1]) return { ok: false, message: 'The selection holds only white space: select the words to link.' };
    }
    targets.push(range);
  }
  targets.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const unique: Array<[number, number]> = [];
  for (const range of targets) {
    const previous = unique[unique.length - 1];
    if (previous && previous[0] === range[0] && previous[1] === range[1]) continue;
    if (previous && range[0] < previous[1])
      return { ok: false, message: `Two selections overlap (line ${lineOf(text, range[0])}): link them one at a time. Nothing was linked.` };
    unique.push(range);
  }
  const edits: MarkupEdit[] = [];
  for (const [start, end] of unique) {
    const link = linkAround(spans, start, end);
    // The words of an existing link (or a mention inside one): relink rather than nest.
    if (link && (link.contentStart === start || link.contentEnd === end || trimRange(text, link.contentStart, link.contentEnd)[0] === start)) {
      edits.push(retarget(link, to));
      continue;
    }
    const crossed = crossesTagBoundary(spans, start, end);
    if (crossed)
      return {
        ok: false,
        message: `The selection cuts across a tag (line ${lineOf(text, crossed.start)}): tags may nest but not overlap. Nothing was linked.`,
      };
    for (const edit of wrapInTag(text, start, end, { kind: 'ref', attributes: { to } })) edits.push(edit);
  }
  edits.sort((a, b) => a.start - b.start || a.end - b.end);
  // Adjacent links: `]{…}` and the next `[` at one offset become one insertion.
  const merged: MarkupEdit[] = [];
  for (const edit of edits) {
    const last = merged[merged.length - 1];
    if (last && last.start === last.end && edit.start === edit.end && last.start === edit.start) last.newText += edit.newText;
    else merged.push({ ...edit });
  }
  return { ok: true, edits: merged, targets: unique };
}

// ---------------------------------------------------------------------------------------------
// Command arguments (they arrive from key bindings, other extensions and Markdown links: anything)

const LINK_ARGUMENT_KEYS = ['to'];

/** `{ to }` of Link Mention's argument; throws with a message for anything else. */
export function readLinkArgument(arg: unknown): string {
  if (arg === null || typeof arg !== 'object' || Array.isArray(arg))
    throw new Error('Link Mention takes an argument object `{ to }` (an entity id, or "none").');
  const unknown = Object.keys(arg).filter((key) => !LINK_ARGUMENT_KEYS.includes(key));
  if (unknown.length > 0) throw new Error(`Link Mention: unknown argument ${unknown.map((k) => `“${k}”`).join(', ')}; it takes { to }.`);
  const to = (arg as { to?: unknown }).to;
  if (typeof to !== 'string' || !isLinkTargetText(to.trim()))
    throw new Error(`Link Mention: \`to\` must be an entity id or "none", not ${describeArgument(to)}.`);
  return to.trim();
}

/** A hover card link's argument, checked: it arrives as JSON from a Markdown link. */
export function readResolveArgs(arg: unknown): ResolveMentionArgs | undefined {
  if (arg === null || typeof arg !== 'object' || Array.isArray(arg)) return undefined;
  const o = arg as Record<string, unknown>;
  const { uri, start, end, version, to, scope } = o;
  if (typeof uri !== 'string' || typeof to !== 'string' || !isLinkTargetText(to)) return undefined;
  if (
    !Number.isSafeInteger(start) ||
    !Number.isSafeInteger(end) ||
    !Number.isSafeInteger(version) ||
    (start as number) < 0 ||
    (end as number) < (start as number)
  )
    return undefined;
  if (scope !== 'mention' && scope !== 'document') return undefined;
  return { uri, start: start as number, end: end as number, version: version as number, to, scope };
}

/** A value for a message: JSON.stringify throws on a BigInt (found by fuzzing) and returns undefined for a function. */
function describeArgument(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 39)}…` : value);
  if (value === null || value === undefined || typeof value === 'number' || typeof value === 'boolean') return String(value);
  return Array.isArray(value) ? 'an array' : typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}
