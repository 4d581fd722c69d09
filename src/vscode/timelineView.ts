// `analystMarkup.showTimeline { entity?, from?, to?, target?, format? }` (SPEC §4, §10): the
// workspace's events and dated claims on a time axis, in lanes per actor, as a webview (script:
// src/webview/timeline.ts). The data comes from the core (core/timeline.ts, also behind
// `analyst-markup export --format timeline-json`); the view follows edits live. With `target`
// the view's drawing is exported there (SVG or PNG, by `format` or the file's extension).
// Returns `{ items, lanes, exported? }` for automation and tests.

import vscode = require('vscode');
import { buildTimeline, TimelineData, TimelineFilter } from '../core/timeline';
import { TimelinePayload, ViewMessage } from '../core/viewMessages';
import { entityIdArgument } from './entityAt';
import type { ViewData, ViewSnapshot } from './viewData';
import { ViewController } from './viewController';
import { argumentObject, exportArguments, revealRange, tagRange, ViewPanel } from './viewPanel';
import type { ViewsContext } from './viewsHost';

const DATE_RE = /^\d{4}(-\d{2}(-\d{2})?)?$/;

/** Sent as patches after the first data (the webview names the same lists). */
const KEYED_LISTS = [
  { path: ['timeline', 'items'], key: 'key' },
  { path: ['timeline', 'lanes'], key: 'id' },
];

class TimelineView extends ViewController<TimelineData> {
  private filter: TimelineFilter = {};

  constructor(host: ViewsContext) {
    super(host, 'timeline', 'Timeline', KEYED_LISTS);
  }

  show(filter: TimelineFilter): Promise<ViewPanel> {
    this.filter = filter;
    return this.open();
  }

  protected key(): string {
    return JSON.stringify(this.filter);
  }

  protected payload({ tags }: ViewSnapshot, _source: ViewData, panel: ViewPanel): TimelinePayload {
    const entities = this.services.registries.registry.entities;
    const timeline = buildTimeline(tags, entities, this.filter);
    // The entity filter offers every actor and claimant, whatever the other filters keep.
    const all =
      this.filter.entity || this.filter.eventTypes || this.filter.from || this.filter.to || this.filter.documents ? buildTimeline(tags, entities) : timeline;
    const entityOptions = all.lanes.filter((l) => l.id !== '').map((l) => ({ id: l.id, name: l.name }));
    if (this.filter.entity && !entityOptions.some((o) => o.id === this.filter.entity)) {
      entityOptions.push({ id: this.filter.entity, name: entities.get(this.filter.entity)?.name ?? this.filter.entity });
    }
    entityOptions.sort((a, b) => a.name.localeCompare(b.name));
    this.data = timeline;
    const chosen = this.filter.entity ? entities.get(this.filter.entity)?.name : undefined;
    const title = chosen ? `Timeline: ${chosen}` : 'Timeline';
    if (panel.panel.title !== title) panel.panel.title = title;
    return { timeline, entityOptions };
  }

  protected async onMessage(message: ViewMessage): Promise<void> {
    switch (message.type) {
      case 'openTag': {
        const item = this.data?.items.find((i) => i.key === message.key);
        const uri = item ? this.uris.get(item.tag.document) : undefined;
        if (item && uri) await revealRange(uri, tagRange(item.tag));
        return;
      }
      case 'openEntity': {
        const entity = this.services.registries.registry.entities.get(message.id);
        if (entity) await vscode.commands.executeCommand('analystMarkup.openEntity', entity.id);
        return;
      }
      case 'setFilter':
        this.filter = { ...message.filter };
        await this.update();
        return;
      default:
        return;
    }
  }
}

function filterArguments(args: Record<string, unknown>, arg: unknown): TimelineFilter | string {
  const filter: TimelineFilter = {};
  // `{ entity }`, an Entities view item (`{ kind: 'entity', id }`) or an id.
  const entity = entityIdArgument(arg);
  if (entity) filter.entity = entity;
  for (const key of ['from', 'to'] as const) {
    const value = args[key];
    if (value === undefined || value === null || value === '') continue;
    if (typeof value !== 'string' || !DATE_RE.test(value.trim())) return `“${key}” must be a date: yyyy, yyyy-mm or yyyy-mm-dd; got ${JSON.stringify(value)}.`;
    filter[key] = value.trim();
  }
  return filter;
}

export class TimelineCommand {
  private readonly view: TimelineView;

  constructor(private readonly host: ViewsContext) {
    this.view = new TimelineView(host);
  }

  async run(arg?: unknown): Promise<{ items: number; lanes: number; undated: number; exported?: string } | undefined> {
    const services = this.host.services;
    const args = argumentObject(arg);
    const filter = filterArguments(args, arg);
    const exported = exportArguments(args, ['svg', 'png']);
    const problem = typeof filter === 'string' ? filter : exported.error;
    if (problem !== undefined || typeof filter === 'string') {
      void vscode.window.showErrorMessage(vscode.l10n.t('Analyst Markup: Show Timeline: {0}', String(problem)));
      return undefined;
    }
    await services.registries.ready;
    if (filter.entity && !services.registries.registry.entities.has(filter.entity)) {
      void vscode.window.showWarningMessage(vscode.l10n.t('Analyst Markup: no entity with id “{0}” in the registry.', filter.entity));
      return undefined;
    }
    const panel = await this.view.show(filter);
    const data = this.view.current.data;
    const result: { items: number; lanes: number; undated: number; exported?: string } = {
      items: data?.items.length ?? 0,
      lanes: data?.lanes.length ?? 0,
      undated: data?.undated ?? 0,
    };
    if (exported.target && exported.format) result.exported = await this.view.exportAfterDrawing(panel, exported.format, exported.target);
    return result;
  }

  /** For tests and the benchmark: the next drawing after revision `after` (default: the current data's). */
  drawn(after?: unknown): Promise<unknown> | undefined {
    return this.view.drawn(after);
  }
}
