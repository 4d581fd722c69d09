// Finding and reading files for the CLI: registry globs, text folders. Node built-ins live here,
// never in src/core.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { globToRegExp, isExcludedPath } from '../core/glob';
import { statOrUndefined, walkFiles, type WalkOptions } from '../node/walk';

/** A failure to run (unreadable file, bad path): exit code 2. */
export class CliError extends Error {}

/** `a\b` → `a/b`, for display and glob matching. */
export function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}

/** How a path is shown: relative to `cwd` when inside it, else as given (posix separators). */
export function displayPath(cwd: string, file: string): string {
  const absolute = path.resolve(cwd, file);
  const relative = path.relative(cwd, absolute);
  if (relative && !relative.startsWith('..') && !path.isAbsolute(relative)) return toPosix(relative);
  return toPosix(absolute);
}

const GLOB_CHARS = /[*?[\]{}]/;

export function hasGlobChars(pattern: string): boolean {
  return GLOB_CHARS.test(pattern);
}

/** The folder a glob can match in: its leading segments without glob characters. */
export function globBase(pattern: string): string {
  const segments = toPosix(pattern).split('/');
  const base: string[] = [];
  for (const segment of segments.slice(0, -1)) {
    if (hasGlobChars(segment)) break;
    base.push(segment);
  }
  if (base.length === 0) return '.';
  if (base.length === 1 && base[0] === '') return '/';
  return base.join('/');
}

export { walkFiles, type SkippedLink, type WalkOptions } from '../node/walk';

const YAML_FILE = /\.ya?ml$/i;

/**
 * The registry files for `patterns` (SPEC §1 globs relative to `cwd`): a pattern without glob
 * characters names a file or a folder (all its .yaml/.yml files); a glob matches paths relative
 * to `cwd` (or absolute paths when it is absolute). `node_modules` and `.git` are excluded.
 * Returns absolute paths, sorted and unique. Throws CliError for a named file that is missing.
 */
export function findRegistryFiles(cwd: string, patterns: readonly string[], walk: WalkOptions = {}): string[] {
  const found = new Set<string>();
  for (const pattern of patterns) {
    if (!hasGlobChars(pattern)) {
      const absolute = path.resolve(cwd, pattern);
      const stat = statOrUndefined(absolute);
      if (!stat) throw new CliError(`registry file not found: ${pattern}`);
      if (stat.isDirectory()) {
        for (const file of walkFiles(absolute, (f) => YAML_FILE.test(f), walk)) found.add(file);
      } else {
        found.add(absolute);
      }
      continue;
    }
    const posixPattern = toPosix(pattern).replace(/^\.\//, '');
    const absolutePattern = path.isAbsolute(pattern);
    const regex = globToRegExp(posixPattern);
    const base = path.resolve(cwd, globBase(posixPattern));
    if (!statOrUndefined(base)?.isDirectory()) continue;
    for (const file of walkFiles(
      base,
      (f) => {
        const candidate = absolutePattern ? toPosix(f) : toPosix(path.relative(cwd, f));
        return regex.test(candidate) && !isExcludedPath(candidate);
      },
      walk,
    )) {
      found.add(file);
    }
  }
  return [...found].sort();
}

/**
 * The text files named by `paths`: a file is taken as it is (any extension), a folder gives its
 * files ending in one of `extensions`. Throws CliError for a path that does not exist.
 */
export function collectTextFiles(cwd: string, paths: readonly string[], extensions: readonly string[], walk: WalkOptions = {}): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  const add = (file: string): void => {
    if (!seen.has(file)) {
      seen.add(file);
      out.push(file);
    }
  };
  const lowerExtensions = extensions.map((e) => e.toLowerCase());
  for (const p of paths) {
    const absolute = path.resolve(cwd, p);
    const stat = statOrUndefined(absolute);
    if (!stat) throw new CliError(`cannot read ${p}: no such file or folder`);
    if (stat.isDirectory()) {
      for (const file of walkFiles(absolute, (f) => lowerExtensions.some((e) => f.toLowerCase().endsWith(e)), walk)) add(file);
    } else {
      add(absolute);
    }
  }
  return out;
}

/** A file's text (UTF-8, without a byte order mark). Throws CliError when it cannot be read. */
export function readText(file: string, shownAs: string = file): string {
  try {
    return fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : code === 'EACCES' ? 'permission denied' : (error as Error).message;
    throw new CliError(`cannot read ${shownAs}: ${why}`);
  }
}

/** The file's text exactly as stored (a BOM kept), for edits that must keep every other byte. */
export function readRawText(file: string, shownAs: string = file): string {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (error) {
    throw new CliError(`cannot read ${shownAs}: ${(error as Error).message}`);
  }
  try {
    // Fatal: a byte that is not UTF-8 would come back as U+FFFD, and writing the text would lose it.
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    throw new CliError(`${shownAs} is not UTF-8 text: nothing was changed`);
  }
}

/** Writes `content` to `file`. Throws CliError when it cannot. */
export function writeText(file: string, content: string, shownAs: string = file): void {
  try {
    fs.writeFileSync(file, content, 'utf8');
  } catch (error) {
    throw new CliError(`cannot write ${shownAs}: ${(error as Error).message}`);
  }
}

/**
 * Writes `files` (paths relative to `folder`, `/`-separated) into `folder`, creating it and the
 * subfolders they need; files already there are overwritten, others left alone. Throws CliError.
 */
export function writeFiles(folder: string, files: readonly { path: string; content: string }[], shownAs: string = folder): void {
  const root = path.resolve(folder);
  try {
    fs.mkdirSync(root, { recursive: true });
  } catch (error) {
    throw new CliError(`cannot write ${shownAs}: ${(error as Error).message}`);
  }
  if (!fs.statSync(root).isDirectory()) throw new CliError(`cannot write ${shownAs}: it is not a folder`);
  for (const file of files) {
    const target = path.resolve(root, ...file.path.split('/'));
    if (target !== root && !target.startsWith(root + path.sep)) throw new CliError(`cannot write ${file.path}: it is outside ${shownAs}`);
    try {
      fs.mkdirSync(path.dirname(target), { recursive: true });
    } catch (error) {
      throw new CliError(`cannot write ${shownAs}/${file.path}: ${(error as Error).message}`);
    }
    writeText(target, file.content, `${shownAs}/${file.path}`);
  }
}
