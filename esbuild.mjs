// Bundles the extension for the desktop (Node) and web-worker extension hosts, and the CLI.
// Usage: node esbuild.mjs [--watch] [--dev]   (--dev: no minification)
import * as esbuild from 'esbuild';
import { existsSync } from 'node:fs';

const watch = process.argv.includes('--watch');
const minify = !process.argv.includes('--dev');

const common = {
  bundle: true,
  minify,
  sourcemap: true,
  target: 'es2022',
  logLevel: 'warning',
  legalComments: 'none',
};

const builds = [
  // Desktop: the `yaml` library goes to its own file, loaded on first use (src/node/lazyYaml.ts).
  {
    ...common,
    entryPoints: ['src/extension.ts'],
    outfile: 'dist/extension.js',
    platform: 'node',
    format: 'cjs',
    external: ['vscode', './yaml.js', './views.js', './exports.js', './authoring.js'],
    alias: { yaml: './src/node/lazyYaml.ts' },
  },
  { ...common, entryPoints: ['node_modules/yaml/browser/index.js'], outfile: 'dist/yaml.js', platform: 'node', format: 'cjs' },
  // Web (vscode.dev, web worker extension host): the same, but the library is fetched on first use
  // and evaluated as a CommonJS module (src/web/lazyYaml.ts), since a worker cannot require it.
  {
    ...common,
    entryPoints: ['src/extension.ts'],
    outfile: 'dist/web/extension.js',
    platform: 'browser',
    format: 'cjs',
    external: ['vscode', './views.js', './exports.js', './authoring.js'],
    alias: { yaml: './src/web/lazyYaml.ts' },
  },
  { ...common, entryPoints: ['node_modules/yaml/browser/index.js'], outfile: 'dist/web/yaml.js', platform: 'browser', format: 'cjs' },
];
// The bundles loaded on a command's first use (src/vscode/lazyBundle.ts): the views' extension-side
// code (views.ts), the exports (exportTagsCommand.ts) and the registry authoring commands
// (registryAuthoring.ts). Desktop: `yaml` as in the extension (Node's module cache shares the
// one library file). Web: `yaml` is the extension's own module, handed in by the loader.
const lazyBundles = { views: 'src/vscode/views.ts', exports: 'src/vscode/exportTagsCommand.ts', authoring: 'src/vscode/registryAuthoring.ts' };
for (const [name, entry] of Object.entries(lazyBundles)) {
  builds.push(
    {
      ...common,
      entryPoints: [entry],
      outfile: `dist/${name}.js`,
      platform: 'node',
      format: 'cjs',
      external: ['vscode', './yaml.js'],
      alias: { yaml: './src/node/lazyYaml.ts' },
    },
    { ...common, entryPoints: [entry], outfile: `dist/web/${name}.js`, platform: 'browser', format: 'cjs', external: ['vscode', 'yaml'] },
  );
}
// The timeline and network webviews: one browser bundle each, loaded only when a view opens
// (src/vscode/viewPanel.ts), so that their libraries (d3, Cytoscape.js) never weigh on activation.
for (const view of ['timeline', 'network']) {
  builds.push({
    ...common,
    entryPoints: [`src/webview/${view}.ts`],
    outfile: `dist/webview/${view}.js`,
    platform: 'browser',
    format: 'iife',
    // When the script began (before its libraries evaluate): the benchmark's breakdown (common.ts loadTimings).
    banner: { js: 'window.analystMarkupLoad&&(window.analystMarkupLoad.script=performance.now());' },
  });
}
if (existsSync('src/cli/main.ts')) {
  builds.push({
    ...common,
    entryPoints: ['src/cli/main.ts'],
    outfile: 'dist/cli.js',
    platform: 'node',
    format: 'cjs',
    banner: { js: '#!/usr/bin/env node' },
  });
}
// The language server (`analyst-markup lsp`), in a file of its own: the CLI requires it only for
// `lsp`, so `check`, `scan`, … never load the protocol libraries.
if (existsSync('src/lsp/main.ts')) {
  builds.push({ ...common, entryPoints: ['src/lsp/main.ts'], outfile: 'dist/lsp.js', platform: 'node', format: 'cjs' });
}

if (watch) {
  for (const options of builds) await (await esbuild.context(options)).watch();
  console.error('esbuild: watching src/ …');
} else {
  const started = Date.now();
  await Promise.all(builds.map((options) => esbuild.build(options)));
  console.error(`esbuild: built ${builds.map((b) => b.outfile).join(', ')} in ${Date.now() - started} ms`);
}
