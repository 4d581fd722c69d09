// The server's own text documents (src/lsp/documents.ts on core/chunkedText.ts) against the
// library's (vscode-languageserver-textdocument) and a full rescan: random incremental changes
// give the same text, line offsets and positions, and the same mentions as a document opened
// afresh with the changed text. Fixed seeds: the same cases on every run.

import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { TextDocumentContentChangeEvent } from 'vscode-languageserver';
import { ChunkedText } from '../../src/core/chunkedText';
import { RegistryStore } from '../../src/core/registry';
import { ChunkedTextDocument, OpenDocument } from '../../src/lsp/documents';

/** Code units that matter to lines and positions: every line break, a surrogate pair, plain letters. */
const UNITS = ['a', 'b', ' ', '\n', '\r', '\r\n', '\n\n', '😀', 'é', 'xyz'];
const unitText = (max: number) => fc.array(fc.constantFrom(...UNITS), { maxLength: max }).map((parts) => parts.join(''));

/** A change as a client sends it: a range (possibly end first, or past the text's end), or the whole text now and then. */
const change = fc.oneof(
  {
    weight: 12,
    arbitrary: fc.record({
      startLine: fc.integer({ min: -1, max: 30 }),
      startCharacter: fc.integer({ min: 0, max: 12 }),
      endLine: fc.integer({ min: -1, max: 30 }),
      endCharacter: fc.integer({ min: 0, max: 12 }),
      text: unitText(12),
    }),
  },
  { weight: 1, arbitrary: unitText(60).map((text) => ({ whole: text })) },
);
type Change = { startLine: number; startCharacter: number; endLine: number; endCharacter: number; text: string } | { whole: string };

function toEvent(c: Change): TextDocumentContentChangeEvent {
  if ('whole' in c) return { text: c.whole };
  return { range: { start: { line: c.startLine, character: c.startCharacter }, end: { line: c.endLine, character: c.endCharacter } }, text: c.text };
}

/**
 * The text after a change, as the library makes it. Each change goes to a library document made
 * afresh from the text before it: one updated in place miscounts lines after a change past the
 * text's end (its line offsets use the range's lines unclamped: "" with "\n\n" put at line 4
 * gets 7 lines), and its later changes land in the wrong place.
 */
function libraryUpdate(text: string, c: Change): string {
  const library = TextDocument.create('file:///ref.txt', 'plaintext', 1, text);
  TextDocument.update(library, [toEvent(c)], 2);
  return library.getText();
}

/** Every answer of a library document of `text`, asked of ours; the whole text last (ours answers from the chunks until then). */
function assertSameDocument(ours: ChunkedTextDocument, text: string): void {
  const theirs = TextDocument.create('file:///fresh.txt', 'plaintext', 1, text);
  assert.equal(ours.length, text.length);
  assert.equal(ours.lineCount, theirs.lineCount);
  for (let offset = -1; offset <= text.length + 1; offset++) assert.deepEqual(ours.positionAt(offset), theirs.positionAt(offset), `positionAt(${offset})`);
  for (let line = -1; line <= theirs.lineCount; line++) {
    for (let character = 0; character <= 14; character++) {
      const position = { line, character };
      assert.equal(ours.offsetAt(position), theirs.offsetAt(position), `offsetAt(${line}:${character})`);
    }
    assert.deepEqual(ours.getLineRange(line), theirs.getLineRange(line), `getLineRange(${line})`);
    assert.equal(ours.getEOLCharacters(line), theirs.getEOLCharacters(line), `getEOLCharacters(${line})`);
  }
  for (let from = 0; from <= text.length; from += 3) {
    assert.equal(ours.slice(from, from + 7), text.slice(from, from + 7), `slice(${from})`);
    assert.equal(ours.indexOf('\n', from), text.indexOf('\n', from), `indexOf(\\n, ${from})`);
    assert.equal(ours.indexOf('\r\n', from), text.indexOf('\r\n', from), `indexOf(\\r\\n, ${from})`);
    assert.equal(ours.lastIndexOf('\n', from), text.lastIndexOf('\n', from), `lastIndexOf(\\n, ${from})`);
    assert.equal(ours.lastIndexOf('\r\n', from), text.lastIndexOf('\r\n', from), `lastIndexOf(\\r\\n, ${from})`);
  }
  const range = { start: theirs.positionAt(Math.floor(text.length / 3)), end: theirs.positionAt(Math.floor((2 * text.length) / 3)) };
  assert.equal(ours.getText(range), theirs.getText(range));
  assert.equal(ours.getText(), text);
}

