// The Markdown preview's view of the markup (issue 16): a markdown-it plugin that renders
// `[text]{.claim …}`, `{.event …}` and `{.ref …}` as styled spans with a readable title instead of
// raw braces, and wraps the registry's mentions as the editor highlights them. Pure: the
// VS Code layer hands it the preview's markdown-it instance and the current registry.
//
// Tags come from the core's own parser (parseMarkup) on each bracketed span markdown-it meets;
// mentions from findMentions over the whole document (so resolution sees the front matter,
// coreference and the document's date), then paired, in order, with the text markdown-it shows
// for each paragraph.

import type MarkdownIt = require('markdown-it');
import { LinePositions } from './linePositions';
import { CONFIDENCE_TERMS, CREDIBILITY, entityIdList, NOT_AN_ENTITY, parseMarkup, PLOVER_EVENT_TYPES, RELIABILITY, TagSpan } from './markup';
import { findMentions } from './mentions';
import type { Registry } from './registry';
import type { ResolvedMention } from './resolution';

/** A markdown-it instance (the typings' interface is reachable only through a plugin's parameter). */
export type Markdown = InstanceType<typeof MarkdownIt>;
type StateCore = MarkdownIt.StateCore;
type StateInline = MarkdownIt.StateInline;
type Token = MarkdownIt.Token;

export interface PreviewOptions {
  /** The registry as loaded now (undefined before the first load): read at every render. */
  registry(): PreviewRegistry | undefined;
  /** "Today", for a document without a date. */
  now?: () => Date;
}

export type PreviewRegistry = Pick<Registry, 'matcher' | 'entities' | 'candidatesOf' | 'holders' | 'contextSlots' | 'members' | 'generation' | 'eventTypes'>;

/** How far past `}` an attribute block may reach: longer blocks stay text (a bound on the work per `[`). */
const MAX_ATTRIBUTE_BLOCK = 4000;

const SPAN_OPEN = 'analyst_markup_span_open';
const SPAN_CLOSE = 'analyst_markup_span_close';
const MENTION_OPEN = 'analyst_markup_mention_open';
const MENTION_CLOSE = 'analyst_markup_mention_close';

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

/** The CSS class of an entity type (`analyst-markup-person`, …); unknown types are `other`. */
function typeClass(type: string | undefined): string {
  return `analyst-markup-${type && /^[a-z]+$/.test(type) ? type : 'other'}`;
}

function nameOf(registry: PreviewRegistry | undefined, id: string): string {
  const entity = registry?.entities.get(id);
  return entity ? entity.name : id;
}

function namesOf(registry: PreviewRegistry | undefined, value: string | undefined): string | undefined {
  if (!value) return undefined;
  const ids = entityIdList(value);
  return ids.length ? ids.map((id) => nameOf(registry, id)).join(', ') : undefined;
}

const own = (table: Readonly<Record<string, string>>, key: string | undefined): string | undefined =>
  key !== undefined && Object.prototype.hasOwnProperty.call(table, key) ? table[key] : undefined;

function attribute(span: TagSpan, key: string): string | undefined {
  return Object.prototype.hasOwnProperty.call(span.attributes, key) ? span.attributes[key] : undefined;
}

/** The tooltip of a tag: who claims or does what, in words (SPEC §3 attributes). */
export function tagTitle(span: TagSpan, registry: PreviewRegistry | undefined): string {
  const parts: string[] = [];
  const add = (label: string, value: string | undefined) => {
    if (value) parts.push(`${label}: ${value}`);
  };
  if (span.kind === 'claim') {
    const by = attribute(span, 'by');
    parts.push(by ? `Claim by ${nameOf(registry, by)}` : 'Claim (no claimant)');
    add('about', namesOf(registry, attribute(span, 'about')));
    const confidence = attribute(span, 'confidence');
    if (confidence) parts.push(`confidence: ${confidence.replace(/-/g, ' ')}${own(CONFIDENCE_TERMS, confidence) ? '' : ' (not an ICD 203 term)'}`);
    const reliability = attribute(span, 'reliability');
    if (reliability) add('source reliability', own(RELIABILITY, reliability) ? `${reliability} (${own(RELIABILITY, reliability)})` : reliability);
    const credibility = attribute(span, 'credibility');
    if (credibility) add('information credibility', own(CREDIBILITY, credibility) ? `${credibility} (${own(CREDIBILITY, credibility)})` : credibility);
    add('date', attribute(span, 'date'));
  } else if (span.kind === 'event') {
    const type = attribute(span, 'type');
    const custom = type ? registry?.eventTypes.find((t) => t.id === type) : undefined;
    const label = custom?.label ?? own(PLOVER_EVENT_TYPES, type) ?? type;
    parts.push(type ? `Event: ${label && label !== type ? `${type} (${label})` : type}` : 'Event (no type)');
    add('actors', namesOf(registry, attribute(span, 'actors')));
    add('targets', namesOf(registry, attribute(span, 'targets')));
    add('date', attribute(span, 'date'));
    const place = attribute(span, 'place');
    add('place', place ? nameOf(registry, place) : undefined);
    add('note', attribute(span, 'note'));
  } else if (span.kind === 'ref') {
    const to = attribute(span, 'to');
    parts.push(to === NOT_AN_ENTITY ? 'Not an entity here (linked)' : to ? `${nameOf(registry, to)} (linked)` : 'Link without a target');
  }
  if (span.id) parts.push(`#${span.id}`);
  return parts.join(' · ');
}

