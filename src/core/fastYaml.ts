// A fast reader for the plain YAML that registries are written in: block mappings and sequences,
// one-line scalars (plain, single- and double-quoted), simple block scalars, one-line flow
// collections, comments. It builds the flat tree of yamlTree.ts with the values and positions
// the `yaml` library gives (test/unit/fastYaml.test.ts compares them on random texts); anything
// outside that subset (anchors, tags, multi-line scalars and flow collections, duplicate keys,
// odd keys, tabs…) makes it give up, and the `yaml` library reads the file instead, with its exact
// errors. Why: `yaml` takes seconds on a registry of 30,000 entities; this takes a fraction.
// No regular expressions, slices or objects per value on the hot path: a registry has a few
// hundred thousand values, and most plain strings are left in the text until the reader asks.

import { MAX_YAML_NESTING } from './yamlDepth';
import { YamlTree } from './yamlTree';
import type { YamlNode } from './yamlTree';

/** Thrown inside the reader when the text leaves the subset. */
class OutsideSubset extends Error {}

const NULL = /^(?:~|null|Null|NULL)?$/;
const BOOL = /^(?:true|True|TRUE|false|False|FALSE)$/;
const INT = /^[-+]?[0-9]+$/;
const FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/;
const OTHER_NUMBER = /^[-+]?\.(?:inf|Inf|INF|nan|NaN|NAN)$|^0[ox]/;
const DOUBLE_QUOTE_ESCAPES: Record<string, string> = { '\\': '\\', '"': '"', '/': '/', n: '\n', t: '\t', r: '\r', '0': '\0', ' ': ' ' };

const TAB = 9;
const SPACE = 32;
const HASH = 35;
const DASH = 45;
const COLON = 58;

/** Mappings up to this size check duplicate keys by comparing them; larger ones use a set of their values. */
const LINEAR_KEY_CHECK = 8;

/**
 * The document's tree (its root NO_NODE for a document without content), or `undefined` when
 * the text is outside the subset (read it with the `yaml` library instead).
 */
export function readPlainYaml(text: string): YamlTree | undefined {
  if (text.charCodeAt(0) === 0xfeff || hasLoneCarriageReturn(text)) return undefined;
  try {
    return new Reader(text).document();
  } catch (error) {
    if (error instanceof OutsideSubset) return undefined;
    throw error;
  }
}

class Reader {
  private readonly tree: YamlTree;
  // The lines with content (not blank, not comment-only), as three parallel number arrays.
  private readonly lineStarts: number[] = [];
  /** Offset of each line's end, before \r\n. */
  private readonly lineEnds: number[] = [];
  private readonly lineIndents: number[] = [];
  private readonly lineCount: number;
  /** The current line. */
  private index = 0;
  /** Column where the current line's content starts (after `- ` of a sequence item), or -1. */
  private column = -1;
  /** Set by `keyColon`: where the key's text ends. */
  private keyEnd = 0;
  /** Keys of the mappings being read, innermost last, for the duplicate check. */
  private readonly openKeys: YamlNode[] = [];
  /** Block collections being read. */
  private depth = 0;

  constructor(private readonly text: string) {
    let start = 0;
    while (start <= text.length) {
      let end = text.indexOf('\n', start);
      if (end === -1) end = text.length;
      const lineEnd = end > start && text.charCodeAt(end - 1) === 13 ? end - 1 : end;
      let indent = start;
      while (indent < lineEnd && text.charCodeAt(indent) === SPACE) indent++;
      const first = text.charCodeAt(indent);
      if (first === TAB) throw new OutsideSubset(); // tabs in indentation
      // Blank and comment-only lines carry no content.
      if (indent < lineEnd && first !== HASH) {
        if (indent === start && isDocumentMarker(text, start)) throw new OutsideSubset();
        this.lineStarts.push(start);
        this.lineEnds.push(lineEnd);
        this.lineIndents.push(indent - start);
      }
      start = end + 1;
    }
    this.lineCount = this.lineStarts.length;
    this.tree = new YamlTree(text, 3 * this.lineCount + 16); // a key and a value per line, and some collections
  }

  document(): YamlTree {
    if (this.lineCount === 0) return this.tree;
    if (this.lineIndents[0] !== 0) throw new OutsideSubset();
    this.tree.root = this.block(0);
    if (this.index < this.lineCount) throw new OutsideSubset();
    return this.tree;
  }

  private get hasLine(): boolean {
    return this.index < this.lineCount;
  }

