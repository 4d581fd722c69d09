// FollowTheMoney entities → registry YAML (SPEC §1, §8 `analyst-markup import ftm`). Reads JSON
// lines as OpenSanctions and Aleph export them (flat, or with referenced entities nested inside
// properties), maps the schemata a registry knows and merges the result into what an earlier
// import wrote. Pure core: the CLI reads and writes the files.
//
//   Person → person; Organization, Company, PublicBody, LegalEntity → organization; Country →
//   state; Address → place; Position → position (`of`: its organization).
//   Occupancy (holder, post, startDate, endDate) → a role `{ post, from, to }` of the holder.
//   Membership → an affiliation, or a dated role `{ title: role or "Member", of }` when it has a
//   role or dates; Directorship / Employment → roles (`Director` / `Employee` by default).
//   name, alias, previousName → name and aliases; weakAlias → a comment only (see below);
//   wikidataId (or an id that is a QID, as OpenSanctions gives Wikidata persons) → wikidata;
//   topics and keywords → tags; wikipediaUrl, website, sourceUrl → links; the FtM id → `ftm`.
//
// Weak aliases stay out of the aliases. FtM marks a name `weakAlias` when it is too short or too
// common to identify anyone by itself ("Ali", "Abu Mohammed"); a registry alias matches every
// occurrence in every text, unconditionally, so each weak alias would mark strangers. They are
// written as a comment under the name, for the analyst to promote where a text needs them.
//
// Re-imports. Each entry is preceded by a comment saying where it came from and an import hash
// of the entry's text as written. A re-import finds the entries by their `ftm` id: an entry whose
// text still has its hash is replaced by the new import (byte for byte the same when nothing
// changed); an entry edited by hand since (hash differs, or no import comment) is kept as it is,
// with a warning, unless `overwrite`. Entries the import does not name are never touched.

import { hasLetterOrDigit, isFormTooLong, isShortCapitals, normaliseName } from './charTables';
import { COMMON_ALIAS_WORDS } from './commonWords';
import { makePartialDate, partialDateEnd, partialDateStart } from './dates';
import { ftmHash } from './ftmExport';
import { yamlScalar } from './importPhoenix';
import { ENTITY_ID_PATTERN, parseRegistryFile, WIKIDATA_PATTERN } from './registry';
import { slugify } from './registryEdit';
import { ENTITY_TYPES } from './types';
import type { Entity, EntityType, PartialDate } from './types';

export interface FtmSource {
  /** How the file is named in comments and warnings. */
  name: string;
  text: string;
}

/** A registry file now at the import's target (the list file, or a YAML file of the folder). */
export interface FtmExistingFile {
  path: string;
  text: string;
}

/** Where the YAML goes: one list (stdout or a file), or one file per entity in a folder. */
export type FtmLayout = { kind: 'list'; path?: string } | { kind: 'folder'; folder: string };

export interface FtmImportOptions {
  layout: FtmLayout;
  existing?: readonly FtmExistingFile[];
  /** The rest of the registry (outside the target): its ids are taken, its QIDs are reused. */
  registry?: ReadonlyMap<string, Entity>;
  /** Replace entries edited by hand since their import too. */
  overwrite?: boolean;
  /** How the command is spelled in the file header. */
  command?: string;
}

export interface FtmImportWarning {
  file: string;
  /** 1-based; 0 when the warning is about no line. */
  line: number;
  message: string;
}

export interface FtmOutputFile {
  /** '' for the list on stdout. */
  path: string;
  text: string;
  /** Whether the text differs from the file's current text (new files are changed); only the list on stdout is returned unchanged. */
  changed: boolean;
}

export interface FtmImportStats {
  lines: number;
  /** FtM entities read (after merging fragments of one id). */
  read: number;
  /** Registry entities of this import, by type. */
  byType: Record<EntityType, number>;
  added: number;
  updated: number;
  unchanged: number;
  /** Edited by hand since their import: kept as they are. */
  kept: number;
  /** Already in the registry under another id (by QID): not imported again. */
  reused: number;
  aliases: number;
  weakAliases: number;
  roles: number;
  affiliations: number;
  /** Entities of schemata the registry has no place for, by schema. */
  skipped: Map<string, number>;
}

export interface FtmImportResult {
  files: FtmOutputFile[];
  warnings: FtmImportWarning[];
  stats: FtmImportStats;
}

/** The target cannot be merged into (a YAML error, an entity file given as list file…). */
export class FtmImportError extends Error {}

