// Two analysts on separate branches (issue 15), with the real `git` in a temporary repository:
// each tags the same article and adds entities in the one-file-per-entity layout; the merge has
// no conflict and `analyst-markup check` passes on the result. A duplicate tag ID brought in by a
// merge is reported at both places, and `analyst-markup fix --ids` renumbers the later one,
// changing only its ID.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { applyEdits, generateTagId, parseMarkup } from '../../src/core/markup';
import { tagEdits, tagTargets } from '../../src/core/tagging';
import { renumberDuplicateTagIds } from '../../src/core/tagIds';
import { cli, ensureBuilt } from './cli.test';

const ARTICLE = [
  '# Talks in Baghdad',
  '',
  'Iran and Iraq signed a security agreement on Monday.',
  '',
  'Ali Larijani said the agreement serves both countries.',
  '',
  'Hossein Salami said the guards would support it.',
  '',
].join('\n');

const ENTITIES: Record<string, string> = {
  'iran.yaml': 'id: iran\nname: Iran\ntype: state\n',
  'iraq.yaml': 'id: iraq\nname: Iraq\ntype: state\n',
};

function git(cwd: string, ...args: string[]): string {
  const r = spawnSync('git', args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', HOME: cwd, GIT_AUTHOR_DATE: '2026-01-01T00:00:00Z', GIT_COMMITTER_DATE: '2026-01-01T00:00:00Z' },
  });
  assert.equal(r.status, 0, `git ${args.join(' ')}:\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

/** Tags the sentence that contains `words` as the command does (tagTargets, tagEdits, a generated ID). */
function tagSentence(text: string, words: string, kind: 'claim' | 'event', attributes: Record<string, string>): string {
  const spans = parseMarkup(text).spans;
  const at = text.indexOf(words);
  assert.ok(at >= 0, words);
  const targets = tagTargets(text, spans, [{ start: at, end: at }]);
  assert.ok(targets.ok, 'a sentence to tag');
  const taken = new Set(spans.flatMap((s) => (s.id ? [s.id] : [])));
  return applyEdits(text, tagEdits(text, targets.targets, [{ kind, id: generateTagId(kind, taken), attributes }]));
}

function writeEntity(repo: string, file: string, text: string): void {
  fs.mkdirSync(path.join(repo, 'entities'), { recursive: true });
  fs.writeFileSync(path.join(repo, 'entities', file), text);
}

describe('two branches, one article, real git', function () {
  this.timeout(120_000);
  let repo: string;

  before(function () {
    if (spawnSync('git', ['--version']).status !== 0) throw new Error('git is needed for this test (scripts/dev.sh installs it)');
    ensureBuilt();
  });

  beforeEach(() => {
    repo = fs.mkdtempSync(path.join(os.tmpdir(), 'analyst-markup-merge-'));
    git(repo, 'init', '-q', '-b', 'main');
    git(repo, 'config', 'user.email', 'analyst@example.org');
    git(repo, 'config', 'user.name', 'Analyst');
    fs.writeFileSync(path.join(repo, 'article.md'), ARTICLE);
    for (const [file, text] of Object.entries(ENTITIES)) writeEntity(repo, file, text);
    git(repo, 'add', '.');
    git(repo, 'commit', '-q', '-m', 'article and registry');
  });

  afterEach(() => fs.rmSync(repo, { recursive: true, force: true }));

  it('merges without conflict and checks clean; the tags of both branches are there', () => {
    git(repo, 'checkout', '-q', '-b', 'analyst-a');
    const article = path.join(repo, 'article.md');
    fs.writeFileSync(article, tagSentence(fs.readFileSync(article, 'utf8'), 'Ali Larijani said', 'claim', { by: 'ali-larijani', about: 'iran iraq' }));
    writeEntity(repo, 'ali-larijani.yaml', 'id: ali-larijani\nname: Ali Larijani\ntype: person\n');
    git(repo, 'add', '.');
    git(repo, 'commit', '-q', '-m', 'A: a claim and Ali Larijani');

    git(repo, 'checkout', '-q', 'main');
    git(repo, 'checkout', '-q', '-b', 'analyst-b');
    fs.writeFileSync(article, tagSentence(fs.readFileSync(article, 'utf8'), 'Hossein Salami said', 'claim', { by: 'hossein-salami' }));
    fs.writeFileSync(article, tagSentence(fs.readFileSync(article, 'utf8'), 'Iran and Iraq signed', 'event', { type: 'agree', actors: 'iran iraq' }));
    writeEntity(repo, 'hossein-salami.yaml', 'id: hossein-salami\nname: Hossein Salami\ntype: person\n');
    git(repo, 'add', '.');
    git(repo, 'commit', '-q', '-m', 'B: a claim, an event and Hossein Salami');

    git(repo, 'checkout', '-q', 'analyst-a');
    git(repo, 'merge', '-q', '--no-edit', 'analyst-b');
    const merged = fs.readFileSync(article, 'utf8');
    assert.doesNotMatch(merged, /^(<<<<<<<|=======|>>>>>>>)/m);
    const spans = parseMarkup(merged).spans;
    assert.deepEqual(
      spans.map((s) => [s.kind, s.attributes.by ?? s.attributes.type]),
      [
        ['event', 'agree'],
        ['claim', 'ali-larijani'],
        ['claim', 'hossein-salami'],
      ],
    );
    assert.equal(new Set(spans.map((s) => s.id)).size, 3);
    for (const s of spans) assert.match(s.id ?? '', /^[ce][0-9a-z]{8}$/);
    assert.deepEqual(fs.readdirSync(path.join(repo, 'entities')).sort(), ['ali-larijani.yaml', 'hossein-salami.yaml', 'iran.yaml', 'iraq.yaml']);

    const check = cli(repo, 'check');
    assert.equal(check.status, 0, check.stdout + check.stderr);
    assert.equal(check.stdout, '');
  });

  it('reports a duplicate ID after a merge at both places; fix --ids renumbers the later one, only its ID', () => {
    git(repo, 'checkout', '-q', '-b', 'analyst-a');
    const article = path.join(repo, 'article.md');
    // Both analysts reused one ID (copied from a colleague's note): the merge is clean, the ID is not.
    fs.writeFileSync(
      article,
      ARTICLE.replace(
        'Ali Larijani said the agreement serves both countries.',
        '[Ali Larijani said the agreement serves both countries.]{.claim #c4k2 by=iran}',
      ),
    );
    git(repo, 'commit', '-q', '-am', 'A');
    git(repo, 'checkout', '-q', 'main');
    git(repo, 'checkout', '-q', '-b', 'analyst-b');
    fs.writeFileSync(
      article,
      ARTICLE.replace('Hossein Salami said the guards would support it.', '[Hossein Salami said the guards would support it.]{.claim #c4k2 by=iraq}'),
    );
    fs.writeFileSync(path.join(repo, 'notes.md'), 'See [the agreement]{.event #c4k2 type=agree}.\n');
    git(repo, 'add', '.');
    git(repo, 'commit', '-q', '-m', 'B');
    git(repo, 'checkout', '-q', 'analyst-a');
    git(repo, 'merge', '-q', '--no-edit', 'analyst-b');

    const check = cli(repo, 'check');
    assert.equal(check.status, 1);
    assert.deepEqual(check.stdout.trim().split('\n'), [
      'article.md:5:65: error: Tag ID “c4k2” is used 2 times in this text; IDs must be unique [duplicate-tag-id]',
      'article.md:7:59: error: Tag ID “c4k2” is used 2 times in this text; IDs must be unique [duplicate-tag-id]',
      'notes.md:1:28: error: Tag ID “c4k2” is also used in article.md:5:65; IDs must be unique in the workspace [duplicate-tag-id]',
    ]);

    const before = fs.readFileSync(article, 'utf8');
    const notesBefore = fs.readFileSync(path.join(repo, 'notes.md'), 'utf8');
    const fix = cli(repo, 'fix', '--ids');
    assert.equal(fix.status, 0, fix.stderr);
    const lines = fix.stdout.trim().split('\n');
    assert.equal(lines.length, 2);
    assert.match(lines[0], /^article\.md:7:59: #c4k2 → #c[0-9a-z]{8} \(first used at article\.md:5:65\)$/);
    assert.match(lines[1], /^notes\.md:1:28: #c4k2 → #c[0-9a-z]{8} \(first used at article\.md:5:65\)$/);
    assert.equal(fix.stderr, 'Renumbered 2 tag IDs in 2 files.\n');
    const after = fs.readFileSync(article, 'utf8');
    const newId = /#c4k2 → #(c[0-9a-z]{8})/.exec(lines[0])![1];
    // Byte for byte, the old text with only the later ID replaced.
    const second = before.lastIndexOf('#c4k2') + 1;
    assert.equal(after, before.slice(0, second) + newId + before.slice(second + 4));
    assert.equal(fs.readFileSync(path.join(repo, 'notes.md'), 'utf8'), notesBefore.replace('c4k2', /#c4k2 → #(c[0-9a-z]{8})/.exec(lines[1])![1]));
    assert.equal(cli(repo, 'check').status, 0);
    // Nothing left to fix: nothing is written.
    const again = cli(repo, 'fix', '--ids');
    assert.equal(again.status, 0);
    assert.equal(again.stdout, '');
    assert.equal(again.stderr, 'No tag ID is used twice in 2 texts.\n');
    assert.equal(git(repo, 'status', '--porcelain').trimEnd().split('\n').sort().join('\n'), ' M article.md\n M notes.md');
  });

  it('fix needs --ids, and keeps a BOM and CRLF line ends', () => {
    const usage = cli(repo, 'fix');
    assert.equal(usage.status, 2);
    assert.match(usage.stderr, /“fix” needs what to fix: --ids/);
    const texts = ['\ufeff[a]{.claim #c1 by=x}\r\n[b]{.claim #c1 by=x}\r\n'];
    const [renumbering] = renumberDuplicateTagIds(
      texts.map((t) => t.slice(1)),
      () => 0.5,
    );
    assert.equal(renumbering.oldId, 'c1');
    fs.writeFileSync(path.join(repo, 'crlf.md'), texts[0]);
    const fix = cli(repo, 'fix', '--ids', 'crlf.md');
    assert.equal(fix.status, 0, fix.stderr);
    const after = fs.readFileSync(path.join(repo, 'crlf.md'), 'utf8');
    assert.match(after, /^\ufeff\[a\]\{\.claim #c1 by=x\}\r\n\[b\]\{\.claim #c[0-9a-z]{8} by=x\}\r\n$/);
  });
});
