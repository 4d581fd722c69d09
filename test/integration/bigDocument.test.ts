// Big documents as the user sees them: highlighted where they are shown at once, exactly as a
// full scan of the text would have it (no flicker when the full scan arrives), and completely in
// the end (scrolling anywhere, hovers, the API). The reference is an independent full scan.

import * as assert from 'assert';
import * as vscode from 'vscode';
import { scanAll } from '../../src/core/incremental';
import { Registry, RegistryStore } from '../../src/core/registry';
import {
  api,
  closeAllEditors,
  eventually,
  Highlight,
  HighlightedLines,
  highlights,
  readText,
  waitFor,
  withRestoredFile,
  workspaceUri,
  writeText,
} from './helpers';

/** The registry as the extension reads it, built here independently. */
async function fixtureRegistry(): Promise<Registry> {
  const found = new Map<string, vscode.Uri>();
  for (const glob of ['**/entities.{yaml,yml}', '**/*.entities.{yaml,yml}', '**/entities/**/*.{yaml,yml}']) {
    for (const uri of await vscode.workspace.findFiles(glob, '**/{node_modules,.git}/**')) found.set(uri.toString(), uri);
  }
  const store = new RegistryStore();
  for (const key of [...found.keys()].sort()) store.setFile(key, await readText(found.get(key)!));
  return store.build();
}

const key = (r: readonly [number, number, number, number]) => `${r[0]}:${r[1]}-${r[2]}:${r[3]}`;

/** What a full scan highlights on `windows` (every line when undefined), as sorted range keys. */
function expectedHighlights(registry: Registry, document: vscode.TextDocument, windows: [number, number][] | undefined): string[] {
  const offsets = (windows ?? [[0, document.lineCount - 1]]).map(([first, last]) => [
    document.offsetAt(new vscode.Position(first, 0)),
    last + 1 < document.lineCount ? document.offsetAt(new vscode.Position(last + 1, 0)) : Infinity,
  ]);
  return scanAll(registry.matcher, document.getText())
    .mentions.filter((m) => registry.entities.has(m.entityId) && offsets.some(([from, to]) => m.end > from && m.start < to))
    .map((m) => {
      const start = document.positionAt(m.start);
      const end = document.positionAt(m.end);
      return key([start.line, start.character, end.line, end.character]);
    })
    .sort();
}

const shownKeys = (list: readonly Highlight[]) => list.map((h) => key(h.range)).sort();

/** Waits until the highlights shown in `document` are current and exactly a full scan's on the lines they cover. */
async function exactHighlights(what: string, registry: Registry, document: vscode.TextDocument): Promise<void> {
  await eventually(what, async () => {
    const lines = (await vscode.commands.executeCommand<HighlightedLines[]>('analystMarkup.internal.highlightedLines'))?.find(
      (l) => l.uri === document.uri.toString(),
    );
    assert.ok(lines?.current, 'highlights of the current text');
    assert.deepStrictEqual(shownKeys(await highlights(document.uri)), expectedHighlights(registry, document, lines.lines));
  });
}

/** The API's mentions of `document` are a full scan's. */
async function allMentionsExact(registry: Registry, document: vscode.TextDocument): Promise<void> {
  const all = await (await api()).mentions(document.uri);
  assert.deepStrictEqual(
    all.map((m) => `${document.offsetAt(m.range.start)}-${document.offsetAt(m.range.end)}`),
    scanAll(registry.matcher, document.getText()).mentions.map((m) => `${m.start}-${m.end}`),
  );
}

/**
 * Paragraphs that end in "Ali" and begin with "Larijani" (one mention across the blank line),
 * names broken over lines, tags whose attribute blocks name entities (not highlighted).
 */
function bigText(paragraphs: number, idPrefix: string): string {
  const out: string[] = [];
  for (let k = 0; k < paragraphs; k++) {
    out.push(
      `Larijani met officials of Iran in Baghdad; the US and Iraq listened. ` +
        `[The Supreme National\nSecurity Council met]{.claim #${idPrefix}${k.toString(36)} by=ali-larijani about="iran iraq united-states"} ` +
        `and the Majlis of Iran answered Ali`,
    );
  }
  return out.join('\n\n') + '\n';
}

