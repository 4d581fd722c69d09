// extensionTestsPath of the Restricted Mode suite: VS Code started WITHOUT
// --disable-workspace-trust on test/fixtures/untrusted-workspace (scripts/run-integration.mjs
// --untrusted; scripts/test-all.mjs runs it as its own stage). Same protocol as
// test/integration/index.ts: every *.test.js here, then the result line.
import * as fs from 'fs';
import * as path from 'path';
import Mocha = require('mocha');
import { RESULT_MARKER } from '../integration/index';

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 20000 });
  const grep = process.env.ANALYST_MARKUP_GREP;
  if (grep) mocha.grep(grep);
  for (const f of fs
    .readdirSync(__dirname)
    .filter((name) => name.endsWith('.test.js'))
    .sort())
    mocha.addFile(path.join(__dirname, f));
  return new Promise<void>((resolve, reject) => {
    const counts = { passed: 0, failed: 0, pending: 0 };
    const report = () => console.log(`${RESULT_MARKER} ${JSON.stringify(counts)}`);
    try {
      const runner = mocha.run((failures) => {
        counts.passed = runner.stats?.passes ?? 0;
        counts.failed = runner.stats?.failures ?? failures;
        counts.pending = runner.stats?.pending ?? 0;
        report();
        if (counts.failed > 0) reject(new Error(`${counts.failed} integration test(s) failed`));
        else resolve();
      });
    } catch (err) {
      console.error(err);
      counts.failed = Math.max(counts.failed, 1);
      report();
      reject(err instanceof Error ? err : new Error(String(err)));
    }
  });
}
