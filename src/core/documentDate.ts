// The document's date (SPEC §5): YAML front matter `date:`, else the first dated line among the
// first 30 lines, else today. Pure core: no `vscode`, no Node built-ins.
//
// What counts as a dated line:
// - a label line: the line starts (after Markdown decoration such as `#`, `>`, `-`, `**`) with a
//   label such as `Publish Date :`, `Published:`, `Published on`, `Date:`, `Dated`, `Posted on`,
//   `Updated:`, `Last updated`, `Pub date`, `Release date` (or Persian/Arabic `تاریخ`, `تاريخ النشر`)
//   and the date follows right after the label (an optional weekday in between);
// - a line that is essentially a date: the date plus only weekday names, times, time zones and
//   filler like `at`/`Updated`, and optionally short byline or source segments set apart by
//   `|`, `·`, `•`, `—`, `–`, ` - `, `,` or `;` ("By Jane Doe | August 12, 2025",
//   "Monday, 12 August 2025 10:42 GMT", "Tehran Times — 12 Aug 2025"). Byline/source segments
//   hold at most 8 words, all capitalised or uncased (Arabic, Persian…) apart from particles
//   like `of`, `the`, `and`; a lowercase word, a preposition such as `on`/`in`, or a date segment
//   that starts with `On`/`In` next to other text makes it prose, and prose is never a dated line
//   ("On August 5, 2025, Larijani took office…" is not one).
//
// Date formats understood in lines: `2025-08-12`, `2025/08/12`, `2025.08.12` (with an optional
// ISO time `T10:00:00Z`), `2025-08` (month), `12 August 2025`, `12 Aug 2025`, `12 Aug. 2025`,
// `12-Aug-2025`, `12th August 2025`, `12th of August 2025`, `August 12, 2025`, `Aug. 12, 2025`,
// `August 12th, 2025`, `August 2025` (month), and numeric `dd.mm.yyyy` / `mm/dd/yyyy` /
// `mm-dd-yyyy`. Month names are case-insensitive, full or 3-letter, plus `Sept`/`Tues`-style
// abbreviations. A bare year (`2025`) counts only after a label or as the front matter value.
//
// Numeric day/month order rule: when only one reading is a valid date, that one is used
// (`13/08/2025` is 13 Aug, `08/13/2025` is 13 Aug). When both are valid, dots mean day-first
// (European `12.08.2025` = 12 Aug 2025) and slashes or hyphens mean US month-first
// (`08/12/2025` = 12 Aug 2025, `12/08/2025` = 8 Dec 2025).
//
// Impossible dates (31 February, 29 February 2025) are ignored: their line is not a dated line.

import type { PartialDate } from './types';
import { formatPartialDate, makePartialDate, todayAsPartialDate } from './dates';

/** How many lines from the top are searched for a dated line. */
export const DATED_LINE_SEARCH_LIMIT = 30;
/** How much of a text's start is read for its date (front matter longer than this is none). */
const HEAD_CHARS = 256 * 1024;

export type DocumentDateSource = 'front-matter' | 'dated-line' | 'today';

export interface DocumentDateResult {
  date: PartialDate;
  source: DocumentDateSource;
  /** 0-based line of the front matter `date:` key or of the dated line. */
  line?: number;
  /** The dated line as written (trimmed), or the front matter `date:` value (unquoted). */
  text?: string;
}

/** A date found in a line; offsets index the normalised line (see `normalizeLine`). */
interface DateCandidate {
  start: number;
  end: number;
  /** undefined when the text has a date's shape but is no real date (31 February). */
  date: PartialDate | undefined;
}

// ---------------------------------------------------------------------------------------------
// Lexical pieces

const MONTH =
  '(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)(?!\\p{L})\\.?';
const NOT_AFTER_WORD = '(?<![\\p{L}\\p{N}])';
const DAY = '(\\d{1,2})(?!\\d)(?:st|nd|rd|th)?(?!\\p{L})';
const YEAR = '(\\d{4})(?!\\d)';
const ISO_TIME = '(?:[T ]\\d{1,2}:\\d{2}(?::\\d{2}(?:[.,]\\d+)?)?(?:\\s?Z|\\s?[+-]\\d{2}(?::?\\d{2})?)?)?';

