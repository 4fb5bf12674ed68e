import { assertShape, takeRows, VectorSet } from './matrix';
import { createRng } from './random';

/** `count` distinct row indices of 0..n-1, uniformly without replacement, in random order. */
function sampleIndices(n: number, count: number, seed: number, name: string): Int32Array {
  if (!Number.isInteger(count) || count < 0 || count > n) {
    throw new RangeError(`${name} must be an integer in 0..${n}, got ${count}`);
  }
  const rng = createRng(seed);
  // Partial Fisher-Yates: after step i, perm[0..i] is a uniform sample in uniform order.
  const perm = new Int32Array(n);
  for (let i = 0; i < n; i++) perm[i] = i;
  for (let i = 0; i < count; i++) {
    const j = i + rng.int(n - i);
    const t = perm[i];
    perm[i] = perm[j];
    perm[j] = t;
  }
  return perm.slice(0, count);
}

/** `count` rows drawn uniformly without replacement, in random order. */
export function sampleRows(set: VectorSet, count: number, seed: number): VectorSet {
  assertShape(set, 'sampleRows');
  return takeRows(set, sampleIndices(set.n, count, seed, 'count'));
}

export interface QuerySplit {
  /** The rows that were not drawn, in their original order. */
  base: VectorSet;
  /** The held-out rows, in random order. */
  queries: VectorSet;
  /** Original row index of each base row. */
  baseRows: Int32Array;
  /** Original row index of each query row. */
  queryRows: Int32Array;
}

/** Holds out `queries` uniformly drawn rows so that no query is also in the base. */
export function splitQueries(set: VectorSet, queries: number, seed: number): QuerySplit {
  assertShape(set, 'splitQueries');
  const queryRows = sampleIndices(set.n, queries, seed, 'queries');
  const isQuery = new Uint8Array(set.n);
  for (const r of queryRows) isQuery[r] = 1;
  const baseRows = new Int32Array(set.n - queries);
  for (let r = 0, b = 0; r < set.n; r++) if (!isQuery[r]) baseRows[b++] = r;
  return { base: takeRows(set, baseRows), queries: takeRows(set, queryRows), baseRows, queryRows };
}
