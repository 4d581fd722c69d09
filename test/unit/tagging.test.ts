import { strict as assert } from 'node:assert';
import { applyEdits, parseMarkup } from '../../src/core/markup';
import type { TagSpec } from '../../src/core/markup';
import {
  ArgumentError,
  eventTypeChoices,
  idListArgument,
  paragraphRange,
  rankEntities,
  readTagArguments,
  sentenceRange,
  sentenceTarget,
  tagAround,
  tagEdits,
  tagTargets,
  untagEdits,
} from '../../src/core/tagging';
import type { TextSelection } from '../../src/core/tagging';

/** The text of `[start, end)`. */
function slice(text: string, range: readonly [number, number] | undefined): string | undefined {
  return range ? text.slice(range[0], range[1]) : undefined;
}

/** Offset of the first `|` in `marked`, and the text without it. */
function cursor(marked: string): { text: string; offset: number } {
  const offset = marked.indexOf('|');
  assert.ok(offset >= 0, 'test text needs a | cursor');
  return { text: marked.slice(0, offset) + marked.slice(offset + 1), offset };
}

function sentenceAt(marked: string): string | undefined {
  const { text, offset } = cursor(marked);
  return slice(text, sentenceTarget(text, parseMarkup(text).spans, offset));
}

function tag(text: string, selections: TextSelection[], specs: (i: number) => TagSpec): string {
  const result = tagTargets(text, parseMarkup(text).spans, selections);
  assert.ok(result.ok, result.ok ? '' : result.message);
  return applyEdits(
    text,
    tagEdits(
      text,
      result.targets,
      result.targets.map((_, i) => specs(i)),
    ),
  );
}

