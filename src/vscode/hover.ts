// Hover cards (SPEC §5): the entity's profile on a mention, and on an entity id or reference in
// a registry file. The card's content is built by the pure core (core/hoverCard.ts); this file
// gathers what it needs from the document and renders it as a locked-down MarkdownString.

import vscode = require('vscode');
import { buildHoverCard, CARD_COMMANDS, CardMention, claimsBy } from '../core/hoverCard';
import { explainMention, mentionResolution, ResolvedMention } from '../core/resolution';
import type { DocumentDateResult } from '../core/documentDate';
import { todayAsPartialDate } from '../core/dates';
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
  const lookup = (id: string) => registry.entities.get(id);
  const holders = entity.type === 'position' ? registry.holders.get(entity.id) ?? [] : undefined;
  if (!document) {
    const date: DocumentDateResult = { date: todayAsPartialDate(), source: 'today' };
    return lockedMarkdown(buildHoverCard({ entity, lookup, date, dateContext: 'registry', holders }));
  }
  const text = document.getText();
  const mentions = services.index.mentions(document);
  const mentionCount = mentions.filter((m) => m.entityId === entity.id).length;
  const claims = claimsBy(text, parsedMarkup(document).spans, entity.id);
  const date = documentDate(document);
  return lockedMarkdown(buildHoverCard({ entity, lookup, date, mentionCount, claims, holders, mention: mention && cardMention(services, document, text, mentions, mention) }));
}

/** What the card says of how a mention was resolved, with the reasons behind each candidate. */
function cardMention(services: Services, document: vscode.TextDocument, text: string, mentions: readonly ResolvedMention[], mention: ResolvedMention): CardMention {
  const registry = services.registries.registry;
  const resolution = mentionResolution(mention);
  const card: CardMention = {
    text: text.slice(mention.start, mention.end),
    resolution,
    target: { uri: document.uri.toString(), start: mention.start, end: mention.end, version: document.version },
  };
  if (mention.via) {
    card.via = mention.via;
    card.viaHolders = registry.holders.get(mention.via) ?? [];
  }
  if (resolution === 'ambiguous' || resolution === 'context' || resolution === 'coreference') {
    // The mention may come from a window of a big document: explain it within the full list.
    const index = mentions.findIndex((m) => m.start === mention.start && m.end === mention.end);
    if (index >= 0) {
      card.candidates = explainMention(registry, text, mentions, index, { date: documentDate(document), spans: parsedMarkup(document).spans }).candidates;
    }
  }
  return card;
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
