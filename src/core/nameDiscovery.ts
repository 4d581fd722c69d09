// Name discovery: capitalised multi-word names and all-caps acronyms in a text that the registry
// does not know yet, offered to the analyst as candidates for new entities or aliases. Precision
// matters more than recall: a hint on every “However” would teach the analyst to ignore them.
// Also: string similarity between names, to find the registry entity a spelling belongs to.

import { normaliseName } from './charTables';
import { DESCRIPTIVE_WORDS, MONTHS_AND_DAYS, NOT_NAME_WORDS, ROLE_NOUNS, TITLE_WORDS } from './commonWords';
import { attributeBlockRanges } from './markup';
import type { Registry } from './registry';
import type { Entity, EntityType, Mention } from './types';

export interface NameCandidate {
  /** UTF-16 offsets of the candidate in the text, end exclusive. */
  start: number;
  end: number;
  /** The candidate as written (white space runs collapsed to one space). */
  text: string;
  kind: 'name' | 'acronym';
  /** Best guess of the entity type, for ordering the quick fixes. */
  type: EntityType;
  /**
   * Set when the candidate is a capitalised word next to a known mention (“Ismail” + “Baghaei”):
   * the whole is probably another spelling of that entity.
   */
  extends?: string;
}

export interface DiscoveryOptions {
  /** Normalised (`normaliseName(text, false)`) names never to suggest. */
  ignored?: ReadonlySet<string>;
  /** Mentions of the text, when the caller already has them. */
  mentions?: readonly Mention[];
}

// ---------------------------------------------------------------------------------------------
// Tokens

interface Token {
  start: number;
  end: number;
  text: string;
  /** Capitalised (or `al-Sudani`-style particle + capital). */
  cap: boolean;
  acronym: boolean;
  /** Lower-case particle allowed inside a name (`of`, `al`, `bin`, `van`…). */
  connector: boolean;
  digits: boolean;
}

