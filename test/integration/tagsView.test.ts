import * as assert from 'assert';
import * as vscode from 'vscode';
import { api, closeAllEditors, eventually, workspaceUri, writeText } from './helpers';

interface RenderedItem {
  kind: string;
  id: string;
  label: string;
  description?: string;
  uri: string;
  range: [number, number, number, number];
  command?: string;
}

interface RenderedView {
  groupBy: 'document' | 'actor';
  description?: string;
  groups: { key: string; label: string; description: string; items: RenderedItem[] }[];
}

async function view(): Promise<RenderedView> {
  return await vscode.commands.executeCommand<RenderedView>('analystMarkup.internal.tagsView');
}

const FILE = ['tagged', 'view-test.txt'];
const TEXT = [
  '[Larijani said we agree]{.claim #c8v01 by=ali-larijani confidence=likely}',
  '[Iran and Iraq met]{.event #e8v01 type=consult actors="iran iraq" targets=hezbollah date=2025-08-12} in Baghdad.',
  '',
].join('\n');

/** `group: label (description)` lines of the groups and items of our file and the fixture's article. */
function summary(v: RenderedView, counts = true): string[] {
  const ours = new Set([workspaceUri(...FILE).toString(), workspaceUri('articles', 'larijani.txt').toString()]);
  const out: string[] = [];
  for (const g of v.groups) {
    for (const item of g.items) {
      if (ours.has(item.uri)) out.push(`${g.label}${counts ? ` [${g.description}]` : ''}: ${item.label} (${item.description ?? ''})`);
    }
  }
  return out;
}

describe('Claims & Events view', () => {
  before(async () => {
    await api();
    await writeText(workspaceUri(...FILE), TEXT);
  });
  afterEach(closeAllEditors);
  after(async () => {
    await vscode.commands.executeCommand('analystMarkup.tags.groupByDocument');
    await vscode.workspace.fs.delete(workspaceUri(...FILE)).then(undefined, () => undefined);
  });

  it('lists every tag of the workspace by document, with counts', async () => {
    await vscode.commands.executeCommand('analystMarkup.tags.groupByDocument');
    await eventually('the new file in the view', async () => {
      assert.deepStrictEqual(summary(await view()), [
        'larijani.txt [1 event — articles]: Iran and Iraq signed an agreement (agree · Iran, Iraq)',
        'view-test.txt [1 claim · 1 event — tagged]: Larijani said we agree (claim by Ali Larijani · likely)',
        'view-test.txt [1 claim · 1 event — tagged]: Iran and Iraq met (consult · Iran, Iraq → Hezbollah · 2025-08-12)',
      ]);
    });
    const v = await view();
    assert.strictEqual(v.groupBy, 'document');
    const item = v.groups.flatMap((g) => g.items).find((i) => i.id === 'e8v01')!;
    assert.deepStrictEqual(item.range, [1, 0, 1, TEXT.split('\n')[1].indexOf(' in Baghdad')]);
    assert.strictEqual(item.command, 'analystMarkup.tags.reveal');
  });

  it('groups by actor: the claimant of a claim, each actor of an event', async () => {
    await vscode.commands.executeCommand('analystMarkup.tags.groupByActor');
    await eventually('the actor groups', async () => {
      const v = await view();
      assert.strictEqual(v.groupBy, 'actor');
      // (Other tests' files may add tags to these groups: counts are checked below.)
      assert.deepStrictEqual(summary(v, false), [
        'Ali Larijani: Larijani said we agree (claim by Ali Larijani · likely · view-test.txt:1)',
        'Iran: Iran and Iraq signed an agreement (agree · Iran, Iraq · larijani.txt:5)',
        'Iran: Iran and Iraq met (consult · Iran, Iraq → Hezbollah · 2025-08-12 · view-test.txt:2)',
        'Iraq: Iran and Iraq signed an agreement (agree · Iran, Iraq · larijani.txt:5)',
        'Iraq: Iran and Iraq met (consult · Iran, Iraq → Hezbollah · 2025-08-12 · view-test.txt:2)',
      ]);
      for (const g of v.groups) {
        const claims = g.items.filter((i) => i.kind === 'claim').length;
        const events = g.items.length - claims;
        const expected = [claims && `${claims} claim${claims > 1 ? 's' : ''}`, events && `${events} event${events > 1 ? 's' : ''}`].filter(Boolean).join(' · ');
        assert.ok(g.description.startsWith(expected), `${g.label}: ${g.description} ≠ ${expected}`);
      }
    });
    await vscode.commands.executeCommand('analystMarkup.tags.groupByDocument');
    assert.strictEqual((await view()).groupBy, 'document');
  });

  it('reveals a tag: its document opens with the tag selected', async () => {
    const item = (await view()).groups.flatMap((g) => g.items).find((i) => i.id === 'c8v01')!;
    assert.ok(item);
    await vscode.commands.executeCommand(item.command!, vscode.Uri.parse(item.uri), new vscode.Range(...item.range));
    const editor = vscode.window.activeTextEditor!;
    assert.strictEqual(editor.document.uri.toString(), workspaceUri(...FILE).toString());
    assert.strictEqual(editor.document.getText(editor.selection), '[Larijani said we agree]{.claim #c8v01 by=ali-larijani confidence=likely}');
  });

  it('follows edits, saved or not', async () => {
    const document = await vscode.workspace.openTextDocument(workspaceUri(...FILE));
    const editor = await vscode.window.showTextDocument(document);
    editor.selection = new vscode.Selection(0, 3, 0, 3);
    assert.deepStrictEqual(await vscode.commands.executeCommand('analystMarkup.untag'), ['c8v01']);
    await eventually('the claim gone from the view', async () => {
      const ids = (await view()).groups.flatMap((g) => g.items).map((i) => i.id);
      assert.ok(!ids.includes('c8v01') && ids.includes('e8v01'), ids.join(' '));
    });
    // Changing an attribute (same ID, same line) shows too.
    await editor.edit((b) => {
      const at = document.getText().indexOf('type=consult');
      b.replace(new vscode.Range(document.positionAt(at), document.positionAt(at + 'type=consult'.length)), 'type=aid');
    });
    await eventually('the new type in the view', async () => {
      const item = (await view()).groups.flatMap((g) => g.items).find((i) => i.id === 'e8v01');
      assert.ok(item?.description?.startsWith('aid · '), item?.description);
    });
  });
});
