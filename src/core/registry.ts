// The entity registry (SPEC §1): YAML files → entities, event types and positioned diagnostics.
// Bad input never throws and never empties the registry: a file that cannot be read keeps its
// last good state, an entity that became invalid keeps its last good version.

import { showBidiControls } from './safeText';
import { MAX_FORM_LENGTH, MAX_FORM_PARTS, hasLetterOrDigit, isFormTooLong, isShortCapitals, normaliseName } from './charTables';
import { COMMON_ALIAS_WORDS } from './commonWords';
import { readPlainYaml } from './fastYaml';
import { parsePartialDate, partialDateEnd, partialDateStart } from './dates';
import { LinePositions } from './linePositions';
import { createMatcherSteps, Matcher, MatcherEntry } from './matcher';
import { runSteps, sortSteps } from './steps';
import { findDeepNesting } from './yamlDepth';
import { readYamlWithLibrary } from './yamlLibraryTree';
import { rethrowIfYamlNotLoaded } from './yamlLibraryLoading';
import { ABSENT } from './yamlTree';
import type { YamlNode, YamlTree } from './yamlTree';
import { Alias, CoreDiagnostic, ENTITY_TYPES, Entity, EntityType, EventType, PartialDate, Role, Severity, SourceRange } from './types';

export const ENTITY_ID_PATTERN = /^[a-z0-9][a-z0-9._-]*$/;
export const ENTITY_FIELDS = ['id', 'name', 'type', 'aliases', 'summary', 'roles', 'affiliations', 'links', 'tags', 'of', 'wikidata', 'ftm', 'notAliases'];
export const WIKIDATA_PATTERN = /^Q[1-9][0-9]*$/;
export const ROLE_FIELDS = ['title', 'of', 'from', 'to', 'post'];
export const ALIAS_FIELDS = ['text', 'caseSensitive'];
export const EVENT_TYPE_FIELDS = ['id', 'label', 'description'];
const CONFLICT_MARKER = /^(<{7}|={7}|>{7}|\|{7})(?=\s|$)/;
const HTTP_LINK = /^https?:\/\/\S+$/i;
/** The `brokenIds` of a file without broken entities (nearly all): one empty set for all of them. */
const NO_IDS: ReadonlySet<string> = new Set<string>();

/**
 * A name or reference in a registry file, made when asked for (EntityLocations): its line and
 * character range is worked out when asked for as well.
 */
class Place {
  constructor(
    private readonly lines: LinePositions,
    readonly start: number,
    readonly end: number,
  ) {}

  get range(): SourceRange {
    return this.lines.range(this.start, this.end);
  }
}

class NameLocation extends Place {
  constructor(
    readonly text: string,
    readonly caseSensitive: boolean,
    lines: LinePositions,
    start: number,
    end: number,
  ) {
    super(lines, start, end);
  }
}

class ReferenceLocation extends Place {
  constructor(
    readonly id: string,
    readonly field: string,
    lines: LinePositions,
    start: number,
    end: number,
  ) {
    super(lines, start, end);
  }
}

/**
 * `Entity.source`: the file, and the ranges of the entity's id and entry, worked out when first
 * asked for (a large registry has tens of thousands of entities; most ranges are never shown).
 * Reads and serialises (toJSON) as the plain `{ file, idRange, entryRange }` it stands for.
 */
class EntitySource {
  readonly #lines: LinePositions;
  readonly #idStart: number;
  readonly #idEnd: number;
  readonly #entryStart: number;
  readonly #entryEnd: number;
  #idRange: SourceRange | undefined;
  #entryRange: SourceRange | undefined;

  constructor(
    readonly file: string,
    lines: LinePositions,
    idStart: number,
    idEnd: number,
    entryStart: number,
    entryEnd: number,
  ) {
    this.#lines = lines;
    this.#idStart = idStart;
    this.#idEnd = idEnd;
    this.#entryStart = entryStart;
    this.#entryEnd = entryEnd;
  }

