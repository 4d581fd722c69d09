// Messages between the timeline/network webviews and the extension (SPEC §10). A webview runs
// the text of untrusted documents and registries, so the extension treats whatever it posts as
// untrusted too: `parseViewMessage` checks shape, types and bounds, and the extension then checks
// that every key or id it names is one it sent. Pure core: shared by src/vscode and src/webview.

import type { NetworkData, NetworkEdge } from './network';
import type { TagLocation, TimelineData } from './timeline';

export type ViewName = 'timeline' | 'network';
export type ExportFormat = 'svg' | 'png' | 'graphml';

/** Timeline filters as the view's controls set them. */
export interface TimelineFilterMessage {
  entity?: string;
  eventTypes?: string[];
  from?: string;
  to?: string;
  documents?: string[];
}

export type ViewMessage =
  /** The script has loaded and listens. */
  | { type: 'ready' }
  /** The view drew what it was last sent (`revision`), with what it shows. */
  | { type: 'drawn'; revision: number; counts: Record<string, number> }
  /** Open the tag behind a timeline item, or one of the tags behind a network edge. */
  | { type: 'openTag'; key: string }
  | { type: 'openEdgeTag'; edgeId: string; index: number }
  /** The tags behind these edges, for the details of a selection (the data leaves them out). */
  | { type: 'edgeTags'; requestId: number; edgeIds: string[] }
  /** Open an entity's registry entry. */
  | { type: 'openEntity'; id: string }
  /** The network's date slider (`yyyy-mm-dd`). */
  | { type: 'setDate'; date: string }
  | { type: 'setFilter'; filter: TimelineFilterMessage }
  /** The export button: the view drew the file's content (`graphml` comes from the extension). */
  | { type: 'export'; format: ExportFormat; requestId?: number; data?: string };

/** Limits: an export may be big (a PNG of a large network); everything else is small. */
export const MAX_EXPORT_CHARS = 64 * 1024 * 1024;
const MAX_KEY_CHARS = 2000;
const MAX_LIST = 10000;

const DAY_RE = /^\d{4}-\d{2}-\d{2}$/;
const PARTIAL_DATE_RE = /^\d{4}(-\d{2}(-\d{2})?)?$/;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function own(record: Record<string, unknown>, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined;
}

function shortString(value: unknown, max = MAX_KEY_CHARS): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= max;
}

function stringList(value: unknown): string[] | undefined {
  if (!Array.isArray(value) || value.length > MAX_LIST) return undefined;
  const out: string[] = [];
  for (const v of value) {
    if (!shortString(v)) return undefined;
    out.push(v);
  }
  return out;
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 1e9;
}

