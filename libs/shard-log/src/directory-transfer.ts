import { rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { isStorageError, StorageErrorCode, type ObjectStore } from '@shoal/storage';
import { replaceDirectory, siblingTempDir, type LocalSnapshotFile } from './local-snapshot-dir';
import { mapLimit } from './map-limit.util';
import { ShardLogError, ShardLogErrorCode, storageFailure, type ShardLogErrorDetails } from './shard-log.error';

/** Files moved to or from the store at once. */
const TRANSFER_CONCURRENCY = 4;

/**
 * A flat directory of files in the object store (a snapshot, a generation's shard build): where
 * its files live and how errors name it. The pointer that lists the files is the caller's.
 */
export interface StoredDirectory {
  /** Names the directory in error messages, e.g. `Snapshot 42 of docs/0`. */
  readonly label: string;
  /** Object key of the directory's file `name`. */
  fileKey(name: string): string;
  /** Attached to every error (the key of the file concerned is added). */
  readonly details: ShardLogErrorDetails;
}

/** Uploads local files into `directory`; a store failure rejects `UNAVAILABLE` naming the file's key. */
export async function uploadFiles(store: ObjectStore, files: readonly LocalSnapshotFile[], directory: StoredDirectory): Promise<void> {
  await mapLimit(files, TRANSFER_CONCURRENCY, async (file) => {
    const key = directory.fileKey(file.name);
    await store.putFile(key, file.path).catch((error: unknown) => {
      throw storageFailure(error, `Cannot upload "${key}" of ${directory.label}`, { ...directory.details, key });
    });
  });
}

/**
 * Downloads the listed files of `directory` into `localDir`, which is replaced only once every
 * file arrived with its recorded size. Rejects `CORRUPT` when a file is missing (deleted or pruned
 * since its pointer was read) or has another size; a failed download leaves no staging directory.
 */
export async function downloadFiles(
  store: ObjectStore,
  files: readonly { name: string; bytes: number }[],
  directory: StoredDirectory,
  localDir: string,
): Promise<void> {
  const staging = await siblingTempDir(localDir, 'download');
  try {
    await mapLimit(files, TRANSFER_CONCURRENCY, (file) => fetchFile(store, file, directory, staging));
    await replaceDirectory(staging, localDir);
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw error;
  }
}

/**
 * Reads one object whose size a pointer recorded (`label` names what it belongs to). Rejects
 * `CORRUPT` when it is missing or has another size, `UNAVAILABLE` when the store fails.
 */
export async function readRecordedObject(
  store: ObjectStore,
  key: string,
  bytes: number,
  label: string,
  details: ShardLogErrorDetails,
): Promise<Buffer> {
  let body: Buffer;
  try {
    body = await store.get(key);
  } catch (error) {
    throw transferFailure(error, key, { label, details });
  }
  checkSize(body.length, bytes, key, { label, details });
  return body;
}

async function fetchFile(store: ObjectStore, file: { name: string; bytes: number }, directory: StoredDirectory, dir: string): Promise<void> {
  const key = directory.fileKey(file.name);
  const path = join(dir, file.name);
  try {
    await store.getToFile(key, path);
  } catch (error) {
    throw transferFailure(error, key, directory);
  }
  checkSize((await stat(path)).size, file.bytes, key, directory);
}

/** What errors say about the object being read. */
type Owner = Pick<StoredDirectory, 'label' | 'details'>;

function corrupt(why: string, key: string, owner: Owner, cause?: unknown): ShardLogError {
  return new ShardLogError(ShardLogErrorCode.Corrupt, `${owner.label} is unusable: ${why}`, { ...owner.details, key, cause });
}

function transferFailure(error: unknown, key: string, owner: Owner): unknown {
  if (isStorageError(error, StorageErrorCode.NotFound)) return corrupt(`"${key}" is missing (deleted or pruned since the pointer was read?)`, key, owner, error);
  return storageFailure(error, `Cannot download "${key}" of ${owner.label}`, { ...owner.details, key });
}

function checkSize(size: number, recorded: number, key: string, owner: Owner): void {
  if (size !== recorded) throw corrupt(`"${key}" holds ${size} bytes, the pointer says ${recorded}`, key, owner);
}
