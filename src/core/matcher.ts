// The mention matcher: one left-to-right pass over the text, walking a trie of normalised names
// from each word start (SPEC §2). Work per character is a table lookup; the trie's edges live in
// one open-addressing hash table of typed arrays, so a registry of tens of thousands of aliases
// costs no more per character than a registry of ten.

import {
  CharTables,
  FOLDED_IGNORE,
  FOLDED_SPACE,
  HIGH_SURROGATE,
  WORD,
  WORD_SURROGATE,
  charTables,
  isWordAt,
  isWordBefore,
  normaliseName,
} from './charTables';
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
const FIRST_WORD_BITS = 20; // Bloom filter of 2^20 bits (128 KB: stays in cache)
const FIRST_WORD_SHIFT = 32 - FIRST_WORD_BITS;
const HASH_SEED = 0x811c9dc5;
const HASH_PRIME = 0x01000193;

class TrieBuilder {
  readonly children: Map<number, number>[] = [new Map()];
  readonly terminals = new Map<number, TerminalEntry[]>();
  readonly keys: string[] = [];

  insert(key: string): number {
    this.keys.push(key);
    let node = 0;
    for (let i = 0; i < key.length; i++) {
      const code = key.charCodeAt(i);
      let next = this.children[node].get(code);
      if (next === undefined) {
        next = this.children.length;
        this.children.push(new Map());
        this.children[node].set(code, next);
      }
      node = next;
    }
    return node;
  }
}

function hashEdge(node: number, code: number, mask: number): number {
  return (Math.imul(node, 0x9e3779b1) ^ Math.imul(code + 1, 0x85ebca77)) & mask;
}

/** Builds the matcher. Later entries lose to earlier ones with the same normalised form. */
export function createMatcher(entries: Iterable<MatcherEntry>): Matcher {
  const tables = charTables();
  const builder = new TrieBuilder();
  for (const entry of entries) {
    const key = entry.key ?? normaliseName(entry.text, false, tables);
    if (key.length === 0) continue;
    const node = builder.insert(key);
    let list = builder.terminals.get(node);
    if (!list) builder.terminals.set(node, (list = []));
    const sensitiveForm = entry.caseSensitive ? entry.sensitiveForm ?? normaliseName(entry.text, true, tables) : '';
    // One entry per (form, case rule): the first registered entity keeps the form.
    if (!list.some((t) => t.caseSensitive === entry.caseSensitive && t.sensitiveForm === sensitiveForm)) {
      list.push({ entityId: entry.entityId, caseSensitive: entry.caseSensitive, sensitiveForm });
    }
  }
  return new TrieMatcher(builder, tables);
}

class TrieMatcher implements Matcher {
  private readonly rootNext = new Int32Array(0x10000);
  /** Slots of three: source node + 1 (0 marks an empty slot), code unit, target node; one cache line per probe. */
  private readonly edges: Int32Array;
  /** Per node: whether it has any outgoing edge (leaves need no probe). */
  private readonly hasChildren: Uint8Array;
  private readonly mask: number;
  /** Per node: index into `terminalLists` + 1, or 0. */
  private readonly terminalOf: Int32Array;
  /** Per node: whether the form ends with a word character (needs a word boundary after). */
  private readonly endsInWord: Uint8Array;
  private readonly terminalLists: TerminalEntry[][] = [];
  /** Whether some form starts with this (folded) non-word code unit. */
  private readonly nonWordStart = new Uint8Array(0x10000);
  /**
   * A one-hash Bloom filter of the first words of all forms. The scan hashes each word of the
   * text while skipping over it anyway, and walks the trie only for words that pass: most words
   * of a text start no mention, and this keeps their cost near that of a bare loop.
   */
  private readonly firstWords = new Uint32Array(1 << (FIRST_WORD_BITS - 5));
  /**
   * The first words themselves, by hash (open addressing): the trie node each leads to, so a
   * word that passes the filter is checked by one comparison instead of a walk of its letters.
   */
  private readonly firstWordHash: Int32Array;
  private readonly firstWordNode: Int32Array; // 0 = empty slot
  private readonly firstWordStart: Int32Array;
  private readonly firstWordLength: Int32Array;
  private readonly firstWordChars: Uint16Array;
  private readonly firstWordMask: number;
  /** Scratch space of `matchAt`: the terminal nodes passed on one walk (one per word of a form). */
  private candidateNodes = new Int32Array(256);
  private candidateEnds = new Int32Array(256);
  readonly size: number;
  readonly maxFormLength: number;

