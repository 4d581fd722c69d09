// The registry and the tagged documents as FollowTheMoney entities, one JSON object a line, as
// Aleph ingests them (`alephclient write-entities`, `ftm` tools) (SPEC §4 format "ftm", §8
// `export --format ftm`). Pure core: no `vscode`, no Node built-ins.
//
//   person → Person; organization → Organization; state → PublicBody (FtM has no schema for a
//   country: it writes countries as codes); place → Address; position → Position
//   (`organization`: its `of`); other → LegalEntity. name, aliases → name, alias; wikidata →
//   wikidataId; summary; tags → topics (FtM topic names) or keywords; links → wikipediaUrl or
//   sourceUrl.
//   A role with a `post` → Occupancy (holder, post, startDate, endDate); a role held in an
//   organisation → Membership with the title as `role`; another role of a person → Occupancy of a
//   Position named by the title. An affiliation → Membership (of an organisation) or UnknownLink.
//   Each document with tags or mentions → PlainText; each entity it mentions → Mention (people
//   and organisations: `resolved`) or Documentation (positions, places); each event → Event
//   (involved, date, location, addressEntity, proof); each claim → Documentation of the claimant
//   (role "claimant", the claim as summary) and of what it is about.
//
// Ids are stable: an entity's imported FtM id (`ftm`) when it has one, else `am-<id>`; the
// others derive from our ids (a tag's `#id`, a document's path) through a fixed hash.

import { collectTags, TagDocument } from './exportTags';
import { findDocumentDate } from './documentDate';
import { normaliseName } from './charTables';
import { findMentions } from './mentions';
import { entityIdList } from './markup';
import type { Registry } from './registry';
import type { EntityType, Role } from './types';

/** One FtM entity as Aleph reads it. */
export interface FtmEntity {
  id: string;
  schema: string;
  properties: Record<string, string[]>;
}

export interface FtmExportResult {
  /** JSON lines. */
  content: string;
  entities: FtmEntity[];
  /** Claims and events exported. */
  claims: number;
  events: number;
  documents: number;
  /** What could not be said in FtM (a role of a place…), one line each. */
  notes: string[];
  /** Error diagnostics met in the documents' markup (the export still goes on). */
  errorCount: number;
}

/** A 53-bit hash of a text as 14 hex digits (cyrb53): a fingerprint to notice edits, not a secret. */
export function ftmHash(text: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  const value = 4294967296 * (2097151 & h2) + (h1 >>> 0);
  return value.toString(16).padStart(14, '0');
}

const SCHEMA_OF: Record<EntityType, string> = {
  person: 'Person',
  organization: 'Organization',
  state: 'PublicBody',
  place: 'Address',
  position: 'Position',
  other: 'LegalEntity',
};

/** FtM's topic names (its `topic` type); other tags become keywords. */
const FTM_TOPICS = new Set(
  (
    'asset.frozen corp.disqual corp.offshore corp.public corp.shell crime crime.boss crime.cyber crime.env crime.fin crime.fraud crime.terror ' +
    'crime.theft crime.traffick crime.traffick.drug crime.traffick.human crime.war debarment export.control export.risk fin fin.adivsor fin.bank ' +
    'fin.fund forced.labor gov gov.admin gov.executive gov.financial gov.head gov.igo gov.judicial gov.legislative gov.muni gov.national ' +
    'gov.security gov.soe gov.state mil poi pol.party pol.union reg.action reg.warn rel role.acct role.act role.civil role.diplo role.journo ' +
    'role.judge role.lawyer role.lobby role.oligarch role.pep role.pol role.rca role.spy sanction sanction.counter sanction.linked wanted'
  ).split(' '),
);

const LEGAL_ENTITY = new Set(['Person', 'Organization', 'PublicBody', 'LegalEntity']);
const ORGANIZATION = new Set(['Organization', 'PublicBody']);
const FTM_DATE = /^\d{4}(-\d{2}(-\d{2})?)?$/;
/** FtM's longest `name` and `string` values are 380 and 1024 characters: longer text is cut. */
const MAX_NAME = 380;

function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  const chars = [...text];
  return chars.length <= max ? text : chars.slice(0, max - 1).join('') + '…';
}

function baseName(path: string): string {
  const slash = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return slash >= 0 ? path.slice(slash + 1) : path;
}

class Writer {
  readonly entities: FtmEntity[] = [];
  private readonly ids = new Set<string>();

