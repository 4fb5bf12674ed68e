// A module-local alias: under Jest's vm sandbox `Math.sqrt` per row is a slow global lookup.
const { sqrt } = Math;

/** A dense row-major matrix of n vectors of dimension d: row i is `data[i*d .. (i+1)*d)`. */
export interface VectorSet {
  n: number;
  d: number;
  data: Float32Array;
}

/** A dense row-major int32 matrix, e.g. ground-truth neighbour ids (`-1` marks an empty slot). */
export interface IntMatrix {
  n: number;
  d: number;
  data: Int32Array;
}

/** Throws a RangeError unless `n`, `d` are non-negative integers and `data` holds exactly n*d values. */
export function assertShape(m: { n: number; d: number; data: ArrayLike<number> }, name: string): void {
  if (!Number.isInteger(m.n) || m.n < 0 || !Number.isInteger(m.d) || m.d < 0) {
    throw new RangeError(`${name}: n and d must be non-negative integers (got n=${m.n}, d=${m.d})`);
  }
  if (m.data.length !== m.n * m.d) {
    throw new RangeError(`${name}: data has ${m.data.length} values, expected n*d = ${m.n}*${m.d} = ${m.n * m.d}`);
  }
}

/** Copies the given rows, in the given order, into a new set. */
export function takeRows(set: VectorSet, rows: ArrayLike<number>): VectorSet {
  const { d } = set;
  const data = new Float32Array(rows.length * d);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    data.set(set.data.subarray(r * d, r * d + d), i * d);
  }
  return { n: rows.length, d, data };
}

/** Squared L2 norm of every row, accumulated in float64. */
export function rowSquaredNorms(set: VectorSet): Float64Array {
  const { n, d, data } = set;
  const norms = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = i * d, end = j + d; j < end; j++) s += data[j] * data[j];
    norms[i] = s;
  }
  return norms;
}

/** A copy with every row scaled to unit L2 norm; all-zero rows stay zero. */
export function normalizeRows(set: VectorSet): VectorSet {
  assertShape(set, 'normalizeRows');
  const { n, d } = set;
  const norms = rowSquaredNorms(set);
  const data = new Float32Array(set.data);
  for (let i = 0; i < n; i++) {
    if (norms[i] === 0) continue;
    const inv = 1 / sqrt(norms[i]);
    for (let j = i * d, end = j + d; j < end; j++) data[j] *= inv;
  }
  return { n, d, data };
}
