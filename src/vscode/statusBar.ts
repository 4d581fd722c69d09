// Status bar: how many entities the registry holds and how many problems its files have.
// Clicking goes to the Problems panel when there are problems, else to the registry.

import vscode = require('vscode');
import type { Registry } from '../core/registry';
import type { RegistryService } from './registryService';

export const SHOW_REGISTRY_COMMAND = 'analystMarkup.showRegistry';

export class RegistryStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('analystMarkup.registry', vscode.StatusBarAlignment.Right, 100);
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly registries: RegistryService) {
    this.item.name = 'Analyst Markup registry';
    this.item.command = SHOW_REGISTRY_COMMAND;
    this.disposables.push(
      this.item,
      registries.onDidChange((r) => this.update(r)),
      vscode.commands.registerCommand(SHOW_REGISTRY_COMMAND, () => this.show()),
    );
    // Counted once the registry has loaded (it fires onDidChange then).
    this.item.text = '$(organization) Analyst Markup';
    this.item.tooltip = vscode.l10n.t('Analyst Markup: reading the registry…');
    this.item.show();
  }

  get text(): string {
    return this.item.text;
  }

  private update(registry: Registry): void {
    const problems = registry.errorCount + registry.warningCount;
    const count = registry.entities.size;
    this.item.text =
      `$(organization) ${count === 1 ? vscode.l10n.t('1 entity') : vscode.l10n.t('{0} entities', count)}` + (problems > 0 ? ` $(warning) ${problems}` : '');
    this.item.backgroundColor = registry.errorCount > 0 ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    const tooltip = new vscode.MarkdownString();
    tooltip.appendMarkdown(`**${vscode.l10n.t('Analyst Markup registry')}**\n\n`);
    tooltip.appendText(vscode.l10n.t('{0} entities from {1} registry file(s)', count, registry.files.length));
    if (problems > 0) tooltip.appendText(vscode.l10n.t(', {0} error(s) and {1} warning(s): click to see them.', registry.errorCount, registry.warningCount));
    else if (registry.files.length === 0) tooltip.appendText(vscode.l10n.t('. No registry file found: create entities.yaml in the workspace.'));
    else tooltip.appendText(vscode.l10n.t('. Click to open the registry.'));
    this.item.tooltip = tooltip;
  }

  private async show(): Promise<void> {
    const registry = this.registries.registry;
    if (registry.errorCount + registry.warningCount > 0) {
      await vscode.commands.executeCommand('workbench.actions.view.problems');
      return;
    }
    const files = registry.files.map((f) => vscode.Uri.parse(f));
    if (files.length === 0) {
      void vscode.window.showInformationMessage(
        vscode.l10n.t('No Analyst Markup registry file in this workspace. Create entities.yaml (see the analystMarkup.registry.files setting).'),
      );
      return;
    }
    let target: vscode.Uri | undefined = files[0];
    if (files.length > 1) {
      const picked = await vscode.window.showQuickPick(
        files.map((uri) => ({ label: vscode.workspace.asRelativePath(uri), uri })),
        { placeHolder: vscode.l10n.t('Open a registry file') },
      );
      target = picked?.uri;
    }
    if (target) await vscode.window.showTextDocument(target);
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
