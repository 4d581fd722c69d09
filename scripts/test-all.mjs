#!/usr/bin/env node
// `npm test`: unit tests (mocha on out/test/unit), the integration suite in a real VS Code
// (code-server, scripts/run-integration.mjs; once in VS Code 1.100, the engines floor, and once in
// the current VS Code 1.117) and the web smoke suite in VS Code's web worker
// extension host (scripts/run-web-tests.mjs), the packaged .vsix (built with vsce, installed
// into code-server: the smoke suite against the installed copy, and the activation check in a
// window that needs no Analyst Markup, and in VS Code's Persian locale), then one combined summary. The last line printed
// is exactly `N passed, N failed` (totals over all stages).
//
// Exit code is non-zero when a test failed, when a stage crashed (a crash counts as one failed
// test and is named in the summary) or when a stage ran no tests at all.
//
// First of all, the lint stage: ESLint (eslint.config.mjs), the package.nls.json check
// (scripts/nls.mjs --check) and, once enabled, the Prettier check (see FORMAT_CHECK below).
//
//   node scripts/test-all.mjs [--unit-only | --integration-only | --web-only | --package-only | --lint-only]

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import { PROJECT_DIR, provisionCodeServer, VSCODES } from './provision-vscode.mjs';

const args = process.argv.slice(2);
const only = ['--unit-only', '--integration-only', '--web-only', '--package-only', '--lint-only'].find((a) => args.includes(a));
const runLint = !only || only === '--lint-only';
const runUnit = !only || only === '--unit-only';
const runIntegrationStage = !only || only === '--integration-only';
const runWebStage = !only || only === '--web-only';
const runPackageStages = !only || only === '--package-only';

const banner = (s) => process.stdout.write(`\n=== ${s} ===\n`);

function run(cmd, cmdArgs, { env } = {}) {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(cmd, cmdArgs, { cwd: PROJECT_DIR, stdio: 'inherit', env: { ...process.env, ...env } });
    const forward = (sig) => () => child.kill(sig);
    const onInt = forward('SIGINT');
    const onTerm = forward('SIGTERM');
    process.on('SIGINT', onInt);
    process.on('SIGTERM', onTerm);
    child.on('error', (err) => {
      process.removeListener('SIGINT', onInt);
      process.removeListener('SIGTERM', onTerm);
      resolve({ code: 127, error: err, seconds: (Date.now() - started) / 1000 });
    });
    child.on('close', (code, signal) => {
      process.removeListener('SIGINT', onInt);
      process.removeListener('SIGTERM', onTerm);
      resolve({ code: code ?? (signal ? 128 : 1), signal, seconds: (Date.now() - started) / 1000 });
    });
  });
}

const node = process.execPath;
const bin = (pkg, rel) => path.join(PROJECT_DIR, 'node_modules', pkg, rel);

/** @typedef {{name: string, passed: number, failed: number, pending: number, crashed?: string, seconds: number}} Stage */

let compiled = null;
async function compileTests() {
  if (compiled) return compiled;
  banner('compiling tests (tsc -p tsconfig.test.json)');
  // tsc never deletes the output of removed/renamed test files: start from a clean out/test
  fs.rmSync(path.join(PROJECT_DIR, 'out', 'test'), { recursive: true, force: true });
  const r = await run(node, [bin('typescript', 'bin/tsc'), '-p', 'tsconfig.test.json']);
  compiled = r.code === 0 ? { ok: true } : { ok: false, why: `test compilation failed (tsc exit code ${r.code})` };
  return compiled;
}

/** @returns {Promise<Stage>} */
async function unitStage() {
  const stage = { name: 'unit', passed: 0, failed: 0, pending: 0, seconds: 0 };
  const c = await compileTests();
  if (!c.ok) return { ...stage, crashed: c.why };
  banner('unit tests (mocha, out/test/unit)');
  const countsFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'analyst-markup-unit-')), 'counts.json');
  const r = await run(
    node,
    [bin('mocha', 'bin/mocha.js'), '--config', '.mocharc.json', '--reporter', path.join(PROJECT_DIR, 'scripts', 'mocha-count-reporter.cjs')],
    {
      env: { ANALYST_MARKUP_MOCHA_COUNTS: countsFile },
    },
  );
  stage.seconds = r.seconds;
  let counts = null;
  try {
    counts = JSON.parse(fs.readFileSync(countsFile, 'utf8'));
  } catch {
    /* mocha did not get to the end */
  }
  fs.rmSync(path.dirname(countsFile), { recursive: true, force: true });
  if (!counts) return { ...stage, crashed: `mocha exited with code ${r.code}${r.signal ? ` (${r.signal})` : ''} without finishing a run` };
  Object.assign(stage, counts);
  if (r.code !== 0 && counts.failed === 0) stage.crashed = `mocha exited with code ${r.code} although no test failed`;
  return stage;
}

