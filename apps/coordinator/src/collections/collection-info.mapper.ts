import type { CollectionManifest } from '@shoal/cluster-state';
import type { CollectionInfo } from '@shoal/contracts';

/** The public view of a manifest; `vectors` comes from the replicas' heartbeats. */
export function toCollectionInfo(manifest: CollectionManifest, vectors: number): CollectionInfo {
  const { name, dimension, metric, shards, replicas, index, state, generation, createdAt } = manifest;
  return { name, dimension, metric, shards, replicas, index, state, generation, vectors, createdAt };
}
