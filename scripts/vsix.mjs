#!/usr/bin/env node
// Packs the extension into a .vsix with @vscode/vsce (its manifest, README and icon checks run),
// offline: `npm run package` is `vsce package --no-dependencies`; this module is the same for
// scripts (the demo, the installed-package test stage) that need the file's path and contents.
//
//   node scripts/vsix.mjs [out.vsix]     (default: analyst-markup-<version>.vsix in the project)
//
// What is packed is decided by .vscodeignore. vsce runs the `vscode:prepublish` script (the
// production build, node esbuild.mjs) first. Runtime dependencies are bundled into dist/ by
// esbuild (node_modules is not packed); dist/yaml.js and dist/web/yaml.js, the `yaml` library the
// entries load on first use, the bundles their commands load on first use and the views' webview
// scripts must be in the package: buildVsix refuses a package without them.

import fs from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const PROJECT_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

/** Builds a .vsix of extensionDir with vsce; returns { file, id, version, files, bytes }. */
export async function buildVsix({ extensionDir = PROJECT_DIR, outFile } = {}) {
  const vsce = require('@vscode/vsce');
  const pkg = JSON.parse(fs.readFileSync(path.join(extensionDir, 'package.json'), 'utf8'));
  for (const k of ['name', 'publisher', 'version']) if (!pkg[k]) throw new Error(`package.json has no "${k}"`);
  outFile = outFile || path.join(extensionDir, `${pkg.name}-${pkg.version}.vsix`);
  fs.mkdirSync(path.dirname(outFile), { recursive: true });
  await vsce.createVSIX({ cwd: extensionDir, packagePath: outFile, dependencies: false });
  const files = (await vsce.listFiles({ cwd: extensionDir, packageManager: vsce.PackageManager.None })).map((f) => f.split(path.sep).join('/')).sort();
  for (const entry of [pkg.main, pkg.browser].filter(Boolean)) {
    const rel = path.posix.normalize(entry.replace(/^\.\//, ''));
    const withJs = rel.endsWith('.js') ? rel : `${rel}.js`;
    if (!files.includes(rel) && !files.includes(withJs)) throw new Error(`${entry} (package.json main/browser) is not in the package: check .vscodeignore`);
    // The `yaml` library each entry loads on first use, from its own folder (src/node/lazyYaml.ts, src/web/lazyYaml.ts).
    const yaml = path.posix.join(path.posix.dirname(withJs), 'yaml.js');
    if (!files.includes(yaml)) throw new Error(`${yaml} (the yaml library of ${entry}) is not in the package: check .vscodeignore`);
    // The bundles its commands load on first use (src/vscode/lazyBundle.ts).
    for (const bundle of ['views', 'exports', 'authoring']) {
      const file = path.posix.join(path.posix.dirname(withJs), `${bundle}.js`);
      if (!files.includes(file)) throw new Error(`${file} (loaded by ${entry} on first use) is not in the package: check .vscodeignore`);
    }
  }
  // The views' webview scripts and style (src/vscode/viewPanel.ts).
  for (const file of ['dist/webview/timeline.js', 'dist/webview/network.js', 'media/views.css']) {
    if (!files.includes(file)) throw new Error(`${file} (the views' webview) is not in the package: check .vscodeignore`);
  }
  return { file: outFile, id: `${pkg.publisher}.${pkg.name}`, version: pkg.version, files, bytes: fs.statSync(outFile).size };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const r = await buildVsix({ outFile: process.argv[2] ? path.resolve(process.argv[2]) : undefined });
    process.stdout.write(`${r.file} (${r.id}@${r.version}, ${r.files.length} files, ${(r.bytes / 1024).toFixed(1)} KB)\n`);
  } catch (e) {
    process.stderr.write(`vsix: ${e.message || e}\n`);
    process.exit(1);
  }
}
