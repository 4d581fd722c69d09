// Walking folders with Node's fs, for the CLI and the language server: one walker, so that both
// treat symbolic links, loops, `node_modules`/`.git` and unreadable folders the same way. They
// differ only in the options: the CLI follows links that stay inside the folder given (or all,
// with --follow-symlinks); the language server follows none and stops after a number of files.

import * as fs from 'node:fs';
import * as path from 'node:path';

export interface WalkOptions {
  /** `--follow-symlinks`: follow links out of the folder given too (loops are still cut). */
  followSymlinks?: boolean;
  /** Follow no link at all, inside the folder or out (the language server: a link in a shared repository could lead anywhere). */
  skipLinks?: boolean;
  /** Told of each link left out (it leads out of the folder given, is broken or loops; not with skipLinks). */
  onSkip?: (skipped: SkippedLink) => void;
  /** Files to look at, at most, shared by the walks given the same object: counted down, the walk stops at 0. */
  budget?: { files: number };
}

export interface SkippedLink {
  /** The link, as found below the folder. */
  link: string;
  /** Where it leads (its real path), when it leads anywhere. */
  target?: string;
  why: 'outside' | 'broken' | 'loop';
}

function realpathOrUndefined(p: string): string | undefined {
  try {
    return fs.realpathSync(p);
  } catch {
    return undefined;
  }
}

export function statOrUndefined(p: string): fs.Stats | undefined {
  try {
    return fs.statSync(p);
  } catch {
    return undefined;
  }
}

/** `inner` is `outer` or below it (both real, absolute paths). */
function isInside(outer: string, inner: string): boolean {
  const relative = path.relative(outer, inner);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

const toPosix = (p: string): string => p.split(path.sep).join('/');

/**
 * Every file below `root` (a folder) that `accept` takes, as absolute paths in path order,
 * skipping `node_modules` and `.git`. Unreadable folders are skipped. A symbolic link (to a file
 * or a folder) is followed only when it leads to a place inside `root`, or with `followSymlinks`,
 * never with `skipLinks`; a folder already walked is not walked again, so a link loop ends.
 */
export function walkFiles(root: string, accept: (absolute: string) => boolean, options: WalkOptions = {}): string[] {
  const out: string[] = [];
  const rootReal = realpathOrUndefined(root) ?? path.resolve(root);
  const walked = new Set<string>([rootReal]);
  const stack = [root];
  const budget = options.budget;
  const take = (file: string): void => {
    if (budget) budget.files--;
    if (accept(file)) out.push(file);
  };
  while (stack.length > 0 && (!budget || budget.files > 0)) {
    const dir = stack.pop()!;
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    entries.sort((a, b) => (a.name < b.name ? 1 : a.name > b.name ? -1 : 0));
    for (const entry of entries) {
      if (budget && budget.files <= 0) break;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name === 'node_modules' || entry.name === '.git') continue;
        // Walked once, however many links lead to it.
        const real = options.skipLinks ? full : (realpathOrUndefined(full) ?? full);
        if (walked.has(real)) continue;
        walked.add(real);
        stack.push(full);
      } else if (entry.isFile()) {
        take(full);
      } else if (entry.isSymbolicLink() && !options.skipLinks) {
        const target = realpathOrUndefined(full);
        const stat = target === undefined ? undefined : statOrUndefined(target);
        if (target === undefined || !stat) {
          options.onSkip?.({ link: full, why: 'broken' });
          continue;
        }
        if (!options.followSymlinks && !isInside(rootReal, target)) {
          options.onSkip?.({ link: full, target, why: 'outside' });
          continue;
        }
        if (stat.isDirectory()) {
          if (entry.name === 'node_modules' || entry.name === '.git') continue;
          if (walked.has(target) || isInside(target, rootReal)) {
            options.onSkip?.({ link: full, target, why: 'loop' });
            continue;
          }
          walked.add(target);
          stack.push(full);
        } else if (stat.isFile()) {
          take(full);
        }
      }
    }
  }
  return out.sort((a, b) => (toPosix(a) < toPosix(b) ? -1 : toPosix(a) > toPosix(b) ? 1 : 0));
}
