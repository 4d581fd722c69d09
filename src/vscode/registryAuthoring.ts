// Registry authoring commands (SPEC §4): `analystMarkup.addEntity` turns the selection into a new
// registry entity, `analystMarkup.addAlias` turns every selected text into an alias of an existing
// one. The YAML is edited by the pure core (core/registryEdit.ts) as a minimal insertion that
// keeps comments and formatting, applied as one WorkspaceEdit (one undo step), on the open
// document's text when the registry file is open (unsaved edits included). A file that was
// clean is saved afterwards, so the registry on disk and in the editor agree; the command waits
// until the registry in force has the change, so highlights update at once.
//
// The core's YAML edits need the `yaml` library, which the web build loads on first use: every call
// into core/registryEdit that reads or writes YAML goes through `withYamlLibrary`.
//
// Both return, for automation and tests, what they did: `{ id, file }` / `{ entity, aliases, file }`,
// or undefined when nothing was done.
//
// A bundle of its own (dist/authoring.js), loaded on a command's first use (lazyCommands.ts).

import vscode = require('vscode');
import { isShortCapitals, normaliseName } from '../core/charTables';
import { COMMON_ALIAS_WORDS } from '../core/commonWords';
import { guessEntityType, rankEntitiesByName } from '../core/nameDiscovery';
import { ENTITY_ID_PATTERN } from '../core/registry';
import {
  addAliasesToText,
  addEntityToText,
  checkNewAlias,
  checkNewEntity,
  sharedNameNotes,
  NewAlias,
  NewEntity,
  newEntityFileText,
  nameFromSelection,
  newRegistryFileText,
  registryFileLayout,
  RegistryEditResult,
  suggestEntityId,
} from '../core/registryEdit';
import { LineIndex } from '../core/sourceText';
import { ENTITY_TYPES } from '../core/types';
import type { Entity, EntityType } from '../core/types';
import { entityIdArgument } from './entityAt';
import type { CommandBundleHost } from './lazyCommands';
import type { Services } from './services';
import { decodeText } from './workspaceFiles';
import { withYamlLibrary } from './yamlLibrary';
import { changedSinceRead, writeRefusal } from './writeGuard';

/** An entity type as the quick picks show it. */
function typeLabel(type: EntityType): string {
  switch (type) {
    case 'person':
      return vscode.l10n.t('Person');
    case 'organization':
      return vscode.l10n.t('Organization');
    case 'state':
      return vscode.l10n.t('State');
    case 'place':
      return vscode.l10n.t('Place');
    case 'position':
      return vscode.l10n.t('Position');
    case 'other':
      return vscode.l10n.t('Other');
  }
}

export interface AddEntityResult {
  id: string;
  file: string;
}

export interface AddAliasResult {
  entity: string;
  aliases: string[];
  file: string;
}

// ---------------------------------------------------------------------------------------------
// Arguments and selections

function plainObject(value: unknown): value is Record<string, unknown> {
  return (
    value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof vscode.Uri) && Object.getPrototypeOf(value) === Object.prototype
  );
}

/** The argument object, or undefined when the command should ask (palette, menus passing a URI). */
function argumentObject(arg: unknown): Record<string, unknown> | undefined {
  return plainObject(arg) && !('scheme' in arg && 'path' in arg) ? arg : undefined;
}

function stringArg(args: Record<string, unknown> | undefined, key: string): string | undefined {
  const value = args?.[key];
  return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}

function stringListArg(args: Record<string, unknown> | undefined, ...keys: string[]): string[] | undefined {
  for (const key of keys) {
    const value = args?.[key];
    if (typeof value === 'string' && value.trim()) return [value.trim()];
    if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string' && v.trim().length > 0).map((v) => v.trim());
  }
  return undefined;
}

