// Authoring the registry (SPEC §4 `addEntity`, `addAlias`): computes the smallest text insertion
// that adds an entity or aliases to a registry file, so comments, key order and the formatting
// of everything else stay exactly as they were. Every result is verified by parsing the new text
// again; a file that does not parse is never touched.

import { isMap, isScalar, isSeq, parse as parseYaml, parseDocument } from 'yaml';
import type { Node as YamlNode, Pair, YAMLMap } from 'yaml';
import { isShortCapitals, normaliseName } from './charTables';
import { ENTITY_ID_PATTERN, parseRegistryFile } from './registry';
import type { ParsedRegistryFile, Registry } from './registry';
import { ENTITY_TYPES } from './types';
import { rethrowIfYamlNotLoaded } from './yamlLibraryLoading';
import type { Alias, Entity, EntityType } from './types';

/** Replace `[start, end)` of the original text (UTF-16 offsets); edits are sorted and disjoint. */
export interface RegistryTextEdit {
  start: number;
  end: number;
  newText: string;
}

export type RegistryEditErrorCode =
  | 'invalid-id'
  | 'duplicate-id'
  | 'invalid-name'
  | 'invalid-type'
  | 'alias-exists'
  | 'unknown-entity'
  | 'unparseable'
  | 'single-entity-file'
  | 'unsupported-shape'
  | 'verification-failed';

export type RegistryEditResult =
  | {
      ok: true;
      edits: RegistryTextEdit[];
      /** The whole new text of the file. */
      text: string;
      /** Where the new entry's `id` value (addEntity) or the first new alias (addAlias) stands in `text`. */
      focus: { start: number; end: number };
    }
  | { ok: false; code: RegistryEditErrorCode; message: string };

export interface NewAlias {
  text: string;
  /** Write `{ text, caseSensitive: true }`. */
  caseSensitive?: boolean;
}

export interface NewEntity {
  id: string;
  name: string;
  type: EntityType;
  aliases?: (string | NewAlias)[];
}

type Failure = Extract<RegistryEditResult, { ok: false }>;

function fail(code: RegistryEditErrorCode, message: string): Failure {
  return { ok: false, code, message };
}

// ---------------------------------------------------------------------------------------------
// Ids from names

const LATIN_SPECIALS: Record<string, string> = {
  ß: 'ss',
  æ: 'ae',
  Æ: 'ae',
  œ: 'oe',
  Œ: 'oe',
  ø: 'o',
  Ø: 'o',
  ł: 'l',
  Ł: 'l',
  đ: 'd',
  Đ: 'd',
  ð: 'd',
  Ð: 'd',
  þ: 'th',
  Þ: 'th',
  ı: 'i',
  ħ: 'h',
  Ħ: 'h',
  ŋ: 'ng',
};

const CYRILLIC: Record<string, string> = {
  а: 'a',
  б: 'b',
  в: 'v',
  г: 'g',
  д: 'd',
  е: 'e',
  ё: 'yo',
  ж: 'zh',
  з: 'z',
  и: 'i',
  й: 'y',
  к: 'k',
  л: 'l',
  м: 'm',
  н: 'n',
  о: 'o',
  п: 'p',
  р: 'r',
  с: 's',
  т: 't',
  у: 'u',
  ф: 'f',
  х: 'kh',
  ц: 'ts',
  ч: 'ch',
  ш: 'sh',
  щ: 'shch',
  ъ: '',
  ы: 'y',
  ь: '',
  э: 'e',
  ю: 'yu',
  я: 'ya',
  і: 'i',
  ї: 'yi',
  є: 'ye',
  ґ: 'g',
};

/**
 * The id an analyst would write for a name: `Ali Larijani` → `ali-larijani`, `Tōkyō` → `tokyo`,
 * `Mohammed Shia’ al-Sudani` → `mohammed-shia-al-sudani`. Accents and Cyrillic are
 * transliterated; a name in another script (Arabic, Persian, Hebrew, CJK…) gives `undefined`:
 * the user has to choose the id.
 */
