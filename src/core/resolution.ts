// Who is meant (SPEC §9): each mention the matcher finds resolves to one entity, by the first
// rule that decides:
//   1. a link around it, `[Larijani]{.ref to=sadegh-larijani}` (also on text no alias covers);
//   2. the document's front matter `refs:` (a name as written → an id, or `none`);
//   3. coreference: the latest earlier mention that named one of the candidates unambiguously;
//   4. an office: a position's name resolves to whoever held it on the document's date (or the
//      holder named beside it, or an earlier holder where the text says "former", "outgoing");
//   5. context: affiliations, `of` bodies and co-members mentioned in the document, and roles
//      covering its date, rank the candidates; a clear winner resolves;
//   6. otherwise the mention is ambiguous (its entity is the best-ranked candidate).
//
// Speed: the matcher marks names that need resolving (shared names, positions) with a group key,
// so a document without any, links or front matter costs one pass of charCodeAt over its mentions;
// otherwise each mention costs one map lookup (Registry.contextSlots), each candidate is scored
// once per document and each shared name ranked once.

import { normaliseName } from './charTables';
import { formatPartialDate, partialDateEnd, partialDateStart, roleHeldOn } from './dates';
import { DocumentDateResult, findDocumentDate } from './documentDate';
import { readFrontMatterRefs } from './frontMatterRefs';
import { LinePositions } from './linePositions';
import { attributeBlockRanges, NOT_AN_ENTITY, parseMarkup, TagSpan } from './markup';
import { createMatcher, Matcher } from './matcher';
import type { Registry } from './registry';
import type { Mention, PartialDate, Resolution, Role } from './types';

export interface ResolveOptions {
  /** The text's tags, when the caller has parsed them already. */
  spans?: readonly TagSpan[];
  /** The document's date, when the caller knows it, or how to find it when needed (else found in the text, SPEC §5). */
  date?: DocumentDateResult | (() => DocumentDateResult);
  /** "Today", for a document without a date. */
  now?: Date;
}

/** A mention after resolution: `entityId` is an entity id (or the id a link names). */
export interface ResolvedMention extends Mention {
  resolution?: Resolution;
}

export type ResolverRegistry = Pick<Registry, 'entities' | 'candidatesOf' | 'holders' | 'contextSlots' | 'members' | 'generation'>;

/** Where an entity was last named unambiguously (a mention index), if it was. */
type LastNamed = { get(entity: string): number | undefined };

/** The candidate named unambiguously latest before this point (rule 3), if any was. */
function latestNamed(candidates: readonly string[], lastNamed: LastNamed): string | undefined {
  let best: string | undefined;
  let bestAt = -1;
  for (const candidate of candidates) {
    const at = lastNamed.get(candidate);
    if (at !== undefined && at > bestAt) {
      best = candidate;
      bestAt = at;
    }
  }
  return best;
}

/** Mentions per entity among the decided mentions of a document (undefined: none). */
type Counts = Pick<ReadonlyMap<string, number>, 'get'>;

/** Words of a title that say nothing of who holds it. */
const NAME_PARTS_OF_TITLES: ReadonlySet<string> = new Set(['the', 'of', 'and', 'for', 'al', 'el']);

/** Lower-case words (letters and digits) of a text. */
function wordsOf(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{M}\p{N}]+/gu) ?? [];
}

/**
 * Between an office and the holder's name in apposition: "the IRGC commander, Hossein Salami",
 * "former SNSC secretary Saeed Jalili"; and between a name and the office after it: "Ali
 * Shamkhani, a former SNSC secretary".
 */
const APPOSITION_AFTER = /^(?:\s*[,–—-]\s*|\s+)$/u;
const APPOSITION_BEFORE = /^\s*[,–—-]?\s*(?:(?:the|a|an)\s+)?(?:(?:former|outgoing|late|ex-|previous|erstwhile|then)\s*)?$/iu;

/** A Latin letter or a hyphen, or anything beyond Latin-1 (enough for the English modifiers). */
function isWordOrHyphen(code: number): boolean {
  const lower = code | 0x20;
  return (lower >= 0x61 && lower <= 0x7a) || code === 0x2d || code >= 0xc0;
}

