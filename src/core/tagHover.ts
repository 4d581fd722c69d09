// The hover on a tag's markup (its `[` or its attribute block): what the tag says, and, on an
// entity id inside the block, which entity that is. Shared by the VS Code layer and the
// language server; each renders the Markdown (and the entity's card) in its own way.

import type { TagSpan } from './markup';
import { AssistContext, attributeAt, tagHoverMarkdown, tagMarkupAt } from './markupAssist';

export interface TagHover {
  /** The tag's explanation (core/markupAssist.ts tagHoverMarkdown). */
  markdown: string;
  /** The hovered range: the `[`, the attribute block, or the entity id in it. */
  start: number;
  end: number;
  /** The entity id under the cursor inside the block, if any (the registry may not know it). */
  entityId?: string;
}

/** The hover of the tag markup at `offset`, or undefined when the offset is on no tag's markup. */
export function tagHoverAt(spans: readonly TagSpan[], offset: number, ctx: AssistContext): TagHover | undefined {
  const span = tagMarkupAt(spans, offset);
  if (!span) return undefined;
  const markdown = tagHoverMarkdown(span, ctx);
  const at = attributeAt(span, offset);
  if (at?.entityId) return { markdown, start: at.entityId.start, end: at.entityId.end, entityId: at.entityId.id };
  return offset === span.start ? { markdown, start: span.start, end: span.start + 1 } : { markdown, start: span.contentEnd, end: span.end };
}
