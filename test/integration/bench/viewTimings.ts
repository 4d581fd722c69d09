// Timings of the timeline and network views in the real VS Code (scripts/bench-views.mjs runs
// this through out/test/integration/index.js with ANALYST_MARKUP_BENCH=views, on its generated
// workspace of 5,000 tags): the show command → the webview's first drawn frame (the view posts
// "drawn" after painting), with the panel opened anew each turn; and an unsaved tag edit in an
// open document → the view drawn again with the new tag. Prints one ANALYST_MARKUP_BENCH line.

import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { startProfile, stopProfile } from './profile';

export const BENCH_MARKER = 'ANALYST_MARKUP_BENCH';
const TURNS = Number(process.env.ANALYST_MARKUP_BENCH_TURNS) || 7;

interface Drawn {
  revision: number;
  counts: Record<string, number>;
  /** Data posted → the view reported it drawn; the extension's time computing that data. */
  ms: number;
  computeMs: number;
  load?: { openedAt: number; createdMs: number; htmlMs: number; readyMs: number; postedMs: number; page: Record<string, number> };
}

/** Where the time of each measurement went, by part (medians over the turns). */
const parts: Record<string, Record<string, number[]>> = {};
function note(what: string, state: Drawn): void {
  const p = (parts[what] ??= {});
  const add = (k: string, v: number | undefined) => (p[k] ??= []).push(v ?? 0);
  add('compute', state.computeMs);
  add('postToDrawn', state.ms);
  add('transit', state.counts.transitMs);
  add('handle', state.counts.handleMs);
  add('paint', state.counts.paintMs);
  // The view's own phases (the network's nodes, edges, layout, lists).
  for (const [k, v] of Object.entries(state.counts)) if (/^(nodes|edges|layout|lists)Ms$/.test(k)) add(k.slice(0, -2), v);
}

function stats(values: number[]): { median: number; min: number; max: number; n: number } {
  const sorted = [...values].sort((a, b) => a - b);
  return { median: sorted[Math.floor(sorted.length / 2)], min: sorted[0], max: sorted[sorted.length - 1], n: sorted.length };
}

/** The view's next drawing; on a loaded machine a big first drawing can take longer than one wait (15 s). */
async function drawn(view: 'timeline' | 'network', after?: number): Promise<Drawn> {
  for (let attempt = 0; ; attempt++) {
    try {
      const state = await vscode.commands.executeCommand<Drawn | undefined>(`analystMarkup.internal.${view}Drawn`, after);
      if (!state) throw new Error(`the ${view} view is not open`);
      return state;
    } catch (error) {
      if (attempt >= 5 || !/drew nothing/.test(String(error))) throw error;
    }
  }
}

