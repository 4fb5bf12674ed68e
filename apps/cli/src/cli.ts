import { ShoalError } from '@shoal/client';
import { ImportFormatError } from '@shoal/datasets';
import type { CliCommand } from './cli-command';
import type { CliContext } from './cli-context';
import { CliFailure, ExitCode, UsageError } from './cli.error';
import { benchCommand } from './commands/bench.command';
import { collectionsCommand } from './commands/collections.command';
import { importCommand } from './commands/import.command';
import { searchCommand } from './commands/search.command';
import { statusCommand } from './commands/status.command';
import { trainCommand } from './commands/train.command';
import { upCommand } from './commands/up.command';

export const COMMANDS: readonly CliCommand[] = [upCommand, collectionsCommand, importCommand, searchCommand, trainCommand, statusCommand, benchCommand];

export function rootHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return `Usage: shoal <command> [options]     (npm run shoal -- <command> …)

Commands:
${COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join('\n')}

Every command takes --help. Commands that talk to a cluster take --url (default $SHOAL_URL or
http://127.0.0.1:7700) and --api-key (default $SHOAL_API_KEY).
Exit status: 0 success, 1 the operation failed, 2 a wrong command line.
`;
}

/** `--help` / `-h` before any `--`: the command's help, whatever else the line holds. */
function wantsHelp(argv: readonly string[]): boolean {
  const end = argv.indexOf('--');
  return (end < 0 ? argv : argv.slice(0, end)).some((arg) => arg === '--help' || arg === '-h');
}

/**
 * Runs one `shoal` command line and resolves with its exit status. Every failure ends as exactly
 * one line on stderr: `error: CODE: message` for API and job errors, `shoal: …` for a wrong command line.
 */
export async function runCli(argv: readonly string[], context: CliContext): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    (name === undefined ? context.stderr : context.stdout).write(rootHelp());
    return name === undefined ? ExitCode.Usage : ExitCode.Ok;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (command === undefined) {
    context.stderr.write(`shoal: unknown command '${name}' (commands: ${COMMANDS.map((c) => c.name).join(', ')}; see shoal --help)\n`);
    return ExitCode.Usage;
  }
  if (wantsHelp(rest)) {
    context.stdout.write(`${command.help.trimEnd()}\n`);
    return ExitCode.Ok;
  }
  try {
    return await command.run(rest, context);
  } catch (error) {
    return reportError(error, context);
  }
}

function reportError(error: unknown, context: CliContext): number {
  if (error instanceof UsageError) {
    context.stderr.write(`shoal: ${oneLine(error.message)} (see shoal ${error.command ?? ''} --help)\n`.replace('shoal  --help', 'shoal --help'));
    return ExitCode.Usage;
  }
  if (error instanceof ShoalError || error instanceof CliFailure || error instanceof ImportFormatError) {
    context.stderr.write(`error: ${error.code}: ${oneLine(error.message)}\n`);
    return ExitCode.Failed;
  }
  context.stderr.write(`error: ${oneLine(error instanceof Error ? error.message : String(error))}\n`);
  return ExitCode.Failed;
}

/** Multi-line messages (a child's log tail) would break the one-line contract: keep the first line. */
function oneLine(message: string): string {
  return message.split('\n')[0].trim();
}
