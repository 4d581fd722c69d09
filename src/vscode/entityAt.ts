// Which entity is under the cursor: a mention in an analysed text, or, in a registry file, an
// entity's `id` or a reference to one (`of:`, `affiliations:`). Shared by the hover card and
// the definition and reference providers.

import vscode = require('vscode');
import { EntityTargetKind, RegistryTarget, registryTargetAt, registryTargets, mentionTargetAt } from '../core/entityTargets';
import { parseRegistryFile } from '../core/registry';
import type { ResolvedMention } from '../core/resolution';
import type { Entity } from '../core/types';
import { isAnalysedDocument } from './config';
import { offsetRange } from './convert';
import type { Services } from './services';
import { withYamlLibrary } from './yamlLibrary';

export type { EntityTargetKind };

export interface EntityTarget {
  entity: Entity;
  /** The hovered text: the mention, the id or the reference. */
  range: vscode.Range;
  /** `mention` in an analysed text; `definition` (an entity's `id`) or `reference` in a registry file. */
  kind: EntityTargetKind;
  /** For a mention: the mention as resolved (SPEC §9). */
  mention?: ResolvedMention;
}

const registryTargetCache = new WeakMap<vscode.TextDocument, { version: number; targets: RegistryTarget[] }>();

/** The ids and references of a registry document, cached per document version. */
function targetsOf(document: vscode.TextDocument): RegistryTarget[] {
  const cached = registryTargetCache.get(document);
  if (cached && cached.version === document.version) return cached.targets;
  const targets = registryTargets(parseRegistryFile(document.uri.toString(), document.getText()));
  registryTargetCache.set(document, { version: document.version, targets });
  return targets;
}

export function isRegistryDocument(services: Services, document: vscode.TextDocument): boolean {
  return document.uri.scheme !== 'git' && services.registries.isRegistryUri(document.uri);
}

/**
 * The entity at `position`, or undefined. Entities unknown to the registry in force are ignored.
 * Reads a registry document with the core's parser: call it through `withYamlLibrary`.
 */
export function entityAt(services: Services, document: vscode.TextDocument, position: vscode.Position): EntityTarget | undefined {
  const entities = services.registries.registry.entities;
  if (isRegistryDocument(services, document)) {
    const found = registryTargetAt(targetsOf(document), document.offsetAt(position), entities);
    return found && { entity: found.entity, range: offsetRange(document, found.start, found.end), kind: found.kind };
  }
  if (!isAnalysedDocument(document)) return undefined;
  const mention = services.index.mentionAt(document, position);
  if (!mention) return undefined;
  const found = mentionTargetAt([mention], mention.start, entities);
  return found && { entity: found.entity, range: offsetRange(document, found.start, found.end), kind: 'mention', mention };
}

/** Reads an entity id from a command argument: an id, `{ id }`, `{ entity }` or `{ entityId }`. */
export function entityIdArgument(arg: unknown): string | undefined {
  if (typeof arg === 'string') return arg.trim() || undefined;
  if (Array.isArray(arg)) arg = arg[0] as unknown; // one level: `[id]` or `[{ id }]`
  if (typeof arg === 'string') return arg.trim() || undefined;
  if (arg && typeof arg === 'object') {
    const o = arg as Record<string, unknown>;
    for (const key of ['entityId', 'entity', 'id']) {
      if (typeof o[key] === 'string') return o[key].trim() || undefined;
    }
  }
  return undefined;
}

/** The entity a command is about: its argument, else the one at the cursor, else one the user picks. */
export async function resolveEntityArgument(services: Services, arg: unknown, placeHolder: string): Promise<Entity | undefined> {
  const entities = services.registries.registry.entities;
  const id = entityIdArgument(arg);
  if (id !== undefined) {
    const entity = entities.get(id);
    if (!entity) void vscode.window.showWarningMessage(vscode.l10n.t('Analyst Markup: no entity with id “{0}” in the registry.', id));
    return entity;
  }
  const editor = vscode.window.activeTextEditor;
  if (editor) {
    const target = await withYamlLibrary(() => entityAt(services, editor.document, editor.selection.active));
    if (target) return target.entity;
  }
  await services.registries.ready;
  const items = [...services.registries.registry.entities.values()]
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((entity) => ({ label: entity.name, description: `${entity.type} · ${entity.id}`, entity }));
  if (items.length === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Analyst Markup: the registry has no entities yet.'));
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(items, { placeHolder, matchOnDescription: true });
  return picked?.entity;
}
