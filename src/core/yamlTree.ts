// A light YAML tree: what the registry reader needs of a parsed file (kinds, values, positions),
// stored flat in typed arrays, a node being an index. Why: a large registry has hundreds of
// thousands of nodes; the `yaml` library's node classes are costly to construct, and even plain
// objects spent most of the load in the garbage collector. The fast reader (fastYaml.ts) builds
// this tree directly; files outside its subset are read by the `yaml` library and converted
// (yamlLibraryTree.ts), so both paths look the same to the registry reader.

/** A node of a YamlTree: its index. */
export type YamlNode = number;

/** No node: a pair without a key or value (`{ a }`, `? a`). */
export const NO_NODE = -1;
/** No such pair in the mapping (`YamlTree.get`). */
export const ABSENT = -2;

export type YamlKind = 'scalar' | 'map' | 'seq' | 'other';

const KIND_MASK = 3;
const KINDS: readonly YamlKind[] = ['scalar', 'map', 'seq', 'other'];
const SCALAR = 0;
const MAP = 1;
const SEQ = 2;
const OTHER = 3;
const FLOW = 4;

/**
 * Every node has `start` and `end` offsets (UTF-16) in the text, -1 where the `yaml` library
 * gives it no position. `end` is where the content ends: a scalar's value end, a flow
 * collection's closing bracket + 1, a block collection's last value end (not after the line
 * break that follows, where the `yaml` library ends it).
 *
 * A scalar's value is typed by the YAML 1.2 core schema (string, number, boolean or null); its
 * source is the scalar as written after quote and escape processing (`1.50` for the number 1.5).
 * Where both are the text between `start` and `end` (most plain strings), nothing is stored:
 * they are sliced from the text when asked for.
 *
 * A mapping's children are its keys and values, alternately; a sequence's are its items.
 */
export class YamlTree {
  /** The document's root, NO_NODE for a document without content. */
  root: YamlNode = NO_NODE;
  private size = 0;
  private kinds: Uint8Array;
  private starts: Int32Array;
  private ends: Int32Array;
  /** Scalars: index in `values`/`sources`, or -1 for text-valued plain scalars. Collections: index of the first child in `children`. */
  private details: Int32Array;
  /** Collections: number of children. */
  private counts: Int32Array;
  private children: Int32Array;
  private childrenSize = 0;
  private readonly values: unknown[] = [];
  private readonly sources: string[] = [];
  /** How the `yaml` library prints keys that are not scalars (complex keys; fallback path only). */
  private readonly keyTexts = new Map<YamlNode, string>();
  /** Children of the collections being built, innermost last. */
  private readonly pending: number[] = [];

  constructor(
    readonly text: string,
    expectedNodes = 64,
  ) {
    const capacity = Math.max(16, expectedNodes);
    this.kinds = new Uint8Array(capacity);
    // One buffer for the five lists (a list that grows gets its own): a registry of 200,000
    // one-entity files parses 200,000 small trees, and each buffer is an allocation outside the
    // heap that the GC has to track and free (issue 15: seen as long tasks in the profile).
    const block = new Int32Array(capacity * 5);
    this.starts = block.subarray(0, capacity);
    this.ends = block.subarray(capacity, 2 * capacity);
    this.details = block.subarray(2 * capacity, 3 * capacity);
    this.counts = block.subarray(3 * capacity, 4 * capacity);
    this.children = block.subarray(4 * capacity, 5 * capacity);
  }

  // ---- Reading ----

  kind(node: YamlNode): YamlKind {
    return KINDS[this.kinds[node] & KIND_MASK];
  }

  isScalar(node: YamlNode): boolean {
    return node >= 0 && (this.kinds[node] & KIND_MASK) === SCALAR;
  }

  isMap(node: YamlNode): boolean {
    return node >= 0 && (this.kinds[node] & KIND_MASK) === MAP;
  }

  isSeq(node: YamlNode): boolean {
    return node >= 0 && (this.kinds[node] & KIND_MASK) === SEQ;
  }

  isFlow(node: YamlNode): boolean {
    return (this.kinds[node] & FLOW) !== 0;
  }

  start(node: YamlNode): number {
    return this.starts[node];
  }

  end(node: YamlNode): number {
    return this.ends[node];
  }

  /** A scalar's value (a new slice of the text for most strings: ask once). */
  value(node: YamlNode): unknown {
    const index = this.details[node];
    return index < 0 ? this.text.slice(this.starts[node], this.ends[node]) : this.values[index];
  }

  /** Whether a scalar's value is a string, without slicing it. */
  hasStringValue(node: YamlNode): boolean {
    const index = this.details[node];
    return index < 0 || typeof this.values[index] === 'string';
  }

  /** Whether the node is a scalar whose value is null. */
  isNull(node: YamlNode): boolean {
    return this.isScalar(node) && this.details[node] >= 0 && this.values[this.details[node]] === null;
  }

