// `npm run eval` (scripts/eval.mjs) on a tiny gold directory: how it counts, and that a gold `to`
// the demo registry lacks is an error (exit 1).
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** The project root, from out/test/unit. */
const ROOT = path.resolve(__dirname, '../../..');

function runEval(files: Record<string, string>): { status: number | null; stdout: string; stderr: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'eval-test-'));
  try {
    for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
    const run = spawnSync(process.execPath, [path.join(ROOT, 'scripts/eval.mjs'), '--json', '--only', 'demo', '--gold', dir], { encoding: 'utf8' });
    return { status: run.status, stdout: run.stdout, stderr: run.stderr };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe('npm run eval', () => {
  it('scores exact-range matches: correct, a false hit on to=none, an unjudged hit', () => {
    const run = runEval({
      'doc.txt':
        'Date: 2025-08-20\n\n' +
        '[Ali Larijani]{.ref to=ali-larijani} visited [Baghdad]{.ref to=baghdad}.\n' +
        '[Larijani]{.ref to=ali-larijani} met [Hariri]{.ref to=none}’s envoy in Iraq.\n',
    });
    assert.equal(run.status, 0, run.stderr);
    const lines = run.stdout.trim().split('\n');
    assert.equal(lines.length, 1, 'one JSON line');
    const [demo] = JSON.parse(lines[0]).registries;
    assert.deepEqual(demo.gold, { mentions: 4, withEntity: 3, none: 1, noCounterpart: 0 });
    assert.equal(demo.system.unjudged, 1); // Iraq, which the gold does not annotate
    assert.deepEqual({ correct: demo.resolved.correct, wrong: demo.resolved.wrong }, { correct: 3, wrong: 1 });
    assert.equal(demo.resolved.precision, 0.75);
    assert.equal(demo.recall, 1);
    assert.equal(demo.byRule.coreference.correct, 1);
    assert.equal(demo.byRule.unique.wrong, 1); // Hariri → saad-hariri
  });

  it('exits 1 on a gold id the demo registry lacks', () => {
    const run = runEval({ 'bad.txt': 'Date: 2025-01-01\n\n[Iran]{.ref to=no-such-entity} said.\n' });
    assert.equal(run.status, 1);
    assert.match(run.stderr, /no-such-entity, not an id of the demo registry/);
  });
});