/**
 * Whether the words around an office mention mean an earlier holder: `latest` for the one who
 * left last ("outgoing", "the late", Arabic الراحل), `any` for one of them ("former", "ex-",
 * "previous", Persian سابق / پیشین).
 */
function earlierHolderModifier(text: string, start: number, end: number): 'latest' | 'any' | undefined {
  // The word before (cheaply: most office mentions have none of these before them).
  let wordEnd = start;
  while (wordEnd > 0 && (text.charCodeAt(wordEnd - 1) === 0x20 || text.charCodeAt(wordEnd - 1) === 0x0a)) wordEnd--;
  let wordStart = wordEnd;
  while (wordStart > 0 && wordEnd - wordStart < 12 && isWordOrHyphen(text.charCodeAt(wordStart - 1))) wordStart--;
  const before = text.slice(wordStart, wordEnd).toLowerCase();
  if (before === 'outgoing' || before === 'late') return 'latest';
  if (before === 'former' || before === 'previous' || before === 'erstwhile' || before === 'ex-' || (before === 'ex' && text[wordEnd] === '-')) return 'any';
  // Arabic and Persian put the word after: "قائد فيلق القدس الراحل", "دبیر سابق".
  let next = end;
  while (next < text.length && text.charCodeAt(next) === 0x20) next++;
  const code = text.charCodeAt(next);
  if (code < 0x0600 || code > 0x06ff) return undefined;
  const after = text.slice(end, end + 16);
  if (/^\s*(?:الراحل|الراحلة|المنتهية ولايته|فقید)/u.test(after)) return 'latest';
  if (/^\s*(?:السابق|السابقة|سابق|پیشین)(?![\p{L}])/u.test(after)) return 'any';
  return undefined;
}

/** Context scores needed for a clear winner: at least this, and this much ahead of the next. */
const CLEAR_SCORE = 2;
const CLEAR_LEAD = 2;

/** Front matter `refs:` names, normalised as the matcher compares them. */
function refsTable(text: string): Map<string, string> | undefined {
  const { refs } = readFrontMatterRefs(text);
  if (refs.length === 0) return undefined;
  const table = new Map<string, string>();
  for (const ref of refs) {
    const key = normaliseName(ref.name, false);
    if (key.length > 0 && !table.has(key)) table.set(key, ref.to);
  }
  return table.size > 0 ? table : undefined;
}

/** Matchers of `refs:` names, by the names (a document's refs rarely change between keystrokes). */
const refsMatchers = new Map<string, Matcher>();

function refsMatcher(table: Map<string, string>): Matcher {
  const cacheKey = [...table.keys()].join('\u0001');
  let matcher = refsMatchers.get(cacheKey);
  if (!matcher) {
    matcher = createMatcher([...table.keys()].map((key) => ({ text: key, entityId: key, caseSensitive: false, key })));
    if (refsMatchers.size > 32) refsMatchers.clear();
    refsMatchers.set(cacheKey, matcher);
  }
  return matcher;
}

/** Whether the text may hold links or front matter: else neither needs reading. */
function mayHaveLinksOrRefs(text: string): { links: boolean; refs: boolean } {
  const first = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  // A link is a span with the class `.ref`: a tagged text without one has no links to parse for.
  return { links: text.indexOf('.ref') >= 0 && text.indexOf(']{') >= 0, refs: text.charCodeAt(first) === 0x2d && text.startsWith('---', first) };
}

/**
 * Resolves the matcher's mentions of `text` (sorted, non-overlapping, as `scanAll` gives them):
 * the result is sorted too, every `entityId` an entity id. Mentions that nothing had to decide
 * are the matcher's own objects (no `resolution`: unique).
 */
