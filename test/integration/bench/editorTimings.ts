// Editor timings of the extension, measured in a real extension host (code-server): activation,
// first highlights of a 5 MB document, a keystroke in it, 20 visible editors. Numbers are printed
// as one `ANALYST_MARKUP_BENCH {json}` line and never asserted (wall-clock numbers depend on the
// machine). Loaded by test/integration/index.ts instead of the tests when ANALYST_MARKUP_BENCH=1;
// `npm run bench:editor` (scripts/bench-editor.mjs) builds, runs and tabulates it.
//
// How the times are taken (all in the extension host, `performance.now()`):
// - The extension was activated before the tests module loaded (onLanguage / workspaceContains):
//   its activation times are VS Code's own, read from "Developer: Startup Performance".
// - The extension host is single-threaded. Our listeners of onDidOpenTextDocument /
//   onDidChangeVisibleTextEditors / onDidChangeActiveTextEditor / onDidChangeTextDocument were
//   added after the extension's, so they run right after the extension's listeners of the same
//   event: their time stamps mean "the extension's handlers are done". A 0 ms timer loop
//   (StallMeter) notes every stretch in which the extension host was busy, so each stamp also
//   says how long the extension host had been busy without a break ("task").
// - A keystroke: our change listener arms a 60 ms timer right after the highlighter armed its
//   60 ms debounce timer; Node runs timers of one duration in order, so ours fires right after the
//   re-render. Every sample is then checked against the highlights actually rendered.
// - "applied" times add a round trip to the workbench (setContext) after the decorations were
//   sent: messages are handled in order, so the workbench has applied the decorations by then.
// - First highlights: at every visible-editors, active-editor and visible-ranges event our
//   listener asks the highlighter (synchronously: commands of this extension host run at once)
//   which lines of which document version its decorations cover. The first highlights are the
//   first such moment at which they are current and cover every line the editor shows; once
//   the document settled, the highlights shown are compared with a full scan of the text.
// - Where the time goes: CPU profiles of the extension host (inspector, in-process) of a second
//   5 MB open, 8 keystrokes and a registry change, each run separately from the timed runs.
// - files.autoSave is turned off for the run (the web workbench's default is afterDelay, which
//   would save the 5 MB document while typing; the desktop default is off).

import * as inspector from 'inspector';
import * as os from 'os';
import * as vscode from 'vscode';
import { scanAll } from '../../../src/core/incremental';
import { attributeBlockRanges, parseMarkup } from '../../../src/core/markup';
import { Registry, RegistryStore } from '../../../src/core/registry';
import { MentionIndex } from '../../../src/vscode/mentionIndex';
import type { RegistryService } from '../../../src/vscode/registryService';
import type { AnalystMarkupApi } from '../../../src/vscode/api';
import { closeAllEditors, EXTENSION_ID, Highlight, HighlightedLines, highlights, readText, workspaceUri, writeText } from '../helpers';
import { prng } from '../../prng';

export const BENCH_MARKER = 'ANALYST_MARKUP_BENCH';

/** The highlighter's edit debounce (src/vscode/highlighter.ts EDIT_DEBOUNCE_MS). */
const HIGHLIGHT_DEBOUNCE_MS = 60;
/** Longer than every debounce that matters after a keystroke (markup 250 ms, views 250 ms). */
const SETTLE_MS = 550;
const BIG_CHARS = 5 * 1024 * 1024;
const SMALL_CHARS = 50 * 1024;
const EDITORS = 20;
const KEYSTROKES = 20;
const TYPED = 'Iran ';

const now = (): number => performance.now();
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const round = (ms: number): number => Math.round(ms * 10) / 10;

interface Stats {
  n: number;
  median: number;
  p90: number;
  min: number;
  max: number;
}

function stats(values: number[]): Stats | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))];
  return { n: s.length, median: round(at(0.5)), p90: round(at(0.9)), min: round(s[0]), max: round(s[s.length - 1]) };
}

function median(values: number[]): number {
  return stats(values)?.median ?? NaN;
}

/** Times a synchronous function: the median of `runs` runs and the last result. */
function timed<T>(runs: number, fn: () => T): { ms: number; value: T } {
  const times: number[] = [];
  let value!: T;
  for (let i = 0; i < runs; i++) {
    const t = now();
    value = fn();
    times.push(now() - t);
  }
  return { ms: median(times), value };
}

/** Notes every stretch in which the extension host did not get round to a 0 ms timer. */
class StallMeter {
  static readonly THRESHOLD_MS = 4;
  readonly stalls: { at: number; ms: number }[] = [];
  /** Time of the last tick: a stamp minus this is how long the current task has been running. */
  last = now();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private running = false;

  start(): void {
    this.running = true;
    this.last = now();
    this.schedule();
  }

  private schedule(): void {
    this.timer = setTimeout(() => {
      const t = now();
      if (t - this.last > StallMeter.THRESHOLD_MS) this.stalls.push({ at: this.last, ms: t - this.last });
      this.last = t;
      if (this.running) this.schedule();
    }, 0);
  }

  stop(): void {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
  }

  /**
   * How long the extension host had been busy at `t` without a break: the task still running, or
   * the stall that ended just before (Node may run our 0 ms timer between two timers that are due
   * together, e.g. after the highlighter's long re-render and before our stamp right after it).
   */
  busyAt(t: number, slackMs = 3): number {
    const last = this.stalls[this.stalls.length - 1];
    const recent = last && last.at + last.ms >= t - slackMs ? last.ms : 0;
    return Math.max(t - this.last, recent);
  }

  /** Stalls that began in [from, to), relative to `from`. */
  between(from: number, to: number): { at: number; ms: number }[] {
    return this.stalls.filter((s) => s.at >= from - 1 && s.at < to).map((s) => ({ at: round(s.at - from), ms: round(s.ms) }));
  }
}

