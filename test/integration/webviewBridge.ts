// Client of scripts/webview-bridge.mjs: the integration runner's HTTP bridge into a webview's
// DOM (the extension host cannot see the workbench). `view` is the value of the webview body's
// data-analyst-view attribute (`timeline`, `network`).

import * as assert from 'assert';

type Op = 'count' | 'texts' | 'attribute' | 'click' | 'dblclick' | 'focus' | 'press' | 'evaluate';

async function call<T>(view: string, op: Op, fields: Record<string, unknown>): Promise<T> {
  const url = process.env.ANALYST_MARKUP_WEBVIEW_BRIDGE;
  assert.ok(url, 'ANALYST_MARKUP_WEBVIEW_BRIDGE is not set: run the tests with scripts/run-integration.mjs');
  const response = await fetch(url, { method: 'POST', body: JSON.stringify({ view, op, ...fields }) });
  const answer = (await response.json()) as { ok: boolean; value?: T; error?: string };
  if (!answer.ok) throw new Error(`webview bridge (${view} ${op} ${JSON.stringify(fields)}): ${answer.error}`);
  return answer.value as T;
}

export const webview = {
  count: (view: string, selector: string) => call<number>(view, 'count', { selector }),
  texts: (view: string, selector: string) => call<string[]>(view, 'texts', { selector }),
  attribute: (view: string, selector: string, name: string) => call<string | null>(view, 'attribute', { selector, name }),
  click: (view: string, selector: string) => call<boolean>(view, 'click', { selector }),
  dblclick: (view: string, selector: string) => call<boolean>(view, 'dblclick', { selector }),
  focus: (view: string, selector: string) => call<boolean>(view, 'focus', { selector }),
  press: (view: string, selector: string, key: string) => call<boolean>(view, 'press', { selector, key }),
  evaluate: <T>(view: string, expression: string) => call<T>(view, 'evaluate', { expression }),
};