const ENTITY_SCHEMATA = new Map<string, EntityType>([
  ['Person', 'person'],
  ['Organization', 'organization'],
  ['Company', 'organization'],
  ['PublicBody', 'organization'],
  ['LegalEntity', 'organization'],
  ['Country', 'state'],
  ['Address', 'place'],
  ['Position', 'position'],
]);

/** Relationship schemata: the property naming the entity that gets the role, and its target. */
const LINK_SCHEMATA = new Map<string, { source: string; target: string; defaultTitle: string }>([
  ['Occupancy', { source: 'holder', target: 'post', defaultTitle: '' }],
  ['Membership', { source: 'member', target: 'organization', defaultTitle: 'Member' }],
  ['Directorship', { source: 'director', target: 'organization', defaultTitle: 'Director' }],
  ['Employment', { source: 'employee', target: 'employer', defaultTitle: 'Employee' }],
]);

/** An FtM entity as read, fragments of one id merged. */
interface RawEntity {
  id: string;
  schema: string;
  caption?: string;
  props: Map<string, string[]>;
  file: string;
  line: number;
}

interface DraftRole {
  title?: string;
  post?: string;
  of?: string;
  from?: PartialDate;
  to?: PartialDate;
}

interface Draft {
  raw: RawEntity;
  id: string;
  name: string;
  type: EntityType;
  aliases: { text: string; caseSensitive: boolean }[];
  weak: string[];
  summary?: string;
  roles: DraftRole[];
  affiliations: string[];
  links: string[];
  tags: string[];
  of?: string;
  wikidata?: string;
}

/** An entry of a target file: where it stands, its import comment and its text. */
interface Chunk {
  file: string;
  entity: Entity;
  /** Offsets: the chunk (its comment lines included), and its body (from the entry's first line). */
  start: number;
  bodyStart: number;
  end: number;
  /** The import hash its comment records, if it has one. */
  recordedHash?: string;
  /** The offset range of the import comment line within the chunk, if any. */
  markerStart?: number;
  markerEnd?: number;
  /** 1-based line of the entry, for warnings. */
  line: number;
}

const MARKER = /^[ \t]*# From .* · import hash ([0-9a-f]{14})[ \t]*$/;
const LIST_HEADER = (command: string) =>
  `# FollowTheMoney entities imported by \`${command}\`. Edit freely: a re-import replaces an entry\n` +
  '# only while its text still matches the import hash in the comment above it (--overwrite: always).\n';
const FILE_HEADER = (command: string) =>
  `# Imported by \`${command}\`. Edit freely: a re-import replaces this file only while the entry\n` +
  '# still matches the import hash below (--overwrite: always).\n';

/** The import hash of an entry's text (the same fixed hash the FtM export derives ids with). */
export const importHash = ftmHash;

/**
 * An FtM date (`2025`, `2025-08`, `2025-08-12`, `2025-08-12T10:30:00Z`) as a registry date; the
 * time of day is dropped (a role is held from a day). Undefined when it is no date.
 */
export function ftmDate(value: string): PartialDate | undefined {
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:[T ][0-9:.]*(?:Z|[+-]\d{2}:?\d{2})?)?)?)?$/.exec(value.trim());
  if (!m) return undefined;
  return makePartialDate(Number(m[1]), m[2] === undefined ? undefined : Number(m[2]), m[3] === undefined ? undefined : Number(m[3]));
}