const MONTH_INDEX: Record<string, number> = {
  jan: 1,
  feb: 2,
  mar: 3,
  apr: 4,
  may: 5,
  jun: 6,
  jul: 7,
  aug: 8,
  sep: 9,
  oct: 10,
  nov: 11,
  dec: 12,
};

function monthFromName(name: string): number | undefined {
  return MONTH_INDEX[name.toLowerCase().slice(0, 3)];
}

const WEEKDAY_WORD = /^(?:mon(?:day)?|tue(?:s(?:day)?)?|wed(?:nesday)?|thu(?:r(?:s(?:day)?)?)?|fri(?:day)?|sat(?:urday)?|sun(?:day)?)$/i;
const WEEKDAY_PREFIX = /^(?:mon(?:day)?|tue(?:s(?:day)?)?|wed(?:nesday)?|thu(?:r(?:s(?:day)?)?)?|fri(?:day)?|sat(?:urday)?|sun(?:day)?)\.?(?:\s*,\s*|\s+)/i;

type PatternKind = 'ymd' | 'ym' | 'numeric' | 'dmy' | 'mdy' | 'my';

const PATTERNS: { kind: PatternKind; re: RegExp }[] = [
  // 2025-08-12, 2025/08/12, 2025.08.12, optionally with an ISO time.
  { kind: 'ymd', re: new RegExp(`${NOT_AFTER_WORD}(\\d{4})([-/.])(\\d{1,2})\\2(\\d{1,2})(?!\\d)${ISO_TIME}`, 'giu') },
  // 2025-08 (month precision); not part of a longer numeric run.
  { kind: 'ym', re: new RegExp(`${NOT_AFTER_WORD}(\\d{4})-(\\d{2})(?!\\d|[-/.:]\\d)`, 'giu') },
  // 12.08.2025, 08/12/2025, 08-12-2025
  { kind: 'numeric', re: new RegExp(`${NOT_AFTER_WORD}(\\d{1,2})([./-])(\\d{1,2})\\2${YEAR}`, 'giu') },
  // 12 August 2025, 12th of Aug. 2025, 12-Aug-2025, 12 August, 2025
  {
    kind: 'dmy',
    re: new RegExp(`${NOT_AFTER_WORD}${DAY}(?:\\s+of)?(?:\\s+|\\s*[-/.]\\s*)${MONTH}(?:\\s*,\\s*|\\s+|\\s*[-/]\\s*)${YEAR}`, 'giu'),
  },
  // August 12, 2025, Aug. 12th 2025
  { kind: 'mdy', re: new RegExp(`${NOT_AFTER_WORD}${MONTH}\\s*${DAY}(?:\\s*,\\s*|\\s+)${YEAR}`, 'giu') },
  // August 2025 (month precision)
  { kind: 'my', re: new RegExp(`${NOT_AFTER_WORD}${MONTH}(?:\\s*,\\s*|\\s+)${YEAR}`, 'giu') },
];

function dateFromMatch(kind: PatternKind, m: RegExpExecArray): PartialDate | undefined {
  switch (kind) {
    case 'ymd':
      return makePartialDate(Number(m[1]), Number(m[3]), Number(m[4]));
    case 'ym':
      return makePartialDate(Number(m[1]), Number(m[2]));
    case 'numeric': {
      const a = Number(m[1]);
      const b = Number(m[3]);
      const year = Number(m[4]);
      const dayFirst = makePartialDate(year, b, a);
      const monthFirst = makePartialDate(year, a, b);
      if (dayFirst && monthFirst) return m[2] === '.' ? dayFirst : monthFirst;
      return dayFirst ?? monthFirst;
    }
    case 'dmy': {
      const month = monthFromName(m[2]);
      return month === undefined ? undefined : makePartialDate(Number(m[3]), month, Number(m[1]));
    }
    case 'mdy': {
      const month = monthFromName(m[1]);
      return month === undefined ? undefined : makePartialDate(Number(m[3]), month, Number(m[2]));
    }
    case 'my': {
      const month = monthFromName(m[1]);
      return month === undefined ? undefined : makePartialDate(Number(m[2]), month);
    }
  }
}

