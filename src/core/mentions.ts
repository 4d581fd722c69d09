// Mentions of registry entities in a text, as the editor, the API and the CLI see them.

import { attributeBlockRanges } from './markup';
import type { Registry } from './registry';
import type { Mention } from './types';

/** Every mention in `text` (SPEC §2); tag attribute blocks are not scanned. */
export function findMentions(registry: Pick<Registry, 'matcher'>, text: string): Mention[] {
  const excluded = attributeBlockRanges(text);
  return registry.matcher.scan(text, excluded.length > 0 ? { excluded } : undefined);
}
