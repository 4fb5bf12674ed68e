import { FaissIndex } from '@shoal/faiss-native';
import { FaissBackedIndex, faissMetric, requireFaiss } from './faiss-backed.index';
import type { DistanceMetric, IndexDescription } from './vector-index';

/** Exact search inside Faiss (BLAS-backed brute force): exact like the mock, but production speed. */
export class FaissFlatIndex extends FaissBackedIndex {
  readonly backend = 'faiss_flat' as const;

  private constructor(native: FaissIndex, metric: DistanceMetric) {
    super(native, metric);
  }

  static create(dimension: number, metric: DistanceMetric): FaissFlatIndex {
    requireFaiss();
    return new FaissFlatIndex(FaissIndex.create(dimension, 'Flat', faissMetric(metric)), metric);
  }

  static async deserialize(bytes: Uint8Array, metric: DistanceMetric): Promise<FaissFlatIndex> {
    requireFaiss();
    return new FaissFlatIndex(await FaissIndex.fromBuffer(bytes), metric);
  }

  override get requiresTraining(): boolean {
    return false;
  }

  describe(): IndexDescription {
    return {
      backend: this.backend,
      summary: 'Faiss flat index: exact brute force with BLAS, O(N) per query',
      exact: true,
      costModel: 'n·d multiply-adds per query',
      params: { descriptor: 'Flat' },
    };
  }
}
