// The timeline and network views (issue 12) in the real VS Code: each opens on a demo-like
// workspace and draws (we wait for the view's own "drawn" report, no sleeps), the webview's DOM
// (read through the runner's bridge, webviewBridge.ts) shows the nodes, edges and items the core
// computed, the date slider changes the network, clicking an item selects its tag in the editor,
// exports are written to disk, and an unsaved edit updates an open view.

import * as assert from 'assert';
import * as vscode from 'vscode';
import { api, closeAllEditors, eventually, workspaceUri, writeText } from './helpers';
import { webview } from './webviewBridge';

interface Drawn {
  revision: number;
  counts: Record<string, number>;
  ms: number;
}

const TOUR = `---
date: 2025-08-14
---
# Larijani's tour

[Iran and Iraq signed a security memorandum]{.event #v1 type=agree actors="iran iraq" date=2025-08-11 place=baghdad}.
[“Iraq is a friend”]{.claim #v2 by=ali-larijani about=iraq confidence=likely date=2025-08-12}
[Larijani accused the United States]{.event #v3 type=accuse actors=ali-larijani targets=united-states date=2025-08-13}
[Iran backs Hezbollah]{.event #v4 type=support actors=iran targets=hezbollah date=2025-08}
[Larijani met the speaker in 2019]{.event #v5 type=consult actors=ali-larijani targets=iran-parliament date=2019-05}
`;

const drawn = async (view: 'timeline' | 'network', after?: number): Promise<Drawn> => {
  const state = await vscode.commands.executeCommand<Drawn | undefined>(`analystMarkup.internal.${view}Drawn`, after);
  assert.ok(state, `the ${view} view is open`);
  return state;
};

/** The drawings after revision `after` until `check` holds (other updates, e.g. the tag index's, may come first). */
async function drawnUntil(view: 'timeline' | 'network', after: number, check: (state: Drawn) => boolean | Promise<boolean>): Promise<Drawn> {
  let now = await drawn(view, after);
  for (let round = 0; !(await check(now)); round++) {
    if (round > 20) throw new Error(`the ${view} view never drew what was expected (last: ${JSON.stringify(now)})`);
    now = await drawn(view, now.revision);
  }
  return now;
}

