import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { importPhoenix } from '../../src/core/importPhoenix';
import { findMentions } from '../../src/core/mentions';
import { RegistryStore } from '../../src/core/registry';

// Issue 17, Phoenix import: dictionary capitals, cities among a country's synonyms, a person
// among an organisation's synonyms, surnames, and a report of what was merged.

const FIXTURE = path.join(__dirname, '..', '..', '..', 'test', 'fixtures', 'phoenix', 'issue17.actors.txt');

function imported() {
  const result = importPhoenix([{ name: 'issue17.actors.txt', text: fs.readFileSync(FIXTURE, 'utf8') }]);
  const store = new RegistryStore();
  store.setFile('file:///phoenix/entities.yaml', result.yaml);
  const registry = store.build();
  const problems = [...registry.diagnostics.values()].flat().filter((d) => d.severity !== 'info');
  return { result, registry, problems };
}

const mentions = (text: string) => {
  const { registry } = imported();
  return findMentions(registry, text).map((m) => `${text.slice(m.start, m.end)}→${m.entityId}${m.resolution === 'ambiguous' ? '?' : ''}`);
};

describe('Phoenix import defects (issue 17)', () => {
  it('loads without registry errors or warnings', () => {
    assert.deepEqual(
      imported().problems.map((d) => d.message),
      [],
    );
  });

  it('AMAL is written Amal and matches “Amal” (a word in capitals is no acronym); HAMAS too', () => {
    const { result } = imported();
    assert.ok(result.entities.some((e) => e.name === 'Amal' && e.type === 'organization'));
    assert.deepEqual(mentions('Amal and Hamas said so; AMAL agreed.'), ['Amal→amal', 'Hamas→hamas', 'AMAL→amal']); // HAMAS (five letters) matches in any case anyway
  });

  it('Germany keeps its own entity; the city named after the DEU code is a place', () => {
    const { result } = imported();
    const germany = result.entities.find((e) => e.name === 'Germany')!;
    assert.equal(germany.type, 'state');
    assert.equal(result.entities.find((e) => e.name === 'Leipzig')?.type, 'place');
    assert.deepEqual(mentions('Germany and Leipzig'), ['Germany→germany', 'Leipzig→leipzig']);
    // The other cities listed under Leipzig are places of their own; spellings stay together.
    const dresden = result.entities.find((e) => e.name === 'Dresden')!;
    assert.equal(dresden.type, 'place');
    assert.deepEqual(
      dresden.roles.map((r) => r.title),
      result.entities.find((e) => e.name === 'Leipzig')!.roles.map((r) => r.title),
    );
    assert.deepEqual(
      result.entities.find((e) => e.name === 'Halle')?.aliases.map((a) => a.text),
      ['Halle-An-der Saale'],
    );
    assert.deepEqual(result.entities.find((e) => e.name === 'Leipzig')?.aliases, []);
    assert.equal(result.stats.placesSplit, 2);
    assert.deepEqual(mentions('Dresden, Leipzig'), ['Dresden→dresden', 'Leipzig→leipzig']);
  });

  it('a person among an organisation’s synonyms is a person of its own: Masoud Barzani is not the KRG', () => {
    const { result } = imported();
    const krg = result.entities.find((e) => e.name === 'Kurdistan Regional Government')!;
    assert.ok(!krg.aliases.some((a) => a.text === 'Masoud Barzani'));
    const barzani = result.entities.find((e) => e.name === 'Masoud Barzani')!;
    assert.equal(barzani.type, 'person');
    assert.equal(barzani.roles[0].title, krg.roles[0].title); // the same codes
    assert.equal(result.stats.personsSplit, 1);
    assert.deepEqual(mentions('Masoud Barzani of the KRG'), ['Masoud Barzani→masoud-barzani', 'KRG→kurdistan-regional-government']);
  });

  it('surnames and given-name–surname aliases: “Larijani” is a shared name, resolved from the text', () => {
    const { result } = imported();
    const ali = result.entities.find((e) => e.name === 'Ali Ardeshir Larijani')!;
    assert.deepEqual(
      ali.aliases.map((a) => [a.text, a.caseSensitive === true]),
      [
        ['Larijani', true],
        ['Ali Larijani', false],
      ],
    );
    assert.ok(result.stats.surnameAliases >= 4);
    // Unambiguous after a full name (coreference); ambiguous alone; the lower-case word is no surname.
    assert.deepEqual(mentions('Ali Larijani met Pezeshkian. Larijani said.'), [
      'Ali Larijani→ali-ardeshir-larijani',
      'Pezeshkian→masoud-pezeshkian',
      'Larijani→ali-ardeshir-larijani',
    ]);
    assert.deepEqual(mentions('Larijani said.'), ['Larijani→ali-ardeshir-larijani?']);
    assert.deepEqual(mentions('Rice and rice.'), ['Rice→john-rice']);
  });

  it('says what was merged: counts in the stats and a comment where it went', () => {
    const { result } = imported();
    assert.equal(result.stats.mergedRepeated, 1); // the second JOHN_RICE_
    assert.equal(result.stats.merged, result.stats.mergedRepeated + result.stats.mergedIntoStates);
    assert.match(result.yaml, /# merged here: JOHN_RICE_ \(issue17\.actors\.txt line \d+\), the same name, type and codes/);
  });
});
