// The TextMate injection grammar of tag attribute blocks (syntaxes/), tokenized with the same
// engine VS Code uses (vscode-textmate + vscode-oniguruma), in plain text and in Markdown.

import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as oniguruma from 'vscode-oniguruma';
import * as vsctm from 'vscode-textmate';

const ROOT = path.resolve(__dirname, '../../..');
const INJECTION_SCOPE = 'analyst-markup.attributes.injection';

interface PackageJson {
  contributes: { grammars: { language?: string; scopeName: string; path: string; injectTo?: string[] }[] };
}

const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as PackageJson;

/** The Markdown grammar of a provisioned VS Code, when there is one (not in the repository). */
function findMarkdownGrammar(): string | undefined {
  const candidates = [
    path.join(ROOT, '.vscode-test/code-server-4.100.3/node_modules/code-server/lib/vscode/extensions/markdown-basics/syntaxes/markdown.tmLanguage.json'),
  ];
  return candidates.find((p) => fs.existsSync(p));
}

let registry: vsctm.Registry;

before(async () => {
  const wasm = fs.readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const files = new Map<string, string>();
  for (const g of pkg.contributes.grammars) files.set(g.scopeName, path.join(ROOT, g.path));
  const markdown = findMarkdownGrammar();
  if (markdown) files.set('text.html.markdown', markdown);
  registry = new vsctm.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (sources: string[]) => oniguruma.createOnigScanner(sources),
      createOnigString: (s: string) => oniguruma.createOnigString(s),
    }),
    loadGrammar: async (scopeName: string) => {
      const file = files.get(scopeName);
      if (!file) return null;
      return vsctm.parseRawGrammar(fs.readFileSync(file, 'utf8'), file);
    },
    // As VS Code does with `injectTo`.
    getInjections: (scopeName: string) => pkg.contributes.grammars.filter((g) => g.injectTo?.includes(scopeName)).map((g) => g.scopeName),
  });
});

interface Token {
  text: string;
  scopes: string[];
}

async function tokenize(scopeName: string, text: string): Promise<Token[][]> {
  const grammar = await registry.loadGrammar(scopeName);
  assert.ok(grammar, `grammar ${scopeName}`);
  let state = vsctm.INITIAL;
  return text.split('\n').map((line) => {
    const r = grammar.tokenizeLine(line, state);
    state = r.ruleStack;
    return r.tokens.map((t) => ({ text: line.slice(t.startIndex, t.endIndex), scopes: t.scopes }));
  });
}

/** The scopes of the token holding the `nth` occurrence of `needle`'s first character in `line`. */
function scopesAt(lines: Token[][], lineNo: number, needle: string, nth = 0): string[] {
  const line = lines[lineNo];
  const full = line.map((t) => t.text).join('');
  let at = -1;
  for (let k = 0; k <= nth; k++) at = full.indexOf(needle, at + 1);
  assert.ok(at >= 0, `${JSON.stringify(needle)} in ${JSON.stringify(full)}`);
  let pos = 0;
  for (const t of line) {
    if (at < pos + t.text.length) {
      // The whole needle lies in one token.
      assert.ok(at + needle.length <= pos + t.text.length, `${JSON.stringify(needle)} is split: token ${JSON.stringify(t.text)}`);
      return t.scopes;
    }
    pos += t.text.length;
  }
  throw new Error('unreachable');
}

function hasScope(scopes: string[], prefix: string): boolean {
  return scopes.some((s) => s === prefix || s.startsWith(`${prefix}.`));
}

