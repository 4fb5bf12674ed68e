/*
 * Checks made before a training job is queued, so a request that cannot train fails with a 400
 * naming every problem instead of a job failing minutes later. Pure functions: no I/O.
 */

/** Faiss warns below 39 training points per centroid: fewer give poorly placed centroids. */
export const MIN_POINTS_PER_CENTROID = 39;
/** Faiss's k-means samples at most 256 points per centroid, so a larger default sample only costs time. */
export const DEFAULT_POINTS_PER_CENTROID = 256;
/** Cap of the default sample: beyond it, training time grows with no measurable recall gain. */
export const MAX_DEFAULT_SAMPLE = 1_000_000;
/**
 * Faiss's k-means holds, besides the sample and the centroids, per-point assignments, distances
 * and a copy of the centroids per iteration: about as much again as its input.
 */
export const KMEANS_MEMORY_FACTOR = 2;
const DEFAULT_NBITS = 8;
const FLOAT_BYTES = 4;

/** The IVF-PQ parameters training depends on. */
export interface TrainableIndex {
  type: 'ivf_pq';
  nlist: number;
  m: number;
  /** Bits per PQ code: each sub-quantizer has 2^nbits centroids. @defaultValue 8 */
  nbits?: number;
}

export interface TrainingPreflightInput {
  dimension: number;
  index: TrainableIndex;
  /** Live vectors of the collection. */
  vectors: number;
  /** Requested sample; @defaultValue min(vectors, 256·nlist, 1 000 000), but at least the required minimum */
  sampleSize?: number;
  /** Training memory the cluster allows one job (the worker's budget). */
  maxTrainBytes: number;
}

/** What a training that passed the preflight will do. */
export interface TrainingPlan {
  sampleSize: number;
  /** The fewest vectors that can train this index: max(39·nlist, 2^nbits). */
  requiredVectors: number;
  /** Training memory estimate, see {@link estimateTrainingBytes}. */
  estimatedBytes: number;
}

/** One reason training cannot run: the request or collection field, and the rule it breaks. */
export interface TrainingProblem {
  field: string;
  rule: string;
}

export type TrainingPreflight = { ok: true; plan: TrainingPlan } | { ok: false; problems: TrainingProblem[] };

/**
 * max(39·nlist, 2^nbits): 39 points per coarse centroid (Faiss's minimum for a useful k-means),
 * and at least as many points as each PQ sub-quantizer has centroids (Faiss refuses fewer).
 */
export function requiredTrainingVectors(index: TrainableIndex): number {
  return Math.max(MIN_POINTS_PER_CENTROID * index.nlist, 2 ** (index.nbits ?? DEFAULT_NBITS));
}

/**
 * Bytes training holds at its peak: the sample (sampleSize·d floats), the coarse centroids
 * (nlist·d) and the PQ codebooks (m sub-quantizers of 2^nbits centroids of d/m floats = 2^nbits·d),
 * times {@link KMEANS_MEMORY_FACTOR}.
 */
export function estimateTrainingBytes(dimension: number, index: TrainableIndex, sampleSize: number): number {
  const floats = (sampleSize + index.nlist + 2 ** (index.nbits ?? DEFAULT_NBITS)) * dimension;
  return floats * FLOAT_BYTES * KMEANS_MEMORY_FACTOR;
}

/** Every problem at once, or the plan; `sampleSize` of the plan is resolved (never undefined). */
export function trainingPreflight(input: TrainingPreflightInput): TrainingPreflight {
  const { dimension, index, vectors, maxTrainBytes } = input;
  const problems: TrainingProblem[] = [];
  const requiredVectors = requiredTrainingVectors(index);

  if (dimension % index.m !== 0) problems.push({ field: 'index.m', rule: `must divide the dimension ${dimension} (got ${index.m})` });
  if (vectors < requiredVectors) {
    problems.push({
      field: 'vectors',
      rule:
        `must be at least ${requiredVectors} to train: Faiss wants at least ${MIN_POINTS_PER_CENTROID} training points per centroid ` +
        `(${MIN_POINTS_PER_CENTROID} × nlist ${index.nlist} = ${MIN_POINTS_PER_CENTROID * index.nlist}) and PQ needs 2^nbits = ` +
        `${2 ** (index.nbits ?? DEFAULT_NBITS)}; the collection holds ${vectors}`,
    });
  }

  const requested = input.sampleSize;
  let sampleFits = true;
  if (requested !== undefined && requested < requiredVectors) {
    problems.push({ field: 'sampleSize', rule: `must be at least ${requiredVectors}, the fewest vectors that train this index (got ${requested})` });
    sampleFits = false;
  } else if (requested !== undefined && requested > vectors) {
    problems.push({ field: 'sampleSize', rule: `must not exceed the ${vectors} vectors the collection holds (got ${requested})` });
    sampleFits = false;
  }
  const sampleSize = requested ?? Math.max(requiredVectors, Math.min(vectors, DEFAULT_POINTS_PER_CENTROID * index.nlist, MAX_DEFAULT_SAMPLE));
  const estimatedBytes = estimateTrainingBytes(dimension, index, sampleSize);
  if (sampleFits && estimatedBytes > maxTrainBytes) problems.push({ field: 'sampleSize', rule: memoryRule(input, sampleSize, estimatedBytes, requiredVectors) });

  return problems.length > 0 ? { ok: false, problems } : { ok: true, plan: { sampleSize, requiredVectors, estimatedBytes } };
}

function memoryRule(input: TrainingPreflightInput, sampleSize: number, estimatedBytes: number, requiredVectors: number): string {
  const { dimension, index, maxTrainBytes } = input;
  const largest = Math.floor(maxTrainBytes / (dimension * FLOAT_BYTES * KMEANS_MEMORY_FACTOR)) - index.nlist - 2 ** (index.nbits ?? DEFAULT_NBITS);
  const advice = largest >= requiredVectors ? `sampleSize ${largest} or fewer fits` : 'no sample large enough to train this index fits: lower nlist';
  return `${sampleSize} needs about ${estimatedBytes} bytes of training memory, over the limit of ${maxTrainBytes} bytes; ${advice}`;
}