export function resolveMentions(registry: ResolverRegistry, text: string, raw: readonly Mention[], options: ResolveOptions = {}): ResolvedMention[] {
  let grouped = false;
  for (let i = 0; i < raw.length; i++) {
    if (raw[i].entityId.charCodeAt(0) === 0) {
      grouped = true;
      break;
    }
  }
  const may = mayHaveLinksOrRefs(text);
  if (!grouped && !may.links && !may.refs) return raw as ResolvedMention[];
  const resolver = new DocumentResolver(registry, text, options);
  return resolver.resolve(raw, may);
}

/** What the hover card says about one candidate of an ambiguous (or context-resolved) mention. */
export interface CandidateExplanation {
  entityId: string;
  score: number;
  reasons: string[];
  /** Through which position this candidate came (the holder of an office). */
  via?: string;
}

export interface MentionExplanation {
  /** The candidates, best first, with why each ranks where it does. */
  candidates: CandidateExplanation[];
  date: DocumentDateResult;
}

/** Why each candidate of the mention `index` of `mentions` (resolved) ranks where it does. */
export function explainMention(
  registry: ResolverRegistry,
  text: string,
  mentions: readonly ResolvedMention[],
  index: number,
  options: ResolveOptions = {},
): MentionExplanation {
  const resolver = new DocumentResolver(registry, text, options);
  return resolver.explain(mentions, index);
}

/** Holders of a position on a date (distinct entity ids, in registry order). */
export function holdersOn(registry: Pick<Registry, 'holders'>, positionId: string, date: PartialDate): string[] {
  const out: string[] = [];
  for (const holder of registry.holders.get(positionId) ?? []) {
    if (roleHeldOn(holder.role, date) && !out.includes(holder.entityId)) out.push(holder.entityId);
  }
  return out;
}

class DocumentResolver {
  private dateResult: DocumentDateResult | undefined;
  /** Mentions per entity among the decided mentions of the document. */
  private counts: Counts | undefined;
  /** Scores depend on the document, not on the mention: each candidate is scored once. */
  private readonly scores = new Map<string, CandidateExplanation>();
  /** Office expansions by candidate list (a shared name's list is one array for all its mentions). */
  private readonly expansions = new Map<readonly string[], { ids: string[]; via: (string | undefined)[]; decided: boolean }>();

  constructor(
    private readonly registry: ResolverRegistry,
    private readonly text: string,
    private readonly options: ResolveOptions,
  ) {
    if (typeof options.date === 'object') this.dateResult = options.date;
  }

  /** Found only when an office or a context score needs it. */
  get date(): DocumentDateResult {
    const given = this.options.date;
    return (this.dateResult ??= typeof given === 'function' ? given() : findDocumentDate(this.text, this.options.now));
  }

