import { nativeModule } from './load-native';

/** Distances as the engine ranks them, lower is better: squared L2, negated inner product, 1 − cosine. */
export type RowDistanceMetric = 'l2' | 'ip' | 'cosine';

/**
 * Exact distances from one query to chosen rows of a row-major matrix, through Faiss's dispatched
 * distance kernels (AVX2 when the CPU has it): the re-rank step of an IVF-PQ search. Synchronous;
 * meant for a few hundred rows at a time. For `'cosine'` the query must be unit-normalised; rows
 * are normalised here (a zero row is at distance 1).
 *
 * `query.length` is the dimension; `base` holds whole rows of it; `out` receives one float per row.
 * @throws TypeError for wrong array types, RangeError for an empty query, a row outside `base` or
 * a too-short `out` (checked before anything is written)
 */
export function rowDistances(metric: RowDistanceMetric, query: Float32Array, base: Float32Array, rows: Int32Array, out: Float32Array = new Float32Array(rows.length)): Float32Array {
  nativeModule().rowDistances(metric, query, base, rows, out);
  return out;
}
