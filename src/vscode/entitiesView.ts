// The Entities view (activity bar container `analystMarkup`): the registry's entities grouped by
// type, each with its mention count in the active document; a "mentioned here" filter; clicking
// an entity selects its next mention in the active editor (cycling).

import vscode = require('vscode');
import { TYPE_ICONS, TYPE_PLURALS } from '../core/hoverCard';
import { ENTITY_TYPES, Entity, EntityType } from '../core/types';
import { isAnalysedDocument } from './config';
import { offsetRange } from './convert';
import { entityIdArgument } from './entityAt';
import { entityCard } from './hover';
import type { Services } from './services';

export const ENTITIES_VIEW_ID = 'analystMarkup.entities';
export const FILTER_MENTIONED_COMMAND = 'analystMarkup.entities.filterMentioned';
export const SHOW_ALL_COMMAND = 'analystMarkup.entities.showAll';
export const REVEAL_NEXT_MENTION_COMMAND = 'analystMarkup.entities.revealNextMention';
export const MENTIONED_ONLY_CONTEXT_KEY = 'analystMarkup.entities.mentionedOnly';
const MENTIONED_ONLY_STATE_KEY = 'analystMarkup.entities.mentionedOnly';
const REFRESH_DELAY_MS = 250;

export type EntitiesNode = { kind: 'type'; type: EntityType } | { kind: 'entity'; id: string };

/** What the view shows, for the integration tests (`analystMarkup.internal.entitiesView`). */
export interface RenderedEntitiesView {
  mentionedOnly: boolean;
  /** The document whose mentions are counted, if any. */
  document?: string;
  message?: string;
  groups: {
    type: EntityType;
    label: string;
    description?: string;
    items: { id: string; label: string; description?: string; contextValue?: string; icon?: string }[];
  }[];
}

function mentionDescription(count: number): string | undefined {
  if (count === 0) return undefined;
  return count === 1 ? '1 mention' : `${count} mentions`;
}

function baseName(document: vscode.TextDocument): string {
  const path = document.uri.path;
  return path.slice(path.lastIndexOf('/') + 1) || document.uri.toString(true);
}

export class EntitiesViewProvider implements vscode.TreeDataProvider<EntitiesNode>, vscode.Disposable {
  private readonly changeEmitter = new vscode.EventEmitter<EntitiesNode | undefined>();
  readonly onDidChangeTreeData = this.changeEmitter.event;
  private readonly disposables: vscode.Disposable[] = [this.changeEmitter];
  private refreshTimer: ReturnType<typeof setTimeout> | undefined;
  private lastAnalysedEditor: vscode.TextEditor | undefined;
  private mentionedOnlyValue: boolean;
  private view: vscode.TreeView<EntitiesNode> | undefined;
  private countsMemo: { key: string; counts: Map<string, number> } | undefined;
  private groupsMemo: { key: string; counts: Map<string, number> | undefined; groups: Map<EntityType, Entity[]> } | undefined;

