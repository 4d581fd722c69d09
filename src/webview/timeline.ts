// The timeline webview (SPEC §10), drawn as SVG with d3 (scale, axis, zoom, selection): one lane
// per actor or claimant, items as bars over the days they cover (a partial date is a range),
// the chosen entity's roles as bars in its lane, a time axis that zooms from decades to days.
// Keyboard: Tab to an item, Enter opens its tag; in the chart, ←/→ pan and +/− zoom.
// Everything shown comes from the extension (core/timeline.ts); text is set as text, never HTML.

import { axisTop } from 'd3-axis';
import { scaleUtc } from 'd3-scale';
import { select } from 'd3-selection';
import { zoom, ZoomBehavior, zoomIdentity, ZoomTransform } from 'd3-zoom';
import type { TimelineItem, TimelineLane } from '../core/timeline';
import type { ExportFormat, TimelinePayload, TimelineFilterMessage } from '../core/viewMessages';
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
  svgToPng,
  timings,
} from './common';
import { receivedData } from '../core/viewPatches';

const LANE_LABEL_WIDTH = 170;
const AXIS_HEIGHT = 28;
const ROW_HEIGHT = 22;
const ROLE_ROW_HEIGHT = 16;
const MAX_ROWS_PER_LANE = 8;
const MIN_ITEM_WIDTH = 8;
const DAY_MS = 86400000;

const PALETTE = [
  '--vscode-charts-blue',
  '--vscode-charts-red',
  '--vscode-charts-green',
  '--vscode-charts-orange',
  '--vscode-charts-purple',
  '--vscode-charts-yellow',
];
const PALETTE_FALLBACK = ['#3794ff', '#f14c4c', '#89d185', '#d18616', '#b180d7', '#cca700'];
/** ICD 203, from "almost no chance" to "almost certain". */
const CONFIDENCE_ORDER = ['almost-no-chance', 'very-unlikely', 'unlikely', 'roughly-even', 'likely', 'very-likely', 'almost-certain'];

let payload: TimelinePayload | undefined;
let revision = 0;
let transform: ZoomTransform = zoomIdentity;
let zoomBehavior: ZoomBehavior<SVGSVGElement, unknown> | undefined;

const app = document.getElementById('app')!;
app.textContent = '';
const controls = el('div', { class: 'controls', role: 'toolbar', 'aria-label': 'Timeline filters' });
const entitySelect = el('select', { id: 'filter-entity', 'aria-label': 'Entity' });
const typeSelect = el('select', { id: 'filter-type', 'aria-label': 'Event type' });
const documentSelect = el('select', { id: 'filter-document', 'aria-label': 'Document' });
const fromInput = el('input', { id: 'filter-from', type: 'text', placeholder: 'from yyyy-mm-dd', size: '12', 'aria-label': 'From date' });
const toInput = el('input', { id: 'filter-to', type: 'text', placeholder: 'to yyyy-mm-dd', size: '12', 'aria-label': 'To date' });
const fitButton = el('button', { type: 'button', id: 'fit', title: 'Show everything' }, 'Fit');
const status = el('span', { class: 'status', id: 'status', role: 'status' });
controls.append(entitySelect, typeSelect, documentSelect, fromInput, toInput, fitButton, exportButtons(['svg', 'png'], drawing), status);
const chart = el('div', { class: 'chart', id: 'chart' });
const legend = el('div', { class: 'legend', id: 'legend', 'aria-label': 'Colours' });
app.append(controls, chart, legend);

const svgNode = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
svgNode.setAttribute('id', 'timeline');
svgNode.setAttribute('role', 'group');
svgNode.setAttribute('aria-label', 'Timeline');
svgNode.setAttribute('tabindex', '0');
chart.append(svgNode);
const svg = select<SVGSVGElement, unknown>(svgNode);

function option(select: HTMLSelectElement, value: string, label: string, selected: boolean): void {
  const o = el('option', { value }, label);
  o.selected = selected;
  select.append(o);
}

/** What the filter controls show now: rebuilt only when it changes (2,000 entity options per edit cost tens of milliseconds). */
let controlsShown: { filter: string; entities: TimelinePayload['entityOptions']; types: readonly string[]; documents: readonly string[] } | undefined;

