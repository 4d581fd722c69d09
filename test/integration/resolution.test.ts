// Who is meant (SPEC §9), in the real VS Code: every rule on fixture texts, the ambiguous style,
// its hover and quick fixes, Link Mention with and without arguments, references that follow
// resolution, and typing that changes how a later mention resolves.

import * as assert from 'assert';
import * as vscode from 'vscode';
import { api, closeAllEditors, eventually, highlights, readText, runAccepting, waitFor, workspaceUri, writeText } from './helpers';

/** A second Larijani (sharing the alias with the fixture's Ali Larijani) and a body for context. */
const WHO_REGISTRY = `entities:
  - id: sadegh-larijani
    name: Sadegh Larijani
    type: person
    aliases: [Larijani, Sadegh Amoli Larijani]
    affiliations: [iran-judiciary]
    roles:
      - title: Head of the Judiciary
        of: iran-judiciary
        from: 2009-08-15
        to: 2019-03-07
  - id: iran-judiciary
    name: Judiciary of Iran
    type: organization
    aliases: [the judiciary]
`;

const registryFile = (): vscode.Uri => workspaceUri('who', 'who.entities.yaml');
const textFile = (name: string): vscode.Uri => workspaceUri('who', name);

async function open(name: string, text: string): Promise<vscode.TextEditor> {
  const uri = textFile(name);
  await writeText(uri, text);
  const document = await vscode.workspace.openTextDocument(uri);
  return vscode.window.showTextDocument(document);
}

interface Who {
  text: string;
  entityId: string;
  resolution: string;
  via?: string;
  candidates: string[];
}

async function who(uri: vscode.Uri): Promise<Who[]> {
  return (await (await api()).mentions(uri)).map((m) => ({
    text: m.text,
    entityId: m.entityId,
    resolution: m.resolution,
    via: m.via,
    candidates: [...m.candidates].sort(),
  }));
}

/** The highlight over `[line, character]`, as the editor shows it. */
async function highlightAt(uri: vscode.Uri, line: number, character: number): Promise<{ type: string; office?: boolean } | undefined> {
  const found = (await highlights(uri)).find((h) => h.range[0] === line && h.range[1] <= character && character < h.range[3]);
  return found && { type: found.type, office: (found as { office?: boolean }).office };
}

