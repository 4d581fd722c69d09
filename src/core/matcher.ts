// The mention matcher: one left-to-right pass over the text, walking a trie of normalised names
// from word starts (SPEC §2). Each word is hashed while the scan skips over it; filters of first
// words and of (first word, second word) pairs decide most words without touching the trie, so
// its walk is left to the few places a name may start. The trie's edges live in one
// open-addressing hash table of typed arrays: a registry of tens of thousands of aliases costs
// no more per character than a registry of ten.

import {
  CharTables,
  FOLDED_IGNORE,
  FOLDED_SPACE,
  HIGH_SURROGATE,
  NOT_WORD,
  WORD,
  WORD_IGNORE,
  WORD_SURROGATE,
  charTables,
  isFormTooLong,
  isWordAt,
  isWordBefore,
  normaliseName,
  MAX_FORM_LENGTH,
} from './charTables';
import { runSteps } from './steps';
import type { Mention } from './types';

export interface MatcherEntry {
  /** The name or alias as written in the registry. */
  text: string;
  entityId: string;
  caseSensitive: boolean;
  /** `normaliseName(text, false)` and, for case-sensitive entries, `(text, true)`, when the caller has them. */
  key?: string;
  sensitiveForm?: string;
}

interface TerminalEntry {
  entityId: string;
  caseSensitive: boolean;
  /** Normalised form keeping case; compared against the text for case-sensitive entries. */
  sensitiveForm: string;
}

export interface ScanOptions {
  /** Sorted, non-overlapping `[start, end)` ranges that are not scanned (tag attribute blocks). */
  excluded?: ReadonlyArray<readonly [number, number]>;
  /** Scan only `[from, to)`; a mention must start inside it and may not extend past `to`. */
  from?: number;
  to?: number;
  /** Only mentions starting before this offset (they may still extend up to `to`). */
  startBefore?: number;
}

export interface Matcher {
  /** All mentions, leftmost-longest, in text order. */
  scan(text: string, options?: ScanOptions): Mention[];
  /** Number of distinct normalised forms indexed. */
  readonly size: number;
  /** Length of the longest normalised form, in UTF-16 code units. */
  readonly maxFormLength: number;
}

const NO_NODE = 0; // node 0 is the root; as a transition target it means "none"
const FIRST_WORD_BITS = 18; // a filter of 2^18 bytes (256 KB: stays in cache)
const FIRST_WORD_SHIFT = 32 - FIRST_WORD_BITS;
const PAIR_BITS = 20; // Bloom filter of word pairs: 2^20 bits (128 KB)
const PAIR_SHIFT = 32 - PAIR_BITS;
const START_PAIR_BITS = 16; // Bloom filter of the first two units of forms starting with punctuation
const FOLLOWER_BITS = 18; // Bloom filter of (first word, the punctuation after it): 2^18 bits (32 KB)
/** `nonWordStart` values. */
const WALK = 1;
const CHECK_NEXT = 2;
/**
 * Node records: `NODE` ints per node. The first holds the info bits and, for a node with one
 * child, the code unit of its one edge (from bit `ONLY_CODE_SHIFT`); the second the node that
 * edge leads to.
 */
const NODE = 2;
const ONLY_NEXT = 1;
const ONLY_CODE_SHIFT = 8;
/** Info bits: how many children (the low two bits), then flags. */
const NO_CHILD = 0; // a leaf: no probe
const ONE_CHILD = 1; // most nodes deep in a name: no probe either
const CHILDREN = 2; // probe the edge table
const CHILD_BITS = 3;
const ENDS_IN_WORD = 4; // the prefix ends with a word character (a mention needs a boundary after)
const TERMINAL = 8; // some form ends here
const SIMPLE_TERMINAL = 16; // one case-insensitive entry ends here: no list to look at
/** Word hashes: `hash * 33 + unit` per unit (a short dependency chain), mixed once at the word's end. */
const HASH_SEED = 5381;
const HASH_MIX = 0x9e3779b1;
/** Slot layout of the first-word table: hash, node (0 = empty), offset of its letters, length. */
const SLOT = 4;
/** What can follow a first word, as flags in the first-word filter. */
const IS_TERMINAL = 1; // the word alone is a form
const SPACE_CHILD = 2; // some form goes on with white space after the word
const OTHER_CHILD = 4; // some form goes on with punctuation after the word
const IS_FIRST_WORD = 8; // set for every first word, so an entry is 0 only where none hashes

function hashEdge(node: number, code: number, mask: number): number {
  return (Math.imul(node, 0x9e3779b1) ^ Math.imul(code + 1, 0x85ebca77)) & mask;
}

function startPairHash(first: number, second: number): number {
  return (Math.imul(first, 0x9e3779b1) ^ second) & ((1 << START_PAIR_BITS) - 1);
}

function followerHash(word: number, unit: number): number {
  return Math.imul(word ^ Math.imul(unit + 1, 0x85ebca77), 0x9e3779b1) >>> (32 - FOLLOWER_BITS);
}

/** The slot hash of a second word: the node its first word leads to and its own hash. */
function secondWordHash(firstNode: number, hash: number): number {
  return Math.imul(firstNode ^ Math.imul(hash, 0x85ebca77), 0x9e3779b1);
}

function pairHash(first: number, second: number): number {
  return Math.imul(first ^ Math.imul(second, 0x85ebca77), 0x9e3779b1);
}

/** The end of the run of word characters of `key` starting at `from`. */
function wordEnd(key: string, from: number, tables: CharTables): number {
  let end = from;
  while (end < key.length && isWordAt(key, end, tables)) end++;
  return end;
}

/** The hash the scan computes for a word, over its folded code units (ignorable marks left out). */
function wordHash(key: string, from: number, to: number): number {
  let hash = HASH_SEED;
  for (let i = from; i < to; i++) hash = ((hash << 5) + hash + key.charCodeAt(i)) | 0;
  return Math.imul(hash, HASH_MIX);
}

/** The edges of `edges` out of nodes with several children, moved into a table of `capacity` slots. */
function* rehashedEdges(edges: Int32Array, capacity: number, childCount: Int32Array): Generator<void, Int32Array, void> {
  const mask = capacity - 1;
  const out = new Int32Array(capacity * 3);
  let work = 0;
  for (let from = 0; from < edges.length; from += 3) {
    // Random writes into a table of megabytes: fewer per step than the cheap loops.
    if (++work >= CHEAP_STEP_WORK / 8) {
      work = 0;
      yield;
    }
    const source = edges[from];
    if (source === 0 || childCount[source - 1] < 2) continue;
    let slot = hashEdge(source - 1, edges[from + 1], mask) * 3;
    while (out[slot] !== 0) slot = slot + 3 === out.length ? 0 : slot + 3;
    out[slot] = source;
    out[slot + 1] = edges[from + 1];
    out[slot + 2] = edges[from + 2];
  }
  return out;
}

/**
 * Builds the matcher. Later entries lose to earlier ones with the same normalised form. Forms
 * longer than MAX_FORM_PARTS parts or MAX_FORM_LENGTH code units are left out (the registry warns
 * about them): a walk from any place in the text then stops within that many parts, and a scan
 * stays linear in the text whatever the entries are.
 */
export function createMatcher(entries: Iterable<MatcherEntry>, previous?: Matcher): Matcher {
  return runSteps(createMatcherSteps(entries, previous));
}

/** Items of work (entries) between two yields of `createMatcherSteps`; CHEAP_STEP_WORK for a few typed-array operations each. */
const STEP_WORK = 256;
const CHEAP_STEP_WORK = 1 << 16;

/** Runs steps to the end at once (where there is no caller to yield to). */
function finish(steps: Generator<void, void, void>): void {
  while (!steps.next().done);
}

/**
 * `createMatcher` in steps: yields after every few hundred entries (see core/steps.ts). Given the
 * matcher of the registry before (`previous`, made here), the new one is that matcher's copy with
 * only the forms whose entries changed updated: a branch switch that renames 10,000 of 200,000
 * entities then rebuilds no trie of 200,000 forms (issue 15). `previous` itself stays as it was.
 */
