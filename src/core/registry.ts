// The entity registry (SPEC §1): YAML files → entities, event types and positioned diagnostics.
// Bad input never throws and never empties the registry: a file that cannot be read keeps its
// last good state, an entity that became invalid keeps its last good version.

import { isMap, isScalar, isSeq, parseDocument } from 'yaml';
import type { Node as YamlNode, Pair, YAMLMap } from 'yaml';
import { isShortCapitals, normaliseName } from './charTables';
import { COMMON_ALIAS_WORDS } from './commonWords';
import { readPlainYaml } from './fastYaml';
import { parsePartialDate, partialDateEnd, partialDateStart } from './dates';
import { createMatcher, Matcher, MatcherEntry } from './matcher';
import { LineIndex } from './sourceText';
import {
  Alias,
  CoreDiagnostic,
  ENTITY_TYPES,
  Entity,
  EntityType,
  EventType,
  Role,
  Severity,
  SourceRange,
} from './types';

export const ENTITY_ID_PATTERN = /^[a-z0-9][a-z0-9._-]*$/;
export const ENTITY_FIELDS = ['id', 'name', 'type', 'aliases', 'summary', 'roles', 'affiliations', 'links', 'tags'];
export const ROLE_FIELDS = ['title', 'of', 'from', 'to'];
export const ALIAS_FIELDS = ['text', 'caseSensitive'];
export const EVENT_TYPE_FIELDS = ['id', 'label', 'description'];
const CONFLICT_MARKER = /^(<{7}|={7}|>{7}|\|{7})(?=\s|$)/;

/** Where the parts of an entity stand in its file, for cross-file diagnostics. */
interface EntityLocations {
  /** The name first, then each alias. */
  names: { text: string; caseSensitive: boolean; range: SourceRange }[];
  references: { id: string; range: SourceRange; field: string }[];
}

export interface ParsedRegistryFile {
  uri: string;
  /** The file could not be read as a registry at all; its last good state stays in force. */
  unreadable: boolean;
  /** Entities defined in this version of the file, each either valid or repaired as well as possible. */
  entities: Entity[];
  /** IDs of entities in this version that have errors (their last good version is preferred). */
  brokenIds: Set<string>;
  eventTypes: EventType[];
  diagnostics: CoreDiagnostic[];
  locations: Map<string, EntityLocations>;
}

class FileParser {
  readonly lines: LineIndex;
  readonly diagnostics: CoreDiagnostic[] = [];
  readonly entities: Entity[] = [];
  readonly brokenIds = new Set<string>();
  readonly eventTypes: EventType[] = [];
  readonly locations = new Map<string, EntityLocations>();
  unreadable = false;

  constructor(readonly uri: string, readonly text: string) {
    this.lines = new LineIndex(text);
  }

  report(severity: Severity, code: string, message: string, range: SourceRange): void {
    this.diagnostics.push({ severity, code, message, range });
  }

  rangeOf(node: YamlNode | null | undefined, fallback?: YamlNode | null): SourceRange {
    const target = node?.range ? node : fallback;
    const r = target?.range;
    if (!r) return this.lines.range(0, 0);
    return this.lines.range(r[0], contentEnd(target!));
  }

  parse(): ParsedRegistryFile {
    this.checkConflictMarkers();
    const plain = this.unreadable ? undefined : readPlainYaml(this.text);
    if (plain !== undefined) {
      this.readRoot(plain);
    } else if (!this.unreadable) {
      const doc = parseDocument(this.text, { prettyErrors: false, uniqueKeys: true, keepSourceTokens: false });
      for (const error of doc.errors) {
        this.report('error', 'yaml-syntax', `YAML syntax error: ${firstLine(error.message)}`, this.lines.range(error.pos[0], error.pos[1]));
        this.unreadable = true;
      }
      for (const warning of doc.warnings) {
        this.report('warning', 'yaml-warning', `YAML: ${firstLine(warning.message)}`, this.lines.range(warning.pos[0], warning.pos[1]));
      }
      if (!this.unreadable) this.readRoot(doc.contents);
    }
    if (this.unreadable) {
      this.entities.length = 0;
      this.eventTypes.length = 0;
    }
    return {
      uri: this.uri,
      unreadable: this.unreadable,
      entities: this.entities,
      brokenIds: this.brokenIds,
      eventTypes: this.eventTypes,
      diagnostics: this.diagnostics,
      locations: this.locations,
    };
  }