  resolve(raw: readonly Mention[], may: { links: boolean; refs: boolean }): ResolvedMention[] {
    let mentions: ResolvedMention[] = raw as ResolvedMention[];
    if (may.links) mentions = this.applyLinks(mentions);
    const refs = may.refs ? refsTable(this.text) : undefined;
    if (refs) mentions = this.applyRefs(mentions, refs);

    // Rules 3 and 4 in text order; the rest waits for the whole document's counts. The copy
    // keeps the matcher's objects where nothing is decided: only decided mentions are new.
    const out: ResolvedMention[] = mentions.slice();
    // Per tracked entity (Registry.contextSlots): where it was last named unambiguously, and how
    // often it is named; one map lookup per mention, the rest in typed arrays.
    const slots = this.registry.contextSlots;
    const lastAt = new Int32Array(slots.size).fill(-1);
    const named = new Int32Array(slots.size);
    const lastNamed: LastNamed = {
      get: (entity) => {
        const slot = slots.get(entity);
        return slot !== undefined && lastAt[slot] >= 0 ? lastAt[slot] : undefined;
      },
    };
    const noteNamed = (entity: string, at: number): void => {
      const slot = slots.get(entity);
      if (slot === undefined) return;
      lastAt[slot] = at;
      named[slot]++;
    };
    const undecided: number[] = [];
    const undecidedVia: (readonly (string | undefined)[] | undefined)[] = [];
    let dropped = false;
    for (let i = 0; i < out.length; i++) {
      const m = out[i];
      const id = m.entityId;
      if (id.charCodeAt(0) !== 0) {
        // Unique, linked or from refs: it names its entity unambiguously.
        if (id === NOT_AN_ENTITY && m.resolution !== undefined) {
          dropped = true;
          continue;
        }
        const slot = slots.get(id);
        if (slot !== undefined) {
          lastAt[slot] = i;
          named[slot]++;
        }
        continue;
      }
      const candidates = this.registry.candidatesOf(id);
      // Rule 3: the latest earlier unambiguous mention of a candidate.
      const best = latestNamed(candidates, lastNamed);
      if (best !== undefined && candidates.length > 1) {
        out[i] = { start: m.start, end: m.end, entityId: best, candidates, resolution: 'coreference' };
        const slot = slots.get(best);
        if (slot !== undefined) named[slot]++;
        continue;
      }
      // Rule 4: positions stand for whoever held them on the document's date, unless the text
      // names the holder right beside the office ("the IRGC commander, Hossein Salami") or says
      // it means an earlier one ("the former SNSC secretary", "the outgoing …", "the late …").
      const positions = this.positionsIn(candidates);
      if (positions.length > 0) {
        const decided = this.officeInContext(out, i, positions, lastNamed);
        if (decided) {
          out[i] = decided;
          if (decided.resolution === 'ambiguous') {
            undecided.push(i);
            undecidedVia.push(decided.candidates!.map(() => positions[0]));
          } else if (decided.via !== decided.entityId) noteNamed(decided.entityId, i);
          continue;
        }
      }
      let expanded = this.expansions.get(candidates);
      if (!expanded) this.expansions.set(candidates, (expanded = this.expandOffices(candidates)));
      if (expanded.decided) {
        const resolved: ResolvedMention = { start: m.start, end: m.end, entityId: expanded.ids[0], candidates: expanded.ids, resolution: 'office' };
        if (expanded.via[0] !== undefined) resolved.via = expanded.via[0];
        else if (this.registry.entities.get(expanded.ids[0])?.type === 'position') resolved.via = expanded.ids[0];
        out[i] = resolved;
        // A holder named through the office counts as named: "the SNSC secretary … Larijani".
        if (resolved.via !== resolved.entityId) noteNamed(resolved.entityId, i);
        else {
          const slot = slots.get(resolved.entityId);
          if (slot !== undefined) named[slot]++; // the position itself: counted, but it names no holder
        }
        continue;
      }
      out[i] = { start: m.start, end: m.end, entityId: expanded.ids[0], candidates: expanded.ids, resolution: 'ambiguous' };
      undecided.push(i);
      undecidedVia.push(expanded.via.some((v) => v !== undefined) ? expanded.via : undefined);
    }
    // Links and refs that say "not an entity here" leave no mention (filtered once all indices are used).
    const kept = (): ResolvedMention[] => (dropped ? out.filter((m) => m.entityId !== NOT_AN_ENTITY || m.resolution === undefined) : out);
    if (undecided.length === 0) return kept();

    // Rule 5: context of the whole document (counting only what the candidates' scores read).
    this.counts = {
      get: (entity) => {
        const slot = slots.get(entity);
        return slot !== undefined ? named[slot] || undefined : undefined;
      },
    };
    // One ranking per candidate list: the mentions of a shared name share it.
    const rankings = new Map<readonly string[], Map<string, { ids: string[]; top: CandidateExplanation; clear: boolean }>>();
    undecided.forEach((at, k) => {
      const m = out[at];
      const list = m.candidates ?? [m.entityId];
      const said = this.text.slice(m.start, m.end);
      let byText = rankings.get(list);
      if (!byText) rankings.set(list, (byText = new Map<string, { ids: string[]; top: CandidateExplanation; clear: boolean }>()));
      let ranking = byText.get(said);
      if (!ranking) {
        const ranked = this.rank(list, undecidedVia[k], said);
        const second = ranked[1];
        ranking = {
          ids: ranked.map((c) => c.entityId),
          top: ranked[0],
          clear: ranked[0].score >= CLEAR_SCORE && ranked[0].score - (second?.score ?? 0) >= CLEAR_LEAD,
        };
        byText.set(said, ranking);
      }
      m.entityId = ranking.top.entityId;
      m.candidates = ranking.ids;
      if (ranking.top.via !== undefined) m.via = ranking.top.via;
      if (ranking.clear) m.resolution = 'context';
    });
    return kept();
  }

