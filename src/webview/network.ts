// The network webview (SPEC §10), drawn by Cytoscape.js: entities as nodes coloured by type (the
// extension's theme colours) and sized by mentions, edges for roles, affiliations, events and
// claims; a date slider (←/→ a day, PgUp/PgDn a month, Home/End) shows the network as of that
// day. The layout is stable: nodes keep their places between updates and only new nodes are laid
// out. Beside the drawing, the nodes and edges as lists of buttons: Tab to one, Enter opens
// (a node: its registry entry; an edge: the tags behind it). Click a node to see its roles and
// tags, double-click to open its registry entry, click an edge to list its tags and open them.
// Export: SVG (core/networkSvg.ts, from what Cytoscape drew), PNG (Cytoscape's own), GraphML (made by the extension).

import cytoscape, { Core, ElementDefinition, NodeSingular, EdgeSingular } from 'cytoscape';
import type { NetworkNode } from '../core/network';
import { networkSvg, SvgEdge, SvgNode } from '../core/networkSvg';
import type { TagLocation } from '../core/timeline';
import { addDays, daysBetween } from '../core/viewDates';
import type { ExportFormat, NetworkEdgeView, NetworkPayload } from '../core/viewMessages';
import {
  afterPaint,
  answerExportRequests,
  cssVar,
  el,
  entityColor,
  exportButtons,
  loadTimings,
  onThemeChange,
  post,
  postReady,
  timings,
  withAlpha,
} from './common';
import { receivedData } from '../core/viewPatches';

const ENTITY_TYPES = ['person', 'organization', 'state', 'place', 'position', 'other'];
const SLIDER_DEBOUNCE_MS = 60;
/** Above this many nodes, new nodes are only placed by their neighbours (no force layout). */
const FORCE_LAYOUT_MAX_NODES = 300;
/** In a big network, only this many nodes (the most mentioned) show their names. */
const NAMED_NODES = 60;

let payload: NetworkPayload | undefined;
/** Big networks draw straight edges without arrows (Cytoscape's "haystack": many times faster). */
let bigStyle = false;
let selected: { kind: 'node' | 'edge'; id: string } | undefined;

const app = document.getElementById('app')!;
app.textContent = '';
const controls = el('div', { class: 'controls', role: 'toolbar', 'aria-label': 'Network' });
const sliderLabel = el('label', { for: 'date-slider', class: 'date-label' }, 'As of');
const slider = el('input', { id: 'date-slider', type: 'range', min: '0', max: '0', step: '1', value: '0', 'aria-label': 'As of date' });
const dateText = el('output', { id: 'date-text', for: 'date-slider', class: 'date-text' });
const fitButton = el('button', { type: 'button', id: 'fit', title: 'Fit the network in the view' }, 'Fit');
const status = el('span', { class: 'status', id: 'status', role: 'status' });
controls.append(sliderLabel, slider, dateText, fitButton, exportButtons(['svg', 'png', 'graphml'], drawing), status);
const body = el('div', { class: 'network-body' });
const graph = el('div', { class: 'graph', id: 'graph', 'aria-hidden': 'true' });
const side = el('div', { class: 'side' });
const details = el('div', { class: 'details', id: 'details', 'aria-live': 'polite' });
const nodeList = el('ul', { class: 'list', id: 'node-list', 'aria-label': 'Nodes' });
const edgeList = el('ul', { class: 'list', id: 'edge-list', 'aria-label': 'Edges' });
const nodeHeading = el('h3', {}, 'Nodes');
const edgeHeading = el('h3', {}, 'Edges');
side.append(details, nodeHeading, nodeList, edgeHeading, edgeList);
body.append(graph, side);
const legend = el('div', { class: 'legend', id: 'legend' });
app.append(controls, body, legend);

// textureOnViewport: while panning and zooming, a snapshot moves (big networks stay fluid);
// hideEdgesOnViewport: edges are left out of the frames while the view moves; pixelRatio 1: a
// high-density screen does not draw four times the pixels of thousands of elements.
/**
 * Whether to draw with Cytoscape's WebGL renderer: only on a hardware WebGL 2. A software one
 * (SwiftShader, llvmpipe: Chromium without a GPU, as in the integration suite) drew this
 * benchmark's network 2–3× slower than the canvas renderer (first drawing 2.3–3 s against
 * 0.8–1.1 s, an edit 1–1.5 s against 0.15–0.2 s), so it draws on the canvas, as without WebGL.
 */