describe('language server documents: incremental changes', () => {
  it('a chunked document answers as vscode-languageserver-textdocument after random changes (chunks of 1 to 16 code units)', () => {
    fc.assert(
      fc.property(
        unitText(80),
        fc.array(change, { minLength: 1, maxLength: 12 }),
        fc.integer({ min: 1, max: 16 }),
        fc.boolean(),
        (initial, changes, chunk, askFirst) => {
          const ours = new ChunkedTextDocument('file:///a.txt', 'plaintext', 1, initial, chunk);
          // Asked before the changes (line starts kept up to date) or not (found later from the text).
          if (askFirst) assertSameDocument(ours, initial);
          let text = initial;
          let version = 1;
          for (const [k, c] of changes.entries()) {
            ours.update([toEvent(c)], ++version);
            text = libraryUpdate(text, c);
            assert.equal(ours.version, version);
            // Now and then the answers in between, so later changes meet a joined text too.
            if (k % 4 === 3) assertSameDocument(ours, text);
          }
          assertSameDocument(ours, text);
        },
      ),
      { seed: 1403, numRuns: 300 },
    );
  });

  it('several changes in one notification apply in order, as the library applies them', () => {
    fc.assert(
      fc.property(unitText(60), fc.array(change, { minLength: 2, maxLength: 6 }), (initial, changes) => {
        const ours = new ChunkedTextDocument('file:///a.txt', 'plaintext', 1, initial, 4);
        ours.update(changes.map(toEvent), 2);
        assertSameDocument(
          ours,
          changes.reduce((text, c) => libraryUpdate(text, c), initial),
        );
      }),
      { seed: 1404, numRuns: 200 },
    );
  });

  it('a keystroke in a 5 MB text copies a chunk, not the text: three hundred of them stay exact', () => {
    const line = 'Ali Larijani met the Supreme National Security Council in Tehran.\n';
    const big = line.repeat(Math.ceil(5e6 / line.length));
    const chunked = new ChunkedText(big);
    const linesBefore = chunked.lineCount; // the line starts exist from here on: each change updates them
    let reference = big;
    const middle = Math.floor(big.length / 2);
    for (let k = 0; k < 300; k++) {
      const at = middle + ((k * 7919) % 50_000);
      if (k % 3 === 2) {
        chunked.replace(at, at + 1, '');
        reference = reference.slice(0, at) + reference.slice(at + 1);
      } else {
        const inserted = k % 5 === 0 ? '\n' : 'x';
        chunked.replace(at, at, inserted);
        reference = reference.slice(0, at) + inserted + reference.slice(at);
      }
    }
    assert.equal(chunked.length, reference.length);
    assert.equal(chunked.slice(middle - 100, middle + 60_000), reference.slice(middle - 100, middle + 60_000));
    const lines = reference.split('\n');
    assert.equal(chunked.lineCount, lines.length);
    assert.ok(lines.length > linesBefore, 'the typed line breaks are counted');
    const probeLine = Math.floor(lines.length / 2) + 10;
    let probeOffset = 0;
    for (let k = 0; k < probeLine; k++) probeOffset += lines[k].length + 1;
    assert.deepEqual(chunked.positionAt(probeOffset + 3), { line: probeLine, character: 3 });
    assert.equal(chunked.offsetAt({ line: probeLine, character: 3 }), probeOffset + 3);
    assert.equal(chunked.text(), reference);
  });
});

// Names that overlap, share words, cross lines, resolve by office or are shared (SPEC §2, §9).
const REGISTRY_YAML = `entities:
  - id: iran
    name: Iran
    type: state
  - id: iran-snsc
    name: Supreme National Security Council
    type: organization
    aliases: [SNSC]
  - id: iran-snsc-secretary
    name: Secretary of the Supreme National Security Council
    type: position
    of: iran-snsc
    aliases: [SNSC secretary]
  - id: ali-larijani
    name: Ali Larijani
    type: person
    aliases: [Larijani]
    roles:
      - post: iran-snsc-secretary
        from: 2025-08-05
  - id: sadegh-larijani
    name: Sadegh Larijani
    type: person
    aliases: [Larijani]
  - id: hezbollah
    name: Hezbollah
    type: organization
    aliases: [حزب الله]
  - id: new-york
    name: New York
    type: place
`;
const PIECES = [
  'Iran',
  'Ali Larijani',
  'Larijani',
  'Sadegh',
  'Sadegh Larijani',
  'SNSC',
  'SNSC secretary',
  'Supreme National',
  ' Security Council',
  'Secretary of the ',
  'حزب الله',
  'New\nYork',
  'New York',
  ' ',
  ' ',
  '\n',
  '\n\n',
  '\r\n',
  ', ',
  '.',
  'the',
  'x',
  '[Larijani]{.claim #c1 by=iran}',
  '{',
  ']',
  '😀',
];
const piecesText = (max: number) => fc.array(fc.constantFrom(...PIECES), { maxLength: max }).map((parts) => parts.join(''));