  private readonly positionLists = new Map<readonly string[], string[]>();
  private readonly holderLists = new Map<readonly string[], { entityId: string; role: Role; position: string }[]>();

  /** The positions among a mention's candidates (cached per candidate list). */
  private positionsIn(candidates: readonly string[]): string[] {
    let positions = this.positionLists.get(candidates);
    if (!positions) {
      positions = candidates.filter((id) => this.registry.entities.get(id)?.type === 'position');
      this.positionLists.set(candidates, positions);
    }
    return positions;
  }

  /**
   * An office mention the words around it decide: a holder named beside it (apposition), or a
   * modifier that means an earlier holder. Undefined where the date alone is to decide.
   */
  private officeInContext(out: readonly ResolvedMention[], i: number, positions: readonly string[], lastNamed: LastNamed): ResolvedMention | undefined {
    const m = out[i];
    let holders = this.holderLists.get(positions);
    if (!holders) {
      holders = positions.flatMap((position) => (this.registry.holders.get(position) ?? []).map((h) => ({ ...h, position })));
      this.holderLists.set(positions, holders);
    }
    if (holders.length === 0) return undefined;
    // Apposition: "the IRGC commander, Hossein Salami" / "Saeed Jalili, a former SNSC secretary".
    // (The gap is measured first: most neighbours are far, and this runs for every office mention.)
    for (let side = 0; side < 2; side++) {
      const k = side === 0 ? i + 1 : i - 1;
      const n = out[k];
      if (!n || n.entityId.charCodeAt(0) === 0 || (n.resolution !== undefined && n.resolution !== 'link' && n.resolution !== 'frontMatter')) continue;
      const gap = k > i ? n.start - m.end : m.start - n.end;
      if (gap < 0 || gap > (k > i ? 4 : 24)) continue;
      const between = k > i ? this.text.slice(m.end, n.start) : this.text.slice(n.end, m.start);
      if (!(k > i ? APPOSITION_AFTER : APPOSITION_BEFORE).test(between)) continue;
      const holder = holders.find((h) => h.entityId === n.entityId);
      if (holder) return { start: m.start, end: m.end, entityId: holder.entityId, candidates: [holder.entityId], resolution: 'office', via: holder.position };
    }
    const earlier = earlierHolderModifier(this.text, m.start, m.end);
    if (!earlier) return undefined;
    const date = this.date.date;
    const dateEnd = partialDateEnd(date);
    // Those whose term ended by the date, most recently left first (not those holding it after it).
    const stays = new Set(holders.filter((h) => h.role.to === undefined || partialDateEnd(h.role.to) > dateEnd).map((h) => h.entityId));
    const before = holders
      .filter((h) => h.role.to !== undefined && partialDateEnd(h.role.to) <= dateEnd && !stays.has(h.entityId))
      .sort((a, b) => partialDateEnd(b.role.to!) - partialDateEnd(a.role.to!));
    const ids = [...new Set(before.map((h) => h.entityId))];
    if (ids.length === 0) return undefined;
    const via = before[0].position;
    if (earlier === 'latest' || ids.length === 1) return { start: m.start, end: m.end, entityId: ids[0], candidates: ids, resolution: 'office', via };
    // "A former X": one of them; an earlier unambiguous mention decides (rule 3), else context.
    const best = latestNamed(ids, lastNamed);
    if (best !== undefined) return { start: m.start, end: m.end, entityId: best, candidates: ids, resolution: 'coreference', via };
    return { start: m.start, end: m.end, entityId: ids[0], candidates: ids, resolution: 'ambiguous' };
  }

