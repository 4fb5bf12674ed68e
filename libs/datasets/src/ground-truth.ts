import { assertShape, rowSquaredNorms, VectorSet } from './matrix';
import { TopKHeaps } from './top-k-heaps';

/** Lower is always better: l2 = squared euclidean, ip = -dot, cosine = 1 - cos. */
export type DistanceMetric = 'l2' | 'ip' | 'cosine';

export interface KnnResult {
  /** nq*k row ids, row-major, best first; -1 pads rows when the base has fewer than k vectors. */
  ids: Int32Array;
  /** Matching distances (see {@link DistanceMetric}); +Infinity where the id is -1. */
  distances: Float32Array;
}

// Queries are processed four at a time against two base rows (8 accumulators: the fastest
// register blocking V8 produced in benchmarks, ~3x a plain dot loop), over base blocks of about
// 128 KiB so each block stays in cache while a tile of queries sweeps it.
const QUERY_GROUP = 4;
const QUERY_TILE = 64;
const BASE_BLOCK_BYTES = 128 * 1024;

/**
 * Exact brute-force k nearest neighbours. Every distance is computed in float64 as
 * `qAdd + bAdd + qMul·bMul·(q·x)` and rounded to float32 before ranking, so ties are exact
 * in the returned values and broken by lower id.
 */
export function exactKnn(base: VectorSet, queries: VectorSet, k: number, metric: DistanceMetric): KnnResult {
  assertShape(base, 'exactKnn base');
  assertShape(queries, 'exactKnn queries');
  if (base.d !== queries.d) throw new RangeError(`exactKnn: base has d=${base.d} but queries have d=${queries.d}`);
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`exactKnn: k must be a positive integer, got ${k}`);
  const { d } = base;
  const nq = queries.n;
  const queryTerms = distanceTerms(queries, metric, 'query');
  const baseTerms = distanceTerms(base, metric, 'base');
  const sweep: Sweep = {
    d,
    tile: new Float32Array(QUERY_TILE * d),
    tileAdd: new Float64Array(QUERY_TILE),
    tileMul: new Float64Array(QUERY_TILE),
    base: base.data,
    baseAdd: baseTerms.add,
    baseMul: baseTerms.mul,
    floor: metric === 'ip' ? -Infinity : 0,
    heaps: new TopKHeaps(QUERY_TILE, k),
  };
  const ids = new Int32Array(nq * k);
  const distances = new Float32Array(nq * k);
  const blockRows = Math.max(2, Math.floor(BASE_BLOCK_BYTES / (4 * d)));

  for (let t0 = 0; t0 < nq; t0 += QUERY_TILE) {
    const t1 = Math.min(nq, t0 + QUERY_TILE);
    // Zero padding makes the last group 4 wide; padded slots are scored but never drained.
    sweep.tile.fill(0).set(queries.data.subarray(t0 * d, t1 * d));
    sweep.tileAdd.fill(0).set(queryTerms.add.subarray(t0, t1));
    sweep.tileMul.fill(0).set(queryTerms.mul.subarray(t0, t1));
    sweep.heaps.reset();
    for (let b0 = 0; b0 < base.n; b0 += blockRows) {
      const b1 = Math.min(base.n, b0 + blockRows);
      for (let g = 0; g < t1 - t0; g += QUERY_GROUP) scoreGroup(sweep, g, b0, b1);
    }
    for (let s = 0; s < t1 - t0; s++) sweep.heaps.drain(s, ids, distances, (t0 + s) * k);
  }
  return { ids, distances };
}

/** Per-row terms so that distance = qAdd + bAdd + qMul·bMul·(q·x). */
interface DistanceTerms {
  add: Float64Array;
  mul: Float64Array;
}

function distanceTerms(set: VectorSet, metric: DistanceMetric, side: 'query' | 'base'): DistanceTerms {
  const { n } = set;
  switch (metric) {
    case 'l2':
      // |q - x|² = |q|² + |x|² - 2 q·x
      return { add: rowSquaredNorms(set), mul: new Float64Array(n).fill(side === 'query' ? -2 : 1) };
    case 'ip':
      return { add: new Float64Array(n), mul: new Float64Array(n).fill(side === 'query' ? -1 : 1) };
    case 'cosine': {
      // 1 - q·x / (|q||x|); a zero row has cos 0 with everything, so distance 1.
      const inverseNorms = rowSquaredNorms(set).map((s) => (s === 0 ? 0 : 1 / Math.sqrt(s)));
      if (side === 'base') return { add: new Float64Array(n), mul: inverseNorms };
      return { add: new Float64Array(n).fill(1), mul: inverseNorms.map((v) => -v) };
    }
    default:
      throw new RangeError(`exactKnn: unknown metric '${String(metric)}' (expected 'l2', 'ip' or 'cosine')`);
  }
}

