// A small HTTP bridge that lets integration tests (which run inside VS Code's extension host and
// cannot see the workbench's DOM) query and drive the DOM of a webview through Playwright.
// scripts/run-integration.mjs starts it on 127.0.0.1 and hands its URL to VS Code in the
// environment variable ANALYST_MARKUP_WEBVIEW_BRIDGE; test/integration/webviewBridge.ts is the
// client.
//
// Protocol: POST / with a JSON body
//   { "view": "<value of the webview body's data-analyst-view>", "op": OP, "selector": CSS, ... }
// OP is one of
//   count                     → number of elements matching selector
//   texts                     → their textContent, as an array
//   attribute  name           → the first match's attribute `name` (null when absent)
//   click | dblclick | focus  → on the first match
//   press      key            → focuses the first match and presses `key` (Playwright key names)
//   evaluate   expression     → the value of a JavaScript expression in the webview's frame
//                               (JSON-serialisable; for checks the other operations cannot make)
// Answers { "ok": true, "value": … } or { "ok": false, "error": "…" } (HTTP 200 either way).
// Webviews live in nested iframes; the bridge looks through page.frames() for the one whose body
// carries data-analyst-view=<view>, waiting up to `timeoutMs` (default 10 s) for it to appear.

import http from 'node:http';

const OPS = new Set(['count', 'texts', 'attribute', 'click', 'dblclick', 'focus', 'press', 'evaluate']);

async function findFrame(page, view, timeoutMs) {
  const started = Date.now();
  for (;;) {
    for (const frame of page.frames()) {
      try {
        const found = await frame.evaluate((v) => document.body?.getAttribute('data-analyst-view') === v, view);
        if (found) return frame;
      } catch {
        /* a frame that is navigating or cross-process: try the next */
      }
    }
    if (Date.now() - started > timeoutMs) throw new Error(`no webview frame with data-analyst-view="${view}" within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function perform(page, request) {
  const { view, op, selector, key, name, expression } = request;
  if (typeof view !== 'string' || !OPS.has(op)) throw new Error(`bad request: view must be a string and op one of ${[...OPS].join(', ')}`);
  const frame = await findFrame(page, view, Number(request.timeoutMs) || 10000);
  if (op === 'evaluate') {
    if (typeof expression !== 'string') throw new Error('evaluate needs an expression');
    return frame.evaluate((source) => (0, eval)(source), expression);
  }
  if (typeof selector !== 'string') throw new Error(`${op} needs a selector`);
  const locator = frame.locator(selector);
  switch (op) {
    case 'count':
      return locator.count();
    case 'texts':
      return locator.allTextContents();
    case 'attribute':
      return locator.first().getAttribute(String(name));
    case 'click':
      await locator.first().click();
      return true;
    case 'dblclick':
      await locator.first().dblclick();
      return true;
    case 'focus':
      await locator.first().focus();
      return true;
    case 'press':
      await locator.first().press(String(key));
      return true;
  }
  return undefined;
}

/**
 * Starts the bridge. `getPage()` returns the Playwright page of the workbench (it may not exist
 * yet when the server starts). Resolves { url, close }.
 */
export function startWebviewBridge(getPage) {
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
      if (body.length > 1_000_000) req.destroy();
    });
    req.on('end', async () => {
      let answer;
      try {
        const page = getPage();
        if (!page) throw new Error('the workbench page is not open yet');
        answer = { ok: true, value: await perform(page, JSON.parse(body)) };
      } catch (error) {
        answer = { ok: false, error: String(error?.message ?? error) };
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(answer ?? { ok: true, value: null }));
    });
  });
  return new Promise((resolve, reject) => {
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      resolve({ url: `http://127.0.0.1:${port}/`, close: () => new Promise((r) => server.close(() => r())) });
    });
  });
}
