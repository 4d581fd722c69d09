// The four commands of `analyst-markup` (SPEC §8): check, scan, export, import phoenix.
// Each takes the parsed options and a context (cwd, output streams) and returns the exit code:
// 0 success (warnings allowed), 1 errors found (check), 2 could not run (CliError, UsageError).

import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DEFAULT_REGISTRY_FILES, TEXT_FILE_EXTENSIONS } from '../core/defaults';
import { BRAT_CONF_HEADER, bratTargetProblem } from '../core/exportBrat';
import { EXPORT_FORMATS, exportInFormat, ExportFormat, isExportFormat } from '../core/exportFormats';
import { exportTags, TagDocument } from '../core/exportTags';
import { formatGraphml } from '../core/graphml';
import { buildNetwork } from '../core/network';
import { buildTimeline, formatTimelineJson } from '../core/timeline';
import { importPhoenix } from '../core/importPhoenix';
import { exportFtm } from '../core/ftmExport';
import { FtmExistingFile, FtmImportError, FtmLayout, importFtm } from '../core/ftmImport';
import { parseMarkup } from '../core/markup';
import { findMentions } from '../core/mentions';
import { mentionCandidates, mentionResolution } from '../core/resolution';
import { checkFrontMatterRefs, checkTagReferences, registryAssistContext } from '../core/markupAssist';
import { Registry, RegistryStore } from '../core/registry';
import { LineIndex } from '../core/sourceText';
import type { CliOptions } from './args';
import { CliError, collectTextFiles, displayPath, findRegistryFiles, readRawText, readText, SkippedLink, WalkOptions, writeFiles, writeText } from './files';

/** A file's text, or '' when there is none. */
function readIfFile(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}
import { Progress } from './progress';
import { appendAll } from '../core/arrays';
import { renumberDuplicateTagIds } from '../core/tagIds';
import type { TagIdRenumbering } from '../core/tagIds';

export interface CliContext {
  cwd: string;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Whether stderr is a terminal (progress shows by default only then). */
  stderrIsTTY: boolean;
  /** Whether stdout is a terminal: data (CSV, YAML) is then shown with control characters escaped. */
  stdoutIsTTY?: boolean;
  /** Writes the progress line (terminal control sequences of our own); default stderr. */
  progress?: (text: string) => void;
}

/** One diagnostic as the CLI prints it; line and column are 1-based. */
export interface CliDiagnostic {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: 'error' | 'warning' | 'info';
  code: string;
  message: string;
  source: 'registry' | 'markup';
}

