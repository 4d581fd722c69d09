// The actor network as it stood on a date (SPEC §4 `showNetwork`, §10): entities as nodes, edges
// for roles (holder → the role's `of`; a role naming a `post` takes the position's `of`), for
// affiliations, for events (actor → target, labelled with the event type, counted) and for
// claims (claimant → `about`). Shared by the VS Code view and `analyst-markup export --format
// graphml`. Pure core: no `vscode`, no Node built-ins.
//
// What "as of a date" means (the date may be partial: `2025-08` is all of August):
// - a tag counts once its period has begun (its first day is on or before the date's last day);
// - a role counts when it was held at some point of the date's period (dates.ts roleHeldOn:
//   `from` and `to` are inclusive, so a role starting or ending on that day is held that day);
// - tags without any date (no `date`, and an event whose document has no date either) are
//   always shown, counted in `undated` on their edges: hiding them would make tagged facts
//   disappear from the picture without a trace, and they are drawn dashed so they stand out.
// Without a date: every tag and every role, whenever held.
//
// Which entities: those the tags (as of the date) name as claimant, `about`, actor or target,
// plus the bodies of their roles and their affiliations (one hop). With an entity chosen: it and
// its neighbours.

import { parsePartialDate, roleHeldOn } from './dates';
import type { ExportedTag } from './exportTags';
import { EntityLookup, TagLocation, tagFacts, tagLocation } from './timeline';
import type { EntityType, PartialDate } from './types';
import { dayRangeOf } from './viewDates';

export type NetworkEdgeKind = 'role' | 'affiliation' | 'event' | 'claim';

export interface NetworkNode {
  id: string;
  name: string;
  type: EntityType;
  /** Named by a tag but not in the registry. */
  unknown: boolean;
  /** Mentions in the texts (as the caller counted them; 0 when not counted). */
  mentions: number;
  /** Tags (as of the date) that name it. */
  tags: number;
}

export interface NetworkEdge {
  /** Stable across updates: kind, ends and label. */
  id: string;
  kind: NetworkEdgeKind;
  source: string;
  target: string;
  /** The event type, the role's title, `affiliated`, `claims about`. */
  label: string;
  /** Tags behind it (events, claims); 1 for a role or an affiliation. */
  count: number;
  /** Of those, the tags without a date. */
  undated: number;
  tags: TagLocation[];
  /** Roles: their dates as written. */
  from?: string;
  to?: string;
}

export interface NetworkOptions {
  /** `yyyy`, `yyyy-mm` or `yyyy-mm-dd`; absent: everything. */
  date?: string;
  entity?: string;
  mentionCounts?: ReadonlyMap<string, number>;
}

export interface NetworkData {
  format: 'analyst-markup-network';
  version: 1;
  /** The date as given, when valid. */
  date?: string;
  nodes: NetworkNode[];
  edges: NetworkEdge[];
  /** The days the date slider spans: the tags' dates and the role bounds of the entities shown at any date. */
  range?: { start: string; end: string };
  /** Tags left out because they begin after the date. */
  later: number;
  /** Tags without a date (shown whatever the date). */
  undated: number;
  entity?: string;
}

/** Pairs among the actors of an event without targets, at most this many actors. */
const MAX_MUTUAL_ACTORS = 8;

/** The edges a tag makes, and the entities it counts for: worked out once per tag (tags are not changed once collected). */
interface TagEdges {
  readonly edges: readonly { readonly kind: NetworkEdgeKind; readonly source: string; readonly target: string; readonly label: string; readonly id: string }[];
  /** Its actors and others together, without repeats. */
  readonly named: readonly string[];
}
const edgesOfTags = new WeakMap<ExportedTag, TagEdges>();

function tagEdges(tag: ExportedTag, actors: readonly string[], others: readonly string[]): TagEdges {
  let made = edgesOfTags.get(tag);
  if (made) return made;
  const edges: { kind: NetworkEdgeKind; source: string; target: string; label: string; id: string }[] = [];
  const add = (kind: NetworkEdgeKind, source: string, target: string, label: string) => {
    if (source !== target) edges.push({ kind, source, target, label, id: edgeId(kind, source, target, label) });
  };
  if (tag.kind === 'event') {
    const label = tag.attributes.type || 'event';
    if (others.length > 0) {
      for (const a of actors) for (const t of others) add('event', a, t, label);
    } else {
      const mutual = actors.slice(0, MAX_MUTUAL_ACTORS);
      for (let i = 0; i < mutual.length; i++) for (let j = i + 1; j < mutual.length; j++) add('event', mutual[i], mutual[j], label);
    }
  } else {
    for (const a of actors) for (const t of others) add('claim', a, t, 'claims about');
  }
  made = { edges, named: [...new Set([...actors, ...others])] };
  edgesOfTags.set(tag, made);
  return made;
}

function edgeId(kind: NetworkEdgeKind, source: string, target: string, label: string): string {
  return `${kind}:${source}>${target}:${label}`;
}

class EdgeSet {
  readonly edges = new Map<string, NetworkEdge>();

  add(
    kind: NetworkEdgeKind,
    source: string,
    target: string,
    label: string,
    tag?: ExportedTag,
    undated = false,
    id = edgeId(kind, source, target, label),
  ): NetworkEdge | undefined {
    if (source === target) return undefined;
    let edge = this.edges.get(id);
    if (!edge) {
      edge = { id, kind, source, target, label, count: 0, undated: 0, tags: [] };
      this.edges.set(id, edge);
    }
    if (tag) {
      edge.count++;
      if (undated) edge.undated++;
      edge.tags.push(tagLocation(tag));
    } else edge.count = 1;
    return edge;
  }
}

