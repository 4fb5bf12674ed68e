import { createRng, DistanceMetric, exactKnn, gaussianMixture, VectorSet } from './index';

const METRICS: DistanceMetric[] = ['l2', 'ip', 'cosine'];

/** The obvious O(n·nq·d) reference: direct formulas in float64, a full sort by (float32 distance, id). */
function naiveKnn(base: VectorSet, queries: VectorSet, k: number, metric: DistanceMetric) {
  const { d } = base;
  const ids: number[] = [];
  const distances: number[] = [];
  for (let q = 0; q < queries.n; q++) {
    const qv = queries.data.subarray(q * d, q * d + d);
    const scored = Array.from({ length: base.n }, (_, i) => {
      const xv = base.data.subarray(i * d, i * d + d);
      let diff = 0, dot = 0, qq = 0, xx = 0;
      for (let j = 0; j < d; j++) {
        diff += (qv[j] - xv[j]) ** 2;
        dot += qv[j] * xv[j];
        qq += qv[j] ** 2;
        xx += xv[j] ** 2;
      }
      const cosine = qq === 0 || xx === 0 ? 0 : dot / (Math.sqrt(qq) * Math.sqrt(xx));
      const dist = metric === 'l2' ? diff : metric === 'ip' ? 0 - dot : 1 - cosine;
      return { id: i, dist: Math.fround(dist) };
    });
    scored.sort((a, b) => a.dist - b.dist || a.id - b.id);
    for (let j = 0; j < k; j++) {
      ids.push(j < scored.length ? scored[j].id : -1);
      distances.push(j < scored.length ? scored[j].dist : Infinity);
    }
  }
  return { ids, distances };
}

function rows(d: number, values: number[][]): VectorSet {
  return { n: values.length, d, data: Float32Array.from(values.flat()) };
}

describe('exactKnn', () => {
  it.each(METRICS)('matches the naive reference on clustered data (%s)', (metric) => {
    // n and d odd, nq > 64 and n·d·4 > 128 KiB: exercises the base-row tail, query padding, several query tiles and base blocks.
    const data = gaussianMixture({ n: 3001 + 70, d: 19, clusters: 8, seed: 1 });
    const base: VectorSet = { n: 3001, d: 19, data: data.data.subarray(0, 3001 * 19) };
    const queries: VectorSet = { n: 70, d: 19, data: data.data.subarray(3001 * 19) };
    const got = exactKnn(base, queries, 10, metric);
    const want = naiveKnn(base, queries, 10, metric);
    expect(Array.from(got.ids)).toEqual(want.ids);
    got.distances.forEach((dist, i) => expect(dist).toBeCloseTo(want.distances[i], 4));
  });

  it.each(METRICS)('breaks ties by lower id on data full of exact ties (%s)', (metric) => {
    // Small integer directions scaled by 1, 2 or 4: duplicates tie exactly under every metric, and a
    // power-of-two scaling keeps cosine ties exact in floating point too.
    const rng = createRng(8);
    const directions = Array.from({ length: 6 }, () => [rng.int(5) - 2, rng.int(5) - 2, rng.int(3)]);
    const draw = (n: number) =>
      rows(3, Array.from({ length: n }, () => directions[rng.int(6)].map((v) => v * 2 ** rng.int(3))));
    const base = draw(301);
    const queries = draw(9);
    const got = exactKnn(base, queries, 40, metric);
    const want = naiveKnn(base, queries, 40, metric);
    expect(Array.from(got.ids)).toEqual(want.ids);
    // Integer l2 and ip are exact; 1 - cos of parallel vectors is round-off (~1e-16) either way.
    got.distances.forEach((dist, i) => expect(dist).toBeCloseTo(want.distances[i], 12));
  });

  it('ranks a hand-checked example, best first, ties to the lower id', () => {
    const base = rows(2, [[1, 0], [0, 1], [1, 0], [2, 0]]);
    const query = rows(2, [[1, 0]]);
    const l2 = exactKnn(base, query, 4, 'l2');
    expect(Array.from(l2.ids)).toEqual([0, 2, 3, 1]);
    expect(Array.from(l2.distances)).toEqual([0, 0, 1, 2]);
    const ip = exactKnn(base, query, 4, 'ip');
    expect(Array.from(ip.ids)).toEqual([3, 0, 2, 1]);
    expect(Array.from(ip.distances)).toEqual([-2, -1, -1, 0]);
    const cosine = exactKnn(base, query, 4, 'cosine');
    expect(Array.from(cosine.ids)).toEqual([0, 2, 3, 1]);
    expect(Array.from(cosine.distances)).toEqual([0, 0, 0, 1]);
  });

  it('gives zero vectors cosine distance 1', () => {
    const { ids, distances } = exactKnn(rows(2, [[0, 0], [3, 4]]), rows(2, [[0, 0]]), 2, 'cosine');
    expect(Array.from(ids)).toEqual([0, 1]);
    expect(Array.from(distances)).toEqual([1, 1]);
  });

  it('pads with -1 and +Infinity when k exceeds the base', () => {
    const { ids, distances } = exactKnn(rows(1, [[5], [1]]), rows(1, [[0], [6]]), 3, 'l2');
    expect(Array.from(ids)).toEqual([1, 0, -1, 0, 1, -1]);
    expect(Array.from(distances)).toEqual([1, 25, Infinity, 1, 25, Infinity]);
    expect(Array.from(exactKnn(rows(1, []), rows(1, [[0]]), 2, 'ip').ids)).toEqual([-1, -1]);
    expect(exactKnn(rows(1, [[1]]), rows(1, []), 2, 'ip').ids).toHaveLength(0);
  });

  it('rejects mismatched dimensions, bad k and unknown metrics', () => {
    const a = rows(2, [[1, 2]]);
    expect(() => exactKnn(a, rows(3, [[1, 2, 3]]), 1, 'l2')).toThrow('exactKnn: base has d=2 but queries have d=3');
    expect(() => exactKnn(a, a, 0, 'l2')).toThrow('k must be a positive integer, got 0');
    expect(() => exactKnn(a, a, 1, 'hamming' as DistanceMetric)).toThrow("unknown metric 'hamming'");
    expect(() => exactKnn({ n: 2, d: 2, data: new Float32Array(3) }, a, 1, 'l2')).toThrow('expected n*d = 2*2 = 4');
  });
});
