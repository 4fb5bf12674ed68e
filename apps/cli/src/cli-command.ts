import type { CliContext } from './cli-context';

/** One `shoal <name>` command. `--help` is handled by the dispatcher, which prints `help`. */
export interface CliCommand {
  name: string;
  /** One line for `shoal --help`. */
  summary: string;
  /** The whole `shoal <name> --help` text. */
  help: string;
  /** Runs with the arguments after the command name; resolves with the exit status. */
  run(argv: readonly string[], context: CliContext): Promise<number>;
}
