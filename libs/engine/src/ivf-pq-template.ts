import { EngineError, EngineErrorCode } from './engine.error';
import { requireFaiss } from './faiss-backed.index';
import { FaissIvfPqIndex } from './faiss-ivf-pq.index';
import { type IvfPqIndexSpec, minimumTrainingPoints, recommendedTrainingPoints, type ResolvedIvfPqSpec, resolveIvfPqSpec } from './index-spec';
import { assertDimension, assertMetric, assertVectors } from './vector-math.util';
import type { DistanceMetric } from './vector-index';

/** The collection a template is trained for. */
export interface IvfPqTemplateOptions {
  dimension: number;
  metric: DistanceMetric;
  index: IvfPqIndexSpec;
}

/** Validates template options; errors name the field and the rule. */
export function resolveTemplateOptions(options: IvfPqTemplateOptions): { dimension: number; metric: DistanceMetric; spec: ResolvedIvfPqSpec } {
  const { dimension, metric, index } = options;
  assertDimension(dimension);
  assertMetric(metric);
  const type: unknown = index?.type;
  if (type !== 'ivf_pq') throw new EngineError(EngineErrorCode.InvalidArgument, `index.type must be "ivf_pq" for a template, got ${JSON.stringify(type)}`);
  return { dimension, metric, spec: resolveIvfPqSpec(index, dimension) };
}

/**
 * Trains an IVF-PQ *template* for a whole collection: a trained, empty Faiss index (coarse
 * centroids and PQ codebooks) that every shard's partition is then built from
 * (`Partition.adoptTemplate`), so that their codes and distances are comparable. Resolves the
 * serialized template. For cosine the sample is normalised first, as vectors are when added.
 *
 * Faiss seeds its k-means itself, so the template is a pure function of the sample (same rows in
 * the same order, same bytes): draw the sample with a seed for a reproducible template.
 */
export async function trainIvfPqTemplate(options: IvfPqTemplateOptions, sample: Float32Array): Promise<Buffer> {
  const { dimension, metric, spec } = resolveTemplateOptions(options);
  const count = assertVectors(sample, dimension, 'sample');
  const needed = minimumTrainingPoints(spec);
  if (count < needed) {
    throw new EngineError(
      EngineErrorCode.InvalidArgument,
      `a template needs at least ${needed} training vectors for nlist=${spec.nlist}, nbits=${spec.nbits}; the sample has ${count} ` +
        `(Faiss recommends ${recommendedTrainingPoints(spec)})`,
    );
  }
  requireTemplateBackend();
  const index = FaissIvfPqIndex.create(dimension, metric, spec);
  try {
    await index.train(sample);
    return await index.serialize();
  } finally {
    index.dispose();
  }
}

/** Templates exist only in Faiss: the exact mock backend has nothing to train. */
function requireTemplateBackend(): void {
  try {
    requireFaiss();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new EngineError(
      EngineErrorCode.BackendUnavailable,
      `training an IVF-PQ template needs the Faiss backend (the mock backend is exact brute force and has nothing to train): ${reason}`,
      { cause: error },
    );
  }
}