function hardwareWebgl2(): boolean {
  try {
    const gl = document.createElement('canvas').getContext('webgl2');
    if (!gl) return false;
    const info = gl.getExtension('WEBGL_debug_renderer_info');
    const renderer = String(info ? gl.getParameter(info.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER));
    gl.getExtension('WEBGL_lose_context')?.loseContext();
    return !/swiftshader|llvmpipe|softpipe|software|basic render/i.test(renderer);
  } catch {
    return false;
  }
}
const useWebgl = hardwareWebgl2();
// WebGL blends over the container's own background colour (Cytoscape reads it from the style
// when it starts; applyStyle keeps it to the theme's).
graph.style.backgroundColor = cssVar('--vscode-editor-background', '#1e1e1e');
// (@types/cytoscape does not know the renderer option yet: Cytoscape.js 3.31+.)
const options: cytoscape.CytoscapeOptions & { renderer: { name: 'canvas'; webgl: boolean } } = {
  renderer: { name: 'canvas', webgl: useWebgl },
  container: graph,
  elements: [],
  wheelSensitivity: 0.3,
  boxSelectionEnabled: false,
  minZoom: 0.02,
  maxZoom: 5,
  textureOnViewport: true,
  hideEdgesOnViewport: true,
  pixelRatio: 1,
};
const cy: Core = cytoscape(options);

function applyStyle(): void {
  const fg = cssVar('--vscode-foreground', '#cccccc');
  const bg = cssVar('--vscode-editor-background', '#1e1e1e');
  const muted = cssVar('--vscode-descriptionForeground', '#999999');
  const focus = cssVar('--vscode-focusBorder', '#007fd4');
  const eventColor = cssVar('--vscode-charts-red', '#f14c4c');
  const claimColor = cssVar('--vscode-charts-green', '#89d185');
  graph.style.backgroundColor = bg;
  const roleColor = cssVar('--vscode-charts-blue', '#3794ff');
  const style: cytoscape.StylesheetJson = [
    {
      selector: 'node',
      style: {
        label: 'data(label)',
        color: fg,
        'font-size': 11,
        'text-valign': 'bottom',
        'text-margin-y': 3,
        'text-background-color': bg,
        'text-background-opacity': 0.7,
        'text-background-padding': '1px',
        'min-zoomed-font-size': 7,
        width: 'data(size)',
        height: 'data(size)',
        'border-width': 2,
      },
    },
    ...ENTITY_TYPES.map((type) => ({
      selector: `node[type = "${type}"]`,
      style: { 'background-color': withAlpha(entityColor(type), 0.85), 'border-color': withAlpha(entityColor(type), 1) },
    })),
    { selector: 'node[?unknown]', style: { 'border-style': 'dashed', 'background-opacity': 0.3, 'border-color': muted } },
    { selector: 'node:selected', style: { 'border-color': focus, 'border-width': 4 } },
    {
      selector: 'edge',
      style: {
        width: 'data(width)',
        'curve-style': 'bezier',
        'target-arrow-shape': 'triangle',
        'arrow-scale': 0.8,
        label: 'data(label)',
        'font-size': 9,
        color: muted,
        'text-rotation': 'autorotate',
        'min-zoomed-font-size': 8,
        'text-background-color': bg,
        'text-background-opacity': 0.8,
        'text-background-padding': '1px',
      },
    },
    { selector: 'edge[kind = "event"]', style: { 'line-color': eventColor, 'target-arrow-color': eventColor } },
    { selector: 'edge[kind = "claim"]', style: { 'line-color': claimColor, 'target-arrow-color': claimColor } },
    { selector: 'edge[kind = "role"]', style: { 'line-color': roleColor, 'target-arrow-color': roleColor, 'line-style': 'dashed' } },
    { selector: 'edge[kind = "affiliation"]', style: { 'line-color': muted, 'target-arrow-color': muted, 'line-style': 'dotted' } },
    { selector: 'edge[?allUndated]', style: { 'line-style': 'dashed', 'line-dash-pattern': [2, 4] } },
    { selector: 'edge:selected', style: { 'line-color': focus, 'target-arrow-color': focus, width: 4 } },
  ];
  // Big networks: a sheet of its own, as lean as the drawing allows (Cytoscape applies every
  // matching rule's properties to each of thousands of elements on the first drawing, most of a
  // second with the full sheet): straight edges without arrows or labels, names only on the most
  // mentioned nodes (and the selected one).
  cy.style(bigStyle ? bigSheet({ fg, bg, muted, focus, eventColor, claimColor, roleColor }) : style);
  renderLegend();
}

