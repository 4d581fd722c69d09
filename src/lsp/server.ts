// The language server (SPEC §11): the extension's features for any LSP client, on the same core.
// A thin host: the logic is in src/core; this file keeps the registry and the open documents
// current and translates between the core's offsets and the protocol's positions.
//
// Bad input from a client (an unknown or closed document, positions out of range, malformed
// parameters) gets an empty result or a protocol error, never a crash: every handler runs
// inside `guard`, and positions are clamped by the text document.

import {
  CodeAction,
  CodeActionKind,
  CodeActionParams,
  CompletionItem,
  CompletionItemKind,
  CompletionParams,
  Connection,
  Diagnostic,
  DiagnosticSeverity,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  DidChangeWorkspaceFoldersNotification,
  DocumentSymbol,
  ErrorCodes,
  FileChangeType,
  Hover,
  InitializeParams,
  InitializeResult,
  InsertTextFormat,
  Location,
  LSPErrorCodes,
  MarkupKind,
  Position,
  Range,
  ResponseError,
  SemanticTokens,
  SemanticTokensDelta,
  SymbolKind,
  TextDocuments,
  TextDocumentSyncKind,
  TextEdit,
  WorkspaceEdit,
} from 'vscode-languageserver';
import { appendAll } from '../core/arrays';
import { normaliseName } from '../core/charTables';
import { DEFAULT_REGISTRY_FILES } from '../core/defaults';
import { closestEntity, discoverNames, NameCandidate } from '../core/nameDiscovery';
import { addAliasesToText, addEntityToText, RegistryEditResult, suggestEntityId } from '../core/registryEdit';
import { documentEntityCard, registryEntityCard, withoutCodicons } from '../core/entityCard';
import { EntityTargetAt, mentionTargetAt, registryTargetAt, RegistryTarget, registryTargets } from '../core/entityTargets';
import { formatPartialDate } from '../core/dates';
import { isLinkTargetText, linkEdits, mentionAtOffset } from '../core/linking';
import { CONFIDENCE_TERMS, CREDIBILITY, entityIdList, MarkupEdit, NOT_AN_ENTITY, parseMarkup, RELIABILITY, REQUIRED_ATTRIBUTE, TagSpan } from '../core/markup';
import {
  ATTRIBUTE_DESCRIPTIONS,
  AssistContext,
  attributeContextAt,
  attributeNameChoices,
  AttributeContext,
  checkFrontMatterRefs,
  entityValueShape,
  quickFixes,
  registryAssistContext,
  TagDiagnostic,
  tagDiagnostics,
  TagIdUse,
} from '../core/markupAssist';
import { parseRegistryFile, Registry, RegistryStore } from '../core/registry';
import { FIELD_DOCS, FIELDS_BY_LEVEL, fieldSnippet, registryCompletionContext, TYPE_DOCS } from '../core/registryCompletion';
import { resolutionFixes } from '../core/resolutionFixes';
import type { ResolvedMention } from '../core/resolution';
import { LineIndex } from '../core/sourceText';
import { tagCommandEdits } from '../core/tagCommand';
import { tagHoverAt } from '../core/tagHover';
import { TextSelection, untagEdits } from '../core/tagging';
import { ENTITY_TYPES, CoreDiagnostic, Entity, EntityType } from '../core/types';
import { OpenDocument, openDocuments } from './documents';
import {
  findRegistryFiles,
  Folder,
  folderOf,
  isRegistryPath,
  MAX_REGISTRY_FILE_BYTES,
  MAX_TEXT_FILE_BYTES,
  normaliseUri,
  pathToUri,
  readWorkspaceFile,
  relativeToFolders,
  statOf,
  uriToPath,
  walkWorkspace,
} from './files';

/** The semantic token legend: one type per entity type, modifiers for how a mention resolved (SPEC §9). */
export const TOKEN_TYPES: readonly EntityType[] = ENTITY_TYPES;
export const TOKEN_MODIFIERS = ['ambiguous', 'office'] as const;

/** The commands of `workspace/executeCommand` (SPEC §4 IDs). */
export const SERVER_COMMANDS = Object.freeze({
  tagClaim: 'analystMarkup.tagClaim',
  tagEvent: 'analystMarkup.tagEvent',
  untag: 'analystMarkup.untag',
  linkMention: 'analystMarkup.linkMention',
});

/** Language ids of the analysed documents by default (SPEC §6), and the names other editors give them. */
const DEFAULT_LANGUAGES = ['plaintext', 'markdown'];
const LANGUAGE_ALIASES: ReadonlyMap<string, string> = new Map([
  ['text', 'plaintext'],
  ['txt', 'plaintext'],
  ['plain', 'plaintext'],
  ['md', 'markdown'],
  ['gfm', 'markdown'],
  ['pandoc', 'markdown'],
]);
/** File name extensions per language id, to find the workspace's texts on disk. */
const LANGUAGE_EXTENSIONS: ReadonlyMap<string, readonly string[]> = new Map([
  ['plaintext', ['.txt']],
  ['markdown', ['.md', '.markdown']],
]);

const DIAGNOSTICS_DELAY_MS = 200;
/** Larger texts are not scanned for unknown names (they are not articles). */
const DISCOVERY_MAX_LENGTH = 2_000_000;
const DISCOVERY_CODE = 'unknown-name';
const REGISTRY_REBUILD_DELAY_MS = 100;
/** Without watched-file events from the client, the registry files are checked on disk this often. */
const POLL_INTERVAL_MS = 2000;

export interface Settings {
  registryFiles: string[];
  highlightEnabled: boolean;
  languages: string[];
  /** Names the registry lacks as hints, with quick fixes to add them (SPEC §6 `discovery.*`). */
  discoveryEnabled: boolean;
  /** Normalised names never suggested. */
  discoveryIgnore: string[];
}

function stringList(value: unknown): string[] | undefined {
  if (!Array.isArray(value)) return undefined;
  return value.filter((v): v is string => typeof v === 'string' && v.trim().length > 0);
}

function own(o: unknown, key: string): unknown {
  return o !== null && typeof o === 'object' && !Array.isArray(o) && Object.prototype.hasOwnProperty.call(o, key)
    ? (o as Record<string, unknown>)[key]
    : undefined;
}

/**
 * The settings from what a client sends: `{ analystMarkup: { registry: { files } } }`, the same
 * without the `analystMarkup` level (a `workspace/configuration` answer for that section), or
 * flat keys `"analystMarkup.registry.files"`.
 */
export function readSettings(value: unknown, fallback?: Settings): Settings {
  const base = fallback ?? {
    registryFiles: [...DEFAULT_REGISTRY_FILES],
    highlightEnabled: true,
    languages: [...DEFAULT_LANGUAGES],
    discoveryEnabled: true,
    discoveryIgnore: [],
  };
  const section = own(value, 'analystMarkup') ?? value;
  const pick = (dotted: string): unknown => {
    const [group, name] = dotted.split('.');
    return own(own(section, group), name) ?? own(section, dotted) ?? own(value, `analystMarkup.${dotted}`);
  };
  const files = stringList(pick('registry.files'));
  const enabled = pick('highlight.enabled');
  const languages = stringList(pick('highlight.languages'));
  const discovery = pick('discovery.enabled');
  const ignore = stringList(pick('discovery.ignore'));
  return {
    registryFiles: files ?? base.registryFiles,
    highlightEnabled: typeof enabled === 'boolean' ? enabled : base.highlightEnabled,
    languages: languages ?? base.languages,
    discoveryEnabled: typeof discovery === 'boolean' ? discovery : base.discoveryEnabled,
    discoveryIgnore: ignore ? ignore.map((name) => normaliseName(name, false)) : base.discoveryIgnore,
  };
}

