// Day arithmetic for the timeline and network views: a tag's date as a half-open range of days
// [start, end), written as ISO `yyyy-mm-dd` strings (they sort as text). A partial date covers
// its whole period: `2025` is [2025-01-01, 2026-01-01), `2025-08` is [2025-08-01, 2025-09-01).
// Pure core: no `vscode`, no Node built-ins.

import { daysInMonth, parsePartialDate, precisionOf, PartialDatePrecision } from './dates';
import type { PartialDate } from './types';

/** Shared between callers (see dayRangeOf): never changed once made. */
export interface DayRange {
  /** First day covered, `yyyy-mm-dd`. */
  readonly start: string;
  /** The day after the last day covered, `yyyy-mm-dd` (exclusive). */
  readonly end: string;
  readonly precision: PartialDatePrecision;
  /** The date as written (`2025-08`). */
  readonly text: string;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

export function isoDay(year: number, month: number, day: number): string {
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
}

/** The ISO day after `year-month-day`. */
function nextDay(year: number, month: number, day: number): string {
  if (day < daysInMonth(year, month)) return isoDay(year, month, day + 1);
  if (month < 12) return isoDay(year, month + 1, 1);
  return isoDay(year + 1, 1, 1);
}

/**
 * Day ranges already made: per parsed date, and per date text. The views compute the ranges of
 * every tag and role on each edit (thousands, nearly all unchanged), and making them was a fifth
 * of a network update.
 */
const rangesOfDates = new WeakMap<PartialDate, DayRange>();
const rangesOfTexts = new Map<string, DayRange | null>();
const MAX_CACHED_TEXTS = 20000;

/** The days a partial date covers, as [start, end). */
export function dayRangeOf(date: PartialDate): DayRange {
  let range = rangesOfDates.get(date);
  if (!range) rangesOfDates.set(date, (range = makeDayRange(date)));
  return range;
}

function makeDayRange(date: PartialDate): DayRange {
  const precision = precisionOf(date);
  const start = isoDay(date.year, date.month ?? 1, date.day ?? 1);
  let end: string;
  if (date.month === undefined) end = isoDay(date.year + 1, 1, 1);
  else if (date.day === undefined) end = date.month === 12 ? isoDay(date.year + 1, 1, 1) : isoDay(date.year, date.month + 1, 1);
  else end = nextDay(date.year, date.month, date.day);
  return { start, end, precision, text: date.text };
}

/** A tag's `date` value (`yyyy`, `yyyy-mm`, `yyyy-mm-dd`) as days; undefined when it is not a date. */
export function parseDayRange(value: string | undefined): DayRange | undefined {
  if (!value) return undefined;
  let range = rangesOfTexts.get(value);
  if (range === undefined) {
    const date = parsePartialDate(value);
    range = date ? makeDayRange(date) : null;
    // Bounded: a workspace of many distinct dates starts the cache afresh.
    if (rangesOfTexts.size >= MAX_CACHED_TEXTS) rangesOfTexts.clear();
    rangesOfTexts.set(value, range);
  }
  return range ?? undefined;
}

/** Whether the ranges [aStart, aEnd) and [bStart, bEnd) share a day. */
export function rangesOverlap(aStart: string, aEnd: string, bStart: string, bEnd: string): boolean {
  return aStart < bEnd && bStart < aEnd;
}

/** `iso` (`yyyy-mm-dd`) moved by `days` (negative: back), in the proleptic Gregorian calendar. */
export function addDays(iso: string, days: number): string {
  const [y, m, d] = iso.split('-').map(Number);
  const date = new Date(0);
  date.setUTCFullYear(y, m - 1, d + days);
  return isoDay(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate());
}

/** Whole days from `a` to `b` (both `yyyy-mm-dd`). */
export function daysBetween(a: string, b: string): number {
  const ms = (iso: string) => {
    const [y, m, d] = iso.split('-').map(Number);
    const date = new Date(0);
    date.setUTCFullYear(y, m - 1, d);
    return date.getTime();
  };
  return Math.round((ms(b) - ms(a)) / 86400000);
}
