// A real client: Debian's Neovim, headless, with the Lua setup of test/lsp/nvim/attach.lua
// (the one docs/editors.md gives). It attaches `analyst-markup lsp`, opens a fixture article and
// checks hover text, definition, references, the diagnostics of a broken registry file and a
// code action applied; it exits with a status this test reads. scripts/dev.sh installs neovim.

import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { findMentions } from '../../src/core/mentions';
import { RegistryStore } from '../../src/core/registry';
import { CLI, copyWorkspace, expectedTokens, ROOT, uriOf } from './client';

type DecodedToken = ReturnType<typeof expectedTokens>[number] & { text: string };

describe('language server in headless Neovim', function () {
  this.timeout(90000);

  it('hover, definition, references, registry diagnostics and a code action, seen by Neovim’s LSP client', () => {
    const which = spawnSync('nvim', ['--version'], { encoding: 'utf8' });
    assert.equal(which.status, 0, 'Neovim is a test prerequisite: bash scripts/dev.sh installs it (apt-get install neovim)');
    const folder = copyWorkspace();
    try {
      const brokenLines = ['entities:', '  - id: tehran', '    name: Tehran', '    type: city'];
      fs.writeFileSync(path.join(folder, 'broken.entities.yaml'), `${brokenLines.join('\n')}\n`);
      const registryText = fs.readFileSync(path.join(folder, 'entities.yaml'), 'utf8');
      const store = new RegistryStore();
      store.setFile(uriOf(path.join(folder, 'entities.yaml')), registryText);
      // The server reads the broken file too: so does the registry the tokens are expected from.
      const tokensStore = new RegistryStore();
      tokensStore.setFile(uriOf(path.join(folder, 'entities.yaml')), registryText);
      tokensStore.setFile(uriOf(path.join(folder, 'broken.entities.yaml')), `${brokenLines.join('\n')}\n`);
      const tokensRegistry = tokensStore.build();
      const registry = store.build();
      let references = 0;
      for (const name of fs.readdirSync(path.join(folder, 'articles'))) {
        references += findMentions(registry, fs.readFileSync(path.join(folder, 'articles', name), 'utf8')).filter((m) => m.entityId === 'ali-larijani').length;
      }
      const resultFile = path.join(folder, 'nvim-result.json');
      const run = spawnSync('nvim', ['--headless', '-n', '-i', 'NONE', '--noplugin', '-u', path.join(ROOT, 'test', 'lsp', 'nvim', 'attach.lua')], {
        cwd: folder,
        encoding: 'utf8',
        timeout: 80000,
        env: {
          ...process.env,
          AM_WORKSPACE: folder,
          AM_NODE: process.execPath,
          AM_CLI: CLI,
          AM_RESULT: resultFile,
          AM_ID_LINE: String(registryText.split('\n').findIndex((l) => l.includes('id: ali-larijani'))),
          AM_REFERENCES: String(references),
          AM_BROKEN_LINE: String(brokenLines.findIndex((l) => l.includes('type: city'))),
        },
      });
      const result = fs.existsSync(resultFile)
        ? (JSON.parse(fs.readFileSync(resultFile, 'utf8')) as {
            checks: { name: string; ok: boolean; detail?: string }[];
            error?: string;
            references?: number;
            codeActions?: string[];
            semanticTokens?: DecodedToken[];
            ambiguousTokens?: DecodedToken[];
          })
        : undefined;
      assert.ok(result, `Neovim wrote no result (exit ${run.status}, signal ${run.signal}):\n${run.stdout}\n${run.stderr}`);
      const failedChecks = result.checks.filter((c) => !c.ok);
      assert.deepEqual(failedChecks, [], JSON.stringify(result, null, 2));
      assert.equal(result.error, undefined);
      assert.equal(run.status, 0, `Neovim's exit status: ${run.status}\n${run.stderr}`);
      assert.ok(result.checks.length >= 12, `${result.checks.length} checks ran`);
      assert.equal(result.references, references);
      // Semantic tokens through Neovim 0.7's client, decoded with the legend it received: the
      // mentions the core finds (type per entity type, the office and ambiguous modifiers), each
      // covering the mention's text in the buffer.
      for (const [file, tokens] of [
        ['security-pact.md', result.semanticTokens],
        ['ambiguous.txt', result.ambiguousTokens],
      ] as const) {
        const text = fs.readFileSync(path.join(folder, 'articles', file), 'utf8');
        const expected = expectedTokens(tokensRegistry, text);
        assert.deepEqual(
          tokens?.map(({ text: _covered, ...token }) => token),
          expected,
          file,
        );
        const lines = text.split('\n');
        assert.deepEqual(
          (tokens ?? []).map((t) => t.text),
          expected.map((t) => lines[t.line].slice(t.character, t.character + t.length)),
        );
      }
      assert.ok(result.semanticTokens!.some((t) => t.modifiers.includes('office')) && result.semanticTokens!.length >= 8);
      assert.deepEqual(
        result.ambiguousTokens!.map((t) => [t.text, t.modifiers.join()]),
        [['Larijani', 'ambiguous']],
      );
      if (process.env.AM_SHOW_NVIM) console.log(JSON.stringify(result, null, 1));
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });
});