// ---------------------------------------------------------------------------------------------
// Text generation: news-like English with the fixture registry's entities (and names it does not
// know), one paragraph per line, a claim tag now and then. Deterministic.

const FILL: Record<string, string[]> = {
  P: ['Ali Larijani', 'Larijani', 'Ali Larijani'],
  S: ['Iran', 'Iraq', 'the United States', 'the US', 'Iran'],
  O: ['Hezbollah', 'Hizbullah', 'the Supreme National Security Council', 'the SNSC', 'the Majlis', 'the Islamic Consultative Assembly'],
  L: ['Baghdad'],
  X: ['Tehran', 'Beirut', 'Damascus', 'Geneva', 'Muscat', 'Vienna'], // not in the registry
  D: ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', '12 March 2019', '3 June 2020', '28 May 2008'],
};
const SENTENCES = [
  '{P} met officials from {S} in {L} on {D}.',
  'A spokesman for {O} said the talks with {S} would resume after {D}.',
  'According to diplomats in {X}, {S} and {S} exchanged messages through intermediaries.',
  'The committee reviewed the budget proposal in a closed session that lasted several hours.',
  'Analysts noted that the statement did not mention the sanctions regime directly.',
  'Reports from {L} suggested that {O} had moved equipment across the border.',
  '{P} told reporters in {X} that {S} would not accept preconditions.',
  'Markets reacted calmly to the announcement, and trading volumes stayed close to the monthly average.',
  'Neither side commented on the claims, which could not be independently verified.',
  'In a televised speech, the foreign minister of {S} praised the role of {O}.',
  'Persian-language media quoted علی لاریجانی as saying that the matter was closed.',
  'The delegation from {X} left on {D} without a joint statement.',
];
const PERSIA = 'Older maps of the region still say Persia where {S} is meant.';

function generateText(chars: number, seed: number, withPersia = false): string {
  const rnd = prng(seed);
  const pick = <T>(list: T[]): T => list[Math.floor(rnd() * list.length)];
  const fill = (template: string) => template.replace(/\{([A-Z])\}/g, (_, k: string) => pick(FILL[k]));
  const paragraphs: string[] = [];
  let length = 0;
  let claims = 0;
  while (length < chars) {
    const sentences: string[] = [];
    const count = 3 + Math.floor(rnd() * 4);
    for (let i = 0; i < count; i++) sentences.push(fill(pick(SENTENCES)));
    if (withPersia && paragraphs.length % 6 === 1) sentences.push(fill(PERSIA));
    if (paragraphs.length % 20 === 7) {
      const i = Math.floor(rnd() * sentences.length);
      sentences[i] = `[${sentences[i]}]{.claim #c${(claims++).toString(36).padStart(4, '0')} by=ali-larijani}`;
    }
    const paragraph = sentences.join(' ');
    paragraphs.push(paragraph);
    length += paragraph.length + 2;
  }
  return paragraphs.join('\n\n') + '\n';
}

// ---------------------------------------------------------------------------------------------

/** Whether an editor's highlights are current and cover the lines `visible`. */
function covers(shown: HighlightedLines | undefined, visible: readonly [number, number][]): boolean {
  if (!shown || !shown.current) return false;
  const lines = shown.lines;
  return !lines || visible.every(([first, last]) => lines.some((w) => first >= w[0] && last <= w[1]));
}

/** Event stamps: when our listener ran (after the extension's) and how long its task had run. */
interface Stamp {
  at: number;
  taskMs: number;
  /** What the highlights covered at that moment. */
  shown?: Promise<HighlightedLines[] | undefined>;
}

class Stamps implements vscode.Disposable {
  opened = new Map<string, Stamp>();
  visible: Stamp[] = [];
  active: Stamp[] = [];
  ranges: Stamp[] = [];
  /** Edits of `watched`: the change event (after the extension's listeners) and the re-render. */
  watched: string | undefined;
  changes: Stamp[] = [];
  renders: Stamp[] = [];
  private rendered: (() => void) | undefined;
  private readonly disposables: vscode.Disposable[];

