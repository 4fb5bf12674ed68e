import { isStorageError, StorageErrorCode, type ObjectStore } from '@shoal/storage';
import { ShardLogError, ShardLogErrorCode, storageFailure, type ShardLogErrorDetails } from './shard-log.error';

/** Checks a parsed JSON value: why it is not what the key should hold, or `null` when it is. */
export type JsonProblem = (value: unknown) => string | null;

/**
 * Reads the small JSON object (a pointer) at `key`: `null` when it does not exist, `CORRUPT` when
 * it is not JSON or `problemOf` finds fault with it, `UNAVAILABLE` when the store fails. `label`
 * names it in messages, e.g. "snapshot pointer".
 */
export async function readStoredJson<T>(
  store: ObjectStore,
  key: string,
  label: string,
  problemOf: JsonProblem,
  details: ShardLogErrorDetails,
): Promise<T | null> {
  let bytes: Buffer;
  try {
    bytes = await store.get(key);
  } catch (error) {
    if (isStorageError(error, StorageErrorCode.NotFound)) return null;
    throw storageFailure(error, `Cannot read the ${label} "${key}"`, { ...details, key });
  }
  let value: unknown;
  try {
    value = JSON.parse(bytes.toString('utf8'));
  } catch {
    value = undefined;
  }
  const problem = problemOf(value);
  if (problem !== null) throw new ShardLogError(ShardLogErrorCode.Corrupt, `The ${label} "${key}" is corrupt: ${problem}`, { ...details, key });
  return value as T;
}