  /** Rule 1: mentions inside links give way to one mention of the linked entity (none for `to=none`). */
  private applyLinks(mentions: readonly ResolvedMention[]): ResolvedMention[] {
    const spans = this.options.spans ?? parseMarkup(this.text).spans;
    const links = linkSpans(this.text, spans);
    if (links.length === 0) return mentions as ResolvedMention[];
    const out: ResolvedMention[] = [];
    let next = 0;
    for (const link of links) {
      while (next < mentions.length && mentions[next].end <= link.start) out.push(mentions[next++]);
      // Mentions overlapping the link's text are replaced by it.
      while (next < mentions.length && mentions[next].start < link.end) next++;
      if (link.end > link.start) {
        out.push({ start: link.start, end: link.end, entityId: link.to, candidates: [link.to], resolution: 'link' });
      }
    }
    while (next < mentions.length) out.push(mentions[next++]);
    return out;
  }

  /**
   * Rule 2: names the front matter maps, wherever the text writes them. Where a refs name and a
   * registry name overlap, the leftmost, then longest, wins as in SPEC §2 ("Ali Larijani" stays
   * one mention under `refs: { Larijani: … }`); on the same words refs decide; links are never
   * overridden.
   */
  private applyRefs(mentions: readonly ResolvedMention[], refs: Map<string, string>): ResolvedMention[] {
    const excluded = attributeBlockRanges(this.text);
    const found = refsMatcher(refs).scan(this.text, excluded.length > 0 ? { excluded } : undefined);
    if (found.length === 0) return mentions as ResolvedMention[];
    const out: ResolvedMention[] = [];
    let next = 0;
    let lastEnd = 0;
    const take = (m: ResolvedMention): void => {
      out.push(m);
      lastEnd = m.end;
    };
    for (const hit of found) {
      // Registry mentions that start first, or as early and reach further (or are links), go first.
      while (next < mentions.length) {
        const m = mentions[next];
        const first = m.start < hit.start || (m.start === hit.start && (m.end > hit.end || m.resolution === 'link'));
        if (!first && m.start < hit.end) {
          next++; // covered by the refs name: it gives way
          continue;
        }
        if (!first) break;
        if (m.start >= lastEnd) take(m);
        next++;
      }
      if (hit.start < lastEnd) continue; // inside a longer name or a link taken already
      const overlapped = mentions[next - 1]?.start === hit.start && mentions[next - 1]?.end === hit.end ? mentions[next - 1] : undefined;
      const to = refs.get(hit.entityId)!;
      const candidates = overlapped ? this.registry.candidatesOf(overlapped.entityId) : [];
      take({ start: hit.start, end: hit.end, entityId: to, candidates: candidates.includes(to) ? candidates : [to, ...candidates], resolution: 'frontMatter' });
    }
    for (; next < mentions.length; next++) if (mentions[next].start >= lastEnd) take(mentions[next]);
    return out;
  }

  /**
   * Candidates with each position replaced by its one holder on the document's date (kept when
   * nobody or several held it). `decided` when one entity remains.
   */
  private expandOffices(candidates: readonly string[]): { ids: string[]; via: (string | undefined)[]; decided: boolean } {
    const ids: string[] = [];
    const via: (string | undefined)[] = [];
    let sawPosition = false;
    for (const id of candidates) {
      const entity = this.registry.entities.get(id);
      let target = id;
      let through: string | undefined;
      if (entity?.type === 'position') {
        sawPosition = true;
        const holders = holdersOn(this.registry, id, this.date.date);
        if (holders.length === 1) {
          target = holders[0];
          through = id;
        }
      }
      const existing = ids.indexOf(target);
      if (existing >= 0) {
        via[existing] ??= through;
        continue;
      }
      ids.push(target);
      via.push(through);
    }
    return { ids, via, decided: sawPosition && ids.length === 1 };
  }