  constructor(builder: TrieBuilder, private readonly tables: CharTables) {
    const nodeCount = builder.children.length;
    let edgeCount = 0;
    for (const map of builder.children) edgeCount += map.size;
    let capacity = 16;
    while (capacity < edgeCount * 2) capacity *= 2;
    this.mask = capacity - 1;
    this.edges = new Int32Array(capacity * 3);
    this.hasChildren = new Uint8Array(nodeCount);
    this.terminalOf = new Int32Array(nodeCount);
    this.endsInWord = new Uint8Array(nodeCount);

    for (const [code, target] of builder.children[0]) {
      this.rootNext[code] = target;
      if (!(tables.classOf[code] & WORD)) this.nonWordStart[code] = 1;
    }
    for (let node = 1; node < nodeCount; node++) {
      for (const [code, target] of builder.children[node]) {
        let slot = hashEdge(node, code, this.mask);
        while (this.edges[slot * 3] !== 0) slot = (slot + 1) & this.mask;
        this.edges[slot * 3] = node + 1;
        this.edges[slot * 3 + 1] = code;
        this.edges[slot * 3 + 2] = target;
        this.hasChildren[node] = 1;
      }
    }
    // Record, for each node, the class of the code unit that led to it.
    const stack: Array<[number, number]> = [[0, 0]];
    while (stack.length > 0) {
      const [node, lastCode] = stack.pop()!;
      this.endsInWord[node] = tables.classOf[lastCode] & (WORD | HIGH_SURROGATE) ? 1 : 0;
      for (const [code, target] of builder.children[node]) stack.push([target, code]);
    }
    for (const [node, list] of builder.terminals) {
      this.terminalLists.push(list);
      this.terminalOf[node] = this.terminalLists.length;
    }
    const firstWords = new Map<string, number>();
    for (const key of builder.keys) {
      if (!(tables.classOf[key.charCodeAt(0)] & (WORD | HIGH_SURROGATE))) continue;
      let end = 0;
      while (end < key.length && isWordAt(key, end, tables)) end++;
      const word = key.slice(0, end);
      if (firstWords.has(word)) continue;
      let node = 0;
      for (let i = 0; i < word.length; i++) node = builder.children[node].get(word.charCodeAt(i))!;
      firstWords.set(word, node);
    }
    let slots = 16;
    while (slots < firstWords.size * 2) slots *= 2;
    this.firstWordMask = slots - 1;
    this.firstWordHash = new Int32Array(slots);
    this.firstWordNode = new Int32Array(slots);
    this.firstWordStart = new Int32Array(slots);
    this.firstWordLength = new Int32Array(slots);
    let totalChars = 0;
    for (const word of firstWords.keys()) totalChars += word.length;
    this.firstWordChars = new Uint16Array(totalChars);
    let offset = 0;
    for (const [word, node] of firstWords) {
      let hash = HASH_SEED;
      for (let i = 0; i < word.length; i++) hash = Math.imul(hash ^ word.charCodeAt(i), HASH_PRIME);
      this.firstWords[hash >>> (FIRST_WORD_SHIFT + 5)] |= 1 << ((hash >>> FIRST_WORD_SHIFT) & 31);
      let slot = (hash >>> 0) & this.firstWordMask;
      while (this.firstWordNode[slot] !== 0) slot = (slot + 1) & this.firstWordMask;
      this.firstWordHash[slot] = hash;
      this.firstWordNode[slot] = node;
      this.firstWordStart[slot] = offset;
      this.firstWordLength[slot] = word.length;
      for (let i = 0; i < word.length; i++) this.firstWordChars[offset++] = word.charCodeAt(i);
    }
    this.size = builder.terminals.size;
    this.maxFormLength = builder.keys.reduce((max, key) => Math.max(max, key.length), 0);
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
    const classOf = this.tables.classOf;
    const fold = this.tables.foldInsensitive;
    const rootNext = this.rootNext;
    const nonWordStart = this.nonWordStart;
    const firstWords = this.firstWords;
    const wordFold = this.tables.wordFold;
    let i = from;
    // A word that began before `from` is not a word start.
    if (i < to && isWordBefore(text, i, this.tables) && isWordAt(text, i, this.tables)) {
      while (i < to && isWordAt(text, i, this.tables)) i += text.charCodeAt(i) >= 0xd800 && text.charCodeAt(i) <= 0xdbff ? 2 : 1;
    }
    while (i < startBefore) {
      const code = text.charCodeAt(i);
      const cls = classOf[code];
      if (cls & WORD) {
        // Hash the word while skipping to its end; walk the trie only if some form starts with it.
        const wordStart = i;
        let hash = HASH_SEED;
        let folded = wordFold[code];
        let plain = true; // no ignorable marks: the word's units are its folded form one to one
        for (;;) {
          if (folded !== FOLDED_IGNORE) hash = Math.imul(hash ^ folded, HASH_PRIME);
          else plain = false;
          if (++i >= to) break;
          folded = wordFold[text.charCodeAt(i)];
          if (folded === 0) break;
          if (folded === WORD_SURROGATE) {
            // An astral letter: hash both halves by code unit, as the index does.
            if (!isWordAt(text, i, this.tables)) break;
            hash = Math.imul(hash ^ text.charCodeAt(i), HASH_PRIME);
            folded = text.charCodeAt(++i); // the low half, hashed at the top of the loop
          }
        }
        if ((firstWords[hash >>> (FIRST_WORD_SHIFT + 5)] & (1 << ((hash >>> FIRST_WORD_SHIFT) & 31))) !== 0) {
          let end: number;
          if (plain) {
            const node = this.firstWordNodeOf(text, wordStart, i, hash);
            end = node === NO_NODE ? wordStart : this.walkFrom(text, wordStart, node, i, to, out);
          } else {
            end = this.matchAt(text, wordStart, to, out);
          }
          if (end > i) i = end;
        }
      } else if (cls & HIGH_SURROGATE) {
        if (isWordAt(text, i, this.tables)) {
          // An astral letter: no alias path starts here (the trie never begins with a surrogate
          // unless an alias does), so treat it like a word start.
          if (rootNext[code] !== NO_NODE) {
            const end = this.matchAt(text, i, to, out);
            if (end > i) {
              i = end;
              continue;
            }
          }
          i += 2;
          while (i < to && isWordAt(text, i, this.tables)) i += classOf[text.charCodeAt(i)] & HIGH_SURROGATE ? 2 : 1;
        } else {
          i += 2; // emoji and other astral symbols
        }
      } else {
        if (nonWordStart[fold[code]]) {
          const end = this.matchAt(text, i, to, out);
          if (end > i) {
            i = end;
            continue;
          }
        }
        i++;
      }
    }
  }

