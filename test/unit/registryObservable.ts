// Everything a user can notice of a registry, as plain data, for the property tests that compare
// a registry built one way with one built another (registrySteps, registryIncremental). The
// generation is left out: it counts builds.
import type { Registry } from '../../src/core/registry';

export function observableRegistry(registry: Registry, probe: string): unknown {
  return {
    entities: [...registry.entities].map(([id, e]) => [id, JSON.parse(JSON.stringify(e)) as unknown]),
    eventTypes: registry.eventTypes,
    diagnostics: [...registry.diagnostics].map(([file, list]) => [file, JSON.parse(JSON.stringify(list)) as unknown]),
    mentions: registry.matcher.scan(probe).map((m) => ({ ...m, candidates: registry.candidatesOf(m.entityId) })),
    size: registry.matcher.size,
    maxFormLength: registry.matcher.maxFormLength,
    holders: [...registry.holders],
    contextSlots: [...registry.contextSlots],
    members: [...registry.members],
    files: registry.files,
    errorCount: registry.errorCount,
    warningCount: registry.warningCount,
  };
}
