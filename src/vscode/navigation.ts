// Navigation between mentions and the registry: Go to Definition / Peek (F12) on a mention goes
// to the entity's entry in its registry file; Find All References (Shift+F12) on a mention or a
// registry id lists every mention in the workspace's text files, open or not. Also the commands
// `analystMarkup.openEntity` and `analystMarkup.findMentions` (used by hover cards and the
// Entities view).

import vscode = require('vscode');
import { findMentions } from '../core/mentions';
import { LineIndex } from '../core/sourceText';
import type { Entity, Mention } from '../core/types';
import { highlightLanguages, isAnalysedDocument } from './config';
import { toVsRange } from './convert';
import { entityAt, isRegistryDocument, resolveEntityArgument } from './entityAt';
import type { Services } from './services';
import { WORKSPACE_EXCLUDE, decodeText } from './workspaceFiles';
import { withYamlLibrary } from './yamlLibrary';

export const OPEN_ENTITY_COMMAND = 'analystMarkup.openEntity';
export const FIND_MENTIONS_COMMAND = 'analystMarkup.findMentions';

const MAX_FILES = 20000;
/** Files larger than this are not scanned (they are not articles). */
const MAX_FILE_BYTES = 4 * 1024 * 1024;
const BINARY_SNIFF_BYTES = 8000;
const PARALLEL_READS = 16;

// filesGlob lives in the core (languageFiles.ts), where it is unit-tested.
export { filesGlob } from '../core/languageFiles';
import { filesGlob } from '../core/languageFiles';

/** The definition of an entity: its `id` in its registry file, within the whole entry. */
export function definitionLink(entity: Entity, origin?: vscode.Range): vscode.LocationLink {
  return {
    originSelectionRange: origin,
    targetUri: vscode.Uri.parse(entity.source.file),
    targetRange: toVsRange(entity.source.entryRange),
    targetSelectionRange: toVsRange(entity.source.idRange),
  };
}

interface FileMentions {
  mtime: number;
  size: number;
  generation: number;
  mentions: { entityId: string; range: vscode.Range }[];
}

function looksBinary(bytes: Uint8Array): boolean {
  const end = Math.min(bytes.length, BINARY_SNIFF_BYTES);
  for (let i = 0; i < end; i++) if (bytes[i] === 0) return true;
  return false;
}

/** Every mention in the workspace's text files (open documents with their unsaved text). */
export class WorkspaceMentions {
  /** Mentions of closed files, per URI, valid while the file's mtime/size and the registry are unchanged. */
  private readonly cache = new Map<string, FileMentions>();

  constructor(private readonly services: Services) {}

  async find(entityId: string, token?: vscode.CancellationToken): Promise<vscode.Location[]> {
    const { registries, index } = this.services;
    await registries.ready;
    const registry = registries.registry;
    const languages = highlightLanguages();
    const locations: vscode.Location[] = [];
    const seen = new Set<string>();

    // Open documents first: their text may be unsaved, and untitled ones have no file.
    for (const document of vscode.workspace.textDocuments) {
      if (!isAnalysedDocument(document, languages) || isRegistryDocument(this.services, document)) continue;
      // Not the copies of diff and SCM views (`git:` …): untitled buffers and workspace files only.
      if (document.uri.scheme !== 'untitled' && document.uri.scheme !== 'file' && !vscode.workspace.getWorkspaceFolder(document.uri)) continue;
      seen.add(document.uri.toString());
      for (const m of index.mentions(document)) {
        if (m.entityId === entityId)
          locations.push(new vscode.Location(document.uri, new vscode.Range(document.positionAt(m.start), document.positionAt(m.end))));
      }
    }

    const glob = filesGlob(languages);
    const files = glob && vscode.workspace.workspaceFolders?.length ? await vscode.workspace.findFiles(glob, WORKSPACE_EXCLUDE, MAX_FILES, token) : [];
    const pending = files.filter((uri) => !seen.has(uri.toString()) && !registries.isRegistryUri(uri));
    const live = new Set(files.map((u) => u.toString()));
    for (const key of this.cache.keys()) if (!live.has(key)) this.cache.delete(key);

    for (let i = 0; i < pending.length; i += PARALLEL_READS) {
      if (token?.isCancellationRequested) return [];
      const batch = pending.slice(i, i + PARALLEL_READS);
      const results = await Promise.all(batch.map((uri) => this.fileMentions(uri, registry.generation)));
      results.forEach((found, k) => {
        if (!found) return;
        for (const m of found) if (m.entityId === entityId) locations.push(new vscode.Location(batch[k], m.range));
      });
    }
    return locations.sort((a, b) => a.uri.toString().localeCompare(b.uri.toString()) || a.range.start.compareTo(b.range.start));
  }

