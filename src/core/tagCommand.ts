// The edit of a tag command run with an argument object (SPEC §4 `tagClaim`, `tagEvent`): read
// and check the arguments, find what each selection tags, give each new tag an id unique in the
// workspace, and make the edits. Shared by the VS Code commands (which may ask for the
// arguments first) and the language server's `workspace/executeCommand`.

import { AssertionKind, generateTagId, MarkupEdit, parseMarkup, TagSpan, TagSpec } from './markup';
import { ArgumentError, eventTypeChoices, readTagArguments, tagEdits, tagTargets, TextSelection } from './tagging';
import type { Entity, EventType } from './types';

/** The edits that wrap each target in a new tag of `kind` with `attributes`; the new ids, in target order. */
export function newTagEdits(
  text: string,
  targets: ReadonlyArray<readonly [number, number]>,
  kind: AssertionKind,
  attributes: readonly [string, string][],
  taken: Set<string>,
  random?: () => number,
): { edits: MarkupEdit[]; ids: string[] } {
  const ids: string[] = [];
  const specs: TagSpec[] = targets.map(() => {
    const id = generateTagId(kind, taken, random);
    taken.add(id);
    ids.push(id);
    return { kind, id, attributes };
  });
  return { edits: tagEdits(text, targets, specs), ids };
}

export type TagCommandResult =
  | { ok: true; edits: MarkupEdit[]; ids: string[]; /** Entity ids in the arguments the registry does not know. */ unknownIds: string[] }
  | { ok: false; message: string };

/**
 * The whole tag command on `text` with an argument object: nothing is edited (and the message
 * says why) for bad arguments or a selection that cuts across a tag. `workspaceIds` are the tag
 * ids used elsewhere in the workspace; the document's own are added.
 */
export function tagCommandEdits(
  text: string,
  selections: readonly TextSelection[],
  kind: AssertionKind,
  args: unknown,
  registry: { entities: ReadonlyMap<string, Entity>; eventTypes: readonly EventType[] },
  workspaceIds: Iterable<string> = [],
  spans: readonly TagSpan[] = parseMarkup(text).spans,
): TagCommandResult {
  const command = kind === 'claim' ? 'Tag as Claim' : 'Tag as Event';
  let attributes: [string, string][];
  let unknownIds: string[];
  try {
    const read = readTagArguments(kind, args, eventTypeChoices(registry.eventTypes));
    attributes = read.attributes;
    unknownIds = read.entityIds.filter((id) => !registry.entities.has(id));
  } catch (error) {
    if (!(error instanceof ArgumentError)) throw error;
    return { ok: false, message: `${command}: ${error.message} Nothing was tagged.` };
  }
  if (selections.length === 0) return { ok: false, message: `${command}: no selection to tag. Nothing was tagged.` };
  const targets = tagTargets(text, spans, selections);
  if (!targets.ok) return { ok: false, message: targets.message };
  const taken = new Set(workspaceIds);
  for (const sp of spans) if (sp.id) taken.add(sp.id);
  const { edits, ids } = newTagEdits(text, targets.targets, kind, attributes, taken);
  return { ok: true, edits, ids, unknownIds };
}
