// The entity profile card shown on hover (SPEC §5), as a Markdown string. Pure core: no `vscode`,
// no Node built-ins, so the card is unit-testable and the same in every host.
//
// Safety: every piece of registry and document text is untrusted (it arrives through git from
// anyone). It goes through `escapeMarkdown` (every ASCII punctuation character backslash-escaped,
// `&`, `<`, `>` and `$` as HTML character references, control characters and line breaks
// collapsed), so it can never form Markdown syntax, raw HTML, an autolink or a `$(icon)`. Links
// are written only for http(s) URLs, percent-encoded so they cannot break out of the link
// destination; anything else is shown as escaped text. The only command links are the
// extension's own (`CARD_COMMANDS`), with JSON arguments that are percent-encoded. The VS Code
// layer must render the card with `supportHtml = false` and `isTrusted = { enabledCommands:
// Object.values(CARD_COMMANDS) }`.

import { showBidiControls } from './safeText';
import { comparePartialDates, formatPartialDate, partialDateEnd, partialDateStart, precisionOf, roleHeldOn } from './dates';
import { describeDocumentDate, DocumentDateResult } from './documentDate';
import { CONFIDENCE_TERMS, CREDIBILITY, entityIdList, RELIABILITY, TagSpan } from './markup';
import type { Entity, EntityType, PartialDate, Resolution, Role } from './types';

/** Commands the card links to; the VS Code layer enables exactly these and nothing else. */
export const CARD_COMMANDS = Object.freeze({
  openEntity: 'analystMarkup.openEntity',
  findMentions: 'analystMarkup.findMentions',
  /** Resolves one mention, or its name in the whole document (`resolveMentionArgs`). */
  resolveMention: 'analystMarkup.resolveMention',
  /** The timeline and network views of the entity (SPEC §10). */
  showTimeline: 'analystMarkup.showTimeline',
  showNetwork: 'analystMarkup.showNetwork',
} as const);

/** The argument of CARD_COMMANDS.resolveMention (checked again when the command runs). */
export interface ResolveMentionArgs {
  uri: string;
  /** The mention's offsets in the document version the card was built from. */
  start: number;
  end: number;
  version: number;
  /** An entity id or `none`. */
  to: string;
  /** `mention`: a `.ref` link around it; `document`: front matter `refs:` for its name. */
  scope: 'mention' | 'document';
}

/** Codicon per entity type (rendered by VS Code from `$(name)`). */
export const TYPE_ICONS: Readonly<Record<EntityType, string>> = Object.freeze({
  person: 'person',
  organization: 'organization',
  state: 'globe',
  place: 'location',
  position: 'briefcase',
  other: 'symbol-misc',
});

/** The codicon of an entity type; `symbol-misc` for anything else (never a prototype member). */
export function typeIcon(type: string): string {
  return Object.prototype.hasOwnProperty.call(TYPE_ICONS, type) ? TYPE_ICONS[type as EntityType] : 'symbol-misc';
}

/** Plural headings per entity type, e.g. for the Entities view. */
export const TYPE_PLURALS: Readonly<Record<EntityType, string>> = Object.freeze({
  person: 'People',
  organization: 'Organizations',
  state: 'States',
  place: 'Places',
  position: 'Positions',
  other: 'Other',
});

/** One claim of the document, as the card lists it. */
export interface CardClaim {
  /** The tag's `#id`, if any. */
  id?: string;
  /** 0-based line of the tag's `[`. */
  line: number;
  /** The tagged text, plain (nested tag blocks and escapes removed, white space collapsed). */
  excerpt: string;
  confidence?: string;
  /** Entity IDs of `about`. */
  about: string[];
}

