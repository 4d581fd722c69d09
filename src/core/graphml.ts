// The network as GraphML (http://graphml.graphdrawing.org/), for Gephi and yEd:
// - plain `<data>` keys (label, type, mentions, kind, count, …) that both read as attributes;
// - the keys Gephi's GraphML importer takes as its node and edge properties (matched by key id
//   or attr.name: node `label`, `x`, `y`, `size`, `r`, `g`, `b`; edge `label`, `weight`, `r`,
//   `g`, `b`), so that Gephi opens the network laid out, sized and coloured;
// - yEd's own node and edge graphics (yFiles extension keys, `yfiles.type="nodegraphics"` /
//   `"edgegraphics"`: y:ShapeNode with geometry, fill and border colours, label and shape;
//   y:PolyLineEdge with line colour, style and width, arrow, label), which Gephi leaves alone.
// Positions: those the view drew (the network view's export passes them), else a grid in the
// order of degree (the CLI has no drawing). Every key is declared before the graph, as GraphML
// requires. Every text is escaped, and characters XML 1.0 cannot carry are dropped (registry
// and document text are untrusted). Pure core: no `vscode`, no Node built-ins.

import type { NetworkData } from './network';
import type { EntityType } from './types';

/** Node fill colours per entity type (the light theme's highlight hues, opaque). */
export const GRAPHML_TYPE_COLORS: Readonly<Record<EntityType, string>> = Object.freeze({
  person: '#5B9BD5',
  organization: '#C586C0',
  state: '#4EC9B0',
  place: '#D7BA7D',
  position: '#B5CEA8',
  other: '#CE9178',
});

