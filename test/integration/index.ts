// extensionTestsPath module for the integration suite (compiled by `tsc -p tsconfig.test.json`
// to out/test/integration/index.js). VS Code (desktop via @vscode/test-electron, or code-server
// via scripts/run-integration.mjs) loads it in the extension host and calls run().
//
// Every `*.test.js` file next to this module is run with mocha (bdd: describe/it). The last
// thing printed is one line
//   ANALYST_MARKUP_TEST_RESULT {"passed":N,"failed":M,"pending":K}
// that the runners parse. run() rejects when a test failed (VS Code then exits with code 1).
//
// ANALYST_MARKUP_GREP (environment of the runner) restricts the run to matching tests.
// ANALYST_MARKUP_BENCH=1 runs the editor timings benchmark (bench/editorTimings.ts) instead: it
// prints `ANALYST_MARKUP_BENCH {json}`, then the result line (passed 1, or failed 1 on an error).
import * as fs from 'fs';
import * as path from 'path';
import Mocha = require('mocha');

export const RESULT_MARKER = 'ANALYST_MARKUP_TEST_RESULT';

interface Counts {
  passed: number;
  failed: number;
  pending: number;
}

export function run(): Promise<void> {
  // `npm run bench:editor`: the editor timings (bench/editorTimings.ts) instead of the tests.
  if (process.env.ANALYST_MARKUP_BENCH === '1') return runBenchmark();
  // scripts/bench-views.mjs: the timeline and network views' timings (bench/viewTimings.ts).
  if (process.env.ANALYST_MARKUP_BENCH === 'views') return runBenchmark('views');
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 20000 });
  // The runner's environment reaches the extension host (code-server and test-electron alike).
  const grep = process.env.ANALYST_MARKUP_GREP;
  if (grep) {
    console.log(`[analyst-markup tests] grep: ${grep}`);
    mocha.grep(grep);
  }

  const files = fs
    .readdirSync(__dirname)
    .filter((f) => f.endsWith('.test.js'))
    .sort();
  for (const f of files) mocha.addFile(path.join(__dirname, f));

  return new Promise<void>((resolve, reject) => {
    const counts: Counts = { passed: 0, failed: 0, pending: 0 };
    const report = () => console.log(`${RESULT_MARKER} ${JSON.stringify(counts)}`);
    let runner: Mocha.Runner | undefined;
    try {
      runner = mocha.run((failures) => {
        const stats = runner?.stats;
        counts.passed = stats?.passes ?? 0;
        counts.failed = stats?.failures ?? failures;
        counts.pending = stats?.pending ?? 0;
        report();
        if (counts.failed > 0) reject(new Error(`${counts.failed} integration test(s) failed`));
        else resolve();
      });
    } catch (err) {
      // e.g. a test file that throws while loading
      console.error(err);
      counts.failed = Math.max(counts.failed, 1);
      report();
      reject(err instanceof Error ? err : new Error(String(err)));
    }
  });
}

/** Prints the benchmark's `ANALYST_MARKUP_BENCH {json}` line and a result line for the runner. */
async function runBenchmark(which: 'editor' | 'views' = 'editor'): Promise<void> {
  const counts: Counts = { passed: 0, failed: 0, pending: 0 };
  let failure: unknown;
  try {
    // Loaded only here: the test run never loads the benchmark.
    const bench = which === 'views' ? await import('./bench/viewTimings') : await import('./bench/editorTimings');
    let result: Record<string, unknown>;
    if ('runViewTimings' in bench) result = await bench.runViewTimings();
    else {
      // ANALYST_MARKUP_BENCH_LOAD=only: the load alone (it takes minutes at full size).
      result = process.env.ANALYST_MARKUP_BENCH_LOAD === 'only' ? {} : await bench.runEditorTimings();
      // Issue 15's load: many entities one file each, 200 editors, a branch switch (ANALYST_MARKUP_BENCH_LOAD=0 skips it).
      if (process.env.ANALYST_MARKUP_BENCH_LOAD !== '0')
        result.load = await (await import('./bench/loadTimings')).runLoadTimings((s) => console.log(`[bench] ${s}`));
    }
    console.log(`${bench.BENCH_MARKER} ${JSON.stringify(result)}`);
    if (result.error) throw new Error(`the editor benchmark stopped early: ${String(result.error)}`);
    counts.passed = 1;
  } catch (err) {
    console.error(err);
    counts.failed = 1;
    failure = err;
  }
  console.log(`${RESULT_MARKER} ${JSON.stringify(counts)}`);
  if (failure) throw failure instanceof Error ? failure : new Error(String(failure));
}
