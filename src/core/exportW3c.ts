// Claims and events as W3C Web Annotations (https://www.w3.org/TR/annotation-model/): one
// JSON-LD AnnotationCollection, its one AnnotationPage embedded as `first`, one Annotation per
// claim and event. Used by `analyst-markup export --format w3c` and `exportTags { format: "w3c" }`.
// Pure core.
//
// Each annotation:
// - `id`: urn:analyst-markup:tag:<tag id> (tag ids are unique in a workspace, so a re-export keeps
//   them); a tag without `#id` gets urn:analyst-markup:tag:<document>:<line>:<column>.
// - `target`: a SpecificResource whose `source` is the document (its URI when the caller knows
//   it, else its workspace-relative path, a relative IRI reference), with a TextQuoteSelector
//   (`exact` plus up to 32 code points of `prefix` and `suffix`) and a TextPositionSelector.
//   Both count in the document's plain text (textWithoutMarkup.ts: the tag markup and its escapes removed,
//   line ends as LF), the text as the model wants it "normalized" (§4.2.4: markup removed), in
//   Unicode code points (§4.2.4, §4.2.5): an emoji counts 1, not the 2 UTF-16 units an editor
//   counts. The plain text is the brat export's .txt, byte for byte.
// - `body`: a describing TextualBody (a sentence an annotation client can show), a tagging
//   TextualBody "claim" or "event", a classifying TextualBody with the event type, one identifying
//   SpecificResource per entity the tag names (its `source` the entity's Wikidata concept URI
//   http://www.wikidata.org/entity/Q… when the registry has `wikidata`, else
//   urn:analyst-markup:entity:<id>), and an assessing TextualBody per grade (confidence,
//   reliability, credibility).
// - What the model has no term for is in our own vocabulary, prefix `am:` =
//   urn:analyst-markup:vocab: (a second @context entry after the model's, as §6 allows): the
//   entity's role (`am:role`: claimant, about, actor, target, place), its registry id
//   (`am:entity`), the grade's scale (`am:scale`), and on the annotation `am:tagId`, `am:kind`,
//   `am:eventType`, `am:date`, `am:parent`, `am:document`.

import { collectDocumentTags, CollectTagsOptions, DocumentTags, EntityNames, ExportedTag, TagDocument } from './exportTags';
import { CONFIDENCE_TERMS, CREDIBILITY, RELIABILITY } from './markup';
import { codePointsAfter, codePointsBefore, CodePoints, textWithoutMarkup } from './textWithoutMarkup';

export const ANNOTATION_CONTEXT = 'http://www.w3.org/ns/anno.jsonld';
/** Our vocabulary for what the model has no term for. */
export const VOCABULARY = 'urn:analyst-markup:vocab:';
/** How many code points of prefix and suffix a TextQuoteSelector carries. */
export const QUOTE_CONTEXT = 32;

export interface W3cOptions extends CollectTagsOptions {
  /** The collection's IRI: the export file's URI when known. */
  collectionId?: string;
}

export interface W3cTextQuoteSelector {
  type: 'TextQuoteSelector';
  exact: string;
  prefix: string;
  suffix: string;
}

export interface W3cTextPositionSelector {
  type: 'TextPositionSelector';
  start: number;
  end: number;
}

export interface W3cTextualBody {
  type: 'TextualBody';
  purpose: 'describing' | 'tagging' | 'classifying' | 'assessing';
  value: string;
  format?: 'text/plain';
  'am:scale'?: 'confidence' | 'reliability' | 'credibility';
}

export interface W3cEntityBody {
  type: 'SpecificResource';
  purpose: 'identifying';
  source: { id: string; label?: string; 'am:entity': string };
  'am:role': string;
}

export interface W3cAnnotation {
  id: string;
  type: 'Annotation';
  motivation: 'classifying';
  body: (W3cTextualBody | W3cEntityBody)[];
  target: { type: 'SpecificResource'; source: string; selector: [W3cTextQuoteSelector, W3cTextPositionSelector] };
  'am:kind': 'claim' | 'event';
  'am:tagId'?: string;
  'am:eventType'?: string;
  'am:date'?: string;
  'am:parent'?: string;
  'am:document': string;
}