/** A protocol position → an offset of the document (clamped into it; malformed positions throw InvalidParams). */
function offsetOf(doc: OpenDocument, position: unknown): number {
  const line = own(position, 'line');
  const character = own(position, 'character');
  if (typeof line !== 'number' || typeof character !== 'number' || !Number.isFinite(line) || !Number.isFinite(character)) {
    throw new ResponseError(ErrorCodes.InvalidParams, 'A position needs a numeric line and character.');
  }
  return doc.document.offsetAt({ line: Math.max(0, Math.floor(line)), character: Math.max(0, Math.floor(character)) });
}

function rangeOf(doc: OpenDocument, start: number, end: number): Range {
  return { start: doc.document.positionAt(start), end: doc.document.positionAt(end) };
}

function coreRange(r: CoreDiagnostic['range']): Range {
  return { start: { line: r.start.line, character: r.start.character }, end: { line: r.end.line, character: r.end.character } };
}

const SEVERITY: Readonly<Record<string, DiagnosticSeverity>> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

const ENTITY_KINDS: Readonly<Record<EntityType, CompletionItemKind>> = {
  person: CompletionItemKind.Constant,
  organization: CompletionItemKind.Struct,
  state: CompletionItemKind.Module,
  place: CompletionItemKind.Reference,
  position: CompletionItemKind.Property,
  other: CompletionItemKind.Value,
};

interface FileMentions {
  mtime: number;
  size: number;
  generation: number;
  mentions: { entityId: string; range: Range }[];
  tagIds: { id: string; range: Range }[];
}

/** The server's state and handlers for one client connection. */
export class AnalystMarkupServer {
  private folders: Folder[] = [];
  private settings: Settings = readSettings(undefined);
  private readonly store = new RegistryStore();
  private registry: Registry = this.store.build();
  private readonly documents = new Map<string, OpenDocument>();
  /** Registry files whose diagnostics were published, to clear those that went away. */
  private publishedRegistry = new Set<string>();
  private readonly diagnosticTimers = new Map<string, ReturnType<typeof setTimeout>>();
  private rebuildTimer: ReturnType<typeof setTimeout> | undefined;
  private pollTimer: ReturnType<typeof setInterval> | undefined;
  /** mtime/size of each registry file as last read, for polling. */
  private readonly registryStats = new Map<string, string>();
  private readonly fileCache = new Map<string, FileMentions>();
  private readonly tokens = new Map<string, { resultId: string; data: number[] }>();
  private tokenResults = 0;
  private assist: { generation: number; context: AssistContext } | undefined;
  private registryTargetCache = new Map<string, { version: number; targets: RegistryTarget[] }>();
  private readonly discovered = new Map<string, { version: number; generation: number; settings: string; list: NameCandidate[] }>();
  private capabilities = {
    configuration: false,
    configurationRegistration: false,
    watchedFiles: false,
    snippets: false,
    tokenRefresh: false,
    hierarchicalSymbols: false,
    applyEdit: false,
  };
  private shuttingDown = false;

  constructor(private readonly connection: Connection) {}

  listen(): void {
    const c = this.connection;
    c.onInitialize((params) => this.initialize(params));
    c.onInitialized(() => void this.guard('initialized', () => this.initialized(), undefined));
    c.onShutdown(() => this.shutdown());
    // The library's manager keeps the open documents in sync (our document type: documents.ts).
    const synced = new TextDocuments(openDocuments(normaliseUri));
    synced.onDidOpen((e) => void this.guard('didOpen', () => this.didOpen(e.document), undefined));
    synced.onDidChangeContent((e) => void this.guard('didChange', () => e.document.takeChanged() && this.didChange(e.document), undefined));
    synced.onDidClose((e) => void this.guard('didClose', () => this.didClose(e.document), undefined));
    synced.listen(c);
    c.onDidChangeWatchedFiles((p) => void this.guard('didChangeWatchedFiles', () => this.watchedFilesChanged(p.changes), undefined));
    c.onDidChangeConfiguration((p) => void this.guard('didChangeConfiguration', () => this.configurationChanged(p.settings), undefined));
    c.onNotification(
      DidChangeWorkspaceFoldersNotification.type,
      (p) => void this.guard('didChangeWorkspaceFolders', () => this.foldersChanged(p.event.added, p.event.removed), undefined),
    );
    c.onHover((p) => this.guard('hover', () => this.hover(p.textDocument.uri, p.position), null));
    c.onDefinition((p) => this.guard('definition', () => this.definition(p.textDocument.uri, p.position), null));
    c.onReferences((p) => this.guard('references', () => this.references(p.textDocument.uri, p.position, p.context?.includeDeclaration === true), null));
    c.onCompletion((p) => this.guard('completion', () => this.completion(p), null));
    c.onCodeAction((p) => this.guard('codeAction', () => this.codeActions(p), null));
    c.onDocumentSymbol((p) => this.guard('documentSymbol', () => this.documentSymbols(p.textDocument.uri), null));
    c.onExecuteCommand((p) => this.guard('executeCommand', () => this.executeCommand(p.command, p.arguments ?? []), null, true));
    c.languages.semanticTokens.on((p) => this.guard('semanticTokens/full', () => this.semanticTokensFull(p.textDocument.uri), { data: [] }));
    c.languages.semanticTokens.onDelta((p) =>
      this.guard('semanticTokens/full/delta', () => this.semanticTokensDelta(p.textDocument.uri, p.previousResultId), { data: [] }),
    );
    c.languages.semanticTokens.onRange((p) => this.guard('semanticTokens/range', () => this.semanticTokensRange(p.textDocument.uri, p.range), { data: [] }));
    c.listen();
  }