  constructor(private readonly meter: StallMeter) {
    const stamp = (): Stamp => {
      const at = now();
      return { at, taskMs: this.meter.busyAt(at) };
    };
    // The command runs synchronously (it is this extension host's own): a snapshot of this moment.
    const withShown = (s: Stamp): Stamp => ({
      ...s,
      shown: Promise.resolve(vscode.commands.executeCommand<HighlightedLines[]>('analystMarkup.internal.highlightedLines')),
    });
    this.disposables = [
      vscode.workspace.onDidOpenTextDocument((d) => this.opened.set(d.uri.toString(), stamp())),
      vscode.window.onDidChangeVisibleTextEditors(() => this.visible.push(withShown(stamp()))),
      vscode.window.onDidChangeActiveTextEditor(() => this.active.push(withShown(stamp()))),
      vscode.window.onDidChangeTextEditorVisibleRanges(() => this.ranges.push(withShown(stamp()))),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length === 0 || e.document.uri.toString() !== this.watched) return;
        this.changes.push(stamp());
        // Armed right after the highlighter armed its debounce timer of the same duration: Node
        // runs it right after the highlighter's, i.e. when the re-render is done.
        setTimeout(() => {
          this.renders.push(stamp());
          this.rendered?.();
        }, HIGHLIGHT_DEBOUNCE_MS);
      }),
    ];
  }

  reset(watched?: vscode.Uri): void {
    this.opened.clear();
    this.visible = [];
    this.active = [];
    this.ranges = [];
    this.watched = watched?.toString();
    this.changes = [];
    this.renders = [];
  }

  /**
   * The first stamp at which the highlights of `uri` were current and covered `visible`, the
   * lines its editor shows once settled (at first the extension host may know other lines: an
   * editor opened at a selection reveals it a moment later).
   */
  async firstHighlighted(uri: vscode.Uri, visible: readonly [number, number][]): Promise<{ stamp: Stamp; shown: HighlightedLines } | undefined> {
    const all = [...this.visible, ...this.active, ...this.ranges].sort((a, b) => a.at - b.at);
    for (const s of all) {
      const shown = (await s.shown)?.find((l) => l.uri === uri.toString());
      if (shown && covers(shown, visible)) return { stamp: s, shown };
    }
    return undefined;
  }

  /** Resolves once `count` re-renders of the watched document have happened. */
  async rendersDone(count: number, timeoutMs = 10_000): Promise<void> {
    const deadline = now() + timeoutMs;
    while (this.renders.length < count) {
      if (now() > deadline) throw new Error('the re-render after an edit never came');
      await new Promise<void>((resolve) => {
        this.rendered = resolve;
        setTimeout(resolve, 100);
      });
    }
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

// ---------------------------------------------------------------------------------------------
// CPU profiles of the extension host (inspector, in-process), summarised: self and inclusive time
// per function. Positions in dist/extension.js are mapped to src/ by scripts/bench-editor.mjs.

interface ProfileSummary {
  durationMs: number;
  /** Self time per category: analyst-markup, VS Code, other extensions by name, GC, idle, … */
  categories: Record<string, number>;
  /** [key, ms]; keys of the extension's code are `dist/extension.js:line:column name`. */
  topSelf: [string, number][];
  topInclusive: [string, number][];
  /** Inclusive time of the extension's own functions. */
  extensionInclusive: [string, number][];
  /** Inclusive time of the VS Code API calls that cost (positionAt, setDecorations, getText, …). */
  apiInclusive: [string, number][];
}

function frameKey(frame: inspector.Runtime.CallFrame): { key: string; category: string } {
  const name = frame.functionName || '(anonymous)';
  const url = frame.url;
  if (!url) {
    if (name.startsWith('(')) return { key: name, category: name === '(garbage collector)' ? 'garbage collector' : name.replace(/[()]/g, '') };
    return { key: `${name} (native)`, category: 'native' };
  }
  if (url.endsWith('/dist/extension.js'))
    return { key: `dist/extension.js:${frame.lineNumber + 1}:${frame.columnNumber + 1} ${name}`, category: 'analyst-markup' };
  if (url.includes('/out/test/') || url.includes('/out/src/'))
    return { key: `${name} ${url.slice(url.indexOf('/out/') + 1)}:${frame.lineNumber + 1}`, category: 'this benchmark' };
  const ext = /\/extensions\/([^/]+)\//.exec(url);
  if (ext) return { key: `${name} [${ext[1]}]`, category: `extension ${ext[1]}` };
  const base = url.slice(url.lastIndexOf('/') + 1);
  if (url.startsWith('node:')) return { key: `${name} ${url}`, category: 'node' };
  return { key: `${name} ${base}:${frame.lineNumber + 1}`, category: 'VS Code' };
}

function summarise(profile: inspector.Profiler.Profile, top = 30): ProfileSummary {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const keys = new Map(profile.nodes.map((n) => [n.id, frameKey(n.callFrame)]));
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  const categories: Record<string, number> = {};
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  for (let i = 0; i < samples.length; i++) {
    const dt = (deltas[i + 1] ?? 0) / 1000;
    const k = keys.get(samples[i])!;
    self.set(k.key, (self.get(k.key) ?? 0) + dt);
    categories[k.category] = (categories[k.category] ?? 0) + dt;
    const seen = new Set<string>();
    for (let id: number | undefined = samples[i]; id !== undefined; id = parent.get(id)) {
      const key = keys.get(id)!.key;
      if (seen.has(key) || !byId.get(id)!.callFrame.url) continue;
      seen.add(key);
      inclusive.set(key, (inclusive.get(key) ?? 0) + dt);
    }
  }
  const sorted = (m: Map<string, number>, n: number) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([k, v]): [string, number] => [k, round(v)]);
  // Every entry of the extension's own code (for the per-file totals), the top of the rest.
  const ext = [...self.entries()].filter(([k]) => k.startsWith('dist/extension.js:'));
  const topSelf = sorted(self, top);
  for (const [k, v] of ext) if (!topSelf.some(([t]) => t === k) && v >= 0.5) topSelf.push([k, round(v)]);
  return {
    durationMs: round((profile.endTime - profile.startTime) / 1000),
    categories: Object.fromEntries(
      Object.entries(categories)
        .sort((a, b) => b[1] - a[1])
        .map(([k, v]) => [k, round(v)]),
    ),
    topSelf,
    topInclusive: sorted(inclusive, top),
    extensionInclusive: sorted(new Map([...inclusive].filter(([k]) => k.startsWith('dist/extension.js:'))), top),
    apiInclusive: sorted(
      new Map(
        [...inclusive].filter(([k]) =>
          /^(positionAt|offsetAt|setDecorations|getText|lineAt|serializeRequestArguments|\$acceptModelChanged|\$acceptDocumentsAndEditorsDelta) /.test(k),
        ),
      ),
      10,
    ),
  };
}

class Profiler {
  private readonly session = new inspector.Session();

  constructor() {
    this.session.connect();
  }

  private post(method: string, params: object = {}): Promise<unknown> {
    return new Promise((resolve, reject) => this.session.post(method, params, (error, result) => (error ? reject(error) : resolve(result))));
  }

  async start(): Promise<void> {
    await this.post('Profiler.enable');
    await this.post('Profiler.setSamplingInterval', { interval: 250 });
    await this.post('Profiler.start');
  }

  async stop(): Promise<ProfileSummary> {
    const { profile } = (await this.post('Profiler.stop')) as { profile: inspector.Profiler.Profile };
    await this.post('Profiler.disable');
    return summarise(profile);
  }

  dispose(): void {
    this.session.disconnect();
  }
}

