// Inputs of a million items and texts nested 20,000 levels deep (issue 15): nothing may run out
// of stack (an argument spread, `Math.max(...)`, recursion per level) or take super-linear time.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as ts from 'typescript';
import { appendAll, maxOf, minOf } from '../../src/core/arrays';
import { importPhoenix } from '../../src/core/importPhoenix';
import { parseRegistryFile, RegistryStore } from '../../src/core/registry';
import { idListArgument } from '../../src/core/tagging';
import { findDeepNesting, MAX_YAML_NESTING } from '../../src/core/yamlDepth';
import { readYamlWithLibrary } from '../../src/core/yamlLibraryTree';
import { cli, ensureBuilt } from './cli.test';

const ROOT = path.resolve(__dirname, '../../..');
const MILLION = 1_000_000;

function deepFlowRegistry(levels: number): string {
  return `entities:\n  - id: deep\n    name: Deep\n    type: other\n    summary: ${'['.repeat(levels)}${']'.repeat(levels)}\n`;
}

/** `levels` ever more indented lines (quadratic in size: a few thousand levels), then `- - - …` items opened on one line. */
function deepBlockRegistry(levels: number, compact = 0): string {
  let text = 'entities:\n';
  for (let level = 0; level < levels; level++) text += `${' '.repeat(level + 2)}- \n`;
  return `${text}${' '.repeat(levels + 2)}${'- '.repeat(compact)}x\n`;
}

