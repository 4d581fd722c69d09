// Every claim and event of the workspace with its text and attributes, for the Claims & Events
// view and the export command. Built on the shared TagIndex (tagIndex.ts), which knows which
// documents and files hold tags and keeps that current (document changes, file watcher): only
// those are read here, open documents with their unsaved text, files through
// `vscode.workspace.fs`, each parsed again only when it changed.

import vscode = require('vscode');
import { collectTags, ExportedTag } from '../core/exportTags';
import { highlightLanguages, isAnalysedDocument } from './config';
import type { Services } from './services';
import { tagIndex } from './tagIndex';
import { decodeText } from './workspaceFiles';

const REFRESH_DELAY_MS = 250;
/** Files read at once by `documents()`. */
const READ_CONCURRENCY = 16;

export interface DocumentTags {
  uri: vscode.Uri;
  /** Workspace-relative path (with the folder name in a multi-root workspace); an untitled buffer's name. */
  path: string;
  untitled: boolean;
  text: string;
  /** Claims and events in document order (entity names not resolved: see the registry). */
  tags: ExportedTag[];
}

interface CacheEntry {
  stamp: string;
  doc: DocumentTags;
}

/** The range of an exported tag (1-based lines and columns) in VS Code's terms. */
export function tagRange(tag: Pick<ExportedTag, 'line' | 'column' | 'endLine' | 'endColumn'>): vscode.Range {
  return new vscode.Range(tag.line - 1, tag.column - 1, tag.endLine - 1, tag.endColumn - 1);
}

export function documentPath(uri: vscode.Uri): string {
  if (uri.scheme === 'untitled') return uri.path;
  const folders = vscode.workspace.workspaceFolders ?? [];
  return vscode.workspace.getWorkspaceFolder(uri) ? vscode.workspace.asRelativePath(uri, folders.length > 1) : uri.toString(true);
}

export class WorkspaceTags implements vscode.Disposable {
  private readonly cache = new Map<string, CacheEntry>();
  private readonly changeEmitter = new vscode.EventEmitter<void>();
  private readonly disposables: vscode.Disposable[] = [this.changeEmitter];
  private timer: ReturnType<typeof setTimeout> | undefined;

  /** Fires (debounced) when some tag may have changed: its ID, place, text or attributes. */
  readonly onDidChange = this.changeEmitter.event;

  constructor(private readonly services: Services) {
    const index = tagIndex(services);
    this.disposables.push(
      index.onDidChange(() => this.changed()),
      // The index only notices changed IDs; a changed attribute or text counts here.
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length > 0 && isAnalysedDocument(e.document) && this.mayHaveTags(e)) this.changed();
      }),
      vscode.workspace.onDidCloseTextDocument((d) => {
        if (this.cache.delete(d.uri.toString())) this.changed();
      }),
      services.registries.onDidChange(() => this.changed()),
    );
  }

  /** Whether the edited document has tags, or the edit may have made one (a `]{` on the lines it wrote). */
  private mayHaveTags(event: vscode.TextDocumentChangeEvent): boolean {
    const document = event.document;
    if (this.cache.has(document.uri.toString())) return true;
    // Changes are relative to the text before the event: look at each one's lines in the text after it.
    let shift = 0;
    for (const change of [...event.contentChanges].sort((a, b) => a.rangeOffset - b.rangeOffset)) {
      const start = document.positionAt(change.rangeOffset + shift).line;
      const end = document.positionAt(change.rangeOffset + shift + change.text.length).line;
      for (let line = start; line <= end; line++) if (document.lineAt(line).text.indexOf(']{') >= 0) return true;
      shift += change.text.length - change.rangeLength;
    }
    return false;
  }

  private changed(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.changeEmitter.fire();
    }, REFRESH_DELAY_MS);
  }

  /**
   * Every document of the workspace with claims or events, sorted by path: workspace files (an
   * open document's text wins over its file) and open untitled buffers.
   */
  async documents(token?: vscode.CancellationToken): Promise<DocumentTags[]> {
    const index = tagIndex(this.services);
    await index.ready();
    const uris = new Map<string, vscode.Uri>();
    for (const locations of index.all().values()) for (const l of locations) uris.set(l.uri.toString(), l.uri);
    // Tags without an ID are not in the index: open documents are looked at anyway.
    const languages = highlightLanguages();
    for (const d of vscode.workspace.textDocuments) {
      if (!isAnalysedDocument(d, languages) || uris.has(d.uri.toString())) continue;
      if (d.uri.scheme !== 'untitled' && d.uri.scheme !== 'file' && !vscode.workspace.getWorkspaceFolder(d.uri)) continue;
      if (this.services.registries.isRegistryUri(d.uri)) continue;
      if (d.getText().indexOf(']{') >= 0) uris.set(d.uri.toString(), d.uri);
    }
    const out: DocumentTags[] = [];
    for (const key of [...this.cache.keys()]) if (!uris.has(key)) this.cache.delete(key);
    // Several reads at a time: one after the other, the first look at 300 files took 4 s (each a
    // stat and a read through the workbench), before a view could open.
    const pending = [...uris.values()];
    let next = 0;
    const reader = async (): Promise<void> => {
      while (next < pending.length && !token?.isCancellationRequested) {
        const doc = await this.read(pending[next++]);
        if (doc && doc.tags.length > 0) out.push(doc);
      }
    };
    await Promise.all(Array.from({ length: Math.min(READ_CONCURRENCY, pending.length) }, reader));
    return out.sort((a, b) => Number(a.untitled) - Number(b.untitled) || a.path.localeCompare(b.path));
  }

  private async read(uri: vscode.Uri): Promise<DocumentTags | undefined> {
    const key = uri.toString();
    // An open document's text wins when it differs from the file (unsaved, untitled); a closed
    // editor's document lingers in textDocuments for a while, and its file may be gone.
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === key && (d.isDirty || d.isUntitled));
    let stamp: string;
    let text: string | undefined;
    if (open) stamp = `doc:${open.version}`;
    else {
      try {
        const stat = await vscode.workspace.fs.stat(uri);
        stamp = `file:${stat.mtime}:${stat.size}`;
      } catch {
        this.cache.delete(key);
        return undefined;
      }
    }
    const cached = this.cache.get(key);
    if (cached && cached.stamp === stamp) return cached.doc;
    try {
      if (open) text = open.getText();
      else {
        text = decodeText(await vscode.workspace.fs.readFile(uri));
      }
    } catch (error) {
      this.services.log.debug(`Claims & events: could not read ${uri.toString(true)}: ${String(error)}`);
      this.cache.delete(key);
      return undefined;
    }
    const path = documentPath(uri);
    const doc: DocumentTags = { uri, path, untitled: uri.scheme === 'untitled', text, tags: collectTags([{ path, text }]).tags };
    this.cache.set(key, { stamp, doc });
    return doc;
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    for (const d of this.disposables) d.dispose();
    this.cache.clear();
  }
}

const instances = new WeakMap<vscode.ExtensionContext, WorkspaceTags>();

/** The extension's one WorkspaceTags (created on first use, disposed with the extension). */
export function workspaceTags(services: Services): WorkspaceTags {
  let tags = instances.get(services.context);
  if (!tags) {
    tags = new WorkspaceTags(services);
    instances.set(services.context, tags);
    services.context.subscriptions.push(tags);
  }
  return tags;
}
