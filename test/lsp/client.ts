// A protocol client for the language server tests: starts `analyst-markup lsp` (tsc's output of
// the CLI, which loads src/lsp) over stdio and speaks LSP to it with vscode-languageserver-protocol.
// It answers the server's requests as an editor would: workspace/configuration from `settings`,
// client/registerCapability, and workspace/applyEdit applied to the documents it opened.

import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  ApplyWorkspaceEditParams,
  ClientCapabilities,
  createProtocolConnection,
  Diagnostic,
  InitializeResult,
  ProtocolConnection,
  PublishDiagnosticsParams,
  StreamMessageReader,
  StreamMessageWriter,
  TextDocumentContentChangeEvent,
  TextEdit,
} from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { findMentions } from '../../src/core/mentions';
import type { Registry } from '../../src/core/registry';
import { LineIndex } from '../../src/core/sourceText';

export const ROOT = path.resolve(__dirname, '../../..');
export const CLI = path.join(ROOT, 'out', 'src', 'cli', 'main.js');
export const FIXTURE = path.join(ROOT, 'test', 'fixtures', 'lsp', 'workspace');

/** A fresh copy of the fixture workspace in a temporary folder. */
export function copyWorkspace(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'analyst-markup-lsp-'));
  fs.cpSync(FIXTURE, dir, { recursive: true });
  return fs.realpathSync(dir);
}

export function uriOf(file: string): string {
  return pathToFileURL(file).href;
}

export const FULL_CAPABILITIES: ClientCapabilities = {
  workspace: {
    configuration: true,
    applyEdit: true,
    didChangeWatchedFiles: { dynamicRegistration: true },
    workspaceEdit: { documentChanges: true },
    semanticTokens: { refreshSupport: true },
  },
  textDocument: {
    synchronization: { dynamicRegistration: false },
    completion: { completionItem: { snippetSupport: true } },
    documentSymbol: { hierarchicalDocumentSymbolSupport: true },
    semanticTokens: {
      requests: { full: { delta: true }, range: true },
      tokenTypes: [],
      tokenModifiers: [],
      formats: ['relative'],
    },
  },
};

export interface StartOptions {
  folder: string;
  capabilities?: ClientCapabilities;
  initializationOptions?: unknown;
  /** What workspace/configuration answers for section `analystMarkup`. */
  settings?: unknown;
  processId?: number | null;
  args?: string[];
}

export class TestClient {
  readonly connection: ProtocolConnection;
  readonly diagnostics = new Map<string, Diagnostic[]>();
  readonly documents = new Map<string, TextDocument>();
  readonly registrations: { method: string; registerOptions?: unknown }[] = [];
  readonly appliedEdits: ApplyWorkspaceEditParams[] = [];
  /** What the server wrote to stderr (its log). */
  stderr = '';
  exitCode: number | null | undefined;
  readonly exited: Promise<number | null>;
  private listeners: (() => void)[] = [];

