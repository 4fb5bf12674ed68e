/** Why a cluster-logic call was refused; the coordinator maps these codes to HTTP statuses. */
export enum ClusterErrorCode {
  /** A caller passed a value outside the documented contract (a negative `k`, a fractional shard). */
  InvalidArgument = 'INVALID_ARGUMENT',
  /** Placement needs more distinct workers than exist (`details.replicas`, `details.workers`). */
  InsufficientWorkers = 'INSUFFICIENT_WORKERS',
  /** A shard has no replica in the `Active` state left to try (`details.shard`). */
  NoLiveReplica = 'NO_LIVE_REPLICA',
  /** A consistency token is malformed, corrupted, of an unknown version or for another collection. */
  InvalidToken = 'INVALID_TOKEN',
}

/** Numbers and names a caller needs to act on the error (log them, show them, retry with them). */
export type ClusterErrorDetails = Readonly<Record<string, string | number>>;

/** The one error class of `@shoal/cluster`. */
export class ClusterError extends Error {
  override readonly name = 'ClusterError';

  constructor(
    readonly code: ClusterErrorCode,
    message: string,
    readonly details: ClusterErrorDetails = {},
  ) {
    super(message);
  }
}

/** Throws `InvalidArgument` unless `value` is an integer in `[min, max]`. */
export function assertInteger(name: string, value: number, min: number, max = Number.MAX_SAFE_INTEGER): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ClusterError(
      ClusterErrorCode.InvalidArgument,
      `${name} must be an integer in [${min}, ${max}], got ${value}`,
      { [name]: String(value) },
    );
  }
}