export function slugify(name: string): string | undefined {
  let out = '';
  // Cyrillic first (й must not lose its breve), then accents are dropped from the decomposition.
  const cyrillicDone = [...name.normalize('NFC')].map((ch) => CYRILLIC[ch.toLowerCase()] ?? ch).join('');
  for (const ch of cyrillicDone.normalize('NFKD')) {
    if (/\p{M}/u.test(ch)) continue;
    const lower = ch.toLowerCase();
    if (/[a-z0-9]/.test(lower)) out += lower;
    else if (LATIN_SPECIALS[ch] !== undefined) out += LATIN_SPECIALS[ch];
    else if (/[’'ʼ‘`]/.test(ch))
      continue; // Shia’ → shia, O'Brien → obrien
    else if (/[\p{L}\p{N}]/u.test(ch))
      return undefined; // another script: ask
    else out += '-';
  }
  const slug = out.replace(/-+/g, '-').replace(/^-|-$/g, '');
  return slug && ENTITY_ID_PATTERN.test(slug) ? slug : undefined;
}

/** `slugify(name)`, made unique against `taken` with `-2`, `-3`…; undefined when it cannot be derived. */
export function suggestEntityId(name: string, taken: (id: string) => boolean): string | undefined {
  const base = slugify(name);
  if (!base) return undefined;
  if (!taken(base)) return base;
  for (let n = 2; ; n++) if (!taken(`${base}-${n}`)) return `${base}-${n}`;
}

/**
 * A selected text as a name: white space collapsed, surrounding quotes and punctuation and a
 * final possessive dropped (“Hezbollah’s” → “Hezbollah”).
 */
export function nameFromSelection(text: string): string {
  let name = text.replace(/\s+/g, ' ').trim();
  for (let previous = ''; previous !== name;) {
    previous = name;
    name = name
      .replace(/^[\s"“”‘’'«»([{*_]+/, '')
      .replace(/(?<!(?:^|[.\s])\p{L})[\s"“”‘’'«»)\]}*_.,;:!?،؛؟]+$/u, '')
      .replace(/['’]s$/i, '')
      .trim();
  }
  return name;
}

// ---------------------------------------------------------------------------------------------
// Checks against the registry in force (shared by the command and the quick fixes)

/** Which entity already uses a name or alias (SPEC §2 normalisation), if any. */
export function ownerOfName(
  registry: Pick<Registry, 'entities'>,
  text: string,
  caseSensitive = isShortCapitals(text),
): { entity: Entity; as: string } | undefined {
  const key = normaliseName(text, false);
  const sensitive = normaliseName(text, true);
  if (!key) return undefined;
  for (const entity of registry.entities.values()) {
    const names: Alias[] = [{ text: entity.name, caseSensitive: isShortCapitals(entity.name) }, ...entity.aliases];
    for (const n of names) {
      if (normaliseName(n.text, false) !== key) continue;
      // Two case-sensitive forms only collide when written alike ("US" vs "Us" do not).
      if (n.caseSensitive && caseSensitive && normaliseName(n.text, true) !== sensitive) continue;
      return { entity, as: n.text };
    }
  }
  return undefined;
}

/** Why a new entity cannot be added to the registry, or undefined when it can. */
export function checkNewEntity(registry: Pick<Registry, 'entities'>, entity: NewEntity): Failure | undefined {
  if (!ENTITY_ID_PATTERN.test(entity.id)) {
    return fail('invalid-id', `Invalid id “${entity.id}”: use lower case letters, digits, “.”, “_” and “-”, starting with a letter or digit.`);
  }
  const existing = registry.entities.get(entity.id);
  if (existing) return fail('duplicate-id', `The id “${entity.id}” is already used by ${existing.name} (${existing.type}).`);
  if (!normaliseName(entity.name, false)) return fail('invalid-name', 'The name of an entity cannot be empty.');
  if (!(ENTITY_TYPES as readonly string[]).includes(entity.type)) {
    return fail('invalid-type', `Unknown type “${entity.type}”: use one of ${ENTITY_TYPES.join(', ')}.`);
  }
  // A name another entity has too is allowed (SPEC §1, 0.2): `sharedNameNotes` says what it means.
  return undefined;
}

/**
 * What adding these names to `entityId` (undefined: a new entity) does to names other entities
 * have: e.g. "“Larijani” is now ambiguous: it is also an alias of Ali Larijani (ali-larijani);
 * its mentions are resolved from context." Empty when no name is shared.
 */
export function sharedNameNotes(registry: Pick<Registry, 'entities'>, entityId: string | undefined, names: readonly (string | NewAlias)[]): string[] {
  const notes: string[] = [];
  for (const name of names) {
    const text = aliasText(name).trim();
    const caseSensitive = typeof name === 'string' ? isShortCapitals(text) : (name.caseSensitive ?? isShortCapitals(text));
    const owners = ownersOfName(registry, text, caseSensitive).filter((o) => o.entity.id !== entityId);
    if (owners.length === 0) continue;
    const described = owners.map((o) => `${o.as === o.entity.name ? 'the name' : 'an alias'} of ${o.entity.name} (${o.entity.id})`);
    notes.push(`“${text}” is now ambiguous: it is also ${described.join(' and ')}; its mentions are resolved from context (hover one to see the candidates).`);
  }
  return notes;
}

/** Every entity that uses a name or alias (as `ownerOfName`, all of them). */
function ownersOfName(registry: Pick<Registry, 'entities'>, text: string, caseSensitive: boolean): { entity: Entity; as: string }[] {
  const key = normaliseName(text, false);
  const sensitive = normaliseName(text, true);
  const out: { entity: Entity; as: string }[] = [];
  if (!key) return out;
  for (const entity of registry.entities.values()) {
    const names: Alias[] = [{ text: entity.name, caseSensitive: isShortCapitals(entity.name) }, ...entity.aliases];
    const match = names.find((n) => normaliseName(n.text, false) === key && !(n.caseSensitive && caseSensitive && normaliseName(n.text, true) !== sensitive));
    if (match) out.push({ entity, as: match.text });
  }
  return out;
}

/** Why `alias` cannot become an alias of `entityId`, or undefined when it can. */
export function checkNewAlias(registry: Pick<Registry, 'entities'>, entityId: string, alias: string | NewAlias): Failure | undefined {
  const text = aliasText(alias).trim();
  const entity = registry.entities.get(entityId);
  if (!entity) return fail('unknown-entity', `No entity with id “${entityId}” in the registry.`);
  if (!normaliseName(text, false)) return fail('invalid-name', 'An alias cannot be empty.');
  const caseSensitive = typeof alias === 'string' ? isShortCapitals(text) : (alias.caseSensitive ?? isShortCapitals(text));
  const owner = ownerOfName(registry, text, caseSensitive);
  if (owner && owner.entity.id === entityId) return fail('alias-exists', `“${text}” is already a name of ${entity.name}.`);
  if (ownersOfName(registry, text, caseSensitive).some((o) => o.entity.id === entityId))
    return fail('alias-exists', `“${text}” is already a name of ${entity.name}.`);
  // Another entity's name is allowed: the alias becomes ambiguous (sharedNameNotes).
  return undefined;
}

function aliasText(alias: string | NewAlias): string {
  return typeof alias === 'string' ? alias : alias.text;
}

// ---------------------------------------------------------------------------------------------
// YAML scalars as we write them

/** Words YAML 1.1 readers (PyYAML, older tools) take for booleans or null: quoted for them. */
const YAML_11_SPECIAL = /^(y|n|yes|no|on|off|true|false|null|~)$/i;

/** Characters that may not start a plain scalar. */
const INDICATOR_START = /^[-?:,[\]{}#&*!|>'"%@`\s]/;

/**
 * A string as a YAML scalar: plain when that reads back as the same string, else double-quoted.
 * `flow`: the scalar stands inside `[…]` or `{…}`, where `,[]{}` end a plain scalar.
 */
export function yamlScalar(value: string, flow: boolean): string {
  const plainOk =
    value.length > 0 &&
    !INDICATOR_START.test(value) &&
    !/\s$/.test(value) &&
    !/[\r\n\t]/.test(value) &&
    !/: |:$| #/.test(value) &&
    !(flow && /[,[\]{}]/.test(value)) &&
    !YAML_11_SPECIAL.test(value) &&
    readsBackAs(value, flow);
  if (plainOk) return value;
  // JSON strings are valid YAML double-quoted scalars.
  return JSON.stringify(value);
}

function readsBackAs(value: string, flow: boolean): boolean {
  try {
    if (flow && (parseYaml(`[${value}]`) as unknown[] | null)?.[0] !== value) return false;
    return (parseYaml(`k: ${value}`) as { k?: unknown } | null)?.k === value;
  } catch (error) {
    rethrowIfYamlNotLoaded(error); // not an answer about the value: the caller loads the library and asks again
    return false;
  }
}

function aliasYaml(alias: string | NewAlias, flow: boolean): string {
  if (typeof alias === 'string' || !alias.caseSensitive) return yamlScalar(aliasText(alias).trim(), flow);
  return `{ text: ${yamlScalar(alias.text.trim(), true)}, caseSensitive: true }`;
}

// ---------------------------------------------------------------------------------------------
// Line helpers

class Lines {
  readonly starts: number[] = [0];
  constructor(readonly text: string) {
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }
  get count(): number {
    // A final line break does not open another line.
    return this.text.endsWith('\n') ? this.starts.length - 1 : this.starts.length;
  }
  lineOf(offset: number): number {
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.starts[mid] <= offset) low = mid;
      else high = mid - 1;
    }
    return low;
  }
  column(offset: number): number {
    return offset - this.starts[this.lineOf(offset)];
  }
  line(n: number): string {
    const start = this.starts[n];
    const next = n + 1 < this.starts.length ? this.starts[n + 1] : this.text.length;
    return this.text.slice(start, next).replace(/\r?\n$/, '');
  }
  /** Offset of the start of the line after `n` (the end of the text when `n` is the last line). */
  after(n: number): number {
    return n + 1 < this.starts.length ? this.starts[n + 1] : this.text.length;
  }
  indent(n: number): number {
    return /^[ \t]*/.exec(this.line(n))![0].length;
  }
  isBlank(n: number): boolean {
    return this.line(n).trim() === '';
  }
  isComment(n: number): boolean {
    return this.line(n).trimStart().startsWith('#');
  }
  eol(): string {
    return this.text.includes('\r\n') ? '\r\n' : '\n';
  }
}

/**
 * The last line of a block collection item or mapping value that starts on `line` and whose
 * content is indented deeper than `column`: continuation lines and comment lines deeper than
 * `column` belong to it; a comment at `column` or less (a section header) and blank lines after
 * the content do not.
 */
function lastLineOfBlock(lines: Lines, line: number, column: number): number {
  let last = line;
  for (let n = line + 1; n < lines.count; n++) {
    if (lines.isBlank(n)) continue;
    if (lines.indent(n) <= column) break;
    if (/^---|^\.\.\./.test(lines.line(n))) break;
    last = n;
  }
  return last;
}

/** Column of the `-` that introduces a block sequence item whose content starts at `offset`. */
function dashBefore(text: string, offset: number): number | undefined {
  for (let i = offset - 1; i >= 0; i--) {
    const ch = text[i];
    if (ch === '-') return i;
    if (ch !== ' ' && ch !== '\t' && ch !== '\n' && ch !== '\r') return undefined;
  }
  return undefined;
}

/** The insertion text starting at `at` on its own line(s): adds the missing line break before. */
function insertLines(text: string, at: number, body: string, eol: string): RegistryTextEdit {
  const needsBreak = at > 0 && at === text.length && !text.endsWith('\n');
  return { start: at, end: at, newText: (needsBreak ? eol : '') + body };
}

function applyEdits(text: string, edits: readonly RegistryTextEdit[]): string {
  let out = '';
  let last = 0;
  for (const e of [...edits].sort((a, b) => a.start - b.start)) {
    out += text.slice(last, e.start) + e.newText;
    last = e.end;
  }
  return out + text.slice(last);
}

// ---------------------------------------------------------------------------------------------
// Reading the file

interface ReadFile {
  lines: Lines;
  root: YAMLMap | undefined;
  /** `entities:` value, when the file has one. */
  entities: YamlNode | undefined;
  entitiesPair: Pair | undefined;
  single: boolean;
}

function readFile(text: string, uri: string): ReadFile | Failure {
  const parsed = parseRegistryFile(uri, text);
  if (parsed.unreadable) {
    const first = parsed.diagnostics.find((d) => d.severity === 'error');
    const where = first ? ` (line ${first.range.start.line + 1}: ${first.message})` : '';
    return fail('unparseable', `The registry file cannot be read${where}. Fix it first; it was not changed.`);
  }
  const doc = parseDocument(text, { uniqueKeys: true });
  if (doc.errors.length > 0) return fail('unparseable', `The registry file has a YAML error: ${doc.errors[0].message.split('\n')[0]}. It was not changed.`);
  const lines = new Lines(text);
  const contents = doc.contents as YamlNode | null;
  if (contents === null || (isScalar(contents) && (contents.value === null || contents.value === ''))) {
    return { lines, root: undefined, entities: undefined, entitiesPair: undefined, single: false };
  }
  if (!isMap(contents)) return fail('unsupported-shape', 'The registry file does not hold a mapping; it was not changed.');
  const entitiesPair = contents.items.find((p) => isScalar(p.key) && p.key.value === 'entities');
  const single = !entitiesPair && (contents.has('id') || contents.has('name') || contents.has('type'));
  return { lines, root: contents, entities: (entitiesPair?.value ?? undefined) as YamlNode | undefined, entitiesPair, single };
}

/** How a registry file can take new entities: as a list, or not at all (one entity per file). */
export function registryFileLayout(text: string): 'list' | 'empty' | 'single' | 'unreadable' {
  const read = readFile(text, 'file:///layout.yaml');
  if ('ok' in read) return 'unreadable';
  if (read.single) return 'single';
  if (!read.root) return 'empty';
  return 'list';
}

/** Which style the file uses for `aliases:` lists (the more frequent one; flow when there are none). */
function aliasStyle(root: YAMLMap | undefined, lines: Lines): { flow: boolean; dashOffset: number } {
  let flow = 0;
  let block = 0;
  let dashOffset = 2;
  const visit = (entity: unknown) => {
    if (!isMap(entity)) return;
    const pair = entity.items.find((p) => isScalar(p.key) && p.key.value === 'aliases');
    if (!pair || !isSeq(pair.value)) return;
    if (pair.value.flow) flow++;
    else {
      block++;
      const first = pair.value.items[0] as YamlNode | undefined;
      const dash = first?.range ? dashBefore(lines.text, first.range[0]) : undefined;
      if (dash !== undefined && (pair.key as YamlNode).range) dashOffset = lines.column(dash) - lines.column((pair.key as YamlNode).range![0]);
    }
  };
  if (root) {
    const entities = root.get('entities', true);
    if (isSeq(entities)) for (const item of entities.items) visit(item);
    else visit(root);
  }
  // A tie goes to the block style of the SPEC's example; a file without lists gets the compact form.
  return { flow: flow + block === 0 || flow > block, dashOffset: Math.max(0, dashOffset) };
}

function sameEntity(a: Entity, b: Entity): boolean {
  const strip = (e: Entity) => JSON.stringify({ ...e, source: undefined });
  return strip(a) === strip(b);
}

// ---------------------------------------------------------------------------------------------
// addEntity

/** The text of a new one-entity file (the `entities/<id>.yaml` layout). */
export function newEntityFileText(entity: NewEntity, eol = '\n'): string {
  return serialiseEntity(entity, '', '', { flow: false, dashOffset: 2 }).join(eol) + eol;
}

/** The text of a new list-layout registry file. */
export function newRegistryFileText(entity: NewEntity, eol = '\n'): string {
  return ['entities:', ...serialiseEntity(entity, '  - ', '    ', { flow: true, dashOffset: 2 })].join(eol) + eol;
}

/** The entity's lines: the first starts with `firstPrefix`, the others with `indent`. */
function serialiseEntity(entity: NewEntity, firstPrefix: string, indent: string, style: { flow: boolean; dashOffset: number }): string[] {
  const out = [`${firstPrefix}id: ${entity.id}`, `${indent}name: ${yamlScalar(entity.name.trim(), false)}`, `${indent}type: ${entity.type}`];
  const aliases = entity.aliases ?? [];
  if (aliases.length > 0) {
    if (style.flow) out.push(`${indent}aliases: [${aliases.map((a) => aliasYaml(a, true)).join(', ')}]`);
    else {
      out.push(`${indent}aliases:`);
      for (const a of aliases) out.push(`${indent}${' '.repeat(style.dashOffset)}- ${aliasYaml(a, false)}`);
    }
  }
  return out;
}

function flowEntity(entity: NewEntity): string {
  const parts = [`id: ${entity.id}`, `name: ${yamlScalar(entity.name.trim(), true)}`, `type: ${entity.type}`];
  const aliases = entity.aliases ?? [];
  if (aliases.length > 0) parts.push(`aliases: [${aliases.map((a) => aliasYaml(a, true)).join(', ')}]`);
  return `{ ${parts.join(', ')} }`;
}

/**
 * Adds `entity` to a list-layout registry file (or an empty one) as the last item of `entities:`,
 * in the file's own indentation. Does not check the rest of the registry: see `checkNewEntity`.
 */
export function addEntityToText(text: string, entity: NewEntity, uri = 'file:///registry.yaml'): RegistryEditResult {
  if (!ENTITY_ID_PATTERN.test(entity.id)) return fail('invalid-id', `Invalid id “${entity.id}”: use lower case letters, digits, “.”, “_” and “-”.`);
  if (!normaliseName(entity.name, false)) return fail('invalid-name', 'The name of an entity cannot be empty.');
  const read = readFile(text, uri);
  if ('ok' in read) return read;
  const before = parseRegistryFile(uri, text);
  if (before.entities.some((e) => e.id === entity.id) || before.brokenIds.has(entity.id)) {
    return fail('duplicate-id', `The id “${entity.id}” is already used in this file.`);
  }
  if (read.single) {
    return fail('single-entity-file', 'This file holds one entity (the one-file-per-entity layout); add the new entity to a list file or to a new file.');
  }
  const { lines, root, entities } = read;
  const eol = lines.eol();
  const style = aliasStyle(root, lines);
  let edit: RegistryTextEdit;

  if (!root || !read.entitiesPair) {
    // Empty file, only comments, or only `eventTypes:`: append an `entities:` list.
    const body = ['entities:', ...serialiseEntity(entity, '  - ', '    ', style)].join(eol) + eol;
    const lead = root && !/\n\s*\n$|^$/.test(text) ? eol : '';
    edit = insertLines(text, text.length, lead + body, eol);
  } else if (isSeq(entities) && entities.flow) {
    const seq = entities;
    const last = seq.items[seq.items.length - 1] as YamlNode | undefined;
    if (last?.range) edit = { start: last.range[1], end: last.range[1], newText: `, ${flowEntity(entity)}` };
    else edit = { start: seq.range![0], end: seq.range![1], newText: `[${flowEntity(entity)}]` };
  } else if (isSeq(entities) && entities.items.length > 0) {
    const seq = entities;
    const lastItem = seq.items[seq.items.length - 1] as YamlNode;
    const firstItem = seq.items[0] as YamlNode;
    if (!lastItem.range || !firstItem.range) return fail('unsupported-shape', 'Could not locate the end of the `entities:` list.');
    const dash = dashBefore(text, lastItem.range[0]);
    if (dash === undefined) return fail('unsupported-shape', 'Could not locate the end of the `entities:` list.');
    const dashColumn = lines.column(dash);
    // Key column from the first item written as `- id: …` on one line.
    const firstDash = dashBefore(text, firstItem.range[0]);
    let keyColumn = dashColumn + 2;
    if (firstDash !== undefined && lines.lineOf(firstDash) === lines.lineOf(firstItem.range[0])) {
      keyColumn = lines.column(firstDash) === dashColumn ? lines.column(firstItem.range[0]) : dashColumn + 2;
    }
    const lastLine = lastLineOfBlock(lines, lines.lineOf(dash), dashColumn);
    const separated = seq.items.length >= 2 && blankBetween(lines, seq.items[seq.items.length - 2] as YamlNode, dash);
    const prefix = `${' '.repeat(dashColumn)}-${' '.repeat(Math.max(1, keyColumn - dashColumn - 1))}`;
    const body = serialiseEntity(entity, prefix, ' '.repeat(keyColumn), style).join(eol) + eol;
    edit = insertLines(text, lines.after(lastLine), (separated ? eol : '') + body, eol);
  } else if ((isSeq(entities) && entities.items.length === 0) || entities === undefined || (isScalar(entities) && entities.value === null)) {
    // `entities:` with nothing (or `~`) after it.
    const keyNode = read.entitiesPair.key as YamlNode;
    const keyColumn = lines.column(keyNode.range![0]);
    const keyLine = lines.lineOf(keyNode.range![0]);
    const body = serialiseEntity(entity, `${' '.repeat(keyColumn + 2)}- `, ' '.repeat(keyColumn + 4), style).join(eol) + eol;
    if (isScalar(entities) && entities.source !== '' && entities.range) {
      // `entities: ~` / `entities: null`: replace the null by the list.
      const e1: RegistryTextEdit = { start: entities.range[0], end: entities.range[1], newText: '' };
      const e2 = insertLines(text, lines.after(keyLine), body, eol);
      return finishEntity(text, uri, entity, [e1, e2], before);
    }
    edit = insertLines(text, lines.after(keyLine), body, eol);
  } else {
    return fail('unsupported-shape', '`entities` is not a list in this file; it was not changed.');
  }
  return finishEntity(text, uri, entity, [edit], before);
}

function blankBetween(lines: Lines, previous: YamlNode, dash: number): boolean {
  const prevDash = previous.range ? dashBefore(lines.text, previous.range[0]) : undefined;
  if (prevDash === undefined) return false;
  const column = lines.column(dash);
  const prevEnd = lastLineOfBlock(lines, lines.lineOf(prevDash), column);
  for (let n = prevEnd + 1; n < lines.lineOf(dash); n++) if (lines.isBlank(n)) return true;
  return false;
}

function finishEntity(text: string, uri: string, entity: NewEntity, edits: RegistryTextEdit[], old: ParsedRegistryFile): RegistryEditResult {
  const newText = applyEdits(text, edits);
  const verified = verifyEntity(newText, uri, entity, old);
  if (verified) return { ok: true, edits, text: newText, focus: verified };
  // The minimal insertion did not read back as intended: let the yaml library rewrite the file.
  const doc = parseDocument(text, { keepSourceTokens: true });
  const seq = doc.get('entities', true);
  const node = doc.createNode({
    id: entity.id,
    name: entity.name.trim(),
    type: entity.type,
    ...(entity.aliases?.length
      ? { aliases: entity.aliases.map((a) => (typeof a === 'string' || !a.caseSensitive ? aliasText(a).trim() : { text: a.text.trim(), caseSensitive: true })) }
      : {}),
  });
  if (isSeq(seq)) seq.items.push(node);
  else doc.set('entities', doc.createNode([node]));
  const rewritten = doc.toString();
  const again = verifyEntity(rewritten, uri, entity, old);
  if (again) return { ok: true, edits: [{ start: 0, end: text.length, newText: rewritten }], text: rewritten, focus: again };
  return fail('verification-failed', 'Could not add the entity to this file without changing other entries; the file was not changed.');
}

function errorCount(parsed: ParsedRegistryFile): number {
  return parsed.diagnostics.filter((d) => d.severity === 'error').length;
}

function verifyEntity(text: string, uri: string, entity: NewEntity, before: ParsedRegistryFile): { start: number; end: number } | undefined {
  const old = before.entities;
  const parsed = parseRegistryFile(uri, text);
  if (parsed.unreadable || errorCount(parsed) > errorCount(before)) return undefined;
  if (parsed.entities.length !== old.length + 1) return undefined;
  for (let i = 0; i < old.length; i++) if (!sameEntity(old[i], parsed.entities[i])) return undefined;
  const added = parsed.entities[old.length];
  const expectedAliases = (entity.aliases ?? []).map((a) => aliasText(a).trim());
  if (added.id !== entity.id || added.name !== entity.name.trim() || added.type !== entity.type) return undefined;
  if (JSON.stringify(added.aliases.map((a) => a.text)) !== JSON.stringify(expectedAliases)) return undefined;
  return { start: added.source.idRange.start.offset, end: added.source.idRange.end.offset };
}

// ---------------------------------------------------------------------------------------------
// addAlias

/** Adds aliases to the entity `entityId` defined in this file, in the style the file uses. */
export function addAliasesToText(text: string, entityId: string, aliases: (string | NewAlias)[], uri = 'file:///registry.yaml'): RegistryEditResult {
  const list = aliases.map((a) => (typeof a === 'string' ? { text: a.trim() } : { ...a, text: a.text.trim() })).filter((a) => normaliseName(a.text, false));
  if (list.length === 0) return fail('invalid-name', 'An alias cannot be empty.');
  const read = readFile(text, uri);
  if ('ok' in read) return read;
  const before = parseRegistryFile(uri, text);
  const old = before.entities.find((e) => e.id === entityId);
  if (!old) return fail('unknown-entity', `The entity “${entityId}” is not defined in this file (or has errors).`);
  const { lines, root } = read;
  const map = findEntityMap(root, entityId);
  if (!map) return fail('unknown-entity', `The entity “${entityId}” is not defined in this file.`);
  const eol = lines.eol();
  const style = aliasStyle(root, lines);
  const aliasesPair = map.items.find((p) => isScalar(p.key) && p.key.value === 'aliases');
  const value = aliasesPair?.value as YamlNode | null | undefined;
  const edits: RegistryTextEdit[] = [];

  if (aliasesPair && isSeq(value) && value.flow) {
    const seq = value;
    const last = seq.items[seq.items.length - 1] as YamlNode | undefined;
    const items = list.map((a) => aliasYaml(a, true)).join(', ');
    if (last?.range) edits.push({ start: last.range[1], end: last.range[1], newText: `, ${items}` });
    else edits.push({ start: seq.range![0], end: seq.range![1], newText: `[${items}]` });
  } else if (aliasesPair && isSeq(value) && value.items.length > 0) {
    const seq = value;
    const last = seq.items[seq.items.length - 1] as YamlNode;
    const dash = last.range ? dashBefore(text, last.range[0]) : undefined;
    if (dash === undefined) return fail('unsupported-shape', 'Could not locate the end of the `aliases:` list.');
    const column = lines.column(dash);
    const lastLine = lastLineOfBlock(lines, lines.lineOf(dash), column);
    const body = list.map((a) => `${' '.repeat(column)}- ${aliasYaml(a, false)}`).join(eol) + eol;
    edits.push(insertLines(text, lines.after(lastLine), body, eol));
  } else if (
    aliasesPair &&
    (value === null || value === undefined || (isScalar(value) && value.value === null) || (isSeq(value) && value.items.length === 0))
  ) {
    const items = `[${list.map((a) => aliasYaml(a, true)).join(', ')}]`;
    if (value && value.range && (!isScalar(value) || value.source !== '')) {
      edits.push({ start: value.range[0], end: value.range[1], newText: items });
    } else {
      const keyEnd = (aliasesPair.key as YamlNode).range![1];
      const colon = text.indexOf(':', keyEnd);
      edits.push({ start: colon + 1, end: colon + 1, newText: ` ${items}` });
    }
  } else if (aliasesPair) {
    return fail('unsupported-shape', '`aliases` of this entity is not a list; fix it first.');
  } else {
    // No `aliases:` yet: add it right after `name:`.
    const namePair = map.items.find((p) => isScalar(p.key) && p.key.value === 'name') ?? map.items[0];
    const nameValue = namePair.value as YamlNode | null;
    if (map.flow) {
      const end = nameValue?.range?.[1] ?? (namePair.key as YamlNode).range![1];
      edits.push({ start: end, end, newText: `, aliases: [${list.map((a) => aliasYaml(a, true)).join(', ')}]` });
    } else {
      const keyStart = (namePair.key as YamlNode).range![0];
      const keyColumn = lines.column(keyStart);
      const lastLine = lastLineOfBlock(lines, lines.lineOf(keyStart), keyColumn);
      const indent = ' '.repeat(keyColumn);
      const body = style.flow
        ? `${indent}aliases: [${list.map((a) => aliasYaml(a, true)).join(', ')}]${eol}`
        : `${indent}aliases:${eol}` + list.map((a) => `${indent}${' '.repeat(style.dashOffset)}- ${aliasYaml(a, false)}`).join(eol) + eol;
      edits.push(insertLines(text, lines.after(lastLine), body, eol));
    }
  }

  const newText = applyEdits(text, edits);
  const focus = verifyAliases(
    newText,
    uri,
    before,
    entityId,
    list.map((a) => a.text),
  );
  if (focus) return { ok: true, edits, text: newText, focus };
  return fail('verification-failed', 'Could not add the alias to this file without changing other entries; the file was not changed.');
}

function findEntityMap(root: YAMLMap | undefined, id: string): YAMLMap | undefined {
  if (!root) return undefined;
  const entities = root.get('entities', true);
  const candidates = isSeq(entities) ? entities.items : [root];
  for (const item of candidates) {
    if (!isMap(item)) continue;
    const idNode = item.get('id', true) as YamlNode | undefined;
    if (isScalar(idNode) && String(idNode.value) === id) return item;
  }
  return undefined;
}

function verifyAliases(text: string, uri: string, before: ParsedRegistryFile, entityId: string, added: string[]): { start: number; end: number } | undefined {
  const old = before.entities;
  const parsed = parseRegistryFile(uri, text);
  if (parsed.unreadable || parsed.entities.length !== old.length || errorCount(parsed) > errorCount(before)) return undefined;
  for (let i = 0; i < old.length; i++) {
    const was = old[i];
    const now = parsed.entities[i];
    if (was.id !== now.id) return undefined;
    if (was.id !== entityId) {
      if (!sameEntity(was, now)) return undefined;
      continue;
    }
    const expected = [...was.aliases.map((a) => a.text), ...added];
    if (JSON.stringify(now.aliases.map((a) => a.text)) !== JSON.stringify(expected)) return undefined;
    if (!sameEntity({ ...was, aliases: [] }, { ...now, aliases: [] })) return undefined;
    const locations = parsed.locations.get(entityId);
    const range = locations?.names[1 + was.aliases.length]?.range;
    if (!range) return undefined;
    return { start: range.start.offset, end: range.end.offset };
  }
  return undefined;
}
