// The built-in Markdown preview renders tags and mentions through the extension's markdown-it
// plugin (contributes.markdown.markdownItPlugins + extendMarkdownIt). `markdown.api.render` is the
// Markdown extension's own command: it renders with the very engine (and plugins) the preview uses.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { api, EXTENSION_ID, waitFor, workspaceUri, writeText } from './helpers';

const NOTE = `---
date: 2025-08-14
---
# Larijani in Baghdad

[Iran and Iraq signed an agreement]{.event #e7k2 type=agree actors="iran iraq" date=2025-08-11}.
[“We do not oppose security cooperation”]{.claim #c91x by=ali-larijani confidence=likely}
`;

describe('Markdown preview', () => {
  // A saved file for the preview (it watches its document on disk), without entity names: other
  // suites count the workspace's mentions, and a deleted file's document lingers a while.
  const uri = () => workspaceUri('notes', 'preview-test.md');
  before(async () => writeText(uri(), '# A preview\n\nNothing the registry knows.\n'));
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.fs.delete(uri());
  });

  it('renders claims and events as titled spans, and mentions highlighted, in the preview engine', async () => {
    await api();
    // The text as a string (the command renders a document or a string with the same engine).
    const html = await vscode.commands.executeCommand<string>('markdown.api.render', NOTE);
    assert.ok(typeof html === 'string', 'markdown.api.render returned HTML');
    assert.doesNotMatch(html, /\{\.(claim|event)/, 'no raw attribute block');
    assert.match(html, /<span class="analyst-markup-tag analyst-markup-claim" title="Claim by Ali Larijani · confidence: likely · #c91x" data-tag-id="c91x">/);
    assert.match(
      html,
      /<span class="analyst-markup-tag analyst-markup-event" title="Event: agree \(Agree to[^"]*\) · actors: Iran, Iraq · date: 2025-08-11 · #e7k2" data-tag-id="e7k2">/,
    );
    assert.match(
      html,
      /<span class="analyst-markup-mention analyst-markup-person" title="Ali Larijani \(person\)" data-entity="ali-larijani">Larijani<\/span> in <span class="analyst-markup-mention analyst-markup-place" title="Baghdad \(place\)" data-entity="baghdad">Baghdad<\/span><\/h1>/,
    );
  });

  it('opens the preview with the extension\u2019s stylesheet contributed', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension);
    const styles = (extension.packageJSON as { contributes: Record<string, unknown> }).contributes['markdown.previewStyles'] as string[];
    assert.deepStrictEqual(styles, ['./media/preview.css']);
    const css = new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(extension.extensionUri, 'media', 'preview.css')));
    assert.match(css, /\.analyst-markup-claim\b/);
    await vscode.window.showTextDocument(uri());
    await vscode.commands.executeCommand('markdown.showPreviewToSide');
    await waitFor(
      'the preview tab',
      () =>
        vscode.window.tabGroups.all.some((g) => g.tabs.some((t) => t.input instanceof vscode.TabInputWebview && /markdown\.preview/.test(t.input.viewType))),
      10000,
    );
  });
});
