// The documents open in the client, kept in sync incrementally (TextDocumentSyncKind.Incremental):
// each change is applied to the text, and its region merged into one pending edit, so the next
// request updates the document's mentions with core/incremental.ts (a rescan of the region the
// edits can change) instead of a full rescan of the text.

import { TextDocument } from 'vscode-languageserver-textdocument';
import type { TextDocumentContentChangeEvent } from 'vscode-languageserver';
import { DocumentDateResult, findDocumentDate } from '../core/documentDate';
import { MentionState, TextEdit, mergeEdits, scanAll, updateMentions } from '../core/incremental';
import { MarkupParseResult, parseMarkup } from '../core/markup';
import { windowMentions } from '../core/mentionWindow';
import type { Registry } from '../core/registry';
import { ResolvedMention, resolveMentions } from '../core/resolution';
import type { Mention } from '../core/types';

/** Above this share of the text, a full rescan is as cheap as an incremental one. */
const INCREMENTAL_LIMIT = 0.25;
/** Characters around a range whose mentions resolve it (coreference and context within them). */
const WINDOW_CONTEXT_CHARS = 16 * 1024;
/** The date stands in the front matter or the first 30 lines: a big document's head will do. */
const DATE_HEAD_CHARS = 256 * 1024;

export class OpenDocument {
  document: TextDocument;
  /** The mentions of `stateText` as the matcher gives them, for registry `generation`. */
  private state: MentionState | undefined;
  private stateText = '';
  private generation = -1;
  /** The edits since `stateText`, merged into one region (in the current text's coordinates). */
  private pending: TextEdit | undefined;
  private resolved: { version: number; generation: number; mentions: ResolvedMention[] } | undefined;
  private parsed: { version: number; parsed: MarkupParseResult } | undefined;
  private date: { version: number; day: string; date: DocumentDateResult } | undefined;
  /** How the last update of the mentions was made (for the benchmark and the tests). */
  lastUpdate: 'full' | 'incremental' | 'cached' = 'full';

  constructor(
    readonly uri: string,
    readonly languageId: string,
    version: number,
    text: string,
  ) {
    this.document = TextDocument.create(uri, languageId, version, text);
  }

  get version(): number {
    return this.document.version;
  }

  get text(): string {
    return this.document.getText();
  }

  /** Applies the client's changes in order, recording the region they touch. */
  applyChanges(changes: readonly TextDocumentContentChangeEvent[], version: number): void {
    for (const change of changes) {
      const before = this.document;
      if ('range' in change) {
        const start = before.offsetAt(change.range.start);
        const end = Math.max(start, before.offsetAt(change.range.end));
        const edit: TextEdit = { start, deletedLength: end - start, insertedLength: change.text.length };
        this.pending = this.pending ? mergeEdits(this.pending, edit) : edit;
      } else {
        this.pending = undefined;
        this.state = undefined; // a whole new text: scan it afresh
      }
      this.document = TextDocument.update(before, [change], version);
    }
    if (this.pending && this.pending.insertedLength > this.text.length * INCREMENTAL_LIMIT && this.text.length > 10_000) {
      this.pending = undefined;
      this.state = undefined;
    }
  }

  /** Every mention of the text as the matcher gives them, updated from the last state where possible. */
  rawMentions(registry: Registry): MentionState {
    const text = this.text;
    if (this.state && this.generation === registry.generation) {
      if (!this.pending) {
        this.lastUpdate = 'cached';
        return this.state;
      }
      this.state = updateMentions(registry.matcher, this.state, text, this.pending, this.stateText);
      this.lastUpdate = 'incremental';
    } else {
      this.state = scanAll(registry.matcher, text);
      this.lastUpdate = 'full';
    }
    this.stateText = text;
    this.pending = undefined;
    this.generation = registry.generation;
    return this.state;
  }

  /** Every mention, resolved to who is meant (SPEC §9), cached per version and registry. */
  mentions(registry: Registry): ResolvedMention[] {
    const resolved = this.resolved;
    if (resolved && resolved.version === this.version && resolved.generation === registry.generation) return resolved.mentions;
    const raw = this.rawMentions(registry).mentions;
    const text = this.text;
    const mentions = resolveMentions(registry, text, raw, {
      spans: text.indexOf('.ref') >= 0 ? this.markup().spans : undefined,
      date: () => this.documentDate(),
    });
    this.resolved = { version: this.version, generation: registry.generation, mentions };
    return mentions;
  }