  private checkConflictMarkers(): void {
    for (let line = 0; line < this.lines.lineCount; line++) {
      const text = this.lines.lineText(line);
      const marker = CONFLICT_MARKER.exec(text);
      if (!marker) continue;
      const start = this.lines.offsetAt(line, 0);
      this.report(
        'error',
        'conflict-marker',
        'Git conflict marker: resolve the merge conflict in this file. Until then its last good version stays in force.',
        this.lines.range(start, start + text.length),
      );
      this.unreadable = true;
    }
  }

  private readRoot(root: unknown): void {
    if (root === null || root === undefined) return; // an empty file: nothing yet
    if (isScalar(root) && (root.value === null || root.value === '')) return;
    if (!isMap(root)) {
      this.report('error', 'registry-shape', 'A registry file holds a mapping: `entities:` with a list of entities, or one entity with `id`, `name` and `type`.', this.rangeOf(root as YamlNode));
      this.unreadable = true;
      return;
    }
    const entitiesNode = root.get('entities', true);
    const eventTypesNode = root.get('eventTypes', true);
    const singleEntity = root.has('id') || root.has('name') || root.has('type');
    if (root.has('entities')) {
      for (const pair of root.items) {
        const key = keyText(pair);
        if (key !== 'entities' && key !== 'eventTypes') {
          this.report('warning', 'unknown-field', `Unknown top-level field \`${key}\`: expected \`entities\` or \`eventTypes\`.`, this.rangeOf(pair.key as YamlNode));
        }
      }
      if (isSeq(entitiesNode)) {
        for (const item of entitiesNode.items) this.readEntity(item as YamlNode);
      } else if (!(isScalar(entitiesNode) && entitiesNode.value === null)) {
        this.report('error', 'registry-shape', '`entities` must be a list of entities (each item starting with `- id:`).', this.rangeOf(entitiesNode as YamlNode, root));
        this.unreadable = true;
      }
    } else if (singleEntity) {
      this.readEntity(root, ['eventTypes']);
    } else if (!root.has('eventTypes')) {
      this.report('error', 'registry-shape', 'Expected `entities:` with a list of entities, or one entity with `id`, `name` and `type`.', this.rangeOf(root));
      this.unreadable = true;
    }
    if (eventTypesNode !== undefined) this.readEventTypes(eventTypesNode as YamlNode);
  }

  private readEventTypes(node: YamlNode): void {
    if (!isSeq(node)) {
      this.report('error', 'registry-shape', '`eventTypes` must be a list of event type ids or of mappings with `id`, `label`, `description`.', this.rangeOf(node));
      return;
    }
    for (const item of node.items as YamlNode[]) {
      if (isScalar(item) && typeof item.value === 'string') {
        if (this.checkEventTypeId(item.value, item)) this.eventTypes.push({ id: item.value });
      } else if (isMap(item)) {
        this.warnUnknownFields(item, EVENT_TYPE_FIELDS, 'event type');
        const idNode = item.get('id', true) as YamlNode | undefined;
        const id = scalarString(idNode);
        if (id === undefined) {
          this.report('error', 'missing-field', 'An event type needs an `id`.', this.rangeOf(item));
          continue;
        }
        if (!this.checkEventTypeId(id, idNode!)) continue;
        const label = scalarString(item.get('label', true) as YamlNode | undefined);
        const description = scalarString(item.get('description', true) as YamlNode | undefined);
        this.eventTypes.push({ id, label, description });
      } else {
        this.report('error', 'registry-shape', 'An event type is an id or a mapping with `id`, `label`, `description`.', this.rangeOf(item));
      }
    }
  }

