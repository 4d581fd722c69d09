// The timeline view's data (SPEC §4 `showTimeline`, §10): the workspace's events and dated claims
// by date, in lanes per actor (an event's `actors`, a claim's claimant `by`). A partial date is a
// range, not a point: `2025-08` covers August. With one entity chosen, its lane comes first and
// the spans of its roles are drawn as bars. Shared by the VS Code view and `analyst-markup
// export --format timeline-json`. Pure core: no `vscode`, no Node built-ins.
//
//   const data = buildTimeline(collectTags(docs).tags, registry.entities, { entity: 'ali-larijani' });

import { formatPartialDate } from './dates';
import type { ExportedTag } from './exportTags';
import { entityIdList } from './markup';
import type { Entity, EntityType } from './types';
import { dayRangeOf, DayRange, parseDayRange } from './viewDates';

/** Whatever maps entity IDs to entities: `Registry.entities` fits. */
export interface EntityLookup {
  get(id: string): Entity | undefined;
}

/** Where a tag is written: 1-based lines and columns, as in ExportedTag. */
/** Shared between builds (see tagLocation): never changed once made. */
export interface TagLocation {
  readonly document: string;
  /** The tag's `#id` ('' when it has none). */
  readonly id: string;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
}

export interface TimelineItem {
  /** Unique in the data: the tag's `#id`, else `document:line:column`. */
  key: string;
  kind: 'claim' | 'event';
  tag: TagLocation;
  /** What the item shows: the event type, or the claim's text. */
  label: string;
  /** The tagged text. */
  text: string;
  eventType?: string;
  /** ICD 203 term of a claim. */
  confidence?: string;
  date: DayRange;
  /** Where the date came from: the tag's `date`, or (events) the document's date. */
  dateSource: 'tag' | 'document';
  /** The lanes it is drawn in: its actors (events) or claimant (claims); `''` when it has none. */
  lanes: string[];
  /** Every entity the tag names (by, about, actors, targets, place). */
  entities: string[];
}

export interface TimelineLane {
  /** An entity id, or `''` for items without an actor. */
  id: string;
  name: string;
  type?: EntityType;
  /** Not in the registry. */
  unknown: boolean;
  itemCount: number;
}

export interface RoleSpan {
  entity: string;
  title: string;
  of?: string;
  ofName?: string;
  start?: string;
  /** Exclusive; undefined while the role is still held. */
  end?: string;
  /** As written: `2008-05-28 – 2020-05-28`, `since Aug 2025`. */
  text: string;
}

export interface TimelineFilter {
  /** Only tags that name this entity (in any attribute); its lane first, its roles as bars. */
  entity?: string;
  eventTypes?: readonly string[];
  /** `yyyy`, `yyyy-mm` or `yyyy-mm-dd`: items overlapping [from, to] (whole periods). */
  from?: string;
  to?: string;
  documents?: readonly string[];
}

export interface TimelineData {
  format: 'analyst-markup-timeline';
  version: 1;
  items: TimelineItem[];
  lanes: TimelineLane[];
  roleSpans: RoleSpan[];
  /** The days the items and role spans cover; undefined when there is nothing to show. */
  extent?: { start: string; end: string };
  /** Tags left out because they have no date (claims without `date`, events without any date). */
  undated: number;
  /** What the filters can offer (over every dated item, before filtering). */
  eventTypes: string[];
  documents: string[];
  filter: TimelineFilter;
}

export const NO_ACTOR_LANE = '';

/** The entity IDs a tag names in one attribute. */
function idsOf(tag: ExportedTag, attribute: string): string[] {
  const value = Object.prototype.hasOwnProperty.call(tag.attributes, attribute) ? tag.attributes[attribute] : undefined;
  return value ? entityIdList(value) : [];
}

/**
 * Made once per tag (tags are not changed once collected): the views rebuild their data on each
 * edit, and an unchanged tag's location is then the same object, which the patch sent to the
 * webview (viewPatches.ts) tells unchanged without comparing it.
 */
const locations = new WeakMap<ExportedTag, TagLocation>();

export function tagLocation(tag: ExportedTag): TagLocation {
  let location = locations.get(tag);
  if (!location) {
    location = { document: tag.document, id: tag.id, line: tag.line, column: tag.column, endLine: tag.endLine, endColumn: tag.endColumn };
    locations.set(tag, location);
  }
  return location;
}

