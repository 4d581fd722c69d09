// Issue 17: quadratic hover claims, prototype keys in tag tooltips, hostile registry globs.
import { strict as assert } from 'node:assert';
import { performance } from 'node:perf_hooks';
import { findDocumentDate } from '../../src/core/documentDate';
import { DEFAULT_REGISTRY_FILES } from '../../src/core/defaults';
import { compileGlob, globToRegExp, isExcludedPath, matchesAnyGlob } from '../../src/core/glob';
import { buildHoverCard, CardClaim, claimsBy, cleanText, describeAttributeValue, escapeMarkdown, ownValue, truncate, typeIcon } from '../../src/core/hoverCard';
import { CONFIDENCE_TERMS, entityIdList, parseMarkup, TagSpan } from '../../src/core/markup';
import type { Entity } from '../../src/core/types';
import { prng as random } from '../prng';

// ---------------------------------------------------------------------------------------------
// The functions as they were before issue 17, as references.

function oldPlainContent(text: string, span: TagSpan, spans: readonly TagSpan[]): string {
  const cut: Array<[number, number]> = [];
  for (const inner of spans) {
    if (inner === span || inner.start < span.contentStart || inner.end > span.contentEnd) continue;
    cut.push([inner.start, inner.contentStart], [inner.contentEnd, inner.end]);
  }
  cut.sort((a, b) => a[0] - b[0]);
  let out = '';
  let at = span.contentStart;
  for (const [start, end] of cut) {
    if (start > at) out += text.slice(at, start);
    at = Math.max(at, end);
  }
  if (span.contentEnd > at) out += text.slice(at, span.contentEnd);
  return out.replace(/\\([!-/:-@[-`{-~])/g, '$1');
}

function oldClaimsBy(text: string, spans: readonly TagSpan[], entityId: string): CardClaim[] {
  const claims: CardClaim[] = [];
  let line = 0;
  let lineCountedTo = 0;
  for (const span of spans) {
    if (span.kind !== 'claim') continue;
    if (!entityIdList(span.attributes.by ?? '').includes(entityId)) continue;
    for (let i = text.indexOf('\n', lineCountedTo); i !== -1 && i < span.start; i = text.indexOf('\n', i + 1)) line++;
    lineCountedTo = span.start;
    claims.push({
      id: span.id,
      line,
      excerpt: truncate(cleanText(oldPlainContent(text, span, spans)), 200),
      confidence: span.attributes.confidence,
      about: entityIdList(span.attributes.about ?? ''),
    });
  }
  return claims;
}

function oldGlobToRegExp(glob: string): RegExp {
  let out = '';
  let braceDepth = 0;
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i];
    if (ch === '*') {
      if (glob[i + 1] === '*') {
        i++;
        if (glob[i + 1] === '/') {
          i++;
          out += '(?:[^/]*/)*';
        } else {
          out += '.*';
        }
      } else {
        out += '[^/]*';
      }
    } else if (ch === '?') out += '[^/]';
    else if (ch === '{') {
      braceDepth++;
      out += '(?:';
    } else if (ch === '}' && braceDepth > 0) {
      braceDepth--;
      out += ')';
    } else if (ch === ',' && braceDepth > 0) out += '|';
    else if (ch === '[') {
      const close = glob.indexOf(']', i + 1);
      if (close > i) {
        out +=
          '[' +
          glob
            .slice(i + 1, close)
            .replace(/^!/, '^')
            .replace(/\\/g, '\\\\') +
          ']';
        i = close;
      } else out += '\\[';
    } else out += ch.replace(/[.+^$()|\\\]]/g, '\\$&');
  }
  return new RegExp(`^${out}$`);
}

/** Plain objects for deepEqual (reads every excerpt, lazy ones included). */
const plain = (claims: readonly CardClaim[]) => claims.map((c) => ({ id: c.id, line: c.line, excerpt: c.excerpt, confidence: c.confidence, about: c.about }));

function time<T>(f: () => T): { ms: number; value: T } {
  const t0 = performance.now();
  const value = f();
  return { ms: performance.now() - t0, value };
}

/** The best of three turns (on a loaded machine one turn can take a GC pause or lose the core). */
function bestOf<T>(f: () => T): { ms: number; value: T } {
  let best = time(f);
  for (let turn = 1; turn < 3; turn++) {
    const next = time(f);
    if (next.ms < best.ms) best = next;
  }
  return best;
}

const ENTITY: Entity = {
  id: 'iran',
  name: 'Iran',
  type: 'state',
  aliases: [],
  roles: [],
  affiliations: [],
  links: [],
  tags: [],
} as unknown as Entity;

function cardOf(text: string, claims: readonly CardClaim[]): string {
  return buildHoverCard({ entity: ENTITY, lookup: () => undefined, date: findDocumentDate(text), claims, commandLinks: false });
}

// ---------------------------------------------------------------------------------------------

describe('issue 17', () => {
  describe('claimsBy is linear', () => {
    it('20,000 claims in 600 KB: the card’s claims in < 1 s (the quadratic version took 4–6 s; generous for a loaded machine)', () => {
      const lines: string[] = [];
      for (let i = 0; i < 20000; i++) lines.push(`[Said ${String(i).padStart(5, '0')}.]{.claim by=${i % 2 ? 'iran' : 'iraq'}}`);
      const text = lines.join('\n');
      assert.ok(text.length > 580_000 && text.length < 620_000, String(text.length));
      const spans = parseMarkup(text).spans;
      assert.equal(spans.length, 20000);
      const { ms, value: md } = bestOf(() => cardOf(text, claimsBy(text, spans, 'iran')));
      assert.ok(ms < 1000, `${ms.toFixed(1)} ms`);
      assert.match(md, /10000 claims by Iran in this document/);
      assert.ok(md.includes('- “Said 00001\\.” \\(line 2\\)'), md);
      assert.match(md, /…and 9995 more/);
      // Every excerpt, when read, is still right (and cheap).
      const all = bestOf(() => plain(claimsBy(text, spans, 'iran')));
      assert.ok(all.ms < 1000, `all excerpts: ${all.ms.toFixed(1)} ms`);
      assert.deepEqual(all.value[9999], { id: undefined, line: 19999, excerpt: 'Said 19999.', confidence: undefined, about: [] });
    });

    it('90 KB of deeply nested claims, text at every level: < 1 s (the quadratic version took 4–6 s; generous for a loaded machine)', () => {
      let open = '';
      let close = '';
      for (let i = 0; open.length + close.length < 90_000; i++) {
        open += `[Level ${i} says `;
        close = `]{.claim #c${i} by=iran}` + close;
      }
      const text = open + 'the end.' + close;
      const spans = parseMarkup(text).spans;
      assert.ok(spans.length > 2000, String(spans.length));
      assert.ok(spans[spans.length - 1].depth > 2000);
      const { ms, value: claims } = time(() => claimsBy(text, spans, 'iran'));
      const card = time(() => cardOf(text, claims));
      assert.ok(ms + card.ms < 1000, `${ms.toFixed(1)} + ${card.ms.toFixed(1)} ms`);
      assert.equal(claims.length, spans.length);
      assert.ok(claims[0].excerpt.startsWith('Level 0 says Level 1 says Level 2 says'));
      assert.ok(claims[0].excerpt.endsWith('…'));
      // Fresh claims each turn (an excerpt, once read, is kept).
      const all = bestOf(() => plain(claimsBy(text, spans, 'iran')));
      assert.ok(all.ms < 1000, `all excerpts: ${all.ms.toFixed(1)} ms`);
      // The same as before on the innermost few (cheap enough for the old function).
      const last = claims.length - 1;
      assert.equal(claims[last].excerpt, 'Level ' + last + ' says the end.');
    });

    it('90 KB of nested claims with the text only at the bottom: < 1 s (the quadratic version took 4–6 s; generous for a loaded machine)', () => {
      const depth = 5000;
      const text = '['.repeat(depth) + 'Only here.' + ']{.claim by=iran}'.repeat(depth);
      assert.ok(text.length > 85_000 && text.length < 100_000, String(text.length));
      const spans = parseMarkup(text).spans;
      assert.equal(spans.length, depth);
      const { ms, value: md } = bestOf(() => cardOf(text, claimsBy(text, spans, 'iran')));
      assert.ok(ms < 1000, `${ms.toFixed(1)} ms`);
      assert.match(md, /5000 claims by Iran/);
      assert.ok(md.includes('- “Only here\\.” \\(line 1\\)'), md);
    });

    it('gives what the old function gave on small inputs', () => {
      const next = random(17);
      const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)];
      const words = ['Iran', 'said', 'that', '\\[sic\\]', '\\\\', 'talks', '  ', '\n', '\t', 'و', '😀', '\\', 'x'.repeat(150), '“quoted”', '\\*'];
      const blocks = [
        '{.claim by=iran}',
        '{.claim by="iran iraq" confidence=likely about="iraq"}',
        '{.claim #c1 by=iraq}',
        '{.event type=agree actors=iran}',
        '{.claim by=iran',
        '{.ref to=iran}',
        '{.claim}',
      ];
      const gen = (depth: number): string => {
        let out = '';
        const n = 1 + Math.floor(next() * 5);
        for (let k = 0; k < n; k++) {
          const r = next();
          if (r < 0.3 && depth < 5) out += `[${gen(depth + 1)}]${pick(blocks)}`;
          else if (r < 0.35) out += pick(['[', ']', '{', '}']);
          else out += pick(words) + ' ';
        }
        return out;
      };
      let compared = 0;
      for (let round = 0; round < 400; round++) {
        const text = gen(0);
        const spans = parseMarkup(text).spans;
        for (const id of ['iran', 'iraq', 'nobody']) {
          const expected = oldClaimsBy(text, spans, id);
          compared += expected.length;
          assert.deepEqual(plain(claimsBy(text, spans, id)), plain(expected), text);
          assert.deepEqual(plain(claimsBy(text, spans, id, 0)), plain(expected), text);
          assert.equal(cardOf(text, claimsBy(text, spans, id)), cardOf(text, expected));
        }
      }
      assert.ok(compared > 300, String(compared));
    });

    it('keeps excerpts exact at the 200-character cut', () => {
      for (let n = 190; n < 215; n++) {
        for (const filler of ['a', ' ', 'a\n', '\\*', '😀', 'a [b]{.event type=x} ']) {
          const text = `[${filler.repeat(n)} end]{.claim by=iran} [${'x'.repeat(n)}\\]{.claim by=iran}`;
          const spans = parseMarkup(text).spans;
          assert.deepEqual(plain(claimsBy(text, spans, 'iran')), plain(oldClaimsBy(text, spans, 'iran')), JSON.stringify(text));
        }
      }
    });
  });

  describe('prototype names in tag attributes', () => {
    const hostile = ['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf', 'isPrototypeOf'];

    it('shows confidence, reliability and credibility values that name Object.prototype members as written', () => {
      for (const value of hostile) {
        for (const key of ['confidence', 'reliability', 'credibility', 'type', 'by']) {
          assert.equal(describeAttributeValue(key, value), value, `${key}=${value}`);
        }
        assert.equal(ownValue(CONFIDENCE_TERMS, value), undefined);
        assert.equal(typeIcon(value), 'symbol-misc');
        assert.equal(typeof escapeMarkdown(describeAttributeValue('confidence', value)), 'string');
      }
    });

    it('still explains the real values', () => {
      assert.equal(describeAttributeValue('confidence', 'likely'), 'Likely / probable (55–80%)');
      assert.equal(describeAttributeValue('reliability', 'B'), 'B — Usually reliable');
      assert.equal(describeAttributeValue('credibility', '2'), '2 — Probably true');
      assert.equal(describeAttributeValue('reliability', 'Z'), 'Z');
      assert.equal(typeIcon('person'), 'person');
      assert.equal(typeIcon('state'), 'globe');
    });

    it('builds cards and claim lists for tags with such attributes', () => {
      const text = hostile.map((v) => `[A claim.]{.claim by=iran confidence=${v} ${v}=x about=${v}}`).join('\n');
      const spans = parseMarkup(text).spans;
      const claims = claimsBy(text, spans, 'iran');
      assert.equal(claims.length, hostile.length);
      assert.deepEqual(
        claims.map((c) => c.confidence),
        hostile,
      );
      assert.match(cardOf(text, claims), /6 claims by Iran/);
      assert.equal(
        buildHoverCard({
          entity: { ...ENTITY, type: 'constructor' as never },
          lookup: () => undefined,
          date: findDocumentDate(''),
          commandLinks: false,
        }).startsWith('$(symbol-misc) **Iran**'),
        true,
      );
      assert.equal(escapeMarkdown('__proto__ constructor $ & <'), '\\_\\_proto\\_\\_ constructor &#36; &amp; &lt;');
    });
  });

  describe('registry globs', () => {
    const defaults = [...DEFAULT_REGISTRY_FILES];
    const table: Array<[string, boolean]> = [
      ['entities.yaml', true],
      ['entities.yml', true],
      ['a/b/entities.yml', true],
      ['a/b/entities.yaml', true],
      ['x.entities.yaml', true],
      ['docs/x.entities.yml', true],
      ['.entities.yaml', true],
      ['entities/nabih-berri.yaml', true],
      ['entities/lebanon/nabih-berri.yml', true],
      ['a/entities/b/c.yaml', true],
      ['.hidden/entities.yaml', true],
      ['entities.json', false],
      ['entities.yaml.bak', false],
      ['myentities.yaml', false],
      ['entities', false],
      ['entities/readme.md', false],
      ['entitiesx/a.yaml', false],
      ['a/b/c.yaml', false],
      ['x.entities.yaml/other.txt', false],
      ['Entities.yaml', false],
      ['ENTITIES/a.yaml', false],
    ];

    it('the default globs match what they did', () => {
      for (const [path, expected] of table) {
        assert.equal(matchesAnyGlob(path, defaults), expected, path);
        assert.equal(
          defaults.some((g) => oldGlobToRegExp(g).test(path)),
          expected,
          `old: ${path}`,
        );
      }
    });

    it('node_modules and .git are excluded', () => {
      for (const path of ['node_modules/entities.yaml', 'a/node_modules/entities/x.yaml', '.git/entities.yaml', 'a/.git/x.entities.yml']) {
        assert.equal(isExcludedPath(path), true, path);
      }
      for (const path of [
        'entities.yaml',
        'a/b/entities.yml',
        'x.entities.yaml',
        'entities/nabih-berri.yaml',
        'node_modules_x/entities.yaml',
        '.github/entities.yaml',
      ]) {
        assert.equal(isExcludedPath(path), false, path);
      }
    });

    it('matches like the old translation on ordinary globs', () => {
      const globs = [
        ...defaults,
        'registry/*.yaml',
        'registry/**',
        '**/people/*.{yaml,yml}',
        'data/{a,b{c,d}}/x?.yaml',
        'r/[abc]*.yaml',
        'r/[!abc]*.yaml',
        'r/[a-c]?.yml',
        '*.yaml',
        '**',
        '**/*',
        'a/**/b/**/c.yaml',
        'x+y(1).yaml',
        'a.b$c^d|e.yaml',
      ];
      const paths = [
        ...table.map(([p]) => p),
        'registry/a.yaml',
        'registry/a/b.yaml',
        'registry',
        'people/a.yaml',
        'x/people/a.yml',
        'data/a/x1.yaml',
        'data/bc/x2.yaml',
        'data/bd/xx.yaml',
        'data/be/x1.yaml',
        'r/apple.yaml',
        'r/zebra.yaml',
        'r/b1.yml',
        'r/d1.yml',
        'a/b/c.yaml',
        'a/x/b/y/z/c.yaml',
        'a/bc.yaml',
        'x+y(1).yaml',
        'a.b$c^d|e.yaml',
        'axb$c^d|e.yaml',
        '',
        '/',
        'a//entities.yaml',
      ];
      for (const glob of globs) {
        const old = oldGlobToRegExp(glob);
        for (const path of paths) assert.equal(compileGlob(glob).test(path), old.test(path), `${glob} on ${path}`);
        assert.equal(globToRegExp(glob), compileGlob(glob));
      }
    });

    it('hostile globs match in < 500 ms each (the regular expressions took 18 s) and never throw', () => {
      const hostile = [
        '**/'.repeat(10) + 'x.yaml',
        '**/'.repeat(50) + '*.yaml',
        '**'.repeat(200),
        '*a'.repeat(15) + 'b',
        '*'.repeat(2000) + 'b',
        '?'.repeat(100) + '*'.repeat(100) + 'z',
        '{a,b}'.repeat(40),
        '{'.repeat(500) + 'a' + '}'.repeat(500),
        '{'.repeat(300) + 'a,'.repeat(300),
        '{a,{b,{c,{d,',
        '{',
        '}',
        '[',
        ']',
        '[z-a]',
        '[\\]',
        '[]',
        '[!]',
        '(',
        ')',
        '\\',
        '(?:',
        '$',
        '^',
        '|',
        '',
        'x'.repeat(10_000),
        '**/*.{' + 'a,'.repeat(2000) + 'yaml}',
        '[' + 'a-'.repeat(500) + ']',
        '😀*😀',
      ];
      const paths = ['a/'.repeat(60) + 'y.yml', 'a'.repeat(200), 'a'.repeat(80) + 'c', 'entities/x/y.yaml', 'ab'.repeat(40), '😀x😀', ''];
      let checks = 0;
      for (const glob of hostile) {
        const { ms } = bestOf(() => {
          for (const path of paths) {
            compileGlob(glob).test(path);
            matchesAnyGlob(path, [glob]);
            checks++;
          }
        });
        assert.ok(ms < 500, `${JSON.stringify(glob.slice(0, 40))}: ${ms.toFixed(1)} ms`);
      }
      assert.equal(checks, 3 * hostile.length * paths.length); // three turns each
      // Still meaningful where they are meaningful.
      assert.equal(compileGlob('**/'.repeat(10) + 'x.yaml').test('a/b/x.yaml'), true);
      assert.equal(compileGlob('**/'.repeat(10) + 'x.yaml').test('a/b/y.yaml'), false);
      assert.equal(compileGlob('*a'.repeat(15) + 'b').test('a'.repeat(80)), false);
      assert.equal(compileGlob('*a'.repeat(15) + 'b').test('a'.repeat(15) + 'b'), true);
      assert.equal(compileGlob('{').test('{'), true);
      assert.equal(compileGlob('[z-a]').test('m'), false);
      assert.equal(compileGlob('😀*😀').test('😀x😀'), true);
      assert.equal(compileGlob('{a,{b,{c,{d,').test('{a,{b,{c,{d,'), true);
    });
  });
});
