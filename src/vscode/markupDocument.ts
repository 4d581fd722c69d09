// The parsed tags and the date of a document and what the markup features know about the
// registry, cached (per document version, per registry generation) and shared by the features.

import vscode = require('vscode');
import { DocumentDateResult, findDocumentDate } from '../core/documentDate';
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

/** Documents this small are parsed at once when shown; bigger ones once their highlights are out. */
const QUICK_PARSE_LINES = 5000;

/** Whether parsedMarkup(document) is at hand (cached, or quick for a small document). */
export function hasParsedMarkup(document: vscode.TextDocument): boolean {
  if (document.lineCount <= QUICK_PARSE_LINES) return true;
  return parseCache.get(document)?.version === document.version;
}

let contextCache: { generation: number; context: AssistContext } | undefined;

/** What the checks know about the registry in force. */
export function assistContext(registry: Registry): AssistContext {
  if (contextCache?.generation === registry.generation) return contextCache.context;
  const context = registryAssistContext(registry);
  contextCache = { generation: registry.generation, context };
  return context;
}

/** Lines read for the date: front matter longer than this has no date for us (documentDate.ts reads 256 KB). */
const DATE_HEAD_LINES = 2000;

const dateCache = new WeakMap<vscode.TextDocument, { version: number; day: string; found: DocumentDateResult }>();

/** The document's date (SPEC §5), found once per version (and day: without one it is today). */
export function documentDate(document: vscode.TextDocument): DocumentDateResult {
  const day = new Date().toDateString();
  const cached = dateCache.get(document);
  if (cached && cached.version === document.version && cached.day === day) return cached.found;
  // The date stands in the front matter or the first 30 lines: a big document is not read whole
  // (this runs on every keystroke that needs it).
  const head = document.lineCount > DATE_HEAD_LINES ? document.getText(new vscode.Range(0, 0, DATE_HEAD_LINES, 0)) : document.getText();
  const found = findDocumentDate(head);
  dateCache.set(document, { version: document.version, day, found });
  return found;
}
