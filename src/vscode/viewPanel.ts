// The webview panel shared by the timeline and network views (SPEC §10): one panel per view,
// offline (its script and style ship in the extension: dist/webview/<view>.js, media/views.css,
// loaded only when the view opens), a strict Content-Security-Policy with a nonce for the one
// script, messages from the webview validated (core/viewMessages.ts) before anything acts on
// them, and exports written through `vscode.workspace.fs` (the web build has no Node).
//
// For tests and the benchmark: `drawn(after)` resolves when the view reports it drew a revision
// later than `after` (an event from the webview, no polling).

import vscode = require('vscode');
import { ExportFormat, parseViewMessage, pngBytes, ViewMessage, ViewName } from '../core/viewMessages';
import { KeyedLists, keyedPatch, Sent } from '../core/viewPatches';
import type { Services } from './services';
import { targetUri } from './targetUri';

const EXPORT_TIMEOUT_MS = 20000;

export interface DrawnState {
  view: ViewName;
  revision: number;
  counts: Record<string, number>;
  /** Milliseconds from the data being posted to the view reporting it drawn. */
  ms: number;
  /** Milliseconds the extension spent computing that data (for the benchmark's breakdown). */
  computeMs: number;
  /** How the panel loaded (from its first drawing on, with every drawing: the benchmark's breakdown). */
  load?: PanelLoad;
}

/**
 * When (epoch ms) the panel was asked for, ms from then until it was created, its HTML set, the
 * webview's ready arrived and the first data was posted; `page`: the webview's own marks (ms
 * after the HTML was set: document, head, script fetched, began, ready; common.ts loadTimings).
 */
export interface PanelLoad {
  openedAt: number;
  createdMs: number;
  htmlMs: number;
  readyMs: number;
  postedMs: number;
  page: Record<string, number>;
}

function nonce(): string {
  const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  let out = '';
  const random = new Uint32Array(32);
  globalThis.crypto.getRandomValues(random);
  for (const r of random) out += chars[r % chars.length];
  return out;
}