function shown(markdown: string): string {
  return markdown
    .replace(/\\([!-/:-@[-`{-~])/g, '$1')
    .replace(/&#36;/g, '$')
    .replace(/&amp;/g, '&');
}

async function cardText(uri: vscode.Uri, line: number, character: number): Promise<string> {
  return waitFor(`a card at ${line}:${character}`, async (): Promise<string | undefined> => {
    const hovers = (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, new vscode.Position(line, character))) ?? [];
    for (const hover of hovers)
      for (const c of hover.contents) if (c instanceof vscode.MarkdownString && c.value.includes('$(calendar)')) return shown(c.value);
    return undefined;
  }) as Promise<string>;
}

async function quickFixes(uri: vscode.Uri, line: number, character: number): Promise<vscode.CodeAction[]> {
  const all =
    (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, new vscode.Range(line, character, line, character))) ??
    [];
  return all.filter((a) => a.kind && vscode.CodeActionKind.QuickFix.contains(a.kind) && !a.title.startsWith('Add '));
}

describe('Who is meant (SPEC §9)', function () {
  this.timeout(30000);

  before(async () => {
    await api();
    await writeText(registryFile(), WHO_REGISTRY);
    await waitFor('the second Larijani in the registry', async () => (await api()).entity('sadegh-larijani'), 15000);
  });
  afterEach(closeAllEditors);
  after(async () => {
    await vscode.workspace.fs.delete(workspaceUri('who'), { recursive: true }).then(undefined, () => undefined);
    await waitFor('the second Larijani gone', async () => !(await api()).entity('sadegh-larijani'), 15000);
  });

  it('tells in the registry’s Problems that a name is shared, as information', async () => {
    await eventually(
      'the shared-name information',
      () => {
        const list = vscode.languages.getDiagnostics(registryFile());
        const shared = list.find((d) => /“Larijani” names Sadegh Larijani and Ali Larijani: mentions are resolved from context/.test(d.message));
        assert.ok(shared, list.map((d) => d.message).join('\n'));
        assert.strictEqual(shared.severity, vscode.DiagnosticSeverity.Information);
        assert.ok(!list.some((d) => d.severity === vscode.DiagnosticSeverity.Error), 'a shared name is no error');
      },
      15000,
    );
  });

  it('coreference, both ways: an earlier full name decides a later “Larijani”', async () => {
    const editor = await open('coref.txt', 'Date: 2025-08-12\nSadegh Larijani spoke first.\nAli Larijani answered.\nLarijani then left.\n');
    const uri = editor.document.uri;
    await eventually('resolved mentions', async () => {
      const found = (await who(uri)).filter((m) => m.text === 'Larijani');
      assert.deepStrictEqual(found, [
        { text: 'Larijani', entityId: 'ali-larijani', resolution: 'coreference', via: undefined, candidates: ['ali-larijani', 'sadegh-larijani'] },
      ]);
    });
    await writeText(uri, 'Date: 2025-08-12\nAli Larijani spoke first.\nSadegh Larijani answered.\nLarijani then left.\n');
    await eventually('the other way round', async () => {
      const found = (await who(uri)).find((m) => m.text === 'Larijani');
      assert.deepStrictEqual([found?.entityId, found?.resolution], ['sadegh-larijani', 'coreference']);
      assert.deepStrictEqual(await highlightAt(uri, 3, 2), { type: 'person', office: undefined });
    });
  });

  it('typing a full name earlier in the text re-resolves a later mention, and the highlight follows', async () => {
    const editor = await open('typing.txt', 'Date: 2025-08-12\nLarijani said no.\n');
    const uri = editor.document.uri;
    await eventually('an ambiguous highlight', async () => assert.deepStrictEqual(await highlightAt(uri, 1, 2), { type: 'ambiguous', office: undefined }));
    await editor.edit((b) => b.insert(new vscode.Position(1, 0), 'Sadegh Larijani spoke. '));
    await eventually('the later mention resolved by the earlier one', async () => {
      const later = (await who(uri)).filter((m) => m.text === 'Larijani');
      assert.deepStrictEqual(
        later.map((m) => [m.entityId, m.resolution]),
        [['sadegh-larijani', 'coreference']],
      );
      assert.deepStrictEqual(await highlightAt(uri, 1, 25), { type: 'person', office: undefined });
    });
    await vscode.commands.executeCommand('undo');
    await eventually('ambiguous again after undo', async () => assert.deepStrictEqual(await highlightAt(uri, 1, 2), { type: 'ambiguous', office: undefined }));
  });

  it('an office resolves to its holder on the document’s date, before and after the change of holder', async () => {
    const before = await open('office-2024.txt', 'Date: 2024-03-01\nThe SNSC secretary met the press.\n');
    await eventually('Ahmadian in 2024', async () => {
      const office = (await who(before.document.uri)).find((m) => m.text === 'SNSC secretary');
      assert.deepStrictEqual([office?.entityId, office?.resolution, office?.via], ['ali-akbar-ahmadian', 'office', 'iran-snsc-secretary']);
      assert.deepStrictEqual(await highlightAt(before.document.uri, 1, 6), { type: 'person', office: true });
    });
    const after = await open('office-2025.txt', 'Date: 2025-08-12\nThe SNSC secretary met the press.\n');
    const uri = after.document.uri;
    await eventually('Larijani since 5 Aug 2025', async () => {
      const office = (await who(uri)).find((m) => m.text === 'SNSC secretary');
      assert.deepStrictEqual([office?.entityId, office?.resolution, office?.via], ['ali-larijani', 'office', 'iran-snsc-secretary']);
    });
    const card = await cardText(uri, 1, 6);
    assert.ok(
      card.includes('“SNSC secretary” → **Ali Larijani** on 12 Aug 2025 (since 5 Aug 2025); before: Ali Akbar Ahmadian (22 May 2023 – 5 Aug 2025)'),
      card,
    );
    const handover = await open('office-handover.txt', 'Date: 2025-08-05\nThe SNSC secretary met the press.\n');
    await eventually('the position itself on the day both held it', async () => {
      const office = (await who(handover.document.uri)).find((m) => m.text === 'SNSC secretary');
      assert.deepStrictEqual([office?.entityId, office?.resolution], ['iran-snsc-secretary', 'office']);
      assert.deepStrictEqual(await highlightAt(handover.document.uri, 1, 6), { type: 'position', office: undefined });
    });
    const positionCard = await cardText(handover.document.uri, 1, 6);
    assert.ok(/Held by/.test(positionCard) && positionCard.indexOf('Ali Larijani') < positionCard.indexOf('Ali Akbar Ahmadian'), positionCard);
  });

  it('front matter refs decide a name for the whole document', async () => {
    const editor = await open(
      'refs.md',
      '---\ndate: 2025-08-12\nrefs:\n  Larijani: sadegh-larijani\n---\nLarijani spoke. Ali Larijani listened. Larijani left.\n',
    );
    await eventually('refs applied', async () => {
      const body = (await who(editor.document.uri)).filter((m) => m.text === 'Larijani').map((m) => [m.entityId, m.resolution]);
      // The key inside the front matter is a mention too; every “Larijani” follows refs, even after “Ali Larijani”.
      assert.deepStrictEqual(body, [
        ['sadegh-larijani', 'frontMatter'],
        ['sadegh-larijani', 'frontMatter'],
        ['sadegh-larijani', 'frontMatter'],
      ]);
    });
  });

  it('an unknown id in front matter refs is an error in Problems, with a fix', async () => {
    const editor = await open('refs-bad.md', '---\nrefs:\n  Larijani: sadegh-larijan\n---\nLarijani spoke.\n');
    const uri = editor.document.uri;
    const problem = (await waitFor(
      'the refs problem',
      () => vscode.languages.getDiagnostics(uri).find((d) => /Unknown entity ID “sadegh-larijan”/.test(d.message)),
      10000,
    ))!;
    assert.strictEqual(problem.severity, vscode.DiagnosticSeverity.Error);
    assert.deepStrictEqual([problem.range.start.line, problem.range.start.character], [2, 12]);
    const fixes = (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, problem.range)) ?? [];
    assert.ok(
      fixes.some((f) => f.title.startsWith('Change to “sadegh-larijani”')),
      fixes.map((f) => f.title).join(' | '),
    );
  });

  it('a link decides, also on words no alias covers, and to=none silences a hit', async () => {
    const editor = await open(
      'links.txt',
      'Date: 2025-08-12\n[Larijani]{.ref to=sadegh-larijani} met [the judiciary chief]{.ref to=sadegh-larijani}. [Iraq]{.ref to=none} is a word here.\n',
    );
    const uri = editor.document.uri;
    await eventually('links applied', async () => {
      const found = await who(uri);
      assert.deepStrictEqual(
        found.map((m) => [m.text, m.entityId, m.resolution]),
        [
          ['Larijani', 'sadegh-larijani', 'link'],
          ['the judiciary chief', 'sadegh-larijani', 'link'],
        ],
      );
      assert.ok(!(await highlights(uri)).some((h) => h.range[1] === editor.document.getText().split('\n')[1].indexOf('Iraq')), 'to=none is not highlighted');
    });
    assert.deepStrictEqual(
      vscode.languages.getDiagnostics(uri).filter((d) => d.severity === vscode.DiagnosticSeverity.Error),
      [],
      'links and to=none are valid markup',
    );
  });

  it('context: bodies mentioned in the text make a clear winner', async () => {
    const editor = await open('context.txt', 'Date: 2015-05-01\nThe judiciary, Larijani said, will not bend. The judiciary spokesman agreed.\n');
    await eventually('Sadegh from context', async () => {
      const found = (await who(editor.document.uri)).find((m) => m.text === 'Larijani');
      assert.deepStrictEqual([found?.entityId, found?.resolution], ['sadegh-larijani', 'context']);
    });
  });

  it('ambiguous: its own style, a card with every candidate and why, and three kinds of quick fix', async () => {
    const text = 'Date: 2025-08-12\nLarijani said no.\n';
    const editor = await open('ambiguous.txt', text);
    const uri = editor.document.uri;
    await eventually('the ambiguous highlight', async () => assert.deepStrictEqual(await highlightAt(uri, 1, 2), { type: 'ambiguous', office: undefined }));
    const card = await cardText(uri, 1, 2);
    assert.ok(card.includes('**Ambiguous:** “Larijani” may mean 2 entities'), card);
    assert.ok(card.includes('Sadegh Larijani') && card.includes('Ali Larijani'), card);
    assert.ok(/holds a role on 12 Aug 2025/.test(card), 'a reason for the one with a role on the date');
    assert.ok(card.indexOf('Ali Larijani') < card.indexOf('Sadegh Larijani'), 'the one holding a role on the date ranks first');

    const fixes = await quickFixes(uri, 1, 2);
    const titles = fixes.map((f) => f.title);
    for (const title of ['Link to Ali Larijani', 'Link to Sadegh Larijani', 'Use Sadegh Larijani for “Larijani” in this document', 'Not an entity here']) {
      assert.ok(titles.includes(title), `${title} among ${titles.join(' | ')}`);
    }
    const apply = async (title: string): Promise<string> => {
      const fix = (await quickFixes(uri, 1, 2)).find((f) => f.title === title)!;
      assert.ok(fix?.edit, title);
      assert.ok(await vscode.workspace.applyEdit(fix.edit));
      return editor.document.getText();
    };
    assert.strictEqual(await apply('Link to Sadegh Larijani'), 'Date: 2025-08-12\n[Larijani]{.ref to=sadegh-larijani} said no.\n');
    await eventually('linked', async () =>
      assert.deepStrictEqual(
        (await who(uri)).map((m) => m.resolution),
        ['link'],
      ),
    );
    await vscode.commands.executeCommand('undo');
    await eventually('undone', () => assert.strictEqual(editor.document.getText(), text));
    // Front matter is created at the top; the rest stays byte for byte.
    assert.strictEqual(await apply('Use Sadegh Larijani for “Larijani” in this document'), `---\nrefs:\n  Larijani: sadegh-larijani\n---\n${text}`);
    await eventually('resolved by refs', async () =>
      assert.deepStrictEqual(
        (await who(uri)).filter((m) => m.text === 'Larijani').map((m) => m.resolution),
        ['frontMatter', 'frontMatter'],
      ),
    );
    await vscode.commands.executeCommand('undo');
    await eventually('undone again', () => assert.strictEqual(editor.document.getText(), text));
    assert.strictEqual(await apply('Not an entity here'), 'Date: 2025-08-12\n[Larijani]{.ref to=none} said no.\n');
    await eventually('no mention left', async () => assert.deepStrictEqual(await who(uri), []));
  });

  it('the card’s links resolve the mention too (checked against the document version)', async () => {
    const editor = await open('card-links.txt', 'Date: 2025-08-12\nLarijani said no.\n');
    const uri = editor.document.uri;
    await eventually('ambiguous', async () => assert.strictEqual((await who(uri))[0]?.resolution, 'ambiguous'));
    const args = {
      uri: uri.toString(),
      start: editor.document.offsetAt(new vscode.Position(1, 0)),
      end: editor.document.offsetAt(new vscode.Position(1, 8)),
      version: editor.document.version,
      to: 'ali-larijani',
      scope: 'mention',
    };
    const stale = await vscode.commands.executeCommand<boolean>('analystMarkup.resolveMention', { ...args, version: args.version - 1 });
    assert.strictEqual(stale, false, 'a card of an older version changes nothing');
    assert.strictEqual(editor.document.getText(), 'Date: 2025-08-12\nLarijani said no.\n');
    assert.strictEqual(await vscode.commands.executeCommand<boolean>('analystMarkup.resolveMention', args), true);
    assert.strictEqual(editor.document.getText(), 'Date: 2025-08-12\n[Larijani]{.ref to=ali-larijani} said no.\n');
  });

  it('Link Mention with { to }: the mention at each cursor, one undo step; relinking rewrites to', async () => {
    const text = 'Date: 2025-08-12\nLarijani said no. Later Larijani left.\n';
    const editor = await open('link-args.txt', text);
    await api();
    editor.selections = [new vscode.Selection(1, 3, 1, 3), new vscode.Selection(1, 26, 1, 26)];
    assert.strictEqual(await vscode.commands.executeCommand('analystMarkup.linkMention', { to: 'sadegh-larijani' }), 'sadegh-larijani');
    assert.strictEqual(
      editor.document.getText(),
      'Date: 2025-08-12\n[Larijani]{.ref to=sadegh-larijani} said no. Later [Larijani]{.ref to=sadegh-larijani} left.\n',
    );
    editor.selection = new vscode.Selection(1, 3, 1, 3);
    await vscode.commands.executeCommand('analystMarkup.linkMention', { to: 'ali-larijani' });
    assert.ok(editor.document.getText().startsWith('Date: 2025-08-12\n[Larijani]{.ref to=ali-larijani} said no.'), editor.document.getText());
    await vscode.commands.executeCommand('undo');
    await vscode.commands.executeCommand('undo');
    await eventually('both links undone', () => assert.strictEqual(editor.document.getText(), text));
    // Untag removes a link like any tag.
    editor.selection = new vscode.Selection(1, 3, 1, 3);
    await vscode.commands.executeCommand('analystMarkup.linkMention', { to: 'none' });
    editor.selection = new vscode.Selection(1, 3, 1, 3);
    await vscode.commands.executeCommand('analystMarkup.untag');
    assert.strictEqual(editor.document.getText(), text);
    // A bad argument changes nothing.
    assert.strictEqual(await vscode.commands.executeCommand('analystMarkup.linkMention', { to: 'Not An Id' }), undefined);
    assert.strictEqual(editor.document.getText(), text);
  });

  it('Link Mention without arguments offers the candidates first', async () => {
    const editor = await open('link-pick.txt', 'Date: 2025-08-12\nLarijani said no.\n');
    await eventually('ambiguous', async () => assert.strictEqual((await who(editor.document.uri))[0]?.resolution, 'ambiguous'));
    editor.selection = new vscode.Selection(1, 2, 1, 2);
    const { result } = await runAccepting<string>('analystMarkup.linkMention', 2);
    // The best-ranked candidate comes first: Ali Larijani holds a role on the date.
    assert.strictEqual(result, 'ali-larijani');
    assert.strictEqual(editor.document.getText(), 'Date: 2025-08-12\n[Larijani]{.ref to=ali-larijani} said no.\n');
  });

  it('completes a link’s to= with the candidates of its words first, and none', async () => {
    const editor = await open('complete.txt', 'Date: 2025-08-12\n[Larijani]{.ref to=}\n');
    const line = editor.document.lineAt(1).text;
    await eventually('ambiguous words', async () => assert.ok((await api()).entity('sadegh-larijani')));
    const list = await vscode.commands.executeCommand<vscode.CompletionList>(
      'vscode.executeCompletionItemProvider',
      editor.document.uri,
      new vscode.Position(1, line.indexOf('to=') + 3),
      '=',
    );
    const label = (i: vscode.CompletionItem): string => (typeof i.label === 'string' ? i.label : i.label.label);
    const sorted = [...list.items].sort((a, b) => (a.sortText ?? label(a)).localeCompare(b.sortText ?? label(b))).map(label);
    assert.deepStrictEqual(sorted.slice(0, 3), ['ali-larijani', 'sadegh-larijani', 'none']);
  });

  it('Find All References follows resolution, not the string', async () => {
    const editor = await open('refs-search.txt', 'Date: 2025-08-12\nSadegh Larijani spoke. Larijani said no.\nAli Larijani answered; Larijani left.\n');
    const uri = editor.document.uri;
    await eventually('resolved', async () => assert.strictEqual((await who(uri)).filter((m) => m.resolution === 'coreference').length, 2));
    const found = (await vscode.commands.executeCommand<vscode.Location[]>('vscode.executeReferenceProvider', uri, new vscode.Position(1, 2))) ?? [];
    const here = found.filter((l) => l.uri.toString() === uri.toString()).map((l) => `${l.range.start.line}:${l.range.start.character}`);
    assert.deepStrictEqual(here.sort(), ['1:0', '1:23'], 'Sadegh’s two mentions, not Ali’s “Larijani”');
  });

  it('addAlias accepts a name another entity has, saying it is now ambiguous', async () => {
    const before = await readText(registryFile());
    const editor = await open('alias.txt', 'Amoli said.\n');
    editor.selection = new vscode.Selection(0, 0, 0, 5);
    const result = await vscode.commands.executeCommand<{ aliases: string[] }>('analystMarkup.addAlias', { entity: 'iran-judiciary' });
    assert.deepStrictEqual(result?.aliases, ['Amoli']);
    editor.selection = new vscode.Selection(0, 0, 0, 5);
    const shared = await vscode.commands.executeCommand<{ aliases: string[] }>('analystMarkup.addAlias', { entity: 'sadegh-larijani' });
    assert.deepStrictEqual(shared?.aliases, ['Amoli'], 'a shared alias is no longer refused');
    await eventually('Amoli ambiguous', async () => assert.strictEqual((await who(editor.document.uri))[0]?.resolution, 'ambiguous'), 15000);
    await writeText(registryFile(), before);
  });
});
