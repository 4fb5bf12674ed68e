import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { IndexSpecDto } from '@shoal/contracts';
import { gaussianMixture } from '@shoal/datasets';
import { Partition, trainIvfPqTemplate } from '@shoal/engine';
import { writeCheckpoint } from '@shoal/replica';
import { GenerationStore, ShardLogReader, ShardLogWriter, SnapshotStore } from '@shoal/shard-log';
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
      generations: new GenerationStore(store),
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

  it('swaps in a built generation with no failed search, replaying writes made after the build', async () => {
    const spec = { type: 'ivf_pq' as const, nlist: 4, m: 4, nbits: 8 };
    const base = gaussianMixture({ n: 600, d, clusters: 6, seed: 9 });
    const rows = (from: number, to: number) => base.data.slice(from * d, to * d);
    const ids = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => ({ op: 'upsert' as const, id: `g${from + i}` }));
    let seq = 0;
    const writer = new ShardLogWriter(store, async () => ++seq);
    await writer.append({ collection: 'gen', shard: 0, dimension: d, ops: ids(0, 500), values: rows(0, 500) });
    const options = replicaOptions('gen', spec);
    const replica = new ReplicaPartition(options);
    await replica.start();
    expect(replica.status()).toMatchObject({ generation: 0, exact: true, vectors: 500 });

    // What the index worker does: template from a sample, the shard's vectors added, saved with its watermark.
    const template = await trainIvfPqTemplate({ dimension: d, metric: 'l2', index: spec }, rows(0, 500));
    const build = Partition.create({ dimension: d, metric: 'l2', backend: 'faiss', index: spec });
    await build.upsert(Array.from({ length: 500 }, (_, i) => ({ id: `g${i}`, values: base.data.subarray(i * d, (i + 1) * d) })));
    await build.adoptTemplate(template);
    const buildDir = join(root, 'build-gen');
    await build.save(buildDir);
    build.dispose();
    await writeCheckpoint(buildDir, { appliedSeq: 1, generation: 1, collectionCreatedAt: 'now' });
    await new GenerationStore(store).uploadBuild('gen', 1, 0, buildDir, 1, 'faiss');
    // Written after the build's watermark: the replica applies it, then must find it again after the swap.
    await writer.append({ collection: 'gen', shard: 0, dimension: d, ops: ids(500, 600), values: rows(500, 600) });
    await replica.catchUp();

    let failures = 0;
    let searching = true;
    const load = (async () => {
      while (searching) {
        await replica.search(rows(0, 2), { k: 5 }).catch(() => failures++);
        // An exact search settles without I/O: yield so the swap's downloads can progress.
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    await replica.adoptGeneration(1);
    searching = false;
    await load;
    expect(failures).toBe(0);
    expect(replica.status()).toMatchObject({ generation: 1, exact: false, vectors: 600, appliedSeq: 2, state: 'active' });
    const [hits] = await replica.search(rows(550, 551), { k: 1, nprobe: 4 });
    expect(hits[0].id).toBe('g550');
    await replica.close();

    // The local snapshot now holds generation 1: a restart serves it at once.
    const restarted = new ReplicaPartition(options);
    await restarted.start();
    expect(restarted.status()).toMatchObject({ generation: 1, exact: false, vectors: 600, appliedSeq: 2 });
    await restarted.close();
  });
});
