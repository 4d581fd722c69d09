// Property-based fuzzing (fast-check) over every parser and every edit of the core (issue 15):
// registry YAML (the fast reader against the `yaml` library), markup, front matter and dated
// lines, the Phoenix importer, command arguments, tag/untag/link round trips and incremental
// matching against a full rescan. The properties: nothing throws (except the documented
// ArgumentError on a bad command argument), round trips are exact, and time stays linear: each
// "linear time" property repeats a generated case up to a large size (1 MB in `npm run fuzz`) and
// must finish within a budget that a linear pass meets many times over and a quadratic one never.
//
// Used by test/unit/fuzz.test.ts (a fixed seed, few runs, inside `npm test`) and by
// scripts/fuzz.mjs (`npm run fuzz`: any seed, many runs).
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { readPlainYaml } from '../../src/core/fastYaml';
import { dateOfDatedLine, findDatesInLine, findDocumentDate } from '../../src/core/documentDate';
import { readFrontMatterRefs, setFrontMatterRef } from '../../src/core/frontMatterRefs';
import { compileGlob } from '../../src/core/glob';
import { importPhoenix } from '../../src/core/importPhoenix';
import { scanAll, updateMentions } from '../../src/core/incremental';
import { linkEdits, readLinkArgument, readResolveArgs } from '../../src/core/linking';
import { applyEdits, crossesTagBoundary, parseMarkup, removeTag } from '../../src/core/markup';
import { createMatcher } from '../../src/core/matcher';
import { parseRegistryFile } from '../../src/core/registry';
import { ArgumentError, readTagArguments, tagEdits, tagTargets, untagEdits } from '../../src/core/tagging';
import { isShortCapitals } from '../../src/core/charTables';
import { readYamlWithLibrary } from '../../src/core/yamlLibraryTree';
import { NO_NODE } from '../../src/core/yamlTree';
import type { YamlNode, YamlTree } from '../../src/core/yamlTree';

export interface FuzzSettings {
  /** Size the "linear time" properties repeat their case to (characters). */
  bigSize: number;
  /** Time allowed for one big case, in ms per MB of input. */
  msPerMegabyte: number;
}

export interface FuzzProperty {
  name: string;
  /** Relative weight: how many runs this property gets per unit of the run count (big-input properties get few). */
  weight: number;
  property: (settings: FuzzSettings) => fc.IPropertyWithHooks<unknown> | fc.IProperty<unknown>;
}

// ---------------------------------------------------------------------------------------------
// Generators: texts built from pieces that matter to each parser, so that random cases reach the
// interesting states (brackets, escapes, quotes, indentation) instead of being random noise.

const textOf = (pieces: readonly string[], maxLength = 40): fc.Arbitrary<string> =>
  fc
    .array(fc.oneof(fc.constantFrom(...pieces), fc.string({ maxLength: 3 }), fc.string({ unit: 'grapheme', maxLength: 2 })), { maxLength })
    .map((parts) => parts.join(''));

const MARKUP_PIECES = [
  '[',
  ']',
  '{',
  '}',
  '\\',
  '\\[',
  '\\]',
  '`',
  '``',
  '"',
  "'",
  '=',
  '#',
  '.',
  ' ',
  ' ',
  '\n',
  '\n\n',
  '\r\n',
  '\t',
  '>',
  '*',
  '_',
  'a',
  'Iran',
  'Ali Larijani',
  'é',
  '😀',
  'ش',
  '\u200b',
  '\u202e',
  '[x]{.claim #c1 by=iran}',
  '{.claim ',
  '{.event type=aid',
  ']{.ref to=iran}',
  '{#c2 .claim by=a date=2024-01-02}',
  'note="',
  ']{',
  '[y]',
  '<!--',
  '-->',
];
const markupText = textOf(MARKUP_PIECES);

