// A registry kept loaded through changes (issue 15: a branch switch changes 10,000 of 200,000 files)
// reuses what its last build made: the matcher (updated where entries changed), each file's
// normalised names, the sorted file list, the matcher entries. Whatever happened before, its
// build must be the one a fresh store given the same changes builds at once: random sequences of
// sets, renames, deletes and builds (whole, in steps with changes meanwhile, or left unfinished),
// fast-check with a fixed seed.
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { Registry, RegistryStore } from '../../src/core/registry';
import { observableRegistry } from './registryObservable';

const SEED = 15017;
const FILES = Array.from({ length: 8 }, (_, i) => `file:///w/${i % 3 === 0 ? 'sub/' : ''}f${i}.yaml`);

/** Names that share words and forms, so that renames move names between owners and cases. */
const NAMES = ['Iran', 'Islamic Republic', 'IRI', 'US', 'United States', 'Ali', 'Ali Larijani', 'Larijani', 'Speaker', 'al-Qaeda', 'New York', 'Hezbollah'];

type Text = { kind: 'entity'; id: number; name: number; aliases: number[]; post: boolean; type: number } | { kind: 'raw'; text: number };

const RAW = [
  'id: speaker\nname: Speaker of Parliament\ntype: position\nof: e0\n',
  'entities:\n  - id: e1\n    name: Hezbollah\n    type: organization\n    wikidata: Q131364\n    notAliases: [Hezbollah Street]\n  - id: e2\n    name: Hizballah\n    type: organization\n    wikidata: Q131364\n',
  'id: broken\nname: [unclosed\n',
  '<<<<<<< HEAD\nid: e3\n=======\nid: e4\n>>>>>>> other\n',
  'id: e5\nname: Bad\ntype: planet\n',
  'eventTypes:\n  - id: protest\n    label: Protest\n',
  '',
  'id: e6\nname: Ghost\ntype: person\naffiliations: [nobody, e0]\n',
];
const TYPES = ['person', 'state', 'organization', 'position'];

const textArb: fc.Arbitrary<Text> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('entity' as const),
      id: fc.nat(7),
      name: fc.nat(NAMES.length - 1),
      aliases: fc.array(fc.nat(NAMES.length - 1), { maxLength: 2 }),
      post: fc.boolean(),
      type: fc.nat(TYPES.length - 1),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('raw' as const), text: fc.nat(RAW.length - 1) }) },
);

function render(text: Text): string {
  if (text.kind === 'raw') return RAW[text.text];
  const aliases = text.aliases.length > 0 ? `aliases: [${text.aliases.map((a) => NAMES[a]).join(', ')}]\n` : '';
  const roles = text.post ? 'roles:\n  - post: speaker\n    from: 2008\n' : '';
  return `id: e${text.id}\nname: ${NAMES[text.name]}\ntype: ${TYPES[text.type]}\n${aliases}${roles}`;
}

type Op = { kind: 'set'; file: number; text: Text } | { kind: 'delete'; file: number } | { kind: 'build' } | { kind: 'partial'; steps: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('set' as const), file: fc.nat(FILES.length - 1), text: textArb }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('delete' as const), file: fc.nat(FILES.length - 1) }) },
  { weight: 2, arbitrary: fc.constant({ kind: 'build' as const }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('partial' as const), steps: fc.nat(30) }) },
);

const PROBE = `${NAMES.join(', ')}; ${NAMES.join(' and ').toUpperCase()}. Hezbollah Street, Hizballah, Speaker of Parliament, Ghost, Bad, us, iri.`;

function observable(registry: Registry): unknown {
  return observableRegistry(registry, PROBE);
}

function change(store: RegistryStore, op: Op): void {
  if (op.kind === 'set') store.setFile(FILES[op.file], render(op.text));
  else if (op.kind === 'delete') store.deleteFile(FILES[op.file]);
}

describe(`registry kept loaded through changes (fast-check, seed ${SEED})`, function () {
  this.timeout(120_000);

  it('builds what a fresh store given the same changes builds, after any sequence of changes and builds', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 40 }), (ops) => {
        const kept = new RegistryStore();
        const fresh = new RegistryStore();
        let pending: { generator: Generator<void, Registry, void>; left: number } | undefined;
        for (const [at, op] of ops.entries()) {
          change(kept, op);
          change(fresh, op);
          if (op.kind === 'build') {
            // A build in steps that was under way ends first (the changes since count for the next).
            if (pending) while (!pending.generator.next().done);
            pending = undefined;
            const built = kept.build();
            // What it built is what a fresh store builds from the same files.
            const replay = new RegistryStore();
            for (const past of ops.slice(0, at + 1)) change(replay, past);
            assert.deepEqual(observable(built), observable(replay.build()));
          } else if (op.kind === 'partial') {
            // A build in steps, left unfinished for a while (or for ever: a newer one replaced it).
            pending = { generator: kept.buildSteps(), left: op.steps };
          }
          if (pending && pending.left-- > 0) pending.generator.next();
        }
        assert.deepEqual(observable(kept.build()), observable(fresh.build()));
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  it('follows a branch switch that renames 2,000 of 10,000 one-entity files, and the switch back', () => {
    const store = new RegistryStore();
    const file = (i: number) => `file:///w/entities/load-${i}.yaml`;
    const text = (i: number, generation: string) => `id: load-${i}\nname: Qx${generation}${i.toString(36)}\ntype: person\n`;
    for (let i = 0; i < 10_000; i++) store.setFile(file(i), text(i, 'a'));
    const first = store.build();
    for (let i = 0; i < 2000; i++) store.setFile(file(i), text(i, 'b'));
    const switched = store.build();
    const names = (registry: Registry, probe: string) => registry.matcher.scan(probe).map((m) => m.entityId);
    const probe = `Qxa0 Qxb0 Qxa${(1999).toString(36)} Qxb${(1999).toString(36)} Qxa${(2000).toString(36)} Qxb${(2000).toString(36)}`;
    assert.deepEqual(names(switched, probe), ['load-0', 'load-1999', 'load-2000']);
    assert.equal(switched.matcher.scan(probe)[0].start, probe.indexOf('Qxb0'));
    // The registry before stays as it was for whoever holds it.
    assert.deepEqual(names(first, probe), ['load-0', 'load-1999', 'load-2000']);
    assert.equal(first.matcher.scan(probe)[0].start, 0);
    for (let i = 0; i < 2000; i++) store.setFile(file(i), text(i, 'a'));
    const back = store.build();
    const fresh = new RegistryStore();
    for (let i = 0; i < 10_000; i++) fresh.setFile(file(i), text(i, 'a'));
    assert.deepEqual(observable(back), observable(fresh.build()));
  });
});