  /** Context scores, best first (ties keep the registry's order); `said` is the mention's text. */
  private rank(candidates: readonly string[], viaList?: readonly (string | undefined)[], said?: string): CandidateExplanation[] {
    const scored = candidates.map((id, at) => {
      let explained = this.scores.get(id);
      if (!explained) this.scores.set(id, (explained = this.score(id)));
      const title = said === undefined ? undefined : this.titleFit(id, said);
      if (title) explained = { ...explained, score: explained.score + title.score, reasons: [title.reason, ...explained.reasons] };
      const via = viaList?.[at];
      return via !== undefined ? { ...explained, via } : explained;
    });
    return scored
      .map((c, at) => ({ c, at }))
      .sort((a, b) => b.c.score - a.c.score || a.at - b.at)
      .map((x) => x.c);
  }

  /**
   * A title in the mention ("President Aoun") that one of the candidate's roles has: +3 when that
   * role is held on the document's date, +1 when it was held at another time.
   */
  private titleFit(id: string, said: string): { score: number; reason: string } | undefined {
    const entity = this.registry.entities.get(id);
    if (!entity || entity.roles.length === 0) return undefined;
    const ownName = new Set(wordsOf(entity.name));
    const extra = wordsOf(said).filter((w) => !NAME_PARTS_OF_TITLES.has(w) && !ownName.has(w));
    if (extra.length === 0) return undefined;
    let best: { score: number; reason: string } | undefined;
    for (const role of entity.roles) {
      const words = new Set(wordsOf(role.title));
      const fits = extra.filter((w) => words.has(w));
      if (fits.length === 0) continue;
      const held = roleHeldOn(role, this.date.date);
      const score = held ? 3 : 1;
      if (!best || score > best.score)
        best = {
          score,
          reason: `“${fits.join(' ')}” fits ${role.title}${held ? ` held on ${formatPartialDate(this.date.date)}` : ` (${describeRolePeriod(role)})`}`,
        };
    }
    return best;
  }

  /** One candidate's context score, with the reasons in words. */
  private score(id: string): CandidateExplanation {
    const counts = (this.counts ??= new Map<string, number>());
    const entities = this.registry.entities;
    const entity = entities.get(id);
    const reasons: string[] = [];
    let score = 0;
    if (!entity) return { entityId: id, score, reasons: ['not in the registry'] };
    const date = this.date.date;
    const nameOf = (other: string): string => entities.get(other)?.name ?? other;
    // A state or a place stands beside too many entities to tell two of them apart.
    const broad = (body: string): boolean => {
      const type = entities.get(body)?.type;
      return type === 'state' || type === 'place';
    };
    const seen = new Set<string>([id]);
    for (const affiliation of entity.affiliations) {
      const n = counts.get(affiliation) ?? 0;
      if (n === 0 || seen.has(affiliation)) continue;
      seen.add(affiliation);
      score += broad(affiliation) ? 1 : 2;
      reasons.push(`affiliated with ${nameOf(affiliation)}, mentioned ${n}×`);
    }
    let heldOnDate = false;
    const roleBodies = new Set<string>();
    for (const role of entity.roles) {
      const held = roleHeldOn(role, date);
      heldOnDate ||= held;
      const body = role.of;
      if (body === undefined || roleBodies.has(body)) continue;
      const n = counts.get(body) ?? 0;
      if (n === 0) continue;
      roleBodies.add(body);
      seen.add(body);
      score += held ? 3 : 1;
      reasons.push(`${role.title}${held ? ` on ${formatPartialDate(date)}` : ` (${describeRolePeriod(role)})`}; ${nameOf(body)} mentioned ${n}×`);
    }
    // Co-members: others of the same (specific) bodies mentioned here, and members of this entity.
    const members = this.registry.members;
    let coMembers = 0;
    for (const body of [...entity.affiliations, id]) {
      if (body !== id && broad(body)) continue;
      for (const other of members.get(body) ?? []) {
        if (seen.has(other) || (counts.get(other) ?? 0) === 0 || coMembers >= 3) continue;
        seen.add(other);
        coMembers++;
        score += 1;
        reasons.push(
          body === id
            ? `${nameOf(other)} (a member) mentioned ${counts.get(other)}×`
            : `${nameOf(other)}, also of ${nameOf(body)}, mentioned ${counts.get(other)}×`,
        );
      }
    }
    if (heldOnDate && entity.roles.length > 0) {
      score += 1;
      reasons.push(`holds a role on ${formatPartialDate(date)}`);
    } else if (entity.roles.length > 0 && entity.roles.every((r) => r.from !== undefined && partialDateStart(r.from) > partialDateEnd(date))) {
      score -= 1;
      reasons.push(`no role yet on ${formatPartialDate(date)}`);
    }
    const own = counts.get(id) ?? 0;
    if (own > 0) {
      score += 2;
      reasons.unshift(`named unambiguously ${own}× in this document`);
    }
    if (reasons.length === 0) reasons.push('nothing in this document points to it');
    return { entityId: id, score, reasons };
  }

