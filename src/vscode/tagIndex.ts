// Every claim/event tag ID of the workspace (SPEC §3: `#id` unique in the workspace): the text
// files of the configured languages on disk, with open documents' unsaved text (untitled buffers
// included) taking the place of their files. One instance per extension, shared by the features
// that need it (markup diagnostics' duplicate check, new IDs of the tagging commands):
//
//   const index = tagIndex(services);
//   await index.ready();                    // the first workspace scan
//   index.ids();                            // every tag ID
//   index.uses('c91x', document.uri);       // where else an ID is used
//   index.all(); index.taggedUris();        // ID → locations; documents/files holding any tag
//   index.onDidChange(() => …);             // some document's or file's tag IDs changed
//
// Files are read only through `vscode.workspace.fs`, kept current by a file watcher (`git pull`,
// branch switches) and re-read only when they change.

import vscode = require('vscode');
import { DocumentDebouncer } from './documentDebouncer';
import { parseMarkup, TagKind, TagSpan } from '../core/markup';
import { LineIndex } from '../core/sourceText';
import { highlightLanguages, isAnalysedDocument } from './config';
import { filesGlob } from './navigation';
import type { Services } from './services';
import { WORKSPACE_EXCLUDE, decodeText } from './workspaceFiles';
import { parsedMarkup } from './markupDocument';

const MAX_FILES = 20000;
const MAX_FILE_BYTES = 4 * 1024 * 1024;
const PARALLEL_READS = 16;
const CHANGE_DEBOUNCE_MS = 200;

/** One tag ID where it is written. */
export interface TagIdLocation {
  uri: vscode.Uri;
  id: string;
  kind?: TagKind;
  /** The `#id`, `#` included. */
  range: vscode.Range;
}

interface Entry {
  uri: vscode.Uri;
  tags: TagIdLocation[];
  /** Tags in the text, with or without an ID. */
  spanCount: number;
  /** A cheap identity of the tag IDs, to tell whether an update changed anything. */
  key: string;
}

/** The tag IDs of a text. */
export function tagIdsOf(uri: vscode.Uri, text: string): TagIdLocation[] {
  return readTags(uri, text).tags;
}

function readTags(uri: vscode.Uri, text: string, parsed?: readonly TagSpan[]): { tags: TagIdLocation[]; spanCount: number } {
  if (text.indexOf(']{') < 0) return { tags: [], spanCount: 0 };
  const out: TagIdLocation[] = [];
  let lines: LineIndex | undefined;
  const spans = parsed ?? parseMarkup(text).spans;
  for (const span of spans) {
    if (span.id === undefined || span.idStart === undefined || span.idEnd === undefined) continue;
    lines ??= new LineIndex(text);
    const r = lines.range(span.idStart - 1, span.idEnd);
    out.push({ uri, id: span.id, kind: span.kind, range: new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character) });
  }
  return { tags: out, spanCount: spans.length };
}

function keyOf(tags: readonly TagIdLocation[], spanCount: number): string {
  return `${spanCount}:${tags.map((t) => `${t.id}@${t.range.start.line}`).join(' ')}`;
}

/** A Map that counts its changes, so that what is derived from it can tell when to redo it. */
class CountingMap<K, V> extends Map<K, V> {
  revision = 0;

  override set(key: K, value: V): this {
    this.revision++;
    return super.set(key, value);
  }

  override delete(key: K): boolean {
    const deleted = super.delete(key);
    if (deleted) this.revision++;
    return deleted;
  }

  override clear(): void {
    this.revision++;
    super.clear();
  }
}

/** Pause in typing after which a changed document's tags are read again. */
const TYPING_DEBOUNCE_MS = 200;

export class TagIndex implements vscode.Disposable {
  /** Files on disk (their saved text), by URI string. */
  private readonly files = new CountingMap<string, Entry>();
  /** Open documents, by URI string: they win over their files. */
  private readonly documents = new CountingMap<string, Entry & { version: number }>();
  /** Every location per tag ID, sorted, as of the maps' revisions (the duplicate check asks per tag). */
  private byId: { revision: string; locations: Map<string, TagIdLocation[]> } | undefined;
  private readonly changeEmitter = new vscode.EventEmitter<void>();
  private readonly disposables: vscode.Disposable[] = [this.changeEmitter];
  private watcher: vscode.FileSystemWatcher | undefined;
  private scan: Promise<void> | undefined;
  private changeTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly typing = new DocumentDebouncer(TYPING_DEBOUNCE_MS, (document) => this.updateDocument(document));
  private glob: string | undefined;

