// extensionTestsPath module of the locale check (scripts/test-all.mjs, stage "locale"): VS Code
// started with --locale fa, the installed .vsix and the fixture workspace.
import * as path from 'path';
import { runMochaIn } from '../activation/index';

export function run(): Promise<void> {
  return runMochaIn(path.join(__dirname));
}
