/** Why a cluster-state call failed; callers branch on this, never on messages. */
export enum ClusterStateErrorCode {
  /** Redis could not be reached, or a command failed or timed out; retry later. */
  Unavailable = 'UNAVAILABLE',
  /** An optimistic update kept losing to concurrent writers until its attempts ran out. */
  Conflict = 'CONFLICT',
  /** The collection does not exist. */
  NotFound = 'NOT_FOUND',
}

/** The one error class of `@shoal/cluster-state`. Invalid arguments throw the standard `RangeError`. */
export class ClusterStateError extends Error {
  override readonly name = 'ClusterStateError';

  constructor(
    readonly code: ClusterStateErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The message of any thrown value, for wrapping driver errors. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