/** A `yyyy-mm-dd` that is a real day. */
export function isIsoDay(value: unknown): value is string {
  if (typeof value !== 'string' || !DAY_RE.test(value)) return false;
  const [y, m, d] = value.split('-').map(Number);
  if (y < 1 || m < 1 || m > 12 || d < 1) return false;
  const days = m === 2 ? ((y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28) : [4, 6, 9, 11].includes(m) ? 30 : 31;
  return d <= days;
}

function parseFilter(value: unknown): TimelineFilterMessage | undefined {
  if (!isRecord(value)) return undefined;
  const filter: TimelineFilterMessage = {};
  const entity = own(value, 'entity');
  if (entity !== undefined && entity !== '') {
    if (!shortString(entity)) return undefined;
    filter.entity = entity;
  }
  for (const key of ['from', 'to'] as const) {
    const date = own(value, key);
    if (date === undefined || date === '') continue;
    if (typeof date !== 'string' || !PARTIAL_DATE_RE.test(date)) return undefined;
    filter[key] = date;
  }
  for (const key of ['eventTypes', 'documents'] as const) {
    const list = own(value, key);
    if (list === undefined) continue;
    const parsed = stringList(list);
    if (!parsed) return undefined;
    filter[key] = parsed;
  }
  return filter;
}

/** The message if it has the right shape and bounds, else undefined (the caller drops it). */
export function parseViewMessage(value: unknown): ViewMessage | undefined {
  if (!isRecord(value)) return undefined;
  const type = own(value, 'type');
  switch (type) {
    case 'ready':
      return { type };
    case 'drawn': {
      const revision = own(value, 'revision');
      const counts = own(value, 'counts');
      if (!isCount(revision) || !isRecord(counts)) return undefined;
      const out: Record<string, number> = {};
      const entries = Object.entries(counts);
      if (entries.length > 20) return undefined;
      for (const [k, v] of entries) {
        if (!/^[a-zA-Z]{1,30}$/.test(k) || !isCount(v)) return undefined;
        out[k] = v;
      }
      return { type, revision, counts: out };
    }
    case 'openTag': {
      const key = own(value, 'key');
      return shortString(key) ? { type, key } : undefined;
    }
    case 'openEdgeTag': {
      const edgeId = own(value, 'edgeId');
      const index = own(value, 'index');
      return shortString(edgeId, MAX_KEY_CHARS * 3) && isCount(index) ? { type, edgeId, index } : undefined;
    }
    case 'edgeTags': {
      const requestId = own(value, 'requestId');
      const list = own(value, 'edgeIds');
      if (!isCount(requestId) || !Array.isArray(list) || list.length > MAX_LIST) return undefined;
      const edgeIds: string[] = [];
      for (const id of list) {
        if (!shortString(id, MAX_KEY_CHARS * 3)) return undefined;
        edgeIds.push(id);
      }
      return { type, requestId, edgeIds };
    }
    case 'openEntity': {
      const id = own(value, 'id');
      return shortString(id) ? { type, id } : undefined;
    }
    case 'setDate': {
      const date = own(value, 'date');
      return isIsoDay(date) ? { type, date } : undefined;
    }
    case 'setFilter': {
      const filter = parseFilter(own(value, 'filter'));
      return filter ? { type, filter } : undefined;
    }
    case 'export': {
      const format = own(value, 'format');
      if (format !== 'svg' && format !== 'png' && format !== 'graphml') return undefined;
      const message: ViewMessage = { type, format };
      const requestId = own(value, 'requestId');
      if (requestId !== undefined) {
        if (!isCount(requestId)) return undefined;
        message.requestId = requestId;
      }
      const data = own(value, 'data');
      if (data !== undefined) {
        if (typeof data !== 'string' || data.length > MAX_EXPORT_CHARS || !exportDataFits(format, data)) return undefined;
        message.data = data;
      }
      return message;
    }
    default:
      return undefined;
  }
}

const PNG_PREFIX = 'data:image/png;base64,';

/** An SVG document, or a PNG as a base64 data URI. */
export function exportDataFits(format: ExportFormat, data: string): boolean {
  if (format === 'svg') return /^(<\?xml[^>]*>\s*)?<svg[\s>]/.test(data.slice(0, 400));
  if (format === 'png') return data.startsWith(PNG_PREFIX) && /^[A-Za-z0-9+/]*={0,2}$/.test(data.slice(PNG_PREFIX.length));
  // GraphML is made by the extension; the view sends where it drew the nodes.
  return parseNodePositions(data) !== undefined;
}

/** At most this many node positions from a view (the network's nodes are fewer). */
const MAX_POSITIONS = 100000;

/**
 * The network view's node positions for the GraphML export (`{"<entity id>": [x, y], …}`), or
 * undefined when `data` is not that: JSON of an object whose values are pairs of finite numbers.
 */
export function parseNodePositions(data: string): Map<string, { x: number; y: number }> | undefined {
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    return undefined;
  }
  if (!isRecord(value)) return undefined;
  const out = new Map<string, { x: number; y: number }>();
  for (const [id, p] of Object.entries(value)) {
    if (out.size >= MAX_POSITIONS || id.length === 0 || id.length > 1000) return undefined;
    if (!Array.isArray(p) || p.length !== 2 || typeof p[0] !== 'number' || typeof p[1] !== 'number' || !Number.isFinite(p[0]) || !Number.isFinite(p[1]))
      return undefined;
    out.set(id, { x: p[0], y: p[1] });
  }
  return out;
}

/** The bytes of a PNG data URI (base64 decoded without Node's Buffer: the web build has none). */
export function pngBytes(data: string): Uint8Array {
  const base64 = data.slice(PNG_PREFIX.length);
  const table = new Int16Array(128).fill(-1);
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  for (let i = 0; i < alphabet.length; i++) table[alphabet.charCodeAt(i)] = i;
  const clean = base64.replace(/=+$/, '');
  const out = new Uint8Array(Math.floor((clean.length * 3) / 4));
  let bits = 0;
  let buffer = 0;
  let o = 0;
  for (let i = 0; i < clean.length; i++) {
    buffer = (buffer << 6) | table[clean.charCodeAt(i)];
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (buffer >> bits) & 0xff;
    }
  }
  return out.subarray(0, o);
}

/** Messages the extension posts to a view. */
export type HostMessage<TData> =
  { type: 'data'; revision: number; data: TData; theme?: never } | { type: 'requestExport'; format: 'svg' | 'png'; requestId: number };

/** What the timeline view is sent. */
export interface TimelinePayload {
  timeline: TimelineData;
  /** The entities the filter can choose: every actor and claimant of a dated tag. */
  entityOptions: { id: string; name: string }[];
}

/** A network edge as the view is sent it: without the tags behind it (a third of the data), which the view asks for when it shows them (`edgeTags`). */
export type NetworkEdgeView = Omit<NetworkEdge, 'tags'>;

/** The extension's answer to `edgeTags`: the tags of each edge asked for that it has. */
export interface EdgeTagsReply {
  type: 'edgeTags';
  requestId: number;
  tags: Record<string, TagLocation[]>;
}

/** What the network view is sent. */
export interface NetworkPayload {
  network: Omit<NetworkData, 'edges'> & { edges: NetworkEdgeView[] };
  /** The slider's date (`yyyy-mm-dd`); undefined when nothing is dated. */
  date?: string;
  /**
   * The roles of each node that has roles, for the details of a selected node: a list keyed by
   * node id, so that an edit sends only the nodes whose roles changed (tens of kilobytes whole).
   */
  roles: { id: string; roles: { title: string; of?: string; from?: string; to?: string; held: boolean }[] }[];
}