  private checkEventTypeId(id: string, node: YamlNode): boolean {
    if (ENTITY_ID_PATTERN.test(id)) return true;
    this.report('error', 'invalid-id', `Event type id \`${id}\` must be lower case letters, digits, \`.\`, \`_\` or \`-\`.`, this.rangeOf(node));
    return false;
  }

  private warnUnknownFields(map: YAMLMap, known: string[], what: string): void {
    for (const pair of map.items) {
      const key = keyText(pair);
      if (!known.includes(key)) {
        this.report('warning', 'unknown-field', `Unknown ${what} field \`${key}\`; known fields: ${known.join(', ')}.`, this.rangeOf(pair.key as YamlNode));
      }
    }
  }

  private readEntity(node: YamlNode, extraKnown: string[] = []): void {
    if (!isMap(node)) {
      this.report('error', 'registry-shape', 'An entity is a mapping with at least `id`, `name` and `type`.', this.rangeOf(node));
      return;
    }
    const errorsBefore = this.errorCount();
    this.warnUnknownFields(node, [...ENTITY_FIELDS, ...extraKnown], 'entity');
    const get = (key: string) => node.get(key, true) as YamlNode | undefined;

    const idNode = get('id');
    const id = scalarString(idNode);
    let valid = true;
    if (id === undefined) {
      this.report('error', 'missing-field', idNode ? '`id` must be a string.' : 'Entity has no `id`.', this.rangeOf(idNode, node));
      valid = false;
    } else if (!ENTITY_ID_PATTERN.test(id)) {
      this.report('error', 'invalid-id', `Invalid id \`${id}\`: use lower case letters, digits, \`.\`, \`_\` and \`-\`, starting with a letter or digit.`, this.rangeOf(idNode));
      valid = false;
    }
    const nameNode = get('name');
    const name = scalarString(nameNode)?.trim();
    if (!name) {
      this.report('error', 'missing-field', nameNode ? '`name` must be a non-empty string.' : `Entity${id ? ` \`${id}\`` : ''} has no \`name\`.`, this.rangeOf(nameNode ?? idNode, node));
      valid = false;
    }
    const typeNode = get('type');
    const typeText = scalarString(typeNode);
    if (typeText === undefined) {
      this.report('error', 'missing-field', `Entity${id ? ` \`${id}\`` : ''} has no \`type\`; use one of ${ENTITY_TYPES.join(', ')}.`, this.rangeOf(typeNode ?? idNode, node));
      valid = false;
    } else if (!(ENTITY_TYPES as readonly string[]).includes(typeText)) {
      this.report('error', 'unknown-type', `Unknown type \`${typeText}\`; use one of ${ENTITY_TYPES.join(', ')}.`, this.rangeOf(typeNode));
      valid = false;
    }

    const locations: EntityLocations = { names: [], references: [] };
    if (name) locations.names.push({ text: name, caseSensitive: isShortCapitals(name), range: this.rangeOf(nameNode) });
    const aliases = this.readAliases(get('aliases'), locations);
    const summaryNode = get('summary');
    let summary: string | undefined;
    if (summaryNode) {
      summary = scalarString(summaryNode);
      if (summary === undefined) this.report('error', 'invalid-value', '`summary` must be text.', this.rangeOf(summaryNode));
    }
    const roles = this.readRoles(get('roles'), locations);
    const affiliations = this.readIdList(get('affiliations'), 'affiliations', locations);
    const links = this.readStringList(get('links'), 'links').filter((link) => {
      if (/^https?:\/\/\S+$/i.test(link.value)) return true;
      this.report('warning', 'invalid-link', `Link \`${link.value}\` is ignored: only http and https links are shown.`, link.range);
      return false;
    });
    const tags = this.readStringList(get('tags'), 'tags');

    if (!valid || id === undefined || !name || typeText === undefined) {
      if (id !== undefined && ENTITY_ID_PATTERN.test(id)) this.brokenIds.add(id);
      return;
    }
    const entity: Entity = {
      id,
      name,
      type: typeText as EntityType,
      aliases,
      summary,
      roles,
      affiliations,
      links: links.map((l) => l.value),
      tags: tags.map((t) => t.value),
      source: { file: this.uri, idRange: this.rangeOf(idNode), entryRange: this.rangeOf(node) },
    };
    if (this.errorCount() > errorsBefore) this.brokenIds.add(id);
    this.entities.push(entity);
    this.locations.set(id, locations);
  }

  private errorCount(): number {
    let count = 0;
    for (const d of this.diagnostics) if (d.severity === 'error') count++;
    return count;
  }

  private readAliases(node: YamlNode | undefined, locations: EntityLocations): Alias[] {
    const aliases: Alias[] = [];
    if (!node || isNullScalar(node)) return aliases;
    if (!isSeq(node)) {
      this.report('error', 'invalid-value', '`aliases` must be a list of strings or of `{ text, caseSensitive }` mappings.', this.rangeOf(node));
      return aliases;
    }
    for (const item of node.items as YamlNode[]) {
      let text: string | undefined;
      let explicitCase: boolean | undefined;
      let textNode: YamlNode = item;
      if (isMap(item)) {
        this.warnUnknownFields(item, ALIAS_FIELDS, 'alias');
        textNode = (item.get('text', true) as YamlNode | undefined) ?? item;
        text = scalarString(item.get('text', true) as YamlNode | undefined);
        const caseNode = item.get('caseSensitive', true) as YamlNode | undefined;
        if (caseNode) {
          if (isScalar(caseNode) && typeof caseNode.value === 'boolean') explicitCase = caseNode.value;
          else this.report('error', 'invalid-value', '`caseSensitive` must be true or false.', this.rangeOf(caseNode));
        }
        if (text === undefined) {
          this.report('error', 'missing-field', 'An alias mapping needs `text`.', this.rangeOf(item));
          continue;
        }
      } else {
        text = scalarString(item);
        if (text === undefined) {
          this.report('error', 'invalid-value', 'An alias is a string or a `{ text, caseSensitive }` mapping.', this.rangeOf(item));
          continue;
        }
      }
      text = text.trim();
      if (normaliseName(text, false).length === 0) {
        this.report('error', 'invalid-value', 'An alias cannot be empty.', this.rangeOf(textNode));
        continue;
      }
      const caseSensitive = explicitCase ?? isShortCapitals(text);
      if (!caseSensitive && COMMON_ALIAS_WORDS.has(normaliseName(text, false))) {
        this.report(
          'warning',
          'alias-common-word',
          `Alias “${text}” is a common English word: it also matches “${text.toLowerCase()}” in ordinary sentences. Write \`{ text: ${text}, caseSensitive: true }\` to match it only as written.`,
          this.rangeOf(textNode),
        );
      }
      aliases.push({ text, caseSensitive });
      locations.names.push({ text, caseSensitive, range: this.rangeOf(textNode) });
    }
    return aliases;
  }

  private readRoles(node: YamlNode | undefined, locations: EntityLocations): Role[] {
    const roles: Role[] = [];
    if (!node || isNullScalar(node)) return roles;
    if (!isSeq(node)) {
      this.report('error', 'invalid-value', '`roles` must be a list of mappings with `title` and optional `of`, `from`, `to`.', this.rangeOf(node));
      return roles;
    }
    for (const item of node.items as YamlNode[]) {
      if (!isMap(item)) {
        this.report('error', 'invalid-value', 'A role is a mapping with `title` and optional `of`, `from`, `to`.', this.rangeOf(item));
        continue;
      }
      this.warnUnknownFields(item, ROLE_FIELDS, 'role');
      const titleNode = item.get('title', true) as YamlNode | undefined;
      const title = scalarString(titleNode)?.trim();
      if (!title) {
        this.report('error', 'missing-field', 'A role needs a `title`.', this.rangeOf(titleNode, item));
        continue;
      }
      const role: Role = { title };
      const ofNode = item.get('of', true) as YamlNode | undefined;
      if (ofNode && !isNullScalar(ofNode)) {
        const of = scalarString(ofNode);
        if (of === undefined || !ENTITY_ID_PATTERN.test(of)) {
          this.report('error', 'invalid-id', '`of` must be an entity id.', this.rangeOf(ofNode));
        } else {
          role.of = of;
          locations.references.push({ id: of, range: this.rangeOf(ofNode), field: 'of' });
        }
      }
      let ok = true;
      for (const key of ['from', 'to'] as const) {
        const dateNode = item.get(key, true) as YamlNode | undefined;
        if (!dateNode || isNullScalar(dateNode)) continue;
        const value = isScalar(dateNode) ? dateNode.value : undefined;
        const date = parsePartialDate(value);
        if (!date) {
          this.report('error', 'invalid-date', `Invalid date \`${String(isScalar(dateNode) ? dateNode.source ?? value : '…')}\` in \`${key}\`: write yyyy, yyyy-mm or yyyy-mm-dd.`, this.rangeOf(dateNode));
          ok = false;
        } else {
          role[key] = date;
        }
      }
      if (ok && role.from && role.to && partialDateStart(role.from) > partialDateEnd(role.to)) {
        this.report('error', 'invalid-date', `Role “${title}” starts (${role.from.text}) after it ends (${role.to.text}).`, this.rangeOf(item.get('from', true) as YamlNode));
        ok = false;
      }
      if (ok) roles.push(role);
    }
    return roles;
  }

  private readStringList(node: YamlNode | undefined, field: string): { value: string; range: SourceRange }[] {
    const values: { value: string; range: SourceRange }[] = [];
    if (!node || isNullScalar(node)) return values;
    if (!isSeq(node)) {
      this.report('error', 'invalid-value', `\`${field}\` must be a list, e.g. \`${field}: [a, b]\`.`, this.rangeOf(node));
      return values;
    }
    for (const item of node.items as YamlNode[]) {
      const value = scalarString(item);
      if (value === undefined) this.report('error', 'invalid-value', `Items of \`${field}\` must be strings.`, this.rangeOf(item));
      else values.push({ value: value.trim(), range: this.rangeOf(item) });
    }
    return values;
  }

  private readIdList(node: YamlNode | undefined, field: string, locations: EntityLocations): string[] {
    const ids: string[] = [];
    for (const { value, range } of this.readStringList(node, field)) {
      if (!ENTITY_ID_PATTERN.test(value)) {
        this.report('error', 'invalid-id', `\`${value}\` is not an entity id (lower case letters, digits, \`.\`, \`_\`, \`-\`).`, range);
        continue;
      }
      ids.push(value);
      locations.references.push({ id: value, range, field });
    }
    return ids;
  }
}

