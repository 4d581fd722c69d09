// The core must stay pure: no `vscode`, no Node built-ins (it runs in the web worker extension
// host and in the CLI), and the VS Code layer reads files only through `vscode.workspace.fs`.
import { strict as assert } from 'node:assert';
import { readFileSync, readdirSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';

const root = path.resolve(__dirname, '../../..');
const imports = (file: string) => [...readFileSync(file, 'utf8').matchAll(/^\s*import[^'"]*['"]([^'"]+)['"]/gm)].map((m) => m[1]);
const sources = (dir: string) =>
  readdirSync(path.join(root, dir))
    .filter((f) => f.endsWith('.ts'))
    .map((f) => path.join(root, dir, f));

describe('architecture', () => {
  it('src/core imports neither vscode nor Node built-ins', () => {
    const nodeModules = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
    for (const file of sources('src/core')) {
      for (const spec of imports(file)) {
        assert.ok(spec !== 'vscode' && !nodeModules.has(spec) && !spec.startsWith('node:'), `${path.relative(root, file)} imports ${spec}`);
      }
    }
  });

  it('src/vscode and src/web use no Node built-ins (files go through vscode.workspace.fs)', () => {
    for (const file of [...sources('src/vscode'), ...sources('src/web'), path.join(root, 'src/extension.ts')]) {
      for (const spec of imports(file)) {
        assert.ok(!builtinModules.includes(spec.replace(/^node:/, '')), `${path.relative(root, file)} imports ${spec}`);
      }
    }
  });
});
