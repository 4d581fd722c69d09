import * as assert from 'assert';
import * as vscode from 'vscode';
import { api, closeAllEditors, waitFor, workspaceUri, writeText, openUntitled } from './helpers';

interface RenderedItem {
  id: string;
  label: string;
  description?: string;
  contextValue?: string;
  icon?: string;
}

interface RenderedView {
  mentionedOnly: boolean;
  document?: string;
  message?: string;
  groups: { type: string; label: string; description?: string; items: RenderedItem[] }[];
}

async function view(): Promise<RenderedView> {
  return await vscode.commands.executeCommand<RenderedView>('analystMarkup.internal.entitiesView');
}

/** `Group: id (description)` lines of the fixture's entities (ignores entities other tests may add). */
const FIXTURE_IDS = new Set(['ali-larijani', 'iran', 'iraq', 'united-states', 'iran-snsc', 'iran-parliament', 'hezbollah', 'baghdad']);

function summary(v: RenderedView): string[] {
  const out: string[] = [];
  for (const group of v.groups) {
    for (const item of group.items) {
      if (FIXTURE_IDS.has(item.id)) out.push(`${group.label}: ${item.label}${item.description ? ` (${item.description})` : ''}`);
    }
  }
  return out;
}

function selectionOf(editor: vscode.TextEditor): string {
  const s = editor.selection;
  return `${s.start.line}:${s.start.character}-${s.end.line}:${s.end.character}`;
}

describe('Entities view', () => {
  before(async () => {
    await api();
  });
  afterEach(async () => {
    await vscode.commands.executeCommand('analystMarkup.entities.showAll');
    await closeAllEditors();
  });

  it('groups entities by type with their mention count in the active document', async () => {
    await vscode.window.showTextDocument(workspaceUri('articles', 'larijani.txt'));
    const v = await view();
    assert.strictEqual(v.document, workspaceUri('articles', 'larijani.txt').toString());
    assert.deepStrictEqual(
      v.groups.map((g) => g.label).filter((l) => l !== 'Other'),
      ['People', 'Organizations', 'States', 'Places', 'Positions'],
    );
    assert.deepStrictEqual(summary(v), [
      'People: Ali Larijani (2 mentions)',
      'Organizations: Hezbollah (1 mention)',
      'Organizations: Islamic Consultative Assembly',
      'Organizations: Supreme National Security Council (1 mention)',
      'States: Iran (2 mentions)',
      'States: Iraq (1 mention)',
      'States: United States (1 mention)',
      'Places: Baghdad (1 mention)',
    ]);
    const larijani = v.groups[0].items.find((i) => i.id === 'ali-larijani')!;
    assert.strictEqual(larijani.icon, 'person');
    assert.strictEqual(larijani.contextValue, 'analystMarkup.entity.mentioned');
  });

  it('follows the active editor, and filters to the entities mentioned here', async () => {
    await vscode.window.showTextDocument(workspaceUri('articles', '2019-speaker.txt'));
    await vscode.commands.executeCommand('analystMarkup.entities.filterMentioned');
    let v = await view();
    assert.strictEqual(v.mentionedOnly, true);
    assert.deepStrictEqual(summary(v), [
      'People: Ali Larijani (2 mentions)',
      'Organizations: Islamic Consultative Assembly (1 mention)',
      'States: Iran (1 mention)',
      'States: Iraq (1 mention)',
    ]);
    await openUntitled('Nobody known here.');
    v = await view();
    assert.deepStrictEqual(v.groups, []);
    assert.match(v.message ?? '', /No known entity is mentioned/);
    await vscode.commands.executeCommand('analystMarkup.entities.showAll');
    v = await view();
    assert.strictEqual(v.mentionedOnly, false);
    assert.strictEqual(v.message, undefined);
    assert.ok(summary(v).includes('Places: Baghdad'), summary(v).join('\n'));
  });

  it('follows registry changes', async () => {
    const a = await api();
    const extra = workspaceUri('zz-entities-view.entities.yaml');
    await vscode.window.showTextDocument(workspaceUri('articles', 'larijani.txt'));
    await writeText(extra, 'entities:\n  - id: zz-leaders\n    name: leaders\n    type: other\n');
    try {
      await waitFor('the new entity', () => a.entity('zz-leaders') !== undefined, 5000);
      const v = await view();
      const other = v.groups.find((g) => g.type === 'other');
      assert.deepStrictEqual(
        other?.items.find((i) => i.id === 'zz-leaders'),
        {
          id: 'zz-leaders',
          label: 'leaders',
          description: '1 mention',
          contextValue: 'analystMarkup.entity.mentioned',
          icon: 'symbol-misc',
        },
      );
    } finally {
      await vscode.workspace.fs.delete(extra);
      await waitFor('the entity to go', () => a.entity('zz-leaders') === undefined, 5000);
    }
  });

  it('jumps to the next mention in the active editor on each click, cycling', async () => {
    const editor = await vscode.window.showTextDocument(workspaceUri('articles', 'larijani.txt'));
    editor.selection = new vscode.Selection(0, 0, 0, 0);
    const next = () => vscode.commands.executeCommand('analystMarkup.entities.revealNextMention', 'ali-larijani');
    await next();
    assert.strictEqual(selectionOf(editor), '1:56-2:8');
    await next();
    assert.strictEqual(selectionOf(editor), '3:0-3:12');
    await next();
    assert.strictEqual(selectionOf(editor), '1:56-2:8');
    editor.selection = new vscode.Selection(2, 30, 2, 30);
    await vscode.commands.executeCommand('analystMarkup.entities.revealNextMention', 'iran');
    assert.strictEqual(selectionOf(editor), '4:1-4:5');
    assert.strictEqual(await vscode.commands.executeCommand('analystMarkup.entities.revealNextMention', 'iran-parliament'), undefined);
    assert.strictEqual(vscode.window.activeTextEditor, editor);
  });
});