  /** Runs a handler; a bug or bad input gives `fallback` (and a log line), a ResponseError goes to the client. */
  private async guard<T>(what: string, run: () => T | Promise<T>, fallback: T, rethrow = false): Promise<T> {
    try {
      return await run();
    } catch (error) {
      if (error instanceof ResponseError) throw error;
      this.connection.console.error(`${what} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      if (rethrow)
        throw new ResponseError(ErrorCodes.InternalError, `Analyst Markup: ${what} failed: ${error instanceof Error ? error.message : String(error)}`);
      return fallback;
    }
  }

  // -------------------------------------------------------------------------------------------
  // Life cycle and settings

  private initialize(params: InitializeParams): InitializeResult {
    // The workspace folders; older clients send only a root (`rootUri`, or the deprecated `rootPath`).
    const root = params.rootUri ?? (typeof params.rootPath === 'string' ? pathToUri(params.rootPath) : undefined);
    const folders = params.workspaceFolders ?? (root ? [{ uri: root, name: 'root' }] : []);
    this.folders = folders.map((f) => folderOf(f.uri)).filter((f): f is Folder => f !== undefined);
    this.settings = readSettings(params.initializationOptions);
    const caps = params.capabilities;
    this.capabilities = {
      configuration: caps.workspace?.configuration === true,
      configurationRegistration: caps.workspace?.didChangeConfiguration?.dynamicRegistration === true,
      watchedFiles: caps.workspace?.didChangeWatchedFiles?.dynamicRegistration === true,
      snippets: caps.textDocument?.completion?.completionItem?.snippetSupport === true,
      tokenRefresh: caps.workspace?.semanticTokens?.refreshSupport === true,
      hierarchicalSymbols: caps.textDocument?.documentSymbol?.hierarchicalDocumentSymbolSupport === true,
      applyEdit: caps.workspace?.applyEdit === true,
    };
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: false },
        hoverProvider: true,
        definitionProvider: true,
        referencesProvider: true,
        documentSymbolProvider: true,
        completionProvider: { triggerCharacters: ['=', ' ', '"', '.', ':', '[', ',', '-'], resolveProvider: false },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
        executeCommandProvider: { commands: Object.values(SERVER_COMMANDS) },
        semanticTokensProvider: {
          legend: { tokenTypes: [...TOKEN_TYPES], tokenModifiers: [...TOKEN_MODIFIERS] },
          full: { delta: true },
          range: true,
        },
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'analyst-markup' },
    };
  }

  private async initialized(): Promise<void> {
    if (this.capabilities.configuration) {
      await this.pullConfiguration();
      // Only a client that says it can (eglot warns about a registration it did not ask for).
      if (this.capabilities.configurationRegistration)
        void this.connection.client.register(DidChangeConfigurationNotification.type, { section: 'analystMarkup' }).catch(() => undefined);
    }
    this.loadRegistry();
    await this.watchFiles();
  }

  private async pullConfiguration(): Promise<void> {
    try {
      const [section] = (await this.connection.workspace.getConfiguration([{ section: 'analystMarkup' }])) as unknown[];
      if (section !== null && typeof section === 'object') this.settings = readSettings({ analystMarkup: section }, this.settings);
    } catch {
      // a client that says it answers but does not: keep the initialization options
    }
  }

  private async configurationChanged(settings: unknown): Promise<void> {
    const before = JSON.stringify(this.settings);
    if (this.capabilities.configuration) await this.pullConfiguration();
    else this.settings = readSettings(settings, this.settings);
    if (JSON.stringify(this.settings) === before) return;
    this.loadRegistry();
    await this.watchFiles();
    this.refreshAllDocuments();
  }

  private foldersChanged(added: readonly { uri: string }[], removed: readonly { uri: string }[]): void {
    const gone = new Set(removed.map((f) => normaliseUri(f.uri)));
    this.folders = this.folders.filter((f) => !gone.has(f.uri));
    for (const f of added) {
      const folder = folderOf(f.uri);
      if (folder) this.folders.push(folder);
    }
    this.loadRegistry();
  }

  /** Watched files: registered with the client when it can (a `git checkout` of registry files), else polled. */
  private async watchFiles(): Promise<void> {
    if (this.capabilities.watchedFiles) {
      try {
        await this.connection.client.register(DidChangeWatchedFilesNotification.type, {
          watchers: [...this.settings.registryFiles.map((globPattern) => ({ globPattern })), { globPattern: '**/*.{txt,md,markdown}' }],
        });
        return;
      } catch {
        // fall back to polling
      }
    }
    if (!this.pollTimer && !this.shuttingDown) {
      this.pollTimer = setInterval(() => void this.guard('poll', () => this.pollRegistry(), undefined), POLL_INTERVAL_MS);
      this.pollTimer.unref?.();
    }
  }

  private shutdown(): void {
    this.shuttingDown = true;
    if (this.pollTimer) clearInterval(this.pollTimer);
    if (this.rebuildTimer) clearTimeout(this.rebuildTimer);
    for (const t of this.diagnosticTimers.values()) clearTimeout(t);
    this.diagnosticTimers.clear();
  }

  // -------------------------------------------------------------------------------------------
  // The registry

  private isRegistryUri(uri: string): boolean {
    if (this.store.has(uri)) return true;
    const file = uriToPath(uri);
    if (file === undefined) return false;
    const where = relativeToFolders(this.folders, file);
    return where !== undefined && isRegistryPath(where.relative, this.settings.registryFiles);
  }

  /** Finds and reads every registry file again (start, settings, folders). */
  private loadRegistry(): void {
    const found = findRegistryFiles(this.folders, this.settings.registryFiles).map((file) => pathToUri(file));
    const known = new Set(found);
    for (const uri of this.store.uris()) if (!known.has(uri) && !this.documents.has(uri)) this.store.deleteFile(uri);
    this.registryStats.clear();
    for (const uri of found) this.readRegistryFile(uri);
    this.rebuildNow();
  }

  /** Reads one registry file into the store: an open document's text wins over the disk. */
  private readRegistryFile(uri: string): void {
    const open = this.documents.get(uri);
    if (open) {
      this.store.setFile(uri, open.text);
      return;
    }
    const file = uriToPath(uri);
    if (file === undefined) return;
    const read = readWorkspaceFile(this.folders, file, MAX_REGISTRY_FILE_BYTES);
    if (read === 'missing') {
      this.store.deleteFile(uri);
      this.registryStats.delete(uri);
    } else if (read !== 'unreadable') {
      this.store.setFile(uri, read.text);
      this.registryStats.set(uri, `${read.mtime}:${read.size}`);
    }
  }

  private scheduleRebuild(): void {
    if (this.rebuildTimer) clearTimeout(this.rebuildTimer);
    this.rebuildTimer = setTimeout(() => {
      this.rebuildTimer = undefined;
      void this.guard('rebuild', () => this.rebuildNow(), undefined);
    }, REGISTRY_REBUILD_DELAY_MS);
  }

  private rebuildNow(): void {
    if (this.shuttingDown) return;
    this.registry = this.store.build();
    this.publishRegistryDiagnostics();
    this.refreshAllDocuments();
  }

  private refreshAllDocuments(): void {
    for (const doc of this.documents.values()) this.scheduleDiagnostics(doc.uri, 0);
    if (this.capabilities.tokenRefresh) void this.connection.languages.semanticTokens.refresh().catch(() => undefined);
  }

  private publishRegistryDiagnostics(): void {
    const next = new Set<string>();
    for (const [file, list] of this.registry.diagnostics) {
      const diagnostics: Diagnostic[] = list.map((d) => ({
        range: coreRange(d.range),
        severity: SEVERITY[d.severity] ?? DiagnosticSeverity.Error,
        code: d.code,
        source: 'Analyst Markup registry',
        message: d.message,
        relatedInformation: d.related?.slice(0, 20).map((r) => ({ location: { uri: r.file, range: coreRange(r.range) }, message: r.message })),
      }));
      void this.connection.sendDiagnostics({ uri: file, diagnostics });
      next.add(file);
    }
    for (const file of this.publishedRegistry) if (!next.has(file)) void this.connection.sendDiagnostics({ uri: file, diagnostics: [] });
    this.publishedRegistry = next;
  }

  private watchedFilesChanged(changes: readonly { uri: string; type: FileChangeType }[]): void {
    let registryChanged = false;
    for (const change of changes) {
      const uri = normaliseUri(change.uri);
      if (this.isRegistryUri(uri)) {
        if (this.documents.has(uri)) continue; // the client's text is newer than the file
        if (change.type === FileChangeType.Deleted) {
          this.store.deleteFile(uri);
          this.registryStats.delete(uri);
        } else this.readRegistryFile(uri);
        registryChanged = true;
      } else if (change.type === FileChangeType.Deleted) {
        // A deleted folder (`git checkout` of a branch without it): every registry file below it.
        for (const known of this.store.uris()) {
          if (known.startsWith(uri.replace(/\/$/, '') + '/') && !this.documents.has(known)) {
            this.readRegistryFile(known);
            registryChanged = true;
          }
        }
      }
      this.fileCache.delete(uri);
    }
    if (registryChanged) this.scheduleRebuild();
  }

  /** Without watched-file events: what changed on disk since the last look, and new registry files. */
  private pollRegistry(): void {
    const found = new Set(findRegistryFiles(this.folders, this.settings.registryFiles).map((file) => pathToUri(file)));
    let changed = false;
    for (const uri of new Set([...found, ...this.registryStats.keys()])) {
      if (this.documents.has(uri)) continue;
      const file = uriToPath(uri);
      const stat = file !== undefined && found.has(uri) ? statOf(file) : undefined;
      const key = stat ? `${stat.mtime}:${stat.size}` : undefined;
      if (key === this.registryStats.get(uri)) continue;
      if (key === undefined) {
        this.store.deleteFile(uri);
        this.registryStats.delete(uri);
      } else this.readRegistryFile(uri);
      changed = true;
    }
    if (changed) this.rebuildNow();
  }

  // -------------------------------------------------------------------------------------------
  // Documents

  private isAnalysed(doc: OpenDocument): boolean {
    if (this.isRegistryUri(doc.uri)) return false;
    const languages = this.settings.languages;
    if (languages.includes('*')) return true;
    const id = LANGUAGE_ALIASES.get(doc.languageId) ?? doc.languageId;
    return languages.includes(id) || languages.includes(doc.languageId);
  }

  /** The open document, or a protocol error for one the client never opened (or closed). */
  private doc(uri: unknown): OpenDocument | undefined {
    if (typeof uri !== 'string') throw new ResponseError(ErrorCodes.InvalidParams, 'A text document URI is required.');
    return this.documents.get(normaliseUri(uri));
  }

  private didOpen(doc: OpenDocument): void {
    this.documents.set(doc.uri, doc);
    if (this.isRegistryUri(doc.uri)) {
      this.store.setFile(doc.uri, doc.text);
      this.scheduleRebuild();
    } else this.scheduleDiagnostics(doc.uri, 0);
  }

  /** After the manager applied a change to `doc` (no work on the whole text here: a keystroke's answer waits on it). */
  private didChange(doc: OpenDocument): void {
    if (this.documents.get(doc.uri) !== doc) return;
    if (this.isRegistryUri(doc.uri)) {
      this.store.setFile(doc.uri, doc.text);
      this.scheduleRebuild();
    } else this.scheduleDiagnostics(doc.uri, DIAGNOSTICS_DELAY_MS);
  }

  private didClose(doc: OpenDocument): void {
    if (this.documents.get(doc.uri) !== doc) return;
    this.documents.delete(doc.uri);
    this.tokens.delete(doc.uri);
    this.registryTargetCache.delete(doc.uri);
    this.discovered.delete(doc.uri);
    const timer = this.diagnosticTimers.get(doc.uri);
    if (timer) clearTimeout(timer);
    this.diagnosticTimers.delete(doc.uri);
    if (this.isRegistryUri(doc.uri)) {
      // An unsaved buffer no longer counts: the file on disk again.
      this.readRegistryFile(doc.uri);
      this.scheduleRebuild();
    } else void this.connection.sendDiagnostics({ uri: doc.uri, diagnostics: [] });
  }

  private scheduleDiagnostics(uri: string, delay: number): void {
    const timer = this.diagnosticTimers.get(uri);
    if (timer) clearTimeout(timer);
    this.diagnosticTimers.set(
      uri,
      setTimeout(() => {
        this.diagnosticTimers.delete(uri);
        void this.guard('diagnostics', () => this.publishMarkupDiagnostics(uri), undefined);
      }, delay),
    );
  }

  private assistContext(): AssistContext {
    if (this.assist?.generation !== this.registry.generation)
      this.assist = { generation: this.registry.generation, context: registryAssistContext(this.registry) };
    return this.assist.context;
  }

  /** Tag ids used in other open documents, for IDs used twice in the workspace. */
  private tagIdUses(except: string): (id: string) => TagIdUse[] {
    let byId: Map<string, TagIdUse[]> | undefined;
    return (id) => {
      if (!byId) {
        byId = new Map();
        for (const other of this.documents.values()) {
          if (other.uri === except || !this.isAnalysed(other)) continue;
          for (const span of other.markup().spans) {
            if (!span.id || span.idStart === undefined) continue;
            const at = other.document.positionAt(span.idStart);
            const list = byId.get(span.id) ?? [];
            list.push({ file: other.uri, label: other.uri.replace(/^.*\//, ''), line: at.line, character: at.character });
            byId.set(span.id, list);
          }
        }
      }
      return byId.get(id) ?? [];
    };
  }

  /** The tag diagnostics of a document, as core objects. */
  private markupDiagnostics(doc: OpenDocument): TagDiagnostic[] {
    const parsed = doc.markup();
    const text = doc.text;
    const hasFrontMatter = text.replace(/^\uFEFF/, '').startsWith('---');
    if (parsed.spans.length === 0 && parsed.diagnostics.length === 0 && !hasFrontMatter) return [];
    const diagnostics = tagDiagnostics(parsed, this.assistContext(), this.tagIdUses(doc.uri));
    if (hasFrontMatter) {
      appendAll(diagnostics, checkFrontMatterRefs(text.slice(0, 256 * 1024), this.assistContext()));
      diagnostics.sort((a, b) => a.start - b.start || a.end - b.end);
    }
    return diagnostics;
  }

  private publishMarkupDiagnostics(uri: string): void {
    const doc = this.documents.get(uri);
    if (!doc || this.isRegistryUri(uri)) return;
    const diagnostics: Diagnostic[] = this.isAnalysed(doc)
      ? this.markupDiagnostics(doc).map((d) => ({
          range: rangeOf(doc, d.start, d.end),
          severity: d.severity === 'error' ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning,
          code: d.code,
          source: 'Analyst Markup tags',
          message: d.message,
          relatedInformation: d.related?.slice(0, 20).map((u) => ({
            location: {
              uri: u.file,
              range: { start: { line: u.line ?? 0, character: u.character ?? 0 }, end: { line: u.line ?? 0, character: u.character ?? 0 } },
            },
            message: `#${d.value ?? ''} is also used here`,
          })),
        }))
      : [];
    for (const c of this.candidatesOf(doc)) {
      diagnostics.push({
        range: rangeOf(doc, c.start, c.end),
        severity: DiagnosticSeverity.Hint,
        code: DISCOVERY_CODE,
        source: 'Analyst Markup',
        message: `${c.kind === 'acronym' ? 'Acronym' : 'Name'} “${c.text}” is not in the registry. Quick fix: add it as an entity or as an alias.`,
      });
    }
    void this.connection.sendDiagnostics({ uri, version: doc.version, diagnostics });
  }

  /** Names and acronyms of the document the registry lacks (name discovery), cached per version. */
  private candidatesOf(doc: OpenDocument): NameCandidate[] {
    if (!this.settings.discoveryEnabled || !this.isAnalysed(doc) || doc.text.length > DISCOVERY_MAX_LENGTH) return [];
    const settings = this.settings.discoveryIgnore.join('\n');
    const cached = this.discovered.get(doc.uri);
    if (cached && cached.version === doc.version && cached.generation === this.registry.generation && cached.settings === settings) return cached.list;
    let list: NameCandidate[] = [];
    try {
      list = discoverNames(doc.text, this.registry, { mentions: doc.mentions(this.registry), ignored: new Set(this.settings.discoveryIgnore) });
    } catch (error) {
      this.connection.console.error(`Name discovery failed on ${doc.uri}: ${String(error)}`);
    }
    this.discovered.set(doc.uri, { version: doc.version, generation: this.registry.generation, settings, list });
    return list;
  }

  /** The text of a registry file: the client's when it is open, else the file on disk. */
  private registryText(uri: string): { text: string; version?: number } | undefined {
    const open = this.documents.get(uri);
    if (open) return { text: open.text, version: open.version };
    const file = uriToPath(uri);
    if (file === undefined) return undefined;
    const read = readWorkspaceFile(this.folders, file, MAX_REGISTRY_FILE_BYTES);
    return typeof read === 'string' ? undefined : { text: read.text };
  }

  /** A registry edit (core/registryEdit.ts) of the file `uri` as a WorkspaceEdit, or undefined when it cannot be made. */
  private registryWorkspaceEdit(uri: string, edit: (text: string) => RegistryEditResult): WorkspaceEdit | undefined {
    const current = this.registryText(uri);
    if (!current) return undefined;
    const result = edit(current.text);
    if (!result.ok) return undefined;
    const lines = new LineIndex(current.text);
    const edits = result.edits.map((e) => ({ range: coreRange(lines.range(e.start, e.end)), newText: e.newText }));
    return { documentChanges: [{ textDocument: { uri, version: current.version ?? null }, edits }] };
  }

  /** The discovery fixes: add a name the registry lacks as an entity of each type, or as an alias of the closest entity. */
  private discoveryActions(doc: OpenDocument, start: number, end: number): CodeAction[] {
    const actions: CodeAction[] = [];
    const candidates = this.candidatesOf(doc).filter((c) => c.start <= end && c.end >= start);
    const target = this.registry.files[0];
    for (const candidate of candidates.slice(0, 3)) {
      const diagnostic: Diagnostic = {
        range: rangeOf(doc, candidate.start, candidate.end),
        severity: DiagnosticSeverity.Hint,
        code: DISCOVERY_CODE,
        source: 'Analyst Markup',
        message: `“${candidate.text}” is not in the registry.`,
      };
      const id = suggestEntityId(candidate.text, (x) => this.registry.entities.has(x));
      if (id && target) {
        for (const type of [candidate.type, ...ENTITY_TYPES.filter((t) => t !== candidate.type)]) {
          const edit = this.registryWorkspaceEdit(target, (text) => addEntityToText(text, { id, name: candidate.text, type }, target));
          if (edit)
            actions.push({
              title: `Add “${candidate.text}” to registry as ${type} (${id})`,
              kind: CodeActionKind.QuickFix,
              diagnostics: [diagnostic],
              isPreferred: type === candidate.type,
              edit,
            });
        }
      }
      const closest = closestEntity(candidate, this.registry.entities);
      if (closest) {
        const file = closest.entity.source.file;
        const edit = this.registryWorkspaceEdit(file, (text) => addAliasesToText(text, closest.entity.id, [candidate.text], file));
        if (edit)
          actions.push({
            title: `Add “${candidate.text}” as alias of ${closest.entity.name} (${closest.entity.id})`,
            kind: CodeActionKind.QuickFix,
            diagnostics: [diagnostic],
            edit,
          });
      }
    }
    return actions;
  }

  // -------------------------------------------------------------------------------------------
  // What is at a position

  private registryTargetsOf(doc: OpenDocument): RegistryTarget[] {
    const cached = this.registryTargetCache.get(doc.uri);
    if (cached?.version === doc.version) return cached.targets;
    const targets = registryTargets(parseRegistryFile(doc.uri, doc.text));
    this.registryTargetCache.set(doc.uri, { version: doc.version, targets });
    return targets;
  }

  private entityAt(doc: OpenDocument, offset: number): EntityTargetAt | undefined {
    if (this.isRegistryUri(doc.uri)) return registryTargetAt(this.registryTargetsOf(doc), offset, this.registry.entities);
    if (!this.isAnalysed(doc)) return undefined;
    return mentionTargetAt(doc.mentionsIn(this.registry, offset, offset + 1), offset, this.registry.entities);
  }

  // -------------------------------------------------------------------------------------------
  // Hover, definition, references

  hover(uri: string, position: Position): Hover | null {
    const doc = this.doc(uri);
    if (!doc) return null;
    const offset = offsetOf(doc, position);
    const rendering = { commandLinks: false, codicons: false };
    if (this.isAnalysed(doc)) {
      const tag = tagHoverAt(doc.markup().spans, offset, this.assistContext());
      if (tag) {
        const parts = [withoutCodicons(tag.markdown)];
        const entity = tag.entityId !== undefined ? this.registry.entities.get(tag.entityId) : undefined;
        if (entity) parts.push(documentEntityCard(this.registry, entity, this.cardDocument(doc), undefined, rendering));
        return { contents: { kind: MarkupKind.Markdown, value: parts.join('\n\n---\n\n') }, range: rangeOf(doc, tag.start, tag.end) };
      }
    }
    const target = this.entityAt(doc, offset);
    if (!target) return null;
    const value =
      target.kind === 'mention'
        ? documentEntityCard(this.registry, target.entity, this.cardDocument(doc), target.mention, rendering)
        : registryEntityCard(this.registry, target.entity, rendering);
    return { contents: { kind: MarkupKind.Markdown, value }, range: rangeOf(doc, target.start, target.end) };
  }

  private cardDocument(doc: OpenDocument): Parameters<typeof documentEntityCard>[2] {
    return { uri: doc.uri, version: doc.version, text: doc.text, spans: doc.markup().spans, mentions: doc.mentions(this.registry), date: doc.documentDate() };
  }

  private definitionOf(entity: Entity): Location {
    return { uri: entity.source.file, range: coreRange(entity.source.idRange) };
  }

  definition(uri: string, position: Position): Location[] | null {
    const doc = this.doc(uri);
    if (!doc) return null;
    const target = this.entityAt(doc, offsetOf(doc, position));
    return target ? [this.definitionOf(target.entity)] : null;
  }

  references(uri: string, position: Position, includeDeclaration: boolean): Location[] | null {
    const doc = this.doc(uri);
    if (!doc) return null;
    const target = this.entityAt(doc, offsetOf(doc, position));
    if (!target) return null;
    const found = this.mentionsInWorkspace(target.entity.id);
    return includeDeclaration ? [this.definitionOf(target.entity), ...found] : found;
  }

  /** Every mention of the entity in the open documents (their unsaved text) and the workspace's text files. */
  private mentionsInWorkspace(entityId: string): Location[] {
    const out: Location[] = [];
    const seen = new Set<string>();
    for (const doc of this.documents.values()) {
      if (!this.isAnalysed(doc)) continue;
      seen.add(doc.uri);
      for (const m of doc.mentions(this.registry)) if (m.entityId === entityId) out.push({ uri: doc.uri, range: rangeOf(doc, m.start, m.end) });
    }
    for (const [uri, file] of this.workspaceTexts()) {
      if (seen.has(uri)) continue;
      for (const m of file.mentions) if (m.entityId === entityId) out.push({ uri, range: m.range });
    }
    return out.sort((a, b) =>
      a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character,
    );
  }

  /** The workspace's text files of the configured languages, with their mentions and tag ids (cached per mtime/size and registry). */
  private workspaceTexts(): Map<string, FileMentions> {
    const languages = this.settings.languages;
    const extensions = languages.includes('*') ? undefined : languages.flatMap((l) => LANGUAGE_EXTENSIONS.get(LANGUAGE_ALIASES.get(l) ?? l) ?? []);
    const files = walkWorkspace(
      this.folders,
      (relative) => (extensions ? extensions.some((e) => relative.toLowerCase().endsWith(e)) : true) && !isRegistryPath(relative, this.settings.registryFiles),
    );
    const out = new Map<string, FileMentions>();
    const generation = this.registry.generation;
    for (const file of files) {
      const uri = pathToUri(file);
      const stat = statOf(file);
      if (!stat || stat.size > MAX_TEXT_FILE_BYTES) continue;
      const cached = this.fileCache.get(uri);
      if (cached && cached.mtime === stat.mtime && cached.size === stat.size && cached.generation === generation) {
        out.set(uri, cached);
        continue;
      }
      const read = readWorkspaceFile(this.folders, file, MAX_TEXT_FILE_BYTES);
      if (typeof read === 'string') continue;
      const lines = new LineIndex(read.text);
      const range = (start: number, end: number): Range => coreRange(lines.range(start, end));
      const doc = new OpenDocument(uri, 'plaintext', 0, read.text);
      const mentions = doc.mentions(this.registry).map((m) => ({ entityId: m.entityId, range: range(m.start, m.end) }));
      const tagIds = parseMarkup(read.text)
        .spans.filter((s) => s.id !== undefined && s.idStart !== undefined)
        .map((s) => ({ id: s.id!, range: range(s.idStart!, s.idEnd ?? s.idStart!) }));
      const entry = { mtime: read.mtime, size: read.size, generation, mentions, tagIds };
      this.fileCache.set(uri, entry);
      out.set(uri, entry);
    }
    return out;
  }

  // -------------------------------------------------------------------------------------------
  // Semantic tokens

  /** Token data (LSP relative encoding) of the mentions, one token per line a mention covers. */
  private tokenData(doc: OpenDocument, mentions: readonly ResolvedMention[]): number[] {
    const data: number[] = [];
    let prevLine = 0;
    let prevChar = 0;
    const entities = this.registry.entities;
    const push = (line: number, char: number, length: number, type: number, modifiers: number): void => {
      if (length <= 0) return;
      data.push(line - prevLine, line === prevLine ? char - prevChar : char, length, type, modifiers);
      prevLine = line;
      prevChar = char;
    };
    for (const m of mentions) {
      const entity = entities.get(m.entityId);
      if (!entity) continue;
      const type = TOKEN_TYPES.indexOf(entity.type);
      let modifiers = 0;
      if (m.resolution === 'ambiguous') modifiers |= 1;
      if (m.resolution === 'office' && m.via !== m.entityId) modifiers |= 2;
      const start = doc.document.positionAt(m.start);
      const end = doc.document.positionAt(m.end);
      if (start.line === end.line) {
        push(start.line, start.character, end.character - start.character, type, modifiers);
        continue;
      }
      // A multi-word alias across a line break: one token per line.
      for (let line = start.line; line <= end.line; line++) {
        const from = line === start.line ? start.character : 0;
        const lineEnd =
          line === end.line ? end.character : doc.document.offsetAt({ line: line + 1, character: 0 }) - doc.document.offsetAt({ line, character: 0 });
        const text = doc.document.slice(doc.document.offsetAt({ line, character: from }), doc.document.offsetAt({ line, character: from }) + lineEnd - from);
        push(line, from, text.replace(/[\r\n]+$/, '').length, type, modifiers);
      }
    }
    return data;
  }

  private tokensActive(doc: OpenDocument): boolean {
    return this.settings.highlightEnabled && this.isAnalysed(doc);
  }

  semanticTokensFull(uri: string): SemanticTokens {
    const doc = this.doc(uri);
    if (!doc) return { data: [] };
    const data = this.tokensActive(doc) ? this.tokenData(doc, doc.mentions(this.registry)) : [];
    const resultId = String(++this.tokenResults);
    this.tokens.set(doc.uri, { resultId, data });
    return { resultId, data };
  }

  semanticTokensDelta(uri: string, previousResultId: string): SemanticTokens | SemanticTokensDelta {
    const doc = this.doc(uri);
    if (!doc) return { data: [] };
    const previous = this.tokens.get(doc.uri);
    const full = this.semanticTokensFull(uri);
    if (!previous || previous.resultId !== previousResultId) return full;
    // One edit: the data between the common prefix and the common suffix.
    const a = previous.data;
    const b = full.data;
    let prefix = 0;
    while (prefix < a.length && prefix < b.length && a[prefix] === b[prefix]) prefix++;
    let suffix = 0;
    while (suffix < a.length - prefix && suffix < b.length - prefix && a[a.length - 1 - suffix] === b[b.length - 1 - suffix]) suffix++;
    if (prefix === a.length && prefix === b.length) return { resultId: full.resultId, edits: [] };
    return { resultId: full.resultId, edits: [{ start: prefix, deleteCount: a.length - prefix - suffix, data: b.slice(prefix, b.length - suffix) }] };
  }

  semanticTokensRange(uri: string, range: Range): SemanticTokens {
    const doc = this.doc(uri);
    if (!doc || !this.tokensActive(doc)) return { data: [] };
    const from = offsetOf(doc, range?.start);
    const to = offsetOf(doc, range?.end);
    return { data: this.tokenData(doc, doc.mentionsIn(this.registry, Math.min(from, to), Math.max(from, to))) };
  }

  // -------------------------------------------------------------------------------------------
  // Completion

  completion(params: CompletionParams): CompletionItem[] | null {
    const doc = this.doc(params.textDocument?.uri);
    if (!doc) return null;
    const offset = offsetOf(doc, params.position);
    if (this.isRegistryUri(doc.uri)) return this.registryCompletion(doc, offset);
    if (!this.isAnalysed(doc)) return null;
    const ctx = attributeContextAt(doc.text, offset);
    return ctx ? this.attributeCompletion(doc, ctx) : null;
  }

  private item(
    doc: OpenDocument,
    start: number,
    end: number,
    label: string,
    kind: CompletionItemKind,
    insert: string,
    extra: Partial<CompletionItem> = {},
    snippet?: string,
  ): CompletionItem {
    const useSnippet = snippet !== undefined && this.capabilities.snippets;
    return {
      label,
      kind,
      textEdit: { range: rangeOf(doc, start, end), newText: useSnippet ? snippet : insert },
      insertTextFormat: useSnippet ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
      ...extra,
    };
  }

  /** Entity ids mentioned in the tag's text (or its paragraph), to list them first. */
  private nearbyEntityIds(doc: OpenDocument, ctx: AttributeContext): Set<string> {
    const span = doc.markup().spans.find((s) => s.attrStart === ctx.block.start);
    const text = doc.text;
    const from = span ? span.contentStart : Math.max(0, text.lastIndexOf('\n\n', ctx.block.start));
    const to = span ? span.contentEnd : ctx.block.start;
    const out = new Set<string>();
    for (const m of doc.mentionsIn(this.registry, from, to)) if (m.start >= from && m.end <= to) for (const id of m.candidates ?? [m.entityId]) out.add(id);
    return out;
  }

  private attributeCompletion(doc: OpenDocument, ctx: AttributeContext): CompletionItem[] {
    const items: CompletionItem[] = [];
    const { start, end } = ctx;
    if (ctx.kind === 'class') {
      if (ctx.tagKind) return [];
      const descriptions = { claim: 'who asserts what', event: 'who did what to whom', ref: 'who the words mean (a link)' } as const;
      for (const kind of ['claim', 'event', 'ref'] as const)
        items.push(this.item(doc, start, end, `.${kind}`, CompletionItemKind.Keyword, `.${kind}`, { detail: descriptions[kind], filterText: `.${kind}` }));
      return items;
    }
    if (ctx.kind === 'name') {
      const required = ctx.tagKind ? REQUIRED_ATTRIBUTE[ctx.tagKind] : undefined;
      attributeNameChoices(ctx.tagKind, ctx.present).forEach((name, k) => {
        const shape = entityValueShape(name, ctx.tagKind);
        const quoted = shape === 'list' || name === 'note';
        items.push(
          this.item(
            doc,
            start,
            end,
            name,
            CompletionItemKind.Property,
            `${name}=`,
            { detail: ATTRIBUTE_DESCRIPTIONS[name], sortText: `${name === required ? '0' : '1'}${String(k).padStart(2, '0')}`, preselect: name === required },
            quoted ? `${name}="$1"` : undefined,
          ),
        );
      });
      return items;
    }
    const key = ctx.key;
    const shape = entityValueShape(key, ctx.tagKind);
    if (shape) {
      const nearby = this.nearbyEntityIds(doc, ctx);
      const taken = new Set(ctx.others);
      const wrap = shape === 'list' && ctx.empty;
      for (const entity of this.registry.entities.values()) {
        if (taken.has(entity.id)) continue;
        items.push(
          this.item(
            doc,
            start,
            end,
            entity.id,
            ENTITY_KINDS[entity.type] ?? CompletionItemKind.Value,
            wrap ? `"${entity.id}"` : entity.id,
            {
              detail: `${entity.name} (${entity.type})`,
              documentation: entity.summary, // plain text: never rendered as Markdown
              filterText: entity.id,
              sortText: `${nearby.has(entity.id) ? '0' : '1'}${entity.id}`,
            },
            wrap ? `"${entity.id}$0"` : undefined,
          ),
        );
      }
      if (ctx.tagKind === 'ref' && key === 'to') {
        items.push(
          this.item(doc, start, end, NOT_AN_ENTITY, CompletionItemKind.Keyword, NOT_AN_ENTITY, {
            detail: 'Not an entity here: nothing inside the link is highlighted',
            sortText: `0zzzz${NOT_AN_ENTITY}`,
          }),
        );
      }
      return items;
    }
    const fixed = (choices: Readonly<Record<string, string>>, source: string): CompletionItem[] =>
      Object.keys(choices).map((value, k) =>
        this.item(doc, start, end, value, CompletionItemKind.EnumMember, value, {
          detail: `${choices[value]} (${source})`,
          sortText: String(k).padStart(2, '0'),
        }),
      );
    switch (key) {
      case 'type':
        if (ctx.tagKind === 'claim') return [];
        return [...this.assistContext().eventTypes.values()].map((t) =>
          this.item(doc, start, end, t.id, CompletionItemKind.EnumMember, t.id, {
            detail: `${t.label ?? t.id} (${t.source === 'plover' ? 'PLOVER' : 'registry event type'})`,
            documentation: t.description,
            sortText: `${t.source === 'plover' ? '0' : '1'}${t.id}`,
          }),
        );
      case 'confidence':
        return fixed(CONFIDENCE_TERMS, 'ICD 203');
      case 'reliability':
        return fixed(RELIABILITY, 'Admiralty: source reliability');
      case 'credibility':
        return fixed(CREDIBILITY, 'Admiralty: information credibility');
      case 'date': {
        const found = doc.documentDate();
        if (found.source === 'today') return [];
        return [
          this.item(doc, start, end, found.date.text, CompletionItemKind.Constant, found.date.text, {
            detail: `the document's date (${formatPartialDate(found.date)})`,
          }),
        ];
      }
      default:
        return [];
    }
  }

  private registryCompletion(doc: OpenDocument, offset: number): CompletionItem[] | null {
    const context = registryCompletionContext(doc.text, offset);
    if (!context) return null;
    const start = context.replaceStart;
    const items: CompletionItem[] = [];
    switch (context.kind) {
      case 'entityId': {
        const excluded = new Set(context.exclude);
        for (const entity of this.registry.entities.values()) {
          if (excluded.has(entity.id)) continue;
          const first = context.field === 'of' && (entity.type === 'organization' || entity.type === 'state');
          items.push(
            this.item(doc, start, offset, entity.id, CompletionItemKind.Reference, entity.id, {
              detail: `${entity.name} (${entity.type})`,
              documentation: entity.summary,
              filterText: `${entity.id} ${entity.name}`,
              sortText: `${first ? 0 : 1}${entity.id}`,
            }),
          );
        }
        break;
      }
      case 'type':
        ENTITY_TYPES.forEach((type, i) =>
          items.push(this.item(doc, start, offset, type, CompletionItemKind.EnumMember, type, { documentation: TYPE_DOCS[type], sortText: String(i) })),
        );
        break;
      case 'date': {
        const now = new Date();
        const pad = (n: number): string => String(n).padStart(2, '0');
        const today = `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
        items.push(this.item(doc, start, offset, today, CompletionItemKind.Value, today, { detail: 'today', sortText: '0' }));
        items.push(this.item(doc, start, offset, today.slice(0, 4), CompletionItemKind.Value, today.slice(0, 4), { detail: 'this year', sortText: '2' }));
        break;
      }
      case 'field': {
        const present = new Set(context.present);
        FIELDS_BY_LEVEL[context.level].forEach((field, i) => {
          if (present.has(field)) return;
          items.push(
            this.item(
              doc,
              start,
              offset,
              field,
              CompletionItemKind.Property,
              `${field}: `,
              { documentation: { kind: MarkupKind.Markdown, value: FIELD_DOCS[field] ?? '' }, sortText: String(i).padStart(2, '0') },
              fieldSnippet(field, context.level),
            ),
          );
        });
        break;
      }
    }
    return items;
  }

  // -------------------------------------------------------------------------------------------
  // Code actions

  private workspaceEdit(doc: OpenDocument, edits: readonly MarkupEdit[]): WorkspaceEdit {
    const textEdits: TextEdit[] = edits.map((e) => ({ range: rangeOf(doc, e.start, e.end), newText: e.newText }));
    return { documentChanges: [{ textDocument: { uri: doc.uri, version: doc.version }, edits: textEdits }] };
  }

  codeActions(params: CodeActionParams): CodeAction[] | null {
    const doc = this.doc(params.textDocument?.uri);
    if (!doc || !this.isAnalysed(doc)) return null;
    const only = params.context?.only;
    if (only && !only.some((k) => k === CodeActionKind.QuickFix || CodeActionKind.QuickFix.startsWith(`${k}.`) || k === CodeActionKind.Empty)) return [];
    const start = offsetOf(doc, params.range?.start);
    const end = Math.max(start, offsetOf(doc, params.range?.end));
    const actions: CodeAction[] = [];
    const text = doc.text;
    const parsed = doc.markup();

    // The fixes of the tag diagnostics the range touches.
    const wanted = this.markupDiagnostics(doc).filter((d) => d.start <= end && d.end >= start);
    if (wanted.length > 0) {
      const ids = new Set<string>();
      for (const other of this.documents.values()) for (const span of other.markup().spans) if (span.id) ids.add(span.id);
      for (const file of this.workspaceTexts().values()) for (const t of file.tagIds) ids.add(t.id);
      for (const d of wanted) {
        const diagnostic: Diagnostic = {
          range: rangeOf(doc, d.start, d.end),
          severity: d.severity === 'error' ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning,
          code: d.code,
          source: 'Analyst Markup tags',
          message: d.message,
        };
        for (const fix of quickFixes(text, parsed, d, this.assistContext(), ids)) {
          if (fix.edits.length === 0) continue;
          actions.push({
            title: fix.title,
            kind: CodeActionKind.QuickFix,
            diagnostics: [diagnostic],
            isPreferred: fix.preferred === true,
            edit: this.workspaceEdit(doc, fix.edits),
          });
        }
      }
    }

    appendAll(actions, this.discoveryActions(doc, start, end));

    // Who is meant: a name several entities share.
    const mentions = doc.mentionsIn(this.registry, start, Math.max(end, start + 1));
    const at =
      start === end
        ? [mentionAtOffset(mentions, start)].filter((m): m is ResolvedMention => m !== undefined)
        : mentions.filter((m) => m.start < end && m.end > start);
    if (at.slice(0, 3).some((m) => (m.candidates?.length ?? 0) >= 2)) {
      const all = doc.mentions(this.registry);
      for (const mention of at.slice(0, 3)) {
        for (const fix of resolutionFixes(text, parsed.spans, all, mention, (id) => this.registry.entities.get(id)?.name)) {
          actions.push({ title: fix.title, kind: CodeActionKind.QuickFix, edit: this.workspaceEdit(doc, fix.edits) });
        }
      }
    }
    return actions;
  }

  // -------------------------------------------------------------------------------------------
  // Document symbols: the document's claims and events

  documentSymbols(uri: string): DocumentSymbol[] | null {
    const doc = this.doc(uri);
    if (!doc || !this.isAnalysed(doc)) return null;
    const spans = doc.markup().spans;
    const text = doc.text;
    const roots: DocumentSymbol[] = [];
    /** The symbol of each claim or event span (by index), for nesting. */
    const symbols = new Map<number, DocumentSymbol>();
    spans.forEach((span, index) => {
      if (span.kind !== 'claim' && span.kind !== 'event') return;
      const symbol: DocumentSymbol = {
        name: symbolName(text, span),
        detail: symbolDetail(span),
        kind: span.kind === 'event' ? SymbolKind.Event : SymbolKind.String,
        range: rangeOf(doc, span.start, span.end),
        selectionRange: rangeOf(doc, span.contentStart, span.contentEnd),
        children: [],
      };
      symbols.set(index, symbol);
      // The nearest enclosing claim or event holds it.
      let parent = span.parent;
      while (parent !== undefined && !symbols.has(parent)) parent = spans[parent]?.parent;
      if (parent !== undefined) symbols.get(parent)!.children!.push(symbol);
      else roots.push(symbol);
    });
    return roots;
  }

  // -------------------------------------------------------------------------------------------
  // Commands: tag claim, tag event, untag, link

  /**
   * Arguments: `[uri, ranges, args?]` (ranges: one Range or a list; an empty range is a cursor)
   * or `[{ uri | textDocument: { uri }, range | ranges | position, arguments | args }]`.
   */
  private async executeCommand(command: string, args: readonly unknown[]): Promise<unknown> {
    if (!(Object.values(SERVER_COMMANDS) as string[]).includes(command))
      throw new ResponseError(ErrorCodes.InvalidParams, `Unknown command ${JSON.stringify(command)}.`);
    const call = readCommandCall(args);
    const doc = this.documents.get(normaliseUri(call.uri));
    if (!doc) throw new ResponseError(ErrorCodes.InvalidParams, `The document ${call.uri} is not open in the server: open it first.`);
    if (!this.isAnalysed(doc))
      throw new ResponseError(
        ErrorCodes.InvalidParams,
        `Analyst Markup analyses documents of the languages ${this.settings.languages.join(', ')}; this one's language is “${doc.languageId}”.`,
      );
    const selections: TextSelection[] = call.ranges.map((r) => ({ start: offsetOf(doc, r.start), end: offsetOf(doc, r.end) }));
    const text = doc.text;
    const version = doc.version;
    let edits: MarkupEdit[];
    let result: Record<string, unknown>;
    if (command === SERVER_COMMANDS.tagClaim || command === SERVER_COMMANDS.tagEvent) {
      const kind = command === SERVER_COMMANDS.tagClaim ? 'claim' : 'event';
      const ids = new Set<string>();
      for (const other of this.documents.values()) if (other !== doc) for (const span of other.markup().spans) if (span.id) ids.add(span.id);
      for (const [uri, file] of this.workspaceTexts()) if (uri !== doc.uri) for (const t of file.tagIds) ids.add(t.id);
      const tagged = tagCommandEdits(text, selections, kind, call.args ?? {}, this.registry, ids, doc.markup().spans);
      if (!tagged.ok) throw new ResponseError(ErrorCodes.InvalidParams, `Analyst Markup: ${tagged.message}`);
      edits = tagged.edits;
      result = { ids: tagged.ids, unknownIds: tagged.unknownIds };
    } else if (command === SERVER_COMMANDS.untag) {
      const untagged = untagEdits(text, doc.markup().spans, selections);
      if (!untagged.ok) throw new ResponseError(ErrorCodes.InvalidParams, `Analyst Markup: ${untagged.message}`);
      edits = untagged.edits;
      result = { removed: untagged.spans.map((sp) => sp.id ?? '') };
    } else {
      const to = readLinkTarget(call.args);
      const linked = linkEdits(text, doc.markup().spans, doc.mentions(this.registry), selections, to);
      if (!linked.ok) throw new ResponseError(ErrorCodes.InvalidParams, `Analyst Markup: ${linked.message}`);
      edits = linked.edits;
      result = { to, unknownEntity: to !== NOT_AN_ENTITY && !this.registry.entities.has(to) };
    }
    const edit = this.workspaceEdit(doc, edits);
    if (!this.capabilities.applyEdit) return { applied: false, edit, ...result };
    const applied = await this.connection.workspace.applyEdit({ label: `Analyst Markup: ${command.replace(/^analystMarkup\./, '')}`, edit });
    if (!applied.applied)
      throw new ResponseError(
        LSPErrorCodes.RequestFailed,
        `Analyst Markup: the client did not apply the edit${applied.failureReason ? ` (${applied.failureReason})` : ''}; nothing was changed.${doc.version !== version ? ' The document changed meanwhile: run the command again.' : ''}`,
      );
    return { applied: true, edit, ...result };
  }
}

