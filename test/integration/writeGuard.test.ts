// Files the extension writes (issue 15): registry edits and exports named by a command argument
// stay inside the workspace folders (no `..`, no absolute path elsewhere, no symbolic link out),
// and an edit computed from a file is refused, with nothing changed, when the file changed on
// disk since it was read (a `git pull` while the command ran).
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import { changedSinceRead, containingFolder, normalisedPath, writeRefusal } from '../../src/vscode/writeGuard';
import { api, closeAllEditors, readText, workspaceUri, writeText } from './helpers';

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

describe('files the extension writes', function () {
  this.timeout(30_000);
  let outside: string;

  before(async () => {
    await api();
    outside = fs.mkdtempSync(path.join(os.tmpdir(), 'analyst-markup-outside-'));
  });

  after(() => fs.rmSync(outside, { recursive: true, force: true }));

  it('addEntity refuses a file outside the workspace (absolute, URI or ../), and writes nothing', async () => {
    const target = path.join(outside, 'stolen.entities.yaml');
    for (const file of [vscode.Uri.file(target).toString(), '../stolen.entities.yaml', 'entities/../../stolen.entities.yaml']) {
      const result = await vscode.commands.executeCommand('analystMarkup.addEntity', { id: 'mallory', name: 'Mallory', type: 'person', file });
      assert.strictEqual(result, undefined, file);
    }
    assert.ok(!fs.existsSync(target));
    assert.ok(!(await exists(vscode.Uri.joinPath(workspaceUri(), '..', 'stolen.entities.yaml'))));
  });

  it('addEntity and exportTags refuse a symbolic link that leads out of the workspace', async () => {
    const real = path.join(outside, 'real.entities.yaml');
    fs.writeFileSync(real, 'entities: []\n');
    const link = workspaceUri('linked.entities.yaml');
    const linkedFolder = workspaceUri('linked-exports');
    fs.symlinkSync(real, link.fsPath);
    fs.symlinkSync(outside, linkedFolder.fsPath);
    try {
      assert.strictEqual(
        await vscode.commands.executeCommand('analystMarkup.addEntity', { id: 'mallory', name: 'Mallory', type: 'person', file: 'linked.entities.yaml' }),
        undefined,
      );
      assert.strictEqual(fs.readFileSync(real, 'utf8'), 'entities: []\n', 'the file behind the link is unchanged');
      assert.strictEqual(await vscode.commands.executeCommand('analystMarkup.exportTags', { format: 'csv', target: 'linked-exports/tags.csv' }), undefined);
      assert.ok(!fs.existsSync(path.join(outside, 'tags.csv')));
      assert.strictEqual(
        await vscode.commands.executeCommand('analystMarkup.exportTags', { format: 'csv', target: path.join(outside, 'direct.csv') }),
        undefined,
      );
      assert.ok(!fs.existsSync(path.join(outside, 'direct.csv')));
      assert.match((await writeRefusal(link)) ?? '', /^linked\.entities\.yaml is a symbolic link, which may lead out of the workspace/);
    } finally {
      fs.unlinkSync(link.fsPath);
      fs.unlinkSync(linkedFolder.fsPath);
    }
  });

  it('paths are compared after .. is resolved', () => {
    assert.strictEqual(normalisedPath('/a/b/../c/./d'), '/a/c/d');
    assert.strictEqual(normalisedPath('/../..'), '/');
    assert.ok(containingFolder(workspaceUri('entities', 'x.yaml')));
    assert.strictEqual(containingFolder(workspaceUri('entities', '..', '..', 'x.yaml')), undefined);
    assert.strictEqual(containingFolder(vscode.Uri.parse(`${workspaceUri().toString()}/../x.yaml`)), undefined);
    assert.strictEqual(containingFolder(vscode.Uri.file(`${workspaceUri().fsPath}-sibling/x.yaml`)), undefined, 'a sibling folder whose name starts alike');
  });

  it('an edit is refused when the file changed on disk since it was read (open and clean, or closed)', async () => {
    const file = workspaceUri('pulled.entities.yaml');
    const before = 'entities:\n  - id: pulled-a\n    name: Pulled A\n    type: person\n';
    const pulled = `${before}  - id: pulled-b\n    name: Pulled B\n    type: person\n`;
    await writeText(file, before);
    try {
      assert.strictEqual(await changedSinceRead(file, { text: before }), undefined, 'unchanged: the edit may go ahead');
      // A git pull changes the file behind the editor's back.
      fs.writeFileSync(file.fsPath, pulled);
      assert.match(
        (await changedSinceRead(file, { text: before })) ?? '',
        /^pulled\.entities\.yaml changed since Analyst Markup read it \(a git pull, another editor\?\): nothing was changed\. Run the command again\.$/,
      );
      // Open and clean, not yet reloaded: the disk decides.
      const document = await vscode.workspace.openTextDocument(file);
      assert.ok(await changedSinceRead(file, { text: document.getText() === pulled ? before : document.getText(), document }));
      // A file that appeared since it was found missing.
      assert.ok(await changedSinceRead(file, 'missing'));
      assert.strictEqual(await changedSinceRead(workspaceUri('never-there.entities.yaml'), 'missing'), undefined);
      assert.strictEqual(await readText(file), pulled, 'nothing changed the file');
    } finally {
      await closeAllEditors();
      await vscode.workspace.fs.delete(file);
    }
  });
});
