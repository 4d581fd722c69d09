// Mentions per open document, cached by document version and registry generation, so switching
// editors or re-rendering never rescans an unchanged text.

import * as vscode from 'vscode';
import { findMentions } from '../core/mentions';
import type { Mention } from '../core/types';
import type { RegistryService } from './registryService';

interface CacheEntry {
  version: number;
  generation: number;
  mentions: Mention[];
}

export class MentionIndex implements vscode.Disposable {
  private readonly cache = new Map<string, CacheEntry>();
  private readonly subscription: vscode.Disposable;

  constructor(private readonly registries: RegistryService) {
    this.subscription = vscode.workspace.onDidCloseTextDocument((d) => this.cache.delete(d.uri.toString()));
  }

  mentions(document: vscode.TextDocument): Mention[] {
    const key = document.uri.toString();
    const registry = this.registries.registry;
    const cached = this.cache.get(key);
    if (cached && cached.version === document.version && cached.generation === registry.generation) return cached.mentions;
    const mentions = findMentions(registry, document.getText());
    this.cache.set(key, { version: document.version, generation: registry.generation, mentions });
    return mentions;
  }

  /** The mention at a position, if any. */
  mentionAt(document: vscode.TextDocument, position: vscode.Position): Mention | undefined {
    const offset = document.offsetAt(position);
    const list = this.mentions(document);
    let low = 0;
    let high = list.length - 1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      const m = list[mid];
      if (m.end < offset) low = mid + 1;
      else if (m.start > offset) high = mid - 1;
      else return m;
    }
    return undefined;
  }

  dispose(): void {
    this.subscription.dispose();
    this.cache.clear();
  }
}
