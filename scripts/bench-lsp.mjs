// The language server over the protocol (issue 14): a keystroke in a 5 MB document, answered
// from an incremental update, beside a baseline measured in the same run — the same keystroke
// sent as the whole new text (what a server without incremental sync rescans), in turns.
//
//   node scripts/bench-lsp.mjs [--json] [--mb 5] [--runs 7] [--cpu-prof DIR]
//
// `--cpu-prof DIR` starts the server with `node --cpu-prof --cpu-prof-dir DIR` (a .cpuprofile
// written when it exits, for Chrome's DevTools or a script that sums self time per function).
//
// The server is `node dist/cli.js lsp` (built first when dist/ is missing), its workspace a
// temporary folder with the demo registry, and, where ../shared/samples/phoenix exists, the
// Phoenix actor dictionaries imported with `analyst-markup import phoenix` (read in place).
// Each turn: one keystroke (an incremental didChange; then the baseline's full-text didChange),
// then the semantic tokens of the 80 lines around it (textDocument/semanticTokens/range), timed
// from sending the change to the answer, with a pause between turns (see `settle`). Also timed: opening the document (didOpen + the first
// range request) and a whole-document full request after a keystroke.

import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);
const { createProtocolConnection, StreamMessageReader, StreamMessageWriter } = require('vscode-languageserver-protocol/node');

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const json = args.includes('--json');
const option = (name, fallback) => {
  const at = args.indexOf(name);
  return at >= 0 ? Number(args[at + 1]) : fallback;
};
const textMB = option('--mb', 5);
const runs = option('--runs', 7);
const log = (...a) => {
  if (!json) console.log(...a);
};
const progress = (what) => process.stderr.write(`bench-lsp: ${what}…\n`);

if (!existsSync(path.join(root, 'dist', 'lsp.js')) || !existsSync(path.join(root, 'dist', 'cli.js'))) {
  progress('building dist/ (node esbuild.mjs)');
  const built = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: root, stdio: 'inherit' });
  if (built.status !== 0) process.exit(1);
}

// --- the workspace and the text --------------------------------------------------------------
const folder = mkdtempSync(path.join(os.tmpdir(), 'analyst-markup-bench-lsp-'));
cpSync(path.join(root, 'demo', 'entities.yaml'), path.join(folder, 'entities.yaml'));
cpSync(path.join(root, 'demo', 'entities'), path.join(folder, 'entities'), { recursive: true });
let registrySource = 'the demo registry';
const phoenixDir = path.join(root, '..', 'shared', 'samples', 'phoenix');
if (existsSync(phoenixDir)) {
  const files = readdirSync(phoenixDir)
    .filter((f) => f.endsWith('.actors.txt'))
    .sort()
    .map((f) => path.join(phoenixDir, f));
  const imported = spawnSync(
    process.execPath,
    [path.join(root, 'dist', 'cli.js'), 'import', 'phoenix', ...files, '-o', path.join(folder, 'phoenix.entities.yaml'), '-q'],
    { cwd: folder, encoding: 'utf8' },
  );
  if (imported.status === 0) registrySource = `the demo registry and the Phoenix dictionaries (${files.length} files)`;
}
const pieces = [];
for (const f of readdirSync(path.join(root, 'demo', 'articles')).sort()) pieces.push(readFileSync(path.join(root, 'demo', 'articles', f), 'utf8'));
let text = pieces.join('\n\n');
while (text.length < textMB * 1e6) text += '\n\n' + text;
text = text.slice(0, textMB * 1e6);
const lines = text.split('\n');
const middleLine = Math.floor(lines.length / 2);

// --- the server --------------------------------------------------------------------------------
const profileAt = args.indexOf('--cpu-prof');
const profileArgs = profileAt >= 0 ? ['--cpu-prof', '--cpu-prof-interval', '100', '--cpu-prof-dir', path.resolve(args[profileAt + 1])] : [];
const child = spawn(process.execPath, [...profileArgs, path.join(root, 'dist', 'cli.js'), 'lsp', '--stdio'], {
  cwd: folder,
  stdio: ['pipe', 'pipe', 'inherit'],
});
const connection = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
connection.onRequest('workspace/configuration', (p) => p.items.map(() => null));
connection.onRequest('client/registerCapability', () => null);
connection.onRequest('workspace/semanticTokens/refresh', () => null);
connection.listen();
const folderUri = pathToFileURL(folder).href;
await connection.sendRequest('initialize', {
  processId: process.pid,
  rootUri: folderUri,
  workspaceFolders: [{ uri: folderUri, name: 'bench' }],
  capabilities: { workspace: { configuration: true, didChangeWatchedFiles: { dynamicRegistration: true } } },
});
await connection.sendNotification('initialized', {});

const ms = (started) => Number(process.hrtime.bigint() - started) / 1e6;
const uri = pathToFileURL(path.join(folder, 'big.txt')).href;
let version = 1;
const visible = () => ({ textDocument: { uri }, range: { start: { line: middleLine - 40, character: 0 }, end: { line: middleLine + 40, character: 0 } } });

