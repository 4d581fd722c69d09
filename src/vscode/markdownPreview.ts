// Glue for the built-in Markdown preview (contributes.markdown.markdownItPlugins): the preview's
// markdown-it instance gets the core plugin (core/markdownPreview.ts) with the live registry,
// and open previews re-render when the registry changes.

import vscode = require('vscode');
import { analystMarkupPreview, type Markdown } from '../core/markdownPreview';
import type { RegistryService } from './registryService';

export class MarkdownPreviewPlugin implements vscode.Disposable {
  /** Set once the Markdown extension took the plugin: only then is there a preview to refresh. */
  private extended = false;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly registries: RegistryService) {
    // The first render may come before the registry has loaded, and every later change matters too.
    this.subscription = registries.onDidChange(() => {
      if (this.extended) void vscode.commands.executeCommand('markdown.preview.refresh').then(undefined, () => undefined);
    });
  }

  extendMarkdownIt(md: Markdown): Markdown {
    this.extended = true;
    return analystMarkupPreview(md, { registry: () => this.registries.registry });
  }

  dispose(): void {
    this.subscription.dispose();
  }
}