  add(id: string, schema: string, properties: Record<string, (string | undefined)[]>): FtmEntity | undefined {
    if (this.ids.has(id)) return undefined;
    this.ids.add(id);
    const clean: Record<string, string[]> = {};
    for (const [key, list] of Object.entries(properties)) {
      const kept = [...new Set(list.filter((v): v is string => v !== undefined && v.trim() !== ''))];
      if (kept.length > 0) clean[key] = kept;
    }
    const entity = { id, schema, properties: clean };
    this.entities.push(entity);
    return entity;
  }
}

/** Registry + tagged documents → FtM JSON lines. */
export function exportFtm(registry: Registry, documents: Iterable<TagDocument>): FtmExportResult {
  const writer = new Writer();
  const notes: string[] = [];
  const entities = registry.entities;

  // Each entity's FtM id: its imported one where no other entity took it first.
  const ftmIds = new Map<string, string>();
  const usedFtm = new Set<string>();
  for (const entity of entities.values()) {
    const imported = entity.ftm?.find((id) => !usedFtm.has(id));
    const id = imported ?? `am-${entity.id}`;
    usedFtm.add(id);
    ftmIds.set(entity.id, id);
  }
  const schemaOf = (id: string): string | undefined => {
    const entity = entities.get(id);
    return entity ? SCHEMA_OF[entity.type] : undefined;
  };
  const ref = (id: string | undefined): string | undefined => (id === undefined ? undefined : ftmIds.get(id));

  for (const entity of entities.values()) {
    const schema = SCHEMA_OF[entity.type];
    const wikipedia = entity.links.filter((l) => /^https?:\/\/[a-z-]+\.(m\.)?wikipedia\.org\//i.test(l));
    const properties: Record<string, (string | undefined)[]> = {
      name: [cut(entity.name, MAX_NAME)],
      alias: entity.aliases.map((a) => cut(a.text, MAX_NAME)).filter((a) => a !== entity.name),
      summary: [entity.summary],
      wikidataId: [entity.wikidata],
      topics: entity.tags.filter((t) => FTM_TOPICS.has(t)),
      keywords: entity.tags.filter((t) => !FTM_TOPICS.has(t)).map((t) => cut(t, 1024)),
      wikipediaUrl: wikipedia,
      sourceUrl: entity.links.filter((l) => !wikipedia.includes(l)),
    };
    if (schema === 'Address') properties.full = [cut(entity.name, MAX_NAME)];
    if (schema === 'Position' && entity.of !== undefined) {
      if (ORGANIZATION.has(schemaOf(entity.of) ?? '')) properties.organization = [ref(entity.of)];
      else notes.push(`${entity.id}: the office's body \`${entity.of}\` is not an organisation in FtM; left out`);
    }
    writer.add(ftmIds.get(entity.id)!, schema, properties);
  }

  // Roles and affiliations.
  const dates = (role: Role): { startDate: string[]; endDate: string[] } => ({
    startDate: role.from ? [role.from.text] : [],
    endDate: role.to ? [role.to.text] : [],
  });
  for (const entity of entities.values()) {
    const holder = ftmIds.get(entity.id)!;
    const holderSchema = SCHEMA_OF[entity.type];
    for (const role of entity.roles) {
      const key = `${role.post ?? ''}|${role.title}|${role.of ?? ''}|${role.from?.text ?? ''}|${role.to?.text ?? ''}`;
      const id = `am-${entity.id}-role-${ftmHash(key)}`;
      const post = role.post !== undefined && entities.get(role.post)?.type === 'position' ? ref(role.post) : undefined;
      const of = role.of !== undefined && ORGANIZATION.has(schemaOf(role.of) ?? '') ? ref(role.of) : undefined;
      if (post !== undefined && holderSchema === 'Person') {
        writer.add(id, 'Occupancy', { holder: [holder], post: [post], ...dates(role) });
      } else if (of !== undefined && LEGAL_ENTITY.has(holderSchema)) {
        writer.add(id, 'Membership', { member: [holder], organization: [of], role: [cut(role.title, 1024)], ...dates(role) });
      } else if (holderSchema === 'Person') {
        // A title of its own: the Position it names, shared by everyone who held it.
        const positionId = `am-position-${ftmHash(`${role.title}|${role.of ?? ''}`)}`;
        writer.add(positionId, 'Position', { name: [cut(role.title, MAX_NAME)] });
        writer.add(id, 'Occupancy', { holder: [holder], post: [positionId], ...dates(role) });
      } else {
        notes.push(`${entity.id}: the role “${role.title}” of a ${entity.type} has no FtM form; left out`);
      }
    }
    for (const body of entity.affiliations) {
      const target = ref(body);
      if (target === undefined) continue;
      const id = `am-${entity.id}-affiliation-${ftmHash(body)}`;
      if (ORGANIZATION.has(schemaOf(body) ?? '') && LEGAL_ENTITY.has(holderSchema)) writer.add(id, 'Membership', { member: [holder], organization: [target] });
      else writer.add(id, 'UnknownLink', { subject: [holder], object: [target], role: ['affiliation'] });
    }
  }

  // Documents: mentions, events, claims.
  const docs = [...documents];
  const { tags, errorCount } = collectTags(docs, { entities });
  const tagsByDocument = new Map<string, typeof tags>();
  for (const tag of tags) {
    let list = tagsByDocument.get(tag.document);
    if (!list) tagsByDocument.set(tag.document, (list = []));
    list.push(tag);
  }
  let documentCount = 0;
  let claims = 0;
  let events = 0;
  for (const doc of docs) {
    const docTags = tagsByDocument.get(doc.path) ?? [];
    const mentions = findMentions(registry, doc.text).filter((m) => m.resolution !== 'ambiguous' && entities.has(m.entityId));
    if (docTags.length === 0 && mentions.length === 0) continue;
    documentCount++;
    const docId = `am-doc-${ftmHash(doc.path)}`;
    const found = findDocumentDate(doc.text);
    writer.add(docId, 'PlainText', {
      fileName: [cut(baseName(doc.path), 1024)],
      title: [cut(doc.path, 1024)],
      date: found.source === 'today' ? [] : [found.date.text],
    });
    const seen = new Set<string>();
    for (const m of mentions) {
      const entity = entities.get(m.entityId)!;
      const target = ftmIds.get(entity.id)!;
      const schema = SCHEMA_OF[entity.type];
      const written = doc.text.slice(m.start, m.end).replace(/\s+/g, ' ');
      if (LEGAL_ENTITY.has(schema)) {
        const key = `${entity.id}|${normaliseName(written, true)}`;
        if (seen.has(key)) continue;
        seen.add(key);
        writer.add(`am-mention-${ftmHash(`${doc.path}|${key}`)}`, 'Mention', {
          document: [docId],
          name: [cut(written, MAX_NAME)],
          resolved: [target],
          detectedSchema: [schema],
        });
      } else {
        if (seen.has(entity.id)) continue;
        seen.add(entity.id);
        writer.add(`am-documentation-${ftmHash(`${doc.path}|${entity.id}`)}`, 'Documentation', { document: [docId], entity: [target], role: ['mentioned'] });
      }
    }
    for (const tag of docTags) {
      const tagKey = tag.id || `${tag.line}:${tag.column}`;
      const tagId = ftmHash(`${doc.path}|${tagKey}`);
      if (tag.kind === 'event' && tag.event) {
        events++;
        const involved = [...entityIdList(tag.attributes.actors ?? ''), ...entityIdList(tag.attributes.targets ?? '')].filter((id) =>
          LEGAL_ENTITY.has(schemaOf(id) ?? ''),
        );
        const place = tag.attributes.place?.trim();
        const placeEntity = place ? entities.get(place) : undefined;
        const date = tag.event.event_date;
        writer.add(`am-event-${tag.id ? tag.id.replace(/[^A-Za-z0-9._-]/g, '-') + '-' : ''}${tagId}`, 'Event', {
          name: [cut(tag.text || tag.event.event_type, MAX_NAME)],
          summary: [tag.text],
          keywords: [tag.event.event_type],
          date: FTM_DATE.test(date) ? [date] : [],
          involved: involved.map((id) => ftmIds.get(id)),
          location: placeEntity ? [cut(placeEntity.name, MAX_NAME)] : [],
          addressEntity: placeEntity?.type === 'place' ? [ftmIds.get(placeEntity.id)] : [],
          notes: [tag.attributes.note],
          proof: [docId],
        });
      } else if (tag.kind === 'claim') {
        claims++;
        const by = tag.attributes.by?.trim();
        const about = entityIdList(tag.attributes.about ?? '');
        const date = tag.attributes.date ?? '';
        for (const [who, role] of [[by, 'claimant'], ...about.map((id) => [id, 'subject of claim'])] as [string | undefined, string][]) {
          const target = ref(who);
          if (target === undefined) continue;
          writer.add(`am-claim-${tag.id ? tag.id.replace(/[^A-Za-z0-9._-]/g, '-') + '-' : ''}${tagId}-${ftmHash(`${role}|${who}`)}`, 'Documentation', {
            document: [docId],
            entity: [target],
            role: [role],
            summary: [tag.text],
            date: FTM_DATE.test(date) ? [date] : [],
          });
        }
      }
    }
  }
  const content = writer.entities.map((e) => JSON.stringify(e)).join('\n') + (writer.entities.length > 0 ? '\n' : '');
  return { content, entities: writer.entities, claims, events, documents: documentCount, notes, errorCount };
}
