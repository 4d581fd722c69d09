import { strict as assert } from 'node:assert';
import {
  CLAIM_ATTRIBUTES,
  CONFIDENCE_TERMS,
  CREDIBILITY,
  EVENT_ATTRIBUTES,
  MARKUP_DIAGNOSTIC_CODES,
  PLOVER_EVENT_TYPES,
  RELIABILITY,
  applyEdits,
  attributeBlockRanges,
  crossesTagBoundary,
  entityIdList,
  entityIdRanges,
  escapeTaggedText,
  formatAttributeValue,
  formatAttributes,
  generateTagId,
  isTagDate,
  parseMarkup,
  removeTag,
  serializeSpan,
  tagAt,
  unescapeTaggedText,
  wrapInTag,
  untaggableRange,
} from '../../src/core/markup';
import type { MarkupDiagnostic, MarkupParseResult, TagKind, TagSpan, TagSpec } from '../../src/core/markup';

const EVENT_EXAMPLE = '[Iran and Iraq signed a security agreement on Monday]{.event #e7k2 type=agree actors="iran iraq" date=2025-08-11 place=baghdad}';
const CLAIM_EXAMPLE = '[“We do not oppose expanding security cooperation between Iran and regional countries”]{.claim #c91x by=ali-larijani confidence=likely}';

/** mulberry32: a small seeded PRNG, so failures reproduce. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function codes(r: MarkupParseResult): string[] {
  return r.diagnostics.map((d) => d.code);
}

function only(text: string): TagSpan {
  const r = parseMarkup(text);
  assert.equal(r.spans.length, 1, `one span in ${JSON.stringify(text)}`);
  return r.spans[0];
}

function diag(text: string, code: string): MarkupDiagnostic {
  const r = parseMarkup(text);
  const d = r.diagnostics.find((x) => x.code === code);
  assert.ok(d, `expected ${code} in ${JSON.stringify(text)}, got ${JSON.stringify(codes(r))}`);
  return d;
}

function specOf(span: TagSpan): TagSpec {
  assert.ok(span.kind);
  return { kind: span.kind, id: span.id, classes: span.classes, attributes: span.attributeList };
}

/** Structural invariants every parse must satisfy. */
function checkWellFormed(text: string, r: MarkupParseResult): void {
  const n = text.length;
  let prevStart = -1;
  r.spans.forEach((s, k) => {
    const where = `span ${k} of ${JSON.stringify(text)}`;
    assert.ok(s.start < s.contentStart && s.contentStart <= s.contentEnd && s.contentEnd < s.attrStart && s.attrStart < s.end, where);
    assert.equal(s.contentStart, s.start + 1, where);
    assert.equal(s.attrStart, s.contentEnd + 1, where);
    assert.ok(s.end <= n, where);
    assert.equal(text[s.start], '[', where);
    assert.equal(text[s.contentEnd], ']', where);
    assert.equal(text[s.attrStart], '{', where);
    if (s.closed) assert.equal(text[s.end - 1], '}', where);
    assert.ok(s.start > prevStart, `${where}: document order`);
    prevStart = s.start;
    if (s.parent !== undefined) {
      const p = r.spans[s.parent];
      assert.ok(s.parent < k, where);
      assert.ok(p.contentStart <= s.start && s.end <= p.contentEnd, `${where}: inside its parent's text`);
      assert.equal(s.depth, p.depth + 1, where);
    } else {
      assert.equal(s.depth, 0, where);
    }
    if (s.idStart !== undefined) {
      assert.equal(text.slice(s.idStart, s.idEnd), s.id, where);
      assert.equal(text[s.idStart - 1], '#', where);
    }
    for (const a of s.attributeList) {
      assert.ok(s.attrStart < a.keyStart && a.keyEnd < a.valueStart && a.valueEnd <= a.end && a.end <= s.end, where);
      assert.equal(text.slice(a.keyStart, a.keyEnd), a.key, where);
      if (!a.quoted) assert.equal(text.slice(a.valueStart, a.valueEnd), a.value, where);
    }
    // Re-assembling the text from the parts is exact.
    assert.equal(text.slice(0, s.start) + '[' + text.slice(s.contentStart, s.contentEnd) + ']' + text.slice(s.attrStart, s.end) + text.slice(s.end), text);
  });
  // Any two spans are disjoint or properly nested (the inner one inside the outer one's text,
  // with the outer one among its ancestors).
  for (let a = 0; a < r.spans.length; a++) {
    for (let b = a + 1; b < r.spans.length && r.spans[b].start < r.spans[a].end; b++) {
      const A = r.spans[a];
      const B = r.spans[b];
      assert.ok(A.contentStart <= B.start && B.end <= A.contentEnd, `spans ${a} and ${b} overlap in ${JSON.stringify(text)}`);
      let up = B.parent;
      while (up !== undefined && up !== a) up = r.spans[up].parent;
      assert.equal(up, a, 'outer span is an ancestor');
    }
  }
  for (const d of r.diagnostics) {
    assert.ok(0 <= d.start && d.start <= d.end && d.end <= n, `diagnostic range in ${JSON.stringify(text)}`);
    assert.ok((MARKUP_DIAGNOSTIC_CODES as readonly string[]).includes(d.code));
    assert.ok(d.severity === 'error' || d.severity === 'warning');
    if (d.span !== undefined) assert.ok(d.span >= 0 && d.span < r.spans.length);
  }
  const ranges = attributeBlockRanges(text);
  for (let k = 0; k < ranges.length; k++) {
    assert.ok(ranges[k][0] < ranges[k][1] && ranges[k][1] <= n);
    if (k > 0) assert.ok(ranges[k - 1][1] <= ranges[k][0], 'ranges sorted and disjoint');
  }
}

