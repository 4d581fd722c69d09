// The `yaml` library can arrive late: the web build loads it on first use, asynchronously
// (src/web/lazyYaml.ts), and until then its functions throw this error. The core never turns it
// into a diagnostic or a fallback: every catch that could see it rethrows it, so that it reaches
// the VS Code layer, which loads the library and runs the same call again (withYamlLibrary in
// src/vscode/yamlLibrary.ts). Desktop, CLI and unit tests never see it.

import type * as Yaml from 'yaml';

/** A brand, not `instanceof`: each lazily loaded bundle (src/vscode/lazyBundle.ts) has its own copy of this class. */
const NOT_LOADED = Symbol.for('analyst-markup.yamlLibraryNotLoaded');

export class YamlLibraryNotLoadedError extends Error {
  readonly [NOT_LOADED] = true;
  constructor() {
    super('The yaml library is not loaded yet (it is loaded on first use).');
    this.name = 'YamlLibraryNotLoadedError';
  }
}

/** Whether the error only says that the library is not loaded yet (thrown by any bundle's copy). */
export function isYamlLibraryNotLoaded(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { [NOT_LOADED]?: unknown })[NOT_LOADED] === true;
}

/** For a catch block: rethrows the error when it only says that the library is not loaded yet. */
export function rethrowIfYamlNotLoaded(error: unknown): void {
  if (isYamlLibraryNotLoaded(error)) throw error;
}

/**
 * The functions of the library the code uses, each calling the library `library()` gives at call
 * time: the desktop build requires it on first use (src/node/lazyYaml.ts), the web build loads it
 * asynchronously (src/web/lazyYaml.ts). Types come from 'yaml' itself (`import type` is erased).
 */
export function yamlForwarders(library: () => typeof Yaml) {
  const forward = <K extends keyof typeof Yaml>(name: K): (typeof Yaml)[K] =>
    ((...args: unknown[]) => (library()[name] as unknown as (...a: unknown[]) => unknown)(...args)) as unknown as (typeof Yaml)[K];
  return {
    parseDocument: forward('parseDocument'),
    parse: forward('parse'),
    stringify: forward('stringify'),
    isAlias: forward('isAlias'),
    isMap: forward('isMap'),
    isSeq: forward('isSeq'),
    isScalar: forward('isScalar'),
    isPair: forward('isPair'),
    isNode: forward('isNode'),
    isDocument: forward('isDocument'),
  };
}
