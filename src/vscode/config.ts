// Typed access to the `analystMarkup.*` settings (SPEC §6).

import vscode = require('vscode');
import { DEFAULT_REGISTRY_FILES as CORE_DEFAULT_REGISTRY_FILES } from '../core/defaults';

/** Shared with the CLI: defined in the pure core (src/core/defaults.ts). */
export const DEFAULT_REGISTRY_FILES: string[] = [...CORE_DEFAULT_REGISTRY_FILES];
export const DEFAULT_LANGUAGES = ['plaintext', 'markdown'];

function section(scope?: vscode.ConfigurationScope): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration('analystMarkup', scope);
}

function stringList(value: unknown, fallback: string[]): string[] {
  if (!Array.isArray(value)) return fallback;
  return value.filter((v): v is string => typeof v === 'string' && v.trim().length > 0);
}

export function registryGlobs(): string[] {
  return stringList(section().get('registry.files'), DEFAULT_REGISTRY_FILES);
}

export function highlightEnabled(): boolean {
  return section().get<boolean>('highlight.enabled', true) !== false;
}

export function highlightLanguages(): string[] {
  return stringList(section().get('highlight.languages'), DEFAULT_LANGUAGES);
}

/** Schemes of documents that are never the analyst's text (output panes, settings, …). */
const IGNORED_SCHEMES = new Set(['output', 'debug', 'vscode-settings', 'vscode-userdata', 'walkThroughSnippet', 'comment']);

/** Whether highlights, hovers and commands apply to this document (SPEC §2, last rule). */
export function isAnalysedDocument(document: vscode.TextDocument, languages = highlightLanguages()): boolean {
  if (IGNORED_SCHEMES.has(document.uri.scheme)) return false;
  return languages.includes('*') || languages.includes(document.languageId);
}
