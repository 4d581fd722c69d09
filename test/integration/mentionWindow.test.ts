// Property tests of src/vscode/mentionWindow.ts: a big document's first highlights come from a
// scan of its visible lines, its full scan from slices; both must be exactly the full scan's
// (no flicker when the full scan arrives, nothing missed). Pure code: runs in the extension
// host with the suite, and in plain Node (`npx mocha out/test/integration/mentionWindow.test.js`).

import * as assert from 'assert';
import { isShortCapitals } from '../../src/core/charTables';
import { scanAll } from '../../src/core/incremental';
import { createMatcher } from '../../src/core/matcher';
import type { Mention } from '../../src/core/types';
import { prng } from '../prng';
import { ChunkedScan, blocksBetween, mentionsOverlapping, nextBlockBoundary, windowMentions } from '../../src/core/mentionWindow';

const NAMES = [
  'Iran',
  'Iraq',
  'US',
  'Ali Larijani',
  'Larijani',
  'Persian Gulf',
  'Persian Gulf Cooperation Council',
  'Gulf Cooperation Council',
  'al-Qaeda',
  'U.S.',
  'حزب الله',
  'New York',
  'York Times',
  'New York Times Company',
  'Ali',
  '’s Army',
];
const matcher = createMatcher(NAMES.map((text, i) => ({ text, entityId: `e${i}`, caseSensitive: isShortCapitals(text) })));
// Names broken over lines and blank lines, tags and broken tags, quotes, escapes, astral characters.
const PIECES = [
  ...NAMES,
  ...NAMES,
  ' ',
  ' ',
  '  ',
  '\n',
  '\n',
  '\n\n',
  '\n \n',
  '\r\n\r\n',
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
  ']{.claim by=',
  ']{.event note="a\nb"}',
  '\\',
  'Gulf',
  'Cooperation',
  'Council',
  '😀',
  'Lari',
  'jani',
  'x',
  'Persian',
  'New',
  'York',
  'Times',
  'Company',
  'Ali\n\nLarijani',
  'Persian\n\n\nGulf',
  'U.S.Army',
  '\u00ad',
  'Ir\u00adan',
];

function randomText(random: () => number, pieces: number): string {
  let text = '';
  for (let k = 0; k < pieces; k++) text += PIECES[Math.floor(random() * PIECES.length)];
  return text;
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

const show = (text: string, list: readonly Mention[]) => list.map((m) => `${m.start}-${m.end} ${JSON.stringify(text.slice(m.start, m.end))}`);

describe('Mentions of a window and of slices (mentionWindow.ts, property tests)', () => {
  it('a window scan finds exactly the full scan’s mentions in the window, or asks for more text', () => {
    const random = prng(7);
    let settled = 0;
    let tried = 0;
    for (let doc = 0; doc < 400; doc++) {
      const text = randomText(random, 60 + Math.floor(random() * 400));
      const full = scanAll(matcher, text).mentions;
      const starts = lineStarts(text);
      for (let k = 0; k < 6; k++) {
        const first = Math.floor(random() * starts.length);
        const last = Math.min(starts.length - 1, first + Math.floor(random() * 4));
        const from = starts[first];
        const to = last + 1 < starts.length ? starts[last + 1] : text.length;
        // A slice of whole lines around the window, as the editor reads it.
        const sliceFirst = Math.max(0, first - Math.floor(random() * 30));
        const sliceLast = Math.min(starts.length - 1, last + Math.floor(random() * 30));
        const sliceStart = starts[sliceFirst];
        const sliceEnd = sliceLast + 1 < starts.length ? starts[sliceLast + 1] : text.length;
        const slice = { text: text.slice(sliceStart, sliceEnd), start: sliceStart, reachesEnd: sliceEnd === text.length };
        const found = windowMentions(matcher, slice, from, to);
        tried++;
        if (!found) continue;
        settled++;
        const expected = mentionsOverlapping(full, from, to);
        assert.deepStrictEqual(show(text, found), show(text, expected), `window ${from}-${to} of slice ${sliceStart}-${sliceEnd} of ${JSON.stringify(text)}`);
      }
      // The whole text always settles.
      const from = starts[Math.floor(random() * starts.length)];
      const whole = windowMentions(matcher, { text, start: 0, reachesEnd: true }, from, text.length);
      assert.ok(whole, 'the whole text settles');
      assert.deepStrictEqual(show(text, whole), show(text, mentionsOverlapping(full, from, text.length)));
    }
    // Most windows settle from a slice (else the first highlights would cost a full scan).
    assert.ok(settled > tried / 2, `${settled} of ${tried} windows settled`);
  });

  it('attribute blocks between blank lines are those of the whole text', () => {
    const random = prng(11);
    for (let doc = 0; doc < 400; doc++) {
      const text = randomText(random, 40 + Math.floor(random() * 300));
      const all = scanAll(matcher, text).excluded;
      let from = 0;
      while (from < text.length) {
        let to = nextBlockBoundary(text, from + 1 + Math.floor(random() * 80));
        if (to < 0) to = text.length;
        const expected = all.filter(([s]) => s >= from && s < to);
        assert.deepStrictEqual(blocksBetween(text, from, to), expected, `blocks in ${from}-${to} of ${JSON.stringify(text)}`);
        from = to;
      }
    }
  });

  it('a scan in slices equals the full scan, mentions and attribute blocks', () => {
    const random = prng(23);
    for (let doc = 0; doc < 400; doc++) {
      const text = randomText(random, 40 + Math.floor(random() * 400));
      const full = scanAll(matcher, text);
      const chunked = new ChunkedScan(matcher, text);
      const chars = 1 + Math.floor(random() * 60);
      let steps = 0;
      while (!chunked.step(chars)) steps++;
      assert.ok(steps < text.length + 2);
      assert.deepStrictEqual(show(text, chunked.mentions), show(text, full.mentions), JSON.stringify(text));
      assert.deepStrictEqual(chunked.excluded, full.excluded, JSON.stringify(text));
    }
  });
});
