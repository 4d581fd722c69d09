// The `yaml` library, loaded on first use instead of at activation: the desktop build puts the
// library in dist/yaml.js and routes every `import … from 'yaml'` here (see esbuild.mjs). Registry
// files in the plain subset are read without it (src/core/fastYaml.ts), so most sessions never
// load it; files outside the subset and registry edits (addEntity, addAlias) do. The library is
// over a third of the bundle: leaving it out keeps activation short. The web build, which cannot
// load a second file this way, bundles the library as usual.

import type * as Yaml from 'yaml';

let library: typeof Yaml | undefined;

function yaml(): typeof Yaml {
  // A plain Node require of the file next to dist/extension.js, left alone by esbuild (external).
  library ??= require('./yaml.js') as typeof Yaml;
  return library;
}

/** A function of the library that loads it on its first call. */
function lazy<K extends keyof typeof Yaml>(name: K): (typeof Yaml)[K] {
  return ((...args: unknown[]) => (yaml()[name] as unknown as (...a: unknown[]) => unknown)(...args)) as unknown as (typeof Yaml)[K];
}

// The functions the core uses (types come from 'yaml' itself: `import type` is erased).
export const parseDocument = lazy('parseDocument');
export const parse = lazy('parse');
export const stringify = lazy('stringify');
export const isAlias = lazy('isAlias');
export const isMap = lazy('isMap');
export const isSeq = lazy('isSeq');
export const isScalar = lazy('isScalar');
export const isPair = lazy('isPair');
export const isNode = lazy('isNode');
export const isDocument = lazy('isDocument');
