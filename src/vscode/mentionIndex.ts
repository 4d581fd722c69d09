// Mentions per open document, cached by document version and registry generation, so switching
// editors or re-rendering never rescans an unchanged text. Typing rescans only the region the
// edits can influence (core/incremental.ts) and shifts the rest.

import * as vscode from 'vscode';
import { MentionState, TextEdit, mergeEdits, scanAll, updateMentions } from '../core/incremental';
import type { Mention } from '../core/types';
import type { RegistryService } from './registryService';

interface CacheEntry {
  version: number;
  generation: number;
  state: MentionState;
  /** The text `state` was computed from: shows what an edit deleted. */
  text: string;
  /** Edits since `version`, merged into one region (in the current text's coordinates). */
  pending?: { edit: TextEdit; version: number };
}

/** Above this share of the text, a full rescan is as cheap as an incremental one. */
const INCREMENTAL_LIMIT = 0.25;

export class MentionIndex implements vscode.Disposable {
  private readonly cache = new Map<string, CacheEntry>();
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly registries: RegistryService) {
    this.subscriptions = [
      vscode.workspace.onDidCloseTextDocument((d) => this.cache.delete(d.uri.toString())),
      vscode.workspace.onDidChangeTextDocument((e) => this.recordEdits(e)),
    ];
  }

  mentions(document: vscode.TextDocument): Mention[] {
    const key = document.uri.toString();
    const registry = this.registries.registry;
    const cached = this.cache.get(key);
    if (cached && cached.generation === registry.generation) {
      if (cached.version === document.version) return cached.state.mentions;
      const pending = cached.pending;
      if (pending && pending.version === document.version) {
        const text = document.getText();
        const state = updateMentions(registry.matcher, cached.state, text, pending.edit, cached.text);
        this.cache.set(key, { version: document.version, generation: registry.generation, state, text });
        return state.mentions;
      }
    }
    const text = document.getText();
    const state = scanAll(registry.matcher, text);
    this.cache.set(key, { version: document.version, generation: registry.generation, state, text });
    return state.mentions;
  }

  private recordEdits(event: vscode.TextDocumentChangeEvent): void {
    const entry = this.cache.get(event.document.uri.toString());
    if (!entry || event.contentChanges.length === 0) return;
    const expected = entry.pending ? entry.pending.version : entry.version;
    if (event.document.version !== expected + 1) {
      entry.pending = undefined; // missed an edit: rescan in full next time
      entry.version = -1;
      return;
    }
    // The changes of one event are relative to the text before it: bound them by one region.
    let start = Infinity;
    let oldEnd = 0;
    let delta = 0;
    for (const change of event.contentChanges) {
      start = Math.min(start, change.rangeOffset);
      oldEnd = Math.max(oldEnd, change.rangeOffset + change.rangeLength);
      delta += change.text.length - change.rangeLength;
    }
    const edit: TextEdit = { start, deletedLength: oldEnd - start, insertedLength: oldEnd - start + delta };
    const merged = entry.pending ? mergeEdits(entry.pending.edit, edit) : edit;
    const document = event.document;
    const textLength = document.offsetAt(document.lineAt(document.lineCount - 1).range.end);
    if (merged.insertedLength > textLength * INCREMENTAL_LIMIT && textLength > 10_000) {
      entry.version = -1;
      entry.pending = undefined;
      return;
    }
    entry.pending = { edit: merged, version: event.document.version };
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
    for (const s of this.subscriptions) s.dispose();
    this.cache.clear();
  }
}
