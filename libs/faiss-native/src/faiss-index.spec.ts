import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { FaissIndex, type FaissMetric } from './index';

import { clusteredVectors, exactSearch, recallAtK, sequentialIds } from './testing/synthetic';
import { disposeAfterAll } from './testing/dispose-after-all';

const d = 32;
const n = 10_000;
const nq = 100;
const k = 10;
const all = clusteredVectors(n + nq, d, 1);
const base = all.subarray(0, n * d);
const queries = all.subarray(n * d);
const ids = sequentialIds(n, 1000);

const track = disposeAfterAll();

async function filled(descriptor: string, metric: FaissMetric = 'l2', count = n): Promise<FaissIndex> {
  const index = track(FaissIndex.create(d, descriptor, metric));
  if (!index.isTrained) await index.train(base);
  await index.addWithIds(base.subarray(0, count * d), ids.subarray(0, count));
  return index;
}

function expectRowsSorted(distances: Float32Array, metric: FaissMetric): void {
  for (let q = 0; q < distances.length / k; q++) {
    for (let j = 1; j < k; j++) {
      const [previous, current] = [distances[q * k + j - 1], distances[q * k + j]];
      if (metric === 'l2') expect(current).toBeGreaterThanOrEqual(previous);
      else expect(current).toBeLessThanOrEqual(previous);
    }
  }
}

describe('FaissIndex: Flat', () => {
  it('reports its shape and needs no training', () => {
    const index = track(FaissIndex.create(d, 'Flat', 'l2'));
    expect(index).toMatchObject({ dimension: d, metric: 'l2', descriptor: 'Flat', isTrained: true, ntotal: 0 });
    expect(index.codeSize).toBe(d * 4);
    expect(index.nlist).toBeNull();
  });

  it.each<FaissMetric>(['l2', 'ip'])('returns exactly the k nearest, like a naive scan (%s)', async (metric) => {
    const count = 3000;
    const index = await filled('Flat', metric, count);
    expect(index.ntotal).toBe(count);
    const got = await index.search(queries, k);
    const want = exactSearch(base.subarray(0, count * d), ids.subarray(0, count), queries, d, k, metric);
    expect(recallAtK(got.labels, want.labels, k)).toBe(1);
    got.distances.forEach((distance, i) => expect(distance).toBeCloseTo(want.distances[i], 2));
    expectRowsSorted(got.distances, metric);
  });
});

describe('FaissIndex: IVF-PQ', () => {
  it('round trips create, train, add and search', async () => {
    const index = track(FaissIndex.create(d, 'IVF32,PQ8', 'l2'));
    expect(index).toMatchObject({ descriptor: 'IVF32,PQ8', isTrained: false, nlist: 32, codeSize: 8, ntotal: 0 });
    await index.train(base);
    expect(index.isTrained).toBe(true);
    await index.addWithIds(base, ids);
    expect(index.ntotal).toBe(n);

    const { distances, labels } = await index.search(queries, k, { nprobe: 8 });
    expect(labels).toHaveLength(nq * k);
    expect(distances).toHaveLength(nq * k);
    for (const label of labels) expect(label >= 1000n && label < BigInt(1000 + n)).toBe(true);
    expectRowsSorted(distances, 'l2');
    const truth = exactSearch(base, ids, queries, d, k, 'l2');
    expect(recallAtK(labels, truth.labels, k)).toBeGreaterThan(0.3);
  });
});

describe('FaissIndex: nprobe', () => {
  let index: FaissIndex;
  let truth: BigInt64Array;
  beforeAll(async () => {
    index = await filled('IVF32,Flat');
    truth = exactSearch(base, ids, queries, d, k, 'l2').labels;
  });

  it('raises recall@10 as it grows, up to exact at nprobe = nlist', async () => {
    const recalls: number[] = [];
    for (const nprobe of [1, 2, 4, 8, 16, 32]) {
      recalls.push(recallAtK((await index.search(queries, k, { nprobe })).labels, truth, k));
    }
    recalls.slice(1).forEach((recall, i) => expect(recall).toBeGreaterThanOrEqual(recalls[i]));
    expect(recalls[0]).toBeLessThan(0.5);
    expect(recalls[recalls.length - 1]).toBe(1);
  });

  it('treats nprobe above nlist as nlist', async () => {
    const atNlist = await index.search(queries, k, { nprobe: 32 });
    expect(await index.search(queries, k, { nprobe: 5000 })).toEqual(atNlist);
  });

  it('applies to one request only', async () => {
    const before = await index.search(queries, k);
    const wide = await index.search(queries, k, { nprobe: 32 });
    const after = await index.search(queries, k);
    expect(wide.labels).not.toEqual(before.labels);
    expect(after).toEqual(before);
  });

  it('works with an HNSW coarse quantizer', async () => {
    const hnsw = await filled('IVF32_HNSW8,Flat');
    expect(hnsw).toMatchObject({ descriptor: 'IVF32_HNSW8,Flat', nlist: 32 });
    const narrow = recallAtK((await hnsw.search(queries, k, { nprobe: 1 })).labels, truth, k);
    const wide = recallAtK((await hnsw.search(queries, k, { nprobe: 32 })).labels, truth, k);
    expect(narrow).toBeLessThan(0.5);
    // The HNSW centroid search is itself approximate, so nprobe = nlist is not quite exact.
    expect(wide).toBeGreaterThan(0.99);
  });
});

