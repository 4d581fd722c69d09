#!/usr/bin/env node
// `npm run demo`: builds the extension, installs it (as a .vsix, like a user would) into a
// persistent demo extensions dir, and serves the demo/ folder in VS Code 1.100 (code-server)
// until Ctrl-C — open the printed URL in a browser.
//
//   node scripts/demo.mjs [--port N] [--no-build] [--folder <dir>]
//   node scripts/demo.mjs --screenshot <file.png> [--open <file relative to the folder>]
//                         [--wait <ms>] [--size 1400x900] [--theme "<color theme>"]
//                         [--command "<palette title>"]… [--goto <line>] [--hover "<text>"]
//                         [--setting key=JSON]…
//   node scripts/demo.mjs --verify
//
// --screenshot  instead of staying up: open the workbench in headless Chromium, open the given
//               file (Quick Open), wait for the extension's highlights, save a PNG, exit.
//   --command   run a command by its Command Palette title after opening the file (repeatable,
//               in order), e.g. "Analyst Markup: Focus on Claims & Events View".
//   --goto      Go to Line <line> in the editor (scrolls it into view) before hovering.
//   --hover     move the mouse over the first occurrence of <text> visible in the editor and
//               wait for the hover card before the screenshot; "<text>#N" takes the N-th one.
//   --setting   an extra user setting, key=JSON value (repeatable), e.g. editor.minimap.enabled=false.
// --verify      open the workbench headless and check (Developer: Show Running Extensions)
//               that the extension is running; exit 0/1.
// Environment: PORT overrides the default port 8080 (serving mode).
//
// Demo state lives in .vscode-test/demo-extensions/ and .vscode-test/demo-user-data/.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import { PROJECT_DIR, provisionCodeServer } from './provision-vscode.mjs';
import { startCodeServer, launchBrowser, onExit } from './code-server.mjs';
import { buildVsix } from './vsix.mjs';
import { TEST_USER_SETTINGS, writeUserSettings } from './run-integration.mjs';

const say = (s) => process.stderr.write(`[demo] ${s}\n`);

function parseArgs(argv) {
  const o = { build: true, port: Number(process.env.PORT) || 0, wait: 2500, size: '1400x900', commands: [], settings: {} };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const val = () => {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
      return argv[++i];
    };
    if (a === '--screenshot') o.screenshot = path.resolve(val());
    else if (a === '--open') o.open = val();
    else if (a === '--wait') o.wait = Number(val());
    else if (a === '--size') o.size = val();
    else if (a === '--theme') o.theme = val();
    else if (a === '--command') o.commands.push(val());
    else if (a === '--goto') o.goto = Number(val());
    else if (a === '--hover') o.hover = val();
    else if (a === '--setting') {
      const kv = val();
      const eq = kv.indexOf('=');
      if (eq <= 0) throw new Error(`--setting needs key=JSON, got ${kv}`);
      const raw = kv.slice(eq + 1);
      let value;
      try {
        value = JSON.parse(raw);
      } catch {
        value = raw; // a bare string
      }
      o.settings[kv.slice(0, eq)] = value;
    } else if (a === '--port') o.port = Number(val());
    else if (a === '--folder') o.folder = path.resolve(val());
    else if (a === '--no-build') o.build = false;
    else if (a === '--verify') o.verify = true;
    else throw new Error(`unknown option ${a} (see the header of scripts/demo.mjs)`);
  }
  return o;
}

function runNode(args, { quiet = false } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: PROJECT_DIR, stdio: ['ignore', quiet ? 'pipe' : 'inherit', quiet ? 'pipe' : 'inherit'] });
    let out = '';
    child.stdout?.on('data', (d) => (out += d));
    child.stderr?.on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve(out) : reject(new Error(`node ${args.join(' ')} failed (exit code ${code})${quiet ? `:\n${out}` : ''}`)),
    );
  });
}

