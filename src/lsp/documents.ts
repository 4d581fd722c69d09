// The documents open in the client, kept in sync incrementally (TextDocumentSyncKind.Incremental)
// by the library's `TextDocuments` manager, fed our own document type (`openDocuments`): each
// change is applied to a chunked text (core/chunkedText.ts) that copies only the chunks it
// touches, not the whole text, and its region merged into one pending edit, so the next request
// updates the document's mentions with core/incremental.ts (a rescan of the region the edits can
// change) instead of a full rescan, or scans only the lines around a range (a keystroke in a big
// document: nothing in that path reads the whole text).

import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Position, Range, TextDocumentContentChangeEvent, TextDocumentsConfiguration } from 'vscode-languageserver';
import { ChunkedText } from '../core/chunkedText';
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

/** A text document (the library's interface) on a chunked text: a change costs the chunks it touches. */
export class ChunkedTextDocument implements TextDocument {
  private content: ChunkedText;
  private versionNumber: number;

  constructor(
    readonly uri: string,
    readonly languageId: string,
    version: number,
    text: string,
    private readonly chunkTarget?: number,
  ) {
    this.content = new ChunkedText(text, chunkTarget);
    this.versionNumber = version;
  }

  get version(): number {
    return this.versionNumber;
  }

  get lineCount(): number {
    return this.content.lineCount;
  }

  get length(): number {
    return this.content.length;
  }

  /** The text of a range, or the whole text (joined once per change: prefer ranges and `slice`). */
  getText(range?: Range): string {
    if (!range) return this.content.text();
    return this.content.slice(this.offsetAt(range.start), this.offsetAt(range.end));
  }

  slice(from: number, to?: number): string {
    return this.content.slice(from, to);
  }

  indexOf(search: string, from?: number): number {
    return this.content.indexOf(search, from);
  }

  lastIndexOf(search: string, from?: number): number {
    return this.content.lastIndexOf(search, from);
  }

  getLineRange(line: number): Range {
    return this.content.lineRange(line);
  }

  getEOLCharacters(line: number): string {
    return this.content.lineBreak(line);
  }

  positionAt(offset: number): Position {
    return this.content.positionAt(offset);
  }

  offsetAt(position: Position): number {
    return this.content.offsetAt(position);
  }

  /**
   * Applies the client's changes in order (as vscode-languageserver-textdocument does: a range
   * given end first is turned round), returning each as an edit of offsets, or `'whole'` for a
   * change that replaced the whole text.
   */
  update(changes: readonly TextDocumentContentChangeEvent[], version: number): Array<TextEdit | 'whole'> {
    const edits: Array<TextEdit | 'whole'> = [];
    for (const change of changes) {
      if (change === null || typeof change !== 'object' || typeof change.text !== 'string') continue;
      if ('range' in change && change.range !== undefined) {
        const a = this.offsetAt(change.range.start);
        const b = this.offsetAt(change.range.end);
        const start = Math.min(a, b);
        const end = Math.max(a, b);
        this.content.replace(start, end, change.text);
        edits.push({ start, deletedLength: end - start, insertedLength: change.text.length });
      } else {
        this.content = new ChunkedText(change.text, this.chunkTarget);
        edits.push('whole');
      }
    }
    this.versionNumber = version;
    return edits;
  }
}

export class OpenDocument {
  readonly document: ChunkedTextDocument;
  /** The mentions of `stateText` as the matcher gives them, for registry `generation`. */
  private state: MentionState | undefined;
  private stateText = '';
  private generation = -1;
  /** The edits since `stateText`, merged into one region (in the current text's coordinates). */
  private pending: TextEdit | undefined;
  private resolved: { version: number; generation: number; mentions: ResolvedMention[] } | undefined;
  private parsed: { version: number; parsed: MarkupParseResult } | undefined;
  /** Counts the changes that reached the first DATE_HEAD_CHARS (what the date and the front matter are read from). */
  private headChanges = 0;
  private date: { headChanges: number; day: string; date: DocumentDateResult } | undefined;
  private frontMatter: { headChanges: number; end: number } | undefined;
  /** Whether a change arrived since `takeChanged` (the manager fires one event for open and change alike). */
  private changed = false;
  /** How the last update of the mentions was made (for the benchmark and the tests). */
  lastUpdate: 'full' | 'incremental' | 'cached' = 'full';

  constructor(
    readonly uri: string,
    readonly languageId: string,
    version: number,
    text: string,
  ) {
    this.document = new ChunkedTextDocument(uri, languageId, version, text);
  }

  get version(): number {
    return this.document.version;
  }

  /** The whole text (joined from the chunks once per change). */
  get text(): string {
    return this.document.getText();
  }

  get length(): number {
    return this.document.length;
  }

  /** Whether the document changed since the last call (and forgets it). */
  takeChanged(): boolean {
    const changed = this.changed;
    this.changed = false;
    return changed;
  }

