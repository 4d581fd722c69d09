// TABARI / PETRARCH / Phoenix actor dictionaries (`*.actors.txt`) → registry YAML (SPEC §1).
// Pure core: no `vscode`, no Node built-ins. Never throws on bad input: whatever cannot be read
// becomes a warning with its file and line, and the rest is imported.
//
// The dictionary format, as PETRARCH reads it:
//   NAME_WITH_UNDERSCORES_  [CODE] [CODE …]  # comment     a primary phrase starts an actor
//   +ALIAS_                                               a synonym of the current actor
//   <tab>[CODE 080528-200528]                             a code valid in a date range
//   <tab>[CODE >080528]  /  [CODE <080528]                from / until a date
//   <tab>[CODE]                                           the default code (at any other time)
//   # comment, <!-- comment -->, ---STOP---
// A primary phrase without any code shares the codes of the next actor that has some (PETRARCH
// stores both under the same code slot), e.g. `POLITBURO_…` followed by `COMMUNIST_PARTY_… [SUNGOV]`.
//
// How an actor becomes an entity (the heuristics, documented in docs/cli.md too):
// - name: underscores → spaces, trailing `_` dropped, words in title case except acronyms
//   (`U.N.`, `UN`, `KRG`, Roman numerals…) and particles (of, the, al, bin…); a final
//   `(ABBR)` becomes an alias. `ALI_LARIJANI` → "Ali Larijani".
// - roles: one per code, titled from the CAMEO code (`IRNGOV` → "Government of Iran",
//   `ISRMILHLH` → "Military of Israel (health)"); `of:` the state entity of the code's country
//   when this import emits one. Same-title roles whose periods overlap or touch are merged.
// - dates: `yymmdd` (two-digit years 00–30 are 20xx, later ones 19xx: the TABARI/PETRARCH rule,
//   `centuryPivot`) or `yyyymmdd`; other lengths are read as PETRARCH reads them, with a warning.
// - type: see `decideType` below.
// - ids: slug of the name; a taken slug gets the country code, then -2, -3….
// - an alias another entity already has is left out (a YAML comment says so): mentions of it
//   would go to the first entity anyway, and the registry stays free of collision warnings.
// - generic forms (`genericVerdict`, docs/phoenix-precision.md): a name or alias that would
//   match ordinary sentences — "the" and common words ("The Foundation"), one common word
//   ("Tigers", "Senate", "YOUTH" where it spells no initials of the entity's names), a title
//   without a name ("Secretary of State"), two letters or a number ("313") — is dropped with a
//   warning and a YAML comment. A place's name that is also a word ("Cork", "Saga") and an
//   alias of several common words ("Red Brigades") are imported as `caseSensitive: true`. An
//   entity whose own name is dropped is named after its first distinctive alias, or else left
//   out (a warning and a YAML comment say so); names of several common words stay (names cannot
//   be case-sensitive), two-word ones with a warning. `stats.generic` counts it all by reason,
//   the result's `generic` lists each form.

import { describeCameoCode, CameoDescription, CAMEO_COUNTRIES, own } from './cameoCodes';
import { hasLetterOrDigit, isShortCapitals, normaliseName } from './charTables';
import { COMMON_ALIAS_WORDS, ROLE_NOUNS, TITLE_WORDS } from './commonWords';
import { EVERYDAY_WORDS, GENERIC_WORDS, OFFICE_WORDS } from './genericPhrases';
import { makePartialDate, partialDateEnd, partialDateStart } from './dates';
import type { EntityType, PartialDate } from './types';
import { appendAll } from './arrays';

export interface PhoenixSource {
  /** File name or path, for messages and comments. */
  name: string;
  text: string;
}

export interface ImportWarning {
  file: string;
  /** 1-based line; 0 for the whole file. */
  line: number;
  message: string;
  /** What kind of warning, for programs; absent for reading problems. */
  code?: 'generic-dropped' | 'generic-renamed' | 'generic-left-out' | 'generic-kept' | 'generic-summary';
}

export interface PhoenixImportOptions {
  /** Two-digit years up to and including this one are 20xx, later ones 19xx. Default 30 (TABARI/PETRARCH). */
  centuryPivot?: number;
  /** Keep the dictionaries' comments (and the original codes) as YAML comments. Default true. */
  comments?: boolean;
  /** Called after each source file has been read. */
  onProgress?: (filesDone: number, filesTotal: number, file: string) => void;
}

export interface ImportedRole {
  title: string;
  of?: string;
  from?: PartialDate;
  to?: PartialDate;
  /** The original `[CODE date]` text(s) this role came from. */
  sources: string[];
  comments: string[];
}

export interface ImportedAlias {
  text: string;
  comment?: string;
  /** Written as `{ text, caseSensitive: true }`: matched only as written (SPEC §2). */
  caseSensitive?: boolean;
  /** 1-based line of the dictionary entry it came from, where known. */
  line?: number;
}

/** Why a name or alias counts as generic (see `genericVerdict`). */
export type GenericReason = 'article' | 'word' | 'title' | 'short' | 'phrase' | 'acronym';

/** What the import did with a generic name or alias. */
export type GenericAction = 'dropped' | 'caseSensitive' | 'leftOut' | 'kept';

export interface GenericForm {
  file: string;
  line: number;
  /** Id of the entity it belongs to (of the entity left out, the id it would have had). */
  entityId: string;
  text: string;
  /** Whether it was the entity's name. */
  isName: boolean;
  reason: GenericReason;
  /**
   * dropped: not imported; caseSensitive: imported as `caseSensitive: true`; leftOut: the
   * entity's name, and the entity was left out; kept: an entity's name kept as it is (a state's,
   * or common words only) — still risky, counted so that it is known.
   */
  action: GenericAction;
}

export interface GenericCounts {
  dropped: number;
  caseSensitive: number;
  /** Entities left out because their name is generic and no alias could replace it. */
  entitiesLeftOut: number;
  /** Entities named after an alias because their own name is generic. */
  renamed: number;
  /** Generic names kept as they are (names cannot be case-sensitive). */
  namesKept: number;
  byReason: Record<GenericReason, { dropped: number; caseSensitive: number; leftOut: number; kept: number }>;
}

export interface ImportedEntity {
  id: string;
  name: string;
  type: EntityType;
  aliases: ImportedAlias[];
  roles: ImportedRole[];
  affiliations: string[];
  file: string;
  /** 1-based line of the primary phrase. */
  line: number;
  /** Comment lines written before the entity. */
  leading: string[];
  /** Comment written after `name:`. */
  nameComment?: string;
  /** Comment lines written at the end of the entity. */
  notes: string[];
}

export interface PhoenixImportStats {
  files: number;
  /** Primary phrases read. */
  actors: number;
  entities: number;
  aliases: number;
  roles: number;
  byType: Record<EntityType, number>;
  /** Actors folded into another entity (repeated entries, extra names of a state). */
  merged: number;
  /** Of `merged`: repeated entries folded into the first. */
  mergedRepeated: number;
  /** Of `merged`: entries coded only as a state, folded into the state as more names of it. */
  mergedIntoStates: number;
  /** Person names among an organisation's synonyms, made entities of their own. */
  personsSplit: number;
  /** Other places among a place's synonyms (cities listed under one city), made places of their own. */
  placesSplit: number;
  /** Surname and given-name–surname aliases generated for people (shared ones are resolved per mention). */
  surnameAliases: number;
  /** Aliases left out because an earlier entity has the same name. */
  aliasesLeftOut: number;
  /** Lines of agent dictionaries (generic nouns, not actors) skipped. */
  agentLines: number;
  /** Generic names and aliases: what was dropped, made case-sensitive or left out. */
  generic: GenericCounts;
}

export interface PhoenixImportResult {
  yaml: string;
  entities: ImportedEntity[];
  warnings: ImportWarning[];
  stats: PhoenixImportStats;
  /** Every generic name and alias and what the import did with it. */
  generic: GenericForm[];
}

// ---------------------------------------------------------------------------------------------
// Reading the dictionary text

interface RawCode {
  /** The text inside the brackets, trimmed. */
  text: string;
  code: string;
  date: string;
  line: number;
  comment?: string;
}

interface RawAlias {
  text: string;
  line: number;
  comment?: string;
}

interface RawActor {
  file: string;
  line: number;
  phrase: string;
  comment?: string;
  aliases: RawAlias[];
  codes: RawCode[];
  leading: string[];
  inner: string[];
  /** The actor whose codes this codeless phrase shares (PETRARCH). */
  codesFrom?: RawActor;
}

interface ParsedDictionary {
  file: string;
  header: string[];
  actors: RawActor[];
  trailing: string[];
  agentLines: number;
}

const CODE_RE = /^[A-Z]{3}[A-Z0-9]*$|^-{3}$/;

function splitComment(text: string): { content: string; comment?: string } {
  const hash = text.indexOf('#');
  if (hash < 0) return { content: text };
  const comment = cleanComment(text.slice(hash + 1));
  return comment ? { content: text.slice(0, hash), comment } : { content: text.slice(0, hash) };
}

function cleanComment(text: string): string {
  return text
    .replace(/[\r\n]+/g, ' ')
    .replace(/\s+$/, '')
    .replace(/^\s/, '');
}

/** `[…]` groups of `content`, and what is left outside them. */
function bracketGroups(content: string): { groups: { text: string; column: number }[]; outside: string; unclosed: boolean } {
  const groups: { text: string; column: number }[] = [];
  let outside = '';
  let unclosed = false;
  let i = 0;
  while (i < content.length) {
    const open = content.indexOf('[', i);
    if (open < 0) {
      outside += content.slice(i);
      break;
    }
    outside += content.slice(i, open);
    const close = content.indexOf(']', open + 1);
    if (close < 0) {
      groups.push({ text: content.slice(open + 1).trim(), column: open });
      unclosed = true;
      break;
    }
    groups.push({ text: content.slice(open + 1, close).trim(), column: open });
    i = close + 1;
  }
  return { groups, outside, unclosed };
}

