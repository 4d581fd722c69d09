// A fast reader for the plain YAML that registries are written in: block mappings and sequences,
// one-line scalars (plain, single- and double-quoted) and one-line flow collections, comments.
// It builds the same node objects as the `yaml` library (with the same ranges), so the registry
// reader cannot tell the difference; anything outside that subset (anchors, tags, block or
// multi-line scalars, multi-line flow, duplicate keys, odd keys, tabs…) makes it give up, and the
// `yaml` library reads the file instead, with its exact errors. (Block collections end at their
// last value here, where `yaml` ends them after the line break: the registry reader never looks
// past a collection's last value.) Why: `yaml` takes seconds on a
// registry of 30,000 entities; this takes a fraction of that.

import { Pair, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import type { Node as YamlNode } from 'yaml';

/** Thrown inside the reader when the text leaves the subset. */
class OutsideSubset extends Error {}

const KEY = /^([A-Za-z0-9_$][\w$.-]*)[ ]*:(?=[ ]|$)/;
/** `KEY` at a position of the whole text (sticky): no slice of the line per key. */
const KEY_AT = /([A-Za-z0-9_$][\w$.-]*)[ ]*:(?=[ \r\n]|$)/y;
const NULL = /^(?:~|null|Null|NULL)?$/;
const BOOL = /^(?:true|True|TRUE|false|False|FALSE)$/;
const INT = /^[-+]?[0-9]+$/;
const FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/;
const PLAIN_FORBIDDEN_START = /^(?:[&*!|>%@`,\]}?:]|- |-$)/;

interface Line {
  start: number; // offset of the line
  end: number; // offset of its end, before \r\n
  indent: number;
}

/**
 * The document's root node, `null` for a document without content, or `undefined` when the text
 * is outside the subset (read it with the `yaml` library instead).
 */
export function readPlainYaml(text: string): YamlNode | null | undefined {
  if (text.charCodeAt(0) === 0xfeff) return undefined;
  try {
    return new Reader(text).document();
  } catch (error) {
    if (error instanceof OutsideSubset) return undefined;
    throw error;
  }
}

class Reader {
  private readonly lines: Line[] = [];
  private index = 0;
  /** Column where the current line's content starts (after `- ` of a sequence item). */
  private column = -1;

  constructor(private readonly text: string) {
    let start = 0;
    while (start <= text.length) {
      let end = text.indexOf('\n', start);
      if (end === -1) end = text.length;
      const lineEnd = end > start && text.charCodeAt(end - 1) === 13 ? end - 1 : end;
      let indent = start;
      while (indent < lineEnd && text.charCodeAt(indent) === 32) indent++;
      const first = text.charCodeAt(indent);
      if (first === 9) throw new OutsideSubset(); // tabs in indentation
      // Blank and comment-only lines carry no content.
      if (indent < lineEnd && first !== 35 /* # */) {
        if (indent === start && /^(?:---|\.\.\.|%)/.test(text.slice(start, start + 3))) throw new OutsideSubset();
        this.lines.push({ start, end: lineEnd, indent: indent - start });
      }
      start = end + 1;
    }
  }

  document(): YamlNode | null {
    if (this.lines.length === 0) return null;
    if (this.lines[0].indent !== 0) throw new OutsideSubset();
    const root = this.block(0);
    if (this.index < this.lines.length) throw new OutsideSubset();
    return root;
  }

  private get line(): Line | undefined {
    return this.lines[this.index];
  }

  /** Indentation of the current line's content (after a `- ` when inside an item). */
  private get indent(): number {
    const line = this.line!;
    return this.column >= 0 ? this.column : line.indent;
  }

  private contentStart(): number {
    return this.line!.start + this.indent;
  }

  private block(indent: number): YamlNode {
    const at = this.contentStart();
    return this.text.charCodeAt(at) === 45 /* - */ && this.isItem(at) ? this.sequence(indent) : this.mapping(indent);
  }

  private isItem(at: number): boolean {
    const next = this.text.charCodeAt(at + 1);
    return next === 32 || at + 1 >= this.line!.end;
  }

  private mapping(indent: number): YAMLMap {
    const map = new YAMLMap();
    const keys = new Set<string>();
    let first = -1;
    let last = -1;
    while (this.line && this.indent === indent) {
      const at = this.contentStart();
      KEY_AT.lastIndex = at;
      const match = KEY_AT.exec(this.text);
      if (!match || at + match[0].length > this.line.end) throw new OutsideSubset();
      const keyText = match[1];
      if (keys.has(keyText)) throw new OutsideSubset(); // let `yaml` report the duplicate
      keys.add(keyText);
      const key = plain(keyText, at, at + keyText.length); // keys are typed too: `1:` is a number
      if (first < 0) first = at;
      const value = this.valueAfter(at + match[0].length, indent, true);
      map.items.push(new Pair(key, value));
      last = value.range![1];
      this.column = -1;
    }
    if (this.line && this.indent > indent) throw new OutsideSubset();
    map.range = [first, last, last];
    return map;
  }

  private sequence(indent: number): YAMLSeq {
    const seq = new YAMLSeq();
    let first = -1;
    let last = -1;
    while (this.line && this.indent === indent) {
      const at = this.contentStart();
      if (this.text.charCodeAt(at) !== 45 || !this.isItem(at)) break;
      if (first < 0) first = at;
      const value = this.valueAfter(at + 1, indent, false);
      seq.items.push(value);
      last = value.range![1];
      this.column = -1;
    }
    if (this.line && this.indent > indent) throw new OutsideSubset();
    seq.range = [first, last, last];
    return seq;
  }

  /** The value that follows a key's `:` or an item's `-` at `from` on the current line. */
  private valueAfter(from: number, indent: number, inMapping: boolean): YamlNode {
    const line = this.line!;
    let at = from;
    while (at < line.end && this.text.charCodeAt(at) === 32) at++;
    const rest = at < line.end && this.text.charCodeAt(at) !== 35 /* # */;
    KEY_AT.lastIndex = at;
    if (rest && !inMapping && KEY_AT.test(this.text)) {
      // `- key: value`: a mapping whose keys stand at this column.
      this.column = at - line.start;
      return this.mapping(this.column);
    }
    if (rest && (this.text[at] === '>' || this.text[at] === '|')) return this.blockScalar(at, indent);
    if (rest) {
      if (at === from && inMapping) throw new OutsideSubset();
      const value = this.inline(at, line.end);
      this.index++;
      this.column = -1;
      return value;
    }
    // Nothing on this line: a nested block, or null.
    this.index++;
    this.column = -1;
    const next = this.line;
    if (next && next.indent > indent) return this.block(next.indent);
    if (next && inMapping && next.indent === indent && this.text.charCodeAt(next.start + indent) === 45 && this.isItem(next.start + indent)) {
      return this.sequence(indent); // `key:` followed by `- item` at the same indentation
    }
    const empty = new Scalar(null);
    empty.range = [at, at, at]; // where `yaml` puts it: after the spaces, before any comment
    return empty;
  }

  /**
   * A block scalar (`>` folded, `|` literal; `-` strip or default clip) whose lines are all
   * indented alike: the common form of a long summary. Anything fancier is left to `yaml`.
   */
  private blockScalar(at: number, parentIndent: number): Scalar {
    const line = this.line!;
    const header = /^([>|])(-?)[ ]*(?:#.*)?$/.exec(this.text.slice(at, line.end));
    if (!header) throw new OutsideSubset();
    const folded = header[1] === '>';
    const parts: string[] = [];
    let contentIndent = -1;
    let position = line.end < this.text.length ? this.text.indexOf('\n', line.end) + 1 : this.text.length;
    if (position === 0) position = this.text.length;
    let end = position;
    while (position < this.text.length) {
      let lineEnd = this.text.indexOf('\n', position);
      const next = lineEnd === -1 ? this.text.length : lineEnd + 1;
      if (lineEnd === -1) lineEnd = this.text.length;
      if (lineEnd > position && this.text.charCodeAt(lineEnd - 1) === 13) lineEnd--;
      let indent = position;
      while (indent < lineEnd && this.text.charCodeAt(indent) === 32) indent++;
      if (indent === lineEnd) {
        parts.push(''); // a blank line belongs to the scalar
        position = next;
        continue;
      }
      if (indent - position <= parentIndent) break;
      if (contentIndent < 0) contentIndent = indent - position;
      if (indent - position !== contentIndent || this.text.charCodeAt(indent) === 9) throw new OutsideSubset();
      parts.push(this.text.slice(indent, lineEnd));
      position = next;
      end = next;
    }
    // Trailing blank lines are not content (clip and strip chomping drop them).
    while (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
    if (parts.length === 0) throw new OutsideSubset();
    let value = '';
    for (let k = 0; k < parts.length; k++) {
      if (k > 0) value += folded ? (parts[k] === '' || parts[k - 1] === '' ? (parts[k] === '' ? '\n' : '') : ' ') : '\n';
      value += parts[k];
    }
    if (header[2] !== '-') value += '\n';
    const node = new Scalar(value);
    node.type = folded ? Scalar.BLOCK_FOLDED : Scalar.BLOCK_LITERAL;
    node.source = value;
    node.range = [at, end, end];
    while (this.line && this.line.start < end) this.index++;
    this.column = -1;
    return node;
  }

  /** A one-line value from `at` to the line's end: a scalar or a flow collection, then maybe a comment. */
  private inline(at: number, end: number): YamlNode {
    const ch = this.text[at];
    let node: YamlNode;
    let after: number;
    if (ch === '"' || ch === "'") {
      [node, after] = this.quoted(at, end);
    } else if (ch === '[' || ch === '{') {
      [node, after] = this.flow(at, end);
    } else {
      // A comment starts at ` #`; look for it on this line only.
      let stop = at;
      while (stop < end && !(this.text.charCodeAt(stop) === 35 && this.text.charCodeAt(stop - 1) === 32)) stop++;
      if (stop < end) stop--;
      let valueEnd = stop;
      while (valueEnd > at && this.text.charCodeAt(valueEnd - 1) === 32) valueEnd--;
      const raw = this.text.slice(at, valueEnd);
      if (PLAIN_FORBIDDEN_START.test(raw) || raw.includes(': ') || raw.endsWith(':') || raw.includes('\t')) throw new OutsideSubset();
      return plain(raw, at, valueEnd);
    }
    let tail = after;
    while (tail < end && this.text.charCodeAt(tail) === 32) tail++;
    if (tail < end && !(this.text.charCodeAt(tail) === 35 && tail > after)) throw new OutsideSubset();
    return node;
  }

  private quoted(at: number, end: number): [Scalar, number] {
    const quote = this.text[at];
    let value = '';
    let i = at + 1;
    for (;;) {
      if (i >= end) throw new OutsideSubset(); // multi-line quoted scalars: leave them to `yaml`
      const ch = this.text[i];
      if (ch === quote) {
        if (quote === "'" && this.text[i + 1] === "'") {
          value += "'";
          i += 2;
          continue;
        }
        break;
      }
      if (ch === '\\' && quote === '"') {
        const escape = this.text[i + 1];
        const simple: Record<string, string> = { '\\': '\\', '"': '"', '/': '/', n: '\n', t: '\t', r: '\r', '0': '\0', ' ': ' ' };
        if (escape in simple) {
          value += simple[escape];
          i += 2;
          continue;
        }
        const hexLength = escape === 'x' ? 2 : escape === 'u' ? 4 : escape === 'U' ? 8 : 0;
        const hex = this.text.slice(i + 2, i + 2 + hexLength);
        if (hexLength === 0 || !/^[0-9a-fA-F]+$/.test(hex) || hex.length !== hexLength) throw new OutsideSubset();
        value += String.fromCodePoint(parseInt(hex, 16));
        i += 2 + hexLength;
        continue;
      }
      value += ch;
      i++;
    }
    const node = new Scalar(value);
    node.type = quote === '"' ? Scalar.QUOTE_DOUBLE : Scalar.QUOTE_SINGLE;
    node.source = value;
    node.range = [at, i + 1, i + 1];
    return [node, i + 1];
  }

  /** `[a, b]` or `{ k: v, k: v }` on one line; one level of nesting. */
  private flow(at: number, end: number, depth = 0): [YAMLSeq | YAMLMap, number] {
    // Tabs separate flow items too, and a `#` may start a comment inside: leave those to `yaml`.
    if (/[\t#]/.test(this.text.slice(at, end))) throw new OutsideSubset();
    const isMap = this.text[at] === '{';
    const close = isMap ? '}' : ']';
    const collection = isMap ? new YAMLMap() : new YAMLSeq();
    collection.flow = true;
    const keys = new Set<string>();
    let i = at + 1;
    const skipSpaces = () => {
      while (i < end && this.text.charCodeAt(i) === 32) i++;
    };
    skipSpaces();
    if (this.text[i] === close) {
      collection.range = [at, i + 1, i + 1];
      return [collection, i + 1];
    }
    for (;;) {
      skipSpaces();
      let key: Scalar | undefined;
      if (isMap) {
        const match = KEY.exec(this.text.slice(i, end));
        if (!match || keys.has(match[1])) throw new OutsideSubset();
        keys.add(match[1]);
        key = plain(match[1], i, i + match[1].length);
        i += match[0].length;
        skipSpaces();
      }
      let item: YamlNode;
      if (this.text[i] === '"' || this.text[i] === "'") {
        [item, i] = this.quoted(i, end);
      } else if ((this.text[i] === '{' || this.text[i] === '[') && depth === 0) {
        [item, i] = this.flow(i, end, depth + 1); // `[a, { text: B, caseSensitive: true }]`
      } else {
        const start = i;
        while (i < end && !',[]{}'.includes(this.text[i])) i++;
        let valueEnd = i;
        while (valueEnd > start && this.text.charCodeAt(valueEnd - 1) === 32) valueEnd--;
        const raw = this.text.slice(start, valueEnd);
        if (raw === '' || PLAIN_FORBIDDEN_START.test(raw) || raw.includes(': ') || raw.includes(' #') || raw.endsWith(':')) throw new OutsideSubset();
        item = plain(raw, start, valueEnd);
      }
      if (isMap) (collection as YAMLMap).items.push(new Pair(key!, item));
      else (collection as YAMLSeq).items.push(item);
      skipSpaces();
      const separator = this.text[i];
      if (separator === close) {
        collection.range = [at, i + 1, i + 1];
        return [collection, i + 1];
      }
      if (separator !== ',') throw new OutsideSubset();
      i++;
      skipSpaces();
      if (this.text[i] === close) {
        collection.range = [at, i + 1, i + 1];
        return [collection, i + 1];
      }
    }
  }
}

/** A plain scalar, typed by the YAML 1.2 core schema as the `yaml` library does. */
function plain(raw: string, start: number, end: number): Scalar {
  let value: unknown = raw;
  if (NULL.test(raw)) value = null;
  else if (BOOL.test(raw)) value = raw[0] === 't' || raw[0] === 'T';
  else if (INT.test(raw)) {
    value = Number(raw);
    if (!Number.isSafeInteger(value)) throw new OutsideSubset();
  } else if (FLOAT.test(raw)) value = Number(raw);
  else if (/^[-+]?\.(?:inf|Inf|INF|nan|NaN|NAN)$/.test(raw) || /^0[ox]/.test(raw)) throw new OutsideSubset();
  const node = new Scalar(value);
  node.type = Scalar.PLAIN;
  node.source = raw;
  node.range = [start, end, end];
  return node;
}
