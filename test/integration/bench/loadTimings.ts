// Load (issue 15): a registry of many entities in the one-file-per-entity layout, 200 open
// editors, and thousands of registry files changed at once (a branch switch). Measured in the
// real extension host next to the editor timings (`npm run bench:editor`): the longest task of
// the extension host (a 0 ms timer loop notes every stretch it was busy), memory, how long until
// the registry and the highlights follow, and whether the highlights are correct afterwards.
//
//   ANALYST_MARKUP_BENCH_LOAD_ENTITIES  entities (default 200000); ANALYST_MARKUP_BENCH_LOAD=0 skips
//   ANALYST_MARKUP_BENCH_LOAD_CHANGED   files changed at once (default 10000)
//   ANALYST_MARKUP_BENCH_LOAD_EDITORS   open editors (default 200)
//   ANALYST_MARKUP_BENCH_LOAD_PROFILE   a folder: a CPU profile of the extension host (load.cpuprofile)
//                                       and its busy stretches over 50 ms (load-stretches.json), to
//                                       tell what each long task was (scripts/long-tasks.mjs), and a
//                                       heap snapshot after the files were deleted again (what is still held)
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { PerformanceObserver } from 'perf_hooks';
import * as vscode from 'vscode';
import type { AnalystMarkupApi } from '../../../src/vscode/api';
import { closeAllEditors, EXTENSION_ID, highlights, workspaceUri } from '../helpers';
import { memoryAfterFullGc, startProfile, stopProfile, writeHeapSnapshot } from './profile';

const now = () => performance.now();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const round = (x: number) => Math.round(x * 10) / 10;
const mb = (bytes: number) => Math.round(bytes / (1024 * 1024));

/** A busy stretch: its phase, start and end (µs), and the garbage collection in it (tasks over 100 ms). */
interface Stretch {
  phase: string;
  startUs: number;
  endUs: number;
  gcMs?: number;
  gc?: string;
}

/** The extension host's busy stretches (a 0 ms timer that did not get to run). */
class TaskMeter {
  private last = now();
  /** The process's CPU time (all its threads, µs) when the last task began: a stretch with little of it was a wait for a core. */
  private lastCpu = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  longest = 0;
  phase = 'start';
  /** The largest heap and RSS seen (sampled about every 250 ms). */
  private peak = { heapUsedMb: 0, rssMb: 0 };
  private lastSample = 0;
  /** Stretches over 50 ms: the phase, start and end in microseconds of the monotonic clock (a CPU profile's). */
  readonly stretches: Stretch[] = [];
  /** The tasks over 100 ms since the last reset: start and end on performance.now()'s clock. */
  private long: Array<{ start: number; end: number; cpuMs: number; stretch: Stretch }> = [];
  /** V8's garbage collections (node:perf_hooks 'gc' entries): start, duration and kind. */
  private gcs: Array<{ start: number; duration: number; kind: number }> = [];
  private readonly gcObserver = new PerformanceObserver((list) => {
    for (const e of list.getEntries())
      this.gcs.push({ start: e.startTime, duration: e.duration, kind: (e as { detail?: { kind?: number } }).detail?.kind ?? 0 });
  });

  start(): void {
    this.gcObserver.observe({ entryTypes: ['gc'] });
    this.last = now();
    this.lastCpu = cpuMicros();
    const tick = () => {
      const t = now();
      const cpu = cpuMicros();
      const busy = t - this.last;
      if (busy > this.longest) this.longest = busy;
      if (t - this.lastSample > 250) {
        this.lastSample = t;
        const m = memory();
        this.peak = { heapUsedMb: Math.max(this.peak.heapUsedMb, m.heapUsedMb), rssMb: Math.max(this.peak.rssMb, m.rssMb) };
      }
      if (busy > 50) {
        const endUs = Number(process.hrtime.bigint() / 1000n);
        const stretch = { phase: this.phase, startUs: Math.round(endUs - busy * 1000), endUs };
        this.stretches.push(stretch);
        if (busy > 100) this.long.push({ start: this.last, end: t, cpuMs: (cpu - this.lastCpu) / 1000, stretch });
      }
      this.last = t;
      this.lastCpu = cpu;
      this.timer = setTimeout(tick, 0);
    };
    this.timer = setTimeout(tick, 0);
  }