  explain(mentions: readonly ResolvedMention[], index: number): MentionExplanation {
    const mention = mentions[index];
    this.counts = countDecided(mentions);
    const candidates = mention.candidates ?? [mention.entityId];
    // Copies: the reasons get this mention's anchors added.
    const ranked = this.rank(candidates, undefined, this.text.slice(mention.start, mention.end)).map((c) => ({ ...c, reasons: [...c.reasons] }));
    // Where each candidate was last named unambiguously before this mention (rule 3's anchor).
    const lines = new LinePositions(this.text);
    for (const c of ranked) {
      for (let k = index - 1; k >= 0; k--) {
        const m = mentions[k];
        if (m.entityId === c.entityId && isUnambiguous(m)) {
          c.reasons.unshift(
            `named ${m.resolution === 'link' ? 'by a link' : m.resolution === 'office' ? 'through an office' : 'in full'} on line ${lines.position(m.start).line + 1}: “${this.text.slice(m.start, m.end).replace(/\s+/g, ' ')}”`,
          );
          break;
        }
      }
    }
    return { candidates: ranked, date: this.date };
  }
}

function isUnambiguous(m: ResolvedMention): boolean {
  return m.resolution === undefined || m.resolution === 'unique' || m.resolution === 'link' || m.resolution === 'frontMatter' || m.resolution === 'office';
}

/** Mentions per entity among the mentions a rule decided (not the ambiguous ones). */
function countDecided(mentions: readonly ResolvedMention[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const m of mentions) {
    // As in resolve(): context has not decided anything when the counts are taken.
    if (m.resolution === 'ambiguous' || m.resolution === 'context') continue;
    counts.set(m.entityId, (counts.get(m.entityId) ?? 0) + 1);
  }
  return counts;
}

/** The links of a text: `.ref` tags with a `to`, their text trimmed of white space, outermost only. */
export function linkSpans(text: string, spans: readonly TagSpan[]): { start: number; end: number; to: string }[] {
  const out: { start: number; end: number; to: string }[] = [];
  let coveredTo = -1;
  for (const span of spans) {
    if (span.kind !== 'ref' || span.start < coveredTo) continue;
    const to = span.attributes.to?.trim();
    if (!to) continue;
    coveredTo = span.end;
    let start = span.contentStart;
    let end = span.contentEnd;
    while (start < end && /\s/.test(text[start])) start++;
    while (end > start && /\s/.test(text[end - 1])) end--;
    out.push({ start, end, to });
  }
  return out;
}

/** Every candidate entity of the mention, as the API reports it (SPEC §7). */
export function mentionCandidates(mention: ResolvedMention): readonly string[] {
  return mention.candidates ?? [mention.entityId];
}

/** How the mention was resolved, as the API reports it (SPEC §7). */
export function mentionResolution(mention: ResolvedMention): Resolution {
  return mention.resolution ?? 'unique';
}

/** A role's period in words: "since 5 Aug 2025", "22 May 2023 – 5 Aug 2025", "until 2020". */
export function describeRolePeriod(role: { from?: PartialDate; to?: PartialDate }): string {
  if (role.from && role.to) return `${formatPartialDate(role.from)} – ${formatPartialDate(role.to)}`;
  if (role.from) return `since ${formatPartialDate(role.from)}`;
  if (role.to) return `until ${formatPartialDate(role.to)}`;
  return 'no dates';
}