export function* createMatcherSteps(entries: Iterable<MatcherEntry>, previous?: Matcher): Generator<void, Matcher, void> {
  const tables = charTables();
  // Two arrays, not an object per form (a registry of 200,000 entities has 200,000 forms).
  const keys: string[] = [];
  const formEntries: MatcherEntry[] = [];
  let work = 0;
  // By index (an iterator in a generator allocates a result per item).
  const list = Array.isArray(entries) ? (entries as readonly MatcherEntry[]) : Array.from(entries);
  for (let at = 0; at < list.length; at++) {
    if (++work >= STEP_WORK) {
      work = 0;
      yield;
    }
    const entry = list[at];
    const key = entry.key ?? normaliseName(entry.text, false, tables);
    if (key.length > 0 && !isFormTooLong(key, tables)) {
      keys.push(key);
      formEntries.push(entry);
    }
  }
  if (previous instanceof TrieMatcher && previous.canUpdate(tables)) return yield* previous.updatedSteps(keys, formEntries);
  const matcher = new TrieMatcher(tables);
  yield* matcher.build(keys, formEntries);
  return matcher;
}

/** The list of a node whose forms went (its slot in `terminalLists` holds nothing any more). */
const NO_ENTRIES: readonly TerminalEntry[] = [];

/** `array` copied into one of `length` items (at least its own). */
function copied<T extends Int32Array | Uint16Array | Uint8Array | Uint32Array>(array: T, length = array.length): T {
  const copy = new (array.constructor as new (length: number) => T)(Math.max(length, array.length));
  copy.set(array);
  return copy;
}

/** A terminal list's entity when it is one case-insensitive entry (SIMPLE_TERMINAL), else ''. */
function simpleEntityOf(list: readonly TerminalEntry[]): string {
  return list.length === 1 && !list[0].caseSensitive ? list[0].entityId : '';
}

class TrieMatcher implements Matcher {
  private rootNext = new Int32Array(0x10000);
  /** Slots of three: source node + 1 (0 marks an empty slot), code unit, target node; one cache line per probe. */
  private edges!: Int32Array;
  private mask!: number;
  /**
   * Per node, `NODE` ints: info bits, and the one edge of a node with one child. Most nodes have
   * one child (the rest of a name); their edges stay out of the hash table, which then holds
   * only the edges of branching nodes and stays small enough for the cache.
   */
  private nodes!: Int32Array;
  /** Per terminal node: the index of its list in `terminalLists`. */
  private terminalList!: Int32Array;
  private terminalLists: (readonly TerminalEntry[])[] = [];
  /** Per terminal list: its entity when it is one case-insensitive entry (`SIMPLE_TERMINAL`), else ''. */
  private simpleEntity: string[] = [];
  /**
   * Per non-word code unit as written: `WALK` when some form starts with it and may end right
   * after it, `CHECK_NEXT` when every such form goes on (then `startPairs` must pass), else 0.
   */
  private nonWordStart = new Uint8Array(0x10000);
  /**
   * A Bloom filter of the first two code units of forms that start with a non-word unit, so
   * the possessive "’s" does not walk the trie because some form starts with an apostrophe.
   */
  private startPairs = new Uint32Array(1 << (START_PAIR_BITS - 5));
  /**
   * A one-hash filter of the first words of all forms, like a Bloom filter but with a byte per
   * entry: what can follow the words that hash there (`IS_TERMINAL`, `SPACE_CHILD`…), or 0.
   * The scan hashes each word of the text while skipping over it anyway and looks further only
   * at words that pass: most words of a text start no mention, and this keeps their cost near
   * that of a bare loop. The flags reject most of the rest ("the" before a word no form has
   * next) without a lookup of the word itself.
   */
  private firstWords = new Uint8Array(1 << FIRST_WORD_BITS);
  /**
   * The first words themselves, by hash (open addressing, `SLOT` ints per word, one cache line):
   * the trie node each leads to, so a word that passes the filter is found by one probe and a
   * comparison of its letters instead of a walk.
   */
  private firstWordTable!: Int32Array;
  private firstWordChars!: Uint16Array;
  private firstWordMask!: number;
  /** A word's slot is the top bits of its hash (the mixed hash's best bits). */
  private firstWordShift!: number;
  /**
   * A Bloom filter of the pairs (first word, second word) of forms whose first two words are
   * separated by white space. Common words ("the", "said", "a") begin many forms; the pair
   * filter rejects almost all of their occurrences without walking the trie.
   */
  private pairs = new Uint32Array(1 << (PAIR_BITS - 5));
  /**
   * A Bloom filter of first words with the non-space unit that follows them in some form
   * ("al" and "-"): "Lebanon," and "group." then need no walk although some form goes on from
   * "lebanon" or "group" with other punctuation.
   */
  private followers = new Uint32Array(1 << (FOLLOWER_BITS - 5));
  /**
   * Second words by (the node of the first word, their hash), open addressing, `SLOT` ints per
   * entry: first node + 1 (0 = empty), hash, the node after the second word, and the offset in
   * `secondWordChars` of its length and letters. When the pair filter passes, the walk starts
   * after the second word instead of stepping through its letters.
   */
  private secondWordTable!: Int32Array;
  private secondWordChars!: Uint16Array;
  private secondWordShift!: number;
  /** Whether some second word is too long for its length to fit `secondWordChars`: then no jumps. */
  private longSecondWord = false;
  /** Scratch space of `matchAt`: the terminal nodes passed on one walk (one per word of a form). */
  private candidateNodes = new Int32Array(256);
  private candidateEnds = new Int32Array(256);
  // Set once by `build` (the matcher is handed out only after it).
  size = 0;
  maxFormLength = 0;
  // For updates (updatedSteps): the counts and fill levels of the tables above, per node its
  // depth (the length of its prefix) and whether it ends a first word, forms per length.
  private nodeCount = 0;
  private edgeCount = 0;
  private firstWordCount = 0;
  private firstWordCharsUsed = 0;
  private secondWordCount = 0;
  private secondWordCharsUsed = 0;
  private depth!: Uint16Array;
  private isFirstWordNode!: Uint8Array;
  private lengthCounts = new Int32Array(MAX_FORM_LENGTH + 1);
  /** Forms removed by updates: their nodes stay in the trie, leading nowhere (see canUpdate). */
  private removedForms = 0;

  constructor(private readonly tables: CharTables) {}

