// Who a mention is (SPEC §3 `.ref`, §4 `linkMention`, §9): the Link Mention command, the hover
// card's links (`analystMarkup.resolveMention`), and the quick fixes on a mention whose name fits
// several entities: link this mention, use an entity for the name in the whole document (front
// matter `refs:`), or mark it as no entity. The edits come from the core (core/linking.ts,
// core/frontMatterRefs.ts); this file asks, checks and applies them as one undoable edit.

import vscode = require('vscode');
import { CARD_COMMANDS, TYPE_ICONS } from '../core/hoverCard';
import { linkEdits, mentionAtOffset, readLinkArgument, readResolveArgs } from '../core/linking';
import { MarkupEdit, NOT_AN_ENTITY } from '../core/markup';
import { resolutionFixEdits, resolutionFixes } from '../core/resolutionFixes';
import type { ResolvedMention } from '../core/resolution';
import type { Entity } from '../core/types';
import { isAnalysedDocument } from './config';
import { parsedMarkup } from './markupDocument';
import type { Services } from './services';
import { applyAsOneEdit, selectionsOf, taggableEditor } from './tagging';

export const LINK_MENTION_COMMAND = 'analystMarkup.linkMention';
export const RESOLVE_MENTION_COMMAND = CARD_COMMANDS.resolveMention;

interface EntityPick extends vscode.QuickPickItem {
  to?: string;
}

function entityPick(entity: Entity, detail?: string): EntityPick {
  return { label: `$(${TYPE_ICONS[entity.type] ?? 'symbol-misc'}) ${entity.name}`, description: entity.id, detail, to: entity.id };
}

/** The choices: the candidates of the mentions at the selections (ranked), none, then the registry. */
function linkChoices(services: Services, mentions: readonly ResolvedMention[]): EntityPick[] {
  const entities = services.registries.registry.entities;
  const picks: EntityPick[] = [];
  const offered = new Set<string>();
  const candidates: string[] = [];
  for (const m of mentions) for (const id of m.candidates ?? [m.entityId]) if (!candidates.includes(id)) candidates.push(id);
  if (candidates.length > 0) picks.push({ label: 'Who the text can mean', kind: vscode.QuickPickItemKind.Separator });
  for (const id of candidates) {
    const entity = entities.get(id);
    if (!entity) continue;
    offered.add(id);
    picks.push(entityPick(entity, entity.summary));
  }
  picks.push({
    label: `$(circle-slash) ${vscode.l10n.t('Not an entity here')}`,
    description: 'to=none',
    detail: vscode.l10n.t('Nothing inside the link is highlighted.'),
    to: NOT_AN_ENTITY,
  });
  picks.push({ label: 'The registry', kind: vscode.QuickPickItemKind.Separator });
  const rest = [...entities.values()].filter((e) => !offered.has(e.id)).sort((a, b) => a.name.localeCompare(b.name));
  for (const entity of rest) picks.push(entityPick(entity));
  return picks;
}

/** The mentions the selections touch (for an empty cursor: the one at it). */
function mentionsAtSelections(editor: vscode.TextEditor, mentions: readonly ResolvedMention[]): ResolvedMention[] {
  const out: ResolvedMention[] = [];
  for (const s of selectionsOf(editor)) {
    const start = Math.min(s.start, s.end);
    const end = Math.max(s.start, s.end);
    if (start === end) {
      const m = mentionAtOffset(mentions, start);
      if (m && !out.includes(m)) out.push(m);
    } else {
      for (const m of mentions) if (m.start < end && m.end > start && !out.includes(m)) out.push(m);
    }
  }
  return out;
}

async function linkMentionCommand(services: Services, arg: unknown): Promise<string | undefined> {
  const editor = taggableEditor('Link Mention');
  if (!editor) return undefined;
  await services.registries.ready;
  const document = editor.document;
  const mentions = services.index.mentions(document);
  let to: string;
  if (arg === undefined) {
    const picked = await vscode.window.showQuickPick(linkChoices(services, mentionsAtSelections(editor, mentions)), {
      title: vscode.l10n.t('Link Mention: who is meant here?'),
      placeHolder: vscode.l10n.t('The candidates of the name first, then the whole registry'),
      matchOnDescription: true,
      matchOnDetail: false,
    });
    if (!picked?.to) return undefined;
    to = picked.to;
  } else {
    try {
      to = readLinkArgument(arg);
    } catch (error) {
      void vscode.window.showErrorMessage(vscode.l10n.t('Analyst Markup: {0}', (error as Error).message));
      return undefined;
    }
  }
  const text = document.getText();
  const result = linkEdits(text, parsedMarkup(document).spans, mentions, selectionsOf(editor), to);
  if (!result.ok) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Analyst Markup: {0}', result.message));
    return undefined;
  }
  if (!(await applyAsOneEdit(editor, result.edits))) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Analyst Markup: the document could not be edited (is it read-only?). Nothing was linked.'));
    return undefined;
  }
  if (to !== NOT_AN_ENTITY && !services.registries.registry.entities.has(to)) {
    void vscode.window.showWarningMessage(vscode.l10n.t('Analyst Markup: linked, but the registry has no entity “{0}” yet.', to));
  }
  return to;
}

