// Front matter `refs:` (SPEC §9 rule 2): a mapping from a name as written to the entity it means
// in this document, or `none`. Read here, and written by the "Use X for “Larijani” in this
// document" quick fix, which keeps every other byte of the file as it was.
//
//   ---
//   date: 2025-08-12
//   refs:
//     Larijani: sadegh-larijani
//     Amal: none
//   ---
//
// The flow form `refs: { Larijani: sadegh-larijani, Amal: none }` is read and edited too. Only
// what an analyst writes by hand is understood: plain or quoted keys, plain or quoted values,
// `#` comments; anything else in the block is reported, never guessed.

import type { MarkupEdit } from './markup';

export interface FrontMatterRef {
  /** The name as written (unquoted). */
  name: string;
  /** An entity id, or `none`. */
  to: string;
  keyStart: number;
  keyEnd: number;
  valueStart: number;
  valueEnd: number;
}

export interface FrontMatterRefs {
  refs: FrontMatterRef[];
  /** Lines of the block that could not be read as `name: id`. */
  problems: { start: number; end: number; message: string }[];
}

interface FrontMatterShape {
  /** Offset where the front matter's first line (`---`) starts (after a BOM). */
  start: number;
  /** Offset of the start of the closing `---` / `...` line. */
  closeStart: number;
  /** The line break the file uses. */
  eol: string;
  /** Each line inside the front matter: its start, its end (before the break) and text. */
  lines: { start: number; end: number; text: string }[];
}

const NONE: FrontMatterRefs = { refs: [], problems: [] };

function frontMatterShape(text: string): FrontMatterShape | undefined {
  const start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  if (!text.startsWith('---', start)) return undefined;
  const firstBreak = text.indexOf('\n', start);
  if (firstBreak < 0 || text.slice(start, firstBreak).trimEnd() !== '---') return undefined;
  const eol = text.charCodeAt(firstBreak - 1) === 0x0d ? '\r\n' : '\n';
  const lines: FrontMatterShape['lines'] = [];
  let at = firstBreak + 1;
  // Front matter is short; a text whose "front matter" never closes has none (as documentDate.ts reads it).
  for (let count = 0; at <= text.length && count < 2000; count++) {
    let end = text.indexOf('\n', at);
    if (end < 0) end = text.length;
    const lineEnd = text.charCodeAt(end - 1) === 0x0d ? end - 1 : end;
    const line = text.slice(at, lineEnd);
    if (line.trimEnd() === '---' || line.trimEnd() === '...') return { start, closeStart: at, eol, lines };
    lines.push({ start: at, end: lineEnd, text: line });
    if (end === text.length) break;
    at = end + 1;
  }
  return undefined;
}

