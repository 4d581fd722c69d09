// The network as GraphML (http://graphml.graphdrawing.org/), for Gephi and yEd: plain `<data>`
// keys (label, type, mentions, kind, count, …) that Gephi reads as attributes, and yEd's own
// node and edge graphics (yFiles extension keys) so that yEd shows labels and colours on open;
// Gephi ignores those. Every text is escaped, and characters XML 1.0 cannot carry are dropped
// (registry and document text are untrusted). Pure core: no `vscode`, no Node built-ins.

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

interface Key {
  id: string;
  for: 'node' | 'edge';
  name: string;
  type: 'string' | 'int';
}

const KEYS: readonly Key[] = [
  { id: 'label', for: 'node', name: 'label', type: 'string' },
  { id: 'entity', for: 'node', name: 'entity', type: 'string' },
  { id: 'type', for: 'node', name: 'type', type: 'string' },
  { id: 'mentions', for: 'node', name: 'mentions', type: 'int' },
  { id: 'tags', for: 'node', name: 'tags', type: 'int' },
  { id: 'unknown', for: 'node', name: 'unknown', type: 'string' },
  { id: 'elabel', for: 'edge', name: 'label', type: 'string' },
  { id: 'kind', for: 'edge', name: 'kind', type: 'string' },
  { id: 'count', for: 'edge', name: 'count', type: 'int' },
  { id: 'undated', for: 'edge', name: 'undated', type: 'int' },
  { id: 'from', for: 'edge', name: 'from', type: 'string' },
  { id: 'to', for: 'edge', name: 'to', type: 'string' },
  { id: 'tagids', for: 'edge', name: 'tags', type: 'string' },
];

function data(key: string, value: string | number | undefined): string {
  return value === undefined || value === '' ? '' : `<data key="${key}">${escapeXml(String(value))}</data>`;
}

/** The network as a GraphML document (directed; edge ids as in NetworkData). */
export function formatGraphml(network: NetworkData): string {
  const out: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:y="http://www.yworks.com/xml/graphml" xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://www.yworks.com/xml/schema/graphml/1.1/ygraphml.xsd">',
  ];
  for (const k of KEYS) out.push(`  <key id="${k.id}" for="${k.for}" attr.name="${k.name}" attr.type="${k.type}"/>`);
  out.push('  <key id="ng" for="node" yfiles.type="nodegraphics"/>', '  <key id="eg" for="edge" yfiles.type="edgegraphics"/>');
  const title = network.date ? `Analyst Markup network as of ${network.date}` : 'Analyst Markup network';
  out.push(`  <graph id="${escapeXml(title)}" edgedefault="directed">`);
  const ids = new Map<string, string>();
  network.nodes.forEach((node, i) => {
    const xmlId = `n${i}`;
    ids.set(node.id, xmlId);
    const size = Math.round(30 + 10 * Math.log2(1 + node.mentions + node.tags));
    out.push(
      `    <node id="${xmlId}">` +
        data('label', node.name) +
        data('entity', node.id) +
        data('type', node.type) +
        data('mentions', node.mentions) +
        data('tags', node.tags) +
        (node.unknown ? data('unknown', 'true') : '') +
        `<data key="ng"><y:ShapeNode><y:Geometry width="${size}" height="${size}"/><y:Fill color="${GRAPHML_TYPE_COLORS[node.type]}"/>` +
        `<y:NodeLabel>${escapeXml(node.name)}</y:NodeLabel><y:Shape type="ellipse"/></y:ShapeNode></data></node>`,
    );
  });
  network.edges.forEach((edge, i) => {
    const source = ids.get(edge.source);
    const target = ids.get(edge.target);
    if (!source || !target) return;
    const label = edge.count > 1 ? `${edge.label} ×${edge.count}` : edge.label;
    out.push(
      `    <edge id="e${i}" source="${source}" target="${target}">` +
        data('elabel', edge.label) +
        data('kind', edge.kind) +
        data('count', edge.count) +
        data('undated', edge.undated || undefined) +
        data('from', edge.from) +
        data('to', edge.to) +
        data('tagids', edge.tags.map((t) => t.id || `${t.document}:${t.line}`).join(' ')) +
        `<data key="eg"><y:PolyLineEdge><y:LineStyle type="${edge.kind === 'role' || edge.kind === 'affiliation' ? 'dashed' : 'line'}" width="${Math.min(1 + edge.count, 6)}"/>` +
        `<y:Arrows source="none" target="standard"/><y:EdgeLabel>${escapeXml(label)}</y:EdgeLabel></y:PolyLineEdge></data></edge>`,
    );
  });
  out.push('  </graph>', '</graphml>', '');
  return out.join('\n');
}