function sameList<T>(a: readonly T[], b: readonly T[], same: (x: T, y: T) => boolean): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!same(a[i], b[i])) return false;
  return true;
}

function fillControls(p: TimelinePayload): void {
  const f = p.timeline.filter;
  const filter = JSON.stringify(f);
  const shown = controlsShown;
  if (
    shown &&
    shown.filter === filter &&
    sameList(shown.entities, p.entityOptions, (a, b) => a.id === b.id && a.name === b.name) &&
    sameList(shown.types, p.timeline.eventTypes, (a, b) => a === b) &&
    sameList(shown.documents, p.timeline.documents, (a, b) => a === b)
  )
    return;
  controlsShown = { filter, entities: p.entityOptions, types: p.timeline.eventTypes, documents: p.timeline.documents };
  entitySelect.textContent = '';
  option(entitySelect, '', 'All entities', !f.entity);
  for (const o of p.entityOptions) option(entitySelect, o.id, o.name, o.id === f.entity);
  typeSelect.textContent = '';
  option(typeSelect, '', 'All event types', !f.eventTypes?.length);
  for (const t of p.timeline.eventTypes) option(typeSelect, t, t, f.eventTypes?.length === 1 && f.eventTypes[0] === t);
  documentSelect.textContent = '';
  option(documentSelect, '', 'All documents', !f.documents?.length);
  for (const d of p.timeline.documents) option(documentSelect, d, d, f.documents?.length === 1 && f.documents[0] === d);
  if (document.activeElement !== fromInput) fromInput.value = f.from ?? '';
  if (document.activeElement !== toInput) toInput.value = f.to ?? '';
}

function sendFilter(): void {
  const filter: TimelineFilterMessage = {};
  if (entitySelect.value) filter.entity = entitySelect.value;
  if (typeSelect.value) filter.eventTypes = [typeSelect.value];
  if (documentSelect.value) filter.documents = [documentSelect.value];
  const dateOk = (v: string) => /^\d{4}(-\d{2}(-\d{2})?)?$/.test(v);
  for (const [input, key] of [
    [fromInput, 'from'],
    [toInput, 'to'],
  ] as const) {
    const v = input.value.trim();
    input.classList.toggle('invalid', v !== '' && !dateOk(v));
    if (v && dateOk(v)) filter[key] = v;
  }
  post({ type: 'setFilter', filter });
}
for (const s of [entitySelect, typeSelect, documentSelect]) s.addEventListener('change', sendFilter);
for (const i of [fromInput, toInput]) i.addEventListener('change', sendFilter);
fitButton.addEventListener('click', () => {
  // d3's own idiom: call(transform, …) hands the selection to the zoom behaviour's method.
  // eslint-disable-next-line @typescript-eslint/unbound-method
  if (zoomBehavior) svg.call(zoomBehavior.transform, zoomIdentity);
});

function day(iso: string): Date {
  const [y, m, d] = iso.split('-').map(Number);
  const date = new Date(0);
  date.setUTCFullYear(y, m - 1, d);
  return date;
}

interface Colors {
  foreground: string;
  muted: string;
  background: string;
  grid: string;
  focus: string;
  palette: string[];
}

function colors(): Colors {
  return {
    foreground: cssVar('--vscode-foreground', '#cccccc'),
    muted: cssVar('--vscode-descriptionForeground', '#999999'),
    background: cssVar('--vscode-editor-background', '#1e1e1e'),
    grid: cssVar('--vscode-editorWidget-border', '#454545'),
    focus: cssVar('--vscode-focusBorder', '#007fd4'),
    palette: PALETTE.map((v, i) => cssVar(v, PALETTE_FALLBACK[i])),
  };
}

function itemColor(item: TimelineItem, types: readonly string[], c: Colors): string {
  if (item.kind === 'event') {
    const i = types.indexOf(item.eventType ?? '');
    return c.palette[(i < 0 ? 0 : i) % c.palette.length];
  }
  const rank = CONFIDENCE_ORDER.indexOf(item.confidence ?? '');
  if (rank < 0) return c.muted;
  // red (unlikely) … yellow (even) … green (certain)
  return rank <= 2 ? c.palette[1] : rank === 3 ? c.palette[5] : c.palette[2];
}

