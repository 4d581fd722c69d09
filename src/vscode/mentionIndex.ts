// Mentions per open document, cached by document version and registry generation, so switching
// editors or re-rendering never rescans an unchanged text. Typing rescans only the region the
// edits can influence (core/incremental.ts) and shifts the rest.
//
// A big document is first highlighted from a scan of its visible lines alone (mentionWindow.ts:
// exactly what the full scan finds there); the full scan follows in slices between other work,
// and whoever needs every mention before it is done (hover counts, references, the API) gets
// it finished at once.

import vscode = require('vscode');
import { MentionState, TextEdit, mergeEdits, scanAll, updateMentions } from '../core/incremental';
import { mentionAtOffset } from '../core/linking';
import { ResolvedMention, resolveMentions } from '../core/resolution';
import type { Mention } from '../core/types';
import { documentDate, parsedMarkup } from './markupDocument';
import { ChunkedScan, mentionsOverlapping, windowMentions } from '../core/mentionWindow';
import type { RegistryService } from './registryService';

interface CacheEntry {
  version: number;
  generation: number;
  /** Every mention of the text at `version`, once scanned (as the matcher gives them). */
  state?: MentionState;
  /** `state`'s mentions resolved to who is meant (SPEC §9), once asked for. */
  resolved?: { state: MentionState; mentions: ResolvedMention[] };
  /** The text `state` was computed from: shows what an edit deleted. */
  text?: string;
  /** The full scan under way in the background (a big document shown at its visible lines). */
  scan?: ChunkedScan;
  /** The document, until the background scan has read its text. */
  document?: vscode.TextDocument;
  /** Edits since `version`, merged into one region (in the current text's coordinates). */
  pending?: { edit: TextEdit; version: number };
}

/** Above this share of the text, a full rescan is as cheap as an incremental one. */
const INCREMENTAL_LIMIT = 0.25;
/** Characters the background scan takes per step, and how long it may run before yielding. */
const BACKGROUND_STEP_CHARS = 256 * 1024;
const BACKGROUND_SLICE_MS = 8;
/** Before the first slice: the highlights just computed go out to the workbench first. */
const BACKGROUND_START_DELAY_MS = 15;
/** Lines read around a window at first; more when they do not settle where the window's mentions begin. */
const WINDOW_CONTEXT_LINES = 64;
/** Characters around a window whose mentions resolve it (coreference and context within them). */
const WINDOW_CONTEXT_CHARS = 16 * 1024;

