// Mentions of registry entities in a text, as the editor, the API and the CLI see them.

import { scanAll } from './incremental';
import type { Registry } from './registry';
import { ResolveOptions, ResolvedMention, ResolverRegistry, resolveMentions } from './resolution';

/**
 * Every mention in `text` (SPEC §2), each resolved to who is meant (SPEC §9); tag attribute
 * blocks are not scanned.
 */
export function findMentions(registry: Pick<Registry, 'matcher'> & ResolverRegistry, text: string, options?: ResolveOptions): ResolvedMention[] {
  return resolveMentions(registry, text, scanAll(registry.matcher, text).mentions, options);
}
