// A matcher updated from the one before (issue 15: a branch switch changes 10,000 of 200,000
// entities, and the registry updates its matcher instead of building one anew) finds what a new
// build of the same entries finds: random entry lists one after another (fast-check, fixed seed),
// compared by the mentions in random texts, `size` and `maxFormLength`.
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { createMatcher, MatcherEntry } from '../../src/core/matcher';

const SEED = 15016;

/** Words that share prefixes, first words and second words, some with marks, capitals or punctuation. */
const WORDS = [
  'al',
  'a',
  'al-qaeda',
  'qaeda',
  'US',
  'us',
  'new',
  'york',
  'new york',
  'Iran',
  'iran’s',
  'ali',
  'alī',
  '-x',
  '’s',
  'b.',
  'e.u.',
  'IRGC',
  'hez',
  'hezbollah',
  '𝐀bc',
  'x',
];
const SEPARATORS = [' ', '-', ' ', '. ', ', ', '  ', '’'];

const formArb = fc
  .array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 3 })
  .chain((words) =>
    fc
      .array(fc.constantFrom(...SEPARATORS), { minLength: words.length - 1, maxLength: words.length - 1 })
      .map((seps) => words.map((w, i) => (i === 0 ? w : seps[i - 1] + w)).join('')),
  );

const entryArb: fc.Arbitrary<MatcherEntry> = fc.record({
  text: formArb,
  entityId: fc.constantFrom('e1', 'e2', 'e3', 'e4', 'e5'),
  caseSensitive: fc.boolean(),
});

const entriesArb = fc.array(entryArb, { maxLength: 30 });

const textArb = fc
  .array(fc.oneof(fc.constantFrom(...WORDS), fc.constantFrom(...SEPARATORS), fc.constantFrom('The', 'said', 'AL', 'NEW YORK', 'Us')), { maxLength: 40 })
  .map((parts) => parts.join(''));

/** Everything the scan and the counts say, for comparing two matchers. */
function observe(entries: MatcherEntry[], previous: ReturnType<typeof createMatcher> | undefined, texts: string[]) {
  const matcher = createMatcher(entries, previous);
  return { matcher, seen: { size: matcher.size, maxFormLength: matcher.maxFormLength, mentions: texts.map((t) => matcher.scan(t)) } };
}

describe(`matcher updated from the one before (fast-check, seed ${SEED})`, function () {
  this.timeout(60_000);

  it('finds what a new build of the same entries finds, after any sequence of entry lists', () => {
    fc.assert(
      fc.property(fc.array(entriesArb, { minLength: 1, maxLength: 6 }), fc.array(textArb, { minLength: 1, maxLength: 4 }), (lists, texts) => {
        const probe = [...texts, WORDS.join(' '), WORDS.join(', ').toUpperCase()];
        let previous: ReturnType<typeof createMatcher> | undefined;
        for (const entries of lists) {
          const before = previous ? previous.scan(probe[0]) : undefined;
          const updated = observe(entries, previous, probe);
          assert.deepEqual(updated.seen, observe(entries, undefined, probe).seen);
          // The matcher updated from stays as it was (readers still hold it).
          if (previous) assert.deepEqual(previous.scan(probe[0]), before);
          previous = updated.matcher;
        }
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  it('follows a rename of thousands of forms, and forms that go and come back', () => {
    const names = (generation: string, from: number, to: number): MatcherEntry[] =>
      Array.from({ length: to - from }, (_, k) => ({
        text: `Qx${generation}${(from + k).toString(36)} Group`,
        entityId: `e${from + k}`,
        caseSensitive: false,
      }));
    const first = names('a', 0, 5000);
    const id = (k: number) => k.toString(36);
    const text = `Qxa0 Group met Qxb1 Group and Qxa${id(4999)} Group; qxb${id(4999)} group, Qxa2 Group.`;
    let matcher = createMatcher(first);
    const renamed = [...names('b', 0, 2500), ...names('a', 2500, 5000)];
    matcher = createMatcher(renamed, matcher);
    assert.deepEqual(matcher.scan(text), createMatcher(renamed).scan(text));
    assert.deepEqual(
      matcher.scan(text).map((m) => text.slice(m.start, m.end)),
      ['Qxb1 Group', `Qxa${id(4999)} Group`],
    );
    matcher = createMatcher(first, matcher);
    assert.deepEqual(matcher.scan(text), createMatcher(first).scan(text));
    assert.equal(matcher.size, 5000);
  });
});
