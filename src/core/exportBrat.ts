// brat standoff (https://brat.nlplab.org/standoff.html): for each document a `.txt` and a `.ann`,
// plus `annotation.conf`, `visual.conf` and `tools.conf` at the top of the target folder so that
// brat opens the folder as a collection as it is. Used by `analyst-markup export --format brat -o
// FOLDER` and `exportTags { format: "brat", target: FOLDER }`. Pure core: returns the files.
//
// - `.txt`: the document's plain text (textWithoutMarkup.ts: tag markup and its escapes removed, line ends
//   as LF; the W3C export's selectors count in the same text). Offsets in the `.ann` count
//   Unicode code points of it, as brat (Python) does: an emoji is one, Arabic letters and marks
//   one each.
// - `T` lines: each registry mention the matcher finds, resolved as in SPEC §9 (type: the entity
//   type, Person … Other), and each claim (`Claim`) and event (its type) as the trigger of an `E`
//   line. A span over a line break is written as fragments (`0 5;6 9`): a `.ann` line cannot
//   hold one, and brat joins the fragments' texts with a space, as written after the offsets.
// - `E` lines: `Claim:T… Claimant:T… About:T… About2:T…` and `<type>:T… Actor:T… Target:T…
//   Place:T…`; an argument is the entity's mention inside the tag, else the nearest one in the
//   document. An entity the document never mentions cannot be an argument (brat arguments are
//   annotations): it is named in the trigger's note instead.
// - `A` lines: Confidence, Reliability and Credibility of claims (valid values only), and the
//   Resolution of a mention that a rule other than a unique name decided (link, coreference …).
// - `N` lines: `Reference T… Wikidata:Q…` for mentions of entities with a `wikidata` QID.
// - `#` lines (AnnotatorNotes): each mention's registry id (and the candidates of an ambiguous
//   one); on each E line (brat lets nothing but events refer to a trigger) the tag's id, date,
//   note and arguments left out.
//
// File names: the document's workspace path, its extension dropped (`notes/a.md` → `notes/a.txt`,
// `notes/a.ann`); each path segment made safe for Windows, macOS and Linux (no `<>:"/\|?*` or
// control characters, no trailing dot or space, no reserved device names, no `..`, no hidden
// dot files, at most 100 characters). Two documents that would get one name (`a.md` and `a.txt`,
// or names differing only in case) keep their extension in the name (`a_md`, `a_txt`), then a
// number. As in the other formats, only documents with claims or events are exported (with
// every mention in them).

import { collectDocumentTags, EntityNames, ExportedTag, TagDocument } from './exportTags';
import { CONFIDENCE_TERMS, CREDIBILITY, NOT_AN_ENTITY, PLOVER_EVENT_TYPES, RELIABILITY, TagSpan } from './markup';
import { findMentions } from './mentions';
import type { Registry } from './registry';
import { CodePoints, textWithoutMarkup } from './textWithoutMarkup';
import type { EntityType } from './types';

export type BratRegistry = Parameters<typeof findMentions>[0] & Pick<Registry, 'eventTypes'>;

export interface BratOptions {
  /** For mentions (T lines), entity types, QIDs and the registry's event types. */
  registry?: BratRegistry;
  /** Entity names when there is no registry (tests): `registry.entities` otherwise. */
  entities?: EntityNames;
}

export interface BratFile {
  /** Relative to the target folder, `/`-separated. */
  path: string;
  content: string;
}

export interface BratExport {
  files: BratFile[];
  tags: ExportedTag[];
  errorCount: number;
  /** The documents written, with the base name each got. */
  documents: { document: string; name: string }[];
}

const ENTITY_TYPE_NAMES: Readonly<Record<EntityType, string>> = {
  person: 'Person',
  organization: 'Organization',
  state: 'State',
  place: 'Place',
  position: 'Position',
  other: 'Other',
};
const ENTITY_COLOURS: Readonly<Record<string, string>> = {
  Person: '#8fb2ff',
  Organization: '#ffbf80',
  State: '#9ee09e',
  Place: '#c9a0ff',
  Position: '#ffe680',
  Other: '#d0d0d0',
};
const CLAIM_TYPE = 'Claim';

/** A type name brat can store (its storage form: `[A-Za-z0-9_-]`). */
export function bratTypeName(value: string): string {
  const name = value.replace(/[^A-Za-z0-9_-]/g, '_');
  return name === '' ? '_' : name;
}

/** One line of a `.ann` or `.conf`: no line breaks of any kind Python's splitlines knows. */
function oneLine(text: string): string {
  // eslint-disable-next-line no-control-regex -- these control characters are line breaks to Python
  return text.replace(/[\n\r\v\f\x1c-\x1e\x85\u2028\u2029\t]+/g, ' ');
}

