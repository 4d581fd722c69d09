// The tagging commands (SPEC §4): `analystMarkup.tagClaim`, `analystMarkup.tagEvent` and
// `analystMarkup.untag`. Each acts on every selection of the active editor as ONE edit (one undo
// step). With an argument object they never prompt; without one they ask, offering first the
// entities mentioned in the selection, then in its sentence and paragraph.
//
// An empty selection tags the sentence around the cursor (see src/core/tagging.ts); interactive
// runs select it first, so the analyst sees what will be tagged. A selection that would cut
// across an existing tag makes no edit at all, for any selection. New tag IDs are unique in the
// workspace (the shared TagIndex). Returns, for automation and tests, the new tag IDs (tag
// commands) or the removed ones (untag); undefined when nothing was done.

import vscode = require('vscode');
import { describeDocumentDate } from '../core/documentDate';
import { formatPartialDate } from '../core/dates';
import { CONFIDENCE_TERMS, CREDIBILITY, isTagDate, MarkupEdit, parseMarkup, RELIABILITY, AssertionKind, TagSpan } from '../core/markup';
import {
  ArgumentError,
  eventTypeChoices,
  Proximity,
  rankEntities,
  RankedEntity,
  readTagArguments,
  sentenceRange,
  paragraphRange,
  tagAround,
  tagTargets,
  TextSelection,
  untagEdits,
} from '../core/tagging';
import { newTagEdits } from '../core/tagCommand';
import type { Entity, EntityType } from '../core/types';
import { highlightLanguages, isAnalysedDocument } from './config';
import type { Services } from './services';
import { documentDate, hasParsedMarkup, parsedMarkup } from './markupDocument';
import { tagIndex } from './tagIndex';

export const TAG_CLAIM_COMMAND = 'analystMarkup.tagClaim';
export const TAG_EVENT_COMMAND = 'analystMarkup.tagEvent';
export const UNTAG_COMMAND = 'analystMarkup.untag';
/** Context keys for menus and keybindings. */
export const ANALYSED_EDITOR_CONTEXT_KEY = 'analystMarkup.analysedEditor';
export const IN_TAG_CONTEXT_KEY = 'analystMarkup.inTag';

const TITLE: Record<AssertionKind, string> = { claim: 'Tag as Claim', event: 'Tag as Event' };

// ---------------------------------------------------------------------------------------------
// Small helpers

function plainObject(value: unknown): value is Record<string, unknown> {
  return (
    value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof vscode.Uri) && Object.getPrototypeOf(value) === Object.prototype
  );
}

/**
 * The argument object of a command, or undefined for "ask": menus pass the document's URI,
 * keybindings without `args` pass nothing.
 */
function argumentObject(arg: unknown): Record<string, unknown> | undefined | 'invalid' {
  if (arg === undefined || arg === null || arg instanceof vscode.Uri) return undefined;
  if (plainObject(arg)) return arg;
  // A URI-like object from a menu of another view (e.g. { path, scheme }).
  if (typeof arg === 'object' && arg !== null && 'scheme' in arg && 'path' in arg) return undefined;
  return 'invalid';
}

export function selectionsOf(editor: vscode.TextEditor): TextSelection[] {
  const d = editor.document;
  return editor.selections.map((s) => ({ start: d.offsetAt(s.start), end: d.offsetAt(s.end) }));
}

function rangeOf(document: vscode.TextDocument, start: number, end: number): vscode.Range {
  return new vscode.Range(document.positionAt(start), document.positionAt(end));
}

/** The active editor when tagging may act on it; otherwise says why not and returns undefined. */
export function taggableEditor(command: string): vscode.TextEditor | undefined {
  const editor = vscode.window.activeTextEditor;
  if (!editor) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Analyst Markup: {0} works in a text editor: open a document and select the text first.', command));
    return undefined;
  }
  const languages = highlightLanguages();
  if (!isAnalysedDocument(editor.document, languages)) {
    void vscode.window.showErrorMessage(
      `Analyst Markup: ${command} works in the documents Analyst Markup analyses (languages: ${languages.join(', ')}); ` +
        `this document's language is “${editor.document.languageId}”. Change the setting analystMarkup.highlight.languages to include it.`,
    );
    return undefined;
  }
  return editor;
}

