// Finds, reads and watches the registry files of the workspace and keeps one `Registry` current.
// Files are read only through `vscode.workspace.fs` (so the extension also runs on vscode.dev);
// an open registry document's unsaved text wins over the file on disk, so edits show at once.

import vscode = require('vscode');
import { Registry, RegistryStore } from '../core/registry';
import { isExcludedPath, matchesAnyGlob } from '../core/glob';
import { isGoneByLook } from '../core/folderLook';
import { sortSteps } from '../core/steps';
import type { CoreDiagnostic } from '../core/types';
import { registryGlobs } from './config';
import { toVsDiagnostic } from './convert';
import { SliceClock, runInSlices } from './slices';
import { WORKSPACE_EXCLUDE, decodeText } from './workspaceFiles';
import { withYamlLibrary } from './yamlLibrary';

type FileRead = { text: string } | 'missing' | 'failed' | { refused: string };
const REBUILD_DELAY_MS = 120;
/**
 * Registry files larger than this are not read (a registry of 200,000 entities is about 40 MB):
 * a repository can hold a file of gigabytes, and reading it would stall the extension host.
 */
export const MAX_REGISTRY_FILE_BYTES = 64 * 1024 * 1024;
/** File events are gathered this long and read together, at most READ_CONCURRENCY at a time: a branch switch reports thousands at once. */
const EVENT_BATCH_MS = 50;
const READ_CONCURRENCY = 64;
/**
 * A batch of this many file events is a burst (a checkout, a clone): the watcher drops events of
 * such bursts (measured: 1,029 of 20,000 created files went unreported), so the folders of a
 * burst are looked in again once the bursts stop (rediscoverSoon).
 */
const BURST_EVENTS = 100;
/**
 * After a registry file or folder is deleted, the registry files are searched for again this
 * long after (each delay counted from the last delete): a branch switch deletes a folder and
 * writes it anew at once, and the file watcher can miss files created in a folder it has just
 * seen go (seen in CI: the files came back without an event).
 */
const REDISCOVER_AFTER_DELETE_MS = [500, 3000];
/** File names a URI keeps as they are (no percent-encoding). */
const PLAIN_NAME = /^[A-Za-z0-9._~-]+$/;
/** The longest wait between two builds while files keep changing (see runBuilds). */
const BUILD_PAUSE_MAX_MS = 5000;
/**
 * Registry files a search (findFiles) finds at most at start-up and on Reload Registry: a registry
 * of more is found by listing the workspace's folders (see discover).
 */
export const SEARCH_LIMIT = 2000;
/** Files read at once by `reload` (in parallel), then added in path order. */
const RELOAD_CHUNK = 256;
/** The registry before the first build is complete, made on first use (its tables cost at start-up). */
let emptyRegistry: Registry | undefined;

/** What was published for a registry file: the registry's list and the refusal shown with it. */
interface Published {
  list: readonly CoreDiagnostic[];
  refused: vscode.Diagnostic | undefined;
}

