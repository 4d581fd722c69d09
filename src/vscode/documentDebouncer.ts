// Per-document debouncing of work that follows typing: each document has at most one pending run.

import type * as vscode from 'vscode';

export class DocumentDebouncer implements vscode.Disposable {
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly documents = new Map<string, vscode.TextDocument>();

  constructor(
    private readonly delayMs: number,
    private readonly action: (document: vscode.TextDocument) => void,
  ) {}

  /** Runs the action for `document` once no call for it came for `delayMs`. */
  schedule(document: vscode.TextDocument): void {
    this.cancel(document.uri);
    const key = document.uri.toString();
    this.documents.set(key, document);
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        this.documents.delete(key);
        this.action(document);
      }, this.delayMs),
    );
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
