// The optimised matcher against a deliberately simple reference implementation of SPEC §2, on
// random texts: any difference is a bug in one of them.
import { strict as assert } from 'node:assert';
import { FOLDED_IGNORE, FOLDED_SPACE, charTables, isShortCapitals, isWordAt, normaliseName } from '../../src/core/charTables';
import { prng } from '../prng';
import { createMatcher, MatcherEntry } from '../../src/core/matcher';
import type { Mention } from '../../src/core/types';

/** Normalises the whole text once, keeps the map back to offsets, and tries every name everywhere. */
function referenceScan(entries: MatcherEntry[], text: string): Mention[] {
  const { foldInsensitive } = charTables();
  let normal = '';
  const origin: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const f = foldInsensitive[text.charCodeAt(i)];
    if (f === FOLDED_IGNORE) continue;
    if (f === FOLDED_SPACE && normal.endsWith(' ') && origin.length && isSpaceRun(text, origin[origin.length - 1], i)) continue;
    normal += String.fromCharCode(f);
    origin.push(i);
  }
  const candidates: Mention[] = [];
  const seen = new Set<string>();
  for (const entry of entries) {
    const key = normaliseName(entry.text, false);
    if (!key || seen.has(key + '\0' + entry.caseSensitive + normaliseName(entry.text, true))) continue;
    seen.add(key + '\0' + entry.caseSensitive + normaliseName(entry.text, true));
    for (let at = normal.indexOf(key); at !== -1; at = normal.indexOf(key, at + 1)) {
      const start = origin[at];
      const lastOrigin = origin[at + key.length - 1];
      let end = lastOrigin + 1;
      if (foldInsensitive[text.charCodeAt(lastOrigin)] === FOLDED_SPACE) continue; // names never end in a space
      if (isWordAt(key, key.length - 1)) while (end < text.length && foldInsensitive[text.charCodeAt(end)] === FOLDED_IGNORE) end++;
      if (isWordAt(key, 0) && isWordAt(text, start - 1)) continue;
      if (isWordAt(key, key.length - 1) && isWordAt(text, end)) continue;
      if (entry.caseSensitive && normaliseName(text.slice(start, end), true) !== normaliseName(entry.text, true)) continue;
      candidates.push({ start, end, entityId: entry.entityId });
    }
  }
  // Leftmost, then longest; the first registered entity for equal ranges.
  candidates.sort((a, b) => a.start - b.start || b.end - a.end);
  const out: Mention[] = [];
  let free = 0;
  for (const c of candidates) {
    if (c.start < free) continue;
    out.push(c);
    free = c.end;
  }
  return out;
}

function isSpaceRun(text: string, from: number, to: number): boolean {
  const { foldInsensitive } = charTables();
  for (let k = from; k <= to; k++)
    if (foldInsensitive[text.charCodeAt(k)] !== FOLDED_SPACE && foldInsensitive[text.charCodeAt(k)] !== FOLDED_IGNORE) return false;
  return true;
}

const NAMES = [
  'Iran',
  'Iraq',
  'US',
  'UN',
  'Ali Larijani',
  'Larijani',
  'Ali',
  'Persian Gulf',
  'Persian Gulf Cooperation Council',
  'Gulf Cooperation Council',
  'al-Qaeda',
  'U.S.',
  'حزب الله',
  'علی',
  'Côte d’Ivoire',
  'New York',
  'York Times',
  'Россия',
  '#metoo',
  'a',
  // Forms sharing first and second words, a case-sensitive first word with a second, one starting with an apostrophe.
  'New York City',
  'US Army',
  'U.S. Army',
  'the Hague',
  'Ali Akbar Velayati',
  'Ali Akbar',
  'Akbar',
  'Iran Iraq',
  'iran iraq war',
  "'s Gravenhage",
];
const PIECES = [
  ...NAMES,
  'Army',
  'army',
  'Hague',
  'Akbar',
  'Velayati',
  'war',
  'City',
  'new',
  'york',
  "'s",
  'Gravenhage',
  ' ',
  '  ',
  '\n',
  '\t',
  'the',
  'us',
  'un',
  ', ',
  '’s',
  "'",
  '.',
  '-',
  '—',
  'x',
  'IRAN',
  'iran',
  'ali',
  'Gulf',
  'Council',
  '😀',
  '𝐈',
  'ـ',
  'َ',
  'ی',
  'ي',
  'Côte',
  "d'Ivoire",
  'Persian',
];

describe('matcher equals a simple reference implementation', () => {
  const entries: MatcherEntry[] = NAMES.map((text, i) => ({ text, entityId: `e${i}`, caseSensitive: isShortCapitals(text) }));
  const matcher = createMatcher(entries);
  it('on 5000 random texts', () => {
    const random = prng(7);
    for (let n = 0; n < 5000; n++) {
      let text = '';
      const pieces = 1 + Math.floor(random() * 30);
      for (let k = 0; k < pieces; k++) text += PIECES[Math.floor(random() * PIECES.length)];
      assert.deepEqual(matcher.scan(text), referenceScan(entries, text), JSON.stringify(text));
    }
  });
});
