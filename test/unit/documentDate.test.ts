import { strict as assert } from 'node:assert';
import { dateOfDatedLine, describeDocumentDate, findDatesInLine, findDocumentDate, parseDateText } from '../../src/core/documentDate';

const NOW = new Date(2026, 10, 21, 9, 30); // 21 Nov 2026, local time

/** The ISO text of the date `findDocumentDate` picks for `lines`. */
function docDate(lines: string[] | string): string {
  const text = Array.isArray(lines) ? lines.join('\n') : lines;
  return findDocumentDate(text, NOW).date.text;
}

/** The ISO text of a line's date if it is a dated line, else undefined. */
function lineDate(line: string): string | undefined {
  return dateOfDatedLine(line)?.date.text;
}

function filler(n: number): string[] {
  return Array.from({ length: n }, (_, i) => `Paragraph ${i + 1} of the article, with no date in it.`);
}

describe('documentDate', () => {
  describe('the SPEC examples', () => {
    for (const [line, expected] of [
      ['Publish Date : 12 August 2025', '2025-08-12'],
      ['Date: 2025-08-12', '2025-08-12'],
      ['Published: August 12, 2025', '2025-08-12'],
    ] as const) {
      it(`reads “${line}”`, () => {
        const r = findDocumentDate(['# Larijani named SNSC secretary', '', line, '', 'Body text.'].join('\n'), NOW);
        assert.deepEqual(r, {
          date: { year: 2025, month: 8, day: 12, text: expected },
          source: 'dated-line',
          line: 2,
          text: line,
        });
      });
    }
  });

  describe('date formats', () => {
    const cases: [string, string][] = [
      ['2025-08-12', '2025-08-12'],
      ['2025/08/12', '2025-08-12'],
      ['2025.08.12', '2025-08-12'],
      ['2025-8-5', '2025-08-05'],
      ['2025-08-12T10:00:00Z', '2025-08-12'],
      ['2025-08-12T10:00:00+03:30', '2025-08-12'],
      ['2025-08-12 10:42', '2025-08-12'],
      ['12 August 2025', '2025-08-12'],
      ['12 Aug 2025', '2025-08-12'],
      ['12 Aug. 2025', '2025-08-12'],
      ['12 August, 2025', '2025-08-12'],
      ['August 12, 2025', '2025-08-12'],
      ['August 12 2025', '2025-08-12'],
      ['Aug. 12, 2025', '2025-08-12'],
      ['Aug 12, 2025', '2025-08-12'],
      ['12-Aug-2025', '2025-08-12'],
      ['12 Sept 2025', '2025-09-12'],
      ['Sept. 3, 2025', '2025-09-03'],
      ['Sep 3, 2025', '2025-09-03'],
      ['Tuesday, 12 August 2025', '2025-08-12'],
      ['Tue, 12 Aug 2025', '2025-08-12'],
      ['Tues. 12 Aug 2025', '2025-08-12'],
      ['Thursday, August 14, 2025', '2025-08-14'],
      ['12th August 2025', '2025-08-12'],
      ['1st June 2025', '2025-06-01'],
      ['2nd June 2025', '2025-06-02'],
      ['3rd June 2025', '2025-06-03'],
      ['12th of August 2025', '2025-08-12'],
      ['August 12th, 2025', '2025-08-12'],
      ['AUGUST 12, 2025', '2025-08-12'],
      ['august 12, 2025', '2025-08-12'],
      ['12 AUG 2025', '2025-08-12'],
      ['12.08.2025', '2025-08-12'],
      ['5.8.2025', '2025-08-05'],
      ['August 2025', '2025-08'],
      ['Aug 2025', '2025-08'],
      ['2025-08', '2025-08'],
      ['31 December 2025', '2025-12-31'],
      ['1 January 2026', '2026-01-01'],
    ];
    for (const [line, expected] of cases) {
      it(`“${line}” on its own line → ${expected}`, () => {
        assert.equal(lineDate(line), expected);
      });
    }

    it('all twelve month names, full and abbreviated', () => {
      const names = [
        ['January', 'Jan'],
        ['February', 'Feb'],
        ['March', 'Mar'],
        ['April', 'Apr'],
        ['May', 'May'],
        ['June', 'Jun'],
        ['July', 'Jul'],
        ['August', 'Aug'],
        ['September', 'Sep'],
        ['October', 'Oct'],
        ['November', 'Nov'],
        ['December', 'Dec'],
      ];
      names.forEach(([full, short], i) => {
        const mm = String(i + 1).padStart(2, '0');
        assert.equal(lineDate(`Date: 7 ${full} 2025`), `2025-${mm}-07`, full);
        assert.equal(lineDate(`Date: ${short} 7, 2025`), `2025-${mm}-07`, short);
      });
    });

    it('times and time zones after the date', () => {
      assert.equal(lineDate('Monday, 12 August 2025 10:42 GMT'), '2025-08-12');
      assert.equal(lineDate('12 Aug 2025, 10:42 IRST'), '2025-08-12');
      assert.equal(lineDate('August 12, 2025 at 10:42 a.m. EDT'), '2025-08-12');
      assert.equal(lineDate('August 12, 2025 10:42pm'), '2025-08-12');
      assert.equal(lineDate('12.08.2025 14:00 CET'), '2025-08-12');
      assert.equal(lineDate('12 August 2025 - 10:42 UTC+3:30'), '2025-08-12');
      assert.equal(lineDate('Last updated: 13 Aug 2025 09:00 +0330'), '2025-08-13');
      assert.equal(lineDate('Thursday, August 14, 2025 - 10:42 am'), '2025-08-14');
    });

    it('numeric dates: one valid reading wins, otherwise dots are day-first and slashes month-first', () => {
      assert.equal(lineDate('12.08.2025'), '2025-08-12'); // dots: European day.month
      assert.equal(lineDate('08/12/2025'), '2025-08-12'); // slashes: US month/day
      assert.equal(lineDate('12/08/2025'), '2025-12-08'); // ambiguous: US month/day
      assert.equal(lineDate('08-12-2025'), '2025-08-12'); // hyphens as slashes
      assert.equal(lineDate('13/08/2025'), '2025-08-13'); // first > 12: day/month
      assert.equal(lineDate('08/13/2025'), '2025-08-13'); // second > 12: month/day
      assert.equal(lineDate('08.13.2025'), '2025-08-13'); // only month.day is valid
      assert.equal(lineDate('13/13/2025'), undefined);
      assert.equal(lineDate('31.02.2025'), undefined);
    });
  });

  describe('label lines', () => {
    const cases: [string, string][] = [
      ['Publish Date : 12 August 2025', '2025-08-12'],
      ['Published Date: 2025-08-12', '2025-08-12'],
      ['Publication date: 12 August 2025', '2025-08-12'],
      ['Date published: 12 August 2025', '2025-08-12'],
      ['Published: August 12, 2025', '2025-08-12'],
      ['Published on 12 Aug 2025', '2025-08-12'],
      ['Published on Tuesday, 12 August 2025', '2025-08-12'],
      ['PUBLISHED: 12 AUG 2025', '2025-08-12'],
      ['Date: 2025-08-12', '2025-08-12'],
      ['Date - 12/08/2025', '2025-12-08'],
      ['Dated 5th March 2024', '2024-03-05'],
      ['Posted on Tuesday, 12 Aug 2025 at 10:42 a.m. EDT', '2025-08-12'],
      ['Posted: Aug 12 2025', '2025-08-12'],
      ['Updated: 13 August 2025', '2025-08-13'],
      ['Last updated 13 Aug 2025', '2025-08-13'],
      ['Last modified: 2025-08-13', '2025-08-13'],
      ['Pub date: 2025-08-12', '2025-08-12'],
      ['Pub. Date: 12 August 2025', '2025-08-12'],
      ['Release date: 12 August 2025', '2025-08-12'],
      ['Date: August 2025', '2025-08'],
      ['Date: 2025', '2025'],
      ['Published: August 12, 2025, by Reuters staff in Tehran', '2025-08-12'],
      ['**Date:** 2025-08-12', '2025-08-12'],
      ['*Published on 12 August 2025*', '2025-08-12'],
      ['_Date: 12 Aug 2025_', '2025-08-12'],
      ['> Date: 2025-08-12', '2025-08-12'],
      ['- Published on 12 Aug 2025', '2025-08-12'],
      ['### Date: 2025-08-12', '2025-08-12'],
      ['<p>Published: 12 August 2025</p>', '2025-08-12'],
      ['   Date:   2025-08-12   ', '2025-08-12'],
      ['| Date | 2025-08-12 |', '2025-08-12'],
      ['تاریخ انتشار: 2025-08-12', '2025-08-12'],
      ['تاريخ النشر: 12 August 2025', '2025-08-12'],
    ];
    for (const [line, expected] of cases) {
      it(`“${line}” → ${expected}`, () => {
        const r = dateOfDatedLine(line);
        assert.equal(r?.date.text, expected);
      });
    }

    it('reports the kind of dated line', () => {
      assert.equal(dateOfDatedLine('Date: 2025-08-12')?.kind, 'label');
      assert.equal(dateOfDatedLine('12 August 2025')?.kind, 'bare');
    });

    it('a label must be followed right away by the date', () => {
      assert.equal(lineDate('Date: see the meeting on 12 August 2025 below'), undefined);
      assert.equal(lineDate('Updated rules were adopted on 12 August 2025.'), undefined);
      assert.equal(lineDate('Dates of the talks: 12 August 2025'), undefined);
    });

    it('a year without a label is not a dated line', () => {
      assert.equal(lineDate('2025'), undefined);
      assert.equal(lineDate('Copyright 2025'), undefined);
    });
  });

  describe('lines that are essentially a date', () => {
    const accepted: [string, string][] = [
      ['By Jane Doe | August 12, 2025', '2025-08-12'],
      ['By Jane Doe, August 12, 2025', '2025-08-12'],
      ['By Jane Doe August 12, 2025', '2025-08-12'],
      ['By Jane Doe and John Smith | 12 Aug 2025 | 10:42 GMT', '2025-08-12'],
      ['Monday, 12 August 2025 10:42 GMT', '2025-08-12'],
      ['Monday 12 August 2025 | 10:42 GMT | Tehran Times | By Jane Doe', '2025-08-12'],
      ['Tehran Times — 12 Aug 2025', '2025-08-12'],
      ['Reuters, 12.08.2025, 14:00 CET', '2025-08-12'],
      ['12 August 2025 (Reuters)', '2025-08-12'],
      ['IRNA · 12 August 2025', '2025-08-12'],
      ['Updated 10:42 GMT, 12 Aug 2025', '2025-08-12'],
      ['By Jane Doe | Published: 12 Aug 2025', '2025-08-12'],
      ['By Jane Doe | Posted on 12 Aug 2025', '2025-08-12'],
      ['On 12 August 2025', '2025-08-12'],
      ['# 12 August 2025', '2025-08-12'],
      ['12\u00a0August\u00a02025', '2025-08-12'],
    ];
    for (const [line, expected] of accepted) {
      it(`accepts “${line}”`, () => {
        assert.equal(lineDate(line), expected);
      });
    }

    const rejected = [
      'On August 5, 2025, Larijani took office as secretary of the council.',
      'On August 5, 2025, Larijani Resigned',
      'Larijani was appointed on August 5, 2025.',
      'The council met on 12 August 2025.',
      '12 August 2025 was the day Larijani took office',
      'In August 2025, Iran changed course.',
      'the 12 August 2025 statement',
      'Meeting notes 12/08/2025 discussion',
      'Population 2025-08 estimate',
      'Larijani, who became speaker on 28 May 2008, stepped down on 28 May 2020 after twelve years in office.',
      'در تاریخ 5 August 2025 لاریجانی به عنوان دبیر منصوب شد',
      'علی لاریجانی 5 August 2025 منصوب',
      'عُيّن لاريجاني في 5 August 2025 أميناً للمجلس',
      'Tehran Times 12 Aug 2025 Larijani Appointed',
    ];
    for (const line of rejected) {
      it(`rejects the sentence “${line}”`, () => {
        assert.equal(lineDate(line), undefined);
      });
    }
  });

  describe('findDocumentDate', () => {
    it('takes the first dated line', () => {
      const r = findDocumentDate(['# Title', 'Published: 12 August 2025', 'Updated: 13 August 2025', 'Body.'].join('\n'), NOW);
      assert.equal(r.source, 'dated-line');
      assert.equal(r.line, 1);
      assert.equal(r.date.text, '2025-08-12');
      assert.equal(r.text, 'Published: 12 August 2025');
    });

    it('a date in a body sentence before the dated line does not win', () => {
      const r = findDocumentDate(
        [
          '# Larijani returns',
          'On August 5, 2025, Larijani took office as secretary of the Supreme National Security Council.',
          'He had been speaker from 28 May 2008 to 28 May 2020.',
          'Publish Date : 12 August 2025',
        ].join('\n'),
        NOW,
      );
      assert.equal(r.source, 'dated-line');
      assert.equal(r.line, 3);
      assert.equal(r.date.text, '2025-08-12');
    });

    it('a body sentence alone gives today, not its date', () => {
      const r = findDocumentDate('On August 5, 2025, Larijani took office.\nMore text.', NOW);
      assert.equal(r.source, 'today');
      assert.equal(r.date.text, '2026-11-21');
    });

    it('misleading dates later in the text do not win', () => {
      const text = ['Date: 2025-08-12', ...filler(5), 'Updated: 2025-09-01', '12 December 2025'].join('\n');
      assert.equal(docDate(text), '2025-08-12');
    });

    it('searches only the first 30 lines', () => {
      assert.equal(docDate([...filler(29), 'Date: 2025-08-12']), '2025-08-12'); // line 30 (index 29)
      const late = findDocumentDate([...filler(30), 'Date: 2025-08-12'].join('\n'), NOW);
      assert.equal(late.source, 'today'); // line 31
      assert.equal(late.date.text, '2026-11-21');
    });

    it('skips invalid dates and keeps looking', () => {
      const r = findDocumentDate(['Date: 31 February 2025', 'Published: 29 February 2025', '12 Aug 2025'].join('\n'), NOW);
      assert.equal(r.line, 2);
      assert.equal(r.date.text, '2025-08-12');
    });

    it('accepts 29 February in a leap year', () => {
      assert.equal(docDate('Date: 29 February 2024'), '2024-02-29');
      assert.equal(docDate('Date: 2024-02-29'), '2024-02-29');
      assert.equal(docDate('Date: 02/29/2024'), '2024-02-29');
    });

    it('handles CRLF and CR line endings', () => {
      const crlf = findDocumentDate('# Title\r\n\r\nPublish Date : 12 August 2025\r\nBody.\r\n', NOW);
      assert.equal(crlf.line, 2);
      assert.equal(crlf.text, 'Publish Date : 12 August 2025');
      assert.equal(crlf.date.text, '2025-08-12');
      const cr = findDocumentDate('# Title\r\rDate: 2025-08-12\r', NOW);
      assert.equal(cr.line, 2);
      assert.equal(cr.date.text, '2025-08-12');
    });

    it('finds the date among Arabic and Persian text', () => {
      const text = ['# لاریجانی دبیر شورای عالی امنیت ملی شد', 'خبرگزاری مهر | 12 August 2025', 'علی لاریجانی روز 5 August 2025 به عنوان دبیر منصوب شد.'].join(
        '\n',
      );
      const r = findDocumentDate(text, NOW);
      assert.equal(r.line, 1);
      assert.equal(r.date.text, '2025-08-12');
    });

    it('ignores bidi and zero-width marks around the date', () => {
      assert.equal(docDate('\u200f12 August 2025\u200f'), '2025-08-12');
      assert.equal(docDate('تاریخ: \u200e2025-08-12\u200e'), '2025-08-12');
      assert.equal(docDate('Date:\u200b 12\u202fAug\u202f2025'), '2025-08-12');
    });

    it('falls back to today', () => {
      const r = findDocumentDate('# Notes\n\nNo date here.', NOW);
      assert.deepEqual(r, { date: { year: 2026, month: 11, day: 21, text: '2026-11-21' }, source: 'today' });
      assert.equal(findDocumentDate('', NOW).source, 'today');
    });

    it('uses the real clock when no `now` is given', () => {
      const r = findDocumentDate('nothing');
      assert.equal(r.source, 'today');
      assert.equal(r.date.year, new Date().getFullYear());
    });
  });

  describe('front matter', () => {
    const values: [string, string][] = [
      ['2025-08-12', '2025-08-12'],
      ['"2025-08-12"', '2025-08-12'],
      ["'2025-08-12'", '2025-08-12'],
      ['2025-08-12T10:00:00Z', '2025-08-12'],
      ['2025-08-12 10:00:00 +02:00', '2025-08-12'],
      ['"August 12, 2025"', '2025-08-12'],
      ['August 12, 2025', '2025-08-12'],
      ['12 August 2025', '2025-08-12'],
      ['Tue, 12 Aug 2025 10:00:00 GMT', '2025-08-12'],
      ['2025-08-12 # publication date', '2025-08-12'],
      ['2025-08', '2025-08'],
      ['2025', '2025'],
    ];
    for (const [value, expected] of values) {
      it(`date: ${value}`, () => {
        const r = findDocumentDate(['---', 'title: Larijani', `date: ${value}`, 'tags: [iran]', '---', 'Body.'].join('\n'), NOW);
        assert.equal(r.source, 'front-matter');
        assert.equal(r.line, 2);
        assert.equal(r.date.text, expected);
      });
    }

    it('reports the value as written, without quotes', () => {
      const r = findDocumentDate('---\ndate: "2025-08-12"\n---\n', NOW);
      assert.equal(r.text, '2025-08-12');
    });

    it('closes with `...` as well as `---`', () => {
      const r = findDocumentDate('---\ntitle: x\ndate: 2025-08-12\n...\nBody', NOW);
      assert.equal(r.source, 'front-matter');
      assert.equal(r.date.text, '2025-08-12');
    });

    it('beats a dated line in the body', () => {
      const r = findDocumentDate('---\ntitle: x\ndate: 2025-08-12\n---\nPublished: 1 January 2020\n', NOW);
      assert.equal(r.source, 'front-matter');
      assert.equal(r.date.text, '2025-08-12');
    });

    it('is read at any length', () => {
      const keys = Array.from({ length: 40 }, (_, i) => `key${i}: value`);
      const r = findDocumentDate(['---', ...keys, 'date: 2025-08-12', '---', 'Body'].join('\n'), NOW);
      assert.equal(r.source, 'front-matter');
      assert.equal(r.line, 41);
    });

    it('only a top-level `date:` key counts', () => {
      const r = findDocumentDate('---\nevent:\n  date: 2020-01-01\ndate: 2025-08-12\n---\n', NOW);
      assert.equal(r.date.text, '2025-08-12');
      const nested = findDocumentDate('---\nevent:\n  date: 2020-01-01\n---\nBody\n', NOW);
      assert.equal(nested.source, 'today');
    });

    it('handles CRLF and a byte order mark', () => {
      const r = findDocumentDate('\uFEFF---\r\ntitle: x\r\ndate: 2025-08-12\r\n---\r\nBody\r\n', NOW);
      assert.equal(r.source, 'front-matter');
      assert.equal(r.date.text, '2025-08-12');
    });

    it('an unreadable or invalid `date:` falls back to dated lines', () => {
      const r = findDocumentDate('---\ndate: 2025-02-30\n---\nPublished: 12 August 2025\n', NOW);
      assert.equal(r.source, 'dated-line');
      assert.equal(r.line, 3);
      assert.equal(r.date.text, '2025-08-12');
      const tbd = findDocumentDate('---\ndate: TBD\n---\nBody\n', NOW);
      assert.equal(tbd.source, 'today');
    });

    it('an empty `date:` falls back', () => {
      assert.equal(findDocumentDate('---\ndate:\n---\nDate: 2025-08-12\n', NOW).source, 'dated-line');
    });

    it('front matter must open on line 1 and be closed', () => {
      const notFirst = findDocumentDate('\n---\ndate: 2025-08-12\n---\n', NOW);
      assert.notEqual(notFirst.source, 'front-matter');
      const unclosed = findDocumentDate('---\ndate: 2025-08-12\nBody text', NOW);
      assert.notEqual(unclosed.source, 'front-matter');
    });

    it('other front matter keys may still serve as dated lines', () => {
      const r = findDocumentDate('---\ntitle: x\npublished: 2025-08-12\n---\nBody\n', NOW);
      assert.equal(r.source, 'dated-line');
      assert.equal(r.line, 2);
      assert.equal(r.date.text, '2025-08-12');
    });
  });

  describe('findDatesInLine and parseDateText', () => {
    it('finds every valid date in a line, sentences included', () => {
      const found = findDatesInLine('Speaker from 28 May 2008 to May 28, 2020; SNSC secretary since 2025-08-05.');
      assert.deepEqual(
        found.map((d) => d.text),
        ['2008-05-28', '2020-05-28', '2025-08-05'],
      );
    });

    it('skips invalid dates and does not shorten them to a month', () => {
      assert.deepEqual(findDatesInLine('31 February 2025'), []);
    });

    it('does not read dates out of longer numbers or words', () => {
      assert.deepEqual(findDatesInLine('ref 123.08.20255 and v12.08.2025x'), []);
      assert.deepEqual(findDatesInLine('Mayor 2025'), []);
    });

    it('parseDateText needs the date first', () => {
      assert.equal(parseDateText('2025-08-12')?.text, '2025-08-12');
      assert.equal(parseDateText('  "12 Aug 2025"  ')?.text, '2025-08-12');
      assert.equal(parseDateText('2025')?.text, '2025');
      assert.equal(parseDateText('sometime in 2025'), undefined);
      assert.equal(parseDateText(''), undefined);
    });
  });

  describe('describeDocumentDate', () => {
    it('names the line (1-based) and quotes it', () => {
      const r = findDocumentDate('# Title\n\nPublish Date : 12 August 2025\n', NOW);
      assert.equal(describeDocumentDate(r), '12 Aug 2025 (from line 3: “Publish Date : 12 August 2025”)');
    });

    it('names the front matter', () => {
      const r = findDocumentDate('---\ndate: 2025-08-12\n---\n', NOW);
      assert.equal(describeDocumentDate(r), '12 Aug 2025 (from front matter, line 2: “date: 2025-08-12”)');
      assert.equal(describeDocumentDate({ date: r.date, source: 'front-matter' }), '12 Aug 2025 (from front matter)');
    });

    it('says when it used today', () => {
      const r = findDocumentDate('nothing here', NOW);
      assert.equal(describeDocumentDate(r), '21 Nov 2026 (today: no date found in the document)');
    });

    it('shows partial dates at their precision', () => {
      assert.equal(describeDocumentDate(findDocumentDate('Date: August 2025', NOW)), 'Aug 2025 (from line 1: “Date: August 2025”)');
    });

    it('shortens a long line', () => {
      const line = 'By Jane Doe | Tuesday, 12 August 2025 | 10:42 GMT | Tehran Times Online Edition | Islamic Republic News Agency';
      const r = findDocumentDate(line, NOW);
      assert.equal(r.source, 'dated-line');
      const s = describeDocumentDate(r);
      assert.ok(s.startsWith('12 Aug 2025 (from line 1: “By Jane Doe'), s);
      assert.ok(s.endsWith('…”)'), s);
      assert.ok(s.length < 110, s);
    });
  });
});