  /** Builds the trie and its filters, yielding every few hundred forms (createMatcherSteps). */
  *build(keys: readonly string[], formEntries: readonly MatcherEntry[]): Generator<void, void, void> {
    const tables = this.tables;
    const classOf = tables.classOf;
    let work = 0;
    let totalLength = 0;
    let maxFormLength = 0;
    for (const key of keys) {
      totalLength += key.length;
      if (key.length > maxFormLength) maxFormLength = key.length;
    }
    // At most one node and one edge per code unit of all forms: size the tables for that, and
    // shrink them to what the trie needs once it is built.
    const nodeLimit = totalLength + 1;
    let capacity = 16;
    while (capacity < totalLength * 2) capacity *= 2;
    const mask = capacity - 1;
    const edges = new Int32Array(capacity * 3);
    const hasChildren = new Uint8Array(nodeLimit);
    const endsInWord = new Uint8Array(nodeLimit);
    const terminalOf = new Int32Array(nodeLimit);
    const childCount = new Int32Array(nodeLimit);
    const depth = new Uint16Array(nodeLimit);
    const rootNext = this.rootNext;
    let nodeCount = 1;
    const child = (node: number, code: number): number => {
      if (node === 0) {
        let next = rootNext[code];
        if (next === NO_NODE) {
          next = rootNext[code] = nodeCount++;
          endsInWord[next] = classOf[code] & (WORD | HIGH_SURROGATE) ? 1 : 0;
          childCount[0]++;
        }
        return next;
      }
      let slot = hashEdge(node, code, mask) * 3;
      for (;;) {
        const source = edges[slot];
        if (source === 0) break;
        if (source === node + 1 && edges[slot + 1] === code) return edges[slot + 2];
        slot = slot + 3 === edges.length ? 0 : slot + 3;
      }
      const next = nodeCount++;
      edges[slot] = node + 1;
      edges[slot + 1] = code;
      edges[slot + 2] = next;
      hasChildren[node] = CHILDREN;
      childCount[node]++;
      endsInWord[next] = classOf[code] & (WORD | HIGH_SURROGATE) ? 1 : 0;
      return next;
    };

    // First words by their trie node (a node stands for exactly one prefix): the node, the word's hash and the word, by number.
    const firstWordNodes = new Map<number, number>();
    const firstWordNode: number[] = [];
    const firstWordHash: number[] = [];
    const firstWordText: string[] = [];
    // Second words by first node and word: the node after them.
    const secondWordNodes = new Map<string, { firstNode: number; hash: number; word: string; node: number }>();
    for (let form = 0; form < keys.length; form++) {
      if (++work >= STEP_WORK) {
        work = 0;
        yield;
      }
      const key = keys[form];
      const entry = formEntries[form];
      const firstEnd = classOf[key.charCodeAt(0)] & (WORD | HIGH_SURROGATE) ? wordEnd(key, 0, tables) : 0;
      const secondEnd = firstEnd > 0 && key.charCodeAt(firstEnd) === FOLDED_SPACE ? wordEnd(key, firstEnd + 1, tables) : 0;
      let node = 0;
      let firstNode = NO_NODE;
      for (let i = 0; i < key.length; i++) {
        node = child(node, key.charCodeAt(i));
        depth[node] = i + 1;
        if (i === firstEnd - 1) {
          firstNode = node;
          if (!firstWordNodes.has(node)) {
            firstWordNodes.set(node, firstWordNode.length);
            firstWordNode.push(node);
            firstWordHash.push(wordHash(key, 0, firstEnd));
            firstWordText.push(key.slice(0, firstEnd));
          }
        }
        if (i === secondEnd - 1 && secondEnd > firstEnd + 1) {
          const word = key.slice(firstEnd + 1, secondEnd);
          if (!secondWordNodes.has(`${firstNode} ${word}`))
            secondWordNodes.set(`${firstNode} ${word}`, { firstNode, hash: wordHash(key, firstEnd + 1, secondEnd), word, node });
        }
      }
      if (firstEnd > 0 && firstEnd < key.length && key.charCodeAt(firstEnd) !== FOLDED_SPACE) {
        const follower = followerHash(wordHash(key, 0, firstEnd), key.charCodeAt(firstEnd));
        this.followers[follower >>> 5] |= 1 << (follower & 31);
      }
      if (firstEnd > 0 && key.charCodeAt(firstEnd) === FOLDED_SPACE && firstEnd + 1 < key.length && isWordAt(key, firstEnd + 1, tables)) {
        const pair = pairHash(wordHash(key, 0, firstEnd), wordHash(key, firstEnd + 1, wordEnd(key, firstEnd + 1, tables)));
        this.pairs[pair >>> (PAIR_SHIFT + 5)] |= 1 << ((pair >>> PAIR_SHIFT) & 31);
      }
      let list = terminalOf[node] === 0 ? undefined : (this.terminalLists[terminalOf[node] - 1] as TerminalEntry[]);
      if (!list) {
        list = [];
        this.terminalLists.push(list);
        terminalOf[node] = this.terminalLists.length;
        this.lengthCounts[key.length]++;
      }
      const sensitiveForm = entry.caseSensitive ? (entry.sensitiveForm ?? normaliseName(entry.text, true, tables)) : '';
      // One entry per (form, case rule): the first registered entity keeps the form.
      if (!list.some((t) => t.caseSensitive === entry.caseSensitive && t.sensitiveForm === sensitiveForm)) {
        list.push({ entityId: entry.entityId, caseSensitive: entry.caseSensitive, sensitiveForm });
      }
    }
    let branchingEdges = 0;
    for (let node = 1; node < nodeCount; node++) {
      if (node % CHEAP_STEP_WORK === 0) yield;
      if (childCount[node] > 1) branchingEdges += childCount[node];
    }
    let finalCapacity = 16;
    while (finalCapacity < branchingEdges * 2) finalCapacity *= 2;
    this.mask = finalCapacity - 1;
    this.edges = yield* rehashedEdges(edges, finalCapacity, childCount);
    const nodes = (this.nodes = new Int32Array(nodeCount * NODE));
    for (let slot = 0; slot < edges.length; slot += 3) {
      if (slot % CHEAP_STEP_WORK === 0) yield;
      const source = edges[slot] - 1;
      if (source < 0 || childCount[source] !== 1) continue;
      hasChildren[source] = ONE_CHILD;
      nodes[source * NODE] = edges[slot + 1] << ONLY_CODE_SHIFT;
      nodes[source * NODE + ONLY_NEXT] = edges[slot + 2];
    }
    for (let at = 0; at < this.terminalLists.length; at++) {
      if (++work >= STEP_WORK * 16) {
        work = 0;
        yield;
      }
      this.simpleEntity.push(simpleEntityOf(this.terminalLists[at]));
    }
    this.terminalList = new Int32Array(nodeCount);
    for (let node = 0; node < nodeCount; node++) {
      if (node % (CHEAP_STEP_WORK / 4) === 0) yield;
      const list = terminalOf[node] - 1;
      const terminal = list < 0 ? 0 : this.simpleEntity[list] !== '' ? TERMINAL | SIMPLE_TERMINAL : TERMINAL;
      nodes[node * NODE] |= hasChildren[node] | (endsInWord[node] !== 0 ? ENDS_IN_WORD : 0) | terminal;
      this.terminalList[node] = list;
    }
    for (let code = 0; code < 0x10000; code++) {
      const start = rootNext[tables.foldInsensitive[code]];
      if (start !== NO_NODE && !(classOf[code] & (WORD | HIGH_SURROGATE))) this.nonWordStart[code] = terminalOf[start] !== 0 ? WALK : CHECK_NEXT;
    }
    for (let form = 0; form < keys.length; form++) {
      const key = keys[form];
      if (++work >= STEP_WORK * 16) {
        work = 0;
        yield;
      }
      if (key.length > 1 && !(classOf[key.charCodeAt(0)] & (WORD | HIGH_SURROGATE))) {
        const pair = startPairHash(key.charCodeAt(0), key.charCodeAt(1));
        this.startPairs[pair >>> 5] |= 1 << (pair & 31);
      }
    }

    let slots = 16;
    while (slots < firstWordNodes.size * 2) slots *= 2;
    this.firstWordMask = slots - 1;
    this.firstWordShift = 32 - Math.log2(slots);
    const table = (this.firstWordTable = new Int32Array(slots * SLOT));
    let totalChars = 0;
    for (const word of firstWordText) totalChars += word.length;
    this.firstWordChars = new Uint16Array(totalChars);
    let offset = 0;
    for (let first = 0; first < firstWordNode.length; first++) {
      if (++work >= STEP_WORK * 4) {
        work = 0;
        yield;
      }
      const node = firstWordNode[first];
      const hash = firstWordHash[first];
      const word = firstWordText[first];
      let slot = hash >>> this.firstWordShift;
      while (table[slot * SLOT + 1] !== NO_NODE) slot = (slot + 1) & this.firstWordMask;
      const spaceChild = this.edgeTarget(node, FOLDED_SPACE) !== NO_NODE;
      const flags = (terminalOf[node] !== 0 ? IS_TERMINAL : 0) | (spaceChild ? SPACE_CHILD : 0) | (childCount[node] > (spaceChild ? 1 : 0) ? OTHER_CHILD : 0);
      table[slot * SLOT] = hash;
      table[slot * SLOT + 1] = node;
      table[slot * SLOT + 2] = offset;
      table[slot * SLOT + 3] = word.length;
      this.firstWords[hash >>> FIRST_WORD_SHIFT] |= flags | IS_FIRST_WORD;
      for (let i = 0; i < word.length; i++) this.firstWordChars[offset++] = word.charCodeAt(i);
    }
    let secondSlots = 16;
    while (secondSlots < secondWordNodes.size * 2) secondSlots *= 2;
    this.secondWordShift = 32 - Math.log2(secondSlots);
    const seconds = (this.secondWordTable = new Int32Array(secondSlots * SLOT));
    let secondChars = 0;
    for (const { word } of secondWordNodes.values()) {
      secondChars += word.length + 1;
      if (word.length > 0xffff) this.longSecondWord = true;
    }
    this.secondWordChars = new Uint16Array(secondChars);
    offset = 0;
    for (const { firstNode, hash, word, node } of secondWordNodes.values()) {
      if (++work >= STEP_WORK * 4) {
        work = 0;
        yield;
      }
      let slot = secondWordHash(firstNode, hash) >>> this.secondWordShift;
      while (seconds[slot * SLOT] !== 0) slot = (slot + 1) & (secondSlots - 1);
      seconds[slot * SLOT] = firstNode + 1;
      seconds[slot * SLOT + 1] = hash;
      seconds[slot * SLOT + 2] = node;
      seconds[slot * SLOT + 3] = offset;
      this.secondWordChars[offset++] = word.length;
      for (let i = 0; i < word.length; i++) this.secondWordChars[offset++] = word.charCodeAt(i);
    }
    this.size = this.terminalLists.length;
    this.maxFormLength = maxFormLength;
    this.nodeCount = nodeCount;
    this.edgeCount = branchingEdges;
    this.firstWordCount = firstWordNode.length;
    this.firstWordCharsUsed = totalChars;
    this.secondWordCount = secondWordNodes.size;
    this.secondWordCharsUsed = secondChars;
    this.depth = depth.slice(0, nodeCount);
    this.isFirstWordNode = new Uint8Array(nodeCount);
    for (const node of firstWordNode) this.isFirstWordNode[node] = 1;
  }

