// The fallback for registry files outside the fast reader's subset: the `yaml` library reads the
// file, with its exact errors and warnings, and its nodes are converted to the flat tree of
// yamlTree.ts. This is the only registry module that imports `yaml`, so that the library can be
// loaded only when a file needs it.

import { isAlias, isMap, isScalar, isSeq, parseDocument } from 'yaml';
import type { Node as LibraryNode, Pair } from 'yaml';
import { NO_NODE, YamlTree } from './yamlTree';
import type { YamlNode } from './yamlTree';

export interface YamlProblem {
  message: string;
  start: number;
  end: number;
}

export interface YamlLibraryResult {
  tree: YamlTree;
  errors: YamlProblem[];
  warnings: YamlProblem[];
  /** YAML aliases (`*name`): not supported in registry files. */
  aliases: YamlProblem[];
}

export function readYamlWithLibrary(text: string): YamlLibraryResult {
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true, keepSourceTokens: false });
  const tree = new YamlTree(text);
  const aliases: YamlProblem[] = [];
  if (doc.contents !== null) tree.root = addNode(tree, doc.contents, aliases);
  const problem = (e: { message: string; pos: [number, number] }): YamlProblem => ({ message: e.message, start: e.pos[0], end: e.pos[1] });
  return { tree, errors: doc.errors.map(problem), warnings: doc.warnings.map(problem), aliases };
}

/**
 * Adds a `yaml` node (or anything else found among a collection's items) to the tree. YAML
 * aliases (`*name`) go to `aliases`, not into the tree: a registry is shared and read by other
 * programs, so each value is written out where it applies.
 */
function addNode(tree: YamlTree, node: unknown, aliases: YamlProblem[]): YamlNode {
  const n = node as LibraryNode | null | undefined;
  const start = n?.range ? n.range[0] : -1;
  if (isAlias(n)) {
    aliases.push({
      message: `YAML alias \`*${n.source}\` is not supported in registry files: write the value out here.`,
      start,
      end: n.range ? n.range[1] : start + 1,
    });
  }
  if (isScalar(n)) return tree.addScalar(n.value, n.source ?? String(n.value), start, n.range ? n.range[1] : -1);
  if (isMap(n)) {
    const map = tree.beginCollection('map', !!n.flow, start);
    for (const pair of n.items) {
      const key = pair.key as LibraryNode | null | undefined;
      const keyNode = key === null || key === undefined ? NO_NODE : addNode(tree, key, aliases);
      if (keyNode !== NO_NODE && !isScalar(key)) tree.setKeyText(keyNode, String(key));
      tree.addChild(keyNode);
      tree.addChild(pair.value === null || pair.value === undefined ? NO_NODE : addNode(tree, pair.value, aliases));
    }
    tree.endCollection(map, contentEnd(n));
    return map;
  }
  if (isSeq(n)) {
    const seq = tree.beginCollection('seq', !!n.flow, start);
    for (const item of n.items) tree.addChild(addNode(tree, item, aliases));
    tree.endCollection(seq, contentEnd(n));
    return seq;
  }
  return tree.addOther(start, n?.range ? n.range[1] : -1);
}

/** Where a node's content ends: a block collection at its last value, not after the line break. */
function contentEnd(node: LibraryNode): number {
  if ((isMap(node) || isSeq(node)) && !node.flow) {
    const last = node.items[node.items.length - 1];
    if (last === undefined || !(isMap(node) ? true : (last as LibraryNode | null)?.range)) return node.range![1];
    const lastNode = isMap(node) ? (((last as Pair).value as LibraryNode | null) ?? ((last as Pair).key as LibraryNode)) : (last as LibraryNode);
    if (lastNode?.range) return Math.max(lastNode.range[0], contentEnd(lastNode));
    return node.range![1];
  }
  return node.range![1];
}
