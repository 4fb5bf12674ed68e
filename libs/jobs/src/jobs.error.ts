/** Why a call of `@shoal/jobs` failed; callers branch on this, never on messages. */
export enum JobsErrorCode {
  /** Redis could not be reached, or a queue command failed or timed out; retry later. */
  Unavailable = 'UNAVAILABLE',
  /** `register` got a handler list that does not bind every job name exactly once. */
  InvalidHandlers = 'INVALID_HANDLERS',
  /** A call out of lifecycle order: `start` before `register`, `register` or `start` twice, after `close`. */
  InvalidState = 'INVALID_STATE',
}

/** The one error class of `@shoal/jobs` for its own failures. Invalid arguments throw the standard `RangeError`. */
export class JobsError extends Error {
  override readonly name = 'JobsError';

  constructor(
    readonly code: JobsErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/**
 * Thrown by a job handler when retrying cannot help (bad parameters, a collection that no longer
 * exists, a malformed file): the job fails at once with this message instead of using its attempts.
 */
export class NonRetryableJobError extends Error {
  override readonly name = 'NonRetryableJobError';
}

/** The message of any thrown value, for wrapping driver errors. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
