// The commands whose code is a bundle of its own, loaded on first use (lazyBundle.ts): the
// export (exportTagsCommand.ts → dist/exports.js) and the registry authoring commands
// (registryAuthoring.ts → dist/authoring.js). Registered here at activation, so that the
// palette, keybindings and `executeCommand` find them at once.

import vscode = require('vscode');
import { loadBundle } from './lazyBundle';
import type { Services } from './services';
import { tagIndex, type TagIndex } from './tagIndex';
import { workspaceTags, type WorkspaceTags } from './workspaceTags';
import type { createExports } from './exportTagsCommand';
import type { createAuthoring } from './registryAuthoring';

export const EXPORT_TAGS_COMMAND = 'analystMarkup.exportTags';
export const ADD_ENTITY_COMMAND = 'analystMarkup.addEntity';
export const ADD_ALIAS_COMMAND = 'analystMarkup.addAlias';

/** What a command bundle's factory gets: the extension's one instance of each stateful object. */
export interface CommandBundleHost {
  services: Services;
  tagIndex: TagIndex;
  workspaceTags: WorkspaceTags;
}

type Exports = ReturnType<typeof createExports>;
type Authoring = ReturnType<typeof createAuthoring>;

export function registerLazyCommands(services: Services): void {
  const host = (): CommandBundleHost => ({ services, tagIndex: tagIndex(services), workspaceTags: workspaceTags(services) });
  let exports: Promise<Exports> | undefined;
  let authoring: Promise<Authoring> | undefined;
  const load = <T>(name: 'exports' | 'authoring', requireOnDesktop: () => unknown, factory: string): Promise<T> =>
    loadBundle(services.context.extensionUri, name, requireOnDesktop, factory).then((m) => (m[factory] as (h: CommandBundleHost) => T)(host()));
  const getExports = (): Promise<Exports> => (exports ??= load<Exports>('exports', () => require('./exports.js'), 'createExports'));
  const getAuthoring = (): Promise<Authoring> => (authoring ??= load<Authoring>('authoring', () => require('./authoring.js'), 'createAuthoring'));
  // A bundle that cannot be loaded (a broken install): said once per use, tried again next time.
  const loadFailed = (what: string, reset: () => void) => (error: unknown) => {
    reset();
    services.log.error(`${what}: could not load its code: ${String(error)}`);
    void vscode.window.showErrorMessage(vscode.l10n.t('Analyst Markup: {0}: {1}', what, String(error)));
    return undefined;
  };
  services.context.subscriptions.push(
    vscode.commands.registerCommand(EXPORT_TAGS_COMMAND, async (arg?: unknown) => {
      const loaded = await getExports().catch(loadFailed('Export Claims and Events', () => (exports = undefined)));
      return loaded?.exportTags(arg);
    }),
    vscode.commands.registerCommand(ADD_ENTITY_COMMAND, async (arg?: unknown) => {
      const loaded = await getAuthoring().catch(loadFailed('Add Entity', () => (authoring = undefined)));
      return loaded?.addEntity(arg);
    }),
    vscode.commands.registerCommand(ADD_ALIAS_COMMAND, async (arg?: unknown) => {
      const loaded = await getAuthoring().catch(loadFailed('Add Alias', () => (authoring = undefined)));
      return loaded?.addAlias(arg);
    }),
  );
}
