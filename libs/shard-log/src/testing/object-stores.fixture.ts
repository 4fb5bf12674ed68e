import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import type { LogSegment } from '@shoal/contracts';
import { createObjectStore, type ObjectStore } from '@shoal/storage';
import { startS3rver, tempDir, type RunningS3rver } from '@shoal/testing';

/** Test support only: one real object store of each kind, ready once `beforeAll` ran. */
export interface ObjectStoreFixture {
  readonly kind: 'fs' | 's3';
  store: ObjectStore;
}

/**
 * Test support only: registers hooks that open a filesystem store in a temp dir and an S3 store
 * on a private s3rver for the calling spec file, and returns both for `describe.each`.
 */
export function objectStoreFixtures(): ObjectStoreFixture[] {
  const fixtures = [{ kind: 'fs' }, { kind: 's3' }] as ObjectStoreFixture[];
  let root: string;
  let s3rver: RunningS3rver;
  beforeAll(async () => {
    [root, s3rver] = await Promise.all([tempDir('shoal-shard-log-'), startS3rver()]);
    fixtures[0].store = await createObjectStore({ kind: 'fs', root });
    fixtures[1].store = await createObjectStore({
      kind: 's3',
      endPoint: '127.0.0.1',
      port: s3rver.port,
      useSSL: false,
      accessKey: s3rver.accessKey,
      secretKey: s3rver.secretKey,
      bucket: `shard-log-${randomBytes(4).toString('hex')}`,
      retries: 2,
      retryBaseMs: 10,
    });
  });
  afterAll(async () => {
    await Promise.all([s3rver?.stop(), root === undefined ? undefined : rm(root, { recursive: true, force: true })]);
  });
  return fixtures;
}

/** Test support only: a collection name no other test uses. */
export function uniqueCollection(): string {
  return `c-${randomBytes(5).toString('hex')}`;
}

/** Test support only: a write batch of `ids` upserted as 2-d vectors [n, -n] (n = position + base). */
export function batchOf(collection: string, shard: number, ids: string[], base = 0): Omit<LogSegment, 'seq'> {
  const values = new Float32Array(ids.flatMap((_, i) => [base + i, -(base + i)]));
  return { collection, shard, dimension: 2, ops: ids.map((id) => ({ op: 'upsert' as const, id })), values };
}

/** Test support only: a counter standing in for Redis INCR, per shard. */
export function counterAllocator(): (collection: string, shard: number) => Promise<number> {
  const counters = new Map<string, number>();
  return async (collection, shard) => {
    const key = `${collection}/${shard}`;
    const next = (counters.get(key) ?? 0) + 1;
    counters.set(key, next);
    return next;
  };
}
