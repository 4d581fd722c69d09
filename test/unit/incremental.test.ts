import { strict as assert } from 'node:assert';
import { isShortCapitals } from '../../src/core/charTables';
import { TextEdit, mergeEdits, scanAll, updateMentions } from '../../src/core/incremental';
import { prng } from '../prng';
import { createMatcher } from '../../src/core/matcher';

const NAMES = [
  'Iran',
  'Iraq',
  'US',
  'Ali Larijani',
  'Larijani',
  'Persian Gulf',
  'Persian Gulf Cooperation Council',
  'al-Qaeda',
  'U.S.',
  'حزب الله',
  'New York',
  'York Times',
  'Ali',
];
const matcher = createMatcher(NAMES.map((text, i) => ({ text, entityId: `e${i}`, caseSensitive: isShortCapitals(text) })));
const PIECES = [
  ...NAMES,
  ' ',
  ' ',
  '  ',
  '\n',
  'the',
  'us',
  ', ',
  '’s',
  '.',
  '[',
  ']',
  '{.claim #c1 by=iran}',
  '{',
  '}',
  '"',
  "'",
  '\n\n',
  '{.event note="a',
  ']{.claim by=',
  '\\',
  'Gulf',
  'Cooperation',
  'Council',
  '😀',
  'Lari',
  'jani',
  'x',
  'Persian',
];

function randomText(random: () => number, pieces: number): string {
  let text = '';
  for (let k = 0; k < pieces; k++) text += PIECES[Math.floor(random() * PIECES.length)];
  return text;
}

describe('incremental mention updates', () => {
  it('equal a full rescan after random edits (property test, 3000 edits)', () => {
    const random = prng(42);
    for (let doc = 0; doc < 60; doc++) {
      let text = randomText(random, 40 + Math.floor(random() * 80));
      let state = scanAll(matcher, text);
      for (let step = 0; step < 50; step++) {
        const start = Math.floor(random() * (text.length + 1));
        const deletedLength = Math.floor(random() * Math.min(12, text.length - start + 1));
        const inserted = random() < 0.3 ? '' : randomText(random, 1 + Math.floor(random() * 3));
        const next = text.slice(0, start) + inserted + text.slice(start + deletedLength);
        // Half the edits know the text before them (the editor's path: blocks are shifted, not rescanned).
        const previousText = step % 2 === 0 ? text : undefined;
        const updated = updateMentions(matcher, state, next, { start, deletedLength, insertedLength: inserted.length }, previousText);
        const full = scanAll(matcher, next);
        assert.deepEqual(updated.mentions, full.mentions, `edit at ${start} -${deletedLength} +${JSON.stringify(inserted)} of ${JSON.stringify(text)}`);
        assert.deepEqual(updated.excluded, full.excluded, `blocks after an edit at ${start} of ${JSON.stringify(text)}`);
        text = next;
        state = updated;
      }
    }
  });

  it('equal a full rescan after several edits merged into one region (as between two renders)', () => {
    const random = prng(99);
    for (let doc = 0; doc < 300; doc++) {
      const original = randomText(random, 30 + Math.floor(random() * 60));
      const before = scanAll(matcher, original);
      let text = original;
      let merged: TextEdit | undefined;
      for (let step = 0; step < 1 + Math.floor(random() * 4); step++) {
        const start = Math.floor(random() * (text.length + 1));
        const deletedLength = Math.floor(random() * Math.min(6, text.length - start + 1));
        const inserted = randomText(random, Math.floor(random() * 2));
        text = text.slice(0, start) + inserted + text.slice(start + deletedLength);
        const edit = { start, deletedLength, insertedLength: inserted.length };
        merged = merged ? mergeEdits(merged, edit) : edit;
      }
      const updated = updateMentions(matcher, before, text, merged!, original);
      assert.deepEqual(updated.mentions, scanAll(matcher, text).mentions, JSON.stringify([original, text, merged]));
      assert.deepEqual(updated.excluded, scanAll(matcher, text).excluded, JSON.stringify([original, text, merged]));
    }
  });

  it('completes a name being typed and splits one being broken', () => {
    let text = 'Then Ali Lari arrived.';
    let state = scanAll(matcher, text);
    const at = text.indexOf('Lari') + 4;
    text = text.slice(0, at) + 'jani' + text.slice(at);
    state = updateMentions(matcher, state, text, { start: at, deletedLength: 0, insertedLength: 4 });
    assert.deepEqual(
      state.mentions.map((m) => text.slice(m.start, m.end)),
      ['Ali Larijani'],
    );
    text = text.replace('Ali Larijani', 'Ali, Larijani');
    state = updateMentions(matcher, state, text, { start: 8, deletedLength: 0, insertedLength: 1 });
    assert.deepEqual(
      state.mentions.map((m) => text.slice(m.start, m.end)),
      ['Ali', 'Larijani'],
    );
  });

  it('rescans text whose attribute block appears or goes with the edit', () => {
    let text = '[Iran acts]Iran';
    let state = scanAll(matcher, text);
    assert.equal(state.mentions.length, 2);
    text = '[Iran acts]{Iran}';
    state = updateMentions(matcher, state, text, { start: 11, deletedLength: 0, insertedLength: 1 });
    assert.deepEqual(state.mentions, scanAll(matcher, text).mentions);
  });
});