/** Where a node's content ends: a collection at its last value, not after the line break. */
function contentEnd(node: YamlNode): number {
  if ((isMap(node) || isSeq(node)) && !node.flow) {
    const last = node.items[node.items.length - 1] as unknown;
    if (last === undefined || !(isMap(node) ? true : (last as YamlNode).range)) return node.range![1];
    const lastNode = isMap(node) ? ((last as Pair).value as YamlNode | null) ?? ((last as Pair).key as YamlNode) : (last as YamlNode);
    if (lastNode?.range) return Math.max(lastNode.range[0], contentEnd(lastNode));
    return node.range![1];
  }
  return node.range![1];
}

function firstLine(message: string): string {
  return message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
}

function keyText(pair: Pair): string {
  const key = pair.key as YamlNode | null;
  return isScalar(key) ? String(key.value) : String(key);
}

function isNullScalar(node: YamlNode): boolean {
  return isScalar(node) && node.value === null;
}

/** A scalar's value as text (numbers too: `name: 1984`); undefined for anything else. */
function scalarString(node: YamlNode | null | undefined): string | undefined {
  if (!isScalar(node)) return undefined;
  const value = node.value;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint') return node.source ?? String(value);
  return undefined;
}

export function parseRegistryFile(uri: string, text: string): ParsedRegistryFile {
  try {
    return new FileParser(uri, text).parse();
  } catch (error) {
    // A bug of ours must not take the registry down: report it and keep the last good state.
    return {
      uri,
      unreadable: true,
      entities: [],
      brokenIds: new Set(),
      eventTypes: [],
      diagnostics: [
        {
          severity: 'error',
          code: 'internal',
          message: `Analyst Markup could not read this file (${error instanceof Error ? error.message : String(error)}); its last good version stays in force.`,
          range: { start: { line: 0, character: 0, offset: 0 }, end: { line: 0, character: 0, offset: 0 } },
        },
      ],
      locations: new Map(),
    };
  }
}

