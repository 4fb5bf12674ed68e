import { readFileSync } from 'node:fs';

import {
  availableDistanceKernels,
  distanceKernels,
  FaissIndex,
  type FaissDistanceKernels,
  type FaissMetric,
  type FaissSearchResult,
  setDistanceKernels,
} from './index';

import { clusteredVectors, seededRandom, sequentialIds } from './testing/synthetic';
import { disposeAfterAll } from './testing/dispose-after-all';

// What the core should pick by itself (it asks the CPU through __builtin_cpu_supports).
const cpuFlags = new Set(/^flags\s*:(.*)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1].trim().split(/\s+/) ?? []);
const cpuHasAvx2 = cpuFlags.has('avx2') && cpuFlags.has('fma');
const kinds: FaissDistanceKernels[] = cpuHasAvx2 ? ['avx2', 'generic'] : ['generic'];

const initial = distanceKernels();
afterAll(() => setDistanceKernels(initial));
const track = disposeAfterAll();

/** Uniform in [-1, 1), so inner products have both signs. */
function uniformVectors(count: number, dimension: number, seed: number): Float32Array {
  const random = seededRandom(seed);
  return Float32Array.from({ length: count * dimension }, () => random() * 2 - 1);
}

/**
 * a and b agree to a relative 1e-4 of `scale`: the size of the terms summed (|distance| for L2,
 * Σ|x_i·y_i| for IP, whose sum can cancel to near zero).
 */
function expectClose(got: number, want: number, scale: number, what: string): void {
  const tolerance = 1e-4 * Math.max(Math.abs(want), scale) + 1e-12;
  if (!(Math.abs(got - want) <= tolerance)) throw new Error(`${what}: got ${got}, want ${want} (± ${tolerance})`);
}

describe('distance kernels: selection', () => {
  // First test of the file: nothing has switched yet.
  it(`defaults to ${cpuHasAvx2 ? "'avx2'" : "'generic'"} on this CPU and lists what it can run`, () => {
    expect(initial).toBe(cpuHasAvx2 ? 'avx2' : 'generic');
    expect(availableDistanceKernels()).toEqual(kinds);
  });

  it('switches back and forth', () => {
    for (const kind of [...kinds, ...kinds].reverse()) {
      setDistanceKernels(kind);
      expect(distanceKernels()).toBe(kind);
    }
    setDistanceKernels(initial);
  });

  it('rejects an unknown kind and leaves the kernels as they were', () => {
    expect(() => setDistanceKernels('sse' as FaissDistanceKernels)).toThrow(new RangeError("kind must be 'avx2' or 'generic', got 'sse'"));
    expect(() => setDistanceKernels(42 as unknown as FaissDistanceKernels)).toThrow('kind must be a string, got number');
    expect(distanceKernels()).toBe(initial);
  });

  (cpuHasAvx2 ? it.skip : it)("refuses 'avx2' on a CPU without AVX2 and FMA", () => {
    expect(() => setDistanceKernels('avx2')).toThrow("cannot use the 'avx2' distance kernels: this CPU lacks AVX2 or FMA");
    expect(distanceKernels()).toBe('generic');
  });
});

// Flat search with fewer than 20 queries runs Faiss's sequential scan, one fvec_L2sqr or
// fvec_inner_product call per (query, vector) pair: exactly the kernels under test. Odd
// dimensions exercise the tails (d % 8 != 0), 784 the unrolled main loop.
describe.each(kinds)("distance kernels '%s': Flat search equals a float64 scan", (kind) => {
  const dimensions = [1, 3, 7, 8, 9, 15, 16, 17, 31, 33, 784];
  const nb = 300;
  const nq = 8;
  const k = 20;

  describe.each<FaissMetric>(['l2', 'ip'])('%s', (metric) => {
    it.each(dimensions)('d = %i', async (d) => {
      const base = uniformVectors(nb, d, 1000 + d);
      const queries = uniformVectors(nq, d, 2000 + d);
      const index = track(FaissIndex.create(d, 'Flat', metric));
      await index.addWithIds(base, sequentialIds(nb));
      setDistanceKernels(kind);
      const got = await index.search(queries, k);
      expect(distanceKernels()).toBe(kind);

      for (let q = 0; q < nq; q++) {
        // Every pair in float64: the score and the size of its terms.
        const pairs = Array.from({ length: nb }, (_, id) => {
          let score = 0;
          let scale = 0;
          for (let j = 0; j < d; j++) {
            const [a, b] = [queries[q * d + j], base[id * d + j]];
            const term = metric === 'l2' ? (a - b) * (a - b) : a * b;
            score += term;
            scale += Math.abs(term);
          }
          return { id, score, scale };
        });
        const ranked = [...pairs].sort((x, y) => (metric === 'l2' ? x.score - y.score : y.score - x.score));
        for (let j = 0; j < k; j++) {
          const label = Number(got.labels[q * k + j]);
          const distance = got.distances[q * k + j];
          const want = ranked[j];
          const where = `query ${q} rank ${j}`;
          // The distance Faiss reports is that of the id it reports...
          expect(label).toBeGreaterThanOrEqual(0);
          expectClose(distance, pairs[label].score, pairs[label].scale, `${where}, id ${label}`);
          // ...and the ranking is the float64 one: same id, or a tie within rounding.
          expectClose(distance, want.score, want.scale, `${where}, rank`);
          if (label !== want.id) expectClose(pairs[label].score, want.score, want.scale, `${where}: id ${label} for ${want.id}`);
        }
      }
    });
  });
});

