// Claims and events of a set of documents as data (SPEC §3, §4 `analystMarkup.exportTags`, §8
// `analyst-markup export`): one record per tag, as CSV (RFC 4180) or JSON. Shared by the CLI and
// the VS Code command. Pure core: no `vscode`, no Node built-ins.
//
//   const tags = collectTags([{ path: 'notes/a.md', text }], { entities: registry.entities });
//   const csv = formatTagsCsv(tags);      // or formatTagsJson(tags)
//   // or in one step: exportTags(documents, { format: 'csv', entities: registry.entities })
//
// Event records carry ACLED-like columns as well: event_date (the tag's `date`, else the
// document's own date from its front matter or a dated line, never "today"), event_type,
// actor1 / assoc_actor_1 (first / other `actors`), actor2 / assoc_actor_2 (first / other
// `targets`), location (`place`) and notes (`note`, else the tagged text). Entity IDs are
// resolved to their registry names; an unknown ID stays as written.

import { findDocumentDate } from './documentDate';
import { AssertionKind, ENTITY_ATTRIBUTES, ENTITY_LIST_ATTRIBUTES, entityIdList, paragraphBreakIn, parseMarkup, TagSpan } from './markup';
import { markdownLayout, MarkdownLayout } from './markdownLayout';
import { plainText } from './plainText';
import { LineIndex } from './sourceText';

export interface TagDocument {
  /** How the document is named in the output: a workspace-relative path or a URI string. */
  path: string;
  text: string;
  /** The document's absolute URI, where the output links to it (W3C `source`); else `path` is used. */
  uri?: string;
}

/** Whatever maps entity IDs to entities: `Registry.entities` fits. */
export interface EntityNames {
  get(id: string): { name: string; type?: string; wikidata?: string } | undefined;
}

export interface ExportedEntityRef {
  /** The attribute the ID came from: by, about, actors, targets or place. */
  attribute: string;
  id: string;
  /** The registry name; undefined when the ID is not in the registry. */
  name?: string;
  /** The entity's Wikidata QID, when the registry has one. */
  wikidata?: string;
}

export interface ExportedTag {
  document: string;
  kind: AssertionKind;
  /** The `#id`; empty when the tag has none. */
  id: string;
  /** 1-based line and column (UTF-16 code units) of the tag's `[`, and of its end. */
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  /** The tagged text as written: nested tags' markup, block-quote markers and Pandoc escapes removed, white space collapsed. */
  text: string;
  /** The plain reading text, as Pandoc renders it: emphasis markers, link targets, footnote references and HTML go, entities and escapes are read (plainText.ts). */
  plainText: string;
  /** The `#id` of the enclosing tag, for a nested one. */
  parent?: string;
  /** Every attribute (first value of each key), in source order. */
  attributes: Record<string, string>;
  /** Entity IDs of by / about / actors / targets / place, resolved. */
  entities: ExportedEntityRef[];
  /** The tag or its enclosing tags have error diagnostics (see `analyst-markup check`). */
  hasErrors: boolean;
  /** Events only: ACLED-like fields. */
  event?: ExportedEventFields;
}

export interface ExportedEventFields {
  event_date: string;
  /** Where event_date came from. */
  event_date_source: 'tag' | 'document' | 'none';
  event_type: string;
  actor1: string;
  assoc_actor_1: string;
  actor2: string;
  assoc_actor_2: string;
  location: string;
  notes: string;
}

export interface CollectTagsOptions {
  entities?: EntityNames;
}

export interface CollectTagsResult {
  tags: ExportedTag[];
  /** Number of error diagnostics met in the documents' markup. */
  errorCount: number;
}