// ---------------------------------------------------------------------------------------------
// The registry as a whole: all files together, with cross-file checks.

export interface Registry {
  readonly entities: ReadonlyMap<string, Entity>;
  readonly eventTypes: readonly EventType[];
  /** Diagnostics per registry file URI (files without problems have an empty list). */
  readonly diagnostics: ReadonlyMap<string, readonly CoreDiagnostic[]>;
  readonly matcher: Matcher;
  /** Registry file URIs, sorted. */
  readonly files: readonly string[];
  readonly errorCount: number;
  readonly warningCount: number;
  /** Increases with every rebuild; caches keyed by it stay valid while it is unchanged. */
  readonly generation: number;
}

interface FileState {
  current: ParsedRegistryFile;
  /** Entities in force for this file: the last good state. */
  inForce: Entity[];
  eventTypesInForce: EventType[];
}

let generationCounter = 0;

/** Holds every registry file's state; `build()` combines them. */
export class RegistryStore {
  private readonly files = new Map<string, FileState>();
  /**
   * When each file joined the registry. Where two files define the same id, the file that was
   * there first keeps it: a colleague's new file never takes an id away from an existing one.
   */
  private readonly arrival = new Map<string, number>();
  private arrivals = 0;

  has(uri: string): boolean {
    return this.files.has(uri);
  }

