import { strict as assert } from 'node:assert';
import { collectTags, formatTagsCsv, formatTagsJson, TAG_CSV_COLUMNS } from '../../src/core/exportTags';
import { applyEdits, codeRanges, parseMarkup, untaggableRange } from '../../src/core/markup';
import { plainText } from '../../src/core/plainText';
import { offsetAfterEdits, tagEdits, tagTargets, untagEdits } from '../../src/core/tagging';

// Issue 17, "Markup against the real Pandoc" and "untag gives back a selection ending in a
// backslash". test/unit/pandocCompare.test.ts checks the same against the pandoc binary.

const exported = (text: string) => collectTags([{ path: 'a.md', text }]);
const codes = (text: string) => parseMarkup(text).diagnostics.map((d) => d.code);

describe('markup as Pandoc reads it (issue 17)', () => {
  it('inline code inside a tag keeps the tag: brackets in code are not markup', () => {
    const text = 'He wrote [The file `a]b` leaked]{.claim #c1aa by=x} today.';
    const { tags, errorCount } = exported(text);
    assert.equal(errorCount, 0);
    assert.deepEqual(codes(text), []); // was: a false “Tag has no opening [”
    assert.deepEqual(
      tags.map((t) => [t.id, t.text, t.plainText]),
      [['c1aa', 'The file `a]b` leaked', 'The file a]b leaked']],
    );
  });

  it('a tag inside inline code, a fenced or an indented code block, or front matter is no tag', () => {
    const text = [
      '---',
      'title: "[meta]{.claim #c0aa by=x}"',
      '---',
      'Write `[x]{.claim #c1aa by=x}` to tag, or ``[y]{.claim #c1ab by=x}``.',
      '',
      '```',
      '[fenced]{.claim #c1ac by=x}',
      '```',
      '',
      '~~~',
      '[tilde]{.claim #c1ad by=x}',
      '~~~',
      '',
      '    [indented]{.claim #c1ae by=x}',
      '',
      '[real]{.claim #c1af by=x}',
    ].join('\n');
    assert.deepEqual(
      parseMarkup(text).spans.map((s) => s.id),
      ['c1af'],
    );
    assert.deepEqual(
      exported(text).tags.map((t) => t.id),
      ['c1af'],
    );
    assert.deepEqual(codes(text), []);
    // An unclosed fence is text, as in Pandoc.
    assert.deepEqual(
      parseMarkup('```\n[x]{.claim #c1aa by=x}').spans.map((s) => s.id),
      ['c1aa'],
    );
    assert.equal(codeRanges(text).length, 6);
  });

  it('a span across a blank line is an error (Pandoc keeps only its first paragraph)', () => {
    const text = 'Intro [First part.\n\nSecond part.]{.claim #c1aa by=x}';
    const r = parseMarkup(text);
    assert.deepEqual(
      r.diagnostics.map((d) => [d.code, d.severity]),
      [['crosses-paragraph', 'error']],
    );
    const { tags, errorCount } = exported(text);
    assert.equal(errorCount, 1);
    assert.equal(tags[0].hasErrors, true);
    assert.equal(tags[0].text, 'First part. Second part.');
    assert.equal(tags[0].plainText, 'First part.'); // what Pandoc renders
    // In a block quote a line of only `>` is blank too.
    assert.deepEqual(codes('> [a\n>\n> b]{.claim #c1aa by=x}'), ['crosses-paragraph']);
    // One line break is fine.
    assert.deepEqual(codes('[a\nb]{.claim #c1aa by=x}'), []);
  });

  it('in a block quote the > markers are not part of the tag text', () => {
    const text = '> [Iran and Iraq\n> signed an\n> > agreement]{.event #e1aa type=agree}\n';
    assert.deepEqual(
      exported(text).tags.map((t) => [t.text, t.plainText]),
      [['Iran and Iraq signed an agreement', 'Iran and Iraq signed an agreement']],
    );
    // Without a blank line before it, `>` is text (Pandoc: blank_before_blockquote).
    assert.equal(exported('Text\n> [a\n> b]{.claim #c1aa by=x}').tags[0].text, 'a > b');
  });

  it('exports text (as written) and plainText (as Pandoc renders it) in JSON and, last, in CSV', () => {
    const text = '[Iran &amp; Iraq said *no* to the [deal](https://example.org)[^1] \\*again\\*]{.claim #c1aa by=iran}\n\n[^1]: A note.';
    const { tags } = exported(text);
    assert.equal(tags[0].text, 'Iran &amp; Iraq said *no* to the [deal](https://example.org)[^1] *again*');
    assert.equal(tags[0].plainText, 'Iran & Iraq said no to the deal *again*');
    const json = JSON.parse(formatTagsJson(tags)) as { tags: { plainText: string }[] };
    assert.equal(json.tags[0].plainText, 'Iran & Iraq said no to the deal *again*');
    assert.equal(TAG_CSV_COLUMNS[TAG_CSV_COLUMNS.length - 1], 'plain_text');
    const row = formatTagsCsv(tags).split('\r\n')[1];
    assert.ok(row.endsWith(',Iran & Iraq said no to the deal *again*'), row);
  });

  it('plainText reads emphasis, links, images, autolinks, HTML, entities, notes and escapes', () => {
    assert.equal(plainText('a **b** _c_ ~~d~~ snake_case f_g_h'), 'a b c d snake_case f_g_h');
    assert.equal(plainText('![alt](x.png) <https://a.b/c> <b>x</b><!-- no -->'), 'alt https://a.b/c x');
    assert.equal(plainText('&#39;&#x2019;&eacute;&unknown; x^[a note] y'), "'’é&unknown; x y");
    assert.equal(plainText('[kept] as is, * alone, `  code  `'), '[kept] as is, * alone, code');
  });

  it('the tag commands refuse a selection over a paragraph break or with an end in code', () => {
    const text = 'One `code` here.\n\nTwo.';
    const at = (s: string) => text.indexOf(s);
    assert.equal(untaggableRange(text, at('One'), at('Two.') + 4), 'paragraph');
    assert.equal(untaggableRange(text, at('ode'), at(' here')), 'code');
    assert.equal(untaggableRange(text, at('One'), at(' here')), undefined);
    const r = tagTargets(text, [], [{ start: at('One'), end: text.length }]);
    assert.equal(r.ok, false);
    assert.match(!r.ok ? r.message : '', /paragraph break/);
    const c = tagTargets(text, [], [{ start: at('ode'), end: at('.') }]);
    assert.match(!c.ok ? c.message : '', /inside code/);
    // The block-quote marker is left out of a selection that starts on it.
    const q = '> A quoted line.';
    const t = tagTargets(q, [], [{ start: 0, end: q.length }]);
    assert.deepEqual(t.ok ? t.targets : [], [[2, q.length]]);
  });
});