export function buildNetwork(tags: readonly ExportedTag[], entities: EntityLookup, options: NetworkOptions = {}): NetworkData {
  const date: PartialDate | undefined = options.date ? parsePartialDate(options.date) : undefined;
  const asOfEnd = date ? dayRangeOf(date).end : undefined;
  const edges = new EdgeSet();
  const tagCounts = new Map<string, number>();
  let later = 0;
  let undated = 0;
  let rangeStart: string | undefined;
  let rangeEnd: string | undefined;
  const extend = (start: string | undefined, end: string | undefined) => {
    if (start && (!rangeStart || start < rangeStart)) rangeStart = start;
    if (end && (!rangeEnd || end > rangeEnd)) rangeEnd = end;
  };
  /** Every entity a tag names at any date: their roles bound the slider. */
  const everNamed = new Set<string>();

  for (const tag of tags) {
    const { dated, actors, others } = tagFacts(tag);
    for (const id of actors) everNamed.add(id);
    for (const id of others) everNamed.add(id);
    if (dated) extend(dated.date.start, dated.date.end);
    else undated++;
    if (asOfEnd && dated && dated.date.start >= asOfEnd) {
      later++;
      continue;
    }
    const made = tagEdges(tag, actors, others);
    for (const id of made.named) tagCounts.set(id, (tagCounts.get(id) ?? 0) + 1);
    for (const e of made.edges) edges.add(e.kind, e.source, e.target, e.label, tag, !dated, e.id);
  }

  // Roles and affiliations of the entities the tags name (and of the chosen entity).
  const named = new Set(tagCounts.keys());
  if (options.entity) named.add(options.entity);
  for (const id of named) {
    const entity = entities.get(id);
    if (!entity) continue;
    for (const role of entity.roles) {
      if (role.from) extend(dayRangeOf(role.from).start, undefined);
      if (role.to) extend(undefined, dayRangeOf(role.to).end);
      if (date && !roleHeldOn(role, date)) continue;
      const target = role.of ?? role.post;
      if (!target) continue;
      const edge = edges.add('role', id, target, role.title);
      if (edge) {
        if (role.from) edge.from = role.from.text;
        if (role.to) edge.to = role.to.text;
      }
    }
    for (const body of entity.affiliations) edges.add('affiliation', id, body, 'affiliated');
  }
  // The slider also reaches the role bounds of entities only named after the date.
  for (const id of everNamed) {
    if (named.has(id)) continue;
    for (const role of entities.get(id)?.roles ?? []) {
      if (role.from) extend(dayRangeOf(role.from).start, undefined);
      if (role.to) extend(undefined, dayRangeOf(role.to).end);
    }
  }

  let edgeList = [...edges.edges.values()];
  let nodeIds = new Set<string>(named);
  for (const e of edgeList) nodeIds.add(e.source).add(e.target);
  if (options.entity) {
    const focus = options.entity;
    edgeList = edgeList.filter((e) => e.source === focus || e.target === focus);
    nodeIds = new Set([focus]);
    for (const e of edgeList) nodeIds.add(e.source).add(e.target);
  }
  const nodes: NetworkNode[] = [...nodeIds].map((id) => {
    const entity = entities.get(id);
    return {
      id,
      name: entity?.name ?? id,
      type: entity?.type ?? 'other',
      unknown: !entity,
      mentions: options.mentionCounts?.get(id) ?? 0,
      tags: tagCounts.get(id) ?? 0,
    };
  });
  nodes.sort((a, b) => a.id.localeCompare(b.id));
  edgeList.sort((a, b) => a.id.localeCompare(b.id));

  const data: NetworkData = { format: 'analyst-markup-network', version: 1, nodes, edges: edgeList, later, undated };
  if (date) data.date = date.text;
  if (options.entity) data.entity = options.entity;
  if (rangeStart && rangeEnd) data.range = { start: rangeStart, end: rangeEnd };
  return data;
}

/**
 * The days the date slider spans, as `buildNetwork(...).range` gives it whatever the date (the
 * tags' dates and the role bounds of every entity they name, and of `entity`), without building
 * the network: the view needs it to choose the last day before building the network of that day.
 */
export function networkRange(tags: readonly ExportedTag[], entities: EntityLookup, entity?: string): { start: string; end: string } | undefined {
  let start: string | undefined;
  let end: string | undefined;
  const extend = (s: string | undefined, e: string | undefined) => {
    if (s && (!start || s < start)) start = s;
    if (e && (!end || e > end)) end = e;
  };
  const named = new Set<string>();
  if (entity) named.add(entity);
  for (const tag of tags) {
    const { dated, actors, others } = tagFacts(tag);
    if (dated) extend(dated.date.start, dated.date.end);
    for (const id of actors) named.add(id);
    for (const id of others) named.add(id);
  }
  for (const id of named) {
    for (const role of entities.get(id)?.roles ?? []) {
      if (role.from) extend(dayRangeOf(role.from).start, undefined);
      if (role.to) extend(undefined, dayRangeOf(role.to).end);
    }
  }
  return start && end ? { start, end } : undefined;
}
