// The `target` argument of the commands that write a file (exportTags, showTimeline and
// showNetwork with an export): a path relative to the first workspace folder, an absolute path or
// a URI string. One reading for all of them; each bundle that needs it carries this small module.

import vscode = require('vscode');

/** The target as a URI; a message (string) when it is none; undefined when not given. */
export function targetUri(value: unknown): vscode.Uri | string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (value instanceof vscode.Uri) return value;
  if (typeof value !== 'string') return `“target” must be a path relative to the workspace folder or a URI string; got ${typeof value}.`;
  const target = value.trim();
  // A URI has a scheme of two or more characters (`C:\…` is a Windows path).
  if (/^[a-zA-Z][a-zA-Z0-9+.-]+:/.test(target)) return vscode.Uri.parse(target, true);
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (/^([a-zA-Z]:)?[\\/]/.test(target))
    return folder && folder.uri.scheme !== 'file' ? folder.uri.with({ path: target.replace(/\\/g, '/') }) : vscode.Uri.file(target);
  if (!folder) return '“target” is relative but no folder is open: give a URI string or open a folder.';
  return vscode.Uri.joinPath(
    folder.uri,
    target
      .split(/[\\/]+/)
      .filter((p) => p.length > 0)
      .join('/'),
  );
}
