// Starts code-server (provisioned by provision-vscode.mjs) and Debian's Chromium (via
// playwright-core). Everything started here is killed when this Node process exits, also on
// Ctrl-C / SIGTERM.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import process from 'node:process';
import { provisionVscode, findChromium, checkPrerequisites } from './provision-vscode.mjs';

const children = new Set();
const cleanups = new Set();
let handlersInstalled = false;

function killTree(child, signal = 'SIGTERM') {
  if (!child.pid || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal); // the whole process group (server, extension host, pty host ...)
  } catch {
    try {
      child.kill(signal);
    } catch {
      /* already gone */
    }
  }
}

function installExitHandlers() {
  if (handlersInstalled) return;
  handlersInstalled = true;
  process.on('exit', () => {
    for (const fn of cleanups) {
      try {
        fn();
      } catch {
        /* best effort */
      }
    }
    for (const child of children) killTree(child, 'SIGKILL');
  });
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(sig, () => {
      process.stderr.write(`\n[code-server] ${sig}: stopping\n`);
      for (const child of children) killTree(child, 'SIGTERM');
      process.exit(sig === 'SIGINT' ? 130 : 143);
    });
  }
}

/** Registers a synchronous clean-up run when the process exits (e.g. removing temp dirs). */
export function onExit(fn) {
  installExitHandlers();
  cleanups.add(fn);
  return () => cleanups.delete(fn);
}

/** A TCP port that is free on 127.0.0.1 right now. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Starts code-server on 127.0.0.1 and resolves once it logs "HTTP server listening".
 * `vscode`: which VS Code (provision-vscode.mjs VSCODES; default $ANALYST_MARKUP_VSCODE, else minimum),
 * run by the Node it needs.
 * @returns {Promise<{url: string, port: number, label: string, process: import('node:child_process').ChildProcess, output: () => string, stop: () => Promise<void>}>}
 */
export async function startCodeServer({
  folder,
  extensionsDir,
  userDataDir,
  port,
  trust = true,
  extraArgs = [],
  env: extraEnv = {},
  startTimeoutMs = 60_000,
  vscode,
  log = (line) => process.stderr.write(`[code-server] ${line}\n`),
} = {}) {
  if (!userDataDir || !extensionsDir) throw new Error('startCodeServer: userDataDir and extensionsDir are required');
  const { entry, node, label } = await provisionVscode({ vscode });
  port = port || (await freePort());
  fs.mkdirSync(userDataDir, { recursive: true });
  fs.mkdirSync(extensionsDir, { recursive: true });

  const args = [
    entry,
    '--auth',
    'none',
    '--bind-addr',
    `127.0.0.1:${port}`,
    // own config file, so that ~/.config/code-server/config.yaml is neither read nor written
    '--config',
    path.join(userDataDir, 'code-server.yaml'),
    '--user-data-dir',
    userDataDir,
    '--extensions-dir',
    extensionsDir,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-getting-started-override',
    '--ignore-last-opened',
    ...(trust ? ['--disable-workspace-trust'] : []),
    ...extraArgs,
    ...(folder ? [folder] : []),
  ];

  const env = { ...process.env, ...extraEnv };
  // Variables code-server would otherwise obey: running from a VS Code terminal would make it
  // open the folder in *that* VS Code; PORT would override --bind-addr; PASSWORD etc.
  for (const k of [
    'VSCODE_IPC_HOOK_CLI',
    'PORT',
    'CODE_SERVER_HOST',
    'PASSWORD',
    'HASHED_PASSWORD',
    'CODE_SERVER_CONFIG',
    'CODE_SERVER_PARENT_PID',
    'ELECTRON_RUN_AS_NODE',
  ]) {
    if (!(k in extraEnv)) delete env[k];
  }

  installExitHandlers();
  const child = spawn(node, args, { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  let output = '';
  let exited = null;
  const exitPromise = new Promise((resolve) => {
    child.on('exit', (code, signal) => {
      exited = { code, signal };
      children.delete(child);
      resolve(exited);
    });
  });

  const ready = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`code-server did not start within ${startTimeoutMs / 1000} s. Output:\n${output}`)), startTimeoutMs);
    let pending = '';
    const onData = (d) => {
      const s = d.toString();
      output += s;
      if (output.length > 1_000_000) output = output.slice(-500_000);
      pending += s;
      const lines = pending.split('\n');
      pending = lines.pop();
      for (const line of lines) {
        if (line.trim()) log(line);
        if (/HTTP server listening/.test(line)) {
          clearTimeout(timer);
          resolve();
        }
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    exitPromise.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`code-server exited (code ${code}, signal ${signal}) before it was ready. Output:\n${output}`));
    });
  });

  const stop = async () => {
    if (exited) return;
    killTree(child, 'SIGTERM');
    const t = setTimeout(() => killTree(child, 'SIGKILL'), 5000);
    await exitPromise;
    clearTimeout(t);
    // the extension host and other children share the process group: make sure they are gone
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      /* none left */
    }
  };

  try {
    await ready;
  } catch (e) {
    await stop();
    throw e;
  }
  return { url: `http://127.0.0.1:${port}/`, port, label, process: child, output: () => output, exited: exitPromise, stop };
}

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--disable-dev-shm-usage',
];

/** Launches Debian's Chromium through playwright-core. Closed automatically on exit. */
export async function launchBrowser({ headless = true, args = [] } = {}) {
  checkPrerequisites({ chromium: true, build: false });
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath: findChromium(),
    headless,
    args: [...CHROMIUM_ARGS, ...args],
    // playwright-core kills the browser on SIGINT/SIGTERM/SIGHUP by default; our handlers exit too
  });
  return browser;
}