  /** Whether `updatedSteps` may start from this matcher: else a new build is cheaper (and drops the dead nodes). */
  canUpdate(tables: CharTables): boolean {
    return tables === this.tables && this.removedForms <= Math.max(this.size, 1024);
  }

  /**
   * The matcher of `keys`/`formEntries` (as `build` takes them) made from a copy of this one:
   * forms whose entries are unchanged cost a walk of their letters; new forms get their nodes,
   * edges, words and filter bits; gone forms stop being terminal. Filters only ever gain bits
   * (they may pass what nothing matches, as after a hash collision): what the scan finds is what
   * a new build of the same entries finds.
   */
  *updatedSteps(keys: readonly string[], formEntries: readonly MatcherEntry[]): Generator<void, TrieMatcher, void> {
    const next = yield* this.copySteps();
    yield* next.update(keys, formEntries);
    return next;
  }

  /** A copy whose tables can change without changing this matcher (which readers still hold). */
  private *copySteps(): Generator<void, TrieMatcher, void> {
    const copy = new TrieMatcher(this.tables);
    copy.rootNext = copied(this.rootNext);
    copy.nonWordStart = copied(this.nonWordStart);
    copy.startPairs = copied(this.startPairs);
    copy.firstWords = copied(this.firstWords);
    copy.pairs = copied(this.pairs);
    copy.followers = copied(this.followers);
    copy.lengthCounts = copied(this.lengthCounts);
    yield;
    // One table per step: each is a copy of up to tens of megabytes.
    copy.edges = copied(this.edges);
    copy.mask = this.mask;
    yield;
    copy.nodes = copied(this.nodes);
    yield;
    copy.terminalList = copied(this.terminalList);
    copy.depth = copied(this.depth);
    copy.isFirstWordNode = copied(this.isFirstWordNode);
    yield;
    copy.terminalLists = this.terminalLists.slice();
    copy.simpleEntity = this.simpleEntity.slice();
    yield;
    copy.firstWordTable = copied(this.firstWordTable);
    copy.firstWordChars = copied(this.firstWordChars);
    copy.firstWordMask = this.firstWordMask;
    copy.firstWordShift = this.firstWordShift;
    copy.secondWordTable = copied(this.secondWordTable);
    copy.secondWordChars = copied(this.secondWordChars);
    copy.secondWordShift = this.secondWordShift;
    copy.longSecondWord = this.longSecondWord;
    copy.size = this.size;
    copy.maxFormLength = this.maxFormLength;
    copy.nodeCount = this.nodeCount;
    copy.edgeCount = this.edgeCount;
    copy.firstWordCount = this.firstWordCount;
    copy.firstWordCharsUsed = this.firstWordCharsUsed;
    copy.secondWordCount = this.secondWordCount;
    copy.secondWordCharsUsed = this.secondWordCharsUsed;
    copy.removedForms = this.removedForms;
    return copy;
  }

  /** Per node, while `update` runs: whether a form ends there, and how many of its old entries the new ones repeat so far. */
  private reached = new Uint8Array(0);
  private repeated = new Int32Array(0);
  /** Per node: whether its new list differs from the old one beyond `repeated` (then it is in `changedLists`). */
  private diverged = new Uint8Array(0);

  private *update(keys: readonly string[], formEntries: readonly MatcherEntry[]): Generator<void, void, void> {
    const tables = this.tables;
    const classOf = tables.classOf;
    const capacity = this.nodes.length / NODE;
    this.reached = new Uint8Array(capacity);
    this.repeated = new Int32Array(capacity);
    this.diverged = new Uint8Array(capacity);
    const changedLists = new Map<number, TerminalEntry[]>();
    let work = 0;
    for (let form = 0; form < keys.length; form++) {
      if (++work >= STEP_WORK) {
        work = 0;
        yield;
      }
      const key = keys[form];
      const entry = formEntries[form];
      if (this.needsRoomFor(key.length)) yield* this.roomForFormSteps(key.length);
      const node = this.insertForm(key);
      const sensitiveForm = entry.caseSensitive ? (entry.sensitiveForm ?? normaliseName(entry.text, true, tables)) : '';
      const same = (t: TerminalEntry): boolean => t.caseSensitive === entry.caseSensitive && t.sensitiveForm === sensitiveForm;
      if (this.diverged[node] !== 0) {
        const list = changedLists.get(node)!;
        if (!list.some(same)) list.push({ entityId: entry.entityId, caseSensitive: entry.caseSensitive, sensitiveForm });
        continue;
      }
      const old = (this.nodes[node * NODE] & TERMINAL) !== 0 ? this.terminalLists[this.terminalList[node]] : NO_ENTRIES;
      this.reached[node] = 1;
      const count = this.repeated[node];
      // The new list so far is the old one's first `count` entries (one entry per form and case rule, as in `build`).
      let known = false;
      for (let k = 0; k < count && !known; k++) known = same(old[k]);
      if (known) continue;
      const had = count < old.length ? old[count] : undefined;
      if (had && had.entityId === entry.entityId && same(had)) {
        this.repeated[node] = count + 1;
        continue;
      }
      const list = old.slice(0, count);
      list.push({ entityId: entry.entityId, caseSensitive: entry.caseSensitive, sensitiveForm });
      changedLists.set(node, list);
      this.diverged[node] = 1;
    }
    // Each node's list: changed, cut short, gone, or as it was.
    for (let node = 1; node < this.nodeCount; node++) {
      if (node % (CHEAP_STEP_WORK / 4) === 0) yield;
      const record = node * NODE;
      const info = this.nodes[record];
      const terminal = (info & TERMINAL) !== 0;
      let list: readonly TerminalEntry[] | undefined;
      if (this.diverged[node] !== 0) list = changedLists.get(node)!;
      else if (!terminal) continue;
      else if (this.reached[node] === 0) list = NO_ENTRIES;
      else if (this.repeated[node] < this.terminalLists[this.terminalList[node]].length)
        list = this.terminalLists[this.terminalList[node]].slice(0, this.repeated[node]);
      else continue;
      if (list.length === 0) {
        const at = this.terminalList[node];
        this.terminalLists[at] = NO_ENTRIES;
        this.simpleEntity[at] = '';
        this.nodes[record] = info & ~(TERMINAL | SIMPLE_TERMINAL);
        this.lengthCounts[this.depth[node]]--;
        this.size--;
        this.removedForms++;
        continue;
      }
      let at = this.terminalList[node];
      if (!terminal) {
        at = this.terminalLists.length;
        this.terminalLists.push(list);
        this.simpleEntity.push('');
        this.terminalList[node] = at;
        this.lengthCounts[this.depth[node]]++;
        this.size++;
      }
      this.terminalLists[at] = list;
      this.simpleEntity[at] = simpleEntityOf(list);
      this.nodes[record] = (info & ~SIMPLE_TERMINAL) | TERMINAL | (this.simpleEntity[at] !== '' ? SIMPLE_TERMINAL : 0);
    }
    this.reached = new Uint8Array(0);
    this.repeated = new Int32Array(0);
    this.diverged = new Uint8Array(0);
    let longest = MAX_FORM_LENGTH;
    while (longest > 0 && this.lengthCounts[longest] === 0) longest--;
    this.maxFormLength = longest;
    // Which non-word units start a form (and whether one may end right after them), from the root's children as `build` says it.
    this.nonWordStart.fill(0);
    for (let code = 0; code < 0x10000; code++) {
      const start = this.rootNext[tables.foldInsensitive[code]];
      if (start !== NO_NODE && !(classOf[code] & (WORD | HIGH_SURROGATE)))
        this.nonWordStart[code] = (this.nodes[start * NODE] & TERMINAL) !== 0 ? WALK : CHECK_NEXT;
    }
  }

