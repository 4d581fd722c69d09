#!/usr/bin/env node
// Runs the web smoke suite (test/web/) against the web build (dist/web/extension.js) in VS Code's
// web worker extension host — the one vscode.dev and github.dev use — provided by code-server
// (see run-integration.mjs, which this reuses). code-server runs an extension in the web worker
// host when its package.json has a `browser` entry and no `main`, so a staging copy of the
// extension without `main` is made in out/web-test/extension/. The tests module is bundled for the
// browser (the worker cannot require files; `vscode` is provided by the host) into the staging
// copy: VS Code runs a tests module in the extension host of the extension that contains it.
//
//   node scripts/run-web-tests.mjs [--keep] [--verbose]
//
// Expects `node esbuild.mjs` to have run (dist/web/); `npm run test:web` builds first.
// Writes out/web-result.json (or $ANALYST_MARKUP_RESULT_FILE) like run-integration.mjs and exits
// with VS Code's test exit code.

import fs from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { PROJECT_DIR } from './provision-vscode.mjs';
import { runIntegration } from './run-integration.mjs';

const OUT = path.join(PROJECT_DIR, 'out', 'web-test');
const STAGING = path.join(OUT, 'extension');
// Inside the extension: VS Code runs the tests in the extension host of the extension that
// contains them (a tests module elsewhere on a vscode-remote: URI goes to the Node host).
const TESTS = path.join(STAGING, 'test', 'index.js');
/** What the web worker host needs of the extension besides package.json (contributions' files). */
const STAGED = ['dist/web', 'dist/webview', 'syntaxes', 'media', 'schemas'];

/** The extension as vscode.dev would install it from a web-only package: `browser`, no `main`. */
export function stageWebExtension() {
  fs.rmSync(STAGING, { recursive: true, force: true });
  fs.mkdirSync(STAGING, { recursive: true });
  const pkg = JSON.parse(fs.readFileSync(path.join(PROJECT_DIR, 'package.json'), 'utf8'));
  if (!pkg.browser) throw new Error('package.json has no "browser" entry');
  for (const entry of [pkg.browser, './dist/web/yaml.js']) {
    if (!fs.existsSync(path.join(PROJECT_DIR, entry))) throw new Error(`${entry} does not exist: build first (node esbuild.mjs)`);
  }
  delete pkg.main;
  delete pkg.bin;
  delete pkg.scripts;
  delete pkg.devDependencies;
  fs.writeFileSync(path.join(STAGING, 'package.json'), JSON.stringify(pkg, null, 2) + '\n');
  for (const rel of STAGED) {
    const from = path.join(PROJECT_DIR, rel);
    if (fs.existsSync(from)) fs.cpSync(from, path.join(STAGING, rel), { recursive: true });
  }
  return STAGING;
}

/** test/web/index.ts as one CommonJS module for the worker (`vscode` left to the host). */
export async function bundleWebTests() {
  await esbuild.build({
    entryPoints: [path.join(PROJECT_DIR, 'test', 'web', 'index.ts')],
    outfile: TESTS,
    bundle: true,
    platform: 'browser',
    format: 'cjs',
    target: 'es2022',
    external: ['vscode'],
    sourcemap: 'inline',
    logLevel: 'warning',
  });
  return TESTS;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  for (const a of args) {
    if (a !== '--keep' && a !== '--verbose') {
      process.stderr.write(`unknown option ${a}\n`);
      process.exit(2);
    }
  }
  process.env.ANALYST_MARKUP_RESULT_FILE ||= path.join(PROJECT_DIR, 'out', 'web-result.json');
  try {
    const extensionDir = stageWebExtension();
    const testsPath = await bundleWebTests();
    const summary = await runIntegration({
      extensionDir,
      testsPath,
      keep: args.includes('--keep'),
      verbose: args.includes('--verbose') || !!process.env.ANALYST_MARKUP_TEST_DEBUG,
      timeoutSec: 180,
    });
    process.exit(summary.exitCode);
  } catch (err) {
    process.stderr.write(`[web tests] FAILED: ${err.stack || err}\n`);
    process.exit(1);
  }
}
