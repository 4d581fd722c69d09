// The shared services every feature of the VS Code layer receives when it is registered.

import type * as vscode from 'vscode';
import type { Highlighter } from './highlighter';
import type { MentionIndex } from './mentionIndex';
import type { RegistryService } from './registryService';

export interface Services {
  context: vscode.ExtensionContext;
  log: vscode.LogOutputChannel;
  registries: RegistryService;
  index: MentionIndex;
  highlighter: Highlighter;
}
