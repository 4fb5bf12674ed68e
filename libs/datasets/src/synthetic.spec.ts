import { exactKnn, gaussianMixture } from './index';

describe('gaussianMixture', () => {
  it('has the requested shape and is deterministic per seed', () => {
    const a = gaussianMixture({ n: 1000, d: 24, seed: 5 });
    expect([a.n, a.d, a.data.length]).toEqual([1000, 24, 24_000]);
    expect(gaussianMixture({ n: 1000, d: 24, seed: 5 })).toEqual(a);
    expect(gaussianMixture({ n: 1000, d: 24, seed: 6 }).data).not.toEqual(a.data);
    expect(a.data.every(Number.isFinite)).toBe(true);
  });

  it('is clustered: points sit much closer to their nearest neighbour than to a random point', () => {
    const set = gaussianMixture({ n: 2000, d: 32, clusters: 10, seed: 1, spread: 0.2 });
    const { distances } = exactKnn(set, { n: 50, d: 32, data: set.data.subarray(0, 50 * 32) }, 2, 'l2');
    const randomPair = (i: number, j: number) => {
      let s = 0;
      for (let t = 0; t < 32; t++) s += (set.data[i * 32 + t] - set.data[j * 32 + t]) ** 2;
      return s;
    };
    let nearest = 0;
    let random = 0;
    for (let q = 0; q < 50; q++) {
      nearest += distances[q * 2 + 1]; // [0] is the query itself
      random += randomPair(q, 1999 - q);
    }
    expect(nearest / random).toBeLessThan(0.2);
  });

  it('uses the centre scale and spread it is given', () => {
    const tight = gaussianMixture({ n: 500, d: 16, clusters: 1, seed: 2, spread: 0 });
    expect(new Set(tight.data.subarray(0, 16)).size).toBeGreaterThan(1);
    expect(tight.data.subarray(16, 32)).toEqual(tight.data.subarray(0, 16)); // one cluster, zero spread: all rows are the centre
    const flat = gaussianMixture({ n: 10, d: 4, seed: 2, centerScale: 0, spread: 0 });
    expect(flat.data.every((v) => v === 0)).toBe(true);
  });

  it('handles n = 0 and rejects invalid options', () => {
    expect(gaussianMixture({ n: 0, d: 8, seed: 1 })).toEqual({ n: 0, d: 8, data: new Float32Array(0) });
    expect(() => gaussianMixture({ n: 10, d: 0, seed: 1 })).toThrow('d must be an integer >= 1, got 0');
    expect(() => gaussianMixture({ n: 1.5, d: 2, seed: 1 })).toThrow(RangeError);
    expect(() => gaussianMixture({ n: 10, d: 2, clusters: 0, seed: 1 })).toThrow(RangeError);
    expect(() => gaussianMixture({ n: 10, d: 2, spread: -1, seed: 1 })).toThrow('spread and centerScale must be non-negative');
  });
});
