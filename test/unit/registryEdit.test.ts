import { strict as assert } from 'node:assert';
import {
  addAliasesToText,
  addEntityToText,
  checkNewAlias,
  checkNewEntity,
  sharedNameNotes,
  nameFromSelection,
  newEntityFileText,
  newRegistryFileText,
  registryFileLayout,
  RegistryEditResult,
  slugify,
  suggestEntityId,
  yamlScalar,
} from '../../src/core/registryEdit';
import { parseRegistryFile, RegistryStore } from '../../src/core/registry';

function ok(result: RegistryEditResult): Extract<RegistryEditResult, { ok: true }> {
  if (!result.ok) assert.fail(`${result.code}: ${result.message}`);
  return result;
}

function failure(result: RegistryEditResult): string {
  assert.equal(result.ok, false, 'expected the edit to be refused');
  return (result as { code: string }).code;
}

/** Text edits only insert: everything of the old text is still there, in order. */
function assertInsertOnly(before: string, result: Extract<RegistryEditResult, { ok: true }>): void {
  for (const e of result.edits) assert.equal(e.start, e.end, `edit ${JSON.stringify(e)} replaces text`);
}

const COMMENTED = `# Middle East desk: shared entity registry
# keep it sorted by section
entities:
  # -------- People --------
  - id: ali-larijani   # the SNSC secretary
    name: Ali Larijani
    type: person
    aliases:
      - Larijani     # most texts
      - علی لاریجانی
    summary: >-
      Iranian politician;
      speaker 2008–2020.

  - id: iran
    name: Iran
    type: state
    aliases: [Islamic Republic]

  # -------- Places --------
  - id: tehran
    name: "Tehran"
    type: place
    # coordinates: later
`;

