// FollowTheMoney import (core/ftmImport.ts) and export (core/ftmExport.ts), Wikidata in the hover
// card and the tag export, and both through the built CLI.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { findDocumentDate } from '../../src/core/documentDate';
import { collectTags, formatTagsCsv, TAG_CSV_COLUMNS } from '../../src/core/exportTags';
import { exportFtm } from '../../src/core/ftmExport';
import { ftmDate, FtmImportError, FtmImportResult, importFtm, importHash } from '../../src/core/ftmImport';
import { buildHoverCard } from '../../src/core/hoverCard';
import { findMentions } from '../../src/core/mentions';
import { parseRegistryFile, Registry, RegistryStore } from '../../src/core/registry';
import type { Entity } from '../../src/core/types';
import { FtmLine, ftmLines, ftmProblems } from './ftmModel';

const ROOT = path.resolve(__dirname, '../../..');
const SAMPLE_PATH = path.join(ROOT, 'test/fixtures/ftm/opensanctions-sample.ftm.json');
const SAMPLE = fs.readFileSync(SAMPLE_PATH, 'utf8');
const SOURCE = [{ name: 'sample.ftm.json', text: SAMPLE }];
const CLI = path.join(ROOT, 'dist/cli.js');

function registryOf(files: Record<string, string>): Registry {
  const store = new RegistryStore();
  for (const [uri, text] of Object.entries(files)) store.setFile(uri, text);
  return store.build();
}

function allDiagnostics(registry: Registry): string[] {
  return [...registry.diagnostics].flatMap(([file, list]) =>
    list.filter((d) => d.severity !== 'info').map((d) => `${file}:${d.range.start.line + 1}: ${d.severity}: ${d.message}`),
  );
}

function importList(existing?: string, extra: Partial<Parameters<typeof importFtm>[1]> = {}): FtmImportResult {
  return importFtm(SOURCE, {
    layout: { kind: 'list', path: 'entities.yaml' },
    existing: existing === undefined ? [] : [{ path: 'entities.yaml', text: existing }],
    ...extra,
  });
}

function byName(registry: Registry, name: string): Entity {
  const found = [...registry.entities.values()].find((e) => e.name === name);
  assert.ok(found, `no entity named ${name}`);
  return found;
}

/** Roles as the hover card reads them: title, body name, dates. */
function roleTuples(registry: Registry, entity: Entity): string[] {
  return entity.roles.map((r) => `${r.title} | ${r.of ? registry.entities.get(r.of)?.name : ''} | ${r.from?.text ?? ''} | ${r.to?.text ?? ''}`).sort();
}

