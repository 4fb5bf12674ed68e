import { estimatedSearchWork, SYNC_SEARCH_MAX_WORK } from './faiss-backed.index';

describe('estimatedSearchWork', () => {
  it('counts the coarse step and the probed lists for IVF indexes', () => {
    // Fashion-MNIST shard: 30k vectors, IVF1024, PQ56, nprobe 16 → 1024·784 + 16·30·56.
    const shard = { dimension: 784, ntotal: 30_000, nlist: 1024, codeSize: 56 };
    expect(estimatedSearchWork(shard, 1, 16)).toBe(1024 * 784 + 16 * 30 * 56);
    expect(estimatedSearchWork(shard, 3, 16)).toBe(3 * (1024 * 784 + 16 * 30 * 56));
    // nprobe beyond nlist scans every list once; no nprobe means Faiss's default of 1.
    expect(estimatedSearchWork(shard, 1, 5000)).toBe(1024 * 784 + 1024 * 30 * 56);
    expect(estimatedSearchWork(shard, 1, undefined)).toBe(1024 * 784 + 30 * 56);
  });

  it('counts every vector for flat indexes', () => {
    expect(estimatedSearchWork({ dimension: 128, ntotal: 10_000, nlist: null, codeSize: 512 }, 2, undefined)).toBe(2 * 10_000 * 128);
  });

  it('keeps single small IVF queries on the calling thread and sends scans of big flat indexes to a worker', () => {
    expect(estimatedSearchWork({ dimension: 784, ntotal: 30_000, nlist: 1024, codeSize: 56 }, 1, 16)).toBeLessThanOrEqual(SYNC_SEARCH_MAX_WORK);
    expect(estimatedSearchWork({ dimension: 784, ntotal: 30_000, nlist: null, codeSize: 3136 }, 1, undefined)).toBeGreaterThan(SYNC_SEARCH_MAX_WORK);
    expect(estimatedSearchWork({ dimension: 784, ntotal: 30_000, nlist: 1024, codeSize: 56 }, 100, 16)).toBeGreaterThan(SYNC_SEARCH_MAX_WORK);
  });
});