/** The tooltip of a mention: who is meant and how the extension decided. */
export function mentionTitle(mention: ResolvedMention, registry: PreviewRegistry | undefined): string {
  const entity = registry?.entities.get(mention.entityId);
  const who = entity ? `${entity.name} (${entity.type})` : mention.entityId;
  if (mention.resolution === 'ambiguous' && mention.candidates && mention.candidates.length > 1) {
    return `Ambiguous: ${mention.candidates.map((id) => nameOf(registry, id)).join(' or ')}`;
  }
  if (mention.resolution === 'office' && mention.via) return `${who}, as ${nameOf(registry, mention.via)}`;
  return who;
}

/** End (after `}`) of the attribute block opening at `open`, quotes respected; -1 when it does not close soon. */
function attributeBlockEnd(src: string, open: number, max: number): number {
  let quote = '';
  const limit = Math.min(max, open + MAX_ATTRIBUTE_BLOCK);
  for (let i = open + 1; i < limit; i++) {
    const c = src[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '}') return i + 1;
    else if (c === '{' || c === '[' || c === ']') return -1;
  }
  return -1;
}

/** Inline rule: a Pandoc bracketed span with class .claim, .event or .ref. */
function spanRule(options: PreviewOptions) {
  // The last `]{` of each inline text: a `[` after it opens no span (spares the label search).
  const lastBlockOpen = new WeakMap<StateInline, number>();
  return (state: StateInline, silent: boolean): boolean => {
    const start = state.pos;
    if (state.src.charCodeAt(start) !== 0x5b /* [ */) return false;
    let last = lastBlockOpen.get(state);
    if (last === undefined) lastBlockOpen.set(state, (last = state.src.lastIndexOf(']{')));
    if (start > last) return false;
    const labelEnd = state.md.helpers.parseLinkLabel(state, start, false);
    if (labelEnd < 0 || state.src.charCodeAt(labelEnd + 1) !== 0x7b /* { */) return false;
    const end = attributeBlockEnd(state.src, labelEnd + 1, state.posMax);
    if (end < 0) return false;
    const span = parseMarkup(state.src.slice(start, end)).spans[0];
    if (!span || span.start !== 0 || span.end !== end - start || !span.closed || !span.kind) return false;
    if (!silent) {
      const open = state.push(SPAN_OPEN, 'span', 1);
      open.meta = { kind: span.kind, title: tagTitle(span, options.registry()), to: attribute(span, 'to'), id: span.id };
      const oldMax = state.posMax;
      state.pos = start + 1;
      state.posMax = labelEnd;
      state.md.inline.tokenize(state);
      state.posMax = oldMax;
      state.push(SPAN_CLOSE, 'span', -1);
    }
    state.pos = end;
    return true;
  };
}

interface TextPiece {
  token: Token;
  /** Offset of the token's text in the paragraph's joined visible text. */
  offset: number;
}

/** Core rule: wraps each mention (document-wide, resolved) in the text tokens that show it. */
function mentionRule(options: PreviewOptions) {
  return (state: StateCore): void => {
    const registry = options.registry();
    if (!registry || registry.entities.size === 0) return;
    const src = state.src;
    const mentions = findMentions(registry, src, options.now ? { now: options.now() } : undefined).filter((m) => m.resolution !== 'link');
    if (mentions.length === 0) return;
    const lines = new LinePositions(src);
    let next = 0; // index into mentions, which are in document order, as the inline tokens are
    for (const block of state.tokens) {
      if (block.type !== 'inline' || !block.map || !block.children) continue;
      const [firstLine, endLine] = block.map;
      const blockStart = lineStart(lines, src, firstLine);
      const blockEnd = lineStart(lines, src, endLine);
      while (next < mentions.length && mentions[next].start < blockStart) next++;
      const inBlock: ResolvedMention[] = [];
      while (next < mentions.length && mentions[next].end <= blockEnd) inBlock.push(mentions[next++]);
      if (inBlock.length) block.children = wrapMentions(state, block.children, inBlock, src, blockStart, registry);
    }
  };
}

function lineStart(lines: LinePositions, src: string, line: number): number {
  return line < lines.lineStarts.length ? lines.lineStarts[line] : src.length;
}

/**
 * Splits the paragraph's text tokens around the mentions, found in order in the text markdown-it
 * shows (outside `.ref` spans, which are mentions of their own). A mention that markup cuts in two
 * (`Ali *Larijani*`) stays plain. Each search looks only as far ahead as the source allows, so a
 * paragraph costs time linear in its length.
 */
