#!/usr/bin/env node
// `npm run bench:editor`: editor timings of the extension in a real VS Code extension host
// (code-server, like the integration suite) next to the issue's targets: activation, first
// highlights of a 5 MB document, a keystroke in it, 20 visible editors.
//
//   node scripts/bench-editor.mjs [--json] [--no-build] [--verbose] [--vscode minimum|current]
//
//   --json       print the raw measurements as JSON on the last line (the table goes to stderr)
//   --no-build   skip `node esbuild.mjs` and `npx tsc -p tsconfig.test.json`
//   --verbose    relay the workbench's console and code-server's log (run-integration --verbose)
//   --vscode     which VS Code (run-integration --vscode): minimum = 1.100 (default), current = 1.117
//
// The measuring happens in test/integration/bench/editorTimings.ts, which
// out/test/integration/index.js runs instead of the tests when ANALYST_MARKUP_BENCH=1; it prints
// one `ANALYST_MARKUP_BENCH {json}` line. The JSON is also written to out/bench-editor.json.
// Takes 1-2 minutes. Times are wall-clock on this machine: compare runs on the same machine.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import { PROJECT_DIR } from './provision-vscode.mjs';

const MARKER = 'ANALYST_MARKUP_BENCH';
const args = process.argv.slice(2);
for (const [at, a] of args.entries()) {
  if (!['--json', '--no-build', '--verbose', '--vscode'].includes(a) && args[at - 1] !== '--vscode') {
    process.stderr.write(`unknown option ${a}\nusage: node scripts/bench-editor.mjs [--json] [--no-build] [--verbose] [--vscode minimum|current]\n`);
    process.exit(2);
  }
}
const json = args.includes('--json');
const out = json ? process.stderr : process.stdout;
const say = (s) => process.stderr.write(`[bench:editor] ${s}\n`);

function run(cmd, cmdArgs, { env, onStdoutLine } = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, cmdArgs, {
      cwd: PROJECT_DIR,
      env: { ...process.env, ...env },
      stdio: ['ignore', onStdoutLine ? 'pipe' : json ? process.stderr : 'inherit', 'inherit'],
    });
    const forward = (sig) => () => child.kill(sig);
    const onInt = forward('SIGINT');
    const onTerm = forward('SIGTERM');
    process.on('SIGINT', onInt);
    process.on('SIGTERM', onTerm);
    if (onStdoutLine) {
      let buffer = '';
      child.stdout.setEncoding('utf8');
      child.stdout.on('data', (chunk) => {
        buffer += chunk;
        let i;
        while ((i = buffer.indexOf('\n')) >= 0) {
          onStdoutLine(buffer.slice(0, i));
          buffer = buffer.slice(i + 1);
        }
      });
      child.stdout.on('end', () => buffer && onStdoutLine(buffer));
    }
    child.on('close', (code, signal) => {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
      resolve(code ?? (signal ? 1 : 0));
    });
  });
}

if (!args.includes('--no-build')) {
  say('building: node esbuild.mjs');
  if ((await run(process.execPath, ['esbuild.mjs'])) !== 0) process.exit(1);
  say('compiling: npx tsc -p tsconfig.test.json');
  if ((await run('npx', ['tsc', '-p', 'tsconfig.test.json'])) !== 0) process.exit(1);
}

let result = null;
say('running in code-server (1-2 minutes)');
const vscodeAt = args.indexOf('--vscode');
const vscodeArgs = vscodeAt >= 0 ? ['--vscode', args[vscodeAt + 1]] : [];
const code = await run(process.execPath, ['scripts/run-integration.mjs', ...(args.includes('--verbose') ? ['--verbose'] : []), ...vscodeArgs], {
  env: {
    ANALYST_MARKUP_BENCH: '1',
    ANALYST_MARKUP_RESULT_FILE: path.join(PROJECT_DIR, 'out', 'bench-editor-run.json'),
    // The load phase at its default size (200,000 files written, rewritten, reloaded, deleted) takes 6–10 minutes.
    ANALYST_MARKUP_TEST_TIMEOUT: process.env.ANALYST_MARKUP_TEST_TIMEOUT || (process.env.ANALYST_MARKUP_BENCH_LOAD === '0' ? '400' : '1800'),
  },
  onStdoutLine: (line) => {
    const i = line.indexOf(MARKER);
    if (
      i >= 0 &&
      line
        .slice(i + MARKER.length)
        .trimStart()
        .startsWith('{')
    ) {
      try {
        result = JSON.parse(line.slice(i + MARKER.length).trim());
        return;
      } catch {
        say(`unparsable ${MARKER} line`);
      }
    }
    process.stderr.write(line + '\n');
  },
});
if (!result) {
  say(`no ${MARKER} line arrived (runner exit code ${code})`);
  process.exit(1);
}
fs.mkdirSync(path.join(PROJECT_DIR, 'out'), { recursive: true });
fs.writeFileSync(path.join(PROJECT_DIR, 'out', 'bench-editor.json'), JSON.stringify(result, null, 2) + '\n');