describe('registry authoring: addEntity (core)', () => {
  it('appends the entity as the last item of entities:, in the file’s indentation, keeping every comment', () => {
    const result = ok(addEntityToText(COMMENTED, { id: 'tom-barrack', name: 'Tom Barrack', type: 'person' }));
    assertInsertOnly(COMMENTED, result);
    assert.equal(
      result.text,
      COMMENTED +
        `
  - id: tom-barrack
    name: Tom Barrack
    type: person
`,
    );
    assert.equal(result.text.slice(result.focus.start, result.focus.end), 'tom-barrack');
  });

  it('writes aliases in the style the file uses (block here) and quotes what needs quoting', () => {
    const result = ok(
      addEntityToText(COMMENTED, {
        id: 'state-department',
        name: 'State Department',
        type: 'organization',
        aliases: ['U.S. State Department', 'Foggy Bottom: the building', { text: 'DoS', caseSensitive: true }],
      }),
    );
    assert.ok(
      result.text.endsWith(`    # coordinates: later

  - id: state-department
    name: State Department
    type: organization
    aliases:
      - U.S. State Department
      - "Foggy Bottom: the building"
      - { text: DoS, caseSensitive: true }
`),
      result.text,
    );
    const parsed = parseRegistryFile('file:///x.yaml', result.text);
    assert.deepEqual(parsed.entities[3].aliases, [
      { text: 'U.S. State Department', caseSensitive: false },
      { text: 'Foggy Bottom: the building', caseSensitive: false },
      { text: 'DoS', caseSensitive: true },
    ]);
  });

  it('inserts before a following top-level key and a section comment, and follows items at column 0', () => {
    const text = `entities:
- id: iran
  name: Iran
  type: state
  aliases: [Iranian]
# event types of the desk
eventTypes: [ceasefire]
`;
    const result = ok(addEntityToText(text, { id: 'iraq', name: 'Iraq', type: 'state', aliases: ['Iraqi'] }));
    assert.equal(
      result.text,
      `entities:
- id: iran
  name: Iran
  type: state
  aliases: [Iranian]
- id: iraq
  name: Iraq
  type: state
  aliases: [Iraqi]
# event types of the desk
eventTypes: [ceasefire]
`,
    );
  });

  it('handles a file without a final line break, CRLF line ends and wider indentation', () => {
    const text = 'entities:\r\n    -   id: iran\r\n        name: Iran\r\n        type: state';
    const result = ok(addEntityToText(text, { id: 'iraq', name: 'Iraq', type: 'state' }));
    assert.equal(result.text, text + '\r\n    -   id: iraq\r\n        name: Iraq\r\n        type: state\r\n');
  });

  it('creates the entities: list in an empty file, a comment-only file and an eventTypes-only file', () => {
    assert.equal(ok(addEntityToText('', { id: 'iran', name: 'Iran', type: 'state' })).text, 'entities:\n  - id: iran\n    name: Iran\n    type: state\n');
    assert.equal(
      ok(addEntityToText('# team registry\n', { id: 'iran', name: 'Iran', type: 'state' })).text,
      '# team registry\nentities:\n  - id: iran\n    name: Iran\n    type: state\n',
    );
    assert.equal(
      ok(addEntityToText('eventTypes:\n  - ceasefire\n', { id: 'iran', name: 'Iran', type: 'state' })).text,
      'eventTypes:\n  - ceasefire\n\nentities:\n  - id: iran\n    name: Iran\n    type: state\n',
    );
  });

  it('fills an empty entities: key, with or without a comment after it', () => {
    assert.equal(
      ok(addEntityToText('entities:   # none yet\n# more later\n', { id: 'iran', name: 'Iran', type: 'state' })).text,
      'entities:   # none yet\n  - id: iran\n    name: Iran\n    type: state\n# more later\n',
    );
    assert.equal(
      ok(addEntityToText('entities: []\n', { id: 'iran', name: 'Iran', type: 'state' })).text,
      'entities: [{ id: iran, name: Iran, type: state }]\n',
    );
    assert.equal(
      ok(addEntityToText('entities: [{ id: iraq, name: Iraq, type: state }]  # flow\n', { id: 'iran', name: 'Iran', type: 'state' })).text,
      'entities: [{ id: iraq, name: Iraq, type: state }, { id: iran, name: Iran, type: state }]  # flow\n',
    );
  });

  it('refuses a duplicate id, an invalid id, a syntax error, a conflict and a one-entity file, and never changes them', () => {
    assert.equal(failure(addEntityToText(COMMENTED, { id: 'iran', name: 'Iran again', type: 'state' })), 'duplicate-id');
    assert.equal(failure(addEntityToText(COMMENTED, { id: 'Tom Barrack', name: 'Tom Barrack', type: 'person' })), 'invalid-id');
    assert.equal(failure(addEntityToText('entities:\n  - id: iran\n    name: [Iran\n', { id: 'x', name: 'X', type: 'other' })), 'unparseable');
    assert.equal(
      failure(addEntityToText('entities:\n<<<<<<< HEAD\n  - id: iran\n=======\n  - id: irn\n>>>>>>> b\n', { id: 'x', name: 'X', type: 'other' })),
      'unparseable',
    );
    assert.equal(failure(addEntityToText('id: baghdad\nname: Baghdad\ntype: place\n', { id: 'x', name: 'X', type: 'other' })), 'single-entity-file');
    assert.equal(failure(addEntityToText('entities: nothing\n', { id: 'x', name: 'X', type: 'other' })), 'unparseable');
  });

  it('keeps a file with errors elsewhere as it is and still adds (no new error)', () => {
    const text = 'entities:\n  - id: iran\n    name: Iran\n    type: state\n    roles:\n      - title: x\n        from: 2020-13\n';
    const result = ok(addEntityToText(text, { id: 'iraq', name: 'Iraq', type: 'state' }));
    assert.equal(result.text, text + '  - id: iraq\n    name: Iraq\n    type: state\n');
  });

  it('writes new files in both layouts', () => {
    assert.equal(
      newEntityFileText({ id: 'tom-barrack', name: 'Tom Barrack', type: 'person', aliases: ['Barrack'] }),
      'id: tom-barrack\nname: Tom Barrack\ntype: person\naliases:\n  - Barrack\n',
    );
    assert.equal(newRegistryFileText({ id: 'iran', name: 'Iran', type: 'state' }), 'entities:\n  - id: iran\n    name: Iran\n    type: state\n');
    assert.equal(registryFileLayout(newEntityFileText({ id: 'a', name: 'A', type: 'other' })), 'single');
    assert.equal(registryFileLayout(COMMENTED), 'list');
    assert.equal(registryFileLayout('# nothing\n'), 'empty');
    assert.equal(registryFileLayout('entities: [\n'), 'unreadable');
  });
});

