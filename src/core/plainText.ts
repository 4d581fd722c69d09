// The plain reading text of a piece of Pandoc Markdown inline text, as Pandoc renders it
// (issue 17: the `plainText` of exported tags). Pure core, linear, no recursion.
//
//   plainText('The *new* [deal](https://x) &amp; more[^1] \\*') === 'The new deal & more *'
//
// Read as Pandoc's Markdown reader does (checked against pandoc 2.17, -f markdown-smart, by
// test/unit/pandocCompare.test.ts):
// - `\` + ASCII punctuation is that character; a backslash before a line break is a line break;
// - inline code keeps its content as written (no escapes inside), trimmed;
// - emphasis, strong, strikeout markers (`*`, `_`, `**`, `__`, `~~`) go where they pair
//   (an underscore inside a word is a letter, as in Pandoc's intraword_underscores);
// - links and images keep their text (`[text](url)`, `[text][ref]`, `![alt](src)`), autolinks
//   their address (`<https://…>`); footnote references (`[^1]`) and inline notes (`^[…]`) go;
// - HTML tags and comments go; character references (`&amp;`, `&#39;`, `&#x2019;`) are
//   decoded (the common named ones; an unknown name stays as written);
// - white space, line breaks included, becomes one space; the ends are trimmed.
// Quotes and dashes stay as written: no smart punctuation (pandoc's `smart` would turn "a" into
// “a” and -- into –; the analyst's text is kept).

const NAMED: ReadonlyMap<string, string> = new Map([
  ['amp', '&'],
  ['lt', '<'],
  ['gt', '>'],
  ['quot', '"'],
  ['apos', "'"],
  ['nbsp', '\u00a0'],
  ['ndash', '–'],
  ['mdash', '—'],
  ['hellip', '…'],
  ['lsquo', '‘'],
  ['rsquo', '’'],
  ['ldquo', '“'],
  ['rdquo', '”'],
  ['laquo', '«'],
  ['raquo', '»'],
  ['copy', '©'],
  ['reg', '®'],
  ['trade', '™'],
  ['deg', '°'],
  ['euro', '€'],
  ['pound', '£'],
  ['yen', '¥'],
  ['cent', '¢'],
  ['sect', '§'],
  ['para', '¶'],
  ['middot', '·'],
  ['bull', '•'],
  ['times', '×'],
  ['divide', '÷'],
  ['minus', '−'],
  ['plusmn', '±'],
  ['frac12', '½'],
  ['frac14', '¼'],
  ['frac34', '¾'],
  ['shy', '\u00ad'],
  ['zwj', '\u200d'],
  ['zwnj', '\u200c'],
  ['lrm', '\u200e'],
  ['rlm', '\u200f'],
  ['thinsp', '\u2009'],
  ['ensp', '\u2002'],
  ['emsp', '\u2003'],
  ['aacute', 'á'],
  ['eacute', 'é'],
  ['iacute', 'í'],
  ['oacute', 'ó'],
  ['uacute', 'ú'],
  ['agrave', 'à'],
  ['egrave', 'è'],
  ['auml', 'ä'],
  ['ouml', 'ö'],
  ['uuml', 'ü'],
  ['Auml', 'Ä'],
  ['Ouml', 'Ö'],
  ['Uuml', 'Ü'],
  ['szlig', 'ß'],
  ['ccedil', 'ç'],
  ['ntilde', 'ñ'],
  ['Eacute', 'É'],
  ['iexcl', '¡'],
  ['iquest', '¿'],
  ['prime', '′'],
  ['Prime', '″'],
]);

function isAsciiPunct(c: number): boolean {
  return (c >= 33 && c <= 47) || (c >= 58 && c <= 64) || (c >= 91 && c <= 96) || (c >= 123 && c <= 126);
}

function isSpace(ch: string | undefined): boolean {
  return ch === undefined || /\s/u.test(ch);
}

function isWordChar(ch: string | undefined): boolean {
  return ch !== undefined && /[\p{L}\p{N}]/u.test(ch);
}

/** A decoded character reference at `i` (`&…;`), or undefined. */
function entityAt(s: string, i: number): { text: string; end: number } | undefined {
  const m = /^&(?:#[xX]([0-9a-fA-F]{1,6})|#([0-9]{1,7})|([A-Za-z][A-Za-z0-9]{1,31}));/.exec(s.slice(i, i + 40));
  if (!m) return undefined;
  if (m[3] !== undefined) {
    const named = NAMED.get(m[3]);
    return named === undefined ? undefined : { text: named, end: i + m[0].length };
  }
  const code = m[1] !== undefined ? parseInt(m[1], 16) : parseInt(m[2], 10);
  const ok = code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff);
  return { text: ok ? String.fromCodePoint(code) : '\ufffd', end: i + m[0].length };
}

/** End of the run of `ch` from `i`. */
function runEnd(s: string, i: number, ch: string): number {
  let j = i;
  while (j < s.length && s[j] === ch) j++;
  return j;
}

/** The `)` closing the link destination opened at `open` (`(`), with nested parentheses; -1 if none on the way. */
function destinationEnd(s: string, open: number): number {
  let depth = 0;
  for (let i = open; i < s.length && i < open + 2048; i++) {
    const c = s[i];
    if (c === '\\') i++;
    else if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return i;
    else if (c === '\n' && s[i + 1] === '\n') return -1;
  }
  return -1;
}

interface Piece {
  text: string;
  /** A delimiter run that may open or close emphasis. */
  delim?: { ch: string; canOpen: boolean; canClose: boolean };
  /** An opening `[`, `![` or `^[`. */
  bracket?: 'link' | 'image' | 'note';
}

