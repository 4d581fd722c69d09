// The Claims & Events view (`analystMarkup.tags`, in the Analyst Markup activity bar container):
// every claim and event of the workspace, grouped by document or by actor (the claimant of a
// claim, each actor of an event), with counts. Clicking one selects the tag in its document.
// Kept current through WorkspaceTags (document edits, file watcher, registry changes).

import vscode = require('vscode');
import type { ExportedTag } from '../core/exportTags';
import { describeAttributeValue, escapeMarkdown, ownValue, typeIcon } from '../core/hoverCard';
import type { Services } from './services';
import { DocumentTags, WorkspaceTags, tagRange, workspaceTags } from './workspaceTags';

export const TAGS_VIEW_ID = 'analystMarkup.tags';
export const GROUP_BY_ACTOR_COMMAND = 'analystMarkup.tags.groupByActor';
export const GROUP_BY_DOCUMENT_COMMAND = 'analystMarkup.tags.groupByDocument';
export const REFRESH_TAGS_COMMAND = 'analystMarkup.tags.refresh';
export const REVEAL_TAG_COMMAND = 'analystMarkup.tags.reveal';
export const GROUP_BY_CONTEXT_KEY = 'analystMarkup.tags.groupBy';
const GROUP_BY_STATE_KEY = 'analystMarkup.tags.groupBy';
/** Actor group of the tags that name no actor. */
const NO_ACTOR = '';
const MAX_LABEL = 90;

export type TagsGrouping = 'document' | 'actor';

interface TagRef {
  doc: DocumentTags;
  tag: ExportedTag;
}

interface Group {
  key: string;
  label: string;
  description: string;
  tags: TagRef[];
  icon: vscode.ThemeIcon;
  resourceUri?: vscode.Uri;
  tooltip?: string;
}

type Node = { kind: 'group'; group: Group } | { kind: 'tag'; group: Group; ref: TagRef };

/** What the view shows, for the integration tests (`analystMarkup.internal.tagsView`). */
export interface RenderedTagsView {
  groupBy: TagsGrouping;
  description?: string;
  groups: {
    key: string;
    label: string;
    description: string;
    items: {
      kind: 'claim' | 'event';
      id: string;
      label: string;
      description?: string;
      uri: string;
      range: [number, number, number, number];
      command?: string;
    }[];
  }[];
}

function counts(tags: readonly TagRef[]): string {
  const claims = tags.filter((t) => t.tag.kind === 'claim').length;
  const events = tags.length - claims;
  const parts: string[] = [];
  if (claims > 0) parts.push(claims === 1 ? '1 claim' : `${claims} claims`);
  if (events > 0) parts.push(events === 1 ? '1 event' : `${events} events`);
  return parts.join(' · ');
}

function shorten(text: string): string {
  return text.length <= MAX_LABEL ? text : `${text.slice(0, MAX_LABEL - 1).trimEnd()}…`;
}

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1) || path;
}

function folderOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i > 0 ? path.slice(0, i) : '';
}

