import * as assert from 'assert';
import * as vscode from 'vscode';
import { api, closeAllEditors, eventually, readText, waitFor, workspaceUri, writeText } from './helpers';
import { quickInput } from './workbenchDom';

const DOC = 'tagged/export-test.txt';
const DOC_TEXT = [
  'Publish Date : 12 August 2025',
  '[Larijani said, "we agree", fully]{.claim #c9x01 by=ali-larijani about="iran iraq" confidence=likely}',
  '[Iran and Iraq signed]{.event #e9x01 type=agree actors="iran iraq" targets=hezbollah place=baghdad note="line one',
  'line two, with comma"} a pact.',
  '',
].join('\n');

// Emoji and Arabic script: W3C and brat offsets count code points, the editor UTF-16 units.
const EMOJI_DOC = 'tagged/export-emoji.txt';
const EMOJI_TEXT =
  'Publish Date : 12 August 2025\n😀👍🏽 [علی لاریجانی said \\[sic\\] yes]{.claim #c9x03 by=ali-larijani confidence=likely} and [=SUM(A1) Iraq agreed]{.event #e9x03 type=agree actors=iraq}.\n';

interface ExportResult {
  uri: string;
  format: string;
  claims: number;
  events: number;
  documents: number;
  files?: string[];
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
    const emoji = workspaceUri(...EMOJI_DOC.split('/'));
    await writeText(emoji, EMOJI_TEXT);
    created.push(emoji);
  });
  afterEach(closeAllEditors);
  after(async () => {
    for (const uri of [...created, workspaceUri('exports')]) await vscode.workspace.fs.delete(uri, { recursive: true }).then(undefined, () => undefined);
  });

  it('writes CSV per RFC 4180 to a target relative to the workspace folder', async () => {
    let rows: string[][] = [];
    let result: ExportResult | undefined;
    await eventually(
      'the new file in the export',
      async () => {
        result = await vscode.commands.executeCommand<ExportResult>('analystMarkup.exportTags', { format: 'csv', target: 'exports/tags.csv' });
        assert.ok(result);
        rows = parseCsv(await readText(workspaceUri('exports', 'tags.csv')));
        assert.ok(
          rows.some((r) => r[0] === DOC),
          'the new document is exported',
        );
      },
      15000,
    ); // the file watcher reports the new file; on a loaded machine that took over 5 s once
    assert.strictEqual(result!.uri, workspaceUri('exports', 'tags.csv').toString());
    const bytes = await vscode.workspace.fs.readFile(workspaceUri('exports', 'tags.csv'));
    assert.deepStrictEqual([...bytes.slice(0, 3)], [0xef, 0xbb, 0xbf], 'a UTF-8 byte order mark for Excel');
    const raw = await readText(workspaceUri('exports', 'tags.csv')); // TextDecoder drops the BOM
    assert.ok(
      raw.startsWith(
        'document,line,column,kind,id,parent,text,attributes,entities,event_date,event_type,actor1,assoc_actor_1,actor2,assoc_actor_2,location,notes,wikidata,plain_text\r\n',
      ),
    );
    // Quoting: commas, quotes and line breaks.
    assert.ok(
      raw.includes(
        `${DOC},2,1,claim,c9x01,,"Larijani said, ""we agree"", fully","by=ali-larijani about=""iran iraq"" confidence=likely","by: Ali Larijani; about: Iran, Iraq",,,,,,,,,,"Larijani said, ""we agree"", fully"\r\n`,
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
      '', // wikidata: none of these entities has a QID in the fixture
      'Iran and Iraq signed',
    ]);
    assert.strictEqual(event[9], '2025-08-12');
    // The fixture's own event is there too; the counts add up.
    assert.ok(rows.some((r) => r[0] === 'articles/larijani.txt' && r[4] === 'e7k2'));
    assert.strictEqual(result!.claims + result!.events, rows.length - 1);
    assert.strictEqual(result!.claims, rows.filter((r) => r[3] === 'claim').length);
    // A cell starting with = is guarded against formula injection.
    await eventually(
      'the emoji document in the export',
      async () => {
        await vscode.commands.executeCommand<ExportResult>('analystMarkup.exportTags', { format: 'csv', target: 'exports/tags.csv' });
        rows = parseCsv(await readText(workspaceUri('exports', 'tags.csv')));
        assert.ok(rows.some((r) => r[0] === EMOJI_DOC));
      },
      15000,
    );
    const guarded = rows.find((r) => r[4] === 'e9x03');
    assert.strictEqual(guarded?.[6], "'=SUM(A1) Iraq agreed");
    assert.strictEqual(rows.find((r) => r[4] === 'c9x03')?.[6], 'علی لاریجانی said [sic] yes');
  });

  it('writes W3C Web Annotations with selectors in code points of the text without markup', async () => {
    let data: { type: string; id: string; total: number; first: { items: Array<Record<string, unknown>> } } | undefined;
    await eventually(
      'the emoji document in the export',
      async () => {
        const result = await vscode.commands.executeCommand<ExportResult>('analystMarkup.exportTags', { format: 'w3c', target: 'exports/annotations.jsonld' });
        assert.strictEqual(result?.format, 'w3c');
        data = JSON.parse(await readText(workspaceUri('exports', 'annotations.jsonld'))) as typeof data;
        assert.ok(data!.first.items.some((a) => a.id === 'urn:analyst-markup:tag:c9x03'));
      },
      15000,
    );
    assert.strictEqual(data!.type, 'AnnotationCollection');
    assert.strictEqual(data!.id, workspaceUri('exports', 'annotations.jsonld').toString());
    assert.strictEqual(data!.total, data!.first.items.length);
    const claim = data!.first.items.find((a) => a.id === 'urn:analyst-markup:tag:c9x03') as {
      target: { source: string; selector: [{ exact: string; prefix: string; suffix: string }, { start: number; end: number }] };
      body: Array<Record<string, unknown>>;
    };
    assert.strictEqual(claim.target.source, workspaceUri(...EMOJI_DOC.split('/')).toString());
    const [quote, position] = claim.target.selector;
    assert.strictEqual(quote.exact, 'علی لاریجانی said [sic] yes');
    assert.strictEqual(quote.prefix, 'blish Date : 12 August 2025\n😀👍🏽 ', 'the 32 code points before');
    // 30 + 😀 + 👍 + 🏽 + space = 34 code points (the editor counts 37 UTF-16 units).
    assert.deepStrictEqual([position.start, position.end], [34, 34 + Array.from(quote.exact).length]);
    assert.ok(
      claim.body.some(
        (b) => b.purpose === 'identifying' && (b.source as { id: string }).id === 'urn:analyst-markup:entity:ali-larijani' && b['am:role'] === 'claimant',
      ),
    );
    assert.ok(claim.body.some((b) => b.purpose === 'assessing' && b.value === 'likely'));
    // The .jsonld extension names the format.
    const inferred = await vscode.commands.executeCommand<ExportResult>('analystMarkup.exportTags', { target: 'exports/inferred.jsonld' });
    assert.strictEqual(inferred?.format, 'w3c');
  });

  it('writes brat standoff into a folder: .txt without markup, .ann offsets in code points, annotation.conf', async () => {
    let result: ExportResult | undefined;
    await eventually(
      'the emoji document in the export',
      async () => {
        result = await vscode.commands.executeCommand<ExportResult>('analystMarkup.exportTags', { format: 'brat', target: 'exports/brat' });
        assert.ok(result?.files?.includes(workspaceUri('exports', 'brat', 'tagged', 'export-emoji.ann').toString()));
      },
      15000,
    );
    assert.strictEqual(result!.uri, workspaceUri('exports', 'brat').toString());
    for (const name of ['annotation.conf', 'visual.conf', 'tools.conf'])
      assert.ok(result!.files!.includes(workspaceUri('exports', 'brat', name).toString()), name);
    const txt = await readText(workspaceUri('exports', 'brat', 'tagged', 'export-emoji.txt'));
    assert.strictEqual(txt, 'Publish Date : 12 August 2025\n😀👍🏽 علی لاریجانی said [sic] yes and =SUM(A1) Iraq agreed.\n');
    const ann = await readText(workspaceUri('exports', 'brat', 'tagged', 'export-emoji.ann'));
    const points = Array.from(txt);
    const tLines = ann.split('\n').filter((l) => l.startsWith('T'));
    assert.deepStrictEqual(tLines, [
      'T1\tClaim 34 61\tعلی لاریجانی said [sic] yes',
      'T2\tPerson 34 46\tعلی لاریجانی',
      'T3\tagree 66 86\t=SUM(A1) Iraq agreed',
      'T4\tState 75 79\tIraq',
    ]);
    for (const line of tLines) {
      const [, typeAndOffsets, text] = line.split('\t');
      const [, start, end] = typeAndOffsets.split(' ').map(Number);
      assert.strictEqual(points.slice(start, end).join(''), text, line);
    }
    assert.match(ann, /^E1\tClaim:T1 Claimant:T2$/m);
    assert.match(ann, /^E2\tagree:T3 Actor:T4$/m);
    assert.match(ann, /^A1\tConfidence E1 likely$/m);
    assert.match(await readText(workspaceUri('exports', 'brat', 'annotation.conf')), /^\[events\]\n\nClaim\tClaimant\?:<ENTITY>, About\*:<ENTITY>$/m);
    // The other tagged documents are there too.
    assert.ok(result!.files!.includes(workspaceUri('exports', 'brat', 'articles', 'larijani.ann').toString()));
    // The workspace folder itself is refused: articles/larijani.txt would replace the document.
    const before = await readText(workspaceUri('articles', 'larijani.txt'));
    assert.strictEqual(await vscode.commands.executeCommand('analystMarkup.exportTags', { format: 'brat', target: '.' }), undefined);
    assert.strictEqual(await readText(workspaceUri('articles', 'larijani.txt')), before);
    await assert.rejects(Promise.resolve(vscode.workspace.fs.stat(workspaceUri('annotation.conf'))), 'nothing written');
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

  it('without arguments offers every format, then asks where: a file, or a folder for brat', async () => {
    /** Runs exportTags without arguments, picking the format `down` items below the first, then accepting each prompt. */
    const pickAndAccept = async (down: number): Promise<ExportResult | undefined> => {
      let done = false;
      const pending = Promise.resolve(vscode.commands.executeCommand<ExportResult>('analystMarkup.exportTags')).finally(() => {
        done = true;
      });
      // The format picker: one row per format.
      await waitFor('the format picker', async () => {
        const q = await quickInput();
        return q.visible && q.rows === 5;
      });
      for (let k = 0; k < down; k++) await vscode.commands.executeCommand('workbench.action.quickOpenSelectNext');
      const label = ['CSV', 'JSON', 'W3C Web Annotation', 'FollowTheMoney', 'brat standoff'][down];
      await waitFor(`“${label}” chosen in the picker`, async () => (await quickInput()).active.startsWith(label));
      let shown = await quickInput();
      // Then each prompt (the save or folder dialog) as it comes, until the command is done.
      for (let prompts = 0; !done && prompts < 4; prompts++) {
        const before = shown;
        await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
        await waitFor('the next prompt, or the export done', async () => {
          if (done) return true;
          shown = await quickInput();
          // A file dialog has its proposed path in the box once it is ready to accept.
          return shown.visible && shown.value !== '' && (shown.title !== before.title || shown.value !== before.value);
        });
      }
      return pending;
    };
    // csv, json, w3c, ftm, brat: the third is W3C, saved where the dialog proposes.
    const w3c = await pickAndAccept(2);
    const proposed = workspaceUri('claims-and-events.jsonld');
    created.push(proposed);
    assert.strictEqual(w3c?.format, 'w3c');
    assert.strictEqual(w3c.uri, proposed.toString());
    assert.strictEqual((JSON.parse(await readText(proposed)) as { type: string }).type, 'AnnotationCollection');
    // The fifth is brat: a folder dialog, proposing the workspace folder, which is refused
    // (its texts would be replaced): nothing is written, not even a file named after the format.
    const refused = await pickAndAccept(4);
    assert.strictEqual(refused, undefined);
    await assert.rejects(Promise.resolve(vscode.workspace.fs.stat(workspaceUri('annotation.conf'))));
    await assert.rejects(Promise.resolve(vscode.workspace.fs.stat(workspaceUri('claims-and-events.'))));
    // Once a brat/ folder exists, the dialog proposes it, and the export goes there.
    created.push(workspaceUri('brat'));
    await vscode.workspace.fs.createDirectory(workspaceUri('brat'));
    const brat = await pickAndAccept(4);
    assert.strictEqual(brat?.format, 'brat');
    assert.strictEqual(brat.uri, workspaceUri('brat').toString());
    assert.match(await readText(workspaceUri('brat', 'annotation.conf')), /^# Analyst Markup export/);
    assert.ok(brat.files?.includes(workspaceUri('brat', 'tagged', 'export-emoji.ann').toString()));
  });

  it('infers the format from the target and refuses bad arguments', async () => {
    const result = await vscode.commands.executeCommand<ExportResult>('analystMarkup.exportTags', { target: 'exports/inferred.json' });
    assert.strictEqual(result?.format, 'json');
    JSON.parse(await readText(workspaceUri('exports', 'inferred.json')));
    assert.strictEqual(await vscode.commands.executeCommand('analystMarkup.exportTags', { format: 'xml', target: 'exports/x.xml' }), undefined);
    assert.strictEqual(await vscode.commands.executeCommand('analystMarkup.exportTags', { format: 'csv', target: 'exports/x.csv', extra: 1 }), undefined);
  });
});