export class RegistryService implements vscode.Disposable {
  private readonly store = new RegistryStore();
  /** The last registry built (see `registry`). */
  private current: Registry | undefined;
  private loaded = false;
  private readonly diagnostics = vscode.languages.createDiagnosticCollection('analystMarkup.registry');
  private readonly changeEmitter = new vscode.EventEmitter<Registry>();
  private readonly disposables: vscode.Disposable[] = [];
  private watchers: vscode.Disposable[] = [];
  private globs: string[] = [];
  private rebuildTimer: ReturnType<typeof setTimeout> | undefined;
  private rediscoverTimers: ReturnType<typeof setTimeout>[] = [];
  /** Folders to look in again for files the watcher missed, by URI (see rediscoverSoon). */
  private readonly rediscoverFolders = new Map<string, { folder: vscode.Uri; deep: boolean }>();
  private rediscovering = false;
  /** When the last look (rediscover) ended and how long it took, in ms (see rediscoverSoon). */
  private lastLookEnded = -Infinity;
  private lastLookMs = 0;
  private rediscoverAgain: Array<{ folder: vscode.Uri; deep: boolean }> | undefined;
  private pendingReads = new Map<string, Promise<void>>();
  private readonly readyPromise: Promise<void>;
  /** What each registry file's diagnostics are now: only the files whose diagnostics changed are sent again. */
  private published = new Map<string, Published>();
  /** Builds asked for and done (counted): a build runs in slices, and one runs at a time. */
  private buildsRequested = 0;
  private buildsDone = 0;
  private buildLoop: Promise<void> | undefined;
  private disposed = false;
  /** Open documents by URI (`workspace.textDocuments` makes a new array at each call: a branch switch reads 10,000 files). */
  private openDocuments: Map<string, vscode.TextDocument> | undefined;
  /**
   * Per file, the latest text handed to `setText` while it waits for the yaml library: a text that
   * waited must not overwrite a newer one, nor bring back a file deleted meanwhile (no entry).
   */
  private readonly latestText = new Map<string, number>();
  private texts = 0;
  /** Files not read (too large, not a regular file): their diagnostic, shown beside the registry's. */
  private readonly refused = new Map<string, vscode.Diagnostic>();
  /** File events waiting for the next batch. */
  private pendingEvents = new Map<string, vscode.Uri>();
  private eventTimer: ReturnType<typeof setTimeout> | undefined;
  /** Deleted paths (files or folders) waiting for the next batch. */
  private pendingDeletes = new Set<string>();
  private deleteTimer: ReturnType<typeof setTimeout> | undefined;

  /** Fires after every rebuild with the new registry. */
  readonly onDidChange = this.changeEmitter.event;