/** The tagged text of `span`: its content without the markup of nested tags, unescaped, on one line. */
export function taggedText(text: string, spans: readonly TagSpan[], index: number, quoteMarks?: ReadonlyArray<readonly [number, number]>): string {
  return taggedSource(text, spans, index, quoteMarks)
    .replace(/\\([!-/:-@[-`{-~])/g, '$1')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * The source of `span`'s text: its content without the markup of nested tags and without the
 * block-quote markers (`quoteMarks`, from markdownLayout) at the starts of its lines.
 */
export function taggedSource(
  text: string,
  spans: readonly TagSpan[],
  index: number,
  quoteMarks: ReadonlyArray<readonly [number, number]> = [],
  until?: number,
): string {
  const span = until === undefined ? spans[index] : { ...spans[index], contentEnd: until };
  const cuts: [number, number][] = [];
  let lo = 0;
  let hi = quoteMarks.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (quoteMarks[mid][0] < span.contentStart) lo = mid + 1;
    else hi = mid;
  }
  for (let k = lo; k < quoteMarks.length && quoteMarks[k][1] <= span.contentEnd; k++) cuts.push([quoteMarks[k][0], quoteMarks[k][1]]);
  for (let k = index + 1; k < spans.length && spans[k].start < span.contentEnd; k++) {
    const inner = spans[k];
    if (inner.end > span.contentEnd) continue;
    cuts.push([inner.start, inner.contentStart], [inner.contentEnd, inner.end]);
  }
  cuts.sort((a, b) => a[0] - b[0]);
  let out = '';
  let last = span.contentStart;
  for (const [start, end] of cuts) {
    if (start < last) continue;
    out += text.slice(last, start);
    last = end;
  }
  out += text.slice(last, span.contentEnd);
  return out;
}

/** The plain reading text of `spans[index]` as Pandoc renders it (plainText.ts); `layout` is markdownLayout(text). */
export function spanPlainText(text: string, spans: readonly TagSpan[], index: number, layout: MarkdownLayout = markdownLayout(text)): string {
  const span = spans[index];
  // Over a paragraph break Pandoc reads only the text before it (parseMarkup reports this).
  const cut = paragraphBreakIn(layout, span.contentStart, span.contentEnd);
  return plainText(taggedSource(text, spans, index, layout.quoteMarks, cut));
}

function nameOf(id: string, entities: EntityNames | undefined): string {
  return entities?.get(id)?.name ?? id;
}

/** Every claim and event of `documents`, in document order. Never throws on bad markup. */
export function collectTags(documents: Iterable<TagDocument>, options: CollectTagsOptions = {}): CollectTagsResult {
  const tags: ExportedTag[] = [];
  let errorCount = 0;
  for (const doc of collectDocumentTags(documents, options)) {
    errorCount += doc.errorCount;
    for (const entry of doc.tags) tags.push(entry.tag);
  }
  return { tags, errorCount };
}

/** One document's claims and events with the spans they come from (for exports that need offsets). */
export interface DocumentTags {
  document: TagDocument;
  /** Every tag of the document as parsed (links and broken tags too). */
  spans: TagSpan[];
  /** Claims and events in document order, each with its span. */
  tags: { tag: ExportedTag; span: TagSpan }[];
  /** Error diagnostics met in the document's markup. */
  errorCount: number;
}

/** collectTags, document by document, keeping each tag's span. Documents without markup are left out. */
export function collectDocumentTags(documents: Iterable<TagDocument>, options: CollectTagsOptions = {}): DocumentTags[] {
  const out: DocumentTags[] = [];
  for (const doc of documents) {
    const tags: DocumentTags['tags'] = [];
    let errorCount = 0;
    const { spans, diagnostics } = parseMarkup(doc.text);
    if (spans.length === 0 && diagnostics.length === 0) continue;
    out.push({ document: doc, spans, tags, errorCount: 0 });
    const spansWithErrors = new Set<number>();
    for (const d of diagnostics) {
      if (d.severity !== 'error') continue;
      errorCount++;
      if (d.span !== undefined) spansWithErrors.add(d.span);
    }
    const lines = new LineIndex(doc.text);
    let layout: MarkdownLayout | undefined;
    let documentDate: string | undefined | null = null; // computed on the first event that needs it
    spans.forEach((span, index) => {
      // Links say who a mention is; they are not claims or events.
      if (!span.kind || span.kind === 'ref') return;
      const start = lines.position(span.start);
      const end = lines.position(span.end);
      const attributes: Record<string, string> = {};
      // Defined, not assigned: an attribute named `__proto__` is kept as data, not dropped.
      for (const a of span.attributeList) {
        if (!Object.prototype.hasOwnProperty.call(attributes, a.key))
          Object.defineProperty(attributes, a.key, { value: a.value, enumerable: true, writable: true, configurable: true });
      }
      const entities: ExportedEntityRef[] = [];
      const refKeys = [...ENTITY_ATTRIBUTES[span.kind], ...ENTITY_LIST_ATTRIBUTES[span.kind]];
      for (const a of span.attributeList) {
        if (!refKeys.includes(a.key) || attributes[a.key] !== a.value) continue;
        for (const id of entityIdList(a.value)) {
          const entity = options.entities?.get(id);
          entities.push(
            entity
              ? { attribute: a.key, id, name: entity.name, ...(entity.wikidata !== undefined ? { wikidata: entity.wikidata } : {}) }
              : { attribute: a.key, id },
          );
        }
      }
      let hasErrors = false;
      for (let k: number | undefined = index; k !== undefined; k = spans[k].parent) if (spansWithErrors.has(k)) hasErrors = true;
      layout ??= markdownLayout(doc.text);
      const source = taggedSource(doc.text, spans, index, layout.quoteMarks);
      const text = source
        .replace(/\\([!-/:-@[-`{-~])/g, '$1')
        .replace(/\s+/g, ' ')
        .trim();
      const tag: ExportedTag = {
        document: doc.path,
        kind: span.kind,
        id: span.id ?? '',
        line: start.line + 1,
        column: start.character + 1,
        endLine: end.line + 1,
        endColumn: end.character + 1,
        text,
        plainText: spanPlainText(doc.text, spans, index, layout),
        attributes,
        entities,
        hasErrors,
      };
      if (span.parent !== undefined && spans[span.parent].id) tag.parent = spans[span.parent].id;
      if (span.kind === 'event') {
        const actors = entityIdList(attributes.actors ?? '').map((id) => nameOf(id, options.entities));
        const targets = entityIdList(attributes.targets ?? '').map((id) => nameOf(id, options.entities));
        let eventDate = attributes.date ?? '';
        let source: ExportedEventFields['event_date_source'] = eventDate ? 'tag' : 'none';
        if (!eventDate) {
          if (documentDate === null) {
            const found = findDocumentDate(doc.text);
            documentDate = found.source === 'today' ? undefined : found.date.text;
          }
          if (documentDate) {
            eventDate = documentDate;
            source = 'document';
          }
        }
        tag.event = {
          event_date: eventDate,
          event_date_source: source,
          event_type: attributes.type ?? '',
          actor1: actors[0] ?? '',
          assoc_actor_1: actors.slice(1).join('; '),
          actor2: targets[0] ?? '',
          assoc_actor_2: targets.slice(1).join('; '),
          location: attributes.place ? nameOf(attributes.place.trim(), options.entities) : '',
          notes: attributes.note ?? text,
        };
      }
      tags.push({ tag, span });
    });
    out[out.length - 1].errorCount = errorCount;
  }
  return out;
}

