// The language server's file access: the workspace folders the client sends, walked with Node's
// fs. Only files inside a workspace folder are read; symbolic links are never followed (a link
// in a shared repository could otherwise point the server at any file on the machine), and
// `node_modules` and `.git` are skipped.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { isExcludedPath, matchesAnyGlob } from '../core/glob';
import { walkFiles } from '../node/walk';

export interface Folder {
  /** The folder's `file:` URI, as the client sent it (normalised). */
  uri: string;
  /** Its absolute path, with symbolic links resolved. */
  path: string;
}

/** Walked files at most: a mistaken workspace folder (`/`) must not take the server down. */
export const MAX_WALKED_FILES = 50_000;
/** Text files larger than this are not read for references and tag ids (they are not articles). */
export const MAX_TEXT_FILE_BYTES = 4 * 1024 * 1024;
/** Registry files larger than this are not read. */
export const MAX_REGISTRY_FILE_BYTES = 64 * 1024 * 1024;

/** A `file:` URI's path, or undefined for another scheme or a malformed URI. */
export function uriToPath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

export function pathToUri(file: string): string {
  return pathToFileURL(file).href;
}

/** The canonical form of a `file:` URI (the server keys documents and registry files by it). */
export function normaliseUri(uri: string): string {
  const file = uriToPath(uri);
  return file === undefined ? uri : pathToUri(file);
}

export function folderOf(uri: string): Folder | undefined {
  const file = uriToPath(uri);
  if (file === undefined) return undefined;
  let real: string;
  try {
    real = fs.realpathSync(file);
  } catch {
    return undefined;
  }
  return { uri: pathToUri(file), path: real };
}

/** The folder holding `file` (an absolute path) and the path relative to it, posix style. */
export function relativeToFolders(folders: readonly Folder[], file: string): { folder: Folder; relative: string } | undefined {
  for (const folder of folders) {
    const relative = path.relative(folder.path, file);
    if (relative && !relative.startsWith('..') && !path.isAbsolute(relative)) return { folder, relative: relative.split(path.sep).join('/') };
  }
  return undefined;
}

/**
 * Whether `file` may be read: a regular file (not a link), below a workspace folder through no
 * linked folder (its real path is where the folder's walk would find it).
 */
export function isReadableWorkspaceFile(folders: readonly Folder[], file: string): boolean {
  try {
    if (!fs.lstatSync(file).isFile()) return false;
    const real = fs.realpathSync(file);
    return relativeToFolders(folders, real) !== undefined && real === path.resolve(file);
  } catch {
    return false;
  }
}

/** Every regular file below the folders that `accept` takes (relative posix path), in path order; no link followed. */
export function walkWorkspace(folders: readonly Folder[], accept: (relative: string, absolute: string) => boolean): string[] {
  const budget = { files: MAX_WALKED_FILES };
  const out = new Set<string>();
  for (const folder of folders) {
    const accepted = walkFiles(folder.path, (full) => accept(path.relative(folder.path, full).split(path.sep).join('/'), full), { skipLinks: true, budget });
    for (const file of accepted) out.add(file);
  }
  return [...out].sort();
}

/** The registry files of the folders for `globs` (relative to each folder, SPEC §1). */
export function findRegistryFiles(folders: readonly Folder[], globs: readonly string[]): string[] {
  return walkWorkspace(folders, (relative) => !isExcludedPath(relative) && matchesAnyGlob(relative, globs));
}

/** Whether a path relative to its folder is a registry file for `globs`. */
export function isRegistryPath(relative: string, globs: readonly string[]): boolean {
  return !isExcludedPath(relative) && matchesAnyGlob(relative, globs);
}

export type FileRead = { text: string; mtime: number; size: number } | 'missing' | 'unreadable';

/** A workspace file's text (UTF-8 without a byte order mark), if it may be read and is not too big or binary. */
export function readWorkspaceFile(folders: readonly Folder[], file: string, maxBytes: number): FileRead {
  let stat: fs.Stats;
  try {
    stat = fs.lstatSync(file);
  } catch {
    return 'missing';
  }
  if (!isReadableWorkspaceFile(folders, file) || stat.size > maxBytes) return 'unreadable';
  try {
    const bytes = fs.readFileSync(file);
    if (bytes.subarray(0, 8000).includes(0)) return 'unreadable';
    const text = bytes.toString('utf8');
    return { text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, mtime: stat.mtimeMs, size: stat.size };
  } catch {
    return 'missing';
  }
}

/** mtime and size of a file, or undefined. */
export function statOf(file: string): { mtime: number; size: number } | undefined {
  try {
    const stat = fs.lstatSync(file);
    return stat.isFile() ? { mtime: stat.mtimeMs, size: stat.size } : undefined;
  } catch {
    return undefined;
  }
}
