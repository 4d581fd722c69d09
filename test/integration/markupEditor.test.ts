// Claim and event tags in the editor (SPEC §3, issue 4 b): diagnostics, quick fixes, completion,
// hover, folding and decorations, in untitled documents (the fixture workspace stays unchanged).

import * as assert from 'assert';
import * as vscode from 'vscode';
import { api, closeAllEditors, eventually, openUntitled, waitFor, workspaceUri, writeText } from './helpers';

const SOURCE = 'Analyst Markup tags';

async function untitled(content: string, language = 'plaintext'): Promise<vscode.TextDocument> {
  return (await openUntitled(content, language)).document;
}

/** `line:char-line:char` of the `nth` occurrence of `needle`. */
function where(document: vscode.TextDocument, needle: string, nth = 0): string {
  const text = document.getText();
  let at = -1;
  for (let k = 0; k <= nth; k++) {
    at = text.indexOf(needle, at + 1);
    assert.ok(at >= 0, `${needle} in the document`);
  }
  const s = document.positionAt(at);
  const e = document.positionAt(at + needle.length);
  return `${s.line}:${s.character}-${e.line}:${e.character}`;
}

function positionOf(document: vscode.TextDocument, needle: string, after = 0): vscode.Position {
  const at = document.getText().indexOf(needle);
  assert.ok(at >= 0, `${needle} in the document`);
  return document.positionAt(at + after);
}

function ours(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === SOURCE);
}

function summary(document: vscode.TextDocument): string[] {
  return ours(document.uri)
    .map((d) => `${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character} ${String(d.code)}`)
    .sort();
}

async function fixes(document: vscode.TextDocument, range: vscode.Range): Promise<vscode.CodeAction[]> {
  const all = (await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>('vscode.executeCodeActionProvider', document.uri, range)) ?? [];
  return all.filter((a): a is vscode.CodeAction => 'kind' in a && a.kind !== undefined && vscode.CodeActionKind.QuickFix.contains(a.kind));
}

async function applyFix(document: vscode.TextDocument, range: vscode.Range, title: string | RegExp): Promise<vscode.CodeAction> {
  const actions = await waitFor(`a quick fix ${String(title)}`, async () => {
    const list = await fixes(document, range);
    return list.some((a) => (typeof title === 'string' ? a.title === title : title.test(a.title))) ? list : undefined;
  });
  const action = actions!.find((a) => (typeof title === 'string' ? a.title === title : title.test(a.title)))!;
  assert.ok(action.edit, `${action.title} has an edit`);
  assert.ok(await vscode.workspace.applyEdit(action.edit));
  return action;
}

function labelOf(item: vscode.CompletionItem): string {
  return typeof item.label === 'string' ? item.label : item.label.label;
}

async function completions(document: vscode.TextDocument, position: vscode.Position, trigger?: string): Promise<vscode.CompletionItem[]> {
  const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', document.uri, position, trigger);
  // Not the editor's word-based suggestions (kind Text): ours only.
  return (list?.items ?? []).filter((i) => i.kind !== vscode.CompletionItemKind.Text);
}

function rangeOf(document: vscode.TextDocument, needle: string): vscode.Range {
  const at = document.getText().indexOf(needle);
  assert.ok(at >= 0, `${needle} in the document`);
  return new vscode.Range(document.positionAt(at), document.positionAt(at + needle.length));
}

