// Evaluates an expression in the workbench page (the runner's Playwright page), for what the VS Code
// API does not expose. See scripts/dom-bridge.mjs; the runner answers through a file.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const DOM_MARKER = 'ANALYST_MARKUP_DOM_QUERY';
let queries = 0;

export async function evaluateInWorkbench<T>(expression: string, timeoutMs = 10000): Promise<T> {
  const file = path.join(os.tmpdir(), `analyst-markup-dom-${process.pid}-${++queries}.json`);
  fs.rmSync(file, { force: true });
  console.log(`${DOM_MARKER} ${JSON.stringify({ file, expression })}`);
  const started = Date.now();
  while (!fs.existsSync(file)) {
    if (Date.now() - started > timeoutMs)
      throw new Error(`no answer from the workbench page within ${timeoutMs} ms (is the test run by scripts/run-integration.mjs?)`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const answer = JSON.parse(fs.readFileSync(file, 'utf8')) as { value?: T; error?: string };
  fs.rmSync(file, { force: true });
  if (answer.error !== undefined) throw new Error(`in the workbench page: ${answer.error}`);
  return answer.value as T;
}
