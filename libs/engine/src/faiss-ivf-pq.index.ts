import { FaissIndex } from '@shoal/faiss-native';
import { EngineError, EngineErrorCode } from './engine.error';
import { FaissBackedIndex, faissMetric, requireFaiss } from './faiss-backed.index';
import { type IvfPqIndexSpec, type ResolvedIvfPqSpec, ivfPqDescriptor, resolveIvfPqSpec, storedIvfPqDescriptor } from './index-spec';
import type { DistanceMetric, IndexDescription } from './vector-index';

/** Real IVF-PQ through Shoal's Faiss binding: approximate, sublinear per query, needs training. */
export class FaissIvfPqIndex extends FaissBackedIndex {
  readonly backend = 'faiss_ivfpq' as const;

  private constructor(
    native: FaissIndex,
    metric: DistanceMetric,
    readonly spec: ResolvedIvfPqSpec,
  ) {
    super(native, metric);
  }

  static create(dimension: number, metric: DistanceMetric, spec: IvfPqIndexSpec): FaissIvfPqIndex {
    const resolved = resolveIvfPqSpec(spec, dimension);
    requireFaiss();
    return new FaissIvfPqIndex(FaissIndex.create(dimension, ivfPqDescriptor(resolved), faissMetric(metric)), metric, resolved);
  }

  static async deserialize(bytes: Uint8Array, metric: DistanceMetric, spec: IvfPqIndexSpec): Promise<FaissIvfPqIndex> {
    requireFaiss();
    const native = await FaissIndex.fromBuffer(bytes);
    return new FaissIvfPqIndex(native, metric, resolveIvfPqSpec(spec, native.dimension));
  }

  /**
   * Loads a template (a trained, empty index from `trainIvfPqTemplate`) to build a partition of
   * this dimension, metric and spec from. Refuses bytes that are not a Faiss index, and a template
   * of another dimension, metric or IVF-PQ layout, untrained or holding vectors: the shard's codes
   * would then not be comparable with those of the shards built from the generation's template.
   */
  static async fromTemplate(bytes: Uint8Array, dimension: number, metric: DistanceMetric, spec: IvfPqIndexSpec): Promise<FaissIvfPqIndex> {
    const resolved = resolveIvfPqSpec(spec, dimension);
    requireFaiss();
    let native: FaissIndex;
    try {
      native = await FaissIndex.fromBuffer(bytes);
    } catch (error) {
      // Addon errors come from another realm under jest: read the message, not the class.
      const reason = (error as { message?: unknown })?.message ?? String(error);
      throw new EngineError(EngineErrorCode.InvalidArgument, `template is not a Faiss index: ${reason}`, { cause: error });
    }
    const refusal = templateRefusal(native, dimension, metric, resolved);
    if (refusal) {
      native.dispose();
      throw refusal;
    }
    return new FaissIvfPqIndex(native, metric, resolved);
  }

  describe(): IndexDescription {
    const { nlist, m, nbits, coarse, nprobe, refine } = this.spec;
    return {
      backend: this.backend,
      summary: `Faiss IVF-PQ (${ivfPqDescriptor(this.spec)}), approximate nearest neighbours`,
      exact: false,
      costModel:
        `coarse step ${coarse === 'hnsw' ? '~log(nlist)·d (HNSW)' : 'nlist·d'} + code scan nprobe·(n/nlist)·m` +
        (refine > 1 ? ` + re-rank k·${refine}·d` : ''),
      params: { descriptor: ivfPqDescriptor(this.spec), nlist, m, nbits, coarse, nprobe, refine, codeSize: this.native.codeSize },
    };
  }

  protected override defaultNprobe(): number {
    return this.spec.nprobe;
  }
}

function templateRefusal(native: FaissIndex, dimension: number, metric: DistanceMetric, spec: ResolvedIvfPqSpec): EngineError | null {
  const refuse = (code: EngineErrorCode, why: string) => new EngineError(code, `template ${why}`);
  if (native.dimension !== dimension) return refuse(EngineErrorCode.DimensionMismatch, `has dimension ${native.dimension}, the partition has ${dimension}`);
  if (native.metric !== faissMetric(metric)) return refuse(EngineErrorCode.InvalidArgument, `uses the Faiss metric "${native.metric}", a ${metric} partition needs "${faissMetric(metric)}"`);
  const expected = storedIvfPqDescriptor(spec);
  if (native.descriptor !== expected) return refuse(EngineErrorCode.InvalidArgument, `is a ${native.descriptor} index, the partition's spec builds ${expected}`);
  if (!native.isTrained) return refuse(EngineErrorCode.NotTrained, 'is not trained');
  if (native.ntotal !== 0) return refuse(EngineErrorCode.InvalidArgument, `holds ${native.ntotal} vectors; a template must be empty`);
  return null;
}