  uris(): string[] {
    return [...this.files.keys()].sort();
  }

  /** Files in precedence order: earliest arrival first, then by path. */
  private precedence(): string[] {
    return this.uris().sort((a, b) => this.arrival.get(a)! - this.arrival.get(b)!);
  }

  setFile(uri: string, text: string): void {
    if (!this.arrival.has(uri)) this.arrival.set(uri, this.arrivals++);
    const parsed = parseRegistryFile(uri, text);
    const previous = this.files.get(uri);
    const previousById = new Map((previous?.inForce ?? []).map((e) => [e.id, e]));
    if (parsed.unreadable) {
      this.files.set(uri, {
        current: parsed,
        inForce: previous?.inForce ?? [],
        eventTypesInForce: previous?.eventTypesInForce ?? [],
      });
      return;
    }
    const inForce: Entity[] = [];
    const seen = new Set<string>();
    for (const entity of parsed.entities) {
      const lastGood = parsed.brokenIds.has(entity.id) ? previousById.get(entity.id) : undefined;
      inForce.push(lastGood ?? entity);
      seen.add(entity.id);
    }
    // Entities too broken to read keep their last good version.
    for (const id of parsed.brokenIds) {
      const lastGood = previousById.get(id);
      if (!seen.has(id) && lastGood) {
        inForce.push(lastGood);
        seen.add(id);
      }
    }
    this.files.set(uri, { current: parsed, inForce, eventTypesInForce: parsed.eventTypes });
  }

  deleteFile(uri: string): boolean {
    this.arrival.delete(uri);
    return this.files.delete(uri);
  }

  clear(): void {
    this.files.clear();
    this.arrival.clear();
  }

