import { EngineError, EngineErrorCode } from './engine.error';
import type { DistanceMetric } from './vector-index';

// Module-level aliases: hot loops avoid global lookups, which are very slow inside jest's vm sandbox.
const isFiniteNumber = Number.isFinite;
const sqrt = Math.sqrt;

export function dot(a: Float32Array, aOff: number, b: Float32Array, bOff: number, d: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let i = 0;
  for (; i + 3 < d; i += 4) {
    s0 += a[aOff + i] * b[bOff + i];
    s1 += a[aOff + i + 1] * b[bOff + i + 1];
    s2 += a[aOff + i + 2] * b[bOff + i + 2];
    s3 += a[aOff + i + 3] * b[bOff + i + 3];
  }
  for (; i < d; i++) s0 += a[aOff + i] * b[bOff + i];
  return s0 + s1 + s2 + s3;
}

export function squaredL2(a: Float32Array, aOff: number, b: Float32Array, bOff: number, d: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let i = 0;
  for (; i + 3 < d; i += 4) {
    const t0 = a[aOff + i] - b[bOff + i];
    const t1 = a[aOff + i + 1] - b[bOff + i + 1];
    const t2 = a[aOff + i + 2] - b[bOff + i + 2];
    const t3 = a[aOff + i + 3] - b[bOff + i + 3];
    s0 += t0 * t0;
    s1 += t1 * t1;
    s2 += t2 * t2;
    s3 += t3 * t3;
  }
  for (; i < d; i++) {
    const t = a[aOff + i] - b[bOff + i];
    s0 += t * t;
  }
  return s0 + s1 + s2 + s3;
}

/** Copy with every row scaled to unit L2 norm (zero rows stay zero): cosine becomes inner product. */
export function normalizedCopy(vectors: Float32Array, d: number): Float32Array {
  const out = new Float32Array(vectors.length);
  for (let off = 0; off < vectors.length; off += d) {
    const norm = sqrt(dot(vectors, off, vectors, off, d));
    const scale = norm > 0 ? 1 / norm : 0;
    for (let j = 0; j < d; j++) out[off + j] = vectors[off + j] * scale;
  }
  return out;
}

/** Checks shape and finiteness before anything is changed, so a rejected batch changes nothing. */
export function assertVectors(vectors: Float32Array, d: number, what = 'vectors'): number {
  if (!(vectors instanceof Float32Array)) {
    throw new EngineError(EngineErrorCode.InvalidArgument, `${what} must be a Float32Array`);
  }
  if (vectors.length % d !== 0) {
    throw new EngineError(
      EngineErrorCode.DimensionMismatch,
      `${what} length ${vectors.length} is not a multiple of dimension ${d}`,
    );
  }
  for (let i = 0; i < vectors.length; i++) {
    if (!isFiniteNumber(vectors[i])) {
      throw new EngineError(
        EngineErrorCode.InvalidArgument,
        `${what} contain a non-finite value (NaN or Infinity) at index ${i}`,
      );
    }
  }
  return vectors.length / d;
}

export function assertK(k: number): void {
  if (!Number.isInteger(k) || k < 1 || k > 2048) {
    throw new EngineError(EngineErrorCode.InvalidArgument, `k must be an integer between 1 and 2048, got ${k}`);
  }
}

export function assertDimension(dimension: number): void {
  if (!Number.isInteger(dimension) || dimension < 1 || dimension > 65536) {
    throw new EngineError(EngineErrorCode.InvalidArgument, `dimension must be an integer between 1 and 65536, got ${dimension}`);
  }
}

export function assertMetric(metric: unknown): asserts metric is DistanceMetric {
  if (metric !== 'l2' && metric !== 'ip' && metric !== 'cosine') {
    throw new EngineError(EngineErrorCode.InvalidArgument, `metric must be "l2", "ip" or "cosine", got ${JSON.stringify(metric)}`);
  }
}