// The registry is read on `initialized`: wait until a mention of it gets a token.
progress('waiting for the registry');
const probe = pathToFileURL(path.join(folder, 'probe.txt')).href;
await connection.sendNotification('textDocument/didOpen', { textDocument: { uri: probe, languageId: 'plaintext', version: 1, text: pieces[0] } });
for (let k = 0; k < 600; k++) {
  const tokens = await connection.sendRequest('textDocument/semanticTokens/full', { textDocument: { uri: probe } });
  if (tokens.data.length > 0) break;
  await new Promise((r) => setTimeout(r, 100));
}

progress(`opening a ${textMB} MB document`);
let started = process.hrtime.bigint();
await connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'plaintext', version, text } });
const first = await connection.sendRequest('textDocument/semanticTokens/range', visible());
const openMs = ms(started);

// One keystroke each turn, at the middle line: typed, then deleted again (so the text stays the same size).
let typed = false;
const keystroke = () => {
  const position = { line: middleLine, character: 0 };
  typed = !typed;
  return typed ? { range: { start: position, end: position }, text: 'x' } : { range: { start: position, end: { line: middleLine, character: 1 } }, text: '' };
};
let current = text;
const apply = (change) => {
  // The whole text after the keystroke (for the baseline's full-text change).
  const offset = lines.slice(0, middleLine).reduce((n, l) => n + l.length + 1, 0);
  current = change.text === '' ? current.slice(0, offset) + current.slice(offset + 1) : current.slice(0, offset) + change.text + current.slice(offset);
};

// Between measurements the server gets the pause a typist gives it: its debounced work (the
// diagnostics of the changed text, 200 ms after the last change) runs there, not inside the next turn.
const settle = () => new Promise((r) => setTimeout(r, 400));
const incremental = [];
const fullSync = [];
const wholeDocument = [];
progress(`keystrokes, incremental and full-text in turns (${runs} each)`);
for (let turn = 0; turn < runs + 1; turn++) {
  // Incremental: the range of the keystroke only.
  let change = keystroke();
  apply(change);
  started = process.hrtime.bigint();
  await connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: ++version }, contentChanges: [change] });
  await connection.sendRequest('textDocument/semanticTokens/range', visible());
  if (turn > 0) incremental.push(ms(started)); // the first turn warms up
  await settle();
  // Baseline: the same kind of keystroke, sent as the whole new text.
  change = keystroke();
  apply(change);
  started = process.hrtime.bigint();
  await connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: ++version }, contentChanges: [{ text: current }] });
  await connection.sendRequest('textDocument/semanticTokens/range', visible());
  if (turn > 0) fullSync.push(ms(started));
  await settle();
}
progress('a whole-document request after a keystroke');
for (let turn = 0; turn < Math.max(3, Math.ceil(runs / 2)); turn++) {
  const change = keystroke();
  apply(change);
  started = process.hrtime.bigint();
  await connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: ++version }, contentChanges: [change] });
  await connection.sendRequest('textDocument/semanticTokens/full', { textDocument: { uri } });
  wholeDocument.push(ms(started));
  await settle();
}

await connection.sendRequest('shutdown');
void connection.sendNotification('exit');
await new Promise((r) => child.on('exit', r));
connection.dispose();
rmSync(folder, { recursive: true, force: true });

const stats = (list) => {
  const sorted = [...list].sort((a, b) => a - b);
  const round = (n) => Number(n.toFixed(1));
  return { best: round(sorted[0]), median: round(sorted[Math.floor(sorted.length / 2)]), worst: round(sorted[sorted.length - 1]), runs: sorted.length };
};
const result = {
  textMB: Number((text.length / 1e6).toFixed(2)),
  lines: lines.length,
  registry: registrySource,
  openToFirstTokensMs: Number(openMs.toFixed(1)),
  firstRangeTokens: first.data.length / 5,
  keystrokeIncrementalMs: stats(incremental),
  keystrokeFullTextMs: stats(fullSync),
  keystrokeThenFullTokensMs: stats(wholeDocument),
  /** The machine's 1-minute load average when the run ended (a shared machine slows every row). */
  loadAverage: Number(os.loadavg()[0].toFixed(1)),
};
result.speedup = Number((result.keystrokeFullTextMs.median / result.keystrokeIncrementalMs.median).toFixed(1));

log('');
log(`language server (analyst-markup lsp, stdio): a ${result.textMB} MB plain-text document of ${result.lines} lines, ${registrySource}`);
log('');
log('| over the protocol | best ms | median ms | worst ms | notes |');
log('|---|---:|---:|---:|---|');
const row = (name, s, note) => log(`| ${name} | ${s.best} | ${s.median} | ${s.worst} | ${note} |`);
row(
  '**keystroke, incremental sync** → tokens of 80 visible lines',
  result.keystrokeIncrementalMs,
  `didChange of one character; the server scans the lines around the range (core/mentionWindow.ts; the edit's region is rescanned by core/incremental.ts when every mention is needed); ${runs} turns`,
);
row(
  'baseline: the same keystroke as a full-text change',
  result.keystrokeFullTextMs,
  `the whole ${result.textMB} MB text sent and rescanned, in turns with the row above`,
);
row('keystroke → whole-document tokens (full request)', result.keystrokeThenFullTokensMs, 'incremental update, then every mention resolved and encoded');
log('');
log(
  `opening the document (didOpen + the first range request): ${result.openToFirstTokensMs} ms; incremental is ${result.speedup}× faster than the full-text baseline (medians); load average ${result.loadAverage} on ${os.cpus().length} cores`,
);
if (json) console.log(JSON.stringify(result));
