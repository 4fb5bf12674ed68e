import { StorageError, StorageErrorCode } from './storage.error';

/** S3's own limit on key length, in UTF-8 bytes. */
export const MAX_KEY_BYTES = 1024;

/**
 * Keys use only characters that S3 documents as safe and that mean nothing to a shell, a URL or
 * a filesystem. Excluding `%`, `+` and space matters in practice: S3 list responses are
 * URL-decoded by the client and some servers (s3rver) do not encode them, so such keys would
 * come back changed. Being ASCII, keys also sort the same as JavaScript strings and as bytes.
 */
const KEY_CHARACTERS = /^[A-Za-z0-9!_.'()=/-]*$/;
const ALLOWED_CHARACTERS = "letters, digits and ! _ . ' ( ) = - /";

function commonProblem(text: string): string | undefined {
  if (!KEY_CHARACTERS.test(text)) return `may only contain ${ALLOWED_CHARACTERS}`;
  if (Buffer.byteLength(text) > MAX_KEY_BYTES) return `must be at most ${MAX_KEY_BYTES} bytes`;
  if (text.startsWith('/')) return 'must be relative (no leading "/")';
  if (text.includes('//')) return 'must not contain empty segments ("//")';
  return undefined;
}

function hasDotSegment(segments: readonly string[]): boolean {
  return segments.some((segment) => segment === '.' || segment === '..');
}

/** Why `key` is not a valid object key, or `undefined` when it is. */
export function keyProblem(key: string): string | undefined {
  if (key.length === 0) return 'must not be empty';
  const problem = commonProblem(key);
  if (problem !== undefined) return problem;
  if (key.endsWith('/')) return 'must not end with "/" (empty last segment)';
  if (hasDotSegment(key.split('/'))) return 'must not contain "." or ".." segments';
  return undefined;
}

/**
 * Why `prefix` is not a valid list prefix, or `undefined`. The empty prefix is valid and a prefix
 * may end inside a segment (`log/0000` matches `log/00001.seg`), so only the complete segments
 * before the last `/` are checked for `.` and `..`.
 */
export function prefixProblem(prefix: string): string | undefined {
  const problem = commonProblem(prefix);
  if (problem !== undefined) return problem;
  const completeSegments = prefix.split('/').slice(0, -1);
  if (hasDotSegment(completeSegments)) return 'must not contain "." or ".." segments';
  return undefined;
}

export function isValidKey(key: string): boolean {
  return keyProblem(key) === undefined;
}

/** Throws `INVALID_KEY` unless `key` is a valid object key. */
export function assertValidKey(key: string): void {
  const problem = keyProblem(key);
  if (problem !== undefined) {
    throw new StorageError(StorageErrorCode.InvalidKey, `Invalid object key "${key}": ${problem}`, { key });
  }
}

/** Throws `INVALID_KEY` unless `prefix` is a valid list prefix. */
export function assertValidPrefix(prefix: string): void {
  const problem = prefixProblem(prefix);
  if (problem !== undefined) {
    throw new StorageError(StorageErrorCode.InvalidKey, `Invalid key prefix "${prefix}": ${problem}`, { key: prefix });
  }
}

/** Validates a {@link ListOptions.limit}; `undefined` means no limit. */
export function assertValidLimit(limit: number | undefined): void {
  if (limit !== undefined && !(Number.isSafeInteger(limit) && limit >= 0)) {
    throw new RangeError(`list limit must be a non-negative integer, got ${limit}`);
  }
}

/** Like {@link assertValidPrefix}, and refuses the empty prefix: one call must not wipe the store. */
export function assertValidDeletePrefix(prefix: string): void {
  if (prefix === '') {
    throw new StorageError(StorageErrorCode.InvalidKey, 'Refusing to delete every object: deletePrefix needs a non-empty prefix', {
      key: prefix,
    });
  }
  assertValidPrefix(prefix);
}
