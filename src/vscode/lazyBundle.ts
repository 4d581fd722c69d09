// The extension's lazily loaded bundles: code that only a command needs (the timeline and
// network views, the exports, the registry authoring commands) is built into files of its own
// (esbuild.mjs) and loaded on the command's first use, so that the extension's bundle, and with
// it activation, stays small (≤ 300 KB).
//
// Desktop: a plain `require` of the file next to dist/extension.js (Node caches it). Web worker
// (vscode.dev): fetched and evaluated as a CommonJS module, as src/web/lazyYaml.ts does, with
// `vscode` and the extension's own `yaml` module handed in — a worker cannot `require` a file,
// and the bundle must use the library the extension loads (one copy, loaded once).
//
// A bundle gets the extension's stateful objects (services, the tag index, …) from its factory's
// arguments, never from its own copies of their modules, which would be second instances.

import vscode = require('vscode');
import * as yaml from 'yaml';

export type BundleName = 'views' | 'exports' | 'authoring';

declare const process: { versions?: { node?: string } } | undefined;

const loaded = new Map<BundleName, Promise<Record<string, unknown>>>();

/**
 * The bundle's exports, loaded once (a failed load is tried again on the next use).
 * `requireOnDesktop` is `() => require('./<name>.js')`, written out at the call site so that
 * esbuild sees a literal path to leave alone (the bundles are `external`).
 */
export function loadBundle(extensionUri: vscode.Uri, name: BundleName, requireOnDesktop: () => unknown, factory: string): Promise<Record<string, unknown>> {
  let bundle = loaded.get(name);
  if (!bundle) {
    bundle = load(extensionUri, name, requireOnDesktop, factory);
    loaded.set(name, bundle);
    bundle.catch(() => loaded.delete(name));
  }
  return bundle;
}

async function load(extensionUri: vscode.Uri, name: BundleName, requireOnDesktop: () => unknown, factory: string): Promise<Record<string, unknown>> {
  let exports: Record<string, unknown>;
  if (typeof process === 'object' && process?.versions?.node) {
    exports = requireOnDesktop() as Record<string, unknown>;
  } else {
    const uri = vscode.Uri.joinPath(extensionUri, 'dist', 'web', `${name}.js`);
    let source: string;
    try {
      const response = await fetch(uri.toString(true));
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      source = await response.text();
    } catch {
      source = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
    }
    const module = { exports: {} as Record<string, unknown> };
    const requireShared = (id: string): unknown => {
      if (id === 'vscode') return vscode;
      if (id === 'yaml') return yaml;
      throw new Error(`${name}.js asked for ${id}`);
    };
    // eslint-disable-next-line @typescript-eslint/no-implied-eval
    const evaluate = new Function('module', 'exports', 'require', `${source}\n//# sourceURL=${uri.toString(true)}`) as (
      m: unknown,
      e: unknown,
      r: unknown,
    ) => void;
    evaluate(module, module.exports, requireShared);
    exports = module.exports;
  }
  if (typeof exports[factory] !== 'function') throw new Error(`dist/${name}.js is not the extension's ${name} bundle (no ${factory})`);
  return exports;
}
