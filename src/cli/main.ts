// `analyst-markup`: the command line on the extension's pure core (SPEC §8). Bundled by
// esbuild.mjs into dist/cli.js (the package's `bin`).

import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs, UsageError } from './args';
import { CliOptions } from './args';
import { CliContext, runCheck, runExport, runFix, runImport, runScan } from './commands';
import { jsonSafe, terminalSafe } from '../core/safeText';
import { CliError } from './files';
import { COMMAND_HELP, GENERAL_HELP, LSP_HELP } from './help';

/** The package version, from the package.json next to dist/ (or above this file). */
export function packageVersion(start: string = __dirname): string {
  let dir = start;
  for (let i = 0; i < 5; i++) {
    const candidate = path.join(dir, 'package.json');
    try {
      const pkg = JSON.parse(fs.readFileSync(candidate, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'analyst-markup' && pkg.version) return pkg.version;
    } catch {
      // not here: look further up
    }
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return 'unknown';
}

/**
 * The context with untrusted text made inert on its way out (issue 17): stderr and plain-text
 * stdout with control characters escaped and bidi controls shown (safeText.ts), JSON with them
 * as `\u` escapes (the same data), CSV and YAML data as they are unless stdout is a terminal.
 * Files written with `-o` hold the data as it is.
 */
function safeContext(ctx: CliContext, options: CliOptions): CliContext {
  const data = options.command === 'import' || (options.command === 'export' && options.format !== 'json');
  const json = options.format === 'json';
  const stdout = json ? jsonSafe : data && ctx.stdoutIsTTY !== true ? (text: string): string => text : terminalSafe;
  return {
    ...ctx,
    stdout: (text) => ctx.stdout(stdout(text)),
    stderr: (text) => ctx.stderr(terminalSafe(text)),
    progress: ctx.progress ?? ctx.stderr,
  };
}

/** Runs the CLI with `argv` (without node and the script); returns the exit code. */
export function run(argv: readonly string[], rawCtx: CliContext): number {
  let ctx: CliContext = { ...rawCtx, stderr: (text) => rawCtx.stderr(terminalSafe(text)) };
  try {
    const options = parseArgs(argv);
    ctx = safeContext(rawCtx, options);
    if (options.version) {
      ctx.stdout(`analyst-markup ${packageVersion()}\n`);
      return 0;
    }
    if (options.help) {
      ctx.stdout(options.command ? COMMAND_HELP[options.command] : GENERAL_HELP);
      return 0;
    }
    if (!options.command) {
      ctx.stderr(GENERAL_HELP);
      return 2;
    }
    switch (options.command) {
      case 'check':
        return runCheck(ctx, options);
      case 'scan':
        return runScan(ctx, options);
      case 'export':
        return runExport(ctx, options);
      case 'import':
        return runImport(ctx, options);
      case 'fix':
        return runFix(ctx, options);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      ctx.stderr(`analyst-markup: ${error.message}\nRun “analyst-markup --help” for usage.\n`);
      return 2;
    }
    if (error instanceof CliError) {
      ctx.stderr(`analyst-markup: ${error.message}\n`);
      return 2;
    }
    ctx.stderr(`analyst-markup: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return 2;
  }
}

/** `analyst-markup lsp [--stdio | --socket PORT]`: the arguments, or a usage message. */
export function parseLspArgs(argv: readonly string[]): { socket?: number; help: boolean } | string {
  let socket: number | undefined;
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--stdio' || arg.startsWith('--clientProcessId')) continue; // what LSP clients pass
    if (arg === '-h' || arg === '--help') help = true;
    else if (arg === '--socket' || arg.startsWith('--socket=') || arg.startsWith('--port')) {
      const value = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : argv[++i];
      const port = Number(value);
      if (!Number.isInteger(port) || port < 1 || port > 65535) return `option “--socket” needs a port number (1–65535), not ${JSON.stringify(value ?? '')}`;
      socket = port;
    } else return `unknown option “${arg}” for lsp`;
  }
  return { socket, help };
}

/**
 * The language server's module: dist/lsp.js beside the bundled CLI, or src/lsp/main's output
 * beside this file's (tsc's layout). Required only for `lsp`, so other commands never load it.
 */
function serverModule(): { startServer: (options: { socket?: number }) => Promise<void> } {
  const bundled = path.join(__dirname, 'lsp.js');
  const modulePath = fs.existsSync(bundled) ? bundled : path.join(__dirname, '..', 'lsp', 'main.js');

  return require(modulePath) as ReturnType<typeof serverModule>;
}

function runLsp(argv: readonly string[]): void {
  const parsed = parseLspArgs(argv);
  if (typeof parsed === 'string') {
    process.stderr.write(`analyst-markup: ${parsed}\nRun “analyst-markup lsp --help” for usage.\n`);
    process.exitCode = 2;
    return;
  }
  if (parsed.help) {
    process.stdout.write(LSP_HELP);
    return;
  }
  serverModule()
    .startServer({ socket: parsed.socket })
    .catch((error: unknown) => {
      process.stderr.write(`analyst-markup lsp: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(2);
    });
}

function main(): void {
  if (process.argv[2] === 'lsp') {
    runLsp(process.argv.slice(3));
    return;
  }
  // Piped into `head`: a closed stdout ends the run quietly.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
  process.exitCode = run(process.argv.slice(2), {
    cwd: process.cwd(),
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    stderrIsTTY: process.stderr.isTTY === true,
    stdoutIsTTY: process.stdout.isTTY === true,
  });
}

if (require.main === module) main();
