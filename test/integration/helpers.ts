// Shared helpers of the integration suite: the extension's API, the fixture workspace, waiting.

import * as assert from 'assert';
import * as vscode from 'vscode';
import type { AnalystMarkupApi } from '../../src/vscode/api';
import { isNewPrompt, quickInput, type QuickInputState } from './workbenchDom';

export const EXTENSION_ID = 'analyst-markup.analyst-markup';

export async function api(): Promise<AnalystMarkupApi> {
  const extension = vscode.extensions.getExtension<AnalystMarkupApi>(EXTENSION_ID);
  assert.ok(extension, `extension ${EXTENSION_ID} is not loaded`);
  const exported = await extension.activate();
  await exported.ready;
  return exported;
}

export function workspaceUri(...segments: string[]): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the tests need the fixture workspace open');
  return vscode.Uri.joinPath(folder.uri, ...segments);
}

export async function readText(uri: vscode.Uri): Promise<string> {
  return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
}

export async function writeText(uri: vscode.Uri, text: string): Promise<void> {
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
}

/** Polls until `check` returns a truthy value (or stops throwing); fails after `timeoutMs`. */
export async function waitFor<T>(what: string, check: () => T | Promise<T>, timeoutMs = 5000): Promise<T> {
  const started = Date.now();
  let lastError: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() - started > timeoutMs) {
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}${lastError ? `: ${String(lastError)}` : ''}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export type Highlight = { uri: string; type: string; range: [number, number, number, number] };

/** What the highlighter's decorations cover, per visible editor (`analystMarkup.internal.highlightedLines`). */
export interface HighlightedLines {
  uri: string;
  version: number;
  current: boolean;
  /** Lines covered (all of a small document: undefined). */
  lines: [number, number][] | undefined;
  /** The lines the editor shows, as the extension host knows them. */
  visible: [number, number][];
  count: number;
}

export async function highlights(uri?: vscode.Uri): Promise<Highlight[]> {
  const all = (await vscode.commands.executeCommand<Highlight[]>('analystMarkup.internal.highlights')) ?? [];
  return uri ? all.filter((h) => h.uri === uri.toString()) : all;
}

/** Highlights of a document as `line:char-line:char type` strings, in document order. */
export async function highlightSummary(uri: vscode.Uri): Promise<string[]> {
  return (await highlights(uri))
    .sort((a, b) => a.range[0] - b.range[0] || a.range[1] - b.range[1])
    .map((h) => `${h.range[0]}:${h.range[1]}-${h.range[2]}:${h.range[3]} ${h.type}`);
}

export async function mentionSummary(uri: vscode.Uri): Promise<string[]> {
  const mentions = await (await api()).mentions(uri);
  return mentions.map(
    (m) => `${m.range.start.line}:${m.range.start.character}-${m.range.end.line}:${m.range.end.character} ${m.entityId} ${JSON.stringify(m.text)}`,
  );
}

/** Restores a fixture file after a test changed it. */
export async function withRestoredFile(uri: vscode.Uri, body: () => Promise<void>): Promise<void> {
  let original: Uint8Array | undefined;
  try {
    original = await vscode.workspace.fs.readFile(uri);
  } catch {
    original = undefined;
  }
  try {
    await body();
  } finally {
    if (original) await vscode.workspace.fs.writeFile(uri, original);
    else await vscode.workspace.fs.delete(uri).then(undefined, () => undefined);
  }
}

/** Closes every editor without a save prompt: unsaved test buffers are reverted first. */
export async function closeAllEditors(): Promise<void> {
  for (const document of vscode.workspace.textDocuments) {
    if (!document.isDirty) continue;
    await vscode.window.showTextDocument(document);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  }
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

/**
 * A new untitled document with `content`, not shown. VS Code reuses untitled names ("Untitled-1"),
 * and `openTextDocument({ content })` asked soon after a test closed its editors now and then hands
 * back the closed document with that test's text (seen in CI, even after waiting for the close
 * events): then a fresh one is asked for, which gets a new name.
 */
export async function newUntitled(content: string, language = 'plaintext'): Promise<vscode.TextDocument> {
  for (let attempt = 1; ; attempt++) {
    const document = await vscode.workspace.openTextDocument({ language, content });
    if (document.getText() === content) return document;
    assert.ok(attempt < 10, `VS Code handed back an older ${document.uri.toString()} ${attempt} times`);
    await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
  }
}

/** A new untitled document with `content` (see newUntitled), shown in the active editor group. */
export async function openUntitled(content: string, language = 'plaintext'): Promise<vscode.TextEditor> {
  return vscode.window.showTextDocument(await newUntitled(content, language));
}

/** Like `waitFor`, for an assertion: on time-out the last assertion error says what differed. */
export async function eventually(what: string, assertion: () => void | Promise<void>, timeoutMs = 5000): Promise<void> {
  await waitFor(
    what,
    async () => {
      await assertion();
      return true;
    },
    timeoutMs,
  );
}

/**
 * Runs a command without arguments, accepting each prompt's proposal (Enter) until it finishes.
 * Each prompt is awaited in the workbench's DOM (workbenchDom.ts), not guessed with a pause.
 */
export async function runAccepting<T>(command: string, maxPrompts = 8): Promise<{ result: T | undefined; prompts: number }> {
  let done = false;
  const pending = Promise.resolve(vscode.commands.executeCommand<T>(command)).finally(() => {
    done = true;
  });
  let prompts = 0;
  let accepted: QuickInputState | undefined;
  while (!done) {
    let shown: QuickInputState | undefined;
    await waitFor(`prompt ${prompts + 1} of ${command}, or its end`, async () => done || isNewPrompt((shown = await quickInput()), accepted), 15000);
    if (done || !shown) break;
    await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    accepted = shown;
    prompts++;
    assert.ok(prompts <= maxPrompts, `more than ${maxPrompts} prompts`);
  }
  return { result: await pending, prompts };
}