const YAML_PIECES = [
  'entities:\n',
  '  - ',
  '- ',
  '    ',
  '  ',
  '\n',
  ': ',
  ':',
  'id: a',
  'name: Ali',
  'type: person',
  'aliases: [A, "B"]',
  'roles:\n',
  '  - title: x\n',
  '"',
  "'",
  '\\',
  '#',
  ' # c',
  '[',
  ']',
  '{',
  '}',
  ',',
  '|',
  '>',
  '|-\n',
  '&a ',
  '*a',
  '!x ',
  '?',
  '---\n',
  '...\n',
  '%',
  '\t',
  '\r\n',
  '\r',
  '\ufeff',
  'null',
  '~',
  'true',
  '1',
  '-1.5e3',
  '0x1f',
  '.inf',
  'é',
  '😀',
  '\u0000',
];
const yamlText = textOf(YAML_PIECES, 60);

const FRONT_PIECES = [
  '---\n',
  '---\r\n',
  '...\n',
  'refs:\n',
  '  Larijani: ali-larijani\n',
  '  "A": b\n',
  'refs: { a: b }',
  'date: 2024-05-01\n',
  'title: x\n',
  ':',
  ' ',
  '\n',
  '#',
  '{',
  '}',
  ',',
  '"',
  "'",
  'Ali',
];
const frontText = textOf(FRONT_PIECES);

const DATE_PIECES = [
  'Date: ',
  'Published ',
  '12 May 2024',
  'May 12, 2024',
  '2024-05-12',
  '12/05/2024',
  '1 Jan',
  '2024',
  'Tuesday',
  ',',
  ' ',
  '\n',
  '—',
  '-',
  '/',
  '0',
  '31',
  '13',
  'Sept.',
  '١٢',
  'Updated',
];
const dateText = textOf(DATE_PIECES);

const PHOENIX_PIECES = [
  'ALI_LARIJANI ',
  '[IRNGOV] ',
  '[IRNGOV 950101-080101] ',
  '+LARIJANI ',
  '+ALI_LARIJANI_',
  '# comment',
  '<!-- x -->',
  '!agent! = x',
  '---STOP---',
  '\n',
  '\n',
  ' ',
  '_',
  '[',
  ']',
  '-',
  '<',
  '>',
  '+',
  'IRN',
  'USA',
  'GOV',
  '000000',
  '991231',
  'AMAL',
  '{',
  '}',
];
const phoenixText = textOf(PHOENIX_PIECES, 50);

const NAMES = ['Iran', 'Iraq', 'US', 'Ali Larijani', 'Larijani', 'Persian Gulf', 'al-Qaeda', 'U.S.', 'New York', 'Ali'];
const matcher = createMatcher(NAMES.map((text, i) => ({ text, entityId: `e${i}`, caseSensitive: isShortCapitals(text) })));
const mentionText = textOf([
  ...NAMES,
  ' ',
  ' ',
  '\n',
  'the',
  ', ',
  '’s',
  '.',
  '[',
  ']',
  '{.claim #c1 by=iran}',
  '{',
  '}',
  '"',
  ']{.ref to=e1}',
  '\\',
  'Lari',
  'jani',
  'x',
]);

/** A selection in a text: two offsets in [0, length]. */
const withSelection = (text: fc.Arbitrary<string>) => text.chain((t) => fc.tuple(fc.constant(t), fc.nat({ max: t.length }), fc.nat({ max: t.length })));

/** Any value a command could be given: JSON, objects with odd keys and prototypes, BigInts, functions. */
const commandArgument = fc.oneof(
  fc.anything({
    withBigInt: true,
    withBoxedValues: true,
    withMap: true,
    withSet: true,
    withObjectString: true,
    withNullPrototype: true,
    withTypedArray: true,
    withSparseArray: true,
  }),
  fc.dictionary(
    fc.constantFrom(
      'by',
      'about',
      'confidence',
      'reliability',
      'credibility',
      'date',
      'type',
      'actors',
      'targets',
      'place',
      'note',
      'to',
      '__proto__',
      'constructor',
    ),
    fc.anything({ withBigInt: true }),
  ),
  fc.record({ by: fc.oneof(fc.string(), fc.array(fc.string())), confidence: fc.string(), date: fc.string() }, { requiredKeys: [] }),
);

// ---------------------------------------------------------------------------------------------
// Helpers

