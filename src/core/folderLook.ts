// What a look at folders (a listing of each) says about the files the registry already has: the
// file watcher drops events of a burst, deletes too, so a look after a burst also finds files
// that went without an event. Keys are URI strings, `/`-separated, folders without a final `/`.

export interface FolderLook {
  /** Folders listed in full. */
  readonly listedFolders: ReadonlySet<string>;
  /** The files found in them. */
  readonly listedFiles: ReadonlySet<string>;
  /** Paths looked at that are gone (a folder with all below it, or a file). */
  readonly gonePaths: ReadonlySet<string>;
}

/** Whether the file `key` is gone by the look: its folder was listed without it, or it or a folder above it is gone. */
export function isGoneByLook(key: string, look: FolderLook): boolean {
  const slash = key.lastIndexOf('/');
  if (slash > 0 && look.listedFolders.has(key.slice(0, slash)) && !look.listedFiles.has(key)) return true;
  if (look.gonePaths.size === 0) return false;
  for (let at = key.length; at > 0; at = key.lastIndexOf('/', at - 1)) {
    if (look.gonePaths.has(key.slice(0, at))) return true;
  }
  return false;
}