describe('Views: timeline and network (issue 12)', function () {
  this.timeout(60000);
  const tour = workspaceUri('views', 'tour.md');

  before(async () => {
    await api();
    await writeText(tour, TOUR);
    // The workspace's tags include the new file once the tag index has read it.
    const tags = await (await api()).tags(tour);
    assert.equal(tags.length, 5);
    // Until the workspace's tag index has read the new file, the views may draw without it.
    await vscode.commands.executeCommand('analystMarkup.showTimeline', {});
    await drawnUntil('timeline', -1, async () => (await webview.count('timeline', '.item[data-key="v5"]')) === 1);
  });

  after(async () => {
    await closeAllEditors();
    await vscode.workspace.fs.delete(workspaceUri('views'), { recursive: true });
    await vscode.workspace.fs.delete(workspaceUri('exports'), { recursive: true }).then(undefined, () => undefined);
  });

  it('opens the network as of a date: the DOM shows the core’s nodes and edges; the slider moves the date', async () => {
    const result = await vscode.commands.executeCommand<{ nodes: number; edges: number; date: string }>('analystMarkup.showNetwork', { date: '2025-08-12' });
    assert.ok(result, 'the command returns what it shows');
    assert.equal(result.date, '2025-08-12');
    const state = await drawn('network');
    assert.equal(state.counts.nodes, result.nodes, 'Cytoscape drew every node');
    assert.equal(state.counts.edges, result.edges, 'and every edge');
    assert.equal(await webview.count('network', '[data-node-id]'), result.nodes);
    assert.equal(await webview.count('network', '[data-edge-id]'), result.edges);
    assert.equal(await webview.count('network', '[data-node-id="ali-larijani"]'), 1);
    // The SNSC post (from 2025-08-05, through the position's `of`) is held on the 12th; the speakership (to 2020) is not.
    assert.equal(await webview.count('network', '[data-edge-id^="role:ali-larijani>iran-snsc:"]'), 1);
    assert.equal(await webview.count('network', '[data-edge-id^="role:ali-larijani>iran-parliament:"]'), 0);
    assert.equal(await webview.count('network', '[data-edge-id="event:iran>iraq:agree"]'), 1);
    assert.equal(await webview.count('network', '[data-edge-id="event:ali-larijani>united-states:accuse"]'), 0, 'the 13th is still ahead');
    assert.equal(await webview.attribute('network', '#date-text', 'for'), 'date-slider');
    assert.deepEqual(await webview.texts('network', '#date-text'), ['2025-08-12']);

    // One day on with the keyboard: the accusation of the 13th appears, no node that was there moves.
    const before = await webview.evaluate<Record<string, { x: number; y: number }>>('network', 'window.analystMarkupNodePositions()');
    await webview.press('network', '#date-slider', 'ArrowRight');
    const next = await drawnUntil(
      'network',
      state.revision,
      async () => (await webview.count('network', '[data-edge-id="event:ali-larijani>united-states:accuse"]')) === 1,
    );
    assert.deepEqual(await webview.texts('network', '#date-text'), ['2025-08-13']);
    assert.equal(next.counts.edges, state.counts.edges + 1);
    const afterMove = await webview.evaluate<Record<string, { x: number; y: number }>>('network', 'window.analystMarkupNodePositions()');
    for (const [id, p] of Object.entries(before)) assert.deepEqual(afterMove[id], p, `${id} kept its place`);
  });

  it('lists the tags behind an edge and opens one; Enter on a node opens its registry entry', async () => {
    await vscode.commands.executeCommand('analystMarkup.showNetwork', { date: '2025-08-13' });
    await drawn('network');
    await webview.click('network', '[data-edge-id="event:ali-larijani>united-states:accuse"]');
    // The view asks the extension for the tags behind the edge (its data leaves them out).
    await eventually('the tags behind the edge', async () =>
      assert.deepEqual(await webview.texts('network', '#details button[data-tag-index]'), ['accuse: #v3 · views/tour.md:8']),
    );
    // From the keyboard: Enter on the edge in the list goes to its tags, once they are read.
    await webview.click('network', '[data-node-id="iraq"]');
    await webview.press('network', '#edge-list [data-edge-id="event:ali-larijani>united-states:accuse"]', 'Enter');
    const focusedTag = () => webview.evaluate<string | null>('network', 'document.activeElement?.getAttribute("data-tag-index") ?? null');
    await eventually('the first tag focused', async () => assert.equal(await focusedTag(), '0'));
    // An update (an unsaved edit elsewhere in the document) draws the details again: the focus stays.
    const before = await drawn('network');
    // Shown (keeping the focus in the view) so that the edit stays unsaved: an edit to a file no
    // editor shows is saved at once (files.refactoring.autoSave).
    const document = await vscode.workspace.openTextDocument(tour);
    await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.One, preserveFocus: true });
    const edit = new vscode.WorkspaceEdit();
    edit.insert(tour, new vscode.Position(document.lineCount - 1, 0), '[Iraq doubts Iran]{.claim #v7 by=iraq about=iran date=2025-08-12}\n');
    assert.ok(await vscode.workspace.applyEdit(edit));
    await drawnUntil('network', before.revision, (state) => state.counts.edges === before.counts.edges + 1);
    assert.ok(document.isDirty, 'unsaved');
    await eventually('the tag still focused after the update', async () => assert.equal(await focusedTag(), '0'));
    await webview.click('network', '#details button[data-tag-index="0"]');
    const editor = await waitForEditor(tour);
    assert.equal(editor.document.getText(editor.selection).startsWith('[Larijani accused the United States]{.event #v3'), true);
    await webview.press('network', '[data-node-id="iraq"]', 'Enter');
    const entry = await waitForEditor(workspaceUri('entities.yaml'));
    assert.equal(entry.document.getText(entry.selection), 'iraq');
    // The edit undone (and the file as it was, however the editors kept it), seen by the view.
    const withEdit = await drawn('network');
    const line = document
      .getText()
      .split('\n')
      .findIndex((l) => l.includes('#v7'));
    const undo = new vscode.WorkspaceEdit();
    undo.delete(tour, new vscode.Range(line, 0, line + 1, 0));
    assert.ok(await vscode.workspace.applyEdit(undo));
    await document.save();
    assert.equal(document.getText(), TOUR);
    await drawnUntil('network', withEdit.revision, (state) => state.counts.edges === before.counts.edges);
  });

  it('opens the timeline: one item per dated tag, partial dates as ranges; clicking an item selects its tag', async () => {
    const result = await vscode.commands.executeCommand<{ items: number; lanes: number; undated: number }>('analystMarkup.showTimeline', {});
    assert.ok(result);
    const state = await drawn('timeline');
    const keys = `new Set([...document.querySelectorAll('.item')].map((n) => n.getAttribute('data-key'))).size`;
    assert.equal(await webview.evaluate<number>('timeline', keys), result.items);
    assert.equal(state.counts.items, result.items);
    // An event of Iran and Iraq is drawn in both their lanes.
    assert.equal(await webview.count('timeline', '.item[data-key="v1"]'), 2);
    assert.deepEqual(
      (await webview.evaluate<string[]>('timeline', '[...document.querySelectorAll(\'.item[data-key="v1"]\')].map((n) => n.getAttribute("data-lane"))')).sort(),
      ['iran', 'iraq'],
    );
    assert.ok(result.items >= 5, `items: ${result.items}`);
    // August 2025 only: a month is a range across the view, a day a short bar.
    const august = await vscode.commands.executeCommand<{ items: number }>('analystMarkup.showTimeline', { from: '2025-08', to: '2025-08' });
    assert.equal(august?.items, 5); // v1–v4, and e7k2 of articles/larijani.txt (its document's date)
    await drawnUntil('timeline', state.revision, async () => (await webview.evaluate<number>('timeline', keys)) === 5);
    assert.equal(await webview.count('timeline', '.item[data-key="v4"].month'), 1, 'a month-precise date is drawn as a range');
    const v4 = await webview.evaluate<number>('timeline', 'document.querySelector(\'.item[data-key="v4"] rect\').getBBox().width');
    const v3 = await webview.evaluate<number>('timeline', 'document.querySelector(\'.item[data-key="v3"] rect\').getBBox().width');
    assert.ok(v4 > v3 * 5, `August (${v4} px) is much wider than the 13th (${v3} px)`);
    await webview.click('timeline', '.item[data-key="v3"]');
    const editor = await waitForEditor(tour);
    const tags = await (await api()).tags(tour);
    const v3tag = tags.find((t) => t.id === 'v3');
    assert.ok(v3tag);
    assert.ok(editor.selection.isEqual(new vscode.Selection(v3tag.range.start, v3tag.range.end)), `selection ${JSON.stringify(editor.selection)}`);
  });

  it('with an entity: its lane first, its roles as bars; Enter on an item opens its tag', async () => {
    await vscode.commands.executeCommand('analystMarkup.showTimeline', { entity: 'ali-larijani' });
    const state = await drawn('timeline');
    assert.ok(state.counts.roleSpans >= 2, `role spans: ${state.counts.roleSpans}`);
    const lanes = await webview.evaluate<string[]>('timeline', '[...document.querySelectorAll(".lane")].map((l) => l.getAttribute("data-lane"))');
    assert.equal(lanes[0], 'ali-larijani');
    await vscode.window.showTextDocument(workspaceUri('entities.yaml'), { viewColumn: vscode.ViewColumn.One });
    await webview.press('timeline', '.item[data-key="v5"]', 'Enter');
    const editor = await waitForEditor(tour);
    assert.ok(editor.document.getText(editor.selection).includes('#v5'));
  });

  it('follows an unsaved edit live', async () => {
    await vscode.commands.executeCommand('analystMarkup.showTimeline', {});
    const state = await drawn('timeline');
    const document = await vscode.workspace.openTextDocument(tour);
    await vscode.window.showTextDocument(document, vscode.ViewColumn.One);
    const edit = new vscode.WorkspaceEdit();
    edit.insert(tour, new vscode.Position(document.lineCount - 1, 0), '[A new threat]{.event #v6 type=threaten actors=iraq targets=iran date=2025-08-14}\n');
    assert.ok(await vscode.workspace.applyEdit(edit));
    let now = state;
    while (now.counts.items !== state.counts.items + 1) now = await drawn('timeline', now.revision);
    assert.equal(await webview.count('timeline', '.item[data-key="v6"]'), 1);
    assert.ok(document.isDirty, 'unsaved');
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  it('exports what the views show: SVG and PNG for both, GraphML for the network', async () => {
    const net = await vscode.commands.executeCommand<{ exported?: string; nodes: number; edges: number }>('analystMarkup.showNetwork', {
      date: '2025-08-13',
      target: 'exports/network.svg',
    });
    assert.ok(net?.exported, 'written');
    const svg = new TextDecoder().decode(await vscode.workspace.fs.readFile(workspaceUri('exports', 'network.svg')));
    assert.match(svg, /^(<\?xml[^>]*>\s*)?<svg/);
    assert.ok(svg.includes('Ali Larijani'), 'node labels in the SVG');
    // One circle per node, one path per edge (drawn by src/core/networkSvg.ts from what the view drew).
    assert.equal((svg.match(/<circle /g) ?? []).length, net.nodes);
    assert.equal((svg.match(/<path d="M[^"]*" fill="none"/g) ?? []).length, net.edges);
    const graphml = await vscode.commands.executeCommand<{ exported?: string }>('analystMarkup.showNetwork', {
      date: '2025-08-13',
      target: 'exports/network.graphml',
    });
    assert.ok(graphml?.exported);
    const xml = new TextDecoder().decode(await vscode.workspace.fs.readFile(workspaceUri('exports', 'network.graphml')));
    assert.equal((xml.match(/<node /g) ?? []).length, net.nodes);
    // The file keeps the layout the view drew (Gephi's x and y, upwards; yEd's geometry).
    const drawnAt = await webview.evaluate<Record<string, { x: number; y: number }>>('network', 'window.analystMarkupNodePositions()');
    const larijani = xml.split('<node ').find((n) => n.includes('<data key="entity">ali-larijani</data>'));
    assert.ok(larijani, 'Larijani is a node');
    assert.equal(Number(/<data key="x">([^<]+)<\/data>/.exec(larijani)?.[1]), drawnAt['ali-larijani'].x);
    assert.equal(Number(/<data key="y">([^<]+)<\/data>/.exec(larijani)?.[1]), -drawnAt['ali-larijani'].y);
    const png = await vscode.commands.executeCommand<{ exported?: string }>('analystMarkup.showNetwork', { target: 'exports/network.png' });
    assert.ok(png?.exported);
    assertPng(await vscode.workspace.fs.readFile(workspaceUri('exports', 'network.png')));
    const timeline = await vscode.commands.executeCommand<{ exported?: string }>('analystMarkup.showTimeline', { target: 'exports/timeline.svg' });
    assert.ok(timeline?.exported);
    const tsvg = new TextDecoder().decode(await vscode.workspace.fs.readFile(workspaceUri('exports', 'timeline.svg')));
    assert.match(tsvg, /^<\?xml[^>]*>\s*<svg/);
    assert.ok(tsvg.includes('data-key="v3"'));
    await vscode.commands.executeCommand('analystMarkup.showTimeline', { target: 'exports/timeline.png' });
    assertPng(await vscode.workspace.fs.readFile(workspaceUri('exports', 'timeline.png')));
  });

  it('refuses bad arguments with a message, and a webview message with unknown ids does nothing', async () => {
    assert.equal(await vscode.commands.executeCommand('analystMarkup.showNetwork', { date: 'yesterday' }), undefined);
    assert.equal(await vscode.commands.executeCommand('analystMarkup.showTimeline', { target: 'x.pdf' }), undefined);
    assert.equal(await vscode.commands.executeCommand('analystMarkup.showTimeline', { entity: 'nobody-at-all' }), undefined);
  });
});

function assertPng(bytes: Uint8Array): void {
  assert.deepEqual([...bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'a PNG');
  assert.ok(bytes.length > 1000, `${bytes.length} bytes`);
}

async function waitForEditor(uri: vscode.Uri): Promise<vscode.TextEditor> {
  const started = Date.now();
  for (;;) {
    const editor = vscode.window.activeTextEditor;
    if (editor?.document.uri.toString() === uri.toString() && !editor.selection.isEmpty) return editor;
    if (Date.now() - started > 10000) throw new Error(`${uri.toString(true)} was not opened with a selection`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