  constructor(
    readonly child: ChildProcess,
    private readonly options: StartOptions,
  ) {
    this.connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    child.stderr!.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
    this.exited = new Promise((resolve) => child.on('exit', (code) => resolve((this.exitCode = code))));
    this.connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      this.diagnostics.set(p.uri, p.diagnostics);
      this.notify();
    });
    this.connection.onRequest('workspace/configuration', (p: { items: { section?: string }[] }) => p.items.map(() => options.settings ?? null));
    this.connection.onRequest('client/registerCapability', (p: { registrations: { method: string; registerOptions?: unknown }[] }) => {
      this.registrations.push(...p.registrations);
      this.notify();
      return null;
    });
    this.connection.onRequest('workspace/semanticTokens/refresh', () => null);
    this.connection.onRequest('workspace/applyEdit', (p: ApplyWorkspaceEditParams): { applied: boolean; failureReason?: string } => {
      this.appliedEdits.push(p);
      for (const change of p.edit.documentChanges ?? []) {
        if (!('edits' in change)) continue;
        const doc = this.documents.get(change.textDocument.uri);
        if (!doc || (change.textDocument.version !== null && change.textDocument.version !== doc.version)) return { applied: false, failureReason: 'version' };
        const text = TextDocument.applyEdits(
          doc,
          change.edits.filter((e): e is TextEdit => 'newText' in e),
        );
        this.change(change.textDocument.uri, [{ text }]);
      }
      return { applied: true };
    });
    this.connection.listen();
  }

  static async start(options: StartOptions): Promise<TestClient> {
    const child = spawn(process.execPath, [CLI, 'lsp', ...(options.args ?? ['--stdio'])], { cwd: options.folder, stdio: ['pipe', 'pipe', 'pipe'] });
    const client = new TestClient(child, options);
    await client.initialize();
    return client;
  }

  result?: InitializeResult;

  async initialize(): Promise<InitializeResult> {
    const folderUri = uriOf(this.options.folder);
    this.result = await this.connection.sendRequest<InitializeResult>('initialize', {
      processId: this.options.processId === undefined ? process.pid : this.options.processId,
      rootUri: folderUri,
      workspaceFolders: [{ uri: folderUri, name: 'fixture' }],
      capabilities: this.options.capabilities ?? FULL_CAPABILITIES,
      initializationOptions: this.options.initializationOptions,
    });
    await this.connection.sendNotification('initialized', {});
    return this.result;
  }

  private notify(): void {
    for (const listener of this.listeners) listener();
  }

  /** Resolves once `test()` holds (checked after every notification), or rejects after `ms`. */
  waitFor<T>(what: string, test: () => T | undefined | false, ms = 15000): Promise<T> {
    return new Promise((resolve, reject) => {
      const check = (): boolean => {
        const value = test();
        if (value === undefined || value === false) return false;
        cleanup();
        resolve(value);
        return true;
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`timed out waiting for ${what}; diagnostics: ${JSON.stringify([...this.diagnostics])}; server log:\n${this.stderr}`));
      }, ms);
      const cleanup = (): void => {
        clearTimeout(timer);
        this.listeners = this.listeners.filter((l) => l !== check);
      };
      if (!check()) this.listeners.push(check);
    });
  }

  /** Opens a file of the workspace (its text from disk unless given). */
  open(
    file: string,
    languageId = file.endsWith('.md') ? 'markdown' : file.endsWith('.yaml') ? 'yaml' : 'plaintext',
    text = fs.readFileSync(file, 'utf8'),
  ): string {
    const uri = uriOf(file);
    this.documents.set(uri, TextDocument.create(uri, languageId, 1, text));
    void this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
    return uri;
  }

  change(uri: string, changes: TextDocumentContentChangeEvent[]): void {
    const doc = this.documents.get(uri)!;
    const next = TextDocument.update(doc, changes, doc.version + 1);
    this.documents.set(uri, next);
    void this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: next.version }, contentChanges: changes });
  }

  close(uri: string): void {
    this.documents.delete(uri);
    void this.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  text(uri: string): string {
    return this.documents.get(uri)!.getText();
  }

  request<T>(method: string, params: unknown): Promise<T> {
    return this.connection.sendRequest<T>(method, params);
  }

  /** shutdown, exit; resolves with the server's exit code. */
  async stop(): Promise<number | null> {
    if (this.exitCode === undefined) {
      try {
        await this.connection.sendRequest('shutdown');
        await this.connection.sendNotification('exit');
      } catch {
        // already gone
      }
    }
    const code = await Promise.race([this.exited, new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 5000))]);
    if (code === 'timeout') {
      this.child.kill();
      throw new Error('the server did not exit after shutdown/exit');
    }
    this.connection.dispose();
    return code;
  }
}

/** The list if it has items (for waitFor). */
export function nonEmpty<T>(list: readonly T[] | undefined): readonly T[] | undefined {
  return list && list.length > 0 ? list : undefined;
}

/** Decodes LSP relative token data into absolute tokens. */
export function decodeTokens(
  data: readonly number[],
  legend: { tokenTypes: string[]; tokenModifiers: string[] },
): { line: number; character: number; length: number; type: string; modifiers: string[] }[] {
  const out: { line: number; character: number; length: number; type: string; modifiers: string[] }[] = [];
  let line = 0;
  let character = 0;
  for (let i = 0; i + 4 < data.length + 0 && i < data.length; i += 5) {
    line += data[i];
    character = data[i] === 0 ? character + data[i + 1] : data[i + 1];
    const modifiers = legend.tokenModifiers.filter((_, bit) => (data[i + 4] & (1 << bit)) !== 0);
    out.push({ line, character, length: data[i + 2], type: legend.tokenTypes[data[i + 3]], modifiers });
  }
  return out;
}

/** The tokens a server should give for `text`: the core's mentions (SPEC §2, §9), one per mention on its line. */
export function expectedTokens(registry: Registry, text: string): ReturnType<typeof decodeTokens> {
  const lines = new LineIndex(text);
  return findMentions(registry, text)
    .filter((m) => registry.entities.has(m.entityId))
    .map((m) => {
      const start = lines.position(m.start);
      const modifiers: string[] = [];
      if (m.resolution === 'ambiguous') modifiers.push('ambiguous');
      if (m.resolution === 'office' && m.via !== m.entityId) modifiers.push('office');
      return { line: start.line, character: start.character, length: m.end - m.start, type: registry.entities.get(m.entityId)!.type, modifiers };
    });
}