describe('registry authoring: addAlias (core)', () => {
  it('adds to a block sequence after the last alias, keeping its comment', () => {
    const result = ok(addAliasesToText(COMMENTED, 'ali-larijani', ['لاریجانی', 'Ali Ardashir Larijani']));
    assertInsertOnly(COMMENTED, result);
    assert.equal(result.text, COMMENTED.replace('      - علی لاریجانی\n', '      - علی لاریجانی\n      - لاریجانی\n      - Ali Ardashir Larijani\n'));
    assert.equal(result.text.slice(result.focus.start, result.focus.end), 'لاریجانی');
  });

  it('adds to a flow sequence before its closing bracket', () => {
    const result = ok(addAliasesToText(COMMENTED, 'iran', ['Islamic Republic of Iran', 'Iran, Islamic Rep.']));
    assert.equal(result.text, COMMENTED.replace('aliases: [Islamic Republic]', 'aliases: [Islamic Republic, Islamic Republic of Iran, "Iran, Islamic Rep."]'));
  });

  it('creates aliases: right after name:, in the file’s style, even after a quoted name', () => {
    const result = ok(addAliasesToText(COMMENTED, 'tehran', ['Teheran']));
    assert.equal(result.text, COMMENTED.replace('    name: "Tehran"\n', '    name: "Tehran"\n    aliases:\n      - Teheran\n'));
    const flowFile = 'entities:\n  - id: iraq\n    name: Iraq # the state\n    type: state\n  - id: x\n    name: X\n    type: other\n    aliases: [Y]\n';
    assert.equal(
      ok(addAliasesToText(flowFile, 'iraq', ['Iraqi'])).text,
      'entities:\n  - id: iraq\n    name: Iraq # the state\n    aliases: [Iraqi]\n    type: state\n  - id: x\n    name: X\n    type: other\n    aliases: [Y]\n',
    );
  });

  it('handles a multi-line name, an empty aliases:, a flow mapping entity and the one-entity layout', () => {
    const folded = 'entities:\n  - id: un\n    name: >-\n      United\n      Nations\n    type: organization\n';
    assert.equal(
      ok(addAliasesToText(folded, 'un', ['UN'])).text,
      'entities:\n  - id: un\n    name: >-\n      United\n      Nations\n    aliases: [UN]\n    type: organization\n',
    );
    assert.equal(ok(addAliasesToText('id: a\nname: A\ntype: other\naliases:\n', 'a', ['B'])).text, 'id: a\nname: A\ntype: other\naliases: [B]\n');
    assert.equal(ok(addAliasesToText('id: a\nname: A\ntype: other\naliases: []\n', 'a', ['B'])).text, 'id: a\nname: A\ntype: other\naliases: [B]\n');
    assert.equal(
      ok(addAliasesToText('id: a\nname: A\ntype: other\naliases: ~ # none\n', 'a', ['B'])).text,
      'id: a\nname: A\ntype: other\naliases: [B] # none\n',
    );
    assert.equal(
      ok(addAliasesToText('entities:\n  - { id: a, name: A, type: other }\n', 'a', ['B'])).text,
      'entities:\n  - { id: a, name: A, aliases: [B], type: other }\n',
    );
    assert.equal(
      ok(addAliasesToText('# one per file\nid: baghdad\nname: Baghdad\ntype: place\n', 'baghdad', [{ text: 'Bagdad', caseSensitive: true }])).text,
      '# one per file\nid: baghdad\nname: Baghdad\naliases: [{ text: Bagdad, caseSensitive: true }]\ntype: place\n',
    );
  });

  it('refuses an unknown entity, a broken file and an aliases: that is not a list', () => {
    assert.equal(failure(addAliasesToText(COMMENTED, 'iraq', ['Iraqi'])), 'unknown-entity');
    assert.equal(failure(addAliasesToText('entities:\n  - id: a\n    name: "A\n', 'a', ['B'])), 'unparseable');
    assert.equal(failure(addAliasesToText('id: a\nname: A\ntype: other\naliases: B\n', 'a', ['C'])), 'unsupported-shape');
    assert.equal(failure(addAliasesToText(COMMENTED, 'iran', ['  '])), 'invalid-name');
  });
});

