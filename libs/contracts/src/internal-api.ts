/**
 * The shard workers' internal HTTP API (ADR 0004). Only coordinators call it, presenting the cluster
 * token; vectors travel as binary frames (see binary-frame.codec.ts).
 */
export const CLUSTER_TOKEN_HEADER = 'x-shoal-cluster-token';
export const REQUEST_ID_HEADER = 'x-request-id';

export const INTERNAL_ROUTES = {
  /** POST, body: SHQS frame (ShardSearchRequest) → ShardSearchResponse JSON. */
  search: '/internal/v1/search',
  /** POST, body: SHLS frame (LogSegment) → { appliedSeq }. Applies it now or triggers a catch-up. */
  segments: '/internal/v1/collections/:collection/shards/:shard/segments',
  /** GET ?minSeq=N → { id, values, metadata? } or 404. */
  vector: '/internal/v1/collections/:collection/shards/:shard/vectors/:id',
  /** POST → { seq }: save and upload a snapshot now. */
  snapshot: '/internal/v1/collections/:collection/shards/:shard/snapshot',
  /** GET → ShardStatus. */
  status: '/internal/v1/status',
} as const;

export interface PartitionStatus {
  collection: string;
  shard: number;
  appliedSeq: number;
  vectors: number;
  backend: string;
  /**
   * True when searches are answered by exact brute force: the mock, a flat index, or an IVF-PQ
   * index that is not trained yet (its vectors sit in the exact tail). Truth in labelling: the
   * backend name alone would say "faiss_ivfpq" for an untrained partition.
   */
  exact: boolean;
  /** 'recovering' until the snapshot is loaded and the log replayed, then 'active'. */
  state: 'recovering' | 'active';
  /** The index generation served (0 = never trained); a newer one is loaded in the background and swapped in. */
  generation: number;
  /** Index memory per vector (codes + ids; the mock: float vectors + labels), fixed costs excluded; 0 while recovering. */
  indexBytesPerVector: number;
}

export interface ShardStatus {
  workerId: string;
  partitions: PartitionStatus[];
}

export function internalPath(route: string, params: Record<string, string | number>): string {
  return route.replace(/:([a-z]+)/g, (_, name: string) => encodeURIComponent(String(params[name])));
}
