// The walkthrough (contributes.walkthroughs) in the real workbench: it opens, shows its five steps
// with their images, and a step checks itself when the user does the thing. Step state is read
// from the Getting Started page's DOM (test/integration/workbenchDom.ts): the API has no reader.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { api, closeAllEditors, EXTENSION_ID, waitFor, workspaceUri } from './helpers';
import { evaluateInWorkbench } from './workbenchDom';

const WALKTHROUGH = `${EXTENSION_ID}#analystMarkup.gettingStarted`;

/** Each step's id (without the extension#walkthrough# prefix) and whether it is checked. */
function stepStates(): Promise<Record<string, boolean>> {
  return evaluateInWorkbench<Record<string, boolean>>(`(() => {
    const states = {};
    for (const box of document.querySelectorAll('[data-done-step-id]')) {
      const id = box.getAttribute('data-done-step-id');
      if (id.startsWith(${JSON.stringify(WALKTHROUGH + '#')})) states[id.slice(${WALKTHROUGH.length + 1})] = box.getAttribute('aria-checked') === 'true';
    }
    return states;
  })()`);
}

describe('Getting Started walkthrough', () => {
  before(async () => {
    await api();
  });
  after(closeAllEditors);

  it('opens with its five steps and the image of the selected one', async () => {
    await vscode.commands.executeCommand('workbench.action.openWalkthrough', WALKTHROUGH, false);
    await waitFor('the walkthrough steps', async () => Object.keys(await stepStates()).length === 5, 15000);
    assert.deepStrictEqual(Object.keys(await stepStates()), ['registry', 'highlights', 'hover', 'tag', 'export']);
    // The fixture workspace has a registry with entities: its step is done once it has loaded.
    await waitFor('the registry step checked', async () => (await stepStates()).registry, 10000);
    const images = () =>
      evaluateInWorkbench<{ src: string; loaded: boolean }[]>(
        `[...document.querySelectorAll('.getting-started-media img')].map((i) => ({ src: i.currentSrc || i.srcset, loaded: i.complete && i.naturalWidth > 0 }))`,
      );
    // Select the first step (a click on its title, as the user would), then its image loads from the extension.
    await evaluateInWorkbench(`document.querySelector('[data-step-id="${WALKTHROUGH}#registry"]').click()`);
    let shown: { src: string; loaded: boolean }[] = [];
    try {
      await waitFor('the step image', async () => (shown = await images()).some((i) => i.loaded && /media(\/|%2F)walkthrough(\/|%2F)registry\.jpg/.test(i.src)), 10000);
    } catch (error) {
      throw new Error(`${String(error)}: ${JSON.stringify(shown)}`);
    }
  });

  it('checks "Hover a name" when a hover card is asked for on a mention, and "Tag" when a claim is written', async () => {
    const before = await stepStates();
    assert.strictEqual(before.tag, false, 'nothing was tagged in this window yet');
    const uri = workspaceUri('articles', 'larijani.txt');
    const document = await vscode.workspace.openTextDocument(uri);
    const at = document.getText().indexOf('Larijani');
    await vscode.commands.executeCommand('vscode.executeHoverProvider', uri, document.positionAt(at + 2));
    await waitFor('the hover step checked', async () => (await stepStates()).hover, 10000);

    // Beside the walkthrough, which stays visible (a hidden editor's DOM leaves the page).
    const note = await vscode.workspace.openTextDocument({ language: 'plaintext', content: 'Larijani said: “We do not oppose cooperation.”\n' });
    const editor = await vscode.window.showTextDocument(note, vscode.ViewColumn.Beside);
    const start = editor.document.getText().indexOf('“');
    editor.selection = new vscode.Selection(editor.document.positionAt(start), editor.document.positionAt(editor.document.getText().length - 1));
    await vscode.commands.executeCommand('analystMarkup.tagClaim', { by: 'ali-larijani' });
    assert.match(editor.document.getText(), /\]\{\.claim #c\w+ by=ali-larijani\}/);
    await waitFor('the tag step checked', async () => (await stepStates()).tag, 10000);
    const after = await stepStates();
    assert.strictEqual(after.export, false, 'export is not done by tagging');
  });
});
