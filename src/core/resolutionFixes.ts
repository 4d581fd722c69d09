// The quick fixes on a mention whose name fits several entities (SPEC §9, rule 6): link this
// mention to a candidate, use a candidate for the name in the whole document (front matter
// `refs:`), or mark it as no entity. Shared by the VS Code layer (code actions and the hover
// card's links) and the language server (code actions).

import { normaliseName } from './charTables';
import { setFrontMatterRef } from './frontMatterRefs';
import { linkEdits } from './linking';
import { MarkupEdit, NOT_AN_ENTITY, TagSpan } from './markup';
import type { ResolvedMention } from './resolution';

export type FixScope = 'mention' | 'document';

export interface ResolutionFix {
  title: string;
  /** An entity id or `none`. */
  to: string;
  scope: FixScope;
  edits: MarkupEdit[];
}

/**
 * The edit of one fix: a link around `[start, end)` (scope `mention`), or front matter `refs:`
 * for its text (scope `document`). A message when it cannot be made.
 */
export function resolutionFixEdits(
  text: string,
  spans: readonly TagSpan[],
  mentions: readonly ResolvedMention[],
  start: number,
  end: number,
  to: string,
  scope: FixScope,
): MarkupEdit[] | string {
  if (scope === 'document') {
    const name = text.slice(start, end).replace(/\s+/g, ' ');
    return [setFrontMatterRef(text, name, to, (a, b) => normaliseName(a, false) === normaliseName(b, false))];
  }
  const result = linkEdits(text, spans, mentions, [{ start, end }], to);
  return result.ok ? result.edits : result.message;
}

/**
 * The fixes for one mention: none unless its name fits several entities and no link or front
 * matter decided it. `nameOf` gives an entity's display name.
 */
export function resolutionFixes(
  text: string,
  spans: readonly TagSpan[],
  mentions: readonly ResolvedMention[],
  mention: ResolvedMention,
  nameOf: (id: string) => string | undefined,
): ResolutionFix[] {
  const candidates = mention.candidates ?? [];
  if (candidates.length < 2 || mention.resolution === 'link' || mention.resolution === 'frontMatter') return [];
  const said = text.slice(mention.start, mention.end).replace(/\s+/g, ' ');
  const fixes: ResolutionFix[] = [];
  const make = (title: string, to: string, scope: FixScope): void => {
    const edits = resolutionFixEdits(text, spans, mentions, mention.start, mention.end, to, scope);
    if (typeof edits !== 'string') fixes.push({ title, to, scope, edits });
  };
  for (const id of candidates) make(`Link to ${nameOf(id) ?? id}`, id, 'mention');
  for (const id of candidates) make(`Use ${nameOf(id) ?? id} for “${said}” in this document`, id, 'document');
  make('Not an entity here', NOT_AN_ENTITY, 'mention');
  return fixes;
}