/** The plain text of inline Markdown `source` (see the header). */
export function plainText(source: string): string {
  const s = source;
  const pieces: Piece[] = [];
  const brackets: number[] = []; // indices into pieces of open brackets
  const push = (text: string): void => {
    const last = pieces[pieces.length - 1];
    if (last && !last.delim && !last.bracket) last.text += text;
    else pieces.push({ text });
  };
  let i = 0;
  while (i < s.length) {
    const c = s[i];
    if (c === '\\') {
      const d = s.charCodeAt(i + 1);
      if (i + 1 < s.length && isAsciiPunct(d)) {
        pieces.push({ text: s[i + 1] }); // never a delimiter
        i += 2;
        continue;
      }
      if (s[i + 1] === '\n') {
        push(' ');
        i += 2;
        continue;
      }
      push(c);
      i++;
      continue;
    }
    if (c === '`') {
      const j = runEnd(s, i, '`');
      const fence = s.slice(i, j);
      let close = s.indexOf(fence, j);
      while (close >= 0 && (s[close - 1] === '`' || s[close + fence.length] === '`')) close = s.indexOf(fence, runEnd(s, close, '`'));
      if (close < 0) {
        push(fence);
        i = j;
        continue;
      }
      pieces.push({ text: s.slice(j, close).replace(/\s+/g, ' ').trim() });
      i = close + fence.length;
      continue;
    }
    if (c === '&') {
      const e = entityAt(s, i);
      if (e) {
        pieces.push({ text: e.text });
        i = e.end;
        continue;
      }
      push(c);
      i++;
      continue;
    }
    if (c === '<') {
      const auto = /^<((?:https?|ftp|mailto):[^\s<>]*|[^\s<>@]+@[^\s<>@]+)>/i.exec(s.slice(i, i + 2048));
      if (auto) {
        pieces.push({ text: auto[1] });
        i += auto[0].length;
        continue;
      }
      const comment = s.startsWith('<!--', i) ? s.indexOf('-->', i + 4) : -1;
      if (comment >= 0) {
        i = comment + 3;
        continue;
      }
      const tag = /^<\/?[A-Za-z][A-Za-z0-9-]*(?:\s+[A-Za-z_:][\w.:-]*(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*\s*\/?>/.exec(s.slice(i, i + 2048));
      if (tag) {
        i += tag[0].length;
        continue;
      }
      push(c);
      i++;
      continue;
    }
    if (c === '[' || (c === '!' && s[i + 1] === '[') || (c === '^' && s[i + 1] === '[')) {
      if (c === '[' && s[i + 1] === '^') {
        const close = /^\[\^[^\]\s]+\]/.exec(s.slice(i, i + 256));
        if (close) {
          i += close[0].length; // a footnote reference: not part of the reading text
          continue;
        }
      }
      const kind = c === '!' ? 'image' : c === '^' ? 'note' : 'link';
      brackets.push(pieces.length);
      pieces.push({ text: kind === 'link' ? '[' : c + '[', bracket: kind });
      i += kind === 'link' ? 1 : 2;
      continue;
    }
    if (c === ']') {
      const at = brackets.pop();
      if (at === undefined) {
        push(c);
        i++;
        continue;
      }
      const open = pieces[at];
      if (open.bracket === 'note') {
        pieces.length = at; // an inline note: gone, with everything in it
        i++;
        continue;
      }
      let end = -1;
      if (s[i + 1] === '(') end = destinationEnd(s, i + 1);
      else if (s[i + 1] === '[') {
        const ref = s.indexOf(']', i + 2);
        if (ref >= 0 && s.slice(i + 2, ref).indexOf('[') < 0) end = ref;
      }
      if (end >= 0) {
        open.text = ''; // a link or image: its text stays, its markup goes
        open.bracket = undefined;
        i = end + 1;
        continue;
      }
      open.bracket = undefined; // plain brackets: kept as written
      push(c);
      i++;
      continue;
    }
    if (c === '*' || c === '_' || (c === '~' && s[i + 1] === '~')) {
      const j = runEnd(s, i, c);
      const before = s[i - 1];
      const after = s[j];
      const leftFlanking = !isSpace(after);
      const rightFlanking = !isSpace(before);
      let canOpen = leftFlanking;
      let canClose = rightFlanking;
      if (c === '_') {
        // Intraword underscores are letters (f_g_h).
        if (isWordChar(before)) canOpen = false;
        if (isWordChar(after)) canClose = false;
      }
      pieces.push({ text: s.slice(i, j), delim: { ch: c, canOpen, canClose } });
      i = j;
      continue;
    }
    push(c);
    i++;
  }
  pairDelimiters(pieces);
  let out = '';
  for (const p of pieces) out += p.text;
  return out.replace(/\s+/g, ' ').trim();
}

/** Removes the delimiter runs that pair as emphasis, strong or strikeout; the others stay as text. */
function pairDelimiters(pieces: Piece[]): void {
  const openers: number[] = [];
  for (let k = 0; k < pieces.length; k++) {
    const d = pieces[k].delim;
    if (!d) continue;
    if (d.canClose) {
      // The nearest opener of the same character (looked for a bounded way back).
      for (let q = openers.length - 1; q >= 0 && q >= openers.length - 32; q--) {
        const o = pieces[openers[q]];
        if (o.delim?.ch !== d.ch) continue;
        const used = Math.min(o.text.length, pieces[k].text.length);
        o.text = o.text.slice(used);
        pieces[k].text = pieces[k].text.slice(used);
        openers.length = q + (o.text.length > 0 ? 1 : 0);
        break;
      }
      if (pieces[k].text.length === 0) continue;
    }
    if (d.canOpen) openers.push(k);
  }
}
