// A real client: Debian's Emacs 28.2 with eglot 1.9 (elpa-eglot), in batch mode, running the
// setup of docs/editors.md from test/lsp/emacs/attach.el. It attaches `analyst-markup lsp` to a
// fixture article in markdown-mode and checks the hover text eldoc shows, where M-. goes, the
// references M-? lists, the Flymake diagnostics of a broken registry file in yaml-mode, and a
// code action picked from eglot-code-actions; it exits with a status this test reads.
// scripts/dev.sh installs emacs-nox, elpa-eglot, elpa-markdown-mode and elpa-yaml-mode.

import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { findMentions } from '../../src/core/mentions';
import { RegistryStore } from '../../src/core/registry';
import { CLI, copyWorkspace, ROOT, uriOf } from './client';

describe('language server in Emacs (eglot, batch mode)', function () {
  this.timeout(120000);

  it('hover, definition, references, registry diagnostics in Flymake and a code action, seen by eglot', () => {
    const which = spawnSync('emacs', ['--version'], { encoding: 'utf8' });
    assert.equal(
      which.status,
      0,
      'Emacs is a test prerequisite: bash scripts/dev.sh installs it (apt-get install emacs-nox elpa-eglot elpa-markdown-mode elpa-yaml-mode)',
    );
    const folder = copyWorkspace();
    try {
      // eglot takes the workspace folder from the project (project.el: version control).
      const git = spawnSync('git', ['init', '-q'], { cwd: folder, encoding: 'utf8' });
      assert.equal(git.status, 0, git.stderr);
      const brokenLines = ['entities:', '  - id: tehran', '    name: Tehran', '    type: city'];
      fs.writeFileSync(path.join(folder, 'broken.entities.yaml'), `${brokenLines.join('\n')}\n`);
      const registryText = fs.readFileSync(path.join(folder, 'entities.yaml'), 'utf8');
      const store = new RegistryStore();
      store.setFile(uriOf(path.join(folder, 'entities.yaml')), registryText);
      const registry = store.build();
      let mentions = 0;
      for (const name of fs.readdirSync(path.join(folder, 'articles'))) {
        mentions += findMentions(registry, fs.readFileSync(path.join(folder, 'articles', name), 'utf8')).filter((m) => m.entityId === 'ali-larijani').length;
      }
      const resultFile = path.join(folder, 'emacs-result.json');
      const run = spawnSync('emacs', ['--batch', '-q', '-l', path.join(ROOT, 'test', 'lsp', 'emacs', 'attach.el')], {
        cwd: folder,
        encoding: 'utf8',
        timeout: 110000,
        env: {
          ...process.env,
          HOME: folder, // no user init, packages or eglot state of whoever runs the tests
          AM_WORKSPACE: folder,
          AM_NODE: process.execPath,
          AM_CLI: CLI,
          AM_RESULT: resultFile,
          AM_ID_LINE: String(registryText.split('\n').findIndex((l) => l.includes('id: ali-larijani'))),
          // eglot asks for references with includeDeclaration: the registry entry comes too.
          AM_REFERENCES: String(mentions + 1),
          AM_BROKEN_LINE: String(brokenLines.findIndex((l) => l.includes('type: city'))),
        },
      });
      const result = fs.existsSync(resultFile)
        ? (JSON.parse(fs.readFileSync(resultFile, 'utf8')) as {
            checks: { name: string; ok: boolean; detail?: string }[];
            error?: string;
            references?: number;
            hover?: string;
            afterCodeAction?: string;
          })
        : undefined;
      assert.ok(result, `Emacs wrote no result (exit ${run.status}, signal ${run.signal}):\n${run.stdout}\n${run.stderr}`);
      assert.equal(result.error, undefined, `${result.error}\n${run.stderr}`);
      const failedChecks = result.checks.filter((c) => !c.ok);
      assert.deepEqual(failedChecks, [], JSON.stringify(result, null, 2));
      assert.equal(run.status, 0, `Emacs's exit status: ${run.status}\n${run.stderr}`);
      assert.ok(result.checks.length >= 13, `${result.checks.length} checks ran`);
      assert.equal(result.references, mentions + 1);
      assert.ok(mentions >= 3, `${mentions} mentions of Ali Larijani in the fixture articles`);
      // The setup registers nothing eglot did not ask for (it warned about workspace/didChangeConfiguration).
      assert.doesNotMatch(run.stderr, /unsupported capability/);
      if (process.env.AM_SHOW_EMACS) console.log(JSON.stringify(result, null, 1), run.stderr);
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });
});