/** Applies `edits` (offsets in the editor's current text) as one undoable edit. */
export async function applyAsOneEdit(editor: vscode.TextEditor, edits: readonly MarkupEdit[]): Promise<boolean> {
  const document = editor.document;
  const ranges = edits.map((e) => rangeOf(document, e.start, e.end));
  try {
    return await editor.edit(
      (builder) => {
        edits.forEach((e, i) => {
          if (e.start === e.end) builder.insert(ranges[i].start, e.newText);
          else builder.replace(ranges[i], e.newText);
        });
      },
      { undoStopBefore: true, undoStopAfter: true },
    );
  } catch {
    return false; // a read-only editor, a disposed one
  }
}

// ---------------------------------------------------------------------------------------------
// Prompts

const SKIP = '$(circle-slash) Skip';
const TYPE_ORDER: Record<EntityType, number> = { person: 0, organization: 1, state: 2, other: 3, place: 4, position: 5 };
const PLACE_ORDER: Record<EntityType, number> = { place: 0, state: 1, organization: 2, other: 3, person: 4, position: 5 };
const PROXIMITY_LABEL: Record<Proximity, string> = {
  selection: 'Mentioned in the selection',
  sentence: 'Mentioned in the sentence',
  paragraph: 'Mentioned in the paragraph',
  registry: 'Other entities in the registry',
};

interface EntityItem extends vscode.QuickPickItem {
  id?: string;
}

interface PromptContext {
  entities: ReadonlyMap<string, Entity>;
  /** All entity IDs, by name. */
  allIds: string[];
  ranked(preference: Record<EntityType, number>): RankedEntity[];
  document: vscode.TextDocument;
  step: number;
  steps: number;
  kind: AssertionKind;
}

function entityItems(
  ctx: PromptContext,
  ranked: readonly RankedEntity[],
  options: { exclude?: ReadonlySet<string>; picked?: (r: RankedEntity) => boolean } = {},
): EntityItem[] {
  const items: EntityItem[] = [];
  let section: Proximity | undefined;
  for (const r of ranked) {
    if (options.exclude?.has(r.id)) continue;
    const entity = ctx.entities.get(r.id);
    if (!entity) continue;
    if (r.proximity !== section) {
      section = r.proximity;
      items.push({ label: PROXIMITY_LABEL[section], kind: vscode.QuickPickItemKind.Separator });
    }
    const count = r.count > 1 ? ` · ${r.count} mentions` : '';
    items.push({
      label: entity.name,
      description: `${entity.type} · ${entity.id}${count}`,
      detail: entity.summary,
      id: entity.id,
      picked: options.picked?.(r) ?? false,
    });
  }
  return items;
}

function title(ctx: PromptContext, what: string): string {
  ctx.step++;
  return `${TITLE[ctx.kind]} (${ctx.step}/${ctx.steps}): ${what}`;
}

/** One entity; undefined when cancelled; `null` when skipped (optional prompts). */
async function pickEntity(ctx: PromptContext, what: string, placeHolder: string, items: EntityItem[], optional: boolean): Promise<string | null | undefined> {
  const all: EntityItem[] = optional ? [{ label: SKIP, description: 'none' }, ...items] : items;
  const picked = await vscode.window.showQuickPick(all, { title: title(ctx, what), placeHolder, matchOnDescription: true, ignoreFocusOut: true });
  if (!picked) return undefined;
  return picked.id ?? null;
}

