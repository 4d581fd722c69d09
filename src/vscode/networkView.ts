// `analystMarkup.showNetwork { entity?, date?, target?, format? }` (SPEC §4, §10): the actor
// network as it stood on a date, as a webview (script: src/webview/network.ts, Cytoscape.js).
// Data from the core (core/network.ts, also behind `analyst-markup export --format graphml`);
// the date slider asks the extension for the network of another day. Nodes are sized by their
// mentions in the tagged documents. With `target` the view is exported there: SVG, PNG (the
// webview's drawing) or GraphML (from the data). Returns `{ nodes, edges, date, exported? }`.

import vscode = require('vscode');
import { roleHeldOn, parsePartialDate } from '../core/dates';
import { formatGraphml } from '../core/graphml';
import { buildNetwork, NetworkData, networkRange } from '../core/network';
import type { Entity } from '../core/types';
import { addDays, dayRangeOf } from '../core/viewDates';
import { EdgeTagsReply, ExportFormat, NetworkEdgeView, NetworkPayload, parseNodePositions, ViewMessage } from '../core/viewMessages';
import { entityIdArgument } from './entityAt';
import type { ViewData, ViewSnapshot } from './viewData';
import { ViewController } from './viewController';
import { argumentObject, exportArguments, revealRange, tagRange, ViewPanel } from './viewPanel';
import type { ViewsContext } from './viewsHost';

const DATE_RE = /^\d{4}(-\d{2}(-\d{2})?)?$/;

/** Sent as patches after the first data (the webview names the same lists). */
const KEYED_LISTS = [
  { path: ['network', 'nodes'], key: 'id' },
  { path: ['network', 'edges'], key: 'id' },
  { path: ['roles'], key: 'id' },
];

class NetworkView extends ViewController<NetworkData> {
  private entity: string | undefined;
  /** The date asked for; undefined: the last day of the data. */
  private date: string | undefined;
  /** Each entity's roles as last sent, with the day they were held on. */
  private rolesMade = new WeakMap<Entity, { day: string; entry: NetworkPayload['roles'][number] }>();

  constructor(host: ViewsContext) {
    super(host, 'network', 'Network', KEYED_LISTS);
  }

  show(entity: string | undefined, date: string | undefined): Promise<ViewPanel> {
    this.entity = entity;
    if (date !== undefined || !this.panel) this.date = date;
    return this.open();
  }

  protected override exportText(format: ExportFormat, drawn?: string): string | undefined {
    return format === 'graphml' && this.data ? formatGraphml(this.data, { positions: drawn ? parseNodePositions(drawn) : undefined }) : undefined;
  }

  protected key(): string {
    return JSON.stringify([this.entity ?? null, this.date ?? null]);
  }

  protected payload({ tags, documents }: ViewSnapshot, source: ViewData, panel: ViewPanel): NetworkPayload {
    const entities = this.services.registries.registry.entities;
    const mentionCounts = source.mentionCounts(documents);
    let date = this.date;
    // No date asked for: the last day the data reaches (its range alone: one network built, not two).
    const range = date === undefined ? networkRange(tags, entities, this.entity) : undefined;
    if (range) date = addDays(range.end, -1);
    const network = buildNetwork(tags, entities, { date, entity: this.entity, mentionCounts });
    const asOf = date ? parsePartialDate(date) : undefined;
    const roles: NetworkPayload['roles'] = [];
    const day = asOf?.text ?? '';
    for (const node of network.nodes) {
      const entity = entities.get(node.id);
      if (!entity || entity.roles.length === 0) continue;
      // Made again only for another entity (a new registry) or date: the patch then tells the rest unchanged at once.
      let made = this.rolesMade.get(entity);
      if (!made || made.day !== day) {
        made = {
          day,
          entry: {
            id: node.id,
            roles: entity.roles.map((r) => ({ title: r.title, of: r.of, from: r.from?.text, to: r.to?.text, held: asOf ? roleHeldOn(r, asOf) : true })),
          },
        };
        this.rolesMade.set(entity, made);
      }
      roles.push(made.entry);
    }
    this.data = network;
    // The tags behind each edge stay here until the view shows them (edgeTags): a third of the data.
    const edges: NetworkEdgeView[] = network.edges.map(({ tags: _tags, ...edge }) => edge);
    const chosen = this.entity ? entities.get(this.entity)?.name : undefined;
    const title = chosen ? `Network: ${chosen}` : 'Network';
    if (panel.panel.title !== title) panel.panel.title = title;
    // The slider stands on the date's last day (a partial date is its whole period).
    return { network: { ...network, edges }, date: asOf ? addDays(dayRangeOf(asOf).end, -1) : undefined, roles };
  }