const TOKEN = /[\p{L}\p{M}\p{N}]+(?:[-‐'’][\p{L}\p{M}\p{N}]+)*/gu;
const CONNECTORS = new Set([
  'of',
  'the',
  'for',
  'de',
  'del',
  'della',
  'da',
  'di',
  'du',
  'van',
  'von',
  'der',
  'den',
  'bin',
  'ibn',
  'bint',
  'abu',
  'al',
  'el',
  'la',
  'le',
  'y',
]);
const PARTICLE_CAP = /^(?:al|el|ad|ar|as|ash|at|az|an|ibn|bin|bint|abu|abd|de|di|da|du|van|von|la|le)[-‐']\p{Lu}/u;
const ROMAN = /^(?:I{1,3}|IV|VI{0,3}|IX|XI{0,3}|XIV|XV|XX)$/;
/** All-caps words that are not names of anything. */
const NOT_ACRONYMS = new Set([
  'OK',
  'TV',
  'AM',
  'PM',
  'AD',
  'BC',
  'CE',
  'BCE',
  'ID',
  'FAQ',
  'PDF',
  'URL',
  'GMT',
  'UTC',
  'EST',
  'EDT',
  'CET',
  'CEST',
  'BST',
  'PST',
  'PDT',
  'NB',
  'PS',
  'RE',
  'FW',
  'FWD',
  'CC',
  'BCC',
  'ETA',
  'ASAP',
  'FYI',
  'TBD',
  'TBC',
  'NA',
  'N/A',
  'VS',
  'AKA',
  'EN',
  'AR',
  'FA',
  'LIVE',
  'UPDATE',
  'BREAKING',
  'NEWS',
  'EXCLUSIVE',
  'WATCH',
  'READ',
  'MORE',
  'NOTE',
  'TODO',
  'FIXME',
  'HTML',
  'JSON',
  'CSV',
  'XML',
  'API',
  'HTTP',
  'HTTPS',
  'WWW',
  'AND',
  'THE',
  'OF',
  'IN',
  'ON',
  'FOR',
  'TO',
  'BY',
  'AT',
  'A',
  'I',
]);
/**
 * Endings of abstract nouns: a lone capitalised “Resolution” or “Resistance” is not a name. Long
 * words only (“France”, “Florence”, “Clement” are names).
 */
const ABSTRACT_ENDING = /^(?=\p{L}{8,}$)\p{L}*(?:tion|sion|ment|ness|ity|ism|ship|ology)$|^(?=\p{L}{9,}$)\p{L}*(?:ance|ence)$/iu;

function classify(text: string, start: number): Token {
  const first = text.charAt(0);
  const letters = text.replace(/[^\p{L}]/gu, '');
  const upper = letters.length > 0 && letters === letters.toUpperCase() && letters !== letters.toLowerCase();
  const cap = /^[\p{Lu}\p{Lt}]/u.test(first) || PARTICLE_CAP.test(text);
  const acronym = upper && letters.length >= 2 && letters.length <= 8 && !ROMAN.test(text) && !NOT_ACRONYMS.has(text) && !TITLE_ACRONYMS.has(text);
  return { start, end: start + text.length, text, cap, acronym, connector: CONNECTORS.has(text), digits: /^\p{N}+$/u.test(text) };
}

// ---------------------------------------------------------------------------------------------
// Regions that are never scanned

function sortedMerge(ranges: Array<[number, number]>): Array<[number, number]> {
  ranges.sort((a, b) => a[0] - b[0]);
  const out: Array<[number, number]> = [];
  for (const r of ranges) {
    const last = out[out.length - 1];
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else out.push([r[0], r[1]]);
  }
  return out;
}

interface Layout {
  /** Sorted regions never scanned. */
  skipped: Array<[number, number]>;
  /** Start offsets of heading and headline lines. */
  headings: Set<number>;
}

/** Front matter, code, URLs, headings, headline lines and the keys of header lines. */
function layoutOf(text: string): Layout {
  const out: Array<[number, number]> = [];
  const headings = new Set<number>();
  const frontMatter = /^---\r?\n[\s\S]*?\r?\n(?:---|\.\.\.)\s*(?:\r?\n|$)/.exec(text);
  if (frontMatter) out.push([0, frontMatter[0].length]);
  for (const re of [
    /```[\s\S]*?(?:```|$)/g,
    /~~~[\s\S]*?(?:~~~|$)/g,
    /`[^`\n]+`/g,
    /\b(?:https?|ftp|mailto):[^\s<>()]+/gi,
    /\b[\w.+-]+@[\w-]+\.[\w.-]+/g,
    /<[^>\n]+>/g,
    /(?<![\p{L}\p{N}_])[@#][\p{L}\p{N}_]+/gu,
  ]) {
    for (const m of text.matchAll(re)) out.push([m.index, m.index + m[0].length]);
  }
  const lines: { start: number; text: string }[] = [];
  for (let start = 0; start <= text.length;) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    lines.push({ start, text: text.slice(start, end).replace(/\r$/, '') });
    start = end + 1;
  }
  const blank = (i: number) => i < 0 || i >= lines.length || lines[i].text.trim() === '';
  lines.forEach((line, i) => {
    const end = line.start + line.text.length;
    // A headline stands alone (a one-line paragraph); a line inside wrapped prose never is one.
    if (isMarkdownHeading(line.text) || (blank(i - 1) && blank(i + 1) && isHeadlineText(line.text))) {
      out.push([line.start, end]);
      headings.add(line.start);
    } else if (/^\s*[\p{Lu}][\p{Lu}\p{M} .'’-]*(?:\s*\([^)\n]*\))?\s*:/u.test(line.text)) {
      // A transcript's speaker label: “SPOKESMAN:”, “QUESTION (IRNA):” (the part in brackets is scanned).
      const label = /^\s*[\p{Lu}][\p{Lu}\p{M} .'’-]*/u.exec(line.text)!;
      out.push([line.start, line.start + label[0].length]);
    } else if (i < 15) {
      // `Section: Middle East | Desk: Baghdad`: the keys of a header line are labels, not names.
      const header = /^[\s*_>#-]*[\p{L}][\p{L}\p{M} ._-]{0,30}?\s*:\s/u.exec(line.text);
      if (header) {
        for (const key of line.text.matchAll(/(?:^|\|)[\s*_>#-]*([\p{L}][\p{L}\p{M} ._-]{0,30}?)\s*:(?=\s)/gu)) {
          out.push([line.start + key.index, line.start + key.index + key[0].length]);
        }
      }
    }
  });
  return { skipped: out, headings };
}

function isMarkdownHeading(line: string): boolean {
  return /^\s{0,3}#{1,6}(?:\s|$)/.test(line);
}

/** A headline in title case or all caps (not a sentence: no final full stop). */
function isHeadlineText(line: string): boolean {
  const words = line.match(/[\p{L}][\p{L}\p{M}'’-]*/gu) ?? [];
  const long = words.filter((w) => w.replace(/[^\p{L}]/gu, '').length >= 4 && /\p{Lu}|\p{Ll}/u.test(w));
  if (long.length < 3) return false;
  if (long.every((w) => w === w.toUpperCase())) return true; // ALL-CAPS HEADLINE
  if (/[.!?]["”’)]*\s*$/.test(line.trim())) return false;
  return long.every((w) => /^[\p{Lu}\p{Lt}]/u.test(w));
}

// ---------------------------------------------------------------------------------------------
// Sentence starts

const OPENERS = new Set(['"', '“', '‘', "'", '(', '[', '*', '_', '«', '„', '¿', '¡']);

/** Whether the token starting at `start` begins a sentence, a list item, a line of a list or a paragraph. */
function sentenceInitial(text: string, start: number, headings: ReadonlySet<number>): boolean {
  let i = start - 1;
  while (i >= 0 && (text[i] === ' ' || text[i] === '\t' || OPENERS.has(text[i]))) i--;
  if (i < 0) return true;
  const ch = text[i];
  if ('.!?:;…|•·'.includes(ch)) return true;
  // ` — ` after a dateline (“BEIRUT — Lebanon’s cabinet”) or an em dash opening a clause.
  if ((ch === '—' || ch === '–' || ch === '-') && i > 0 && /\s/.test(text[i - 1])) return true;
  if (ch === '-' && i > 0 && /\p{Lu}/u.test(text[i - 1])) return true; // “ALWAGHT- Iran’s”
  if (ch === '\n' || ch === '\r') {
    // A line start is a sentence start after a blank line, a finished sentence or in a list.
    const lineText = text.slice(i + 1, start);
    if (/^\s*(?:[-*+>]|\d+[.)])\s/.test(lineText)) return true;
    let j = i - 1;
    if (text[j] === '\r') j--;
    while (j >= 0 && (text[j] === ' ' || text[j] === '\t')) j--;
    if (j < 0 || text[j] === '\n') return true;
    if ('.!?:;…"”’)'.includes(text[j])) return true;
    // The previous line is a heading (no sentence runs on from it).
    return headings.has(text.lastIndexOf('\n', j) + 1);
  }
  // A list marker at the start of the line: “1. Did …”, “- The …”
  return false;
}

// ---------------------------------------------------------------------------------------------
// Discovery

function inRanges(ranges: ReadonlyArray<readonly [number, number]>, start: number, end: number): boolean {
  let low = 0;
  let high = ranges.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const r = ranges[mid];
    if (r[1] <= start) low = mid + 1;
    else if (r[0] >= end) high = mid - 1;
    else return true;
  }
  return false;
}

/** Only white space (at most one line break) between `from` and `to`. */
function joinable(text: string, from: number, to: number): boolean {
  const gap = text.slice(from, to);
  return /^[ \t]*(?:\r?\n[ \t]*)?$/.test(gap) && gap.length > 0;
}

/** `and` inside an organisation's name: “Council for Development and Reconstruction”. */
function joinsAnd(run: Token[]): boolean {
  const of = run.findIndex((x) => x.text === 'of' || x.text === 'for');
  return of > 0 && run.slice(0, of).some((x) => ORGANIZATION_WORDS.has(lower(x))) && !run.some((x) => x.text === 'and' || x.text === '&');
}

/** Two or three capitalised words without organisation, place or department words: a person's name. */
function personLike(tokens: Token[]): boolean {
  const words = tokens.filter((x) => !x.connector);
  if (words.length < 2 || words.length > 3) return false;
  return words.every((x) => {
    const w = lower(x);
    return x.cap && !x.acronym && !ORGANIZATION_WORDS.has(w) && !PLACE_WORDS.has(w) && !OTHER_WORDS.has(w) && !DEPARTMENT_WORDS.has(w) && !/s$/.test(w);
  });
}

function lower(t: Token): string {
  return t.text.toLowerCase();
}

/**
 * Capitalised multi-word names and acronyms in `text` that no registry name or alias covers.
 * Mentions, tag attribute blocks, front matter, code, URLs, headings and header labels are
 * skipped; sentence-initial single words, months, weekdays, titles (“Foreign Minister”),
 * nationality adjectives and common capitalised words are never suggested.
 */
export function discoverNames(text: string, registry: Pick<Registry, 'matcher'>, options: DiscoveryOptions = {}): NameCandidate[] {
  const attributeBlocks = attributeBlockRanges(text);
  const mentions = options.mentions ?? registry.matcher.scan(text, attributeBlocks.length ? { excluded: attributeBlocks } : undefined);
  const mentionRanges = mentions.map((m) => [m.start, m.end] as [number, number]);
  const layout = layoutOf(text);
  const skipped = sortedMerge([...layout.skipped, ...attributeBlocks.map((r) => [r[0], r[1]] as [number, number])]);
  const blocked = sortedMerge([...skipped, ...mentionRanges.map((r) => [r[0], r[1]] as [number, number])]);

  // Tokens outside skipped regions; mentions are kept as barriers (and for the extension rule).
  const tokens: Token[] = [];
  for (const m of text.matchAll(TOKEN)) {
    let word = m[0];
    const possessive = /['’][sS]$/.exec(word);
    if (possessive && word.length > 2) word = word.slice(0, -2);
    const start = m.index;
    if (inRanges(blocked, start, start + word.length)) continue;
    tokens.push(classify(word, start));
  }

  const out: NameCandidate[] = [];
  const seenAt = new Set<number>();
  let run: Token[] = [];
  const flush = () => {
    if (run.length > 0) consider(run);
    run = [];
  };

  const consider = (runTokens: Token[]) => {
    // “the Lebanese Forces of Samir Geagea”: an organisation `of` its leader is two names.
    const ofIndex = runTokens.findIndex((x, i) => x.text === 'of' && i > 0 && ORGANIZATION_WORDS.has(lower(runTokens[i - 1])));
    if (ofIndex > 0 && personLike(runTokens.slice(ofIndex + 1))) {
      consider(runTokens.slice(0, ofIndex));
      consider(runTokens.slice(ofIndex + 1));
      return;
    }
    let t = [...runTokens];
    const trim = () => {
      while (t.length && t[0].connector) t.shift();
      while (t.length && t[t.length - 1].connector) t.pop();
    };
    trim();
    // Leading sentence words and dates: “The”, “In”, “On Monday”.
    while (t.length && (NOT_NAME_WORDS.has(lower(t[0])) || MONTHS_AND_DAYS.has(lower(t[0])))) {
      t.shift();
      trim();
    }
    // A trailing month before a day number (“… March 3”).
    while (t.length && MONTHS_AND_DAYS.has(lower(t[t.length - 1])) && /^\s*\d/.test(text.slice(t[t.length - 1].end, t[t.length - 1].end + 4))) {
      t.pop();
      trim();
    }
    if (t.length === 0) return;
    // Titles before a name: “President Donald Trump”, “Secretary of State Marco Rubio” → the name.
    // A role alone (“Foreign Minister”, “Minister of Foreign Affairs”) is dropped.
    // The last role word followed by more of the name ends the title: “Army Commander Rodolphe
    // Haykal”, “Hezbollah MP Hassan Fadlallah”; `of` + department words after it belong to it.
    let titleEnd = -1;
    for (let i = 0; i < t.length - 1; i++) {
      const w = lower(t[i]);
      if (ROLE_NOUNS.has(w) || HONORIFICS.has(w) || TITLE_ACRONYMS.has(t[i].text)) titleEnd = i;
    }
    if (titleEnd >= 0) {
      let j = titleEnd + 1;
      while (j < t.length && (t[j].connector || DEPARTMENT_WORDS.has(lower(t[j])))) j++;
      if (j > titleEnd + 1 && t.slice(titleEnd + 1, j).some((x) => DEPARTMENT_WORDS.has(lower(x)))) titleEnd = j - 1;
      if (!t.slice(titleEnd + 1).some((x) => (x.cap || x.acronym) && !x.connector)) titleEnd = -1;
    }
    let hadTitle = false;
    if (titleEnd >= 0) {
      t = t.slice(titleEnd + 1);
      trim();
      hadTitle = true;
    }
    if (t.length === 0) return;
    if (t.every((x) => TITLE_WORDS.has(lower(x)) || x.connector || TITLE_ACRONYMS.has(x.text))) return;
    if (ROLE_NOUNS.has(lower(t[t.length - 1])) || TITLE_ACRONYMS.has(t[t.length - 1].text)) return; // “National Security Adviser”
    if (t.every((x) => x.digits)) return;

    const first = t[0];
    const last = t[t.length - 1];
    const capTokens = t.filter((x) => x.cap || x.acronym);
    if (capTokens.length === 0) return;
    let kind: NameCandidate['kind'] = 'name';
    let type: EntityType | undefined;
    let extendsId: string | undefined;
    let start = first.start;
    let end = last.end;
    const initial = sentenceInitial(text, first.start, layout.headings);
    // A known mention right before or after (only white space between): “Ismail Baghaei”,
    // “Tehran Times”, “Israel Defense Forces”, “Central Bank of Iraq”.
    const before = mentions.find((m) => m.end <= first.start && first.start - m.end <= 2 && joinable(text, m.end, first.start));
    const lastRaw = runTokens[runTokens.length - 1];
    const afterEnd = lastRaw.connector && lastRaw.start >= last.end ? lastRaw.end : last.end;
    const after = mentions.find((m) => m.start >= afterEnd && m.start - afterEnd <= 2 && joinable(text, afterEnd, m.start));
    if (t.length === 1 && !first.acronym) {
      const word = lower(first);
      if (first.digits) return;
      if (NOT_NAME_WORDS.has(word) || MONTHS_AND_DAYS.has(word) || DESCRIPTIVE_WORDS.has(word) || TITLE_WORDS.has(word)) return;
      if (ABSTRACT_ENDING.test(first.text) || first.text.replace(/[^\p{L}]/gu, '').length < 3) return;
      if (after && !initial) {
        extendsId = after.entityId;
        end = after.end;
      } else if (before && !hadTitle && !sentenceInitial(text, before.start, layout.headings)) {
        extendsId = before.entityId;
        start = before.start;
      } else if (initial && !hadTitle) {
        return;
      }
    } else {
      if (t.length === 1) {
        kind = 'acronym';
        // A dateline: “DOHA, Sept 2 (Reuters) -”, “BEIRUT — …”.
        if (
          first.text.length >= 4 &&
          /^[ \t]*$/.test(text.slice(text.lastIndexOf('\n', first.start - 1) + 1, first.start)) &&
          /^(?:,|\s+[—–-]\s|\s*\([^)\n]*\)\s*[—–-])/.test(text.slice(first.end, first.end + 40))
        ) {
          kind = 'name';
          type = 'place';
        }
      } else if (initial && NOT_NAME_WORDS.has(lower(first))) {
        return;
      }
      if (!hadTitle && before && t.length >= 2) {
        start = before.start; // “Washington Institute for Near East Policy”
        extendsId = before.entityId;
      }
      if (after && lastRaw.connector && /^(?:of|for|de)$/.test(lastRaw.text)) {
        end = after.end; // “Central Bank of Iraq”
        extendsId ??= after.entityId;
      }
    }
    const display = text.slice(start, end).replace(/\s+/g, ' ');
    const key = normaliseName(display, false);
    if (options.ignored?.has(key)) return;
    if (seenAt.has(start)) return;
    seenAt.add(start);
    out.push({
      start,
      end,
      text: display,
      kind,
      type: type ?? guessEntityType(display, { hadTitle, acronym: kind === 'acronym' }),
      ...(extendsId ? { extends: extendsId } : {}),
    });
  };

  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    const previous = run[run.length - 1];
    const continues = previous !== undefined && joinable(text, previous.end, token.start) && !inRanges(blocked, previous.end, token.start);
    if (!continues) flush();
    if (token.cap || token.acronym) run.push(token);
    else if (token.connector && run.length > 0) run.push(token);
    else if ((token.text === 'and' || token.text === '&') && joinsAnd(run)) run.push({ ...token, connector: true });
    else if (
      token.digits &&
      run.length > 0 &&
      /^(?:resolution|article|section|chapter|flight|route|highway|unit|brigade|division)$/i.test(run[run.length - 1].text)
    )
      run.push(token);
    else flush();
  }
  flush();
  return out;
}

/** What a ministry or secretary is “of”: “Secretary of State”, “Minister of Foreign Affairs”. */
const DEPARTMENT_WORDS = new Set(
  (
    'state defence defense foreign affairs interior home finance justice health education economy energy oil petroleum trade ' +
    'commerce industry agriculture labour labor culture information intelligence security treasury homeland war communications ' +
    'transport environment tourism housing welfare'
  ).split(/\s+/),
);

/** Acronyms of roles: “Hezbollah MP Hassan Fadlallah”. */
const TITLE_ACRONYMS = new Set(['MP', 'MPs', 'MEP', 'PM', 'FM', 'DM', 'CEO', 'CFO', 'COO', 'GM', 'SG', 'DG', 'VP', 'NSA', 'CDS', 'CJCS']);

const HONORIFICS = new Set([
  'ayatollah',
  'sheikh',
  'shaykh',
  'sheik',
  'imam',
  'mullah',
  'hojatoleslam',
  'mr',
  'mrs',
  'ms',
  'dr',
  'prof',
  'sir',
  'lord',
  'lady',
  'dame',
  'saint',
  'st',
  'pope',
  'rabbi',
  'cardinal',
  'bishop',
  'archbishop',
  'emir',
  'general',
  'colonel',
  'captain',
  'admiral',
  'brigadier',
  'major',
  'lieutenant',
  'marshal',
]);

// ---------------------------------------------------------------------------------------------
// Entity type guess

const ORGANIZATION_WORDS = new Set(
  (
    'ministry council department agency movement party forces force army navy guard guards corps front brigade brigades battalion ' +
    'organization organisation committee commission assembly parliament senate congress court tribunal bank fund union league ' +
    'association foundation institute university college school company corporation group office authority service services ' +
    'times news post herald tribune gazette journal telegraph television tv radio network channel agency airlines airways air ' +
    'police cabinet government administration secretariat mission alliance coalition federation bureau directorate command ' +
    'diwan kremlin hezbollah hamas inc ltd llc plc'
  ).split(/\s+/),
);
/** Names of documents, agreements and programmes. */
const OTHER_WORDS = new Set(
  (
    'agreement accord accords treaty deal plan initiative resolution program programme act law convention protocol memorandum ' +
    'declaration charter doctrine operation summit conference talks process'
  ).split(/\s+/),
);
const PLACE_WORDS = new Set(
  (
    'strait sea gulf river lake mountains mountain mount valley province governorate district city town village island islands ' +
    'peninsula desert airport port harbour harbor square street road bridge dam canal border crossing camp heights bay coast ' +
    'plain region east west north south basin oasis hills hill county'
  ).split(/\s+/),
);
const PLACE_PREFIXES = new Set([
  'mount',
  'lake',
  'port',
  'cape',
  'gulf',
  'strait',
  'ain',
  'tel',
  'jabal',
  'jebel',
  'wadi',
  'bir',
  'ras',
  'deir',
  'kafr',
  'beit',
  'bab',
]);
const STATES = new Set(
  (
    'afghanistan albania algeria andorra angola argentina armenia australia austria azerbaijan bahamas bahrain bangladesh barbados ' +
    'belarus belgium belize benin bhutan bolivia bosnia botswana brazil britain brunei bulgaria burkina burundi cambodia cameroon ' +
    'canada chad chile china colombia comoros congo croatia cuba cyprus czechia denmark djibouti dominica ecuador egypt eritrea ' +
    'estonia eswatini ethiopia fiji finland france gabon gambia georgia germany ghana greece grenada guatemala guinea guyana haiti ' +
    'honduras hungary iceland india indonesia iran iraq ireland israel italy jamaica japan jordan kazakhstan kenya kiribati kosovo ' +
    'kuwait kyrgyzstan laos latvia lebanon lesotho liberia libya liechtenstein lithuania luxembourg madagascar malawi malaysia ' +
    'maldives mali malta mauritania mauritius mexico micronesia moldova monaco mongolia montenegro morocco mozambique myanmar ' +
    'namibia nauru nepal netherlands nicaragua niger nigeria norway oman pakistan palau palestine panama paraguay peru philippines ' +
    'poland portugal qatar romania russia rwanda samoa senegal serbia seychelles singapore slovakia slovenia somalia spain sudan ' +
    'suriname sweden switzerland syria taiwan tajikistan tanzania thailand togo tonga tunisia turkey türkiye turkmenistan tuvalu ' +
    'uganda ukraine uruguay uzbekistan vanuatu venezuela vietnam yemen zambia zimbabwe emirates uae uk usa ussr'
  ).split(/\s+/),
);

/** A first guess of an entity's type from its name, for ordering the choices. */
export function guessEntityType(name: string, hints: { hadTitle?: boolean; acronym?: boolean } = {}): EntityType {
  const words = name
    .toLowerCase()
    .split(/[\s]+/)
    .map((w) => w.replace(/^(?:al|el)[-‐]/, '').replace(/[^\p{L}\p{N}-]/gu, ''))
    .filter(Boolean);
  if (words.length === 0) return 'other';
  const lastWord = words[words.length - 1];
  if (words.some((w) => OTHER_WORDS.has(w))) return 'other';
  if (words.some((w) => ORGANIZATION_WORDS.has(w)) && !PLACE_WORDS.has(lastWord)) return 'organization';
  if (/^Al[-‐ ]\p{Lu}/u.test(name) && words.length <= 2) return 'organization'; // Al Jazeera, Al-Manar, Al Qaeda
  if (PLACE_WORDS.has(lastWord) || PLACE_PREFIXES.has(words[0])) return 'place';
  if (words.length <= 2 && words.every((w) => STATES.has(w) || w === 'republic' || w === 'kingdom' || w === 'of' || w === 'the')) return 'state';
  if (/^(?:republic|kingdom|state|sultanate|emirate|federation|principality) of\b/i.test(name)) return 'state';
  if (hints.acronym) return 'organization';
  if (hints.hadTitle) return 'person';
  if (
    words.length >= 2 &&
    words.length <= 4 &&
    name.split(/\s+/).every((w) => /^[\p{Lu}]/u.test(w) || /^(?:al|el|bin|ibn|abu|de|van|von|da|di|du|la|le)[-‐\s]?/u.test(w))
  ) {
    return 'person';
  }
  return 'other';
}

// ---------------------------------------------------------------------------------------------
// Similarity

function comparable(text: string): string {
  return normaliseName(text, false).normalize('NFD').replace(/\p{M}/gu, '').replace(/['"]/g, '').replace(/-/g, ' ').replace(/\s+/g, ' ').trim();
}

function levenshtein(a: string, b: string): number {
  if (a === b) return 0;
  if (!a.length) return b.length;
  if (!b.length) return a.length;
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  let current = new Array<number>(b.length + 1);
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
    }
    [previous, current] = [current, previous];
  }
  return previous[b.length];
}

function levenshteinSimilarity(a: string, b: string): number {
  const longest = Math.max(a.length, b.length);
  return longest === 0 ? 1 : 1 - levenshtein(a, b) / longest;
}

const STOP_TOKENS = new Set(['al', 'el', 'of', 'the', 'and', 'for', 'bin', 'ibn']);

function initials(text: string): string {
  return comparable(text)
    .split(' ')
    .filter((w) => w && !STOP_TOKENS.has(w))
    .map((w) => w[0])
    .join('');
}

/**
 * How alike two names are, 0…1: the better of the normalised Levenshtein similarity of the whole
 * names (“Hizbullah” ~ “Hezbollah” 0.78) and a Dice coefficient over their words with
 * near-equal words counting as equal (“Foreign Ministry” ~ “Iranian Foreign Ministry” 0.8); an
 * acronym equal to the initials of the other name counts 0.95 (“SNSC”).
 */
export function nameSimilarity(a: string, b: string): number {
  const x = comparable(a);
  const y = comparable(b);
  if (!x || !y) return 0;
  if (x === y) return 1;
  let best = levenshteinSimilarity(x, y);
  const wx = x.split(' ').filter((w) => !STOP_TOKENS.has(w));
  const wy = y.split(' ').filter((w) => !STOP_TOKENS.has(w));
  if (wx.length && wy.length) {
    const used = new Set<number>();
    let matched = 0;
    for (const w of wx) {
      const j = wy.findIndex((v, k) => !used.has(k) && (v === w || (Math.min(v.length, w.length) >= 5 && levenshteinSimilarity(v, w) >= 0.8)));
      if (j >= 0) {
        used.add(j);
        matched++;
      }
    }
    best = Math.max(best, (2 * matched) / (wx.length + wy.length));
  }
  const compactA = a.replace(/[.\s]/g, '');
  const compactB = b.replace(/[.\s]/g, '');
  if (/^\p{Lu}{2,8}$/u.test(compactA) && compactA.toLowerCase() === initials(b) && wy.length >= 2) best = Math.max(best, 0.95);
  if (/^\p{Lu}{2,8}$/u.test(compactB) && compactB.toLowerCase() === initials(a) && wx.length >= 2) best = Math.max(best, 0.95);
  return best;
}

export interface RankedEntity {
  entity: Entity;
  score: number;
  /** The name or alias that scored best. */
  matched: string;
}

/** Registry entities ordered by how alike their names and aliases are to `text`, best first. */
export function rankEntitiesByName(text: string, entities: Iterable<Entity>): RankedEntity[] {
  const out: RankedEntity[] = [];
  for (const entity of entities) {
    let best: RankedEntity = { entity, score: 0, matched: entity.name };
    for (const name of [entity.name, ...entity.aliases.map((a) => a.text)]) {
      const score = nameSimilarity(text, name);
      if (score > best.score) best = { entity, score, matched: name };
    }
    out.push(best);
  }
  return out.sort((a, b) => b.score - a.score || a.entity.name.localeCompare(b.entity.name));
}

/** Below this, “add as alias of …” is not offered for a candidate. */
export const ALIAS_SIMILARITY_THRESHOLD = 0.75;

/** The entity a candidate is most probably another spelling of, if any is close enough. */
export function closestEntity(candidate: Pick<NameCandidate, 'text' | 'extends'>, entities: ReadonlyMap<string, Entity>): RankedEntity | undefined {
  const best = rankEntitiesByName(candidate.text, entities.values())[0];
  if (best && best.score >= ALIAS_SIMILARITY_THRESHOLD) return best;
  if (candidate.extends) {
    const entity = entities.get(candidate.extends);
    if (entity && entity.type === 'person') return { entity, score: nameSimilarity(candidate.text, entity.name), matched: entity.name };
  }
  return undefined;
}
