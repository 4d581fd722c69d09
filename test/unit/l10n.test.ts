// The extension's messages are localisable (vscode.l10n.t, l10n/bundle.l10n.*.json): the English
// bundle holds exactly the strings the code asks for, as Microsoft's own extractor
// (@vscode/l10n-dev) finds them in the compiled sources, and no message reaches the user as a
// bare string literal.

import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { getL10nJson } from '@vscode/l10n-dev';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const COMPILED = path.join(ROOT, 'out', 'src');
const SOURCES = path.join(ROOT, 'src');

function filesBelow(dir: string, extension: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...filesBelow(full, extension));
    else if (entry.name.endsWith(extension)) out.push(full);
  }
  return out.sort();
}

function bundle(name: string): Record<string, string> {
  return JSON.parse(fs.readFileSync(path.join(ROOT, 'l10n', name), 'utf8')) as Record<string, string>;
}

describe('localisation (l10n/bundle.l10n.json)', () => {
  it('holds exactly the messages the code asks vscode.l10n.t for (run npm run l10n after changing them)', async function () {
    this.timeout(60000);
    const files = filesBelow(COMPILED, '.js').map((file) => ({ extension: '.js', contents: fs.readFileSync(file, 'utf8') }));
    const extracted = await getL10nJson(files);
    const wanted = Object.keys(extracted).sort();
    const have = Object.keys(bundle('bundle.l10n.json')).sort();
    assert.ok(wanted.length > 50, `the extractor found ${wanted.length} messages`);
    assert.deepStrictEqual({ missing: wanted.filter((k) => !have.includes(k)), stale: have.filter((k) => !wanted.includes(k)) }, { missing: [], stale: [] });
  });

  it('each translation translates a message the code asks for, keeping its {0} placeholders', () => {
    const english = bundle('bundle.l10n.json');
    for (const name of fs.readdirSync(path.join(ROOT, 'l10n')).filter((n) => /^bundle\.l10n\.[a-z-]+\.json$/i.test(n))) {
      for (const [key, value] of Object.entries(bundle(name))) {
        assert.ok(Object.prototype.hasOwnProperty.call(english, key), `${name}: ${JSON.stringify(key)} is not a message of the code`);
        const placeholders = (s: string) => (s.match(/\{\d+\}/g) ?? []).sort().join(' ');
        assert.strictEqual(placeholders(value), placeholders(key), `${name}: ${JSON.stringify(key)}`);
      }
    }
  });

  it('no message, dialog title or picker text in the VS Code layer is a bare string literal', () => {
    // The first argument of a notification, or a title/prompt/placeholder/label of a dialog or picker.
    const bare = /show(?:Error|Warning|Information)Message\(\s*[`'"]|\b(?:title|placeHolder|prompt|saveLabel|openLabel|detail): [`'"]/;
    const found: string[] = [];
    for (const file of [
      ...filesBelow(path.join(SOURCES, 'vscode'), '.ts'),
      ...filesBelow(path.join(SOURCES, 'web'), '.ts'),
      path.join(SOURCES, 'extension.ts'),
    ]) {
      fs.readFileSync(file, 'utf8')
        .split('\n')
        .forEach((line, k) => {
          // A command's title on a tree item or code action is never shown (the item's own label is).
          if (bare.test(line) && !/command: |\bcommand\b.*title: /.test(line)) found.push(`${path.relative(ROOT, file)}:${k + 1}: ${line.trim()}`);
        });
    }
    assert.deepStrictEqual(found, []);
  });
});
