import * as assert from 'assert';
import * as vscode from 'vscode';
import { api, closeAllEditors, eventually, highlightSummary, writeText, mentionSummary, waitFor, workspaceUri, openUntitled, newUntitled } from './helpers';

describe('Mentions and highlights (SPEC §2)', () => {
  afterEach(closeAllEditors);

  it('loads the registry from entities.yaml, *.entities.yaml and entities/*.yaml', async () => {
    const a = await api();
    assert.strictEqual(a.entity('ali-larijani')?.name, 'Ali Larijani');
    assert.strictEqual(a.entity('hezbollah')?.type, 'organization');
    assert.strictEqual(a.entity('baghdad')?.type, 'place');
    assert.deepStrictEqual(a.entity('ali-larijani')?.affiliations, ['iran']);
    assert.strictEqual(a.entity('ali-larijani')?.roles[1].from?.text, '2025-08-05');
    assert.strictEqual(a.entity('nobody'), undefined);
  });

  it('finds every mention at its exact range: emoji, curly apostrophe, line break, Arabic script, acronym, tag block', async () => {
    const uri = workspaceUri('articles', 'larijani.txt');
    assert.deepStrictEqual(await mentionSummary(uri), [
      '1:5-1:9 iran "Iran"',
      '1:12-1:45 iran-snsc "Supreme National Security Council"',
      '1:56-2:8 ali-larijani "Ali\\nLarijani"',
      '2:20-2:27 baghdad "Baghdad"',
      '2:33-2:35 united-states "US"',
      '3:0-3:12 ali-larijani "علی لاریجانی"',
      '3:17-3:26 hezbollah "Hezbollah"',
      '4:1-4:5 iran "Iran"',
      '4:10-4:14 iraq "Iraq"',
    ]);
  });

  it('highlights the mentions of an opened editor with the colour of each entity type', async () => {
    const uri = workspaceUri('articles', 'larijani.txt');
    await vscode.window.showTextDocument(uri);
    const expected = [
      '1:5-1:9 state',
      '1:12-1:45 organization',
      '1:56-2:8 person',
      '2:20-2:27 place',
      '2:33-2:35 state',
      '3:0-3:12 person',
      '3:17-3:26 organization',
      '4:1-4:5 state',
      '4:10-4:14 state',
    ];
    await waitFor('highlights in the editor', async () => JSON.stringify(await highlightSummary(uri)) === JSON.stringify(expected));
  });

  it('highlights every visible editor, markdown and untitled documents included', async () => {
    const note = workspaceUri('notes', 'note.md');
    await vscode.window.showTextDocument(workspaceUri('articles', 'larijani.txt'), { viewColumn: vscode.ViewColumn.One });
    await vscode.window.showTextDocument(note, { viewColumn: vscode.ViewColumn.Two });
    const untitled = await newUntitled('Pasted: Larijani in Baghdad.');
    await vscode.window.showTextDocument(untitled, { viewColumn: vscode.ViewColumn.Three });
    await waitFor('highlights in three editors', async () => {
      const md = await highlightSummary(note);
      const pasted = await highlightSummary(untitled.uri);
      const article = await highlightSummary(workspaceUri('articles', 'larijani.txt'));
      return (
        JSON.stringify(md) === JSON.stringify(['5:2-5:6 state', '5:15-5:21 organization', '7:0-7:9 organization', '7:18-7:22 organization']) &&
        JSON.stringify(pasted) === JSON.stringify(['0:8-0:16 person', '0:20-0:27 place']) &&
        article.length === 9
      );
    });
  });

  it('highlights the lines around the visible ones in a big document, and follows scrolling', async () => {
    // A file, not an untitled buffer: code-server may hand a closed untitled buffer's text to the next one.
    const uri = workspaceUri('big-document.txt');
    await writeText(uri, Array.from({ length: 8000 }, (_, n) => `Line ${n}: Iraq.`).join('\n'));
    const document = await vscode.workspace.openTextDocument(uri);
    const editor = await vscode.window.showTextDocument(document);
    const highlightedLines = async () => (await highlightSummary(document.uri)).map((h) => Number(h.split(':')[0]));
    await eventually('highlights at the top', async () => {
      const shown = await highlightedLines();
      assert.ok(shown.includes(0) && shown.length > 100 && shown.length < 2000, `${shown.length} lines highlighted`);
    });
    editor.revealRange(new vscode.Range(7000, 0, 7000, 0), vscode.TextEditorRevealType.InCenter);
    await eventually('highlights around line 7000', async () => {
      const shown = await highlightedLines();
      assert.ok(shown.includes(7000) && !shown.includes(0), `lines ${shown[0]}…${shown[shown.length - 1]}`);
    });
    assert.strictEqual((await (await api()).mentions(document.uri)).length, 8000); // the API still sees them all
    await closeAllEditors();
    await vscode.workspace.fs.delete(uri);
  });

  it('follows typing in the editor', async () => {
    const editor = await openUntitled('Nothing here.');
    const document = editor.document;
    await eventually('an editor without highlights', async () => assert.deepStrictEqual(await highlightSummary(document.uri), []));
    await editor.edit((b) => b.insert(new vscode.Position(0, 0), 'Iraq and '));
    await eventually('the typed name highlighted', async () => assert.deepStrictEqual(await highlightSummary(document.uri), ['0:0-0:4 state']));
  });
});
