// What to complete at a position of a registry file (SPEC §1), read from the lines above the
// cursor, so it works while the YAML is half-typed and does not parse: entity ids after `of:` and
// in `affiliations:`, the entity types after `type:`, dates after `from:`/`to:`, and field names
// at the entity, role, alias, event type and top level.

import { ALIAS_FIELDS, ENTITY_FIELDS, EVENT_TYPE_FIELDS, ROLE_FIELDS } from './registry';
import { ENTITY_TYPES, EntityType } from './types';

export type FieldLevel = 'top' | 'entity' | 'role' | 'alias' | 'eventType';

export type RegistryCompletionContext =
  | { kind: 'entityId'; field: 'of' | 'affiliations'; prefix: string; replaceStart: number; exclude: string[] }
  | { kind: 'type'; prefix: string; replaceStart: number }
  | { kind: 'date'; field: 'from' | 'to'; prefix: string; replaceStart: number }
  | {
      kind: 'field';
      level: FieldLevel;
      prefix: string;
      replaceStart: number;
      /** Fields the mapping already has (not offered again). */
      present: string[];
      /** The cursor is on a new list item (`- |`). */
      listItem: boolean;
    };

/** Field names per level, in the order the SPEC writes them. */
export const FIELDS_BY_LEVEL: Record<FieldLevel, readonly string[]> = {
  top: ['entities', 'eventTypes'],
  entity: ENTITY_FIELDS,
  role: ROLE_FIELDS,
  alias: ALIAS_FIELDS,
  eventType: EVENT_TYPE_FIELDS,
};

interface Line {
  text: string;
  start: number;
}

const KEY_LINE = /^(\s*)(-\s+)?([A-Za-z_][\w-]*)\s*:(?:\s|$)/;

function indentOf(text: string): number {
  return /^\s*/.exec(text)![0].length;
}

function meaningful(text: string): boolean {
  const t = text.trim();
  return t !== '' && !t.startsWith('#');
}

/** The key of a line, the column of that key and whether the line opens a list item. */
function keyOf(text: string): { key: string; column: number; dash: number | undefined } | undefined {
  const m = KEY_LINE.exec(text);
  if (!m) return undefined;
  return { key: m[3], column: m[1].length + (m[2]?.length ?? 0), dash: m[2] ? m[1].length : undefined };
}

/**
 * The key that holds the mapping or list item whose keys (or dash) stand at `column`, looking up
 * from line `from` (exclusive); undefined at the top level.
 */
function parentKey(lines: Line[], from: number, column: number, dash: boolean): { key: string; line: number; item: boolean } | undefined {
  // A loop, not recursion, when a map is a list item: the text may nest thousands of levels.
  for (let i = from - 1; i >= 0; i--) {
    const text = lines[i].text;
    if (!meaningful(text)) continue;
    const indent = indentOf(text);
    const k = keyOf(text);
    if (dash) {
      // A list at column c belongs to the key above with indent < c, or = c for `key:\n- item`.
      if (indent < column || (indent === column && !/^\s*-/.test(text))) return k ? { key: k.key, line: i, item: true } : undefined;
      continue;
    }
    if (k && k.column === column) {
      if (k.dash === undefined) continue; // a sibling key
      // The map is a list item: look for the list's key above it.
      column = k.dash;
      dash = true;
      continue;
    }
    if (indent < column) return k ? { key: k.key, line: i, item: false } : undefined;
  }
  return undefined;
}

/** Keys of the mapping whose keys stand at `column` around `line` (siblings above and below). */
function siblingKeys(lines: Line[], line: number, column: number): string[] {
  const keys: string[] = [];
  for (let i = line - 1; i >= 0; i--) {
    const text = lines[i].text;
    if (!meaningful(text)) continue;
    const k = keyOf(text);
    if (k && k.column === column) {
      keys.push(k.key);
      if (k.dash !== undefined) break; // the first key of this list item
      continue;
    }
    if (indentOf(text) < column) break;
  }
  for (let i = line + 1; i < lines.length; i++) {
    const text = lines[i].text;
    if (!meaningful(text)) continue;
    const k = keyOf(text);
    if (k && k.column === column && k.dash === undefined) {
      keys.push(k.key);
      continue;
    }
    if (indentOf(text) <= column) break;
  }
  return keys;
}