/** The CSV columns, in order. */
export const TAG_CSV_COLUMNS = Object.freeze([
  'document',
  'line',
  'column',
  'kind',
  'id',
  'parent',
  'text',
  'attributes',
  'entities',
  'event_date',
  'event_type',
  'actor1',
  'assoc_actor_1',
  'actor2',
  'assoc_actor_2',
  'location',
  'notes',
  // Added in 0.2: the Wikidata QIDs of the entities column, grouped the same way.
  'wikidata',
  'plain_text',
] as const);

/** One CSV field per RFC 4180: quoted when it holds a comma, a quote or a line break. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/**
 * A cell a spreadsheet would run as a formula (it starts with `=`, `+`, `-`, `@`, a tab or a
 * carriage return: CSV injection, OWASP) gets a leading single quote, so Excel, LibreOffice and
 * Google Sheets show it as text. Tagged text and attributes come from anyone's documents.
 */
export function guardCsvFormula(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** The UTF-8 byte order mark: Excel reads a CSV file as UTF-8 (Arabic, Persian) only with it. */
export const CSV_BOM = '\uFEFF';

/** `key=value` pairs as written in the tag (values with spaces quoted), separated by spaces. */
function attributesText(attributes: Record<string, string>): string {
  return Object.entries(attributes)
    .map(([k, v]) => (v === '' || /[\s"]/.test(v) ? `${k}="${v.replace(/(["\\])/g, '\\$1')}"` : `${k}=${v}`))
    .join(' ');
}

/** Resolved entities, grouped by attribute: `by: Ali Larijani; about: Iran, Iraq`. */
function entitiesText(refs: readonly ExportedEntityRef[]): string {
  const groups = new Map<string, string[]>();
  for (const ref of refs) {
    let list = groups.get(ref.attribute);
    if (!list) groups.set(ref.attribute, (list = []));
    list.push(ref.name ?? `${ref.id} (unknown)`);
  }
  return [...groups].map(([attribute, names]) => `${attribute}: ${names.join(', ')}`).join('; ');
}

/** QIDs of the resolved entities that have one, grouped by attribute: `by: Q123; about: Q794, Q796`. */
function wikidataText(refs: readonly ExportedEntityRef[]): string {
  const groups = new Map<string, string[]>();
  for (const ref of refs) {
    if (ref.wikidata === undefined) continue;
    let list = groups.get(ref.attribute);
    if (!list) groups.set(ref.attribute, (list = []));
    list.push(ref.wikidata);
  }
  return [...groups].map(([attribute, qids]) => `${attribute}: ${qids.join(', ')}`).join('; ');
}

/** The CSV row values of one tag, in TAG_CSV_COLUMNS order. */
export function tagCsvRow(tag: ExportedTag): string[] {
  const e = tag.event;
  return [
    tag.document,
    String(tag.line),
    String(tag.column),
    tag.kind,
    tag.id,
    tag.parent ?? '',
    tag.text,
    attributesText(tag.attributes),
    entitiesText(tag.entities),
    e?.event_date ?? '',
    e?.event_type ?? '',
    e?.actor1 ?? '',
    e?.assoc_actor_1 ?? '',
    e?.actor2 ?? '',
    e?.assoc_actor_2 ?? '',
    e?.location ?? '',
    e?.notes ?? '',
    wikidataText(tag.entities),
    tag.plainText,
  ];
}

/**
 * CSV (RFC 4180: CRLF line ends, header row, quoted fields as needed), starting with a UTF-8 byte
 * order mark, every cell guarded against formula injection (guardCsvFormula).
 */
export function formatTagsCsv(tags: readonly ExportedTag[]): string {
  const rows = [
    TAG_CSV_COLUMNS.join(','),
    ...tags.map((t) =>
      tagCsvRow(t)
        .map((cell) => csvField(guardCsvFormula(cell)))
        .join(','),
    ),
  ];
  return CSV_BOM + rows.join('\r\n') + '\r\n';
}

/** JSON: `{ "format": "analyst-markup-tags", "version": 1, "tags": [ … ] }`, pretty-printed. */
export function formatTagsJson(tags: readonly ExportedTag[]): string {
  return JSON.stringify({ format: 'analyst-markup-tags', version: 1, tags }, null, 2) + '\n';
}

export type TagExportFormat = 'csv' | 'json';

/** Collects and formats in one step; `errorCount` counts markup errors met (the export still goes on). */
export function exportTags(
  documents: Iterable<TagDocument>,
  options: CollectTagsOptions & { format: TagExportFormat },
): { content: string; tags: ExportedTag[]; errorCount: number } {
  const { tags, errorCount } = collectTags(documents, options);
  const content = options.format === 'json' ? formatTagsJson(tags) : formatTagsCsv(tags);
  return { content, tags, errorCount };
}
