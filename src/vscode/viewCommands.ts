// The commands of the timeline and network views (SPEC §4 `showTimeline`, `showNetwork`), and
// the loading of the views' code: a bundle of its own (dist/views.js; dist/web/views.js in the
// web build), loaded on the first use of either view (lazyBundle.ts), so that the extension's
// bundle and its activation stay as they were.

import vscode = require('vscode');
import { loadBundle } from './lazyBundle';
import { openEntity } from './navigation';
import type { Services } from './services';
import type { Views, ViewsModule } from './viewsHost';
import { workspaceTags } from './workspaceTags';

export const SHOW_TIMELINE_COMMAND = 'analystMarkup.showTimeline';
export const SHOW_NETWORK_COMMAND = 'analystMarkup.showNetwork';

export function registerViewCommands(services: Services): void {
  let views: Promise<Views> | undefined;
  const get = (): Promise<Views> => {
    views ??= loadBundle(services.context.extensionUri, 'views', () => require('./views.js'), 'createViews').then(
      (m) => (m as unknown as ViewsModule).createViews({ services, workspaceTags: workspaceTags(services), openEntity }),
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
      void vscode.window.showErrorMessage(vscode.l10n.t('Analyst Markup: {0}: {1}', what, String(error)));
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
