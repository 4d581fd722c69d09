import * as assert from 'assert';
import * as vscode from 'vscode';
import { api, closeAllEditors, openUntitled, runAccepting } from './helpers';

const CLAIM_ID = /^c[0-9a-z]{8}$/;
const EVENT_ID = /^e[0-9a-z]{8}$/;

const editorWith = openUntitled;

/** A selection of the `nth` occurrence of `text` (anchor at its start). */
function selectionOf(editor: vscode.TextEditor, text: string, nth = 0): vscode.Selection {
  const all = editor.document.getText();
  let at = -1;
  for (let i = 0; i <= nth; i++) {
    at = all.indexOf(text, at + 1);
    assert.ok(at >= 0, `“${text}” (#${nth}) not in the document`);
  }
  return new vscode.Selection(editor.document.positionAt(at), editor.document.positionAt(at + text.length));
}

function cursorAt(editor: vscode.TextEditor, text: string, delta = 0): vscode.Selection {
  const at = editor.document.getText().indexOf(text);
  assert.ok(at >= 0, `“${text}” not in the document`);
  const p = editor.document.positionAt(at + delta);
  return new vscode.Selection(p, p);
}

async function run<T = string[]>(command: string, args?: unknown): Promise<T | undefined> {
  return args === undefined ? vscode.commands.executeCommand<T>(command) : vscode.commands.executeCommand<T>(command, args);
}

