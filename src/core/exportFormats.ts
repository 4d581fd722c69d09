// Every export format of claims and events, in ONE place: the CLI (`analyst-markup export
// --format …`), its help and the `analystMarkup.exportTags` command (its format picker) all read
// EXPORT_FORMATS and call exportInFormat. A new format is one entry below and one case in
// exportInFormat. Pure core.

import { exportBrat } from './exportBrat';
import { EntityNames, exportTags, ExportedTag, TagDocument } from './exportTags';
import { formatTagsW3c } from './exportW3c';
import { exportFtm } from './ftmExport';
import type { Registry } from './registry';

export type ExportFormat = 'csv' | 'json' | 'w3c' | 'ftm' | 'brat';

export interface ExportFormatInfo {
  label: string;
  description: string;
  /** `file`: one file (or stdout); `folder`: several files in a target folder. */
  target: 'file' | 'folder';
  /** The file extension a target of this format takes (file formats). */
  extension: string;
}

export const EXPORT_FORMATS: Readonly<Record<ExportFormat, ExportFormatInfo>> = Object.freeze({
  csv: { label: 'CSV', description: 'one row per tag, ACLED-like columns for events (RFC 4180, UTF-8 with BOM for Excel)', target: 'file', extension: 'csv' },
  json: { label: 'JSON', description: 'every attribute, entity names resolved', target: 'file', extension: 'json' },
  w3c: {
    label: 'W3C Web Annotation',
    description: 'JSON-LD AnnotationCollection for Hypothesis, Recogito and other annotation tools',
    target: 'file',
    extension: 'jsonld',
  },
  ftm: {
    label: 'FollowTheMoney',
    description: 'registry entities, roles, mentions, events and claims as FtM JSON lines, for Aleph',
    target: 'file',
    extension: 'json',
  },
  brat: {
    label: 'brat standoff',
    description: 'a .txt and .ann per document plus annotation.conf, for brat and NLP pipelines (a folder)',
    target: 'folder',
    extension: '',
  },
});

export const EXPORT_FORMAT_NAMES = Object.freeze(Object.keys(EXPORT_FORMATS) as ExportFormat[]);

export function isExportFormat(value: string): value is ExportFormat {
  return Object.prototype.hasOwnProperty.call(EXPORT_FORMATS, value);
}

/**
 * The format a target file's name implies: `.ftm.json`, `.ftm` and `.jsonl` are FollowTheMoney,
 * else the file format whose extension it has (`.jsonld` is W3C's JSON-LD, `.json` plain JSON).
 */
export function exportFormatOfPath(path: string): ExportFormat | undefined {
  if (/\.(ftm(\.json)?|jsonl)$/i.test(path)) return 'ftm';
  const m = /\.([a-z]+)$/i.exec(path);
  if (!m) return undefined;
  const extension = m[1].toLowerCase();
  return EXPORT_FORMAT_NAMES.find((f) => f !== 'ftm' && EXPORT_FORMATS[f].target === 'file' && EXPORT_FORMATS[f].extension === extension);
}

export interface ExportInFormatOptions {
  format: ExportFormat;
  /** The registry: entity names, types and QIDs; brat also finds the mentions with it. */
  registry?: Registry;
  /** Entity names when there is no full registry. */
  entities?: EntityNames;
  /** W3C: the collection's IRI (the target file's URI when known). */
  collectionId?: string;
}

export interface ExportOutput {
  /** A file format's content. */
  content?: string;
  /** A folder format's files, relative to the target folder. */
  files?: { path: string; content: string }[];
  tags: ExportedTag[];
  /** Markup errors met (the export still goes on). */
  errorCount: number;
  /** FollowTheMoney: what it exported (its `tags` stay empty) and what FtM cannot say. */
  counts?: { claims: number; events: number; documents: number };
  notes?: string[];
}

/** Exports `documents` in `options.format`. */
export function exportInFormat(documents: Iterable<TagDocument>, options: ExportInFormatOptions): ExportOutput {
  const entities = options.entities ?? options.registry?.entities;
  switch (options.format) {
    case 'csv':
    case 'json':
      return exportTags(documents, { format: options.format, entities });
    case 'w3c':
      return formatTagsW3c(documents, { entities, collectionId: options.collectionId });
    case 'ftm': {
      // FtM exports the registry itself (entities, roles, affiliations), not only the tags.
      if (!options.registry) throw new Error('the FollowTheMoney export needs the loaded registry');
      const result = exportFtm(options.registry, documents);
      const { claims, events } = result;
      return { content: result.content, tags: [], errorCount: result.errorCount, counts: { claims, events, documents: result.documents }, notes: result.notes };
    }
    case 'brat': {
      const { files, tags, errorCount } = exportBrat(documents, { registry: options.registry, entities });
      return { files, tags, errorCount };
    }
  }
}