function bigSheet(c: Record<'fg' | 'bg' | 'muted' | 'focus' | 'eventColor' | 'claimColor' | 'roleColor', string>): cytoscape.StylesheetJson {
  return [
    { selector: 'node', style: { width: 'data(size)', height: 'data(size)', 'border-width': 2, label: '' } },
    ...ENTITY_TYPES.map((type) => ({
      selector: `node[type = "${type}"]`,
      style: { 'background-color': withAlpha(entityColor(type), 0.85), 'border-color': withAlpha(entityColor(type), 1) },
    })),
    { selector: 'node[?unknown]', style: { 'border-style': 'dashed', 'background-opacity': 0.3, 'border-color': c.muted } },
    {
      selector: 'node[?named], node:selected',
      style: {
        label: 'data(label)',
        color: c.fg,
        'font-size': 11,
        'text-valign': 'bottom',
        'text-margin-y': 3,
        'text-background-color': c.bg,
        'text-background-opacity': 0.7,
        'text-background-padding': '1px',
        'min-zoomed-font-size': 7,
      },
    },
    { selector: 'node:selected', style: { 'border-color': c.focus, 'border-width': 4 } },
    { selector: 'edge', style: { width: 'data(width)', 'curve-style': 'haystack', 'haystack-radius': 0, 'line-color': c.muted } },
    { selector: 'edge[kind = "event"]', style: { 'line-color': c.eventColor } },
    { selector: 'edge[kind = "claim"]', style: { 'line-color': c.claimColor } },
    { selector: 'edge[kind = "role"]', style: { 'line-color': c.roleColor } },
    {
      selector: 'edge:selected',
      style: {
        'line-color': c.focus,
        width: 4,
        label: 'data(label)',
        'font-size': 9,
        color: c.fg,
        'text-background-color': c.bg,
        'text-background-opacity': 0.8,
      },
    },
  ];
}

function nodeSize(n: NetworkNode): number {
  return Math.round(18 + 7 * Math.log2(1 + n.mentions + n.tags));
}

function edgeLabel(e: NetworkEdgeView): string {
  return e.count > 1 ? `${e.label} ×${e.count}` : e.label;
}

function changed(element: cytoscape.SingularElementReturnValue, data: Record<string, unknown>): void {
  const now = element.data() as Record<string, unknown>;
  if (Object.keys(data).some((k) => now[k] !== data[k])) element.data(data);
}

/** Applies new data: keeps every existing node where it is, places and lays out only new ones. */
/** Grid cells this wide (px) before fitting: room for the biggest nodes. */
const GRID_CELL = 70;

/** Places `nodes` row by row on a grid of about the view's proportions; returns its size. */
function gridPositions(nodes: ElementDefinition[], aspect: number): { width: number; height: number } {
  const columns = Math.max(1, Math.ceil(Math.sqrt(nodes.length * (Number.isFinite(aspect) && aspect > 0 ? aspect : 1))));
  nodes.forEach((n, i) => {
    n.position = { x: (i % columns) * GRID_CELL, y: Math.floor(i / columns) * GRID_CELL };
  });
  return { width: (Math.min(columns, nodes.length) - 1) * GRID_CELL, height: Math.floor((nodes.length - 1) / columns) * GRID_CELL };
}

/**
 * Shows the whole grid (as cy.fit would, from the grid's size: fit measures every element's
 * label and box first, most of a second at thousands of elements). A cell of margin around.
 */
function fitGrid(extent: { width: number; height: number }): void {
  const width = extent.width + 2 * GRID_CELL;
  const height = extent.height + 2 * GRID_CELL;
  const zoom = Math.min(cy.maxZoom(), Math.max(cy.minZoom(), Math.min(cy.width() / width, cy.height() / height)));
  cy.viewport({ zoom, pan: { x: (cy.width() - extent.width * zoom) / 2, y: (cy.height() - extent.height * zoom) / 2 } });
}
let gridExtent: { width: number; height: number } | undefined;

/** The data each drawn element was last given from (see update). */
const appliedNodes = new Map<string, { node: NetworkNode; named: boolean }>();
const appliedEdges = new Map<string, NetworkEdgeView>();

/** Where the last update's time went (ms), reported with the drawing for the benchmark. */
const phases = { nodesMs: 0, edgesMs: 0, layoutMs: 0, listsMs: 0 };

