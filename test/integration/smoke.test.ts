import * as assert from 'assert';
import * as vscode from 'vscode';

const EXTENSION_ID = 'analyst-markup.analyst-markup';

describe('Analyst Markup extension (smoke)', () => {
  it('is installed and activates', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `extension ${EXTENSION_ID} is not loaded`);
    await extension.activate();
    assert.strictEqual(extension.isActive, true);
  });
});
