// The registry built in steps (issue 15: the extension host builds a large registry in time slices)
// gives the registry a build at once gives, and a build in progress sees the files as they were
// when it started, whatever changes meanwhile. Random sequences of file sets, changes and
// deletes (fast-check, fixed seed).
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { Registry, RegistryStore } from '../../src/core/registry';
import { observableRegistry } from './registryObservable';
import { createMatcher, createMatcherSteps } from '../../src/core/matcher';
import { runSteps, sortSteps } from '../../src/core/steps';
import { compileGlob, matchesAnyGlob } from '../../src/core/glob';

const SEED = 15015;
const FILES = ['file:///w/a.yaml', 'file:///w/b.entities.yaml', 'file:///w/c/d.yaml', 'file:///w/C.yaml', 'file:///w/e.yaml', 'file:///w/f.yaml'];

/** Registry texts that exercise the cross-file rules: duplicates, shared names, references, posts, broken files. */
const TEXTS = [
  'id: iran\nname: Iran\ntype: state\n',
  'id: iran\nname: Islamic Republic\ntype: state\naliases: [Iran, IRI]\n',
  'id: larijani\nname: Ali Larijani\ntype: person\naffiliations: [iran]\nroles:\n  - post: speaker\n    from: 2008\n',
  'id: speaker\nname: Speaker of Parliament\ntype: position\nof: iran\n',
  'entities:\n  - id: us\n    name: United States\n    type: state\n    aliases:\n      - text: US\n        caseSensitive: true\n  - id: usa\n    name: USA\n    type: state\n    aliases: [US, America]\n',
  'entities:\n  - id: hezbollah\n    name: Hezbollah\n    type: organization\n    wikidata: Q131364\n    notAliases: [Hezbollah Street]\n  - id: hzb\n    name: Hizballah\n    type: organization\n    wikidata: Q131364\n',
  'id: ghost\nname: Ghost\ntype: person\naffiliations: [nobody]\n',
  'id: broken\nname: [unclosed\n',
  '<<<<<<< HEAD\nid: iran\n=======\nid: persia\n>>>>>>> other\n',
  'id: badtype\nname: Bad\ntype: planet\n',
  'eventTypes:\n  - id: protest\n    label: Protest\n',
  'id: ali\nname: Ali\ntype: person\naliases: [Larijani]\n',
  '',
];

type Op = { kind: 'set'; file: number; text: number } | { kind: 'delete'; file: number } | { kind: 'build' };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('set' as const), file: fc.nat(FILES.length - 1), text: fc.nat(TEXTS.length - 1) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('delete' as const), file: fc.nat(FILES.length - 1) }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'build' as const }) },
);

function apply(store: RegistryStore, op: Op): void {
  if (op.kind === 'set') store.setFile(FILES[op.file], TEXTS[op.text]);
  else if (op.kind === 'delete') store.deleteFile(FILES[op.file]);
}

/** A text naming every name of TEXTS, to compare the matchers by what they find. */
const PROBE =
  'Iran, IRI and the Islamic Republic; Ali Larijani (Larijani), Speaker of Parliament. US, us, USA, America, United States. Hezbollah Street, Hezbollah, Hizballah, Ghost, Bad, Ali.';

function observable(registry: Registry): unknown {
  return observableRegistry(registry, PROBE);
}