/** All date-shaped spans in `s`, left to right, without overlaps (earliest, then longest wins). */
function findDateCandidates(s: string): DateCandidate[] {
  const all: DateCandidate[] = [];
  for (const { kind, re } of PATTERNS) {
    re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = re.exec(s)) !== null) {
      all.push({ start: m.index, end: m.index + m[0].length, date: dateFromMatch(kind, m) });
      if (m[0].length === 0) re.lastIndex++;
    }
  }
  all.sort((x, y) => x.start - y.start || y.end - y.start - (x.end - x.start));
  const chosen: DateCandidate[] = [];
  let reached = 0;
  for (const c of all) {
    if (c.start < reached) continue;
    chosen.push(c);
    reached = c.end;
  }
  return chosen;
}

// ---------------------------------------------------------------------------------------------
// Line normalisation

const INVISIBLES = /[\u00AD\u061C\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF]/g;
const ODD_SPACES = /[\u00A0\u1680\u2000-\u200A\u202F\u205F\u3000]/g;

/**
 * Strips what hides a date line's shape: bidi and zero-width marks, odd spaces, HTML tags,
 * Markdown emphasis/code marks, and leading quote, heading and bullet markers.
 */
function normalizeLine(line: string): string {
  let s = line.replace(INVISIBLES, '').replace(ODD_SPACES, ' ');
  s = s.replace(/<[^<>]*>/g, ' ');
  s = s.replace(/[*_`~]+/g, '');
  s = s.replace(/^\s*(?:>\s*)*(?:#{1,6}(?:\s+|$))?(?:[-+•]\s+)?/, '');
  return s.trim();
}

// ---------------------------------------------------------------------------------------------
// Label lines

const LABELS = [
  'publish(?:ed|ing)?\\s+date',
  'publication\\s+date',
  'date\\s+of\\s+publication',
  'date\\s+published',
  'pub\\.?\\s*date',
  'published(?:\\s+(?:on|at))?',
  'first\\s+published(?:\\s+(?:on|at))?',
  'posted(?:\\s+(?:on|at))?',
  'last\\s+updated(?:\\s+(?:on|at))?',
  'updated(?:\\s+(?:on|at))?',
  'last\\s+modified(?:\\s+(?:on|at))?',
  'modified(?:\\s+on)?',
  'release\\s+date',
  'released(?:\\s+on)?',
  'issued(?:\\s+on)?',
  'dated',
  'date',
  // Persian and Arabic: "publish date", "date of publication", "date", "published on".
  'تاریخ\\s*انتشار',
  'تاريخ\\s*النشر',
  'التاريخ',
  'تاریخ',
  'تاريخ',
  'منتشر\\s*شده\\s*در',
  'نشر\\s*في',
];

const LABEL_RE = new RegExp(`^(?:${LABELS.join('|')})(?![\\p{L}\\p{N}])\\s*(?:[:：\\-–—=|]\\s*)?`, 'iu');

/**
 * The date at the very start of `s` (after an optional weekday and `on`), or undefined.
 * `allowYear` lets a bare 4-digit year count (after a label, or as a front matter value).
 */
function dateAtStart(s: string, allowYear: boolean): PartialDate | undefined {
  let rest = s.trim().replace(/^["'“”‘’«»([]+/, '');
  rest = rest.replace(/^on\s+/i, '');
  rest = rest.replace(WEEKDAY_PREFIX, '');
  const first = findDateCandidates(rest)[0];
  if (first && first.start === 0) return first.date;
  if (allowYear) {
    const y = /^(\d{4})(?![\d\p{L}]|[-/.:]\d)/u.exec(rest);
    if (y) return makePartialDate(Number(y[1]));
  }
  return undefined;
}

/** The label at the start of a normalised line, with the rest of the line, or undefined. */
function splitLabel(s: string): { label: string; rest: string } | undefined {
  const m = LABEL_RE.exec(s);
  if (!m) return undefined;
  return { label: m[0], rest: s.slice(m[0].length) };
}

// ---------------------------------------------------------------------------------------------
// Lines that are essentially a date

const PLACEHOLDER = '\u0001';
const SEGMENT_SPLIT = /\s*(?:[|•·,;]|\s[-–—]{1,2}\s|[–—]|\s\/\s|\t|\s{3,})\s*/;
const TOKEN_TRIM = /^[()[\]{}.,:;!?"'“”‘’«»]+|[()[\]{}.,:;!?"'“”‘’«»]+$/g;

const FILLERS = new Set([
  'at',
  '@',
  'on',
  'published',
  'posted',
  'updated',
  'last',
  'modified',
  'first',
  'date',
  'dated',
  'pub',
  'local',
  'time',
  'hrs',
  'h',
  'am',
  'pm',
  'a.m',
  'p.m',
  'a.m.',
  'p.m.',
  'noon',
  'midnight',
]);
const LABEL_WORDS = new Set(['published', 'posted', 'updated', 'modified', 'dated', 'date']);
const PARTICLES = new Set([
  'of',
  'the',
  'and',
  'for',
  '&',
  'de',
  'da',
  'del',
  'der',
  'di',
  'du',
  'la',
  'le',
  'al',
  'el',
  'bin',
  'ibn',
  'bint',
  'van',
  'von',
  'y',
  'e',
  'staff',
  'news',
  'agency',
  'correspondent',
  'reporter',
  'writer',
  'editor',
  'desk',
]);
const PROSE_WORDS = new Set([
  'on',
  'in',
  'at',
  'since',
  'from',
  'until',
  'till',
  'before',
  'after',
  'during',
  'as',
  'was',
  'were',
  'is',
  'are',
  'be',
  'been',
  'will',
  'to',
  'when',
  'while',
  'that',
  'which',
  'who',
  'by',
  // Persian: in, to, from, that, with, (object marker), day, became, is, was, will
  'در',
  'به',
  'از',
  'که',
  'با',
  'را',
  'روز',
  'شد',
  'است',
  'بود',
  'خواهد',
  // Arabic: in, from, on, to, about, that, was done, has, day, since
  'في',
  'من',
  'على',
  'إلى',
  'الى',
  'عن',
  'أن',
  'تم',
  'قد',
  'يوم',
  'منذ',
]);

function tokensOf(segment: string): string[] {
  return segment
    .split(/\s+/)
    .map((t) => (t === PLACEHOLDER ? t : t.replace(TOKEN_TRIM, '')))
    .filter((t) => t.length > 0);
}

function isTimeOrZoneToken(t: string): boolean {
  return (
    /^\d{1,2}(?:[:.h]\d{2}){1,2}(?:[ap]\.?m\.?)?$/i.test(t) ||
    /^\d{1,2}[ap]\.?m\.?$/i.test(t) ||
    /^[ap]\.?m\.?$/i.test(t) ||
    /^(?:utc|gmt|z)(?:[+-]\d{1,2}(?::?\d{2})?)?$/i.test(t) ||
    /^[+-]\d{2}:?\d{2}$/.test(t) ||
    /^[A-Z]{2,5}$/.test(t) // EST, IRST, CEST, and agency names such as IRNA
  );
}

/** A token that may stand next to a date in a date segment. */
function isDateishToken(t: string): boolean {
  return t === PLACEHOLDER || WEEKDAY_WORD.test(t.replace(/\.$/, '')) || FILLERS.has(t.toLowerCase()) || isTimeOrZoneToken(t);
}

/** A word that may appear in a byline or a source name. */
function isNameWord(t: string, first: boolean): boolean {
  const lower = t.toLowerCase();
  if (first && lower === 'by') return true;
  if (PROSE_WORDS.has(lower)) return false;
  if (PARTICLES.has(lower)) return true;
  const firstCased = /[\p{Lu}\p{Ll}\p{Lt}]/u.exec(t);
  if (!firstCased) return true; // digits, Arabic, Persian, Hebrew…: no case to judge by
  return /\p{Lu}|\p{Lt}/u.test(firstCased[0]);
}

/** A byline or source segment: "By Jane Doe", "Tehran Times", "IRNA", "خبرگزاری مهر". */
function isNameTokens(tokens: string[]): boolean {
  if (tokens.length === 0 || tokens.length > 8) return false;
  if (tokens.includes(PLACEHOLDER)) return false;
  return tokens.every((t, i) => isNameWord(t, i === 0));
}

const MAX_BARE_LINE_LENGTH = 160;

/** The date of a line that is essentially a date (see the header comment), or undefined. */
function bareDateLine(s: string): PartialDate | undefined {
  if (s.length > MAX_BARE_LINE_LENGTH) return undefined;
  const candidates = findDateCandidates(s);
  if (candidates.length === 0 || !candidates[0].date) return undefined;

  let masked = '';
  let at = 0;
  for (const c of candidates) {
    masked += `${s.slice(at, c.start)} ${PLACEHOLDER} `;
    at = c.end;
  }
  masked += s.slice(at);

  const segments = masked
    .split(SEGMENT_SPLIT)
    .map((seg) => tokensOf(seg))
    .filter((tokens) => tokens.length > 0);

  let nameWords = 0;
  let proseStart = false;
  // `on` is fine straight after a label word ("Posted on 12 Aug 2025") or when the line holds
  // nothing but the date ("On 12 August 2025"); next to other text it makes a sentence.
  const noteProse = (dateish: string[]): void => {
    dateish.forEach((t, i) => {
      if (t.toLowerCase() === 'on' && !(i > 0 && LABEL_WORDS.has(dateish[i - 1].toLowerCase()))) proseStart = true;
    });
  };
  for (const tokens of segments) {
    const p = tokens.indexOf(PLACEHOLDER);
    if (p < 0) {
      if (tokens.every(isDateishToken)) noteProse(tokens);
      else if (isNameTokens(tokens)) nameWords += tokens.length;
      else return undefined;
      continue;
    }
    // The date's own segment: [dateish words | a name] date [times, zones] [a name].
    const before = tokens.slice(0, p);
    const after = tokens.slice(p + 1);
    let k = 0;
    while (k < after.length && isDateishToken(after[k])) k++;
    const trailing = after.slice(k);
    const nameBefore = !before.every(isDateishToken);
    if (!nameBefore) noteProse([...before, ...after.slice(0, k)]);
    else if (isNameTokens(before)) nameWords += before.length;
    else return undefined;
    if (trailing.length > 0) {
      // Words on both sides of the date in one segment read as a sentence.
      if (nameBefore || !isNameTokens(trailing)) return undefined;
      nameWords += trailing.length;
    }
  }
  if (nameWords > 12) return undefined;
  if (proseStart && nameWords > 0) return undefined;
  return candidates[0].date;
}

// ---------------------------------------------------------------------------------------------
// Public API

/**
 * Every valid date written anywhere in `line`, left to right (formats as listed in the header
 * comment; bare years are not included). Use `dateOfDatedLine` to decide whether the line is a
 * dated line.
 */
export function findDatesInLine(line: string): PartialDate[] {
  return findDateCandidates(normalizeLine(line))
    .map((c) => c.date)
    .filter((d): d is PartialDate => d !== undefined);
}

/**
 * Reads a date written on its own, as in a front matter value: `2025-08-12`, `"2025-08-12"`,
 * `2025-08-12T10:00:00Z`, `August 12, 2025`, `12 August 2025`, `Tuesday, 12 Aug 2025 10:00`,
 * `2025-08`, `2025`. The date must come first; trailing times and zones are allowed.
 */
export function parseDateText(value: string): PartialDate | undefined {
  let s = normalizeLine(value);
  s = s.replace(/^(["'])(.*)\1$/, '$2');
  return dateAtStart(s, true);
}

/**
 * The date of `line` if it is a dated line (a label line or a line that is essentially a date,
 * see the header comment), else undefined.
 */
export function dateOfDatedLine(line: string): { date: PartialDate; kind: 'label' | 'bare' } | undefined {
  const s = normalizeLine(line);
  if (s.length === 0) return undefined;
  const labelled = splitLabel(s);
  if (labelled) {
    const date = dateAtStart(labelled.rest, true);
    if (date) return { date, kind: 'label' };
    // A label with no (valid) date right after it: the line may still be essentially a date
    // ("Updated 10:42 GMT, 12 Aug 2025"), so fall through.
  }
  const date = bareDateLine(s);
  return date ? { date, kind: 'bare' } : undefined;
}

/** Lines of `text`, whatever the line endings. */
function splitLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}

/** The index of the line closing a YAML front matter block that opens on line 1, or -1. */
function frontMatterEnd(lines: string[]): number {
  if (lines.length === 0 || lines[0].replace(/^\uFEFF/, '').trimEnd() !== '---') return -1;
  for (let i = 1; i < lines.length; i++) {
    const l = lines[i].trimEnd();
    if (l === '---' || l === '...') return i;
  }
  return -1;
}

/** The top-level `date:` of the front matter closing on line `close`, or undefined. */
function frontMatterDate(lines: string[], close: number): DocumentDateResult | undefined {
  for (let i = 1; i < close; i++) {
    const m = /^date\s*:(.*)$/i.exec(lines[i]);
    if (!m) continue;
    let value = m[1].trim();
    // Strip a YAML comment (` #` outside quotes) and matching quotes.
    const quoted = /^(["'])(.*?)\1/.exec(value);
    if (quoted) value = quoted[2].trim();
    else value = value.replace(/\s+#.*$/, '').trim();
    const date = parseDateText(value);
    if (date) return { date, source: 'front-matter', line: i, text: value };
    return undefined; // the first top-level `date:` decides; an unreadable one falls back to lines
  }
  return undefined;
}

/**
 * The document's date (SPEC §5): the YAML front matter `date:` (front matter must open on line 1
 * with `---` and close with `---` or `...`; the first top-level `date:` decides), else the first
 * dated line among the first 30 lines (counted from line 1; top-level front matter keys such as
 * `published: 2025-08-12` count as label lines), else today's date from `now`.
 */
export function findDocumentDate(text: string, now: Date = new Date()): DocumentDateResult {
  // Front matter and the first 30 lines lie at the top: a big document is not split whole.
  const lines = splitLines(text.length > HEAD_CHARS ? text.slice(0, HEAD_CHARS) : text);
  const close = frontMatterEnd(lines);
  const fromFrontMatter = close > 0 ? frontMatterDate(lines, close) : undefined;
  if (fromFrontMatter) return fromFrontMatter;
  const limit = Math.min(lines.length, DATED_LINE_SEARCH_LIMIT);
  for (let i = 0; i < limit; i++) {
    // Inside front matter only top-level keys count (`published: 2025-08-12`), not nested ones.
    if (i <= close && /^[\s-]/.test(lines[i])) continue;
    const found = dateOfDatedLine(lines[i]);
    if (found) return { date: found.date, source: 'dated-line', line: i, text: lines[i].trim() };
  }
  return { date: todayAsPartialDate(now), source: 'today' };
}

function shorten(s: string, max = 80): string {
  return s.length <= max ? s : `${s.slice(0, max - 1).trimEnd()}…`;
}

/**
 * A one-line, plain-text explanation for humans (line numbers 1-based), e.g.
 * "12 Aug 2025 (from line 3: “Publish Date : 12 August 2025”)",
 * "12 Aug 2025 (from front matter, line 2: “date: 2025-08-12”)",
 * "21 Nov 2026 (today: no date found in the document)".
 * Not escaped for Markdown or HTML: the caller escapes.
 */
export function describeDocumentDate(result: DocumentDateResult): string {
  const when = formatPartialDate(result.date);
  switch (result.source) {
    case 'front-matter': {
      const where = result.line === undefined ? 'from front matter' : `from front matter, line ${result.line + 1}`;
      return result.text === undefined ? `${when} (${where})` : `${when} (${where}: “date: ${shorten(result.text)}”)`;
    }
    case 'dated-line': {
      const where = result.line === undefined ? 'from a dated line' : `from line ${result.line + 1}`;
      return result.text === undefined ? `${when} (${where})` : `${when} (${where}: “${shorten(result.text)}”)`;
    }
    case 'today':
      return `${when} (today: no date found in the document)`;
  }
}