  constructor(private readonly services: Services) {
    this.mentionedOnlyValue = services.context.workspaceState.get<boolean>(MENTIONED_ONLY_STATE_KEY, false) === true;
    void vscode.commands.executeCommand('setContext', MENTIONED_ONLY_CONTEXT_KEY, this.mentionedOnlyValue);
    this.noteEditor(vscode.window.activeTextEditor);
    this.disposables.push(
      services.registries.onDidChange(() => this.scheduleRefresh()),
      vscode.window.onDidChangeActiveTextEditor((editor) => {
        this.noteEditor(editor);
        this.scheduleRefresh();
      }),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length > 0 && e.document === this.activeDocument()) this.scheduleRefresh();
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('analystMarkup.highlight.languages')) this.scheduleRefresh();
      }),
    );
  }

  attach(view: vscode.TreeView<EntitiesNode>): void {
    this.view = view;
    this.updateViewTexts();
  }

  get mentionedOnly(): boolean {
    return this.mentionedOnlyValue;
  }

  async setMentionedOnly(value: boolean): Promise<void> {
    this.mentionedOnlyValue = value;
    await vscode.commands.executeCommand('setContext', MENTIONED_ONLY_CONTEXT_KEY, value);
    await this.services.context.workspaceState.update(MENTIONED_ONLY_STATE_KEY, value);
    this.refreshNow();
  }

  private noteEditor(editor: vscode.TextEditor | undefined): void {
    if (editor && isAnalysedDocument(editor.document)) this.lastAnalysedEditor = editor;
  }

  /**
   * The editor whose mentions are counted: the active editor when it is an analysed text; none
   * when another kind of editor is active; the last analysed editor, while still visible, when
   * focus is elsewhere (this view, a panel).
   */
  activeEditor(): vscode.TextEditor | undefined {
    const active = vscode.window.activeTextEditor;
    if (active) return isAnalysedDocument(active.document) ? active : undefined;
    const last = this.lastAnalysedEditor;
    if (last && vscode.window.visibleTextEditors.includes(last) && !last.document.isClosed) return last;
    return undefined;
  }

  activeDocument(): vscode.TextDocument | undefined {
    return this.activeEditor()?.document;
  }

  /** Mention counts per entity id in the active document, memoised per document version and registry. */
  private counts(): Map<string, number> | undefined {
    const document = this.activeDocument();
    if (!document) return undefined;
    const key = `${document.uri.toString()}@${document.version}@${this.services.registries.registry.generation}`;
    if (this.countsMemo?.key === key) return this.countsMemo.counts;
    const counts = new Map<string, number>();
    for (const m of this.services.index.mentions(document)) counts.set(m.entityId, (counts.get(m.entityId) ?? 0) + 1);
    this.countsMemo = { key, counts };
    return counts;
  }

  /** Entities per type, sorted by name, filtered by "mentioned here" when on. */
  private grouped(counts: Map<string, number> | undefined): Map<EntityType, Entity[]> {
    const key = `${this.mentionedOnlyValue}@${this.services.registries.registry.generation}`;
    if (this.groupsMemo?.key === key && this.groupsMemo.counts === counts) return this.groupsMemo.groups;
    const groups = new Map<EntityType, Entity[]>();
    for (const entity of this.services.registries.registry.entities.values()) {
      if (this.mentionedOnlyValue && !(counts?.get(entity.id) ?? 0)) continue;
      let list = groups.get(entity.type);
      if (!list) groups.set(entity.type, (list = []));
      list.push(entity);
    }
    for (const list of groups.values()) list.sort((a, b) => a.name.localeCompare(b.name, undefined, { sensitivity: 'base' }) || a.id.localeCompare(b.id));
    this.groupsMemo = { key, counts, groups };
    return groups;
  }

  getChildren(element?: EntitiesNode): EntitiesNode[] {
    const groups = this.grouped(this.counts());
    if (!element) return ENTITY_TYPES.filter((type) => groups.has(type)).map((type) => ({ kind: 'type', type }));
    if (element.kind === 'type') return (groups.get(element.type) ?? []).map((e) => ({ kind: 'entity', id: e.id }));
    return [];
  }

  getParent(element: EntitiesNode): EntitiesNode | undefined {
    if (element.kind === 'type') return undefined;
    const entity = this.services.registries.registry.entities.get(element.id);
    return entity ? { kind: 'type', type: entity.type } : undefined;
  }

  getTreeItem(element: EntitiesNode): vscode.TreeItem {
    if (element.kind === 'type') {
      const count = this.grouped(this.counts()).get(element.type)?.length ?? 0;
      const item = new vscode.TreeItem(TYPE_PLURALS[element.type], vscode.TreeItemCollapsibleState.Expanded);
      item.id = `type:${element.type}`;
      item.description = String(count);
      item.iconPath = new vscode.ThemeIcon(TYPE_ICONS[element.type]);
      item.contextValue = 'analystMarkup.entityType';
      return item;
    }
    const entity = this.services.registries.registry.entities.get(element.id);
    const item = new vscode.TreeItem(entity?.name ?? element.id, vscode.TreeItemCollapsibleState.None);
    item.id = `entity:${element.id}`;
    if (!entity) return item;
    const count = this.counts()?.get(entity.id) ?? 0;
    item.description = mentionDescription(count);
    item.iconPath = new vscode.ThemeIcon(TYPE_ICONS[entity.type]);
    item.contextValue = count > 0 ? 'analystMarkup.entity.mentioned' : 'analystMarkup.entity';
    item.accessibilityInformation = { label: `${entity.name}, ${entity.type}${count > 0 ? `, ${item.description} in this document` : ''}` };
    item.command = { command: REVEAL_NEXT_MENTION_COMMAND, title: vscode.l10n.t('Go to Next Mention'), arguments: [entity.id] };
    return item;
  }

  resolveTreeItem(item: vscode.TreeItem, element: EntitiesNode): vscode.TreeItem {
    if (element.kind !== 'entity') return item;
    const entity = this.services.registries.registry.entities.get(element.id);
    if (entity) item.tooltip = entityCard(this.services, entity, this.activeDocument());
    return item;
  }

  /** Selects the next mention of the entity after the cursor in the active editor (cycling). */
  async revealNextMention(arg: unknown): Promise<{ uri: string; range: [number, number, number, number] } | undefined> {
    const id = entityIdArgument(arg);
    const entity = id === undefined ? undefined : this.services.registries.registry.entities.get(id);
    if (!entity) return undefined;
    const editor = this.activeEditor();
    if (!editor) {
      void vscode.window.setStatusBarMessage(vscode.l10n.t('Analyst Markup: open a text document to go to its mentions.'), 4000);
      return undefined;
    }
    const document = editor.document;
    const mentions = this.services.index.mentions(document).filter((m) => m.entityId === entity.id);
    if (mentions.length === 0) {
      void vscode.window.setStatusBarMessage(vscode.l10n.t('Analyst Markup: {0} is not mentioned in {1}.', entity.name, baseName(document)), 4000);
      return undefined;
    }
    // After the cursor; when a mention is selected (the previous jump), after that mention.
    const after = document.offsetAt(editor.selection.start);
    const next = mentions.find((m) => (editor.selection.isEmpty ? m.start >= after : m.start > after)) ?? mentions[0];
    const range = offsetRange(document, next.start, next.end);
    const shown = await vscode.window.showTextDocument(document, {
      viewColumn: editor.viewColumn,
      selection: new vscode.Selection(range.start, range.end),
      preserveFocus: true,
      preview: false,
    });
    shown.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    return { uri: document.uri.toString(), range: [range.start.line, range.start.character, range.end.line, range.end.character] };
  }

  private scheduleRefresh(): void {
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    this.refreshTimer = setTimeout(() => this.refreshNow(), REFRESH_DELAY_MS);
  }

  private refreshNow(): void {
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    this.refreshTimer = undefined;
    this.updateViewTexts();
    this.changeEmitter.fire(undefined);
  }

  private viewMessage(): string | undefined {
    if (!this.mentionedOnlyValue) return undefined;
    const document = this.activeDocument();
    if (!document) return 'Open a text document to see the entities it mentions.';
    if (this.services.index.mentions(document).length === 0) return `No known entity is mentioned in ${baseName(document)}.`;
    return undefined;
  }

  private updateViewTexts(): void {
    if (!this.view) return;
    const document = this.activeDocument();
    this.view.description = document ? baseName(document) : undefined;
    this.view.message = this.viewMessage();
  }

  /** The tree as rendered, for tests. */
  rendered(): RenderedEntitiesView {
    const document = this.activeDocument();
    return {
      mentionedOnly: this.mentionedOnlyValue,
      document: document?.uri.toString(),
      message: this.viewMessage(),
      groups: this.getChildren().map((group) => {
        const groupItem = this.getTreeItem(group);
        return {
          type: (group as { type: EntityType }).type,
          label: typeof groupItem.label === 'string' ? groupItem.label : (groupItem.label?.label ?? ''),
          description: groupItem.description === undefined ? undefined : String(groupItem.description),
          items: this.getChildren(group).map((node) => {
            const item = this.getTreeItem(node);
            return {
              id: (node as { id: string }).id,
              label: typeof item.label === 'string' ? item.label : (item.label?.label ?? ''),
              description: item.description === undefined ? undefined : String(item.description),
              contextValue: item.contextValue,
              icon: item.iconPath instanceof vscode.ThemeIcon ? item.iconPath.id : undefined,
            };
          }),
        };
      }),
    };
  }

  dispose(): void {
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    for (const d of this.disposables) d.dispose();
  }
}

export function registerEntitiesView(services: Services): void {
  const provider = new EntitiesViewProvider(services);
  const view = vscode.window.createTreeView(ENTITIES_VIEW_ID, { treeDataProvider: provider, showCollapseAll: true });
  provider.attach(view);
  services.context.subscriptions.push(
    provider,
    view,
    vscode.commands.registerCommand(FILTER_MENTIONED_COMMAND, () => provider.setMentionedOnly(true)),
    vscode.commands.registerCommand(SHOW_ALL_COMMAND, () => provider.setMentionedOnly(false)),
    vscode.commands.registerCommand(REVEAL_NEXT_MENTION_COMMAND, (arg?: unknown) => provider.revealNextMention(arg)),
    // Not contributed to the palette: lets the integration tests see what the view shows.
    vscode.commands.registerCommand('analystMarkup.internal.entitiesView', () => provider.rendered()),
  );
}
