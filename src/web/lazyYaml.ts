// The `yaml` library in the web build (vscode.dev, the web worker extension host): esbuild routes
// every `import … from 'yaml'` here (see esbuild.mjs) and puts the library in dist/web/yaml.js,
// so that the extension's bundle stays small. Most sessions never need it: registry files in the
// plain subset are read without it (src/core/fastYaml.ts); files outside the subset and registry
// edits (addEntity, addAlias) do.
//
// A web worker cannot `require` a second file synchronously, so the library is loaded
// asynchronously, on demand: until then its functions throw YamlLibraryNotLoadedError, and the
// VS Code layer's `withYamlLibrary` (src/vscode/yamlLibrary.ts) awaits `load()` and runs the call
// again. The file is fetched and evaluated as a CommonJS module with `new Function` — the way the
// web worker extension host loads the extension's own code — so it works wherever the extension
// itself loaded.

import vscode = require('vscode');
import type * as Yaml from 'yaml';
import { YamlLibraryNotLoadedError, yamlForwarders } from '../core/yamlLibraryLoading';
import { registerYamlLoader } from '../vscode/yamlLibrary';
import type { YamlLoad } from '../vscode/yamlLibrary';

const LIBRARY_FILE = ['dist', 'web', 'yaml.js'];

let library: typeof Yaml | undefined;

/**
 * The library's source, fetched like the extension's own code (the worker's fetch also takes the
 * workbench's vscode-remote: URIs), else read through the workbench's file system.
 */
async function readSource(uri: vscode.Uri): Promise<{ source: string; via: YamlLoad['via'] }> {
  let fetchError: unknown;
  try {
    const response = await fetch(uri.toString(true));
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    return { source: await response.text(), via: 'fetch' };
  } catch (error) {
    fetchError = error;
  }
  try {
    return { source: new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)), via: 'workspace.fs' };
  } catch (error) {
    throw new Error(`cannot read ${uri.toString(true)} (fetch: ${String(fetchError)}; workspace.fs: ${String(error)})`, { cause: error });
  }
}

registerYamlLoader({
  async load(extensionUri) {
    const started = Date.now();
    const uri = vscode.Uri.joinPath(extensionUri, ...LIBRARY_FILE);
    const { source, via } = await readSource(uri);
    const module = { exports: {} as Record<string, unknown> };
    // eslint-disable-next-line @typescript-eslint/no-implied-eval
    const evaluate = new Function('module', 'exports', `${source}\n//# sourceURL=${uri.toString(true)}`) as (module: unknown, exports: unknown) => void;
    evaluate(module, module.exports);
    if (typeof module.exports.parseDocument !== 'function') throw new Error(`${uri.toString(true)} is not the yaml library`);
    library = module.exports as unknown as typeof Yaml;
    return { via, bytes: source.length, ms: Date.now() - started };
  },
  forget() {
    library = undefined;
  },
});

function yaml(): typeof Yaml {
  if (!library) throw new YamlLibraryNotLoadedError();
  return library;
}

// Until it is loaded, the web build's functions throw YamlLibraryNotLoadedError.
export const { parseDocument, parse, stringify, isAlias, isMap, isSeq, isScalar, isPair, isNode, isDocument } = yamlForwarders(yaml);
