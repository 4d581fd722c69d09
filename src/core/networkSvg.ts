// The network view's SVG export (SPEC §10): the drawing as the view shows it, from what the
// webview reads off Cytoscape (each node's place, size and colours, each edge's ends, colour,
// width, line style and arrow, the labels shown). Written here rather than by a Cytoscape plugin:
// the one there is (cytoscape-svg) is GPL-3.0, which this MIT extension cannot ship in its bundle.
// Pure core: every text is escaped, every colour and number checked, so that registry text and
// a compromised webview's values cannot put markup into the file.

import { escapeXml } from './graphml';

export interface SvgNode {
  x: number;
  y: number;
  /** Diameter. */
  size: number;
  fill: string;
  fillOpacity: number;
  stroke: string;
  strokeWidth: number;
  strokeStyle: 'solid' | 'dashed' | 'dotted';
  /** The name shown under the node (none: not shown at this size). */
  label?: string;
  labelColor?: string;
  labelSize?: number;
}

export interface SvgEdge {
  /** Start, an optional control point (a curved edge), end. */
  points: [number, number][];
  color: string;
  width: number;
  style: 'solid' | 'dashed' | 'dotted';
  arrow: boolean;
  label?: string;
  labelColor?: string;
  labelSize?: number;
}

export interface NetworkSvgInput {
  nodes: SvgNode[];
  edges: SvgEdge[];
  background: string;
  fontFamily?: string;
}

