/** Exit statuses of `shoal`: 0 success, 1 the operation failed, 2 the command line is wrong. */
export enum ExitCode {
  Ok = 0,
  Failed = 1,
  Usage = 2,
}

/** A wrong command line (unknown command or flag, missing or malformed value): exit 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';

  /** @param command the command whose `--help` explains the rule, e.g. `search` or `collections create` */
  constructor(
    message: string,
    readonly command?: string,
  ) {
    super(message);
  }
}

/** An operation that failed for a reason the user can act on (a failed job, an unreadable file): exit 1. */
export class CliFailure extends Error {
  override readonly name = 'CliFailure';

  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}
