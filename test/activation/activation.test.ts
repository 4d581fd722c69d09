// Runs in a window whose workspace has only test/fixtures/json-only/data.json, with Analyst Markup
// installed from its .vsix (not under development: the extension under development is an empty
// harness, so these tests are not part of Analyst Markup and do not load it themselves).
import * as assert from 'assert';
import * as vscode from 'vscode';

const EXTENSION_ID = 'analyst-markup.analyst-markup';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(what: string, check: () => boolean, timeoutMs: number): Promise<void> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(50);
  }
}

describe('Activation only where it is needed', () => {
  it('declares no activation in every window', () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is installed`);
    const events = (extension.packageJSON as { activationEvents?: string[] }).activationEvents ?? [];
    assert.ok(!events.includes('*') && !events.includes('onStartupFinished') && !events.includes('onLanguage'), events.join(', '));
  });

  it('a window with only a .json file never loads the extension', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension);
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'the json-only workspace is open');
    const document = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder.uri, 'data.json'));
    assert.strictEqual(document.languageId, 'json');
    await vscode.window.showTextDocument(document);
    // Startup is over by now (the test runner starts after the eager activations); give any
    // late event (onStartupFinished, a view restored) time to arrive.
    await sleep(4000);
    assert.strictEqual(extension.isActive, false, 'Analyst Markup was activated in a window that does not need it');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('opening a Markdown document loads it, and its API answers', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension);
    assert.strictEqual(extension.isActive, false);
    const document = await vscode.workspace.openTextDocument({ language: 'markdown', content: 'Ali Larijani visited Baghdad.\n' });
    await vscode.window.showTextDocument(document);
    await until('activation by onLanguage:markdown', () => extension.isActive, 15000);
    const exported = extension.exports as { ready: Promise<void>; mentions(uri: vscode.Uri): Promise<unknown[]> };
    await exported.ready;
    // No registry in this workspace: no mentions, and no error either.
    assert.deepStrictEqual(await exported.mentions(document.uri), []);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
});
