import { FaissIndex } from '@shoal/faiss-native';
import { FaissBackedIndex, faissMetric, requireFaiss } from './faiss-backed.index';
import { type IvfPqIndexSpec, type ResolvedIvfPqSpec, ivfPqDescriptor, resolveIvfPqSpec } from './index-spec';
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