/** A scalar as written: its unquoted value and the range of the value inside any quotes. */
function readScalar(source: string, from: number, to: number): { value: string; start: number; end: number } | undefined {
  let start = from;
  let end = to;
  while (start < end && /\s/.test(source[start])) start++;
  while (end > start && /\s/.test(source[end - 1])) end--;
  if (start === end) return undefined;
  const quote = source[start];
  if ((quote === '"' || quote === "'") && end - start >= 2 && source[end - 1] === quote) {
    const inner = source.slice(start + 1, end - 1);
    const value = quote === "'" ? inner.replace(/''/g, "'") : inner.replace(/\\(["\\])/g, '$1');
    return { value, start: start + 1, end: end - 1 };
  }
  return { value: source.slice(start, end), start, end };
}

/** Where a `#` comment starts outside quotes in `line` (or the line's length). */
function commentStart(line: string): number {
  let quote = '';
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quote) {
      if (ch === quote) quote = '';
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '#' && (i === 0 || /\s/.test(line[i - 1]))) return i;
  }
  return line.length;
}

/** The `: ` that ends a key outside quotes, or -1. */
function keySeparator(line: string, from: number, to: number): number {
  let quote = '';
  for (let i = from; i < to; i++) {
    const ch = line[i];
    if (quote) {
      if (ch === quote) quote = '';
    } else if ((ch === '"' || ch === "'") && i === from) quote = ch;
    else if (ch === ':' && (i + 1 === to || /\s/.test(line[i + 1]))) return i;
  }
  return -1;
}

interface RefsBlock {
  shape: FrontMatterShape;
  /** Index in `shape.lines` of the `refs:` line. */
  line: number;
  /** Block form: the entry lines' indices; flow form: the offsets of `{` and `}`. */
  entries: number[];
  flow?: { open: number; close: number };
}

function findRefsBlock(text: string): { shape?: FrontMatterShape; block?: RefsBlock } {
  const shape = frontMatterShape(text);
  if (!shape) return {};
  const at = shape.lines.findIndex((l) => /^refs\s*:/.test(l.text));
  if (at < 0) return { shape };
  const line = shape.lines[at];
  const rest = line.text.slice(line.text.indexOf(':') + 1);
  const open = rest.indexOf('{');
  if (open >= 0) {
    // Flow form, possibly over several lines: up to the first `}` outside quotes.
    const from = line.start + line.text.indexOf(':') + 1 + open;
    let quote = '';
    for (let i = from + 1; i < shape.closeStart; i++) {
      const ch = text[i];
      if (quote) {
        if (ch === quote) quote = '';
      } else if (ch === '"' || ch === "'") quote = ch;
      else if (ch === '}') return { shape, block: { shape, line: at, entries: [], flow: { open: from, close: i } } };
    }
    return { shape, block: { shape, line: at, entries: [] } };
  }
  const entries: number[] = [];
  for (let i = at + 1; i < shape.lines.length; i++) {
    const l = shape.lines[i].text;
    if (l.trim() === '' || /^\s*#/.test(l)) continue;
    if (!/^\s/.test(l)) break;
    entries.push(i);
  }
  return { shape, block: { shape, line: at, entries } };
}

/** The front matter `refs:` of a document; nothing (cheaply) for a text without front matter. */
export function readFrontMatterRefs(text: string): FrontMatterRefs {
  const first = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  if (text.charCodeAt(first) !== 0x2d /* - */) return NONE;
  const { block } = findRefsBlock(text);
  if (!block) return NONE;
  const out: FrontMatterRefs = { refs: [], problems: [] };
  const take = (from: number, to: number): void => {
    const cut = from + commentStart(text.slice(from, to));
    let start = from;
    while (start < cut && /\s/.test(text[start])) start++;
    if (start >= cut) return;
    const separator = keySeparator(text, start, cut);
    const key = separator < 0 ? undefined : readScalar(text, start, separator);
    const value = separator < 0 ? undefined : readScalar(text, separator + 1, cut);
    if (!key || !value) {
      out.problems.push({ start, end: cut, message: 'A `refs:` entry is `name: entity-id` (or `name: none`).' });
      return;
    }
    out.refs.push({ name: key.value, to: value.value, keyStart: key.start, keyEnd: key.end, valueStart: value.start, valueEnd: value.end });
  };
  if (block.flow) {
    // Split at commas outside quotes.
    let from = block.flow.open + 1;
    let quote = '';
    for (let i = from; i <= block.flow.close; i++) {
      const ch = text[i];
      if (quote) {
        if (ch === quote) quote = '';
      } else if (ch === '"' || ch === "'") quote = ch;
      else if (ch === ',' || i === block.flow.close) {
        take(from, i);
        from = i + 1;
      }
    }
  } else {
    const line = block.shape.lines[block.line];
    const rest = line.text.slice(line.text.indexOf(':') + 1);
    const cut = commentStart(rest);
    if (rest.slice(0, cut).trim() !== '') {
      out.problems.push({
        start: line.start,
        end: line.end,
        message: '`refs:` holds a mapping: one `name: entity-id` per line below it, or `{ name: id, … }`.',
      });
    }
    for (const index of block.entries) take(block.shape.lines[index].start, block.shape.lines[index].end);
  }
  return out;
}

/** A name written as a YAML key: plain where that reads back the same, else double-quoted. */
function yamlKey(name: string): string {
  // Letters, digits, marks, spaces, dots, typographic quotes and dashes; no ASCII quote, no space at the end.
  if (/^[\p{L}\p{N}][\p{L}\p{N}\p{M} .’‘\-–]*$/u.test(name) && !/\s$/.test(name)) return name;
  return JSON.stringify(name);
}

/**
 * The edit that makes front matter `refs:` map `name` to `to` (an entity id or `none`): the value
 * replaced where the name is there already (compared as written, ignoring case), a line or entry
 * added to an existing block, a `refs:` block added to existing front matter, or front matter
 * created at the top of a file that has none. Nothing else in the file changes.
 */
export function setFrontMatterRef(
  text: string,
  name: string,
  to: string,
  sameName: (a: string, b: string) => boolean = (a, b) => a.toLowerCase() === b.toLowerCase(),
): MarkupEdit {
  const { shape, block } = findRefsBlock(text);
  const existing = readFrontMatterRefs(text).refs.find((r) => sameName(r.name, name));
  if (existing) return { start: existing.valueStart, end: existing.valueEnd, newText: to };
  const key = yamlKey(name);
  if (!shape) {
    const eol = text.includes('\r\n') ? '\r\n' : '\n';
    const start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
    return { start, end: start, newText: `---${eol}refs:${eol}  ${key}: ${to}${eol}---${eol}` };
  }
  const eol = shape.eol;
  if (!block) return { start: shape.closeStart, end: shape.closeStart, newText: `refs:${eol}  ${key}: ${to}${eol}` };
  if (block.flow) {
    const inner = text.slice(block.flow.open + 1, block.flow.close);
    if (inner.trim() === '') return { start: block.flow.open + 1, end: block.flow.close, newText: ` ${key}: ${to} ` };
    let at = block.flow.close;
    while (at > block.flow.open + 1 && /\s/.test(text[at - 1])) at--;
    return { start: at, end: at, newText: `, ${key}: ${to}` };
  }
  if (block.entries.length === 0) {
    const line = shape.lines[block.line];
    // `refs:` with nothing after it (or only a comment): the first entry goes on the next line.
    const afterLine = line.end;
    return { start: afterLine, end: afterLine, newText: `${eol}  ${key}: ${to}` };
  }
  const last = shape.lines[block.entries[block.entries.length - 1]];
  const indent = /^\s*/.exec(last.text)![0];
  return { start: last.end, end: last.end, newText: `${eol}${indent}${key}: ${to}` };
}
