import { ObjectNotFoundError, StorageError, StorageErrorCode, messageOf } from './storage.error';

/** Errors meaning "no object at this path": nothing there, a file where a directory was expected, or a directory. */
const MISSING = new Set(['ENOENT', 'ENOTDIR', 'EISDIR']);
/** Errors of a write whose key collides with a directory of other keys (`a` and `a/b`) or vice versa. */
const KEY_CONFLICT = new Set(['EEXIST', 'ENOTDIR', 'EISDIR']);
/** The data directory's permissions or mount are wrong: configuration, not a passing fault. */
const PERMISSION = new Set(['EACCES', 'EPERM', 'EROFS']);

export function fsErrorCode(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : '';
}

/** Whether a filesystem error means that no object exists at the path. */
export function isMissingObjectError(error: unknown): boolean {
  return MISSING.has(fsErrorCode(error));
}

/** Where a failed filesystem call was going, and whether it read or wrote the object. */
export interface FsCallContext {
  readonly operation: string;
  readonly key?: string;
  readonly root: string;
  readonly mode: 'read' | 'write';
}

/** Translates a Node filesystem error into the {@link StorageError} callers act on. */
export function toFsStorageError(error: unknown, { operation, key, root, mode }: FsCallContext): StorageError {
  if (error instanceof StorageError) return error;
  const code = fsErrorCode(error);
  const message = messageOf(error);
  if (key !== undefined && mode === 'read' && MISSING.has(code)) return new ObjectNotFoundError(key, error);
  if (key !== undefined && mode === 'write' && KEY_CONFLICT.has(code)) {
    return new StorageError(
      StorageErrorCode.InvalidKey,
      `Key "${key}" conflicts with an existing key: a filesystem store cannot hold both "a" and "a/b" (${message})`,
      { key, cause: error },
    );
  }
  const subject = key === undefined ? root : `"${key}" in ${root}`;
  const storageCode = PERMISSION.has(code) ? StorageErrorCode.Config : StorageErrorCode.Io;
  return new StorageError(storageCode, `Filesystem ${operation} of ${subject} failed: ${message}`, { key, cause: error });
}
