import type { ClusterMember } from '@shoal/cluster-state';
import type { ClusterInfo, CollectionInfo, CollectionSummary } from '@shoal/contracts';

/** The backend label of a heartbeat from a worker too old to report one. */
export const UNKNOWN_BACKEND = 'unknown';

export interface ClusterInfoInput {
  version: string;
  uptimeSeconds: number;
  /** As GET /v1/collections answers them (manifest + heartbeat figures). */
  collections: readonly CollectionInfo[];
  /** Live shard workers, whose heartbeats say which index really serves each replica. */
  members: readonly ClusterMember[];
}

interface ReplicaFacts {
  backend: string;
  vectors: number;
  indexBytesPerVector?: number;
}

/**
 * `GET /v1/info` from heartbeats, not configuration: a mock replica counts as `exact_mock` even in
 * a cluster configured for Faiss. bytesPerVector averages only replicas that hold vectors (an
 * empty index reports 0, which says nothing about the cost of a vector).
 */
export function toClusterInfo({ version, uptimeSeconds, collections, members }: ClusterInfoInput): ClusterInfo {
  const backends: Record<string, number> = {};
  const byCollection = new Map<string, ReplicaFacts[]>();
  for (const member of members) {
    if (member.role !== 'shard') continue;
    for (const [key, partition] of Object.entries(member.partitions)) {
      const backend = partition.backend ?? UNKNOWN_BACKEND;
      backends[backend] = (backends[backend] ?? 0) + 1;
      const collection = key.slice(0, key.lastIndexOf('/'));
      const replicas = byCollection.get(collection) ?? [];
      replicas.push({ backend, vectors: partition.vectors, indexBytesPerVector: partition.indexBytesPerVector });
      byCollection.set(collection, replicas);
    }
  }
  return { version, uptimeSeconds, backends, collections: collections.map((info) => summarize(info, byCollection.get(info.name) ?? [])) };
}

function summarize({ name, index, state, generation, servingGeneration, vectors }: CollectionInfo, replicas: readonly ReplicaFacts[]): CollectionSummary {
  const measured = replicas.filter((r) => r.vectors > 0 && r.indexBytesPerVector !== undefined && r.indexBytesPerVector > 0).map((r) => r.indexBytesPerVector as number);
  const bytesPerVector = measured.length === 0 ? null : measured.reduce((sum, b) => sum + b, 0) / measured.length;
  return { name, index, state, generation, servingGeneration, vectors, bytesPerVector, backends: [...new Set(replicas.map((r) => r.backend))].sort() };
}
