import { strict as assert } from 'node:assert';
import { escapeMarkdown } from '../../src/core/hoverCard';
import { applyEdits, parseMarkup } from '../../src/core/markup';
import {
  AssistContext,
  AssistEntity,
  attributeAt,
  attributeContextAt,
  attributeNameChoices,
  checkTagReferences,
  closestIds,
  editDistance,
  entityValueShape,
  eventTaxonomy,
  idSimilarity,
  quickFixes,
  scanAttributeBlock,
  tagDiagnostics,
  tagFoldingRanges,
  tagHoverMarkdown,
  tagMarkupAt,
  workspaceDuplicateIds,
} from '../../src/core/markupAssist';

const ENTITIES: AssistEntity[] = [
  { id: 'ali-larijani', name: 'Ali Larijani', type: 'person', summary: 'Iranian politician.' },
  { id: 'iran', name: 'Iran', type: 'state' },
  { id: 'iraq', name: 'Iraq', type: 'state' },
  { id: 'united-states', name: 'United States', type: 'state' },
  { id: 'iran-snsc', name: 'Supreme National Security Council', type: 'organization' },
  { id: 'baghdad', name: 'Baghdad', type: 'place' },
];

function context(entities: AssistEntity[] = ENTITIES, extraTypes = [{ id: 'meet', label: 'Meeting', description: 'A registry type' }]): AssistContext {
  const byId = new Map(entities.map((e) => [e.id, e]));
  return {
    entity: (id) => byId.get(id),
    entityIds: () => byId.keys(),
    eventTypes: eventTaxonomy(extraTypes),
  };
}

/** The text with `|` removed, and the offset where it was. */
function at(marked: string): [string, number] {
  const i = marked.indexOf('|');
  assert.ok(i >= 0, 'the text marks the cursor with |');
  return [marked.slice(0, i) + marked.slice(i + 1), i];
}

/** Mulberry32, so generated ids are reproducible. */
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

