import type { EngineBackend } from './create-index';
import type { IndexSpec } from './index-spec';
import type { DistanceMetric, IndexDescription } from './vector-index';

export type VectorMetadata = Record<string, unknown>;

export interface PartitionOptions {
  dimension: number;
  metric: DistanceMetric;
  index: IndexSpec;
  backend: EngineBackend;
  /**
   * Once the IVF index is trained, new vectors are searched exactly in a tail until the tail holds
   * this many, then they are added to the IVF index in one batch. @defaultValue 10000
   */
  tailFlushThreshold?: number;
}

export interface PartitionRecord {
  id: string;
  values: Float32Array | number[];
  metadata?: VectorMetadata;
}

export interface PartitionSearchOptions {
  k: number;
  /** IVF probes for this request. @defaultValue the spec's nprobe */
  nprobe?: number;
  /** Re-rank the best k·refine IVF-PQ candidates with raw vectors. @defaultValue the spec's refine */
  refine?: number;
  /** Only these ids may be returned. */
  allowedIds?: string[];
  includeMetadata?: boolean;
}

export interface PartitionHit {
  id: string;
  distance: number;
  metadata?: VectorMetadata;
}

export interface PartitionStats {
  /** Live vectors. */
  vectors: number;
  /** Live vectors inside the trained index. */
  indexed: number;
  /** Live vectors searched exactly because they are not (yet) in a trained index. */
  tail: number;
  /** Dead slots (replaced or deleted) whose raw vectors are still held. */
  deadSlots: number;
  trained: boolean;
  description: IndexDescription;
  /** All memory of the index (not the raw vectors), fixed costs included. */
  indexBytes: number;
  /** Codes + ids per vector (the part that scales with n). */
  indexBytesPerVector: number;
}
