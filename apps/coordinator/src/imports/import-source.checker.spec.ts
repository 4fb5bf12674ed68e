import { ApiError } from '@shoal/contracts';
import { createObjectStore, parseStorageConfig, type StorageConfig } from '@shoal/storage';
import { startS3rver, tempDir, type RunningS3rver } from '@shoal/testing';
import { rm } from 'node:fs/promises';
import { ImportSourceChecker } from './import-source.checker';

const source = (key: string, bucket?: string) => ({ key, format: 'fvecs' as const, ...(bucket === undefined ? {} : { bucket }) });

async function refusal(check: Promise<void>): Promise<{ field: unknown; message: string }> {
  const error = await check.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!(error instanceof ApiError)) throw new Error(`expected an ApiError, got ${String(error)}`);
  expect(error.status).toBe(400);
  return { field: error.details['field'], message: error.message };
}

describe('ImportSourceChecker on S3 (s3rver)', () => {
  let server: RunningS3rver;
  let checker: ImportSourceChecker;

  beforeAll(async () => {
    server = await startS3rver();
    const env = { S3_ENDPOINT: server.endpoint, S3_ACCESS_KEY: server.accessKey, S3_SECRET_KEY: server.secretKey };
    const storage = parseStorageConfig({ ...env, S3_BUCKET: 'cluster-bucket' });
    const cluster = await createObjectStore(storage);
    await cluster.put('imports/a.fvecs', Buffer.alloc(8));
    const other = await createObjectStore(parseStorageConfig({ ...env, S3_BUCKET: 'team-data' }));
    await other.put('exports/b.fvecs', Buffer.alloc(8));
    checker = new ImportSourceChecker(storage, cluster);
  });

  afterAll(() => server?.stop());

  it('accepts an object of the cluster bucket, or of another bucket of the endpoint', async () => {
    await expect(checker.check(source('imports/a.fvecs'))).resolves.toBeUndefined();
    await expect(checker.check(source('imports/a.fvecs', 'cluster-bucket'))).resolves.toBeUndefined();
    await expect(checker.check(source('exports/b.fvecs', 'team-data'))).resolves.toBeUndefined();
  });

  it('names source.key for a missing object and source.bucket for a missing bucket', async () => {
    expect(await refusal(checker.check(source('imports/none.fvecs')))).toEqual({ field: 'source.key', message: 'source.key does not exist in the object store' });
    expect(await refusal(checker.check(source('imports/a.fvecs', 'team-data')))).toEqual({ field: 'source.key', message: 'source.key does not exist in bucket "team-data"' });
    expect(await refusal(checker.check(source('imports/a.fvecs', 'no-such-bucket')))).toEqual({
      field: 'source.bucket',
      message: "source.bucket does not exist or cannot be read with the cluster's S3 credentials",
    });
  });
});

describe('ImportSourceChecker on the filesystem store', () => {
  let dir: string;
  let checker: ImportSourceChecker;

  beforeAll(async () => {
    dir = await tempDir('shoal-import-source-');
    const storage: StorageConfig = parseStorageConfig({ SHOAL_STORAGE: 'fs', SHOAL_DATA_DIR: dir });
    checker = new ImportSourceChecker(storage, await createObjectStore(storage));
  });

  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('refuses a bucket, which only an S3 store has', async () => {
    expect(await refusal(checker.check(source('imports/a.fvecs', 'team-data')))).toEqual({
      field: 'source.bucket',
      message: 'source.bucket is only allowed with an S3 object store (this cluster stores objects on the filesystem)',
    });
  });
});