describe('markupAssist', () => {
  describe('similarity', () => {
    it('counts edits and adjacent transpositions', () => {
      assert.equal(editDistance('', ''), 0);
      assert.equal(editDistance('iran', 'iran'), 0);
      assert.equal(editDistance('iran', 'iraq'), 1);
      assert.equal(editDistance('iran', 'irna'), 1); // a transposition is one edit
      assert.equal(editDistance('kitten', 'sitting'), 3);
      assert.equal(editDistance('', 'abc'), 3);
    });

    it('rates containment and parts of compound ids', () => {
      assert.equal(idSimilarity('Iran', 'iran'), 1);
      assert.ok(idSimilarity('larijani', 'ali-larijani') > 0.7);
      assert.ok(idSimilarity('larijan', 'ali-larijani') > 0.7);
      assert.ok(idSimilarity('xyz', 'ali-larijani') < 0.3);
    });

    it('finds the closest ids, best first, none below the threshold', () => {
      const ids = ENTITIES.map((e) => e.id);
      assert.equal(closestIds('irn', ids)[0], 'iran');
      assert.equal(closestIds('ali-larijan', ids)[0], 'ali-larijani');
      assert.equal(closestIds('larijani', ids)[0], 'ali-larijani');
      assert.equal(closestIds('bagdad', ids)[0], 'baghdad');
      assert.equal(closestIds('united-state', ids)[0], 'united-states');
      assert.deepEqual(closestIds('qqqqqq', ids), []);
      assert.equal(closestIds('ira', ids, 5).length <= 5, true);
      assert.ok(!closestIds('iran', ids).includes('iran'), 'never the id itself');
      // iran and iraq are one edit from "irat": ties go by distance, then alphabetically.
      assert.deepEqual(closestIds('irat', ids, 2), ['iran', 'iraq']);
    });
  });

  describe('checks', () => {
    it('reports unknown entity ids at their exact ranges, in single and list attributes', () => {
      const text = 'Say [x]{.claim #c1a2 by=ali-larijan about="iran irak"} and [y]{.event #e1a2 type=agree actors="iran iraq" targets=usa place=baghdad}.';
      const diags = checkTagReferences(parseMarkup(text), context());
      assert.deepEqual(
        diags.map((d) => [d.code, text.slice(d.start, d.end), d.key, d.severity]),
        [
          ['unknown-entity', 'ali-larijan', 'by', 'error'],
          ['unknown-entity', 'irak', 'about', 'error'],
          ['unknown-entity', 'usa', 'targets', 'error'],
        ],
      );
      assert.match(diags[0].message, /did you mean “ali-larijani”/);
    });

    it('knows PLOVER and registry event types, and flags the others on the value', () => {
      const text = '[a]{.event #e1a2 type=agree} [b]{.event #e1a3 type=meet} [c]{.event #e1a4 type="Agreed"}';
      const diags = checkTagReferences(parseMarkup(text), context());
      assert.deepEqual(
        diags.map((d) => [d.code, text.slice(d.start, d.end)]),
        [['unknown-event-type', '"Agreed"']],
      );
      assert.match(diags[0].message, /did you mean “agree”/);
    });

    it('does not check entity ids without a registry, nor attributes of the other kind', () => {
      const text = '[a]{.claim #c1a2 by=nobody} [b]{.event #e1a2 type=agree by=nobody}';
      assert.deepEqual(checkTagReferences(parseMarkup(text), { ...context(), checkEntities: false }), []);
      const diags = checkTagReferences(parseMarkup(text), context());
      assert.deepEqual(
        diags.map((d) => text.slice(d.start, d.end)),
        ['nobody'],
      );
      assert.equal(diags[0].start, text.indexOf('nobody'));
    });

    it('reports tag ids used in other files, with where', () => {
      const text = '[a]{.claim #c91x by=iran} [b]{.claim #c92x by=iran}';
      const parsed = parseMarkup(text);
      const diags = workspaceDuplicateIds(parsed, (id) => (id === 'c91x' ? [{ file: 'file:///w/a.txt', label: 'a.txt', line: 2 }] : []));
      assert.equal(diags.length, 1);
      assert.equal(text.slice(diags[0].start, diags[0].end), '#c91x');
      assert.equal(diags[0].code, 'duplicate-tag-id');
      assert.match(diags[0].message, /a\.txt:3/);
    });

    it('merges parseMarkup diagnostics, the registry checks and the workspace duplicates, sorted', () => {
      const text = '[a]{.claim #c91x by=nobody confidence=maybe} [b]{.claim #c91x by=iran}';
      const diags = tagDiagnostics(parseMarkup(text), context(), (id) => (id === 'c91x' ? [{ file: 'x', label: 'x.txt' }] : []));
      assert.deepEqual(
        diags.map((d) => [d.code, text.slice(d.start, d.end)]),
        [
          ['duplicate-tag-id', '#c91x'],
          ['unknown-entity', 'nobody'],
          ['invalid-confidence', 'maybe'],
          ['duplicate-tag-id', '#c91x'],
        ],
      );
      // One diagnostic per place, saying both.
      assert.match(diags[0].message, /2 times in this text.*also used in 1 other file/);
    });
  });

  describe('quick fixes', () => {
    const fixesFor = (text: string, code: string, ids = new Set<string>()) => {
      const parsed = parseMarkup(text);
      const d = tagDiagnostics(parsed, context()).find((x) => x.code === code);
      assert.ok(d, `a ${code} diagnostic`);
      return { fixes: quickFixes(text, parsed, d, context(), ids, prng(7)), d };
    };

    it('changes an unknown entity id to the closest ones', () => {
      const text = '[x]{.event #e1a2 type=agree actors="iran irak"}';
      const { fixes } = fixesFor(text, 'unknown-entity');
      assert.equal(fixes[0].title, 'Change to “iraq” (Iraq, state)');
      assert.equal(fixes[0].preferred, true);
      assert.equal(applyEdits(text, fixes[0].edits), '[x]{.event #e1a2 type=agree actors="iran iraq"}');
      assert.ok(fixes.slice(1).every((f) => !f.preferred));
    });

    it('changes an unknown event type', () => {
      const text = '[x]{.event #e1a2 type="agreed"}';
      const { fixes } = fixesFor(text, 'unknown-event-type');
      assert.equal(applyEdits(text, fixes[0].edits), '[x]{.event #e1a2 type=agree}');
    });

    it('offers every confidence term, the closest first and preferred', () => {
      const text = '[x]{.claim #c1a2 by=iran confidence="likley"}';
      const { fixes } = fixesFor(text, 'invalid-confidence');
      assert.equal(fixes.length, 7);
      assert.equal(fixes[0].title, 'Change confidence to “likely” (Likely / probable (55–80%))');
      assert.equal(fixes[0].preferred, true);
      assert.equal(applyEdits(text, fixes[0].edits), '[x]{.claim #c1a2 by=iran confidence=likely}');
      assert.deepEqual(
        fixes.slice(1).map((f) => f.title.split('“')[1].split('”')[0]),
        ['almost-no-chance', 'very-unlikely', 'unlikely', 'roughly-even', 'very-likely', 'almost-certain'],
      );
    });

    it('offers the Admiralty grades for reliability and credibility', () => {
      const r = fixesFor('[x]{.claim #c1a2 by=iran reliability=b}', 'invalid-reliability').fixes;
      assert.equal(r.length, 6);
      assert.equal(r.find((f) => f.preferred)?.edits[0].newText, 'B');
      const c = fixesFor('[x]{.claim #c1a2 by=iran credibility=7}', 'invalid-credibility').fixes;
      assert.equal(c.length, 6);
      assert.ok(
        c.every((f) => !f.preferred),
        'no guess for 7',
      );
      assert.deepEqual(
        c.map((f) => f.edits[0].newText),
        ['1', '2', '3', '4', '5', '6'],
      );
      assert.ok(fixesFor('[x]{.claim #c1a2 by=iran confidence=maybe}', 'invalid-confidence').fixes.every((f) => !f.preferred));
    });

    it('inserts the missing required attribute after the kind and id, with the cursor after =', () => {
      const text = '[x]{.claim #c1a2 confidence=likely}';
      const { fixes } = fixesFor(text, 'missing-attribute');
      assert.equal(fixes.length, 1);
      const edited = applyEdits(text, fixes[0].edits);
      assert.equal(edited, '[x]{.claim #c1a2 by= confidence=likely}');
      assert.equal(edited.slice(0, fixes[0].suggestAt), '[x]{.claim #c1a2 by=');

      const event = '[x]{.event}';
      const e = fixesFor(event, 'missing-attribute').fixes[0];
      assert.equal(applyEdits(event, e.edits), '[x]{.event type=}');
      assert.equal(e.suggestAt, '[x]{.event type='.length);

      const empty = '[x]{.claim #c1a2 by=""}';
      const f = fixesFor(empty, 'missing-attribute').fixes[0];
      assert.deepEqual(f.edits, []);
      assert.equal(f.suggestAt, empty.indexOf('""') + 1);
    });

    it('generates a new id for a duplicate, unique in the workspace and the text', () => {
      const text = '[a]{.claim #c91x by=iran} [b]{.event #c91x type=agree}';
      const parsed = parseMarkup(text);
      const dups = tagDiagnostics(parsed, context()).filter((d) => d.code === 'duplicate-tag-id');
      assert.equal(dups.length, 2);
      const fix = quickFixes(text, parsed, dups[1], context(), new Set(['c91x', 'e0000']), prng(1))[0];
      assert.match(fix.title, /^Generate a new id \(#e[0-9a-z]{8}\)$/);
      const edited = applyEdits(text, fix.edits);
      const ids = parseMarkup(edited).spans.map((s) => s.id);
      assert.equal(ids[0], 'c91x');
      assert.match(ids[1] ?? '', /^e[0-9a-z]{8}$/);
      assert.notEqual(ids[1], 'e0000');
      assert.deepEqual(parseMarkup(edited).diagnostics, []);
    });

    it('generates an id for a tag without one', () => {
      const text = '[a]{.claim by=iran}';
      const { fixes } = fixesFor(text, 'missing-id');
      assert.match(applyEdits(text, fixes[0].edits), /^\[a\]\{\.claim #c[0-9a-z]{8} by=iran\}$/);
    });

    it('offers nothing where the fix is not clear', () => {
      const text = '[x]{.claim #c1a2 by=iran date=2025-13-01}';
      assert.deepEqual(fixesFor(text, 'invalid-date').fixes, []);
      assert.deepEqual(fixesFor('[x]{.claim #c1a2 by=zzzzzzzz}', 'unknown-entity').fixes, []);
    });
  });

  describe('completion context', () => {
    it('is undefined for a block in code, as Pandoc reads it (a code span, a fenced block)', () => {
      for (const marked of ['Type `[x]{.claim |by=iran}` to tag.', '```\n[x]{.claim by=|iran}\n```\n', '~~~\n[x]{.ev|\n~~~\n']) {
        const [text, offset] = at(marked);
        assert.equal(attributeContextAt(text, offset), undefined, marked);
      }
      const [text, offset] = at('Type `code` then [x]{.claim by=|iran}.');
      assert.equal(attributeContextAt(text, offset)?.kind, 'value', 'after a code span, a block is ours again');
    });

    it('is undefined outside attribute blocks', () => {
      for (const marked of ['Plain |text', '[x|]{.claim}', '[x]{.claim by=iran}| after', '[1] {|by=', 'x \\]{.claim |by=iran}', '[x]{.claim #c1|a2}']) {
        const [text, offset] = at(marked);
        assert.equal(attributeContextAt(text, offset), undefined, marked);
      }
    });

    it('offers attribute names after { or a space, with the kind and the keys present', () => {
      let [text, offset] = at('[x]{.claim #c1a2 |}');
      let ctx = attributeContextAt(text, offset);
      assert.equal(ctx?.kind, 'name');
      assert.equal(ctx?.tagKind, 'claim');
      assert.equal(ctx?.prefix, '');

      [text, offset] = at('[x]{.event #e1a2 type=agree conf|}');
      ctx = attributeContextAt(text, offset);
      assert.equal(ctx?.kind, 'name');
      assert.equal(ctx?.tagKind, 'event');
      assert.equal(ctx?.prefix, 'conf');
      assert.deepEqual([ctx?.start, ctx?.end], [text.indexOf('conf'), text.indexOf('conf') + 4]);
      assert.deepEqual(ctx?.present, ['type']);

      // Half-typed, unclosed, at the end of the text.
      [text, offset] = at('Text [x]{.claim by=iran |');
      ctx = attributeContextAt(text, offset);
      assert.equal(ctx?.kind, 'name');
      assert.deepEqual(ctx?.present, ['by']);
    });

    it('offers values after key=, in quotes, and after a space inside a quoted list', () => {
      let [text, offset] = at('[x]{.claim #c1a2 by=|}');
      let ctx = attributeContextAt(text, offset);
      assert.ok(ctx?.kind === 'value');
      assert.equal(ctx.key, 'by');
      assert.equal(ctx.prefix, '');
      assert.equal(ctx.empty, true);

      [text, offset] = at('[x]{.claim #c1a2 by=ali-l|ar}');
      ctx = attributeContextAt(text, offset);
      assert.ok(ctx?.kind === 'value');
      assert.equal(ctx.prefix, 'ali-l');
      assert.equal(text.slice(ctx.start, ctx.end), 'ali-lar');

      [text, offset] = at('[x]{.event #e1a2 type=agree actors="|"}');
      ctx = attributeContextAt(text, offset);
      assert.ok(ctx?.kind === 'value');
      assert.equal(ctx.key, 'actors');
      assert.equal(ctx.quote, '"');
      assert.equal(ctx.empty, false);

      [text, offset] = at('[x]{.event #e1a2 type=agree actors="iran |"}');
      ctx = attributeContextAt(text, offset);
      assert.ok(ctx?.kind === 'value');
      assert.equal(ctx.prefix, '');
      assert.deepEqual(ctx.others, ['iran']);

      [text, offset] = at('[x]{.event #e1a2 type=agree actors="iran ir| iraq"}');
      ctx = attributeContextAt(text, offset);
      assert.ok(ctx?.kind === 'value');
      assert.equal(ctx.prefix, 'ir');
      assert.deepEqual(ctx.others, ['iran', 'iraq']);

      // The closing quote not typed yet.
      [text, offset] = at('[x]{.event #e1a2 actors="iran |');
      ctx = attributeContextAt(text, offset);
      assert.ok(ctx?.kind === 'value');
      assert.deepEqual(ctx.others, ['iran']);
      assert.equal(ctx.tagKind, 'event');

      [text, offset] = at('[x]{.claim #c1a2 by=iran confidence=|');
      ctx = attributeContextAt(text, offset);
      assert.ok(ctx?.kind === 'value');
      assert.equal(ctx.key, 'confidence');
    });

    it('follows a block over several lines but stops at a blank line or after }', () => {
      let [text, offset] = at('[x]{.event #e1a2\n  type=|\n}');
      assert.equal(attributeContextAt(text, offset)?.kind, 'value');
      [text, offset] = at('[x]{.event #e1a2\n\n type=|');
      assert.equal(attributeContextAt(text, offset), undefined);
      [text, offset] = at('[x]{.claim by=iran} and {by=|}');
      assert.equal(attributeContextAt(text, offset), undefined);
    });

    it('offers the kind classes after a dot', () => {
      const [text, offset] = at('[x]{.|}');
      const ctx = attributeContextAt(text, offset);
      assert.equal(ctx?.kind, 'class');
    });

    it('scans blocks tolerantly', () => {
      const b = scanAttributeBlock('x]{.claim #c1 by=a note="x \\" y" junk}', 2);
      assert.equal(b.closed, true);
      assert.deepEqual(
        b.tokens.map((t) => [t.type, t.name]),
        [
          ['class', 'claim'],
          ['id', 'c1'],
          ['attribute', 'by'],
          ['attribute', 'note'],
          ['other', 'junk'],
        ],
      );
    });

    it('lists attribute names per kind and entity value shapes', () => {
      assert.deepEqual(attributeNameChoices('claim', ['by']), ['about', 'confidence', 'reliability', 'credibility', 'date']);
      assert.deepEqual(attributeNameChoices('event', []), ['type', 'actors', 'targets', 'date', 'place', 'note']);
      assert.equal(attributeNameChoices(undefined, []).length, 11);
      assert.equal(entityValueShape('by', 'claim'), 'single');
      assert.equal(entityValueShape('actors', 'event'), 'list');
      assert.equal(entityValueShape('actors', 'claim'), undefined);
      assert.equal(entityValueShape('place', undefined), 'single');
      assert.equal(entityValueShape('confidence', 'claim'), undefined);
    });
  });

  describe('hover', () => {
    const text = 'He said [it]{.claim #c91x by=ali-larijani about="iran nobody" confidence=likely reliability=B credibility=2 date=2025-08-11}.';

    it('finds the tag on its [ or its block only', () => {
      const spans = parseMarkup(text).spans;
      assert.equal(tagMarkupAt(spans, text.indexOf('[')), spans[0]);
      assert.equal(tagMarkupAt(spans, text.indexOf('it')), undefined);
      assert.equal(tagMarkupAt(spans, text.indexOf(']')), spans[0]);
      assert.equal(tagMarkupAt(spans, text.indexOf('}')), spans[0]);
      assert.equal(tagMarkupAt(spans, text.indexOf('}') + 1), undefined);
      const nested = '[a [b]{.event #e1a2 type=agree} c]{.claim #c1a2 by=iran}';
      const ns = parseMarkup(nested).spans;
      assert.equal(tagMarkupAt(ns, nested.indexOf('{.event'))?.kind, 'event');
      assert.equal(tagMarkupAt(ns, nested.indexOf('{.claim'))?.kind, 'claim');
    });

    it('finds the entity id under the cursor', () => {
      const span = parseMarkup(text).spans[0];
      const hit = attributeAt(span, text.indexOf('larijani'));
      assert.equal(hit?.attr.key, 'by');
      assert.equal(hit?.entityId?.id, 'ali-larijani');
      assert.equal(attributeAt(span, text.indexOf('likely'))?.entityId, undefined);
    });

    it('explains kind, id, entities, wording and dates', () => {
      const md = tagHoverMarkdown(parseMarkup(text).spans[0], context());
      assert.match(md, /\*\*Claim\*\* \\#c91x/);
      assert.match(md, /\*\*By:\*\* \$\(person\) \*\*Ali Larijani\*\* \\\(person\\\) · ali\\-larijani/);
      assert.match(md, /\*\*Iran\*\* \\\(state\\\)/);
      assert.match(md, /nobody _\\\(unknown entity\\\)_/);
      assert.ok(md.includes(`${escapeMarkdown('Likely / probable (55–80%)')} _\\(ICD 203\\)_`), md);
      assert.match(md, /B — Usually reliable/);
      assert.match(md, /2 — Probably true/);
      assert.match(md, /11 August 2025/);
    });

    it('describes event types from PLOVER and the registry', () => {
      const ev = '[x]{.event #e1a2 type=agree actors="iran iraq" place=baghdad}';
      const md = tagHoverMarkdown(parseMarkup(ev).spans[0], context());
      assert.match(md, /\*\*agree\*\* — Agree to\\, promise or sign an agreement/);
      assert.match(md, /PLOVER/);
      assert.match(md, /\*\*Iraq\*\*/);
      assert.match(md, /\$\(location\) \*\*Baghdad\*\*/);
      const reg = tagHoverMarkdown(parseMarkup('[x]{.event #e1a2 type=meet}').spans[0], context());
      assert.match(reg, /meet \\\(Meeting\\\)/);
      assert.match(reg, /registry/);
    });

    it('escapes registry and document text', () => {
      const evil: AssistEntity = { id: 'evil', name: '<img src=x onerror=alert(1)> [click](command:workbench.action.quit) $(zap)', type: 'person' };
      const t = '[x]{.claim #c1a2 by=evil note="*bold* <b>" confidence="[a](http://x)"}';
      const md = tagHoverMarkdown(parseMarkup(t).spans[0], context([evil]));
      assert.ok(!md.includes('<img'), md);
      assert.ok(!md.includes('<b>'), md);
      assert.ok(!md.includes('](command:'), md);
      assert.ok(!md.includes('](http'), md);
      assert.ok(!md.includes(' $(zap)'), 'no theme icons from the registry');
      assert.match(md, /&lt;img/);
    });

    it('says what is missing', () => {
      const md = tagHoverMarkdown(parseMarkup('[x]{.claim #c1a2 confidence=likely}').spans[0], context());
      assert.match(md, /Missing by\\=/);
    });
  });

  describe('folding', () => {
    it('folds multi-line blocks and tags, never hiding text after the }', () => {
      const text = [
        'Intro.', // 0
        '[A claim that runs', // 1
        'over two lines]{.claim #c1a2 by=iran', // 2
        '  confidence=likely', // 3
        '  date=2025}', // 4
        '[short]{.event #e1a2', // 5
        '  type=agree} and more text', // 6
        '[one line]{.claim #c1a3 by=iran}', // 7
      ].join('\n');
      const folds = tagFoldingRanges(text, parseMarkup(text).spans);
      assert.deepEqual(folds, [
        { startLine: 1, endLine: 4, kind: 'tag' },
        { startLine: 2, endLine: 4, kind: 'attributes' },
      ]);
      const text2 = '[short]{.event #e1a2\n  type=agree\n  date=2025} more';
      assert.deepEqual(tagFoldingRanges(text2, parseMarkup(text2).spans), [{ startLine: 0, endLine: 1, kind: 'attributes' }]);
    });
  });
});
