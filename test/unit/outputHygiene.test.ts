import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { run } from '../../src/cli/main';
import { escapeMarkdown } from '../../src/core/hoverCard';
import { RegistryStore } from '../../src/core/registry';
import { jsonSafe, showBidiControls, terminalSafe } from '../../src/core/safeText';

// Issue 17, output hygiene: untrusted text never drives the terminal or hides its order, and the
// CLI does not follow symbolic links out of the folders it was given.

const ESC = '\u001b';
const RLO = '\u202e';
/** Anything a terminal acts on, or that reorders text on screen. */
// eslint-disable-next-line no-control-regex -- control characters are what it looks for
const RAW = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/;

function cli(cwd: string, ...args: string[]): { code: number; stdout: string; stderr: string } {
  let stdout = '';
  let stderr = '';
  const code = run(args, { cwd, stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), stderrIsTTY: false });
  return { code, stdout, stderr };
}

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'am-hygiene-'));
}

describe('output hygiene (issue 17)', () => {
  it('terminalSafe shows control characters and bidi controls, keeps line feeds, tabs and CRLF', () => {
    assert.equal(terminalSafe(`a${ESC}[2Jb\u0000c\u0007d\u009be\r f\r\ng\th\n`), 'a\\e[2Jb\\0c\\x07d\\u{009B}e\\r f\r\ng\th\n');
    assert.equal(terminalSafe(`x${RLO}y\u2066z\u200f\u061c`), 'x⟨U+202E⟩y⟨U+2066⟩z⟨U+200F⟩⟨U+061C⟩');
    assert.equal(terminalSafe('علی لاریجانی\u200c'), 'علی لاریجانی\u200c'); // ZWNJ is part of Persian spelling
    assert.equal(showBidiControls(`${RLO}abc`), '⟨U+202E⟩abc');
    const json = JSON.stringify({ name: `a\u0085b${RLO}c${ESC}` });
    assert.equal(jsonSafe(json), '{"name":"a\\u0085b\\u202ec\\u001b"}');
    assert.deepEqual(JSON.parse(jsonSafe(json)), JSON.parse(json)); // the same data
  });

  it('hover cards and registry diagnostics show bidi controls', () => {
    assert.match(escapeMarkdown(`Ali ${RLO}inajiraL`), /⟨U\\\+202E⟩/);
    const store = new RegistryStore();
    store.setFile('e.yaml', `entities:\n  - id: a\n    name: A\n    type: person\n    affiliations: [${RLO}nobody]\n`);
    const messages = [...store.build().diagnostics.values()].flat().map((d) => d.message);
    assert.ok(
      messages.some((m) => m.includes('⟨U+202E⟩nobody')),
      messages.join('\n'),
    );
    assert.ok(!messages.some((m) => m.includes(RLO)));
  });

  it('the CLI prints registry and text content inert: scan, check, export and import', () => {
    const dir = tempDir();
    fs.writeFileSync(
      path.join(dir, 'entities.yaml'),
      `entities:\n  - id: evil\n    name: "Evil${ESC}]0;pwned${ESC}\\\\ ${RLO}Corp"\n    type: organization\n    aliases: [Evilcorp]\n    colour: "${ESC}[2J"\n`,
    );
    fs.writeFileSync(path.join(dir, `note${ESC}[31m.md`), `Evilcorp met [them\u0000]{.claim #c1aa by=evil${RLO}}.\n`);
    for (const args of [
      ['scan', '.'],
      ['check', '.'],
      ['export', '--format', 'json', '.'],
      ['scan', '--json', '.'],
    ]) {
      const r = cli(dir, ...args);
      assert.ok(!RAW.test(r.stdout), `${args.join(' ')} stdout: ${JSON.stringify(r.stdout)}`);
      assert.ok(!RAW.test(r.stderr), `${args.join(' ')} stderr: ${JSON.stringify(r.stderr)}`);
    }
    const check = cli(dir, 'check', '.');
    assert.match(check.stdout, /note\\e\[31m\.md:1:/); // the file name, shown
    assert.match(check.stdout, /⟨U\+202E⟩/); // the id with its bidi control, shown
    const scan = cli(dir, 'scan', '.');
    assert.match(scan.stdout, /evil "Evilcorp"/);
    // Data to a pipe stays data: CSV as it is; -o too.
    const csv = cli(dir, 'export', '--format', 'csv', '.');
    assert.ok(csv.stdout.includes(RLO));
    const tty = run(['export', '--format', 'csv', '.'], {
      cwd: dir,
      stdout: (t) => assert.ok(!RAW.test(t.replace(/\r\n/g, '\n')), t),
      stderr: () => undefined,
      stderrIsTTY: false,
      stdoutIsTTY: true,
    });
    assert.equal(tty, 0);
  });

  it('the CLI does not follow symbolic links out of the folder given, unless --follow-symlinks', () => {
    const outside = tempDir();
    const root = tempDir();
    fs.writeFileSync(path.join(outside, 'secret.yaml'), 'entities:\n  - id: secret\n    name: Secret Person\n    type: person\n');
    fs.writeFileSync(path.join(outside, 'secret.md'), 'Secret Person and Inside Person.\n');
    fs.mkdirSync(path.join(root, 'notes'));
    fs.writeFileSync(path.join(root, 'entities.yaml'), 'entities:\n  - id: inside\n    name: Inside Person\n    type: person\n');
    fs.writeFileSync(path.join(root, 'notes', 'own.md'), 'Inside Person and Secret Person.\n');
    fs.symlinkSync(path.join(outside, 'secret.yaml'), path.join(root, 'notes', 'evil.entities.yaml'));
    fs.symlinkSync(path.join(outside, 'secret.md'), path.join(root, 'notes', 'linked.md'));
    fs.symlinkSync(outside, path.join(root, 'notes', 'elsewhere'));
    fs.symlinkSync(path.join(root, 'notes', 'own.md'), path.join(root, 'notes', 'inner-link.md')); // inside: followed
    fs.symlinkSync('..', path.join(root, 'notes', 'loop')); // a loop
    fs.symlinkSync(path.join(root, 'nowhere'), path.join(root, 'notes', 'broken.md'));

    const scan = cli(root, 'scan', '--json', 'notes');
    assert.equal(scan.code, 0, scan.stderr);
    const mentions = (JSON.parse(scan.stdout) as { mentions: { file: string; entityId: string }[] }).mentions;
    assert.deepEqual([...new Set(mentions.map((m) => m.file))].sort(), ['notes/inner-link.md', 'notes/own.md']);
    assert.deepEqual([...new Set(mentions.map((m) => m.entityId))], ['inside']);
    assert.match(
      scan.stderr,
      /skipped the symbolic link notes\/evil\.entities\.yaml: it leads out of the folder given, to .*secret\.yaml \(--follow-symlinks follows it\)/,
    );
    assert.match(scan.stderr, /skipped the symbolic link notes\/linked\.md: it leads out/);
    assert.match(scan.stderr, /skipped the symbolic link notes\/elsewhere: it leads out/);
    assert.match(scan.stderr, /skipped the symbolic link notes\/loop: it leads back into a folder already read \(a loop\)/);
    assert.match(scan.stderr, /skipped the symbolic link notes\/broken\.md: it is broken/);

    const followed = cli(root, 'scan', '--json', '--follow-symlinks', 'notes');
    assert.equal(followed.code, 0, followed.stderr);
    const all = (JSON.parse(followed.stdout) as { mentions: { file: string; entityId: string }[] }).mentions;
    assert.ok(
      all.some((m) => m.entityId === 'secret'),
      'the linked registry is read',
    );
    assert.ok(all.some((m) => m.file === 'notes/linked.md'));
    assert.ok(all.some((m) => m.file === 'notes/elsewhere/secret.md'));
    assert.match(followed.stderr, /notes\/loop: it leads back/); // still cut, never walked forever
  });

  it('a symbolic link loop of folders ends', () => {
    const root = tempDir();
    fs.mkdirSync(path.join(root, 'a', 'b'), { recursive: true });
    fs.symlinkSync(path.join(root, 'a'), path.join(root, 'a', 'b', 'up'));
    fs.symlinkSync(path.join(root, 'a', 'b'), path.join(root, 'a', 'down'));
    fs.writeFileSync(path.join(root, 'a', 'b', 'x.md'), 'Nothing.\n');
    for (const extra of [[], ['--follow-symlinks']]) {
      const r = cli(root, 'check', ...extra, '.');
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stderr, /0 errors, 0 warnings in 0 registry files and 1 text\n/);
      assert.equal(r.stderr.match(/it leads back into a folder already read \(a loop\)/g)?.length, 1, r.stderr); // noted once
    }
  });
});

describe('keys from input name no prototype members (issue 17)', () => {
  it('language ids, CAMEO codes', async () => {
    const { filesGlob } = await import('../../src/core/languageFiles');
    const { cameoPlaceName, describeCameoCode } = await import('../../src/core/cameoCodes');
    assert.equal(filesGlob(['constructor', 'toString', '__proto__']), undefined);
    assert.equal(filesGlob(['markdown', 'constructor']), '**/*.{md,markdown}');
    for (const code of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
      assert.equal(cameoPlaceName(code), undefined, code);
      assert.equal(typeof describeCameoCode(code).title, 'string');
    }
  });
});