describe('Big documents: first highlights where they are shown, exact and complete', () => {
  afterEach(closeAllEditors);

  it('a big document opened at its middle gets exact highlights there (every render equals a full scan), then everywhere', async function () {
    this.timeout(60_000);
    const uri = workspaceUri('big-middle.txt');
    await writeText(uri, bigText(4000, 'mid')); // 12,000 lines
    const registry = await fixtureRegistry();
    await api();
    const document = await vscode.workspace.openTextDocument(uri);
    // Every render, as the extension's listeners leave it (ours run after theirs).
    // (The commands run at once: the promises hold what was shown at that moment.)
    const snapshots: { lines: Promise<HighlightedLines | undefined>; shown: Promise<Highlight[]> }[] = [];
    const snapshot = () => {
      const lines = Promise.resolve(vscode.commands.executeCommand<HighlightedLines[]>('analystMarkup.internal.highlightedLines'));
      snapshots.push({ lines: lines.then((all) => all?.find((l) => l.uri === uri.toString())), shown: highlights(uri) });
    };
    const listeners = [vscode.window.onDidChangeVisibleTextEditors(snapshot), vscode.window.onDidChangeTextEditorVisibleRanges(snapshot)];
    const middle = 6001;
    let editor: vscode.TextEditor;
    try {
      editor = await vscode.window.showTextDocument(document, { selection: new vscode.Range(middle, 0, middle, 0) });
      await waitFor('the editor at its middle', () => editor.visibleRanges.some((r) => r.start.line <= middle && r.end.line >= middle));
      await new Promise((resolve) => setTimeout(resolve, 300));
    } finally {
      for (const l of listeners) l.dispose();
    }
    assert.ok(snapshots.length > 0, 'no render seen');
    // Every render was exact where it highlighted; the middle was highlighted before the full scan was needed.
    const renders = await Promise.all(snapshots.map(async (s) => ({ lines: await s.lines, shown: await s.shown })));
    assert.ok(
      renders.some((r) => r.lines?.current && r.lines.lines?.some(([a, b]) => a <= middle && b >= middle)),
      'no render at the middle',
    );
    for (const r of renders) {
      if (!r.lines?.current) continue;
      assert.deepStrictEqual(shownKeys(r.shown), expectedHighlights(registry, document, r.lines.lines), `render on lines ${JSON.stringify(r.lines.lines)}`);
    }

    // A registry change: the visible lines are highlighted again from a scan of them alone (the
    // document's full scan is of the old registry), exactly as a full scan with the new one.
    const registryFile = workspaceUri('entities.yaml');
    await withRestoredFile(registryFile, async () => {
      const original = await readText(registryFile);
      await writeText(
        registryFile,
        original.replace('entities:\n', 'entities:\n  - id: zz-security-council\n    name: Security Council\n    type: organization\n'),
      );
      await waitFor('the new entity', async () => (await api()).entity('zz-security-council') !== undefined);
      const changed = await fixtureRegistry();
      assert.ok(changed.entities.has('zz-security-council'));
      await eventually('exact highlights with the new registry', async () => {
        const lines = (await vscode.commands.executeCommand<HighlightedLines[]>('analystMarkup.internal.highlightedLines'))?.find(
          (l) => l.uri === uri.toString(),
        );
        assert.ok(lines?.current && lines.lines?.some(([a, b]) => a <= middle && b >= middle), `lines ${JSON.stringify(lines?.lines)}`);
        assert.deepStrictEqual(shownKeys(await highlights(uri)), expectedHighlights(changed, document, lines.lines));
      });
    });
    await waitFor('the registry restored', async () => (await api()).entity('zz-security-council') === undefined);

    // Scrolling anywhere: exact there too, once the full scan is done as before.
    for (const line of [0, 11_990, 3000, middle]) {
      editor.revealRange(new vscode.Range(line, 0, line, 0), vscode.TextEditorRevealType.InCenter);
      await eventually(`exact highlights around line ${line}`, async () => {
        const lines = (await vscode.commands.executeCommand<HighlightedLines[]>('analystMarkup.internal.highlightedLines'))?.find(
          (l) => l.uri === uri.toString(),
        );
        assert.ok(lines?.current && lines.lines?.some(([a, b]) => a <= line && b >= line), `lines ${JSON.stringify(lines?.lines)}`);
        assert.deepStrictEqual(shownKeys(await highlights(uri)), expectedHighlights(registry, document, lines.lines));
      });
    }
    // The API, hovers and references see every mention.
    const all = await (await api()).mentions(uri);
    assert.strictEqual(all.length, scanAll(registry.matcher, document.getText()).mentions.length);
    assert.strictEqual(all.filter((m) => m.text.replace(/\s+/g, ' ') === 'Ali Larijani').length, 3999, 'a name across each blank line');
    await closeAllEditors();
    await vscode.workspace.fs.delete(uri);
  });

  it('typing in a big document right after it opened keeps the highlights exact', async function () {
    this.timeout(60_000);
    const uri = workspaceUri('big-typing.txt');
    await writeText(uri, bigText(3000, 'typ'));
    const registry = await fixtureRegistry();
    await api();
    const document = await vscode.workspace.openTextDocument(uri);
    const editor = await vscode.window.showTextDocument(document, { selection: new vscode.Range(4500, 0, 4500, 0) });
    // At once, while the full scan is under way: a name, and one broken.
    await editor.edit((b) => b.insert(new vscode.Position(4500, 0), 'Iraq and '));
    await editor.edit((b) => b.insert(new vscode.Position(10, 3), 'x'));
    await exactHighlights('exact highlights after the edits', registry, document);
    await allMentionsExact(registry, document);
    await closeAllEditors();
    await vscode.workspace.fs.delete(uri);
  });

  it('typing in a big document whose mentions are all known keeps the highlights exact, and the full list catches up', async function () {
    this.timeout(60_000);
    const uri = workspaceUri('big-typing-known.txt');
    await writeText(uri, bigText(3000, 'tyk'));
    const registry = await fixtureRegistry();
    const document = await vscode.workspace.openTextDocument(uri);
    const editor = await vscode.window.showTextDocument(document, { selection: new vscode.Range(6000, 0, 6000, 0) });
    await (await api()).mentions(uri); // every mention known: typing now updates from that state
    // A name typed in the window, one broken there, text deleted far above (everything below shifts).
    await editor.edit((b) => b.insert(new vscode.Position(6000, 0), 'Iraq and '));
    await exactHighlights('exact highlights after typing a name', registry, document);
    await editor.edit((b) => b.insert(new vscode.Position(6003, 'Larijani met officials of Ir'.length), 'x'));
    await exactHighlights('exact highlights after breaking a name', registry, document);
    await editor.edit((b) => b.delete(new vscode.Range(2, 0, 6, 0)));
    await exactHighlights('exact highlights after deleting lines above the window', registry, document);
    await allMentionsExact(registry, document);
    await closeAllEditors();
    await vscode.workspace.fs.delete(uri);
  });

  it('highlights all 100,000 mentions of a document (no silent cap)', async function () {
    this.timeout(60_000);
    const uri = workspaceUri('hundred-thousand.txt');
    const line = Array.from({ length: 25 }, (_, i) => (i % 2 === 0 ? 'Iran' : 'Iraq')).join(', ');
    await writeText(uri, Array.from({ length: 4000 }, () => line).join('\n'));
    await api();
    await vscode.window.showTextDocument(uri);
    await waitFor('100,000 highlights', async () => (await highlights(uri)).length === 100_000, 20_000);
    assert.strictEqual((await (await api()).mentions(uri)).length, 100_000);
    await closeAllEditors();
    await vscode.workspace.fs.delete(uri);
  });
});