describe('registry authoring: checks and ids', () => {
  const store = new RegistryStore();
  store.setFile('file:///w/entities.yaml', COMMENTED);
  store.setFile('file:///w/more.yaml', 'entities:\n  - id: united-states\n    name: United States\n    type: state\n    aliases: [US]\n');
  const registry = store.build();

  it('refuses duplicate ids and invalid ids; a name another entity has is allowed, with a note', () => {
    assert.equal(checkNewEntity(registry, { id: 'tom-barrack', name: 'Tom Barrack', type: 'person' }), undefined);
    assert.equal(checkNewEntity(registry, { id: 'iran', name: 'Persia', type: 'state' })?.code, 'duplicate-id');
    assert.equal(checkNewEntity(registry, { id: '-x', name: 'X', type: 'state' })?.code, 'invalid-id');
    assert.equal(checkNewEntity(registry, { id: 'x', name: 'X', type: 'country' as never })?.code, 'invalid-type');
    assert.equal(checkNewEntity(registry, { id: 'larijani-2', name: 'LARIJANI', type: 'person' }), undefined);
    const [note] = sharedNameNotes(registry, undefined, ['LARIJANI']);
    assert.match(note, /“LARIJANI” is now ambiguous: it is also an alias of Ali Larijani \(ali-larijani\); its mentions are resolved from context/);
    assert.equal(sharedNameNotes(registry, undefined, ['Us']).length, 1, 'case-insensitive “Us” would match “US” too');
    assert.deepEqual(sharedNameNotes(registry, undefined, ['Tom Barrack']), []);
  });

  it('refuses an alias the entity already has; another entity’s alias is allowed and noted as ambiguous', () => {
    assert.equal(checkNewAlias(registry, 'iran', 'Persia'), undefined);
    assert.equal(checkNewAlias(registry, 'iran', 'islamic  republic')?.code, 'alias-exists');
    assert.equal(checkNewAlias(registry, 'iran', 'Larijani'), undefined);
    assert.equal(sharedNameNotes(registry, 'iran', ['Larijani']).length, 1);
    assert.equal(checkNewAlias(registry, 'iran', 'US'), undefined);
    assert.match(sharedNameNotes(registry, 'iran', ['US'])[0], /United States \(united-states\)/);
    assert.equal(checkNewAlias(registry, 'iran', { text: 'Us', caseSensitive: true }), undefined, 'written differently, both case-sensitive');
    assert.equal(checkNewAlias(registry, 'nobody', 'X')?.code, 'unknown-entity');
  });

  it('suggests ids from names: accents and Cyrillic transliterated, Arabic script left to the user', () => {
    assert.equal(slugify('Ali Larijani'), 'ali-larijani');
    assert.equal(slugify('Mohammed Shia’ al-Sudani'), 'mohammed-shia-al-sudani');
    assert.equal(slugify('Recep Tayyip Erdoğan'), 'recep-tayyip-erdogan');
    assert.equal(slugify('Ghalibaf (Qalibaf)'), 'ghalibaf-qalibaf');
    assert.equal(slugify('Straße Łódź'), 'strasse-lodz');
    assert.equal(slugify('Сергей Лавров'), 'sergey-lavrov');
    assert.equal(slugify('U.S. State Department'), 'u-s-state-department');
    assert.equal(slugify('علی لاریجانی'), undefined);
    assert.equal(slugify('Ali لاریجانی'), undefined);
    assert.equal(slugify('—'), undefined);
    const taken = new Set(['iran', 'iran-2']);
    assert.equal(
      suggestEntityId('Iran', (id) => taken.has(id)),
      'iran-3',
    );
  });

  it('reads a selection as a name: quotes, punctuation and a possessive dropped, abbreviations kept', () => {
    assert.equal(nameFromSelection('  Hezbollah’s '), 'Hezbollah');
    assert.equal(nameFromSelection('“Tom\n  Barrack”,'), 'Tom Barrack');
    assert.equal(nameFromSelection('(UNIFIL).'), 'UNIFIL');
    assert.equal(nameFromSelection('U.S.'), 'U.S.');
    assert.equal(nameFromSelection('the U.N.,'), 'the U.N.');
    assert.equal(nameFromSelection('Ali Larijani.'), 'Ali Larijani');
    assert.equal(nameFromSelection('«علی لاریجانی»،'), 'علی لاریجانی');
  });

  it('quotes scalars only when YAML needs it', () => {
    assert.equal(yamlScalar('Ali Larijani', false), 'Ali Larijani');
    assert.equal(yamlScalar('علی لاریجانی', true), 'علی لاریجانی');
    assert.equal(yamlScalar('yes', false), '"yes"');
    assert.equal(yamlScalar('1984', false), '"1984"');
    assert.equal(yamlScalar('null', true), '"null"');
    assert.equal(yamlScalar('- dash', false), '"- dash"');
    assert.equal(yamlScalar('a, b', false), 'a, b');
    assert.equal(yamlScalar('a, b', true), '"a, b"');
    assert.equal(yamlScalar('x #y', false), '"x #y"');
    assert.equal(yamlScalar('Shia’ "duo"', false), 'Shia’ "duo"');
  });
});
