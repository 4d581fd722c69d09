// Per-code-unit lookup tables used by the matcher's hot loop. A table lookup per character is the
// cheapest way to apply SPEC §2's normalisation (case, quotes, dashes, white space) without
// allocating a normalised copy of the text, so offsets stay the editor's UTF-16 offsets.

/** Code unit classes (bit flags). */
export const WORD = 1; // Unicode letter, mark or digit: part of a word
export const HIGH_SURROGATE = 2; // first half of an astral character: classify by code point
export const SPACE = 4; // any white space, line breaks included
export const IGNORABLE = 8; // skipped inside words when matching (Arabic harakat, tatweel, soft hyphen)

/** Folded value of white space: every run of white space matches one ASCII space. */
export const FOLDED_SPACE = 0x20;
/** Folded value of an ignorable code unit. */
export const FOLDED_IGNORE = 0xffff;

export interface CharTables {
  /** Class flags per code unit. */
  classOf: Uint8Array;
  /** Case-insensitive fold per code unit: lower case, typographic quotes and dashes to ASCII. */
  foldInsensitive: Uint16Array;
  /** The same fold without lowering case, for case-sensitive aliases. */
  foldSensitive: Uint16Array;
  /**
   * The hot loop's single lookup: `NOT_WORD` (0) for a code unit that is not part of a word,
   * `WORD_IGNORE` for an ignorable mark, `WORD_SURROGATE` for a high surrogate (classify by code
   * point), else the case-insensitive fold of a word character (always above `WORD_SURROGATE`,
   * so one comparison tells an ordinary letter from the three special cases).
   */
  wordFold: Uint16Array;
}

/** `wordFold` values below every folded letter. */
export const NOT_WORD = 0;
export const WORD_IGNORE = 1;
export const WORD_SURROGATE = 2;

const WORD_CHAR = /[\p{L}\p{M}\p{N}]/u;
const WHITE_SPACE = /\s/u;

// Forms that SPEC §2 makes equal, and Arabic-script letter variants analysts type interchangeably
// (Persian keyboards give ی and ک where Arabic text has ي and ك).
const PUNCTUATION_FOLDS: Record<number, number> = {
  0x2019: 0x27,
  0x2018: 0x27,
  0x201b: 0x27,
  0x2032: 0x27,
  0x02bc: 0x27, // ’ ‘ ‛ ′ ʼ → '
  0x201c: 0x22,
  0x201d: 0x22,
  0x201f: 0x22,
  0x2033: 0x22, // “ ” ‟ ″ → "
  0x2010: 0x2d,
  0x2011: 0x2d,
  0x2012: 0x2d,
  0x2013: 0x2d,
  0x2014: 0x2d,
  0x2015: 0x2d,
  0x2212: 0x2d, // dashes → -
  0x06cc: 0x064a,
  0x06a9: 0x0643, // Persian yeh, keheh → Arabic yeh, kaf
  0x0623: 0x0627,
  0x0625: 0x0627,
  0x0622: 0x0627,
  0x0671: 0x0627, // alef with hamza/madda/wasla → alef
};

function isIgnorable(code: number): boolean {
  return (code >= 0x064b && code <= 0x065f) || code === 0x0670 || code === 0x0640 || code === 0x00ad;
}

let cached: CharTables | undefined;

/** Builds the tables once (a few milliseconds), on first use rather than at activation. */
export function charTables(): CharTables {
  if (cached) return cached;
  const classOf = new Uint8Array(0x10000);
  const foldInsensitive = new Uint16Array(0x10000);
  const foldSensitive = new Uint16Array(0x10000);
  const wordFold = new Uint16Array(0x10000);
  for (let code = 0; code < 0x10000; code++) {
    let cls = 0;
    let sensitive = code;
    let insensitive = code;
    if (code >= 0xd800 && code <= 0xdbff) {
      cls = HIGH_SURROGATE;
    } else if (code >= 0xdc00 && code <= 0xdfff) {
      cls = 0; // a lone low surrogate never starts anything
    } else {
      const ch = String.fromCharCode(code);
      if (isIgnorable(code)) {
        cls = WORD | IGNORABLE;
        sensitive = insensitive = FOLDED_IGNORE;
      } else if (WORD_CHAR.test(ch)) {
        cls = WORD;
        const lower = ch.toLowerCase();
        if (lower.length === 1) insensitive = lower.charCodeAt(0);
      } else if (WHITE_SPACE.test(ch)) {
        cls = SPACE;
        sensitive = insensitive = FOLDED_SPACE;
      }
      const punct = PUNCTUATION_FOLDS[code];
      if (punct !== undefined) {
        sensitive = punct;
        insensitive = punct;
      }
    }
    classOf[code] = cls;
    foldSensitive[code] = sensitive;
    foldInsensitive[code] = insensitive;
    wordFold[code] = cls & HIGH_SURROGATE ? WORD_SURROGATE : cls & IGNORABLE ? WORD_IGNORE : cls & WORD ? insensitive : NOT_WORD;
  }
  cached = { classOf, foldInsensitive, foldSensitive, wordFold };
  return cached;
}

