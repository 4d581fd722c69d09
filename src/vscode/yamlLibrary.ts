// Waiting for the `yaml` library where it is loaded asynchronously (the web build).
//
// The core calls `yaml` synchronously. Desktop: a plain `require` on first use (src/node/lazyYaml.ts),
// nothing to wait for. Web (vscode.dev, web worker): the library cannot be required, so the web
// build's `yaml` (src/web/lazyYaml.ts) throws YamlLibraryNotLoadedError until it has been fetched
// and registers its loader here. Every VS Code-layer call into core code that may need the
// library goes through `withYamlLibrary(fn)`: on that error it loads the library and runs `fn`
// again. `fn` must therefore be a synchronous core call that changes nothing before the library
// is used (parsing a registry file, computing a registry edit) — never a prompt or an edit.

import vscode = require('vscode');
import { isYamlLibraryNotLoaded } from '../core/yamlLibraryLoading';

/** How the web build's loader got the library. */
export interface YamlLoad {
  /** `fetch` (like the extension's own code), or `workspace.fs` where fetch failed. */
  via: 'fetch' | 'workspace.fs';
  bytes: number;
  ms: number;
}

export interface YamlLoader {
  load(extensionUri: vscode.Uri): Promise<YamlLoad>;
  /** Drops the loaded library, so that the next use loads it again (tests of the web build). */
  forget(): void;
}

/** What `analystMarkup.internal.yamlLibrary` reports (for the web tests). */
export interface YamlLibraryState {
  /** The library is loaded on demand and asynchronously (the web build). */
  asynchronous: boolean;
  /** Loaded now (asynchronous builds only; desktop loads it synchronously, unseen here). */
  loaded: boolean;
  /** Loads so far, and how the last one went. */
  loads: number;
  last?: YamlLoad;
}

interface YamlLibraryShared {
  loader?: YamlLoader;
  extensionUri?: vscode.Uri;
  log?: vscode.LogOutputChannel;
  loading?: Promise<YamlLoad>;
  state: YamlLibraryState;
  failureShown: boolean;
}

/**
 * One record for every bundle of the extension: the lazily loaded bundles (src/vscode/lazyBundle.ts)
 * carry a copy of this module, and must wait for the one library the extension loads.
 */
const SHARED_KEY = Symbol.for('analyst-markup.yamlLibrary');
const shared = ((globalThis as Record<symbol, unknown>)[SHARED_KEY] ??= {
  state: { asynchronous: false, loaded: false, loads: 0 },
  failureShown: false,
} satisfies YamlLibraryShared) as YamlLibraryShared;
const state = shared.state;

/** Called by the web build's `yaml` module when it is evaluated. */
export function registerYamlLoader(webLoader: YamlLoader): void {
  shared.loader = webLoader;
  state.asynchronous = true;
}

/** Called by activate(): where the library file is, and where to log its loading. */
export function initYamlLibrary(context: vscode.ExtensionContext, channel: vscode.LogOutputChannel): vscode.Disposable {
  shared.extensionUri = context.extensionUri;
  shared.log = channel;
  return vscode.commands.registerCommand('analystMarkup.internal.yamlLibrary', (arg?: unknown) => {
    if (arg === 'forget' && shared.loader && !shared.loading) {
      shared.loader.forget();
      state.loaded = false;
    }
    return { ...state };
  });
}

function ensureLoaded(): Promise<YamlLoad> {
  const { loader: webLoader, extensionUri: uri, log } = shared;
  if (!webLoader || !uri) return Promise.reject(new Error('the yaml library is not available (the extension is not activated)'));
  shared.loading ??= webLoader.load(uri).then(
    (load) => {
      shared.loading = undefined;
      state.loaded = true;
      state.loads++;
      state.last = load;
      log?.info(`YAML library loaded on first use (${Math.round(load.bytes / 1024)} KB via ${load.via}, ${load.ms} ms)`);
      return load;
    },
    (error: unknown) => {
      shared.loading = undefined; // the next use tries again
      const message = error instanceof Error ? error.message : String(error);
      log?.error(`Could not load the YAML library: ${message}`);
      if (!shared.failureShown) {
        shared.failureShown = true;
        void vscode.window.showErrorMessage(
          vscode.l10n.t(
            'Analyst Markup could not load its YAML library ({0}): registry files outside the plain YAML subset cannot be read and registry edits fail until it loads.',
            message,
          ),
        );
      }
      throw error;
    },
  );
  return shared.loading;
}

/**
 * Runs `fn` (a synchronous core call); when it needed the not-yet-loaded `yaml` library, loads it
 * and runs `fn` again. Rejects when the library cannot be loaded.
 */
export async function withYamlLibrary<T>(fn: () => T): Promise<T> {
  try {
    return fn();
  } catch (error) {
    if (!isYamlLibraryNotLoaded(error)) throw error;
  }
  await ensureLoaded();
  return fn();
}
