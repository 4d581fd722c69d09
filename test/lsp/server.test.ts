// The language server over the protocol (SPEC §11): a client speaking LSP over stdio to
// `analyst-markup lsp` on copies of test/fixtures/lsp/workspace. Expected mentions come from the
// core on the same texts (what the extension highlights).

import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { spawn, spawnSync } from 'node:child_process';
import type {
  CodeAction,
  CompletionItem,
  Diagnostic,
  DocumentSymbol,
  Hover,
  Location,
  SemanticTokens,
  SemanticTokensDelta,
} from 'vscode-languageserver-protocol';
import { createProtocolConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-languageserver-protocol/node';
import { findMentions } from '../../src/core/mentions';
import { Registry, RegistryStore } from '../../src/core/registry';
import { LineIndex } from '../../src/core/sourceText';
import { CLI, copyWorkspace, decodeTokens, expectedTokens, FULL_CAPABILITIES, nonEmpty, TestClient, uriOf } from './client';

const LEGEND = { tokenTypes: ['person', 'organization', 'state', 'place', 'position', 'other'], tokenModifiers: ['ambiguous', 'office'] };

function coreRegistry(folder: string): Registry {
  const store = new RegistryStore();
  const file = path.join(folder, 'entities.yaml');
  store.setFile(uriOf(file), fs.readFileSync(file, 'utf8'));
  return store.build();
}

const pos = (line: number, character: number) => ({ line, character });
const messageOf = (d: Diagnostic): string => (typeof d.message === 'string' ? d.message : d.message.value);

/** The position of the `n`-th occurrence of `needle` in `text` (plus `delta` characters). */
function at(text: string, needle: string, delta = 0, n = 1): { line: number; character: number } {
  let offset = -1;
  for (let k = 0; k < n; k++) offset = text.indexOf(needle, offset + 1);
  assert.ok(offset >= 0, `${needle} not in the text`);
  const p = new LineIndex(text).position(offset + delta);
  return { line: p.line, character: p.character };
}

describe('language server (LSP over stdio)', function () {
  this.timeout(30000);
  let folder: string;
  let client: TestClient;
  let registry: Registry;
  let pactFile: string;
  let pactUri: string;

  before(async () => {
    folder = copyWorkspace();
    registry = coreRegistry(folder);
    client = await TestClient.start({ folder });
    pactFile = path.join(folder, 'articles', 'security-pact.md');
    pactUri = client.open(pactFile);
  });

  after(async () => {
    if (client.exitCode === undefined) await client.stop();
    fs.rmSync(folder, { recursive: true, force: true });
  });

  it('initialize: incremental sync, the semantic token legend of SPEC §11 and the commands of SPEC §4', () => {
    const caps = client.result!.capabilities;
    assert.deepEqual(caps.textDocumentSync, { openClose: true, change: 2, save: false });
    assert.deepEqual(caps.semanticTokensProvider?.legend, LEGEND);
    assert.deepEqual((caps.semanticTokensProvider as { full: unknown }).full, { delta: true });
    assert.equal((caps.semanticTokensProvider as { range: unknown }).range, true);
    assert.deepEqual(caps.executeCommandProvider?.commands, [
      'analystMarkup.tagClaim',
      'analystMarkup.tagEvent',
      'analystMarkup.untag',
      'analystMarkup.linkMention',
    ]);
  });

  it('registers file watchers for the registry globs with a client that can watch files', async () => {
    const registration = await client.waitFor('a watched-files registration', () =>
      client.registrations.find((r) => r.method === 'workspace/didChangeWatchedFiles'),
    );
    const globs = (registration.registerOptions as { watchers: { globPattern: string }[] }).watchers.map((w) => w.globPattern);
    assert.ok(
      globs.includes('**/entities.{yaml,yml}') && globs.includes('**/*.entities.{yaml,yml}') && globs.includes('**/entities/**/*.{yaml,yml}'),
      globs.join(', '),
    );
  });

  it('semantic tokens (full) are the core’s mentions of the same text: type per entity type, office modifier', async () => {
    const tokens = await client.request<SemanticTokens>('textDocument/semanticTokens/full', { textDocument: { uri: pactUri } });
    const decoded = decodeTokens(tokens.data, LEGEND);
    const expected = expectedTokens(registry, client.text(pactUri));
    assert.deepEqual(decoded, expected);
    assert.ok(decoded.length >= 8, `${decoded.length} tokens`);
    const office = decoded.find((t) => t.modifiers.includes('office'));
    assert.ok(office, 'the SNSC secretary is an office mention');
    assert.equal(office.type, 'person'); // Ali Larijani held it on 12 Aug 2025
    assert.deepEqual(decoded.find((t) => t.line === at(client.text(pactUri), 'Baghdad').line)?.type, 'person'); // Ali Larijani starts that line
    assert.ok(decoded.some((t) => t.type === 'place') && decoded.some((t) => t.type === 'state'));
  });

  it('semantic tokens mark a name the text does not decide as ambiguous', async () => {
    const file = path.join(folder, 'articles', 'ambiguous.txt');
    const uri = client.open(file, 'text'); // Neovim's and Helix's language id for .txt
    const tokens = await client.request<SemanticTokens>('textDocument/semanticTokens/full', { textDocument: { uri } });
    const decoded = decodeTokens(tokens.data, LEGEND);
    assert.deepEqual(decoded, expectedTokens(registry, client.text(uri)));
    assert.deepEqual(
      decoded.map((t) => [t.line, t.character, t.length, t.modifiers.join()]),
      [[2, 0, 8, 'ambiguous']],
    );
    client.close(uri);
  });

  it('semantic tokens: a delta after an edit gives the new full result; a range request gives the tokens of its lines', async () => {
    const first = await client.request<SemanticTokens>('textDocument/semanticTokens/full', { textDocument: { uri: pactUri } });
    // Type a new mention at the end of the heading line.
    const heading = at(client.text(pactUri), ' pact', 5);
    client.change(pactUri, [{ range: { start: heading, end: heading }, text: ' with Baghdad' }]);
    const delta = await client.request<SemanticTokensDelta>('textDocument/semanticTokens/full/delta', {
      textDocument: { uri: pactUri },
      previousResultId: first.resultId,
    });
    assert.ok(Array.isArray(delta.edits), 'a delta, not a full result');
    const data = [...first.data];
    for (const e of [...delta.edits].sort((a, b) => b.start - a.start)) data.splice(e.start, e.deleteCount, ...(e.data ?? []));
    const full = await client.request<SemanticTokens>('textDocument/semanticTokens/full', { textDocument: { uri: pactUri } });
    assert.deepEqual(data, full.data);
    assert.deepEqual(decodeTokens(full.data, LEGEND), expectedTokens(registry, client.text(pactUri)));
    // A stale result id: the full result instead.
    const stale = await client.request<SemanticTokens>('textDocument/semanticTokens/full/delta', { textDocument: { uri: pactUri }, previousResultId: 'nope' });
    assert.deepEqual(stale.data, full.data);
    const range = await client.request<SemanticTokens>('textDocument/semanticTokens/range', {
      textDocument: { uri: pactUri },
      range: { start: pos(6, 0), end: pos(7, 0) },
    });
    assert.deepEqual(
      decodeTokens(range.data, LEGEND),
      expectedTokens(registry, client.text(pactUri)).filter((t) => t.line === 6),
    );
    // Undo the edit for the other tests.
    client.change(pactUri, [{ range: { start: heading, end: { line: heading.line, character: heading.character + ' with Baghdad'.length } }, text: '' }]);
  });

  it('semantic tokens of a big document: a range request after typing (a window scan) equals the full result on those lines', async () => {
    const article = fs.readFileSync(pactFile, 'utf8');
    let big = article;
    while (big.length < 300_000) big += '\n' + article.replace(/^---[\s\S]*?---\n/, '').replace(/#(e7k2|c91x)/g, '');
    const uri = client.open(path.join(folder, 'articles', 'big.md'), 'markdown', big);
    const middle = Math.floor(big.split('\n').length / 2);
    const range = { start: pos(middle - 30, 0), end: pos(middle + 30, 0) };
    const before = await client.request<SemanticTokens>('textDocument/semanticTokens/range', { textDocument: { uri }, range });
    assert.ok(before.data.length > 50, `${before.data.length / 5} tokens`);
    client.change(uri, [{ range: { start: pos(middle, 0), end: pos(middle, 0) }, text: 'Iraq and ' }]);
    const after = decodeTokens((await client.request<SemanticTokens>('textDocument/semanticTokens/range', { textDocument: { uri }, range })).data, LEGEND);
    const full = decodeTokens((await client.request<SemanticTokens>('textDocument/semanticTokens/full', { textDocument: { uri } })).data, LEGEND);
    assert.deepEqual(
      after,
      full.filter((t) => t.line >= middle - 30 && t.line < middle + 30),
    );
    assert.deepEqual(full, expectedTokens(registry, client.text(uri)));
    assert.ok(
      after.some((t) => t.line === middle && t.character === 0 && t.type === 'state'),
      'the typed mention',
    );
    client.close(uri);
  });

  it('hover: the card of the mention, judged on the document’s date, as Markdown with only http(s) links', async () => {
    const text = client.text(pactUri);
    const hover = await client.request<Hover>('textDocument/hover', { textDocument: { uri: pactUri }, position: at(text, 'said Larijani', 6) });
    const value = (hover.contents as { kind: string; value: string }).value;
    assert.equal((hover.contents as { kind: string }).kind, 'markdown');
    assert.match(value, /\*\*Ali Larijani\*\* · person · `ali-larijani`/);
    assert.match(value, /Held on 12 Aug 2025/);
    assert.match(value, /Secretary of the Supreme National Security Council/);
    assert.match(value, /\[en\\\.wikipedia\\\.org\\\/wiki\\\/Ali\\_Larijani\]\(https:\/\/en\.wikipedia\.org\/wiki\/Ali_Larijani\)/);
    assert.doesNotMatch(value, /command:|\$\(|\]\(javascript/);
    assert.deepEqual(hover.range, { start: at(text, 'said Larijani', 5), end: at(text, 'said Larijani', 13) });
  });

  it('hover on a tag’s attribute block explains the tag; on an id in it, adds that entity’s card', async () => {
    const text = client.text(pactUri);
    const onId = await client.request<Hover>('textDocument/hover', { textDocument: { uri: pactUri }, position: at(text, 'by=ali-larijani', 5) });
    const value = (onId.contents as { value: string }).value;
    assert.match(value, /claim/i);
    assert.match(value, /\*\*Ali Larijani\*\*/);
    assert.doesNotMatch(value, /command:|\$\(/);
    assert.deepEqual(onId.range, { start: at(text, 'ali-larijani confidence'), end: at(text, 'ali-larijani confidence', 12) });
  });

  it('definition: the entity’s id in its registry file; references: every mention in the workspace', async () => {
    const text = client.text(pactUri);
    const position = at(text, 'Ali Larijani');
    const definition = await client.request<Location[]>('textDocument/definition', { textDocument: { uri: pactUri }, position });
    const registryFile = path.join(folder, 'entities.yaml');
    const idLine = fs
      .readFileSync(registryFile, 'utf8')
      .split('\n')
      .findIndex((l) => l.includes('id: ali-larijani'));
    assert.deepEqual(definition, [{ uri: uriOf(registryFile), range: { start: pos(idLine, 8), end: pos(idLine, 20) } }]);

    const references = await client.request<Location[]>('textDocument/references', {
      textDocument: { uri: pactUri },
      position,
      context: { includeDeclaration: false },
    });
    // The core's mentions of the entity in every text file of the workspace.
    let expected = 0;
    for (const name of fs.readdirSync(path.join(folder, 'articles'))) {
      expected += findMentions(registry, fs.readFileSync(path.join(folder, 'articles', name), 'utf8')).filter((m) => m.entityId === 'ali-larijani').length;
    }
    assert.equal(references.length, expected);
    assert.ok(references.length >= 3, `${references.length} references`);
    assert.ok(
      references.some((r) => r.uri === pactUri) && references.some((r) => r.uri.endsWith('ambiguous.txt')),
      'the ambiguous name counts for its best-ranked candidate',
    );
    const withDeclaration = await client.request<Location[]>('textDocument/references', {
      textDocument: { uri: pactUri },
      position,
      context: { includeDeclaration: true },
    });
    assert.equal(withDeclaration.length, expected + 1);
    // From the registry file: its id.
    const registryUri = client.open(registryFile);
    const fromRegistry = await client.request<Location[]>('textDocument/references', {
      textDocument: { uri: registryUri },
      position: pos(idLine, 10),
      context: { includeDeclaration: false },
    });
    assert.equal(fromRegistry.length, expected);
    const registryHover = await client.request<Hover>('textDocument/hover', { textDocument: { uri: registryUri }, position: pos(idLine, 10) });
    assert.match((registryHover.contents as { value: string }).value, /today\\: hovering in the registry/);
    client.close(registryUri);
  });

  it('diagnostics of the markup are pushed when a document opens and as it changes', async () => {
    const file = path.join(folder, 'articles', 'broken-tags.md');
    const uri = client.open(file);
    const tags = (): Diagnostic[] => (client.diagnostics.get(uri) ?? []).filter((d) => d.source === 'Analyst Markup tags');
    const first = await client.waitFor('diagnostics of broken-tags.md', () => nonEmpty(tags()));
    const codes = first.map((d) => d.code).sort();
    assert.deepEqual(codes, ['unknown-entity', 'unknown-event-type']);
    // Fix the entity id in the client: the diagnostic goes.
    const text = client.text(uri);
    const start = at(text, 'nobody-known');
    client.change(uri, [{ range: { start, end: { line: start.line, character: start.character + 'nobody-known'.length } }, text: 'iran' }]);
    const after = await client.waitFor('one diagnostic left', () => tags().length === 1 && tags());
    assert.equal(after[0].code, 'unknown-event-type');
  });

  it('code actions: the quick fixes of a tag diagnostic, and link/refs/none on an ambiguous name', async () => {
    const file = path.join(folder, 'articles', 'broken-tags.md');
    const uri = uriOf(file);
    const text = client.text(uri);
    const where = at(text, 'rejekt', 2);
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: where, end: where },
      context: { diagnostics: [] },
    });
    const fix = actions.find((a) => /reject/.test(a.title));
    assert.ok(fix?.edit, actions.map((a) => a.title).join('; '));
    assert.equal(fix.isPreferred, true);

    const ambiguous = client.open(path.join(folder, 'articles', 'ambiguous.txt'), 'text');
    const name = pos(2, 3);
    const choices = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: ambiguous },
      range: { start: name, end: name },
      context: { diagnostics: [] },
    });
    assert.deepEqual(
      choices.map((a) => a.title),
      [
        'Link to Ali Larijani',
        'Link to Sadegh Larijani',
        'Use Ali Larijani for “Larijani” in this document',
        'Use Sadegh Larijani for “Larijani” in this document',
        'Not an entity here',
      ],
    );
    const edit = choices[1].edit!.documentChanges![0] as { textDocument: { uri: string; version: number }; edits: { range: unknown; newText: string }[] };
    assert.equal(edit.textDocument.uri, ambiguous);
    // Applied as the client would: the mention is now a link.
    const applied = (await import('vscode-languageserver-textdocument')).TextDocument.applyEdits(client.documents.get(ambiguous)!, edit.edits as never);
    assert.equal(applied.split('\n')[2], '[Larijani]{.ref to=sadegh-larijani} spoke about the economy.');
    client.close(ambiguous);
  });

  it('code actions: a name the registry lacks can be added as an entity or an alias (an edit of the registry file)', async () => {
    const uri = client.open(path.join(folder, 'articles', 'unknown.txt'), 'plaintext', 'Hassan Nasrallah met Ali Larijani in Baghdad.\n');
    const hints = await client.waitFor('a discovery hint', () => nonEmpty((client.diagnostics.get(uri) ?? []).filter((d) => d.code === 'unknown-name')));
    assert.deepEqual(hints[0].range, { start: pos(0, 0), end: pos(0, 16) });
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: pos(0, 3), end: pos(0, 3) },
      context: { diagnostics: hints },
    });
    const add = actions.find((a) => a.title === 'Add “Hassan Nasrallah” to registry as person (hassan-nasrallah)');
    assert.ok(add, actions.map((a) => a.title).join('; '));
    const registryFile = path.join(folder, 'entities.yaml');
    const change = add.edit!.documentChanges![0] as unknown as { textDocument: { uri: string }; edits: never[] };
    assert.equal(change.textDocument.uri, uriOf(registryFile));
    const { TextDocument } = await import('vscode-languageserver-textdocument');
    const edited = TextDocument.applyEdits(TextDocument.create(change.textDocument.uri, 'yaml', 0, fs.readFileSync(registryFile, 'utf8')), change.edits);
    const after = new RegistryStore();
    after.setFile(change.textDocument.uri, edited);
    assert.equal(after.build().entities.get('hassan-nasrallah')?.type, 'person');
    client.close(uri);
  });

  it('completion: entity ids in an attribute block (mentioned ones first), event types, registry fields and types', async () => {
    const uri = client.open(
      path.join(folder, 'articles', 'new.md'),
      'markdown',
      'Ali Larijani met Iraq.\n[Ali Larijani met Iraq]{.claim by=}\n[Iraq agreed]{.claim by=iraq c}\n',
    );
    const ids = await client.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri }, position: pos(1, 34) });
    const first = [...ids].sort((a, b) => (a.sortText ?? '').localeCompare(b.sortText ?? ''));
    assert.deepEqual(
      first
        .slice(0, 2)
        .map((i) => i.label)
        .sort(),
      ['ali-larijani', 'iraq'],
    );
    assert.ok(ids.some((i) => i.label === 'baghdad'));
    const names = await client.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri }, position: pos(2, 29) });
    assert.ok(names.some((i) => i.label === 'credibility') && names.some((i) => i.label === 'confidence'), JSON.stringify(names));

    const registryUri = client.open(path.join(folder, 'scratch.entities.yaml'), 'yaml', 'entities:\n  - id: x\n    name: X\n    type: \n');
    const types = await client.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri: registryUri }, position: pos(3, 10) });
    assert.deepEqual(
      types.map((i) => i.label),
      ['person', 'organization', 'state', 'place', 'position', 'other'],
    );
    client.close(uri);
    client.close(registryUri);
  });

  it('document symbols: the document’s claims and events', async () => {
    const symbols = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri: pactUri } });
    assert.deepEqual(
      symbols.map((s) => s.name),
      ['event #e7k2: Iran and Iraq signed a security agreement', 'claim #c91x: “We do not oppose expanding security cooperation”'],
    );
    assert.equal(symbols[1].detail, 'by ali-larijani · likely');
  });

  it('workspace/executeCommand: tag claim, tag event, untag and link, each applied by the client as one edit', async () => {
    const uri = client.open(path.join(folder, 'articles', 'commands.txt'), 'plaintext', 'Iran and Iraq met in Baghdad. Larijani spoke.\n');
    const original = client.text(uri);
    const edits = client.appliedEdits.length;
    const claim = await client.request<{ applied: boolean; ids: string[] }>('workspace/executeCommand', {
      command: 'analystMarkup.tagClaim',
      arguments: [uri, { start: pos(0, 0), end: pos(0, 28) }, { by: 'iran', about: ['iraq'] }],
    });
    assert.equal(claim.applied, true);
    assert.equal(client.appliedEdits.length, edits + 1, 'one workspace/applyEdit');
    assert.equal(client.text(uri), `[Iran and Iraq met in Baghdad]{.claim #${claim.ids[0]} by=iran about=iraq}. Larijani spoke.\n`);
    // Untag at a cursor inside it: the text comes back byte for byte.
    const untag = await client.request<{ removed: string[] }>('workspace/executeCommand', {
      command: 'analystMarkup.untag',
      arguments: [{ uri, position: pos(0, 3) }],
    });
    assert.deepEqual(untag.removed, claim.ids);
    assert.equal(client.text(uri), original);
    // An empty cursor tags its sentence.
    const event = await client.request<{ ids: string[] }>('workspace/executeCommand', {
      command: 'analystMarkup.tagEvent',
      arguments: [uri, [{ start: pos(0, 35), end: pos(0, 35) }], { type: 'consult', actors: 'iran iraq' }],
    });
    assert.equal(client.text(uri), `Iran and Iraq met in Baghdad. [Larijani spoke.]{.event #${event.ids[0]} type=consult actors="iran iraq"}\n`);
    const link = await client.request<{ to: string }>('workspace/executeCommand', {
      command: 'analystMarkup.linkMention',
      arguments: [uri, pos(0, 32), { to: 'sadegh-larijani' }],
    });
    assert.equal(link.to, 'sadegh-larijani');
    assert.match(client.text(uri), /\[\[Larijani\]\{\.ref to=sadegh-larijani\} spoke\.\]\{\.event/);
    client.close(uri);
  });

  it('bad commands are protocol errors and change nothing', async () => {
    const uri = client.open(path.join(folder, 'articles', 'bad.txt'), 'plaintext', 'Iran spoke.\n');
    const edits = client.appliedEdits.length;
    const failures: [string, unknown[], RegExp][] = [
      ['analystMarkup.tagClaim', [uri, pos(0, 2), { by: 'Not An Id' }], /by/],
      ['analystMarkup.tagClaim', [uri, pos(0, 2), {}], /required/],
      ['analystMarkup.tagEvent', [uri, pos(0, 2), { type: 'agree', colour: 'red' }], /Unknown argument/],
      ['analystMarkup.linkMention', [uri, pos(0, 2), { to: 'Bad Id' }], /to/],
      ['analystMarkup.untag', [uri, pos(0, 2)], /tag/i],
      ['analystMarkup.tagClaim', ['file:///nowhere/never-opened.txt', pos(0, 0), { by: 'iran' }], /not open/],
      ['analystMarkup.tagClaim', [42], /Arguments/],
      ['analystMarkup.deleteEverything', [], /Unknown command/],
    ];
    for (const [command, args, message] of failures) {
      await assert.rejects(client.request('workspace/executeCommand', { command, arguments: args }), (error: Error & { code?: number }) => {
        assert.match(error.message, message, `${command} ${JSON.stringify(args)}`);
        assert.equal(error.code, -32602);
        return true;
      });
    }
    assert.equal(client.appliedEdits.length, edits);
    assert.equal(client.text(uri), 'Iran spoke.\n');
    client.close(uri);
  });

  it('bad input from the client: an empty result or a protocol error, never a crash', async () => {
    const unknown = { textDocument: { uri: 'file:///nowhere/unknown.md' }, position: pos(0, 0) };
    assert.equal(await client.request('textDocument/hover', unknown), null);
    assert.equal(await client.request('textDocument/definition', unknown), null);
    assert.deepEqual(await client.request('textDocument/semanticTokens/full', { textDocument: { uri: 'file:///nowhere/unknown.md' } }), { data: [] });
    // Out of range positions are clamped into the document.
    assert.equal(await client.request('textDocument/hover', { textDocument: { uri: pactUri }, position: pos(99999, 99999) }), null);
    assert.equal(await client.request('textDocument/hover', { textDocument: { uri: pactUri }, position: pos(-5, -1) }), null);
    // Malformed parameters.
    await assert.rejects(client.request('textDocument/hover', { textDocument: { uri: pactUri }, position: { line: 'one' } }), /position/);
    await assert.rejects(client.request('textDocument/hover', { textDocument: {} }), /URI/);
    // A closed file.
    const uri = client.open(path.join(folder, 'articles', 'closing.txt'), 'plaintext', 'Iran.\n');
    client.close(uri);
    assert.equal(await client.request('textDocument/hover', { textDocument: { uri }, position: pos(0, 1) }), null);
    assert.equal(await client.request('textDocument/documentSymbol', { textDocument: { uri } }), null);
    // Changes to a document never opened, and garbage notifications, are ignored.
    void client.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri: 'file:///nowhere/x.txt', version: 2 },
      contentChanges: [{ text: 'x' }],
    });
    void client.connection.sendNotification('textDocument/didOpen', { textDocument: null });
    void client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: 'all of them' });
    // Still serving.
    const hover = await client.request<Hover>('textDocument/hover', { textDocument: { uri: pactUri }, position: at(client.text(pactUri), 'Ali Larijani') });
    assert.match((hover.contents as { value: string }).value, /Ali Larijani/);
    assert.equal(client.exitCode, undefined);
  });

  it('registry diagnostics follow the file on disk (workspace/didChangeWatchedFiles, e.g. after a git checkout)', async () => {
    const registryFile = path.join(folder, 'entities.yaml');
    const registryUri = uriOf(registryFile);
    const good = fs.readFileSync(registryFile, 'utf8');
    fs.writeFileSync(registryFile, good.replace('type: state\n', 'type: country\n').replace('  - id: baghdad\n', '  - id: iraq\n'));
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: registryUri, type: 2 }] });
    const errors = (): Diagnostic[] => (client.diagnostics.get(registryUri) ?? []).filter((d) => d.severity === 1);
    const broken = await client.waitFor('registry errors', () => nonEmpty(errors()));
    assert.ok(
      broken.some((d) => /country/.test(messageOf(d))),
      broken.map(messageOf).join('\n'),
    );
    assert.ok(
      broken.some((d) => d.code === 'duplicate-id'),
      broken.map((d) => d.code).join(),
    );
    assert.ok(broken.every((d) => d.source === 'Analyst Markup registry'));
    fs.writeFileSync(registryFile, good);
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: registryUri, type: 2 }] });
    await client.waitFor('the registry errors to clear', () => errors().length === 0 && client.diagnostics.has(registryUri));
  });

  it('a new registry file on disk joins the registry: its entity gets tokens', async () => {
    const file = path.join(folder, 'people.entities.yaml');
    fs.writeFileSync(file, 'entities:\n  - id: economy\n    name: economy\n    type: other\n');
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(file), type: 1 }] });
    const uri = client.open(path.join(folder, 'articles', 'ambiguous.txt'), 'text');
    let decoded: ReturnType<typeof decodeTokens> = [];
    for (let attempt = 0; attempt < 150 && !decoded.some((t) => t.type === 'other'); attempt++) {
      await new Promise((r) => setTimeout(r, 100));
      decoded = decodeTokens((await client.request<SemanticTokens>('textDocument/semanticTokens/full', { textDocument: { uri } })).data, LEGEND);
    }
    assert.deepEqual(
      decoded.map((t) => t.type),
      ['person', 'other'],
    );
    fs.rmSync(file);
    client.close(uri);
  });

  it('shutdown and exit end the process with code 0', async () => {
    assert.equal(await client.stop(), 0);
  });
});