let built = null;
async function build() {
  if (built) return built;
  banner('build (node esbuild.mjs)');
  const b = await run(node, ['esbuild.mjs']);
  built = b.code === 0 ? { ok: true } : { ok: false, why: `the build failed (exit code ${b.code})` };
  return built;
}

/** Reads a runner's result file (run-integration.mjs format) into the stage. */
function readResult(stage, resultFile, r, runnerName) {
  let result = null;
  try {
    result = JSON.parse(fs.readFileSync(resultFile, 'utf8'));
  } catch {
    /* runner crashed before writing it */
  }
  if (!result) return { ...stage, crashed: `the ${runnerName} exited with code ${r.code} without a result` };
  stage.passed = result.passed || 0;
  stage.failed = result.failed || 0;
  stage.pending = result.pending || 0;
  if (result.error) stage.crashed = result.error;
  else if (r.code !== 0 && stage.failed === 0) stage.crashed = `VS Code exited with code ${r.code} although no test failed`;
  return stage;
}

/** @returns {Promise<Stage>} */
async function integrationStage() {
  const stage = { name: 'integration', passed: 0, failed: 0, pending: 0, seconds: 0 };
  const b = await build();
  if (!b.ok) return { ...stage, crashed: b.why };
  const c = await compileTests();
  if (!c.ok) return { ...stage, crashed: c.why };
  banner('integration tests (VS Code 1.100 / code-server, headless Chromium)');
  const resultFile = path.join(PROJECT_DIR, 'out', 'integration-result.json');
  fs.rmSync(resultFile, { force: true });
  const r = await run(node, [path.join(PROJECT_DIR, 'scripts', 'run-integration.mjs')]);
  stage.seconds = r.seconds;
  return readResult(stage, resultFile, r, 'integration runner');
}

/**
 * @returns {Promise<Stage>} The whole integration suite once more, in the current VS Code (code-server
 * 4.117.0 = VS Code 1.117 on Node 22, provision-vscode.mjs "current"): what users run today, beside
 * the 1.100 floor of engines.vscode that the other stages use.
 */
async function currentVscodeStage() {
  const stage = { name: `integration (VS Code ${VSCODES.current.vscode})`, passed: 0, failed: 0, pending: 0, seconds: 0 };
  const b = await build();
  if (!b.ok) return { ...stage, crashed: b.why };
  const c = await compileTests();
  if (!c.ok) return { ...stage, crashed: c.why };
  banner(
    `integration tests (VS Code ${VSCODES.current.vscode} / code-server ${VSCODES.current.codeServer} on Node ${VSCODES.current.node}, headless Chromium)`,
  );
  const resultFile = path.join(PROJECT_DIR, 'out', 'integration-current-result.json');
  fs.rmSync(resultFile, { force: true });
  const r = await run(node, [path.join(PROJECT_DIR, 'scripts', 'run-integration.mjs'), '--vscode', 'current'], {
    env: { ANALYST_MARKUP_RESULT_FILE: resultFile },
  });
  stage.seconds = r.seconds;
  return readResult(stage, resultFile, r, `VS Code ${VSCODES.current.vscode} integration runner`);
}

/** @returns {Promise<Stage>} Restricted Mode: test/integration-untrusted/ in a VS Code started without --disable-workspace-trust. */
async function untrustedStage() {
  const stage = { name: 'restricted', passed: 0, failed: 0, pending: 0, seconds: 0 };
  const b = await build();
  if (!b.ok) return { ...stage, crashed: b.why };
  const c = await compileTests();
  if (!c.ok) return { ...stage, crashed: c.why };
  banner('integration tests in Restricted Mode (an untrusted workspace)');
  const resultFile = path.join(PROJECT_DIR, 'out', 'integration-untrusted-result.json');
  fs.rmSync(resultFile, { force: true });
  const r = await run(
    node,
    [
      path.join(PROJECT_DIR, 'scripts', 'run-integration.mjs'),
      '--untrusted',
      '--tests',
      path.join(PROJECT_DIR, 'out', 'test', 'integration-untrusted', 'index.js'),
      '--fixture',
      path.join(PROJECT_DIR, 'test', 'fixtures', 'untrusted-workspace'),
    ],
    { env: { ANALYST_MARKUP_RESULT_FILE: resultFile } },
  );
  stage.seconds = r.seconds;
  return readResult(stage, resultFile, r, 'Restricted Mode runner');
}