/** The change of `[start, end)` as a client sends it, applied to ours; the text after it, as the library's document has it. */
function applyBoth(doc: OpenDocument, reference: string, start: number, end: number, text: string, version: number): string {
  const library = TextDocument.create('file:///r.txt', 'plaintext', 1, reference);
  const event = { range: { start: library.positionAt(start), end: library.positionAt(end) }, text };
  doc.applyChanges([event], version);
  TextDocument.update(library, [event], version);
  return library.getText();
}

describe('language server documents: mentions after incremental changes equal a full rescan', function () {
  this.timeout(90000); // full rescans of texts over 64 K after each edit: seconds on a loaded machine
  const store = new RegistryStore();
  store.setFile('file:///entities.yaml', REGISTRY_YAML);
  const registry = store.build();
  const plain = (mentions: readonly { start: number; end: number; entityId: string; resolution?: string }[]) =>
    mentions.map((m) => `${m.start}-${m.end}:${m.entityId}:${m.resolution ?? ''}`);

  /** A text long enough (over 64 K code units) for range requests to scan only the lines around them. */
  const bigText = fc.tuple(piecesText(40), fc.integer({ min: 1, max: 3 })).map(([seed, copies]) => {
    const head = '---\ndate: 2025-09-01\n---\n';
    let body = seed.length > 0 ? seed : 'Ali Larijani';
    while (body.length < 70_000 * copies) body += `\n${body}`;
    return head + body.slice(0, 70_000 * copies);
  });
  const edit = fc.record({ at: fc.double({ min: 0, max: 1, noNaN: true }), deleted: fc.integer({ min: 0, max: 30 }), text: piecesText(3) });

  it('typing in a big document: the range answers, the whole list and the line offsets match a document opened with the new text', () => {
    fc.assert(
      fc.property(bigText, fc.array(edit, { minLength: 1, maxLength: 6 }), fc.boolean(), (initial, edits, scanFirst) => {
        const doc = new OpenDocument('file:///big.md', 'markdown', 1, initial);
        // The full state exists (a full request came first) or not (just opened): both paths.
        if (scanFirst) doc.mentions(registry);
        let reference = initial;
        let version = 1;
        for (const e of edits) {
          const start = Math.floor(e.at * reference.length);
          const end = Math.min(reference.length, start + e.deleted);
          reference = applyBoth(doc, reference, start, end, e.text, ++version);
          // The answer to the range request after each keystroke, as the client sees it.
          const fresh = new OpenDocument('file:///big.md', 'markdown', version, reference);
          const all = fresh.mentions(registry);
          const from = Math.max(0, start - 2000);
          const to = Math.min(reference.length, start + 2000);
          assert.deepEqual(plain(doc.mentionsIn(registry, from, to)), plain(all.filter((m) => m.end > from && m.start < to)), `mentions of ${from}-${to}`);
        }
        assert.equal(doc.text, reference);
        const lines = TextDocument.create('file:///r.md', 'markdown', 1, reference);
        assert.equal(doc.document.lineCount, lines.lineCount);
        for (let line = 0; line < lines.lineCount; line += 97)
          assert.equal(doc.document.offsetAt({ line, character: 0 }), lines.offsetAt({ line, character: 0 }));
        assert.deepEqual(plain(doc.mentions(registry)), plain(new OpenDocument('file:///big.md', 'markdown', version, reference).mentions(registry)));
      }),
      { seed: 1405, numRuns: 25 },
    );
  });

  it('small documents: every mention after random edits equals a full rescan', () => {
    fc.assert(
      fc.property(piecesText(30), fc.array(edit, { minLength: 1, maxLength: 8 }), (initial, edits) => {
        const doc = new OpenDocument('file:///a.txt', 'plaintext', 1, initial);
        doc.mentions(registry);
        let reference = initial;
        let version = 1;
        for (const e of edits) {
          const start = Math.floor(e.at * reference.length);
          const end = Math.min(reference.length, start + e.deleted);
          reference = applyBoth(doc, reference, start, end, e.text, ++version);
          assert.deepEqual(plain(doc.mentions(registry)), plain(new OpenDocument('file:///a.txt', 'plaintext', version, reference).mentions(registry)));
        }
        assert.equal(doc.text, reference);
      }),
      { seed: 1406, numRuns: 300 },
    );
  });
});
