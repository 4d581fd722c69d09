// Glob matching for registry patterns (`**`, `*`, `?`, `{a,b}`, `[abc]`), shared by the
// extension (to recognise an open registry document) and the CLI (to find registry files).
//
// The patterns come from the setting `analystMarkup.registry.files`, which a workspace can set
// (untrusted input). They are therefore NOT translated into regular expressions, where `**/**/…`
// or `*a*a*a…` backtrack exponentially and an unbalanced `{` or a class like `[z-a]` throws.
// Instead a glob is compiled into a small NFA (Thompson construction) and a path is matched by
// simulating all states at once: time O(path length × pattern length), no backtracking, and
// compiling never throws (anything that is not valid glob syntax is a literal character).
//
// Syntax (as before): `**/` any number of whole folders, including none; `**` elsewhere any text,
// `/` included; `*` any text within one path segment; `?` one character other than `/`;
// `{a,b,…}` alternatives (nested allowed; an unclosed `{` is literal); `[abc]`, `[a-z]`, `[!abc]`
// (or `[^abc]`) one character of / not of a set, never `/` (an unclosed `[` is literal). Matching
// is anchored (the whole path), case-sensitive, and `*` matches names starting with a dot.

/** A compiled glob: `test` tells whether a `/`-separated relative path matches. */
export interface GlobMatcher {
  test(path: string): boolean;
}

type CharTest = (code: number) => boolean;

const SLASH = 0x2f;
const notSlash: CharTest = (c) => c !== SLASH;
const anyChar: CharTest = () => true;
const isSlash: CharTest = (c) => c === SLASH;

/** Patterns longer than this match nothing (a registry glob is a few dozen characters). */
const MAX_GLOB_LENGTH = 4096;

// ---------------------------------------------------------------------------------------------
// Parsing: a glob is a sequence of items; an item is a character test, a wildcard or alternatives.

type Item =
  | { kind: 'char'; test: CharTest }
  | { kind: 'star' } // `*`
  | { kind: 'globstar' } // `**` not followed by `/`
  | { kind: 'folders' } // `**/`
  | { kind: 'alt'; options: Item[][] };

/** Index of the `}` closing the `{` at `open`, or -1 (backslash is literal, as before). */
function closingBrace(glob: string, open: number): number {
  let depth = 0;
  for (let i = open; i < glob.length; i++) {
    const ch = glob[i];
    if (ch === '[') {
      const close = glob.indexOf(']', i + 1);
      if (close > i) i = close;
    } else if (ch === '{') depth++;
    else if (ch === '}' && --depth === 0) return i;
  }
  return -1;
}

function classTest(body: string): CharTest {
  let negated = false;
  if (body.startsWith('!') || body.startsWith('^')) {
    negated = true;
    body = body.slice(1);
  }
  const chars = Array.from(body).map((ch) => ch.codePointAt(0)!);
  const ranges: Array<[number, number]> = [];
  for (let i = 0; i < chars.length; i++) {
    if (i + 2 < chars.length && chars[i + 1] === 0x2d /* - */) {
      ranges.push([chars[i], chars[i + 2]]); // an inverted range (`z-a`) matches nothing
      i += 2;
    } else ranges.push([chars[i], chars[i]]);
  }
  return (code) => {
    if (code === SLASH) return false;
    let inSet = false;
    for (const [lo, hi] of ranges) {
      if (code >= lo && code <= hi) {
        inSet = true;
        break;
      }
    }
    return inSet !== negated;
  };
}

/** Parses `glob[from, to)`; inside braces, top-level commas separate the options. */
function parseSequence(glob: string, from: number, to: number, inBraces: boolean): Item[][] {
  const options: Item[][] = [];
  let items: Item[] = [];
  for (let i = from; i < to; i++) {
    const ch = glob[i];
    if (ch === '*') {
      // Runs of wildcards collapse (`***`, `**/**/`: the same language, fewer states).
      const last = items[items.length - 1];
      if (glob[i + 1] === '*') {
        i++;
        if (glob[i + 1] === '/') {
          i++;
          if (last?.kind !== 'folders') items.push({ kind: 'folders' });
        } else if (last?.kind === 'star' || last?.kind === 'globstar') items[items.length - 1] = { kind: 'globstar' };
        else items.push({ kind: 'globstar' });
      } else if (last?.kind !== 'star' && last?.kind !== 'globstar') items.push({ kind: 'star' });
    } else if (ch === '?') items.push({ kind: 'char', test: notSlash });
    else if (ch === '{') {
      const close = closingBrace(glob, i);
      if (close > i && close < to) {
        items.push({ kind: 'alt', options: parseSequence(glob, i + 1, close, true) });
        i = close;
      } else items.push(literal(ch));
    } else if (ch === ',' && inBraces) {
      options.push(items);
      items = [];
    } else if (ch === '[') {
      const close = glob.indexOf(']', i + 1);
      if (close > i && close < to) {
        items.push({ kind: 'char', test: classTest(glob.slice(i + 1, close)) });
        i = close;
      } else items.push(literal(ch));
    } else {
      const code = glob.codePointAt(i)!;
      if (code > 0xffff) i++;
      items.push({ kind: 'char', test: (c) => c === code });
    }
  }
  options.push(items);
  return options;
}

function literal(ch: string): Item {
  const code = ch.charCodeAt(0);
  return { kind: 'char', test: (c) => c === code };
}

// ---------------------------------------------------------------------------------------------
// The NFA: states are either a character test with one successor or an epsilon split.