/** Runs `body` under the profiler; a failing profiler never fails the benchmark. */
async function profiled<T>(log: (s: string) => void, body: () => Promise<T>): Promise<{ value: T; profile: ProfileSummary | null }> {
  let profiler: Profiler | undefined;
  try {
    profiler = new Profiler();
    await profiler.start();
  } catch (error) {
    log(`no profiler: ${String(error)}`);
    profiler = undefined;
  }
  try {
    const value = await body();
    return { value, profile: profiler ? await profiler.stop().catch(() => null) : null };
  } finally {
    profiler?.dispose();
  }
}

async function roundTrip(tag: number): Promise<void> {
  await vscode.commands.executeCommand('setContext', 'analystMarkup.benchRoundTrip', tag);
}

async function until<T>(
  what: string,
  check: () => Promise<T | undefined> | T | undefined,
  intervalMs: number,
  timeoutMs: number,
): Promise<{ value: T; at: number }> {
  const started = now();
  for (;;) {
    const at = now();
    const value = await check();
    if (value !== undefined) return { value, at };
    if (now() - started > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(intervalMs);
  }
}

/** Every registry file of the workspace, read into a private store: the matcher the extension uses. */
async function buildRegistry(): Promise<Registry> {
  const globs = ['**/entities.{yaml,yml}', '**/*.entities.{yaml,yml}', '**/entities/**/*.{yaml,yml}'];
  const found = new Map<string, vscode.Uri>();
  for (const glob of globs) for (const uri of await vscode.workspace.findFiles(glob, '**/{node_modules,.git}/**')) found.set(uri.toString(), uri);
  const store = new RegistryStore();
  for (const key of [...found.keys()].sort()) store.setFile(key, await readText(found.get(key)!));
  return store.build();
}

// ---------------------------------------------------------------------------------------------

async function activationTimes(log: (s: string) => void): Promise<{ times: Record<string, unknown>; api: AnalystMarkupApi }> {
  const extension = vscode.extensions.getExtension<AnalystMarkupApi>(EXTENSION_ID);
  if (!extension) throw new Error(`extension ${EXTENSION_ID} is not loaded`);
  const alreadyActive = extension.isActive;
  let t = now();
  const api = await extension.activate();
  const activateAwaitMs = now() - t;
  t = now();
  await api.ready;
  const readyAwaitMs = now() - t;

  // VS Code's own numbers (what "Developer: Show Running Extensions" shows).
  let vscodeTimes: Record<string, unknown> | null = null;
  try {
    await vscode.commands.executeCommand('perfview.show');
    const { value } = await until(
      'the Startup Performance document',
      () => {
        const doc = vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'perf');
        const text = doc?.getText() ?? '';
        const section = text.indexOf('Extension Activation Stats');
        if (section < 0) return undefined;
        const line = text
          .slice(section)
          .split('\n')
          .find((l) => l.includes(EXTENSION_ID));
        return line;
      },
      100,
      30_000,
    );
    // | Extension | Eager | Load Code | Call Activate | Finish Activate | Event | By |
    const cells = value
      .split('|')
      .map((c) => c.trim())
      .filter((c, i, all) => !(c === '' && (i === 0 || i === all.length - 1)));
    const num = (s: string | undefined) => (s === undefined || s === '' || isNaN(Number(s)) ? null : Number(s));
    vscodeTimes = {
      eager: cells[1] === 'true',
      loadCodeMs: num(cells[2]),
      activateCallMs: num(cells[3]),
      activateResolvedMs: num(cells[4]),
      event: cells[5],
    };
  } catch (error) {
    log(`activation times from Startup Performance unavailable: ${String(error)}`);
  }
  await closeAllEditors();

  // A full reload: find the registry files, read them, build, re-render (no editor open).
  const reloads: number[] = [];
  for (let i = 0; i < 3; i++) {
    t = now();
    await vscode.commands.executeCommand('analystMarkup.reloadRegistry');
    reloads.push(now() - t);
  }
  return {
    times: {
      alreadyActive,
      activateAwaitMs: round(activateAwaitMs),
      readyAwaitMs: round(readyAwaitMs),
      vscode: vscodeTimes,
      registryReloadMs: median(reloads),
    },
    api,
  };
}

// ---------------------------------------------------------------------------------------------

interface Target {
  line: number;
  /** Start character of the last mention on the line, which every keystroke typed before it moves. */
  lastChar: number;
}

/** A line with at least two single-line highlights, the last of them past column 40. */
function lineWithMentions(list: Highlight[], from: number, lineCount: number): Target {
  const byLine = new Map<number, number[]>();
  for (const h of list) {
    if (h.range[0] !== h.range[2]) continue;
    const chars = byLine.get(h.range[0]) ?? [];
    chars.push(h.range[1]);
    byLine.set(h.range[0], chars);
  }
  for (let line = from; line < lineCount; line++) {
    const chars = byLine.get(line);
    if (chars && chars.length >= 2 && Math.max(...chars) > 40) return { line, lastChar: Math.max(...chars) };
  }
  throw new Error(`no line from ${from} on with two mentions`);
}

