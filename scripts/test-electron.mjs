#!/usr/bin/env node
// Runs the integration suite in desktop VS Code through @vscode/test-electron — for machines
// with internet access (it downloads VS Code from Microsoft's update servers into .vscode-test/).
// Offline, use scripts/run-integration.mjs (code-server) instead; that is what `npm test` runs.
//
//   npm run test:electron         (builds, compiles the tests, then runs this)
//
// Environment:
//   VSCODE_TEST_VERSION   VS Code version to download (default: "stable"; e.g. "1.100.3")
//   ANALYST_MARKUP_GREP   only run tests whose full title matches (mocha grep)
//   --keep                keep the temporary workspace copy
// On Linux without a display, run it under xvfb: `xvfb-run -a npm run test:electron`.

import fs from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import { runTests } from '@vscode/test-electron';
import { PROJECT_DIR } from './provision-vscode.mjs';
import { prepareTestDirs, RESULT_MARKER } from './run-integration.mjs';

const keep = process.argv.includes('--keep');
const extensionDevelopmentPath = PROJECT_DIR;
const extensionTestsPath = path.join(PROJECT_DIR, 'out', 'test', 'integration', 'index.js');

if (!fs.existsSync(extensionTestsPath)) {
  console.error(`${extensionTestsPath} does not exist: run \`npm run compile-tests\` first`);
  process.exit(1);
}

const { workspace, userDataDir, extensionsDir, cleanup } = prepareTestDirs({ keep, prefix: 'analyst-markup-electron-' });
if (keep) console.error(`[test-electron] workspace ${workspace} (kept)`);

// The extension host's console output is relayed to our stdout: pick up the result line.
let result = null;
let pending = '';
const write = process.stdout.write.bind(process.stdout);
process.stdout.write = (chunk, ...rest) => {
  pending += chunk.toString();
  const lines = pending.split('\n');
  pending = lines.pop();
  for (const line of lines) {
    const i = line.indexOf(RESULT_MARKER);
    if (i >= 0) {
      try {
        result = JSON.parse(line.slice(i + RESULT_MARKER.length).trim());
      } catch {
        /* ignore */
      }
    }
  }
  return write(chunk, ...rest);
};

let exitCode;
try {
  exitCode = await runTests({
    version: process.env.VSCODE_TEST_VERSION || 'stable',
    extensionDevelopmentPath,
    extensionTestsPath,
    launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', `--user-data-dir=${userDataDir}`, `--extensions-dir=${extensionsDir}`],
    extensionTestsEnv: process.env.ANALYST_MARKUP_GREP ? { ANALYST_MARKUP_GREP: process.env.ANALYST_MARKUP_GREP } : undefined,
  });
} catch (err) {
  exitCode = typeof err?.code === 'number' && err.code !== 0 ? err.code : 1;
  console.error(`[test-electron] ${err?.message || err}`);
} finally {
  cleanup();
}

if (result) {
  const file = path.join(PROJECT_DIR, 'out', 'integration-result.json');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify({ ...result, exitCode, runner: 'test-electron' }, null, 2) + '\n');
} else {
  console.error(`[test-electron] no ${RESULT_MARKER} line was printed`);
  if (exitCode === 0) exitCode = 1;
}
process.exit(exitCode);