interface CommandCall {
  uri: string;
  ranges: Range[];
  args?: unknown;
}

function isPosition(value: unknown): value is Position {
  return typeof own(value, 'line') === 'number' && typeof own(value, 'character') === 'number';
}

function isRange(value: unknown): value is Range {
  return isPosition(own(value, 'start')) && isPosition(own(value, 'end'));
}

function readRanges(value: unknown): Range[] | undefined {
  if (isRange(value)) return [value];
  if (isPosition(value)) return [{ start: value, end: value }];
  if (Array.isArray(value) && value.length > 0 && value.length <= 10_000 && value.every(isRange)) return value;
  return undefined;
}

function readCommandCall(args: readonly unknown[]): CommandCall {
  const bad = (): never => {
    throw new ResponseError(ErrorCodes.InvalidParams, 'Arguments: [uri, range or ranges, arguments?] or [{ uri, range | ranges | position, arguments }].');
  };
  if (!Array.isArray(args)) return bad();
  if (typeof args[0] === 'string') {
    const ranges = readRanges(args[1]);
    if (!ranges) return bad();
    return { uri: args[0], ranges, args: args[2] };
  }
  const o: unknown = args[0];
  const uri = own(o, 'uri') ?? own(own(o, 'textDocument'), 'uri');
  const ranges = readRanges(own(o, 'ranges') ?? own(o, 'range') ?? own(o, 'position'));
  if (typeof uri !== 'string' || !ranges) return bad();
  return { uri, ranges, args: own(o, 'arguments') ?? own(o, 'args') };
}