describe('markup grammar (TextMate injection)', () => {
  it('is contributed for plain text and Markdown, and plain text gets the text.plain scope', () => {
    const injection = pkg.contributes.grammars.find((g) => g.scopeName === INJECTION_SCOPE);
    assert.ok(injection, 'the injection grammar is contributed');
    assert.deepEqual([...(injection.injectTo ?? [])].sort(), ['text.html.markdown', 'text.plain']);
    const plain = pkg.contributes.grammars.find((g) => g.language === 'plaintext');
    assert.equal(plain?.scopeName, 'text.plain');
  });

  it('scopes the brackets, kind, id, keys, operator and values of a claim in plain text', async () => {
    const lines = await tokenize('text.plain', '[We do not oppose it]{.claim #c91x by=ali-larijani confidence="likely"} he said.');
    assert.ok(!hasScope(scopesAt(lines, 0, 'We do'), 'meta.attributes'), 'tagged text is not in the block');
    assert.ok(hasScope(scopesAt(lines, 0, ']'), 'punctuation.definition.tag'));
    assert.ok(hasScope(scopesAt(lines, 0, '{'), 'punctuation.definition.tag.begin'));
    assert.ok(hasScope(scopesAt(lines, 0, 'claim'), 'entity.name.tag.claim'));
    assert.ok(hasScope(scopesAt(lines, 0, '.'), 'punctuation.definition.entity'), 'the dot of .claim');
    assert.ok(hasScope(scopesAt(lines, 0, 'c91x'), 'entity.name.function'));
    assert.ok(hasScope(scopesAt(lines, 0, 'by'), 'entity.other.attribute-name'));
    assert.ok(hasScope(scopesAt(lines, 0, '='), 'keyword.operator'));
    assert.ok(hasScope(scopesAt(lines, 0, 'ali-larijani'), 'string.unquoted'));
    assert.ok(hasScope(scopesAt(lines, 0, 'confidence'), 'entity.other.attribute-name'));
    assert.ok(hasScope(scopesAt(lines, 0, '"'), 'punctuation.definition.string.begin'));
    assert.ok(hasScope(scopesAt(lines, 0, '"', 1), 'punctuation.definition.string.end'));
    assert.ok(hasScope(scopesAt(lines, 0, 'likely'), 'string.quoted.double'));
    assert.ok(hasScope(scopesAt(lines, 0, '}'), 'punctuation.definition.tag.end'));
    assert.ok(!hasScope(scopesAt(lines, 0, ' he said'), 'meta.attributes'), 'the block ends at }');
    for (const s of ['{', 'c91x', 'ali-larijani', 'likely', '}']) assert.ok(hasScope(scopesAt(lines, 0, s), 'meta.attributes'), s);
  });

  it('scopes an event with a quoted list, escapes and a multi-line block', async () => {
    const lines = await tokenize(
      'text.plain',
      ['[Iran and Iraq signed]{.event #e7k2 type=agree', '  actors="iran iraq" note="say \\"hi\\""}', 'After.'].join('\n'),
    );
    assert.ok(hasScope(scopesAt(lines, 0, 'event'), 'entity.name.tag.event'));
    assert.ok(hasScope(scopesAt(lines, 0, 'agree'), 'string.unquoted'));
    assert.ok(hasScope(scopesAt(lines, 1, 'actors'), 'entity.other.attribute-name'), 'the block goes on on the next line');
    assert.ok(hasScope(scopesAt(lines, 1, 'iran iraq'), 'string.quoted.double'));
    assert.ok(hasScope(scopesAt(lines, 1, '\\"'), 'constant.character.escape'));
    assert.ok(hasScope(scopesAt(lines, 1, '}'), 'punctuation.definition.tag.end'));
    assert.ok(!hasScope(scopesAt(lines, 2, 'After'), 'meta.attributes'));
  });

  it('knows a block by its id alone, old (4 characters) and new (8 random characters)', async () => {
    const lines = await tokenize('text.plain', 'A [said so]{#c91x} and [did so]{#e4k9q2zdm} but not [x]{#c1234567}.');
    for (const s of ['c91x', 'e4k9q2zdm']) assert.ok(hasScope(scopesAt(lines, 0, s), 'meta.attributes'), s);
    assert.ok(!hasScope(scopesAt(lines, 0, 'c1234567'), 'meta.attributes'), 'an id of seven characters after the kind is none of ours');
  });

  it('leaves other bracketed text and other Pandoc spans alone', async () => {
    const lines = await tokenize('text.plain', 'See [1] and [sic]{.smallcaps} and [a]{lang=fr} and \\]{.claim by=x}.');
    for (const s of ['[1]', 'smallcaps', 'lang', 'by=x']) assert.ok(!hasScope(scopesAt(lines, 0, s), 'meta.attributes'), s);
  });

  it('ends an unterminated block at a blank line', async () => {
    const lines = await tokenize('text.plain', ['[x]{.claim by=ali', '', 'Next paragraph with key=value.'].join('\n'));
    assert.ok(hasScope(scopesAt(lines, 0, 'ali'), 'string.unquoted'));
    assert.ok(!hasScope(scopesAt(lines, 2, 'key'), 'meta.attributes'));
  });

  it('works in Markdown, but not in code', async function () {
    if (!findMarkdownGrammar()) this.skip(); // the Markdown grammar ships with VS Code, not with this repository
    const lines = await tokenize(
      'text.html.markdown',
      ['# Notes', '', 'Text [Iran agreed]{.event #e7k2 type=agree} and `[x]{.claim by=y}`.', '', '```', '[x]{.claim #c91x by=z}', '```'].join('\n'),
    );
    assert.ok(hasScope(scopesAt(lines, 2, 'event'), 'entity.name.tag.event'));
    assert.ok(hasScope(scopesAt(lines, 2, 'agree', 1), 'string.unquoted'));
    assert.ok(!hasScope(scopesAt(lines, 2, 'by=y'), 'meta.attributes'), 'inline code');
    assert.ok(!hasScope(scopesAt(lines, 5, 'c91x'), 'meta.attributes'), 'fenced code');
  });
});
