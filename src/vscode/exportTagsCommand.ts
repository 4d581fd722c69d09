// `analystMarkup.exportTags` `{ format: "csv" | "json", target }` (SPEC §4): every claim and event
// of the workspace's text files (open documents with their unsaved text) as CSV (RFC 4180) or
// JSON, through the core's exportTags (shared with the CLI's `analyst-markup export`). Without
// arguments it asks for the format, then where to save. `target` is a path relative to the
// (first) workspace folder or a URI string. Written with `vscode.workspace.fs`.
// Returns `{ uri, claims, events, documents }` for automation and tests; undefined when cancelled.

import vscode = require('vscode');
import { exportTags, TagExportFormat } from '../core/exportTags';
import type { Services } from './services';
import { workspaceTags } from './workspaceTags';

export const EXPORT_TAGS_COMMAND = 'analystMarkup.exportTags';

export interface ExportTagsResult {
  uri: string;
  format: TagExportFormat;
  claims: number;
  events: number;
  documents: number;
}

const FORMATS: Record<TagExportFormat, { label: string; description: string; filters: Record<string, string[]> }> = {
  csv: { label: 'CSV', description: 'one row per tag, ACLED-like columns for events (RFC 4180)', filters: { CSV: ['csv'] } },
  json: { label: 'JSON', description: 'every attribute, entity names resolved', filters: { JSON: ['json'] } },
};

class ExportArgumentError extends Error {}

function formatArgument(value: unknown): TagExportFormat | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value === 'string') {
    const f = value.trim().toLowerCase();
    if (f === 'csv' || f === 'json') return f;
  }
  throw new ExportArgumentError(`“format” must be "csv" or "json"; got ${JSON.stringify(value)}.`);
}

function formatOfPath(path: string): TagExportFormat | undefined {
  const m = /\.(csv|json)$/i.exec(path);
  return m ? (m[1].toLowerCase() as TagExportFormat) : undefined;
}

/** A target path (relative to the first workspace folder, or absolute) or URI string as a URI. */
export function targetUri(value: unknown): vscode.Uri | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (value instanceof vscode.Uri) return value;
  if (typeof value !== 'string') throw new ExportArgumentError(`“target” must be a path relative to the workspace folder or a URI string; got ${typeof value}.`);
  const target = value.trim();
  // A URI has a scheme of two or more characters (`C:\…` is a Windows path).
  if (/^[a-zA-Z][a-zA-Z0-9+.-]+:/.test(target)) return vscode.Uri.parse(target, true);
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (/^([a-zA-Z]:)?[\\/]/.test(target)) return folder && folder.uri.scheme !== 'file' ? folder.uri.with({ path: target.replace(/\\/g, '/') }) : vscode.Uri.file(target);
  if (!folder) throw new ExportArgumentError('“target” is relative but no folder is open: give a URI string or open a folder.');
  return vscode.Uri.joinPath(folder.uri, ...target.split(/[\\/]+/).filter((p) => p.length > 0));
}

async function askFormat(): Promise<TagExportFormat | undefined> {
  const items = (Object.keys(FORMATS) as TagExportFormat[]).map((format) => ({ label: FORMATS[format].label, description: FORMATS[format].description, format }));
  const picked = await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Export Claims and Events'), placeHolder: vscode.l10n.t('In which format?') });
  return picked?.format;
}

async function askTarget(format: TagExportFormat): Promise<vscode.Uri | undefined> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  const defaultUri = folder ? vscode.Uri.joinPath(folder.uri, `claims-and-events.${format}`) : undefined;
  return vscode.window.showSaveDialog({ title: vscode.l10n.t('Export Claims and Events'), defaultUri, filters: FORMATS[format].filters, saveLabel: vscode.l10n.t('Export') });
}

async function exportCommand(services: Services, arg: unknown): Promise<ExportTagsResult | undefined> {
  const args = arg !== null && typeof arg === 'object' && !(arg instanceof vscode.Uri) && !Array.isArray(arg) ? (arg as Record<string, unknown>) : {};
  let format: TagExportFormat | undefined;
  let target: vscode.Uri | undefined;
  try {
    for (const key of Object.keys(args)) {
      if (key !== 'format' && key !== 'target') throw new ExportArgumentError(`Unknown argument “${key}”; expected format and target.`);
    }
    format = formatArgument(args.format);
    target = targetUri(args.target);
  } catch (error) {
    if (!(error instanceof ExportArgumentError)) throw error;
    void vscode.window.showErrorMessage(vscode.l10n.t('Analyst Markup: Export Claims and Events: {0}', error.message));
    return undefined;
  }
  format ??= target ? formatOfPath(target.path) : undefined;
  format ??= await askFormat();
  if (!format) return undefined;
  target ??= await askTarget(format);
  if (!target) return undefined;

  await services.registries.ready;
  const docs = (await workspaceTags(services).documents()).filter((d) => !d.untitled);
  const { content, tags, errorCount } = exportTags(
    docs.map((d) => ({ path: d.path, text: d.text })),
    { format, entities: services.registries.registry.entities },
  );
  try {
    const parent = vscode.Uri.joinPath(target, '..');
    await vscode.workspace.fs.createDirectory(parent).then(undefined, () => undefined);
    await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(content));
  } catch (error) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Analyst Markup: could not write {0}: {1}', target.toString(true), String(error)));
    return undefined;
  }
  const claims = tags.filter((t) => t.kind === 'claim').length;
  const events = tags.length - claims;
  const documents = new Set(tags.map((t) => t.document)).size;
  const where = vscode.workspace.getWorkspaceFolder(target) ? vscode.workspace.asRelativePath(target) : target.toString(true);
  const problems = errorCount > 0 ? ` The markup has ${errorCount} error(s): see the Problems panel.` : '';
  const message = `Analyst Markup: exported ${claims} claim(s) and ${events} event(s) from ${documents} document(s) to ${where}.${problems}`;
  const open = vscode.l10n.t('Open');
  void vscode.window.showInformationMessage(message, open).then(async (choice) => {
    if (choice === open) await vscode.window.showTextDocument(target, { preview: false });
  });
  services.log.info(message);
  return { uri: target.toString(), format, claims, events, documents };
}

export function registerExportTags(services: Services): void {
  services.context.subscriptions.push(vscode.commands.registerCommand(EXPORT_TAGS_COMMAND, (arg?: unknown) => exportCommand(services, arg)));
}
