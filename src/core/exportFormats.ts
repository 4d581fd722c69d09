// Every export format of claims and events, in ONE place: the CLI (`analyst-markup export
// --format …`), its help and the `analystMarkup.exportTags` command (its format picker) all read
// EXPORT_FORMATS and call exportInFormat. A new format is one entry below and one case in
// exportInFormat. Pure core.

import { BratRegistry, exportBrat } from './exportBrat';
import { EntityNames, exportTags, ExportedTag, TagDocument } from './exportTags';
import { formatTagsW3c } from './exportW3c';

export type ExportFormat = 'csv' | 'json' | 'w3c' | 'brat';
// (ftm: FollowTheMoney entities as JSON lines, from the `ftm` branch, goes here and below.)

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
  w3c: { label: 'W3C Web Annotation', description: 'JSON-LD AnnotationCollection for Hypothesis, Recogito and other annotation tools', target: 'file', extension: 'jsonld' },
  brat: { label: 'brat standoff', description: 'a .txt and .ann per document plus annotation.conf, for brat and NLP pipelines (a folder)', target: 'folder', extension: '' },
});

export const EXPORT_FORMAT_NAMES = Object.freeze(Object.keys(EXPORT_FORMATS) as ExportFormat[]);

export function isExportFormat(value: string): value is ExportFormat {
  return Object.prototype.hasOwnProperty.call(EXPORT_FORMATS, value);
}

export interface ExportInFormatOptions {
  format: ExportFormat;
  /** The registry: entity names, types and QIDs; brat also finds the mentions with it. */
  registry?: BratRegistry;
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
    case 'brat': {
      const { files, tags, errorCount } = exportBrat(documents, { registry: options.registry, entities });
      return { files, tags, errorCount };
    }
  }
}
