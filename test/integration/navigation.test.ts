import * as assert from 'assert';
import * as vscode from 'vscode';
import { api, closeAllEditors, waitFor, workspaceUri, writeText, newUntitled } from './helpers';

type Target = vscode.Location | vscode.LocationLink;

function targetOf(t: Target): { uri: vscode.Uri; range: vscode.Range } {
  return t instanceof vscode.Location ? { uri: t.uri, range: t.range } : { uri: t.targetUri, range: t.targetSelectionRange ?? t.targetRange };
}

function describeTarget(t: Target): string {
  const { uri, range } = targetOf(t);
  const folder = vscode.workspace.workspaceFolders![0].uri.toString();
  const where = uri.toString().startsWith(folder) ? uri.toString().slice(folder.length + 1) : uri.scheme;
  return `${where} ${range.start.line}:${range.start.character}-${range.end.line}:${range.end.character}`;
}

async function definitions(uri: vscode.Uri, line: number, character: number): Promise<string[]> {
  const found = (await vscode.commands.executeCommand<Target[]>('vscode.executeDefinitionProvider', uri, new vscode.Position(line, character))) ?? [];
  return found.map(describeTarget);
}

async function references(uri: vscode.Uri, line: number, character: number): Promise<string[]> {
  const found = (await vscode.commands.executeCommand<vscode.Location[]>('vscode.executeReferenceProvider', uri, new vscode.Position(line, character))) ?? [];
  return found.map(describeTarget);
}

function includesAll(actual: string[], expected: string[]): void {
  for (const e of expected) assert.ok(actual.includes(e), `expected ${e} among\n${actual.join('\n')}`);
}

/** Mentions of Ali Larijani in the fixture workspace's text files. */
const LARIJANI_MENTIONS = [
  'articles/2019-speaker.txt 2:8-2:20',
  'articles/2019-speaker.txt 3:0-3:8',
  'articles/larijani.txt 1:56-2:8',
  'articles/larijani.txt 3:0-3:12',
];

describe('Navigation: definitions and references', () => {
  before(async () => {
    await api();
  });
  afterEach(closeAllEditors);

  it('goes from a mention to the entity in its registry file (F12 / Peek)', async () => {
    const article = workspaceUri('articles', 'larijani.txt');
    assert.deepStrictEqual(await definitions(article, 2, 3), ['entities.yaml 2:8-2:20']);
    assert.deepStrictEqual(await definitions(article, 2, 22), ['entities/baghdad.yaml 1:4-1:11']);
    assert.deepStrictEqual(await definitions(article, 3, 20), ['more.entities.yaml 1:8-1:17']);
    assert.deepStrictEqual(await definitions(workspaceUri('articles', '2019-speaker.txt'), 2, 33), ['entities.yaml 30:8-30:23']);
    assert.deepStrictEqual(await definitions(article, 0, 2), []);
    // The link spans the whole entry, for Peek.
    const links = await vscode.commands.executeCommand<Target[]>('vscode.executeDefinitionProvider', article, new vscode.Position(2, 3));
    const link = links[0] as vscode.LocationLink;
    assert.ok(!(link instanceof vscode.Location) && link.targetRange.start.line === 2 && link.targetRange.end.line >= 15, JSON.stringify(link));
  });

  it('goes from an `of:` or an affiliation in the registry to the referenced entity', async () => {
    const registry = workspaceUri('entities.yaml');
    assert.deepStrictEqual(await definitions(registry, 13, 15), ['entities.yaml 26:8-26:17']);
    assert.deepStrictEqual(await definitions(registry, 15, 20), ['entities.yaml 16:8-16:12']);
  });

  it('finds every mention in the workspace, open or not, with the declaration (Shift+F12)', async () => {
    const article = workspaceUri('articles', 'larijani.txt');
    const fromMention = await references(article, 3, 4);
    includesAll(fromMention, ['entities.yaml 2:8-2:20', ...LARIJANI_MENTIONS]);
    assert.ok(!fromMention.some((r) => r.startsWith('notes/')), fromMention.join('\n'));
    // Every result is a real mention of the entity or its declaration.
    for (const r of fromMention) if (!r.startsWith('entities.yaml')) assert.ok(/\.(txt|md|markdown) /.test(r) || r.startsWith('untitled'), r);
    const fromRegistry = await references(workspaceUri('entities.yaml'), 2, 12);
    assert.deepStrictEqual(fromRegistry, fromMention);
  });

  it('reads files that are not open, follows changes on disk, and includes unsaved documents', async () => {
    const fresh = workspaceUri('articles', 'zz-navigation-fresh.txt');
    await writeText(fresh, 'Nothing yet.\n');
    try {
      assert.ok(!(await references(workspaceUri('entities.yaml'), 22, 12)).some((r) => r.includes('zz-navigation-fresh')));
      await writeText(fresh, 'A line.\nThe US and Iraq, again the US.\n');
      await waitFor('the closed file’s mentions', async () => {
        const found = await references(workspaceUri('entities.yaml'), 22, 12); // `united-states`
        return found.includes('articles/zz-navigation-fresh.txt 1:4-1:6') && found.includes('articles/zz-navigation-fresh.txt 1:27-1:29');
      });
      const untitled = await newUntitled('Pasted: the US.');
      const found = await references(workspaceUri('entities.yaml'), 22, 12);
      assert.ok(found.includes(`untitled 0:12-0:14`), found.join('\n'));
      assert.ok(found.includes('articles/larijani.txt 2:33-2:35'));
      assert.ok(vscode.workspace.textDocuments.some((d) => d.uri.toString() === untitled.uri.toString()));
    } finally {
      await vscode.workspace.fs.delete(fresh);
    }
  });

  it('opens an entity’s registry entry (analystMarkup.openEntity) and finds its mentions (analystMarkup.findMentions)', async () => {
    await vscode.commands.executeCommand('analystMarkup.openEntity', 'iran-snsc');
    const editor = await waitFor<vscode.TextEditor | undefined>('the registry editor', () => {
      const e = vscode.window.activeTextEditor;
      return e && e.document.uri.toString() === workspaceUri('entities.yaml').toString() ? e : undefined;
    });
    assert.deepStrictEqual(
      [editor!.selection.start.line, editor!.selection.start.character, editor!.selection.end.line, editor!.selection.end.character],
      [26, 8, 26, 17],
    );
    const found = await vscode.commands.executeCommand<vscode.Location[]>('analystMarkup.findMentions', 'iran-snsc');
    includesAll(found.map(describeTarget), ['articles/larijani.txt 1:12-1:45', 'notes/note.md 7:18-7:22']);
  });
});
