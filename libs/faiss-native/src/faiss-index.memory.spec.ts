import { FaissIndex } from './index';

import { clusteredVectors, sequentialIds } from './testing/synthetic';

const d = 32;
const n = 10_000;
const m = 8;
const nlist = 32;
const base = clusteredVectors(n, d, 5);
const ids = sequentialIds(n);

function sum(usage: ReturnType<FaissIndex['memoryUsage']>): number {
  return usage.codesBytes + usage.idsBytes + usage.quantizerBytes + usage.otherBytes;
}

describe('FaissIndex.memoryUsage', () => {
  let index: FaissIndex;
  beforeAll(async () => {
    index = FaissIndex.create(d, `IVF${nlist},PQ${m}`, 'l2');
    await index.train(base);
    // Several adds leave vector growth slack in the inverted lists.
    for (let start = 0; start < n; start += 1000) {
      await index.addWithIds(base.subarray(start * d, (start + 1000) * d), ids.subarray(start, start + 1000));
    }
  });
  afterAll(() => index.dispose());

  it('counts real capacities, and after compact codes + ids ≈ ntotal × (codeSize + 8)', async () => {
    const before = index.memoryUsage();
    expect(before.codesBytes + before.idsBytes).toBeGreaterThan(n * (m + 8));
    await index.compact();
    const after = index.memoryUsage();
    expect(after.codesBytes).toBe(n * index.codeSize);
    expect(after.idsBytes).toBe(n * 8);
    expect(after.codesBytes + after.idsBytes).toBeLessThanOrEqual(n * (m + 16));
    expect(after.quantizerBytes).toBe(nlist * d * 4);
    // PQ centroids (2^8 × d floats) plus the IVF-PQ precomputed table (nlist × m × 256 floats).
    expect(after.otherBytes).toBeGreaterThanOrEqual(256 * d * 4 + nlist * m * 256 * 4);
    expect(after.totalBytes).toBe(sum(after));
  });

  it('releases removed vectors on compact', async () => {
    expect(await index.removeIds(ids.filter((id) => id % 2n === 0n))).toBe(n / 2);
    expect(index.memoryUsage().codesBytes).toBeGreaterThanOrEqual(n * m);
    await index.compact();
    expect(index.memoryUsage()).toMatchObject({ codesBytes: (n / 2) * m, idsBytes: (n / 2) * 8 });
  });

  it('counts Flat codes and the IndexIDMap2 id map', async () => {
    const flat = FaissIndex.create(d, 'Flat', 'l2');
    await flat.addWithIds(base, ids);
    await flat.compact();
    const usage = flat.memoryUsage();
    expect(usage.codesBytes).toBe(n * d * 4);
    expect(usage.idsBytes).toBeGreaterThanOrEqual(n * 8); // id_map + the reverse hash map
    expect(usage.quantizerBytes).toBe(0);
    flat.dispose();
  });

  it('counts an HNSW coarse quantizer (graph and centroids) as quantizer memory', async () => {
    const hnsw = FaissIndex.create(d, `IVF${nlist}_HNSW8,Flat`, 'l2');
    await hnsw.train(base);
    expect(hnsw.memoryUsage().quantizerBytes).toBeGreaterThan(nlist * d * 4);
    hnsw.dispose();
  });
});
