/** A replica's progress, reported in every heartbeat. */
export interface MemberPartition {
  appliedSeq: number;
  vectors: number;
  state: 'recovering' | 'active';
  /** The index generation the replica serves (0 = never trained). */
  generation: number;
  /**
   * The index that really answers (`faiss_ivfpq`, `faiss_flat`, `exact_mock`), for /v1/info and
   * dashboards. Optional: heartbeats of workers older than this field still parse (rolling upgrade).
   */
  backend?: string;
  /** Index memory per vector, as PartitionStatus.indexBytesPerVector; optional for the same reason. */
  indexBytesPerVector?: number;
}

/** A live process of the cluster, as announced by its heartbeat. */
export interface ClusterMember {
  id: string;
  role: 'coordinator' | 'shard' | 'worker';
  /** Base URL of its HTTP server (shards: the internal API). */
  url: string;
  startedAt: string;
  /** Shards only: "collection/shard" → progress. */
  partitions: Record<string, MemberPartition>;
}
