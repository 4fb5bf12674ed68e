import { randomBytes } from 'node:crypto';
import { createObjectStore } from './create-object-store';
import type { RetryEvent } from './retry-event';
import { S3ObjectStore } from './s3.store';
import type { S3ObjectStoreOptions } from './s3-store.options';
import { StorageErrorCode } from './storage.error';
import { describeObjectStoreContract } from './testing/object-store.contract';
import { freePort, startS3rver, type RunningS3rver } from '@shoal/testing';

const MiB = 1024 * 1024;
const bucket = `shoal-storage-${process.pid}-${randomBytes(3).toString('hex')}`;

function s3Options(port: number, overrides: Partial<S3ObjectStoreOptions> = {}): S3ObjectStoreOptions {
  return {
    endPoint: '127.0.0.1',
    port,
    useSSL: false,
    accessKey: 'S3RVER',
    secretKey: 'S3RVER',
    bucket,
    pathStyle: true,
    // The S3 minimum, so that the contract's 5.5 MB object and 6 MB file go multipart.
    partSize: 5 * MiB,
    retries: 2,
    retryBaseMs: 10,
    ...overrides,
  };
}

let server: RunningS3rver;
beforeAll(async () => {
  server = await startS3rver();
});
afterAll(() => server.stop());

describeObjectStoreContract('s3 (s3rver)', () => createObjectStore({ kind: 's3', ...s3Options(server.port) }));

describe('S3ObjectStore', () => {
  it('init is idempotent and another process may run it on the same bucket', async () => {
    const first = new S3ObjectStore(s3Options(server.port));
    const second = new S3ObjectStore(s3Options(server.port));
    await Promise.all([first.init(), second.init()]);
    await first.init();
    await second.put('init/k', Buffer.from('v'));
    expect((await first.get('init/k')).toString()).toBe('v');
    await first.delete('init/k');
  });

  it('ping reports a missing bucket as CONFIG', async () => {
    const store = new S3ObjectStore(s3Options(server.port, { bucket: `${bucket}-never-created` }));
    await expect(store.ping()).rejects.toMatchObject({ code: StorageErrorCode.Config });
  });

  it('does not retry answers that retrying cannot change (NoSuchKey, bad credentials)', async () => {
    const retries: RetryEvent[] = [];
    const store = new S3ObjectStore(s3Options(server.port, { onRetry: (event) => retries.push(event) }));
    await expect(store.get('missing/key')).rejects.toMatchObject({ code: StorageErrorCode.NotFound });
    const intruder = new S3ObjectStore(s3Options(server.port, { accessKey: 'NOBODY', onRetry: (event) => retries.push(event) }));
    await expect(intruder.put('k', Buffer.from('x'))).rejects.toMatchObject({ code: StorageErrorCode.Config });
    expect(retries).toEqual([]);
  });

  it('fails with UNAVAILABLE after its retries when nothing listens', async () => {
    const retries: RetryEvent[] = [];
    const store = new S3ObjectStore(s3Options(await freePort(), { retries: 2, retryBaseMs: 5, onRetry: (event) => retries.push(event) }));
    const error = await store.put('k', Buffer.from('x')).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: StorageErrorCode.Unavailable, key: 'k' });
    expect((error as Error).message).toMatch(/after 3 attempts.*ECONNREFUSED/);
    expect(retries.map((event) => [event.operation, event.retry])).toEqual([
      ['put', 1],
      ['put', 2],
    ]);
    await expect(store.ping()).rejects.toMatchObject({ code: StorageErrorCode.Unavailable });
  });

  it('succeeds when the server comes up during the retries', async () => {
    const port = await freePort();
    let lateServer: Promise<RunningS3rver> | undefined;
    const store = new S3ObjectStore(
      s3Options(port, {
        retries: 5,
        retryBaseMs: 50,
        onRetry: () => {
          lateServer ??= startS3rver(port);
        },
      }),
    );
    try {
      await store.init();
      await store.put('late/k', Buffer.from('durable'));
      expect((await store.get('late/k')).toString()).toBe('durable');
      expect(lateServer).toBeDefined();
    } finally {
      await (await lateServer)?.stop();
    }
  });
});