describe(`registry built in steps (fast-check, seed ${SEED})`, function () {
  this.timeout(60_000);

  it('gives the same registry as a build at once, after any sequence of sets, changes and deletes', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 25 }), (ops) => {
        const store = new RegistryStore();
        for (const op of ops) apply(store, op);
        const atOnce = observable(store.build());
        let steps = 0;
        const generator = store.buildSteps();
        let step = generator.next();
        while (!step.done) {
          steps++;
          step = generator.next();
        }
        assert.ok(steps >= 0);
        assert.deepEqual(observable(step.value), atOnce);
      }),
      { seed: SEED, numRuns: 200 },
    );
  });

  it('sees the files as they were when it started, whatever changes while it runs', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 20 }), fc.array(opArb, { maxLength: 12 }), fc.nat(40), (before, during, every) => {
        // Two stores with the same history; one changes while its build is under way.
        const changing = new RegistryStore();
        const still = new RegistryStore();
        for (const op of before) {
          apply(changing, op);
          apply(still, op);
        }
        const generator = changing.buildSteps();
        let step = generator.next();
        let k = 0;
        while (!step.done) {
          if (k < during.length) apply(changing, during[k++]);
          for (let i = 0; i <= every && !step.done; i++) step = generator.next();
        }
        assert.deepEqual(observable(step.value), observable(still.build()));
        // And the next build sees the changes.
        for (const op of during.slice(0, k)) apply(still, op);
        assert.deepEqual(observable(changing.build()), observable(still.build()));
      }),
      { seed: SEED, numRuns: 200 },
    );
  });

  it('keeps the precedence of duplicate ids: the file that arrived first keeps the id, also after deletes and returns', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ file: fc.nat(FILES.length - 1), remove: fc.boolean() }), { maxLength: 30 }), (ops) => {
        const store = new RegistryStore();
        const arrived: string[] = [];
        for (const { file, remove } of ops) {
          const uri = FILES[file];
          if (remove) {
            store.deleteFile(uri);
            if (arrived.includes(uri)) arrived.splice(arrived.indexOf(uri), 1);
          } else {
            store.setFile(uri, `id: same\nname: Same ${file}\ntype: person\n`);
            if (!arrived.includes(uri)) arrived.push(uri);
          }
        }
        const registry = runSteps(store.buildSteps());
        assert.equal(registry.entities.get('same')?.source.file, arrived[0]);
        assert.deepEqual(registry.files, arrived.slice().sort());
        const duplicates = [...registry.diagnostics].filter(([, list]) => list.some((d) => d.code === 'duplicate-id')).map(([file]) => file);
        assert.deepEqual(duplicates.sort(), arrived.slice(1).sort());
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  it('a store kept current through sets, changes and deletes builds what a fresh load of the files now builds', () => {
    // A branch switch changes thousands of files of a registry that stays loaded: the registry must
    // be the one a fresh start on the new branch reads (files in the order they arrived). Texts
    // the reader cannot read are left out: there the last good version stays in force by design.
    const readable = TEXTS.map((_, i) => i).filter((i) => !/unclosed|<<<<<<<|planet/.test(TEXTS[i]));
    const readableOp: fc.Arbitrary<Op> = fc.oneof(
      { weight: 6, arbitrary: fc.record({ kind: fc.constant('set' as const), file: fc.nat(FILES.length - 1), text: fc.constantFrom(...readable) }) },
      { weight: 2, arbitrary: fc.record({ kind: fc.constant('delete' as const), file: fc.nat(FILES.length - 1) }) },
      { weight: 1, arbitrary: fc.constant({ kind: 'build' as const }) },
    );
    fc.assert(
      fc.property(fc.array(readableOp, { maxLength: 40 }), (ops) => {
        const kept = new RegistryStore();
        const texts = new Map<string, string>();
        for (const op of ops) {
          apply(kept, op);
          if (op.kind === 'set') texts.set(FILES[op.file], TEXTS[op.text]);
          else if (op.kind === 'delete') texts.delete(FILES[op.file]);
          else runSteps(kept.buildSteps());
        }
        const fresh = new RegistryStore();
        for (const uri of kept.fileUris()) fresh.setFile(uri, texts.get(uri)!);
        assert.deepEqual(observable(runSteps(kept.buildSteps())), observable(fresh.build()));
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  it('reports shared names where each sharer writes them, and nothing for a name one entity has twice', () => {
    const store = new RegistryStore();
    store.setFile('file:///w/a.yaml', 'id: a\nname: Hassan\ntype: person\naliases: [Hassan]\n');
    store.setFile('file:///w/b.yaml', 'id: b\nname: Rouhani\ntype: person\naliases: [Hassan]\n');
    store.setFile('file:///w/c.yaml', 'id: c\nname: Zarif\ntype: person\naliases: [Javad, Zarif]\n');
    const registry = store.build();
    const shared = (file: string) => (registry.diagnostics.get(file) ?? []).filter((d) => d.code === 'shared-name').map((d) => [d.range.start.line, d.message]);
    assert.deepEqual(shared('file:///w/a.yaml'), [
      [1, '“Hassan” names Hassan and Rouhani: mentions are resolved from context.'],
      [3, '“Hassan” names Hassan and Rouhani: mentions are resolved from context.'],
    ]);
    assert.deepEqual(shared('file:///w/b.yaml'), [[3, '“Hassan” names Rouhani and Hassan: mentions are resolved from context.']]);
    assert.deepEqual(shared('file:///w/c.yaml'), []);
  });

  it('builds a registry of 50,000 entities in steps of little work each', () => {
    const store = new RegistryStore();
    for (let i = 0; i < 50_000; i++) store.setFile(`file:///w/e/${i}.yaml`, `id: e${i}\nname: Name${i.toString(36)}\ntype: person\n`);
    const generator = store.buildSteps();
    let steps = 0;
    let step = generator.next();
    while (!step.done) {
      steps++;
      step = generator.next();
    }
    // A step is a few hundred items at most: 50,000 entities need hundreds of them.
    assert.ok(steps > 500, `${steps} steps`);
    assert.equal(step.value.entities.size, 50_000);
    assert.deepEqual(
      step.value.matcher.scan('Name0 met Name1a and NAMEzz.').map((m) => m.entityId),
      ['e0', `e${parseInt('1a', 36)}`, `e${parseInt('zz', 36)}`],
    );
  });
});

describe(`sorting and matching in steps (fast-check, seed ${SEED})`, function () {
  it('sorts as Array.prototype.sort does, stably', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ key: fc.nat(50), at: fc.nat() }), { maxLength: 5000 }), (items) => {
        const compare = (a: { key: number }, b: { key: number }) => a.key - b.key;
        const expected = items.slice().sort(compare);
        assert.deepEqual(runSteps(sortSteps(items.slice(), compare)), expected);
      }),
      { seed: SEED, numRuns: 60 },
    );
  });

  it('builds the same matcher in steps as at once', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            text: fc.constantFrom('Iran', 'IRAN', 'Ali', 'Ali Larijani', 'al-Qaeda', 'U.S.', 'US', 'حزب الله', 'New York', 'a b c'),
            sensitive: fc.boolean(),
          }),
          {
            maxLength: 30,
          },
        ),
        (names) => {
          const entries = names.map((n, i) => ({ text: n.text, entityId: `e${i}`, caseSensitive: n.sensitive }));
          const text = 'Iran and IRAN, Ali Larijani of al-Qaeda in the U.S. and US; حزب الله in New York: a b c.';
          assert.deepEqual(runSteps(createMatcherSteps(entries)).scan(text), createMatcher(entries).scan(text));
        },
      ),
      { seed: SEED, numRuns: 100 },
    );
  });
});