interface Placed {
  item: TimelineItem;
  lane: number;
  row: number;
}

/** Sub-rows inside each lane so that overlapping items do not cover each other (greedy, by start). */
function place(items: readonly TimelineItem[], lanes: readonly TimelineLane[]): { placed: Placed[]; laneRows: number[] } {
  const laneIndex = new Map(lanes.map((l, i) => [l.id, i]));
  const rowEnds: string[][] = lanes.map(() => []);
  const placed: Placed[] = [];
  for (const item of items) {
    for (const laneId of item.lanes) {
      const lane = laneIndex.get(laneId);
      if (lane === undefined) continue;
      const ends = rowEnds[lane];
      let row = ends.findIndex((end) => end <= item.date.start);
      if (row < 0) {
        row = ends.length < MAX_ROWS_PER_LANE ? ends.length : ends.length - 1;
        if (row === ends.length) ends.push(item.date.end);
      }
      if (item.date.end > ends[row]) ends[row] = item.date.end;
      placed.push({ item, lane, row });
    }
  }
  return { placed, laneRows: rowEnds.map((e) => Math.max(1, e.length)) };
}

let placement: { for: TimelinePayload; placed: Placed[]; laneRows: number[] } | undefined;
/** Lanes and items this far outside the scrolled viewport are drawn too (smooth scrolling). */
const OVERSCAN_PX = 300;

/**
 * Draws the lanes and items in view (`all`: every one, for an export): a workspace can have
 * thousands of lanes, and drawing only what shows keeps a frame to a few hundred elements.
 */
