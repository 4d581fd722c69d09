// Claim and event tags in the editor (SPEC §3): diagnostics (the parser's, unknown entity IDs and
// event types, tag IDs used twice in the workspace), quick fixes, completion inside attribute
// blocks and a hover card on a tag. Decorations and folding live in markupDecorations.ts. The
// logic is in the pure core (core/markupAssist.ts); this file adapts it to VS Code.

import vscode = require('vscode');
import { DocumentDebouncer } from './documentDebouncer';
import { DocumentSlices } from './documentSlices';
import { formatPartialDate } from '../core/dates';
import { CONFIDENCE_TERMS, CREDIBILITY, NOT_AN_ENTITY, RELIABILITY, REQUIRED_ATTRIBUTE } from '../core/markup';
import {
  ATTRIBUTE_DESCRIPTIONS,
  checkFrontMatterRefs,
  attributeContextAt,
  attributeNameChoices,
  AttributeContext,
  entityValueShape,
  quickFixes,
  TagDiagnostic,
  tagDiagnostics,
  TagIdUse,
} from '../core/markupAssist';
import { tagHoverAt } from '../core/tagHover';
import type { EntityType } from '../core/types';
import { isAnalysedDocument } from './config';
import { offsetRange } from './convert';
import { entityCard, lockedMarkdown } from './hover';
import { registerMarkupDecorations } from './markupDecorations';
import { assistContext, documentDate, parsedMarkup } from './markupDocument';
import type { Services } from './services';
import { TagIndex, tagIndex } from './tagIndex';
import { appendAll } from '../core/arrays';

export const MARKUP_DIAGNOSTICS = 'analystMarkup.markup';
/** The `source` of the tag diagnostics (Problems panel, filtering). */
export const DIAGNOSTIC_SOURCE = 'Analyst Markup tags';
/** Internal (not in the palette): puts the cursor at an offset of a document and opens suggestions. */
export const SUGGEST_AT_COMMAND = 'analystMarkup.internal.suggestAt';

const EDIT_DEBOUNCE_MS = 250;

function relativeLabel(uri: vscode.Uri): string {
  return uri.scheme === 'untitled' ? uri.path : vscode.workspace.asRelativePath(uri, false);
}

const diagnosticsCache = new WeakMap<vscode.TextDocument, { key: string; diagnostics: TagDiagnostic[] }>();

/**
 * All diagnostics of a document's tags, as core objects; cached until the text, the registry or
 * the workspace's tag IDs change (quick fixes ask at every cursor move).
 */
function computeDiagnostics(services: Services, document: vscode.TextDocument, index = () => tagIndex(services)): TagDiagnostic[] {
  const parsed = parsedMarkup(document);
  const hasFrontMatter =
    document.lineCount > 0 &&
    document
      .lineAt(0)
      .text.replace(/^\uFEFF/, '')
      .startsWith('---');
  if (parsed.spans.length === 0 && parsed.diagnostics.length === 0 && !hasFrontMatter) return [];
  const tags = index();
  const registry = services.registries.registry;
  const key = `${document.version}:${registry.generation}:${tags.revision()}`;
  const cached = diagnosticsCache.get(document);
  if (cached?.key === key) return cached.diagnostics;
  const elsewhere = (id: string): TagIdUse[] =>
    tags.uses(id, document.uri).map((u) => ({
      file: u.uri.toString(),
      label: relativeLabel(u.uri),
      line: u.range.start.line,
      character: u.range.start.character,
    }));
  const diagnostics = tagDiagnostics(parsed, assistContext(registry), elsewhere);
  if (hasFrontMatter) {
    // refs: is read from the document's head (front matter longer than that has none for us).
    const head = document.getText(new vscode.Range(0, 0, Math.min(document.lineCount, 2000), 0));
    appendAll(diagnostics, checkFrontMatterRefs(head, assistContext(registry)));
    diagnostics.sort((a, b) => a.start - b.start || a.end - b.end);
  }
  diagnosticsCache.set(document, { key, diagnostics });
  return diagnostics;
}

function toVs(document: vscode.TextDocument, d: TagDiagnostic, index: ReturnType<typeof tagIndex>): vscode.Diagnostic {
  const diagnostic = new vscode.Diagnostic(
    offsetRange(document, d.start, d.end),
    d.message,
    d.severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning,
  );
  diagnostic.source = DIAGNOSTIC_SOURCE;
  diagnostic.code = d.code;
  if (d.related?.length && d.value !== undefined) {
    diagnostic.relatedInformation = index
      .uses(d.value, document.uri)
      .slice(0, 20)
      .map((u) => new vscode.DiagnosticRelatedInformation(new vscode.Location(u.uri, u.range), `#${d.value} is also used here`));
  }
  return diagnostic;
}

