import { exactKnn, gaussianMixture } from '@shoal/datasets';
import { EngineError } from './engine.error';
import { ExactFlatIndex } from './exact-flat.index';
import type { DistanceMetric } from './vector-index';

function labelsFor(n: number): BigInt64Array {
  return BigInt64Array.from({ length: n }, (_, i) => BigInt(i));
}

describe('ExactFlatIndex (the mock: exact brute force)', () => {
  const base = gaussianMixture({ n: 2000, d: 24, clusters: 10, seed: 3 });
  const queries = gaussianMixture({ n: 25, d: 24, clusters: 10, seed: 4 });

  it.each<DistanceMetric>(['l2', 'ip', 'cosine'])('returns exactly the naive reference top-k for %s', async (metric) => {
    const index = new ExactFlatIndex(24, metric);
    await index.add(base.data, labelsFor(base.n));
    const k = 10;
    const result = await index.search(queries.data, k);
    const truth = exactKnn(base, queries, k, metric);
    expect(Array.from(result.labels, Number)).toEqual(Array.from(truth.ids));
    for (let i = 0; i < truth.distances.length; i++) expect(result.distances[i]).toBeCloseTo(truth.distances[i], 2);
  });

  it('says what it is, everywhere', () => {
    const index = new ExactFlatIndex(8, 'l2');
    expect(index.backend).toBe('exact_mock');
    expect(index.describe()).toMatchObject({ exact: true, summary: 'exact brute force, O(N) per query, for development' });
  });

  it('replaces a label on re-add, removes labels, pads missing results with -1', async () => {
    const index = new ExactFlatIndex(2, 'l2');
    await index.add(new Float32Array([0, 0, 10, 10, 20, 20]), BigInt64Array.from([1n, 2n, 3n]));
    await index.add(new Float32Array([100, 100]), BigInt64Array.from([1n]));
    expect(index.size).toBe(3);
    expect(await index.remove(BigInt64Array.from([2n, 99n]))).toBe(1);
    const { labels, distances } = await index.search(new Float32Array([0, 0]), 4);
    expect(Array.from(labels)).toEqual([3n, 1n, -1n, -1n]);
    expect(distances[0]).toBe(800);
    expect(distances[3]).toBe(Infinity);
  });

  it('filters by allowed labels', async () => {
    const index = new ExactFlatIndex(24, 'l2');
    await index.add(base.data, labelsFor(base.n));
    const allowed = BigInt64Array.from([5n, 50n, 500n]);
    const { labels } = await index.search(queries.data.subarray(0, 24), 5, { allowedLabels: allowed });
    expect(Array.from(labels).filter((l) => l >= 0n).sort()).toEqual([5n, 50n, 500n]);
  });

  it('round-trips through serialize/deserialize', async () => {
    const index = new ExactFlatIndex(24, 'cosine');
    await index.add(base.data, labelsFor(base.n));
    const copy = ExactFlatIndex.deserialize(await index.serialize());
    expect(await copy.search(queries.data, 7)).toEqual(await index.search(queries.data, 7));
  });

  it('rejects bad input with messages that say what to fix', async () => {
    const index = new ExactFlatIndex(4, 'l2');
    await expect(index.add(new Float32Array(6), labelsFor(1))).rejects.toThrow('vectors length 6 is not a multiple of dimension 4');
    await expect(index.add(new Float32Array(8), labelsFor(1))).rejects.toThrow('labels length 1 does not match the 2 vectors given');
    await expect(index.add(new Float32Array([0, 1, NaN, 0]), labelsFor(1))).rejects.toThrow(
      'vectors contain a non-finite value (NaN or Infinity) at index 2',
    );
    await expect(index.search(new Float32Array(4), 0)).rejects.toThrow('k must be an integer between 1 and 2048, got 0');
    await expect(index.search(new Float32Array(4), 1)).resolves.toBeDefined();
    expect(() => ExactFlatIndex.deserialize(Buffer.from('nope'))).toThrow(EngineError);
  });
});