  /** Indentation of the current line's content (after a `- ` when inside an item). */
  private get indent(): number {
    return this.column >= 0 ? this.column : this.lineIndents[this.index];
  }

  private contentStart(): number {
    return this.lineStarts[this.index] + this.indent;
  }

  private block(indent: number): YamlNode {
    // Each level is a few frames of recursion: deeper texts go to findDeepNesting's refusal.
    if (++this.depth > MAX_YAML_NESTING) throw new OutsideSubset();
    const at = this.contentStart();
    const node = this.text.charCodeAt(at) === DASH && this.isItem(at) ? this.sequence(indent) : this.mapping(indent);
    this.depth--;
    return node;
  }

  private isItem(at: number): boolean {
    return this.text.charCodeAt(at + 1) === SPACE || at + 1 >= this.lineEnds[this.index];
  }

  /**
   * Where the `:` of a `key:` at `at` stands, or -1: the key is `[A-Za-z0-9_$][\w$.-]*`, then
   * spaces; `keyEnd` is set to the end of the key's text. The caller checks what follows the `:`.
   */
  private keyColon(at: number): number {
    const text = this.text;
    if (!isKeyStart(text.charCodeAt(at))) return -1;
    let i = at + 1;
    while (isKeyPart(text.charCodeAt(i))) i++;
    this.keyEnd = i;
    while (text.charCodeAt(i) === SPACE) i++;
    return text.charCodeAt(i) === COLON ? i : -1;
  }

  /** A block `key:` at `at`: the colon is followed by a space, a line break or the end of the text. */
  private blockKeyColon(at: number): number {
    const colon = this.keyColon(at);
    if (colon < 0) return -1;
    const next = this.text.charCodeAt(colon + 1);
    return next === SPACE || next === 13 || next === 10 || colon + 1 === this.text.length ? colon : -1;
  }

  private mapping(indent: number): YamlNode {
    const map = this.tree.beginCollection('map', false, this.contentStart());
    const keysFrom = this.openKeys.length;
    let keySet: Set<unknown> | undefined;
    let last = -1;
    while (this.hasLine && this.indent === indent) {
      const at = this.contentStart();
      const colon = this.blockKeyColon(at);
      if (colon < 0 || colon + 1 > this.lineEnds[this.index]) throw new OutsideSubset();
      const key = this.plain(at, this.keyEnd); // keys are typed too: `1:` is a number
      keySet = this.addKey(key, keysFrom, keySet);
      const value = this.valueAfter(colon + 1, indent, true);
      this.tree.addChild(value);
      last = this.tree.end(value);
      this.column = -1;
    }
    if (this.hasLine && this.indent > indent) throw new OutsideSubset();
    this.openKeys.length = keysFrom;
    this.tree.endCollection(map, last);
    return map;
  }

  private sequence(indent: number): YamlNode {
    const seq = this.tree.beginCollection('seq', false, this.contentStart());
    let last = -1;
    while (this.hasLine && this.indent === indent) {
      const at = this.contentStart();
      if (this.text.charCodeAt(at) !== DASH || !this.isItem(at)) break;
      const value = this.valueAfter(at + 1, indent, false);
      this.tree.addChild(value);
      last = this.tree.end(value);
      this.column = -1;
    }
    if (this.hasLine && this.indent > indent) throw new OutsideSubset();
    this.tree.endCollection(seq, last);
    return seq;
  }

  /**
   * Adds a mapping's key, or gives up if the mapping has it already (equal values, as `yaml`
   * compares keys). Its keys so far are `openKeys` from `keysFrom`; a large mapping keeps their
   * values in `keySet` as well, which this returns.
   */
  private addKey(key: YamlNode, keysFrom: number, keySet: Set<unknown> | undefined): Set<unknown> | undefined {
    const keys = this.openKeys;
    if (keySet !== undefined) {
      const value = this.tree.value(key);
      if (keySet.has(value)) throw new OutsideSubset();
      keySet.add(value);
    } else {
      for (let k = keysFrom; k < keys.length; k++) if (this.sameKey(keys[k], key)) throw new OutsideSubset();
      if (keys.length - keysFrom + 1 >= LINEAR_KEY_CHECK) {
        keySet = new Set<unknown>();
        for (let k = keysFrom; k < keys.length; k++) keySet.add(this.tree.value(keys[k]));
        keySet.add(this.tree.value(key));
      }
    }
    keys.push(key);
    this.tree.addChild(key);
    return keySet;
  }

