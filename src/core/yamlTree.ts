// A light YAML node tree: what the registry reader needs of a parsed file (kinds, values,
// positions), as plain objects. Why not the `yaml` library's own nodes: their constructors are
// costly, and a large registry has hundreds of thousands of nodes. The fast reader (fastYaml.ts)
// builds this tree directly; files outside its subset are read by the `yaml` library and
// converted (yamlLibraryTree.ts), so both paths look the same to the registry reader.

export type YamlTreeNode = YamlScalarNode | YamlMapNode | YamlSeqNode | YamlOtherNode;

/**
 * Every node has `start` and `end` offsets (UTF-16) in the text. `end` is where the content ends:
 * a scalar's value end, a flow collection's closing bracket + 1, a block collection's last value
 * end (not after the line break that follows, where the `yaml` library ends it).
 */
export interface YamlScalarNode {
  readonly kind: 'scalar';
  readonly start: number;
  readonly end: number;
  /** Typed by the YAML 1.2 core schema: string, number, boolean or null. */
  readonly value: unknown;
  /** The scalar as written, after quote and escape processing: `1.50` for the number 1.5. */
  readonly source: string;
}

export interface YamlMapNode {
  readonly kind: 'map';
  readonly start: number;
  readonly end: number;
  readonly flow: boolean;
  readonly pairs: YamlPair[];
}

export interface YamlPair {
  /** null where YAML allows a pair without a key (`: value`). */
  readonly key: YamlTreeNode | null;
  /** null where the `yaml` library gives a pair no value (`? key`); `key:` has a null scalar. */
  readonly value: YamlTreeNode | null;
  /** How the `yaml` library prints a key that is not a scalar (complex keys; fallback path only). */
  readonly keyText?: string;
}

export interface YamlSeqNode {
  readonly kind: 'seq';
  readonly start: number;
  readonly end: number;
  readonly flow: boolean;
  readonly items: YamlTreeNode[];
}

/**
 * Anything else the `yaml` library can produce (an alias `*x`, a `key: value` pair inside a flow
 * sequence). `start` is -1 where the library gives it no position.
 */
export interface YamlOtherNode {
  readonly kind: 'other';
  readonly start: number;
  readonly end: number;
}

export function scalarNode(value: unknown, source: string, start: number, end: number): YamlScalarNode {
  return { kind: 'scalar', start, end, value, source };
}

export function mapNode(pairs: YamlPair[], flow: boolean, start: number, end: number): YamlMapNode {
  return { kind: 'map', start, end, flow, pairs };
}

export function seqNode(items: YamlTreeNode[], flow: boolean, start: number, end: number): YamlSeqNode {
  return { kind: 'seq', start, end, flow, items };
}

/** The value of the first pair whose key is the string `key` (as `YAMLMap.get(key, true)` finds it); undefined when there is none. */
export function mapGet(map: YamlMapNode, key: string): YamlTreeNode | null | undefined {
  for (const pair of map.pairs) {
    const k = pair.key;
    if (k !== null && k.kind === 'scalar' && k.value === key) return pair.value;
  }
  return undefined;
}

export function mapHas(map: YamlMapNode, key: string): boolean {
  return mapGet(map, key) !== undefined;
}

/** A pair's key as text, as `String(key.value)` or `String(key)` gives it for `yaml` nodes. */
export function keyText(pair: YamlPair): string {
  const key = pair.key;
  if (key !== null && key.kind === 'scalar') return String(key.value);
  return pair.keyText ?? String(key);
}
