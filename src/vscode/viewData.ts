// What the timeline and network views are drawn from: every claim and event of the workspace
// (WorkspaceTags: files through vscode.workspace.fs, open documents with their unsaved text) and
// the registry. Tells the views (onDidChangeView) when they may have changed: WorkspaceTags' own (debounced)
// event, the registry's, and — so that typing in a tagged document updates an open view at once —
// a short debounce on edits of the documents the last data came from.

import vscode = require('vscode');
import { collectTags, ExportedTag } from '../core/exportTags';
import { findMentions } from '../core/mentions';
import type { Services } from './services';
import { DocumentTags, documentPath, WorkspaceTags } from './workspaceTags';

/**
 * Edits are taken together only within one turn of the event loop: an update under way folds
 * the edits meanwhile into one more (FoldedRuns), so a longer wait would only delay the view.
 */
const EDIT_DELAY_MS = 0;
/** A background read that saw edits arrive reads again this much later. */
const REREAD_DELAY_MS = 100;

export interface ViewSnapshot {
  tags: ExportedTag[];
  /** Document path (as in ExportedTag.document) → its URI. */
  uris: Map<string, vscode.Uri>;
  documents: DocumentTags[];
}

export class ViewData implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private tagged = new Set<string>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** The last snapshot, and the open documents edited since (read again from their text alone). */
  private last: ViewSnapshot | undefined;
  private edited = new Map<string, vscode.TextDocument>();
  private stale = true;
  /** Mention counts per document snapshot (WorkspaceTags keeps one object while a document is unchanged). */
  private readonly mentionCache = new WeakMap<DocumentTags, { generation: number; counts: Map<string, number> }>();

  private readonly views: { update: () => void; drawMs: () => number }[] = [];

  /**
   * For the views: `update` on each change, the views that take longest to draw first, so that
   * their webviews draw while the extension computes the others' data (both views open: the
   * network's drawing, the longer, no longer waits for the timeline's data).
   */
  onDidChangeView(update: () => void, drawMs: () => number): vscode.Disposable {
    const view = { update, drawMs };
    this.views.push(view);
    return new vscode.Disposable(() => {
      const at = this.views.indexOf(view);
      if (at >= 0) this.views.splice(at, 1);
    });
  }

  private fire(): void {
    for (const view of [...this.views].sort((a, b) => b.drawMs() - a.drawMs())) view.update();
  }

  constructor(
    private readonly services: Services,
    private readonly workspaceTags: WorkspaceTags,
  ) {
    this.disposables.push(
      workspaceTags.onDidChange(() => void this.refresh()),
      services.registries.onDidChange(() => this.changed()),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length === 0 || !this.tagged.has(e.document.uri.toString())) return;
        this.edited.set(e.document.uri.toString(), e.document);
        this.editCount++;
        if (this.timer) clearTimeout(this.timer);
        this.timer = setTimeout(() => {
          this.timer = undefined;
          this.fire();
        }, EDIT_DELAY_MS);
      }),
    );
  }

  private changed(): void {
    this.stale = true;
    this.fire();
  }

  /** Edits seen so far: a refresh that saw edits arrive while it read is out of date. */
  private editCount = 0;
  private refreshing = false;
  private refreshAgain = false;

  /**
   * WorkspaceTags' event (a quarter second after an edit, or a file changed on disk): reads every
   * document again in the background, without holding up the quick path of edits, and fires only
   * when something differs from the last snapshot, keeping the unchanged documents' objects (so
   * that their cached mention counts stay). Typing thus updates a view once, not twice.
   */
  private async refresh(): Promise<void> {
    if (!this.last || this.stale) return this.changed();
    if (this.refreshing) {
      this.refreshAgain = true;
      return;
    }
    this.refreshing = true;
    try {
      do {
        this.refreshAgain = false;
        const edits = this.editCount;
        const documents = await this.workspaceTags.documents();
        // Edits arrived while reading: the quick path has newer text; read again afterwards.
        if (edits !== this.editCount) {
          this.refreshAgain = true;
          await new Promise((resolve) => setTimeout(resolve, REREAD_DELAY_MS));
          continue;
        }
        const last = this.last;
        if (!last || this.stale) return;
        const before = new Map(last.documents.map((d) => [d.uri.toString(), d]));
        let same = documents.length === last.documents.length;
        const merged = documents.map((doc, i) => {
          const old = before.get(doc.uri.toString());
          if (old && old.text === doc.text && old.path === doc.path && old.untitled === doc.untitled) {
            if (last.documents[i] !== old) same = false;
            return old;
          }
          same = false;
          return doc;
        });
        if (same) continue;
        this.last = this.assemble(merged);
        this.tagged = new Set(merged.map((d) => d.uri.toString()));
        this.fire();
      } while (this.refreshAgain);
    } catch {
      this.changed();
    } finally {
      this.refreshing = false;
    }
  }

  private fetching: Promise<ViewSnapshot> | undefined;

  /** Both views share one ViewData: a snapshot under way is shared too. */
  async snapshot(): Promise<ViewSnapshot> {
    if (this.fetching) return this.fetching;
    const fetching = this.fetch();
    this.fetching = fetching;
    try {
      return await fetching;
    } finally {
      this.fetching = undefined;
    }
  }

  private async fetch(): Promise<ViewSnapshot> {
    // Typing in a tagged document: only that document is read again (from its text), so that the
    // view follows at once; WorkspaceTags' own event, a moment later, brings the full picture.
    if (!this.stale && this.last) {
      const edited = this.edited;
      this.edited = new Map();
      if (edited.size === 0) return this.last;
      const documents = this.last.documents.map((doc) => {
        const document = edited.get(doc.uri.toString());
        if (!document) return doc;
        const text = document.getText();
        const path = documentPath(document.uri);
        return { uri: document.uri, path, untitled: document.isUntitled, text, tags: collectTags([{ path, text }]).tags };
      });
      this.last = this.assemble(documents);
      return this.last;
    }
    await this.services.registries.ready;
    this.stale = false;
    this.edited.clear();
    const documents = await this.workspaceTags.documents();
    this.last = this.assemble(documents);
    // Open documents count too: one that gets its first tag is seen by WorkspaceTags' event.
    this.tagged = new Set(documents.map((d) => d.uri.toString()));
    return this.last;
  }

  private assemble(documents: DocumentTags[]): ViewSnapshot {
    const tags: ExportedTag[] = [];
    const uris = new Map<string, vscode.Uri>();
    for (const doc of documents) {
      uris.set(doc.path, doc.uri);
      for (const tag of doc.tags) tags.push(tag);
    }
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