export function viewHtml(webview: vscode.Webview, extensionUri: vscode.Uri, view: ViewName, title: string, htmlAt = Date.now()): string {
  const n = nonce();
  const script = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview', `${view}.js`));
  const style = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', 'views.css'));
  const csp = [
    "default-src 'none'",
    `script-src 'nonce-${n}'`,
    `style-src ${webview.cspSource}`,
    `img-src ${webview.cspSource} data: blob:`,
    `font-src ${webview.cspSource}`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${style.toString()}">
<title>${title}</title>
<script nonce="${n}">window.analystMarkupLoad = { head: performance.now() };</script>
</head>
<body data-analyst-view="${view}" data-html-at="${htmlAt}">
<div id="app" class="app"><p class="loading">Loading…</p></div>
<script nonce="${n}" src="${script.toString()}"></script>
</body>
</html>`;
}

/**
 * Runs `run` now, or, when asked during a run, once more right after it: concurrent requests fold
 * into one more run, and every caller gets the result of the last run.
 */
export class FoldedRuns<T> {
  private running: Promise<T> | undefined;
  private again = false;

  constructor(private readonly run: () => Promise<T>) {}

  request(): Promise<T> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      let result: T;
      do {
        this.again = false;
        result = await this.run();
      } while (this.again);
      this.running = undefined;
      return result;
    })();
    return this.running;
  }
}

export interface ViewPanelHandlers {
  /** A validated message other than ready/drawn/export. */
  onMessage(message: ViewMessage): void | Promise<void>;
  /** The view is ready for data (first load, or reloaded). */
  onReady(): void | Promise<void>;
  /** GraphML and other exports the extension makes itself (`drawn`: what the view sent for it, e.g. node positions). */
  exportText?(format: ExportFormat, drawn?: string): string | undefined;
  onDispose(): void;
}

export class ViewPanel implements vscode.Disposable {
  readonly panel: vscode.WebviewPanel;
  private revision = 0;
  private ready = false;
  private postedAt = new Map<number, number>();
  private computeMs = new Map<number, number>();
  private lastDrawn: DrawnState | undefined;
  private readonly drawnEmitter = new vscode.EventEmitter<DrawnState>();
  private readonly disposables: vscode.Disposable[] = [this.drawnEmitter];
  private exportRequests = new Map<number, (data: string | undefined) => void>();
  private requestCounter = 0;
  private pending: unknown;
  /** What the webview has (for patches); undefined until the first data, and after a reload. */
  private sent: Sent | undefined;
  /** The data last posted: a reloaded webview gets it again (the views post only what changed). */
  private lastData: unknown;
  /** When the panel was asked for, made, given its HTML, heard ready, first posted to (benchmark). */
  private readonly loadMarks: { openedAt: number; createdAt: number; htmlAt?: number; readyAt?: number; postedAt?: number };
  private load: PanelLoad | undefined;

  readonly onDidDraw = this.drawnEmitter.event;

  constructor(
    private readonly services: Services,
    readonly view: ViewName,
    title: string,
    private readonly handlers: ViewPanelHandlers,
    private readonly keyedLists: KeyedLists = [],
  ) {
    const extensionUri = services.context.extensionUri;
    const openedAt = Date.now();
    this.panel = vscode.window.createWebviewPanel(
      `analystMarkup.${view}`,
      title,
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: false },
      {
        enableScripts: true,
        retainContextWhenHidden: true,
        localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist', 'webview'), vscode.Uri.joinPath(extensionUri, 'media')],
      },
    );
    const createdAt = Date.now();
    this.panel.webview.html = viewHtml(this.panel.webview, extensionUri, view, title, createdAt);
    this.loadMarks = { openedAt, createdAt, htmlAt: createdAt };
    this.disposables.push(
      this.panel.webview.onDidReceiveMessage((raw: unknown) => void this.receive(raw)),
      this.panel.onDidDispose(() => {
        for (const resolve of this.exportRequests.values()) resolve(undefined);
        this.exportRequests.clear();
        this.handlers.onDispose();
        this.dispose();
      }),
    );
  }

  /**
   * Sends new data; returns its revision. Held until the script is ready. (Measured and not
   * kept: the first data in the page itself, or posted before ready for VS Code to hold: either
   * only moved the megabytes' transfer ahead of the page's document, and was no faster.)
   */
  post(data: unknown, computeMs = 0): number {
    const revision = ++this.revision;
    this.computeMs.set(revision, computeMs);
    this.pending = data;
    this.lastData = data;
    if (this.ready) this.flush();
    return revision;
  }

  private flush(): void {
    if (this.pending === undefined) return;
    const data = this.pending;
    this.pending = undefined;
    this.postedAt.set(this.revision, Date.now());
    this.loadMarks.postedAt ??= Date.now();
    const diff = this.keyedLists.length > 0 ? keyedPatch(data, this.keyedLists, this.sent) : undefined;
    this.sent = diff?.sent;
    if (diff?.patch) void this.panel.webview.postMessage({ type: 'data', revision: this.revision, patch: diff.patch, postedAt: Date.now() });
    else void this.panel.webview.postMessage({ type: 'data', revision: this.revision, data, postedAt: Date.now() });
  }

  /** The revision of the data last posted. */
  get currentRevision(): number {
    return this.revision;
  }

  get drawnState(): DrawnState | undefined {
    return this.lastDrawn;
  }

  /** Resolves with the first drawing of a revision after `after` (now, if already drawn). */
  drawn(after: number, timeoutMs = 15000): Promise<DrawnState> {
    if (this.lastDrawn && this.lastDrawn.revision > after) return Promise.resolve(this.lastDrawn);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        listener.dispose();
        reject(new Error(`the ${this.view} view drew nothing after revision ${after} within ${timeoutMs} ms`));
      }, timeoutMs);
      const listener = this.onDidDraw((state) => {
        if (state.revision <= after) return;
        clearTimeout(timer);
        listener.dispose();
        resolve(state);
      });
    });
  }

  private async receive(raw: unknown): Promise<void> {
    const message = parseViewMessage(raw);
    if (!message) {
      this.services.log.warn(`${this.view} view: ignored a malformed message from the webview`);
      return;
    }
    try {
      switch (message.type) {
        case 'ready':
          this.loadMarks.readyAt ??= Date.now();
          this.ready = true;
          this.sent = undefined;
          if (this.pending === undefined) this.pending = this.lastData;
          await this.handlers.onReady();
          this.flush();
          return;
        case 'drawn': {
          if (message.revision > this.revision) return;
          const postedAt = this.postedAt.get(message.revision);
          const computeMs = this.computeMs.get(message.revision) ?? 0;
          for (const r of [...this.postedAt.keys()]) if (r <= message.revision) this.postedAt.delete(r);
          for (const r of [...this.computeMs.keys()]) if (r <= message.revision) this.computeMs.delete(r);
          this.lastDrawn = {
            view: this.view,
            revision: message.revision,
            counts: message.counts,
            ms: postedAt === undefined ? 0 : Date.now() - postedAt,
            computeMs,
          };
          const marks = this.loadMarks;
          if (!this.load && marks.readyAt !== undefined && marks.postedAt !== undefined) {
            const page: Record<string, number> = {};
            for (const [k, v] of Object.entries(message.counts)) if (k.startsWith('load')) page[k] = v;
            this.load = {
              openedAt: marks.openedAt,
              createdMs: marks.createdAt - marks.openedAt,
              htmlMs: (marks.htmlAt ?? marks.createdAt) - marks.openedAt,
              readyMs: marks.readyAt - marks.openedAt,
              postedMs: marks.postedAt - marks.openedAt,
              page,
            };
          }
          this.lastDrawn.load = this.load;
          this.drawnEmitter.fire(this.lastDrawn);
          return;
        }
        case 'export':
          if (message.requestId !== undefined) {
            const resolve = this.exportRequests.get(message.requestId);
            if (!resolve) return;
            this.exportRequests.delete(message.requestId);
            resolve(message.data);
            return;
          }
          await this.exportInteractively(message.format, message.data);
          return;
        default:
          await this.handlers.onMessage(message);
      }
    } catch (error) {
      this.services.log.error(`${this.view} view: ${String(error)}`);
    }
  }

  /** Asks the webview for its drawing as SVG or PNG, or what it drew for GraphML (node positions). */
  private requestDrawing(format: ExportFormat): Promise<string | undefined> {
    const requestId = ++this.requestCounter;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.exportRequests.delete(requestId);
        resolve(undefined);
      }, EXPORT_TIMEOUT_MS);
      this.exportRequests.set(requestId, (data) => {
        clearTimeout(timer);
        resolve(data);
      });
      void this.panel.webview.postMessage({ type: 'requestExport', format, requestId });
    });
  }

  private async content(format: ExportFormat, drawing?: string): Promise<Uint8Array | undefined> {
    if (format === 'graphml') {
      // Where the view drew the nodes, for the file's layout (without an answer: a grid).
      const positions = drawing ?? (await this.requestDrawing('graphml'));
      const text = this.handlers.exportText?.('graphml', positions);
      return text === undefined ? undefined : new TextEncoder().encode(text);
    }
    const data = drawing ?? (await this.requestDrawing(format));
    if (data === undefined) return undefined;
    return format === 'png' ? pngBytes(data) : new TextEncoder().encode(data);
  }

  private async exportInteractively(format: ExportFormat, drawing?: string): Promise<void> {
    const folder = vscode.workspace.workspaceFolders?.[0];
    const target = await vscode.window.showSaveDialog({
      title: this.view === 'timeline' ? vscode.l10n.t('Export the timeline') : vscode.l10n.t('Export the network'),
      defaultUri: folder ? vscode.Uri.joinPath(folder.uri, `${this.view}.${format}`) : undefined,
      filters: { [format.toUpperCase()]: [format] },
      saveLabel: vscode.l10n.t('Export'),
    });
    if (target) await this.exportTo(format, target, drawing);
  }

  /** Writes the view's export; returns the URI written, undefined when nothing could be. */
  async exportTo(format: ExportFormat, target: vscode.Uri, drawing?: string): Promise<vscode.Uri | undefined> {
    const bytes = await this.content(format, drawing);
    if (!bytes) {
      void vscode.window.showErrorMessage(
        this.view === 'timeline'
          ? vscode.l10n.t('Analyst Markup: the timeline view could not export {0}.', format.toUpperCase())
          : vscode.l10n.t('Analyst Markup: the network view could not export {0}.', format.toUpperCase()),
      );
      return undefined;
    }
    try {
      await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(target, '..')).then(undefined, () => undefined);
      await vscode.workspace.fs.writeFile(target, bytes);
    } catch (error) {
      void vscode.window.showErrorMessage(vscode.l10n.t('Analyst Markup: could not write {0}: {1}', target.toString(true), String(error)));
      return undefined;
    }
    this.services.log.info(`${this.view} view: exported ${format.toUpperCase()} to ${target.toString(true)}`);
    return target;
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
    this.disposables.length = 0;
  }
}

/** `target` and `format` of a show command: the format from the argument, else the file's extension. */
export function exportArguments(
  args: Record<string, unknown>,
  allowed: readonly ExportFormat[],
): { target?: vscode.Uri; format?: ExportFormat; error?: string } {
  const target = targetUri(args.target);
  if (typeof target === 'string') return { error: target };
  if (!target) return {};
  const written = typeof args.format === 'string' ? args.format.trim().toLowerCase() : /\.([a-z]+)$/i.exec(target.path)?.[1]?.toLowerCase();
  const format = allowed.find((f) => f === written);
  if (!format)
    return { error: `the export format must be ${allowed.join(', ')} (from “format” or the target's extension); got ${JSON.stringify(written ?? '')}.` };
  return { target, format };
}

/** A plain argument object of a command, or an empty one (a tree item or a URI is no argument object). */
export function argumentObject(arg: unknown): Record<string, unknown> {
  if (arg === null || typeof arg !== 'object' || Array.isArray(arg) || arg instanceof vscode.Uri) return {};
  return arg as Record<string, unknown>;
}

/** The range of a tag (1-based lines and columns, as exported) in VS Code's terms. */
export function tagRange(tag: { line: number; column: number; endLine: number; endColumn: number }): vscode.Range {
  return new vscode.Range(tag.line - 1, tag.column - 1, tag.endLine - 1, tag.endColumn - 1);
}

/** Shows a tag's range in its document, selected (a column other than the view's). */
export async function revealRange(uri: vscode.Uri, range: vscode.Range): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(uri);
  const visible = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === uri.toString());
  const editor = await vscode.window.showTextDocument(document, {
    viewColumn: visible?.viewColumn ?? vscode.ViewColumn.One,
    selection: new vscode.Selection(range.start, range.end),
    preview: true,
  });
  editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  return editor;
}