describe('untag gives back the selection byte for byte (issue 16/17)', () => {
  for (const selected of ['C:\\dir\\', 'C:\\dir\\\\', 'a \\[b\\', '\\']) {
    it(`tag then untag ${JSON.stringify(selected)}: the same text and the same selection`, () => {
      const text = `Path ${selected} here.`;
      const start = 5;
      const end = start + selected.length;
      const targets = tagTargets(text, [], [{ start, end }]);
      assert.ok(targets.ok);
      assert.deepEqual(targets.targets, [[start, end]]);
      const edits = tagEdits(text, targets.targets, [{ kind: 'claim', id: 'c1aa', attributes: { by: 'x' } }]);
      const tagged = applyEdits(text, edits);
      const spans = parseMarkup(tagged).spans;
      assert.equal(spans.length, 1);
      // The command selects the new tag; untag is run on that selection.
      const untag = untagEdits(tagged, spans, [{ start: spans[0].start, end: spans[0].end }]);
      assert.ok(untag.ok);
      const untagged = applyEdits(tagged, untag.edits);
      assert.equal(untagged, text);
      assert.deepEqual(untag.texts, [[start, end]]);
      assert.equal(untagged.slice(untag.texts[0][0], untag.texts[0][1]), selected);
    });
  }

  it('offsetAfterEdits maps offsets through deletions and insertions', () => {
    const edits = [
      { start: 0, end: 1, newText: '' },
      { start: 3, end: 3, newText: 'xy' },
      { start: 5, end: 9, newText: '' },
    ];
    assert.deepEqual(
      [0, 1, 3, 4, 5, 7, 9, 10].map((o) => offsetAfterEdits(edits, o)),
      [0, 0, 2, 5, 6, 6, 6, 7],
    );
  });
});
