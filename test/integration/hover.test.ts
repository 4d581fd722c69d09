import * as assert from 'assert';
import * as vscode from 'vscode';
import { api, closeAllEditors, waitFor, workspaceUri, writeText, openUntitled } from './helpers';

const OUR_COMMANDS = [
  'analystMarkup.openEntity',
  'analystMarkup.findMentions',
  'analystMarkup.resolveMention',
  'analystMarkup.showTimeline',
  'analystMarkup.showNetwork',
];

interface Card {
  markdown: vscode.MarkdownString;
  /** The text as rendered: Markdown escapes and the character references undone. */
  text: string;
  range?: vscode.Range;
}

function shown(markdown: string): string {
  return markdown
    .replace(/\\([!-/:-@[-`{-~])/g, '$1')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&#36;/g, '$')
    .replace(/&amp;/g, '&');
}

/** Our card among the hovers at a position (other features may add hovers of their own). */
async function cardAt(target: vscode.Uri | vscode.TextDocument, line: number, character: number): Promise<Card | undefined> {
  const uri = target instanceof vscode.Uri ? target : target.uri;
  const hovers = (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, new vscode.Position(line, character))) ?? [];
  for (const hover of hovers) {
    for (const content of hover.contents) {
      if (content instanceof vscode.MarkdownString && content.value.includes('$(calendar)')) {
        return { markdown: content, text: shown(content.value), range: hover.range };
      }
    }
  }
  return undefined;
}

async function cardAtOrFail(target: vscode.Uri | vscode.TextDocument, line: number, character: number): Promise<Card> {
  const card = await waitFor(`a card at ${line}:${character}`, () => cardAt(target, line, character), 5000);
  return card!;
}

function order(text: string, ...needles: string[]): void {
  let last = -1;
  for (const needle of needles) {
    const i = text.indexOf(needle, last + 1);
    assert.ok(i > last, `expected “${needle}” after position ${last} in:\n${text}`);
    last = i;
  }
}

describe('Hover cards (SPEC §5)', () => {
  before(async () => {
    await api();
  });
  afterEach(closeAllEditors);

  it('shows the role held on the date of larijani.txt (12 Aug 2025) first, then the earlier one', async () => {
    const uri = workspaceUri('articles', 'larijani.txt');
    await vscode.window.showTextDocument(uri);
    const card = await cardAtOrFail(uri, 1, 58);
    assert.deepStrictEqual(card.range && [card.range.start.line, card.range.start.character, card.range.end.line, card.range.end.character], [1, 56, 2, 8]);
    order(
      card.text,
      '$(person) **Ali Larijani** · person',
      'Iranian politician.',
      'Document date: 12 Aug 2025 (from line 1: “Publish Date : 12 August 2025”)',
      'Held on 12 Aug 2025',
      'Secretary of the Supreme National Security Council',
      '$(organization) [Supreme National Security Council]',
      'since 5 Aug 2025',
      '**Earlier**',
      'Speaker of the Parliament of Iran',
      '28 May 2008 – 28 May 2020',
      '**Affiliations:** $(globe) [Iran]',
      '(state)',
      '**Also known as:** Larijani, علی لاریجانی',
      'Mentioned 2 times in this document',
      'Open in registry',
    );
    assert.ok(!card.text.includes('**Later**'));
  });

  it('shows the Speaker role first for a document dated 2019, with the later role after it', async () => {
    const uri = workspaceUri('articles', '2019-speaker.txt');
    const card = await cardAtOrFail(uri, 3, 3); // “Larijani” on line 4
    order(
      card.text,
      'Document date: 10 Mar 2019 (from line 1: “Date: 2019-03-10”)',
      'Held on 10 Mar 2019',
      'Speaker of the Parliament of Iran',
      '$(organization) [Islamic Consultative Assembly]',
      '**Later**',
      'Secretary of the Supreme National Security Council',
      'Mentioned 2 times in this document',
    );
    assert.ok(!card.text.includes('**Earlier**'));
  });

  it('cards other entity types with their icons, and nothing off a mention', async () => {
    const uri = workspaceUri('articles', '2019-speaker.txt');
    const majlis = await cardAtOrFail(uri, 2, 32);
    assert.ok(majlis.text.startsWith('$(organization) **Islamic Consultative Assembly** · organization'), majlis.text);
    assert.ok(majlis.text.includes('**Also known as:** Majlis'));
    const iraq = await cardAtOrFail(uri, 3, 43);
    assert.ok(iraq.text.startsWith('$(globe) **Iraq** · state'), iraq.text);
    assert.ok(iraq.text.includes('_No roles in the registry._'));
    assert.strictEqual(await cardAt(uri, 2, 26), undefined); // “told”
  });

  it('lists the claims the actor makes in the document (untitled, front matter date)', async () => {
    const { document } = await openUntitled(
      [
        '---',
        'date: 2020-05-28',
        '---',
        'Larijani said: [“We will not negotiate under pressure”]{.claim #c1x9 by=ali-larijani confidence=likely}.',
        'Iran said: [Talks are over]{.claim #c2x9 by=iran}',
        '[Baghdad is calm, according to Larijani]{.claim by=ali-larijani}',
      ].join('\n'),
      'markdown',
    );
    const card = await cardAtOrFail(document, 3, 2);
    order(
      card.text,
      'Document date: 28 May 2020 (from front matter, line 2: “date: 2020-05-28”)',
      'Held on 28 May 2020',
      'Speaker of the Parliament of Iran',
      'Mentioned 2 times in this document',
      '2 claims by Ali Larijani in this document',
      '“We will not negotiate under pressure” (line 4, #c1x9, likely)',
      '“Baghdad is calm, according to Larijani” (line 6)',
    );
    assert.ok(!card.text.includes('Talks are over'));
  });

  it('shows the same card on an id, an `of:` and an affiliation in the registry, dated today', async () => {
    const registry = workspaceUri('entities.yaml');
    const document = await vscode.workspace.openTextDocument(registry);
    await vscode.window.showTextDocument(document);
    const id = await cardAtOrFail(document, 2, 10);
    order(id.text, '$(person) **Ali Larijani** · person', '$(calendar) Date: ', 'Secretary of the Supreme National Security Council');
    assert.ok(id.text.includes('(today: hovering in the registry)'), id.text);
    assert.ok(!id.text.includes('in this document'));
    const of = await cardAtOrFail(document, 13, 14);
    assert.ok(of.text.startsWith('$(organization) **Supreme National Security Council** · organization'), of.text);
    assert.deepStrictEqual(of.range && [of.range.start.line, of.range.start.character, of.range.end.character], [13, 12, 21]);
    const affiliation = await cardAtOrFail(document, 15, 20);
    assert.ok(affiliation.text.startsWith('$(globe) **Iran** · state'), affiliation.text);
    assert.strictEqual(await cardAt(document, 4, 6), undefined); // the `type:` key
  });

  it('renders untrusted registry text inertly: no HTML, only http links and our own commands', async () => {
    const a = await api();
    const file = workspaceUri('zz-hover-injection.entities.yaml');
    await writeText(
      file,
      [
        'entities:',
        '  - id: zorblax',
        '    name: "Zorblax <img src=x onerror=alert(1)> **bold** [run](command:workbench.action.terminal.new) $(zap)"',
        '    type: person',
        '    aliases: [Zorblax, "](command:workbench.action.quit)"]',
        '    summary: "<script>alert(1)</script> [x](javascript:alert(1)) https://autolink.example"',
        '    roles:',
        '      - title: "<b>Chief</b> [of](command:evil.run)"',
        '        from: 2001',
        '    links: ["javascript:alert(1)", "command:workbench.action.quit", "https://ok.example/wiki/A_(b)"]',
        '',
      ].join('\n'),
    );
    try {
      await waitFor('the hostile entity to load', () => a.entity('zorblax') !== undefined, 5000);
      const { document } = await openUntitled('Published: 1 May 2010\nZorblax spoke.');
      const card = await cardAtOrFail(document, 1, 2);
      const md = card.markdown;
      assert.strictEqual(md.supportHtml, false);
      assert.deepStrictEqual(md.isTrusted, { enabledCommands: OUR_COMMANDS });
      assert.ok(!/[<>]/.test(md.value), md.value);
      assert.ok(!md.value.includes('$(zap)'));
      assert.ok(!md.value.includes('javascript:'));
      assert.ok(!/command:(?!analystMarkup\.(?:openEntity|findMentions|showTimeline|showNetwork)\?)/.test(md.value), md.value);
      const destinations = [...md.value.matchAll(/\]\(([^)\s]*)/g)].map((m) => m[1]);
      for (const d of destinations)
        assert.ok(/^https:\/\/ok\.example\/wiki\/A_%28b%29$|^command:analystMarkup\.(?:openEntity|findMentions|showTimeline|showNetwork)\?/.test(d), d);
      assert.ok(card.text.includes('Zorblax <img src=x onerror=alert(1)> **bold** [run](command:workbench.action.terminal.new) $(zap)'));
      assert.ok(card.text.includes('<b>Chief</b> [of](command:evil.run)'));
      assert.ok(card.text.includes('Held on 1 May 2010'));
    } finally {
      await vscode.workspace.fs.delete(file);
      await waitFor('the hostile entity to go', () => a.entity('zorblax') === undefined, 5000);
    }
  });
});