// ---------------------------------------------------------------------------------------------
// Diagnostics

class MarkupDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection(MARKUP_DIAGNOSTICS);
  private readonly debouncer = new DocumentDebouncer(EDIT_DEBOUNCE_MS, (document) => this.update(document));
  private readonly slices = new DocumentSlices((document) => this.update(document));
  private readonly disposables: vscode.Disposable[] = [this.collection, this.debouncer, this.slices];
  /** The workspace's tag index, once a document with tags needs it (for IDs used twice). */
  private index: TagIndex | undefined;

  constructor(private readonly services: Services) {
    this.disposables.push(
      // After the pause the edits get, counted from when its editor shows: its highlights go first.
      vscode.workspace.onDidOpenTextDocument((d) => this.debouncer.scheduleOpened(d)),
      vscode.window.onDidChangeVisibleTextEditors((editors) => this.debouncer.shown(editors)),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length > 0) this.debouncer.schedule(e.document);
      }),
      vscode.workspace.onDidCloseTextDocument((d) => {
        this.debouncer.cancel(d.uri);
        this.slices.cancel(d.uri);
        this.collection.delete(d.uri);
      }),
      services.registries.onDidChange(() => this.updateAll()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('analystMarkup.highlight.languages')) this.updateAll();
      }),
    );
    // The documents open at start-up are checked once the registry has loaded (onDidChange).
  }

  /** The tag index, subscribed to on first use; its first workspace scan starts then. */
  private tagIndex(): TagIndex {
    if (!this.index) {
      const index = (this.index = tagIndex(this.services));
      this.disposables.push(index.onDidChange(() => this.updateAll()));
      void index.ready();
    }
    return this.index;
  }

  updateAll(): void {
    this.slices.runAll(vscode.workspace.textDocuments);
  }

  update(document: vscode.TextDocument): void {
    // Not the copies shown by diff and SCM views (`git:` …): their IDs would clash with the file's own.
    const copy = document.uri.scheme !== 'untitled' && document.uri.scheme !== 'file' && !vscode.workspace.getWorkspaceFolder(document.uri);
    if (document.isClosed || copy || !isAnalysedDocument(document) || this.services.registries.isRegistryUri(document.uri)) {
      this.collection.delete(document.uri);
      return;
    }
    try {
      const diagnostics = computeDiagnostics(this.services, document, () => this.tagIndex());
      this.collection.set(
        document.uri,
        diagnostics.map((d) => toVs(document, d, this.tagIndex())),
      );
    } catch (error) {
      this.services.log.error(`Markup diagnostics failed for ${document.uri.toString(true)}: ${String(error)}`);
    }
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

// ---------------------------------------------------------------------------------------------
// Quick fixes

function quickFixProvider(services: Services): vscode.CodeActionProvider {
  return {
    async provideCodeActions(document, range, context, token) {
      if (!isAnalysedDocument(document)) return undefined;
      if (context.only && !vscode.CodeActionKind.QuickFix.intersects(context.only)) return undefined;
      // Every fix mends one of our diagnostics: none here, nothing to compute (the editor asks
      // at every cursor move, and as soon as a document opens).
      if (!context.diagnostics.some((d) => d.source === DIAGNOSTIC_SOURCE)) return undefined;
      const wanted = computeDiagnostics(services, document).filter((d) => {
        const r = offsetRange(document, d.start, d.end);
        return r.intersection(range) !== undefined;
      });
      if (wanted.length === 0) return undefined;
      const index = tagIndex(services);
      if (wanted.some((d) => d.code === 'duplicate-tag-id' || d.code === 'missing-id')) await index.ready();
      if (token.isCancellationRequested) return undefined;
      const parsed = parsedMarkup(document);
      const text = document.getText();
      const ctx = assistContext(services.registries.registry);
      const actions: vscode.CodeAction[] = [];
      for (const d of wanted) {
        const r = offsetRange(document, d.start, d.end);
        const diagnostic = context.diagnostics.find((x) => x.code === d.code && x.range.isEqual(r)) ?? toVs(document, d, index);
        for (const fix of quickFixes(text, parsed, d, ctx, index.ids())) {
          const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
          action.diagnostics = [diagnostic];
          action.isPreferred = fix.preferred === true;
          if (fix.edits.length > 0) {
            const edit = new vscode.WorkspaceEdit();
            for (const e of fix.edits) edit.replace(document.uri, offsetRange(document, e.start, e.end), e.newText);
            action.edit = edit;
          }
          if (fix.suggestAt !== undefined) {
            action.command = { title: vscode.l10n.t('Suggest'), command: SUGGEST_AT_COMMAND, arguments: [document.uri.toString(), fix.suggestAt] };
          }
          actions.push(action);
        }
      }
      return actions;
    },
  };
}

async function suggestAt(uri: unknown, offset: unknown): Promise<void> {
  if (typeof uri !== 'string' || typeof offset !== 'number') return;
  const editor = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === uri);
  if (!editor) return;
  const position = editor.document.positionAt(offset);
  editor.selection = new vscode.Selection(position, position);
  if (vscode.window.activeTextEditor === editor) await vscode.commands.executeCommand('editor.action.triggerSuggest');
}