  get idRange(): SourceRange {
    return (this.#idRange ??= this.#lines.range(this.#idStart, this.#idEnd));
  }

  get entryRange(): SourceRange {
    return (this.#entryRange ??= this.#lines.range(this.#entryStart, this.#entryEnd));
  }

  toJSON(): Entity['source'] {
    return { file: this.file, idRange: this.idRange, entryRange: this.entryRange };
  }
}

/** The places of all names and references of a file, as offsets in flat arrays. */
class FilePlaces {
  /** Start and end offset of each name. */
  nameOffsets: number[] = [];
  /** Start and end offset of each reference. */
  referenceOffsets: number[] = [];
  referenceIds: string[] = [];
  referenceFields: string[] = [];

  constructor(readonly lines: LinePositions) {}

  /** Forgets the names and references from these counts on (those of an entity found invalid). */
  truncate(names: number, references: number): void {
    this.nameOffsets.length = 2 * names;
    this.referenceOffsets.length = 2 * references;
    this.referenceIds.length = references;
    this.referenceFields.length = references;
  }

  /**
   * Copies the lists at their length: a list grown by `push` keeps room for more, and a registry
   * of 200,000 one-entity files kept ~100 bytes of that room per file (issue 15: memory, GC pauses).
   */
  compact(): void {
    this.nameOffsets = this.nameOffsets.slice();
    this.referenceOffsets = this.referenceOffsets.slice();
    this.referenceIds = this.referenceIds.slice();
    this.referenceFields = this.referenceFields.slice();
  }
}

/**
 * Where an entity's names (the name first, then each alias, as in the entity) and references
 * (`of`, `affiliations`) stand in its file, for cross-file diagnostics. Kept as offsets in arrays
 * shared by the file; `names` and `references` make objects when asked for. Why: a large
 * registry has a hundred thousand names and references, and few ever get a diagnostic.
 */
export class EntityLocations {
  constructor(
    private readonly places: FilePlaces,
    private readonly entity: Entity,
    private readonly firstName: number,
    private readonly firstReference: number,
    readonly referenceCount: number,
  ) {}

  get names(): NameLocation[] {
    const names: NameLocation[] = [];
    for (let index = 0; index < this.nameCount; index++) {
      const alias = index === 0 ? { text: this.entity.name, caseSensitive: isShortCapitals(this.entity.name) } : this.entity.aliases[index - 1];
      const at = 2 * (this.firstName + index);
      names.push(new NameLocation(alias.text, alias.caseSensitive, this.places.lines, this.places.nameOffsets[at], this.places.nameOffsets[at + 1]));
    }
    return names;
  }

  get references(): ReferenceLocation[] {
    const references: ReferenceLocation[] = [];
    for (let index = 0; index < this.referenceCount; index++) {
      const at = 2 * (this.firstReference + index);
      references.push(
        new ReferenceLocation(
          this.referenceId(index),
          this.referenceField(index),
          this.places.lines,
          this.places.referenceOffsets[at],
          this.places.referenceOffsets[at + 1],
        ),
      );
    }
    return references;
  }

  get nameCount(): number {
    return 1 + this.entity.aliases.length;
  }

  /** The range of name `index` (0: the entity's name, then its aliases). */
  nameRange(index: number): SourceRange {
    const at = 2 * (this.firstName + index);
    return this.places.lines.range(this.places.nameOffsets[at], this.places.nameOffsets[at + 1]);
  }

  referenceId(index: number): string {
    return this.places.referenceIds[this.firstReference + index];
  }

  referenceField(index: number): string {
    return this.places.referenceFields[this.firstReference + index];
  }

  referenceRange(index: number): SourceRange {
    const at = 2 * (this.firstReference + index);
    return this.places.lines.range(this.places.referenceOffsets[at], this.places.referenceOffsets[at + 1]);
  }
}

export interface ParsedRegistryFile {
  uri: string;
  /** The file could not be read as a registry at all; its last good state stays in force. */
  unreadable: boolean;
  /** Entities defined in this version of the file, each either valid or repaired as well as possible. */
  entities: Entity[];
  /** IDs of entities in this version that have errors (their last good version is preferred). */
  brokenIds: ReadonlySet<string>;
  eventTypes: EventType[];
  diagnostics: CoreDiagnostic[];
  locations: Map<string, EntityLocations>;
}

/**
 * Reads one registry file. Nodes are those of a YamlTree: a node index, negative where there is
 * none (ABSENT: no such key; NO_NODE: a key without value), which the reader treats alike except
 * for the top-level `entities` and `eventTypes`.
 */
class FileParser {
  readonly lines: LinePositions;
  readonly diagnostics: CoreDiagnostic[] = [];
  readonly entities: Entity[] = [];
  readonly brokenIds = new Set<string>();
  readonly eventTypes: EventType[] = [];
  readonly locations = new Map<string, EntityLocations>();
  private readonly places: FilePlaces;
  unreadable = false;
  private errorCount = 0;
  private tree!: YamlTree;
  // One array per field list, reused from mapping to mapping (mappings of one kind never nest).
  private readonly entityFields = new Int32Array(ENTITY_FIELDS.length);
  private readonly roleFields = new Int32Array(ROLE_FIELDS.length);
  private readonly aliasFields = new Int32Array(ALIAS_FIELDS.length);
  private readonly eventTypeFields = new Int32Array(EVENT_TYPE_FIELDS.length);
  /** Role dates read so far, by their YAML value (equal values give the same date object). */
  private readonly dates = new Map<unknown, PartialDate | undefined>();

  constructor(
    readonly uri: string,
    readonly text: string,
  ) {
    this.lines = new LinePositions(text);
    this.places = new FilePlaces(this.lines);
  }

  report(severity: Severity, code: string, message: string, range: SourceRange): void {
    // Names and values quoted from the file: bidi controls shown, not obeyed (issue 17).
    this.diagnostics.push({ severity, code, message: showBidiControls(message), range });
    if (severity === 'error') this.errorCount++;
  }

  /** The node's range, or the fallback's where the node is missing or has no position. */
  rangeOf(node: YamlNode, fallback: YamlNode = ABSENT): SourceRange {
    const target = this.hasPlace(node) ? node : fallback;
    return this.lines.range(this.startOf(target), this.endOf(target));
  }

  private hasPlace(node: YamlNode): boolean {
    return node >= 0 && this.tree.start(node) >= 0;
  }

  /** Where a node starts, 0 if it has no place (as the start of a range). */
  private startOf(node: YamlNode): number {
    return this.hasPlace(node) ? this.tree.start(node) : 0;
  }

  private endOf(node: YamlNode): number {
    return this.hasPlace(node) ? this.tree.end(node) : 0;
  }

  /** Records where the entity's next name (its name, then each alias) stands. */
  private addName(node: YamlNode): void {
    this.places.nameOffsets.push(this.startOf(node), this.endOf(node));
  }

  private addReference(id: string, field: string, node: YamlNode): void {
    this.places.referenceOffsets.push(this.startOf(node), this.endOf(node));
    this.places.referenceIds.push(id);
    this.places.referenceFields.push(field);
  }

  parse(): ParsedRegistryFile {
    this.checkConflictMarkers();
    const plain = this.unreadable ? undefined : readPlainYaml(this.text);
    // The `yaml` library recurses once per level: a text too deeply nested is refused before it runs out of stack.
    const deep = plain === undefined && !this.unreadable ? findDeepNesting(this.text) : undefined;
    if (plain !== undefined) {
      this.tree = plain;
      this.readRoot(plain.root);
    } else if (deep !== undefined) {
      const { start, deepAt, limit } = deep;
      const at = this.lines.range(deepAt, deepAt + 1).start;
      this.report(
        'error',
        'yaml-too-deep',
        `Too deeply nested: the lists and mappings from here go more than ${limit} levels deep (level ${limit + 1} at line ${at.line + 1}, column ${at.character + 1}); a registry needs fewer than ten. The file is not read; its last good version stays in force.`,
        this.lines.range(start, start + 1),
      );
      this.unreadable = true;
    } else if (!this.unreadable) {
      const { tree, errors, warnings, aliases } = readYamlWithLibrary(this.text);
      this.tree = tree;
      for (const error of errors) {
        this.report('error', 'yaml-syntax', `YAML syntax error: ${firstLine(error.message)}`, this.lines.range(error.start, error.end));
        this.unreadable = true;
      }
      for (const alias of aliases) {
        this.report('error', 'yaml-alias', alias.message, this.lines.range(alias.start, alias.end));
        this.unreadable = true;
      }
      for (const warning of warnings) {
        this.report('warning', 'yaml-warning', `YAML: ${firstLine(warning.message)}`, this.lines.range(warning.start, warning.end));
      }
      if (!this.unreadable) this.readRoot(tree.root);
    }
    if (this.unreadable) {
      this.entities.length = 0;
      this.eventTypes.length = 0;
    }
    this.places.compact();
    this.lines.compact();
    // Copies at their length (see FilePlaces.compact).
    return {
      uri: this.uri,
      unreadable: this.unreadable,
      entities: this.entities.slice(),
      brokenIds: this.brokenIds.size === 0 ? NO_IDS : this.brokenIds,
      eventTypes: this.eventTypes.slice(),
      diagnostics: this.diagnostics.slice(),
      locations: this.locations,
    };
  }

  private checkConflictMarkers(): void {
    const { lineStarts } = this.lines;
    for (let line = 0; line < lineStarts.length; line++) {
      const start = lineStarts[line];
      const first = this.text.charCodeAt(start);
      // Only lines starting with < = > | can hold a marker: no slice of the others.
      if (first !== 60 && first !== 61 && first !== 62 && first !== 124) continue;
      const text = this.text.slice(start, this.lines.lineEnd(line));
      if (!CONFLICT_MARKER.test(text)) continue;
      this.report(
        'error',
        'conflict-marker',
        'Git conflict marker: resolve the merge conflict in this file. Until then its last good version stays in force.',
        this.lines.range(start, start + text.length),
      );
      this.unreadable = true;
    }
  }

  private readRoot(root: YamlNode): void {
    const tree = this.tree;
    if (root < 0) return; // an empty file: nothing yet
    if (tree.isNull(root) || tree.isString(root, '')) return;
    if (!tree.isMap(root)) {
      this.report(
        'error',
        'registry-shape',
        'A registry file holds a mapping: `entities:` with a list of entities, or one entity with `id`, `name` and `type`.',
        this.rangeOf(root),
      );
      this.unreadable = true;
      return;
    }
    const entitiesNode = tree.get(root, 'entities');
    const eventTypesNode = tree.get(root, 'eventTypes');
    const singleEntity = tree.has(root, 'id') || tree.has(root, 'name') || tree.has(root, 'type');
    if (entitiesNode !== ABSENT) {
      for (let pair = 0; pair < tree.pairCount(root); pair++) {
        const key = tree.keyText(root, pair);
        if (key !== 'entities' && key !== 'eventTypes') {
          this.report(
            'warning',
            'unknown-field',
            `Unknown top-level field \`${key}\`: expected \`entities\` or \`eventTypes\`.`,
            this.rangeOf(tree.pairKey(root, pair)),
          );
        }
      }
      if (tree.isSeq(entitiesNode)) {
        for (let item = 0; item < tree.childCount(entitiesNode); item++) this.readEntity(tree.child(entitiesNode, item));
      } else if (!tree.isNull(entitiesNode)) {
        this.report('error', 'registry-shape', '`entities` must be a list of entities (each item starting with `- id:`).', this.rangeOf(entitiesNode, root));
        this.unreadable = true;
      }
    } else if (singleEntity) {
      this.readEntity(root, true);
    } else if (eventTypesNode === ABSENT) {
      this.report('error', 'registry-shape', 'Expected `entities:` with a list of entities, or one entity with `id`, `name` and `type`.', this.rangeOf(root));
      this.unreadable = true;
    }
    if (eventTypesNode !== ABSENT) this.readEventTypes(eventTypesNode);
  }

  private readEventTypes(node: YamlNode): void {
    const tree = this.tree;
    if (!tree.isSeq(node)) {
      this.report(
        'error',
        'registry-shape',
        '`eventTypes` must be a list of event type ids or of mappings with `id`, `label`, `description`.',
        this.rangeOf(node),
      );
      return;
    }
    for (let index = 0; index < tree.childCount(node); index++) {
      const item = tree.child(node, index);
      if (tree.isScalar(item) && tree.hasStringValue(item)) {
        const id = tree.value(item) as string;
        if (this.checkEventTypeId(id, item)) this.eventTypes.push({ id });
      } else if (tree.isMap(item)) {
        const fields = this.readFields(item, EVENT_TYPE_FIELDS, 'event type', this.eventTypeFields);
        const idNode = fields[0];
        const id = this.scalarString(idNode);
        if (id === undefined) {
          this.report('error', 'missing-field', 'An event type needs an `id`.', this.rangeOf(item));
          continue;
        }
        if (!this.checkEventTypeId(id, idNode)) continue;
        const label = this.scalarString(fields[1]);
        const description = this.scalarString(fields[2]);
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

  /**
   * Reads a mapping's `known` fields into `fields` (by index in `known`, ABSENT where missing; the
   * first pair of a key wins, as `YAMLMap.get` finds it) and warns about the other keys, in one
   * pass over the pairs. `alsoKnown` is accepted without being read (`eventTypes` beside a file's
   * single entity).
   */
  private readFields(map: YamlNode, known: readonly string[], what: string, fields: Int32Array, alsoKnown?: string): Int32Array {
    const tree = this.tree;
    fields.fill(ABSENT);
    const pairs = tree.pairCount(map);
    for (let pair = 0; pair < pairs; pair++) {
      const key = tree.pairKey(map, pair);
      const index = tree.indexIn(key, known);
      if (index >= 0) {
        if (fields[index] === ABSENT) fields[index] = tree.pairValue(map, pair);
        continue;
      }
      const text = tree.keyText(map, pair);
      if (text === alsoKnown) continue;
      const list = alsoKnown === undefined ? known.join(', ') : [...known, alsoKnown].join(', ');
      this.report('warning', 'unknown-field', `Unknown ${what} field \`${text}\`; known fields: ${list}.`, this.rangeOf(key));
    }
    return fields;
  }

  private readEntity(node: YamlNode, singleInFile = false): void {
    if (!this.tree.isMap(node)) {
      this.report('error', 'registry-shape', 'An entity is a mapping with at least `id`, `name` and `type`.', this.rangeOf(node));
      return;
    }
    const errorsBefore = this.errorCount;
    const fields = this.readFields(node, ENTITY_FIELDS, 'entity', this.entityFields, singleInFile ? 'eventTypes' : undefined);
    // In the order of ENTITY_FIELDS.
    const [
      idNode,
      nameNode,
      typeNode,
      aliasesNode,
      summaryNode,
      rolesNode,
      affiliationsNode,
      linksNode,
      tagsNode,
      ofNode,
      wikidataNode,
      ftmNode,
      notAliasesNode,
    ] = fields;

    const id = this.scalarString(idNode);
    let valid = true;
    if (id === undefined) {
      this.report('error', 'missing-field', idNode >= 0 ? '`id` must be a string.' : 'Entity has no `id`.', this.rangeOf(idNode, node));
      valid = false;
    } else if (!ENTITY_ID_PATTERN.test(id)) {
      this.report(
        'error',
        'invalid-id',
        `Invalid id \`${id}\`: use lower case letters, digits, \`.\`, \`_\` and \`-\`, starting with a letter or digit.`,
        this.rangeOf(idNode),
      );
      valid = false;
    } else if (id === 'none') {
      // `to=none` and `refs: { Amal: none }` mean "not an entity here" (SPEC §3, §9).
      this.report(
        'error',
        'invalid-id',
        'The id `none` is reserved: links and front matter `refs:` use it for "not an entity here". Choose another id.',
        this.rangeOf(idNode),
      );
      valid = false;
    }
    const name = this.scalarString(nameNode)?.trim();
    if (!name) {
      this.report(
        'error',
        'missing-field',
        nameNode >= 0 ? '`name` must be a non-empty string.' : `Entity${id ? ` \`${id}\`` : ''} has no \`name\`.`,
        this.rangeOf(nameNode >= 0 ? nameNode : idNode, node),
      );
      valid = false;
    } else if (!hasLetterOrDigit(name)) {
      this.report(
        'error',
        'invalid-name',
        `The name “${name}” has no letter or digit: a name of punctuation or invisible characters only would match every such mark in a text.`,
        this.rangeOf(nameNode),
      );
      valid = false;
    } else if (isFormTooLong(normaliseName(name, false))) {
      this.report(
        'warning',
        'name-too-long',
        `This name is too long to be matched in texts (more than ${MAX_FORM_PARTS} words and marks or ${MAX_FORM_LENGTH} characters): mentions of it are not highlighted. Shorter aliases are.`,
        this.rangeOf(nameNode),
      );
    }
    const typeText = this.entityType(typeNode);
    if (typeText === undefined) {
      this.report(
        'error',
        'missing-field',
        `Entity${id ? ` \`${id}\`` : ''} has no \`type\`; use one of ${ENTITY_TYPES.join(', ')}.`,
        this.rangeOf(typeNode >= 0 ? typeNode : idNode, node),
      );
      valid = false;
    } else if (!(ENTITY_TYPES as readonly string[]).includes(typeText)) {
      this.report('error', 'unknown-type', `Unknown type \`${typeText}\`; use one of ${ENTITY_TYPES.join(', ')}.`, this.rangeOf(typeNode));
      valid = false;
    }

    const firstName = this.places.nameOffsets.length / 2;
    const firstReference = this.places.referenceIds.length;
    if (name) this.addName(nameNode);
    const aliases = this.readAliases(aliasesNode);
    let summary: string | undefined;
    if (summaryNode >= 0) {
      summary = this.scalarString(summaryNode);
      if (summary === undefined) this.report('error', 'invalid-value', '`summary` must be text.', this.rangeOf(summaryNode));
    }
    const roles = this.readRoles(rolesNode);
    const affiliations = this.readIdList(affiliationsNode, 'affiliations');
    const links: string[] = [];
    this.readStringList(linksNode, 'links', (link, item) => {
      if (HTTP_LINK.test(link)) links.push(link);
      else this.report('warning', 'invalid-link', `Link \`${link}\` is ignored: only http and https links are shown.`, this.rangeOf(item));
    });
    const tags: string[] = [];
    this.readStringList(tagsNode, 'tags', (tag) => tags.push(tag));
    let of: string | undefined;
    if (ofNode >= 0 && !this.tree.isNull(ofNode)) {
      const value = this.scalarString(ofNode)?.trim();
      if (value === undefined || !ENTITY_ID_PATTERN.test(value)) {
        this.report('error', 'invalid-id', '`of` must be an entity id: the body the office belongs to.', this.rangeOf(ofNode));
      } else if (typeText !== 'position') {
        this.report(
          'warning',
          'unknown-field',
          '`of` belongs to positions (the body an office belongs to); for other entities use `affiliations` or a role’s `of`.',
          this.rangeOf(ofNode),
        );
      } else {
        of = value;
        this.addReference(value, 'of', ofNode);
      }
    }
    let wikidata: string | undefined;
    if (wikidataNode >= 0 && !this.tree.isNull(wikidataNode)) {
      const value = this.scalarString(wikidataNode)?.trim();
      if (value === undefined || !WIKIDATA_PATTERN.test(value)) {
        this.report(
          'error',
          'invalid-value',
          `\`wikidata\` must be a Wikidata item id such as Q12345${value ? `, not \`${value}\`` : ''}.`,
          this.rangeOf(wikidataNode),
        );
      } else {
        wikidata = value;
      }
    }

    // `ftm`: the FollowTheMoney id(s) an import took the entity from, so a re-import updates it.
    const ftm: string[] = [];
    if (ftmNode >= 0 && !this.tree.isNull(ftmNode)) {
      if (this.tree.isSeq(ftmNode))
        this.readStringList(ftmNode, 'ftm', (value) => {
          if (value) ftm.push(value);
        });
      else {
        const value = this.scalarString(ftmNode)?.trim();
        if (value) ftm.push(value);
        else this.report('error', 'invalid-value', '`ftm` must be a FollowTheMoney entity id, or a list of them.', this.rangeOf(ftmNode));
      }
    }
    const notAliases = this.readNotAliases(notAliasesNode);

    if (!valid || id === undefined || !name || typeText === undefined) {
      if (id !== undefined && ENTITY_ID_PATTERN.test(id)) this.brokenIds.add(id);
      this.places.truncate(firstName, firstReference);
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
      links,
      tags,
      source: new EntitySource(this.uri, this.lines, this.startOf(idNode), this.endOf(idNode), this.startOf(node), this.endOf(node)),
    };
    if (of !== undefined) entity.of = of;
    if (wikidata !== undefined) entity.wikidata = wikidata;
    if (ftm.length > 0) entity.ftm = ftm;
    if (notAliases.length > 0) entity.notAliases = notAliases;
    if (this.errorCount > errorsBefore) this.brokenIds.add(id);
    this.entities.push(entity);
    this.locations.set(id, new EntityLocations(this.places, entity, firstName, firstReference, this.places.referenceIds.length - firstReference));
  }

  /** An entity's `type` as text; the shared constant where it is a known type (no copy per entity). */
  private entityType(node: YamlNode): string | undefined {
    for (const type of ENTITY_TYPES) if (this.tree.isString(node, type)) return type;
    return this.scalarString(node);
  }

  private readAliases(node: YamlNode): Alias[] {
    const tree = this.tree;
    const aliases: Alias[] = [];
    if (node < 0 || tree.isNull(node)) return aliases;
    if (!tree.isSeq(node)) {
      this.report('error', 'invalid-value', '`aliases` must be a list of strings or of `{ text, caseSensitive }` mappings.', this.rangeOf(node));
      return aliases;
    }
    for (let index = 0; index < tree.childCount(node); index++) {
      const item = tree.child(node, index);
      let text: string | undefined;
      let explicitCase: boolean | undefined;
      let textNode = item;
      if (tree.isMap(item)) {
        const [textField, caseNode] = this.readFields(item, ALIAS_FIELDS, 'alias', this.aliasFields);
        textNode = textField >= 0 ? textField : item;
        text = this.scalarString(textField);
        if (caseNode >= 0) {
          const value = tree.isScalar(caseNode) ? tree.value(caseNode) : undefined;
          if (typeof value === 'boolean') explicitCase = value;
          else this.report('error', 'invalid-value', '`caseSensitive` must be true or false.', this.rangeOf(caseNode));
        }
        if (text === undefined) {
          this.report('error', 'missing-field', 'An alias mapping needs `text`.', this.rangeOf(item));
          continue;
        }
      } else {
        text = this.scalarString(item);
        if (text === undefined) {
          this.report('error', 'invalid-value', 'An alias is a string or a `{ text, caseSensitive }` mapping.', this.rangeOf(item));
          continue;
        }
      }
      text = text.trim();
      const normalised = normaliseName(text, false);
      if (normalised.length === 0) {
        this.report('error', 'invalid-value', 'An alias cannot be empty.', this.rangeOf(textNode));
        continue;
      }
      if (!hasLetterOrDigit(text)) {
        this.report(
          'error',
          'invalid-name',
          `The alias “${text}” has no letter or digit: an alias of punctuation or invisible characters only would match every such mark in a text.`,
          this.rangeOf(textNode),
        );
        continue;
      }
      if (isFormTooLong(normalised)) {
        // A walk of the matcher stops within the longest form: a cap keeps scans linear (issue 17).
        this.report(
          'warning',
          'alias-too-long',
          `This alias is too long to be matched (more than ${MAX_FORM_PARTS} words and marks or ${MAX_FORM_LENGTH} characters) and is left out.`,
          this.rangeOf(textNode),
        );
        continue;
      }
      const caseSensitive = explicitCase ?? isShortCapitals(text);
      if (!caseSensitive && COMMON_ALIAS_WORDS.has(normalised)) {
        this.report(
          'warning',
          'alias-common-word',
          `Alias “${text}” is a common English word: it also matches “${text.toLowerCase()}” in ordinary sentences. Write \`{ text: ${text}, caseSensitive: true }\` to match it only as written.`,
          this.rangeOf(textNode),
        );
      }
      aliases.push({ text, caseSensitive });
      this.addName(textNode);
    }
    return aliases;
  }

  /**
   * `notAliases`: longer names that hold this entity's name but are not it ("American University
   * of Beirut" for Beirut). Matched like aliases (leftmost-longest, case-insensitive); a hit is
   * no mention, and hides the shorter names inside it (issue 17).
   */
  private readNotAliases(node: YamlNode): string[] {
    const out: string[] = [];
    this.readStringList(node, 'notAliases', (value, item) => {
      const text = value.trim();
      if (!hasLetterOrDigit(text)) {
        this.report('error', 'invalid-name', `The phrase “${text}” has no letter or digit: it would hide every such mark in a text.`, this.rangeOf(item));
      } else if (isFormTooLong(normaliseName(text, false))) {
        this.report(
          'warning',
          'alias-too-long',
          `This phrase is too long to be matched (more than ${MAX_FORM_PARTS} words and marks or ${MAX_FORM_LENGTH} characters) and is left out.`,
          this.rangeOf(item),
        );
      } else {
        out.push(text);
      }
    });
    return out;
  }

  private readRoles(node: YamlNode): Role[] {
    const tree = this.tree;
    const roles: Role[] = [];
    if (node < 0 || tree.isNull(node)) return roles;
    if (!tree.isSeq(node)) {
      this.report('error', 'invalid-value', '`roles` must be a list of mappings with `title` (or `post`) and optional `of`, `from`, `to`.', this.rangeOf(node));
      return roles;
    }
    for (let index = 0; index < tree.childCount(node); index++) {
      const item = tree.child(node, index);
      if (!tree.isMap(item)) {
        this.report('error', 'invalid-value', 'A role is a mapping with `title` (or `post`) and optional `of`, `from`, `to`.', this.rangeOf(item));
        continue;
      }
      // In the order of ROLE_FIELDS.
      const [titleNode, ofNode, fromNode, toNode, postNode] = this.readFields(item, ROLE_FIELDS, 'role', this.roleFields);
      const title = this.scalarString(titleNode)?.trim();
      let post: string | undefined;
      if (postNode >= 0 && !tree.isNull(postNode)) {
        const value = this.scalarString(postNode)?.trim();
        if (value === undefined || !ENTITY_ID_PATTERN.test(value)) {
          this.report('error', 'invalid-id', '`post` must be the id of a `position` entity.', this.rangeOf(postNode));
        } else {
          post = value;
          this.addReference(value, 'post', postNode);
        }
      }
      if (!title && post === undefined) {
        this.report('error', 'missing-field', 'A role needs a `title`, or a `post` naming a position.', this.rangeOf(titleNode, item));
        continue;
      }
      // A post's title (and `of`) are filled in from the position when the registry is built.
      const role: Role = { title: title || post || '', titleWritten: !!title };
      if (post !== undefined) role.post = post;
      if (ofNode >= 0 && !tree.isNull(ofNode)) {
        const of = this.scalarString(ofNode);
        if (of === undefined || !ENTITY_ID_PATTERN.test(of)) {
          this.report('error', 'invalid-id', '`of` must be an entity id.', this.rangeOf(ofNode));
        } else {
          role.of = of;
          role.ofWritten = true;
          this.addReference(of, 'of', ofNode);
        }
      }
      const from = this.readDate(fromNode, 'from');
      const to = this.readDate(toNode, 'to');
      let ok = from !== undefined && to !== undefined;
      if (from) role.from = from;
      if (to) role.to = to;
      if (ok && role.from && role.to && partialDateStart(role.from) > partialDateEnd(role.to)) {
        this.report('error', 'invalid-date', `Role “${title}” starts (${role.from.text}) after it ends (${role.to.text}).`, this.rangeOf(fromNode));
        ok = false;
      }
      if (ok) roles.push(role);
    }
    return roles;
  }

  /** A role's `from` or `to`: the date, null when absent, undefined (reported) when invalid. */
  private readDate(node: YamlNode, key: 'from' | 'to'): PartialDate | null | undefined {
    const tree = this.tree;
    if (node < 0 || tree.isNull(node)) return null;
    const isScalar = tree.isScalar(node);
    const value = isScalar ? tree.value(node) : undefined;
    // Registries repeat dates (47,000 dates, 3,800 distinct in the Phoenix import): read each once.
    let date = this.dates.get(value);
    if (date === undefined && !this.dates.has(value)) this.dates.set(value, (date = parsePartialDate(value)));
    if (date) return date;
    this.report(
      'error',
      'invalid-date',
      `Invalid date \`${isScalar ? tree.source(node) : '…'}\` in \`${key}\`: write yyyy, yyyy-mm or yyyy-mm-dd.`,
      this.rangeOf(node),
    );
    return undefined;
  }

  /**
   * Reads a list of strings, passing each (trimmed) to `take` with its node. The reports about the
   * list itself come before any `take` reports, as they did when this returned the list.
   */
  private readStringList(node: YamlNode, field: string, take: (value: string, item: YamlNode) => void): void {
    const tree = this.tree;
    if (node < 0 || tree.isNull(node)) return;
    if (!tree.isSeq(node)) {
      this.report('error', 'invalid-value', `\`${field}\` must be a list, e.g. \`${field}: [a, b]\`.`, this.rangeOf(node));
      return;
    }
    const values: string[] = [];
    const items: YamlNode[] = [];
    for (let index = 0; index < tree.childCount(node); index++) {
      const item = tree.child(node, index);
      const value = this.scalarString(item);
      if (value === undefined) {
        this.report('error', 'invalid-value', `Items of \`${field}\` must be strings.`, this.rangeOf(item));
      } else {
        values.push(value.trim());
        items.push(item);
      }
    }
    for (let index = 0; index < values.length; index++) take(values[index], items[index]);
  }

  private readIdList(node: YamlNode, field: string): string[] {
    const ids: string[] = [];
    this.readStringList(node, field, (value, item) => {
      if (!ENTITY_ID_PATTERN.test(value)) {
        this.report('error', 'invalid-id', `\`${value}\` is not an entity id (lower case letters, digits, \`.\`, \`_\`, \`-\`).`, this.rangeOf(item));
        return;
      }
      ids.push(value);
      this.addReference(value, field, item);
    });
    return ids;
  }

  /** A scalar's value as text (numbers too: `name: 1984`); undefined for anything else. */
  private scalarString(node: YamlNode): string | undefined {
    const tree = this.tree;
    if (!tree.isScalar(node)) return undefined;
    const value = tree.value(node);
    if (typeof value === 'string') return value;
    if (typeof value === 'number' || typeof value === 'bigint') return tree.source(node);
    return undefined;
  }
}

function firstLine(message: string): string {
  return message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
}

export function parseRegistryFile(uri: string, text: string): ParsedRegistryFile {
  try {
    return new FileParser(uri, text).parse();
  } catch (error) {
    // The web build's `yaml` library still loading is no problem of the file: the caller loads it and asks again.
    rethrowIfYamlNotLoaded(error);
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
  /**
   * The entities a matcher mention's `entityId` can name: itself for an ordinary id, every
   * sharer of a shared name (or the position of an office) for a key starting with
   * GROUP_KEY_PREFIX. Resolution (core/resolution.ts) picks the one meant.
   */
  candidatesOf(key: string): readonly string[];
  /** Who held each position: the roles naming it as their `post`, by position id. */
  readonly holders: ReadonlyMap<string, readonly Holder[]>;
  /**
   * The entities whose mentions resolution tracks, each with a slot number: those a shared name
   * or an office can stand for, and what their context scores read (their bodies, the members of
   * their specific bodies and their own members). Every other mention costs it one lookup.
   */
  readonly contextSlots: ReadonlyMap<string, number>;
  /** The entities affiliated with each entity (by `affiliations`), for context co-members. */
  readonly members: ReadonlyMap<string, readonly string[]>;
  /** Registry file URIs, sorted. */
  readonly files: readonly string[];
  readonly errorCount: number;
  readonly warningCount: number;
  /** Increases with every rebuild; caches keyed by it stay valid while it is unchanged. */
  readonly generation: number;
}

/** The matcher `entityId` of a `notAliases` phrase (a character no id has): its hits are dropped. */
const NOT_AN_ENTITY_KEY = '\u0001not-an-entity';

/** The matcher without the hits of `notAliases` phrases (each hides the shorter names inside it). */
function notEntityMatcher(inner: Matcher): Matcher {
  return {
    scan: (text, options) => inner.scan(text, options).filter((m) => m.entityId !== NOT_AN_ENTITY_KEY),
    get size() {
      return inner.size;
    },
    get maxFormLength() {
      return inner.maxFormLength;
    },
  };
}

/** A matcher `entityId` starting with this (a character no id has) stands for several candidates. */
export const GROUP_KEY_PREFIX = '\u0000';

export interface Holder {
  entityId: string;
  role: Role;
}

/**
 * The entities that have one normalised form as a name or alias, where more than one does or a
 * case-sensitive one does (a name one entity has case-insensitively, nearly every name, is
 * just its id in the build's `soleOwner`: 200,000 names made 400,000 objects a build; issue 15).
 */
interface NameOwners {
  insensitive: string[];
  /** Case-sensitive owners by their form keeping case (none: undefined, for most names). */
  sensitive: Map<string, string[]> | undefined;
}

/**
 * Where the current texts write each name, for the shared-name diagnostic: one place per name of
 * each entity, in arrays by place number (a build of 200,000 entities made an object per place,
 * and an array per name, to throw away; issue 15). `next` chains the places of one name in order.
 */
class NamePlaces {
  readonly uri: string[] = [];
  readonly entity: string[] = [];
  readonly locations: EntityLocations[] = [];
  readonly index: number[] = [];
  readonly text: string[] = [];
  readonly caseSensitive: boolean[] = [];
  readonly next: number[] = [];

  /** The first and last place of each name (by its number in the build), or -1. */
  readonly firstPlace: number[] = [];
  readonly lastPlace: number[] = [];

  add(name: number, uri: string, entity: string, locations: EntityLocations, index: number, text: string, caseSensitive: boolean): void {
    const place = this.uri.length;
    this.uri.push(uri);
    this.entity.push(entity);
    this.locations.push(locations);
    this.index.push(index);
    this.text.push(text);
    this.caseSensitive.push(caseSensitive);
    this.next.push(-1);
    if (this.lastPlace[name] < 0) this.firstPlace[name] = place;
    else this.next[this.lastPlace[name]] = place;
    this.lastPlace[name] = place;
  }
}

function getOrCreate<K, V>(map: Map<K, V[]>, key: K): V[] {
  let list = map.get(key);
  if (!list) map.set(key, (list = []));
  return list;
}

/** "A", "A and B", "A, B and C" (at most five names, then "and N more"). */
export function listInWords(names: readonly string[]): string {
  const shown = names.length > 5 ? [...names.slice(0, 4), `${names.length - 4} more`] : names;
  return shown.length <= 1 ? (shown[0] ?? '') : `${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1]}`;
}

interface FileState {
  current: ParsedRegistryFile;
  /** Entities in force for this file: the last good state. */
  inForce: Entity[];
  eventTypesInForce: EventType[];
  /**
   * `normaliseName(…, false)` of the names of `inForce` (each entity's name, then its aliases),
   * made by the first build that needs them: later builds reuse them (a state is replaced, never
   * changed), so a build after 10,000 of 200,000 files changed normalises 10,000 files' names.
   */
  nameKeys?: string[];
}

let generationCounter = 0;
/** Items of work (files, entities, names) between two yields of a build in steps. */
const STEP_WORK = 256;
const compareCodeUnits = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Holds every registry file's state; `build()` combines them. */
export class RegistryStore {
  private readonly files = new Map<string, FileState>();
  /**
   * When each file joined the registry. Where two files define the same id, the file that was
   * there first keeps it: a colleague's new file never takes an id away from an existing one.
   */
  private readonly arrival = new Map<string, number>();
  private arrivals = 0;
  /**
   * What a build leaves for the next (issue 15: a branch switch changes 10,000 of 200,000 files):
   * the matcher it made, which the next updates where entries changed instead of building anew;
   * the sorted file list, while no file came or went; each name's matcher entry, reused where
   * it says the same (none of this is ever changed once handed out).
   */
  private lastMatcher: Matcher | undefined;
  private sortedFiles: { version: number; list: string[] } | undefined;
  /** Counts the files' coming and going (a build in progress must not leave a sorted list that is out of date). */
  private fileSetVersion = 0;
  private lastEntries = new Map<string, MatcherEntry>();

  has(uri: string): boolean {
    return this.files.has(uri);
  }

  uris(): string[] {
    return [...this.files.keys()].sort();
  }

  /** The files' URIs in no particular order (no sort: a registry can have 200,000 files). */
  fileUris(): string[] {
    return [...this.files.keys()];
  }

  setFile(uri: string, text: string): void {
    if (!this.arrival.has(uri)) {
      this.arrival.set(uri, this.arrivals++);
      this.fileSetVersion++;
    }
    const parsed = parseRegistryFile(uri, text);
    const previous = this.files.get(uri);
    if (parsed.unreadable) {
      this.files.set(uri, {
        current: parsed,
        inForce: previous?.inForce ?? [],
        eventTypesInForce: previous?.eventTypesInForce ?? [],
      });
      return;
    }
    // Nothing broken (nearly every file): the entities read are those in force, no tables made
    // (a checkout of 200,000 files made 200,000 of each to throw away).
    if (parsed.brokenIds.size === 0) {
      this.files.set(uri, { current: parsed, inForce: parsed.entities, eventTypesInForce: parsed.eventTypes });
      return;
    }
    const previousById = new Map((previous?.inForce ?? []).map((e) => [e.id, e]));
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
    this.files.set(uri, { current: parsed, inForce: inForce.slice(), eventTypesInForce: parsed.eventTypes });
  }

  deleteFile(uri: string): boolean {
    this.arrival.delete(uri);
    if (this.files.has(uri)) this.fileSetVersion++;
    return this.files.delete(uri);
  }

  clear(): void {
    this.files.clear();
    this.arrival.clear();
    this.fileSetVersion++;
  }

  /** The registry of the files as they are now, built at once. */
  build(): Registry {
    return runSteps(this.buildSteps());
  }

  /**
   * The same build in steps: the generator yields after every few hundred items of work, and the
   * caller decides when to go on (the extension host builds a registry of 200,000 entities in
   * slices of a few milliseconds, so it stays responsive; issue 15). The build works on the files
   * as they were when it started: `setFile` and `deleteFile` meanwhile count for the next build.
   */
  *buildSteps(): Generator<void, Registry, void> {
    const entities = new Map<string, Entity>();
    /** The entities in force, in the order of `entities` (walked by index: a Map's iterators allocate in a generator). */
    const entityList: Entity[] = [];
    const diagnostics = new Map<string, CoreDiagnostic[]>();
    const eventTypes: EventType[] = [];
    const seenEventTypes = new Set<string>();
    // Files in precedence order: earliest arrival first. `files` gains a key exactly when the file
    // arrives and loses it when it goes (setFile, deleteFile), so its insertion order is that
    // order: no sort of 200,000 paths per build.
    const uris: string[] = [];
    // The state of each file now, by its place in `uris` (setFile replaces a file's state, never
    // changes it). One pass over the map: a lookup per file was a step of 50-140 ms at 200,000.
    const states: FileState[] = [];
    this.files.forEach((state, uri) => {
      uris.push(uri);
      states.push(state);
    });
    // The same files as the last build's (a branch switch that changes files): the same sorted list.
    const version = this.fileSetVersion;
    const sortedUris = this.sortedFiles?.version === version ? this.sortedFiles.list : yield* sortSteps(uris.slice(), compareCodeUnits);
    this.sortedFiles = { version, list: sortedUris };
    let work = 0;
    /** A file's list, copied from the parsed file's own before the build adds to it. */
    const own = new Set<string>();
    const diagnosticsOf = (uri: string): CoreDiagnostic[] => {
      let list = diagnostics.get(uri)!;
      if (!own.has(uri)) {
        own.add(uri);
        diagnostics.set(uri, (list = list.slice()));
      }
      return list;
    };
    /**
     * Per file, aligned with its entities in force: each winner's locations in the current text
     * (null where the entity is not from the current text), undefined for an entity that lost its
     * id to an earlier one. Arrays, not lookups by id: a file may hold 30,000 entities. Left out
     * (ALL_WIN) for a file whose entities all won and are those of its current text (nearly every
     * file: 200,000 arrays a build to throw away).
     */
    const winners: ((EntityLocations | null | undefined)[] | undefined)[] = new Array<(EntityLocations | null | undefined)[] | undefined>(uris.length);

    for (let file = 0; file < uris.length; file++) {
      if (++work >= STEP_WORK) {
        work = 0;
        yield;
      }
      const uri = uris[file];
      const state = states[file];
      // The parsed file's list until the build adds to it (most files have none to add).
      diagnostics.set(uri, state.current.diagnostics);
      const allCurrent = state.inForce === state.current.entities && !state.current.unreadable;
      let current: Set<Entity> | Entity[] | undefined;
      let currentById: Map<string, Entity> | undefined;
      let located: (EntityLocations | null | undefined)[] | undefined;
      const inForce = state.inForce;
      for (let position = 0; position < inForce.length; position++) {
        const entity = inForce[position];
        const first = entities.get(entity.id);
        if (first) {
          located ??= allCurrent ? inForce.slice(0, position).map((e) => state.current.locations.get(e.id) ?? null) : [];
          located.push(undefined);
          // Report duplicates against the current text of this file only.
          currentById ??= firstById(state.current.entities);
          const fresh = currentById.get(entity.id);
          if (fresh && !state.current.unreadable) {
            diagnosticsOf(uri).push({
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
        entityList.push(entity);
        if (allCurrent && !located) continue;
        located ??= [];
        current ??= state.current.entities.length > 8 ? new Set(state.current.entities) : state.current.entities;
        const fromCurrentText = !state.current.unreadable && (current instanceof Set ? current.has(entity) : current.includes(entity));
        located.push((fromCurrentText && state.current.locations.get(entity.id)) || null);
      }
      winners[file] = located;
      for (const eventType of state.eventTypesInForce) {
        if (!seenEventTypes.has(eventType.id)) {
          seenEventTypes.add(eventType.id);
          eventTypes.push(eventType);
        }
      }
    }

    // References to unknown ids, reported where the current text has them; the names of all
    // entities, grouped by the text they match, for the shared-name check and the matcher.
    // Each name by number, in the order first seen: its normalised form, its text as first written,
    // and its owners: the one id (soleOwner) while one entity has it case-insensitively, else a NameOwners.
    const names = new Map<string, number>();
    const nameList: string[] = [];
    const firstTexts: string[] = [];
    const soleOwner: string[] = [];
    const fullOwners: (NameOwners | undefined)[] = [];
    const places = new NamePlaces();
    const wikidataOwners = new Map<string, Entity>();
    for (let file = 0; file < uris.length; file++) {
      const uri = uris[file];
      const state = states[file];
      const located = winners[file];
      const nameKeys = (state.nameKeys ??= keysOfNames(state.inForce));
      let nameAt = 0;
      for (let position = 0; position < state.inForce.length; position++) {
        if (++work >= STEP_WORK) {
          work = 0;
          yield;
        }
        const entity = state.inForce[position];
        const firstName = nameAt;
        nameAt += 1 + entity.aliases.length;
        const locations = located ? located[position] : state.current.locations.get(entity.id) || null;
        if (locations === undefined) continue;
        if (locations) {
          for (let ref = 0; ref < locations.referenceCount; ref++) {
            const id = locations.referenceId(ref);
            const field = locations.referenceField(ref);
            const target = entities.get(id);
            if (!target) {
              diagnosticsOf(uri).push({
                severity: 'error',
                code: 'unknown-reference',
                message: `Unknown entity id \`${id}\` in \`${field}\`.`,
                range: locations.referenceRange(ref),
              });
            } else if (field === 'post' && target.type !== 'position') {
              diagnosticsOf(uri).push({
                severity: 'error',
                code: 'invalid-post',
                message: `\`post\` names \`${id}\` (${target.name}), a ${target.type}: a post is an entity of type \`position\`.`,
                range: locations.referenceRange(ref),
              });
            }
          }
        }
        if (entity.wikidata !== undefined) {
          const first = wikidataOwners.get(entity.wikidata);
          if (!first) wikidataOwners.set(entity.wikidata, entity);
          else if (locations) {
            diagnosticsOf(uri).push({
              severity: 'error',
              code: 'duplicate-wikidata',
              message: `Wikidata ${entity.wikidata} is already \`${first.id}\` (${first.name}): two entries for one real-world entity. Merge them, or correct the QID.`,
              range: entity.source.entryRange,
              related: [{ file: first.source.file, range: first.source.idRange, message: 'the entity with this QID' }],
            });
          }
        }
        // The name first, then each alias, as in the entity's locations.
        for (let index = 0; index <= entity.aliases.length; index++) {
          const text = index === 0 ? entity.name : entity.aliases[index - 1].text;
          const caseSensitive = index === 0 ? isShortCapitals(text) : entity.aliases[index - 1].caseSensitive;
          // The forms are normalised once, for the shared-name check and the matcher alike.
          const key = nameKeys[firstName + index];
          let name = names.get(key);
          let owners: NameOwners | undefined;
          if (name === undefined) {
            name = nameList.length;
            names.set(key, name);
            nameList.push(key);
            firstTexts.push(text);
            soleOwner.push(caseSensitive ? '' : entity.id);
            fullOwners.push((owners = caseSensitive ? { insensitive: [], sensitive: undefined } : undefined));
            places.firstPlace.push(-1);
            places.lastPlace.push(-1);
          } else {
            owners = fullOwners[name];
            if (!owners && (caseSensitive || soleOwner[name] !== entity.id)) {
              fullOwners[name] = owners = { insensitive: [soleOwner[name]], sensitive: undefined };
              soleOwner[name] = '';
            }
          }
          if (owners) {
            const list = caseSensitive ? getOrCreate((owners.sensitive ??= new Map<string, string[]>()), normaliseName(text, true)) : owners.insensitive;
            // Each entity's forms come one after another: comparing the last owner suffices (includes was quadratic on a name 50,000 entities share).
            if (list[list.length - 1] !== entity.id) list.push(entity.id);
          }
          // (With an id twice in one file, the locations are those of its last entry: it may have fewer names.)
          if (locations && index < locations.nameCount) places.add(name, uri, entity.id, locations, index, text, caseSensitive);
        }
      }
    }

    // Roles naming a post take its title and body unless they wrote their own; holders by post.
    const holders = new Map<string, Holder[]>();
    for (let at = 0; at < entityList.length; at++) {
      const entity = entityList[at];
      if (++work >= STEP_WORK) {
        work = 0;
        yield;
      }
      for (const role of entity.roles) {
        if (role.post === undefined) continue;
        const post = entities.get(role.post);
        if (!role.titleWritten) role.title = post?.name ?? role.post;
        if (!role.ofWritten) {
          if (post?.of !== undefined) role.of = post.of;
          else delete role.of;
        }
        if (post?.type === 'position') getOrCreate(holders, post.id).push({ entityId: entity.id, role });
      }
    }

    // One matcher entry per (form, case rule). A form several entities share, or a position's,
    // gets a key of its own that resolution turns into the entity meant (core/resolution.ts).
    const groups = new Map<string, readonly string[]>();
    const matcherEntries: MatcherEntry[] = [];
    // The insensitive entries by form: the last build's, those of this build added (a fresh map once it holds many left over).
    const lastEntries = this.lastEntries;
    const entries = lastEntries.size > 2 * nameList.length + 1024 ? new Map<string, MatcherEntry>() : lastEntries;
    /** The last build's entry where it says the same (nearly every name): 200,000 objects a build fewer. */
    const insensitiveEntry = (key: string, entityId: string, text: string): MatcherEntry => {
      const last = lastEntries.get(key);
      if (last && last.entityId === entityId && last.text === text) return last;
      const entry: MatcherEntry = { text, entityId, caseSensitive: false, key, sensitiveForm: '' };
      entries.set(key, entry);
      return entry;
    };
    const keyFor = (ids: readonly string[]): string => {
      if (ids.length === 1 && entities.get(ids[0])!.type !== 'position') return ids[0];
      const key = `${GROUP_KEY_PREFIX}${groups.size}`;
      groups.set(key, Object.freeze(ids.slice()));
      return key;
    };
    // Phrases that are no entity (`notAliases`): one entry each, unless an entity has the phrase
    // as a name (then the name counts). The registry's matcher drops their hits (notEntityMatcher).
    const notAliasKeys = new Set<string>();
    for (let at = 0; at < entityList.length; at++) {
      const entity = entityList[at];
      if (++work >= STEP_WORK) {
        work = 0;
        yield;
      }
      for (const text of entity.notAliases ?? []) {
        const key = normaliseName(text, false);
        if (names.has(key) || notAliasKeys.has(key)) continue;
        notAliasKeys.add(key);
        matcherEntries.push({ text, entityId: NOT_AN_ENTITY_KEY, caseSensitive: false, key, sensitiveForm: '' });
      }
    }
    for (let name = 0; name < nameList.length; name++) {
      if (++work >= STEP_WORK) {
        work = 0;
        yield;
      }
      const key = nameList[name];
      const firstText = firstTexts[name];
      const owners = fullOwners[name];
      if (!owners) {
        // One entity has the name (case-insensitively): its id is the entry (a position's name
        // has a group of its own, as keyFor makes it), and there is no one to share it with.
        const id = soleOwner[name];
        const entityId = entities.get(id)!.type !== 'position' ? id : keyFor([id]);
        matcherEntries.push(insensitiveEntry(key, entityId, firstText));
        continue;
      }
      // Case-sensitive forms first: the matcher takes the first entry whose case rule a text passes,
      // and a text written as the case-sensitive form can also mean the insensitive owners.
      for (const [sensitiveForm, ids] of owners.sensitive ?? []) {
        const own = new Set(ids);
        const all = ids.concat(owners.insensitive.filter((id) => !own.has(id)));
        matcherEntries.push({ text: firstText, entityId: keyFor(all), caseSensitive: true, key, sensitiveForm });
      }
      if (owners.insensitive.length > 0) {
        const entityId = keyFor(owners.insensitive);
        matcherEntries.push(insensitiveEntry(key, entityId, firstText));
      }
      // Places of a name one entity has alone (nearly every name) name no other: no tables made for them.
      if (places.firstPlace[name] < 0 || (owners.sensitive === undefined && owners.insensitive.length <= 1)) continue;
      // A shared name is no error: mentions of it are resolved per document (SPEC §9). Say so where it is written.
      // The sharers are collected once per name and each place names only the first few: a
      // hostile registry can give 200,000 entities one name, and a list per place would be quadratic.
      let everyOwner: Set<string> | undefined;
      let sensitiveSharers: Map<string, Set<string>> | undefined;
      for (let at = places.firstPlace[name]; at >= 0; at = places.next[at]) {
        const place = { entity: places.entity[at], text: places.text[at] };
        let sharers: Set<string>;
        if (places.caseSensitive[at]) {
          const form = normaliseName(place.text, true);
          sensitiveSharers ??= new Map<string, Set<string>>();
          sharers = sensitiveSharers.get(form) ?? new Set((owners.sensitive?.get(form) ?? []).concat(owners.insensitive));
          sensitiveSharers.set(form, sharers);
        } else {
          if (!everyOwner) {
            everyOwner = new Set(owners.insensitive);
            for (const list of owners.sensitive?.values() ?? []) for (const id of list) everyOwner.add(id);
          }
          sharers = everyOwner;
        }
        const othersCount = sharers.has(place.entity) ? sharers.size - 1 : sharers.size;
        if (othersCount === 0) continue;
        const others: string[] = [];
        for (const id of sharers) {
          if (others.length === 10) break;
          if (id !== place.entity) others.push(id);
        }
        const ids = [place.entity, ...others.slice(0, 4)];
        const names = ids.map((id) => entities.get(id)!.name);
        // Two entities of one name (two John Smiths) are told apart by their ids.
        const named = names.map((name, k) => (names.indexOf(name) !== names.lastIndexOf(name) ? `${name} (${ids[k]})` : name));
        const inWords = othersCount + 1 > 5 ? `${named.slice(0, 4).join(', ')} and ${othersCount + 1 - 4} more` : listInWords(named);
        diagnosticsOf(places.uri[at]).push({
          severity: 'info',
          code: 'shared-name',
          message: `“${place.text}” names ${inWords}: mentions are resolved from context.`,
          range: places.locations[at].nameRange(places.index[at]),
          related: others.slice(0, 10).map((id) => ({
            file: entities.get(id)!.source.file,
            range: entities.get(id)!.source.idRange,
            message: `${entities.get(id)!.name} is defined here`,
          })),
        });
      }
    }

    const members = new Map<string, string[]>();
    for (let at = 0; at < entityList.length; at++) {
      const entity = entityList[at];
      if (++work >= STEP_WORK) {
        work = 0;
        yield;
      }
      for (const body of entity.affiliations) getOrCreate(members, body).push(entity.id);
    }
    const contextSlots = contextSlotsOf(entities, members, groups.values(), holders.values());

    // The counts are of every problem, those left out of a file's capped list too.
    let errorCount = 0;
    let warningCount = 0;
    // (`diagnostics` has the files in the order of `uris`.)
    for (let file = 0; file < uris.length; file++) {
      if (++work >= STEP_WORK) {
        work = 0;
        yield;
      }
      const uri = uris[file];
      const list = diagnostics.get(uri)!;
      for (const d of list) {
        if (d.severity === 'error') errorCount++;
        else if (d.severity === 'warning') warningCount++;
      }
      if (list.length > MAX_DIAGNOSTICS_PER_FILE) diagnostics.set(uri, cappedDiagnostics(list));
    }
    const matcher = yield* createMatcherSteps(matcherEntries, this.lastMatcher);
    this.lastMatcher = matcher;
    if (entries !== lastEntries) for (const entry of matcherEntries) if (!entry.caseSensitive && entry.key !== undefined) entries.set(entry.key, entry);
    this.lastEntries = entries;
    return {
      entities,
      eventTypes,
      diagnostics,
      matcher: notAliasKeys.size > 0 ? notEntityMatcher(matcher) : matcher,
      contextSlots,
      members,
      candidatesOf: (key: string) => (key.charCodeAt(0) === 0 ? (groups.get(key) ?? []) : [key]),
      holders,
      files: sortedUris,
      errorCount,
      warningCount,
      generation: ++generationCounter,
    };
  }
}

/** Registry.contextSlots: the contested entities first, then what their scores look at. */
function contextSlotsOf(
  entities: ReadonlyMap<string, Entity>,
  members: ReadonlyMap<string, readonly string[]>,
  groups: Iterable<readonly string[]>,
  holders: Iterable<readonly Holder[]>,
): Map<string, number> {
  const slots = new Map<string, number>();
  const add = (id: string): void => {
    if (!slots.has(id)) slots.set(id, slots.size);
  };
  for (const group of groups) for (const id of group) add(id);
  for (const list of holders) for (const holder of list) add(holder.entityId);
  const contested = [...slots.keys()];
  if (contested.length === 0) return slots;
  const broad = (id: string): boolean => {
    const type = entities.get(id)?.type;
    return type === 'state' || type === 'place';
  };
  for (const id of contested) {
    const entity = entities.get(id);
    if (!entity) continue;
    for (const body of entity.affiliations) {
      add(body);
      if (!broad(body)) for (const member of members.get(body) ?? []) add(member);
    }
    for (const role of entity.roles) if (role.of !== undefined) add(role.of);
    for (const member of members.get(id) ?? []) add(member);
  }
  return slots;
}

/**
 * The most diagnostics one registry file shows (issue 17: a hostile 350 KB file gave 50,000, which
 * the Problems view and the CLI drown in). The rest are summed up by one diagnostic at the start
 * of the file; `Registry.errorCount` and `warningCount` still count them all.
 */
export const MAX_DIAGNOSTICS_PER_FILE = 1000;

const SEVERITY_RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/**
 * A file's diagnostics cut to MAX_DIAGNOSTICS_PER_FILE: the summary first, then the most severe
 * (errors before warnings before information, earlier before later), in their order in the list.
 */
function cappedDiagnostics(list: readonly CoreDiagnostic[]): CoreDiagnostic[] {
  const keep = MAX_DIAGNOSTICS_PER_FILE - 1;
  const rank = (d: CoreDiagnostic): number => SEVERITY_RANK[d.severity];
  const order = list.map((_, index) => index).sort((a, b) => rank(list[a]) - rank(list[b]) || a - b);
  const kept = order.slice(0, keep).sort((a, b) => a - b);
  const left = order.slice(keep).map((index) => list[index]);
  const count = (severity: Severity): number => left.filter((d) => d.severity === severity).length;
  const errors = count('error');
  const warnings = count('warning');
  const others = left.length - errors - warnings;
  const parts = [
    errors && `${errors} error${errors === 1 ? '' : 's'}`,
    warnings && `${warnings} warning${warnings === 1 ? '' : 's'}`,
    others && `${others} note${others === 1 ? '' : 's'}`,
  ].filter(Boolean);
  const summary: CoreDiagnostic = {
    severity: errors > 0 ? 'error' : warnings > 0 ? 'warning' : 'info',
    code: 'too-many-problems',
    message: `… and ${left.length} more problems in this file (${listInWords(parts as string[])}), not listed: a file shows at most ${keep}, errors first. The rest show as these are fixed.`,
    range: { start: { line: 0, character: 0, offset: 0 }, end: { line: 0, character: 0, offset: 0 } },
  };
  return [summary, ...kept.map((index) => list[index])];
}

/** `normaliseName(…, false)` of each entity's name, then its aliases, for all of `list` (FileState.nameKeys). */
function keysOfNames(list: readonly Entity[]): string[] {
  const keys: string[] = [];
  for (const entity of list) {
    keys.push(normaliseName(entity.name, false));
    for (const alias of entity.aliases) keys.push(normaliseName(alias.text, false));
  }
  return keys;
}

/** Each id's first entity in `list`. */
function firstById(list: readonly Entity[]): Map<string, Entity> {
  const byId = new Map<string, Entity>();
  for (const entity of list) if (!byId.has(entity.id)) byId.set(entity.id, entity);
  return byId;
}

function describeFile(file: string, from: string): string {
  if (file === from) return 'this file';
  const slash = file.lastIndexOf('/');
  return slash >= 0 ? file.slice(slash + 1) : file;
}