describe('FollowTheMoney import', () => {
  const first = importList();
  const yaml = first.files[0].text;
  const registry = registryOf({ 'entities.yaml': yaml });

  it('writes one list file that the registry reads without an error or warning', () => {
    assert.equal(first.files.length, 1);
    assert.equal(first.files[0].path, 'entities.yaml');
    assert.deepEqual(allDiagnostics(registry), []);
    assert.equal(registry.entities.size, 16);
    assert.deepEqual(first.stats.byType, { person: 4, organization: 6, state: 1, place: 1, position: 4, other: 0 });
    assert.deepEqual([...first.stats.skipped], [['Sanction', 1]]);
  });

  it('maps the schemata: people, organisations, public bodies, companies, addresses, countries, positions', () => {
    const type = (name: string) => byName(registry, name).type;
    assert.equal(type('Ali Larijani'), 'person');
    assert.equal(type('Supreme National Security Council'), 'organization'); // PublicBody
    assert.equal(type('Example Trading LLC'), 'organization'); // Company
    assert.equal(type('The Group'), 'organization'); // LegalEntity
    assert.equal(type('Pasteur Street, Tehran'), 'place'); // Address
    assert.equal(type('Iran'), 'state'); // Country
    assert.equal(type('Secretary of the Supreme National Security Council'), 'position');
    assert.equal(byName(registry, 'Secretary of the Supreme National Security Council').of, 'supreme-national-security-council');
  });

  it('keeps names and aliases (multi-valued name, alias, previousName), the QID and the FtM id', () => {
    const ali = registry.entities.get('ali-larijani')!;
    assert.deepEqual(
      ali.aliases.map((a) => a.text),
      ['علی لاریجانی', 'Larijani', 'Ali Ardashir Larijani'],
    );
    assert.equal(ali.wikidata, 'Q1000001');
    assert.deepEqual(ali.ftm, ['Q1000001']);
    assert.deepEqual(ali.tags, ['role.pep']);
    assert.deepEqual(ali.links, ['https://en.wikipedia.org/wiki/Ali_Larijani']);
    assert.equal(ali.summary, 'Iranian politician, former speaker of parliament.');
    const company = byName(registry, 'Example Trading LLC');
    assert.deepEqual(
      company.aliases.map((a) => a.text),
      ['Example Trading Co.', 'Example Import-Export'],
    );
    // A common word as an alias matches only as written.
    assert.deepEqual(byName(registry, 'The Group').aliases, [
      { text: 'Group', caseSensitive: true },
      { text: 'TG', caseSensitive: true },
    ]);
    // No Latin name: the id comes from the FtM id.
    assert.equal(byName(registry, 'محمد باقر قالیباف').id, 'ftm-nk-abc123');
  });

  it('leaves weak aliases out of matching, as a comment for the analyst', () => {
    const sadegh = registry.entities.get('sadegh-larijani')!;
    assert.ok(!sadegh.aliases.some((a) => a.text === 'Larijani'));
    assert.match(yaml, /# FtM weak aliases, not matched in texts \(too common to be sure who is meant\): "Ali", "Dr\. Larijani"/);
    assert.equal(first.stats.weakAliases, 3);
    const mentions = findMentions(registry, 'Ali met them. Sadegh Larijani did not.');
    assert.deepEqual(
      mentions.map((m) => m.entityId),
      ['sadegh-larijani'],
    );
  });

  it('turns Occupancy into dated roles with post, Membership into affiliations, Employment and Directorship into roles', () => {
    assert.deepEqual(roleTuples(registry, registry.entities.get('ali-larijani')!), [
      'Secretary of the Supreme National Security Council | Supreme National Security Council | 2025-08-05 | ',
      'Speaker of the Parliament of Iran | Islamic Consultative Assembly | 2008-05-28 | 2020-05-28',
    ]);
    assert.deepEqual(
      registry.entities.get('ali-larijani')!.roles.map((r) => r.post),
      ['speaker-of-the-parliament-of-iran', 'secretary-of-the-supreme-national-security-council'],
    );
    assert.deepEqual(registry.entities.get('ali-larijani')!.affiliations, ['principlists-coalition']);
    // Dates of every precision: a year, a month, a day, a time of day (dropped).
    assert.deepEqual(roleTuples(registry, registry.entities.get('sadegh-larijani')!), [
      'Chairman of the Board | Example Trading LLC | 2021-03-04 | ',
      'Chief Justice of Iran |  | 2009 | 2019-03',
      'Lecturer | Qom Seminary | 1990-09 | 2000',
    ]);
    // Nested entities (OpenSanctions' nested export) are read too.
    assert.deepEqual(roleTuples(registry, byName(registry, 'Example Nested Person')), ['Governor of Example Province |  | 2019-01 | 2023-12-31']);
    assert.deepEqual(
      registry.holders.get('secretary-of-the-supreme-national-security-council')?.map((h) => h.entityId),
      ['ali-larijani'],
    );
  });

  it('warns about each broken line with its line number and imports the rest', () => {
    assert.deepEqual(
      first.warnings.map((w) => `${w.file}:${w.line}`),
      ['sample.ftm.json:8', 'sample.ftm.json:18', 'sample.ftm.json:19', 'sample.ftm.json:20'],
    );
    assert.match(first.warnings[0].message, /not a JSON object/);
    assert.match(first.warnings[3].message, /Occupancy occ-orphan: its holder Q9999999 is not in the import/);
    assert.equal(first.stats.lines, 26);
  });

  it('says in a comment where each entry came from', () => {
    assert.match(yaml, /^ {2}# From sample\.ftm\.json line 1: FtM Person Q1000001 · import hash [0-9a-f]{14}\n {2}- id: ali-larijani$/m);
    assert.match(yaml, /^ {2}# From sample\.ftm\.json line 24: FtM Position pos-nested · import hash/m);
  });

  it('reads dates of every precision and merges fragments of one entity, earliest start and latest end', () => {
    assert.equal(ftmDate('2025')?.text, '2025');
    assert.equal(ftmDate('2025-08')?.text, '2025-08');
    assert.equal(ftmDate('2025-08-12')?.text, '2025-08-12');
    assert.equal(ftmDate('2025-08-12T10:30:00')?.text, '2025-08-12');
    assert.equal(ftmDate('2025-08-12T10:30:00Z')?.text, '2025-08-12');
    assert.equal(ftmDate('2025-08-12T10:30+03:30')?.text, '2025-08-12');
    assert.equal(ftmDate('2025-02-30'), undefined);
    assert.equal(ftmDate('August 2025'), undefined);
    const lines = [
      '{"id": "p1", "schema": "Person", "properties": {"name": ["Ana Example"]}}',
      '{"id": "p1", "schema": "Person", "properties": {"alias": ["A. Example"], "wikidataId": ["Q77"]}}',
      '{"id": "pos", "schema": "Position", "properties": {"name": ["Mayor of Example"]}}',
      '{"id": "o1", "schema": "Occupancy", "properties": {"holder": ["p1"], "post": ["pos"], "startDate": ["2019-05", "2018"], "endDate": ["2020", "2021-06-30T12:00:00"]}}',
      '{"id": "o2", "schema": "Occupancy", "properties": {"holder": ["p1"], "post": ["pos"], "startDate": ["someday"]}}',
    ].join('\r\n');
    const result = importFtm([{ name: 'f.json', text: lines }], { layout: { kind: 'list' } });
    const reg = registryOf({ 'a.yaml': result.files[0].text });
    assert.deepEqual(allDiagnostics(reg), []);
    const ana = reg.entities.get('ana-example')!;
    assert.deepEqual(
      ana.aliases.map((a) => a.text),
      ['A. Example'],
    );
    assert.equal(ana.wikidata, 'Q77');
    assert.deepEqual(roleTuples(reg, ana), ['Mayor of Example |  |  | ', 'Mayor of Example |  | 2018 | 2021-06-30']);
    assert.deepEqual(
      result.warnings.map((w) => `${w.line}: ${w.message}`),
      ['5: Occupancy o2: `startDate` "someday" is not a date; left out'],
    );
  });

  it('re-imports the same file into the list it wrote byte for byte unchanged', () => {
    const again = importList(yaml);
    assert.equal(again.files.length, 0, 'no file to write');
    assert.equal(again.stats.unchanged, 16);
    assert.equal(again.stats.added, 0);
  });

  it('keeps entries edited by hand, entries of its own and comments; --overwrite replaces the edited ones', () => {
    const edited =
      yaml
        .replace('    name: Qom Seminary\n', '    name: Qom Seminary (Hawza)\n')
        .replace('  # From sample.ftm.json line 13', '  # checked by M.K. on 2025-09-01\n  # From sample.ftm.json line 13') +
      '\n  - id: my-own\n    name: My Own Entity\n    type: other\n';
    const again = importList(edited);
    assert.equal(again.stats.kept, 1);
    assert.equal(again.files.length, 0, 'nothing changed: the file is not written');
    const warning = again.warnings.find((w) => /edited by hand/.test(w.message))!;
    assert.equal(warning.file, 'entities.yaml');
    assert.equal(edited.split('\n')[warning.line - 1], '  - id: qom-seminary');
    const overwritten = importList(edited, { overwrite: true });
    assert.equal(overwritten.stats.updated, 1);
    const text = overwritten.files[0].text;
    assert.ok(text.includes('    name: Qom Seminary\n'));
    assert.ok(text.includes('  # checked by M.K. on 2025-09-01\n  # From sample.ftm.json line 13'), 'the analyst’s comment stays');
    assert.ok(text.endsWith('\n  - id: my-own\n    name: My Own Entity\n    type: other\n'), 'the analyst’s entity stays');
    // And a re-import after the overwrite changes nothing again.
    assert.equal(importList(text).files.length, 0);
  });

  it('updates an untouched entry when the source changed, and adds new entities at the end', () => {
    const changed =
      SAMPLE.replace('"name": ["Qom Seminary"]', '"name": ["Qom Seminary"], "alias": ["Hawza of Qom"]') +
      '{"id": "new-1", "schema": "Organization", "properties": {"name": ["Newly Listed Org"]}}\n';
    const result = importFtm([{ name: 'sample.ftm.json', text: changed }], {
      layout: { kind: 'list', path: 'entities.yaml' },
      existing: [{ path: 'entities.yaml', text: yaml }],
    });
    assert.equal(result.stats.updated, 1);
    assert.equal(result.stats.added, 1);
    assert.equal(result.stats.unchanged, 15);
    const reg = registryOf({ 'entities.yaml': result.files[0].text });
    assert.deepEqual(
      reg.entities.get('qom-seminary')!.aliases.map((a) => a.text),
      ['Hawza of Qom'],
    );
    assert.ok(result.files[0].text.endsWith('  - id: newly-listed-org\n    name: Newly Listed Org\n    type: organization\n    ftm: new-1\n'));
  });

  it('writes one file per entity into a folder, re-imports it unchanged and keeps a hand-edited file', () => {
    const folder = importFtm(SOURCE, { layout: { kind: 'folder', folder: 'entities/os' } });
    assert.equal(folder.files.length, 16);
    assert.ok(folder.files.every((f) => f.path.startsWith('entities/os/') && f.path.endsWith('.yaml') && f.changed));
    const ali = folder.files.find((f) => f.path === 'entities/os/ali-larijani.yaml')!;
    assert.match(ali.text, /^# Imported by `analyst-markup import ftm`/);
    assert.match(ali.text, /\n# From sample\.ftm\.json line 1: FtM Person Q1000001 · import hash [0-9a-f]{14}\nid: ali-larijani\n/);
    const reg = registryOf(Object.fromEntries(folder.files.map((f) => [f.path, f.text])));
    assert.deepEqual(allDiagnostics(reg), []);
    assert.equal(reg.entities.size, 16);
    const existing = folder.files.map((f) => ({ path: f.path, text: f.text }));
    const again = importFtm(SOURCE, { layout: { kind: 'folder', folder: 'entities/os' }, existing });
    assert.deepEqual(again.files, []);
    assert.equal(again.stats.unchanged, 16);
    const edited = existing.map((f) => (f.path === ali.path ? { ...f, text: f.text.replace('former speaker', 'the former speaker') } : f));
    const kept = importFtm(SOURCE, { layout: { kind: 'folder', folder: 'entities/os' }, existing: edited });
    assert.deepEqual(kept.files, []);
    assert.equal(kept.stats.kept, 1);
    const over = importFtm(SOURCE, { layout: { kind: 'folder', folder: 'entities/os' }, existing: edited, overwrite: true });
    assert.deepEqual(
      over.files.map((f) => [f.path, f.text === ali.text]),
      [[ali.path, true]],
    );
  });

  it('does not import an entity twice when the registry has its QID: links point to the registry’s entity', () => {
    const own = 'entities:\n  - id: larijani\n    name: Ali Larijani\n    type: person\n    wikidata: Q1000001\n';
    const others = registryOf({ 'mine.yaml': own });
    const result = importFtm(SOURCE, { layout: { kind: 'list', path: 'entities.yaml' }, registry: others.entities });
    assert.equal(result.stats.reused, 1);
    assert.ok(!/id: ali-larijani/.test(result.files[0].text));
    assert.ok(
      result.warnings.some((w) => /Person Q1000001 \(Ali Larijani, Q1000001\) is already in the registry as `larijani` \(mine\.yaml\)/.test(w.message)),
    );
    const combined = registryOf({ 'mine.yaml': own, 'entities.yaml': result.files[0].text });
    assert.deepEqual(allDiagnostics(combined), []);
  });

  it('adds to an analyst’s own list file in its indentation, touching none of its entries', () => {
    const own = 'entities:\n- id: iran-own\n  name: Iran\n  type: state\n  wikidata: Q794\n';
    const result = importList(own);
    const text = result.files[0].text;
    assert.ok(text.startsWith(own + '\n# From sample.ftm.json line 1: FtM Person Q1000001 · import hash '), text.slice(0, 300));
    assert.ok(text.includes('\n- id: ali-larijani\n  name: Ali Larijani\n'));
    const reg = registryOf({ 'entities.yaml': text });
    assert.deepEqual(allDiagnostics(reg), []);
    assert.equal(reg.entities.size, 17);
    assert.equal(importList(text).files.length, 0, 'and a re-import changes nothing');
  });

  it('refuses a target it cannot merge into, and writes nothing', () => {
    assert.throws(() => importList('entities:\n  - id: [broken\n'), FtmImportError);
    assert.throws(() => importList('id: one\nname: One\ntype: other\n'), /holds one entity/);
  });

  it('reads the registry field `ftm` as one id or a list, and reports a bad value', () => {
    const parsed = parseRegistryFile(
      'a.yaml',
      'entities:\n  - { id: a, name: A, type: other, ftm: x-1 }\n  - { id: b, name: B, type: other, ftm: [y-1, y-2] }\n  - { id: c, name: C, type: other, ftm: { no: 1 } }\n',
    );
    assert.deepEqual(
      parsed.entities.map((e) => e.ftm),
      [['x-1'], ['y-1', 'y-2'], undefined],
    );
    assert.deepEqual(
      parsed.diagnostics.map((d) => `${d.code}@${d.range.start.line + 1}`),
      ['invalid-value@4'],
    );
  });

  it('has a stable hash', () => {
    assert.equal(importHash(''), importHash(''));
    assert.notEqual(importHash('a'), importHash('b'));
    assert.match(importHash('x'.repeat(10000)), /^[0-9a-f]{14}$/);
  });
});

const WORKSPACE_REGISTRY = `entities:
  - id: ali-larijani
    name: Ali Larijani
    type: person
    aliases: [Larijani]
    wikidata: Q1000001
    summary: Iranian politician.
    roles:
      - post: snsc-secretary
        from: 2025-08-05
      - title: Speaker of the Parliament of Iran
        of: iran-parliament
        from: 2008-05-28
        to: 2020-05-28
      - title: Adviser to the Supreme Leader
        from: 2020
    affiliations: [iran, principlists]
    tags: [role.pep, iran-government]
    links: [https://en.wikipedia.org/wiki/Ali_Larijani, https://example.org/larijani]
  - { id: snsc, name: Supreme National Security Council, type: organization, aliases: [SNSC], affiliations: [iran] }
  - { id: snsc-secretary, name: Secretary of the Supreme National Security Council, type: position, of: snsc }
  - { id: iran-parliament, name: Islamic Consultative Assembly, type: organization }
  - { id: principlists, name: Principlists Coalition, type: organization }
  - { id: iran, name: Iran, type: state, wikidata: Q794 }
  - { id: iraq, name: Iraq, type: state }
  - { id: baghdad, name: Baghdad, type: place, roles: [{ title: Capital, of: iraq }] }
  - { id: misc, name: Example Programme, type: other }
`;

const DOC = `---
date: 2025-08-12
---
Ali Larijani visited Baghdad. The SNSC secretary said [Larijani]{.ref to=ali-larijani} would return.

[Iran and Iraq signed a security agreement]{.event #e7k2 type=agree actors="iran iraq" date=2025-08-11 place=baghdad note="first of two"}

[“We do not oppose expanding security cooperation”]{.claim #c91x by=ali-larijani about="iran iraq" confidence=likely date=2025-08-12}
`;

describe('FollowTheMoney export', () => {
  const registry = registryOf({ 'entities.yaml': WORKSPACE_REGISTRY });
  const result = exportFtm(registry, [
    { path: 'notes/visit.md', text: DOC },
    { path: 'notes/empty.md', text: 'Nothing here.' },
  ]);
  const lines = ftmLines(result.content);
  const byId = new Map(lines.map((l) => [l.id, l]));
  /** A property's values, joined. */
  const p = (l: FtmLine, key: string): string => (l.properties[key] ?? []).join(',');

  it('is valid FollowTheMoney: schemata, properties, types and references checked with the FtM model', () => {
    assert.deepEqual(allDiagnostics(registry), []);
    assert.deepEqual(ftmProblems(result.content), []);
    assert.equal(result.entities.length, lines.length);
  });

  it('exports each registry entity with a stable id, its names and its QID', () => {
    const ali = byId.get('am-ali-larijani')!;
    assert.equal(ali.schema, 'Person');
    assert.deepEqual(ali.properties.name, ['Ali Larijani']);
    assert.deepEqual(ali.properties.alias, ['Larijani']);
    assert.deepEqual(ali.properties.wikidataId, ['Q1000001']);
    assert.deepEqual(ali.properties.topics, ['role.pep']);
    assert.deepEqual(ali.properties.keywords, ['iran-government']);
    assert.deepEqual(ali.properties.wikipediaUrl, ['https://en.wikipedia.org/wiki/Ali_Larijani']);
    assert.deepEqual(ali.properties.sourceUrl, ['https://example.org/larijani']);
    assert.deepEqual(
      ['am-snsc', 'am-snsc-secretary', 'am-iran', 'am-baghdad', 'am-misc'].map((id) => byId.get(id)?.schema),
      ['Organization', 'Position', 'PublicBody', 'Address', 'LegalEntity'],
    );
    assert.deepEqual(byId.get('am-snsc-secretary')!.properties.organization, ['am-snsc']);
    assert.deepEqual(byId.get('am-iran')!.properties.wikidataId, ['Q794']);
    // The same input gives the same ids.
    assert.equal(exportFtm(registry, [{ path: 'notes/visit.md', text: DOC }]).content, result.content);
  });

  it('exports roles as Occupancy (post or a title of its own) or Membership, affiliations as Membership or UnknownLink', () => {
    const of = (schema: string) => lines.filter((l) => l.schema === schema);
    const occupancies = of('Occupancy').map((l) => `${p(l, 'holder')} → ${p(byId.get(l.properties.post[0])!, 'name')} ${p(l, 'startDate')}-${p(l, 'endDate')}`);
    assert.deepEqual(occupancies.sort(), [
      'am-ali-larijani → Adviser to the Supreme Leader 2020-',
      'am-ali-larijani → Secretary of the Supreme National Security Council 2025-08-05-',
    ]);
    const memberships = of('Membership').map((l) => `${p(l, 'member')} → ${p(l, 'organization')} ${p(l, 'role')} ${p(l, 'startDate')}-${p(l, 'endDate')}`);
    assert.deepEqual(
      memberships.sort(),
      [
        'am-ali-larijani → am-iran-parliament Speaker of the Parliament of Iran 2008-05-28-2020-05-28',
        'am-ali-larijani → am-principlists  -',
        'am-ali-larijani → am-iran  -',
        'am-snsc → am-iran  -',
      ].sort(),
    );
    assert.ok(result.notes.some((n) => /baghdad: the role “Capital” of a place has no FtM form/.test(n)));
  });

  it('exports each document with its mentions (Mention, Documentation), events and claims', () => {
    const docs = lines.filter((l) => l.schema === 'PlainText');
    assert.deepEqual(
      docs.map((d) => d.properties),
      [{ fileName: ['visit.md'], title: ['notes/visit.md'], date: ['2025-08-12'] }],
    );
    const docId = docs[0].id;
    const mentions = lines.filter((l) => l.schema === 'Mention').map((l) => `${p(l, 'name')} → ${p(l, 'resolved')}`);
    assert.deepEqual(mentions, ['Ali Larijani → am-ali-larijani', 'SNSC → am-snsc', 'Larijani → am-ali-larijani', 'Iran → am-iran', 'Iraq → am-iraq']);
    assert.ok(lines.filter((l) => l.schema === 'Mention').every((l) => l.properties.document[0] === docId));
    const placeLink = lines.find((l) => l.schema === 'Documentation' && l.properties.role?.[0] === 'mentioned')!;
    assert.deepEqual(placeLink.properties.entity, ['am-baghdad']);
    const event = lines.find((l) => l.schema === 'Event')!;
    assert.match(event.id, /^am-event-e7k2-[0-9a-f]{14}$/);
    assert.deepEqual(event.properties, {
      name: ['Iran and Iraq signed a security agreement'],
      summary: ['Iran and Iraq signed a security agreement'],
      keywords: ['agree'],
      date: ['2025-08-11'],
      involved: ['am-iran', 'am-iraq'],
      location: ['Baghdad'],
      addressEntity: ['am-baghdad'],
      notes: ['first of two'],
      proof: [docId],
    });
    const claims = lines
      .filter((l) => l.schema === 'Documentation' && l.id.startsWith('am-claim-c91x-'))
      .map((l) => `${p(l, 'role')} ${p(l, 'entity')} ${p(l, 'date')}`);
    assert.deepEqual(claims, ['claimant am-ali-larijani 2025-08-12', 'subject of claim am-iran 2025-08-12', 'subject of claim am-iraq 2025-08-12']);
    assert.equal(result.claims, 1);
    assert.equal(result.events, 1);
    assert.equal(result.documents, 1);
  });
});

describe('FollowTheMoney round trip: import → registry → export → import', () => {
  it('keeps names, aliases, dated roles and QIDs', () => {
    const first = importFtm(SOURCE, { layout: { kind: 'list', path: 'a.yaml' } });
    const registry1 = registryOf({ 'a.yaml': first.files[0].text });
    const exported = exportFtm(registry1, []);
    assert.deepEqual(ftmProblems(exported.content), []);
    // The imported FtM ids are the exported ones: Aleph merges them with the source's.
    assert.deepEqual(
      ftmLines(exported.content)
        .filter((l) => l.schema === 'Person')
        .map((l) => l.id)
        .sort(),
      ['NK-abc123', 'Q1000001', 'Q1000002', 'Q1000003'],
    );
    const second = importFtm([{ name: 'export.ftm.json', text: exported.content }], { layout: { kind: 'list', path: 'b.yaml' } });
    assert.deepEqual(second.warnings, []);
    const registry2 = registryOf({ 'b.yaml': second.files[0].text });
    assert.deepEqual(allDiagnostics(registry2), []);
    assert.equal(registry2.entities.size, registry1.entities.size);
    const byFtm = new Map([...registry2.entities.values()].map((e) => [e.ftm![0], e]));
    for (const before of registry1.entities.values()) {
      const after = byFtm.get(before.ftm![0]);
      assert.ok(after, `${before.id} came back`);
      assert.equal(after.name, before.name);
      assert.deepEqual(after.aliases.map((a) => a.text).sort(), before.aliases.map((a) => a.text).sort(), before.id);
      assert.equal(after.wikidata, before.wikidata);
      assert.deepEqual(roleTuples(registry2, after), roleTuples(registry1, before), before.id);
      assert.deepEqual(
        after.affiliations.map((id) => registry2.entities.get(id)!.name),
        before.affiliations.map((id) => registry1.entities.get(id)!.name),
      );
    }
  });
});

describe('Wikidata', () => {
  const registry = registryOf({ 'entities.yaml': WORKSPACE_REGISTRY });

  it('shows as a link to its Wikidata page on the hover card', () => {
    const card = buildHoverCard({
      entity: registry.entities.get('iran')!,
      lookup: (id) => registry.entities.get(id),
      date: findDocumentDate('Date: 2025-08-12'),
      commandLinks: false,
    });
    assert.ok(card.includes('**Wikidata:** [Q794](https://www.wikidata.org/wiki/Q794 "Open Q794 on Wikidata")'), card);
    const none = buildHoverCard({
      entity: registry.entities.get('iraq')!,
      lookup: (id) => registry.entities.get(id),
      date: findDocumentDate(''),
      commandLinks: false,
    });
    assert.ok(!none.includes('Wikidata'));
  });

  it('goes into the JSON and CSV export with the entities the tags name', () => {
    const { tags } = collectTags([{ path: 'a.md', text: DOC }], { entities: registry.entities });
    const event = tags.find((t) => t.kind === 'event')!;
    assert.deepEqual(event.entities, [
      { attribute: 'actors', id: 'iran', name: 'Iran', wikidata: 'Q794' },
      { attribute: 'actors', id: 'iraq', name: 'Iraq' },
      { attribute: 'place', id: 'baghdad', name: 'Baghdad' },
    ]);
    const rows = formatTagsCsv(tags).split('\r\n');
    // wikidata comes after notes; plain_text (issue 17) after it.
    assert.equal(TAG_CSV_COLUMNS[TAG_CSV_COLUMNS.length - 2], 'wikidata');
    assert.ok(rows[0].endsWith(',notes,wikidata,plain_text'));
    assert.ok(rows[1].includes(',first of two,actors: Q794,'), rows[1]);
    assert.ok(rows[2].includes(',by: Q1000001; about: Q794,'), rows[2]);
  });
});

describe('FollowTheMoney through the CLI (dist/cli.js)', function () {
  this.timeout(120_000);
  let tmp: string;
  const run = (cwd: string, ...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8' });

  before(() => {
    if (!fs.existsSync(CLI) || fs.statSync(CLI).mtimeMs < fs.statSync(path.join(ROOT, 'src/core/ftmImport.ts')).mtimeMs) {
      const build = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: ROOT, encoding: 'utf8' });
      assert.equal(build.status, 0, build.stderr);
    }
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'analyst-markup-ftm-'));
  });

  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('import ftm -o folder/ writes one file per entity, a summary and line-numbered warnings; a re-import changes no byte', () => {
    const r = run(tmp, 'import', 'ftm', SAMPLE_PATH, '-o', 'entities/opensanctions/');
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /opensanctions-sample\.ftm\.json:8: warning: not a JSON object/);
    assert.match(
      r.stderr,
      /Imported 16 entities \(4 people, 6 organisations, 1 state, 1 place, 4 positions; 14 aliases, 3 weak aliases left out, 6 roles, 1 affiliation\) from 26 lines of 1 file: 16 new, 0 updated, 0 unchanged, 0 kept \(edited by hand\), 0 already in the registry; not imported: 1 Sanction; 4 warnings; 16 files written in entities\/opensanctions\//,
    );
    const folder = path.join(tmp, 'entities/opensanctions');
    const snapshot = () => Object.fromEntries(fs.readdirSync(folder).map((f) => [f, fs.readFileSync(path.join(folder, f), 'utf8')]));
    const before = snapshot();
    assert.equal(Object.keys(before).length, 16);
    const check = run(tmp, 'check');
    assert.equal(check.status, 0, check.stdout + check.stderr);
    const again = run(tmp, 'import', 'ftm', SAMPLE_PATH, '-o', 'entities/opensanctions/');
    assert.equal(again.status, 0);
    assert.match(again.stderr, /0 new, 0 updated, 16 unchanged, 0 kept \(edited by hand\).*nothing to write/);
    assert.deepEqual(snapshot(), before);
  });

  it('export --format ftm writes JSON lines the FtM model accepts', () => {
    fs.mkdirSync(path.join(tmp, 'notes'), { recursive: true });
    fs.writeFileSync(
      path.join(tmp, 'notes/a.md'),
      'Date: 2025-08-12\n\n[Ali Larijani met the SNSC]{.event #e1 type=consult actors="ali-larijani supreme-national-security-council"}\n',
    );
    const r = run(tmp, 'export', '--format', 'ftm', 'notes', '-o', 'out.ftm.json');
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stderr, /FollowTheMoney entities: 16 registry entities, 0 claims and 1 event from 1 text/);
    const content = fs.readFileSync(path.join(tmp, 'out.ftm.json'), 'utf8');
    assert.deepEqual(ftmProblems(content), []);
    const event = ftmLines(content).find((l) => l.schema === 'Event')!;
    assert.deepEqual(event.properties.involved, ['Q1000001', 'org-snsc']);
    assert.deepEqual(event.properties.date, ['2025-08-12']);
  });

  it('refuses bad arguments with a clear message', () => {
    assert.match(run(tmp, 'import', 'ftm').stderr, /needs at least one FollowTheMoney JSON lines file/);
    assert.match(run(tmp, 'import', 'phoenix', 'x', '--overwrite').stderr, /“--overwrite” applies to “import ftm”/);
    assert.match(run(tmp, 'export', '--format', 'xml').stderr, /use csv, json, w3c, ftm, brat, graphml or timeline-json/);
    fs.writeFileSync(path.join(tmp, 'broken.yaml'), 'entities:\n  - id: [x\n');
    const r = run(tmp, 'import', 'ftm', SAMPLE_PATH, '-o', 'broken.yaml');
    assert.equal(r.status, 2);
    assert.match(r.stderr, /broken\.yaml:\d+:\d+: cannot import into this file: .*nothing was written/);
    assert.equal(fs.readFileSync(path.join(tmp, 'broken.yaml'), 'utf8'), 'entities:\n  - id: [x\n');
  });
});