// ----------------------------------------------------------------------------------------------
// The table.

const ms = (v) => (v === null || v === undefined || Number.isNaN(v) ? 'n/a' : `${Math.round(v * 10) / 10} ms`);
const med = (s) => (s && typeof s === 'object' ? s.median : s);
const spread = (s) => (s && typeof s === 'object' ? `${ms(s.median)} (p90 ${ms(s.p90)}, max ${ms(s.max)}, n=${s.n})` : ms(s));
const rows = [];
const row = (what, value, target, limit) => {
  if (typeof value === 'string') return void rows.push([what, value, target ?? '', '']);
  const v = med(value);
  const verdict = limit === undefined ? '' : v === null || v === undefined || Number.isNaN(v) ? '?' : v <= limit ? 'ok' : 'MISSED';
  rows.push([what, typeof value === 'object' && value !== null ? spread(value) : ms(value), target ?? '', verdict]);
};
const section = (title) => rows.push([title]);

const a = result.activation ?? {};
const vs = a.vscode;
section('Activation');
if (vs) {
  row('load code + activate() (VS Code: Load Code + Call Activate)', (vs.loadCodeMs ?? 0) + (vs.activateCallMs ?? 0), '<= 50 ms', 50);
  row('  activate() alone (Call Activate)', vs.activateCallMs);
  row('  load code (require dist/extension.js)', vs.loadCodeMs);
  row('  until the returned value resolved (Finish Activate)', vs.activateResolvedMs);
} else {
  row('activate() (VS Code times unavailable; extension already active: awaiting activate())', a.activateAwaitMs, '<= 50 ms', 50);
}
row('registry reload: find + read + build (fixture, no editor open)', a.registryReloadMs);

const o = result.open5mb ?? {};
const lines = (l) => (Array.isArray(l) ? `lines ${l.map((w) => w.join('-')).join(', ')}` : 'all lines');
const exact = (x) =>
  x ? (x.exact ? `yes (${x.shown} highlights on ${lines(x.lines)})` : `NO: ${x.shown} shown, ${x.expected} expected on ${lines(x.lines)}`) : 'n/a';
section(`First highlights of a ${((o.chars ?? 0) / 1048576).toFixed(1)} MB document (${o.lines} lines, ${result.costs5mb?.mentions ?? '?'} mentions in all)`);
const base = result.open5mbBaseline;
if (base) {
  row(
    `baseline, measured first: the workbench shows a 5 MB .${base.languageId} document (not highlighted) -> the editor reaches the extension host`,
    base.showToEditorInHostMs,
  );
}
row('showTextDocument -> our highlights set, current, on every visible line', o.showToHighlightsMs, '<= 150 ms', 150);
row('  the workbench: showTextDocument -> the editor reaches the extension host', o.showToEditorInHostMs);
row('  the extension host: that task until the highlights are set (VS Code + our listeners)', o.highlightsTaskMs, '<= 150 ms after it opens in the host', 150);
rows.push([
  `  highlights shown then: ${o.highlightsInWindow} on ${lines(o.highlightedLines)} (visible: ${(o.visibleLines ?? []).map((v) => v.join('-')).join(', ')})`,
  '',
  '',
  '',
]);
rows.push([
  '  highlights equal to a full scan of those lines, once settled',
  exact(o.highlightsEqualFullScan),
  '',
  o.highlightsEqualFullScan?.exact ? 'ok' : '?',
]);
row('  ... until the active-editor listeners are done too', o.showToActiveRenderMs);
row('showTextDocument -> highlights command sees them (2 ms polling)', o.showToFirstHighlightsMs);
row('showTextDocument -> workbench applied the decorations', o.showToWorkbenchAppliedMs);
row('openTextDocument (read 5 MB, sync to the extension host, open listeners)', o.openTextDocumentMs);
row("  open task in the extension host (incl. the extension's open listeners)", o.openTaskMs);
row('openTextDocument -> highlights (user-visible "open a file")', o.openToFirstHighlightsMs);
const om = result.open5mbMiddle;
if (om) {
  row(`the same, shown at line 13000: showTextDocument -> highlights on every visible line`, om.showToHighlightsMs, '<= 150 ms', 150);
  row('  the workbench / the extension-host task', `${om.showToEditorInHostMs} ms / ${om.highlightsTaskMs} ms`);
  rows.push([
    '  highlights equal to a full scan of those lines, once settled',
    exact(om.highlightsEqualFullScan),
    '',
    om.highlightsEqualFullScan?.exact ? 'ok' : '?',
  ]);
}
const op = result.open5mbProfiled;
if (op) row('the same, under the CPU profiler: showTextDocument -> highlights', op.showToHighlightsMs);

