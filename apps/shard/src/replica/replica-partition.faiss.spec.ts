import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { IndexSpecDto } from '@shoal/contracts';
import { gaussianMixture } from '@shoal/datasets';
import { Partition } from '@shoal/engine';
import { ShardLogReader, ShardLogWriter, SnapshotStore } from '@shoal/shard-log';
import { createObjectStore, type ObjectStore } from '@shoal/storage';
import { tempDir } from '@shoal/testing';
import pino from 'pino';
import { ReplicaPartition } from './replica-partition';

const d = 16;

describe('ReplicaPartition on the Faiss backend', () => {
  let root: string;
  let store: ObjectStore;

  beforeAll(async () => {
    root = await tempDir('shoal-replica-faiss-');
    store = await createObjectStore({ kind: 'fs', root: join(root, 'objects') });
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  /** Shard 0 of collection `name` on the Faiss backend; snapshots and polling only when asked. */
  function replicaOptions(name: string, index: IndexSpecDto) {
    return {
      collection: { name, dimension: d, metric: 'l2' as const, index, generation: 0, createdAt: 'now' },
      shard: 0,
      dir: join(root, `replica-${name}`),
      backend: 'faiss' as const,
      snapshots: new SnapshotStore(store),
      log: new ShardLogReader(store),
      logger: pino({ level: 'silent' }),
      snapshotEvery: 1000,
      snapshotIntervalMs: 3_600_000,
      pollMs: 3_600_000,
    };
  }

  it('serves a Faiss flat index that survives a snapshot round trip through the store, matching exact search', async () => {
    const base = gaussianMixture({ n: 300, d, clusters: 6, seed: 5 });
    const queries = gaussianMixture({ n: 5, d, clusters: 6, seed: 6 });
    let seq = 0;
    const writer = new ShardLogWriter(store, async () => ++seq);
    for (let from = 0; from < base.n; from += 100) {
      const ops = Array.from({ length: 100 }, (_, i) => ({ op: 'upsert' as const, id: `v${from + i}` }));
      await writer.append({ collection: 'faiss', shard: 0, dimension: d, ops, values: base.data.slice(from * d, (from + 100) * d) });
    }
    await writer.append({ collection: 'faiss', shard: 0, dimension: d, ops: [{ op: 'delete', id: 'v7' }], values: new Float32Array(0) });

    const options = replicaOptions('faiss', { type: 'flat' });
    const first = new ReplicaPartition(options);
    await first.start();
    expect(first.status()).toMatchObject({ backend: 'faiss_flat', exact: true, vectors: 299, appliedSeq: 4 });
    expect(await first.snapshot()).toBe(4);
    await first.destroy();

    const recovered = new ReplicaPartition(options);
    await recovered.start();
    const exact = Partition.create({ dimension: d, metric: 'l2', index: { type: 'flat' }, backend: 'mock' });
    await exact.upsert(Array.from({ length: base.n }, (_, i) => ({ id: `v${i}`, values: base.data.subarray(i * d, (i + 1) * d) })));
    await exact.delete(['v7']);
    const got = await recovered.search(queries.data, { k: 10 });
    const want = await exact.search(queries.data, { k: 10 });
    expect(got.map((row) => row.map((h) => h.id))).toEqual(want.map((row) => row.map((h) => h.id)));
    expect(recovered.status()).toMatchObject({ backend: 'faiss_flat', vectors: 299, appliedSeq: 4, state: 'active' });
    await recovered.close();
    exact.dispose();
  });

  it('says an untrained IVF-PQ partition answers exactly (truth in labelling)', async () => {
    const base = gaussianMixture({ n: 50, d, clusters: 3, seed: 7 });
    let seq = 0;
    const writer = new ShardLogWriter(store, async () => ++seq);
    const ops = Array.from({ length: base.n }, (_, i) => ({ op: 'upsert' as const, id: `w${i}` }));
    await writer.append({ collection: 'ivf', shard: 0, dimension: d, ops, values: base.data });
    const replica = new ReplicaPartition(replicaOptions('ivf', { type: 'ivf_pq', nlist: 4, m: 4 }));
    await replica.start();
    expect(replica.status()).toMatchObject({ backend: 'faiss_ivfpq', exact: true, vectors: 50, state: 'active' });
    await replica.close();
  });
});
