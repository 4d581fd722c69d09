// What the extension may write (issue 15). A repository can come from anyone, and command
// arguments from key bindings, other extensions or links: a registry file or an export named by
// an argument must lie inside a workspace folder (after `..` is resolved, and not reached through
// a symbolic link), unless the user picked the place in a save dialog. And an edit computed from
// a file's text is refused when the file changed since it was read (a `git pull` while the
// command asked its questions): its offsets would land in the wrong places.

import vscode = require('vscode');
import { decodeText } from './workspaceFiles';

/** `path` with `.` and `..` segments resolved (`/a/b/../c` → `/a/c`; `..` above the root stays at the root). */
export function normalisedPath(path: string): string {
  const out: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') out.pop();
    else out.push(segment);
  }
  return `/${out.join('/')}`;
}

/** The workspace folder that holds `uri` (compared after normalisation), or undefined. */
export function containingFolder(uri: vscode.Uri): vscode.WorkspaceFolder | undefined {
  const path = normalisedPath(uri.path);
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    if (folder.uri.scheme !== uri.scheme || folder.uri.authority !== uri.authority) continue;
    const root = normalisedPath(folder.uri.path);
    if (path === root || path.startsWith(root === '/' ? '/' : `${root}/`)) return folder;
  }
  return undefined;
}

function shown(uri: vscode.Uri): string {
  return uri.scheme === 'file' ? uri.fsPath : uri.toString(true);
}

/**
 * Why `uri` must not be written, or undefined when it may: it lies outside every workspace
 * folder, or a folder or the file on the way to it is a symbolic link (which may lead anywhere).
 */
export async function writeRefusal(uri: vscode.Uri): Promise<string | undefined> {
  const folder = containingFolder(uri);
  if (!folder)
    return `${shown(uri)} is outside the workspace folders: Analyst Markup writes only inside them (or where you pick in a save dialog). Nothing was written.`;
  const root = normalisedPath(folder.uri.path);
  const rest = normalisedPath(uri.path).slice(root === '/' ? 1 : root.length + 1);
  let at = folder.uri.with({ path: root });
  for (const segment of rest.split('/').filter((s) => s.length > 0)) {
    at = vscode.Uri.joinPath(at, segment);
    let type: vscode.FileType;
    try {
      type = (await vscode.workspace.fs.stat(at)).type;
    } catch {
      break; // does not exist (yet): nothing below it can be a link
    }
    if ((type & vscode.FileType.SymbolicLink) !== 0) {
      return `${vscode.workspace.asRelativePath(at, false)} is a symbolic link, which may lead out of the workspace: Analyst Markup does not write through it. Nothing was written.`;
    }
  }
  return undefined;
}

/**
 * Why an edit computed from `read` must not be applied to `uri` now, or undefined: the file (or
 * its open document) no longer holds the text the edit was computed from.
 */
export async function changedSinceRead(uri: vscode.Uri, read: { text: string; document?: vscode.TextDocument } | 'missing'): Promise<string | undefined> {
  const name = vscode.workspace.asRelativePath(uri, false);
  const message = `${name} changed since Analyst Markup read it (a git pull, another editor?): nothing was changed. Run the command again.`;
  const key = uri.toString();
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === key);
  if (read === 'missing') {
    if (open) return message;
    try {
      await vscode.workspace.fs.stat(uri);
      return message; // it exists now
    } catch {
      return undefined;
    }
  }
  if (open && open.getText() !== read.text) return message;
  if (open?.isDirty) return undefined; // unsaved edits are the text the edit was made for; saving is the editor's question
  let disk: string;
  try {
    disk = decodeText(await vscode.workspace.fs.readFile(uri));
  } catch {
    return `${name} can no longer be read: nothing was changed.`;
  }
  return disk === read.text ? undefined : message;
}
