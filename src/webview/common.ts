// Shared by the timeline and network webview scripts (bundled separately by esbuild.mjs into
// dist/webview/*.js): the VS Code webview API, theme colours read from VS Code's CSS variables,
// small DOM helpers that never parse HTML (document text is untrusted), and SVG → PNG.

import type { ExportFormat, ViewMessage } from '../core/viewMessages';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

export const vscodeApi: VsCodeApi = acquireVsCodeApi();

export function post(message: ViewMessage): void {
  vscodeApi.postMessage(message);
}

/** A CSS variable's value on the body (VS Code sets `--vscode-*` there), or the fallback. */
export function cssVar(name: string, fallback: string): string {
  const value = getComputedStyle(document.body).getPropertyValue(name).trim();
  return value || fallback;
}

/** The extension's theme colour for an entity type (package.json contributes.colors). */
export function entityColor(type: string): string {
  return cssVar(`--vscode-analystMarkup-${type}Highlight`, '#888888');
}

/** `#rrggbbaa`, `#rgb`, `rgb()` … as an opaque or `alpha`-transparent `rgba()` (Cytoscape reads no 8-digit hex). */
export function withAlpha(color: string, alpha: number): string {
  const hex = /^#([0-9a-f]{3,8})$/i.exec(color.trim());
  if (hex) {
    let h = hex[1];
    if (h.length === 3 || h.length === 4) h = [...h].map((c) => c + c).join('');
    const r = parseInt(h.slice(0, 2), 16);
    const g = parseInt(h.slice(2, 4), 16);
    const b = parseInt(h.slice(4, 6), 16);
    return `rgba(${r}, ${g}, ${b}, ${alpha})`;
  }
  const rgb = /^rgba?\(([^)]+)\)$/i.exec(color.trim());
  if (rgb) {
    const [r, g, b] = rgb[1].split(',').map((p) => p.trim());
    return `rgba(${r}, ${g}, ${b}, ${alpha})`;
  }
  return color;
}

/** An element with text (never HTML) and attributes. */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (text !== undefined) node.textContent = text;
  return node;
}

/** Calls `fn` when VS Code switches the theme (it changes the body's classes). */
export function onThemeChange(fn: () => void): void {
  new MutationObserver(fn).observe(document.body, { attributes: true, attributeFilter: ['class'] });
}

/** An SVG document drawn onto a canvas, as a PNG data URI (2× for sharpness). */
export function svgToPng(svg: string, width: number, height: number, background: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const image = new Image();
    const scale = 2;
    image.onload = () => {
      const canvas = document.createElement('canvas');
      canvas.width = Math.max(1, Math.ceil(width * scale));
      canvas.height = Math.max(1, Math.ceil(height * scale));
      const context = canvas.getContext('2d');
      if (!context) return reject(new Error('no 2D canvas'));
      context.fillStyle = background;
      context.fillRect(0, 0, canvas.width, canvas.height);
      context.scale(scale, scale);
      context.drawImage(image, 0, 0, width, height);
      resolve(canvas.toDataURL('image/png'));
    };
    image.onerror = () => reject(new Error('the SVG could not be drawn'));
    image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
  });
}

/** Export buttons; `format` is posted with the drawing the view makes for it. */
export function exportButtons(formats: readonly ExportFormat[], draw: (format: ExportFormat) => Promise<string>): HTMLElement {
  const group = el('span', { class: 'exports', role: 'group', 'aria-label': 'Export' });
  for (const format of formats) {
    const button = el('button', { type: 'button', 'data-export': format, title: `Export as ${format.toUpperCase()}` }, format.toUpperCase());
    button.addEventListener('click', () => {
      void draw(format).then(
        (data) => post({ type: 'export', format, data }),
        () => post({ type: 'export', format }),
      );
    });
    group.append(button);
  }
  return group;
}

/** Answers the extension's `requestExport` (the show commands with `{ target }`; GraphML only where the view draws one). */
export function answerExportRequests(draw: (format: ExportFormat) => Promise<string>, graphml = false): (message: unknown) => boolean {
  return (message) => {
    const m = message as { type?: unknown; format?: unknown; requestId?: unknown };
    const format: ExportFormat | undefined = m.format === 'svg' || m.format === 'png' || (graphml && m.format === 'graphml') ? m.format : undefined;
    if (m.type !== 'requestExport' || !format || typeof m.requestId !== 'number') return false;
    const requestId = m.requestId;
    void draw(format).then(
      (data) => post({ type: 'export', format, requestId, data }),
      () => post({ type: 'export', format, requestId }),
    );
    return true;
  };
}

/** Where a drawing's time went (for the benchmark): the message's transit, handling it, painting. */
export function timings(postedAt: unknown, received: number, handled: number): { transitMs: number; handleMs: number; paintMs: number } {
  const now = Date.now();
  const ms = (v: number) => Math.max(0, Math.round(v));
  return { transitMs: typeof postedAt === 'number' ? ms(received - postedAt) : 0, handleMs: ms(handled - received), paintMs: ms(now - handled) };
}

interface LoadMarks {
  head?: number;
  script?: number;
  ready?: number;
}
const loadMarks = (): LoadMarks => ((window as unknown as { analystMarkupLoad?: LoadMarks }).analystMarkupLoad ??= {});

/** Tells the extension the script listens (and notes when, for the benchmark's breakdown). */
export function postReady(): void {
  loadMarks().ready = performance.now();
  post({ type: 'ready' });
}

let loadReported = false;

/**
 * Where the page's loading went, once (with the first drawing; the benchmark prints it): ms
 * after the extension set the HTML (the body's data-html-at, the same machine's clock) until
 * the document started, its first inline script ran, the view's script was fetched, began and
 * posted ready. The head mark is the HTML's inline script; the script mark esbuild's banner.
 */
export function loadTimings(): Record<string, number> {
  if (loadReported) return {};
  loadReported = true;
  const htmlAt = Number(document.body.dataset.htmlAt);
  if (!Number.isFinite(htmlAt) || htmlAt <= 0) return {};
  const marks = loadMarks();
  const since = (t: number | undefined) => (t === undefined ? 0 : Math.max(0, Math.round(performance.timeOrigin + t - htmlAt)));
  const script = performance.getEntriesByType('resource').find((e) => /\/webview\/[a-z]+\.js/.test(e.name)) as PerformanceResourceTiming | undefined;
  return {
    loadDocMs: since(0),
    loadHeadMs: since(marks.head),
    loadFetchedMs: script ? since(script.responseEnd) : 0,
    loadScriptMs: since(marks.script),
    loadReadyMs: since(marks.ready),
  };
}

/**
 * Calls `report` once the frame is painted: after the page's load (VS Code shows a webview's
 * page from then, or 200 ms after writing it if the load is later: so do we), the next frame,
 * then a task.
 */
export function afterPaint(report: () => void): void {
  let done = false;
  const frame = () => {
    if (done) return;
    done = true;
    requestAnimationFrame(() => setTimeout(report, 0));
  };
  if (document.readyState === 'complete') return frame();
  window.addEventListener('load', frame, { once: true });
  setTimeout(frame, 200);
}