async function pickEntities(ctx: PromptContext, what: string, placeHolder: string, items: EntityItem[]): Promise<string[] | undefined> {
  const picked = await vscode.window.showQuickPick(items, {
    title: title(ctx, what),
    placeHolder,
    canPickMany: true,
    matchOnDescription: true,
    ignoreFocusOut: true,
  });
  if (!picked) return undefined;
  return picked.map((p) => p.id).filter((id): id is string => id !== undefined);
}

/** One value of a fixed list, or null for Skip; undefined when cancelled. */
async function pickGrade(ctx: PromptContext, what: string, placeHolder: string, values: Readonly<Record<string, string>>): Promise<string | null | undefined> {
  const items: Array<vscode.QuickPickItem & { value?: string }> = [
    { label: SKIP, description: `no ${what.toLowerCase()}` },
    ...Object.entries(values).map(([value, description]) => ({ label: value, description, value })),
  ];
  const picked = await vscode.window.showQuickPick(items, { title: title(ctx, what), placeHolder, matchOnDescription: true, ignoreFocusOut: true });
  if (!picked) return undefined;
  return picked.value ?? null;
}

async function askClaim(ctx: PromptContext): Promise<[string, string][] | undefined> {
  if (ctx.allIds.length === 0) {
    void vscode.window.showErrorMessage(
      vscode.l10n.t('Analyst Markup: the registry has no entities yet: add the claimant first (Analyst Markup: Add Entity), then tag the claim.'),
    );
    return undefined;
  }
  const ranked = ctx.ranked(TYPE_ORDER);
  const by = await pickEntity(
    ctx,
    'Claimant',
    'Who makes this claim? Entities mentioned in or near the selection come first.',
    entityItems(ctx, ranked),
    false,
  );
  if (!by) return undefined;
  const about = await pickEntities(
    ctx,
    'About (optional)',
    'Whom is the claim about? Pick any number, or none; Enter to go on.',
    entityItems(ctx, ranked, { exclude: new Set([by]) }),
  );
  if (!about) return undefined;
  const confidence = await pickGrade(ctx, 'Confidence', 'How likely is it (ICD 203)? Skip to leave it out.', CONFIDENCE_TERMS);
  if (confidence === undefined) return undefined;
  const reliability = await pickGrade(ctx, 'Reliability', 'Source reliability (Admiralty A–F)? Skip to leave it out.', RELIABILITY);
  if (reliability === undefined) return undefined;
  const credibility = await pickGrade(ctx, 'Credibility', 'Information credibility (Admiralty 1–6)? Skip to leave it out.', CREDIBILITY);
  if (credibility === undefined) return undefined;
  const out: [string, string][] = [['by', by]];
  if (about.length > 0) out.push(['about', about.join(' ')]);
  if (confidence) out.push(['confidence', confidence]);
  if (reliability) out.push(['reliability', reliability]);
  if (credibility) out.push(['credibility', credibility]);
  return out;
}