function update(p: NetworkPayload): void {
  let mark = performance.now();
  const phase = (name: keyof typeof phases) => {
    const now = performance.now();
    phases[name] = Math.round(now - mark);
    mark = now;
  };
  const first = cy.nodes().length === 0;
  // The style for the size first: restyling thousands of elements afterwards costs as much again.
  const big = p.network.nodes.length > FORCE_LAYOUT_MAX_NODES;
  if (big !== bigStyle) {
    bigStyle = big;
    applyStyle();
  }
  const nodeIds = new Set(p.network.nodes.map((n) => n.id));
  const named = new Set(
    big
      ? [...p.network.nodes]
          .sort((a, b) => b.mentions + b.tags - (a.mentions + a.tags))
          .slice(0, NAMED_NODES)
          .map((n) => n.id)
      : [],
  );
  const edgeIds = new Set(p.network.edges.map((e) => e.id));
  cy.batch(() => {
    cy.edges().forEach((e) => {
      if (edgeIds.has(e.id())) return;
      appliedEdges.delete(e.id());
      e.remove();
    });
    cy.nodes().forEach((n) => {
      if (nodeIds.has(n.id())) return;
      appliedNodes.delete(n.id());
      // Removing a node removes its edges too.
      n.connectedEdges().forEach((e) => {
        appliedEdges.delete(e.id());
      });
      n.remove();
    });
  });
  const added: ElementDefinition[] = [];
  const center = { x: cy.width() / 2, y: cy.height() / 2 };
  cy.batch(() => {
    for (const n of p.network.nodes) {
      const isNamed = named.has(n.id);
      // The same object as last time (a patch keeps the elements it does not change): nothing to do.
      const last = appliedNodes.get(n.id);
      if (last && last.node === n && last.named === isNamed) continue;
      appliedNodes.set(n.id, { node: n, named: isNamed });
      const data = { id: n.id, label: n.name, type: n.type, unknown: n.unknown, size: nodeSize(n), mentions: n.mentions, tags: n.tags, named: isNamed };
      // (Nothing to look up in the first drawing.)
      const existing = first ? undefined : cy.getElementById(n.id);
      // Only what changed: setting data restyles the element, thousands of times per edit.
      if (existing?.nonempty()) changed(existing, data);
      else added.push({ group: 'nodes', data, position: { ...center } });
    }
  });
  const newIds = new Set(added.map((a) => a.data.id as string));
  if (added.length > 0) {
    // Start each new node next to a neighbour that is already placed, so that the layout only nudges.
    const neighbours = new Map<string, { x: number; y: number }>();
    for (const e of p.network.edges) {
      for (const [a, b] of [
        [e.source, e.target],
        [e.target, e.source],
      ]) {
        if (!newIds.has(a) || newIds.has(b) || neighbours.has(a)) continue;
        const other = cy.getElementById(b);
        if (other.nonempty()) neighbours.set(a, other.position());
      }
    }
    for (const a of added) {
      const near = neighbours.get(a.data.id as string);
      const angle = Math.random() * 2 * Math.PI;
      const r = near ? 60 : 40 + Math.random() * 120;
      const origin = near ?? center;
      a.position = { x: origin.x + r * Math.cos(angle), y: origin.y + r * Math.sin(angle) };
    }
    if (big) {
      const degree = new Map<string, number>();
      for (const e of p.network.edges) for (const id of [e.source, e.target]) degree.set(id, (degree.get(id) ?? 0) + 1);
      added.sort((a, b) => (degree.get(b.data.id as string) ?? 0) - (degree.get(a.data.id as string) ?? 0));
      // The first drawing: a grid in that order, the most connected first (computed here, as
      // Cytoscape's grid layout measures every node and costs most of a second at this size).
      if (first) gridExtent = gridPositions(added, cy.width() / Math.max(1, cy.height()));
    }
    cy.batch(() => cy.add(added));
  }
  phase('nodesMs');
  const edges: ElementDefinition[] = [];
  cy.batch(() => {
    for (const e of p.network.edges) {
      if (appliedEdges.get(e.id) === e) continue;
      appliedEdges.set(e.id, e);
      const data = {
        id: e.id,
        source: e.source,
        target: e.target,
        kind: e.kind,
        label: edgeLabel(e),
        width: Math.min(1 + e.count, 6),
        allUndated: e.undated > 0 && e.undated === e.count,
      };
      const existing = first ? undefined : cy.getElementById(e.id);
      if (existing?.nonempty()) changed(existing, data);
      else edges.push({ group: 'edges', data });
    }
    cy.add(edges);
  });
  phase('edgesMs');
  if (first && big) {
    // A force layout of thousands of nodes takes seconds: the grid placed above, fitted.
    if (gridExtent) fitGrid(gridExtent);
    else cy.fit(undefined, 30);
  } else if (first) {
    cy.layout({ name: 'cose', animate: false, randomize: true, fit: true, padding: 30, nodeDimensionsIncludeLabels: true }).run();
  } else if (added.length > 0 && !big) {
    const old = cy.nodes().filter((n) => !newIds.has(n.id()));
    old.lock();
    cy.layout({ name: 'cose', animate: false, randomize: false, fit: false, nodeDimensionsIncludeLabels: true }).run();
    old.unlock();
  }
  phase('layoutMs');
  renderLists(p);
  renderDetails();
  phase('listsMs');
}

