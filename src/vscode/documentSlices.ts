// Per-document work for many documents at once — after a registry change, every open document's
// diagnostics and name hints — run in slices of a few milliseconds, visible documents first. In
// one task it held the extension host for 400 ms with 20 editors open (bench:editor), and every
// hover, highlight and command waited behind it.

import vscode = require('vscode');

/** How long one slice may run before it yields to other tasks. */
const SLICE_MS = 8;

export class DocumentSlices implements vscode.Disposable {
  /** The documents still to run, in order (a Map keeps insertion order). */
  private readonly pending = new Map<string, vscode.TextDocument>();
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly action: (document: vscode.TextDocument) => void) {}

  /** Runs the action for each of `documents` soon, visible ones first; a document already waiting runs once. */
  runAll(documents: readonly vscode.TextDocument[]): void {
    const visible = new Set(vscode.window.visibleTextEditors.map((e) => e.document));
    for (const document of documents) if (visible.has(document)) this.add(document);
    for (const document of documents) if (!visible.has(document)) this.add(document);
    this.timer ??= setTimeout(() => this.runSlice(), 0);
  }

  /** Drops the pending run of `uri` (its document closed). */
  cancel(uri: vscode.Uri): void {
    this.pending.delete(uri.toString());
  }

  private add(document: vscode.TextDocument): void {
    const key = document.uri.toString();
    if (!this.pending.has(key)) this.pending.set(key, document);
  }

  private runSlice(): void {
    this.timer = undefined;
    const started = Date.now();
    for (const [key, document] of this.pending) {
      this.pending.delete(key);
      if (!document.isClosed) this.action(document);
      if (Date.now() - started >= SLICE_MS) break;
    }
    if (this.pending.size > 0) this.timer = setTimeout(() => this.runSlice(), 0);
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.pending.clear();
  }
}
