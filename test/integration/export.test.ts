import * as assert from 'assert';
import * as vscode from 'vscode';
import { api, closeAllEditors, eventually, readText, workspaceUri, writeText } from './helpers';

const DOC = 'tagged/export-test.txt';
const DOC_TEXT = [
  'Publish Date : 12 August 2025',
  '[Larijani said, "we agree", fully]{.claim #c9x01 by=ali-larijani about="iran iraq" confidence=likely}',
  '[Iran and Iraq signed]{.event #e9x01 type=agree actors="iran iraq" targets=hezbollah place=baghdad note="line one',
  'line two, with comma"} a pact.',
  '',
].join('\n');

interface ExportResult {
  uri: string;
  format: string;
  claims: number;
  events: number;
  documents: number;
}

/** Splits RFC 4180 CSV (CRLF records, quoted fields with "" escapes and line breaks). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += ch;
  }
  assert.strictEqual(field, '', 'the CSV ends with CRLF');
  return rows;
}

describe('Export claims and events', () => {
  const created: vscode.Uri[] = [];

  before(async () => {
    await api();
    const uri = workspaceUri(...DOC.split('/'));
    await writeText(uri, DOC_TEXT);
    created.push(uri);
  });
  afterEach(closeAllEditors);
  after(async () => {
    for (const uri of [...created, workspaceUri('exports')]) await vscode.workspace.fs.delete(uri, { recursive: true }).then(undefined, () => undefined);
  });

  it('writes CSV per RFC 4180 to a target relative to the workspace folder', async () => {
    let rows: string[][] = [];
    let result: ExportResult | undefined;
    await eventually('the new file in the export', async () => {
      result = await vscode.commands.executeCommand<ExportResult>('analystMarkup.exportTags', { format: 'csv', target: 'exports/tags.csv' });
      assert.ok(result);
      rows = parseCsv(await readText(workspaceUri('exports', 'tags.csv')));
      assert.ok(rows.some((r) => r[0] === DOC), 'the new document is exported');
    }, 15000); // the file watcher reports the new file; on a loaded machine that took over 5 s once
    assert.strictEqual(result!.uri, workspaceUri('exports', 'tags.csv').toString());
    const raw = await readText(workspaceUri('exports', 'tags.csv'));
    assert.ok(raw.startsWith('document,line,column,kind,id,parent,text,attributes,entities,event_date,event_type,actor1,assoc_actor_1,actor2,assoc_actor_2,location,notes\r\n'));
    // Quoting: commas, quotes and line breaks.
    assert.ok(
      raw.includes(
        `${DOC},2,1,claim,c9x01,,"Larijani said, ""we agree"", fully","by=ali-larijani about=""iran iraq"" confidence=likely","by: Ali Larijani; about: Iran, Iraq",,,,,,,,\r\n`,
      ),
      raw,
    );
    const event = rows.find((r) => r[0] === DOC && r[4] === 'e9x01');
    assert.deepStrictEqual(event, [
      DOC,
      '3',
      '1',
      'event',
      'e9x01',
      '',
      'Iran and Iraq signed',
      'type=agree actors="iran iraq" targets=hezbollah place=baghdad note="line one\nline two, with comma"',
      'actors: Iran, Iraq; targets: Hezbollah; place: Baghdad',
      event![9],
      'agree',
      'Iran',
      'Iraq',
      'Hezbollah',
      '',
      'Baghdad',
      'line one\nline two, with comma',
    ]);
    assert.strictEqual(event[9], '2025-08-12');
    // The fixture's own event is there too; the counts add up.
    assert.ok(rows.some((r) => r[0] === 'articles/larijani.txt' && r[4] === 'e7k2'));
    assert.strictEqual(result!.claims + result!.events, rows.length - 1);
    assert.strictEqual(result!.claims, rows.filter((r) => r[3] === 'claim').length);
  });

  it('writes JSON to a URI string target, with unsaved text and entity names', async () => {
    // An unsaved edit counts: the open document's text is exported.
    const document = await vscode.workspace.openTextDocument(workspaceUri(...DOC.split('/')));
    const editor = await vscode.window.showTextDocument(document);
    const at = document.getText().indexOf('a pact.');
    editor.selection = new vscode.Selection(document.positionAt(at), document.positionAt(at + 'a pact.'.length));
    const ids = await vscode.commands.executeCommand<string[]>('analystMarkup.tagClaim', { by: 'iraq', reliability: 'C' });
    assert.ok(ids && document.isDirty);
    const target = workspaceUri('exports', 'sub', 'tags.json');
    const result = await vscode.commands.executeCommand<ExportResult>('analystMarkup.exportTags', { format: 'json', target: target.toString() });
    assert.ok(result && result.format === 'json' && result.uri === target.toString());
    const json = JSON.parse(await readText(target)) as { format: string; version: number; tags: Array<Record<string, unknown>> };
    assert.strictEqual(json.format, 'analyst-markup-tags');
    const mine = json.tags.filter((t) => t.document === DOC);
    assert.deepStrictEqual(
      mine.map((t) => [t.kind, t.id, t.text]),
      [
        ['claim', 'c9x01', 'Larijani said, "we agree", fully'],
        ['event', 'e9x01', 'Iran and Iraq signed'],
        ['claim', ids[0], 'a pact.'],
      ],
    );
    assert.deepStrictEqual(mine[0].attributes, { by: 'ali-larijani', about: 'iran iraq', confidence: 'likely' });
    assert.deepStrictEqual(mine[0].entities, [
      { attribute: 'by', id: 'ali-larijani', name: 'Ali Larijani' },
      { attribute: 'about', id: 'iran', name: 'Iran' },
      { attribute: 'about', id: 'iraq', name: 'Iraq' },
    ]);
    const fields = mine[1].event as Record<string, string>;
    assert.strictEqual(fields.actor1, 'Iran');
    assert.strictEqual(fields.location, 'Baghdad');
    assert.strictEqual(result.claims + result.events, json.tags.length);
  });

  it('infers the format from the target and refuses bad arguments', async () => {
    const result = await vscode.commands.executeCommand<ExportResult>('analystMarkup.exportTags', { target: 'exports/inferred.json' });
    assert.strictEqual(result?.format, 'json');
    JSON.parse(await readText(workspaceUri('exports', 'inferred.json')));
    assert.strictEqual(await vscode.commands.executeCommand('analystMarkup.exportTags', { format: 'xml', target: 'exports/x.xml' }), undefined);
    assert.strictEqual(await vscode.commands.executeCommand('analystMarkup.exportTags', { format: 'csv', target: 'exports/x.csv', extra: 1 }), undefined);
  });
});