/** Packs the built extension and installs it into the demo extensions dir. */
async function installExtension({ extensionsDir, userDataDir }) {
  const entry = await provisionCodeServer();
  const vsixDir = path.join(PROJECT_DIR, '.vscode-test', 'demo-vsix');
  fs.rmSync(vsixDir, { recursive: true, force: true });
  const vsix = await buildVsix({ extensionDir: PROJECT_DIR, outFile: path.join(vsixDir, 'analyst-markup.vsix') });
  const common = ['--config', path.join(userDataDir, 'code-server.yaml'), '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir];
  // --force reinstalls the same version, so rebuilt code replaces the previous install
  await runNode([entry, ...common, '--install-extension', vsix.file, '--force'], { quiet: true });
  const list = await runNode([entry, ...common, '--list-extensions', '--show-versions'], { quiet: true });
  if (!list.split('\n').some((l) => l.trim().toLowerCase() === `${vsix.id}@${vsix.version}`.toLowerCase())) {
    throw new Error(`${vsix.id}@${vsix.version} is not listed after installing ${vsix.file}:\n${list}`);
  }
  say(`installed ${vsix.id}@${vsix.version} (${vsix.files.length} files) into ${path.relative(PROJECT_DIR, extensionsDir)}`);
  return vsix;
}

async function openWorkbench(browser, url, { width, height }) {
  const page = await browser.newPage({ viewport: { width, height } });
  await page.goto(url, { waitUntil: 'domcontentloaded' });
  await page.waitForSelector('.monaco-workbench .part.statusbar', { timeout: 60_000 });
  // let the extension host start and the extension activate
  await page.waitForTimeout(2500);
  return page;
}

async function runCommand(page, label) {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: 10_000 });
  await input.fill(`>${label}`);
  await page.locator('.quick-input-widget .monaco-list-row', { hasText: label }).first().waitFor({ timeout: 10_000 });
  await page.keyboard.press('Enter');
}

async function quickOpen(page, relFile) {
  // focus the workbench, then Ctrl+P (Quick Open)
  await page
    .locator('.monaco-workbench')
    .click({ position: { x: 700, y: 400 } })
    .catch(() => {});
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: 10_000 });
  await input.fill(relFile);
  const base = path.basename(relFile);
  await page.locator('.quick-input-widget .monaco-list-row', { hasText: base }).first().waitFor({ timeout: 20_000 });
  await page.keyboard.press('Enter');
  await page.locator('.tabs-container .tab', { hasText: base }).first().waitFor({ timeout: 20_000 });
  await page.locator('.editor-instance .monaco-editor .view-lines').first().waitFor({ timeout: 20_000 });
}

async function goToLine(page, line) {
  await page.keyboard.press('Control+G');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: 10_000 });
  await input.fill(`:${line}`);
  await page.waitForTimeout(200);
  await page.keyboard.press('Enter');
  await page
    .locator('.quick-input-widget')
    .waitFor({ state: 'hidden', timeout: 5000 })
    .catch(() => {});
}

/**
 * Moves the mouse over the n-th (1-based) occurrence of `text` among the editor lines on screen
 * and waits for a hover widget. Monaco renders a line as spans (tokens, decorations) with
 * U+00A0 for spaces, so each line's text nodes are joined and searched as one string.
 */
async function hoverText(page, spec) {
  const m = /^(.*)#(\d+)$/s.exec(spec);
  const text = m ? m[1] : spec;
  const nth = m ? Number(m[2]) : 1;
  const box = await page.evaluate(
    ({ text, nth }) => {
      const editor = document.querySelector('.editor-instance .monaco-editor .view-lines');
      if (!editor) return undefined;
      const lines = [...editor.querySelectorAll('.view-line')].sort((a, b) => a.getBoundingClientRect().top - b.getBoundingClientRect().top);
      let seen = 0;
      for (const line of lines) {
        const nodes = [];
        const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
        let joined = '';
        for (let n = walker.nextNode(); n; n = walker.nextNode()) {
          nodes.push({ node: n, start: joined.length });
          joined += n.data;
        }
        joined = joined.replace(/\u00a0/g, ' ');
        let from = 0;
        for (;;) {
          const at = joined.indexOf(text, from);
          if (at < 0) break;
          from = at + 1;
          if (++seen < nth) continue;
          const locate = (offset, end) => {
            for (let i = nodes.length - 1; i >= 0; i--) {
              const { node, start } = nodes[i];
              if (end ? offset > start : offset >= start) return { node, offset: offset - start };
            }
            return { node: nodes[0].node, offset: 0 };
          };
          const s = locate(at, false);
          const e = locate(at + text.length, true);
          const range = document.createRange();
          range.setStart(s.node, s.offset);
          range.setEnd(e.node, e.offset);
          const r = range.getClientRects()[0] ?? range.getBoundingClientRect();
          return { x: r.left, y: r.top, width: r.width, height: r.height };
        }
      }
      return undefined;
    },
    { text, nth },
  );
  if (!box) throw new Error(`--hover: “${text}” (occurrence ${nth}) is not visible in the editor`);
  const x = box.x + Math.min(box.width / 2, 12);
  const y = box.y + box.height / 2;
  await page.mouse.move(x - 40, y + 40);
  await page.mouse.move(x, y, { steps: 8 });
  const hover = page.locator('.monaco-hover:not(.hidden)').filter({ hasText: /\S/ }).first();
  await hover.waitFor({ state: 'visible', timeout: 10_000 });
}