  constructor(private readonly log: vscode.LogOutputChannel) {
    this.disposables.push(
      this.diagnostics,
      this.changeEmitter,
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length > 0 && this.isRegistryDocument(e.document)) this.readDocument(e.document);
      }),
      vscode.workspace.onDidOpenTextDocument((d) => {
        this.openDocuments = undefined;
        if (this.isRegistryDocument(d) && d.isDirty) this.readDocument(d);
      }),
      // A closed, unsaved buffer no longer counts: fall back to the file on disk.
      vscode.workspace.onDidCloseTextDocument((d) => {
        this.openDocuments = undefined;
        if (this.isRegistryDocument(d)) void this.readFromDisk(d.uri);
      }),
      vscode.workspace.onDidChangeWorkspaceFolders(() => void this.reload()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('analystMarkup.registry.files')) void this.reload();
      }),
    );
    // Started after activate() returns: the reads are asynchronous anyway, and finding the
    // files (settings, watchers, searches) need not hold up the extension host's start.
    this.readyPromise = new Promise<void>((resolve) => setTimeout(resolve, 0)).then(() => this.reload());
  }

  /** The registry last built: a build in progress (in slices) is not seen until it is complete. */
  get registry(): Registry {
    return this.current ?? (emptyRegistry ??= new RegistryStore().build());
  }

  /** Whether the registry files found at start-up have been read (before that, nothing to highlight). */
  get isLoaded(): boolean {
    return this.loaded;
  }

  /** Resolves once the registry files found at start-up have been read. */
  get ready(): Promise<void> {
    return this.readyPromise;
  }

  /** Rediscovers every registry file and reads them all again. */
  async reload(): Promise<void> {
    this.globs = registryGlobs();
    this.watch();
    const found = await this.discover();
    // In slices: a registry can have 200,000 files (and `await` of what is done never yields).
    const clock = new SliceClock();
    const known = new Set<string>();
    for (const uri of found) {
      known.add(uri.toString());
      if (clock.due()) await clock.pause();
    }
    for (const uri of this.store.fileUris()) {
      if (clock.due()) await clock.pause();
      if (known.has(uri)) continue;
      this.forget(uri);
    }
    // Read in parallel, but add in path order: precedence between duplicate ids is deterministic.
    for (let start = 0; start < found.length; start += RELOAD_CHUNK) {
      const chunk = found.slice(start, start + RELOAD_CHUNK);
      const reads = await Promise.all(chunk.map((uri) => this.currentText(uri)));
      for (let i = 0; i < chunk.length; i++) {
        await this.apply(chunk[i].toString(), reads[i]);
        if (clock.due()) await clock.pause();
      }
    }
    await this.rebuildNow();
  }

  private async discover(): Promise<vscode.Uri[]> {
    const workspaceFolders = vscode.workspace.workspaceFolders ?? [];
    if (workspaceFolders.length === 0) return [];
    const results = await Promise.all(
      this.globs.map((glob) =>
        Promise.resolve(vscode.workspace.findFiles(glob, WORKSPACE_EXCLUDE, SEARCH_LIMIT)).catch((error: unknown) => {
          this.log.warn(`Registry glob ${glob} could not be searched: ${String(error)}`);
          return [] as vscode.Uri[];
        }),
      ),
    );
    let found: vscode.Uri[];
    if (results.some((list) => list.length >= SEARCH_LIMIT)) {
      // A search's reply is one message: for 200,000 files, 20 MB that held the extension host
      // for a second. Listings of the folders, one at a time, are smaller tasks.
      const started = Date.now();
      found = await this.walkForRegistryFiles(workspaceFolders);
      this.log.info(`Registry: more than ${SEARCH_LIMIT} files, found ${found.length} by listing the workspace's folders in ${Date.now() - started} ms`);
    } else {
      const seen = new Map<string, vscode.Uri>();
      for (const list of results) for (const uri of list) seen.set(uri.toString(), uri);
      found = [...seen.values()];
    }
    // The order of `localeCompare` (Intl.Collator's, the same), sorted in slices: 200,000 paths take half a second.
    const collator = new Intl.Collator();
    return runInSlices(sortSteps(found, (a, b) => collator.compare(a.toString(), b.toString())));
  }

  /**
   * Every registry file of the workspace folders, by listing each folder (`node_modules` and
   * `.git` left out; links to folders not followed, so no loops), in slices.
   */
  private async walkForRegistryFiles(workspaceFolders: readonly vscode.WorkspaceFolder[]): Promise<vscode.Uri[]> {
    const seen = new Map<string, vscode.Uri>();
    const clock = new SliceClock();
    for (const workspaceFolder of workspaceFolders) {
      const stack: Array<{ folder: vscode.Uri; relative: string }> = [{ folder: workspaceFolder.uri, relative: '' }];
      while (stack.length > 0 && !this.disposed) {
        const { folder, relative } = stack.pop()!;
        let entries: [string, vscode.FileType][];
        try {
          entries = await vscode.workspace.fs.readDirectory(folder);
        } catch (error) {
          this.log.warn(`Registry: could not list ${folder.toString(true)}: ${String(error)}`);
          continue;
        }
        const folderKey = folderKeyOf(folder);
        for (const [name, type] of entries) {
          if (clock.due()) await clock.pause();
          const path = relative ? `${relative}/${name}` : name;
          if (type === vscode.FileType.Directory) {
            if (name !== 'node_modules' && name !== '.git') stack.push({ folder: vscode.Uri.joinPath(folder, name), relative: path });
            continue;
          }
          if ((type & vscode.FileType.File) === 0 || !matchesAnyGlob(path, this.globs)) continue;
          const key = fileKeyIn(folder, folderKey, name);
          if (!seen.has(key)) seen.set(key, vscode.Uri.joinPath(folder, name));
        }
      }
    }
    return [...seen.values()];
  }

  private watch(): void {
    for (const w of this.watchers) w.dispose();
    this.watchers = [];
    for (const glob of this.globs) {
      const watcher = vscode.workspace.createFileSystemWatcher(glob);
      watcher.onDidCreate((uri) => this.onFileEvent(uri));
      watcher.onDidChange((uri) => this.onFileEvent(uri));
      watcher.onDidDelete((uri) => this.onFileDeleted(uri));
      this.watchers.push(watcher);
    }
    // A deleted folder (`git checkout` of a branch without it) is reported as one event for the
    // folder: drop every registry file below it.
    const folderWatcher = vscode.workspace.createFileSystemWatcher('**/*', false, true, false);
    folderWatcher.onDidDelete((uri) => this.onFileDeleted(uri));
    // A created folder (a checkout, a clone into the workspace) may bring thousands of registry
    // files at once, and the watcher can drop events of such a burst: search again once it is quiet.
    folderWatcher.onDidCreate((uri) => {
      if (isExcluded(uri) || this.isRegistryUri(uri)) return;
      this.rediscoverIn(uri, true); // a folder, or some other file (then there is nothing to look in)
      this.rediscoverSoon();
    });
    this.watchers.push(folderWatcher);
  }

  private onFileEvent(uri: vscode.Uri): void {
    if (isExcluded(uri)) return;
    if (this.openDocument(uri.toString())?.isDirty) return; // the editor's text is newer than the file
    this.queueRead(uri);
  }

  private openDocument(key: string): vscode.TextDocument | undefined {
    if (!this.openDocuments) {
      this.openDocuments = new Map();
      for (const document of vscode.workspace.textDocuments) this.openDocuments.set(document.uri.toString(), document);
    }
    return this.openDocuments.get(key);
  }

  /** Gathers file events into one batch of reads and one rebuild (see EVENT_BATCH_MS). */
  private queueRead(uri: vscode.Uri): void {
    this.pendingEvents.set(uri.toString(), uri);
    this.eventTimer ??= setTimeout(() => {
      this.eventTimer = undefined;
      const batch = [...this.pendingEvents.values()];
      this.pendingEvents = new Map();
      this.readThenRebuild(batch);
      if (batch.length < BURST_EVENTS) return;
      // The watcher may have dropped events of this burst: look again in the folders it came from.
      const folders = new Set<string>();
      for (const uri of batch) {
        const key = uri.toString();
        const parent = key.slice(0, key.lastIndexOf('/'));
        if (folders.has(parent)) continue;
        folders.add(parent);
        this.rediscoverIn(vscode.Uri.joinPath(uri, '..'), false);
      }
      this.rediscoverSoon();
    }, EVENT_BATCH_MS);
  }

  private onFileDeleted(uri: vscode.Uri): void {
    // Gathered like the other events: a branch switch deletes thousands of files, and matching
    // each delete against every known file (as before) was quadratic.
    this.pendingDeletes.add(uri.toString());
    this.deleteTimer ??= setTimeout(() => void this.readDeleted(), EVENT_BATCH_MS);
  }

  private async readDeleted(): Promise<void> {
    this.deleteTimer = undefined;
    const deleted = this.pendingDeletes;
    this.pendingDeletes = new Set();
    // Read each file at or below a deleted path again rather than forget it: a delete event can
    // arrive after the file came back (a branch switch deletes a folder and writes it anew), and
    // the read, chained with the file's other reads, says what is on disk now.
    const affected: vscode.Uri[] = [];
    const clock = new SliceClock();
    // A deleted registry file is found at once; only a path that is not one (a folder, maybe)
    // needs a pass over every file (a checkout deleting 200,000 files reports them in hundreds of
    // batches, and a pass each took minutes).
    let maybeFolder = false;
    for (const key of deleted) {
      if (clock.due()) await clock.pause();
      if (this.store.has(key)) affected.push(vscode.Uri.parse(key));
      else maybeFolder = true;
    }
    if (maybeFolder) {
      for (const known of this.store.fileUris()) {
        if (clock.due()) await clock.pause();
        for (let at = known.lastIndexOf('/'); at > 0; at = known.lastIndexOf('/', at - 1)) {
          if (deleted.has(known.slice(0, at))) {
            affected.push(vscode.Uri.parse(known));
            break;
          }
        }
      }
    }
    if (affected.length === 0) return;
    this.readThenRebuild(affected);
    // A deleted path may come back (a branch switch), as a file or as a folder of files.
    for (const key of deleted) {
      if (clock.due()) await clock.pause();
      const uri = vscode.Uri.parse(key);
      this.rediscoverIn(vscode.Uri.joinPath(uri, '..'), false);
      this.rediscoverIn(uri, true);
    }
    this.rediscoverSoon();
  }

  /** Notes a folder to look in again for registry files (below it too if `deep`): see rediscoverSoon. */
  private rediscoverIn(folder: vscode.Uri, deep: boolean): void {
    const key = folder.toString();
    const known = this.rediscoverFolders.get(key);
    if (!known || (deep && !known.deep)) this.rediscoverFolders.set(key, { folder, deep });
  }

  /**
   * Looks again, a little later (REDISCOVER_AFTER_DELETE_MS), in the folders noted by
   * `rediscoverIn` for registry files the registry lacks. Only there: a search of the whole
   * workspace (findFiles) of a registry of 200,000 files arrives as one message of 20 MB, and
   * reading it held the extension host for 2 s (issue 15).
   */
  private rediscoverSoon(): void {
    for (const timer of this.rediscoverTimers) clearTimeout(timer);
    this.rediscoverTimers = REDISCOVER_AFTER_DELETE_MS.map((delay, index) =>
      setTimeout(() => {
        const last = index === REDISCOVER_AFTER_DELETE_MS.length - 1;
        // While a checkout goes on, bursts keep coming and a look at a folder of 200,000 files
        // takes seconds of slices: an early look waits until the last one is four times its
        // length ago. The last look after the bursts stop always runs (it clears the folders).
        if (!last && performance.now() - this.lastLookEnded < 4 * this.lastLookMs) return;
        const folders = [...this.rediscoverFolders.values()];
        if (last) this.rediscoverFolders.clear();
        // One look at a time (a folder of 200,000 files takes seconds in slices); one more after it if asked meanwhile.
        if (this.rediscovering) this.rediscoverAgain = folders;
        else void this.rediscoverAll(folders);
      }, delay),
    );
  }

  private async rediscoverAll(folders: Array<{ folder: vscode.Uri; deep: boolean }>): Promise<void> {
    this.rediscovering = true;
    try {
      for (let next: typeof folders | undefined = folders; next && !this.disposed;) {
        this.rediscoverAgain = undefined;
        const started = performance.now();
        await this.rediscover(next);
        this.lastLookEnded = performance.now();
        this.lastLookMs = this.lastLookEnded - started;
        next = this.rediscoverAgain;
      }
    } catch (error) {
      this.log.error(`Looking for registry files failed: ${String(error)}`);
    } finally {
      this.rediscovering = false;
    }
  }

  private async rediscover(folders: Array<{ folder: vscode.Uri; deep: boolean }>): Promise<void> {
    // Files the registry lacks (those it has follow their own events), and files it has that are
    // gone: the watcher drops events of a burst, deletes too (a branch switch without the folder).
    const missing: vscode.Uri[] = [];
    /** Folders listed in full (their keys), the files listed in them, and noted paths that are gone. */
    const listedFolders = new Set<string>();
    const listedFiles = new Set<string>();
    const gonePaths = new Set<string>();
    // A noted path whose folder is noted too is seen in that folder's listing, not asked for on
    // its own: a branch switch notes each of thousands of deleted files, and one `stat` after the
    // other took a minute for 20,000 of them.
    const clock = new SliceClock();
    const noted = new Map<string, boolean>();
    for (const { folder, deep } of folders) {
      if (clock.due()) await clock.pause();
      const key = folderKeyOf(folder);
      noted.set(key, deep || noted.get(key) === true);
    }
    const notedBelow = new Map<string, string[]>();
    const stack: Array<{ folder: vscode.Uri; deep: boolean; isFolder: boolean }> = [];
    for (const { folder } of folders) {
      if (clock.due()) await clock.pause();
      const key = folderKeyOf(folder);
      const parent = key.slice(0, key.lastIndexOf('/'));
      if (!noted.has(parent)) {
        stack.push({ folder, deep: noted.get(key)!, isFolder: false });
      } else {
        const siblings = notedBelow.get(parent);
        if (siblings) siblings.push(key);
        else notedBelow.set(parent, [key]);
      }
    }
    // Only files known before the listings can be gone by them: one read from an event meanwhile
    // (a checkout goes on while the look lists) is not in a listing made before it.
    const knownBefore = this.store.fileUris();
    const started = new Set<string>();
    while (stack.length > 0 && !this.disposed) {
      const { folder, deep, isFolder } = stack.pop()!;
      if (isExcluded(folder)) continue;
      const folderKey = folderKeyOf(folder);
      if (started.has(folderKey)) continue;
      started.add(folderKey);
      let entries: [string, vscode.FileType][];
      try {
        // Asked first for a path noted on its own: most are files (a deleted file's path, a created text).
        if (!isFolder && (await vscode.workspace.fs.stat(folder)).type !== vscode.FileType.Directory) {
          // Not a folder (now): the paths noted below it are looked at on their own.
          for (const key of notedBelow.get(folderKey) ?? []) stack.push({ folder: vscode.Uri.parse(key), deep: noted.get(key)!, isFolder: false });
          continue;
        }
        entries = await vscode.workspace.fs.readDirectory(folder);
      } catch {
        gonePaths.add(folderKey); // gone again, with whatever was below it
        continue;
      }
      listedFolders.add(folderKey);
      const listedHere = new Set<string>();
      for (const [name, type] of entries) {
        if (clock.due()) await clock.pause();
        const key = fileKeyIn(folder, folderKey, name);
        if (notedBelow.has(folderKey)) listedHere.add(key);
        // Links to folders are not followed (no loops).
        if (type === vscode.FileType.Directory) {
          const notedDeep = noted.get(key);
          if (deep || notedDeep !== undefined) stack.push({ folder: vscode.Uri.joinPath(folder, name), deep: deep || notedDeep === true, isFolder: true });
          continue;
        }
        if ((type & vscode.FileType.File) === 0) continue;
        listedFiles.add(key);
        if (this.store.has(key)) continue;
        const child = vscode.Uri.joinPath(folder, name);
        if (this.isRegistryUri(child)) missing.push(child);
      }
      for (const key of notedBelow.get(folderKey) ?? []) {
        if (clock.due()) await clock.pause();
        if (!listedHere.has(key)) gonePaths.add(key);
      }
    }
    if (this.disposed) return;
    // Read again rather than dropped: the read says what is on disk now (it may be back already).
    const look = { listedFolders, listedFiles, gonePaths };
    for (const key of knownBefore) {
      if (clock.due()) await clock.pause();
      if (isGoneByLook(key, look)) missing.push(vscode.Uri.parse(key));
    }
    if (missing.length > 0) this.readThenRebuild(missing);
  }

  isRegistryUri(uri: vscode.Uri): boolean {
    if (this.store.has(uri.toString())) return true;
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    if (!folder || isExcluded(uri)) return false;
    const relative = uri.path.slice(folder.uri.path.replace(/\/$/, '').length + 1);
    return matchesAnyGlob(relative, this.globs);
  }

  private isRegistryDocument(document: vscode.TextDocument): boolean {
    return document.uri.scheme !== 'git' && this.isRegistryUri(document.uri);
  }

  private readDocument(document: vscode.TextDocument): void {
    void this.setText(document.uri.toString(), document.getText()).then(() => this.scheduleRebuild());
  }

  /** Reads the files from disk (or their unsaved editors), at most READ_CONCURRENCY at once, then rebuilds. */
  private readThenRebuild(uris: readonly vscode.Uri[]): void {
    let next = 0;
    // Reads that complete together are handled in one turn of the event loop: a pause once the
    // slice is used up lets the rest wait for the next.
    const clock = new SliceClock();
    const worker = async (): Promise<void> => {
      while (next < uris.length) {
        await this.readFromDisk(uris[next++]);
        if (clock.due()) await clock.pause();
      }
    };
    void Promise.all(Array.from({ length: Math.min(READ_CONCURRENCY, uris.length) }, worker)).then(() => this.scheduleRebuild());
  }

  private readFromDisk(uri: vscode.Uri): Promise<void> {
    const key = uri.toString();
    // Reads of one file are chained so a slow old read never overwrites a newer one.
    const previous = this.pendingReads.get(key) ?? Promise.resolve();
    const next = previous.then(async () => this.apply(key, await this.currentText(uri)));
    this.pendingReads.set(key, next);
    void next.then(() => {
      if (this.pendingReads.get(key) === next) this.pendingReads.delete(key);
    });
    return next;
  }

  /** The file's text: an open editor's unsaved text wins over the file on disk. */
  private async currentText(uri: vscode.Uri): Promise<FileRead> {
    const key = uri.toString();
    const open = this.openDocument(key);
    if (open?.isDirty && !open.isClosed) return { text: open.getText() };
    try {
      // What a repository can hold instead of a registry: a huge file, a device or a FIFO behind a
      // link (endless, or a read that never returns), a link out of the workspace.
      const { type, size } = await vscode.workspace.fs.stat(uri);
      if ((type & vscode.FileType.File) === 0) return { refused: 'not a regular file: not read as a registry file.' };
      if ((type & vscode.FileType.SymbolicLink) !== 0 && !vscode.workspace.isTrusted) {
        return { refused: 'a symbolic link, not followed in Restricted Mode (it may lead out of the workspace): trust the workspace to read it.' };
      }
      if (size > MAX_REGISTRY_FILE_BYTES) {
        return {
          refused: `${Math.round(size / (1024 * 1024))} MB, more than the ${MAX_REGISTRY_FILE_BYTES / (1024 * 1024)} MB a registry file may have: not read. Split it (one file per entity).`,
        };
      }
      return { text: decodeText(await vscode.workspace.fs.readFile(uri)) };
    } catch (error) {
      if (error instanceof vscode.FileSystemError && error.code === 'FileNotFound') return 'missing';
      this.log.error(`Could not read registry file ${uri.toString(true)}: ${String(error)}`);
      return 'failed';
    }
  }

  private async apply(key: string, read: FileRead): Promise<void> {
    if (typeof read === 'object' && 'refused' in read) {
      this.log.warn(`Registry file ${key}: ${read.refused}`);
      const diagnostic = new vscode.Diagnostic(new vscode.Range(0, 0, 0, 0), `Analyst Markup: this file is ${read.refused}`, vscode.DiagnosticSeverity.Error);
      diagnostic.source = 'registry';
      diagnostic.code = 'file-refused';
      this.refused.set(key, diagnostic);
      this.forget(key);
      return;
    }
    this.refused.delete(key);
    if (read === 'missing') this.forget(key);
    else if (read !== 'failed') await this.setText(key, read.text); // a failed read keeps what we had
  }

  /** Drops a file from the store; a text of it still waiting for the yaml library is not used (see setText). */
  private forget(key: string): void {
    this.latestText.delete(key);
    this.store.deleteFile(key);
  }

  /**
   * Parses a file's text into the store. A file outside the fast reader's subset needs the yaml
   * library, which the web build loads on first use: the text is then parsed once it is there,
   * unless a newer text of the file came in meanwhile.
   */
  private async setText(key: string, text: string): Promise<void> {
    const mine = ++this.texts;
    this.latestText.set(key, mine);
    try {
      await withYamlLibrary(() => {
        if (this.latestText.get(key) !== mine) return;
        this.store.setFile(key, text);
        // Only texts still waiting are kept: a registry of 200,000 files would keep every key.
        this.latestText.delete(key);
      });
    } catch (error) {
      this.log.error(`Could not read registry file ${key}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private scheduleRebuild(): void {
    if (this.rebuildTimer) clearTimeout(this.rebuildTimer);
    this.rebuildTimer = setTimeout(() => {
      this.rebuildTimer = undefined;
      void this.rebuildNow();
    }, REBUILD_DELAY_MS);
  }

  /**
   * Builds the registry from the files as they are now; resolves once that registry (or a later
   * one) is in force. One build runs at a time, in slices; changes meanwhile get a build after it.
   */
  private async rebuildNow(): Promise<void> {
    const wanted = ++this.buildsRequested;
    while (this.buildsDone < wanted && !this.disposed) await (this.buildLoop ??= this.runBuilds());
  }

  private async runBuilds(): Promise<void> {
    try {
      while (this.buildsDone < this.buildsRequested && !this.disposed) {
        const target = this.buildsRequested;
        const started = Date.now();
        try {
          await this.buildOnce();
        } catch (error) {
          this.log.error(`Registry build failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
        }
        this.buildsDone = target;
        // While files keep changing (a checkout of 200,000 files takes minutes), builds of seconds
        // back to back would take most of the thread, and the reads would take longer still: the
        // next build waits as long as this one took (at most BUILD_PAUSE_MAX_MS). Small registries
        // build in milliseconds and hardly wait.
        if (this.buildsDone < this.buildsRequested) await new Promise((resolve) => setTimeout(resolve, Math.min(Date.now() - started, BUILD_PAUSE_MAX_MS)));
      }
    } finally {
      this.buildLoop = undefined;
    }
  }

  /** One build in slices; the registry before it stays in force until it is complete. */
  private async buildOnce(): Promise<void> {
    const started = Date.now();
    const registry = await runInSlices(this.store.buildSteps());
    if (this.disposed) return;
    this.current = registry;
    this.loaded = true;
    const built = Date.now();
    await this.publishDiagnostics(registry);
    if (this.disposed) return;
    this.log.info(
      `Registry: ${registry.entities.size} entities from ${registry.files.length} file(s), ` +
        `${registry.errorCount} error(s), ${registry.warningCount} warning(s), built in ${built - started} ms (in slices), diagnostics in ${Date.now() - built} ms`,
    );
    this.changeEmitter.fire(registry);
  }

  /** Sends the diagnostics of the files whose diagnostics changed since the last build, in slices. */
  private async publishDiagnostics(registry: Registry): Promise<void> {
    const next = new Map<string, Published>();
    let batch: Array<[vscode.Uri, vscode.Diagnostic[] | undefined]> = [];
    const clock = new SliceClock();
    const pause = async (): Promise<void> => {
      if (!clock.due()) return;
      if (batch.length > 0) this.diagnostics.set(batch);
      batch = [];
      await clock.pause();
    };
    const publish = (file: string, list: readonly CoreDiagnostic[], refused: vscode.Diagnostic | undefined): void => {
      next.set(file, { list, refused });
      const before = this.published.get(file);
      if (before && before.refused === refused && sameDiagnostics(before.list, list)) return;
      batch.push([vscode.Uri.parse(file), [...(refused ? [refused] : []), ...list.map((d) => toVsDiagnostic(d, 'registry'))]]);
    };
    for (const [file, list] of registry.diagnostics) {
      const refused = this.refused.get(file);
      // A file without problems has nothing to show (most files of a large registry): not sent.
      if (list.length > 0 || refused) publish(file, list, refused);
      await pause();
    }
    for (const [file, diagnostic] of this.refused) {
      if (!next.has(file)) publish(file, [], diagnostic);
      await pause();
    }
    for (const file of this.published.keys()) {
      if (!next.has(file)) batch.push([vscode.Uri.parse(file), undefined]);
      await pause();
    }
    if (batch.length > 0 && !this.disposed) this.diagnostics.set(batch);
    this.published = next;
  }

  dispose(): void {
    this.disposed = true;
    if (this.rebuildTimer) clearTimeout(this.rebuildTimer);
    if (this.eventTimer) clearTimeout(this.eventTimer);
    if (this.deleteTimer) clearTimeout(this.deleteTimer);
    for (const timer of this.rediscoverTimers) clearTimeout(timer);
    for (const w of this.watchers) w.dispose();
    for (const d of this.disposables) d.dispose();
  }
}