  /** Walks `key` in the trie, adding the nodes, edges, words and filter bits it lacks; returns its last node. */
  private insertForm(key: string): number {
    const tables = this.tables;
    const classOf = tables.classOf;
    const firstEnd = classOf[key.charCodeAt(0)] & (WORD | HIGH_SURROGATE) ? wordEnd(key, 0, tables) : 0;
    const secondEnd = firstEnd > 0 && key.charCodeAt(firstEnd) === FOLDED_SPACE ? wordEnd(key, firstEnd + 1, tables) : 0;
    let node = 0;
    let firstNode = NO_NODE;
    // The hash of the prefix walked so far, as `wordHash` makes it before the mix.
    let hash = HASH_SEED;
    for (let i = 0; i < key.length; i++) {
      const code = key.charCodeAt(i);
      let next = this.edgeTarget(node, code);
      if (next === NO_NODE) {
        next = this.addChild(node, code, i + 1);
        // A first word that now goes on: its filter entry says so.
        if (node !== 0 && this.isFirstWordNode[node] !== 0)
          this.firstWords[Math.imul(hash, HASH_MIX) >>> FIRST_WORD_SHIFT] |= code === FOLDED_SPACE ? SPACE_CHILD : OTHER_CHILD;
      }
      hash = ((hash << 5) + hash + code) | 0;
      node = next;
      if (i === firstEnd - 1) {
        firstNode = node;
        if (this.isFirstWordNode[node] === 0) this.addFirstWord(key, firstEnd, node, Math.imul(hash, HASH_MIX));
      }
      if (i === secondEnd - 1 && secondEnd > firstEnd + 1) this.addSecondWord(key, firstEnd + 1, secondEnd, firstNode, node);
    }
    if (firstEnd > 0) {
      const firstHash = wordHash(key, 0, firstEnd);
      if (firstEnd < key.length && key.charCodeAt(firstEnd) !== FOLDED_SPACE) {
        const follower = followerHash(firstHash, key.charCodeAt(firstEnd));
        this.followers[follower >>> 5] |= 1 << (follower & 31);
      }
      if (key.charCodeAt(firstEnd) === FOLDED_SPACE && firstEnd + 1 < key.length && isWordAt(key, firstEnd + 1, tables)) {
        const pair = pairHash(firstHash, wordHash(key, firstEnd + 1, wordEnd(key, firstEnd + 1, tables)));
        this.pairs[pair >>> (PAIR_SHIFT + 5)] |= 1 << ((pair >>> PAIR_SHIFT) & 31);
      }
      // The word alone is a form now (the node's list is set later: the flag may come early, as after a collision).
      if (firstEnd === key.length) this.firstWords[firstHash >>> FIRST_WORD_SHIFT] |= IS_TERMINAL | IS_FIRST_WORD;
    }
    if (key.length > 1 && !(classOf[key.charCodeAt(0)] & (WORD | HIGH_SURROGATE))) {
      const pair = startPairHash(key.charCodeAt(0), key.charCodeAt(1));
      this.startPairs[pair >>> 5] |= 1 << (pair & 31);
    }
    return node;
  }

  private addChild(node: number, code: number, depth: number): number {
    if (this.nodeCount * NODE === this.nodes.length) this.growNodes();
    const next = this.nodeCount++;
    this.nodes[next * NODE] = this.tables.classOf[code] & (WORD | HIGH_SURROGATE) ? ENDS_IN_WORD : 0;
    this.nodes[next * NODE + ONLY_NEXT] = NO_NODE;
    this.depth[next] = depth;
    if (node === 0) {
      this.rootNext[code] = next;
      return next;
    }
    const record = node * NODE;
    const info = this.nodes[record];
    const children = info & CHILD_BITS;
    const flags = info & ((1 << ONLY_CODE_SHIFT) - 1) & ~CHILD_BITS;
    if (children === NO_CHILD) {
      this.nodes[record] = flags | ONE_CHILD | (code << ONLY_CODE_SHIFT);
      this.nodes[record + ONLY_NEXT] = next;
      return next;
    }
    if (children === ONE_CHILD) {
      // Two children: both edges go into the table.
      this.addEdge(node, info >>> ONLY_CODE_SHIFT, this.nodes[record + ONLY_NEXT]);
      this.nodes[record] = flags | CHILDREN;
      this.nodes[record + ONLY_NEXT] = NO_NODE;
    }
    this.addEdge(node, code, next);
    return next;
  }

  /** Room for more nodes in every per-node table (half as many again). */
  private growNodes(): void {
    const capacity = Math.max(1024, Math.ceil(this.nodeCount * 1.5));
    this.nodes = copied(this.nodes, capacity * NODE);
    this.terminalList = copied(this.terminalList, capacity);
    this.depth = copied(this.depth, capacity);
    this.isFirstWordNode = copied(this.isFirstWordNode, capacity);
    this.reached = copied(this.reached, capacity);
    this.repeated = copied(this.repeated, capacity);
    this.diverged = copied(this.diverged, capacity);
  }

  private addEdge(node: number, code: number, target: number): void {
    if ((this.edgeCount + 1) * 2 > this.edges.length / 3) finish(this.growEdgesSteps(1));
    this.putEdge(node, code, target);
    this.edgeCount++;
  }

  /**
   * Before a form of `length` characters is inserted (`update`): room in the hash tables for
   * what it may add (at most two edges per character, one first and one second word), so that a
   * doubling rehashes in steps, not inside the insertion: a table of 200,000 forms took
   * 124–180 ms to rehash at once (issue 15).
   */
  private needsRoomFor(length: number): boolean {
    return (
      (this.edgeCount + 2 * length + 1) * 2 > this.edges.length / 3 ||
      (this.firstWordCount + 1) * 2 > this.firstWordTable.length / SLOT ||
      (this.secondWordCount + 1) * 2 > this.secondWordTable.length / SLOT
    );
  }

  private *roomForFormSteps(length: number): Generator<void, void, void> {
    if ((this.edgeCount + 2 * length + 1) * 2 > this.edges.length / 3) yield* this.growEdgesSteps(2 * length + 1);
    if ((this.firstWordCount + 1) * 2 > this.firstWordTable.length / SLOT) yield* this.growFirstWordsSteps();
    if ((this.secondWordCount + 1) * 2 > this.secondWordTable.length / SLOT) yield* this.growSecondWordsSteps();
  }