export function tagKey(tag: ExportedTag): string {
  return tag.id || `${tag.document}:${tag.line}:${tag.column}`;
}

/** A tag's date: the tag's own `date`, or for an event the document's date (as exportTags found it). */
export function tagDayRange(tag: ExportedTag): { date: DayRange; source: 'tag' | 'document' } | undefined {
  const own = parseDayRange(Object.prototype.hasOwnProperty.call(tag.attributes, 'date') ? tag.attributes.date : undefined);
  if (own) return { date: own, source: 'tag' };
  if (tag.kind === 'event' && tag.event?.event_date_source === 'document') {
    const fromDocument = parseDayRange(tag.event.event_date);
    if (fromDocument) return { date: fromDocument, source: 'document' };
  }
  return undefined;
}

/** Every entity a tag names, in attribute order, without repeats. */
export function tagEntities(tag: ExportedTag): string[] {
  const out = new Set<string>();
  for (const attribute of ['by', 'actors', 'about', 'targets', 'place']) for (const id of idsOf(tag, attribute)) out.add(id);
  return [...out];
}

/** What the views read from a tag, worked out once per tag (tags are not changed once collected). */
export interface TagFacts {
  readonly dated: { readonly date: DayRange; readonly source: 'tag' | 'document' } | undefined;
  /** An event's actors or a claim's claimant (`by`), without repeats. */
  readonly actors: readonly string[];
  /** An event's targets or what a claim is about, without repeats. */
  readonly others: readonly string[];
  /** Every entity the tag names (tagEntities). */
  readonly entities: readonly string[];
}

const factsOfTags = new WeakMap<ExportedTag, TagFacts>();

/** The views rebuild their data from every tag on each edit: a tag's facts are read once. */
export function tagFacts(tag: ExportedTag): TagFacts {
  let facts = factsOfTags.get(tag);
  if (!facts) {
    const event = tag.kind === 'event';
    facts = {
      dated: tagDayRange(tag),
      actors: [...new Set(idsOf(tag, event ? 'actors' : 'by'))],
      others: [...new Set(idsOf(tag, event ? 'targets' : 'about'))],
      entities: tagEntities(tag),
    };
    factsOfTags.set(tag, facts);
  }
  return facts;
}

function boundText(role: Entity['roles'][number]): string {
  if (role.from && role.to) return `${formatPartialDate(role.from)} – ${formatPartialDate(role.to)}`;
  if (role.from) return `since ${formatPartialDate(role.from)}`;
  if (role.to) return `until ${formatPartialDate(role.to)}`;
  return 'dates unknown';
}

/** The spans of an entity's roles (an absent `from`/`to` leaves that end open). */
export function roleSpans(entity: Entity, entities: EntityLookup): RoleSpan[] {
  return entity.roles.map((role) => {
    const span: RoleSpan = { entity: entity.id, title: role.title, text: boundText(role) };
    if (role.of) {
      span.of = role.of;
      const body = entities.get(role.of);
      if (body) span.ofName = body.name;
    }
    if (role.from) span.start = dayRangeOf(role.from).start;
    if (role.to) span.end = dayRangeOf(role.to).end;
    return span;
  });
}

/** The bounds of a filter date: `from` at the start of its period, `to` at the end of its own. */
function filterBounds(filter: TimelineFilter): { start?: string; end?: string } {
  return { start: parseDayRange(filter.from)?.start, end: parseDayRange(filter.to)?.end };
}

/**
 * The item made for each tag (tags are not changed once collected): the timeline view rebuilds
 * its data on each edit, and the patch it sends (viewPatches.ts) tells an unchanged item by its
 * being the same object. Items are shared: never changed once made.
 */
const itemsMade = new WeakMap<ExportedTag, TimelineItem>();