  /** Whether two keys (plain scalars) have equal values, without slicing them. */
  private sameKey(a: YamlNode, b: YamlNode): boolean {
    const tree = this.tree;
    const aIsText = tree.hasStringValue(a); // a plain key with a string value is its own text
    if (aIsText !== tree.hasStringValue(b)) return false;
    if (!aIsText) return tree.value(a) === tree.value(b);
    const aStart = tree.start(a);
    const bStart = tree.start(b);
    const length = tree.end(a) - aStart;
    if (tree.end(b) - bStart !== length) return false;
    for (let k = 0; k < length; k++) if (this.text.charCodeAt(aStart + k) !== this.text.charCodeAt(bStart + k)) return false;
    return true;
  }

  /** The value that follows a key's `:` or an item's `-` at `from` on the current line. */
  private valueAfter(from: number, indent: number, inMapping: boolean): YamlNode {
    const text = this.text;
    const lineStart = this.lineStarts[this.index];
    const lineEnd = this.lineEnds[this.index];
    let at = from;
    while (at < lineEnd && text.charCodeAt(at) === SPACE) at++;
    const rest = at < lineEnd && text.charCodeAt(at) !== HASH;
    if (rest && !inMapping && this.blockKeyColon(at) >= 0) {
      // `- key: value`: a mapping whose keys stand at this column.
      this.column = at - lineStart;
      return this.mapping(this.column);
    }
    if (rest) {
      const ch = text.charCodeAt(at);
      if (ch === 62 /* > */ || ch === 124 /* | */) return this.blockScalar(at, indent);
      if (at === from && inMapping) throw new OutsideSubset();
      const value = this.inline(at, lineEnd);
      this.index++;
      this.column = -1;
      return value;
    }
    // Nothing on this line: a nested block, or null.
    this.index++;
    this.column = -1;
    if (this.hasLine) {
      const nextIndent = this.lineIndents[this.index];
      if (nextIndent > indent) return this.block(nextIndent);
      const itemAt = this.lineStarts[this.index] + indent;
      if (inMapping && nextIndent === indent && text.charCodeAt(itemAt) === DASH && this.isItem(itemAt)) {
        return this.sequence(indent); // `key:` followed by `- item` at the same indentation
      }
    }
    return this.tree.addScalar(null, '', at, at); // where `yaml` puts it: after the spaces, before any comment
  }

