// The fast registry YAML reader must agree with the `yaml` library node for node (kinds, values,
// sources and positions, compared as light trees) wherever it accepts a text, and give up on
// everything else.
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { readPlainYaml } from '../../src/core/fastYaml';
import { prng } from '../prng';
import { readYamlWithLibrary } from '../../src/core/yamlLibraryTree';
import { NO_NODE } from '../../src/core/yamlTree';
import type { YamlNode, YamlTree } from '../../src/core/yamlTree';

const root = path.resolve(__dirname, '../../..');

/** A tree as plain data, every field included, for deepEqual with readable diffs. */
function describeTree(tree: YamlTree | undefined): unknown {
  if (tree === undefined) return undefined;
  const describe = (node: YamlNode): unknown => {
    if (node === NO_NODE) return null;
    const at = [tree.start(node), tree.end(node)];
    switch (tree.kind(node)) {
      case 'scalar':
        return { value: tree.value(node), source: tree.source(node), at };
      case 'map': {
        const pairs = [];
        for (let pair = 0; pair < tree.pairCount(node); pair++) {
          pairs.push([describe(tree.pairKey(node, pair)), describe(tree.pairValue(node, pair)), tree.keyText(node, pair)]);
        }
        return { map: pairs, flow: tree.isFlow(node), at };
      }
      case 'seq': {
        const items = [];
        for (let item = 0; item < tree.childCount(node); item++) items.push(describe(tree.child(node, item)));
        return { seq: items, flow: tree.isFlow(node), at };
      }
      default:
        return { other: true, at };
    }
  };
  return describe(tree.root);
}

/** The tree the `yaml` library gives, or undefined when it reports errors. */
function libraryTree(text: string): YamlTree | undefined {
  const { tree, errors } = readYamlWithLibrary(text);
  return errors.length > 0 ? undefined : tree;
}

function assertSame(text: string, label: string): boolean {
  const fast = readPlainYaml(text);
  if (fast === undefined) return false;
  const library = libraryTree(text);
  assert.notEqual(library, undefined, `${label}: the fast reader accepted a text yaml rejects`);
  assert.deepEqual(describeTree(fast), describeTree(library), label);
  return true;
}

function registryFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.ya?ml$/.test(f))
    .map((f) => path.join(dir, f));
}

/**
 * Mutates `base` `count` times (one to three random insertions of `alphabet` pieces, each
 * replacing up to two characters) and checks each mutant with `assertSame`; returns how many the
 * fast reader accepted (the rest it left to the yaml library).
 */
function sameOnMutants(base: string, alphabet: readonly string[], seed: number, count: number): number {
  const random = prng(seed);
  let accepted = 0;
  for (let n = 0; n < count; n++) {
    let text = base;
    for (let k = 0; k < 1 + Math.floor(random() * 3); k++) {
      const at = Math.floor(random() * text.length);
      const cut = Math.floor(random() * 3);
      text = text.slice(0, at) + alphabet[Math.floor(random() * alphabet.length)] + text.slice(at + cut);
    }
    if (assertSame(text, JSON.stringify(text))) accepted++;
  }
  return accepted;
}

