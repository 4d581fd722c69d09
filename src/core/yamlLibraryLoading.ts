// The `yaml` library can arrive late: the web build loads it on first use, asynchronously
// (src/web/lazyYaml.ts), and until then its functions throw this error. The core never turns it
// into a diagnostic or a fallback: every catch that could see it rethrows it, so that it reaches
// the VS Code layer, which loads the library and runs the same call again (withYamlLibrary in
// src/vscode/yamlLibrary.ts). Desktop, CLI and unit tests never see it.

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
