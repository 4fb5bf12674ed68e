import type { CollectionState, IndexSpecDto, Metric } from '@shoal/contracts';

/** The versioned description of a collection, stored in Redis (ADR 0004). */
export interface CollectionManifest {
  name: string;
  dimension: number;
  metric: Metric;
  shards: number;
  replicas: number;
  index: IndexSpecDto;
  createdAt: string;
  /** Train automatically once the collection holds this many vectors (IVF-PQ only); absent = only on request. */
  autoTrain?: number;
  /** The generation searches are served from: 0 until the first training completes. */
  generation: number;
  state: CollectionState;
  /** While `state` is training or building: the generation being made and the job making it. */
  pending?: { generation: number; jobId: string };
  /** placement[s] = ids of the shard workers holding replicas of shard s. */
  placement: string[][];
  /** Bumped by every change. */
  version: number;
}