/**
 * Our @context entry: the `am:` prefix, and `assessing` (a Motivation of the model, §3.3.5, that
 * copies of anno.jsonld from before 2021 lack: w3c/web-annotation#444), so that every JSON-LD
 * processor reads `"purpose": "assessing"` as oa:assessing.
 */
export const EXTENSION_CONTEXT = Object.freeze({ am: VOCABULARY, assessing: 'http://www.w3.org/ns/oa#assessing' });

export interface W3cCollection {
  '@context': [typeof ANNOTATION_CONTEXT, typeof EXTENSION_CONTEXT];
  id: string;
  type: 'AnnotationCollection';
  label: string;
  total: number;
  first?: { id: string; type: 'AnnotationPage'; startIndex: 0; items: W3cAnnotation[] };
  last?: string;
}

const ROLES: Readonly<Record<string, string>> = { by: 'claimant', about: 'about', actors: 'actor', targets: 'target', place: 'place' };

/** The IRI the export gives an entity: its Wikidata concept URI, else ours. */
export function entityIri(id: string, entities: EntityNames | undefined): string {
  const qid = entities?.get(id)?.wikidata;
  return qid && /^Q[1-9][0-9]*$/.test(qid) ? `http://www.wikidata.org/entity/${qid}` : `urn:analyst-markup:entity:${encodeURIComponent(id)}`;
}

/** The annotation IRI of a tag. */
export function tagIri(tag: Pick<ExportedTag, 'id' | 'document' | 'line' | 'column'>): string {
  return tag.id
    ? `urn:analyst-markup:tag:${encodeURIComponent(tag.id)}`
    : `urn:analyst-markup:tag:${encodeURIComponent(tag.document)}:${tag.line}:${tag.column}`;
}

function describe(tag: ExportedTag): string {
  const names = (attribute: string): string =>
    tag.entities
      .filter((e) => e.attribute === attribute)
      .map((e) => e.name ?? e.id)
      .join(', ');
  const a = tag.attributes;
  const parts: string[] = [];
  if (tag.kind === 'claim') {
    parts.push(`Claim${a.by ? ` by ${names('by')}` : ''}${a.about ? ` about ${names('about')}` : ''}`);
  } else {
    let what = `Event: ${a.type ?? 'no type'}`;
    if (a.actors) what += `, actors ${names('actors')}`;
    if (a.targets) what += `, targets ${names('targets')}`;
    if (a.place) what += `, in ${names('place')}`;
    parts.push(what);
  }
  const date = tag.event?.event_date || a.date;
  if (date) parts.push(`date ${date}`);
  if (a.confidence)
    parts.push(
      `confidence ${a.confidence}${Object.prototype.hasOwnProperty.call(CONFIDENCE_TERMS, a.confidence) ? ` (${CONFIDENCE_TERMS[a.confidence]})` : ''}`,
    );
  if (a.reliability)
    parts.push(
      `source reliability ${a.reliability}${Object.prototype.hasOwnProperty.call(RELIABILITY, a.reliability) ? ` (${RELIABILITY[a.reliability]})` : ''}`,
    );
  if (a.credibility)
    parts.push(
      `information credibility ${a.credibility}${Object.prototype.hasOwnProperty.call(CREDIBILITY, a.credibility) ? ` (${CREDIBILITY[a.credibility]})` : ''}`,
    );
  if (a.note) parts.push(`note: ${a.note.replace(/\s+/g, ' ').trim()}`);
  return parts.join('; ') + '.';
}

