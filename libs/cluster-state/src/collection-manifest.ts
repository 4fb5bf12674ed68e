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
  /** 0 until the first training (issue: index lifecycle). */
  generation: number;
  state: CollectionState;
  /** placement[s] = ids of the shard workers holding replicas of shard s. */
  placement: string[][];
  /** Bumped by every change. */
  version: number;
}