/** The edit of one fix: a link around `[start, end)`, or front matter `refs:` for its text. */
function fixEdit(
  services: Services,
  document: vscode.TextDocument,
  start: number,
  end: number,
  to: string,
  scope: 'mention' | 'document',
): MarkupEdit[] | string {
  return resolutionFixEdits(document.getText(), parsedMarkup(document).spans, services.index.mentions(document), start, end, to, scope);
}

async function applyToDocument(document: vscode.TextDocument, edits: readonly MarkupEdit[]): Promise<boolean> {
  const editor = vscode.window.visibleTextEditors.find((e) => e.document === document);
  if (editor) return applyAsOneEdit(editor, edits);
  const workspaceEdit = new vscode.WorkspaceEdit();
  for (const e of edits) workspaceEdit.replace(document.uri, new vscode.Range(document.positionAt(e.start), document.positionAt(e.end)), e.newText);
  return vscode.workspace.applyEdit(workspaceEdit);
}

async function resolveMentionCommand(services: Services, arg: unknown): Promise<boolean> {
  const args = readResolveArgs(Array.isArray(arg) ? arg[0] : arg);
  if (!args) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Analyst Markup: Resolve Mention is run from a hover card’s links.'));
    return false;
  }
  const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === args.uri);
  if (!document || !isAnalysedDocument(document)) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Analyst Markup: the document of that card is no longer open.'));
    return false;
  }
  if (document.version !== args.version) {
    void vscode.window.showInformationMessage(
      vscode.l10n.t('Analyst Markup: the text changed since the card was shown; hover the name again. Nothing was changed.'),
    );
    return false;
  }
  const edits = fixEdit(services, document, args.start, args.end, args.to, args.scope);
  if (typeof edits === 'string') {
    void vscode.window.showInformationMessage(vscode.l10n.t('Analyst Markup: {0}', edits));
    return false;
  }
  const ok = await applyToDocument(document, edits);
  if (!ok) void vscode.window.showErrorMessage(vscode.l10n.t('Analyst Markup: the document could not be edited (is it read-only?). Nothing was changed.'));
  return ok;
}

/** Quick fixes on a mention whose name fits several entities. */
class ResolutionFixes implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];

  constructor(private readonly services: Services) {}

  provideCodeActions(document: vscode.TextDocument, range: vscode.Range | vscode.Selection): vscode.CodeAction[] {
    if (!isAnalysedDocument(document) || !this.services.registries.isLoaded) return [];
    const start = document.offsetAt(range.start);
    const end = document.offsetAt(range.end);
    // VS Code asks on every cursor move: the lines of the range will do (not the whole document).
    const mentions = this.services.index.mentionsInLines(document, range.start.line, range.end.line);
    const at =
      start === end ? [mentionAtOffset(mentions, start)].filter((m): m is ResolvedMention => !!m) : mentions.filter((m) => m.start < end && m.end > start);
    const entities = this.services.registries.registry.entities;
    const actions: vscode.CodeAction[] = [];
    // Only names several entities share have fixes: the full mention list is read for those alone.
    if (!at.slice(0, 3).some((m) => (m.candidates?.length ?? 0) >= 2)) return actions;
    const text = document.getText();
    const spans = parsedMarkup(document).spans;
    const all = this.services.index.mentions(document);
    for (const mention of at.slice(0, 3)) {
      for (const fix of resolutionFixes(text, spans, all, mention, (id) => entities.get(id)?.name)) {
        const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
        action.edit = new vscode.WorkspaceEdit();
        for (const e of fix.edits) action.edit.replace(document.uri, new vscode.Range(document.positionAt(e.start), document.positionAt(e.end)), e.newText);
        actions.push(action);
      }
    }
    return actions;
  }
}

export function registerLinking(services: Services): void {
  services.context.subscriptions.push(
    vscode.commands.registerCommand(LINK_MENTION_COMMAND, (arg?: unknown) => linkMentionCommand(services, arg)),
    vscode.commands.registerCommand(RESOLVE_MENTION_COMMAND, (arg?: unknown) => resolveMentionCommand(services, arg)),
    vscode.languages.registerCodeActionsProvider('*', new ResolutionFixes(services), { providedCodeActionKinds: ResolutionFixes.kinds }),
  );
}