  /** Doubles the edge table (more if `more` edges need it), rehashing in steps. */
  private *growEdgesSteps(more: number): Generator<void, void, void> {
    const old = this.edges;
    let capacity = (old.length / 3) * 2;
    while ((this.edgeCount + more) * 2 > capacity) capacity *= 2;
    this.edges = new Int32Array(capacity * 3);
    this.mask = capacity - 1;
    for (let from = 0; from < old.length; from += 3) {
      if (old[from] !== 0) this.putEdge(old[from] - 1, old[from + 1], old[from + 2]);
      if (from % (3 * CHEAP_STEP_WORK) === 0) yield;
    }
  }

  private *growFirstWordsSteps(): Generator<void, void, void> {
    const old = this.firstWordTable;
    const slots = (old.length / SLOT) * 2;
    this.firstWordTable = new Int32Array(slots * SLOT);
    this.firstWordMask = slots - 1;
    this.firstWordShift = 32 - Math.log2(slots);
    for (let at = 0; at < old.length; at += SLOT) {
      if (old[at + 1] !== NO_NODE) this.putFirstWord(old[at], old[at + 1], old[at + 2], old[at + 3]);
      if (at % (SLOT * CHEAP_STEP_WORK) === 0) yield;
    }
  }

  private *growSecondWordsSteps(): Generator<void, void, void> {
    const table = this.secondWordTable;
    const slots = (table.length / SLOT) * 2;
    this.secondWordTable = new Int32Array(slots * SLOT);
    this.secondWordShift = 32 - Math.log2(slots);
    for (let at = 0; at < table.length; at += SLOT) {
      if (table[at] !== 0) this.putSecondWord(table[at] - 1, table[at + 1], table[at + 2], table[at + 3]);
      if (at % (SLOT * CHEAP_STEP_WORK) === 0) yield;
    }
  }

  private putEdge(node: number, code: number, target: number): void {
    const edges = this.edges;
    let slot = hashEdge(node, code, this.mask) * 3;
    while (edges[slot] !== 0) slot = slot + 3 === edges.length ? 0 : slot + 3;
    edges[slot] = node + 1;
    edges[slot + 1] = code;
    edges[slot + 2] = target;
  }

  private addFirstWord(key: string, end: number, node: number, hash: number): void {
    this.isFirstWordNode[node] = 1;
    if ((this.firstWordCount + 1) * 2 > this.firstWordTable.length / SLOT) finish(this.growFirstWordsSteps());
    if (this.firstWordCharsUsed + end > this.firstWordChars.length) this.firstWordChars = copied(this.firstWordChars, 2 * (this.firstWordCharsUsed + end));
    const offset = this.firstWordCharsUsed;
    for (let i = 0; i < end; i++) this.firstWordChars[offset + i] = key.charCodeAt(i);
    this.firstWordCharsUsed += end;
    this.putFirstWord(hash, node, offset, end);
    this.firstWordCount++;
    const spaceChild = this.edgeTarget(node, FOLDED_SPACE) !== NO_NODE;
    const children = this.nodes[node * NODE] & CHILD_BITS;
    const otherChild = children === CHILDREN || (children === ONE_CHILD && !spaceChild);
    this.firstWords[hash >>> FIRST_WORD_SHIFT] |=
      ((this.nodes[node * NODE] & TERMINAL) !== 0 ? IS_TERMINAL : 0) | (spaceChild ? SPACE_CHILD : 0) | (otherChild ? OTHER_CHILD : 0) | IS_FIRST_WORD;
  }

  private putFirstWord(hash: number, node: number, offset: number, length: number): void {
    const table = this.firstWordTable;
    let slot = hash >>> this.firstWordShift;
    while (table[slot * SLOT + 1] !== NO_NODE) slot = (slot + 1) & this.firstWordMask;
    table[slot * SLOT] = hash;
    table[slot * SLOT + 1] = node;
    table[slot * SLOT + 2] = offset;
    table[slot * SLOT + 3] = length;
  }

  /** Records the second word `key[start, end)` after `firstNode`, leading to `node`, unless known. */
  private addSecondWord(key: string, start: number, end: number, firstNode: number, node: number): void {
    const hash = wordHash(key, start, end);
    const table = this.secondWordTable;
    let slot = (secondWordHash(firstNode, hash) >>> this.secondWordShift) * SLOT;
    for (; table[slot] !== 0; slot = slot + SLOT === table.length ? 0 : slot + SLOT) {
      if (table[slot] === firstNode + 1 && table[slot + 2] === node) return;
    }
    const length = end - start;
    if ((this.secondWordCount + 1) * 2 > table.length / SLOT) finish(this.growSecondWordsSteps());
    if (this.secondWordCharsUsed + length + 1 > this.secondWordChars.length) {
      this.secondWordChars = copied(this.secondWordChars, 2 * (this.secondWordCharsUsed + length + 1));
    }
    const offset = this.secondWordCharsUsed;
    this.secondWordChars[offset] = length;
    for (let i = 0; i < length; i++) this.secondWordChars[offset + 1 + i] = key.charCodeAt(start + i);
    this.secondWordCharsUsed += length + 1;
    if (length > 0xffff) this.longSecondWord = true;
    this.putSecondWord(firstNode, hash, node, offset);
    this.secondWordCount++;
  }

  private putSecondWord(firstNode: number, hash: number, node: number, offset: number): void {
    const table = this.secondWordTable;
    let slot = (secondWordHash(firstNode, hash) >>> this.secondWordShift) * SLOT;
    while (table[slot] !== 0) slot = slot + SLOT === table.length ? 0 : slot + SLOT;
    table[slot] = firstNode + 1;
    table[slot + 1] = hash;
    table[slot + 2] = node;
    table[slot + 3] = offset;
  }

  private edgeTarget(node: number, code: number): number {
    if (node === 0) return this.rootNext[code];
    const info = this.nodes[node * NODE];
    if ((info & CHILD_BITS) === NO_CHILD) return NO_NODE;
    if ((info & CHILD_BITS) === ONE_CHILD) return info >>> ONLY_CODE_SHIFT === code ? this.nodes[node * NODE + ONLY_NEXT] : NO_NODE;
    const edges = this.edges;
    let slot = hashEdge(node, code, this.mask) * 3;
    for (;;) {
      const source = edges[slot];
      if (source === 0) return NO_NODE;
      if (source === node + 1 && edges[slot + 1] === code) return edges[slot + 2];
      slot = slot + 3 === edges.length ? 0 : slot + 3;
    }
  }

  scan(text: string, options: ScanOptions = {}): Mention[] {
    const out: Mention[] = [];
    const from = Math.max(0, options.from ?? 0);
    const to = Math.min(text.length, options.to ?? text.length);
    const startBefore = Math.min(to, options.startBefore ?? to);
    const excluded = options.excluded ?? [];
    let segmentStart = from;
    for (const [exStart, exEnd] of excluded) {
      if (exEnd <= segmentStart) continue;
      if (exStart >= startBefore) break;
      if (exStart > segmentStart) this.scanSegment(text, segmentStart, exStart, Math.min(exStart, startBefore), out);
      segmentStart = Math.max(segmentStart, exEnd);
    }
    if (segmentStart < startBefore) {
      const next = excluded.find(([exStart]) => exStart >= segmentStart);
      const segmentEnd = next ? Math.min(next[0], to) : to;
      this.scanSegment(text, segmentStart, segmentEnd, startBefore, out);
    }
    return out;
  }