  /**
   * A block scalar (`>` folded, `|` literal; `-` strip or default clip) whose lines are all
   * indented alike: the common form of a long summary. Anything fancier is left to `yaml`.
   */
  private blockScalar(at: number, parentIndent: number): YamlNode {
    const text = this.text;
    const lineEnd = this.lineEnds[this.index];
    const header = /^([>|])(-?)(?:[ ]+(?:#.*)?)?$/.exec(text.slice(at, lineEnd)); // a comment needs a space before its `#`
    if (!header) throw new OutsideSubset();
    const folded = header[1] === '>';
    const parts: string[] = [];
    let contentIndent = -1;
    let position = lineEnd < text.length ? text.indexOf('\n', lineEnd) + 1 : text.length;
    if (position === 0) position = text.length;
    let end = position;
    while (position < text.length) {
      let partEnd = text.indexOf('\n', position);
      const next = partEnd === -1 ? text.length : partEnd + 1;
      if (partEnd === -1) partEnd = text.length;
      if (partEnd > position && text.charCodeAt(partEnd - 1) === 13) partEnd--;
      let indent = position;
      while (indent < partEnd && text.charCodeAt(indent) === SPACE) indent++;
      if (indent === partEnd) {
        // Leading blank lines, and spaces beyond the indentation, are content of their own: leave them to `yaml`.
        if (contentIndent < 0 || indent - position > contentIndent) throw new OutsideSubset();
        parts.push(''); // a blank line belongs to the scalar
        position = next;
        continue;
      }
      if (indent - position <= parentIndent) break;
      if (contentIndent < 0) contentIndent = indent - position;
      if (indent - position !== contentIndent || text.charCodeAt(indent) === TAB) throw new OutsideSubset();
      parts.push(text.slice(indent, partEnd));
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
    while (this.hasLine && this.lineStarts[this.index] < end) this.index++;
    this.column = -1;
    return this.tree.addScalar(value, value, at, end);
  }

  /** A one-line value from `at` to the line's end: a scalar or a flow collection, then maybe a comment. */
  private inline(at: number, end: number): YamlNode {
    const text = this.text;
    const ch = text.charCodeAt(at);
    let node: YamlNode;
    if (ch === 34 /* " */ || ch === 39 /* ' */) {
      node = this.quoted(at, end);
    } else if (ch === 91 /* [ */ || ch === 123 /* { */) {
      if (hasTabOrHash(text, at, end)) throw new OutsideSubset(); // tabs separate flow items too, `#` may start a comment
      node = this.flow(at, end, 0);
    } else {
      // One pass to the comment (` #`, on this line only): a tab, or a `: ` or final `:` (a
      // mapping), in the value is outside the subset.
      let stop = at;
      for (; stop < end; stop++) {
        const c = text.charCodeAt(stop);
        if (c === HASH && text.charCodeAt(stop - 1) === SPACE) break;
        if (c === TAB || (c === COLON && (stop + 1 === end || text.charCodeAt(stop + 1) === SPACE))) throw new OutsideSubset();
      }
      if (stop < end) stop--;
      let valueEnd = stop;
      while (valueEnd > at && text.charCodeAt(valueEnd - 1) === SPACE) valueEnd--;
      if (hasIndicatorStart(text, at, valueEnd)) throw new OutsideSubset();
      return this.plain(at, valueEnd);
    }
    const after = this.tree.end(node);
    let tail = after;
    while (tail < end && text.charCodeAt(tail) === SPACE) tail++;
    if (tail < end && !(text.charCodeAt(tail) === HASH && tail > after)) throw new OutsideSubset();
    return node;
  }

  /** A quoted scalar on one line; its node ends after the closing quote. */
  private quoted(at: number, end: number): YamlNode {
    const text = this.text;
    const quote = text.charCodeAt(at);
    let value = '';
    let from = at + 1; // start of the text not yet copied into `value`
    let i = from;
    for (;;) {
      if (i >= end) throw new OutsideSubset(); // multi-line quoted scalars: leave them to `yaml`
      const ch = text.charCodeAt(i);
      if (ch === quote) {
        if (quote === 39 && text.charCodeAt(i + 1) === 39) {
          value += text.slice(from, i + 1); // `''` is one quote
          i += 2;
          from = i;
          continue;
        }
        break;
      }
      if (ch === 92 /* \ */ && quote === 34) {
        value += text.slice(from, i);
        const escape = text[i + 1];
        const simple = DOUBLE_QUOTE_ESCAPES[escape];
        if (simple !== undefined) {
          value += simple;
          i += 2;
        } else {
          const hexLength = escape === 'x' ? 2 : escape === 'u' ? 4 : escape === 'U' ? 8 : 0;
          const hex = text.slice(i + 2, i + 2 + hexLength);
          if (hexLength === 0 || !/^[0-9a-fA-F]+$/.test(hex) || hex.length !== hexLength) throw new OutsideSubset();
          value += String.fromCodePoint(parseInt(hex, 16));
          i += 2 + hexLength;
        }
        from = i;
        continue;
      }
      i++;
    }
    value = from === at + 1 ? text.slice(from, i) : value + text.slice(from, i);
    return this.tree.addScalar(value, value, at, i + 1);
  }

  /** `[a, b]` or `{ k: v, k: v }` on one line; one level of nesting. The node ends after its bracket. */
  private flow(at: number, end: number, depth: number): YamlNode {
    const text = this.text;
    const tree = this.tree;
    const isMap = text.charCodeAt(at) === 123;
    const close = isMap ? 125 /* } */ : 93; /* ] */
    const collection = tree.beginCollection(isMap ? 'map' : 'seq', true, at);
    const keysFrom = this.openKeys.length;
    let keySet: Set<unknown> | undefined;
    const finish = (closeAt: number) => {
      this.openKeys.length = keysFrom;
      tree.endCollection(collection, closeAt + 1);
      return collection;
    };
    let i = at + 1;
    while (i < end && text.charCodeAt(i) === SPACE) i++;
    if (text.charCodeAt(i) === close) return finish(i);
    for (;;) {
      while (i < end && text.charCodeAt(i) === SPACE) i++;
      if (isMap) {
        const colon = this.keyColon(i);
        // As `^key *:(?= |$)` on the rest of the line.
        if (colon < 0 || colon >= end || (colon + 1 < end && text.charCodeAt(colon + 1) !== SPACE)) throw new OutsideSubset();
        keySet = this.addKey(this.plain(i, this.keyEnd), keysFrom, keySet);
        i = colon + 1;
        while (i < end && text.charCodeAt(i) === SPACE) i++;
      }
      const ch = text.charCodeAt(i);
      let item: YamlNode;
      if (ch === 34 || ch === 39) {
        item = this.quoted(i, end);
        i = tree.end(item);
      } else if ((ch === 123 || ch === 91) && depth === 0) {
        item = this.flow(i, end, depth + 1); // `[a, { text: B, caseSensitive: true }]`
        i = tree.end(item);
      } else {
        const start = i;
        while (i < end && !isFlowIndicator(text.charCodeAt(i))) i++;
        let valueEnd = i;
        while (valueEnd > start && text.charCodeAt(valueEnd - 1) === SPACE) valueEnd--;
        // (Tabs and `#` were ruled out for the whole collection.)
        if (valueEnd === start || hasIndicatorStart(text, start, valueEnd) || hasMappingColon(text, start, valueEnd)) throw new OutsideSubset();
        item = this.plain(start, valueEnd);
      }
      tree.addChild(item);
      while (i < end && text.charCodeAt(i) === SPACE) i++;
      const separator = text.charCodeAt(i);
      if (separator === close) return finish(i);
      if (separator !== 44 /* , */) throw new OutsideSubset();
      i++;
      while (i < end && text.charCodeAt(i) === SPACE) i++;
      if (text.charCodeAt(i) === close) return finish(i);
    }
  }

  /** A plain scalar, typed by the YAML 1.2 core schema as the `yaml` library does. */
  private plain(start: number, end: number): YamlNode {
    if (!mayBeTyped(this.text.charCodeAt(start))) return this.tree.addTextScalar(start, end);
    const raw = this.text.slice(start, end);
    const value = typedValue(raw);
    return value === raw ? this.tree.addTextScalar(start, end) : this.tree.addScalar(value, raw, start, end);
  }
}

/** A \r not followed by \n: YAML reads it as a line break, this reader would not. */
function hasLoneCarriageReturn(text: string): boolean {
  for (let at = text.indexOf('\r'); at !== -1; at = text.indexOf('\r', at + 1)) if (text.charCodeAt(at + 1) !== 10) return true;
  return false;
}

/** `---`, `...` or `%` at the start of a line: documents and directives are left to `yaml`. */
function isDocumentMarker(text: string, at: number): boolean {
  const c = text.charCodeAt(at);
  if (c === 37 /* % */) return true;
  return (c === DASH || c === 46) /* . */ && text.charCodeAt(at + 1) === c && text.charCodeAt(at + 2) === c;
}

/** `[A-Za-z0-9_$]` */
function isKeyStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 36;
}

/** `[\w$.-]` */
function isKeyPart(c: number): boolean {
  return isKeyStart(c) || c === 46 || c === DASH;
}

/** `,[]{}` */
function isFlowIndicator(c: number): boolean {
  return c === 44 || c === 91 || c === 93 || c === 123 || c === 125;
}

function hasTabOrHash(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === TAB || c === HASH) return true;
  }
  return false;
}