describe('tagging helpers', () => {
  describe('readTagArguments', () => {
    it('reads a claim in SPEC order, lists as arrays or space-separated strings', () => {
      const a = readTagArguments('claim', {
        confidence: 'Very likely',
        about: 'iran  iraq',
        by: 'ali-larijani',
        reliability: 'b',
        credibility: 2,
        date: '2025-08-12',
      });
      assert.deepEqual(a.attributes, [
        ['by', 'ali-larijani'],
        ['about', 'iran iraq'],
        ['confidence', 'very-likely'],
        ['reliability', 'B'],
        ['credibility', '2'],
        ['date', '2025-08-12'],
      ]);
      assert.deepEqual(a.entityIds, ['ali-larijani', 'iran', 'iraq']);
    });

    it('reads an event; empty values are left out', () => {
      const a = readTagArguments('event', { type: 'agree', actors: ['iran', 'iraq'], targets: [], date: '', place: 'baghdad' });
      assert.deepEqual(a.attributes, [
        ['type', 'agree'],
        ['actors', 'iran iraq'],
        ['place', 'baghdad'],
      ]);
    });

    it('accepts the registry’s event types', () => {
      const types = eventTypeChoices([
        { id: 'cyberattack', description: 'A cyber operation' },
        { id: 'agree', label: 'Agreement' },
      ]);
      assert.equal(types.length, 17);
      assert.deepEqual(types.find((t) => t.id === 'agree')?.label, 'Agreement');
      assert.deepEqual(readTagArguments('event', { type: 'cyberattack' }, types).attributes, [['type', 'cyberattack']]);
      assert.throws(() => readTagArguments('event', { type: 'cyberattack' }), ArgumentError);
    });

    it('rejects bad arguments with a message naming the argument', () => {
      const bad: Array<['claim' | 'event', unknown, RegExp]> = [
        ['claim', {}, /“by”.*required/],
        ['claim', 'ali-larijani', /must be an object/],
        ['claim', { by: 'ali-larijani', confidence: 'maybe' }, /confidence.*ICD 203/],
        ['claim', { by: 'ali-larijani', reliability: 'G' }, /reliability/],
        ['claim', { by: 'ali-larijani', credibility: 7 }, /credibility/],
        ['claim', { by: 'ali-larijani', date: '2025-02-30' }, /date/],
        ['claim', { by: ['a', 'b'] }, /one entity ID/],
        ['claim', { by: 'Ali Larijani' }, /not an entity ID/],
        ['claim', { by: 'x', type: 'agree' }, /Unknown argument “type”/],
        ['event', { actors: ['iran'] }, /“type”.*required/],
        ['event', { type: 'party' }, /taxonomy/],
        ['event', { type: 'agree', actors: [1] }, /list of entity IDs/],
      ];
      for (const [kind, args, re] of bad)
        assert.throws(
          () => readTagArguments(kind, args),
          (e: unknown) => e instanceof ArgumentError && re.test(e.message),
          JSON.stringify(args),
        );
    });

    it('idListArgument dedupes and splits on commas too', () => {
      assert.deepEqual(idListArgument('actors', 'iran, iraq iran'), ['iran', 'iraq']);
      assert.deepEqual(idListArgument('actors', undefined), []);
    });
  });

  describe('sentences', () => {
    it('finds the sentence around the cursor', () => {
      assert.equal(sentenceAt('First one. Second |one! Third.'), 'Second one!');
      assert.equal(sentenceAt('First one.| Second one!'), 'First one.');
      assert.equal(sentenceAt('First one. |Second one!'), 'Second one!');
      assert.equal(sentenceAt('He said: “We agree.” Then| he left.'), 'Then he left.');
      assert.equal(sentenceAt('He said: “We| agree.” Then he left.'), 'He said: “We agree.”');
    });

    it('keeps abbreviations, initials and lower-case continuations inside the sentence', () => {
      assert.equal(sentenceAt('Gen. Smith met Dr. Jones in the U.S. on Monday|. Next.'), 'Gen. Smith met Dr. Jones in the U.S. on Monday.');
      assert.equal(sentenceAt('The U.S. official s|aid so. Next.'), 'The U.S. official said so.');
      assert.equal(sentenceAt('J. R. Smith| spoke.'), 'J. R. Smith spoke.');
      assert.equal(sentenceAt('Growth was 3.5 percent| in 2024. Next.'), 'Growth was 3.5 percent in 2024.');
    });

    it('runs over single line breaks but stops at blank lines, headings and list items', () => {
      assert.equal(sentenceAt('Ali\nLarijani will| visit Baghdad. Next.'), 'Ali\nLarijani will visit Baghdad.');
      assert.equal(sentenceAt('Title without stop\n\nBody te|xt here'), 'Body text here');
      assert.equal(sentenceAt('# Iran and the Majlis\nHizbullah and| the SNSC.'), 'Hizbullah and the SNSC.');
      assert.equal(sentenceAt('# Iran and| the Majlis\nHizbullah.'), 'Iran and the Majlis');
      assert.equal(sentenceAt('- first item\n- second| item'), 'second item');
      assert.equal(sentenceAt('Publish Date : 12 August 2025\nIran and Iraq| met.'), 'Iran and Iraq met.');
      assert.equal(sentenceAt('They met on\n12 August 2025 in| Baghdad.'), 'They met on\n12 August 2025 in Baghdad.');
    });

    it('handles Arabic and CJK stops', () => {
      assert.equal(sentenceAt('هل توافق؟ نعم| نوافق.'), 'نعم نوافق.');
      assert.equal(sentenceAt('我们同意。他们|不同意。'), '他们不同意。');
    });

    it('stays inside the tag around the cursor, and nests whole tags', () => {
      const inner = 'Larijani said [Iran and Iraq signed. An agreement]{.event #e7k2 type=agree note="x. Y"} today.';
      assert.equal(sentenceAt(inner.replace('Iraq', 'Ir|aq')), 'Iran and Iraq signed.');
      assert.equal(
        sentenceAt(inner.replace('said', 's|aid')),
        'Larijani said [Iran and Iraq signed. An agreement]{.event #e7k2 type=agree note="x. Y"} today.',
      );
    });

    it('treats other tags as a whole, and leaves out a tag the sentence would cut', () => {
      assert.equal(sentenceAt('Zero. One [two. Three]{.claim #c1a2 by=iran} four| five. Six.'), 'One [two. Three]{.claim #c1a2 by=iran} four five.');
      // A tag over a blank line is no tag (Pandoc ends a span there), so none spans paragraphs.
      assert.equal(sentenceAt('One [two.\nThree]{.claim #c1a2 by=iran} four| five.'), 'One [two.\nThree]{.claim #c1a2 by=iran} four five.');
      assert.equal(sentenceAt('[They agreed.]{.event #e1a2 type=agree} Then| more.'), 'Then more.');
    });

    it('refuses in an attribute block', () => {
      assert.equal(sentenceAt('[x]{.claim #c1a2 b|y=iran}'), undefined);
    });

    it('paragraphRange and sentenceRange', () => {
      const text = 'A one. A two.\n\n  B one. B two.  \n\nC.';
      assert.equal(slice(text, paragraphRange(text, text.indexOf('B two'))), 'B one. B two.');
      assert.equal(slice(text, sentenceRange(text, text.indexOf('B two'))), 'B two.');
      assert.equal(slice(text, paragraphRange(text, 0)), 'A one. A two.');
    });
  });

  describe('tagTargets and tagEdits', () => {
    const claim = (i: number): TagSpec => ({ kind: 'claim', id: `c00${i}a`, attributes: { by: 'iran' } });

    it('trims white space and wraps each selection', () => {
      const text = 'Iran agreed. Iraq refused.';
      const out = tag(
        text,
        [
          { start: 0, end: 13 },
          { start: 13, end: 26 },
        ],
        claim,
      );
      assert.equal(out, '[Iran agreed.]{.claim #c000a by=iran} [Iraq refused.]{.claim #c001a by=iran}');
    });

    it('merges insertions of touching selections in order', () => {
      const text = 'abcdef';
      const result = tagTargets(
        text,
        [],
        [
          { start: 3, end: 6 },
          { start: 0, end: 3 },
        ],
      );
      assert.ok(result.ok);
      const edits = tagEdits(text, result.targets, [claim(0), claim(1)]);
      assert.deepEqual(
        edits.map((e) => [e.start, e.newText]),
        [
          [0, '['],
          [3, ']{.claim #c000a by=iran}['],
          [6, ']{.claim #c001a by=iran}'],
        ],
      );
      // Applied in reverse order, too, the text is the same (insertions at distinct offsets).
      let reversed = text;
      for (const e of [...edits].reverse()) reversed = reversed.slice(0, e.start) + e.newText + reversed.slice(e.end);
      assert.equal(reversed, applyEdits(text, edits));
    });

    it('tags the sentence at an empty cursor, once for two cursors in it', () => {
      const text = 'Iran agreed. Iraq refused to sign.';
      assert.equal(
        tag(
          text,
          [
            { start: 15, end: 15 },
            { start: 20, end: 20 },
          ],
          claim,
        ),
        'Iran agreed. [Iraq refused to sign.]{.claim #c000a by=iran}',
      );
    });

    it('escapes unbalanced brackets', () => {
      assert.equal(tag('He [sic said', [{ start: 0, end: 12 }], claim), '[He \\[sic said]{.claim #c000a by=iran}');
    });

    it('refuses, for all selections, when one cuts across a tag', () => {
      const text = 'Iran [and Iraq]{.event #e7k2 type=agree} signed. Then more.';
      const result = tagTargets(text, parseMarkup(text).spans, [
        { start: 50, end: 59 },
        { start: 0, end: 10 },
      ]);
      assert.ok(!result.ok);
      assert.match(result.message, /Selection 2 \(line 1\) cuts across the event #e7k2/);
      assert.equal(result.selection, 1);
    });

    it('allows a selection around a whole tag or inside one', () => {
      const text = 'Iran [and Iraq]{.event #e7k2 type=agree} signed.';
      const spans = parseMarkup(text).spans;
      assert.ok(tagTargets(text, spans, [{ start: 0, end: text.length }]).ok);
      assert.ok(tagTargets(text, spans, [{ start: 6, end: 9 }]).ok);
    });

    it('refuses overlapping selections and white-space-only selections', () => {
      const overlap = tagTargets(
        'abcdefgh',
        [],
        [
          { start: 0, end: 5 },
          { start: 3, end: 8 },
        ],
      );
      assert.ok(!overlap.ok && /overlap/.test(overlap.message));
      const blank = tagTargets('a   b', [], [{ start: 1, end: 4 }]);
      assert.ok(!blank.ok && /white space/.test(blank.message));
    });
  });

  describe('untagEdits', () => {
    it('restores the text byte for byte after tagging', () => {
      for (const original of ['He [sic said so.', 'Plain text here.', 'a\\\\', 'x ] y [ z', 'Emoji 🇮🇷 and “quotes”']) {
        const tagged = tag(original, [{ start: 0, end: original.length }], (i) => ({ kind: 'event', id: `e00${i}a`, attributes: { type: 'agree' } }));
        const spans = parseMarkup(tagged).spans;
        assert.equal(spans.length, 1, tagged);
        const result = untagEdits(tagged, spans, [{ start: 3, end: 3 }]);
        assert.ok(result.ok);
        assert.equal(applyEdits(tagged, result.edits), original);
      }
    });

    it('gives back exactly what was tagged, also for texts that differ only in a backslash (issue 17)', () => {
      const spec = () => ({ kind: 'event' as const, id: 'e001a', attributes: { type: 'agree' } });
      for (const pair of [
        ['a \\[b', 'a [b'],
        ['a\\', 'a\\\\'],
      ]) {
        const [one, other] = pair.map((text) => tag(text, [{ start: 0, end: text.length }], spec));
        assert.notEqual(one, other);
        pair.forEach((text, k) => {
          const tagged = k === 0 ? one : other;
          const result = untagEdits(tagged, parseMarkup(tagged).spans, [{ start: 1, end: 1 }]);
          assert.ok(result.ok);
          assert.equal(applyEdits(tagged, result.edits), text);
        });
      }
    });

    it('removes the innermost tag at each cursor, each tag once', () => {
      const text = '[A [b]{.event #e1a2 type=agree} c]{.claim #c1a2 by=iran} and [d]{.claim #c3a4 by=iraq}';
      const spans = parseMarkup(text).spans;
      assert.equal(tagAround(spans, 4, 4)?.id, 'e1a2');
      assert.equal(tagAround(spans, 1, 33)?.id, 'c1a2');
      const r = untagEdits(text, spans, [
        { start: 4, end: 4 },
        { start: 5, end: 5 },
        { start: 62, end: 62 },
      ]);
      assert.ok(r.ok);
      assert.equal(applyEdits(text, r.edits), '[A b c]{.claim #c1a2 by=iran} and d');
      const nested = untagEdits(text, spans, [
        { start: 4, end: 4 },
        { start: 1, end: 1 },
      ]);
      assert.ok(nested.ok);
      assert.equal(applyEdits(text, nested.edits), 'A b c and [d]{.claim #c3a4 by=iraq}');
    });

    it('says so when no cursor is in a tag', () => {
      const r = untagEdits('plain', [], [{ start: 1, end: 1 }]);
      assert.ok(!r.ok && /not in a claim or event tag/.test(r.message));
    });
  });

  describe('rankEntities', () => {
    it('ranks by selection, sentence, paragraph, then the registry', () => {
      const mentions = [
        { start: 0, end: 4, entityId: 'iran' },
        { start: 10, end: 14, entityId: 'iraq' },
        { start: 20, end: 28, entityId: 'ali-larijani' },
        { start: 40, end: 47, entityId: 'baghdad' },
        { start: 60, end: 64, entityId: 'unknown' },
      ];
      const ranked = rankEntities(['ali-larijani', 'baghdad', 'hezbollah', 'iran', 'iraq'], mentions, {
        selection: [[18, 30]],
        sentence: [[0, 30]],
        paragraph: [[0, 50]],
      });
      assert.deepEqual(
        ranked.map((r) => `${r.id}:${r.proximity}`),
        ['ali-larijani:selection', 'iran:sentence', 'iraq:sentence', 'baghdad:paragraph', 'hezbollah:registry'],
      );
    });

    it('lets a preference order entities of one zone', () => {
      const mentions = [
        { start: 0, end: 4, entityId: 'iran' },
        { start: 10, end: 18, entityId: 'ali-larijani' },
      ];
      const ranked = rankEntities(['ali-larijani', 'iran'], mentions, { selection: [[0, 20]], sentence: [], paragraph: [] }, (id) =>
        id === 'ali-larijani' ? 0 : 1,
      );
      assert.deepEqual(
        ranked.map((r) => r.id),
        ['ali-larijani', 'iran'],
      );
    });
  });
});
