import { strict as assert } from 'node:assert';
import { findMentions } from '../../src/core/mentions';
import { RegistryStore, parseRegistryFile } from '../../src/core/registry';
import type { CoreDiagnostic } from '../../src/core/types';

const GOOD = `# shared registry
entities:
  - id: ali-larijani
    name: Ali Larijani
    type: person
    aliases:
      - Larijani
      - علی لاریجانی
      - { text: SNSC Secretary, caseSensitive: true }
    summary: Iranian politician.
    roles:
      - title: Speaker of the Parliament of Iran
        of: iran-parliament
        from: 2008-05-28
        to: 2020-05-28
      - title: Secretary of the Supreme National Security Council
        from: 2025-08-05
    affiliations: [iran]
    links: [https://en.wikipedia.org/wiki/Ali_Larijani]
    tags: [iran-government]
  - id: iran
    name: Iran
    type: state
  - id: iran-parliament
    name: Islamic Consultative Assembly
    type: organization
    aliases: [Majlis]
eventTypes:
  - ceasefire
  - { id: hostage-release, label: Hostage release }
`;

function diag(list: readonly CoreDiagnostic[] | undefined): string[] {
  return (list ?? []).map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${d.severity} ${d.code}`);
}

describe('registry parsing (SPEC §1)', () => {
  it('reads every field of the list layout', () => {
    const parsed = parseRegistryFile('file:///w/entities.yaml', GOOD);
    assert.deepEqual(parsed.diagnostics, []);
    assert.equal(parsed.entities.length, 3);
    const ali = parsed.entities[0];
    assert.equal(ali.name, 'Ali Larijani');
    assert.deepEqual(ali.aliases, [
      { text: 'Larijani', caseSensitive: false },
      { text: 'علی لاریجانی', caseSensitive: false },
      { text: 'SNSC Secretary', caseSensitive: true },
    ]);
    assert.equal(ali.roles.length, 2);
    assert.equal(ali.roles[0].from?.text, '2008-05-28');
    assert.equal(ali.roles[1].to, undefined);
    assert.deepEqual(ali.affiliations, ['iran']);
    assert.deepEqual(ali.links, ['https://en.wikipedia.org/wiki/Ali_Larijani']);
    assert.equal(ali.source.idRange.start.line, 2);
    assert.equal(ali.source.idRange.start.character, 8);
    assert.deepEqual(parsed.eventTypes, [{ id: 'ceasefire' }, { id: 'hostage-release', label: 'Hostage release', description: undefined }]);
  });

  it('gives each entity a source that reads and serialises as plain data (its ranges are worked out lazily)', () => {
    const parsed = parseRegistryFile('file:///w/entities.yaml', GOOD);
    const iran = parsed.entities[1];
    const range = (line: number, character: number, offset: number, endCharacter: number, endOffset: number) => ({
      start: { line, character, offset },
      end: { line, character: endCharacter, offset: endOffset },
    });
    const idAt = GOOD.indexOf('iran\n');
    const entryAt = GOOD.indexOf('id: iran\n');
    const expected = {
      file: 'file:///w/entities.yaml',
      idRange: range(20, 8, idAt, 12, idAt + 4),
      entryRange: { start: { line: 20, character: 4, offset: entryAt }, end: { line: 22, character: 15, offset: GOOD.indexOf('state') + 5 } },
    };
    assert.deepEqual(JSON.parse(JSON.stringify(iran.source)), expected);
    assert.deepEqual({ file: iran.source.file, idRange: iran.source.idRange, entryRange: iran.source.entryRange }, expected);
    assert.equal(iran.source.idRange, iran.source.idRange, 'the same object on every read');
    // Names and references: offsets until asked for, then the same ranges as ever.
    const ali = parsed.locations.get('ali-larijani')!;
    assert.deepEqual(
      ali.names.map((n) => [n.text, n.caseSensitive, n.range.start.line]),
      [
        ['Ali Larijani', false, 3],
        ['Larijani', false, 6],
        ['علی لاریجانی', false, 7],
        ['SNSC Secretary', true, 8],
      ],
    );
    assert.deepEqual(
      ali.references.map((r) => [r.id, r.field, r.range.start.line, r.range.start.character]),
      [
        ['iran-parliament', 'of', 12, 12],
        ['iran', 'affiliations', 17, 19],
      ],
    );
  });

  it('reads the one-entity-per-file layout and year-only dates written as numbers', () => {
    const parsed = parseRegistryFile(
      'file:///w/entities/iran.yaml',
      'id: khamenei\nname: Ali Khamenei\ntype: person\nroles:\n  - title: Supreme Leader\n    from: 1989\n',
    );
    assert.deepEqual(parsed.diagnostics, []);
    assert.equal(parsed.entities[0].roles[0].from?.text, '1989');
  });

  it('accepts an empty file without complaint', () => {
    assert.deepEqual(parseRegistryFile('u', '').diagnostics, []);
    assert.deepEqual(parseRegistryFile('u', '# just a comment\n').diagnostics, []);
    assert.deepEqual(parseRegistryFile('u', 'entities:\n').diagnostics, []);
  });

  it('positions each problem exactly', () => {
    const text = [
      'entities:', // 1
      '  - id: Bad Id', // 2
      '    name: X', // 3
      '    type: person', // 4
      '  - id: no-name', // 5
      '    type: person', // 6
      '  - id: bad-type', // 7
      '    name: Bad type', // 8
      '    type: country', // 9
      '  - id: bad-date', // 10
      '    name: Bad date', // 11
      '    type: person', // 12
      '    colour: red', // 13
      '    roles:', // 14
      '      - title: Minister', // 15
      '        from: 2021-13-01', // 16
      '      - title: Backwards', // 17
      '        from: 2022', // 18
      '        to: 2020', // 19
      '    links: [javascript:alert(1)]', // 20
    ].join('\n');
    assert.deepEqual(diag(parseRegistryFile('u', text).diagnostics), [
      '2:9 error invalid-id',
      '5:9 error missing-field',
      '9:11 error unknown-type',
      '13:5 warning unknown-field',
      '16:15 error invalid-date',
      '18:15 error invalid-date',
      '20:13 warning invalid-link',
    ]);
  });

  it('reports YAML syntax errors and git conflict markers as unreadable', () => {
    const syntax = parseRegistryFile('u', 'entities:\n  - id: a\n    name: [unclosed\n');
    assert.equal(syntax.unreadable, true);
    assert.equal(syntax.diagnostics[0].code, 'yaml-syntax');
    const conflict = parseRegistryFile('u', 'entities:\n<<<<<<< HEAD\n  - id: a\n=======\n  - id: b\n>>>>>>> theirs\n');
    assert.equal(conflict.unreadable, true);
    assert.deepEqual(diag(conflict.diagnostics), ['2:1 error conflict-marker', '4:1 error conflict-marker', '6:1 error conflict-marker']);
  });

  it('reports a YAML alias (*name) at the alias, as unreadable, instead of an empty value', () => {
    const text = 'entities:\n  - id: iran\n    name: Iran\n    type: &t state\n  - id: iraq\n    name: Iraq\n    type: *t\n';
    const parsed = parseRegistryFile('u', text);
    assert.equal(parsed.unreadable, true);
    assert.deepEqual(diag(parsed.diagnostics), ['7:11 error yaml-alias']);
    assert.equal(parsed.diagnostics[0].message, 'YAML alias `*t` is not supported in registry files: write the value out here.');
  });

  it('reports duplicate keys and wrong shapes', () => {
    assert.equal(parseRegistryFile('u', 'id: a\nid: b\nname: A\ntype: person\n').unreadable, true);
    assert.equal(parseRegistryFile('u', '- id: a\n').diagnostics[0].code, 'registry-shape');
    assert.equal(parseRegistryFile('u', 'entities: {}\n').diagnostics[0].code, 'registry-shape');
    assert.equal(parseRegistryFile('u', 'hello: world\n').diagnostics[0].code, 'registry-shape');
  });
});

describe('registry store: all files together', () => {
  it('reports duplicate ids across files on the later file, and unknown references', () => {
    const store = new RegistryStore();
    store.setFile('file:///w/a.entities.yaml', 'entities:\n  - id: iran\n    name: Iran\n    type: state\n');
    store.setFile('file:///w/b.entities.yaml', 'entities:\n  - id: iran\n    name: Persia\n    type: state\n    affiliations: [nowhere]\n');
    const registry = store.build();
    assert.equal(registry.entities.get('iran')?.name, 'Iran');
    assert.deepEqual(diag(registry.diagnostics.get('file:///w/a.entities.yaml')), []);
    assert.deepEqual(diag(registry.diagnostics.get('file:///w/b.entities.yaml')), ['2:9 error duplicate-id']);
    assert.equal(registry.errorCount, 1);

    store.setFile('file:///w/c.yaml', 'id: x\nname: X\ntype: other\naffiliations: [nowhere, iran]\n');
    assert.deepEqual(diag(store.build().diagnostics.get('file:///w/c.yaml')), ['4:16 error unknown-reference']);
  });

  it('lets the file that was there first keep a duplicated id', () => {
    const store = new RegistryStore();
    store.setFile('file:///w/z.entities.yaml', 'id: iran\nname: Iran\ntype: state\n');
    store.build();
    store.setFile('file:///w/a.entities.yaml', 'id: iran\nname: Persia\ntype: state\n');
    const registry = store.build();
    assert.equal(registry.entities.get('iran')?.name, 'Iran');
    assert.deepEqual(diag(registry.diagnostics.get('file:///w/a.entities.yaml')), ['1:5 error duplicate-id']);
    assert.deepEqual(registry.files, ['file:///w/a.entities.yaml', 'file:///w/z.entities.yaml']);
  });

  it('tells where an alias is shared by two entities, and gives its mentions both as candidates', () => {
    const store = new RegistryStore();
    store.setFile(
      'file:///w/entities.yaml',
      'entities:\n  - id: a\n    name: Amal\n    type: organization\n  - id: b\n    name: Amal Clooney\n    type: person\n    aliases: [amal]\n',
    );
    const registry = store.build();
    assert.deepEqual(diag(registry.diagnostics.get('file:///w/entities.yaml')), ['3:11 info shared-name', '8:15 info shared-name']);
    assert.deepEqual(registry.candidatesOf(registry.matcher.scan('Amal')[0].entityId), ['a', 'b']);
    const [mention] = findMentions(registry, 'Amal');
    assert.equal(mention.entityId, 'a');
    assert.equal(mention.resolution, 'ambiguous');
  });

  it('keeps the last good state of a file that became unreadable', () => {
    const store = new RegistryStore();
    const uri = 'file:///w/entities.yaml';
    store.setFile(uri, GOOD);
    assert.equal(store.build().entities.size, 3);
    store.setFile(uri, GOOD + '\n<<<<<<< HEAD\n');
    const registry = store.build();
    assert.equal(registry.entities.size, 3);
    assert.equal(registry.errorCount, 1);
    assert.equal(registry.matcher.scan('Larijani met the Majlis').length, 2);
  });

  it('keeps the last good version of an entity that became invalid, and the rest of the file', () => {
    const store = new RegistryStore();
    const uri = 'file:///w/entities.yaml';
    store.setFile(uri, GOOD);
    store.build();
    // The name of Larijani is being retyped; Iran gets a new alias meanwhile.
    store.setFile(uri, GOOD.replace('    name: Ali Larijani\n', '').replace('    name: Iran\n', '    name: Iran\n    aliases: [Persia]\n'));
    const registry = store.build();
    assert.equal(registry.entities.get('ali-larijani')?.name, 'Ali Larijani');
    assert.deepEqual(registry.entities.get('iran')?.aliases, [{ text: 'Persia', caseSensitive: false }]);
    assert.deepEqual(diag(registry.diagnostics.get(uri)), ['3:9 error missing-field']);
  });

  it('loads what it can of a new, partly broken entity', () => {
    const store = new RegistryStore();
    const uri = 'file:///w/entities.yaml';
    store.setFile(uri, 'id: a\nname: A\ntype: person\nroles:\n  - title: Good\n    from: 2020\n  - title: Bad\n    from: 20-20\n');
    const entity = store.build().entities.get('a');
    assert.deepEqual(
      entity?.roles.map((r) => r.title),
      ['Good'],
    );
  });

  it('forgets deleted files and orders files by path', () => {
    const store = new RegistryStore();
    store.setFile('file:///w/b.yaml', 'id: b\nname: B\ntype: other\n');
    store.setFile('file:///w/a.yaml', 'id: a\nname: A\ntype: other\n');
    assert.deepEqual(store.build().files, ['file:///w/a.yaml', 'file:///w/b.yaml']);
    store.deleteFile('file:///w/a.yaml');
    const registry = store.build();
    assert.deepEqual([...registry.entities.keys()], ['b']);
  });

  it('merges event types from all files', () => {
    const store = new RegistryStore();
    store.setFile('file:///w/entities.yaml', GOOD);
    store.setFile('file:///w/x.entities.yaml', 'eventTypes: [ceasefire, cyberattack]\n');
    assert.deepEqual(
      store.build().eventTypes.map((e) => e.id),
      ['ceasefire', 'hostage-release', 'cyberattack'],
    );
  });
});
