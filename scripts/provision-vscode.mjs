#!/usr/bin/env node
// Provisions a real VS Code (code-server 4.100.3 = VS Code 1.100 server + web workbench, from the
// npm registry) into <project>/.vscode-test/code-server-4.100.3/ so the extension can be tested
// and demoed without internet access (see /work/shared/recipes/real-vscode-offline.md).
//
// Idempotent: a marker file is written when everything is in place; later runs return at once.
//
//   node scripts/provision-vscode.mjs            provision (or check) and print the entry.js path
//   node scripts/provision-vscode.mjs --force    redo the provisioning
//
// Programmatic: `await provisionCodeServer()` resolves to the path of out/node/entry.js.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';

export const CODE_SERVER_VERSION = '4.100.3';
export const PROJECT_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const CACHE_DIR = path.join(PROJECT_DIR, '.vscode-test', `code-server-${CODE_SERVER_VERSION}`);
export const CODE_SERVER_DIR = path.join(CACHE_DIR, 'node_modules', 'code-server');
export const ENTRY_JS = path.join(CODE_SERVER_DIR, 'out', 'node', 'entry.js');
const VSCODE_DIR = path.join(CODE_SERVER_DIR, 'lib', 'vscode');
const MARKER = path.join(CACHE_DIR, '.provisioned');
// Bump when the provisioning steps change, so that existing caches are redone.
const MARKER_CONTENT = `code-server ${CODE_SERVER_VERSION}; node ${process.versions.modules}; steps v1\n`;

const NATIVE_VSCODE_MODULES = ['@vscode/spdlog', 'native-watchdog', 'node-pty', '@vscode/deviceid', 'kerberos'];

const log = (msg) => process.stderr.write(`[provision-vscode] ${msg}\n`);

export class PrerequisiteError extends Error {}

function which(cmd) {
  for (const dir of (process.env.PATH || '').split(path.delimiter)) {
    if (!dir) continue;
    const p = path.join(dir, cmd);
    try {
      fs.accessSync(p, fs.constants.X_OK);
      return p;
    } catch {
      /* next */
    }
  }
  return null;
}

/** Path of the Chromium to drive with playwright-core (Debian package `chromium`). */
export function findChromium() {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', which('chromium'), which('chromium-browser')];
  for (const c of candidates) if (c && fs.existsSync(c)) return c;
  return null;
}

/** Path of a ripgrep binary (Debian package `ripgrep`). */
export function findRipgrep() {
  for (const c of ['/usr/bin/rg', which('rg')]) if (c && fs.existsSync(c)) return c;
  return null;
}

/**
 * Throws a PrerequisiteError naming the Debian packages to install when something this
 * harness needs from the system is missing.
 */
export function checkPrerequisites({ chromium = true, build = true } = {}) {
  const missing = [];
  if (chromium && !findChromium()) missing.push(['chromium', 'the Chromium browser (/usr/bin/chromium) that playwright-core drives']);
  if (build) {
    if (!findRipgrep()) missing.push(['ripgrep', 'the `rg` binary VS Code uses for search (/usr/bin/rg)']);
    if (!fs.existsSync('/usr/include/gssapi/gssapi.h') && !fs.existsSync('/usr/include/krb5.h') && !which('krb5-config')) {
      missing.push(['libkrb5-dev', "Kerberos headers needed to build VS Code's `kerberos` native module"]);
    }
    if (!which('make') || !(which('g++') || which('c++'))) missing.push(['build-essential', 'a C++ compiler and make for native modules']);
    if (!which('python3')) missing.push(['python3', 'python3 for node-gyp']);
  }
  if (missing.length) {
    const pkgs = missing.map(([p]) => p).join(' ');
    throw new PrerequisiteError(
      'Missing Debian prerequisites:\n' +
        missing.map(([p, why]) => `  - ${p}: ${why}`).join('\n') +
        `\nInstall them with:  ${process.getuid && process.getuid() === 0 ? '' : 'sudo '}apt-get install -y ${pkgs}` +
        '\n(or run `bash scripts/dev.sh test`, which installs them)',
    );
  }
}

function childEnv() {
  const env = { ...process.env };
  // node-gyp downloads Node's headers unless told where they are. When the running Node was
  // installed with its headers (e.g. /usr/include/node), point node-gyp at them so native
  // modules build offline.
  if (!env.npm_config_nodedir) {
    const prefix = path.dirname(path.dirname(process.execPath));
    const versionH = path.join(prefix, 'include', 'node', 'node_version.h');
    try {
      const h = fs.readFileSync(versionH, 'utf8');
      const v = ['MAJOR', 'MINOR', 'PATCH'].map((k) => (h.match(new RegExp(`#define NODE_${k}_VERSION (\\d+)`)) || [])[1]).join('.');
      if (v === process.versions.node) env.npm_config_nodedir = prefix;
    } catch {
      /* headers not installed: node-gyp falls back to its own download */
    }
  }
  env.npm_config_audit = 'false';
  env.npm_config_fund = 'false';
  env.npm_config_update_notifier = 'false';
  return env;
}