/** Whether the code point at `index` is a word character (letters, marks, digits; astral too). */
export function isWordAt(text: string, index: number, tables: CharTables = charTables()): boolean {
  if (index < 0 || index >= text.length) return false;
  const code = text.charCodeAt(index);
  const cls = tables.classOf[code];
  if (cls & WORD) return true;
  if (cls & HIGH_SURROGATE) return WORD_CHAR.test(String.fromCodePoint(text.codePointAt(index)!));
  if (code >= 0xdc00 && code <= 0xdfff && index > 0) {
    // Low half of an astral character: classify the whole code point.
    const cp = text.codePointAt(index - 1)!;
    if (cp > 0xffff) return WORD_CHAR.test(String.fromCodePoint(cp));
  }
  return false;
}

/** Whether a word character ends just before `index` (so `index` cannot start a whole word). */
export function isWordBefore(text: string, index: number, tables: CharTables = charTables()): boolean {
  return index > 0 && isWordAt(text, index - 1, tables);
}

/** normaliseName's buffer, shared by every call (a build normalises 400,000 names); grown up to NORMALISE_BUFFER_MAX. */
let normaliseBuffer = new Uint16Array(256);
const NORMALISE_BUFFER_MAX = 1 << 16;

/**
 * The normalised form of a name or alias as the index stores it: folded, white space runs
 * collapsed to one space and trimmed, ignorable marks dropped. `caseSensitive` keeps case.
 */
export function normaliseName(text: string, caseSensitive: boolean, tables: CharTables = charTables()): string {
  const fold = caseSensitive ? tables.foldSensitive : tables.foldInsensitive;
  if (normaliseBuffer.length < text.length && text.length <= NORMALISE_BUFFER_MAX) {
    normaliseBuffer = new Uint16Array(Math.min(NORMALISE_BUFFER_MAX, Math.max(text.length, 2 * normaliseBuffer.length)));
  }
  // A longer text (no name is) gets a buffer of its own.
  const out = text.length <= normaliseBuffer.length ? normaliseBuffer : new Uint16Array(text.length);
  let length = 0;
  for (let i = 0; i < text.length; i++) {
    const folded = fold[text.charCodeAt(i)];
    if (folded === FOLDED_IGNORE) continue;
    if (folded === FOLDED_SPACE && (length === 0 || out[length - 1] === FOLDED_SPACE)) continue;
    out[length++] = folded;
  }
  while (length > 0 && out[length - 1] === FOLDED_SPACE) length--;
  let result = '';
  for (let i = 0; i < length; i += 4096) result += String.fromCharCode.apply(null, out.subarray(i, Math.min(length, i + 4096)) as unknown as number[]);
  return result;
}

/**
 * SPEC §2: an alias written in capitals of up to 4 letters (`US`, `UN`, `GCC`, `IRGC`, `U.S.`)
 * matches only as written.
 */
export function isShortCapitals(text: string): boolean {
  let letters = 0;
  // ASCII first, without a string per character: there a letter is A-Z or a-z, and a-z is lower case.
  let i = 0;
  for (; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0x80) break;
    if (code >= 0x61 && code <= 0x7a) return false;
    if (code >= 0x41 && code <= 0x5a && ++letters > 4) return false;
  }
  if (i === text.length) return letters > 0;
  for (const ch of text.slice(i)) {
    if (!/\p{L}/u.test(ch)) continue;
    letters++;
    if (letters > 4) return false;
    if (ch.toLowerCase() === ch) return false; // lower case or uncased (Arabic, CJK)
  }
  return letters > 0;
}

/**
 * The longest form the matcher indexes: at most this many parts (words, and punctuation marks
 * each on its own) and this many UTF-16 code units once normalised. A walk of the trie from a
 * place in the text never goes further than the longest form, so these caps keep a scan linear
 * in the text whatever the registry holds (issue 17: one alias of a thousand repeated words made
 * a 1 MB text take 20 s). Real names are far shorter: the longest of the 39,000 names and
 * aliases of the Phoenix dictionaries has 19 parts and 101 code units.
 */
export const MAX_FORM_PARTS = 32;
export const MAX_FORM_LENGTH = 256;

/** Whether a normalised form (`normaliseName`) is longer than the matcher indexes (MAX_FORM_PARTS, MAX_FORM_LENGTH). */
export function isFormTooLong(form: string, tables: CharTables = charTables()): boolean {
  if (form.length > MAX_FORM_LENGTH) return true;
  const classOf = tables.classOf;
  let parts = 0;
  let inWord = false;
  for (let i = 0; i < form.length; i++) {
    const code = form.charCodeAt(i);
    const cls = classOf[code];
    if (cls & SPACE) {
      inWord = false;
    } else if (cls & (WORD | HIGH_SURROGATE) || (code >= 0xdc00 && code <= 0xdfff)) {
      if (!inWord) parts++;
      inWord = true;
    } else {
      parts++; // a punctuation mark: a place a walk may start
      inWord = false;
    }
  }
  return parts > MAX_FORM_PARTS;
}

const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

/**
 * Whether a name or alias can name anything: it holds at least one Unicode letter or digit
 * (issue 17). A form of punctuation, invisible characters or lone combining marks only ("-",
 * "'", "...", U+200B, U+FEFF) would match every dash or apostrophe of a text.
 */
export function hasLetterOrDigit(text: string): boolean {
  return LETTER_OR_DIGIT.test(text);
}