describe('Markup editor (SPEC §3: tags in the editor)', () => {
  before(async () => {
    await api();
  });
  afterEach(async () => {
    await vscode.workspace.getConfiguration('analystMarkup').update('markup.attributes', undefined, vscode.ConfigurationTarget.Global);
    await closeAllEditors();
  });

  it('reports broken tags, unknown entity ids and event types at their exact ranges', async () => {
    const document = await untitled(
      [
        'Larijani said [we agree]{.claim #c7q1 by=ali-larijan confidence=maybe}.',
        '[Iran and Iraq met]{.event #e7q2 type=agre actors="iran irak" place=baghdad}',
        '[Broken]{.claim #c7q3 by=iran date="2025}',
        '[No kind]{#c7q4 by=iran}',
      ].join('\n'),
    );
    await eventually('the markup diagnostics', () => {
      assert.deepStrictEqual(
        summary(document),
        [
          `${where(document, 'ali-larijan')} unknown-entity`,
          `${where(document, 'maybe')} invalid-confidence`,
          `${where(document, 'agre', 1)} unknown-event-type`,
          `${where(document, 'irak')} unknown-entity`,
          `${where(document, '"2025')} unterminated-quote`,
          `${where(document, '{#c7q4 by=iran}')} missing-kind`,
        ].sort(),
      );
    });
    const unknown = ours(document.uri).find((d) => d.code === 'unknown-entity')!;
    assert.strictEqual(unknown.severity, vscode.DiagnosticSeverity.Error);
    assert.match(unknown.message, /did you mean “ali-larijani”/);
  });

  it('updates diagnostics on edit', async () => {
    const document = await untitled('[x]{.claim #c7r1 by=nobody}');
    await eventually('one unknown entity', () => assert.deepStrictEqual(summary(document), [`${where(document, 'nobody')} unknown-entity`]));
    const editor = vscode.window.activeTextEditor!;
    await editor.edit((b) => b.replace(rangeOf(document, 'nobody'), 'iran'));
    await eventually('no diagnostics', () => assert.deepStrictEqual(summary(document), []));
  });

  it('reports a tag id used elsewhere in the workspace (articles/larijani.txt has #e7k2)', async () => {
    const document = await untitled('[Iran and Iraq agreed]{.event #e7k2 type=agree actors="iran iraq"}');
    await eventually(
      'a workspace duplicate',
      () => {
        assert.deepStrictEqual(summary(document), [`${where(document, '#e7k2')} duplicate-tag-id`]);
      },
      10000,
    );
    const d = ours(document.uri)[0];
    assert.match(d.message, /articles\/larijani\.txt:5/);
    assert.ok(d.relatedInformation?.some((r) => r.location.uri.path.endsWith('/articles/larijani.txt') && r.location.range.start.line === 4));

    await applyFix(document, d.range, /^Generate a new id \(#e[0-9a-z]{8}\)$/);
    assert.match(document.getText(), /\{\.event #e(?!7k2)[0-9a-z]{8} type=agree/);
    await eventually('the duplicate gone', () => assert.deepStrictEqual(summary(document), []));
  });

  it('quick-fixes an unknown entity id, an invalid confidence and a missing by=', async () => {
    const document = await untitled(
      ['[a]{.claim #c7s1 by=ali-larijan}', '[b]{.claim #c7s2 by=iran confidence=likley}', '[c]{.claim #c7s3 about=iraq}'].join('\n'),
    );
    await eventually('three problems', () => assert.strictEqual(summary(document).length, 3));

    await applyFix(document, rangeOf(document, 'ali-larijan'), 'Change to “ali-larijani” (Ali Larijani, person)');
    assert.strictEqual(document.lineAt(0).text, '[a]{.claim #c7s1 by=ali-larijani}');

    const confidence = await fixes(document, rangeOf(document, 'likley'));
    assert.deepStrictEqual(
      confidence.map((a) => a.title.split('“')[1].split('”')[0]),
      ['likely', 'almost-no-chance', 'very-unlikely', 'unlikely', 'roughly-even', 'very-likely', 'almost-certain'],
    );
    assert.ok(confidence[0].isPreferred);
    await applyFix(document, rangeOf(document, 'likley'), /^Change confidence to “likely”/);
    assert.strictEqual(document.lineAt(1).text, '[b]{.claim #c7s2 by=iran confidence=likely}');

    const missing = await applyFix(document, rangeOf(document, '{.claim #c7s3 about=iraq}'), 'Add by= (the claimant)');
    assert.strictEqual(missing.command?.command, 'analystMarkup.internal.suggestAt');
    assert.strictEqual(document.lineAt(2).text, '[c]{.claim #c7s3 by= about=iraq}');
  });

  it('completes entity ids, event types, confidence terms and attribute names inside blocks', async () => {
    const document = await untitled(
      [
        '[Larijani said it]{.claim #c7t1 by= confidence= }', // 0
        '[Iran met Iraq]{.event #e7t1 type= actors="iran " targets=}', // 1
      ].join('\n'),
    );
    const line0 = document.lineAt(0).text;
    const line1 = document.lineAt(1).text;

    const by = await completions(document, new vscode.Position(0, line0.indexOf('by=') + 3), '=');
    const larijani = by.find((i) => labelOf(i) === 'ali-larijani');
    assert.ok(larijani, 'ali-larijani after by=');
    assert.deepStrictEqual(larijani.label, { label: 'ali-larijani', description: 'Ali Larijani · person' });
    assert.strictEqual(larijani.detail, 'Ali Larijani (person)');
    assert.ok(by.some((i) => labelOf(i) === 'baghdad'));
    // Mentioned in the tag's text: listed first.
    const sorted = [...by].sort((a, b) => (a.sortText ?? labelOf(a)).localeCompare(b.sortText ?? labelOf(b)));
    assert.strictEqual(labelOf(sorted[0]), 'ali-larijani');

    const confidence = await completions(document, new vscode.Position(0, line0.indexOf('confidence=') + 11), '=');
    const terms = confidence.filter((i) => i.kind === vscode.CompletionItemKind.EnumMember).map(labelOf);
    assert.deepStrictEqual(terms, ['almost-no-chance', 'very-unlikely', 'unlikely', 'roughly-even', 'likely', 'very-likely', 'almost-certain']);

    const names = await completions(document, new vscode.Position(0, line0.length - 1), ' ');
    const keys = names
      .filter((i) => i.kind === vscode.CompletionItemKind.Property)
      .map(labelOf)
      .sort();
    assert.deepStrictEqual(keys, ['about', 'credibility', 'date', 'reliability']);

    const type = await completions(document, new vscode.Position(1, line1.indexOf('type=') + 5), '=');
    assert.ok(type.some((i) => labelOf(i) === 'agree' && i.detail?.includes('PLOVER')));
    assert.ok(type.some((i) => labelOf(i) === 'assault'));

    // After a space inside the quotes: the next id, not the ones already listed.
    const actors = await completions(document, new vscode.Position(1, line1.indexOf('"iran ') + 6), ' ');
    const actorIds = actors.map(labelOf);
    assert.ok(actorIds.includes('iraq'));
    assert.ok(!actorIds.includes('iran'));

    // An empty unquoted list value gets quotes, so that more ids can follow.
    const targets = await completions(document, new vscode.Position(1, line1.indexOf('targets=') + 8), '=');
    const iraq = targets.find((i) => labelOf(i) === 'iraq')!;
    assert.ok(iraq.insertText instanceof vscode.SnippetString);
    assert.strictEqual(iraq.insertText.value, '"iraq$0"');

    // Nothing outside blocks.
    const outside = await completions(document, new vscode.Position(0, 3), ' ');
    assert.ok(!outside.some((i) => labelOf(i) === 'ali-larijani'));
  });

  it('explains a tag on hover, escaped and untrusted', async () => {
    const document = await untitled(
      'He said [it]{.claim #c7u1 by=ali-larijani about="iran iraq" confidence=likely reliability=B credibility=2 date=2025-08-11}.',
    );
    const hovers = await waitFor('a tag hover', async () => {
      const list = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, positionOf(document, '{.claim'));
      return list?.some((h) => h.contents.some((c) => c instanceof vscode.MarkdownString && c.value.includes('**Claim**'))) ? list : undefined;
    });
    const hover = hovers!.find((h) => h.contents.some((c) => c instanceof vscode.MarkdownString && c.value.includes('**Claim**')))!;
    const md = hover.contents.find((c): c is vscode.MarkdownString => c instanceof vscode.MarkdownString && c.value.includes('**Claim**'))!;
    assert.notStrictEqual(md.isTrusted, true);
    assert.strictEqual(md.supportHtml, false);
    for (const expected of [
      '\\#c7u1',
      '**Ali Larijani**',
      '**Iran**',
      '**Iraq**',
      'Likely \\/ probable',
      'ICD 203',
      'Usually reliable',
      'Probably true',
      '11 August 2025',
    ]) {
      assert.ok(md.value.includes(expected), `${expected} in:\n${md.value}`);
    }
    assert.strictEqual(`${hover.range?.start.character}-${hover.range?.end.character}`, `${document.getText().indexOf(']{')}-${document.getText().length - 1}`);

    // On the `[`, too; and on an entity id, with that entity's card.
    const onOpen = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, positionOf(document, '[it'));
    assert.ok(onOpen?.some((h) => h.contents.some((c) => c instanceof vscode.MarkdownString && c.value.includes('**Claim**'))));
    const onId = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, positionOf(document, 'by=ali', 5));
    assert.ok(
      onId?.some((h) => h.contents.some((c) => c instanceof vscode.MarkdownString && c.value.includes('$(calendar)'))),
      'the entity card',
    );
    // Not on the tagged text.
    const onText = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, positionOf(document, 'it]'));
    assert.ok(!onText?.some((h) => h.contents.some((c) => c instanceof vscode.MarkdownString && c.value.includes('**Claim**'))));
  });

  it('offers folding ranges for multi-line tags and attribute blocks', async () => {
    const document = await untitled(
      ['Intro.', '[A claim that runs', 'over two lines]{.claim #c7v1 by=iran', '  confidence=likely', '  date=2025}', 'After.'].join('\n'),
    );
    const ranges = await waitFor('folding ranges', async () => {
      const list = await vscode.commands.executeCommand<vscode.FoldingRange[]>('vscode.executeFoldingRangeProvider', document.uri);
      return list && list.length >= 2 ? list : undefined;
    });
    const shown = ranges!.map((r) => `${r.start}-${r.end}`);
    assert.ok(shown.includes('1-4'), `the tag: ${shown.join(', ')}`);
    assert.ok(shown.includes('2-4'), `the attribute block: ${shown.join(', ')}`);
  });

  it('decorates claims and events and dims attribute blocks (setting analystMarkup.markup.attributes)', async () => {
    const document = await untitled('[Iran]{.claim #c7w1 by=iran} and [Iraq]{.event #e7w1 type=agree}');
    type Shown = { uri: string; claim: number[][]; event: number[][]; dimmed: number[][]; display: string };
    const snapshot = async (): Promise<Shown | undefined> =>
      ((await vscode.commands.executeCommand<Shown[]>('analystMarkup.internal.tagDecorations')) ?? []).find((s) => s.uri === document.uri.toString());
    await eventually('claim, event and dimmed blocks', async () => {
      const s = await snapshot();
      assert.ok(s);
      assert.deepStrictEqual(s.claim, [[0, 1, 0, 5]]);
      assert.deepStrictEqual(s.event, [[0, 34, 0, 38]]);
      assert.deepStrictEqual(s.dimmed, [
        [0, 6, 0, 28],
        [0, 39, 0, 64],
      ]);
      assert.strictEqual(s.display, 'dim');
    });
    await vscode.workspace.getConfiguration('analystMarkup').update('markup.attributes', 'show', vscode.ConfigurationTarget.Global);
    await eventually('nothing dimmed', async () => {
      const s = await snapshot();
      assert.deepStrictEqual(s?.dimmed, []);
      assert.deepStrictEqual(s?.claim, [[0, 1, 0, 5]]);
    });
    // Entity mentions inside tagged text stay highlighted.
    const highlights = (await vscode.commands.executeCommand<{ uri: string; type: string; range: number[] }[]>('analystMarkup.internal.highlights')) ?? [];
    assert.ok(highlights.some((h) => h.uri === document.uri.toString() && h.range.join(',') === '0,1,0,5'));
  });

  it('folds multi-line attribute blocks when analystMarkup.markup.attributes is "fold", and unfolds them after', async () => {
    await vscode.workspace.getConfiguration('analystMarkup').update('markup.attributes', 'fold', vscode.ConfigurationTarget.Global);
    const document = await untitled(['Intro.', '', '[A claim]{.claim #c7x1 by=iran', '  confidence=likely', '  date=2025}', 'After.'].join('\n'));
    const editor = vscode.window.activeTextEditor!;
    assert.strictEqual(editor.document, document);
    const visible = (): string => editor.visibleRanges.map((r) => `${r.start.line}-${r.end.line}`).join(' ');
    await eventually('lines 3-4 folded away', () => assert.strictEqual(visible(), '0-2 5-5'));
    await vscode.workspace.getConfiguration('analystMarkup').update('markup.attributes', 'dim', vscode.ConfigurationTarget.Global);
    await eventually('unfolded', () => assert.strictEqual(visible(), '0-5'));
  });

  it('works in Markdown documents too', async () => {
    const document = await untitled('# Notes\n\nHe said [it]{.claim #c7y1 by=nobody}.\n', 'markdown');
    await eventually('the unknown entity', () => assert.deepStrictEqual(summary(document), [`${where(document, 'nobody')} unknown-entity`]));
    const by = await completions(document, positionOf(document, 'by=', 3), '=');
    assert.ok(by.some((i) => labelOf(i) === 'ali-larijani'));
  });

  it('re-checks every open document after a registry change, shown or not', async () => {
    const documents: vscode.TextDocument[] = [];
    for (let k = 0; k < 6; k++) documents.push(await untitled(`Note ${k}: [they said so]{.claim #c9s${k} by=pahlavi-k${k % 2}}.\n`));
    const unknown = (d: vscode.TextDocument) => [`${where(d, `pahlavi-k${documents.indexOf(d) % 2}`)} unknown-entity`];
    for (const d of documents) await eventually(`the unknown entity in document ${documents.indexOf(d)}`, () => assert.deepStrictEqual(summary(d), unknown(d)));
    const file = workspaceUri('sliced-check.entities.yaml');
    try {
      await writeText(
        file,
        'entities:\n  - id: pahlavi-k0\n    name: Pahlavi Kappa\n    type: person\n  - id: pahlavi-k1\n    name: Pahlavi Kay\n    type: person\n',
      );
      for (const d of documents) await eventually(`document ${documents.indexOf(d)} clean once the ids exist`, () => assert.deepStrictEqual(summary(d), []));
    } finally {
      await vscode.workspace.fs.delete(file);
    }
    for (const d of documents)
      await eventually(`the unknown entity back in document ${documents.indexOf(d)}`, () => assert.deepStrictEqual(summary(d), unknown(d)));
  });

  it('contributes the TextMate injection grammar and the theme colours', () => {
    const extension = vscode.extensions.getExtension('analyst-markup.analyst-markup')!;
    const contributes = extension.packageJSON.contributes as {
      grammars: { scopeName: string; injectTo?: string[]; language?: string }[];
      colors: { id: string }[];
    };
    const injection = contributes.grammars.find((g) => g.scopeName === 'analyst-markup.attributes.injection');
    assert.deepStrictEqual(injection?.injectTo, ['text.plain', 'text.html.markdown']);
    assert.ok(contributes.grammars.some((g) => g.language === 'plaintext' && g.scopeName === 'text.plain'));
    for (const id of ['claimBackground', 'claimBorder', 'eventBackground', 'eventBorder']) {
      assert.ok(
        contributes.colors.some((c) => c.id === `analystMarkup.${id}`),
        id,
      );
    }
  });
});