function parseDictionary(file: string, text: string, warn: (line: number, message: string) => void): ParsedDictionary {
  const result: ParsedDictionary = { file, header: [], actors: [], trailing: [], agentLines: 0 };
  const lines = text.replace(/^\uFEFF/, '').split('\n');
  let current: RawActor | undefined;
  let pending: string[] = [];
  let agentCodes = 0;

  /** Reads the `[…]` codes of a line into `into`; returns how many were agent codes (`[~AGR]`). */
  const readCodes = (content: string, line: number, comment: string | undefined, into: RawActor): number => {
    let agents = 0;
    const { groups, unclosed } = bracketGroups(content);
    if (unclosed) warn(line, 'Unclosed “[”: the code runs to the end of the line.');
    groups.forEach((group, index) => {
      const m = /^(\S+)\s*(.*)$/.exec(group.text);
      if (!m) {
        warn(line, 'Empty code “[]” ignored.');
        return;
      }
      const code = m[1].toUpperCase();
      if (code.includes('~')) {
        agents++;
        return;
      }
      if (!CODE_RE.test(code)) {
        warn(line, `Unreadable CAMEO code “${m[1]}” ignored.`);
        return;
      }
      into.codes.push({
        text: group.text,
        code,
        date: m[2].trim(),
        line,
        // The line's comment goes with its last code.
        comment: index === groups.length - 1 ? comment : undefined,
      });
    });
    return agents;
  };

  for (let index = 0; index < lines.length; index++) {
    const lineNumber = index + 1;
    const raw = lines[index].replace(/\r$/, '');
    const trimmed = raw.trim();
    if (trimmed === '') {
      if (!current && pending.length > 0) {
        appendAll(result.header, pending).push('');
        pending = [];
      }
      continue;
    }
    if (trimmed.includes('---STOP---')) {
      warn(lineNumber, '“---STOP---”: the rest of the file is not read (as PETRARCH does).');
      break;
    }
    if (trimmed.startsWith('#')) {
      pending.push(cleanComment(trimmed.replace(/^#/, '')));
      continue;
    }
    if (raw.startsWith('<')) {
      pending.push(cleanComment(trimmed.replace(/^<!--\s*/, '').replace(/\s*-->$/, '')));
      continue;
    }
    if (/^!\w+!\s*=/.test(trimmed)) {
      result.agentLines++;
      continue;
    }
    const { content, comment } = splitComment(trimmed);
    if (content.trim() === '') {
      if (comment) pending.push(comment);
      continue;
    }
    if (content.startsWith('[')) {
      if (!current) {
        warn(lineNumber, 'A code line before any actor is ignored.');
        continue;
      }
      if (pending.length > 0) appendAll(current.inner, pending);
      pending = [];
      agentCodes += readCodes(content, lineNumber, comment, current);
      continue;
    }
    if (content.startsWith('+')) {
      if (!current) {
        warn(lineNumber, 'A synonym (“+…”) before any actor is ignored.');
        continue;
      }
      if (pending.length > 0) appendAll(current.inner, pending);
      pending = [];
      const { groups, outside } = bracketGroups(content);
      if (groups.length > 0) agentCodes += readCodes(content.slice(content.indexOf('[')), lineNumber, undefined, current);
      // `+A_+B_`: two synonyms run together.
      const parts = outside
        .slice(1)
        .split('+')
        .map((s) => s.trim())
        .filter((s) => s.length > 0);
      if (parts.length > 1) warn(lineNumber, `Synonym line holds ${parts.length} synonyms joined by “+”: read as separate synonyms.`);
      if (parts.length === 0) warn(lineNumber, 'Empty synonym ignored.');
      parts.forEach((part, k) => current!.aliases.push({ text: part, line: lineNumber, comment: k === parts.length - 1 ? comment : undefined }));
      continue;
    }
    // A primary phrase.
    if (content.includes('!') && /![A-Z]+!/.test(content)) {
      result.agentLines++;
      continue;
    }
    const bracket = content.indexOf('[');
    const phrase = (bracket >= 0 ? content.slice(0, bracket) : content).trim();
    if (phrase === '') {
      warn(lineNumber, 'Line without a name ignored.');
      continue;
    }
    const actor: RawActor = { file, line: lineNumber, phrase, comment, aliases: [], codes: [], leading: pending, inner: [] };
    if (bracket >= 0) {
      const { groups, outside } = bracketGroups(content.slice(bracket));
      const agents = readCodes(content.slice(bracket), lineNumber, undefined, actor);
      if (agents > 0 && agents === groups.length) {
        // An agent (`FARMER [~AGR]`): a kind of actor, not an actor; so are the phrases without
        // codes just before it, which would share its code.
        result.agentLines++;
        while (result.actors.length > 0 && result.actors[result.actors.length - 1].codes.length === 0) {
          result.actors.pop();
          result.agentLines++;
        }
        current = undefined;
        continue;
      }
      agentCodes += agents;
      if (outside.trim() !== '') warn(lineNumber, `Text after the code ignored: “${outside.trim()}”.`);
    }
    current = actor;
    pending = [];
    result.actors.push(current);
  }
  result.trailing = pending;
  if (agentCodes > 0) result.agentLines += agentCodes;
  // PETRARCH: phrases without codes share the code slot of the next actor that has codes.
  let run: RawActor[] = [];
  for (const actor of result.actors) {
    if (actor.codes.length === 0) {
      run.push(actor);
      continue;
    }
    for (const codeless of run) codeless.codesFrom = actor;
    run = [];
  }
  for (const codeless of run) {
    if (result.agentLines === 0) warn(codeless.line, `“${codeless.phrase}” has no CAMEO code: imported without roles.`);
  }
  return result;
}

// ---------------------------------------------------------------------------------------------
// Dates

/**
 * A TABARI date (`yymmdd` or `yyyymmdd`) as a day date. Two-digit years up to `pivot` are 20xx,
 * later ones 19xx. Lengths 7, 9 and 10 are read as PETRARCH does (the first 6 or 8 digits; a
 * 10-digit `19yyyymmdd` as its last 8) with a note. Undefined when it is no calendar date.
 */
export function parseTabariDate(digits: string, pivot = 30): { date?: PartialDate; note?: string } {
  if (!/^\d+$/.test(digits)) return {};
  const fromYmd = (year: number, mmdd: string): PartialDate | undefined => makePartialDate(year, Number(mmdd.slice(0, 2)), Number(mmdd.slice(2, 4)));
  const six = (s: string): PartialDate | undefined => {
    const yy = Number(s.slice(0, 2));
    return fromYmd(yy <= pivot ? 2000 + yy : 1900 + yy, s.slice(2, 6));
  };
  const eight = (s: string): PartialDate | undefined => fromYmd(Number(s.slice(0, 4)), s.slice(4, 8));
  switch (digits.length) {
    case 6:
      return { date: six(digits) };
    case 8:
      return { date: eight(digits) };
    case 7: {
      const date = six(digits.slice(0, 6));
      return { date, note: date ? `read as yymmdd ${digits.slice(0, 6)} (its first 6 digits, as PETRARCH does)` : undefined };
    }
    case 9: {
      const date = eight(digits.slice(0, 8));
      return { date, note: date ? `read as yyyymmdd ${digits.slice(0, 8)} (its first 8 digits, as PETRARCH does)` : undefined };
    }
    case 10: {
      const last = eight(digits.slice(2));
      if (/^(19|20)/.test(digits) && last && last.year >= 1900 && last.year < 2100) {
        return { date: last, note: `read as yyyymmdd ${digits.slice(2)} (a doubled century)` };
      }
      const date = eight(digits.slice(0, 8));
      return { date, note: date ? `read as yyyymmdd ${digits.slice(0, 8)} (its first 8 digits, as PETRARCH does)` : undefined };
    }
    default:
      return {};
  }
}

/** The period of a code's date restriction; `ok: false` when it cannot be read. */
function readPeriod(date: string, pivot: number, warn: (message: string) => void): { ok: boolean; from?: PartialDate; to?: PartialDate } {
  const text = date.trim();
  if (text === '') return { ok: true };
  const one = (digits: string, what: string): PartialDate | undefined => {
    const { date: d, note } = parseTabariDate(digits, pivot);
    if (!d) {
      warn(`Unreadable ${what} date “${digits}” (expected yymmdd or yyyymmdd): code ignored.`);
      return undefined;
    }
    if (note) warn(`Date “${digits}” ${note}: ${d.text}.`);
    return d;
  };
  let m = /^([<>])\s*(\d+)$/.exec(text);
  if (m) {
    const d = one(m[2], m[1] === '<' ? 'end' : 'start');
    if (!d) return { ok: false };
    return m[1] === '<' ? { ok: true, to: d } : { ok: true, from: d };
  }
  m = /^(\d+)\s*-\s*(\d+)$/.exec(text);
  if (m) {
    let from = one(m[1], 'start');
    const to = one(m[2], 'end');
    if (!from || !to) return { ok: false };
    if (partialDateStart(from) > partialDateEnd(to) && m[1].length === 6 && from.year >= 2000) {
      // `300101-310101`: the century rule put the start in 2030; the range says 1930.
      const earlier = makePartialDate(from.year - 100, from.month, from.day);
      if (earlier && partialDateStart(earlier) <= partialDateEnd(to)) {
        warn(`Date range “${text}”: start read as ${earlier.text}, not ${from.text}, as the range ends ${to.text}.`);
        from = earlier;
      }
    }
    if (partialDateStart(from) > partialDateEnd(to)) {
      warn(`Date range “${text}” ends (${to.text}) before it starts (${from.text}): code ignored (as PETRARCH does).`);
      return { ok: false };
    }
    return { ok: true, from, to };
  }
  m = /^(\d+)$/.exec(text);
  if (m) {
    const from = one(m[1], 'start');
    if (!from) return { ok: false };
    warn(`Date “${text}” has no “<”, “>” or range: read as the start date.`);
    return { ok: true, from };
  }
  warn(`Unreadable date restriction “${text}”: code ignored.`);
  return { ok: false };
}

// ---------------------------------------------------------------------------------------------
// Names

const KNOWN_ACRONYMS = new Set(
  (
    'UN US USA UK EU UAE USSR NATO OPEC ASEAN UNICEF UNESCO UNHCR UNDP UNFPA UNSC IAEA OAU AU GCC OIC OAS ' +
    'ICC ICJ IMF WTO WHO SADC ECOWAS IGAD NGO NGOS PLO PKK ETA IRA ANC FARC ELN KDP PUK KRG IDF IRGC SNSC ' +
    'CIA FBI NSA KGB FSB GRU BBC CNN AFP AP UPI ITAR TASS DPRK PRC ROK DRC ROC NLD BNP ASEAN OSCE OECD ' +
    'APEC SCO CSTO EFTA ECB UNAMA UNAMI UNIFIL UNMIS UNMIL MONUC MONUSCO AMISOM ISAF KFOR SFOR IFOR ' +
    'PA PNA PLA PLF PFLP DFLP LTTE MQM PPP BJP INC AKP CHP HDP MHP SPLA SPLM JEM RUF ECOMOG AQAP AQIM ' +
    'ISIS ISIL IS HTS SDF YPG PYD FSA SAA LNA GNA NTC TFG ARS ICU OLF ONLF TPLF EPRDF ZANU MDC MPLA UNITA ' +
    'FRELIMO RENAMO SWAPO NPFL ULIMO LURD MODEL ADF LRA NRA RPF FDLR CNDP M23 FNL CNDD FDD'
  ).split(' '),
);
const NOT_ACRONYMS = new Set(['MR', 'MRS', 'MS', 'DR', 'ST', 'JR', 'SR', 'MT', 'LT', 'SGT', 'CPL', 'PVT', 'GEN', 'COL', 'CPT', 'CAPT', 'MRS.', 'FT', 'HWY']);
const PARTICLES = new Set(
  'of the and for in on at to by with from de del della der den di da das dos du des la le les van von y e bin ibn al el ul ud ur ad et aux sur'.split(' '),
);
const ROMAN = /^(II|III|IV|VI|VII|VIII|IX|XI|XII|XIII|XIV|XV|XVI)$/;

/** Whether a word of a dictionary phrase is an acronym that stays in capitals. */
function isAcronymWord(word: string, organisation: boolean, single: boolean): boolean {
  const core = word.replace(/^[("'“]+|[)"'”,;:]+$/g, '');
  if (core.length === 0) return false;
  const upper = core.toUpperCase();
  if (/\p{L}\.\p{L}/u.test(core)) return true; // U.N., R.K.
  if (NOT_ACRONYMS.has(upper.replace(/\.$/, ''))) return false;
  if (KNOWN_ACRONYMS.has(upper.replace(/\.$/, ''))) return true;
  if (ROMAN.test(upper)) return true;
  const letters = upper.replace(/[^\p{L}]/gu, '');
  if (letters.length === 0) return false;
  if (letters.length >= 2 && !/[AEIOUYÀ-ÖØ-Ý]/.test(letters) && /^[A-Z]+$/.test(letters)) return true; // KRG, PKK
  if (letters.length >= 2 && !/[A-Za-z]/.test(letters) && /^\P{Ll}+$/u.test(letters) && /\p{Lu}/u.test(letters)) {
    // Non-Latin capitals: Cyrillic СССР reads as an acronym when it has no vowels of its script
    return !/[АЕЁИОУЫЭЮЯ]/.test(letters);
  }
  // AMAL (the Lebanese movement, written Amal): four letters alternating consonant and vowel read
  // as a word, not an acronym; in capitals it would match only as written (SPEC §2, issue 17).
  if (organisation && single && readsAsWord(letters)) return false;
  if (organisation && single && letters.length <= 5 && /^\p{Lu}+$/u.test(letters) && !/\d/.test(core)) return true; // UNSC, IPCC, ETA
  return false;
}

/** Four Latin capitals alternating consonant and vowel (AMAL, EYAL, SONY), not a known acronym: a word. */
function readsAsWord(letters: string): boolean {
  if (letters.length !== 4 || !/^[A-Z]+$/.test(letters) || KNOWN_ACRONYMS.has(letters)) return false;
  const vowel = (k: number): boolean => /[AEIOU]/.test(letters[k]) || (letters[k] === 'Y' && k === letters.length - 1);
  for (let k = 1; k < letters.length; k++) if (vowel(k) === vowel(k - 1)) return false;
  return true;
}

function capitaliseWordPart(part: string, index: number): string {
  if (part.length === 0) return part;
  let out = part.toLowerCase();
  // O'Neill, N'Djamena, d'Ivoire (a lone letter before the apostrophe)
  out = out.replace(
    /^(\p{L})(['’])(\p{L})/u,
    (_m, a: string, q: string, b: string) => (index > 0 && (a === 'd' || a === 'l') ? a : a.toUpperCase()) + q + b.toUpperCase(),
  );
  if (/^\p{Ll}/u.test(out) && !(index > 0 && /^[dl]['’]/.test(out))) out = out[0].toUpperCase() + out.slice(1);
  out = out.replace(/^Mc(\p{Ll})/u, (_m, b: string) => `Mc${b.toUpperCase()}`);
  return out;
}

/**
 * A dictionary phrase as people write it: `ALI_LARIJANI_` → "Ali Larijani",
 * `UN_SECRETARY_GENERAL` → "UN Secretary General", `COTE_D'IVOIRE_` → "Cote d'Ivoire".
 */
export function readableName(phrase: string, options: { organisation?: boolean } = {}): string {
  const spaced = phrase.replace(/_/g, ' ').replace(/\s+/g, ' ').trim();
  if (spaced === '') return '';
  const words = spaced.split(' ');
  const single = words.length === 1;
  return words
    .map((word, index) => {
      if (!/\p{L}/u.test(word)) return word;
      if (isAcronymWord(word, options.organisation === true, single)) return word.toUpperCase();
      const lower = word.toLowerCase();
      if (index > 0 && PARTICLES.has(lower)) return lower;
      // Hyphenated words: each part (Mazar-i-Sharif keeps its particles low).
      return word
        .split('-')
        .map((part, k) => {
          if (k > 0 && PARTICLES.has(part.toLowerCase())) return part.toLowerCase();
          if (k > 0 && /^(i|e|ul|ud|ur)$/i.test(part)) return part.toLowerCase();
          if (isAcronymWord(part, false, false)) return part.toUpperCase();
          return capitaliseWordPart(part, index + k);
        })
        .join('-');
    })
    .join(' ');
}

/**
 * A final parenthesis of a phrase: an abbreviation (`ADEN_ABYAN_ISLAMIC_ARMY_(AAIA)_`) becomes an
 * alias; any other qualifier (`GEORGIA_(CAUCASUS)_`, `GEORGIA_(SOVEREIGN_STATE)`) is dropped, as
 * nobody writes it in a text.
 */
function splitAbbreviation(phrase: string): { phrase: string; abbreviation?: string } {
  const m = /^(.*?[^\s_(])[\s_]*\(([^()]+)\)[\s_]*$/.exec(phrase);
  if (!m) return { phrase };
  const inside = m[2].replace(/_/g, ' ').trim();
  if (!/^[A-Z0-9][A-Z0-9.&-]{1,11}$/.test(inside)) return { phrase: m[1] };
  const letters = inside.replace(/[^A-Z]/g, '');
  const initials = m[1]
    .split(/[\s_-]+/)
    .map((w) => w.replace(/[^A-Za-z]/g, '')[0]?.toUpperCase() ?? '')
    .join('');
  let k = 0;
  for (const ch of initials) if (k < letters.length && ch === letters[k]) k++;
  const fromInitials = letters.length > 0 && k === letters.length;
  if (fromInitials || letters.length <= 4 || !/[AEIOUY]/.test(letters)) return { phrase: m[1], abbreviation: inside };
  return { phrase: m[1] };
}

/** An id from a name: lower case ASCII letters and digits joined by `-`. */
export function slugify(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/['’]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
    .replace(/-+$/, '');
}

// ---------------------------------------------------------------------------------------------
// Generic forms: names and aliases that would match ordinary sentences

/** Every word a generic form may be made of (lower case). */
const GENERIC_LOWER: ReadonlySet<string> = new Set([
  ...GENERIC_WORDS,
  ...EVERYDAY_WORDS,
  ...OFFICE_WORDS,
  ...COMMON_ALIAS_WORDS,
  ...TITLE_WORDS,
  ...ROLE_NOUNS,
]);
const FUNCTION_WORDS = new Set('of the and for in on at to by with from a an'.split(' '));
/** How the summary warning names each reason. */
const REASON_LABELS: Record<GenericReason, string> = {
  article: '“the” and common words',
  word: 'a common word',
  title: 'a title without a name',
  short: 'too short or a number',
  phrase: 'common words only',
  acronym: 'an acronym that is also a word',
};

interface GenericVerdict {
  reason: GenericReason;
  /** drop: not imported; caseSensitive: imported as `caseSensitive: true` (a name cannot be: see step 6b). */
  action: 'drop' | 'caseSensitive';
  /** Why, for the warning and the YAML comment. */
  why: string;
}

/** The words of a form as written, a possessive ’s dropped (a word: letters, marks and digits, as SPEC §2). */
function formWords(text: string): string[] {
  return text
    .split(/[^\p{L}\p{M}\p{N}'’]+/u)
    .map((w) => w.replace(/['’]s$/u, '').replace(/['’]/g, ''))
    .filter((w) => w.length > 0);
}

/** A form without a leading “The ” or a final “, the” (“The UN” → “UN”, “Order, the” → “Order”). */
function withoutArticle(text: string): string {
  return text.replace(/^the\s+(?=\S)/i, '').replace(/(?<=\S)\s*,\s*the\s*$/i, '');
}

/** A word written in capitals (an acronym or an initial: "US", "U" of "U.S.", "INC"). */
function inCapitals(word: string): boolean {
  return /^\p{Lu}[\p{Lu}\p{N}]*$/u.test(word);
}

/** Whether `word` (in capitals) spells initials of one of `forms`: LET of Lashkar-e-Taiba, ELF of Earth Liberation Front. */
function isAcronymOf(word: string, forms: readonly string[]): boolean {
  const letters = word.replace(/[^\p{L}]/gu, '').toUpperCase();
  if (letters.length < 2) return false;
  return forms.some((form) => {
    const initials = form
      .split(/[\s_-]+/)
      .map((w) => w.replace(/[^\p{L}]/gu, '')[0]?.toUpperCase() ?? '')
      .filter((c) => c !== '');
    if (initials.length < 2 || initials[0] !== letters[0]) return false;
    let k = 0;
    for (const ch of initials) if (k < letters.length && ch === letters[k]) k++;
    return k === letters.length;
  });
}

/**
 * Whether a name or alias is generic: made of common English words, so that it would match
 * ordinary sentences. Undefined when it is distinctive. `otherForms`: the entity's names (an
 * acronym that is also a word, "LET", counts as an acronym when it spells the initials of one).
 */
export function genericVerdict(text: string, type: EntityType, otherForms: readonly string[] = []): GenericVerdict | undefined {
  let letters = 0;
  for (const ch of text) if (/\p{L}/u.test(ch)) letters++;
  if (letters === 0) return { reason: 'short', action: 'drop', why: 'no letters, it would match that number anywhere' };
  if (letters <= 2 && !/\p{N}/u.test(text) && !isShortCapitals(text)) {
    return { reason: 'short', action: 'drop', why: `${letters === 1 ? 'one letter' : 'two letters'} and not in capitals, it would match short words anywhere` };
  }
  const words = formWords(text);
  if (words.length === 0) return undefined;
  const generic = (w: string): boolean => !inCapitals(w) && GENERIC_LOWER.has(w.toLowerCase());
  const lowered = text.toLowerCase().replace(/\s+/g, ' ').trim();

  // "The Foundation", "Order, the": an article and common words.
  const trailingThe = words.length > 1 && /,\s*the\s*$/i.test(text);
  const leadingThe = words.length > 1 && words[0].toLowerCase() === 'the';
  if (leadingThe || trailingThe) {
    const rest = leadingThe ? words.slice(1) : words.slice(0, -1);
    if (rest.every(generic)) {
      const phrase = ['the', ...rest.map((w) => w.toLowerCase())].join(' ');
      return { reason: 'article', action: 'drop', why: `“the” and common words, it would match “${phrase}” in ordinary sentences` };
    }
    return undefined;
  }

  if (words.length === 1) {
    const word = words[0];
    const lower = word.toLowerCase();
    if (!GENERIC_LOWER.has(lower)) return undefined;
    if (inCapitals(word) && isAcronymOf(word, otherForms)) {
      // An acronym of the entity's name that is also a word: matched only as written.
      return isShortCapitals(text) ? undefined : { reason: 'acronym', action: 'caseSensitive', why: `an acronym that is also the word “${lower}”` };
    }
    // Otherwise a word in capitals is the word (YOUTH for a Basque group whose name means youth).
    if (TITLE_WORDS.has(lower) || ROLE_NOUNS.has(lower)) {
      return { reason: 'title', action: 'drop', why: `a title without a name, it would match every “${lower}”` };
    }
    if ((type === 'state' || type === 'place') && !GENERIC_WORDS.has(lower)) {
      return { reason: 'word', action: 'caseSensitive', why: `a place's name that is also the word “${lower}”` };
    }
    return { reason: 'word', action: 'drop', why: `a common English word, it would match every “${lower}”` };
  }

  if (!words.every(generic)) return undefined;
  // "Secretary of State", "Prime Minister": a title of one or two words (longer ones name one
  // office: "Director of Central Intelligence"; a leading "General" is an adjective there).
  const content = words.filter((w) => !FUNCTION_WORDS.has(w.toLowerCase()));
  const first = content[0]?.toLowerCase() ?? '';
  const last = content[content.length - 1]?.toLowerCase() ?? '';
  if (content.length <= 2 && ((ROLE_NOUNS.has(first) && first !== 'general') || ROLE_NOUNS.has(last))) {
    return { reason: 'title', action: 'drop', why: `a title without a name, it would match “${lowered}” said of anyone` };
  }
  return { reason: 'phrase', action: 'caseSensitive', why: `common words only, it would match “${lowered}” in ordinary sentences` };
}

// ---------------------------------------------------------------------------------------------
// Entity types

const ORGANISATION_WORDS = new Set(
  (
    'MINISTRY MINISTRIES DEPARTMENT DEPT AGENCY AGENCIES COUNCIL COMMITTEE COMMISSION PARTY PARTIES FRONT MOVEMENT ' +
    'ARMY ARMIES FORCE FORCES BRIGADE BRIGADES BATTALION BATTALIONS REGIMENT DIVISION CORPS POLICE GUARD GUARDS NAVY ' +
    'MILITIA MILITIAS ORGANIZATION ORGANISATION ORGANIZATIONS ASSOCIATION UNION FEDERATION LEAGUE ALLIANCE COALITION ' +
    'INSTITUTE INSTITUTION FOUNDATION FUND BANK COMPANY CORPORATION CORP INC LTD PLC LLC GMBH GROUP GROUPS ' +
    'SOCIETY CENTER CENTRE NETWORK PARLIAMENT ASSEMBLY CONGRESS SENATE COURT TRIBUNAL GOVERNMENT CABINET OFFICE ' +
    'AUTHORITY BUREAU SERVICE SERVICES UNIVERSITY COLLEGE SCHOOL ACADEMY HOSPITAL CHURCH MISSION PROGRAM PROGRAMME ' +
    'PROJECT TRUST BOARD SECRETARIAT ADMINISTRATION REGIME CONFERENCE FORUM CLUB AIRLINES AIRWAYS TELECOM ' +
    'TELECOMMUNICATIONS NEWS RADIO TELEVISION TV JUNTA REBELS GUERRILLA GUERRILLAS GUERRILLERO CELL CELLS NUCLEI ' +
    'NUCLEUS COMMAND FIGHTERS SOLDIERS TROOPS MILITANTS INSURGENTS SEPARATISTS COMMUNITY PARTNERSHIP INITIATIVE ' +
    'UNIT UNITS TEAM PANEL CHAMBER EXCHANGE HOLDINGS INDUSTRIES SYSTEMS TECHNOLOGIES ENTERPRISES LABORATORIES ' +
    'POLITBURO PRESIDIUM DUMA KNESSET MAJLIS SHURA JIRGA DIET LEGISLATURE JUDICIARY MILITARY CONSULATE ' +
    'EMBASSY DELEGATION SYNDICATE CARTEL CONFEDERATION ORDER BROTHERHOOD SISTERHOOD COOPERATIVE COUNCILS ' +
    'COMMISSIONS COMMITTEES NETWORKS TRIBE TRIBES CLAN CLANS PRESS DAILY MAGAZINE JOURNAL TIMES HERALD GAZETTE ' +
    'CORPORATE BRANCH HEADQUARTERS OBSERVATORY WATCH INTERNATIONAL INC. LTD. CO CO. S.A. N.V. L.P. ' +
    'MONITORS MONITOR PEACEKEEPERS PEACEKEEPING OBSERVERS DIRECTORATE INTELLIGENCE TASKFORCE COMMANDO COMMANDOS ' +
    'FACTION FACTIONS BLOC CAUCUS SQUAD SQUADS LEGION BANCORP BANCSHARES CAPITAL INVESTMENTS PARTNERS'
  ).split(' '),
);
const PERSON_WORDS = new Set(
  (
    'PRESIDENT PREMIER MINISTER CHANCELLOR KING QUEEN PRINCE PRINCESS EMIR AMIR SHEIKH SHEIK SULTAN AYATOLLAH ' +
    'IMAM POPE CARDINAL BISHOP ARCHBISHOP PATRIARCH RABBI MULLAH CLERIC COLONEL GENERAL LEADER CHAIRMAN ' +
    'CHAIRWOMAN CHAIRPERSON SECRETARY AMBASSADOR ENVOY SENATOR GOVERNOR MAYOR SPEAKER DICTATOR CHIEF MR MRS MS DR ' +
    'SIR LORD LADY CZAR TSAR SHAH MONARCH EMPEROR EMPRESS CROWN SPOKESMAN SPOKESWOMAN SPOKESPERSON COMMANDER ' +
    'MARSHAL ADMIRAL CAPTAIN MAJOR LIEUTENANT SERGEANT DEPUTY VICE-PRESIDENT CONGRESSMAN CONGRESSWOMAN MP ' +
    'RAPPORTEUR REPRESENTATIVE DIRECTOR COMMISSIONER PROSECUTOR JUDGE ATTORNEY COUNSELLOR ADVISER ' +
    'ADVISOR AIDE PM FM'
  ).split(' '),
);
const PLACE_WORDS = new Set(
  (
    'OCEAN SEA GULF RIVER LAKE ISLAND ISLANDS ISLE PROVINCE PROVINCES REGION DISTRICT CITY TOWN VILLAGE VALLEY STRAIT ' +
    'STRAITS PENINSULA MOUNTAIN MOUNTAINS DESERT BAY COAST STRIP BASIN PLATEAU CANAL DELTA OASIS GOVERNORATE ' +
    'PREFECTURE COUNTY TERRITORY TERRITORIES HIGHLANDS'
  ).split(' '),
);
/** Words of a state's name (organisation words elsewhere: "African Union" is an organisation). */
const STATE_WORDS = new Set(
  'UNION FEDERATION CONFEDERATION REPUBLIC KINGDOM EMIRATE EMIRATES STATES SOVIET COMMONWEALTH DOMINION PRINCIPALITY SULTANATE EMPIRE'.split(' '),
);
const HEAD_BREAK = new Set(['OF', 'FOR', 'IN', 'ON', 'AT', 'TO', 'AGAINST', 'FROM', 'WITH']);

/** The last type keyword in the phrase's head (the words before the first "of", "for", …). */
function headKeyword(phrase: string): 'organization' | 'person' | 'place' | 'state' | undefined {
  const words = phrase
    .toUpperCase()
    .replace(/[_\s]+/g, ' ')
    .replace(/\([^)]*\)/g, ' ')
    .trim()
    .split(' ')
    .filter((w) => w.length > 0);
  let found: 'organization' | 'person' | 'place' | 'state' | undefined;
  for (let i = 0; i < words.length; i++) {
    const word = words[i].replace(/['’]S$/, '').replace(/[^\p{L}.&-]/gu, '');
    if (i > 0 && HEAD_BREAK.has(word)) break;
    for (const w of word.split('-')) {
      if (STATE_WORDS.has(w)) found = 'state';
      else if (ORGANISATION_WORDS.has(w)) found = 'organization';
      else if (PERSON_WORDS.has(w)) found = 'person';
      else if (PLACE_WORDS.has(w)) found = 'place';
    }
    if (i + 1 < words.length && words[i] === 'PRIME' && words[i + 1] === 'MINISTER') found = 'person';
  }
  return found;
}

/** Whether a phrase has the shape of a personal name: 2–5 words, letters only (and initials). */
function personShaped(phrase: string): boolean {
  const words = phrase.replace(/_/g, ' ').trim().split(/\s+/);
  if (words.length < 2 || words.length > 5) return false;
  return words.every((w) => /^[\p{L}'’.-]+$/u.test(w));
}

function firstWord(phrase: string): string {
  return phrase.replace(/_/g, ' ').trim().split(/\s+/)[0]?.toUpperCase() ?? '';
}

// A few given names common in the news the dictionaries were built for; the import adds the
// first names of every actor it recognises as a person by stronger signs (dated roles, ELI codes).
const GIVEN_NAMES = new Set(
  (
    'ABDUL ABDEL ABDALLAH ABDULLAH ABU AHMAD AHMED ALI AMIR ANDREW ANNA ANN ANNE ANTONIO BORIS CARLOS CHARLES DANIEL ' +
    'DAVID ELIZABETH FRANCOIS FRANK GEORGE HAMID HASSAN HOSSEIN HUSSEIN IBRAHIM IVAN JACQUES JAMES JEAN JOHN JOSE ' +
    'JOSEPH JUAN KARL KHALED KHALID LUIS MAHMOUD MARIA MARIE MARK MARTIN MARY MICHAEL MOHAMMAD MOHAMMED MOHAMED ' +
    'MUHAMMAD MUSTAFA NICOLAS OMAR PAUL PETER PIERRE RICHARD ROBERT SERGEI SERGEY THOMAS VLADIMIR WILLIAM YURI ' +
    'GILLIAN LOUISE MICHELE PHILIP RALPH MATTHEW LENA MANFRED JAN ERIK EARL'
  ).split(' '),
);

// ---------------------------------------------------------------------------------------------
// Building entities

interface Draft {
  actor: RawActor;
  /** The primary phrase without a final `(ABBR)`. */
  phrase: string;
  /** headKeyword of the actor's phrase (computed once). */
  head: ReturnType<typeof headKeyword>;
  abbreviation?: string;
  name: string;
  type: EntityType;
  aliases: ImportedAlias[];
  roles: ImportedRole[];
  /** Role country codes, for `of:` and affiliations once state ids are known. */
  roleCountries: (string | undefined)[];
  codes: { raw: RawCode; description: CameoDescription; from?: PartialDate; to?: PartialDate }[];
  /** The state's own country code (type state). */
  stateCode?: string;
  country?: string;
  notes: string[];
  id?: string;
}

/** Two spellings of one name: one holds the other, they share a word of four letters or more, or they differ in at most a third of their letters. */
function sameNameSpelling(a: string, b: string): boolean {
  const plain = (s: string): string => normaliseName(s, false).replace(/[^\p{L}\p{N} ]/gu, '');
  const x = plain(a);
  const y = plain(b);
  if (x === y) return true;
  const [short, long] = x.length <= y.length ? [x, y] : [y, x];
  if (short.length >= 4 && long.includes(short)) return true;
  const words = new Set(x.split(' ').filter((w) => w.length >= 4));
  if (y.split(' ').some((w) => words.has(w))) return true;
  const squeezed = (s: string): string => s.replace(/ /g, '');
  const p = squeezed(x);
  const q = squeezed(y);
  if (Math.abs(p.length - q.length) > Math.max(p.length, q.length) / 3) return false;
  // Levenshtein distance, two rows (names are short).
  let prev = Array.from({ length: q.length + 1 }, (_, j) => j);
  for (let i = 1; i <= p.length; i++) {
    const cur = [i];
    for (let j = 1; j <= q.length; j++) cur.push(Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (p[i - 1] === q[j - 1] ? 0 : 1)));
    prev = cur;
  }
  return prev[q.length] <= Math.max(p.length, q.length) / 3;
}

/** At most this many people may share a generated surname alias (more would only be noise). */
const MAX_SURNAME_SHARERS = 5;
const NAME_SUFFIXES = new Set(['JR', 'JR.', 'SR', 'SR.', 'II', 'III', 'IV']);

/**
 * Surname and given-name–surname aliases for people (issue 17): "Larijani" and "Ali Larijani"
 * from "Ali Ardeshir Larijani". A form several people share is a shared name, resolved per
 * mention (SPEC §9); a form that is a name of anything but a person, a given name, a generic
 * word, shorter than four letters, or shared by more than MAX_SURNAME_SHARERS people is not
 * added.
 */
function addSurnameAliases(
  entities: ImportedEntity[],
  owners: ReadonlyMap<string, readonly { id: string }[]>,
  givenNames: ReadonlySet<string>,
  stats: PhoenixImportStats,
): void {
  const typeOf = new Map(entities.map((e) => [e.id, e.type]));
  const candidates = new Map<string, { text: string; entity: ImportedEntity }[]>();
  for (const entity of entities) {
    if (entity.type !== 'person') continue;
    const words = entity.name.split(/\s+/).filter((w) => w.length > 0);
    while (words.length > 2 && NAME_SUFFIXES.has(words[words.length - 1].toUpperCase())) words.pop();
    if (words.length < 2 || !words.every((w) => /^[\p{L}'’.-]+$/u.test(w))) continue;
    const surname = words[words.length - 1];
    const forms = [surname];
    if (words.length >= 3 && !PARTICLES.has(words[words.length - 2].toLowerCase())) forms.push(`${words[0]} ${surname}`);
    for (const text of forms) {
      const key = normaliseName(text, false);
      let list = candidates.get(key);
      if (!list) candidates.set(key, (list = []));
      if (!list.some((c) => c.entity === entity)) list.push({ text, entity });
    }
  }
  for (const [key, list] of candidates) {
    if (list.length > MAX_SURNAME_SHARERS) continue;
    const text = list[0].text;
    const single = !text.includes(' ');
    if (single && (text.replace(/[^\p{L}]/gu, '').length < 4 || givenNames.has(text.toUpperCase()) || PARTICLES.has(text.toLowerCase()))) continue;
    if (/^\p{Lu}+$/u.test(text)) continue; // capitals would be case-sensitive
    if (genericVerdict(text, 'person')) continue;
    const named = owners.get(key) ?? [];
    if (named.some((o) => typeOf.get(o.id) !== 'person' || !list.some((c) => c.entity.id === o.id))) continue; // another entity's name wins
    for (const { entity } of list) {
      if (normaliseName(entity.name, false) === key || entity.aliases.some((a) => normaliseName(a.text, false) === key)) continue;
      const what = single ? 'surname' : 'given name and surname';
      const comment = list.length > 1 ? `${what}, shared with ${list.length - 1} more: resolved per mention` : what;
      // Matched only as written: a surname is capitalised in a text ("Rice", not "rice").
      const alias: ImportedAlias = { text: list.find((c) => c.entity === entity)?.text ?? text, comment };
      if (single) alias.caseSensitive = true;
      entity.aliases.push(alias);
      stats.aliases++;
      stats.surnameAliases++;
    }
  }
}

/** Whether a role's period overlaps or directly follows another's (same title: one role). */
function periodsJoin(a: ImportedRole, b: ImportedRole): boolean {
  const aStart = a.from ? partialDateStart(a.from) : -Infinity;
  const aEnd = a.to ? partialDateEnd(a.to) : Infinity;
  const bStart = b.from ? partialDateStart(b.from) : -Infinity;
  const bEnd = b.to ? partialDateEnd(b.to) : Infinity;
  const dayAfter = (d: number): number => {
    if (!Number.isFinite(d)) return d;
    const date = new Date(Date.UTC(Math.floor(d / 10000), (Math.floor(d / 100) % 100) - 1, (d % 100) + 1));
    return date.getUTCFullYear() * 10000 + (date.getUTCMonth() + 1) * 100 + date.getUTCDate();
  };
  return aStart <= dayAfter(bEnd) && bStart <= dayAfter(aEnd);
}

function mergeRoles(roles: ImportedRole[]): ImportedRole[] {
  const out: ImportedRole[] = [];
  for (const role of roles) {
    // Undated (default) codes are kept apart from dated ones with the same title.
    const undated = !role.from && !role.to;
    const same = out.find((o) => o.title === role.title && o.of === role.of && (undated ? !o.from && !o.to : (o.from || o.to) && periodsJoin(o, role)));
    if (!same) {
      out.push({ ...role, sources: [...role.sources], comments: [...role.comments] });
      continue;
    }
    if (!undated) {
      if (!role.from || (same.from && partialDateStart(role.from) < partialDateStart(same.from))) same.from = role.from;
      if (!role.to || (same.to && partialDateEnd(role.to) > partialDateEnd(same.to))) same.to = role.to;
      if (!role.from) same.from = undefined;
      if (!role.to) same.to = undefined;
    }
    appendAll(same.sources, role.sources);
    appendAll(same.comments, role.comments);
  }
  // Chronological: periods by start, the default (undated) roles last.
  const key = (r: ImportedRole): number => (r.from ? partialDateStart(r.from) : r.to ? 0 : Number.MAX_SAFE_INTEGER);
  return out
    .map((role, index) => ({ role, index }))
    .sort((a, b) => key(a.role) - key(b.role) || a.index - b.index)
    .map((x) => x.role);
}

function addAlias(draft: Draft, text: string, comment?: string, line?: number): void {
  if (text.trim() === '') return;
  const alias: ImportedAlias = comment ? { text, comment } : { text };
  if (line !== undefined) alias.line = line;
  draft.aliases.push(alias);
}

/** Decides person / organization / state / place / other (see the file comment). */
function decideType(draft: Draft, givenNames: ReadonlySet<string>, strongOnly: boolean): EntityType | undefined {
  const { actor, codes } = draft;
  const headWord = draft.head;
  const real = codes.filter((c) => !c.description.none);
  const dated = real.some((c) => c.from || c.to);
  const hasEli = real.some((c) => c.description.roles.includes('ELI'));
  const countryInfo = /countryinfo/i.test(actor.comment ?? '');
  const first = firstWord(actor.phrase);
  const nameLike = personShaped(actor.phrase) && (givenNames.has(first) || /^\p{L}\.$/u.test(first) || /^\p{L}\.\p{L}\./u.test(first));

  if (real.length === 0) {
    // No code (or [---]): the name alone decides.
    if (headWord === 'state') return 'organization';
    if (headWord) return headWord;
    if (strongOnly) return undefined;
    return nameLike ? 'person' : 'other';
  }
  if (real.every((c) => c.description.countryOnly)) {
    // Coded as a state: the state itself, another name of it, or a territory (see step 4).
    if (headWord === 'organization' || headWord === 'person') return headWord;
    if (countryInfo || hasEli) return 'person';
    if (personShaped(actor.phrase) && !dated && headWord === undefined) {
      if (strongOnly) return undefined;
      if (nameLike) return 'person';
    }
    return 'state';
  }
  if (real.every((c) => c.description.regionOnly)) {
    if (headWord === 'organization' || headWord === 'person' || headWord === 'state') return headWord === 'state' ? 'organization' : headWord;
    if (personShaped(actor.phrase) && headWord === undefined) {
      if (strongOnly) return undefined;
      if (nameLike) return 'person';
    }
    return 'place';
  }
  // Coded with roles, sectors or organisations.
  if (headWord === 'organization' || headWord === 'state') return 'organization';
  if (headWord === 'person') return 'person';
  if (hasEli || countryInfo) return 'person';
  if (dated && personShaped(actor.phrase)) return 'person';
  if (strongOnly) return undefined;
  const corporation = real.every((c) => c.description.organisationType === 'MNC');
  if (nameLike && !corporation) return 'person';
  if (dated) return 'person';
  const onlyGroups = real.every(
    (c) =>
      !c.description.organisationType &&
      c.description.organisations.length === 0 &&
      c.description.roles.length > 0 &&
      c.description.roles.every((r) => RELIGION_OR_GROUP.has(r)),
  );
  return onlyGroups ? 'other' : 'organization';
}

/** Codes naming a community (a religion or an ethnic group) rather than an institution. */
const RELIGION_OR_GROUP = new Set([
  'ADR',
  'ALE',
  'ATH',
  'BAH',
  'BUD',
  'CHR',
  'CON',
  'CPT',
  'CTH',
  'DOX',
  'DRZ',
  'HIN',
  'ITR',
  'JAN',
  'JEW',
  'JHW',
  'LDS',
  'MOS',
  'MUS',
  'NRM',
  'PAG',
  'PRO',
  'SFI',
  'SHI',
  'SHN',
  'SIK',
  'SUN',
  'TAO',
  'UDX',
  'ZRO',
  'KUR',
  'UIG',
  'TAM',
  'TIB',
  'PAL',
  'ROM',
  'KAS',
  'CVL',
  'REF',
]);

/** The state's own current code: a bare country code without an end date. */
function currentStateCode(draft: Draft): string | undefined {
  for (const c of draft.codes) {
    const d = c.description;
    if (d.countryOnly && d.roles.length === 0 && d.code.length === 3 && !c.to) return d.code;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// YAML output

const YAML_RESERVED = /^(?:true|false|null|yes|no|on|off|y|n|~)$/i;
const PLAIN_SAFE = /^[\p{L}][\p{L}\p{M}\p{N} .,'’&()/+!?-]*$/u;

/** A scalar as YAML: plain when unambiguous, else double-quoted (JSON escapes are valid YAML). */
export function yamlScalar(text: string): string {
  if (PLAIN_SAFE.test(text) && !YAML_RESERVED.test(text) && !/\s$/.test(text)) return text;
  return JSON.stringify(text);
}

function yamlComment(text: string): string {
  return text.replace(/[\r\n\u2028\u2029]+/g, ' ').trimEnd();
}

function writeYaml(
  dictionaries: ParsedDictionary[],
  entitiesByFile: Map<string, ImportedEntity[]>,
  options: { comments: boolean; pivot: number },
  stats: PhoenixImportStats,
  leftOut: ReadonlyMap<string, readonly { line: number; text: string }[]> = new Map(),
): string {
  const out: string[] = [];
  const c = options.comments;
  out.push('# Entity registry imported from TABARI/Phoenix actor dictionaries by `analyst-markup import phoenix`.');
  // File names only: a registry shared through git should not carry someone's local folders.
  const baseName = (file: string): string => file.replace(/^.*[\\/]/, '');
  out.push(`# Sources: ${dictionaries.map((d) => baseName(d.file)).join(', ')}.`);
  out.push(
    `# ${stats.entities} entities, ${stats.aliases} aliases, ${stats.roles} roles. Role titles come from the CAMEO codes` +
      (c ? ' (each role’s comment keeps the original code);' : ';'),
  );
  out.push(`# two-digit years 00–${String(options.pivot).padStart(2, '0')} are read as 20xx, later ones as 19xx (the TABARI/PETRARCH rule).`);
  out.push('entities:');
  for (const dictionary of dictionaries) {
    const entities = entitiesByFile.get(dictionary.file) ?? [];
    if (c) {
      out.push(`  # ---- ${yamlComment(baseName(dictionary.file))} ----`);
      const header = [...dictionary.header];
      while (header.length > 0 && header[header.length - 1] === '') header.pop();
      for (const line of header) out.push(line === '' ? '  #' : `  # ${yamlComment(line)}`);
      out.push('');
    }
    const omitted = [...(leftOut.get(dictionary.file) ?? [])];
    const flushOmitted = (beforeLine: number): void => {
      while (c && omitted.length > 0 && omitted[0].line < beforeLine) out.push(`  # ${yamlComment(omitted.shift()!.text)}`);
    };
    for (const e of entities) {
      flushOmitted(e.line);
      if (c) for (const line of e.leading) out.push(`  # ${yamlComment(line)}`);
      out.push(`  - id: ${yamlScalar(e.id)}`);
      out.push(`    name: ${yamlScalar(e.name)}${c && e.nameComment ? `  # ${yamlComment(e.nameComment)}` : ''}`);
      out.push(`    type: ${e.type}`);
      if (e.aliases.length > 0) {
        out.push('    aliases:');
        for (const a of e.aliases) {
          const note = c && a.comment ? `  # ${yamlComment(a.comment)}` : '';
          // A block mapping, as roles are: the fast reader (fastYaml.ts) leaves a flow mapping
          // followed by a comment to the slow yaml library, and with it the whole file.
          if (a.caseSensitive) out.push(`      - text: ${yamlScalar(a.text)}${note}`, '        caseSensitive: true');
          else out.push(`      - ${yamlScalar(a.text)}${note}`);
        }
      }
      if (e.roles.length > 0) {
        out.push('    roles:');
        for (const role of e.roles) {
          const note = c ? `  # ${yamlComment([role.sources.map((s) => `[${s}]`).join(' '), ...role.comments].join(' · '))}` : '';
          out.push(`      - title: ${yamlScalar(role.title)}${note}`);
          if (role.of) out.push(`        of: ${yamlScalar(role.of)}`);
          if (role.from) out.push(`        from: ${role.from.text}`);
          if (role.to) out.push(`        to: ${role.to.text}`);
        }
      }
      if (e.affiliations.length > 0) out.push(`    affiliations: [${e.affiliations.map(yamlScalar).join(', ')}]`);
      if (c) for (const line of e.notes) out.push(`    # ${yamlComment(line)}`);
    }
    flushOmitted(Infinity);
    if (c && dictionary.trailing.length > 0) {
      for (const line of dictionary.trailing) out.push(`  # ${yamlComment(line)}`);
    }
  }
  out.push('');
  return out.join('\n');
}

// ---------------------------------------------------------------------------------------------
// The import

/** Imports TABARI/Phoenix actor dictionaries into one registry YAML text. */
export function importPhoenix(sources: readonly PhoenixSource[], options: PhoenixImportOptions = {}): PhoenixImportResult {
  const pivot = options.centuryPivot ?? 30;
  const comments = options.comments !== false;
  const warnings: ImportWarning[] = [];
  const stats: PhoenixImportStats = {
    files: sources.length,
    actors: 0,
    entities: 0,
    aliases: 0,
    roles: 0,
    byType: { person: 0, organization: 0, state: 0, place: 0, position: 0, other: 0 },
    merged: 0,
    mergedRepeated: 0,
    mergedIntoStates: 0,
    personsSplit: 0,
    placesSplit: 0,
    surnameAliases: 0,
    aliasesLeftOut: 0,
    agentLines: 0,
    generic: {
      dropped: 0,
      caseSensitive: 0,
      entitiesLeftOut: 0,
      renamed: 0,
      namesKept: 0,
      byReason: {
        article: { dropped: 0, caseSensitive: 0, leftOut: 0, kept: 0 },
        word: { dropped: 0, caseSensitive: 0, leftOut: 0, kept: 0 },
        title: { dropped: 0, caseSensitive: 0, leftOut: 0, kept: 0 },
        short: { dropped: 0, caseSensitive: 0, leftOut: 0, kept: 0 },
        phrase: { dropped: 0, caseSensitive: 0, leftOut: 0, kept: 0 },
        acronym: { dropped: 0, caseSensitive: 0, leftOut: 0, kept: 0 },
      },
    },
  };

  // 1. Read every file.
  const dictionaries: ParsedDictionary[] = [];
  sources.forEach((source, index) => {
    const warn = (line: number, message: string): void => {
      warnings.push({ file: source.name, line, message });
    };
    let dictionary: ParsedDictionary;
    try {
      dictionary = parseDictionary(source.name, source.text, warn);
    } catch (error) {
      warn(0, `Could not read this file (${error instanceof Error ? error.message : String(error)}).`);
      dictionary = { file: source.name, header: [], actors: [], trailing: [], agentLines: 0 };
    }
    if (dictionary.agentLines > 0) {
      stats.agentLines += dictionary.agentLines;
      warn(
        0,
        `${dictionary.agentLines} agent ${dictionary.agentLines === 1 ? 'entry' : 'entries'} (generic nouns such as POLICE or FARMER, with “[~…]” codes or “!…!” substitution sets) skipped: an agents dictionary names kinds of actors, not actors.`,
      );
    }
    stats.actors += dictionary.actors.length;
    dictionaries.push(dictionary);
    options.onProgress?.(index + 1, sources.length, source.name);
  });

  // 2. Drafts: names, aliases, described codes.
  const drafts: Draft[] = [];
  const unknownChunks = new Map<string, { file: string; line: number; count: number }>();
  for (const dictionary of dictionaries) {
    for (const actor of dictionary.actors) {
      const warn = (line: number, message: string): void => {
        warnings.push({ file: actor.file, line, message });
      };
      const codeSource = actor.codes.length > 0 ? actor : actor.codesFrom;
      const codes: Draft['codes'] = [];
      for (const raw of codeSource?.codes ?? []) {
        const description = describeCameoCode(raw.code);
        for (const chunk of description.unknown) {
          const seen = unknownChunks.get(chunk);
          if (seen) seen.count++;
          else unknownChunks.set(chunk, { file: actor.file, line: raw.line, count: 1 });
        }
        if (codeSource !== actor) {
          // Dates were checked (and warned about) with the actor that has them.
          const period = readPeriod(raw.date, pivot, () => undefined);
          if (period.ok) codes.push({ raw, description, from: period.from, to: period.to });
          continue;
        }
        const period = readPeriod(raw.date, pivot, (message) => warn(raw.line, `[${raw.text}]: ${message}`));
        if (period.ok) codes.push({ raw, description, from: period.from, to: period.to });
      }
      const { phrase, abbreviation } = splitAbbreviation(actor.phrase);
      const draft: Draft = {
        actor,
        phrase,
        head: headKeyword(actor.phrase),
        name: '',
        type: 'other',
        aliases: [],
        roles: [],
        roleCountries: [],
        codes,
        notes: [...actor.inner],
        country: codes.find((c) => c.description.country)?.description.country,
      };
      draft.phrase = phrase;
      draft.abbreviation = abbreviation;
      if (!hasLetterOrDigit(normaliseName(readableName(phrase), false))) {
        warn(actor.line, `“${actor.phrase}” has no letters or digits to match: skipped.`);
        continue;
      }
      if (codeSource && codeSource !== actor) {
        draft.notes.push(`no code of its own: shares the codes of ${codeSource.phrase} (line ${codeSource.line}), as PETRARCH reads it`);
      }
      if (codes.length > 0 && codes.every((c) => c.description.none)) {
        draft.notes.push('coded [---]: PETRARCH knows this phrase and deliberately gives it no code');
      }
      drafts.push(draft);
    }
  }
  for (const [chunk, where] of unknownChunks) {
    warnings.push({
      file: where.file,
      line: where.line,
      message: `CAMEO code part “${chunk}” is not in our table (${where.count}×): left out of the role titles.`,
    });
  }

  // 3. Types: strong signs first; their first names teach the weaker person test.
  const givenNames = new Set(GIVEN_NAMES);
  const undecided: Draft[] = [];
  for (const draft of drafts) {
    const type = decideType(draft, givenNames, true);
    if (type === undefined) undecided.push(draft);
    else draft.type = type;
  }
  const firstNameCounts = new Map<string, number>();
  for (const draft of drafts) {
    // Only persons known by their codes or comments, not by a title in their name.
    if (draft.type !== 'person' || !personShaped(draft.actor.phrase) || draft.head) continue;
    const first = firstWord(draft.actor.phrase);
    if (first.length >= 3 && !PARTICLES.has(first.toLowerCase())) firstNameCounts.set(first, (firstNameCounts.get(first) ?? 0) + 1);
  }
  for (const [name, count] of firstNameCounts) if (count >= 2) givenNames.add(name);
  for (const draft of undecided) draft.type = decideType(draft, givenNames, false) ?? 'other';

  // Readable names, now that the type is known (an organisation's short names are acronyms).
  for (const draft of drafts) {
    const organisation = draft.type === 'organization';
    draft.name = readableName(draft.phrase, { organisation });
    if (draft.abbreviation) addAlias(draft, draft.abbreviation, undefined, draft.actor.line);
    for (const alias of draft.actor.aliases) {
      const split = splitAbbreviation(alias.text);
      addAlias(draft, readableName(split.phrase, { organisation }), alias.comment, alias.line);
      if (split.abbreviation) addAlias(draft, split.abbreviation, undefined, alias.line);
    }
  }

  // 3b. A person's name among the synonyms of an organisation (`KURDISTAN_REGIONAL_GOVERNMENT …
  // +MASOUD_BARZANI`) is a person of its own, with the same codes: a mention of Barzani is not the
  // KRG (issue 17). (A state's or a place's synonyms are its cities: Vicente Lopez, George Town.)
  // A person's name: a given name first, or a first and a last word that people of the
  // dictionaries have (MASOUD of Masoud Pezeshkian, BARZANI of Massoud Barzani).
  const personFirst = new Set<string>();
  const personLast = new Set<string>();
  for (const draft of drafts) {
    if (draft.type !== 'person' || !personShaped(draft.actor.phrase)) continue;
    const words = draft.actor.phrase.replace(/_/g, ' ').trim().toUpperCase().split(/\s+/);
    personFirst.add(words[0]);
    personLast.add(words[words.length - 1]);
  }
  const isPersonName = (phrase: string): boolean => {
    if (!personShaped(phrase)) return false;
    const words = phrase.replace(/_/g, ' ').trim().toUpperCase().split(/\s+/);
    return givenNames.has(words[0]) || (personFirst.has(words[0]) && personLast.has(words[words.length - 1]));
  };
  for (const draft of [...drafts]) {
    if (draft.type !== 'organization' && draft.type !== 'other') continue;
    const keep: ImportedAlias[] = [];
    for (const alias of draft.aliases) {
      const phrase = alias.text.replace(/\s+/g, '_');
      if (isPersonName(phrase) && !/\p{Lu}{2}/u.test(alias.text.replace(/^\p{Lu}/u, ''))) {
        drafts.push({
          ...draft,
          phrase,
          head: undefined,
          abbreviation: undefined,
          name: alias.text,
          type: 'person',
          aliases: [],
          roles: [],
          roleCountries: [],
          stateCode: undefined,
          notes: [`a person's name among the synonyms of ${draft.name} (line ${draft.actor.line}): an entity of its own, with its codes`],
          actor:
            alias.line !== undefined
              ? { ...draft.actor, line: alias.line, aliases: [], comment: alias.comment }
              : { ...draft.actor, aliases: [], comment: alias.comment },
        });
        stats.personsSplit++;
        warnings.push({
          file: draft.actor.file,
          line: alias.line ?? draft.actor.line,
          message: `Synonym “${alias.text}” of “${draft.name}” is a person's name: imported as a person of its own, with the same codes.`,
        });
      } else {
        keep.push(alias);
      }
    }
    draft.aliases = keep;
  }

  // 4. States: the first state-like actor with a current bare country code (undated or open-ended)
  // owns it; more actors coded only with that same undated code are more names of it (as the
  // dictionary has cities among a country's synonyms); other state-like actors — territories
  // (`USAGUM`), places coded as a state (`IRAQI_KURDISTAN`), former states whose code a current
  // one owns — become places, unless no one owns their bare code (a former state: `DDR`).
  // An actor named as the code's country (a name or a synonym) claims it first:
  // `LEIPZIG_ … [DDR 491007-901003] [DEU >19901003]`, just before `GERMANY_ [DEU]` under
  // "# East Germany cities that became DEU", is a city, not Germany. (Dates cannot tell them
  // apart: `MOLDOVA_ … [MDA >911221]` comes before `TRANSNISTRIA [MDA]`.)
  const stateOwner = new Map<string, Draft>();
  const namesCountry = (draft: Draft, code: string): boolean => {
    const country = own(CAMEO_COUNTRIES, code);
    if (!country) return false;
    const key = normaliseName(country.name, false);
    return normaliseName(draft.name, false) === key || draft.aliases.some((a) => normaliseName(a.text, false) === key);
  };
  for (const byName of [true, false]) {
    for (const draft of drafts) {
      if (draft.type !== 'state' || draft.stateCode) continue;
      const own = currentStateCode(draft);
      if (own && !stateOwner.has(own) && (!byName || namesCountry(draft, own))) {
        stateOwner.set(own, draft);
        draft.stateCode = own;
      }
    }
  }
  for (const draft of drafts) {
    if (draft.type !== 'state' || draft.stateCode) continue;
    const bare = draft.codes.find((c) => c.description.countryOnly && c.description.code.length === 3)?.description.code;
    if (bare && !stateOwner.has(bare)) {
      stateOwner.set(bare, draft);
      draft.stateCode = bare;
    }
  }
  const kept: Draft[] = [];
  for (const draft of drafts) {
    if (draft.type !== 'state' || draft.stateCode) {
      kept.push(draft);
      continue;
    }
    const own = currentStateCode(draft);
    const owner = own ? stateOwner.get(own) : undefined;
    if (owner && draft.codes.every((c) => c.description.code === own && !c.from && !c.to)) {
      const sameFile = owner.actor.file === draft.actor.file;
      addAlias(owner, draft.name, draft.actor.comment, sameFile ? draft.actor.line : undefined);
      for (const alias of draft.aliases) addAlias(owner, alias.text, alias.comment, sameFile ? alias.line : undefined);
      stats.merged++;
      stats.mergedIntoStates++;
      if (comments)
        owner.notes.push(`merged here: ${draft.actor.phrase} (${draft.actor.file.replace(/^.*[\\/]/, '')} line ${draft.actor.line}), coded only as this state`);
      continue;
    }
    draft.type = 'place';
    kept.push(draft);
  }

  // 4b. A place's synonyms that are other places (`LEIPZIG_ +DRESDEN_ +HALLE …`, "East Germany
  // cities that became DEU"): each group of spellings that are not the place's own becomes a place
  // of its own with the same codes, so a mention of Dresden is not Leipzig (issue 17). Spellings
  // of one name stay together (Halle, Halle-an-der Saale; Sulaymaniyah, Suleimaniya).
  for (const draft of [...kept]) {
    if (draft.type !== 'place' || draft.aliases.length === 0 || draft.aliases.length > 200) continue;
    const groups: ImportedAlias[][] = [];
    const own: ImportedAlias[] = [];
    for (const alias of draft.aliases) {
      if (sameNameSpelling(alias.text, draft.name) || own.some((a) => sameNameSpelling(a.text, alias.text))) {
        own.push(alias);
        continue;
      }
      const group = groups.find((g) => g.some((a) => sameNameSpelling(a.text, alias.text)));
      if (group) group.push(alias);
      else groups.push([alias]);
    }
    if (groups.length === 0) continue;
    draft.aliases = own;
    for (const group of groups) {
      const [first, ...rest] = group;
      kept.push({
        ...draft,
        phrase: first.text.replace(/\s+/g, '_'),
        head: undefined,
        abbreviation: undefined,
        name: first.text,
        aliases: rest,
        roles: [],
        roleCountries: [],
        notes: [`listed among the synonyms of ${draft.name} (line ${draft.actor.line}): a place of its own, with its codes`],
        actor: { ...draft.actor, line: first.line ?? draft.actor.line, aliases: [], comment: first.comment, leading: [] },
      });
      stats.placesSplit++;
    }
  }

  // 5. Roles (a state's own code is its identity, not a role).
  for (const draft of kept) {
    const roles: ImportedRole[] = [];
    for (const code of draft.codes) {
      const d = code.description;
      if (d.none) continue;
      if (draft.type === 'state' && d.code === draft.stateCode) continue;
      let title = d.title;
      let of: string | undefined;
      const ownerCountry = d.organisations.length === 0 && !d.organisationType ? d.country : undefined;
      if (draft.type === 'state' && draft.stateCode && d.countryOnly && d.code.endsWith(draft.stateCode) && d.code.length > 3) {
        // USRARM for Armenia: part of the Soviet Union until 1990.
        const whole = own(CAMEO_COUNTRIES, d.code.slice(0, 3));
        if (whole) title = `Part of ${whole.the ? 'the ' : ''}${whole.name}`;
      }
      if (ownerCountry && stateOwner.has(ownerCountry) && stateOwner.get(ownerCountry) !== draft) of = ownerCountry; // resolved to an id below
      roles.push({
        title,
        of,
        from: code.from,
        to: code.to,
        sources: [code.raw.text],
        comments: code.raw.comment ? [code.raw.comment] : [],
      });
    }
    draft.roles = roles;
  }

  // 6. Repeated entries (same name, type and codes) fold into the first; a leading “the” does not
  // make another name (`THE_UN_ [IGOUNO]` is `UN_ [IGOUNO]`).
  const bySignature = new Map<string, Draft>();
  const unique: Draft[] = [];
  for (const draft of kept) {
    const signature = [
      normaliseName(withoutArticle(draft.name), false),
      draft.type,
      draft.codes
        .map((c) => c.raw.code)
        .sort()
        .join(' '),
    ].join('\u0000');
    const first = bySignature.get(signature);
    if (first && draft.type !== 'state') {
      const sameFile = first.actor.file === draft.actor.file;
      if (normaliseName(draft.name, false) !== normaliseName(first.name, false)) {
        if (withoutArticle(draft.name) === draft.name) {
          // THE_UNITED_NATIONS_ first, UNITED_NATIONS_ later: the entity is named without “the”.
          addAlias(first, first.name, first.actor.comment, first.actor.line);
          first.name = draft.name;
        } else {
          addAlias(first, draft.name, draft.actor.comment, sameFile ? draft.actor.line : undefined);
        }
      }
      for (const alias of draft.aliases) addAlias(first, alias.text, alias.comment, sameFile ? alias.line : undefined);
      appendAll(first.roles, draft.roles);
      stats.merged++;
      stats.mergedRepeated++;
      if (comments)
        first.notes.push(
          `merged here: ${draft.actor.phrase} (${draft.actor.file.replace(/^.*[\\/]/, '')} line ${draft.actor.line}), the same name, type and codes`,
        );
      continue;
    }
    bySignature.set(signature, draft);
    unique.push(draft);
  }

  // 6b. Generic names and aliases (see `genericVerdict`): dropped, made case-sensitive, or, for
  // an entity's own name (a name cannot be case-sensitive unless in short capitals), replaced by
  // the entity's first distinctive alias; without one the entity is left out. A state's name
  // and a name of common words only ("Red Brigades") stay, counted as risky.
  const generic: GenericForm[] = [];
  const genericOwners = new Map<GenericForm, Draft>();
  const leftOutComments = new Map<string, { line: number; text: string }[]>();
  const survivors: Draft[] = [];
  for (const draft of unique) {
    const file = draft.actor.file;
    // The id an entity left out would have had (kept ones get theirs in step 7).
    const provisionalId = slugify(draft.name) || `actor-${draft.actor.line}`;
    const record = (text: string, line: number, isName: boolean, reason: GenericReason, action: GenericAction): void => {
      const form: GenericForm = { file, line, entityId: provisionalId, text, isName, reason, action };
      generic.push(form);
      genericOwners.set(form, draft);
    };
    // Repeats of the name or of another alias go (step 8 would skip them), unjudged.
    const nameKey = normaliseName(draft.name, false);
    const formKeys = new Set<string>([nameKey]);
    const seenForms = new Set<string>([nameKey + (isShortCapitals(draft.name) ? `\u0000${draft.name}` : '')]);
    const distinct = draft.aliases.filter((alias) => {
      const text = alias.text.trim();
      const plain = normaliseName(text, false);
      const key = plain + (isShortCapitals(text) ? `\u0000${text}` : '');
      if (seenForms.has(key) || seenForms.has(plain)) return false;
      seenForms.add(key);
      formKeys.add(plain);
      return true;
    });
    // All of the entity's forms: a one-word form spells no initials of itself (`isAcronymOf`).
    const forms = [draft.name, ...distinct.map((a) => a.text)];
    const aliases: ImportedAlias[] = [];
    const distinctive: ImportedAlias[] = [];
    for (const alias of distinct) {
      const line = alias.line ?? draft.actor.line;
      const bare = withoutArticle(alias.text);
      if (bare !== alias.text && formKeys.has(normaliseName(bare, false))) {
        // “The UN” beside “UN”: matched anyway without the article, which only takes the start of
        // longer names (“The UN Security Council” read as “The UN” + “Security Council”).
        const why = `“the” before a name it has anyway: “${bare}” matches without it, and with it “${alias.text} …” would win over longer names starting with “${bare}”`;
        record(alias.text, line, false, 'article', 'dropped');
        warnings.push({ file, line, code: 'generic-dropped', message: `Synonym “${alias.text}” of “${draft.name}” dropped: ${why}.` });
        if (comments) draft.notes.push(`alias “${alias.text}” left out: ${why}`);
        continue;
      }
      const verdict = genericVerdict(alias.text, draft.type, forms);
      if (!verdict) {
        aliases.push(alias);
        distinctive.push(alias);
      } else if (verdict.action === 'caseSensitive') {
        aliases.push({ ...alias, caseSensitive: true, comment: [alias.comment, `matched only as written: ${verdict.why}`].filter(Boolean).join(' · ') });
        record(alias.text, line, false, verdict.reason, 'caseSensitive');
      } else {
        record(alias.text, line, false, verdict.reason, 'dropped');
        warnings.push({ file, line, code: 'generic-dropped', message: `Synonym “${alias.text}” of “${draft.name}” dropped: ${verdict.why}.` });
        if (comments) draft.notes.push(`alias “${alias.text}” left out: ${verdict.why}`);
      }
    }
    draft.aliases = aliases;
    const verdict = genericVerdict(draft.name, draft.type, forms);
    if (verdict) {
      const line = draft.actor.line;
      const phraseLike = verdict.reason === 'phrase' || (verdict.reason === 'article' && formWords(draft.name).length > 2);
      if (draft.stateCode || phraseLike) {
        // A state keeps its name ("Turkey" is not in the lists, but a dictionary of one's own may
        // differ); so does a name of several common words ("Red Line", "White House", "The Hunger
        // Project"): names cannot be case-sensitive, most are proper names as written, and a
        // synonym would make a poor name ("World Bank" → "The WB"). Two-word ones are the
        // riskiest: each gets a warning.
        record(draft.name, line, true, verdict.reason, 'kept');
        if (formWords(draft.name).filter((w) => !FUNCTION_WORDS.has(w.toLowerCase())).length <= 2) {
          warnings.push({
            file,
            line,
            code: 'generic-kept',
            message: `Name “${draft.name}” kept, but it is made of common words only: it will also match “${draft.name.toLowerCase()}” in ordinary sentences (link such mentions with to=none, or rename the entity).`,
          });
        }
      } else if (distinctive.length > 0) {
        const replacement = distinctive[0];
        const old = draft.name;
        draft.name = replacement.text;
        draft.aliases = draft.aliases.filter((a) => a !== replacement);
        if (verdict.action === 'caseSensitive') {
          draft.aliases.unshift({ text: old, caseSensitive: true, line, comment: `the dictionary's name, matched only as written: ${verdict.why}` });
          record(old, line, true, verdict.reason, 'caseSensitive');
        } else {
          record(old, line, true, verdict.reason, 'dropped');
          if (comments) draft.notes.push(`the dictionary's name “${old}” left out: ${verdict.why}`);
        }
        stats.generic.renamed++;
        warnings.push({
          file,
          line,
          code: 'generic-renamed',
          message: `Name “${old}” is generic (${verdict.why}): the entity is named “${draft.name}”, its first distinctive synonym, instead${verdict.action === 'caseSensitive' ? `; “${old}” is kept as a case-sensitive alias` : ''}.`,
        });
      } else {
        record(draft.name, line, true, verdict.reason, 'leftOut');
        warnings.push({
          file,
          line,
          code: 'generic-left-out',
          message: `“${draft.actor.phrase}” left out: its name “${draft.name}” is generic (${verdict.why}) and it has no distinctive synonym to be named by.`,
        });
        if (comments) {
          let list = leftOutComments.get(file);
          if (!list) leftOutComments.set(file, (list = []));
          const codes = draft.actor.codes.map((c) => `[${c.text}]`).join(' ');
          for (const text of draft.actor.leading) list.push({ line, text });
          list.push({ line, text: `Left out: ${draft.actor.phrase}${codes ? ` ${codes}` : ''} (line ${line}), “${draft.name}” is generic: ${verdict.why}.` });
        }
        continue;
      }
    }
    survivors.push(draft);
  }
  unique.length = 0;
  appendAll(unique, survivors);
  const g = stats.generic;
  for (const form of generic) {
    const r = g.byReason[form.reason];
    if (form.action === 'dropped') {
      g.dropped++;
      r.dropped++;
    } else if (form.action === 'caseSensitive') {
      g.caseSensitive++;
      r.caseSensitive++;
    } else if (form.action === 'leftOut') {
      g.entitiesLeftOut++;
      r.leftOut++;
    } else {
      g.namesKept++;
      r.kept++;
    }
  }
  for (const source of sources) {
    const forms = generic.filter((f) => f.file === source.name);
    if (forms.length === 0) continue;
    const count = (action: GenericAction): number => forms.filter((f) => f.action === action).length;
    const reasons = (Object.keys(REASON_LABELS) as GenericReason[])
      .map((reason) => [reason, forms.filter((f) => f.reason === reason && f.action !== 'kept').length] as const)
      .filter(([, n]) => n > 0)
      .map(([reason, n]) => `${REASON_LABELS[reason]} ${n}`);
    const keptNames = count('kept');
    warnings.push({
      file: source.name,
      line: 0,
      code: 'generic-summary',
      message:
        `${forms.length - keptNames} generic ${forms.length - keptNames === 1 ? 'name or alias' : 'names and aliases'} (they would match ordinary sentences): ` +
        `${count('dropped')} dropped, ${count('caseSensitive')} imported as caseSensitive: true, ${count('leftOut')} ${count('leftOut') === 1 ? 'entity' : 'entities'} left out` +
        `${reasons.length > 0 ? ` (${reasons.join(', ')})` : ''}` +
        `${keptNames > 0 ? `; ${keptNames} ${keptNames === 1 ? 'name' : 'names'} of common words only kept as ${keptNames === 1 ? 'it is' : 'they are'} (a name cannot be case-sensitive)` : ''}.`,
    });
  }

  // 7. Ids.
  const taken = new Set<string>();
  for (const draft of unique) {
    let base = slugify(draft.name);
    if (base === '' || !/^[a-z0-9]/.test(base)) base = `actor-${slugify(draft.actor.file.replace(/^.*[\\/]/, '')) || 'dictionary'}-${draft.actor.line}`;
    let id = base;
    if (taken.has(id) && draft.country) id = `${base}-${draft.country.toLowerCase()}`;
    for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
    taken.add(id);
    draft.id = id;
  }
  const stateIds = new Map<string, string>();
  for (const [code, draft] of stateOwner) if (draft.id) stateIds.set(code, draft.id);
  for (const [form, draft] of genericOwners) if (draft.id) form.entityId = draft.id;

  // 8. Names and aliases: one owner per name (as the registry's collision check sees it).
  const owners = new Map<string, { id: string; caseSensitive: boolean; sensitive: string }[]>();
  const claim = (id: string, text: string, explicitCase?: boolean): { clash?: string } => {
    const caseSensitive = explicitCase ?? isShortCapitals(text);
    const key = normaliseName(text, false);
    const sensitive = caseSensitive ? normaliseName(text, true) : '';
    let list = owners.get(key);
    if (!list) owners.set(key, (list = []));
    const clash = list.find((o) => o.id !== id && (!o.caseSensitive || !caseSensitive || o.sensitive === sensitive));
    if (clash) return { clash: clash.id };
    if (!list.some((o) => o.id === id && o.sensitive === sensitive)) list.push({ id, caseSensitive, sensitive });
    return {};
  };
  for (const draft of unique) claim(draft.id!, draft.name);

  const entitiesByFile = new Map<string, ImportedEntity[]>();
  const entities: ImportedEntity[] = [];
  for (const draft of unique) {
    const id = draft.id!;
    const seen = new Set<string>([normaliseName(draft.name, false) + (isShortCapitals(draft.name) ? `\u0000${draft.name}` : '')]);
    const aliases: ImportedAlias[] = [];
    const notes = [...draft.notes];
    for (const alias of draft.aliases) {
      const text = alias.text.trim();
      const key = normaliseName(text, false);
      if (!hasLetterOrDigit(key)) {
        warnings.push({ file: draft.actor.file, line: draft.actor.line, message: `Synonym “${alias.text}” has no letters or digits to match: left out.` });
        continue;
      }
      const caseSensitive = alias.caseSensitive === true || isShortCapitals(text);
      const seenKey = key + (caseSensitive ? `\u0000${text}` : '');
      if (seen.has(seenKey) || seen.has(key)) continue;
      seen.add(seenKey);
      const { clash } = claim(id, text, caseSensitive);
      if (clash) {
        stats.aliasesLeftOut++;
        if (comments) notes.push(`alias “${text}” left out: already a name of ${clash}`);
        continue;
      }
      const out: ImportedAlias = { text };
      if (alias.comment) out.comment = alias.comment;
      if (alias.caseSensitive) out.caseSensitive = true;
      if (alias.line !== undefined) out.line = alias.line;
      aliases.push(out);
    }
    const roles = mergeRoles(
      draft.roles.map((role) => {
        const of = role.of ? stateIds.get(role.of) : undefined;
        const copy: ImportedRole = { ...role, of: of && of !== id ? of : undefined };
        return copy;
      }),
    );
    const affiliations: string[] = [];
    for (const role of roles) if (role.of && !affiliations.includes(role.of)) affiliations.push(role.of);
    const entity: ImportedEntity = {
      id,
      name: draft.name,
      type: draft.type,
      aliases,
      roles,
      affiliations: draft.type === 'state' ? [] : affiliations,
      file: draft.actor.file,
      line: draft.actor.line,
      leading: draft.actor.leading,
      nameComment: draft.actor.comment,
      notes,
    };
    entities.push(entity);
    let list = entitiesByFile.get(entity.file);
    if (!list) entitiesByFile.set(entity.file, (list = []));
    list.push(entity);
    stats.entities++;
    stats.aliases += aliases.length;
    stats.roles += roles.length;
    stats.byType[entity.type]++;
  }

  addSurnameAliases(entities, owners, givenNames, stats);

  const yaml = writeYaml(dictionaries, entitiesByFile, { comments, pivot }, stats, leftOutComments);
  const fileOrder = new Map(sources.map((s, i) => [s.name, i]));
  warnings.sort((a, b) => (fileOrder.get(a.file) ?? 0) - (fileOrder.get(b.file) ?? 0) || a.line - b.line);
  return { yaml, entities, warnings, stats, generic };
}
