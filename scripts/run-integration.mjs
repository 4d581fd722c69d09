#!/usr/bin/env node
// Runs the integration suite (out/test/integration/index.js) inside a real VS Code: code-server
// 4.100.3 (VS Code 1.100 server + web workbench, provisioned offline; or with --vscode current
// code-server 4.117.0 = VS Code 1.117 on Node 22, see provision-vscode.mjs) driven by Debian's
// Chromium through playwright-core. The extension runs in VS Code's Node extension host with the
// real `vscode` API, loaded as the extension under development.
//
//   node scripts/run-integration.mjs [--keep] [--verbose] [--vscode minimum|current]
//
// Expects `npm run build` (dist/) and `npm run compile-tests` (out/test/) to have run; the npm
// script `test:integration` does both.
//
// Environment:
//   ANALYST_MARKUP_GREP          only run tests whose full title matches (mocha grep)
//   ANALYST_MARKUP_TEST_TIMEOUT  overall timeout in seconds (default 600)
//   ANALYST_MARKUP_TEST_DEBUG=1  also relay workbench (renderer) console output and server logs
//   ANALYST_MARKUP_BENCH=1       run the editor timings benchmark instead of the tests (npm run bench:editor)
//   ANALYST_MARKUP_RESULT_FILE   write the summary there instead of out/integration-result.json
//   ANALYST_MARKUP_VSCODE        which VS Code: minimum (1.100, the default) or current (1.117)
// Set for the tests: ANALYST_MARKUP_WEBVIEW_BRIDGE, the URL of scripts/webview-bridge.mjs, through
// which a test queries and drives a webview's DOM (test/integration/webviewBridge.ts).
// Options:
//   --keep              keep the temporary workspace, user-data and extensions dirs
//   --vscode <name>     minimum (VS Code 1.100, default) or current (VS Code 1.117); the tests
//                       see the choice as ANALYST_MARKUP_VSCODE
//   --verbose           same as ANALYST_MARKUP_TEST_DEBUG=1
//   --extension <dir>   extension under development (default: this project)
//   --tests <file>      extensionTestsPath (default: <extension>/out/test/integration/index.js)
//   --fixture <dir>     workspace to copy (default: test/fixtures/workspace, else an empty folder)
//   --untrusted         start VS Code WITHOUT --disable-workspace-trust, workspace trust on and
//                       no startup prompt: the folder opens in Restricted Mode
//                       (scripts/test-all.mjs runs test/integration-untrusted/ this way)
//
// A test may ask for the workbench's DOM (what the renderer shows, e.g. a hover) through
// scripts/dom-bridge.mjs (test/integration/workbenchDom.ts evaluates an expression in the page).
//   --vsix <file>       install this package (code-server --install-extension) and test it: the
//                       extension under development is then an empty harness extension (VS Code
//                       runs tests only with one), so `analyst-markup.analyst-markup` is the
//                       installed copy; the extension host sees ANALYST_MARKUP_INSTALLED=<its id>
//   --locale <id>       start code-server with --locale <id> (e.g. fa)
//   --also-install <f>  install this .vsix too (repeatable), e.g. a language pack for --locale
//
// Writes out/integration-result.json {"passed","failed","pending","exitCode",...} and exits
// with VS Code's test exit code (non-zero when no result arrived, too).

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import util from 'node:util';
import { fileURLToPath } from 'node:url';
import { PROJECT_DIR, provisionVscode, vscodeChoice } from './provision-vscode.mjs';
import { startCodeServer, launchBrowser, onExit } from './code-server.mjs';
import { startWebviewBridge } from './webview-bridge.mjs';
import { DOM_MARKER, answerDomQuery } from './dom-bridge.mjs';

export const RESULT_MARKER = 'ANALYST_MARKUP_TEST_RESULT';

/** User settings for throw-away test profiles (code-server reads <user-data-dir>/User/settings.json). */
export const TEST_USER_SETTINGS = {
  'telemetry.telemetryLevel': 'off',
  'telemetry.enableTelemetry': false,
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'security.workspace.trust.enabled': false,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'update.mode': 'none',
  'update.showReleaseNotes': false,
  'git.openRepositoryInParentFolders': 'never',
  'chat.disableAIFeatures': true,
  'window.restoreWindows': 'none',
};