async function askEvent(ctx: PromptContext, services: Services): Promise<[string, string][] | undefined> {
  const choices = eventTypeChoices(services.registries.registry.eventTypes);
  const typeItems: Array<vscode.QuickPickItem & { id?: string }> = [];
  let source: string | undefined;
  for (const c of choices) {
    if (c.source !== source) {
      source = c.source;
      typeItems.push({ label: source === 'plover' ? 'PLOVER categories' : 'Event types of the registry', kind: vscode.QuickPickItemKind.Separator });
    }
    typeItems.push({ label: c.id, description: c.label, detail: c.description, id: c.id });
  }
  const typePick = await vscode.window.showQuickPick(typeItems, {
    title: title(ctx, 'Event type'),
    placeHolder: vscode.l10n.t('What kind of event is it?'),
    matchOnDescription: true,
    matchOnDetail: true,
    ignoreFocusOut: true,
  });
  if (!typePick?.id) return undefined;
  const ranked = ctx.ranked(TYPE_ORDER);
  const actors = await pickEntities(
    ctx,
    'Actors',
    'Who acts? The entities mentioned in the selection are picked; Enter to accept.',
    entityItems(ctx, ranked, { picked: (r) => r.proximity === 'selection' && ctx.entities.get(r.id)?.type !== 'place' }),
  );
  if (!actors) return undefined;
  const targets = await pickEntities(
    ctx,
    'Targets (optional)',
    'Whom is it done to? Pick any number, or none; Enter to go on.',
    entityItems(ctx, ranked, { exclude: new Set(actors) }),
  );
  if (!targets) return undefined;
  const found = documentDate(ctx.document);
  const prefill = found.source === 'today' ? '' : formatPartialDate(found.date, 'iso');
  const date = await vscode.window.showInputBox({
    title: title(ctx, 'Date (optional)'),
    value: prefill,
    prompt:
      found.source === 'today'
        ? vscode.l10n.t('When did it happen? yyyy, yyyy-mm or yyyy-mm-dd; empty for none. (The document has no date of its own.)')
        : vscode.l10n.t(
            "When did it happen? yyyy, yyyy-mm or yyyy-mm-dd; empty for none. Prefilled with the document's date: {0}.",
            describeDocumentDate(found),
          ),
    placeHolder: vscode.l10n.t('yyyy-mm-dd'),
    ignoreFocusOut: true,
    validateInput: (value) =>
      value.trim() === '' || isTagDate(value.trim()) ? undefined : 'Write yyyy, yyyy-mm or yyyy-mm-dd (a real date), or leave it empty.',
  });
  if (date === undefined) return undefined;
  const places = ctx.ranked(PLACE_ORDER);
  // Places first (nearest first), then the other entities.
  const placeIds = places.filter((r) => ctx.entities.get(r.id)?.type === 'place');
  const others = places.filter((r) => ctx.entities.get(r.id)?.type !== 'place');
  const placeItems = [
    ...(placeIds.length > 0 ? [{ label: 'Places', kind: vscode.QuickPickItemKind.Separator } as EntityItem] : []),
    ...entityItems(ctx, placeIds).filter((i) => i.kind !== vscode.QuickPickItemKind.Separator),
    ...(others.length > 0 ? [{ label: 'Other entities', kind: vscode.QuickPickItemKind.Separator } as EntityItem] : []),
    ...entityItems(ctx, others).filter((i) => i.kind !== vscode.QuickPickItemKind.Separator),
  ];
  const place = await pickEntity(ctx, 'Place (optional)', 'Where did it happen? Skip to leave it out.', placeItems, true);
  if (place === undefined) return undefined;
  const out: [string, string][] = [['type', typePick.id]];
  if (actors.length > 0) out.push(['actors', actors.join(' ')]);
  if (targets.length > 0) out.push(['targets', targets.join(' ')]);
  if (date.trim() !== '') out.push(['date', date.trim()]);
  if (place) out.push(['place', place]);
  return out;
}

function promptContext(
  services: Services,
  kind: AssertionKind,
  document: vscode.TextDocument,
  targets: ReadonlyArray<readonly [number, number]>,
  spans: readonly TagSpan[],
): PromptContext {
  const entities = services.registries.registry.entities;
  const allIds = [...entities.values()]
    .sort((a, b) => a.name.localeCompare(b.name, undefined, { sensitivity: 'base' }) || a.id.localeCompare(b.id))
    .map((e) => e.id);
  const text = document.getText();
  const sentence = targets.map(([s, e]): [number, number] => [sentenceRange(text, s, spans)[0], sentenceRange(text, Math.max(s, e - 1), spans)[1]]);
  const paragraph = targets.map(([s, e]): [number, number] => [paragraphRange(text, s)[0], paragraphRange(text, Math.max(s, e - 1))[1]]);
  const mentions = services.index.mentions(document);
  return {
    entities,
    allIds,
    document,
    kind,
    step: 0,
    steps: 5,
    ranked: (order) => rankEntities(allIds, mentions, { selection: targets, sentence, paragraph }, (id) => order[entities.get(id)?.type ?? 'other']),
  };
}