  protected async onMessage(message: ViewMessage): Promise<void> {
    switch (message.type) {
      case 'setDate':
        this.date = message.date;
        await this.update();
        return;
      case 'openEntity': {
        // Only an entity the view was sent, and that the registry has.
        if (!this.data?.nodes.some((n) => n.id === message.id)) return;
        const entity = this.services.registries.registry.entities.get(message.id);
        if (entity) await this.host.openEntity(entity);
        return;
      }
      case 'edgeTags': {
        // Only edges of the data last computed; the answer names the request it answers.
        const wanted = new Set(message.edgeIds);
        const tags: EdgeTagsReply['tags'] = {};
        for (const edge of this.data?.edges ?? []) if (wanted.has(edge.id)) tags[edge.id] = edge.tags;
        const reply: EdgeTagsReply = { type: 'edgeTags', requestId: message.requestId, tags };
        await this.panel?.panel.webview.postMessage(reply);
        return;
      }
      case 'openEdgeTag': {
        const edge = this.data?.edges.find((e) => e.id === message.edgeId);
        const tag = edge && message.index < edge.tags.length ? edge.tags[message.index] : undefined;
        const uri = tag ? this.uris.get(tag.document) : undefined;
        if (tag && uri) await revealRange(uri, tagRange(tag));
        return;
      }
      default:
        return;
    }
  }
}

export class NetworkCommand {
  private readonly view: NetworkView;

  constructor(private readonly host: ViewsContext) {
    this.view = new NetworkView(host);
  }

  async run(arg?: unknown): Promise<{ nodes: number; edges: number; date?: string; exported?: string } | undefined> {
    const services = this.host.services;
    const args = argumentObject(arg);
    const entity = entityIdArgument(arg);
    const exported = exportArguments(args, ['svg', 'png', 'graphml']);
    let problem = exported.error;
    const date = typeof args.date === 'string' ? args.date.trim() : undefined;
    if (args.date !== undefined && args.date !== null && args.date !== '' && (date === undefined || !DATE_RE.test(date) || !parsePartialDate(date))) {
      problem = `“date” must be a date: yyyy, yyyy-mm or yyyy-mm-dd; got ${JSON.stringify(args.date)}.`;
    }
    if (problem) {
      void vscode.window.showErrorMessage(vscode.l10n.t('Analyst Markup: Show Network: {0}', problem));
      return undefined;
    }
    await services.registries.ready;
    if (entity && !services.registries.registry.entities.has(entity)) {
      void vscode.window.showWarningMessage(vscode.l10n.t('Analyst Markup: no entity with id “{0}” in the registry.', entity));
      return undefined;
    }
    const panel = await this.view.show(entity, date || undefined);
    const data = this.view.current.data;
    const result: { nodes: number; edges: number; date?: string; exported?: string } = {
      nodes: data?.nodes.length ?? 0,
      edges: data?.edges.length ?? 0,
      date: data?.date,
    };
    if (exported.target && exported.format) result.exported = await this.view.exportAfterDrawing(panel, exported.format, exported.target);
    return result;
  }

  drawn(after?: unknown): Promise<unknown> | undefined {
    return this.view.drawn(after);
  }
}
