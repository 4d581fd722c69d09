import { strict as assert } from 'node:assert';
import { FIELDS_BY_LEVEL } from '../../src/core/registryCompletion';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RegistryStore } from '../../src/core/registry';
import { findMentions } from '../../src/core/mentions';
import { buildHoverCard } from '../../src/core/hoverCard';
import { findDocumentDate } from '../../src/core/documentDate';

// Issue 17: mentions inside longer proper names. `notAliases` says "this longer name is not that
// entity": "American University of Beirut" is not Beirut, "Gulf of Aden" not Aden.

const REGISTRY = `entities:
  - id: beirut
    name: Beirut
    type: place
    notAliases: [American University of Beirut, Beirut Arab University]
  - id: iran
    name: Iran
    type: state
    notAliases:
      - Kurdistan Democratic Party of Iran
  - id: india
    name: India
    type: state
    notAliases: [India Today]
  - id: aden
    name: Aden
    type: place
    notAliases: [Gulf of Aden]
  - id: kdpi
    name: KDPI
    type: organization
`;

function registry(text = REGISTRY) {
  const store = new RegistryStore();
  store.setFile('entities.yaml', text);
  return store.build();
}

const found = (text: string) => findMentions(registry(), text).map((m) => `${m.entityId}:${text.slice(m.start, m.end)}`);

describe('notAliases: longer names that are not the entity (issue 17)', () => {
  it('a longer name hides the place or state inside it; elsewhere it is still matched', () => {
    assert.deepEqual(found('She studied at the American University of Beirut, then left Beirut.'), ['beirut:Beirut']);
    assert.deepEqual(found('The Kurdistan Democratic Party of Iran (KDPI) said Iran lied.'), ['kdpi:KDPI', 'iran:Iran']);
    assert.deepEqual(found('India Today reported that India and Iran met.'), ['india:India', 'iran:Iran']);
    assert.deepEqual(found('Ships in the gulf of  Aden; the port of Aden.'), ['aden:Aden']);
    // Matched like aliases: case-insensitive, typographic forms, any white space.
    assert.deepEqual(found('AMERICAN UNIVERSITY\nOF BEIRUT'), []);
  });

  it('is read, checked and shown: registry diagnostics, a name wins over a phrase, completion, schema', () => {
    const r = registry(`entities:
  - id: x
    name: X City
    type: place
    notAliases: ["...", { text: a }, Y Town]
  - id: y
    name: Y Town
    type: place
`);
    const codes = [...r.diagnostics.values()].flat().map((d) => d.code);
    assert.ok(codes.includes('invalid-name'), codes.join());
    assert.ok(codes.includes('invalid-value'), codes.join()); // a mapping is not a phrase
    assert.deepEqual(r.entities.get('x')?.notAliases, ['Y Town']);
    // "Y Town" is an entity's name: the name counts.
    assert.deepEqual(
      findMentions(r, 'Y Town').map((m) => m.entityId),
      ['y'],
    );
    const beirut = registry().entities.get('beirut')!;
    const card = buildHoverCard({ entity: beirut, lookup: () => undefined, date: findDocumentDate('Date: 2025-08-12\n') });
    assert.match(card, /\*\*Not in:\*\* American University of Beirut, Beirut Arab University/);
    assert.ok(FIELDS_BY_LEVEL.entity.includes('notAliases')); // offered by completion in registry files
    const schema = readFileSync(join(__dirname, '..', '..', '..', 'schemas', 'registry.schema.json'), 'utf8');
    assert.equal(schema.split('"notAliases"').length - 1, 2); // both entity shapes
  });
});
