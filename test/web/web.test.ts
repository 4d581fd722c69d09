// The web build (dist/web/extension.js) in VS Code's web worker extension host — what vscode.dev
// runs — on the integration fixture workspace (scripts/run-web-tests.mjs). What a user would
// notice: the extension works there at all, highlights and hover cards, and the two things that
// need the `yaml` library, which the web build loads on first use: a registry file outside the
// fast reader's plain subset, and registry edits.
//
// The tests run in order and share the workspace: the yaml library must not have been loaded
// before the "plain registry" test.

import * as vscode from 'vscode';
import type { YamlLibraryState } from '../../src/vscode/yamlLibrary';
import { after, afterEach, assertEqual, assertOk, before, describe, it } from './runner';

const EXTENSION_ID = 'analyst-markup.analyst-markup';

function workspaceUri(...segments: string[]): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assertOk(folder, 'the tests need the fixture workspace open');
  return vscode.Uri.joinPath(folder.uri, ...segments);
}

async function readText(uri: vscode.Uri): Promise<string> {
  return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
}

async function writeText(uri: vscode.Uri, text: string): Promise<void> {
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
}

async function waitFor<T>(what: string, check: () => T | Promise<T>, timeoutMs = 5000): Promise<T> {
  const started = Date.now();
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value;
      last = value;
    } catch (error) {
      last = error;
    }
    if (Date.now() - started > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what} (last: ${String(last)})`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

interface Highlight {
  uri: string;
  type: string;
  range: [number, number, number, number];
}

/** What the highlighter shows in a document, as `line:char-line:char type`, in document order. */
async function highlightSummary(uri: vscode.Uri): Promise<string[]> {
  const all = (await vscode.commands.executeCommand<Highlight[]>('analystMarkup.internal.highlights')) ?? [];
  return all
    .filter((h) => h.uri === uri.toString())
    .sort((a, b) => a.range[0] - b.range[0] || a.range[1] - b.range[1])
    .map((h) => `${h.range[0]}:${h.range[1]}-${h.range[2]}:${h.range[3]} ${h.type}`);
}

async function yamlLibrary(arg?: 'forget'): Promise<YamlLibraryState> {
  const state = await vscode.commands.executeCommand<YamlLibraryState>('analystMarkup.internal.yamlLibrary', arg);
  assertOk(state, 'analystMarkup.internal.yamlLibrary returned nothing');
  return state;
}

async function closeAllEditors(): Promise<void> {
  for (const document of vscode.workspace.textDocuments) {
    if (!document.isDirty) continue;
    await vscode.window.showTextDocument(document);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  }
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

/** Registry file outside the fast reader's subset (src/core/fastYaml.ts gives up on `---` and on flow lists over several lines). */
const OUTSIDE_SUBSET_FILE = 'web.entities.yaml';
const OUTSIDE_SUBSET = `---
# Written with a document start marker and a flow list over two lines: outside the fast reader's plain subset.
entities:
  - id: hamas
    name: Hamas
    type: organization
  - id: fatah
    name: Fatah
    type: organization
    aliases: [Fatah movement,
      Fateh]
