import type { FactoryProvider } from '@nestjs/common';
import { ApiError, type ImportRequest } from '@shoal/contracts';
import { createObjectStore, isStorageError, keyProblem, S3ObjectStore, StorageErrorCode, type ObjectStore, type StorageConfig } from '@shoal/storage';
import { CoordinatorConfig } from '../common/coordinator.config';

/**
 * Checks, before an import is queued, that its file exists where the worker will read it: the
 * cluster's store, or (S3 only) another bucket of the same endpoint with the same credentials.
 */
export class ImportSourceChecker {
  constructor(
    private readonly storage: StorageConfig,
    private readonly clusterStore: ObjectStore,
  ) {}

  /** Throws a 400 naming `source.bucket` or `source.key` when the file cannot be read. */
  async check(source: ImportRequest['source']): Promise<void> {
    const problem = keyProblem(source.key);
    if (problem !== undefined) throw ApiError.invalid('source.key', problem, { key: source.key });
    const store = this.storeFor(source.bucket);
    let found: boolean;
    try {
      found = (await store.stat(source.key)) !== null;
      // HEAD in a missing bucket answers a bare 404, as for a missing key: a listing tells them apart.
      if (!found && store !== this.clusterStore) await store.list('', { limit: 1 });
    } catch (error) {
      // Another bucket that is missing or not ours to read; the cluster's own bucket failing is an outage.
      if (store === this.clusterStore || !isStorageError(error, StorageErrorCode.Config)) throw error;
      throw ApiError.invalid('source.bucket', `does not exist or cannot be read with the cluster's S3 credentials`, { bucket: source.bucket });
    }
    if (!found) {
      const where = source.bucket === undefined ? 'the object store' : `bucket ${JSON.stringify(source.bucket)}`;
      throw ApiError.invalid('source.key', `does not exist in ${where}`, { key: source.key, bucket: source.bucket });
    }
  }

  private storeFor(bucket: string | undefined): ObjectStore {
    if (bucket === undefined) return this.clusterStore;
    if (this.storage.kind !== 's3') throw ApiError.invalid('source.bucket', 'is only allowed with an S3 object store (this cluster stores objects on the filesystem)', { bucket });
    // Never init(): it would create a missing bucket, and a bucket named by a request is not ours to make.
    return bucket === this.storage.bucket ? this.clusterStore : new S3ObjectStore({ ...this.storage, bucket });
  }
}

export const importSourceCheckerProvider: FactoryProvider<Promise<ImportSourceChecker>> = {
  provide: ImportSourceChecker,
  useFactory: async (config: CoordinatorConfig) => new ImportSourceChecker(config.storage, await createObjectStore(config.storage)),
  inject: [CoordinatorConfig],
};
