import { ExactFlatIndex } from './exact-flat.index';
import { FaissFlatIndex } from './faiss-flat.index';
import { FaissIvfPqIndex } from './faiss-ivf-pq.index';
import type { IndexSpec } from './index-spec';
import type { DistanceMetric, VectorIndex } from './vector-index';

/**
 * Which implementation serves a partition. `mock` is the exact TypeScript brute force whatever the
 * spec says; `faiss` builds the spec in Faiss and fails at creation when the addon cannot load.
 */
export type EngineBackend = 'faiss' | 'mock';

export function createVectorIndex(backend: EngineBackend, dimension: number, metric: DistanceMetric, spec: IndexSpec): VectorIndex {
  if (backend === 'mock') return new ExactFlatIndex(dimension, metric);
  return spec.type === 'flat' ? FaissFlatIndex.create(dimension, metric) : FaissIvfPqIndex.create(dimension, metric, spec);
}

export async function deserializeVectorIndex(
  backend: EngineBackend,
  bytes: Uint8Array,
  metric: DistanceMetric,
  spec: IndexSpec,
): Promise<VectorIndex> {
  if (backend === 'mock') return ExactFlatIndex.deserialize(bytes);
  return spec.type === 'flat' ? FaissFlatIndex.deserialize(bytes, metric) : FaissIvfPqIndex.deserialize(bytes, metric, spec);
}