/** Text safe inside XML 1.0 content and attribute values. */
export function escapeXml(text: string): string {
  // Characters outside XML 1.0's Char production (control characters, lone surrogates, U+FFFE/F).
  const cleaned = text.replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '');
  return cleaned.replace(/[&<>"']/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : '&apos;'));
}

/** Edge colours per kind (readable on the white canvas of yEd and Gephi). */
export const GRAPHML_KIND_COLORS: Readonly<Record<string, string>> = Object.freeze({
  event: '#D13438',
  claim: '#2E7D32',
  role: '#1A6FD1',
  affiliation: '#808080',
});

interface Key {
  id: string;
  for: 'node' | 'edge';
  name: string;
  type: 'string' | 'int' | 'double';
}

const KEYS: readonly Key[] = [
  { id: 'label', for: 'node', name: 'label', type: 'string' },
  { id: 'entity', for: 'node', name: 'entity', type: 'string' },
  { id: 'type', for: 'node', name: 'type', type: 'string' },
  { id: 'mentions', for: 'node', name: 'mentions', type: 'int' },
  { id: 'tags', for: 'node', name: 'tags', type: 'int' },
  { id: 'unknown', for: 'node', name: 'unknown', type: 'string' },
  // Gephi's node properties (position, size, colour).
  { id: 'x', for: 'node', name: 'x', type: 'double' },
  { id: 'y', for: 'node', name: 'y', type: 'double' },
  { id: 'size', for: 'node', name: 'size', type: 'double' },
  { id: 'r', for: 'node', name: 'r', type: 'int' },
  { id: 'g', for: 'node', name: 'g', type: 'int' },
  { id: 'b', for: 'node', name: 'b', type: 'int' },
  { id: 'elabel', for: 'edge', name: 'label', type: 'string' },
  { id: 'kind', for: 'edge', name: 'kind', type: 'string' },
  { id: 'count', for: 'edge', name: 'count', type: 'int' },
  { id: 'undated', for: 'edge', name: 'undated', type: 'int' },
  { id: 'from', for: 'edge', name: 'from', type: 'string' },
  { id: 'to', for: 'edge', name: 'to', type: 'string' },
  { id: 'tagids', for: 'edge', name: 'tags', type: 'string' },
  // Gephi's edge properties (weight, colour).
  { id: 'weight', for: 'edge', name: 'weight', type: 'double' },
  { id: 'edge_r', for: 'edge', name: 'r', type: 'int' },
  { id: 'edge_g', for: 'edge', name: 'g', type: 'int' },
  { id: 'edge_b', for: 'edge', name: 'b', type: 'int' },
];

/** Grid cells this wide for the positions made here (room for the biggest nodes). */
const GRID_CELL = 80;

export interface GraphmlOptions {
  /** Where the view drew each node (by entity id); the others are placed on a grid. */
  positions?: ReadonlyMap<string, { x: number; y: number }>;
}

function rgb(hex: string): [number, number, number] {
  const n = parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

/** A number as GraphML text: finite, at most two decimals. */
function num(value: number): string {
  return String(Math.round((Number.isFinite(value) ? value : 0) * 100) / 100);
}

/**
 * Positions for the nodes the view did not place: a grid below the placed ones, the most
 * connected first (ties by id), about square.
 */
function gridPositions(network: NetworkData, placed: ReadonlyMap<string, { x: number; y: number }> | undefined): Map<string, { x: number; y: number }> {
  const out = new Map<string, { x: number; y: number }>();
  let top = 0;
  let left = 0;
  let any = false;
  for (const node of network.nodes) {
    const p = placed?.get(node.id);
    if (!p || !Number.isFinite(p.x) || !Number.isFinite(p.y)) continue;
    out.set(node.id, { x: p.x, y: p.y });
    if (!any || p.y > top) top = p.y;
    if (!any || p.x < left) left = p.x;
    any = true;
  }
  const rest = network.nodes.filter((n) => !out.has(n.id));
  if (rest.length === 0) return out;
  const degree = new Map<string, number>();
  for (const e of network.edges) for (const id of [e.source, e.target]) degree.set(id, (degree.get(id) ?? 0) + 1);
  rest.sort((a, b) => (degree.get(b.id) ?? 0) - (degree.get(a.id) ?? 0) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const columns = Math.max(1, Math.ceil(Math.sqrt(rest.length)));
  const startY = any ? top + 2 * GRID_CELL : 0;
  rest.forEach((node, i) => out.set(node.id, { x: left + (i % columns) * GRID_CELL, y: startY + Math.floor(i / columns) * GRID_CELL }));
  return out;
}

function data(key: string, value: string | number | undefined): string {
  return value === undefined || value === '' ? '' : `<data key="${key}">${escapeXml(String(value))}</data>`;
}

/** The network as a GraphML document (directed; edge ids as in NetworkData). */
export function formatGraphml(network: NetworkData, options: GraphmlOptions = {}): string {
  const out: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:y="http://www.yworks.com/xml/graphml" xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://www.yworks.com/xml/schema/graphml/1.1/ygraphml.xsd">',
  ];
  for (const k of KEYS) out.push(`  <key id="${k.id}" for="${k.for}" attr.name="${k.name}" attr.type="${k.type}"/>`);
  // attr.type="string" is GraphML's default, written out: Gephi reports a key without one as an error.
  out.push(
    '  <key id="ng" for="node" yfiles.type="nodegraphics" attr.type="string"/>',
    '  <key id="eg" for="edge" yfiles.type="edgegraphics" attr.type="string"/>',
  );
  const positions = gridPositions(network, options.positions);
  const title = network.date ? `Analyst Markup network as of ${network.date}` : 'Analyst Markup network';
  out.push(`  <graph id="${escapeXml(title)}" edgedefault="directed">`);
  const ids = new Map<string, string>();
  network.nodes.forEach((node, i) => {
    const xmlId = `n${i}`;
    ids.set(node.id, xmlId);
    const size = Math.round(30 + 10 * Math.log2(1 + node.mentions + node.tags));
    const fill = GRAPHML_TYPE_COLORS[node.type];
    const [r, g, b] = rgb(fill);
    const at = positions.get(node.id) ?? { x: 0, y: 0 };
    // yEd's geometry is the node's top-left corner; Gephi's x/y its centre (y upwards).
    out.push(
      `    <node id="${xmlId}">` +
        `<data key="ng"><y:ShapeNode><y:Geometry x="${num(at.x - size / 2)}" y="${num(at.y - size / 2)}" width="${size}" height="${size}"/>` +
        `<y:Fill color="${fill}" transparent="false"/><y:BorderStyle color="#333333" type="${node.unknown ? 'dashed' : 'line'}" width="1.0"/>` +
        `<y:NodeLabel alignment="center" autoSizePolicy="content" fontSize="12" modelName="sandwich" modelPosition="s" textColor="#000000" visible="true">${escapeXml(node.name)}</y:NodeLabel>` +
        `<y:Shape type="ellipse"/></y:ShapeNode></data>` +
        data('label', node.name) +
        data('entity', node.id) +
        data('type', node.type) +
        data('mentions', node.mentions) +
        data('tags', node.tags) +
        (node.unknown ? data('unknown', 'true') : '') +
        data('x', num(at.x)) +
        data('y', num(-at.y)) +
        data('size', size) +
        data('r', r) +
        data('g', g) +
        data('b', b) +
        '</node>',
    );
  });
  network.edges.forEach((edge, i) => {
    const source = ids.get(edge.source);
    const target = ids.get(edge.target);
    if (!source || !target) return;
    const label = edge.count > 1 ? `${edge.label} ×${edge.count}` : edge.label;
    const color = Object.prototype.hasOwnProperty.call(GRAPHML_KIND_COLORS, edge.kind) ? GRAPHML_KIND_COLORS[edge.kind] : '#808080';
    const [r, g, b] = rgb(color);
    out.push(
      `    <edge id="e${i}" source="${source}" target="${target}">` +
        `<data key="eg"><y:PolyLineEdge><y:LineStyle color="${color}" type="${edge.kind === 'role' || edge.kind === 'affiliation' ? 'dashed' : 'line'}" width="${Math.min(1 + edge.count, 6)}.0"/>` +
        `<y:Arrows source="none" target="standard"/><y:EdgeLabel alignment="center" fontSize="10" textColor="#000000" visible="true">${escapeXml(label)}</y:EdgeLabel></y:PolyLineEdge></data>` +
        data('elabel', edge.label) +
        data('kind', edge.kind) +
        data('count', edge.count) +
        data('undated', edge.undated || undefined) +
        data('from', edge.from) +
        data('to', edge.to) +
        data('tagids', edge.tags.map((t) => t.id || `${t.document}:${t.line}`).join(' ')) +
        data('weight', edge.count) +
        data('edge_r', r) +
        data('edge_g', g) +
        data('edge_b', b) +
        '</edge>',
    );
  });
  out.push('  </graph>', '</graphml>', '');
  return out.join('\n');
}
