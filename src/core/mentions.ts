// Mentions of registry entities in a text, as the editor, the API and the CLI see them.

import { scanAll } from './incremental';
import type { Registry } from './registry';
import type { Mention } from './types';

/** Every mention in `text` (SPEC §2); tag attribute blocks are not scanned. */
export function findMentions(registry: Pick<Registry, 'matcher'>, text: string): Mention[] {
  return scanAll(registry.matcher, text).mentions;
}