export interface HoverCardInput {
  entity: Entity;
  /** Resolves entity IDs (`of:`, affiliations, `about`) to registry entries. */
  lookup: (id: string) => Entity | undefined;
  /** The date the roles are judged on, and where it came from. */
  date: DocumentDateResult;
  /** `registry`: hovering inside a registry file, where the date is always today. */
  dateContext?: 'document' | 'registry';
  /** How often the entity is mentioned in the hovered document (omitted: not shown). */
  mentionCount?: number;
  /** The claims this entity makes in the document (omitted: not shown). */
  claims?: readonly CardClaim[];
  /** Whether to add links to the extension's own commands (default true). */
  commandLinks?: boolean;
  /** At most this many claims are listed (default 5). */
  maxClaims?: number;
  /** How the hovered mention was resolved (SPEC §9); omitted for a plain card. */
  mention?: CardMention;
  /** For a position: who held it, with their roles (`Registry.holders`). */
  holders?: readonly { entityId: string; role: Role }[];
}

/** The hovered mention, for the card's "who is meant" section. */
export interface CardMention {
  /** The mention's text as written. */
  text: string;
  resolution: Resolution;
  /** The position an office mention went through. */
  via?: string;
  /** Holders of `via` over time (for the office line). */
  viaHolders?: readonly { entityId: string; role: Role }[];
  /** Candidates best first, with their reasons (ambiguous and context mentions). */
  candidates?: readonly { entityId: string; reasons: readonly string[] }[];
  /** Where the mention is, for the quick-fix links (no links without it). */
  target?: { uri: string; start: number; end: number; version: number };
}

const RESOLUTION_WORDS: Readonly<Record<Resolution, string>> = Object.freeze({
  unique: 'its only entity',
  link: 'a link in the text',
  frontMatter: 'the document’s front matter `refs:`',
  coreference: 'an earlier mention in this document',
  office: 'the office held on the document’s date',
  context: 'the document’s context',
  ambiguous: 'nothing: the text does not decide',
});

// ---------------------------------------------------------------------------------------------
// Escaping

const MAX_FIELD = 300;
const MAX_SUMMARY = 1200;
const MAX_EXCERPT = 200;

