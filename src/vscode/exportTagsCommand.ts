// `analystMarkup.exportTags` `{ format: "csv" | "json" | "w3c" | "ftm" | "brat", target }` (SPEC
// §4): every claim and event of the workspace's text files (open documents with their unsaved
// text) in one of the formats of core/exportFormats.ts (shared with the CLI's `analyst-markup
// export`): CSV (RFC 4180), JSON, W3C Web Annotation (JSON-LD), FollowTheMoney JSON lines (the
// registry and the mentions too) or brat standoff (a folder). Without
// arguments it asks for the format, then where to save (a folder for brat). `target` is a path
// relative to the (first) workspace folder or a URI string. Written with `vscode.workspace.fs`.
// Returns `{ uri, format, claims, events, documents, files? }` for automation and tests
// (`files`: the URIs a folder format wrote); undefined when cancelled.
//
// A bundle of its own (dist/exports.js), loaded on the command's first use (lazyCommands.ts).

import vscode = require('vscode');
import { BRAT_CONF_HEADER, bratTargetProblem } from '../core/exportBrat';
import { EXPORT_FORMAT_NAMES, EXPORT_FORMATS, exportFormatOfPath, exportInFormat, ExportFormat, isExportFormat } from '../core/exportFormats';
import type { CommandBundleHost } from './lazyCommands';
import { targetUri } from './targetUri';
import { writeRefusal } from './writeGuard';

export interface ExportTagsResult {
  uri: string;
  format: ExportFormat;
  claims: number;
  events: number;
  documents: number;
  /** Folder formats (brat): the URI of every file written. */
  files?: string[];
}

class ExportArgumentError extends Error {}

function formatArgument(value: unknown): ExportFormat | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value === 'string') {
    const f = value.trim().toLowerCase();
    if (isExportFormat(f)) return f;
  }
  throw new ExportArgumentError(`“format” must be one of ${EXPORT_FORMAT_NAMES.map((f) => JSON.stringify(f)).join(', ')}; got ${JSON.stringify(value)}.`);
}

/** The format a target's name implies (`.jsonld` W3C, `.ftm.json`/`.jsonl` FollowTheMoney). */
function formatOfPath(path: string): ExportFormat | undefined {
  return exportFormatOfPath(path);
}

async function askFormat(): Promise<ExportFormat | undefined> {
  const items = EXPORT_FORMAT_NAMES.map((format) => ({
    label: EXPORT_FORMATS[format].label,
    description: format,
    detail: EXPORT_FORMATS[format].description,
    format,
  }));
  const picked = await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Export Claims and Events'), placeHolder: vscode.l10n.t('In which format?') });
  return picked?.format;
}

async function askTarget(format: ExportFormat): Promise<vscode.Uri | undefined> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  const info = EXPORT_FORMATS[format];
  if (info.target === 'folder') {
    // An earlier export's folder (`brat/` in the workspace) is proposed again.
    const earlier = folder ? vscode.Uri.joinPath(folder.uri, format) : undefined;
    const earlierIsFolder = earlier
      ? await vscode.workspace.fs.stat(earlier).then(
          (s) => (s.type & vscode.FileType.Directory) !== 0,
          () => false,
        )
      : false;
    const picked = await vscode.window.showOpenDialog({
      title: vscode.l10n.t('Export Claims and Events ({0}): the folder to write into', info.label),
      defaultUri: earlierIsFolder ? earlier : folder?.uri,
      canSelectFiles: false,
      canSelectFolders: true,
      canSelectMany: false,
      openLabel: vscode.l10n.t('Export Here'),
    });
    return picked?.[0];
  }
  const defaultUri = folder ? vscode.Uri.joinPath(folder.uri, format === 'ftm' ? 'entities.ftm.json' : `claims-and-events.${info.extension}`) : undefined;
  return vscode.window.showSaveDialog({
    title: vscode.l10n.t('Export Claims and Events'),
    defaultUri,
    filters: { [info.label]: [info.extension] },
    saveLabel: vscode.l10n.t('Export'),
  });
}

/** bratTargetProblem for a folder in the workspace's file system: stats each file first. */
async function folderProblem(folder: vscode.Uri, files: readonly { path: string }[], documents: readonly vscode.Uri[]): Promise<string | undefined> {
  const existing = new Set<string>();
  for (const file of files) {
    const uri = vscode.Uri.joinPath(folder, ...file.path.split('/'));
    const exists = await vscode.workspace.fs.stat(uri).then(
      () => true,
      () => false,
    );
    if (exists) existing.add(file.path);
  }
  // The folders inside the target that hold documents being exported.
  const documentFolders = new Set<string>();
  const base = folder.path.replace(/\/+$/, '');
  for (const uri of documents) {
    if (uri.scheme !== folder.scheme || uri.authority !== folder.authority) continue;
    const dir = uri.path.slice(0, uri.path.lastIndexOf('/'));
    if (dir === base) documentFolders.add('');
    else if (dir.startsWith(`${base}/`)) documentFolders.add(dir.slice(base.length + 1));
  }
  const conf = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder, 'annotation.conf')).then(
    (bytes) => new TextDecoder().decode(bytes),
    () => '',
  );
  return bratTargetProblem(files, { existing, documentFolders, earlierExport: conf.startsWith(BRAT_CONF_HEADER) });
}