/** The selected texts of the active editor (an empty selection: the word at the cursor), distinct. */
function selectedNames(editor: vscode.TextEditor | undefined): string[] {
  if (!editor) return [];
  const out: string[] = [];
  const seen = new Set<string>();
  for (const selection of editor.selections) {
    let range: vscode.Range | undefined = selection;
    if (selection.isEmpty) range = editor.document.getWordRangeAtPosition(selection.active, /[\p{L}\p{M}\p{N}]+(?:[-‐'’][\p{L}\p{M}\p{N}]+)*/u);
    if (!range) continue;
    const name = nameFromSelection(editor.document.getText(range));
    const key = normaliseName(name, true);
    if (name && !seen.has(key)) {
      seen.add(key);
      out.push(name);
    }
  }
  return out;
}

/** An alias written as the registry should hold it: common words only as written. */
function aliasFor(text: string): string | NewAlias {
  return COMMON_ALIAS_WORDS.has(normaliseName(text, false)) && !isShortCapitals(text) ? { text, caseSensitive: true } : text;
}

function aliasText(alias: string | NewAlias): string {
  return typeof alias === 'string' ? alias : alias.text;
}

// ---------------------------------------------------------------------------------------------
// Files

function workspaceFolder(): vscode.WorkspaceFolder | undefined {
  const active = vscode.window.activeTextEditor?.document.uri;
  return (active && vscode.workspace.getWorkspaceFolder(active)) ?? vscode.workspace.workspaceFolders?.[0];
}

/** `file` argument: a URI string, or a path relative to the workspace folder. */
function resolveFile(file: string): vscode.Uri | undefined {
  if (/^[a-z][a-z0-9+.-]+:/i.test(file) && !/^[a-z]:[\\/]/i.test(file)) {
    try {
      return vscode.Uri.parse(file, true);
    } catch {
      return undefined;
    }
  }
  const folder = workspaceFolder();
  if (!folder) return undefined;
  return vscode.Uri.joinPath(
    folder.uri,
    file
      .replace(/\\/g, '/')
      .split('/')
      .filter((p) => p && p !== '.')
      .join('/'),
  );
}

function relativePath(uri: vscode.Uri): string {
  return vscode.workspace.asRelativePath(uri, (vscode.workspace.workspaceFolders?.length ?? 0) > 1);
}

/** How long a clean open document may take to show what was just written to its file. */
const DISK_CATCH_UP_MS = 2000;

/**
 * Waits until a clean open document holds its file's text. Right after the file was written
 * (a `git pull`, a checkout, another tool) VS Code reloads the document a moment later; an edit
 * computed from the older text would be refused by changedSinceRead. Gives up after
 * DISK_CATCH_UP_MS, and that refusal then says what happened.
 */
async function diskCaughtUp(document: vscode.TextDocument): Promise<void> {
  let disk: string;
  try {
    disk = decodeText(await vscode.workspace.fs.readFile(document.uri));
  } catch {
    return;
  }
  if (document.getText() === disk) return;
  await new Promise<void>((resolve) => {
    const timer = setTimeout(finish, DISK_CATCH_UP_MS);
    const listener = vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.document === document && (document.isDirty || document.getText() === disk)) finish();
    });
    function finish(): void {
      clearTimeout(timer);
      listener.dispose();
      resolve();
    }
  });
}

function openDocument(uri: vscode.Uri): vscode.TextDocument | undefined {
  const key = uri.toString();
  return vscode.workspace.textDocuments.find((d) => d.uri.toString() === key);
}

/** The file's current text (an open editor's, unsaved edits included), 'missing', or an error. */
async function currentText(uri: vscode.Uri): Promise<{ text: string; document?: vscode.TextDocument } | 'missing' | { error: string }> {
  const document = openDocument(uri);
  if (document) {
    if (!document.isDirty) await diskCaughtUp(document);
    return { text: document.getText(), document };
  }
  try {
    return { text: decodeText(await vscode.workspace.fs.readFile(uri)) };
  } catch (error) {
    if (error instanceof vscode.FileSystemError && error.code === 'FileNotFound') return 'missing';
    return { error: vscode.l10n.t('cannot read {0}: {1}', relativePath(uri), error instanceof Error ? error.message : String(error)) };
  }
}

