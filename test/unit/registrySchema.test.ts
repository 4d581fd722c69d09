// The JSON Schema of registry files (schemas/registry.schema.json, contributed to the Red Hat YAML
// extension through `yamlValidation`): checked with a small draft-07 validator against the
// registry parser's own field lists and against valid and invalid samples.

import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { ALIAS_FIELDS, ENTITY_FIELDS, ENTITY_ID_PATTERN, EVENT_TYPE_FIELDS, parseRegistryFile, ROLE_FIELDS } from '../../src/core/registry';
import { ENTITY_TYPES } from '../../src/core/types';

const ROOT = join(__dirname, '..', '..', '..');
type Schema = Record<string, any>;
const SCHEMA: Schema = JSON.parse(readFileSync(join(ROOT, 'schemas', 'registry.schema.json'), 'utf8'));

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

/** A validator for the draft-07 keywords the schema uses; returns the problems found. */
function validate(value: unknown, schema: Schema, path = '$'): string[] {
  if (schema.$ref) {
    const target = (schema.$ref as string)
      .replace(/^#\//, '')
      .split('/')
      .reduce((node: Schema, key: string) => node[key], SCHEMA);
    return validate(value, target, path);
  }
  const errors: string[] = [];
  if (schema.type) {
    const types: string[] = Array.isArray(schema.type) ? schema.type : [schema.type];
    const actual = typeOf(value);
    const ok = types.some((t) => t === actual || (t === 'integer' && Number.isInteger(value)));
    if (!ok) return [`${path}: expected ${types.join('|')}, got ${actual}`];
  }
  if (schema.enum && !schema.enum.includes(value)) errors.push(`${path}: not one of ${schema.enum.join(', ')}`);
  if (typeof value === 'string') {
    if (schema.pattern && !new RegExp(schema.pattern, 'u').test(value)) errors.push(`${path}: does not match ${schema.pattern}`);
    if (schema.minLength !== undefined && value.length < schema.minLength) errors.push(`${path}: too short`);
  }
  if (typeof value === 'number') {
    if (schema.minimum !== undefined && value < schema.minimum) errors.push(`${path}: below ${schema.minimum}`);
    if (schema.maximum !== undefined && value > schema.maximum) errors.push(`${path}: above ${schema.maximum}`);
  }
  if (typeOf(value) === 'object') {
    const object = value as Record<string, unknown>;
    for (const key of schema.required ?? []) if (!(key in object)) errors.push(`${path}: missing ${key}`);
    for (const [key, child] of Object.entries(object)) {
      if (schema.properties?.[key]) errors.push(...validate(child, schema.properties[key], `${path}.${key}`));
      else if (schema.additionalProperties === false) errors.push(`${path}: unknown field ${key}`);
    }
  }
  if (Array.isArray(value) && schema.items) value.forEach((item, i) => errors.push(...validate(item, schema.items, `${path}[${i}]`)));
  if (schema.allOf) for (const s of schema.allOf) errors.push(...validate(value, s, path));
  if (schema.anyOf && !schema.anyOf.some((s: Schema) => validate(value, s, path).length === 0)) errors.push(`${path}: matches none of anyOf`);
  if (schema.oneOf) {
    const matching = schema.oneOf.filter((s: Schema) => validate(value, s, path).length === 0).length;
    if (matching !== 1) errors.push(`${path}: matches ${matching} of oneOf`);
  }
  return errors;
}

function validateYaml(text: string): string[] {
  return validate(parse(text) ?? null, SCHEMA);
}

/** What the registry parser thinks: errors and unknown fields. */
function parserProblems(text: string): string[] {
  return parseRegistryFile('file:///x.yaml', text)
    .diagnostics.filter((d) => d.severity === 'error' || d.code === 'unknown-field')
    .map((d) => d.code);
}

const VALID = [
  'entities:\n  - id: iran\n    name: Iran\n    type: state\n',
  'entities:\n  - id: a.b_c-1\n    name: 1984\n    type: other\n    aliases: [x, { text: X, caseSensitive: true }]\n    summary: s\n    roles:\n      - title: t\n        of: iran\n        from: 2008\n        to: 2020-05-28\n      - title: u\n        from: 2020-05\n    affiliations: [iran]\n    links: [https://example.org/x]\n    tags: [t]\n',
  'id: baghdad\nname: Baghdad\ntype: place\n',
  'id: baghdad\nname: Baghdad\ntype: place\neventTypes: [siege]\n',
  'eventTypes:\n  - ceasefire\n  - { id: disarm, label: Disarmament, description: d }\n',
  'entities:\n',
  '',
];

const INVALID: Record<string, string> = {
  'missing type': 'entities:\n  - id: iran\n    name: Iran\n',
  'missing id (one-entity file)': 'name: Baghdad\ntype: place\n',
  'invalid id': 'entities:\n  - id: Iran State\n    name: Iran\n    type: state\n',
  'unknown type': 'entities:\n  - id: iran\n    name: Iran\n    type: country\n',
  'unknown entity field': 'entities:\n  - id: iran\n    name: Iran\n    type: state\n    capital: Tehran\n',
  'unknown role field': 'entities:\n  - id: iran\n    name: Iran\n    type: state\n    roles:\n      - title: x\n        until: 2020\n',
  'role without title': 'entities:\n  - id: iran\n    name: Iran\n    type: state\n    roles:\n      - of: iraq\n',
  'bad date': 'entities:\n  - id: iran\n    name: Iran\n    type: state\n    roles:\n      - title: x\n        from: 2020-13\n',
  'alias mapping without text': 'entities:\n  - id: iran\n    name: Iran\n    type: state\n    aliases: [{ caseSensitive: true }]\n',
  'unknown alias field': 'entities:\n  - id: iran\n    name: Iran\n    type: state\n    aliases: [{ text: X, case: true }]\n',
  'affiliation that is not an id': 'entities:\n  - id: iran\n    name: Iran\n    type: state\n    affiliations: [Iraq State]\n',
  'unknown top-level field': 'version: 2\nentities: []\n',
  'entities not a list': 'entities: iran\n',
};

describe('registry JSON Schema', () => {
  it('lists exactly the fields, types and id pattern of the registry parser', () => {
    const d = SCHEMA.definitions;
    assert.deepEqual(Object.keys(d.entity.properties), ENTITY_FIELDS);
    assert.deepEqual(Object.keys(d.entityFile.properties), [...ENTITY_FIELDS, 'eventTypes']);
    assert.deepEqual(Object.keys(d.entity.properties.roles.items.properties), ROLE_FIELDS);
    assert.deepEqual(Object.keys(d.entity.properties.aliases.items.oneOf[1].properties), ALIAS_FIELDS);
    assert.deepEqual(Object.keys(d.eventTypes.items.oneOf[1].properties), EVENT_TYPE_FIELDS);
    assert.deepEqual(d.entity.properties.type.enum, [...ENTITY_TYPES]);
    assert.equal(d.entityId.pattern, ENTITY_ID_PATTERN.source);
    assert.deepEqual(
      d.entity,
      { ...d.entityFile, description: d.entity.description, properties: d.entity.properties },
      'the one-entity file is the entity plus eventTypes',
    );
  });

  it('accepts valid registry files, as the parser does', () => {
    for (const text of VALID) {
      assert.deepEqual(validateYaml(text), [], text);
      assert.deepEqual(parserProblems(text), [], text);
    }
  });

  for (const [what, text] of Object.entries(INVALID)) {
    it(`rejects ${what}, as the parser does`, () => {
      assert.notDeepEqual(validateYaml(text), [], 'the schema accepted it');
      assert.notDeepEqual(parserProblems(text), [], 'the parser accepted it');
    });
  }

  it('accepts the demo and fixture registries', () => {
    for (const dir of ['demo', join('test', 'fixtures', 'workspace')]) {
      const files = ['entities.yaml', ...readdirSync(join(ROOT, dir)).filter((f) => f.endsWith('.entities.yaml'))];
      for (const f of readdirSync(join(ROOT, dir, 'entities'))) files.push(join('entities', f));
      for (const f of files) assert.deepEqual(validateYaml(readFileSync(join(ROOT, dir, f), 'utf8')), [], `${dir}/${f}`);
    }
  });
});