function listButton(text: string, attrs: Record<string, string>, onEnter: () => void, onFocus: () => void): HTMLLIElement {
  const li = el('li');
  const button = el('button', { type: 'button', class: 'list-item', ...attrs }, text);
  button.addEventListener('click', () => {
    onFocus();
  });
  button.addEventListener('dblclick', onEnter);
  button.addEventListener('keydown', (event) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      onEnter();
    }
  });
  button.addEventListener('focus', onFocus);
  li.append(button);
  return li;
}

/** The lists show this many entries until "Show all" (thousands of buttons slow every update). */
const LIST_LIMIT = 400;
let listAll = false;

const showAllButtons = new Map<string, HTMLLIElement>();
function showAllButton(total: number, what: string): HTMLLIElement {
  const key = `${what} ${total}`;
  const made = showAllButtons.get(key);
  if (made) return made;
  if (showAllButtons.size > 20) showAllButtons.clear();
  const li = el('li');
  const button = el('button', { type: 'button', class: 'show-all' }, `Show all ${total} ${what}`);
  button.addEventListener('click', () => {
    listAll = true;
    if (payload) renderLists(payload);
  });
  li.append(button);
  showAllButtons.set(key, li);
  return li;
}

/** The list items drawn, by id and text: an update rebuilds only what changed (thousands of buttons restyle slowly). */
const listItems = { nodes: new Map<string, { text: string; li: HTMLLIElement }>(), edges: new Map<string, { text: string; li: HTMLLIElement }>() };

/** Sets `list`'s items to `entries` in order, reusing the items whose id and text are unchanged; leaves the DOM alone when nothing changed. */
function syncList(
  list: HTMLElement,
  cache: Map<string, { text: string; li: HTMLLIElement }>,
  entries: { id: string; text: string; make: () => HTMLLIElement }[],
  more: HTMLLIElement | undefined,
): void {
  const next = new Map<string, { text: string; li: HTMLLIElement }>();
  const items: HTMLLIElement[] = [];
  for (const e of entries) {
    const had = cache.get(e.id);
    const item = had && had.text === e.text ? had : { text: e.text, li: e.make() };
    next.set(e.id, item);
    items.push(item.li);
  }
  if (more) items.push(more);
  cache.clear();
  for (const [k, v] of next) cache.set(k, v);
  const now = list.children;
  let same = now.length === items.length;
  for (let i = 0; same && i < items.length; i++) same = now[i] === items[i];
  if (same) return;
  const fragment = document.createDocumentFragment();
  for (const li of items) fragment.append(li);
  list.replaceChildren(fragment);
}

function renderLists(p: NetworkPayload): void {
  const names = new Map(p.network.nodes.map((n) => [n.id, n.name]));
  const nodes = [...p.network.nodes].sort((a, b) => b.mentions + b.tags - (a.mentions + a.tags) || a.name.localeCompare(b.name));
  const limit = listAll ? Infinity : LIST_LIMIT;
  syncList(
    nodeList,
    listItems.nodes,
    nodes.slice(0, limit).map((n) => {
      const text = `${n.name} · ${n.type}${n.unknown ? ' (not in the registry)' : ''} · ${n.mentions} mention(s)`;
      return {
        id: n.id,
        text,
        make: () =>
          listButton(
            text,
            { 'data-node-id': n.id },
            () => post({ type: 'openEntity', id: n.id }),
            () => select({ kind: 'node', id: n.id }),
          ),
      };
    }),
    nodes.length > limit ? showAllButton(nodes.length, 'nodes') : undefined,
  );
  syncList(
    edgeList,
    listItems.edges,
    p.network.edges.slice(0, limit).map((e) => {
      const text = `${names.get(e.source) ?? e.source} → ${names.get(e.target) ?? e.target}: ${edgeLabel(e)}`;
      return {
        id: e.id,
        text,
        make: () =>
          listButton(
            text,
            { 'data-edge-id': e.id, 'data-kind': e.kind },
            () => {
              // Enter: to the edge's tags (once they are read).
              focusTagsWhenShown = true;
              select({ kind: 'edge', id: e.id });
            },
            () => select({ kind: 'edge', id: e.id }),
          ),
      };
    }),
    p.network.edges.length > limit ? showAllButton(p.network.edges.length, 'edges') : undefined,
  );
  nodeHeading.textContent = `Nodes (${p.network.nodes.length})`;
  edgeHeading.textContent = `Edges (${p.network.edges.length})`;
}

function select(target: { kind: 'node' | 'edge'; id: string } | undefined): void {
  selected = target;
  refocus = undefined;
  cy.elements().unselect();
  if (target) {
    const element = cy.getElementById(target.id);
    if (element.nonempty()) element.select();
  }
  renderDetails();
}

