// Partial dates (`2025`, `2025-08`, `2025-08-05`) as written in the registry (SPEC §1), and the
// arithmetic the hover cards need: which role was held on the document's date (SPEC §5).
// Pure core: no `vscode`, no Node built-ins.

import type { PartialDate } from './types';

/** A partial date with day precision. */
export interface DayDate extends PartialDate {
  month: number;
  day: number;
}

export type PartialDatePrecision = 'year' | 'month' | 'day';

const MONTH_SHORT = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const MONTH_LONG = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Days in `month` (1-12) of `year`; 0 for an invalid month. */
export function daysInMonth(year: number, month: number): number {
  if (!Number.isInteger(month) || month < 1 || month > 12) return 0;
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/**
 * Builds a validated partial date with canonical, zero-padded `text` (`2025`, `2025-08`,
 * `2025-08-05`). Years 1-9999; month 1-12; day within the month (leap years honoured); a day
 * without a month is invalid. Returns undefined when invalid.
 */
export function makePartialDate(year: number, month?: number, day?: number): PartialDate | undefined {
  if (!Number.isInteger(year) || year < 1 || year > 9999) return undefined;
  if (month === undefined) {
    return day === undefined ? { year, text: pad(year, 4) } : undefined;
  }
  if (!Number.isInteger(month) || month < 1 || month > 12) return undefined;
  if (day === undefined) return { year, month, text: `${pad(year, 4)}-${pad(month, 2)}` };
  if (!Number.isInteger(day) || day < 1 || day > daysInMonth(year, month)) return undefined;
  return { year, month, day, text: `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}` };
}

/**
 * Reads a registry date. Accepts:
 * - strings `yyyy`, `yyyy-mm`, `yyyy-mm-dd` (exactly those digit counts; surrounding whitespace ignored);
 * - numbers that are a 4-digit year (YAML reads `from: 2008` as a number);
 * - JS `Date` objects (a YAML 1.1 timestamp): their UTC parts, at day precision.
 * Anything else, or an impossible date (`2025-02-29`, `2025-13`), gives undefined.
 */
export function parsePartialDate(value: unknown): PartialDate | undefined {
  if (typeof value === 'string') {
    const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(value.trim());
    if (!m) return undefined;
    return makePartialDate(Number(m[1]), m[2] === undefined ? undefined : Number(m[2]), m[3] === undefined ? undefined : Number(m[3]));
  }
  if (typeof value === 'number') {
    if (!Number.isInteger(value) || value < 1000 || value > 9999) return undefined;
    return makePartialDate(value);
  }
  if (value instanceof Date) {
    const t = value.getTime();
    if (Number.isNaN(t)) return undefined;
    return makePartialDate(value.getUTCFullYear(), value.getUTCMonth() + 1, value.getUTCDate());
  }
  return undefined;
}

export function precisionOf(d: PartialDate): PartialDatePrecision {
  if (d.month === undefined) return 'year';
  return d.day === undefined ? 'month' : 'day';
}

export function isDayDate(d: PartialDate): d is DayDate {
  return d.month !== undefined && d.day !== undefined;
}

/** First day covered by `d`, as a `yyyymmdd` integer (`2025` → 20250101, `2025-08` → 20250801). */
export function partialDateStart(d: PartialDate): number {
  return d.year * 10000 + (d.month ?? 1) * 100 + (d.day ?? 1);
}

/** Last day covered by `d`, as a `yyyymmdd` integer (`2025` → 20251231, `2024-02` → 20240229). */
export function partialDateEnd(d: PartialDate): number {
  const month = d.month ?? 12;
  const day = d.day ?? daysInMonth(d.year, month);
  return d.year * 10000 + month * 100 + day;
}

const PRECISION_RANK: Record<PartialDatePrecision, number> = { year: 0, month: 1, day: 2 };

/**
 * Orders dates by the first day they cover; on a tie the coarser date comes first
 * (`2025` < `2025-01` < `2025-01-01`). Returns 0 only for the same date at the same precision.
 * Usable directly with `Array.prototype.sort`.
 */
export function comparePartialDates(a: PartialDate, b: PartialDate): number {
  const byStart = partialDateStart(a) - partialDateStart(b);
  if (byStart !== 0) return byStart < 0 ? -1 : 1;
  const byPrecision = PRECISION_RANK[precisionOf(a)] - PRECISION_RANK[precisionOf(b)];
  return byPrecision === 0 ? 0 : byPrecision < 0 ? -1 : 1;
}

/**
 * Whether a role was held on `date`. Both bounds are inclusive and cover their whole period:
 * `to: 2020-05` means held through 31 May 2020, `from: 2008` means from 1 Jan 2008. An absent
 * `from` means since forever, an absent `to` means still held. When `date` itself is partial
 * (a document dated only `2025-08`), the role counts as held if it was held at any point of that
 * period (the periods overlap).
 */
export function roleHeldOn(role: { from?: PartialDate; to?: PartialDate }, date: PartialDate | DayDate): boolean {
  if (role.from && partialDateStart(role.from) > partialDateEnd(date)) return false;
  if (role.to && partialDateEnd(role.to) < partialDateStart(date)) return false;
  return true;
}

export type PartialDateStyle = 'short' | 'long' | 'iso';

/**
 * For humans: `short` (default) gives "5 Aug 2025", "Aug 2025", "2025"; `long` gives
 * "5 August 2025", "August 2025", "2025"; `iso` gives "2025-08-05", "2025-08", "2025".
 */
export function formatPartialDate(d: PartialDate, style: PartialDateStyle = 'short'): string {
  const year = pad(d.year, 4);
  if (style === 'iso') {
    if (d.month === undefined) return year;
    if (d.day === undefined) return `${year}-${pad(d.month, 2)}`;
    return `${year}-${pad(d.month, 2)}-${pad(d.day, 2)}`;
  }
  if (d.month === undefined || d.month < 1 || d.month > 12) return year;
  const monthName = (style === 'long' ? MONTH_LONG : MONTH_SHORT)[d.month - 1];
  return d.day === undefined ? `${monthName} ${year}` : `${d.day} ${monthName} ${year}`;
}

/** Today's date (the local calendar date of `now`) as a day-precision partial date. */
export function todayAsPartialDate(now: Date = new Date()): DayDate {
  const year = now.getFullYear();
  const month = now.getMonth() + 1;
  const day = now.getDate();
  return { year, month, day, text: `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}` };
}