  /**
   * The mentions overlapping `[from, to)`: the same as those of `mentions()`, resolved from the
   * text around the range and the front matter when the whole text is not resolved yet (a
   * keystroke in a big document costs a scan of the edit's region and a resolution of the range).
   */
  mentionsIn(registry: Registry, from: number, to: number): ResolvedMention[] {
    const resolved = this.resolved;
    if (resolved && resolved.version === this.version && resolved.generation === registry.generation) return overlapping(resolved.mentions, from, to);
    const text = this.text;
    if (text.length <= 4 * WINDOW_CONTEXT_CHARS) return overlapping(this.mentions(registry), from, to);
    const sliceStart = Math.max(0, from - WINDOW_CONTEXT_CHARS);
    const sliceEnd = Math.min(text.length, to + WINDOW_CONTEXT_CHARS);
    // Edited since the last full state (typing), or never scanned (just opened): the mentions
    // of the lines around the range alone, exactly those of a full scan (core/mentionWindow.ts);
    // the full state catches up when something needs every mention.
    const windowed = this.state && this.generation === registry.generation && !this.pending ? undefined : this.windowScan(registry, sliceStart, sliceEnd);
    const raw = windowed ?? this.rawMentions(registry).mentions;
    const inSlice = overlapping(raw, sliceStart, sliceEnd).filter((m) => m.start >= sliceStart && m.end <= sliceEnd);
    return resolveWindow(registry, text, inSlice, sliceStart, sliceEnd, () => this.documentDate()).filter((m) => m.end > from && m.start < to);
  }

  /** The matcher's mentions overlapping `[from, to)` from a scan of the text around them, read more widely until they settle. */
  private windowScan(registry: Registry, from: number, to: number): Mention[] {
    const text = this.text;
    for (let context = WINDOW_CONTEXT_CHARS; ; context *= 4) {
      // Slices start and end at line starts, as the window scan's block boundaries expect.
      const start = from - context <= 0 ? 0 : text.lastIndexOf('\n', from - context) + 1;
      const lineAfter = text.indexOf('\n', Math.min(text.length, to + context));
      const end = lineAfter < 0 ? text.length : lineAfter + 1;
      const found = windowMentions(registry.matcher, { text: text.slice(start, end), start, reachesEnd: end >= text.length }, from, to);
      if (found) return found;
      if (start === 0 && end >= text.length) return overlapping(this.rawMentions(registry).mentions, from, to); // cannot happen: a whole text settles
    }
  }

  markup(): MarkupParseResult {
    if (this.parsed?.version === this.version) return this.parsed.parsed;
    let parsed: MarkupParseResult;
    try {
      parsed = parseMarkup(this.text);
    } catch {
      parsed = { spans: [], diagnostics: [] }; // a parser bug must not take the server down
    }
    this.parsed = { version: this.version, parsed };
    return parsed;
  }

  documentDate(): DocumentDateResult {
    const day = new Date().toDateString();
    if (this.date && this.date.version === this.version && this.date.day === day) return this.date.date;
    const date = findDocumentDate(this.text.slice(0, DATE_HEAD_CHARS));
    this.date = { version: this.version, day, date };
    return date;
  }
}

/** The mentions (sorted) overlapping `[from, to)`. */
export function overlapping<M extends Mention>(mentions: readonly M[], from: number, to: number): M[] {
  let low = 0;
  let high = mentions.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (mentions[mid].end <= from) low = mid + 1;
    else high = mid;
  }
  const out: M[] = [];
  for (let k = low; k < mentions.length && mentions[k].start < to; k++) out.push(mentions[k]);
  return out;
}

/** SPEC §9 on a window of a big text: its own links, coreference and context, and the front matter. */
function resolveWindow(
  registry: Registry,
  text: string,
  raw: readonly Mention[],
  sliceStart: number,
  sliceEnd: number,
  date: () => DocumentDateResult,
): ResolvedMention[] {
  const headEnd = text.startsWith('---') ? closingLineEnd(text.slice(0, DATE_HEAD_CHARS)) : 0;
  // The front matter goes before the slice unless the slice holds it already.
  const frontMatter = headEnd > 0 && headEnd <= sliceStart ? text.slice(0, headEnd) : '';
  const offset = sliceStart - frontMatter.length;
  const shifted = raw.map((m) => ({ ...m, start: m.start - offset, end: m.end - offset }));
  const resolved = resolveMentions(registry, frontMatter + text.slice(sliceStart, sliceEnd), shifted, { date });
  return resolved.map((m) => ({ ...m, start: m.start + offset, end: m.end + offset }));
}

/** The end of a front matter's closing line in `head` (the document's first characters), or 0. */
function closingLineEnd(head: string): number {
  const match = /^---[ \t]*\r?\n[\s\S]*?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/.exec(head);
  return match ? match[0].length : 0;
}