  private async fileMentions(uri: vscode.Uri, generation: number): Promise<FileMentions['mentions'] | undefined> {
    const key = uri.toString();
    try {
      const stat = await vscode.workspace.fs.stat(uri);
      if (stat.type & vscode.FileType.Directory || stat.size > MAX_FILE_BYTES) return undefined;
      const cached = this.cache.get(key);
      if (cached && cached.mtime === stat.mtime && cached.size === stat.size && cached.generation === generation) return cached.mentions;
      const bytes = await vscode.workspace.fs.readFile(uri);
      if (looksBinary(bytes)) {
        this.cache.set(key, { mtime: stat.mtime, size: stat.size, generation, mentions: [] });
        return undefined;
      }
      const text = decodeText(bytes);
      const lines = new LineIndex(text);
      const mentions = findMentions(this.services.registries.registry, text).map((m: Mention) => {
        const r = lines.range(m.start, m.end);
        return { entityId: m.entityId, range: new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character) };
      });
      this.cache.set(key, { mtime: stat.mtime, size: stat.size, generation, mentions });
      return mentions;
    } catch (error) {
      this.services.log.debug(`Mentions: could not read ${uri.toString(true)}: ${String(error)}`);
      return undefined;
    }
  }
}

/** Opens an entity's registry entry with its id selected. */
export async function openEntity(entity: Entity): Promise<vscode.TextEditor> {
  const link = definitionLink(entity);
  const document = await vscode.workspace.openTextDocument(link.targetUri);
  const selection = link.targetSelectionRange ?? link.targetRange;
  const editor = await vscode.window.showTextDocument(document, { selection, preview: true });
  editor.revealRange(selection, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  return editor;
}

export function registerNavigation(services: Services): void {
  const search = new WorkspaceMentions(services);

  const definitions: vscode.DefinitionProvider = {
    async provideDefinition(document, position) {
      // In a registry file outside the plain YAML subset, the web build may first load `yaml`.
      const target = await withYamlLibrary(() => entityAt(services, document, position));
      return target ? [definitionLink(target.entity, target.range)] : undefined;
    },
  };

  const references: vscode.ReferenceProvider = {
    async provideReferences(document, position, context, token) {
      const target = await withYamlLibrary(() => entityAt(services, document, position));
      if (!target) return undefined;
      const found = await search.find(target.entity.id, token);
      if (!context.includeDeclaration) return found;
      const link = definitionLink(target.entity);
      return [new vscode.Location(link.targetUri, link.targetSelectionRange ?? link.targetRange), ...found];
    },
  };

  services.context.subscriptions.push(
    vscode.languages.registerDefinitionProvider('*', definitions),
    vscode.languages.registerReferenceProvider('*', references),
    vscode.commands.registerCommand(OPEN_ENTITY_COMMAND, async (arg?: unknown) => {
      const entity = await resolveEntityArgument(services, arg, 'Open which entity in the registry?');
      if (entity) await openEntity(entity);
      return entity?.id;
    }),
    vscode.commands.registerCommand(FIND_MENTIONS_COMMAND, async (arg?: unknown) => {
      const entity = await resolveEntityArgument(services, arg, 'Find the mentions of which entity?');
      if (!entity) return [];
      const locations = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Finding mentions of {0}', entity.name) },
        () => search.find(entity.id),
      );
      if (locations.length === 0) {
        void vscode.window.showInformationMessage(vscode.l10n.t("{0} is not mentioned in the workspace's text files.", entity.name));
        return locations;
      }
      // Peek the mentions where the user is, else at the registry entry.
      let editor = vscode.window.activeTextEditor;
      if (!editor) editor = await openEntity(entity);
      await vscode.commands.executeCommand('editor.action.showReferences', editor.document.uri, editor.selection.active, locations);
      return locations;
    }),
  );
}
