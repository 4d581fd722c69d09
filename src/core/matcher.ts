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
}

export interface Matcher {
  /** All mentions, leftmost-longest, in text order. */
  scan(text: string, options?: ScanOptions): Mention[];
  /** Number of distinct normalised forms indexed. */
  readonly size: number;
}

const NO_NODE = 0; // node 0 is the root; as a transition target it means "none"

class TrieBuilder {
  readonly children: Map<number, number>[] = [new Map()];
  readonly terminals = new Map<number, TerminalEntry[]>();

  insert(key: string): number {
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
    const key = normaliseName(entry.text, false, tables);
    if (key.length === 0) continue;
    const node = builder.insert(key);
    let list = builder.terminals.get(node);
    if (!list) builder.terminals.set(node, (list = []));
    const sensitiveForm = entry.caseSensitive ? normaliseName(entry.text, true, tables) : '';
    // One entry per (form, case rule): the first registered entity keeps the form.
    if (!list.some((t) => t.caseSensitive === entry.caseSensitive && t.sensitiveForm === sensitiveForm)) {
      list.push({ entityId: entry.entityId, caseSensitive: entry.caseSensitive, sensitiveForm });
    }
  }
  return new TrieMatcher(builder, tables);
}

class TrieMatcher implements Matcher {
  private readonly rootNext = new Int32Array(0x10000);
  private readonly edgeNode: Int32Array; // source node + 1; 0 marks an empty slot
  private readonly edgeCode: Uint16Array;
  private readonly edgeTarget: Int32Array;
  private readonly mask: number;
  /** Per node: index into `terminalLists` + 1, or 0. */
  private readonly terminalOf: Int32Array;
  /** Per node: whether the form ends with a word character (needs a word boundary after). */
  private readonly endsInWord: Uint8Array;
  private readonly terminalLists: TerminalEntry[][] = [];
  /** Whether some form starts with this (folded) non-word code unit. */
  private readonly nonWordStart = new Uint8Array(0x10000);
  readonly size: number;

  constructor(builder: TrieBuilder, private readonly tables: CharTables) {
    const nodeCount = builder.children.length;
    let edgeCount = 0;
    for (const map of builder.children) edgeCount += map.size;
    let capacity = 16;
    while (capacity < edgeCount * 2) capacity *= 2;
    this.mask = capacity - 1;
    this.edgeNode = new Int32Array(capacity);
    this.edgeCode = new Uint16Array(capacity);
    this.edgeTarget = new Int32Array(capacity);
    this.terminalOf = new Int32Array(nodeCount);
    this.endsInWord = new Uint8Array(nodeCount);

    for (const [code, target] of builder.children[0]) {
      this.rootNext[code] = target;
      if (!(tables.classOf[code] & WORD)) this.nonWordStart[code] = 1;
    }
    for (let node = 1; node < nodeCount; node++) {
      for (const [code, target] of builder.children[node]) {
        let slot = hashEdge(node, code, this.mask);
        while (this.edgeNode[slot] !== 0) slot = (slot + 1) & this.mask;
        this.edgeNode[slot] = node + 1;
        this.edgeCode[slot] = code;
        this.edgeTarget[slot] = target;
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
    this.size = builder.terminals.size;
  }

  private next(node: number, code: number): number {
    if (node === 0) return this.rootNext[code];
    const edgeNode = this.edgeNode;
    const key = node + 1;
    let slot = hashEdge(node, code, this.mask);
    for (;;) {
      const n = edgeNode[slot];
      if (n === 0) return NO_NODE;
      if (n === key && this.edgeCode[slot] === code) return this.edgeTarget[slot];
      slot = (slot + 1) & this.mask;
    }
  }

  scan(text: string, options: ScanOptions = {}): Mention[] {
    const out: Mention[] = [];
    const from = Math.max(0, options.from ?? 0);
    const to = Math.min(text.length, options.to ?? text.length);
    const excluded = options.excluded ?? [];
    let segmentStart = from;
    for (const [exStart, exEnd] of excluded) {
      if (exEnd <= segmentStart) continue;
      if (exStart >= to) break;
      if (exStart > segmentStart) this.scanSegment(text, segmentStart, exStart, out);
      segmentStart = Math.max(segmentStart, exEnd);
    }
    if (segmentStart < to) this.scanSegment(text, segmentStart, to, out);
    return out;
  }

  private scanSegment(text: string, from: number, to: number, out: Mention[]): void {
    const classOf = this.tables.classOf;
    const fold = this.tables.foldInsensitive;
    const rootNext = this.rootNext;
    const nonWordStart = this.nonWordStart;
    let i = from;
    // A word that began before `from` is not a word start.
    if (i < to && isWordBefore(text, i, this.tables) && isWordAt(text, i, this.tables)) {
      while (i < to && isWordAt(text, i, this.tables)) i += text.charCodeAt(i) >= 0xd800 && text.charCodeAt(i) <= 0xdbff ? 2 : 1;
    }
    while (i < to) {
      const code = text.charCodeAt(i);
      const cls = classOf[code];
      if (cls & WORD) {
        if (rootNext[fold[code]] !== NO_NODE) {
          const end = this.matchAt(text, i, to, out);
          if (end > i) {
            i = end;
            continue;
          }
        }
        // Skip the rest of this word: no mention starts inside a word.
        i++;
        while (i < to) {
          const c = text.charCodeAt(i);
          const k = classOf[c];
          if (k & WORD) i++;
          else if (k & HIGH_SURROGATE && isWordAt(text, i, this.tables)) i += 2;
          else break;
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
    const fold = this.tables.foldInsensitive;
    const terminalOf = this.terminalOf;
    // Candidate ends, shortest first; usually zero or one.
    let candidateNodes: number[] | undefined;
    let candidateEnds: number[] | undefined;
    let node = NO_NODE;
    let j = start;
    let first = true;
    while (j < to) {
      const folded = fold[text.charCodeAt(j)];
      if (folded === FOLDED_IGNORE && !first) {
        j++;
        continue;
      }
      node = first ? this.rootNext[folded] : this.next(node, folded);
      first = false;
      if (node === NO_NODE) break;
      j++;
      if (folded === FOLDED_SPACE) {
        while (j < to && fold[text.charCodeAt(j)] === FOLDED_SPACE) j++;
      }
      if (terminalOf[node] !== 0) {
        // Trailing ignorable marks belong to the mention.
        let end = j;
        while (end < to && fold[text.charCodeAt(end)] === FOLDED_IGNORE) end++;
        if (!this.endsInWord[node] || !isWordAt(text, end, this.tables)) {
          (candidateNodes ??= []).push(node);
          (candidateEnds ??= []).push(end);
        }
      }
    }
    if (!candidateNodes) return start;
    for (let c = candidateNodes.length - 1; c >= 0; c--) {
      const end = candidateEnds![c];
      const entityId = this.acceptedEntity(text, start, end, this.terminalLists[terminalOf[candidateNodes[c]] - 1]);
      if (entityId !== undefined) {
        out.push({ start, end, entityId });
        return end;
      }
    }
    return start;
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