  /**
   * The longest task and the tasks over 100 ms since the last reset, each with the time V8's
   * garbage collector spent in it (major: mark-compact; minor: scavenges; incremental marking steps).
   */
  take(nextPhase?: string): {
    longestTaskMs: number;
    tasksOver100Ms: number;
    gcMsInLongTasks: number;
    longTasks: Array<{ ms: number; cpuMs: number; gcMs: number; gc: string }>;
    peakMemory: { heapUsedMb: number; rssMb: number };
  } {
    if (nextPhase) this.phase = nextPhase;
    const longTasks = this.long.map(({ start, end, cpuMs, stretch }) => {
      let gcMs = 0;
      const kinds = new Map<string, number>();
      for (const gc of this.gcs) {
        const overlap = Math.min(end, gc.start + gc.duration) - Math.max(start, gc.start);
        if (overlap <= 0) continue;
        gcMs += overlap;
        const kind = GC_KINDS.get(gc.kind) ?? `kind ${gc.kind}`;
        kinds.set(kind, (kinds.get(kind) ?? 0) + overlap);
      }
      const gc = [...kinds].map(([kind, ms]) => `${kind} ${Math.round(ms)}`).join(', ');
      stretch.gcMs = round(gcMs);
      stretch.gc = gc;
      return { ms: round(end - start), cpuMs: round(cpuMs), gcMs: round(gcMs), gc };
    });
    const out = {
      longestTaskMs: round(this.longest),
      tasksOver100Ms: longTasks.length,
      gcMsInLongTasks: round(longTasks.reduce((sum, t) => sum + t.gcMs, 0)),
      longTasks,
      peakMemory: this.peak,
    };
    this.peak = { heapUsedMb: 0, rssMb: 0 };
    this.longest = 0;
    this.long = [];
    this.gcs = [];
    return out;
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.gcObserver.disconnect();
  }
}

/** node:perf_hooks' gc kinds (constants.NODE_PERFORMANCE_GC_*). */
const GC_KINDS = new Map([
  [1, 'minor'],
  [2, 'major'],
  [4, 'incremental'],
  [8, 'weak callbacks'],
]);

/** CPU time of this process so far (user + system, all threads: V8's GC helpers too), in µs. */
function cpuMicros(): number {
  const { user, system } = process.cpuUsage();
  return user + system;
}

function memory(): { heapUsedMb: number; rssMb: number } {
  const m = process.memoryUsage();
  return { heapUsedMb: mb(m.heapUsed), rssMb: mb(m.rss) };
}

/** A name that is one made-up word, so that it is matched only where it is meant. */
const nameOf = (i: number, generation: number) => `Qx${generation === 0 ? 'a' : 'b'}${i.toString(36)}`;

/**
 * Writes (or with generation -1 deletes) the entity files load-0 … load-(count-1) in `folder`
 * from another process, as `git` would: written from the extension host, the writes' own work
 * and garbage (200,000 file handles and buffers) were tasks of 100-400 ms counted as the extension's.
 */
function writeEntitiesOutside(folder: string, count: number, generation: number): Promise<void> {
  const script = `
    const fs = require('fs'), path = require('path');
    const [folder, count, generation] = [process.argv[1], Number(process.argv[2]), Number(process.argv[3])];
    const nameOf = (i) => 'Qx' + (generation === 0 ? 'a' : 'b') + i.toString(36);
    let next = 0;
    const worker = async () => {
      while (next < count) {
        const i = next++;
        const file = path.join(folder, 'load-' + i + '.yaml');
        if (generation < 0) await fs.promises.rm(file, { force: true });
        else await fs.promises.writeFile(file, 'id: load-' + i + '\\nname: ' + nameOf(i) + '\\ntype: person\\n');
      }
    };
    Promise.all(Array.from({ length: 64 }, worker)).then(() => process.exit(0), (e) => { console.error(e); process.exit(1); });`;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', script, folder, String(count), String(generation)], {
      env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`the writer process ended with ${code}: ${stderr}`))));
  });
}

