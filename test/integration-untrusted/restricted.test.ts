// Restricted Mode (issue 15): a stranger's repository opened without trusting it. The workspace's
// analystMarkup.registry.files is ignored, registry files that are links, devices or huge are not
// read, and registry text in hovers never renders as theme icons, HTML or links other than http(s)
// (checked in the rendered workbench, not only in the Markdown we hand over).
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import { api, waitFor, workspaceUri } from '../integration/helpers';
import { evaluateInWorkbench } from '../integration/workbenchDom';

interface RenderedElement {
  html: string;
  text: string;
  icons: number;
}

/** What the workbench shows for `selector`: each element's HTML, text and theme icons (codicons). */
async function rendered(selector: string): Promise<RenderedElement[]> {
  return evaluateInWorkbench<RenderedElement[]>(
    `[...document.querySelectorAll(${JSON.stringify(selector)})].map((e) => ({ html: e.innerHTML, text: e.textContent, icons: e.querySelectorAll('.codicon').length }))`,
  );
}

async function registryDiagnostics(uri: vscode.Uri): Promise<vscode.Diagnostic[]> {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'registry');
}

describe('Restricted Mode (an untrusted workspace)', function () {
  this.timeout(60_000);

  it('runs untrusted: the workspace is in Restricted Mode and the extension is active', async () => {
    assert.strictEqual(vscode.workspace.isTrusted, false);
    const extension = await api();
    assert.ok(extension.entity('evil-corp'), 'the registry in the default places is read');
  });

  it("ignores the workspace's analystMarkup.registry.files", async () => {
    const settings = JSON.parse(fs.readFileSync(workspaceUri('.vscode', 'settings.json').fsPath, 'utf8')) as Record<string, unknown>;
    assert.deepStrictEqual(settings['analystMarkup.registry.files'], ['decoy/**/*.yaml'], 'the workspace does set it');
    // restrictedConfigurations: VS Code does not even show the workspace's value to the extension.
    const inspected = vscode.workspace.getConfiguration('analystMarkup').inspect<string[]>('registry.files');
    assert.strictEqual(inspected?.workspaceValue, undefined);
    assert.deepStrictEqual(vscode.workspace.getConfiguration('analystMarkup').get('registry.files'), inspected?.defaultValue, 'in force: the default');
    const extension = await api();
    assert.strictEqual(extension.entity('decoy-entity'), undefined);
  });

  it('does not read registry files that are symbolic links (out of the workspace, or in a loop), devices or larger than 64 MB', async () => {
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'analyst-markup-secret-'));
    const secret = path.join(outside, 'secret.entities.yaml');
    fs.writeFileSync(secret, 'entities:\n  - id: secret-entity\n    name: Secret Name\n    type: person\n');
    const escape = workspaceUri('escape.entities.yaml');
    const loop = workspaceUri('loop.entities.yaml');
    const device = workspaceUri('device.entities.yaml');
    const huge = workspaceUri('huge.entities.yaml');
    fs.symlinkSync(secret, escape.fsPath);
    fs.symlinkSync(loop.fsPath, loop.fsPath);
    fs.symlinkSync('/dev/zero', device.fsPath);
    fs.writeFileSync(huge.fsPath, '');
    fs.truncateSync(huge.fsPath, 65 * 1024 * 1024); // sparse: 65 MB of zero bytes on no disk
    try {
      await vscode.commands.executeCommand('analystMarkup.reloadRegistry');
      const extension = await api();
      assert.strictEqual(extension.entity('secret-entity'), undefined);
      assert.ok(extension.entity('evil-corp'), 'the good registry file still counts');
      await waitFor(
        'the refusals on the files',
        async () =>
          (await registryDiagnostics(escape)).length > 0 && (await registryDiagnostics(huge)).length > 0 && (await registryDiagnostics(device)).length > 0,
      );
      assert.match((await registryDiagnostics(escape))[0].message, /a symbolic link, not followed in Restricted Mode/);
      assert.match((await registryDiagnostics(device))[0].message, /not a regular file/);
      assert.match(
        (await registryDiagnostics(huge))[0].message,
        /^Analyst Markup: this file is 65 MB, more than the 64 MB a registry file may have: not read\./,
      );
    } finally {
      for (const uri of [escape, loop, device, huge]) fs.rmSync(uri.fsPath, { force: true });
      fs.rmSync(outside, { recursive: true, force: true });
      await vscode.commands.executeCommand('analystMarkup.reloadRegistry');
    }
  });

  it('renders registry text in the hover as text: no theme icon, no HTML, only http(s) links', async () => {
    const document = await vscode.workspace.openTextDocument(workspaceUri('article.md'));
    const editor = await vscode.window.showTextDocument(document);
    const at = new vscode.Position(0, 2); // in “Evil Corp”
    const hovers = await waitFor('the hover card', async () => {
      const list = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, at);
      return list.some((h) => h.contents.some((c) => c instanceof vscode.MarkdownString && c.value.includes('Evil'))) ? list : undefined;
    });
    const card = hovers!.flatMap((h) => h.contents).find((c): c is vscode.MarkdownString => c instanceof vscode.MarkdownString && c.value.includes('Evil'))!;
    assert.strictEqual(card.supportHtml, false);
    for (const raw of ['$(zap)', '$(alert)', '$(shield)', '<img', '<b>', '<i>', 'javascript:', 'command:workbench', 'file:///etc'])
      assert.ok(!card.value.includes(raw), `${raw} in ${card.value}`);
    const trust = card.isTrusted;
    assert.ok(typeof trust === 'object' && trust.enabledCommands.every((c) => c.startsWith('analystMarkup.')), 'only our own commands are trusted');

    // What the workbench shows.
    editor.selection = new vscode.Selection(at, at);
    await vscode.commands.executeCommand('editor.action.showHover');
    const shown = (await waitFor('the hover in the workbench', async () => {
      const found = await rendered('.monaco-hover-content');
      return found.find((e) => e.text.includes('Evil')) ?? undefined;
    }))!;
    assert.ok(shown.text.includes('Evil $(zap) Corp'), shown.text);
    assert.ok(
      shown.text.includes('$(alert)') && shown.text.includes('$(shield)') && shown.text.includes('<img src=x onerror=alert(1)>'),
      'registry text shows as written',
    );
    assert.doesNotMatch(shown.html, /codicon-(zap|alert|shield)\b/, 'no icon from registry text');
    assert.doesNotMatch(shown.html, /<(img|b|i)\b/);
    // VS Code keeps a link's target in data-href (href is empty until clicked).
    const hrefs = [...shown.html.matchAll(/(?:data-)?href="([^"]+)"/g)].map((m) => m[1].replace(/&amp;/g, '&'));
    assert.ok(hrefs.includes('https://example.org/evil-corp'), hrefs.join('\n'));
    for (const href of hrefs) assert.match(href, /^(https:\/\/|command:analystMarkup\.)/, href);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('shows registry and document text in the Entities and Claims & Events views as text', async () => {
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(workspaceUri('article.md')));
    for (const view of ['analystMarkup.entities', 'analystMarkup.tags']) {
      await vscode.commands.executeCommand(`${view}.focus`);
      const row = (await waitFor(`a row naming Evil in ${view}`, async () =>
        (await rendered('.monaco-list-row')).find((r) => r.text.includes('Evil $(zap)')),
      ))!;
      assert.doesNotMatch(row.html, /codicon-zap\b/, `${view}: ${row.html}`);
      assert.doesNotMatch(row.html, /<b>/, view);
    }
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
});
