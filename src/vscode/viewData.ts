// What the timeline and network views are drawn from: every claim and event of the workspace
// (WorkspaceTags: files through vscode.workspace.fs, open documents with their unsaved text) and
// the registry. Fires `onDidChange` when they may have changed: WorkspaceTags' own (debounced)
// event, the registry's, and — so that typing in a tagged document updates an open view at once —
// a short debounce on edits of the documents the last data came from.

import vscode = require('vscode');
import type { ExportedTag } from '../core/exportTags';
import { findMentions } from '../core/mentions';
import type { Services } from './services';
import type { DocumentTags, WorkspaceTags } from './workspaceTags';

const EDIT_DELAY_MS = 40;

export interface ViewSnapshot {
  tags: ExportedTag[];
  /** Document path (as in ExportedTag.document) → its URI. */
  uris: Map<string, vscode.Uri>;
  documents: DocumentTags[];
}

export class ViewData implements vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<void>();
  private readonly disposables: vscode.Disposable[] = [this.emitter];
  private tagged = new Set<string>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** Mention counts per document snapshot (WorkspaceTags keeps one object while a document is unchanged). */
  private readonly mentionCache = new WeakMap<DocumentTags, { generation: number; counts: Map<string, number> }>();

  readonly onDidChange = this.emitter.event;

  constructor(
    private readonly services: Services,
    private readonly workspaceTags: WorkspaceTags,
  ) {
    this.disposables.push(
      workspaceTags.onDidChange(() => this.emitter.fire()),
      services.registries.onDidChange(() => this.emitter.fire()),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length === 0 || !this.tagged.has(e.document.uri.toString())) return;
        if (this.timer) clearTimeout(this.timer);
        this.timer = setTimeout(() => {
          this.timer = undefined;
          this.emitter.fire();
        }, EDIT_DELAY_MS);
      }),
    );
  }

  async snapshot(): Promise<ViewSnapshot> {
    await this.services.registries.ready;
    const documents = await this.workspaceTags.documents();
    const tags: ExportedTag[] = [];
    const uris = new Map<string, vscode.Uri>();
    for (const doc of documents) {
      uris.set(doc.path, doc.uri);
      for (const tag of doc.tags) tags.push(tag);
    }
    // Open documents count too: one that gets its first tag is seen by WorkspaceTags' event.
    this.tagged = new Set(documents.map((d) => d.uri.toString()));
    return { tags, uris, documents };
  }

  /** Mentions of each entity in the tagged documents (each document counted once per registry version). */
  mentionCounts(documents: readonly DocumentTags[]): Map<string, number> {
    const registry = this.services.registries.registry;
    const total = new Map<string, number>();
    for (const doc of documents) {
      let cached = this.mentionCache.get(doc);
      if (!cached || cached.generation !== registry.generation) {
        const counts = new Map<string, number>();
        for (const m of findMentions(registry, doc.text)) counts.set(m.entityId, (counts.get(m.entityId) ?? 0) + 1);
        cached = { generation: registry.generation, counts };
        this.mentionCache.set(doc, cached);
      }
      for (const [id, n] of cached.counts) total.set(id, (total.get(id) ?? 0) + n);
    }
    return total;
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    for (const d of this.disposables) d.dispose();
  }
}
