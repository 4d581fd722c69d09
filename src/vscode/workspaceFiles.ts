// Shared by everything that reads workspace files through `vscode.workspace.fs`.

/** Folders never searched for registry or text files. */
export const WORKSPACE_EXCLUDE = '**/{node_modules,.git}/**';

const decoder = new TextDecoder('utf-8');

/** A file's bytes as text: UTF-8, without a byte-order mark. */
export function decodeText(bytes: Uint8Array): string {
  const text = decoder.decode(bytes);
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
