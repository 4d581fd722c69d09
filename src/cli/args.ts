// Command-line arguments of `analyst-markup` (SPEC §8). No I/O here: parseArgs is pure.

import { EXPORT_FORMAT_NAMES, EXPORT_FORMATS, isExportFormat } from '../core/exportFormats';

export const COMMANDS = ['check', 'scan', 'export', 'import', 'fix'] as const;
export type CommandName = (typeof COMMANDS)[number];

export interface CliOptions {
  command?: CommandName;
  /** Positional arguments after the command (for `import`: the format first). */
  positionals: string[];
  /** `--registry GLOB`, repeatable: replaces the default registry globs. */
  registry: string[];
  /** `--format` (check: text|json, scan: text|json, export: csv|json). */
  format?: string;
  /** `-o FILE` / `--output FILE`. */
  output?: string;
  /** `--progress`: show progress on stderr even when it is not a terminal. */
  progress: boolean;
  /** `--no-progress`: never show progress. */
  noProgress: boolean;
  /** import: `--no-comments` leaves the dictionaries' comments out of the YAML. */
  comments: boolean;
  /** import ftm: `--overwrite` replaces entries edited by hand since their import. */
  overwrite?: boolean;
  /** import: `--century-pivot YY`. */
  centuryPivot?: number;
  /** export graphml / timeline-json: `--entity ID`, `--date D` (graphml), `--from D` / `--to D` (timeline-json). */
  entity?: string;
  date?: string;
  from?: string;
  to?: string;
  /** `-q` / `--quiet`: no summary or notes on stderr (diagnostics and errors still go out). */
  quiet: boolean;
  /** `--follow-symlinks`: follow symbolic links out of the folders given (default: left out, with a note). */
  followSymlinks: boolean;
  /** fix: `--ids` renumbers tag IDs used more than once. */
  ids: boolean;
  help: boolean;
  version: boolean;
}

export class UsageError extends Error {}

const VALUE_OPTIONS = new Set(['--registry', '--format', '--output', '-o', '--century-pivot', '--entity', '--date', '--from', '--to']);

/** Which options each command accepts (the shared ones are always accepted). */
const COMMAND_OPTIONS: Record<CommandName, readonly string[]> = {
  check: ['--format', '--json'],
  scan: ['--format', '--json'],
  export: ['--format', '--json', '--entity', '--date', '--from', '--to'],
  import: ['--no-comments', '--century-pivot', '--overwrite'],
  fix: ['--ids'],
};
const SHARED_OPTIONS = ['--registry', '--output', '-o', '--progress', '--no-progress', '--quiet', '-q', '--help', '-h', '--version', '-V', '--follow-symlinks'];

const FORMATS: Record<CommandName, readonly string[]> = {
  check: ['text', 'json'],
  scan: ['text', 'json'],
  export: [...EXPORT_FORMAT_NAMES, 'graphml', 'timeline-json'],
  import: [],
  fix: [],
};

/**
 * Reads `argv` (without `node` and the script). Throws UsageError with a message meant for the
 * user on anything it cannot accept.
 */
