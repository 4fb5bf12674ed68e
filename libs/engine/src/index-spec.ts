import { EngineError, EngineErrorCode } from './engine.error';

/** Exact search over every vector. */
export interface FlatIndexSpec {
  type: 'flat';
}

/** Inverted file with product-quantized codes (Faiss IndexIVFPQ). */
export interface IvfPqIndexSpec {
  type: 'ivf_pq';
  /** Number of coarse clusters (inverted lists). Rule of thumb: about 4·√n. */
  nlist: number;
  /** PQ sub-quantizers: bytes per code when nbits = 8. Must divide the dimension. */
  m: number;
  /** Bits per sub-quantizer code. @defaultValue 8 */
  nbits?: number;
  /** Re-rank the best k·refine PQ candidates with raw vectors; 1 = no re-rank. @defaultValue 1 */
  refine?: number;
  /** Coarse quantizer: exact flat scan of the centroids, or an HNSW graph for large nlist. @defaultValue 'flat' */
  coarse?: 'flat' | 'hnsw';
  /** Default number of inverted lists probed per query. @defaultValue 16 (capped at nlist) */
  nprobe?: number;
}

export type IndexSpec = FlatIndexSpec | IvfPqIndexSpec;

export type ResolvedIvfPqSpec = Required<IvfPqIndexSpec>;

function fail(field: string, rule: string): never {
  throw new EngineError(EngineErrorCode.InvalidArgument, `index.${field} ${rule}`);
}

function intIn(value: unknown, field: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    fail(field, `must be an integer between ${min} and ${max}, got ${JSON.stringify(value)}`);
  }
  return value;
}

/** Validates a spec against the dimension and fills defaults; errors name the field and the rule. */
export function resolveIvfPqSpec(spec: IvfPqIndexSpec, dimension: number): ResolvedIvfPqSpec {
  const nlist = intIn(spec.nlist, 'nlist', 1, 1 << 20);
  const m = intIn(spec.m, 'm', 1, dimension);
  if (dimension % m !== 0) fail('m', `must divide the dimension ${dimension}, got ${m}`);
  const nbits = intIn(spec.nbits ?? 8, 'nbits', 1, 16);
  const refine = intIn(spec.refine ?? 1, 'refine', 1, 1000);
  const coarse = spec.coarse ?? 'flat';
  if (coarse !== 'flat' && coarse !== 'hnsw') fail('coarse', `must be "flat" or "hnsw", got ${JSON.stringify(coarse)}`);
  const nprobe = intIn(spec.nprobe ?? Math.min(16, nlist), 'nprobe', 1, nlist);
  return { type: 'ivf_pq', nlist, m, nbits, refine, coarse, nprobe };
}

/**
 * The Faiss index_factory string for a spec, e.g. "IVF1024,PQ16x8np" or "IVF65536_HNSW32,PQ32x8np".
 * "np" turns off polysemous training: Shoal never uses polysemous (Hamming) filtering, and that
 * simulated-annealing step costs about a minute even on a tiny training set.
 */
export function ivfPqDescriptor(spec: ResolvedIvfPqSpec): string {
  return `IVF${spec.nlist}${coarseSuffix(spec)},PQ${spec.m}x${spec.nbits}np`;
}

/**
 * How the addon describes a stored index of this spec ("IVF1024,PQ16", "IVF1024_HNSW32,PQ16x4"):
 * unlike the factory string it omits the default 8 bits and the "np" flag, which only affects
 * training. A template whose description differs was trained for another layout.
 */
export function storedIvfPqDescriptor(spec: ResolvedIvfPqSpec): string {
  return `IVF${spec.nlist}${coarseSuffix(spec)},PQ${spec.m}${spec.nbits === 8 ? '' : `x${spec.nbits}`}`;
}

function coarseSuffix(spec: ResolvedIvfPqSpec): string {
  return spec.coarse === 'hnsw' ? '_HNSW32' : '';
}

/** Faiss's own guidance: k-means wants about 39 points per centroid; fewer than nlist (or 2^nbits) cannot train. */
export function minimumTrainingPoints(spec: ResolvedIvfPqSpec): number {
  return Math.max(spec.nlist, 1 << spec.nbits);
}

export function recommendedTrainingPoints(spec: ResolvedIvfPqSpec): number {
  return Math.max(39 * spec.nlist, 39 * (1 << spec.nbits));
}
