// Minimal glob matching for registry patterns (`**`, `*`, `?`, `{a,b}`, `[abc]`), shared by the
// extension (to recognise an open registry document) and the CLI (to find registry files).

const cache = new Map<string, RegExp>();

export function globToRegExp(glob: string): RegExp {
  let cached = cache.get(glob);
  if (cached) return cached;
  let out = '';
  let braceDepth = 0;
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i];
    if (ch === '*') {
      if (glob[i + 1] === '*') {
        // `**/` matches any number of folders, including none.
        i++;
        if (glob[i + 1] === '/') {
          i++;
          out += '(?:[^/]*/)*';
        } else {
          out += '.*';
        }
      } else {
        out += '[^/]*';
      }
    } else if (ch === '?') out += '[^/]';
    else if (ch === '{') {
      braceDepth++;
      out += '(?:';
    } else if (ch === '}' && braceDepth > 0) {
      braceDepth--;
      out += ')';
    } else if (ch === ',' && braceDepth > 0) out += '|';
    else if (ch === '[') {
      const close = glob.indexOf(']', i + 1);
      if (close > i) {
        out += '[' + glob.slice(i + 1, close).replace(/^!/, '^').replace(/\\/g, '\\\\') + ']';
        i = close;
      } else out += '\\[';
    } else out += ch.replace(/[.+^$()|\\\]]/g, '\\$&');
  }
  cached = new RegExp(`^${out}$`);
  cache.set(glob, cached);
  return cached;
}

/** Whether a `/`-separated path relative to the workspace folder matches any of the globs. */
export function matchesAnyGlob(relativePath: string, globs: readonly string[]): boolean {
  return globs.some((glob) => globToRegExp(glob).test(relativePath));
}

/** Paths below `node_modules` or `.git` are never registry files. */
export function isExcludedPath(path: string): boolean {
  return /(^|\/)(node_modules|\.git)\//.test(path);
}