  /** Whether the node is a scalar whose value is the string `text`, without slicing it. */
  isString(node: YamlNode, text: string): boolean {
    if (!this.isScalar(node)) return false;
    const index = this.details[node];
    if (index >= 0) return this.values[index] === text;
    const start = this.starts[node];
    return this.ends[node] - start === text.length && this.text.startsWith(text, start);
  }

  /** The index of the first of `texts` that the node (a scalar) is, or -1: `isString` against each, without slicing. */
  indexIn(node: YamlNode, texts: readonly string[]): number {
    if (!this.isScalar(node)) return -1;
    const index = this.details[node];
    if (index >= 0) return texts.indexOf(this.values[index] as string);
    const start = this.starts[node];
    const length = this.ends[node] - start;
    for (let k = 0; k < texts.length; k++) if (texts[k].length === length && this.text.startsWith(texts[k], start)) return k;
    return -1;
  }

  source(node: YamlNode): string {
    const index = this.details[node];
    return index < 0 ? this.text.slice(this.starts[node], this.ends[node]) : this.sources[index];
  }

  /** A sequence's items, a mapping's keys and values alternately. */
  childCount(node: YamlNode): number {
    return this.counts[node];
  }

  child(node: YamlNode, index: number): YamlNode {
    return this.children[this.details[node] + index];
  }

  pairCount(map: YamlNode): number {
    return this.counts[map] >> 1;
  }

  pairKey(map: YamlNode, pair: number): YamlNode {
    return this.children[this.details[map] + 2 * pair];
  }

  pairValue(map: YamlNode, pair: number): YamlNode {
    return this.children[this.details[map] + 2 * pair + 1];
  }

  /** A pair's key as text, as `String(key.value)` or `String(key)` gives it for `yaml` nodes. */
  keyText(map: YamlNode, pair: number): string {
    const key = this.pairKey(map, pair);
    if (key === NO_NODE) return 'null';
    if (this.isScalar(key)) return String(this.value(key));
    return this.keyTexts.get(key) ?? '';
  }

  /** The value of the first pair whose key is the string `key` (as `YAMLMap.get(key, true)` finds it), or ABSENT. */
  get(map: YamlNode, key: string): YamlNode {
    const pairs = this.pairCount(map);
    for (let pair = 0; pair < pairs; pair++) if (this.isString(this.pairKey(map, pair), key)) return this.pairValue(map, pair);
    return ABSENT;
  }

  has(map: YamlNode, key: string): boolean {
    return this.get(map, key) !== ABSENT;
  }

  // ---- Building (depth first: a collection's children are added between its begin and end) ----

  /** A plain scalar whose value and source are the text from `start` to `end`. */
  addTextScalar(start: number, end: number): YamlNode {
    const node = this.add(SCALAR, start, end);
    this.details[node] = -1;
    return node;
  }

  addScalar(value: unknown, source: string, start: number, end: number): YamlNode {
    const node = this.add(SCALAR, start, end);
    this.details[node] = this.values.length;
    this.values.push(value);
    this.sources.push(source);
    return node;
  }

  addOther(start: number, end: number): YamlNode {
    return this.add(OTHER, start, end);
  }

  /** Starts a collection; its children follow, each passed to `addChild`; `endCollection` closes it. */
  beginCollection(kind: 'map' | 'seq', flow: boolean, start: number): YamlNode {
    const node = this.add((kind === 'map' ? MAP : SEQ) | (flow ? FLOW : 0), start, -1);
    this.details[node] = this.pending.length; // where its children start in `pending`, until it ends
    return node;
  }

  /** A child (NO_NODE for a pair's missing key or value) of the innermost open collection. */
  addChild(child: YamlNode): void {
    this.pending.push(child);
  }

  endCollection(node: YamlNode, end: number): void {
    const from = this.details[node];
    const pending = this.pending;
    const count = pending.length - from;
    const at = this.childrenSize;
    if (at + count > this.children.length) this.children = grow(this.children, at + count);
    const children = this.children;
    for (let k = 0; k < count; k++) children[at + k] = pending[from + k];
    pending.length = from;
    this.details[node] = at;
    this.counts[node] = count;
    this.childrenSize += count;
    this.ends[node] = end;
  }

  setKeyText(key: YamlNode, text: string): void {
    this.keyTexts.set(key, text);
  }

  private add(kind: number, start: number, end: number): YamlNode {
    const node = this.size++;
    if (node === this.kinds.length) {
      this.kinds = grow(this.kinds, node + 1);
      this.starts = grow(this.starts, node + 1);
      this.ends = grow(this.ends, node + 1);
      this.details = grow(this.details, node + 1);
      this.counts = grow(this.counts, node + 1);
    }
    this.kinds[node] = kind;
    this.starts[node] = start;
    this.ends[node] = end;
    return node;
  }
}

function grow<T extends Uint8Array | Int32Array>(array: T, needed: number): T {
  const bigger = new (array.constructor as new (length: number) => T)(Math.max(needed, array.length * 2));
  bigger.set(array);
  return bigger;
}