describe('language server: settings, polling, parent process, socket', function () {
  this.timeout(30000);
  let folder: string;
  before(() => (folder = copyWorkspace()));
  after(() => fs.rmSync(folder, { recursive: true, force: true }));

  it('initializationOptions analystMarkup.registry.files: globs relative to the workspace folder', async () => {
    fs.mkdirSync(path.join(folder, 'team'));
    fs.writeFileSync(path.join(folder, 'team', 'who.yaml'), 'entities:\n  - id: economy\n    name: economy\n    type: other\n');
    const client = await TestClient.start({
      folder,
      initializationOptions: { analystMarkup: { registry: { files: ['team/*.yaml'] } } },
      capabilities: { ...FULL_CAPABILITIES, workspace: { ...FULL_CAPABILITIES.workspace, configuration: false } },
    });
    const uri = client.open(path.join(folder, 'articles', 'ambiguous.txt'), 'plaintext');
    const tokens = await client.request<SemanticTokens>('textDocument/semanticTokens/full', { textDocument: { uri } });
    assert.deepEqual(
      decodeTokens(tokens.data, LEGEND).map((t) => [t.line, t.character, t.type]),
      [[2, 25, 'other']],
    );
    assert.equal(await client.stop(), 0);
    fs.rmSync(path.join(folder, 'team'), { recursive: true });
  });

  it('workspace/configuration: the client’s settings win; highlight.languages decides what is analysed', async () => {
    const client = await TestClient.start({ folder, settings: { highlight: { languages: ['markdown'] } } });
    const txt = client.open(path.join(folder, 'articles', 'ambiguous.txt'), 'plaintext');
    const md = client.open(path.join(folder, 'articles', 'security-pact.md'), 'markdown');
    assert.deepEqual(await client.request<SemanticTokens>('textDocument/semanticTokens/full', { textDocument: { uri: txt } }).then((t) => t.data), []);
    assert.ok((await client.request<SemanticTokens>('textDocument/semanticTokens/full', { textDocument: { uri: md } })).data.length > 0);
    assert.equal(await client.stop(), 0);
  });

  it('without watched-file support, a registry change on disk is found by polling', async () => {
    const client = await TestClient.start({ folder, capabilities: { workspace: { applyEdit: true } } });
    const registryFile = path.join(folder, 'entities.yaml');
    const good = fs.readFileSync(registryFile, 'utf8');
    await new Promise((r) => setTimeout(r, 300));
    fs.writeFileSync(registryFile, `${good}  - id: broken\n    name: Broken\n`);
    const diagnostics = await client.waitFor(
      'registry errors by polling',
      () => nonEmpty((client.diagnostics.get(uriOf(registryFile)) ?? []).filter((d) => d.severity === 1)),
      20000,
    );
    assert.ok(
      diagnostics.some((d) => /type/.test(messageOf(d))),
      diagnostics.map(messageOf).join('\n'),
    );
    assert.equal(client.registrations.length, 0);
    fs.writeFileSync(registryFile, good);
    assert.equal(await client.stop(), 0);
  });

  it('exits when its parent process (initialize processId) dies', async () => {
    const parent = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)']);
    const client = await TestClient.start({ folder, processId: parent.pid! });
    parent.kill();
    const code = await Promise.race([client.exited, new Promise<'alive'>((r) => setTimeout(() => r('alive'), 10000))]);
    assert.notEqual(code, 'alive', 'the server should exit within a few seconds of its parent');
  });

  it('exits when its stdin ends (the client went away)', async () => {
    const client = await TestClient.start({ folder, processId: null });
    client.child.stdin!.end();
    const code = await Promise.race([client.exited, new Promise<'alive'>((r) => setTimeout(() => r('alive'), 5000))]);
    assert.notEqual(code, 'alive');
  });

  it('analyst-markup lsp --help, and bad options exit 2 with a message', () => {
    const help = spawnSync(process.execPath, [CLI, 'lsp', '--help'], { encoding: 'utf8' });
    assert.equal(help.status, 0);
    assert.match(help.stdout, /Usage: analyst-markup lsp \[--stdio \| --socket PORT\]/);
    assert.match(spawnSync(process.execPath, [CLI, '--help'], { encoding: 'utf8' }).stdout, /analyst-markup lsp \[--stdio \| --socket PORT\]/);
    for (const args of [['--socket', 'abc'], ['--socket', '99999'], ['--colour']]) {
      const bad = spawnSync(process.execPath, [CLI, 'lsp', ...args], { encoding: 'utf8', timeout: 10000 });
      assert.equal(bad.status, 2, args.join(' '));
      assert.match(bad.stderr, /analyst-markup: (option “--socket” needs a port number|unknown option “--colour” for lsp)/);
    }
  });

  it('--socket PORT: listens on 127.0.0.1 for one client', async () => {
    const port = 20000 + Math.floor(Math.random() * 20000);
    const child = spawn(process.execPath, [CLI, 'lsp', '--socket', String(port)], { cwd: folder, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    await new Promise<void>((resolve, reject) => {
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        if (stderr.includes('listening on 127.0.0.1')) resolve();
      });
      child.on('exit', () => reject(new Error(stderr)));
    });
    const socket = net.connect(port, '127.0.0.1');
    const connection = createProtocolConnection(new StreamMessageReader(socket), new StreamMessageWriter(socket));
    connection.listen();
    const result = await connection.sendRequest<{ capabilities: { hoverProvider?: boolean } }>('initialize', {
      processId: process.pid,
      rootUri: uriOf(folder),
      workspaceFolders: [{ uri: uriOf(folder), name: 'f' }],
      capabilities: {},
    });
    assert.equal(result.capabilities.hoverProvider, true);
    await connection.sendRequest('shutdown');
    void connection.sendNotification('exit');
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    assert.equal(code, 0);
    connection.dispose();
    socket.destroy();
  });
});