async function main() {
  const o = parseArgs(process.argv.slice(2));
  const folder = o.folder || path.join(PROJECT_DIR, 'demo');
  if (!fs.existsSync(folder)) throw new Error(`demo folder ${folder} does not exist`);
  const [width, height] = o.size.split('x').map(Number);

  if (o.build) {
    say('building (node esbuild.mjs)');
    await runNode(['esbuild.mjs']);
  }

  const extensionsDir = path.join(PROJECT_DIR, '.vscode-test', 'demo-extensions');
  const persistentUserData = path.join(PROJECT_DIR, '.vscode-test', 'demo-user-data');
  const pkg = JSON.parse(fs.readFileSync(path.join(PROJECT_DIR, 'package.json'), 'utf8'));
  const headless = !!(o.screenshot || o.verify);

  // Headless runs use a fresh profile (reproducible screenshots, no clash with a running demo).
  let userDataDir = persistentUserData;
  if (headless) {
    userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'analyst-markup-demo-'));
    onExit(() => fs.rmSync(userDataDir, { recursive: true, force: true }));
  }
  const settings = { ...TEST_USER_SETTINGS, ...(o.theme ? { 'workbench.colorTheme': o.theme } : {}), ...o.settings };
  if (headless || !fs.existsSync(path.join(userDataDir, 'User', 'settings.json'))) writeUserSettings(userDataDir, settings);

  await installExtension({ extensionsDir, userDataDir });

  const server = await startCodeServer({
    folder,
    extensionsDir,
    userDataDir,
    port: headless ? o.port || undefined : o.port || 8080,
    trust: true,
    log: (line) => {
      if (!headless || process.env.ANALYST_MARKUP_DEMO_DEBUG) process.stderr.write(`[code-server] ${line}\n`);
    },
  });
  const url = `${server.url}?folder=${encodeURIComponent(folder)}`;

  if (!headless) {
    process.stdout.write(`\nAnalyst Markup demo: open http://127.0.0.1:${server.port}/?folder=${folder}\n(Ctrl-C to stop)\n\n`);
    const { code, signal } = await server.exited;
    say(`code-server exited (code ${code}, signal ${signal})`);
    process.exit(code ?? 1);
  }

  const browser = await launchBrowser();
  let exitCode = 0;
  try {
    const page = await openWorkbench(browser, url, { width, height });
    if (o.verify) {
      // The manifest's displayName is a %key% of package.nls.json (scripts/nls.mjs): the list shows its text.
      const nls = JSON.parse(fs.readFileSync(path.join(PROJECT_DIR, 'package.nls.json'), 'utf8'));
      const key = /^%(.+)%$/.exec(pkg.displayName ?? '')?.[1];
      const name = (key ? nls[key] : pkg.displayName) || pkg.name;
      await runCommand(page, 'Developer: Show Running Extensions');
      const row = page.locator('.runtime-extensions-editor .monaco-list-row', { hasText: name }).first();
      try {
        await row.waitFor({ timeout: 20_000 });
        say(`verified: "${name}" is running (${(await row.innerText()).replace(/\s+/g, ' ').trim()})`);
      } catch {
        say(`NOT verified: "${name}" is not in the running extensions`);
        exitCode = 1;
      }
      if (o.screenshot) await page.screenshot({ path: o.screenshot });
    } else {
      if (o.open) {
        await quickOpen(page, o.open);
        await page
          .locator('.quick-input-widget')
          .waitFor({ state: 'hidden', timeout: 5000 })
          .catch(() => {});
      }
      for (const command of o.commands) {
        await runCommand(page, command);
        await page
          .locator('.quick-input-widget')
          .waitFor({ state: 'hidden', timeout: 5000 })
          .catch(() => {});
        await page.waitForTimeout(500);
      }
      if (o.goto) await goToLine(page, o.goto);
      await page.waitForTimeout(o.wait); // highlights, hovers, code lenses
      if (o.hover) {
        await hoverText(page, o.hover);
        await page.waitForTimeout(800); // let the card finish rendering
      }
      fs.mkdirSync(path.dirname(o.screenshot), { recursive: true });
      await page.screenshot({ path: o.screenshot });
      say(`screenshot saved to ${o.screenshot}`);
    }
  } finally {
    await browser.close().catch(() => {});
    await server.stop();
  }
  process.exit(exitCode);
}

main().catch((err) => {
  say(`FAILED: ${err.stack || err}`);
  process.exit(1);
});
