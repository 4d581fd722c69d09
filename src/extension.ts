// Entry point: wires the pure core to VS Code. Each feature lives in its own file under vscode/
// and is registered here with the shared services.

import vscode = require('vscode');
import { AnalystMarkupApi, createApi } from './vscode/api';
import { registerEntitiesView } from './vscode/entitiesView';
import { Highlighter } from './vscode/highlighter';
import { registerHover } from './vscode/hover';
import { registerMarkupEditor } from './vscode/markupEditor';
import { MentionIndex } from './vscode/mentionIndex';
import { registerNavigation } from './vscode/navigation';
import { RegistryService } from './vscode/registryService';
import type { Services } from './vscode/services';
import { RegistryStatusBar } from './vscode/statusBar';
import { registerLinking } from './vscode/linking';
import { registerTagging } from './vscode/tagging';
import { registerTagsView } from './vscode/tagsView';
import { registerLazyCommands } from './vscode/lazyCommands';
import { registerDiscovery } from './vscode/discovery';
import { registerRegistryCompletion } from './vscode/registryCompletion';
import { initYamlLibrary } from './vscode/yamlLibrary';
import { registerViewCommands } from './vscode/viewCommands';
import { MarkdownPreviewPlugin } from './vscode/markdownPreview';
import { registerWalkthrough } from './vscode/walkthrough';
import { registerYamlSchema } from './vscode/yamlSchema';
import type { Markdown } from './core/markdownPreview';

export function activate(context: vscode.ExtensionContext): AnalystMarkupApi & { extendMarkdownIt(md: Markdown): Markdown } {
  const log = vscode.window.createOutputChannel('Analyst Markup', { log: true });
  // Before the registry is read: the web build loads the `yaml` library from the extension's files.
  context.subscriptions.push(initYamlLibrary(context, log));
  const registries = new RegistryService(log);
  const index = new MentionIndex(registries);
  const highlighter = new Highlighter(registries, index);
  const statusBar = new RegistryStatusBar(registries);
  const services: Services = { context, log, registries, index, highlighter };
  context.subscriptions.push(
    log,
    registries,
    index,
    highlighter,
    statusBar,
    vscode.commands.registerCommand('analystMarkup.reloadRegistry', async () => {
      await registries.reload();
      const r = registries.registry;
      void vscode.window.setStatusBarMessage(vscode.l10n.t('Analyst Markup: reloaded {0} entities from {1} file(s)', r.entities.size, r.files.length), 4000);
    }),
    // Not contributed to the palette: lets the integration tests see what the user sees.
    vscode.commands.registerCommand('analystMarkup.internal.highlights', () => highlighter.renderedHighlights()),
    vscode.commands.registerCommand('analystMarkup.internal.highlightedLines', () => highlighter.renderedLines()),
    vscode.commands.registerCommand('analystMarkup.internal.statusBar', () => statusBar.text),
  );
  // Feature registrations (one line each; every feature file exports `register(services)`).
  registerHover(services);
  registerNavigation(services);
  registerEntitiesView(services);
  registerTagging(services);
  registerLinking(services);
  registerTagsView(services);
  registerMarkupEditor(services);
  registerLazyCommands(services);
  registerDiscovery(services);
  registerRegistryCompletion(services);
  registerViewCommands(services);
  registerWalkthrough(services);
  registerYamlSchema(services);
  void services;
  const preview = new MarkdownPreviewPlugin(registries);
  context.subscriptions.push(preview);
  // The SPEC §7 API, plus the hook the built-in Markdown preview calls (markdown.markdownItPlugins).
  return { ...createApi(registries, index), extendMarkdownIt: (md: Markdown) => preview.extendMarkdownIt(md) };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