/** Whether a registry file holds one entity (`entities/<id>.yaml` layout), judged without reading it where possible. */
async function layoutOf(services: Services, uri: vscode.Uri): Promise<ReturnType<typeof registryFileLayout>> {
  const key = uri.toString();
  let count = 0;
  for (const e of services.registries.registry.entities.values()) if (e.source.file === key) count++;
  if (count >= 2) return 'list';
  if (count === 1 && /\/entities\/(?:[^/]+\/)*[^/]+\.ya?ml$/i.test(uri.path)) return 'single';
  const read = await currentText(uri);
  if (read === 'missing') return 'empty';
  if ('error' in read) return 'unreadable';
  return withYamlLibrary(() => registryFileLayout(read.text));
}

interface Target {
  uri: vscode.Uri;
  /** Create the file in this layout when it does not exist. */
  create: 'list' | 'single';
}

/** Registry files of the active workspace folder first, in the registry's order. */
function registryFiles(services: Services): vscode.Uri[] {
  const folder = workspaceFolder();
  const uris = services.registries.registry.files.map((f) => vscode.Uri.parse(f));
  if (!folder) return uris;
  const inFolder = (u: vscode.Uri) => vscode.workspace.getWorkspaceFolder(u)?.uri.toString() === folder.uri.toString();
  return [...uris.filter(inFolder), ...uris.filter((u) => !inFolder(u))];
}

/** Where one-entity files go: next to the existing ones, else `entities/` of the workspace folder. */
async function newEntityFolder(services: Services): Promise<vscode.Uri | undefined> {
  for (const uri of registryFiles(services)) {
    if (/\/entities\/(?:[^/]+\/)*[^/]+\.ya?ml$/i.test(uri.path) && (await layoutOf(services, uri)) === 'single') return vscode.Uri.joinPath(uri, '..');
  }
  const folder = workspaceFolder();
  return folder ? vscode.Uri.joinPath(folder.uri, 'entities') : undefined;
}

/** SPEC §4: without `file`, the first registry file (that can hold a list); `entities.yaml` when there is none. */
async function defaultTarget(services: Services, id: string): Promise<Target | { error: string }> {
  const files = registryFiles(services);
  for (const uri of files) {
    const layout = await layoutOf(services, uri);
    if (layout === 'single') continue;
    if (layout === 'unreadable') {
      return {
        error: vscode.l10n.t(
          '{0} has errors that stop it from being read (see Problems); fix them first, or choose another file. Nothing was changed.',
          relativePath(uri),
        ),
      };
    }
    return { uri, create: 'list' };
  }
  if (files.length > 0) {
    const folder = await newEntityFolder(services);
    if (folder) return { uri: vscode.Uri.joinPath(folder, `${id}.yaml`), create: 'single' };
  }
  const folder = workspaceFolder();
  if (!folder) return { error: vscode.l10n.t('Open a folder first: the registry lives in the workspace.') };
  return { uri: vscode.Uri.joinPath(folder.uri, 'entities.yaml'), create: 'list' };
}

function targetFromArgument(file: string, id: string): Target | { error: string } {
  const uri = resolveFile(file);
  if (!uri) return { error: vscode.l10n.t('Cannot resolve the file “{0}”: open a workspace folder or pass a URI.', file) };
  const base = uri.path.slice(uri.path.lastIndexOf('/') + 1);
  return { uri, create: base === `${id}.yaml` || base === `${id}.yml` ? 'single' : 'list' };
}

// ---------------------------------------------------------------------------------------------
// Applying an edit

/**
 * Applies the core's edit to `uri` as one WorkspaceEdit, saves a file that was clean, and returns
 * its document; or why it refused, with nothing changed: `uri` lies outside the workspace folders
 * (or behind a symbolic link), or the file changed since `before` was read.
 */