async function closeViews(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

/**
 * Where an open's time went, phase by phase (ms, consecutive): the command until the panel is
 * asked for (loading code, reading tags), VS Code creating the panel, its page set, the page's
 * document starting and its head running (VS Code's webview host and service worker: the
 * baseline's floor), the view's script begun and ready, ready reaching the extension, the data
 * posted (computed meanwhile), and the drawn frame reported (after the page's load and a frame).
 */
function notePhases(what: string, startedAt: number, totalMs: number, state: Drawn): void {
  const load = state.load;
  const c = load?.page;
  if (!load || !c?.loadDocMs) return;
  const opened = load.openedAt - startedAt;
  const page = opened + load.htmlMs;
  const marks: [string, number][] = [
    ['command', opened],
    ['createPanel', opened + load.createdMs],
    ['setPage', page],
    ['document', page + c.loadDocMs],
    ['head', page + c.loadHeadMs],
    ['scriptBegan', page + c.loadScriptMs],
    ['scriptReady', page + c.loadReadyMs],
    ['readyHeard', opened + load.readyMs],
    ['dataPosted', opened + load.postedMs],
    ['drawn', totalMs],
  ];
  const p = (phaseParts[what] ??= {});
  let before = 0;
  for (const [name, at] of marks) {
    (p[name] ??= []).push(Math.max(0, at - before));
    before = Math.max(before, at);
  }
}
const phaseParts: Record<string, Record<string, number[]>> = {};

async function openTime(view: 'timeline' | 'network', phasesAs = `${view}Open`): Promise<{ ms: number; state: Drawn }> {
  await closeViews();
  const startedAt = Date.now();
  const started = performance.now();
  await vscode.commands.executeCommand(view === 'timeline' ? 'analystMarkup.showTimeline' : 'analystMarkup.showNetwork', {});
  const state = await drawn(view);
  const ms = performance.now() - started;
  notePhases(phasesAs, startedAt, ms, state);
  return { ms, state };
}

function nonce(): string {
  const random = new Uint32Array(16);
  globalThis.crypto.getRandomValues(random);
  return [...random].map((r) => r.toString(36)).join('');
}

/**
 * The baseline: VS Code's floor for a webview, opened the same way as the views (a new panel
 * beside, scripts enabled, a strict CSP, context retained), with a trivial page whose inline
 * script reports its first painted frame as the views do (a frame, then a task).
 */
const baselineParts: Record<string, number[]> = {};
async function baselineOpen(): Promise<number> {
  await closeViews();
  const started = performance.now();
  const panel = vscode.window.createWebviewPanel(
    'analystMarkup.benchBaseline',
    'Baseline',
    { viewColumn: vscode.ViewColumn.Beside, preserveFocus: false },
    { enableScripts: true, retainContextWhenHidden: true },
  );
  try {
    const drawnFrame = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the baseline webview drew nothing within 15 s')), 15000);
      const listener = panel.webview.onDidReceiveMessage((m: Record<string, number>) => {
        clearTimeout(timer);
        listener.dispose();
        for (const [k, v] of Object.entries(m)) if (typeof v === 'number') (baselineParts[k] ??= []).push(Math.round(v - htmlAt));
        resolve();
      });
    });
    const n = nonce();
    const htmlAt = Date.now();
    panel.webview.html = `<!DOCTYPE html><html lang="en"><head><meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'nonce-${n}'">
<title>Baseline</title><script nonce="${n}">window.headAt = performance.now();</script></head><body><p>Baseline</p>
<script nonce="${n}">const api = acquireVsCodeApi(); requestAnimationFrame(() => setTimeout(() => { const t = performance.timeOrigin; const nav = performance.getEntriesByType('navigation')[0] || {}; api.postMessage({ doc: t, navWorker: t + (nav.workerStart || 0), navFetch: t + (nav.fetchStart || 0), navRequest: t + (nav.requestStart || 0), navResponseStart: t + (nav.responseStart || 0), navResponse: t + (nav.responseEnd || 0), navDcl: t + (nav.domContentLoadedEventStart || 0), head: t + window.headAt, drawn: t + performance.now() }); }, 0));</script>
</body></html>`;
    await drawnFrame;
    return performance.now() - started;
  } finally {
    panel.dispose();
  }
}

/**
 * The library's floor for the network view: a panel opened the same way whose page is Cytoscape
 * alone (src/webview/bench/cytoscapeFloor.ts, built by scripts/bench-views.mjs with the view's
 * nodes and edges for this workspace into ANALYST_MARKUP_BENCH_FLOOR), sent the elements once
 * ready; until it reports its first frame drawn with them.
 */
const floorParts: Record<string, number[]> = {};
let floorElements: unknown;
async function floorOpen(folder: string): Promise<number> {
  floorElements ??= JSON.parse(fs.readFileSync(path.join(folder, 'elements.json'), 'utf8'));
  await closeViews();
  const started = performance.now();
  const root = vscode.Uri.file(folder);
  const panel = vscode.window.createWebviewPanel(
    'analystMarkup.benchFloor',
    'Cytoscape floor',
    { viewColumn: vscode.ViewColumn.Beside, preserveFocus: false },
    { enableScripts: true, retainContextWhenHidden: true, localResourceRoots: [root] },
  );
  try {
    const drawnFrame = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the Cytoscape floor drew nothing within 15 s')), 15000);
      const listener = panel.webview.onDidReceiveMessage((m: Record<string, number | boolean>) => {
        if (m.ready) {
          void panel.webview.postMessage(floorElements);
          return;
        }
        clearTimeout(timer);
        listener.dispose();
        for (const [k, v] of Object.entries(m)) if (typeof v === 'number') (floorParts[k] ??= []).push(v);
        resolve();
      });
    });
    const n = nonce();
    const script = panel.webview.asWebviewUri(vscode.Uri.joinPath(root, 'floor.js'));
    panel.webview.html = `<!DOCTYPE html><html lang="en"><head><meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'nonce-${n}'; style-src 'nonce-${n}'">
<title>Cytoscape floor</title><style nonce="${n}">html, body { margin: 0; height: 100%; } #graph { position: absolute; inset: 0; }</style></head>
<body><div id="graph"></div><script nonce="${n}" src="${script.toString()}"></script></body></html>`;
    await drawnFrame;
    return performance.now() - started;
  } finally {
    panel.dispose();
  }
}

