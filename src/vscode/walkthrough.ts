// The Getting Started walkthrough (contributes.walkthroughs "analystMarkup.gettingStarted"): each
// step completes on the real action. Steps that a command completes use onCommand; the others
// read context keys set here (pulses, see bump) when the user has done the thing:
//   analystMarkup.walkthrough.registryLoaded   a registry with at least one entity was (re)loaded
//   analystMarkup.walkthrough.highlightsSeen   an editor showed highlights (on opening or switching to it)
//   analystMarkup.walkthrough.hovered          the mouse rested on a mention (a hover card was asked for)
//   analystMarkup.walkthrough.tagged           a claim or event tag was written into a document
// (Export completes on its command: its result is a file the user picked, written by fs.)
// Also the command analystMarkup.createRegistry: a starter entities.yaml in the workspace.

import vscode = require('vscode');
import { isAnalysedDocument } from './config';
import type { Services } from './services';

export const WALKTHROUGH_ID = 'analystMarkup.gettingStarted';
export const CREATE_REGISTRY_COMMAND = 'analystMarkup.createRegistry';

const STARTER_REGISTRY = `# Analyst Markup entity registry: one list of entities, shared through git.
# Every field is explained in the extension's README ("The entity registry").
entities:
  - id: ali-larijani
    name: Ali Larijani
    type: person
    aliases: [Larijani]
    summary: Iranian politician, Secretary of the Supreme National Security Council.
    roles:
      - title: Secretary of the Supreme National Security Council
        of: iran-snsc
        from: 2025-08-05
    affiliations: [iran]
  - id: iran-snsc
    name: Supreme National Security Council
    type: organization
    aliases: [SNSC]
    affiliations: [iran]
  - id: iran
    name: Iran
    type: state
    aliases: [Islamic Republic of Iran, Tehran]
`;

// VS Code's walkthrough service counts a step done when its context key changes to true while
// the service is alive (it starts with the Welcome page, or when a walkthrough is first opened),
// and never for a key that is already true when it starts. So each key is a pulse: set true on
// each action and back to false at once (the service reads the change as it happens); an action
// while the walkthrough is around checks its step, as onCommand does for commands.
function bump(key: string): void {
  void vscode.commands.executeCommand('setContext', key, true).then(() => vscode.commands.executeCommand('setContext', key, false));
}

/**
 * Bumps the key when `done()` holds after one of the events (debounced: an editor opening fires
 * several); tries again a few times, since what it looks for (highlights) follows the event.
 */
function watch(key: string, done: () => boolean, events: ((listener: () => void) => vscode.Disposable)[]): vscode.Disposable {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const check = (attempt = 0) => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      if (done()) bump(key);
      else if (attempt < 5) check(attempt + 1);
    }, 300);
  };
  const subscriptions = events.map((event) => event(() => check()));
  check();
  return {
    dispose: () => {
      if (timer) clearTimeout(timer);
      for (const s of subscriptions) s.dispose();
    },
  };
}

export async function createStarterRegistry(): Promise<vscode.Uri | undefined> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) {
    void vscode.window.showWarningMessage(vscode.l10n.t('Open a folder first: the registry is a file in the workspace (entities.yaml).'));
    return undefined;
  }
  const uri = vscode.Uri.joinPath(folder.uri, 'entities.yaml');
  let exists = true;
  try {
    await vscode.workspace.fs.stat(uri);
  } catch {
    exists = false;
  }
  // Never overwrites: an existing entities.yaml is opened as it is.
  if (!exists) await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(STARTER_REGISTRY));
  await vscode.window.showTextDocument(uri);
  return uri;
}

export function registerWalkthrough(services: Services): void {
  const { registries, highlighter, index } = services;
  // Only watches: the card itself comes from the extension's hover provider (hover.ts).
  const hoverWatch = vscode.languages.registerHoverProvider('*', {
    provideHover(document, position) {
      if (isAnalysedDocument(document) && index.mentionAt(document, position)) bump('analystMarkup.walkthrough.hovered');
      return undefined;
    },
  });
  const tagWatch = vscode.workspace.onDidChangeTextDocument((e) => {
    // The closing part of a tag, as tagClaim/tagEvent write it (or the user types it).
    if (isAnalysedDocument(e.document) && e.contentChanges.some((c) => /\]\{\.(claim|event)\b/.test(c.text))) bump('analystMarkup.walkthrough.tagged');
  });
  services.context.subscriptions.push(
    hoverWatch,
    tagWatch,
    vscode.commands.registerCommand(CREATE_REGISTRY_COMMAND, createStarterRegistry),
    watch('analystMarkup.walkthrough.registryLoaded', () => registries.registry.entities.size > 0, [(l) => registries.onDidChange(l)]),
    watch('analystMarkup.walkthrough.highlightsSeen', () => highlighter.renderedHighlights().length > 0, [
      (l) => registries.onDidChange(l),
      (l) => vscode.window.onDidChangeVisibleTextEditors(l),
      (l) => vscode.window.onDidChangeActiveTextEditor(l),
    ]),
  );
}