describe('Tagging commands', () => {
  before(async () => {
    await api();
  });
  afterEach(closeAllEditors);

  it('tags a claim from an argument object: exact markup, id pattern, quoting', async () => {
    const editor = await editorWith('Larijani said: “We do not oppose cooperation.” Then he left.\n');
    editor.selection = selectionOf(editor, '“We do not oppose cooperation.”');
    const ids = await run('analystMarkup.tagClaim', {
      by: 'ali-larijani',
      about: ['iran', 'iraq'],
      confidence: 'likely',
      reliability: 'B',
      credibility: '2',
      date: '2025-08-12',
    });
    assert.ok(ids && ids.length === 1 && CLAIM_ID.test(ids[0]), JSON.stringify(ids));
    assert.strictEqual(
      editor.document.getText(),
      `Larijani said: [“We do not oppose cooperation.”]{.claim #${ids[0]} by=ali-larijani about="iran iraq" confidence=likely reliability=B credibility=2 date=2025-08-12} Then he left.\n`,
    );
    // The new tag is selected.
    assert.strictEqual(editor.document.getText(editor.selection), editor.document.getText().slice(15, -15));
  });

  it('tags an event; a space-separated list works like an array', async () => {
    const editor = await editorWith('Iran and Iraq signed an agreement in Baghdad.');
    editor.selection = selectionOf(editor, 'Iran and Iraq signed an agreement');
    const ids = await run('analystMarkup.tagEvent', { type: 'agree', actors: 'iran iraq', targets: [], date: '2025-08-11', place: 'baghdad' });
    assert.ok(ids && EVENT_ID.test(ids[0]));
    assert.strictEqual(
      editor.document.getText(),
      `[Iran and Iraq signed an agreement]{.event #${ids[0]} type=agree actors="iran iraq" date=2025-08-11 place=baghdad} in Baghdad.`,
    );
    const tags = await (await api()).tags(editor.document.uri);
    assert.deepStrictEqual(
      tags.map((t) => ({ kind: t.kind, id: t.id, range: [t.range.start.character, t.range.end.character], attributes: t.attributes })),
      [
        {
          kind: 'event',
          id: ids[0],
          range: [0, editor.document.getText().indexOf(' in Baghdad')],
          attributes: { type: 'agree', actors: 'iran iraq', date: '2025-08-11', place: 'baghdad' },
        },
      ],
    );
  });

  it('tags every selection in one edit that one undo reverts', async () => {
    const original = 'Iran agreed. Iraq refused. Hezbollah protested.';
    const editor = await editorWith(original);
    editor.selections = [selectionOf(editor, 'Iran agreed.'), selectionOf(editor, 'Hezbollah protested.')];
    const ids = await run('analystMarkup.tagClaim', { by: 'iran' });
    assert.ok(ids && ids.length === 2 && ids[0] !== ids[1]);
    assert.strictEqual(editor.document.getText(), `[Iran agreed.]{.claim #${ids[0]} by=iran} Iraq refused. [Hezbollah protested.]{.claim #${ids[1]} by=iran}`);
    await vscode.commands.executeCommand('undo');
    assert.strictEqual(editor.document.getText(), original);
  });

  it('untag restores the original text byte for byte', async () => {
    const original = 'He said [sic: “Iran 🇮🇷 and\nIraq\\” agreed] — then [1 left.';
    const editor = await editorWith(original);
    editor.selection = selectionOf(editor, 'said [sic: “Iran 🇮🇷 and\nIraq\\” agreed] — then [1');
    const ids = await run('analystMarkup.tagEvent', { type: 'agree' });
    assert.ok(ids);
    assert.notStrictEqual(editor.document.getText(), original);
    editor.selection = cursorAt(editor, 'Iraq');
    const removed = await run('analystMarkup.untag');
    assert.deepStrictEqual(removed, ids);
    assert.strictEqual(editor.document.getText(), original);
  });

  it('tag then untag a selection ending in a backslash gives back the text and the selection byte for byte', async () => {
    const original = 'Saved under C:\\dir\\ on Monday.';
    const editor = await editorWith(original);
    const selected = selectionOf(editor, 'C:\\dir\\');
    editor.selection = selected;
    const ids = await run('analystMarkup.tagClaim', { by: 'iran' });
    assert.ok(ids);
    assert.strictEqual(editor.document.getText(), `Saved under [C:\\dir\\\\]{.claim #${ids[0]} by=iran} on Monday.`);
    assert.deepStrictEqual(await run('analystMarkup.untag'), ids);
    assert.strictEqual(editor.document.getText(), original);
    assert.ok(editor.selection.isEqual(selected), `selection ${JSON.stringify(editor.selection)}`);
    assert.strictEqual(editor.document.getText(editor.selection), 'C:\\dir\\');
  });

  it('untag removes the innermost tag at each cursor', async () => {
    const text = '[Larijani said [Iran and Iraq agreed]{.event #e1zz9 type=agree} today]{.claim #c1zz9 by=ali-larijani} and [more]{.claim #c2zz9 by=iran}';
    const editor = await editorWith(text);
    editor.selections = [cursorAt(editor, 'Iraq'), cursorAt(editor, 'more')];
    assert.deepStrictEqual(await run('analystMarkup.untag'), ['e1zz9', 'c2zz9']);
    assert.strictEqual(editor.document.getText(), '[Larijani said Iran and Iraq agreed today]{.claim #c1zz9 by=ali-larijani} and more');
  });

  it('makes no edit at all when one selection crosses a tag boundary', async () => {
    const text = 'Iran [and Iraq signed]{.event #e1zz8 type=agree} an agreement. Then more.';
    const editor = await editorWith(text);
    const version = editor.document.version;
    editor.selections = [selectionOf(editor, 'Then more.'), selectionOf(editor, 'Iran [and')];
    const ids = await run('analystMarkup.tagClaim', { by: 'iran' });
    assert.strictEqual(ids, undefined);
    assert.strictEqual(editor.document.getText(), text);
    assert.strictEqual(editor.document.version, version);
    // A selection around the whole tag, or inside its text, is fine: tags nest.
    editor.selection = selectionOf(editor, 'Iran [and Iraq signed]{.event #e1zz8 type=agree} an agreement.');
    const outer = await run('analystMarkup.tagClaim', { by: 'iran' });
    assert.ok(outer);
    assert.ok(editor.document.getText().startsWith(`[Iran [and Iraq signed]{.event #e1zz8 type=agree} an agreement.]{.claim #${outer[0]} by=iran}`));
  });

  it('tags the sentence around an empty cursor', async () => {
    const editor = await editorWith('Iran agreed. Gen. Smith said the U.S. would help. Iraq refused.');
    editor.selection = cursorAt(editor, 'Smith');
    const ids = await run('analystMarkup.tagClaim', { by: 'united-states' });
    assert.ok(ids);
    assert.strictEqual(editor.document.getText(), `Iran agreed. [Gen. Smith said the U.S. would help.]{.claim #${ids[0]} by=united-states} Iraq refused.`);
  });

  it('refuses bad arguments and documents of other languages, without editing', async () => {
    const editor = await editorWith('Iran agreed.');
    editor.selection = selectionOf(editor, 'Iran agreed.');
    assert.strictEqual(await run('analystMarkup.tagClaim', { confidence: 'likely' }), undefined);
    assert.strictEqual(await run('analystMarkup.tagClaim', { by: 'iran', confidence: 'perhaps' }), undefined);
    assert.strictEqual(await run('analystMarkup.tagEvent', { type: 'party' }), undefined);
    assert.strictEqual(editor.document.getText(), 'Iran agreed.');
    const json = await editorWith('{"a": "Iran agreed."}', 'json');
    json.selection = selectionOf(json, 'Iran agreed.');
    assert.strictEqual(await run('analystMarkup.tagClaim', { by: 'iran' }), undefined);
    assert.strictEqual(await run('analystMarkup.untag'), undefined);
    assert.strictEqual(json.document.getText(), '{"a": "Iran agreed."}');
  });

  it('new ids avoid the ids of the workspace', async () => {
    // The fixture's articles/larijani.txt has #e7k2; an untitled buffer's ids count too.
    const other = await editorWith('[x]{.claim #c0000 by=iran}');
    const editor = await editorWith('Iran agreed.');
    editor.selection = selectionOf(editor, 'Iran agreed.');
    const ids = await run('analystMarkup.tagClaim', { by: 'iran' });
    assert.ok(ids && ids[0] !== 'c0000');
    void other;
  });

  it('asks without arguments: the claimant mentioned in the selection comes first', async () => {
    const editor = await editorWith('Iran’s envoy Ali Larijani said: we agree.\n\nIraq replied.');
    editor.selection = selectionOf(editor, 'Iran’s envoy Ali Larijani said: we agree.');
    // Claimant (first: the person in the selection), about (none), confidence, reliability,
    // credibility (Skip each).
    const { result, prompts } = await runAccepting<string[]>('analystMarkup.tagClaim');
    assert.ok(result, 'the command finished without a tag');
    assert.strictEqual(prompts, 5);
    assert.strictEqual(editor.document.getText(), `[Iran’s envoy Ali Larijani said: we agree.]{.claim #${result[0]} by=ali-larijani}\n\nIraq replied.`);
  });

  it('asks without arguments for an event: actors prefilled, date from the document', async () => {
    const editor = await editorWith('Publish Date : 12 August 2025\nIran and Iraq met in Baghdad.');
    editor.selection = cursorAt(editor, 'met');
    // Type (agree, the first), actors (picked: Iran and Iraq), targets (none), date
    // (prefilled), place (Skip).
    const { result } = await runAccepting<string[]>('analystMarkup.tagEvent');
    assert.ok(result, 'the command finished without a tag');
    assert.strictEqual(
      editor.document.getText(),
      `Publish Date : 12 August 2025\n[Iran and Iraq met in Baghdad.]{.event #${result[0]} type=agree actors="iran iraq" date=2025-08-12}`,
    );
  });
});