export class TagsViewProvider implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private readonly changeEmitter = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changeEmitter.event;
  private readonly disposables: vscode.Disposable[] = [this.changeEmitter];
  private groupByValue: TagsGrouping;
  private view: vscode.TreeView<Node> | undefined;
  private following = false;

  constructor(private readonly services: Services) {
    this.groupByValue = services.context.workspaceState.get<TagsGrouping>(GROUP_BY_STATE_KEY) === 'actor' ? 'actor' : 'document';
    void vscode.commands.executeCommand('setContext', GROUP_BY_CONTEXT_KEY, this.groupByValue);
  }

  /** The workspace's tags, followed from the first time the view shows them (not at start-up). */
  private workspaceTags(): WorkspaceTags {
    const tags = workspaceTags(this.services);
    if (!this.following) {
      this.following = true;
      this.disposables.push(tags.onDidChange(() => this.refresh()));
    }
    return tags;
  }

  attach(view: vscode.TreeView<Node>): void {
    this.view = view;
  }

  get groupBy(): TagsGrouping {
    return this.groupByValue;
  }

  async setGroupBy(value: TagsGrouping): Promise<void> {
    this.groupByValue = value;
    await vscode.commands.executeCommand('setContext', GROUP_BY_CONTEXT_KEY, value);
    await this.services.context.workspaceState.update(GROUP_BY_STATE_KEY, value);
    this.refresh();
  }

  refresh(): void {
    this.changeEmitter.fire(undefined);
  }

  private entityName(id: string): string {
    return this.services.registries.registry.entities.get(id)?.name ?? id;
  }

  /** Builds the groups from the workspace's tags. */
  async load(): Promise<Group[]> {
    const docs = await this.workspaceTags().documents();
    const groups = this.groupByValue === 'document' ? this.byDocument(docs) : this.byActor(docs);
    const all = docs.flatMap((doc) => doc.tags.map((tag) => ({ doc, tag })));
    if (this.view) {
      this.view.description = all.length > 0 ? counts(all) : undefined;
    }
    return groups;
  }

  private byDocument(docs: readonly DocumentTags[]): Group[] {
    return docs.map((doc) => {
      const tags = doc.tags.map((tag) => ({ doc, tag }));
      const folder = folderOf(doc.path);
      return {
        key: doc.uri.toString(),
        label: baseName(doc.path),
        description: `${counts(tags)}${folder ? ` — ${folder}` : ''}`,
        tags,
        icon: vscode.ThemeIcon.File,
        resourceUri: doc.untitled ? undefined : doc.uri,
        tooltip: doc.path,
      };
    });
  }

  private byActor(docs: readonly DocumentTags[]): Group[] {
    const byKey = new Map<string, TagRef[]>();
    const add = (key: string, ref: TagRef): void => {
      let list = byKey.get(key);
      if (!list) byKey.set(key, (list = []));
      if (!list.includes(ref)) list.push(ref);
    };
    for (const doc of docs) {
      for (const tag of doc.tags) {
        const ref = { doc, tag };
        const actors = tag.entities.filter((e) => e.attribute === (tag.kind === 'claim' ? 'by' : 'actors')).map((e) => e.id);
        if (actors.length === 0) add(NO_ACTOR, ref);
        for (const id of actors) add(id, ref);
      }
    }
    const entities = this.services.registries.registry.entities;
    const groups: Group[] = [...byKey.entries()].map(([key, tags]) => {
      const entity = key === NO_ACTOR ? undefined : entities.get(key);
      return {
        key,
        label: key === NO_ACTOR ? 'No actor' : (entity?.name ?? key),
        description: `${counts(tags)}${key !== NO_ACTOR && !entity ? ' — not in the registry' : ''}`,
        tags,
        icon: new vscode.ThemeIcon(entity ? typeIcon(entity.type) : key === NO_ACTOR ? 'circle-slash' : 'warning'),
        tooltip: key === NO_ACTOR ? 'Claims without by= and events without actors=' : `${entity?.name ?? key} (${key})`,
      };
    });
    return groups.sort(
      (a, b) =>
        Number(a.key === NO_ACTOR) - Number(b.key === NO_ACTOR) ||
        a.label.localeCompare(b.label, undefined, { sensitivity: 'base' }) ||
        a.key.localeCompare(b.key),
    );
  }

  async getChildren(element?: Node): Promise<Node[]> {
    if (!element) return (await this.load()).map((group) => ({ kind: 'group', group }));
    if (element.kind === 'group') return element.group.tags.map((ref) => ({ kind: 'tag', group: element.group, ref }));
    return [];
  }

  getParent(element: Node): Node | undefined {
    return element.kind === 'tag' ? { kind: 'group', group: element.group } : undefined;
  }

  private tagDescription(ref: TagRef): string {
    const { tag } = ref;
    const parts: string[] = [];
    const names = (attribute: string): string[] => tag.entities.filter((e) => e.attribute === attribute).map((e) => this.entityName(e.id));
    if (tag.kind === 'claim') {
      const by = names('by');
      parts.push(by.length > 0 ? `claim by ${by.join(', ')}` : 'claim');
      const confidence = ownValue(tag.attributes, 'confidence');
      if (confidence) parts.push(confidence);
      const grade = `${ownValue(tag.attributes, 'reliability') ?? ''}${ownValue(tag.attributes, 'credibility') ?? ''}`;
      if (grade) parts.push(grade);
    } else {
      parts.push(ownValue(tag.attributes, 'type') || 'event');
      const actors = names('actors');
      const targets = names('targets');
      if (actors.length > 0 || targets.length > 0) parts.push(`${actors.join(', ') || '?'}${targets.length > 0 ? ` → ${targets.join(', ')}` : ''}`);
      const date = ownValue(tag.attributes, 'date');
      if (date) parts.push(date);
    }
    if (this.groupByValue === 'actor') parts.push(`${baseName(ref.doc.path)}:${tag.line}`);
    return parts.join(' · ');
  }

  private tagTooltip(ref: TagRef): vscode.MarkdownString {
    const { tag } = ref;
    const lines: string[] = [
      `**${tag.kind === 'claim' ? 'Claim' : 'Event'}** ${tag.id ? `\\#${escapeMarkdown(tag.id)}` : '(no ID)'} — ${escapeMarkdown(ref.doc.path)}:${tag.line}`,
      '',
      `> ${escapeMarkdown(shorten(tag.text))}`,
      '',
    ];
    for (const [key, value] of Object.entries(tag.attributes)) {
      const refs = tag.entities.filter((e) => e.attribute === key);
      let shown =
        refs.length > 0
          ? refs.map((e) => `${this.entityName(e.id)}${this.services.registries.registry.entities.has(e.id) ? '' : ' (not in the registry)'}`).join(', ')
          : value;
      // Own-property lookups only: `confidence=constructor` is shown as written, never looked up.
      if (key === 'confidence' || key === 'reliability' || key === 'credibility') shown = describeAttributeValue(key, value);
      lines.push(`- ${escapeMarkdown(key)}: ${escapeMarkdown(shown)}`);
    }
    const md = new vscode.MarkdownString(lines.join('\n'));
    md.isTrusted = false;
    md.supportHtml = false;
    return md;
  }

  getTreeItem(element: Node): vscode.TreeItem {
    if (element.kind === 'group') {
      const g = element.group;
      const item = new vscode.TreeItem(g.label, vscode.TreeItemCollapsibleState.Expanded);
      item.id = `${this.groupByValue}:${g.key}`;
      item.description = g.description;
      item.iconPath = g.icon;
      if (g.resourceUri) item.resourceUri = g.resourceUri;
      item.tooltip = g.tooltip;
      item.contextValue = `analystMarkup.tagGroup.${this.groupByValue}`;
      return item;
    }
    const { tag, doc } = element.ref;
    const item = new vscode.TreeItem(shorten(tag.text) || '(empty)', vscode.TreeItemCollapsibleState.None);
    item.id = `${this.groupByValue}:${element.group.key}/${doc.uri.toString()}#${tag.id}@${tag.line}:${tag.column}`;
    item.description = this.tagDescription(element.ref);
    item.iconPath = new vscode.ThemeIcon(
      tag.kind === 'claim' ? 'comment-discussion' : 'symbol-event',
      new vscode.ThemeColor(tag.kind === 'claim' ? 'analystMarkup.claimBorder' : 'analystMarkup.eventBorder'),
    );
    item.contextValue = `analystMarkup.tag.${tag.kind}`;
    item.accessibilityInformation = { label: `${tag.kind} ${tag.id}: ${tag.text}; ${item.description}` };
    const range = tagRange(tag);
    item.command = { command: REVEAL_TAG_COMMAND, title: vscode.l10n.t('Show the Tag'), arguments: [doc.uri, range] };
    return item;
  }

  resolveTreeItem(item: vscode.TreeItem, element: Node): vscode.TreeItem {
    if (element.kind === 'tag') item.tooltip = this.tagTooltip(element.ref);
    return item;
  }

  /** The tree as rendered, for tests. */
  async rendered(): Promise<RenderedTagsView> {
    const groups = await this.load();
    return {
      groupBy: this.groupByValue,
      description: this.view?.description,
      groups: groups.map((group) => ({
        key: group.key,
        label: group.label,
        description: group.description,
        items: group.tags.map((ref) => {
          const item = this.getTreeItem({ kind: 'tag', group, ref });
          const r = tagRange(ref.tag);
          return {
            kind: ref.tag.kind,
            id: ref.tag.id,
            label: typeof item.label === 'string' ? item.label : (item.label?.label ?? ''),
            description: item.description === undefined ? undefined : String(item.description),
            uri: ref.doc.uri.toString(),
            range: [r.start.line, r.start.character, r.end.line, r.end.character],
            command: item.command?.command,
          };
        }),
      })),
    };
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

/** Opens a tag's document and selects the tag. */
async function revealTag(uriArg: unknown, rangeArg: unknown): Promise<boolean> {
  const uri = uriArg instanceof vscode.Uri ? uriArg : typeof uriArg === 'string' ? vscode.Uri.parse(uriArg) : undefined;
  if (!uri) return false;
  let range: vscode.Range | undefined;
  if (rangeArg instanceof vscode.Range) range = rangeArg;
  else if (Array.isArray(rangeArg) && rangeArg.length === 4 && rangeArg.every((n) => typeof n === 'number')) {
    range = new vscode.Range(rangeArg[0], rangeArg[1], rangeArg[2], rangeArg[3]);
  }
  try {
    const document = await vscode.workspace.openTextDocument(uri);
    const editor = await vscode.window.showTextDocument(document, {
      preview: true,
      selection: range ? new vscode.Selection(range.start, range.end) : undefined,
    });
    if (range) editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    return true;
  } catch (error) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Analyst Markup: could not open {0}: {1}', uri.toString(true), String(error)));
    return false;
  }
}

export function registerTagsView(services: Services): void {
  const provider = new TagsViewProvider(services);
  const view = vscode.window.createTreeView(TAGS_VIEW_ID, { treeDataProvider: provider, showCollapseAll: true });
  provider.attach(view);
  services.context.subscriptions.push(
    provider,
    view,
    vscode.commands.registerCommand(GROUP_BY_ACTOR_COMMAND, () => provider.setGroupBy('actor')),
    vscode.commands.registerCommand(GROUP_BY_DOCUMENT_COMMAND, () => provider.setGroupBy('document')),
    vscode.commands.registerCommand(REFRESH_TAGS_COMMAND, () => provider.refresh()),
    vscode.commands.registerCommand(REVEAL_TAG_COMMAND, (uri?: unknown, range?: unknown) => revealTag(uri, range)),
    // Not contributed to the palette: lets the integration tests see what the view shows.
    vscode.commands.registerCommand('analystMarkup.internal.tagsView', () => provider.rendered()),
  );
}