export function writeUserSettings(userDataDir, extra = {}) {
  const dir = path.join(userDataDir, 'User');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'settings.json');
  fs.writeFileSync(file, JSON.stringify({ ...TEST_USER_SETTINGS, ...extra }, null, 2) + '\n');
  return file;
}

// Console noise of the offline workbench / extension host that hides the mocha output.
const NOISE = [
  /^Resolving connection token|^Resolved connection token|^Creating a socket \(|^Updating additional builtin extensions cache/,
  /^\[Service Worker\]|^ChatSessionStore:|^Started local extension host|^Extension host .* started/,
  /ENOTFOUND|EAI_AGAIN|getaddrinfo/i,
  /marketplace|gallery|open-vsx|vscode-unpkg|update\.code\.visualstudio\.com/i,
  /Failed to load resource/i,
  /\[Extension Host\] Error: Connection error/i,
  /has been disposed/i,
  /ERR_NAME_NOT_RESOLVED|ERR_INTERNET_DISCONNECTED|ERR_CONNECTION_REFUSED/i,
  /punycode/i,
  /An iframe which has both allow-scripts and allow-same-origin/i,
  /Ignoring fetching additional builtin extensions/i,
  /Received error from remote for fetching/i,
  /Content Security Policy/i,
  /\[Violation\]/i,
  /^Error: \d+ integration test\(s\) failed/, // index.js rejecting: mocha already reported the failures
];

/**
 * A fresh temp dir with a copy of the fixture workspace (test/fixtures/workspace, or an empty
 * folder), an empty extensions dir and a user-data dir with TEST_USER_SETTINGS. cleanup()
 * removes it unless keep; it is also removed when the process exits early.
 */
export function prepareTestDirs({ keep = false, fixture, prefix = 'analyst-markup-test-' } = {}) {
  const tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), prefix)));
  const workspace = path.join(tmp, 'workspace');
  const userDataDir = path.join(tmp, 'user-data');
  const extensionsDir = path.join(tmp, 'extensions');
  fixture = fixture || path.join(PROJECT_DIR, 'test', 'fixtures', 'workspace');
  if (fs.existsSync(fixture)) fs.cpSync(fixture, workspace, { recursive: true });
  else fs.mkdirSync(workspace, { recursive: true });
  fs.mkdirSync(extensionsDir, { recursive: true });
  writeUserSettings(userDataDir);
  const remove = () => fs.rmSync(tmp, { recursive: true, force: true });
  const unregister = keep ? () => {} : onExit(remove);
  return {
    tmp,
    workspace,
    userDataDir,
    extensionsDir,
    cleanup: () => {
      if (keep) return;
      remove();
      unregister();
    },
  };
}

function parseArgs(argv) {
  const opts = { keep: false, verbose: !!process.env.ANALYST_MARKUP_TEST_DEBUG };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--keep') opts.keep = true;
    else if (a === '--verbose') opts.verbose = true;
    else if (a === '--extension') opts.extensionDir = path.resolve(argv[++i]);
    else if (a === '--tests') opts.testsPath = path.resolve(argv[++i]);
    else if (a === '--fixture') opts.fixture = path.resolve(argv[++i]);
    else if (a === '--untrusted') opts.untrusted = true;
    else if (a === '--vsix') opts.vsix = path.resolve(argv[++i]);
    else if (a === '--locale') opts.locale = argv[++i];
    else if (a === '--vscode') opts.vscode = vscodeChoice(argv[++i]);
    else if (a === '--also-install') (opts.alsoInstall ??= []).push(path.resolve(argv[++i]));
    else if (a === '--help' || a === '-h') opts.help = true;
    else throw new Error(`unknown option ${a}`);
  }
  return opts;
}

/**
 * Text of a console message from the workbench (only relayed with --verbose: in automation mode
 * the extension host's output arrives through codeAutomationLog, see below).
 */
function consoleText(msg) {
  return msg.text().replace(/^%c\s*([A-Z]+) color: #\w+ /, '$1 ');
}

/** An extension with no code and no contributions: the "extension under development" of a run that tests an installed package. */
function writeHarnessExtension(dir) {
  fs.mkdirSync(dir, { recursive: true });
  const manifest = { name: 'test-harness', publisher: 'analyst-markup-tests', version: '0.0.0', engines: { vscode: '^1.100.0' } };
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(manifest, null, 2) + '\n');
  return dir;
}