const k = result.keystroke5mb ?? {};
const w = result.keystrokeWork5mb ?? {};
section(`A keystroke in the 5 MB document (${k.keystrokes} single-character inserts, each after everything settled)`);
row('highlighter re-render after the debounce (the render task)', k.renderTaskMs, '<= 10 ms', 10);
row('mention index update (MentionIndex.mentions: getText + updateMentions)', w.mentionIndexIncrementalMs, '<= 10 ms', 10);
row('change event -> highlights re-rendered (incl. the 60 ms debounce)', k.changeToRenderedMs, '<= 70 ms (60 + 10)', 70);
row('edit -> highlights re-rendered (editor.edit call to re-rendered)', k.rawMs);
row('  edit -> change event handled (extension host)', k.changeEventMs);
row('  change-event task (every listener, synchronously, per keystroke)', k.changeTaskMs);
row('  editor.edit round trip', k.editRoundTripMs);
row('edit -> workbench applied the new decorations', k.appliedMs);
row('extension host busy per keystroke (tasks > 4 ms within 550 ms)', k.blockedMsPer550ms);
row('  attributeBlockRanges(text) (inside updateMentions)', w.attributeBlockRangesMs);
row('  positionAt x2 + new Range per mention (render)', w.positionAtAndRangesMs);
row('  parseMarkup(text) (tag index, markup decorations and diagnostics)', w.parseMarkupMs);
row('  api.mentions right after an edit (incremental + API conversion)', w.apiMentionsAfterEditMs);
if (k.lateSamples) rows.push([`  (${k.lateSamples} samples were checked late: the timer trick missed them, polled instead)`, '', '', '']);

const c = result.costs5mb ?? {};
section(`Pieces on the whole 5 MB text (${c.mentions} mentions, ${c.tags} tags)`);
row('document.getText() after a change (joining the lines)', c.getTextJoinMs);
row('full scan (scanAll: attribute blocks + matcher)', c.fullScanMs);
row('MentionIndex.mentions, cold (getText + scanAll)', c.mentionIndexColdMs);
row('MentionIndex.mentions, cached', c.mentionIndexCachedMs);
row('attributeBlockRanges(text)', c.attributeBlockRangesMs);
row('parseMarkup(text)', c.parseMarkupMs);
row('positionAt x2 + new Range per mention', c.positionAtAndRangesMs);
row('setDecorations(all ranges): the call', c.setDecorationsCallMs);
row('setDecorations(all ranges) -> workbench applied', c.setDecorationsAppliedMs);
row('setDecorations([]) -> workbench applied', c.clearDecorationsAppliedMs);
row('workbench round trip (setContext), idle', c.workbenchRoundTripMs);
row('api.mentions(uri), cached (API conversion)', c.apiMentionsCachedMs);
row('internal highlights command (test hook)', c.highlightsCommandMs);