async function applyRegistryEdit(
  uri: vscode.Uri,
  before: { text: string; document?: vscode.TextDocument } | 'missing',
  result: Extract<RegistryEditResult, { ok: true }>,
): Promise<vscode.TextDocument | string | undefined> {
  const refusal = (await writeRefusal(uri)) ?? (await changedSinceRead(uri, before));
  if (refusal) return refusal;
  const edit = new vscode.WorkspaceEdit();
  const wasDirty = before !== 'missing' && before.document?.isDirty === true;
  if (before === 'missing') {
    edit.createFile(uri, { ignoreIfExists: false, overwrite: false });
    edit.insert(uri, new vscode.Position(0, 0), result.text);
  } else {
    const lines = new LineIndex(before.text);
    for (const e of result.edits) {
      const start = lines.position(e.start);
      const end = lines.position(e.end);
      edit.replace(uri, new vscode.Range(start.line, start.character, end.line, end.character), e.newText, {
        needsConfirmation: false,
        label: 'Analyst Markup: registry',
      });
    }
  }
  if (!(await vscode.workspace.applyEdit(edit))) return undefined;
  const document = await vscode.workspace.openTextDocument(uri);
  if (!wasDirty && document.isDirty) await document.save();
  return document;
}

/** Resolves once the registry in force satisfies `check` (or after `timeoutMs`, reloading once). */
async function registryHas(services: Services, check: () => boolean, timeoutMs = 3000): Promise<boolean> {
  if (check()) return true;
  const seen = await new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => {
      listener.dispose();
      resolve(false);
    }, timeoutMs);
    const listener = services.registries.onDidChange(() => {
      if (!check()) return;
      clearTimeout(timer);
      listener.dispose();
      resolve(true);
    });
  });
  if (seen) return true;
  await services.registries.reload();
  return check();
}