/** Whether a plain scalar from `start` to `end` starts with an indicator: `& * ! | > % @ `` , ] } ? :`, `- ` or a lone `-`. */
function hasIndicatorStart(text: string, start: number, end: number): boolean {
  switch (text.charCodeAt(start)) {
    case 38:
    case 42:
    case 33:
    case 124:
    case 62:
    case 37:
    case 64:
    case 96:
    case 44:
    case 93:
    case 125:
    case 63:
    case COLON: // prettier-ignore
      return true;
    case DASH:
      return end - start === 1 || text.charCodeAt(start + 1) === SPACE;
    default:
      return false;
  }
}

/** Whether `text` from `start` to `end` has a `: ` or ends with `:`: a mapping, not a plain scalar. */
function hasMappingColon(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    if (text.charCodeAt(i) === COLON && (i + 1 === end || text.charCodeAt(i + 1) === SPACE)) return true;
  }
  return false;
}

/** Whether a plain scalar starting with `c` can be anything but a string: null, a boolean or a number. */
function mayBeTyped(c: number): boolean {
  // Digits, + - . ~, and the first letters of null, true and false.
  return (c >= 48 && c <= 57) || c === 43 || c === DASH || c === 46 || c === 126 || c === 110 || c === 78 || c === 116 || c === 84 || c === 102 || c === 70;
}

function typedValue(raw: string): unknown {
  if (NULL.test(raw)) return null;
  if (BOOL.test(raw)) return raw[0] === 't' || raw[0] === 'T';
  if (INT.test(raw)) {
    const value = Number(raw);
    if (!Number.isSafeInteger(value)) throw new OutsideSubset();
    return value;
  }
  if (FLOAT.test(raw)) return Number(raw);
  if (OTHER_NUMBER.test(raw)) throw new OutsideSubset();
  return raw;
}
