// FollowTheMoney and Wikidata in the real editor: the hover card links an entity's QID to its
// Wikidata page; `exportTags` with `{ format: "ftm", target }` writes FtM JSON lines.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { ftmLines, ftmProblems } from '../unit/ftmModel';
import { api, closeAllEditors, eventually, readText, waitFor, workspaceUri, writeText, openUntitled } from './helpers';

const REGISTRY = 'zz-ftm.entities.yaml';
const DOC = 'tagged/ftm-export-test.txt';

describe('FollowTheMoney and Wikidata', () => {
  const created: vscode.Uri[] = [];

  before(async () => {
    const a = await api();
    const registry = workspaceUri(REGISTRY);
    await writeText(
      registry,
      [
        'entities:',
        '  - { id: quorvexia, name: Quorvexia, type: state, wikidata: Q4242421 }',
        '  - { id: zelda-marrow, name: Zelda Marrow, type: person, wikidata: Q4242422, ftm: os-zelda, roles: [{ post: quorvexia-envoy, from: 2024-03 }] }',
        '  - { id: quorvexia-envoy, name: Envoy of Quorvexia, type: position, of: quorvexia }',
        '',
      ].join('\n'),
    );
    created.push(registry);
    const doc = workspaceUri(...DOC.split('/'));
    await writeText(doc, 'Date: 2025-08-12\n[Zelda Marrow visited Quorvexia]{.event #eftm1 type=consult actors="zelda-marrow quorvexia" date=2025-08-11}\n');
    created.push(doc);
    await waitFor('the FtM test entities to load', () => a.entity('zelda-marrow') !== undefined, 10000);
  });
  afterEach(closeAllEditors);
  after(async () => {
    for (const uri of [...created, workspaceUri('exports-ftm')]) await vscode.workspace.fs.delete(uri, { recursive: true }).then(undefined, () => undefined);
  });

  it('shows the entity’s Wikidata QID on the hover card as a link to its Wikidata page', async () => {
    const { document } = await openUntitled('Date: 2025-08-12\nQuorvexia said so.');
    const value = await waitFor('a card with the Wikidata link', async () => {
      const hovers = (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, new vscode.Position(1, 3))) ?? [];
      for (const hover of hovers) {
        for (const content of hover.contents) if (content instanceof vscode.MarkdownString && content.value.includes('Wikidata')) return content.value;
      }
      return undefined;
    });
    assert.ok(value!.includes('**Wikidata:** [Q4242421](https://www.wikidata.org/wiki/Q4242421 "Open Q4242421 on Wikidata")'), value);
  });

  it('completes `wikidata` with a Q-id snippet in a registry file, and reports a malformed QID where it is', async () => {
    const file = workspaceUri('zz-ftm-completion.entities.yaml');
    created.push(file);
    await writeText(
      file,
      'entities:\n  - id: qid-test\n    name: Qidtest Person\n    type: person\n    \n  - { id: qid-bad, name: Qidbad Person, type: person, wikidata: Q0123 }\n',
    );
    const document = await vscode.workspace.openTextDocument(file);
    await vscode.window.showTextDocument(document);
    const item = await waitFor('the wikidata completion', async () => {
      const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', file, new vscode.Position(4, 4));
      return list.items.find((i) => (typeof i.label === 'string' ? i.label : i.label.label) === 'wikidata');
    });
    assert.ok(item!.insertText instanceof vscode.SnippetString);
    assert.strictEqual(item!.insertText.value, 'wikidata: Q${1:12345}');
    const problem = await waitFor('the malformed QID diagnostic', () =>
      vscode.languages.getDiagnostics(file).find((d) => d.message.includes('Wikidata item id')),
    );
    assert.strictEqual(problem!.severity, vscode.DiagnosticSeverity.Error);
    assert.strictEqual(document.getText(problem!.range), 'Q0123');
  });

  it('exportTags { format: "ftm", target } writes FollowTheMoney JSON lines the FtM model accepts', async () => {
    const target = workspaceUri('exports-ftm', 'workspace.ftm.json');
    let content = '';
    await eventually(
      'the event in the FtM export',
      async () => {
        const result = await vscode.commands.executeCommand<{ uri: string; format: string; events: number }>('analystMarkup.exportTags', {
          format: 'ftm',
          target: 'exports-ftm/workspace.ftm.json',
        });
        assert.ok(result && result.format === 'ftm' && result.uri === target.toString());
        content = await readText(target);
        assert.ok(ftmLines(content).some((l) => l.schema === 'Event' && l.id.startsWith('am-event-eftm1-')));
      },
      15000,
    );
    assert.deepStrictEqual(ftmProblems(content), []);
    const lines = ftmLines(content);
    const zelda = lines.find((l) => l.id === 'os-zelda')!;
    assert.deepStrictEqual([zelda.schema, zelda.properties.name, zelda.properties.wikidataId], ['Person', ['Zelda Marrow'], ['Q4242422']]);
    const occupancy = lines.find((l) => l.schema === 'Occupancy' && l.properties.holder[0] === 'os-zelda')!;
    assert.deepStrictEqual(occupancy.properties.post, ['am-quorvexia-envoy']);
    assert.deepStrictEqual(occupancy.properties.startDate, ['2024-03']);
    const event = lines.find((l) => l.id.startsWith('am-event-eftm1-'))!;
    assert.deepStrictEqual(event.properties.involved, ['os-zelda', 'am-quorvexia']);
    assert.deepStrictEqual(event.properties.date, ['2025-08-11']);
  });

  it('takes the format from a .jsonl target', async () => {
    const result = await vscode.commands.executeCommand<{ format: string }>('analystMarkup.exportTags', { target: 'exports-ftm/aleph.jsonl' });
    assert.strictEqual(result?.format, 'ftm');
    assert.ok((await readText(workspaceUri('exports-ftm', 'aleph.jsonl'))).includes('"wikidataId":["Q4242421"]'));
  });
});