function refuse(message: string): undefined {
  void vscode.window.showErrorMessage(vscode.l10n.t('Analyst Markup: {0}', message));
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// addEntity

async function askName(initial: string): Promise<string | undefined> {
  const name = await vscode.window.showInputBox({
    title: vscode.l10n.t('Add to Registry (1/4): name'),
    prompt: vscode.l10n.t('The display name of the new entity; it is also matched in texts.'),
    value: initial,
    ignoreFocusOut: true,
    validateInput: (v) => (normaliseName(v, false) ? undefined : 'The name cannot be empty.'),
  });
  return name === undefined ? undefined : name.replace(/\s+/g, ' ').trim();
}

async function askId(services: Services, name: string, suggested: string | undefined): Promise<string | undefined> {
  const entities = services.registries.registry.entities;
  const nonLatin = suggested === undefined;
  return vscode.window.showInputBox({
    title: vscode.l10n.t('Add to Registry (2/4): id'),
    prompt: nonLatin
      ? vscode.l10n.t('“{0}” is not in Latin script: type the id in Latin letters (lower case, digits, “-”), e.g. ali-larijani.', name)
      : vscode.l10n.t('A stable id: lower case letters, digits, “.”, “_” and “-”. Tags refer to it; never rename it later.'),
    value: suggested ?? '',
    placeHolder: nonLatin ? vscode.l10n.t('e.g. ali-larijani') : undefined,
    ignoreFocusOut: true,
    validateInput: (v) => {
      const id = v.trim();
      if (!id) return vscode.l10n.t('An id is required.');
      if (!ENTITY_ID_PATTERN.test(id)) return vscode.l10n.t('Use lower case letters, digits, “.”, “_” and “-”, starting with a letter or digit.');
      const existing = entities.get(id);
      if (existing) return vscode.l10n.t('“{0}” is already used by {1} ({2}).', id, existing.name, existing.type);
      return undefined;
    },
  });
}

async function askType(name: string): Promise<EntityType | undefined> {
  const guess = guessEntityType(name);
  const items = [guess, ...ENTITY_TYPES.filter((t) => t !== guess)].map((type) => ({
    label: typeLabel(type),
    description: type === guess ? vscode.l10n.t('{0} · best guess', type) : type,
    type,
  }));
  const picked = await vscode.window.showQuickPick(items, {
    title: vscode.l10n.t('Add to Registry (3/4): type of “{0}”', name),
    placeHolder: vscode.l10n.t('What kind of entity is it?'),
    ignoreFocusOut: true,
  });
  return picked?.type;
}

async function askTarget(services: Services, id: string): Promise<Target | undefined | { error: string }> {
  const fallback = await defaultTarget(services, id);
  const items: (vscode.QuickPickItem & { target?: Target; newFile?: boolean })[] = [];
  const counts = new Map<string, number>();
  for (const e of services.registries.registry.entities.values()) counts.set(e.source.file, (counts.get(e.source.file) ?? 0) + 1);
  for (const uri of registryFiles(services)) {
    const layout = await layoutOf(services, uri);
    if (layout === 'single') continue;
    const n = counts.get(uri.toString()) ?? 0;
    const isDefault = !('error' in fallback) && fallback.uri.toString() === uri.toString();
    items.push({
      label: `$(file) ${relativePath(uri)}`,
      description: [
        n === 1 ? vscode.l10n.t('1 entity') : vscode.l10n.t('{0} entities', n),
        layout === 'unreadable' ? vscode.l10n.t('has errors') : '',
        isDefault ? vscode.l10n.t('default') : '',
      ]
        .filter(Boolean)
        .join(' · '),
      target: { uri, create: 'list' },
    });
  }
  const folder = await newEntityFolder(services);
  if (folder) {
    const uri = vscode.Uri.joinPath(folder, `${id}.yaml`);
    items.push({
      label: `$(new-file) ${vscode.l10n.t('New file in entities/ (one file per entity)')}`,
      description: relativePath(uri),
      detail: vscode.l10n.t('One entity per file never causes git merge conflicts.'),
      target: { uri, create: 'single' },
    });
  }
  if (items.length === 1 && !('error' in fallback) && fallback.create === 'list' && items[0].target!.create === 'single') {
    // No list file yet: offer creating entities.yaml as well.
    items.unshift({ label: `$(new-file) ${relativePath(fallback.uri)}`, description: vscode.l10n.t('new registry file'), target: fallback });
  }
  const picked = await vscode.window.showQuickPick(items, {
    title: vscode.l10n.t('Add to Registry (4/4): registry file'),
    placeHolder: vscode.l10n.t('Which registry file gets the new entity?'),
    ignoreFocusOut: true,
  });
  return picked?.target;
}

async function addEntity(services: Services, arg: unknown): Promise<AddEntityResult | undefined> {
  const args = argumentObject(arg);
  const interactive = args === undefined;
  await services.registries.ready;
  const editor = vscode.window.activeTextEditor;
  const selected = selectedNames(editor);

  // Name: the argument, else the (first) selection; asked when interactive.
  let name = stringArg(args, 'name');
  const fromSelection = name === undefined;
  if (name === undefined) name = selected[0];
  if (interactive) {
    name = await askName(name ?? '');
    if (!name) return undefined;
  } else if (name === undefined) {
    return refuse('no name: select the name in the text or pass `name`.');
  }
  // Further selections (multi-cursor) become aliases of the new entity.
  let aliases =
    stringListArg(args, 'aliases', 'alias') ?? (fromSelection ? selected.filter((s) => normaliseName(s, false) !== normaliseName(name, false)) : []);
  aliases = aliases.filter((a, i) => aliases.findIndex((b) => normaliseName(b, false) === normaliseName(a, false)) === i);

  const registry = services.registries.registry;
  const taken = (id: string) => registry.entities.has(id);
  let id = stringArg(args, 'id');
  if (id === undefined) {
    const suggested = suggestEntityId(name, taken);
    if (interactive) {
      id = (await askId(services, name, suggested))?.trim();
      if (!id) return undefined;
    } else if (suggested === undefined) {
      return refuse(`no id can be made from “${name}”: pass \`id\`.`);
    } else id = suggested;
  }

  let type: EntityType | undefined;
  const typeArg = stringArg(args, 'type');
  if (typeArg !== undefined) {
    if (!(ENTITY_TYPES as readonly string[]).includes(typeArg)) return refuse(`unknown type “${typeArg}”: use one of ${ENTITY_TYPES.join(', ')}.`);
    type = typeArg as EntityType;
  } else if (interactive) {
    type = await askType(name);
    if (!type) return undefined;
  } else {
    type = guessEntityType(name); // called with arguments: never prompt (SPEC §4)
  }

  const entity: NewEntity = { id, name, type, aliases: aliases.map(aliasFor) };
  const problem = checkNewEntity(registry, entity);
  if (problem) return refuse(problem.message);
  const shared = sharedNameNotes(registry, undefined, [name, ...(entity.aliases ?? [])]);

  const fileArg = stringArg(args, 'file');
  let target: Target | { error: string } | undefined;
  if (fileArg !== undefined) target = targetFromArgument(fileArg, id);
  else if (interactive) target = await askTarget(services, id);
  else target = await defaultTarget(services, id);
  if (!target) return undefined;
  if ('error' in target) return refuse(target.error);

  const before = await currentText(target.uri);
  if (before !== 'missing' && 'error' in before) return refuse(`${before.error}. Nothing was changed.`);
  const create = target.create;
  const uri = target.uri;
  const result = await withYamlLibrary((): RegistryEditResult => {
    if (before !== 'missing') return addEntityToText(before.text, entity, uri.toString());
    const text = create === 'single' ? newEntityFileText(entity) : newRegistryFileText(entity);
    return {
      ok: true,
      edits: [{ start: 0, end: 0, newText: text }],
      text,
      focus: { start: text.indexOf(entity.id), end: text.indexOf(entity.id) + entity.id.length },
    };
  });
  if (!result.ok) return refuse(`${relativePath(target.uri)}: ${result.message}`);
  if (!services.registries.isRegistryUri(target.uri)) {
    void vscode.window.showWarningMessage(
      vscode.l10n.t(
        'Analyst Markup: {0} is not matched by the setting analystMarkup.registry.files, so the new entity will not be loaded.',
        relativePath(target.uri),
      ),
    );
  }
  const document = await applyRegistryEdit(target.uri, before, result);
  if (typeof document === 'string') return refuse(document);
  if (!document) return refuse(`could not edit ${relativePath(target.uri)}. Nothing was changed.`);
  const file = target.uri.toString();
  await registryHas(services, () => services.registries.registry.entities.get(id)?.source.file === file);

  const reveal = typeof args?.reveal === 'boolean' ? args.reveal : interactive;
  if (reveal) {
    const start = document.positionAt(result.focus.start);
    const end = document.positionAt(result.focus.end);
    await vscode.window.showTextDocument(document, {
      viewColumn: vscode.ViewColumn.Beside,
      preserveFocus: true,
      preview: true,
      selection: new vscode.Range(start, end),
    });
  }
  void vscode.window.setStatusBarMessage(vscode.l10n.t('Analyst Markup: added {0} ({1}) to {2}', name, type, relativePath(target.uri)), 5000);
  if (shared.length > 0) void vscode.window.showInformationMessage(vscode.l10n.t('Analyst Markup: added {0}. {1}', name, shared.join(' ')));
  services.log.info(`addEntity: ${id} (${type}) → ${target.uri.toString(true)}`);
  return { id, file };
}

// ---------------------------------------------------------------------------------------------
// addAlias

async function pickEntity(services: Services, texts: string[]): Promise<Entity | undefined> {
  const entities = [...services.registries.registry.entities.values()];
  if (entities.length === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Analyst Markup: the registry has no entities yet; use “Add to Registry” first.'));
    return undefined;
  }
  const ranked = rankEntitiesByName(texts.join(' '), entities);
  const items = ranked.map(({ entity, score, matched }) => ({
    label: entity.name,
    description: `${entity.type} · ${entity.id}${score >= 0.5 ? ` · ${vscode.l10n.t('{0}% like “{1}”', Math.round(score * 100), matched)}` : ''}`,
    detail: entity.aliases.length ? vscode.l10n.t('aliases: {0}', entity.aliases.map((a) => a.text).join(', ')) : undefined,
    entity,
  }));
  const shown = texts.map((t) => `“${t}”`).join(', ');
  const picked = await vscode.window.showQuickPick(items, {
    title: vscode.l10n.t('Add {0} as alias of…', shown),
    placeHolder: vscode.l10n.t('The entity these names refer to (most similar first)'),
    matchOnDescription: true,
    ignoreFocusOut: true,
  });
  return picked?.entity;
}

async function addAlias(services: Services, arg: unknown): Promise<AddAliasResult | undefined> {
  const args = argumentObject(arg);
  await services.registries.ready;
  let texts = stringListArg(args, 'aliases', 'alias') ?? selectedNames(vscode.window.activeTextEditor);
  if (texts.length === 0 && args) return refuse('no alias: select it in the text or pass `alias`.');
  if (texts.length === 0) {
    const typed = await vscode.window.showInputBox({
      title: vscode.l10n.t('Add Alias'),
      prompt: vscode.l10n.t('The alias text (select it in the text to skip this step).'),
      ignoreFocusOut: true,
    });
    if (!typed?.trim()) return undefined;
    texts = [typed.replace(/\s+/g, ' ').trim()];
  }

  const registry = services.registries.registry;
  const entityId = args ? entityIdArgument({ entity: args.entity ?? args.id ?? args.entityId }) : undefined;
  let entity: Entity | undefined;
  if (entityId !== undefined) {
    entity = registry.entities.get(entityId);
    if (!entity) return refuse(`no entity with id “${entityId}” in the registry.`);
  } else if (args) {
    return refuse('no entity: pass `entity` (an entity id).');
  } else {
    entity = await pickEntity(services, texts);
    if (!entity) return undefined;
  }

  const accepted: (string | NewAlias)[] = [];
  const problems: string[] = [];
  for (const text of texts) {
    const alias = aliasFor(text);
    const problem = checkNewAlias(registry, entity.id, alias);
    if (problem) problems.push(problem.message);
    else if (!accepted.some((a) => normaliseName(aliasText(a), false) === normaliseName(text, false))) accepted.push(alias);
  }
  if (accepted.length === 0) return refuse(problems.join(' '));
  if (problems.length > 0) void vscode.window.showWarningMessage(vscode.l10n.t('Analyst Markup: {0}', problems.join(' ')));
  const shared = sharedNameNotes(registry, entity.id, accepted);

  const uri = vscode.Uri.parse(entity.source.file);
  const before = await currentText(uri);
  if (before === 'missing') return refuse(`the registry file of ${entity.name} (${relativePath(uri)}) no longer exists.`);
  if ('error' in before) return refuse(`${before.error}. Nothing was changed.`);
  const targetId = entity.id;
  const result = await withYamlLibrary(() => addAliasesToText(before.text, targetId, accepted, uri.toString()));
  if (!result.ok) return refuse(`${relativePath(uri)}: ${result.message}`);
  const document = await applyRegistryEdit(uri, before, result);
  if (typeof document === 'string') return refuse(document);
  if (!document) return refuse(`could not edit ${relativePath(uri)}. Nothing was changed.`);
  const added = accepted.map(aliasText);
  const id = entity.id;
  await registryHas(services, () => {
    const now = services.registries.registry.entities.get(id);
    return !!now && added.every((a) => now.aliases.some((x) => x.text === a));
  });
  if (typeof args?.reveal === 'boolean' && args.reveal) {
    await vscode.window.showTextDocument(document, {
      viewColumn: vscode.ViewColumn.Beside,
      preserveFocus: true,
      preview: true,
      selection: new vscode.Range(document.positionAt(result.focus.start), document.positionAt(result.focus.end)),
    });
  }
  void vscode.window.setStatusBarMessage(vscode.l10n.t('Analyst Markup: {0} added as alias of {1}', added.map((a) => `“${a}”`).join(', '), entity.name), 5000);
  if (shared.length > 0) void vscode.window.showInformationMessage(vscode.l10n.t('Analyst Markup: added as alias of {0}. {1}', entity.name, shared.join(' ')));
  services.log.info(`addAlias: ${added.join(', ')} → ${entity.id} (${uri.toString(true)})`);
  return { entity: entity.id, aliases: added, file: uri.toString() };
}

/** The bundle's factory (dist/authoring.js): the two commands, given the extension's objects. */
export function createAuthoring({ services }: CommandBundleHost): {
  addEntity(arg: unknown): Promise<AddEntityResult | undefined>;
  addAlias(arg: unknown): Promise<AddAliasResult | undefined>;
} {
  return { addEntity: (arg: unknown) => addEntity(services, arg), addAlias: (arg: unknown) => addAlias(services, arg) };
}
