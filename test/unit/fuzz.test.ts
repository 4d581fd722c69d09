// The fuzz properties (test/fuzz/properties.ts) with a fixed seed and few runs, inside `npm test`;
// `npm run fuzz` runs them long (scripts/fuzz.mjs).
import { strict as assert } from 'node:assert';
import { scanAll, updateMentions } from '../../src/core/incremental';
import { readLinkArgument } from '../../src/core/linking';
import { createMatcher } from '../../src/core/matcher';
import { PROPERTIES } from '../fuzz/properties';
import { runProperties } from '../fuzz/run';

const SEED = 20261203;
/** Runs per unit of weight: properties of weight 10 get 150 cases, the big-input ones 15 of 200 KB. */
const RUNS_PER_WEIGHT = 15;
const SETTINGS = { bigSize: 200_000, msPerMegabyte: 10_000 };

describe(`fuzzing with fast-check (seed ${SEED})`, function () {
  this.timeout(120_000);
  for (const { name } of PROPERTIES) {
    it(name, () => {
      const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      const [outcome] = runProperties(SEED, RUNS_PER_WEIGHT, SETTINGS, new RegExp(`^${escaped}$`));
      assert.ok(outcome.runs > 0);
      assert.equal(outcome.failed, false, outcome.report);
    });
  }
});

describe('crashes and wrong results found by fuzzing stay fixed', () => {
  it('deleting the last mention of a text leaves no mention behind (it stayed at -4…0)', () => {
    const matcher = createMatcher([{ text: 'Iran', entityId: 'iran', caseSensitive: false }]);
    for (const text of ['Iran', 'in Iran', 'Iran Iran']) {
      const state = scanAll(matcher, text);
      const start = text.length - 4;
      const updated = updateMentions(matcher, state, text.slice(0, start), { start, deletedLength: 4, insertedLength: 0 }, text);
      assert.deepEqual(updated.mentions, scanAll(matcher, text.slice(0, start)).mentions, text);
    }
  });

  it('a Link Mention argument with a BigInt or a function is refused with a message (JSON.stringify threw)', () => {
    assert.throws(() => readLinkArgument({ to: 1n }), /^Error: Link Mention: `to` must be an entity id or "none", not a bigint\.$/);
    assert.throws(() => readLinkArgument({ to: () => 1 }), /not a function\.$/);
    assert.throws(() => readLinkArgument({ to: ['iran'] }), /not an array\.$/);
  });
});
