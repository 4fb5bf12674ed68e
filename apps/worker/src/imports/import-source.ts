import type { ImportJobData } from '@shoal/jobs';
import { S3ObjectStore, type ObjectStore, type StorageConfig } from '@shoal/storage';

/**
 * The store an import reads from: the cluster's own, or on S3 another bucket at the same endpoint
 * with the same credentials (`source.bucket`). The coordinator refused a bucket with the
 * filesystem store before the job was queued.
 */
export function importSourceStore(clusterStore: ObjectStore, storage: StorageConfig, source: ImportJobData['source']): ObjectStore {
  if (source.bucket === undefined || storage.kind !== 's3' || source.bucket === storage.bucket) return clusterStore;
  // No init(): reading must never create the user's bucket.
  return new S3ObjectStore({ ...storage, bucket: source.bucket });
}
