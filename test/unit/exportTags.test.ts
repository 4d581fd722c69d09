import { strict as assert } from 'node:assert';
import {
  collectTags,
  CSV_BOM,
  csvField,
  exportTags,
  guardCsvFormula,
  formatTagsCsv,
  formatTagsJson,
  TAG_CSV_COLUMNS,
  TagDocument,
} from '../../src/core/exportTags';

const ENTITIES = new Map([
  ['iran', { name: 'Iran' }],
  ['iraq', { name: 'Iraq' }],
  ['baghdad', { name: 'Baghdad' }],
  ['ali-larijani', { name: 'Ali Larijani' }],
  ['usa', { name: 'United States' }],
]);

const TAGGED = `---
date: 2025-08-12
---
Intro line.
[Iran and Iraq signed a security agreement on Monday]{.event #e7k2 type=agree actors="iran iraq" date=2025-08-11 place=baghdad}

[“We do not oppose [expanding security cooperation]{.event #e9a1 type=cooperate actors=iran targets="iraq usa"}, he said”]{.claim #c91x by=ali-larijani confidence=likely about="iran iraq"}
[A truce, "maybe"
over two lines]{.event #e3b5 type=agree actors=iran note="Announced, not verified"}
`;

const DOC: TagDocument = { path: 'notes/tagged.md', text: TAGGED };

describe('exportTags: collecting tags', () => {
  const { tags, errorCount } = collectTags([DOC], { entities: ENTITIES });

  it('finds every claim and event in document order, with 1-based positions', () => {
    assert.equal(errorCount, 0);
    assert.deepEqual(
      tags.map((t) => [t.kind, t.id, t.line, t.column]),
      [
        ['event', 'e7k2', 5, 1],
        ['claim', 'c91x', 7, 1],
        ['event', 'e9a1', 7, 20],
        ['event', 'e3b5', 8, 1],
      ],
    );
    assert.equal(tags[3].endLine, 9);
    assert.equal(tags[0].document, 'notes/tagged.md');
  });

  it('gives the tagged text without nested markup, on one line', () => {
    assert.equal(tags[1].text, '“We do not oppose expanding security cooperation, he said”');
    assert.equal(tags[2].text, 'expanding security cooperation');
    assert.equal(tags[2].parent, 'c91x');
    assert.equal(tags[1].parent, undefined);
    assert.equal(tags[3].text, 'A truce, "maybe" over two lines');
  });

  it('keeps the attributes and resolves entity ids to names', () => {
    assert.deepEqual(tags[1].attributes, { by: 'ali-larijani', confidence: 'likely', about: 'iran iraq' });
    assert.deepEqual(tags[1].entities, [
      { attribute: 'by', id: 'ali-larijani', name: 'Ali Larijani' },
      { attribute: 'about', id: 'iran', name: 'Iran' },
      { attribute: 'about', id: 'iraq', name: 'Iraq' },
    ]);
    const unknown = collectTags([{ path: 'x.md', text: '[x]{.claim #c0001 by=nobody}' }], { entities: ENTITIES }).tags[0];
    assert.deepEqual(unknown.entities, [{ attribute: 'by', id: 'nobody' }]);
    const noRegistry = collectTags([{ path: 'x.md', text: '[x]{.claim #c0001 by=iran}' }]).tags[0];
    assert.deepEqual(noRegistry.entities, [{ attribute: 'by', id: 'iran' }]);
  });

  it('fills ACLED-like event fields; the date falls back to the document date', () => {
    assert.deepEqual(tags[0].event, {
      event_date: '2025-08-11',
      event_date_source: 'tag',
      event_type: 'agree',
      actor1: 'Iran',
      assoc_actor_1: 'Iraq',
      actor2: '',
      assoc_actor_2: '',
      location: 'Baghdad',
      notes: 'Iran and Iraq signed a security agreement on Monday',
    });
    assert.equal(tags[2].event?.event_date, '2025-08-12');
    assert.equal(tags[2].event?.event_date_source, 'document');
    assert.equal(tags[2].event?.actor2, 'Iraq');
    assert.equal(tags[2].event?.assoc_actor_2, 'United States');
    assert.equal(tags[3].event?.notes, 'Announced, not verified');
    assert.equal(tags[1].event, undefined, 'claims have no event fields');
    const undated = collectTags([{ path: 'u.txt', text: 'No date here.\n[x]{.event #e0001 type=agree}' }]).tags[0];
    assert.equal(undated.event?.event_date, '', 'never today');
    assert.equal(undated.event?.event_date_source, 'none');
  });

  it('marks tags with errors and counts them, without throwing', () => {
    const broken = collectTags([
      { path: 'b.md', text: '[bad]{.claim #c0001 confidence=sure}\n[fine]{.event #e0001 type=agree}\n[open]{.event #e0002 type="agree' },
    ]);
    assert.equal(broken.tags[0].hasErrors, true);
    assert.equal(broken.tags[1].hasErrors, false);
    assert.ok(broken.errorCount >= 2);
    for (const text of ['[', ']{', '[x]{.claim', '[[x]{.event}]{.claim #c0001 by=}', '\\[x]{.claim by=a}', '']) {
      assert.doesNotThrow(() => collectTags([{ path: 'g.md', text }]));
    }
  });

  it('skips documents without tags and keeps several documents in order', () => {
    const r = collectTags([
      { path: 'a.txt', text: 'plain text' },
      { path: 'b.md', text: '[b]{.claim #c0002 by=iran}' },
      { path: 'c.md', text: '[c]{.event #e0003 type=agree}' },
    ]);
    assert.deepEqual(
      r.tags.map((t) => t.document),
      ['b.md', 'c.md'],
    );
  });
});