// Line separators of Python's str.splitlines: a T line's text must not hold one.
// eslint-disable-next-line no-control-regex -- these control characters are line breaks to Python
const LINE_BREAK = /[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]/;

/** `[start, end)` of `text` (UTF-16) as fragments without line breaks, in code points. */
export function bratFragments(text: string, points: CodePoints, start: number, end: number): { fragments: [number, number][]; text: string } {
  const fragments: [number, number][] = [];
  const texts: string[] = [];
  let from = start;
  const flush = (to: number): void => {
    if (to > from) {
      fragments.push([points.of(from), points.of(to)]);
      texts.push(text.slice(from, to));
    }
  };
  for (let i = start; i < end; i++) {
    if (LINE_BREAK.test(text[i])) {
      flush(i);
      from = i + 1;
    }
  }
  flush(end);
  return { fragments, text: texts.join(' ') };
}

const RESERVED_NAMES = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\..*)?$/i;

/** A path segment safe on every file system. */
export function safeSegment(segment: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are what must go
  let s = segment.normalize('NFC').replace(/[<>:"/\\|?*\x00-\x1f\x7f]/g, '_');
  s = s.replace(/[. ]+$/, '');
  if (s === '' || s === '.' || s === '..') s = '_';
  if (s.startsWith('.')) s = `_${s.slice(1)}`;
  if (RESERVED_NAMES.test(s)) s = `_${s}`;
  if (s.length > 100) s = s.slice(0, 100).replace(/[\uD800-\uDBFF]$/, '');
  return s;
}

/** The segments of a document's path (a URI string's path too), without empty, `.` and `..` ones. */
function pathSegments(document: string): string[] {
  let path = document;
  const uri = /^[a-zA-Z][a-zA-Z0-9+.-]+:\/\/[^/]*(\/[^?#]*)/.exec(document);
  if (uri) {
    try {
      path = decodeURIComponent(uri[1]);
    } catch {
      path = uri[1];
    }
  }
  return path.split(/[\\/]+/).filter((s) => s !== '' && s !== '.' && s !== '..');
}

/** Base names (without .txt/.ann) for documents, safe and distinct (case-insensitively). */
export function bratNames(documents: readonly string[]): string[] {
  const taken = new Set<string>();
  const next = new Map<string, number>();
  const split = documents.map((d) => {
    const segments = pathSegments(d).map(safeSegment);
    if (segments.length === 0) segments.push('document');
    const last = segments[segments.length - 1];
    const dot = last.lastIndexOf('.');
    const stem = dot > 0 ? last.slice(0, dot) : last;
    const ext = dot > 0 ? last.slice(dot + 1) : '';
    return { dir: segments.slice(0, -1).join('/'), stem: safeSegment(stem), ext };
  });
  // Which stems clash: those clashing keep their extension.
  const counts = new Map<string, number>();
  for (const s of split) {
    const key = `${s.dir}/${s.stem}`.toLowerCase();
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return split.map((s) => {
    const dir = s.dir ? `${s.dir}/` : '';
    let stem = (counts.get(`${s.dir}/${s.stem}`.toLowerCase()) ?? 0) > 1 && s.ext ? `${s.stem}_${safeSegment(s.ext)}` : s.stem;
    // The conf files sit at the top: no document may take their names.
    if (!dir && /^(annotation|visual|tools|kb_shortcuts)$/i.test(stem)) stem = `${stem}_doc`;
    let name = `${dir}${stem}`;
    const key = name.toLowerCase();
    // The next number to try for this name, so that many clashes stay linear.
    for (let n = next.get(key) ?? 2; taken.has(name.toLowerCase()); n++) {
      name = `${dir}${stem}_${n}`;
      next.set(key, n + 1);
    }
    taken.add(name.toLowerCase());
    return name;
  });
}

interface TextBound {
  start: number;
  end: number;
  type: string;
  /** Filled when numbered. */
  id?: string;
  note?: string;
  entityId?: string;
  resolution?: string;
  wikidata?: string;
  tag?: { tag: ExportedTag; span: TagSpan };
}

/** One document's `.ann` text. */
function annotate(
  doc: TagDocument,
  tags: { tag: ExportedTag; span: TagSpan }[],
  spans: readonly TagSpan[],
  options: BratOptions,
  eventTypeNames: Map<string, string>,
): { txt: string; ann: string } {
  const plain = textWithoutMarkup(doc.text, spans);
  const points = new CodePoints(plain.text);
  const entities = options.entities ?? options.registry?.entities;
  const items: TextBound[] = [];
  const mentionsOf = new Map<string, TextBound[]>();
  if (options.registry) {
    for (const m of findMentions(options.registry, doc.text, { spans })) {
      if (m.entityId === NOT_AN_ENTITY) continue;
      const start = plain.toPlain(m.start);
      const end = plain.toPlain(m.end);
      if (end <= start) continue;
      const entity = options.registry.entities.get(m.entityId);
      const candidates = m.candidates && m.candidates.length > 1 ? `; candidates: ${m.candidates.join(' | ')}` : '';
      const item: TextBound = {
        start,
        end,
        type: entity ? ENTITY_TYPE_NAMES[entity.type] : 'Other',
        entityId: m.entityId,
        note: `${m.entityId}${entity ? '' : ' (not in the registry)'}${m.resolution && m.resolution !== 'unique' ? ` (${m.resolution}${m.via && m.via !== m.entityId ? ` via ${m.via}` : ''})` : ''}${candidates}`,
        resolution: m.resolution && m.resolution !== 'unique' ? m.resolution : undefined,
        wikidata: entity?.wikidata,
      };
      items.push(item);
      let list = mentionsOf.get(m.entityId);
      if (!list) mentionsOf.set(m.entityId, (list = []));
      list.push(item);
    }
  }
  for (const entry of tags) {
    const { tag, span } = entry;
    const type = tag.kind === 'claim' ? CLAIM_TYPE : (eventTypeNames.get(tag.attributes.type ?? '') ?? bratTypeName(tag.attributes.type ?? 'event'));
    items.push({ start: plain.toPlain(span.contentStart), end: plain.toPlain(span.contentEnd), type, tag: entry });
  }
  items.sort((a, b) => a.start - b.start || b.end - a.end || (a.tag ? 0 : 1) - (b.tag ? 0 : 1));

  const lines: string[] = [];
  const attributes: string[] = [];
  const normalizations: string[] = [];
  const notes: string[] = [];
  const events: string[] = [];
  let t = 0;
  for (const item of items) {
    const { fragments, text } = bratFragments(plain.text, points, item.start, item.end);
    if (fragments.length === 0) continue; // an empty tag: nothing for brat to show
    item.id = `T${++t}`;
    lines.push(`${item.id}\t${item.type} ${fragments.map(([s, e]) => `${s} ${e}`).join(';')}\t${text}`);
  }
  // An argument: the entity's first mention inside the tag, else the nearest one. Each entity's
  // mentions are in text order: a binary search, so many tags and mentions stay linear-ish.
  const argumentFor = (entityId: string, start: number, end: number): string | undefined => {
    const list = mentionsOf.get(entityId);
    if (!list || list.length === 0) return undefined;
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (list[mid].start < start) lo = mid + 1;
      else hi = mid;
    }
    const after = list[lo];
    if (after && after.end <= end) return after.id; // inside the tag
    const before = lo > 0 ? list[lo - 1] : undefined;
    if (!before) return after?.id;
    if (!after) return before.id;
    return start - Math.min(before.end, start) <= after.start - end ? before.id : after.id;
  };
  let e = 0;
  let a = 0;
  let n = 0;
  let note = 0;
  for (const item of items) {
    if (!item.id) continue; // an empty span: no annotation
    if (!item.tag) {
      if (item.resolution) attributes.push(`A${++a}\tResolution ${item.id} ${item.resolution}`);
      if (item.wikidata && /^Q[1-9][0-9]*$/.test(item.wikidata)) {
        const name = (item.entityId && entities?.get(item.entityId)?.name) ?? item.entityId ?? '';
        normalizations.push(`N${++n}\tReference ${item.id} Wikidata:${item.wikidata}\t${oneLine(name)}`);
      }
      if (item.note) notes.push(`#${++note}\tAnnotatorNotes ${item.id}\t${oneLine(item.note)}`);
      continue;
    }
    const { tag } = item.tag;
    const eventId = `E${++e}`;
    const args: string[] = [];
    const missing: string[] = [];
    const roles: [string, string][] =
      tag.kind === 'claim'
        ? [
            ['by', 'Claimant'],
            ['about', 'About'],
          ]
        : [
            ['actors', 'Actor'],
            ['targets', 'Target'],
            ['place', 'Place'],
          ];
    for (const [attribute, role] of roles) {
      let k = 0;
      for (const ref of tag.entities) {
        if (ref.attribute !== attribute) continue;
        const arg = argumentFor(ref.id, item.start, item.end);
        if (arg) args.push(`${role}${++k === 1 ? '' : k}:${arg}`);
        else missing.push(`${role.toLowerCase()} ${ref.id}${ref.name ? ` (${ref.name})` : ''}`);
      }
    }
    events.push(`${eventId}\t${item.type}:${item.id}${args.map((x) => ` ${x}`).join('')}`);
    for (const [key, name, values] of [
      ['confidence', 'Confidence', CONFIDENCE_TERMS],
      ['reliability', 'Reliability', RELIABILITY],
      ['credibility', 'Credibility', CREDIBILITY],
    ] as const) {
      const value = tag.attributes[key];
      if (value && Object.prototype.hasOwnProperty.call(values, value)) attributes.push(`A${++a}\t${name} ${eventId} ${value}`);
    }
    const said: string[] = [];
    said.push(tag.id ? `tag ${tag.id}` : `tag at line ${tag.line}`);
    if (tag.kind === 'event' && tag.attributes.type) said.push(`type ${tag.attributes.type}`);
    const date = tag.event?.event_date || tag.attributes.date;
    if (date) said.push(`date ${date}`);
    if (tag.attributes.note) said.push(`note: ${tag.attributes.note}`);
    if (missing.length > 0) said.push(`not mentioned in the text: ${missing.join(', ')}`);
    // On the event, not its trigger: brat lets nothing but events refer to a trigger.
    notes.push(`#${++note}\tAnnotatorNotes ${eventId}\t${oneLine(said.join('; '))}`);
  }
  const ann = [...lines, ...events, ...attributes, ...normalizations, ...notes];
  return { txt: plain.text, ann: ann.length > 0 ? ann.join('\n') + '\n' : '' };
}

/** The event types brat must know: PLOVER, the registry's and every one used, each with its brat name. */
function eventTypeTable(registry: BratOptions['registry'], used: Iterable<string>): Map<string, string> {
  const table = new Map<string, string>();
  const taken = new Set<string>([CLAIM_TYPE, ...Object.values(ENTITY_TYPE_NAMES)].map((x) => x.toLowerCase()));
  const add = (id: string): void => {
    if (table.has(id) || id === '') return;
    let name = bratTypeName(id);
    for (let k = 2; taken.has(name.toLowerCase()); k++) name = `${bratTypeName(id)}_${k}`;
    taken.add(name.toLowerCase());
    table.set(id, name);
  };
  for (const id of Object.keys(PLOVER_EVENT_TYPES)) add(id);
  for (const t of registry?.eventTypes ?? []) add(t.id);
  for (const id of used) add(id);
  return table;
}

/** The first line of the annotation.conf we write: how a later export knows the folder is ours. */
export const BRAT_CONF_HEADER = '# Analyst Markup export: registry entity types, claims and events (SPEC §3). Written by';

/** What the writer knows of the target folder before writing into it. */
export interface BratTarget {
  /** The export's files (relative paths) that exist there already. */
  existing: ReadonlySet<string>;
  /** The folders inside the target (relative, `/`-separated, '' for the target itself) that hold documents being exported. */
  documentFolders: ReadonlySet<string>;
  /** The folder's annotation.conf starts with BRAT_CONF_HEADER (an earlier export). */
  earlierExport: boolean;
}

/**
 * Why the files must not be written into the target, if they must not: a `.txt` would land
 * beside the documents it comes from (the workspace folder picked as target: `a.txt` would
 * replace the tagged `a.txt`, and the workspace would gain copies of its texts), or the folder
 * holds files of the same names and is not an earlier export of ours, or a `.txt` there has no
 * `.ann` beside it (somebody's text, not one we wrote). Nothing is written then: nothing is lost.
 */
export function bratTargetProblem(files: readonly Pick<BratFile, 'path'>[], target: BratTarget): string | undefined {
  for (const f of files) {
    const slash = f.path.lastIndexOf('/');
    const folder = slash < 0 ? '' : f.path.slice(0, slash);
    if (f.path.endsWith('.txt') && target.documentFolders.has(folder)) {
      return `${f.path} would be written beside the documents it comes from: choose a folder of its own (say, brat/ in the workspace)`;
    }
  }
  for (const f of files) {
    if (!target.existing.has(f.path)) continue;
    if (!target.earlierExport) return `${f.path} exists there and the folder is not an earlier brat export: choose an empty folder`;
    // Even in an earlier export's folder, a .txt without its .ann is somebody's text, not ours.
    if (f.path.endsWith('.txt') && !target.existing.has(`${f.path.slice(0, -4)}.ann`))
      return `${f.path} exists there without its .ann: it is not from an earlier export; choose an empty folder`;
  }
  return undefined;
}

/** annotation.conf: entity types, Claim and the event types with their roles, the attributes. */
export function bratAnnotationConf(eventTypes: ReadonlyMap<string, string>): string {
  const entityTypes = Object.values(ENTITY_TYPE_NAMES);
  const lines = [
    BRAT_CONF_HEADER,
    '# analyst-markup export --format brat; edit freely, a new export overwrites it.',
    '',
    '[entities]',
    '',
    ...entityTypes,
    '',
    '[relations]',
    '',
    '# Mentions sit inside claims and events, claims hold events: any overlap is allowed.',
    '<OVERLAP>\tArg1:<ANY>, Arg2:<ANY>, <OVL-TYPE>:<ANY>',
    '',
    '[events]',
    '',
    `${CLAIM_TYPE}\tClaimant?:<ENTITY>, About*:<ENTITY>`,
    ...[...eventTypes.values()].map((name) => `${name}\tActor*:<ENTITY>, Target*:<ENTITY>, Place?:<ENTITY>`),
    '',
    '[attributes]',
    '',
    `Confidence\tArg:${CLAIM_TYPE}, Value:${Object.keys(CONFIDENCE_TERMS).join('|')}`,
    `Reliability\tArg:${CLAIM_TYPE}, Value:${Object.keys(RELIABILITY).join('|')}`,
    `Credibility\tArg:${CLAIM_TYPE}, Value:${Object.keys(CREDIBILITY).join('|')}`,
    'Resolution\tArg:<ENTITY>, Value:link|frontMatter|coreference|office|context|ambiguous',
    '',
  ];
  return lines.join('\n');
}

/** visual.conf: readable labels and one colour per entity type. */
export function bratVisualConf(eventTypes: ReadonlyMap<string, string>): string {
  const lines = ['[labels]', '', ...Object.values(ENTITY_TYPE_NAMES).map((t) => `${t} | ${t} | ${t.slice(0, 3)}`), `${CLAIM_TYPE} | Claim`];
  for (const [id, name] of eventTypes) lines.push(`${name} | ${oneLine(id).replace(/\|/g, '/')}`);
  lines.push('', '[drawing]', '');
  for (const [type, colour] of Object.entries(ENTITY_COLOURS)) lines.push(`${type}\tbgColor:${colour}`);
  lines.push(
    `${CLAIM_TYPE}\tbgColor:#ffd9e6`,
    'SPAN_DEFAULT\tfgColor:black, bgColor:lightgreen, borderColor:darken',
    'ARC_DEFAULT\tcolor:black, arrowHead:triangle-5',
    'ATTRIBUTE_DEFAULT\tglyph:*',
    '',
  );
  return lines.join('\n');
}

/** tools.conf: the Wikidata normalisation links. */
export const BRAT_TOOLS_CONF = ['[normalization]', '', 'Wikidata\t<URL>:https://www.wikidata.org/, <URLBASE>:https://www.wikidata.org/wiki/%s', ''].join('\n');

/** The brat files for `documents` (see the top of this file). */
export function exportBrat(documents: Iterable<TagDocument>, options: BratOptions = {}): BratExport {
  const docs = [...documents];
  const tagged = new Map(collectDocumentTags(docs, { entities: options.entities ?? options.registry?.entities }).map((d) => [d.document, d]));
  const used: string[] = [];
  for (const d of tagged.values()) for (const { tag } of d.tags) if (tag.kind === 'event' && tag.attributes.type) used.push(tag.attributes.type);
  const eventTypes = eventTypeTable(options.registry, used);
  const results: { document: TagDocument; txt: string; ann: string }[] = [];
  const tags: ExportedTag[] = [];
  let errorCount = 0;
  for (const doc of docs) {
    const t = tagged.get(doc);
    if (t) {
      errorCount += t.errorCount;
      for (const entry of t.tags) tags.push(entry.tag);
    }
    // Like the other formats, the export holds the documents with claims or events.
    if (!t || t.tags.length === 0) continue;
    const { txt, ann } = annotate(doc, t.tags, t.spans, options, eventTypes);
    results.push({ document: doc, txt, ann });
  }
  const names = bratNames(results.map((r) => r.document.path));
  const files: BratFile[] = [
    { path: 'annotation.conf', content: bratAnnotationConf(eventTypes) },
    { path: 'visual.conf', content: bratVisualConf(eventTypes) },
    { path: 'tools.conf', content: BRAT_TOOLS_CONF },
  ];
  results.forEach((r, k) => {
    files.push({ path: `${names[k]}.txt`, content: r.txt }, { path: `${names[k]}.ann`, content: r.ann });
  });
  return { files, tags, errorCount, documents: results.map((r, k) => ({ document: r.document.path, name: names[k] })) };
}