export function parseArgs(argv: readonly string[]): CliOptions {
  const options: CliOptions = {
    positionals: [],
    registry: [],
    progress: false,
    noProgress: false,
    comments: true,
    followSymlinks: false,
    quiet: false,
    ids: false,
    help: false,
    version: false,
  };
  const seen: string[] = [];
  let onlyPositionals = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (onlyPositionals || arg === '-' || !arg.startsWith('-')) {
      if (!options.command && !onlyPositionals) {
        if (!(COMMANDS as readonly string[]).includes(arg)) {
          throw new UsageError(`unknown command “${arg}”: use one of ${COMMANDS.join(', ')}`);
        }
        options.command = arg as CommandName;
      } else {
        options.positionals.push(arg);
      }
      continue;
    }
    if (arg === '--') {
      onlyPositionals = true;
      continue;
    }
    let name = arg;
    let value: string | undefined;
    const eq = arg.indexOf('=');
    if (arg.startsWith('--') && eq > 0) {
      name = arg.slice(0, eq);
      value = arg.slice(eq + 1);
    }
    if (!SHARED_OPTIONS.includes(name) && !Object.values(COMMAND_OPTIONS).some((list) => list.includes(name))) {
      throw new UsageError(`unknown option “${name}”`);
    }
    if (VALUE_OPTIONS.has(name)) {
      if (value === undefined) {
        if (i + 1 >= argv.length) throw new UsageError(`option “${name}” needs a value`);
        value = argv[++i];
      }
    } else if (value !== undefined) {
      throw new UsageError(`option “${name}” takes no value`);
    }
    seen.push(name);
    switch (name) {
      case '--registry':
        if (value!.trim() === '') throw new UsageError('option “--registry” needs a non-empty glob or path');
        options.registry.push(value!);
        break;
      case '--format':
        options.format = value!.toLowerCase();
        break;
      case '--json':
        options.format = 'json';
        break;
      case '--output':
      case '-o':
        if (value!.trim() === '') throw new UsageError(`option “${name}” needs a file name`);
        options.output = value!;
        break;
      case '--century-pivot': {
        const n = Number(value);
        if (!/^\d{1,2}$/.test(value!) || n > 99) throw new UsageError('option “--century-pivot” takes a two-digit year, e.g. 30');
        options.centuryPivot = n;
        break;
      }
      case '--overwrite':
        options.overwrite = true;
        break;
      case '--entity':
        options.entity = value!.trim();
        break;
      case '--date':
      case '--from':
      case '--to':
        if (!/^\d{4}(-\d{2}(-\d{2})?)?$/.test(value!.trim())) throw new UsageError(`option “${name}” takes a date: yyyy, yyyy-mm or yyyy-mm-dd`);
        options[name === '--date' ? 'date' : name === '--from' ? 'from' : 'to'] = value!.trim();
        break;
      case '--no-comments':
        options.comments = false;
        break;
      case '--ids':
        options.ids = true;
        break;
      case '--progress':
        options.progress = true;
        break;
      case '--no-progress':
        options.noProgress = true;
        break;
      case '--quiet':
      case '-q':
        options.quiet = true;
        break;
      case '--follow-symlinks':
        options.followSymlinks = true;
        break;
      case '--help':
      case '-h':
        options.help = true;
        break;
      case '--version':
      case '-V':
        options.version = true;
        break;
    }
  }
  if (options.help || options.version) return options;
  const command = options.command;
  if (!command) return options;
  for (const name of seen) {
    if (SHARED_OPTIONS.includes(name) || COMMAND_OPTIONS[command].includes(name)) continue;
    throw new UsageError(`option “${name}” does not apply to “${command}”`);
  }
  if (options.format !== undefined && !FORMATS[command].includes(options.format)) {
    const names = FORMATS[command];
    throw new UsageError(`“${command}” has no format “${options.format}”: use ${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}`);
  }
  if (
    command === 'export' &&
    options.format !== undefined &&
    isExportFormat(options.format) &&
    EXPORT_FORMATS[options.format].target === 'folder' &&
    !options.output
  ) {
    throw new UsageError(`“export --format ${options.format}” writes a folder of files: name it with -o FOLDER`);
  }
  if (command === 'scan' && options.positionals.length === 0) {
    throw new UsageError('“scan” needs the files (or folders) to scan');
  }
  if (command === 'fix' && !options.ids) {
    throw new UsageError('“fix” needs what to fix: --ids (renumber tag IDs used more than once)');
  }
  if (command === 'fix' && options.output !== undefined) throw new UsageError('“fix” changes the texts in place: it takes no --output');
  if (command === 'import') {
    const [kind, ...files] = options.positionals;
    if (kind === undefined) throw new UsageError('“import” needs a format and files: analyst-markup import phoenix FILE…');
    if (kind !== 'phoenix' && kind !== 'ftm')
      throw new UsageError(
        `cannot import “${kind}”: the formats known are “phoenix” (TABARI/Phoenix .actors dictionaries) and “ftm” (FollowTheMoney JSON lines)`,
      );
    if (files.length === 0)
      throw new UsageError(
        kind === 'ftm' ? '“import ftm” needs at least one FollowTheMoney JSON lines file' : '“import phoenix” needs at least one dictionary file',
      );
    if (kind === 'ftm' && (options.centuryPivot !== undefined || !options.comments))
      throw new UsageError('“--no-comments” and “--century-pivot” apply to “import phoenix”, not “import ftm”');
    if (kind === 'phoenix' && options.overwrite) throw new UsageError('“--overwrite” applies to “import ftm”');
  }
  return options;
}