function levelOf(parent: string | undefined, lines: Line[]): FieldLevel | undefined {
  switch (parent) {
    case 'entities':
      return 'entity';
    case 'roles':
      return 'role';
    case 'aliases':
      return 'alias';
    case 'eventTypes':
      return 'eventType';
    case undefined:
      // The root: a one-entity file, or the `entities:` / `eventTypes:` file.
      return lines.some((l) => /^(id|name|type)\s*:/.test(l.text)) && !lines.some((l) => /^entities\s*:/.test(l.text)) ? 'entity' : 'top';
    default:
      return undefined;
  }
}

/** What can be completed at `offset` of a registry file's `text`, if anything. */
export function registryCompletionContext(text: string, offset: number): RegistryCompletionContext | undefined {
  const lines: Line[] = [];
  for (let start = 0; start <= text.length;) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    lines.push({ text: text.slice(start, end).replace(/\r$/, ''), start });
    start = end + 1;
  }
  let lineNo = lines.length - 1;
  while (lineNo > 0 && lines[lineNo].start > offset) lineNo--;
  const line = lines[lineNo];
  const before = line.text.slice(0, offset - line.start);
  if (/#/.test(before.replace(/"[^"]*"|'[^']*'/g, ''))) return undefined; // in a comment

  // `of:` (also inside a flow mapping `- { title: …, of: `), `type:`, `from:`/`to:` values.
  const value = /(?:^\s*(?:-\s+)?|[{,]\s*)(of|type|from|to)\s*:\s*["']?([^\s"',}#]*)$/.exec(before);
  if (value) {
    const prefix = value[2];
    const replaceStart = offset - prefix.length;
    if (value[1] === 'of') return { kind: 'entityId', field: 'of', prefix, replaceStart, exclude: [] };
    if (value[1] === 'type') return { kind: 'type', prefix, replaceStart };
    return { kind: 'date', field: value[1] as 'from' | 'to', prefix, replaceStart };
  }
  // `affiliations: [iran, ` (flow list).
  const flow = /(?:^\s*(?:-\s+)?|[{,]\s*)affiliations\s*:\s*\[([^\]]*)$/.exec(before);
  if (flow) {
    const parts = flow[1].split(',');
    const prefix = parts[parts.length - 1].trim().replace(/^["']/, '');
    return {
      kind: 'entityId',
      field: 'affiliations',
      prefix,
      replaceStart: offset - prefix.length,
      exclude: parts
        .slice(0, -1)
        .map((p) => p.trim().replace(/^["']|["']$/g, ''))
        .filter(Boolean),
    };
  }
  // A block list item: `  - ira` under `affiliations:`, or a new field of a list item.
  const item = /^(\s*)-\s+([\w-]*)$/.exec(before);
  if (item) {
    const dash = item[1].length;
    const parent = parentKey(lines, lineNo, dash, true);
    const prefix = item[2];
    if (parent?.key === 'affiliations') {
      const exclude: string[] = [];
      for (let i = parent.line + 1; i < lines.length; i++) {
        if (i === lineNo) continue;
        const m = /^\s*-\s+["']?([\w.-]+)/.exec(lines[i].text);
        if (m && indentOf(lines[i].text) === dash) exclude.push(m[1]);
        else if (meaningful(lines[i].text) && indentOf(lines[i].text) <= dash && i > lineNo) break;
      }
      return { kind: 'entityId', field: 'affiliations', prefix, replaceStart: offset - prefix.length, exclude };
    }
    if (parent?.key === 'aliases' || parent?.key === 'links' || parent?.key === 'tags') return undefined; // free text
    const level = levelOf(parent?.key, lines);
    if (!level || level === 'top') return undefined;
    return { kind: 'field', level, prefix, replaceStart: offset - prefix.length, present: [], listItem: true };
  }
  // A field name being typed at the start of a line.
  const key = /^(\s*)([\w-]*)$/.exec(before);
  if (key) {
    const column = key[1].length;
    const parent = parentKey(lines, lineNo, column, false);
    if (
      parent &&
      !parent.item &&
      ['aliases', 'affiliations', 'links', 'tags', 'summary', 'name', 'id', 'type', 'title', 'of', 'from', 'to'].includes(parent.key)
    )
      return undefined;
    const level = levelOf(parent?.key, lines);
    if (!level) return undefined;
    const prefix = key[2];
    return { kind: 'field', level, prefix, replaceStart: offset - prefix.length, present: siblingKeys(lines, lineNo, column), listItem: false };
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// What the completion items say and insert (shared by the VS Code layer and the language server)

/** What each entity type is, for completion documentation (Markdown). */
export const TYPE_DOCS: Record<EntityType, string> = {
  person: 'A person.',
  organization: 'An organisation: party, armed group, ministry, agency, company, media outlet.',
  state: 'A state (country).',
  place: 'A place: city, region, body of water, site.',
  position:
    'An office people hold (FollowTheMoney’s Position), e.g. Secretary of the SNSC; `of` names the body. Roles name it with `post:`, and mentions of it resolve to whoever held it on the document’s date.',
  other: 'Anything else: an agreement, a programme, an operation.',
};

/** What each registry field is, for completion documentation (Markdown). */
export const FIELD_DOCS: Record<string, string> = {
  id: 'Required. Stable id: lower case letters, digits, `.`, `_`, `-`; unique across the registry.',
  name: 'Required. Display name; also matched in texts.',
  type: 'Required. person | organization | state | place | other.',
  aliases: 'Other names matched in texts: strings, or `{ text, caseSensitive }`.',
  summary: 'One or two sentences shown on the hover card.',
  roles: 'Time-bounded roles: `title`, optional `of` (entity id), `from`, `to` (yyyy, yyyy-mm or yyyy-mm-dd).',
  affiliations: 'Entity ids this entity belongs to.',
  links: 'http(s) links shown on the hover card.',
  tags: 'Free tags for filtering.',
  title: 'Required. The role’s title.',
  of: 'The entity id the role is held in.',
  from: 'Start date: yyyy, yyyy-mm or yyyy-mm-dd.',
  to: 'End date; leave out while the role is held.',
  text: 'The alias text.',
  caseSensitive: 'Match only as written (for aliases that are also common words).',
  entities: 'The list of entities of this file.',
  eventTypes: 'Event types that extend the PLOVER taxonomy.',
  label: 'Display label of the event type.',
  description: 'What the event type covers.',
  wikidata:
    'The Wikidata item id (QID), e.g. `Q7747`: shown on the hover card as a link to its Wikidata page, carried into every export. One QID belongs to one entity.',
  ftm: 'The FollowTheMoney entity id(s) this entity was imported from (`analyst-markup import ftm`): a re-import updates this entity, and the FtM export reuses the id.',
  notAliases: 'Longer names that hold this entity’s name but are not it (“American University of Beirut” for Beirut): no mention there.',
};

/** Snippet bodies of fields (indentation of later lines is relative to the current line). */
export function fieldSnippet(field: string, level: FieldLevel): string {
  const types = `\${1|${ENTITY_TYPES.join(',')}|}`;
  switch (field) {
    case 'type':
      return `type: ${types}`;
    case 'aliases':
      return 'aliases: [$1]';
    case 'affiliations':
      return 'affiliations: [$1]';
    case 'links':
      return 'links: [https://$1]';
    case 'tags':
      return 'tags: [$1]';
    case 'roles':
      return 'roles:\n  - title: $1\n    of: $2\n    from: ${3:yyyy-mm-dd}';
    case 'summary':
      return 'summary: $1';
    case 'wikidata':
      return 'wikidata: Q${1:12345}';
    case 'notAliases':
      return 'notAliases: [$1]';
    case 'caseSensitive':
      return 'caseSensitive: ${1|true,false|}';
    case 'entities':
      return `entities:\n  - id: \${1:new-entity}\n    name: \${2:Name}\n    type: \${3|${ENTITY_TYPES.join(',')}|}`;
    case 'eventTypes':
      return 'eventTypes:\n  - id: ${1:event-type}\n    label: ${2:Label}';
    default:
      return level === 'role' && field === 'of' ? 'of: $1' : `${field}: $1`;
  }
}