export async function runEditorTimings(log: (s: string) => void = (s) => console.log(`[bench] ${s}`)): Promise<Record<string, unknown>> {
  const started = now();
  const meter = new StallMeter();
  meter.start();
  const stamps = new Stamps(meter);
  const created: vscode.Uri[] = [];
  const registryFile = workspaceUri('entities.yaml');
  const registryOriginal = await readText(registryFile);
  const profiles: Record<string, ProfileSummary | null> = {};
  const result: Record<string, unknown> = {
    env: {
      vscode: vscode.version,
      node: process.versions.node,
      platform: `${process.platform} ${process.arch}`,
      cpus: os.cpus().length,
      loadavg: os.loadavg().map((l) => round(l)),
    },
    profiles,
  };

  /** Opens and shows a big document (at `line`, if given); resolves once it is highlighted. */
  const openBig = async (uri: vscode.Uri, poll: boolean, line?: number) => {
    stamps.reset();
    const key = uri.toString();
    const t0 = now();
    const doc = await vscode.workspace.openTextDocument(uri);
    const tOpened = now();
    const tShow = now();
    const selection = line === undefined ? undefined : new vscode.Range(line, 0, line, 0);
    const showing = vscode.window.showTextDocument(doc, { preview: false, selection });
    let first: { value: Highlight[]; at: number } | undefined;
    if (poll) {
      first = await until(
        'first highlights of the big document',
        async () => {
          const list = await highlights(uri);
          return list.length > 0 ? list : undefined;
        },
        2,
        60_000,
      );
    }
    const editor = await showing;
    const tShown = now();
    if (!poll) await until('the active-editor event', () => (stamps.active.length > 0 ? true : undefined), 2, 60_000);
    await roundTrip(1);
    const tApplied = now();
    // The first moment our decorations covered the lines the editor shows once settled.
    await sleep(300);
    const settledVisible = editor.visibleRanges.map((r): [number, number] => [r.start.line, r.end.line]);
    const highlighted = (await until('highlights covering the visible lines', () => stamps.firstHighlighted(uri, settledVisible), 5, 30_000)).value;
    const opened = stamps.opened.get(key);
    const visible = stamps.visible[0];
    const active = stamps.active[stamps.active.length - 1];
    const end = first?.at ?? tApplied;
    const timings = {
      chars: doc.getText().length,
      lines: doc.lineCount,
      mentions: first?.value.length ?? null,
      openTextDocumentMs: round(tOpened - t0),
      openTaskMs: opened ? round(opened.taskMs) : null,
      showTextDocumentMs: round(tShown - tShow),
      // The target: showTextDocument -> our decorations set, current, covering every visible line.
      showToHighlightsMs: round(highlighted.stamp.at - tShow),
      // ... of which: the workbench opening the editor until its extension-host task began,
      showToEditorInHostMs: round(highlighted.stamp.at - highlighted.stamp.taskMs - tShow),
      // ... and that extension-host task until our decorations were set (VS Code's own work included).
      highlightsTaskMs: round(highlighted.stamp.taskMs),
      highlightedLines: highlighted.shown.lines ?? null,
      visibleLines: settledVisible,
      visibleLinesInHostThen: highlighted.shown.visible,
      highlightsInWindow: highlighted.shown.count,
      showToFirstRenderMs: visible ? round(visible.at - tShow) : null,
      firstRenderTaskMs: visible ? round(visible.taskMs) : null,
      showToActiveRenderMs: active ? round(active.at - tShow) : null,
      activeRenderTaskMs: active ? round(active.taskMs) : null,
      showToFirstHighlightsMs: first ? round(first.at - tShow) : null,
      openToFirstHighlightsMs: first ? round(first.at - t0) : null,
      showToWorkbenchAppliedMs: round(tApplied - tShow),
      stalls: meter.between(t0, end),
    };
    return { doc, editor, highlights: first?.value ?? [], timings };
  };

  /**
   * The baseline: the workbench showing a 5 MB document the extension does not highlight (a
   * `.log` file): how long until the editor reaches the extension host, which no extension can
   * shorten. Measured first, when the workbench opens its first big editor of the session.
   */
  const openBaseline = async (uri: vscode.Uri) => {
    stamps.reset();
    const doc = await vscode.workspace.openTextDocument(uri);
    const tShow = now();
    await vscode.window.showTextDocument(doc, { preview: false });
    const tShown = now();
    const visible = (await until('the visible-editor event', () => stamps.visible[0], 2, 60_000)).value;
    return {
      languageId: doc.languageId,
      chars: doc.getText().length,
      showTextDocumentMs: round(tShown - tShow),
      showToEditorInHostMs: round(visible.at - visible.taskMs - tShow),
    };
  };

  /** Whether the highlights shown in `uri`'s editor are exactly a full scan's mentions on the lines they cover. */
  const highlightsMatchFullScan = async (
    registry: Registry,
    doc: vscode.TextDocument,
  ): Promise<{ exact: boolean; lines: [number, number][] | null; shown: number; expected: number }> => {
    const uri = doc.uri.toString();
    const shown = (await vscode.commands.executeCommand<HighlightedLines[]>('analystMarkup.internal.highlightedLines'))?.find((l) => l.uri === uri);
    const lines = shown?.lines;
    const offsets = (lines ?? [[0, doc.lineCount - 1]]).map(([first, last]) => [
      doc.offsetAt(new vscode.Position(first, 0)),
      last + 1 < doc.lineCount ? doc.offsetAt(new vscode.Position(last + 1, 0)) : Infinity,
    ]);
    const key = (r: vscode.Range) => `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;
    const expected = scanAll(registry.matcher, doc.getText())
      .mentions.filter((m) => offsets.some(([from, to]) => m.end > from && m.start < to) && registry.entities.has(m.entityId))
      .map((m) => key(new vscode.Range(doc.positionAt(m.start), doc.positionAt(m.end))));
    const actual = (await highlights(doc.uri)).map((h) => key(new vscode.Range(h.range[0], h.range[1], h.range[2], h.range[3]))).sort();
    const exact = shown?.current === true && JSON.stringify(actual) === JSON.stringify([...expected].sort());
    return { exact, lines: lines ?? null, shown: actual.length, expected: expected.length };
  };

  /** Types single characters into a line, one at a time, each after everything settled. */
  const typeInto = async (ed: vscode.TextEditor, target: Target, count: number, verify = true) => {
    const uri = ed.document.uri;
    const raw: number[] = [];
    const edit: number[] = [];
    const changeAt: number[] = [];
    const changeTask: number[] = [];
    const changeToRendered: number[] = [];
    const renderTask: number[] = [];
    const applied: number[] = [];
    const blocked: number[] = [];
    const samples: { rawMs: number; stalls: { at: number; ms: number }[] }[] = [];
    let late = 0;
    for (let k = 0; k < count; k++) {
      await sleep(SETTLE_MS);
      stamps.reset(uri);
      const ch = TYPED[k % TYPED.length];
      const t0 = now();
      const ok = await ed.edit((b) => b.insert(new vscode.Position(target.line, k), ch), { undoStopBefore: false, undoStopAfter: false });
      const tEdit = now();
      if (!ok) throw new Error('an edit was not applied');
      await stamps.rendersDone(1);
      const change = stamps.changes[0];
      let rendered = stamps.renders[0].at;
      await roundTrip(100 + k);
      const tApplied = now();
      const tCheck = now();
      if (verify) {
        // The last mention of the line has moved by the k + 1 characters typed before it.
        const expected = target.lastChar + k + 1;
        const reflects = async () => ((await highlights(uri)).some((h) => h.range[0] === target.line && h.range[1] === expected) ? true : undefined);
        if (!(await reflects())) {
          late++;
          rendered = (await until('the keystroke in the highlights', reflects, 2, 10_000)).at;
        }
      }
      const tChecked = now();
      raw.push(rendered - t0);
      edit.push(tEdit - t0);
      changeAt.push(change.at - t0);
      changeTask.push(change.taskMs);
      changeToRendered.push(rendered - change.at);
      renderTask.push(stamps.renders[0].taskMs);
      applied.push(tApplied - t0);
      await sleep(Math.max(0, SETTLE_MS - (now() - t0)));
      // Without our own check (the highlights command builds an object per highlight).
      const stalls = meter.between(t0, t0 + SETTLE_MS).filter((s) => s.at < tCheck - t0 - 1 || s.at >= tChecked - t0);
      blocked.push(stalls.reduce((sum, s) => sum + s.ms, 0));
      samples.push({ rawMs: round(rendered - t0), stalls });
    }
    const mid = [...samples].sort((a, b) => a.rawMs - b.rawMs)[Math.floor(samples.length / 2)];
    return {
      keystrokes: count,
      line: target.line,
      rawMs: stats(raw),
      renderTaskMs: stats(renderTask),
      changeToRenderedMs: stats(changeToRendered),
      changeEventMs: stats(changeAt),
      changeTaskMs: stats(changeTask),
      editRoundTripMs: stats(edit),
      appliedMs: stats(applied),
      blockedMsPer550ms: stats(blocked),
      lateSamples: late,
      typicalStalls: mid?.stalls ?? [],
    };
  };

  // The web workbench (code-server) saves after a delay by default; the desktop does not. Saving a
  // 5 MB document while typing adds work that is not the highlighter's: measure without it.
  const files = vscode.workspace.getConfiguration('files');
  const autoSave = files.inspect<string>('autoSave');
  (result.env as Record<string, unknown>).filesAutoSave = autoSave?.globalValue ?? autoSave?.defaultValue;
  await files.update('autoSave', 'off', vscode.ConfigurationTarget.Global);
  try {
    await closeAllEditors();

    // 1. Activation ----------------------------------------------------------------------------
    log('activation');
    const { times, api } = await activationTimes(log);
    result.activation = times;

    // 2. First highlights of a 5 MB document ---------------------------------------------------
    log('5 MB document: the workbench alone (baseline)');
    const baselineUri = workspaceUri('bench', 'five-mb.log');
    created.push(baselineUri);
    await writeText(baselineUri, generateText(BIG_CHARS, 9));
    await sleep(300);
    result.open5mbBaseline = await openBaseline(baselineUri);
    await closeAllEditors();
    await sleep(SETTLE_MS);
    log('5 MB document: open');
    const bigUri = workspaceUri('bench', 'five-mb.txt');
    created.push(bigUri);
    await writeText(bigUri, generateText(BIG_CHARS, 1));
    await sleep(300);
    const big = await openBig(bigUri, true);
    const { doc, editor } = big;
    result.open5mb = big.timings;
    log(`5 MB document: ${big.highlights.length} highlights, first highlights ${big.timings.showToHighlightsMs} ms after showTextDocument`);
    await sleep(SETTLE_MS);
    // The lines to type in: from the settled highlights (the first ones cover the visible lines only).
    const settledHighlights = await highlights(bigUri);

    // 3. What the pieces cost on the 5 MB text -------------------------------------------------
    log('5 MB document: costs of the pieces');
    const registry = await buildRegistry();
    (result.open5mb as Record<string, unknown>).highlightsEqualFullScan = await highlightsMatchFullScan(registry, doc);
    const text = doc.getText();
    const lines = text.split('\n');
    const join = timed(5, () => lines.join('\n'));
    const fullScan = timed(3, () => scanAll(registry.matcher, text));
    const mentions = fullScan.value.mentions;
    const blocks = timed(5, () => attributeBlockRanges(text));
    const markup = timed(3, () => parseMarkup(text));
    const stub = {
      get registry() {
        return registry;
      },
    } as unknown as RegistryService;
    const replica = new MentionIndex(stub);
    const replicaCold = timed(1, () => replica.mentions(doc));
    const replicaCached = timed(5, () => replica.mentions(doc));
    const ranges = timed(3, () => mentions.map((m) => new vscode.Range(doc.positionAt(m.start), doc.positionAt(m.end))));
    // setDecorations with every range, on a decoration type of our own (no style), then cleared.
    const probe = vscode.window.createTextEditorDecorationType({});
    let t = now();
    editor.setDecorations(probe, ranges.value);
    const setDecorationsMs = now() - t;
    await roundTrip(2);
    const setDecorationsAppliedMs = now() - t;
    t = now();
    editor.setDecorations(probe, []);
    await roundTrip(3);
    const clearDecorationsAppliedMs = now() - t;
    probe.dispose();
    t = now();
    await roundTrip(4);
    const roundTripMs = now() - t;
    t = now();
    const apiMentions = await api.mentions(bigUri);
    const apiMentionsCachedMs = now() - t;
    t = now();
    await highlights(bigUri);
    const highlightsCommandMs = now() - t;
    result.costs5mb = {
      mentions: mentions.length,
      apiMentions: apiMentions.length,
      tags: markup.value.spans.length,
      getTextJoinMs: join.ms,
      fullScanMs: fullScan.ms,
      attributeBlockRangesMs: blocks.ms,
      parseMarkupMs: markup.ms,
      mentionIndexColdMs: round(replicaCold.ms),
      mentionIndexCachedMs: replicaCached.ms,
      positionAtAndRangesMs: ranges.ms,
      setDecorationsCallMs: round(setDecorationsMs),
      setDecorationsAppliedMs: round(setDecorationsAppliedMs),
      clearDecorationsAppliedMs: round(clearDecorationsAppliedMs),
      workbenchRoundTripMs: round(roundTripMs),
      apiMentionsCachedMs: round(apiMentionsCachedMs),
      highlightsCommandMs: round(highlightsCommandMs),
    };
    await sleep(SETTLE_MS);

    // 4a. Keystrokes in the 5 MB document: edit -> re-rendered ---------------------------------
    log('5 MB document: keystrokes');
    const target1 = lineWithMentions(settledHighlights, 10, doc.lineCount); /* inside the highlighted window of a big document */
    result.keystroke5mb = await typeInto(editor, target1, KEYSTROKES);

    // 4b. Keystrokes in the 5 MB document: the work, piece by piece ----------------------------
    log('5 MB document: keystroke work');
    replica.mentions(doc); // in step with the document
    const work = {
      mentionIndexIncremental: [] as number[],
      attributeBlockRanges: [] as number[],
      positionAtAndRanges: [] as number[],
      parseMarkup: [] as number[],
      apiMentionsAfterEdit: [] as number[],
    };
    // Registered after the extension's and the replica's listeners: both have noted the edit.
    const workListener = vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.document !== doc || e.contentChanges.length === 0) return;
      void (async () => {
        // Before any timer (the highlighter's included): the extension's index is still behind.
        let t = now();
        const list = await api.mentions(bigUri);
        work.apiMentionsAfterEdit.push(now() - t);
        t = now();
        const ms = replica.mentions(doc); // the extension's MentionIndex code, a private instance
        work.mentionIndexIncremental.push(now() - t);
        const current = doc.getText();
        t = now();
        attributeBlockRanges(current);
        work.attributeBlockRanges.push(now() - t);
        t = now();
        for (const m of ms) new vscode.Range(doc.positionAt(m.start), doc.positionAt(m.end));
        work.positionAtAndRanges.push(now() - t);
        t = now();
        parseMarkup(current);
        work.parseMarkup.push(now() - t);
        if (list.length !== ms.length) log(`mention counts differ after an edit: api ${list.length}, replica ${ms.length}`);
      })();
    });
    const target2 = lineWithMentions(settledHighlights, 60, doc.lineCount);
    try {
      await typeInto(editor, target2, 10, false);
    } finally {
      workListener.dispose();
      replica.dispose();
    }
    result.keystrokeWork5mb = Object.fromEntries(Object.entries(work).map(([k, v]) => [`${k}Ms`, stats(v)]));

    // 4c. Keystrokes in the 5 MB document under the profiler ----------------------------------
    log('5 MB document: keystrokes, profiled');
    const target3 = lineWithMentions(settledHighlights, 110, doc.lineCount);
    const typedProfiled = await profiled(log, () => typeInto(editor, target3, 8, false));
    profiles.keystrokes5mb = typedProfiled.profile;
    result.dirtyAfterTyping = doc.isDirty; // false: something saved the document while typing
    result.keystroke5mbProfiled = {
      rawMs: typedProfiled.value.rawMs,
      renderTaskMs: typedProfiled.value.renderTaskMs,
      changeTaskMs: typedProfiled.value.changeTaskMs,
    };
    await closeAllEditors();
    await sleep(SETTLE_MS);

    // 2b. Another 5 MB document, opened under the profiler ------------------------------------
    log('5 MB document: open, profiled');
    const big2Uri = workspaceUri('bench', 'five-mb-2.txt');
    created.push(big2Uri);
    await writeText(big2Uri, generateText(BIG_CHARS, 2));
    await sleep(300);
    const big2 = await profiled(log, () => openBig(big2Uri, false));
    profiles.open5mb = big2.profile;
    result.open5mbProfiled = big2.value.timings;
    await closeAllEditors();
    await sleep(SETTLE_MS);

    // 2c. Another 5 MB document, shown at its middle -----------------------------------------
    log('5 MB document: open at its middle');
    const big3Uri = workspaceUri('bench', 'five-mb-3.txt');
    created.push(big3Uri);
    await writeText(big3Uri, generateText(BIG_CHARS, 3));
    await sleep(300);
    const big3 = await openBig(big3Uri, false, 13_000);
    await sleep(SETTLE_MS);
    result.open5mbMiddle = { ...big3.timings, highlightsEqualFullScan: await highlightsMatchFullScan(registry, big3.doc) };
    await closeAllEditors();
    await sleep(SETTLE_MS);

    // 5. 20 visible editors -------------------------------------------------------------------
    log(`${EDITORS} visible editors`);
    const docs: vscode.TextDocument[] = [];
    const small: vscode.Uri[] = [];
    for (let i = 0; i <= EDITORS; i++) {
      const uri = workspaceUri('bench', `editor-${String(i + 1).padStart(2, '0')}.txt`);
      created.push(uri);
      small.push(uri);
      await writeText(uri, generateText(SMALL_CHARS, 100 + i, true));
    }
    const rows = 4;
    const columns = EDITORS / rows;
    await vscode.commands.executeCommand('vscode.setEditorLayout', {
      orientation: 1,
      groups: Array.from({ length: rows }, () => ({ groups: Array.from({ length: columns }, () => ({})) })),
    });
    const tOpen = now();
    for (const uri of small) docs.push(await vscode.workspace.openTextDocument(uri));
    for (let i = 0; i < EDITORS; i++) await vscode.window.showTextDocument(docs[i], { viewColumn: i + 1, preserveFocus: i > 0, preview: false });
    const tAllShown = now();
    const uris = docs.slice(0, EDITORS).map((d) => d.uri.toString());
    const allHighlighted = await until(
      'highlights in every editor',
      async () => {
        const shown = new Set((await highlights()).map((h) => h.uri));
        return uris.every((u) => shown.has(u)) ? true : undefined;
      },
      5,
      30_000,
    );
    const visibleCount = vscode.window.visibleTextEditors.length;
    const all = await highlights();
    const perDoc = uris.map((u) => all.filter((h) => h.uri === u).length);
    await sleep(SETTLE_MS);

    // A change of the visible editors re-renders every visible editor.
    const visibleChange: number[] = [];
    const visibleChangeAt: number[] = [];
    for (let i = 0; i < 6; i++) {
      stamps.reset();
      const t0 = now();
      await vscode.window.showTextDocument(docs[i % 2 === 0 ? EDITORS : EDITORS - 1], {
        viewColumn: EDITORS as vscode.ViewColumn,
        preserveFocus: true,
        preview: false,
      });
      await sleep(50);
      const s = stamps.visible[0];
      if (s) {
        visibleChange.push(s.taskMs);
        visibleChangeAt.push(s.at - t0);
      }
      await sleep(250);
    }
    // The 20th group shows its own document again.
    await vscode.window.showTextDocument(docs[EDITORS - 1], { viewColumn: EDITORS as vscode.ViewColumn, preserveFocus: true, preview: false });
    await sleep(SETTLE_MS);

    // A registry change on disk: alias "Persia" for Iran, then back.
    const persiaAt = docs.slice(0, EDITORS).map((d) => {
      const p = d.positionAt(d.getText().indexOf('say Persia ') + 'say '.length); // not in "Persian-language"
      return { uri: d.uri.toString(), line: p.line, character: p.character };
    });
    const shownIn = (list: Highlight[]) =>
      persiaAt.filter((p) => list.some((h) => h.uri === p.uri && h.range[0] === p.line && h.range[1] === p.character)).length;
    const withAlias = registryOriginal.replace(
      '  - id: iran\n    name: Iran\n    type: state\n',
      '  - id: iran\n    name: Iran\n    type: state\n    aliases: [Persia]\n',
    );
    if (withAlias === registryOriginal) throw new Error('could not add the alias to entities.yaml');
    const changes = [
      ['add alias', withAlias, EDITORS],
      ['remove alias', registryOriginal, 0],
      ['add alias', withAlias, EDITORS],
      ['remove alias', registryOriginal, 0],
    ] as const;
    const registryChanges: { change: string; diskToAllEditorsMs: number | null; biggestStallMs: number; error?: string }[] = [];
    for (const [change, content, expected] of changes) {
      const t0 = now();
      await writeText(registryFile, content);
      try {
        const found = await until(`${change} in every editor`, async () => (shownIn(await highlights()) === expected ? true : undefined), 5, 15_000);
        const stalls = meter.between(t0, found.at);
        registryChanges.push({ change, diskToAllEditorsMs: round(found.at - t0), biggestStallMs: round(Math.max(0, ...stalls.map((s) => s.ms))) });
      } catch (error) {
        registryChanges.push({
          change,
          diskToAllEditorsMs: null,
          biggestStallMs: 0,
          error: `${String(error)}; the alias is highlighted in ${shownIn(await highlights())} of ${EDITORS} editors`,
        });
      }
      await sleep(SETTLE_MS);
    }
    // Once more under the profiler, waiting without polling.
    const registryProfiled = await profiled(log, async () => {
      await writeText(registryFile, withAlias);
      await sleep(1500);
      await writeText(registryFile, registryOriginal);
      await sleep(1500);
    });
    profiles.registryChange20 = registryProfiled.profile;
    // The same rebuild through the reload command, which re-renders synchronously.
    const reloads: number[] = [];
    for (let i = 0; i < 3; i++) {
      const t0 = now();
      await vscode.commands.executeCommand('analystMarkup.reloadRegistry');
      reloads.push(now() - t0);
      await sleep(300);
    }
    // A keystroke in one of the 20 editors.
    const ed0 = vscode.window.visibleTextEditors.find((e) => e.document === docs[0]);
    const keystroke20 = ed0 ? await typeInto(ed0, lineWithMentions(await highlights(docs[0].uri), 0, docs[0].lineCount), 5) : null;
    result.editors20 = {
      visibleEditors: visibleCount,
      charsPerDocument: docs[0].getText().length,
      mentionsPerDocument: stats(perDoc),
      showAllMs: round(tAllShown - tOpen),
      showAllToHighlightsMs: round(allHighlighted.at - tOpen),
      visibleChangeRenderTaskMs: stats(visibleChange),
      visibleChangeToRenderedMs: stats(visibleChangeAt),
      registryChanges,
      reloadRegistryMs: median(reloads),
      keystroke: keystroke20,
    };
  } catch (error) {
    // Whatever was measured so far is still reported.
    result.error = error instanceof Error ? (error.stack ?? error.message) : String(error);
    log(`failed: ${String(error)}`);
  } finally {
    log('cleaning up');
    try {
      await closeAllEditors();
      await vscode.commands.executeCommand('workbench.action.editorLayoutSingle');
      await files.update('autoSave', autoSave?.globalValue, vscode.ConfigurationTarget.Global);
      if ((await readText(registryFile)) !== registryOriginal) await writeText(registryFile, registryOriginal);
      for (const uri of created) await vscode.workspace.fs.delete(uri).then(undefined, () => undefined);
      await vscode.workspace.fs.delete(workspaceUri('bench'), { recursive: true }).then(undefined, () => undefined);
    } catch (error) {
      log(`cleanup failed: ${String(error)}`);
    }
    stamps.dispose();
    meter.stop();
  }
  result.totalMs = Math.round(now() - started);
  return result;
}