const e = result.editors20 ?? {};
section(`${e.visibleEditors} visible editors (${e.charsPerDocument} chars, ~${med(e.mentionsPerDocument)} mentions each)`);
row('visible-editor change -> all re-rendered (the rendering task)', e.visibleChangeRenderTaskMs, '<= 16 ms (a frame)', 16);
row('  showTextDocument -> re-rendered', e.visibleChangeToRenderedMs);
for (const r of e.registryChanges ?? []) {
  if (r.error) {
    rows.push([`registry file on disk (${r.change}) -> all ${e.visibleEditors} editors show it`, 'failed', '', '?']);
    continue;
  }
  row(`registry file on disk (${r.change}) -> all ${e.visibleEditors} editors show it`, r.diskToAllEditorsMs);
  row('  longest extension-host task meanwhile (rebuild + re-render)', r.biggestStallMs, '<= 50 ms', 50);
}
row(`reload registry command (rebuild + re-render ${e.visibleEditors} editors)`, e.reloadRegistryMs);
row('show 20 documents in 20 groups', e.showAllMs);
if (e.keystroke) {
  row('keystroke in one of them: re-render task', e.keystroke.renderTaskMs, '<= 10 ms', 10);
  row('keystroke in one of them: change event -> re-rendered', e.keystroke.changeToRenderedMs, '<= 70 ms (60 + 10)', 70);
  row('keystroke in one of them: edit -> re-rendered', e.keystroke.rawMs);
}

// Issue 15's load (test/integration/bench/loadTimings.ts).
const L = result.load;
if (L) {
  const mem = (m) => (m ? `heap ${m.heapUsedMb} MB, rss ${m.rssMb} MB` : '?');
  // The tasks over 100 ms: how much of them was V8's garbage collection (perf_hooks 'gc' entries), and the peak memory.
  const gcRow = (p) => {
    if (p.peakMemory) rows.push([`  peak memory in the phase: ${mem(p.peakMemory)}`, '', '', '']);
    if (!p.longTasks?.length) return;
    const total = p.longTasks.reduce((sum, t) => sum + t.ms, 0);
    rows.push([`  of those tasks' ${Math.round(total)} ms, garbage collection ${Math.round(p.gcMsInLongTasks)} ms`, '', '', '']);
    // CPU: the process's CPU time in the task (all threads); far below the task's length, the process waited for a core (the machine's load).
    const waited = p.longTasks.filter((t) => t.cpuMs !== undefined && t.cpuMs < t.ms / 2).length;
    rows.push([`  of those tasks, ${waited} had less than half their length in CPU time (waiting for a core)`, '', '', '']);
    for (const t of p.longTasks.slice(0, 16)) rows.push([`    ${t.ms} ms: cpu ${t.cpuMs ?? '?'} ms, gc ${t.gcMs} ms${t.gc ? ` (${t.gc})` : ''}`, '', '', '']);
  };
  section(
    `Load: ${L.entities} entities one file each, ${L.editors} open editors, ${L.changed} registry files changed at once (memory before, after a full GC: ${mem(L.memoryBefore)})`,
  );
  if (L.registryLoad) {
    row(`${L.entities} files written -> all in the registry`, L.registryLoad.filesWrittenToRegistryMs);
    row('  longest extension-host task meanwhile', L.registryLoad.longestTaskMs, '<= 100 ms', 100);
    rows.push([`  tasks over 100 ms: ${L.registryLoad.tasksOver100Ms}; memory then: ${mem(L.registryLoad.memory)}`, '', '', '']);
    gcRow(L.registryLoad);
  }
  if (L.editorsOpen) {
    row(`open ${L.editors} editors`, L.editorsOpen.openAllMs);
    row('  longest extension-host task meanwhile', L.editorsOpen.longestTaskMs, '<= 100 ms', 100);
    rows.push([`  tasks over 100 ms: ${L.editorsOpen.tasksOver100Ms}; memory then: ${mem(L.editorsOpen.memory)}`, '', '', '']);
    gcRow(L.editorsOpen);
  }
  if (L.branchSwitch) {
    row(`${L.changed} files rewritten (a branch switch) -> the registry follows`, L.branchSwitch.diskToRegistryMs);
    row('  longest extension-host task meanwhile', L.branchSwitch.longestTaskMs, '<= 100 ms', 100);
    rows.push([`  tasks over 100 ms: ${L.branchSwitch.tasksOver100Ms}; memory then: ${mem(L.branchSwitch.memory)}`, '', '', '']);
    gcRow(L.branchSwitch);
    rows.push(['  highlights correct afterwards', L.branchSwitch.highlightsCorrect ? 'yes' : 'NO', '', L.branchSwitch.highlightsCorrect ? 'ok' : '?']);
    if (L.branchSwitch.highlightsAfterRegistryMs !== undefined) row('  the registry -> the highlights follow', L.branchSwitch.highlightsAfterRegistryMs);
  }
  if (L.reload) {
    row('  Reload Registry (findFiles of every registry file, all read again)', L.reload.reloadMs);
    row('  longest extension-host task meanwhile', L.reload.longestTaskMs, '<= 100 ms', 100);
    rows.push([`  tasks over 100 ms: ${L.reload.tasksOver100Ms}; memory then: ${mem(L.reload.memory)}`, '', '', '']);
    gcRow(L.reload);
  }
  if (L.afterCleanup)
    rows.push([
      `after the files were deleted again: ${L.afterCleanup.entitiesLeft ?? '?'} entities left${L.afterCleanup.allGoneMs !== undefined ? ` (all gone ${Math.round(L.afterCleanup.allGoneMs)} ms after the deletes)` : ''}; memory ${mem(L.afterCleanup.memory)}${L.afterCleanup.memoryAfterFullGc ? `, after a full GC ${mem(L.afterCleanup.memoryAfterFullGc)}` : ''}, longest task ${L.afterCleanup.longestTaskMs} ms`,
      '',
      '',
      '',
    ]);
  if (L.error) rows.push([`load stopped early: ${L.error}`, '', '', '?']);
}

