// Defaults shared by the extension and the CLI (SPEC §1, §6). Pure core: no `vscode`, no Node built-ins.

/** `analystMarkup.registry.files` default: where the registry files are (relative globs). */
export const DEFAULT_REGISTRY_FILES: readonly string[] = Object.freeze(['**/entities.{yaml,yml}', '**/*.entities.{yaml,yml}', '**/entities/**/*.{yaml,yml}']);

/** File name endings of the texts the CLI reads when it walks a directory (scan, check, export). */
export const TEXT_FILE_EXTENSIONS: readonly string[] = Object.freeze(['.txt', '.md', '.markdown']);