// ---------------------------------------------------------------------------------------------
// Completion

const ENTITY_KINDS: Readonly<Record<EntityType, vscode.CompletionItemKind>> = {
  person: vscode.CompletionItemKind.User,
  organization: vscode.CompletionItemKind.Struct,
  state: vscode.CompletionItemKind.Module,
  place: vscode.CompletionItemKind.Reference,
  position: vscode.CompletionItemKind.Property,
  other: vscode.CompletionItemKind.Value,
};

const TRIGGER_SUGGEST: vscode.Command = { title: 'Suggest', command: 'editor.action.triggerSuggest' };

/** Entity IDs mentioned in the tag's text (or its paragraph), to list them first. */
function nearbyEntityIds(services: Services, document: vscode.TextDocument, ctx: AttributeContext): Set<string> {
  const parsed = parsedMarkup(document);
  const span = parsed.spans.find((s) => s.attrStart === ctx.block.start);
  const text = document.getText();
  let from: number;
  let to: number;
  if (span) {
    from = span.contentStart;
    to = span.contentEnd;
  } else {
    // A half-typed block the parser does not see yet: the paragraph before it.
    const blank = text.lastIndexOf('\n\n', ctx.block.start);
    from = blank < 0 ? 0 : blank;
    to = ctx.block.start;
  }
  const out = new Set<string>();
  // Every entity a name there can mean (a link's `to=` offers all candidates of its words).
  for (const m of services.index.mentions(document)) if (m.start >= from && m.end <= to) for (const id of m.candidates ?? [m.entityId]) out.add(id);
  return out;
}

function completionItems(services: Services, document: vscode.TextDocument, ctx: AttributeContext): vscode.CompletionItem[] {
  const range = offsetRange(document, ctx.start, ctx.end);
  const registry = services.registries.registry;
  const items: vscode.CompletionItem[] = [];

  if (ctx.kind === 'class') {
    if (ctx.tagKind) return [];
    const descriptions = { claim: 'who asserts what', event: 'who did what to whom', ref: 'who the words mean (a link)' } as const;
    for (const kind of ['claim', 'event', 'ref'] as const) {
      const item = new vscode.CompletionItem({ label: `.${kind}`, description: descriptions[kind] }, vscode.CompletionItemKind.Keyword);
      item.range = range;
      item.insertText = `.${kind}`;
      item.filterText = `.${kind}`;
      items.push(item);
    }
    return items;
  }

  if (ctx.kind === 'name') {
    const required = ctx.tagKind ? REQUIRED_ATTRIBUTE[ctx.tagKind] : undefined;
    attributeNameChoices(ctx.tagKind, ctx.present).forEach((name, k) => {
      const item = new vscode.CompletionItem({ label: name, description: ATTRIBUTE_DESCRIPTIONS[name] }, vscode.CompletionItemKind.Property);
      item.range = range;
      item.detail = ATTRIBUTE_DESCRIPTIONS[name];
      const shape = entityValueShape(name, ctx.tagKind);
      if (shape === 'list' || name === 'note') {
        item.insertText = new vscode.SnippetString(`${name}="$1"`);
      } else {
        item.insertText = `${name}=`;
      }
      if (name !== 'note') item.command = TRIGGER_SUGGEST;
      item.sortText = `${name === required ? '0' : '1'}${String(k).padStart(2, '0')}`;
      item.preselect = name === required;
      items.push(item);
    });
    return items;
  }

  // A value.
  const key = ctx.key;
  const shape = entityValueShape(key, ctx.tagKind);
  // An empty unquoted list value gets its quotes, so that more IDs can follow.
  const wrap = (value: string): string | vscode.SnippetString =>
    shape === 'list' && ctx.empty ? new vscode.SnippetString().appendText(`"${value}`).appendTabstop(0).appendText('"') : value;

  if (shape) {
    const nearby = nearbyEntityIds(services, document, ctx);
    const taken = new Set(ctx.others);
    for (const entity of registry.entities.values()) {
      if (taken.has(entity.id)) continue;
      const item = new vscode.CompletionItem(
        { label: entity.id, description: `${entity.name} · ${entity.type}` },
        ENTITY_KINDS[entity.type] ?? vscode.CompletionItemKind.Value,
      );
      item.range = range;
      item.detail = `${entity.name} (${entity.type})`;
      if (entity.summary) item.documentation = entity.summary; // plain text: never rendered as Markdown
      item.insertText = wrap(entity.id);
      item.filterText = entity.id;
      item.sortText = `${nearby.has(entity.id) ? '0' : '1'}${entity.id}`;
      items.push(item);
    }
    if (ctx.tagKind === 'ref' && key === 'to') {
      const none = new vscode.CompletionItem({ label: NOT_AN_ENTITY, description: 'not an entity here' }, vscode.CompletionItemKind.Keyword);
      none.range = range;
      none.detail = 'Not an entity here: nothing inside the link is highlighted';
      none.insertText = NOT_AN_ENTITY;
      none.sortText = `0zzzz${NOT_AN_ENTITY}`; // after the candidates, before the rest of the registry
      items.push(none);
    }
    return items;
  }

  const fixed = (choices: Readonly<Record<string, string>>, source: string): void => {
    Object.keys(choices).forEach((value, k) => {
      const item = new vscode.CompletionItem({ label: value, description: choices[value] }, vscode.CompletionItemKind.EnumMember);
      item.range = range;
      item.detail = `${choices[value]} (${source})`;
      item.insertText = value;
      item.sortText = String(k).padStart(2, '0');
      items.push(item);
    });
  };

  switch (key) {
    case 'type': {
      if (ctx.tagKind === 'claim') return [];
      const types = assistContext(registry).eventTypes;
      for (const t of types.values()) {
        const item = new vscode.CompletionItem(
          { label: t.id, description: t.label ?? (t.source === 'plover' ? 'PLOVER' : 'registry') },
          vscode.CompletionItemKind.EnumMember,
        );
        item.range = range;
        item.detail = `${t.label ?? t.id} (${t.source === 'plover' ? 'PLOVER' : 'registry event type'})`;
        if (t.description) item.documentation = t.description;
        item.insertText = t.id;
        item.sortText = `${t.source === 'plover' ? '0' : '1'}${t.id}`;
        items.push(item);
      }
      return items;
    }
    case 'confidence':
      fixed(CONFIDENCE_TERMS, 'ICD 203');
      return items;
    case 'reliability':
      fixed(RELIABILITY, 'Admiralty: source reliability');
      return items;
    case 'credibility':
      fixed(CREDIBILITY, 'Admiralty: information credibility');
      return items;
    case 'date': {
      const found = documentDate(document);
      if (found.source === 'today') return [];
      const item = new vscode.CompletionItem(
        { label: found.date.text, description: `the document's date (${formatPartialDate(found.date)})` },
        vscode.CompletionItemKind.Constant,
      );
      item.range = range;
      item.insertText = found.date.text;
      items.push(item);
      return items;
    }
    default:
      return [];
  }
}