(cpuHasAvx2 ? describe : describe.skip)('distance kernels: avx2 against generic', () => {
  async function searchWith(
    kind: FaissDistanceKernels,
    index: FaissIndex,
    queries: Float32Array,
    k: number,
    batch: number,
    nprobe?: number,
  ): Promise<FaissSearchResult> {
    setDistanceKernels(kind);
    const d = index.dimension;
    const nq = queries.length / d;
    const distances = new Float32Array(nq * k);
    const labels = new BigInt64Array(nq * k);
    // Batches under 20 queries: the coarse quantizer then scans with fvec_L2sqr, not BLAS.
    for (let first = 0; first < nq; first += batch) {
      const slice = queries.subarray(first * d, Math.min(nq, first + batch) * d);
      const part = await index.search(slice, k, nprobe === undefined ? undefined : { nprobe });
      distances.set(part.distances, first * k);
      labels.set(part.labels, first * k);
    }
    return { distances, labels };
  }

  it('really runs other code: some d = 784 distances differ in the last bits, none by more', async () => {
    const d = 784;
    const index = track(FaissIndex.create(d, 'Flat', 'l2'));
    await index.addWithIds(uniformVectors(500, d, 5), sequentialIds(500));
    const queries = uniformVectors(10, d, 6);
    const generic = await searchWith('generic', index, queries, 50, 10);
    const avx2 = await searchWith('avx2', index, queries, 50, 10);
    let differing = 0;
    avx2.distances.forEach((distance, i) => {
      if (distance !== generic.distances[i]) differing++;
      expectClose(distance, generic.distances[i], 0, `distance ${i}`);
    });
    expect(differing).toBeGreaterThan(0);
    // Switching back gives the very same results again, bit for bit.
    expect(await searchWith('generic', index, queries, 50, 10)).toEqual(generic);
    expect(await searchWith('avx2', index, queries, 50, 10)).toEqual(avx2);
  });

  it('IVF16,PQ4 (d = 32): same neighbours and distances with both kernels', async () => {
    const d = 32;
    const n = 4000;
    const nq = 60;
    const k = 10;
    const all = clusteredVectors(n + nq, d, 7, 20);
    const base = all.subarray(0, n * d);
    const queries = all.subarray(n * d);
    setDistanceKernels('avx2');
    const index = track(FaissIndex.create(d, 'IVF16,PQ4', 'l2'));
    await index.train(base);
    await index.addWithIds(base, sequentialIds(n));

    const generic = await searchWith('generic', index, queries, k, 15, 4);
    const avx2 = await searchWith('avx2', index, queries, k, 15, 4);
    let sameRows = 0;
    for (let q = 0; q < nq; q++) {
      const row = (result: FaissSearchResult) => Array.from(result.labels.subarray(q * k, (q + 1) * k));
      if (row(generic).join() === row(avx2).join()) sameRows++;
      for (let j = q * k; j < (q + 1) * k; j++) expectClose(avx2.distances[j], generic.distances[j], 1, `query ${q}, rank ${j - q * k}`);
    }
    // PQ distances tie often (vectors sharing codes), so rounding may reorder a few ties.
    expect(sameRows).toBeGreaterThanOrEqual(Math.ceil(0.9 * nq));
    expect(avx2.labels.every((label) => label >= 0n)).toBe(true);
  });
});