function wrapMentions(
  state: StateCore,
  children: Token[],
  mentions: readonly ResolvedMention[],
  src: string,
  blockStart: number,
  registry: PreviewRegistry,
): Token[] {
  const pieces: TextPiece[] = [];
  let visible = '';
  // The kinds of the spans open around the current token, and how many of them are links.
  const open: string[] = [];
  let refDepth = 0;
  for (const token of children) {
    if (token.type === SPAN_OPEN) {
      const kind = (token.meta as unknown as SpanMeta).kind;
      open.push(kind);
      if (kind === 'ref') refDepth++;
    } else if (token.type === SPAN_CLOSE) {
      if (open.pop() === 'ref') refDepth--;
    } else if (token.type === 'text' && refDepth === 0) {
      pieces.push({ token, offset: visible.length });
      visible += token.content;
    }
  }
  // Where each mention was found: [start, end) in `visible`.
  const found: { start: number; end: number; mention: ResolvedMention }[] = [];
  let cursor = 0;
  let previousEnd = blockStart;
  for (const mention of mentions) {
    const text = src.slice(mention.start, mention.end);
    // Markup only removes characters: the text shows no further on than the source's distance.
    const reach = cursor + (mention.start - previousEnd) + text.length + 16;
    const inWindow = visible.slice(cursor, reach).indexOf(text);
    if (inWindow >= 0) {
      const at = cursor + inWindow;
      found.push({ start: at, end: at + text.length, mention });
      cursor = at + text.length;
    }
    previousEnd = mention.end;
  }
  if (found.length === 0) return children;
  const byToken = new Map<Token, { start: number; end: number; mention: ResolvedMention }[]>();
  let f = 0;
  for (const piece of pieces) {
    const end = piece.offset + piece.token.content.length;
    while (f < found.length && found[f].start < end) {
      const hit = found[f++];
      if (hit.start >= piece.offset && hit.end <= end) {
        const list = byToken.get(piece.token) ?? [];
        list.push({ start: hit.start - piece.offset, end: hit.end - piece.offset, mention: hit.mention });
        byToken.set(piece.token, list);
      }
    }
  }
  const out: Token[] = [];
  for (const token of children) {
    const hits = byToken.get(token);
    if (!hits) {
      out.push(token);
      continue;
    }
    let at = 0;
    for (const hit of hits) {
      if (hit.start > at) out.push(textToken(state, token.content.slice(at, hit.start)));
      const open = new state.Token(MENTION_OPEN, 'span', 1);
      const entity = registry.entities.get(hit.mention.entityId);
      open.meta = {
        type: hit.mention.resolution === 'ambiguous' ? 'ambiguous' : entity?.type,
        office: hit.mention.resolution === 'office',
        title: mentionTitle(hit.mention, registry),
        entity: hit.mention.entityId,
      };
      out.push(open, textToken(state, token.content.slice(hit.start, hit.end)), new state.Token(MENTION_CLOSE, 'span', -1));
      at = hit.end;
    }
    if (at < token.content.length) out.push(textToken(state, token.content.slice(at)));
  }
  return out;
}

function textToken(state: StateCore, content: string): Token {
  const token = new state.Token('text', '', 0);
  token.content = content;
  return token;
}

interface SpanMeta {
  kind: string;
  title: string;
  to?: string;
  id?: string;
}

interface MentionMeta {
  type?: string;
  office: boolean;
  title: string;
  entity: string;
}

/**
 * Adds the plugin to a markdown-it instance (VS Code's preview calls it through
 * `extendMarkdownIt`); returns the same instance.
 */
export function analystMarkupPreview(md: Markdown, options: PreviewOptions): Markdown {
  md.inline.ruler.before('link', 'analyst_markup_span', spanRule(options));
  md.core.ruler.push('analyst_markup_mentions', mentionRule(options));
  md.renderer.rules[SPAN_OPEN] = (tokens, idx) => {
    const meta = tokens[idx].meta as unknown as SpanMeta; // set by spanRule
    const registry = options.registry();
    let classes = `analyst-markup-tag analyst-markup-${meta.kind}`;
    if (meta.kind === 'ref') {
      const to = meta.to;
      classes =
        to && to !== NOT_AN_ENTITY
          ? `analyst-markup-mention ${typeClass(registry?.entities.get(to)?.type)} analyst-markup-linked`
          : 'analyst-markup-not-entity';
    }
    const id = meta.id ? ` data-tag-id="${escapeHtml(meta.id)}"` : '';
    return `<span class="${classes}" title="${escapeHtml(meta.title)}"${id}>`;
  };
  md.renderer.rules[SPAN_CLOSE] = () => '</span>';
  md.renderer.rules[MENTION_OPEN] = (tokens, idx) => {
    const meta = tokens[idx].meta as unknown as MentionMeta; // set by wrapMentions
    const classes = `analyst-markup-mention ${meta.type === 'ambiguous' ? 'analyst-markup-ambiguous' : typeClass(meta.type)}${meta.office ? ' analyst-markup-office' : ''}`;
    return `<span class="${classes}" title="${escapeHtml(meta.title)}" data-entity="${escapeHtml(meta.entity)}">`;
  };
  md.renderer.rules[MENTION_CLOSE] = () => '</span>';
  return md;
}
