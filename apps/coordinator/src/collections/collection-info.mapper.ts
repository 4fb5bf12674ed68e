import type { CollectionManifest } from '@shoal/cluster-state';
import type { CollectionInfo } from '@shoal/contracts';

/** What only the replicas' heartbeats know about a collection. */
export interface ReplicaFigures {
  vectors: number;
  servingGeneration: number;
}

/** The public view of a manifest, with the figures the replicas' heartbeats report. */
export function toCollectionInfo(manifest: CollectionManifest, { vectors, servingGeneration }: ReplicaFigures): CollectionInfo {
  const { name, dimension, metric, shards, replicas, index, state, generation, createdAt, autoTrain, pending } = manifest;
  const info: CollectionInfo = { name, dimension, metric, shards, replicas, index, state, generation, servingGeneration, vectors, createdAt };
  if (autoTrain !== undefined) info.autoTrain = autoTrain;
  if (pending !== undefined) info.pending = pending;
  return info;
}