function completionProvider(services: Services): vscode.CompletionItemProvider {
  return {
    provideCompletionItems(document, position) {
      if (!isAnalysedDocument(document)) return undefined;
      const text = document.getText();
      const ctx = attributeContextAt(text, document.offsetAt(position));
      if (!ctx) return undefined;
      const items = completionItems(services, document, ctx);
      return items.length > 0 ? items : undefined;
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Hover

function hoverProvider(services: Services): vscode.HoverProvider {
  return {
    provideHover(document, position) {
      if (!isAnalysedDocument(document)) return undefined;
      const offset = document.offsetAt(position);
      const ctx = assistContext(services.registries.registry);
      const hover = tagHoverAt(parsedMarkup(document).spans, offset, ctx);
      if (!hover) return undefined;
      const contents = [lockedMarkdown(hover.markdown)];
      const range = offsetRange(document, hover.start, hover.end);
      // On an entity ID inside the block: that entity's card too.
      const entity = hover.entityId !== undefined ? services.registries.registry.entities.get(hover.entityId) : undefined;
      if (entity) contents.push(entityCard(services, entity, document));
      return new vscode.Hover(contents, range);
    },
  };
}

// ---------------------------------------------------------------------------------------------

export function registerMarkupEditor(services: Services): void {
  const diagnostics = new MarkupDiagnostics(services);
  // Every document, as the other features: the providers check isAnalysedDocument (the languages are a setting).
  const selector: vscode.DocumentSelector = '*';
  services.context.subscriptions.push(
    diagnostics,
    vscode.languages.registerCodeActionsProvider(selector, quickFixProvider(services), {
      providedCodeActionKinds: [vscode.CodeActionKind.QuickFix],
    }),
    vscode.languages.registerCompletionItemProvider(selector, completionProvider(services), '=', ' ', '"'),
    vscode.languages.registerHoverProvider(selector, hoverProvider(services)),
    vscode.commands.registerCommand(SUGGEST_AT_COMMAND, suggestAt),
  );
  registerMarkupDecorations(services);
}