describe('fast registry YAML reader', () => {
  it('reads the fixture and demo registries exactly as the yaml library does', () => {
    const files = [...registryFiles(path.join(root, 'test/fixtures')), ...registryFiles(path.join(root, 'demo'))];
    assert.ok(files.length > 5);
    let accepted = 0;
    for (const file of files) if (assertSame(readFileSync(file, 'utf8'), file)) accepted++;
    assert.equal(accepted, files.length);
  });

  it('handles every scalar style, flow collections, comments and CRLF', () => {
    const text = [
      '# comment',
      'entities:',
      '  - id: a   # trailing',
      "    name: 'It''s'",
      '    type: "per\\u0073on"',
      '    aliases: [x, "y z", \'w\', { text: US, caseSensitive: true }]',
      '    roles:',
      '    - title: T',
      '      from: 2008',
      '      to: 2020-05-28',
      '      of:',
      '    summary: 1.5',
      '    tags: []',
      '    links: {}',
      '    x: ~',
      '    y: true',
      '',
    ].join('\r\n');
    assert.ok(assertSame(text, 'styles'));
  });

  it('reads folded and literal block scalars as yaml does', () => {
    for (const text of [
      'a: >-\n  one\n  two\n\n  three\nb: 1\n',
      'a: |\n  one\n  two\nb: 1\n',
      'a: >\n  one\n  two\n',
      'x:\n  summary: >-\n    Long text\n    on lines.\n\n\n    Para # not a comment\n  name: y\n',
      'a: |-\n  one\n\n\n  two\n\n',
      'a: >\r\n  one\r\n  two\r\nb: 1\r\n',
    ]) {
      assert.ok(assertSame(text, JSON.stringify(text)), JSON.stringify(text));
    }
  });

  it('gives up on anchors, tags, block and multi-line scalars, duplicate keys, tabs, lone CRs and documents', () => {
    for (const text of [
      'a: &x 1\nb: *x\n',
      'a: !!str 1\n',
      'a: |+\n  text\n',
      'a: >2\n  text\n',
      'a: >\n  text\n    more indented\n',
      'a: one\n  two\n',
      'a: "one\n  two"\n',
      'a: [1,\n  2]\n',
      'a: 1\na: 2\n',
      'a:\n\t- 1\n',
      '---\na: 1\n',
      'a: [[[1]]]\n',
      '? a\n: 1\n',
      '"quoted key": 1\n',
      'a: b: c\n',
      '- - a\n',
      '\ufeffa: 1\n',
      'a: >-#5\n  text\n',
      'a: one\rtwo\n',
      'a: [x, -\r5]\n',
      'a: >-\n\n  text\n',
      'a: |\n  one\n      \n  two\n',
    ]) {
      assert.equal(readPlainYaml(text), undefined, JSON.stringify(text));
    }
    assert.equal(readPlainYaml('')?.root, NO_NODE);
    assert.equal(readPlainYaml('# only comments\n\n')?.root, NO_NODE);
  });

  it('compares keys by value, as yaml does, in small and large mappings', () => {
    for (const text of ['1: a\n01: b\n', 'null: a\n~: b\n', 'x: { 1: a, 1.0: b }\n', 'true: 1\nTrue: 2\n']) {
      assert.equal(readPlainYaml(text), undefined, JSON.stringify(text));
    }
    const keys = Array.from({ length: 20 }, (_, k) => `${10 + k}: v${k}\nk${k}: w\n`).join('');
    assert.ok(assertSame(keys, 'a large mapping'));
    assert.equal(readPlainYaml(`${keys}015: again\n`), undefined, 'a number key repeated in a large mapping');
    assert.equal(readPlainYaml(`${keys}k7: again\n`), undefined, 'a text key repeated in a large mapping');
    assert.ok(assertSame(`${keys}k7x: not again\nK7: nor this\n`, 'keys that only look alike'));
  });

  it('agrees with yaml on mutated quoting, flow, typed scalars and long mappings (property test)', () => {
    const base = [
      'entities:',
      '  - id: a-1',
      '    name: "Quoted \\" name \\u00e9 \\x41"',
      '    type: person',
      "    aliases: [x, 'It''s', { text: US, caseSensitive: true }, 12, ~, -1.5e3, 0.5]",
      '    roles:',
      '      - { title: T, of: b, from: 2008, to: 2020-05-28 }',
      '      - title: Chief  # comment',
      '        from: 2008-05',
      '        of:',
      '    summary: >-',
      '      Folded',
      '      text',
      '    k0: 0',
      '    k1: null',
      '    k2: True',
      '    k3: +12',
      '    k4: .5',
      '    k6: "a: b"',
      '    k7: [a, b]',
      '    k8: {}',
      '  - id: b',
      '    name: Bee',
      '',
    ].join('\n');
    const accepted = sameOnMutants(
      base,
      ['\\', '"', "'", ':', ' ', '\n', '{', '}', '[', ']', ',', '1', '0', 'x', '-', '#', '\r\n', 'null', 'true', '.5', '0x1', '.inf', 'u', 'k1: 2\n'],
      71,
      3000,
    );
    assert.ok(accepted > 300, `the reader accepted only ${accepted} mutants`);
  });

  it('reads registries without the yaml library: only the fallback module imports it', () => {
    for (const file of ['fastYaml.ts', 'yamlTree.ts', 'registry.ts', 'linePositions.ts']) {
      const source = readFileSync(path.join(root, 'src/core', file), 'utf8');
      assert.doesNotMatch(source, /from 'yaml'|require\('yaml'\)/, file);
    }
  });

  it('agrees with yaml on mutated registries, or gives up (property test)', () => {
    const base = readFileSync(path.join(root, 'test/fixtures/workspace/entities.yaml'), 'utf8');
    const accepted = sameOnMutants(base, [' ', '\n', ':', '-', '#', '"', "'", '[', ']', '{', '}', ',', 'a', '1', '  ', '\t', '&', '|'], 29, 5000);
    assert.ok(accepted > 300, `the reader accepted only ${accepted} mutants`);
  });

  it('reads an imported Phoenix registry (if the samples are present) as yaml does', function () {
    const dir = path.join(root, '..', 'shared', 'samples', 'phoenix');
    if (!existsSync(dir)) this.skip();
    const { importPhoenix } = require('../../src/core/importPhoenix') as typeof import('../../src/core/importPhoenix');
    const file = readdirSync(dir).find((f) => f.includes('MilNonState'))!;
    const yaml = importPhoenix([{ name: file, text: readFileSync(path.join(dir, file), 'utf8') }]).yaml;
    assert.ok(assertSame(yaml, file));
  });
});
