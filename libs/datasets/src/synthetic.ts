import { createRng } from './random';
import { VectorSet } from './matrix';

export interface GaussianMixtureOptions {
  /** Number of vectors. */
  n: number;
  /** Dimension. */
  d: number;
  /** Number of mixture components. @defaultValue 100 */
  clusters?: number;
  seed: number;
  /**
   * Typical per-coordinate standard deviation of a cluster. As centres are about `centerScale·√(2d)`
   * apart in any dimension, `spread / centerScale` sets how much clusters overlap: near 0 they are
   * separate blobs (easy for IVF), near 1 they merge into one cloud. @defaultValue 0.5
   */
  spread?: number;
  /** Per-coordinate standard deviation of the cluster centres. @defaultValue 1 */
  centerScale?: number;
}

/**
 * Clustered data like real embeddings: isotropic Gaussian clusters with log-normal sizes (some
 * clusters are several times more populous than others) and log-normal radii around `spread`.
 * Deterministic for a given seed; 1,000,000 × 128 takes about 2 s and allocates only the output.
 */
export function gaussianMixture(options: GaussianMixtureOptions): VectorSet {
  const { n, d, seed, clusters = 100, spread = 0.5, centerScale = 1 } = options;
  checkInteger('n', n, 0);
  checkInteger('d', d, 1);
  checkInteger('clusters', clusters, 1);
  if (!(spread >= 0) || !(centerScale >= 0)) {
    throw new RangeError(`spread and centerScale must be non-negative, got ${spread} and ${centerScale}`);
  }
  const rng = createRng(seed);
  const centers = new Float64Array(clusters * d);
  for (let i = 0; i < centers.length; i++) centers[i] = centerScale * rng.normal();
  const radii = new Float64Array(clusters);
  const cumulative = new Float64Array(clusters);
  let total = 0;
  for (let c = 0; c < clusters; c++) {
    radii[c] = spread * Math.exp(0.25 * rng.normal());
    total += Math.exp(0.5 * rng.normal());
    cumulative[c] = total;
  }

  const data = new Float32Array(n * d);
  for (let i = 0; i < n; i++) {
    const c = pickCluster(cumulative, rng.next() * total);
    const radius = radii[c];
    const center = c * d;
    const row = i * d;
    for (let j = 0; j < d; j++) data[row + j] = centers[center + j] + radius * rng.normal();
  }
  return { n, d, data };
}

/** The first cluster whose cumulative weight exceeds `u` (binary search). */
function pickCluster(cumulative: Float64Array, u: number): number {
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cumulative[mid] > u) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

function checkInteger(name: string, value: number, min: number): void {
  if (!Number.isInteger(value) || value < min) throw new RangeError(`${name} must be an integer >= ${min}, got ${value}`);
}