/** A tree as plain data, for deepEqual (the same view as test/unit/fastYaml.test.ts). */
function describeTree(tree: YamlTree): unknown {
  const describe = (node: YamlNode): unknown => {
    if (node === NO_NODE) return null;
    const at = [tree.start(node), tree.end(node)];
    switch (tree.kind(node)) {
      case 'scalar':
        return { value: tree.value(node), source: tree.source(node), at };
      case 'map': {
        const pairs = [];
        for (let pair = 0; pair < tree.pairCount(node); pair++)
          pairs.push([describe(tree.pairKey(node, pair)), describe(tree.pairValue(node, pair)), tree.keyText(node, pair)]);
        return { map: pairs, flow: tree.isFlow(node), at };
      }
      case 'seq': {
        const items = [];
        for (let item = 0; item < tree.childCount(node); item++) items.push(describe(tree.child(node, item)));
        return { seq: items, flow: tree.isFlow(node), at };
      }
      default:
        return { other: true, at };
    }
  };
  return describe(tree.root);
}

/** `piece` repeated (with a line break between copies) up to about `size` characters. */
export function repeated(piece: string, size: number, separator = '\n'): string {
  const unit = piece + separator;
  return unit.repeat(Math.max(1, Math.ceil(size / Math.max(1, unit.length))));
}

/** Runs `run` on `text` and fails when it takes longer than the budget for its size. */
function withinBudget(settings: FuzzSettings, text: string, run: (text: string) => unknown, factor = 1): void {
  const budget = Math.max(200, (factor * settings.msPerMegabyte * text.length) / 1_000_000);
  const started = performance.now();
  run(text);
  const elapsed = performance.now() - started;
  assert.ok(elapsed <= budget, `${Math.round(elapsed)} ms on ${text.length} characters (budget ${Math.round(budget)} ms): super-linear?`);
}

const TAG_SPEC = { kind: 'claim' as const, id: 'cfuzz', attributes: { by: 'x' } };

// ---------------------------------------------------------------------------------------------
// The properties

