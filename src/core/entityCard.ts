// What an entity's hover card needs from the hovered document, gathered once for every host: the
// mention count, the entity's claims, the document's date and how the hovered mention was
// resolved (with the reasons behind each candidate). The VS Code layer renders the result with
// its own command links and codicons; the language server without either (LSP clients run no
// `command:` links and know no codicons).

import { todayAsPartialDate } from './dates';
import type { DocumentDateResult } from './documentDate';
import { buildHoverCard, CardMention, claimsBy } from './hoverCard';
import type { TagSpan } from './markup';
import type { Registry } from './registry';
import { explainMention, mentionResolution, ResolvedMention } from './resolution';
import type { Entity } from './types';

export type CardRegistry = Pick<Registry, 'entities' | 'holders' | 'candidatesOf' | 'contextSlots' | 'members' | 'generation'>;

/** The hovered document, as the card reads it. */
export interface CardDocument {
  uri: string;
  version: number;
  text: string;
  spans: readonly TagSpan[];
  /** Every mention of the document, resolved, in text order. */
  mentions: readonly ResolvedMention[];
  date: DocumentDateResult;
}

export interface CardRendering {
  /** Links to the extension's own commands (VS Code only). */
  commandLinks?: boolean;
  /** `$(icon)` codicons (VS Code only). */
  codicons?: boolean;
}

/** Removes the card's codicons: every `$(` in a card is ours (untrusted `$` is `&#36;`). */
export function withoutCodicons(markdown: string): string {
  return markdown.replace(/\$\([a-z-]+\) ?/g, '');
}

function render(markdown: string, rendering: CardRendering): string {
  return rendering.codicons === false ? withoutCodicons(markdown) : markdown;
}

/** The card of an entity hovered in a registry file: judged on today. */
export function registryEntityCard(registry: CardRegistry, entity: Entity, rendering: CardRendering = {}, now?: Date): string {
  const lookup = (id: string): Entity | undefined => registry.entities.get(id);
  const holders = entity.type === 'position' ? (registry.holders.get(entity.id) ?? []) : undefined;
  const date: DocumentDateResult = { date: todayAsPartialDate(now), source: 'today' };
  return render(buildHoverCard({ entity, lookup, date, dateContext: 'registry', holders, commandLinks: rendering.commandLinks }), rendering);
}

/** The card of an entity in an analysed document, for the hovered `mention` if any. */
export function documentEntityCard(
  registry: CardRegistry,
  entity: Entity,
  document: CardDocument,
  mention?: ResolvedMention,
  rendering: CardRendering = {},
): string {
  const lookup = (id: string): Entity | undefined => registry.entities.get(id);
  const holders = entity.type === 'position' ? (registry.holders.get(entity.id) ?? []) : undefined;
  const mentionCount = document.mentions.filter((m) => m.entityId === entity.id).length;
  const claims = claimsBy(document.text, document.spans, entity.id);
  const card = buildHoverCard({
    entity,
    lookup,
    date: document.date,
    mentionCount,
    claims,
    holders,
    mention: mention && cardMention(registry, document, mention),
    commandLinks: rendering.commandLinks,
  });
  return render(card, rendering);
}

/** What the card says of how a mention was resolved, with the reasons behind each candidate. */
function cardMention(registry: CardRegistry, document: CardDocument, mention: ResolvedMention): CardMention {
  const resolution = mentionResolution(mention);
  const card: CardMention = {
    text: document.text.slice(mention.start, mention.end),
    resolution,
    target: { uri: document.uri, start: mention.start, end: mention.end, version: document.version },
  };
  if (mention.via) {
    card.via = mention.via;
    card.viaHolders = registry.holders.get(mention.via) ?? [];
  }
  if (resolution === 'ambiguous' || resolution === 'context' || resolution === 'coreference') {
    // The mention may come from a window of a big document: explain it within the full list.
    const index = document.mentions.findIndex((m) => m.start === mention.start && m.end === mention.end);
    if (index >= 0) {
      card.candidates = explainMention(registry, document.text, document.mentions, index, { date: document.date, spans: document.spans }).candidates;
    }
  }
  return card;
}
