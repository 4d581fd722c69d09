// extensionTestsPath module of the web smoke suite: bundled for the browser by
// scripts/run-web-tests.mjs (out/web-test/index.js) and run by VS Code's web worker extension
// host, which calls run() and exits with 1 when it rejects. The test files are imported here
// (a worker cannot list or require files); each registers its suites with the runner.
import { runAndReport } from './runner';
import './web.test';

export function run(): Promise<void> {
  return runAndReport();
}