export const PROPERTIES: FuzzProperty[] = [
  {
    name: 'registry YAML: the fast reader agrees with the yaml library wherever it accepts a text',
    weight: 10,
    property: () =>
      fc.property(yamlText, (text) => {
        const fast = readPlainYaml(text);
        if (fast === undefined) return;
        const library = readYamlWithLibrary(text);
        assert.equal(library.errors.length, 0, 'the fast reader accepted a text the yaml library rejects');
        assert.deepEqual(describeTree(fast), describeTree(library.tree));
      }),
  },
  {
    name: 'registry files: parsing never throws, whatever the text',
    weight: 10,
    property: () =>
      fc.property(fc.oneof(yamlText, fc.string({ maxLength: 200 })), (text) => {
        const parsed = parseRegistryFile('file:///fuzz.entities.yaml', text);
        assert.ok(Array.isArray(parsed.diagnostics));
        assert.equal(parsed.diagnostics.filter((d) => d.code === 'internal').length, 0);
      }),
  },
  {
    name: 'registry files: linear time on repeated cases',
    weight: 1,
    property: (settings) =>
      fc.property(yamlText, fc.boolean(), (piece, asEntities) => {
        const text = asEntities
          ? `entities:\n${repeated(`  - id: a\n    name: ${piece.replace(/\n/g, ' ')}`, settings.bigSize, '\n')}`
          : repeated(piece, settings.bigSize);
        // Texts outside the fast subset go to the yaml library, linear but slow (up to 16 s per MB of `%` lines): a budget of its own.
        withinBudget(settings, text, (t) => parseRegistryFile('file:///big.entities.yaml', t), 4);
      }),
  },
  {
    name: 'markup: parsing never throws and spans lie within the text, in order',
    weight: 10,
    property: () =>
      fc.property(markupText, (text) => {
        const { spans } = parseMarkup(text);
        let previous = -1;
        for (const span of spans) {
          assert.ok(
            span.start >= previous &&
              span.start <= span.contentStart &&
              span.contentStart <= span.contentEnd &&
              span.contentEnd <= span.end &&
              span.end <= text.length,
          );
          previous = span.start;
        }
      }),
  },
  {
    name: 'markup: linear time on repeated cases (nested and unclosed tags included)',
    weight: 1,
    property: (settings) =>
      fc.property(markupText, fc.constantFrom(' ', '\n', ''), (piece, separator) => {
        withinBudget(settings, repeated(piece, settings.bigSize, separator), parseMarkup);
      }),
  },
  {
    name: 'tag then untag gives back the text byte for byte (tagTargets, tagEdits, untagEdits)',
    weight: 10,
    property: () =>
      fc.property(withSelection(markupText), ([text, a, b]) => {
        const spans = parseMarkup(text).spans;
        const targets = tagTargets(text, spans, [{ start: a, end: b }]);
        if (!targets.ok) return; // refused with a message: nothing to undo
        const [start, end] = targets.targets[0];
        const tagged = applyEdits(text, tagEdits(text, targets.targets, [TAG_SPEC]));
        const found = parseMarkup(tagged).spans.filter((s) => s.id === TAG_SPEC.id);
        if (found.length !== 1) {
          // The selection ended inside an attribute block `{…}`: the new `[` is read as part of it.
          assert.ok(
            crossesTagBoundary(spans, start, end) || /[{}]/.test(text.slice(Math.max(0, start - 1), end + 1)),
            `one new tag in ${JSON.stringify(tagged)}`,
          );
          return;
        }
        const untag = untagEdits(tagged, parseMarkup(tagged).spans, [{ start: found[0].contentStart, end: found[0].contentStart }]);
        assert.ok(untag.ok, 'the new tag untags');
        // The innermost tag at the cursor is the new one unless the selection was itself a whole tag.
        if (untag.spans[0].id !== TAG_SPEC.id) return;
        assert.equal(applyEdits(tagged, untag.edits), text);
      }),
  },
  {
    name: 'link then unwrap gives back the text (linkEdits)',
    weight: 5,
    property: () =>
      fc.property(withSelection(mentionText), fc.constantFrom('e1', 'iran', 'none'), ([text, a, b], to) => {
        const spans = parseMarkup(text).spans;
        const state = scanAll(matcher, text);
        const result = linkEdits(text, spans, state.mentions, [{ start: a, end: b }], to);
        if (!result.ok) return;
        const linked = applyEdits(text, result.edits);
        const links = parseMarkup(linked).spans.filter((s) => s.kind === 'ref' && s.attributes.to === to);
        assert.ok(links.length >= 1, `a link to ${to} in ${JSON.stringify(linked)}`);
        const fresh = links.find((s) => removeTag(linked, s).length > 0 && applyEdits(linked, removeTag(linked, s)) === text);
        // A relinked existing link changes only its `to`; a new link unwraps to the text.
        if (!fresh)
          assert.ok(
            spans.some((s) => s.kind === 'ref'),
            `unwrapping the new link of ${JSON.stringify(linked)} gives back ${JSON.stringify(text)}`,
          );
      }),
  },
  {
    name: 'incremental matching equals a full rescan after random edits',
    weight: 10,
    property: () =>
      fc.property(
        mentionText,
        fc.array(
          fc.tuple(
            fc.nat(),
            fc.nat({ max: 12 }),
            mentionText.map((s) => s.slice(0, 20)),
            fc.boolean(),
          ),
          { minLength: 1, maxLength: 6 },
        ),
        (initial, edits) => {
          let text = initial;
          let state = scanAll(matcher, text);
          for (const [at, cut, inserted, knowsPrevious] of edits) {
            const start = at % (text.length + 1);
            const deletedLength = Math.min(cut, text.length - start);
            const next = text.slice(0, start) + inserted + text.slice(start + deletedLength);
            state = updateMentions(matcher, state, next, { start, deletedLength, insertedLength: inserted.length }, knowsPrevious ? text : undefined);
            const full = scanAll(matcher, next);
            assert.deepEqual(state.mentions, full.mentions);
            assert.deepEqual(state.excluded, full.excluded);
            text = next;
          }
        },
      ),
  },
  {
    name: 'mention scan: linear time on repeated cases',
    weight: 1,
    property: (settings) => fc.property(mentionText, (piece) => withinBudget(settings, repeated(piece, settings.bigSize, ' '), (t) => scanAll(matcher, t))),
  },
  {
    name: 'front matter: refs never throw, and setting a ref reads back and keeps every other byte',
    weight: 10,
    property: () =>
      fc.property(
        frontText,
        fc.constantFrom('Larijani', 'Ali Larijani', 'O’Brien', 'a"b', 'x: y', 'Ünal'),
        fc.constantFrom('ali-larijani', 'none'),
        (text, name, to) => {
          readFrontMatterRefs(text);
          const edit = setFrontMatterRef(text, name, to);
          assert.ok(edit.start >= 0 && edit.start <= edit.end && edit.end <= text.length);
          const after = applyEdits(text, [edit]);
          assert.equal(
            after.slice(0, edit.start) + after.slice(edit.start + edit.newText.length),
            text.slice(0, edit.start) + text.slice(edit.end),
            'only the edited range changes',
          );
          const refs = readFrontMatterRefs(after).refs;
          // A text whose front matter is malformed may not read back (the ref goes where it cannot be read): then it must have said nothing was there.
          if (refs.some((r) => r.name.toLowerCase() === name.toLowerCase()))
            assert.ok(
              refs.some((r) => r.name.toLowerCase() === name.toLowerCase() && r.to === to),
              `refs ${JSON.stringify(refs)}`,
            );
        },
      ),
  },
  {
    name: 'dated lines and document dates: never throw',
    weight: 5,
    property: () =>
      fc.property(dateText, (text) => {
        for (const line of text.split('\n')) {
          dateOfDatedLine(line);
          findDatesInLine(line);
        }
        findDocumentDate(text, new Date(Date.UTC(2026, 0, 1)));
      }),
  },
  {
    name: 'document dates and front matter: linear time on repeated cases',
    weight: 1,
    property: (settings) =>
      fc.property(fc.oneof(dateText, frontText), (piece) => {
        const text = repeated(piece, settings.bigSize);
        withinBudget(settings, text, (t) => {
          findDocumentDate(t, new Date(Date.UTC(2026, 0, 1)));
          readFrontMatterRefs(t);
        });
      }),
  },
  {
    name: 'Phoenix importer: never throws, and what it writes loads without YAML errors',
    weight: 5,
    property: () =>
      fc.property(phoenixText, (text) => {
        const result = importPhoenix([{ name: 'fuzz.actors.txt', text }]);
        const parsed = parseRegistryFile('file:///imported.entities.yaml', result.yaml);
        const broken = parsed.diagnostics.filter((d) => d.severity === 'error' && (d.code.startsWith('yaml') || d.code === 'internal'));
        assert.deepEqual(broken, [], result.yaml);
      }),
  },
  {
    name: 'Phoenix importer: linear time on repeated cases',
    weight: 1,
    // An actor per line costs tens of microseconds (names, slugs, merges): a budget of its own.
    property: (settings) =>
      fc.property(phoenixText, (piece) =>
        withinBudget(settings, repeated(piece, settings.bigSize / 4), (t) => importPhoenix([{ name: 'big.actors.txt', text: t }], { comments: false }), 8),
      ),
  },
  {
    name: 'command arguments: tag, link and card-link arguments are read or refused with a message, never crash',
    weight: 10,
    property: () =>
      fc.property(commandArgument, fc.constantFrom('claim' as const, 'event' as const), (arg, kind) => {
        try {
          readTagArguments(kind, arg);
        } catch (error) {
          if (!(error instanceof ArgumentError)) throw error;
          assert.ok(error.message.length > 0);
        }
        try {
          readLinkArgument(arg);
        } catch (error) {
          if (!(error instanceof Error) || error instanceof TypeError || error instanceof RangeError) throw error;
          assert.match(error.message, /^Link Mention/);
        }
        readResolveArgs(arg);
      }),
  },
  {
    name: 'registry globs: compiling and matching never throw, and take linear time',
    weight: 5,
    property: (settings) =>
      fc.property(
        textOf(['*', '**', '**/', '?', '{', '}', ',', '[', ']', '!', '^', '-', 'a', '/', '.', '\\'], 30),
        fc.string({ maxLength: 40 }),
        (glob, path) => {
          const big = glob.repeat(Math.max(1, Math.floor(4000 / Math.max(1, glob.length)))).slice(0, 4000);
          const started = performance.now();
          compileGlob(glob).test(path);
          compileGlob(big).test(path.repeat(20));
          const elapsed = performance.now() - started;
          assert.ok(elapsed < Math.max(1000, settings.msPerMegabyte), `${Math.round(elapsed)} ms`);
        },
      ),
  },
];