function render(all = false): void {
  if (!payload) return;
  const t = payload.timeline;
  const c = colors();
  const width = Math.max(400, chart.clientWidth || 800);
  svg.selectAll('*').remove();
  if (placement?.for !== payload) placement = { for: payload, ...place(t.items, t.lanes) };
  const { placed, laneRows } = placement;
  const chosen = t.filter.entity;
  const roleRows = chosen ? Math.min(t.roleSpans.length, MAX_ROWS_PER_LANE) : 0;
  const laneTops: number[] = [];
  let y = AXIS_HEIGHT;
  t.lanes.forEach((lane, i) => {
    laneTops.push(y);
    y += laneRows[i] * ROW_HEIGHT + (lane.id === chosen ? roleRows * ROLE_ROW_HEIGHT : 0) + 6;
  });
  const height = Math.max(y + 10, 120);
  svg
    .attr('width', width)
    .attr('height', height)
    .attr('viewBox', `0 0 ${width} ${height}`)
    .attr('font-family', cssVar('--vscode-font-family', 'sans-serif'))
    .attr('font-size', 12);
  svg.append('rect').attr('class', 'background').attr('width', width).attr('height', height).attr('fill', c.background);

  const extent = t.extent ?? { start: '2000-01-01', end: '2000-01-02' };
  const startMs = day(extent.start).getTime();
  let endMs = day(extent.end).getTime();
  if (endMs <= startMs) endMs = startMs + DAY_MS;
  // 20 px before the first item, 150 px after the last for its label.
  const span = endMs - startMs;
  const inner = Math.max(50, width - 10 - LANE_LABEL_WIDTH - 170);
  const base = scaleUtc()
    .domain([new Date(startMs - (span * 20) / inner), new Date(endMs + (span * 150) / inner)])
    .range([LANE_LABEL_WIDTH, width - 10]);
  const x = transform.rescaleX(base);
  const viewTop = all ? -Infinity : chart.scrollTop - OVERSCAN_PX;
  const viewBottom = all ? Infinity : chart.scrollTop + (chart.clientHeight || 600) + OVERSCAN_PX;
  const laneShown = (i: number) => laneTops[i] < viewBottom && (laneTops[i + 1] ?? y) > viewTop;

  // Lanes: a label and a separator each.
  const lanesG = svg.append('g').attr('class', 'lanes');
  t.lanes.forEach((lane, i) => {
    if (!laneShown(i)) return;
    const top = laneTops[i];
    const laneHeight = (laneTops[i + 1] ?? y) - top;
    const g = lanesG.append('g').attr('class', 'lane').attr('data-lane', lane.id);
    g.append('line')
      .attr('x1', 0)
      .attr('x2', width)
      .attr('y1', top + laneHeight - 3)
      .attr('y2', top + laneHeight - 3)
      .attr('stroke', c.grid)
      .attr('stroke-width', 0.5);
    const label = g
      .append('text')
      .attr('x', 6)
      .attr('y', top + 15)
      .attr('fill', lane.type ? c.foreground : c.muted)
      .attr('font-weight', lane.id === chosen ? 'bold' : 'normal')
      .text(truncate(lane.name, 24));
    label.append('title').text(`${lane.name}${lane.unknown ? ' (not in the registry)' : ''} · ${lane.itemCount} item(s)`);
    if (lane.type)
      g.append('rect')
        .attr('x', 0)
        .attr('y', top + 4)
        .attr('width', 3)
        .attr('height', 14)
        .attr('fill', entityColor(lane.type));
  });

  const plot = svg.append('g').attr('class', 'plot');
  plot
    .append('defs')
    .append('clipPath')
    .attr('id', 'plot-clip')
    .append('rect')
    .attr('x', LANE_LABEL_WIDTH)
    .attr('y', 0)
    .attr('width', width - LANE_LABEL_WIDTH)
    .attr('height', height);
  const clipped = plot.append('g').attr('clip-path', 'url(#plot-clip)');

  // Role spans of the chosen entity, under its lane's items.
  if (chosen) {
    const laneAt = t.lanes.findIndex((l) => l.id === chosen);
    const top = (laneTops[laneAt] ?? AXIS_HEIGHT) + laneRows[Math.max(0, laneAt)] * ROW_HEIGHT;
    t.roleSpans.slice(0, MAX_ROWS_PER_LANE).forEach((span, i) => {
      const x0 = span.start ? x(day(span.start)) : LANE_LABEL_WIDTH;
      const x1 = span.end ? x(day(span.end)) : width;
      const g = clipped.append('g').attr('class', 'role-span').attr('data-role', span.title);
      g.append('rect')
        .attr('x', x0)
        .attr('y', top + i * ROLE_ROW_HEIGHT + 2)
        .attr('width', Math.max(2, x1 - x0))
        .attr('height', ROLE_ROW_HEIGHT - 4)
        .attr('rx', 3)
        .attr('fill', c.grid)
        .attr('opacity', 0.8);
      g.append('text')
        .attr('x', Math.max(x0, LANE_LABEL_WIDTH) + 4)
        .attr('y', top + i * ROLE_ROW_HEIGHT + 12)
        .attr('font-size', 10)
        .attr('fill', c.foreground)
        .text(`${span.title}${span.ofName ? `, ${span.ofName}` : ''} (${span.text})`);
      g.append('title').text(`${span.title}${span.ofName ? ` — ${span.ofName}` : ''}: ${span.text}`);
    });
  }

  // Items.
  const itemsG = clipped.append('g').attr('class', 'items');
  for (const p of placed) {
    if (!laneShown(p.lane)) continue;
    const item = p.item;
    const x0 = x(day(item.date.start));
    const x1 = Math.max(x0 + MIN_ITEM_WIDTH, x(day(item.date.end)));
    if (!all && (x1 < LANE_LABEL_WIDTH - 20 || x0 > width + 20)) continue;
    const top = laneTops[p.lane] + p.row * ROW_HEIGHT + 2;
    const color = itemColor(item, t.eventTypes, c);
    const g = itemsG
      .append('g')
      .attr('class', `item ${item.kind} ${item.date.precision}`)
      .attr('data-key', item.key)
      .attr('data-lane', t.lanes[p.lane].id)
      .attr('tabindex', '0')
      .attr('role', 'button')
      .attr(
        'aria-label',
        `${item.kind === 'event' ? `Event ${item.label}` : 'Claim'}: ${item.text} (${item.date.text}, ${item.tag.document} line ${item.tag.line})`,
      );
    const rect = g
      .append('rect')
      .attr('x', x0)
      .attr('y', top)
      .attr('width', x1 - x0)
      .attr('height', ROW_HEIGHT - 5)
      .attr('rx', item.kind === 'claim' ? 8 : 2);
    if (item.kind === 'claim') rect.attr('fill', c.background).attr('stroke', color).attr('stroke-width', 2);
    else
      rect
        .attr('fill', color)
        .attr('fill-opacity', item.date.precision === 'day' ? 0.9 : 0.45)
        .attr('stroke', color);
    // A label fits inside a long bar; a short one (a day) has it just after.
    const inside = x1 - x0 >= 60;
    const onSolid = inside && item.kind === 'event' && item.date.precision === 'day';
    g.append('text')
      .attr('x', inside ? x0 + 4 : x1 + 3)
      .attr('y', top + 12)
      .attr('font-size', 11)
      .attr('fill', onSolid ? c.background : c.foreground)
      .text(truncate(item.label, inside ? Math.max(4, Math.floor((x1 - x0 - 8) / 6.5)) : 28));
    g.append('title').text(
      `${item.label}\n${item.text}\n${item.date.text}${item.dateSource === 'document' ? ' (the document’s date)' : ''} · ${item.tag.document}:${item.tag.line}`,
    );
    g.on('click', () => post({ type: 'openTag', key: item.key }));
    g.on('keydown', (event: KeyboardEvent) => {
      if (event.key === 'Enter' || event.key === ' ') {
        event.preventDefault();
        post({ type: 'openTag', key: item.key });
      }
    });
  }

  // Axis on top, over the plot area.
  // It stays at the top of the scrolled view.
  const axisTopY = all ? 0 : chart.scrollTop;
  svg.append('rect').attr('x', 0).attr('y', axisTopY).attr('width', width).attr('height', AXIS_HEIGHT).attr('fill', c.background);
  const axisG = svg
    .append('g')
    .attr('class', 'axis')
    .attr('transform', `translate(0, ${axisTopY + AXIS_HEIGHT - 6})`);
  axisG.call(axisTop(x).ticks(Math.max(2, Math.floor((width - LANE_LABEL_WIDTH) / 90))));
  axisG.selectAll('text').attr('fill', c.foreground);
  axisG.selectAll('line,path').attr('stroke', c.muted);

  installZoom(base, width, height);
  status.textContent = `${t.items.length} item(s) in ${t.lanes.length} lane(s)${t.undated ? ` · ${t.undated} undated tag(s) not shown` : ''}`;
  renderLegend(t.eventTypes, c);
  if (t.items.length === 0) {
    svg
      .append('text')
      .attr('class', 'empty')
      .attr('x', LANE_LABEL_WIDTH + 10)
      .attr('y', AXIS_HEIGHT + 30)
      .attr('fill', c.muted)
      .text('No dated events or claims match. Tag events with a date=… (or give the document a date), claims with date=….');
  }
}