const REFERENCES: ReadonlyMap<string, string> = new Map([
  ['&', '&amp;'],
  ['<', '&lt;'],
  ['>', '&gt;'],
  ['$', '&#36;'],
]);
const ASCII_PUNCTUATION = /[!"#%'()*+,\-./:;=?@[\\\]^_`{|}~]/;

/** Collapses control characters, line breaks and runs of white space into single spaces. */
export function cleanText(text: string): string {
  // Bidi controls shown, not obeyed: they could make a name read as another (issue 17).
  return (
    showBidiControls(text)
      // eslint-disable-next-line no-control-regex -- control characters are what it removes
      .replace(/[\u0000-\u001F\u007F-\u009F\u2028\u2029]/g, ' ')
      .replace(/\s+/g, ' ')
      .trim()
  );
}

/** At most `max` code points of `text`, with `…` when cut. */
export function truncate(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max
    ? text
    : `${chars
        .slice(0, Math.max(0, max - 1))
        .join('')
        .trimEnd()}…`;
}

/**
 * Untrusted text as inert Markdown: one line, every ASCII punctuation character escaped, `&`,
 * `<`, `>` and `$` as character references. Renders as the text itself and nothing else.
 */
export function escapeMarkdown(text: string, max = MAX_FIELD): string {
  let out = '';
  for (const ch of truncate(cleanText(text), max)) {
    const reference = REFERENCES.get(ch);
    if (reference) out += reference;
    else if (ASCII_PUNCTUATION.test(ch)) out += `\\${ch}`;
    else out += ch;
  }
  return out;
}

const URL_SHAPE = /^https?:\/\/[^\s/?#@\\]+(?:[/?#][^\s]*)?$/i;
const URL_UNSAFE = /[()<>[\]{}"'`\\|^ ]/;

/**
 * The URL made safe for a Markdown link destination, or undefined when it is not an http(s)
 * URL (no `javascript:`, `command:`, `file:`, `data:`…, no user info, no white space).
 * Characters that could end or reinterpret the destination are percent-encoded.
 */
export function safeHttpUrl(url: string): string | undefined {
  const trimmed = url.trim();
  if (!URL_SHAPE.test(trimmed)) return undefined;
  let out = '';
  for (const ch of trimmed) {
    const code = ch.codePointAt(0)!;
    if (code > 0x7e) out += encodeURIComponent(ch);
    else if (code < 0x21 || URL_UNSAFE.test(ch)) out += `%${code.toString(16).toUpperCase().padStart(2, '0')}`;
    else out += ch;
  }
  return out;
}

/** A link to one of our commands with JSON arguments, safe inside a link destination. */
export function commandUri(command: string, args: readonly unknown[]): string {
  const query = encodeURIComponent(JSON.stringify(args)).replace(/[()'!*~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `command:${command}?${query}`;
}

// ---------------------------------------------------------------------------------------------
// Tag attributes

/** An own property of a record whose keys come from input (`constructor` is not a key). */
export function ownValue<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined;
}

/**
 * How a tag attribute's value is shown in a tooltip: a confidence term as its ICD 203 wording,
 * an Admiralty grade with its meaning (`B — Usually reliable`), anything else as written.
 */
export function describeAttributeValue(key: string, value: string): string {
  if (key === 'confidence') return ownValue(CONFIDENCE_TERMS, value) ?? value;
  if (key === 'reliability') {
    const meaning = ownValue(RELIABILITY, value);
    return meaning ? `${value} — ${meaning}` : value;
  }
  if (key === 'credibility') {
    const meaning = ownValue(CREDIBILITY, value);
    return meaning ? `${value} — ${meaning}` : value;
  }
  return value;
}

// ---------------------------------------------------------------------------------------------
// Roles

export interface RoleGroups {
  /** Held on the date, most recently started first. */
  held: Role[];
  /** Ended before the date, most recently ended first. */
  earlier: Role[];
  /** Starting after the date, soonest first. */
  later: Role[];
  /** Neither `from` nor `to`: it cannot be told whether they were held on the date. */
  undated: Role[];
}

function byStartDescending(a: Role, b: Role): number {
  if (a.from && b.from) return comparePartialDates(b.from, a.from);
  return a.from ? 1 : b.from ? -1 : 0; // open-ended start ("since forever") last
}

/** Sorts roles relative to `date` (see RoleGroups). The input order breaks ties. */
export function groupRoles(roles: readonly Role[], date: PartialDate): RoleGroups {
  const groups: RoleGroups = { held: [], earlier: [], later: [], undated: [] };
  for (const role of roles) {
    if (!role.from && !role.to) groups.undated.push(role);
    else if (roleHeldOn(role, date)) groups.held.push(role);
    else if (role.to && partialDateEnd(role.to) < partialDateStart(date)) groups.earlier.push(role);
    else groups.later.push(role);
  }
  groups.held.sort(byStartDescending);
  groups.earlier.sort((a, b) => comparePartialDates(b.to!, a.to!) || byStartDescending(a, b));
  groups.later.sort((a, b) => comparePartialDates(a.from!, b.from!));
  return groups;
}

/** "28 May 2008 – 28 May 2020", "since 5 Aug 2025", "until 2020", "dates unknown". */
export function describePeriod(role: Pick<Role, 'from' | 'to'>): string {
  if (role.from && role.to) return `${formatPartialDate(role.from)} – ${formatPartialDate(role.to)}`;
  if (role.from) return `since ${formatPartialDate(role.from)}`;
  if (role.to) return `until ${formatPartialDate(role.to)}`;
  return 'dates unknown';
}

/** "on 12 Aug 2025", "in Aug 2025", "in 2025". */
export function onDate(date: PartialDate): string {
  return `${precisionOf(date) === 'day' ? 'on' : 'in'} ${formatPartialDate(date)}`;
}

// ---------------------------------------------------------------------------------------------
// Claims

const UNESCAPE = /\\([!-/:-@[-`{-~])/g;
/** The excerpt of plain text: a prefix with this many code points (once cleaned) decides it. */
const EXCERPT_DECIDED = MAX_EXCERPT + 3;
const CHUNK = 1024;

/**
 * The plain text of `span`'s content with nested tag blocks and their brackets removed (the
 * caller removes backslash escapes), or, when `limit` is finite, a prefix of it that already
 * decides the excerpt (at least EXCERPT_DECIDED code points once unescaped and cleaned). The text is the content minus the union of the cut ranges (`[` and `]{…}`) of the tags
 * inside it; those are the spans after `index` that start before `contentEnd` (spans are sorted
 * by start) and end within it. The cut ranges are visited in position order (the `[`s in span
 * order, the `]{…}`s from a min-heap), so only the tags before the prefix's end are looked at.
 */
function plainContentPrefix(text: string, spans: readonly TagSpan[], index: number, span: TagSpan, limit: number): string {
  let out = '';
  let at = span.contentStart;
  let nextCheck = limit === Infinity ? Infinity : 256;
  const heap: Array<[number, number]> = []; // close cuts [contentEnd, end), min by contentEnd
  const push = (cut: [number, number]): void => {
    heap.push(cut);
    for (let k = heap.length - 1; k > 0;) {
      const p = (k - 1) >> 1;
      if (heap[p][0] <= heap[k][0]) break;
      const swap = heap[p];
      heap[p] = heap[k];
      heap[k] = swap;
      k = p;
    }
  };
  const pop = (): [number, number] => {
    const top = heap[0];
    const last = heap.pop()!;
    if (heap.length > 0) {
      heap[0] = last;
      for (let k = 0; ;) {
        const l = 2 * k + 1;
        const r = l + 1;
        let m = k;
        if (l < heap.length && heap[l][0] < heap[m][0]) m = l;
        if (r < heap.length && heap[r][0] < heap[m][0]) m = r;
        if (m === k) break;
        const swap = heap[m];
        heap[m] = heap[k];
        heap[k] = swap;
        k = m;
      }
    }
    return top;
  };
  /** Appends text[at, to); false once the prefix decides the excerpt. */
  const emit = (to: number): boolean => {
    while (at < to) {
      const stop = Math.min(to, at + CHUNK);
      out += text.slice(at, stop);
      at = stop;
      if (out.length >= nextCheck) {
        if (Array.from(cleanText(out.replace(UNESCAPE, '$1'))).length >= EXCERPT_DECIDED) return false;
        nextCheck = out.length * 2;
      }
    }
    return true;
  };
  let j = index + 1;
  const contentEnd = span.contentEnd;
  for (;;) {
    // The next candidate tag inside the content (skipping those that end beyond it).
    while (j < spans.length && spans[j].start < contentEnd && spans[j].end > contentEnd) j++;
    const open = j < spans.length && spans[j].start < contentEnd ? spans[j] : undefined;
    let cut: [number, number];
    if (open && (heap.length === 0 || open.start <= heap[0][0])) {
      cut = [open.start, open.contentStart];
      push([open.contentEnd, open.end]);
      j++;
    } else if (heap.length > 0) {
      cut = pop();
    } else break;
    if (cut[0] > at && !emit(cut[0])) return out;
    at = Math.max(at, cut[1]);
  }
  if (contentEnd > at) emit(contentEnd);
  return out;
}

/** The card's excerpt of a claim: its plain text, cleaned and shortened to MAX_EXCERPT. */
function claimExcerpt(text: string, spans: readonly TagSpan[], index: number): string {
  const raw = plainContentPrefix(text, spans, index, spans[index], EXCERPT_DECIDED);
  return truncate(cleanText(raw.replace(UNESCAPE, '$1')), MAX_EXCERPT);
}

/** A claim past the ones the card lists: its excerpt is made when first read. */
class LazyClaim implements CardClaim {
  private made: string | undefined;
  constructor(
    readonly id: string | undefined,
    readonly line: number,
    readonly confidence: string | undefined,
    readonly about: string[],
    private readonly text: string,
    private readonly spans: readonly TagSpan[],
    private readonly index: number,
  ) {}
  get excerpt(): string {
    return (this.made ??= claimExcerpt(this.text, this.spans, this.index));
  }
  toJSON(): CardClaim {
    return { id: this.id, line: this.line, excerpt: this.excerpt, confidence: this.confidence, about: this.about };
  }
}

/** How many claims `claimsBy` gives in full by default: the card's default `maxClaims`. */
export const CLAIMS_IN_FULL = 5;

/**
 * The claims whose `by` is `entityId`, in document order. `spans` are `parseMarkup(text).spans`.
 * Every claim is in the list (the card shows their number), but only the first `inFull` (default
 * CLAIMS_IN_FULL, what the card lists) are plain objects with their excerpt made up front; the
 * others make it when `excerpt` is first read (a getter; `toJSON` gives the plain object). Lines
 * are counted in one sweep, and an excerpt reads only the tags and text up to the point where its
 * first 200 characters are known, so the list for the card is linear in the text and the tags.
 */
export function claimsBy(text: string, spans: readonly TagSpan[], entityId: string, inFull = CLAIMS_IN_FULL): CardClaim[] {
  const claims: CardClaim[] = [];
  let line = 0;
  // The first line break not yet counted: each is found once (no rescans of a line-less tail).
  let lineBreak = text.indexOf('\n');
  for (let index = 0; index < spans.length; index++) {
    const span = spans[index];
    if (span.kind !== 'claim') continue;
    const by = Object.prototype.hasOwnProperty.call(span.attributes, 'by') ? span.attributes.by : '';
    if (!entityIdList(by).includes(entityId)) continue;
    while (lineBreak !== -1 && lineBreak < span.start) {
      line++;
      lineBreak = text.indexOf('\n', lineBreak + 1);
    }
    const about = Object.prototype.hasOwnProperty.call(span.attributes, 'about') ? span.attributes.about : '';
    const confidence = Object.prototype.hasOwnProperty.call(span.attributes, 'confidence') ? span.attributes.confidence : undefined;
    if (claims.length < inFull) {
      claims.push({ id: span.id, line, excerpt: claimExcerpt(text, spans, index), confidence, about: entityIdList(about) });
    } else {
      claims.push(new LazyClaim(span.id, line, confidence, entityIdList(about), text, spans, index));
    }
  }
  return claims;
}

// ---------------------------------------------------------------------------------------------
// Who is meant

/** The holders of a position over time, latest first; those holding it on `date` marked. */
function holderLines(holders: readonly { entityId: string; role: Role }[], date: PartialDate, entityRef: (id: string) => string, heading: string): string {
  if (holders.length === 0) return `_No one in the registry holds this position (roles name it with \`post:\`)._`;
  const sorted = [...holders].sort((a, b) => byStartDescending(a.role, b.role));
  const lines = [`**${heading}**`];
  for (const holder of sorted) {
    const held = roleHeldOn(holder.role, date);
    lines.push(`- ${held ? '$(pass-filled) ' : ''}${entityRef(holder.entityId)} · ${describePeriod(holder.role)}${held ? ` · **${onDate(date)}**` : ''}`);
  }
  return lines.join('\n');
}

/** The card's first section for a mention a rule resolved: how, and for an ambiguous one, the choices. */
function resolutionSection(input: HoverCardInput, mention: CardMention, entityRef: (id: string) => string, commands: boolean): string[] {
  const { lookup, date } = input;
  const said = escapeMarkdown(`“${mention.text.replace(/\s+/g, ' ')}”`, 120);
  const name = (id: string): string => escapeMarkdown(lookup(id)?.name ?? id, 120);
  const blocks: string[] = [];
  if (mention.resolution === 'office' && mention.via) {
    const holders = mention.viaHolders ?? [];
    const current = holders.filter((h) => h.entityId === input.entity.id && roleHeldOn(h.role, date.date));
    if (mention.via === input.entity.id) {
      const on = holders.filter((h) => roleHeldOn(h.role, date.date));
      blocks.push(
        `$(briefcase) ${said} → the office itself: ${on.length === 0 ? `nobody in the registry held it ${onDate(date.date)}` : `${on.length} people held it ${onDate(date.date)}: ${on.map((h) => name(h.entityId)).join(', ')}`}`,
      );
    } else {
      const since = current[0] ? ` (${describePeriod(current[0].role)})` : '';
      const before = holders
        .filter((h) => h.role.to && partialDateEnd(h.role.to) <= partialDateStart(date.date) && !(h.entityId === input.entity.id && current.includes(h)))
        .sort((a, b) => comparePartialDates(b.role.to!, a.role.to!))[0];
      const beforeText = before ? `; before: ${name(before.entityId)} (${describePeriod(before.role)})` : '';
      blocks.push(`$(briefcase) ${said} → **${name(input.entity.id)}** ${onDate(date.date)}${since}${beforeText}`);
      blocks.push(`_Resolved through the office ${entityRef(mention.via)}, held ${onDate(date.date)}._`);
    }
    return blocks;
  }
  if (mention.resolution !== 'ambiguous') {
    blocks.push(`$(link) ${said} → **${name(input.entity.id)}**, decided by ${escapeMarkdown(RESOLUTION_WORDS[mention.resolution])}`);
    const reasons = mention.candidates?.find((c) => c.entityId === input.entity.id)?.reasons;
    if (mention.resolution === 'context' && reasons && reasons.length > 0) blocks.push(reasons.map((r) => `- ${escapeMarkdown(r)}`).join('\n'));
    // Coreference: the earlier mention it follows ("named in full on line 7: “Ali Larijani”").
    const anchor = mention.resolution === 'coreference' ? reasons?.find((r) => r.startsWith('named ') && / on line \d+/.test(r)) : undefined;
    if (anchor) blocks[blocks.length - 1] += ` — ${escapeMarkdown(anchor)}`;
    if (mention.resolution === 'context' || mention.resolution === 'coreference') {
      const others = (mention.candidates ?? []).filter((c) => c.entityId !== input.entity.id);
      if (others.length > 0)
        blocks.push(`_Also possible: ${others.map((c) => name(c.entityId)).join(', ')}_${fixLinks(mention, others[0].entityId, lookup, commands, true)}`);
    }
    return blocks;
  }
  const candidates = mention.candidates ?? [];
  blocks.push(`$(question) **Ambiguous:** ${said} may mean ${candidates.length} entities; the text does not decide. Best-ranked first:`);
  const lines: string[] = [];
  candidates.forEach((c, rank) => {
    lines.push(`${rank + 1}. ${entityRef(c.entityId)}${fixLinks(mention, c.entityId, lookup, commands, false)}`);
    for (const reason of c.reasons.slice(0, 4)) lines.push(`    - ${escapeMarkdown(reason)}`);
  });
  blocks.push(lines.join('\n'));
  if (commands && mention.target) {
    blocks.push(
      `[$(circle-slash) Not an entity here](${commandUri(CARD_COMMANDS.resolveMention, [{ ...mention.target, to: 'none', scope: 'mention' }])} "Mark this mention as no entity: [${escapeTitle(mention.text)}]{.ref to=none}")`,
    );
  }
  blocks.push(`_The card below is the best-ranked candidate’s._`);
  return blocks;
}

/** ` · Link · Use for “X” in this document` command links for one candidate. */
function fixLinks(mention: CardMention, id: string, lookup: (id: string) => Entity | undefined, commands: boolean, named: boolean): string {
  if (!commands || !mention.target) return '';
  const who = lookup(id)?.name ?? id;
  const link = commandUri(CARD_COMMANDS.resolveMention, [{ ...mention.target, to: id, scope: 'mention' }]);
  const everywhere = commandUri(CARD_COMMANDS.resolveMention, [{ ...mention.target, to: id, scope: 'document' }]);
  const label = named ? `Link to ${escapeMarkdown(who, 60)}` : 'Link';
  return ` · [$(link) ${label}](${link} "Link this mention: [${escapeTitle(mention.text)}]{.ref to=${id}}") · [$(file) Use for ${escapeMarkdown(`“${mention.text}”`, 60)} in this document](${everywhere} "Front matter refs: ${escapeTitle(mention.text)}: ${id}")`;
}

/** Text inside a link title ("…"): no quotes, brackets or line breaks. */
function escapeTitle(text: string): string {
  return cleanText(text)
    .replace(/["()\\[\]<>]/g, ' ')
    .slice(0, 80);
}

// ---------------------------------------------------------------------------------------------
// The card

function icon(type: EntityType): string {
  return `$(${typeIcon(type)})`;
}

function plural(count: number, one: string, many: string): string {
  return count === 1 ? one : many;
}

/** Builds the card's Markdown (see the header comment for its safety rules). */
export function buildHoverCard(input: HoverCardInput): string {
  const { entity, lookup, date } = input;
  const commands = input.commandLinks !== false;
  const registryContext = input.dateContext === 'registry';
  // Sections are separated by rules, blocks within a section by blank lines.
  const sections: string[][] = [];
  let blocks: string[] = [];
  const nextSection = (): void => {
    if (blocks.length > 0) sections.push(blocks);
    blocks = [];
  };

  const entityRef = (id: string): string => {
    const target = lookup(id);
    if (!target) return `${escapeMarkdown(id)} _\\(unknown entity\\)_`;
    const name = escapeMarkdown(target.name);
    const label = commands ? `[${name}](${commandUri(CARD_COMMANDS.openEntity, [target.id])} "Open in the registry")` : name;
    return `${icon(target.type)} ${label} \\(${target.type}\\)`;
  };

  const mention = input.mention;
  if (mention && mention.resolution !== 'unique') {
    sections.push(resolutionSection(input, mention, entityRef, commands));
  }

  // Title: icon, name, type, id.
  const id = /^[a-z0-9][a-z0-9._-]*$/.test(entity.id) ? `\`${entity.id}\`` : escapeMarkdown(entity.id);
  blocks.push(`${icon(entity.type)} **${escapeMarkdown(entity.name)}** · ${escapeMarkdown(entity.type)} · ${id}`);

  if (entity.summary && cleanText(entity.summary)) blocks.push(escapeMarkdown(entity.summary, MAX_SUMMARY));

  nextSection();
  // Which date the roles are judged on, and where it came from.
  const dateText = registryContext ? `${formatPartialDate(date.date)} (today: hovering in the registry)` : describeDocumentDate(date);
  blocks.push(`$(calendar) ${registryContext ? 'Date' : 'Document date'}: ${escapeMarkdown(dateText)}`);

  // Roles: held on the date first, then earlier, later and undated ones.
  const when = onDate(date.date);
  const roleLine = (role: Role): string => {
    const of = role.of ? ` — ${entityRef(role.of)}` : '';
    return `- **${escapeMarkdown(role.title)}**${of} · ${describePeriod(role)}`;
  };
  if (entity.roles.length > 0) {
    const groups = groupRoles(entity.roles, date.date);
    const lines: string[] = [];
    if (groups.held.length > 0) {
      lines.push(`$(pass-filled) **Held ${when}**`);
      for (const role of groups.held) lines.push(roleLine(role));
    } else {
      lines.push(`_No known role held ${when}._`);
    }
    if (groups.earlier.length > 0) {
      lines.push('', '**Earlier**');
      for (const role of groups.earlier) lines.push(roleLine(role));
    }
    if (groups.later.length > 0) {
      lines.push('', '**Later**');
      for (const role of groups.later) lines.push(roleLine(role));
    }
    if (groups.undated.length > 0) {
      lines.push('', '**Undated**');
      for (const role of groups.undated) lines.push(roleLine(role));
    }
    blocks.push(lines.join('\n'));
  } else {
    blocks.push('_No roles in the registry._');
  }

  if (entity.type === 'position') {
    if (entity.of) blocks.push(`**Office of:** ${entityRef(entity.of)}`);
    blocks.push(holderLines(input.holders ?? [], date.date, entityRef, 'Held by'));
  }

  // Affiliations, aliases, tags, links.
  const facts: string[] = [];
  if (entity.affiliations.length > 0) facts.push(`**Affiliations:** ${entity.affiliations.map(entityRef).join(', ')}`);
  const aliases = entity.aliases.map((a) => a.text).filter((text) => text !== entity.name);
  if (aliases.length > 0) facts.push(`**Also known as:** ${aliases.map((a) => escapeMarkdown(a)).join(', ')}`);
  const notAliases = entity.notAliases ?? [];
  if (notAliases.length > 0)
    facts.push(
      `**Not in:** ${notAliases
        .slice(0, 8)
        .map((a) => escapeMarkdown(a))
        .join(', ')}${notAliases.length > 8 ? ` and ${notAliases.length - 8} more` : ''}`,
    );
  if (entity.tags.length > 0) facts.push(`**Tags:** ${entity.tags.map((t) => escapeMarkdown(t)).join(', ')}`);
  if (entity.links.length > 0) {
    const links = entity.links.map((link) => {
      const safe = safeHttpUrl(link);
      const shown = escapeMarkdown(link.replace(/^https?:\/\//i, ''), 80);
      return safe ? `[${shown}](${safe})` : `${escapeMarkdown(link, 80)} _\\(not a web link: not opened\\)_`;
    });
    facts.push(`**Links:** ${links.join(', ')}`);
  }
  // The QID was validated as ^Q[1-9][0-9]*$ by the registry; checked again, as the card may get any Entity.
  if (entity.wikidata !== undefined && /^Q[1-9][0-9]*$/.test(entity.wikidata)) {
    facts.push(`**Wikidata:** [${entity.wikidata}](https://www.wikidata.org/wiki/${entity.wikidata} "Open ${entity.wikidata} on Wikidata")`);
  }
  if (facts.length > 0) blocks.push(facts.join('  \n'));

  nextSection();
  // This document: mentions and claims.
  if (input.mentionCount !== undefined) {
    const n = input.mentionCount;
    blocks.push(`$(eye) ${n === 0 ? 'Not mentioned' : `Mentioned ${n === 1 ? 'once' : `${n} times`}`} in this document`);
  }
  if (input.claims && input.claims.length > 0) {
    const here: string[] = [];
    const max = input.maxClaims ?? 5;
    const claims = input.claims;
    here.push(`$(quote) **${claims.length} ${plural(claims.length, 'claim', 'claims')} by ${escapeMarkdown(entity.name)} in this document**`);
    for (const claim of claims.slice(0, max)) {
      const details: string[] = [`line ${claim.line + 1}`];
      if (claim.id) details.push(`\\#${escapeMarkdown(claim.id, 40)}`);
      if (claim.confidence) details.push(escapeMarkdown(claim.confidence, 40));
      if (claim.about.length > 0) details.push(`about ${claim.about.map((id) => escapeMarkdown(lookup(id)?.name ?? id, 80)).join(', ')}`);
      const quoted = /^["“”„«‘’'»]/.test(claim.excerpt) ? claim.excerpt : `“${claim.excerpt}”`;
      here.push(`- ${escapeMarkdown(quoted, MAX_EXCERPT + 2)} \\(${details.join(', ')}\\)`);
    }
    if (claims.length > max) here.push(`- _…and ${claims.length - max} more_`);
    blocks.push(here.join('\n'));
  }

  if (commands) {
    blocks.push(
      `[$(go-to-file) Open in registry](${commandUri(CARD_COMMANDS.openEntity, [entity.id])} "Open the registry entry") · ` +
        `[$(references) Find all mentions](${commandUri(CARD_COMMANDS.findMentions, [entity.id])} "Find every mention in the workspace") · ` +
        `[$(calendar) Timeline](${commandUri(CARD_COMMANDS.showTimeline, [{ entity: entity.id }])} "Its events and claims on a timeline") · ` +
        `[$(type-hierarchy) Network](${commandUri(CARD_COMMANDS.showNetwork, [{ entity: entity.id }])} "It and its neighbours in the actor network")`,
    );
  }
  nextSection();
  return sections.map((section) => section.join('\n\n')).join('\n\n---\n\n');
}
