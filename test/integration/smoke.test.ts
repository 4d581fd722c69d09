import * as assert from 'assert';
import * as vscode from 'vscode';
import { api, waitFor, workspaceUri, highlights } from './helpers';

const EXTENSION_ID = 'analyst-markup.analyst-markup';

/** Every file of the extension that its manifest names (paths relative to the extension folder). */
function filesNamedByManifest(pkg: Record<string, unknown>): string[] {
  const files: string[] = [];
  const add = (value: unknown) => {
    if (typeof value === 'string' && value && !value.startsWith('$(') && !/^[a-z]+:/i.test(value)) files.push(value.replace(/^\.\//, ''));
  };
  const list = (value: unknown): Record<string, unknown>[] => (Array.isArray(value) ? (value as Record<string, unknown>[]) : []);
  add(pkg.main);
  add(pkg.browser);
  add(pkg.icon);
  if (typeof pkg.l10n === 'string') files.push(`${pkg.l10n.replace(/^\.\//, '')}/bundle.l10n.json`);
  const contributes = (pkg.contributes ?? {}) as Record<string, unknown>;
  for (const g of list(contributes.grammars)) add(g.path);
  for (const v of [...list(contributes.yamlValidation), ...list(contributes.jsonValidation)]) add(v.url);
  for (const containers of Object.values((contributes.viewsContainers ?? {}) as Record<string, unknown>)) for (const c of list(containers)) add(c.icon);
  for (const views of Object.values((contributes.views ?? {}) as Record<string, unknown>)) for (const v of list(views)) add(v.icon);
  for (const w of list(contributes.walkthroughs)) {
    for (const step of list(w.steps)) {
      const media = (step.media ?? {}) as Record<string, unknown>;
      for (const key of ['markdown', 'svg']) add(media[key]);
      const image = media.image;
      if (typeof image === 'string') add(image);
      else if (image && typeof image === 'object') for (const themed of Object.values(image as Record<string, unknown>)) add(themed);
    }
  }
  for (const css of list((contributes as { 'markdown.previewStyles'?: unknown })['markdown.previewStyles'])) add(css);
  return [...new Set(files)];
}

describe('Analyst Markup extension (smoke)', () => {
  it('is installed and activates', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `extension ${EXTENSION_ID} is not loaded`);
    await extension.activate();
    assert.strictEqual(extension.isActive, true);
    // In the installed-package run (scripts/test-all.mjs, stage "package"), the extension is the copy
    // that `code-server --install-extension` unpacked, not the development folder.
    const installed = process.env.ANALYST_MARKUP_INSTALLED;
    if (installed) {
      assert.strictEqual(`${EXTENSION_ID}@${String(extension.packageJSON.version)}`, installed.toLowerCase());
      assert.strictEqual(extension.extensionKind, vscode.ExtensionKind.Workspace);
      assert.ok(!vscode.extensions.all.some((e) => e.id !== EXTENSION_ID && e.id.toLowerCase() === EXTENSION_ID), 'one copy of the extension');
      assert.match(extension.extensionUri.path, /\/extensions\/analyst-markup\.analyst-markup-[^/]+$/, 'runs from the extensions folder');
    }
  });

  it('has every file its manifest names, and its contributed strings resolved', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension);
    const pkg = extension.packageJSON as Record<string, unknown>;
    const files = filesNamedByManifest(pkg);
    assert.ok(files.length >= 6, `the manifest names files: ${files.join(', ')}`);
    const missing: string[] = [];
    for (const file of files) {
      try {
        await vscode.workspace.fs.stat(vscode.Uri.joinPath(extension.extensionUri, file));
      } catch {
        missing.push(file);
      }
    }
    assert.deepStrictEqual(missing, [], 'files named in package.json but missing from the extension');
    // The yaml library each bundle loads on first use (src/node/lazyYaml.ts, src/web/lazyYaml.ts).
    for (const file of ['dist/yaml.js', 'dist/web/yaml.js']) await vscode.workspace.fs.stat(vscode.Uri.joinPath(extension.extensionUri, file));
    // package.nls.json: VS Code replaced every %key% of the manifest.
    const unresolved = JSON.stringify(pkg.contributes).match(/"%[\w.-]+%"/g) ?? [];
    assert.deepStrictEqual(unresolved, [], 'contributed strings without a package.nls.json entry');
  });

  it('loads the code its commands load on first use: the network draws, an export is written', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension);
    // The bundles src/vscode/lazyBundle.ts loads, and the views' webview scripts: not named in the
    // manifest, so the check above cannot see a package that lacks them.
    for (const name of ['views', 'exports', 'authoring']) {
      for (const file of [`dist/${name}.js`, `dist/web/${name}.js`]) await vscode.workspace.fs.stat(vscode.Uri.joinPath(extension.extensionUri, file));
    }
    for (const file of ['dist/webview/network.js', 'dist/webview/timeline.js', 'media/views.css'])
      await vscode.workspace.fs.stat(vscode.Uri.joinPath(extension.extensionUri, file));
    const shown = await vscode.commands.executeCommand<{ nodes: number; edges: number }>('analystMarkup.showNetwork', {});
    assert.ok(shown && shown.nodes > 0, `the network shows the registry's entities: ${JSON.stringify(shown)}`);
    const drawn = await vscode.commands.executeCommand<{ counts: Record<string, number> } | undefined>('analystMarkup.internal.networkDrawn');
    assert.equal(drawn?.counts.nodes, shown.nodes, 'the webview drew every node');
    const exported = await vscode.commands.executeCommand<{ uri: string; claims: number; events: number }>('analystMarkup.exportTags', {
      format: 'json',
      target: 'exports/smoke.json',
    });
    assert.ok(exported, 'the export ran');
    const json = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.parse(exported.uri)))) as { tags: unknown[] };
    assert.equal(json.tags.length, exported.claims + exported.events, 'every claim and event exported');
    assert.ok(json.tags.length > 0, 'the fixture workspace has tags');
    await vscode.workspace.fs.delete(vscode.Uri.parse(exported.uri));
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('highlights the fixture article from the registry it finds', async () => {
    const uri = workspaceUri('articles', 'larijani.txt');
    const mentions = await (await api()).mentions(uri);
    assert.ok(
      mentions.some((m) => m.entityId === 'ali-larijani'),
      'Larijani is found',
    );
    await vscode.window.showTextDocument(uri);
    await waitFor('highlights in the editor', async () => (await highlights(uri)).length > 0, 10000);
    const shown = await highlights(uri);
    assert.ok(
      shown.some((h) => h.type === 'person'),
      `a person highlighted: ${JSON.stringify(shown.slice(0, 3))}`,
    );
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
});