/** @returns {Promise<Stage>} `vscode`: minimum (1.100) or current (1.117, what vscode.dev runs today). */
async function webStage(vscode = 'minimum') {
  const current = vscode === 'current';
  const stage = { name: current ? `web (VS Code ${VSCODES.current.vscode})` : 'web', passed: 0, failed: 0, pending: 0, seconds: 0 };
  const b = await build();
  if (!b.ok) return { ...stage, crashed: b.why };
  banner(`web smoke tests (dist/web in VS Code ${VSCODES[vscode].vscode} web worker extension host, headless Chromium)`);
  const resultFile = path.join(PROJECT_DIR, 'out', current ? 'web-current-result.json' : 'web-result.json');
  fs.rmSync(resultFile, { force: true });
  const r = await run(node, [path.join(PROJECT_DIR, 'scripts', 'run-web-tests.mjs')], {
    env: { ANALYST_MARKUP_RESULT_FILE: resultFile, ...(current ? { ANALYST_MARKUP_VSCODE: 'current' } : {}) },
  });
  stage.seconds = r.seconds;
  return readResult(stage, resultFile, r, 'web test runner');
}

// `prettier --check .` as part of the lint stage. Off until the code base has been formatted once
// (`npx prettier --write .`, after the 0.2 branches are merged); then set this to true.
// ANALYST_MARKUP_FORMAT_CHECK=1 (or 0) overrides it for one run.
const FORMAT_CHECK = true;

/** ESLint, the manifest strings check and (when enabled) Prettier: one test each. */
async function lintStage() {
  const stage = { name: 'lint', passed: 0, failed: 0, pending: 0, seconds: 0 };
  const started = Date.now();
  const formatCheck = process.env.ANALYST_MARKUP_FORMAT_CHECK ? process.env.ANALYST_MARKUP_FORMAT_CHECK === '1' : FORMAT_CHECK;
  const checks = [
    ['eslint (typescript-eslint, type-checked)', [bin('eslint', 'bin/eslint.js'), '.']],
    ['package.nls.json (scripts/nls.mjs --check)', [path.join(PROJECT_DIR, 'scripts', 'nls.mjs'), '--check']],
  ];
  if (formatCheck) checks.push(['prettier --check', [bin('prettier', 'bin/prettier.cjs'), '--check', '.']]);
  for (const [title, cmdArgs] of checks) {
    banner(title);
    const r = await run(node, cmdArgs);
    if (r.code === 0) stage.passed++;
    else stage.failed++;
  }
  if (!formatCheck) process.stdout.write('(prettier --check is off: FORMAT_CHECK in scripts/test-all.mjs)\n');
  stage.seconds = (Date.now() - started) / 1000;
  return stage;
}

let packaged = null;
/** The .vsix, built once with vsce (scripts/vsix.mjs) into out/package/. */
async function packageVsix() {
  if (packaged) return packaged;
  banner('package (vsce, scripts/vsix.mjs)');
  const file = path.join(PROJECT_DIR, 'out', 'package', 'analyst-markup.vsix');
  fs.rmSync(file, { force: true });
  const r = await run(node, [path.join(PROJECT_DIR, 'scripts', 'vsix.mjs'), file]);
  packaged = r.code === 0 && fs.existsSync(file) ? { ok: true, file } : { ok: false, why: `packaging failed (exit code ${r.code})` };
  return packaged;
}

/** A run of scripts/run-integration.mjs against the installed .vsix (see its --vsix option). */
async function installedStage(name, title, { args = [], env = {} } = {}) {
  const stage = { name, passed: 0, failed: 0, pending: 0, seconds: 0 };
  const c = await compileTests();
  if (!c.ok) return { ...stage, crashed: c.why };
  const p = await packageVsix();
  if (!p.ok) return { ...stage, crashed: p.why };
  banner(title);
  const resultFile = path.join(PROJECT_DIR, 'out', `${name}-result.json`);
  fs.rmSync(resultFile, { force: true });
  const r = await run(node, [path.join(PROJECT_DIR, 'scripts', 'run-integration.mjs'), '--vsix', p.file, ...args], {
    env: { ...env, ANALYST_MARKUP_RESULT_FILE: resultFile },
  });
  stage.seconds = r.seconds;
  return readResult(stage, resultFile, r, `${name} runner`);
}

