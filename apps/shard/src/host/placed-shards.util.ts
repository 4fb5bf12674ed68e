import type { CollectionManifest } from '@shoal/cluster-state';

export interface PlacedShard {
  key: string;
  collection: CollectionManifest;
  shard: number;
}

/** The key of a partition in heartbeats, logs and the host's map: "collection/shard". */
export const partitionKey = (collection: string, shard: number): string => `${collection}/${shard}`;

/** The shards whose placement lists `workerId`, keyed by {@link partitionKey}. */
export function placedShards(manifests: readonly CollectionManifest[], workerId: string): Map<string, PlacedShard> {
  const placed = new Map<string, PlacedShard>();
  for (const collection of manifests) {
    collection.placement.forEach((workers, shard) => {
      if (workers.includes(workerId)) placed.set(partitionKey(collection.name, shard), { key: partitionKey(collection.name, shard), collection, shard });
    });
  }
  return placed;
}
