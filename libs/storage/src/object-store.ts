import type { ListOptions } from './list-options';
import type { ObjectStat } from './object-stat';

/** Options of {@link ObjectStore.getStream}. */
export interface GetStreamOptions {
  /**
   * Byte offset of the first byte to stream (a non-negative integer, at most the object's size).
   * Resumable readers (bulk imports) pass the offset they last committed.
   * @defaultValue 0
   */
  readonly start?: number;
}

/**
 * A flat store of immutable-by-convention objects addressed by `/`-separated keys (see
 * `object-key.ts` for the key rules and `keys.ts` for Shoal's layout). Both implementations pass
 * the same contract test suite, so callers never branch on `kind` for behaviour.
 *
 * Errors are {@link StorageError}s: `NOT_FOUND` for reads of missing objects, `INVALID_KEY` for
 * bad keys (checked before any I/O), `UNAVAILABLE` when the backend stays unreachable after the
 * store's retries, `CONFIG` for settings or credentials the backend refuses, `IO` otherwise.
 */
export interface ObjectStore {
  /** Which backend this is, for logs, `/v1/info` and health output. */
  readonly kind: 'fs' | 's3';

  /**
   * Creates what the store needs before first use (filesystem: the root directory; S3: the
   * bucket when missing). Idempotent and safe to run from several processes at once.
   */
  init(): Promise<void>;

  /** Writes the whole object, replacing any previous one; resolves only once durable (fs: fsync file + directory; s3: PUT acknowledged). */
  put(key: string, body: Buffer | Uint8Array): Promise<void>;

  /**
   * Writes the object only if the key does not exist yet; resolves `false` (writing nothing) if it
   * did. Used for immutable log segments, where two writers must never both win a sequence number.
   * Atomic on the filesystem (hard link, which fails on an existing name). On S3 it sends
   * `If-None-Match: *` (honoured by MinIO and AWS S3, so atomic there) after a stat check (which
   * alone is racy, and is all that servers ignoring the header, such as s3rver, get). Meant for
   * objects smaller than the S3 part size: larger bodies go multipart, where the header is not
   * enforced by every server.
   */
  putIfAbsent(key: string, body: Buffer | Uint8Array): Promise<boolean>;

  /** Streams a local file into the object (S3: multipart above the part size); durable like {@link put}. */
  putFile(key: string, path: string): Promise<void>;

  /** Reads the whole object into memory; use {@link getToFile} or {@link getStream} for large objects. */
  get(key: string): Promise<Buffer>;

  /** Downloads the object to `path` (creating its directory); `path` appears complete or not at all. */
  getToFile(key: string, path: string): Promise<void>;

  /**
   * Opens the object for streaming, from its first byte or from `options.start`. Missing objects
   * reject here with `NOT_FOUND`; errors after the stream opened are emitted by the stream and are
   * not retried. A `start` equal to the object's size gives an empty stream (a reader resuming
   * after the last record); a `start` beyond it rejects with a `RangeError` naming both, because
   * a resume point past the end means the object is not the one the offset was taken from.
   */
  getStream(key: string, options?: GetStreamOptions): Promise<NodeJS.ReadableStream>;

  /** Whether the object exists. */
  exists(key: string): Promise<boolean>;

  /** Size and modification time, or `null` when the object does not exist. */
  stat(key: string): Promise<ObjectStat | null>;

  /** Keys under a prefix in lexicographic (byte) order, optionally starting strictly after `startAfter`. */
  list(prefix: string, options?: ListOptions): Promise<string[]>;

  /** Deletes the object; deleting a missing object succeeds (idempotent). */
  delete(key: string): Promise<void>;

  /** Deletes every object under a non-empty prefix; resolves how many it deleted. */
  deletePrefix(prefix: string): Promise<number>;

  /** Cheap reachability probe for health checks: one attempt, no retries. */
  ping(): Promise<void>;
}

/** The validated `start` of {@link GetStreamOptions}; a `RangeError` before any I/O when it is not a non-negative integer. */
export function streamStart(key: string, options: GetStreamOptions): number {
  const start = options.start ?? 0;
  if (!(Number.isSafeInteger(start) && start >= 0)) {
    throw new RangeError(`getStream "${key}": start must be a non-negative integer, got ${start}`);
  }
  return start;
}

/** The error of a `start` beyond the end, the same from every store. */
export function startPastEnd(key: string, start: number, size: number): RangeError {
  return new RangeError(`getStream "${key}": start ${start} is past the end of the object (${size} bytes)`);
}
