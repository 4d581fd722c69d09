// How tags look in the editor: the text of a claim or an event gets a faint background and a
// dotted underline in its kind's theme colour (`analystMarkup.claimBackground`/`claimBorder`,
// `eventBackground`/`eventBorder`); attribute blocks are shown as they are, dimmed, or folded
// (setting `analystMarkup.markup.attributes`: show | dim | fold). Folding is VS Code's own: a
// FoldingRangeProvider offers tags and attribute blocks that run over several lines, and in
// "fold" mode those blocks are folded when a document is first shown. VS Code folds whole lines,
// so one-line blocks are dimmed instead. Entity highlights (highlighter.ts) stay on top.

import vscode = require('vscode');
import { DocumentDebouncer } from './documentDebouncer';
import { tagFoldingRanges } from '../core/markupAssist';
import { isAnalysedDocument } from './config';
import { offsetRange } from './convert';
import { hasParsedMarkup, parsedMarkup } from './markupDocument';
import type { Services } from './services';

export type AttributeDisplay = 'show' | 'dim' | 'fold';

const EDIT_DEBOUNCE_MS = 80;
const DIM_OPACITY = '0.5';

export function attributeDisplay(): AttributeDisplay {
  const value = vscode.workspace.getConfiguration('analystMarkup').get<string>('markup.attributes', 'dim');
  return value === 'show' || value === 'fold' ? value : 'dim';
}

type Rendered = { document: vscode.TextDocument; version: number; claim: vscode.Range[]; event: vscode.Range[]; dimmed: vscode.Range[] };
/** Links (`.ref`) get no background of their own: the mention inside is highlighted as its entity. */
type StyledKind = 'claim' | 'event';

