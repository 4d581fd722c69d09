// A minimal bridge from integration tests (extension host) to the workbench page (Playwright), for
// what the VS Code API does not show, e.g. whether a walkthrough step is checked. A test logs
//   ANALYST_MARKUP_DOM_QUERY {"file": "/tmp/…json", "expression": "…"}
// (test/integration/workbenchDom.ts); the runner evaluates the expression in the page and writes
// {"value": …} or {"error": "…"} to that file, which the test polls. Test runs only.

import fs from 'node:fs';

export const DOM_MARKER = 'ANALYST_MARKUP_DOM_QUERY';

export function answerDomQuery(page, line) {
  let query;
  try {
    query = JSON.parse(line.slice(line.indexOf(DOM_MARKER) + DOM_MARKER.length).trim());
  } catch {
    return;
  }
  if (typeof query?.file !== 'string' || typeof query?.expression !== 'string') return;
  const write = (answer) => {
    fs.writeFileSync(`${query.file}.part`, JSON.stringify(answer));
    fs.renameSync(`${query.file}.part`, query.file);
  };
  page.evaluate(query.expression).then(
    (value) => write({ value: value ?? null }),
    (error) => write({ error: String(error?.message || error) }),
  );
}