  private scanSegment(text: string, from: number, to: number, startBefore: number, out: Mention[]): void {
    const tables = this.tables;
    const wordFold = tables.wordFold;
    const nonWordStart = this.nonWordStart;
    const firstWords = this.firstWords;
    let i = from;
    // A word that began before `from` is not a word start.
    if (i < to && isWordBefore(text, i, tables) && isWordAt(text, i, tables)) {
      i = this.wordEndFrom(text, i, to);
    }
    // The hot loop: as little as possible besides reading each unit once. Everything rarer than
    // a word or a non-word unit is handled out of line.
    while (i < startBefore) {
      const code = text.charCodeAt(i);
      let folded = wordFold[code];
      if (folded > WORD_SURROGATE) {
        // Hash the word while skipping to its end; look further only if some form starts with it.
        const wordStart = i;
        let hash = HASH_SEED;
        for (;;) {
          hash = ((hash << 5) + hash + folded) | 0;
          if (++i >= to) break;
          folded = wordFold[text.charCodeAt(i)];
          if (folded <= WORD_SURROGATE) break;
        }
        if (folded === WORD_IGNORE || folded === WORD_SURROGATE) {
          // A mark or an astral unit in the word (`i < to`: else `folded` is a letter).
          i = this.irregularWord(text, wordStart, i, to, out);
          continue;
        }
        hash = Math.imul(hash, HASH_MIX);
        const flags = firstWords[hash >>> FIRST_WORD_SHIFT];
        if (flags !== 0) i = this.wordsFrom(text, wordStart, i, hash, flags, to, startBefore, out);
        else if (i < startBefore && nonWordStart[text.charCodeAt(i)] === 0) i++; // the unit after the word: no form starts there
      } else if (folded === NOT_WORD) {
        i = nonWordStart[code] === 0 ? i + 1 : this.nonWordAt(text, i, to, out);
      } else {
        i = this.irregularWord(text, i, i, to, out);
      }
    }
  }

  /**
   * The plain word `[start, end)` with hash `hash` passed the first-word filter (`flags`): finds
   * the mention starting with it, if any. When that looked ahead at the next word (hashing it),
   * goes on with that word the same way. Returns where the scan goes on.
   */
  private wordsFrom(text: string, start: number, end: number, hash: number, flags: number, to: number, startBefore: number, out: Mention[]): number {
    const wordFold = this.tables.wordFold;
    const fold = this.tables.foldInsensitive;
    for (;;) {
      // What may follow the word decides whether to walk on, look at the word alone, or stop.
      let walk = end >= to; // at the window's edge the general walk decides
      let nextStart = -1; // the next word, when hashed (`nextHash`) to look ahead, ends at `nextEnd`
      let nextEnd = -1;
      let nextHash = HASH_SEED;
      if (!walk) {
        const next = fold[text.charCodeAt(end)];
        if (next === FOLDED_SPACE) {
          if ((flags & SPACE_CHILD) !== 0) {
            // Whether a form goes on from this word over white space to the next: hash the next
            // word and ask the pair filter (a word that is not plain, or the window's edge: walk).
            let i = end + 1;
            while (i < to && fold[text.charCodeAt(i)] === FOLDED_SPACE) i++;
            let folded = i < to ? wordFold[text.charCodeAt(i)] : NOT_WORD;
            walk = folded <= WORD_SURROGATE;
            if (!walk) {
              nextStart = i;
              for (;;) {
                nextHash = ((nextHash << 5) + nextHash + folded) | 0;
                if (++i >= to) break;
                folded = wordFold[text.charCodeAt(i)];
                if (folded <= WORD_SURROGATE) break;
              }
              if (folded === NOT_WORD || i >= to) {
                nextEnd = i;
                nextHash = Math.imul(nextHash, HASH_MIX);
                const pair = pairHash(hash, nextHash);
                walk = (this.pairs[pair >>> (PAIR_SHIFT + 5)] & (1 << ((pair >>> PAIR_SHIFT) & 31))) !== 0;
              } else {
                walk = true; // not a plain word
                nextStart = -1;
              }
            }
          }
        } else if ((flags & OTHER_CHILD) !== 0) {
          const follower = followerHash(hash, next);
          walk = (this.followers[follower >>> 5] & (1 << (follower & 31))) !== 0;
        }
      }
      if (walk || (flags & IS_TERMINAL) !== 0) {
        const mentionEnd =
          walk && nextStart >= 0 && !this.longSecondWord
            ? this.matchFromPair(text, start, end, hash, nextStart, nextEnd, nextHash, to, out)
            : this.matchFromWord(text, start, end, hash, walk, to, out);
        if (mentionEnd > end) return mentionEnd;
      }
      // No mention: the next word, if hashed already, is next (only white space in between,
      // where no form starts).
      if (nextStart < 0 || nextStart >= startBefore) return end;
      start = nextStart;
      end = nextEnd;
      hash = nextHash;
      flags = this.firstWords[hash >>> FIRST_WORD_SHIFT];
      if (flags === 0) return end;
    }
  }

  /** At the non-word unit `at`, which some form starts with: the mention there, if any; returns where the scan goes on. */
  private nonWordAt(text: string, at: number, to: number, out: Mention[]): number {
    const start = this.nonWordStart[text.charCodeAt(at)];
    if (start === WALK || (start === CHECK_NEXT && this.mayStartHere(text, at, to))) {
      const end = this.matchAt(text, at, to, out);
      if (end > at) return end;
    }
    return at + 1;
  }

  /**
   * A word with an ignorable mark or an astral unit in it, at `at`, or starting with one
   * (`at === start`). Walks the trie letter by letter; returns where the scan goes on.
   */
  private irregularWord(text: string, start: number, at: number, to: number, out: Mention[]): number {
    const tables = this.tables;
    if (start < at) {
      // A plain start, then a mark or an astral unit.
      const wordEnd = this.wordEndFrom(text, at, to);
      if (this.rootNext[tables.foldInsensitive[text.charCodeAt(start)]] !== NO_NODE) {
        const end = this.matchAt(text, start, to, out);
        if (end > wordEnd) return end;
      }
      return wordEnd;
    }
    if (tables.wordFold[text.charCodeAt(start)] === WORD_SURROGATE) {
      if (!isWordAt(text, start, tables)) return start + 2; // emoji and other astral symbols
      // An astral letter starts this word: walk the trie from here (forms starting with one are rare).
      if (this.rootNext[text.charCodeAt(start)] !== NO_NODE) {
        const end = this.matchAt(text, start, to, out);
        if (end > start) return end;
      }
      return this.wordEndFrom(text, start + 2, to);
    }
    // A word starting with an ignorable mark: walk it letter by letter.
    const end = this.matchAt(text, start, to, out);
    if (end > start) return end;
    return this.wordEndFrom(text, start, to);
  }

  /** The end of the word that goes on at `from` (marks and astral letters included). */
  private wordEndFrom(text: string, from: number, to: number): number {
    let i = from;
    while (i < to && isWordAt(text, i, this.tables)) i += this.tables.classOf[text.charCodeAt(i)] & HIGH_SURROGATE ? 2 : 1;
    return i;
  }

  /**
   * Walks the trie from `start`; records the longest acceptable mention and returns its end, or
   * `start` when there is none.
   */
  private matchAt(text: string, start: number, to: number, out: Mention[]): number {
    return this.walkFrom(text, start, this.rootNext[this.tables.foldInsensitive[text.charCodeAt(start)]], start + 1, to, out);
  }

  /** Whether a form may start with the non-word unit at `at` and the unit after it. */
  private mayStartHere(text: string, at: number, to: number): boolean {
    if (at + 1 >= to) return false; // every form starting with this unit goes on
    const fold = this.tables.foldInsensitive;
    const second = fold[text.charCodeAt(at + 1)];
    if (second === FOLDED_IGNORE) return true; // skipped by the walk: let it decide
    const pair = startPairHash(fold[text.charCodeAt(at)], second);
    return (this.startPairs[pair >>> 5] & (1 << (pair & 31))) !== 0;
  }

