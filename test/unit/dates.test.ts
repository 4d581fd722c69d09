import { strict as assert } from 'node:assert';
import {
  comparePartialDates,
  daysInMonth,
  formatPartialDate,
  isDayDate,
  isLeapYear,
  makePartialDate,
  parsePartialDate,
  partialDateEnd,
  partialDateStart,
  precisionOf,
  roleHeldOn,
  todayAsPartialDate,
} from '../../src/core/dates';
import type { PartialDate } from '../../src/core/types';

function d(text: string): PartialDate {
  const parsed = parsePartialDate(text);
  assert.ok(parsed, `test date ${text} should parse`);
  return parsed;
}

describe('dates', () => {
  describe('parsePartialDate', () => {
    it('reads yyyy, yyyy-mm and yyyy-mm-dd strings', () => {
      assert.deepEqual(parsePartialDate('2008'), { year: 2008, text: '2008' });
      assert.deepEqual(parsePartialDate('2008-05'), { year: 2008, month: 5, text: '2008-05' });
      assert.deepEqual(parsePartialDate('2008-05-28'), { year: 2008, month: 5, day: 28, text: '2008-05-28' });
    });

    it('ignores surrounding whitespace', () => {
      assert.deepEqual(parsePartialDate('  2025-08-05 '), { year: 2025, month: 8, day: 5, text: '2025-08-05' });
    });

    it('reads a number as a year (YAML parses `2008` as a number)', () => {
      assert.deepEqual(parsePartialDate(2008), { year: 2008, text: '2008' });
    });

    it('rejects numbers that are not a 4-digit year', () => {
      for (const n of [2008.5, 20, 12345, -2008, NaN, Infinity, 0]) {
        assert.equal(parsePartialDate(n), undefined, String(n));
      }
    });

    it('reads a Date object by its UTC parts, at day precision', () => {
      assert.deepEqual(parsePartialDate(new Date(Date.UTC(2025, 7, 5))), {
        year: 2025,
        month: 8,
        day: 5,
        text: '2025-08-05',
      });
      // Late in the UTC day: still the UTC date, whatever the local time zone.
      assert.deepEqual(parsePartialDate(new Date('2020-05-28T23:30:00Z')), {
        year: 2020,
        month: 5,
        day: 28,
        text: '2020-05-28',
      });
      assert.deepEqual(parsePartialDate(new Date('2024-02-29T00:00:00Z')), {
        year: 2024,
        month: 2,
        day: 29,
        text: '2024-02-29',
      });
    });

    it('rejects invalid Date objects', () => {
      assert.equal(parsePartialDate(new Date('not a date')), undefined);
    });

    it('validates months', () => {
      assert.equal(parsePartialDate('2025-00'), undefined);
      assert.equal(parsePartialDate('2025-13'), undefined);
      assert.equal(parsePartialDate('2025-13-01'), undefined);
      assert.ok(parsePartialDate('2025-12'));
      assert.ok(parsePartialDate('2025-01'));
    });

    it('validates days within the month', () => {
      assert.equal(parsePartialDate('2025-02-31'), undefined);
      assert.equal(parsePartialDate('2025-04-31'), undefined);
      assert.equal(parsePartialDate('2025-08-00'), undefined);
      assert.equal(parsePartialDate('2025-08-32'), undefined);
      assert.ok(parsePartialDate('2025-08-31'));
      assert.ok(parsePartialDate('2025-04-30'));
    });

    it('knows leap years: 29 February only in leap years', () => {
      assert.ok(parsePartialDate('2024-02-29'));
      assert.ok(parsePartialDate('2000-02-29'));
      assert.equal(parsePartialDate('2025-02-29'), undefined);
      assert.equal(parsePartialDate('1900-02-29'), undefined);
      assert.equal(parsePartialDate('2100-02-29'), undefined);
    });

    it('rejects other shapes', () => {
      for (const v of [
        '',
        '25',
        '20080',
        '2008-5',
        '2008-05-5',
        '2008/05/28',
        '28-05-2008',
        '2008-05-28T10:00:00Z',
        'May 2008',
        '0000',
        'yesterday',
        null,
        undefined,
        true,
        {},
        [],
        ['2008'],
        { year: 2008 },
      ]) {
        assert.equal(parsePartialDate(v), undefined, JSON.stringify(v));
      }
    });
  });

  describe('makePartialDate', () => {
    it('zero-pads the canonical text', () => {
      assert.equal(makePartialDate(2025, 8, 5)?.text, '2025-08-05');
      assert.equal(makePartialDate(987)?.text, '0987');
    });

    it('rejects a day without a month and out-of-range parts', () => {
      assert.equal(makePartialDate(2025, undefined, 5), undefined);
      assert.equal(makePartialDate(0), undefined);
      assert.equal(makePartialDate(10000), undefined);
      assert.equal(makePartialDate(2025, 2, 29), undefined);
    });
  });

  describe('calendar helpers', () => {
    it('isLeapYear and daysInMonth', () => {
      assert.equal(isLeapYear(2024), true);
      assert.equal(isLeapYear(2023), false);
      assert.equal(isLeapYear(1900), false);
      assert.equal(isLeapYear(2000), true);
      assert.equal(daysInMonth(2024, 2), 29);
      assert.equal(daysInMonth(2025, 2), 28);
      assert.equal(daysInMonth(2025, 9), 30);
      assert.equal(daysInMonth(2025, 12), 31);
      assert.equal(daysInMonth(2025, 13), 0);
    });

    it('precisionOf and isDayDate', () => {
      assert.equal(precisionOf(d('2025')), 'year');
      assert.equal(precisionOf(d('2025-08')), 'month');
      assert.equal(precisionOf(d('2025-08-05')), 'day');
      assert.equal(isDayDate(d('2025-08-05')), true);
      assert.equal(isDayDate(d('2025-08')), false);
    });
  });

  describe('partialDateStart / partialDateEnd', () => {
    it('a year covers 1 January to 31 December', () => {
      assert.equal(partialDateStart(d('2025')), 20250101);
      assert.equal(partialDateEnd(d('2025')), 20251231);
    });

    it('a month covers the whole month, leap years included', () => {
      assert.equal(partialDateStart(d('2020-05')), 20200501);
      assert.equal(partialDateEnd(d('2020-05')), 20200531);
      assert.equal(partialDateEnd(d('2024-02')), 20240229);
      assert.equal(partialDateEnd(d('2025-02')), 20250228);
      assert.equal(partialDateEnd(d('2025-11')), 20251130);
    });

    it('a day covers itself', () => {
      assert.equal(partialDateStart(d('2025-08-05')), 20250805);
      assert.equal(partialDateEnd(d('2025-08-05')), 20250805);
    });
  });

  describe('comparePartialDates', () => {
    it('orders by the first day covered', () => {
      assert.ok(comparePartialDates(d('2008-05-28'), d('2020-05-28')) < 0);
      assert.ok(comparePartialDates(d('2020-06'), d('2020-05-31')) > 0);
      assert.ok(comparePartialDates(d('2019'), d('2020-01-01')) < 0);
      assert.equal(comparePartialDates(d('2025-08-05'), d('2025-08-05')), 0);
      assert.equal(comparePartialDates(d('2025'), parsePartialDate(2025)!), 0);
    });

    it('on a tie puts the coarser date first', () => {
      assert.ok(comparePartialDates(d('2025'), d('2025-01')) < 0);
      assert.ok(comparePartialDates(d('2025-01'), d('2025-01-01')) < 0);
      assert.ok(comparePartialDates(d('2025-01-01'), d('2025')) > 0);
    });

    it('sorts an array', () => {
      const sorted = ['2025-08-05', '2008', '2020-05', '2008-05-28', '2025']
        .map(d)
        .sort(comparePartialDates)
        .map((x) => x.text);
      assert.deepEqual(sorted, ['2008', '2008-05-28', '2020-05', '2025', '2025-08-05']);
    });
  });

  describe('roleHeldOn', () => {
    const speaker = { from: d('2008-05-28'), to: d('2020-05-28') };

    it('holds from and to inclusive at day precision', () => {
      assert.equal(roleHeldOn(speaker, d('2008-05-28')), true);
      assert.equal(roleHeldOn(speaker, d('2020-05-28')), true);
      assert.equal(roleHeldOn(speaker, d('2015-01-01')), true);
      assert.equal(roleHeldOn(speaker, d('2008-05-27')), false);
      assert.equal(roleHeldOn(speaker, d('2020-05-29')), false);
    });

    it('a month-precision `to` covers the whole month', () => {
      const role = { from: d('2008-05'), to: d('2020-05') };
      assert.equal(roleHeldOn(role, d('2020-05-28')), true);
      assert.equal(roleHeldOn(role, d('2020-05-31')), true);
      assert.equal(roleHeldOn(role, d('2020-06-01')), false);
      assert.equal(roleHeldOn(role, d('2008-05-01')), true);
      assert.equal(roleHeldOn(role, d('2008-04-30')), false);
    });

    it('a year-precision bound covers the whole year', () => {
      const role = { from: d('2008'), to: d('2020') };
      assert.equal(roleHeldOn(role, d('2008-01-01')), true);
      assert.equal(roleHeldOn(role, d('2020-12-31')), true);
      assert.equal(roleHeldOn(role, d('2021-01-01')), false);
      assert.equal(roleHeldOn(role, d('2007-12-31')), false);
    });

    it('a month-precision `to` in February of a leap year ends on the 29th', () => {
      const role = { to: d('2024-02') };
      assert.equal(roleHeldOn(role, d('2024-02-29')), true);
      assert.equal(roleHeldOn(role, d('2024-03-01')), false);
    });

    it('absent from means since forever; absent to means still held', () => {
      assert.equal(roleHeldOn({ to: d('2020-05-28') }, d('1900-01-01')), true);
      assert.equal(roleHeldOn({ from: d('2025-08-05') }, d('2099-12-31')), true);
      assert.equal(roleHeldOn({ from: d('2025-08-05') }, d('2025-08-04')), false);
      assert.equal(roleHeldOn({}, d('2025-08-05')), true);
    });

    it('a partial document date counts when the periods overlap', () => {
      assert.equal(roleHeldOn(speaker, d('2020')), true);
      assert.equal(roleHeldOn(speaker, d('2020-05')), true);
      assert.equal(roleHeldOn(speaker, d('2020-06')), false);
      assert.equal(roleHeldOn({ from: d('2025-08-05') }, d('2025-08')), true);
      assert.equal(roleHeldOn({ from: d('2025-08-05') }, d('2025-07')), false);
      assert.equal(roleHeldOn(speaker, d('2008')), true);
      assert.equal(roleHeldOn(speaker, d('2007')), false);
    });

    it('a role whose to precedes its from is never held', () => {
      assert.equal(roleHeldOn({ from: d('2020'), to: d('2010') }, d('2015-06-01')), false);
    });

    it('accepts today as the date', () => {
      const today = todayAsPartialDate(new Date(2030, 0, 15));
      assert.equal(roleHeldOn({ from: d('2025-08-05') }, today), true);
      assert.equal(roleHeldOn(speaker, today), false);
    });
  });

  describe('formatPartialDate', () => {
    it('short style by default', () => {
      assert.equal(formatPartialDate(d('2025-08-05')), '5 Aug 2025');
      assert.equal(formatPartialDate(d('2025-08')), 'Aug 2025');
      assert.equal(formatPartialDate(d('2025')), '2025');
      assert.equal(formatPartialDate(d('2025-09-30')), '30 Sep 2025');
    });

    it('long and iso styles', () => {
      assert.equal(formatPartialDate(d('2025-08-05'), 'long'), '5 August 2025');
      assert.equal(formatPartialDate(d('2025-08'), 'long'), 'August 2025');
      assert.equal(formatPartialDate(d('2025'), 'long'), '2025');
      assert.equal(formatPartialDate(d('2025-08-05'), 'iso'), '2025-08-05');
      assert.equal(formatPartialDate({ year: 2025, month: 8, text: 'whatever' }, 'iso'), '2025-08');
    });
  });

  describe('todayAsPartialDate', () => {
    it('gives the local calendar date of `now` at day precision', () => {
      assert.deepEqual(todayAsPartialDate(new Date(2026, 10, 21, 23, 59)), {
        year: 2026,
        month: 11,
        day: 21,
        text: '2026-11-21',
      });
      assert.deepEqual(todayAsPartialDate(new Date(2024, 1, 29, 0, 0)), {
        year: 2024,
        month: 2,
        day: 29,
        text: '2024-02-29',
      });
    });

    it('defaults to now', () => {
      const t = todayAsPartialDate();
      const now = new Date();
      assert.equal(t.year, now.getFullYear());
      assert.ok(isDayDate(t));
    });
  });
});
