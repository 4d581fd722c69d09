// Hover cards (SPEC §5): the entity's profile on a mention, and on an entity id or reference in
// a registry file. The card's content is built by the pure core (core/hoverCard.ts); this file
// gathers what it needs from the document and renders it as a locked-down MarkdownString.

import vscode = require('vscode');
import { documentEntityCard, registryEntityCard } from '../core/entityCard';
import { CARD_COMMANDS } from '../core/hoverCard';
import type { ResolvedMention } from '../core/resolution';
import type { Entity } from '../core/types';
import { entityAt } from './entityAt';
import type { Services } from './services';
import { documentDate, parsedMarkup } from './markupDocument';
import { withYamlLibrary } from './yamlLibrary';

/** Card Markdown that renders untrusted text inertly: no HTML, only our own commands. */
export function lockedMarkdown(value: string): vscode.MarkdownString {
  const md = new vscode.MarkdownString(value, true);
  md.supportHtml = false;
  md.isTrusted = { enabledCommands: Object.values(CARD_COMMANDS) };
  return md;
}

/**
 * The entity's card. With an analysed `document`: judged on the document's date, with the
 * entity's mention count and claims in it. Without one (in a registry file): judged on today.
 */
export function entityCard(services: Services, entity: Entity, document?: vscode.TextDocument, mention?: ResolvedMention): vscode.MarkdownString {
  const registry = services.registries.registry;
  if (!document) return lockedMarkdown(registryEntityCard(registry, entity));
  const card = {
    uri: document.uri.toString(),
    version: document.version,
    text: document.getText(),
    spans: parsedMarkup(document).spans,
    mentions: services.index.mentions(document),
    date: documentDate(document),
  };
  return lockedMarkdown(documentEntityCard(registry, entity, card, mention));
}

export function registerHover(services: Services): void {
  const provider: vscode.HoverProvider = {
    async provideHover(document, position) {
      // In a registry file outside the plain YAML subset, the web build may first load `yaml`.
      const target = await withYamlLibrary(() => entityAt(services, document, position));
      if (!target) return undefined;
      const card = entityCard(services, target.entity, target.kind === 'mention' ? document : undefined, target.mention);
      return new vscode.Hover(card, target.range);
    },
  };
  services.context.subscriptions.push(vscode.languages.registerHoverProvider('*', provider));
}
