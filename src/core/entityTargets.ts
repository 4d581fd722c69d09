// What is at a position: the mention under the cursor in an analysed text, or, in a registry
// file, an entity's `id` or a reference to one (`of:`, `affiliations:`). Shared by the VS Code
// layer (hover, definition, references) and the language server.

import { mentionAtOffset } from './linking';
import type { ParsedRegistryFile } from './registry';
import type { ResolvedMention } from './resolution';
import type { Entity } from './types';

/** An entity's `id` (`definition`) or a reference to an id (`reference`) in a registry file. */
export interface RegistryTarget {
  start: number;
  end: number;
  id: string;
  kind: 'definition' | 'reference';
}

/** The ids and references of one parsed registry file, in no particular order. */
export function registryTargets(parsed: Pick<ParsedRegistryFile, 'entities' | 'locations'>): RegistryTarget[] {
  const targets: RegistryTarget[] = [];
  for (const entity of parsed.entities) {
    const r = entity.source.idRange;
    targets.push({ start: r.start.offset, end: r.end.offset, id: entity.id, kind: 'definition' });
  }
  for (const locations of parsed.locations.values()) {
    for (const ref of locations.references) {
      targets.push({ start: ref.range.start.offset, end: ref.range.end.offset, id: ref.id, kind: 'reference' });
    }
  }
  return targets;
}

export type EntityTargetKind = 'mention' | 'definition' | 'reference';

/** The entity at an offset, with the range of the text that names it. */
export interface EntityTargetAt {
  entity: Entity;
  start: number;
  end: number;
  kind: EntityTargetKind;
  /** For a mention: the mention as resolved (SPEC §9). */
  mention?: ResolvedMention;
}

/** The registry target touching `offset` (its end included) whose entity the registry knows. */
export function registryTargetAt(targets: readonly RegistryTarget[], offset: number, entities: ReadonlyMap<string, Entity>): EntityTargetAt | undefined {
  for (const t of targets) {
    if (offset < t.start || offset > t.end) continue;
    const entity = entities.get(t.id);
    if (entity) return { entity, start: t.start, end: t.end, kind: t.kind };
  }
  return undefined;
}

/** The mention at `offset` (see mentionAtOffset) whose entity the registry knows. */
export function mentionTargetAt(mentions: readonly ResolvedMention[], offset: number, entities: ReadonlyMap<string, Entity>): EntityTargetAt | undefined {
  const mention = mentionAtOffset(mentions, offset);
  if (!mention) return undefined;
  const entity = entities.get(mention.entityId);
  return entity ? { entity, start: mention.start, end: mention.end, kind: 'mention', mention } : undefined;
}
