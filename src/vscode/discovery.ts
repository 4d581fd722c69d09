// Name discovery in the editor: names and acronyms the registry does not know are shown as subtle
// hints (DiagnosticSeverity.Hint, collection `analystMarkup.discovery`), with quick fixes to add
// them to the registry as an entity of each type, as an alias of the closest entity, or to stop
// suggesting them. Setting `analystMarkup.discovery.enabled` (default true); names never to
// suggest: `analystMarkup.discovery.ignore`.

import vscode = require('vscode');
import { DocumentDebouncer } from './documentDebouncer';
import { DocumentSlices } from './documentSlices';
import { normaliseName } from '../core/charTables';
import { closestEntity, discoverNames, NameCandidate } from '../core/nameDiscovery';
import { suggestEntityId } from '../core/registryEdit';
import { ENTITY_TYPES } from '../core/types';
import type { EntityType } from '../core/types';
import { isAnalysedDocument } from './config';
import { offsetRange } from './convert';
import { isRegistryDocument } from './entityAt';
import { ADD_ALIAS_COMMAND, ADD_ENTITY_COMMAND } from './lazyCommands';
import type { Services } from './services';

export const DISCOVERY_COLLECTION = 'analystMarkup.discovery';
export const DISCOVERY_CODE = 'unknown-name';
export const IGNORE_NAME_COMMAND = 'analystMarkup.discovery.ignoreName';
const SOURCE = 'Analyst Markup';
const EDIT_DEBOUNCE_MS = 400;
/** Larger texts are not scanned for names (they are not articles). */
const MAX_LENGTH = 2_000_000;

const TYPE_WORDS: Record<EntityType, string> = {
  person: 'person',
  organization: 'organization',
  state: 'state',
  place: 'place',
  position: 'position',
  other: 'other',
};

function settings(scope?: vscode.ConfigurationScope): { enabled: boolean; ignored: Set<string> } {
  const section = vscode.workspace.getConfiguration('analystMarkup', scope);
  const list = section.get<unknown>('discovery.ignore');
  const ignored = new Set<string>();
  if (Array.isArray(list)) for (const v of list) if (typeof v === 'string' && v.trim()) ignored.add(normaliseName(v, false));
  return { enabled: section.get<boolean>('discovery.enabled', true) !== false, ignored };
}

class Discovery implements vscode.Disposable, vscode.CodeActionProvider {
  private readonly collection = vscode.languages.createDiagnosticCollection(DISCOVERY_COLLECTION);
  private readonly candidates = new Map<string, { version: number; generation: number; list: NameCandidate[] }>();
  private readonly debouncer = new DocumentDebouncer(EDIT_DEBOUNCE_MS, (document) => this.update(document));
  private readonly slices = new DocumentSlices((document) => this.update(document));
  private readonly disposables: vscode.Disposable[] = [this.debouncer, this.slices];