  /**
   * The mention starting with the plain first word `[start, end)` (hash `hash`), if any; returns
   * its end, or `start`. `walk`: whether a form may go on past the word, else only the word alone
   * can be a mention.
   */
  private matchFromWord(text: string, start: number, end: number, hash: number, walk: boolean, to: number, out: Mention[]): number {
    const node = this.firstWordNode(text, start, end, hash);
    if (node === NO_NODE) return start;
    if (walk) return this.walkFrom(text, start, node, end, to, out);
    return this.wordAlone(text, start, end, node, out);
  }

  /**
   * The mention starting with the plain word `[start, end)` (hash `hash`) followed by white space
   * and the plain word `[secondStart, secondEnd)` (hash `secondHash`), which passed the pair
   * filter: the walk goes on after the second word when some form has both, else only the first
   * word alone can be a mention (no form ends between the two: forms end in neither white space
   * nor the middle of a word).
   */
  private matchFromPair(
    text: string,
    start: number,
    end: number,
    hash: number,
    secondStart: number,
    secondEnd: number,
    secondHash: number,
    to: number,
    out: Mention[],
  ): number {
    const first = this.firstWordNode(text, start, end, hash);
    if (first === NO_NODE) return start;
    const second = this.secondWordNode(text, first, secondStart, secondEnd, secondHash);
    if (second !== NO_NODE) {
      const mentionEnd = this.walkFrom(text, start, second, secondEnd, to, out);
      if (mentionEnd > start) return mentionEnd;
    }
    return this.wordAlone(text, start, end, first, out);
  }

  /** The word `[start, end)` alone, followed by a non-word character, as a mention of the forms ending at `node`. */
  private wordAlone(text: string, start: number, end: number, node: number, out: Mention[]): number {
    // (The filter's flags may be those of another word with the same entry: check the node.)
    if ((this.nodes[node * NODE] & TERMINAL) === 0) return start;
    const entityId = this.acceptedEntity(text, start, end, node);
    if (entityId === undefined) return start;
    out.push({ start, end, entityId });
    return end;
  }

  /** The trie node after the first word's `firstNode`, white space and the plain text word `[start, end)`, if some form has them. */
  private secondWordNode(text: string, firstNode: number, start: number, end: number, hash: number): number {
    const table = this.secondWordTable;
    const chars = this.secondWordChars;
    const wordFold = this.tables.wordFold;
    const length = end - start;
    let slot = (secondWordHash(firstNode, hash) >>> this.secondWordShift) * SLOT;
    for (;;) {
      const source = table[slot];
      if (source === 0) return NO_NODE;
      if (source === firstNode + 1 && table[slot + 1] === hash && chars[table[slot + 3]] === length) break;
      slot = slot + SLOT === table.length ? 0 : slot + SLOT;
    }
    // Compare the letters: equal hashes are not equal words.
    const offset = table[slot + 3] + 1;
    for (let k = 0; k < length; k++) if (chars[offset + k] !== wordFold[text.charCodeAt(start + k)]) return NO_NODE;
    return table[slot + 2];
  }

  /** The trie node after the plain text word `[start, end)`, if it is the first word of some form. */
  private firstWordNode(text: string, start: number, end: number, hash: number): number {
    const table = this.firstWordTable;
    const length = end - start;
    let slot = (hash >>> this.firstWordShift) * SLOT;
    for (;;) {
      if (table[slot + 1] === NO_NODE) return NO_NODE; // passed the filter by chance
      if (table[slot] === hash && table[slot + 3] === length) break;
      slot = slot + SLOT === table.length ? 0 : slot + SLOT;
    }
    // Compare the letters: equal hashes are not equal words.
    const fold = this.tables.foldInsensitive;
    const chars = this.firstWordChars;
    const offset = table[slot + 2];
    for (let k = 0; k < length; k++) if (chars[offset + k] !== fold[text.charCodeAt(start + k)]) return NO_NODE;
    return table[slot + 1];
  }

  /** Continues a walk at `node`, having consumed the text up to `j`. */
  private walkFrom(text: string, start: number, node: number, j: number, to: number, out: Mention[]): number {
    const fold = this.tables.foldInsensitive;
    const classOf = this.tables.classOf;
    const nodes = this.nodes;
    const edges = this.edges;
    const mask = this.mask;
    const candidateNodes = this.candidateNodes;
    const candidateEnds = this.candidateEnds;
    let candidates = 0;
    while (node !== NO_NODE) {
      const record = node * NODE;
      const info = nodes[record];
      if (fold[text.charCodeAt(j - 1)] === FOLDED_SPACE) {
        while (j < to && fold[text.charCodeAt(j)] === FOLDED_SPACE) j++;
      }
      if ((info & TERMINAL) !== 0) {
        // Ignorable marks after a final letter belong to the mention.
        let end = j;
        const endsInWord = (info & ENDS_IN_WORD) !== 0;
        if (endsInWord) while (end < to && fold[text.charCodeAt(end)] === FOLDED_IGNORE) end++;
        const after = end < text.length ? classOf[text.charCodeAt(end)] : 0;
        const boundary = !endsInWord || ((after & WORD) === 0 && ((after & HIGH_SURROGATE) === 0 || !isWordAt(text, end, this.tables)));
        if (boundary) {
          if (candidates === candidateNodes.length) return this.walkWithLongList(text, start, to, out);
          candidateNodes[candidates] = node;
          candidateEnds[candidates++] = end;
        }
      }
      const children = info & CHILD_BITS;
      if (j >= to || children === NO_CHILD) break;
      let folded = fold[text.charCodeAt(j)];
      while (folded === FOLDED_IGNORE && j + 1 < to) folded = fold[text.charCodeAt(++j)];
      if (children === ONE_CHILD) {
        node = info >>> ONLY_CODE_SHIFT === folded ? nodes[record + ONLY_NEXT] : NO_NODE;
        j++;
        continue;
      }
      // The edge (node, folded): this probe is the matcher's hot path.
      const key = node + 1;
      let slot = hashEdge(node, folded, mask) * 3;
      let target = NO_NODE;
      for (;;) {
        const n = edges[slot];
        if (n === 0) break;
        if (n === key && edges[slot + 1] === folded) {
          target = edges[slot + 2];
          break;
        }
        slot = slot + 3 === edges.length ? 0 : slot + 3;
      }
      node = target;
      j++;
    }
    for (let c = candidates - 1; c >= 0; c--) {
      const end = candidateEnds[c];
      const entityId = this.acceptedEntity(text, start, end, candidateNodes[c]);
      if (entityId !== undefined) {
        out.push({ start, end, entityId });
        return end;
      }
    }
    return start;
  }

  /** A form with more than 256 shorter forms inside it: rare enough to redo with bigger scratch. */
  private walkWithLongList(text: string, start: number, to: number, out: Mention[]): number {
    this.candidateNodes = new Int32Array(this.candidateNodes.length * 2);
    this.candidateEnds = new Int32Array(this.candidateEnds.length * 2);
    return this.matchAt(text, start, to, out);
  }

  /** The entity of the terminal `node` that `text[start, end)` is a mention of, if any (case rules). */
  private acceptedEntity(text: string, start: number, end: number, node: number): string | undefined {
    const list = this.terminalList[node];
    if ((this.nodes[node * NODE] & SIMPLE_TERMINAL) !== 0) return this.simpleEntity[list];
    for (const entry of this.terminalLists[list]) {
      if (!entry.caseSensitive || this.isSensitiveForm(text, start, end, entry.sensitiveForm)) return entry.entityId;
    }
    return undefined;
  }

  /** Whether `text[start, end)` normalised keeping case is `form` (as `normaliseName(…, true)` would say, without building it). */
  private isSensitiveForm(text: string, start: number, end: number, form: string): boolean {
    const fold = this.tables.foldSensitive;
    let k = 0;
    let previous = -1;
    for (let i = start; i < end; i++) {
      const folded = fold[text.charCodeAt(i)];
      if (folded === FOLDED_IGNORE || (folded === FOLDED_SPACE && previous === FOLDED_SPACE)) continue;
      if (k >= form.length || form.charCodeAt(k) !== folded) return false;
      k++;
      previous = folded;
    }
    return k === form.length;
  }
}
