// The extension is MIT and bundles what src/ imports (esbuild): every package it bundles, and
// every package those depend on, must have a licence that lets it ship in an MIT package. The
// network view had bundled cytoscape-svg (GPL-3.0) before this test.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const PERMISSIVE = /^(MIT|ISC|BSD-2-Clause|BSD-3-Clause|Apache-2\.0|0BSD|BlueOak-1\.0\.0|Python-2\.0)$/;
/** Provided by the host, not bundled. */
const HOST = new Set(['vscode']);

function sources(dir: string, out: string[] = []): string[] {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) sources(full, out);
    else if (entry.name.endsWith('.ts')) out.push(full);
  }
  return out;
}

/** The package name of a bare import (`d3-scale`, `@scope/name`, `vscode-languageserver/node` → `vscode-languageserver`). */
function packageOf(specifier: string): string | undefined {
  if (specifier.startsWith('.') || specifier.startsWith('node:')) return undefined;
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

function manifest(name: string): { license?: unknown; dependencies?: Record<string, string> } {
  return JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules', name, 'package.json'), 'utf8')) as {
    license?: unknown;
    dependencies?: Record<string, string>;
  };
}

describe('licences of what the extension bundles', () => {
  it('every package src/ imports, and what they depend on, is under a permissive licence', () => {
    const imported = new Set<string>();
    for (const file of sources(path.join(ROOT, 'src'))) {
      const text = fs.readFileSync(file, 'utf8');
      const specifiers = [
        ...text.matchAll(/^\s*(?:import|export)\b[^'"]*?\bfrom\s*['"]([^'"]+)['"]/gm),
        ...text.matchAll(/^\s*import\s*['"]([^'"]+)['"]/gm),
        ...text.matchAll(/\b(?:require|import)\(\s*['"]([^'"]+)['"]\s*\)/g),
      ];
      for (const m of specifiers) {
        const name = packageOf(m[1]);
        if (name && !HOST.has(name)) imported.add(name);
      }
    }
    assert.ok(imported.has('cytoscape') && imported.has('yaml'), [...imported].join(', '));
    const seen = new Set<string>();
    const queue = [...imported];
    const refused: string[] = [];
    while (queue.length > 0) {
      const name = queue.pop()!;
      if (seen.has(name)) continue;
      seen.add(name);
      const pkg = manifest(name);
      const licence = typeof pkg.license === 'string' ? pkg.license.replace(/^\((.*)\)$/, '$1') : '';
      // "MIT OR Apache-2.0": any permissive choice will do.
      if (!licence.split(/\s+OR\s+/).some((l) => PERMISSIVE.test(l.trim()))) refused.push(`${name}: ${String(pkg.license)}`);
      for (const dependency of Object.keys(pkg.dependencies ?? {})) queue.push(dependency);
    }
    assert.deepEqual(refused, []);
    assert.ok(seen.size >= imported.size);
  });
});
