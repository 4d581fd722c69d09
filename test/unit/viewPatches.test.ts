// Both ends of the views' patches (src/core/viewPatches.ts): what the webview rebuilds from a
// patch is the data the extension had, as postMessage delivers it (JSON), after any sequence of
// changes; and an edit sends only what changed.
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { keyedPatch, receivedData, sameJson, Sent } from '../../src/core/viewPatches';

const LISTS = [
  { path: ['network', 'nodes'], key: 'id' },
  { path: ['roles'], key: 'id' },
];

interface Data {
  network: { nodes: { id: string; name: string; size?: number; tags: { line: number }[] }[]; date?: string };
  roles: { id: string; roles: { title: string; held: boolean }[] }[];
}

/** What postMessage delivers (undefined properties vanish). */
const delivered = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

const ids = fc.uniqueArray(fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'), { maxLength: 8 });
const data: fc.Arbitrary<Data> = fc.record({
  network: fc.record(
    {
      nodes: ids.chain((keys) =>
        fc.tuple(
          ...keys.map((id) =>
            fc.record(
              {
                id: fc.constant(id),
                name: fc.constantFrom('X', 'Y'),
                size: fc.constantFrom(1, 2, undefined),
                tags: fc.array(fc.record({ line: fc.nat(3) }), { maxLength: 2 }),
              },
              { requiredKeys: ['id', 'name', 'tags'] },
            ),
          ),
        ),
      ),
      date: fc.constantFrom('2024', '2025-01'),
    },
    { requiredKeys: ['nodes'] },
  ),
  roles: ids.chain((keys) =>
    fc.tuple(
      ...keys.map((id) =>
        fc.record({ id: fc.constant(id), roles: fc.array(fc.record({ title: fc.constantFrom('m', 'n'), held: fc.boolean() }), { maxLength: 2 }) }),
      ),
    ),
  ),
});

describe('view patches (extension → webview)', () => {
  it('the webview rebuilds exactly the data after any sequence of changes (fast-check, fixed seed)', () => {
    fc.assert(
      fc.property(fc.array(data, { minLength: 1, maxLength: 6 }), (sequence) => {
        let sent: Sent | undefined;
        let view: Data | undefined;
        for (const next of sequence) {
          const diff = keyedPatch(next, LISTS, sent);
          assert.ok(diff);
          const message = delivered(diff.patch ? { patch: diff.patch } : { data: next });
          view = receivedData<Data>(message, view, LISTS);
          sent = diff.sent;
          assert.deepEqual(view, delivered(next));
        }
      }),
      { seed: 20261203, numRuns: 300 },
    );
  });

  it('an edit that changes one element sends that element alone, and no order', () => {
    const nodes = Array.from({ length: 1000 }, (_, i) => ({ id: `n${i}`, name: `N${i}`, tags: [{ line: i }] }));
    const first: Data = { network: { nodes }, roles: [{ id: 'n1', roles: [{ title: 'm', held: true }] }] };
    const diff = keyedPatch(first, LISTS, undefined)!;
    const changed: Data = {
      network: { nodes: nodes.map((n) => (n.id === 'n500' ? { ...n, tags: [{ line: 9 }] } : { ...n })) },
      roles: [{ id: 'n1', roles: [{ title: 'm', held: true }] }],
    };
    const patch = keyedPatch(changed, LISTS, diff.sent)!.patch!;
    assert.deepEqual(patch.lists[0], { changed: [changed.network.nodes[500]] });
    assert.deepEqual(patch.lists[1], { changed: [] });
  });

  it('a list with a key twice is sent whole (no patch can say it)', () => {
    const twice = {
      network: {
        nodes: [
          { id: 'a', name: 'A', tags: [] },
          { id: 'a', name: 'B', tags: [] },
        ],
      },
      roles: [],
    };
    assert.equal(keyedPatch(twice, LISTS, undefined), undefined);
  });

  it('sameJson compares as JSON delivers: undefined properties count as absent, arrays and nesting by value', () => {
    assert.ok(sameJson({ a: 1, b: undefined }, { a: 1 }));
    assert.ok(sameJson({ a: [1, { b: 'x' }] }, { a: [1, { b: 'x' }] }));
    assert.ok(!sameJson({ a: [1, { b: 'x' }] }, { a: [1, { b: 'y' }] }));
    assert.ok(!sameJson({ a: 1 }, { a: '1' }));
    assert.ok(!sameJson({ a: [1] }, { a: { 0: 1 } }));
    assert.ok(!sameJson({ a: null }, { a: {} }));
    assert.ok(!sameJson({ a: 1 }, { a: 1, c: 2 }));
    // Deep input: no recursion.
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = { d: deep };
    assert.ok(sameJson(deep, deep));
  });
});
