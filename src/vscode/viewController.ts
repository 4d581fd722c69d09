// What the timeline and the network views share around their panel (viewPanel.ts): the one
// ViewData both draw from, opening the panel or revealing the open one, updates folded into one
// more run, posting only when the data or the view's own choices changed, the drawn report and
// the export after the next drawing. Each view says only what it computes and what its messages do.

import vscode = require('vscode');
import type { ExportFormat, ViewMessage, ViewName } from '../core/viewMessages';
import type { KeyedLists } from '../core/viewPatches';
import type { ViewData, ViewSnapshot } from './viewData';
import { FoldedRuns, ViewPanel } from './viewPanel';
import type { ViewsContext } from './viewsHost';

export abstract class ViewController<Data> {
  protected panel: ViewPanel | undefined;
  /** The data last computed (what the command returns, what messages refer to). */
  protected data: Data | undefined;
  /** Document paths of the last snapshot → their URIs (to open a tag). */
  protected uris = new Map<string, vscode.Uri>();
  private source: ViewData | undefined;
  private readonly updates = new FoldedRuns(() => this.run());
  private posted: { panel: ViewPanel; snapshot: ViewSnapshot; key: string } | undefined;
  protected readonly services: ViewsContext['services'];

  constructor(
    protected readonly host: ViewsContext,
    private readonly view: ViewName,
    private readonly title: string,
    private readonly keyedLists: KeyedLists,
  ) {
    this.services = host.services;
  }

  /** The view's own choices (filter, entity, date) as a string: the same key and snapshot post nothing. */
  protected abstract key(): string;
  /** The payload for the webview from a snapshot (sets `data`); `panel` for its title. */
  protected abstract payload(snapshot: ViewSnapshot, source: ViewData, panel: ViewPanel): unknown;
  protected abstract onMessage(message: ViewMessage): Promise<void>;
  /** Exports the extension writes itself (GraphML). */
  protected exportText(_format: ExportFormat, _drawn?: string): string | undefined {
    return undefined;
  }

  /** Opens the panel, or reveals the open one, and posts the data for the current choices. */
  protected async open(): Promise<ViewPanel> {
    if (!this.source) {
      // Kept while the extension runs (shared by both views): a view opened again finds its data read.
      this.source = this.host.viewData;
      this.source.onDidChangeView(
        () => void this.update(),
        () => this.panel?.drawnState?.ms ?? 0,
      );
    }
    if (!this.panel) {
      this.panel = new ViewPanel(
        this.services,
        this.view,
        this.title,
        {
          onReady: () => void this.update(),
          onMessage: (m) => this.onMessage(m),
          exportText: (format, drawn) => this.exportText(format, drawn),
          onDispose: () => {
            this.panel = undefined;
          },
        },
        this.keyedLists,
      );
    } else this.panel.panel.reveal(undefined, false);
    await this.update();
    return this.panel;
  }

  /** Recomputes and posts; concurrent calls fold into one more run. Returns the revision posted. */
  update(): Promise<number> {
    return this.updates.request();
  }

  private async run(): Promise<number> {
    const panel = this.panel;
    const source = this.source;
    if (!panel || !source) return 0;
    const started = Date.now();
    const snapshot = await source.snapshot();
    // Nothing new for this panel (an event that changed nothing it shows): no drawing again.
    const key = this.key();
    if (this.posted && this.posted.panel === panel && this.posted.snapshot === snapshot && this.posted.key === key) return panel.currentRevision;
    this.posted = { panel, snapshot, key };
    this.uris = snapshot.uris;
    const payload = this.payload(snapshot, source, panel);
    return panel.post(payload, Date.now() - started);
  }

  get current(): { panel?: ViewPanel; data?: Data } {
    return { panel: this.panel, data: this.data };
  }

  /** Exports the drawing of the data just posted to `target` (once the view drew it). */
  async exportAfterDrawing(panel: ViewPanel, format: ExportFormat, target: vscode.Uri): Promise<string | undefined> {
    await panel.drawn(panel.currentRevision - 1);
    return (await panel.exportTo(format, target))?.toString();
  }

  /** For tests and the benchmark: the next drawing after revision `after` (default: the current data's). */
  drawn(after?: unknown): Promise<unknown> | undefined {
    const panel = this.panel;
    if (!panel) return undefined;
    return panel.drawn(typeof after === 'number' ? after : panel.currentRevision - 1);
  }
}