describe(`registry globs (fast-check, seed ${SEED})`, () => {
  it('answer alike whatever was matched before (the matcher reuses its tables between calls)', () => {
    const globs = ['**/entities.{yaml,yml}', '**/*.entities.{yaml,yml}', '**/entities/**/*.{yaml,yml}', 'reg/*.y?ml', '**/[a-c]*.yaml'];
    const pathArb = fc
      .array(fc.constantFrom('entities', 'a', 'b.entities', 'reg', 'x', 'entities.yaml', 'c.yml', 'd.yaml', 'é.yaml', '𝒜.yaml'), { minLength: 1, maxLength: 6 })
      .map((parts) => parts.join('/'));
    fc.assert(
      fc.property(fc.array(fc.record({ glob: fc.nat(globs.length - 1), path: pathArb }), { minLength: 1, maxLength: 40 }), (asks) => {
        const forward = asks.map((a) => compileGlob(globs[a.glob]).test(a.path));
        const backward = asks
          .slice()
          .reverse()
          .map((a) => compileGlob(globs[a.glob]).test(a.path))
          .reverse();
        assert.deepEqual(backward, forward);
        assert.deepEqual(
          asks.map((a) => matchesAnyGlob(a.path, [globs[a.glob]])),
          forward,
        );
      }),
      { seed: SEED, numRuns: 300 },
    );
    assert.equal(compileGlob('**/entities/**/*.{yaml,yml}').test('w/entities/people/a.yaml'), true);
    assert.equal(compileGlob('**/entities/**/*.{yaml,yml}').test('w/entities/people/a.txt'), false);
    assert.equal(compileGlob('**/*.entities.{yaml,yml}').test('team.entities.yml'), true);
  });
});