const widths = [0, 0, 0, 0];
for (const r of rows) if (r.length > 1) r.forEach((cell, i) => (widths[i] = Math.max(widths[i], String(cell).length)));
const env = result.env ?? {};
out.write(
  `\nEditor timings — VS Code ${env.vscode} (code-server), Node ${env.node}, ${env.cpus} CPUs, load ${(env.loadavg ?? []).join(' ')}; ${Math.round((result.totalMs ?? 0) / 1000)} s in the extension host; files.autoSave ${env.filesAutoSave} turned off for the run\n`,
);
for (const r of rows) {
  if (r.length === 1) out.write(`\n${r[0]}\n`);
  else out.write(`  ${r[0].padEnd(widths[0])}  ${r[1].padStart(widths[1])}  ${r[2].padEnd(widths[2])}  ${r[3]}\n`.replace(/\s+\n$/, '\n'));
}
if (k.typicalStalls?.length) {
  out.write(`\nExtension-host tasks > 4 ms after a typical keystroke in the 5 MB document (ms after the edit: duration):\n  `);
  out.write(k.typicalStalls.map((s) => `+${Math.round(s.at)}: ${Math.round(s.ms)}`).join(', ') + '\n');
}
if (o.stalls?.length) {
  out.write(`Extension-host tasks > 4 ms while opening the 5 MB document (ms after openTextDocument: duration):\n  `);
  out.write(o.stalls.map((s) => `+${Math.round(s.at)}: ${Math.round(s.ms)}`).join(', ') + '\n');
}
// ----------------------------------------------------------------------------------------------
// CPU profiles: positions in dist/extension.js mapped back to src/ through its source map.