class MarkupDecorations implements vscode.Disposable {
  private readonly kinds: Record<StyledKind, vscode.TextEditorDecorationType>;
  private readonly dim: vscode.TextEditorDecorationType;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly debouncer = new DocumentDebouncer(EDIT_DEBOUNCE_MS, (document) => {
    for (const editor of vscode.window.visibleTextEditors) if (editor.document === document) this.render(editor);
  });
  private readonly rendered = new WeakMap<vscode.TextEditor, Rendered>();
  /** Documents whose multi-line attribute blocks were folded once ("fold" mode). */
  private folded = new WeakSet<vscode.TextDocument>();
  /** The `markup.attributes` setting, read on first use (not during activation). */
  private displaySetting: AttributeDisplay | undefined;
  private readonly waiting = new Set<vscode.TextEditor>();
  private waitingTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly services: Services) {
    const kindStyle = (kind: StyledKind): vscode.TextEditorDecorationType =>
      vscode.window.createTextEditorDecorationType({
        backgroundColor: new vscode.ThemeColor(`analystMarkup.${kind}Background`),
        borderColor: new vscode.ThemeColor(`analystMarkup.${kind}Border`),
        borderStyle: 'none none dotted none',
        borderWidth: '0 0 1px 0',
        rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed,
      });
    this.kinds = { claim: kindStyle('claim'), event: kindStyle('event') };
    this.dim = vscode.window.createTextEditorDecorationType({ opacity: DIM_OPACITY, rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed });
    this.disposables.push(
      this.kinds.claim,
      this.kinds.event,
      this.dim,
      vscode.window.onDidChangeVisibleTextEditors(() => this.renderAll()),
      vscode.window.onDidChangeActiveTextEditor((editor) => {
        if (!editor) return;
        if (!hasParsedMarkup(editor.document)) return this.renderSoon(editor);
        this.render(editor);
        void this.foldOnce(editor);
      }),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length > 0) this.debouncer.schedule(e.document);
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('analystMarkup.markup.attributes')) {
          const before = this.display;
          this.displaySetting = attributeDisplay();
          this.renderAll();
          void this.displayChanged(before);
        } else if (e.affectsConfiguration('analystMarkup.highlight.languages')) {
          this.renderAll();
        }
      }),
    );
    // The editors open at start-up: right after activation.
    for (const editor of vscode.window.visibleTextEditors) this.renderSoon(editor);
  }

  private get display(): AttributeDisplay {
    return (this.displaySetting ??= attributeDisplay());
  }

  renderAll(): void {
    for (const editor of vscode.window.visibleTextEditors) {
      if (hasParsedMarkup(editor.document)) this.render(editor);
      else this.renderSoon(editor);
    }
  }

  /** Renders a big document's tags right after the task that showed it: its highlights go first. */
  private renderSoon(editor: vscode.TextEditor): void {
    this.waiting.add(editor);
    this.waitingTimer ??= setTimeout(() => {
      this.waitingTimer = undefined;
      const editors = [...this.waiting];
      this.waiting.clear();
      for (const e of editors) {
        if (!vscode.window.visibleTextEditors.includes(e)) continue;
        this.render(e);
        void this.foldOnce(e);
      }
    }, 0);
  }

  private render(editor: vscode.TextEditor): void {
    const document = editor.document;
    const shown: Rendered = { document, version: document.version, claim: [], event: [], dimmed: [] };
    if (isAnalysedDocument(document)) {
      for (const span of parsedMarkup(document).spans) {
        if (span.kind && span.kind !== 'ref') shown[span.kind].push(offsetRange(document, span.contentStart, span.contentEnd));
        if (this.display !== 'show') shown.dimmed.push(offsetRange(document, span.attrStart, span.end));
      }
    }
    editor.setDecorations(this.kinds.claim, shown.claim);
    editor.setDecorations(this.kinds.event, shown.event);
    editor.setDecorations(this.dim, shown.dimmed);
    this.rendered.set(editor, shown);
  }

  /** The start lines of a document's multi-line attribute blocks. */
  private blockLines(document: vscode.TextDocument): number[] {
    const parsed = parsedMarkup(document);
    return tagFoldingRanges(document.getText(), parsed.spans)
      .filter((f) => f.kind === 'attributes')
      .map((f) => f.startLine);
  }

  /** In "fold" mode, folds the attribute blocks of the active editor's document, once per document. */
  private async foldOnce(editor: vscode.TextEditor): Promise<void> {
    if (this.display !== 'fold' || this.folded.has(editor.document) || !isAnalysedDocument(editor.document)) return;
    if (vscode.window.activeTextEditor !== editor) return; // the fold commands work on the active editor
    this.folded.add(editor.document);
    const lines = this.blockLines(editor.document);
    if (lines.length === 0) return;
    try {
      await vscode.commands.executeCommand('editor.fold', { selectionLines: lines, levels: 1 });
    } catch (error) {
      this.services.log.debug(`Could not fold attribute blocks: ${String(error)}`);
    }
  }

  private async displayChanged(before: AttributeDisplay): Promise<void> {
    const editor = vscode.window.activeTextEditor;
    if (!editor || !isAnalysedDocument(editor.document)) return;
    if (this.display === 'fold') {
      this.folded = new WeakSet();
      await this.foldOnce(editor);
    } else if (before === 'fold') {
      const lines = this.blockLines(editor.document);
      if (lines.length > 0) await vscode.commands.executeCommand('editor.unfold', { selectionLines: lines, levels: 1 });
    }
  }

  /** What the visible editors show, for the integration tests. */
  snapshot(): { uri: string; claim: number[][]; event: number[][]; dimmed: number[][]; display: AttributeDisplay }[] {
    const flat = (ranges: vscode.Range[]): number[][] => ranges.map((r) => [r.start.line, r.start.character, r.end.line, r.end.character]);
    const out: { uri: string; claim: number[][]; event: number[][]; dimmed: number[][]; display: AttributeDisplay }[] = [];
    for (const editor of vscode.window.visibleTextEditors) {
      const shown = this.rendered.get(editor);
      if (!shown || shown.document !== editor.document) continue;
      out.push({ uri: editor.document.uri.toString(), claim: flat(shown.claim), event: flat(shown.event), dimmed: flat(shown.dimmed), display: this.display });
    }
    return out;
  }

  dispose(): void {
    if (this.waitingTimer) clearTimeout(this.waitingTimer);
    this.debouncer.dispose();
    for (const d of this.disposables) d.dispose();
  }
}

function foldingProvider(): vscode.FoldingRangeProvider & vscode.Disposable {
  const changed = new vscode.EventEmitter<void>();
  return {
    onDidChangeFoldingRanges: changed.event,
    provideFoldingRanges(document) {
      if (!isAnalysedDocument(document)) return undefined;
      if (!hasParsedMarkup(document)) {
        // A big document just opened: its highlights first, its tags right after (then ask again).
        setTimeout(() => {
          parsedMarkup(document);
          changed.fire();
        }, 0);
        return undefined;
      }
      const parsed = parsedMarkup(document);
      const folds = tagFoldingRanges(document.getText(), parsed.spans);
      // undefined (not []) when there is nothing: VS Code then keeps its indentation folding.
      if (folds.length === 0) return undefined;
      return folds.map((f) => new vscode.FoldingRange(f.startLine, f.endLine, vscode.FoldingRangeKind.Region));
    },
    dispose: () => changed.dispose(),
  };
}

export function registerMarkupDecorations(services: Services): void {
  const decorations = new MarkupDecorations(services);
  const folding = foldingProvider();
  services.context.subscriptions.push(
    decorations,
    folding,
    vscode.languages.registerFoldingRangeProvider('*', folding),
    // Not contributed to the palette: lets the integration tests see what the user sees.
    vscode.commands.registerCommand('analystMarkup.internal.tagDecorations', () => decorations.snapshot()),
  );
}