describe('FaissIndex: allowedIds', () => {
  const allowed = ids.filter((_, i) => i % 37 === 0);
  const allowedSet = new Set(allowed);
  const truth = exactSearch(base, ids, queries, d, k, 'l2', allowedSet);

  it.each(['IVF32,Flat', 'Flat', 'HNSW16'])('returns only allowed ids, the exact filtered top-k (%s)', async (descriptor) => {
    const index = await filled(descriptor);
    const got = await index.search(queries, k, { allowedIds: allowed, nprobe: 32 });
    for (const label of got.labels) expect(allowedSet.has(label)).toBe(true);
    expect(recallAtK(got.labels, truth.labels, k)).toBe(1);
  });

  it('filters IVF-PQ results at the default nprobe', async () => {
    const index = await filled('IVF32,PQ8');
    const got = await index.search(queries, k, { allowedIds: allowed });
    for (const label of got.labels) expect(label === -1n || allowedSet.has(label)).toBe(true);
  });

  it('filters with the inner-product metric', async () => {
    const index = await filled('Flat', 'ip');
    const got = await index.search(queries, k, { allowedIds: allowed });
    const want = exactSearch(base, ids, queries, d, k, 'ip', allowedSet);
    expect(recallAtK(got.labels, want.labels, k)).toBe(1);
    expectRowsSorted(got.distances, 'ip');
  });

  it('leaves slots empty (-1) when fewer than k ids are allowed', async () => {
    const index = await filled('Flat', 'l2', 1000);
    const got = await index.search(queries.subarray(0, d), k, { allowedIds: new BigInt64Array([1000n, 1001n, 99n]) });
    expect([...got.labels]).toEqual(expect.arrayContaining([1000n, 1001n]));
    expect(got.labels.filter((label) => label === -1n)).toHaveLength(k - 2);
  });
});

describe('FaissIndex: removeIds', () => {
  it.each(['IVF32,Flat', 'Flat'])('removes vectors so they are no longer returned (%s)', async (descriptor) => {
    const index = await filled(descriptor);
    const removed = ids.subarray(0, 500);
    expect(await index.removeIds(removed)).toBe(500);
    expect(index.ntotal).toBe(n - 500);
    const got = await index.search(base.subarray(0, 50 * d), k, { nprobe: 32 });
    const gone = new Set(removed);
    for (const label of got.labels) expect(gone.has(label)).toBe(false);
    expect(await index.removeIds(removed)).toBe(0);
  });
});

describe('FaissIndex: serialization', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'shoal-faiss-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function expectSameIndex(original: FaissIndex, copy: FaissIndex): Promise<void> {
    track(copy);
    for (const key of ['dimension', 'metric', 'descriptor', 'ntotal', 'isTrained', 'codeSize', 'nlist'] as const) {
      expect(copy[key]).toEqual(original[key]);
    }
    const options = { nprobe: 8 };
    expect(await copy.search(queries, k, options)).toEqual(await original.search(queries, k, options));
  }

  it.each(['IVF32,PQ8', 'IVF32_HNSW8,PQ8', 'Flat'])('toBuffer/fromBuffer gives identical results (%s)', async (descriptor) => {
    const index = await filled(descriptor, 'l2', 5000);
    const bytes = await index.toBuffer();
    expect(Buffer.isBuffer(bytes)).toBe(true);
    await expectSameIndex(index, await FaissIndex.fromBuffer(bytes));
  });

  it('reads from a Uint8Array view at a non-zero offset', async () => {
    const index = await filled('IVF32,PQ8', 'l2', 2000);
    const bytes = await index.toBuffer();
    const padded = new Uint8Array(bytes.length + 3);
    padded.set(bytes, 3);
    await expectSameIndex(index, await FaissIndex.fromBuffer(padded.subarray(3)));
  });

  it('writeFile/readFile gives identical results and leaves no temporary file', async () => {
    const index = await filled('IVF32,PQ8', 'ip', 5000);
    const path = join(dir, 'shard.faiss');
    await index.writeFile(path);
    expect(readdirSync(dir)).toEqual(['shard.faiss']);
    await expectSameIndex(index, await FaissIndex.readFile(path));
  });
});
