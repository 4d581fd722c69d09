// extensionTestsPath module of the activation check (scripts/test-all.mjs, stage "activation"):
// VS Code starts with the installed .vsix, an empty harness extension under development and a
// workspace holding one .json file; this module runs the `*.test.js` files next to it with mocha
// and prints the runner's result line (same format as test/integration/index.ts).
import * as fs from 'fs';
import * as path from 'path';
import Mocha = require('mocha');

const RESULT_MARKER = 'ANALYST_MARKUP_TEST_RESULT';

export function run(): Promise<void> {
  return runMochaIn(__dirname);
}

/** Runs the `*.test.js` files of `dir` with mocha, printing the runner's result line. */
export function runMochaIn(dir: string): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 30000 });
  for (const f of fs
    .readdirSync(dir)
    .filter((name) => name.endsWith('.test.js'))
    .sort())
    mocha.addFile(path.join(dir, f));
  return new Promise<void>((resolve, reject) => {
    const counts = { passed: 0, failed: 0, pending: 0 };
    const report = () => console.log(`${RESULT_MARKER} ${JSON.stringify(counts)}`);
    try {
      const runner = mocha.run((failures) => {
        counts.passed = runner.stats?.passes ?? 0;
        counts.failed = runner.stats?.failures ?? failures;
        counts.pending = runner.stats?.pending ?? 0;
        report();
        if (counts.failed > 0) reject(new Error(`${counts.failed} test(s) failed`));
        else resolve();
      });
    } catch (err) {
      console.error(err);
      counts.failed = 1;
      report();
      reject(err instanceof Error ? err : new Error(String(err)));
    }
  });
}