/** The button in the details that had the focus, as a selector, to give it back once drawn again. */
let refocus: string | undefined;

function focusedDetailsButton(): string | undefined {
  const active = document.activeElement;
  if (!(active instanceof HTMLElement) || !details.contains(active)) return undefined;
  const edge = active.getAttribute('data-edge');
  const index = active.getAttribute('data-tag-index');
  if (edge !== null && index !== null) return `button[data-edge="${CSS.escape(edge)}"][data-tag-index="${CSS.escape(index)}"]`;
  const entity = active.getAttribute('data-open-entity');
  return entity !== null ? `button[data-open-entity="${CSS.escape(entity)}"]` : undefined;
}

function renderDetails(): void {
  // An update draws the details again: the keyboard user keeps their place in them.
  refocus = focusedDetailsButton() ?? refocus;
  details.textContent = '';
  if (!payload || !selected) {
    details.append(
      el(
        'p',
        { class: 'hint' },
        'Select a node to see its roles and tags, an edge to list the tags behind it. Double-click a node to open its registry entry.',
      ),
    );
    return;
  }
  const network = payload.network;
  if (selected.kind === 'node') {
    const node = network.nodes.find((n) => n.id === selected!.id);
    if (!node) return;
    details.append(
      el('h3', {}, node.name),
      el('p', {}, `${node.type}${node.unknown ? ' — not in the registry' : ''} · ${node.mentions} mention(s) · ${node.tags} tag(s)`),
    );
    const roles = payload.roles.find((r) => r.id === node.id)?.roles ?? [];
    if (roles.length > 0) {
      const ul = el('ul', { class: 'roles' });
      for (const r of roles)
        ul.append(
          el('li', { class: r.held ? 'held' : '' }, `${r.held ? '● ' : '○ '}${r.title}${r.from || r.to ? ` (${r.from ?? '…'} – ${r.to ?? 'now'})` : ''}`),
        );
      details.append(ul);
    }
    const tagged = network.edges.filter((e) => (e.source === node.id || e.target === node.id) && hasTags(e));
    const tags = tagsOf(tagged);
    if (tags) tagged.forEach((e, i) => appendTags(e, tags[i]));
    else details.append(el('p', { class: 'hint reading-tags' }, 'Reading the tags…'));
    if (!node.unknown) {
      const open = el('button', { type: 'button', 'data-open-entity': node.id }, 'Open registry entry');
      open.addEventListener('click', () => post({ type: 'openEntity', id: node.id }));
      details.append(open);
    }
  } else {
    const edge = network.edges.find((e) => e.id === selected!.id);
    if (!edge) return;
    details.append(
      el('h3', {}, edgeLabel(edge)),
      el(
        'p',
        {},
        `${edge.kind}${edge.from || edge.to ? ` · ${edge.from ?? '…'} – ${edge.to ?? 'now'}` : ''}${edge.undated ? ` · ${edge.undated} undated` : ''}`,
      ),
    );
    if (!hasTags(edge)) details.append(el('p', { class: 'hint' }, 'From the registry (no tag behind it).'));
    else {
      const tags = tagsOf([edge]);
      if (tags) appendTags(edge, tags[0]);
      else details.append(el('p', { class: 'hint reading-tags' }, 'Reading the tags…'));
    }
  }
  if (focusTagsWhenShown) {
    const first = details.querySelector<HTMLButtonElement>('button[data-tag-index]');
    if (first) {
      focusTagsWhenShown = false;
      refocus = undefined;
      first.focus();
    }
  } else if (refocus) {
    // Still reading the tags: the place is kept until they are drawn (or the selection goes).
    const again = details.querySelector<HTMLButtonElement>(refocus);
    if (again) again.focus();
    if (again || !details.querySelector('.reading-tags')) refocus = undefined;
  }
}

/** Events and claims have tags behind them; roles and affiliations come from the registry. */
function hasTags(edge: NetworkEdgeView): boolean {
  return (edge.kind === 'event' || edge.kind === 'claim') && edge.count > 0;
}

/**
 * The tags behind each edge, for the data drawn now: the data leaves them out (a third of it),
 * so they are asked for when a selection shows them. Undefined until the answer is there (the
 * details are drawn again then).
 */
const edgeTags = new Map<string, TagLocation[]>();
let edgeTagsRequest = 0;
let focusTagsWhenShown = false;
function tagsOf(edges: NetworkEdgeView[]): TagLocation[][] | undefined {
  const missing = edges.filter((e) => !edgeTags.has(e.id)).map((e) => e.id);
  if (missing.length === 0) return edges.map((e) => edgeTags.get(e.id)!);
  edgeTagsAsked = missing;
  post({ type: 'edgeTags', requestId: ++edgeTagsRequest, edgeIds: missing });
  return undefined;
}
/** The edges the latest request asked for: those the answer leaves out have no tags to show (not asked again). */
let edgeTagsAsked: string[] = [];