// ---------------------------------------------------------------------------------------------
// Commands

async function tagCommand(services: Services, kind: AssertionKind, arg: unknown): Promise<string[] | undefined> {
  const command = kind === 'claim' ? 'Tag as Claim' : 'Tag as Event';
  const editor = taggableEditor(command);
  if (!editor) return undefined;
  const document = editor.document;
  const args = argumentObject(arg);
  if (args === 'invalid') {
    void vscode.window.showErrorMessage(
      vscode.l10n.t(
        'Analyst Markup: {0}: the argument must be an object such as {1}.',
        command,
        kind === 'claim' ? '{ "by": "ali-larijani" }' : '{ "type": "agree" }',
      ),
    );
    return undefined;
  }
  await services.registries.ready;
  const registry = services.registries.registry;

  let attributes: [string, string][] | undefined;
  let unknownIds: string[] = [];
  if (args) {
    try {
      const read = readTagArguments(kind, args, eventTypeChoices(registry.eventTypes));
      attributes = read.attributes;
      unknownIds = read.entityIds.filter((id) => !registry.entities.has(id));
    } catch (error) {
      if (!(error instanceof ArgumentError)) throw error;
      void vscode.window.showErrorMessage(vscode.l10n.t('Analyst Markup: {0}: {1} Nothing was tagged.', command, error.message));
      return undefined;
    }
  }

  let text = document.getText();
  let spans = parseMarkup(text).spans;
  let targets = tagTargets(text, spans, selectionsOf(editor));
  if (!targets.ok) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Analyst Markup: {0}', targets.message));
    return undefined;
  }

  if (!attributes) {
    // Show what will be tagged (an empty cursor's sentence) while asking.
    editor.selections = targets.targets.map(([s, e]) => new vscode.Selection(document.positionAt(s), document.positionAt(e)));
    const version = document.version;
    const ctx = promptContext(services, kind, document, targets.targets, spans);
    attributes = kind === 'claim' ? await askClaim(ctx) : await askEvent(ctx, services);
    if (!attributes) return undefined;
    if (document.isClosed) return undefined;
    if (document.version !== version) {
      // The text changed while the analyst answered: tag the selections as they are now.
      text = document.getText();
      spans = parseMarkup(text).spans;
      targets = tagTargets(text, spans, selectionsOf(editor));
      if (!targets.ok) {
        void vscode.window.showErrorMessage(vscode.l10n.t('Analyst Markup: {0}', targets.message));
        return undefined;
      }
    }
    if (vscode.window.activeTextEditor?.document !== document) await vscode.window.showTextDocument(document, editor.viewColumn);
  }

  const index = tagIndex(services);
  await index.ready();
  const taken = index.ids();
  for (const sp of spans) if (sp.id) taken.add(sp.id);
  const { edits, ids } = newTagEdits(text, targets.targets, kind, attributes, taken);
  // Re-read: awaiting the index may have let an edit in.
  if (document.getText() !== text) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Analyst Markup: the document changed while tagging: nothing was tagged. Run the command again.'));
    return undefined;
  }
  const target = vscode.window.visibleTextEditors.find((e) => e.document === document) ?? editor;
  if (!(await applyAsOneEdit(target, edits))) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Analyst Markup: the document could not be edited (is it read-only?). Nothing was tagged.'));
    return undefined;
  }
  // Select the new tags: the next command can tag one again (an event inside a claim).
  const fresh = new Set(ids);
  const created = parseMarkup(document.getText()).spans.filter((sp) => sp.id !== undefined && fresh.has(sp.id));
  if (created.length > 0) target.selections = created.map((sp) => new vscode.Selection(document.positionAt(sp.start), document.positionAt(sp.end)));
  if (unknownIds.length > 0) {
    void vscode.window.showWarningMessage(
      vscode.l10n.t('Analyst Markup: tagged, but the registry has no entity {0} yet.', unknownIds.map((id) => `“${id}”`).join(', ')),
    );
  }
  return ids;
}

