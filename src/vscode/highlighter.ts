// Entity highlights: one decoration type per entity type, created once, applied to every visible
// editor of the configured languages. Editor switches render at once; typing is debounced.

import vscode = require('vscode');
import { DocumentDebouncer } from './documentDebouncer';
import { ENTITY_TYPES, EntityType } from '../core/types';
import { highlightEnabled, highlightLanguages, isAnalysedDocument } from './config';
import type { MentionIndex } from './mentionIndex';
import type { RegistryService } from './registryService';
import { maxOf, minOf } from '../core/arrays';

const EDIT_DEBOUNCE_MS = 60;
/** Above this many lines, only the lines around the visible ones are highlighted. */
const LARGE_DOCUMENT_LINES = 5000;
/** Lines highlighted above and below the visible ones in a big document. */
const WINDOW_MARGIN_LINES = 500;
/** The same when a big document is first shown: the wider window follows right after. */
const FIRST_MARGIN_LINES = 40;

/** Lines `[first, last]` of a document. */
type LineWindow = [number, number];

/** The lines to highlight in a big document: the visible ones and `margin` around them. */
function visibleWindow(editor: vscode.TextEditor, margin: number): LineWindow {
  const ranges = editor.visibleRanges.length > 0 ? editor.visibleRanges : [new vscode.Range(0, 0, 0, 0)];
  const first = minOf(ranges.map((r) => r.start.line));
  const last = maxOf(ranges.map((r) => r.end.line));
  return [Math.max(0, first - margin), Math.min(editor.document.lineCount - 1, last + margin)];
}

/** Whether the highlighted window still holds the visible lines with `margin` to spare. */
function covers(window: LineWindow, editor: vscode.TextEditor, margin = WINDOW_MARGIN_LINES / 2): boolean {
  return editor.visibleRanges.every(
    (r) => (r.start.line - margin >= window[0] || window[0] === 0) && (r.end.line + margin <= window[1] || window[1] >= editor.document.lineCount - 1),
  );
}

export function entityColorId(type: EntityType): string {
  return `analystMarkup.${type}Highlight`;
}

/** What a highlight shows: an entity's type, or a mention the text leaves ambiguous (SPEC §9). */
export type HighlightKind = EntityType | 'ambiguous';
const HIGHLIGHT_KINDS: readonly HighlightKind[] = [...ENTITY_TYPES, 'ambiguous'];

function emptyRanges(): Record<HighlightKind, vscode.Range[]> {
  return { person: [], organization: [], state: [], place: [], position: [], other: [], ambiguous: [] };
}

