// The language server's walk of the workspace folders (src/lsp/files.ts on src/node/walk.ts): no
// symbolic link is followed, not even one that stays inside the folder, and a walk stops after
// MAX_WALKED_FILES files however many folders it has.

import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { findRegistryFiles, folderOf, MAX_WALKED_FILES, pathToUri, walkWorkspace } from '../../src/lsp/files';
import { walkFiles } from '../../src/node/walk';

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'am-walk-'));
}

describe('language server: walking the workspace folders', () => {
  it('follows no symbolic link (out of the folder, inside it, a loop), and skips node_modules and .git', () => {
    const root = tempDir();
    const outside = tempDir();
    fs.writeFileSync(path.join(outside, 'secret.entities.yaml'), 'entities: []\n');
    fs.mkdirSync(path.join(root, 'notes'));
    fs.mkdirSync(path.join(root, 'node_modules', 'x'), { recursive: true });
    fs.mkdirSync(path.join(root, '.git'));
    fs.writeFileSync(path.join(root, 'entities.yaml'), 'entities: []\n');
    fs.writeFileSync(path.join(root, 'notes', 'a.entities.yaml'), 'entities: []\n');
    fs.writeFileSync(path.join(root, 'node_modules', 'x', 'b.entities.yaml'), 'entities: []\n');
    fs.writeFileSync(path.join(root, '.git', 'c.entities.yaml'), 'entities: []\n');
    fs.symlinkSync(path.join(outside, 'secret.entities.yaml'), path.join(root, 'notes', 'evil.entities.yaml'));
    fs.symlinkSync(outside, path.join(root, 'elsewhere'));
    fs.symlinkSync(path.join(root, 'notes', 'a.entities.yaml'), path.join(root, 'inner.entities.yaml'));
    fs.symlinkSync('..', path.join(root, 'notes', 'loop'));
    const folder = folderOf(pathToUri(root))!;
    const found = findRegistryFiles([folder], ['**/*.entities.yaml', 'entities.yaml']).map((f) => path.relative(root, f));
    assert.deepStrictEqual(found, ['entities.yaml', path.join('notes', 'a.entities.yaml')]);
    // The CLI's walk of the same folder follows the link that stays inside, and tells of the others.
    const skipped: string[] = [];
    const cli = walkFiles(root, (f) => f.endsWith('.entities.yaml'), { onSkip: (s) => skipped.push(`${path.relative(root, s.link)} ${s.why}`) });
    assert.deepStrictEqual(
      cli.map((f) => path.relative(root, f)),
      ['inner.entities.yaml', path.join('notes', 'a.entities.yaml')],
    );
    assert.deepStrictEqual(skipped.sort(), ['elsewhere outside', path.join('notes', 'evil.entities.yaml') + ' outside', path.join('notes', 'loop') + ' loop']);
  });

  it(`looks at ${MAX_WALKED_FILES.toLocaleString('en')} files at most, over all the folders`, function () {
    this.timeout(120000);
    const first = tempDir();
    const second = tempDir();
    const perFolder = Math.ceil(MAX_WALKED_FILES / 2) + 500;
    for (const root of [first, second]) {
      for (let d = 0; d < perFolder / 1000; d++) {
        const dir = path.join(root, `d${d}`);
        fs.mkdirSync(dir);
        for (let k = 0; k < 1000; k++) fs.writeFileSync(path.join(dir, `f${k}.txt`), '');
      }
    }
    const folders = [folderOf(pathToUri(first))!, folderOf(pathToUri(second))!];
    let looked = 0;
    const accepted = walkWorkspace(folders, () => {
      looked++;
      return true;
    });
    assert.strictEqual(looked, MAX_WALKED_FILES);
    assert.strictEqual(accepted.length, MAX_WALKED_FILES);
    for (const root of [first, second]) fs.rmSync(root, { recursive: true, force: true });
  });
});