describe('scale: a million items, 20,000 levels', function () {
  this.timeout(120_000);

  it('array helpers take a million items (a spread into push or Math.max throws at about 120,000)', () => {
    const items = Array.from({ length: MILLION }, (_, i) => i);
    assert.throws(() => [].push(...(items as never[])), RangeError, 'the engine limit this guards against');
    const target = [-1];
    appendAll(target, items);
    assert.equal(target.length, MILLION + 1);
    assert.equal(target[MILLION], MILLION - 1);
    assert.equal(maxOf(items), MILLION - 1);
    assert.equal(minOf(items), 0);
    assert.equal(maxOf([]), -Infinity);
  });

  it('reads an ID list argument of a million IDs', () => {
    const ids = Array.from({ length: MILLION }, (_, i) => `id${i}`);
    const read = idListArgument('by', [ids.join(' ')]);
    assert.equal(read.length, MILLION);
    assert.equal(read[MILLION - 1], `id${MILLION - 1}`);
  });

  it('imports a Phoenix dictionary whose actor follows a million comment lines', () => {
    const text = `${'# a comment line\n'.repeat(MILLION)}ALI_LARIJANI [IRNGOV]\n`;
    const result = importPhoenix([{ name: 'big.actors.txt', text }], { comments: false });
    assert.equal(result.stats.actors, 1);
    assert.match(result.yaml, /name: Ali Larijani/);
  });

  it('builds a registry of 50,000 entities sharing one name in linear time, saying so briefly', () => {
    let text = 'entities:\n';
    for (let i = 0; i < 50_000; i++) text += `  - id: smith-${i}\n    name: John Smith\n    type: person\n`;
    const started = Date.now();
    const store = new RegistryStore();
    store.setFile('file:///people.entities.yaml', text);
    const registry = store.build();
    const elapsed = Date.now() - started;
    assert.equal(registry.entities.size, 50_000);
    const shared = registry.diagnostics.get('file:///people.entities.yaml')!.find((d) => d.code === 'shared-name');
    assert.ok(shared, 'a shared-name diagnostic');
    assert.match(
      shared.message,
      /^“John Smith” names John Smith \(smith-\d+\), John Smith \(smith-\d+\), John Smith \(smith-\d+\), John Smith \(smith-\d+\) and 49996 more: mentions are resolved from context\.$/,
    );
    assert.ok(elapsed < 30_000, `built in ${elapsed} ms`);
  });

  it('refuses a registry nested 20,000 levels deep in brackets, in words, where the nesting starts', () => {
    const parsed = parseRegistryFile('file:///deep.entities.yaml', deepFlowRegistry(20_000));
    assert.equal(parsed.unreadable, true);
    const errors = parsed.diagnostics.filter((d) => d.severity === 'error');
    assert.equal(errors.length, 1);
    assert.equal(errors[0].code, 'yaml-too-deep');
    assert.match(errors[0].message, /^Too deeply nested: the lists and mappings from here go more than 100 levels deep \(level 101 at line 5, column 111\)/);
    assert.doesNotMatch(errors[0].message, /call stack/);
    // Line 5, column 14: the first `[` of `summary: [[[…`.
    assert.deepEqual([errors[0].range.start.line, errors[0].range.start.character], [4, 13]);
  });

  it('refuses a registry nested 2,000 levels deep by indentation, or 20,000 by items on one line, from its first line', () => {
    for (const [text, where] of [
      [deepBlockRegistry(2_000), 'line 101, column 102'],
      [deepBlockRegistry(10, 20_000), 'line 12, column 191'],
    ]) {
      const parsed = parseRegistryFile('file:///deep.entities.yaml', text);
      const errors = parsed.diagnostics.filter((d) => d.severity === 'error');
      assert.deepEqual(
        errors.map((e) => [e.code, e.range.start.line, e.range.start.character]),
        [['yaml-too-deep', 0, 0]],
      );
      assert.match(errors[0].message, new RegExp(`level 101 at ${where}\\)`));
    }
  });

  it('reads a registry just within the limit with the yaml library, and its depth is measured exactly enough', () => {
    // 97 brackets + the root mapping, the entities list and the entity: 100 levels.
    const within = deepFlowRegistry(MAX_YAML_NESTING - 3);
    assert.equal(findDeepNesting(within), undefined);
    assert.equal(readYamlWithLibrary(within).errors.length, 0);
    const parsed = parseRegistryFile('file:///ok.entities.yaml', within);
    assert.equal(parsed.diagnostics.filter((d) => d.code === 'yaml-too-deep').length, 0);
    assert.ok(findDeepNesting(deepFlowRegistry(MAX_YAML_NESTING - 2)), 'one level more is refused');
  });

  it('does not count brackets in quoted scalars, comments, block scalars or plain words', () => {
    const text = [
      'entities:',
      '  - id: a',
      `    name: "${'['.repeat(500)}"`,
      `    note: '${'{'.repeat(500)}'`,
      `    # ${'['.repeat(500)}`,
      '    summary: |',
      `      ${'['.repeat(500)}`,
      `    other: a${'['.repeat(500)}`,
      '',
    ].join('\n');
    assert.equal(findDeepNesting(text, 8), undefined);
  });

  it('analyst-markup check: 5 MB with 150,000 tags without #id, and a registry 20,000 levels deep', () => {
    ensureBuilt();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'analyst-markup-scale-'));
    try {
      fs.writeFileSync(path.join(dir, 'big.md'), 'A line with [a claim]{.claim by=somebody} in it.\n'.repeat(150_000));
      fs.writeFileSync(path.join(dir, 'deep.entities.yaml'), deepFlowRegistry(20_000));
      const run = cli(dir, 'check', '--quiet', '.');
      assert.doesNotMatch(run.stderr, /internal error|Maximum call stack/);
      assert.equal(run.status, 1, run.stderr);
      const out = run.stdout.split('\n');
      assert.ok(
        out.includes(
          'deep.entities.yaml:5:14: error: Too deeply nested: the lists and mappings from here go more than 100 levels deep (level 101 at line 5, column 111); a registry needs fewer than ten. The file is not read; its last good version stays in force. [yaml-too-deep]',
        ),
        out.slice(0, 3).join('\n'),
      );
      assert.equal(out.filter((l) => l.endsWith('[missing-id]')).length, 150_000);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('src/ has no unbounded argument spread (f(...list), Math.max(...list)) outside the few bounded ones', () => {
    // Spreads whose length the code fixes: a call's own arguments, the decoration types, a bundled
    // path, the segments of an export file's path (a file system path: at most a few thousand), a
    // message's one button.
    const allowed = new Set([
      'src/core/yamlLibraryLoading.ts:args',
      'src/web/lazyYaml.ts:LIBRARY_FILE',
      'src/vscode/highlighter.ts:Object.values(this.decorationTypes)',
      "src/cli/commands.ts:f.path.split('/')",
      "src/cli/files.ts:file.path.split('/')",
      "src/vscode/exportTagsCommand.ts:file.path.split('/')",
      'src/vscode/exportTagsCommand.ts:(toOpen ? [open] : [])',
    ]);
    const found: string[] = [];
    const walk = (dir: string) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(full);
        else if (entry.name.endsWith('.ts')) {
          const file = path.relative(ROOT, full);
          const source = ts.createSourceFile(full, fs.readFileSync(full, 'utf8'), ts.ScriptTarget.Latest, true);
          const visit = (node: ts.Node) => {
            if (ts.isSpreadElement(node) && (ts.isCallExpression(node.parent) || ts.isNewExpression(node.parent))) {
              const key = `${file}:${node.expression.getText(source)}`;
              if (!allowed.has(key)) found.push(`${key} (line ${source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1})`);
            }
            ts.forEachChild(node, visit);
          };
          visit(source);
        }
      }
    };
    walk(path.join(ROOT, 'src'));
    assert.deepEqual(found, []);
  });
});
