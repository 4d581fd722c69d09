// How deeply a YAML text nests, measured before any parser sees it. The `yaml` library (and any
// tree walk) recurses once per level: a registry nested 20,000 levels deep (`[[[[…` or 20,000
// ever more indented `- ` lines, a few hundred KB) ends in "Maximum call stack size exceeded".
// A registry needs fewer than ten levels, so a text deeper than MAX_YAML_NESTING is refused with
// a message in words, at the place where the deep nesting starts.
//
// The measure is a single linear pass that follows the YAML structure closely enough to never
// undercount: block levels by indentation (and `- ` items opened on one line), flow levels by
// brackets outside quoted scalars and comments; block scalars (`|`, `>`) are skipped. It may
// count a level too many (a plain scalar continued on a more indented line), never too few.

/** More levels of lists and mappings than this are refused. */
export const MAX_YAML_NESTING = 100;

export interface DeepNesting {
  /** Offset where the too deep nesting starts: the outermost list or mapping of the chain that becomes too deep. */
  start: number;
  /** Offset of the first list or mapping beyond the limit. */
  deepAt: number;
  limit: number;
}

const SPACE = 32;
const TAB = 9;
const HASH = 35;
const DASH = 45;
const COLON = 58;
const DOUBLE_QUOTE = 34;
const SINGLE_QUOTE = 39;

/** Where `text` nests deeper than `limit` levels, or undefined. */
export function findDeepNesting(text: string, limit = MAX_YAML_NESTING): DeepNesting | undefined {
  // The open levels, innermost last: the column of a block collection's items (-1 for a flow
  // collection), where it starts, and whether it has had a second item (a branch) so far.
  const columns: number[] = [];
  const starts: number[] = [];
  const branched: boolean[] = [];
  let flowDepth = 0;
  let quote = 0; // inside a quoted scalar (which may span lines)
  let blockScalarParent = -1; // skipping a block scalar's lines, indented more than this column
  let deep: DeepNesting | undefined;

  const push = (column: number, start: number): boolean => {
    columns.push(column);
    starts.push(start);
    branched.push(false);
    if (columns.length <= limit) return false;
    // The chain: the innermost levels that have had one item each so far.
    let first = columns.length - 1;
    while (first > 0 && !branched[first - 1]) first--;
    deep = { start: starts[first], deepAt: start, limit };
    return true;
  };
  const pop = () => {
    columns.pop();
    starts.pop();
    branched.pop();
  };

  let lineStart = 0;
  while (lineStart <= text.length) {
    let lineEnd = text.indexOf('\n', lineStart);
    const next = lineEnd === -1 ? text.length + 1 : lineEnd + 1;
    if (lineEnd === -1) lineEnd = text.length;
    if (lineEnd > lineStart && text.charCodeAt(lineEnd - 1) === 13) lineEnd--;
    let p = lineStart;
    while (p < lineEnd && text.charCodeAt(p) === SPACE) p++;
    const indent = p - lineStart;
    if (blockScalarParent >= 0) {
      if (p === lineEnd || indent > blockScalarParent) {
        lineStart = next;
        continue;
      }
      blockScalarParent = -1;
    }
    let tokenStart = true;
    if (quote === 0 && flowDepth === 0) {
      if (p === lineEnd || text.charCodeAt(p) === HASH) {
        lineStart = next;
        continue;
      }
      if (indent === 0 && isDocumentMarker(text, p)) {
        // A new document: its levels start afresh.
        while (columns.length > 0) pop();
        p += 3;
      } else {
        while (columns.length > 0 && columns[columns.length - 1] > indent) pop();
        if (columns.length > 0 && columns[columns.length - 1] === indent) branched[branched.length - 1] = true;
        else if (push(indent, p)) return deep;
        // `- - item`, `- key: value`: collections opened on this line, each at its own column.
        while (text.charCodeAt(p) === DASH && (p + 1 === lineEnd || text.charCodeAt(p + 1) === SPACE || text.charCodeAt(p + 1) === TAB)) {
          p++;
          while (p < lineEnd && (text.charCodeAt(p) === SPACE || text.charCodeAt(p) === TAB)) p++;
          if (p === lineEnd || text.charCodeAt(p) === HASH) break;
          if (push(p - lineStart, p)) return deep;
        }
      }
    }
    // The rest of the line: quoted scalars, flow brackets, comments, a block scalar's header.
    for (; p < lineEnd; p++) {
      const c = text.charCodeAt(p);
      if (quote !== 0) {
        if (quote === DOUBLE_QUOTE && c === 92 /* \ */) p++;
        else if (c === quote) {
          if (quote === SINGLE_QUOTE && text.charCodeAt(p + 1) === SINGLE_QUOTE) p++;
          else {
            quote = 0;
            tokenStart = false;
          }
        }
        continue;
      }
      if (c === SPACE || c === TAB) continue;
      if (c === HASH && (p === lineStart || isBlank(text.charCodeAt(p - 1)))) break; // a comment
      if (tokenStart && (c === DOUBLE_QUOTE || c === SINGLE_QUOTE)) {
        quote = c;
        continue;
      }
      if (c === 91 /* [ */ || c === 123 /* { */) {
        if (tokenStart || flowDepth > 0) {
          flowDepth++;
          if (push(-1, p)) return deep;
          tokenStart = true;
          continue;
        }
      } else if ((c === 93 /* ] */ || c === 125) /* } */ && flowDepth > 0) {
        flowDepth--;
        pop();
        tokenStart = false;
        continue;
      } else if (c === 44 /* , */ && flowDepth > 0) {
        branched[branched.length - 1] = true;
        tokenStart = true;
        continue;
      } else if (c === COLON && (p + 1 === lineEnd || isBlank(text.charCodeAt(p + 1)) || flowDepth > 0)) {
        tokenStart = true;
        continue;
      } else if ((c === 124 /* | */ || c === 62) /* > */ && tokenStart && flowDepth === 0 && columns.length > 0) {
        blockScalarParent = columns[columns.length - 1];
        break;
      }
      tokenStart = false;
    }
    lineStart = next;
  }
  return undefined;
}

function isBlank(c: number): boolean {
  return c === SPACE || c === TAB;
}

function isDocumentMarker(text: string, at: number): boolean {
  const c = text.charCodeAt(at);
  if (c !== DASH && c !== 46 /* . */) return false;
  if (text.charCodeAt(at + 1) !== c || text.charCodeAt(at + 2) !== c) return false;
  const after = text.charCodeAt(at + 3);
  return Number.isNaN(after) || after === SPACE || after === TAB || after === 10 || after === 13;
}