interface Sweep {
  d: number;
  /** QUERY_TILE queries, zero-padded. */
  tile: Float32Array;
  tileAdd: Float64Array;
  tileMul: Float64Array;
  base: Float32Array;
  baseAdd: Float64Array;
  baseMul: Float64Array;
  /** Clamps rounding noise below the metric's minimum (0 for l2 and cosine). */
  floor: number;
  heaps: TopKHeaps;
}

/** Scores tile queries g..g+3 against base rows b0..b1-1 and offers the results to their heaps. */
function scoreGroup(sweep: Sweep, g: number, b0: number, b1: number): void {
  const { d, tile, base, baseAdd, baseMul, floor, heaps } = sweep;
  const q0 = g * d;
  const q1 = q0 + d;
  const q2 = q1 + d;
  const q3 = q2 + d;
  const add0 = sweep.tileAdd[g], add1 = sweep.tileAdd[g + 1], add2 = sweep.tileAdd[g + 2], add3 = sweep.tileAdd[g + 3];
  const mul0 = sweep.tileMul[g], mul1 = sweep.tileMul[g + 1], mul2 = sweep.tileMul[g + 2], mul3 = sweep.tileMul[g + 3];
  let i = b0;
  for (; i + 1 < b1; i += 2) {
    const x = i * d;
    const y = x + d;
    let x0 = 0, x1 = 0, x2 = 0, x3 = 0, y0 = 0, y1 = 0, y2 = 0, y3 = 0;
    for (let j = 0; j < d; j++) {
      const u = base[x + j];
      const v = base[y + j];
      const w0 = tile[q0 + j], w1 = tile[q1 + j], w2 = tile[q2 + j], w3 = tile[q3 + j];
      x0 += w0 * u; x1 += w1 * u; x2 += w2 * u; x3 += w3 * u;
      y0 += w0 * v; y1 += w1 * v; y2 += w2 * v; y3 += w3 * v;
    }
    const bx = baseAdd[i], mx = baseMul[i];
    heaps.offer(g, distance(add0 + bx, mul0 * mx, x0, floor), i);
    heaps.offer(g + 1, distance(add1 + bx, mul1 * mx, x1, floor), i);
    heaps.offer(g + 2, distance(add2 + bx, mul2 * mx, x2, floor), i);
    heaps.offer(g + 3, distance(add3 + bx, mul3 * mx, x3, floor), i);
    const by = baseAdd[i + 1], my = baseMul[i + 1];
    heaps.offer(g, distance(add0 + by, mul0 * my, y0, floor), i + 1);
    heaps.offer(g + 1, distance(add1 + by, mul1 * my, y1, floor), i + 1);
    heaps.offer(g + 2, distance(add2 + by, mul2 * my, y2, floor), i + 1);
    heaps.offer(g + 3, distance(add3 + by, mul3 * my, y3, floor), i + 1);
  }
  if (i < b1) {
    const x = i * d;
    let x0 = 0, x1 = 0, x2 = 0, x3 = 0;
    for (let j = 0; j < d; j++) {
      const u = base[x + j];
      x0 += tile[q0 + j] * u; x1 += tile[q1 + j] * u; x2 += tile[q2 + j] * u; x3 += tile[q3 + j] * u;
    }
    const bx = baseAdd[i], mx = baseMul[i];
    heaps.offer(g, distance(add0 + bx, mul0 * mx, x0, floor), i);
    heaps.offer(g + 1, distance(add1 + bx, mul1 * mx, x1, floor), i);
    heaps.offer(g + 2, distance(add2 + bx, mul2 * mx, x2, floor), i);
    heaps.offer(g + 3, distance(add3 + bx, mul3 * mx, x3, floor), i);
  }
}

// A module-local alias: under Jest's vm sandbox `Math.fround` in this hot path is a slow global lookup.
const { fround } = Math;

/** Rounds to float32 before ranking, so ranking ties are exactly the ties callers see. */
function distance(add: number, mul: number, dot: number, floor: number): number {
  const value = fround(add + mul * dot);
  return value < floor ? floor : value;
}
