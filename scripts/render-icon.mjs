#!/usr/bin/env node
// Renders media/icon.svg to media/icon.png (128×128, the Marketplace icon vsce requires as PNG)
// with the system's Chromium through playwright-core. Run after editing the SVG:
//
//   node scripts/render-icon.mjs
//
// The PNG is committed; packaging does not render it.

import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_DIR } from './provision-vscode.mjs';
import { launchBrowser } from './code-server.mjs';

const svg = fs.readFileSync(path.join(PROJECT_DIR, 'media', 'icon.svg'), 'utf8');
const browser = await launchBrowser();
try {
  const page = await browser.newPage({ viewport: { width: 128, height: 128 }, deviceScaleFactor: 1 });
  await page.setContent(`<!doctype html><html><body style="margin:0;background:transparent">${svg}</body></html>`);
  const png = await page.locator('svg').screenshot({ omitBackground: true });
  const out = path.join(PROJECT_DIR, 'media', 'icon.png');
  fs.writeFileSync(out, png);
  process.stdout.write(`${path.relative(PROJECT_DIR, out)} (${png.length} bytes)\n`);
} finally {
  await browser.close();
}