  /**
   * Walks the trie from `start`; records the longest acceptable mention and returns its end, or
   * `start` when there is none.
   */
  private matchAt(text: string, start: number, to: number, out: Mention[]): number {
    return this.walkFrom(text, start, this.rootNext[this.tables.foldInsensitive[text.charCodeAt(start)]], start + 1, to, out);
  }

  /** The trie node after the text word `[start, end)`, if it is the first word of some form. */
  private firstWordNodeOf(text: string, start: number, end: number, hash: number): number {
    const length = end - start;
    const fold = this.tables.foldInsensitive;
    const chars = this.firstWordChars;
    let slot = (hash >>> 0) & this.firstWordMask;
    for (;;) {
      const node = this.firstWordNode[slot];
      if (node === NO_NODE) return NO_NODE;
      if (this.firstWordHash[slot] === hash && this.firstWordLength[slot] === length) {
        const offset = this.firstWordStart[slot];
        let k = 0;
        while (k < length && chars[offset + k] === fold[text.charCodeAt(start + k)]) k++;
        if (k === length) return node;
      }
      slot = (slot + 1) & this.firstWordMask;
    }
  }

  /** Continues a walk at `node`, having consumed the text up to `j`. */
  private walkFrom(text: string, start: number, node: number, j: number, to: number, out: Mention[]): number {
    const fold = this.tables.foldInsensitive;
    const classOf = this.tables.classOf;
    const terminalOf = this.terminalOf;
    const edges = this.edges;
    const hasChildren = this.hasChildren;
    const mask = this.mask;
    const candidateNodes = this.candidateNodes;
    const candidateEnds = this.candidateEnds;
    let candidates = 0;
    while (node !== NO_NODE) {
      if (fold[text.charCodeAt(j - 1)] === FOLDED_SPACE) {
        while (j < to && fold[text.charCodeAt(j)] === FOLDED_SPACE) j++;
      }
      if (terminalOf[node] !== 0) {
        // Ignorable marks after a final letter belong to the mention.
        let end = j;
        if (this.endsInWord[node] !== 0) while (end < to && fold[text.charCodeAt(end)] === FOLDED_IGNORE) end++;
        const after = end < text.length ? classOf[text.charCodeAt(end)] : 0;
        const boundary =
          this.endsInWord[node] === 0 || (after & WORD) === 0 && ((after & HIGH_SURROGATE) === 0 || !isWordAt(text, end, this.tables));
        if (boundary) {
          if (candidates === candidateNodes.length) return this.walkWithLongList(text, start, to, out);
          candidateNodes[candidates] = node;
          candidateEnds[candidates++] = end;
        }
      }
      if (j >= to || hasChildren[node] === 0) break;
      let folded = fold[text.charCodeAt(j)];
      while (folded === FOLDED_IGNORE && j + 1 < to) folded = fold[text.charCodeAt(++j)];
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
      const entityId = this.acceptedEntity(text, start, end, this.terminalLists[terminalOf[candidateNodes[c]] - 1]);
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

  private acceptedEntity(text: string, start: number, end: number, entries: TerminalEntry[]): string | undefined {
    let sensitiveForm: string | undefined;
    for (const entry of entries) {
      if (!entry.caseSensitive) return entry.entityId;
      sensitiveForm ??= normaliseName(text.slice(start, end), true, this.tables);
      if (sensitiveForm === entry.sensitiveForm) return entry.entityId;
    }
    return undefined;
  }
}