  /** Applies the client's changes in order, recording the region they touch. */
  applyChanges(changes: readonly TextDocumentContentChangeEvent[], version: number): void {
    if (!Array.isArray(changes)) return;
    this.changed = true;
    for (const edit of this.document.update(changes, version)) {
      if (edit === 'whole') {
        this.pending = undefined;
        this.state = undefined; // a whole new text: scan it afresh
        this.headChanges++;
        continue;
      }
      this.pending = this.pending ? mergeEdits(this.pending, edit) : edit;
      if (edit.start < DATE_HEAD_CHARS) this.headChanges++;
    }
    const length = this.length;
    if (this.pending && this.pending.insertedLength > length * INCREMENTAL_LIMIT && length > 10_000) {
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
    const length = this.length;
    if (length <= 4 * WINDOW_CONTEXT_CHARS) return overlapping(this.mentions(registry), from, to);
    const sliceStart = Math.max(0, from - WINDOW_CONTEXT_CHARS);
    const sliceEnd = Math.min(length, to + WINDOW_CONTEXT_CHARS);
    // Edited since the last full state (typing), or never scanned (just opened): the mentions
    // of the lines around the range alone, exactly those of a full scan (core/mentionWindow.ts);
    // the full state catches up when something needs every mention.
    const windowed = this.state && this.generation === registry.generation && !this.pending ? undefined : this.windowScan(registry, sliceStart, sliceEnd);
    const raw = windowed ?? this.rawMentions(registry).mentions;
    const inSlice = overlapping(raw, sliceStart, sliceEnd).filter((m) => m.start >= sliceStart && m.end <= sliceEnd);
    // The front matter goes before the slice unless the slice holds it already.
    const headEnd = this.frontMatterEnd();
    const frontMatter = headEnd > 0 && headEnd <= sliceStart ? this.document.slice(0, headEnd) : '';
    return resolveWindow(registry, frontMatter, this.document.slice(sliceStart, sliceEnd), inSlice, sliceStart, () => this.documentDate()).filter(
      (m) => m.end > from && m.start < to,
    );
  }

  /** The matcher's mentions overlapping `[from, to)` from a scan of the text around them, read more widely until they settle. */
  private windowScan(registry: Registry, from: number, to: number): Mention[] {
    const doc = this.document;
    const length = doc.length;
    for (let context = WINDOW_CONTEXT_CHARS; ; context *= 4) {
      // Slices start and end at line starts, as the window scan's block boundaries expect.
      const start = from - context <= 0 ? 0 : doc.lastIndexOf('\n', from - context) + 1;
      const lineAfter = doc.indexOf('\n', Math.min(length, to + context));
      const end = lineAfter < 0 ? length : lineAfter + 1;
      const found = windowMentions(registry.matcher, { text: doc.slice(start, end), start, reachesEnd: end >= length }, from, to);
      if (found) return found;
      if (start === 0 && end >= length) return overlapping(this.rawMentions(registry).mentions, from, to); // cannot happen: a whole text settles
    }
  }

  /** The end of the front matter's closing line, or 0 (read from the head, cached until the head changes). */
  private frontMatterEnd(): number {
    if (this.frontMatter?.headChanges !== this.headChanges) {
      const head = this.document.slice(0, DATE_HEAD_CHARS);
      this.frontMatter = { headChanges: this.headChanges, end: head.startsWith('---') ? closingLineEnd(head) : 0 };
    }
    return this.frontMatter.end;
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
    if (this.date && this.date.headChanges === this.headChanges && this.date.day === day) return this.date.date;
    const date = findDocumentDate(this.document.slice(0, DATE_HEAD_CHARS));
    this.date = { headChanges: this.headChanges, day, date };
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

/** SPEC §9 on a window of a big text: its own links, coreference and context, and the front matter (`frontMatter`, when it stands before the window). */
function resolveWindow(
  registry: Registry,
  frontMatter: string,
  window: string,
  raw: readonly Mention[],
  sliceStart: number,
  date: () => DocumentDateResult,
): ResolvedMention[] {
  const offset = sliceStart - frontMatter.length;
  const shifted = raw.map((m) => ({ ...m, start: m.start - offset, end: m.end - offset }));
  const resolved = resolveMentions(registry, frontMatter + window, shifted, { date });
  return resolved.map((m) => ({ ...m, start: m.start + offset, end: m.end + offset }));
}

/** The end of a front matter's closing line in `head` (the document's first characters), or 0. */
function closingLineEnd(head: string): number {
  const match = /^---[ \t]*\r?\n[\s\S]*?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/.exec(head);
  return match ? match[0].length : 0;
}

/** The configuration of the library's `TextDocuments` manager: it keeps our documents, updated through `applyChanges`. */
export function openDocuments(normalise: (uri: string) => string): TextDocumentsConfiguration<OpenDocument> {
  return {
    create: (uri, languageId, version, content) =>
      new OpenDocument(
        normalise(String(uri)),
        typeof languageId === 'string' ? languageId : 'plaintext',
        typeof version === 'number' ? version : 0,
        typeof content === 'string' ? content : '',
      ),
    update: (document, changes, version) => {
      document.applyChanges(changes, version);
      return document;
    },
  };
}