describe('markup', () => {
  describe('SPEC §3 examples', () => {
    it('parses the event example', () => {
      const s = only(EVENT_EXAMPLE);
      assert.equal(s.kind, 'event');
      assert.equal(s.id, 'e7k2');
      assert.deepEqual(s.classes, ['event']);
      assert.deepEqual(s.attributes, { type: 'agree', actors: 'iran iraq', date: '2025-08-11', place: 'baghdad' });
      assert.equal(s.start, 0);
      assert.equal(EVENT_EXAMPLE.slice(s.contentStart, s.contentEnd), 'Iran and Iraq signed a security agreement on Monday');
      assert.equal(s.end, EVENT_EXAMPLE.length);
      assert.equal(EVENT_EXAMPLE.slice(s.idStart, s.idEnd), 'e7k2');
      assert.equal(s.closed, true);
      assert.equal(s.depth, 0);
      assert.equal(s.parent, undefined);
      const actors = s.attributeList[1];
      assert.equal(actors.key, 'actors');
      assert.equal(actors.quoted, true);
      assert.equal(actors.quote, '"');
      assert.equal(EVENT_EXAMPLE.slice(actors.valueStart, actors.valueEnd), 'iran iraq');
      assert.equal(EVENT_EXAMPLE.slice(actors.keyStart, actors.end), 'actors="iran iraq"');
      assert.deepEqual(parseMarkup(EVENT_EXAMPLE).diagnostics, []);
    });

    it('parses the claim example', () => {
      const s = only(CLAIM_EXAMPLE);
      assert.equal(s.kind, 'claim');
      assert.equal(s.id, 'c91x');
      assert.deepEqual(s.attributes, { by: 'ali-larijani', confidence: 'likely' });
      assert.ok(CLAIM_EXAMPLE.slice(s.contentStart, s.contentEnd).startsWith('“We do not oppose'));
      assert.deepEqual(parseMarkup(CLAIM_EXAMPLE).diagnostics, []);
    });

    it('serializes both examples back byte for byte', () => {
      for (const text of [EVENT_EXAMPLE, CLAIM_EXAMPLE]) {
        const s = only(text);
        assert.equal(serializeSpan(specOf(s), text.slice(s.contentStart, s.contentEnd)), text);
      }
    });

    it('finds both examples in a longer document with correct offsets', () => {
      const text = `Publish Date : 12 August 2025\n\n${EVENT_EXAMPLE}\n\nHe said: ${CLAIM_EXAMPLE}.\n`;
      const r = parseMarkup(text);
      assert.equal(r.spans.length, 2);
      assert.equal(r.spans[0].start, text.indexOf('[Iran'));
      assert.equal(r.spans[1].start, text.indexOf('[“We'));
      assert.equal(r.spans[1].end, text.indexOf('}.') + 1);
      assert.deepEqual(r.diagnostics, []);
    });
  });

  describe('ordinary brackets and other Pandoc spans', () => {
    const ordinary = [
      'See note [1] and [sic], and [2, 3].',
      'A [markdown link](https://example.com) and a [reference][ref] and ![img](a.png){width=50%}.',
      '[ref]: https://example.com',
      '[x]{.smallcaps} and [y]{#sec-intro} and [z]{lang=fr} and [w]{.underline .mark}',
      'Code like a[i]{ x } and f(a[0]) { return; }',
      '[not a tag] {.claim #c1aa by=x}',
      '[unclosed bracket and }{ braces ] ] [[ ]]',
      'set {a, b} and [[wiki]] and \\[escaped\\]{.claim #c1aa by=x}',
      '',
      'no brackets at all',
    ];
    for (const text of ordinary) {
      it(`ignores ${JSON.stringify(text.slice(0, 40))}`, () => {
        const r = parseMarkup(text);
        assert.deepEqual(r.spans, []);
        assert.deepEqual(r.diagnostics, []);
        assert.deepEqual(attributeBlockRanges(text), []);
      });
    }

    it('recognises a tag without a class by its keys or its id shape (with a diagnostic)', () => {
      assert.equal(only('[x]{by=ali}').kind, undefined);
      assert.equal(only('[x]{#c1ab}').id, 'c1ab');
      assert.equal(only('[x]{#e1abc}').id, 'e1abc');
      assert.deepEqual(parseMarkup('[x]{#c1ab-section}').spans, []);
      assert.deepEqual(parseMarkup('[x]{#event}').spans, [], 'an id without a digit is not ours');
      assert.deepEqual(parseMarkup('[x]{.smallcaps by=ali}').spans, [], 'another class: not ours');
    });

    it('skips a Pandoc span around a tag and keeps the tag', () => {
      const text = '[a [b]{.claim #c1aa by=x} c]{.smallcaps}';
      const s = only(text);
      assert.equal(s.start, 3);
      assert.equal(s.depth, 0);
    });
  });

  describe('nesting', () => {
    it('nests an event inside a claim', () => {
      const text = '[He said [Iran and Iraq agreed]{.event #e1aa type=agree actors="iran iraq"} today]{.claim #c1aa by=ali}';
      const r = parseMarkup(text);
      assert.equal(r.spans.length, 2);
      const [claim, event] = r.spans;
      assert.equal(claim.kind, 'claim');
      assert.equal(event.kind, 'event');
      assert.equal(event.parent, 0);
      assert.equal(event.depth, 1);
      assert.equal(claim.depth, 0);
      assert.ok(claim.contentStart <= event.start && event.end <= claim.contentEnd);
      assert.equal(claim.end, text.length);
      assert.deepEqual(r.diagnostics, []);
      checkWellFormed(text, r);
    });

    it('handles three levels and siblings', () => {
      const text = '[a [b [c]{.event #e3aa type=aid} d]{.event #e2aa type=aid} [e]{.event #e4aa type=aid}]{.claim #c1aa by=x} [f]{.claim #c5aa by=y}';
      const r = parseMarkup(text);
      assert.deepEqual(
        r.spans.map((s) => [s.id, s.parent, s.depth]),
        [
          ['c1aa', undefined, 0],
          ['e2aa', 0, 1],
          ['e3aa', 1, 2],
          ['e4aa', 0, 1],
          ['c5aa', undefined, 0],
        ],
      );
      checkWellFormed(text, r);
    });

    it('pairs brackets with a stack: an unmatched [ before a tag does not matter', () => {
      const text = 'a [ stray and [tag]{.claim #c1aa by=x} and [another stray';
      const s = only(text);
      assert.equal(text.slice(s.contentStart, s.contentEnd), 'tag');
    });

    it('lets tagged text span lines, not paragraphs (Pandoc ends a span at a blank line)', () => {
      const text = '[First line\nsecond line.]{.claim #c1aa by=x}';
      assert.equal(only(text).start, 0);
      assert.deepEqual(parseMarkup(text).diagnostics, []);
      const across = '[First line\n\nNext paragraph.]{.claim #c1aa by=x}';
      // Pandoc keeps such a span but only its first paragraph's text, and drops the rest: an error.
      const r = parseMarkup(across);
      assert.equal(r.spans.length, 1);
      assert.deepEqual(
        r.diagnostics.map((d) => [d.code, d.start, d.end, d.span]),
        [['crosses-paragraph', across.indexOf(']{'), across.length, 0]],
      );
      assert.match(r.diagnostics[0].message, /paragraph break \(line 2\): Pandoc ends the span's text there/);
    });
  });

  describe('brackets, escapes and quoting', () => {
    it('accepts balanced brackets inside the tagged text', () => {
      const text = '[He cited [1] and [2, [3]] twice]{.claim #c1aa by=x}';
      const s = only(text);
      assert.equal(s.start, 0);
      assert.equal(text.slice(s.contentStart, s.contentEnd), 'He cited [1] and [2, [3]] twice');
    });

    it('accepts escaped brackets and backslashes inside the tagged text', () => {
      const text = '[a \\] b \\[ c \\\\]{.claim #c1aa by=x}';
      const s = only(text);
      assert.equal(text.slice(s.contentStart, s.contentEnd), 'a \\] b \\[ c \\\\');
    });

    it('does not treat an escaped ] as the end of the text', () => {
      assert.deepEqual(parseMarkup('[a\\]{.claim #c1aa by=x}').spans, []);
    });

    it('reads double- and single-quoted values with escapes', () => {
      const text = "[x]{.event #e1aa type=agree note=\"He said \\\"no\\\" {twice} [sic] a=b\" place='tehran' actors='a \\'b\\' c'}";
      const s = only(text);
      assert.equal(s.attributes.note, 'He said "no" {twice} [sic] a=b');
      assert.equal(s.attributes.place, 'tehran');
      assert.equal(s.attributes.actors, "a 'b' c");
      assert.equal(s.attributeList[2].quote, "'");
      assert.deepEqual(codes(parseMarkup(text)), []);
    });

    it('keeps other backslashes in quoted values literal', () => {
      assert.equal(only('[x]{.event #e1aa type=agree note="C:\\dir\\n"}').attributes.note, 'C:\\dir\\n');
      assert.equal(only('[x]{.event #e1aa type=agree note="a\\\\"}').attributes.note, 'a\\');
    });

    it('allows newlines inside the attribute block and inside quoted values', () => {
      const text = '[x]{.event\n  #e1aa\n  type=agree\n  note="a long\n  note"\n}';
      const s = only(text);
      assert.equal(s.id, 'e1aa');
      assert.equal(s.attributes.note, 'a long\n  note');
      assert.equal(s.end, text.length);
      assert.deepEqual(codes(parseMarkup(text)), []);
    });

    it('reads an unquoted value containing = and an apostrophe', () => {
      const s = only("[x]{.event #e1aa type=agree note=Iran's note2=a=b}");
      assert.equal(s.attributes.note, "Iran's");
      assert.equal(s.attributes.note2, 'a=b');
    });

    it('treats backslash + punctuation outside quotes as one unit', () => {
      const s = only('[x]{.event #e1aa type=agree note=a\\}b place=c}');
      assert.equal(s.attributes.note, 'a\\}b');
      assert.equal(s.attributes.place, 'c');
    });

    it('does not let `__proto__` touch the prototype', () => {
      const s = only('[x]{.claim #c1aa by=x __proto__=bad}');
      assert.equal(Object.getPrototypeOf(s.attributes), Object.prototype);
      assert.equal(Object.getOwnPropertyDescriptor(s.attributes, '__proto__')?.value, 'bad');
    });
  });

  describe('any script, UTF-16 offsets', () => {
    it('handles Arabic text and Arabic attribute values', () => {
      const arabic = 'قال علي لاريجاني إن إيران لا تعارض التعاون';
      const text = `النص: [${arabic}]{.claim #c1aa by=ali-larijani note="ملاحظة مهمة"} انتهى`;
      const s = only(text);
      assert.equal(text.slice(s.contentStart, s.contentEnd), arabic);
      assert.equal(s.start, 'النص: '.length);
      assert.equal(s.attributes.note, 'ملاحظة مهمة');
      assert.deepEqual(codes(parseMarkup(text)), ['unknown-attribute']);
    });

    it('counts emoji as two code units', () => {
      const text = '😀 [x 😀 y]{.claim #c1aa by=a} 🇮🇷';
      const s = only(text);
      assert.equal(s.start, 3);
      assert.equal(s.contentStart, 4);
      assert.equal(s.contentEnd, 4 + 'x 😀 y'.length);
      assert.equal(s.contentEnd - s.contentStart, 6);
      assert.equal(text.slice(s.attrStart, s.end), '{.claim #c1aa by=a}');
      assert.deepEqual(attributeBlockRanges(text), [[s.attrStart, s.end]]);
    });
  });

  describe('diagnostics', () => {
    it('unterminated attribute block (end of text, blank line, a bracket)', () => {
      let d = diag('[x]{.claim #c1aa by=a', 'unterminated-attributes');
      assert.deepEqual([d.start, d.end, d.severity], [3, 21, 'error']);
      d = diag('[x]{.claim #c1aa by=a\n\nNext paragraph [y]{.claim #c2aa by=b}', 'unterminated-attributes');
      assert.deepEqual([d.start, d.end], [3, 21]);
      const r = parseMarkup('[x]{.claim #c1aa by=a\n\nNext paragraph [y]{.claim #c2aa by=b}');
      assert.equal(r.spans.length, 2, 'the next tag is still found');
      assert.equal(r.spans[0].closed, false);
      assert.equal(r.spans[0].end, 21);
      assert.equal(parseMarkup('[x]{.claim #c1aa by=a [y]{.claim #c2aa by=b}').spans.length, 2);
    });

    it('unterminated quote, and recovery at the next }', () => {
      const text = '[x]{.claim #c1aa by="ali} then [y]{.event #e1aa type=agree note="z w"}';
      const r = parseMarkup(text);
      const d = diag(text, 'unterminated-quote');
      assert.equal(d.start, text.indexOf('"ali'));
      assert.equal(r.spans.length, 2);
      assert.equal(r.spans[0].end, text.indexOf('}') + 1);
      assert.equal(r.spans[1].attributes.note, 'z w');
      assert.deepEqual(codes(r), ['unterminated-quote'], 'no missing-attribute noise for the broken tag');
      diag('[x]{.claim #c1aa by="ali', 'unterminated-quote');
      diag("[x]{.claim #c1aa by='ali\n\nmore", 'unterminated-quote');
    });

    it('malformed tokens', () => {
      const text = '[x]{.claim #c1aa by=a confidence = likely}';
      const r = parseMarkup(text);
      assert.deepEqual(codes(r), ['malformed-attribute', 'malformed-attribute', 'malformed-attribute']);
      assert.equal(text.slice(r.diagnostics[0].start, r.diagnostics[0].end), 'confidence');
      diag('[x]{.claim #c1aa by=}', 'malformed-attribute');
      diag('[x]{.claim #c1aa by="a"b}', 'malformed-attribute');
      diag('[x]{.claim # by=a}', 'malformed-attribute');
      diag('[x]{.claim #c1aa by=a "quoted"}', 'malformed-attribute');
    });

    it('both .claim and .event', () => {
      const text = '[x]{.claim .event #c1aa by=a type=agree}';
      const d = diag(text, 'conflicting-kind');
      assert.equal(text.slice(d.start, d.end), '.event');
      assert.equal(only(text).kind, undefined);
    });

    it('neither .claim nor .event', () => {
      const d = diag('[x]{#c1aa by=a}', 'missing-kind');
      assert.deepEqual([d.start, d.end], [3, 15]);
    });

    it('duplicate attribute key (the first value counts)', () => {
      const text = '[x]{.claim #c1aa by=a by=b}';
      const d = diag(text, 'duplicate-attribute');
      assert.equal(text.slice(d.start, d.end), 'by=b');
      assert.equal(only(text).attributes.by, 'a');
      assert.equal(only(text).attributeList.length, 2);
    });

    it('missing required attribute', () => {
      let d = diag('[x]{.claim #c1aa confidence=likely}', 'missing-attribute');
      assert.match(d.message, /by=/);
      d = diag('[x]{.event #e1aa actors=iran}', 'missing-attribute');
      assert.match(d.message, /type=/);
      diag('[x]{.claim #c1aa by=""}', 'missing-attribute');
    });

    it('unknown attribute for the kind (a warning)', () => {
      const text = '[x]{.claim #c1aa by=a type=agree colour=red}';
      const r = parseMarkup(text);
      assert.deepEqual(codes(r), ['unknown-attribute', 'unknown-attribute']);
      assert.equal(r.diagnostics[0].severity, 'warning');
      assert.equal(text.slice(r.diagnostics[0].start, r.diagnostics[0].end), 'type');
      assert.match(r.diagnostics[0].message, /\.event/);
      diag('[x]{.event #e1aa type=agree by=x}', 'unknown-attribute');
      diag('[x]{.event #e1aa type=agree confidence=likely}', 'unknown-attribute');
    });

    it('invalid confidence', () => {
      const text = '[x]{.claim #c1aa by=a confidence="very likely"}';
      const d = diag(text, 'invalid-confidence');
      assert.equal(text.slice(d.start, d.end), '"very likely"');
      for (const term of Object.keys(CONFIDENCE_TERMS)) {
        assert.deepEqual(codes(parseMarkup(`[x]{.claim #c1aa by=a confidence=${term}}`)), []);
      }
    });

    it('reliability not A–F, credibility not 1–6', () => {
      diag('[x]{.claim #c1aa by=a reliability=G}', 'invalid-reliability');
      diag('[x]{.claim #c1aa by=a reliability=b}', 'invalid-reliability');
      diag('[x]{.claim #c1aa by=a credibility=0}', 'invalid-credibility');
      diag('[x]{.claim #c1aa by=a credibility=7}', 'invalid-credibility');
      for (const r of 'ABCDEF')
        for (const c of '123456') {
          assert.deepEqual(codes(parseMarkup(`[x]{.claim #c1aa by=a reliability=${r} credibility=${c}}`)), []);
        }
    });

    it('dates: yyyy, yyyy-mm, yyyy-mm-dd and real calendar days only', () => {
      for (const ok of ['2025', '2025-08', '2025-08-11', '2024-02-29']) {
        assert.deepEqual(codes(parseMarkup(`[x]{.event #e1aa type=agree date=${ok}}`)), [], ok);
        assert.ok(isTagDate(ok));
      }
      for (const bad of ['25', '2025-8', '2025-13', '2025-02-29', '2025-08-32', '11 Aug 2025', '2025/08/11', '0000']) {
        diag(`[x]{.event #e1aa type=agree date="${bad}"}`, 'invalid-date');
        assert.ok(!isTagDate(bad), bad);
      }
    });

    it('duplicate #id within the text, reported at each occurrence', () => {
      const text = '[a]{.claim #c1aa by=x} [b]{.event #c1aa type=aid} [c]{.claim #c2aa by=y}';
      const ds = parseMarkup(text).diagnostics.filter((d) => d.code === 'duplicate-tag-id');
      assert.equal(ds.length, 2);
      assert.deepEqual(
        ds.map((d) => text.slice(d.start, d.end)),
        ['#c1aa', '#c1aa'],
      );
      assert.deepEqual(
        ds.map((d) => d.span),
        [0, 1],
      );
    });

    it('missing id (a warning) and more than one id', () => {
      const d = diag('[x]{.claim by=a}', 'missing-id');
      assert.equal(d.severity, 'warning');
      const text = '[x]{.claim #c1aa #c2aa by=a}';
      const m = diag(text, 'multiple-ids');
      assert.equal(text.slice(m.start, m.end), '#c2aa');
      assert.equal(only(text).id, 'c1aa');
    });

    it('a tag block without its [', () => {
      const text = 'He said this]{.claim #c1aa by=x} yesterday';
      const d = diag(text, 'unmatched-bracket');
      assert.equal(text.slice(d.start, d.end), ']{.claim #c1aa by=x}');
      assert.deepEqual(parseMarkup(text).spans, []);
      assert.deepEqual(attributeBlockRanges(text), [[13, 32]]);
    });

    it('every diagnostic code is exercised and sorted by position', () => {
      const text = [
        '[a]{.claim #c1aa by=x',
        '',
        '[b]{.claim #c2aa by="x',
        '',
        '[c]{.claim #c3aa by=x oops}',
        '[d]{.claim .event #c4aa by=x}',
        '[e]{#c5aa by=x}',
        '[f]{.claim #c6aa #c7aa by=x}',
        '[g]{.claim by=x}',
        '[h]{.claim #c8aa by=x} [i]{.claim #c8aa by=y}',
        '[j]{.claim #c9aa by=x by=y}',
        '[k]{.claim #caaa}',
        '[l]{.claim #cbaa by=x colour=red}',
        '[m]{.claim #ccaa by=x confidence=maybe reliability=Z credibility=9 date=yesterday}',
        'n]{.claim #cdaa by=x}',
        '[o',
        '',
        'p]{.claim #ceaa by=x}',
      ].join('\n');
      const r = parseMarkup(text);
      assert.deepEqual([...new Set(codes(r))].sort(), [...MARKUP_DIAGNOSTIC_CODES].sort());
      for (let k = 1; k < r.diagnostics.length; k++) assert.ok(r.diagnostics[k - 1].start <= r.diagnostics[k].start);
      checkWellFormed(text, r);
    });
  });

  describe('serializer', () => {
    it('formats in canonical order, quoting only when needed', () => {
      assert.equal(
        formatAttributes({
          kind: 'event',
          id: 'e7k2',
          attributes: { type: 'agree', actors: ['iran', 'iraq'], date: '2025-08-11', place: 'baghdad', note: undefined },
        }),
        '{.event #e7k2 type=agree actors="iran iraq" date=2025-08-11 place=baghdad}',
      );
      assert.equal(
        formatAttributes({
          kind: 'claim',
          attributes: [
            ['by', 'x'],
            ['about', 'a b'],
          ],
        }),
        '{.claim by=x about="a b"}',
      );
      assert.equal(formatAttributes({ kind: 'claim', id: 'c1aa', classes: ['claim', 'draft'] }), '{.claim #c1aa .draft}');
    });

    it('quotes values with spaces, quotes, braces, brackets, = or nothing', () => {
      assert.equal(formatAttributeValue('plain-id'), 'plain-id');
      assert.equal(formatAttributeValue('ملاحظة'), 'ملاحظة');
      assert.equal(formatAttributeValue('a b'), '"a b"');
      assert.equal(formatAttributeValue('a\nb'), '"a\nb"');
      assert.equal(formatAttributeValue('a\n \n\nb'), '"a\nb"', 'a blank line cannot be written');
      assert.equal(formatAttributeValue(''), '""');
      assert.equal(formatAttributeValue('a=b'), '"a=b"');
      assert.equal(formatAttributeValue('{x}'), '"{x}"');
      assert.equal(formatAttributeValue('[x]'), '"[x]"');
      assert.equal(formatAttributeValue('say "hi"'), '"say \\"hi\\""');
      assert.equal(formatAttributeValue("it's"), '"it\'s"');
      assert.equal(formatAttributeValue('a\\b c'), '"a\\b c"');
      assert.equal(formatAttributeValue('a\\'), '"a\\\\"');
      assert.equal(formatAttributeValue('end \\'), '"end \\\\"');
    });

    it('round-trips awkward values through the parser', () => {
      const values = ['a b', '', 'say "hi"', 'a\\', '\\"', '\\\\', 'x}y', '{', "it's", 'a=b', 'line\nbreak', 'ملاحظة مهمة', '😀 ok'];
      for (const v of values) {
        const text = serializeSpan({ kind: 'event', id: 'e1aa', attributes: { type: 'agree', note: v } }, 'text');
        assert.equal(only(text).attributes.note, v, JSON.stringify(v));
      }
    });

    it('rejects ids, classes and keys it could not read back', () => {
      assert.throws(() => formatAttributes({ kind: 'claim', id: 'a b' }), RangeError);
      assert.throws(() => formatAttributes({ kind: 'claim', classes: ['x}'] }), RangeError);
      assert.throws(() => formatAttributes({ kind: 'claim', attributes: { 'a b': 'x' } }), RangeError);
      assert.throws(() => formatAttributes({ kind: 'note' as TagKind }), RangeError);
    });

    it('escapes unbalanced brackets of the tagged text, an author’s escaped ones, a final backslash, and only those', () => {
      assert.equal(escapeTaggedText('plain'), 'plain');
      assert.equal(escapeTaggedText('a [1] b'), 'a [1] b');
      assert.equal(escapeTaggedText('a ] b'), 'a \\] b');
      assert.equal(escapeTaggedText('a [ b'), 'a \\[ b');
      assert.equal(escapeTaggedText('] [x] ['), '\\] [x] \\[');
      // An author's `\[` is coded too (run of k backslashes → 2k+1), so that it stays apart from `[`.
      assert.equal(escapeTaggedText('already \\[ escaped'), 'already \\\\\\[ escaped');
      assert.equal(unescapeTaggedText('already \\\\\\[ escaped'), 'already \\[ escaped');
      assert.equal(unescapeTaggedText('already \\[ escaped'), 'already [ escaped');
      assert.equal(escapeTaggedText('ends with \\'), 'ends with \\\\');
      assert.equal(escapeTaggedText('ends with \\\\'), 'ends with \\\\\\\\');
      // Backslashes before anything else are left alone.
      assert.equal(escapeTaggedText('C:\\ dir a\\b \\*x\\* \\\\y'), 'C:\\ dir a\\b \\*x\\* \\\\y');
      assert.equal(escapeTaggedText('[in]{.event #e1aa type=aid} nested'), '[in]{.event #e1aa type=aid} nested');
      assert.equal(serializeSpan({ kind: 'claim', id: 'c1aa', attributes: { by: 'x' } }, 'a ] b ['), '[a \\] b \\[]{.claim #c1aa by=x}');
    });

    it('escapes everything when the text cannot be kept as is', () => {
      assert.equal(escapeTaggedText('x]{k="open'), 'x\\]\\{k="open');
      assert.equal(escapeTaggedText('[a]{k="open'), '\\[a\\]\\{k="open');
      const text = `pre ${serializeSpan({ kind: 'claim', id: 'c1aa', attributes: { by: 'x', about: 'a b' } }, '[a]{k="open')} post "quote"`;
      const s = only(text);
      assert.equal(s.start, 4);
      assert.equal(s.attributes.about, 'a b');
    });

    it('serialize(parse(x)) is x for canonical tags', () => {
      const texts = [
        EVENT_EXAMPLE,
        CLAIM_EXAMPLE,
        '[x]{.claim #c1aa .draft by=a about="b c" confidence=very-likely reliability=B credibility=2 date=2025}',
        '[with [nested]{.event #e1aa type=agree} text]{.claim #c1aa by=x}',
        '[a \\] b]{.event #e1aa type=agree note="say \\"hi\\""}',
      ];
      for (const text of texts) {
        const r = parseMarkup(text);
        const s = r.spans[0];
        assert.equal(serializeSpan(specOf(s), unescapeTaggedText(text.slice(s.contentStart, s.contentEnd))), text);
      }
    });
  });

  describe('editing helpers', () => {
    const tag: TagSpec = { kind: 'claim', id: 'c1aa', attributes: { by: 'ali-larijani' } };

    it('wrapInTag inserts [ and ]{…}', () => {
      const text = 'He said Iran is ready.';
      const edits = wrapInTag(text, 8, 21, tag);
      assert.deepEqual(edits, [
        { start: 8, end: 8, newText: '[' },
        { start: 21, end: 21, newText: ']{.claim #c1aa by=ali-larijani}' },
      ]);
      const out = applyEdits(text, edits);
      assert.equal(out, 'He said [Iran is ready]{.claim #c1aa by=ali-larijani}.');
      assert.deepEqual(parseMarkup(out).diagnostics, []);
    });

    it('wrapInTag escapes brackets that would not pair, and a backslash before the [', () => {
      const text = 'x] and [y';
      const out = applyEdits(text, wrapInTag(text, 0, text.length, tag));
      assert.equal(out, '[x\\] and \\[y]{.claim #c1aa by=ali-larijani}');
      const out2 = applyEdits('a\\b', wrapInTag('a\\b', 2, 3, tag));
      assert.equal(out2, 'a\\\\[b]{.claim #c1aa by=ali-larijani}');
      assert.equal(only(out2).start, 3);
      const out3 = applyEdits('[x', wrapInTag('[x', 0, 2, tag));
      assert.equal(out3, '[\\[x]{.claim #c1aa by=ali-larijani}');
    });

    it('wrapInTag around an existing tag nests it', () => {
      const text = 'He said [they agreed]{.event #e1aa type=agree} today.';
      const out = applyEdits(text, wrapInTag(text, 3, text.length - 1, tag));
      const r = parseMarkup(out);
      assert.deepEqual(
        r.spans.map((s) => [s.id, s.depth]),
        [
          ['c1aa', 0],
          ['e1aa', 1],
        ],
      );
    });

    it('removeTag deletes [ and ]{…} and keeps the text', () => {
      const text = `He said: ${CLAIM_EXAMPLE}.`;
      const s = only(text);
      const edits = removeTag(text, s);
      assert.deepEqual(edits, [
        { start: s.start, end: s.contentStart, newText: '' },
        { start: s.contentEnd, end: s.end, newText: '' },
      ]);
      assert.equal(applyEdits(text, edits), `He said: ${CLAIM_EXAMPLE.slice(1, CLAIM_EXAMPLE.indexOf(']{'))}.`);
    });

    it('removeTag undoes the escapes wrapInTag added, but keeps an author’s own', () => {
      const original = 'x] and [y';
      const tagged = applyEdits(original, wrapInTag(original, 0, original.length, tag));
      assert.equal(applyEdits(tagged, removeTag(tagged, only(tagged))), original);
      const own = '[a \\[x\\] b]{.claim #c1aa by=x}';
      assert.equal(applyEdits(own, removeTag(own, only(own))), 'a \\[x\\] b');
      assert.equal(applyEdits(tagged, removeTag(tagged, only(tagged), { unescape: false })), 'x\\] and \\[y');
    });

    it('removeTag of the outer tag keeps the inner one', () => {
      const text = '[a [b]{.event #e1aa type=agree} c]{.claim #c1aa by=x}';
      const out = applyEdits(text, removeTag(text, parseMarkup(text).spans[0]));
      assert.equal(out, 'a [b]{.event #e1aa type=agree} c');
      assert.equal(only(out).id, 'e1aa');
    });

    it('crossesTagBoundary', () => {
      const text = 'ab [cd [ef]{.event #e1aa type=aid} gh]{.claim #c1aa by=x} ij';
      const spans = parseMarkup(text).spans;
      const [outer, inner] = spans;
      assert.equal(crossesTagBoundary(spans, 0, 2), undefined, 'outside');
      assert.equal(crossesTagBoundary(spans, 0, text.length), undefined, 'around everything');
      assert.equal(crossesTagBoundary(spans, outer.start, outer.end), undefined, 'exactly a tag');
      assert.equal(crossesTagBoundary(spans, outer.contentStart, outer.contentEnd), undefined, 'exactly its text');
      assert.equal(crossesTagBoundary(spans, inner.start, inner.end), undefined);
      assert.equal(crossesTagBoundary(spans, outer.contentStart, outer.contentStart + 2), undefined, 'inside the text');
      assert.equal(crossesTagBoundary(spans, 0, outer.contentStart + 1), outer, 'takes the [');
      assert.equal(crossesTagBoundary(spans, outer.contentStart, outer.contentEnd + 1), outer, 'takes the ]');
      assert.equal(crossesTagBoundary(spans, outer.attrStart + 2, outer.attrStart + 5), outer, 'inside the attribute block');
      assert.equal(crossesTagBoundary(spans, outer.end - 1, text.length), outer, 'takes the }');
      assert.equal(crossesTagBoundary(spans, inner.contentStart + 1, outer.contentEnd), inner, 'half of the inner tag');
      assert.equal(crossesTagBoundary(spans, inner.attrStart + 1, inner.attrStart + 1), inner, 'cursor in a block');
      assert.equal(crossesTagBoundary(spans, inner.contentStart, inner.contentStart), undefined, 'cursor in the text');
      assert.equal(crossesTagBoundary(spans, outer.contentEnd + 3, 1), outer, 'reversed selection');
    });

    it('tagAt finds the innermost tag at the cursor', () => {
      const text = 'ab [cd [ef]{.event #e1aa type=aid} gh]{.claim #c1aa by=x} ij';
      const spans = parseMarkup(text).spans;
      assert.equal(tagAt(spans, 1), undefined);
      assert.equal(tagAt(spans, text.indexOf('cd'))?.id, 'c1aa');
      assert.equal(tagAt(spans, text.indexOf('ef'))?.id, 'e1aa');
      assert.equal(tagAt(spans, text.indexOf('type'))?.id, 'e1aa');
      assert.equal(tagAt(spans, text.indexOf('gh'))?.id, 'c1aa');
      assert.equal(tagAt(spans, text.length - 1), undefined);
    });

    it('generateTagId: prefix, 8 base36 characters with a digit, unique', () => {
      const random = prng(42);
      const existing = new Set<string>();
      for (let k = 0; k < 2000; k++) {
        const kind: TagKind = k % 2 ? 'claim' : 'event';
        const id = generateTagId(kind, existing, random);
        assert.match(id, kind === 'claim' ? /^c(?=.*[0-9])[0-9a-z]{8}$/ : /^e(?=.*[0-9])[0-9a-z]{8}$/);
        assert.ok(!existing.has(id));
        existing.add(id);
      }
      assert.equal(
        generateTagId('claim', new Set(), () => 0),
        'c00000000',
      );
      assert.equal(
        generateTagId('claim', new Set(['c00000000']), () => 0),
        'c00000001',
        'a stuck random source still terminates',
      );
      assert.equal(
        generateTagId('event', new Set(), () => 0.999999999),
        'e00000000',
        'no digit in 64 draws: the first free sequential ID',
      );
      // The platform's cryptographic generator (globalThis.crypto in Node 20 and web workers).
      const drawn = new Set<string>();
      for (let k = 0; k < 10_000; k++) drawn.add(generateTagId('claim', drawn));
      assert.equal(drawn.size, 10_000);
      for (const id of drawn) assert.match(id, /^c(?=.*[0-9])[0-9a-z]{8}$/);
      // Every character is used, evenly enough (10,000 IDs: about 2,200 of each character).
      const counts = new Map<string, number>();
      for (const id of drawn) for (const ch of id.slice(1)) counts.set(ch, (counts.get(ch) ?? 0) + 1);
      assert.equal(counts.size, 36);
      for (const [ch, n] of counts) assert.ok(n > 1500 && n < 3200, `${ch}: ${n}`);
    });

    it('generateTagId: two analysts making 100,000 IDs each on separate branches share none', () => {
      const a = new Set<string>();
      const b = new Set<string>();
      for (let k = 0; k < 100_000; k++) a.add(generateTagId('claim', a));
      for (let k = 0; k < 100_000; k++) b.add(generateTagId('claim', b));
      let shared = 0;
      for (const id of a) if (b.has(id)) shared++;
      // Expected shared: 10^10 / (36^8 − 26^8) ≈ 0.004; 4-character IDs shared about 6,000.
      assert.equal(shared, 0);
    });

    it('older 4-character IDs stay valid and are recognised as ours without a class', () => {
      const { spans, diagnostics } = parseMarkup('[a]{.claim #c4k2 by=iran} [b]{#e7k2} [c]{#c4k2q9x7m}');
      assert.equal(spans[0].id, 'c4k2');
      assert.equal(diagnostics.filter((d) => d.start < 25).length, 0);
      assert.deepEqual(
        spans.map((s) => s.id),
        ['c4k2', 'e7k2', 'c4k2q9x7m'],
      );
    });

    it('entityIdList and entityIdRanges', () => {
      assert.deepEqual(entityIdList('iran  iraq\nsaudi-arabia'), ['iran', 'iraq', 'saudi-arabia']);
      assert.deepEqual(entityIdList(''), []);
      assert.deepEqual(entityIdList(' iran, iraq '), ['iran', 'iraq']);
      const s = only(EVENT_EXAMPLE);
      const actors = s.attributeList.find((a) => a.key === 'actors');
      assert.ok(actors);
      const ranges = entityIdRanges(actors);
      assert.deepEqual(
        ranges.map((x) => EVENT_EXAMPLE.slice(x.start, x.end)),
        ['iran', 'iraq'],
      );
    });

    it('constants', () => {
      assert.deepEqual([...CLAIM_ATTRIBUTES], ['by', 'about', 'confidence', 'reliability', 'credibility', 'date']);
      assert.deepEqual([...EVENT_ATTRIBUTES], ['type', 'actors', 'targets', 'date', 'place', 'note']);
      assert.equal(CONFIDENCE_TERMS.likely, 'Likely / probable (55–80%)');
      assert.deepEqual(Object.keys(CONFIDENCE_TERMS), [
        'almost-no-chance',
        'very-unlikely',
        'unlikely',
        'roughly-even',
        'likely',
        'very-likely',
        'almost-certain',
      ]);
      assert.deepEqual(Object.keys(RELIABILITY), ['A', 'B', 'C', 'D', 'E', 'F']);
      assert.deepEqual(Object.keys(CREDIBILITY), ['1', '2', '3', '4', '5', '6']);
      assert.equal(RELIABILITY.A, 'Completely reliable');
      assert.equal(CREDIBILITY['6'], 'Truth cannot be judged');
      assert.deepEqual(Object.keys(PLOVER_EVENT_TYPES), [
        'agree',
        'consult',
        'support',
        'concede',
        'cooperate',
        'aid',
        'retreat',
        'request',
        'accuse',
        'reject',
        'threaten',
        'protest',
        'sanction',
        'mobilize',
        'coerce',
        'assault',
      ]);
      for (const d of Object.values(PLOVER_EVENT_TYPES)) assert.ok(d.length > 10 && !d.includes('\n'));
      assert.ok(Object.isFrozen(PLOVER_EVENT_TYPES));
    });
  });

  describe('attributeBlockRanges', () => {
    it('returns the {…} of every tag, sorted', () => {
      const text = '[a [b]{.event #e1aa type=aid} c]{.claim #c1aa by=x} [d]{.smallcaps} [e]{.claim #c2aa by=y}';
      const r = parseMarkup(text);
      const expected = r.spans.map((s) => [s.attrStart, s.end]).sort((p, q) => p[0] - q[0]);
      assert.deepEqual(attributeBlockRanges(text), expected);
      assert.deepEqual(
        attributeBlockRanges(text).map(([a, b]) => text.slice(a, b)),
        ['{.event #e1aa type=aid}', '{.claim #c1aa by=x}', '{.claim #c2aa by=y}'],
      );
    });

    it('is instant on a multi-MB text without tags', () => {
      const text = 'Iran and Iraq [1] signed {an} agreement. '.repeat(150_000);
      assert.ok(text.length > 5_000_000);
      assert.deepEqual(attributeBlockRanges(text), []);
      assert.deepEqual(parseMarkup(text), { spans: [], diagnostics: [] });
    });
  });

  describe('robustness', () => {
    const ALPHABET = '[]{}"\'\\=#. \nabcxyz.-';
    const SAMPLES = [
      EVENT_EXAMPLE,
      CLAIM_EXAMPLE,
      '[a [b]{.event #e1aa type=agree note="x y"} c]{.claim #c1aa by=x confidence=likely}',
      "Text [1] with [x]{.smallcaps} and [y]{.claim #c2aa by='a b' date=2025}.\n\nMore [z]{.event #e2aa\n type=aid}",
    ];

    function mutate(text: string, random: () => number): string {
      let out = text;
      const steps = 1 + Math.floor(random() * 6);
      for (let k = 0; k < steps; k++) {
        const at = Math.floor(random() * (out.length + 1));
        if (random() < 0.5 && out.length > 0) out = out.slice(0, at) + out.slice(at + 1);
        else out = out.slice(0, at) + ALPHABET[Math.floor(random() * ALPHABET.length)] + out.slice(at);
      }
      return out;
    }

    function randomString(random: () => number, length: number, alphabet = ALPHABET): string {
      let s = '';
      for (let k = 0; k < length; k++) s += alphabet[Math.floor(random() * alphabet.length)];
      return s;
    }

    it('never throws on 20,000 random and mutated strings, and results are well-formed', () => {
      const random = prng(20250811);
      for (let k = 0; k < 20_000; k++) {
        const text = k % 2 === 0 ? mutate(SAMPLES[k % SAMPLES.length], random) : randomString(random, Math.floor(random() * 60));
        const r = parseMarkup(text);
        checkWellFormed(text, r);
      }
    });

    const VALUE_ALPHABET = 'ab c"\'\\={}[]#.\nش😀';
    function randomTag(random: () => number): TagSpec {
      const kind: TagKind = random() < 0.5 ? 'claim' : 'event';
      const keys = kind === 'claim' ? CLAIM_ATTRIBUTES : EVENT_ATTRIBUTES;
      const attributes: [string, string][] = [];
      for (const key of keys) {
        if (random() < 0.5) attributes.push([key, randomString(random, Math.floor(random() * 8), VALUE_ALPHABET)]);
      }
      const id = random() < 0.9 ? generateTagId(kind, new Set(), random) : undefined;
      return { kind, id, attributes };
    }

    /** Attribute values as the serializer can write them: blank lines collapse. */
    function normalized(tag: TagSpec): [string, string][] {
      return (tag.attributes as [string, string][]).map(([k, v]) => [k, v.replace(/\n(?:[ \t\r]*\n)+/g, '\n')]);
    }

    it('serialize → parse → serialize round-trips for 5,000 generated tags in random contexts', () => {
      const random = prng(7);
      const CONTEXT = 'ab [] \n';
      for (let k = 0; k < 5000; k++) {
        const tag = randomTag(random);
        const tagged = randomString(random, Math.floor(random() * 20));
        const serialized = serializeSpan(tag, tagged);
        const pre = randomString(random, Math.floor(random() * 10), CONTEXT);
        const post = randomString(random, Math.floor(random() * 10), CONTEXT);
        // What the tag commands refuse: text over a paragraph break, or in code (issue 17).
        if (untaggableRange(pre + tagged + post, pre.length, pre.length + tagged.length)) continue;
        const doc = pre + serialized + post;
        const r = parseMarkup(doc);
        checkWellFormed(doc, r);
        const s = r.spans.find((x) => x.start === pre.length);
        assert.ok(s, `tag found in ${JSON.stringify(doc)}`);
        assert.equal(s.end, pre.length + serialized.length, JSON.stringify(doc));
        assert.equal(s.kind, tag.kind);
        assert.equal(s.id, tag.id);
        assert.equal(s.closed, true);
        assert.deepEqual(
          s.attributeList.map((a) => [a.key, a.value]),
          normalized(tag),
        );
        assert.equal(unescapeTaggedText(doc.slice(s.contentStart, s.contentEnd)), tagged, JSON.stringify(doc));
        assert.equal(serializeSpan(specOf(s), unescapeTaggedText(doc.slice(s.contentStart, s.contentEnd))), serialized, JSON.stringify(doc));
        const own = r.diagnostics.filter((d) => d.span === r.spans.indexOf(s));
        const structural = own.filter((d) => ['unterminated-attributes', 'unterminated-quote', 'malformed-attribute'].includes(d.code));
        assert.deepEqual(structural, [], JSON.stringify(doc));
      }
    });

    it('wrapInTag → removeTag restores the text (3,000 random selections)', () => {
      const random = prng(99);
      const TEXT = 'ab c[]\n';
      for (let k = 0; k < 3000; k++) {
        let text = randomString(random, Math.floor(random() * 30), TEXT);
        if (random() < 0.3) {
          const at = Math.floor(random() * (text.length + 1));
          text = text.slice(0, at) + '[in]{.event #e0aa type=aid}' + text.slice(at);
        }
        const spans = parseMarkup(text).spans;
        let a = Math.floor(random() * (text.length + 1));
        let b = Math.floor(random() * (text.length + 1));
        if (a > b) [a, b] = [b, a];
        if (crossesTagBoundary(spans, a, b) || untaggableRange(text, a, b)) continue;
        const tag = randomTag(random);
        tag.id = 'c9zz';
        const wrapped = applyEdits(text, wrapInTag(text, a, b, tag));
        const r = parseMarkup(wrapped);
        const s = r.spans.find((x) => x.id === 'c9zz');
        assert.ok(s, JSON.stringify([text, a, b, wrapped]));
        assert.equal(s.start, a);
        assert.equal(r.spans.length, spans.length + 1);
        assert.equal(applyEdits(wrapped, removeTag(wrapped, s)), text, JSON.stringify([text, a, b, wrapped]));
      }
    });

    it('parses a 5 MB text full of unmatched [ (completes; linear)', () => {
      const chunk = 'An [unmatched bracket and [another one, with ] some } braces { and "quotes". ';
      let text = chunk.repeat(Math.ceil(5_000_000 / chunk.length));
      text += '[tail]{.claim #c1aa by=x}';
      const r = parseMarkup(text);
      assert.equal(r.spans.length, 1);
      assert.equal(r.spans[0].end, text.length);
      assert.equal(attributeBlockRanges(text).length, 1);
    });

    it('parses adversarial 1 MB inputs (unterminated blocks and quotes everywhere)', () => {
      const patterns = ['[a]{x ', '[a]{k="v ', "[a]{k='v} ", ']{', '[a]{.claim k="x} [', '[[[[', '\\', '[a]{.claim #c1aa by="\n'];
      for (const p of patterns) {
        const text = p.repeat(Math.ceil(1_000_000 / p.length));
        const r = parseMarkup(text);
        assert.ok(Array.isArray(r.spans));
        attributeBlockRanges(text);
      }
    });
  });
});