`;
const ARTICLE = 'notes/web.txt';
const ARTICLE_TEXT = 'Fateh and Hamas met in Persia.\nThe PLO was not there.\n';

describe('Web build in the web worker extension host', () => {
  let extension: vscode.Extension<{ ready: Promise<void> }> | undefined;
  let originalRegistry = '';

  before(async () => {
    extension = vscode.extensions.getExtension(EXTENSION_ID);
    assertOk(extension, `extension ${EXTENSION_ID} is not loaded`);
    await (
      await extension.activate()
    ).ready;
    originalRegistry = await readText(workspaceUri('entities.yaml'));
  });
  afterEach(closeAllEditors);
  after(async () => {
    await writeText(workspaceUri('entities.yaml'), originalRegistry);
    for (const file of [OUTSIDE_SUBSET_FILE, ARTICLE]) await vscode.workspace.fs.delete(workspaceUri(file)).then(undefined, () => undefined);
  });

  it('activates the browser entry in a web worker (no Node.js)', async () => {
    assertOk(extension?.isActive, 'the extension is not active');
    assertEqual(typeof (globalThis as { process?: unknown }).process, 'undefined', 'typeof process');
    assertEqual(typeof (globalThis as { importScripts?: unknown }).importScripts, 'function', 'typeof importScripts (a worker global)');
    assertEqual(vscode.env.uiKind, vscode.UIKind.Web, 'vscode.env.uiKind');
    const manifest = extension.packageJSON as { main?: string; browser?: string };
    assertEqual([manifest.main, manifest.browser], [undefined, './dist/web/extension.js'], 'package.json main and browser of the extension under test');
  });

  it('highlights known entities in a plain-text file at their ranges', async () => {
    const uri = workspaceUri('articles', '2019-speaker.txt');
    await vscode.window.showTextDocument(uri);
    const expected = ['2:8-2:20 person', '2:30-2:36 organization', '2:42-2:46 state', '3:0-3:8 person', '3:42-3:46 state'];
    const shown = await waitFor('the highlights of 2019-speaker.txt', async () => {
      const summary = await highlightSummary(uri);
      return summary.length >= expected.length ? summary : undefined;
    });
    assertEqual(shown, expected);
  });

  it('resolves an office to its holder on the document’s date (SPEC §9)', async () => {
    const document = await vscode.workspace.openTextDocument({
      language: 'plaintext',
      content: 'Date: 2024-03-01\nThe SNSC secretary spoke; Ahmadian left.\n',
    });
    await vscode.window.showTextDocument(document);
    const shown = await waitFor('the office highlighted as its 2024 holder', async () => {
      const summary = await highlightSummary(document.uri);
      return summary.length >= 2 ? summary : undefined;
    });
    assertEqual(shown, ['1:4-1:18 person', '1:26-1:34 person']);
  });

  it('shows the hover card of a mention', async () => {
    const uri = workspaceUri('articles', '2019-speaker.txt');
    await vscode.window.showTextDocument(uri);
    const text = await waitFor('a hover card on “Ali Larijani”', async () => {
      const hovers = (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, new vscode.Position(2, 10))) ?? [];
      for (const hover of hovers) {
        for (const content of hover.contents) {
          if (content instanceof vscode.MarkdownString && content.value.includes('Ali Larijani')) return content.value;
        }
      }
      return undefined;
    });
    assertOk(text);
    for (const part of [
      '**Ali Larijani**',
      'Document date: 10 Mar 2019',
      'Held on 10 Mar 2019',
      'Speaker of the Parliament of Iran',
      'Mentioned 2 times in this document',
    ]) {
      assertOk(text.includes(part), `the card has no “${part}”:\n${text}`);
    }
  });

  it('reads the plain registry without loading the yaml library', async () => {
    const state = await yamlLibrary();
    assertEqual({ asynchronous: state.asynchronous, loaded: state.loaded, loads: state.loads }, { asynchronous: true, loaded: false, loads: 0 });
  });

  it('reads a registry file outside the plain subset: loads the yaml library on demand, and its entities highlight', async () => {
    await writeText(workspaceUri(ARTICLE), ARTICLE_TEXT);
    await writeText(workspaceUri(OUTSIDE_SUBSET_FILE), OUTSIDE_SUBSET);
    const uri = workspaceUri(ARTICLE);
    await vscode.window.showTextDocument(uri);
    await waitFor('Fateh and Hamas highlighted', async () => (await highlightSummary(uri)).join(', ') === '0:0-0:5 organization, 0:10-0:15 organization', 8000);
    const state = await yamlLibrary();
    assertEqual({ loaded: state.loaded, loads: state.loads }, { loaded: true, loads: 1 });
    assertOk(
      state.last && (state.last.via === 'fetch' || state.last.via === 'workspace.fs') && state.last.bytes > 50000,
      `last load: ${JSON.stringify(state.last)}`,
    );
    console.log(`      (yaml library: ${Math.round(state.last.bytes / 1024)} KB via ${state.last.via} in ${state.last.ms} ms)`);
    const problems = vscode.languages.getDiagnostics(workspaceUri(OUTSIDE_SUBSET_FILE)).map((d) => d.message);
    assertEqual(problems, [], `diagnostics of ${OUTSIDE_SUBSET_FILE}`);
  });

  it('addAlias makes the selection an alias in entities.yaml (loading the yaml library first), and it highlights', async () => {
    assertEqual((await yamlLibrary('forget')).loaded, false, 'the library is forgotten before the command');
    const uri = workspaceUri(ARTICLE);
    const editor = await vscode.window.showTextDocument(uri);
    editor.selection = new vscode.Selection(0, 23, 0, 29); // “Persia”
    const result = await vscode.commands.executeCommand('analystMarkup.addAlias', { entity: 'iran' });
    assertEqual(result, { entity: 'iran', aliases: ['Persia'], file: workspaceUri('entities.yaml').toString() });
    assertEqual(
      await readText(workspaceUri('entities.yaml')),
      originalRegistry.replace('    name: Iran\n', '    name: Iran\n    aliases: [Persia]\n'),
      'entities.yaml after addAlias',
    );
    const state = await yamlLibrary();
    assertEqual({ loaded: state.loaded, loads: state.loads }, { loaded: true, loads: 2 });
    await waitFor('Persia highlighted', async () => (await highlightSummary(uri)).includes('0:23-0:29 state'));
  });

  it('addEntity makes the selection an entity of the registry file outside the plain subset, and it highlights', async () => {
    const uri = workspaceUri(ARTICLE);
    const editor = await vscode.window.showTextDocument(uri);
    editor.selection = new vscode.Selection(1, 4, 1, 7); // “PLO”
    const result = await vscode.commands.executeCommand('analystMarkup.addEntity', { id: 'plo', type: 'organization', file: OUTSIDE_SUBSET_FILE });
    assertEqual(result, { id: 'plo', file: workspaceUri(OUTSIDE_SUBSET_FILE).toString() });
    assertEqual(
      await readText(workspaceUri(OUTSIDE_SUBSET_FILE)),
      OUTSIDE_SUBSET + '  - id: plo\n    name: PLO\n    type: organization\n',
      `${OUTSIDE_SUBSET_FILE} after addEntity`,
    );
    await waitFor('the PLO highlighted', async () => (await highlightSummary(uri)).includes('1:4-1:7 organization'));
  });
  it('opens the timeline and network views: the views’ bundle loads in the worker and both webviews draw (issue 12)', async () => {
    const uri = workspaceUri('views-web.md');
    await writeText(uri, '[Iran and Iraq agreed]{.event #w1 type=agree actors="iran iraq" date=2025-08-11}\n');
    await vscode.window.showTextDocument(uri);
    const timeline = await vscode.commands.executeCommand<{ items: number }>('analystMarkup.showTimeline', {});
    assertOk(timeline, 'showTimeline returned its data');
    const drawnTimeline = await vscode.commands.executeCommand<{ counts: Record<string, number> }>('analystMarkup.internal.timelineDrawn');
    assertOk(drawnTimeline && drawnTimeline.counts.items === timeline.items && timeline.items >= 1, `timeline drawn: ${JSON.stringify(drawnTimeline)}`);
    const network = await vscode.commands.executeCommand<{ nodes: number; edges: number }>('analystMarkup.showNetwork', { date: '2025-08-11' });
    assertOk(network, 'showNetwork returned its data');
    const drawnNetwork = await vscode.commands.executeCommand<{ counts: Record<string, number> }>('analystMarkup.internal.networkDrawn');
    assertOk(
      drawnNetwork && drawnNetwork.counts.nodes === network.nodes && drawnNetwork.counts.edges === network.edges && network.nodes >= 2,
      `network drawn: ${JSON.stringify(drawnNetwork)} vs ${JSON.stringify(network)}`,
    );
    await vscode.workspace.fs.delete(uri);
  });
});