/** The annotations of one document's tags. */
export function documentAnnotations(doc: DocumentTags, entities: EntityNames | undefined): W3cAnnotation[] {
  const plain = textWithoutMarkup(doc.document.text, doc.spans);
  const points = new CodePoints(plain.text);
  const source = doc.document.uri ?? doc.document.path;
  return doc.tags.map(({ tag, span }) => {
    const start = plain.toPlain(span.contentStart);
    const end = plain.toPlain(span.contentEnd);
    const body: W3cAnnotation['body'] = [
      { type: 'TextualBody', purpose: 'describing', format: 'text/plain', value: describe(tag) },
      { type: 'TextualBody', purpose: 'tagging', value: tag.kind },
    ];
    if (tag.kind === 'event' && tag.attributes.type) body.push({ type: 'TextualBody', purpose: 'classifying', value: tag.attributes.type });
    for (const ref of tag.entities) {
      const resource: W3cEntityBody['source'] = { id: entityIri(ref.id, entities), 'am:entity': ref.id };
      if (ref.name !== undefined) resource.label = ref.name;
      body.push({ type: 'SpecificResource', purpose: 'identifying', source: resource, 'am:role': ROLES[ref.attribute] ?? ref.attribute });
    }
    for (const scale of ['confidence', 'reliability', 'credibility'] as const) {
      const value = tag.attributes[scale];
      if (value) body.push({ type: 'TextualBody', purpose: 'assessing', value, 'am:scale': scale });
    }
    const annotation: W3cAnnotation = {
      id: tagIri(tag),
      type: 'Annotation',
      motivation: 'classifying',
      body,
      target: {
        type: 'SpecificResource',
        source,
        selector: [
          {
            type: 'TextQuoteSelector',
            exact: plain.text.slice(start, end),
            prefix: codePointsBefore(plain.text, start, QUOTE_CONTEXT),
            suffix: codePointsAfter(plain.text, end, QUOTE_CONTEXT),
          },
          { type: 'TextPositionSelector', start: points.of(start), end: points.of(end) },
        ],
      },
      'am:kind': tag.kind,
      'am:document': tag.document,
    };
    if (tag.id) annotation['am:tagId'] = tag.id;
    if (tag.kind === 'event' && tag.attributes.type) annotation['am:eventType'] = tag.attributes.type;
    const date = tag.event?.event_date || tag.attributes.date;
    if (date) annotation['am:date'] = date;
    if (tag.parent) annotation['am:parent'] = `urn:analyst-markup:tag:${encodeURIComponent(tag.parent)}`;
    return annotation;
  });
}

/** The collection of every claim and event of `documents`. */
export function w3cCollection(
  documents: Iterable<TagDocument>,
  options: W3cOptions = {},
): { collection: W3cCollection; tags: ExportedTag[]; errorCount: number } {
  const id = options.collectionId ?? 'urn:analyst-markup:collection:claims-and-events';
  const items: W3cAnnotation[] = [];
  const tags: ExportedTag[] = [];
  let errorCount = 0;
  for (const doc of collectDocumentTags(documents, options)) {
    errorCount += doc.errorCount;
    for (const annotation of documentAnnotations(doc, options.entities)) items.push(annotation);
    for (const entry of doc.tags) tags.push(entry.tag);
  }
  const collection: W3cCollection = {
    '@context': [ANNOTATION_CONTEXT, EXTENSION_CONTEXT],
    id,
    type: 'AnnotationCollection',
    label: 'Claims and events (Analyst Markup)',
    total: items.length,
  };
  // §5.2: a page holds 1 or more annotations, so an empty collection has none.
  if (items.length > 0) {
    const page = `${id}${id.includes('#') ? '-' : '#'}page1`;
    collection.first = { id: page, type: 'AnnotationPage', startIndex: 0, items };
    collection.last = page;
  }
  return { collection, tags, errorCount };
}

/** The collection as JSON-LD text. */
export function formatTagsW3c(documents: Iterable<TagDocument>, options: W3cOptions = {}): { content: string; tags: ExportedTag[]; errorCount: number } {
  const { collection, tags, errorCount } = w3cCollection(documents, options);
  return { content: JSON.stringify(collection, null, 2) + '\n', tags, errorCount };
}