  constructor(private readonly services: Services) {
    this.disposables.push(
      this.collection,
      // After the pause the edits get, counted from when its editor shows: its highlights go first.
      vscode.workspace.onDidOpenTextDocument((d) => this.debouncer.scheduleOpened(d)),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length > 0) this.debouncer.schedule(e.document);
      }),
      vscode.workspace.onDidCloseTextDocument((d) => this.forget(d.uri)),
      // Hints show in editors only (not in the Problems panel): a document's when it is shown.
      vscode.window.onDidChangeVisibleTextEditors((editors) => {
        for (const editor of editors) if (!this.isCurrent(editor.document)) this.debouncer.schedule(editor.document);
      }),
      services.registries.onDidChange(() => this.updateAll()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('analystMarkup.discovery') || e.affectsConfiguration('analystMarkup.highlight.languages')) {
          this.candidates.clear(); // names to ignore may have changed
          this.updateAll();
        }
      }),
    );
    void services.registries.ready.then(() => this.updateAll());
  }

  private forget(uri: vscode.Uri): void {
    const key = uri.toString();
    this.debouncer.cancel(uri);
    this.slices.cancel(uri);
    this.candidates.delete(key);
    this.collection.delete(uri);
  }

  updateAll(): void {
    this.slices.runAll(vscode.window.visibleTextEditors.map((e) => e.document));
  }

  private isCurrent(document: vscode.TextDocument): boolean {
    const cached = this.candidates.get(document.uri.toString());
    return !!cached && cached.version === document.version && cached.generation === this.services.registries.registry.generation;
  }

  /** The candidates of a document, computed for its current version and the registry in force. */
  candidatesOf(document: vscode.TextDocument): NameCandidate[] {
    const key = document.uri.toString();
    const cached = this.candidates.get(key);
    const generation = this.services.registries.registry.generation;
    if (cached && cached.version === document.version && cached.generation === generation) return cached.list;
    const { ignored } = settings(document.uri);
    let list: NameCandidate[] = [];
    try {
      list = discoverNames(document.getText(), this.services.registries.registry, { mentions: this.services.index.mentions(document), ignored });
    } catch (error) {
      this.services.log.error(`Name discovery failed on ${document.uri.toString(true)}: ${String(error)}`);
    }
    this.candidates.set(key, { version: document.version, generation, list });
    return list;
  }

  private applies(document: vscode.TextDocument): boolean {
    return (
      settings(document.uri).enabled &&
      document.getText().length <= MAX_LENGTH &&
      isAnalysedDocument(document) &&
      !isRegistryDocument(this.services, document) &&
      document.uri.scheme !== 'git'
    );
  }

  update(document: vscode.TextDocument): void {
    if (!this.applies(document)) {
      this.candidates.delete(document.uri.toString());
      this.collection.delete(document.uri);
      return;
    }
    // Not shown (opened by an extension, or a closed editor's document lingering): when it is.
    if (!vscode.window.visibleTextEditors.some((e) => e.document === document)) return;
    const diagnostics = this.candidatesOf(document).map((c) => {
      const what = c.kind === 'acronym' ? 'Acronym' : 'Name';
      const diagnostic = new vscode.Diagnostic(
        offsetRange(document, c.start, c.end),
        `${what} “${c.text}” is not in the registry. Quick fix: add it as an entity or as an alias.`,
        vscode.DiagnosticSeverity.Hint,
      );
      diagnostic.source = SOURCE;
      diagnostic.code = DISCOVERY_CODE;
      return diagnostic;
    });
    this.collection.set(document.uri, diagnostics);
  }

  provideCodeActions(document: vscode.TextDocument, _range: vscode.Range | vscode.Selection, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const actions: vscode.CodeAction[] = [];
    const ours = context.diagnostics.filter((d) => d.source === SOURCE && d.code === DISCOVERY_CODE);
    if (ours.length === 0) return actions;
    const registry = this.services.registries.registry;
    const candidates = this.candidatesOf(document);
    for (const diagnostic of ours) {
      const start = document.offsetAt(diagnostic.range.start);
      const end = document.offsetAt(diagnostic.range.end);
      const candidate = candidates.find((c) => c.start === start && c.end === end);
      if (!candidate) continue;
      const id = suggestEntityId(candidate.text, (x) => registry.entities.has(x));
      const types: EntityType[] = [candidate.type, ...ENTITY_TYPES.filter((t) => t !== candidate.type)];
      for (const type of types) {
        const action = new vscode.CodeAction(`Add “${candidate.text}” to registry as ${TYPE_WORDS[type]}`, vscode.CodeActionKind.QuickFix);
        action.diagnostics = [diagnostic];
        action.isPreferred = type === candidate.type;
        // Without an id (a name in another script) the command asks for one.
        action.command = { command: ADD_ENTITY_COMMAND, title: action.title, arguments: [{ name: candidate.text, type, ...(id ? { id } : {}) }] };
        actions.push(action);
      }
      const closest = closestEntity(candidate, registry.entities);
      if (closest) {
        const action = new vscode.CodeAction(
          `Add “${candidate.text}” as alias of ${closest.entity.name} (${closest.entity.id})`,
          vscode.CodeActionKind.QuickFix,
        );
        action.diagnostics = [diagnostic];
        action.command = { command: ADD_ALIAS_COMMAND, title: action.title, arguments: [{ entity: closest.entity.id, alias: candidate.text }] };
        actions.push(action);
      }
      const ignore = new vscode.CodeAction(`Don’t suggest “${candidate.text}” again`, vscode.CodeActionKind.QuickFix);
      ignore.diagnostics = [diagnostic];
      ignore.command = { command: IGNORE_NAME_COMMAND, title: ignore.title, arguments: [{ name: candidate.text }] };
      actions.push(ignore);
    }
    return actions;
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

async function ignoreName(arg: unknown): Promise<void> {
  const name = arg && typeof arg === 'object' && typeof (arg as { name?: unknown }).name === 'string' ? (arg as { name: string }).name.trim() : undefined;
  if (!name) return;
  const section = vscode.workspace.getConfiguration('analystMarkup');
  const current = section.get<unknown>('discovery.ignore');
  const list = Array.isArray(current) ? current.filter((v): v is string => typeof v === 'string') : [];
  if (list.some((v) => normaliseName(v, false) === normaliseName(name, false))) return;
  const target = vscode.workspace.workspaceFolders?.length ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
  await section.update('discovery.ignore', [...list, name], target);
}

export function registerDiscovery(services: Services): void {
  const discovery = new Discovery(services);
  services.context.subscriptions.push(
    discovery,
    vscode.languages.registerCodeActionsProvider('*', discovery, { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] }),
    vscode.commands.registerCommand(IGNORE_NAME_COMMAND, ignoreName),
  );
}
