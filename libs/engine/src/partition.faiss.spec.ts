import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exactKnn, gaussianMixture, recallAtK, type VectorSet } from '@shoal/datasets';
import { Partition } from './partition';

const d = 32;
const spec = { type: 'ivf_pq' as const, nlist: 32, m: 8, nbits: 8, nprobe: 8 };

function records(set: VectorSet, prefix = 'v', from = 0, count = set.n) {
  return Array.from({ length: count }, (_, i) => ({ id: `${prefix}${from + i}`, values: set.data.subarray((from + i) * d, (from + i + 1) * d) }));
}

function recallOf(hits: { id: string }[][], truth: Int32Array, k: number, prefix = 'v'): number {
  const found = hits.flatMap((row) => Array.from({ length: k }, (_, j) => (row[j] ? Number(row[j].id.slice(prefix.length)) : -1)));
  return recallAtK(found, truth, hits.length, k);
}

describe('Partition on Faiss IVF-PQ', () => {
  const base = gaussianMixture({ n: 12000, d, clusters: 40, seed: 21 });
  const queries = gaussianMixture({ n: 100, d, clusters: 40, seed: 22 });
  const truth = exactKnn(base, queries, 10, 'l2');
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'shoal-partition-faiss-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('searches exactly before training, and says it is untrained', async () => {
    const p = Partition.create({ dimension: d, metric: 'l2', backend: 'faiss', index: spec });
    await p.upsert(records(base, 'v', 0, 2000));
    expect(p.stats()).toMatchObject({ trained: false, tail: 2000, indexed: 0 });
    const sub = { n: 2000, d, data: base.data.subarray(0, 2000 * d) };
    const hits = await p.search(queries.data, { k: 10 });
    expect(recallOf(hits, exactKnn(sub, queries, 10, 'l2').ids, 10)).toBe(1);
    p.dispose();
  });

  it('reaches recall@10 >= 0.9 with re-rank, and nprobe trades recall for work', async () => {
    const p = Partition.create({ dimension: d, metric: 'l2', backend: 'faiss', index: { ...spec, refine: 4 } });
    await p.upsert(records(base));
    const report = await p.train();
    expect(report).toMatchObject({ trainVectors: 12000, indexedVectors: 12000 });
    // Codes (m bytes) + ids (8 bytes) per vector after compaction, within the m + 16 budget.
    expect(p.stats().indexBytesPerVector).toBeGreaterThanOrEqual(8 + 8);
    expect(p.stats().indexBytesPerVector).toBeLessThanOrEqual(8 + 16);
    expect(p.stats()).toMatchObject({ trained: true, indexed: 12000, tail: 0 });
    expect(p.describe()).toMatchObject({ backend: 'faiss_ivfpq', exact: false });
    const reranked = recallOf(await p.search(queries.data, { k: 10 }), truth.ids, 10);
    const plain = recallOf(await p.search(queries.data, { k: 10, refine: 1 }), truth.ids, 10);
    const oneProbe = recallOf(await p.search(queries.data, { k: 10, refine: 1, nprobe: 1 }), truth.ids, 10);
    expect(reranked).toBeGreaterThanOrEqual(0.9);
    expect(reranked).toBeGreaterThan(plain);
    expect(plain).toBeGreaterThan(oneProbe);
    p.dispose();
  });

  it('merges the unindexed tail, applies upserts and deletes, and round-trips through save/load', async () => {
    const p = Partition.create({ dimension: d, metric: 'l2', backend: 'faiss', index: { ...spec, refine: 4 }, tailFlushThreshold: 100000 });
    await p.upsert(records(base, 'v', 0, 10000));
    await p.train();
    await p.upsert(records(base, 'v', 10000, 2000));
    expect(p.stats()).toMatchObject({ indexed: 10000, tail: 2000 });
    // A tail vector is found exactly: query = a tail vector itself.
    const probe = base.data.subarray(11000 * d, 11001 * d);
    expect((await p.search(probe, { k: 1 }))[0][0]).toEqual({ id: 'v11000', distance: 0 });
    expect(recallOf(await p.search(queries.data, { k: 10 }), truth.ids, 10)).toBeGreaterThanOrEqual(0.9);

    // Replace an indexed vector and delete another: searches follow at once.
    const moved = new Float32Array(d).fill(1000);
    await p.upsert([{ id: 'v5', values: moved }]);
    await p.delete(['v6']);
    expect((await p.search(moved, { k: 1 }))[0][0].id).toBe('v5');
    const v6 = base.data.subarray(6 * d, 7 * d);
    expect((await p.search(v6, { k: 10 }))[0].map((h) => h.id)).not.toContain('v6');
    expect(p.size).toBe(11999);

    await p.save(join(dir, 'ivf'));
    const loaded = await Partition.load(join(dir, 'ivf'));
    // v5 moved from the index to the tail; v6 is gone.
    expect(p.stats()).toMatchObject({ vectors: 11999, indexed: 9998, tail: 2001, trained: true });
    const { indexBytes: _a, indexBytesPerVector: _b, ...before } = p.stats();
    expect(loaded.stats()).toMatchObject(before);
    for (const nprobe of [1, 8]) {
      expect(await loaded.search(queries.data, { k: 10, nprobe, refine: 1 })).toEqual(await p.search(queries.data, { k: 10, nprobe, refine: 1 }));
    }
    await loaded.flushTail();
    expect(loaded.stats()).toMatchObject({ indexed: 11999, tail: 0 });
    p.dispose();
    loaded.dispose();
  });

  it('supports an HNSW coarse quantizer (for large nlist) with per-request nprobe', async () => {
    const p = Partition.create({ dimension: d, metric: 'l2', backend: 'faiss', index: { ...spec, coarse: 'hnsw', refine: 4 } });
    await p.upsert(records(base));
    await p.train();
    expect(p.describe().params.descriptor).toBe('IVF32_HNSW32,PQ8x8np');
    expect(recallOf(await p.search(queries.data, { k: 10, nprobe: 16 }), truth.ids, 10)).toBeGreaterThanOrEqual(0.9);
    const oneProbe = recallOf(await p.search(queries.data, { k: 10, nprobe: 1, refine: 1 }), truth.ids, 10);
    expect(oneProbe).toBeLessThan(0.9);
    p.dispose();
  });

  it('refuses to train on too few vectors, naming the numbers', async () => {
    const p = Partition.create({ dimension: d, metric: 'l2', backend: 'faiss', index: spec });
    await p.upsert(records(base, 'v', 0, 100));
    await expect(p.train()).rejects.toThrow('training needs at least 256 vectors for nlist=32, nbits=8; the partition has 100');
    p.dispose();
  });
});
