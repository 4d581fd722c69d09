// Runs in VS Code started with `--locale fa` (scripts/run-integration.mjs --locale fa), with the
// installed .vsix: the manifest's strings come from package.nls.fa.json, the messages from
// l10n/bundle.l10n.fa.json.
import * as assert from 'assert';
import * as vscode from 'vscode';

const EXTENSION_ID = 'analyst-markup.analyst-markup';

describe('Persian (VS Code --locale fa)', () => {
  it('runs in the fa locale', () => {
    assert.strictEqual(vscode.env.language, 'fa');
  });

  it('reads the contributed strings from package.nls.fa.json', () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension);
    type Localised = string | { value: string; original: string };
    const contributes = (extension.packageJSON as { contributes: { commands: { command: string; title: Localised }[]; walkthroughs: { title: Localised }[] } })
      .contributes;
    // VS Code keeps the English of a translated command title beside it (the palette searches both).
    const title = (id: string) => contributes.commands.find((c) => c.command === id)?.title;
    assert.deepStrictEqual(title('analystMarkup.tagClaim'), { value: 'برچسب زدن گزینش به‌عنوان ادعا…', original: 'Tag Selection as Claim…' });
    assert.deepStrictEqual(title('analystMarkup.exportTags'), { value: 'برون‌بری ادعاها و رویدادها…', original: 'Export Claims and Events…' });
    assert.strictEqual(contributes.walkthroughs[0].title, 'آغاز کار با Analyst Markup');
  });

  it('shows its messages from l10n/bundle.l10n.fa.json (the status bar)', async () => {
    const extension = vscode.extensions.getExtension<{ ready: Promise<void> }>(EXTENSION_ID);
    assert.ok(extension);
    await (
      await extension.activate()
    ).ready;
    const started = Date.now();
    let text = '';
    while (Date.now() - started < 10000) {
      text = (await vscode.commands.executeCommand<string>('analystMarkup.internal.statusBar')) ?? '';
      if (/\d/.test(text)) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.match(text, /^\$\(organization\) \d+ موجودیت/);
  });
});
