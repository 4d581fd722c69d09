// The walkthrough (contributes.walkthroughs) in the real workbench: it opens, shows its five steps
// with their images, and each step checks itself when the user does the thing. Step state is
// read from the Getting Started page's DOM (test/integration/workbenchDom.ts): the API has no
// reader. VS Code counts completions while its walkthrough service is alive (from the Welcome
// page at startup, or once a walkthrough was opened), so the actions come after opening it.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { api, closeAllEditors, EXTENSION_ID, waitFor, workspaceUri, newUntitled } from './helpers';
import { evaluateInWorkbench, quickInput } from './workbenchDom';

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

async function checked(step: string): Promise<void> {
  let seen: Record<string, boolean> = {};
  try {
    await waitFor(`the ${step} step checked`, async () => (seen = await stepStates())[step], 10000);
  } catch (error) {
    throw new Error(`${String(error)}; steps now: ${JSON.stringify(seen)}`, { cause: error });
  }
}

describe('Getting Started walkthrough', () => {
  before(async () => {
    await api();
  });
  after(closeAllEditors);

  it('opens with its five steps and the image of the selected one', async () => {
    // As a user opens it: Welcome: Open Walkthrough... in the Command Palette, then this one. (On
    // VS Code 1.117 a walkthrough opened by id as the first use of the walkthrough service shows
    // the built-in one instead: the service learns the extensions' walkthroughs after it started,
    // and the Welcome page opened then does not list them; the picker waits for them. 1.100 did not.)
    void vscode.commands.executeCommand('welcome.showAllWalkthroughs');
    const title = 'Get Started with Analyst Markup';
    const rows = () =>
      evaluateInWorkbench<string[]>(`[...document.querySelectorAll('.quick-input-list .monaco-list-row')].map((r) => r.getAttribute('aria-label') ?? '')`);
    await waitFor('the walkthrough picker listing this walkthrough', async () => (await rows()).some((r) => r.startsWith(title)), 15000);
    for (let k = 0; k < 10 && !(await quickInput()).active.startsWith(title); k++) await vscode.commands.executeCommand('workbench.action.quickOpenSelectNext');
    assert.ok((await quickInput()).active.startsWith(title), `${title} chosen in the picker`);
    await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    await waitFor('the walkthrough steps', async () => Object.keys(await stepStates()).length === 5, 15000);
    assert.deepStrictEqual(Object.keys(await stepStates()), ['registry', 'highlights', 'hover', 'tag', 'export']);
    // And by id (a link or a command that opens it), now that the service knows it.
    await closeAllEditors();
    await vscode.commands.executeCommand('workbench.action.openWalkthrough', WALKTHROUGH, false);
    await waitFor('the walkthrough steps', async () => Object.keys(await stepStates()).length === 5, 15000);
    assert.deepStrictEqual(Object.keys(await stepStates()), ['registry', 'highlights', 'hover', 'tag', 'export']);
    // Select the first step (a click on its title, as the user would), then its image loads from the extension.
    await evaluateInWorkbench(`document.querySelector('[data-step-id="${WALKTHROUGH}#registry"]').click()`);
    const images = () =>
      evaluateInWorkbench<{ src: string; loaded: boolean }[]>(
        `[...document.querySelectorAll('.getting-started-media img')].map((i) => ({ src: i.currentSrc || i.srcset, loaded: i.complete && i.naturalWidth > 0 }))`,
      );
    let shown: { src: string; loaded: boolean }[] = [];
    try {
      await waitFor(
        'the step image',
        async () => (shown = await images()).some((i) => i.loaded && /media(\/|%2F)walkthrough(\/|%2F)registry\.jpg/.test(i.src)),
        10000,
      );
    } catch (error) {
      throw new Error(`${String(error)}: ${JSON.stringify(shown)}`, { cause: error });
    }
  });

  it('checks each step on its action: registry loaded, highlights shown, hover, tag, export', async () => {
    const before = await stepStates();
    assert.ok(Object.keys(before).length === 5, 'the walkthrough is open');
    // Registry: a (re)load with entities in it.
    await vscode.commands.executeCommand('analystMarkup.reloadRegistry');
    await checked('registry');

    // Highlights: an article opened beside the walkthrough, which stays visible (a hidden editor's DOM leaves the page).
    const uri = workspaceUri('articles', 'larijani.txt');
    const article = await vscode.window.showTextDocument(uri, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true });
    await checked('highlights');

    // Hover: a card asked for on a mention.
    const at = article.document.getText().indexOf('Larijani');
    await vscode.commands.executeCommand('vscode.executeHoverProvider', uri, article.document.positionAt(at + 2));
    await checked('hover');

    // Tag: a claim written into a document.
    const note = await newUntitled('Larijani said: “We do not oppose cooperation.”\n');
    const editor = await vscode.window.showTextDocument(note, vscode.ViewColumn.Beside);
    const start = editor.document.getText().indexOf('“');
    editor.selection = new vscode.Selection(editor.document.positionAt(start), editor.document.positionAt(editor.document.getText().length - 1));
    assert.strictEqual((await stepStates()).export, false, 'export is not done by the other steps');
    await vscode.commands.executeCommand('analystMarkup.tagClaim', { by: 'ali-larijani' });
    assert.match(editor.document.getText(), /\]\{\.claim #c\w+ by=ali-larijani\}/);
    await checked('tag');

    // Export: completes when the command runs (onCommand, counted for commands the workbench runs:
    // the step's button, the palette, the view's toolbar). The step's own button, as the user clicks it:
    const clicked = await evaluateInWorkbench<boolean>(`(() => {
      const box = document.querySelector('[x-step-description-for="${WALKTHROUGH}#export"]');
      const button = box && [...box.querySelectorAll('.monaco-button, a, button')].find((b) => b.textContent.includes('Export Claims and Events'));
      if (!button) return false;
      button.click();
      return true;
    })()`);
    assert.ok(clicked, 'the export step has its button');
    await checked('export');
    // The command asks for a format: this test only wanted it started.
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
  });
});