async function untagCommand(): Promise<string[] | undefined> {
  const editor = taggableEditor('Remove Tag');
  if (!editor) return undefined;
  const document = editor.document;
  const text = document.getText();
  const spans = parseMarkup(text).spans;
  const result = untagEdits(text, spans, selectionsOf(editor));
  if (!result.ok) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Analyst Markup: {0}', result.message));
    return undefined;
  }
  if (!(await applyAsOneEdit(editor, result.edits))) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Analyst Markup: the document could not be edited (is it read-only?). Nothing was untagged.'));
    return undefined;
  }
  // Select the text each tag held, exactly (tagging selects the whole tag: untag gives back the selection).
  editor.selections = result.texts.map(([s, e]) => new vscode.Selection(document.positionAt(s), document.positionAt(e)));
  return result.spans.map((sp) => sp.id ?? '');
}

// ---------------------------------------------------------------------------------------------
// Context keys for menus and keybindings

class TaggingContext implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private analysed: boolean | undefined;
  private inTag: boolean | undefined;
  private parsed: { document: vscode.TextDocument; version: number; spans: TagSpan[] } | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor() {
    this.disposables.push(
      // A big document just shown: its highlights first, the parse for the context keys after.
      vscode.window.onDidChangeActiveTextEditor((editor) => (editor && !hasParsedMarkup(editor.document) ? this.schedule() : this.update())),
      vscode.window.onDidChangeTextEditorSelection((e) => {
        if (e.textEditor !== vscode.window.activeTextEditor) return;
        // At once while the parse is current (a right click moves the cursor, then opens the
        // context menu); after a pause while typing.
        const d = e.textEditor.document;
        if (this.parsed?.document === d && this.parsed.version === d.version) this.update();
        else this.schedule();
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('analystMarkup.highlight.languages')) this.update();
      }),
      vscode.workspace.onDidOpenTextDocument(() => this.schedule()),
    );
    this.schedule(); // not during activation
  }

  private schedule(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.update();
    }, 80);
  }

  private update(): void {
    const editor = vscode.window.activeTextEditor;
    const analysed = !!editor && isAnalysedDocument(editor.document);
    let inTag = false;
    if (editor && analysed) {
      const document = editor.document;
      if (!this.parsed || this.parsed.document !== document || this.parsed.version !== document.version) {
        this.parsed = { document, version: document.version, spans: parsedMarkup(document).spans };
      }
      const spans = this.parsed.spans;
      inTag = spans.length > 0 && editor.selections.some((s) => tagAround(spans, document.offsetAt(s.start), document.offsetAt(s.end)) !== undefined);
    } else this.parsed = undefined;
    if (analysed !== this.analysed) {
      this.analysed = analysed;
      void vscode.commands.executeCommand('setContext', ANALYSED_EDITOR_CONTEXT_KEY, analysed);
    }
    if (inTag !== this.inTag) {
      this.inTag = inTag;
      void vscode.commands.executeCommand('setContext', IN_TAG_CONTEXT_KEY, inTag);
    }
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    for (const d of this.disposables) d.dispose();
  }
}

export function registerTagging(services: Services): void {
  services.context.subscriptions.push(
    new TaggingContext(),
    vscode.commands.registerCommand(TAG_CLAIM_COMMAND, (arg?: unknown) => tagCommand(services, 'claim', arg)),
    vscode.commands.registerCommand(TAG_EVENT_COMMAND, (arg?: unknown) => tagCommand(services, 'event', arg)),
    vscode.commands.registerCommand(UNTAG_COMMAND, () => untagCommand()),
  );
}