/** Writes file `i` = `fileAt(i)` for i < count, 256 at a time (the few documents; the entity files: writeEntitiesOutside). */
async function writeAll(count: number, fileAt: (i: number) => [string, string], concurrency = 256): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const [file, text] = fileAt(next++);
      await fs.promises.writeFile(file, text);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs: number): Promise<number> {
  const started = now();
  while (!(await check())) {
    if (now() - started > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(100);
  }
  return now() - started;
}

export async function runLoadTimings(log: (s: string) => void): Promise<Record<string, unknown>> {
  const entities = Number(process.env.ANALYST_MARKUP_BENCH_LOAD_ENTITIES ?? 200_000);
  const changed = Math.min(entities, Number(process.env.ANALYST_MARKUP_BENCH_LOAD_CHANGED ?? 10_000));
  const editors = Number(process.env.ANALYST_MARKUP_BENCH_LOAD_EDITORS ?? 200);
  const extension = vscode.extensions.getExtension<AnalystMarkupApi>(EXTENSION_ID)!;
  const api = await extension.activate();
  const root = workspaceUri('bench-load');
  // The registry's own folder, there since the start (as the registry folder is before a branch switch).
  const folder = workspaceUri('entities').fsPath;
  const meter = new TaskMeter();
  // After a full collection, before and after (outside the measured phases: the collection is a long task).
  const result: Record<string, unknown> = { entities, changed, editors, memoryBefore: await memoryAfterFullGc() };
  const profileFolder = process.env.ANALYST_MARKUP_BENCH_LOAD_PROFILE;
  const profiler = profileFolder ? await startProfile() : undefined;
  meter.start();
  meter.phase = 'registryLoad';
  try {
    // 1. The registry: one file per entity, written at once (as a clone or checkout does).
    log(`load: writing ${entities} entity files`);
    fs.mkdirSync(folder, { recursive: true });
    const t0 = now();
    await writeEntitiesOutside(folder, entities, 0);
    const written = now() - t0;
    const loadedMs = await until(
      `${entities} entities in the registry`,
      () => api.entity(`load-${entities - 1}`) !== undefined && api.entity('load-0') !== undefined,
      600_000,
    );
    result.registryLoad = { writeMs: round(written), filesWrittenToRegistryMs: round(loadedMs), ...meter.take('editorsOpen'), memory: memory() };
    log(`load: registry loaded in ${Math.round(loadedMs)} ms`);

    // 2. Open editors, each naming a few of the entities (old and new names of load-0…).
    log(`load: opening ${editors} editors`);
    meter.phase = 'editorsOpen';
    const docsFolder = path.join(root.fsPath, 'docs');
    fs.mkdirSync(docsFolder, { recursive: true });
    const docFiles: Array<[string, string]> = Array.from({ length: editors }, (_, k) => [
      path.join(docsFolder, `doc-${k}.txt`),
      `Report ${k}: ${nameOf(k, 0)} met ${nameOf(k + 1, 0)}; later ${nameOf(k, 1)} said nothing.\n`.repeat(20),
    ]);
    await writeAll(docFiles.length, (i) => docFiles[i]);
    const t1 = now();
    let lastEditor: vscode.TextEditor | undefined;
    for (const [file] of docFiles) lastEditor = await vscode.window.showTextDocument(vscode.Uri.file(file), { preview: false, preserveFocus: true });
    const openedMs = now() - t1;
    const activeUri = lastEditor!.document.uri;
    const k = editors - 1;
    const expectBefore = (await until('highlights in the last editor', async () => (await highlights(activeUri)).length === 40, 60_000)) >= 0;
    result.editorsOpen = { openAllMs: round(openedMs), ...meter.take('branchSwitch'), memory: memory(), highlightsCorrect: expectBefore };

    // 3. A branch switch: `changed` entity files rewritten at once (every name renamed).
    log(`load: ${changed} registry files changed at once`);
    const t2 = now();
    await writeEntitiesOutside(folder, changed, 1);
    const rewriteMs = now() - t2;
    const followedMs = await until(
      'the renamed entities',
      () => api.entity(`load-${changed - 1}`)?.name === nameOf(changed - 1, 1) && api.entity('load-0')?.name === nameOf(0, 1),
      600_000,
    );
    // Highlights afterwards: in the last editor, the new name of load-k (if it was renamed) and
    // the old names of the entities not renamed.
    const renamed = (i: number) => i < changed;
    const expected =
      20 *
      [nameOf(k, 0), nameOf(k + 1, 0), nameOf(k, 1)].filter((name) =>
        name === nameOf(k, 1) ? renamed(k) : name === nameOf(k, 0) ? !renamed(k) : !renamed(k + 1),
      ).length;
    let highlightsCorrect = false;
    let highlightsAfterRegistryMs: number | undefined;
    try {
      highlightsAfterRegistryMs = round(
        await until('highlights after the branch switch', async () => (await highlights(activeUri)).length === expected, 60_000),
      );
      highlightsCorrect = true;
    } catch {
      highlightsCorrect = false;
    }
    result.branchSwitch = {
      rewriteMs: round(rewriteMs),
      diskToRegistryMs: round(followedMs),
      ...meter.take('reload'),
      memory: memory(),
      highlightsExpected: expected,
      highlightsCorrect,
      highlightsAfterRegistryMs,
    };
    log(`load: branch switch followed in ${Math.round(followedMs)} ms`);

    // 4. Reload Registry: what a start with the registry there does, a workspace-wide findFiles
    // (one reply of `entities` URIs), then every file read again and one build.
    log('load: Reload Registry');
    const t3 = now();
    await vscode.commands.executeCommand('analystMarkup.reloadRegistry');
    const reloadMs = now() - t3;
    result.reload = { reloadMs: round(reloadMs), ...meter.take(), memory: memory(), entitiesAfter: api.entity(`load-${entities - 1}`) !== undefined };
    log(`load: reloaded in ${Math.round(reloadMs)} ms`);
  } catch (error) {
    result.error = error instanceof Error ? error.message : String(error);
    log(`load failed: ${String(error)}`);
  } finally {
    log('load: cleaning up');
    meter.take('afterCleanup');
    await closeAllEditors();
    fs.rmSync(root.fsPath, { recursive: true, force: true });
    // Deleted from outside, as `git` would: 200,000 synchronous deletes held the extension host 40 s.
    await writeEntitiesOutside(folder, entities, -1).catch((error: unknown) => log(`load: deleting failed: ${String(error)}`));
    // Every entity, not only the first: the watcher drops events of a burst of deletes too.
    const left = () => {
      let count = 0;
      for (let i = 0; i < entities; i++) if (api.entity(`load-${i}`) !== undefined) count++;
      return count;
    };
    const goneMs = await until('the load entities gone', () => left() === 0, 600_000).catch(() => undefined);
    result.afterCleanup = { ...meter.take(), memory: memory(), allGoneMs: goneMs === undefined ? undefined : round(goneMs), entitiesLeft: left() };
    meter.stop();
    (result.afterCleanup as Record<string, unknown>).memoryAfterFullGc = await memoryAfterFullGc();
    if (profileFolder) {
      fs.mkdirSync(profileFolder, { recursive: true });
      await writeHeapSnapshot(path.join(profileFolder, 'after-cleanup.heapsnapshot'));
      log(`load: heap snapshot written to ${profileFolder}`);
    }
    if (profiler && profileFolder) {
      fs.mkdirSync(profileFolder, { recursive: true });
      fs.writeFileSync(path.join(profileFolder, 'load.cpuprofile'), JSON.stringify(await stopProfile(profiler)));
      fs.writeFileSync(path.join(profileFolder, 'load-stretches.json'), JSON.stringify(meter.stretches));
      log(`load: profile written to ${profileFolder}`);
    }
  }
  return result;
}