/** Inserts a tag into `document` (unsaved) and waits for `view` to draw it. */
async function editTime(view: 'timeline' | 'network', document: vscode.TextDocument, turn: number): Promise<number> {
  let state = await drawn(view);
  const key = view === 'timeline' ? 'items' : 'edges';
  const before = state.counts[key];
  const edit = new vscode.WorkspaceEdit();
  edit.insert(
    document.uri,
    new vscode.Position(5, 0),
    `[A new meeting]{.event #bench${view}${turn} type=consult actors=ent-0000 targets=ent-${String(1000 + turn).padStart(4, '0')} date=2024-02-02}\n`,
  );
  const started = performance.now();
  if (!(await vscode.workspace.applyEdit(edit))) throw new Error('the edit was not applied');
  while (state.counts[key] === before) state = await drawn(view, state.revision);
  const ms = performance.now() - started;
  note(`${view}Edit`, state);
  return ms;
}

export async function runViewTimings(): Promise<Record<string, unknown>> {
  const result: Record<string, unknown> = {};
  try {
    const extension = vscode.extensions.getExtension<{ ready: Promise<void> }>('analyst-markup.analyst-markup');
    await (
      await extension?.activate()
    )?.ready;
    const folder = vscode.workspace.workspaceFolders?.[0];
    if (!folder) throw new Error('no workspace folder');
    // The first open also loads the views' code and reads the workspace's tags.
    const firstTimeline = await openTime('timeline', 'timelineFirst');
    const firstNetwork = await openTime('network', 'networkFirst');
    result.firstLoad = { timeline: firstTimeline.ms, network: firstNetwork.ms };
    result.drawn = { timeline: firstTimeline.state.counts.items, network: { nodes: firstNetwork.state.counts.nodes, edges: firstNetwork.state.counts.edges } };
    const timelineOpen: number[] = [];
    const networkOpen: number[] = [];
    const baseline: number[] = [];
    const floor: number[] = [];
    const floorFolder = process.env.ANALYST_MARKUP_BENCH_FLOOR;
    await baselineOpen(); // warms up VS Code's webview service as the first views did
    if (floorFolder) await floorOpen(floorFolder); // loads Cytoscape's code once, as the first network view did
    for (let turn = 0; turn < TURNS; turn++) {
      baseline.push(await baselineOpen());
      if (floorFolder) floor.push(await floorOpen(floorFolder));
      const t = await openTime('timeline');
      timelineOpen.push(t.ms);
      note('timelineOpen', t.state);
      const n = await openTime('network');
      networkOpen.push(n.ms);
      note('networkOpen', n.state);
    }
    result.baselineOpen = stats(baseline);
    result.baselineParts = Object.fromEntries(Object.entries(baselineParts).map(([k, v]) => [k, stats(v).median]));
    if (floor.length > 0) {
      result.floorOpen = stats(floor);
      result.floorParts = Object.fromEntries(Object.entries(floorParts).map(([k, v]) => [k, stats(v).median]));
    }
    result.timelineOpen = stats(timelineOpen);
    result.networkOpen = stats(networkOpen);

    const document = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder.uri, 'reports', 'report-000.md'));
    const timelineEdit: number[] = [];
    const networkEdit: number[] = [];
    await closeViews();
    await vscode.window.showTextDocument(document, vscode.ViewColumn.One);
    await vscode.commands.executeCommand('analystMarkup.showTimeline', {});
    await drawn('timeline');
    for (let turn = 0; turn < TURNS; turn++) timelineEdit.push(await editTime('timeline', document, turn));
    await vscode.commands.executeCommand('analystMarkup.showNetwork', {});
    await drawn('network');
    // ANALYST_MARKUP_BENCH_VIEWS_PROFILE=<folder>: a CPU profile of the extension host over the network's edits.
    const profileFolder = process.env.ANALYST_MARKUP_BENCH_VIEWS_PROFILE;
    const profiler = profileFolder ? await startProfile(200) : undefined;
    for (let turn = 0; turn < TURNS; turn++) networkEdit.push(await editTime('network', document, TURNS + turn));
    if (profiler && profileFolder) {
      fs.mkdirSync(profileFolder, { recursive: true });
      fs.writeFileSync(path.join(profileFolder, 'network-edit.cpuprofile'), JSON.stringify(await stopProfile(profiler)));
    }
    result.timelineEdit = stats(timelineEdit);
    result.networkEdit = stats(networkEdit);
  } catch (error) {
    result.error = String(error instanceof Error ? (error.stack ?? error.message) : error);
  }
  result.phases = Object.fromEntries(
    Object.entries(phaseParts).map(([what, p]) => [what, Object.fromEntries(Object.entries(p).map(([k, v]) => [k, stats(v).median]))]),
  );
  result.parts = Object.fromEntries(
    Object.entries(parts).map(([what, p]) => [what, Object.fromEntries(Object.entries(p).map(([k, v]) => [k, stats(v).median]))]),
  );
  return result;
}
