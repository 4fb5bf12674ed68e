import { FilesystemObjectStore } from './fs.store';
import type { ObjectStore } from './object-store';
import { S3ObjectStore } from './s3.store';
import type { StorageConfig } from './storage-config';

/**
 * Builds the configured store and runs its `init()` (creating the data directory or the bucket),
 * so the result is ready to use; suits a Nest `useFactory`. Typical start-up:
 * `await createObjectStore(parseStorageConfig(process.env))`.
 */
export async function createObjectStore(config: StorageConfig): Promise<ObjectStore> {
  const store = config.kind === 'fs' ? new FilesystemObjectStore(config) : new S3ObjectStore(config);
  await store.init();
  return store;
}
