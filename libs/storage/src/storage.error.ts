/** Why an object-store call failed; callers branch on this, never on messages. */
export enum StorageErrorCode {
  /** The object does not exist. */
  NotFound = 'NOT_FOUND',
  /** A key, prefix or layout name breaks the key rules (a caller bug, never retry). */
  InvalidKey = 'INVALID_KEY',
  /** The backend could not be reached or kept failing transiently after every retry; try later. */
  Unavailable = 'UNAVAILABLE',
  /** The store is misconfigured: bad settings, credentials refused, bucket missing or not ours. */
  Config = 'CONFIG',
  /**
   * The backend refused or failed the call in a way a retry will not fix and that is not
   * configuration (disk full, unreadable source file, an unexpected S3 error code).
   */
  Io = 'IO',
}

/** What a {@link StorageError} carries besides its code and message. */
export interface StorageErrorDetails {
  /** The object key (or prefix) the call was about, when it had one. */
  readonly key?: string;
  /** Every individual problem, for errors that report several at once (configuration). */
  readonly problems?: readonly string[];
  /** The backend error this one translates. */
  readonly cause?: unknown;
}

/**
 * The one error class of this library. Invalid non-key arguments (a negative `limit`) throw the
 * standard `RangeError` instead.
 */
export class StorageError extends Error {
  override readonly name: string = 'StorageError';
  readonly key?: string;
  readonly problems: readonly string[];

  constructor(
    readonly code: StorageErrorCode,
    message: string,
    details: StorageErrorDetails = {},
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.key = details.key;
    this.problems = details.problems ?? [];
  }
}

/** Thrown by reads of a missing object; `code` is always {@link StorageErrorCode.NotFound}. */
export class ObjectNotFoundError extends StorageError {
  override readonly name: string = 'ObjectNotFoundError';

  constructor(key: string, cause?: unknown) {
    super(StorageErrorCode.NotFound, `Object "${key}" does not exist`, { key, cause });
  }
}

/** True when `error` is a {@link StorageError} with the given code. */
export function isStorageError(error: unknown, code?: StorageErrorCode): error is StorageError {
  return error instanceof StorageError && (code === undefined || error.code === code);
}

/**
 * The message of any thrown value. Checks the shape rather than `instanceof Error`, which is false
 * for errors made in another realm (Node's own fs and socket errors inside a vm sandbox).
 */
export function messageOf(error: unknown): string {
  const message = (error as { message?: unknown } | null)?.message;
  return typeof message === 'string' ? message : String(error);
}