function oneLine(text: string): string {
  return text.replace(/[\r\n\u2028\u2029\u0085]+/g, ' ').trim();
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// ---------------------------------------------------------------------------------------------
// Reading the JSON lines

class Reader {
  readonly entities = new Map<string, RawEntity>();
  lines = 0;

  constructor(private readonly warn: (file: string, line: number, message: string) => void) {}

  read(source: FtmSource): void {
    const text = source.text.charCodeAt(0) === 0xfeff ? source.text.slice(1) : source.text;
    let start = 0;
    let lineNo = 0;
    while (start <= text.length) {
      let end = text.indexOf('\n', start);
      if (end < 0) end = text.length;
      lineNo++;
      const line = text.slice(start, end).trim();
      start = end + 1;
      if (line === '') {
        if (end === text.length) break;
        continue;
      }
      this.lines++;
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch (error) {
        this.warn(source.name, lineNo, `not a JSON object (${error instanceof Error ? error.message : String(error)}); line skipped`);
        continue;
      }
      if (!isRecord(value)) {
        this.warn(source.name, lineNo, 'not a JSON object: each line holds one FollowTheMoney entity; line skipped');
        continue;
      }
      this.take(value, source.name, lineNo);
    }
  }

  /** One entity object and the entities nested in its properties (an explicit stack: no recursion over input depth). */
  private take(top: Record<string, unknown>, file: string, line: number): void {
    const stack: Record<string, unknown>[] = [top];
    while (stack.length > 0) {
      const object = stack.pop()!;
      const id = typeof object.id === 'string' ? object.id.trim() : typeof object.id === 'number' ? String(object.id) : '';
      const schema = typeof object.schema === 'string' ? object.schema.trim() : '';
      if (!id || !schema) {
        this.warn(file, line, `an entity without ${!id ? '`id`' : '`schema`'}; skipped`);
        continue;
      }
      const props = new Map<string, string[]>();
      if (isRecord(object.properties)) {
        for (const [key, raw] of Object.entries(object.properties)) {
          const values: string[] = [];
          for (const item of Array.isArray(raw) ? raw : [raw]) {
            if (typeof item === 'string') values.push(item);
            else if (typeof item === 'number') values.push(String(item));
            else if (isRecord(item) && (typeof item.id === 'string' || typeof item.id === 'number')) {
              // A nested entity (OpenSanctions' nested export, Aleph's API): taken as an entity of its own.
              values.push(String(item.id).trim());
              if (typeof item.schema === 'string') stack.push(item);
            }
          }
          if (values.length > 0) props.set(key, values);
        }
      } else if (object.properties !== undefined) {
        this.warn(file, line, `entity ${id}: \`properties\` is not an object; read without properties`);
      }
      const caption = typeof object.caption === 'string' && object.caption.trim() ? object.caption.trim() : undefined;
      const known = this.entities.get(id);
      if (!known) {
        this.entities.set(id, { id, schema, caption, props, file, line });
        continue;
      }
      // A fragment of an entity already read (Aleph streams fragments): properties merged.
      for (const [key, values] of props) {
        const list = known.props.get(key);
        if (!list) known.props.set(key, values.slice());
        else for (const v of values) if (!list.includes(v)) list.push(v);
      }
      known.caption ??= caption;
      if (known.schema !== schema && (known.schema === 'LegalEntity' || known.schema === 'Thing')) known.schema = schema;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Target files: their entries as chunks

function lineStartOf(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

function lineNumberOf(text: string, offset: number): number {
  let n = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/** The entries of a target file, in file order; throws FtmImportError when it cannot be read. */
function chunksOf(file: FtmExistingFile, layout: FtmLayout['kind']): { chunks: Chunk[]; listEnd: number } {
  const text = file.text;
  const parsed = parseRegistryFile(file.path, text);
  if (parsed.unreadable) {
    const first = parsed.diagnostics.find((d) => d.severity === 'error');
    throw new FtmImportError(
      `${file.path}${first ? `:${first.range.start.line + 1}:${first.range.start.character + 1}` : ''}: cannot import into this file: ${first?.message ?? 'it is not a registry file'}. Fix it first; nothing was written.`,
    );
  }
  const chunks: Chunk[] = [];
  if (parsed.entities.length === 0) return { chunks, listEnd: text.length };
  const single = !/^entities[ \t]*:/m.test(text);
  if (layout === 'list' && single)
    throw new FtmImportError(`${file.path}: holds one entity, not an \`entities:\` list; give a list file or a folder (ending in /) to -o.`);
  if (single) {
    // One entity per file: the comment lines at the top are its comment, the rest its body.
    let bodyStart = 0;
    let markerStart: number | undefined;
    let markerEnd: number | undefined;
    let recordedHash: string | undefined;
    while (bodyStart < text.length) {
      const end = text.indexOf('\n', bodyStart);
      const lineEnd = end < 0 ? text.length : end;
      const line = text.slice(bodyStart, lineEnd).replace(/\r$/, '');
      if (!/^\s*(#.*)?$/.test(line)) break;
      const m = MARKER.exec(line);
      if (m) {
        recordedHash = m[1];
        markerStart = bodyStart;
        markerEnd = Math.min(text.length, lineEnd + 1);
      }
      bodyStart = Math.min(text.length, lineEnd + 1);
    }
    chunks.push({
      file: file.path,
      entity: parsed.entities[0],
      start: 0,
      bodyStart,
      end: text.length,
      recordedHash,
      markerStart,
      markerEnd,
      line: lineNumberOf(text, bodyStart),
    });
    return { chunks, listEnd: text.length };
  }
  // A list: each entry from the comment lines right above its `- ` line to the end of its last line.
  const ordered = parsed.entities.slice().sort((a, b) => a.source.entryRange.start.offset - b.source.entryRange.start.offset);
  for (const entity of ordered) {
    const bodyStart = lineStartOf(text, entity.source.entryRange.start.offset);
    // The node may end after its newline (block mappings do): the chunk ends with its last line.
    let last = Math.max(entity.source.entryRange.end.offset, entity.source.entryRange.start.offset + 1);
    while (last > bodyStart + 1 && /\s/.test(text[last - 1])) last--;
    let end = text.indexOf('\n', last - 1);
    end = end < 0 ? text.length : end + 1;
    let start = bodyStart;
    let recordedHash: string | undefined;
    let markerStart: number | undefined;
    let markerEnd: number | undefined;
    while (start > 0) {
      const previousStart = lineStartOf(text, start - 1);
      const line = text.slice(previousStart, start - 1).replace(/\r$/, '');
      if (!/^\s*#/.test(line)) break;
      const m = MARKER.exec(line);
      if (m && recordedHash === undefined) {
        recordedHash = m[1];
        markerStart = previousStart;
        markerEnd = start;
      }
      start = previousStart;
    }
    if (chunks.length > 0 && start < chunks[chunks.length - 1].end) start = Math.max(start, chunks[chunks.length - 1].end);
    chunks.push({ file: file.path, entity, start, bodyStart, end, recordedHash, markerStart, markerEnd, line: entity.source.entryRange.start.line + 1 });
  }
  return { chunks, listEnd: chunks[chunks.length - 1].end };
}

function normalisedBody(text: string): string {
  return text.replace(/\r\n/g, '\n');
}

// ---------------------------------------------------------------------------------------------
// Mapping

function firstValue(raw: RawEntity, prop: string): string | undefined {
  for (const v of raw.props.get(prop) ?? []) if (oneLine(v)) return oneLine(v);
  return undefined;
}

function values(raw: RawEntity, prop: string): string[] {
  return (raw.props.get(prop) ?? []).map(oneLine).filter((v) => v !== '');
}

/** A name usable as a registry name or alias (has a letter or digit, not too long to match). */
function usableName(text: string): boolean {
  return hasLetterOrDigit(text) && !isFormTooLong(normaliseName(text, false));
}

function earliest(dates: readonly PartialDate[]): PartialDate | undefined {
  let best: PartialDate | undefined;
  for (const d of dates) if (!best || partialDateStart(d) < partialDateStart(best)) best = d;
  return best;
}

function latest(dates: readonly PartialDate[]): PartialDate | undefined {
  let best: PartialDate | undefined;
  for (const d of dates) if (!best || partialDateEnd(d) > partialDateEnd(best)) best = d;
  return best;
}

const EMPTY_BY_TYPE = (): Record<EntityType, number> => Object.fromEntries(ENTITY_TYPES.map((t) => [t, 0])) as Record<EntityType, number>;

/** Imports FtM JSON lines; see the top of this file. Throws FtmImportError only for an unusable target. */
export function importFtm(sources: readonly FtmSource[], options: FtmImportOptions): FtmImportResult {
  const warnings: FtmImportWarning[] = [];
  const warn = (file: string, line: number, message: string): void => {
    warnings.push({ file, line, message });
  };
  const command = options.command ?? 'analyst-markup import ftm';
  const stats: FtmImportStats = {
    lines: 0,
    read: 0,
    byType: EMPTY_BY_TYPE(),
    added: 0,
    updated: 0,
    unchanged: 0,
    kept: 0,
    reused: 0,
    aliases: 0,
    weakAliases: 0,
    roles: 0,
    affiliations: 0,
    skipped: new Map(),
  };

  const reader = new Reader(warn);
  for (const source of sources) reader.read(source);
  stats.lines = reader.lines;
  stats.read = reader.entities.size;

  // The target's entries, by FtM id; ids and QIDs already taken.
  const layout = options.layout;
  const existing = options.existing ?? [];
  const chunksByFile = new Map<string, { chunks: Chunk[]; listEnd: number }>();
  const chunkByFtm = new Map<string, Chunk>();
  const takenIds = new Set<string>();
  const qidOwners = new Map<string, { id: string; where: string }>();
  for (const file of existing) {
    const result = chunksOf(file, layout.kind);
    chunksByFile.set(file.path, result);
    for (const chunk of result.chunks) {
      takenIds.add(chunk.entity.id);
      for (const ftmId of chunk.entity.ftm ?? []) if (!chunkByFtm.has(ftmId)) chunkByFtm.set(ftmId, chunk);
    }
  }
  const existingPaths = new Set(existing.map((f) => f.path));
  const existingText = new Map(existing.map((f) => [f.path, f.text]));
  /** Files written with CRLF line ends keep them (looked up once per file: a list file may be 25 MB). */
  const crlfFiles = new Set(existing.filter((f) => f.text.includes('\r\n')).map((f) => f.path));
  for (const entity of options.registry?.values() ?? []) {
    takenIds.add(entity.id);
    if (entity.wikidata !== undefined && !qidOwners.has(entity.wikidata)) qidOwners.set(entity.wikidata, { id: entity.id, where: entity.source.file });
  }
  for (const { chunks } of chunksByFile.values()) {
    for (const chunk of chunks) {
      const qid = chunk.entity.wikidata;
      if (qid !== undefined && !qidOwners.has(qid)) qidOwners.set(qid, { id: chunk.entity.id, where: chunk.file });
    }
  }

  // Ids: the entry an earlier import wrote, an entity of the registry with the same QID, or new.
  const idOf = new Map<string, string>();
  const chunkOfDraft = new Map<string, Chunk>();
  const claimed = new Set<Chunk>();
  const drafts: Draft[] = [];
  const reusedIds = new Set<string>();
  const folderPath = (id: string): string => (layout.kind === 'folder' ? `${layout.folder.replace(/\/+$/, '')}/${id}.yaml` : '');
  const isTaken = (id: string): boolean => takenIds.has(id) || id === 'none' || (layout.kind === 'folder' && existingPaths.has(folderPath(id)));
  for (const raw of reader.entities.values()) {
    const type = ENTITY_SCHEMATA.get(raw.schema);
    if (type === undefined) {
      if (!LINK_SCHEMATA.has(raw.schema)) stats.skipped.set(raw.schema, (stats.skipped.get(raw.schema) ?? 0) + 1);
      continue;
    }
    const names = [
      ...new Set([...(raw.caption ? [raw.caption] : []), ...values(raw, 'name'), ...(raw.schema === 'Address' ? values(raw, 'full') : [])]),
    ].filter(usableName);
    const name = names[0] ?? values(raw, 'alias').find(usableName);
    if (name === undefined) {
      warn(raw.file, raw.line, `${raw.schema} ${raw.id} has no usable name; skipped`);
      continue;
    }
    const qidValue = values(raw, 'wikidataId').find((q) => WIKIDATA_PATTERN.test(q)) ?? (WIKIDATA_PATTERN.test(raw.id) ? raw.id : undefined);
    const chunk = chunkByFtm.get(raw.id);
    if (chunk && !claimed.has(chunk)) {
      claimed.add(chunk);
      chunkOfDraft.set(chunk.entity.id, chunk);
      idOf.set(raw.id, chunk.entity.id);
    } else {
      const owner = qidValue !== undefined ? qidOwners.get(qidValue) : undefined;
      if (owner || chunk) {
        const id = owner?.id ?? chunk!.entity.id;
        idOf.set(raw.id, id);
        reusedIds.add(id);
        stats.reused++;
        warn(
          raw.file,
          raw.line,
          `${raw.schema} ${raw.id} (${name}${qidValue ? `, ${qidValue}` : ''}) is already in the registry as \`${id}\`${owner ? ` (${owner.where})` : ''}: not imported again; links to it point there`,
        );
        continue;
      }
      let id: string | undefined;
      for (const candidate of names.concat(values(raw, 'alias'))) {
        const base = slugify(candidate);
        if (!base) continue;
        id = base;
        break;
      }
      id ??= `ftm-${raw.id
        .toLowerCase()
        .replace(/[^a-z0-9._-]+/g, '-')
        .replace(/^[^a-z0-9]+/, '')
        .slice(0, 60)}`.replace(/-+$/, '');
      if (!ENTITY_ID_PATTERN.test(id)) id = `ftm-${importHash(raw.id)}`;
      if (isTaken(id)) {
        let n = 2;
        while (isTaken(`${id}-${n}`)) n++;
        id = `${id}-${n}`;
      }
      takenIds.add(id);
      idOf.set(raw.id, id);
    }
    const draft: Draft = { raw, id: idOf.get(raw.id)!, name, type, aliases: [], weak: [], roles: [], affiliations: [], links: [], tags: [] };
    if (qidValue !== undefined) {
      const owner = qidOwners.get(qidValue);
      if (owner && owner.id !== draft.id)
        warn(raw.file, raw.line, `${qidValue} of ${raw.schema} ${raw.id} is already \`${owner.id}\`'s: left out of \`${draft.id}\``);
      else {
        draft.wikidata = qidValue;
        qidOwners.set(qidValue, { id: draft.id, where: 'this import' });
      }
    }
    // Aliases: the other names, `alias` and `previousName`, each once (as matching compares them).
    const seen = new Set([normaliseName(name, false)]);
    for (const text of names.slice(1).concat(values(raw, 'alias'), values(raw, 'previousName'))) {
      const key = normaliseName(text, false);
      if (seen.has(key) || !usableName(text)) continue;
      seen.add(key);
      // A common word as an alias would match ordinary prose: only as written.
      draft.aliases.push({ text, caseSensitive: isShortCapitals(text) || COMMON_ALIAS_WORDS.has(key) });
    }
    for (const text of values(raw, 'weakAlias')) {
      const key = normaliseName(text, false);
      if (seen.has(key)) continue;
      seen.add(key);
      draft.weak.push(text);
    }
    draft.summary = firstValue(raw, 'summary') ?? firstValue(raw, 'description');
    for (const link of [...values(raw, 'wikipediaUrl'), ...values(raw, 'website'), ...values(raw, 'sourceUrl')]) {
      if (/^https?:\/\/\S+$/i.test(link) && !draft.links.includes(link)) draft.links.push(link);
    }
    for (const tag of [...values(raw, 'topics'), ...values(raw, 'keywords')]) if (!draft.tags.includes(tag)) draft.tags.push(tag);
    drafts.push(draft);
  }
  const draftById = new Map(drafts.map((d) => [d.id, d]));

  // Positions' bodies, then the relationships.
  for (const draft of drafts) {
    if (draft.type !== 'position') continue;
    const org = draft.raw.props.get('organization')?.[0];
    if (org === undefined) continue;
    const orgId = idOf.get(org);
    if (orgId !== undefined) draft.of = orgId;
    else warn(draft.raw.file, draft.raw.line, `Position ${draft.raw.id}: its organization ${org} is not in the import; \`of\` left out`);
  }
  for (const raw of reader.entities.values()) {
    const link = LINK_SCHEMATA.get(raw.schema);
    if (!link) continue;
    const sourceRef = raw.props.get(link.source)?.[0];
    const targetRef = raw.props.get(link.target)?.[0];
    if (sourceRef === undefined || targetRef === undefined) {
      warn(raw.file, raw.line, `${raw.schema} ${raw.id} has no \`${sourceRef === undefined ? link.source : link.target}\`; skipped`);
      continue;
    }
    const sourceId = idOf.get(sourceRef);
    const targetId = idOf.get(targetRef);
    if (sourceId === undefined || targetId === undefined) {
      const missing = sourceId === undefined ? `${link.source} ${sourceRef}` : `${link.target} ${targetRef}`;
      warn(raw.file, raw.line, `${raw.schema} ${raw.id}: its ${missing} is not in the import; skipped`);
      continue;
    }
    const owner = draftById.get(sourceId);
    if (!owner) {
      warn(
        raw.file,
        raw.line,
        `${raw.schema} ${raw.id}: \`${sourceId}\` is not written by this import (an entity of the registry); add the link there by hand`,
      );
      continue;
    }
    const dated = (prop: string): PartialDate[] => {
      const out: PartialDate[] = [];
      for (const v of values(raw, prop)) {
        const d = ftmDate(v);
        if (d) out.push(d);
        else warn(raw.file, raw.line, `${raw.schema} ${raw.id}: \`${prop}\` ${JSON.stringify(v)} is not a date; left out`);
      }
      return out;
    };
    let from = earliest(dated('startDate'));
    let to = latest(dated('endDate'));
    if (!from && !to) from = earliest(dated('date'));
    if (from && to && partialDateStart(from) > partialDateEnd(to)) {
      warn(raw.file, raw.line, `${raw.schema} ${raw.id}: starts (${from.text}) after it ends (${to.text}); the end is left out`);
      to = undefined;
    }
    const title = firstValue(raw, 'role');
    if (raw.schema === 'Occupancy') {
      const post = draftById.get(targetId);
      if (post?.type !== 'position' && !(post === undefined && reusedIds.has(targetId))) {
        warn(raw.file, raw.line, `Occupancy ${raw.id}: its post ${targetRef} is not a Position; skipped`);
        continue;
      }
      owner.roles.push({ post: targetId, from, to });
    } else if (raw.schema === 'Membership' && !title && !from && !to) {
      if (!owner.affiliations.includes(targetId)) owner.affiliations.push(targetId);
    } else {
      owner.roles.push({ title: title ?? link.defaultTitle, of: targetId, from, to });
    }
  }

  // Roles in a stable order (by start, undated last), each once.
  for (const draft of drafts) {
    const key = (r: DraftRole): string => `${r.from ? partialDateStart(r.from) : 99999999}|${r.post ?? ''}|${r.title ?? ''}|${r.of ?? ''}|${r.to?.text ?? ''}`;
    const unique = new Map<string, DraftRole>();
    for (const role of draft.roles) if (!unique.has(key(role))) unique.set(key(role), role);
    draft.roles = [...unique.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map(([, role]) => role);
  }

  // Writing: each draft as an entry, merged into the target.
  // New entries take the indentation of the list they join (`- id:` at column 0 or 2…).
  let listIndent = '  ';
  const firstChunk = layout.kind === 'list' && layout.path !== undefined ? chunksByFile.get(layout.path)?.chunks[0] : undefined;
  if (firstChunk) listIndent = /^[ ]*/.exec(existingText.get(firstChunk.file)!.slice(firstChunk.bodyStart))![0];
  const indentFirst = layout.kind === 'list' ? `${listIndent}- ` : '';
  const indent = layout.kind === 'list' ? `${listIndent}  ` : '';
  const entryOf = (draft: Draft): { marker: string; body: string } => {
    const body = serialise(draft, indentFirst, indent);
    const origin = `${oneLine(draft.raw.file)} line ${draft.raw.line}: FtM ${oneLine(draft.raw.schema)} ${oneLine(draft.raw.id)}`;
    return { marker: `${layout.kind === 'list' ? listIndent : ''}# From ${origin} · import hash ${importHash(body)}\n`, body };
  };

  const files: FtmOutputFile[] = [];
  const replacements = new Map<string, { chunk: Chunk; text: string }[]>();
  const appended: string[] = [];
  for (const draft of drafts) {
    const { marker, body } = entryOf(draft);
    stats.byType[draft.type]++;
    stats.aliases += draft.aliases.length;
    stats.weakAliases += draft.weak.length;
    stats.roles += draft.roles.length;
    stats.affiliations += draft.affiliations.length;
    const chunk = chunkOfDraft.get(draft.id);
    if (!chunk) {
      stats.added++;
      if (layout.kind === 'folder') {
        files.push({ path: folderPath(draft.id), text: FILE_HEADER(command) + marker + body, changed: true });
      } else appended.push(marker + body);
      continue;
    }
    const fileText = existingText.get(chunk.file) ?? '';
    const currentBody = normalisedBody(fileText.slice(chunk.bodyStart, chunk.end));
    const untouched = chunk.recordedHash !== undefined && importHash(currentBody) === chunk.recordedHash;
    if (!untouched && !options.overwrite) {
      stats.kept++;
      warn(
        chunk.file,
        chunk.line,
        `\`${chunk.entity.id}\` was ${chunk.recordedHash === undefined ? 'not written by an import' : 'edited by hand since its import'}: kept as it is (--overwrite replaces it with ${draft.raw.schema} ${draft.raw.id})`,
      );
      continue;
    }
    // The entry's own comment lines stay; the import comment and the body are replaced.
    const before =
      chunk.markerStart !== undefined
        ? fileText.slice(chunk.start, chunk.markerStart) + fileText.slice(chunk.markerEnd ?? chunk.bodyStart, chunk.bodyStart)
        : fileText.slice(chunk.start, chunk.bodyStart);
    const replacement = (layout.kind === 'folder' && chunk.markerStart === undefined ? FILE_HEADER(command) : '') + before + marker + body;
    const text = crlfFiles.has(chunk.file) ? replacement.replace(/\r?\n/g, '\r\n') : replacement;
    if (fileText.slice(chunk.start, chunk.end) === text) stats.unchanged++;
    else stats.updated++;
    let list = replacements.get(chunk.file);
    if (!list) replacements.set(chunk.file, (list = []));
    list.push({ chunk, text });
  }

  // Files with replaced entries (and the list file, new entries appended).
  const listPath = layout.kind === 'list' ? (layout.path ?? '') : undefined;
  const touched = new Set([...replacements.keys(), ...(listPath !== undefined && (appended.length > 0 || !existingPaths.has(listPath)) ? [listPath] : [])]);
  for (const path of touched) {
    const current = existingText.get(path);
    const list = (replacements.get(path) ?? []).sort((a, b) => a.chunk.start - b.chunk.start);
    let out: string;
    if (current === undefined || (current.trim() === '' && list.length === 0)) {
      out = LIST_HEADER(command) + 'entities:\n' + appended.map((entry) => '\n' + entry).join('');
    } else {
      out = '';
      let last = 0;
      for (const { chunk, text } of list) {
        out += current.slice(last, chunk.start) + text;
        last = chunk.end;
      }
      if (path === listPath && appended.length > 0) {
        const listEnd = chunksByFile.get(path)?.listEnd ?? current.length;
        if (chunksByFile.get(path)?.chunks.length === 0 && !/^entities[ \t]*:[ \t]*(#.*)?\r?$/m.test(current)) {
          throw new FtmImportError(`${path}: has no \`entities:\` list to add the imported entities to; give a new file or a list file.`);
        }
        const head = current.slice(last, listEnd);
        out += head + (/\n$/.test(out + head) || out + head === '' ? '' : '\n') + appended.map((entry) => '\n' + entry).join('');
        last = listEnd;
      }
      out += current.slice(last);
      if (crlfFiles.has(path)) out = out.replace(/\r?\n/g, '\r\n');
    }
    files.push({ path, text: out, changed: out !== current });
  }
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  // Only what changed is written (a re-import of the same file writes nothing); stdout always gets the list.
  return { files: files.filter((f) => f.changed || f.path === ''), warnings, stats };
}

/** One entry as YAML lines: the first line after `first`, the others after `indent`. */
function serialise(draft: Draft, first: string, indent: string): string {
  const lines: string[] = [];
  const add = (text: string): void => {
    lines.push((lines.length === 0 ? first : indent) + text);
  };
  add(`id: ${draft.id}`);
  add(`name: ${yamlScalar(draft.name)}`);
  if (draft.weak.length > 0)
    add(`# FtM weak aliases, not matched in texts (too common to be sure who is meant): ${draft.weak.map((w) => JSON.stringify(w)).join(', ')}`);
  add(`type: ${draft.type}`);
  if (draft.aliases.length > 0) {
    add('aliases:');
    for (const alias of draft.aliases) {
      if (alias.caseSensitive && !isShortCapitals(alias.text)) {
        add(`  - text: ${yamlScalar(alias.text)}`);
        add('    caseSensitive: true');
      } else add(`  - ${yamlScalar(alias.text)}`);
    }
  }
  if (draft.summary !== undefined) add(`summary: ${yamlScalar(draft.summary)}`);
  if (draft.roles.length > 0) {
    add('roles:');
    for (const role of draft.roles) {
      const fields: string[] = [];
      if (role.post !== undefined) fields.push(`post: ${role.post}`);
      if (role.title !== undefined) fields.push(`title: ${yamlScalar(role.title)}`);
      if (role.of !== undefined) fields.push(`of: ${role.of}`);
      if (role.from) fields.push(`from: ${role.from.text}`);
      if (role.to) fields.push(`to: ${role.to.text}`);
      fields.forEach((field, index) => add(`${index === 0 ? '  - ' : '    '}${field}`));
    }
  }
  if (draft.affiliations.length > 0) {
    add('affiliations:');
    for (const id of draft.affiliations) add(`  - ${id}`);
  }
  if (draft.links.length > 0) {
    add('links:');
    for (const link of draft.links) add(`  - ${yamlScalar(link)}`);
  }
  if (draft.tags.length > 0) {
    add('tags:');
    for (const tag of draft.tags) add(`  - ${yamlScalar(tag)}`);
  }
  if (draft.of !== undefined) add(`of: ${draft.of}`);
  if (draft.wikidata !== undefined) add(`wikidata: ${draft.wikidata}`);
  add(`ftm: ${yamlScalar(draft.raw.id)}`);
  return lines.join('\n') + '\n';
}
