import { FaissIndex } from './index';
import { clusteredVectors, sequentialIds } from './testing/synthetic';
import { disposeAfterAll } from './testing/dispose-after-all';

const d = 16;
const n = 4_000;
const k = 10;
// Under 20 queries: at 20 and more Faiss takes its BLAS path, whose float rounding depends on
// the thread count (1 here, 2 on a worker), so only labels would be bit-identical there.
const vectors = clusteredVectors(n + 8, d, 7);
const base = vectors.subarray(0, n * d);
const queries = vectors.subarray(n * d);
const ids = sequentialIds(n, 500);

const track = disposeAfterAll();

describe('FaissIndex.searchSync', () => {
  it.each(['Flat', 'IVF16,PQ4np', 'IDMap2,Flat'])('returns exactly what search returns (%s)', async (descriptor) => {
    const index = track(FaissIndex.create(d, descriptor, 'l2'));
    if (!index.isTrained) await index.train(base);
    await index.addWithIds(base, ids);
    for (const options of [undefined, { nprobe: 4 }]) {
      const sync = index.searchSync(queries, k, descriptor.startsWith('IVF') ? options : undefined);
      const async = await index.search(queries, k, descriptor.startsWith('IVF') ? options : undefined);
      expect(sync).not.toBeNull();
      expect(sync?.labels).toEqual(async.labels);
      expect(sync?.distances).toEqual(async.distances);
    }
  });

  it('answers null instead of waiting while a write holds the index, and searches again after', async () => {
    const index = track(FaissIndex.create(d, 'IVF64,PQ4np', 'l2'));
    const many = clusteredVectors(40_000, d, 8);
    const training = index.train(many);
    let nulls = 0;
    let calls = 0;
    let done = false;
    void training.finally(() => (done = true));
    while (!done) {
      calls++;
      try {
        if (index.searchSync(queries, k) === null) nulls++;
      } catch (error) {
        // Before the worker takes the lock the index is still untrained: that is refused, not waited for.
        expect(String(error)).toMatch(/index is not trained/);
      }
      await new Promise((resolve) => setImmediate(resolve));
    }
    await training;
    expect(calls).toBeGreaterThan(1);
    expect(nulls).toBeGreaterThan(0);
    await index.addWithIds(base, ids);
    expect(index.searchSync(queries, k)?.labels).toEqual((await index.search(queries, k)).labels);
  });

  it('validates like search: the field and the rule', () => {
    const index = track(FaissIndex.create(d, 'Flat', 'l2'));
    const bad = new Float32Array(d * 3);
    bad[20] = Number.POSITIVE_INFINITY;
    expect(() => index.searchSync(bad, k)).toThrow('queries contain a non-finite value (NaN or Infinity) at index 20');
    expect(() => index.searchSync(new Float32Array(d + 1), k)).toThrow(/queries/);
    expect(() => index.searchSync(queries, 0)).toThrow(/k must be/);
  });
});