describe('exportTags: CSV (RFC 4180)', () => {
  const { tags } = collectTags([DOC], { entities: ENTITIES });
  const csv = formatTagsCsv(tags);

  /** A small RFC 4180 reader, to check the output round-trips. */
  function readCsv(text: string): string[][] {
    const rows: string[][] = [];
    let row: string[] = [];
    let field = '';
    let quoted = false;
    for (let i = 0; i < text.length; i++) {
      const c = text[i];
      if (quoted) {
        if (c === '"' && text[i + 1] === '"') {
          field += '"';
          i++;
        } else if (c === '"') quoted = false;
        else field += c;
      } else if (c === '"') quoted = true;
      else if (c === ',') {
        row.push(field);
        field = '';
      } else if (c === '\r' && text[i + 1] === '\n') {
        row.push(field);
        rows.push(row);
        row = [];
        field = '';
        i++;
      } else field += c;
    }
    assert.equal(field, '', 'the text ends with CRLF');
    return rows;
  }

  it('has a byte order mark, a header row, CRLF line ends and one row per tag', () => {
    assert.ok(csv.endsWith('\r\n'));
    assert.ok(csv.startsWith('\uFEFFdocument,'), 'UTF-8 BOM first: Excel reads Arabic and Persian right');
    assert.equal(CSV_BOM, '\uFEFF');
    const rows = readCsv(csv.slice(1));
    assert.deepEqual(rows[0], [...TAG_CSV_COLUMNS]);
    assert.equal(rows.length, tags.length + 1);
    for (const row of rows) assert.equal(row.length, TAG_CSV_COLUMNS.length);
  });

  it('quotes commas, quotes and line breaks, and round-trips', () => {
    const rows = readCsv(csv.slice(1));
    const col = (name: string) => TAG_CSV_COLUMNS.indexOf(name as (typeof TAG_CSV_COLUMNS)[number]);
    const claim = rows[2];
    assert.equal(claim[col('text')], '“We do not oppose expanding security cooperation, he said”');
    assert.equal(claim[col('entities')], 'by: Ali Larijani; about: Iran, Iraq');
    assert.equal(claim[col('attributes')], 'by=ali-larijani confidence=likely about="iran iraq"');
    const truce = rows[4];
    assert.equal(truce[col('text')], 'A truce, "maybe" over two lines');
    assert.equal(truce[col('notes')], 'Announced, not verified');
    assert.equal(truce[col('event_type')], 'agree');
    assert.equal(rows[1][col('location')], 'Baghdad');
    assert.equal(rows[3][col('parent')], 'c91x');
    assert.equal(csvField('a "b", c'), '"a ""b"", c"');
    assert.equal(csvField('line\nbreak'), '"line\nbreak"');
    assert.equal(csvField('plain'), 'plain');
  });

  it('guards cells a spreadsheet would run as formulas (=, +, -, @, tab, CR) with a single quote', () => {
    for (const [value, guarded] of [
      ['=HYPERLINK("http://evil.example","click")', `'=HYPERLINK("http://evil.example","click")`],
      ['+1+1', `'+1+1`],
      ['-2+3', `'-2+3`],
      ['@SUM(A1)', `'@SUM(A1)`],
      ['\t=1', `'\t=1`],
      ['\r=1', `'\r=1`],
      ['a=1', 'a=1'],
      ['ایران = 1', 'ایران = 1'],
      ['', ''],
    ]) {
      assert.equal(guardCsvFormula(value), guarded, JSON.stringify(value));
    }
    const text = '[=cmd|\' /C calc\'!A0]{.claim #c0001 by=iran}\n[@here, -5]{.event #e0001 type=agree actors=iran note="+dangerous"}\n';
    const rows = readCsv(exportTags([{ path: '=doc.md', text }], { format: 'csv', entities: ENTITIES }).content.slice(1));
    const col = (name: string) => TAG_CSV_COLUMNS.indexOf(name as (typeof TAG_CSV_COLUMNS)[number]);
    assert.equal(rows[1][col('document')], "'=doc.md");
    assert.equal(rows[1][col('text')], "'=cmd|' /C calc'!A0");
    assert.equal(rows[2][col('text')], "'@here, -5");
    assert.equal(rows[2][col('notes')], "'+dangerous");
    // Every cell of every row: none starts with a formula character.
    for (const row of rows) for (const cell of row) assert.ok(!/^[=+\-@\t\r]/.test(cell), cell);
  });

  it('keeps Arabic and Persian text as UTF-8 after the BOM', () => {
    const content = exportTags([{ path: 'fa.md', text: '[علی لاریجانی گفت]{.claim #c0002 by=ali-larijani}\n' }], { format: 'csv', entities: ENTITIES }).content;
    assert.ok(content.startsWith(CSV_BOM));
    assert.ok(content.includes(',علی لاریجانی گفت,'));
    assert.deepEqual([...new TextEncoder().encode(content).slice(0, 3)], [0xef, 0xbb, 0xbf]);
  });
});

describe('exportTags: JSON and the one-step API', () => {
  it('writes a versioned JSON document of the same records', () => {
    const { tags } = collectTags([DOC], { entities: ENTITIES });
    const parsed = JSON.parse(formatTagsJson(tags)) as { format: string; version: number; tags: unknown[] };
    assert.equal(parsed.format, 'analyst-markup-tags');
    assert.equal(parsed.version, 1);
    assert.deepEqual(parsed.tags, JSON.parse(JSON.stringify(tags)));
  });

  it('exportTags collects and formats in one call', () => {
    const csv = exportTags([DOC], { format: 'csv', entities: ENTITIES });
    assert.equal(csv.tags.length, 4);
    assert.ok(csv.content.startsWith('\uFEFFdocument,line,column,kind,id'));
    const json = exportTags([DOC], { format: 'json' });
    assert.equal((JSON.parse(json.content) as { tags: unknown[] }).tags.length, 4);
    assert.equal(json.errorCount, 0);
  });
});
