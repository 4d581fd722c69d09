// The `yaml` library, loaded on first use instead of at activation: the desktop build puts the
// library in dist/yaml.js and routes every `import … from 'yaml'` here (see esbuild.mjs). Registry
// files in the plain subset are read without it (src/core/fastYaml.ts), so most sessions never
// load it; files outside the subset and registry edits (addEntity, addAlias) do. The library is
// over a third of the bundle: leaving it out keeps activation short. The web build, which cannot
// load a second file this way, bundles the library as usual.

import type * as Yaml from 'yaml';
import { yamlForwarders } from '../core/yamlLibraryLoading';

let library: typeof Yaml | undefined;

function yaml(): typeof Yaml {
  // A plain Node require of the file next to dist/extension.js, left alone by esbuild (external).
  library ??= require('./yaml.js') as typeof Yaml;
  return library;
}

export const { parseDocument, parse, stringify, isAlias, isMap, isSeq, isScalar, isPair, isNode, isDocument } = yamlForwarders(yaml);
