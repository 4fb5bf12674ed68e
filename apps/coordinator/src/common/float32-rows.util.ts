import { ApiError } from '@shoal/contracts';

/** Largest finite float32; anything that rounds beyond it becomes Infinity on the shards. */
export const FLOAT32_MAX = 3.4028234663852886e38;

/**
 * Copies `rows` into one float32 array (row-major), refusing a row whose length is not `dimension`
 * and a value that is not a finite float32 (JSON.parse turns 1e400 into Infinity, and 1e39 is finite
 * here but Infinity once stored). `fieldOf(i)` names row `i` in the 400 message.
 */
export function packFloat32Rows(rows: readonly (readonly number[])[], dimension: number, fieldOf: (row: number) => string): Float32Array {
  const packed = new Float32Array(rows.length * dimension);
  rows.forEach((row, i) => {
    if (row.length !== dimension) {
      throw ApiError.invalid(fieldOf(i), `has ${row.length} numbers, the dimension is ${dimension}`, { dimension, length: row.length });
    }
    const offset = i * dimension;
    for (let j = 0; j < dimension; j++) {
      const value = row[j];
      const stored = Math.fround(value);
      if (!Number.isFinite(stored)) {
        throw ApiError.invalid(`${fieldOf(i)}[${j}]`, `is ${value}, which is not a finite float32 (|x| ≤ ${FLOAT32_MAX})`);
      }
      packed[offset + j] = stored;
    }
  });
  return packed;
}
