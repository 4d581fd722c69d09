import * as assert from 'assert';
import * as vscode from 'vscode';
import { api, closeAllEditors, highlightSummary, waitFor, workspaceUri } from './helpers';

async function setSetting(key: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration('analystMarkup').update(key, value, vscode.ConfigurationTarget.Workspace);
}

describe('Settings take effect live (SPEC §6)', () => {
  afterEach(async () => {
    await setSetting('highlight.enabled', undefined);
    await setSetting('highlight.languages', undefined);
    await setSetting('registry.files', undefined);
    await closeAllEditors();
  });

  it('analystMarkup.highlight.enabled switches highlights off and on', async () => {
    const uri = workspaceUri('articles', 'larijani.txt');
    await vscode.window.showTextDocument(uri);
    await waitFor('highlights', async () => (await highlightSummary(uri)).length === 9);
    await setSetting('highlight.enabled', false);
    await waitFor('no highlights', async () => (await highlightSummary(uri)).length === 0);
    await setSetting('highlight.enabled', true);
    await waitFor('highlights again', async () => (await highlightSummary(uri)).length === 9);
  });

  it('analystMarkup.highlight.languages chooses the documents', async () => {
    const json = workspaceUri('notes', 'data.json');
    await vscode.window.showTextDocument(json);
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.deepStrictEqual(await highlightSummary(json), []);
    await setSetting('highlight.languages', ['*']);
    await waitFor('the JSON file highlighted', async () => JSON.stringify(await highlightSummary(json)) === JSON.stringify(['0:14-0:18 state']));
    await setSetting('highlight.languages', ['markdown']);
    await waitFor('the JSON file plain again', async () => (await highlightSummary(json)).length === 0);
  });

  it('analystMarkup.registry.files chooses the registry files', async () => {
    const a = await api();
    await setSetting('registry.files', ['**/more.entities.yaml']);
    await waitFor('only Hezbollah left', () => a.entity('iran') === undefined && a.entity('hezbollah') !== undefined, 3000);
    await setSetting('registry.files', undefined);
    await waitFor('the full registry back', () => a.entity('iran') !== undefined && a.entity('baghdad') !== undefined, 3000);
  });
});