function run(cmd, args, cwd, { tolerate } = {}) {
  return new Promise((resolve, reject) => {
    log(`$ (cd ${path.relative(PROJECT_DIR, cwd) || '.'}) ${cmd} ${args.join(' ')}`);
    const child = spawn(cmd, args, { cwd, env: childEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const collect = (d) => {
      output += d;
      if (output.length > 200_000) output = output.slice(-100_000);
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) return resolve(output);
      if (tolerate && tolerate(output)) {
        log(`  (exit code ${code} tolerated)`);
        return resolve(output);
      }
      const tail = output
        .split('\n')
        .filter((l) => !/Unknown user config "nodedir"/.test(l))
        .slice(-40)
        .join('\n');
      reject(new Error(`\`${cmd} ${args.join(' ')}\` failed in ${cwd} (exit code ${code}):\n${tail}`));
    });
  });
}

function nodeFilesUnder(dir) {
  const found = [];
  const walk = (d) => {
    let entries;
    try {
      entries = fs.readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.node')) found.push(p);
    }
  };
  walk(path.join(dir, 'build', 'Release'));
  return found;
}

export function isProvisioned() {
  try {
    return fs.readFileSync(MARKER, 'utf8') === MARKER_CONTENT && fs.existsSync(ENTRY_JS);
  } catch {
    return false;
  }
}

/** Provisions code-server when needed; resolves to the path of its out/node/entry.js. */
export async function provisionCodeServer({ force = false } = {}) {
  if (!force && isProvisioned()) return ENTRY_JS;

  checkPrerequisites({ chromium: false, build: true });
  const started = Date.now();
  log(`provisioning code-server ${CODE_SERVER_VERSION} into ${path.relative(PROJECT_DIR, CACHE_DIR)} (about 2 minutes, once)`);
  fs.rmSync(MARKER, { force: true });
  fs.mkdirSync(CACHE_DIR, { recursive: true });
  const pkgJson = path.join(CACHE_DIR, 'package.json');
  if (!fs.existsSync(pkgJson)) {
    fs.writeFileSync(pkgJson, JSON.stringify({ name: 'analyst-markup-vscode-cache', private: true }, null, 2) + '\n');
  }

  // 1. code-server itself. Its postinstall refuses to run as root and needs the network.
  await run('npm', ['install', '--ignore-scripts', '--no-save', `code-server@${CODE_SERVER_VERSION}`], CACHE_DIR);
  if (!fs.existsSync(ENTRY_JS)) throw new Error(`code-server installed, but ${ENTRY_JS} is missing`);
  // 2. code-server's own native dependency.
  await run('npm', ['rebuild', 'argon2'], CACHE_DIR);

  // 3. VS Code's own dependencies, without their (network-needing) install scripts ...
  await run('npm', ['install', '--omit=dev', '--ignore-scripts'], VSCODE_DIR);
  // ... then build its native modules one by one.
  for (const mod of NATIVE_VSCODE_MODULES) {
    const modDir = path.join(VSCODE_DIR, 'node_modules', mod);
    if (!fs.existsSync(modDir)) throw new Error(`${mod} is not installed in ${VSCODE_DIR}`);
    await run('npm', ['rebuild', mod], VSCODE_DIR, {
      // node-pty's post-install step fails on a compile_commands helper after its build succeeded.
      tolerate: () => mod === 'node-pty' && nodeFilesUnder(modDir).length > 0,
    });
    if (nodeFilesUnder(modDir).length === 0) throw new Error(`building ${mod} produced no .node binary in ${modDir}/build/Release`);
  }

  // 4. @vscode/ripgrep downloads rg from GitHub in its postinstall: use Debian's instead.
  const rgDir = path.join(VSCODE_DIR, 'node_modules', '@vscode', 'ripgrep', 'bin');
  fs.mkdirSync(rgDir, { recursive: true });
  const rgTarget = path.join(rgDir, 'rg');
  fs.rmSync(rgTarget, { force: true });
  fs.copyFileSync(findRipgrep(), rgTarget);
  fs.chmodSync(rgTarget, 0o755);

  // 5. VS Code looks for node_modules.asar; the unpacked folder does the job.
  const asar = path.join(VSCODE_DIR, 'node_modules.asar');
  try {
    fs.lstatSync(asar);
    fs.rmSync(asar, { recursive: true, force: true });
  } catch {
    /* absent */
  }
  fs.symlinkSync('node_modules', asar);

  fs.writeFileSync(MARKER, MARKER_CONTENT);
  log(`done in ${Math.round((Date.now() - started) / 1000)} s`);
  return ENTRY_JS;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const force = process.argv.includes('--force');
  provisionCodeServer({ force }).then(
    (entry) => {
      log(`code-server ${CODE_SERVER_VERSION} is provisioned`);
      process.stdout.write(entry + '\n');
    },
    (err) => {
      log(err instanceof PrerequisiteError ? err.message : `FAILED: ${err.stack || err}`);
      process.exit(1);
    },
  );
}