  build(): Registry {
    const entities = new Map<string, Entity>();
    const diagnostics = new Map<string, CoreDiagnostic[]>();
    const eventTypes: EventType[] = [];
    const seenEventTypes = new Set<string>();
    const uris = this.precedence();
    const freshIds = new Set<string>();

    for (const uri of uris) {
      const state = this.files.get(uri)!;
      diagnostics.set(uri, [...state.current.diagnostics]);
      for (const entity of state.inForce) {
        const first = entities.get(entity.id);
        if (first) {
          // Report duplicates against the current text of this file only.
          const fresh = state.current.entities.find((e) => e.id === entity.id);
          if (fresh && !state.current.unreadable) {
            diagnostics.get(uri)!.push({
              severity: 'error',
              code: 'duplicate-id',
              message: `Duplicate id \`${entity.id}\`: already defined in ${describeFile(first.source.file, uri)} at line ${first.source.idRange.start.line + 1}. This entry is ignored.`,
              range: fresh.source.idRange,
              related: [{ file: first.source.file, range: first.source.idRange, message: 'first definition' }],
            });
          }
          continue;
        }
        entities.set(entity.id, entity);
        if (!state.current.unreadable && state.current.locations.has(entity.id) && state.current.entities.includes(entity)) {
          freshIds.add(entity.id);
        }
      }
      for (const eventType of state.eventTypesInForce) {
        if (!seenEventTypes.has(eventType.id)) {
          seenEventTypes.add(eventType.id);
          eventTypes.push(eventType);
        }
      }
    }

    // References to unknown ids and alias collisions, reported where the current text has them.
    const owners = new Map<string, { entity: Entity; text: string; caseSensitive: boolean; sensitive: string }[]>();
    const matcherEntries: MatcherEntry[] = [];
    for (const uri of uris) {
      const state = this.files.get(uri)!;
      for (const entity of state.inForce) {
        if (entities.get(entity.id) !== entity) continue;
        const locations = freshIds.has(entity.id) ? state.current.locations.get(entity.id) : undefined;
        if (locations) {
          for (const ref of locations.references) {
            if (!entities.has(ref.id)) {
              diagnostics.get(uri)!.push({
                severity: 'error',
                code: 'unknown-reference',
                message: `Unknown entity id \`${ref.id}\` in \`${ref.field}\`.`,
                range: ref.range,
              });
            }
          }
        }
        const names = [{ text: entity.name, caseSensitive: isShortCapitals(entity.name) }, ...entity.aliases];
        names.forEach((alias, index) => {
          const key = normaliseName(alias.text, false);
          const sensitive = alias.caseSensitive ? normaliseName(alias.text, true) : '';
          let list = owners.get(key);
          if (!list) owners.set(key, (list = []));
          const clash = list.find(
            (o) => o.entity.id !== entity.id && (!o.caseSensitive || !alias.caseSensitive || o.sensitive === sensitive),
          );
          if (clash && locations?.names[index]) {
            diagnostics.get(uri)!.push({
              severity: 'warning',
              code: 'alias-collision',
              message: `“${alias.text}” is also a name of \`${clash.entity.id}\` (${clash.entity.name}); mentions of it are attributed to \`${clash.entity.id}\`.`,
              range: locations.names[index].range,
              related: [{ file: clash.entity.source.file, range: clash.entity.source.idRange, message: `defined here` }],
            });
          }
          list.push({ entity, text: alias.text, caseSensitive: alias.caseSensitive, sensitive });
          // The forms are normalised once, here, for the collision check and the matcher alike.
          matcherEntries.push({ text: alias.text, entityId: entity.id, caseSensitive: alias.caseSensitive, key, sensitiveForm: sensitive });
        });
      }
    }

    let errorCount = 0;
    let warningCount = 0;
    for (const list of diagnostics.values()) {
      for (const d of list) {
        if (d.severity === 'error') errorCount++;
        else if (d.severity === 'warning') warningCount++;
      }
    }
    return {
      entities,
      eventTypes,
      diagnostics,
      matcher: createMatcher(matcherEntries),
      files: this.uris(),
      errorCount,
      warningCount,
      generation: ++generationCounter,
    };
  }
}

function describeFile(file: string, from: string): string {
  if (file === from) return 'this file';
  const slash = file.lastIndexOf('/');
  return slash >= 0 ? file.slice(slash + 1) : file;
}