export class Highlighter implements vscode.Disposable {
  private readonly decorationTypes: Record<HighlightKind, vscode.TextEditorDecorationType>;
  /** A subtle dotted underline on mentions resolved through an office, over the person's colour. */
  private readonly officeMark: vscode.TextEditorDecorationType;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly debouncer = new DocumentDebouncer(EDIT_DEBOUNCE_MS, (document) => this.refreshDocument(document));
  /** What each visible editor shows, for the tests' `analystMarkup.internal.highlights` command. */
  private readonly rendered = new WeakMap<
    vscode.TextEditor,
    {
      document: vscode.TextDocument;
      version: number;
      generation: number;
      active: boolean;
      /** Lines highlighted in a big document (all of a small one: undefined). */
      window: LineWindow | undefined;
      byType: Record<HighlightKind, vscode.Range[]>;
      offices: vscode.Range[];
    }
  >();
  /** The highlight settings, read on the first render (not during activation). */
  private settings: { enabled: boolean; languages: string[] } | undefined;
  /** Big documents just shown whose wider window is still to render. */
  private readonly widening = new Set<vscode.TextEditor>();
  private wideningTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly registries: RegistryService,
    private readonly index: MentionIndex,
  ) {
    this.decorationTypes = Object.fromEntries(
      ENTITY_TYPES.map((type) => {
        const color = new vscode.ThemeColor(entityColorId(type));
        return [
          type,
          vscode.window.createTextEditorDecorationType({
            backgroundColor: color,
            borderRadius: '2px',
            overviewRulerColor: color,
            overviewRulerLane: vscode.OverviewRulerLane.Right,
            rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed,
          }),
        ];
      }),
    ) as Record<HighlightKind, vscode.TextEditorDecorationType>;
    this.decorationTypes.ambiguous = vscode.window.createTextEditorDecorationType({
      color: new vscode.ThemeColor('analystMarkup.ambiguousForeground'),
      backgroundColor: new vscode.ThemeColor('analystMarkup.ambiguousBackground'),
      border: '1px dashed',
      borderColor: new vscode.ThemeColor('analystMarkup.ambiguousBorder'),
      borderRadius: '2px',
      overviewRulerColor: new vscode.ThemeColor('analystMarkup.ambiguousBorder'),
      overviewRulerLane: vscode.OverviewRulerLane.Right,
      rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed,
    });
    this.officeMark = vscode.window.createTextEditorDecorationType({
      borderColor: new vscode.ThemeColor('analystMarkup.officeUnderline'),
      borderStyle: 'none none dotted none',
      borderWidth: '0 0 1px 0',
      rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed,
    });
    this.disposables.push(
      ...Object.values(this.decorationTypes),
      this.officeMark,
      // A big document's full scan is done: its mentions now resolve from the whole text.
      index.onDidComplete((document) => {
        for (const editor of vscode.window.visibleTextEditors) {
          if (editor.document !== document) continue;
          this.rendered.delete(editor);
          this.render(editor);
        }
      }),
      vscode.window.onDidChangeVisibleTextEditors(() => this.refreshAll()),
      // An editor can stay "visible" while its document is replaced (a new untitled buffer
      // reusing a name): render the active editor whenever it changes.
      vscode.window.onDidChangeActiveTextEditor((editor) => editor && this.render(editor)),
      // Scrolling a big document moves its highlighted window (a no-op for small ones).
      vscode.window.onDidChangeTextEditorVisibleRanges((e) => this.render(e.textEditor)),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length > 0) this.debouncer.schedule(e.document);
      }),
      vscode.workspace.onDidOpenTextDocument((d) => this.refreshDocument(d)),
      registries.onDidChange(() => this.refreshAll()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('analystMarkup.highlight')) {
          this.settings = undefined;
          this.refreshAll();
        }
      }),
    );
    this.refreshAll();
  }

  refreshAll(): void {
    for (const editor of vscode.window.visibleTextEditors) this.render(editor);
  }

  private refreshDocument(document: vscode.TextDocument): void {
    for (const editor of vscode.window.visibleTextEditors) if (editor.document === document) this.render(editor);
  }

  private render(editor: vscode.TextEditor): void {
    // Before the registry has loaded there is nothing to highlight (it fires onDidChange then).
    if (!this.registries.isLoaded) return;
    const document = editor.document;
    const settings = (this.settings ??= { enabled: highlightEnabled(), languages: highlightLanguages() });
    const active = settings.enabled && isAnalysedDocument(document, settings.languages);
    const generation = this.registries.registry.generation;
    // Big documents get highlights around what is visible: positions, ranges and the workbench's
    // own work grow with the number of decorations, not with the text. When one is first shown,
    // the visible lines come first, in a window of their own; the wider one follows at once.
    const shown = this.rendered.get(editor);
    const firstShown = !shown || shown.document !== document;
    const window = document.lineCount > LARGE_DOCUMENT_LINES ? visibleWindow(editor, firstShown ? FIRST_MARGIN_LINES : WINDOW_MARGIN_LINES) : undefined;
    // Opening an editor fires both the visible- and the active-editor event: render once.
    if (
      shown &&
      shown.document === document &&
      shown.version === document.version &&
      shown.generation === generation &&
      shown.active === active &&
      (!window || (shown.window && covers(shown.window, editor, this.widening.has(editor) ? 0 : undefined)))
    ) {
      return;
    }
    const byType = emptyRanges();
    const offices: vscode.Range[] = [];
    if (active) {
      const entities = this.registries.registry.entities;
      const mentions = window ? this.index.mentionsInLines(document, window[0], window[1]) : this.index.mentions(document);
      for (const mention of mentions) {
        const entity = entities.get(mention.entityId);
        if (!entity) continue;
        const range = new vscode.Range(document.positionAt(mention.start), document.positionAt(mention.end));
        if (mention.resolution === 'ambiguous') {
          byType.ambiguous.push(range);
          continue;
        }
        byType[entity.type].push(range);
        if (mention.resolution === 'office' && mention.via !== mention.entityId) offices.push(range);
      }
    }
    for (const kind of HIGHLIGHT_KINDS) editor.setDecorations(this.decorationTypes[kind], byType[kind]);
    editor.setDecorations(this.officeMark, offices);
    this.rendered.set(editor, { document, version: document.version, generation, active, window, byType, offices });
    if (window && firstShown) this.widenSoon(editor);
  }

  /** Renders the wider window of a big document just shown, once its first highlights are out. */
  private widenSoon(editor: vscode.TextEditor): void {
    this.widening.add(editor);
    this.wideningTimer ??= setTimeout(() => {
      this.wideningTimer = undefined;
      const editors = [...this.widening];
      this.widening.clear();
      for (const e of editors) if (vscode.window.visibleTextEditors.includes(e)) this.render(e);
    }, 0);
  }

  /** The highlights currently shown in the visible editors. */
  renderedHighlights(): { uri: string; type: HighlightKind; range: [number, number, number, number]; office?: true }[] {
    const out: { uri: string; type: HighlightKind; range: [number, number, number, number]; office?: true }[] = [];
    for (const editor of vscode.window.visibleTextEditors) {
      const shown = this.rendered.get(editor);
      if (!shown || shown.document !== editor.document) continue;
      const byType = shown.byType;
      const offices = new Set(shown.offices.map((r) => `${r.start.line}:${r.start.character}`));
      for (const type of HIGHLIGHT_KINDS) {
        for (const r of byType[type]) {
          const highlight: { uri: string; type: HighlightKind; range: [number, number, number, number]; office?: true } = {
            uri: editor.document.uri.toString(),
            type,
            range: [r.start.line, r.start.character, r.end.line, r.end.character],
          };
          if (offices.has(`${r.start.line}:${r.start.character}`)) highlight.office = true;
          out.push(highlight);
        }
      }
    }
    return out;
  }

  /**
   * Per visible editor: the lines its highlights cover (all of a small document: undefined),
   * the document version they are of, and the lines the editor shows.
   */
  renderedLines(): { uri: string; version: number; current: boolean; lines: LineWindow[] | undefined; visible: LineWindow[]; count: number }[] {
    const out: { uri: string; version: number; current: boolean; lines: LineWindow[] | undefined; visible: LineWindow[]; count: number }[] = [];
    for (const editor of vscode.window.visibleTextEditors) {
      const shown = this.rendered.get(editor);
      if (!shown || shown.document !== editor.document) continue;
      const count = HIGHLIGHT_KINDS.reduce((sum, type) => sum + shown.byType[type].length, 0);
      out.push({
        uri: editor.document.uri.toString(),
        version: shown.version,
        current: shown.version === editor.document.version && shown.generation === this.registries.registry.generation,
        lines: shown.window && [shown.window],
        visible: editor.visibleRanges.map((r): LineWindow => [r.start.line, r.end.line]),
        count,
      });
    }
    return out;
  }

  dispose(): void {
    if (this.wideningTimer) clearTimeout(this.wideningTimer);
    this.debouncer.dispose();
    for (const d of this.disposables) d.dispose();
  }
}