export function buildTimeline(tags: readonly ExportedTag[], entities: EntityLookup, filter: TimelineFilter = {}): TimelineData {
  const items: TimelineItem[] = [];
  const eventTypes = new Set<string>();
  const documents = new Set<string>();
  let undated = 0;
  const bounds = filterBounds(filter);
  const typeFilter = filter.eventTypes && filter.eventTypes.length > 0 ? new Set(filter.eventTypes) : undefined;
  const documentFilter = filter.documents && filter.documents.length > 0 ? new Set(filter.documents) : undefined;
  const seenKeys = new Map<string, number>();

  for (const tag of tags) {
    const facts = tagFacts(tag);
    const dated = facts.dated;
    if (!dated) {
      undated++;
      continue;
    }
    const eventType = tag.kind === 'event' ? (tag.attributes.type ?? '') : undefined;
    if (eventType) eventTypes.add(eventType);
    documents.add(tag.document);
    const named = facts.entities;
    if (filter.entity && !named.includes(filter.entity)) continue;
    if (typeFilter && (tag.kind !== 'event' || !typeFilter.has(eventType ?? ''))) continue;
    if (documentFilter && !documentFilter.has(tag.document)) continue;
    if (bounds.start && dated.date.end <= bounds.start) continue;
    if (bounds.end && dated.date.start >= bounds.end) continue;
    // A duplicated #id (a diagnostic elsewhere) must not give two items one key.
    let key = tagKey(tag);
    const repeats = seenKeys.get(key) ?? 0;
    seenKeys.set(key, repeats + 1);
    if (repeats > 0) key = `${key}~${repeats}`;
    // An item is made from its tag and key alone: the one made before for the tag is kept.
    let item = itemsMade.get(tag);
    if (!item || item.key !== key) {
      item = {
        key,
        kind: tag.kind,
        tag: tagLocation(tag),
        label: tag.kind === 'event' ? eventType || 'event' : tag.text,
        text: tag.text,
        date: dated.date,
        dateSource: dated.source,
        lanes: facts.actors.length > 0 ? facts.actors.slice() : [NO_ACTOR_LANE],
        entities: named.slice(),
      };
      if (eventType !== undefined) item.eventType = eventType;
      if (tag.kind === 'claim' && tag.attributes.confidence) item.confidence = tag.attributes.confidence;
      itemsMade.set(tag, item);
    }
    items.push(item);
  }
  items.sort(
    (a, b) => (a.date.start < b.date.start ? -1 : a.date.start > b.date.start ? 1 : 0) || (a.date.end < b.date.end ? -1 : a.date.end > b.date.end ? 1 : 0),
  );

  const laneCounts = new Map<string, number>();
  for (const item of items) for (const lane of item.lanes) laneCounts.set(lane, (laneCounts.get(lane) ?? 0) + 1);
  const chosen = filter.entity ? entities.get(filter.entity) : undefined;
  if (filter.entity && !laneCounts.has(filter.entity)) laneCounts.set(filter.entity, 0);
  const lanes: TimelineLane[] = [...laneCounts].map(([id, itemCount]) => {
    const entity = id ? entities.get(id) : undefined;
    return { id, name: entity?.name ?? (id || '(no actor)'), type: entity?.type, unknown: id !== NO_ACTOR_LANE && !entity, itemCount };
  });
  // The chosen entity first, then by number of items, then by name; the no-actor lane last.
  lanes.sort((a, b) => {
    const rank = (l: TimelineLane) => (l.id === filter.entity ? 0 : l.id === NO_ACTOR_LANE ? 2 : 1);
    return rank(a) - rank(b) || b.itemCount - a.itemCount || a.name.localeCompare(b.name);
  });

  const spans = chosen ? roleSpans(chosen, entities) : [];
  let start: string | undefined;
  let end: string | undefined;
  const extend = (s: string | undefined, e: string | undefined) => {
    if (s && (!start || s < start)) start = s;
    if (e && (!end || e > end)) end = e;
  };
  for (const item of items) extend(item.date.start, item.date.end);
  for (const span of spans) extend(span.start, span.end);
  const extent = start && end && start < end ? { start, end } : start ? { start, end: start } : undefined;

  return {
    format: 'analyst-markup-timeline',
    version: 1,
    items,
    lanes,
    roleSpans: spans,
    extent,
    undated,
    eventTypes: [...eventTypes].sort(),
    documents: [...documents].sort(),
    filter: { ...filter },
  };
}

/** `analyst-markup export --format timeline-json`: the data, pretty-printed. */
export function formatTimelineJson(data: TimelineData): string {
  return JSON.stringify(data, null, 2) + '\n';
}