function installZoom(base: ReturnType<typeof scaleUtc>, width: number, height: number): void {
  const [d0, d1] = base.domain();
  const days = Math.max(1, (d1.getTime() - d0.getTime()) / DAY_MS);
  // From the whole extent (and 10× wider) down to about 80 px a day.
  const maxK = Math.max(2, (days * 80) / Math.max(1, width - LANE_LABEL_WIDTH));
  zoomBehavior = zoom<SVGSVGElement, unknown>()
    .scaleExtent([0.1, maxK])
    .extent([
      [LANE_LABEL_WIDTH, 0],
      [width, height],
    ])
    .filter((event: Event) => !(event.target instanceof Element && event.target.closest('.item')) || event.type === 'wheel')
    .on('zoom', (event: { transform: ZoomTransform }) => {
      transform = event.transform;
      scheduleRender();
    });
  svg.call(zoomBehavior).on('dblclick.zoom', null);
  // Keep the current zoom without re-firing (zoom.transform would call render again).
  (svgNode as unknown as { __zoom: ZoomTransform }).__zoom = transform;
}

let renderQueued = false;
function scheduleRender(): void {
  if (renderQueued) return;
  renderQueued = true;
  requestAnimationFrame(() => {
    renderQueued = false;
    const focused = document.activeElement?.getAttribute('data-key');
    render();
    if (focused) svgNode.querySelector<SVGGElement>(`[data-key="${CSS.escape(focused)}"]`)?.focus();
  });
}

