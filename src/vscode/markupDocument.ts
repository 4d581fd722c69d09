// The parsed tags of a document and what the markup features know about the registry, cached
// (per document version, per registry generation) and shared by markupEditor.ts and
// markupDecorations.ts.

import type * as vscode from 'vscode';
import { MarkupParseResult, parseMarkup } from '../core/markup';
import { AssistContext, registryAssistContext } from '../core/markupAssist';
import type { Registry } from '../core/registry';

const parseCache = new WeakMap<vscode.TextDocument, { version: number; parsed: MarkupParseResult }>();

/** parseMarkup of a document, cached per version; never throws. */
export function parsedMarkup(document: vscode.TextDocument): MarkupParseResult {
  const cached = parseCache.get(document);
  if (cached && cached.version === document.version) return cached.parsed;
  let parsed: MarkupParseResult;
  try {
    parsed = parseMarkup(document.getText());
  } catch {
    parsed = { spans: [], diagnostics: [] }; // a parser bug must not take the editor features down
  }
  parseCache.set(document, { version: document.version, parsed });
  return parsed;
}

let contextCache: { generation: number; context: AssistContext } | undefined;

/** What the checks know about the registry in force. */
export function assistContext(registry: Registry): AssistContext {
  if (contextCache?.generation === registry.generation) return contextCache.context;
  const context = registryAssistContext(registry);
  contextCache = { generation: registry.generation, context };
  return context;
}