const packageStage = () =>
  installedStage('package', 'smoke tests against the installed .vsix (code-server --install-extension)', { env: { ANALYST_MARKUP_GREP: '(smoke)' } });
const activationStage = () =>
  installedStage('activation', 'activation: a window with only a .json file (installed .vsix)', {
    args: ['--fixture', path.join(PROJECT_DIR, 'test', 'fixtures', 'json-only'), '--tests', path.join(PROJECT_DIR, 'out', 'test', 'activation', 'index.js')],
    env: { ANALYST_MARKUP_GREP: '' },
  });

/** The empty Persian language pack (test/fixtures/fa-language-pack) that lets VS Code run in fa. */
async function packageLanguagePack() {
  const file = path.join(PROJECT_DIR, 'out', 'package', 'fa-language-pack.vsix');
  const script = `require('@vscode/vsce').createVSIX({ cwd: 'test/fixtures/fa-language-pack', packagePath: ${JSON.stringify(file)}, dependencies: false }).catch((e) => { console.error(e); process.exit(1); })`;
  const r = await run(node, ['-e', script]);
  return r.code === 0 && fs.existsSync(file) ? file : null;
}

async function localeStage() {
  const pack = await packageLanguagePack();
  if (!pack) return { name: 'locale', passed: 0, failed: 0, pending: 0, seconds: 0, crashed: 'packaging the Persian language pack fixture failed' };
  return installedStage('locale', 'locale: VS Code in Persian (--locale fa, installed .vsix)', {
    args: ['--also-install', pack, '--locale', 'fa', '--tests', path.join(PROJECT_DIR, 'out', 'test', 'locale', 'index.js')],
    env: { ANALYST_MARKUP_GREP: '' },
  });
}

const stages = [];
if (runLint) stages.push(await lintStage());
// The offline VS Code first when its stages will run: one unit test (markupGrammar: Markdown)
// tokenizes with the Markdown grammar that ships inside it, and would be skipped on a fresh clone.
if (runUnit && (runIntegrationStage || runWebStage)) {
  banner('provisioning the offline VS Code (code-server; once per clone)');
  await provisionCodeServer().catch((error) => process.stdout.write(`provisioning failed: ${String(error)} (the integration stages will say more)\n`));
}
if (runIntegrationStage || runWebStage) {
  banner(`provisioning the current VS Code (code-server ${VSCODES.current.codeServer} and Node ${VSCODES.current.node}; once per clone)`);
  await provisionCodeServer({ vscode: 'current' }).catch((error) =>
    process.stdout.write(`provisioning failed: ${String(error)} (its integration stage will say more)\n`),
  );
}
if (runUnit) stages.push(await unitStage());
if (runIntegrationStage) stages.push(await integrationStage());
if (runIntegrationStage) stages.push(await untrustedStage());
if (runIntegrationStage) stages.push(await currentVscodeStage());
if (runWebStage) stages.push(await webStage());
if (runWebStage) stages.push(await webStage('current'));
if (runPackageStages) {
  stages.push(await packageStage());
  stages.push(await activationStage());
  stages.push(await localeStage());
}

let passed = 0;
let failed = 0;
const problems = [];
const lines = [];
for (const s of stages) {
  const ran = s.passed + s.failed;
  let note = '';
  if (s.crashed) {
    problems.push(`${s.name} stage crashed: ${s.crashed} (counted as 1 failure)`);
    note = '  CRASHED';
  } else if (ran === 0) {
    problems.push(`${s.name} stage ran no tests (counted as 1 failure)`);
    note = '  NO TESTS RAN';
  }
  // a crashed stage, or one that ran nothing, counts as one failure on top of what it reported
  const stageFailed = s.failed + (s.crashed || ran === 0 ? 1 : 0);
  passed += s.passed;
  failed += stageFailed;
  lines.push(`  ${s.name.padEnd(12)} ${s.passed} passed, ${stageFailed} failed, ${s.pending} pending (${s.seconds.toFixed(1)} s)${note}`);
}

process.stdout.write('\n=== summary ===\n' + lines.join('\n') + '\n');
for (const p of problems) process.stdout.write(`  ! ${p}\n`);
const ok = failed === 0 && problems.length === 0 && stages.length > 0;
process.stdout.write(`${passed} passed, ${failed} failed\n`);
process.exitCode = ok ? 0 : 1;
