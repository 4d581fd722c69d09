// Which workspace files hold text of the configured languages (`highlight.languages`).

/** File name extensions per language id; a Map: a language id from the settings names no prototype member (issue 17). */
const LANGUAGE_EXTENSIONS: ReadonlyMap<string, readonly string[]> = new Map([
  ['plaintext', ['txt']],
  ['markdown', ['md', 'markdown']],
  ['html', ['html', 'htm']],
  ['latex', ['tex']],
  ['restructuredtext', ['rst']],
  ['asciidoc', ['adoc', 'asciidoc']],
  ['org', ['org']],
]);

/** The glob of the workspace files to scan for `languages`, or undefined for none. */
export function filesGlob(languages: readonly string[]): string | undefined {
  if (languages.includes('*')) return '**/*';
  const extensions = [...new Set(languages.flatMap((l) => LANGUAGE_EXTENSIONS.get(l) ?? []))];
  if (extensions.length === 0) return undefined;
  return extensions.length === 1 ? `**/*.${extensions[0]}` : `**/*.{${extensions.join(',')}}`;
}