/** Installs a .vsix into extensionsDir with code-server's CLI; returns the installed id@version. */
async function installVsix({ entry, node }, { userDataDir, extensionsDir }, vsix) {
  const { execFile } = await import('node:child_process');
  const cli = (args) =>
    new Promise((resolve, reject) =>
      execFile(
        node,
        [entry, '--config', path.join(userDataDir, 'code-server.yaml'), '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir, ...args],
        (err, stdout, stderr) => (err ? reject(new Error(`code-server ${args.join(' ')} failed: ${err.message}\n${stdout}${stderr}`)) : resolve(stdout)),
      ),
    );
  await cli(['--install-extension', vsix, '--force']);
  const manifest = JSON.parse(fs.readFileSync(path.join(PROJECT_DIR, 'package.json'), 'utf8'));
  const want = `${manifest.publisher}.${manifest.name}`.toLowerCase();
  const listed = (await cli(['--list-extensions', '--show-versions']))
    .split('\n')
    .map((l) => l.trim())
    .find((l) => l.toLowerCase().startsWith(`${want}@`));
  if (!listed) throw new Error(`${want} is not listed after installing ${vsix}`);
  return listed;
}

/**
 * Writes <userDataDir>/languagepacks.json for the installed language packs of `locale`, as VS Code's
 * language pack cache does when a pack is installed from the UI (installs through the CLI leave it
 * to a later start, and the server reads it at startup to run in that locale).
 */
function registerLanguagePacks(extensionsDir, userDataDir, locale) {
  const packs = {};
  for (const dir of fs.readdirSync(extensionsDir, { withFileTypes: true })) {
    if (!dir.isDirectory()) continue;
    const root = path.join(extensionsDir, dir.name);
    let manifest;
    try {
      manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
    } catch {
      continue;
    }
    for (const loc of manifest.contributes?.localizations ?? []) {
      if (loc.languageId !== locale) continue;
      const translations = {};
      for (const t of loc.translations ?? []) translations[t.id] = path.join(root, t.path);
      packs[locale] = {
        hash: `${manifest.publisher}.${manifest.name}-${manifest.version}`.replace(/[^\w.-]/g, ''),
        extensions: [{ extensionIdentifier: { id: `${manifest.publisher}.${manifest.name}` }, version: manifest.version }],
        translations,
        label: loc.localizedLanguageName || loc.languageName || locale,
      };
    }
  }
  if (!packs[locale]) throw new Error(`--locale ${locale}: no installed language pack for it (install one with --also-install)`);
  fs.writeFileSync(path.join(userDataDir, 'languagepacks.json'), JSON.stringify(packs, null, 2) + '\n');
}

export async function runIntegration(options = {}) {
  const started = Date.now();
  const projectTests = path.join(PROJECT_DIR, 'out', 'test', 'integration', 'index.js');
  const extensionDir = options.extensionDir || (options.vsix ? null : PROJECT_DIR);
  const testsPath = options.testsPath || (extensionDir ? path.join(extensionDir, 'out', 'test', 'integration', 'index.js') : projectTests);
  const timeoutSec = Number(process.env.ANALYST_MARKUP_TEST_TIMEOUT || options.timeoutSec || 600);
  const verbose = !!options.verbose;
  const say = (s) => process.stderr.write(`[integration] ${s}\n`);

  if (!fs.existsSync(testsPath)) {
    throw new Error(`${testsPath} does not exist: compile the tests first (npm run compile-tests)`);
  }
  if (options.vsix && !fs.existsSync(options.vsix)) throw new Error(`${options.vsix} does not exist: build the package first (npm run package)`);
  if (extensionDir) {
    const pkg = JSON.parse(fs.readFileSync(path.join(extensionDir, 'package.json'), 'utf8'));
    for (const entry of [pkg.main, pkg.browser].filter(Boolean)) {
      const p = path.resolve(extensionDir, entry);
      if (!fs.existsSync(p) && !fs.existsSync(p + '.js'))
        throw new Error(`${p} (package.json main/browser) does not exist: build the extension first (npm run build)`);
    }
  }

  const vscode = vscodeChoice(options.vscode);
  const codeServer = await provisionVscode({ vscode });
  const codeServerEntry = codeServer.entry;

  const { tmp, workspace, userDataDir, extensionsDir, cleanup } = prepareTestDirs({
    keep: options.keep,
    fixture: options.fixture,
    prefix: 'analyst-markup-it-',
  });
  // Restricted Mode: trust enabled, and no modal prompt on start-up (the folder simply stays untrusted).
  if (options.untrusted)
    writeUserSettings(userDataDir, {
      'security.workspace.trust.enabled': true,
      'security.workspace.trust.startupPrompt': 'never',
      'security.workspace.trust.emptyWindow': false,
    });
  say(`workspace ${workspace}${options.keep ? ' (kept)' : ''}`);
  const developmentDir = extensionDir || writeHarnessExtension(path.join(tmp, 'harness'));
  const extraEnv = {};
  if (options.vsix) {
    const installed = await installVsix(codeServer, { userDataDir, extensionsDir }, options.vsix);
    extraEnv.ANALYST_MARKUP_INSTALLED = installed;
    say(`installed ${installed} from ${path.relative(PROJECT_DIR, options.vsix)}`);
  }
  for (const extra of options.alsoInstall ?? []) {
    const { execFile } = await import('node:child_process');
    await new Promise((resolve, reject) =>
      execFile(
        codeServer.node,
        [
          codeServerEntry,
          '--config',
          path.join(userDataDir, 'code-server.yaml'),
          '--user-data-dir',
          userDataDir,
          '--extensions-dir',
          extensionsDir,
          '--install-extension',
          extra,
          '--force',
        ],
        (err, stdout, stderr) => (err ? reject(new Error(`installing ${extra} failed: ${err.message}\n${stdout}${stderr}`)) : resolve()),
      ),
    );
    say(`installed ${path.basename(extra)}`);
  }
  if (options.locale && !options.locale.startsWith('en')) registerLanguagePacks(extensionsDir, userDataDir, options.locale);

  let server;
  let browser;
  let page;
  const bridge = await startWebviewBridge(() => page);
  let result = null;
  let exitCode = null;
  let failure = null;
  const serverLog = [];
  try {
    server = await startCodeServer({
      folder: workspace,
      userDataDir,
      extensionsDir,
      trust: !options.untrusted,
      vscode,
      env: { ...extraEnv, ANALYST_MARKUP_WEBVIEW_BRIDGE: bridge.url, ANALYST_MARKUP_VSCODE: vscode },
      extraArgs: options.locale ? ['--locale', options.locale] : [],
      log: (line) => {
        serverLog.push(line);
        if (serverLog.length > 500) serverLog.splice(0, serverLog.length - 200);
        if (verbose) process.stderr.write(`[code-server] ${line}\n`);
      },
    });
    say(`${server.label} listening on ${server.url} (${Math.round((Date.now() - started) / 1000)} s)`);

    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });

    let settle;
    const done = new Promise((resolve) => (settle = resolve));
    let resultSeen;
    const resultArrived = new Promise((resolve) => (resultSeen = resolve));

    const handleLine = (line) => {
      if (line.includes(DOM_MARKER)) answerDomQuery(page, line);
      const i = line.indexOf(RESULT_MARKER);
      if (i >= 0) {
        try {
          result = JSON.parse(line.slice(i + RESULT_MARKER.length).trim());
          resultSeen();
        } catch {
          say(`unparsable result line: ${line}`);
        }
      }
    };

    // Only with --verbose: the workbench's own console (it repeats what codeAutomationLog gets).
    if (verbose) {
      page.on('console', (msg) => process.stderr.write(`[workbench ${msg.type()}] ${consoleText(msg)}\n`));
    }
    // When VS Code runs extension tests, the workbench's log service (which then also receives
    // everything the extension host writes to its console) reports to window.codeAutomationLog
    // as (level, [format, ...args]).
    await page.exposeFunction('codeAutomationLog', (type, args) => {
      const list = Array.isArray(args) ? args : [args];
      let text;
      try {
        text = util.format(...list);
      } catch {
        text = list.map(String).join(' ');
      }
      for (const line of text.split('\n')) handleLine(line);
      if (!verbose && (NOISE.some((re) => re.test(text)) || text.startsWith(RESULT_MARKER) || text.startsWith(DOM_MARKER))) return;
      const out = type === 'error' || type === 'warning' ? process.stderr : process.stdout;
      out.write((type === 'error' || type === 'warning' ? `[${type}] ` : '') + text + '\n');
    });
    await page.exposeFunction('codeAutomationExit', (code) => {
      exitCode = Number(code);
      settle('exit');
    });
    page.on('crash', () => {
      failure = 'the browser page crashed';
      settle('crash');
    });
    page.on('close', () => {
      if (exitCode === null) failure = failure || 'the browser page closed before the tests finished';
      settle('close');
    });
    browser.on('disconnected', () => {
      if (exitCode === null) failure = failure || 'the browser exited before the tests finished';
      settle('disconnected');
    });
    if (verbose) page.on('pageerror', (err) => process.stderr.write(`[page error] ${err.stack || err}\n`));
    server.exited.then(({ code, signal }) => {
      if (exitCode === null) failure = failure || `code-server exited (code ${code}, signal ${signal}) before the tests finished`;
      settle('server-exit');
    });

    const remote = (p) => `vscode-remote://127.0.0.1:${server.port}${p.split(path.sep).join('/')}`;
    const payload = [
      ['extensionDevelopmentPath', remote(developmentDir)],
      ['extensionTestsPath', remote(testsPath)],
      ['skipWelcome', 'true'],
    ];
    const url = `${server.url}?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
    if (verbose) say(`opening ${url}`);
    await page.goto(url, { waitUntil: 'domcontentloaded' });
    say(`workbench opened (${Math.round((Date.now() - started) / 1000)} s); running tests`);

    let timer;
    const timeout = new Promise((resolve) => (timer = setTimeout(() => resolve('timeout'), timeoutSec * 1000)));
    const how = await Promise.race([done, timeout]);
    clearTimeout(timer);
    if (how === 'timeout') {
      failure = `no test result within ${timeoutSec} s (set ANALYST_MARKUP_TEST_TIMEOUT to change)`;
    } else if (how === 'exit' && !result) {
      // the result line travels through the console channel: give it a moment
      await Promise.race([resultArrived, new Promise((r) => setTimeout(r, 3000))]);
    }
  } catch (err) {
    failure = failure || `${err.message || err}`;
  } finally {
    if (browser) await browser.close().catch(() => {});
    if (server) await server.stop().catch(() => {});
    await bridge.close();
    cleanup();
  }

  const durationMs = Date.now() - started;
  if (!failure && !result)
    failure = `VS Code exited with code ${exitCode} but printed no ${RESULT_MARKER} line (did the tests module load? see the output above)`;
  if (failure && !verbose && serverLog.length) {
    process.stderr.write(
      '[integration] code-server log:\n' +
        serverLog
          .slice(-40)
          .map((l) => `  ${l}`)
          .join('\n') +
        '\n',
    );
  }
  const summary = {
    passed: result?.passed ?? 0,
    failed: result?.failed ?? 0,
    pending: result?.pending ?? 0,
    exitCode: failure ? 1 : (exitCode ?? 1),
    ...(failure ? { error: failure } : {}),
    vscode,
    durationMs,
  };
  if (summary.exitCode === 0 && summary.failed > 0) summary.exitCode = 1;
  const resultFile = process.env.ANALYST_MARKUP_RESULT_FILE
    ? path.resolve(process.env.ANALYST_MARKUP_RESULT_FILE)
    : path.join(PROJECT_DIR, 'out', 'integration-result.json');
  fs.mkdirSync(path.dirname(resultFile), { recursive: true });
  fs.writeFileSync(resultFile, JSON.stringify(summary, null, 2) + '\n');
  if (failure) say(`FAILED: ${failure}`);
  say(
    `${summary.passed} passed, ${summary.failed} failed, ${summary.pending} pending; VS Code exit code ${exitCode ?? 'none'}; ${(durationMs / 1000).toFixed(1)} s`,
  );
  return summary;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  let opts;
  try {
    opts = parseArgs(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`${e.message}\n`);
    process.exit(2);
  }
  if (opts.help) {
    process.stdout.write(
      fs
        .readFileSync(fileURLToPath(import.meta.url), 'utf8')
        .split('\n')
        .slice(1, 44)
        .map((l) => l.replace(/^\/\/ ?/, ''))
        .join('\n') + '\n',
    );
    process.exit(0);
  }
  runIntegration({ ...opts, untrusted: opts.untrusted }).then(
    (summary) => process.exit(summary.exitCode),
    (err) => {
      process.stderr.write(`[integration] FAILED: ${err.stack || err}\n`);
      process.exit(1);
    },
  );
}
