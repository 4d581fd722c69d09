// The extension's exported API (SPEC §7): what `activate()` returns to other extensions and tests.

import vscode = require('vscode');
import { parseMarkup } from '../core/markup';
import { mentionCandidates, mentionResolution } from '../core/resolution';
import type { Entity, Resolution } from '../core/types';
import { offsetRange } from './convert';
import type { MentionIndex } from './mentionIndex';
import type { RegistryService } from './registryService';

export interface ApiMention {
  range: vscode.Range;
  /** The entity meant: the chosen or best-ranked candidate (SPEC §9). */
  entityId: string;
  text: string;
  /** Every entity the text can name (one when unambiguous). */
  candidates: string[];
  /** How `entityId` was chosen. */
  resolution: Resolution;
  /** For an office: the position's id. */
  via?: string;
}

export interface ApiTag {
  kind: 'claim' | 'event';
  id: string;
  range: vscode.Range;
  attributes: Record<string, string>;
}

export interface AnalystMarkupApi {
  ready: Promise<void>;
  mentions(uri: vscode.Uri): Promise<ApiMention[]>;
  tags(uri: vscode.Uri): Promise<ApiTag[]>;
  entity(id: string): Entity | undefined;
}

export function createApi(registries: RegistryService, index: MentionIndex): AnalystMarkupApi {
  return {
    ready: registries.ready,
    async mentions(uri) {
      await registries.ready;
      const document = await vscode.workspace.openTextDocument(uri);
      const text = document.getText();
      return index.mentions(document).map((m) => {
        const mention: ApiMention = {
          range: offsetRange(document, m.start, m.end),
          entityId: m.entityId,
          text: text.slice(m.start, m.end),
          candidates: [...mentionCandidates(m)],
          resolution: mentionResolution(m),
        };
        if (m.via !== undefined) mention.via = m.via;
        return mention;
      });
    },
    async tags(uri) {
      const document = await vscode.workspace.openTextDocument(uri);
      const tags: ApiTag[] = [];
      for (const span of parseMarkup(document.getText()).spans) {
        if (!span.kind || span.kind === 'ref' || !span.id) continue;
        tags.push({ kind: span.kind, id: span.id, range: offsetRange(document, span.start, span.end), attributes: { ...span.attributes } });
      }
      return tags;
    },
    entity(id) {
      return registries.registry.entities.get(id);
    },
  };
}