  /** Fires (debounced) when the tag IDs of some document or file changed. */
  readonly onDidChange = this.changeEmitter.event;

  constructor(private readonly services: Services) {
    this.disposables.push(
      // Reading a big document's tags on every keystroke would slow typing: wait for a pause
      // (readers flush the pending reads, so they never see stale IDs).
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length > 0) this.typing.schedule(e.document);
      }),
      this.typing,
      // Read after a pause too (an opened document's highlights go first); readers flush.
      vscode.workspace.onDidOpenTextDocument((d) => this.typing.scheduleOpened(d)),
      vscode.window.onDidChangeVisibleTextEditors((editors) => this.typing.shown(editors)),
      vscode.workspace.onDidCloseTextDocument((d) => {
        this.typing.cancel(d.uri);
        if (this.documents.delete(d.uri.toString())) this.changed();
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('analystMarkup.highlight.languages')) void this.rescan();
      }),
      vscode.workspace.onDidChangeWorkspaceFolders(() => void this.rescan()),
    );
    for (const d of vscode.workspace.textDocuments) this.typing.schedule(d);
  }

  /**
   * Finds and reads the workspace's text files again. For an explicit whole-workspace command
   * (the export): the file watcher can miss files, e.g. in a folder created after start-up (seen in
   * code-server), and an export must not leave a tagged file out.
   */
  async refreshFromDisk(): Promise<void> {
    await this.ready();
    this.scan = this.scanWorkspace();
    await this.scan;
  }

  /** Resolves once the workspace's files have been scanned (starts the scan on first use). */
  ready(): Promise<void> {
    this.scan ??= this.scanWorkspace();
    return this.scan;
  }

  /** Every tag ID of the workspace known so far (see ready()). */
  ids(): Set<string> {
    const out = new Set<string>();
    for (const e of this.entries()) for (const t of e.tags) out.add(t.id);
    return out;
  }

  /** Where `id` is used, except in `exclude` (a document's own URI). */
  uses(id: string, exclude?: vscode.Uri): TagIdLocation[] {
    const skip = exclude?.toString();
    const list = this.locationsById().get(id) ?? [];
    return skip === undefined ? [...list] : list.filter((t) => t.uri.toString() !== skip);
  }

  /** Changes whenever some document's or file's tag IDs may have changed. */
  revision(): string {
    this.typing.flush();
    return `${this.documents.revision}:${this.files.revision}`;
  }

  private locationsById(): Map<string, TagIdLocation[]> {
    const revision = this.revision();
    if (this.byId?.revision === revision) return this.byId.locations;
    const locations = new Map<string, TagIdLocation[]>();
    for (const e of this.entries()) {
      for (const t of e.tags) {
        const list = locations.get(t.id);
        if (list) list.push(t);
        else locations.set(t.id, [t]);
      }
    }
    const uris = new Map<TagIdLocation, string>();
    const uriOf = (t: TagIdLocation) => uris.get(t) ?? (uris.set(t, t.uri.toString()), t.uri.toString());
    for (const list of locations.values()) if (list.length > 1) list.sort((a, b) => uriOf(a).localeCompare(uriOf(b)) || a.range.start.compareTo(b.range.start));
    this.byId = { revision, locations };
    return locations;
  }

  /** Every tag ID with its locations. */
  all(): Map<string, TagIdLocation[]> {
    const out = new Map<string, TagIdLocation[]>();
    for (const e of this.entries()) {
      for (const t of e.tags) {
        const list = out.get(t.id);
        if (list) list.push(t);
        else out.set(t.id, [t]);
      }
    }
    return out;
  }

  /** The documents and files that hold tags (with or without IDs), open documents included. */
  taggedUris(): vscode.Uri[] {
    const out: vscode.Uri[] = [];
    for (const e of this.entries()) if (e.spanCount > 0) out.push(e.uri);
    return out;
  }

  private *entries(): Iterable<Entry> {
    this.typing.flush();
    for (const e of this.documents.values()) yield e;
    for (const [key, e] of this.files) if (!this.documents.has(key)) yield e;
  }

  private counts(document: vscode.TextDocument): boolean {
    if (!isAnalysedDocument(document)) return false;
    if (document.uri.scheme !== 'untitled' && document.uri.scheme !== 'file' && !vscode.workspace.getWorkspaceFolder(document.uri)) return false;
    return !this.services.registries.isRegistryUri(document.uri);
  }

  private updateDocument(document: vscode.TextDocument, notify = true): void {
    const key = document.uri.toString();
    if (!this.counts(document)) {
      if (this.documents.delete(key) && notify) this.changed();
      return;
    }
    const previous = this.documents.get(key);
    if (previous && previous.version === document.version) return;
    let read: { tags: TagIdLocation[]; spanCount: number } = { tags: [], spanCount: 0 };
    try {
      read = readTags(document.uri, document.getText(), parsedMarkup(document).spans);
    } catch (error) {
      this.services.log.warn(`Tag index: could not read ${document.uri.toString(true)}: ${String(error)}`);
    }
    const entry = { uri: document.uri, ...read, key: keyOf(read.tags, read.spanCount), version: document.version };
    this.documents.set(key, entry);
    const before = previous?.key ?? this.files.get(key)?.key ?? keyOf([], 0);
    if (notify && entry.key !== before) this.changed();
  }

  private changed(): void {
    if (this.changeTimer) clearTimeout(this.changeTimer);
    this.changeTimer = setTimeout(() => {
      this.changeTimer = undefined;
      this.changeEmitter.fire();
    }, CHANGE_DEBOUNCE_MS);
  }

  private async rescan(): Promise<void> {
    this.files.clear();
    for (const d of vscode.workspace.textDocuments) this.updateDocument(d, false);
    this.scan = this.scanWorkspace();
    await this.scan;
  }

  private watch(glob: string | undefined): void {
    if (glob === this.glob && this.watcher) return;
    this.watcher?.dispose();
    this.watcher = undefined;
    this.glob = glob;
    if (!glob) return;
    const watcher = vscode.workspace.createFileSystemWatcher(glob);
    watcher.onDidCreate((uri) => void this.readFile(uri).then((c) => c && this.changed()));
    watcher.onDidChange((uri) => void this.readFile(uri).then((c) => c && this.changed()));
    watcher.onDidDelete((uri) => {
      const prefix = uri.toString();
      let removed = false;
      for (const key of [...this.files.keys()]) {
        if (key === prefix || key.startsWith(`${prefix}/`)) removed = this.files.delete(key) || removed;
      }
      if (removed) this.changed();
    });
    this.watcher = watcher;
  }

  private async scanWorkspace(): Promise<void> {
    const glob = filesGlob(highlightLanguages());
    this.watch(glob);
    if (!glob || !vscode.workspace.workspaceFolders?.length) return;
    try {
      await this.services.registries.ready;
      const uris = await vscode.workspace.findFiles(glob, WORKSPACE_EXCLUDE, MAX_FILES);
      const pending = uris.filter((u) => !this.services.registries.isRegistryUri(u));
      for (let i = 0; i < pending.length; i += PARALLEL_READS) {
        await Promise.all(pending.slice(i, i + PARALLEL_READS).map((u) => this.readFile(u)));
      }
      this.changed();
    } catch (error) {
      this.services.log.warn(`Tag index: the workspace could not be scanned: ${String(error)}`);
    }
  }

  /** Reads one file's tag IDs; true when they changed. */
  private async readFile(uri: vscode.Uri): Promise<boolean> {
    const key = uri.toString();
    const before = this.files.get(key)?.key;
    try {
      if (this.services.registries.isRegistryUri(uri)) return false;
      const stat = await vscode.workspace.fs.stat(uri);
      if (stat.type & vscode.FileType.Directory) return false;
      if (stat.size > MAX_FILE_BYTES) {
        this.files.delete(key);
        return before !== undefined;
      }
      const bytes = await vscode.workspace.fs.readFile(uri);
      const text = decodeText(bytes);
      const read = text.indexOf('\u0000') >= 0 ? { tags: [], spanCount: 0 } : readTags(uri, text);
      const entry = { uri, ...read, key: keyOf(read.tags, read.spanCount) };
      this.files.set(key, entry);
      return entry.key !== (before ?? keyOf([], 0));
    } catch (error) {
      this.services.log.debug(`Tag index: could not read ${uri.toString(true)}: ${String(error)}`);
      const removed = this.files.delete(key);
      return removed;
    }
  }

  dispose(): void {
    if (this.changeTimer) clearTimeout(this.changeTimer);
    this.watcher?.dispose();
    for (const d of this.disposables) d.dispose();
    this.files.clear();
    this.documents.clear();
  }
}

const instances = new WeakMap<vscode.ExtensionContext, TagIndex>();

/** The extension's one TagIndex (created on first use, disposed with the extension). */
export function tagIndex(services: Services): TagIndex {
  let index = instances.get(services.context);
  if (!index) {
    index = new TagIndex(services);
    instances.set(services.context, index);
    services.context.subscriptions.push(index);
  }
  return index;
}
