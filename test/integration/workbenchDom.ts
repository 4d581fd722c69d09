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

/** What the workbench's quick input shows (a picker, an input box, code-server's file dialog). */
export interface QuickInputState {
  visible: boolean;
  title: string;
  placeholder: string;
  value: string;
  rows: number;
  /** The focused row's accessible label. */
  active: string;
}

export function quickInput(): Promise<QuickInputState> {
  return evaluateInWorkbench<QuickInputState>(`(() => {
    const widget = document.querySelector('.quick-input-widget');
    const input = widget?.querySelector('.quick-input-box input');
    const rows = widget ? [...widget.querySelectorAll('.quick-input-list .monaco-list-row')] : [];
    return {
      visible: !!widget && widget.style.display !== 'none',
      title: widget?.querySelector('.quick-input-title')?.textContent ?? '',
      placeholder: input?.getAttribute('placeholder') ?? '',
      value: input?.value ?? '',
      rows: rows.length,
      active: rows.find((r) => r.classList.contains('focused'))?.getAttribute('aria-label') ?? '',
    };
  })()`);
}

/** Whether two quick input states show different prompts (or the same prompt with a new proposal). */
export function isNewPrompt(now: QuickInputState, before: QuickInputState | undefined): boolean {
  if (!now.visible) return false;
  if (!before?.visible) return true;
  // Not the rows: a file dialog lists its folder after it shows.
  return now.title !== before.title || now.placeholder !== before.placeholder || now.value !== before.value;
}
