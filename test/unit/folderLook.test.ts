// The look at folders after a burst of file events (the watcher drops events of bursts, deletes
// too): which of the registry's files are gone by it.
import * as assert from 'assert';
import { isGoneByLook, type FolderLook } from '../../src/core/folderLook';

const look = (listedFolders: string[], listedFiles: string[], gonePaths: string[] = []): FolderLook => ({
  listedFolders: new Set(listedFolders),
  listedFiles: new Set(listedFiles),
  gonePaths: new Set(gonePaths),
});

describe('folder look: files gone without a delete event', () => {
  const root = 'file:///ws/entities';

  it('finds a file its listed folder no longer holds, and keeps the ones it holds', () => {
    const seen = look([root], [`${root}/a.yaml`]);
    assert.strictEqual(isGoneByLook(`${root}/a.yaml`, seen), false);
    assert.strictEqual(isGoneByLook(`${root}/b.yaml`, seen), true);
  });

  it('says nothing of files in folders it did not list (a shallow look does not list subfolders)', () => {
    const seen = look([root], [`${root}/a.yaml`]);
    assert.strictEqual(isGoneByLook(`${root}/people/b.yaml`, seen), false);
    assert.strictEqual(isGoneByLook('file:///ws/other/c.yaml', seen), false);
  });

  it('finds every file below a folder that is gone, at any depth, and the gone file itself', () => {
    const seen = look([], [], [root, 'file:///ws/notes/x.entities.yaml']);
    assert.strictEqual(isGoneByLook(`${root}/a.yaml`, seen), true);
    assert.strictEqual(isGoneByLook(`${root}/people/deep/b.yaml`, seen), true);
    assert.strictEqual(isGoneByLook('file:///ws/notes/x.entities.yaml', seen), true);
    assert.strictEqual(isGoneByLook('file:///ws/notes/y.entities.yaml', seen), false);
  });

  it('does not take a folder for the prefix of a longer name (entities is not entities-old)', () => {
    const seen = look([], [], [root]);
    assert.strictEqual(isGoneByLook('file:///ws/entities-old/a.yaml', seen), false);
    assert.strictEqual(isGoneByLook('file:///ws/entities.yaml', seen), false);
  });

  it('decides each of 200,000 files of one look (a branch switch that took half of them)', () => {
    const listed = Array.from({ length: 200_000 }, (_, i) => `${root}/load-${i}.yaml`);
    const seen = look(
      [root],
      listed.slice(0, 100_000),
      Array.from({ length: 10_000 }, (_, i) => `file:///ws/gone-${i}`),
    );
    let gone = 0;
    for (const key of listed) if (isGoneByLook(key, seen)) gone++;
    assert.strictEqual(gone, 100_000);
  });
});
