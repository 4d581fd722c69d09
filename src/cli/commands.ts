// The four commands of `analyst-markup` (SPEC §8): check, scan, export, import phoenix.
// Each takes the parsed options and a context (cwd, output streams) and returns the exit code:
// 0 success (warnings allowed), 1 errors found (check), 2 could not run (CliError, UsageError).

import * as path from 'node:path';
import { DEFAULT_REGISTRY_FILES, TEXT_FILE_EXTENSIONS } from '../core/defaults';
import { exportTags, TagDocument } from '../core/exportTags';
import { formatGraphml } from '../core/graphml';
import { buildNetwork } from '../core/network';
import { buildTimeline, formatTimelineJson } from '../core/timeline';
import { importPhoenix } from '../core/importPhoenix';
import { parseMarkup } from '../core/markup';
import { findMentions } from '../core/mentions';
import { mentionCandidates, mentionResolution } from '../core/resolution';
import { checkFrontMatterRefs, checkTagReferences, registryAssistContext } from '../core/markupAssist';
import { Registry, RegistryStore } from '../core/registry';
import { LineIndex } from '../core/sourceText';
import type { CliOptions } from './args';
import { CliError, collectTextFiles, displayPath, findRegistryFiles, readText, writeText } from './files';
import { Progress } from './progress';

export interface CliContext {
  cwd: string;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Whether stderr is a terminal (progress shows by default only then). */
  stderrIsTTY: boolean;
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
    write: ctx.stderr,
  });
}

/** Output to `-o FILE` or stdout. */
function emit(ctx: CliContext, options: CliOptions, content: string): void {
  if (options.output) writeText(resolveIn(ctx, options.output), content, options.output);
  else ctx.stdout(content);
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
  const absolute = new Set([...findRegistryFiles(ctx.cwd, patterns), ...extraFiles]);
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

function readDocuments(ctx: CliContext, options: CliOptions, paths: readonly string[], label: string): { shown: string; text: string }[] {
  const files = collectTextFiles(ctx.cwd, paths, TEXT_FILE_EXTENSIONS);
  const progress = progressFor(ctx, options);
  const docs = files.map((file, index) => {
    progress.update(index + 1, files.length, label);
    const shown = displayPath(ctx.cwd, file);
    return { shown, text: readText(file, shown) };
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
        push(span.idStart - 1, span.idEnd ?? span.idStart, 'error', 'duplicate-tag-id', `Tag ID “${span.id}” is also used in ${first.file}:${first.line}:${first.column}; IDs must be unique in the workspace`);
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
  for (const doc of docs) diagnostics.push(...checkText(doc.shown, doc.text, registryFiles.length > 0 ? registry : undefined, tagIds));

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
  const files = collectTextFiles(ctx.cwd, options.positionals, TEXT_FILE_EXTENSIONS);
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
        const how = m.resolution === undefined || m.resolution === 'unique' ? '' : ` (${m.resolution}${m.via !== undefined && m.via !== m.entityId ? ` via ${m.via}` : ''}${m.resolution === 'ambiguous' ? `: ${mentionCandidates(m).join(' | ')}` : ''})`;
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
  const { registry } = loadRegistry(ctx, options);
  noteRegistryErrors(ctx, options, registry);
  const paths = options.positionals.length > 0 ? options.positionals : ['.'];
  const docs: TagDocument[] = readDocuments(ctx, options, paths, 'Reading').map((d) => ({ path: d.shown, text: d.text }));
  if (options.format === 'graphml' || options.format === 'timeline-json') return runViewExport(ctx, options, registry, docs);
  const format = options.format === 'json' ? 'json' : 'csv';
  const { content, tags, errorCount } = exportTags(docs, { format, entities: registry.entities });
  emit(ctx, options, content);
  if (!options.quiet) {
    const claims = tags.filter((t) => t.kind === 'claim').length;
    ctx.stderr(`${plural(claims, 'claim')} and ${plural(tags.length - claims, 'event')} from ${plural(docs.length, 'text')}\n`);
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
  }
  return 0;
}