function onEdgeTags(message: { requestId?: unknown; tags?: unknown }): void {
  // Only the latest request's answer: an older one may be of data drawn before.
  if (message.requestId !== edgeTagsRequest || typeof message.tags !== 'object' || message.tags === null) return;
  const tags = message.tags as Record<string, unknown>;
  for (const id of edgeTagsAsked) {
    const list = Object.prototype.hasOwnProperty.call(tags, id) ? tags[id] : undefined;
    edgeTags.set(id, Array.isArray(list) ? (list as TagLocation[]) : []);
  }
  renderDetails();
}

function appendTags(edge: NetworkEdgeView, tags: TagLocation[]): void {
  const ul = el('ul', { class: 'tags' });
  tags.forEach((t, index) => {
    const li = el('li');
    const button = el(
      'button',
      { type: 'button', 'data-tag-index': String(index), 'data-edge': edge.id },
      `${edge.label}: ${t.id ? `#${t.id}` : 'tag'} · ${t.document}:${t.line}`,
    );
    button.addEventListener('click', () => post({ type: 'openEdgeTag', edgeId: edge.id, index }));
    li.append(button);
    ul.append(li);
  });
  details.append(ul);
}

cy.on('tap', 'node', (event) => select({ kind: 'node', id: (event.target as NodeSingular).id() }));
cy.on('tap', 'edge', (event) => select({ kind: 'edge', id: (event.target as EdgeSingular).id() }));
cy.on('dbltap', 'node', (event) => {
  const node = event.target as NodeSingular;
  if (!node.data('unknown')) post({ type: 'openEntity', id: node.id() });
});
fitButton.addEventListener('click', () => cy.fit(undefined, 30));

// The slider: one step a day over the range the data spans.
let sliderStart: string | undefined;
let sliderTimer: ReturnType<typeof setTimeout> | undefined;
function setupSlider(p: NetworkPayload): void {
  const range = p.network.range;
  if (!range || !p.date) {
    slider.disabled = true;
    dateText.textContent = p.network.date ?? 'every date';
    sliderStart = undefined;
    return;
  }
  slider.disabled = false;
  sliderStart = range.start;
  const max = Math.max(0, daysBetween(range.start, range.end) - 1);
  slider.max = String(max);
  slider.value = String(Math.min(max, Math.max(0, daysBetween(range.start, p.date))));
  dateText.textContent = p.date;
}
slider.addEventListener('input', () => {
  if (!sliderStart) return;
  const date = addDays(sliderStart, Number(slider.value));
  dateText.textContent = date;
  if (sliderTimer) clearTimeout(sliderTimer);
  sliderTimer = setTimeout(() => post({ type: 'setDate', date }), SLIDER_DEBOUNCE_MS);
});
slider.addEventListener('keydown', (event) => {
  // Range inputs move one step on arrows; a month on PgUp/PgDn.
  if (event.key !== 'PageUp' && event.key !== 'PageDown') return;
  event.preventDefault();
  slider.value = String(Number(slider.value) + (event.key === 'PageUp' ? 30 : -30));
  slider.dispatchEvent(new Event('input'));
});

function renderLegend(): void {
  legend.textContent = '';
  for (const type of ENTITY_TYPES) {
    const swatch = el('span', { class: 'swatch' });
    swatch.style.background = withAlpha(entityColor(type), 0.85);
    legend.append(swatch, document.createTextNode(` ${type}  `));
  }
  legend.append(document.createTextNode(' · edges: red events, green claims, blue dashed roles, dotted affiliations; finely dashed: undated tags only'));
}

function drawing(format: ExportFormat): Promise<string> {
  // For the GraphML (made by the extension): where each node is drawn, so the file keeps the layout.
  if (format === 'graphml') {
    const positions: Record<string, [number, number]> = {};
    cy.nodes().forEach((n) => {
      const p = n.position();
      positions[n.id()] = [Math.round(p.x * 100) / 100, Math.round(p.y * 100) / 100];
    });
    return Promise.resolve(JSON.stringify(positions));
  }
  const bg = cssVar('--vscode-editor-background', '#ffffff');
  if (format === 'png') return Promise.resolve(cy.png({ full: true, bg, output: 'base64uri', scale: 2 }));
  return Promise.resolve(networkSvg({ nodes: svgNodes(), edges: svgEdges(), background: bg, fontFamily: cssVar('--vscode-font-family', 'sans-serif') }));
}