function readLinkTarget(args: unknown): string {
  const to = own(args, 'to');
  if (typeof to !== 'string' || !isLinkTargetText(to.trim()))
    throw new ResponseError(ErrorCodes.InvalidParams, `Link Mention takes { to } (an entity id, or "none"), not ${JSON.stringify(args) ?? 'nothing'}.`);
  return to.trim();
}

/** `claim #c91x: “We do not oppose…”` */
function symbolName(text: string, span: TagSpan): string {
  const excerpt = text
    .slice(span.contentStart, span.contentEnd)
    .replace(/\]\{[^}]*\}/g, '')
    .replace(/[[\]\\]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  const short = excerpt.length > 60 ? `${excerpt.slice(0, 59)}…` : excerpt;
  return `${span.kind}${span.id ? ` #${span.id}` : ''}: ${short || '(empty)'}`;
}

function symbolDetail(span: TagSpan): string {
  const attr = (key: string): string => (Object.prototype.hasOwnProperty.call(span.attributes, key) ? span.attributes[key] : '');
  if (span.kind === 'claim')
    return [`by ${attr('by') || '?'}`, attr('about') && `about ${entityIdList(attr('about')).join(', ')}`, attr('confidence')].filter(Boolean).join(' · ');
  return [
    attr('type') || '?',
    attr('actors') && entityIdList(attr('actors')).join(', '),
    attr('targets') && `→ ${entityIdList(attr('targets')).join(', ')}`,
    attr('date'),
  ]
    .filter(Boolean)
    .join(' · ');
}