function sourceMapper(file) {
  let map;
  try {
    map = JSON.parse(fs.readFileSync(file + '.map', 'utf8'));
  } catch {
    return (line, column) => `${path.basename(file)}:${line}:${column}`;
  }
  const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  const vlq = (segment) => {
    const values = [];
    let value = 0;
    let shift = 0;
    for (const ch of segment) {
      const digit = B64.indexOf(ch);
      value += (digit & 31) << shift;
      if (digit & 32) shift += 5;
      else {
        values.push(value & 1 ? -(value >>> 1) : value >>> 1);
        value = 0;
        shift = 0;
      }
    }
    return values;
  };
  const lines = [];
  let source = 0;
  let srcLine = 0;
  let srcCol = 0;
  for (const text of map.mappings.split(';')) {
    const segments = [];
    let col = 0;
    for (const seg of text.split(',')) {
      if (!seg) continue;
      const v = vlq(seg);
      col += v[0];
      if (v.length >= 4) {
        source += v[1];
        srcLine += v[2];
        srcCol += v[3];
        segments.push([col, source, srcLine, srcCol]);
      }
    }
    lines.push(segments);
  }
  const sourceLines = new Map();
  return (line, column) => {
    const segments = lines[line - 1] ?? [];
    let lo = 0;
    let hi = segments.length - 1;
    let found;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (segments[mid][0] <= column - 1) {
        found = segments[mid];
        lo = mid + 1;
      } else hi = mid - 1;
    }
    if (!found) return `dist/extension.js:${line}:${column}`;
    const src = path.normalize(path.join(path.dirname(file), map.sources[found[1]])).slice(PROJECT_DIR.length + 1);
    if (!sourceLines.has(src)) {
      try {
        sourceLines.set(src, fs.readFileSync(path.join(PROJECT_DIR, src), 'utf8').split('\n'));
      } catch {
        sourceLines.set(src, []);
      }
    }
    const code = (sourceLines.get(src)[found[2]] ?? '').trim().replace(/\s+/g, ' ').slice(0, 70);
    return `${src}:${found[2] + 1}  ${code}`;
  };
}

const mapDist = sourceMapper(path.join(PROJECT_DIR, 'dist', 'extension.js'));
const label = (key) => {
  const m = /^dist\/extension\.js:(\d+):(\d+) /.exec(key);
  return m ? mapDist(Number(m[1]), Number(m[2])) : key;
};
const PROFILE_TITLES = {
  open5mb: 'opening another 5 MB document (openTextDocument + showTextDocument until both renders)',
  keystrokes5mb: '8 keystrokes in the 5 MB document, 550 ms apart',
  registryChange20: `a registry change on disk (alias added, 1.5 s, removed, 1.5 s) with ${e.visibleEditors} visible editors`,
};
for (const [name, p] of Object.entries(result.profiles ?? {})) {
  if (!p) continue;
  out.write(`\nCPU profile of the extension host: ${PROFILE_TITLES[name] ?? name} — ${Math.round(p.durationMs)} ms\n`);
  const cats = Object.entries(p.categories).filter(([c]) => c !== 'idle');
  out.write(
    `  self time: ${cats
      .slice(0, 9)
      .map(([c, v]) => `${c} ${Math.round(v)}`)
      .join(', ')} (ms; idle ${Math.round(p.categories.idle ?? 0)})\n`,
  );
  const perFile = new Map();
  for (const [key, v] of p.topSelf) {
    if (!key.startsWith('dist/extension.js:')) continue;
    const file = label(key).split(':')[0];
    perFile.set(file, (perFile.get(file) ?? 0) + v);
  }
  if (perFile.size) {
    out.write(
      `  analyst-markup self time by source file: ${[...perFile.entries()]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 8)
        .map(([f, v]) => `${f} ${Math.round(v)}`)
        .join(', ')}\n`,
    );
  }
  out.write('  inclusive, analyst-markup functions (ms):\n');
  for (const [key, v] of (p.extensionInclusive ?? []).slice(0, 18)) out.write(`    ${String(Math.round(v)).padStart(6)}  ${label(key)}\n`);
  out.write('  inclusive, VS Code API (ms):\n');
  for (const [key, v] of (p.apiInclusive ?? []).slice(0, 8)) {
    out.write(`    ${String(Math.round(v)).padStart(6)}  ${label(key)}\n`);
  }
  out.write('  self (ms):\n');
  for (const [key, v] of p.topSelf.filter(([k]) => k !== '(idle)').slice(0, 14)) out.write(`    ${String(Math.round(v)).padStart(6)}  ${label(key)}\n`);
}

for (const r of e.registryChanges ?? []) if (r.error) out.write(`\nRegistry change (${r.change}): ${r.error}\n`);
if (result.error) out.write(`\nThe benchmark stopped early (the numbers above are what it measured):\n${result.error}\n`);
out.write(`\nRaw numbers: out/bench-editor.json\n`);
if (json) process.stdout.write(JSON.stringify(result) + '\n');
process.exit(code === 0 ? 0 : 1);
