// The commands of the timeline and network views (SPEC §4 `showTimeline`, `showNetwork`), and
// the loading of the views' code: a bundle of its own (dist/views.js; dist/web/views.js in the
// web build), loaded on the first use of either view, so that the extension's bundle and its
// activation stay as they were. Desktop: a plain `require` of the file next to dist/extension.js.
// Web worker (vscode.dev): fetched and evaluated as a CommonJS module, as src/web/lazyYaml.ts
// does, with `vscode` handed in.

import vscode = require('vscode');
import { openEntity } from './navigation';
import type { Services } from './services';
import type { Views, ViewsModule } from './viewsHost';
import { workspaceTags } from './workspaceTags';

export const SHOW_TIMELINE_COMMAND = 'analystMarkup.showTimeline';
export const SHOW_NETWORK_COMMAND = 'analystMarkup.showNetwork';

declare const process: { versions?: { node?: string } } | undefined;

async function loadModule(extensionUri: vscode.Uri): Promise<ViewsModule> {
  if (typeof process === 'object' && process?.versions?.node) {
    // Left alone by esbuild (external): the file next to dist/extension.js.
    return require('./views.js') as ViewsModule;
  }
  const uri = vscode.Uri.joinPath(extensionUri, 'dist', 'web', 'views.js');
  let source: string;
  try {
    const response = await fetch(uri.toString(true));
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    source = await response.text();
  } catch {
    source = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  }
  const module = { exports: {} as Record<string, unknown> };
  const requireVscode = (id: string): unknown => {
    if (id === 'vscode') return vscode;
    throw new Error(`views.js asked for ${id}`);
  };
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  const evaluate = new Function('module', 'exports', 'require', `${source}\n//# sourceURL=${uri.toString(true)}`) as (
    m: unknown,
    e: unknown,
    r: unknown,
  ) => void;
  evaluate(module, module.exports, requireVscode);
  if (typeof module.exports.createViews !== 'function') throw new Error(`${uri.toString(true)} is not the views' bundle`);
  return module.exports as unknown as ViewsModule;
}

export function registerViewCommands(services: Services): void {
  let views: Promise<Views> | undefined;
  const get = (): Promise<Views> => {
    views ??= loadModule(services.context.extensionUri).then(
      (m) => m.createViews({ services, workspaceTags: workspaceTags(services), openEntity }),
      (error: unknown) => {
        views = undefined;
        throw error;
      },
    );
    return views;
  };
  const run = async <T>(what: string, fn: (v: Views) => T): Promise<T | undefined> => {
    try {
      return await fn(await get());
    } catch (error) {
      services.log.error(`${what}: ${String(error)}`);
      void vscode.window.showErrorMessage(`Analyst Markup: ${what}: ${String(error)}`);
      return undefined;
    }
  };
  services.context.subscriptions.push(
    vscode.commands.registerCommand(SHOW_TIMELINE_COMMAND, (arg?: unknown) => run('Show Timeline', (v) => v.showTimeline(arg))),
    vscode.commands.registerCommand(SHOW_NETWORK_COMMAND, (arg?: unknown) => run('Show Network', (v) => v.showNetwork(arg))),
    // Not contributed: let integration tests and the benchmark wait for a view to draw (an event, no polling).
    vscode.commands.registerCommand('analystMarkup.internal.timelineDrawn', async (after?: unknown) =>
      views ? (await views).timelineDrawn(after) : undefined,
    ),
    vscode.commands.registerCommand('analystMarkup.internal.networkDrawn', async (after?: unknown) => (views ? (await views).networkDrawn(after) : undefined)),
  );
}
