import { strict as assert } from 'node:assert';
import { isShortCapitals } from '../../src/core/charTables';
import { createMatcher, MatcherEntry } from '../../src/core/matcher';

function entries(spec: Record<string, (string | { text: string; caseSensitive: boolean })[]>): MatcherEntry[] {
  const out: MatcherEntry[] = [];
  for (const [entityId, names] of Object.entries(spec)) {
    for (const name of names) {
      if (typeof name === 'string') out.push({ entityId, text: name, caseSensitive: isShortCapitals(name) });
      else out.push({ entityId, ...name });
    }
  }
  return out;
}

/** The mentions as `[text, entityId]` pairs, checking each range against the text. */
function found(spec: Parameters<typeof entries>[0], text: string): [string, string][] {
  return createMatcher(entries(spec))
    .scan(text)
    .map((m) => [text.slice(m.start, m.end), m.entityId]);
}

describe('matcher (SPEC §2)', () => {
  it('matches names as whole words only', () => {
    assert.deepEqual(found({ iran: ['Iran'] }, 'Iran, Iranian, Irani, pre-Iran, Iran.'), [
      ['Iran', 'iran'],
      ['Iran', 'iran'],
      ['Iran', 'iran'],
    ]);
  });

  it('is case-insensitive by default', () => {
    assert.deepEqual(found({ hezbollah: ['Hezbollah'] }, 'HEZBOLLAH and hezbollah'), [
      ['HEZBOLLAH', 'hezbollah'],
      ['hezbollah', 'hezbollah'],
    ]);
  });

  it('matches capitals of up to 4 letters only as written: "US" is not "us"', () => {
    const spec = { 'united-states': ['United States', 'US'], irgc: ['IRGC'], un: ['U.N.'] };
    assert.deepEqual(found(spec, 'Let us see: the US and Us and IRGC, irgc, U.N. and u.n.'), [
      ['US', 'united-states'],
      ['IRGC', 'irgc'],
      ['U.N.', 'un'],
    ]);
  });

  it('honours caseSensitive: true on longer aliases and lets long capitals match any case', () => {
    const spec = {
      snsc: [{ text: 'SNSC Secretary', caseSensitive: true }],
      nato: ['NATO'],
      opec: ['OPECS'], // five letters: not the short-capitals rule
    };
    assert.deepEqual(found(spec, 'the snsc secretary; the SNSC Secretary; nato; NATO; opecs'), [
      ['SNSC Secretary', 'snsc'],
      ['NATO', 'nato'],
      ['opecs', 'opec'],
    ]);
  });

  it('treats typographic and ASCII quotes and dashes as equal', () => {
    const spec = { ivory: ["Côte d'Ivoire"], ak: ['Al-Qaeda'], q: ['“Axis of Resistance”'] };
    assert.deepEqual(found(spec, 'Côte d’Ivoire, al‑Qaeda, AL—QAEDA, al–qaeda, "Axis of Resistance"'), [
      ['Côte d’Ivoire', 'ivory'],
      ['al‑Qaeda', 'ak'],
      ['AL—QAEDA', 'ak'],
      ['al–qaeda', 'ak'],
      ['"Axis of Resistance"', 'q'],
    ]);
  });

  it('matches a multi-word alias across any run of white space, line breaks included', () => {
    const spec = { larijani: ['Ali Larijani'] };
    assert.deepEqual(found(spec, 'Ali\nLarijani and Ali \r\n  Larijani and Ali\u00a0Larijani and Ali\t\tLarijani'), [
      ['Ali\nLarijani', 'larijani'],
      ['Ali \r\n  Larijani', 'larijani'],
      ['Ali\u00a0Larijani', 'larijani'],
      ['Ali\t\tLarijani', 'larijani'],
    ]);
  });

  it('ends a word at possessives and punctuation', () => {
    const spec = { iran: ['Iran'], hezbollah: ['Hezbollah'], gcc: ['GCC'] };
    assert.deepEqual(found(spec, 'Iran’s, Hezbollah\'s, (GCC), "Iran"'), [
      ['Iran', 'iran'],
      ['Hezbollah', 'hezbollah'],
      ['GCC', 'gcc'],
      ['Iran', 'iran'],
    ]);
  });

  it('prefers the leftmost, then the longest mention', () => {
    const spec = {
      gulf: ['Persian Gulf'],
      gcc: ['Persian Gulf Cooperation Council'],
      council: ['Cooperation Council'],
    };
    assert.deepEqual(found(spec, 'the Persian Gulf Cooperation Council met in the Persian Gulf.'), [
      ['Persian Gulf Cooperation Council', 'gcc'],
      ['Persian Gulf', 'gulf'],
    ]);
    // Leftmost wins even when a longer mention starts later inside it.
    assert.deepEqual(found({ a: ['New York'], b: ['York Times'] }, 'New York Times'), [['New York', 'a']]);
  });

  it('falls back to a shorter mention when the longer form fails the word boundary', () => {
    assert.deepEqual(found({ gulf: ['Persian Gulf'], gulfs: ['Persian Gulf States'] }, 'Persian Gulf Statesman'), [['Persian Gulf', 'gulf']]);
  });

  it('matches Arabic, Persian and Cyrillic aliases the same way', () => {
    const spec = { larijani: ['علی لاریجانی'], hezbollah: ['حزب الله'], russia: ['Россия'] };
    const text = 'گفت‌وگوی علی لاریجانی با حزب الله؛ РОССИЯ и Россия.';
    assert.deepEqual(found(spec, text), [
      ['علی لاریجانی', 'larijani'],
      ['حزب الله', 'hezbollah'],
      ['РОССИЯ', 'russia'],
      ['Россия', 'russia'],
    ]);
    // Arabic-script letters are whole words too: no match inside a longer word.
    assert.deepEqual(found({ iran: ['ایران'] }, 'ایرانی ایران'), [['ایران', 'iran']]);
  });

  it('equates Persian and Arabic letter forms and ignores Arabic diacritics', () => {
    // ی/ي and ک/ك are typed interchangeably; harakat are optional.
    const spec = { khamenei: ['علی خامنه‌ای'], karaj: ['کرج'] };
    assert.deepEqual(found(spec, 'علي خامنه‌اي في كرج وكَرَج'), [
      ['علي خامنه‌اي', 'khamenei'],
      ['كرج', 'karaj'],
    ]);
  });

  it('reports UTF-16 offsets: an emoji before a mention does not shift it', () => {
    const text = '🇮🇷 😀 Iran 𝒳 Iran';
    const mentions = createMatcher(entries({ iran: ['Iran'] })).scan(text);
    assert.deepEqual(
      mentions.map((m) => [m.start, m.end]),
      [
        [text.indexOf('Iran'), text.indexOf('Iran') + 4],
        [text.lastIndexOf('Iran'), text.lastIndexOf('Iran') + 4],
      ],
    );
    assert.equal(text.slice(mentions[0].start, mentions[0].end), 'Iran');
  });

  it('treats astral letters as word characters', () => {
    // 𝐈 (U+1D408, a mathematical letter) is a letter, so "Iran" after it is inside a word.
    assert.deepEqual(found({ iran: ['Iran'] }, '𝐈Iran Iran𝐈 Iran'), [['Iran', 'iran']]);
  });

  it('skips excluded ranges (tag attribute blocks)', () => {
    const text = '[Iran acts]{.event by=iran note="Iran"} Iran';
    const attrStart = text.indexOf('{');
    const attrEnd = text.indexOf('}') + 1;
    const mentions = createMatcher(entries({ iran: ['Iran'] })).scan(text, { excluded: [[attrStart, attrEnd]] });
    assert.deepEqual(
      mentions.map((m) => m.start),
      [1, text.lastIndexOf('Iran')],
    );
  });

  it('scans a window without starting inside a word', () => {
    const matcher = createMatcher(entries({ iran: ['Iran'], ran: ['ran'] }));
    const text = 'Iran ran';
    assert.deepEqual(
      matcher.scan(text, { from: 1 }).map((m) => text.slice(m.start, m.end)),
      ['ran'],
    );
    assert.deepEqual(matcher.scan(text, { from: 0, to: 3 }), []);
  });

  it('gives a form to the first entity that registered it', () => {
    assert.deepEqual(found({ first: ['Amal'], second: ['amal'] }, 'Amal'), [['Amal', 'first']]);
  });

  it('handles empty registries, empty texts and aliases that are only punctuation', () => {
    assert.deepEqual(found({}, 'Iran'), []);
    assert.deepEqual(found({ iran: ['Iran'] }, ''), []);
    assert.deepEqual(found({ x: ['  '] }, 'a  b'), []);
    assert.deepEqual(found({ hashtag: ['#MeToo'] }, 'the #metoo movement'), [['#metoo', 'hashtag']]);
  });

  it('compares the letters of words whose hashes are equal', () => {
    // حا and جو hash alike in the scan (each letter: hash * 33 + unit; 0x62D·33 + 0x627 = 0x62C·33 + 0x648),
    // as a first word and as a second word after one.
    assert.deepEqual(found({ one: ['حا'], two: ['Alpha حا'] }, 'جو and Alpha جو and حا and Alpha حا'), [
      ['حا', 'one'],
      ['Alpha حا', 'two'],
    ]);
  });

  it('finds every one of 100,000 mentions', () => {
    const text = 'Iran and Iraq. '.repeat(50_000);
    assert.equal(createMatcher(entries({ iran: ['Iran'], iraq: ['Iraq'] })).scan(text).length, 100_000);
  });
});

describe('short capitals rule', () => {
  it('recognises capitals of up to four letters', () => {
    for (const yes of ['US', 'UN', 'GCC', 'IRGC', 'U.S.', 'G7', 'EU']) assert.ok(isShortCapitals(yes), yes);
    for (const no of ['Us', 'NATOS', 'Iran', 'حزب', '123', 'us']) assert.ok(!isShortCapitals(no), no);
  });
});
