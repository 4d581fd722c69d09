// The fallback for registry files outside the fast reader's subset: the `yaml` library reads the
// file, with its exact errors and warnings, and its nodes are converted to the light tree of
// yamlTree.ts. This is the only registry module that imports `yaml`, so that the library can be
// loaded only when a file needs it.

import { isMap, isScalar, isSeq, parseDocument } from 'yaml';
import type { Node as YamlNode, Pair } from 'yaml';
import { mapNode, scalarNode, seqNode } from './yamlTree';
import type { YamlPair, YamlTreeNode } from './yamlTree';

export interface YamlProblem {
  message: string;
  start: number;
  end: number;
}

export interface YamlLibraryResult {
  /** The document's root, null for a document without content. */
  root: YamlTreeNode | null;
  errors: YamlProblem[];
  warnings: YamlProblem[];
}

export function readYamlWithLibrary(text: string): YamlLibraryResult {
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true, keepSourceTokens: false });
  const problem = (e: { message: string; pos: [number, number] }): YamlProblem => ({ message: e.message, start: e.pos[0], end: e.pos[1] });
  return {
    root: doc.contents === null ? null : toTree(doc.contents),
    errors: doc.errors.map(problem),
    warnings: doc.warnings.map(problem),
  };
}

/** Converts a `yaml` node (or a pair inside a flow sequence, or anything else) to the light tree. */
export function toTree(node: unknown): YamlTreeNode {
  const n = node as YamlNode | null | undefined;
  const start = n?.range ? n.range[0] : -1;
  if (isScalar(n)) return scalarNode(n.value, n.source ?? String(n.value), start, n.range ? n.range[1] : -1);
  if (isMap(n)) {
    const pairs = n.items.map((pair): YamlPair => {
      const key = pair.key as YamlNode | null;
      const converted = { key: key === null || key === undefined ? null : toTree(key), value: pair.value === null || pair.value === undefined ? null : toTree(pair.value) };
      return key === null || key === undefined || isScalar(key) ? converted : { ...converted, keyText: String(key) };
    });
    return mapNode(pairs, !!n.flow, start, contentEnd(n));
  }
  if (isSeq(n)) return seqNode(n.items.map(toTree), !!n.flow, start, contentEnd(n));
  return { kind: 'other', start, end: n?.range ? n.range[1] : -1 };
}

/** Where a node's content ends: a block collection at its last value, not after the line break. */
function contentEnd(node: YamlNode): number {
  if ((isMap(node) || isSeq(node)) && !node.flow) {
    const last = node.items[node.items.length - 1] as unknown;
    if (last === undefined || !(isMap(node) ? true : (last as YamlNode | null)?.range)) return node.range![1];
    const lastNode = isMap(node) ? ((last as Pair).value as YamlNode | null) ?? ((last as Pair).key as YamlNode) : (last as YamlNode);
    if (lastNode?.range) return Math.max(lastNode.range[0], contentEnd(lastNode));
    return node.range![1];
  }
  return node.range![1];
}
