// The pure core (src/core) bundled by esbuild for the scripts that measure it (bench, eval,
// phoenix-precision): one CommonJS file exporting the named modules, loaded with `require`.

import * as esbuild from 'esbuild';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Bundles `modules` (names under src/core) into `outfile` (relative to the project) and returns
 * their exports. `minify` as dist/extension.js ships (constants inlined across modules);
 * `plugins` are esbuild plugins (phoenix-precision swaps in an older importer).
 */
export async function bundleCore(modules, outfile, { minify = false, plugins = [] } = {}) {
  const file = path.join(root, outfile);
  await esbuild.build({
    stdin: { contents: modules.map((m) => `export * from './src/core/${m}';`).join('\n'), resolveDir: root, loader: 'ts' },
    bundle: true,
    minify,
    format: 'cjs',
    platform: 'node',
    target: 'es2022',
    outfile: file,
    logLevel: 'warning',
    plugins,
  });
  delete require.cache[file];
  return require(file);
}
