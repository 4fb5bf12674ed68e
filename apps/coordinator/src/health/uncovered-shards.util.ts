import { ReplicaState } from '@shoal/cluster';
import type { CollectionManifest } from '@shoal/cluster-state';
import type { ReplicaView } from '../cluster/replica-view';

/** `collection/shard` of every shard with no live active replica: searches of it would fail or be partial. */
export function uncoveredShards(manifests: readonly CollectionManifest[], view: ReplicaView): string[] {
  const uncovered: string[] = [];
  for (const { name, shards } of manifests) {
    for (let shard = 0; shard < shards; shard++) {
      if (!view.replicas(name, shard).some((replica) => replica.state === ReplicaState.Active)) uncovered.push(`${name}/${shard}`);
    }
  }
  return uncovered;
}