async function writeOut(target: vscode.Uri, content: string): Promise<void> {
  await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(target, '..')).then(undefined, () => undefined);
  await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(content));
}

async function exportCommand({ services, tagIndex, workspaceTags }: CommandBundleHost, arg: unknown): Promise<ExportTagsResult | undefined> {
  const args = arg !== null && typeof arg === 'object' && !(arg instanceof vscode.Uri) && !Array.isArray(arg) ? (arg as Record<string, unknown>) : {};
  let format: ExportFormat | undefined;
  let target: vscode.Uri | undefined;
  try {
    for (const key of Object.keys(args)) {
      if (key !== 'format' && key !== 'target') throw new ExportArgumentError(`Unknown argument “${key}”; expected format and target.`);
    }
    format = formatArgument(args.format);
    const given = targetUri(args.target);
    if (typeof given === 'string') throw new ExportArgumentError(given);
    target = given;
  } catch (error) {
    if (!(error instanceof ExportArgumentError)) throw error;
    void vscode.window.showErrorMessage(vscode.l10n.t('Analyst Markup: Export Claims and Events: {0}', error.message));
    return undefined;
  }
  // A target from an argument must lie in the workspace; one picked in the save dialog may lie anywhere.
  const refusal = target ? await writeRefusal(target) : undefined;
  if (refusal) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Analyst Markup: Export Claims and Events: {0}', refusal));
    return undefined;
  }
  format ??= target ? formatOfPath(target.path) : undefined;
  format ??= await askFormat();
  if (!format) return undefined;
  target ??= await askTarget(format);
  if (!target) return undefined;

  await services.registries.ready;
  await tagIndex.refreshFromDisk();
  const docs = (await workspaceTags.documents()).filter((d) => !d.untitled);
  const { content, files, tags, errorCount, counts, notes } = exportInFormat(
    docs.map((d) => ({ path: d.path, text: d.text, uri: d.uri.toString() })),
    { format, registry: services.registries.registry, collectionId: target.toString() },
  );
  const written: vscode.Uri[] = [];
  if (files) {
    const exported = new Set(tags.map((t) => t.document));
    const problem = await folderProblem(
      target,
      files,
      docs.filter((d) => exported.has(d.path)).map((d) => d.uri),
    );
    if (problem) {
      void vscode.window.showErrorMessage(vscode.l10n.t('Analyst Markup: nothing exported to {0}: {1}.', target.toString(true), problem));
      return undefined;
    }
  }
  try {
    if (files) {
      for (const file of files) {
        const uri = vscode.Uri.joinPath(target, ...file.path.split('/'));
        await writeOut(uri, file.content);
        written.push(uri);
      }
    } else {
      await writeOut(target, content ?? '');
    }
  } catch (error) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Analyst Markup: could not write {0}: {1}', target.toString(true), String(error)));
    return undefined;
  }
  for (const note of notes ?? []) services.log.info(`${EXPORT_FORMATS[format].label} export: ${note}`);
  const claims = counts?.claims ?? tags.filter((t) => t.kind === 'claim').length;
  const events = counts?.events ?? tags.length - claims;
  const documents = counts?.documents ?? new Set(tags.map((t) => t.document)).size;
  const where = vscode.workspace.getWorkspaceFolder(target) ? vscode.workspace.asRelativePath(target) : target.toString(true);
  const problems = errorCount > 0 ? ` The markup has ${errorCount} error(s): see the Problems panel.` : '';
  const into = files ? ` (${written.length} files, ${EXPORT_FORMATS[format].label})` : '';
  const message = `Analyst Markup: exported ${claims} claim(s) and ${events} event(s) from ${documents} document(s) to ${where}${into}.${problems}`;
  // A folder format opens its first annotation file.
  const toOpen = files ? written.find((u) => u.path.endsWith('.ann')) : target;
  const open = vscode.l10n.t('Open');
  void vscode.window.showInformationMessage(message, ...(toOpen ? [open] : [])).then(async (choice) => {
    if (choice === open && toOpen) await vscode.window.showTextDocument(toOpen, { preview: false });
  });
  services.log.info(message);
  const result: ExportTagsResult = { uri: target.toString(), format, claims, events, documents };
  if (files) result.files = written.map((u) => u.toString());
  return result;
}

/** The bundle's factory (dist/exports.js): the export command, given the extension's objects. */
export function createExports(host: CommandBundleHost): { exportTags(arg: unknown): Promise<ExportTagsResult | undefined> } {
  return { exportTags: (arg: unknown) => exportCommand(host, arg) };
}
