// Per-document debouncing of work that follows typing: each document has at most one pending run.
// Also for the work an opened document needs (diagnostics, its tags): it waits for its editor's
// first highlights (scheduleOpened, then shown from the visible-editors event).

import vscode = require('vscode');

/** How long the work for a document opened without an editor (yet) waits: its editor may follow. */
const OPENED_UNSHOWN_DELAY_MS = 1000;

function isShown(document: vscode.TextDocument): boolean {
  return vscode.window.visibleTextEditors.some((e) => e.document === document);
}

export class DocumentDebouncer implements vscode.Disposable {
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly documents = new Map<string, vscode.TextDocument>();

  constructor(
    private readonly delayMs: number,
    private readonly action: (document: vscode.TextDocument) => void,
  ) {}

  /** Runs the action for `document` once no call for it came for `delayMs`. */
  schedule(document: vscode.TextDocument, delayMs = this.delayMs): void {
    this.cancel(document.uri);
    const key = document.uri.toString();
    this.documents.set(key, document);
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        this.documents.delete(key);
        this.action(document);
      }, delayMs),
    );
  }

  /**
   * For an opened document: the usual delay when it is shown, longer when it is not (yet). An
   * editor opened after its document would otherwise find this work in its way.
   */
  scheduleOpened(document: vscode.TextDocument): void {
    this.schedule(document, isShown(document) ? this.delayMs : OPENED_UNSHOWN_DELAY_MS);
  }

  /** The documents just shown: their pending work runs after the usual delay from now. */
  shown(editors: readonly vscode.TextEditor[]): void {
    for (const editor of editors) if (this.timers.has(editor.document.uri.toString())) this.schedule(editor.document);
  }

  /** Runs every pending action now (for readers that must see the latest text). */
  flush(): void {
    const pending = [...this.timers.keys()];
    for (const key of pending) {
      const timer = this.timers.get(key);
      clearTimeout(timer);
      this.timers.delete(key);
      const document = this.documents.get(key);
      if (document) this.action(document);
    }
  }

  cancel(uri: vscode.Uri): void {
    const key = uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
    this.documents.delete(key);
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    this.documents.clear();
  }
}