svgNode.addEventListener('keydown', (event) => {
  if (!zoomBehavior || event.target !== svgNode) return;
  const s = svg;
  if (event.key === 'ArrowLeft' || event.key === 'ArrowRight') {
    event.preventDefault();
    zoomBehavior.translateBy(s, event.key === 'ArrowLeft' ? 80 : -80, 0);
  } else if (event.key === '+' || event.key === '=') zoomBehavior.scaleBy(s, 1.5);
  else if (event.key === '-') zoomBehavior.scaleBy(s, 1 / 1.5);
});

function renderLegend(types: readonly string[], c: Colors): void {
  legend.textContent = '';
  types.forEach((type, i) => {
    const swatch = el('span', { class: 'swatch' });
    swatch.style.background = c.palette[i % c.palette.length];
    legend.append(el('span', { class: 'legend-item' }), swatch, document.createTextNode(` ${type}  `));
  });
  legend.append(document.createTextNode(' · claims (outlined): red unlikely, yellow roughly even, green likely or better · faded bars: a month or a year'));
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, Math.max(1, max - 1))}…` : text;
}

/** The drawing as a standalone SVG (colours are attributes already, not CSS variables). */
function svgDocument(): { text: string; width: number; height: number } {
  const clone = svgNode.cloneNode(true) as SVGSVGElement;
  clone.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  clone.removeAttribute('tabindex');
  for (const node of clone.querySelectorAll('[tabindex]')) node.removeAttribute('tabindex');
  const width = Number(svgNode.getAttribute('width')) || 800;
  const height = Number(svgNode.getAttribute('height')) || 400;
  return { text: `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(clone)}`, width, height };
}

/** SVG or PNG (the timeline offers no GraphML: asked for one, it answers with its SVG). */
async function drawing(format: ExportFormat): Promise<string> {
  render(true);
  const { text, width, height } = svgDocument();
  render();
  return format === 'png' ? svgToPng(text, width, height, colors().background) : text;
}

/** Sent as patches after the first data (src/vscode/timelineView.ts names the same lists). */
const KEYED_LISTS = [
  { path: ['timeline', 'items'], key: 'key' },
  { path: ['timeline', 'lanes'], key: 'id' },
];
const answerExport = answerExportRequests(drawing);
window.addEventListener('message', (event: MessageEvent) => {
  const message = event.data as { type?: unknown; revision?: unknown; data?: unknown; patch?: unknown; postedAt?: unknown };
  const received = Date.now();
  if (answerExport(message)) return;
  if (message.type !== 'data' || typeof message.revision !== 'number') return;
  onData(message as DataMessage, received);
});

type DataMessage = { type: 'data'; revision: number; data?: unknown; patch?: unknown; postedAt?: unknown };
function onData(message: DataMessage, received: number): void {
  const data = receivedData<TimelinePayload>(message, payload, KEYED_LISTS);
  if (!data) return;
  payload = data;
  revision = message.revision;
  fillControls(payload);
  render();
  const drawnRevision = revision;
  const handled = Date.now();
  // Reported after the browser painted the frame.
  afterPaint(() => {
    const counts = {
      items: payload?.timeline.items.length ?? 0,
      // Drawn now (the lanes and times in view); an item with several actors once in each lane.
      drawnItems: new Set([...svgNode.querySelectorAll('.item')].map((n) => n.getAttribute('data-key'))).size,
      bars: svgNode.querySelectorAll('.item').length,
      lanes: payload?.timeline.lanes.length ?? 0,
      drawnLanes: svgNode.querySelectorAll('.lane').length,
      roleSpans: svgNode.querySelectorAll('.role-span').length,
      ...timings(message.postedAt, received, handled),
      ...loadTimings(),
    };
    post({ type: 'drawn', revision: drawnRevision, counts });
  });
}
onThemeChange(() => render());
new ResizeObserver(() => scheduleRender()).observe(chart);
chart.addEventListener('scroll', () => scheduleRender(), { passive: true });
postReady();
