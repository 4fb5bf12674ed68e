import { decodeLogSegment } from '@shoal/contracts';
import { ClusterStateRepository } from '@shoal/cluster-state';
import { S3ObjectStore, segmentKey, StorageErrorCode } from '@shoal/storage';
import { freePort, startRedisServer, type RunningRedisServer } from '@shoal/testing';
import { randomUUID } from 'node:crypto';
import { ShardLogErrorCode } from './shard-log.error';
import { ShardLogReader } from './shard-log.reader';
import { ShardLogWriter } from './shard-log.writer';
import { batchOf, counterAllocator, objectStoreFixtures, uniqueCollection } from './testing/object-stores.fixture';

const fixtures = objectStoreFixtures();
let redis: RunningRedisServer;
beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(() => redis.stop());

describe.each(fixtures)('ShardLogWriter on $kind', (fixture) => {
  it('stores each batch durably under its own seq and returns the stored bytes', async () => {
    const c = uniqueCollection();
    const writer = new ShardLogWriter(fixture.store, counterAllocator());
    const first = await writer.append(batchOf(c, 0, ['a', 'b']));
    const second = await writer.append({ collection: c, shard: 0, dimension: 2, ops: [{ op: 'delete', id: 'a' }], values: new Float32Array(0) });
    expect([first.seq, second.seq]).toEqual([1, 2]);
    expect(await fixture.store.get(segmentKey(c, 0, 1))).toEqual(first.bytes);
    expect(decodeLogSegment(second.bytes)).toMatchObject({ collection: c, shard: 0, seq: 2, ops: [{ op: 'delete', id: 'a' }] });
  });

  it('refuses a malformed batch before allocating a seq, so it leaves no hole', async () => {
    let allocated = 0;
    const writer = new ShardLogWriter(fixture.store, async () => ++allocated);
    const bad = { ...batchOf(uniqueCollection(), 0, ['a']), values: new Float32Array(3) };
    await expect(writer.append(bad)).rejects.toThrow(RangeError);
    await expect(writer.append(batchOf('Not Valid', 0, ['a']))).rejects.toMatchObject({ code: StorageErrorCode.InvalidKey });
    expect(allocated).toBe(0);
  });

  it('reports SEGMENT_LOST, never success, when its seq was sealed first', async () => {
    const c = uniqueCollection();
    await fixture.store.put(segmentKey(c, 3, 1), Buffer.from('sealed'));
    const writer = new ShardLogWriter(fixture.store, counterAllocator());
    await expect(writer.append(batchOf(c, 3, ['a']))).rejects.toMatchObject({ code: ShardLogErrorCode.SegmentLost, collection: c, shard: 3, seq: 1 });
  });

  it('reports UNAVAILABLE when the allocator fails', async () => {
    const writer = new ShardLogWriter(fixture.store, () => Promise.reject(new Error('redis down')));
    await expect(writer.append(batchOf(uniqueCollection(), 0, ['a']))).rejects.toMatchObject({
      code: ShardLogErrorCode.Unavailable,
      message: expect.stringContaining('redis down'),
    });
  });

  it('gives concurrent writers (seqs from Redis) distinct seqs, all read back in order', async () => {
    const c = uniqueCollection();
    const prefix = `${randomUUID()}:`;
    const writers = await Promise.all(Array.from({ length: 4 }, () => ClusterStateRepository.connect({ redisUrl: redis.url, prefix })));
    try {
      const appends = writers.flatMap((repo, w) => {
        const writer = new ShardLogWriter(fixture.store, (collection, shard) => repo.nextSeq(collection, shard));
        return Array.from({ length: 8 }, (_, i) => writer.append(batchOf(c, 1, [`w${w}-${i}`], w * 100 + i)).then(({ seq }) => ({ seq, id: `w${w}-${i}` })));
      });
      const written = await Promise.all(appends);
      expect(written.map(({ seq }) => seq).sort((a, b) => a - b)).toEqual(Array.from({ length: 32 }, (_, i) => i + 1));
      const read = await new ShardLogReader(fixture.store).readAfter(c, 1, 0);
      expect(read.map((segment) => segment.seq)).toEqual(Array.from({ length: 32 }, (_, i) => i + 1));
      const idBySeq = new Map(written.map(({ seq, id }) => [seq, id]));
      for (const segment of read) expect(segment.ops).toEqual([{ op: 'upsert', id: idBySeq.get(segment.seq) }]);
    } finally {
      await Promise.all(writers.map((repo) => repo.close()));
    }
  });
});

describe('ShardLogWriter with an unreachable store', () => {
  it('reports UNAVAILABLE with the seq it could not store', async () => {
    const store = new S3ObjectStore({ endPoint: '127.0.0.1', port: await freePort(), useSSL: false, accessKey: 'x', secretKey: 'y', bucket: 'b', retries: 0 });
    const writer = new ShardLogWriter(store, async () => 7);
    await expect(writer.append(batchOf(uniqueCollection(), 0, ['a']))).rejects.toMatchObject({ code: ShardLogErrorCode.Unavailable, seq: 7 });
  });
});