/** `file:line:col: severity: message [code]` */
export function formatDiagnostic(d: CliDiagnostic): string {
  return `${d.file}:${d.line}:${d.column}: ${d.severity}: ${d.message} [${d.code}]`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function progressFor(ctx: CliContext, options: CliOptions): Progress {
  return new Progress({
    enabled: !options.noProgress && (options.progress || ctx.stderrIsTTY),
    isTTY: ctx.stderrIsTTY,
    write: ctx.progress ?? ctx.stderr,
  });
}

/** Output to `-o FILE` or stdout. */
function emit(ctx: CliContext, options: CliOptions, content: string): void {
  if (options.output) writeText(resolveIn(ctx, options.output), content, options.output);
  else ctx.stdout(content);
}

/**
 * How folders are walked: symbolic links out of the folder given are left out unless
 * `--follow-symlinks` (a `*.entities.yaml` → /etc/passwd link must not be read); each link left
 * out is noted on stderr, once.
 */
const notedLinks = new WeakMap<CliContext, Set<string>>();

function walkOptions(ctx: CliContext, options: CliOptions): WalkOptions {
  const noted = notedLinks.get(ctx) ?? new Set<string>();
  notedLinks.set(ctx, noted);
  const note = (s: SkippedLink): void => {
    if (options.quiet || noted.has(s.link)) return;
    noted.add(s.link);
    const shown = displayPath(ctx.cwd, s.link);
    const why =
      s.why === 'outside'
        ? `it leads out of the folder given, to ${s.target ?? '?'} (--follow-symlinks follows it)`
        : s.why === 'loop'
          ? 'it leads back into a folder already read (a loop)'
          : 'it is broken';
    ctx.stderr(`analyst-markup: note: skipped the symbolic link ${shown}: ${why}\n`);
  };
  return { followSymlinks: options.followSymlinks, onSkip: note };
}

function resolveIn(ctx: CliContext, file: string): string {
  return path.resolve(ctx.cwd, file);
}

interface LoadedRegistry {
  registry: Registry;
  /** Display paths of the registry files read. */
  files: string[];
}

/** Reads the registry (the --registry globs, else the SPEC §1 defaults) plus `extraFiles`. */
function loadRegistry(ctx: CliContext, options: CliOptions, extraFiles: readonly string[] = []): LoadedRegistry {
  const patterns = options.registry.length > 0 ? options.registry : DEFAULT_REGISTRY_FILES;
  const absolute = new Set([...findRegistryFiles(ctx.cwd, patterns, walkOptions(ctx, options)), ...extraFiles]);
  const store = new RegistryStore();
  const files: string[] = [];
  for (const file of [...absolute].sort()) {
    const shown = displayPath(ctx.cwd, file);
    store.setFile(shown, readText(file, shown));
    files.push(shown);
  }
  if (files.length === 0 && !options.quiet) {
    ctx.stderr(`analyst-markup: note: no registry files found (looked for ${patterns.join(', ')})\n`);
  }
  return { registry: store.build(), files };
}

function noteRegistryErrors(ctx: CliContext, options: CliOptions, registry: Registry): void {
  if (registry.errorCount > 0 && !options.quiet) {
    ctx.stderr(`analyst-markup: note: the registry has ${plural(registry.errorCount, 'error')}; run “analyst-markup check” for details\n`);
  }
}

function readDocuments(ctx: CliContext, options: CliOptions, paths: readonly string[], label: string): { shown: string; text: string; file: string }[] {
  const files = collectTextFiles(ctx.cwd, paths, TEXT_FILE_EXTENSIONS, walkOptions(ctx, options));
  const progress = progressFor(ctx, options);
  const docs = files.map((file, index) => {
    progress.update(index + 1, files.length, label);
    const shown = displayPath(ctx.cwd, file);
    return { shown, text: readText(file, shown), file };
  });
  progress.finish();
  return docs;
}

// ---------------------------------------------------------------------------------------------
// check

/** Markup diagnostics of one text, including references the registry does not know. */
export function checkText(
  file: string,
  text: string,
  registry: Pick<Registry, 'entities' | 'eventTypes' | 'files'> | undefined,
  tagIds?: Map<string, { file: string; line: number; column: number }>,
): CliDiagnostic[] {
  const { spans, diagnostics } = parseMarkup(text);
  const refs = registry ? checkFrontMatterRefs(text, registryAssistContext(registry)) : [];
  if (spans.length === 0 && diagnostics.length === 0 && refs.length === 0) return [];
  const lines = new LineIndex(text);
  const out: CliDiagnostic[] = [];
  const push = (start: number, end: number, severity: CliDiagnostic['severity'], code: string, message: string): void => {
    const s = lines.position(start);
    const e = lines.position(end);
    out.push({ file, line: s.line + 1, column: s.character + 1, endLine: e.line + 1, endColumn: e.character + 1, severity, code, message, source: 'markup' });
  };
  for (const d of diagnostics) push(d.start, d.end, d.severity, d.code, d.message);
  for (const d of refs) push(d.start, d.end, d.severity, d.code, d.message);
  // Unknown entity ids and event types: the same check as the editor's.
  if (registry) {
    for (const d of checkTagReferences({ spans, diagnostics }, registryAssistContext(registry))) {
      push(d.start, d.end, d.severity, d.code, d.message);
    }
  }
  for (const span of spans) {
    if (!span.kind) continue;
    if (tagIds && span.id !== undefined && span.idStart !== undefined) {
      const here = lines.position(span.idStart - 1);
      const first = tagIds.get(span.id);
      if (!first) tagIds.set(span.id, { file, line: here.line + 1, column: here.character + 1 });
      else if (first.file !== file) {
        push(
          span.idStart - 1,
          span.idEnd ?? span.idStart,
          'error',
          'duplicate-tag-id',
          `Tag ID “${span.id}” is also used in ${first.file}:${first.line}:${first.column}; IDs must be unique in the workspace`,
        );
      }
    }
  }
  out.sort((a, b) => a.line - b.line || a.column - b.column);
  return out;
}

export function runCheck(ctx: CliContext, options: CliOptions): number {
  const paths = options.positionals.length > 0 ? options.positionals : ['.'];
  // A .yaml/.yml file named on the command line is checked as a registry file.
  const namedRegistry = options.positionals.filter((p) => /\.ya?ml$/i.test(p)).map((p) => resolveIn(ctx, p));
  const textPaths = paths.filter((p) => !/\.ya?ml$/i.test(p));
  const { registry, files: registryFiles } = loadRegistry(ctx, options, namedRegistry);
  const diagnostics: CliDiagnostic[] = [];
  for (const file of registry.files) {
    const list = [...(registry.diagnostics.get(file) ?? [])].sort(
      (a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character,
    );
    for (const d of list) {
      diagnostics.push({
        file,
        line: d.range.start.line + 1,
        column: d.range.start.character + 1,
        endLine: d.range.end.line + 1,
        endColumn: d.range.end.character + 1,
        severity: d.severity,
        code: d.code,
        message: d.message,
        source: 'registry',
      });
    }
  }
  const docs = textPaths.length > 0 ? readDocuments(ctx, options, textPaths, 'Checking') : [];
  const tagIds = new Map<string, { file: string; line: number; column: number }>();
  for (const doc of docs) appendAll(diagnostics, checkText(doc.shown, doc.text, registryFiles.length > 0 ? registry : undefined, tagIds));

  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.filter((d) => d.severity === 'warning').length;
  if (options.format === 'json') {
    emit(ctx, options, JSON.stringify({ registryFiles, texts: docs.map((d) => d.shown), errors, warnings, diagnostics }, null, 2) + '\n');
  } else {
    const text = diagnostics.map(formatDiagnostic).join('\n');
    if (options.output) emit(ctx, options, text + (text ? '\n' : ''));
    else if (text) ctx.stdout(text + '\n');
  }
  if (!options.quiet) {
    ctx.stderr(
      `${plural(errors, 'error')}, ${plural(warnings, 'warning')} in ${plural(registryFiles.length, 'registry file')} and ${plural(docs.length, 'text')}\n`,
    );
  }
  return errors > 0 ? 1 : 0;
}

// ---------------------------------------------------------------------------------------------
// scan

export function runScan(ctx: CliContext, options: CliOptions): number {
  const { registry } = loadRegistry(ctx, options);
  noteRegistryErrors(ctx, options, registry);
  const files = collectTextFiles(ctx.cwd, options.positionals, TEXT_FILE_EXTENSIONS, walkOptions(ctx, options));
  const progress = progressFor(ctx, options);
  const json = options.format === 'json';
  const records: object[] = [];
  const lines: string[] = [];
  let count = 0;
  files.forEach((file, index) => {
    progress.update(index + 1, files.length, 'Scanning');
    const shown = displayPath(ctx.cwd, file);
    const text = readText(file, shown);
    const index_ = new LineIndex(text);
    for (const m of findMentions(registry, text)) {
      count++;
      const s = index_.position(m.start);
      const e = index_.position(m.end);
      const matched = text.slice(m.start, m.end);
      if (json) {
        records.push({
          file: shown,
          line: s.line + 1,
          column: s.character + 1,
          endLine: e.line + 1,
          endColumn: e.character + 1,
          entityId: m.entityId,
          name: registry.entities.get(m.entityId)?.name ?? m.entityId,
          text: matched,
          candidates: mentionCandidates(m),
          resolution: mentionResolution(m),
          ...(m.via !== undefined ? { via: m.via } : {}),
        });
      } else {
        // Plain lines say how a mention was resolved when a rule had to decide (`unique` is the rule).
        const how =
          m.resolution === undefined || m.resolution === 'unique'
            ? ''
            : ` (${m.resolution}${m.via !== undefined && m.via !== m.entityId ? ` via ${m.via}` : ''}${m.resolution === 'ambiguous' ? `: ${mentionCandidates(m).join(' | ')}` : ''})`;
        lines.push(`${shown}:${s.line + 1}:${s.character + 1}: ${m.entityId} ${JSON.stringify(matched)}${how}`);
      }
    }
    // Long outputs go out file by file.
    if (!json && !options.output && lines.length > 0) {
      progress.finish();
      ctx.stdout(lines.join('\n') + '\n');
      lines.length = 0;
    }
  });
  progress.finish();
  if (json) emit(ctx, options, JSON.stringify({ mentions: records }, null, 2) + '\n');
  else if (options.output) emit(ctx, options, lines.join('\n') + (lines.length > 0 ? '\n' : ''));
  if (!options.quiet) ctx.stderr(`${plural(count, 'mention')} in ${plural(files.length, 'file')}\n`);
  return 0;
}

// ---------------------------------------------------------------------------------------------
// export

export function runExport(ctx: CliContext, options: CliOptions): number {
  if (options.format === 'ftm') return runExportFtm(ctx, options);
  const { registry } = loadRegistry(ctx, options);
  noteRegistryErrors(ctx, options, registry);
  const paths = options.positionals.length > 0 ? options.positionals : ['.'];
  // W3C annotations link to each document by its file URL.
  const docs: TagDocument[] = readDocuments(ctx, options, paths, 'Reading').map((d) => ({ path: d.shown, text: d.text, uri: pathToFileURL(d.file).href }));
  if (options.format === 'graphml' || options.format === 'timeline-json') return runViewExport(ctx, options, registry, docs);
  const format: ExportFormat = options.format !== undefined && isExportFormat(options.format) ? options.format : 'csv';
  const { content, files, tags, errorCount } = exportInFormat(docs, {
    format,
    registry,
    collectionId: options.output ? pathToFileURL(resolveIn(ctx, options.output)).href : undefined,
  });
  if (files) {
    const folder = resolveIn(ctx, options.output!);
    const absolute = (f: { path: string }): string => path.resolve(folder, ...f.path.split('/'));
    const documentFolders = new Set<string>();
    for (const document of new Set(tags.map((t) => t.document))) {
      const relative = path.relative(folder, path.dirname(path.resolve(ctx.cwd, document)));
      if (!relative.startsWith('..') && !path.isAbsolute(relative)) documentFolders.add(relative.split(path.sep).join('/'));
    }
    const problem = bratTargetProblem(files, {
      existing: new Set(files.filter((f) => fs.existsSync(absolute(f))).map((f) => f.path)),
      documentFolders,
      earlierExport: readIfFile(path.join(folder, 'annotation.conf')).startsWith(BRAT_CONF_HEADER),
    });
    if (problem) throw new CliError(`cannot export into ${options.output}: ${problem}`);
    writeFiles(folder, files, options.output);
  } else emit(ctx, options, content ?? '');
  if (!options.quiet) {
    const claims = tags.filter((t) => t.kind === 'claim').length;
    const written = files ? `; ${plural(files.length, 'file')} written to ${options.output} (${EXPORT_FORMATS[format].label})` : '';
    ctx.stderr(`${plural(claims, 'claim')} and ${plural(tags.length - claims, 'event')} from ${plural(docs.length, 'text')}${written}\n`);
    if (errorCount > 0) ctx.stderr(`analyst-markup: note: the tags have ${plural(errorCount, 'error')}; run “analyst-markup check” for details\n`);
  }
  return 0;
}

/** `export --format graphml|timeline-json`: the data of the network and timeline views (SPEC §10). */
function runViewExport(ctx: CliContext, options: CliOptions, registry: Registry, docs: TagDocument[]): number {
  if (options.entity !== undefined && !registry.entities.has(options.entity)) {
    throw new CliError(`--entity: the registry has no entity “${options.entity}”`);
  }
  const { tags, errorCount } = exportTags(docs, { format: 'json', entities: registry.entities });
  let summary: string;
  if (options.format === 'graphml') {
    const mentionCounts = new Map<string, number>();
    for (const doc of docs) for (const m of findMentions(registry, doc.text)) mentionCounts.set(m.entityId, (mentionCounts.get(m.entityId) ?? 0) + 1);
    const network = buildNetwork(tags, registry.entities, { date: options.date, entity: options.entity, mentionCounts });
    emit(ctx, options, formatGraphml(network));
    summary = `${plural(network.nodes.length, 'node')} and ${plural(network.edges.length, 'edge')}${network.date ? ` as of ${network.date}` : ''}`;
  } else {
    const timeline = buildTimeline(tags, registry.entities, { entity: options.entity, from: options.from, to: options.to });
    emit(ctx, options, formatTimelineJson(timeline));
    summary = `${plural(timeline.items.length, 'timeline item')} in ${plural(timeline.lanes.length, 'lane')}${timeline.undated ? ` (${plural(timeline.undated, 'undated tag')} left out)` : ''}`;
  }
  if (!options.quiet) {
    ctx.stderr(`${summary} from ${plural(docs.length, 'text')}\n`);
    if (errorCount > 0) ctx.stderr(`analyst-markup: note: the tags have ${plural(errorCount, 'error')}; run “analyst-markup check” for details\n`);
  }
  return 0;
}

// ---------------------------------------------------------------------------------------------
// import phoenix

export function runImport(ctx: CliContext, options: CliOptions): number {
  if (options.positionals[0] === 'ftm') return runImportFtm(ctx, options);
  const files = options.positionals.slice(1);
  const sources = files.map((file) => ({ name: displayPath(ctx.cwd, file), text: readText(resolveIn(ctx, file), file) }));
  const progress = progressFor(ctx, options);
  const started = Date.now();
  const result = importPhoenix(sources, {
    centuryPivot: options.centuryPivot,
    comments: options.comments,
    onProgress: (done, total, file) => progress.update(done, total, `Importing ${file}`),
  });
  progress.finish();
  emit(ctx, options, result.yaml);
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  for (const w of result.warnings) ctx.stderr(`${w.file}${w.line > 0 ? `:${w.line}` : ''}: warning: ${w.message}\n`);
  if (!options.quiet) {
    const s = result.stats;
    ctx.stderr(
      `Imported ${plural(s.entities, 'entity').replace('entitys', 'entities')} (${s.byType.person} people, ${s.byType.organization} organisations, ` +
        `${s.byType.state} states, ${s.byType.place} places, ${s.byType.other} other; ${plural(s.aliases, 'alias').replace('aliass', 'aliases')}, ` +
        `${plural(s.roles, 'role')}) from ${plural(s.files, 'file')} in ${seconds} s; ${plural(result.warnings.length, 'warning')}` +
        `${options.output ? `; written to ${options.output}` : ''}\n`,
    );
    // What was merged and split (issue 17); each merge is also a `# merged here:` comment in the YAML.
    ctx.stderr(
      `Merged ${plural(s.merged, 'dictionary entry').replace('entrys', 'entries')} into others (${s.mergedRepeated} repeated, ${s.mergedIntoStates} more names of a state); ` +
        `${plural(s.personsSplit, 'person name')} among organisations' synonyms made people of their own; ${plural(s.surnameAliases, 'surname alias').replace('aliass', 'aliases')} generated (shared ones are resolved per mention)\n`,
    );
  }
  return 0;
}

// ---------------------------------------------------------------------------------------------
// import ftm, export --format ftm (FollowTheMoney, issue 13)

/**
 * `import ftm FILE… [-o list.yaml | -o folder/] [--overwrite]`: FollowTheMoney JSON lines into
 * the registry. `-o` ending in `/` (or naming a folder) writes one file per entity there; else one
 * list file; no `-o`: the list on stdout. What an earlier import wrote there is updated in place.
 */
export function runImportFtm(ctx: CliContext, options: CliOptions): number {
  const files = options.positionals.slice(1);
  const sources = files.map((file) => ({ name: displayPath(ctx.cwd, file), text: readText(resolveIn(ctx, file), file) }));
  let layout: FtmLayout = { kind: 'list' };
  const existing: FtmExistingFile[] = [];
  if (options.output) {
    const target = resolveIn(ctx, options.output);
    const isFolder = /[\\/]$/.test(options.output) || (fs.existsSync(target) && fs.statSync(target).isDirectory());
    const shown = displayPath(ctx.cwd, target);
    if (isFolder) {
      layout = { kind: 'folder', folder: shown };
      if (fs.existsSync(target)) {
        for (const file of findRegistryFiles(ctx.cwd, [target]))
          existing.push({ path: displayPath(ctx.cwd, file), text: readText(file, displayPath(ctx.cwd, file)) });
      }
    } else {
      layout = { kind: 'list', path: shown };
      if (fs.existsSync(target)) existing.push({ path: shown, text: readText(target, shown) });
    }
  }
  // The rest of the registry: its ids are taken, and an entity with a QID it has is not imported twice.
  // (The target's own files are read once, by the import: a list file may be 25 MB.)
  const targetPaths = new Set(existing.map((f) => f.path));
  const store = new RegistryStore();
  for (const file of findRegistryFiles(ctx.cwd, options.registry.length > 0 ? options.registry : DEFAULT_REGISTRY_FILES)) {
    const shown = displayPath(ctx.cwd, file);
    if (!targetPaths.has(shown)) store.setFile(shown, readText(file, shown));
  }
  const others = store.build().entities;
  let result: ReturnType<typeof importFtm>;
  try {
    result = importFtm(sources, { layout, existing, registry: others, overwrite: options.overwrite === true });
  } catch (error) {
    if (error instanceof FtmImportError) throw new CliError(error.message);
    throw error;
  }
  let written = 0;
  for (const file of result.files) {
    if (!options.output) {
      ctx.stdout(file.text);
      continue;
    }
    if (!file.changed) continue;
    const absolute = resolveIn(ctx, file.path);
    fs.mkdirSync(path.dirname(absolute), { recursive: true });
    writeText(absolute, file.text, file.path);
    written++;
  }
  for (const w of result.warnings) ctx.stderr(`${w.file}${w.line > 0 ? `:${w.line}` : ''}: warning: ${w.message}\n`);
  if (!options.quiet) {
    const s = result.stats;
    const t = s.byType;
    const total = s.added + s.updated + s.unchanged + s.kept;
    const skipped = [...s.skipped].map(([schema, n]) => `${n} ${schema}`).join(', ');
    ctx.stderr(
      `Imported ${plural(total, 'entity').replace('entitys', 'entities')} (${t.person} people, ${t.organization} organisations, ${plural(t.state, 'state')}, ${plural(t.place, 'place')}, ${plural(t.position, 'position')}; ` +
        `${plural(s.aliases, 'alias').replace('aliass', 'aliases')}, ${s.weakAliases} weak ${s.weakAliases === 1 ? 'alias' : 'aliases'} left out, ${plural(s.roles, 'role')}, ${plural(s.affiliations, 'affiliation')}) ` +
        `from ${plural(s.lines, 'line')} of ${plural(sources.length, 'file')}: ${s.added} new, ${s.updated} updated, ${s.unchanged} unchanged, ${s.kept} kept (edited by hand), ${s.reused} already in the registry` +
        `${skipped ? `; not imported: ${skipped}` : ''}; ${plural(result.warnings.length, 'warning')}` +
        `${options.output ? `; ${written === 0 ? 'nothing to write' : `${plural(written, 'file')} written`} in ${options.output}` : ''}\n`,
    );
  }
  return 0;
}

/** `export --format ftm [paths…]`: the registry and the texts' mentions, claims and events as FtM JSON lines. */
export function runExportFtm(ctx: CliContext, options: CliOptions): number {
  const { registry } = loadRegistry(ctx, options);
  noteRegistryErrors(ctx, options, registry);
  const paths = options.positionals.length > 0 ? options.positionals : ['.'];
  const docs: TagDocument[] = readDocuments(ctx, options, paths, 'Reading').map((d) => ({ path: d.shown, text: d.text }));
  const result = exportFtm(registry, docs);
  emit(ctx, options, result.content);
  if (!options.quiet) {
    for (const note of result.notes) ctx.stderr(`analyst-markup: note: ${note}\n`);
    ctx.stderr(
      `${plural(result.entities.length, 'FollowTheMoney entity').replace('entitys', 'entities')}: ${plural(registry.entities.size, 'registry entity').replace('entitys', 'entities')}, ` +
        `${plural(result.claims, 'claim')} and ${plural(result.events, 'event')} from ${plural(result.documents, 'text')}\n`,
    );
    if (result.errorCount > 0)
      ctx.stderr(`analyst-markup: note: the tags have ${plural(result.errorCount, 'error')}; run “analyst-markup check” for details\n`);
  }
  return 0;
}

// ---------------------------------------------------------------------------------------------
// fix --ids

/** Renumbers tag IDs used more than once (renumberDuplicateTagIds); writes only the files it changes. */
export function runFix(ctx: CliContext, options: CliOptions): number {
  const paths = options.positionals.length > 0 ? options.positionals : ['.'];
  const files = collectTextFiles(ctx.cwd, paths, TEXT_FILE_EXTENSIONS);
  const progress = progressFor(ctx, options);
  const docs = files.map((file, index) => {
    progress.update(index + 1, files.length, 'Reading');
    const shown = displayPath(ctx.cwd, file);
    // The raw text: a BOM and every other byte are written back as they were.
    return { file, shown, raw: readRawText(file, shown) };
  });
  progress.finish();
  const texts = docs.map((d) => (d.raw.charCodeAt(0) === 0xfeff ? d.raw.slice(1) : d.raw));
  const fixes = renumberDuplicateTagIds(texts);
  const byDocument = new Map<number, TagIdRenumbering[]>();
  for (const fix of fixes) getOrCreateList(byDocument, fix.document).push(fix);
  const where = (document: number, offset: number): string => {
    const p = new LineIndex(texts[document]).position(offset);
    return `${docs[document].shown}:${p.line + 1}:${p.character + 1}`;
  };
  let written = 0;
  let renumbered = 0;
  let refused = 0;
  for (const [document, list] of byDocument) {
    const doc = docs[document];
    const bom = doc.raw.length - texts[document].length;
    let text = texts[document];
    for (let k = list.length - 1; k >= 0; k--) text = text.slice(0, list[k].start) + list[k].newId + text.slice(list[k].end);
    // A git pull (or an editor) may have changed the file since it was read: then leave it alone.
    if (readRawText(doc.file, doc.shown) !== doc.raw) {
      ctx.stderr(`analyst-markup: ${doc.shown} changed on disk while fix ran: not changed; run fix again\n`);
      refused++;
      continue;
    }
    writeText(doc.file, doc.raw.slice(0, bom) + text, doc.shown);
    written++;
    renumbered += list.length;
    for (const fix of list)
      ctx.stdout(`${where(document, fix.start - 1)}: #${fix.oldId} → #${fix.newId} (first used at ${where(fix.first.document, fix.first.offset)})\n`);
  }
  if (!options.quiet) {
    ctx.stderr(
      fixes.length === 0
        ? `No tag ID is used twice in ${plural(docs.length, 'text')}.\n`
        : `Renumbered ${plural(renumbered, 'tag ID')} in ${plural(written, 'file')}${refused > 0 ? `; ${plural(refused, 'file')} left alone` : ''}.\n`,
    );
  }
  return refused > 0 ? 2 : 0;
}

function getOrCreateList<K, V>(map: Map<K, V[]>, key: K): V[] {
  let list = map.get(key);
  if (!list) map.set(key, (list = []));
  return list;
}