/** A colour as CSS writes it (#hex, rgb()/rgba(), a name); anything else becomes `fallback`. */
export function svgColor(value: string | undefined, fallback: string): string {
  if (!value) return fallback;
  const v = value.trim();
  if (/^#[0-9a-fA-F]{3,8}$/.test(v)) return v;
  if (/^rgba?\(\s*[\d.]+%?\s*,\s*[\d.]+%?\s*,\s*[\d.]+%?\s*(,\s*[\d.]+%?\s*)?\)$/.test(v)) return v;
  if (/^[a-zA-Z]{3,20}$/.test(v)) return v;
  return fallback;
}

function num(value: number, fallback = 0): string {
  return Number.isFinite(value) ? String(Math.round(value * 100) / 100) : String(fallback);
}

/** Where a node's label is drawn: under it, as the view draws it. */
function labelY(n: SvgNode): number {
  return n.y + n.size / 2 + (n.labelSize ?? 11) * 1.2;
}

function textWidth(text: string, size: number): number {
  return text.length * size * 0.6;
}

/** Where an edge's label goes: the middle of its line or curve (a quadratic curve's is (a + 2c + b) / 4). */
function edgeMiddle(points: [number, number][]): [number, number] {
  const [a, b] = [points[0], points[points.length - 1]];
  if (!a || !b) return [0, 0];
  if (points.length === 3) return [(a[0] + 2 * points[1][0] + b[0]) / 4, (a[1] + 2 * points[1][1] + b[1]) / 4];
  return [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2];
}

const DASH: Record<SvgEdge['style'], string> = { solid: '', dashed: ' stroke-dasharray="6 4"', dotted: ' stroke-dasharray="1.5 3"' };

/** The SVG document of the drawing, its view box around everything drawn (with a margin). */
export function networkSvg(input: NetworkSvgInput): string {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  const extend = (x: number, y: number, r = 0) => {
    if (!Number.isFinite(x) || !Number.isFinite(y)) return;
    minX = Math.min(minX, x - r);
    minY = Math.min(minY, y - r);
    maxX = Math.max(maxX, x + r);
    maxY = Math.max(maxY, y + r);
  };
  const extendBox = (x: number, y: number, halfWidth: number, halfHeight: number) => {
    extend(x - halfWidth, y - halfHeight);
    extend(x + halfWidth, y + halfHeight);
  };
  for (const n of input.nodes) {
    extend(n.x, n.y, n.size / 2 + n.strokeWidth);
    // The label under it, about 0.6 of its font size per character wide.
    if (n.label) extendBox(n.x, labelY(n), textWidth(n.label, n.labelSize ?? 11) / 2, (n.labelSize ?? 11) * 0.5);
  }
  for (const e of input.edges) {
    for (const [x, y] of e.points) extend(x, y);
    if (e.label) {
      const [x, y] = edgeMiddle(e.points);
      extendBox(x, y, textWidth(e.label, e.labelSize ?? 9) / 2, (e.labelSize ?? 9) * 0.5);
    }
  }
  if (minX > maxX) minX = minY = maxX = maxY = 0;
  const margin = 20;
  const x0 = minX - margin;
  const y0 = minY - margin;
  const width = maxX - minX + 2 * margin;
  const height = maxY - minY + 2 * margin;
  const font = escapeXml(input.fontFamily ?? 'sans-serif');
  const out: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="${num(x0)} ${num(y0)} ${num(width)} ${num(height)}" width="${num(width)}" height="${num(height)}" font-family="${font}">`,
  ];
  // One arrow marker per edge colour (markers take their colour from their own fill).
  const markers = new Map<string, string>();
  for (const e of input.edges) {
    const color = svgColor(e.color, '#999999');
    if (e.arrow && !markers.has(color)) markers.set(color, `arrow${markers.size}`);
  }
  if (markers.size > 0) {
    out.push('<defs>');
    for (const [color, id] of markers)
      out.push(
        `<marker id="${id}" viewBox="0 0 10 10" refX="10" refY="5" markerUnits="userSpaceOnUse" markerWidth="9" markerHeight="9" orient="auto-start-reverse"><path d="M0,0L10,5L0,10z" fill="${color}"/></marker>`,
      );
    out.push('</defs>');
  }
  out.push(`<rect x="${num(x0)}" y="${num(y0)}" width="${num(width)}" height="${num(height)}" fill="${svgColor(input.background, '#ffffff')}"/>`);
  out.push('<g class="edges">');
  for (const e of input.edges) {
    const [start, ...rest] = e.points;
    const end = rest[rest.length - 1];
    if (!start || !end) continue;
    const d =
      rest.length === 2
        ? `M${num(start[0])},${num(start[1])}Q${num(rest[0][0])},${num(rest[0][1])} ${num(end[0])},${num(end[1])}`
        : `M${num(start[0])},${num(start[1])}L${num(end[0])},${num(end[1])}`;
    const color = svgColor(e.color, '#999999');
    const marker = e.arrow ? ` marker-end="url(#${markers.get(color)!})"` : '';
    out.push(`<path d="${d}" fill="none" stroke="${color}" stroke-width="${num(e.width, 1)}"${DASH[e.style] ?? ''}${marker}/>`);
    if (e.label) {
      const mid = edgeMiddle(e.points);
      out.push(
        `<text x="${num(mid[0])}" y="${num(mid[1])}" text-anchor="middle" font-size="${num(e.labelSize ?? 9, 9)}" fill="${svgColor(e.labelColor, '#666666')}">${escapeXml(e.label)}</text>`,
      );
    }
  }
  out.push('</g>', '<g class="nodes">');
  for (const n of input.nodes) {
    const dash = n.strokeStyle === 'dashed' ? ' stroke-dasharray="4 3"' : n.strokeStyle === 'dotted' ? ' stroke-dasharray="1 2"' : '';
    out.push(
      `<circle cx="${num(n.x)}" cy="${num(n.y)}" r="${num(n.size / 2, 10)}" fill="${svgColor(n.fill, '#888888')}" fill-opacity="${num(Math.min(1, Math.max(0, n.fillOpacity)), 1)}" stroke="${svgColor(n.stroke, '#888888')}" stroke-width="${num(n.strokeWidth)}"${dash}/>`,
    );
    if (n.label)
      out.push(
        `<text x="${num(n.x)}" y="${num(labelY(n))}" text-anchor="middle" font-size="${num(n.labelSize ?? 11, 11)}" fill="${svgColor(n.labelColor, '#333333')}">${escapeXml(n.label)}</text>`,
      );
  }
  out.push('</g>', '</svg>');
  return out.join('\n');
}
