// Duplicate tag IDs across texts (SPEC §3: `#id` unique in the workspace), and the fix that
// renumbers them: after a merge of two branches that tagged apart, the first use of an ID keeps
// it (the texts in the order given, each from the top) and every later use gets a fresh one.
// Only the ID's characters change; every other byte of the texts stays as it was.

import { generateTagId, parseMarkup } from './markup';
import type { TagKind } from './markup';

export interface TagIdRenumbering {
  /** Index of the text in the list given. */
  document: number;
  /** Offsets of the ID's characters (after the `#`) in that text. */
  start: number;
  end: number;
  oldId: string;
  newId: string;
  /** Where the ID's first use is: its text and the offset of its `#`. */
  first: { document: number; offset: number };
}

/** The renumberings that make every tag ID of `texts` unique, in text and offset order. */
export function renumberDuplicateTagIds(texts: readonly string[], random?: () => number): TagIdRenumbering[] {
  const parsed = texts.map((text) => parseMarkup(text).spans);
  const firstUse = new Map<string, { document: number; offset: number }>();
  for (let document = 0; document < parsed.length; document++) {
    for (const span of parsed[document]) {
      if (span.id !== undefined && span.idStart !== undefined && !firstUse.has(span.id)) firstUse.set(span.id, { document, offset: span.idStart - 1 });
    }
  }
  const taken = new Set(firstUse.keys());
  const out: TagIdRenumbering[] = [];
  for (let document = 0; document < parsed.length; document++) {
    for (const span of parsed[document]) {
      if (span.id === undefined || span.idStart === undefined || span.idEnd === undefined) continue;
      const first = firstUse.get(span.id)!;
      if (first.document === document && first.offset === span.idStart - 1) continue;
      // Keep the ID's letter where it is ours (c…, e…), else the tag's kind says it.
      const kind: TagKind = /^c/.test(span.id) ? 'claim' : /^e/.test(span.id) ? 'event' : span.kind === 'claim' ? 'claim' : 'event';
      const newId = generateTagId(kind, taken, random);
      taken.add(newId);
      out.push({ document, start: span.idStart, end: span.idEnd, oldId: span.id, newId, first });
    }
  }
  return out;
}
