import { isStorageError, StorageErrorCode } from '@shoal/storage';

/** Why a log, snapshot or generation call failed; callers branch on this, never on messages. */
export enum ShardLogErrorCode {
  /**
   * The segment's sequence number was taken before this writer stored it (a replica sealed the
   * hole): the write is lost and must be reported failed, never acknowledged.
   */
  SegmentLost = 'SEGMENT_LOST',
  /** A stored segment or snapshot is unreadable, fails its checksum, or is not what its key says. */
  Corrupt = 'CORRUPT',
  /** The object store (or the sequence allocator) failed; nothing is known to be written, retry later. */
  Unavailable = 'UNAVAILABLE',
  /** Another upload of a snapshot at the same sequence number claimed it first; this one wrote nothing. */
  SnapshotConflict = 'SNAPSHOT_CONFLICT',
  /** What the caller requires is not in the store: a generation with no (committed) template. */
  NotFound = 'NOT_FOUND',
}

/** Where the failure happened, for logs and for the caller to act on (which seq was lost). */
export interface ShardLogErrorDetails {
  readonly collection?: string;
  readonly shard?: number;
  readonly seq?: number;
  readonly generation?: number;
  readonly key?: string;
  readonly cause?: unknown;
}

/** The one error class of `@shoal/shard-log`. Invalid arguments throw the standard `RangeError`. */
export class ShardLogError extends Error {
  override readonly name = 'ShardLogError';
  readonly collection?: string;
  readonly shard?: number;
  readonly seq?: number;
  readonly generation?: number;
  readonly key?: string;

  constructor(
    readonly code: ShardLogErrorCode,
    message: string,
    details: ShardLogErrorDetails = {},
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.collection = details.collection;
    this.shard = details.shard;
    this.seq = details.seq;
    this.generation = details.generation;
    this.key = details.key;
  }
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Turns an object-store failure into `UNAVAILABLE`. Invalid keys are caller bugs, not outages,
 * and pass through unchanged, as do errors that are already ours.
 */
export function storageFailure(error: unknown, what: string, details: ShardLogErrorDetails): unknown {
  if (error instanceof ShardLogError || isStorageError(error, StorageErrorCode.InvalidKey)) return error;
  return new ShardLogError(ShardLogErrorCode.Unavailable, `${what}: ${messageOf(error)}`, { ...details, cause: error });
}
