#!/usr/bin/env node
// Makes the walkthrough's images (media/walkthrough/*.jpg) from the demo screenshots
// (media/screenshots/*.png, see docs/screenshots.md): scaled to 800 px wide JPEGs, so the
// package stays small. Run after retaking the screenshots:
//
//   node scripts/walkthrough-images.mjs

import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_DIR } from './provision-vscode.mjs';
import { launchBrowser } from './code-server.mjs';

// walkthrough image ← screenshot
const IMAGES = {
  'registry.jpg': 'diagnostics.png',
  'highlights.jpg': 'highlights.png',
  'hover.jpg': 'hover.png',
  'tag.jpg': 'tags.png',
  'export.jpg': 'export.png',
};
const WIDTH = 800;

const outDir = path.join(PROJECT_DIR, 'media', 'walkthrough');
fs.mkdirSync(outDir, { recursive: true });
const browser = await launchBrowser();
try {
  const page = await browser.newPage({ viewport: { width: WIDTH, height: 600 }, deviceScaleFactor: 1 });
  for (const [out, source] of Object.entries(IMAGES)) {
    const png = fs.readFileSync(path.join(PROJECT_DIR, 'media', 'screenshots', source));
    await page.setContent(
      `<!doctype html><body style="margin:0"><img id="i" style="display:block;width:${WIDTH}px" src="data:image/png;base64,${png.toString('base64')}">`,
    );
    await page.waitForFunction(() => document.getElementById('i').complete);
    const jpg = await page.locator('#i').screenshot({ type: 'jpeg', quality: 75 });
    fs.writeFileSync(path.join(outDir, out), jpg);
    process.stdout.write(`media/walkthrough/${out} ← media/screenshots/${source} (${(jpg.length / 1024).toFixed(0)} KB)\n`);
  }
} finally {
  await browser.close();
}