export class MentionIndex implements vscode.Disposable {
  private readonly cache = new Map<string, CacheEntry>();
  private readonly subscriptions: vscode.Disposable[];
  private backgroundTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly registries: RegistryService) {
    this.subscriptions = [
      vscode.workspace.onDidCloseTextDocument((d) => this.cache.delete(d.uri.toString())),
      vscode.workspace.onDidChangeTextDocument((e) => this.recordEdits(e)),
    ];
  }

  /** Fires when a big document's full scan is done: its highlights can now resolve from the whole text. */
  private readonly completed = new vscode.EventEmitter<vscode.TextDocument>();
  readonly onDidComplete = this.completed.event;

  /** Every mention of the document, in text order, resolved to who is meant (scans whatever is still missing). */
  mentions(document: vscode.TextDocument): ResolvedMention[] {
    const state = this.complete(document);
    const entry = this.cache.get(document.uri.toString());
    if (entry?.resolved?.state === state) return entry.resolved.mentions;
    const mentions = this.resolve(document, entry?.state === state && entry.text !== undefined ? entry.text : document.getText(), state.mentions);
    if (entry?.state === state) entry.resolved = { state, mentions };
    return mentions;
  }

  /** SPEC §9 on the matcher's mentions of `text`: the document's whole text, or a slice of it from `offset`. */
  private resolve(document: vscode.TextDocument, text: string, raw: readonly Mention[], offset?: number): ResolvedMention[] {
    const registry = this.registries.registry;
    const date = (): ReturnType<typeof documentDate> => documentDate(document);
    if (offset === undefined)
      return resolveMentions(registry, text, raw, { spans: text.indexOf('.ref') >= 0 ? parsedMarkup(document).spans : undefined, date });
    // A window of a big document: resolved from the window's own text (links, coreference and
    // context within it) and the document's front matter; the full resolution follows the full scan.
    const grouped = raw.some((m) => m.entityId.charCodeAt(0) === 0);
    const head = document.lineAt(0).text.startsWith('---') ? document.getText(new vscode.Range(0, 0, Math.min(document.lineCount, 400), 0)) : '';
    if (!grouped && text.indexOf(']{') < 0 && !head) return raw as ResolvedMention[];
    const headEnd = head ? closingLineEnd(head) : 0;
    // The front matter goes before the slice unless the slice holds it already.
    const frontMatter = headEnd > 0 && headEnd <= offset ? head.slice(0, headEnd) : '';
    const shifted = raw.map((m) => ({ ...m, start: m.start - offset + frontMatter.length, end: m.end - offset + frontMatter.length }));
    const resolved = resolveMentions(registry, frontMatter + text, shifted, { date });
    const back = offset - frontMatter.length;
    return resolved.map((m) => ({ ...m, start: m.start + back, end: m.end + back }));
  }

  /**
   * The mentions overlapping lines `firstLine`…`lastLine`: the same as those of `mentions()`,
   * but from a scan of those lines where that is cheaper: a big document just opened (the full
   * scan follows), or edited since its last full state. A keystroke then costs a scan of the
   * window, not the whole text and a shift of every later mention; the full state catches up
   * when something needs every mention (diagnostics after the typing pause, hovers, the API).
   */
  mentionsInLines(document: vscode.TextDocument, firstLine: number, lastLine: number): ResolvedMention[] {
    const from = document.offsetAt(new vscode.Position(firstLine, 0));
    const to = lastLine + 1 >= document.lineCount ? Number.MAX_SAFE_INTEGER : document.offsetAt(new vscode.Position(lastLine + 1, 0));
    const key = document.uri.toString();
    const cached = this.usableEntry(key);
    if (cached?.state && cached.version === document.version) {
      if (cached.resolved?.state === cached.state) return mentionsOverlapping(cached.resolved.mentions, from, to);
      // Not resolved as a whole yet (nothing needed every mention): resolve the lines around these.
      const text = cached.text ?? document.getText();
      const sliceStart = Math.max(0, from - WINDOW_CONTEXT_CHARS);
      const sliceEnd = Math.min(text.length, to + WINDOW_CONTEXT_CHARS);
      return this.resolve(
        document,
        text.slice(sliceStart, sliceEnd),
        mentionsOverlapping(cached.state.mentions, sliceStart, sliceEnd).filter((m) => m.start >= sliceStart && m.end <= sliceEnd),
        sliceStart,
      ).filter((m) => m.end > from && m.start < to);
    }
    if (cached?.state && cached.pending?.version === document.version) return this.windowScan(document, firstLine, lastLine, from, to);
    const found = this.windowScan(document, firstLine, lastLine, from, to);
    // A full scan under way (or about to start) goes on; edits meanwhile are applied afterwards.
    if (!cached?.scan && !cached?.document) {
      this.cache.set(key, { version: document.version, generation: this.registries.registry.generation, document });
      this.scheduleBackground(BACKGROUND_START_DELAY_MS);
    }
    return found;
  }

  /** The mention at a position, if any. */
  mentionAt(document: vscode.TextDocument, position: vscode.Position): ResolvedMention | undefined {
    const offset = document.offsetAt(position);
    // While a big document's full scan is under way, the lines around the position will do.
    const entry = this.usableEntry(document.uri.toString());
    const scanning = entry && !entry.state && (entry.scan || entry.document);
    const list = scanning ? this.mentionsInLines(document, position.line, position.line) : this.mentions(document);
    return mentionAtOffset(list, offset);
  }

  /** The cache entry of a document, unless it is of an older registry or lost track of edits. */
  private usableEntry(key: string): CacheEntry | undefined {
    const cached = this.cache.get(key);
    return cached && cached.generation === this.registries.registry.generation && cached.version >= 0 ? cached : undefined;
  }

  /** The state of the document's current text, computed now from whatever is cached. */
  private complete(document: vscode.TextDocument): MentionState {
    const key = document.uri.toString();
    const registry = this.registries.registry;
    const cached = this.usableEntry(key);
    if (cached) {
      if (cached.scan) this.finishScan(cached, cached.scan);
      if (cached.state) {
        if (cached.version === document.version) return cached.state;
        const pending = cached.pending;
        if (pending && pending.version === document.version && cached.text !== undefined) {
          const text = document.getText();
          const state = updateMentions(registry.matcher, cached.state, text, pending.edit, cached.text);
          this.cache.set(key, { version: document.version, generation: registry.generation, state, text });
          return state;
        }
      }
    }
    const text = document.getText();
    const state = scanAll(registry.matcher, text);
    this.cache.set(key, { version: document.version, generation: registry.generation, state, text });
    return state;
  }

  /** The window's mentions from the lines around it, read more widely until they settle. */
  private windowScan(document: vscode.TextDocument, firstLine: number, lastLine: number, from: number, to: number): ResolvedMention[] {
    const matcher = this.registries.registry.matcher;
    const lastDocumentLine = document.lineCount - 1;
    for (let context = WINDOW_CONTEXT_LINES; ; context *= 4) {
      const sliceStart = Math.max(0, firstLine - context);
      const sliceEnd = Math.min(lastDocumentLine, lastLine + context);
      const text = document.getText(new vscode.Range(sliceStart, 0, sliceEnd + 1, 0));
      const slice = { text, start: document.offsetAt(new vscode.Position(sliceStart, 0)), reachesEnd: sliceEnd === lastDocumentLine };
      const found = windowMentions(matcher, slice, from, to);
      if (found) return this.resolve(document, text, found, slice.start);
      if (sliceStart === 0 && slice.reachesEnd) return mentionsOverlapping(this.mentions(document), from, to); // cannot happen: a whole text settles
    }
  }

  private finishScan(entry: CacheEntry, scan: ChunkedScan): void {
    scan.finish();
    entry.state = { mentions: scan.mentions, excluded: scan.excluded };
    entry.text = scan.text;
    entry.scan = undefined;
  }

  private scheduleBackground(delayMs = 0): void {
    // Timers, not immediates: messages from the workbench (scrolling, edits) get their turn.
    this.backgroundTimer ??= setTimeout(() => {
      this.backgroundTimer = undefined;
      this.runBackground();
    }, delayMs);
  }

  /** Scans for a few milliseconds, then yields to the extension host's other work. */
  private runBackground(): void {
    const started = Date.now();
    const generation = this.registries.registry.generation;
    for (const entry of this.cache.values()) {
      if (entry.state || entry.generation !== generation || entry.version < 0) continue;
      if (!entry.scan) {
        const document = entry.document;
        if (!document || document.isClosed) continue;
        // Edits since the window was shown: scan the text as it is now.
        entry.version = document.version;
        entry.pending = undefined;
        entry.scan = new ChunkedScan(this.registries.registry.matcher, document.getText());
        entry.document = undefined;
      }
      const scan = entry.scan;
      while (!scan.step(BACKGROUND_STEP_CHARS)) {
        if (Date.now() - started >= BACKGROUND_SLICE_MS) {
          this.scheduleBackground();
          return;
        }
      }
      this.finishScan(entry, scan);
      const done = vscode.workspace.textDocuments.find((d) => this.cache.get(d.uri.toString()) === entry);
      if (done) this.completed.fire(done);
      if (Date.now() - started >= BACKGROUND_SLICE_MS) {
        this.scheduleBackground();
        return;
      }
    }
  }

  private recordEdits(event: vscode.TextDocumentChangeEvent): void {
    const entry = this.cache.get(event.document.uri.toString());
    if (!entry || event.contentChanges.length === 0) return;
    const expected = entry.pending ? entry.pending.version : entry.version;
    if (event.document.version !== expected + 1) {
      entry.pending = undefined; // missed an edit: rescan in full next time
      entry.version = -1;
      return;
    }
    // The changes of one event are relative to the text before it: bound them by one region.
    let start = Infinity;
    let oldEnd = 0;
    let delta = 0;
    for (const change of event.contentChanges) {
      start = Math.min(start, change.rangeOffset);
      oldEnd = Math.max(oldEnd, change.rangeOffset + change.rangeLength);
      delta += change.text.length - change.rangeLength;
    }
    const edit: TextEdit = { start, deletedLength: oldEnd - start, insertedLength: oldEnd - start + delta };
    const merged = entry.pending ? mergeEdits(entry.pending.edit, edit) : edit;
    const document = event.document;
    const textLength = document.offsetAt(document.lineAt(document.lineCount - 1).range.end);
    if (merged.insertedLength > textLength * INCREMENTAL_LIMIT && textLength > 10_000) {
      entry.version = -1;
      entry.pending = undefined;
      return;
    }
    entry.pending = { edit: merged, version: event.document.version };
  }

  dispose(): void {
    if (this.backgroundTimer) clearTimeout(this.backgroundTimer);
    for (const s of this.subscriptions) s.dispose();
    this.completed.dispose();
    this.cache.clear();
  }
}

/** The end of a front matter's closing line in `head` (the document's first lines), or 0. */
function closingLineEnd(head: string): number {
  const match = /^---[ \t]*\r?\n[\s\S]*?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/.exec(head);
  return match ? match[0].length : 0;
}