interface Nfa {
  tests: (CharTest | undefined)[];
  /** For a test state: its successor; for a split state: its epsilon successors. */
  next: number[][];
  start: number;
  accept: number;
}

function buildNfa(options: Item[][]): Nfa {
  const tests: (CharTest | undefined)[] = [];
  const next: number[][] = [];
  const state = (test: CharTest | undefined, out: number[]): number => {
    tests.push(test);
    next.push(out);
    return tests.length - 1;
  };
  const accept = state(undefined, []);
  const compileSequence = (items: Item[], then: number): number => {
    let at = then;
    for (let k = items.length - 1; k >= 0; k--) at = compileItem(items[k], at);
    return at;
  };
  const compileItem = (item: Item, then: number): number => {
    switch (item.kind) {
      case 'char':
        return state(item.test, [then]);
      case 'star':
      case 'globstar': {
        // loop = split(then, step); step = test → loop
        const loop = state(undefined, [then]);
        const step = state(item.kind === 'star' ? notSlash : anyChar, [loop]);
        next[loop].push(step);
        return loop;
      }
      case 'folders': {
        // (?:[^/]*/)* — boundary = split(then, inner); inner = split(name, slash);
        // name = [^/] → inner; slash = `/` → boundary
        const boundary = state(undefined, [then]);
        const inner = state(undefined, []);
        const name = state(notSlash, [inner]);
        const slash = state(isSlash, [boundary]);
        next[inner].push(name, slash);
        next[boundary].push(inner);
        return boundary;
      }
      case 'alt':
        return state(
          undefined,
          item.options.map((option) => compileSequence(option, then)),
        );
    }
  };
  const start =
    options.length === 1
      ? compileSequence(options[0], accept)
      : state(
          undefined,
          options.map((o) => compileSequence(o, accept)),
        );
  return { tests, next, start, accept };
}

/** A simulation's tables, made once per NFA (simulate runs for every file event: 200,000 in a checkout). */
interface Scratch {
  seen: Int32Array;
  current: Int32Array;
  following: Int32Array;
  stack: number[];
  generation: number;
}
const scratchOf = new WeakMap<Nfa, Scratch>();

function simulate(nfa: Nfa, path: string): boolean {
  const { tests, next, accept } = nfa;
  const size = tests.length;
  let scratch = scratchOf.get(nfa);
  if (!scratch) {
    scratch = { seen: new Int32Array(size), current: new Int32Array(size), following: new Int32Array(size), stack: [], generation: 0 };
    scratchOf.set(nfa, scratch);
  }
  // Generations go on from the last call, so `seen` needs no clearing (cleared when they would wrap).
  if (scratch.generation > 0x3fffffff) {
    scratch.seen.fill(0);
    scratch.generation = 0;
  }
  const { seen, stack } = scratch;
  let current = scratch.current;
  let following = scratch.following;
  let generation = ++scratch.generation;
  /** Adds `s` and its epsilon closure to `into` at `length` (test states and the accept state only); returns the new length. */
  const add = (s: number, into: Int32Array, length: number): number => {
    stack.push(s);
    while (stack.length > 0) {
      const t = stack.pop()!;
      if (seen[t] === generation) continue;
      seen[t] = generation;
      if (tests[t] || t === accept) into[length++] = t;
      else for (let k = next[t].length - 1; k >= 0; k--) stack.push(next[t][k]);
    }
    return length;
  };
  let count = add(nfa.start, current, 0);
  for (let i = 0; i < path.length && count > 0; i++) {
    let code = path.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < path.length) {
      const low = path.charCodeAt(i + 1);
      if (low >= 0xdc00 && low <= 0xdfff) {
        code = path.codePointAt(i)!;
        i++;
      }
    }
    generation = ++scratch.generation;
    let nextCount = 0;
    for (let k = 0; k < count; k++) {
      const s = current[k];
      const test = tests[s];
      if (test && test(code)) nextCount = add(next[s][0], following, nextCount);
    }
    const swap = current;
    current = following;
    following = swap;
    count = nextCount;
  }
  for (let k = 0; k < count; k++) if (current[k] === accept) return true;
  return false;
}

const cache = new Map<string, GlobMatcher>();
const NEVER: GlobMatcher = Object.freeze({ test: () => false });

/** Compiles a glob (see the header for the syntax). Never throws; results are cached. */
export function compileGlob(glob: string): GlobMatcher {
  let cached = cache.get(glob);
  if (cached) return cached;
  if (typeof glob !== 'string' || glob.length > MAX_GLOB_LENGTH) return NEVER;
  const nfa = buildNfa(parseSequence(glob, 0, glob.length, false));
  cached = Object.freeze({ test: (path: string) => typeof path === 'string' && simulate(nfa, path) });
  if (cache.size > 500) cache.clear();
  cache.set(glob, cached);
  return cached;
}

/**
 * The glob as a matcher with `test(path)` (the name is kept for its callers; it is no longer a
 * regular expression, see the header).
 */
export function globToRegExp(glob: string): GlobMatcher {
  return compileGlob(glob);
}

/** Whether a `/`-separated path relative to the workspace folder matches any of the globs. */
export function matchesAnyGlob(relativePath: string, globs: readonly string[]): boolean {
  return globs.some((glob) => compileGlob(glob).test(relativePath));
}

/** Paths below `node_modules` or `.git` are never registry files. */
export function isExcludedPath(path: string): boolean {
  return /(^|\/)(node_modules|\.git)\//.test(path);
}