/** A style value as a number (`'11px'` → 11). */
function px(value: unknown, fallback: number): number {
  const n = parseFloat(String(value));
  return Number.isFinite(n) ? n : fallback;
}

function lineStyle(value: unknown): 'solid' | 'dashed' | 'dotted' {
  return value === 'dashed' || value === 'dotted' ? value : 'solid';
}

/** What the SVG export draws of each node: as Cytoscape resolved its style (theme, selection, size). */
function svgNodes(): SvgNode[] {
  const out: SvgNode[] = [];
  cy.nodes().forEach((n) => {
    const p = n.position();
    const label = String(n.style('label') ?? '');
    out.push({
      x: p.x,
      y: p.y,
      size: n.width(),
      fill: String(n.style('background-color')),
      fillOpacity: px(n.style('background-opacity'), 1),
      stroke: String(n.style('border-color')),
      strokeWidth: px(n.style('border-width'), 0),
      strokeStyle: lineStyle(n.style('border-style')),
      label: label || undefined,
      labelColor: String(n.style('color')),
      labelSize: px(n.style('font-size'), 11),
    });
  });
  return out;
}

function svgEdges(): SvgEdge[] {
  const out: SvgEdge[] = [];
  cy.edges().forEach((e) => {
    const start = e.sourceEndpoint();
    const end = e.targetEndpoint();
    const control = e.controlPoints() as cytoscape.Position[] | undefined;
    const label = String(e.style('label') ?? '');
    out.push({
      points:
        control?.length === 1
          ? [
              [start.x, start.y],
              [control[0].x, control[0].y],
              [end.x, end.y],
            ]
          : [
              [start.x, start.y],
              [end.x, end.y],
            ],
      color: String(e.style('line-color')),
      width: px(e.style('width'), 1),
      style: lineStyle(e.style('line-style')),
      arrow: e.style('target-arrow-shape') !== 'none',
      label: label || undefined,
      labelColor: String(e.style('color')),
      labelSize: px(e.style('font-size'), 9),
    });
  });
  return out;
}

/** Sent as patches after the first data (src/vscode/networkView.ts names the same lists). */
const KEYED_LISTS = [
  { path: ['network', 'nodes'], key: 'id' },
  { path: ['network', 'edges'], key: 'id' },
  { path: ['roles'], key: 'id' },
];
const answerExport = answerExportRequests(drawing, true);
type DataMessage = { type: 'data'; revision: number; data?: unknown; patch?: unknown; postedAt?: unknown };
window.addEventListener('message', (event: MessageEvent) => {
  const message = event.data as { type?: unknown; revision?: unknown; data?: unknown; patch?: unknown; postedAt?: unknown };
  const received = Date.now();
  if (answerExport(message)) return;
  if (message.type === 'edgeTags') return onEdgeTags(message as { requestId?: unknown; tags?: unknown });
  if (message.type !== 'data' || typeof message.revision !== 'number') return;
  onData(message as DataMessage, received);
});

function onData(message: DataMessage, received: number): void {
  const data = receivedData<NetworkPayload>(message, payload, KEYED_LISTS);
  if (!data) return;
  payload = data;
  // Tags read for the data before may have changed: read again when shown (an answer still on its way is dropped).
  edgeTags.clear();
  edgeTagsRequest++;
  const revision = message.revision;
  setupSlider(payload);
  update(payload);
  const n = payload.network;
  status.textContent = `${n.nodes.length} node(s), ${n.edges.length} edge(s)${n.later ? ` · ${n.later} later tag(s) not yet` : ''}${n.undated ? ` · ${n.undated} undated tag(s) always shown` : ''}`;
  const handled = Date.now();
  // Reported once the frame is painted.
  afterPaint(() =>
    post({
      type: 'drawn',
      revision,
      counts: {
        nodes: cy.nodes().length,
        edges: cy.edges().length,
        listedNodes: nodeList.querySelectorAll('[data-node-id]').length,
        listedEdges: edgeList.querySelectorAll('[data-edge-id]').length,
        ...phases,
        ...timings(message.postedAt, received, handled),
        ...loadTimings(),
      },
    }),
  );
}
onThemeChange(applyStyle);
applyStyle();
// For the integration tests (through the runner's bridge): where each node is drawn.
(window as unknown as { analystMarkupNodePositions: () => Record<string, { x: number; y: number }> }).analystMarkupNodePositions = () => {
  const out: Record<string, { x: number; y: number }> = {};
  cy.nodes().forEach((n) => {
    const p = n.position();
    out[n.id()] = { x: Math.round(p.x * 100) / 100, y: Math.round(p.y * 100) / 100 };
  });
  return out;
};
postReady();
