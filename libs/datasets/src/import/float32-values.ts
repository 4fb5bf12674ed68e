// Module-local alias: Jest's vm sandbox makes global lookups in per-value loops ~100× slower.
const isFinite = Number.isFinite;

/** Whether typed arrays view memory little-endian, as fvecs and `<f4`/`<f8` npy data are stored. */
const LITTLE_ENDIAN_HOST = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** Index of the first NaN or ±Infinity in `values`, or -1 when every value is finite. */
export function firstNonFinite(values: Float32Array): number {
  for (let i = 0; i < values.length; i++) if (!isFinite(values[i])) return i;
  return -1;
}

/** The reason of a {@link ImportFormatErrorCode.NonFiniteValue} error, the same in every format. */
export function nonFiniteReason(index: number, value: unknown): string {
  return `values[${index}] is ${value}, which is not a finite float32`;
}

/**
 * Turns little-endian words read straight into a typed array's bytes into host order, in place.
 * Nothing to do on little-endian hosts (every platform Node ships for today but s390x).
 */
export function littleEndianToHost(bytes: Uint8Array, wordBytes: 4 | 8): void {
  if (LITTLE_ENDIAN_HOST) return;
  for (let word = 0; word < bytes.length; word += wordBytes) bytes.subarray(word, word + wordBytes).reverse();
}