/** The key (URI string) of `name` in `folder`: a name URIs leave as it is needs no URI object (200,000 of them per look). */
function fileKeyIn(folder: vscode.Uri, folderKey: string, name: string): string {
  return PLAIN_NAME.test(name) ? `${folderKey}/${name}` : vscode.Uri.joinPath(folder, name).toString();
}

/** A folder's key: its URI string without a final `/` (the start of its files' keys). */
function folderKeyOf(folder: vscode.Uri): string {
  return folder.toString().replace(/\/$/, '');
}

function isExcluded(uri: vscode.Uri): boolean {
  return isExcludedPath(uri.path);
}

/** Whether two lists of a file's diagnostics say the same (a build makes new lists for cross-file problems). */
function sameDiagnostics(a: readonly CoreDiagnostic[], b: readonly CoreDiagnostic[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (x === y) continue;
    if (x.severity !== y.severity || x.code !== y.code || x.message !== y.message || !sameRange(x.range, y.range)) return false;
    const xr = x.related ?? [];
    const yr = y.related ?? [];
    if (xr.length !== yr.length) return false;
    for (let k = 0; k < xr.length; k++) {
      if (xr[k].file !== yr[k].file || xr[k].message !== yr[k].message || !sameRange(xr[k].range, yr[k].range)) return false;
    }
  }
  return true;
}

function sameRange(a: CoreDiagnostic['range'], b: CoreDiagnostic['range']): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}
